"""The content format, as Pydantic models.

These models *are* the documentation of the YAML files a partner edits: every field carries a
description, and `pathways schema` turns them into JSON Schema for editors. All models forbid
unknown keys and are immutable once validated.

A layer folder (`content/regions/ca`, `…/ca/qc`, `…/ca/qc/trois-rivieres`) holds one file per kind:
`statuses.yaml`, `programs.yaml`, `organizations.yaml`, `locations.yaml`, `services.yaml`,
`steps.yaml`, `topics.yaml`, `sources.yaml`, `glossary.yaml` (each a list of records), an optional `index.yaml`
(`LayerIndex`) and, in a community folder, `community.yaml` (`Community`).

Verified dates: a citation `{source: id, verified_on: …}` carries the day someone opened that source and
confirmed that claim, and pages print those dates. The `verified_on` of a record or rule entry is the day
it was last reviewed as a whole: its review period (`review_by`, `review_period_days`) counts from it.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    RootModel,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from pathways.content import addresses, phones
from pathways.content.ids import ID_PATTERN
from pathways.i18n import is_language
from pathways.content.kinds import KIND_NAMES, SINGLE_FILE_NAMES

REQUIRED_LANGUAGES = ("fr", "en")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _iso_date(value: Any) -> dt.date:
    """Accept only `YYYY-MM-DD` text: YAML numbers or other date spellings are mistakes."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError("date_format", "date must be written YYYY-MM-DD", {"value": str(value)})
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_impossible", "date does not exist", {"value": value}) from None


Date = Annotated[dt.date, BeforeValidator(_iso_date), Field(json_schema_extra={"type": "string", "format": "date"})]

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Identifier: lowercase letters, digits and hyphens (`pr-economic`). Stable: it ends up in URLs.",
    ),
]


URL_MAX_CHARS = 2000
_URL_SPACE = re.compile(r"[\s\x00-\x1f\x7f]")
_URL_FORBIDDEN = re.compile(r"[\"'<>\\`{}|^]")  # would end an HTML attribute, or is not URL syntax
_HOST = re.compile(r"^(?:[^\W_](?:[\w-]*[^\W_])?\.)*[^\W_](?:[\w-]*[^\W_])?\.?$")  # labels of letters, digits, -


def _http_url(value: Any) -> Any:
    """A web address readers can open: parsed by `urllib.parse`, http(s) only, a real host name, no
    credentials, a valid port, and none of the characters that could end an HTML attribute. Every URL of
    the content (base_url included) passes here, so templates may print it inside an attribute."""
    if not isinstance(value, str):
        return value  # Pydantic says "expected text here"
    if len(value) > URL_MAX_CHARS:
        raise PydanticCustomError("url_too_long", "address too long", {"limit": URL_MAX_CHARS})
    shown = {"value": value}
    if _URL_SPACE.search(value):
        raise PydanticCustomError("url_space", "space in address", shown)
    forbidden = _URL_FORBIDDEN.search(value)
    if forbidden:
        raise PydanticCustomError("url_character", "character not allowed", {**shown, "char": forbidden.group()})
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or 0 < parts.port
    except ValueError:  # "[::1" or a port that is not a number below 65536
        parts, port_ok = urlsplit(value.replace("[", "").replace("]", "")), False
    if parts.scheme not in ("http", "https") or not value.lower().startswith(("http://", "https://")):
        raise PydanticCustomError("url_scheme", "must be an http(s) address", shown)
    if "@" in parts.netloc:
        raise PydanticCustomError("url_credentials", "credentials in address", shown)
    if parts.hostname:
        addresses.check_host(value, parts.hostname)  # not private, loopback or a look-alike (addresses.py)
    if not parts.hostname or not _HOST.match(parts.hostname):
        raise PydanticCustomError("url_host", "no valid host", shown)
    if not port_ok:
        raise PydanticCustomError("url_port", "invalid port", shown)
    return value


Url = Annotated[str, BeforeValidator(_http_url), Field(description="A web address starting with http:// or https://.")]
Line = Annotated[str, Field(max_length=300)]  # a title, an address line
Email = Annotated[str, Field(max_length=254), BeforeValidator(addresses.email),
                  Field(description="An e-mail address (local@domain, nothing after it), checked by email-validator.")]


VERIFIED_ON = ("Date someone last reviewed the whole record (YYYY-MM-DD); its review period counts from it. "
               "What pages print as 'verified on' is the date of the references that support what they show.")
REVIEW_BY = ("Date by which it must be checked again; without it, the layer's `review_period_days` "
             "after verified_on applies.")
SOURCES = "Public sources for these facts (at least one)."
EMAIL = "Email address, only if a public source confirms it."
ORDER = "Position in lists (smaller first)."


class Text(RootModel[dict[str, str]]):
    """Localised text: `{fr: …, en: …}`. French and English are required; more languages are allowed.
    At most 1,000 characters per language (a description, a note)."""

    model_config = ConfigDict(frozen=True)
    max_chars: ClassVar[int] = 1000  # bounds the work of every page that shows it; shipped texts: ≤ 400

    @model_validator(mode="after")
    def _languages(self) -> Text:
        for code in self.root:
            if not _LANGUAGE_CODE.match(code):
                raise PydanticCustomError("language_code", "not a language code", {"value": code})
        missing = [lang for lang in REQUIRED_LANGUAGES if not (self.root.get(lang) or "").strip()]
        if missing:
            raise PydanticCustomError("text_missing_language", "missing text", {"languages": ", ".join(missing)})
        for code, text in self.root.items():
            if len(text) > self.max_chars:
                raise PydanticCustomError("text_too_long", "text too long",
                                          {"lang": code, "length": len(text), "limit": self.max_chars})
        return self

    def __getitem__(self, lang: str) -> str:
        return self.root.get(lang) or self.root["en"]

    def get(self, lang: str) -> str | None:
        """The text in `lang` only if it exists there (a current translation); None otherwise, so that the
        page can fall back to the community's default language and say so."""
        return (self.root.get(lang) or "").strip() or None


class Name(Text):
    """A short localised text: a name, a title, a deadline. At most 200 characters per language."""

    max_chars: ClassVar[int] = 200


class Body(Text):
    """The Markdown body of a step. At most 5,000 characters per language (shipped bodies: ≤ 720)."""

    max_chars: ClassVar[int] = 5000


# ---------------------------------------------------------------- references and dated rules


class ReferenceKind(str, Enum):
    law = "law"
    policy = "policy"
    practice = "practice"
    secondary = "secondary"


class UrlByLanguage(RootModel[dict[str, Url]]):
    """`{fr: https://…/fr/…, en: https://…/en/…}`: the same source in each language the publisher has."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _languages(self) -> UrlByLanguage:
        missing = [lang for lang in REQUIRED_LANGUAGES if lang not in self.root]
        if missing:
            raise PydanticCustomError("text_missing_language", "missing text", {"languages": ", ".join(missing)})
        return self


def _one_or_each(value: Any) -> str:
    return "each" if isinstance(value, dict) else "one"


class _OneOrPerLanguage:
    """`OneOrPerLanguage[str, Text]`: one value, or a mapping per language. Only the branch the YAML chose
    reports errors (a union would report both)."""

    def __getitem__(self, types: tuple[Any, Any]) -> Any:
        one, each = types
        return Annotated[Annotated[one, Tag("one")] | Annotated[each, Tag("each")], Discriminator(_one_or_each)]


OneOrPerLanguage = _OneOrPerLanguage()


class Source(Model):
    """A public document content relies on, defined once in a layer's `sources.yaml` and cited by id.

    A source is visible to the records of its own layer and of the layers below it (a community cites the
    national and provincial sources; the national layer cannot cite a community's). A lower layer cannot
    redefine an inherited source: give it another id."""

    id: Id
    title: OneOrPerLanguage[Line, Name] = Field(
        description="Title of the source as its publisher writes it; `{fr: …, en: …}` when the publisher has both.")
    url: OneOrPerLanguage[Url, UrlByLanguage] = Field(
        description="Web address; `{fr: …, en: …}` when the publisher has a page in each language (French pages "
        "then link the French one).")
    kind: ReferenceKind = Field(
        description="law (act, regulation), policy (official program page or terms), practice (what an "
        "organisation says it does), secondary (news, blog, a copy: publish only as conditional)."
    )
    publisher: OneOrPerLanguage[Line, Name] = Field(
        description="Who publishes it: IRCC, RAMQ, Government of Alberta, the organisation itself, a newspaper…")
    date: Date | None = Field(None, description="Date the document itself shows (published or last updated), if "
                              "any. `check` warns when a firm verdict rests only on documents older than the "
                              "national `source_max_age_years`.")

    def title_in(self, lang: str) -> str:
        return self.title if isinstance(self.title, str) else self.title[lang]

    def url_in(self, lang: str) -> str:
        return self.url if isinstance(self.url, str) else self.url.root.get(lang) or self.url.root["en"]


class Method(str, Enum):
    """How a person confirmed a fact in a verification round (`pathways review`)."""

    website = "website"
    call = "call"
    email = "email"
    in_person = "in-person"


Initials = Annotated[str, Field(pattern=r"^[A-Za-zÀ-ÖØ-öø-ÿ.\-]{1,8}$",
                                description="Initials of the person who checked (e.g. `MT`), never a full name.")]
METHOD = ("How the person who wrote `verified_on` checked it: website (opened the source), call, email or "
          "in-person. Written by `pathways review import`; without it, nobody recorded how (pages then show "
          "the source's own date, not this one).")
BY = "Initials of the person who checked it (`pathways review import` writes them)."


class Reference(Model):
    """The former way of citing: the source written out where it is used. Still read, so a partner's older
    folder keeps working; new content cites a source of `sources.yaml` by id (`CitedReference`)."""

    title: OneOrPerLanguage[Line, Text] = Field(description="Title of the source as its publisher writes it.")
    url: OneOrPerLanguage[Url, UrlByLanguage] = Field(description="Web address, one or `{fr: …, en: …}`.")
    kind: ReferenceKind = Field(description="law, policy, practice or secondary.")
    date: Date | None = Field(None, description="Date the source itself shows, if any.")
    verified_on: Date | None = Field(None, description="Day someone opened the source and confirmed the claim; "
                                     "without it, the verified_on of the record or rule entry.")
    method: Method | None = Field(None, description=METHOD)
    by: Initials | None = Field(None, description=BY)
    source: ClassVar[None] = None

    def title_in(self, lang: str) -> str:
        return self.title if isinstance(self.title, str) else self.title[lang]

    def url_in(self, lang: str) -> str:
        return self.url if isinstance(self.url, str) else self.url.root.get(lang) or self.url.root["en"]


class CitedReference(Model):
    """A citation: `{source: <id of sources.yaml>, verified_on: YYYY-MM-DD}`. The date belongs to the citation:
    the day someone opened that source and confirmed this claim (pages print it as "verified on")."""

    source: Id = Field(description="Id of a source in `sources.yaml` of this layer or a layer above.")
    verified_on: Date = Field(description="Day someone opened the source and confirmed what it supports here.")
    note: Text | None = Field(None, description="What exactly the source confirms, if useful (not shown).")
    method: Method | None = Field(None, description=METHOD)
    by: Initials | None = Field(None, description=BY)
    _source: Source | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _resolve(self, info: ValidationInfo) -> CitedReference:
        """Attach the cited `Source` (validation passes the community's sources as context; an unknown id is
        reported by `validate` with its position)."""
        sources = (info.context or {}).get("sources") or {}
        self._source = sources.get(self.source)
        return self

    @property
    def cited(self) -> Source:
        if self._source is None:
            raise LookupError(f"source '{self.source}' was not resolved")  # validation refuses such a guide
        return self._source

    @property
    def kind(self) -> ReferenceKind:
        return self.cited.kind

    @property
    def date(self) -> dt.date | None:
        return self.cited.date

    def title_in(self, lang: str) -> str:
        return self.cited.title_in(lang)

    def url_in(self, lang: str) -> str:
        return self.cited.url_in(lang)


class CallCitation(Model):
    """`{kind: call, verified_on: YYYY-MM-DD, by: MT}`: a person phoned the organisation and it confirmed the
    phone and address this record shows (written by `pathways review import`). Pages say "confirmed by phone
    with the organization" with that date; it is not a source readers can open, so it is never listed as one."""

    kind: Literal["call"] = Field(description="Always `call`.")
    verified_on: Date = Field(description="Day of the call.")
    by: Initials = Field(description=BY)
    method: Literal[Method.call, Method.email, Method.in_person] = Field(
        Method.call, description="call (the default), email or in-person: how the organisation confirmed it.")
    note: Text | None = Field(None, description="What the organisation confirmed, if useful (not shown).")


def _cited_or_inline(value: Any) -> str:
    if isinstance(value, dict) and value.get("kind") == "call" and "source" not in value:
        return "call"
    return "cited" if isinstance(value, dict) and "source" in value else "inline"


AnyReference = Annotated[  # a citation by id, or (older folders) a source written inline
    Annotated[CitedReference, Tag("cited")] | Annotated[Reference, Tag("inline")],
    Discriminator(_cited_or_inline),
]
ContactReference = Annotated[  # what an organisation, a location or a service may cite: also a phone call
    Annotated[CitedReference, Tag("cited")] | Annotated[Reference, Tag("inline")] | Annotated[CallCitation, Tag("call")],
    Discriminator(_cited_or_inline),
]
REFERENCE_TAGS = ("cited", "inline", "call")  # branch names Pydantic puts in error locations


def is_call(reference: Any) -> bool:
    """A phone call recorded by a verification round: a citation, never a source to list or link."""
    return isinstance(reference, CallCitation)


class Verdict(str, Enum):
    eligible = "eligible"
    not_eligible = "not_eligible"
    conditional = "conditional"


class StatusRule(Model):
    """What a rule says for one status."""

    value: Verdict = Field(description="eligible, not_eligible, or conditional (explain in `note`).")
    note: Text | None = Field(None, description="Plain-language condition or explanation, in fr and en.")

    @model_validator(mode="after")
    def _conditional_needs_note(self) -> StatusRule:
        if self.value is Verdict.conditional and self.note is None:
            raise PydanticCustomError("conditional_without_note", "conditional needs a note", {})
        return self


def _status_rule_shorthand(value: Any) -> Any:
    """`pr: eligible` is short for `pr: {value: eligible}`."""
    return {"value": value} if isinstance(value, str) else value


RuleForStatus = Annotated[StatusRule, BeforeValidator(_status_rule_shorthand)]


class RuleEntry(Model):
    """The rule in force from one start date until the next entry's start date."""

    statuses: dict[Id, RuleForStatus] = Field(
        default_factory=dict,
        description="Per status id: eligible / not_eligible / conditional. A rule for a parent status "
        "(`refugee`) covers its children unless a child is listed itself.",
    )
    others: RuleForStatus | None = Field(
        None,
        description="What applies to every status not listed (e.g. `not_eligible` when the source lists "
        "all eligible clients). Without it, unlisted statuses are `unknown`.",
    )
    references: list[AnyReference] = Field(description="At least one source for this entry.")
    verified_on: Date = Field(description="Date someone last reviewed this entry; its review period counts from "
                              "it. Pages print the dates of its references.")
    review_by: Date | None = Field(None, description="Date by which the entry must be checked again.")
    expected: bool = Field(
        False, description="True for an announced change that has not yet taken effect (shown as upcoming)."
    )
    summary: Text | None = Field(None, description="One sentence on what changed, for the changes page.")

    @field_validator("references")
    @classmethod
    def _at_least_one(cls, refs: list[Any]) -> list[Any]:
        if not refs:
            raise PydanticCustomError("no_reference", "needs a reference", {})
        return refs

    @model_validator(mode="after")
    def _review_after_verification(self) -> RuleEntry:
        if self.review_by is not None and self.review_by < self.verified_on:
            raise PydanticCustomError(
                "review_before_verified",
                "review_by before verified_on",
                {"review_by": self.review_by.isoformat(), "verified_on": self.verified_on.isoformat()},
            )
        return self


class Eligibility(Model):
    """Dated eligibility (the OpenFisca pattern): `values` keyed by start date, in date order.

    Each entry replaces the previous one entirely from its start date; `null` ends the rule (from that
    date it covers no one, so statuses become `unknown`, never the old value).
    """

    values: dict[Date, RuleEntry | None] = Field(description="Start date (YYYY-MM-DD) → rule, or null to end it.")

    @model_validator(mode="after")
    def _in_date_order(self) -> Eligibility:
        dates = list(self.values)
        for before, after in zip(dates, dates[1:]):
            if after <= before:
                raise PydanticCustomError(
                    "dates_out_of_order",
                    "dates out of order",
                    {"date": after.isoformat(), "previous": before.isoformat()},
                )
        if not any(entry is not None for entry in self.values.values()):
            raise PydanticCustomError("no_rule_entry", "no rule entry", {})
        return self


# ---------------------------------------------------------------- records


class Family(str, Enum):
    pr = "pr"
    refugee = "refugee"
    worker = "worker"
    cuaet = "cuaet"
    student = "student"


class Status(Model):
    """An immigration status, recognised by the document the person holds."""

    id: Id
    parent: Id | None = Field(None, description="Broader status this one belongs to (`refugee` for `claimant`).")
    family: Family = Field(description="pr, refugee, worker, cuaet or student.")
    name: Name = Field(description="Plain-language name.")
    description: Text = Field(description="Who this is, in one or two short sentences.")
    document: Text = Field(description="How to recognise it: the document the person holds.")
    changes: Text | None = Field(None, description="What this status gives and what it does not, in plain words.")
    order: int = Field(100, description=ORDER)


class GlanceRow(str, Enum):
    """The rows of a status page's "At a glance" table."""

    health_coverage = "health-coverage"
    work = "work"
    school = "school"
    language_classes = "language-classes"
    settlement_help = "settlement-help"
    income_support = "income-support"
    legal_aid = "legal-aid"


class NotOffered(Model):
    """A program that does not run in a province or territory, written in that province's layer over the
    national record (`- id: rap` + `not_offered: …`). There it counts for no status: no summary, step or card
    names it, and steps that name it show the programs that take its place, each with its own verdict."""

    replaced_by: list[Id] = Field(
        default_factory=list,
        description="Ids of the programs of this province that take its place (Québec's reception and income "
        "support for RAP). Steps naming the program name these instead.")
    references: list[AnyReference] = Field(min_length=1, description="Official pages saying where it does not run.")
    verified_on: Date = Field(description=VERIFIED_ON)


class Program(Model):
    """A funded program (IRCC Settlement Program, RAP, IFHP, RAMQ…) and who it serves over time."""

    id: Id
    name: Name
    description: Text
    funder: Name = Field(description="Who funds or runs it (IRCC, Québec MIFI, Alberta Health…).")
    url: Url | None = Field(None, description="Official page of the program.")
    eligibility: Eligibility = Field(description="Who the program serves, by date and status.")
    at_a_glance: list[GlanceRow] = Field(
        default_factory=list,
        description="Rows of the status pages' 'At a glance' table this program stands behind: health-coverage, "
        "work, school, language-classes, settlement-help, income-support, legal-aid. Each row's verdict is "
        "derived from the eligibility of the programs that name it (eligible if any covers the status); a row "
        "no program names is not shown.",
    )
    not_offered: NotOffered | None = Field(
        None, description="Set in a province's layer when the program does not run there (RAP in Québec); "
        "see NotOffered.")


class Address(Model):
    """A postal address (Open Referral HSDS `address`)."""

    address_1: Line = Field(description="Street address, e.g. 1234 Main Street.")
    city: Line = Field(description="City or town.")
    state_province: Line = Field(description="Province code, e.g. QC or AB (HSDS `state_province`; was `region`).")
    postal_code: Line | None = Field(None, description="Postal code, e.g. G9A 1A1.")
    country: Literal["CA"] = Field("CA", description="Always CA.")
    renamed: ClassVar[dict[str, str]] = {"region": "state_province"}  # old key → HSDS name (issue 24)


class Phone(Model):
    """A phone number (Open Referral HSDS `phone`), parsed by `phonenumbers` so a tap dials the right line."""

    number: Annotated[str, Field(max_length=100)] = Field(description="As dialled in Canada, e.g. 819-555-0100, 1-800-555-0100, 211, or "
                        "819-555-0100 poste 3 / ext. 3 for an extension.")
    description: Text | None = None

    @field_validator("number")
    @classmethod
    def _dialable(cls, value: str) -> str:
        phones.parse(value)  # raises PydanticCustomError("phone_invalid") in plain words
        return value

    @property
    def tel_uri(self) -> str:
        """RFC 3966 link: `tel:+1-819-374-2002;ext=3`, `tel:911`."""
        return phones.tel_uri(self.number)

    @property
    def national(self) -> str:
        """As printed in Canada, without the extension: `819-374-2002`, `1-800-363-9010`, `911`."""
        return phones.national(self.number)

    @property
    def extension(self) -> str | None:
        return phones.parse(self.number).extension

    @property
    def e164(self) -> str | None:
        """`+18193742002`; None for short numbers (911, 211…), which have no E.164 form."""
        return phones.e164(self.number)

    @property
    def short(self) -> bool:
        """A three-digit service number (911, 211, 811, 988…)."""
        return phones.is_short(self.number)

OPENS_ON = ("First day it is open (YYYY-MM-DD), only if a source says so; before that day the guide does not "
            "list it (HSDS-style lifecycle).")
CLOSES_ON = ("Day it closes for good (YYYY-MM-DD), as its source announces: from that day it disappears from "
             "status pages and booklets and the changes page lists it as closed; `--as-of` an earlier day "
             "still shows it.")
KEY_CONTACT = ("Marks the record a reader must be able to reach: `settlement` (the community's settlement "
               "organization) or `emergency-department`. `check --strict` fails if it has no phone and no "
               "address (its own, its locations' or its organization's).")
KeyContact = Literal["settlement", "emergency-department"]


class Organization(Model):
    """An organisation (Open Referral HSDS `organization`)."""

    id: Id
    name: Name
    description: Text | None = None
    url: Url | None = Field(None, description="Official website.")
    email: Email | None = Field(None, description=EMAIL)
    phones: list[Phone] = Field(default_factory=list, description="Only numbers a public source confirms.")
    key_contact: KeyContact | None = Field(None, description=KEY_CONTACT)
    opens_on: Date | None = Field(None, description=OPENS_ON)
    closes_on: Date | None = Field(None, description=CLOSES_ON)
    references: list[ContactReference] = Field(min_length=1, description=SOURCES)
    verified_on: Date = Field(description=VERIFIED_ON)
    review_by: Date | None = Field(None, description=REVIEW_BY)

    def open_on(self, day: dt.date) -> bool:
        return (self.opens_on is None or self.opens_on <= day) and (self.closes_on is None or day < self.closes_on)


class Location(Model):
    """A place where services are delivered (Open Referral HSDS `location`)."""

    id: Id
    organization: Id = Field(description="Id of the organization that runs this place.")
    name: Name
    address: Address | None = Field(None, description="Only if a public source confirms it.")
    accessibility: Text | None = Field(None, description="Physical accessibility, in plain words.")
    transit: Text | None = Field(None, description="How to get there by public transport.")
    references: list[ContactReference] = Field(min_length=1, description=SOURCES)
    verified_on: Date = Field(description=VERIFIED_ON)
    review_by: Date | None = Field(None, description=REVIEW_BY)


class Service(Model):
    """A service people can use (Open Referral HSDS `service`)."""

    id: Id
    organization: Id = Field(description="Id of the organization that offers it.")
    name: Name
    description: Text
    topics: list[Id] = Field(min_length=1, description="Topic ids (housing, health…).")
    programs: list[Id] = Field(
        default_factory=list,
        description="Programs that fund it. Without its own `eligibility`, a status may use the service "
        "if any of these programs covers it.",
    )
    eligibility: Eligibility | None = Field(None, description="The service's own rule; replaces its programs'.")
    at_a_glance: list[GlanceRow] | None = Field(
        None, description="The needs of the status pages' 'At a glance' table this service answers "
        "(health-coverage, work, school, language-classes, settlement-help, income-support, legal-aid): its "
        "verdict counts in those rows, and a status it is closed to is sent to another service of the same need. "
        "Without it: the rows all its programs stand behind when it has no rule of its own, else none. `[]`: none.")
    instead: list[Id] = Field(
        default_factory=list,
        description="Ids of services to suggest to a status this service is closed to, in order (shown with "
        "their own verdict; the first one the status may use is named). Without one that fits: a service of the "
        "same need (`at_a_glance`), else 211.")
    locations: list[Id] = Field(default_factory=list, description="Ids of the places where it is offered.")
    url: Url | None = Field(None, description="Web page of the service.")
    email: Email | None = Field(None, description=EMAIL)
    phones: list[Phone] = Field(default_factory=list, description="Only numbers a public source confirms.")
    hours: Text | None = Field(None, description="Opening hours, only if a public source confirms them.")
    languages: list[str] = Field(default_factory=list, description="Language codes the service is offered in.")
    fees_description: Text | None = Field(None, description="Free, or what it costs (HSDS name; was `cost`).")
    required_documents: list[Text] = Field(default_factory=list,
                                           description="What to bring (HSDS name; was `documents`).")
    application_process: Text | None = Field(None, description="How to start: call, walk in, referral… (HSDS "
                                             "name; was `how_to_access`).")
    key_contact: KeyContact | None = Field(None, description=KEY_CONTACT)
    opens_on: Date | None = Field(None, description=OPENS_ON)
    closes_on: Date | None = Field(None, description=CLOSES_ON)
    references: list[ContactReference] = Field(min_length=1, description=SOURCES)
    verified_on: Date = Field(description=VERIFIED_ON)
    review_by: Date | None = Field(None, description=REVIEW_BY)

    renamed: ClassVar[dict[str, str]] = {"cost": "fees_description", "documents": "required_documents",
                                         "how_to_access": "application_process"}  # old key → HSDS name (issue 24)

    def open_on(self, day: dt.date) -> bool:
        return (self.opens_on is None or self.opens_on <= day) and (self.closes_on is None or day < self.closes_on)


class Stage(str, Enum):
    before_arrival = "before-arrival"
    first_days = "first-days"
    first_weeks = "first-weeks"
    first_months = "first-months"
    first_year = "first-year"
    citizenship = "citizenship"


class Step(Model):
    """One step of a settlement pathway, for the statuses it applies to."""

    id: Id
    stage: Stage = Field(description="before-arrival, first-days, first-weeks, first-months, first-year or citizenship.")
    topic: Id = Field(description="Id of the topic it belongs to.")
    title: Name = Field(description="The action, as a short imperative: 'Apply for your SIN'.")
    body: Body = Field(description="What to do and why, in short sentences (Markdown).")
    applies_to: list[Id] = Field(description="Status ids (a parent covers its children).")
    except_: list[Id] = Field(default_factory=list, alias="except", description="Status ids excluded.")
    provinces: list[str] = Field(default_factory=list, description="Province codes; empty means everywhere.")
    services: list[Id] = Field(default_factory=list, description="Ids of services that help with this step.")
    programs: list[Id] = Field(default_factory=list, description="Ids of programs this step is about.")
    documents: list[Text] = Field(default_factory=list, description="Documents to bring.")
    deadline: Name | None = Field(None, description="E.g. 'within 90 days of arrival'.")
    deadline_days: int | None = Field(
        None, ge=0, description="The time limit of `deadline` in days, when it is one (15 for the Basis of Claim "
        "form): 'Do this first' lists steps with the fewest days first, then steps with another deadline, then "
        "the other priority steps.")
    covers: list[Id] = Field(
        default_factory=list,
        description="Ids of the essentials (national `index.yaml`, `essentials`) this step covers for the "
        "statuses it applies to: health insurance, school, driver's licence, legal aid, family violence…",
    )
    priority: bool = Field(False, description="True for the few steps that cannot wait (deadlines, health "
                           "coverage, papers): listed under 'Do this first' on the status page and booklet.")
    notes: dict[Id, Text] = Field(
        default_factory=dict,
        description="Text for one status only (`claimant: {fr: …, en: …}`), shown after the body to that status "
        "and the statuses under it. The body speaks to every status the step applies to.",
    )
    order: int = Field(100, description="Position within its stage (smaller first).")
    references: list[AnyReference] = Field(min_length=1, description=SOURCES)
    verified_on: Date = Field(description=VERIFIED_ON)
    review_by: Date | None = Field(None, description=REVIEW_BY)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("applies_to")
    @classmethod
    def _some_status(cls, value: list[str]) -> list[str]:
        if not value:
            raise PydanticCustomError("step_without_status", "applies to no status", {})
        return value


class Topic(Model):
    """A theme that groups steps and services: housing, health, work…"""

    id: Id
    name: Name
    description: Text | None = None
    order: int = Field(100, description=ORDER)


class Term(Model):
    """An abbreviation pages use, said in words (`glossary.yaml`; issue 26). One glossary for the whole guide:
    the national layer defines the terms, a province or community adds its own or replaces one by id. On every
    page the first use of `short` is written out as "words (short)"; later uses stay short. `check` warns about
    an all-caps word of two letters or more in a content text that no term (and no name said as is) covers."""

    id: Id
    short: OneOrPerLanguage[Annotated[str, Field(max_length=20)], Name] = Field(
        description="The abbreviation as texts write it: one (`RAMQ`) for every language, or `{fr: PFSI, en: "
        "IFHP}` when the languages differ. Other languages use their translation (translations/<lang>.po), else "
        "the English one. Capital letters (and digits), no spaces.")
    words: Name | None = Field(
        None, description="What it stands for, in words, per language (`{fr: Programme fédéral de santé "
        "intérimaire, en: Interim Federal Health Program}`); pages write it before the first use. Leave it out "
        "for a name that is only ever said this way (BELA, JBS): pages keep it as is and `check` accepts it.")
    source: Id | None = Field(None, description="The id of a source (sources.yaml) that spells the name out, "
                              "when there is one.")

    @field_validator("short")
    @classmethod
    def _capitals(cls, value: Any) -> Any:
        for shown in ([value] if isinstance(value, str) else value.root.values()):
            if not re.fullmatch(r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]+", shown):
                raise PydanticCustomError("abbreviation", "not an abbreviation", {"value": shown})
        return value

    def short_in(self, lang: str) -> str:
        return self.short if isinstance(self.short, str) else self.short[lang]


class Tier(str, Enum):
    """IRCC community typology."""

    large_urban = "large-urban"
    medium = "medium"
    small = "small"
    rural = "rural"
    remote = "remote"


class TranslationMethod(str, Enum):
    person = "person"
    machine = "machine"


class Translation(Model):
    """How the texts of an added language (beyond French and English) were translated. Every page in that
    language says so, and links the French and English pages, which stay authoritative."""

    method: TranslationMethod = Field(
        description="person (a translator wrote the texts) or machine (machine translation).")
    reviewed_on: Date | None = Field(
        None, description="Date a person last reviewed the translation; required when method is person. "
        "Leave it out for a machine translation nobody has reviewed.")
    reviewed_by: Line | None = Field(None, description="Who reviewed it (a person or an organisation), optional.")

    @model_validator(mode="after")
    def _reviewed(self) -> Translation:
        if self.method is TranslationMethod.person and self.reviewed_on is None:
            raise PydanticCustomError("translation_unreviewed", "a translation by a person needs reviewed_on")
        return self


class Community(Model):
    """The community a guide is for (`community.yaml` in the community folder)."""

    id: Id
    name: Name
    province: str = Field(description="Province code, e.g. QC or AB.")
    tier: Tier = Field(description="IRCC community tier.")
    default_language: Literal["fr", "en"] = Field(description="Language a visitor lands on: fr or en.")
    languages: list[str] = Field(
        default_factory=lambda: ["fr", "en"],
        description="Languages the guide is published in, in the order of the language switch, as language codes "
        "(fr, en, es, ar, pa, fa, tl…): any language the CLDR data of Babel knows. fr and en are required (they "
        "are the reference texts); `pathways translations add LANG` prepares the translation files of another.")
    translations: dict[str, Translation] = Field(
        default_factory=dict,
        description="Optional, for an added language: how its texts written in the YAML files and its prose pages "
        "were translated, e.g. `es: {method: machine}` or `ar: {method: person, reviewed_on: 2026-11-01}`. "
        "Texts translated in PO files carry their own state (a machine-translation or review comment); pages "
        "say how much is translated and how, from these facts.")
    base_url: Url = Field(description="Where the guide is published; printed in QR codes.")
    intro: Text | None = Field(None, description="One or two sentences for the home page.")
    publisher: Name | None = Field(None, description="Who publishes this guide (shown on the about page).")
    report_url: Url | None = Field(None, description="Page or form where readers report an error.")
    report_email: Email | None = Field(None, description="Email address where readers report an error.")

    @model_validator(mode="after")
    def _languages_declared(self) -> Community:
        missing = [lang for lang in REQUIRED_LANGUAGES if lang not in self.languages]
        if missing:
            raise PydanticCustomError("reference_language_missing", "fr and en are required",
                                      {"languages": ", ".join(missing)})
        if len(set(self.languages)) != len(self.languages):
            raise PydanticCustomError("language_twice", "a language is listed twice")
        unknown = [lang for lang in self.languages if not is_language(lang)]
        if unknown:
            raise PydanticCustomError("language_unknown", "not a language CLDR knows", {"languages": ", ".join(unknown)})
        added = [lang for lang in self.languages if lang not in REQUIRED_LANGUAGES]
        unused = [lang for lang in self.translations if lang not in added]
        if unused:
            raise PydanticCustomError("translation_unused", "not a listed language", {"languages": ", ".join(unused)})
        return self

    def translation(self, lang: str) -> Translation | None:
        """None for French and English (the reference texts)."""
        return self.translations.get(lang)


class Essential(Model):
    """A topic every guide must cover, whatever its province or territory (issue 11)."""

    id: Id
    name: Text = Field(description="What must be covered, e.g. Health insurance.")
    topic: Id = Field(description="Topic id of the steps that cover it (health, school-childcare…).")
    families: list[Family] = Field(description="Status families that need a step on it (pr, refugee, worker…).")
    hint: Text | None = Field(None, description="What such a step tells people, for the scaffold's placeholders.")


class LayerIndex(Model):
    """Optional `index.yaml` of a layer folder."""

    name: Name | None = Field(None, description="Name of the region, e.g. Québec.")
    essentials: list[Essential] = Field(
        default_factory=list,
        description="National layer only: topics every community's guide must cover for each status family. "
        "A step covers one with `covers: [id]`; `check --strict` lists each essential a guide lacks.",
    )
    review_period_days: int | None = Field(
        None, ge=1, description="Default review period for records of this layer that have no review_by."
    )
    source_max_age_years: int | None = Field(
        None, ge=1, description="National layer only: `check` warns (and `--strict` fails) when a firm verdict "
        "rests only on sources whose own `date` is older than this many years, or on secondary sources.")


class ProseFrontMatter(Model):
    """Front matter of a Markdown prose file in `content/<lang>/…`."""

    title: Line = Field(description="Page title.")
    summary: Annotated[str, Field(max_length=1000)] | None = Field(None, description="One sentence shown in lists of pages.")
    order: int = Field(100, description=ORDER)


KINDS: dict[str, type[Model]] = dict(zip(KIND_NAMES, (Status, Program, Organization, Location, Service, Step, Topic,
                                                     Source, Term), strict=True))
SINGLE_FILES: dict[str, type[Model]] = dict(zip(SINGLE_FILE_NAMES, (Community, LayerIndex), strict=True))
