"""Issue 11: lifecycle (opens_on / closes_on) applied once before presentation, key contacts, and the
essentials every province and territory must cover — a partner forks a territory (`nt/…`), sees the
missing essentials listed at the scaffold's placeholders, fills them, and sees them gone."""

from __future__ import annotations

import datetime as dt
import html
import shutil
from pathlib import Path

import pytest

from helpers import content_copy
from pathways.commands import scaffold
from pathways.commands.check import check
from pathways.cli import main

CONTENT = Path(__file__).parent.parent / "content"
CLOSING_SERVICE = """\
- id: testville-settlement
  organization: testville-newcomers
  name: {fr: Aide à l'établissement, en: Settlement help}
  description: {fr: Orientation et références., en: Orientation and referrals.}
  topics: [work, languages]
  programs: [settlement]
  closes_on: 2027-01-15
  references: [{title: Centre website, url: "https://newcomers.example.org", kind: practice}]
  verified_on: 2026-06-01
  review_by: 2027-06-01
"""


def _checked(root: Path, day: str):
    result = check(root, None, dt.date.fromisoformat(day))
    assert not result.report.errors, [p.render() for p in result.report.errors]
    return result.communities["ca/ab/testville"]


# ---------------------------------------------------------------- lifecycle


@pytest.mark.parametrize("day, listed", [("2027-01-14", True), ("2027-01-15", False), ("2027-01-16", False)])
def test_a_closed_service_leaves_the_guide_on_its_closing_day(tmp_path, day, listed):
    root = content_copy(tmp_path, {"regions/ca/ab/testville/services.yaml": CLOSING_SERVICE})
    checked = _checked(root, day)
    assert ("testville-settlement" in checked.guide.services) is listed
    if not listed:  # steps that linked it no longer do: no page or booklet can point at a closed service
        assert not any("testville-settlement" in step.services for step in checked.guide.steps.values())
    assert any(k[1] == "testville-settlement" for k in checked.evaluation.decisions) is listed
    [event] = checked.guide.lifecycle
    assert (event.record_id, event.event, event.day.isoformat(), event.upcoming) == (
        "testville-settlement", "closes", "2027-01-15", not (day >= "2027-01-15"))


def test_the_changes_page_lists_the_closed_service(tmp_path):
    root = content_copy(tmp_path, {"regions/ca/ab/testville/services.yaml": CLOSING_SERVICE})
    out = tmp_path / "site"
    assert main(["build", "--content", str(root), "--as-of", "2027-01-20", "--out", str(out), "--no-pdf",
                 "--lang", "en"]) == 0
    changes = next((out / "testville" / "en").rglob("changes/index.html")).read_text(encoding="utf-8")
    assert "Closed: the guide no longer lists it." in changes and "Settlement help" in changes
    french = html.unescape(next((out / "testville" / "fr").rglob("changes/index.html")).read_text(encoding="utf-8"))
    assert "Fermé : le guide ne l’affiche plus." in french or "Fermé : le guide ne l'affiche plus." in french


# ---------------------------------------------------------------- key contacts


def test_a_location_with_an_address_makes_a_key_contact_reachable(tmp_path):
    organization = """\
- id: testville-newcomers
  name: {fr: Centre, en: Centre}
  key_contact: settlement
  references: [{title: Centre website, url: "https://newcomers.example.org", kind: practice}]
  verified_on: 2026-06-01
"""
    location = """\
- id: testville-office
  organization: testville-newcomers
  name: {fr: Bureau, en: Office}
  address: {address_1: 1 Main Street, city: Testville, state_province: AB}
  references: [{title: Centre website, url: "https://newcomers.example.org", kind: practice}]
  verified_on: 2026-06-01
"""
    files = {"regions/ca/ab/testville/organizations.yaml": organization}
    unreachable = check(content_copy(tmp_path / "a", files), None, dt.date(2026, 11, 21)).report.warnings
    assert [w.text("fr") for w in unreachable] == [
        "cette fiche (organisme d'accueil) n'a ni téléphone ni adresse : le guide ne peut qu'envoyer les "
        "lecteurs au 211 ; ajoutez un téléphone ou un lieu avec une adresse, tirés de la page de l'organisme "
        "ou d'un répertoire officiel"]
    files["regions/ca/ab/testville/locations.yaml"] = location
    assert check(content_copy(tmp_path / "b", files), None, dt.date(2026, 11, 21)).report.warnings == []


# ---------------------------------------------------------------- essentials: fork a territory

NT_STEPS = """\
- id: nt-{id}
  stage: first-weeks
  topic: {topic}
  covers: [{id}]
  title: {{fr: "Étape {id}", en: "Step {id}"}}
  body: {{fr: "Texte.", en: "Text."}}
  applies_to: [pr, refugee, worker, cuaet, student]
  provinces: [NT]
  references: [{{title: Source, url: "https://www.example.org/{id}", kind: policy}}]
  verified_on: 2026-11-22
"""
ESSENTIALS = {"health-insurance": "health", "school": "school-childcare", "drivers-licence": "transport",
              "legal-aid": "rights-safety", "family-violence": "rights-safety"}


def _essential_warnings(capsys, root: Path) -> list[str]:
    main(["check", "--content", str(root), "--community", "yellowknife", "--strict", "--as-of", "2026-11-22",
          "--lang", "en"])
    return [line for line in capsys.readouterr().err.splitlines() if "the essential" in line]


def test_forking_a_territory_lists_the_missing_essentials_until_they_are_filled(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(scaffold, "current_date", lambda: dt.date(2026, 11, 22))
    monkeypatch.chdir(tmp_path)
    shutil.copytree(CONTENT, tmp_path / "content")
    assert main(["new-community", "nt/yellowknife", "--name-fr", "Yellowknife", "--name-en", "Yellowknife",
                 "--content", "content", "--lang", "en"]) == 0
    steps = (tmp_path / "content/regions/ca/nt/steps.yaml").read_text(encoding="utf-8")
    assert "Territoires du Nord-Ouest" in steps and "Northwest Territories" in steps

    missing = _essential_warnings(capsys, Path("content"))
    lines = {essential: number for number, line in enumerate(steps.splitlines(), start=1)
             for essential in ESSENTIALS if line.startswith(f"# essential: {essential} ")}
    assert sorted(lines) == sorted(ESSENTIALS)
    assert sorted(missing) == sorted(
        f"content/regions/ca/nt/steps.yaml:{lines[e]}:1: warning: this guide has no step on the essential '{e}' "
        f"for: {line.split(' for: ')[1].split(';')[0]}; every guide must cover it: add a step with 'covers: [{e}]'"
        for e in ESSENTIALS for line in missing if f"'{e}'" in line)
    assert len(missing) == len(ESSENTIALS)
    assert "claimant" in next(line for line in missing if "'school'" in line)

    filled = "".join(NT_STEPS.format(id=e, topic=t) for e, t in ESSENTIALS.items())
    (tmp_path / "content/regions/ca/nt/steps.yaml").write_text(filled, encoding="utf-8")
    assert _essential_warnings(capsys, Path("content")) == []


@pytest.mark.parametrize("day, listed", [("2027-01-14", True), ("2027-01-15", False)])
def test_status_pages_and_booklets_stop_listing_a_closed_service(tmp_path, day, listed):
    from pathways.output.booklet import make_booklet
    from pathways.rules.pathway import pathway

    checked = _checked(content_copy(tmp_path, {"regions/ca/ab/testville/services.yaml": CLOSING_SERVICE}), day)
    path = pathway(checked.guide, checked.evaluation, "pr-economic", "en")
    on_page = [use.service.id for use in (*path.usable, *path.not_usable, *path.unknown)]
    assert ("testville-settlement" in on_page) is listed
    booklet = make_booklet(checked, "pr-economic", "en", full=True)
    view = booklet.view
    in_booklet = [card.id for card in (*view.cards, *view.ask, *view.emergencies, *[n.card for n in view.not_for_you])]
    assert ("testville-settlement" in in_booklet) is listed


@pytest.mark.parametrize("lang, text, words", [
    ("en", "It is free for permanent residents.", "free for"),
    ("en", "Permanent residents and refugees: take LINC classes.", "Permanent residents and refugees:"),
    ("en", "You are eligible once you land.", "You are eligible"),
    ("fr", "Les demandeurs d'asile y ont droit.", "y ont droit"),
    ("fr", "Résidents permanents et réfugiés : suivez les cours.", "Résidents permanents et réfugiés :"),
    ("fr", "Elle est gratuite pour les résidents.", "gratuite pour"),
    ("fr", "Vous avez le droit d'ouvrir un compte.", None),  # a legal right, not eligibility
    ("en", "Check your eligibility with the organization.", None),
])
def test_eligibility_phrases(lang, text, words):
    from pathways.content.trust import _PATTERNS

    match = _PATTERNS[lang].search(text)
    assert (match.group(1) if match else None) == words
