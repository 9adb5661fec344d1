"""The corpus of broken content: each file in tests/broken/ overlays the fixture community and lists the
exact lines `pathways check` must print. All problems at once, exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import content_copy, run_check

CASES = sorted((Path(__file__).parent / "broken").glob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_content_gives_exact_errors(case, tmp_path, monkeypatch, capsys):
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    content_copy(tmp_path, spec["files"])
    monkeypatch.chdir(tmp_path)
    # Warnings (eligibility in words, key contacts, essentials…) fail only with --strict: `strict: true`.
    code, lines = run_check(capsys, "--content", "content", *(["--strict"] if spec.get("strict") else []))
    assert code == 1
    assert lines[:-1] == spec["expected"]
    assert "Traceback" not in "\n".join(lines)


def test_every_case_says_what_it_breaks():
    for case in CASES:
        spec = yaml.safe_load(case.read_text(encoding="utf-8"))
        assert spec["description"] and spec["files"] and spec["expected"], case.name
