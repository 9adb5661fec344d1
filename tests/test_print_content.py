"""What a booklet prints about a service: contact data only when the content has it, conditions marked
"to confirm" when only secondary sources back them, and nothing that could reach the network."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import socket
import subprocess

import pypdf
import pytest
from markupsafe import Markup

from helpers import AS_OF, content_copy
from pathways.output.booklet import booklet_html, booklet_pdf, breakable, css_string, make_booklet
from pathways.commands.check import check
from pathways.content.sanitize import content_html

REF = '[{title: Centre website, url: "https://newcomers.example.org", kind: practice}]'
LOCATIONS = f"""
- id: testville-office
  organization: testville-newcomers
  name: {{fr: Bureau principal, en: Main office}}
  address: {{address_1: 100 Main Street, city: Testville, state_province: AB, postal_code: T0A 0A0}}
  references: {REF}
  verified_on: 2026-06-01
"""
LEGAL = f"""
- id: testville-legal
  organization: testville-newcomers
  name: {{fr: Aide juridique, en: Legal help}}
  description: {{fr: Conseils sur vos droits., en: Advice on your rights.}}
  topics: [work]
  locations: [testville-office]
  phones: [{{number: "403-555-0100", description: {{fr: accueil, en: front desk}}}}]
  hours: {{fr: "Lundi au vendredi, 9 h à 17 h", en: "Monday to Friday, 9 am to 5 pm"}}
  application_process: {{fr: Sans rendez-vous, en: Walk in}}
  url: https://legal.example.org/services/aide-juridique-pour-les-personnes-immigrantes-et-refugiees-de-la-region-de-testville-formulaire-de-demande
  required_documents: [{{fr: Pièce d'identité avec photo, en: Photo ID}}]
  eligibility:
    values:
      2025-01-01:
        statuses:
          claimant: {{value: conditional, note: {{fr: Selon votre dossier., en: Depending on your file.}}}}
        references: [{{title: A news story, url: "https://news.example.org/story", kind: secondary}}]
        verified_on: 2026-05-15
  references: {REF}
  verified_on: 2026-06-01
"""


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    root = content_copy(tmp_path_factory.mktemp("content"))
    services = root / "regions/ca/ab/testville/services.yaml"
    services.write_text(services.read_text(encoding="utf-8") + LEGAL, encoding="utf-8")
    (root / "regions/ca/ab/testville/locations.yaml").write_text(LOCATIONS, encoding="utf-8")
    result = check(root, ["ca/ab/testville"], dt.date.fromisoformat(AS_OF))
    assert not result.report.failed(), [p.render() for p in result.report.errors]
    return result.communities["ca/ab/testville"]


def card_named(cards, name):
    [found] = [c for c in cards if c.name == name]
    return found


def test_contact_data_printed_when_the_content_has_it(checked):
    booklet = make_booklet(checked, "claimant", "en", full=True)
    legal = card_named(booklet.view.cards, "Legal help")
    assert legal.addresses == ("Main office — 100 Main Street, Testville, AB, T0A 0A0",)
    assert [p.text for p in legal.phones] == ["403-555-0100 (front desk)"]
    assert legal.phones[0].tel_uri == "tel:+1-403-555-0100"
    assert legal.hours == "Monday to Friday, 9 am to 5 pm" and legal.how_to_access == "Walk in"
    assert legal.documents == ("Photo ID",) and legal.fallback is None
    html = booklet_html(booklet)
    assert "403-555-0100 (front desk)" in html and "What to bring" in html


def test_no_invented_contact_data(checked):
    booklet = make_booklet(checked, "claimant", "en")
    clinic = card_named(booklet.view.cards, "Refugee clinic")
    assert not clinic.phones and not clinic.addresses and clinic.hours is None
    assert clinic.fallback == "No confirmed phone or address: see the website, or call 211."
    assert clinic.website == "https://newcomers.example.org"


def test_condition_backed_by_secondary_sources_is_to_confirm(checked):
    booklet = make_booklet(checked, "claimant", "fr", full=True)
    legal = card_named(booklet.view.cards, "Aide juridique")
    assert legal.note == "Selon votre dossier." and legal.badge.confirm == "à confirmer"
    assert legal.badge.text == "Sous conditions — à confirmer"
    assert [booklet.sources[n - 1].title for n in booklet.cited[legal.id]] == ["A news story"]
    assert legal.verified_on == "15 mai 2026"
    assert "Sous conditions — à confirmer" in booklet_html(booklet)
    assert booklet.view.checked == "entre le 15 mai 2026 et le 1er juin 2026"


def test_official_condition_is_not_to_confirm(checked):
    booklet = make_booklet(checked, "pr-economic", "en")
    settlement = card_named(booklet.view.cards, "Settlement help")
    assert settlement.note == "For 6 years after becoming a PR." and settlement.badge.confirm is None
    assert settlement.badge.text == "Under conditions since April 1, 2026"  # the rule that set it began then
    assert settlement.programs == ("IRCC Settlement Program",)


def test_sources_numbered_once_in_reading_order(checked):
    booklet = make_booklet(checked, "pr-economic", "en", full=True)
    assert [ref.title for ref in booklet.sources] == [
        "211 Canada", "Find out if you're eligible for free newcomer services", "Centre website"]
    assert [booklet.cited[c.id] for c in booklet.view.emergencies] == [(1,)]
    # Both services rest on the same program rule: one source, cited twice; the legal service has no
    # rule for this status, so it cites where its contact data come from. Cards come by need (topic order).
    assert [(c.name, booklet.cited[c.id]) for c in (*booklet.view.cards, *booklet.view.ask)] == [
        ("Settlement help", (2,)), ("Refugee clinic", (2,)), ("Legal help", (3,))]


def test_short_booklet_has_no_numbered_sources(checked):
    booklet = make_booklet(checked, "pr-economic", "en")
    assert booklet.sources == () and not booklet.full
    assert "Each step explained" not in booklet_html(booklet)
    assert "Each step explained" in booklet_html(make_booklet(checked, "pr-economic", "en", full=True))


def test_checklist_numbers_match_the_explanations(checked):
    booklet = make_booklet(checked, "pr-economic", "en")
    assert [(i.number, i.title) for stage in booklet.view.stages for i in stage.steps] == [
        (1, "Apply for your SIN in Testville"), (2, "Sign up for language classes")]


def test_no_rule_means_ask_the_organization(checked):
    booklet = make_booklet(checked, "student", "en")
    assert [c.name for c in booklet.view.ask] == ["Legal help"]
    assert "Legal help" not in [c.name for c in booklet.view.cards]


def test_emergency_numbers_first(checked):
    booklet = make_booklet(checked, "student", "fr")
    assert [(c.name, [p.text for p in c.phones]) for c in booklet.view.emergencies] == [
        ("211 — aide et référence", ["211"])]
    assert all(c.name != "211 — aide et référence" for c in booklet.view.cards)


def test_markdown_keeps_text_drops_images_and_scripts():
    html = content_html('Go **now**. ![pixel](https://tracker.example.org/p.png)<script>x()</script> '
                        '[Site](https://example.org)')
    assert "<strong>now</strong>" in html and 'href="https://example.org"' in html
    assert "<img" not in html and "<script" not in html and "tracker" not in html


def test_rendering_never_touches_the_network(checked, monkeypatch):
    """Even if remote content slipped into the HTML, WeasyPrint may fetch only file: and data: URLs."""
    attempts = []
    def record(host, *args, **kwargs):
        attempts.append(host)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "getaddrinfo", record)  # every HTTP fetch starts with a name lookup
    booklet = make_booklet(checked, "student", "en")
    booklet = dataclasses.replace(booklet, extra_title="Extra", extra=Markup(
        '<p><img src="https://tracker.example.org/p.png" alt="x"></p>'
        '<style>@import url("https://fonts.example.org/f.css");</style>'))
    pdf = booklet_pdf(booklet)
    assert pdf.startswith(b"%PDF-") and attempts == []


def test_css_string_is_safe_in_a_style_element():
    assert css_string('Saint-Jean "</style><script>') == '"Saint-Jean \\22 \\3c /style\\3e \\3c script\\3e "'
    assert css_string(Markup("Guide d&#39;enracinement")) == "\"Guide d'enracinement\""


def test_urls_break_only_after_slashes():
    assert breakable("guide.example.org/fr/statuses/pr-economic/") == (
        "<span>guide.example.org/</span><wbr><span>fr/</span><wbr><span>statuses/</span><wbr>"
        "<span>pr-economic/</span>")


def test_pdf_of_a_rich_card(checked, tmp_path):
    pdf = tmp_path / "claimant-fr.pdf"
    pdf.write_bytes(booklet_pdf(make_booklet(checked, "claimant", "fr", full=True)))
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages).split())
    assert "Lundi au vendredi, 9 h à 17 h" in text and "Pièce d'identité avec photo" in text
    assert "Bureau principal — 100 Main Street, Testville, AB, T0A 0A0" in text
    assert "403-555-0100 (accueil)" in text
    # The very long web address wraps inside the table cell and the card instead of leaving the page.
    words = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    right_edges = [float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', words)]
    assert max(right_edges) <= 210 / 25.4 * 72 - 15 / 25.4 * 72 + 0.5


def visible_text(html: str) -> str:
    """Text as read aloud: tags dropped, entities decoded, whitespace runs made one space."""
    import html as html_module

    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_same_service_card_on_the_page_and_in_the_booklet(checked):
    """One presentation model: the status page and the booklet print the same card (contact fallback,
    address, verdict, "to confirm"), from the same `present.Card`."""
    from pathways.output.plan import plan
    from pathways.output.render import environment, render_page

    site = plan(checked.guide, checked.evaluation, "en")
    status_page = site.page("statuses/claimant.md")
    page = visible_text(render_page(environment("en"), site, status_page, checked.guide))
    booklet = make_booklet(checked, "claimant", "en")
    printed = visible_text(booklet_html(booklet))
    cards = {c.id: c for c in status_page.context["v"].cards}
    assert cards == {c.id: c for c in booklet.view.cards}  # the very same views
    legal, clinic = cards["testville-legal"], cards["testville-clinic"]
    for shown in (page, printed):
        assert "Legal help" in shown and "Under conditions — to confirm" in shown  # one phrase when read aloud
        assert "Main office — 100 Main Street, Testville, AB, T0A 0A0" in shown
        assert "403-555-0100 (front desk)" in shown
        assert "Refugee clinic" in shown and "No confirmed phone or address: see the website, or call 211." in shown
    assert legal.badge.text == "Under conditions — to confirm" and clinic.badge.text == "You can use it"
