"""gettext PO files, read and written through Babel (`babel.messages.pofile`, `Catalog`).

Two gaps of Babel are filled here, and only here:
- Babel's reader accepts lines it does not understand (`msgid abc` without quotes becomes "b") and keeps
  no line number but the msgid's; PO files come from translators and platforms, so every line is checked
  first and each entry keeps the lines of its msgctxt and msgstr, where problems are reported;
- Babel reads `#| msgid` (the previous source text of a fuzzy entry) as a translator comment, and writes a
  long one through its comment wrapper, which splits a quoted string across lines: we read and write it.
Output is deterministic: no creation or revision date, entries in the order given.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, generate_po, normalize, read_po, unescape

from pathways.i18n import N_

SOURCE_HEADER = "X-Pathways-Source-Language"
_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf"^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}$")
_STRING_LINE = re.compile(rf"^{_STRING}$")
_SOURCE = re.compile(rf'"{SOURCE_HEADER}:\s*([a-z]{{2,3}})\\n"')
_LANGUAGE = re.compile(r'"Language:\s*([A-Za-z_-]+)\\n"')
_PROJECT = re.compile(r'"Project-Id-Version:\s*pathways\s+([^"\s\\]+)\\n"')  # our export names the layer there
_QUOTED = re.compile(_STRING)
# Headers that change on every save (dates, tools, people): left out so that exporting twice gives the same file.
_UNSTABLE_HEADERS = {"POT-Creation-Date", "PO-Revision-Date", "Generated-By", "Report-Msgid-Bugs-To",
                     "Last-Translator", "Language-Team"}

NOT_PO_LINE = N_("invalid PO file: this line is not understood; an entry is 'msgctxt', 'msgid' and 'msgstr', "
                 "each followed by text in double quotes")
NOT_PO = N_("invalid PO file: an entry here is incomplete (each 'msgid' needs its 'msgstr')")
BAD_LANGUAGE = N_("invalid PO file: the 'Language' header says '{found}', which is not a language code (e.g. es, "
                 "ar, uk)")
_ANY_LANGUAGE = re.compile(r'^"Language:[ \t]*(.*?)[ \t]*\\n"$')
_LANGUAGE_CODE = re.compile(r"^(?:[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*)?$")  # es, es_MX, pt-BR, sr_Latn (or empty)
TWICE = N_("msgctxt '{context}' appears twice in this file (first at line {first})")


@dataclass(frozen=True)
class Entry:
    """One translated text of a PO file, with the lines to point at."""

    context: str
    source: str  # msgid: the reference text it translates
    text: str  # msgstr
    fuzzy: bool = False
    previous: str | None = None  # `#| msgid`: the reference text the translation was made from
    comments: tuple[str, ...] = ()  # translator comments (`# …`)
    line: int = 1  # of the msgctxt (or msgid) line
    text_line: int = 1  # of the msgstr line
    other: str | None = None  # `#.`: the other reference text (French when msgids are English) it was made from


@dataclass(frozen=True)
class PoFile:
    path: str
    source_language: str | None  # from the X-Pathways-Source-Language header
    entries: tuple[Entry, ...]
    obsolete: tuple[Entry, ...] = ()
    layer: str | None = None  # from the Project-Id-Version header our export writes: "pathways ca/qc"
    language: str | None = None  # from the Language header: es, ar, uk (es_MX is es)


class PoInvalid(Exception):
    """The file is not a PO file we can read: where (1-based line) and what, in plain words."""

    def __init__(self, line: int, message: str, **args: object) -> None:
        super().__init__(message)
        self.line, self.message, self.args_ = line, message, args


def parse(text: str, path: str) -> PoFile:
    """The entries of a PO file's text; raises PoInvalid at the first line that is not PO."""
    lines = _checked_lines(text)
    _check_language(text)
    # `#~|` (the previous msgid of an obsolete entry, as msgmerge writes it) stops Babel's reader: blanked.
    readable = "\n".join("" if line.lstrip().startswith("#~|") else line for line in text.splitlines())
    try:
        catalog = read_po(io.StringIO(readable), abort_invalid=True)
    except PoFileError as error:
        raise PoInvalid(error.lineno + 1, NOT_PO) from None
    except (ValueError, LookupError):  # a language code Babel does not know (`xx-YY`)
        number, found = _language_header(text) or (1, "")
        raise PoInvalid(number, BAD_LANGUAGE, found=found) from None
    entries = [_entry(message, lines) for message in catalog if message.id]
    first: dict[str, int] = {}
    for entry in entries:
        if entry.context in first:
            raise PoInvalid(entry.line, TWICE, context=entry.context, first=first[entry.context])
        first[entry.context] = entry.line
    source, project, language = _SOURCE.search(text), _PROJECT.search(text), _LANGUAGE.search(text)
    return PoFile(path, source.group(1) if source else None, tuple(entries),
                  tuple(_entry(message, {}) for message in catalog.obsolete.values()),
                  project.group(1) if project else None,
                  re.split(r"[_-]", language.group(1))[0].lower() if language else None)


def _check_language(text: str) -> None:
    """Raise PoInvalid at a 'Language' header that is not a language code: Babel would raise a ValueError on
    `../../es`, and the name is never used as a path, but a header that is not a code is a mistake to say."""
    header = _language_header(text)
    if header is not None and not _LANGUAGE_CODE.match(header[1]):
        raise PoInvalid(header[0], BAD_LANGUAGE, found=header[1])


def _language_header(text: str) -> tuple[int, str] | None:
    """The line and value of the 'Language' header, if the file has one."""
    for number, line in enumerate(text.splitlines(), start=1):
        found = _ANY_LANGUAGE.match(line.strip())
        if found:
            return number, found.group(1)
        if line.startswith(("msgctxt", "#~")) or number > 40:  # the header is the first entry
            return None
    return None


def _checked_lines(text: str) -> dict[int, tuple[int, int]]:
    """Check every line; return, for each msgid line, the lines of its msgctxt and msgstr (1-based)."""
    where: dict[int, tuple[int, int]] = {}
    context_line = msgid_line = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            line = line[2:].strip()
            if line and not line.startswith("|") and not (_KEYWORD_LINE.match(line) or _STRING_LINE.match(line)):
                raise PoInvalid(number, NOT_PO_LINE)
            continue
        if not line or line.startswith("#"):
            continue
        if not (_KEYWORD_LINE.match(line) or _STRING_LINE.match(line)):
            raise PoInvalid(number, NOT_PO_LINE)
        if line.startswith("msgctxt"):
            context_line = number
        elif line.startswith("msgid "):
            msgid_line = number
        elif line.startswith("msgstr") and msgid_line is not None:
            where[msgid_line] = (context_line or msgid_line, number)
            context_line = msgid_line = None
    return where


def _entry(message: Message, lines: dict[int, tuple[int, int]]) -> Entry:
    line, text_line = lines.get(message.lineno or 0, (message.lineno or 1, message.lineno or 1))
    comments = [c for c in message.user_comments if not c.startswith("|")]
    previous = _previous(message.user_comments)
    source = message.id if isinstance(message.id, str) else message.id[0]
    text = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
    other = " ".join(message.auto_comments) if message.auto_comments else None  # Babel wraps long comments
    return Entry(message.context or "", source, text or "", message.fuzzy, previous, tuple(comments), line,
                 text_line, other)


def _previous(comments: list[str]) -> str | None:
    """`#| msgid "…"` lines (read by Babel as comments starting with '|') → the previous msgid."""
    parts: list[str] = []
    in_msgid = False
    for comment in comments:
        if not comment.startswith("|"):
            continue
        rest = comment[1:].strip()
        if rest.startswith("msgid "):
            in_msgid = True
            rest = rest[len("msgid "):]
        elif not rest.startswith('"'):
            in_msgid = False  # `#| msgctxt` or `#| msgid_plural`
        if in_msgid:
            parts.extend(unescape(quoted) for quoted in _QUOTED.findall(rest))
    return "".join(parts) if parts else None


class _Catalog(Catalog):
    """A catalog whose header says its source language and carries nothing that changes between runs."""

    source_language = "en"

    def _stable_headers(self) -> list[tuple[str, str]]:
        kept = [(name, value) for name, value in Catalog._get_mime_headers(self) if name not in _UNSTABLE_HEADERS]
        return [*kept, (SOURCE_HEADER, f"{self.source_language}\n")]  # every header line ends with \n

    mime_headers = property(_stable_headers, Catalog._set_mime_headers)


def render(lang: str, source_language: str, name: str, comment: str, entries: list[Message],
           obsolete: list[Message]) -> str:
    """The text of a PO file: `comment` (lines starting with '#'), a header (project `name`, language, source
    language), then the entries in the order given."""
    catalog = _Catalog(locale=lang, project="pathways", version=name, fuzzy=False, header_comment=comment)
    catalog.source_language = source_language
    for message in entries:
        catalog[message.id] = message  # Catalog keys by (msgid, msgctxt): each context stays one entry
    for message in obsolete:
        catalog.obsolete[(message.id, message.context)] = message
    previous = iter([m.previous_id[0] if m.previous_id else None for m in entries])
    out: list[str] = []
    for chunk in generate_po(catalog, width=76, include_previous=False):
        if chunk.startswith("msgctxt "):  # the next entry in catalog order: its `#|` lines go just before
            old = next(previous)
            if old:
                out.extend(f"#| {line}\n" for line in f"msgid {normalize(old, width=76)}".splitlines())
        out.append(chunk)
    return "".join(out)


def message(context: str, source: str, text: str = "", *, fuzzy: bool = False, previous: str | None = None,
            comments: tuple[str, ...] = (), auto_comments: tuple[str, ...] = (),
            locations: tuple[tuple[str, int], ...] = ()) -> Message:
    return Message(source, text, locations=list(locations), flags=["fuzzy"] if fuzzy else [],
                   auto_comments=list(auto_comments), user_comments=list(comments), previous_id=previous or (),
                   context=context)
