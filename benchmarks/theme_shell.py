"""Benchmark (issue 25, build item 2): what the theme's shell costs per page, and how much of each page it is.

Usage: python benchmarks/theme_shell.py [--community trois-rivieres] [--lang fr] [--runs 5] [--material]
Prepares one language of one community (our bodies, MkDocs configuration), then times MkDocs alone on it
(`site.render_pages`: MkDocs with our pages, no Pagefind) `--runs` times and prints the median per page
(wall time, and this process's CPU time, steadier on a shared machine),
the time inside the theme's templates (Jinja's render of each page, timed on as many more runs), and the
bytes of the claimant page outside its <article>. `--material` hides our base.html so that Material's own
base.html and partials render the same pages (the comparison of issue 25). Prints figures with the load
average; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

import jinja2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pathways.commands.check import check_content  # noqa: E402
from pathways.content.load import load_content  # noqa: E402
from pathways.content.resolve import find_community  # noqa: E402
from pathways.output.plan import plan  # noqa: E402
from pathways.output.site import prepare_language, render_pages  # noqa: E402
from pathways.resources import BASE_CONFIG, TEMPLATES  # noqa: E402

OUR_BASE = TEMPLATES / "overrides" / "base.html"
PAGE = "statuses/claimant/index.html"


@contextlib.contextmanager
def material_base(hide: bool) -> Iterator[None]:
    """With `hide`, our base.html is moved aside while MkDocs runs (Material's is used), then put back."""
    aside = OUR_BASE.with_name("base.html.aside")
    if hide:
        OUR_BASE.rename(aside)
    try:
        yield
    finally:
        if hide:
            aside.rename(OUR_BASE)


@contextlib.contextmanager
def timed_templates() -> Iterator[list[float]]:
    """CPU seconds spent in jinja2's Template.render while inside (MkDocs renders each page with one call)."""
    spent = [0.0]
    render = jinja2.Template.render

    def timed(self: jinja2.Template, *args: object, **kwargs: object) -> str:
        start = time.process_time()
        try:
            return render(self, *args, **kwargs)
        finally:
            spent[0] += time.process_time() - start

    jinja2.Template.render = timed  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        jinja2.Template.render = render  # type: ignore[method-assign]


def shell_bytes(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start, end = text.find("<article"), text.find("</article>") + len("</article>")
    shell = text[:start] + text[end:]
    size = lambda s: len(gzip.compress(s.encode(), 9, mtime=0))  # noqa: E731
    return (f"{len(text.encode()):,} bytes ({size(text):,} gzipped), of which outside <article> "
            f"{len(shell.encode()):,} ({size(shell):,} gzipped)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--community", default="trois-rivieres")
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--material", action="store_true", help="Material's base.html instead of ours")
    args = parser.parse_args()
    as_of = dt.date(2026, 11, 21)
    content = load_content(args.content)
    layer = find_community(args.community, content)
    checked = check_content(content, [layer], as_of).communities[layer]
    with tempfile.TemporaryDirectory() as folder, material_base(args.material):
        work, site = Path(folder) / "work", Path(folder) / "site"
        prepared = prepare_language(plan(checked.guide, checked.evaluation, args.lang, False), checked.guide,
                                    site, work, BASE_CONFIG)
        seconds, cpu = [], []
        for _ in range(args.runs):
            shutil.rmtree(site, ignore_errors=True)
            start, start_cpu = time.perf_counter(), time.process_time()
            pages = render_pages(prepared)
            seconds.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        shutil.rmtree(site, ignore_errors=True)
        shell = []
        for _ in range(args.runs):
            shutil.rmtree(site, ignore_errors=True)
            with timed_templates() as spent:
                start = time.process_time()
                render_pages(prepared)
                total = time.process_time() - start
            shell.append((spent[0], total))
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        base = "Material's base.html and partials" if args.material or not OUR_BASE.exists() else "our base.html"
        print(f"{args.community} {args.lang}, {len(pages)} pages, {base}   [load average {load}]")
        print(f"  MkDocs on the pages (median of {args.runs}): {statistics.median(seconds):.3f} s, "
              f"{statistics.median(seconds) / len(pages) * 1000:.2f} ms a page "
              f"(runs: {', '.join(f'{s:.3f}' for s in seconds)}); CPU time {statistics.median(cpu):.3f} s, "
              f"{statistics.median(cpu) / len(pages) * 1000:.2f} ms a page")
        jinja, total = sorted(shell)[len(shell) // 2]
        print(f"  of which rendering the theme's templates (Jinja, every page and 404; CPU time, median of "
              f"{args.runs} more runs): {jinja:.3f} s of {total:.3f} s = {jinja / total:.0%}, "
              f"{jinja / len(pages) * 1000:.2f} ms a page")
        print(f"  {args.lang}/{PAGE}: {shell_bytes(site / PAGE)}")


if __name__ == "__main__":
    main()
