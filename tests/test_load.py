"""Load stage: positions, safe reading (size, encoding, emptiness), YAML without surprises."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import FIXTURE, content_copy, run_check
from pathways.content.load import MAX_FILE_BYTES, load_content, parse_yaml


def test_records_keep_file_line_and_column():
    content = load_content(FIXTURE)
    services = content.layers["ca/ab/testville"].records["services"]
    clinic = next(raw for raw in services if raw.id == "testville-clinic")
    where = clinic.where(("programs", 1))
    assert where.path.endswith("testville/services.yaml")
    assert (where.line, where.col) == (16, 20)  # '  programs: [ifhp, settlement]'


def test_dates_stay_text_until_validated():
    content = load_content(FIXTURE)
    program = content.layers["ca"].records["programs"][0]
    assert list(program.node["eligibility"]["values"]) == ["2020-01-01", "2026-04-01", "2027-04-01"]


def test_layers_and_communities_are_found():
    content = load_content(FIXTURE)
    assert sorted(content.layers) == ["ca", "ca/ab", "ca/ab/testville"]
    assert content.communities() == ["ca/ab/testville"]
    assert {(p.lang, p.layer, p.key) for p in content.prose} >= {("fr", "ca", "pages/first-72-hours.md")}


def test_non_utf8_file_is_refused_with_position(tmp_path, monkeypatch, capsys):
    content_copy(tmp_path, {"regions/ca/ab/topics.yaml": "- id: local\n  name: {fr: R\xe9gion}\n".encode("latin-1")})
    monkeypatch.chdir(tmp_path)
    code, lines = run_check(capsys, "--content", "content")
    assert code == 1
    assert lines[0] == ("content/regions/ca/ab/topics.yaml:2:15: file is not UTF-8 text; save it as UTF-8 "
                        "(byte 0xe9 cannot be read)")


def test_huge_file_is_refused_without_being_read(tmp_path, monkeypatch, capsys):
    root = content_copy(tmp_path)
    huge = root / "regions/ca/ab/services.yaml"
    with huge.open("wb") as handle:  # a sparse 50 MB file: refused from its size alone
        handle.truncate(50 * 1024 * 1024)
    monkeypatch.chdir(tmp_path)
    original = Path.read_bytes

    def refuse_huge(self: Path) -> bytes:
        assert self.resolve() != huge.resolve(), "the huge file was read"
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", refuse_huge)
    code, lines = run_check(capsys, "--content", "content")
    assert code == 1
    assert lines[0] == (f"content/regions/ca/ab/services.yaml:1:1: file is too large (52428800 bytes; "
                        f"the limit is {MAX_FILE_BYTES})")


def test_yes_and_no_are_not_booleans(tmp_path):
    # YAML 1.2: `no` stays the text "no" (the "Norway problem" of YAML 1.1).
    root = content_copy(tmp_path, {"regions/ca/ab/topics.yaml": "- {id: local, name: {fr: no, en: no}}\n"})
    raw = load_content(root).layers["ca/ab"].records["topics"][0]
    assert raw.node["name"]["fr"] == "no"


@pytest.mark.parametrize("text, where, message", [
    ("a: {b: 1\n", "1:4", "a '{' opened here is not closed with '}' (or a comma is missing)"),
    ("a: [1, 2\n", "1:4", "a '[' opened here is not closed with ']' (or a comma is missing)"),
    ("a: 'open\n", "1:4", "a quote opened here is never closed"),
    ("a: b: c\n", "1:5", "unexpected ':' here; put text that contains ': ' in quotes, or check the indentation"),
    ("a:\n  b: 1\n c: 2\n", "3:2",
     "the indentation is not consistent; keys at the same level must start in the same column"),
    ("- a\nb: 1\n", "2:1", "a list item must start with '- ' at the same indentation as the others"),
    ("a: *nope\n", "1:4", "'*' refers to an anchor that does not exist; put text that starts with '*' in quotes"),
    ("a:\n\t- b\n", "2:1", "a tab character; indent with spaces only"),
    ("a: @x\n", "1:4", "a value cannot start with this character; put the text in quotes"),
])
def test_usual_syntax_slips_are_said_plainly(text, where, message):
    found = []
    assert parse_yaml(text, "f.yaml", found) is None
    assert [p.render("en") for p in found] == [f"f.yaml:{where}: YAML syntax error: {message}"]
    assert found[0].render("fr").startswith(f"f.yaml:{where}: erreur de syntaxe YAML : ")


def test_a_file_swapped_for_a_link_or_a_pipe_after_listing_is_still_refused(tmp_path):
    # read_text opens with O_NOFOLLOW | O_NONBLOCK and checks what it opened: no race, no blocking on a FIFO.
    from pathways.content.load import NOT_REGULAR, SYMLINK, read_text

    (tmp_path / "secret.yaml").write_text("- id: secret\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    found = []
    assert read_text(tmp_path / "link.yaml", found) is None
    assert read_text(tmp_path / "pipe.yaml", found) is None
    assert [p.message for p in found] == [SYMLINK, NOT_REGULAR]


def test_content_files_never_enters_a_linked_folder(tmp_path):
    from pathways.content.load import SYMLINK, content_files

    (tmp_path / "top" / "a").mkdir(parents=True)
    (tmp_path / "top" / "a" / "x.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "y.yaml").write_text("y: 1\n", encoding="utf-8")
    (tmp_path / "top" / "b").symlink_to(tmp_path / "elsewhere")
    found = []
    listed = content_files(tmp_path / "top", found)
    assert [(folder.name, [f.name for f in files]) for folder, files in listed] == [("top", []), ("a", ["x.yaml"])]
    assert [(Path(p.where.path).name, p.message) for p in found] == [("b", SYMLINK)]


def _loaded(root: Path, jobs: int, monkeypatch) -> tuple[list, dict, list[str]]:
    """What `load_content` makes and says, with the warm-up on `jobs` cores; and the texts this process parsed
    itself in the bounded child."""
    from pathways.content import load
    from pathways.engine import contain

    parsed_here = []
    run = contain.run
    monkeypatch.setattr(load, "default_jobs", lambda: jobs)
    monkeypatch.setattr(load, "WARM_AT_LEAST", 1)
    monkeypatch.setattr(contain, "run",
                        lambda fn, *args, **kw: parsed_here.append((os.getpid(), args[0])) or run(fn, *args, **kw))
    content = load.load_content(root)
    monkeypatch.setattr(contain, "run", run)
    records = {lid: {kind: [(raw.id, raw.path, dict(raw.node)) for raw in raws] for kind, raws in layer.records.items()}
               for lid, layer in content.layers.items()}
    return [str(p) for p in content.problems], records, [text for pid, text in parsed_here if pid == os.getpid()]


TOPICS = "regions/ca/ab/testville/topics.yaml"


@pytest.mark.parametrize("crash", [False, True])
def test_the_parse_warm_up_on_every_core_changes_nothing_that_load_makes_or_says(tmp_path, monkeypatch, crash):
    """Issue 25 item 4: the layers' files are parsed on every core first (`warm_parse_cache`); what `load`
    makes of them and says about them is the same, a broken file included; a file that crashed a worker's
    child is said as it would be here (signal 11), without crashing another child."""
    from pathways.content import yamlnodes
    from pathways.engine import contain

    broken = {"regions/ca/ab/testville/steps.yaml": "- id: a\n  title: {fr: x, en: y\n"}
    real_scan = yamlnodes.refuse_deep_nesting
    if crash:  # libyaml's C stack overflow, the nesting scan switched off (as in test_containment.py)
        monkeypatch.setattr(yamlnodes, "refuse_deep_nesting", lambda text: None)
        broken[TOPICS] = ("- id: x\n  name: [x |\n    , " + "[" * 30_000 + "]" * 30_000
                                                         + "\n")
    contain.stop()  # children forked from this process as it is now
    alone = content_copy(tmp_path / "alone", broken)
    warmed = content_copy(tmp_path / "warmed", broken)
    try:
        monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache-alone"))
        problems, records, parsed_alone = _loaded(alone, 1, monkeypatch)
        monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache-warmed"))
        warm_problems, warm_records, parsed_warmed = _loaded(warmed, 2, monkeypatch)
    finally:
        contain.stop()
    assert [p.replace("/warmed/", "/alone/") for p in warm_problems] == problems and problems
    assert any("crashed the reader" in p and "signal 11" in p for p in problems) == crash
    assert warm_records == {lid: {kind: [(i, path.replace("/alone/", "/warmed/"), node) for i, path, node in raws]
                                  for kind, raws in layer.items()} for lid, layer in records.items()}
    assert len(parsed_warmed) < len(parsed_alone)  # the clean files were parsed by the workers, not here
    assert broken[TOPICS] not in parsed_warmed if crash else True  # nor the crash: said as a worker's child ended
    if crash:  # the scan on again: the next load parses that text itself, nothing remembered from this one
        monkeypatch.setattr(yamlnodes, "refuse_deep_nesting", real_scan)
        monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache-again"))
        contain.stop()
        try:
            again, _, _ = _loaded(warmed, 1, monkeypatch)
        finally:
            contain.stop()
        assert not any("crashed the reader" in p for p in again) and any("nested more than" in p for p in again)
