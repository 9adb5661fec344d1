"""Present stage, the site's other pages: typed views in one language for the home, status chooser, parent
status, service, services index, topic, matrix, changes, sources, about, prose and A–Z pages.

`present.py` decides how a service, a step, a verdict, a phone and an address are shown; this module
assembles those pieces per page, so every page template receives only views (strings, sanitised Markup,
URLs from `urls.py`), never a model, the guide or the community. A service page shows, for each status,
the verdict of the very `Card` its status page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from pathways import urls
from pathways.rules.evaluate import Change, Evaluation
from pathways.content.guide import Guide, LifecycleEvent, ProsePage
from pathways.i18n import LANGUAGES, N_
from pathways.content.models import Family, Reference, ReferenceKind, Service, Status, Topic
from pathways.rules.pathway import EMERGENCY_TOPIC, STAGE_NAMES, emergency_order
from pathways.present.views import (Badge, Card, PhoneLine, Place, Presenter, SourceLink, TranslationNotice, prose_html,
                      prose_in_language, source_links)
from pathways.content.sources import checked_on

FAMILY_NAMES = {
    Family.pr: N_("Permanent residents"),
    Family.refugee: N_("Refugees and protected persons"),
    Family.worker: N_("Temporary workers"),
    Family.cuaet: N_("Ukrainians (CUAET)"),
    Family.student: N_("International students"),
}
REFERENCE_KINDS = {
    ReferenceKind.law: N_("Laws and regulations"),
    ReferenceKind.policy: N_("Official program pages"),
    ReferenceKind.practice: N_("What organizations say they do"),
    ReferenceKind.secondary: N_("Other sources (to confirm)"),
}


# ---------------------------------------------------------------- views


@dataclass(frozen=True)
class Named:
    """A link: a page of this site (URL relative to the language root) or another site's address."""

    name: str
    url: str | None


@dataclass(frozen=True)
class StatusEntry:
    id: str
    url: str
    name: str
    document: str  # how to recognise it
    children: tuple[StatusEntry, ...] = ()


@dataclass(frozen=True)
class Prose:
    title: str
    url: str
    body: Markup  # sanitised; marked and noticed when it is the default language's page (no twin yet)
    lang: str | None = None  # the page's language when it is not the reader's (no twin in it yet)


@dataclass(frozen=True)
class Sourced:
    """Sources of a statement, each once, and the date someone last checked it (in words)."""

    sources: tuple[SourceLink, ...]
    verified_on: str | None


@dataclass(frozen=True)
class Emergency:
    name: str
    url: str
    phones: tuple[PhoneLine, ...]


@dataclass(frozen=True)
class Home:
    emergencies: tuple[Emergency, ...]
    families: tuple[tuple[str, tuple[StatusEntry, ...]], ...]  # (family name, its top statuses)
    first_72_hours: Named | None
    lead: str | None  # the community's introduction
    intro: Prose | None
    translation: TranslationNotice | None = None  # added languages: said under the chooser (first screen)


@dataclass(frozen=True)
class ParentStatus:
    """A status with kinds (permanent resident: economic, family…): the page lists its children."""

    name: str
    description: str
    document: str
    changes: str | None
    children: tuple[StatusEntry, ...]
    prose: Prose | None


@dataclass(frozen=True)
class DirectoryGroup:
    id: str
    name: str
    url: str  # the topic page
    entries: tuple[Named, ...]  # services
    organizations: tuple[str, ...]  # the organization of each entry, in the same order


@dataclass(frozen=True)
class Contact:
    """How to reach a service: the facts its cards show, plus what only its page has room for."""

    phones: tuple[PhoneLine, ...]
    email: str | None
    website: str | None
    places: tuple[Place, ...]
    hours: str | None
    languages: tuple[str, ...]
    cost: str | None
    how_to_access: str | None
    documents: tuple[str, ...]
    fallback: str | None  # the card's words when no phone or address is confirmed
    referral: Named | None  # where the fallback sends people (never the service itself)
    sourced: Sourced
    provenance: str | None = None  # when and how these facts were last checked (the card's words)

    @property
    def website_host(self) -> str | None:
        """The website as a phone shows it: its host ("ramq.gouv.qc.ca"); the link goes to the page itself."""
        return urlsplit(self.website).hostname if self.website else None


@dataclass(frozen=True)
class ServiceUse:
    """One status's verdict on a service page: the badge and note of its card, the rules and their sources."""

    status: Named
    anchor: str
    card: Card
    notes: tuple[str, ...]  # every note of the rules that decided, whatever the verdict
    rules: tuple[str, ...]  # "Rule of the program: RAMQ (announced, not yet confirmed)"


@dataclass(frozen=True)
class UseGroup:
    """Statuses with the same verdict for the same reason: one line of a service page (issue 26)."""

    badge: Badge
    statuses: tuple[tuple[Named, str], ...]  # (status link, its anchor on this page)
    notes: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class VerdictLine:
    """Every status with the same verdict: one line of a service page, each group's reason folded under it (issue 26:
    a service page stays within 3 phone screens)."""

    badge: Badge
    groups: tuple[UseGroup, ...]

    @property
    def statuses(self) -> tuple[tuple[Named, str], ...]:
        return tuple(entry for group in self.groups for entry in group.statuses)

    @property
    def reasons(self) -> tuple[UseGroup, ...]:
        """The groups that say why (a note of the rule that decided)."""
        return tuple(group for group in self.groups if group.notes)

    @property
    def rules(self) -> tuple[str, ...]:
        """The rules behind the line, each once."""
        return tuple(dict.fromkeys(rule for group in self.groups for rule in group.rules))


@dataclass(frozen=True)
class ServicePage:
    name: str
    description: str
    organization: Named
    topics: tuple[Named, ...]
    contact: Contact
    uses: tuple[ServiceUse, ...]
    groups: tuple[UseGroup, ...] = ()  # the uses, one line per verdict and reason: what the page shows
    rules: tuple[str, ...] = ()  # the rules behind every line, when they are the same for all (said once)
    rules_sourced: Sourced | None = None  # the sources of every rule behind those lines, each once

    @property
    def verdicts(self) -> tuple[VerdictLine, ...]:
        """The groups by verdict, in the order of the groups (usable first)."""
        lines: dict[Badge, list[UseGroup]] = {}
        for group in self.groups:
            lines.setdefault(group.badge, []).append(group)
        return tuple(VerdictLine(badge, tuple(groups)) for badge, groups in lines.items())


@dataclass(frozen=True)
class TopicStep:
    title: str
    stage: str
    statuses: tuple[Named, ...]  # links straight to the step on each status page


@dataclass(frozen=True)
class TopicPage:
    name: str
    description: str | None
    intro: Prose | None
    steps: tuple[TopicStep, ...]
    services: tuple[Named, ...]
    organizations: tuple[str, ...]


@dataclass(frozen=True)
class MatrixRow:
    service: Named
    badges: tuple[Badge, ...]  # one per status, in the header's order


@dataclass(frozen=True)
class ChangeItem:
    day: str
    kind: str  # "Program:" / "Service:" / "Organization:"
    rule: Named
    text: str | None  # the change's summary, or what a lifecycle event means
    ended: bool  # the rule ended: ask the organization
    announced: Badge | None  # an announced entry: "Under conditions — to confirm"
    sourced: Sourced | None


@dataclass(frozen=True)
class SourceGroup:
    id: str
    name: str
    entries: tuple[tuple[SourceLink, str | None], ...]  # each source once, with the date it shows


@dataclass(frozen=True)
class About:
    community: str
    publisher: str | None
    report_url: str | None
    report_email: str | None
    pages: tuple[Named, ...]


# ---------------------------------------------------------------- building them


class PagePresenter:
    """Views of the site's pages for one guide in one language."""

    def __init__(self, guide: Guide, evaluation: Evaluation, lang: str, presenter: Presenter | None = None):
        self.guide, self.evaluation, self.lang = guide, evaluation, lang
        self.present = presenter or Presenter(guide, evaluation, lang)
        self._ = self.present._
        self.leaves = guide.leaf_statuses()
        self.service_ids = sorted(guide.services, key=lambda sid: (self._plain(guide.services[sid].name).lower(), sid))
        self.topics = sorted(guide.topics.values(), key=lambda t: (t.order, t.id))

    def services_of_topic(self, topic_id: str) -> list[Service]:
        return [self.guide.services[sid] for sid in self.service_ids if topic_id in self.guide.services[sid].topics]

    # Every content text goes through present.py's one place (`Presenter.text`, `.official`, `.plain`):
    # a text with no translation in an added language is shown in the default language, marked.
    def _text(self, text) -> Markup | None:
        return self.present.text(text)

    def _official(self, text) -> Markup | None:
        return self.present.official(text)

    def _plain(self, text) -> str:
        return self.present.plain(text) or ""

    def prose_page(self, key: str) -> ProsePage | None:
        return prose_in_language(self.guide.prose.get(key, {}), self.lang, self.guide.community.default_language)

    def prose(self, key: str) -> Prose | None:
        found = self.prose_page(key)
        if found is None:
            return None
        return Prose(found.title, urls.url_of(key), prose_html(found, self.lang),
                     found.lang if found.lang != self.lang else None)

    def sourced(self, references: list[Reference], verified_on) -> Sourced:
        checked = checked_on(references, verified_on)  # the citations' own dates (issue 11)
        return Sourced(source_links(references, self.lang), self.present.date(checked) if checked else None)

    def entry(self, status: Status, children: tuple[StatusEntry, ...] = ()) -> StatusEntry:
        return StatusEntry(status.id, urls.status_url(status.id), self._official(status.name),
                           self._text(status.document), children)

    def service_link(self, service: Service) -> Named:
        return Named(self._text(service.name), urls.service_url(service.id))

    def organization_of(self, service: Service) -> str:
        return self._text(self.guide.organizations[service.organization].name)

    # ------------------------------------------------------------ home, chooser, parent status

    def home(self) -> Home:
        guide = self.guide
        families = []
        for family in Family:
            tops = [s for s in guide.sorted_statuses() if s.family is family and s.parent is None]
            if tops:
                families.append((self._(FAMILY_NAMES[family]), tuple(self.entry(s, self.children(s.id)) for s in tops)))
        emergencies = sorted(self.services_of_topic(EMERGENCY_TOPIC), key=emergency_order)
        first = self.prose_page("pages/first-72-hours.md")
        intro = guide.community.intro
        return Home(
            emergencies=tuple(Emergency(self._text(s.name), urls.service_url(s.id), tuple(map(self.present.phone, s.phones)))
                              for s in emergencies),
            families=tuple(families), first_72_hours=Named(first.title, urls.url_of(first.key)) if first else None,
            lead=self._text(intro), intro=self.prose("home.md"),
            translation=None,  # set by the plan, from what the page shows (views.translation_notice)
        )

    def children(self, status_id: str) -> tuple[StatusEntry, ...]:
        return tuple(self.entry(self.guide.statuses[c]) for c in self.guide.children(status_id))

    def which_status(self) -> tuple[StatusEntry, ...]:
        return tuple(self.entry(s) for s in self.leaves)

    def parent_status(self, status: Status) -> ParentStatus:
        return ParentStatus(self._official(status.name), self._text(status.description), self._text(status.document),
                            self._text(status.changes), self.children(status.id),
                            self.prose(urls.record_path("statuses", status.id)))

    # ------------------------------------------------------------ services

    def directory(self) -> tuple[DirectoryGroup, ...]:
        groups = []
        for topic in self.topics:
            services = self.services_of_topic(topic.id)
            if services:
                groups.append(DirectoryGroup(topic.id, self._text(topic.name), urls.topic_url(topic.id),
                                             tuple(map(self.service_link, services)),
                                             tuple(map(self.organization_of, services))))
        return tuple(groups)

    def service(self, service: Service) -> ServicePage:
        guide = self.guide
        organization = guide.organizations[service.organization]
        topics = [guide.topics[t] for t in service.topics if t in guide.topics]
        uses = tuple(self._use(status, service) for status in self.leaves)
        decisions = [self.evaluation.of(status.id, service.id) for status in self.leaves]
        references = [ref for d in decisions for ref in d.references]
        checked = [d.verified_on for d in decisions if d.verified_on is not None]
        shared = uses[0].rules if uses and all(u.rules == uses[0].rules for u in uses) else ()
        return ServicePage(
            name=self._text(service.name), description=self._text(service.description),
            organization=Named(self._text(organization.name), organization.url),
            topics=tuple(Named(self._text(t.name), urls.topic_url(t.id)) for t in topics),
            contact=self._contact(service, uses[0].card if uses else None), uses=uses,
            groups=_groups(uses, shared), rules=shared,
            rules_sourced=self.sourced(references, min(checked)) if references else None,
        )

    def _contact(self, service: Service, card: Card | None) -> Contact:
        organization = self.guide.organizations[service.organization]
        referral = self.present.referral(self.leaves[0].id) if self.leaves else None
        return Contact(
            phones=tuple(map(self.present.phone, service.phones or organization.phones)),
            email=service.email or organization.email, website=service.url or organization.url,
            places=self.present.places(service), hours=self._text(service.hours),
            languages=self.present.language_names(service.languages), cost=self._text(service.fees_description),
            how_to_access=self._text(service.application_process),
            documents=tuple(self._official(d) for d in service.required_documents),
            fallback=card.fallback if card else None,
            referral=Named(referral.name, referral.url) if referral and referral.id != service.id else None,
            sourced=self.sourced(service.references, service.verified_on),
            provenance=self.present.provenance(service),
        )

    def _use(self, status: Status, service: Service) -> ServiceUse:
        decision = self.evaluation.of(status.id, service.id)
        rules = []
        for ruling in decision.rulings:
            if ruling.rule_kind == "program":
                name = Markup.escape(self._("Rule of the program: %(name)s")) % {
                    "name": self._official(self.guide.programs[ruling.rule_id].name)}
            else:
                name = Markup.escape(self._("Rule of this service"))
            rules.append(Markup("{} ({})").format(name, self._("announced, not yet confirmed")) if ruling.expected
                         else name)
        return ServiceUse(
            status=Named(self._official(status.name), urls.status_url(status.id)), anchor=f"status-{status.id}",
            card=self.present.card(status.id, service.id),
            notes=tuple(self._text(r.note) for r in decision.rulings if r.note),
            rules=tuple(rules),
        )

    # ------------------------------------------------------------ topics and the matrix

    def topic(self, topic: Topic, steps) -> TopicPage:
        """`steps`: (step, the leaf statuses whose page shows it), in stage order (see plan)."""
        services = self.services_of_topic(topic.id)
        return TopicPage(
            name=self._text(topic.name), description=self._text(topic.description),
            intro=self.prose(f"topics/{topic.id}.md"),
            steps=tuple(TopicStep(self._text(step.title), self._(STAGE_NAMES[step.stage]),
                                  tuple(Named(self._official(s.name), f"{urls.status_url(s.id)}#step-{step.id}")
                                        for s in leaves))
                        for step, leaves in steps),
            services=tuple(map(self.service_link, services)), organizations=tuple(map(self.organization_of, services)),
        )

    def matrix(self) -> tuple[MatrixRow, ...]:
        rows = []
        for sid in self.service_ids:
            decisions = [self.evaluation.of(s.id, sid) for s in self.leaves]
            rows.append(MatrixRow(self.service_link(self.guide.services[sid]),
                                  tuple(self.present.badge(d.value, d.rulings) for d in decisions)))
        return tuple(rows)

    # ------------------------------------------------------------ changes, sources, about

    def change(self, change: Change) -> ChangeItem:
        guide = self.guide
        if change.rule_kind == "program":
            program = guide.programs[change.rule_id]
            kind, rule = self._("Program:"), Named(self._official(program.name), program.url)
        else:
            kind, rule = self._("Service:"), Named(self._text(guide.services[change.rule_id].name),
                                                     urls.service_url(change.rule_id))
        entry = change.entry
        if entry is None:
            previous = change.previous
            return ChangeItem(self.present.date(change.start), kind, rule, None, True, None,
                              self.sourced(previous.references, previous.verified_on) if previous else None)
        announced = self.present.announced() if entry.expected else None
        return ChangeItem(self.present.date(change.start), kind, rule, self._text(entry.summary), False, announced,
                          self.sourced(entry.references, entry.verified_on))

    def lifecycle(self, event: LifecycleEvent) -> ChangeItem:
        kind = self._("Service:") if event.kind == "services" else self._("Organization:")
        if event.event == "closes":
            text = (N_("Closes on this date: after it, the guide no longer lists it.") if event.upcoming
                    else N_("Closed: the guide no longer lists it."))
        else:
            text = N_("Opens on this date.") if event.upcoming else N_("Opened recently.")
        return ChangeItem(self.present.date(event.day), kind, Named(self._text(event.name), None), self._(text),
                          False, None, None)

    def changes(self, changes: list[Change], events: list[LifecycleEvent]) -> tuple[ChangeItem, ...]:
        return (*map(self.change, changes), *map(self.lifecycle, events))

    def sources(self, references: list[Reference]) -> tuple[SourceGroup, ...]:
        """Every source of the guide once, by kind, sorted by title in the reader's language."""
        unique = sorted(_unique_refs(references), key=lambda r: (r.title_in(self.lang).lower(), r.url_in(self.lang)))
        groups = []
        for kind in ReferenceKind:
            chosen = [r for r in unique if r.kind is kind]
            if chosen:
                entries = tuple((source_links([r], self.lang)[0], self.present.date(r.date) if r.date else None)
                                for r in chosen)
                groups.append(SourceGroup(kind.value, self._(REFERENCE_KINDS[kind]), entries))
        return tuple(groups)

    def about(self, pages: list[ProsePage]) -> About:
        community = self.guide.community
        return About(self._plain(community.name), self._text(community.publisher),
                     community.report_url, community.report_email,
                     tuple(Named(p.title, urls.url_of(p.key)) for p in pages))


VERDICT_ORDER = ("eligible", "conditional", "unknown", "not_eligible")


def _groups(uses: tuple[ServiceUse, ...], shared: tuple[str, ...] = ()) -> tuple[UseGroup, ...]:
    """The statuses of a service page gathered by verdict and reason (same badge, notes and rules), usable
    ones first, each group in the order of its first status. Rules every group shares are said once."""
    groups: dict[tuple, list[ServiceUse]] = {}
    for use in uses:
        groups.setdefault((use.card.badge, use.notes, () if shared else use.rules), []).append(use)
    ordered = sorted(groups.items(), key=lambda item: VERDICT_ORDER.index(item[0][0].value))
    return tuple(UseGroup(badge, tuple((u.status, u.anchor) for u in members), notes, rules)
                 for (badge, notes, rules), members in ordered)


def _unique_refs(refs: list[Reference]) -> list[Reference]:
    """A reference cited by many records once (same address and title in every language)."""
    seen, unique = set(), []
    for ref in refs:
        key = tuple((ref.url_in(lang), ref.title_in(lang)) for lang in LANGUAGES)  # cited by id or inline
        if key not in seen:
            seen.add(key)
            unique.append(ref)
    return unique

