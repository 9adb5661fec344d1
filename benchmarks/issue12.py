"""Benchmark: every figure of issue 12's table, measured in one run, then the table.

Usage: python benchmarks/issue12.py [--national N] [--check N] [--community trois-rivieres]
Needs Debian's Hugo for the national comparison (sudo apt-get install -y hugo) and poppler-utils.
Each cold figure uses an empty build cache of its own (PATHWAYS_CACHE in a temporary folder), so it is
a first build; the "nothing changed" and `serve` figures use the cache the build before filled.
Prints figures with the load average (they mean little on a busy machine); asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from check_communities import generate  # noqa: E402
from make_communities import ROOT, _only_languages, make  # noqa: E402
from national import built_pages, hugo_source, time_hugo, time_pathways, time_search, timed as national_timed  # noqa: E402
from page_weight import first_visit_files, gzipped  # noqa: E402

AS_OF = "2026-11-21"
SERVE_LIMIT = 120.0  # seconds a refresh may take before the benchmark gives up


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f", {os.cpu_count()} cores"


def fresh_cache(folder: Path, name: str) -> None:
    os.environ["PATHWAYS_CACHE"] = str(folder / f"cache-{name}")


def timed(command: list[str]) -> float:
    return national_timed(" ".join(command[:4]) + " …", command)


def build(content: Path, community: str, out: Path, *extra: str) -> float:
    return timed([sys.executable, "-m", "pathways", "build", "--community", community, "--content", str(content),
                  "--as-of", AS_OF, "--out", str(out), "--lang", "en", *extra])


def one_booklet(content: Path, community: str) -> tuple[float, int]:
    """Seconds WeasyPrint takes for one ≤ 4-page handout (imports done beforehand), and its page count."""
    from pathways.output.booklet import booklet_html, make_booklet, pdf_from_html
    from pathways.commands.check import check_content
    from pathways.content.load import load_content

    result = check_content(load_content(content), None, dt.date.fromisoformat(AS_OF))
    checked = next(c for key, c in result.communities.items() if key.endswith("/" + community))
    status = checked.guide.leaf_statuses()[0].id
    pdf_from_html("<p>warm-up</p>")  # WeasyPrint's import and font set-up, paid once per process
    started = time.perf_counter()
    data = pdf_from_html(booklet_html(make_booklet(checked, status, checked.guide.community.default_language)))
    seconds = time.perf_counter() - started
    return seconds, pdf_pages(data)


def pdf_pages(data: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        info = subprocess.run(["pdfinfo", pdf.name], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def community_file(content: Path, community: str) -> Path:
    return next(p for p in (content / "regions").rglob("community.yaml") if p.parent.name == community)


def language_count(content: Path, community: str) -> int:
    return len(yaml.safe_load(community_file(content, community).read_text(encoding="utf-8"))["languages"])


def narrow(content: Path, community: str, languages: list[str]) -> None:
    """The community keeps only these languages (its `languages:` line narrowed, translation notes dropped)."""
    file = community_file(content, community)
    file.write_text(_only_languages(file.read_text(encoding="utf-8"), languages), encoding="utf-8")


def page_count(site: Path) -> int:
    return len(built_pages(site.parent)) if site.is_dir() else 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {limit:.0f} s")


def serve_refresh(content: Path, community: str) -> float:
    """Seconds from saving an edited service to `serve` serving its page with the edit."""
    layer = next(p.parent for p in (content / "regions").rglob("community.yaml") if p.parent.name == community)
    services = layer / "services.yaml"
    service = yaml.safe_load(services.read_text(encoding="utf-8"))[0]
    old, new = service["name"]["fr"], service["name"]["fr"] + " (modifié)"
    port = free_port()
    url = f"http://127.0.0.1:{port}/fr/services/{service['id']}/"
    server = subprocess.Popen([sys.executable, "-m", "pathways", "serve", "--community", community, "--content",
                               str(content), "--as-of", AS_OF, "--port", str(port), "--lang", "en"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(url, old, 600)
        time.sleep(2)  # the first look is over: the next change is an edit
        services.write_text(services.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        return wait_for(url, new, SERVE_LIMIT)
    finally:
        server.terminate()
        server.wait(timeout=30)


def national(folder: Path, count: int, languages: list[str] | None) -> tuple[float, float, float, int]:
    content, site = folder / "national-content", folder / "national-site"
    make(ROOT / "content", content, count, languages)
    fresh_cache(folder, "national")
    ours = time_pathways(content, site)
    pages = built_pages(site)
    hugo_source(site, pages, folder / "hugo")
    theirs = time_hugo(folder / "hugo", folder / "hugo-site")
    return ours, theirs, time_search(folder / "hugo-site"), len(pages)


def check_many(folder: Path, count: int) -> tuple[float, float]:
    """Seconds `check` takes with an empty cache, then again with the files it parsed cached."""
    root = folder / "check-content"
    generate(ROOT / "content", root, count)  # the shipped content (its first community), as the README figure
    command = [sys.executable, "-m", "pathways", "check", "--content", str(root), "--as-of", AS_OF, "--lang", "en"]
    fresh_cache(folder, "check")
    seconds = []
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, text=True)  # warnings may exit 1: the time is what counts
        seconds.append(time.perf_counter() - started)
    return seconds[0], seconds[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--community", default="trois-rivieres")
    parser.add_argument("--national", type=int, default=100, help="communities of the national build")
    parser.add_argument("--check", type=int, default=100, help="communities `check` reads")
    parser.add_argument("--languages", default="fr,en",
                        help="languages of the national build's communities ('all': every shipped one)")
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    folder = Path(tempfile.mkdtemp(prefix="pathways-issue12-"))
    rows: list[tuple[str, str, str, str]] = []

    def row(figure: str, measured: str, goal: str) -> None:
        rows.append((figure, measured, goal, load()))
        print(f"{figure}: {measured}   (goal {goal})   [{load()}]", flush=True)

    try:
        content = folder / "content"
        shutil.copytree(ROOT / "content", content)
        fresh_cache(folder, "no-pdf")
        seconds = build(content, args.community, folder / "no-pdf", "--no-pdf")
        row(f"one community ({args.community}, {language_count(content, args.community)} languages, "
            f"{page_count(folder / 'no-pdf' / args.community)} pages), no PDFs (empty cache)", f"{seconds:.2f} s", "≤ 2 s")
        two = folder / "content-fr-en"
        shutil.copytree(content, two)
        narrow(two, args.community, ["fr", "en"])
        fresh_cache(folder, "no-pdf-fr-en")
        seconds = build(two, args.community, folder / "no-pdf-fr-en", "--no-pdf")
        row(f"one community, fr + en only ({page_count(folder / 'no-pdf-fr-en' / args.community)} pages, as in the "
            f"issue's 6.5 s), no PDFs (empty cache)", f"{seconds:.2f} s", "≤ 2 s")

        seconds, pages = one_booklet(content, args.community)
        row("one booklet", f"{seconds:.2f} s ({pages} pages)", "≤ 0.5 s")

        fresh_cache(folder, "full")
        seconds = build(content, args.community, folder / "full")
        booklets = len(list((folder / "full" / args.community / "print").glob("*.pdf")))
        row("full build with PDFs (empty cache)", f"{seconds:.2f} s ({booklets} booklets)", "-")
        seconds = build(content, args.community, folder / "full")
        row("rebuild with nothing changed, PDFs included", f"{seconds:.2f} s", "≤ 1 s")

        seconds = serve_refresh(content, args.community)
        row("serve: one service edited → page refreshed", f"{seconds:.2f} s", "≤ 1 s")

        cold, warm = check_many(folder, args.check)
        row(f"check of {args.check} communities (first run, every file parsed / second run, parsed files cached)",
            f"{cold:.2f} s / {warm:.2f} s",
            "≤ 2 s")

        kept = None if args.languages == "all" else args.languages.split(",")
        ours, theirs, search, pages = national(folder, args.national, kept)
        row(f"national build, {args.national} communities × {args.languages}, no PDFs ({pages} pages) vs Hugo",
            f"{ours:.1f} s vs {theirs:.2f} s = {ours / theirs:.1f}×", "≤ 3× Hugo")
        row("the same, vs Hugo + Pagefind (each community and language indexed, as ours)",
            f"{ours:.1f} s vs {theirs + search:.2f} s = {ours / (theirs + search):.1f}×", "-")

        site = (folder / "no-pdf" / args.community).resolve()
        page = site / "fr/statuses/claimant/index.html"
        first = sum(gzipped(f) for f in first_visit_files(page))
        row("status page first visit / next page, gzipped", f"{first / 1000:.1f} KB / {gzipped(page) / 1000:.1f} KB",
            "≤ 50 KB / ≤ 8 KB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\n| figure | measured | goal | machine at the time |\n|---|---|---|---|")
    for figure, measured, goal, machine in rows:
        print(f"| {figure} | {measured} | {goal} | {machine} |")


if __name__ == "__main__":
    main()
