"""A rebuild with nothing changed and a check of content already checked are answered before the build and
the models are imported (issue 25 item 4), saying what the full run says; any change runs the full one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import SITE_AS_OF
from helpers import content_copy

ROOT = Path(__file__).resolve().parent.parent
# Runs the command line, then says which of the heavy modules it imported (on the last line of stdout): the
# build, the models, the content readers, and Pagefind's module (imported to find its binary: a manifest not
# remembered across processes).
HEAVY = ("pathways.commands.build", "pathways.content.models", "pathways.content.load", "pagefind.service")
PROGRAM = ("import sys; from pathways.cli import main; code = main(sys.argv[1:]); "
           f"print('imported:', *[m for m in {HEAVY!r} if m in sys.modules]); "
           "sys.exit(code)")


def run(*argv: str, cache: Path) -> tuple[int, str, str, str]:
    environment = {**os.environ, "PATHWAYS_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROGRAM, *argv], capture_output=True, text=True, env=environment,
                          cwd=ROOT, check=False)
    *said, imported = done.stdout.splitlines()
    return done.returncode, "\n".join(said), done.stderr, imported


def test_a_rebuild_with_nothing_changed_says_what_the_build_says_without_importing_it(tmp_path):
    content = content_copy(tmp_path)
    build = ("build", "--no-pdf", "--content", str(content), "--community", "testville", "--as-of", SITE_AS_OF,
             "--out", str(tmp_path / "site"), "--lang", "en", "--jobs", "1")
    cache = tmp_path / "cache"
    first = run(*build, cache=cache)
    assert first[0] == 0 and first[3] == "imported: " + " ".join(HEAVY)
    again = run(*build, cache=cache)
    assert again[0] == 0 and again[3] == "imported:"  # neither the build, the models, the readers nor Pagefind
    assert "Nothing changed since the previous build" in again[1] and "Site written to" in again[1]
    # the same words as a build that loads everything and finds nothing to do (the record set aside)
    for entry in (cache / "unchanged").iterdir():
        entry.unlink()
    full = run(*build, cache=cache)
    assert full[3] != "imported:" and (full[0], full[1], full[2]) == again[:3]

    (tmp_path / "site" / "testville" / "fr" / "index.html").write_text("changed by hand", encoding="utf-8")
    touched = run(*build, cache=cache)  # the published site is not what was built: built again
    assert touched[3] != "imported:" and "Nothing changed" not in touched[1]
    assert "changed by hand" not in (tmp_path / "site" / "testville" / "fr" / "index.html").read_text(encoding="utf-8")

    services = content / "regions/ca/ab/testville/services.yaml"
    services.write_text(services.read_text(encoding="utf-8").replace("Clinique pour réfugiés", "Clinique santé réfugiés"),
                        encoding="utf-8")
    edited = run(*build, cache=cache)
    assert edited[3] != "imported:" and "Files changed since the previous build" in edited[1]


def test_a_check_of_content_checked_before_says_the_same_without_the_models(tmp_path):
    content = content_copy(tmp_path)
    check = ("check", "--content", str(content), "--as-of", SITE_AS_OF, "--lang", "en")
    cache = tmp_path / "cache"
    first = run(*check, cache=cache)
    again = run(*check, cache=cache)
    assert first[3] != "imported:" and again[3] == "imported:"
    assert first[:3] == again[:3] and first[0] == 0 and "error(s)" in first[2]

    broken = content / "regions/ca/ab/testville/services.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\nnot: [valid\n", encoding="utf-8")
    failed = run(*check, cache=cache)
    failed_again = run(*check, cache=cache)
    assert failed[0] == 1 and failed[3] != "imported:"
    assert failed_again[:3] == failed[:3] and failed_again[3] == "imported:"  # the failure said again, exit 1
    strict = run(*check, "--strict", cache=cache)  # another option: checked again
    assert strict[3] != "imported:"
