"""Abbreviations said in words on their first use on a page (issue 26, from the content's `glossary.yaml`).

A page's templates pass each text they write through the `said` filter (`output/render.py`), in the order the
page shows them; the filter hands the text to the page's `FirstUse`, which writes the first use of each
abbreviation as "words (ABBR)" — "(words, ABBR)" when the abbreviation stands alone in brackets — and leaves
later uses short. A term counts as said when the page has already shown its words (an official name written
out, "Programme fédéral de santé intérimaire (PFSI)"), or when the abbreviation stands alone in brackets right
after words that say what it is ("Aide après une agression sexuelle (CALACS)", "Vivienda de alquiler bajo
(HLM)"): the text itself says it in words, and the page stays short. Only text is read: tags and their
attributes (link targets), `<code>`, `<pre>` and `<abbr>`, web and e-mail addresses and phone numbers are
never changed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from jinja2 import pass_context
from markupsafe import Markup

from pathways.content.abbreviations import NOT_PROSE, WORD_AFTER, WORD_BEFORE
from pathways.content.guide import Guide
from pathways.content.models import Term
from pathways.i18n import LANGUAGES, direction

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z0-9]+)")
_KEPT_AS_IS = frozenset({"code", "pre", "kbd", "samp", "abbr", "script", "style"})  # text inside is not prose
_AFTER_WORDS = re.compile(r"[^\W\d_]*[^\W\d_A-ZÀ-ÖØ-Þ][^\W\d_]*\s*\($")  # a word (not in capitals), then "("


@dataclass(frozen=True)
class Glossary:
    """The abbreviations of one guide in one language: each written form → its term's id and what it stands
    for, in words (a term is said once per page, whichever of its forms the page meets first)."""

    words: dict[str, tuple[str, str]] = field(default_factory=dict)

    def page(self) -> FirstUse:
        """A fresh record of what one page has said (one per page rendered)."""
        return FirstUse(self)

    @property
    def pattern(self) -> re.Pattern[str] | None:
        if not self.words:
            return None
        shorts = sorted(self.words, key=lambda short: (-len(short), short))
        # a whole word, as `check` finds them ("IRCC-funded" is a use of IRCC)
        return re.compile(WORD_BEFORE + "(" + "|".join(map(re.escape, shorts)) + ")" + WORD_AFTER)


def glossary(guide: Guide, lang: str) -> Glossary:
    """The abbreviations of the page's language, and the French and English forms of the same terms (a text
    the page shows in a reference language, untranslated, or a French form an English text keeps): every form
    said in the words of the page's language."""
    found: dict[str, tuple[str, str]] = {}
    for shown_in in dict.fromkeys((lang, *LANGUAGES)):
        for term in sorted(guide.glossary.values(), key=lambda t: t.id):
            words = term_words(term, lang)
            if words:
                found.setdefault(term.short_in(shown_in), (term.id, words))
    return Glossary(found)


def said_filter(lang: str):
    """The `said` filter of a Jinja environment in `lang`: a text the page writes, through the page's `first_use`
    (a `FirstUse` the renderer puts in the page's context); unchanged where there is none."""

    @pass_context
    def said(context, text):
        first_use = context.get("first_use")
        return text if first_use is None or text is None else first_use(text, lang)

    return said


def term_words(term: Term, lang: str) -> str | None:
    """A term's words in `lang` (its translation, else English); None for a name said as is."""
    return term.words[lang] if term.words is not None else None


@dataclass
class FirstUse:
    """What one page has said so far: the terms already said in words (by id), and the text already shown
    (to recognise a name the page wrote out in full before its abbreviation)."""

    glossary: Glossary
    said: set[str] = field(default_factory=set)
    shown: list[str] = field(default_factory=list)
    inserted: list[tuple[str, str]] = field(default_factory=list)  # (what the page now says, the abbreviation)

    def __post_init__(self) -> None:
        self._pattern = self.glossary.pattern

    def __call__(self, value: object, lang: str = "en") -> Markup:
        """`value` (text, or HTML already made safe) with the first use of each abbreviation said in words."""
        safe = value if isinstance(value, Markup) else Markup.escape("" if value is None else str(value))
        if self._pattern is None:
            return safe
        out: list[str] = []
        kept: list[str] = []  # open elements whose text is kept as is
        for part in _TAG.split(str(safe)):
            if part.startswith("<"):
                _follow(part, kept)
                out.append(part)
            elif part:
                out.append(part if kept else self._text(part, lang))
        return Markup("".join(out))

    def _text(self, text: str, lang: str) -> str:
        """One run of text (HTML-escaped, as it will be written), with its abbreviations said."""
        protected = [m.span() for m in NOT_PROSE.finditer(text)]
        out, at = [], 0
        for match in self._pattern.finditer(text):
            start, end = match.span()
            short = match.group(1)
            term, words = self.glossary.words[short]
            if term in self.said or any(a <= start < b for a, b in protected):
                continue
            self.said.add(term)
            in_brackets = text[start - 1:start] == "(" and text[end:end + 1] == ")"
            if in_brackets and _AFTER_WORDS.search((self.shown[-1][-40:] if self.shown else "") + text[:start]):
                continue  # "Logement à loyer modique (HLM)": the words before the bracket say it
            before = _plain("".join(self.shown) + text[:start])
            after = _plain(text[end:end + len(words) + 8])
            if _plain(words) in before or _plain(words) in after:
                continue  # the page already says it in words (an official name written out)
            said = html.escape(words, quote=False)  # apostrophes as they are: text, never an attribute
            if in_brackets:
                replacement = f"{said}{'، ' if direction(lang) == 'rtl' else ', '}{short}"
            else:
                replacement = f"{said} ({short})"
            out.append(text[at:start] + replacement)
            self.inserted.append((replacement, short))
            at = end
        out.append(text[at:])
        self.shown.append(text)
        return "".join(out)

    def unsaid(self, page: str) -> str:
        """The page as its texts were written, without the words this page added: to find which content texts
        a page shows (`views.used`, the translation notice), never to show."""
        for replacement, short in self.inserted:
            page = page.replace(replacement, short, 1)
        return page


def _follow(tag: str, kept: list[str]) -> None:
    """Keep track of the open elements whose text is not prose (`<code>`, `<abbr>`…)."""
    match = _TAG_NAME.match(tag)
    if not match or tag.endswith("/>"):
        return
    closing, name = match.group(1) == "/", match.group(2).lower()
    if name not in _KEPT_AS_IS:
        return
    if closing:
        if name in kept:
            del kept[len(kept) - 1 - kept[::-1].index(name)]
    else:
        kept.append(name)


def _plain(text: str) -> str:
    """Text to compare words in: without HTML escapes, typographic apostrophes or case, spaces collapsed."""
    text = Markup(text).unescape() if "&" in text else text
    return " ".join(text.replace("\u2019", "'").replace("\u00a0", " ").casefold().split())
