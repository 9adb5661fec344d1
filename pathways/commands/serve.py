"""`pathways serve --community ID [--port N]`: preview one community while editing its files.

Builds into a temporary folder, serves it on 127.0.0.1 only (a draft may hold facts not yet checked, so
it is never offered to the network), and rebuilds when a content file changes. Changes are found by
comparing file modification times four times a second: no file-watching library, works on every system.
When a build fails, its problems are printed and the last good build keeps being served: the build
stage only swaps a finished site into place.

After an edit, the pages of the language the browser last asked for are put in place first
(`preview.py`), then the full build (which reuses every page, language, zip and pack the edit did not
change: `cache.py`) publishes the rest. The browser reloads by itself: while serving (never in the
built files), each HTML page gets one small same-origin script that asks `/__pathways/version` twice a
second and reloads the page when the number changes — after each good build, and when a failed build's
problems change: they are shown at the end of every page (over the last good build, or alone before the
first good one), so a partner sees them in the browser. A file that crashes its parser is one of these
problems (`engine/contain.py`): the preview goes on.

It answers only requests addressed to 127.0.0.1 or localhost (the `Host` header, with its port): a web page
whose own host name is made to resolve to 127.0.0.1 (DNS rebinding) cannot read the drafts.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import io
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from pathways.commands.common import communities_arg
from pathways.errors import Failed, UsageError
from pathways.i18n import is_language
from pathways.i18n import N_, gettext_for
from pathways.content.load import load_content
from pathways.content.resolve import community_id
from pathways.resources import BASE_CONFIG, TEMPLATES

HOST = "127.0.0.1"
OWN_HOSTS = (HOST, "localhost")  # the only names the preview answers to (the `Host` header, with the port)
RELOAD_SCRIPT = "/__pathways/reload.js"
VERSION = "/__pathways/version"
# Asks for the version twice a second; reloads when it changes. Same origin, no inline code: the pages'
# Content-Security-Policy (script-src 'self'; connect-src 'self') allows it as it is.
RELOAD_JS = b"""(function () {
  var seen = null;
  function look() {
    fetch("/__pathways/version", {cache: "no-store"}).then(function (answer) { return answer.text(); })
      .then(function (version) {
        if (seen === null) { seen = version; }
        if (version !== seen) { location.reload(); return; }
        setTimeout(look, 500);
      }, function () { setTimeout(look, 2000); });
  }
  look();
})();
"""
RELOAD_TAG = f'<script src="{RELOAD_SCRIPT}" defer></script>'.encode()
# A failed build's problems over the last good pages (or alone, before any): escaped text, no inline style or
# script, so the pages' Content-Security-Policy holds; this page has the same policy.
PROBLEMS_PAGE = (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-'
                 b'Policy" content="default-src \'none\'; script-src \'self\'; connect-src \'self\'">'
                 b"<title>pathways: the build failed</title></head><body>%s</body></html>")
POLL_SECONDS = 0.25  # a look costs a few stat() calls; an edit shows up within a quarter second
PROJECT_FILES = (BASE_CONFIG, TEMPLATES)  # the project's own files, wherever the package is installed

Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: list[Path]) -> Snapshot:
    """Modification time and size of every file under these paths (missing paths are skipped)."""
    found: Snapshot = {}
    for root in paths:
        for path in _files(root):
            try:
                stat = path.stat()
            except OSError:  # deleted between listing and reading: the next look will notice
                continue
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


@dataclass
class Preview:
    """What the browser sees of the builds: a version that changes when the served pages did, and the
    language of the last page it asked for (built first after the next edit)."""

    version: int = 0
    language: str | None = None
    problems: str = ""  # what the last build printed when it failed ("" after a good one): shown on every page

    def changed(self) -> None:
        self.version += 1


@dataclass
class Rebuilder:
    """Builds when the watched files differ from the last look; the first look always builds."""

    watched: list[Path]
    build: Callable[[], bool]
    state: Snapshot | None = None
    last_ok: bool | None = None
    builds: int = 0
    good_builds: int = 0

    def poll(self) -> bool:
        """Build if anything changed (a file added, edited or removed); True if it built."""
        current = snapshot(self.watched)
        if current == self.state:
            return False
        self.state = current  # taken before building: an edit made during the build triggers the next one
        self.last_ok = self.build()
        self.builds += 1
        self.good_builds += self.last_ok
        return True


def run_serve(args: argparse.Namespace) -> None:
    try:
        serve(args, threading.Event())
    except KeyboardInterrupt:  # Ctrl+C is the normal way to stop
        print(gettext_for(args.lang)(N_("Preview stopped.")))


def serve(args: argparse.Namespace, stop: threading.Event, on_ready: Callable[[str], None] | None = None,
          build: Callable[[argparse.Namespace, Path], bool] | None = None) -> None:
    """Serve until `stop` is set. `build(args, out)` defaults to the real build (tests may pass another)."""
    _ = gettext_for(args.lang)
    if not args.content.is_dir():
        raise UsageError(_(N_("no content folder at {path}")).format(path=args.content))
    community = _community(args)
    look_ahead = build is None  # the real build: its language's changed pages go first (preview.py)
    build = build or build_into
    preview = Preview()
    with tempfile.TemporaryDirectory(prefix="pathways-serve-") as tmp:
        out = Path(tmp)
        rebuilder = Rebuilder([args.content, *PROJECT_FILES],
                              lambda: rebuild(args, out, build, preview, look_ahead and rebuilder.builds > 0))
        rebuilder.poll()
        server = _start(out / community, args.port, _, preview)
        url = f"http://{HOST}:{server.server_address[1]}/"
        print(_(N_("Preview of '{community}' at {url} (only on this computer). It is rebuilt when you save a "
                   "file. Stop with Ctrl+C.")).format(community=community, url=url), flush=True)
        if not rebuilder.last_ok:
            print(_(N_("The build failed: fix the problems above; the preview appears once a build succeeds.")))
        if on_ready:
            on_ready(url)
        try:
            while not stop.wait(POLL_SECONDS):
                if rebuilder.poll():
                    _report(rebuilder, url, _)
        finally:
            server.shutdown()
            server.server_close()


def rebuild(args: argparse.Namespace, out: Path, build: Callable[[argparse.Namespace, Path], bool], preview: Preview,
            look_ahead: bool) -> bool:
    """The reader's language first (its changed pages, then a reload), then the full build (and a reload
    when the first step could not show everything)."""
    shown = _look_ahead(args, out, preview.language) if look_ahead else None
    if shown is not None and shown.shown:
        preview.changed()
    printed = _Tee(sys.stderr)
    with contextlib.redirect_stderr(printed):
        built = build(args, out)
    heading = gettext_for(args.lang)(N_("The build failed; until these problems are fixed, the preview shows the last "
                                        "good build:"))
    failed = "" if built else f"{heading}\n\n{printed.getvalue()}"
    if built and (shown is None or not shown.complete) or failed != preview.problems:
        preview.problems = failed
        preview.changed()  # the browser reloads: to the new pages, or to the problems over the last good ones
    return built


class _Tee(io.StringIO):
    """Keeps what is written and passes it on (the terminal still shows a failed build's problems)."""

    def __init__(self, passed_to) -> None:
        super().__init__()
        self.passed_to = passed_to

    def write(self, text: str) -> int:
        self.passed_to.write(text)
        return super().write(text)


def _look_ahead(args: argparse.Namespace, out: Path, language: str | None):
    from pathways.commands.preview import preview_language

    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return preview_language(args, out, language or "")
    except Exception:  # noqa: BLE001 — only a head start: the full build that follows says what is wrong
        return None


def build_into(args: argparse.Namespace, out: Path) -> bool:
    """One real build of the community into `out`: True when it succeeded; any failure is printed, never raised."""
    from pathways.commands.build import run_build

    options = argparse.Namespace(**{**vars(args), "command": "build", "out": out, "all": False, "strict": False,
                                    "no_pdf": True})  # PDFs take long; the preview is for the pages
    try:
        # The build's own "site written to <temporary folder>, open it with http.server" would mislead here;
        # its problems go to stderr and stay visible.
        with contextlib.redirect_stdout(io.StringIO()):
            run_build(options)
    except UsageError as error:
        print(f"pathways: {error}", file=sys.stderr)
        return False
    except Failed:  # its problems are already on stderr
        return False
    except Exception as error:  # noqa: BLE001 — the preview must survive a bug in one build
        print(f"pathways: build failed: {type(error).__name__}: {error}", file=sys.stderr)
        return False
    return True


def problems_banner(problems: str) -> bytes:
    """The problems of the last failed build as an alert at the end of the page (nothing after a good build)."""
    if not problems:
        return b""
    return f'<section role="alert"><pre>{html.escape(problems)}</pre></section>'.encode()


def _community(args: argparse.Namespace) -> str:
    """The community's folder name in the site, from --community (or the only community there is)."""
    content = load_content(args.content)
    found = communities_arg(args, content)
    if found is None:
        known = content.communities()
        if len(known) != 1:
            names = ", ".join(community_id(c) for c in known) or "-"
            raise UsageError(gettext_for(args.lang)(N_("say which community to preview with --community; known "
                                                       "communities: {known}")).format(known=names))
        found = known
    args.community = found[0]
    return community_id(found[0])


class _Handler(SimpleHTTPRequestHandler):
    """Static files, never cached (the next rebuild must show at once), no request log in the terminal;
    HTML pages with the reload script; the version it asks for."""

    preview: Preview

    def do_GET(self) -> None:  # noqa: N802 — the base class's name
        if not self._own_host():
            return None
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == RELOAD_SCRIPT:
            return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        if path == VERSION:
            return self._send(str(self.preview.version).encode(), "text/plain; charset=utf-8")
        first = path.strip("/").split("/", 1)[0]
        if is_language(first):
            self.preview.language = first
        page = Path(self.translate_path(path))
        if page.is_dir() and path.endswith("/"):
            page = page / "index.html"
        if page.suffix == ".html" and page.is_file():
            text = page.read_bytes()
            if b"</body>" in text:
                shown = RELOAD_TAG + problems_banner(self.preview.problems) + b"</body>"
                return self._send(text.replace(b"</body>", shown, 1), "text/html; charset=utf-8")
            if self.preview.problems:
                return self._send(text + problems_banner(self.preview.problems), "text/html; charset=utf-8")
        if self.preview.problems and not page.exists():  # no good build yet: the problems are the page
            return self._send(PROBLEMS_PAGE % (problems_banner(self.preview.problems) + RELOAD_TAG),
                              "text/html; charset=utf-8", 503)
        return super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802 — the base class's name
        if self._own_host():
            super().do_HEAD()

    def _own_host(self) -> bool:
        """Answer only requests addressed to this preview by its own names: a web page elsewhere whose host name
        is made to resolve to 127.0.0.1 (DNS rebinding) sends its own name in `Host`, and gets nothing."""
        port = self.server.server_address[1]
        if (self.headers.get("Host") or "").lower() in {f"{name}:{port}" for name in OWN_HOSTS}:
            return True
        self._send(b"This preview answers only http://127.0.0.1 and http://localhost.\n",
                   "text/plain; charset=utf-8", 421)  # Misdirected Request
        return False

    def _send(self, data: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 — the base class's name
        pass


def _start(root: Path, port: int, _, preview: Preview | None = None) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"preview": preview or Preview()})
    try:
        server = ThreadingHTTPServer((HOST, port), functools.partial(handler, directory=str(root)))
    except OSError:
        raise UsageError(_(N_("port {port} is already in use: try another one, e.g. --port {other}")).format(
            port=port, other=port + 1)) from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _report(rebuilder: Rebuilder, url: str, _) -> None:
    if rebuilder.last_ok:
        print(_(N_("Rebuilt: the page open in your browser reloads by itself ({url}).")).format(url=url), flush=True)
    else:
        print(_(N_("The build failed: fix the problems above. The preview still shows the last good build.")),
              flush=True)
