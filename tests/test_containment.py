"""Containment (issue 23): no partner file can crash, stall or exhaust the command that reads it.

Every reproduction of the issue is here, run through the command line: each gives one plain message naming
the file, exit 1, no traceback. The bounded child itself (`engine/contain.py`) is tested with functions that
crash the interpreter, loop, eat memory and recurse."""

from __future__ import annotations

import ctypes
import json
import time

import pytest

from helpers import AS_OF, content_copy, run_check
from pathways.cli import main
from pathways.content import yamlnodes
from pathways.engine import contain

TOPICS = "regions/ca/ab/testville/topics.yaml"
ABOUT = "en/ca/ab/testville/pages/about.md"
CRASH = "- id: x\n  name: [x |\n    , " + "[" * 30_000 + "]" * 30_000 + "\n"  # the issue's file: exit 139 on main


def test_the_issues_deep_brackets_after_a_pipe_are_refused_by_the_nesting_scan(tmp_path, capsys, monkeypatch):
    content_copy(tmp_path, {TOPICS: CRASH})
    monkeypatch.chdir(tmp_path)
    code, lines = run_check(capsys, "--content", "content")
    assert code == 1
    assert lines[:-1] == [f"content/{TOPICS}:3:44: nested more than 40 levels deep (brackets '[', '{{' or "
                          "indentation): content never needs this; check for brackets that are never closed"]


def test_a_file_that_crashes_the_parser_is_one_message_and_the_command_goes_on(tmp_path, capsys, monkeypatch):
    """Were the scan to miss a shape (as it missed `[x |` on main), libyaml's C stack overflow (exit 139)
    stays in the child: the check ends with a message naming the file, exit 1."""
    monkeypatch.setattr(yamlnodes, "refuse_deep_nesting", lambda text: None)
    # The scan switched off is a change of code the inputs manifest cannot see: a check of the same content
    # answered from the cache (the test above) would say the scan's words again.
    monkeypatch.setenv("PATHWAYS_NO_CACHE", "1")
    contain.stop()  # the next child is forked from this process as it is now (without the scan)
    content_copy(tmp_path, {TOPICS: CRASH})
    monkeypatch.chdir(tmp_path)
    try:
        code, lines = run_check(capsys, "--content", "content")
    finally:
        contain.stop()
    assert code == 1
    assert lines[:-1] == [f"content/{TOPICS}:1:1: reading this file crashed the reader (signal 11) and was stopped; "
                          "nothing of the file was used: look for brackets or quotes that are never closed, or very "
                          "deep nesting"]


def test_markdown_of_one_character_lines_is_refused_at_check_and_never_rendered(tmp_path, capsys, monkeypatch):
    """`-\\n` × 50,000 (100 KB) passed check on main, then the build ran for minutes (quadratic)."""
    content_copy(tmp_path, {ABOUT: "---\ntitle: About\n---\n" + "-\n" * 50_000})
    monkeypatch.chdir(tmp_path)
    code, lines = run_check(capsys, "--content", "content")
    assert code == 1
    assert lines[:-1] == [f"content/{ABOUT}:204:1: more than 200 lines without a blank line between them: put a "
                          "blank line between paragraphs, lists and tables"]
    started = time.monotonic()
    code = main(["build", "--content", "content", "--community", "testville", "--as-of", AS_OF, "--lang", "en",
                 "--out", "site", "--no-pdf", "--jobs", "1"])
    assert code == 1 and time.monotonic() - started < 30
    assert not (tmp_path / "site").exists()


def test_machine_json_nested_200000_deep_is_a_message(tmp_path, capsys, monkeypatch):
    from test_translations import es_content

    es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "machine").mkdir()
    (tmp_path / "machine" / "ca__ab__testville.json").write_text("[" * 200_000, encoding="utf-8")
    code = main(["translations", "import", "--lang", "es", "--content", "content", "--machine-json", "machine",
                 "--messages", "en"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.splitlines()[:-1] == [
        'machine/ca__ab__testville.json:1:1: this file is not JSON of the form {"msgctxt": "translated text", …}: '
        'nothing was imported from it',
        "machine/ca__ab__testville.json:1:1: this file nests too deeply to be read; nothing of the file was used: "
        "look for brackets or quotes that are never closed"]


def test_po_language_header_that_is_a_path_is_a_message(tmp_path, capsys, monkeypatch):
    from test_translations import HEADER, NAME, es_content

    root = es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    po = root / "regions/ca/ab/testville/translations/es.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(HEADER.replace("Language: es", "Language: ../../es")
                  + f'msgctxt "{NAME}"\nmsgid "Settlement help"\nmsgstr "Ayuda"\n', encoding="utf-8")
    code, lines = run_check(capsys, "--content", "content")
    assert code == 1
    assert lines[:-1] == ["content/regions/ca/ab/testville/translations/es.po:3:1: invalid PO file: the 'Language' "
                          "header says '../../es', which is not a language code (e.g. es, ar, uk)"]


def test_terminal_control_bytes_are_shown_escaped(tmp_path, capsys, monkeypatch):
    content_copy(tmp_path, {TOPICS: '- id: x\n  name: {fr: a, en: b}\n  "\\e[2Jgone\\rX\\u202e": 1\n'})
    monkeypatch.chdir(tmp_path)
    code, lines = run_check(capsys, "--content", "content")
    assert code == 1
    assert lines[:-1] == [f"content/{TOPICS}:3:3: unknown key '\\x1b[2Jgone\\rX\\u202e'; allowed keys: description, "
                          "id, name, order"]
    assert not any(char in "\n".join(lines) for char in "\x1b\r\u202e")


# ---------------------------------------------------------------- the bounded child


def _segfault() -> None:
    ctypes.string_at(0)


def _forever() -> None:
    while True:
        pass


def _hungry() -> int:
    return len(bytearray(contain.MEMORY_BYTES * 2))


def _deep(n: int = 0) -> int:
    return _deep(n + 1)


def _double(x: int) -> int:
    return 2 * x


@pytest.mark.parametrize("fn, kind", [(_segfault, "crash"), (_forever, "time"), (_hungry, "memory"),
                                      (_deep, "depth")])
def test_the_child_turns_every_runaway_into_one_kind(fn, kind):
    with pytest.raises(contain.Runaway) as raised:
        contain.run(fn, seconds=2)
    assert raised.value.kind == kind
    assert contain.run(_double, 21) == 42  # the next call gets a new child


def test_one_child_serves_every_file_of_a_command():
    contain.stop()
    assert [contain.run(_double, n) for n in range(50)] == [2 * n for n in range(50)]
    first = contain._local.worker.process.pid
    contain.run(_double, 1)
    assert contain._local.worker.process.pid == first
    contain.stop()


def test_a_clean_file_is_parsed_once_then_read_from_the_cache(tmp_path, monkeypatch):
    from pathways.content.load import parse_yaml

    calls = []
    real = contain.run
    monkeypatch.setattr(contain, "run", lambda *args, **kw: calls.append(1) or real(*args, **kw))
    text = f"- id: cached-{time.time_ns()}\n"
    assert parse_yaml(text, "a.yaml", []) == parse_yaml(text, "b.yaml", [])
    assert calls == [1]
    assert json.dumps(parse_yaml(text, "c.yaml", []))


def test_a_fork_of_this_process_starts_its_own_child():
    """A pool worker forked after a file was read inherits the parent's child object: it must not use it."""
    import os

    contain.run(_double, 1)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the fork: reads through its own bounded child
        try:
            os.write(writer, str(contain.run(_double, 21)).encode())
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(reader, 10) == b"42"
    assert contain.run(_double, 2) == 4  # the parent's child is still its own
