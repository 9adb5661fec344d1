"""Validation rules of issue 9 that need more than one record or a date: a community's id is its folder's
name and unique; a verification cannot be in the future, yet `--as-of` can still preview the past."""

from __future__ import annotations

import datetime as dt

from helpers import FIXTURE, content_copy
from pathways.commands.check import check

FUTURE_ORG = """\
- id: org-a
  name: {fr: A, en: A}
  references: [{title: Source, url: "https://a.example.org", kind: practice}]
  verified_on: 2999-01-01
"""


def test_a_past_as_of_still_accepts_content_verified_since():
    result = check(FIXTURE, None, dt.date(2019, 12, 31))  # the fixture was verified in 2026
    assert [p.render() for p in result.report.errors] == []
    assert "ca/ab/testville" in result.communities


def test_a_verification_in_the_future_is_refused_whatever_the_as_of(tmp_path):
    root = content_copy(tmp_path, {"regions/ca/ab/organizations.yaml": FUTURE_ORG})
    for as_of in (dt.date(2019, 12, 31), dt.date(2026, 11, 21), dt.date(2998, 12, 31)):
        errors = [p.text() for p in check(root, None, as_of).report.errors]
        assert errors == ["verified_on 2999-01-01 is in the future: a verification cannot be in the future; write "
                          "the date the sources were actually checked"], as_of


def test_previewing_a_date_after_the_verification_accepts_it(tmp_path):
    root = content_copy(tmp_path, {"regions/ca/ab/organizations.yaml": FUTURE_ORG})
    assert check(root, None, dt.date(2999, 1, 1)).report.errors == []


def test_community_ids_are_checked_across_the_whole_tree_even_for_one_community(tmp_path):
    root = content_copy(tmp_path, {"regions/ca/qc/testville/community.yaml": (
        "id: testville\nname: {fr: T, en: T}\nprovince: QC\ntier: small\ndefault_language: fr\n"
        "base_url: https://guide.example.org/t\n")})
    errors = [p for p in check(root, ["ca/ab/testville"], dt.date(2026, 11, 21)).report.errors]
    assert [(e.where.path.endswith("regions/ca/qc/testville/community.yaml"), e.where.line, e.where.col)
            for e in errors] == [(True, 1, 5)]
    assert errors[0].text().endswith("each community needs its own id (its site folder)")
