"""Issue 25 item 4: the inputs manifest is remembered across processes (in the build cache, under the `stat` of
every file it was made from), and stays a promise: every input that changes output still changes the key.

Each key is asked of a new process, as a build would (`python -c`), from a copy of the package; beside it,
the same process says whether it walked the dependency metadata (a remembered manifest does not). The key
after each edit is compared with the key of a process that reads no cache (the manifest made afresh)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pathways.engine import manifest
from pathways.resources import PACKAGE, TEMPLATES

FR_CATALOG = Path("pathways/locale/fr/LC_MESSAGES/messages.po")
ASK = ("import sys; from pathways.engine import cache, manifest; cache.RECENT_NS = int(sys.argv[1]); "
       "print(cache.tool_key(), manifest._dependency_walk.cache_info().currsize)")


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PACKAGE, root / "pathways", ignore=shutil.ignore_patterns("__pycache__", "templates"))
    shutil.copytree(TEMPLATES, root / "templates")
    (tmp_path / "site").mkdir()  # a folder of the search path, before the installed distributions
    return root


def ask(project: Path, *, cache: bool = True, recent_ns: int = 0, **environment: str) -> tuple[str, bool]:
    """The tool key a new process finds, and whether it walked the dependencies (False: remembered)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(project.parent / "site"), str(project)]),
           "PATHWAYS_CACHE": str(project.parent / "cache"), **environment}
    env.pop("PATHWAYS_NO_CACHE", None)
    if not cache:
        env["PATHWAYS_NO_CACHE"] = "1"
    done = subprocess.run([sys.executable, "-c", ASK, str(recent_ns)], cwd=project, env=env, capture_output=True,
                          text=True, check=True)
    key, walks = done.stdout.split()
    return key, walks != "0"


def fresh(project: Path, **environment: str) -> str:
    return ask(project, cache=False, **environment)[0]


def remembered(project: Path, **environment: str) -> str:
    """The key, asked twice: made (and stored) then remembered; both the same as the manifest made afresh."""
    made, walked = ask(project, **environment)
    again, walked_again = ask(project, **environment)
    assert (again, walked_again) == (made, False)
    assert made == fresh(project, **environment)
    return made


def flip(path: Path) -> None:
    """One byte changed, size and modification time kept: only the change time (and the bytes) tell."""
    data, before = path.read_bytes(), path.stat()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("edited", ["pathways/output/render.py", "templates/pages/status.md.j2", str(FR_CATALOG),
                                    "pathways/mkdocs_base.yml"])
def test_an_edited_package_file_moves_the_remembered_key(project, edited):
    before = remembered(project)
    flip(project / edited)
    after = remembered(project)
    assert after != before
    flip(project / edited)  # the bytes as they were: the key as it was
    assert remembered(project) == before


def test_a_new_package_file_moves_the_remembered_key(project):
    before = remembered(project)
    (project / "templates" / "pages" / "extra.md.j2").write_text("{{ page }}\n", encoding="utf-8")
    assert remembered(project) != before


def metadata_of(site: Path, version: str) -> Path:
    found = site / "segno-99.0.dist-info" / "METADATA"
    found.parent.mkdir(exist_ok=True)
    found.write_text(f"Metadata-Version: 2.1\nName: segno\nVersion: {version}\n", encoding="utf-8")
    return found


def test_a_dependency_installed_or_its_metadata_edited_moves_the_remembered_key(project):
    site = project.parent / "site"
    before = remembered(project)
    metadata = metadata_of(site, "99.0")  # another segno, found first on the search path
    installed = remembered(project)
    assert installed != before
    assert "segno=99.0" in subprocess.run(
        [sys.executable, "-c", "from pathways.engine import manifest; print(manifest.dependencies())"], cwd=project,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(project)])}, capture_output=True, text=True,
        check=True).stdout
    stat = metadata.stat()
    metadata_of(site, "98.0")  # same size, the time set back: the change time still tells
    os.utime(metadata, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert remembered(project) not in (before, installed)
    shutil.rmtree(metadata.parent)  # uninstalled: the key of the installed distributions again
    assert remembered(project) == before


def test_another_pagefind_binary_or_its_bytes_moves_the_remembered_key(project):
    real = manifest.pagefind_binary()
    assert real is not None
    wrapper = project.parent / "pagefind-wrapper"
    wrapper.write_text(f'#!/bin/sh\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    before = remembered(project)
    chosen = remembered(project, PAGEFIND_BINARY_PATH=str(wrapper))
    assert chosen != before
    flip(wrapper)
    assert remembered(project, PAGEFIND_BINARY_PATH=str(wrapper)) not in (before, chosen)
    assert remembered(project) == before


def test_a_manifest_made_while_a_file_was_just_written_is_not_kept(project):
    """A file changed in the last RECENT_NS may change again within its time stamp: nothing is remembered."""
    flip(project / "pathways" / "output" / "render.py")
    made, _ = ask(project, recent_ns=60_000_000_000)
    again, walked = ask(project, recent_ns=60_000_000_000)
    assert (again, walked) == (made, True)
