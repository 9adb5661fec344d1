"""Items 10–14 of issue 9: what a build may replace, and how the new site takes the old one's place."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

import pathways.engine.publish as publish
from pathways.engine.publish import MARKER, OutputRefused, finish, recover_and_clean, switch, target_folder

from conftest import SITE_COMMUNITY, build_fixture_site
from helpers import content_copy

CONTENT = Path(__file__).parent / "fixtures" / "content"


def a_site(folder: Path, community: str = "testville", page: str = "old") -> Path:
    """A folder as pathways leaves it: marker and one page."""
    folder.mkdir(parents=True)
    (folder / MARKER).write_text(json.dumps({"community": community}), encoding="utf-8")
    (folder / "index.html").write_text(page, encoding="utf-8")
    return folder


def refusal(call) -> str:
    with pytest.raises(OutputRefused) as caught:
        call()
    return str(caught.value)


# ------------------------------------------------------------------ which folders may be replaced (items 10, 11)

def test_a_folder_pathways_did_not_write_is_refused_and_kept(tmp_path):
    mine = tmp_path / "out" / "testville"
    mine.mkdir(parents=True)
    (mine / "thesis.odt").write_text("years of work", encoding="utf-8")
    assert refusal(lambda: target_folder(tmp_path / "out", "testville", CONTENT)) == (
        f"{mine} was not written by pathways (it has no .pathways-site file): it was left untouched. "
        "Move it away or choose another --out")
    assert (mine / "thesis.odt").read_text(encoding="utf-8") == "years of work"


def test_another_communitys_site_is_refused(tmp_path):
    a_site(tmp_path / "testville", community="brooks")
    assert refusal(lambda: target_folder(tmp_path, "testville", CONTENT)) == (
        f"{tmp_path / 'testville'} holds the site of another community (brooks), not testville: it was left untouched")


def test_own_site_and_empty_folder_are_accepted(tmp_path):
    assert target_folder(tmp_path, "testville", CONTENT) == tmp_path / "testville"  # not there yet
    (tmp_path / "empty").mkdir()
    assert target_folder(tmp_path, "empty", CONTENT) == tmp_path / "empty"
    a_site(tmp_path / "ours", community="ours")
    assert target_folder(tmp_path, "ours", CONTENT) == tmp_path / "ours"


@pytest.mark.parametrize("where", ["content", "content/regions", "pathways", "templates", "."])
def test_output_inside_content_or_source_is_refused(tmp_path, where):
    project = Path(__file__).parent.parent
    content = content_copy(tmp_path)
    out = (tmp_path if where.startswith("content") else project) / where
    community = "testville"
    if where == ".":
        # The output folder is the project itself (reached through a link, so the test does not depend on
        # the name of the folder the project was cloned into): the build would contain the source.
        out = tmp_path / "out"
        out.mkdir()
        (out / community).symlink_to(project, target_is_directory=True)
    message = refusal(lambda: target_folder(out, community, content))
    assert message.startswith("the output folder ") and message.endswith(
        "a build there would destroy content or source files. Choose another --out")


def test_community_id_that_is_not_a_folder_name_is_refused(tmp_path):
    assert refusal(lambda: target_folder(tmp_path, "../etc", CONTENT)) == (
        "the community id '../etc' cannot name an output folder: use lowercase letters, digits and hyphens")


def test_cli_refusal_is_a_usage_error_in_plain_words(tmp_path, capsys):
    content = content_copy(tmp_path)
    code = build_fixture_site(content / "regions", content, "--no-pdf")
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"pathways: the output folder {(content / 'regions' / SITE_COMMUNITY).resolve()} is inside")
    assert sorted(p.name for p in (content / "regions").iterdir()) == ["ca"]


# ------------------------------------------------------------------ the switch (item 13)

def test_switch_exchanges_atomically_and_keeps_the_old_site_for_removal(tmp_path):
    final, stage = a_site(tmp_path / "testville"), a_site(tmp_path / ".testville.building-1", page="new")
    switch(stage, final)
    assert (final / "index.html").read_text(encoding="utf-8") == "new"
    assert (stage / "index.html").read_text(encoding="utf-8") == "old"


def test_without_exchange_a_killed_switch_is_repaired_by_the_next_build(tmp_path, monkeypatch):
    final, stage = a_site(tmp_path / "testville"), a_site(tmp_path / ".testville.building-1", page="new")
    monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    renames = []
    real_rename = os.rename

    def killed_after_first_rename(source, target):
        if renames:
            raise KeyboardInterrupt  # the process dies between the two renames
        renames.append(source)
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", killed_after_first_rename)
    with pytest.raises(KeyboardInterrupt):
        switch(stage, final)
    monkeypatch.setattr(os, "rename", real_rename)
    assert not final.exists()
    recover_and_clean(final)  # what the next build does first
    assert (final / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["testville"]  # the staging folder went too


def test_stale_staging_folders_are_removed(tmp_path):
    final = a_site(tmp_path / "testville")
    for name in (".testville.building-abc", ".testville.building-def", ".testville.old"):
        a_site(tmp_path / name)
    a_site(tmp_path / ".brooks.building-x", community="brooks")  # another community's build: not ours to touch
    recover_and_clean(final)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".brooks.building-x", "testville"]


def test_build_replaces_what_a_symlinked_site_points_to_and_keeps_the_link(tmp_path):
    releases = tmp_path / "releases"
    assert build_fixture_site(releases, CONTENT, "--no-pdf") == 0
    out = tmp_path / "site"
    out.mkdir()
    (out / SITE_COMMUNITY).symlink_to(releases / SITE_COMMUNITY)
    (releases / SITE_COMMUNITY / "en" / "stale.html").write_text("old build", encoding="utf-8")
    assert build_fixture_site(out, CONTENT, "--no-pdf") == 0
    assert (out / SITE_COMMUNITY).is_symlink()
    assert not (releases / SITE_COMMUNITY / "en" / "stale.html").exists()  # the folder pointed to was rebuilt
    assert (releases / SITE_COMMUNITY / "en" / "index.html").is_file()
    assert sorted(p.name for p in releases.iterdir()) == [SITE_COMMUNITY]


def test_a_dangling_symlink_is_refused(tmp_path):
    (tmp_path / "testville").symlink_to(tmp_path / "nowhere")
    assert refusal(lambda: target_folder(tmp_path, "testville", CONTENT)) == (
        f"{tmp_path / 'testville'} is a link to {tmp_path / 'nowhere'}, which is not a folder: nothing was replaced")


# ------------------------------------------------------------------ readable by any web server (item 12)

def test_built_site_is_world_readable_whatever_the_umask_and_survives_cp(tmp_path):
    old_umask = os.umask(0o077)
    try:
        assert build_fixture_site(tmp_path / "site", CONTENT) == 0
    finally:
        os.umask(old_umask)
    built = tmp_path / "site" / SITE_COMMUNITY
    copy = tmp_path / "www"
    subprocess.run(["cp", "-r", str(built), str(copy)], check=True, env={**os.environ})
    files = [p for p in copy.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in files) and len(files) > 20
    for path in [copy, *copy.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def test_finish_sets_modes_and_marks_the_site(tmp_path):
    stage = tmp_path / "stage"
    (stage / "en").mkdir(parents=True)
    (stage / "en" / "index.html").write_text("x", encoding="utf-8")
    os.chmod(stage, 0o700)
    os.chmod(stage / "en" / "index.html", 0o600)
    finish(stage, "testville")
    assert stat.S_IMODE(stage.stat().st_mode) == 0o755
    assert stat.S_IMODE((stage / "en" / "index.html").stat().st_mode) == 0o644
    assert json.loads((stage / MARKER).read_text(encoding="utf-8")) == {"community": "testville"}


# ------------------------------------------------------------------ --no-pdf keeps the published booklets (item 14)

def test_no_pdf_keeps_the_published_booklets_and_says_so(tmp_path, capsys):
    out = tmp_path / "site"
    assert build_fixture_site(out, CONTENT) == 0
    printed = out / SITE_COMMUNITY / "print"
    before = {p.name: p.read_bytes() for p in printed.glob("*.pdf")}
    assert before
    capsys.readouterr()
    assert build_fixture_site(out, CONTENT, "--no-pdf") == 0
    assert {p.name: p.read_bytes() for p in printed.glob("*.pdf")} == before
    assert (f"--no-pdf: PDF booklets already published were kept as they were, not rebuilt (files: {len(before)})."
            in capsys.readouterr().out)
    page = (out / SITE_COMMUNITY / "en" / "statuses" / "student" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../print/student-en.pdf"' in page  # the pages still link them


def test_a_site_built_before_markers_existed_is_replaced_but_lookalikes_are_not(tmp_path):
    legacy = tmp_path / "testville"
    (legacy / "fr").mkdir(parents=True)
    (legacy / "fr" / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (legacy / "index.html").write_text('<meta http-equiv="refresh" content="0; url=fr/">', encoding="utf-8")
    assert target_folder(tmp_path, "testville", CONTENT) == legacy
    (legacy / "notes.txt").write_text("mine", encoding="utf-8")  # anything else: not a pathways site
    assert refusal(lambda: target_folder(tmp_path, "testville", CONTENT)).endswith("it was left untouched. "
                                                                                   "Move it away or choose another --out")


def test_an_output_path_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "site").write_text("a file", encoding="utf-8")
    assert refusal(lambda: target_folder(tmp_path / "site", "testville", CONTENT)) == (
        f"{tmp_path / 'site'} exists and is not a folder: nothing was replaced")


def test_an_output_folder_the_build_creates_is_world_readable(tmp_path):
    old_umask = os.umask(0o077)
    try:
        assert build_fixture_site(tmp_path / "new" / "site", CONTENT, "--no-pdf") == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "new" / "site").stat().st_mode) == 0o755
