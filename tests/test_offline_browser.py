"""Keep this guide on this phone (issue 14, item 1), in a real browser: nothing stored before the click,
the size shown is what is stored, then with the network off the reader browses home → status → service,
a page that is not stored says so, and the stored copy can be removed. fr and en."""

from __future__ import annotations

import time

import pytest

from conftest import AXE_TAGS, inject_axe
from pathways.archive import size_text
from pathways.offline import stored_files

pytestmark = pytest.mark.browser
STORED = {"en": "This guide is stored on this device: it works with no connection.",
          "fr": "Ce guide est enregistré sur cet appareil : il fonctionne sans connexion."}
NOT_STORED = {"en": "This page is not stored on this phone.", "fr": "Cette page n'est pas enregistrée sur ce téléphone."}
CACHED_BYTES = """async () => {
  let total = 0, count = 0;
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    for (const request of await cache.keys()) {
      total += (await (await cache.match(request)).arrayBuffer()).byteLength;
      count += 1;
    }
  }
  return [count, total];
}"""


def wait_until(page, expression: str, seconds: float = 20) -> None:
    """Poll from outside the page (the CSP refuses Playwright's wait_for_function)."""
    end = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < end, expression
        page.wait_for_timeout(100)


@pytest.fixture
def reader(browser):
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    yield context, page, requested
    context.close()


def _registrations(page) -> int:
    return page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_keep_browse_offline_and_remove(reader, site_root, site_url, lang):
    context, page, requested = reader
    page.goto(f"{site_url}/{lang}/")
    keep = page.locator("button[data-pw-offline-keep]")
    keep.wait_for()
    assert _registrations(page) == 0 and page.evaluate("caches.keys()") == []  # nothing before the click
    files = stored_files(site_root / lang)
    size = sum(p.stat().st_size for p in files)
    assert f"({size_text(size, lang)})" in page.locator("section.pw-offline").inner_text()
    inject_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [v["id"] for v in result["violations"]] == []

    keep.focus()
    page.keyboard.press("Enter")
    wait_until(page, f"document.querySelector('[data-pw-offline-said]').textContent === {STORED[lang]!r}")
    assert page.evaluate(CACHED_BYTES) == [len(files), size]

    context.set_offline(True)
    page.goto(f"{site_url}/{lang}/")
    with page.expect_navigation():
        page.locator(".pw-chooser a[href*='pr-economic']").first.click()
    assert page.url.endswith(f"/{lang}/statuses/pr-economic/")
    page.locator(".pw-card summary").first.click()
    with page.expect_navigation():
        page.locator(".pw-card details[open] a[href*='services/']").first.click()
    assert "/services/" in page.url and page.locator("h1").inner_text()
    page.goto(f"{site_url}/{lang}/search/")
    assert NOT_STORED[lang] in page.locator("main").inner_text()
    with page.expect_navigation():
        page.locator("main a").click()  # its link home works from any address
    assert page.url == f"{site_url}/{lang}/" and page.locator("h1.pw-home__title").is_visible()
    assert [url for url in requested if not url.startswith(site_url)] == []

    context.set_offline(False)
    page.goto(f"{site_url}/{lang}/about/")
    remove = page.locator("button[data-pw-offline-remove]")
    remove.wait_for()
    remove.click()
    wait_until(page, "document.querySelector('button[data-pw-offline-keep]').hidden === false")
    assert _registrations(page) == 0 and page.evaluate("caches.keys()") == []


def test_nothing_offered_from_files(browser, site_root):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((site_root / "en" / "index.html").as_uri())
        page.wait_for_load_state("load")
        assert page.locator("section.pw-offline").is_hidden()
    finally:
        context.close()
