"""The default booklet of every status of the shipped guides is a handout: at most 4 pages on the A4/Letter
overlap, and page 1 alone holds the status, the verification date, the emergency numbers and the local
settlement organisation (issue 10). Their base_url is an example address: draft, no QR code."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
from pathlib import Path

import pytest
from markupsafe import Markup

from pathways.engine.pool import default_jobs, pool
from pathways.output.booklet import file_name, make_booklet, make_booklets
from pathways.commands.check import check
from pathways.i18n import long_date
from pathways.present.glossary import glossary

CONTENT = Path(__file__).parent.parent / "content"
AS_OF = dt.date(2026, 11, 21)
COMMUNITIES = ["ca/qc/trois-rivieres", "ca/ab/brooks"]
A4_LETTER = (595, 792)  # 210 × 279.4 mm in points: prints at 100 % on A4 and on US Letter


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    result = check(CONTENT, COMMUNITIES, AS_OF)
    assert not result.report.failed()
    out = tmp_path_factory.mktemp("shipped-print")
    booklets = {}
    with pool(default_jobs()) as workers:  # on every core, as `build` makes them
        for community in COMMUNITIES:
            checked = result.communities[community]
            make_booklets(checked, out / community, ["fr", "en"], pool=workers)  # the languages checked below
    for community in COMMUNITIES:
        checked = result.communities[community]
        for status in checked.guide.leaf_statuses():
            for lang in ("fr", "en"):
                booklets[(community, status.id, lang)] = (checked, out / community / file_name(status.id, lang))
    assert len(booklets) >= 50
    return booklets


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^([^:]+):\s+(.*)$", out, re.MULTILINE))


def first_page(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return squeezed(text)


def squeezed(text: str) -> str:
    """Without spaces and hyphens: lines wrap anywhere, and pdftotext joins "employer-specific" cut at its
    hyphen as "employerspecific"."""
    return re.sub(r"[\s-]", "", text)


def test_every_default_booklet_has_at_most_four_pages(shipped):
    pages = {key: int(pdfinfo(pdf)["Pages"]) for key, (_, pdf) in shipped.items()}
    assert {key: n for key, n in pages.items() if n > 4} == {}
    size = pdfinfo(next(iter(shipped.values()))[1])["Page size"]
    assert tuple(round(float(x)) for x in re.findall(r"[\d.]+", size)[:2]) == A4_LETTER


def test_page_one_holds_status_date_emergency_numbers_and_settlement_organisation(shipped):
    missing = {}
    for (community, status, lang), (checked, pdf) in shipped.items():
        text = first_page(pdf)
        booklet = make_booklet(checked, status, lang)
        expected = [checked.guide.statuses[status].name[lang], long_date(AS_OF, lang), "911", "211"]
        expected += [booklet.view.verified_on and long_date(booklet.view.verified_on, lang)]
        expected += [{"fr": "Brouillon", "en": "Draft"}[lang]]  # pathways.example.org opens nothing
        absent = [word for word in expected if squeezed(word) not in text]
        if booklet.settlement is None:
            absent.append("settlement organisation")
        else:  # as written, or with its abbreviations said in words (their first use on the page, issue 26)
            name = booklet.settlement.name.striptags()
            said = html.unescape(Markup(glossary(checked.guide, lang).page()(name, lang)).striptags())
            if squeezed(name) not in text and squeezed(said) not in text:
                absent.append(said)
        if absent:
            missing[(community, status, lang)] = absent
    assert missing == {}
