"""What several commands share: the content folder and community of the command line, and the report of
problems printed all at once (`path:line:col: message`, in the language of messages)."""

from __future__ import annotations

import argparse
import sys

from pathways.content.load import Content, load_content
from pathways.content.resolve import community_id, find_community
from pathways.errors import Report, UsageError
from pathways.i18n import N_, NATIVE_NAMES, gettext_for


def load_for(args: argparse.Namespace) -> Content:
    """The content folder of `--content`, loaded once per command, or a usage error if there is none."""
    if not args.content.is_dir():
        raise UsageError(gettext_for(args.lang)(N_("no content folder at {path}")).format(path=args.content))
    return load_content(args.content)


def communities_arg(args: argparse.Namespace, content: Content) -> list[str] | None:
    """The community layer ids named on the command line (None: all), or a usage error."""
    if not getattr(args, "community", None):
        return None
    found = find_community(args.community, content)
    if found is None:
        _ = gettext_for(args.lang)
        known = ", ".join(community_id(c) for c in content.communities()) or "-"
        raise UsageError(_(N_("unknown community '{name}'; known communities: {known}")).format(
            name=args.community, known=known))
    return [found]


def print_problems(problems, lang: str) -> None:
    """Each problem on its own line of stderr, `path:line:col: message` in the language of messages."""
    for item in problems:
        print(item.render(lang), file=sys.stderr)


def print_report(report: Report, lang: str, strict: bool = False) -> str:
    """Print the problems and their count on stderr; returns what it printed."""
    _ = gettext_for(lang)
    lines = [item.render(lang) for item in [*report.errors, *report.warnings]]
    errors, warnings = len(report.errors), len(report.warnings)
    summary = _(N_("{errors} error(s), {warnings} warning(s)")).format(errors=errors, warnings=warnings)
    if warnings and strict:
        summary += " — " + _(N_("warnings count as errors (--strict)"))
    text = "".join(f"{line}\n" for line in [*lines, summary])
    sys.stderr.write(text)
    return text


def print_translation_summary(counts, lang: str) -> None:
    """One line per community and added language: how much of the guide is translated (not a warning: an
    untranslated text is shown in a reference language, with a notice). `counts`: `check.translation_counts`."""
    from pathways.content.translations import State

    _ = gettext_for(lang)
    for _layer, community, code, found in counts:
        print(_(N_("{community}, {language}: {translated} texts translated, {outdated} outdated, "
                   "{missing} missing")).format(
            community=community, language=f"{NATIVE_NAMES[code]} ({code})",
            translated=found[State.translated], outdated=found[State.outdated], missing=found[State.missing]))
