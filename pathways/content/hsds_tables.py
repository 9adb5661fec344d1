"""The tables of an Open Referral HSDS 3.0 data package, as the pathways profile writes and reads them (issue 24).

The export (`output/hsds.py`) writes them, the import (`content/hsds_import.py`) reads them. Nothing here reads
the specification's files: tests/test_hsds.py compares these tables with its `datapackage.json`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/pathways/hsds")
STATUS_TAXONOMY = "pathways-immigration-status"
TOPIC_TAXONOMY = "pathways-topic"
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}
PROFILE_LANGUAGES = ("fr", "en")
RECORDS, VALUES = "pathways_records", "pathways_values"

# The HSDS 3.0 tables in the order of the specification's datapackage.json: (resource, file, fields). A field is
# `name[:type or string format][!]`, `!` when required. tests/test_hsds.py compares them with the specification.
SPEC_TABLES = (
    ("organization", "organizations.csv", "id:uuid! name! alternate_name description! email:email website:uri "
     "tax_status tax_id year_incorporated:number legal_status logo uri:uri parent_organization_id:uuid"),
    ("program", "programs.csv", "id:uuid! organization_id:uuid! name! alternate_name description!"),
    ("service", "services.csv", "id:uuid! organization_id:uuid! program_id:uuid name! alternate_name description "
     "url:uri email:email status! interpretation_services application_process fees_description wait_time fees "
     "accreditations eligibility_description minimum_age:number maximum_age:number assured_date:date "
     "assurer_email:email licenses alert last_modified:datetime"),
    ("attribute", "attributes.csv", "id:uuid! link_id:uuid! taxonomy_term_id:uuid! link_type link_entity! value"),
    ("service_at_location", "service_at_location.csv", "id:uuid! service_id:uuid! location_id:uuid! description"),
    ("location", "locations.csv", "id:uuid! location_type! url:uri organization_id:uuid name alternate_name "
     "description transportation latitude:number longitude:number external_identifier external_identifier_type"),
    ("phone", "phones.csv", "id:uuid! location_id:uuid service_id:uuid organization_id:uuid contact_id:uuid "
     "service_at_location_id:uuid number! extension:number type description"),
    ("contact", "contacts.csv", "id:uuid! organization_id:uuid service_id:uuid service_at_location_id:uuid "
     "location_id:uuid name title department email:email"),
    ("address", "addresses.csv", "id:uuid! location_id:uuid attention address_1! address_2 city! region "
     "state_province! postal_code! country! address_type!"),
    ("schedule", "schedules.csv", "id:uuid! service_id:uuid location_id:uuid service_at_location_id:uuid "
     "valid_from:date valid_to:date dtstart:date timezone:number until:date count:number wkst freq "
     "interval:number byday byweekno bymonthday byyearday description opens_at:time closes_at:time "
     "schedule_link:uri attending_type notes"),
    ("funding", "funding.csv", "id:uuid! organization_id:uuid service_id:uuid source"),
    ("service_area", "service_areas.csv", "id:uuid! service_id:uuid name description extent extent_type uri"),
    ("required_document", "required_documents.csv", "id:uuid! service_id:uuid document uri:uri"),
    ("language", "languages.csv", "id:uuid! service_id:uuid location_id:uuid phone_id:uuid name code note"),
    ("accessibility", "accessibility.csv", "id:uuid! location_id:uuid description details url:uri"),
    ("taxonomy_term", "taxonomy_terms.csv", "id:uuid! code name! description! parent_id:uuid taxonomy language "
     "taxonomy_id:uuid term_uri:uri"),
    ("metadata", "metadata.csv", "id:uuid! resource_id:uuid! resource_type! last_action_date:date! "
     "last_action_type! field_name! previous_value! replacement_value! updated_by!"),
    ("meta_table_description", "meta_table_descriptions.csv", "id:uuid! name language character_set"),
    ("cost_option", "cost_options.csv", "id:uuid! service_id:uuid! valid_from:date valid_to:date option currency "
     "amount:number amount_description"),
    ("organization_identifier", "organization_identifiers.csv", "id:uuid! organization_id:uuid! "
     "identifier_scheme identifier_type! identifier!"),
    ("taxonomy", "taxonomies.csv", "id:uuid! name! description! uri:uri version"),
)
PROFILE_TABLES = (
    (RECORDS, f"{RECORDS}.csv", "resource! record_id:uuid! pathways_id!"),
    (VALUES, f"{VALUES}.csv", "resource! record_id:uuid! field! language value!"),
)
ENUMS = {("service", "status"): ["active", "inactive", "defunct", "temporarily closed"],
         ("location", "location_type"): ["physical", "postal", "virtual"],
         ("address", "address_type"): ["physical", "postal", "virtual"]}
TYPES = {"number", "date", "datetime", "time", "integer"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless type
    format: str | None
    required: bool


def fields_of(spec: str) -> tuple[Field, ...]:
    found = []
    for word in spec.split():
        required = word.endswith("!")
        name, _, kind = word.rstrip("!").partition(":")
        found.append(Field(name, kind if kind in TYPES else "string", kind if kind and kind not in TYPES else None,
                           required))
    return tuple(found)


TABLES = {name: (path, fields_of(spec)) for name, path, spec in (*SPEC_TABLES, *PROFILE_TABLES)}


def uid(kind: str, *ids: str) -> str:
    """The stable UUID of one of our records (`uid("service", "sana-accueil")`)."""
    return str(uuid.uuid5(NAMESPACE, "/".join((kind, *ids))))
