"""The presentation model (`pathways.present.views`): what "to confirm" means, per-status step notes, the
at-a-glance rows, and the check that a step's text speaks only to the statuses it is shown to."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import AS_OF, FIXTURE, content_copy, run_check
from pathways.commands.check import check
from pathways.rules.evaluate import Ruling
from pathways.content.models import Reference, RuleEntry
from pathways.present.views import Presenter, status_view, to_confirm

OFFICIAL = {"title": "Act", "url": "https://laws.example.ca/act", "kind": "law"}
NEWS = {"title": "News", "url": "https://news.example.org/story", "kind": "secondary"}


def ruling(*references: dict, expected: bool = False) -> Ruling:
    entry = RuleEntry(references=[Reference(**r) for r in references], verified_on="2026-06-01", expected=expected)
    return Ruling("eligible", None, "program", "p", dt.date(2026, 1, 1), "pr", entry)


@pytest.mark.parametrize(("rulings", "expected"), [
    ((ruling(NEWS),), True),  # only secondary sources
    ((ruling(OFFICIAL, NEWS),), False),  # an official source backs it: firm
    ((ruling(OFFICIAL, expected=True),), True),  # only announced
    ((ruling(NEWS), ruling(OFFICIAL)), False),  # one firm rule is enough
    ((), False),  # no rule: "ask the organization", not "to confirm"
])
def test_to_confirm_means_only_secondary_or_only_announced(rulings, expected):
    assert to_confirm(rulings) is expected


def test_check_and_pages_share_the_rule(tmp_path, monkeypatch, capsys):
    """A firm verdict backed by an official and a secondary source is accepted by check, shown as firm."""
    programs = (FIXTURE / "regions/ca/programs.yaml").read_text(encoding="utf-8")
    mixed = programs.replace("            kind: policy\n", "            kind: policy\n          - {title: News, "
                             "url: \"https://news.example.org/s\", kind: secondary}\n")
    assert mixed != programs
    root = content_copy(tmp_path, {"regions/ca/programs.yaml": mixed})
    result = check(root, ["ca/ab/testville"], dt.date.fromisoformat(AS_OF))
    assert not result.report.errors
    c = result.communities["ca/ab/testville"]
    view = status_view(c.guide, c.evaluation, "pr-economic", "en")
    assert {card.id: card.badge.text for card in view.cards}["testville-settlement"] == "Under conditions since April 1, 2026"


def test_reference_title_and_url_in_the_page_language(tmp_path):
    steps = (FIXTURE / "regions/ca/steps.yaml").read_text(encoding="utf-8")
    bilingual = ('references: [{title: {fr: Le NAS, en: The SIN}, url: {fr: "https://www.canada.ca/fr/nas.html", '
                 'en: "https://www.canada.ca/en/sin.html"}, kind: policy}]')
    first = steps.index("  references:")
    end = steps.index("\n", first)
    root = content_copy(tmp_path, {"regions/ca/steps.yaml": steps[:first] + "  " + bilingual + steps[end:]})
    result = check(root, ["ca/ab/testville"], dt.date.fromisoformat(AS_OF))
    assert not result.report.errors, [p.render() for p in result.report.errors]
    c = result.communities["ca/ab/testville"]
    step = next(s for stage in status_view(c.guide, c.evaluation, "pr-family", "fr").stages for s in stage.steps
                if s.id == "get-sin")
    assert [(r.title, r.url) for r in step.sources] == [("Le NAS", "https://www.canada.ca/fr/nas.html")]
    step = next(s for stage in status_view(c.guide, c.evaluation, "pr-family", "en").stages for s in stage.steps
                if s.id == "get-sin")
    assert [(r.title, r.url) for r in step.sources] == [("The SIN", "https://www.canada.ca/en/sin.html")]


NOTES = """
  notes:
    claimant: {fr: Apportez votre document de demandeur d'asile., en: Bring your claimant document.}
"""
PRIORITY = "  priority: true\n"


def test_notes_reach_only_their_status_and_priority_chooses_do_this_first(tmp_path):
    steps = (FIXTURE / "regions/ca/steps.yaml").read_text(encoding="utf-8")
    marker = "  applies_to: [pr, refugee, student]\n"
    assert marker in steps
    root = content_copy(tmp_path, {"regions/ca/steps.yaml": steps.replace(marker, marker + NOTES.lstrip("\n") + PRIORITY)})
    result = check(root, ["ca/ab/testville"], dt.date.fromisoformat(AS_OF))
    c = result.communities["ca/ab/testville"]

    def sin(status):
        view = status_view(c.guide, c.evaluation, status, "en")
        return view, next(s for stage in view.stages for s in stage.steps if s.id == "get-sin")

    view, item = sin("claimant")
    assert "Bring your claimant document." in item.note
    assert [i.id for i in view.first] == ["get-sin"]
    view, item = sin("student")
    assert item.note is None and [i.id for i in view.first] == ["get-sin"]
    view, _ = sin("pr-family")
    assert [i.id for i in view.first] == ["get-sin"]


def test_at_a_glance_rows_are_derived_from_the_programs_and_services_behind_them():
    c = check(FIXTURE, ["ca/ab/testville"], dt.date.fromisoformat(AS_OF)).communities["ca/ab/testville"]
    rows = {r.label: (r.badge.value, r.via) for r in Presenter(c.guide, c.evaluation, "en").glance("claimant")}
    assert rows == {
        "Health coverage": ("eligible", ("Interim Federal Health Program",)),
        # A "no" names the service a reader would have asked (funded by the Settlement Program).
        "French or English classes": ("not_eligible", ("Settlement help",)),
        "Settlement help": ("not_eligible", ("Settlement help",)),
    }  # nothing stands behind work, school, income support or legal aid here: no row
    # The clinic is funded by IFHP and by the Settlement Program: open through IFHP, it says nothing of
    # settlement help (a service answers only the needs all its programs stand behind).
    assert {card.id: card.needs for card in Presenter(c.guide, c.evaluation, "en").status("claimant").cards
            if card.id == "testville-clinic"} == {"testville-clinic": ()}


def test_check_warns_when_a_step_speaks_to_a_status_it_is_not_shown_to(tmp_path, monkeypatch, capsys):
    steps = (FIXTURE / "regions/ca/steps.yaml").read_text(encoding="utf-8")
    old = "body: {fr: Des cours gratuits existent., en: Free classes exist.}"
    assert old in steps
    new = "body: {fr: Des cours gratuits existent., en: Free classes exist. A refugee claimant pays.}"
    content_copy(tmp_path, {"regions/ca/steps.yaml": steps.replace(old, new)})
    monkeypatch.chdir(tmp_path)
    code, lines = run_check(capsys, "--content", "content", "--strict")
    assert code == 1
    assert [line for line in lines if "names" in line] == [
        "content/regions/ca/steps.yaml:15:48: warning: this step's text names 'Refugee claimant', a status it is "
        "not shown to: move those words to 'notes' of the statuses they are for"]


def test_output_clash_is_reported_in_french(tmp_path, monkeypatch, capsys):
    services = """- id: index
  organization: testville-newcomers
  name: {fr: Service, en: Service}
  description: {fr: Texte., en: Text.}
  topics: [health]
  references: [{title: Source, url: "https://newcomers.example.org", kind: practice}]
  verified_on: 2026-06-01
"""
    content_copy(tmp_path, {"regions/ca/ab/services.yaml": services})
    monkeypatch.chdir(tmp_path)
    from pathways.cli import main

    assert main(["check", "--content", "content", "--as-of", AS_OF, "--lang", "fr"]) == 1
    err = capsys.readouterr().err
    assert ("content/regions/ca/ab/services.yaml:1:7: l'id « index » donnerait à cet élément la page "
            "services/index.md, qu'une autre page utilise déjà : choisissez un autre id") in err
