"""`pathways new-community`: a new town's folder is valid at once, lists what is left to fill, and never
overwrites anything. Also the placeholder detection (`pathways/content/placeholders.py`) that `check` runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from helpers import AS_OF, content_copy
from pathways.commands import scaffold
from pathways.commands.check import check
from pathways.cli import main
from pathways.content.placeholders import has_marker

TOWN = "ca/ab/newtown"
FILES = ["community", "index", "sources", "organizations", "services", "steps", "locations"]


def partner_content(tmp_path: Path) -> Path:
    """A copy of the fixture content a second town can live in.

    The shared fixture's national step `language-classes` links to `testville-settlement`, a service that
    only Testville defines, so every other town would fail `check` with "unknown service id". Real national
    content never links to a local service; we drop that link in the copy (reported to the lead).
    """
    root = content_copy(tmp_path)
    steps = root / "regions/ca/steps.yaml"
    steps.write_text(steps.read_text(encoding="utf-8").replace("  services: [testville-settlement]\n", ""),
                     encoding="utf-8")
    return root


def new_town(root: Path, *extra: str, path: str = "ab/newtown", lang: str = "en") -> int:
    return main(["new-community", path, "--name-fr", "Nouvelle-Ville", "--name-en", "Newtown",
                 "--content", str(root), "--lang", lang, *extra])


@pytest.fixture(autouse=True)
def fixed_day_and_folder(monkeypatch, tmp_path):
    """Fix the date the examples carry, and work in tmp_path so paths print as `content/…`."""
    monkeypatch.setattr(scaffold, "current_date", lambda: dt.date.fromisoformat(AS_OF))
    monkeypatch.chdir(tmp_path)


def check_lines(capsys, root: Path, *extra: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["check", "--content", str(root), "--as-of", AS_OF, "--lang", "en", *extra])
    return code, capsys.readouterr().err.splitlines()


def uncomment_examples(path: Path) -> None:
    """What a partner does in an editor: remove '# ' before each example's lines (a '# - id:' line and the
    '#   …' lines right after it)."""
    lines, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        inside = line.startswith("# - ") or (inside and line.startswith("#   "))
        lines.append(line[2:] if inside else line)
    path.write_text("".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- a fresh scaffold


def test_scaffold_writes_every_file_as_valid_yaml(tmp_path, capsys):
    root = partner_content(tmp_path)
    assert new_town(root) == 0
    out = capsys.readouterr().out
    for kind in FILES:
        path = root / "regions" / TOWN / f"{kind}.yaml"
        assert str(path.relative_to(tmp_path)) in out or path.name in out
        yaml.safe_load(path.read_text(encoding="utf-8"))  # parses: no exception
    for lang in ("fr", "en"):
        assert (root / lang / TOWN / "home.md").is_file()
    assert "pathways check --community newtown --strict" in out


def test_fresh_scaffold_passes_check_and_strict_lists_each_placeholder(tmp_path, capsys):
    root = partner_content(tmp_path)
    new_town(root)
    code, lines = check_lines(capsys, root, "--community", "newtown")
    assert code == 0
    code, lines = check_lines(capsys, root, "--community", "newtown", "--strict")
    assert code == 1
    town = f"content/regions/{TOWN}"
    assert lines == [
        f"content/en/{TOWN}/home.md:4:1: warning: placeholder still to fill in: "
        '"TODO: two or three welcoming sentences for people arriving …"',
        f"content/fr/{TOWN}/home.md:4:1: warning: placeholder still to fill in: "
        '"À COMPLÉTER : deux ou trois phrases d\'accueil pour les pers…"',
        f"{town}/community.yaml:23:11: warning: placeholder still to fill in: "
        '"https://TODO-A-COMPLETER.example/newtown"',
        "0 error(s), 3 warning(s) — warnings count as errors (--strict)",
    ]


def test_new_town_inherits_national_and_provincial_layers(tmp_path):
    root = partner_content(tmp_path)
    new_town(root, "--default-lang", "en")
    checked = check(root, [TOWN], dt.date.fromisoformat(AS_OF)).communities[TOWN]
    guide = checked.guide
    assert guide.community.name["fr"] == "Nouvelle-Ville" and guide.community.province == "AB"
    assert guide.community.default_language == "en"
    assert {"get-sin", "language-classes", "national-only"} <= set(guide.steps)
    assert "help-211" in guide.services and "testville-settlement" not in guide.services
    assert guide.prose["home.md"]["fr"].title == "Bienvenue à Nouvelle-Ville"


def test_the_examples_become_valid_records_once_uncommented(tmp_path, capsys):
    root = partner_content(tmp_path)
    new_town(root)
    for kind in FILES:
        uncomment_examples(root / "regions" / TOWN / f"{kind}.yaml")
    code, lines = check_lines(capsys, root, "--community", "newtown")
    assert code == 0, lines
    guide = check(root, [TOWN], dt.date.fromisoformat(AS_OF)).communities[TOWN].guide
    assert {"newtown-settlement-help", "newtown-community-meals"} <= set(guide.services)
    assert "newtown-welcome-visit" in guide.steps and "national-only" not in guide.steps
    assert guide.steps["get-sin"].body["en"] == "TODO: the text for Newtown."
    assert "welcome-centre" in guide.organizations and "welcome-centre-office" in guide.locations
    # every example value a partner must replace is listed, file by file
    placeholders = [line for line in lines if "placeholder still to fill in" in line]
    for kind in ("organizations", "services", "steps", "locations"):
        assert any(f"newtown/{kind}.yaml:" in line for line in placeholders), kind


def test_examples_use_ids_the_town_really_inherits(tmp_path):
    root = partner_content(tmp_path)
    new_town(root)
    services = (root / "regions" / TOWN / "services.yaml").read_text(encoding="utf-8")
    steps = (root / "regions" / TOWN / "steps.yaml").read_text(encoding="utf-8")
    assert "#   programs: [settlement]" in services
    assert "#   settlement — IRCC Settlement Program" in services
    assert "# - id: get-sin\n" in steps and "# - id: national-only\n#   hidden: true" in steps


def test_names_with_quotes_and_colons_stay_valid(tmp_path):
    root = partner_content(tmp_path)
    code = main(["new-community", "ab/lanse", "--name-fr", 'L\'Anse : "le village"', "--name-en", "L'Anse: #1",
                 "--content", str(root), "--lang", "en"])
    assert code == 0
    guide = check(root, ["ca/ab/lanse"], dt.date.fromisoformat(AS_OF)).communities["ca/ab/lanse"].guide
    assert guide.community.name["fr"] == 'L\'Anse : "le village"' and guide.community.name["en"] == "L'Anse: #1"
    assert guide.prose["home.md"]["en"].title == "Welcome to L'Anse: #1"


def test_same_input_gives_the_same_files(tmp_path):
    first, second = (partner_content(tmp_path / name) for name in ("a", "b"))
    new_town(first)
    new_town(second)
    for path in sorted((first / "regions" / TOWN).iterdir()):
        assert path.read_bytes() == (second / "regions" / TOWN / path.name).read_bytes()


# ---------------------------------------------------------------- refusals (exit 2, plain words, fr/en)


def test_refuses_to_overwrite_an_existing_folder(tmp_path, capsys):
    root = partner_content(tmp_path)
    new_town(root)
    community = root / "regions" / TOWN / "community.yaml"
    community.write_text(community.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    capsys.readouterr()
    assert new_town(root) == 2
    assert capsys.readouterr().err == (
        f"pathways: content/regions/{TOWN} already exists: new-community never overwrites a folder. "
        "Choose another id, or move that folder away yourself.\n")
    assert new_town(root, lang="fr") == 2
    assert capsys.readouterr().err == (
        f"pathways: content/regions/{TOWN} existe déjà : new-community n'écrase jamais un dossier. "
        "Choisissez un autre identifiant, ou déplacez vous-même ce dossier.\n")
    assert community.read_text(encoding="utf-8").endswith("# my edits\n")


def test_refuses_when_only_the_prose_folder_exists(tmp_path, capsys):
    root = partner_content(tmp_path)
    (root / "en" / TOWN).mkdir(parents=True)
    assert new_town(root) == 2
    assert "already exists" in capsys.readouterr().err
    assert not (root / "regions" / TOWN).exists()


def test_refuses_an_unknown_province_and_lists_the_known_ones(tmp_path, capsys):
    root = partner_content(tmp_path)
    assert new_town(root, path="zz/shawinigan") == 2
    assert capsys.readouterr().err == (
        "pathways: 'zz' is not a province or territory code; use one of: ab, bc, mb, nb, nl, ns, nt, nu, on, "
        "pe, qc, sk, yt (folders that already exist: ab)\n")
    assert new_town(root, path="zz/shawinigan", lang="fr") == 2
    assert "dossiers qui existent déjà : ab" in capsys.readouterr().err
    assert not (root / "regions/ca/zz").exists()


def test_refuses_an_id_already_used_by_another_community(tmp_path, capsys):
    root = partner_content(tmp_path)
    (root / "regions/ca/bc").mkdir()
    assert new_town(root, path="bc/testville") == 2
    assert "a community with the id 'testville' already exists" in capsys.readouterr().err


@pytest.mark.parametrize("path, message", [
    ("newtown", "'newtown' is not PROVINCE/ID; write for example qc/shawinigan"),
    ("ab/Saint-Jérôme", "'Saint-Jérôme' cannot be a community id: use lowercase letters, digits and hyphens, "
                        "for example 'saint-jerome'"),
])
def test_refuses_a_malformed_path(tmp_path, capsys, path, message):
    root = partner_content(tmp_path)
    assert new_town(root, path=path) == 2
    assert capsys.readouterr().err == f"pathways: {message}\n"


def test_refuses_an_empty_name(tmp_path, capsys):
    root = partner_content(tmp_path)
    code = main(["new-community", "ab/newtown", "--name-fr", " ", "--name-en", "Newtown", "--content", str(root),
                 "--lang", "en"])
    assert code == 2
    assert capsys.readouterr().err == ('pathways: give the town\'s name in both languages: --name-fr "…" '
                                       '--name-en "…"\n')
    assert not (root / "regions" / TOWN).exists()


def test_accepts_the_full_layer_path_and_an_upper_case_province(tmp_path):
    root = partner_content(tmp_path)
    assert new_town(root, path="ca/AB/newtown") == 0
    assert (root / "regions" / TOWN / "community.yaml").is_file()


def test_refuses_a_folder_without_national_content(tmp_path, capsys):
    assert new_town(tmp_path / "nothing") == 2
    assert "no national content at" in capsys.readouterr().err


# ---------------------------------------------------------------- placeholder detection


@pytest.mark.parametrize("text, marked", [
    ("TODO: name", True), ("À COMPLÉTER : nom", True), ("A COMPLETER", True),
    ("https://TODO-A-COMPLETER.example/x", True), ("https://A-COMPLETER.example", True),
    ("todo el mundo", False),  # Spanish
    ("le formulaire à compléter", False),  # ordinary French
    ("Todo list", False),
])
def test_markers_are_upper_case_words(text, marked):
    assert has_marker(text) is marked


def test_comments_are_never_placeholders_but_prose_and_values_are(tmp_path):
    root = content_copy(tmp_path, {
        "regions/ca/ab/testville/locations.yaml": "# TODO: add the office\n",
        "regions/ca/ab/testville/topics.yaml": "- id: local\n  name: {fr: Local, en: \"TODO: local\"}\n",
        "fr/ca/ab/testville/pages/about.md": "---\ntitle: À propos\n---\nGuide de test.\n\nÀ COMPLÉTER : contact\n",
    })
    result = check(root, None, dt.date.fromisoformat(AS_OF))
    found = sorted((str(p.where), p.text()) for p in result.report.warnings)
    assert found == [
        ("content/fr/ca/ab/testville/pages/about.md:6:1", 'placeholder still to fill in: "À COMPLÉTER : contact"'),
        ("content/regions/ca/ab/testville/topics.yaml:2:25", 'placeholder still to fill in: "TODO: local"'),
    ]
    assert not result.report.failed() and result.report.failed(strict=True)
