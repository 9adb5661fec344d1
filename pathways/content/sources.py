"""Sources are records: defined once per layer in `sources.yaml`, cited by id with the date of the citation.

A citation `{source: id, verified_on: YYYY-MM-DD}` may name a source of its own layer or of a layer above
(a community cites national and provincial sources; the national layer cannot cite a community's). The
date belongs to the citation: the day someone opened that source and confirmed that claim. This module
checks citations where they are written (file, line and column of the raw YAML), and says how old the
documents behind a firm verdict are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Iterator

from pathways.content.guide import Guide
from pathways.i18n import N_
from pathways.content.load import Content, Raw
from pathways.content.models import REFERENCE_TAGS, ReferenceKind, RuleEntry, Verdict
from pathways.errors import Problem, closest, problem
from pathways.content.resolve import Merged, Resolved

DEFAULT_MAX_AGE_YEARS = 3  # when the national index.yaml sets no source_max_age_years


def without_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """An error location without the union branch names Pydantic adds (`cited`, `inline`), so it can be
    followed in the YAML."""
    return tuple(step for step in loc if step not in REFERENCE_TAGS)


# ---------------------------------------------------------------- where citations are written


def _reference_lists(node: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(location, list) of every `references` list of a raw record: its own, and its eligibility entries'."""
    if not isinstance(node, dict):
        return
    yield ("references",), node.get("references")
    not_offered = node.get("not_offered")  # a program that does not run in this province: where it says so
    if isinstance(not_offered, dict):
        yield ("not_offered", "references"), not_offered.get("references")
    eligibility = node.get("eligibility")
    values = eligibility.get("values") if isinstance(eligibility, dict) else None
    for start, entry in values.items() if isinstance(values, dict) else ():
        if isinstance(entry, dict):
            yield ("eligibility", "values", start, "references"), entry.get("references")


def _cited(node: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(location of the id, source id) of every citation by id in a raw record (a glossary term's `source` too)."""
    if isinstance(node, dict) and isinstance(node.get("source"), str):
        yield ("source",), node["source"]
    for loc, refs in _reference_lists(node):
        for index, ref in enumerate(refs) if isinstance(refs, list) else ():
            if isinstance(ref, dict) and isinstance(ref.get("source"), str):
                yield (*loc, index, "source"), ref["source"]


def _merged_citations(record: Merged) -> Iterator[tuple[Raw, tuple[Any, ...], str]]:
    """(raw that wrote it, location, id) of every citation of a merged record: each field remembers its layer."""
    for field in ("references", "eligibility", "not_offered", "source"):
        raw = record.origin.get(field)
        if raw is None:
            continue
        for loc, source_id in _cited({field: record.fields[field]}):
            yield raw, loc, source_id


# ---------------------------------------------------------------- validation


def citation_problems(resolved: Resolved) -> list[Problem]:
    """Unknown source ids, sources cited from a layer above theirs, sources redefined by a lower layer."""
    sources = resolved.records.get("sources", {})
    found = [*_redefined(sources.values())]
    for kind, records in resolved.records.items():
        for record in records.values():
            for raw, loc, source_id in _merged_citations(record):
                found.extend(_citation_problem(resolved, sources, raw, loc, source_id))
    return found


def _citation_problem(resolved: Resolved, sources: dict[str, Merged], raw: Raw, loc: tuple,
                      source_id: str) -> list[Problem]:
    visible = visible_sources(resolved, sources, raw.layer)
    if source_id in visible:
        return []
    hint = closest(source_id, visible) or ""
    if source_id in sources:
        defined = sources[source_id].defined_in
        message = (N_("source '{id}' is defined in {defined}, a layer below this one, which cannot cite it: move it "
                      "to the sources.yaml of this layer or of a layer above; did you mean '{hint}'?") if hint else
                   N_("source '{id}' is defined in {defined}, a layer below this one, which cannot cite it: move it "
                      "to the sources.yaml of this layer or of a layer above"))
        return [problem(raw.where(loc), message, id=source_id, hint=hint, defined=defined.path if defined else "")]
    message = (N_("unknown source id '{id}': no sources.yaml of this layer or above defines it; did you mean "
                  "'{hint}'?") if hint else
               N_("unknown source id '{id}': no sources.yaml of this layer or above defines it"))
    return [problem(raw.where(loc), message, id=source_id, hint=hint)]


def visible_sources(resolved: Resolved, sources: dict[str, Merged], layer: str) -> set[str]:
    """Ids of the sources a record of `layer` may cite: those of its layer and of the layers above."""
    above = set(resolved.layers[: resolved.layers.index(layer) + 1]) if layer in resolved.layers else set()
    return {sid for sid, merged in sources.items() if merged.defined_in is not None and merged.defined_in.layer in above}


def _redefined(sources: Iterable[Merged]) -> Iterator[Problem]:
    for merged in sources:
        first = merged.defined_in
        for raw in {id(r): r for r in merged.origin.values()}.values():
            if first is not None and raw.layer != first.layer:
                yield problem(raw.where(("id",)), N_("source '{id}' is already defined in {first}: a layer cannot "
                                                     "redefine an inherited source; give this one another id"),
                              id=merged.id, first=first.where(("id",)))
                break


def unused_sources(content: Content) -> list[Problem]:
    """A source no record of any layer cites (a warning: it is not shown anywhere). Not said while a YAML file
    could not be read: its citations are unknown, and "remove it" could make a partner delete a good source."""
    if any(not p.warning and p.where.path.endswith((".yaml", ".yml")) for p in content.problems):
        return []
    cited = {source_id for layer in content.layers.values() for raws in layer.records.values()
             for raw in raws for _, source_id in _cited(raw.node)}
    return [problem(raw.where(("id",)), N_("source '{id}' is cited nowhere: cite it, or remove it"),
                    warning=True, id=raw.id)
            for layer in content.layers.values() for raw in layer.records.get("sources", [])
            if raw.id not in cited]


def future_citations(resolved: Resolved, as_of: dt.date) -> list[Problem]:
    """A citation cannot be verified after today (or after `--as-of`, when it previews a later day)."""
    now = max(as_of, dt.date.today())
    found = []
    for records in resolved.records.values():
        for record in records.values():
            for field in ("references", "eligibility", "not_offered"):
                raw = record.origin.get(field)
                for loc, refs in _reference_lists({field: record.fields.get(field)}) if raw else ():
                    found.extend(_future_in(raw, loc, refs, now))
    return found


def _future_in(raw: Raw, loc: tuple, refs: Any, now: dt.date) -> Iterator[Problem]:
    for index, ref in enumerate(refs) if isinstance(refs, list) else ():
        day = _date(ref.get("verified_on")) if isinstance(ref, dict) else None
        if day is not None and day > now:
            yield problem(raw.where((*loc, index, "verified_on")),
                          N_("verified_on {date} is in the future: a verification cannot be in the future; "
                             "write the date the sources were actually checked"), date=day.isoformat())


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


# ---------------------------------------------------------------- how old is what a verdict rests on


def max_age_years(guide: Guide) -> int:
    national = guide.indexes.get(guide.layers[0]) if guide.layers else None
    return (national.source_max_age_years if national and national.source_max_age_years
            else DEFAULT_MAX_AGE_YEARS)


def current_support(entry: RuleEntry, as_of: dt.date, years: int) -> list:
    """The references of an entry that may hold a firm verdict up: not secondary, and not dated before the
    limit. An undated official page is a living page, current when it was verified; a law or regulation
    stays in force whatever the date of its text (its age says nothing of its currency)."""
    limit = as_of.replace(year=as_of.year - years) if not (as_of.month == 2 and as_of.day == 29) \
        else dt.date(as_of.year - years, 2, 28)
    return [r for r in entry.references if r.kind is not ReferenceKind.secondary
            and (r.kind is ReferenceKind.law or r.date is None or r.date >= limit)]


def old_documents(resolved: Resolved, guide: Guide, as_of: dt.date) -> list[Problem]:
    """A firm verdict (eligible / not eligible) resting only on old or secondary documents: warn, so
    someone finds the current official page or makes the verdict conditional."""
    years = max_age_years(guide)
    found = []
    rules = [*(("programs", p.id, p.eligibility) for p in guide.programs.values()),
             *(("services", s.id, s.eligibility) for s in guide.services.values() if s.eligibility is not None)]
    for kind, rule_id, eligibility in rules:
        for start, entry in eligibility.values.items():
            if entry is None or entry.expected or current_support(entry, as_of, years):
                continue
            if all(r.kind is ReferenceKind.secondary for r in entry.references):
                continue  # the error "only secondary sources" already says it (check.truth_problems)
            for name in _firm(entry):
                loc = ("eligibility", "values", start.isoformat(), *(("others",) if name == "others"
                                                                    else ("statuses", name)))
                found.append(problem(resolved.records[kind][rule_id].where(loc), N_(
                    "this verdict (eligible or not eligible) rests only on documents dated more than {years} years "
                    "ago or on secondary sources: cite the current official page, or say 'conditional' with a note "
                    "(to confirm)"),
                    warning=True, years=years))
    return found


def _firm(entry: RuleEntry) -> list[str]:
    """The statuses a firm verdict names. `others: not_eligible` only closes the list of those the source
    names (made conditional, it would offer the service to every other status): it is not counted."""
    names = [name for name, rule in entry.statuses.items() if rule.value is not Verdict.conditional]
    if entry.others is not None and entry.others.value is Verdict.eligible:
        names.append("others")
    return names


def checked_on(references: Iterable[Any], fallback: dt.date | None = None) -> dt.date | None:
    """The day the sources shown were verified: the oldest date of the citations (a reference written
    inline without its own date takes the record's)."""
    days = [getattr(r, "verified_on", None) or fallback for r in references]
    return min((d for d in days if d is not None), default=fallback)
