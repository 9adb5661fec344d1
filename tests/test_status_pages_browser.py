"""Every status page of the shipped guides on a 360 × 740 phone (Debian chromium): the essentials (who,
do this first, at a glance, help you can use, not for you) fit in 3 screens, the whole page with its
details closed in 8, and axe-core finds no WCAG 2.1 AA violation (issue 10)."""

from __future__ import annotations

import pytest

from conftest import AXE_TAGS, inject_axe, serve

pytestmark = pytest.mark.browser

SCREEN = 740
COMMUNITIES = ("trois-rivieres", "brooks")
LANGS = ("fr", "en", "es", "ar")  # every language the shipped guides list (issue 13)


def leaf_statuses(site, community):
    """Leaf statuses: the pages that have the full steps (a parent status page only lists its children)."""
    pages = sorted((site / community / "en" / "statuses").glob("*/index.html"))
    return [p.parent.name for p in pages if 'id="steps"' in p.read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def measured(shipped_site, browser):
    """community/lang/status → (top of the full steps, page height, axe violations), in CSS pixels."""
    found = {}
    for community in COMMUNITIES:
        leaves = leaf_statuses(shipped_site, community)
        assert len(leaves) >= 10, leaves
        with serve(shipped_site / community) as url:
            context = browser.new_context(viewport={"width": 360, "height": SCREEN})
            context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                          else route.abort())
            page = context.new_page()
            for lang in LANGS:
                for status in leaves:
                    page.goto(f"{url}/{lang}/statuses/{status}/")
                    steps = page.evaluate("document.getElementById('steps').getBoundingClientRect().top + scrollY")
                    height = page.evaluate("document.documentElement.scrollHeight")
                    inject_axe(page)
                    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                                           AXE_TAGS)
                    violations = [f"{v['id']}: {len(v['nodes'])}" for v in result["violations"]]
                    found[f"{community}/{lang}/{status}"] = (steps, height, violations)
            context.close()
    return found


def test_essentials_fit_in_three_screens(measured):
    too_long = {page: round(steps / SCREEN, 2) for page, (steps, _, _) in measured.items() if steps > 3 * SCREEN}
    assert too_long == {}


def test_whole_page_with_details_closed_fits_in_eight_screens(measured):
    too_long = {page: round(height / SCREEN, 2) for page, (_, height, _) in measured.items() if height > 8 * SCREEN}
    assert too_long == {}


def test_status_pages_have_no_axe_violations(measured):
    assert {page: v for page, (_, _, v) in measured.items() if v} == {}


def test_do_this_first_links_open_their_step(shipped_site, browser):
    with serve(shipped_site / "trois-rivieres") as url:
        page = browser.new_page(viewport={"width": 360, "height": SCREEN})
        page.goto(f"{url}/fr/statuses/claimant/")
        first = page.locator("ol.pw-first a")
        assert first.count() >= 2
        target = first.nth(1).get_attribute("href")
        assert page.locator(f"details{target}").get_attribute("open") is None
        first.nth(1).click()
        page.wait_for_function(f"document.querySelector('details{target}').open")
        page.close()
