"""Present stage: a checked guide → typed views in one language, for the web page and the booklet alike.

Every presentation rule is decided here, once: what "to confirm" means, the verdict labels, the contact
fallback and the 211 referral, how an address and a phone are written, language names, "checked on"
dates, which Markdown becomes HTML (through `sanitize.content_html`), source de-duplication and the
source title/URL in the reader's language, the per-status notes of a step. Templates receive these
frozen views, never the Guide, so a service card says the same thing on a page and on paper.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

from babel import Locale
from babel.numbers import format_percent
from markupsafe import Markup

from pathways import urls
from pathways.rules.evaluate import Decision, Evaluation, Ruling, combine, union_of
from pathways.content.guide import Guide, ProsePage
from pathways.i18n import (LANGUAGES, NATIVE_NAMES, N_, direction, gettext_for, language_name, locale_of,
                           long_date, phone_text)
from pathways.content.models import CitedReference, GlanceRow, Method, is_call, Reference, ReferenceKind, RuleEntry, Service, Step, Text
from pathways.rules.pathway import EMERGENCY_TOPIC, STAGE_NAMES, emergency_order, pathway, service_needs, urgency
from pathways.content.sanitize import content_html
from pathways.content.sources import checked_on
from pathways.content.verification import latest_check
from pathways.content.translations import Origin

REFERRAL_NUMBER = "211"
PROVENANCE = {  # how a person last checked a card's facts (content.verification.Check)
    Method.website: N_("Checked on the source's web page, {date}."),
    Method.call: N_("Confirmed by phone with the organization, {date}."),
    Method.email: N_("Confirmed by e-mail with the organization, {date}."),
    Method.in_person: N_("Confirmed in person with the organization, {date}."),
}
CONFIRM_NOTE = N_("“To confirm”: seen only in the news or in an announced change, not on an official page. Ask the "
                  "organization or 211.")
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


# ---------------------------------------------------------------- a content text in the reader's language
# The one place a content `Text` becomes what a reader sees (issue 13, "never pretend"). A text with a
# current translation in the reader's language is shown as it is. One without is shown in the community's
# default language, marked `lang="fr"` (or `en`) for screen readers and hyphenation, followed by a short
# notice in the reader's language: never an empty field, never a silent mix. French and English always
# exist (the reference texts), so their pages never show the notice.

UNTRANSLATED = N_("not translated")


def in_language(text: Text | None, lang: str, default: str) -> Markup | None:
    """A short text (a name, a sentence) as HTML: the translation, else the default-language text
    marked with its `lang` and the notice."""
    if text is None:
        return None
    found = _seen(text, lang, default, Markup.escape)
    if found is not None:
        return Markup.escape(found)
    return Markup('<span {}>{}</span> {}').format(_marked(default, lang), _reference(text, default),
                                                   _notice(lang, inline=True))


def markdown_in_language(text: Text | None, lang: str, default: str) -> Markup | None:
    """A Markdown text (a step's body) as HTML, with the same fallback as `in_language`."""
    if text is None:
        return None
    found = _seen(text, lang, default, content_html)
    if found is not None:
        return content_html(found)
    return Markup('<div {}>{}</div>{}').format(_marked(default, lang), content_html(_reference(text, default)),
                                               _notice(lang, inline=False))


def official_in_language(text: Text | None, lang: str, default: str) -> Markup | None:
    """An official name (a status, a program, a document): in an added language the translation keeps
    the official term beside it, as on the reader's papers: "Solicitante de asilo (demandeur d'asile)"."""
    if text is None:
        return None
    found = _seen(text, lang, default, Markup.escape)
    if lang in LANGUAGES or found is None:
        return in_language(text, lang, default)
    if found == _reference(text, default):  # a name kept as it is ("Francisation Québec"): said once
        return Markup.escape(found)
    # The space inside the term's element, so a page that hides the term (a list of links) leaves no space behind;
    # outside it when the term runs the other way (inside, it would end up on the term's far side).
    same_way = direction(default) == direction(lang)
    return Markup('{}<span class="pw-official" {}> ({})</span>' if same_way else '{} <span class="pw-official" {}>({})</span>'
                  ).format(found, _marked(default, lang), _reference(text, default))


def plain_in_language(text: Text | None, lang: str, default: str, official: bool = False) -> str | None:
    """The same choice as plain text, where no markup may go (a page title, PDF metadata, a sort key)."""
    if text is None:
        return None
    found = _seen(text, lang, default, Markup.escape)
    if found is None:
        return _reference(text, default)
    if official and lang not in LANGUAGES and found != _reference(text, default):
        return f"{found} ({_reference(text, default)})"
    return found


def prose_in_language(pages: dict[str, ProsePage], lang: str, default: str) -> ProsePage | None:
    """A prose page's twin in the reader's language (`content/<lang>/…`), else the default language's."""
    chosen = pages.get(lang) or pages.get(default)
    if lang not in LANGUAGES and chosen is not None:
        _record(f"prose:{chosen.key}", _PROSE if lang in pages else None, str(content_html(chosen.body)))
    return chosen


def prose_html(page: ProsePage, lang: str) -> Markup:
    """A prose page's body as HTML; a page in another language than the reader's is marked and noticed."""
    body = content_html(page.body)
    if page.lang == lang:
        return body
    return Markup('<div {}>{}</div>{}').format(_marked(page.lang, lang), body, _notice(lang, inline=False))


def _marked(shown: str, reader: str) -> Markup:
    """The attributes of a text in another language than the page's: its language, and its direction
    when it differs (an English text inside an Arabic page stays left-to-right)."""
    if direction(shown) == direction(reader):
        return Markup('lang="{}"').format(shown)
    return Markup('lang="{}" dir="{}"').format(shown, direction(shown))


def _reference(text: Text, default: str) -> str:
    return text.get(default) or text.get("en") or text.get("fr") or ""


def _notice(lang: str, inline: bool) -> Markup:
    notice = gettext_for(lang)(UNTRANSLATED)
    if inline:
        return Markup('<small class="pw-untranslated">({})</small>').format(notice)
    return Markup('<p class="pw-untranslated"><small>({})</small></p>').format(notice)


# ---------------------------------------------------------------- how a page was translated (issue 22)
# While a page or a booklet is presented (`measuring`), every content text it shows in an added language is
# recorded: its reference text, and the translation shown or None (shown in the reference language). Its
# notice is computed from that record and from how each text was translated (the PO entries' comments,
# `Guide.translated`; for texts written in the YAML or prose twins, the community's `translations`).

_PROSE = "\ue000prose"  # a prose twin in the reader's language (its origin: the community's declaration)
Shown = dict[str, tuple[str | None, frozenset[str]]]  # reference text → (translation shown or None, HTML forms)
_SHOWN: ContextVar[Shown | None] = ContextVar("pathways_shown", default=None)


@contextlib.contextmanager
def measuring() -> Iterator[Shown]:
    """Record the content texts presented inside the block: reference text → the translation shown (None:
    shown in the reference language) and the HTML it was shown as (to tell, once the page is rendered,
    which of them it really shows: `used`)."""
    shown: Shown = {}
    token = _SHOWN.set(shown)
    try:
        yield shown
    finally:
        _SHOWN.reset(token)


def replay(seen: Shown) -> None:
    """Record again texts recorded once (a view kept and shown on several pages)."""
    for key, (found, forms) in seen.items():
        for form in forms:
            _record(key, found, form)


def merged(*parts: Shown) -> Shown:
    """Several records as one (a whole site's)."""
    token = _SHOWN.set({})
    try:
        for part in parts:
            replay(part)
        return _SHOWN.get() or {}
    finally:
        _SHOWN.reset(token)


def used(shown: Shown, page: str, default: str) -> Shown:
    """The recorded texts that the rendered `page` (HTML) really shows: a view may hold fields its template
    leaves out. A text shown in the reference language counts where it is marked so (`lang="en">…`), a
    translated one where it stands as a whole (not inside a longer word)."""
    found = {}
    for key, (translated, forms) in shown.items():
        present = [form for form in forms if form and form in page]  # most texts are on no page: no regex
        if translated is None:
            marks = [rf'lang="{default}"(?: dir="ltr")?>{re.escape(form)}\s*<' for form in present]
            if any(re.search(mark, page) for mark in marks):
                found[key] = (translated, forms)
        elif any(_stands_whole(form, page) for form in present):
            found[key] = (translated, forms)
    return found


def _stands_whole(form: str, page: str) -> bool:
    """`form` occurs in `page` with no word character (`\\w`: a letter, digit or _) right before or after it."""
    start = page.find(form)
    while start != -1:
        end = start + len(form)
        if not (start and _is_word(page[start - 1])) and not (end < len(page) and _is_word(page[end])):
            return True
        start = page.find(form, start + 1)
    return False


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\\w` matches in a str pattern


def _record(key: str, found: str | None, form: str) -> None:
    shown = _SHOWN.get()
    if shown is None:
        return
    before_found, before_forms = shown.get(key, (None, frozenset()))
    shown[key] = (found if found is not None else before_found, before_forms | {form})


def _seen(text: Text, lang: str, default: str, form) -> str | None:
    """`text.get(lang)`, recorded when measuring (added languages only: the reference texts always exist),
    with the HTML `form` gives the text shown."""
    found = text.get(lang)
    if _SHOWN.get() is not None and lang not in LANGUAGES:
        _record(text.get("en") or text.get("fr") or "", found, str(form(found if found is not None else
                                                                         _reference(text, default))))
    return found


@dataclass(frozen=True)
class TranslationNotice:
    """What a page or booklet of an added language says about its translation, with its French and English
    twins: how much of it is translated, and how."""

    said: str  # "Partly translated (1 %): the rest is in English. Translated by a person, reviewed on …"
    reference: str  # "Reference versions:"
    links: tuple[tuple[str, str], ...]  # (language code, its name in itself), French and English
    share: int | None = None  # percent of the texts shown that are translated (None: the page shows none)


def translation_notice(guide: Guide, lang: str, shown: Shown) -> TranslationNotice | None:
    """The notice of a page or booklet of `lang` that showed `shown` (see `measuring` and `used`); None for
    French and English, the reference texts."""
    if lang in LANGUAGES:
        return None
    _ = gettext_for(lang)
    translated = [text for text, _forms in shown.values() if text is not None]
    default = language_name(guide.community.default_language, lang)
    said, share = [], None
    if shown:
        share = len(translated) * 100 // len(shown)  # never rounded up: 99.6 % is not "all"
    if shown and not translated:
        said.append(_(N_("Not translated yet: the texts are in {language}.")).format(language=default))
    elif shown and len(translated) < len(shown):
        said.append(_(N_("Partly translated ({share}): the rest is in {language}.")).format(
            share=format_percent(share / 100, locale=locale_of(lang)), language=default))
    if translated:
        said.append(_how(guide, lang, translated))
    return TranslationNotice(" ".join(said), _(N_("Reference versions:")),
                             tuple((code, NATIVE_NAMES[code]) for code in LANGUAGES), share)


def _how(guide: Guide, lang: str, translated: list[str]) -> str:
    """How the translated texts were made, saying no more than the weakest of them allows."""
    _ = gettext_for(lang)
    recorded = guide.translated.get(lang, {})
    declared = guide.community.translation(lang)
    fallback = Origin(machine=declared.method.value == "machine", reviewed_on=declared.reviewed_on) if declared else Origin()
    origins = [recorded.get(text) or fallback for text in translated]
    if any(origin.machine for origin in origins):
        return _(N_("Machine translation, not reviewed by a person."))
    if all(origin.reviewed_on is not None for origin in origins):
        day = long_date(min(origin.reviewed_on for origin in origins), lang)
        said = _(N_("Translated by a person, reviewed on {date}.")).format(date=day)
        return said[:-1] if day.endswith(".") and said.endswith(day + ".") else said  # "2026 р." ends the sentence
    return _(N_("Translated, not reviewed yet."))


_NOTICE_INLINE = re.compile(r' ?<small class="pw-untranslated">\([^<]*\)</small>')
_NOTICE_BLOCK = re.compile(r'<p class="pw-untranslated"><small>\([^<]*\)</small></p>\n?')
_SECTION = re.compile(r"(?=<h2[ >])")
_HEADING_END = re.compile(r"</h[12]>\n?")


def one_notice_per_section(body: str, lang: str, default: str) -> str:
    """A page's or booklet's HTML with the "(not translated)" of each text replaced by one notice per section
    (after its heading): the texts keep their `lang`, the reader is told once (issue 22)."""
    if lang in LANGUAGES or "pw-untranslated" not in body:
        return body
    notice = str(Markup('<p class="pw-untranslated"><small>({})</small></p>\n').format(
        gettext_for(lang)(N_("some texts of this section are not translated: they are in {language}")).format(
            language=language_name(default, lang))))
    out = []
    for section in _SECTION.split(body):
        cleaned = _NOTICE_BLOCK.sub("", _NOTICE_INLINE.sub("", section))
        if cleaned != section:
            heading = _HEADING_END.search(cleaned)
            at = heading.end() if heading else 0
            cleaned = cleaned[:at] + notice + cleaned[at:]
        out.append(cleaned)
    return "".join(out)


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
    when: str | None = None  # "since April 1, 2025" / "until March 31, 2027": a verdict that changed, or will

    @property
    def text(self) -> str:
        label = f"{self.label} {self.when}" if self.when else self.label
        return f"{label} — {self.confirm}" if self.confirm else label


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
        """"819-374-2002, poste 3 (Accueil)" (markup: the number may be isolated left-to-right, the
        description marked as untranslated)."""
        return Markup("{} ({})").format(self.number, self.description) if self.description else self.number


@dataclass(frozen=True)
class Place:
    """A location of a service: the address only when a public source confirms it."""

    name: str
    address: str | None  # "1234 Main Street, Brooks, AB, T1R 0A1"; None: not confirmed, never shown
    accessibility: str | None
    transit: str | None

    @property
    def line(self) -> str:
        return Markup("{} — {}").format(self.name, self.address)


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
    topic: str  # the topic it is grouped under
    provenance: str | None = None  # when and how its contact facts were last checked (`provenance`)
    needs: tuple[str, ...] = ()  # the "At a glance" rows it answers (rules.pathway.service_needs)


@dataclass(frozen=True)
class Link:
    """A service or program named by a step, with this status's verdict beside it."""

    name: str
    url: str | None
    badge: Badge
    note: str | None = None  # the condition, beside an "Under conditions" badge


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
class Reason:
    """What a summary row rests on: a program or a service of the page, and its condition when conditional."""

    name: str
    url: str | None  # a service's page (relative to the language root), or a program's official page
    note: str | None
    service: bool  # a service of this page (its URL is this site's)


@dataclass(frozen=True)
class GlanceLine:
    label: str
    need: str  # the row's id (GlanceRow value): the cards of the same need carry it in `needs`
    badge: Badge
    via: tuple[str, ...]  # the names of the programs and services behind the verdict
    note: str | None
    reasons: tuple[Reason, ...] = ()  # the same, with each one's condition


@dataclass(frozen=True)
class Group:
    name: str
    cards: tuple[Card, ...]

    @property
    def badges(self) -> tuple[Badge, ...]:
        """What the group's folded line says before it is opened: each verdict of its cards once, usable first,
        "to confirm" only when every card of that verdict is (the cards inside say since or until when)."""
        order = ("eligible", "conditional", "unknown", "not_eligible")
        found: dict[str, Badge] = {}
        for card in sorted(self.cards, key=lambda c: order.index(c.badge.value) if c.badge.value in order else 9):
            firm = found.get(card.badge.value)
            if firm is None or firm.confirm and not card.badge.confirm:
                found[card.badge.value] = Badge(card.badge.value, card.badge.label, card.badge.confirm)
        return tuple(found.values())


@dataclass(frozen=True)
class NotForYou:
    card: Card
    instead: Card | None  # the service's own `instead`, else a service of the same need, else the 211 referral


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
    confirm_note: str | None = None  # what "to confirm" means, once per page that shows it

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(c for g in (*self.local, *self.wider) for c in g.cards)


# ---------------------------------------------------------------- building the views


class Presenter:
    """Views of one guide in one language: the lookups every view shares."""

    def __init__(self, guide: Guide, evaluation: Evaluation, lang: str):
        self.guide, self.evaluation, self.lang = guide, evaluation, lang
        self.default = guide.community.default_language
        self._ = gettext_for(lang)
        # A language's pages show the same sources and services many times (a service on every status page):
        # each is put in words once. Keyed by the record's id(); the record is kept so the id stays its own.
        self._sources: dict[int, tuple[object, tuple[SourceLink, ...]]] = {}
        self._services: dict[str, tuple[dict[str, object], dict[str, str | None]]] = {}  # + the texts shown
        self._dates: dict[dt.date, str] = {}

    # Every content text of a view goes through one of these four (see `in_language`).
    def text(self, text: Text | None) -> Markup | None:
        return in_language(text, self.lang, self.default)

    def markdown(self, text: Text | None) -> Markup | None:
        return markdown_in_language(text, self.lang, self.default)

    def official(self, text: Text | None) -> Markup | None:
        return official_in_language(text, self.lang, self.default)

    def plain(self, text: Text | None, official: bool = False) -> str | None:
        return plain_in_language(text, self.lang, self.default, official)

    def badge(self, value: str, rulings: tuple[Ruling, ...], dates=None) -> Badge:
        """`dates`: (since, until, announced) of the verdict (evaluate.verdict_dates), said beside it."""
        return Badge(value, self._(VERDICTS[value]), self._(N_("to confirm")) if to_confirm(rulings) else None,
                     self._when(dates))

    def _when(self, dates) -> str | None:
        since, until, announced = dates or (None, None, False)
        said = []
        if since is not None:
            said.append(self._(N_("since {date}")).format(date=self.date(since)))
        if until is not None:
            message = N_("until {date} (change announced)") if announced else N_("until {date}")
            said.append(self._(message).format(date=self.date(until)))
        return ", ".join(said) or None

    def decision_badge(self, decision: Decision) -> Badge:
        return self.badge(decision.value, decision.rulings,
                          (decision.since, decision.until, decision.until_expected))

    def announced(self) -> Badge:
        """An announced rule that is not in force yet: conditional, and to confirm until it is."""
        value = "conditional"
        return Badge(value, self._(VERDICTS[value]), self._(N_("to confirm")))

    def sources(self, references: list[Reference]) -> tuple[SourceLink, ...]:
        known = self._sources.get(id(references))
        if known is None:
            known = self._sources[id(references)] = (references, source_links(references, self.lang))
        return known[1]

    def date(self, day: dt.date) -> str:
        if day not in self._dates:
            self._dates[day] = long_date(day, self.lang)
        return self._dates[day]

    def card(self, status_id: str, service_id: str) -> Card:
        service = self.guide.services[service_id]
        decision = self.evaluation.of(status_id, service_id)
        verified = min(d for d in (checked_on(service.references, service.verified_on), decision.verified_on)
                       if d is not None)
        return Card(
            **self._service_fields(service_id),
            badge=self.decision_badge(decision), note=self._condition(decision),
            programs=self._programs(decision),
            sources=self.sources(decision.references or service.references),  # the rule's; else the service's
            verified_on=self.date(verified),
        )

    def _service_fields(self, service_id: str) -> dict[str, object]:
        """What a card says of the service whatever the reader's status (the same on every status page)."""
        if service_id in self._services:
            fields, seen = self._services[service_id]
            replay(seen)  # the page that shows it again shows these texts too (its translation notice)
            return fields
        with measuring() as seen:
            fields = self._new_service_fields(service_id)
        replay(seen)
        self._services[service_id] = (fields, seen)
        return fields

    def _new_service_fields(self, service_id: str) -> dict[str, object]:
        guide = self.guide
        service = guide.services[service_id]
        organization = guide.organizations[service.organization]
        phones = tuple(self.phone(p) for p in service.phones or organization.phones)
        addresses = tuple(self._addresses(service))
        website = service.url or organization.url
        fields = dict(
            id=service.id, url=urls.service_url(service.id), name=self.text(service.name),
            organization=self.text(organization.name), description=self.text(service.description),
            addresses=addresses, phones=phones, hours=self.text(service.hours), cost=self.text(service.fees_description),
            languages=self._language_names(service.languages),
            documents=tuple(self.official(d) for d in service.required_documents),
            how_to_access=self.text(service.application_process), website=website,
            fallback=None if (addresses or phones) else self._fallback(website),
            layer=self._layer(service), topic=self._topic(service), provenance=self.provenance(service),
            needs=tuple(row.value for row in service_needs(guide, service)),
        )
        return fields

    def provenance(self, service: Service) -> str:
        """When and how a person last checked what the card says of the service: its citations, its
        organization's and its places'. Only a recorded check (a round's method, a call) gives a check date;
        otherwise the card gives the source's own date and says nobody checked it again."""
        guide = self.guide
        organization = guide.organizations[service.organization]
        places = [guide.locations[i] for i in service.locations if i in guide.locations]
        references = [*service.references, *organization.references, *(r for p in places for r in p.references)]
        check = latest_check(references)
        if check is not None:
            said = PROVENANCE[check.method] if check.method is not Method.website or not check.practice \
                else N_("Checked on the organization's website, {date}.")
            return self._(said).format(date=self.date(check.day))
        dates = [r.date for r in service.references if getattr(r, "date", None)]
        if dates:
            return self._(N_("Not checked again since it was written: its source is dated {date}.")).format(
                date=self.date(max(dates)))
        return self._(N_("Not checked again since it was written; its sources show no date."))

    def _fallback(self, website: str | None) -> str:
        if website:
            return self._(N_("No confirmed phone or address: see the website, or call 211."))
        return self._(N_("No confirmed phone or address: call 211."))

    def phone(self, phone) -> PhoneLine:
        return PhoneLine(phone_text(phone, self.lang), phone.tel_uri, self.text(phone.description))

    def places(self, service: Service) -> tuple[Place, ...]:
        """The service's known locations, in its order (an unknown location id is skipped)."""
        found = []
        for location_id in service.locations:
            location = self.guide.locations.get(location_id)
            if location is None:
                continue
            a = location.address
            where = ", ".join(x for x in (a.address_1, a.city, a.state_province, a.postal_code) if x) if a else None
            found.append(Place(self.text(location.name), where, self.text(location.accessibility),
                               self.text(location.transit)))
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
        notes = [self.text(r.note) for r in decision.rulings if r.note is not None]
        return Markup(" ").join(dict.fromkeys(notes)) or None

    def _programs(self, decision: Decision) -> tuple[str, ...]:
        names = [self.official(self.guide.programs[r.rule_id].name) for r in decision.rulings
                 if r.rule_kind == "program"]
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
        guide = self.guide
        notes = [step.notes[s] for s in reversed(guide.ancestors(status_id)) if s in step.notes]
        return StepItem(
            id=step.id, anchor=f"step-{step.id}", number=number, title=self.text(step.title),
            deadline=self.text(step.deadline), body=self.markdown(step.body),
            note=self._notes(notes) if notes else None,
            documents=tuple(self.official(d) for d in step.documents), links=self._step_links(status_id, step),
            sources=self.sources(step.references), verified_on=self.date(_step_checked(step)), priority=step.priority,
        )

    def _notes(self, notes: list[Text]) -> Markup:
        """A step's notes for this status and its parents, one Markdown text when all are translated."""
        if all(note.get(self.lang) for note in notes):
            return content_html("\n\n".join(note.get(self.lang) or "" for note in notes))
        return Markup("").join(self.markdown(note) for note in notes)

    def _step_links(self, status_id: str, step: Step) -> tuple[Link, ...]:
        """Each service and program a step names, with the evaluated verdict for this status."""
        links = []
        for sid in step.services:
            if sid in self.guide.services:
                d = self.evaluation.of(status_id, sid)
                links.append(Link(self.text(self.guide.services[sid].name), urls.service_url(sid),
                                  self.decision_badge(d), self._condition(d)))
        for pid in step.programs:
            if pid in self.guide.programs:
                ruling = self.evaluation.programs.get((status_id, pid))
                value, rulings = combine([ruling])
                program = self.guide.programs[pid]
                note = self.text(ruling.note) if ruling and value == "conditional" and ruling.note else None
                links.append(Link(self.official(program.name), program.url,
                                  self.badge(value, rulings, self.evaluation.program_dates.get((status_id, pid))), note))
        return tuple(links)

    def glance(self, status_id: str, services: list[str] | None = None) -> tuple[GlanceLine, ...]:
        """One row per need, from the decisions of every program and every service of the page that answers
        it (`services`: the page's; default every service of the guide). The row says the best verdict among
        them, as a service's programs do (eligible if any is, else conditional if any is, else not eligible if
        every one excludes the status, else ask), and names what it rests on: the ones with that verdict."""
        guide = self.guide
        services = sorted(guide.services) if services is None else services
        lines = []
        for row in GlanceRow:
            found = []  # (value, rulings, dates, name, url, note, is a service)
            for pid in sorted(p.id for p in guide.programs.values() if row in p.at_a_glance):
                ruling = self.evaluation.programs.get((status_id, pid))
                value, rulings = combine([ruling])
                note = ruling.note if ruling is not None else None
                # The one-line summary names programs in the reader's language only (the official term beside
                # it would double every row on a phone); steps, cards and service pages keep the official term.
                found.append((value, rulings, self.evaluation.program_dates.get((status_id, pid)),
                              self.text(guide.programs[pid].name), guide.programs[pid].url, note, False))
            for sid in services:
                if row in service_needs(guide, guide.services[sid]):
                    d = self.evaluation.of(status_id, sid)
                    notes = [r.note for r in d.rulings if r.note is not None]
                    found.append((d.value, d.rulings, (d.since, d.until, d.until_expected),
                                  self.text(guide.services[sid].name), urls.service_url(sid),
                                  notes[0] if notes else None, True))
            if not found:
                continue  # nothing stands behind this row here: nothing is said
            value = union_of([f[0] for f in found])
            deciding = [f for f in found if f[0] == value] if value != "unknown" else []
            # A service decided by programs the row already names adds nothing to say (the RAMQ registration
            # rests on RAMQ): the row names programs, and the services that have a rule of their own.
            named = {r.rule_id for f in deciding if not f[6] for r in f[1]}
            deciding = [f for f in deciding
                        if not (f[6] and f[1] and all(r.rule_kind == "program" and r.rule_id in named for r in f[1]))]
            if value != "not_eligible" and any(not f[6] for f in deciding):
                # A program decides: it is what the row rests on (the services of the need are listed below).
                deciding = [f for f in deciding if not f[6]]
            if value == "not_eligible" and any(f[6] for f in found):
                # A "no" names the services of the page a reader would have asked (the income-support office),
                # not every program of the need (RAP and private sponsorship for a temporary worker).
                deciding = [f for f in found if f[6]]
            rulings = tuple(r for f in deciding for r in f[1])
            dates = deciding[0][2] if len(deciding) == 1 else None  # one source: its since/until
            reasons = tuple(Reason(f[3], f[4], self.text(f[5]) if value == "conditional" and f[5] else None, f[6])
                            for f in deciding)
            reasons = tuple(dict.fromkeys(reasons))
            notes = [r.note for r in reasons if r.note]
            lines.append(GlanceLine(self._(GLANCE_LABELS[row]), row.value, self.badge(value, rulings, dates),
                                    tuple(dict.fromkeys(r.name for r in reasons)),
                                    Markup(" ").join(dict.fromkeys(notes)) or None, reasons))
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
        items = [item for stage in stages for item in stage.steps]
        first = sorted((item for item in items if item.priority),
                       key=lambda item: urgency(guide.steps[item.id], items.index(item)))
        shown = [u.service.id for u in (*way.usable, *way.not_usable, *way.unknown)]
        glance = self.glance(status_id, shown)
        not_for_you = tuple(self._instead(status_id, u.service.id, usable, helpers, referral) for u in way.not_usable)
        ask = tuple(self.card(status_id, u.service.id) for u in way.unknown)
        badges = [*(c.badge for c in (*usable, *ask)), *(n.card.badge for n in not_for_you),
                  *(row.badge for row in glance), *(link.badge for item in items for link in item.links)]
        return StatusView(
            id=status.id, lang=lang, name=self.official(status.name), description=self.text(status.description),
            document=self.text(status.document), changes=self.text(status.changes),
            parent=Link(self.official(parent.name), urls.status_url(parent.id), self.badge("unknown", ()))
            if parent else None,
            first=tuple(first), glance=glance, emergencies=tuple(emergencies),
            local=self._groups([c for c in helpers if c.layer == 0]),
            wider=self._groups([c for c in helpers if c.layer > 0]),
            not_for_you=not_for_you, ask=ask,
            stages=stages, referral=referral, verified_on=min(dates, default=None), checked=self._range(dates),
            confirm_note=self._(CONFIRM_NOTE) if any(b.confirm for b in badges) else None,
        )

    def _groups(self, cards: list[Card]) -> tuple[Group, ...]:
        """Cards by need (their first topic), needs in topic order, nearer layers first within a need."""
        topics = sorted(self.guide.topics.values(), key=lambda t: (t.order, t.id))
        groups = []
        for topic in topics:
            chosen = sorted((c for c in cards if c.topic == topic.id), key=lambda c: (c.layer, _sort_key(c.name), c.id))
            if chosen:
                groups.append(Group(self.text(topic.name), tuple(chosen)))
        return tuple(groups)

    def _instead(self, status_id: str, service_id: str, usable: list[Card], helpers: list[Card],
                 referral: Card | None) -> NotForYou:
        """Where to go instead: the first of the service's own `instead` this status may use, else a service
        of the same need ("At a glance" row, never merely the same topic), nearest layer first, else 211."""
        card = self.card(status_id, service_id)
        open_to_you = {c.id: c for c in usable}
        for other in self.guide.services[service_id].instead:
            if other in open_to_you:
                return NotForYou(card, open_to_you[other])
        same_need = [c for c in helpers if set(c.needs) & set(card.needs)]
        same_need.sort(key=lambda c: (c.layer, _sort_key(c.name), c.id))
        if same_need:
            return NotForYou(card, same_need[0])
        usable_referral = referral is not None and referral.badge.value in ("eligible", "conditional")
        return NotForYou(card, referral if usable_referral else None)

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
    return tuple(dict.fromkeys(r if isinstance(r, SourceLink) else _source_link(r, lang) for r in references
                               if not is_call(r)))  # a phone call is said by the card's provenance, not linked


def _source_link(reference, lang: str) -> SourceLink:
    source = reference.cited if isinstance(reference, CitedReference) else reference  # looked up once
    return SourceLink(source.title_in(lang), source.url_in(lang), source.kind is ReferenceKind.secondary,
                      source.kind.value, source.date)


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


def _sort_key(shown: str) -> str:
    """A shown text (perhaps marked up as a fallback) as the plain text to sort by."""
    return Markup(shown).striptags().lower()
