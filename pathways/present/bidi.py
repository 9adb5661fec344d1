"""Bidirectional text by construction (issue 22): applied to every page body and booklet, whatever wrote it.

In a right-to-left page (Arabic, Persian), a run of left-to-right text inside right-to-left text is reordered
by the Unicode bidirectional algorithm with what surrounds it: `311@v3r.net` shows as `v3r.net@311`, a web
address ending in `/` shows its slash in front, a number joins the Latin word next to it. So every e-mail
address, web address, phone number and run of Latin-script words printed in the text is isolated left to
right (`<bdi dir="ltr">`), unless it already is (inside an element with `dir="ltr"`, or a `<bdi>`). In every
language a phone number never breaks at its hyphens (`class="pw-tel"`: no wrap, web and print). Only text
between tags is touched, never an attribute, nor the text of `<script>`, `<style>`, `<code>` or `<pre>`.

WeasyPrint lays out `<bdi>` but ignores `unicode-bidi: isolate`: for booklets, `for_print` also puts the
Unicode isolate controls (LRI … PDI, FSI … PDI) inside each `<bdi>`, which Pango's bidi honours.
"""

from __future__ import annotations

import re

from pathways.i18n import direction

_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"^</?\s*([A-Za-z][A-Za-z0-9-]*)")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_RAW = frozenset({"script", "style", "code", "pre", "textarea", "svg", "title"})
_LTR = re.compile(r'\sdir="ltr"')

# The text is HTML: a character reference (`&#39;`, `&amp;`) is one character of a run, never split.
_REFERENCE = r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_URL = rf"(?:https?://|www\.)(?:[^\s<>\"'&]|{_REFERENCE})*(?:[^\s<>\"'.,;:!?)\]&]|{_REFERENCE})"
_PHONE = r"(?<![0-9-])(?:\+?1[ -])?(?:\(\d{3}\) ?|\d{3}[ -])\d{3}-\d{4}(?![0-9-])|(?<![0-9-])\d{3}-\d{4}(?![0-9-])"
# A run of Latin-script words (names, acronyms, "Francisation Québec", "Info-Social"), with the digits,
# spaces and punctuation between its words; it starts and ends with a Latin letter or digit.
_LATIN_LETTER = "A-Za-z\u00c0-\u024f"
_WORD_PART = rf"(?:[{_LATIN_LETTER}0-9'’.\-]|{_REFERENCE})"
_LATIN = (rf"(?<![{_LATIN_LETTER}0-9&#])[{_LATIN_LETTER}]{_WORD_PART}*"
          rf"(?:[ \u00a0]+(?:[{_LATIN_LETTER}0-9]|{_REFERENCE}){_WORD_PART}*)*(?<![.\-])")
_IN_RTL = re.compile(rf"(?P<email>{_EMAIL})|(?P<url>{_URL})|(?P<phone>{_PHONE})|(?P<latin>{_LATIN})")
_IN_LTR = re.compile(rf"(?P<phone>{_PHONE})")


def isolate(body: str, lang: str) -> str:
    """The HTML `body` with e-mail and web addresses, phone numbers and Latin-script runs isolated left to
    right (right-to-left languages), and phone numbers kept whole on one line (every language)."""
    rtl = direction(lang) == "rtl"
    pattern = _IN_RTL if rtl else _IN_LTR
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, isolated left to right or raw text)
    for part in _TAG.split(body):
        if part.startswith("<"):
            _follow(part, stack)
            out.append(part)
        elif part and not any(kept for _, kept in stack):
            out.append(pattern.sub(lambda match: _wrapped(match, rtl), part))
        else:
            out.append(part)
    return "".join(out)


def _follow(tag: str, stack: list[tuple[str, bool]]) -> None:
    found = _NAME.match(tag)
    if not found or tag.startswith("<!") or tag.startswith("<?"):
        return
    name = found.group(1).lower()
    if tag.startswith("</"):
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == name:
                del stack[index:]
                break
        return
    if name in _VOID or tag.endswith("/>"):
        return
    stack.append((name, name in _RAW or name == "bdi" or bool(_LTR.search(tag))))


def _wrapped(match: re.Match, rtl: bool) -> str:
    text = match.group(0)
    if match.lastgroup == "phone":
        return f'<bdi dir="ltr" class="pw-tel">{text}</bdi>' if rtl else f'<span class="pw-tel">{text}</span>'
    before = match.string[match.start() - 1] if match.start() else " "
    # A prefix of the right-to-left text written onto a Latin name ("وInfo-Social"): a space keeps them apart.
    space = " " if before.isalpha() else ""
    return f'{space}<bdi dir="ltr">{text}</bdi>'


_BDI = re.compile(r"<bdi( dir=\"ltr\")?([^>]*)>(.*?)</bdi>", re.S)


def for_print(page: str) -> str:
    """The booklet's HTML with the isolate controls inside each `<bdi>` (LRI for `dir="ltr"`, FSI otherwise,
    closed by PDI): WeasyPrint does not apply `unicode-bidi: isolate`, Pango's bidi honours the controls."""
    return _BDI.sub(lambda m: f"<bdi{m.group(1) or ''}{m.group(2)}>{LRI if m.group(1) else FSI}{m.group(3)}{PDI}</bdi>",
                    page)


LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
