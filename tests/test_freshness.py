"""Content that cannot go stale: review dates, review periods, announced changes, and `--as-of`.

Review warnings point at the `verified_on` to update; they fail `check` only with `--strict`, so a
partner can still preview while a publishing pipeline (`build --strict`) refuses stale facts."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.commands.check import check
from pathways.cli import main
from test_overrides import SOURCE, content_copy
from test_scaffold import new_town

TOWN = "regions/ca/ab/testville"


@pytest.fixture(autouse=True)
def in_tmp(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # problems print paths as content/…


def run(capsys, as_of: str, *extra: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["check", "--content", "content", "--as-of", as_of, "--lang", "en", *extra])
    return code, capsys.readouterr().err.splitlines()


ORGANIZATION = (
    "- id: testville-newcomers\n"
    "  name: {fr: Centre des nouveaux arrivants de Testville, en: Testville Newcomer Centre}\n"
    f"  references: {SOURCE}\n"
    "  verified_on: 2026-06-01\n"
    "  review_by: 2026-09-01\n")


def test_a_passed_review_by_is_a_warning_at_review_by(tmp_path, capsys):
    content_copy(tmp_path, {f"{TOWN}/organizations.yaml": ORGANIZATION})
    code, lines = run(capsys, "2026-11-21")
    assert code == 0
    assert lines == [
        f"content/{TOWN}/organizations.yaml:5:14: warning: review date 2026-09-01 has passed: check the sources "
        "again, update verified_on and remove this review_by (or set the next one)",
        "0 error(s), 1 warning(s)",
    ]


def test_updating_verified_on_as_advised_clears_a_passed_review_by(tmp_path, capsys):
    # issue 21: a partner who did what the warning says was still warned (review_by alone decided)
    content_copy(tmp_path, {f"{TOWN}/organizations.yaml": ORGANIZATION.replace("2026-06-01", "2026-11-20")})
    assert run(capsys, "2026-11-21", "--strict") == (0, ["0 error(s), 0 warning(s)"])


def test_strict_turns_review_warnings_into_a_failure(tmp_path, capsys):
    content_copy(tmp_path, {f"{TOWN}/organizations.yaml": ORGANIZATION})
    code, lines = run(capsys, "2026-11-21", "--strict")
    assert code == 1
    assert lines[-1] == "0 error(s), 1 warning(s) — warnings count as errors (--strict)"


def test_the_day_of_the_review_is_still_fine(tmp_path, capsys):
    content_copy(tmp_path, {f"{TOWN}/organizations.yaml": ORGANIZATION})
    assert run(capsys, "2026-09-01", "--strict") == (0, ["0 error(s), 0 warning(s)"])


def test_a_layer_review_period_applies_to_records_without_review_by(tmp_path, capsys):
    # the fixture's national index.yaml says review_period_days: 730; its records were verified 2026-06-01
    content_copy(tmp_path, {})
    _, before = run(capsys, "2028-05-31")
    _, after = run(capsys, "2028-06-01")
    due = "warning: review date 2028-05-31 has passed"
    assert not any(due in line for line in before)
    assert "content/regions/ca/organizations.yaml:6:16: " + due + (
        ": check the sources again and update verified_on") in after


def test_a_scaffolded_town_reviews_its_own_records_after_a_year(tmp_path, capsys, monkeypatch):
    from pathways.commands import scaffold

    monkeypatch.setattr(scaffold, "current_date", lambda: dt.date(2026, 11, 21))
    root = content_copy(tmp_path, {})
    new_town(root)
    (root / "regions/ca/ab/newtown/organizations.yaml").write_text(
        ORGANIZATION.replace("testville-newcomers", "newtown-centre").replace("  review_by: 2026-09-01\n", ""),
        encoding="utf-8")
    _, fresh = run(capsys, "2027-06-01", "--community", "newtown")
    _, stale = run(capsys, "2027-06-02", "--community", "newtown")
    message = ("content/regions/ca/ab/newtown/organizations.yaml:4:16: warning: review date 2027-06-01 has passed: "
               "check the sources again and update verified_on")
    assert message not in fresh and message in stale


def test_a_rule_past_its_review_date_is_reported_at_its_entry(tmp_path, capsys):
    content_copy(tmp_path, {f"{TOWN}/services.yaml": (
        "- id: testville-food-bank\n"
        "  organization: testville-newcomers\n"
        "  name: {fr: Banque alimentaire, en: Food bank}\n"
        "  description: {fr: Dépannage alimentaire., en: Emergency food.}\n"
        "  topics: [health]\n"
        "  eligibility:\n"
        "    values:\n"
        "      2025-01-01:\n"
        "        others: eligible\n"
        f"        references: {SOURCE}\n"
        "        verified_on: 2025-06-01\n"
        "        review_by: 2026-06-01\n"
        f"  references: {SOURCE}\n"
        "  verified_on: 2026-06-01\n")})
    code, lines = run(capsys, "2026-11-21")
    assert code == 0
    assert (f"content/{TOWN}/services.yaml:12:20: warning: review date 2026-06-01 has passed: check the sources "
            "again, update verified_on and remove this review_by (or set the next one)") in lines


def test_an_old_entry_replaced_by_a_newer_one_is_not_reviewed(tmp_path, capsys):
    # settlement's 2020-01-01 entry no longer applies on 2026-11-21: only current and upcoming entries matter
    content_copy(tmp_path, {})
    programs = tmp_path / "content/regions/ca/programs.yaml"
    text = programs.read_text(encoding="utf-8")
    programs.write_text(text.replace("        verified_on: 2026-06-01\n      2026-04-01:",
                                     "        verified_on: 2020-01-01\n        review_by: 2021-01-01\n      2026-04-01:"),
                        encoding="utf-8")
    assert "review_by: 2021-01-01" in programs.read_text(encoding="utf-8")
    assert run(capsys, "2026-11-21", "--strict") == (0, ["0 error(s), 0 warning(s)"])


def test_an_announced_change_whose_date_passed_asks_for_confirmation(tmp_path, capsys):
    content_copy(tmp_path, {})
    assert run(capsys, "2027-03-31", "--strict")[0] == 0
    code, lines = run(capsys, "2027-04-01")
    assert code == 0
    assert lines == [
        "content/regions/ca/programs.yaml:31:19: warning: the change announced for 2027-04-01 is still marked "
        "expected: confirm it took effect and remove 'expected: true'",
        "0 error(s), 1 warning(s)",
    ]


def test_as_of_a_future_date_shows_the_announced_rule_in_effect(tmp_path):
    root = content_copy(tmp_path, {})

    def economic(day: dt.date):
        evaluation = check(root, ["ca/ab/testville"], day).communities["ca/ab/testville"].evaluation
        return evaluation.of("pr-economic", "testville-settlement"), evaluation

    today, evaluation = economic(dt.date(2026, 11, 21))
    assert today.rulings[0].note["en"] == "For 6 years after becoming a PR."
    [upcoming] = [c for c in evaluation.changes if c.upcoming]
    assert (upcoming.rule_id, upcoming.start) == ("settlement", dt.date(2027, 4, 1))
    eve, _ = economic(dt.date(2027, 3, 31))
    assert eve.rulings[0].note["en"] == "For 6 years after becoming a PR."
    day_of, _ = economic(dt.date(2027, 4, 1))
    assert day_of.value == "conditional" and day_of.rulings[0].note["en"] == "For 5 years after becoming a PR."
    assert day_of.rulings[0].start == dt.date(2027, 4, 1)


def test_an_ended_rule_never_falls_back_to_its_old_value(tmp_path):
    root = content_copy(tmp_path, {})
    evaluation = check(root, None, dt.date(2026, 11, 21)).communities["ca/ab/testville"].evaluation
    assert evaluation.programs[("student", "old-pilot")] is None  # ended 2025-04-01: unknown, not "eligible"
