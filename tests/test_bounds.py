"""Bounds on what one text may contain: the patterns that make Python-Markdown slow or recursive are
found (with where they start), and ordinary guide text passes untouched."""

from __future__ import annotations

import time
from pathlib import Path

import markdown

import pytest

from pathways.content import bounds
from pathways.content.bounds import line_col, markdown_trap

CONTENT = Path(__file__).parent.parent / "content"


@pytest.mark.parametrize("text, offset, message, args", [
    ("Voir " + "[" * 40, 5, bounds.RUN, {"char": "[", "count": 40, "limit": bounds.MAX_RUN}),
    ("*" * bounds.MAX_RUN, 0, bounds.RUN, {"char": "*", "count": bounds.MAX_RUN, "limit": bounds.MAX_RUN}),
    ("x\n" + "_" * 100, 2, bounds.RUN, {"char": "_", "count": 100, "limit": bounds.MAX_RUN}),
    ("<a " * 201, 600, bounds.OPENERS, {"char": "<", "count": 201, "limit": bounds.MAX_OPENERS_IN_FIELD}),
    ("[a" * 201, 400, bounds.OPENERS, {"char": "[", "count": 201, "limit": bounds.MAX_OPENERS_IN_FIELD}),
    ("- a\n" + " " * 25 + "- b\n", 4, bounds.INDENT, {"limit": bounds.MAX_INDENT}),
    ("a\n" + "> " * 9 + "b", 2, bounds.QUOTES, {"limit": bounds.MAX_QUOTE_DEPTH}),
])
def test_patterns_that_make_markdown_slow_or_deep_are_found(text, offset, message, args):
    assert markdown_trap(text) == bounds.Trap(offset, message, args)


def test_a_page_may_hold_more_links_than_a_field():
    text = "[a](https://a.example.org) " * 300
    assert markdown_trap(text).message == bounds.OPENERS
    assert markdown_trap(text, page=True) is None


@pytest.mark.parametrize("text", ["", "Voir [le site](https://a.example.org) et *ceci*.", "_" * (bounds.MAX_RUN - 1),
                                  "- a\n  - b\n    - c\n", "> citation\n> > réponse", "a <b>gras</b> [x] **y**"])
def test_ordinary_text_passes(text):
    assert markdown_trap(text) is None


def test_every_shipped_prose_page_passes():
    pages = sorted(CONTENT.rglob("*.md"))
    assert len(pages) >= 10
    assert [p for p in pages if markdown_trap(p.read_text(encoding="utf-8"), page=True)] == []


def test_line_and_column_of_an_offset():
    assert line_col("ab\ncd\nef", 0) == (1, 1)
    assert line_col("ab\ncd\nef", 4) == (2, 2)
    assert line_col("ab\ncd\nef", 6) == (3, 1)


# ---------------------------------------------------------------- issue 23: the shape bounds the render


def _blocks(block: str, within: int = bounds.MAX_TEXT_CHARS) -> str:
    """As many copies of `block` (blank line between) as the bounds allow."""
    lines_per = block.count("\n") + 2
    count = min(within // (len(block) + 2), bounds.MAX_LINES // lines_per)
    return "\n\n".join([block] * count)


WORST = {  # the slowest shapes known for Python-Markdown, each as large as the bounds let it be
    "one-character lines": _blocks("-\n" * (bounds.MAX_BLOCK_LINES - 1) + "-"),
    "setext underlines": _blocks("=\n" * (bounds.MAX_BLOCK_LINES - 1) + "="),
    "headings": _blocks("# a\n" * (bounds.MAX_BLOCK_LINES - 1) + "# a"),
    "emphasis": _blocks("*a*" * (bounds.MAX_BLOCK_CHARS // 3 - 1)),
    "code spans": _blocks("`a" * (bounds.MAX_BLOCK_CHARS // 2 - 1)),
    "list items": _blocks("- a\n" * (bounds.MAX_BLOCK_LINES - 1) + "- a"),
    "table rows": _blocks("a|b\n-|-\n" + "a|b\n" * (bounds.MAX_BLOCK_LINES - 3) + "a|b"),
    "blocks": "a\n\n" * (bounds.MAX_LINES // 2 - 1) + "a",
}


@pytest.mark.parametrize("name", list(WORST))
def test_the_worst_text_within_the_bounds_renders_in_seconds(name):
    text = WORST[name]
    assert markdown_trap(text, page=True) is None, name  # within every bound
    started = time.monotonic()
    markdown.markdown(text, extensions=["tables"])
    assert time.monotonic() - started < 10  # about a second on a laptop; minutes for the same shape unbounded


def test_one_character_lines_past_a_block_are_refused_where_the_block_grows_too_long():
    text = "intro\n\n" + "-\n" * 50_000  # the 100 KB prose body: over 150 s of build on main
    trap = markdown_trap(text, page=True)
    assert (trap.message, bounds.line_col(text, trap.offset)) == (bounds.BLOCK_LINES, (203, 1))


@pytest.mark.parametrize("text, message", [
    (("a" * 98 + "\n\n") * (bounds.MAX_TEXT_CHARS // 100 + 1), bounds.TEXT_CHARS),
    ("a\n\n" * bounds.MAX_LINES, bounds.LINES),
    ("a" * (bounds.MAX_BLOCK_CHARS + 1), bounds.BLOCK_CHARS),
    ("a\r" * (bounds.MAX_BLOCK_LINES + 1), bounds.BLOCK_LINES),  # a lone CR ends a line for Markdown too
], ids=["text", "lines", "block-characters", "block-lines"])
def test_each_shape_bound(text, message):
    assert markdown_trap(text, page=True).message == message
