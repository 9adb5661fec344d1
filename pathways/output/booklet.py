"""Printable status booklets: one PDF per status and language (`pathways print`).

    check (load → resolve → validate → evaluate) ─▶ present.StatusView ─▶ Booklet (+ cover, sources)
    ─▶ templates/print/booklet.html (Jinja2) ─▶ WeasyPrint ─▶ tagged PDF (PDF/UA-1)

The booklet shows the web page's own `StatusView`, so it always says what the page says. By default it
is the ≤ 4-page handout (status, at a glance, do this first, contacts, the checklist); `--full` adds every
step explained, every service in detail and the sources. While `base_url` is an example address it
carries no QR code and no web address and says it is a draft. Output is
reproducible: the PDF dates are the `as_of` date, fonts are vendored, and nothing is fetched from the
network (only `file:` and `data:` URLs are allowed).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import re
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
from babel import Locale
from markupsafe import Markup

from pathways.engine import cache

from pathways.engine.cache import digest, tool_key
from pathways.engine.publish import FILE_MODE
from pathways.engine.pool import default_jobs, inline, pool
from pathways import urls
from pathways.rules.evaluate import Checked
from pathways.content.guide import Guide
from pathways.i18n import N_, direction, gettext_for, listed, long_date, translations
from pathways.content.models import GlanceRow
from pathways.present.bidi import for_print, isolate
from pathways.present.glossary import Glossary, glossary, said_filter
from pathways.present.views import (Card, Presenter, SourceLink, StatusView, TranslationNotice, measuring,
                                    one_notice_per_section, prose_html, prose_in_language, translation_notice, used)
from pathways.output.fonts import Font, family_name, font_for
from pathways.output.qr import qr_svg, short_url

from pathways.resources import PRINT_TEMPLATES  # package data in a wheel, the checkout otherwise


# ---------------------------------------------------------------- what a booklet shows


@dataclass(frozen=True)
class Booklet:
    """A status view (the same as the web page's) and what only paper needs: the cover, numbered sources."""

    lang: str
    title: str  # document title (PDF metadata)
    status_name: str  # plain text (PDF metadata, page margins): the view's name may carry markup
    guide_title: str
    community: str
    view: StatusView
    settlement: Card | None  # the local settlement organisation, named on page 1
    language_name: str
    valid_on: str
    as_of: dt.date
    url: str | None  # the web page; None while base_url is an example address (a draft)
    short_url: str | None
    qr: Markup | None
    full: bool  # `print --full`: every step explained, every card in detail, the sources
    sources: tuple[SourceLink, ...]  # numbered from 1, in reading order
    cited: dict[str, tuple[int, ...]]  # card id → numbers in `sources`
    extra_title: str | None
    extra: Markup | None
    notice: TranslationNotice | None = None  # added languages: how much is translated and how (page 1)
    default_language: str = "en"  # the community's: what an untranslated text is shown in
    glossary: Glossary = Glossary()  # its abbreviations, said in words on their first use in the booklet

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def draft(self) -> bool:
        return self.url is None

    @property
    def font(self) -> Font | None:
        """The script face of the language (None: the body face prints it)."""
        return font_for(self.lang)

    @property
    def font_family(self) -> str:
        return family_name(self.lang)


def page_url(guide: Guide, status_id: str, lang: str) -> str:
    """The web page a booklet comes from (printed as a QR code, so it must never change)."""
    return urls.public_url(guide, lang, urls.status_url(status_id))


def make_booklet(checked: Checked, status_id: str, lang: str, full: bool = False) -> Booklet:
    guide, evaluation = checked.guide, checked.evaluation
    _ = gettext_for(lang)
    presenter = Presenter(guide, evaluation, lang)
    with measuring() as shown:  # what the booklet shows: its notice says how much of it is translated
        view = presenter.status(status_id)
        community = presenter.plain(guide.community.name) or ""
        status_name = presenter.plain(guide.statuses[status_id].name, official=True) or ""
        twins = guide.prose.get(f"statuses/{status_id}.md", {})
        extra = prose_in_language(twins, lang, guide.community.default_language) if full else None
    url = None if urls.is_example_address(guide.community.base_url) else page_url(guide, status_id, lang)
    guide_title = _("Settlement guide")
    cards = [*view.emergencies, *view.cards, *view.ask] if full else []
    numbers: dict[SourceLink, int] = {}
    for card in cards:
        for ref in card.sources:
            numbers.setdefault(ref, len(numbers) + 1)
    booklet = Booklet(
        lang=lang, title=f"{status_name} — {guide_title} — {community}", status_name=status_name,
        guide_title=guide_title,
        community=community, view=view, settlement=_settlement(guide, view),
        language_name=Locale.parse(lang).get_display_name(lang).capitalize(),
        valid_on=long_date(evaluation.as_of, lang), as_of=evaluation.as_of, url=url,
        short_url=short_url(url) if url else None,
        qr=qr_svg(url, _("QR code of the web address of this page")) if url else None,
        full=full, sources=tuple(numbers), cited={c.id: tuple(numbers[r] for r in c.sources) for c in cards},
        extra_title=extra.title if extra else None, extra=prose_html(extra, lang) if extra else None,
        default_language=guide.community.default_language, glossary=glossary(guide, lang),
    )
    if not shown:
        return booklet
    # Its notice (page 1) says how much of what it prints is translated: the texts its HTML shows.
    first_use = booklet.glossary.page()
    printed = first_use.unsaid(environment(lang).get_template("booklet.html").render(b=booklet, first_use=first_use))
    return replace(booklet, notice=translation_notice(guide, lang, used(shown, printed, guide.community.default_language)))


def _settlement(guide: Guide, view: StatusView) -> Card | None:
    """The local organisation funded to help with settlement (a program behind the 'Settlement help' row),
    else the first local service."""
    helping = {p.id for p in guide.programs.values() if GlanceRow.settlement_help in p.at_a_glance}
    local = [c for g in view.local for c in g.cards]
    funded = [c for c in local if helping & set(guide.services[c.id].programs)]
    return (funded or local or [None])[0]


# ---------------------------------------------------------------- HTML and PDF


@functools.cache
def environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PRINT_TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"],
                             trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.filters["css_string"] = css_string
    env.filters["breakable"] = breakable if direction(lang) == "ltr" else lambda url: Markup('<bdi dir="ltr">{}</bdi>').format(breakable(url))
    env.filters["listed"] = lambda items, separator=", ": listed(items, lang, separator)  # CLDR list patterns
    env.filters["said"] = said_filter(lang)  # the glossary's abbreviations said in words on first use (issue 26)
    return env


def css_string(text: str) -> Markup:
    """A CSS string literal that is also safe inside <style> (content text in the page margins)."""
    text = text.unescape() if isinstance(text, Markup) else str(text)
    escaped = "".join(c if c.isalnum() or c in " .,:;'-—–()/" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def breakable(url: str) -> Markup:
    """A web address that may wrap only after a slash (never at a hyphen inside a status id)."""
    pieces = re.findall(r"[^/]*/+|[^/]+$", url)
    return Markup("<wbr>").join(Markup("<span>{}</span>").format(piece) for piece in pieces)


def booklet_html(booklet: Booklet) -> str:
    page = environment(booklet.lang).get_template("booklet.html").render(b=booklet, first_use=booklet.glossary.page())
    page = one_notice_per_section(page, booklet.lang, booklet.default_language)
    return for_print(isolate(page, booklet.lang))  # bidirectional text by construction, in print too


def booklet_pdf(booklet: Booklet) -> bytes:
    return pdf_from_html(booklet_html(booklet))


PDF_VARIANT = "pdf/ua-1"  # tagged structure, document language and title shown by readers


def pdf_from_html(page: str) -> bytes:
    """The slow part (WeasyPrint, ~1–2.6 s): a plain function of the HTML, so it may run in a worker process."""
    import weasyprint  # slow to import: only when a PDF is really written

    fetcher = weasyprint.URLFetcher(allowed_protocols={"file", "data"})  # zero network requests
    html = weasyprint.HTML(string=page, base_url=PRINT_TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
    return html.write_pdf(pdf_variant=PDF_VARIANT)


def booklet_key(page: str, tool: str) -> str:
    """A booklet PDF is made from its HTML and the files of templates/print/ it may use (CSS, fonts, images:
    the tool key covers every template file), WeasyPrint's version (in the tool key) and our options."""
    return digest(tool, PDF_VARIANT, page)


file_name = urls.booklet_file


@dataclass
class BookletsWritten:
    written: list[Path]
    made: list[Path]  # not in the cache: WeasyPrint ran


def write_booklets(checked: Checked, out_dir: Path, languages: list[str] | None = None,
                   full: bool = False, jobs: int | None = None) -> list[Path]:
    """Every leaf status × language into `out_dir` (what `build` links to as 'Download the PDF'), on every
    core as `build` makes them (`print --all`); only those whose HTML changed are made again (`booklet_key`)."""
    with pool(jobs or default_jobs()) as executor:
        return make_booklets(checked, out_dir, languages, full, pool=executor).written


def make_booklets(checked: Checked, out_dir: Path, languages: list[str] | None = None, full: bool = False,
                  pool: Executor | None = None, tool: str | None = None) -> BookletsWritten:
    """Every booklet, each in `pool` (this process by default): taken from the cache when its key is there."""
    tool = tool or tool_key()
    futures: dict[Path, Future[bool]] = {}
    with contextlib.ExitStack() as stack:
        pool = pool or stack.enter_context(inline())
        for status in checked.guide.leaf_statuses():
            for lang in languages or checked.guide.community.languages:
                target = out_dir / file_name(status.id, lang)
                futures[target] = pool.submit(write_booklet, checked, status.id, lang, full, target, tool)
        made = [target for target, future in futures.items() if future.result()]
    return BookletsWritten(list(futures), made)


def write_booklet(checked: Checked, status_id: str, lang: str, full: bool, target: Path, tool: str) -> bool:
    """One booklet into `target`, from the cache if its key is there; True when WeasyPrint made it."""
    page = booklet_html(make_booklet(checked, status_id, lang, full))
    key = booklet_key(page, tool)
    data = cache.get_bytes("booklets", key)
    if data is not None:
        write_atomic(target, data)
        return False
    data = pdf_from_html(page)
    cache.put_bytes("booklets", key, data)
    write_atomic(target, data)
    return True


def write_atomic(target: Path, data: bytes) -> None:
    """Write then rename, so a reader never sees half a PDF and a failure leaves the old file; world-readable
    like every published file (`mkstemp` makes it 600: a web server running as another user could not serve it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    cache.replace_file(target, data, FILE_MODE)
