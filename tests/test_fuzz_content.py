"""Property: whatever garbage a content file holds, checking only ever returns problems; it never raises."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import yaml

from helpers import FIXTURE
from pathways.commands.check import check

TARGETS = ["regions/ca/ab/testville/services.yaml", "regions/ca/programs.yaml", "regions/ca/ab/testville/community.yaml",
           "regions/ca/ab/index.yaml", "fr/ca/ab/testville/pages/about.md", "regions/ca/statuses.yaml"]
KEYS = ["id", "name", "fr", "en", "values", "eligibility", "statuses", "others", "references", "verified_on",
        "2026-04-01", "parent", "applies_to", "hidden", "programs", "title", "url", "value", "nmae"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12),
                    st.sampled_from(["eligible", "2026-02-30", "pr", "settlement", "https://x.org", "ftp://x"]))
trees = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
                     max_leaves=25)


def _dump(tree) -> str:
    return yaml.safe_dump(tree, allow_unicode=True)


contents = st.one_of(trees.map(_dump), st.text(max_size=300), st.binary(max_size=200))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(TARGETS), data=contents)
def test_garbled_content_gives_problems_never_exceptions(target, data):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "content"
        shutil.copytree(FIXTURE, root)
        path = root / target
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        result = check(root, None, dt.date(2026, 11, 21))
        for item in result.report.problems:  # every problem renders in both languages
            assert item.render("fr") and item.render("en")
            assert item.where.line >= 1 and item.where.col >= 1


# ---------------------------------------------------------------- issue 23: shapes that crash or stall parsers
#
# Nested YAML (flow and block, with the block-scalar and anchor characters that confused the nesting scan),
# Markdown (lists, quotes, headings, links in every form, one-character lines) and PO files (headers, entries,
# continuation lines): whatever comes, `check` ends with problems or none — never an exception, a crash or a
# hang — within BUDGET seconds. The default run is CI's (a few hundred examples, seconds); PATHWAYS_FUZZ=N runs
# N examples of each (the 10,000: `PATHWAYS_FUZZ=10000 python -m pytest tests/test_fuzz_content.py`).
# A case found joins tests/broken/ with its exact message.

import os  # noqa: E402
import time  # noqa: E402

BUDGET = 20.0  # seconds for one check of one file: the bounded child's own limit (contain.SECONDS) is the same
EXAMPLES = int(os.environ.get("PATHWAYS_FUZZ", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

YAML_TOKENS = ["[", "]", "{", "}", ", ", ": ", "- ", "? ", "|", ">", "|-", " #", "&a ", "*a", "<<: ", "!!str ", "'",
               '"', "\n", "\n  ", "\n    ", "id", "name", "fr", "en", "x", "é", "\t", "---\n", "...\n", "%YAML 1.1\n",
               "\\", "\u202e", "\x1b[2J"]
MD_TOKENS = ["-", "- ", "* ", "1. ", "  ", "    ", "> ", "# ", "=", "[", "]", "(", ")", "](", "![", "<", ">",
             "<a href=//e.example>", "<https://a.example>", "`", "```", "*", "_", "|", "\n", "\n\n", "tel:",
             "mailto:", "http://127.0.0.1/", "&", "&#", "<!--", "\\", "a", "é", "ж"]
PO_TOKENS = ['msgid ', 'msgstr ', 'msgctxt ', 'msgid_plural ', 'msgstr[0] ', '"', '\\"', '\\n', '"Language: ',
             '../../', 'es', '#, fuzzy', '#| msgid ', '#~ ', '#~| ', '# ', '\n', '\n\n', 'x', '<a href=//e.example>',
             '[a](tel:1-900-555-0100)', '{name}', '\\']


def _repeated(tokens: list[str]) -> st.SearchStrategy[str]:
    """Token soup, with runs: one token many times is how quadratic and deep inputs look."""
    piece = st.one_of(st.sampled_from(tokens),
                      st.tuples(st.sampled_from(tokens), st.integers(1, 3000)).map(lambda pair: pair[0] * pair[1]))
    return st.lists(piece, max_size=40).map("".join)


def _nested_yaml(depth: int) -> st.SearchStrategy[str]:
    """Deep flow or block nesting around a record, the way the issue's crash was written."""
    return st.tuples(st.integers(1, depth), st.sampled_from(["[", "{a: ", "- ", "  - ", "? "]),
                     st.sampled_from(["", " |", " >", " #"]), _repeated(YAML_TOKENS)).map(
        lambda t: f"- id: x\n  name: [x{t[2]}\n    , " + t[1] * t[0] + t[3])


def _fresh_check(root: Path, path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = check(root, None, dt.date(2026, 11, 21))
    assert time.monotonic() - started < BUDGET
    for item in result.report.problems:
        assert item.render("fr") and item.render("en")
        assert not any(char in item.render("en") for char in "\x1b\r\u202e")


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(FIXTURE, root)
    community = root / "regions/ca/ab/testville/community.yaml"
    community.write_text(community.read_text(encoding="utf-8")
                         + "languages: [fr, en, es]\ntranslations: {es: {method: machine}}\n", encoding="utf-8")
    assert check(root, None, dt.date(2026, 11, 21)).report.errors == []  # the PO file of es is read
    return root


@FUZZ
@given(text=st.one_of(_nested_yaml(60_000), _repeated(YAML_TOKENS), trees.map(_dump)))
def test_nested_yaml_gives_problems_never_a_crash_or_a_hang(fuzz_root, text):
    _fresh_check(fuzz_root, fuzz_root / "regions/ca/ab/testville/topics.yaml", text)


@FUZZ
@given(body=_repeated(MD_TOKENS), front=st.sampled_from(["---\ntitle: About\n---\n", "---\ntitle: [x |\n---\n", ""]))
def test_markdown_gives_problems_never_a_crash_or_a_hang(fuzz_root, body, front):
    _fresh_check(fuzz_root, fuzz_root / "en/ca/ab/testville/pages/about.md", front + body)


@FUZZ
@given(entries=_repeated(PO_TOKENS), language=st.sampled_from(["es", "../../es", "xx-YY-zzz", "", "es_MX", "ar"]))
def test_po_files_give_problems_never_a_crash_or_a_hang(fuzz_root, entries, language):
    header = f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"X-Pathways-Source-Language: en\\n"\n\n'
    _fresh_check(fuzz_root, fuzz_root / "regions/ca/ab/testville/translations/es.po", header + entries)
