"""YAML values with positions: YAML 1.2 scalars, and what content may not hold (anchors, aliases, merge keys,
deep nesting, a comma slip inside `{…}`) refused as problems."""

from __future__ import annotations

import math

import pytest
import yaml

from pathways.content.yamlnodes import (ANCHOR, COMMA, MAX_DEPTH, MAX_REPORTED, MERGE, TOO_DEEP, UNDEFINED_ALIAS,
                                YamlProblem, YamlProblems, build, compose)


def values(text: str):
    return build(compose(text), text)


def test_yaml_12_scalars():
    found = values("[.inf, -.inf, .NaN, 1.5, 1e3, 0x1f, 0o17, 12, no, yes, ~, '', 2026-04-01, '12', True]")
    assert found[0] == math.inf and found[1] == -math.inf and math.isnan(found[2])
    assert found[3:] == [1.5, 1000.0, 31, 15, 12, "no", "yes", None, "", "2026-04-01", "12", True]


def test_positions_of_keys_values_and_items():
    data = values("a:\n  - x\n  - {b: 1}\nc: text\n")
    assert data.start == (0, 0)
    assert data.key_at["c"] == (3, 0) and data.value_at["c"] == (3, 3)
    assert data["a"].item_at == [(1, 4), (2, 4)]
    assert data["a"][1].value_at["b"] == (2, 8)


def refused(text: str) -> list[tuple[tuple[int, int], str, dict]]:
    with pytest.raises((YamlProblem, YamlProblems)) as error:
        values(text)
    found = error.value.problems if isinstance(error.value, YamlProblems) else [error.value]
    return [(p.position, p.message, p.args_) for p in found]


def test_anchors_are_refused_where_they_are_written_and_their_aliases_say_nothing_more():
    assert refused("base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n") == [((0, 6), ANCHOR, {"name": "b"})]


def test_a_merge_key_without_alias_is_refused_too():
    assert refused("thing:\n  <<: {x: 1}\n  y: 3\n") == [((1, 2), MERGE, {})]


def test_billion_laughs_is_refused_from_the_event_stream_before_any_expansion():
    text = "a: &a [1, 2]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n"
                                      for i in range(20))
    found = refused(text)
    assert [where for where, _, _ in found] == [(i, 3) for i in range(MAX_REPORTED)]
    assert {message for _, message, _ in found} == {ANCHOR}


def test_a_recursive_alias_is_refused_at_its_anchor():
    assert refused("&a [*a]\n") == [((0, 0), ANCHOR, {"name": "a"})]


def test_an_alias_of_nothing_is_text_that_needs_quotes():
    assert refused("a: *nope\n") == [((0, 3), UNDEFINED_ALIAS, {})]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 30_000])
def test_deep_flow_nesting_is_refused_before_the_parser_sees_it(depth):
    [(where, message, args)] = refused("a: " + "[" * depth + "]" * depth + "\n")
    assert (where, message, args) == ((0, 3 + MAX_DEPTH - 1), TOO_DEEP, {"limit": MAX_DEPTH})


def test_deep_block_nesting_is_refused_too():
    indented = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 1))
    assert refused(indented) == [((MAX_DEPTH, 2 * MAX_DEPTH), TOO_DEEP, {"limit": MAX_DEPTH})]
    assert refused("- " * 5000 + "x\n") == [((0, 0), TOO_DEEP, {"limit": MAX_DEPTH})]


def test_real_nesting_passes():
    levels = MAX_DEPTH - 3  # + the line of `x` + two brackets = exactly the limit
    text = "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "x: [{a: 1}]\n"
    data = values(text)
    for i in range(levels):
        data = data[f"k{i}"]
    assert data == {"x": [{"a": 1}]}


@pytest.mark.parametrize("text, key, at", [
    ("d: {fr: Accueil, information et orientation., en: Welcome}\n", "information et orientation.", (0, 17)),
    ("d: {fr: a, b , en: c}\n", "b", (0, 11)),
])
def test_a_comma_inside_braces_is_named(text, key, at):
    assert refused(text) == [(at, COMMA, {"key": key})]


def test_a_colon_with_nothing_after_it_is_not_a_comma_slip():
    assert values("d: {fr: , en: c}\n") == {"d": {"fr": None, "en": "c"}}


@pytest.mark.parametrize("text, message", [
    ("a: 1\na: 2\n", "duplicate key '{key}' (first at line {line})"),
    ("? [1, 2]\n: x\n", "a key must be plain text, not a list or a mapping"),
])
def test_mistakes_the_composer_accepts_become_problems(text, message):
    with pytest.raises(YamlProblem) as error:
        values(text)
    assert error.value.message == message


def test_syntax_errors_come_from_the_library():
    with pytest.raises(yaml.MarkedYAMLError):
        compose("a: [1, 2\n")
