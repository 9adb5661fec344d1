"""The corpus of broken content: each file in tests/broken/ overlays the fixture community and lists the
exact lines `pathways check` must print (`expected`, in English, and `expected_fr` when the French
wording is the point). All problems at once, exit 1, never a traceback. A case may name another command
(`command:`, e.g. `[translations, import, --lang, es, sent-back.po]`, run in the case's folder, with
`--messages LANG`); its files may be any text, PO files included."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import content_copy, run_check
from pathways.cli import main

CASES = sorted((Path(__file__).parent / "broken").glob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_content_gives_exact_errors(case, tmp_path, monkeypatch, capsys):
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    content_copy(tmp_path, spec["files"])
    monkeypatch.chdir(tmp_path)
    strict = ["--strict"] if spec.get("strict") else []  # warnings (eligibility in words, essentials…) fail only with --strict
    for lang, key in (("en", "expected"), ("fr", "expected_fr")):
        if key not in spec:
            continue
        if "command" in spec:
            code = main([*spec["command"], "--messages", lang])
            lines = capsys.readouterr().err.splitlines()
        else:
            code, lines = run_check(capsys, "--content", "content", "--lang", lang, *strict)
        assert code == 1
        assert lines[:-1] == spec[key]
        assert "Traceback" not in "\n".join(lines)


def test_french_expectations_are_french():
    french = [case for case in CASES if "expected_fr" in yaml.safe_load(case.read_text(encoding="utf-8"))]
    assert len(french) >= 3
    for case in french:
        spec = yaml.safe_load(case.read_text(encoding="utf-8"))
        assert len(spec["expected_fr"]) == len(spec["expected"]) and spec["expected_fr"] != spec["expected"], case.name


def test_every_case_says_what_it_breaks():
    for case in CASES:
        spec = yaml.safe_load(case.read_text(encoding="utf-8"))
        assert spec["description"] and spec["files"] and spec["expected"], case.name
