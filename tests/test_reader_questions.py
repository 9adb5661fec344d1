"""Reader questions as tests (issue 26): each case of tests/readers/*.yaml (OpenFisca style: community, status,
date, language, question, the words the built page must show and must not show) is checked against the
built HTML of the shipped guides. Each community is built once per date and session, without PDFs (the
shipped-site build of conftest.py serves its date). The same built pages are walked for the invariant:
no "At a glance" row contradicts a card of the same need on the page, in HTML as the reader gets it."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import SHIPPED_AS_OF, SHIPPED_CONTENT

READERS = Path(__file__).parent / "readers"
CASES = [case for path in sorted(READERS.glob("*.yaml")) for case in yaml.safe_load(path.read_text(encoding="utf-8"))]
TOPICS = {"health", "income", "school", "language", "settlement", "work", "deadlines"}
SECTIONS = {"first", "glance", "help", "not-for-you", "ask", "steps", "wider", "more"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "summary", "div", "tr", "br", "ol", "ul", "details"}


class _Page(HTMLParser):
    """The article's text, whitespace collapsed, whole and per section (the ids of the status page)."""

    def __init__(self):
        super().__init__()
        self.parts: dict[str, list[str]] = {"page": []}
        self.section: str | None = None
        self.inside = self.skip = 0

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.inside += tag == "article"
        self.skip += tag in ("script", "style")
        if found.get("id") in SECTIONS:
            self.section = found["id"]
            self.parts.setdefault(self.section, [])
        if tag in BLOCKS:
            self._add(" ")

    def handle_endtag(self, tag):
        self.inside -= tag == "article"
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        self._add(data)

    def _add(self, text):
        if self.inside and not self.skip:
            self.parts["page"].append(text)
            if self.section:
                self.parts[self.section].append(text)


def page_text(path: Path) -> dict[str, str]:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return {name: " ".join("".join(parts).split()) for name, parts in parser.parts.items()}


@pytest.fixture(scope="session")
def built(shipped_site, tmp_path_factory):
    """The shipped site of each date the cases ask about: `built(date) → site folder`."""
    from pathways.cli import main

    sites = {SHIPPED_AS_OF: shipped_site}

    def site(day: str) -> Path:
        if day not in sites:
            out = tmp_path_factory.mktemp(f"readers-{day}") / "site"
            assert main(["build", "--all", "--no-pdf", "--content", str(SHIPPED_CONTENT), "--as-of", day,
                         "--out", str(out), "--lang", "en"]) == 0
            sites[day] = out
        return sites[day]

    return site


def test_the_cases_cover_both_towns_every_need_and_four_languages():
    assert len(CASES) >= 40
    assert {case["community"] for case in CASES} == {"trois-rivieres", "brooks"}
    assert {case["topic"] for case in CASES} == TOPICS
    assert {case["lang"] for case in CASES} >= {"fr", "en", "es", "ar"}
    for case in CASES:
        assert set(case) <= {"question", "community", "status", "date", "lang", "topic", "section", "expected",
                             "absent"}, case
        assert case["expected"] and case.get("section", "page") in SECTIONS | {"page"}, case


@pytest.mark.parametrize("case", CASES, ids=[f"{c['community']}-{c['status']}-{c['lang']}-{c['topic']}-{i}"
                                             for i, c in enumerate(CASES)])
def test_reader_question(built, case):
    day = case["date"] if isinstance(case["date"], str) else case["date"].isoformat()
    dt.date.fromisoformat(day)
    page = built(day) / case["community"] / case["lang"] / "statuses" / case["status"] / "index.html"
    text = page_text(page)
    shown = text.get(case.get("section", "page"), "")
    for words in case["expected"]:
        assert " ".join(words.split()) in shown, f"{case['question']}\nmissing: {words}\nin: {shown[:3000]}"
    for words in case.get("absent", []):
        assert " ".join(words.split()) not in shown, f"{case['question']}\nshown: {words}"


# ---------------------------------------------------------------- the invariant, in the built HTML

_ROW = re.compile(r'<li data-need="([a-z-]+)">(?:<details class="pw-why"><summary>)?<strong>.*?pw-verdict--([a-z_]+)', re.S)
_CARD = re.compile(r'<li (?:class="pw-card" )?data-needs="([a-z -]+)">.*?pw-verdict--([a-z_]+)', re.S)


def test_no_row_contradicts_a_card_of_the_same_need_in_the_built_pages(shipped_site):
    problems, pages = [], 0
    for page in sorted(shipped_site.glob("*/*/statuses/*/index.html")):
        html = page.read_text(encoding="utf-8")
        rows = dict(_ROW.findall(html))
        if not rows:
            continue  # a parent status: its page lists its kinds
        pages += 1
        for needs, verdict in _CARD.findall(html):
            for need in needs.split():
                row = rows.get(need)
                if verdict in ("eligible", "conditional") and row is None:
                    problems.append(f"{page}: a card of {need} says {verdict}, no row")
                elif verdict == "eligible" and row != "eligible":
                    problems.append(f"{page}: {need} says {row}, a card says eligible")
                elif verdict == "conditional" and row not in ("eligible", "conditional"):
                    problems.append(f"{page}: {need} says {row}, a card says conditional")
        for need, row in rows.items():
            verdicts = [v for needs, v in _CARD.findall(html) if need in needs.split()]
            if row == "not_eligible" and any(v != "not_eligible" for v in verdicts):
                problems.append(f"{page}: {need} says not eligible, a card of that need does not")
    assert pages >= 2 * 4 * 12 and problems == []
