"""YAML text → plain dicts, lists and scalars that remember where each key and value starts.

The parsing is PyYAML's (its C composer when available); we only turn its node graph into values, with
YAML 1.2 scalar rules so `no` stays text and dates stay text until the models parse them strictly.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .i18n import N_

Position = tuple[int, int]  # 0-based line, column

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")


class YamlMap(dict):
    """A mapping that knows where it, each of its keys and each of its values start."""

    def __init__(self, start: Position) -> None:
        super().__init__()
        self.start = start
        self.key_at: dict[Any, Position] = {}
        self.value_at: dict[Any, Position] = {}


class YamlList(list):
    """A sequence that knows where it and each of its items start."""

    def __init__(self, start: Position) -> None:
        super().__init__()
        self.start = start
        self.item_at: list[Position] = []


class YamlProblem(Exception):
    """Something the composer accepts but content must not hold (duplicate key, recursive alias…)."""

    def __init__(self, position: Position, message: str, **args: Any) -> None:
        super().__init__(message)
        self.position, self.message, self.args_ = position, message, args


def compose(text: str) -> Node | None:
    """PyYAML's node graph of one document (raises yaml.YAMLError on a syntax error)."""
    return yaml.compose(text, Loader=_LOADER)


def build(node: Node) -> Any:
    return _Builder().build(node)


def _at(node: Node) -> Position:
    return node.start_mark.line, node.start_mark.column


def scalar(node: ScalarNode) -> Any:
    """YAML 1.2 core schema for plain scalars; quoted and block scalars are always text."""
    value = node.value
    if node.style:  # '' (C composer) or None (Python composer) means plain
        return value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.match(value):
        return float(value.replace(".", "", 1) if value.lower().lstrip("+-") in (".inf", ".nan") else value)
    return value


class _Builder:
    def __init__(self) -> None:
        self.done: dict[int, Any] = {}  # an alias yields the very same value: no exponential blow-up
        self.open: set[int] = set()

    def build(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            return scalar(node)
        if id(node) in self.done:
            return self.done[id(node)]
        if id(node) in self.open:
            raise YamlProblem(_at(node), N_("an alias refers to the item that contains it"))
        self.open.add(id(node))
        value = self._mapping(node) if isinstance(node, MappingNode) else self._sequence(node)
        self.open.discard(id(node))
        self.done[id(node)] = value
        return value

    def _sequence(self, node: SequenceNode) -> YamlList:
        items = YamlList(_at(node))
        for child in node.value:
            items.append(self.build(child))
            items.item_at.append(_at(child))
        return items

    def _mapping(self, node: MappingNode) -> YamlMap:
        mapping = YamlMap(_at(node))
        merged: list[YamlMap] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:  # `<<: *defaults`: explicit keys win over merged ones
                value = self.build(value_node)
                merged += [m for m in (value if isinstance(value, list) else [value]) if isinstance(m, YamlMap)]
                continue
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(_at(key_node), N_("a key must be plain text, not a list or a mapping"))
            key = scalar(key_node)
            if key in mapping:
                raise YamlProblem(_at(key_node), N_("duplicate key '{key}' (first at line {line})"),
                                  key=key, line=mapping.key_at[key][0] + 1)
            mapping[key] = self.build(value_node)
            mapping.key_at[key], mapping.value_at[key] = _at(key_node), _at(value_node)
        for source in merged:
            for key, value in source.items():
                if key not in mapping:
                    mapping[key] = value
                    mapping.key_at[key], mapping.value_at[key] = source.key_at[key], source.value_at[key]
        return mapping
