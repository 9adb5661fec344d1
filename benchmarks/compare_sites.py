"""Guard for build changes: do two built sites show readers the same pages?

Usage: python benchmarks/compare_sites.py BEFORE AFTER       (two `--out` folders, or two community folders)
For every HTML page (Pagefind's files aside) it compares the markup with whitespace between tags
ignored — so text, tags, attributes, anchors, headings and the "on this page" lists — and prints the
first difference of each page that differs, then a summary. Exit 1 when a page differs or is missing.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

BETWEEN_TAGS = re.compile(r">\s+<")
SPACES = re.compile(r"\s+")


def pages(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*.html")) if "pagefind" not in p.parts}


def normalised(page: Path) -> list[str]:
    """The page's markup, whitespace around it and between tags dropped and runs of spaces made one, one tag a line."""
    text = SPACES.sub(" ", BETWEEN_TAGS.sub("><", page.read_text(encoding="utf-8").strip()))
    return text.replace("><", ">\n<").splitlines()


def first_difference(before: list[str], after: list[str]) -> str:
    diff = difflib.unified_diff(before, after, lineterm="", n=1)
    return "\n".join(line[:200] for line in list(diff)[2:10])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    old, new = pages(args.before), pages(args.after)
    missing = sorted(set(old) ^ set(new))
    differing = [name for name in sorted(set(old) & set(new)) if normalised(old[name]) != normalised(new[name])]
    for name in missing:
        print(f"only in {'before' if name in old else 'after'}: {name}")
    for name in differing:
        print(f"--- {name}\n{first_difference(normalised(old[name]), normalised(new[name]))}")
    print(f"pages compared: {len(set(old) & set(new))}, differing: {len(differing)}, missing: {len(missing)}")
    return 1 if differing or missing or not old else 0


if __name__ == "__main__":
    sys.exit(main())
