"""Interface and content parity: every msgid in code and templates has a translation in French and in every
language a shipped guide declares, and every declared language has every page."""

import datetime as dt
from pathlib import Path

import pytest

from pathways.commands.catalog import catalog_languages, extracted, missing
from pathways.commands.check import check
from pathways.output.plan import plan


def test_extraction_finds_code_and_template_strings():
    ids = extracted()
    assert "Do this first" in ids  # a template string
    assert "Settlement guide — {community}" in ids  # a Python string (N_)


def test_every_msgid_has_a_french_translation():
    assert list(missing("fr")) == []


# ---------------------------------------------------------------- issue 13: every language a guide declares

SHIPPED = Path(__file__).parent.parent / "content"


@pytest.fixture(scope="module")
def shipped():
    return check(SHIPPED, None, dt.date(2026, 11, 21)).communities


def declared(shipped) -> set[str]:
    return {lang for checked in shipped.values() for lang in checked.guide.community.languages}


def test_every_declared_language_has_a_complete_interface_catalog(shipped):
    languages = declared(shipped)
    assert languages >= {"fr", "en", "es", "ar"}
    for lang in sorted(languages - {"en"}):  # English is the msgids themselves
        assert lang in catalog_languages(), lang
        assert list(missing(lang)) == [], lang


def test_every_declared_language_has_every_page_with_a_title(shipped):
    for community, checked in shipped.items():
        pages = {lang: plan(checked.guide, checked.evaluation, lang, booklets=False).pages
                 for lang in checked.guide.community.languages}
        reference = sorted(p.path for p in pages["fr"])
        assert len(reference) > 40
        for lang, planned in pages.items():
            assert sorted(p.path for p in planned) == reference, (community, lang)
            assert all(p.title.strip() for p in planned), (community, lang)
