"""The shipped guides on a 360 × 740 phone (Debian chromium), issue 26 items 6 and 7: no visible text under
16 px; every service page within 3 screens; on the home page every status within the first two screens and
the emergency numbers on the first; a header title that fits (no "…"); "Do this first" links that land with
the step's title below the sticky header. Both towns, fr, en, es and ar, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AXE_TAGS, inject_axe, serve

pytestmark = pytest.mark.browser

SCREEN = 740
PHONE = {"width": 360, "height": SCREEN}
COMMUNITIES = ("trois-rivieres", "brooks")
LANGS = ("fr", "en", "es", "ar")
FIXED_PAGES = ("", "which-status/", "about/")
MIN_PX = 16

# Every text node the reader can see, with its element's computed size: rendered (not in a closed <details>, not
# display: none), not visually hidden (the badges' "—" for screen readers, opacity 0, visibility hidden), on the
# screen sideways (the closed drawer sits to the left of it). The whole page, not only the first screen.
SMALL_TEXT = """min => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const closed = el.closest('details:not([open])');
    if (closed && el.closest('summary')?.parentElement !== closed) continue;
    if (el.closest('.pw-sr')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width < 2 || box.height < 2 || box.right <= 0 || box.left >= innerWidth) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < min) small.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${size}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  return small;
}"""

# The header's site title: cut when its text is wider or taller than its box.
TITLE_CUT = """() => {
  const t = document.querySelector('.md-header__topic .md-ellipsis');
  return t.scrollWidth > t.clientWidth + 1 || t.scrollHeight > t.clientHeight + 1;
}"""


def _leaves(root: Path) -> list[str]:
    return sorted(p.parent.name for p in (root / "statuses").glob("*/index.html")
                  if 'id="steps"' in p.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def walked(shipped_site, browser):
    """Every status, service, home, which-status and about page of both towns in four languages, measured once:
    page → (text under 16 px, page height in screens, header title cut)."""
    found = {}
    for community in COMMUNITIES:
        with serve(shipped_site / community) as url:
            context = browser.new_context(viewport=PHONE)
            context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                          else route.abort())
            page = context.new_page()
            for lang in LANGS:
                root = shipped_site / community / lang
                paths = [*FIXED_PAGES, *(f"statuses/{p.parent.name}/" for p in sorted((root / "statuses").glob("*/index.html"))),
                         *(f"services/{p.parent.name}/" for p in sorted((root / "services").glob("*/index.html")))]
                for path in paths:
                    page.goto(f"{url}/{lang}/{path}")
                    found[f"{community}/{lang}/{path}"] = (page.evaluate(SMALL_TEXT, MIN_PX),
                                                           page.evaluate("document.documentElement.scrollHeight") / SCREEN,
                                                           page.evaluate(TITLE_CUT))
            context.close()
    return found


def test_every_kind_of_page_was_walked(walked):
    kinds = {key.split("/", 2)[2].split("/")[0] for key in walked}
    assert {"", "which-status", "about", "statuses", "services"} <= kinds
    assert sum("/services/" in key for key in walked) >= 2 * 4 * 20


def test_no_visible_text_under_16_px(walked):
    small = {page: texts[:5] for page, (texts, _, _) in walked.items() if texts}
    assert small == {}


def test_every_service_page_fits_in_three_screens(walked):
    heights = {page: round(h, 2) for page, (_, h, _) in walked.items() if "/services/" in page}
    assert len(heights) >= 2 * 4 * 20
    assert {page: h for page, h in heights.items() if h > 3} == {}


def test_the_header_title_fits(walked):
    assert [page for page, (_, _, cut) in walked.items() if cut] == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("community", COMMUNITIES)
def test_home_every_status_in_two_screens_emergency_numbers_on_the_first(shipped_site, browser, community, lang):
    root = shipped_site / community / lang
    every_status = {p.parent.name for p in (root / "statuses").glob("*/index.html")}
    with serve(shipped_site / community) as url:
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{url}/{lang}/")
        links = page.evaluate("""() => [...document.querySelectorAll('.pw-chooser .pw-statuses a')].map(a =>
            [a.getAttribute('href'), a.getBoundingClientRect().bottom + scrollY])""")
        emergency = page.evaluate("document.getElementById('emergency').closest('section').getBoundingClientRect().bottom + scrollY")
        page.close()
    chosen = {href.strip("/").split("/")[-1]: bottom for href, bottom in links}
    assert set(chosen) == every_status  # every status of the content, each reachable from the chooser
    assert {status: round(b / SCREEN, 2) for status, b in chosen.items() if b > 2 * SCREEN} == {}
    assert emergency <= SCREEN


@pytest.mark.parametrize("status", ["claimant", "gar"])
@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("community", COMMUNITIES)
def test_do_this_first_lands_below_the_header(shipped_site, browser, community, lang, status):
    with serve(shipped_site / community) as url:
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{url}/{lang}/statuses/{status}/")
        count = page.locator("ol.pw-first a").count()
        assert count >= 2
        landed = []
        for n in range(count):
            page.goto(f"{url}/{lang}/statuses/{status}/")
            link = page.locator("ol.pw-first a").nth(n)
            target = link.get_attribute("href")
            link.click()
            page.wait_for_function(f"document.querySelector('details{target}').open")
            page.wait_for_timeout(100)
            header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
            title = page.locator(f"details{target} > summary").bounding_box()
            landed.append((target, title["y"] >= header, title["y"] + title["height"] <= SCREEN))
        page.close()
    assert [t for t, below, seen in landed if not (below and seen)] == []


@pytest.mark.parametrize("path", ["fr/", "ar/", "fr/services/inscription-ramq/", "es/services/urgence-chaur/",
                                  "ar/services/clsc-trois-rivieres/", "en/statuses/gar/"])
def test_the_new_layout_has_no_axe_violations(shipped_site, browser, path):
    # The folded needs, reasons and sources, the compact chooser and the two-line header title (RTL too).
    with serve(shipped_site / "trois-rivieres") as url:
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{url}/{path}")
        page.evaluate("document.querySelectorAll('details.pw-reason, details.pw-sources').forEach(d => d.open = true)")
        inject_axe(page)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        page.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
