"""Issue 24: `pathways export hsds` writes a valid Open Referral HSDS 3.0 data package.

Validated against the specification's own files in `../shared/hsds-3.0/` (never copied into the project):
its `datapackage.json` (with `frictionless`, as the specification's CI does) and its compiled JSON schemas.
"""

from __future__ import annotations

import os

import csv
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import jsonschema
import pytest

from helpers import content_copy
from pathways import urls
from pathways.cli import main
from pathways.commands.check import check
from pathways.content.hsds_tables import PROFILE_TABLES, SPEC_TABLES, TABLES, uid

ROOT = Path(__file__).parent.parent
SPEC = ROOT.parent / "shared" / "hsds-3.0"
SHIPPED = ROOT / "content"
AS_OF = "2026-12-07"
COMMUNITIES = ("trois-rivieres", "brooks")

# Skipped on a machine without the specification beside the project, never in CI (which has ../shared/ beside
# its clone): there a missing specification fails the tests instead of hiding them.
pytestmark = pytest.mark.skipif(not (SPEC / "datapackage.json").is_file() and not os.environ.get("CI"),
                                reason="HSDS 3.0 specification files absent (../shared/hsds-3.0)")


def export(out: Path, community: str, content: Path = SHIPPED, as_of: str = AS_OF) -> Path:
    assert main(["export", "hsds", "--content", str(content), "--community", community, "--out", str(out),
                 "--as-of", as_of, "--lang", "en"]) == 0
    return out


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / TABLES[table][0]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("hsds")
    return {community: export(base / community, community) for community in COMMUNITIES}


def test_tables_are_the_specifications_in_its_order():
    spec = json.loads((SPEC / "datapackage.json").read_text(encoding="utf-8"))
    assert [(r["name"], r["path"]) for r in spec["resources"]] == [(name, path) for name, path, _ in SPEC_TABLES]
    for resource in spec["resources"]:
        ours = TABLES[resource["name"]][1]
        theirs = resource["schema"]["fields"]
        assert [f.name for f in ours] == [f["name"] for f in theirs], resource["name"]
        for mine, field in zip(ours, theirs):
            assert mine.type == field["type"], (resource["name"], field["name"])
            assert mine.format == (field.get("format") if field.get("format") not in (None, "default") else None)
            assert mine.required == bool(field.get("constraints", {}).get("required")), (resource["name"], field["name"])


@pytest.mark.parametrize("community", COMMUNITIES)
def test_frictionless_validate_passes_on_the_export(packages, community):
    folder = packages[community]
    # The command line, as the specification's CI runs it, on the package as written.
    done = subprocess.run([sys.executable, "-m", "frictionless",
                           "validate", str(folder / "datapackage.json")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    # The HSDS tables against the specification's own descriptor: its types, constraints and foreign keys.
    spec = json.loads((SPEC / "datapackage.json").read_text(encoding="utf-8"))
    report = frictionless.Package(spec, basepath=str(folder)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert rows(folder, "service") and rows(folder, "organization") and rows(folder, "attribute")


def test_validation_fails_on_a_broken_package(packages, tmp_path):
    """The validation above can fail: a service without its organization breaks a foreign key."""
    broken = shutil.copytree(packages["brooks"], tmp_path / "broken")
    services = (broken / "services.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    first = services[1].split(",")
    first[1] = uid("organization", "nobody")
    services[1] = ",".join(first)
    (broken / "services.csv").write_text("".join(services), encoding="utf-8")
    spec = json.loads((SPEC / "datapackage.json").read_text(encoding="utf-8"))
    report = frictionless.Package(spec, basepath=str(broken)).validate()
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


@pytest.mark.parametrize("community", COMMUNITIES)
def test_the_json_form_validates_against_the_compiled_service_schema(packages, community):
    schema = json.loads((SPEC / "schema" / "compiled" / "service.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    services = json.loads((packages[community] / "services.json").read_text(encoding="utf-8"))
    assert len(services) == len(rows(packages[community], "service"))
    for service in services:
        assert not [e.message for e in validator.iter_errors(service)], service["pathways_id"]
        assert service["attributes"] and service["organization"]["name"]
    broken = dict(services[0], status="open", phones=[{"number": "211"}])  # status not in the list, phone with no id
    assert len(list(validator.iter_errors(broken))) == 2


def test_same_input_same_bytes_and_same_uuids(packages, tmp_path):
    again = export(tmp_path / "again", "brooks")
    first = sorted(p.name for p in packages["brooks"].iterdir())
    assert first == sorted(p.name for p in again.iterdir())
    for name in first:
        assert (again / name).read_bytes() == (packages["brooks"] / name).read_bytes(), name
    # Our ids decide the UUIDs: a national service has the same one in both communities' packages.
    ids = {c: {r["pathways_id"]: r["record_id"] for r in rows(packages[c], "pathways_records") if r["resource"] == "service"}
           for c in COMMUNITIES}
    shared = set(ids["brooks"]) & set(ids["trois-rivieres"])
    assert "help-211" in shared
    assert all(ids["brooks"][s] == ids["trois-rivieres"][s] == uid("service", s) for s in shared)
    assert len({r["id"] for r in rows(packages["brooks"], "attribute")}) == len(rows(packages["brooks"], "attribute"))


@pytest.mark.parametrize("community", COMMUNITIES)
def test_each_verdict_is_an_attribute_with_its_sources(packages, community):
    checked = check(SHIPPED, None, dt.date.fromisoformat(AS_OF)).communities
    guide_id = next(c for c in checked if c.endswith(community))
    guide, evaluation = checked[guide_id].guide, checked[guide_id].evaluation
    folder = packages[community]
    terms = {r["id"]: r for r in rows(folder, "taxonomy_term")}
    statuses = {r["code"].removeprefix("status/"): r for r in terms.values() if r["code"].startswith("status/")}
    assert sorted(statuses) == sorted(guide.statuses)
    assert all(statuses[s.id]["parent_id"] == (uid("taxonomy_term", "status", s.parent) if s.parent else "")
               for s in guide.statuses.values())
    verdicts = {(r["link_id"], terms[r["taxonomy_term_id"]]["code"]): r for r in rows(folder, "attribute")
                if r["link_type"] == "eligibility"}
    assert len(verdicts) == len(guide.services) * len(guide.statuses)
    metadata = {}
    for row in rows(folder, "metadata"):
        metadata.setdefault(row["resource_id"], []).append(row)
    for (status, service), decision in evaluation.decisions.items():
        attribute = verdicts[(uid("service", service), f"status/{status}")]
        assert attribute["value"] == decision.value
        sources = metadata.get(attribute["id"], [])
        lang = guide.community.default_language
        assert {m["updated_by"] for m in sources} == {ref.url_in(lang) for ref in decision.references}
        if decision.verified_on:
            assert min(m["last_action_date"] for m in sources) == decision.verified_on.isoformat()
        assert all(m["previous_value"] == m["replacement_value"] == decision.value for m in sources)
    assert len({r["value"] for r in verdicts.values()}) >= 3  # eligible, not_eligible, conditional or unknown


def test_as_of_decides_the_verdicts_exported(tmp_path):
    """A service whose own rule changes on 2026-12-01: its attributes follow --as-of."""
    services = (FIXTURE_SERVICES + """\
  eligibility:
    values:
      2020-01-01:
        statuses: {pr: eligible}
        references: [{title: Centre website, url: "https://newcomers.example.org", kind: practice}]
        verified_on: 2026-06-01
      2026-12-01:
        statuses: {pr: not_eligible}
        references: [{title: Centre website, url: "https://newcomers.example.org/new", kind: practice}]
        verified_on: 2026-06-01
""")
    root = content_copy(tmp_path, {"regions/ca/ab/testville/services.yaml": services})
    found = {}
    for day in ("2026-11-30", "2026-12-01"):
        folder = export(tmp_path / day, "testville", content=root, as_of=day)
        found[day] = {r["taxonomy_term_id"]: r["value"] for r in rows(folder, "attribute")
                      if r["link_id"] == uid("service", "testville-clinic") and r["link_type"] == "eligibility"}
        sources = {r["updated_by"] for r in rows(folder, "metadata")
                   if r["resource_id"] == uid("attribute", "eligibility", "testville-clinic", "pr")}
        assert sources == {"https://newcomers.example.org" + ("/new" if day == "2026-12-01" else "")}
    pr = uid("taxonomy_term", "status", "pr")
    assert (found["2026-11-30"][pr], found["2026-12-01"][pr]) == ("eligible", "not_eligible")


FIXTURE_SERVICES = """\
- id: testville-clinic
  organization: testville-newcomers
  name: {fr: Clinique pour réfugiés, en: Refugee clinic}
  description: {fr: Soins de santé., en: Health care.}
  topics: [health]
  references: [{title: Centre website, url: "https://newcomers.example.org", kind: practice}]
  verified_on: 2026-06-01
"""


@pytest.mark.parametrize("community", COMMUNITIES)
def test_french_and_english_both_survive(packages, community):
    checked = check(SHIPPED, None, dt.date.fromisoformat(AS_OF)).communities
    guide = next(c.guide for lid, c in checked.items() if lid.endswith(community))
    folder = packages[community]
    values = {(r["resource"], r["record_id"], r["field"], r["language"]): r["value"]
              for r in rows(folder, "pathways_values")}
    core = {r["id"]: r for r in rows(folder, "service")}
    for service in guide.services.values():
        sid = uid("service", service.id)
        for lang in ("fr", "en"):
            assert values[("service", sid, "name", lang)] == service.name[lang]
            assert values[("service", sid, "description", lang)] == service.description[lang]
        assert core[sid]["name"] == service.name[guide.community.default_language]
    assert [r for r in rows(folder, "pathways_values") if r["resource"] == "schedule"]  # hours, both languages
    assert [name for name, _path, _fields in PROFILE_TABLES] == ["pathways_records", "pathways_values"]


def test_phones_in_e164_with_extension_and_short_numbers_as_dialled(tmp_path):
    organizations = """\
- id: testville-newcomers
  name: {fr: Centre des nouveaux arrivants de Testville, en: Testville Newcomer Centre}
  url: https://newcomers.example.org
  phones:
    - number: 819-374-2002 poste 3
    - number: "211"
  references: [{title: Centre website, url: "https://newcomers.example.org", kind: practice}]
  verified_on: 2026-06-01
"""
    root = content_copy(tmp_path, {"regions/ca/ab/testville/organizations.yaml": organizations})
    folder = export(tmp_path / "out", "testville", content=root, as_of="2026-11-21")
    numbers = [(r["number"], r["extension"]) for r in rows(folder, "phone")
               if r["organization_id"] == uid("organization", "testville-newcomers")]
    assert numbers == [("+18193742002", "3"), ("211", "")]


def test_a_guide_with_content_errors_is_not_exported(tmp_path, capsys):
    root = content_copy(tmp_path, {"regions/ca/ab/testville/services.yaml": "- id: Bad Id\n"})
    code = main(["export", "hsds", "--content", str(root), "--community", "testville", "--out",
                 str(tmp_path / "out"), "--as-of", "2026-11-21", "--lang", "en"])
    assert code == 1
    assert not (tmp_path / "out").exists()
    assert "services.yaml:1:" in capsys.readouterr().err


# ---------------------------------------------------------------- published beside every build


def test_every_build_publishes_the_package_and_every_verdict(site_root, tmp_path):
    from conftest import SITE_AS_OF, SITE_FIXTURE

    data = site_root / "data"
    # The package the build publishes is the one `export hsds` writes for the same content and date.
    exported = export(tmp_path / "export", "testville", content=SITE_FIXTURE, as_of=SITE_AS_OF)
    published = sorted(p.name for p in (data / "hsds").iterdir()
                       if not urls.is_precompressed(p.name))  # the server's .gz/.br copies beside each file
    assert published == sorted(p.name for p in exported.iterdir())
    assert all((data / "hsds" / name).read_bytes() == (exported / name).read_bytes() for name in published)
    assert frictionless.validate(str(data / "hsds" / "datapackage.json")).valid
    verdicts = json.loads((data / "eligibility.json").read_text(encoding="utf-8"))
    assert verdicts["license"]["name"] == "CC-BY-4.0" and verdicts["as_of"] == SITE_AS_OF
    checked = check(SITE_FIXTURE, None, dt.date.fromisoformat(SITE_AS_OF)).communities["ca/ab/testville"]
    expected = checked.evaluation.decisions
    assert {(v["status"], v["service"]): v["value"] for v in verdicts["verdicts"]} == {
        key: decision.value for key, decision in expected.items()}
    for verdict in verdicts["verdicts"]:
        decision = expected[(verdict["status"], verdict["service"])]
        assert len(verdict["decided_by"]) == len(decision.rulings)
        for ruling, found in zip(decision.rulings, verdict["decided_by"]):
            assert found["rule"] == {"kind": ruling.rule_kind, "id": ruling.rule_id}
            assert found["in_force_from"] == ruling.start.isoformat()
            assert found["note"] == (ruling.note and {"fr": ruling.note["fr"], "en": ruling.note["en"]})
            assert [s["url"]["en"] for s in found["sources"]] == [r.url_in("en") for r in ruling.references]
            assert all(s["verified_on"] for s in found["sources"])
    assert len({v["value"] for v in verdicts["verdicts"]}) >= 3


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_about_page_links_the_open_data(site_root, lang):
    about = (site_root / lang / "about" / "index.html").read_text(encoding="utf-8")
    for target in ("data/hsds/datapackage.json", "data/eligibility.json"):
        assert f'href="../../{target}"' in about
        assert (site_root / target).is_file()
    assert "CC BY 4.0" in about
