"""Render stage: a `SitePlan` → finished HTML page bodies and the MkDocs configuration of one language.

Page bodies are rendered once, straight to HTML, by Jinja2 templates (`templates/pages/*.md.j2`,
autoescaped: content never becomes markup by accident); MkDocs receives them finished (`site.py` puts
them in place through its plugin events) and never parses them as Markdown. A template's section
headings go through `heading()`, which also records them for the page's "on this page" list. Markdown
from content (step bodies, prose pages) becomes HTML through `sanitize.content_html`, the one place
partner text is turned into markup, once per distinct text. The MkDocs configuration is derived from the base configuration
shipped in the package (`pathways/mkdocs_base.yml`, read through the allow-list of `baseconfig.py`) plus
what this language and community need.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
from dataclasses import dataclass, field, replace
from urllib.parse import quote
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from pathways.engine import cache

from pathways import urls
from pathways.engine.cache import digest, tool_key
from pathways.content.guide import Guide
from pathways.i18n import NATIVE_NAMES, N_, direction, gettext_for, listed, long_date, separator, translations
from pathways.output.plan import Page, SitePlan
from pathways.output.baseconfig import load_base_config
from pathways.resources import OVERRIDES, PRINT_TEMPLATES, TEMPLATES
from pathways.present.views import page_dates
from pathways.present.bidi import isolate
from pathways.present.glossary import glossary, said_filter
from pathways.present.views import TranslationNotice, one_notice_per_section, translation_notice, used
from pathways.present.share import report_view, share_view

PRINT_CSS = PRINT_TEMPLATES / "web-print.css"  # issue 5: print stylesheet of the web status page
PRINT_CSS_URL = "assets/stylesheets/web-print.css"
# Every page, in a <meta http-equiv>: nothing from another origin, no inline script or style, no frames,
# no plugins, forms and <base> only to ourselves. Material needs no 'unsafe-inline' for styles: it sets
# styles through the CSSOM, which CSP does not govern (measured: zero violations on every page).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "font-src 'self'; connect-src 'self'; media-src 'self'; frame-src 'none'; "
                           "worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
# The search page only: Pagefind compiles WebAssembly when it cannot use its worker; 'wasm-unsafe-eval'
# allows that and no JavaScript eval.
SEARCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'",
                                                                 "script-src 'self' 'wasm-unsafe-eval'")

# Strings the theme overrides show: MkDocs renders them without our gettext, so they travel in
# `extra.t` of each language's configuration.
THEME_STRINGS = {
    "not_found_title": N_("Page not found"),
    "not_found_text": N_("This page does not exist, or it moved. Start again from the home page."),
    "home": N_("Home page"),
    "search_no_js": N_("Search needs JavaScript. Use the menu or the list of services instead."),
}


class CompiledOnce(BytecodeCache):
    """Compiled templates kept in memory and shared by the languages' environments, and in the build cache
    (`templates/`) for the next process: each template is compiled once, however many languages,
    communities, workers and builds render it. Jinja checks each entry against the template's source; the
    entry's name also holds the tool key (code, templates, library versions: the environment's options)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None:
            code = cache.get_bytes("templates", _stored(bucket.key))
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)
        except Exception:  # noqa: BLE001 — a damaged entry is compiled again
            bucket.reset()
            return
        self._code[bucket.key] = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        cache.put_bytes("templates", _stored(bucket.key), self._code[bucket.key])


@functools.cache
def _stored(key: str) -> str:
    return digest(process_tool_key(), key)


@functools.cache
def process_tool_key() -> str:
    """The tool key when this process first needed it (a template edited later is caught by Jinja's check)."""
    return tool_key()


_COMPILED = CompiledOnce()
THEME_COMPILED = CompiledOnce()  # the theme's templates (MkDocs' own environment, see site.FinishedPages)


@functools.lru_cache(maxsize=None)
def environment(lang: str) -> Environment:
    """The Jinja2 environment of the page templates, for one language (one per process: its templates
    are compiled once, and reloaded only if their file changes)."""
    env = Environment(
        bytecode_cache=_COMPILED,
        loader=FileSystemLoader([str(TEMPLATES / "pages"), str(TEMPLATES)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    # No filter or helper that reads a model: templates receive views (present.py) already in `lang`.
    env.globals.update(lang=lang, rtl=direction(lang) == "rtl", sep=lambda given=", ": separator(lang, given))
    env.filters["listed"] = lambda items, separator=", ": listed(items, lang, separator)  # CLDR list patterns
    env.filters["said"] = said_filter(lang)  # the glossary's abbreviations said in words on first use (issue 26)
    return env


@dataclass
class Headings:
    """The section headings of one page, in order: MkDocs' table-of-contents tokens ("on this page")."""

    tokens: list[dict[str, Any]] = field(default_factory=list)

    def heading(self, text: str, anchor: str) -> Markup:
        """A section heading (`<h2 id=…>`), recorded for the page's table of contents."""
        shown = Markup.escape(text)
        # Escaped, as Python-Markdown's toc gives it: the theme prints a token's name without escaping.
        self.tokens.append({"level": 2, "id": anchor, "name": str(shown), "children": []})
        return Markup('<h2 id="{}">{}</h2>').format(anchor, shown)


@dataclass(frozen=True)
class RenderedPage:
    """One page as MkDocs receives it: the Markdown file (front matter, then the finished HTML body)
    and its table of contents."""

    source: str
    toc: list[dict[str, Any]]
    notice: TranslationNotice | None = None  # added languages: how much of what it shows is translated, and how


def relative(target: str, current: str) -> str:
    """A link from the page at directory URL `current` to `target` (both relative to the language root)."""
    path, _, anchor = target.partition("#")
    if path.startswith(("http://", "https://", "mailto:", "tel:")):
        return target
    rel = posixpath.relpath(path.rstrip("/") or ".", current.rstrip("/") or ".")
    link = "./" if rel == "." else rel + ("/" if path.endswith("/") or not path else "")
    return link + (f"#{anchor}" if anchor else "")


def render_page(env: Environment, site: SitePlan, page: Page, guide: Guide) -> str:
    """The Markdown file of one page: front matter, then the finished HTML body."""
    return render(env, site, page, guide).source


def render(env: Environment, site: SitePlan, page: Page, guide: Guide) -> RenderedPage:
    """One page rendered by its template: the file MkDocs reads and the page's table of contents."""
    template = env.get_template(page.template)
    headings = Headings()
    context = page_context(site, page, guide, headings)
    body = template.render(context)
    notice = page_notice(site, page, guide, context["first_use"].unsaid(body))  # the texts as written
    if notice is not None and page.path == urls.HOME:  # the home page says it in its body, on the first screen
        headings = Headings()
        context = {**page_context(site, page, guide, headings),
                   "home": replace(page.context["home"], translation=notice)}
        body = template.render(context)
    body = isolate(one_notice_per_section(body, site.lang, guide.community.default_language), site.lang)
    # The title is HTML-escaped because the theme prints it without escaping.
    front: dict[str, Any] = {"title": html.escape(page.title, quote=False)}
    if notice is not None:  # partials/pathways-translation.html: every page but the home page
        front["pw_translation"] = notice_data(notice)
    source = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items()) + "---\n\n" + body
    return RenderedPage(source, headings.tokens, notice)


def page_notice(site: SitePlan, page: Page, guide: Guide, body: str) -> TranslationNotice | None:
    """What a page of an added language says of its translation: from the content texts its body shows
    (issue 22); a page that shows none (search, A to Z) says what the whole site shows."""
    shown = used(page.shown or {}, body, guide.community.default_language)
    return translation_notice(guide, site.lang, shown or site.shown or {})


def page_context(site: SitePlan, page: Page, guide: Guide, headings: Headings) -> dict[str, Any]:
    """Everything a page template receives: the page's views and what every page shows (its title, its
    dates in words, the share and download links), plus the two helpers that place links and headings.
    Never a model, the guide or the community (tests/test_render.py walks it)."""
    shared = {
        "title": page.title, "site_name": site.site_name,
        "dates": page_dates(site.as_of, page.verified_on, site.lang),
        "share": share_view(guide, site.lang, page.url, page.title),  # issue 14
        "report": report_view(guide, site.lang, page.url, page.title),  # issue 21
        "download": urls.download_url(guide.community.id, site.lang),
        "offline_cache_prefix": urls.offline_cache_prefix(guide.community.id),  # issue 14
        "url": lambda target: relative(target, page.url), "heading": headings.heading,
        "first_use": glossary(guide, site.lang).page(),  # the `said` filter's memory of this page
    }
    return {**shared, **page.context}


def render_docs(site: SitePlan, guide: Guide, docs_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Write every page of the plan below `docs_dir`; returns each page's table of contents by path."""
    env = environment(site.lang)
    tocs = {}
    for page in site.pages:
        target = docs_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        rendered = render(env, site, page, guide)
        target.write_text(rendered.source, encoding="utf-8")
        tocs[page.path] = rendered.toc
    if PRINT_CSS.exists():
        target = docs_dir / PRINT_CSS_URL
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(PRINT_CSS.read_bytes())
    return tocs


def mkdocs_config(site: SitePlan, guide: Guide, docs_dir: Path, site_dir: Path, base: dict[str, Any]) -> dict[str, Any]:
    """The MkDocs configuration of one language, derived from the base configuration."""
    _ = gettext_for(site.lang)
    community = guide.community
    config = dict(base)
    theme = dict(base.get("theme") or {})
    theme.update(name="material", language=theme_language(site.lang), direction=direction(site.lang), font=False,
                 custom_dir=str(OVERRIDES))
    extra = dict(base.get("extra") or {})
    other = [code for code in community.languages if code != site.lang]
    extra.update(
        generator=False,
        alternate=[{"name": NATIVE_NAMES[code], "lang": code, "link": f"../{code}/"} for code in community.languages],
        t={key: _(message) for key, message in THEME_STRINGS.items()},
        pathways={
            **(extra.get("pathways") or {}),
            "print_css": PRINT_CSS_URL if PRINT_CSS.exists() else None, "csp": CONTENT_SECURITY_POLICY,
            "search_csp": SEARCH_CONTENT_SECURITY_POLICY,
            "lang": site.lang, "dir": direction(site.lang), "other_langs": other, "language_names": NATIVE_NAMES,
            "translation": notice_data(site.notice),
            "as_of": long_date(site.as_of, site.lang), "as_of_iso": site.as_of.isoformat(),
        },
    )
    titles = {p.path: p.title for p in site.pages}
    config.update(
        site_name=site.site_name,
        site_url=site_url(community.base_url, site.lang),
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        use_directory_urls=True,
        theme=theme,
        extra=extra,
        nav=[{titles[path]: path} for path in site.nav if path in titles],
        not_in_nav="\n".join(["/statuses/", "/services/", "/topics/", "/pages/", "/sources.md"]),
        plugins=[],  # no search plugin (Pagefind instead), nothing that reaches the network
    )
    for key in ("repo_url", "repo_name", "edit_uri", "google_analytics"):
        config.pop(key, None)
    return config


def theme_language(lang: str) -> str:
    """The language of Material's own strings (search, skip link): the guide's when Material has it, else
    English; `<html lang>` and `dir` are the guide's all the same (overrides/partials/language.html)."""
    import material  # noqa: PLC0415 - only to find its translations

    partials = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return lang if (partials / f"{lang}.html").is_file() else "en"


def notice_data(notice: TranslationNotice | None) -> dict[str, Any] | None:
    """A translation notice for the theme (partials/pathways-translation.html), as plain data."""
    if notice is None:
        return None
    return {"said": notice.said, "reference": notice.reference,
            "links": [{"lang": code, "name": name} for code, name in notice.links]}


def site_url(base_url: str, lang: str) -> str:
    """The language root's address. Characters that could end an HTML attribute or open a tag are
    percent-encoded: the theme prints this address (canonical link, 404 links) without escaping, and a
    bad base_url must not become markup even if validation missed it."""
    return quote(f"{base_url.rstrip('/')}/{lang}/", safe=":/@%~+,;=!$&()*-._")


def read_base_config(path: Path) -> dict[str, Any]:
    """The base configuration, checked against the allow-list (BaseConfigRefused otherwise)."""
    return load_base_config(path)


def write_config(config: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


__all__ = ["RenderedPage", "environment", "mkdocs_config", "page_context", "relative", "render", "render_docs",
           "render_page"]


@functools.lru_cache(maxsize=1)
def _standalone() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES / "standalone")), autoescape=True,
                       keep_trailing_newline=True, undefined=StrictUndefined)


def standalone_page(lang: str, title: str, main: Markup | None = None, refresh: str | None = None,
                    template: str = "page.html.j2", **data: Any) -> str:
    """A page written outside MkDocs (the offline page, the download copy's opening page, the site's root page),
    from `templates/standalone/`: every one extends `page.html.j2`, the shared head and Content-Security-Policy.
    `main` is trusted HTML (escape what it holds); `title`, `refresh` and `data` are escaped by the template."""
    return _standalone().get_template(template).render(
        lang=lang, direction=direction(lang), csp=Markup(html.escape(CONTENT_SECURITY_POLICY)), title=title, main=main,
        refresh=refresh, **data)

