"""What a reader trips on, on a 360 × 740 phone (issue 10, items 6 and 7): the status chooser on the first
screen, no sideways scroll, a print button that prints, a matrix whose header row and first column stay
in view, a language switch that keeps the reader's place. On the fixture site and on both shipped sites
(built once per session, without PDFs)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import AXE_TAGS, SITE_AS_OF, inject_axe, serve
from sitecheck import pages, parse

PROJECT = Path(__file__).resolve().parent.parent
SHIPPED = ["trois-rivieres", "brooks"]
LANGS = ["fr", "en"]
EVERY_LANGUAGE = ["fr", "en", "es", "ar"]  # what the shipped guides list (issue 13): the budgets hold in each
PHONE = {"width": 360, "height": 740}
# A sample of each shipped site: every kind of page, and the longest ones.
SHIPPED_SAMPLE = ["", "which-status/", "matrix/", "services/", "changes/", "sources/", "about/", "search/",
                  "statuses/claimant/", "statuses/worker-closed/", "statuses/gar/", "statuses/student/",
                  "services/help-211/", "topics/health/", "404.html"]


@pytest.fixture(scope="session")
def shipped(tmp_path_factory):
    """community id → (folder, base URL) of its built site (fr/ and en/ below), built once, without PDFs."""
    from pathways.cli import main

    out = tmp_path_factory.mktemp("shipped") / "site"
    for community in SHIPPED:
        assert main(["build", "--content", str(PROJECT / "content"), "--community", community, "--no-pdf",
                     "--as-of", SITE_AS_OF, "--out", str(out), "--lang", "en"]) == 0
    with serve(out) as url:
        yield {community: (out / community, f"{url}/{community}") for community in SHIPPED}


@pytest.fixture(scope="session")
def shipped_urls(shipped):
    return {community: url for community, (_, url) in shipped.items()}


def _phone_context(browser, outside, **options):
    context = browser.new_context(viewport=PHONE, locale="fr-CA", timezone_id="America/Toronto", **options)

    def route(route):
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return context


@pytest.fixture
def phone(browser, outside):
    """A page in a 360 × 740 window; requests leaving 127.0.0.1 are recorded and refused."""
    context = _phone_context(browser, outside)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_js(browser, outside):
    context = _phone_context(browser, outside, java_script_enabled=False)
    yield context.new_page()
    context.close()


def _sideways(page) -> int:
    """How many pixels the page scrolls sideways (0 when it fits the window)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


# ------------------------------------------------------------------------------------------- static


@pytest.mark.parametrize("community", SHIPPED)
def test_twin_pages_have_the_same_anchors(shipped, community):
    # The language switch carries the #fragment: it only keeps the reader's place if the anchors match.
    root = shipped[community][0]
    french = pages(root / "fr")
    assert len(french) > 20
    differ = [str(p.relative_to(root)) for p in french
              if parse(p).ids != parse(root / "en" / p.relative_to(root / "fr")).ids]
    assert differ == []


def test_print_button_has_no_inline_handler(site_root):
    html = (site_root / "en" / "statuses" / "pr-economic" / "index.html").read_text(encoding="utf-8")
    assert "data-pw-print hidden" in html
    assert "onclick" not in html


# ------------------------------------------------------------------------------------------ browser


@pytest.mark.browser
@pytest.mark.parametrize("lang", EVERY_LANGUAGE)
@pytest.mark.parametrize("community", SHIPPED)
def test_status_chooser_is_on_the_first_screen(phone, shipped_urls, community, lang):
    phone.goto(f"{shipped_urls[community]}/{lang}/")
    chooser = phone.locator("#statuses").bounding_box()
    first_status = phone.locator(".pw-chooser .pw-statuses a").first.bounding_box()
    emergency = phone.locator("#emergency").bounding_box()
    welcome = phone.locator("#welcome").bounding_box()
    assert first_status["y"] + first_status["height"] <= PHONE["height"]
    assert emergency["y"] < chooser["y"] < welcome["y"]  # emergency numbers early, the welcome prose after
    if lang in LANGS:
        assert phone.locator("#statuses").inner_text() in ("Quel est votre statut\u00a0?", "What is your status?")


@pytest.mark.browser
def test_no_sideways_scroll_on_any_page_of_the_fixture_site(phone, site_url, site_root):
    # Every page of both languages (the root index.html only redirects to one of them).
    paths = [p.relative_to(site_root).as_posix().removesuffix("index.html")
             for lang in LANGS for p in pages(site_root / lang)]
    assert len(paths) > 20
    wide = {}
    for path in paths:
        phone.goto(f"{site_url}/{path}")
        if _sideways(phone) > 0:
            wide[path] = _sideways(phone)
    assert wide == {}


@pytest.mark.browser
@pytest.mark.parametrize("community", SHIPPED)
def test_no_sideways_scroll_on_the_shipped_sites(phone, shipped_urls, community):
    wide = {}
    for lang in EVERY_LANGUAGE:
        for path in SHIPPED_SAMPLE:
            response = phone.goto(f"{shipped_urls[community]}/{lang}/{path}")
            assert response.ok, path
            if _sideways(phone) > 0:
                wide[f"{lang}/{path}"] = _sideways(phone)
    assert wide == {}


@pytest.mark.browser
def test_print_button_prints(phone, site_url):
    phone.goto(f"{site_url}/en/statuses/pr-economic/")
    phone.evaluate("() => { window.pwPrinted = 0; window.print = () => { window.pwPrinted += 1; }; }")
    assert phone.evaluate("window.pwPrinted") == 0
    button = phone.get_by_role("button", name="Print this page")
    button.click()
    assert phone.evaluate("window.pwPrinted") == 1


@pytest.mark.browser
def test_print_button_is_hidden_without_javascript(phone_without_js, site_url):
    phone_without_js.goto(f"{site_url}/en/statuses/pr-economic/")
    button = phone_without_js.locator("button[data-pw-print]")
    assert button.count() == 1
    assert not button.is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_matrix_header_row_and_first_column_stay_in_view(phone, shipped_urls, lang):
    phone.goto(f"{shipped_urls['trois-rivieres']}/{lang}/matrix/")
    region = phone.get_by_role("region", name="Eligibility" if lang == "en" else "Admissibilité", exact=False)
    assert region.count() == 1
    box = region.bounding_box()
    region.evaluate("el => el.scrollTo(400, 300)")
    scrolled = region.evaluate("el => [el.scrollLeft, el.scrollTop]")
    assert scrolled[0] > 0 and scrolled[1] > 0  # the table is larger than the region both ways
    # What the reader sees at the region's top-left corner is the corner cell; along its top edge, the
    # status row; along its left edge, the service column.
    seen = phone.evaluate("""([x, y, w, h]) => {
        const at = (px, py) => document.elementFromPoint(px, py).closest('th, td');
        const where = cell => cell && (cell.closest('thead') ? 'head' : cell.tagName);
        return [where(at(x + 4, y + 4)), where(at(x + w / 2, y + 4)), where(at(x + 4, y + h / 2))];
    }""", [box["x"], box["y"], box["width"], box["height"]])
    assert seen == ["head", "head", "TH"]
    corner = phone.locator(".pw-matrix thead th").first.bounding_box()
    assert abs(corner["x"] - box["x"]) <= 2 and abs(corner["y"] - box["y"]) <= 2


@pytest.mark.browser
def test_matrix_is_printed_whole(phone, shipped_urls):
    phone.goto(f"{shipped_urls['trois-rivieres']}/en/matrix/")
    region_fits = "(() => { const r = document.querySelector('.pw-matrix'); return r.scrollHeight <= r.clientHeight; })()"
    assert not phone.evaluate(region_fits)  # on screen the region scrolls
    phone.emulate_media(media="print")
    assert phone.evaluate(region_fits)


def wait_until(page, expression: str, tries: int = 50) -> None:
    """Poll `expression` from outside the page: the pages' CSP (rightly) refuses the string eval that
    Playwright's wait_for_function compiles inside the page."""
    for _ in range(tries):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}")


@pytest.mark.browser
def test_matrix_scrolls_with_the_keyboard(phone, shipped_urls):
    phone.goto(f"{shipped_urls['trois-rivieres']}/en/matrix/")
    region = phone.locator(".pw-matrix[role=region][tabindex='0']")
    region.focus()
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowDown")
    wait_until(phone, "document.querySelector('.pw-matrix').scrollLeft > 0"
                      " && document.querySelector('.pw-matrix').scrollTop > 0")


@pytest.mark.browser
def test_language_switch_keeps_the_anchor(phone, site_url):
    phone.goto(f"{site_url}/en/statuses/pr-economic/#help")
    phone.locator(".md-header__option .md-select button").first.click()
    phone.locator('a.md-select__link[hreflang="fr"]').click()
    phone.wait_for_url(f"{site_url}/fr/statuses/pr-economic/#help")
    assert phone.locator("html").get_attribute("lang") == "fr"
    assert phone.evaluate("document.getElementById('help').getBoundingClientRect().top") < PHONE["height"]


@pytest.mark.browser
def test_language_switch_keeps_the_section_the_reader_scrolled_to(phone, site_url):
    phone.set_viewport_size({"width": 360, "height": 300})  # the fixture page is short: a small window scrolls
    phone.goto(f"{site_url}/en/statuses/student/")
    # The reader scrolls until the section's heading is just under the header (48 px).
    phone.evaluate("window.scrollBy(0, document.getElementById('help').getBoundingClientRect().top - 56)")
    assert 48 <= phone.evaluate("document.getElementById('help').getBoundingClientRect().top") <= 60
    # By keyboard: a mouse click lets Playwright scroll the page first, which would move the reader.
    phone.locator('a.md-select__link[hreflang="fr"]').focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{site_url}/fr/statuses/student/#help")


@pytest.mark.browser
def test_language_switch_follows_the_anchor_the_reader_moves_to(phone, site_url):
    phone.goto(f"{site_url}/fr/statuses/student/")
    link = phone.locator('a.md-select__link[hreflang="en"]')
    assert link.get_attribute("href") == "../../../en/statuses/student/"
    phone.evaluate("location.hash = '#not-for-you'")
    wait_until(phone, "document.querySelector('a.md-select__link[hreflang=en]').getAttribute('href')"
                      ".endsWith('#not-for-you')")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_language_switch_names_each_language_in_itself(phone, site_url, lang):
    phone.goto(f"{site_url}/{lang}/matrix/")
    links = phone.locator("a.md-select__link")
    found = [(a.get_attribute("hreflang"), a.get_attribute("lang"), a.text_content().strip()) for a in links.all()]
    assert found == [("fr", "fr", "Français"), ("en", "en", "English")]


@pytest.mark.browser
def test_language_switch_goes_to_the_twin_page_without_javascript(phone_without_js, site_url):
    phone_without_js.goto(f"{site_url}/en/statuses/pr-economic/#help")
    phone_without_js.locator(".md-header__option .md-select button").first.focus()
    phone_without_js.locator('a.md-select__link[hreflang="fr"]').click()
    phone_without_js.wait_for_url(f"{site_url}/fr/statuses/pr-economic/")
    assert phone_without_js.locator("html").get_attribute("lang") == "fr"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["", "matrix/"])
@pytest.mark.parametrize("community", SHIPPED)
def test_wcag_21_aa_on_a_phone(phone, shipped_urls, community, path, lang):
    phone.goto(f"{shipped_urls[community]}/{lang}/{path}")
    inject_axe(phone)
    result = phone.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []


def test_zero_third_party_requests(outside):
    # Runs last in this module: every page the tests above opened is covered.
    assert outside == []
