"""Shared fixtures: the fixture community's site, built once per session, and a local server for it."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from pathlib import Path

import pytest

os.environ.setdefault("TZ", "UTC")  # never depend on the machine's time zone
if hasattr(time, "tzset"):
    time.tzset()

SITE_FIXTURE = Path(__file__).parent / "fixtures" / "content"
SITE_AS_OF = "2026-11-21"
SITE_COMMUNITY = "testville"


def build_fixture_site(out: Path, content: Path = SITE_FIXTURE, *extra: str) -> int:
    from pathways.cli import main

    return main(["build", "--content", str(content), "--community", SITE_COMMUNITY, "--as-of", SITE_AS_OF,
                 "--out", str(out), "--lang", "en", *extra])


@pytest.fixture(scope="session")
def site_root(tmp_path_factory) -> Path:
    """`<tmp>/site/testville`, built once for the whole session."""
    out = tmp_path_factory.mktemp("built") / "site"
    assert build_fixture_site(out) == 0
    return out / SITE_COMMUNITY


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 — keep test output readable
        pass


@pytest.fixture(scope="session")
def site_url(site_root):
    """Base URL of the built site served on 127.0.0.1 (the site folder is the server root)."""
    handler = functools.partial(_QuietHandler, directory=str(site_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
