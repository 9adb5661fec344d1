"""Issue 13 on the fixture community given Spanish and Arabic: a text without translation is shown in the
default language with its `lang` and a notice; an Arabic booklet is right-to-left, set in Amiri, its
Arabic text extracted in logical order, its QR code decoding to the Arabic page."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from PIL import Image

from helpers import AS_OF, content_copy
from pathways.output.booklet import booklet_html, booklet_pdf, make_booklet, page_url
from pathways.commands.check import check
from pathways.output.plan import plan
from pathways.i18n import gettext_for, long_date
from pathways.output.render import environment, render_page, translation_notice

COMMUNITY = "ca/ab/testville"
REAL_ADDRESS = "https://guide.testville.ca/testville"
CLAIMANT_AR = "طالب لجوء"
DESCRIPTION_AR = "لقد طلبت اللجوء في كندا."


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """The fixture at a real address, listing es and ar; only the claimant's name and description are
    translated (into Arabic; the name into Spanish too)."""
    root = content_copy(tmp_path_factory.mktemp("languages"))
    community = root / "regions/ca/ab/testville/community.yaml"
    community.write_text(community.read_text(encoding="utf-8").replace(
        "https://guide.example.org/testville", REAL_ADDRESS).replace(
        "default_language: en\n", "default_language: en\nlanguages: [en, fr, es, ar]\n"
        "translations: {es: {method: machine}, ar: {method: person, reviewed_on: 2026-06-01}}\n"),
        encoding="utf-8")
    statuses = root / "regions/ca/statuses.yaml"
    statuses.write_text(statuses.read_text(encoding="utf-8").replace(
        "  name: {fr: Demandeur d'asile, en: Refugee claimant}",
        f"  name: {{fr: Demandeur d'asile, en: Refugee claimant, es: Solicitante de asilo, ar: {CLAIMANT_AR}}}").replace(
        "  description: {fr: Vous avez demandé l'asile au Canada., en: You asked for asylum in Canada.}",
        f"  description: {{fr: Vous avez demandé l'asile au Canada., en: You asked for asylum in Canada., "
        f"ar: {DESCRIPTION_AR}}}"), encoding="utf-8")
    result = check(root, [COMMUNITY], dt.date.fromisoformat(AS_OF))
    assert not result.report.failed()
    return result.communities[COMMUNITY]


def status_body(checked, lang: str) -> str:
    site = plan(checked.guide, checked.evaluation, lang)
    return render_page(environment(lang), site, site.page("statuses/claimant.md"), checked.guide)


def test_a_text_without_translation_shows_the_default_language_with_lang_and_notice(checked):
    body = status_body(checked, "es")
    assert '<h1>Solicitante de asilo <span class="pw-official" lang="en">(Refugee claimant)</span></h1>' in body
    assert ('<p><span lang="en">You asked for asylum in Canada.</span> '
            '<small class="pw-untranslated">(no traducido)</small></p>') in body
    assert 'title: "Solicitante de asilo (Refugee claimant)"' in body  # the page title: plain text


def test_the_reference_languages_never_show_the_notice(checked):
    for lang in ("fr", "en"):
        body = status_body(checked, lang)
        assert "pw-untranslated" not in body and "Solicitante" not in body


def test_an_arabic_page_keeps_english_fallbacks_left_to_right(checked):
    body = status_body(checked, "ar")
    assert f'<h1>{CLAIMANT_AR} <span class="pw-official" lang="en" dir="ltr">(Refugee claimant)</span></h1>' in body
    assert f"<p>{DESCRIPTION_AR}</p>" in body
    site = plan(checked.guide, checked.evaluation, "ar")
    home = render_page(environment("ar"), site, site.page("index.md"), checked.guide)
    assert re.search(r'<a href="tel:[^"]+"><bdi dir="ltr">[0-9-]+</bdi></a>', home)  # numbers stay left-to-right


@pytest.fixture(scope="module")
def arabic_booklet(checked, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("ar") / "claimant-ar.pdf"
    target.write_bytes(booklet_pdf(make_booklet(checked, "claimant", "ar")))
    return target


def test_arabic_booklet_is_right_to_left_in_amiri(checked, arabic_booklet):
    assert '<html lang="ar" dir="rtl">' in booklet_html(make_booklet(checked, "claimant", "ar"))
    reader = pypdf.PdfReader(arabic_booklet)
    fonts = {str(f.get_object()["/BaseFont"]).split("+", 1)[-1]
             for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert "Booklet-Arabic" in fonts, fonts
    assert reader.metadata.title.startswith(f"{CLAIMANT_AR} (Refugee claimant)")


def test_arabic_text_is_extracted_in_logical_order(arabic_booklet):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(arabic_booklet), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    text = re.sub(r"[\u200e\u200f\u202a-\u202e]", "", text)  # directional marks pdftotext adds around runs
    assert CLAIMANT_AR in text
    assert DESCRIPTION_AR.rstrip(".") in text


def test_arabic_booklet_qr_code_decodes_to_the_arabic_page(checked, arabic_booklet, tmp_path):
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(arabic_booklet),
                    str(tmp_path / "page")], check=True)
    [image] = tmp_path.glob("page*.png")
    found = [code.text for code in zxingcpp.read_barcodes(Image.open(image))]
    assert found == [page_url(checked.guide, "claimant", "ar")] == [f"{REAL_ADDRESS}/ar/statuses/claimant/"]


def test_each_added_language_says_how_it_was_translated(checked):
    community = checked.guide.community
    arabic, spanish = translation_notice(community, "ar"), translation_notice(community, "es")
    assert arabic["said"] == gettext_for("ar")("Translated by a person, reviewed on {date}.").format(
        date=long_date(dt.date(2026, 6, 1), "ar"))
    assert spanish["said"] == "Traducción automática, no revisada por una persona."
    assert [link["lang"] for link in spanish["links"]] == ["fr", "en"]
    assert translation_notice(community, "fr") is None and translation_notice(community, "en") is None
