"""Documentation cannot fall behind: every command and option is in the README, every content kind too."""

from __future__ import annotations

import argparse
from pathlib import Path

from pathways.cli import make_parser
from pathways.content.models import KINDS, SINGLE_FILES

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_option_is_in_the_readme():
    missing = []
    for name, sub in _subparsers(make_parser()).items():
        if f"pathways {name}" not in README:
            missing.append(name)
        for action in sub._actions:
            missing += [opt for opt in action.option_strings if opt.startswith("--") and opt != "--help"
                        and opt not in README]
    assert missing == []


def test_every_content_file_kind_is_in_the_readme():
    assert [k for k in [*KINDS, *SINGLE_FILES] if f"{k}.yaml" not in README] == []
