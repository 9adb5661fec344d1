"""Abbreviations said in words on their first use on each page (issue 26): the `glossary.yaml` content kind,
the page filter that says them (`present/glossary.py`), `check`'s warning about all-caps words the glossary
does not know (`content/abbreviations.py`), and the shipped pages as built."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from conftest import SHIPPED_AS_OF, SHIPPED_CONTENT
from pathways.commands.check import check
from pathways.content.abbreviations import caps_words
from pathways.content.abbreviations import WORD_AFTER as _AFTER, WORD_BEFORE as _BEFORE
from pathways.present.glossary import FirstUse, Glossary, _plain

TERMS = {"PFSI": ("ifhp", "Programme fédéral de santé intérimaire"), "IFHP": ("ifhp", "Interim Federal Health Program"),
         "RAMQ": ("ramq", "Régie de l'assurance maladie du Québec"), "IRCC": ("ircc", "Immigration, Refugees and "
                                                                                "Citizenship Canada")}


def page(lang: str = "en") -> FirstUse:
    return Glossary(TERMS).page()


# ---------------------------------------------------------------- the filter


def test_first_use_is_said_in_words_later_uses_stay_short():
    said = page()
    first = said("Use the IFHP for care.", "en")
    assert first == "Use the Interim Federal Health Program (IFHP) for care."
    assert said("The IFHP pays the pharmacy.", "en") == "The IFHP pays the pharmacy."  # same page: said once


def test_each_page_says_it_again():
    glossary = Glossary(TERMS)
    assert glossary.page()("IFHP", "en") == glossary.page()("IFHP", "en") == "Interim Federal Health Program (IFHP)"


def test_in_brackets_the_words_go_inside():
    assert page()("Register now: (RAMQ)", "en") == "Register now: (Régie de l'assurance maladie du Québec, RAMQ)"
    assert page()("سجّل الآن: (RAMQ)", "ar") == "سجّل الآن: (Régie de l'assurance maladie du Québec، RAMQ)"


def test_alone_in_brackets_after_words_it_is_said_by_them():
    said = page()
    assert said("Health insurance (RAMQ)", "en") == "Health insurance (RAMQ)"
    assert said("la RAMQ", "fr") == "la RAMQ"  # said once
    said = page()
    said(Markup("<strong>Assurance maladie</strong>"), "fr")
    assert said(" (RAMQ)", "fr") == " (RAMQ)"  # the words are in the text before, across a tag
    assert page()("التأمين الصحي (RAMQ)", "ar") == "التأمين الصحي (RAMQ)"
    assert page()("IFHP (RAMQ)", "en") == ("Interim Federal Health Program (IFHP) (Régie de l'assurance maladie du "
                                           "Québec, RAMQ)")  # an abbreviation before the bracket is not words
    assert page()("care (RAMQ, IFHP)", "en") == ("care (Régie de l'assurance maladie du Québec (RAMQ), Interim Federal "
                                                 "Health Program (IFHP))")  # a list in brackets is not a name


def test_a_name_already_written_out_counts_as_said():
    said = page()
    assert said("Le Programme fédéral de santé intérimaire (PFSI) couvre", "fr") == (
        "Le Programme fédéral de santé intérimaire (PFSI) couvre")
    assert said("le PFSI", "fr") == "le PFSI"
    said = page()
    said(Markup("<h1>Régie de l&#39;assurance maladie du Québec</h1>"), "fr")  # earlier on the page, escaped
    assert said("la RAMQ", "fr") == "la RAMQ"


def test_one_term_is_said_once_whatever_its_form():
    said = page()
    assert said("le PFSI", "fr") == "le Programme fédéral de santé intérimaire (PFSI)"
    assert said("the IFHP", "en") == "the IFHP"


def test_inside_a_link_the_text_is_said_never_the_address():
    said = page()
    shown = said(Markup('<p>See <a href="https://www.canada.ca/IRCC/IFHP">the IFHP page</a>.</p>'), "en")
    assert shown == ('<p>See <a href="https://www.canada.ca/IRCC/IFHP">the Interim Federal Health Program (IFHP) '
                     'page</a>.</p>')


def test_addresses_phone_numbers_and_code_are_left_alone():
    said = page()
    text = Markup("Write to help@IRCC.example, open www.example.org/RAMQ or https://x.ca/IFHP, call "
                  "1-800-IRCC-HELP, type <code>IFHP</code>, <abbr>RAMQ</abbr>. Trois-IRCC")
    assert said(text, "en") == text
    assert said.said == set()  # nothing above was a use of the abbreviation


def test_html_in_the_words_is_escaped_and_text_is_escaped_once():
    said = Glossary({"AB": ("ab", "<b>A & B</b>")}).page()
    assert said("AB & co", "en") == "&lt;b&gt;A &amp; B&lt;/b&gt; (AB) &amp; co"


def test_right_to_left_text_keeps_its_order():
    said = Glossary({"IFHP": ("ifhp", "البرنامج الفيدرالي المؤقت للصحة")}).page()
    assert said("استخدم IFHP للرعاية الصحية", "ar") == "استخدم البرنامج الفيدرالي المؤقت للصحة (IFHP) للرعاية الصحية"


def test_no_glossary_changes_nothing():
    text = Markup("<p>IFHP &amp; RAMQ</p>")
    assert Glossary({}).page()(text, "en") == text


# ---------------------------------------------------------------- check


def test_caps_words_outside_addresses_and_numbers():
    found = [m.group() for m in caps_words("NCLC/CLB, l'AVUCU, IRCC-funded, see https://x.ca/ABC, 1-800-O-CANADA, "
                                           "RC66, Trois-Rivières, A, a IMP+ permit")]
    assert found == ["NCLC", "CLB", "AVUCU", "IRCC", "IMP"]  # "IRCC-funded" uses IRCC


@pytest.fixture()
def content_copy(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, copy, ignore=shutil.ignore_patterns("review"))
    return copy


def _warnings(content: Path, community: str) -> list[str]:
    report = check(content, [community], dt.date.fromisoformat(SHIPPED_AS_OF)).report
    return [p.render() for p in report.warnings if "glossary" in p.message]


def test_shipped_content_names_every_abbreviation():
    for community in ("ca/qc/trois-rivieres", "ca/ab/brooks"):
        assert _warnings(SHIPPED_CONTENT, community) == []


def test_check_warns_about_an_abbreviation_the_glossary_does_not_say(content_copy):
    glossary = content_copy / "regions/ca/glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("short: {fr: CLIC, en: LINC}",
                                                                     "short: {fr: CLIC, en: LINCS}"), encoding="utf-8")
    found = _warnings(content_copy, "ca/ab/brooks")
    assert found and all("'LINC'" in line for line in found)
    assert any(re.match(r"^\S*regions/ca/ab/brooks/services\.yaml:\d+:\d+: warning: 'LINC' is written in capitals",
                        line) for line in found)
    french = [p.render("fr") for p in check(content_copy, ["ca/ab/brooks"], dt.date.fromisoformat(SHIPPED_AS_OF))
              .report.warnings if "glossary" in p.message]
    assert "« LINC » est écrit en majuscules" in french[0]


def test_a_community_may_add_a_name_said_as_is(content_copy):
    services = content_copy / "regions/ca/ab/brooks/services.yaml"
    services.write_text(services.read_text(encoding="utf-8").replace("LINC English classes at BCALC",
                                                                     "LINC English classes at BCALC (XYZW)"),
                        encoding="utf-8")
    assert any("'XYZW'" in line for line in _warnings(content_copy, "ca/ab/brooks"))
    glossary = content_copy / "regions/ca/ab/brooks/glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "- id: xyzw\n  short: XYZW\n", encoding="utf-8")
    assert _warnings(content_copy, "ca/ab/brooks") == []


# ---------------------------------------------------------------- the shipped pages, as built

# The pages that say what a reader reads: status, service and topic pages, home, prose pages, "which status",
# changes. Lists of names (A to Z, services by topic, the matrix) and the sources page (publishers' titles) are not.
PAGES = re.compile(r"^(index\.html|(statuses|services|topics|pages)/[^/]+/index\.html|which-status/index\.html|"
                   r"changes/index\.html)$")


WORD_THEN_BRACKET = re.compile(r"[^\W\d_]*[a-zà-ÿ\u0600-\u06ff][^\W\d_]*\s*\($")  # "loyer modique (" (HLM)


def _visible(page: str) -> str:
    article = re.search(r"<article.*?</article>", page, re.S)
    body = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", article.group() if article else "", flags=re.S)
    return re.sub(r"[\u2066-\u2069]", "", html.unescape(re.sub(r"<[^>]+>", "", body)))


@pytest.mark.parametrize("lang", ["fr", "en", "es", "ar"])
def test_every_abbreviation_is_said_in_words_where_a_page_first_uses_it(shipped_site, lang):
    """Its words before it on the page or right after it, or the words of the text it stands in brackets after
    ("Logement à loyer modique (HLM)")."""
    checked = check(SHIPPED_CONTENT, None, dt.date.fromisoformat(SHIPPED_AS_OF)).communities
    unsaid, seen = [], 0
    for layer, community in checked.items():
        terms = {t.id: ({t.short_in(shown) for shown in (lang, "fr", "en")}, t.words[lang])
                 for t in community.guide.glossary.values() if t.words is not None}
        root = shipped_site / layer.rsplit("/", 1)[-1] / lang
        for path in sorted(root.rglob("index.html")):
            if not PAGES.match(path.relative_to(root).as_posix()):
                continue
            text = _visible(path.read_text(encoding="utf-8"))
            for forms, words in terms.values():  # the first use of any of the term's forms
                uses = [m for form in forms for m in [re.search(_BEFORE + re.escape(form) + _AFTER, text)] if m]
                if not uses:
                    continue
                first = min(uses, key=lambda m: m.start())
                seen += 1
                before, after = _plain(text[: first.start()]), _plain(text[first.end(): first.end() + len(words) + 12])
                named = text[first.end(): first.end() + 1] == ")" and WORD_THEN_BRACKET.search(text[: first.start()])
                if _plain(words) not in before and _plain(words) not in after and not named:
                    unsaid.append(f"{path.relative_to(shipped_site)}: {first.group()}: …"
                                  f"{text[max(0, first.start() - 60): first.end() + 20]}…")
    assert seen > 100  # the pages do use abbreviations: the test looked at something
    assert unsaid == [], "\n".join(unsaid)


def test_the_page_as_written_is_known_for_the_translation_notice():
    """Which texts a page shows is found in its HTML (views.used): the words a page added are taken out first."""
    said = page()
    body = said("Use the IFHP. Register (RAMQ) or: (RAMQ)", "en") + said(" The IFHP pays.", "en")
    assert said.unsaid(str(body)) == "Use the IFHP. Register (RAMQ) or: (RAMQ) The IFHP pays."
