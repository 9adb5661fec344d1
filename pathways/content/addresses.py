"""Addresses a reader is sent to, checked where they enter: e-mail addresses (parsed by `email-validator`), the
host of every web address (never a private, loopback or look-alike host), and the `tel:` and `mailto:` links
written in Markdown, which must pass the same checks as the fields (`phones.parse` for a number).

An e-mail address becomes `mailto:<address>`: anything after `?` in such a link is a header (`?bcc=` copies a
third party on every message a reader sends), so an address is the plain `local@domain` that
`email-validator` accepts, with a local part of letters, digits and `. _ + -` only.

A host is refused when it is an IP address that is not public (127.0.0.1, 10.x, 192.168.x, ::1, link-local…),
a name that only resolves inside a network (`localhost`, `*.local`, `*.internal`, a name without a dot), or
an international name that imitates another: a label mixing scripts (Latin `paypal` with a Cyrillic `а`) or
written wholly in Cyrillic or Greek letters that all look Latin (`аррӏе`). Readers cannot tell these apart.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from typing import Any

import idna
from email_validator import EmailNotValidError, validate_email
from pydantic_core import PydanticCustomError

from pathways.content import phones
from pathways.content.sanitize import link_targets
from pathways.i18n import N_

MESSAGES = {  # said for a field and for a link in a text alike (validate.MESSAGES has them too)
    "phone_invalid": N_("'{value}' is not a phone number that can be dialled in Canada: write it like "
                        "819-555-0100, 1-800-555-0100, 819-555-0100 poste 3 (or ext. 3), or 211"),
    "phone_premium": N_("'{value}' is a premium-rate number (1-900, 1-976): it charges the caller; give the "
                        "organization's ordinary or toll-free number"),
    "email_invalid": N_("'{value}' is not an e-mail address readers can write to: write only the address, like "
                        "info@example.org (nothing after it, no '?')"),
    "url_host": N_("'{value}' has no valid host name after http(s):// (like www.example.org)"),
    "url_private": N_("'{value}' leads to a private or local address (like localhost, 127.0.0.1 or 192.168.…) "
                      "that readers cannot open: give the public address"),
    "url_lookalike": N_("'{value}' has a host name that imitates another (letters of several alphabets, or "
                        "letters that look Latin but are not): give the address in plain Latin letters"),
}
_LOCAL_PART = re.compile(r"^[A-Za-z0-9._+-]+$")
_INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet", ".corp")
# Cyrillic and Greek letters that look like Latin ones: a label made only of these imitates a Latin name.
_LATIN_LOOKALIKES = set("аеіјорсухѕԁһӏԛԝьАВЕЅІЈКМНОРСТХУԜαβεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ")


def email(value: Any) -> Any:
    """A pydantic validator: the address as written when `email-validator` accepts it and it has no part a
    `mailto:` link would read as a header; `PydanticCustomError('email_invalid')` otherwise."""
    if not isinstance(value, str):
        return value  # Pydantic says "expected text here"
    if email_problem(value) is not None:
        raise PydanticCustomError("email_invalid", "not an e-mail address", {"value": value})
    return value


@functools.lru_cache(maxsize=4096)
def email_problem(value: str) -> str | None:
    """None when `value` is an e-mail address a reader can write to, else why not (in English, for tests)."""
    try:
        found = validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        return str(error)
    if not _LOCAL_PART.match(found.local_part):
        return "local part with characters a mailto: link would read as headers"
    return host_problem(found.domain)


def host_problem(host: str) -> str | None:
    """None when readers may be sent to `host`; else "private" or "lookalike"."""
    name = host.rstrip(".").lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        address = None
    if address is not None:
        return None if address.is_global else "private"
    if "." not in name or name == "localhost" or name.endswith(_INTERNAL_SUFFIXES):
        return "private"
    for label in name.split("."):
        if _lookalike(_unicode(label)):
            return "lookalike"
    return None


def check_host(url: str, host: str) -> None:
    """Raise the pydantic error of a web address whose host readers must not be sent to."""
    found = host_problem(host)
    if found == "private":
        raise PydanticCustomError("url_private", "private host", {"value": url})
    if found == "lookalike":
        raise PydanticCustomError("url_lookalike", "look-alike host", {"value": url})


def _unicode(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return idna.decode(label)
        except idna.IDNAError:
            return label  # not a valid international name: the host check says so
    return label


def _lookalike(label: str) -> bool:
    if label.isascii():
        return False
    scripts = {_script(char) for char in label if char.isalpha()}
    if len(scripts) > 1:
        return True
    return scripts <= {"CYRILLIC", "GREEK"} and all(char in _LATIN_LOOKALIKES for char in label if char.isalpha())


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


# ---------------------------------------------------------------- links written in Markdown


def text_link_problems(text: str) -> list[tuple[int, str, dict[str, str]]]:
    """(offset where the link is written, message, arguments) for each `tel:`, `mailto:` or http(s) link of a
    Markdown text that the same address in a field would be refused for."""
    if "<" not in text and "](" not in text and "]:" not in text:  # no link: most texts, at the cost of a scan
        return []
    found = []
    for target in link_targets(text):
        refused = link_problem(target)
        if refused is not None:
            at = text.find(target)
            found.append((max(at, 0), MESSAGES[refused[0]], refused[1]))
    return found

def link_problem(target: str) -> tuple[str, dict[str, str]] | None:
    """(error type, its arguments) for a `tel:`, `mailto:` or http(s) link target that a field with the same
    address would refuse; None when it passes (or is another kind of link: the sanitizer keeps only these)."""
    lowered = target.lower()
    if lowered.startswith("tel:"):
        number = target[4:]
        try:
            phones.parse(number)
        except PydanticCustomError as error:
            return error.type, {"value": number}
        return None
    if lowered.startswith("mailto:"):
        address = target[7:]
        return None if email_problem(address) is None else ("email_invalid", {"value": address})
    if lowered.startswith(("http://", "https://")):
        from urllib.parse import urlsplit  # noqa: PLC0415

        try:
            host = urlsplit(target).hostname or ""
        except ValueError:
            return "url_host", {"value": target}
        found = host_problem(host) if host else "host"
        if found is not None:
            return {"private": "url_private", "lookalike": "url_lookalike"}.get(found, "url_host"), {"value": target}
    return None
