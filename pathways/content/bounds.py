"""Bounds on what one text may contain, so no partner text can make a build slow or crash it.

Python-Markdown is quadratic in the number of `[` (and of `<`) that a text opens: 4,000 take 2 to 4
seconds per render, and a step body is rendered on every page that shows it. Nested lists recurse
(400 levels raise RecursionError). No real guide text comes near these limits (shipped content: at
most a handful of links per text, two levels of lists), so they cost partners nothing. Lengths per
field kind are in `models.py`; this module finds the patterns, in any text, YAML value or prose file.
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

_RUN = re.compile(r"(\[|\*|_|<)\1{%d,}" % (MAX_RUN - 1))
_INDENT = re.compile(r"^[ \t]{%d,}(?=\S)" % (MAX_INDENT + 1), re.MULTILINE)
_QUOTES = re.compile(r"^[ \t]*(?:>[ \t]*){%d,}" % (MAX_QUOTE_DEPTH + 1), re.MULTILINE)

RUN = N_("'{char}' repeated {count} times in a row: text may not contain more than {limit} in a row")
OPENERS = N_("too many '{char}' in this text ({count}; the limit is {limit}): they make the page slow to build")
INDENT = N_("a line indented more than {limit} spaces: lists may not nest this deep")
QUOTES = N_("quotes ('>') nested more than {limit} levels deep")


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
