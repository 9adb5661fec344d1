"""Seconds per booklet for `pathways print --all` on one community.

    python benchmarks/print_booklets.py --content tests/fixtures/content --community testville --as-of 2026-11-21

Checking the content is timed apart from writing the PDFs; the first booklet also pays for loading
WeasyPrint and the fonts, so the mean over every booklet is what a full build costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

from pathways.output.booklet import booklet_pdf, file_name, make_booklet, write_atomic  # noqa: E402
from pathways.commands.check import check  # noqa: E402
from pathways.content.load import load_content  # noqa: E402
from pathways.content.resolve import find_community  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--community", required=True)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 21))
    parser.add_argument("--out", type=Path, default=None, help="folder for the PDFs (default: a temporary one)")
    args = parser.parse_args()

    community = find_community(args.community, load_content(args.content))
    if community is None:
        parser.error(f"unknown community {args.community!r}")
    started = time.perf_counter()
    result = check(args.content, [community], args.as_of)
    if result.report.failed():
        parser.error("the content has errors: run `pathways check` first")
    checked = result.communities[community]
    checked_at = time.perf_counter()
    with tempfile.TemporaryDirectory() as temporary:
        out = args.out or Path(temporary)
        timings = []
        for status in checked.guide.leaf_statuses():
            for lang in checked.guide.community.languages:
                begin = time.perf_counter()
                data = booklet_pdf(make_booklet(checked, status.id, lang))
                write_atomic(out / file_name(status.id, lang), data)
                timings.append((time.perf_counter() - begin, len(data)))
    total = sum(t for t, _ in timings)
    print(f"community {community}: check {checked_at - started:.2f} s")
    print(f"{len(timings)} booklets in {total:.2f} s: {total / len(timings):.3f} s per booklet "
          f"(first {timings[0][0]:.3f} s, then {(total - timings[0][0]) / max(len(timings) - 1, 1):.3f} s each); "
          f"mean size {sum(n for _, n in timings) / len(timings) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
