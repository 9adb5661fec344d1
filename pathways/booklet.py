"""Printable status booklets: one PDF per status and language (`pathways print`).

    check (load → resolve → validate → evaluate) ─▶ pathway() ─▶ Booklet (what to print, in one language)
    ─▶ templates/print/booklet.html (Jinja2) ─▶ WeasyPrint ─▶ tagged PDF (PDF/UA-1)

The selection comes from `pathway()`, so a booklet always says what the web page says. Output is
reproducible: the PDF dates are the `as_of` date, fonts are vendored, and nothing is fetched from the
network (only `file:` and `data:` URLs are allowed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel import Locale
from markupsafe import Markup

from . import cli
from .check import Checked
from .evaluate import Decision
from .guide import Guide
from .i18n import N_, gettext_for, long_date, phone_text, translations
from .models import Phone, Reference, Service, Step
from .pathway import EMERGENCY_TOPIC, STAGE_NAMES, Pathway, ServiceUse, emergency_order, pathway, to_confirm
from .qr import qr_svg, short_url
from .sanitize import content_html

from .resources import PRINT_TEMPLATES  # package data in a wheel, the checkout otherwise


# ---------------------------------------------------------------- what a booklet shows


@dataclass(frozen=True)
class Card:
    """One service as printed: contact data only when the content has it."""

    name: str
    organization: str
    description: str
    note: str | None  # the condition, for conditional services
    to_confirm: bool  # the rule rests on secondary sources or an announced change
    addresses: tuple[str, ...]
    phones: tuple[str, ...]
    hours: str | None
    cost: str | None
    languages: str | None
    documents: tuple[str, ...]
    how_to_access: str | None
    website: str | None
    programs: tuple[str, ...]  # the programs whose rule decided (the service's own rule: none)
    sources: tuple[int, ...]  # numbers in the booklet's list of sources
    verified_on: str

    @property
    def fallback(self) -> bool:
        """No confirmed address or phone: the booklet says 'see the website or call 211'."""
        return not (self.addresses or self.phones)


@dataclass(frozen=True)
class Item:
    """One step of the checklist."""

    number: int  # the same number in the checklist and in the explanations
    title: str
    body: Markup
    deadline: str | None
    documents: tuple[str, ...]
    services: tuple[str, ...]


@dataclass(frozen=True)
class Booklet:
    lang: str
    title: str  # document title (PDF metadata)
    guide_title: str
    community: str
    status_name: str
    description: str
    document: str
    changes: str | None
    language_name: str
    valid_on: str
    as_of: dt.date
    checked: str  # "1 June 2026", or a range
    url: str
    short_url: str
    qr: Markup
    emergencies: tuple[Card, ...]
    stages: tuple[tuple[str, tuple[Item, ...]], ...]
    services: tuple[Card, ...]
    ask: tuple[Card, ...]  # no rule says: ask the organization
    sources: tuple[Reference, ...]  # numbered from 1, in reading order
    extra_title: str | None
    extra: Markup | None


class Sources:
    """The booklet's numbered list of sources: each printed once, at the end; cards cite numbers."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, str], int] = {}
        self.references: list[Reference] = []

    def cite(self, references: list[Reference]) -> tuple[int, ...]:
        for ref in references:
            if (ref.title, ref.url) not in self.numbers:
                self.references.append(ref)
                self.numbers[(ref.title, ref.url)] = len(self.references)
        return tuple(dict.fromkeys(self.numbers[(ref.title, ref.url)] for ref in references))


def page_url(guide: Guide, status_id: str, lang: str) -> str:
    """The web page a booklet comes from (printed as a QR code, so it must never change)."""
    return f"{guide.community.base_url.rstrip('/')}/{lang}/statuses/{status_id}/"


def make_booklet(checked: Checked, status_id: str, lang: str) -> Booklet:
    guide, evaluation = checked.guide, checked.evaluation
    _ = gettext_for(lang)
    path = pathway(guide, evaluation, status_id, lang)  # alphabetical in the booklet's language, as on the web
    sources = Sources()
    emergencies, cards, asks = _cards(guide, path, lang, sources)
    numbers = iter(range(1, len(guide.steps) + 1))
    stages = tuple((_(STAGE_NAMES[stage]), tuple(item(guide, s, lang, next(numbers)) for s in steps))
                   for stage, steps in path.stages)
    dates = _verified_dates(path.stages, path.usable + path.unknown)
    status = path.status
    url = page_url(guide, status_id, lang)
    guide_title = _("Settlement guide")
    community = guide.community.name[lang]
    extra = guide.prose.get(f"statuses/{status_id}.md", {}).get(lang)
    return Booklet(
        lang=lang, title=f"{status.name[lang]} — {guide_title} — {community}", guide_title=guide_title,
        community=community, status_name=status.name[lang], description=status.description[lang],
        document=status.document[lang], changes=status.changes[lang] if status.changes else None,
        language_name=Locale.parse(lang).get_display_name(lang).capitalize(),
        valid_on=long_date(evaluation.as_of, lang), as_of=evaluation.as_of, checked=_date_range(dates, lang),
        url=url, short_url=short_url(url), qr=qr_svg(url, _("QR code of the web address of this page")),
        emergencies=tuple(emergencies), stages=stages, services=tuple(cards), ask=tuple(asks),
        sources=tuple(sources.references),
        extra_title=extra.title if extra else None, extra=render_markdown(extra.body) if extra else None,
    )


def _cards(guide: Guide, path: Pathway, lang: str, sources: Sources):
    """Emergency numbers, services the status may use, services to ask about: sources numbered in that order."""
    usable, unknown = path.usable, path.unknown
    emergency = sorted((u for u in (*usable, *unknown) if EMERGENCY_TOPIC in u.service.topics),
                       key=lambda u: emergency_order(u.service))
    return ([card(guide, u, lang, sources) for u in emergency],
            [card(guide, u, lang, sources) for u in usable if u not in emergency],
            [card(guide, u, lang, sources) for u in unknown if u not in emergency])


def card(guide: Guide, use: ServiceUse, lang: str, sources: Sources) -> Card:
    service, decision = use.service, use.decision
    organization = guide.organizations[service.organization]
    phones = service.phones or organization.phones
    verified = min(d for d in (service.verified_on, decision.verified_on) if d is not None)
    return Card(
        name=service.name[lang], organization=organization.name[lang], description=service.description[lang],
        note=_condition(decision, lang), to_confirm=to_confirm(decision),
        addresses=tuple(_addresses(guide, service, lang)),
        phones=tuple(_phone(p, lang) for p in phones),
        hours=service.hours[lang] if service.hours else None, cost=service.cost[lang] if service.cost else None,
        languages=_language_names(service.languages, lang), documents=tuple(d[lang] for d in service.documents),
        how_to_access=service.how_to_access[lang] if service.how_to_access else None,
        website=service.url or organization.url, programs=_programs(guide, decision, lang),
        sources=sources.cite(decision.references or service.references),  # the rule's; with no rule, the service's
        verified_on=long_date(verified, lang),
    )


def item(guide: Guide, step: Step, lang: str, number: int) -> Item:
    services = tuple(guide.services[s].name[lang] for s in step.services if s in guide.services)
    return Item(number=number, title=step.title[lang], body=render_markdown(step.body[lang]),
                deadline=step.deadline[lang] if step.deadline else None,
                documents=tuple(d[lang] for d in step.documents), services=services)


def render_markdown(text: str) -> Markup:
    """Markdown of a step or prose page: the same sanitised HTML as on the web (no images, nothing to fetch)."""
    return content_html(text)


def _condition(decision: Decision, lang: str) -> str | None:
    if decision.value != "conditional":
        return None
    notes = [r.note[lang] for r in decision.rulings if r.note is not None]
    return " ".join(dict.fromkeys(notes)) or None


def _programs(guide: Guide, decision: Decision, lang: str) -> tuple[str, ...]:
    names = [guide.programs[r.rule_id].name[lang] for r in decision.rulings if r.rule_kind == "program"]
    return tuple(dict.fromkeys(names))


def _addresses(guide: Guide, service: Service, lang: str):
    for location_id in service.locations:
        location = guide.locations.get(location_id)
        if location is None or location.address is None:
            continue  # an unconfirmed address is never printed
        a = location.address
        where = ", ".join(x for x in (a.address_1, a.city, a.region, a.postal_code) if x)
        yield f"{location.name[lang]} — {where}"


def _phone(phone: Phone, lang: str) -> str:
    text = phone_text(phone, lang)
    return f"{text} ({phone.description[lang]})" if phone.description else text


def _language_names(codes: list[str], lang: str) -> str | None:
    names = Locale.parse(lang).languages
    return ", ".join(names.get(code, code) for code in codes) or None


def _verified_dates(stages, uses: tuple[ServiceUse, ...]) -> list[dt.date]:
    dates = [step.verified_on for _, steps in stages for step in steps]
    dates += [u.service.verified_on for u in uses]
    dates += [u.decision.verified_on for u in uses if u.decision.verified_on is not None]
    return dates


def _date_range(dates: list[dt.date], lang: str) -> str:
    if not dates:
        return "—"
    first, last = min(dates), max(dates)
    if first == last:
        return long_date(first, lang)
    return gettext_for(lang)(N_("between {first} and {last}")).format(
        first=long_date(first, lang), last=long_date(last, lang))


# ---------------------------------------------------------------- HTML and PDF


@functools.cache
def environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PRINT_TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"],
                             trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.filters["css_string"] = css_string
    env.filters["breakable"] = breakable
    return env


def css_string(text: str) -> Markup:
    """A CSS string literal that is also safe inside <style> (content text in the page margins)."""
    text = text.unescape() if isinstance(text, Markup) else str(text)
    escaped = "".join(c if c.isalnum() or c in " .,:;'-—–()/" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def breakable(url: str) -> Markup:
    """A web address that may wrap only after a slash (never at a hyphen inside a status id)."""
    pieces = re.findall(r"[^/]*/+|[^/]+$", url)
    return Markup("<wbr>").join(Markup("<span>{}</span>").format(piece) for piece in pieces)


def booklet_html(booklet: Booklet) -> str:
    return environment(booklet.lang).get_template("booklet.html").render(b=booklet)


def booklet_pdf(booklet: Booklet) -> bytes:
    import weasyprint  # slow to import: only when a PDF is really written

    fetcher = weasyprint.URLFetcher(allowed_protocols={"file", "data"})  # zero network requests
    html = weasyprint.HTML(string=booklet_html(booklet), base_url=PRINT_TEMPLATES.as_uri() + "/",
                           url_fetcher=fetcher)
    # PDF/UA-1: tagged structure, document language and title shown by readers.
    return html.write_pdf(pdf_variant="pdf/ua-1")


def file_name(status_id: str, lang: str) -> str:
    return f"{status_id}-{lang}.pdf"


def write_booklets(checked: Checked, out_dir: Path, languages: list[str] | None = None) -> list[Path]:
    """Every leaf status × language into `out_dir` (what `build` links to as 'Download the PDF')."""
    written = []
    for status in checked.guide.leaf_statuses():
        for lang in languages or checked.guide.community.languages:
            target = out_dir / file_name(status.id, lang)
            write_atomic(target, booklet_pdf(make_booklet(checked, status.id, lang)))
            written.append(target)
    return written


def write_atomic(target: Path, data: bytes) -> None:
    """Write then rename, so a reader never sees half a PDF and a failure leaves the old file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- the command


def run_print(args: argparse.Namespace) -> int:
    from .check import check_content

    _ = gettext_for(args.lang)
    content = cli.load_for(args)
    if not args.community:
        raise cli.UsageError(_(N_("say which community to print: --community ID")))
    if bool(args.status) == bool(args.all):
        raise cli.UsageError(_(N_("say which booklet to print: --status ID, or --all")))
    [community] = cli.communities_arg(args, content)
    result = check_content(content, [community], args.as_of)
    if result.report.problems:
        cli.print_report(result.report, args.lang)
    if result.report.failed():
        return cli.EXIT_PROBLEMS
    checked = result.communities[community]
    site_print = Path("site") / checked.guide.community.id / "print"
    if args.all:
        written = write_booklets(checked, args.out or site_print)
    else:
        written = [_write_one(checked, args, site_print)]
    for path in written:
        print(path)
    return cli.EXIT_OK


def _write_one(checked: Checked, args: argparse.Namespace, site_print: Path) -> Path:
    _check_status(checked.guide, args.status, args.lang)
    target = args.out or site_print / file_name(args.status, args.lang)
    write_atomic(target, booklet_pdf(make_booklet(checked, args.status, args.lang)))
    return target


def _check_status(guide: Guide, status_id: str, lang: str) -> None:
    """Booklets exist for the statuses a person holds (leaves), like the web pages they point to."""
    _ = gettext_for(lang)
    if status_id in guide.statuses and guide.children(status_id):
        leaves = [s.id for s in guide.leaf_statuses() if status_id in guide.ancestors(s.id)]
        raise cli.UsageError(_(N_("'{name}' groups several statuses; print one of them: {known}")).format(
            name=status_id, known=", ".join(leaves)))
    if status_id not in guide.statuses:
        known = ", ".join(s.id for s in guide.leaf_statuses())
        raise cli.UsageError(_(N_("unknown status '{name}'; known statuses: {known}")).format(
            name=status_id, known=known))
