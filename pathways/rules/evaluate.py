"""Evaluate stage: who may use what, on a given date, and why.

For a status and a service at `as_of`:
- the service's own rule decides if it has one; otherwise the union of its funding programs' rules:
  eligible if any program covers the status (that program named), else conditional if any program
  says so, else not_eligible if every program excludes it, else `unknown`;
- a rule is the entry with the latest start date on or before `as_of`; a `null` entry ended the rule
  (the status is then `unknown`, never the old value); an entry for a parent status covers its children
  unless the child is listed; `others` covers every status not listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Literal

from pathways.content.guide import Guide, LifecycleEvent
from pathways.content.models import Eligibility, Reference, RuleEntry, Text
from pathways.content.resolve import Resolved
from pathways.content.sources import checked_on

Value = Literal["eligible", "not_eligible", "conditional", "unknown"]
RECENT_DAYS = 180


@dataclass(frozen=True)
class Ruling:
    """What one dated rule says for one status: the provenance of a decision."""

    value: Value
    note: Text | None
    rule_kind: Literal["program", "service"]
    rule_id: str
    start: dt.date
    matched: str  # the status id the rule names (the status or an ancestor), or "others"
    entry: RuleEntry

    @property
    def references(self) -> list[Reference]:
        return self.entry.references

    @property
    def verified_on(self) -> dt.date:
        """The day its sources were verified (the citations' dates; see sources.checked_on)."""
        return checked_on(self.entry.references, self.entry.verified_on)

    @property
    def expected(self) -> bool:
        return self.entry.expected


@dataclass(frozen=True)
class Decision:
    status: str
    service: str
    value: Value
    rulings: tuple[Ruling, ...] = ()  # the rulings that decided it (empty when unknown)
    since: dt.date | None = None  # the day this verdict replaced another one (CUAET: not eligible since 2025-04-01)
    until: dt.date | None = None  # the last day of this verdict, when a later entry gives another one
    until_expected: bool = False  # that later entry is only announced

    @property
    def references(self) -> list[Reference]:
        return [ref for r in self.rulings for ref in r.references]

    @property
    def verified_on(self) -> dt.date | None:
        return min((r.verified_on for r in self.rulings), default=None)


@dataclass(frozen=True)
class Change:
    """A dated entry of a rule that took effect recently, or is announced."""

    rule_kind: Literal["program", "service"]
    rule_id: str
    start: dt.date
    entry: RuleEntry | None  # None: the rule ended
    previous: RuleEntry | None
    upcoming: bool


@dataclass(frozen=True)
class Evaluation:
    as_of: dt.date
    decisions: dict[tuple[str, str], Decision] = field(default_factory=dict)  # (status, service)
    programs: dict[tuple[str, str], Ruling | None] = field(default_factory=dict)  # (status, program)
    changes: tuple[Change, ...] = ()
    program_dates: dict[tuple[str, str], tuple[dt.date | None, dt.date | None, bool]] = field(default_factory=dict)

    def of(self, status: str, service: str) -> Decision:
        return self.decisions[(status, service)]


@dataclass
class Checked:
    """One community as every later stage receives it: its layers merged, validated and evaluated."""

    resolved: Resolved
    guide: Guide
    evaluation: Evaluation


def entry_in_force(eligibility: Eligibility, as_of: dt.date) -> tuple[dt.date, RuleEntry | None] | None:
    """The (start, entry) in force on `as_of`; None before the first start date."""
    current = None
    for start, entry in eligibility.values.items():
        if start > as_of:
            break
        current = (start, entry)
    return current


def rule_for(guide: Guide, eligibility: Eligibility, kind: Literal["program", "service"], rule_id: str,
             status: str, as_of: dt.date) -> Ruling | None:
    """What one rule says for one status on `as_of`, or None if it says nothing (unknown)."""
    in_force = entry_in_force(eligibility, as_of)
    if in_force is None or in_force[1] is None:
        return None
    start, entry = in_force
    for name in guide.ancestors(status):
        if name in entry.statuses:
            rule = entry.statuses[name]
            return Ruling(rule.value.value, rule.note, kind, rule_id, start, name, entry)
    if entry.others is not None:
        return Ruling(entry.others.value.value, entry.others.note, kind, rule_id, start, "others", entry)
    return None


RuleRef = tuple[Literal["program", "service"], str, Eligibility]


def rules_of(guide: Guide, service_id: str) -> list[RuleRef]:
    """The rules that decide for a service: its own, else those of its funding programs."""
    service = guide.services[service_id]
    if service.eligibility is not None:
        return [("service", service_id, service.eligibility)]
    return [("program", p, guide.programs[p].eligibility) for p in service.programs if p in guide.programs]


def decide(guide: Guide, status: str, service_id: str, as_of: dt.date) -> Decision:
    rules = rules_of(guide, service_id)
    value, deciding = _combined(guide, rules, status, as_of)
    since, until, announced = verdict_dates(guide, rules, status, as_of, value)
    return Decision(status, service_id, value, deciding, since, until, announced)


def _combined(guide: Guide, rules: list[RuleRef], status: str, day: dt.date) -> tuple[Value, tuple[Ruling, ...]]:
    return combine([rule_for(guide, eligibility, kind, rule_id, status, day) for kind, rule_id, eligibility in rules])


def verdict_dates(guide: Guide, rules: list[RuleRef], status: str, as_of: dt.date,
                  value: Value) -> tuple[dt.date | None, dt.date | None, bool]:
    """When the verdict `value` of these rules began (the start date of the entry that changed it from another
    known verdict) and the last day it holds (the day before a later entry, perhaps announced, changes it)."""
    starts = sorted({start for _, _, eligibility in rules for start in eligibility.values})
    since = None
    for start in reversed([d for d in starts if d <= as_of]):
        before = _combined(guide, rules, status, start - dt.timedelta(days=1))[0]
        if before != value:
            since = start if before != "unknown" else None
            break
    for start in (d for d in starts if d > as_of):
        after = _combined(guide, rules, status, start)[0]
        if after != value:
            announced = any(getattr(e.values.get(start), "expected", False) for _, _, e in rules)
            return since, start - dt.timedelta(days=1), announced
    return since, None, False


def union_of(values: list[str]) -> str:
    """The verdict of several verdicts (a need's programs and services): the union, as `combine` says it of
    rulings — eligible if any is, else conditional if any is, else not_eligible if all are, else unknown."""
    for value in ("eligible", "conditional"):
        if value in values:
            return value
    return "not_eligible" if values and all(v == "not_eligible" for v in values) else "unknown"


def combine(rulings: list[Ruling | None]) -> tuple[Value, tuple[Ruling, ...]]:
    """The union of several rules (a service's programs, the programs behind an "At a glance" row):
    eligible if any rule covers the status, else conditional if any says so, else not_eligible if every
    rule excludes it, else unknown. Returns the verdict and the rulings that decided it."""
    known = [r for r in rulings if r is not None]
    for value in ("eligible", "conditional"):
        deciding = tuple(r for r in known if r.value == value)
        if deciding:
            return value, deciding  # type: ignore[return-value]
    if known and len(known) == len(rulings):
        return "not_eligible", tuple(known)
    return "unknown", ()


def changes(guide: Guide, as_of: dt.date, recent_days: int = RECENT_DAYS) -> tuple[Change, ...]:
    """Rule entries that started in the last `recent_days`, and every entry announced after `as_of`."""
    since = as_of - dt.timedelta(days=recent_days)
    rules = [("program", p.id, p.eligibility) for p in guide.programs.values()]
    rules += [("service", s.id, s.eligibility) for s in guide.services.values() if s.eligibility is not None]
    found = []
    for kind, rule_id, eligibility in rules:
        previous = None
        for index, (start, entry) in enumerate(eligibility.values.items()):
            if since < start and index > 0:
                found.append(Change(kind, rule_id, start, entry, previous, upcoming=start > as_of))
            previous = entry
    return tuple(sorted(found, key=lambda c: (c.start, c.rule_kind, c.rule_id)))


def evaluate(guide: Guide, as_of: dt.date, shared: dict | None = None) -> Evaluation:
    """Every status × service decision and status × program ruling of the guide on `as_of`. `shared` may serve
    several guides (`check` of many communities): what a status's ancestors and the same rule objects (the
    national and provincial programs, validated once) decide is worked out once (`_shared_rules`)."""
    memo = {} if shared is None else shared
    statuses = [s.id for s in guide.sorted_statuses()]
    ancestors = {st: tuple(guide.ancestors(st)) for st in statuses}
    decisions = {}
    for st in statuses:
        for svc in sorted(guide.services):
            value, deciding, since, until, announced = _shared_rules(
                memo, "decision", rules_of(guide, svc), ancestors[st], as_of,
                lambda rules, st=st: _decision_of(guide, rules, st, as_of))
            decisions[(st, svc)] = Decision(st, svc, value, deciding, since, until, announced)
    programs, program_dates = {}, {}
    for st in statuses:
        for p in guide.programs.values():
            rules: list[RuleRef] = [("program", p.id, p.eligibility)]
            programs[(st, p.id)], program_dates[(st, p.id)] = _shared_rules(
                memo, "program", rules, ancestors[st], as_of, lambda rules, st=st: _program_of(guide, rules, st, as_of))
    return Evaluation(as_of, decisions, programs, changes(guide, as_of), program_dates)


def _shared_rules(memo: dict, what: str, rules: list[RuleRef], ancestors: tuple[str, ...], as_of: dt.date,
                  work: Callable[[list[RuleRef]], Any]) -> Any:
    """`work(rules)` for these rule objects and this chain of statuses, once per `memo`: a rule's ruling for a
    status reads only its eligibility and the status's ancestors (`rule_for`). The rule objects are kept in
    the memo beside the answer, so no key's object identity is ever reused by another object."""
    key = (what, ancestors, as_of, tuple((kind, rule_id, id(eligibility)) for kind, rule_id, eligibility in rules))
    found = memo.get(key)
    if found is None:
        found = memo[key] = (work(rules), rules)
    return found[0]


def _decision_of(guide: Guide, rules: list[RuleRef], status: str, as_of: dt.date) -> tuple:
    value, deciding = _combined(guide, rules, status, as_of)
    return (value, deciding, *verdict_dates(guide, rules, status, as_of, value))


def _program_of(guide: Guide, rules: list[RuleRef], status: str, as_of: dt.date) -> tuple:
    (kind, rule_id, eligibility), = rules
    ruling = rule_for(guide, eligibility, kind, rule_id, status, as_of)
    return ruling, verdict_dates(guide, rules, status, as_of, ruling.value if ruling else "unknown")


def open_guide(guide: Guide, as_of: dt.date, recent_days: int = RECENT_DAYS) -> Guide:
    """The guide as it stands on `as_of`: services and organisations not yet open or already closed
    (`opens_on` / `closes_on`) are left out — with their locations, and the services of a closed
    organisation — so every later stage (pages, booklets) lists only what a reader can still use. What
    opened or closed in the last `recent_days`, or will, is kept in `lifecycle` for the changes page."""
    organizations = {i: o for i, o in guide.organizations.items() if o.open_on(as_of)}
    programs, replaced = _offered_programs(guide)
    services = {i: s for i, s in guide.services.items() if s.open_on(as_of) and s.organization in organizations}
    services = {i: s if set(s.programs) <= set(programs)
                else s.model_copy(update={"programs": [p for p in s.programs if p in programs]})
                for i, s in services.items()}
    locations = {i: loc for i, loc in guide.locations.items() if loc.organization in organizations}
    steps = {i: _open_step(step, services, programs, replaced) for i, step in guide.steps.items()}
    return replace(guide, organizations=organizations, programs=programs, services=services, locations=locations,
                   steps=steps, lifecycle=_lifecycle_events(guide, as_of, as_of - dt.timedelta(days=recent_days)))


def _offered_programs(guide: Guide) -> tuple[dict, dict[str, list[str]]]:
    """The programs that run in this community's province, and, for each one that does not (`not_offered`,
    set in the province's layer: RAP in Québec), the programs that take its place there."""
    replaced = {i: [r for r in p.not_offered.replaced_by if r in guide.programs]
                for i, p in guide.programs.items() if p.not_offered is not None}
    return {i: p for i, p in guide.programs.items() if i not in replaced}, replaced


def _open_step(step, services: dict, programs: dict, replaced: dict[str, list[str]]):
    """A step naming only what is open and offered here: a program that does not run in this province is
    replaced by the programs that take its place (each then shown with its own verdict)."""
    names = [r for p in step.programs for r in ([p] if p in programs else replaced.get(p, []))]
    update = {}
    if not set(step.services) <= set(services):
        update["services"] = [s for s in step.services if s in services]
    if names != step.programs:
        update["programs"] = list(dict.fromkeys(names))
    return step.model_copy(update=update) if update else step


def _lifecycle_events(guide: Guide, as_of: dt.date, since: dt.date) -> tuple[LifecycleEvent, ...]:
    found = []
    for kind in ("organizations", "services"):
        for record_id, record in getattr(guide, kind).items():
            for event, day in (("opens", record.opens_on), ("closes", record.closes_on)):
                if day is not None and since < day:
                    found.append(LifecycleEvent(kind, record_id, record.name, day, event, upcoming=day > as_of))
    return tuple(sorted(found, key=lambda e: (e.day, e.kind, e.record_id, e.event)))
