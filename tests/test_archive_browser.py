"""The downloaded copy opened from files (issue 14): unzipped, it browses home → status → service → A–Z
in a real browser over file:// with zero network requests, in every language of the guide, its booklet
link opens a file that is there, and its print button works."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from conftest import AXE_TAGS, SITE_COMMUNITY, inject_axe
from guide_languages import LANGUAGES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def unzipped(site_root, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("usb-key")
    for lang in LANGUAGES:
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


def heading(site_root: Path, page: str) -> str:
    """The first <h1> of a published page, as a reader sees it."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", (site_root / page).read_text(encoding="utf-8"), re.S)
    assert found
    return html.unescape(re.sub(r"<[^>]+>", "", found[1])).strip()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_browse_the_copy_from_files(offline, unzipped, site_root, lang):
    page, requested = offline
    home_title = heading(site_root, f"{lang}/index.html")
    status = heading(site_root, f"{lang}/statuses/pr-economic/index.html")
    page.goto((unzipped / f"{SITE_COMMUNITY}-{lang}" / "index.html").as_uri())
    page.wait_for_url("**/index.html")
    page.locator("h1.pw-home__title").wait_for()
    assert page.url.endswith(f"/{SITE_COMMUNITY}-{lang}/{lang}/index.html")
    assert home_title in page.locator("h1").inner_text()
    _follow(page, ".pw-chooser a[href*='pr-economic']")
    assert page.url.endswith(f"/{lang}/statuses/pr-economic/index.html")
    assert page.locator("h1").inner_text() == status
    print_button = page.locator("button[data-pw-print]")
    assert print_button.is_visible() and print_button.is_enabled()
    booklet = page.locator("a[type='application/pdf']").get_attribute("href")
    assert (Path(page.url[len("file://"):]).parent / booklet).resolve().is_file()
    need = page.locator("details.pw-need", has=page.locator(".pw-card")).first
    need.locator("summary").first.click()  # help is folded by need: the reader opens a need, then a card
    need.locator(".pw-card summary").first.click()
    _follow(page, ".pw-card details[open] a[href*='services/']")
    assert "/services/" in page.url and page.url.endswith("/index.html")
    assert page.locator("h1").inner_text()
    inject_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [v["id"] for v in result["violations"]] == []
    assert len(requested) > 10
    assert [url for url in requested if not url.startswith("file://")] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_z_page_lists_every_page(offline, unzipped, site_root, lang):
    page, requested = offline
    page.goto((unzipped / f"{SITE_COMMUNITY}-{lang}" / lang / "a-z" / "index.html").as_uri())
    assert page.locator("h1").inner_text() == heading(site_root, f"{lang}/a-z/index.html")
    links = page.locator("ul.pw-a-z a")
    assert links.count() > 20
    _follow(page, "ul.pw-a-z a[href*='statuses/pr-economic']")
    assert page.url.endswith(f"/{lang}/statuses/pr-economic/index.html")
    assert [url for url in requested if not url.startswith("file://")] == []
