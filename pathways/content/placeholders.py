"""Placeholders a partner still has to fill in: values that contain `TODO` or `À COMPLÉTER`.

`pathways new-community` writes such values so a new community folder is valid at once and builds;
`check` lists each one as a warning at its file:line:col, so `check --strict` (and `build --strict`)
refuse to publish a guide that still has one. Only values are read, never YAML comments, so the
commented examples of a scaffold say nothing until the partner uncomments them.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator


from pathways.i18n import N_
from pathways.content.load import Content, Prose, Raw
from pathways.errors import Problem, Where, problem

# Upper case only: "todo" is ordinary Spanish and "formulaire à compléter" ordinary French.
# Accents, spaces, hyphens and underscores are optional so the marker also fits in a web address.
MARKER = re.compile(r"TODO|[AÀ][ _-]?COMPL[EÉ]TER")
SHOWN_CHARS = 60
MESSAGE = N_("placeholder still to fill in: {value}")


def placeholders(content: Content, layers: Iterable[str]) -> list[Problem]:
    """Every placeholder in the YAML files and prose of these layers, as warnings."""
    layers = set(layers)
    found: list[Problem] = []
    for layer_id in sorted(layers & set(content.layers)):
        layer = content.layers[layer_id]
        raws = [*(raw for records in layer.records.values() for raw in records), *layer.singles.values()]
        for raw in raws:
            found.extend(_in_node(raw, raw.node, ()))
    for item in content.prose:
        if item.layer in layers:
            found.extend(_in_prose(item))
    return found


def has_marker(text: str) -> bool:
    # Every marker holds "TODO" or "COMPL": a substring test first (in C) keeps the regex for the rare text
    # that may hold one (check reads every text of every community).
    return ("TODO" in text or "COMPL" in text) and bool(MARKER.search(text))


def _in_node(raw: Raw, node: Any, loc: tuple) -> list[Problem]:
    if not _any_marker(node):  # nearly always: no location is worked out
        return []
    found = []
    for where, text in _strings(node, loc):
        if has_marker(text):
            found.append(problem(raw.where(where), MESSAGE, warning=True, value=_shown(text)))
    return found


def _any_marker(node: Any) -> bool:
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if has_marker(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _strings(node: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """(location, text) of every string value below `node`, in document order."""
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*loc, index))


def _in_prose(item: Prose) -> list[Problem]:
    """Markers anywhere in a Markdown file, front matter included, at their exact line and column (in the
    text the loader read: the file is never opened twice, so it cannot change in between)."""
    found = []
    for number, line in enumerate(item.text.splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            found.append(problem(Where(item.path, number, match.start() + 1), MESSAGE, warning=True,
                                 value=_shown(line.strip())))
    return found


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= SHOWN_CHARS else f'"{text[:SHOWN_CHARS - 1]}…"'
