"""Small edits of a content YAML file in place: the file's own text, its comments, quotes, order and
indentation stay as the partner wrote them; only the changed values and the added lines differ.

Edits are computed from PyYAML's node graph (every node knows where it starts and ends in the text), collected
for one file, then applied from the end of the text to its start so no edit moves another. Used by
`pathways review import`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$")  # safe unquoted (no ':', '#', leading symbol)
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    text: str


def compose(text: str) -> Node | None:
    return yaml.compose(text, Loader=yaml.SafeLoader)


def scalar_text(value: str) -> str:
    """A value as YAML text: plain when it cannot be misread, else a double-quoted (JSON) string."""
    if _DATE_LIKE.match(value) or (_PLAIN.match(value) and value.lower() not in ("yes", "no", "null", "true", "false",
                                                                               "on", "off", "y", "n", "~")
                                   and not re.match(r"^[0-9.+-]+$", value)):
        return value
    return json.dumps(value, ensure_ascii=False)


def child(mapping: Node | None, key: str) -> Node | None:
    if not isinstance(mapping, MappingNode):
        return None
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return value_node
    return None


def record(root: Node | None, record_id: str) -> MappingNode | None:
    """The record `- id: <record_id>` of a file's top-level list."""
    for item in root.value if isinstance(root, SequenceNode) else ():
        found = child(item, "id")
        if isinstance(found, ScalarNode) and found.value == record_id:
            return item
    return None


def at(node: Node | None, *loc: Any) -> Node | None:
    """The node at a location (keys and list indexes) below `node`."""
    for step in loc:
        if isinstance(step, int):
            node = node.value[step] if isinstance(node, SequenceNode) and 0 <= step < len(node.value) else None
        else:
            node = child(node, str(step))
        if node is None:
            return None
    return node


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def set_key(text: str, mapping: MappingNode, key: str, value: str) -> Edit:
    """Replace the scalar value of `key`, or add `key: value` to the mapping (after its `verified_on` line, else
    after its last one-line value, at the mapping's indentation; inside `{…}` before the closing brace)."""
    existing = child(mapping, key)
    if isinstance(existing, ScalarNode):
        return Edit(existing.start_mark.index, existing.end_mark.index, value)
    if existing is not None:  # a list or mapping: replaced whole by the (flow) value
        end = existing.end_mark.index
        if not existing.flow_style:  # a block ends where the next token starts: keep the line break before it
            while end > existing.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return Edit(existing.start_mark.index, end, value)
    if mapping.flow_style:
        close = mapping.end_mark.index - 1
        while close > 0 and text[close] != "}":
            close -= 1
        before = text[mapping.start_mark.index + 1:close].strip()
        return Edit(close, close, (", " if before else "") + f"{key}: {value}")
    candidates = []
    for key_node, value_node in mapping.value:
        one_line = value_node.start_mark.line == value_node.end_mark.line and (
            (isinstance(value_node, ScalarNode) and value_node.style not in ("|", ">"))
            or (isinstance(value_node, (MappingNode, SequenceNode)) and value_node.flow_style))
        if one_line:
            candidates.append((key_node.value, value_node))
    anchor = next((c for c in candidates if c[0] == "verified_on"), candidates[-1] if candidates else None)
    indent = " " * mapping.start_mark.column
    if anchor is None:  # every value spans lines: the new key goes first
        first = mapping.value[0][0].start_mark.index
        return Edit(first, first, f"{key}: {value}\n{indent}")
    end = _line_end(text, anchor[1].end_mark.index)
    return Edit(end, end, f"\n{indent}{key}: {value}")


def remove_key(text: str, mapping: MappingNode, key: str) -> Edit | None:
    """Remove `key: value` (a one-line value): its whole line in a block, `, key: value` inside `{…}`."""
    for index, (key_node, value_node) in enumerate(mapping.value):
        if not (isinstance(key_node, ScalarNode) and key_node.value == key):
            continue
        if mapping.flow_style:
            if index > 0:
                previous = mapping.value[index - 1][1]
                return Edit(previous.end_mark.index, value_node.end_mark.index, "")
            following = mapping.value[1][0] if len(mapping.value) > 1 else None
            return Edit(key_node.start_mark.index,
                        following.start_mark.index if following else value_node.end_mark.index, "")
        if key_node.start_mark.line != value_node.end_mark.line:
            return None
        start = _line_start(text, key_node.start_mark.index)
        if text[start:key_node.start_mark.index].strip():  # `- review_by: …` opens a list item: keep the dash
            return Edit(key_node.start_mark.index, _line_end(text, value_node.end_mark.index), "")
        return Edit(start, min(len(text), _line_end(text, value_node.end_mark.index) + 1), "")
    return None


def prepend_item(text: str, sequence: SequenceNode, item: str) -> Edit:
    """Add `item` (flow YAML text) first in a list: `- item` on its own line, or `[item, …]`."""
    if sequence.flow_style:
        open_at = sequence.start_mark.index + 1
        empty = not sequence.value
        return Edit(open_at, open_at, item + ("" if empty else ", "))
    dash = sequence.start_mark.index
    while dash < len(text) and text[dash] != "-":
        dash += 1
    indent = " " * (dash - _line_start(text, dash))
    return Edit(dash, dash, f"- {item}\n{indent}")


def apply(text: str, edits: list[Edit]) -> str:
    """Every edit, from the end of the text backwards (two edits never overlap: the caller refuses that)."""
    # At one position, the edit made first must end up first: the later ones are applied before it.
    for _, edit in sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[1].end, pair[0]), reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def flow(fields: dict[str, str]) -> str:
    """`{key: value, …}` with each value already YAML text."""
    return "{" + ", ".join(f"{key}: {value}" for key, value in fields.items()) + "}"
