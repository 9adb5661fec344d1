"""`pathways check` and `pathways schema` from the command line: exit codes, languages, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import AS_OF, FIXTURE, content_copy, run_check
from pathways.cli import main
from pathways.content.models import KINDS, SINGLE_FILES


def test_clean_fixture_passes_strict(capsys):
    code, lines = run_check(capsys, "--content", str(FIXTURE), "--strict")
    assert code == 0
    assert lines == ["0 error(s), 0 warning(s)"]


def test_errors_in_french(tmp_path, monkeypatch, capsys):
    content_copy(tmp_path, {"regions/ca/ab/topics.yaml": "- id: local\n  nmae: {fr: Local, en: Local}\n"})
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--as-of", AS_OF, "--lang", "fr", "--content", "content"])
    lines = capsys.readouterr().err.splitlines()
    assert code == 1
    assert lines == [
        "content/regions/ca/ab/topics.yaml:1:3: le champ obligatoire « name » est absent",
        "content/regions/ca/ab/topics.yaml:2:3: clé inconnue « nmae » ; vouliez-vous dire « name » ?",
        "2 erreur(s), 0 avertissement(s)",
    ]


def test_warnings_fail_only_when_strict(tmp_path, monkeypatch, capsys):
    content_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, lines = run_check(capsys, "--content", "content", "--as-of", "2027-04-02")
    assert code == 0
    assert lines[0].startswith("content/regions/ca/programs.yaml:")
    assert "warning: the change announced for 2027-04-01 is still marked expected" in lines[0]
    code, _ = run_check(capsys, "--content", "content", "--as-of", "2027-04-02", "--strict")
    assert code == 1


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["check", "--content", str(FIXTURE), "--community", "atlantis", "--lang", "en"]) == 2
    assert "unknown community 'atlantis'; known communities: testville" in capsys.readouterr().err
    assert main(["check", "--content", str(tmp_path / "nowhere"), "--lang", "en"]) == 2
    try:
        main(["check", "--as-of", "2026-02-30"])
    except SystemExit as exit_:
        assert exit_.code == 2


def test_community_by_short_or_full_id(capsys):
    for name in ("testville", "ca/ab/testville"):
        code, _ = run_check(capsys, "--content", str(FIXTURE), "--community", name)
        assert code == 0


def test_module_entry_point_runs_without_traceback(tmp_path):
    root = content_copy(tmp_path, {"regions/ca/ab/topics.yaml": "- id: [broken\n"})
    done = subprocess.run([sys.executable, "-m", "pathways", "check", "--content", str(root), "--lang", "en"],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "YAML syntax error" in done.stderr and "Traceback" not in done.stderr


def test_schema_for_every_kind(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path), "--lang", "en"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{k}.schema.json" for k in [*KINDS, *SINGLE_FILES])
    services = json.loads((tmp_path / "services.schema.json").read_text())
    service = services["$defs"]["Service"]
    assert services["type"] == "array"
    assert "Programs that fund it" in service["properties"]["programs"]["description"]
    assert "hidden" in service["properties"]
