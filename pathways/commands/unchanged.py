"""A rebuild with nothing changed, and a check of content already checked, answered before the build or the
models are imported (issue 25 item 4).

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
import contextlib
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Iterator

from pathways.engine import cache
from pathways.errors import Failed
from pathways.engine.cache import digest, tool_key, tree_digest
from pathways.i18n import N_, gettext_for


def run_build(args: argparse.Namespace) -> None:
    if not published_as_is(args):
        from pathways.commands.build import run_build as build  # noqa: PLC0415 — the whole build, only now

        build(args)


def run_check(args: argparse.Namespace) -> None:
    """`pathways check`, from what the same check printed last time when every input is the same."""
    key = _check_key(args)
    found = cache.get_bytes("checked", key) if key is not None else None
    if found is not None:
        try:
            record = json.loads(found)
            for stream, text in record["said"]:
                (sys.stdout if stream == "out" else sys.stderr).write(text)
            failed = bool(record["failed"])
        except (ValueError, KeyError, TypeError):  # a damaged entry: checked again (it may have printed part)
            found = None
        else:
            if failed:
                raise Failed
            return
    from pathways.commands.check import run_check as check  # noqa: PLC0415 — the models, only now

    said: list[tuple[str, str]] = []
    failed = False
    with _told(said):
        try:
            check(args)
        except Failed:
            failed = True
    if key is not None:
        cache.put_bytes("checked", key, json.dumps({"said": said, "failed": failed}).encode("utf-8"))
    if failed:
        raise Failed


def _check_key(args: argparse.Namespace) -> str | None:
    if not Path(args.content).is_dir():
        return None  # the check says so
    options = {name: str(value) for name, value in sorted(vars(args).items()) if name not in ("content", "as_of")}
    return digest("checked", inputs_key(Path(args.content), args.as_of), json.dumps(options, sort_keys=True))


class _Tee:
    """A stream that writes through and keeps what was written, in order with the other stream."""

    def __init__(self, stream, name: str, said: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
        self.stream, self.name, self.said = stream, name, said

    def write(self, text: str) -> int:
        self.said.append((self.name, text))
        return self.stream.write(text)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.stream, name)


@contextlib.contextmanager
def _told(said: list[tuple[str, str]]) -> Iterator[None]:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Tee(out, "out", said), _Tee(err, "err", said)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


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
    """The command line as typed (one community, or the default one): its last build's record."""
    if getattr(args, "all", False):
        return None
    return digest("unchanged", str(Path(args.out).absolute()), args.community or "", str(args.strict),
                  str(not getattr(args, "no_pdf", False)), args.lang, str(Path(args.content).absolute()))


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
    found = cache.get_bytes("unchanged", key) if key is not None and Path(args.content).is_dir() else None
    if found is None:
        return False
    try:
        record = json.loads(found)
        if record["inputs"] != inputs_key(Path(args.content), args.as_of):
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
