"""Output stage: the guide of one community as an Open Referral HSDS 3.0 data package (issue 24).

`tables(guide, evaluation)` gives every HSDS table as rows (one dict per row, in the field order of the
specification's `datapackage.json`); `write_package` writes them as one CSV per table with a
`datapackage.json` that describes them (a Frictionless tabular data package), and `service_objects` gives
the same records in HSDS's JSON form (the compiled `service` schema), written as `services.json`.

What goes where (the pathways profile of HSDS 3.0, also in docs/partner-guide.*.md):
- organizations, services, locations, service_at_location, addresses, phones (E.164 and extension; 211,
  911… as dialled), schedules (our free-text `hours` is `schedule.description`), languages, cost_options and
  `services.fees_description`, required_documents, `services.application_process` (the content format uses
  the HSDS names), funding (one row per funding program: "program — funder"), `services.assured_date`
  (the day the service's sources were verified).
- taxonomies: `pathways-immigration-status` (one term per status, `code` = `status/<id>`) and
  `pathways-topic` (`topic/<id>`). Each (service, status) verdict as of `--as-of` is an `attribute`
  (link_type `eligibility`, value `eligible`, `not_eligible`, `conditional` or `unknown`); each source
  behind it is a `metadata` row: last_action_type `verified`, last_action_date the day that source was
  verified, `updated_by` the source's address (HSDS has no source column). Topics are `attribute`s too.
- Core tables hold the texts in the community's default language. Two extra resources keep what HSDS has no
  column for: `pathways_records.csv` (resource, record_id, pathways_id: our id of each record) and
  `pathways_values.csv` (resource, record_id, field, language, value: every text in French and English, and
  an address whose postal code is unknown, which HSDS's `address` table cannot hold: language empty).
- The programs table stays empty: an HSDS program belongs to one organization, ours are funders' programs.
  The contacts table stays empty: the content names no contact persons (phones, emails and websites are
  on organizations and services).

UUIDs are `uuid5` of `<kind>/<our id>` in one fixed namespace: the same content gives the same UUIDs in every
export (a national service has the same UUID in every community's package). Nothing here reads the
specification's files: tests compare these tables with them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any, Iterable

from babel import Locale

from pathways.content.guide import Guide
from pathways.content.hsds_tables import (ENUMS, LICENSE, PROFILE_LANGUAGES, RECORDS, STATUS_TAXONOMY, TABLES,
                                          TOPIC_TAXONOMY, VALUES, Field, uid)
from pathways.content.models import Phone, Text
from pathways.content.sources import checked_on
from pathways.rules.evaluate import Decision, Evaluation

class _Tables:
    """Rows of every table, filled record by record (one instance per export)."""

    def __init__(self, guide: Guide, evaluation: Evaluation):
        self.guide, self.evaluation = guide, evaluation
        self.lang = guide.community.default_language
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}

    def add(self, table: str, **values: Any) -> dict[str, Any]:
        row = {f.name: values.get(f.name) for f in TABLES[table][1]}
        unknown = set(values) - set(row)
        assert not unknown, (table, unknown)
        self.rows[table].append(row)
        return row

    def text(self, table: str, record_id: str, field: str, text: Text | None) -> str | None:
        """The text in the default language for the core table; every reference language in the profile."""
        if text is None:
            return None
        for lang in PROFILE_LANGUAGES:
            self.add(VALUES, resource=table, record_id=record_id, field=field, language=lang, value=text[lang])
        return text[self.lang]

    def ours(self, table: str, record_id: str, pathways_id: str) -> str:
        self.add(RECORDS, resource=table, record_id=record_id, pathways_id=pathways_id)
        return record_id

    # ------------------------------------------------------------------ records

    def organizations(self) -> None:
        for org in sorted(self.guide.organizations.values(), key=lambda o: o.id):
            oid = self.ours("organization", uid("organization", org.id), org.id)
            name = self.text("organization", oid, "name", org.name)
            # HSDS requires a description: the name says what it is when the content has none.
            description = self.text("organization", oid, "description", org.description) or name
            self.add("organization", id=oid, name=name, description=description, email=org.email, website=org.url)
            self.phones(org.phones, "organization", org.id, organization_id=oid)

    def phones(self, phones: list[Phone], kind: str, owner: str, **link: str) -> None:
        for index, phone in enumerate(phones):
            pid = uid("phone", kind, owner, str(index))
            extension = phone.extension
            self.add("phone", id=pid, number=phone.e164 or phone.national, extension=int(extension) if extension
                     else None, type="voice", description=self.text("phone", pid, "description", phone.description),
                     **link)

    def locations(self) -> None:
        for loc in sorted(self.guide.locations.values(), key=lambda item: item.id):
            lid = self.ours("location", uid("location", loc.id), loc.id)
            self.add("location", id=lid, location_type="physical", organization_id=uid("organization", loc.organization),
                     name=self.text("location", lid, "name", loc.name),
                     transportation=self.text("location", lid, "transportation", loc.transit))
            if loc.accessibility is not None:
                aid = uid("accessibility", loc.id)
                self.add("accessibility", id=aid, location_id=lid,
                         description=self.text("accessibility", aid, "description", loc.accessibility))
            address = loc.address
            if address is not None and address.postal_code:
                self.add("address", id=uid("address", loc.id), location_id=lid, address_1=address.address_1,
                         city=address.city, state_province=address.state_province, postal_code=address.postal_code,
                         country=address.country, address_type="physical")
            elif address is not None:  # HSDS requires a postal code: the address is kept in the profile
                for field, value in (("address_1", address.address_1), ("city", address.city),
                                     ("state_province", address.state_province), ("country", address.country)):
                    self.add(VALUES, resource="location", record_id=lid, field=f"address.{field}", language=None,
                             value=value)

    def services(self) -> None:
        guide = self.guide
        for service in sorted(guide.services.values(), key=lambda s: s.id):
            sid = self.ours("service", uid("service", service.id), service.id)
            cost = self.text("service", sid, "fees_description", service.fees_description)
            self.add("service", id=sid, organization_id=uid("organization", service.organization),
                     name=self.text("service", sid, "name", service.name),
                     description=self.text("service", sid, "description", service.description),
                     url=service.url, email=service.email, status="active",
                     application_process=self.text("service", sid, "application_process", service.application_process),
                     fees_description=cost,
                     assured_date=checked_on(service.references, service.verified_on).isoformat())
            self.phones(service.phones, "service", service.id, service_id=sid)
            if service.hours is not None:
                hid = uid("schedule", service.id)
                self.add("schedule", id=hid, service_id=sid,
                         description=self.text("schedule", hid, "description", service.hours))
            if cost is not None:
                cid = uid("cost_option", service.id)
                self.add("cost_option", id=cid, service_id=sid,
                         amount_description=self.text("cost_option", cid, "amount_description", service.fees_description))
            names = Locale.parse(self.lang).languages
            for code in service.languages:
                self.add("language", id=uid("language", service.id, code), service_id=sid, code=code,
                         name=names.get(code))
            for index, document in enumerate(service.required_documents):
                did = uid("required_document", service.id, str(index))
                self.add("required_document", id=did, service_id=sid,
                         document=self.text("required_document", did, "document", document))
            for program_id in service.programs:
                program = guide.programs[program_id]
                fid = self.ours("funding", uid("funding", service.id, program_id), program_id)
                self.add("funding", id=fid, service_id=sid,
                         source=f"{program.name[self.lang]} — {program.funder[self.lang]}")
            for location_id in service.locations:
                self.add("service_at_location", id=uid("service_at_location", service.id, location_id),
                         service_id=sid, location_id=uid("location", location_id))
            for topic in service.topics:
                self.add("attribute", id=uid("attribute", "topic", service.id, topic), link_id=sid,
                         taxonomy_term_id=uid("taxonomy_term", "topic", topic), link_type="topic",
                         link_entity="service")

    def taxonomies(self) -> None:
        guide = self.guide
        status_tax, topic_tax = uid("taxonomy", STATUS_TAXONOMY), uid("taxonomy", TOPIC_TAXONOMY)
        self.add("taxonomy", id=status_tax, name=STATUS_TAXONOMY,
                 description="Immigration statuses of the pathways settlement guides, one term per status.")
        self.add("taxonomy", id=topic_tax, name=TOPIC_TAXONOMY,
                 description="Topics of the pathways settlement guides (housing, health, work…).")
        for status in guide.sorted_statuses():
            tid = self.ours("taxonomy_term", uid("taxonomy_term", "status", status.id), status.id)
            self.add("taxonomy_term", id=tid, code=f"status/{status.id}", taxonomy=STATUS_TAXONOMY,
                     taxonomy_id=status_tax, language=self.lang,
                     parent_id=uid("taxonomy_term", "status", status.parent) if status.parent else None,
                     name=self.text("taxonomy_term", tid, "name", status.name),
                     description=self.text("taxonomy_term", tid, "description", status.description))
        for topic in sorted(guide.topics.values(), key=lambda t: (t.order, t.id)):
            tid = self.ours("taxonomy_term", uid("taxonomy_term", "topic", topic.id), topic.id)
            name = self.text("taxonomy_term", tid, "name", topic.name)
            self.add("taxonomy_term", id=tid, code=f"topic/{topic.id}", taxonomy=TOPIC_TAXONOMY,
                     taxonomy_id=topic_tax, language=self.lang, name=name,
                     description=self.text("taxonomy_term", tid, "description", topic.description) or name)

    def verdicts(self) -> None:
        """Each (service, status) verdict as of the evaluation's date, with the sources behind it."""
        for service_id in sorted(self.guide.services):
            for status in self.guide.sorted_statuses():
                decision = self.evaluation.of(status.id, service_id)
                aid = uid("attribute", "eligibility", service_id, status.id)
                self.add("attribute", id=aid, link_id=uid("service", service_id),
                         taxonomy_term_id=uid("taxonomy_term", "status", status.id), link_type="eligibility",
                         link_entity="service", value=decision.value)
                notes = [r.note for r in decision.rulings if r.note is not None]
                if notes:
                    self.text("attribute", aid, "note", notes[0])
                for index, (url, day) in enumerate(sources_of(decision, self.lang)):
                    self.add("metadata", id=uid("metadata", aid, str(index)), resource_id=aid,
                             resource_type="attribute", last_action_date=day.isoformat(),
                             last_action_type="verified", field_name="value", previous_value=decision.value,
                             replacement_value=decision.value, updated_by=url)


def sources_of(decision: Decision, lang: str) -> list[tuple[str, dt.date]]:
    """(address, day verified) of each source behind a decision, once each, in the order they were cited."""
    found: dict[str, dt.date] = {}
    for ruling in decision.rulings:
        for ref in ruling.references:
            day = getattr(ref, "verified_on", None) or ruling.entry.verified_on
            url = ref.url_in(lang)
            found[url] = min(day, found.get(url, day))
    return list(found.items())


def tables(guide: Guide, evaluation: Evaluation) -> dict[str, list[dict[str, Any]]]:
    """Every table of the package (HSDS, then the profile's), rows in a stable order."""
    made = _Tables(guide, evaluation)
    made.organizations()
    made.locations()
    made.services()
    made.taxonomies()
    made.verdicts()
    return made.rows


def csv_text(table: str, rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [f.name for f in TABLES[table][1]]
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row[name] is None else row[name] for name in names])
    return out.getvalue()


def descriptor(guide: Guide, as_of: dt.date) -> dict[str, Any]:
    """`datapackage.json`: the package and a Frictionless table schema per CSV file."""
    community = guide.community
    resources = []
    for name, (path, fields) in TABLES.items():
        schema: dict[str, Any] = {"fields": [_field(name, f) for f in fields]}
        if any(f.name == "id" for f in fields):
            schema["primaryKey"] = "id"
        resources.append({"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
    return {
        "profile": "tabular-data-package",
        "name": f"pathways-{community.id}",
        "title": f"{community.name['fr']} / {community.name['en']} — pathways (HSDS 3.0)",
        "description": "Organizations, services and locations of a pathways settlement guide, and the eligibility "
                       "of each immigration status for each service, as Open Referral HSDS 3.0 (pathways profile: "
                       f"texts in French and English in {VALUES}.csv, our ids in {RECORDS}.csv).",
        "version": "3.0.0",
        "created": f"{as_of.isoformat()}T00:00:00Z",
        "homepage": community.base_url,
        "licenses": [LICENSE],
        "resources": resources,
    }


def _field(table: str, field: Field) -> dict[str, Any]:
    found: dict[str, Any] = {"name": field.name, "type": field.type}
    if field.format:
        found["format"] = field.format
    constraints: dict[str, Any] = {"required": True} if field.required else {}
    if field.name == "id" and field.format == "uuid":
        constraints["unique"] = True
    if (table, field.name) in ENUMS:
        constraints["enum"] = ENUMS[(table, field.name)]
    if constraints:
        found["constraints"] = constraints
    return found


def package_files(guide: Guide, evaluation: Evaluation) -> dict[str, str]:
    """File name → text of the whole package: datapackage.json, one CSV per table, services.json."""
    rows = tables(guide, evaluation)
    files = {"datapackage.json": _json(descriptor(guide, evaluation.as_of))}
    for name, (path, _fields) in TABLES.items():
        files[path] = csv_text(name, rows[name])
    # Compact: each service repeats its organization, terms and sources (about 1 MB indented).
    files["services.json"] = json.dumps(service_objects(rows), ensure_ascii=False, separators=(",", ":")) + "\n"
    return files


def write_package(guide: Guide, evaluation: Evaluation, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in package_files(guide, evaluation).items():
        (out / name).write_text(text, encoding="utf-8", newline="")
        written.append(out / name)
    return written


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


# ------------------------------------------------------------------ JSON form


def service_objects(rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The services as HSDS 3.0 JSON objects (schema/compiled/service.json), built from the same rows: the
    organization, phones, schedules, languages, costs, documents, funding, locations (with address and
    accessibility), attributes (with taxonomy term and metadata). Each object also carries the profile:
    `pathways_id` and `pathways_texts` (field → language → text), as extra properties the schema allows."""
    def by(table: str, key: str) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for row in rows[table]:
            if row.get(key):
                grouped.setdefault(row[key], []).append(row)
        return grouped

    ours = {row["record_id"]: row["pathways_id"] for row in rows[RECORDS]}
    texts: dict[str, dict[str, dict[str, str]]] = {}
    for row in rows[VALUES]:
        if row["language"]:
            texts.setdefault(row["record_id"], {}).setdefault(row["field"], {})[row["language"]] = row["value"]
    organizations = {row["id"]: row for row in rows["organization"]}
    locations = {row["id"]: row for row in rows["location"]}
    terms = {row["id"]: row for row in rows["taxonomy_term"]}
    taxonomies = {row["id"]: row for row in rows["taxonomy"]}
    phones = {"service": by("phone", "service_id"), "organization": by("phone", "organization_id")}
    addresses, access = by("address", "location_id"), by("accessibility", "location_id")
    metadata = by("metadata", "resource_id")

    def obj(row: dict[str, Any], *drop: str, **more: Any) -> dict[str, Any]:
        found = {k: v for k, v in row.items() if v is not None and k not in drop}
        if row["id"] in ours:
            found["pathways_id"] = ours[row["id"]]
        if row["id"] in texts:
            found["pathways_texts"] = texts[row["id"]]
        return found | {k: v for k, v in more.items() if v}

    def term(term_id: str) -> dict[str, Any]:
        """The term as every attribute embeds it (its texts in both languages once, in `taxonomy_terms.csv`)."""
        row = terms[term_id]
        return {k: v for k, v in row.items() if v is not None} | {"taxonomy_detail": obj(taxonomies[row["taxonomy_id"]])}

    attributes = by("attribute", "link_id")
    objects = []
    for service in rows["service"]:
        sid = service["id"]
        locations_of = [obj(sal, location=obj(locations[sal["location_id"]], addresses=[
            obj(a) for a in addresses.get(sal["location_id"], [])], accessibility=[
            obj(a) for a in access.get(sal["location_id"], [])]))
            for sal in rows["service_at_location"] if sal["service_id"] == sid]
        org = organizations[service["organization_id"]]
        objects.append(obj(
            service,
            organization=obj(org, phones=[obj(p) for p in phones["organization"].get(org["id"], [])]),
            phones=[obj(p) for p in phones["service"].get(sid, [])],
            schedules=[obj(r) for r in rows["schedule"] if r["service_id"] == sid],
            languages=[obj(r) for r in rows["language"] if r["service_id"] == sid],
            cost_options=[obj(r) for r in rows["cost_option"] if r["service_id"] == sid],
            required_documents=[obj(r) for r in rows["required_document"] if r["service_id"] == sid],
            funding=[obj(r) for r in rows["funding"] if r["service_id"] == sid],
            service_at_locations=locations_of,
            attributes=[obj(a, taxonomy_term=term(a["taxonomy_term_id"]),
                            metadata=[obj(m) for m in metadata.get(a["id"], [])])
                        for a in attributes.get(sid, [])],
        ))
    return objects
