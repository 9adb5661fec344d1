"""Eligibility cases for the shipped content (tests/eligibility/shipped/*.yaml): what each program's rule
says for a status on a date — the day before, of and after each change — in the community that ships it.
A change to RAMQ, RAP/BVOR, IRCC settlement or Francisation rules must change these cases on purpose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pathways.commands.check import check
from pathways.rules.evaluate import rule_for

CONTENT = Path(__file__).parent.parent / "content"
CASE_FILES = sorted((Path(__file__).parent / "eligibility" / "shipped").glob("*.yaml"))
CASES = [case for path in CASE_FILES for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def guides():
    result = check(CONTENT, None, dt.date(2026, 11, 22))
    assert not result.report.errors, [p.render() for p in result.report.errors]
    return {community: checked.guide for community, checked in result.communities.items()}


def test_cases_cover_the_four_rules_of_issue_11():
    assert {case["program"] for case in CASES} >= {"ramq", "rap", "ircc-settlement", "francisation-quebec"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shipped_eligibility_case(guides, case):
    guide = guides[case["community"]]
    as_of = case["as_of"] if isinstance(case["as_of"], dt.date) else dt.date.fromisoformat(case["as_of"])
    program = guide.programs[case["program"]]
    ruling = rule_for(guide, program.eligibility, "program", program.id, case["status"], as_of)
    expected = case["expected"]
    if expected["value"] == "unknown":
        assert ruling is None
        return
    assert ruling is not None
    assert (ruling.value, ruling.start, ruling.matched, ruling.expected) == (
        expected["value"], expected["start"], expected["matched"], expected["expected"])
    assert ruling.references and ruling.verified_on  # provenance is never empty
    for lang, words in case.get("note_contains", {}).items():
        assert ruling.note is not None and words in " ".join(ruling.note[lang].split()), (lang, words)
