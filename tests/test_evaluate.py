"""Evaluate stage: dated rules, parent statuses, unions of programs, `null` ends, changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from helpers import FIXTURE, content_copy
from pathways.commands.check import check
from pathways.rules.evaluate import decide, evaluate

CASE_FILES = sorted((Path(__file__).parent / "eligibility").glob("*.yaml"))
CASES = [case for path in CASE_FILES for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


def guide_of(root: Path, as_of: dt.date):
    result = check(root, None, as_of)
    assert not result.report.errors, [p.render() for p in result.report.errors]
    return result.communities["ca/ab/testville"].guide


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_eligibility_case(case):
    as_of = dt.date.fromisoformat(str(case["as_of"]))
    decision = decide(guide_of(FIXTURE, as_of), case["status"], case["service"], as_of)
    expected = case["expected"]
    assert decision.value == expected["value"]
    if expected["value"] == "unknown":
        assert decision.rulings == ()
        return
    ruling = decision.rulings[0]
    assert (ruling.rule_id, ruling.start.isoformat(), ruling.matched, ruling.expected) == (
        expected["rule"], str(expected["start"]), expected["matched"], expected["expected"])
    assert ruling.references and ruling.verified_on  # provenance is never empty


PILOT_SERVICE = """\
- id: pilot-service
  organization: testville-newcomers
  name: {fr: Projet pilote, en: Pilot}
  description: {fr: Texte., en: Text.}
  topics: [work]
  programs: [old-pilot]
  references: [{title: Source, url: "https://newcomers.example.org", kind: practice}]
  verified_on: 2026-06-01
"""


@pytest.mark.parametrize("day, value", [("2025-03-31", "eligible"), ("2025-04-01", "unknown"),
                                        ("2025-04-02", "unknown")])
def test_null_ends_a_rule_without_falling_back(tmp_path, day, value):
    root = content_copy(tmp_path, {"regions/ca/ab/services.yaml": PILOT_SERVICE})
    as_of = dt.date.fromisoformat(day)
    assert decide(guide_of(root, as_of), "student", "pilot-service", as_of).value == value


def test_unknown_eligibility_is_a_warning_naming_the_statuses(tmp_path):
    root = content_copy(tmp_path, {"regions/ca/ab/services.yaml": PILOT_SERVICE})
    result = check(root, None, dt.date(2026, 11, 21))
    [warning] = result.report.warnings
    assert warning.where.path.endswith("regions/ca/ab/services.yaml") and warning.where.line == 1
    assert warning.text("en") == ("no rule says whether these statuses may use this service: pr-economic, "
                                  "pr-family, claimant, student (readers are told to ask the organization)")


def test_changes_are_recent_or_upcoming():
    result = check(FIXTURE, None, dt.date(2026, 6, 1))
    changes = result.communities["ca/ab/testville"].evaluation.changes
    assert [(c.rule_id, c.start.isoformat(), c.upcoming) for c in changes] == [
        ("settlement", "2026-04-01", False), ("settlement", "2027-04-01", True)]
    assert changes[1].entry.expected and changes[1].previous is changes[0].entry


def test_a_check_of_several_communities_decides_as_each_guide_alone(tmp_path):
    """`check` shares what inherited rules decide across communities (issue 25 item 4): each community's
    evaluation is still the one its guide gets alone, also where a community replaces a national rule."""
    import shutil

    from pathways.commands.check import check_content
    from pathways.content.load import load_content

    root = content_copy(tmp_path)
    town = root / "regions/ca/ab/testville"
    for name in ("otherville", "thirdville"):
        shutil.copytree(town, town.parent / name)
        community = town.parent / name / "community.yaml"
        community.write_text(community.read_text(encoding="utf-8").replace("id: testville", f"id: {name}"),
                             encoding="utf-8")
    national = (root / "regions/ca/programs.yaml").read_text(encoding="utf-8")
    settlement = national[:national.index("- id: ifhp")]
    (town.parent / "otherville" / "programs.yaml").write_text(  # the settlement program, open to everyone here
        settlement.replace("others: not_eligible", "others: eligible"), encoding="utf-8")
    as_of = dt.date(2026, 11, 21)
    result = check_content(load_content(root), None, as_of)
    checked = {layer.rsplit("/", 1)[-1]: found for layer, found in result.communities.items()}
    assert sorted(checked) == ["otherville", "testville", "thirdville"]
    for found in checked.values():
        assert found.evaluation == evaluate(found.guide, as_of)
    decided = {name: found.evaluation.of("student", "testville-settlement").value for name, found in checked.items()}
    assert decided == {"otherville": "eligible", "testville": "not_eligible", "thirdville": "not_eligible"}
