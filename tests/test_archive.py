"""The downloadable copy (issue 14): one zip per language, links that work from files, the A–Z page
instead of the search, the booklets of that language, sorted entries dated `as_of`, and the size shown
on the home and about pages. (Building twice gives identical zips: test_site_build's determinism test
compares every file of two builds, the zips included; `test_zips_are_part_of_the_site` makes sure.)"""

from __future__ import annotations

import datetime as dt
import html
import io
import posixpath
import re
import zipfile
from pathlib import Path

import pytest

from conftest import SITE_AS_OF, SITE_COMMUNITY
from guide_languages import LANGUAGES
from pathways.output import archive as archive_module
from pathways.output.archive import SIZE_PLACEHOLDER, LinkMap, offline_html, offline_link, size_text, zip_bytes
from pathways.output.precompress import Deflater

LANGS = LANGUAGES
LINK = re.compile(r'\s(?:href|src)="([^"]*)"')


def archive(site_root: Path, lang: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(site_root / "download" / f"{SITE_COMMUNITY}-{lang}.zip")


def test_zips_are_part_of_the_site(site_root):
    assert sorted(p.name for p in (site_root / "download").iterdir()) == sorted(f"{SITE_COMMUNITY}-{lang}.zip"
                                                                                for lang in LANGS)


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
    others = [other for other in LANGS if other != lang]
    assert others
    assert {root + "index.html", root + f"{lang}/index.html", root + f"{lang}/a-z/index.html",
            root + f"{lang}/statuses/pr-economic/index.html", root + f"print/pr-economic-{lang}.pdf"} <= names
    assert not any(f"/{lang}/pagefind/" in n or f"/{lang}/search/" in n or n.endswith(f"-{other}.pdf")
                   or f"/{other}/" in n for n in names for other in others)


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
    assert checked > 400  # links were found (each page loads only the scripts it uses: fewer than 500)


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


@pytest.mark.parametrize("lang", LANGS)
def test_copy_has_no_link_to_the_example_address_nor_the_offline_offer(site_root, lang):
    """The fixture's base_url is an example address: the other languages, which the copy does not hold,
    have no address to go to, so the copy has no link to them (a dead link on a USB key helps nobody);
    the "keep this guide on this phone" offer needs a web address and is left out."""
    zipped = archive(site_root, lang)
    pages = [name for name in zipped.namelist() if name.endswith(".html")]
    assert len(pages) > 20
    for name in pages:
        text = zipped.read(name).decode("utf-8")
        assert "guide.example.org" not in text.replace('rel="canonical" href="https://guide.example.org', ""), name
        assert not [other for other in LANGS if other != lang and f'hreflang="{other}"' in text], name
        assert "data-pw-offline" not in text and "PWOFFLINE" not in text, name
    home = zipped.read(f"{SITE_COMMUNITY}-{lang}/{lang}/index.html").decode("utf-8")
    assert f'hreflang="{lang}"' in home  # the language menu keeps the copy's own language


LANGUAGE_MENU = """<ul class="md-select__list">
<li class="md-select__item"><a href="../../../fr/statuses/pr/" hreflang="fr" lang="fr">Français</a></li>
<li class="md-select__item"><a href="../../../en/statuses/pr/" hreflang="en" lang="en">English</a></li>
</ul><p>See <a href="../../../en/statuses/pr/#steps">the steps in English</a> or <a href="../glance/">at a glance</a>.</p>"""


@pytest.mark.parametrize("base_url, menu, paragraph", [
    ("https://guide.real-town.ca",
     '<a href="https://guide.real-town.ca/en/statuses/pr/" hreflang="en" lang="en">English</a>',
     'See <a href="https://guide.real-town.ca/en/statuses/pr/#steps">the steps in English</a>'),
    ("https://guide.example.org/town", "", "See the steps in English or"),
])
def test_other_language_links_go_online_only_with_a_real_address(tmp_path, base_url, menu, paragraph):
    for folder in ("fr/statuses/pr", "fr/statuses/glance", "en/statuses/pr"):
        (tmp_path / folder).mkdir(parents=True)
    text = offline_html(LANGUAGE_MENU, "fr/statuses/pr/index.html", tmp_path, "fr", base_url, dt.date(2026, 11, 21))
    assert '<a href="../../../fr/statuses/pr/index.html" hreflang="fr" lang="fr">Français</a>' in text
    assert menu in text and paragraph in text
    assert '<a href="../glance/index.html">at a glance</a>' in text
    assert text.count("<li") == (2 if menu else 1)


# Issue 25: the zip around streams already made, the links worked out once.

def zipfile_bytes(entries: dict[str, bytes], as_of: dt.date) -> bytes:
    """What the standard library writes for the same entries (how the zips were made before issue 25)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as written:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(as_of.year, as_of.month, as_of.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            written.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def test_zip_bytes_are_those_zipfile_writes_and_reuse_the_streams():
    entries = {"g-fr/fr/index.html": "<p>Accueil</p>\n".encode() * 300, "g-fr/index.html": b"<a>open</a>",
               "g-fr/fr/vide.txt": b"", "g-fr/fr/assets/police.woff2": bytes(range(256)) * 40,
               "g-fr/fr/réfugiés/index.html": "<p>é</p>".encode()}  # a name that is not ASCII: UTF-8, bit 11
    deflater = Deflater()
    deflater.deflated(entries["g-fr/fr/index.html"])  # made for the pack first
    made = zip_bytes(entries, dt.date(2026, 11, 21), deflater)
    assert made == zipfile_bytes(entries, dt.date(2026, 11, 21))
    assert deflater.runs == len(entries)  # the page made for the pack was not deflated again
    opened = zipfile.ZipFile(io.BytesIO(made))
    assert opened.testzip() is None and {n: opened.read(n) for n in opened.namelist()} == entries


def test_link_map_lists_the_language_folders_once_and_works_each_link_out_once(tmp_path, monkeypatch):
    for folder in ("fr/services/x", "fr/a-z", "en/statuses/pr"):
        (tmp_path / folder).mkdir(parents=True)
    links = LinkMap.of(tmp_path, "fr", "https://guide.test.ca")
    assert {"fr", "fr/services", "fr/services/x", "fr/a-z"} <= links.folders and "en/statuses" not in links.folders
    asked = []
    is_dir = Path.is_dir
    monkeypatch.setattr(Path, "is_dir", lambda path: asked.append(path) or is_dir(path))
    assert links.attribute("fr/matrix", "../services/x/?a=1&amp;b=2") == "../services/x/index.html?a=1&amp;b=2"
    assert links.attribute("fr/matrix", "../services/x/?a=1&amp;b=2") == "../services/x/index.html?a=1&amp;b=2"
    assert links.attribute("fr/matrix", "https://x.ca/?q=&#39;a&#39;") == "https://x.ca/?q=&#x27;a&#x27;"  # as before
    assert links.attribute("fr/matrix", "../../en/statuses/pr") == "https://guide.test.ca/en/statuses/pr/"
    assert links.attribute("fr/matrix", "../search/") == "../a-z/index.html"
    assert asked == [tmp_path / "en/statuses/pr"]  # only a folder outside the language, once
    assert links.elsewhere("fr/matrix", "../../en/x/") and not links.elsewhere("fr/matrix", "../x/")
    assert links.online("fr/about", "../../data/hsds/datapackage.json")
    assert not links.online("fr/about", "https://canada.ca/") and links.top("fr/about", "#x") is None


def offline_html_as_four_passes(text: str, name: str, site: Path, lang: str, base_url: str, as_of: dt.date) -> str:
    """The copy's page as the patterns define it, one pattern after another over the whole page (how it was
    made before issue 25): the one pass of `offline_html` must give the same page."""
    here = posixpath.dirname(name)
    links = LinkMap.of(site, lang, base_url)
    text = archive_module.DOWNLOAD_PARAGRAPH.sub(lambda _: offline_html('<p class="pw-download">x</p>', name, site, lang,
                                                                  base_url, as_of, links), text)
    text = archive_module.OFFLINE_SECTION.sub("", text)
    if "example" in base_url:
        text = archive_module.ALTERNATE.sub(lambda m: "" if links.elsewhere(here, m["value"]) else m[0], text)
        text = archive_module.LINK_ITEM.sub(lambda m: "" if links.elsewhere(here, m["value"]) else m[0], text)
        text = archive_module.LINK_ELEMENT.sub(lambda m: m["text"] if links.online(here, m["value"]) else m[0], text)
    return archive_module.LINK.sub(lambda m: f'{m["attribute_name"]}="{links.attribute(here, m["attribute_value"])}"', text)


@pytest.mark.parametrize("base_url", ["https://guide.example.org/town", "https://guide.real-town.ca"])
def test_one_pass_over_the_links_makes_the_page_the_patterns_define(site_root, base_url):
    pages = sorted((site_root / "fr").rglob("*.html"))
    assert len(pages) > 20
    day = dt.date(2026, 11, 21)
    for page in pages:
        name, text = page.relative_to(site_root).as_posix(), page.read_text(encoding="utf-8")
        made = offline_html(text, name, site_root, "fr", base_url, day)
        assert made == offline_html_as_four_passes(text, name, site_root, "fr", base_url, day), name
    menu = offline_html(LANGUAGE_MENU + "\n    <link rel=\"alternate\" hreflang=\"en\" href=\"../../../en/statuses/pr/\">",
                        "fr/statuses/pr/index.html", site_root, "fr", "https://guide.example.org/town", day)
    assert "hreflang=\"en\"" not in menu and "the steps in English" in menu
