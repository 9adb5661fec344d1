"""Interface strings through gettext catalogs (Babel), and locale-aware dates.

Message ids are English; `pathways/locale/fr/LC_MESSAGES/messages.po` holds the French. The catalog is
compiled in memory when first needed, so an editable install needs no build step.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from markupsafe import Markup

LANGUAGES = ("fr", "en")  # the reference languages: every text exists in both, they stay authoritative
SUPPORTED_LANGUAGES = ("fr", "en", "es", "ar", "uk")  # languages with an interface catalog a guide may add
RIGHT_TO_LEFT = frozenset({"ar"})
NATIVE_NAMES = {"fr": "Français", "en": "English", "es": "Español", "ar": "العربية", "uk": "Українська"}
LOCALE_DIR = Path(__file__).parent / "locale"
LOCALES = {"fr": "fr_CA", "en": "en_CA", "es": "es", "ar": "ar", "uk": "uk"}


def direction(lang: str) -> str:
    """`rtl` or `ltr`, for `<html dir>` and the booklets."""
    return "rtl" if lang in RIGHT_TO_LEFT else "ltr"


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
    text = format_date(day, format="long", locale=LOCALES[lang])
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
    number = left_to_right(phone.national)
    if not phone.extension:
        return number
    return Markup.escape(gettext_for(lang)(said)).format(number=number, extension=left_to_right(phone.extension))


def left_to_right(text: str) -> Markup:
    """A number, a code or an address kept left-to-right inside right-to-left text."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(text)
