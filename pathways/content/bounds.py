"""Bounds on what one text may contain, so no partner text can make a build slow or crash it.

Python-Markdown is quadratic in the number of `[` (and of `<`) that a text opens: 4,000 take 2 to 4
seconds per render, and a step body is rendered on every page that shows it. Nested lists recurse
(400 levels raise RecursionError). No real guide text comes near these limits (shipped content: at
most a handful of links per text, two levels of lists), so they cost partners nothing. Lengths per
field kind are in `models.py`; this module finds the patterns, in any text, YAML value or prose file.

The shape of a text is bounded too, whatever its characters, and this is what bounds the render by
construction rather than by a list of patterns: Python-Markdown works block by block (the lines between
two blank lines), and inside one block its cost grows at most with the square of the block (a block is
re-split and re-inserted line by line: 50,000 lines of `-` take minutes; so do 20,000 lines of `# a`, or
60,000 characters of `*a*`), and with the number of blocks. So a text may have at most MAX_TEXT_CHARS
characters and MAX_LINES lines, and a block at most MAX_BLOCK_LINES lines and MAX_BLOCK_CHARS characters:
the worst text within these bounds renders in about a second (tests/test_bounds.py measures the worst
shapes known), and the one render of every prose page in the bounded child (`engine/contain.py`) stops
anything slower that nobody foresaw. The shipped prose has at most 41 lines, 11 blocks, 7 lines a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pathways.i18n import N_

MAX_RUN = 32  # the same markup character this many times in a row is never prose (a "fill in" line of `_` is shorter)
MAX_OPENERS_IN_FIELD = 200  # `[` or `<` in one YAML text (the longest shipped body has 4)
MAX_OPENERS_IN_PAGE = 500  # in one prose file
MAX_INDENT = 24  # columns of leading space on a Markdown line: six levels of list
MAX_QUOTE_DEPTH = 8  # `> > > …`
MAX_TEXT_CHARS = 50_000  # one Markdown text (a prose page: the longest shipped is under 5,000)
MAX_LINES = 5_000  # lines of one text
MAX_BLOCK_LINES = 200  # lines without a blank line between them (a paragraph, a list, a table)
MAX_BLOCK_CHARS = 10_000  # characters of such a block

_RUN = re.compile(r"(\[|\*|_|<)\1{%d,}" % (MAX_RUN - 1))
_INDENT = re.compile(r"^[ \t]{%d,}(?=\S)" % (MAX_INDENT + 1), re.MULTILINE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QUOTES = re.compile(r"^[ \t]*(?:>[ \t]*){%d,}" % (MAX_QUOTE_DEPTH + 1), re.MULTILINE)

RUN = N_("'{char}' repeated {count} times in a row: text may not contain more than {limit} in a row")
OPENERS = N_("too many '{char}' in this text ({count}; the limit is {limit}): they make the page slow to build")
INDENT = N_("a line indented more than {limit} spaces: lists may not nest this deep")
QUOTES = N_("quotes ('>') nested more than {limit} levels deep")
TEXT_CHARS = N_("this text is {count} characters long; the limit is {limit}: split it into several pages")
LINES = N_("this text has {count} lines; the limit is {limit}: split it into several pages")
BLOCK_LINES = N_("more than {limit} lines without a blank line between them: put a blank line between "
                 "paragraphs, lists and tables")
BLOCK_CHARS = N_("more than {limit} characters without a blank line: put a blank line between paragraphs, lists "
                 "and tables")


@dataclass(frozen=True)
class Trap:
    """Where in the text (character offset) a pattern starts, and what to say about it."""

    offset: int
    message: str
    args: dict


def markdown_trap(text: str, page: bool = False) -> Trap | None:
    """The first pattern in `text` that would make Markdown slow or deep, or None."""
    run = _RUN.search(text)
    if run:
        return Trap(run.start(), RUN, {"char": run.group(1), "count": len(run.group()), "limit": MAX_RUN})
    limit = MAX_OPENERS_IN_PAGE if page else MAX_OPENERS_IN_FIELD
    for char in "[<":
        count = text.count(char)
        if count > limit:
            return Trap(_nth(text, char, limit), OPENERS, {"char": char, "count": count, "limit": limit})
    indent = _INDENT.search(text)
    if indent:
        return Trap(indent.start(), INDENT, {"limit": MAX_INDENT})
    quotes = _QUOTES.search(text)
    if quotes:
        return Trap(quotes.start(), QUOTES, {"limit": MAX_QUOTE_DEPTH})
    return shape_trap(text)


def shape_trap(text: str) -> Trap | None:
    """The first place where the text is larger than a Markdown text may be (see the module's notes), or None.
    One pass over the lines, as Markdown splits them (`\r\n` and `\r` end a line too)."""
    if "\n" not in text and "\r" not in text and len(text) <= MAX_BLOCK_CHARS:  # one short line: most fields
        return None
    offset = block_lines = block_chars = 0
    lines = _LINE_BREAK.split(text)
    for line in lines:
        if line.strip():
            block_lines += 1
            block_chars += len(line) + 1
            if block_lines > MAX_BLOCK_LINES:
                return Trap(offset, BLOCK_LINES, {"limit": MAX_BLOCK_LINES})
            if block_chars > MAX_BLOCK_CHARS:
                return Trap(offset, BLOCK_CHARS, {"limit": MAX_BLOCK_CHARS})
        else:
            block_lines = block_chars = 0
        offset += len(line) + 1
    if len(lines) > MAX_LINES:
        return Trap(_nth(text, "\n", MAX_LINES - 1) + 1, LINES, {"count": len(lines), "limit": MAX_LINES})
    if len(text) > MAX_TEXT_CHARS:
        return Trap(MAX_TEXT_CHARS, TEXT_CHARS, {"count": len(text), "limit": MAX_TEXT_CHARS})
    return None


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _nth(text: str, char: str, n: int) -> int:
    """Offset of the (n+1)-th `char`: the first one over the limit."""
    at = -1
    for _ in range(n + 1):
        at = text.find(char, at + 1)
    return at
