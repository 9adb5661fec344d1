""""Keep this guide on my phone" (issue 14, item 1): a service worker per language, generated here.

Nothing is stored until the reader presses the button on the home or about page (pathways-offline.js
registers `<lang>/sw.js` then). The worker stores the language's pages, styles and scripts — not the
search, the PDF booklets or the other language — in a cache named after the build's version (a hash of
what it stores), serves them first, and shows `offline.html` for a page it does not hold when there is no
connection. A new build changes `sw.js`, so browsers install the new version and delete the old cache.
The size shown beside the button is the sum of the stored files.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

from .archive import size_text
from .i18n import N_, direction, gettext_for
from .render import CONTENT_SECURITY_POLICY
from .resources import TEMPLATES

WORKER = "sw.js"
OFFLINE_PAGE = "offline.html"
# Written by templates/pages/_offline.html.j2 where the stored size goes.
SIZE_PLACEHOLDER = "PWOFFLINESIZE"
NOT_STORED = ("pagefind", "search", "sitemap.xml", "sitemap.xml.gz", WORKER)
WORKER_SOURCE = TEMPLATES / "offline" / "sw.js"  # the worker's code; its settings are prepended per build


def write_service_worker(language: Path, community_id: str, lang: str) -> None:
    """`<lang>/offline.html`, the size on the pages that offer the button, then `<lang>/sw.js`."""
    (language / OFFLINE_PAGE).write_text(offline_page(lang), encoding="utf-8")
    size = sum(p.stat().st_size for p in stored_files(language))
    _fill(language, size_text(size, lang))
    files = stored_files(language)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(language).as_posix().encode() + b"\0" + path.read_bytes())
    urls = [_url(path.relative_to(language).as_posix()) for path in files]
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    settings = {"cache": f"pathways-{community_id}-{lang}-{digest.hexdigest()[:16]}",
                "prefix": f"pathways-{community_id}-{lang}-", "files": urls, "offline": OFFLINE_PAGE}
    (language / WORKER).write_text(f"const PATHWAYS = {json.dumps(settings, indent=1)};\n{source}", encoding="utf-8")


def stored_files(language: Path) -> list[Path]:
    return sorted(p for p in language.rglob("*")
                  if p.is_file() and p.relative_to(language).parts[0] not in NOT_STORED)


def _url(path: str) -> str:
    """What the browser asks for: `statuses/pr/` for `statuses/pr/index.html`, `./` for the home page."""
    if path == "index.html":
        return "./"
    return path.removesuffix("index.html")


def _fill(language: Path, size: str) -> None:
    for page in sorted(language.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        if SIZE_PLACEHOLDER in text:
            page.write_text(text.replace(SIZE_PLACEHOLDER, size), encoding="utf-8")


def offline_page(lang: str) -> str:
    """What the reader sees, offline, for a page the phone does not hold."""
    _ = gettext_for(lang)
    title = html.escape(_(N_("You are offline")))
    said = html.escape(_(N_("This page is not stored on this phone. Stored: the pages of this guide in this "
                            "language. Not stored: the search, the PDF booklets and the other languages.")))
    home = html.escape(_(N_("Home page")))
    return (f'<!doctype html>\n<html lang="{lang}" dir="{direction(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CONTENT_SECURITY_POLICY)}">\n'
            f'<meta name="referrer" content="no-referrer">\n'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">\n<title>{title}</title>\n'
            f'</head>\n<body>\n<main>\n<h1>{title}</h1>\n<p>{said}</p>\n<p><a href="./">{home}</a></p>\n'
            f'</main>\n</body>\n</html>\n')
