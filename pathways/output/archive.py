"""The downloadable copy (issue 14): one zip per language that works unzipped and opened from files.

`site/<id>/download/<id>-<lang>.zip` holds `<id>-<lang>/index.html` (opens the language's home),
`<id>-<lang>/<lang>/…` (the pages) and `<id>-<lang>/print/*-<lang>.pdf` (the booklets, when built).
A browser opening a file does not turn a folder link into its `index.html`, so every link to a folder is
rewritten to end in `index.html`; the search (Pagefind needs a server) is left out and its links go to the
A–Z page; links to another language, which the copy does not hold, go to that page's public address
when `base_url` is real, and are left out while it is an example address (no dead link); the "keep this
guide on this phone" section, which needs a web address, is left out.
Entries are sorted and dated `as_of`: building twice gives identical zips. The home and about pages of
the site link to the zip with its size, written once the zip exists (the copy itself says it is a copy).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import posixpath
import re
import zipfile
from pathlib import Path

from babel.numbers import format_decimal

from markupsafe import Markup

from pathways.engine import cache
from pathways.engine.cache import digest, tool_key
from pathways.i18n import LOCALES, N_, gettext_for, long_date
from pathways import urls
from pathways.urls import is_example_address
from pathways.output.render import standalone_page

FOLDER = urls.DOWNLOADS
# Written by templates/pages/_download.html.j2 where the size goes; replaced here once the zip exists.
SIZE_PLACEHOLDER = "PWARCHIVESIZE"
LEFT_OUT = (urls.SEARCH_INDEX, "search", "sitemap.xml", "sitemap.xml.gz", "404.html", urls.WORKER,
            urls.OFFLINE_PAGE)  # need a server
LINK = re.compile(r'(?P<attr>\s(?:href|src))="(?P<value>[^"]*)"')
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
# <link rel="alternate" hreflang> to the twin pages (main.html), one a line in <head>.
ALTERNATE = re.compile(r'\n\s*<link rel="alternate" hreflang="[^"]*" href="(?P<value>[^"]*)">')
DOWNLOAD_PARAGRAPH = re.compile(r'<p class="pw-download[^"]*"[^>]*>.*?</p>', re.S)
OFFLINE_SECTION = re.compile(r'<section class="pw-offline[^"]*"[^>]*>.*?</section>\s*', re.S)
# A list item holding only a link (the language menu): left out whole when its link is.
LINK_ITEM = re.compile(r'<li\b[^>]*>\s*<a\s[^>]*\bhref="(?P<value>[^"]*)"[^>]*>(?:(?!</?a\b).)*</a>\s*</li>\s*', re.S)
LINK_ELEMENT = re.compile(r'<a\s[^>]*\bhref="(?P<value>[^"]*)"[^>]*>(?P<text>(?:(?!</?a\b).)*)</a>', re.S)


def archive_name(community_id: str, lang: str) -> str:
    return f"{community_id}-{lang}"


def write_language_archive(site: Path, community_id: str, lang: str, base_url: str, as_of: dt.date) -> None:
    """One language's zip, then its size on that language's pages (and on no other: the languages of a
    build can be zipped at the same time, `--jobs`)."""
    (site / FOLDER).mkdir(exist_ok=True)
    target = site / FOLDER / f"{archive_name(community_id, lang)}.zip"
    write_archive(site, target, archive_name(community_id, lang), lang, base_url, as_of)
    show_size(site / lang, size_text(target.stat().st_size, lang))


def write_archive(site: Path, target: Path, root: str, lang: str, base_url: str, as_of: dt.date) -> None:
    entries = {f"{root}/index.html": opening_page(lang).encode("utf-8")}
    for path in _files(site, lang):
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix == ".html":
            data = offline_html(data.decode("utf-8"), name, site, lang, base_url, as_of).encode("utf-8")
        entries[f"{root}/{name}"] = data
    # The zip is a plain function of its entries: made again only when one of them changed (`cache.py`).
    key = digest(tool_key(), "zip", as_of.isoformat(), *[part for name in sorted(entries) for part in (name, entries[name])])
    cached = cache.get_bytes("archives", key)
    if cached is None:
        cached = _zip(entries, as_of)
        cache.put_bytes("archives", key, cached)
    target.write_bytes(cached)


def _zip(entries: dict[str, bytes], as_of: dt.date) -> bytes:
    stamp = (as_of.year, as_of.month, as_of.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the building machine
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def _files(site: Path, lang: str) -> list[Path]:
    """The language's pages and assets, and its booklets; not what needs a server."""
    language = site / lang
    pages = [p for p in language.rglob("*") if p.is_file() and p.relative_to(language).parts[0] not in LEFT_OUT
             and not urls.is_precompressed(p.name)]
    booklets = sorted((site / urls.BOOKLETS).glob(f"*-{lang}.pdf"))
    return sorted(pages) + booklets


def offline_html(text: str, name: str, site: Path, lang: str, base_url: str, as_of: dt.date) -> str:
    """A page of the copy: links that work from files, and a note instead of the download link."""
    here = posixpath.dirname(name)

    def rewrite(match: re.Match[str]) -> str:
        value = offline_link(html.unescape(match["value"]), here, site, lang, base_url)
        return f'{match["attr"]}="{html.escape(value)}"'

    _ = gettext_for(lang)
    note = _(N_("This is a downloaded copy of the guide, valid on {date}. Rules change: check the online guide "
                "when you can.")).format(date=long_date(as_of, lang))
    text = DOWNLOAD_PARAGRAPH.sub(f'<p class="pw-download">{html.escape(note)}</p>', text)
    text = OFFLINE_SECTION.sub("", text)
    if is_example_address(base_url):
        text = _without_other_languages(text, here, lang)
    return LINK.sub(rewrite, text)


def _without_other_languages(text: str, here: str, lang: str) -> str:
    """While `base_url` is an example address the other languages have no address to send a reader to:
    their menu items go, and any other link to them keeps its words without being a link."""
    def top(value: str) -> str | None:
        if not value or value.startswith("#") or SCHEME.match(value):
            return None
        return posixpath.normpath(posixpath.join(here, _split(html.unescape(value))[0])).split("/", 1)[0]

    def elsewhere(value: str) -> bool:
        return top(value) in LOCALES and top(value) != lang

    def online(value: str) -> bool:  # another language, or the open data (issue 24): its words kept
        return elsewhere(value) or top(value) == urls.OPEN_DATA_FOLDER

    text = ALTERNATE.sub(lambda link: "" if elsewhere(link["value"]) else link[0], text)
    text = LINK_ITEM.sub(lambda item: "" if elsewhere(item["value"]) else item[0], text)
    return LINK_ELEMENT.sub(lambda link: link["text"] if online(link["value"]) else link[0], text)


def offline_link(value: str, here: str, site: Path, lang: str, base_url: str) -> str:
    """`../services/x/` → `../services/x/index.html`; search → A–Z; another language → its public URL."""
    if not value or value.startswith("#") or SCHEME.match(value):
        return value
    path, mark, rest = _split(value)
    target = posixpath.normpath(posixpath.join(here, path))
    top = target.split("/", 1)[0]
    if (top in LOCALES and top != lang) or top == urls.OPEN_DATA_FOLDER:  # online only (issue 24: the open data)
        slash = "/" if path.endswith("/") or (site / target).is_dir() else ""
        return f"{base_url.rstrip('/')}/{target}{slash}{mark}{rest}"
    if target == f"{lang}/search":
        path = posixpath.relpath(f"{lang}/a-z", here or ".") + "/"
    elif not (site / target).is_dir():
        return value
    return path.rstrip("/") + "/index.html" + mark + rest


def _split(value: str) -> tuple[str, str, str]:
    """`a/b/#c` → (`a/b/`, `#`, `c`); the query or fragment is kept as it was."""
    match = re.search(r"[?#]", value)
    if not match:
        return value, "", ""
    return value[:match.start()], value[match.start()], value[match.start() + 1:]


def opening_page(lang: str) -> str:
    """`<id>-<lang>/index.html`: opens the language's home page (a file link, no server needed); from the
    shared template of pages written outside MkDocs, with the head and Content-Security-Policy of every page."""
    _ = gettext_for(lang)
    label = _(N_("Open the guide"))
    return standalone_page(lang, label, Markup('<p><a href="{}/index.html">{}</a></p>').format(lang, label),
                           refresh=f"{lang}/index.html")


def size_text(size: int, lang: str) -> str:
    """`1.2 MB` / `1,2 Mo`: one decimal, never 0."""
    megabytes = max(round(size / 1_000_000, 1), 0.1)
    return gettext_for(lang)(N_("{size} MB")).format(size=format_decimal(megabytes, locale=LOCALES[lang]))


def show_size(language: Path, size: str) -> None:
    """Write the zip's size where the home and about pages link to it."""
    for page in sorted(language.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        if SIZE_PLACEHOLDER in text:
            cache.replace_file(page, text.replace(SIZE_PLACEHOLDER, size).encode("utf-8"))  # may be a cache link
