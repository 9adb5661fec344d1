"""Content translations beyond French and English: which texts there are, and applying a layer's PO file.

Every localised text mapping of a layer's YAML (`{fr: …, en: …}`) is one translatable text, named by its
context `<file stem>/<record id>/<path>` (`services/sana/required_documents[0]`,
`programs/ifhp/eligibility.values.2022-01-01.statuses.claimant.note`; `community.yaml` and `index.yaml` use
the id `-`). Sources (`references`, `sources`, `url`) keep the publisher's language and are not translated.

A layer's translations into one language live in `content/regions/<layer>/translations/<lang>.po`. At load,
an entry is applied — it becomes the `<lang>` text of its mapping, so `Text.get(lang)` returns it — only when
it is current: not fuzzy, not empty, and translated from *both* reference texts as they are now (issue 22):
the msgid is the one reference text (English unless the file says French), the extracted comment (`#.`)
the other as it was when the translation was made. Otherwise the text is *outdated* (a reference text
changed since) or *missing*, and pages fall back to a reference language. A translated text is untrusted
text like any other: the same bounds apply, reported at the PO entry.

Each entry also says how it was translated, in translator comments that Weblate, Pontoon and Poedit keep:
`# machine translation, not reviewed by a person` (a machine's), `# reviewed on 2026-12-01 by A. Tremblay`
(a person reviewed it; who is optional); an entry with neither was written by a person, not reviewed.
Pages and booklets say how their texts were translated, and how many, from these facts (`Origin`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Iterator

from pathways.content.bounds import markdown_trap
from pathways.content.sanitize import link_targets
from pathways.i18n import LANGUAGES, N_, is_language
from pathways.content.pofile import Entry, PoFile
from pathways.errors import Problem, Where, problem

if TYPE_CHECKING:
    from pathways.content.load import Layer, Raw
    from pathways.content.resolve import Resolved

FOLDER = "translations"  # content/regions/<layer>/translations/<lang>.po
SKIPPED_KEYS = frozenset({"references", "sources", "url"})  # sources keep the publisher's language
SKIPPED_KINDS = frozenset({"sources"})  # sources.yaml: titles as their publishers write them (issue 11)
SINGLE_ID = "-"  # the record id in the context of community.yaml and index.yaml

# What a translation must keep exactly as the source has it: `{placeholders}`, where links lead, web addresses
# and phone numbers (a translator, a platform or a machine must not send readers somewhere else, nor have
# them dial a number nobody verified).
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][\w.]*\}")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_AUTOLINK = re.compile(r"<((?:https?|mailto|tel):[^>\s]+)>")
_ADDRESS = re.compile(r"(?<![(<])\bhttps?://[^\s)>\]]+")  # written out in the text, not a link target
_PHONE = re.compile(r"\+?\d[\d\- ]{5,}\d")  # 819-555-0100, 1-800-555-0100, 1 866 …

LINKS_DIFFER = N_("this translation's links, phone numbers or {{placeholders}} differ from the source text: it "
                  "has {found}, the source has {expected}; keep them exactly as in the source")


def is_added(lang: str) -> bool:
    """A language a guide may add to French and English: any language CLDR knows (issue 22)."""
    return lang not in LANGUAGES and is_language(lang)


MACHINE = "machine translation, not reviewed by a person"  # the translator comment of a machine-translated entry
_REVIEWED = re.compile(r"^reviewed on (\d{4}-\d{2}-\d{2})(?: by (.+))?$")  # `# reviewed on 2026-12-01 by A. B.`


@dataclass(frozen=True)
class Origin:
    """How one translated text was made: by a machine, or by a person; reviewed by a person on a date."""

    machine: bool = False
    reviewed_on: dt.date | None = None
    reviewed_by: str | None = None

    @classmethod
    def of(cls, entry: Entry) -> Origin:
        reviewed = [_REVIEWED.match(comment.strip()) for comment in entry.comments]
        found = [match for match in reviewed if match]
        day = None
        if found:
            try:
                day = dt.date.fromisoformat(found[-1].group(1))
            except ValueError:
                day = None
        return cls(MACHINE in entry.comments and not found, day, found[-1].group(2) if found and day else None)


def weaker(one: Origin | None, other: Origin | None) -> Origin | None:
    """Of two origins of the same text, the one that claims less (a machine's; the older review)."""
    if one is None or other is None:
        return one or other
    if one.machine or other.machine:
        return one if one.machine else other
    if one.reviewed_on is None or other.reviewed_on is None:
        return one if one.reviewed_on is None else other
    return one if one.reviewed_on <= other.reviewed_on else other


class State(str, Enum):
    translated = "translated"
    outdated = "outdated"  # a translation exists, but of an older reference text (or marked fuzzy)
    missing = "missing"


class Translated(str):
    """A translated text put into a YAML mapping: it remembers its place in the PO file, so that a problem
    with it (too long, a Markdown trap) is reported there and not in the YAML file."""

    where: Where

    def __new__(cls, text: str, where: Where | None = None) -> Translated:  # None: only for copy and pickle
        value = super().__new__(cls, text)
        value.where = where
        return value


def is_text(node: Any) -> bool:
    """A localised text mapping: French and English given, every value text."""
    if not isinstance(node, dict) or "fr" not in node or "en" not in node:
        return False
    for value in node.values():
        if not isinstance(value, str):
            return False
    return True


def texts(node: Any, path: str = "", loc: tuple = ()) -> Iterator[tuple[str, tuple, dict]]:
    """(path, location, mapping) of every text in `node`, in document order. Only mappings and lists are
    walked into (a scalar holds no text mapping): `check` walks every record of every community."""
    if isinstance(node, dict):
        if is_text(node):
            yield path, loc, node
            return
        for key, value in node.items():
            if key not in SKIPPED_KEYS and isinstance(value, (dict, list)):
                yield from texts(value, f"{path}.{key}" if path else str(key), (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                yield from texts(value, f"{path}[{index}]", (*loc, index))


def context(raw: Raw, path: str) -> str:
    single = raw.kind in ("community", "index")
    return f"{raw.kind}/{SINGLE_ID if single else raw.id}/{path}"


def layer_raws(layer: Layer) -> list[Raw]:
    """The layer's records and single files, by file name then position (the order of its PO files)."""
    raws = [*layer.singles.values(), *(raw for records in layer.records.values() for raw in records)]
    return sorted(raws, key=lambda raw: (raw.path, raw.node.start))


def layer_texts(layer: Layer) -> Iterator[tuple[str, Raw, tuple, dict]]:
    """(context, record, location in the record, mapping) of every translatable text of a layer."""
    for raw in layer_raws(layer):
        if raw.kind in SKIPPED_KINDS:
            continue
        body = {key: value for key, value in raw.node.items() if key != "id"}
        for path, loc, mapping in texts(body):
            yield context(raw, path), raw, loc, mapping


def state_of(entry: Entry | None, reference: str | None, other: str | None = None) -> State:
    """Missing, outdated (marked fuzzy, or made from a reference text that changed since: `reference` is the
    msgid's language's text now, `other` the other reference language's), or translated."""
    if entry is None or not entry.text.strip():
        return State.missing
    if entry.fuzzy or entry.source != reference:
        return State.outdated
    if other is not None and entry.other is not None and same_text(entry.other, other) is False:
        return State.outdated
    return State.translated


def same_text(recorded: str, now: str) -> bool:
    """The text an extracted comment recorded (wrapped on several `#.` lines) and a text as it is now: the
    same but for spacing and line breaks."""
    return recorded.split() == now.split()


def other_language(source: str) -> str:
    return "fr" if source == "en" else "en"


def apply(layer: Layer, lang: str, po: PoFile, problems: list[Problem]) -> None:
    """Put the current translations of `po` into the layer's texts; record every text's state."""
    source = po.source_language or "en"
    entries = {entry.context: entry for entry in po.entries}
    states = layer.translations.setdefault(lang, {})
    origins = layer.origins.setdefault(lang, {})
    for ctx, _, _, mapping in layer_texts(layer):
        if mapping.get(lang, "").strip():  # written in the YAML itself: it stays
            states[ctx] = State.translated
            continue
        entry = entries.get(ctx)
        states[ctx] = state_of(entry, mapping.get(source), mapping.get(other_language(source)))
        if states[ctx] is State.translated:
            found = entry_problems(entry, mapping[source], po.path)
            problems.extend(found)
            if not found:
                _put(mapping, lang, source, Translated(entry.text, Where(po.path, entry.text_line, 1)))
                origins[entry.text] = weaker(origins.get(entry.text), Origin.of(entry)) or Origin()


def _put(mapping: dict, lang: str, source: str, text: Translated) -> None:
    mapping[lang] = text
    for positions in (getattr(mapping, "key_at", None), getattr(mapping, "value_at", None)):
        if positions is not None and source in positions:
            positions[lang] = positions[source]  # never used to report (the text knows its PO line)


def entry_problems(entry: Entry, source_text: str, path: str) -> list[Problem]:
    """What a translated text may not do: the Markdown traps of any text, links or placeholders not the
    source's."""
    found = []
    trap = markdown_trap(entry.text)
    if trap is not None:  # never rendered (its links are read from its HTML): this problem is enough to say
        return [problem(Where(path, entry.text_line, 1), trap.message, **trap.args)]
    expected, given = kept_as_is(source_text), kept_as_is(entry.text)
    if expected != given:
        found.append(problem(Where(path, entry.text_line, 1), LINKS_DIFFER, found=_listed(given),
                             expected=_listed(expected)))
    return found


def kept_as_is(text: str) -> list[str]:
    """The placeholders, link targets, addresses and phone numbers of a text, each once, sorted: a translation
    must have the same. Link targets are read from the HTML the text becomes (`sanitize.link_targets`), so a link in any
    form counts: Markdown, HTML (`<a href=//evil.example>`), autolink, reference, relative, `tel:`, `mailto:`."""
    kept = (_PLACEHOLDER, _LINK_TARGET, _AUTOLINK, _ADDRESS, _PHONE)
    return sorted({*(found for pattern in kept for found in pattern.findall(text)), *link_targets(text)})


def _listed(items: list[str]) -> str:
    return ", ".join(items) if items else "-"


def translated_where(node: Any, loc: tuple) -> Where | None:
    """The PO position of the value at `loc` when it is a translated text, else None."""
    for step in loc:
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    return node.where if isinstance(node, Translated) else None


def counts(layers: dict[str, Layer], resolved: Resolved, lang: str) -> dict[State, int]:
    """How many texts of one community's guide are translated into `lang`, outdated, missing."""
    found = dict.fromkeys(State, 0)
    raws = [*resolved.singles.values(), *resolved.indexes.values()]
    fields = [(raw, key, value) for raw in raws for key, value in raw.node.items()]
    fields += [(record.origin[key], key, value) for kind, records in resolved.records.items()
               if kind not in SKIPPED_KINDS for record in records.values() for key, value in record.fields.items()]
    for raw, key, value in fields:
        if key in SKIPPED_KEYS:
            continue
        states = layers[raw.layer].translations.get(lang, {}) if raw.layer in layers else {}
        for path, _, mapping in texts(value, str(key)):
            inline = mapping.get(lang, "").strip() and not isinstance(mapping.get(lang), Translated)
            found[State.translated if inline else states.get(context(raw, path), State.missing)] += 1
    return found


def community_origins(layers: dict[str, Layer], layer_ids: list[str]) -> dict[str, dict[str, Origin]]:
    """How each translated text of a community's layers was made, by language (the weaker of two claims when
    two layers translate the same text)."""
    found: dict[str, dict[str, Origin]] = {}
    for layer_id in layer_ids:
        layer = layers.get(layer_id)
        for lang, origins in (layer.origins.items() if layer is not None else ()):
            mine = found.setdefault(lang, {})
            for text, origin in origins.items():
                mine[text] = weaker(mine.get(text), origin) or origin
    return found
