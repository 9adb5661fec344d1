"""Issue 12: the pieces that make a build fast keep its output the same.

Whole-build identity (one process, several, cached) is tested in test_incremental.py; here, each piece."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import jinja2
import material

from pathways.engine.pool import _context
from pathways.output.site import VisibleFilesLoader

MATERIAL = Path(material.__file__).parent / "templates"


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in name.split("/")[:-1])


def test_the_theme_listing_skips_only_hidden_folders(tmp_path):
    (tmp_path / ".icons" / "set").mkdir(parents=True)
    (tmp_path / ".icons" / "set" / "a.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.css").write_text("a{}", encoding="utf-8")
    (tmp_path / ".hidden-file").write_text("", encoding="utf-8")
    dirs = [str(tmp_path), str(MATERIAL)]
    everything = jinja2.FileSystemLoader(dirs).list_templates()
    listed = VisibleFilesLoader(dirs).list_templates()
    assert listed == [name for name in everything if not _hidden(name)]
    assert "assets/x.css" in listed and ".hidden-file" in listed and ".icons/set/a.svg" not in listed
    assert len(everything) - len(listed) > 10_000  # Material's icons: what the listing no longer walks
    # Templates still include icons from the hidden folder: only the listing skips it.
    env = jinja2.Environment(loader=VisibleFilesLoader(dirs))
    assert env.get_template(".icons/set/a.svg").render() == "<svg/>"


def test_workers_fork_only_when_no_other_thread_runs(monkeypatch):
    # Other tests may leave threads behind (a browser driver): the count is what this process would see.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert _context().get_start_method() == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert _context().get_start_method() == "forkserver"  # `serve`: its HTTP thread may hold a lock


def test_the_cache_keeps_the_most_recently_used_entries_of_each_kind(tmp_path, monkeypatch):
    from pathways.engine import cache

    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "KEEP_FILES", 3)
    for number, key in enumerate("abc"):
        cache.put_bytes("booklets", key, key.encode())
        os.utime(tmp_path / "booklets" / key, (1000 + number, 1000 + number))  # a written before b before c
    assert cache.get_bytes("booklets", "a") == b"a"  # used again: now the most recent
    cache.put_bytes("booklets", "d", b"d")
    assert sorted(os.listdir(tmp_path / "booklets")) == ["a", "c", "d"]  # b, the least recently used, went
    cache.put_bytes("archives", "z", b"z")  # another kind counts apart
    assert cache.get_bytes("archives", "z") == b"z" and len(os.listdir(tmp_path / "booklets")) == 3


def test_builds_of_two_communities_into_one_folder_do_not_wait_for_each_other(tmp_path, monkeypatch):
    import fcntl

    from pathways.engine.publish import _lock_file, locked

    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "site"

    def free(name: str) -> bool:
        """Whether a second build of `name` would get the lock now (asked without waiting)."""
        handle = _lock_file(out / name)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
        finally:
            os.close(handle)

    with locked(out / "trois-rivieres"):
        assert free("brooks")  # another community: at the same time
        assert not free("trois-rivieres")  # the same community: waits for the first build
    assert free("trois-rivieres")
    assert not list(out.iterdir())  # nothing left in the site: the lock files are in the cache


def test_a_parsed_file_comes_back_from_the_cache_with_its_positions(tmp_path, monkeypatch):
    from pathways.engine import cache
    from pathways.content.load import parse_yaml

    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path))
    text = "- id: clinic\n  name: {fr: Clinique, en: Clinic}\n  phones: [811]\n"
    first_problems: list = []
    first = parse_yaml(text, "a/services.yaml", first_problems)
    assert not first_problems and len(os.listdir(tmp_path / "parsed")) == 1
    again = parse_yaml(text, "b/services.yaml", [])
    assert again == first and again is not first
    assert (again.item_at, again[0].key_at, again[0]["name"].value_at) == \
        (first.item_at, first[0].key_at, first[0]["name"].value_at)
    # A damaged entry is parsed again (and written anew).
    entry = tmp_path / "parsed" / os.listdir(tmp_path / "parsed")[0]
    entry.write_bytes(b"not a pickle")
    assert parse_yaml(text, "c/services.yaml", []) == first
    assert entry.read_bytes() != b"not a pickle"
    # A text with a problem is never cached: its message names the file it was read from.
    problems: list = []
    assert parse_yaml("- id: [unclosed\n", "d/services.yaml", problems) is None
    assert problems and len(os.listdir(tmp_path / "parsed")) == 1
    assert cache.get_bytes("parsed", "missing") is None


def _cache_seen_by_a_worker() -> str:
    return os.environ.get("PATHWAYS_CACHE", "")


def test_workers_use_the_cache_of_the_build_that_started_them(tmp_path, monkeypatch):
    from pathways.engine.pool import pool

    monkeypatch.setattr(threading, "active_count", lambda: 2)  # a fork server, as under `serve`
    for name in ("first", "second"):  # the server started with the first; the second build names another
        monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / name))
        with pool(2) as executor:
            assert executor.submit(_cache_seen_by_a_worker).result() == str(tmp_path / name)


def test_check_on_every_core_says_what_one_process_says(monkeypatch):
    import datetime as dt

    import pathways.commands.check
    from pathways.commands.check import check_in_parallel
    from conftest import SHIPPED_CONTENT
    from pathways.content.load import load_content

    content = load_content(SHIPPED_CONTENT)  # two communities: one share each
    as_of = dt.date(2026, 11, 21)
    alone = check_in_parallel(content, None, as_of, 1)
    forks = []
    monkeypatch.setattr(pathways.commands.check, "can_fork", lambda: forks.append(1) or True)
    shared = check_in_parallel(content, None, as_of, 2)
    assert forks  # the shares really went to workers
    assert shared[0].problems == alone[0].problems and alone[0].problems  # the shipped content has warnings
    assert shared[1] == alone[1] and len(alone[1]) == 4  # two communities × es, ar
