"""Precompressed copies for any host (issue 25 item 6): `page.html.gz` and `page.html.br` beside every text
file of the site, for servers that send a file's precompressed copy instead of compressing it each time
(nginx `gzip_static`/`brotli_static`, Apache with mod_rewrite, Caddy `file_server { precompressed }`: the
README says how). A server that does not look for them serves the files as before.

The copies are a function of the file alone: gzip at level 9 dated 0 (no name, no time in the header) and
Brotli (`BROTLI_QUALITY`), so building twice writes the same bytes. A gzip copy is the very member the
offline pack stores for that file (`offline.pack_language`): compressed once, used twice; the Brotli copy
of a file every language ships (stylesheets, scripts, the search's files) is made once per process (the
languages a worker finishes share it); an unchanged language's copies come from its finished cache entry. A copy that
would not be smaller than its file is not written (the server sends the file). What the site already
holds is kept (MkDocs' `sitemap.xml.gz`). The downloadable zip and the offline pack never include them.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from pathways import urls
from pathways.engine.cache import digest

TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
# Quality 11 makes the pages 9 % smaller than 5 but takes ten times as long (130 ms for a 60 KB page):
# 5 is already smaller than gzip at level 9, at a third of the time of the whole site's gzip.
BROTLI_QUALITY = 5


def is_text(path: Path) -> bool:
    return path.suffix in TEXT_SUFFIXES


def write_precompressed(files: list[Path], gzipped: dict[bytes, bytes] | None = None) -> int:
    """`.gz` and `.br` beside each text file of `files` (`gzipped`: gzip members already made, by content);
    returns how many compressions ran here (a gzip member taken from `gzipped` is not one)."""
    import brotli

    compressed = 0
    for path in files:
        if not is_text(path) or not path.is_file():
            continue
        data = path.read_bytes()
        member = gzipped.get(data) if gzipped is not None else None
        if member is None:
            member = gzip.compress(data, compresslevel=9, mtime=0)
            compressed += 1
        _write_if_smaller(path.with_name(path.name + ".gz"), member, len(data))
        shared = path.suffix != ".html"  # stylesheets, scripts, the search's files: the same in every language
        made = _brotli_shared(data) if shared else None
        if made is None:
            made = brotli.compress(data, quality=BROTLI_QUALITY)
            compressed += 1
            if shared:
                _brotli_done(data, made)
        _write_if_smaller(path.with_name(path.name + ".br"), made, len(data))
    return compressed


def _brotli_shared(data: bytes) -> bytes | None:
    """The Brotli copy of a file every language (and community) ships, when this process made one before."""
    return _MADE.get(digest(data))


def _brotli_done(data: bytes, made: bytes) -> None:
    _MADE[digest(data)] = made


_MADE: dict[str, bytes] = {}  # this process's Brotli copies of shared files (a worker finishes many languages)


def text_files(folder: Path) -> list[Path]:
    """The text files below `folder` (not the copies)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_text(p) and not urls.is_precompressed(p.name))


def _write_if_smaller(target: Path, data: bytes, size: int) -> None:
    if len(data) < size and not target.exists():
        target.write_bytes(data)
