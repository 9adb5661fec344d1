"""Keep this guide on this phone (issue 14), in a real browser, for every language of the guide: nothing
stored before the click, the sizes shown are what is stored; then with the network off the reader browses
home → status → service (→ booklet only when the booklets were chosen), the print button works, a page
that is not stored says so, and the stored copy can be removed."""

from __future__ import annotations

import shutil
import time

import pytest

from conftest import AXE_TAGS, SITE_COMMUNITY, inject_axe, serve
from guide_languages import LANGUAGES
from pathways.output.archive import size_text
from pathways.output.offline import write_offline_copies
from test_offline import settings, stored_bytes

pytestmark = pytest.mark.browser
STORED = {"en": "This guide is stored on this device: it works with no connection.",
          "fr": "Ce guide est enregistré sur cet appareil : il fonctionne sans connexion."}
STORED_BOOKLETS = {"en": "This guide and its PDF booklets are stored on this device: they work with no connection.",
                   "fr": "Ce guide et ses livrets PDF sont enregistrés sur cet appareil : ils fonctionnent sans connexion."}
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
FETCHED = "url => fetch(url).then(response => response.ok, () => false)"


def wait_until(page, expression: str, seconds: float = 30) -> None:
    """Poll from outside the page (the CSP refuses Playwright's wait_for_function)."""
    end = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < end, expression
        page.wait_for_timeout(100)


@pytest.fixture
def reader(browser):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    yield context, page, requested
    context.close()


def _registrations(page) -> int:
    return page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)")


def _offer(page, site_url: str, lang: str):
    page.goto(f"{site_url}/{lang}/")
    keep = page.locator("button[data-pw-offline-keep]")
    keep.wait_for()
    assert _registrations(page) == 0 and page.evaluate("caches.keys()") == []  # nothing before the click
    return keep


def _said(page, message: str) -> None:
    wait_until(page, f"document.querySelector('[data-pw-offline-said]').textContent === {message!r}")


def _keep(page, keep, lang: str, message: dict[str, str] = STORED) -> None:
    keep.focus()
    page.keyboard.press("Enter")
    _said(page, message[lang])


def _home_status_service(page, site_url: str, lang: str) -> None:
    page.goto(f"{site_url}/{lang}/")
    with page.expect_navigation():
        page.locator(".pw-chooser a[href*='pr-economic']").first.click()
    assert page.url.endswith(f"/{lang}/statuses/pr-economic/")
    print_button = page.locator("button[data-pw-print]")
    assert print_button.is_visible() and print_button.is_enabled()  # print keeps working offline
    need = page.locator("details.pw-need", has=page.locator(".pw-card")).first
    need.locator("summary").first.click()  # help is folded by need: a need, then a card
    need.locator(".pw-card summary").first.click()
    with page.expect_navigation():
        page.locator(".pw-card details[open] a[href*='services/']").first.click()
    assert "/services/" in page.url and page.locator("h1").inner_text()


def _remove(page, site_url: str, lang: str) -> None:
    page.goto(f"{site_url}/{lang}/about/")
    remove = page.locator("button[data-pw-offline-remove]")
    remove.wait_for()
    remove.click()
    wait_until(page, "document.querySelector('button[data-pw-offline-keep]').hidden === false")
    assert _registrations(page) == 0 and page.evaluate("caches.keys()") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keep_browse_offline_and_remove(reader, site_root, site_url, lang):
    context, page, requested = reader
    keep = _offer(page, site_url, lang)
    size = stored_bytes(site_root, lang)
    assert f"({size_text(size, lang)})" in page.locator("section.pw-offline").inner_text()
    inject_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [v["id"] for v in result["violations"]] == []

    _keep(page, keep, lang)
    assert page.evaluate(CACHED_BYTES) == [len(settings(site_root)["parts"][lang]["files"]), size]

    context.set_offline(True)
    _home_status_service(page, site_url, lang)
    assert page.evaluate(FETCHED, f"{site_url}/print/pr-economic-{lang}.pdf") is False  # booklets not chosen
    page.goto(f"{site_url}/{lang}/search/")
    assert NOT_STORED[lang] in page.locator("main").inner_text()
    with page.expect_navigation():
        page.locator("main a").click()  # its link home works from any address
    assert page.url == f"{site_url}/{lang}/" and page.locator("h1.pw-home__title").is_visible()
    assert [url for url in requested if not url.startswith(site_url)] == []

    context.set_offline(False)
    _remove(page, site_url, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keep_the_booklets_too(reader, site_root, site_url, lang):
    context, page, requested = reader
    keep = _offer(page, site_url, lang)
    booklets = settings(site_root)["parts"][f"{lang}-booklets"]["files"]
    booklets_size = sum((site_root / name).stat().st_size for name in booklets)
    choice = page.locator("label:has([data-pw-offline-booklets])")
    assert choice.inner_text().endswith(f"({size_text(booklets_size, lang)})")
    choice.click()
    _keep(page, keep, lang, STORED_BOOKLETS)
    pages = len(settings(site_root)["parts"][lang]["files"])
    assert page.evaluate(CACHED_BYTES) == [pages + len(booklets), stored_bytes(site_root, lang) + booklets_size]

    context.set_offline(True)
    page.goto(f"{site_url}/{lang}/about/")
    _said(page, STORED_BOOKLETS[lang])  # a later visit says what is stored
    _home_status_service(page, site_url, lang)
    page.go_back()
    with page.expect_download() as download:
        page.locator("a[type='application/pdf']").click()
    assert download.value.failure() is None
    assert open(download.value.path(), "rb").read() == (site_root / "print" / f"pr-economic-{lang}.pdf").read_bytes()
    assert [url for url in requested if not url.startswith(site_url)] == []

    context.set_offline(False)
    _remove(page, site_url, lang)


def test_two_languages_kept_one_removed(reader, site_root, site_url):
    """Removing one language's copy keeps the other's: the worker stays, with the other parts."""
    context, page, _ = reader
    first, second = LANGUAGES[:2]
    _keep(page, _offer(page, site_url, first), first)
    page.goto(f"{site_url}/{second}/")
    keep = page.locator("button[data-pw-offline-keep]")
    keep.wait_for()
    _keep(page, keep, second)
    page.goto(f"{site_url}/{second}/about/")
    page.locator("button[data-pw-offline-remove]").click()
    wait_until(page, "document.querySelector('button[data-pw-offline-keep]').hidden === false")
    wait_until(page, "caches.keys().then(keys => keys.length === 1)")
    assert page.evaluate("caches.keys()") == [settings(site_root)["parts"][first]["cache"]]
    context.set_offline(True)
    page.goto(f"{site_url}/{first}/statuses/pr-economic/")
    assert page.locator("h1").inner_text()
    context.set_offline(False)
    _remove(page, site_url, first)


def test_nothing_offered_from_files(browser, site_root):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((site_root / "en" / "index.html").as_uri())
        page.wait_for_load_state("load")
        assert page.locator("section.pw-offline").is_hidden()
    finally:
        context.close()


def test_a_new_build_refreshes_the_stored_copy(reader, site_root, tmp_path):
    """The site changes: the browser installs the new worker, stores the new pack and drops the old cache;
    offline, the reader sees the new page."""
    context, page, _ = reader
    site = tmp_path / SITE_COMMUNITY
    shutil.copytree(site_root, site)
    lang = LANGUAGES[0]
    with serve(tmp_path) as url:
        keep = _offer(page, f"{url}/{SITE_COMMUNITY}", lang)
        _keep(page, keep, lang)
        old = settings(site)["parts"][lang]["cache"]
        assert page.evaluate("caches.keys()") == [old]
        status = site / lang / "statuses" / "pr-economic" / "index.html"
        status.write_text(status.read_text(encoding="utf-8").replace("</h1>", " (changed)</h1>", 1), encoding="utf-8")
        write_offline_copies(site, SITE_COMMUNITY, LANGUAGES)  # what the next build writes
        new = settings(site)["parts"][lang]["cache"]
        assert new != old
        page.evaluate("navigator.serviceWorker.getRegistration().then(found => found.update())")
        wait_until(page, f"caches.keys().then(keys => keys.length === 1 && keys[0] === {new!r})")
        context.set_offline(True)
        page.goto(f"{url}/{SITE_COMMUNITY}/{lang}/statuses/pr-economic/")
        assert page.locator("h1").inner_text().endswith("(changed)")
        context.set_offline(False)
        _remove(page, f"{url}/{SITE_COMMUNITY}", lang)
