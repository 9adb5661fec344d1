"""End-to-end booklets of the fixture community: what the PDFs say, their metadata, QR codes, bytes."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from PIL import Image

from helpers import AS_OF, FIXTURE, content_copy
from pathways.output.booklet import file_name, make_booklet, page_url, write_booklets
from pathways.commands.check import check
from pathways.i18n import long_date
from pathways.present.glossary import glossary
from pathways.rules.pathway import pathway

COMMUNITY = "ca/ab/testville"
LEAVES = ("pr-economic", "pr-family", "claimant", "student")
CASES = [(status, lang) for status in LEAVES for lang in ("fr", "en")]


@pytest.fixture(scope="session")
def checked():
    result = check(FIXTURE, [COMMUNITY], dt.date.fromisoformat(AS_OF))
    assert not result.report.failed()
    return result.communities[COMMUNITY]


@pytest.fixture(scope="session")
def booklets(checked, tmp_path_factory) -> Path:
    """The fixture publishes at guide.example.org: draft booklets, without QR code or web address."""
    out = tmp_path_factory.mktemp("print")
    written = write_booklets(checked, out)
    assert sorted(p.name for p in written) == sorted(file_name(s, lang) for s, lang in CASES)
    return out


REAL_ADDRESS = "https://guide.testville.ca/testville"


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The fixture with a real base_url: its booklets carry the QR code and the address of the page."""
    root = content_copy(tmp_path_factory.mktemp("published"))
    community = root / "regions/ca/ab/testville/community.yaml"
    community.write_text(community.read_text(encoding="utf-8").replace(
        "https://guide.example.org/testville", REAL_ADDRESS), encoding="utf-8")
    result = check(root, [COMMUNITY], dt.date.fromisoformat(AS_OF))
    assert not result.report.failed()
    checked = result.communities[COMMUNITY]
    out = tmp_path_factory.mktemp("published-print")
    write_booklets(checked, out, languages=["fr", "en"])
    return checked, out


def text_of(pdf: Path) -> str:
    """The PDF's text with every run of whitespace made one space (lines wrap anywhere)."""
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    return re.sub(r"\s+", " ", text)


def figure_alts(node) -> list[str]:
    """Alternate texts of the tagged PDF's figures (PDF/UA wants one on each)."""
    node = node.get_object()
    if not isinstance(node, pypdf.generic.DictionaryObject):
        return []
    found = [str(node.get("/Alt"))] if node.get("/S") == "/Figure" else []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids] if kids is not None else []:
        found += figure_alts(kid)
    return found


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("status", "lang"), CASES)
def test_booklet_says_what_the_pathway_says(booklets, checked, status, lang):
    guide = checked.guide
    text = text_of(booklets / file_name(status, lang))
    way = pathway(guide, checked.evaluation, status)
    assert guide.statuses[status].name[lang] in text

    def shown(said: str) -> bool:  # as written, or with its abbreviations said in words (their first use, issue 26)
        return said in text or str(glossary(guide, lang).page()(said, lang)).replace("&#39;", "'") in text

    assert shown(guide.statuses[status].document[lang])
    assert long_date(dt.date(2026, 6, 1), lang) in text  # verified date of the fixture's sources
    assert long_date(dt.date(2026, 11, 21), lang) in text  # the date the booklet is valid for
    local = [c.name.striptags() for g in make_booklet(checked, status, lang).view.local for c in g.cards]  # shown text
    for name in local:
        assert name in text
    contacts = text.split({"fr": "Services locaux auxquels vous avez droit", "en": "Local services you may use"}[lang])[1]
    for use in way.not_usable:
        assert use.service.name[lang] not in contacts, use.service.id
    for _, steps in way.stages:
        for step in steps:
            assert shown(step.title[lang])
    # guide.example.org is a placeholder: no web address, no QR code, and the booklet says it is a draft.
    assert "guide.example.org" not in squeezed(text)
    assert {"fr": "Brouillon", "en": "Draft"}[lang] in text


def test_french_and_english_interface(booklets):
    fr, en = text_of(booklets / "pr-economic-fr.pdf"), text_of(booklets / "pr-economic-en.pdf")
    assert "Résident permanent (économique)" in fr and "Permanent resident (economic)" in en
    assert "Services locaux auxquels vous avez droit" in fr and "Local services you may use" in en
    assert "En bref" in fr and "At a glance" in en
    assert "Page 1 / 2" in en


def test_contact_fallback_when_no_phone_or_address(booklets):
    text = text_of(booklets / "claimant-en.pdf")
    assert "No confirmed phone or address: see the website, or call 211." in text
    assert "https://newcomers.example.org" in squeezed(text)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_metadata_language_title_tags_and_dates(published, lang):
    checked, booklets = published
    reader = pypdf.PdfReader(booklets / file_name("claimant", lang))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root  # tagged PDF
    name = checked.guide.statuses["claimant"].name[lang]
    assert reader.metadata.title.startswith(name) and "Testville" in reader.metadata.title
    assert figure_alts(root["/StructTreeRoot"]) == [
        {"fr": "Code QR de l'adresse web de cette page", "en": "QR code of the web address of this page"}[lang]]
    # Dates come from as_of, never from the clock.
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20261121"


def test_fonts_are_embedded(booklets):
    reader = pypdf.PdfReader(booklets / "pr-family-fr.pdf")
    fonts = [f for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    for font in fonts:
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"], descendant["/BaseFont"]


@pytest.mark.parametrize(("status", "lang"), [("pr-economic", "fr"), ("claimant", "en")])
def test_qr_code_decodes_to_the_page_url(published, tmp_path, status, lang):
    checked, booklets = published
    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png",
                    str(booklets / file_name(status, lang)), str(prefix)], check=True)
    [image] = tmp_path.glob("page*.png")
    found = [code.text for code in zxingcpp.read_barcodes(Image.open(image))]
    assert found == [page_url(checked.guide, status, lang)]
    assert found[0] == f"{REAL_ADDRESS}/{lang}/statuses/{status}/"
    assert squeezed(found[0]) in squeezed(text_of(booklets / file_name(status, lang)))


def test_draft_booklet_has_no_qr_code(booklets, tmp_path):
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(booklets / "claimant-fr.pdf"),
                    str(tmp_path / "page")], check=True)
    [image] = tmp_path.glob("page*.png")
    assert zxingcpp.read_barcodes(Image.open(image)) == []
    assert "Brouillon : ce guide n'est pas encore publié en ligne" in text_of(booklets / "claimant-fr.pdf")


def test_two_runs_give_the_same_bytes(booklets, tmp_path):
    """Another process, another hash seed and time zone: byte for byte the same PDF."""
    env = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "America/Edmonton", "LANG": "C.UTF-8"}
    target = tmp_path / "again.pdf"
    subprocess.run([sys.executable, "-m", "pathways", "print", "--content", str(FIXTURE), "--as-of", AS_OF,
                    "--community", "testville", "--status", "pr-economic", "--lang", "fr", "--out", str(target)],
                   check=True, env=env, capture_output=True, cwd=tmp_path)
    assert target.read_bytes() == (booklets / "pr-economic-fr.pdf").read_bytes()


def test_nothing_leaves_the_page(booklets):
    """Every word lies inside the side margins (15 mm) and above the bottom edge: nothing is cut off."""
    points_per_mm = 72 / 25.4
    for pdf in sorted(booklets.glob("*.pdf")):
        page_width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
        left, right = 15 * points_per_mm - 0.5, page_width - 15 * points_per_mm + 0.5
        words = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout
        boxes = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', words)
        assert boxes, pdf.name
        outside = [word for x0, x1, y1, word in boxes if float(x0) < left or float(x1) > right or float(y1) > 792]
        assert outside == [], pdf.name


def test_page_fits_a4_and_letter(booklets):
    box = pypdf.PdfReader(booklets / "claimant-fr.pdf").pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4, 1)) == (210, 279.4)
