"""The downloaded copy opened from files (issue 14): unzipped, it browses home → status → service → A–Z
in a real browser over file:// with zero network requests, in fr and en, and its booklet link opens a
file that is there."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import AXE_TAGS, SITE_COMMUNITY, inject_axe

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def unzipped(site_root, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("usb-key")
    for lang in ("fr", "en"):
        with zipfile.ZipFile(site_root / "download" / f"{SITE_COMMUNITY}-{lang}.zip") as archive:
            archive.extractall(folder)
    return folder


@pytest.fixture
def offline(browser):
    """A browser page whose every request is recorded; anything but a file is refused."""
    context = browser.new_context(offline=True)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    yield page, requested
    context.close()


def _follow(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.mark.parametrize("lang, home_title, status", [
    ("fr", "Guide d'enracinement", "Résident permanent (économique)"),
    ("en", "Settlement guide", "Permanent resident (economic)"),
])
def test_browse_the_copy_from_files(offline, unzipped, lang, home_title, status):
    page, requested = offline
    page.goto((unzipped / f"{SITE_COMMUNITY}-{lang}" / "index.html").as_uri())
    page.wait_for_url("**/index.html")
    page.locator("h1.pw-home__title").wait_for()
    assert page.url.endswith(f"/{SITE_COMMUNITY}-{lang}/{lang}/index.html")
    assert home_title in page.locator("h1").inner_text()
    _follow(page, ".pw-chooser a[href*='pr-economic']")
    assert page.url.endswith(f"/{lang}/statuses/pr-economic/index.html")
    assert page.locator("h1").inner_text() == status
    booklet = page.locator("a[type='application/pdf']").get_attribute("href")
    assert (Path(page.url[len("file://"):]).parent / booklet).resolve().is_file()
    card = page.locator(".pw-card").first
    card.locator("summary").click()  # the reader opens a service card, then follows its link
    _follow(page, ".pw-card details[open] a[href*='services/']")
    assert "/services/" in page.url and page.url.endswith("/index.html")
    assert page.locator("h1").inner_text()
    inject_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [v["id"] for v in result["violations"]] == []
    assert len(requested) > 10
    assert [url for url in requested if not url.startswith("file://")] == []


@pytest.mark.parametrize("lang, heading", [("fr", "Toutes les pages de A à Z"), ("en", "All pages from A to Z")])
def test_a_z_page_lists_every_page(offline, unzipped, lang, heading):
    page, requested = offline
    page.goto((unzipped / f"{SITE_COMMUNITY}-{lang}" / lang / "a-z" / "index.html").as_uri())
    assert page.locator("h1").inner_text() == heading
    links = page.locator("ul.pw-a-z a")
    assert links.count() > 20
    _follow(page, "ul.pw-a-z a[href*='statuses/pr-economic']")
    assert page.url.endswith(f"/{lang}/statuses/pr-economic/index.html")
    assert [url for url in requested if not url.startswith("file://")] == []
