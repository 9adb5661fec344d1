"""The cache keeps a language's output as hard links to the files the build wrote (issue 25 item 5: no bytes
copied), so nothing may change those files in place afterwards: finishing a language (the zip's and the
pack's sizes on the pages) replaces them, and the cached language keeps what MkDocs wrote."""

from __future__ import annotations

import datetime as dt
import os

from conftest import SITE_AS_OF
from helpers import content_copy
from pathways.commands.build import build_community_report
from pathways.commands.check import check_content
from pathways.content.load import load_content
from pathways.engine import cache
from pathways.output.archive import SIZE_PLACEHOLDER


def test_cached_languages_are_links_and_keep_what_mkdocs_wrote(tmp_path, monkeypatch):
    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache"))
    content = content_copy(tmp_path)
    checked = check_content(load_content(content), None, dt.date.fromisoformat(SITE_AS_OF))
    built = build_community_report(checked.communities["ca/ab/testville"], tmp_path / "site", content=content,
                                   booklets=False)
    languages = sorted((tmp_path / "cache" / "languages").iterdir())
    assert len(languages) == 2  # fr, en
    for tree in languages:
        home = tree / "index.html"
        # the home page links the zip with its size: finishing wrote the size in the published page only
        assert SIZE_PLACEHOLDER.encode() in home.read_bytes()
        published = built.path / ("fr" if "lang=\"fr\"" in home.read_text(encoding="utf-8") else "en") / "index.html"
        assert SIZE_PLACEHOLDER.encode() not in published.read_bytes()
        linked = [p for p in tree.rglob("*") if p.is_file() and p.stat().st_nlink > 1]
        assert len(linked) > 10  # stored as links, not copies (a temporary folder on the same file system)
    for entry in sorted((tmp_path / "cache" / "finished").iterdir()):  # what finishing wrote: copies
        zips = list((entry / "download").glob("*.zip"))
        assert len(zips) == 1 and zips[0].stat().st_nlink == 1
        published = built.path / "download" / zips[0].name
        assert published.read_bytes() == zips[0].read_bytes()

def test_replace_file_never_writes_into_the_file_that_is_there(tmp_path):
    original = tmp_path / "a.html"
    original.write_text("old", encoding="utf-8")
    os.link(original, tmp_path / "cached.html")
    cache.replace_file(original, b"new")
    assert original.read_bytes() == b"new" and (tmp_path / "cached.html").read_bytes() == b"old"


def test_put_files_copies_the_files_and_writes_the_bytes(tmp_path, monkeypatch):
    """The finished entry holds published files: copies, so a page edited in place by hand stays out of it."""
    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache"))
    stage = tmp_path / "stage"
    (stage / "fr").mkdir(parents=True)
    (stage / "fr" / "index.html").write_text("page", encoding="utf-8")
    cache.put_files("finished", "k", {"fr/index.html": stage / "fr" / "index.html"}, {"parts.json": b"{}"})
    (stage / "fr" / "index.html").write_text("edited", encoding="utf-8")
    entry = cache.tree("finished", "k")
    assert entry is not None and (entry / "parts.json").read_bytes() == b"{}"
    assert (entry / "fr" / "index.html").read_text(encoding="utf-8") == "page"
    assert sorted(p.relative_to(entry).as_posix() for p in entry.rglob("*")) == ["fr", "fr/index.html", "parts.json"]


def test_a_published_page_edited_in_place_is_built_again(tmp_path, monkeypatch):
    """A published page is a hard link of the cached language: edited in place by hand (as an editor that
    keeps the file does), the cached copy changes with it; the next build sees it and renders the page again."""
    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache"))
    content = content_copy(tmp_path)
    checked = check_content(load_content(content), None, dt.date.fromisoformat(SITE_AS_OF))
    community = checked.communities["ca/ab/testville"]
    built = build_community_report(community, tmp_path / "site", content=content, booklets=False)
    linked = sorted(p for p in (built.path / "en").rglob("*.html") if p.stat().st_nlink > 1)
    assert linked
    page = linked[0]
    original = page.read_bytes()
    with open(page, "r+b") as edited:  # in place: the same inode as the cache's
        edited.write(b"<!-- edited by hand -->")
    assert page.read_bytes() != original
    rebuilt = build_community_report(community, tmp_path / "site", content=content, booklets=False)
    assert (rebuilt.path / page.relative_to(built.path)).read_bytes() == original


def test_an_entry_whose_files_changed_is_not_given(tmp_path, monkeypatch):
    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache"))
    stage = tmp_path / "stage"
    stage.mkdir()
    (stage / "a.html").write_text("page", encoding="utf-8")
    cache.put_tree("languages", "k", stage)
    assert cache.tree("languages", "k") is not None
    os.utime(stage / "a.html", ns=(1, 1))  # a link of the entry's file: the entry changed too
    assert cache.tree("languages", "k") is None and not cache.get_tree("languages", "k", tmp_path / "into")
    cache.put_tree("languages", "k", stage)  # stored again, as it is now
    assert cache.tree("languages", "k") is not None
