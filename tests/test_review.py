"""The verification round (issue 21): `pathways review` writes a worksheet, `review import` applies a filled
one to the YAML (only the lines concerned), the pages say when and how facts were checked, `check` lists
what was found changed, `build --publish` refuses a guide that is not ready."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from helpers import AS_OF, FIXTURE, content_copy
from pathways.cli import main

TOWN = "regions/ca/ab/testville"
SHIPPED = Path(__file__).parent.parent / "content"
SHIPPED_TOWNS = {"trois-rivieres": "regions/ca/qc/trois-rivieres", "brooks": "regions/ca/ab/brooks"}


def review(root: Path, *args: str) -> int:
    return main(["review", "--content", str(root), "--as-of", AS_OF, "--lang", "en", *args])


def rows_of(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())  # UTF-8 with BOM: Excel reads the accents right
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def fill(path: Path, out: Path, answers: dict[str, dict[str, str]], delimiter: str = ",") -> None:
    table = rows_of(path)
    header = table[0]
    columns = {"result": 7, "date": 8, "method": 9, "by": 10, "note": 11, "phone": 12, "address": 13}
    for row in table[1:]:
        for key, value in answers.get(row[0], {}).items():
            row[columns[key]] = value
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *table[1:]])
    out.write_text(buffer.getvalue(), encoding="utf-8-sig")


def test_the_worksheet_lists_contacts_citations_and_rules_with_what_to_fill(tmp_path, capsys):
    root = content_copy(tmp_path)
    assert review(root, "--community", "testville", "--sheet-lang", "fr") == 0
    table = rows_of(root / TOWN / "review" / "worksheet.csv")
    assert table[0] == ["id", "Type", "Tel que la page l'affiche", "À confirmer", "Source (adresse web)",
                        "Dernière vérification", "Fichier", "Résultat : confirmé, modifié ou disparu",
                        "Date (AAAA-MM-JJ)", "Méthode : site web, appel, courriel ou en personne",
                        "Par (initiales)", "Note", "Nouveau téléphone", "Nouvelle adresse"]
    ids = [row[0] for row in table[1:]]
    assert "organizations/testville-newcomers" in ids and "services/testville-clinic" in ids
    assert len(ids) == len(set(ids))
    contact = next(row for row in table if row[0] == "services/testville-clinic")
    assert contact[1] == "contact" and "211" in contact[2] and contact[6] == f"{TOWN}/services.yaml:11"
    assert contact[7:] == [""] * 7  # the columns the partner fills
    html = (root / TOWN / "review" / "worksheet.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and html.count("<tr>") == len(table)


def test_a_filled_worksheet_is_imported_and_shows_on_the_pages_and_in_check(tmp_path, capsys):
    root = content_copy(tmp_path)
    assert review(root, "--community", "testville") == 0
    sheet = root / TOWN / "review" / "worksheet.csv"
    filled = tmp_path / "filled.csv"
    fill(sheet, filled, {
        "organizations/testville-newcomers": {"result": "confirmed", "date": "2026-11-20", "method": "phone call",
                                              "by": "MT", "phone": "403-555-0123"},
        "services/testville-settlement": {"result": "changed", "date": "2026-11-20", "method": "website", "by": "MT",
                                          "note": "Now by appointment only"},
        "services/testville-clinic": {"result": "gone", "date": "2026-11-20", "method": "phone call", "by": "MT"},
    }, delimiter=";")  # as Excel in French saves it
    before = (root / TOWN / "organizations.yaml").read_text(encoding="utf-8")
    assert review(root, "import", str(filled)) == 0
    after = (root / TOWN / "organizations.yaml").read_text(encoding="utf-8")
    # Only the lines concerned changed: the record's date, a call citation, the new phone.
    assert after.splitlines()[:3] == before.splitlines()[:3]
    assert "{kind: call, verified_on: 2026-11-20, by: MT}" in after and '[{number: "403-555-0123"}]' in after
    assert "closes_on: 2026-11-20" in (root / TOWN / "services.yaml").read_text(encoding="utf-8")
    capsys.readouterr()

    code = main(["check", "--content", str(root), "--as-of", AS_OF, "--lang", "en"])
    lines = capsys.readouterr().err.splitlines()
    assert code == 0
    changed = [line for line in lines if "found this changed: Now by appointment only" in line]
    assert len(changed) == 1 and changed[0].split(": warning")[0].endswith(f"{TOWN}/services.yaml:1:3")
    files = {p: p.read_text(encoding="utf-8") for p in (root / TOWN).rglob("*.yaml")}
    assert review(root, "import", str(filled)) == 0  # the same worksheet again: nothing is said or added twice
    assert {p: p.read_text(encoding="utf-8") for p in (root / TOWN).rglob("*.yaml")} == files
    capsys.readouterr()

    out = tmp_path / "site"
    assert main(["build", "--content", str(root), "--community", "testville", "--as-of", AS_OF, "--out", str(out),
                 "--lang", "en", "--no-pdf"]) == 0
    page = (out / "testville" / "en" / "statuses" / "pr-economic" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:+1-403-555-0123"' in page
    assert "Confirmed by phone with the organization, November 20, 2026." in page
    assert "services/testville-settlement/" in page and "services/testville-clinic/" not in page  # gone: not listed
    assert not (out / "testville" / "en" / "services" / "testville-clinic").exists()


def test_a_bad_row_is_refused_with_its_row_and_column_and_nothing_is_applied(tmp_path, capsys):
    root = content_copy(tmp_path)
    assert review(root, "--community", "testville") == 0
    filled = tmp_path / "filled.csv"
    fill(root / TOWN / "review" / "worksheet.csv", filled, {
        "organizations/testville-newcomers": {"result": "confirmed", "date": "2026-11-20", "method": "phone call",
                                              "by": "MT", "phone": "403-555-0123"},
        "services/testville-clinic": {"result": "closed for lunch", "date": "20/11/2026", "by": "MT"},
    })
    files = {p: p.read_bytes() for p in (root / TOWN).glob("*.yaml")}
    capsys.readouterr()
    assert review(root, "import", str(filled), "--community", "testville") == 1
    err = capsys.readouterr().err.splitlines()
    row = next(i for i, r in enumerate(rows_of(filled), start=1) if r[0] == "services/testville-clinic")
    assert [line for line in err if line.endswith(
        f"filled.csv:{row}:8: 'closed for lunch' is not a result: write confirmed, changed or gone")]
    assert any(line.endswith("Nothing was changed: correct these rows, then import the worksheet again.") for line in err)
    assert {p: p.read_bytes() for p in (root / TOWN).glob("*.yaml")} == files  # not even the good row


def test_a_date_not_written_yyyy_mm_dd_is_refused_at_its_cell(tmp_path, capsys):
    root = content_copy(tmp_path)
    assert review(root, "--community", "testville") == 0
    filled = tmp_path / "filled.csv"
    fill(root / TOWN / "review" / "worksheet.csv", filled, {
        "services/testville-clinic": {"result": "confirmed", "date": "20/11/2026", "method": "website", "by": "MT"}})
    capsys.readouterr()
    assert review(root, "import", str(filled), "--community", "testville") == 1
    err = capsys.readouterr().err
    row = next(i for i, r in enumerate(rows_of(filled), start=1) if r[0] == "services/testville-clinic")
    assert f":{row}:9: '20/11/2026' is not a date written YYYY-MM-DD (the day you checked)" in err


def test_a_confirmed_citation_records_its_date_method_and_initials_in_place(tmp_path, capsys):
    root = content_copy(tmp_path)
    assert review(root, "--community", "testville") == 0
    sheet = root / TOWN / "review" / "worksheet.csv"
    citation = next(r[0] for r in rows_of(sheet) if r[0].startswith("services/testville-settlement/url:"))
    filled = tmp_path / "filled.csv"
    fill(sheet, filled, {citation: {"result": "confirmed", "date": "2026-11-19", "method": "website", "by": "MT"}})
    assert review(root, "import", str(filled)) == 0
    text = (root / TOWN / "services.yaml").read_text(encoding="utf-8")
    assert ('references: [{title: Centre website, url: "https://newcomers.example.org", kind: practice, '
            "verified_on: 2026-11-19, method: website, by: MT}]") in text


# ---------------------------------------------------------------- build --publish


def test_publish_refuses_the_shipped_guides_with_the_list_of_what_to_fix(tmp_path, capsys):
    code = main(["build", "--publish", "--all", "--no-pdf", "--content", str(SHIPPED), "--as-of", AS_OF,
                 "--out", str(tmp_path / "site"), "--lang", "en"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and not (tmp_path / "site").exists()
    start = err.index("Not published: fix these first (10).")
    said = [line.replace("\\", "/").split("content/", 1)[1] for line in err[start + 1:]]
    example = ("base_url https://pathways.example.org/{town} is an example address: write the address where the "
               "guide will be published")
    draft = ("the booklets are drafts (marked as such, without QR code or web address) while base_url is an example "
             "address")
    key = ("a key contact without a phone or an address: confirm them with the organization (pathways review, then "
           "review import with the phone or address it gave)")
    report = "no report_email: readers could not report an error; add the address where they can write"
    assert said == [
        "regions/ca/ab/brooks/community.yaml:2:5: " + report,
        "regions/ca/ab/brooks/community.yaml:11:11: " + example.format(town="brooks"),
        "regions/ca/ab/brooks/community.yaml:11:11: " + draft,
        "regions/ca/ab/brooks/organizations.yaml:14:16: " + key,
        "regions/ca/ab/brooks/services.yaml:306:16: " + key,
        "regions/ca/qc/trois-rivieres/community.yaml:3:5: " + report,
        "regions/ca/qc/trois-rivieres/community.yaml:10:11: " + example.format(town="trois-rivieres"),
        "regions/ca/qc/trois-rivieres/community.yaml:10:11: " + draft,
        "regions/ca/qc/trois-rivieres/organizations.yaml:17:16: " + key,
        "regions/ca/qc/trois-rivieres/services.yaml:131:16: " + key,
    ]


READY = {
    f"{TOWN}/community.yaml": (FIXTURE / TOWN / "community.yaml").read_text(encoding="utf-8").replace(
        "https://guide.example.org/testville", "https://guide.testville-newcomers.ca/testville"),
}


def test_publish_passes_on_a_guide_that_is_ready_and_lists_a_passed_review_otherwise(tmp_path, capsys):
    root = content_copy(tmp_path, READY)
    out = tmp_path / "site"
    args = ["build", "--publish", "--content", str(root), "--community", "testville", "--out", str(out),
            "--lang", "en", "--no-pdf"]
    assert main([*args, "--as-of", AS_OF]) == 0
    assert (out / "testville" / "en" / "index.html").exists()
    capsys.readouterr()
    assert main([*args, "--as-of", "2028-06-02"]) == 1  # the national layer's 730-day review period has passed
    err = capsys.readouterr().err
    assert "Not published: fix these first" in err and "review date 2028-05-31 has passed" in err


# ---------------------------------------------------------------- the shipped worksheets


def test_each_shipped_town_has_its_worksheet_as_the_round_would_write_it_today(tmp_path, capsys):
    # Regenerated and compared (not made by build): a worksheet is the partner's working copy, never published
    # on the site; this test fails as soon as the content moves and the attached worksheet would mislead.
    for town, folder in SHIPPED_TOWNS.items():
        out = tmp_path / town
        assert main(["review", "--content", str(SHIPPED), "--community", town, "--all", "--as-of", AS_OF,
                     "--out", str(out), "--lang", "en"]) == 0
        for name in ("worksheet.csv", "worksheet.html"):
            assert (out / name).read_bytes() == (SHIPPED / folder / "review" / name).read_bytes(), (town, name)
    # The four key contacts no official page confirms are on the worksheets to confirm by phone, and stay
    # unpublished (no phone, no address) until a partner imports a confirmed row: nothing is invented for them.
    for town, ids in {"trois-rivieres": ("organizations/sana-trois-rivieres", "services/urgence-chaur"),
                      "brooks": ("organizations/brooks-county-immigration-services",
                                "services/brooks-health-centre-emergency")
                      }.items():
        rows = {row[0]: row for row in rows_of(SHIPPED / SHIPPED_TOWNS[town] / "review" / "worksheet.csv")}
        for item in ids:
            assert "211" in rows[item][2] and rows[item][7:] == [""] * 7, item


RULED_SERVICE = (
    "- id: testville-food-bank\n"
    "  organization: testville-newcomers\n"
    "  name: {fr: Banque alimentaire, en: Food bank}\n"
    "  description: {fr: Dépannage alimentaire., en: Emergency food.}\n"
    "  topics: [health]\n"
    "  eligibility:\n"
    "    values:\n"
    "      2025-01-01:\n"
    "        others: eligible\n"
    "        references:\n"
    "          # the food bank's own page\n"
    "          - {title: Food bank, url: \"https://food.example.org\", kind: practice, verified_on: 2025-06-01}\n"
    "        verified_on: 2025-06-01\n"
    "        review_by: 2026-06-01\n"
    "  references: [{title: Food bank, url: \"https://food.example.org\", kind: practice}]\n"
    "  verified_on: 2026-06-01\n")


def test_a_confirmed_rule_gets_its_dates_and_its_passed_review_by_goes(tmp_path, capsys):
    root = content_copy(tmp_path, {f"{TOWN}/services.yaml": RULED_SERVICE})
    _, warned = main(["check", "--content", str(root), "--as-of", AS_OF, "--lang", "en"]), capsys.readouterr().err
    assert "review date 2026-06-01 has passed" in warned
    assert review(root, "--community", "testville") == 0
    filled = tmp_path / "filled.csv"
    fill(root / TOWN / "review" / "worksheet.csv", filled, {
        "services/testville-food-bank/rule/2025-01-01": {"result": "confirmed", "date": "2026-11-20",
                                                          "method": "website", "by": "MT"}})
    assert review(root, "import", str(filled)) == 0
    text = (root / TOWN / "services.yaml").read_text(encoding="utf-8")
    assert "review_by" not in text and "        verified_on: 2026-11-20\n" in text
    assert "# the food bank's own page\n" in text  # comments stay
    assert ('- {title: Food bank, url: "https://food.example.org", kind: practice, verified_on: 2026-11-20, '
            "method: website, by: MT}") in text
    capsys.readouterr()
    assert main(["check", "--content", str(root), "--as-of", AS_OF, "--lang", "en"]) == 0
    assert "review date" not in capsys.readouterr().err


def test_a_contact_confirmed_by_email_with_an_address_says_so_on_its_page(tmp_path, capsys):
    root = content_copy(tmp_path)
    assert review(root, "--community", "testville") == 0
    filled = tmp_path / "filled.csv"
    fill(root / TOWN / "review" / "worksheet.csv", filled, {
        "services/testville-settlement": {"result": "confirmé", "date": "2026-11-18", "method": "en personne",
                                          "by": "MT", "address": "12 Main Street, Testville, AB, T1R 0A1"},
        "organizations/testville-newcomers": {"result": "confirmed", "date": "2026-11-17", "method": "e-mail",
                                              "by": "MT"}})
    assert review(root, "import", str(filled)) == 0
    locations = (root / TOWN / "locations.yaml").read_text(encoding="utf-8")
    assert "address: {address_1: 12 Main Street, city: Testville, state_province: AB, postal_code: T1R 0A1}" in locations
    out = tmp_path / "site"
    assert main(["build", "--content", str(root), "--community", "testville", "--as-of", AS_OF, "--out", str(out),
                 "--lang", "en", "--no-pdf"]) == 0
    page = (out / "testville" / "en" / "services" / "testville-settlement" / "index.html").read_text(encoding="utf-8")
    assert "12 Main Street, Testville, AB, T1R 0A1" in page
    assert "Confirmed in person with the organization, November 18, 2026." in page  # the latest check wins
    clinic = (out / "testville" / "en" / "services" / "testville-clinic" / "index.html").read_text(encoding="utf-8")
    assert "Confirmed by e-mail with the organization, November 17, 2026." in clinic  # its organization's check
    fr = (out / "testville" / "fr" / "services" / "testville-clinic" / "index.html").read_text(encoding="utf-8")
    assert "Confirmé par courriel auprès de l&#39;organisme, le 17 novembre 2026." in fr


def test_a_card_nobody_checked_shows_the_source_date_never_a_check_date(tmp_path, capsys):
    dated = "[{title: Centre website, url: \"https://newcomers.example.org\", kind: practice, date: 2024-03-08}]"
    root = content_copy(tmp_path, {f"{TOWN}/services.yaml": (FIXTURE / TOWN / "services.yaml").read_text(
        encoding="utf-8").replace('[{title: Centre website, url: "https://newcomers.example.org", kind: practice}]',
                                  dated)})
    out = tmp_path / "site"
    assert main(["build", "--content", str(root), "--community", "testville", "--as-of", AS_OF, "--out", str(out),
                 "--lang", "en", "--no-pdf"]) == 0
    page = (out / "testville" / "en" / "services" / "testville-clinic" / "index.html").read_text(encoding="utf-8")
    assert "Not checked again since it was written: its source is dated March 8, 2024." in page
    assert "Confirmed" not in page and "Checked on the" not in page


# ---------------------------------------------------------------- what a partner met on the way (issue 21, item 7)


def test_a_tab_slip_does_not_make_good_sources_look_unused(tmp_path, capsys):
    sources = "- id: centre\n  title: Centre\n  url: https://newcomers.example.org\n  kind: practice\n  publisher: Centre\n"
    cites = (FIXTURE / TOWN / "services.yaml").read_text(encoding="utf-8").replace(
        '[{title: Centre website, url: "https://newcomers.example.org", kind: practice}]',
        "[{source: centre, verified_on: 2026-06-01}]")
    root = content_copy(tmp_path, {f"{TOWN}/sources.yaml": sources, f"{TOWN}/services.yaml": cites})
    assert main(["check", "--content", str(root), "--as-of", AS_OF, "--lang", "en"]) == 0
    assert "cited nowhere" not in capsys.readouterr().err
    (root / TOWN / "services.yaml").write_text(cites.replace("  topics: [health]", "\ttopics: [health]"),
                                               encoding="utf-8")
    assert main(["check", "--content", str(root), "--as-of", AS_OF, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "a tab character; indent with spaces only" in err and "cited nowhere" not in err


def test_a_document_dropped_in_a_region_folder_is_named_not_ignored(tmp_path, capsys):
    root = content_copy(tmp_path, {f"{TOWN}/brochure.pdf": b"%PDF-1.4 not read"})
    assert main(["check", "--content", str(root), "--as-of", AS_OF, "--lang", "en", "--strict"]) == 1
    assert [line for line in capsys.readouterr().err.splitlines() if line.endswith(
        f"{TOWN}/brochure.pdf:1:1: warning: this file is not read: a region folder holds .yaml files (and "
        "translations/*.po); keep documents elsewhere and cite their web address in sources.yaml")]


def test_every_bad_cell_is_reported_at_once_by_row_and_column(tmp_path, capsys):
    root = content_copy(tmp_path)
    assert review(root, "--community", "testville") == 0
    filled = tmp_path / "filled.csv"
    fill(root / TOWN / "review" / "worksheet.csv", filled, {
        "organizations/testville-newcomers": {"result": "confirmed", "date": "2026-11-20", "method": "website",
                                              "by": "M T", "phone": "555"},
        "services/testville-settlement": {"result": "changed", "date": "2999-01-01", "method": "fax", "by": "MT"}})
    table = rows_of(filled)
    table[0][1] = "Kind"  # a header the program never wrote
    table.append(["services/no-such-service", "", "", "", "", "", "", "gone", "2026-11-20", "", "MT", "", "", ""])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    filled.write_text(buffer.getvalue(), encoding="utf-8-sig")
    row = {r[0]: i for i, r in enumerate(table, start=1)}
    capsys.readouterr()
    assert review(root, "import", str(filled)) == 1
    said = [line.split("filled.csv:", 1)[1] for line in capsys.readouterr().err.splitlines() if "filled.csv:" in line]
    org, service, unknown = (row[k] for k in ("organizations/testville-newcomers", "services/testville-settlement",
                                               "services/no-such-service"))
    assert said == [
        "1:2: unknown column 'Kind': keep the worksheet's column headers as they were written",
        f"{org}:11: write your initials here (letters only, e.g. MT): who checked it",
        f"{org}:13: '555' is not a phone number that can be dialled in Canada: write it like 819-555-0100, "
        "1-800-555-0100, 819-555-0100 poste 3 (or ext. 3), or 211",
        f"{org}:13: a new phone or address goes on a contact row confirmed by phone call or in person",
        f"{service}:9: 2999-01-01 is in the future: write the day you checked",
        f"{service}:10: 'fax' is not a method: write website, phone call, e-mail or in person",
        f"{service}:12: say in a note what changed (what the source or the organization says now)",
        f"{unknown}:1: unknown item id 'services/no-such-service': this row does not match the guide (keep the id "
        "column as it was written, or write a new worksheet)",
    ]


def test_a_place_confirmed_by_phone_gets_its_address_and_a_rule_and_its_citation_are_filled_once(tmp_path, capsys):
    place = ("- id: testville-office\n  organization: testville-newcomers\n  name: {fr: Bureau, en: Office}\n"
             "  # address: not confirmed yet\n"
             "  references: [{title: Centre website, url: \"https://newcomers.example.org\", kind: practice}]\n"
             "  verified_on: 2026-06-01\n")
    root = content_copy(tmp_path, {f"{TOWN}/locations.yaml": place, f"{TOWN}/services.yaml": RULED_SERVICE.replace(
        "  topics: [health]\n", "  topics: [health]\n  locations: [testville-office]\n")})
    assert review(root, "--community", "testville") == 0
    sheet = root / TOWN / "review" / "worksheet.csv"
    citation = next(r[0] for r in rows_of(sheet) if r[0].startswith("services/testville-food-bank/rule/2025-01-01/"))
    filled = tmp_path / "filled.csv"
    rule = {"result": "confirmed", "date": "2026-11-20", "method": "website", "by": "MT"}
    fill(sheet, filled, {"services/testville-food-bank/rule/2025-01-01": rule, citation: rule})
    capsys.readouterr()
    assert review(root, "import", str(filled)) == 1
    assert "this citation is confirmed with its rule on row" in capsys.readouterr().err
    fill(sheet, filled, {"locations/testville-office": {"result": "confirmed", "date": "2026-11-20", "method": "phone call",
                                                        "by": "MT", "address": "12 Main Street, Testville, ab"}})
    assert review(root, "import", str(filled)) == 0
    text = (root / TOWN / "locations.yaml").read_text(encoding="utf-8")
    assert text == place.replace(
        "  verified_on: 2026-06-01\n", "  verified_on: 2026-11-20\n"
        "  address: {address_1: 12 Main Street, city: Testville, state_province: AB}\n").replace(
        "  references: [", "  references: [{kind: call, verified_on: 2026-11-20, by: MT}, ")
