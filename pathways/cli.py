"""The `pathways` command: check, build, print, new-community, serve, schema, translations.

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

from pathways.i18n import N_, SUPPORTED_LANGUAGES, gettext_for
from pathways.errors import Report

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called (exit 2), already in plain words."""


def default_lang() -> str:
    for name in ("PATHWAYS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number


def _common(parser: argparse.ArgumentParser, community: bool = True, languages: tuple[str, ...] = ("fr", "en")) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    parser.add_argument("--as-of", type=iso_date, default=None,
                        help="date the guide is valid for, YYYY-MM-DD (default: today)")
    parser.add_argument("--lang", choices=languages, default=None,
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
    build.add_argument("--jobs", type=_positive, default=None, metavar="N",
                       help="worker processes (default: the machine's cores)")

    print_ = commands.add_parser("print", help="write printable PDF booklets")
    _common(print_, languages=SUPPORTED_LANGUAGES)  # here --lang is also the booklet's language, any the guide lists
    print_.add_argument("--status", help="status id")
    print_.add_argument("--all", action="store_true", help="every status in both languages")
    print_.add_argument("--full", action="store_true",
                        help="the long booklet: every step explained, every service in detail, the sources")
    print_.add_argument("--out", type=Path, default=None, help="PDF file, or folder with --all")

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

    from pathways.commands.translations import add_parser as add_translations  # noqa: PLC0415 - the command's own module

    add_translations(commands)

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
        "check": run_check, "build": _lazy("pathways.commands.build", "run_build"), "print": _lazy("pathways.output.booklet", "run_print"),
        "new-community": _lazy("pathways.commands.scaffold", "run_new_community"), "serve": _lazy("pathways.commands.serve", "run_serve"),
        "schema": run_schema, "translations": _lazy("pathways.commands.translations", "run_translations"),
    }[args.command]
    try:
        return handler(args)
    except UsageError as error:
        print(f"pathways: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _lazy(module: str, name: str):
    def run(args: argparse.Namespace) -> int:
        import importlib

        return getattr(importlib.import_module(module), name)(args)

    return run


def load_for(args: argparse.Namespace):
    """The content folder of `--content`, loaded once per command, or a usage error if there is none."""
    from pathways.content.load import load_content

    if not args.content.is_dir():
        raise UsageError(gettext_for(args.lang)(N_("no content folder at {path}")).format(path=args.content))
    return load_content(args.content)


def communities_arg(args: argparse.Namespace, content) -> list[str] | None:
    """The community layer ids named on the command line (None: all), or a usage error."""
    from pathways.content.resolve import community_id, find_community

    if not getattr(args, "community", None):
        return None
    found = find_community(args.community, content)
    if found is None:
        _ = gettext_for(args.lang)
        known = ", ".join(community_id(c) for c in content.communities()) or "-"
        raise UsageError(_(N_("unknown community '{name}'; known communities: {known}")).format(
            name=args.community, known=known))
    return [found]


def print_report(report: Report, lang: str, strict: bool = False) -> None:
    _ = gettext_for(lang)
    for item in [*report.errors, *report.warnings]:
        print(item.render(lang), file=sys.stderr)
    errors, warnings = len(report.errors), len(report.warnings)
    summary = _(N_("{errors} error(s), {warnings} warning(s)")).format(errors=errors, warnings=warnings)
    if warnings and strict:
        summary += " — " + _(N_("warnings count as errors (--strict)"))
    print(summary, file=sys.stderr)


def run_check(args: argparse.Namespace) -> int:
    from pathways.commands.check import check_in_parallel
    from pathways.engine.pool import default_jobs

    content = load_for(args)
    report, counts = check_in_parallel(content, communities_arg(args, content), args.as_of, default_jobs())
    print_report(report, args.lang, args.strict)
    print_translation_summary(counts, args.lang)
    return EXIT_PROBLEMS if report.failed(args.strict) else EXIT_OK


def print_translation_summary(counts, lang: str) -> None:
    """One line per community and added language: how much of the guide is translated (not a warning: an
    untranslated text is shown in a reference language, with a notice). `counts`: `check.translation_counts`."""
    from pathways.i18n import NATIVE_NAMES
    from pathways.content.translations import State

    _ = gettext_for(lang)
    for _layer, community, code, found in counts:
        print(_(N_("{community}, {language}: {translated} texts translated, {outdated} outdated, "
                   "{missing} missing")).format(
            community=community, language=f"{NATIVE_NAMES[code]} ({code})",
            translated=found[State.translated], outdated=found[State.outdated], missing=found[State.missing]))


def run_schema(args: argparse.Namespace) -> int:
    from pathways.content.schema import schemas

    args.out.mkdir(parents=True, exist_ok=True)
    for name, document in schemas().items():
        (args.out / f"{name}.schema.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                                                      encoding="utf-8")
    print(gettext_for(args.lang)(N_("JSON Schema written to {path}")).format(path=args.out))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
