"""YAML text → plain dicts, lists and scalars that remember where each key and value starts.

The parsing is PyYAML's (its C composer when available); we only turn its node graph into values, with
YAML 1.2 scalar rules so `no` stays text and dates stay text until the models parse them strictly.

Content is untrusted text, so before the composer sees it: nesting deeper than any real content is
refused by a cheap scan of the text (PyYAML's C parser recurses on the C stack and a 30,000-deep `[[[…`
crashes the process), and anchors, aliases and merge keys are refused from the event stream, before
anything is expanded (an alias bomb never grows; layers are the one way to share values).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pathways.content.addresses import text_link_problems
from pathways.content.bounds import markdown_trap
from pathways.i18n import N_

MAX_DEPTH = 40  # real content nests about 8 levels (eligibility → values → date → statuses → id → note → fr)
MAX_REPORTED = 20  # problems of one kind per file: enough to fix, bounded for hostile files
_FLOW_BRACKET = re.compile(r"[\[\]{}]")
_FLOW_OPENER = re.compile(r"[\[{]")  # `name: [x |` opens a flow collection: its `|` is text, not a block scalar
_BLOCK_INDICATORS = re.compile(r"(?:[-?:](?: +|$))+")
_BLOCK_SCALAR = re.compile(r"(?:^|[ \t])[|>][-+0-9]*[ \t]*$")  # `body: |`: Markdown follows, not YAML
ANCHOR = N_("YAML anchor '&{name}' is not allowed in content: write the values out, or put what is shared in "
            "a higher layer (a lower layer overrides a record by its id)")
UNDEFINED_ALIAS = N_("YAML syntax error: '*' refers to an anchor that does not exist; put text that starts with "
                     "'*' in quotes")
MERGE = N_("YAML merge key '<<' is not allowed in content: write the fields out, or put what is shared in a "
           "higher layer (a lower layer overrides a record by its id)")
TOO_DEEP = N_("nested more than {limit} levels deep (brackets '[', '{{' or indentation): content never needs "
              "this; check for brackets that are never closed")
COMMA = N_("'{key}' has no ':' — a comma inside '{{…}}' separates entries; put text that contains a comma in "
           "quotes: {{fr: \"Accueil, information\", en: \"Welcome, information\"}}")

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
    """Something the composer accepts but content must not hold (duplicate key, anchor, deep nesting…)."""

    def __init__(self, position: Position, message: str, **args: Any) -> None:
        super().__init__(message)
        self.position, self.message, self.args_ = position, message, args


class YamlProblems(Exception):
    """Several such problems in one file, all reported at once."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def compose(text: str) -> Node | None:
    """PyYAML's node graph of one document (raises yaml.YAMLError on a syntax error, YamlProblem(s) on
    nesting, anchors or aliases — checked in that order, each before anything deeper or larger is built)."""
    refuse_deep_nesting(text)
    refuse_anchors(text)
    return yaml.compose(text, Loader=_LOADER)


def build(node: Node, text: str = "") -> Any:
    """Values with positions; `text` (the document) lets a comma slip inside `{…}` be named."""
    builder = _Builder(text)
    value = builder.build(node)
    if builder.problems:
        raise YamlProblems(builder.problems)
    return value


def refuse_deep_nesting(text: str) -> None:
    """Raise YamlProblem where the text nests deeper than MAX_DEPTH, counting open flow brackets plus block
    levels (indentation columns still open, and `- ` / `? ` indicators that open a level on one line).

    A lexical over-estimate (brackets inside quotes count too): cheap, linear, and no real content comes
    near the limit. The lines of a block scalar (`body: |`) are text, not YAML: skipped, so a Markdown
    body is judged by the Markdown bounds with their own message."""
    indents: list[int] = []
    flow = 0
    block_scalar_of: int | None = None  # indentation of the key whose `|` text we are in
    for number, line in enumerate(text.splitlines()):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_scalar_of is not None and (not stripped.strip() or indent > block_scalar_of):
            continue
        block_scalar_of = None
        if not stripped or stripped.startswith("#"):
            continue
        if flow == 0 and _BLOCK_SCALAR.search(line.split(" #", 1)[0]) and not _FLOW_OPENER.search(line):
            block_scalar_of = indent
        if flow == 0:
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        indicators = _BLOCK_INDICATORS.match(stripped)
        same_line = indicators.group().count("-") + indicators.group().count("?") if indicators else 0
        if len(indents) + same_line > MAX_DEPTH:
            raise YamlProblem((number, indent), TOO_DEEP, limit=MAX_DEPTH)
        for bracket in _FLOW_BRACKET.finditer(line):
            flow = flow + 1 if bracket.group() in "[{" else max(0, flow - 1)
            if len(indents) + same_line + flow > MAX_DEPTH:
                raise YamlProblem((number, bracket.start()), TOO_DEEP, limit=MAX_DEPTH)


def refuse_anchors(text: str) -> None:
    """Raise YamlProblems at every anchor (and every alias to an anchor never defined), from PyYAML's
    event stream: no node is composed and no alias is followed, so a "billion laughs" costs one pass."""
    if "&" not in text and "*" not in text:  # no anchor or alias can exist: skip the second parse
        return
    found: list[YamlProblem] = []
    anchors: set[str] = set()
    for event in yaml.parse(text, Loader=_LOADER):
        anchor = getattr(event, "anchor", None)
        if anchor is None or len(found) >= MAX_REPORTED:
            continue
        if isinstance(event, yaml.AliasEvent):
            if anchor not in anchors:  # an alias of a refused anchor says nothing new; this one is text
                found.append(YamlProblem(_at(event), UNDEFINED_ALIAS))
        else:
            anchors.add(anchor)
            found.append(YamlProblem(_at(event), ANCHOR, name=anchor))
    if found:
        raise YamlProblems(found)


def _at(node: Any) -> Position:
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
    def __init__(self, text: str = "") -> None:
        self.text = text
        self.problems: list[YamlProblem] = []
        # Defence in depth: compose() refuses aliases before any node is built; were a shared node ever to
        # reach here, it would be built once and a cycle refused, never walked again.
        self.done: dict[int, Any] = {}
        self.open: set[int] = set()

    def build(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            value = scalar(node)
            trap = markdown_trap(value) if isinstance(value, str) else None
            if trap is not None and len(self.problems) < MAX_REPORTED:
                self.problems.append(YamlProblem(_at(node), trap.message, **trap.args))
            elif isinstance(value, str):  # `tel:`, `mailto:` and http(s) links in a text, checked like fields
                for _, message, args in text_link_problems(value)[:MAX_REPORTED - len(self.problems)]:
                    self.problems.append(YamlProblem(_at(node), message, **args))
            return value
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
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:  # `<<: {…}` without an alias: still a second inheritance mechanism
                raise YamlProblem(_at(key_node), MERGE)
            if node.flow_style and self._without_colon(key_node, value_node):
                self.problems.append(YamlProblem(_at(key_node), COMMA, key=_shown(key_node.value)))
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(_at(key_node), N_("a key must be plain text, not a list or a mapping"))
            key = scalar(key_node)
            if key in mapping:
                raise YamlProblem(_at(key_node), N_("duplicate key '{key}' (first at line {line})"),
                                  key=key, line=mapping.key_at[key][0] + 1)
            mapping[key] = self.build(value_node)
            mapping.key_at[key], mapping.value_at[key] = _at(key_node), _at(value_node)
        return mapping

    def _without_colon(self, key_node: Node, value_node: Node) -> bool:
        """In `{fr: Accueil, information, en: …}` the text after the comma becomes a key with no value and
        no ':' — almost always a comma meant as part of the text."""
        if not isinstance(key_node, ScalarNode) or not isinstance(value_node, ScalarNode) or value_node.value:
            return False
        rest = self.text[key_node.end_mark.index:key_node.end_mark.index + 200].lstrip(" \t\r\n")
        return not rest.startswith(":")


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
