"""Present stage: a checked guide → typed views in one language, for the web page and the booklet alike.

Every presentation rule is decided here, once: what "to confirm" means, the verdict labels, the contact
fallback and the 211 referral, how an address and a phone are written, language names, "checked on"
dates, which Markdown becomes HTML (through `sanitize.content_html`), source de-duplication and the
source title/URL in the reader's language, the per-status notes of a step. Templates receive these
frozen views, never the Guide, so a service card says the same thing on a page and on paper.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale
from markupsafe import Markup

from . import urls
from .evaluate import Decision, Evaluation, Ruling, combine
from .guide import Guide
from .i18n import N_, gettext_for, long_date, phone_text
from .models import GlanceRow, Reference, ReferenceKind, RuleEntry, Service, Step
from .pathway import EMERGENCY_TOPIC, STAGE_NAMES, emergency_order, pathway
from .sanitize import content_html
from .sources import checked_on

REFERRAL_NUMBER = "211"
VERDICTS = {
    "eligible": N_("You can use it"),
    "conditional": N_("Under conditions"),
    "not_eligible": N_("Not for this status"),
    "unknown": N_("Ask the organization"),
}
GLANCE_LABELS = {
    GlanceRow.health_coverage: N_("Health coverage"),
    GlanceRow.work: N_("Work"),
    GlanceRow.school: N_("School for children"),
    GlanceRow.language_classes: N_("French or English classes"),
    GlanceRow.settlement_help: N_("Settlement help"),
    GlanceRow.income_support: N_("Income support"),
    GlanceRow.legal_aid: N_("Legal aid"),
}


# ---------------------------------------------------------------- what "to confirm" means


def rests_on_secondary(references: list[Reference]) -> bool:
    """Only secondary sources (news, blogs) support it: never a firm statement."""
    return bool(references) and all(ref.kind is ReferenceKind.secondary for ref in references)


def entry_to_confirm(entry: RuleEntry) -> bool:
    return entry.expected or rests_on_secondary(entry.references)


def to_confirm(rulings: tuple[Ruling, ...]) -> bool:
    """A verdict is to confirm when every rule behind it rests only on secondary sources or is only announced."""
    return bool(rulings) and all(entry_to_confirm(r.entry) for r in rulings)


# ---------------------------------------------------------------- views


@dataclass(frozen=True)
class Badge:
    """A verdict as shown: one element, so a screen reader says "You can use it — to confirm"."""

    value: str  # eligible, conditional, not_eligible, unknown
    label: str
    confirm: str | None  # "to confirm", or None when the verdict is firm

    @property
    def text(self) -> str:
        return f"{self.label} — {self.confirm}" if self.confirm else self.label


@dataclass(frozen=True)
class SourceLink:
    title: str
    url: str
    secondary: bool
    kind: str = ReferenceKind.policy.value  # law, policy, practice, secondary
    date: dt.date | None = None  # the date the document itself shows


@dataclass(frozen=True)
class PhoneLine:
    number: str  # "819-374-2002, poste 3": the number as printed, extension in words
    tel_uri: str
    description: str | None = None  # "Accueil"

    @property
    def text(self) -> str:
        """"819-374-2002, poste 3 (Accueil)"."""
        return f"{self.number} ({self.description})" if self.description else self.number


@dataclass(frozen=True)
class Place:
    """A location of a service: the address only when a public source confirms it."""

    name: str
    address: str | None  # "1234 Main Street, Brooks, AB, T1R 0A1"; None: not confirmed, never shown
    accessibility: str | None
    transit: str | None

    @property
    def line(self) -> str:
        return f"{self.name} — {self.address}"


@dataclass(frozen=True)
class Card:
    """One service for one status: the same on the status page and in the booklet."""

    id: str
    url: str  # its page, relative to the language root
    name: str
    organization: str
    description: str
    badge: Badge
    note: str | None  # the condition of a conditional verdict
    addresses: tuple[str, ...]  # only confirmed addresses
    phones: tuple[PhoneLine, ...]  # only confirmed numbers
    hours: str | None
    cost: str | None
    languages: str | None
    documents: tuple[str, ...]
    how_to_access: str | None
    website: str | None
    fallback: str | None  # what to do when no address or phone is confirmed
    programs: tuple[str, ...]  # programs whose rule decided
    sources: tuple[SourceLink, ...]
    verified_on: str
    layer: int  # 0 community, 1 province, 2 national: local help comes first
    topic: str  # the need it is grouped under


@dataclass(frozen=True)
class Link:
    """A service or program named by a step, with this status's verdict beside it."""

    name: str
    url: str | None
    badge: Badge


@dataclass(frozen=True)
class StepItem:
    id: str
    anchor: str
    number: int  # the same number in the checklist and in the details
    title: str
    deadline: str | None
    body: Markup
    note: Markup | None  # written for this status only
    documents: tuple[str, ...]
    links: tuple[Link, ...]
    sources: tuple[SourceLink, ...]
    verified_on: str
    priority: bool


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    steps: tuple[StepItem, ...]


@dataclass(frozen=True)
class GlanceLine:
    label: str
    badge: Badge
    via: tuple[str, ...]  # the programs behind the verdict
    note: str | None


@dataclass(frozen=True)
class Group:
    name: str
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class NotForYou:
    card: Card
    instead: Card | None  # a service of the same need this status may use, else the 211 referral


@dataclass(frozen=True)
class StatusView:
    id: str
    lang: str
    name: str
    description: str
    document: str
    changes: str | None
    parent: Link | None
    first: tuple[StepItem, ...]  # "Do this first"
    glance: tuple[GlanceLine, ...]
    emergencies: tuple[Card, ...]  # short emergency and help numbers
    local: tuple[Group, ...]  # community services, by need
    wider: tuple[Group, ...]  # provincial then national services, by need
    not_for_you: tuple[NotForYou, ...]
    ask: tuple[Card, ...]  # no rule says: ask the organization
    stages: tuple[Stage, ...]
    referral: Card | None
    verified_on: dt.date | None  # the oldest verification date of what the view states
    checked: str  # "1 June 2026", or a range

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(c for g in (*self.local, *self.wider) for c in g.cards)


# ---------------------------------------------------------------- building the views


class Presenter:
    """Views of one guide in one language: the lookups every view shares."""

    def __init__(self, guide: Guide, evaluation: Evaluation, lang: str):
        self.guide, self.evaluation, self.lang = guide, evaluation, lang
        self._ = gettext_for(lang)

    def badge(self, value: str, rulings: tuple[Ruling, ...]) -> Badge:
        return Badge(value, self._(VERDICTS[value]), self._(N_("to confirm")) if to_confirm(rulings) else None)

    def announced(self) -> Badge:
        """An announced rule that is not in force yet: conditional, and to confirm until it is."""
        value = "conditional"
        return Badge(value, self._(VERDICTS[value]), self._(N_("to confirm")))

    def sources(self, references: list[Reference]) -> tuple[SourceLink, ...]:
        return source_links(references, self.lang)

    def date(self, day: dt.date) -> str:
        return long_date(day, self.lang)

    def card(self, status_id: str, service_id: str) -> Card:
        guide, lang = self.guide, self.lang
        service = guide.services[service_id]
        decision = self.evaluation.of(status_id, service_id)
        organization = guide.organizations[service.organization]
        phones = tuple(self.phone(p) for p in service.phones or organization.phones)
        addresses = tuple(self._addresses(service))
        website = service.url or organization.url
        verified = min(d for d in (checked_on(service.references, service.verified_on), decision.verified_on)
                       if d is not None)
        return Card(
            id=service.id, url=urls.service_url(service.id), name=service.name[lang],
            organization=organization.name[lang], description=service.description[lang],
            badge=self.badge(decision.value, decision.rulings), note=self._condition(decision),
            addresses=addresses, phones=phones, hours=_text(service.hours, lang), cost=_text(service.cost, lang),
            languages=self._language_names(service.languages), documents=tuple(d[lang] for d in service.documents),
            how_to_access=_text(service.how_to_access, lang), website=website,
            fallback=None if (addresses or phones) else self._fallback(website),
            programs=self._programs(decision),
            sources=self.sources(decision.references or service.references),  # the rule's; else the service's
            verified_on=self.date(verified), layer=self._layer(service), topic=self._topic(service),
        )

    def _fallback(self, website: str | None) -> str:
        if website:
            return self._(N_("No confirmed phone or address: see the website, or call 211."))
        return self._(N_("No confirmed phone or address: call 211."))

    def phone(self, phone) -> PhoneLine:
        description = phone.description[self.lang] if phone.description else None
        return PhoneLine(phone_text(phone, self.lang), phone.tel_uri, description)

    def places(self, service: Service) -> tuple[Place, ...]:
        """The service's known locations, in its order (an unknown location id is skipped)."""
        found = []
        for location_id in service.locations:
            location = self.guide.locations.get(location_id)
            if location is None:
                continue
            a = location.address
            where = ", ".join(x for x in (a.address_1, a.city, a.region, a.postal_code) if x) if a else None
            found.append(Place(location.name[self.lang], where, _text(location.accessibility, self.lang),
                               _text(location.transit, self.lang)))
        return tuple(found)

    def _addresses(self, service: Service):
        return (place.line for place in self.places(service) if place.address)  # an unconfirmed one never shows

    def language_names(self, codes: list[str]) -> tuple[str, ...]:
        """Language names in the reader's language ("anglais", "English")."""
        names = Locale.parse(self.lang).languages
        return tuple(names.get(code, code) for code in codes)

    def _language_names(self, codes: list[str]) -> str | None:
        return ", ".join(self.language_names(codes)) or None

    def _condition(self, decision: Decision) -> str | None:
        if decision.value != "conditional":
            return None
        notes = [r.note[self.lang] for r in decision.rulings if r.note is not None]
        return " ".join(dict.fromkeys(notes)) or None

    def _programs(self, decision: Decision) -> tuple[str, ...]:
        names = [self.guide.programs[r.rule_id].name[self.lang] for r in decision.rulings if r.rule_kind == "program"]
        return tuple(dict.fromkeys(names))

    def _layer(self, service: Service) -> int:
        """0 for the community's own services, 1 for the province's, 2 for national ones."""
        layers = self.guide.layers
        layer = self.guide.layer_of.get(("services", service.id), layers[0])
        return max(0, len(layers) - 1 - layers.index(layer)) if layer in layers else 2

    def _topic(self, service: Service) -> str:
        topic = self.guide.topics.get(service.topics[0])
        return topic.id if topic else service.topics[0]

    def referral(self, status_id: str) -> Card | None:
        """Where people are sent when a service is closed to them: the service answering 211, if any."""
        for sid in sorted(self.guide.services):
            if any(phone.national == REFERRAL_NUMBER for phone in self.guide.services[sid].phones):
                return self.card(status_id, sid)
        return None

    # ------------------------------------------------------------ steps and the at-a-glance table

    def step(self, status_id: str, step: Step, number: int) -> StepItem:
        lang, guide = self.lang, self.guide
        notes = [step.notes[s][lang] for s in reversed(guide.ancestors(status_id)) if s in step.notes]
        return StepItem(
            id=step.id, anchor=f"step-{step.id}", number=number, title=step.title[lang],
            deadline=_text(step.deadline, lang), body=content_html(step.body[lang]),
            note=content_html("\n\n".join(notes)) if notes else None,
            documents=tuple(d[lang] for d in step.documents), links=self._step_links(status_id, step),
            sources=self.sources(step.references), verified_on=self.date(_step_checked(step)), priority=step.priority,
        )

    def _step_links(self, status_id: str, step: Step) -> tuple[Link, ...]:
        """Each service and program a step names, with the evaluated verdict for this status."""
        links = []
        for sid in step.services:
            if sid in self.guide.services:
                d = self.evaluation.of(status_id, sid)
                links.append(Link(self.guide.services[sid].name[self.lang], urls.service_url(sid),
                                  self.badge(d.value, d.rulings)))
        for pid in step.programs:
            if pid in self.guide.programs:
                ruling = self.evaluation.programs.get((status_id, pid))
                value, rulings = combine([ruling])
                program = self.guide.programs[pid]
                links.append(Link(program.name[self.lang], program.url, self.badge(value, rulings)))
        return tuple(links)

    def glance(self, status_id: str) -> tuple[GlanceLine, ...]:
        lines = []
        for row in GlanceRow:
            programs = sorted(p.id for p in self.guide.programs.values() if row in p.at_a_glance)
            if not programs:
                continue  # no program stands behind this row here: nothing is said
            value, rulings = combine([self.evaluation.programs.get((status_id, p)) for p in programs])
            via = tuple(dict.fromkeys(self.guide.programs[r.rule_id].name[self.lang] for r in rulings))
            notes = [r.note[self.lang] for r in rulings if r.note is not None and value == "conditional"]
            lines.append(GlanceLine(self._(GLANCE_LABELS[row]), self.badge(value, rulings), via,
                                    " ".join(dict.fromkeys(notes)) or None))
        return tuple(lines)

    # ------------------------------------------------------------ the status view

    def status(self, status_id: str) -> StatusView:
        guide, lang = self.guide, self.lang
        way = pathway(guide, self.evaluation, status_id, lang)
        status = way.status
        numbers = iter(range(1, len(guide.steps) + 1))
        stages = tuple(Stage(stage.value, self._(STAGE_NAMES[stage]),
                             tuple(self.step(status_id, s, next(numbers)) for s in steps))
                       for stage, steps in way.stages)
        usable = [self.card(status_id, u.service.id) for u in way.usable]
        emergencies = [c for c, u in zip(usable, way.usable) if _emergency_number(u.service)]
        emergencies.sort(key=lambda c: emergency_order(guide.services[c.id]))
        helpers = [c for c in usable if c not in emergencies]
        referral = self.referral(status_id)
        parent = guide.statuses.get(status.parent) if status.parent else None
        steps = [s for _, group in way.stages for s in group]
        dates = [_step_checked(s) for s in steps]
        dates += [d for u in (*way.usable, *way.not_usable)
                  for d in (checked_on(u.service.references, u.service.verified_on), u.decision.verified_on) if d]
        return StatusView(
            id=status.id, lang=lang, name=status.name[lang], description=status.description[lang],
            document=status.document[lang], changes=_text(status.changes, lang),
            parent=Link(parent.name[lang], urls.status_url(parent.id), self.badge("unknown", ())) if parent else None,
            first=tuple(item for stage in stages for item in stage.steps if item.priority),
            glance=self.glance(status_id), emergencies=tuple(emergencies),
            local=self._groups([c for c in helpers if c.layer == 0]),
            wider=self._groups([c for c in helpers if c.layer > 0]),
            not_for_you=tuple(self._instead(status_id, u.service.id, helpers, referral) for u in way.not_usable),
            ask=tuple(self.card(status_id, u.service.id) for u in way.unknown),
            stages=stages, referral=referral, verified_on=min(dates, default=None), checked=self._range(dates),
        )

    def _groups(self, cards: list[Card]) -> tuple[Group, ...]:
        """Cards by need (their first topic), needs in topic order, nearer layers first within a need."""
        topics = sorted(self.guide.topics.values(), key=lambda t: (t.order, t.id))
        groups = []
        for topic in topics:
            chosen = sorted((c for c in cards if c.topic == topic.id), key=lambda c: (c.layer, c.name.lower(), c.id))
            if chosen:
                groups.append(Group(topic.name[self.lang], tuple(chosen)))
        return tuple(groups)

    def _instead(self, status_id: str, service_id: str, usable: list[Card], referral: Card | None) -> NotForYou:
        card = self.card(status_id, service_id)
        same_need = [c for c in usable if c.topic == card.topic]
        same_need.sort(key=lambda c: (c.layer, c.name.lower()))
        return NotForYou(card, same_need[0] if same_need else referral)

    def _range(self, dates: list[dt.date]) -> str:
        if not dates:
            return "—"
        first, last = min(dates), max(dates)
        if first == last:
            return self.date(first)
        return self._(N_("between {first} and {last}")).format(first=self.date(first), last=self.date(last))


def source_links(references, lang: str) -> tuple[SourceLink, ...]:
    """Each source once, its title and address in the reader's language (links pass through). The one way
    a page, a booklet or a view turns references (cited by id or written inline) into links."""
    links = [r if isinstance(r, SourceLink) else
             SourceLink(r.title_in(lang), r.url_in(lang), r.kind is ReferenceKind.secondary, r.kind.value, r.date)
             for r in references]
    return tuple(dict.fromkeys(links))


@dataclass(frozen=True)
class PageDates:
    """The dates a page states, in words: the date the guide is valid for, the oldest date its sources
    were checked; one sentence when they are the same day (a phone screen has no line to spare)."""

    sentences: tuple[str, ...]


def page_dates(as_of: dt.date, verified_on: dt.date | None, lang: str) -> PageDates:
    _ = gettext_for(lang)
    if verified_on == as_of:
        return PageDates((_("Valid and checked on %(date)s.") % {"date": long_date(as_of, lang)},))
    valid = _("Information valid on %(date)s.") % {"date": long_date(as_of, lang)}
    if verified_on is None:
        return PageDates((valid,))
    return PageDates((valid, _("Checked against the sources on %(date)s.") % {"date": long_date(verified_on, lang)}))


def _step_checked(step: Step) -> dt.date:
    return checked_on(step.references, step.verified_on) or step.verified_on


def status_view(guide: Guide, evaluation: Evaluation, status_id: str, lang: str) -> StatusView:
    return Presenter(guide, evaluation, lang).status(status_id)


def _emergency_number(service: Service) -> bool:
    """An emergency or help line with a short number (911, 811, 211, 988): the top of every page and booklet.
    Other emergency services (a shelter, a hospital) are listed by need with the rest."""
    return EMERGENCY_TOPIC in service.topics and bool(service.phones) and service.phones[0].short


def _text(text, lang: str) -> str | None:
    return text[lang] if text is not None else None
