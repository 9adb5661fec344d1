"""The service worker each build writes (issue 14, item 1): what it stores, and a new cache name when the
site changes (browsers then install the new version and drop the old cache)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pathways.offline import SIZE_PLACEHOLDER, WORKER, write_service_worker


def settings(language: Path) -> dict:
    text = (language / WORKER).read_text(encoding="utf-8")
    assert text.startswith("const PATHWAYS = ")
    return json.loads(text.removeprefix("const PATHWAYS = ").split(";\n", 1)[0])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_built_worker_stores_the_language_not_the_search(site_root, lang):
    files = settings(site_root / lang)["files"]
    assert {"./", "statuses/pr-economic/", "services/testville-clinic/", "a-z/", "offline.html",
            "assets/javascripts/pathways-offline.js"} <= set(files)
    assert len(files) == len(set(files)) > 30
    assert not [url for url in files if url.startswith(("search/", "pagefind/", "sw.js", "../"))]
    assert settings(site_root / lang)["cache"].startswith(f"pathways-testville-{lang}-")
    assert SIZE_PLACEHOLDER not in (site_root / lang / "index.html").read_text(encoding="utf-8")


def _language(tmp_path: Path, home: str) -> Path:
    language = tmp_path / "fr"
    (language / "statuses" / "pr").mkdir(parents=True, exist_ok=True)
    (language / "index.html").write_text(home, encoding="utf-8")
    (language / "statuses" / "pr" / "index.html").write_text("<h1>PR</h1>", encoding="utf-8")
    return language


def test_new_content_new_cache(tmp_path):
    language = _language(tmp_path, f"<p>{SIZE_PLACEHOLDER}</p>")
    write_service_worker(language, "town", "fr")
    first = settings(language)
    assert first["files"] == ["./", "offline.html", "statuses/pr/"]
    assert "0,1 Mo" in (language / "index.html").read_text(encoding="utf-8")
    write_service_worker(language, "town", "fr")
    assert settings(language)["cache"] == first["cache"]  # same site, same cache
    (language / "statuses" / "pr" / "index.html").write_text("<h1>PR, changed</h1>", encoding="utf-8")
    write_service_worker(language, "town", "fr")
    assert settings(language)["cache"] != first["cache"] and settings(language)["prefix"] == "pathways-town-fr-"
