"""YAML values with positions: YAML 1.2 scalars, merge keys, aliases, and mistakes turned into problems."""

from __future__ import annotations

import math

import pytest
import yaml

from pathways.yamlnodes import YamlProblem, build, compose


def values(text: str):
    return build(compose(text))


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


def test_merge_keys_give_way_to_explicit_keys():
    data = values("base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n")
    assert data["thing"] == {"x": 1, "y": 3}


def test_aliases_share_one_value_so_billion_laughs_stays_small():
    text = "a: &a [1, 2]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n"
                                      for i in range(20))
    data = values(text)
    assert data["u"][0] is data["u"][1]


@pytest.mark.parametrize("text, message", [
    ("a: 1\na: 2\n", "duplicate key '{key}' (first at line {line})"),
    ("? [1, 2]\n: x\n", "a key must be plain text, not a list or a mapping"),
    ("&a [*a]\n", "an alias refers to the item that contains it"),
])
def test_mistakes_the_composer_accepts_become_problems(text, message):
    with pytest.raises(YamlProblem) as error:
        values(text)
    assert error.value.message == message


def test_syntax_errors_come_from_the_library():
    with pytest.raises(yaml.MarkedYAMLError):
        compose("a: [1, 2\n")
