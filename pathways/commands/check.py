"""The `check` command, and the checking pipeline it shares with `build`, `print` and `serve`: load → resolve → validate → evaluate,
plus the warnings that keep content true over time (unknown eligibility, reviews due, announced
changes not confirmed) and the rule that secondary sources never make a firm statement."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from pathways.rules.evaluate import Checked, Evaluation, evaluate, open_guide
from pathways.content.abbreviations import unexplained
from pathways.content.guide import Guide
from pathways.i18n import LANGUAGES, N_
from pathways.content.load import Content, load_content
from pathways.content.models import Eligibility, Verdict
from pathways.rules.pathway import applies
from pathways.content.placeholders import placeholders
from pathways.engine.pool import can_fork
from pathways.present.views import rests_on_secondary
from pathways.errors import Failed, Problem, Report, problem
from pathways.content.resolve import Merged, Resolved, resolve_community
from pathways.content.sources import future_citations, old_documents, unused_sources
from pathways.content.translations import community_origins, counts
from pathways.content.trust import closing_before_review, eligibility_in_prose, eligibility_in_words, missing_essentials, unreachable_key_contacts
from pathways.content.verification import pending_edits, shared_day
from pathways.content.validate import community_ids, future_verifications, prose_twins, validate_guide
from pathways.urls import output_clashes

REVIEWED_KINDS = ("organizations", "locations", "services", "steps")


@dataclass
class CheckResult:
    content: Content
    report: Report = field(default_factory=Report)
    communities: dict[str, Checked] = field(default_factory=dict)


def check(root: Path, communities: list[str] | None, as_of: dt.date) -> CheckResult:
    """Check the named communities (all of them when None), collecting every problem."""
    return check_content(load_content(root), communities, as_of)


def check_content(content: Content, communities: list[str] | None, as_of: dt.date) -> CheckResult:
    """`check` of content already loaded (the commands load it once to find the communities too)."""
    result = CheckResult(content)
    result.report.extend(content.problems)
    result.report.extend(prose_twins(content))
    result.report.extend(community_ids(content))  # one id per community, its folder's name
    result.report.extend(unused_sources(content))  # across every layer: a national source may serve one community
    cache: dict = {}  # inherited records are validated once, not once per community
    rulings: dict = {}  # and what the inherited rules decide for a chain of statuses is worked out once
    scanned: set[str] = set()  # layers already searched for placeholders (a national one serves every community)
    for community in communities if communities is not None else content.communities():
        resolved, problems = resolve_community(content, community)
        result.report.extend(problems)
        result.report.extend(placeholders(content, set(resolved.layers) - scanned))  # values still to fill in
        scanned.update(resolved.layers)
        guide, problems = validate_guide(resolved, cache)
        result.report.extend(problems)
        if guide is None:
            continue
        result.report.extend(truth_problems(resolved, guide))
        result.report.extend(future_verifications(resolved, guide, as_of))
        result.report.extend(future_citations(resolved, as_of))
        result.report.extend(old_documents(resolved, guide, as_of))
        result.report.extend(trust_problems(resolved, guide, as_of))
        result.report.extend(missing_essentials(content, resolved, guide))
        result.report.extend(freshness(resolved, guide, as_of))
        result.report.extend(output_clashes(resolved, guide))
        result.report.extend(foreign_status_names(resolved, guide))
        result.report.extend(unexplained(content, resolved, guide))  # abbreviations the glossary does not say
        result.report.extend(pending_edits(content, resolved, guide))  # what a verification round found changed
        result.report.extend(shared_day(resolved, guide))  # most checks on one day: a stamp, not a round
        guide = replace(guide, translated=community_origins(content.layers, resolved.layers))  # issue 22
        guide = open_guide(guide, as_of)  # closed services leave every later stage here, once
        evaluation = evaluate(guide, as_of, rulings)
        result.report.extend(unknown_eligibility(resolved, guide, evaluation))
        result.communities[community] = Checked(resolved, guide, evaluation)
    return result


# What the workers of `check_in_parallel` read: set before they fork, so the content is never copied to them.
_SHARED: tuple[Content, dt.date] | None = None

TranslationCounts = list[tuple[str, str, str, dict]]  # (layer id, community id, language, counts by state)


def check_in_parallel(content: Content, communities: list[str] | None, as_of: dt.date,
                      jobs: int) -> tuple[Report, TranslationCounts]:
    """`check` of many communities on every core: each worker (a fork, which sees the loaded content as it
    is) checks its share; the reports are merged (a set: what several shares find is said once). The
    report and counts are those of one process (tests/test_build_speed.py)."""
    global _SHARED
    chosen = communities if communities is not None else content.communities()
    if jobs < 2 or len(chosen) < 2 or not can_fork():
        return _checked_part(content, chosen, as_of)
    _SHARED = (content, as_of)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as workers:
            parts = list(workers.map(_check_share, [chosen[start::jobs] for start in range(jobs)]))
    finally:
        _SHARED = None
    report, counts = Report(), []
    for part_report, part_counts in parts:
        report.extend(part_report.problems)
        counts.extend(part_counts)
    return report, sorted(counts, key=lambda found: found[0])  # by community; languages in their order


def _check_share(communities: list[str]) -> tuple[Report, TranslationCounts]:
    assert _SHARED is not None
    return _checked_part(_SHARED[0], communities, _SHARED[1])


def _checked_part(content: Content, communities: list[str], as_of: dt.date) -> tuple[Report, TranslationCounts]:
    result = check_content(content, communities, as_of)
    return result.report, translation_counts(result)


def translation_counts(result: CheckResult) -> TranslationCounts:
    """For each community and added language: how many texts are translated, outdated, missing."""
    return [(layer_id, checked.guide.community.id, code, counts(result.content.layers, checked.resolved, code))
            for layer_id, checked in sorted(result.communities.items())
            for code in checked.guide.community.languages if code not in LANGUAGES]


def trust_problems(resolved: Resolved, guide: Guide, as_of: dt.date) -> list[Problem]:
    """Eligibility said in words, unreachable key contacts, closings before review (see trust.py)."""
    return [*eligibility_in_words(resolved, guide), *eligibility_in_prose(resolved),
            *unreachable_key_contacts(resolved, guide),
            *closing_before_review(resolved, guide, as_of)]


def truth_problems(resolved: Resolved, guide: Guide) -> list[Problem]:
    """A rule backed only by secondary sources may only say `conditional` (facts marked (?))."""
    found = []
    for kind, rule_id, eligibility in _rules(guide):
        for start, entry in eligibility.values.items():
            if entry is None or not rests_on_secondary(entry.references):
                continue
            firm = [(name, rule) for name, rule in entry.statuses.items() if rule.value is not Verdict.conditional]
            if entry.others is not None and entry.others.value is not Verdict.conditional:
                firm.append(("others", entry.others))
            for name, _ in firm:
                where = resolved.records[kind][rule_id].where(_entry_loc(start, name))
                found.append(problem(where, N_("only secondary sources support this: say 'conditional' with a note "
                                               "(to confirm), or add an official source")))
    return found


def foreign_status_names(resolved: Resolved, guide: Guide) -> list[Problem]:
    """A step body shown to every status it applies to must not speak to another status: it names, in
    that language, a leaf status the step applies to nowhere (per-status words go in `notes`)."""
    found = []
    leaves = guide.leaf_statuses()
    for step in guide.steps.values():
        shown_to = [s.id for s in leaves if applies(guide, step, s.id)]
        if not shown_to:
            continue
        for lang in ("fr", "en"):
            body = step.body[lang].lower()
            named = [s for s in leaves if s.id not in shown_to and _names(body, s.name[lang].lower())
                     and not any(s.name[lang].lower() in guide.statuses[o].name[lang].lower() for o in shown_to)]
            for status in named:
                found.append(problem(resolved.records["steps"][step.id].where(("body", lang)),
                                     N_("this step's text names '{status}', a status it is not shown to: move "
                                        "those words to 'notes' of the statuses they are for"),
                                     warning=True, status=status.name[lang]))
    return found


def _names(text: str, name: str) -> bool:
    # The plain substring test first: a step rarely holds another status's name, and `check` asks for every
    # step, status and language of every community.
    return name in text and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def unknown_eligibility(resolved: Resolved, guide: Guide, evaluation: Evaluation) -> list[Problem]:
    found = []
    leaves = [s.id for s in guide.leaf_statuses()]
    for service_id in sorted(guide.services):
        unknown = [st for st in leaves if evaluation.of(st, service_id).value == "unknown"]
        if unknown:
            found.append(problem(resolved.records["services"][service_id].where(("id",)),
                                 N_("no rule says whether these statuses may use this service: {statuses} "
                                    "(readers are told to ask the organization)"),
                                 warning=True, statuses=", ".join(unknown)))
    return found


def freshness(resolved: Resolved, guide: Guide, as_of: dt.date) -> list[Problem]:
    found = []
    for kind in REVIEWED_KINDS:
        for record_id, record in getattr(guide, kind).items():
            due = review_due(record.verified_on, record.review_by, guide.review_period(kind, record_id))
            if due is not None and due < as_of:
                found.append(_review_due(resolved.records[kind][record_id], (_due_field(record),), due))
    for kind, rule_id, eligibility in _rules(guide):
        merged = resolved.records[kind][rule_id]
        period = guide.review_period(kind, rule_id)
        for start, entry in _current_and_upcoming(eligibility, as_of):
            if entry is None:
                continue
            due = review_due(entry.verified_on, entry.review_by, period)
            if due is not None and due < as_of:
                found.append(_review_due(merged, ("eligibility", "values", start.isoformat(), _due_field(entry)), due))
            if entry.expected and start <= as_of:
                found.append(problem(merged.where(("eligibility", "values", start.isoformat(), "expected")),
                                     N_("the change announced for {date} is still marked expected: confirm it took "
                                        "effect and remove 'expected: true'"), warning=True, date=start))
    return found


def review_due(verified_on: dt.date, review_by: dt.date | None, period: int | None) -> dt.date | None:
    """A review_by after the last review rules; one the review has reached (verified_on updated as the
    warning advises) is done, and the period counts from the new verified_on."""
    if review_by is not None and review_by > verified_on:
        return review_by
    return verified_on + dt.timedelta(days=period) if period else None


def _due_field(record) -> str:
    """The line a due review points at: review_by when it set the date, else verified_on."""
    return "review_by" if record.review_by is not None and record.review_by > record.verified_on else "verified_on"


def _review_due(record: Merged, loc: tuple, due: dt.date) -> Problem:
    message = (N_("review date {date} has passed: check the sources again, update verified_on and remove this "
                  "review_by (or set the next one)") if loc[-1] == "review_by" else
               N_("review date {date} has passed: check the sources again and update verified_on"))
    return problem(record.where(loc), message, warning=True, date=due)


def _current_and_upcoming(eligibility: Eligibility, as_of: dt.date):
    items = list(eligibility.values.items())
    current = [i for i, (start, _) in enumerate(items) if start <= as_of]
    first = current[-1] if current else 0
    return items[first:]


def _rules(guide: Guide):
    yield from (("programs", p.id, p.eligibility) for p in guide.programs.values())
    yield from (("services", s.id, s.eligibility) for s in guide.services.values() if s.eligibility is not None)


def _entry_loc(start: dt.date, status: str) -> tuple:
    base = ("eligibility", "values", start.isoformat())
    return (*base, "others") if status == "others" else (*base, "statuses", status)


def run_check(args) -> None:
    """`pathways check`: every problem of the content, all at once; `Failed` when any is an error (or, with
    `--strict`, a warning)."""
    from pathways.commands.common import communities_arg, load_for, print_report, print_translation_summary
    from pathways.engine.pool import default_jobs

    content = load_for(args)
    report, counts = check_in_parallel(content, communities_arg(args, content), args.as_of, default_jobs())
    print_report(report, args.lang, args.strict)
    print_translation_summary(counts, args.lang)
    if report.failed(args.strict):
        raise Failed
