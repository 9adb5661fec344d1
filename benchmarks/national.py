"""Benchmark: a national build (N communities × their languages, no PDFs) beside Hugo on the same pages.

Usage: python benchmarks/national.py [N] [--content DIR] [--keep DIR] [--languages fr,en|all]
N defaults to 100 and the languages to fr,en: issue 12's "100 communities × 2 languages".
Needs Debian's Hugo for the comparison (not a runtime dependency, not used in CI):

    sudo apt-get install -y hugo

In one run: generate N communities (make_communities.py), time `pathways build --all --no-pdf`, then
give Hugo the same pages — each page's body as our build wrote it (the inside of its `<article>`) — as
HTML content with a minimal layout whose navigation lists every page of that community and language,
and time `hugo`. Prints both times, the ratio, build seconds per page and bytes per page, with the load
average (the figures mean little on a busy machine). Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_communities import ROOT, make  # noqa: E402

AS_OF = "2026-11-21"
ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
HUGO_CONFIG = {"disableKinds": ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"],
               "uglyURLs": False, "baseURL": "/", "markup": {"goldmark": {"renderer": {"unsafe": True}}}}
# The same shape as our pages, without the theme: a title, a navigation listing every page of the section
# (one community in one language), the page body.
SINGLE = """<!doctype html>
<html lang="{{ .Params.lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><ul>{{ range .CurrentSection.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main><article>{{ .Content }}</article></main></body></html>
"""
LIST = "<!doctype html><html><head><title>{{ .Title }}</title></head><body></body></html>\n"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} (cores: {os.cpu_count()})"


def built_pages(site: Path) -> list[Path]:
    """Every page MkDocs wrote, below `site/<community>/<lang>/` (not Pagefind's files, not the 404, not the
    offline fallback page the build adds)."""
    return sorted(p for p in site.glob("*/*/**/*.html")
                  if "pagefind" not in p.parts and p.name not in ("404.html", "offline.html"))


def time_pathways(content: Path, out: Path) -> float:
    return timed("pathways build", [sys.executable, "-m", "pathways", "build", "--all", "--no-pdf", "--content",
                                    str(content), "--as-of", AS_OF, "--out", str(out), "--lang", "en"])


def timed(name: str, command: list[str]) -> float:
    """Seconds one command takes; stops the benchmark with its error output if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def hugo_source(site: Path, pages: list[Path], target: Path) -> None:
    """A Hugo project holding every page body of `site`, one section per community and language."""
    (target / "layouts" / "_default").mkdir(parents=True)
    (target / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (target / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (target / "config.json").write_text(json.dumps(HUGO_CONFIG), encoding="utf-8")
    for page in pages:
        relative = page.relative_to(site)
        community, lang, rest = relative.parts[0], relative.parts[1], relative.parts[2:]
        url = "/" + "/".join([community, lang, *rest[:-1]]) + "/"
        slug = "-".join(rest[:-1]) or "index-page"
        text = page.read_text(encoding="utf-8")
        body = ARTICLE.search(text)
        title = TITLE.search(text)
        front = {"title": title.group(1) if title else slug, "url": url, "lang": lang}
        file = target / "content" / f"{community}-{lang}" / f"{slug}.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(front, ensure_ascii=False) + "\n" + (body.group(1) if body else ""), encoding="utf-8")


def time_search(hugo_site: Path) -> float:
    """Seconds Pagefind takes to index Hugo's output, one index per community and language as our build
    makes them, as many at a time as there are cores."""
    from concurrent.futures import ThreadPoolExecutor

    from pagefind.service import get_executable

    sections = sorted(p for p in hugo_site.glob("*/*") if p.is_dir())
    binary = str(get_executable())
    started = time.perf_counter()
    with ThreadPoolExecutor(os.cpu_count() or 1) as threads:
        done = list(threads.map(lambda s: subprocess.run([binary, "--site", str(s), "--quiet"], capture_output=True),
                                sections))
    seconds = time.perf_counter() - started
    failed = [d for d in done if d.returncode != 0]
    if failed:
        raise SystemExit(f"pagefind failed on Hugo's output: {failed[0].stderr.decode()[-500:]}")
    return seconds


def time_hugo(source: Path, out: Path) -> float:
    hugo = shutil.which("hugo")
    if hugo is None:
        raise SystemExit("Hugo is missing: sudo apt-get install -y hugo")
    return timed("hugo", [hugo, "--quiet", "--source", str(source), "--destination", str(out)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--keep", type=Path, help="keep the generated content and both sites in this new folder")
    parser.add_argument("--languages", default="fr,en", help="languages each community keeps, or 'all'")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pathways-national-")) if args.keep is None else args.keep
    try:
        run(args.count, args.content, folder, languages(args.languages))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def languages(option: str) -> list[str] | None:
    return None if option == "all" else option.split(",")


def run(count: int, source: Path, folder: Path, kept: list[str] | None = None) -> None:
    content, site = folder / "content", folder / "site"
    make(source, content, count, kept)
    print(f"before: {load()}")
    ours = time_pathways(content, site)
    print(f"pathways build --all --no-pdf: {ours:.1f} s   [{load()}]")
    pages = built_pages(site)
    hugo_source(site, pages, folder / "hugo")
    theirs = time_hugo(folder / "hugo", folder / "hugo-site")
    hugo_pages = sum(1 for p in (folder / "hugo-site").rglob("index.html")
                     if len(p.relative_to(folder / "hugo-site").parts) >= 3)
    print(f"hugo, same page bodies:        {theirs:.2f} s   [{load()}]")
    print(f"ratio pathways / hugo: {ours / theirs:.1f}×")
    # Our build also indexes each community and language for search (Pagefind), which Hugo does not: the
    # same indexing of Hugo's pages, added to Hugo's time, compares like with like.
    search = time_search(folder / "hugo-site")
    print(f"hugo + Pagefind per community and language: {theirs + search:.2f} s (Pagefind {search:.2f} s)   [{load()}]")
    print(f"ratio pathways / (hugo + Pagefind): {ours / (theirs + search):.1f}×")
    sizes = [p.stat().st_size for p in pages]
    print(f"communities: {count}  pages: {len(pages)} (hugo wrote {hugo_pages})")
    print(f"pathways: {1000 * ours / len(pages):.1f} ms per page; hugo: {1000 * theirs / len(pages):.2f} ms per page")
    print(f"HTML bytes per page (pathways): mean {statistics.mean(sizes):,.0f}, median {statistics.median(sizes):,.0f}")


if __name__ == "__main__":
    main()
