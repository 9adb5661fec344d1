"""Interface strings through gettext catalogs (Babel), and what a language is, from CLDR.

Message ids are English; `pathways/locale/fr/LC_MESSAGES/messages.po` holds the French. The catalog is
compiled in memory when first needed, so an editable install needs no build step.

A guide may be published in any language Babel's CLDR data knows (issue 22): its direction, its own name,
its plural rules, date and number formats and list separators all come from CLDR, never from a table of
ours. French and English are the reference languages; es, ar and uk also have an interface catalog (the
menus and labels); another language shows the interface in English until it has one.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import re
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from markupsafe import Markup

LANGUAGES = ("fr", "en")  # the reference languages: every text exists in both, they stay authoritative
LOCALE_DIR = Path(__file__).parent / "locale"
_CODE = re.compile(r"^[a-z]{2,3}$")  # a language as a guide names it: pa, fa, tl, ti (no region, no script)
_REGIONS = {"fr": "fr_CA", "en": "en_CA"}  # the reference languages as written in Canada


def is_language(code: object) -> bool:
    """A language code CLDR knows (pa, fa, tl, ti, …): a guide may be published in it."""
    if not isinstance(code, str) or not _CODE.match(code):
        return False
    return _cldr(code) is not None


@functools.cache
def _cldr(code: str) -> Locale | None:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def locale_of(lang: str) -> str:
    """The CLDR locale of a guide language: Canadian French and English, else the language itself."""
    return _REGIONS.get(lang, lang)


class _Locales(dict):
    """`LOCALES[lang]`: the CLDR locale of any language (kept as a mapping for the code that reads it so)."""

    def __missing__(self, lang: str) -> str:
        return locale_of(lang)

    def __contains__(self, lang: object) -> bool:
        return is_language(lang)


LOCALES = _Locales(_REGIONS)


def direction(lang: str) -> str:
    """`rtl` or `ltr`, for `<html dir>` and the booklets: CLDR's character order of the language."""
    found = _cldr(lang)
    return "rtl" if found is not None and found.character_order == "right-to-left" else "ltr"


def native_name(lang: str) -> str:
    """The language's name in itself, from CLDR: Français, English, Español, العربية, ਪੰਜਾਬੀ, فارسی (the first
    letter upper case, as at the head of a list item, where the script has case)."""
    found = _cldr(lang)
    name = (found.get_display_name(lang) if found is not None else None) or lang
    return name[:1].upper() + name[1:]


def language_name(lang: str, reader: str) -> str:
    """The name of `lang` in the reader's language: `anglais`, `inglés`, `الإنجليزية`."""
    found, shown = _cldr(lang), _cldr(reader)
    return (found.get_display_name(shown) if found is not None and shown is not None else None) or lang


class _NativeNames(dict):
    """`NATIVE_NAMES[lang]` for any language (CLDR), kept as a mapping for the code that reads it so."""

    def __missing__(self, lang: str) -> str:
        return native_name(lang)


NATIVE_NAMES = _NativeNames()


def script_of(lang: str) -> str | None:
    """The script a language is usually written in, from CLDR's likely subtags: Guru for pa, Arab for fa."""
    likely = get_global("likely_subtags").get(lang)
    if not likely:
        return None
    parts = likely.split("_")
    return next((part for part in parts[1:] if len(part) == 4), None)


def list_text(items: list[str], lang: str, style: str = "standard") -> str:
    """Items joined as the language joins them (CLDR list patterns): `a, b et c`, `a وb وc`, `a، b، و c`.
    `style="unit"` joins without a conjunction where the language has such a pattern (`a, b, c`)."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    try:
        return format_list(items, style=style, locale=locale_of(lang))
    except ValueError:  # a locale without that style of list
        return format_list(items, locale=locale_of(lang))


def list_markup(items: list, lang: str, style: str = "standard") -> Markup:
    """`list_text` of HTML items: each item escaped (or kept, when markup), the separators escaped. In a
    right-to-left language each item is its own bidirectional unit (`<bdi>`), so a number or a Latin name
    never joins its neighbour; a conjunction written onto the next word (Arabic "و") gets a space before an
    item in another script ("و Info-Social")."""
    items = list(items)
    marks = [f"\ue000{index}\ue001" for index in range(len(items))]
    joined = str(Markup.escape(list_text(marks, lang, style)))
    rtl = direction(lang) == "rtl"
    for mark, item in zip(marks, items):
        shown = Markup.escape(item)
        at = joined.index(mark)
        before = joined[at - 1] if at else " "
        if before.isalpha() and _script(before) != _script(_first_letter(str(shown))):
            joined = joined[:at] + " " + joined[at:]
        joined = joined.replace(mark, f"<bdi>{shown}</bdi>" if rtl else str(shown), 1)
    return Markup(joined)


def listed(items, lang: str, separator: str = ", ") -> Markup:
    """A list as the page's language writes it: French and English keep the separator the template gives
    (their pages stay as they were); another language joins with CLDR's list pattern (`a، b و c`)."""
    items = list(items)
    if lang in LANGUAGES:
        return Markup.escape(separator).join(Markup.escape(item) for item in items)
    return list_markup(items, lang)


def separator(lang: str, given: str = ", ") -> str:
    """The separator between two items of a list the template lays out itself (links): French and English
    keep `given`; another language uses the middle of CLDR's list pattern (`، ` in Arabic and Persian)."""
    if lang in LANGUAGES:
        return given
    found = _cldr(locale_of(lang))
    middle = found.list_patterns.get("standard", {}).get("middle", "{0}, {1}") if found is not None else "{0}, {1}"
    return middle.replace("{0}", "").replace("{1}", "")


def _first_letter(html: str) -> str:
    text = re.sub(r"<[^>]*>", "", html)
    return next((c for c in text if c.isalpha()), " ")


def _script(char: str) -> str:
    """A letter's script, as the first word of its Unicode name: LATIN, ARABIC, GURMUKHI…"""
    import unicodedata  # noqa: PLC0415

    return unicodedata.name(char, "?").split(" ", 1)[0]


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where the language is known."""
    return message


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    po_file = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po_file.exists():
        return gettext.NullTranslations()
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain="messages")


def gettext_for(lang: str):
    return translations(lang).gettext


def long_date(day: dt.date, lang: str) -> str:
    """'21 novembre 2026', '1er juin 2026' / 'November 21, 2026'."""
    text = format_date(day, format="long", locale=locale_of(lang))
    if lang == "fr" and day.day == 1:  # French writes the first day of a month as an ordinal
        text = text.replace("1", "1er", 1)
    return text


def phone_text(phone, lang: str) -> str:
    """`819-374-2002, poste 3` / `819-374-2002, ext. 3`: the number as printed, extension in words.
    In a right-to-left language the number is isolated left-to-right (`<bdi dir="ltr">`), so its digits
    and hyphens are never reordered by the text around it."""
    said = N_("{number}, ext. {extension}")
    if direction(lang) == "ltr":
        if not phone.extension:
            return phone.national
        return gettext_for(lang)(said).format(number=phone.national, extension=phone.extension)
    number = Markup('<bdi dir="ltr" class="pw-tel">{}</bdi>').format(phone.national)  # never broken at a hyphen
    if not phone.extension:
        return number
    return Markup.escape(gettext_for(lang)(said)).format(number=number, extension=left_to_right(phone.extension))


def left_to_right(text: str) -> Markup:
    """A number, a code or an address kept left-to-right inside right-to-left text."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(text)
