"""Issue 20: one inputs manifest makes every cache key, so no input can leave a stale page behind.

The reproductions of the issue, on real builds: a copy of the package (code, templates, catalogs) runs in a
subprocess; one byte of one input is changed; the next build must make the affected files again and equal
a clean build of the changed inputs. On the main of 2026-12-06 the catalog edits gave "Nothing changed since
the previous build" and "Files changed: 0"."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pathways.engine import manifest
from pathways.resources import PACKAGE, TEMPLATES

FIXTURE = Path(__file__).parent / "fixtures" / "content"
FR_CATALOG = Path("pathways/locale/fr/LC_MESSAGES/messages.po")


@pytest.fixture
def project(tmp_path_factory) -> Path:
    """A copy of the package and its templates, importable on its own (as a checkout is)."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(PACKAGE, root / "pathways", ignore=shutil.ignore_patterns("__pycache__", "templates"))
    shutil.copytree(TEMPLATES, root / "templates")
    return root


def build(project: Path, out: Path, cache: Path, **environment: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(project), "PATHWAYS_CACHE": str(cache), **environment}
    done = subprocess.run([sys.executable, "-m", "pathways", "build", "--content", str(FIXTURE), "--community",
                           "testville", "--as-of", "2026-11-21", "--out", str(out), "--lang", "en", "--no-pdf",
                           "--jobs", "1"], cwd=project, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def differences(left: Path, right: Path) -> list[str]:
    found: list[str] = []

    def walk(compared: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in compared.left_only + compared.right_only + compared.diff_files)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    filecmp.clear_cache()
    walk(filecmp.dircmp(left, right), "")
    return found


def rebuilt_equals_clean(project: Path, tmp_path: Path, edit, **environment: str) -> tuple[str, list[str]]:
    """Build, edit, build again with the same cache; compare with a clean build of the edited inputs."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(project, out, cache, **environment)
    before = tmp_path / "before"
    shutil.copytree(out, before)
    edit()
    said = build(project, out, cache, **environment)
    build(project, tmp_path / "clean", tmp_path / "clean-cache", **environment)
    assert differences(out / "testville", tmp_path / "clean" / "testville") == []
    return said, differences(before / "testville", out / "testville")


def test_an_interface_string_edited_in_a_catalog_is_rebuilt(project, tmp_path):
    catalog = project / FR_CATALOG
    said, changed = rebuilt_equals_clean(project, tmp_path,
                                         lambda: replace_in(catalog, 'msgstr "Accueil"', 'msgstr "Accueil !"'))
    assert "Nothing changed" not in said
    assert "fr/index.html" in changed


def test_the_offline_page_follows_its_catalog_string(project, tmp_path):
    """The finishing step (offline page, pack, service worker) was keyed on the pages only."""
    catalog = project / FR_CATALOG
    said, changed = rebuilt_equals_clean(
        project, tmp_path, lambda: replace_in(catalog, 'msgstr "Vous êtes hors ligne"', 'msgstr "Hors ligne"'))
    assert any(name.startswith("fr/offline") for name in changed), changed
    assert "sw.js" in changed


def test_another_pagefind_binary_is_another_build(project, tmp_path):
    """`PAGEFIND_BINARY_PATH` names the binary that writes the search index: changing it is a new input."""
    real = manifest.pagefind_binary()
    wrapper = tmp_path / "pagefind-wrapper"
    wrapper.write_text(f'#!/bin/sh\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(project, out, cache)
    again = build(project, out, cache, PAGEFIND_BINARY_PATH=str(wrapper))
    assert "Nothing changed" not in again
    assert "Nothing changed" in build(project, out, cache, PAGEFIND_BINARY_PATH=str(wrapper))


def test_every_kind_of_input_moves_the_tool_key(project, monkeypatch):
    """One byte flipped in each kind of package file (code, template, catalog, font, base configuration),
    a dependency's version, the Pagefind binary and an output-changing variable: each moves the key."""
    monkeypatch.setattr(manifest, "PACKAGE", project / "pathways")
    monkeypatch.setattr(manifest, "TEMPLATES", project / "templates")
    monkeypatch.setattr(manifest, "BASE_CONFIG", project / "pathways" / "mkdocs_base.yml")
    files = {
        "code": project / "pathways" / "output" / "render.py",
        "template": project / "templates" / "pages" / "status.md.j2",
        "catalog": project / FR_CATALOG,
        "font": next((project / "templates").rglob("*.ttf")),
        "base configuration": project / "pathways" / "mkdocs_base.yml",
    }
    moved = []
    for kind, path in files.items():
        before = manifest.tool_key()
        data = path.read_bytes()
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
        moved += [kind] if manifest.tool_key() != before else []
        path.write_bytes(data)
        assert manifest.tool_key() == before  # back as it was: the same key again
    before = manifest.tool_key()
    monkeypatch.setattr(manifest, "dependencies", lambda: ("pyyaml=99.0",))
    moved += ["dependency version"] if manifest.tool_key() != before else []
    monkeypatch.setattr(manifest, "pagefind_digest", lambda: "another binary")
    before_binary = manifest.tool_key()
    monkeypatch.undo()
    monkeypatch.setattr(manifest, "PACKAGE", project / "pathways")
    monkeypatch.setattr(manifest, "TEMPLATES", project / "templates")
    monkeypatch.setattr(manifest, "BASE_CONFIG", project / "pathways" / "mkdocs_base.yml")
    moved += ["pagefind"] if manifest.tool_key() != before_binary else []
    before = manifest.tool_key()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/elsewhere/pagefind")
    moved += ["environment"] if manifest.tool_key() != before else []
    assert moved == [*files, "dependency version", "pagefind", "environment"]


def test_the_manifest_names_the_libraries_that_shape_output():
    names = {entry.split("=")[0] for entry in manifest.dependencies()}
    # Direct dependencies and dependencies of dependencies (Markdown comes with MkDocs, tinycss2 with WeasyPrint).
    assert {"babel", "phonenumbers", "segno", "pyyaml", "mkdocs", "markdown", "weasyprint", "tinycss2"} <= names


def test_no_cache_reads_and_stores_nothing(tmp_path, monkeypatch):
    from pathways.cli import main

    cache = tmp_path / "cache"
    monkeypatch.setenv("PATHWAYS_CACHE", str(cache))
    code = main(["build", "--content", str(FIXTURE), "--community", "testville", "--as-of", "2026-11-21",
                 "--out", str(tmp_path / "site"), "--lang", "en", "--no-pdf", "--no-cache", "--jobs", "1"])
    assert code == 0 and (tmp_path / "site" / "testville" / "fr" / "index.html").is_file()
    stored = [p for p in cache.rglob("*") if p.is_file() and p.parent.name != "locks"] if cache.exists() else []
    assert stored == []
    assert os.environ.get("PATHWAYS_NO_CACHE") is None  # the switch ends with the command
