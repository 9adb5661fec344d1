"""`pathways serve --community ID [--port N]`: preview one community while editing its files.

Builds into a temporary folder, serves it on 127.0.0.1 only (a draft may hold facts not yet checked, so
it is never offered to the network), and rebuilds when a content file changes. Changes are found by
comparing file modification times every second: no file-watching library, works on every system.
When a build fails, its problems are printed and the last good build keeps being served: the build
stage only swaps a finished site into place.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from .cli import EXIT_OK, EXIT_USAGE, UsageError, communities_arg
from .i18n import N_, gettext_for
from .load import load_content
from .resolve import community_id
from .resources import BASE_CONFIG, TEMPLATES

HOST = "127.0.0.1"
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
class Rebuilder:
    """Builds when the watched files differ from the last look; the first look always builds."""

    watched: list[Path]
    build: Callable[[], int]
    state: Snapshot | None = None
    last_code: int | None = None
    builds: int = 0
    good_builds: int = 0

    def poll(self) -> bool:
        """Build if anything changed (a file added, edited or removed); True if it built."""
        current = snapshot(self.watched)
        if current == self.state:
            return False
        self.state = current  # taken before building: an edit made during the build triggers the next one
        self.last_code = self.build()
        self.builds += 1
        self.good_builds += self.last_code == EXIT_OK
        return True


def run_serve(args: argparse.Namespace) -> int:
    try:
        return serve(args, threading.Event())
    except KeyboardInterrupt:  # Ctrl+C is the normal way to stop
        print(gettext_for(args.lang)(N_("Preview stopped.")))
        return EXIT_OK


def serve(args: argparse.Namespace, stop: threading.Event, on_ready: Callable[[str], None] | None = None,
          build: Callable[[argparse.Namespace, Path], int] | None = None) -> int:
    """Serve until `stop` is set. `build(args, out)` defaults to the real build (tests may pass another)."""
    _ = gettext_for(args.lang)
    if not args.content.is_dir():
        raise UsageError(_(N_("no content folder at {path}")).format(path=args.content))
    community = _community(args)
    build = build or build_into
    with tempfile.TemporaryDirectory(prefix="pathways-serve-") as tmp:
        out = Path(tmp)
        rebuilder = Rebuilder([args.content, *PROJECT_FILES], lambda: build(args, out))
        rebuilder.poll()
        server = _start(out / community, args.port, _)
        url = f"http://{HOST}:{server.server_address[1]}/"
        print(_(N_("Preview of '{community}' at {url} (only on this computer). It is rebuilt when you save a "
                   "file. Stop with Ctrl+C.")).format(community=community, url=url), flush=True)
        if rebuilder.last_code != EXIT_OK:
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
    return EXIT_OK


def build_into(args: argparse.Namespace, out: Path) -> int:
    """One real build of the community into `out`; any failure is printed, never raised."""
    from .build import run_build

    options = argparse.Namespace(**{**vars(args), "command": "build", "out": out, "all": False, "strict": False,
                                    "no_pdf": True})  # PDFs take long; the preview is for the pages
    try:
        # The build's own "site written to <temporary folder>, open it with http.server" would mislead here;
        # its problems go to stderr and stay visible.
        with contextlib.redirect_stdout(io.StringIO()):
            return run_build(options)
    except UsageError as error:
        print(f"pathways: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # noqa: BLE001 — the preview must survive a bug in one build
        print(f"pathways: build failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_USAGE


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
    """Static files, never cached (the next rebuild must show at once), no request log in the terminal."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 — the base class's name
        pass


def _start(root: Path, port: int, _) -> ThreadingHTTPServer:
    try:
        server = ThreadingHTTPServer((HOST, port), functools.partial(_Handler, directory=str(root)))
    except OSError:
        raise UsageError(_(N_("port {port} is already in use: try another one, e.g. --port {other}")).format(
            port=port, other=port + 1)) from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _report(rebuilder: Rebuilder, url: str, _) -> None:
    if rebuilder.last_code == EXIT_OK:
        print(_(N_("Rebuilt: reload {url} in your browser.")).format(url=url), flush=True)
    else:
        print(_(N_("The build failed: fix the problems above. The preview still shows the last good build.")),
              flush=True)
