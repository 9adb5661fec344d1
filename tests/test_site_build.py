"""End-to-end build of the fixture community, checked on the files (the browser tests are separate)."""

from __future__ import annotations

import filecmp
import re
from urllib.parse import urlsplit

import pytest

from conftest import SITE_COMMUNITY, build_fixture_site
from helpers import content_copy
from sitecheck import broken_links, parse, pages

BASE_PATH = "/testville/"  # path of the fixture's base_url: absolute links on 404 pages start with it


def test_every_language_and_the_root_redirect(site_root):
    assert (site_root / "fr" / "index.html").is_file() and (site_root / "en" / "index.html").is_file()
    root_index = (site_root / "index.html").read_text(encoding="utf-8")
    # Issue 22: a language chooser, not a redirect: every language in itself, the guide's name in it.
    assert '<html lang="en" dir="ltr">' in root_index  # testville's default language
    assert ('<li lang="en" dir="ltr"><a href="en/" hreflang="en"><strong>English</strong></a> — '
            'Settlement guide — Testville</li>') in root_index
    assert ('<li lang="fr" dir="ltr"><a href="fr/" hreflang="fr"><strong>Français</strong></a> — '
            'Guide d&#39;enracinement — Testville</li>') in root_index
    assert "refresh" not in root_index and "<script" not in root_index and "Content-Security-Policy" in root_index
    for lang in ("fr", "en"):
        for page in ("statuses/pr-economic", "services/testville-settlement", "matrix", "changes", "sources",
                     "about", "which-status", "topics/health", "pages/first-72-hours", "services", "search"):
            assert (site_root / lang / page / "index.html").is_file(), (lang, page)
        assert (site_root / lang / "404.html").is_file()


def test_html_lang_on_every_page(site_root):
    for lang in ("fr", "en"):
        for page in pages(site_root / lang):
            assert parse(page).lang == lang, page


def test_no_broken_internal_links_or_anchors(site_root):
    assert broken_links(site_root, BASE_PATH) == []


def test_no_third_party_assets(site_root):
    for page in pages(site_root):
        for asset in parse(page).assets:
            assert urlsplit(asset).scheme not in ("http", "https") or asset.startswith("https://guide.example.org"), asset
    css = "".join(p.read_text(encoding="utf-8") for p in site_root.rglob("*.css"))
    assert not re.search(r"@import|url\(\s*['\"]?https?:", css)


def test_status_page_links_each_statement_to_a_source(site_root):
    text = (site_root / "en" / "statuses" / "pr-economic" / "index.html").read_text(encoding="utf-8")
    cards = text.count('class="pw-card"')
    assert cards >= 2 and cards == text.count('class="pw-source"') - 2  # every card, + the two steps' sources
    assert "Verified on June 1, 2026." in text


def test_build_is_deterministic(site_root, tmp_path):
    assert build_fixture_site(tmp_path / "again") == 0
    again = tmp_path / "again" / SITE_COMMUNITY
    first = sorted(p.relative_to(site_root) for p in site_root.rglob("*"))
    second = sorted(p.relative_to(again) for p in again.rglob("*"))
    assert first == second
    files = [str(p) for p in first if (site_root / p).is_file()]
    match, mismatch, errors = filecmp.cmpfiles(site_root, again, files, shallow=False)
    assert mismatch == [] and errors == []


def test_content_error_leaves_previous_site_intact(tmp_path, capsys):
    out = tmp_path / "site"
    content = content_copy(tmp_path)
    assert build_fixture_site(out, content) == 0
    before = {p: p.read_bytes() for p in (out / SITE_COMMUNITY).rglob("*") if p.is_file()}
    assert (out / SITE_COMMUNITY / "print" / "pr-economic-en.pdf") in before  # the booklets are part of the site
    services = content / "regions" / "ca" / "ab" / "testville" / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8").replace("topics: [health]", "topics: [health]\n  colour: red"),
                        encoding="utf-8")
    capsys.readouterr()
    assert build_fixture_site(out, content) == 1
    err = capsys.readouterr().err
    assert re.search(r"services\.yaml:\d+:\d+: ", err) and "Traceback" not in err
    after = {p: p.read_bytes() for p in (out / SITE_COMMUNITY).rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in out.iterdir()) == [SITE_COMMUNITY]  # no staging folder left behind
    services.write_text(services.read_text(encoding="utf-8").replace("\n  colour: red", ""), encoding="utf-8")
    assert build_fixture_site(out, content) == 0
    assert (out / SITE_COMMUNITY / "print" / "pr-economic-en.pdf").read_bytes().startswith(b"%PDF-")


def test_cli_reports_where_the_site_is(tmp_path, capsys):
    assert build_fixture_site(tmp_path / "site") == 0
    out = capsys.readouterr().out
    assert "python -m http.server -d" in out and str(tmp_path / "site" / SITE_COMMUNITY) in out
    # the fixture publishes at guide.example.org: a placeholder the QR codes would point to
    assert "Note: base_url https://guide.example.org/testville is an example address: the booklets say" in out


def test_unknown_community_is_a_usage_error(tmp_path, capsys):
    from pathways.cli import main

    code = main(["build", "--content", "tests/fixtures/content", "--community", "nowhere", "--out", str(tmp_path),
                 "--lang", "en", "--as-of", "2026-11-21"])
    assert code == 2 and "known communities: testville" in capsys.readouterr().err


def test_all_shows_progress(tmp_path, capsys):
    from pathways.cli import main

    assert main(["build", "--all", "--content", "tests/fixtures/content", "--out", str(tmp_path), "--lang", "en",
                 "--as-of", "2026-11-21"]) == 0
    assert "[1/1]" not in capsys.readouterr().out  # one community: no counter
    assert (tmp_path / SITE_COMMUNITY / "en" / "index.html").is_file()


@pytest.mark.parametrize("page", ["index.html", "statuses/pr-economic/index.html",
                                  "services/testville-settlement/index.html"])
def test_pages_stay_small(site_root, page):
    assert (site_root / "en" / page).stat().st_size < 40_000
