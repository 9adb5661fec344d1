"""`pathways build`: the whole pipeline, top to bottom, for one community or all of them.

check (load → resolve → validate → evaluate) → plan → render → MkDocs → Pagefind, per language, into
a staging folder next to the output; the staging folder replaces `site/<community-id>/` only when
every language built, in one atomic switch (`publish.py`: which folders may be replaced, and how).
A failed build leaves the previous site untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable

from .archive import write_archives
from .booklet import write_booklets
from .offline import write_offline_copies
from .check import Checked, check_content
from .cli import EXIT_OK, EXIT_PROBLEMS, UsageError, communities_arg, load_for, print_report
from .i18n import N_, direction, gettext_for
from .load import Content
from .plan import plan
from .baseconfig import BaseConfigRefused
from .publish import OutputRefused, carry_booklets, finish, locked, new_stage, recover_and_clean, switch, target_folder
from .render import CONTENT_SECURITY_POLICY, LANGUAGE_NAMES, read_base_config
from .resolve import community_id
from .resources import BASE_CONFIG
from .site import SearchUnavailable, build_language
from .urls import is_example_address

PRINT_FOLDER = "print"  # the PDF booklets, `site/<id>/print/<status>-<lang>.pdf`


def run_build(args: argparse.Namespace) -> int:
    _ = gettext_for(args.lang)
    content = load_for(args)
    try:
        communities = _chosen(args, content)
    except BaseConfigRefused as refused:
        return _refused_config(refused, args.lang)
    result = check_content(content, communities, args.as_of)
    if result.report.problems:
        print_report(result.report, args.lang, args.strict)
    if result.report.failed(args.strict):
        return EXIT_PROBLEMS
    chosen = communities if communities is not None else sorted(result.communities)
    for number, community in enumerate(chosen, start=1):
        if len(chosen) > 1:
            print(f"[{number}/{len(chosen)}] {community_id(community)} …", flush=True)
        try:
            target = build_community(result.communities[community], args.out, args.as_of, args.strict,
                                     booklets=not getattr(args, "no_pdf", False), content=args.content,
                                     say=lambda message, **kw: print(_(message).format(**kw)))
        except OutputRefused as refused:
            raise UsageError(_(refused.message).format(**refused.args_)) from None
        except BaseConfigRefused as refused:
            return _refused_config(refused, args.lang)
        except (SearchUnavailable, BuildFailed) as error:
            print(f"pathways: {error}", file=sys.stderr)
            print(_(N_("The build failed; the previous site was left as it was.")), file=sys.stderr)
            return EXIT_PROBLEMS
        print(_(N_("Site written to {path}. To look at it: python -m http.server -d {path} then open "
                   "http://localhost:8000/")).format(path=target))
        base_url = result.communities[community].guide.community.base_url
        if is_example_address(base_url):
            print(_(N_("Note: base_url {url} is an example address: the booklets say they are a draft and carry no "
                       "QR code or web address until you write the real address in community.yaml.")).format(url=base_url))
    return EXIT_OK


def _refused_config(refused: BaseConfigRefused, lang: str) -> int:
    for item in refused.problems:
        print(item.render(lang), file=sys.stderr)
    print(gettext_for(lang)(N_("The base MkDocs configuration was refused; nothing was built.")), file=sys.stderr)
    return EXIT_PROBLEMS


def _chosen(args: argparse.Namespace, content: Content) -> list[str] | None:
    """Community layer ids to build: --all → every one; --community → that one; else the default."""
    if args.all:
        if args.community:
            raise UsageError(gettext_for(args.lang)(N_("use either --community or --all, not both")))
        return None
    if not args.community:
        args.community = default_community(content.communities())
    return communities_arg(args, content)


def default_community(known: list[str]) -> str:
    """The only community there is, else the one named in the base configuration
    (`pathways/mkdocs_base.yml`, `extra.pathways.default_community`)."""
    config = read_base_config(BASE_CONFIG)
    name = ((config.get("extra") or {}).get("pathways") or {}).get("default_community")
    ids = [community_id(c) for c in known]
    if name in ids or len(ids) != 1:
        return name or ""
    return ids[0]


class BuildFailed(RuntimeError):
    """MkDocs stopped (e.g. a warning with --strict); already in plain words."""


def build_community(checked: Checked, out: Path, as_of: dt.date, strict: bool = False,
                    progress: Callable[[str], None] | None = None, booklets: bool = True,
                    content: Path = Path("content"), say: Callable[..., None] | None = None) -> Path:
    """Build every language of one checked community, then switch it into `out/<community-id>`.

    Raises OutputRefused when `out/<community-id>` may not be replaced (see `publish.py`)."""
    guide = checked.guide
    final = target_folder(out, guide.community.id, content)
    with locked(final):
        recover_and_clean(final)
        stage = new_stage(final)
        try:
            _build_into(stage, checked, final, strict, progress, booklets, say)
            finish(stage, guide.community.id)
            switch(stage, final)
        finally:
            shutil.rmtree(stage, ignore_errors=True)  # the failed build, or the previous site once switched
    return out.absolute() / guide.community.id


def _build_into(stage: Path, checked: Checked, final: Path, strict: bool,
                progress: Callable[[str], None] | None, booklets: bool, say: Callable[..., None] | None) -> None:
    guide = checked.guide
    # --no-pdf keeps the booklets already published (and the pages keep linking them).
    kept = 0 if booklets else carry_booklets(final, stage, PRINT_FOLDER)
    with tempfile.TemporaryDirectory(prefix="pathways-") as work:
        for lang in guide.community.languages:
            if progress:
                progress(lang)
            site_plan = plan(guide, checked.evaluation, lang, booklets or kept > 0)
            try:
                build_language(site_plan, guide, stage / lang, Path(work) / lang, BASE_CONFIG, strict)
            except SystemExit as stop:  # MkDocs aborts (strict warnings) through SystemExit
                raise BuildFailed(f"MkDocs stopped ({lang}): {stop}") from None
    write_root_index(stage / "index.html", guide.community.default_language, guide.community.languages)
    # The booklets are part of the site: every status page links to its PDF, dated like the pages.
    if booklets:
        write_booklets(checked, stage / PRINT_FOLDER)
    elif kept and say:
        say(N_("--no-pdf: PDF booklets already published were kept as they were, not rebuilt (files: {count})."),
            count=kept)
    # Issue 14: the copy that works without a server, once the pages and booklets it holds are written;
    # then "keep this guide on my phone" (its packs hold the pages as they are published, zip size included).
    write_archives(stage, guide.community.id, guide.community.languages, guide.community.base_url,
                   checked.evaluation.as_of)
    write_offline_copies(stage, guide.community.id, guide.community.languages)


def write_root_index(path: Path, default: str, languages: list[str]) -> None:
    """`site/<id>/index.html` sends readers to the default language, and offers both."""
    links = " · ".join(f'<a href="{code}/" hreflang="{code}" lang="{code}">{html.escape(LANGUAGE_NAMES[code])}</a>'
                       for code in languages)
    path.write_text(
        f'<!doctype html>\n<html lang="{default}" dir="{direction(default)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CONTENT_SECURITY_POLICY)}">\n'
        f'<meta name="referrer" content="no-referrer">\n'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f'<meta http-equiv="refresh" content="0; url={default}/">\n<title>{LANGUAGE_NAMES[default]}</title>\n'
        f'</head>\n<body>\n<main><p>{links}</p></main>\n</body>\n</html>\n', encoding="utf-8")
