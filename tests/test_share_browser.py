"""Share actions in a real browser (issue 14): nothing requested on load, the buttons appear only where
they work and are used by keyboard, the text shared is the page title and its public address, axe finds
no violation. On the fixture community published at a real (non-example) address."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from conftest import AXE_TAGS, SITE_COMMUNITY, build_fixture_site, inject_axe, serve
from helpers import content_copy

REAL = "https://guide.testville.ca"
PAGES = {"en": [("statuses/pr-economic/", "Permanent resident (economic)"), ("services/testville-clinic/", None)],
         "fr": [("statuses/pr-economic/", "Résident permanent (économique)"), ("services/testville-clinic/", None)]}
CASES = [(lang, path, title) for lang, pages in PAGES.items() for path, title in pages]
# Stands in for the system share sheet (headless Chromium on Linux has none); records what was shared.
FAKE_SHARE = "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def published_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("published")
    community = "regions/ca/ab/testville/community.yaml"
    content = content_copy(tmp)
    text = (content / community).read_text(encoding="utf-8")
    assert "https://guide.example.org/testville" in text
    (content / community).write_text(text.replace("https://guide.example.org/testville", REAL), encoding="utf-8")
    assert build_fixture_site(tmp / "site", content, "--no-pdf") == 0
    with serve(tmp / "site" / SITE_COMMUNITY) as url:
        yield url


def _title(page) -> str:
    return page.locator("h1").first.inner_text()


@pytest.mark.parametrize("lang, path, title", CASES)
def test_share_links_request_nothing_and_pass_axe(page, outside, published_url, lang, path, title):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{published_url}/{lang}/{path}")
    page.wait_for_load_state("networkidle")
    title = title or _title(page)
    expected = f"{title} — {REAL}/{lang}/{path}"
    share = page.locator("section.pw-share")
    assert unquote(share.locator('a[href^="https://wa.me/"]').get_attribute("href")) == f"https://wa.me/?text={expected}"
    assert unquote(share.locator('a[href^="sms:"]').get_attribute("href")) == f"sms:?&body={expected}"
    assert unquote(share.locator('a[href^="mailto:"]').get_attribute("href")).endswith(f"&body={expected}")
    assert outside == [] and not [url for url in requested if "wa.me" in url or not url.startswith(published_url)]
    inject_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [v["id"] for v in result["violations"]] == []


@pytest.mark.parametrize("lang, message", [("en", "Link copied."), ("fr", "Lien copié.")])
def test_copy_link_by_keyboard(browser, outside, published_url, lang, message):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(f"{published_url}/{lang}/statuses/pr-economic/")
        copy = page.locator("button[data-pw-share-copy]")
        assert copy.is_visible()  # 127.0.0.1 is a secure context: the clipboard is there
        copy.focus()
        page.keyboard.press("Enter")
        said = page.locator("[data-pw-share-said]")
        said.filter(has_text=message).wait_for()
        assert said.get_attribute("role") == "status"
        assert page.evaluate("navigator.clipboard.readText()") == f"{REAL}/{lang}/statuses/pr-economic/"
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_system_share_sheet_where_the_browser_has_one(browser, published_url, lang):
    context = browser.new_context()
    context.add_init_script(FAKE_SHARE)
    try:
        page = context.new_page()
        page.goto(f"{published_url}/{lang}/services/testville-clinic/")
        button = page.locator("button[data-pw-share-system]")
        button.focus()
        page.keyboard.press("Enter")
        shared = page.evaluate("window.__shared")
        assert shared == {"title": _title(page), "text": _title(page), "url": f"{REAL}/{lang}/services/testville-clinic/"}
    finally:
        context.close()


def test_no_system_share_button_without_a_share_sheet(page, published_url):
    page.goto(f"{published_url}/en/statuses/pr-economic/")
    assert page.evaluate("typeof navigator.share") == "undefined"
    assert page.locator("button[data-pw-share-system]").is_hidden()
    assert page.locator('section.pw-share a[href^="sms:"]').is_visible()
