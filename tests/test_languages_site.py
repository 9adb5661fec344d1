"""Issue 13 on the built shipped guides: every listed language has the whole site, says how it was
translated, names every language, and shows no empty text. Files only (the browser tests are in
test_languages_browser.py)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from pathways.i18n import direction, gettext_for

COMMUNITIES = {"trois-rivieres": ["fr", "en", "es", "ar"], "brooks": ["en", "fr", "es", "ar"]}
ADDED = ("es", "ar")


def html_pages(language_root: Path) -> list[Path]:
    return sorted(p for p in language_root.rglob("*.html") if "pagefind" not in p.parts)


class PageFacts(HTMLParser):
    """What these tests read from a page: <html> attributes, hreflang links, the translation notice's
    links, and every element that must never be empty."""

    MUST_SAY_SOMETHING = {"h1", "h2", "h3", "h4", "dt", "dd", "a", "summary", "li", "td", "th", "title", "button"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html: dict[str, str | None] = {}
        self.alternates: dict[str, str] = {}
        self.notice_links: dict[str, str] = {}
        self.empty: list[str] = []
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self._in_notice = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html = attributes
        if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("hreflang"):
            self.alternates[attributes["hreflang"]] = attributes["href"] or ""
        if tag == "p" and "pw-translation" in (attributes.get("class") or ""):
            self._in_notice = 1
        elif self._in_notice and tag == "a":
            self.notice_links[attributes.get("hreflang") or "?"] = attributes.get("href") or ""
        if tag in self.VOID:
            return
        text: list[str] = []
        if tag in ("svg", "img") or attributes.get("aria-label") or attributes.get("title"):
            text.append("(labelled)")  # an icon or a labelled control says something
        self._open.append((tag, attributes, text))

    def handle_endtag(self, tag):
        if tag == "p" and self._in_notice:
            self._in_notice = 0
        while self._open:
            opened, attributes, text = self._open.pop()
            said = "".join(text).strip()
            for _, _, parent_text in self._open:
                parent_text.append(said)
            if opened == tag:
                if tag in self.MUST_SAY_SOMETHING and not said and "hidden" not in attributes:
                    self.empty.append(f"<{tag} {attributes}>")
                return

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)


def facts(page: Path) -> PageFacts:
    parser = PageFacts()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def resolves(page: Path, href: str, site: Path) -> Path:
    """The file a relative link of `page` leads to (directory links lead to their index.html)."""
    base = "http://site/" + page.relative_to(site).as_posix()
    path = urlsplit(urljoin(base, href)).path.lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def lands_on_twin(page: Path, href: str, site: Path, code: str) -> bool:
    """The link goes to the same page in language `code`, and that page exists. The 404 page is served at
    any address, so its links are absolute (`/<community>/<lang>/../<code>/`): the language's home page."""
    lang = page.relative_to(site).parts[0]
    if page.name == "404.html":
        return href.endswith(f"/{site.name}/{lang}/../{code}/") and (site / code / "index.html").is_file()
    twin = resolves(page, href, site)
    return twin == site / code / page.relative_to(site / lang) and twin.is_file()


def test_the_checker_finds_empty_texts():
    parser = PageFacts()
    parser.feed('<dl><dt>Hours</dt><dd> </dd></dl><h2 id="x"></h2><a href="a/"><span></span></a>'
                '<a href="b/" aria-label="Menu"><svg></svg></a><li>fine <span lang="fr">texte</span></li>')
    assert [e.split(" ", 1)[0] for e in parser.empty] == ["<dd", "<h2", "<a"]


@pytest.mark.parametrize("community", COMMUNITIES)
def test_every_listed_language_has_the_same_pages(shipped_site, community):
    site = shipped_site / community
    reference = {p.relative_to(site / "fr") for p in html_pages(site / "fr")}
    assert len(reference) > 40
    for lang in COMMUNITIES[community]:
        assert {p.relative_to(site / lang) for p in html_pages(site / lang)} == reference, lang
        assert (site / lang / "pagefind" / "pagefind-entry.json").is_file(), lang  # its own search index
        assert (site / "download" / f"{community}-{lang}.zip").is_file(), lang


@pytest.mark.parametrize("community", COMMUNITIES)
def test_every_page_has_its_language_direction_and_every_twin(shipped_site, community):
    site = shipped_site / community
    languages = COMMUNITIES[community]
    for lang in languages:
        for page in html_pages(site / lang):
            found = facts(page)
            assert (found.html.get("lang"), found.html.get("dir")) == (lang, direction(lang)), page
            if page.name == "offline.html":
                continue  # written by the service worker's build: no theme, no switch
            assert sorted(found.alternates) == sorted(languages), page
            for code, href in found.alternates.items():
                assert lands_on_twin(page, href, site, code), (page, href)


@pytest.mark.parametrize("community", COMMUNITIES)
def test_every_page_of_an_added_language_says_how_it_was_translated(shipped_site, community):
    site = shipped_site / community
    notices = {"es": 0, "ar": 0}
    for lang in ADDED:
        for page in html_pages(site / lang):
            if page.name == "offline.html":
                continue
            text = html.unescape(page.read_text(encoding="utf-8"))
            assert gettext_for(lang)("Machine translation, not reviewed by a person.") in text, page
            found = facts(page)
            assert sorted(found.notice_links) == ["en", "fr"], page
            for code, href in found.notice_links.items():
                assert lands_on_twin(page, href, site, code), (page, href)
            notices[lang] += 1
    for lang in ("fr", "en"):
        assert not [p for p in html_pages(site / lang) if "pw-translation" in p.read_text(encoding="utf-8")]
    assert min(notices.values()) > 40


@pytest.mark.parametrize("community", COMMUNITIES)
def test_no_page_shows_an_empty_text(shipped_site, community):
    site = shipped_site / community
    empty = []
    for lang in COMMUNITIES[community]:
        for page in html_pages(site / lang):
            empty += [f"{page.relative_to(site)}: {e}" for e in facts(page).empty]
    assert empty == []


@pytest.mark.parametrize("community", COMMUNITIES)
def test_the_switch_names_every_language_in_itself(shipped_site, community):
    page = (shipped_site / community / "ar" / "statuses" / "claimant" / "index.html").read_text(encoding="utf-8")
    switch = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" class="md-select__link"[^>]*>\s*([^<]+?)\s*</a>',
                        page)
    assert [(lang, name) for _, lang, name in switch] == [
        (code, {"fr": "Français", "en": "English", "es": "Español", "ar": "العربية"}[code])
        for code in COMMUNITIES[community]]
    assert all(href.endswith(f"/{lang}/statuses/claimant/") for href, lang, _ in switch)
