"""Issue 13 in a real browser (Debian chromium): the Spanish and Arabic guides of both shipped communities
pass axe-core with zero WCAG 2.1 AA violations (home, a service page, about; every status page in every
language is in test_status_pages_browser.py), Arabic pages are laid out right to left, and the language
switch lands on the twin page, at the same section, in every language."""

from __future__ import annotations

import pytest

from conftest import AXE_TAGS, inject_axe, serve

pytestmark = pytest.mark.browser

COMMUNITIES = {"trois-rivieres": ("fr", "en", "es", "ar"), "brooks": ("en", "fr", "es", "ar")}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def servers(shipped_site):
    with serve(shipped_site / "trois-rivieres") as rivers, serve(shipped_site / "brooks") as brooks:
        yield {"trois-rivieres": rivers, "brooks": brooks}


@pytest.fixture
def phone(browser, outside):
    context = browser.new_context(viewport=PHONE, locale="en-CA")
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    yield page
    context.close()


def a_service(shipped_site, community: str) -> str:
    pages = sorted((shipped_site / community / "en" / "services").glob("*/index.html"))
    assert pages
    return f"services/{pages[0].parent.name}/"


@pytest.mark.parametrize("lang", ["es", "ar"])
@pytest.mark.parametrize("community", COMMUNITIES)
def test_added_languages_have_no_axe_violations(phone, servers, shipped_site, community, lang):
    violations = {}
    # (404.html is left out: its links are absolute to the public path, which this local server does not have.)
    for path in ("", a_service(shipped_site, community), "about/", "which-status/", "matrix/", "search/"):
        phone.goto(f"{servers[community]}/{lang}/{path}")
        assert phone.locator("html").get_attribute("lang") == lang
        inject_axe(phone)
        result = phone.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if found:
            violations[path] = found
    assert violations == {}


def box(page, selector: str) -> dict:
    return page.evaluate("s => { const r = document.querySelector(s).getBoundingClientRect();"
                         " return {left: r.left, right: r.right, width: r.width}; }", selector)


@pytest.mark.parametrize("community", COMMUNITIES)
def test_arabic_pages_are_laid_out_right_to_left(phone, servers, community):
    layout = {}
    for lang in ("en", "ar"):
        phone.goto(f"{servers[community]}/{lang}/statuses/claimant/")
        assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert phone.evaluate("getComputedStyle(document.body).direction") == ("rtl" if lang == "ar" else "ltr")
        layout[lang] = {"title": box(phone, "article h1"), "menu": box(phone, "label.md-header__button[for='__drawer']"),
                        "first item": box(phone, "article li")}
    width = PHONE["width"]
    # The menu button sits at the start of the header: left in English, right in Arabic.
    assert layout["en"]["menu"]["left"] < width / 2 < layout["ar"]["menu"]["left"]
    # Text starts on the right: the heading's and a list item's right edges hug the right margin in Arabic as
    # their left edges hug the left margin in English.
    for element in ("title", "first item"):
        en, ar = layout["en"][element], layout["ar"][element]
        assert abs((width - ar["right"]) - en["left"]) <= 16, (element, en, ar)


@pytest.mark.parametrize("community", COMMUNITIES)
def test_the_switch_lands_on_the_twin_page_in_every_language(phone, servers, community):
    url = servers[community]
    languages = COMMUNITIES[community]
    for here, there in zip(languages, languages[1:] + languages[:1]):  # fr→en→es→ar→fr (every language in and out)
        phone.goto(f"{url}/{here}/statuses/claimant/#help")
        phone.locator(".md-header__option .md-select button").first.click()
        phone.locator(f'a.md-select__link[hreflang="{there}"]').click()
        phone.wait_for_url(f"{url}/{there}/statuses/claimant/#help")
        assert phone.locator("html").get_attribute("lang") == there


@pytest.mark.parametrize("community", COMMUNITIES)
def test_the_translation_notice_links_the_reference_twins(phone, servers, community):
    url = servers[community]
    phone.goto(f"{url}/ar/statuses/claimant/#help")
    notice = phone.locator("p.pw-translation")
    assert notice.count() == 1
    # The reader is at "help": the links keep that place (clicking scrolls up to the notice, so read the link).
    assert notice.locator('a[hreflang="fr"]').get_attribute("href") == "../../../fr/statuses/claimant/#help"
    assert notice.locator('a[hreflang="en"]').get_attribute("href") == "../../../en/statuses/claimant/#help"
    notice.locator('a[hreflang="fr"]').click()
    phone.wait_for_url(f"{url}/fr/statuses/claimant/**")
    assert phone.locator("p.pw-translation").count() == 0  # the reference page does not carry it
