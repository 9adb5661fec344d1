"""`serve`'s look-ahead: after an edit, the pages of the language the reader is looking at, before the
full build.

The full build (`build.py`) renders only the pages an edit changed, but it also plans every language,
indexes the search and makes the zips and offline packs before anything is published. The preview cannot
wait for that: here the reader's language is planned and rendered alone, MkDocs renders only its changed
pages (from the last output of the same shell, `site.render_pages`), and those pages replace the served
ones, one file at a time. The full build follows and publishes everything, as `pathways build` would
(the preview then equals a clean build). A page that shows sizes made by the full build (the download
and offline sections: home and about) is left to the full build, as is any edit that changes more than
some pages (navigation, configuration, templates: a new shell).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.files import File

from pathways import urls
from pathways.output.archive import SIZE_PLACEHOLDER as ZIP_SIZE
from pathways.commands.build import previous_output
from pathways.engine.cache import tool_key
from pathways.commands.check import check_content
from pathways.content.load import load_content
from pathways.output.offline import BOOKLETS_SIZE_PLACEHOLDER, SIZE_PLACEHOLDER as PACK_SIZE
from pathways.output.plan import plan
from pathways.content.resolve import community_id
from pathways.resources import BASE_CONFIG
from pathways.output.site import prepare_language, render_pages

LEFT_TO_THE_BUILD = (ZIP_SIZE, PACK_SIZE, BOOKLETS_SIZE_PLACEHOLDER)


@dataclass(frozen=True)
class Previewed:
    """What the look-ahead put in place: the pages shown (output paths), and whether it showed every page
    the edit changed (False: the full build must reload the browser again)."""

    shown: tuple[str, ...]
    complete: bool


def preview_language(args: argparse.Namespace, out: Path, lang: str) -> Previewed | None:
    """The changed pages of `lang` in `out/<community>/<lang>/`; None when the full build must do it all."""
    result = check_content(load_content(args.content), [args.community], args.as_of)
    if result.report.failed(False):
        return None  # the full build prints the problems
    checked = result.communities[args.community]
    served = out / community_id(args.community) / lang
    if lang not in checked.guide.community.languages or not served.is_dir():
        return None
    booklets = any((served.parent / urls.BOOKLETS).glob("*.pdf"))
    with tempfile.TemporaryDirectory(prefix="pathways-preview-") as work:
        site_plan = plan(checked.guide, checked.evaluation, lang, booklets)
        prepared = prepare_language(site_plan, checked.guide, Path(work) / "site", Path(work) / "work", BASE_CONFIG,
                                    False, tool_key())
        previous = previous_output(prepared.shell)
        if previous is None:
            return None
        rendered = render_pages(prepared, previous)
        return _show(rendered, prepared.docs_dir, prepared.site_dir, served)


def _show(rendered: tuple[str, ...], docs: Path, built: Path, served: Path) -> Previewed:
    shown, complete = [], True
    for page in rendered:
        output = Path(File(page, str(docs), str(built), use_directory_urls=True).abs_dest_path)
        name = output.relative_to(built).as_posix()
        text = output.read_text(encoding="utf-8")
        if any(placeholder in text for placeholder in LEFT_TO_THE_BUILD):
            complete = False
            continue
        target = served / name
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.preview")
        shutil.copyfile(output, temporary)
        os.replace(temporary, target)  # a reader never gets half a page
        shown.append(name)
    return Previewed(tuple(shown), complete)
