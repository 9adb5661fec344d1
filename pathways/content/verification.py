"""The verification round, as content knows it (issue 21): what a person checked, how and when.

A citation says how it was checked when a round recorded it (`method`, `by`, written by `pathways review
import`); a phone call is a citation of its own (`{kind: call, verified_on, by}`). A citation without a
method carries a date nobody recorded a check for: pages then show the source's own date (see
`present.views.provenance`). What a round found changed, and not yet edited, waits in the community's
`review/to-edit.yaml` (written by the import; `check` lists each entry at the item it is about).

This module also holds the item ids a worksheet and its import share (stable: a record's kind and id, the
cited source's id, a rule entry's start date), and the two warnings `check` gives about rounds: the
changes still to edit, and a guide whose checks mostly share one day (a bulk stamp, not a round).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from pathways.content.guide import Guide
from pathways.content.load import REVIEW, Content, display_path, read_text
from pathways.content.models import CallCitation, CitedReference, Method, Reference, is_call
from pathways.content.resolve import Resolved
from pathways.errors import Problem, Where, problem
from pathways.i18n import N_

TO_EDIT = "to-edit.yaml"  # review/to-edit.yaml: what a round found changed, still to edit
CONTACT_KINDS = ("organizations", "locations", "services")
RECORD_KINDS = ("organizations", "locations", "services", "steps", "programs")
SHARED_DAY_SHARE = 0.5  # more than half of a guide's checks on one day: a stamp, not a round
SHARED_DAY_MIN = 10  # below this many checks, one day is a small round, not a stamp


@dataclass(frozen=True)
class Check:
    """When and how a fact was last checked by a person, as recorded."""

    day: dt.date
    method: Method
    by: str | None
    practice: bool  # the source is the organisation's own page (what it says it does)


def recorded_check(reference: Any) -> Check | None:
    """The check a citation records, or None when nobody recorded one (no `method`)."""
    if is_call(reference):
        return Check(reference.verified_on, Method(reference.method), reference.by, True)
    method = getattr(reference, "method", None)
    day = getattr(reference, "verified_on", None)
    if method is None or day is None:
        return None
    return Check(day, method, reference.by, reference.kind.value == "practice")


def latest_check(references: list[Any]) -> Check | None:
    """The most recent recorded check among citations (a call wins a tie: it confirms the contact itself)."""
    checks = [c for c in map(recorded_check, references) if c is not None]
    return max(checks, key=lambda c: (c.day, c.method is Method.call), default=None)


def source_key(reference: Any) -> str:
    """A citation's part of an item id: the source id, else a short hash of the address, else the call's day."""
    if isinstance(reference, CitedReference):
        return f"source:{reference.source}"
    if isinstance(reference, CallCitation):
        return f"call:{reference.verified_on.isoformat()}"
    if isinstance(reference, Reference):
        url = reference.url_in("en")
        return "url:" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return "ref"


def citation_ids(prefix: str, references: list[Any]) -> list[str]:
    """Ids of a list's citations, in order; a source cited twice in one list gets `~2`, `~3`…"""
    seen: Counter[str] = Counter()
    ids = []
    for reference in references:
        key = source_key(reference)
        seen[key] += 1
        ids.append(f"{prefix}/{key}" + (f"~{seen[key]}" if seen[key] > 1 else ""))
    return ids


# ---------------------------------------------------------------- what a round found, still to edit


@dataclass(frozen=True)
class ToEdit:
    item: str  # the worksheet id
    day: str
    by: str
    note: str
    result: str  # changed or gone
    line: int  # in review/to-edit.yaml


def to_edit_path(community_folder: Path) -> Path:
    return community_folder / REVIEW / TO_EDIT


def read_to_edit(community_folder: Path, problems: list[Problem]) -> list[ToEdit]:
    """The entries of `review/to-edit.yaml` (our own format; a partner may delete lines once edited)."""
    path = to_edit_path(community_folder)
    if not path.is_file():
        return []
    text = read_text(path, problems, empty_ok=True)
    if not text:
        return []
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        problems.append(problem(Where(display_path(path)), N_("this file was written by 'pathways review import' "
                                                               "and can no longer be read: remove it, or undo the "
                                                               "last edit")))
        return []
    found = []
    for item in node.value if isinstance(node, yaml.SequenceNode) else ():
        if not isinstance(item, yaml.MappingNode):
            continue
        fields = {k.value: v.value for k, v in item.value if isinstance(v, yaml.ScalarNode)}
        found.append(ToEdit(fields.get("id", ""), fields.get("date", ""), fields.get("by", ""),
                            fields.get("note", ""), fields.get("result", "changed"), item.start_mark.line + 1))
    return found


def item_where(resolved: Resolved, guide: Guide, item_id: str) -> Where | None:
    """Where a worksheet item is written: `kind/record`, `…/rule/<start>`, and a citation below either."""
    kind, _, rest = item_id.partition("/")
    record_id, _, rest = rest.partition("/")
    merged = resolved.records.get(kind, {}).get(record_id)
    record = getattr(guide, kind, {}).get(record_id) if kind in RECORD_KINDS else None
    if merged is None or record is None:
        return None
    loc: tuple = ()
    references = getattr(record, "references", [])
    if rest.startswith("rule/"):
        start, _, rest = rest[len("rule/"):].partition("/")
        eligibility = getattr(record, "eligibility", None)
        entry = next((e for d, e in eligibility.values.items() if d.isoformat() == start), None) if eligibility else None
        loc, references = ("eligibility", "values", start), (entry.references if entry is not None else [])
    if rest:
        prefix = item_id[: len(item_id) - len(rest) - 1]
        ids = citation_ids(prefix, references)
        if item_id in ids:
            loc = (*loc, "references", ids.index(item_id)) if loc else ("references", ids.index(item_id))
    return merged.where(loc)


def pending_edits(content: Content, resolved: Resolved, guide: Guide) -> list[Problem]:
    """Each change a round found and nobody edited yet, at the item it is about, else at its line of
    review/to-edit.yaml."""
    community = resolved.layers[-1]
    layer = content.layers.get(community)
    if layer is None:
        return []
    found: list[Problem] = []
    path = display_path(to_edit_path(layer.path))
    for entry in read_to_edit(layer.path, found):
        where = item_where(resolved, guide, entry.item) or Where(path, entry.line, 1)
        message = (N_("the verification round of {date} ({by}) found this gone: {note} — replace or remove it, "
                      "then remove its entry from {file}") if entry.result == "gone" else
                   N_("the verification round of {date} ({by}) found this changed: {note} — edit it, then remove "
                      "its entry from {file} (or confirm it in the next worksheet)"))
        found.append(problem(where, message, warning=True, date=entry.day, by=entry.by, note=entry.note,
                             file=path))
    return found


# ---------------------------------------------------------------- a bulk stamp is not a round


def all_citations(guide: Guide) -> Iterator[Any]:
    for kind in RECORD_KINDS:
        for record in getattr(guide, kind).values():
            yield from getattr(record, "references", ())
            eligibility = getattr(record, "eligibility", None)
            for entry in eligibility.values.values() if eligibility is not None else ():
                yield from entry.references if entry is not None else ()


def shared_day(resolved: Resolved, guide: Guide) -> list[Problem]:
    """Most checks of a guide on one day: someone stamped dates, nobody re-opened every source that day.
    Said once, at the community's file (the stamp is the guide's, not one record's)."""
    days = Counter(day for ref in all_citations(guide) if (day := getattr(ref, "verified_on", None)) is not None)
    total = sum(days.values())
    if total < SHARED_DAY_MIN:
        return []
    day, count = days.most_common(1)[0]
    if count <= total * SHARED_DAY_SHARE:
        return []
    return [problem(resolved.singles["community"].where(("id",)), N_(
        "{count} of the {total} citations of this guide say they were checked on {date}: one day for most checks "
        "is a date stamped on records, not a verification round; run 'pathways review' and record each check "
        "as it is made"), warning=True, count=count, total=total, date=day.isoformat())]
