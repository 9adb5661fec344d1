"""Plan stage on the fixture community: which pages exist, and what the status pages select."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.commands.check import check
from pathways.output.plan import plan

from helpers import FIXTURE as SITE_FIXTURE

AS_OF = dt.date(2026, 11, 21)


def checked(as_of: dt.date = AS_OF):
    result = check(SITE_FIXTURE, ["ca/ab/testville"], as_of)
    assert not result.report.errors
    return result.communities["ca/ab/testville"]


@pytest.fixture(scope="module")
def plans():
    c = checked()
    return {lang: plan(c.guide, c.evaluation, lang) for lang in ("fr", "en")}


def test_pages_follow_the_url_contract(plans):
    urls = {p.url for p in plans["en"].pages}
    for url in ("", "which-status/", "statuses/pr/", "statuses/pr-economic/", "services/",
                "services/testville-settlement/", "topics/health/", "matrix/", "changes/", "sources/", "about/",
                "pages/first-72-hours/", "pages/about/"):
        assert url in urls
    assert sorted(p.path for p in plans["fr"].pages) == sorted(p.path for p in plans["en"].pages)  # twin pages


def test_titles_are_in_the_page_language(plans):
    assert plans["fr"].page("statuses/student.md").title == "Étudiant étranger"
    assert plans["en"].page("statuses/student.md").title == "International student"
    assert plans["fr"].site_name == "Guide d'enracinement — Testville"


def test_economic_pr_may_use_settlement_help_under_conditions(plans):
    view = plans["en"].page("statuses/pr-economic.md").context["v"]
    usable = {c.id: c for c in view.cards}
    assert usable["testville-settlement"].badge.value == "conditional"
    assert usable["testville-settlement"].badge.confirm is None
    assert usable["testville-settlement"].sources  # every statement carries its source


def test_student_may_not_use_settlement_help(plans):
    view = plans["en"].page("statuses/student.md").context["v"]
    assert "testville-settlement" not in {c.id for c in view.cards}
    assert "testville-settlement" in {entry.card.id for entry in view.not_for_you}


def test_parent_status_page_lists_its_children(plans):
    context = plans["en"].page("statuses/pr.md").context
    assert [(s.id, s.url) for s in context["parent"].children] == [("pr-economic", "statuses/pr-economic/"),
                                                                  ("pr-family", "statuses/pr-family/")]
    assert context["v"] is None


def test_steps_by_stage_with_local_override_and_hidden_step(plans):
    view = plans["en"].page("statuses/pr-family.md").context["v"]
    names = [(stage.id, [s.id for s in stage.steps]) for stage in view.stages]
    assert names == [("first-weeks", ["get-sin"]), ("first-months", ["language-classes"])]  # national-only hidden


def test_home_has_emergencies_and_families(plans):
    home = plans["en"].page("index.md").context["home"]
    assert [(s.url, [p.number for p in s.phones]) for s in home.emergencies] == [("services/help-211/", ["211"])]
    assert [name for name, _ in home.families] == ["Permanent residents", "Refugees and protected persons",
                                                   "International students"]
    assert (home.first_72_hours.name, home.first_72_hours.url) == ("The first 72 hours", "pages/first-72-hours/")


def test_changes_upcoming_and_recent(plans):
    context = plans["en"].page("changes.md").context
    upcoming = [(c.kind, c.rule.url, c.day, c.announced.text) for c in context["upcoming"]]
    assert upcoming == [("Program:", "https://www.canada.ca/en/immigration-refugees-citizenship/services/"
                         "settle-canada/newcomer-services/eligibility.html", "April 1, 2027",
                         "Under conditions — to confirm")]  # an announced entry
    assert context["recent"] == ()  # 2026-04-01 is more than 180 days before as_of


def test_announced_entry_in_force_is_marked_to_confirm():
    c = checked(dt.date(2027, 5, 1))
    view = plan(c.guide, c.evaluation, "en").page("statuses/pr-economic.md").context["v"]
    assert {c.id: c.badge.text for c in view.cards}["testville-settlement"] == "Under conditions since April 1, 2026 — to confirm"


def test_pages_carry_their_verified_date(plans):
    assert plans["en"].page("statuses/pr-economic.md").verified_on == dt.date(2026, 6, 1)
    assert plans["en"].page("about.md").verified_on is None


def test_plan_is_deterministic():
    c = checked()
    first, second = plan(c.guide, c.evaluation, "fr"), plan(c.guide, c.evaluation, "fr")
    assert [(p.path, p.title) for p in first.pages] == [(p.path, p.title) for p in second.pages]
