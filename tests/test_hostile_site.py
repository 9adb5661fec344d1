"""Issue 9, output side: a site built from hostile content cannot be turned against its readers.

`tests/hostile/site/overlay/` holds hostile content files (see its README) laid over the fixture
community. The site built from them, and the clean fixture site, are checked on their files (CSP and
referrer meta elements on every page, nothing the theme's JavaScript would act on) and opened page by
page in Chromium: zero requests leave 127.0.0.1, zero dialogs, zero console errors (a Content-Security-
Policy violation is a console error, so clean pages must not trigger any either).
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import SITE_COMMUNITY, SITE_FIXTURE, build_fixture_site, serve
from pathways.output.render import CONTENT_SECURITY_POLICY, SEARCH_CONTENT_SECURITY_POLICY
from sitecheck import pages

OVERLAY = Path(__file__).parent / "hostile" / "site" / "overlay"
NAME = {"fr": 'TR</title><script>alert("nom")</script> & "Cie" <b onmouseover=alert(1)>',
        "en": 'TR</title><script>alert("name")</script> & "Co" <b onmouseover=alert(1)>'}
SITE_NAME = {"fr": "Guide d'enracinement — " + NAME["fr"], "en": "Settlement guide — " + NAME["en"]}
CSP_DIRECTIVES = ("default-src 'self'", "script-src 'self'", "style-src 'self'",
                  "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "frame-src 'none'",
                  "object-src 'none'", "base-uri 'self'", "form-action 'self'")


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory) -> Path:
    """`<tmp>/site/testville` built from the fixture content with the hostile files laid over it."""
    tmp = tmp_path_factory.mktemp("hostile")
    content = tmp / "content"
    shutil.copytree(SITE_FIXTURE, content)
    shutil.copytree(OVERLAY, content, dirs_exist_ok=True)
    assert build_fixture_site(tmp / "site", content, "--no-pdf") == 0
    return tmp / "site" / SITE_COMMUNITY


class _Head(HTMLParser):
    """The meta elements before the first script or stylesheet, and every id/class the page carries."""

    def __init__(self) -> None:
        super().__init__()
        self.early_meta: dict[str, str] = {}
        self.loaded = False
        self.ids: list[str] = []
        self.classes: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "link", "style"):
            self.loaded = True
        if tag == "meta" and not self.loaded:
            key = attrs.get("http-equiv") or attrs.get("name")
            if key:
                self.early_meta[key.lower()] = attrs.get("content") or ""
        self.ids += [attrs["id"]] if attrs.get("id") else []
        self.classes += (attrs.get("class") or "").split()
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False if tag == "title" else self._in_title

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head_of(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_the_policy_is_strict():
    assert [part.strip() for part in CONTENT_SECURITY_POLICY.split(";") if part.strip() in CSP_DIRECTIVES] == list(
        CSP_DIRECTIVES)
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    assert "http" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY
    # The search page adds WebAssembly compilation (Pagefind), nothing else.
    assert SEARCH_CONTENT_SECURITY_POLICY.replace(" 'wasm-unsafe-eval'", "") == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("which", ["clean", "hostile"])
def test_csp_and_referrer_before_anything_loads_on_every_page(site_root, hostile_root, which):
    root = site_root if which == "clean" else hostile_root
    checked = pages(root)
    assert len(checked) > 40 and root / "index.html" in checked  # every page, the language chooser included
    for page in checked:
        head = head_of(page)
        policy = SEARCH_CONTENT_SECURITY_POLICY if page.parent.name == "search" else CONTENT_SECURITY_POLICY
        assert head.early_meta.get("content-security-policy") == policy, page
        assert head.early_meta.get("referrer") == "no-referrer", page


def test_hostile_prose_sets_nothing_the_theme_acts_on(hostile_root):
    for page in pages(hostile_root):
        head = head_of(page)
        assert "mermaid" not in head.classes, page
        assert head.ids.count("__config") <= 1 and "__consent" not in head.ids, page  # only the theme's own
    about = (hostile_root / "en" / "pages" / "about" / "index.html").read_text(encoding="utf-8")
    assert '{"base": "https://tracker.example.com/"' in about  # the text stays, as text in a plain <div>
    assert "<img" not in about and "<video" not in about and "<style>" not in about


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_community_name_is_printed_as_text_everywhere(hostile_root, lang):
    for page in pages(hostile_root / lang):
        text = page.read_text(encoding="utf-8")
        for raw in ("TR</title><script>alert(", "</title><script>alert('title')", "onmouseover=alert(1)>"):
            assert raw not in text, (page, raw)
        assert "&amp;lt;" not in text and "&amp;quot;" not in text, page  # escaped once, never twice
    home = {"fr": "Accueil", "en": "Home"}[lang]
    assert head_of(hostile_root / lang / "index.html").title.strip() == f"{home} - {SITE_NAME[lang]}"


# ---------------------------------------------------------------- in the browser


class Visit:
    """Every page of a site opened in one browser context; what each did that it must not."""

    def __init__(self, browser, root: Path):
        self.root, self.outside, self.dialogs, self.errors = root, [], [], []
        self.current = ""
        self.context = browser.new_context(locale="en-CA", timezone_id="America/Edmonton")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append((self.current, m.text)))
        self.page.on("pageerror", lambda error: self.errors.append((self.current, str(error))))
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append((self.current, url))
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append((self.current, dialog.message))
        dialog.dismiss()

    def every_page(self, base: str) -> list[str]:
        opened = []
        for path in pages(self.root):
            self.current = path.relative_to(self.root).as_posix()
            # Served as on the real host: the site under the path of its base_url (/testville/).
            self.page.goto(f"{base}/{SITE_COMMUNITY}/{self.current}", wait_until="load")
            opened.append(self.current)
        return opened


@pytest.mark.browser
@pytest.mark.parametrize("which", ["clean", "hostile"])
def test_every_page_in_chromium_makes_no_outside_request_dialog_or_console_error(browser, site_root, hostile_root,
                                                                                  which):
    root = site_root if which == "clean" else hostile_root
    visit = Visit(browser, root)
    with serve(root.parent) as base:
        opened = visit.every_page(base)
        if which == "hostile":
            visit.page.goto(f"{base}/{SITE_COMMUNITY}/en/pages/about/", wait_until="load")
            title = visit.page.evaluate("document.title")
            header = visit.page.locator(".md-header__topic").first.inner_text()
    visit.context.close()
    assert len(opened) > 40 and "en/statuses/pr/index.html" in opened
    assert visit.outside == []
    assert visit.dialogs == []
    assert visit.errors == []
    if which == "hostile":  # the hostile name and title read as written, as text
        assert title == "</title><script>alert('title')</script> en - " + SITE_NAME["en"]
        assert header.strip() == SITE_NAME["en"]
