"""The downloadable copy (issue 14): one zip per language, links that work from files, the A–Z page
instead of the search, the booklets of that language, sorted entries dated `as_of`, and the size shown
on the home and about pages. (Building twice gives identical zips: test_site_build's determinism test
compares every file of two builds, the zips included; `test_zips_are_part_of_the_site` makes sure.)"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import zipfile
from pathlib import Path

import pytest

from conftest import SITE_AS_OF, SITE_COMMUNITY
from pathways.archive import SIZE_PLACEHOLDER, offline_link, size_text

LANGS = ("fr", "en")
LINK = re.compile(r'\s(?:href|src)="([^"]*)"')


def archive(site_root: Path, lang: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(site_root / "download" / f"{SITE_COMMUNITY}-{lang}.zip")


def test_zips_are_part_of_the_site(site_root):
    assert sorted(p.name for p in (site_root / "download").iterdir()) == [f"{SITE_COMMUNITY}-en.zip",
                                                                          f"{SITE_COMMUNITY}-fr.zip"]


@pytest.mark.parametrize("lang", LANGS)
def test_entries_are_sorted_dated_and_in_one_folder(site_root, lang):
    infos = archive(site_root, lang).infolist()
    names = [info.filename for info in infos]
    assert len(names) > 30 and names == sorted(names)
    assert all(name.startswith(f"{SITE_COMMUNITY}-{lang}/") for name in names)
    day = dt.date.fromisoformat(SITE_AS_OF)
    assert {info.date_time for info in infos} == {(day.year, day.month, day.day, 0, 0, 0)}


@pytest.mark.parametrize("lang", LANGS)
def test_copy_holds_pages_and_booklets_of_its_language_not_the_search(site_root, lang):
    root = f"{SITE_COMMUNITY}-{lang}/"
    names = set(archive(site_root, lang).namelist())
    other = "en" if lang == "fr" else "fr"
    assert {root + "index.html", root + f"{lang}/index.html", root + f"{lang}/a-z/index.html",
            root + f"{lang}/statuses/pr-economic/index.html", root + f"print/pr-economic-{lang}.pdf"} <= names
    assert not any(f"/{lang}/pagefind/" in n or f"/{lang}/search/" in n or n.endswith(f"-{other}.pdf")
                   or f"/{other}/" in n for n in names)


@pytest.mark.parametrize("lang", LANGS)
def test_every_relative_link_of_the_copy_opens_a_file_in_it(site_root, lang):
    """What a browser does with a file: a link must name an existing file, never a folder."""
    zipped = archive(site_root, lang)
    names = set(zipped.namelist())
    checked = 0
    for name in sorted(n for n in names if n.endswith(".html")):
        text = zipped.read(name).decode("utf-8")
        for value in LINK.findall(text):
            value = html.unescape(value)
            if not value or value.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:", value):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), re.split(r"[?#]", value)[0]))
            assert target in names, f"{name}: {value}"
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("lang", LANGS)
def test_copy_says_it_is_a_copy_instead_of_linking_to_itself(site_root, lang):
    text = archive(site_root, lang).read(f"{SITE_COMMUNITY}-{lang}/{lang}/index.html").decode("utf-8")
    assert ".zip" not in text and SIZE_PLACEHOLDER not in text
    assert {"fr": "Ceci est une copie téléchargée du guide, valable au 21 novembre 2026.",
            "en": "This is a downloaded copy of the guide, valid on November 21, 2026."}[lang] in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["index.html", "about/index.html"])
def test_home_and_about_link_to_the_zip_with_its_size(site_root, lang, page):
    text = (site_root / lang / page).read_text(encoding="utf-8")
    size = size_text((site_root / "download" / f"{SITE_COMMUNITY}-{lang}.zip").stat().st_size, lang)
    assert f'href="{"../" * page.count("/")}../download/{SITE_COMMUNITY}-{lang}.zip"' in text
    assert f"(ZIP, {size})" in text


def test_no_size_placeholder_is_left_anywhere(site_root):
    pages = list(site_root.rglob("*.html"))
    assert len(pages) > 30
    assert not [p for p in pages if SIZE_PLACEHOLDER in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("size, lang, expected", [
    (1_234_567, "en", "1.2 MB"), (1_234_567, "fr", "1,2 Mo"), (10, "en", "0.1 MB"),
])
def test_size_text(size, lang, expected):
    assert size_text(size, lang) == expected


@pytest.mark.parametrize("value, expected", [
    ("../services/x/", "../services/x/index.html"),
    ("../services/x/#contact", "../services/x/index.html#contact"),
    ("../../", "../../index.html"),
    ("../search/", "../a-z/index.html"),
    ("../../en/statuses/pr/#steps", "https://guide.test.ca/en/statuses/pr/#steps"),
    ("../assets/a.css", "../assets/a.css"),
    ("https://www.canada.ca/x/", "https://www.canada.ca/x/"),
    ("tel:211", "tel:211"),
    ("#steps", "#steps"),
])
def test_offline_link(tmp_path, value, expected):
    for folder in ("fr/services/x", "fr/matrix", "fr/a-z", "en/statuses/pr"):
        (tmp_path / folder).mkdir(parents=True)
    assert offline_link(value, "fr/matrix", tmp_path, "fr", "https://guide.test.ca") == expected
