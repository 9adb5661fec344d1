"""Phone numbers as partners write them (`819 374-2002 poste 3`, `211`, `1-800-363-9010`), parsed by
`phonenumbers` so every `tel:` link dials the number that was meant, extension included.

Accepted: any valid Canadian/NANP number, with an optional extension (`ext.`, `x`, `#`, or the French
`poste`/`p.`), and the three-digit short numbers (911, 211, 311, 811, 988…) valid in Canada; a number
elsewhere only written with its `+` country code. Refused: premium-rate lines (1-900, 1-976, and any other
`phonenumbers` knows as premium), which charge the caller. What is shown and what is dialled come from the
same parsed number: a number outside North America is shown in international form (`+44 20 7946 0958`).
"""

from __future__ import annotations

import functools
import re

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberFormat, shortnumberinfo
from pydantic_core import PydanticCustomError

REGION = "CA"
# Digits and the punctuation people write, then an optional extension: `phonenumbers` alone also accepts
# `tel:911;phone-context=…` and letters (1-800-FLOWERS), which a reader cannot check.
_AS_WRITTEN = re.compile(r"^\+?[0-9(][0-9 ().-]*(?:\s*,?\s*(?:poste|p\.|ext\.?|x|#)\s*[0-9]{1,6})?$", re.IGNORECASE)
_FRENCH_EXTENSION = re.compile(r"\s*(?:,\s*)?\b(?:poste|p\.)\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def parse(number: str) -> PhoneNumber:
    """The parsed number; `PydanticCustomError('phone_invalid')` when it cannot be dialled in Canada."""
    parsed = None
    if _AS_WRITTEN.match(number):
        try:
            parsed = phonenumbers.parse(_FRENCH_EXTENSION.sub(" ext. ", number), REGION)
        except phonenumbers.NumberParseException:
            pass
    if parsed is not None and _is_premium(parsed):
        raise PydanticCustomError("phone_premium", "premium-rate number", {"value": number})
    if parsed is None or not (_is_short(parsed) or phonenumbers.is_valid_number(parsed)):
        raise PydanticCustomError("phone_invalid", "not a phone number", {"value": number})
    return parsed


def _is_premium(parsed: PhoneNumber) -> bool:
    """A line that charges the caller: 1-900 and 1-976 in North America, and what `phonenumbers` calls premium."""
    nanp_premium = parsed.country_code == 1 and str(parsed.national_number)[:3] in ("900", "976")
    return nanp_premium or phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.PREMIUM_RATE


def _is_short(parsed: PhoneNumber) -> bool:
    digits = str(parsed.national_number)
    return len(digits) == 3 and not parsed.extension and shortnumberinfo.is_valid_short_number_for_region(parsed, REGION)


def is_short(number: str) -> bool:
    """911, 211, 811, 988…: dialled as three digits, with no area code."""
    return _is_short(parse(number))


def _is_local_only(parsed: PhoneNumber) -> bool:
    """Short numbers and 7-digit provincial lines (Alberta's 310-xxxx) are dialled as written."""
    return len(str(parsed.national_number)) < 10


def tel_uri(number: str) -> str:
    parsed = parse(number)
    if _is_local_only(parsed):
        return f"tel:{parsed.national_number}"
    return phonenumbers.format_number(parsed, PhoneNumberFormat.RFC3966)


def e164(number: str) -> str | None:
    parsed = parse(number)
    return None if _is_local_only(parsed) else phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


def national(number: str) -> str:
    """`819-374-2002`, `1-800-363-9010` (toll-free keeps its 1), `911`, `310-1818`; a number outside North
    America as dialled from Canada, in international form: `+44 20 7946 0958`."""
    parsed = parse(number)
    if parsed.country_code != 1:
        without_extension = PhoneNumber(country_code=parsed.country_code, national_number=parsed.national_number,
                                        italian_leading_zero=parsed.italian_leading_zero,
                                        number_of_leading_zeros=parsed.number_of_leading_zeros)
        return phonenumbers.format_number(without_extension, PhoneNumberFormat.INTERNATIONAL)
    digits = str(parsed.national_number)
    if len(digits) == 10:
        prefix = "1-" if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.TOLL_FREE else ""
        return f"{prefix}{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 7:
        return f"{digits[:3]}-{digits[3:]}"
    return digits
