"""Site stage: one language's finished pages in the MkDocs Material shell, then its Pagefind search index.

MkDocs runs in-process (`load_config` + `commands.build.build`). Our pages are already HTML (`render.py`):
the `FinishedPages` plugin hands each body to MkDocs as it is, with its table of contents, so MkDocs never
parses them as Markdown (that re-parse was most of the build time) nor builds a converter for them. The
shell around each body is ours (`templates/overrides/base.html`, in place of Material's base.html and
partials; Material stays the theme MkDocs runs, for its stylesheet, icons and interface strings). Two things keep the output
byte-for-byte reproducible: `SOURCE_DATE_EPOCH` is set to `as_of` while MkDocs runs (its sitemap dates
and gzip header), and nothing random is generated. Content was sanitised where it entered (`sanitize.py`), so the
pages are not filtered again here (that stripped our own controls); theme files the site never uses (Lunr search, source maps) are removed.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import html
import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from jinja2 import Environment, FileSystemLoader
from mkdocs.commands.build import build as mkdocs_build
from markupsafe import Markup
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.theme import Theme

from pathways import urls
from pathways.engine import manifest
from pathways.engine.cache import digest, file_digests, tool_key
from pathways.content.guide import Guide
from pathways.output.plan import SitePlan
from pathways.output.styles import limit_stylesheets
from pathways.output.render import THEME_COMPILED, mkdocs_config, read_base_config, render_docs, write_config

# Theme files no page loads (issue 12 item 5, issue 14's offline budget): Lunr search and its worker (the
# search is Pagefind), Material's bundle (main.html loads our small scripts instead) and the palette
# stylesheet (no palette is configured). Glob patterns, relative to a language folder.
UNUSED_THEME_FILES = ("assets/javascripts/lunr", "assets/javascripts/workers", "assets/javascripts/bundle.*.min.js",
                      "assets/stylesheets/palette.*.min.css")
# Our scripts that only pages with their section load (main.html): removed when no page of the language
# does (a guide at an example address has no share boxes).
SECTION_SCRIPTS = ("assets/javascripts/pathways-share.js", "assets/javascripts/pathways-offline.js")


class SearchUnavailable(RuntimeError):
    """Pagefind is not installed: the message says how to install it."""


def build_language(site: SitePlan, guide: Guide, site_dir: Path, work_dir: Path, base_config: Path,
                   strict: bool = False) -> None:
    """Render, build with MkDocs and index for search one language of one community into `site_dir`."""
    make_language(prepare_language(site, guide, site_dir, work_dir, base_config, strict))


@dataclass(frozen=True)
class PreparedLanguage:
    """One language rendered to finished bodies, ready for MkDocs; `key` hashes exactly what MkDocs and
    Pagefind receive (bodies, tables of contents, configuration, templates, tool), so an equal key means
    an equal output. `shell` hashes the same but each page's own body: two runs with the same shell
    differ only in some pages, and `pages` (a hash per file of `docs/`) says which. Plain data: it
    crosses to a worker process (`--jobs`)."""

    config_file: Path
    site_dir: Path
    lang: str
    tocs: dict[str, list[dict[str, Any]]]
    as_of: dt.date
    strict: bool
    key: str
    shell: str = ""
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def docs_dir(self) -> Path:
        return self.config_file.parent / "docs"


@dataclass(frozen=True)
class Previous:
    """An earlier output of the same shell (`PreparedLanguage.shell`) and the page hashes it was made from."""

    tree: Path
    pages: dict[str, str]


def prepare_language(site: SitePlan, guide: Guide, site_dir: Path, work_dir: Path, base_config: Path,
                     strict: bool = False, tool: str | None = None) -> PreparedLanguage:
    docs_dir = work_dir / "docs"
    tocs = render_docs(site, guide, docs_dir)
    config = mkdocs_config(site, guide, docs_dir, site_dir, read_base_config(base_config))
    config_file = work_dir / "mkdocs.yml"  # JSON is YAML; kept to let a maintainer see what ran
    write_config(config, config_file)
    # The two folders are where this run happens to work, not what the output is made from.
    placed = {k: v for k, v in config.items() if k not in ("docs_dir", "site_dir")}
    pages = page_digests(docs_dir, tocs)
    settings = (tool or tool_key(), site.as_of.isoformat(), str(strict),
                json.dumps(placed, sort_keys=True, ensure_ascii=False, default=str))
    key = digest(*settings, json.dumps(pages, sort_keys=True))
    shell = digest(*settings, json.dumps(sorted(pages)))
    return PreparedLanguage(config_file, site_dir, site.lang, tocs, site.as_of, strict, key, shell, pages)


def page_digests(docs_dir: Path, tocs: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """A hash of each file MkDocs reads (a page with its table of contents; a stylesheet), by its path."""
    return {name: digest(hashed, json.dumps(tocs.get(name), sort_keys=True, ensure_ascii=False))
            for name, hashed in file_digests(docs_dir).items()}


def make_language(prepared: PreparedLanguage, previous: Previous | None = None) -> tuple[str, ...]:
    """MkDocs and Pagefind for one prepared language (the slow part; may run in a worker process); returns
    the pages MkDocs rendered (see `render_pages`)."""
    rendered = render_pages(prepared, previous)
    prune(prepared.site_dir)
    index_search(prepared.site_dir)
    limit_stylesheets(prepared.site_dir)  # from the pages and the scripts they load (Pagefind's among them)
    return rendered


def render_pages(prepared: PreparedLanguage, previous: Previous | None = None) -> tuple[str, ...]:
    """MkDocs alone (no search index); returns the pages it rendered. With `previous` (an earlier output of
    the same shell), only the pages whose hash changed are rendered again; the others keep their files
    (the result is the same as a full build: tests/test_incremental.py)."""
    finished = FinishedPages(prepared.tocs)
    reused = previous is not None and start_from(previous, prepared)
    run_mkdocs(prepared.config_file, prepared.as_of, prepared.strict, finished, dirty=reused)
    return tuple(sorted(finished.rendered))


def start_from(previous: Previous, prepared: PreparedLanguage) -> bool:
    """Copy the earlier output into place, then leave MkDocs' dirty build (which renders a page only when
    its file is newer than its output) only the changed pages: unchanged sources are dated 1970, changed
    ones lose their output. Pagefind indexes the language again, whole. False if the copy failed (the
    cache was pruned meanwhile): then the build is a full one."""
    try:
        shutil.copytree(previous.tree, prepared.site_dir)
    except OSError:
        shutil.rmtree(prepared.site_dir, ignore_errors=True)
        return False
    shutil.rmtree(prepared.site_dir / urls.SEARCH_INDEX, ignore_errors=True)
    docs = prepared.docs_dir
    for name, page in prepared.pages.items():
        if previous.pages.get(name) == page:
            os.utime(docs / name, ns=(0, 0))
        else:
            output = File(name, str(docs), str(prepared.site_dir), use_directory_urls=True).abs_dest_path
            Path(output).unlink(missing_ok=True)
    return True


class FinishedPages(BasePlugin):  # type: ignore[type-arg]
    """Puts our finished HTML bodies in place of MkDocs' Markdown conversion.

    `on_pre_page` makes each page we rendered a `FinishedPage`, whose body (the file after its front
    matter) is its content as it is: MkDocs builds no Markdown converter for it (one per page, with its
    extensions, was a third of MkDocs' time on our pages). `on_page_content` gives the page its table of
    contents. Pages we did not render (none today) go through MkDocs unchanged. `on_env` lets the theme's
    templates be compiled once per process instead of once per language and community (the source is
    checked on reuse)."""

    def __init__(self, tocs: dict[str, list[dict[str, Any]]]):
        super().__init__()
        self.tocs = tocs
        self.rendered: list[str] = []  # the pages this run rendered (a dirty build skips the unchanged ones)

    def on_env(self, env: Environment, /, **_: Any) -> Environment:
        env.bytecode_cache = THEME_COMPILED
        return env

    def on_pre_page(self, page: MkDocsPage, /, **_: Any) -> MkDocsPage:
        if page.file.src_uri in self.tocs:
            page.__class__ = FinishedPage
            self.rendered.append(page.file.src_uri)
        return page

    def on_page_content(self, html: str, /, *, page: MkDocsPage, **_: Any) -> str:
        if isinstance(page, FinishedPage):
            page.toc = get_toc(self.tocs[page.file.src_uri])
        return html


class FinishedPage(MkDocsPage):
    """A page whose body `render.py` already made HTML: its content is that body, unconverted. It has no
    links for MkDocs to check (`links_to_anchors` stays empty): our links are made from the plan."""

    def render(self, config: Any, files: Any) -> None:
        self.content = self.markdown
        self.present_anchor_ids = set()


def run_mkdocs(config_file: Path, as_of: dt.date, strict: bool, finished: FinishedPages | None = None,
               dirty: bool = False) -> None:
    with _source_date(as_of), _quiet_mkdocs():
        config = load_config(config_file=str(config_file), strict=strict)
        config["site_name"] = safe_site_name(config["site_name"])
        _list_visible_theme_files(config.theme)
        if finished is not None:  # a plugin instance, not an installed entry point: nothing to configure
            config.plugins["pathways-finished-pages"] = finished
        mkdocs_build(config, dirty=dirty)


class VisibleFilesLoader(FileSystemLoader):
    """The theme's templates, listed without hidden folders. MkDocs lists every theme file to find the
    static ones it copies, and its own filter drops every hidden path (`.*`, `*/.*`); Material's hidden
    `.icons` folder holds 14,000 SVG files, walked and filtered for each language of each community (40 %
    of MkDocs' time on our pages). Templates still include icons from it: only the listing skips it."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, files in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
                relative = Path(folder).relative_to(searchpath)
                found.update((relative / name).as_posix() for name in files)
        return sorted(found)


def _list_visible_theme_files(theme: Theme) -> None:
    make_env = theme.get_env

    def get_env() -> Environment:
        env = make_env()
        env.loader = VisibleFilesLoader(theme.dirs)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def safe_site_name(name: str) -> Markup:
    """The community's name, escaped once: the theme prints `config.site_name` raw in <title>, the header
    and aria-labels, and as `| e` in title attributes; escaped markup is printed as is by both, so the
    name shows as written and can never become markup."""
    return Markup(html.escape(name, quote=True))


@contextlib.contextmanager
def _source_date(as_of: dt.date) -> Iterator[None]:
    """Dates MkDocs writes (sitemap lastmod, gzip header) become `as_of`, not the build time."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(as_of.timetuple()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@contextlib.contextmanager
def _quiet_mkdocs() -> Iterator[None]:
    """Show MkDocs warnings (plainly, on stderr) but not its progress chatter."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("mkdocs: %(message)s"))
    logger.addHandler(handler)
    builder = logging.getLogger("mkdocs.commands.build")
    builder.addFilter(_dirty_warning)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        builder.removeFilter(_dirty_warning)


def _dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave navigation stale; ours reuses only pages whose every input
    (body, table of contents, configuration and navigation, templates) is unchanged, so it cannot. Dropped
    before MkDocs counts it (--strict would fail on it)."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def prune(site_dir: Path) -> None:
    for pattern in UNUSED_THEME_FILES:
        for unused in sorted(site_dir.glob(pattern)):
            if unused.is_dir():
                shutil.rmtree(unused)
            else:
                unused.unlink()
    for source_map in sorted(site_dir.rglob("*.map")):
        source_map.unlink()
    unloaded = [name for name in SECTION_SCRIPTS if (site_dir / name).is_file()]
    for page in sorted(site_dir.rglob("*.html")):
        if not unloaded:
            break
        text = page.read_text(encoding="utf-8")
        unloaded = [name for name in unloaded if f'/{name.rsplit("/", 1)[-1]}" defer' not in text]
    for name in unloaded:
        (site_dir / name).unlink()


def index_search(site_dir: Path) -> None:
    """Pagefind index of one language, in `<lang>/pagefind/`, fetched only from the search page.

    The `pagefind` package's binary is run directly: `python -m pagefind` starts a second Python only to
    find it (0.2 s a language, half of the indexing)."""
    command = [str(pagefind_binary()), "--site", str(site_dir), "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchUnavailable(f"Pagefind failed: {done.stderr.strip() or done.stdout.strip()}")


def pagefind_binary() -> Path:
    """The Pagefind executable the `pagefind[bin]` package installed (or $PAGEFIND_BINARY_PATH)."""
    found = manifest.pagefind_binary()
    if found is None:
        raise SearchUnavailable("Pagefind is missing: pip install 'pagefind[bin]'")
    return found
