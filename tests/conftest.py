"""Shared fixtures: the fixture community's site, built once per session, and a local server for it."""

from __future__ import annotations

import atexit
import contextlib
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# The build cache (pathways/engine/cache.py) of this test run only: never the developer's own, gone at the end.
os.environ.setdefault("PATHWAYS_CACHE", tempfile.mkdtemp(prefix="pathways-test-cache-"))
atexit.register(shutil.rmtree, os.environ["PATHWAYS_CACHE"], True)
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


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The browser moving to the next page mid-response (a broken pipe) is normal here, not a failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


SHIPPED_CONTENT = Path(__file__).parent.parent / "content"
SHIPPED_AS_OF = "2026-11-21"


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The shipped guides (Trois-Rivières, Brooks) built once per session without PDFs: `<tmp>/site/<id>/…`."""
    from pathways.cli import main

    out = tmp_path_factory.mktemp("shipped") / "site"
    assert main(["build", "--all", "--no-pdf", "--content", str(SHIPPED_CONTENT), "--as-of", SHIPPED_AS_OF,
                 "--out", str(out), "--lang", "en"]) == 0  # not --strict: test_shipped_content's KNOWN_GAPS
    return out


@pytest.fixture(scope="session")
def site_url(site_root):
    """Base URL of the built site served on 127.0.0.1 (the site folder is the server root)."""
    with serve(site_root) as url:
        yield url


# ---------------------------------------------------------------- browser (Debian chromium, Playwright)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def inject_axe(page) -> None:
    """axe-core into the page through DevTools, which the page's Content-Security-Policy does not govern
    (a <script> tag would be refused, as it must be: the pages allow no inline script)."""
    page.evaluate(axe_source() + "\n;undefined")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def outside():
    """Every request that left 127.0.0.1 (aborted before it could)."""
    return []


@pytest.fixture
def page(browser, outside):
    context = browser.new_context(locale="en-CA", timezone_id="America/Edmonton")

    def route(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    yield page
    context.close()
