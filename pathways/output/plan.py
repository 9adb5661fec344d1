"""Plan stage: which pages a community's site has in one language, and what each page shows.

`plan(guide, evaluation, lang)` is a pure function: it decides every page's path (the URL contract in
design.md), its template, its title and the records it presents, already sorted and selected. The
templates only lay out what the plan gives them; the eligibility logic stays in `evaluate` and
`pathway`, shared with the printed booklets.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar

from pathways import urls
from pathways.rules.evaluate import Evaluation
from pathways.content.guide import Guide
from pathways.i18n import N_, gettext_for
from pathways.content.models import Reference, Stage, Status, Topic, is_call
from pathways.rules.pathway import EMERGENCY_TOPIC, applies
from pathways.present.views import Presenter, Shown, StatusView, TranslationNotice, measuring, merged, translation_notice
from pathways.present.pages import (About, ChangeItem, DirectoryGroup, Home, MatrixRow, Named, PagePresenter, ParentStatus,
                                    Prose, ServicePage, SourceGroup, StatusEntry, TopicPage)
from pathways.content.sources import checked_on


# ---------------------------------------------------------------- what each kind of page receives
# One dataclass per kind of page: its template, and the views it shows — never a model, the guide or an
# evaluation (tests/test_page_views.py). Every page also receives what `render.page_context` adds.


@dataclass(frozen=True)
class HomeContent:
    template: ClassVar[str] = "home.md.j2"
    home: Home


@dataclass(frozen=True)
class WhichStatusContent:
    template: ClassVar[str] = "which_status.md.j2"
    statuses: tuple[StatusEntry, ...]


@dataclass(frozen=True)
class StatusContent:
    """A leaf status (`v`, its prose and booklet) or a parent one (`parent`): one template for both."""

    template: ClassVar[str] = "status.md.j2"
    v: StatusView | None
    parent: ParentStatus | None
    prose: Prose | None
    booklet: str | None  # the PDF's URL when the site has booklets


@dataclass(frozen=True)
class DirectoryContent:
    template: ClassVar[str] = "services.md.j2"
    groups: tuple[DirectoryGroup, ...]


@dataclass(frozen=True)
class ServiceContent:
    template: ClassVar[str] = "service.md.j2"
    service: ServicePage


@dataclass(frozen=True)
class TopicContent:
    template: ClassVar[str] = "topic.md.j2"
    topic: TopicPage


@dataclass(frozen=True)
class MatrixContent:
    template: ClassVar[str] = "matrix.md.j2"
    statuses: tuple[StatusEntry, ...]
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class ChangesContent:
    template: ClassVar[str] = "changes.md.j2"
    upcoming: tuple[ChangeItem, ...]
    recent: tuple[ChangeItem, ...]


@dataclass(frozen=True)
class SourcesContent:
    template: ClassVar[str] = "sources.md.j2"
    groups: tuple[SourceGroup, ...]


@dataclass(frozen=True)
class AboutContent:
    template: ClassVar[str] = "about.md.j2"
    about: About
    open_data: dict[str, str]  # issue 24: the open data beside the site (urls.OPEN_DATA)


@dataclass(frozen=True)
class SearchContent:
    template: ClassVar[str] = "search.md.j2"


@dataclass(frozen=True)
class AZContent:
    template: ClassVar[str] = "a_z.md.j2"
    groups: tuple[tuple[str, tuple[Named, ...]], ...]  # (initial, pages under it)


@dataclass(frozen=True)
class ProseContent:
    template: ClassVar[str] = "prose.md.j2"
    prose: Prose


PageContent = (HomeContent | WhichStatusContent | StatusContent | DirectoryContent | ServiceContent | TopicContent
               | MatrixContent | ChangesContent | SourcesContent | AboutContent | SearchContent | AZContent
               | ProseContent)


@dataclass(frozen=True)
class Page:
    """One page of one language: `path` is the Markdown file below the docs folder (`statuses/pr.md`)."""

    path: str
    title: str
    content: PageContent
    verified_on: dt.date | None = None  # oldest verification date of what the page states
    shown: Shown | None = None  # added languages: the content texts it presents (render tells which it shows)

    @property
    def template(self) -> str:
        return self.content.template

    @property
    def context(self) -> dict[str, Any]:
        """What the page's template receives of its own (one name per field of its content)."""
        return {f.name: getattr(self.content, f.name) for f in fields(self.content)}

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
    shown: Shown | None = None  # added languages: every content text of the site (for pages that show none)
    notice: TranslationNotice | None = None  # … and what the 404 page says of them

    def page(self, path: str) -> Page:
        return next(p for p in self.pages if p.path == path)


def plan(guide: Guide, evaluation: Evaluation, lang: str, booklets: bool = True) -> SitePlan:
    """Every page of the site in `lang`, in a stable order."""
    _ = gettext_for(lang)
    ctx = _Context(guide, evaluation, lang, booklets)
    builders = [
        (_home, ()),
        (_which_status, ()),
        *[(_status, (s,)) for s in guide.sorted_statuses()],
        (_directory, ()),
        *[(_service, (sid,)) for sid in ctx.service_ids],
        *[(_topic, (t,)) for t in ctx.topics],
        (_matrix, ()),
        (_changes, ()),
        (_sources, ()),
        (_about, ()),
        (_search, ()),
        *[(_prose_page, (key,)) for key in sorted(guide.prose) if key.startswith("pages/")],
    ]
    measured = []
    for build, args in builders:
        with measuring() as shown:
            measured.append((build(ctx, *args), shown))
    pages = [replace(page, shown=shown) for page, shown in measured]
    everything = merged(*(shown for _, shown in measured))
    pages.append(_a_z(ctx, pages))  # titles only: it says what the whole site shows
    nav = ["index.md", "which-status.md", "services/index.md", "matrix.md", "changes.md", "search.md", "about.md"]
    site_name = _(N_("Settlement guide — {community}")).format(community=ctx.title(guide.community.name))
    return SitePlan(lang, evaluation.as_of, site_name, tuple(pages), tuple(nav), booklets, everything,
                    translation_notice(guide, lang, everything))


class _Context:
    """The inputs every page builder needs; `views` builds what the templates receive."""

    def __init__(self, guide: Guide, evaluation: Evaluation, lang: str, booklets: bool):
        self.guide, self.evaluation, self.lang, self.booklets = guide, evaluation, lang, booklets
        self._ = gettext_for(lang)
        self.presenter = Presenter(guide, evaluation, lang)
        self.views = PagePresenter(guide, evaluation, lang, self.presenter)
        self.leaves = self.views.leaves
        self.service_ids = self.views.service_ids
        self.topics = self.views.topics

    def title(self, text, official: bool = False) -> str:
        """A page title: plain text in the page's language, else in the default language (present.py)."""
        return self.presenter.plain(text, official) or ""


def _home(ctx: _Context) -> Page:
    emergencies = ctx.views.services_of_topic(EMERGENCY_TOPIC)
    return Page(urls.HOME, ctx._(N_("Home")), HomeContent(ctx.views.home()), _oldest(emergencies))


def _which_status(ctx: _Context) -> Page:
    return Page(urls.WHICH_STATUS, ctx._(N_("What is my status?")), WhichStatusContent(ctx.views.which_status()))


def _status(ctx: _Context, status: Status) -> Page:
    path = urls.record_path("statuses", status.id)
    if ctx.guide.children(status.id):
        return Page(path, ctx.title(status.name, official=True),
                    StatusContent(v=None, parent=ctx.views.parent_status(status), prose=None, booklet=None))
    view = ctx.presenter.status(status.id)
    booklet = urls.booklet_url(status.id, ctx.lang) if ctx.booklets else None
    content = StatusContent(v=view, parent=None, prose=ctx.views.prose(path), booklet=booklet)
    return Page(path, ctx.title(status.name, official=True), content, view.verified_on)


def _directory(ctx: _Context) -> Page:
    return Page(urls.SERVICES, ctx._(N_("Services")), DirectoryContent(ctx.views.directory()),
                _oldest(list(ctx.guide.services.values())))


def _service(ctx: _Context, service_id: str) -> Page:
    guide = ctx.guide
    service = guide.services[service_id]
    decisions = [ctx.evaluation.of(s.id, service_id) for s in ctx.leaves]
    verified = _oldest([service, guide.organizations[service.organization], *decisions])
    return Page(urls.record_path("services", service_id), ctx.title(service.name),
                ServiceContent(ctx.views.service(service)), verified)


def _topic(ctx: _Context, topic: Topic) -> Page:
    steps = sorted((s for s in ctx.guide.steps.values() if s.topic == topic.id),
                   key=lambda s: (list(Stage).index(s.stage), s.order, s.id))
    # Each step with the statuses whose page shows it (a step naming `pr` shows on every PR page).
    with_statuses = [(s, [leaf for leaf in ctx.leaves if applies(ctx.guide, s, leaf.id)]) for s in steps]
    with_statuses = [(s, leaves) for s, leaves in with_statuses if leaves]
    services = ctx.views.services_of_topic(topic.id)
    return Page(urls.record_path("topics", topic.id), ctx.title(topic.name),
                TopicContent(ctx.views.topic(topic, with_statuses)), _oldest([*[s for s, _ in with_statuses], *services]))


def _matrix(ctx: _Context) -> Page:
    decisions = [ctx.evaluation.of(s.id, sid) for sid in ctx.service_ids for s in ctx.leaves]
    content = MatrixContent(ctx.views.which_status(), ctx.views.matrix())
    return Page(urls.MATRIX, ctx._(N_("Who can use what")), content, _oldest(decisions))


def _changes(ctx: _Context) -> Page:
    changes, events = ctx.evaluation.changes, ctx.guide.lifecycle
    recent = [c for c in changes if not c.upcoming][::-1]
    upcoming = [c for c in changes if c.upcoming]
    content = ChangesContent(upcoming=ctx.views.changes(upcoming, [e for e in events if e.upcoming]),
                             recent=ctx.views.changes(recent, [e for e in events if not e.upcoming][::-1]))
    entries = [c.entry for c in changes if c.entry is not None]
    return Page(urls.CHANGES, ctx._(N_("Recent and upcoming changes")), content, _oldest(entries))


def _sources(ctx: _Context) -> Page:
    return Page(urls.SOURCES, ctx._(N_("Sources")), SourcesContent(ctx.views.sources(_all_references(ctx))))


def _about(ctx: _Context) -> Page:
    pages = [ctx.views.prose_page(key) for key in sorted(ctx.guide.prose) if key.startswith("pages/")]
    return Page(urls.ABOUT, ctx._(N_("About this guide")),
                AboutContent(ctx.views.about([p for p in pages if p is not None]), urls.OPEN_DATA))


def _search(ctx: _Context) -> Page:
    return Page(urls.SEARCH, ctx._(N_("Search")), SearchContent())


def _a_z(ctx: _Context, pages: list[Page]) -> Page:
    """Every page by title, grouped by initial: the index that works where the search cannot (files)."""
    listed = sorted((p for p in pages if p.path != urls.SEARCH), key=lambda p: (_sort_key(p.title), p.path))
    groups: dict[str, list[Page]] = {}
    for listed_page in listed:
        initial = _sort_key(listed_page.title)[:1].upper()
        groups.setdefault("0–9" if initial.isdigit() else initial or "#", []).append(listed_page)
    entries = tuple((initial, tuple(Named(p.title, p.url) for p in listed)) for initial, listed in groups.items())
    return Page(urls.A_Z, ctx._(N_("All pages from A to Z")), AZContent(entries))


def _sort_key(title: str) -> str:
    """`École` sorts with `E`: accents dropped, case folded (same order in every locale of the build)."""
    decomposed = unicodedata.normalize("NFKD", title)
    return "".join(c for c in decomposed if c.isalnum() or c == " ").strip().casefold()


def _prose_page(ctx: _Context, key: str) -> Page:
    prose = ctx.views.prose(key)
    assert prose is not None, key  # validation guarantees fr/en twins
    return Page(key, prose.title, ProseContent(prose))


def _all_references(ctx: _Context) -> list[Reference]:
    """Every reference the guide cites, in record order (the sources page lists each once)."""
    guide = ctx.guide
    refs: list[Reference] = []
    for program in guide.programs.values():
        refs += [r for e in program.eligibility.values.values() if e is not None for r in e.references]
    for records in (guide.services, guide.organizations, guide.locations, guide.steps):
        for record in records.values():
            refs += [r for r in record.references if not is_call(r)]  # a phone call is no source to list
            eligibility = getattr(record, "eligibility", None)
            if eligibility is not None:
                refs += [r for e in eligibility.values.values() if e is not None for r in e.references]
    return refs


def _oldest(records: list[Any]) -> dt.date | None:
    """The oldest `verified_on` among records, entries and decisions (None when nothing is dated)."""
    dates = [checked_on(getattr(r, "references", ()), r.verified_on) for r in records
             if getattr(r, "verified_on", None) is not None]
    return min(dates, default=None)


__all__ = ["Page", "SitePlan", "plan"]
