"""Content stage: an Open Referral HSDS 3.0 data package (CSV tables) read into organization, location and
service records of our content format (issue 24), ready to be written as YAML by `pathways import hsds`.

- Every problem is `file.csv:line:column: message` (the line of the CSV row, the column's position); errors stop
  the import, warnings say what was left out (a phone that cannot be dialled in Canada, an address abroad).
- Texts go in the language the package is in (`lang`); the other reference language gets a placeholder
  (`TODO`, `À COMPLÉTER`, see placeholders.py) that `check --strict` lists. A package written by
  `pathways export hsds` carries both languages and our ids (`pathways_values.csv`, `pathways_records.csv`):
  those are used as they are.
- Ids: our id when the package carries it, else the HSDS id when it is a valid id of ours (UUIDs are), else
  one made from the name; re-importing the same package therefore updates the same records.
- Eligibility is never imported: a new service's verdicts are `unknown` until the partner writes them.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from pathways.content import phones
from pathways.content.hsds_tables import RECORDS, TABLES, VALUES
from pathways.content.ids import is_id, slug
from pathways.content.load import display_path
from pathways.content.models import Name, Text, _http_url
from pathways.errors import Problem, Where, problem
from pathways.i18n import N_

SOURCE_ID = "hsds-import"  # the source new records cite: the directory extract (sources.yaml of the community)
PLACEHOLDER_URL = "https://TODO-A-COMPLETER.example"
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
MISSING = {"fr": "À COMPLÉTER (traduire) : ", "en": "TODO (translate): "}
REQUIRED_COLUMNS = {"organization": ("id", "name"), "service": ("id", "name", "organization_id"),
                    "location": ("id",)}


@dataclass(frozen=True)
class Row:
    table: str
    path: str
    line: int
    header: tuple[str, ...]
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def where(self, column: str | None = None) -> Where:
        col = self.header.index(column) + 1 if column in self.header else 1
        return Where(self.path, self.line, col)


@dataclass
class Package:
    folder: Path
    rows: dict[str, list[Row]] = field(default_factory=dict)

    def table(self, name: str) -> list[Row]:
        return self.rows.get(name, [])


def read_package(folder: Path) -> tuple[Package, list[Problem]]:
    """Every CSV table of the package that exists (HSDS names, plus the pathways profile's)."""
    package, problems = Package(folder), []
    needed = [TABLES[name][0] for name in ("organization", "service")]
    if not all((folder / name).is_file() for name in needed):
        return package, [problem(Where(display_path(folder)), N_("no HSDS data package here: {files} are needed"),
                                 files=", ".join(needed))]
    for name, (file_name, _fields) in TABLES.items():
        path = folder / file_name
        if path.is_file():
            package.rows[name], found = _read_csv(name, path)
            problems.extend(found)
    return package, problems


def _read_csv(table: str, path: Path) -> tuple[list[Row], list[Problem]]:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [], [problem(Where(shown), N_("not UTF-8 text: save the file as UTF-8 (CSV UTF-8)"))]
    reader = csv.reader(text.splitlines(keepends=True))
    rows: list[Row] = []
    try:
        header = tuple(name.strip() for name in next(reader, []))
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(Row(table, shown, line, header, dict(zip(header, cells))))
            line = reader.line_num + 1
    except csv.Error as error:
        return rows, [problem(Where(shown, reader.line_num), N_("unreadable CSV: {error}"), error=str(error))]
    problems = [problem(Where(shown), N_("column '{column}' is missing"), column=column)
                for column in REQUIRED_COLUMNS.get(table, ()) if column not in header]
    return rows, problems


@dataclass
class Imported:
    """The records found, by kind and id, as plain data in our content format (no references yet: the command
    adds them), and where each came from."""

    organizations: dict[str, dict[str, Any]] = field(default_factory=dict)
    locations: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def kinds(self) -> dict[str, dict[str, dict[str, Any]]]:
        return {"organizations": self.organizations, "locations": self.locations, "services": self.services}


class _Mapper:
    def __init__(self, package: Package, lang: str, topics: set[str], programs: set[str], day: dt.date):
        self.package, self.lang, self.day = package, lang, day
        self.topics, self.programs = topics, programs
        self.found = Imported()
        self.ours = {(r["resource"], r["record_id"]): r["pathways_id"] for r in package.table(RECORDS)}
        self.texts: dict[tuple[str, str, str], dict[str, str]] = {}
        self.extra: dict[tuple[str, str, str], str] = {}
        for row in package.table(VALUES):
            key = (row["resource"], row["record_id"], row["field"])
            if row["language"]:
                self.texts.setdefault(key, {})[row["language"]] = row.values.get("value") or ""
            else:
                self.extra[key] = row["value"]
        self.ids: dict[tuple[str, str], str] = {}
        self._indexes: dict[tuple[str, str], dict[str, list[Row]]] = {}

    def linked(self, table: str, column: str, value: str) -> list[Row]:
        """The rows of `table` whose `column` is `value` (each table indexed once: extracts are large)."""
        key = (table, column)
        if key not in self._indexes:
            index: dict[str, list[Row]] = {}
            for row in self.package.table(table):
                index.setdefault(row[column], []).append(row)
            self._indexes[key] = index
        return self._indexes[key].get(value, []) if value else []

    def warn(self, row: Row, at: str | None, message: str, **args: Any) -> None:
        self.found.problems.append(problem(row.where(at), message, warning=True, **args))

    def error(self, row: Row, at: str | None, message: str, **args: Any) -> None:
        self.found.problems.append(problem(row.where(at), message, **args))

    # ------------------------------------------------------------------ values

    def our_id(self, row: Row) -> str:
        key = (row.table, row["id"])
        if key not in self.ids:
            given = self.ours.get(key) or row["id"].lower()
            self.ids[key] = given if is_id(given) else slug(row["name"] or row["id"], "record", 60)
        return self.ids[key]

    def text(self, row: Row, column: str, kind: type[Text] = Text, field_name: str | None = None) -> dict[str, str] | None:
        both = self.texts.get((row.table, row["id"], field_name or column), {})
        if all((both.get(lang) or "").strip() for lang in MISSING):
            return {lang: both[lang] for lang in MISSING}
        value = " ".join(row[column].split()) if column in row.header else ""
        return self.localised(row, column, value, kind)

    def localised(self, row: Row, column: str | None, value: str, kind: type[Text] = Text) -> dict[str, str] | None:
        if not value:
            return None
        if len(value) > kind.max_chars:
            self.warn(row, column, N_("text longer than {limit} characters: cut"), limit=kind.max_chars)
            value = value[: kind.max_chars - 1] + "…"
        found = {}
        for lang in MISSING:
            other = MISSING[lang] + value
            found[lang] = value if lang == self.lang else other[: kind.max_chars - 1] + ("…" if len(other) >= kind.max_chars else "")
        return found

    def url(self, row: Row, column: str) -> str | None:
        value = row[column] if column in row.header else ""
        if not value:
            return None
        try:
            return _http_url(value)
        except PydanticCustomError:
            self.warn(row, column, N_("not a web address: {value} (left out)"), value=value)
            return None

    def date(self, row: Row, column: str) -> dt.date:
        value = row[column] if column in row.header else ""
        try:
            return dt.date.fromisoformat(value[:10]) if value else self.day
        except ValueError:
            self.warn(row, column, N_("not a date written YYYY-MM-DD: {value} (the import day is used)"), value=value)
            return self.day

    def phones(self, link: str, record_id: str) -> list[dict[str, Any]]:
        found = []
        for row in self.linked("phone", link, record_id):
            number, extension = row["number"], row["extension"].removesuffix(".0")
            written = f"{number} ext. {extension}" if extension else number
            try:
                phones.parse(written)
            except PydanticCustomError:
                self.warn(row, "number", N_("not a phone number that can be dialled in Canada: {number} (left out)"),
                          number=written)
                continue
            shown = phones.national(written) + (f" ext. {extension}" if extension else "")
            phone: dict[str, Any] = {"number": shown}
            description = self.text(row, "description")
            if description:
                phone["description"] = description
            found.append(phone)
        return found

    # ------------------------------------------------------------------ records

    def organizations(self) -> None:
        for row in self._unique("organization"):
            oid = self.our_id(row)
            record: dict[str, Any] = {"id": oid, "name": self.text(row, "name", Name)}
            description = self.text(row, "description")
            if description and row["description"] != row["name"]:  # the export's stand-in for a description
                record["description"] = description
            record |= _some(url=self.url(row, "website"), email=row["email"] or None,
                            phones=self.phones("organization_id", row["id"]))
            self.found.organizations[oid] = record

    def locations(self, service_orgs: dict[str, str]) -> None:
        addresses = {row["location_id"]: row for row in self.package.table("address")}
        access = {row["location_id"]: row for row in self.package.table("accessibility")}
        for row in self._unique("location"):
            lid = self.our_id(row)
            org = self._org_id(row["organization_id"]) or service_orgs.get(row["id"])
            if org is None:
                self.warn(row, "organization_id", N_("location without an organization: left out"))
                continue
            name = self.text(row, "name", Name) or self.text(row, "description", Name) \
                or self.localised(row, None, lid, Name)
            record: dict[str, Any] = {"id": lid, "organization": org, "name": name}
            address = self.address(addresses.get(row["id"]), row)
            accessibility = access.get(row["id"])
            record |= _some(address=address,
                            accessibility=accessibility and self.text(accessibility, "description"),
                            transit=self.text(row, "transportation"))
            self.found.locations[lid] = record

    def address(self, row: Row | None, location: Row) -> dict[str, Any] | None:
        if row is None:
            kept = {f: self.extra.get(("location", location["id"], f"address.{f}")) for f in
                    ("address_1", "city", "state_province", "country")}
            if not (kept["address_1"] and kept["city"] and kept["state_province"]):
                return None
            return {"address_1": kept["address_1"], "city": kept["city"], "state_province": kept["state_province"]}
        country = row["country"].upper()
        if country not in ("CA", "CAN", "CANADA"):
            self.warn(row, "country", N_("address outside Canada ({country}): left out"), country=row["country"])
            return None
        if not (row["address_1"] and row["city"] and (row["state_province"] or row["region"])):
            return None
        found = {"address_1": row["address_1"], "city": row["city"],
                 "state_province": row["state_province"] or row["region"]}
        return found | _some(postal_code=row["postal_code"] or None)

    def services(self) -> dict[str, str]:
        """The services; returns location HSDS id → organization id (for locations that name none)."""
        at = {}
        for link in self.package.table("service_at_location"):
            at.setdefault(link["service_id"], []).append(link["location_id"])
        service_orgs: dict[str, str] = {}
        for row in self._unique("service"):
            status = row["status"] or "active"
            if status != "active":
                self.warn(row, "status", N_("service status '{status}': not imported"), status=status)
                continue
            org = self._org_id(row["organization_id"])
            if org is None:
                self.error(row, "organization_id", N_("organization '{id}' is not in organizations.csv"),
                           id=row["organization_id"])
                continue
            sid = self.our_id(row)
            for location in at.get(row["id"], []):
                service_orgs.setdefault(location, org)
            record: dict[str, Any] = {"id": sid, "organization": org, "name": self.text(row, "name", Name),
                                      "description": self.text(row, "description") or self.localised(
                                          row, "description", "", Text) or _placeholder_text()}
            topics = self._linked(row, "topic", self.topics)
            programs = [self.ours[("funding", f["id"])] for f in self.linked("funding", "service_id", row["id"])
                        if self.ours.get(("funding", f["id"])) in self.programs]
            record |= _some(topics=topics, programs=programs, _locations=at.get(row["id"], []),
                            url=self.url(row, "url"), email=row["email"] or None,
                            phones=self.phones("service_id", row["id"]), hours=self.hours(row),
                            languages=self.languages(row), fees_description=self.cost(row),
                            required_documents=self.documents(row),
                            application_process=self.text(row, "application_process"))
            record["_assured"] = self.date(row, "assured_date") if "assured_date" in row.header else self.day
            self.found.services[sid] = record
        return service_orgs

    def hours(self, service: Row) -> dict[str, str] | None:
        parts = []
        for row in self.linked("schedule", "service_id", service["id"]):
            both = self.texts.get(("schedule", row["id"], "description"))
            if both and all(both.get(lang) for lang in MISSING):
                return {lang: both[lang] for lang in MISSING}
            described = " ".join(x for x in (row["description"], row["notes"]) if x)
            timed = " ".join(x for x in (row["byday"], "–".join(t[:5] for t in (row["opens_at"], row["closes_at"]) if t)) if x)
            parts.append(described or timed)
        return self.localised(service, None, "; ".join(p for p in parts if p))

    def languages(self, service: Row) -> list[str]:
        codes = [row["code"].lower() for row in self.linked("language", "service_id", service["id"])]
        return [code for code in dict.fromkeys(codes) if _LANGUAGE.match(code)]

    def cost(self, service: Row) -> dict[str, str] | None:
        found = self.text(service, "fees_description")
        if found:
            return found
        for row in self.linked("cost_option", "service_id", service["id"]):
            amount = " ".join(x for x in (row["amount"], row["currency"].upper()) if x)
            value = " — ".join(x for x in (row["option"], amount, row["amount_description"]) if x)
            return self.localised(row, "amount_description", value)
        return None

    def documents(self, service: Row) -> list[dict[str, str]]:
        return [text for row in self.linked("required_document", "service_id", service["id"])
                for text in [self.text(row, "document")] if text]

    def _linked(self, service: Row, link_type: str, known: set[str]) -> list[str]:
        found = []
        for row in self.linked("attribute", "link_id", service["id"]):
            if row["link_type"] == link_type:
                ours = self.ours.get(("taxonomy_term", row["taxonomy_term_id"]))
                if ours in known:
                    found.append(ours)
        return found

    def _org_id(self, hsds_id: str) -> str | None:
        found = self.linked("organization", "id", hsds_id)
        return self.our_id(found[0]) if found else None

    def _unique(self, table: str) -> list[Row]:
        seen: dict[str, Row] = {}
        rows = []
        for row in self.package.table(table):
            required = [c for c in REQUIRED_COLUMNS.get(table, ()) if c in row.header and not row[c]]
            if required:
                self.error(row, required[0], N_("'{column}' is empty: every row needs one"), column=required[0])
                continue
            if row["id"] in seen:
                self.error(row, "id", N_("id '{id}' is used twice (also on line {line})"), id=row["id"],
                           line=seen[row["id"]].line)
                continue
            seen[row["id"]] = row
            rows.append(row)
        return rows


def _some(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v}


def _placeholder_text() -> dict[str, str]:
    return {"fr": "À COMPLÉTER : ce que fait ce service.", "en": "TODO: what this service does."}


def map_package(package: Package, lang: str, topics: set[str], programs: set[str], day: dt.date) -> Imported:
    """The organizations, locations and services of the package in our format (`lang`: the language of its
    texts). `topics` and `programs`: the ids the community knows (a package's own ids are kept only if known)."""
    mapper = _Mapper(package, lang, topics, programs, day)
    mapper.organizations()
    service_orgs = mapper.services()
    mapper.locations(service_orgs)
    location_ids = {row["id"]: mapper.our_id(row) for row in package.table("location")}
    for record in mapper.found.services.values():
        located = [location_ids[i] for i in record.pop("_locations", []) if location_ids.get(i) in mapper.found.locations]
        if located:
            record["locations"] = located
    return mapper.found
