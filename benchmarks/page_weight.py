"""Benchmark: what a phone downloads for a status page, gzipped — first visit and next page.

Usage: python benchmarks/page_weight.py [--community ID] [--page fr/statuses/claimant/index.html] [--site DIR]
Builds the community without PDFs (or reads an already built `--site DIR/<community>`), then prints, for
the page: each file of a first visit (the HTML, its stylesheets and scripts; print-only stylesheets
aside, a phone does not fetch them to show the page) raw and gzipped, the total, and the next page
(its HTML only: the assets are cached by then). Budget of issue 12: first visit ≤ 50 KB, next page ≤ 8 KB.
Prints figures with the load average; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLESHEET = re.compile(r'<link\b(?![^>]*media="print")[^>]*rel="stylesheet"[^>]*href="([^"]+)"')
SCRIPT = re.compile(r'<script\b[^>]*src="([^"]+)"')
BUDGET_FIRST, BUDGET_NEXT = 50_000, 8_000


def first_visit_files(page: Path) -> list[Path]:
    """The page and the local stylesheets and scripts it loads to show itself, in document order."""
    html = page.read_text(encoding="utf-8")
    refs = STYLESHEET.findall(html) + SCRIPT.findall(html)
    assets = [(page.parent / ref).resolve() for ref in refs if "://" not in ref]
    return [page, *[a for a in dict.fromkeys(assets) if a.is_file()]]


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9, mtime=0))


def report(site: Path, page_name: str) -> None:
    page = site / page_name
    files = first_visit_files(page)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{page_name}   [load average {load}]")
    for file in files:
        print(f"  {file.relative_to(site.resolve()) if file.is_relative_to(site.resolve()) else file}: "
              f"{file.stat().st_size:,} bytes, {gzipped(file):,} gzipped")
    first = sum(gzipped(f) for f in files)
    print(f"first visit: {first:,} bytes gzipped (budget {BUDGET_FIRST:,}); "
          f"next page: {gzipped(page):,} bytes gzipped (budget {BUDGET_NEXT:,})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--community", default="trois-rivieres")
    parser.add_argument("--page", action="append", help="page below the community folder (repeatable)")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--site", type=Path, help="an already built --out folder")
    args = parser.parse_args()
    pages = args.page or ["fr/statuses/claimant/index.html", "en/statuses/pr-economic/index.html"]
    if args.site:
        for name in pages:
            report((args.site / args.community).resolve(), name)
        return
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "pathways", "build", "--no-pdf", "--community", args.community,
                   "--content", str(args.content), "--as-of", "2026-11-21", "--out", folder]
        subprocess.run(command, check=True, capture_output=True)
        for name in pages:
            report((Path(folder) / args.community).resolve(), name)


if __name__ == "__main__":
    main()
