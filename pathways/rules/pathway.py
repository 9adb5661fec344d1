"""Selection: what one status's pathway holds in one community — its steps by stage and the services by
verdict. `present` turns this selection into the views the web pages and the booklets show."""

from __future__ import annotations

from dataclasses import dataclass

from pathways.rules.evaluate import Decision, Evaluation
from pathways.content.guide import Guide
from pathways.i18n import N_
from pathways.content.models import GlanceRow, Service, Stage, Status, Step

STAGE_ORDER = list(Stage)
EMERGENCY_TOPIC = "emergencies"  # its services are the emergency numbers on the home page and booklets
STAGE_NAMES = {
    Stage.before_arrival: N_("Before you arrive"),
    Stage.first_days: N_("The first days"),
    Stage.first_weeks: N_("The first weeks"),
    Stage.first_months: N_("The first months"),
    Stage.first_year: N_("The first year"),
    Stage.citizenship: N_("Towards citizenship"),
}


@dataclass(frozen=True)
class ServiceUse:
    service: Service
    decision: Decision


@dataclass(frozen=True)
class Pathway:
    status: Status
    stages: tuple[tuple[Stage, tuple[Step, ...]], ...]  # only stages that have steps, in order
    usable: tuple[ServiceUse, ...]  # eligible or conditional
    not_usable: tuple[ServiceUse, ...]  # not_eligible
    unknown: tuple[ServiceUse, ...]  # no rule: "ask the organization"


def applies(guide: Guide, step: Step, status_id: str) -> bool:
    """A step applies if it names the status (or an ancestor), does not exclude it, and fits the province."""
    if step.provinces and guide.community.province not in step.provinces:
        return False
    return guide.covers(step.applies_to, status_id) and not guide.covers(step.except_, status_id)


def steps_for(guide: Guide, status_id: str) -> list[tuple[Stage, list[Step]]]:
    chosen = [step for step in guide.steps.values() if applies(guide, step, status_id)]
    by_stage = []
    for stage in STAGE_ORDER:
        steps = sorted((s for s in chosen if s.stage is stage), key=lambda s: (s.order, s.id))
        if steps:
            by_stage.append((stage, steps))
    return by_stage


def pathway(guide: Guide, evaluation: Evaluation, status_id: str, lang: str | None = None) -> Pathway:
    """Services come in alphabetical order of their name in `lang` (default: the community's language)."""
    lang = lang or guide.community.default_language
    uses = [ServiceUse(guide.services[sid], evaluation.of(status_id, sid)) for sid in guide.services]
    uses.sort(key=lambda u: (u.service.name[lang].lower(), u.service.id))

    def having(*values: str) -> tuple[ServiceUse, ...]:
        return tuple(u for u in uses if u.decision.value in values)

    return Pathway(
        status=guide.statuses[status_id],
        stages=tuple((stage, tuple(steps)) for stage, steps in steps_for(guide, status_id)),
        usable=having("eligible", "conditional"),
        not_usable=having("not_eligible"),
        unknown=having("unknown"),
    )


def emergency_order(service: Service) -> tuple:
    """911 first (life in danger), then the other short numbers (811, 211, 988…), then the rest."""
    number = service.phones[0].number if service.phones else "9999999999"
    digits = "".join(ch for ch in number if ch.isdigit())
    return (digits != "911", len(digits), digits, service.id)


def service_needs(guide: Guide, service: Service) -> tuple[GlanceRow, ...]:
    """The needs ("At a glance" rows) a service answers: its own `at_a_glance`, else, when its programs decide
    for it (no rule of its own), the rows every one of its programs stands behind (a clinic funded by IFHP and
    by the Settlement Program is open through IFHP: that says nothing of settlement help). A service with its
    own rule and no `at_a_glance` answers none: an emergency room open to all is no health coverage."""
    if service.at_a_glance is not None:
        return tuple(service.at_a_glance)
    programs = [guide.programs[p] for p in service.programs if p in guide.programs]
    if service.eligibility is not None or not programs:
        return ()
    return tuple(row for row in programs[0].at_a_glance if all(row in p.at_a_glance for p in programs[1:]))


def urgency(step: Step, position: int) -> tuple[int, int, int]:
    """The order of "Do this first": steps with a time limit in days first (fewest days first), then steps
    with another deadline (a date on the reader's papers, "as soon as you arrive"), then the rest; page order
    within each."""
    if step.deadline_days is not None:
        return (0, step.deadline_days, position)
    return (1 if step.deadline is not None else 2, 0, position)
