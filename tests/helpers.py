"""Test helpers: a temporary copy of the fixture content with files overlaid, and running the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

from pathways.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "content"
AS_OF = "2026-11-21"


def content_copy(tmp_path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """`tmp_path/content`: the fixture community with `files` (path → text or bytes) written over it."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    for relative, data in (files or {}).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return root


def run_check(capsys, *args: str) -> tuple[int, list[str]]:
    """Run `pathways check`; return its exit code and the lines it printed on stderr."""
    code = main(["check", "--as-of", AS_OF, "--lang", "en", *args])
    return code, capsys.readouterr().err.splitlines()
