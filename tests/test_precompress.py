"""Precompressed copies beside every text file (issue 25 item 6), for servers that send them: each one is
its file compressed (gzip dated 0, Brotli), and neither the zip nor the offline pack holds them."""

from __future__ import annotations

import gzip
import json
import zipfile
import zlib
from pathlib import Path

import brotli
import pytest

from pathways import urls
from pathways.output.precompress import Deflater, is_text, text_files, write_precompressed


def test_every_text_file_of_the_site_has_both_copies_and_they_hold_it(site_root: Path):
    texts = text_files(site_root)
    assert len(texts) > 50 and site_root / "fr" / "index.html" in texts and site_root / urls.WORKER in texts
    for path in texts:
        data = path.read_bytes()
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        if gz.exists():
            assert gzip.decompress(gz.read_bytes()) == data
            if gz.name != "sitemap.xml.gz":  # MkDocs' own, dated as_of (kept as it is)
                assert gz.read_bytes()[4:8] == b"\0\0\0\0"  # dated 0: the same bytes every build
        if br.exists():
            assert brotli.decompress(br.read_bytes()) == data
        if len(data) > 1000:  # a small file may not shrink: then there is no copy
            assert gz.exists() and br.exists(), path
    binary = [p for p in site_root.rglob("*") if p.is_file() and not is_text(p) and not urls.is_precompressed(p.name)]
    assert binary and not [p for p in binary if p.with_name(p.name + ".br").exists()]  # PDFs, zips, packs: none


def test_the_zip_and_the_offline_pack_hold_no_copy(site_root: Path):
    for archive in (site_root / urls.DOWNLOADS).glob("*.zip"):
        names = zipfile.ZipFile(archive).namelist()
        assert names and not [name for name in names if urls.is_precompressed(name)]
    worker = (site_root / urls.WORKER).read_text(encoding="utf-8")
    settings = json.loads(worker.split("\n", 1)[0].removeprefix("const PATHWAYS = ").removesuffix(";"))
    stored = [file[0] if isinstance(file, list) else file for part in settings["parts"].values() for file in part["files"]]
    assert len(stored) > 20 and not [name for name in stored if urls.is_precompressed(name)]


def test_a_stream_already_made_is_used_as_it_is_and_a_copy_that_does_not_shrink_is_not_written(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text("<p>" + "hello " * 400 + "</p>", encoding="utf-8")
    tiny = tmp_path / "tiny.js"
    tiny.write_text("x", encoding="utf-8")
    deflater = Deflater()
    member = deflater.gzip(page.read_bytes())  # as the offline pack makes it
    assert write_precompressed([page, tiny], deflater) == 3  # brotli twice, gzip once (tiny)
    assert (tmp_path / "page.html.gz").read_bytes() == member
    assert not (tmp_path / "tiny.js.gz").exists() and not (tmp_path / "tiny.js.br").exists()


@pytest.mark.parametrize("data", [b"", b"x", "<p>é</p>\n".encode() * 5000, bytes(range(256)) * 300])
def test_a_gzip_member_from_the_one_stream_is_what_gzip_writes(data: bytes):
    """Dated 0, level 9: the bytes `gzip.compress` writes, so the copies and packs are those of before."""
    assert Deflater().gzip(data) == gzip.compress(data, 9, mtime=0)
    assert zlib.decompress(Deflater().deflated(data).stream, wbits=-15) == data


def test_each_content_is_deflated_once():
    deflater = Deflater()
    first = deflater.deflated(b"same " * 100)
    assert deflater.deflated(b"same " * 100) is first and deflater.gzip(b"same " * 100)
    assert deflater.runs == 1
    deflater.deflated(b"other")
    assert deflater.runs == 2


def test_a_build_deflates_each_content_once_per_language(tmp_path: Path, monkeypatch):
    """Compressed once (issue 25 item 1): the zip, the offline pack and the .gz copies share each file's
    stream, so no content of a language is deflated twice (a file every language ships, once a language)."""
    import datetime as dt
    from collections import Counter

    from conftest import SITE_AS_OF
    from helpers import content_copy
    from pathways.commands.build import build_community_report
    from pathways.commands.check import check_content
    from pathways.content.load import load_content
    from pathways.output import precompress

    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache"))
    deflated: Counter[bytes] = Counter()
    compress = zlib.compress

    def counting(data, level=-1, wbits=15):
        if wbits == -15:
            deflated[bytes(data)] += 1
        return compress(data, level, wbits=wbits)

    monkeypatch.setattr(precompress.zlib, "compress", counting)
    content = content_copy(tmp_path)
    checked = check_content(load_content(content), None, dt.date.fromisoformat(SITE_AS_OF))
    built = build_community_report(checked.communities["ca/ab/testville"], tmp_path / "site", content=content,
                                   booklets=False, jobs=1)
    pages = [p.read_bytes() for p in (built.path / "fr").rglob("*.html")]
    assert len(pages) > 20 and all(deflated[page] == 1 for page in pages)  # the pack's, its .gz: one stream
    assert len(deflated) > 100 and max(deflated.values()) <= 2  # fr and en: a shared stylesheet twice at most
