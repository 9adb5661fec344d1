"""Benchmark: every row of issue 25's table, measured in one run, beside Hugo and Hugo + Pagefind, then the table.

Usage: python benchmarks/issue25.py [--community trois-rivieres] [--national 12] [--check 100] [--no-paint]
       [--only cold|rebuild|check|pages] (one group of rows: the cold builds, the rebuilds after a build with PDFs,
       `check` of many communities, the claimant page)
Needs Debian's Hugo (sudo apt-get install -y hugo, a benchmark tool, never a dependency), poppler-utils,
and for the first-paint row Playwright with Debian's chromium (the test extra). Each cold figure uses an
empty build cache of its own; the rebuild figures use the cache the build before them filled. Beside the
seconds it prints what does not depend on the machine's load: pages, booklets remade, bytes, seconds of
imports (`python -X importtime`). Prints the load average with every figure; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from issue12 import AS_OF, community_file, fresh_cache, language_count, load  # noqa: E402
from make_communities import ROOT  # noqa: E402
from national import built_pages, hugo_source, time_hugo, time_search  # noqa: E402
from page_weight import first_visit_files, gzipped  # noqa: E402
from issue12 import national  # noqa: E402
from check_communities import generate  # noqa: E402

PAGE = "fr/statuses/claimant/index.html"
CHROMIUM = "/usr/bin/chromium"
SLOW_LINK = {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}


def run(command: list[str]) -> tuple[float, str, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, done.stdout, done.stderr


def build_command(content: Path, community: str, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pathways", "build", "--community", community, "--content", str(content),
            "--as-of", AS_OF, "--out", str(out), "--lang", "en", *extra]


def import_seconds(stderr: str) -> float:
    """Seconds of imports in a `python -X importtime` run: the cumulative time of each top-level import."""
    total = 0
    for line in stderr.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if found:  # no indentation before the name: imported by the program itself
            total += int(found[1])
    return total / 1_000_000


def booklets_made(stdout: str) -> str:
    found = re.search(r"PDF booklets made: (\d+), unchanged and taken from the cache: (\d+)", stdout)
    return f"{found[1]} booklets remade, {found[2]} from the cache" if found else "nothing to do"


def edit_a_service_name(content: Path, community: str) -> str:
    """The first service of the community gets a new French name; returns the service's id."""
    import yaml

    services = community_file(content, community).parent / "services.yaml"
    service = yaml.safe_load(services.read_text(encoding="utf-8"))[0]
    old = service["name"]["fr"]
    services.write_text(services.read_text(encoding="utf-8").replace(old, old + " (modifié)", 1), encoding="utf-8")
    return service["id"]


def hugo_for(site_root: Path, folder: Path) -> tuple[float, float, int]:
    """Hugo, then Pagefind on Hugo's output, for the pages of an already built `--out` folder."""
    pages = built_pages(site_root)
    hugo_source(site_root, pages, folder / "hugo-src")
    return time_hugo(folder / "hugo-src", folder / "hugo-out"), time_search(folder / "hugo-out"), len(pages)


def first_visit_plain(page: Path) -> tuple[int, int]:
    """Bytes a first visit fetches from a server that does not compress: all, and before the first paint
    (the page, its stylesheets and the scripts it runs before rendering, i.e. not `defer`)."""
    files = first_visit_files(page)
    html = page.read_text(encoding="utf-8")
    deferred = {(page.parent / ref).resolve() for ref in re.findall(r'<script\b[^>]*src="([^"]+)"[^>]*\bdefer', html)}
    return sum(f.stat().st_size for f in files), sum(f.stat().st_size for f in files if f not in deferred)


def first_paint(site: Path, name: str) -> str:
    """First contentful paint (Chromium) of the page served by a server that does not compress
    (`http.server`), over an emulated 50 KB/s link with 2 s of latency per request."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "- (Playwright missing)"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
            session = page.context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", SLOW_LINK)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{name.removesuffix('index.html')}",
                      wait_until="load", timeout=120_000)
            paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime")
            browser.close()
    finally:
        server.shutdown()
    return f"{paint / 1000:.2f} s" if paint is not None else "-"


def rebuild_rows(content: Path, community: str, folder: Path, row) -> None:
    """A cold build with PDFs, then: one service name edited, nothing changed, `check` of one community."""
    fresh_cache(folder, "full")
    full = folder / "full"
    seconds, said, _ = run(build_command(content, community, full))
    row("full build with PDFs, cold (for the next rows)", f"{seconds:.2f} s ({booklets_made(said)})", "-")
    edited = edit_a_service_name(content, community)
    seconds, said, _ = run(build_command(content, community, full))
    row(f"one service name edited ({edited}), rebuild with PDFs", f"{seconds:.2f} s ({booklets_made(said)})", "≤ 2 s")

    seconds, said, _ = run(build_command(content, community, full))
    _, _, stderr = run([sys.executable, "-X", "importtime", *build_command(content, community, full)[1:]])
    row("rebuild, nothing changed (PDFs included)",
        f"{seconds:.2f} s ({'nothing to do' if 'Nothing changed' in said else 'built'}; "
        f"{import_seconds(stderr):.3f} s of imports under -X importtime)", "≤ 0.3 s")
    check = ["-m", "pathways", "check", "--community", community, "--content", str(content), "--as-of", AS_OF,
             "--lang", "en"]
    first, _, _ = run([sys.executable, *check])
    _, _, stderr = run([sys.executable, "-X", "importtime", *check])
    seconds, _, _ = run([sys.executable, *check])
    row("check of one community: after the edit / the same content again",
        f"{first:.2f} s / {seconds:.2f} s ({import_seconds(stderr):.3f} s of imports)",
        "imports well under 0.2 s")



def check_rows(folder: Path, count: int, row) -> None:
    """`check` of `count` communities: empty cache, the same content again, then one community's file edited
    (every other file's parse from the cache); wall seconds, and CPU seconds of the command and its workers."""
    root = folder / "check-content"
    generate(ROOT / "content", root, count)
    command = [sys.executable, "-m", "pathways", "check", "--content", str(root), "--as-of", AS_OF, "--lang", "en"]
    fresh_cache(folder, "check")
    figures = []
    for step in ("empty cache", "same content", "one community edited"):
        if step == "one community edited":
            services = sorted(root.rglob("services.yaml"))[-1]
            services.write_text(services.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        before = os.times()
        seconds, _, _ = run(command)
        after = os.times()
        cpu = sum(getattr(after, f) - getattr(before, f) for f in ("children_user", "children_system"))
        figures.append(f"{step} {seconds:.2f} s ({cpu:.2f} s CPU)")
    row(f"check, {count} communities", " / ".join(figures), "≤ 2 s")


def page_rows(folder: Path, community: str, no_paint: bool, row) -> None:
    """The claimant page of the `--no-pdf` build: next visit, first visit from a server that does not compress."""
    site = (folder / "one" / community).resolve()
    page = site / PAGE
    br = page.with_name(page.name + ".br")
    row("claimant page, next visit, HTML compressed",
        f"{gzipped(page) / 1000:.1f} KB gzipped, {br.stat().st_size / 1000 if br.exists() else 0:.1f} KB Brotli "
        f"(the .br beside it); {page.stat().st_size / 1000:.1f} KB plain", "≤ 8 KB")
    everything, blocking = first_visit_plain(page)
    paint = "-" if no_paint else first_paint(site, PAGE)
    row("claimant page, first visit, as sent by a server that does not compress",
        f"{everything / 1000:.1f} KB ({blocking / 1000:.1f} KB before the first paint; stylesheets "
        f"{sum(f.stat().st_size for f in first_visit_files(page) if f.suffix == '.css') / 1000:.1f} KB), "
        f"first paint {paint} on a 50 KB/s, 2 s-latency link", "≤ 80 KB; first paint ≤ 5 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--community", default="trois-rivieres")
    parser.add_argument("--national", type=int, default=12, help="communities of the national build (every language)")
    parser.add_argument("--check", type=int, default=100, help="communities `check` reads")
    parser.add_argument("--no-paint", action="store_true", help="skip the first paint in Chromium")
    parser.add_argument("--only", choices=("cold", "rebuild", "check", "pages"), default=None,
                        help="one group of rows (default: every row)")
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    folder = Path(tempfile.mkdtemp(prefix="pathways-issue25-"))
    rows: list[tuple[str, str, str, str]] = []

    def row(figure: str, measured: str, goal: str) -> None:
        rows.append((figure, measured, goal, load()))
        print(f"{figure}: {measured}   (goal {goal})   [{load()}]", flush=True)

    try:
        content = folder / "content"
        shutil.copytree(ROOT / "content", content)
        community = args.community

        def wanted(group: str) -> bool:
            return args.only in (None, group)

        fresh_cache(folder, "one")
        out = folder / "one"
        if wanted("cold") or wanted("pages"):
            seconds, _, _ = run(build_command(content, community, out, "--no-pdf"))
        if wanted("cold"):
            hugo, search, pages = hugo_for(out, folder / "one-hugo")
            row(f"{community}, {language_count(content, community)} languages, {pages} pages, --no-pdf, cold",
                f"{seconds:.2f} s = {seconds / hugo:.1f}× Hugo ({hugo:.2f} s), {seconds / (hugo + search):.1f}× "
                f"Hugo + Pagefind ({hugo + search:.2f} s)", "≤ 1.5 s; ≤ 2× Hugo + Pagefind")
        if wanted("rebuild"):
            rebuild_rows(content, community, folder, row)
        if wanted("check"):
            check_rows(folder, args.check, row)
        if wanted("pages"):
            page_rows(folder, community, args.no_paint, row)
        if wanted("cold"):
            ours, theirs, indexing, pages = national(folder, args.national, None)
            row(f"{args.national} communities, every language, {pages:,} pages, --no-pdf, cold",
                f"{ours:.1f} s = {ours / theirs:.1f}× Hugo ({theirs:.2f} s), {ours / (theirs + indexing):.1f}× "
                f"Hugo + Pagefind ({theirs + indexing:.2f} s)", "≤ 8× Hugo; ≤ 2× Hugo + Pagefind")

    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\n| figure | measured | goal | machine at the time |\n|---|---|---|---|")
    for figure, measured, goal, machine in rows:
        print(f"| {figure} | {measured} | {goal} | {machine} |")


if __name__ == "__main__":
    main()
