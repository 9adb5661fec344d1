"""Plan stage: which pages a community's site has in one language, and what each page shows.

`plan(guide, evaluation, lang)` is a pure function: it decides every page's path (the URL contract in
design.md), its template, its title and the records it presents, already sorted and selected. The
templates only lay out what the plan gives them; the eligibility logic stays in `evaluate` and
`pathway`, shared with the printed booklets.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from . import urls
from .evaluate import Change, Decision, Evaluation
from .guide import Guide, ProsePage
from .i18n import N_, gettext_for
from .models import Family, Organization, Reference, ReferenceKind, Service, Stage, Status, Topic
from .pathway import EMERGENCY_TOPIC, STAGE_NAMES, applies, emergency_order
from .sources import checked_on
from .present import Card, Presenter, SourceLink, StatusView, source_links, to_confirm

FIRST_72_HOURS = "pages/first-72-hours.md"

FAMILY_NAMES = {
    Family.pr: N_("Permanent residents"),
    Family.refugee: N_("Refugees and protected persons"),
    Family.worker: N_("Temporary workers"),
    Family.cuaet: N_("Ukrainians (CUAET)"),
    Family.student: N_("International students"),
}
@dataclass(frozen=True)
class Page:
    """One page of one language: `path` is the Markdown file below the docs folder (`statuses/pr.md`)."""

    path: str
    template: str
    title: str
    context: dict[str, Any]
    verified_on: dt.date | None = None  # oldest verification date of what the page states

    @property
    def url(self) -> str:
        """Directory URL relative to the language root: `statuses/pr/` (home: ``)."""
        return urls.url_of(self.path)


@dataclass(frozen=True)
class SitePlan:
    lang: str
    as_of: dt.date
    site_name: str
    pages: tuple[Page, ...]
    nav: tuple[str, ...]  # page paths shown in the navigation, in order
    booklets: bool = True  # status pages link to their PDF booklet (built with the site)

    def page(self, path: str) -> Page:
        return next(p for p in self.pages if p.path == path)


@dataclass(frozen=True)
class Use:
    """A service as seen by one status: the decision and how firm it is."""

    service: Service
    organization: Organization
    decision: Decision
    to_confirm: bool  # present.to_confirm: only secondary sources, or only an announced (expected) entry

    @property
    def references(self) -> list[Reference]:
        return self.decision.references  # each source once: present.source_links, in the template


@dataclass(frozen=True)
class StatusPath:
    """What a status page shows: a leaf status has its `view`; a parent status only has `children`."""

    status: Status
    parent: Status | None
    children: tuple[Status, ...]
    view: StatusView | None
    prose: ProsePage | None = None


def plan(guide: Guide, evaluation: Evaluation, lang: str, booklets: bool = True) -> SitePlan:
    """Every page of the site in `lang`, in a stable order."""
    _ = gettext_for(lang)
    ctx = _Context(guide, evaluation, lang)
    pages = [
        _home(ctx),
        _which_status(ctx),
        *[_status(ctx, s) for s in guide.sorted_statuses()],
        _directory(ctx),
        *[_service(ctx, guide.services[sid]) for sid in ctx.service_ids],
        *[_topic(ctx, t) for t in ctx.topics],
        _matrix(ctx),
        _changes(ctx),
        _sources(ctx),
        _about(ctx),
        _search(ctx),
        *[_prose_page(ctx, key) for key in sorted(guide.prose) if key.startswith("pages/")],
    ]
    pages.append(_a_z(ctx, pages))
    nav = ["index.md", "which-status.md", "services/index.md", "matrix.md", "changes.md", "search.md", "about.md"]
    site_name = _(N_("Settlement guide — {community}")).format(community=guide.community.name[lang])
    return SitePlan(lang, evaluation.as_of, site_name, tuple(pages), tuple(nav), booklets)


class _Context:
    """The inputs every page builder needs, with the small lookups they share."""

    def __init__(self, guide: Guide, evaluation: Evaluation, lang: str):
        self.guide, self.evaluation, self.lang = guide, evaluation, lang
        self._ = gettext_for(lang)
        self.leaves = guide.leaf_statuses()
        self.service_ids = sorted(guide.services, key=lambda sid: (guide.services[sid].name[lang].lower(), sid))
        self.topics = sorted(guide.topics.values(), key=lambda t: (t.order, t.id))
        self.presenter = Presenter(guide, evaluation, lang)

    def prose(self, key: str) -> ProsePage | None:
        return self.guide.prose.get(key, {}).get(self.lang)

    def services_of_topic(self, topic_id: str) -> list[Service]:
        return [self.guide.services[sid] for sid in self.service_ids if topic_id in self.guide.services[sid].topics]

    def use(self, status_id: str, service: Service) -> Use:
        decision = self.evaluation.of(status_id, service.id)
        return Use(service, self.guide.organizations[service.organization], decision, to_confirm(decision.rulings))

    def referral(self) -> Card | None:
        return self.presenter.referral(self.leaves[0].id) if self.leaves else None


def _home(ctx: _Context) -> Page:
    guide, _ = ctx.guide, ctx._
    families = []
    for family in Family:
        tops = [s for s in guide.sorted_statuses() if s.family is family and s.parent is None]
        if tops:
            families.append((_(FAMILY_NAMES[family]), [(s, _status_children(guide, s.id)) for s in tops]))
    emergencies = sorted(ctx.services_of_topic(EMERGENCY_TOPIC), key=emergency_order)
    context = {"families": families, "emergencies": emergencies, "intro": ctx.prose("home.md"),
               "first_72_hours": ctx.prose(FIRST_72_HOURS)}
    return Page("index.md", "home.md.j2", _(N_("Home")), context, _oldest(emergencies))


def _status_children(guide: Guide, status_id: str) -> list[Status]:
    return [guide.statuses[c] for c in guide.children(status_id)]


def _which_status(ctx: _Context) -> Page:
    return Page("which-status.md", "which_status.md.j2", ctx._(N_("What is my status?")), {"statuses": ctx.leaves})


def _status(ctx: _Context, status: Status) -> Page:
    guide = ctx.guide
    children = tuple(_status_children(guide, status.id))
    parent = guide.statuses.get(status.parent) if status.parent else None
    path = urls.record_path("statuses", status.id)
    prose = ctx.prose(path)
    if children:
        info = StatusPath(status, parent, children, None, prose)
        return Page(path, "status.md.j2", status.name[ctx.lang], {"info": info})
    view = ctx.presenter.status(status.id)
    info = StatusPath(status, parent, (), view, prose)
    return Page(path, "status.md.j2", status.name[ctx.lang], {"info": info, "v": view}, view.verified_on)


def _directory(ctx: _Context) -> Page:
    groups = [(t, ctx.services_of_topic(t.id)) for t in ctx.topics]
    groups = [(t, services) for t, services in groups if services]
    context = {"groups": groups, "organizations": ctx.guide.organizations}
    return Page(urls.SERVICES, "services.md.j2", ctx._(N_("Services")), context,
                _oldest(list(ctx.guide.services.values())))


def _service(ctx: _Context, service: Service) -> Page:
    guide = ctx.guide
    uses = [(s, ctx.use(s.id, service)) for s in ctx.leaves]
    context = {
        "service": service,
        "organization": guide.organizations[service.organization],
        "locations": [guide.locations[lid] for lid in service.locations if lid in guide.locations],
        "uses": uses,
        "rule_names": _rule_names(guide, ctx.lang),
        "topics": [guide.topics[t] for t in service.topics if t in guide.topics],
        "referral": ctx.referral(),
    }
    verified = _oldest([service, guide.organizations[service.organization], *[u.decision for _, u in uses]])
    return Page(urls.record_path("services", service.id), "service.md.j2", service.name[ctx.lang], context, verified)


def _topic(ctx: _Context, topic: Topic) -> Page:
    steps = sorted((s for s in ctx.guide.steps.values() if s.topic == topic.id),
                   key=lambda s: (list(Stage).index(s.stage), s.order, s.id))
    # Each step with the statuses whose page shows it (a step naming `pr` shows on every PR page).
    with_statuses = [(s, [leaf for leaf in ctx.leaves if applies(ctx.guide, s, leaf.id)]) for s in steps]
    with_statuses = [(s, leaves) for s, leaves in with_statuses if leaves]
    services = ctx.services_of_topic(topic.id)
    context = {"topic": topic, "intro": ctx.prose(f"topics/{topic.id}.md"), "steps": with_statuses,
               "services": services, "stage_names": {stage: ctx._(name) for stage, name in STAGE_NAMES.items()}}
    return Page(urls.record_path("topics", topic.id), "topic.md.j2", topic.name[ctx.lang], context,
                _oldest([*[s for s, _ in with_statuses], *services]))


def _matrix(ctx: _Context) -> Page:
    services = [ctx.guide.services[sid] for sid in ctx.service_ids]
    rows = [(service, [ctx.use(s.id, service) for s in ctx.leaves]) for service in services]
    decisions = [u.decision for _, row in rows for u in row]
    return Page("matrix.md", "matrix.md.j2", ctx._(N_("Who can use what")), {"statuses": ctx.leaves, "rows": rows},
                _oldest(decisions))


def _changes(ctx: _Context) -> Page:
    names = _rule_names(ctx.guide, ctx.lang)
    recent = [c for c in ctx.evaluation.changes if not c.upcoming]
    upcoming = [c for c in ctx.evaluation.changes if c.upcoming]
    context = {"recent": recent[::-1], "upcoming": upcoming, "rule_names": names, "rule_urls": _rule_urls(ctx.guide)}
    entries = [c.entry for c in ctx.evaluation.changes if c.entry is not None]
    return Page("changes.md", "changes.md.j2", ctx._(N_("Recent and upcoming changes")), context, _oldest(entries))


def _sources(ctx: _Context) -> Page:
    return Page("sources.md", "sources.md.j2", ctx._(N_("Sources")), {"groups": _all_references(ctx)})


def _about(ctx: _Context) -> Page:
    pages = [ctx.prose(key) for key in sorted(ctx.guide.prose) if key.startswith("pages/")]
    context = {"community": ctx.guide.community, "pages": [p for p in pages if p is not None]}
    return Page("about.md", "about.md.j2", ctx._(N_("About this guide")), context)


def _search(ctx: _Context) -> Page:
    return Page("search.md", "search.md.j2", ctx._(N_("Search")), {})


def _a_z(ctx: _Context, pages: list[Page]) -> Page:
    """Every page by title, grouped by initial: the index that works where the search cannot (files)."""
    listed = sorted((p for p in pages if p.path != urls.SEARCH), key=lambda p: (_sort_key(p.title), p.path))
    groups: dict[str, list[Page]] = {}
    for listed_page in listed:
        initial = _sort_key(listed_page.title)[:1].upper()
        groups.setdefault("0–9" if initial.isdigit() else initial or "#", []).append(listed_page)
    return Page(urls.A_Z, "a_z.md.j2", ctx._(N_("All pages from A to Z")), {"groups": list(groups.items())})


def _sort_key(title: str) -> str:
    """`École` sorts with `E`: accents dropped, case folded (same order in every locale of the build)."""
    decomposed = unicodedata.normalize("NFKD", title)
    return "".join(c for c in decomposed if c.isalnum() or c == " ").strip().casefold()


def _prose_page(ctx: _Context, key: str) -> Page:
    prose = ctx.prose(key)
    assert prose is not None, key  # validation guarantees fr/en twins
    return Page(key, "prose.md.j2", prose.title, {"prose": prose})


def _rule_names(guide: Guide, lang: str) -> dict[tuple[str, str], str]:
    names = {("program", p.id): p.name[lang] for p in guide.programs.values()}
    names.update({("service", s.id): s.name[lang] for s in guide.services.values()})
    return names


def _rule_urls(guide: Guide) -> dict[tuple[str, str], str]:
    """Where a rule is explained on this site: a service rule on its page; a program on its official site."""
    found = {("program", p.id): p.url for p in guide.programs.values() if p.url}
    found.update({("service", s.id): urls.service_url(s.id) for s in guide.services.values()})
    return found


def _all_references(ctx: _Context) -> list[tuple[ReferenceKind, list[SourceLink]]]:
    guide = ctx.guide
    refs: list[Reference] = []
    for program in guide.programs.values():
        refs += [r for e in program.eligibility.values.values() if e is not None for r in e.references]
    for records in (guide.services, guide.organizations, guide.locations, guide.steps):
        for record in records.values():
            refs += record.references
            eligibility = getattr(record, "eligibility", None)
            if eligibility is not None:
                refs += [r for e in eligibility.values.values() if e is not None for r in e.references]
    links = {(link.title, link.url): link for link in source_links(refs, ctx.lang)}  # each source once
    unique = sorted(links.values(), key=lambda r: (r.title.lower(), r.url))
    return [(kind, [r for r in unique if r.kind == kind.value]) for kind in ReferenceKind
            if any(r.kind == kind.value for r in unique)]


def _oldest(records: list[Any]) -> dt.date | None:
    """The oldest `verified_on` among records, entries and decisions (None when nothing is dated)."""
    dates = [checked_on(getattr(r, "references", ()), r.verified_on) for r in records
             if getattr(r, "verified_on", None) is not None]
    return min(dates, default=None)


__all__ = ["Change", "Page", "SitePlan", "StatusPath", "Use", "plan", "to_confirm"]
