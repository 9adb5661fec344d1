"""Precompressed copies for any host (issue 25 item 6): `page.html.gz` and `page.html.br` beside every text
file of the site, for servers that send a file's precompressed copy instead of compressing it each time
(nginx `gzip_static`/`brotli_static`, Apache with mod_rewrite, Caddy `file_server { precompressed }`: the
README says how). A server that does not look for them serves the files as before.

The copies are a function of the file alone: gzip at level 9 dated 0 (no name, no time in the header) and
Brotli (`BROTLI_QUALITY`), so building twice writes the same bytes.

Each file is deflated once (`Deflater`: raw DEFLATE, zlib level 9, by content) and that one stream is
wrapped three ways: in a gzip header and trailer for its `.gz` copy and for its member of the offline pack
(`offline.pack_language`), and as its entry of the downloadable zip (`archive.zip_bytes`). The bytes are
those `gzip.compress(data, 9, mtime=0)` and `zipfile` write (same zlib, same settings: tests compare them).
The Brotli copy
of a file every language ships (stylesheets, scripts, the search's files) is made once per process (the
languages a worker finishes share it); an unchanged language's copies come from its finished cache entry. A copy that
would not be smaller than its file is not written (the server sends the file). What the site already
holds is kept (MkDocs' `sitemap.xml.gz`). The downloadable zip and the offline pack never include them.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from pathways import urls
from pathways.engine.cache import digest

TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
# Quality 11 makes the pages 9 % smaller than 5 but takes ten times as long (130 ms for a 60 KB page):
# 5 is already smaller than gzip at level 9, at a third of the time of the whole site's gzip.
BROTLI_QUALITY = 5


LEVEL = 9  # zlib's best: every compressed copy of the site (zip, pack, .gz)
# What gzip.compress(data, LEVEL, mtime=0) writes before the stream: no name, dated 0, this zlib's OS byte.
GZIP_HEADER = gzip.compress(b"", LEVEL, mtime=0)[:10]


@dataclass(frozen=True)
class Deflated:
    """A file's raw DEFLATE stream, with what its wrappers record: the CRC-32 and size of the file."""

    stream: bytes
    crc: int
    size: int

    def gzip(self) -> bytes:
        """The gzip member of the file (RFC 1952): the `.gz` copy and the offline pack's member."""
        return GZIP_HEADER + self.stream + struct.pack("<II", self.crc, self.size & 0xFFFFFFFF)


@dataclass
class Deflater:
    """Each content deflated once, however many wrappers use it (a language's finishing shares one)."""

    made: dict[bytes, Deflated] = field(default_factory=dict)
    runs: int = 0  # how many streams were really compressed

    def deflated(self, data: bytes) -> Deflated:
        found = self.made.get(data)
        if found is None:
            found = Deflated(zlib.compress(data, LEVEL, wbits=-15), zlib.crc32(data), len(data))
            self.made[data] = found
            self.runs += 1
        return found

    def gzip(self, data: bytes) -> bytes:
        return self.deflated(data).gzip()


def is_text(path: Path) -> bool:
    return path.suffix in TEXT_SUFFIXES


def write_precompressed(files: list[Path], deflater: Deflater | None = None) -> int:
    """`.gz` and `.br` beside each text file of `files` (`deflater`: the streams already made, by content,
    e.g. for the offline pack); returns how many compressions ran here (a stream `deflater` held is not one)."""
    import brotli

    deflater = deflater or Deflater()
    compressed = 0
    for path in files:
        if not is_text(path) or not path.is_file():
            continue
        data = path.read_bytes()
        runs = deflater.runs
        member = deflater.gzip(data)
        compressed += deflater.runs - runs
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
