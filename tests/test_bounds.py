"""Bounds on what one text may contain: the patterns that make Python-Markdown slow or recursive are
found (with where they start), and ordinary guide text passes untouched."""

from __future__ import annotations

from pathlib import Path

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
