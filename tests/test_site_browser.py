"""The built fixture site in a real browser (Debian chromium): content, language switch, zero
third-party requests, accessibility (axe-core, WCAG 2.1 AA) and search."""

from __future__ import annotations


import pytest

from conftest import AXE_TAGS, inject_axe

pytestmark = pytest.mark.browser

def test_economic_pr_page_lists_settlement_help_as_conditional(page, site_url):
    page.goto(f"{site_url}/en/statuses/pr-economic/")
    card = page.locator("ul.pw-cards li.pw-card", has=page.locator('a[href$="services/testville-settlement/"]'))
    assert card.count() == 1
    need = page.locator("details.pw-need", has=card)  # help is folded by need: the need's line says its verdicts
    assert "Under conditions" in need.locator("summary").first.inner_text()
    need.locator("summary").first.click()
    assert "Under conditions" in card.locator("summary").inner_text()
    card.locator("summary").click()  # open, the card shows its condition
    assert "For 6 years after becoming a PR." in card.inner_text()
    assert page.locator("html").get_attribute("lang") == "en"


def test_student_page_does_not_list_settlement_help_as_usable(page, site_url):
    page.goto(f"{site_url}/fr/statuses/student/")
    assert page.locator('ul.pw-cards a[href$="services/testville-settlement/"]').count() == 0
    instead = page.locator("#not-for-you ul.pw-instead")
    assert instead.locator('a[href$="services/testville-settlement/"]').count() == 1
    assert page.locator("html").get_attribute("lang") == "fr"


@pytest.mark.parametrize("path", ["", "statuses/pr-economic/", "services/testville-settlement/", "matrix/", "about/"])
def test_language_switch_lands_on_the_twin_page(page, site_url, path):
    page.goto(f"{site_url}/en/{path}")
    page.locator(".md-header__option .md-select button").first.hover()
    page.locator('a.md-select__link[hreflang="fr"]').click()
    page.wait_for_load_state()
    assert page.url == f"{site_url}/fr/{path}"
    assert page.locator("html").get_attribute("lang") == "fr"


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", ["", "statuses/pr-economic/", "services/testville-settlement/", "matrix/", "about/"])
def test_wcag_21_aa(page, site_url, path, lang):
    page.goto(f"{site_url}/{lang}/{path}")
    inject_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == []


def test_search_works_offline_and_loads_only_on_the_search_page(page, site_url):
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(f"{site_url}/en/statuses/pr-economic/")
    assert not [url for url in loaded if "pagefind" in url]  # nothing of the search on an ordinary page
    page.goto(f"{site_url}/en/search/")
    page.locator(".pagefind-ui__search-input").fill("settlement")
    from playwright.sync_api import expect

    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=10_000)
    expect(page.locator(".pagefind-ui__results")).to_contain_text("Settlement help", timeout=10_000)


def test_root_is_a_language_chooser_that_leads_to_each_language(page, site_url):
    """Issue 22: no redirect to one language; every language named in itself, the default one first."""
    page.goto(f"{site_url}/")
    assert page.url == f"{site_url}/"  # nothing sent the reader elsewhere
    choices = page.locator("main li")
    assert [choices.nth(i).get_attribute("lang") for i in range(choices.count())] == ["en", "fr"]
    page.locator('main a[hreflang="fr"]').click()
    page.wait_for_url(f"{site_url}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_not_found_page_in_each_language(page, site_url):
    page.goto(f"{site_url}/fr/404.html")
    assert page.locator("h1").inner_text() == "Page introuvable"


def test_zero_third_party_requests(outside):
    # Runs after the tests above (same module): every page they opened is covered.
    assert outside == []
