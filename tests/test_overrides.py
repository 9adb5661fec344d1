"""What a town's folder may do to what it inherits (the rules the partner guide documents):
replace a national step's text, add a local step, hide a step, add a service funded by an existing
program (its eligibility follows the program), give a service its own eligibility, replace prose.

Each case writes a few lines over the fixture town Testville (`ca/ab/testville`) and looks at the
result through the same functions the site and the booklets use (`check`, `pathway`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import AS_OF
from pathways.commands.check import check
from pathways.rules.pathway import pathway
from test_scaffold import partner_content

TOWN = "ca/ab/testville"
TODAY = dt.date.fromisoformat(AS_OF)
SOURCE = '[{title: Centre website, url: "https://newcomers.example.org", kind: practice}]'


def checked(root: Path, as_of: dt.date = TODAY, town: str = TOWN):
    result = check(root, None, as_of)
    assert not result.report.errors, [p.render() for p in result.report.errors]
    return result.communities[town]


def step_ids(community, status: str) -> list[str]:
    return [s.id for _, steps in pathway(community.guide, community.evaluation, status).stages for s in steps]


def local(kind: str, text: str) -> dict[str, str]:
    return {f"regions/{TOWN}/{kind}.yaml": text}


def content_copy(tmp_path: Path, files: dict[str, str]) -> Path:
    """The fixture (made fit for more than one town, see test_scaffold) with these files written over it."""
    root = partner_content(tmp_path)
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def test_replace_a_national_step_text_for_one_town_only(tmp_path):
    root = partner_content(tmp_path)
    (root / f"regions/{TOWN}/steps.yaml").write_text(
        "- id: get-sin\n"
        "  body: {fr: Allez au Centre Service Canada de Testville., en: Go to the Testville Service Canada Centre.}\n",
        encoding="utf-8")
    other = root / "regions/ca/ab/othertown"
    other.mkdir()
    (other / "community.yaml").write_text(
        "id: othertown\nname: {fr: Autreville, en: Othertown}\nprovince: AB\ntier: rural\n"
        "default_language: en\nbase_url: https://guide.example.org/othertown\n", encoding="utf-8")
    here, there = checked(root), checked(root, town="ca/ab/othertown")
    assert here.guide.steps["get-sin"].body["en"] == "Go to the Testville Service Canada Centre."
    assert here.guide.steps["get-sin"].title["en"] == "Apply for your SIN"  # not given: inherited
    assert there.guide.steps["get-sin"].body["en"] == "The Social Insurance Number (SIN) lets you work."
    origin = here.resolved.records["steps"]["get-sin"]
    assert origin.where(("body",)).path.endswith("testville/steps.yaml")
    assert origin.where(("title",)).path.endswith("regions/ca/steps.yaml")


def test_a_replaced_list_replaces_the_whole_list(tmp_path):
    root = content_copy(tmp_path, local("steps", "- id: get-sin\n  applies_to: [pr]\n"))
    community = checked(root)
    assert community.guide.steps["get-sin"].applies_to == ["pr"]  # not [pr, refugee, student] + [pr]
    assert "get-sin" in step_ids(community, "pr-family")
    assert "get-sin" not in step_ids(community, "student")


def test_a_replaced_text_must_give_both_languages(tmp_path, monkeypatch):
    root = content_copy(tmp_path, local("steps", "- id: get-sin\n  title: {fr: Demandez votre NAS}\n"))
    monkeypatch.chdir(tmp_path)
    result = check(root, None, TODAY)
    assert [p.render() for p in result.report.errors] == [
        f"content/regions/{TOWN}/steps.yaml:2:10: missing English text: give both 'fr: …' and 'en: …'",
    ]


def test_add_a_local_step(tmp_path):
    root = content_copy(tmp_path, local("steps", (
        "- id: testville-library-card\n"
        "  stage: first-weeks\n"
        "  topic: languages\n"
        "  title: {fr: Prenez une carte de bibliothèque, en: Get a library card}\n"
        "  body: {fr: Elle est gratuite., en: It is free.}\n"
        "  applies_to: [pr, refugee]\n"
        "  order: 5\n"
        f"  references: {SOURCE}\n"
        "  verified_on: 2026-06-01\n")))
    community = checked(root)
    stages = dict(pathway(community.guide, community.evaluation, "claimant").stages)
    assert [s.id for s in stages[next(s for s in stages if s.value == "first-weeks")]] == [
        "testville-library-card", "get-sin"]  # order 5 before the national order 10
    assert "testville-library-card" not in step_ids(community, "student")


def test_hide_a_step_that_does_not_apply_locally(tmp_path):
    root = content_copy(tmp_path, local("steps", "- id: language-classes\n  hidden: true\n"))
    community = checked(root)
    assert "language-classes" not in community.guide.steps
    assert "language-classes" not in step_ids(community, "pr-family")
    assert "national-only" in step_ids(community, "pr-family")  # the fixture's own hide is gone with its file


def test_hiding_an_unknown_id_says_so(tmp_path):
    root = content_copy(tmp_path, local("steps", "- id: get-sn\n  hidden: true\n"))
    [error] = check(root, None, TODAY).report.errors
    assert (error.where.line, error.text()) == (2, "nothing to hide: no inherited record has the id 'get-sn'")


def test_a_local_service_funded_by_a_program_follows_that_program(tmp_path):
    root = content_copy(tmp_path, {f"regions/{TOWN}/services.yaml": (
        "- id: testville-job-club\n"
        "  organization: testville-newcomers\n"
        "  name: {fr: Club emploi, en: Job club}\n"
        "  description: {fr: Préparer sa recherche d'emploi., en: Prepare your job search.}\n"
        "  topics: [work]\n"
        "  programs: [settlement]\n"
        f"  references: {SOURCE}\n"
        "  verified_on: 2026-06-01\n")})
    now, later = checked(root), checked(root, dt.date(2027, 4, 1))
    decide = now.evaluation.of
    assert decide("pr-family", "testville-job-club").value == "eligible"
    assert decide("student", "testville-job-club").value == "not_eligible"
    assert decide("claimant", "testville-job-club").value == "not_eligible"
    economic = decide("pr-economic", "testville-job-club")
    assert economic.value == "conditional" and economic.rulings[0].rule_id == "settlement"
    assert economic.rulings[0].note["en"] == "For 6 years after becoming a PR."
    assert economic.references[0].url.startswith("https://www.canada.ca/")
    # when the program's rule changes, the local service changes with it, with no local edit
    assert later.evaluation.of("pr-economic", "testville-job-club").rulings[0].note["en"] == (
        "For 5 years after becoming a PR.")
    usable = [u.service.id for u in pathway(now.guide, now.evaluation, "pr-family").usable]
    assert "testville-job-club" in usable
    assert "testville-job-club" not in [u.service.id for u in pathway(now.guide, now.evaluation, "student").usable]


def test_a_service_with_its_own_eligibility_ignores_its_programs(tmp_path):
    root = content_copy(tmp_path, local("services", (
        "- id: testville-conversation\n"
        "  organization: testville-newcomers\n"
        "  name: {fr: Café-causerie, en: Conversation circle}\n"
        "  description: {fr: Pratiquer l'anglais., en: Practise English.}\n"
        "  topics: [languages]\n"
        "  programs: [settlement]\n"
        "  eligibility:\n"
        "    values:\n"
        "      2026-01-01:\n"
        "        statuses: {student: eligible}\n"
        "        others: not_eligible\n"
        f"        references: {SOURCE}\n"
        "        verified_on: 2026-06-01\n"
        f"  references: {SOURCE}\n"
        "  verified_on: 2026-06-01\n")))
    community = checked(root)
    student = community.evaluation.of("student", "testville-conversation")
    assert student.value == "eligible" and student.rulings[0].rule_kind == "service"
    assert community.evaluation.of("pr-family", "testville-conversation").value == "not_eligible"  # program ignored


def test_replace_one_field_of_a_national_service(tmp_path):
    root = content_copy(tmp_path, local("services", "- id: help-211\n  fees_description: {fr: Gratuit ici, en: Free here}\n"))
    service = checked(root).guide.services["help-211"]
    assert service.fees_description["en"] == "Free here" and service.phones[0].number == "211"


def test_a_town_prose_file_replaces_the_national_one_with_the_same_name(tmp_path):
    root = content_copy(tmp_path, {
        f"fr/{TOWN}/pages/first-72-hours.md": "---\ntitle: Vos 72 premières heures à Testville\n---\nVenez au centre.\n",
        f"en/{TOWN}/pages/first-72-hours.md": "---\ntitle: Your first 72 hours in Testville\n---\nCome to the centre.\n",
    })
    pages = checked(root).guide.prose["pages/first-72-hours.md"]
    assert pages["en"].title == "Your first 72 hours in Testville" and pages["en"].body == "Come to the centre.\n"
    assert pages["fr"].title == "Vos 72 premières heures à Testville"

