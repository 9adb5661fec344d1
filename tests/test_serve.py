"""`pathways serve`: rebuild when a content file changes, keep serving the last good build.

The rebuild logic is tested without a server; then one short real start/stop on 127.0.0.1 with a fake
build (fast, no MkDocs), where a failed build must leave the previous pages in place."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import threading
import urllib.request
from pathlib import Path

import pytest

from helpers import FIXTURE
from pathways import serve as serve_module
from pathways.cli import UsageError, main
from pathways.serve import Rebuilder, serve, snapshot


def touch(path: Path, text: str, tick: int) -> None:
    """Write and give the file a distinct modification time (file systems may round times)."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(tick * 1_000_000_000, tick * 1_000_000_000))


def test_snapshot_sees_edits_additions_and_removals(tmp_path):
    touch(tmp_path / "a.yaml", "a", 1)
    first = snapshot([tmp_path, tmp_path / "missing"])
    touch(tmp_path / "a.yaml", "a", 2)
    assert snapshot([tmp_path]) != first
    edited = snapshot([tmp_path])
    touch(tmp_path / "b.yaml", "b", 2)
    assert snapshot([tmp_path]) != edited
    (tmp_path / "b.yaml").unlink()
    assert snapshot([tmp_path]) == edited


def test_rebuilds_only_when_something_changed(tmp_path):
    touch(tmp_path / "a.yaml", "a", 1)
    codes = iter([0, 1, 0])
    rebuilder = Rebuilder([tmp_path], lambda: next(codes))
    assert rebuilder.poll() is True and rebuilder.last_code == 0  # the first look always builds
    assert rebuilder.poll() is False and rebuilder.builds == 1
    touch(tmp_path / "a.yaml", "broken", 2)
    assert rebuilder.poll() is True and rebuilder.last_code == 1
    assert rebuilder.poll() is False  # a failed build is not retried until the next change
    touch(tmp_path / "a.yaml", "fixed", 3)
    assert rebuilder.poll() is True and (rebuilder.builds, rebuilder.good_builds) == (3, 2)


# ---------------------------------------------------------------- a real server on 127.0.0.1


def options(content: Path, community: str | None = "testville", port: int = 0) -> argparse.Namespace:
    return argparse.Namespace(command="serve", content=content, as_of=dt.date(2026, 11, 21), lang="en",
                              community=community, port=port)


class FakeBuild:
    """Writes out/testville/index.html with the text of content/page.txt; 'broken' fails like a bad build."""

    def __init__(self, content: Path):
        self.content = content

    def __call__(self, args: argparse.Namespace, out: Path) -> int:
        text = (self.content / "page.txt").read_text(encoding="utf-8")
        if text == "broken":
            print("content/page.txt:1:1: broken")
            return 1
        (out / "testville").mkdir(parents=True, exist_ok=True)
        (out / "testville" / "index.html").write_text(text, encoding="utf-8")
        return 0


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.headers["Cache-Control"] == "no-store"
        return response.read().decode()


def wait_for(condition, seconds: float = 10.0) -> None:
    stop = threading.Event()
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        stop.wait(0.05)
    raise AssertionError("condition not met in time")


def test_serves_rebuilds_and_keeps_the_last_good_build(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    import shutil

    shutil.copytree(FIXTURE, content)
    touch(content / "page.txt", "version 1", 1)
    monkeypatch.setattr(serve_module, "POLL_SECONDS", 0.05)
    monkeypatch.chdir(tmp_path)
    stop, ready = threading.Event(), []
    thread = threading.Thread(target=serve, args=(options(content), stop, ready.append, FakeBuild(content)))
    thread.start()
    try:
        wait_for(lambda: ready)
        url = ready[0]
        assert url.startswith("http://127.0.0.1:")
        assert fetch(url) == "version 1"
        touch(content / "page.txt", "version 2", 2)
        wait_for(lambda: fetch(url) == "version 2")
        touch(content / "page.txt", "broken", 3)
        wait_for(lambda: "The preview still shows the last good build." in capsys.readouterr().out)
        assert fetch(url) == "version 2"
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    port = int(url.rsplit(":", 1)[1].strip("/"))
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_a_port_in_use_is_a_usage_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UsageError, match=f"port {port} is already in use: try another one, e.g. --port {port + 1}"):
            serve(options(FIXTURE, port=port), threading.Event(), build=lambda args, out: 0)


def test_an_unknown_community_is_a_usage_error(capsys):
    assert main(["serve", "--content", str(FIXTURE), "--community", "nowhere", "--lang", "en"]) == 2
    assert capsys.readouterr().err == "pathways: unknown community 'nowhere'; known communities: testville\n"


def test_without_community_the_only_one_is_served(tmp_path):
    args = options(FIXTURE, community=None)
    stop = threading.Event()
    stop.set()  # serve once: build, start, stop at the first look
    assert serve(args, stop, build=lambda a, out: 0) == 0
    assert args.community == "ca/ab/testville"
