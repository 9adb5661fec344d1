"""Where `pathways build` and `pathways check` enter (issue 25 item 4): a build with nothing to do and a check
of content already checked are answered from `unchanged.py`, which imports only the engine; otherwise the
command's own module is imported and runs."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from typing import Iterator

from pathways.commands.unchanged import check_key, published_as_is
from pathways.engine import cache
from pathways.errors import Failed


def run_build(args: argparse.Namespace) -> None:
    if not published_as_is(args):
        from pathways.commands.build import run_build as build  # noqa: PLC0415 — the whole build, only now

        build(args)


def run_check(args: argparse.Namespace) -> None:
    """`pathways check`, from what the same check printed last time when every input is the same."""
    key = check_key(args)
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
