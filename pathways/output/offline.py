""""Keep this guide on my phone" (issue 14, items 1 and 4): one service worker per community, written here.

Nothing is stored until the reader presses the button on the home or about page; pathways-offline.js then
registers `site/<id>/sw.js` (its scope is the community's folder, so it serves the pages of every language
and the booklets in `print/`) with the reader's choice in its address: `sw.js?keep=fr,fr-booklets`.
A *part* is what can be chosen: a language's pages (`fr`) and, optionally, its PDF booklets
(`fr-booklets`).

A language's pages are stored gzip-compressed (a third of a megabyte instead of two: the budget of
issue 14 is 1.5 MB per language): the build writes them as one pack, `offline/<lang>-<hash>.pack`, a
gzip member per file (each file's one DEFLATE stream, `precompress.Deflater`, which its `.gz` copy and its
zip entry reuse), and the worker keeps each member in the cache and unpacks it when it serves it
(DecompressionStream). The size shown beside the button is the pack's size, which is exactly what the
cache holds; the booklets (already compressed PDFs) are stored as they are, their size shown beside their
own choice. Each part's cache is named after a hash of its contents, so a new build changes `sw.js`:
browsers install the new version, store the new parts and delete the old caches.
"""

from __future__ import annotations

import hashlib
import html
import json
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from pathways import urls
from pathways.engine.cache import replace_file
from pathways.output.archive import size_text
from pathways.output.precompress import Deflater
from pathways.i18n import N_, gettext_for
from pathways.output.render import standalone_page
from pathways.resources import TEMPLATES

WORKER, OFFLINE_PAGE, PACKS, BOOKLETS = urls.WORKER, urls.OFFLINE_PAGE, urls.PACKS, urls.BOOKLETS  # the layout: urls.py
# Written by templates/pages/_offline.html.j2 where the sizes go.
SIZE_PLACEHOLDER = "PWOFFLINESIZE"
BOOKLETS_SIZE_PLACEHOLDER = "PWOFFLINEBOOKLETSSIZE"
BOOKLETS_CHOICE = re.compile(r'<p class="pw-offline__booklets"[^>]*>.*?</p>\s*', re.S)
# What an offline reader does not need: the search (it needs a server), the sitemap, the server's 404 page
# (the worker answers with offline.html) and the search page's script.
NOT_STORED = (urls.SEARCH_INDEX, "search", "sitemap.xml", "sitemap.xml.gz", "404.html",
              "assets/javascripts/pathways-search.js")
WORKER_SOURCE = TEMPLATES / "offline" / "sw.js"  # the worker's code; its settings are prepended per build
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass(frozen=True)
class Pack:
    """A language's stored pages: the gzip members end to end, and where each file's member is."""

    data: bytes
    files: list[tuple[str, int, int, str]]  # (address from the community root, offset, length, content type)


def write_offline_copies(site: Path, community_id: str, languages: list[str]) -> None:
    """Each language's `offline.html` and pack, the sizes on the pages that offer them, then `sw.js`."""
    write_worker(site, community_id, languages,
                 [write_language_offline(site, community_id, lang) for lang in languages])


def write_language_offline(site: Path, community_id: str, lang: str,
                           deflater: Deflater | None = None) -> dict[str, dict[str, object]]:
    """One language's `offline.html`, pack and shown sizes; returns its parts for `sw.js`. Touches only
    that language's files, so the languages of a build can be packed at the same time (`--jobs`).
    `deflater` holds the DEFLATE streams already made (the zip's, the precompressed copies'), by content."""
    parts: dict[str, dict[str, object]] = {}
    (site / lang / OFFLINE_PAGE).write_text(offline_page(lang), encoding="utf-8")
    booklets = booklet_files(site, lang)
    _show_booklets_size(site / lang, booklets, lang)
    pack = _pack_with_its_size(site, lang, deflater or Deflater())
    digest = hashlib.sha256(pack.data).hexdigest()[:16]
    (site / PACKS).mkdir(exist_ok=True)
    (site / PACKS / f"{lang}-{digest}.pack").write_bytes(pack.data)
    prefix = urls.offline_cache_prefix(community_id)
    parts[lang] = {"cache": f"{prefix}{lang}-{digest}", "pack": f"{PACKS}/{lang}-{digest}.pack",
                   "files": [list(file) for file in pack.files]}
    if booklets:
        parts[f"{lang}-booklets"] = {"cache": f"{prefix}{lang}-booklets-{_digest(site, booklets)}",
                                     "files": [p.relative_to(site).as_posix() for p in booklets]}
    return parts


def write_worker(site: Path, community_id: str, languages: list[str],
                 parts_by_language: list[dict[str, dict[str, object]]]) -> None:
    """`sw.js`: the worker's code, after its settings (every language's parts, in the community's order)."""
    parts = {name: part for language_parts in parts_by_language for name, part in language_parts.items()}
    settings = {"prefix": urls.offline_cache_prefix(community_id), "parts": parts,
                "offline": {lang: f"{lang}/{OFFLINE_PAGE}" for lang in languages}}
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    (site / WORKER).write_text(f"const PATHWAYS = {json.dumps(settings)};\n{source}", encoding="utf-8")


def stored_files(language: Path) -> list[Path]:
    """The files of a language the worker stores: every page and what the pages load."""
    return sorted(p for p in language.rglob("*") if p.is_file() and not _left_out(p.relative_to(language).as_posix())
                  and not urls.is_precompressed(p.name))


def booklet_files(site: Path, lang: str) -> list[Path]:
    return sorted((site / BOOKLETS).glob(f"*-{lang}.pdf"))


def _left_out(relative: str) -> bool:
    return any(relative == name or relative.startswith(f"{name}/") for name in NOT_STORED)


def _pack_with_its_size(site: Path, lang: str, deflater: Deflater) -> Pack:
    """The pack of the pages that show its own size: packed again until the size they show is the pack's
    (the size is shown to 0.1 MB, so the second round nearly always agrees). The rounds differ only in
    the pages showing the size: `deflater` (streams by content) spares compressing the others again."""
    shown = size_text(0, lang)
    for _round in range(5):
        pack = pack_language(site, lang, shown, deflater)
        if size_text(len(pack.data), lang) == shown:
            break
        shown = size_text(len(pack.data), lang)
    _fill(site / lang, SIZE_PLACEHOLDER, shown)
    return pack


def pack_language(site: Path, lang: str, size: str, deflater: Deflater | None = None) -> Pack:
    """Every stored file of the language, gzip-compressed (dated 0: building twice gives the same pack),
    its size placeholder replaced by `size`."""
    deflater = deflater or Deflater()
    data = bytearray()
    files = []
    for path in stored_files(site / lang):
        content = path.read_bytes()
        if path.suffix == ".html":
            content = content.replace(SIZE_PLACEHOLDER.encode(), size.encode("utf-8"))
        member = deflater.gzip(content)
        files.append((_address(path.relative_to(site).as_posix()), len(data), len(member), _content_type(path)))
        data += member
    return Pack(bytes(data), files)


def _address(path: str) -> str:
    """What the browser asks for: `fr/statuses/pr/` for `fr/statuses/pr/index.html`."""
    return path.removesuffix("index.html")


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def _digest(site: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _show_booklets_size(language: Path, booklets: list[Path], lang: str) -> None:
    """The booklets' own choice, with their size; no choice where the build has no booklets."""
    if booklets:
        _fill(language, BOOKLETS_SIZE_PLACEHOLDER, size_text(sum(p.stat().st_size for p in booklets), lang))
        return
    for page in sorted(language.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        if BOOKLETS_SIZE_PLACEHOLDER in text:
            replace_file(page, BOOKLETS_CHOICE.sub("", text).encode("utf-8"))  # may be a cache link


def _fill(language: Path, placeholder: str, size: str) -> None:
    for page in sorted(language.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        if placeholder in text:
            replace_file(page, text.replace(placeholder, size).encode("utf-8"))  # may be a cache link


def offline_page(lang: str) -> str:
    """What the reader sees, offline, for a page the phone does not hold."""
    _ = gettext_for(lang)
    title = html.escape(_(N_("You are offline")))
    said = html.escape(_(N_("This page is not stored on this phone. Stored: the pages of this guide in the "
                            "languages you chose, and the PDF booklets if you chose them. Not stored: the search.")))
    home = html.escape(_(N_("Home page")))
    return standalone_page(lang, _(N_("You are offline")), Markup(f"\n<h1>{title}</h1>\n<p>{said}</p>\n<p><a href=\"./\">{home}</a></p>\n"))

