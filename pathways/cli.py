"""The `pathways` command: check, build, print, new-community, serve, schema, translations, review.

Exit codes: 0 ok, 1 content problems, 2 usage errors. Problems are printed all at once as
`path:line:col: message`, in French or English (`--lang`, else the LANG environment variable).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from pathways.i18n import N_, gettext_for, is_language
from pathways.engine.cache import unused as unused_cache
from pathways.commands.arguments import iso_date
from pathways.errors import Failed, UsageError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def default_lang() -> str:
    for name in ("PATHWAYS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number


def language_code(text: str) -> str:
    """`--lang` of `print` and `translations`: any language CLDR knows (pa, fa, tl…), not only a fixed list."""
    if not is_language(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a language code known to CLDR (e.g. es, ar, pa, fa)")
    return text


def _common(parser: argparse.ArgumentParser, community: bool = True,
            languages: tuple[str, ...] | None = ("fr", "en")) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    parser.add_argument("--as-of", type=iso_date, default=None,
                        help="date the guide is valid for, YYYY-MM-DD (default: today)")
    parser.add_argument("--lang", choices=languages, type=language_code if languages is None else str, default=None,
                        help="language of messages (default: from LANG)")
    if community:
        parser.add_argument("--community", help="community id, e.g. trois-rivieres or ca/qc/trois-rivieres")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pathways", description="Bilingual settlement guides for a community.")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate the content and print every problem")
    _common(check)
    check.add_argument("--strict", action="store_true", help="warnings count as problems")

    build = commands.add_parser("build", help="build the static site")
    _common(build)
    build.add_argument("--all", action="store_true", help="build every community")
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--strict", action="store_true", help="warnings count as problems")
    build.add_argument("--no-pdf", action="store_true", help="skip the PDF booklets (faster previews)")
    build.add_argument("--publish", action="store_true",
                       help="refuse to build until the guide is ready to publish (real base_url, key contacts "
                       "confirmed, no review date passed, translations disclosed); without it, a draft")
    build.add_argument("--jobs", type=_positive, default=None, metavar="N",
                       help="worker processes (default: the machine's cores)")
    build.add_argument("--no-cache", action="store_true",
                       help="make everything again: read nothing from the build cache, store nothing in it")

    print_ = commands.add_parser("print", help="write printable PDF booklets")
    _common(print_, languages=None)  # here --lang is also the booklet's language: any the guide lists
    print_.add_argument("--status", help="status id")
    print_.add_argument("--all", action="store_true", help="every status in both languages")
    print_.add_argument("--full", action="store_true",
                        help="the long booklet: every step explained, every service in detail, the sources")
    print_.add_argument("--out", type=Path, default=None, help="PDF file, or folder with --all")
    print_.add_argument("--no-cache", action="store_true",
                        help="make every booklet again: read nothing from the build cache, store nothing in it")

    new = commands.add_parser("new-community", help="scaffold a new community folder")
    new.add_argument("path", help="PROVINCE/ID, e.g. qc/shawinigan")
    new.add_argument("--name-fr", required=True)
    new.add_argument("--name-en", required=True)
    new.add_argument("--default-lang", choices=("fr", "en"), default="fr")
    new.add_argument("--content", type=Path, default=Path("content"))
    new.add_argument("--lang", choices=("fr", "en"), default=None)

    serve = commands.add_parser("serve", help="preview a community and rebuild on changes")
    _common(serve)
    serve.add_argument("--port", type=int, default=8000)

    from pathways.commands.arguments import add_translations  # noqa: PLC0415 - its command line, without the readers

    add_translations(commands)
    from pathways.commands.arguments import add_review  # noqa: PLC0415 - its command line, without the models

    add_review(commands)

    from pathways.commands.arguments import add_export  # noqa: PLC0415 - its command line, without the models
    from pathways.commands.arguments import add_import  # noqa: PLC0415 - its command line, without the models

    add_export(commands, _common)
    add_import(commands)

    schema = commands.add_parser("schema", help="write JSON Schema for every content file kind")
    schema.add_argument("--out", type=Path, default=Path("schema"))
    schema.add_argument("--lang", choices=("fr", "en"), default=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    args.lang = args.lang or default_lang()
    if getattr(args, "as_of", "unset") is None:
        args.as_of = dt.date.today()
    handler = {
        "check": _lazy("pathways.commands.quick", "run_check"),  # content checked before: said again
        "build": _lazy("pathways.commands.quick", "run_build"),  # a build with nothing to do stops there
        "print": _lazy("pathways.commands.print", "run_print"),
        "new-community": _lazy("pathways.commands.scaffold", "run_new_community"),
        "serve": _lazy("pathways.commands.serve", "run_serve"), "schema": _lazy("pathways.commands.schema", "run_schema"),
        "translations": _lazy("pathways.commands.translations", "run_translations"),
        "review": _lazy("pathways.commands.review", "run_review"),
        "export": _lazy("pathways.commands.export", "run_export"), "import": _lazy("pathways.commands.importer", "run_import"),
    }[args.command]
    # Commands raise; this is the only place where an outcome becomes an exit code.
    try:
        with unused_cache(getattr(args, "no_cache", False)):
            handler(args)
    except UsageError as error:
        print(f"pathways: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Failed:  # the command has already said what went wrong
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    return EXIT_OK


def _lazy(module: str, name: str):
    """The command's module is imported only when that command runs (a build imports much more than `check`)."""
    def run(args: argparse.Namespace) -> None:
        import importlib

        getattr(importlib.import_module(module), name)(args)

    return run


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
