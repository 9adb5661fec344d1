"""Interface catalogs of every language: the check's rules on small catalogs, the shipped es/ar/uk
catalogs complete, and gettext picking the right plural form."""

import re
import textwrap

import pytest
from babel.messages.pofile import read_po

from pathways import i18n
from pathways.commands import catalog
from pathways.commands.catalog import catalog_languages, extracted, problems

HEADER = """\
msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: {plural}\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"""
PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
}
SHIPPED = ("es", "ar", "uk")


def write_catalog(locale_dir, lang, entries):
    """A catalog whose header is lines 1-5, so the first entry's msgid is on line 7."""
    po_file = locale_dir / lang / "LC_MESSAGES" / "messages.po"
    po_file.parent.mkdir(parents=True)
    po_file.write_text(HEADER.format(lang=lang, plural=PLURAL_FORMS[lang]) + "\n" + textwrap.dedent(entries),
                       encoding="utf-8")
    return po_file


def reports(lang, ids, locale_dir):
    return [problem.report() for problem in problems(lang, ids, locale_dir)]


def test_a_msgid_with_no_entry_or_an_empty_one_is_reported_with_its_line(tmp_path):
    po_file = write_catalog(tmp_path, "es", """\
        msgid "Home"
        msgstr "Inicio"

        msgid "Search"
        msgstr ""
        """)
    ids = {"Home": ("Home",), "Search": ("Search",), "Help": ("Help",)}
    assert reports("es", ids, tmp_path) == [
        f'{po_file}:10: es: empty translation: "Search"',
        f'{po_file}: es: no translation: "Help"',
    ]


def test_a_fuzzy_translation_is_reported_because_gettext_ignores_it(tmp_path):
    po_file = write_catalog(tmp_path, "es", """\
        #, fuzzy
        msgid "Home"
        msgstr "Inicio"
        """)
    assert reports("es", {"Home": ("Home",)}, tmp_path) == [
        f'{po_file}:8: es: translation marked fuzzy (gettext does not use it until it is reviewed): "Home"']


def test_a_placeholder_that_differs_from_the_msgid_is_reported(tmp_path):
    po_file = write_catalog(tmp_path, "uk", """\
        msgid "Valid on %(date)s"
        msgstr "Чинне на %(day)s"

        msgid "Settlement guide — {community}"
        msgstr "Путівник з облаштування — {громада}"

        msgid "{size} MB"
        msgstr "{size} МБ"
        """)
    ids = {m: (m,) for m in ("Valid on %(date)s", "Settlement guide — {community}", "{size} MB")}
    assert reports("uk", ids, tmp_path) == [
        f'{po_file}:7: uk: placeholders differ (missing %(date)s; not in the msgid %(day)s): "Valid on %(date)s"',
        f'{po_file}:10: uk: placeholders differ (missing {{community}}; not in the msgid {{громада}}): '
        '"Settlement guide — {community}"',
    ]


def test_a_missing_plural_form_is_reported_with_the_number_of_forms_the_language_has(tmp_path):
    po_file = write_catalog(tmp_path, "ar", """\
        msgid "{n} service"
        msgid_plural "{n} services"
        msgstr[0] "لا خدمات"
        msgstr[1] "خدمة واحدة"
        msgstr[2] "خدمتان"
        msgstr[3] "{n} خدمات"
        msgstr[4] "{n} خدمة"
        """)
    assert reports("ar", {"{n} service": ("{n} service", "{n} services")}, tmp_path) == [
        f'{po_file}:7: ar: plural form 5 missing (6 forms in this language): "{{n}} service"']


def test_a_plural_form_may_leave_out_the_number_but_not_add_a_placeholder(tmp_path):
    po_file = write_catalog(tmp_path, "uk", """\
        msgid "one service"
        msgid_plural "{n} services"
        msgstr[0] "одна послуга"
        msgstr[1] "{n} послуги"
        msgstr[2] "{count} послуг"
        """)
    assert reports("uk", {"one service": ("one service", "{n} services")}, tmp_path) == [
        f'{po_file}:7: uk: placeholders differ in plural form 2 (not in the msgid {{count}}): "one service"']


def test_a_plural_placeholder_that_no_form_uses_is_reported(tmp_path):
    po_file = write_catalog(tmp_path, "es", """\
        msgid "{n} service in {town}"
        msgid_plural "{n} services in {town}"
        msgstr[0] "un servicio"
        msgstr[1] "{n} servicios"
        """)
    ids = {"{n} service in {town}": ("{n} service in {town}", "{n} services in {town}")}
    assert reports("es", ids, tmp_path) == [
        f'{po_file}:7: es: placeholders differ (no plural form has {{town}}): "{{n}} service in {{town}}"']


def test_the_command_reports_every_language_and_exits_1(tmp_path, monkeypatch, capsys):
    write_catalog(tmp_path, "es", 'msgid "Home"\nmsgstr "Inicio"\n')
    write_catalog(tmp_path, "uk", 'msgid "Home"\nmsgstr ""\n')
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(catalog, "extracted", lambda root=None: {"Home": ("Home",), "Help": ("Help",)})
    assert catalog.main([]) == 1
    out, err = capsys.readouterr()
    es, uk = (tmp_path / lang / "LC_MESSAGES" / "messages.po" for lang in ("es", "uk"))
    assert out.splitlines() == [f'{es}: es: no translation: "Help"',
                                f'{uk}:7: uk: empty translation: "Home"',
                                f'{uk}: uk: no translation: "Help"']
    assert err == "to fix: es 1, uk 2\n"
    assert catalog.main(["--lang", "es"]) == 1
    assert capsys.readouterr().out.splitlines() == [f'{es}: es: no translation: "Help"']


def test_every_language_with_a_catalog_is_checked_french_first():
    assert catalog_languages()[0] == "fr"
    assert set(SHIPPED) <= set(catalog_languages())


@pytest.mark.parametrize("lang", SHIPPED)
def test_shipped_catalog_translates_every_interface_string(lang):
    ids = extracted()
    assert len(ids) > 300  # the check ran over the real interface, not an empty list
    assert [problem.report() for problem in problems(lang, ids)] == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_shipped_catalog_header_says_language_plural_rule_and_machine_translation(lang):
    po_file = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    text = po_file.read_text(encoding="utf-8")
    assert "# Machine translation, not yet reviewed by a person.\n" in text.split('msgid ""')[0]
    with po_file.open("rb") as handle:
        shipped = read_po(handle, locale=lang, abort_invalid=True)  # raises on any malformed entry
    assert str(shipped.locale) == lang
    assert shipped.plural_forms == PLURAL_FORMS[lang]
    assert shipped.charset == "utf-8"


@pytest.mark.parametrize(("lang", "expected"), [
    ("es", "Haga esto primero"), ("ar", "افعل هذا أولًا"), ("uk", "Зробіть це спершу")])
def test_translations_load_for_each_shipped_language(lang, expected):
    assert i18n.translations(lang).gettext("Do this first") == expected
    assert i18n.translations(lang).gettext("Valid on %(date)s") % {"date": "2026-11-21"} != "Valid on 2026-11-21"


def test_arabic_catalog_chooses_among_its_six_plural_forms():
    plural = i18n.translations("ar").plural
    assert [plural(n) for n in (0, 1, 2, 3, 11, 100)] == [0, 1, 2, 3, 4, 5]


@pytest.fixture
def plural_catalogs(tmp_path, monkeypatch):
    """i18n.translations reading catalogs that hold one plural message."""
    write_catalog(tmp_path, "ar", """\
        msgid "{n} service"
        msgid_plural "{n} services"
        msgstr[0] "لا خدمات"
        msgstr[1] "خدمة واحدة"
        msgstr[2] "خدمتان"
        msgstr[3] "{n} خدمات"
        msgstr[4] "{n} خدمةً"
        msgstr[5] "{n} خدمة"
        """)
    write_catalog(tmp_path, "uk", """\
        msgid "{n} service"
        msgid_plural "{n} services"
        msgstr[0] "{n} послуга"
        msgstr[1] "{n} послуги"
        msgstr[2] "{n} послуг"
        """)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    yield
    i18n.translations.cache_clear()


def test_a_plural_message_picks_the_arabic_form_for_each_number(plural_catalogs):
    translations = i18n.translations("ar")
    forms = [translations.ngettext("{n} service", "{n} services", n).format(n=n)
             for n in (0, 1, 2, 3, 11, 100)]
    assert forms == ["لا خدمات", "خدمة واحدة", "خدمتان", "3 خدمات", "11 خدمةً", "100 خدمة"]


def test_a_plural_message_picks_the_ukrainian_form_for_each_number(plural_catalogs):
    translations = i18n.translations("uk")
    forms = [translations.ngettext("{n} service", "{n} services", n).format(n=n)
             for n in (1, 2, 5, 11, 21, 22)]
    assert forms == ["1 послуга", "2 послуги", "5 послуг", "11 послуг", "21 послуга", "22 послуги"]


def test_append_adds_missing_msgids_with_every_plural_form_of_the_language(tmp_path, monkeypatch, capsys):
    po_file = write_catalog(tmp_path, "ar", 'msgid "Home"\nmsgstr "الرئيسية"\n')
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(catalog, "extracted", lambda root=None: {
        "Home": ("Home",), "{n} service": ("{n} service", "{n} services")})
    assert catalog.main(["--append", "--lang", "ar"]) == 1  # appended, still to translate
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "ar: 1 entries appended"
    assert out[1:] == [
        f'{po_file}:11: ar: plural form 0, 1, 2, 3, 4, 5 missing (6 forms in this language): "{{n}} service"']
    assert po_file.read_text(encoding="utf-8").endswith(
        '#, python-brace-format\nmsgid "{n} service"\nmsgid_plural "{n} services"\n'
        + "".join(f'msgstr[{index}] ""\n' for index in range(6)))


@pytest.mark.parametrize("lang", SHIPPED)
def test_shipped_catalog_keeps_numbers_and_web_addresses_as_written(lang):
    """211, 819-555-0100, 2026-04-01, http://localhost:8000/ … stay as the msgid writes them."""
    kept = 0
    for message in catalog.read_catalog(lang):
        for pattern in (r"\d[\d-]*\d|\d", r"https?://[^\s)]+"):
            expected = set(re.findall(pattern, message.id))
            assert expected <= set(re.findall(pattern, message.string)), (message.id, message.string)
            kept += len(expected)
    assert kept > 20


def test_arabic_catalog_writes_western_digits():
    text = (i18n.LOCALE_DIR / "ar" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert re.findall("[\u0660-\u0669\u06f0-\u06f9]", text) == []  # Arabic-Indic and Persian digits
    assert "211" in text
