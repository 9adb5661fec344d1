"""The command line of `pathways review` (issue 25 item 4: parsing any command imports no model; the command
itself is `review.py`)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def add_parser(commands) -> None:
    review = commands.add_parser("review", help="the verification round: write a worksheet, or import a filled one")
    review.add_argument("action", nargs="?", choices=("import",), help="import: apply a filled worksheet")
    review.add_argument("file", nargs="?", type=Path, help="the filled worksheet (CSV) to import")
    review.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    review.add_argument("--community", help="community id, e.g. trois-rivieres")
    review.add_argument("--as-of", type=_day, default=None, help="date of the round, YYYY-MM-DD (default: today)")
    review.add_argument("--lang", choices=("fr", "en"), default=None, help="language of messages (default: from LANG)")
    review.add_argument("--all", action="store_true", help="every item, not only those due for a check")
    review.add_argument("--sheet-lang", choices=("fr", "en"), default=None,
                        help="language of the worksheet (default: the community's default language)")
    review.add_argument("--out", type=Path, default=None, help="folder of the worksheet (default: the community's review/)")
