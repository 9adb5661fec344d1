"""`pathways build`: the whole pipeline, top to bottom, for one community or all of them.

check (load → resolve → validate → evaluate) → plan → render → MkDocs → Pagefind, per language, into
a staging folder next to the output; the staging folder replaces `site/<community-id>/` only when
every language built, in one atomic switch (`publish.py`: which folders may be replaced, and how).
A failed build leaves the previous site untouched.
"""

from __future__ import annotations

from typing import NoReturn

import argparse
import contextlib
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from typing import Callable

from pathways.engine import cache
from pathways.output.booklet import make_booklets
from pathways.output.finish import finish_language
from pathways.output.offline import write_worker
from pathways.output.opendata import write_open_data
from pathways.output.precompress import text_files, write_precompressed
from pathways.engine.cache import tool_key
from pathways.engine.pool import Inline, default_jobs, pool, warm_up
from pathways.commands.check import Checked, check_content, freshness
from pathways.commands.common import communities_arg, load_for, print_problems, print_report
from pathways.content.trust import unreachable_key_contacts
from pathways.content.verification import pending_edits
from pathways.errors import Failed, Problem, UsageError, problem
from pathways.i18n import NATIVE_NAMES, N_, direction, gettext_for
from pathways.commands.unchanged import NOTHING_CHANGED, inputs_key, published_key, remember, say_where
from pathways.content.load import Content
from pathways.output.plan import plan
from pathways.output.baseconfig import BaseConfigRefused
from pathways.engine.publish import (OutputRefused, carry_booklets, finish, keep_unchanged, locked, new_stage, recover_and_clean, switch,
                      target_folder)
from pathways.output.render import read_base_config, standalone_page
from pathways.present.bidi import isolate
from pathways.present.views import plain_in_language
from markupsafe import Markup
from pathways.content.guide import Guide
from pathways.content.resolve import community_id
from pathways.resources import BASE_CONFIG
from pathways.output.site import Previous, SearchUnavailable, make_language, prepare_language
from pathways import urls
from pathways.urls import is_example_address



def run_build(args: argparse.Namespace) -> None:
    _ = gettext_for(args.lang)
    jobs = args.jobs if getattr(args, "jobs", None) else default_jobs()
    # The workers start (importing the build) while this process loads and checks the content.
    with pool(jobs) as executor:
        warm_up(executor)
        _run_build(args, executor)


def _run_build(args: argparse.Namespace, executor: Executor) -> None:
    content = load_for(args)
    try:
        communities = _chosen(args, content)
    except BaseConfigRefused as refused:
        _refused_config(refused, args.lang)
    result = check_content(content, communities, args.as_of)
    reported = print_report(result.report, args.lang, args.strict) if result.report.problems else ""
    if result.report.failed(args.strict):
        raise Failed
    if getattr(args, "publish", False):
        refused = publish_refusals(content, result, args.as_of)
        if refused:
            print_refusals(refused, args.lang)
            raise Failed
    chosen = communities if communities is not None else sorted(result.communities)
    inputs = inputs_key(args.content, args.as_of)
    options = {"strict": args.strict, "booklets": not getattr(args, "no_pdf", False), "content": args.content,
               "inputs": inputs}
    # Several communities: one per worker (each builds its languages and booklets in turn); one: its
    # languages and booklets share the workers.
    if len(chosen) > 1:
        futures = [executor.submit(build_community_report, result.communities[community], args.out, jobs=1, **options)
                   for community in chosen]
    else:
        futures = [Inline().submit(build_community_report, result.communities[chosen[0]], args.out,
                                   executor=executor, **options)]
    for number, (community, future) in enumerate(zip(chosen, futures), start=1):
        if len(chosen) > 1:
            print(f"[{number}/{len(chosen)}] {community_id(community)} …", flush=True)
        try:
            built = _built(future, result.communities[community], args)
        except BaseException:
            for other in futures:
                other.cancel()
            raise
        if len(chosen) == 1:  # the next run of this command may find nothing to do before importing the build
            remember(args, inputs, built.path.name, target_folder(args.out, built.path.name, args.content), built.path,
                     reported, example_url(result.communities[community]))


def _built(future: Future[Built], checked: Checked, args: argparse.Namespace) -> Built:
    """Say what one community's build did (or why it failed)."""
    _ = gettext_for(args.lang)
    try:
        built = future.result()
    except OutputRefused as refused:
        raise UsageError(_(refused.message).format(**refused.args_)) from None
    except BaseConfigRefused as refused:
        _refused_config(refused, args.lang)
    except (SearchUnavailable, BuildFailed) as error:
        print(f"pathways: {error}", file=sys.stderr)
        print(_(N_("The build failed; the previous site was left as it was.")), file=sys.stderr)
        raise Failed from None
    if built.kept:
        print(_(N_("--no-pdf: PDF booklets already published were kept as they were, not rebuilt (files: {count}).")
                ).format(count=built.kept))
    print_changes(built, _)
    say_where(built.path, example_url(checked), args.lang)
    return built


def example_url(checked: Checked) -> str | None:
    """The community's `base_url` while it is an example address (the booklets are drafts), else None."""
    base_url = checked.guide.community.base_url
    return base_url if is_example_address(base_url) else None


def publish_refusals(content: Content, result, as_of: dt.date) -> list[Problem]:
    """What keeps each checked guide from being published (`build --publish`), in plain words, at its place:
    an example base_url (and so draft booklets without QR code), a key contact readers cannot reach, a
    review date passed, a change a verification round
    found and nobody edited yet. Without --publish these are warnings, and the build stays a draft."""
    found: list[Problem] = []
    for checked in result.communities.values():
        guide, resolved = checked.guide, checked.resolved
        community, raw = guide.community, resolved.singles["community"]
        if is_example_address(community.base_url):
            found.append(problem(raw.where(("base_url",)), N_(
                "base_url {url} is an example address: write the address where the guide will be published"),
                url=community.base_url))
            found.append(problem(raw.where(("base_url",)), N_(
                "the booklets are drafts (marked as such, without QR code or web address) while base_url is an "
                "example address")))
        if not community.report_email:
            found.append(problem(raw.where(("id",)), N_(
                "no report_email: readers could not report an error; add the address where they can write")))
        # (An added language always says how it was translated: each page and booklet computes its notice from
        # the texts it shows and their PO entries, issue 22; nothing to declare first.)
        for item in unreachable_key_contacts(resolved, guide):
            found.append(problem(item.where, N_(
                "a key contact without a phone or an address: confirm them with the organization (pathways review, "
                "then review import with the phone or address it gave)")))
        for item in [*freshness(resolved, guide, as_of), *pending_edits(content, resolved, guide)]:
            found.append(replace(item, warning=False))
    return sorted(set(found))


def print_refusals(refused: list[Problem], lang: str) -> None:
    _ = gettext_for(lang)
    print(_(N_("Not published: fix these first ({count}).")).format(count=len(refused)), file=sys.stderr)
    print_problems(refused, lang)


SHOWN_CHANGES = 30  # more than this: only the count (a first build changes every file)


def print_changes(built: Built, _: Callable[[str], str]) -> None:
    """What this build really changed, and what it took from the cache (`cache.py`)."""
    if built.unchanged:
        print(_(NOTHING_CHANGED))
        return
    print(_(N_("Files changed since the previous build: {count}. Languages built by MkDocs: {languages} (the others "
               "were unchanged). PDF booklets made: {made}, unchanged and taken from the cache: {reused}.")).format(
        count=len(built.changed), languages=", ".join(built.languages_made) or "-", made=built.booklets_made,
        reused=built.booklets_reused))
    if len(built.changed) <= SHOWN_CHANGES:
        for name in built.changed:
            print(f"  {name}")


def _refused_config(refused: BaseConfigRefused, lang: str) -> NoReturn:
    print_problems(refused.problems, lang)
    print(gettext_for(lang)(N_("The base MkDocs configuration was refused; nothing was built.")), file=sys.stderr)
    raise Failed


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


@dataclass(frozen=True)
class Built:
    """What one community's build wrote: where, which files differ from the site it replaced, and how
    many booklets WeasyPrint really made (the others came from the cache)."""

    path: Path
    changed: tuple[str, ...]  # relative paths added, changed or removed since the previous site
    booklets_made: int
    booklets_reused: int
    languages_made: tuple[str, ...]  # languages MkDocs built (the others came from the cache)
    kept: int  # --no-pdf: booklets carried over from the previous site
    unchanged: bool = False  # the inputs were those of the published site: nothing was done


def build_community(checked: Checked, out: Path, as_of: dt.date, strict: bool = False,
                    progress: Callable[[str], None] | None = None, booklets: bool = True,
                    content: Path = Path("content"), say: Callable[..., None] | None = None,
                    jobs: int = 1) -> Path:
    """Build every language of one checked community, then switch it into `out/<community-id>`.

    Raises OutputRefused when `out/<community-id>` may not be replaced (see `publish.py`)."""
    built = build_community_report(checked, out, strict, progress, booklets, content, jobs)
    if built.kept and say:
        say(N_("--no-pdf: PDF booklets already published were kept as they were, not rebuilt (files: {count})."),
            count=built.kept)
    return built.path


def build_community_report(checked: Checked, out: Path, strict: bool = False,
                           progress: Callable[[str], None] | None = None, booklets: bool = True,
                           content: Path = Path("content"), jobs: int = 1, inputs: str | None = None,
                           executor: Executor | None = None) -> Built:
    """`inputs`: a hash of everything the build reads (`inputs_key`); when the published site is the
    build of the same inputs and untouched since, nothing is done. `executor`: where the languages and
    booklets are built (else a pool of `jobs` workers)."""
    guide = checked.guide
    final = target_folder(out, guide.community.id, content)
    key = inputs and published_key(inputs, guide.community.id, strict, booklets)
    with locked(final):
        recover_and_clean(final)
        if key and cache.is_published(final, key):
            return Built(out.absolute() / guide.community.id, (), 0, 0, (), 0, unchanged=True)
        stage = new_stage(final)
        try:
            built = _build_into(stage, checked, final, strict, progress, booklets, jobs, executor)
            changed = keep_unchanged(stage, final)
            finish(stage, guide.community.id)
            switch(stage, final)
        finally:
            shutil.rmtree(stage, ignore_errors=True)  # the failed build, or the previous site once switched
        if key:
            cache.record_published(final, key)
    return replace(built, path=out.absolute() / guide.community.id, changed=tuple(changed))


def _build_into(stage: Path, checked: Checked, final: Path, strict: bool,
                progress: Callable[[str], None] | None, booklets: bool, jobs: int,
                executor: Executor | None = None) -> Built:
    guide = checked.guide
    community = guide.community
    tool = tool_key()
    # --no-pdf keeps the booklets already published (and the pages keep linking them).
    kept = 0 if booklets else carry_booklets(final, stage, urls.BOOKLETS)
    linked = booklets or kept > 0
    read_base_config(BASE_CONFIG)  # refused here, in this process, before any worker starts
    write_open_data(stage, guide, checked.evaluation)  # issue 24: HSDS package and verdicts, beside the site
    with tempfile.TemporaryDirectory(prefix="pathways-") as work, contextlib.ExitStack() as stack:
        executor = executor or stack.enter_context(pool(jobs))
        languages = {lang: executor.submit(build_language_cached, checked, lang, linked, stage / lang,
                                           Path(work) / lang, strict, tool, BASE_CONFIG)
                     for lang in community.languages}
        # The booklets are part of the site: every status page links to its PDF, dated like the pages.
        printed = make_booklets(checked, stage / urls.BOOKLETS, pool=executor, tool=tool) if booklets else None
        made = []
        finishing = []
        for lang, future in languages.items():
            if progress:
                progress(lang)
            try:
                if future.result():
                    made.append(lang)
            except SystemExit as stop:  # MkDocs aborts (strict warnings) through SystemExit
                raise BuildFailed(f"MkDocs stopped ({lang}): {stop}") from None
            # Issue 14: the copy that works without a server, once the language's pages and booklets are
            # written; then "keep this guide on my phone" (its pack holds the pages as published).
            finishing.append(executor.submit(finish_language, stage, community.id, lang, community.base_url,
                                             checked.evaluation.as_of, tool))
        parts = [future.result() for future in finishing]
    write_root_index(stage / "index.html", guide)
    write_worker(stage, community.id, community.languages, parts)
    # the languages' own copies are written when finishing them
    write_precompressed([stage / "index.html", stage / urls.WORKER, *text_files(stage / urls.OPEN_DATA_FOLDER)])
    return Built(stage, (), len(printed.made) if printed else 0,
                 len(printed.written) - len(printed.made) if printed else 0, tuple(made), kept)


def build_language_cached(checked: Checked, lang: str, booklets_linked: bool, site_dir: Path, work_dir: Path,
                          strict: bool, tool: str, base_config: Path = BASE_CONFIG) -> bool:
    """Plan, render, then MkDocs + Pagefind for one language — or its output from the cache when what MkDocs
    would receive is the same (`site.PreparedLanguage.key`); when only some pages changed, only those are
    rendered again, from the last output of the same shell. True when MkDocs ran. Runs in a worker."""
    site_plan = plan(checked.guide, checked.evaluation, lang, booklets_linked)
    prepared = prepare_language(site_plan, checked.guide, site_dir, work_dir, base_config, strict, tool)
    if cache.get_tree("languages", prepared.key, site_dir):
        return False
    make_language(prepared, previous_output(prepared.shell))
    cache.put_tree("languages", prepared.key, site_dir)
    cache.put_bytes("language-pages", prepared.key, json.dumps(prepared.pages, sort_keys=True).encode())
    cache.put_bytes("language-last", prepared.shell, prepared.key.encode())
    return True


def previous_output(shell: str) -> Previous | None:
    """The last output of this shell still in the cache, with the page hashes it was made from."""
    key = cache.get_bytes("language-last", shell)
    pages = key and cache.get_bytes("language-pages", key.decode())
    tree = pages and cache.tree("languages", key.decode())
    if not tree:
        return None
    try:
        return Previous(tree, json.loads(pages))
    except ValueError:  # a damaged entry: a full build
        return None


@dataclass(frozen=True)
class RootLanguage:
    """One language of the root page: its code, its name in itself, its direction, the guide's name in it."""

    code: str
    name: str
    dir: str
    guide: str  # HTML: in a right-to-left language, its Latin-script names isolated left to right


def write_root_index(path: Path, guide: Guide) -> None:
    """`site/<id>/index.html`: a language chooser (templates/standalone/root.html.j2), the default language first, each
    language in its own name and script, with the guide's name in it."""
    community = guide.community
    ordered = [community.default_language, *(code for code in community.languages if code != community.default_language)]
    languages = [RootLanguage(code, NATIVE_NAMES[code], direction(code), Markup(isolate(str(Markup.escape(
                     gettext_for(code)(N_("Settlement guide — {community}")).format(
                         community=plain_in_language(community.name, code, community.default_language) or ""))), code)))
                 for code in ordered]
    default = languages[0]
    path.write_text(standalone_page(default.code, default.guide, template="root.html.j2", default=default,
                                    languages=languages), encoding="utf-8")