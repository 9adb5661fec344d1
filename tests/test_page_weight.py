"""Page weight (issue 12): a status page's first visit — its HTML and the stylesheets and scripts it
loads to show itself, gzipped — stays within 50 KB on a phone's connection. Bytes, never time."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

FIRST_VISIT_BUDGET = 50_000  # bytes, gzipped (issue 12)
STYLESHEET = re.compile(r'<link\b(?![^>]*media="print")[^>]*rel="stylesheet"[^>]*href="([^"]+)"')
SCRIPT = re.compile(r'<script\b[^>]*src="([^"]+)"')


def first_visit(page: Path) -> dict[str, int]:
    """Gzipped bytes of the page and of each local stylesheet and script it loads (print-only aside)."""
    html = page.read_text(encoding="utf-8")
    refs = STYLESHEET.findall(html) + SCRIPT.findall(html)
    files = [page, *dict.fromkeys((page.parent / ref).resolve() for ref in refs)]
    return {file.name: len(gzip.compress(file.read_bytes(), 9, mtime=0)) for file in files}


@pytest.mark.parametrize("page", ["trois-rivieres/fr/statuses/claimant/index.html",
                                  "brooks/en/statuses/pr-economic/index.html",
                                  "trois-rivieres/es/statuses/claimant/index.html",  # issue 13: every language
                                  "brooks/ar/statuses/pr-economic/index.html"])
def test_status_page_first_visit_within_budget(shipped_site, page):
    weights = first_visit(shipped_site / page)
    assert any(name.endswith(".css") for name in weights) and "pathways.js" in weights  # assets were found
    assert sum(weights.values()) <= FIRST_VISIT_BUDGET, weights
