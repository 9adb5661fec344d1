"""Checks on a built site's files, shared by the fixture and shipped-content tests."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical",):
            self.assets.append(attrs["href"])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if "pagefind" not in p.parts)


def url_of(root: Path, path: Path, base_path: str) -> str:
    return "http://site" + base_path + path.relative_to(root).as_posix()


def file_of(root: Path, url: str, base_path: str) -> Path | None:
    path = urlsplit(url).path
    if not path.startswith(base_path):
        return None
    target = root / path[len(base_path):]
    return target / "index.html" if path.endswith("/") else target


def _ids(parsed: dict[Path, _Links], page: Path) -> set[str]:
    """The ids of a page, parsed once: `.get(page, parse(page))` parsed it again for every anchor link."""
    if page not in parsed:
        parsed[page] = parse(page)
    return parsed[page].ids


def broken_links(site_root: Path, base_path: str) -> list[str]:
    """Internal links, assets and anchors of every page that lead nowhere (`base_path`: path of base_url)."""
    parsed = {page: parse(page) for page in pages(site_root)}
    broken = []
    for page, links in list(parsed.items()):  # pages outside the site are parsed into `parsed` as they are met
        base = url_of(site_root, page, base_path)
        for href in links.links + links.assets:
            if href.startswith(("mailto:", "tel:")) or urlsplit(href).scheme in ("http", "https"):
                continue
            url = urljoin(base, href)
            target = file_of(site_root, url, base_path)
            if target is None or not target.is_file():
                broken.append(f"{page.relative_to(site_root)}: {href}")
                continue
            anchor = urlsplit(url).fragment
            if anchor and target.suffix == ".html" and anchor not in _ids(parsed, target):
                broken.append(f"{page.relative_to(site_root)}: {href} (no #{anchor})")
    return broken
