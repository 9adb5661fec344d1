"""`pathways print`: one status's booklet (PDF) in one language, or every booklet of a community.

Booklets are written where `build` publishes them (`site/<id>/print/`) unless `--out` says otherwise, by the
same rules as `build`: only into this community's site (its `.pathways-site` marker), under its lock, each file
written then renamed, readable by a web server (644)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Iterator

from pathways import urls
from pathways.commands.check import check_content
from pathways.commands.common import communities_arg, load_for, print_report
from pathways.content.guide import Guide
from pathways.engine.publish import DIR_MODE, FILE_MODE, MARKER, OutputRefused, locked, target_folder
from pathways.errors import Failed, UsageError
from pathways.i18n import N_, gettext_for
from pathways.output.fonts import covered, missing_font_message
from pathways.output.booklet import booklet_pdf, file_name, make_booklet, write_atomic, write_booklets
from pathways.rules.evaluate import Checked



def run_print(args: argparse.Namespace) -> None:
    _ = gettext_for(args.lang)
    content = load_for(args)
    if not args.community:
        raise UsageError(_(N_("say which community to print: --community ID")))
    if bool(args.status) == bool(args.all):
        raise UsageError(_(N_("say which booklet to print: --status ID, or --all")))
    [community] = communities_arg(args, content)
    result = check_content(content, [community], args.as_of)
    if result.report.problems:
        print_report(result.report, args.lang)
    if result.report.failed():
        raise Failed
    checked = result.communities[community]
    languages = checked.guide.community.languages if args.all else [args.lang]
    unprintable = [lang for lang in languages if not covered(lang)]
    for lang in unprintable:  # boxes instead of letters: say which font to install instead (issue 22)
        print(missing_font_message(lang, _), file=sys.stderr)
    if unprintable:
        raise Failed
    with _published_print_folder(checked, args, content.root) as site_print:
        if args.all:
            written = write_booklets(checked, args.out or site_print, full=args.full)
        else:
            written = [_write_one(checked, args, site_print)]
    for path in written:
        print(path)


@contextlib.contextmanager
def _published_print_folder(checked: Checked, args: argparse.Namespace, content: Path) -> Iterator[Path]:
    """`site/<id>/print`, where `build` publishes booklets: written into only when `site/<id>` is this
    community's site or does not exist yet (the ownership check of `build`), under the build's lock; each PDF
    written atomically, mode 644, folders 755 (`booklet.write_atomic`)."""
    community = checked.guide.community.id
    if args.out is not None:  # the place --out names, not the published site
        yield Path("site") / community / urls.BOOKLETS
        return
    try:
        final = target_folder(Path("site"), community, content)
    except OutputRefused as refused:
        raise UsageError(gettext_for(args.lang)(refused.message).format(**refused.args_)) from None
    fresh = not final.exists()
    with locked(final):
        yield Path("site") / community / urls.BOOKLETS  # through a link, if site/<id> is one (as build allows)
        for folder in (final, final / urls.BOOKLETS):
            if folder.is_dir():
                os.chmod(folder, DIR_MODE)
        if fresh and final.is_dir():  # a site folder print made: build may replace it later
            (final / MARKER).write_text(json.dumps({"community": community}), encoding="utf-8")
            os.chmod(final / MARKER, FILE_MODE)


def _write_one(checked: Checked, args: argparse.Namespace, site_print: Path) -> Path:
    _check_status(checked.guide, args.status, args.lang)
    _check_language(checked.guide, args.lang)
    target = args.out or site_print / file_name(args.status, args.lang)
    write_atomic(target, booklet_pdf(make_booklet(checked, args.status, args.lang, args.full)))
    return target


def _check_language(guide: Guide, lang: str) -> None:
    if lang not in guide.community.languages:
        raise UsageError(gettext_for(lang)(N_("this guide is not published in '{lang}'; its languages: {known}")).format(
            lang=lang, known=", ".join(guide.community.languages)))


def _check_status(guide: Guide, status_id: str, lang: str) -> None:
    """Booklets exist for the statuses a person holds (leaves), like the web pages they point to."""
    _ = gettext_for(lang)
    if status_id in guide.statuses and guide.children(status_id):
        leaves = [s.id for s in guide.leaf_statuses() if status_id in guide.ancestors(s.id)]
        raise UsageError(_(N_("'{name}' groups several statuses; print one of them: {known}")).format(
            name=status_id, known=", ".join(leaves)))
    if status_id not in guide.statuses:
        known = ", ".join(s.id for s in guide.leaf_statuses())
        raise UsageError(_(N_("unknown status '{name}'; known statuses: {known}")).format(
            name=status_id, known=known))
