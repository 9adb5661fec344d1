"""Issue 12: a rebuild reuses what did not change (pathways/engine/cache.py) and rewrites only what did; clean,
incremental and parallel builds give the same files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SITE_AS_OF, SITE_COMMUNITY
from helpers import content_copy
from pathways.engine import cache
from pathways.commands.build import build_community_report
from pathways.commands.check import check_content
from pathways.content.load import load_content

import datetime as dt

SERVICES = "regions/ca/ab/testville/services.yaml"
OLD_NAME, NEW_NAME = "Clinique pour réfugiés", "Clinique santé réfugiés"


def build(content: Path, out: Path, jobs: int = 1, community: str = "ca/ab/testville"):
    checked = check_content(load_content(content), None, dt.date.fromisoformat(SITE_AS_OF))
    assert not checked.report.failed()
    return build_community_report(checked.communities[community], out, content=content, jobs=jobs)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def record_rendered_pages(monkeypatch) -> dict[str, tuple[str, ...]]:
    """The pages MkDocs renders, by language (builds run in this process: jobs=1)."""
    import pathways.commands.build

    rendered: dict[str, tuple[str, ...]] = {}
    make_language = pathways.commands.build.make_language

    def recording(prepared, previous=None):
        rendered[prepared.lang] = make_language(prepared, previous)
        return rendered[prepared.lang]

    monkeypatch.setattr(pathways.commands.build, "make_language", recording)
    return rendered


def record_zipped_languages(monkeypatch) -> list[str]:
    import pathways.output.finish

    zipped: list[str] = []
    write = pathways.output.finish.write_language_archive

    def recording(stage, community_id, lang, *args):
        zipped.append(lang)
        return write(stage, community_id, lang, *args)

    monkeypatch.setattr(pathways.output.finish, "write_language_archive", recording)
    return zipped


def output_of(page: str) -> str:
    """`services/x.md` → `services/x/index.html`; `index.md` → `index.html` (MkDocs' directory URLs)."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return f"{stem}.html"
    return f"{stem}/index.html"


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PATHWAYS_CACHE", str(folder))
    return folder


def test_an_edited_service_rewrites_only_the_pages_and_booklets_that_show_it(tmp_path, own_cache, monkeypatch):
    content = content_copy(tmp_path)
    first = build(content, tmp_path / "site")
    assert first.booklets_made == 8 and set(first.languages_made) == {"fr", "en"}
    site = first.path
    untouched = site / "en" / "index.html"
    before = untouched.stat().st_ino

    services = content / SERVICES
    services.write_text(services.read_text(encoding="utf-8").replace(OLD_NAME, NEW_NAME), encoding="utf-8")
    rendered = record_rendered_pages(monkeypatch)
    zipped = record_zipped_languages(monkeypatch)
    second = build(content, tmp_path / "site")

    new_files = files(site)
    showing = {name for name, data in new_files.items() if name.endswith(".html") and NEW_NAME.encode() in data}
    changed_pages = {name for name in second.changed if name.endswith(".html")}
    assert showing and changed_pages == showing  # the pages that show the service, and no other page
    assert all(name.startswith("fr/") for name in changed_pages)  # the French name: English pages untouched
    printed = {f"print/{p.name}" for p in sorted((site / "print").glob("*.pdf")) if NEW_NAME in pdf_text(p)}
    changed_booklets = {name for name in second.changed if name.endswith(".pdf")}
    assert printed and changed_booklets == printed and second.booklets_made == len(printed)
    assert second.languages_made == ("fr",)
    assert untouched.stat().st_ino == before  # not rewritten: the very same file
    # MkDocs rendered exactly the pages that show the service; the others kept the previous output.
    assert {f"fr/{output_of(page)}" for page in rendered["fr"]} == showing
    assert len(rendered["fr"]) < len([name for name in new_files if name.startswith("fr/") and name.endswith(".html")])
    assert zipped == ["fr"]  # the English zip and offline pack came from the cache

    # Byte for byte what a clean build (new output folder, empty cache) gives.
    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "empty-cache"))
    clean = build(content, tmp_path / "clean")
    assert clean.booklets_made == 8
    assert files(clean.path) == new_files


def test_a_rebuild_with_nothing_changed_makes_nothing(tmp_path, own_cache):
    content = content_copy(tmp_path)
    first = build(content, tmp_path / "site")
    again = build(content, tmp_path / "site")
    assert first.changed and again.changed == ()
    assert again.booklets_made == 0 and again.booklets_reused == 8 and again.languages_made == ()


def test_parallel_builds_give_the_same_files_as_one_process(tmp_path, monkeypatch):
    content = content_copy(tmp_path)
    copy = content / "regions/ca/ab/otherville"  # a second community, as benchmarks/make_communities.py makes them
    shutil.copytree(content / "regions/ca/ab/testville", copy)
    community = copy / "community.yaml"
    community.write_text(community.read_text(encoding="utf-8").replace("testville", "otherville"), encoding="utf-8")
    for lang in ("fr", "en"):
        shutil.copytree(content / lang / "ca/ab/testville", content / lang / "ca/ab/otherville")
    trees = {}
    for jobs in (1, 2):
        monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / f"cache-{jobs}"))  # each starts empty
        from pathways.cli import main
        assert main(["build", "--all", "--content", str(content), "--as-of", SITE_AS_OF, "--jobs", str(jobs),
                     "--out", str(tmp_path / f"site-{jobs}"), "--lang", "en"]) == 0
        trees[jobs] = files(tmp_path / f"site-{jobs}")
    assert any(name.startswith("otherville/") for name in trees[1])
    assert any(name.startswith(f"{SITE_COMMUNITY}/print/") for name in trees[1])
    assert trees[1] == trees[2]


def test_single_community_parallel_build_is_identical(tmp_path, monkeypatch):
    content = content_copy(tmp_path)
    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache-a"))
    one = files(build(content, tmp_path / "one", jobs=1).path)
    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache-b"))
    two = files(build(content, tmp_path / "two", jobs=2).path)
    assert one and one == two


def test_a_changed_template_or_version_changes_every_key(tmp_path, monkeypatch):
    from pathways.engine import manifest

    templates = tmp_path / "templates"
    shutil.copytree(manifest.TEMPLATES, templates)
    monkeypatch.setattr(manifest, "TEMPLATES", templates)
    before = cache.tool_key()
    assert cache.tool_key() == before  # the same tool: the same key
    page = templates / "pages" / sorted(p.name for p in (templates / "pages").iterdir())[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = cache.tool_key()
    assert edited != before
    monkeypatch.setattr(manifest, "__version__", "99.0")
    assert cache.tool_key() != edited


def test_an_unchanged_site_is_left_alone_unless_someone_touched_it(tmp_path, own_cache, capsys):
    from pathways.cli import main

    content = content_copy(tmp_path)
    command = ["build", "--content", str(content), "--as-of", SITE_AS_OF, "--out", str(tmp_path / "site"),
               "--lang", "en", "--jobs", "1"]
    assert main(command) == 0
    page = tmp_path / "site" / SITE_COMMUNITY / "en" / "index.html"
    original = page.read_bytes()
    capsys.readouterr()
    assert main(command) == 0
    assert "Nothing changed since the previous build" in capsys.readouterr().out
    page.write_bytes(original.replace(b"</body>", b"<p>edited by hand</p></body>"))
    assert main(command) == 0  # a touched site is built again: the page is the build's again
    out = capsys.readouterr().out
    assert "Nothing changed" not in out and "en/index.html" in out
    assert page.read_bytes() == original
