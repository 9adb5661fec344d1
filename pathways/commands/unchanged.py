"""A rebuild with nothing changed, and a check of content already checked, answered before the build or the
models are imported (issue 25 item 4; the commands enter through `quick.py`).

`pathways build` for one community first asks here whether the published site is already the build of the
same inputs: the content folder's every file, `--as-of`, the tool (the inputs manifest), the options, and
the published folder untouched since (`cache.is_published`). If so it says what a full run would say (the
problems the content had, "nothing changed", where the site is) and stops, having imported only the
engine; else the build runs (`build.py`), which records here what this check needs for next time.
Nothing here decides anything the build would not: the same `inputs_key` and `published_key` serve both.

`pathways check` is a function of the same inputs and its options: what it printed, and whether it failed,
is kept under them (`checked/`), and said again while none of them changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from pathways.content.kinds import MAX_FILE_BYTES  # not load.py: a build with nothing to do reads no content
from pathways.engine import cache
from pathways.engine.cache import digest, tool_key
from pathways.engine.manifest import tree_digest
from pathways.i18n import N_, gettext_for


def check_key(args: argparse.Namespace) -> str | None:
    """What a check's words depend on: the inputs and every option (None: no content folder, or a file the
    check refuses unread)."""
    inputs = _readable_inputs(args)
    if inputs is None:
        return None
    options = {name: str(value) for name, value in sorted(vars(args).items()) if name not in ("content", "as_of")}
    return digest("checked", inputs, json.dumps(options, sort_keys=True))


def _readable_inputs(args: argparse.Namespace) -> str | None:
    """`inputs_key` of the command's content, unless a file is one `load` refuses unread (too big): the full
    command says so, and no file is read here first."""
    content = Path(args.content)
    if not content.is_dir():
        return None
    if any(p.is_file() and p.stat().st_size > MAX_FILE_BYTES for p in content.rglob("*")):
        return None
    return inputs_key(content, args.as_of)


def inputs_key(content: Path, as_of: dt.date) -> str:
    """Everything a build reads besides its options: every content file, the date and the tool (the inputs
    manifest, `manifest.tool_key`: code, templates, catalogs, base configuration, dependency versions, Pagefind,
    environment). One edited file anywhere changes it; the per-language and per-booklet keys then decide what
    is really made again."""
    return digest(tool_key(), tree_digest(content), as_of.isoformat())


def published_key(inputs: str, community: str, strict: bool, booklets: bool) -> str:
    """What the published site of a community is the build of (`cache.record_published`)."""
    return digest(inputs, community, str(strict), str(booklets))


def _entry_key(args: argparse.Namespace) -> str | None:
    """The command line as typed, every option of it (one community, or the default one): its last build's
    record. A new option (`--publish`, …) is part of the key without being named here."""
    if getattr(args, "all", False):
        return None
    options = {name: str(value) for name, value in sorted(vars(args).items()) if name != "as_of"}
    return digest("unchanged", str(Path(args.out).absolute()), str(Path(args.content).absolute()),
                  json.dumps(options, sort_keys=True))


def remember(args: argparse.Namespace, inputs: str, community: str, final: Path, site: Path, report: str,
             example_url: str | None) -> None:
    """After a build of one community: what `published_as_is` needs to answer the same command next time."""
    key = _entry_key(args)
    if key is None:
        return
    record = {"inputs": inputs, "published": published_key(inputs, community, args.strict,
                                                            not getattr(args, "no_pdf", False)),
              "final": str(final), "site": str(site), "report": report, "example_url": example_url}
    cache.put_bytes("unchanged", key, json.dumps(record).encode("utf-8"))


def published_as_is(args: argparse.Namespace) -> bool:
    """True (and said so) when the site this command would build is published, from the same inputs, untouched."""
    key = _entry_key(args)
    found = cache.get_bytes("unchanged", key) if key is not None else None
    if found is None:
        return False
    try:
        record = json.loads(found)
        if record["inputs"] != _readable_inputs(args):
            return False
        if not cache.is_published(Path(record["final"]), record["published"]):
            return False
    except (ValueError, KeyError, TypeError):  # a damaged entry: the build runs
        return False
    sys.stderr.write(record["report"])
    say_unchanged(Path(record["site"]), record["example_url"], args.lang)
    return True


NOTHING_CHANGED = N_("Nothing changed since the previous build: the site was left as it was.")


def say_unchanged(site: Path, example_url: str | None, lang: str) -> None:
    """What a build that found nothing to do prints (`build.py` prints the same)."""
    print(gettext_for(lang)(NOTHING_CHANGED))
    say_where(site, example_url, lang)


def say_where(site: Path, example_url: str | None, lang: str) -> None:
    """Where the site is; and, while `base_url` is an example address (`example_url`), what that means."""
    _ = gettext_for(lang)
    print(_(N_("Site written to {path}. To look at it: python -m http.server -d {path} then open "
               "http://localhost:8000/")).format(path=site))
    if example_url:
        print(_(N_("Note: base_url {url} is an example address: the booklets say they are a draft and carry no "
                   "QR code or web address until you write the real address in community.yaml.")).format(url=example_url))
