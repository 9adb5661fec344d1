"""Resolve stage: merge the layers on a community's path (national ▸ province ▸ community).

Merge rules, per record kind, by id — stated here because partners rely on them:
- a record whose id is new in a lower layer is **added**;
- a record whose id exists above **replaces field by field**: each field it gives replaces the inherited
  field entirely (lists and texts are replaced, never deep-merged); fields it omits are inherited;
- `hidden: true` removes an inherited record (a national step that does not apply locally);
- prose files (`content/<lang>/<layer>/<key>.md`) are replaced whole by the same key in a lower layer.
Each merged field remembers the file it came from, so a problem points at the right line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pathways.i18n import LANGUAGES, N_
from pathways.content.load import Content, Prose, Raw
from pathways.content.kinds import KIND_NAMES
from pathways.errors import Problem, Where, problem


@dataclass
class Merged:
    kind: str
    id: str
    fields: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, Raw] = field(default_factory=dict)
    defined_in: Raw | None = None  # the raw record that introduced the id
    layer: str = ""  # lowest layer that touched the record

    def where(self, loc: tuple[Any, ...] = (), key: bool = False) -> Where:
        raw = self.origin.get(loc[0]) if loc else None
        return (raw or self.defined_in).where(loc, key)


@dataclass
class Resolved:
    community: str
    layers: list[str]
    records: dict[str, dict[str, Merged]]
    prose: dict[str, dict[str, Prose]]  # key → lang → prose
    singles: dict[str, Raw]  # community.yaml of the community
    indexes: dict[str, Raw]  # layer id → index.yaml


def layer_path(community: str, content: Content) -> list[str]:
    parts = community.split("/")
    return [lid for lid in ("/".join(parts[: i + 1]) for i in range(len(parts))) if lid in content.layers]


def community_id(layer: str) -> str:
    """`ca/qc/trois-rivieres` → `trois-rivieres`: the community's id, its folder in `site/`."""
    return layer.rsplit("/", 1)[-1]


def find_community(name: str, content: Content) -> str | None:
    """A community by its layer path (`ca/qc/trois-rivieres`) or its last segment (`trois-rivieres`)."""
    matches = [lid for lid in content.communities() if lid == name or community_id(lid) == name]
    return matches[0] if len(matches) == 1 else None


def resolve_community(content: Content, community: str) -> tuple[Resolved, list[Problem]]:
    problems: list[Problem] = []
    layers = layer_path(community, content)
    records: dict[str, dict[str, Merged]] = {kind: {} for kind in KIND_NAMES}
    for lid in layers:
        for kind, raws in content.layers[lid].records.items():
            problems.extend(_duplicates(raws))
            for raw in raws:
                _merge(records[kind], raw, problems)
    prose: dict[str, dict[str, Prose]] = {}
    singles = {"community": content.layers[community].singles["community"]}
    languages = _languages(singles["community"])
    for item in content.prose:
        if item.layer in layers and item.lang in languages:
            current = prose.setdefault(item.key, {}).get(item.lang)
            if current is None or layers.index(item.layer) >= layers.index(current.layer):
                prose[item.key][item.lang] = item
    indexes = {lid: content.layers[lid].singles["index"] for lid in layers if "index" in content.layers[lid].singles}
    return Resolved(community, layers, records, prose, singles, indexes), problems


def _languages(community: Raw) -> set[str]:
    """The reference languages, and the languages community.yaml lists (prose twins in others are not used)."""
    listed = community.node.get("languages")
    added = [lang for lang in listed if isinstance(lang, str)] if isinstance(listed, list) else []
    return {*LANGUAGES, *added}


def _duplicates(raws: list[Raw]) -> list[Problem]:
    seen: dict[str, Raw] = {}
    found = []
    for raw in raws:
        if raw.id in seen:
            found.append(problem(raw.where(("id",)), N_("duplicate id '{id}' in this layer (first at {first})"),
                                 id=raw.id, first=seen[raw.id].where(("id",))))
        else:
            seen[raw.id] = raw
    return found


def _merge(into: dict[str, Merged], raw: Raw, problems: list[Problem]) -> None:
    hidden = raw.node.get("hidden", False)
    if hidden is True:
        if into.pop(raw.id, None) is None:
            problems.append(problem(raw.where(("hidden",)),
                                    N_("nothing to hide: no inherited record has the id '{id}'"), id=raw.id))
        return
    merged = into.get(raw.id)
    if merged is None:
        merged = into[raw.id] = Merged(raw.kind, raw.id, defined_in=raw)
    for key, value in raw.node.items():
        if key == "hidden":
            if value is not False:
                problems.append(problem(raw.where(("hidden",)), N_("'hidden' takes true or false")))
            continue
        merged.fields[key] = value
        merged.origin[key] = raw
    merged.layer = raw.layer
