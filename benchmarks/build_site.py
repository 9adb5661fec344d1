"""Benchmark: build one community's site (no PDFs) and print build seconds per page and bytes per page.

Prints figures; asserts nothing. Usage: python benchmarks/build_site.py [--community ID] [--content DIR]
First-load bytes = the page's HTML plus the stylesheets and scripts it references (what a phone
downloads on a first visit, before any cache); Pagefind's files load only on the search page.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="([^"]+\.(?:css|js))"')


def first_load_bytes(page: Path) -> tuple[int, int]:
    """(raw, gzipped) bytes of the page and the assets it references."""
    html = page.read_text(encoding="utf-8")
    assets = {(page.parent / href).resolve() for href in ASSET.findall(html) if "://" not in href}
    files = [page.read_bytes(), *(a.read_bytes() for a in sorted(assets) if a.is_file())]
    return sum(map(len, files)), sum(len(gzip.compress(data, 6)) for data in files)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--community", default="trois-rivieres")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--as-of", default="2026-11-21")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "site"
        command = [sys.executable, "-m", "pathways", "build", "--no-pdf", "--community", args.community,
                   "--content", str(args.content), "--as-of", args.as_of, "--out", str(out)]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - started
        site = out / args.community
        pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
        sizes = [p.stat().st_size for p in pages]
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"{args.community}: {len(pages)} pages in {seconds:.1f} s = {1000 * seconds / len(pages):.0f} ms per page"
              f"   [load average {load}, {os.cpu_count()} cores]")
        print(f"HTML bytes per page: median {statistics.median(sizes):,.0f}, largest {max(sizes):,}")
        for name in ("fr/index.html", "fr/statuses/claimant/index.html", "en/matrix/index.html"):
            page = site / name
            if page.is_file():
                raw, zipped = first_load_bytes(page)
                print(f"first load {name}: {raw:,} bytes, {zipped:,} gzipped (HTML {page.stat().st_size:,})")


if __name__ == "__main__":
    main()
