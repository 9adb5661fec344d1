"""JSON Schema for every content file kind, generated from the models (their descriptions included)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from pathways.content.models import KINDS, SINGLE_FILES

MERGE_KEYS = {"hidden": {"type": "boolean", "description": "true removes a record inherited from a higher layer."}}


def schemas() -> dict[str, dict[str, Any]]:
    """`statuses` → schema of statuses.yaml (a list of Status), `community` → community.yaml, …"""
    found: dict[str, dict[str, Any]] = {}
    for name, model in KINDS.items():
        document = TypeAdapter(list[model]).json_schema(by_alias=True)
        # A lower layer may list only the fields it overrides, or hide a record: keep editors quiet about it.
        item = document["$defs"][model.__name__]
        item["properties"].update(MERGE_KEYS)
        found[name] = _titled(document, f"pathways {name}.yaml")
    for name, model in SINGLE_FILES.items():
        found[name] = _titled(model.model_json_schema(by_alias=True), f"pathways {name}.yaml")
    return found


def _titled(document: dict[str, Any], title: str) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **document}
