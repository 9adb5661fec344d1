"""Resolve stage: layers merge by id — add, replace field by field, hide — and prose per key."""

from __future__ import annotations

import datetime as dt

from helpers import FIXTURE, content_copy
from pathways.commands.check import check
from pathways.content.load import load_content
from pathways.content.resolve import find_community, layer_path, resolve_community


def test_layer_path_and_community_lookup():
    content = load_content(FIXTURE)
    assert layer_path("ca/ab/testville", content) == ["ca", "ca/ab", "ca/ab/testville"]
    assert find_community("testville", content) == "ca/ab/testville"
    assert find_community("nowhere", content) is None


def test_lower_layer_replaces_only_the_fields_it_gives():
    resolved, problems = resolve_community(load_content(FIXTURE), "ca/ab/testville")
    assert problems == []
    step = resolved.records["steps"]["get-sin"]
    assert step.fields["title"]["en"] == "Apply for your SIN in Testville"
    assert step.fields["body"]["en"] == "The Social Insurance Number (SIN) lets you work."
    assert step.origin["title"].layer == "ca/ab/testville" and step.origin["body"].layer == "ca"
    assert step.where(("title",)).path.endswith("testville/steps.yaml")


def test_hidden_removes_an_inherited_record():
    resolved, _ = resolve_community(load_content(FIXTURE), "ca/ab/testville")
    assert "national-only" not in resolved.records["steps"]


def test_hiding_what_does_not_exist_is_an_error(tmp_path):
    root = content_copy(tmp_path, {"regions/ca/ab/steps.yaml": "- id: no-such-step\n  hidden: true\n"})
    result = check(root, None, dt.date(2026, 11, 21))
    [error] = result.report.errors
    assert error.where.line == 2 and error.text() == "nothing to hide: no inherited record has the id 'no-such-step'"


def test_prose_of_a_lower_layer_replaces_the_same_key(tmp_path):
    root = content_copy(tmp_path, {
        "fr/ca/ab/testville/pages/first-72-hours.md": "---\ntitle: Local\n---\nTexte local.\n",
        "en/ca/ab/testville/pages/first-72-hours.md": "---\ntitle: Local\n---\nLocal text.\n",
    })
    resolved, _ = resolve_community(load_content(root), "ca/ab/testville")
    assert resolved.prose["pages/first-72-hours.md"]["en"].body == "Local text.\n"
    assert resolved.prose["pages/about.md"]["fr"].layer == "ca/ab/testville"
