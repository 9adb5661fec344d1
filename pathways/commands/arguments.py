"""The command lines of the commands whose modules import the models or the content readers (`review`, `export`,
`import`, `translations`): kept here, so that parsing any command line imports neither (issue 25 item 4;
`tests/test_unchanged.py` checks that a build with nothing to do imports neither the build, the models nor the
readers), with the date type every command's `--as-of` reads."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from pathways.i18n import LANGUAGES


def iso_date(text: str) -> dt.date:
    """A `--as-of` of any command: YYYY-MM-DD, or a usage error in those words."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def add_review(commands) -> None:
    review = commands.add_parser("review", help="the verification round: write a worksheet, or import a filled one")
    review.add_argument("action", nargs="?", choices=("import",), help="import: apply a filled worksheet")
    review.add_argument("file", nargs="?", type=Path, help="the filled worksheet (CSV) to import")
    review.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    review.add_argument("--community", help="community id, e.g. trois-rivieres")
    review.add_argument("--as-of", type=iso_date, default=None, help="date of the round, YYYY-MM-DD (default: today)")
    review.add_argument("--lang", choices=("fr", "en"), default=None, help="language of messages (default: from LANG)")
    review.add_argument("--all", action="store_true", help="every item, not only those due for a check")
    review.add_argument("--sheet-lang", choices=("fr", "en"), default=None,
                        help="language of the worksheet (default: the community's default language)")
    review.add_argument("--out", type=Path, default=None, help="folder of the worksheet (default: the community's review/)")


def add_export(commands, common) -> None:
    export = commands.add_parser("export", help="write the guide as an open data package (HSDS 3.0)")
    export.add_argument("format", choices=("hsds",), help="hsds: Open Referral HSDS 3.0 data package")
    common(export)
    export.add_argument("--out", type=Path, required=True, help="folder to write the package into")


def add_import(commands) -> None:
    found = commands.add_parser("import", help="read an open data package (HSDS 3.0) into a community's files")
    found.add_argument("format", choices=("hsds",), help="hsds: Open Referral HSDS 3.0 data package (CSV)")
    found.add_argument("folder", type=Path, help="folder of the package (datapackage.json and CSV files)")
    found.add_argument("--community", required=True, help="PROVINCE/ID, e.g. qc/shawinigan")
    found.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    found.add_argument("--text-language", choices=("fr", "en"), default=None,
                       help="language of the package's texts (default: the community's default language)")
    found.add_argument("--name-fr", help="a new community: its name in French")
    found.add_argument("--name-en", help="a new community: its name in English")
    found.add_argument("--as-of", type=iso_date, default=None, help="the import day, YYYY-MM-DD (default: today)")
    found.add_argument("--lang", choices=("fr", "en"), default=None, help="language of messages (default: from LANG)")


def add_translations(commands) -> None:
    translations = commands.add_parser("translations", help="export or import the PO files of a language")
    actions = translations.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="start a language: write content/regions/<layer>/translations/<lang>.po "
                                        "of every layer from the reference texts")
    add.add_argument("target", type=added_language, metavar="LANG",
                     help="language code CLDR knows, e.g. pa (Punjabi), fa (Persian), tl (Tagalog), ti (Tigrinya)")
    export = actions.add_parser("export", help="write or update content/regions/<layer>/translations/<lang>.po")
    imported = actions.add_parser("import", help="merge translated PO files into the content's PO files")
    imported.add_argument("files", nargs="*", type=Path, help="PO files sent back by a translator or a platform")
    imported.add_argument("--machine-json", type=Path, default=None,
                          help="folder of machine translations, <layer>.json ({msgctxt: text}, '__' for '/')")
    for parser in (export, imported):
        parser.add_argument("--lang", required=True, dest="target", type=added_language,
                            help="language of the translations (any language code CLDR knows but fr and en)")
    for parser in (add, export, imported):
        parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
        parser.add_argument("--messages", choices=LANGUAGES, default=None, dest="lang",
                            help="language of messages (default: from LANG)")
    for parser in (add, export):
        parser.add_argument("--from", dest="source", choices=LANGUAGES, default=None,
                            help="reference language of the msgids (default: the files' own, else en)")


def added_language(text: str) -> str:
    """A language a guide may add: any code CLDR knows, but not French or English (the reference texts)."""
    if text in LANGUAGES:
        raise argparse.ArgumentTypeError(f"'{text}' is a reference language: its texts are the YAML and Markdown files")
    from pathways.content.translations import is_added  # noqa: PLC0415 — CLDR's list, only for this command

    if not is_added(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a language code known to CLDR (e.g. es, ar, pa, fa, tl, ti)")
    return text
