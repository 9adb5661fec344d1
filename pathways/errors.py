"""Problems found in content: where (path:line:col), what (a message in plain words), how bad.

Messages are English gettext ids with `{named}` arguments, translated when printed, so every error
exists in French and English.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable

from pathways.i18n import N_, gettext_for


# Characters a terminal acts on rather than shows (ESC starts a colour or a cursor move, CR rewrites the line) and
# the bidirectional overrides that reorder what is shown: written as escapes in every message, never raw.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control characters written as `\\x1b`, `\\n`, `\\u202e`: what a message shows of partner text."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


@dataclass(frozen=True, order=True)
class Where:
    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    where: Where
    message: str
    args: tuple[tuple[str, str], ...] = ()
    warning: bool = False

    def text(self, lang: str = "en") -> str:
        translate = gettext_for(lang)
        # Arguments named t_… are words of ours (a kind, a language name), translated too.
        args = {k: translate(v) if k.startswith("t_") else printable(v) for k, v in self.args}
        return translate(self.message).format(**args)

    def render(self, lang: str = "en") -> str:
        label = gettext_for(lang)(N_("warning")) + ": " if self.warning else ""
        return f"{self.where}: {label}{self.text(lang)}"


def problem(where: Where, message: str, warning: bool = False, **args: object) -> Problem:
    return Problem(where, message, tuple(sorted((k, str(v)) for k, v in args.items())), warning)


@dataclass
class Report:
    """Problems collected across every stage; printed once, all at once."""

    problems: set[Problem] = field(default_factory=set)

    def add(self, item: Problem) -> None:
        self.problems.add(item)

    def extend(self, items: Iterable[Problem]) -> None:
        self.problems.update(items)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.problems if not p.warning)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.warning)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


def closest(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


class UsageError(Exception):
    """A mistake in how a command was called, already in plain words (the entry point exits 2)."""


class Failed(Exception):
    """A command that could not do its work: content problems or a failed build, already reported to the
    reader (the entry point exits 1). Commands raise; only `pathways.cli` turns errors into exit codes."""
