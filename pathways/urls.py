"""One place for the address of every linkable thing: its output file, its URL in the site, its public URL.

Paths are relative to a language root (`site/<community>/<lang>/`): the Markdown file `statuses/pr.md`
becomes the directory URL `statuses/pr/`. Booklets live beside the languages, in `print/`. These URLs
end up in printed QR codes, so they never change; `output_clashes` refuses two records that would be
written to the same file (a service with id `index` would overwrite the services index).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pathways.content.guide import Guide
from pathways.i18n import N_
from pathways.errors import Problem, problem
from pathways.content.resolve import Resolved

HOME = "index.md"
WHICH_STATUS = "which-status.md"
SERVICES = "services/index.md"
MATRIX = "matrix.md"
CHANGES = "changes.md"
SOURCES = "sources.md"
ABOUT = "about.md"
SEARCH = "search.md"
A_Z = "a-z.md"  # every page by title: what the downloaded copy offers instead of the search (issue 14)
FIXED_PAGES = (HOME, WHICH_STATUS, SERVICES, MATRIX, CHANGES, SOURCES, ABOUT, SEARCH, A_Z)
RECORD_FOLDERS = {"statuses": "statuses", "services": "services", "topics": "topics"}  # kinds with a page each

# The community's folder, `site/<id>/`, beside its language folders (`fr/`, `en/`, …):
BOOKLETS = "print"  # the PDF booklets, `print/<status>-<lang>.pdf`
DOWNLOADS = "download"  # the downloadable copies, `download/<id>-<lang>.zip`
WORKER = "sw.js"  # the service worker of "keep this guide on my phone", at the community's root
PACKS = "offline"  # the offline packs, `offline/<lang>-<hash>.pack`
# In each language folder:
OFFLINE_PAGE = "offline.html"  # what the worker answers with when a page was not stored
SEARCH_INDEX = "pagefind"  # the search index, fetched only from the search page
# Beside every text file: its precompressed copies (`output/precompress.py`), for the web server only.
PRECOMPRESSED = (".gz", ".br")


def record_path(kind: str, record_id: str) -> str:
    """The Markdown file of a record's page: `services/food-bank.md`."""
    return f"{RECORD_FOLDERS[kind]}/{record_id}.md"


def url_of(path: str) -> str:
    """Directory URL of a page file, relative to the language root: `statuses/pr/` (home: ``)."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def status_url(status_id: str) -> str:
    return url_of(record_path("statuses", status_id))


def service_url(service_id: str) -> str:
    return url_of(record_path("services", service_id))


def topic_url(topic_id: str) -> str:
    return url_of(record_path("topics", topic_id))


def booklet_file(status_id: str, lang: str) -> str:
    """File name of a status booklet in the community's `print/` folder."""
    return f"{status_id}-{lang}.pdf"


def booklet_url(status_id: str, lang: str) -> str:
    """The booklet, from a language root (`print/` sits beside `fr/` and `en/`)."""
    return f"../{BOOKLETS}/{booklet_file(status_id, lang)}"


OPEN_DATA_FOLDER, OPEN_DATA_HSDS, OPEN_DATA_VERDICTS = "data", "hsds", "eligibility.json"  # output/opendata.py
# The open data of the guide (issue 24), from a language root: linked from the about page.
OPEN_DATA = {"hsds": f"../{OPEN_DATA_FOLDER}/{OPEN_DATA_HSDS}/datapackage.json",
             "verdicts": f"../{OPEN_DATA_FOLDER}/{OPEN_DATA_VERDICTS}"}


def download_url(community_id: str, lang: str) -> str:
    """The downloadable copy of one language, from its language root (archive.py writes it)."""
    return f"../{DOWNLOADS}/{community_id}-{lang}.zip"


def public_url(guide: Guide, lang: str, url: str) -> str:
    """Where a page is published: `https://…/fr/statuses/pr/` (printed as a QR code)."""
    return f"{guide.community.base_url.rstrip('/')}/{lang}/{url}"


def is_example_address(url: str) -> bool:
    """Addresses reserved for examples (RFC 2606): a placeholder nobody can publish at."""
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith((".example", ".invalid", ".test")) or host.split(".")[-2:-1] == ["example"]


def output_clashes(resolved: Resolved, guide: Guide) -> list[Problem]:
    """Two things written to the same page file: each record after the first is a content problem."""
    owners = {path: None for path in FIXED_PAGES}  # None: a page of the site itself
    owners.update({key: None for key in guide.prose if key.startswith("pages/")})
    found = []
    for kind in RECORD_FOLDERS:
        for record_id in sorted(getattr(guide, kind)):
            path = record_path(kind, record_id)
            if path in owners:
                record = resolved.records[kind][record_id]
                found.append(problem(record.where(("id",)),
                                     N_("the id '{id}' would give this record the page {path}, which another page "
                                        "already uses: choose another id"), id=record_id, path=path))
            else:
                owners[path] = (kind, record_id)
    return found


def is_precompressed(name: str) -> bool:
    """`index.html.gz`, `main.css.br`: a copy for the web server, never put in the zip or the offline pack."""
    return name.endswith(PRECOMPRESSED)


def offline_cache_prefix(community_id: str) -> str:
    """Every cache of a community's offline copy starts with this (issue 14): "Remove" finds them by it. The id
    ends with '/', which no id contains, so no guide's prefix starts another's caches on a shared host
    (`pathways-brooks-` also matched `pathways-brooks-east-…`: removing one guide deleted the other's copy)."""
    return f"pathways/{community_id}/"
