"""Abbreviations in content texts that the glossary does not say in words (issue 26).

Pages say each abbreviation of `glossary.yaml` in words on its first use (`present/glossary.py`); an
abbreviation the glossary does not know stays as it is, unexplained. `check` warns about every all-caps word
of two letters or more in a French or English text (records and prose) that no glossary term of the community
names — neither its abbreviation in French or English, nor a name said as is — and that is not on the short
list of forms every reader knows (province codes, ID). Web and e-mail addresses, phone numbers, hyphenated
names ("1-800-O-CANADA") and placeholders still to fill in ("TODO", "À COMPLÉTER": `check` says those) are not
words.
"""

from __future__ import annotations

import re
from typing import Iterator

from pathways.content.guide import Guide
from pathways.content.load import Content
from pathways.content.placeholders import MARKER
from pathways.content.resolve import Resolved
from pathways.content.translations import SKIPPED_KINDS, texts
from pathways.errors import Problem, Where, problem
from pathways.i18n import LANGUAGES, N_

CAPITALS = "A-ZÀ-ÖØ-Þ"
# An all-caps word: two capitals or more (digits inside), not part of a longer word, the end of a hyphenated
# name, an e-mail address or a file name ("IRCC-funded" is a use of IRCC).
WORD_BEFORE, WORD_AFTER = r"(?<![\w\-.@&])", r"(?![\w@])"  # a whole word: what may not touch it either side
CAPS_WORD = re.compile(rf"{WORD_BEFORE}[{CAPITALS}][{CAPITALS}0-9]*[{CAPITALS}]{WORD_AFTER}")
# Spans whose letters are not words: web and e-mail addresses, phone numbers (1-800-O-CANADA included).
NOT_PROSE = re.compile(r"(?:https?://|www\.)[^\s<>()\]]+|[\w.+-]+@[\w.-]+\w|\+?\d[\d\s().\-]{5,}[\dA-Z]+(?:-[A-Z]+)*")
# Forms every reader knows, never said in words: province and territory codes (addresses), ID, QR code,
# TTY (a phone line for the deaf), SMS, PDF, the UN.
KNOWN = frozenset({"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
                   "ID", "QR", "TTY", "SMS", "PDF", "UN"})
SKIPPED = frozenset({*SKIPPED_KINDS, "glossary"})  # sources keep the publisher's words; the glossary is the list

UNEXPLAINED = N_("'{word}' is written in capitals but no glossary term says it in words: add it to glossary.yaml "
                 "(its abbreviation, and its words in French and English), or write it out")


def caps_words(text: str) -> Iterator[re.Match[str]]:
    """The all-caps words of a text, outside web and e-mail addresses and phone numbers."""
    if not any("A" <= char <= "Z" for char in text):
        return
    protected = [m.span() for m in (*NOT_PROSE.finditer(text), *MARKER.finditer(text))]  # placeholders: their own warning
    for match in CAPS_WORD.finditer(text):
        if not any(start <= match.start() < end for start, end in protected):
            yield match


def known_forms(guide: Guide) -> set[str]:
    """Every form the community's glossary names in French or English, and the forms every reader knows."""
    return {*KNOWN, *(term.short_in(lang) for term in guide.glossary.values() for lang in LANGUAGES)}


def unexplained(content: Content, resolved: Resolved, guide: Guide) -> list[Problem]:
    """A warning per all-caps word of a French or English text that the glossary does not say in words:
    at the text's value in its YAML file, at its line and column in a prose file."""
    known = known_forms(guide)
    found: list[Problem] = []
    raws = [*resolved.singles.values(), *resolved.indexes.values()]
    fields = [(raw.where, key, value) for raw in raws for key, value in raw.node.items()]
    fields += [(record.where, key, value) for kind, records in resolved.records.items() if kind not in SKIPPED
               for record in records.values() for key, value in record.fields.items()]
    for where, key, value in fields:
        for _, loc, mapping in texts({key: value}):
            for lang in LANGUAGES:
                text = mapping.get(lang)
                for match in caps_words(text) if isinstance(text, str) else ():
                    if match.group() not in known:
                        found.append(problem(where((*loc, lang)), UNEXPLAINED, warning=True, word=match.group()))
    for item in content.prose:
        if item.layer in resolved.layers and item.lang in LANGUAGES:
            for number, line in enumerate(item.text.splitlines(), start=1):
                for match in caps_words(line):
                    if match.group() not in known:
                        found.append(problem(Where(item.path, number, match.start() + 1), UNEXPLAINED,
                                             warning=True, word=match.group()))
    return found
