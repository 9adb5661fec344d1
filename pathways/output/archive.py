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

Each page of the copy is its published page read once (`offline_html`: one pass over its links, the two
sections it leaves out found by name first), each link's new form looked up in the language's `LinkMap`
(its folders listed once, each link worked out once per folder it is written from). Each entry's DEFLATE
stream is the one its file's other compressed forms use (`precompress.Deflater`): `zip_bytes` writes the
zip around the streams (the standard library's `zipfile` can only compress them itself).
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import os
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

from babel.numbers import format_decimal

from markupsafe import Markup

from pathways.engine import cache
from pathways.engine.cache import digest, tool_key
from pathways.i18n import LOCALES, N_, gettext_for, long_date
from pathways import urls
from pathways.urls import is_example_address
from pathways.output.precompress import Deflater
from pathways.output.render import standalone_page

FOLDER = urls.DOWNLOADS
# Written by templates/pages/_download.html.j2 where the size goes; replaced here once the zip exists.
SIZE_PLACEHOLDER = "PWARCHIVESIZE"
LEFT_OUT = (urls.SEARCH_INDEX, "search", "sitemap.xml", "sitemap.xml.gz", "404.html", urls.WORKER,
            urls.OFFLINE_PAGE)  # need a server
LINK = re.compile(r'(?P<attribute_name>\s(?:href|src))="(?P<attribute_value>[^"]*)"')
HTML_SPECIAL = re.compile(r"[&<>']")  # what html.escape would write otherwise (never '"': LINK stops there)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
# <link rel="alternate" hreflang> to the twin pages (main.html), one a line in <head>.
ALTERNATE = re.compile(r'\n\s*<link rel="alternate" hreflang="[^"]*" href="(?P<value>[^"]*)">')
DOWNLOAD_PARAGRAPH = re.compile(r'<p class="pw-download[^"]*"[^>]*>.*?</p>', re.S)
OFFLINE_SECTION = re.compile(r'<section class="pw-offline[^"]*"[^>]*>.*?</section>\s*', re.S)
# A list item holding only a link (the language menu): left out whole when its link is.
LINK_ITEM = re.compile(r'<li\b[^>]*>\s*<a\s[^>]*\bhref="(?P<value>[^"]*)"[^>]*>(?:(?!</?a\b).)*</a>\s*</li>\s*', re.S)
LINK_ELEMENT = re.compile(r'<a\s[^>]*\bhref="(?P<value>[^"]*)"[^>]*>(?P<text>(?:(?!</?a\b).)*)</a>', re.S)

ZIP64_LIMIT = (1 << 31) - 1  # zipfile's own limit for plain (not ZIP64) sizes and offsets (a size past it / 1.05
# makes zipfile write a ZIP64 field: refused here rather than written otherwise)


def archive_name(community_id: str, lang: str) -> str:
    return f"{community_id}-{lang}"


def write_language_archive(site: Path, community_id: str, lang: str, base_url: str, as_of: dt.date,
                           deflater: Deflater | None = None, tool: str = "") -> None:
    """One language's zip, then its size on that language's pages (and on no other: the languages of a
    build can be zipped at the same time, `--jobs`)."""
    (site / FOLDER).mkdir(exist_ok=True)
    target = site / FOLDER / f"{archive_name(community_id, lang)}.zip"
    write_archive(site, target, archive_name(community_id, lang), lang, base_url, as_of, deflater, tool)
    show_size(site / lang, size_text(target.stat().st_size, lang))


def write_archive(site: Path, target: Path, root: str, lang: str, base_url: str, as_of: dt.date,
                  deflater: Deflater | None = None, tool: str = "") -> None:
    """The zip of one language (`deflater`: DEFLATE streams shared with the pack and the `.gz` copies;
    `tool`: the tool key, when the caller has it already)."""
    entries = {f"{root}/index.html": opening_page(lang).encode("utf-8")}
    links = LinkMap.of(site, lang, base_url)
    for path in _files(site, lang):
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix == ".html":
            data = offline_html(data.decode("utf-8"), name, site, lang, base_url, as_of, links).encode("utf-8")
        entries[f"{root}/{name}"] = data
    # The zip is a plain function of its entries: made again only when one of them changed (`cache.py`).
    key = digest(tool or tool_key(), "zip", as_of.isoformat(), *[part for name in sorted(entries) for part in (name, entries[name])])
    cached = cache.get_bytes("archives", key)
    if cached is None:
        cached = zip_bytes(entries, as_of, deflater or Deflater())
        cache.put_bytes("archives", key, cached)
    target.write_bytes(cached)


def zip_bytes(entries: dict[str, bytes], as_of: dt.date, deflater: Deflater) -> bytes:
    """A zip of `entries` (sorted by name), each one's DEFLATE stream taken from `deflater`: the bytes
    `zipfile` writes for DEFLATED entries (level 9) dated `as_of` 00:00, mode 644, made on Unix. The layout
    is APPNOTE.TXT's (4.3.6): a local header then the stream per entry, the central directory, its end
    record; no ZIP64 (refused past its limits, which a guide's copy is far below: a few megabytes)."""
    dostime, dosdate = 0, (as_of.year - 1980) << 9 | as_of.month << 5 | as_of.day
    body, directory = bytearray(), bytearray()
    for name in sorted(entries):
        deflated = deflater.deflated(entries[name])
        encoded, flags = _encoded_name(name)
        if max(len(body), len(deflated.stream), deflated.size * 1.05) > ZIP64_LIMIT or len(entries) > 0xFFFF:
            raise ValueError(f"{name}: too large for a zip without ZIP64")
        sizes = (deflated.crc, len(deflated.stream), deflated.size, len(encoded))
        directory += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, flags, 8, dostime, dosdate,
                                 *sizes, 0, 0, 0, 0, 0o644 << 16, len(body)) + encoded
        body += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, flags, 8, dostime, dosdate, *sizes, 0)
        body += encoded + deflated.stream
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    if len(body) > ZIP64_LIMIT:
        raise ValueError("too large for a zip without ZIP64")
    return bytes(body + directory + end)


def _encoded_name(name: str) -> tuple[bytes, int]:
    """An entry's name as zip stores it: ASCII, else UTF-8 with general purpose bit 11 set."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800


def _files(site: Path, lang: str) -> list[Path]:
    """The language's pages and assets, and its booklets; not what needs a server."""
    language = site / lang
    pages = [p for p in language.rglob("*") if p.is_file() and p.relative_to(language).parts[0] not in LEFT_OUT
             and not urls.is_precompressed(p.name)]
    booklets = sorted((site / urls.BOOKLETS).glob(f"*-{lang}.pdf"))
    return sorted(pages) + booklets


@dataclass
class LinkMap:
    """Where each link of one language's pages goes in its copy: the language's folders, listed once (a
    link to one of them gets its `index.html`), and each link's new form, worked out once per folder it is
    written from (most links are written the same way on many pages)."""

    site: Path
    lang: str
    base_url: str
    folders: frozenset[str]  # every folder below the language's, relative to the site (`fr/services/x`)
    outside: dict[str, bool] = field(default_factory=dict)  # folders asked about elsewhere, looked up once
    known: dict[tuple[str, str], str] = field(default_factory=dict)  # (folder, link as written) → in the copy
    tops: dict[tuple[str, str], str | None] = field(default_factory=dict)

    @classmethod
    def of(cls, site: Path, lang: str, base_url: str) -> LinkMap:
        folders = {lang} if (site / lang).is_dir() else set()
        for folder, subfolders, _files in os.walk(site / lang):
            relative = Path(folder).relative_to(site).as_posix()
            folders.update(f"{relative}/{name}" for name in subfolders)
        return cls(site, lang, base_url, frozenset(folders))

    def is_folder(self, target: str) -> bool:
        if target == self.lang or target.startswith(f"{self.lang}/"):
            return target in self.folders
        if target not in self.outside:  # another language, the booklets, the open data: rare
            self.outside[target] = (self.site / target).is_dir()
        return self.outside[target]

    def attribute(self, here: str, written: str) -> str:
        """An `href`/`src` value as written in a page of the folder `here` → as written in the copy."""
        found = self.known.get((here, written))
        if found is None:
            if not HTML_SPECIAL.search(written) and (not written or written[0] == "#" or SCHEME.match(written)):
                found = written  # unchanged, and escaped as html.escape would: nothing to work out
            else:
                found = html.escape(self.offline(html.unescape(written), here))
            self.known[(here, written)] = found
        return found

    def offline(self, value: str, here: str) -> str:
        """`../services/x/` → `../services/x/index.html`; search → A–Z; another language → its public URL."""
        if not value or value.startswith("#") or SCHEME.match(value):
            return value
        path, mark, rest = _split(value)
        target = posixpath.normpath(posixpath.join(here, path))
        top = target.split("/", 1)[0]
        if (top in LOCALES and top != self.lang) or top == urls.OPEN_DATA_FOLDER:  # online only (issue 24)
            slash = "/" if path.endswith("/") or self.is_folder(target) else ""
            return f"{self.base_url.rstrip('/')}/{target}{slash}{mark}{rest}"
        if target == f"{self.lang}/search":
            path = posixpath.relpath(f"{self.lang}/a-z", here or ".") + "/"
        elif not self.is_folder(target):
            return value
        return path.rstrip("/") + "/index.html" + mark + rest

    def top(self, here: str, written: str) -> str | None:
        """The first folder of a link's target from the site's root (`en` for `../../en/x/`)."""
        if (here, written) not in self.tops:
            top = None
            if written and not written.startswith("#") and not SCHEME.match(written):
                path = _split(html.unescape(written))[0]
                top = posixpath.normpath(posixpath.join(here, path)).split("/", 1)[0]
            self.tops[(here, written)] = top
        return self.tops[(here, written)]

    def elsewhere(self, here: str, written: str) -> bool:
        """A link to another language, which the copy does not hold."""
        top = self.top(here, written)
        return top in LOCALES and top != self.lang

    def online(self, here: str, written: str) -> bool:
        """A link only the published site can follow: another language, or the open data (issue 24)."""
        return self.elsewhere(here, written) or self.top(here, written) == urls.OPEN_DATA_FOLDER


def offline_html(text: str, name: str, site: Path, lang: str, base_url: str, as_of: dt.date,
                 links: LinkMap | None = None) -> str:
    """A page of the copy: links that work from files, and a note instead of the download link. While
    `base_url` is an example address the other languages have no address to send a reader to: their menu
    items and alternates go, and any other link to them keeps its words without being a link.

    One pass over the page's links (`LINK`); only around the few that only the published site can follow
    are the enclosing element looked at (`_online_element`), as the patterns ALTERNATE, LINK_ITEM and
    LINK_ELEMENT describe it."""
    links = links or LinkMap.of(site, lang, base_url)
    here = posixpath.dirname(name)
    if 'class="pw-download' in text:
        _ = gettext_for(lang)
        note = _(N_("This is a downloaded copy of the guide, valid on {date}. Rules change: check the online "
                    "guide when you can.")).format(date=long_date(as_of, lang))
        text = DOWNLOAD_PARAGRAPH.sub(f'<p class="pw-download">{html.escape(note)}</p>', text)
    if 'class="pw-offline' in text:
        text = OFFLINE_SECTION.sub("", text)

    def attribute(match: re.Match[str]) -> str:
        return f'{match["attribute_name"]}="{links.attribute(here, match["attribute_value"])}"'

    if not is_example_address(base_url):
        return LINK.sub(attribute, text)
    written: list[str] = []
    done = 0  # text before this is written
    for match in LINK.finditer(text):
        if match.start() < done:  # inside an element already written or left out
            continue
        found = _online_element(text, match, links, here) if links.online(here, match["attribute_value"]) else None
        if found is None or found[0] < done:
            written += [text[done:match.start()], attribute(match)]
            done = match.end()
        else:
            start, end, kept = found
            written += [text[done:start], LINK.sub(attribute, kept)]
            done = end
    written.append(text[done:])
    return "".join(written)


def _online_element(text: str, link: re.Match[str], links: LinkMap, here: str) -> tuple[int, int, str] | None:
    """For a link only the published site can follow: the element holding it (start, end) and what stays of
    it: nothing for an alternate or a menu item of another language, the words of a link (`<a>`); None when
    the link is in none of them (it is then rewritten like any other)."""
    value_at = link.start("attribute_value")
    elsewhere = links.elsewhere(here, link["attribute_value"])
    tag = text.rfind("<", 0, link.start())
    if elsewhere and text.startswith('<link rel="alternate"', tag):
        start = tag
        while start > 0 and text[start - 1].isspace():
            start -= 1
        start = text.find("\n", start, tag)
        found = ALTERNATE.match(text, start) if start >= 0 else None
        if found and found.start("value") == value_at:
            return found.start(), found.end(), ""
        return None
    if not text.startswith("<a", tag):
        return None
    if elsewhere:
        item_at = text.rfind("<li", 0, tag)
        item = LINK_ITEM.match(text, item_at) if item_at >= 0 else None
        if item and item.start("value") == value_at:
            return item.start(), item.end(), ""
    element = LINK_ELEMENT.match(text, tag)
    if element and element.start("value") == value_at:
        return element.start(), element.end(), element["text"]
    return None


def offline_link(value: str, here: str, site: Path, lang: str, base_url: str) -> str:
    """`../services/x/` → `../services/x/index.html`; search → A–Z; another language → its public URL."""
    return LinkMap.of(site, lang, base_url).offline(value, here)


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
