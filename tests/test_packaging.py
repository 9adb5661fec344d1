"""Items 17 and 18 of issue 9: an installed wheel builds a guide from any folder; pinned, tested versions."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import SITE_AS_OF, SITE_COMMUNITY, SITE_FIXTURE

ROOT = Path(__file__).parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PINS = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#"))


def requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


def test_weasyprint_70_or_later_is_required():
    weasyprint = next(r for r in requirements() if r.name == "weasyprint")
    assert not weasyprint.specifier.contains("69.9") and weasyprint.specifier.contains("70.0")


def test_constraints_pin_every_dependency_within_its_range():
    for requirement in requirements():
        pinned = PINS.get(canonicalize_name(requirement.name))
        assert pinned, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pinned, prereleases=True), (requirement, pinned)


def test_the_tested_versions_are_the_pinned_ones():
    # CI installs with -c constraints.txt, so the suite runs on exactly these versions.
    for requirement in requirements():
        installed = importlib.metadata.version(requirement.name)
        assert installed == PINS[canonicalize_name(requirement.name)], (requirement.name, installed)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built from a copy of the checkout (no build files left in the worktree)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    left_out = shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
                                      ".venv", ".pathways-cache")  # the README's venv: not part of the package

    def ignore(folder: str, names: list[str]) -> set[str]:
        # The guides' content and a built site are not part of the package (pathways/content/ is: code).
        top = {"content", "site"} & set(names) if Path(folder) == ROOT else set()
        return set(left_out(folder, names)) | top

    shutil.copytree(ROOT, source, ignore=ignore)
    # Built as a user would (pip fetches the build backend named in pyproject.toml into an isolated env).
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                           "-w", str(tmp / "dist"), str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return next((tmp / "dist").glob("pathways-*.whl"))


def test_wheel_carries_templates_fonts_catalog_and_base_configuration(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("pathways/mkdocs_base.yml", "pathways/locale/fr/LC_MESSAGES/messages.po",
                     "pathways/locale/es/LC_MESSAGES/messages.po", "pathways/locale/ar/LC_MESSAGES/messages.po",
                     "pathways/locale/uk/LC_MESSAGES/messages.po",
                     "pathways/templates/overrides/main.html", "pathways/templates/overrides/partials/alternate.html",
                     "pathways/templates/overrides/base.html", "pathways/templates/overrides/assets/javascripts/pathways.js",
                     "pathways/templates/pages/status.md.j2", "pathways/templates/print/booklet.html",
                     "pathways/templates/print/fonts/DejaVuSans.ttf"):
        assert expected in names, expected
    checkout = {f"pathways/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
                for p in (ROOT / "templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert checkout <= names, sorted(checkout - names)


def test_installed_wheel_builds_a_guide_from_any_folder(wheel, tmp_path):
    """The wheel installed on its own (`pip install --target`), its dependencies taken from the interpreter
    running the tests — a venv or not (a nested venv would see the base interpreter's packages, not the venv's)."""
    target = tmp_path / "installed"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target",
                           str(target), str(wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    content = tmp_path / "partner-content"
    shutil.copytree(SITE_FIXTURE, content)
    env = {**os.environ, "PYTHONPATH": str(target)}  # the installed package, not the checkout
    run = subprocess.run([sys.executable, "-m", "pathways", "build", "--content", str(content), "--community",
                          SITE_COMMUNITY, "--as-of", SITE_AS_OF, "--lang", "en"], cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    where = subprocess.run([sys.executable, "-c", "import pathways.resources as r; print(r.TEMPLATES)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True).stdout.strip()
    assert Path(where).is_relative_to(target), where  # read from the installed package
    site = elsewhere / "site" / SITE_COMMUNITY
    assert (site / "en" / "statuses" / "pr" / "index.html").is_file()
    assert (site / "en" / "assets" / "javascripts" / "pathways.js").is_file()
    assert sorted(p.name for p in (site / "print").glob("*-en.pdf"))
    assert re.search(r'<meta http-equiv="Content-Security-Policy"', (site / "en" / "index.html").read_text("utf-8"))
