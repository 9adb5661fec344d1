"""The offline copy each build writes (issue 14, items 1 and 2): one worker per community whose parts are a
language's pages (one gzip pack) and, optionally, its booklets; every page of the language in it, nothing
the reader does not need; within the budget of 1.5 MB per language for the shipped guides; a new cache
name when the site changes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import SITE_COMMUNITY
from pathways import urls
from pathways.output.archive import size_text
from pathways.output.offline import (BOOKLETS_SIZE_PLACEHOLDER, SIZE_PLACEHOLDER, WORKER, stored_files,
                              write_offline_copies)
from pathways.output.site import UNUSED_THEME_FILES

BUDGET = 1_500_000  # bytes: one language of a community, without its booklets (issue 14)


def settings(site: Path) -> dict:
    text = (site / WORKER).read_text(encoding="utf-8")
    assert text.startswith("const PATHWAYS = ")
    return json.loads(text.removeprefix("const PATHWAYS = ").split(";\n", 1)[0])


def languages(site: Path) -> list[str]:
    """The languages a built guide has (es/ar may join fr and en): the folders holding a home page."""
    found = sorted(p.parent.name for p in site.glob("*/index.html"))
    assert found
    return found


def stored_bytes(site: Path, lang: str) -> int:
    """What the worker stores for a language's pages: the members of its pack, end to end."""
    part = settings(site)["parts"][lang]
    pack = (site / part["pack"]).read_bytes()
    ends = [offset + length for _, offset, length, _ in part["files"]]
    assert [offset for _, offset, _, _ in part["files"]] == [0, *ends[:-1]] and ends[-1] == len(pack)
    return len(pack)


def unpacked(site: Path, lang: str) -> dict[str, bytes]:
    part = settings(site)["parts"][lang]
    pack = (site / part["pack"]).read_bytes()
    return {url: gzip.decompress(pack[offset:offset + length]) for url, offset, length, _ in part["files"]}


def page_addresses(site: Path, lang: str) -> set[str]:
    """Every page of the language, as the browser asks for it, but the search and the server's 404 page."""
    pages = {p.relative_to(site).as_posix().removesuffix("index.html") for p in (site / lang).rglob("index.html")}
    assert len(pages) > 10
    return {page for page in pages if not page.startswith((f"{lang}/search/", f"{lang}/pagefind/"))}


def test_each_shipped_language_is_stored_within_the_budget(shipped_site):
    checked = []
    for site in sorted(p for p in shipped_site.iterdir() if p.is_dir()):
        for lang in languages(site):
            size = stored_bytes(site, lang)
            assert size <= BUDGET, f"{site.name}/{lang}: {size} bytes stored offline"
            checked.append(lang)
    assert len(checked) >= 4  # both communities, every language


def test_each_shipped_language_is_stored_whole(shipped_site):
    """Every entry is a file of the site, every page of the language is an entry, and the stored bytes are
    the files as published (the sizes included)."""
    for site in sorted(p for p in shipped_site.iterdir() if p.is_dir()):
        for lang in languages(site):
            stored = unpacked(site, lang)
            assert page_addresses(site, lang) <= set(stored)
            for url, content in stored.items():
                path = site / (url + "index.html" if url.endswith("/") else url)
                assert path.is_file() and path.read_bytes() == content, url
            assert not [url for url in stored if not url.startswith(f"{lang}/") or "/search/" in url
                        or "pagefind" in url or url.endswith(("404.html", ".map", "pathways-search.js"))]


def test_unused_theme_files_are_not_in_the_site(shipped_site):
    site = shipped_site / "trois-rivieres"
    for lang in languages(site):
        assert not [p for pattern in UNUSED_THEME_FILES for p in (site / lang).glob(pattern)]
        assert not list((site / lang).rglob("*.map"))
        assets = sorted(p for p in (site / lang / "assets").rglob("*") if p.is_file()
                        and not urls.is_precompressed(p.name))  # a server's copies of the assets (precompress.py)
        texts = {p: p.read_text(encoding="utf-8")
                 for suffix in ("html", "css", "js") for p in (site / lang).rglob(f"*.{suffix}")}
        assert len(assets) > 5
        unused = [asset.name for asset in assets
                  if not any(asset.name in text for path, text in texts.items() if path != asset)]
        assert unused == []  # every asset left is loaded by a page, a stylesheet or a script


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_fixture_worker_parts_and_sizes_shown(site_root, lang):
    parts = settings(site_root)["parts"]
    assert parts[lang]["cache"].startswith(f"pathways/{SITE_COMMUNITY}/{lang}-")
    stored = unpacked(site_root, lang)
    assert {f"{lang}/", f"{lang}/statuses/pr-economic/", f"{lang}/services/testville-clinic/", f"{lang}/a-z/",
            f"{lang}/offline.html", f"{lang}/assets/javascripts/pathways-offline.js"} <= set(stored)
    booklets = parts[f"{lang}-booklets"]
    assert f"print/pr-economic-{lang}.pdf" in booklets["files"] and all(f.endswith(f"-{lang}.pdf")
                                                                        for f in booklets["files"])
    home = (site_root / lang / "index.html").read_text(encoding="utf-8")
    assert f"({size_text(stored_bytes(site_root, lang), lang)})" in home
    booklets_size = sum((site_root / f).stat().st_size for f in booklets["files"])
    assert f"({size_text(booklets_size, lang)})</label>" in home
    assert SIZE_PLACEHOLDER not in home and BOOKLETS_SIZE_PLACEHOLDER not in home


def _site(tmp_path: Path, home: str, booklet: bool) -> Path:
    site = tmp_path / "town"
    (site / "fr" / "statuses" / "pr").mkdir(parents=True, exist_ok=True)
    (site / "fr" / "index.html").write_text(home, encoding="utf-8")
    (site / "fr" / "statuses" / "pr" / "index.html").write_text("<h1>PR</h1>", encoding="utf-8")
    (site / "fr" / "search").mkdir(exist_ok=True)
    (site / "fr" / "search" / "index.html").write_text("<h1>Search</h1>", encoding="utf-8")
    if booklet:
        (site / "print").mkdir(exist_ok=True)
        (site / "print" / "pr-fr.pdf").write_bytes(b"%PDF-1.7 booklet")
    return site


CHOICE = f'<p class="pw-offline__booklets"><label><input type="checkbox"> ({BOOKLETS_SIZE_PLACEHOLDER})</label></p>\n'


def test_new_content_new_cache(tmp_path):
    site = _site(tmp_path, f"<p>{SIZE_PLACEHOLDER}</p>{CHOICE}", booklet=True)
    write_offline_copies(site, "town", ["fr"])
    first = settings(site)
    assert [entry[0] for entry in first["parts"]["fr"]["files"]] == ["fr/", "fr/offline.html", "fr/statuses/pr/"]
    assert first["parts"]["fr-booklets"]["files"] == ["print/pr-fr.pdf"]
    home = (site / "fr" / "index.html").read_text(encoding="utf-8")
    assert home.startswith("<p>0,1 Mo</p>") and "(0,1 Mo)</label>" in home
    assert unpacked(site, "fr")["fr/"] == home.encode()  # stored as published, its size written in
    write_offline_copies(site, "town", ["fr"])
    assert settings(site) == first  # same site, same caches
    (site / "fr" / "statuses" / "pr" / "index.html").write_text("<h1>PR, changed</h1>", encoding="utf-8")
    write_offline_copies(site, "town", ["fr"])
    changed = settings(site)["parts"]
    assert changed["fr"]["cache"] != first["parts"]["fr"]["cache"]
    assert changed["fr-booklets"] == first["parts"]["fr-booklets"]  # booklets unchanged: not downloaded again
    assert settings(site)["prefix"] == "pathways/town/"  # no other guide's caches start with it (issue 23)


def test_no_booklets_no_booklet_choice(tmp_path):
    site = _site(tmp_path, f"<p>{SIZE_PLACEHOLDER}</p>{CHOICE}<p>after</p>", booklet=False)
    write_offline_copies(site, "town", ["fr"])
    assert list(settings(site)["parts"]) == ["fr"]
    assert (site / "fr" / "index.html").read_text(encoding="utf-8") == "<p>0,1 Mo</p><p>after</p>"


def test_stored_files_leave_out_what_offline_readers_do_not_need(tmp_path):
    site = _site(tmp_path, "<p>home</p>", booklet=False)
    (site / "fr" / "404.html").write_text("gone", encoding="utf-8")
    assert [p.relative_to(site).as_posix() for p in stored_files(site / "fr")] == ["fr/index.html",
                                                                                 "fr/statuses/pr/index.html"]
