"""The open data every build publishes beside the site (issue 24), under the content's licence (CC BY 4.0):

- `site/<id>/data/hsds/`: the guide as an Open Referral HSDS 3.0 data package (`hsds.py`), verdicts as of the
  build's date;
- `site/<id>/data/eligibility.json`: every (status, service) verdict in plain JSON, with the rules that decided
  it, the day each came into force, its note and its sources with the day each was verified.

The about page links both (`urls.OPEN_DATA`). Both are functions of the checked guide and the date: the build
stays byte-for-byte reproducible.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pathways.content.guide import Guide
from pathways.content.hsds_tables import LICENSE, PROFILE_LANGUAGES
from pathways.content.models import Text
from pathways.rules.evaluate import Evaluation, Ruling
from pathways.output.hsds import write_package
from pathways.urls import OPEN_DATA_FOLDER, OPEN_DATA_HSDS, OPEN_DATA_VERDICTS


def write_open_data(stage: Path, guide: Guide, evaluation: Evaluation) -> None:
    write_package(guide, evaluation, stage / OPEN_DATA_FOLDER / OPEN_DATA_HSDS)
    text = json.dumps(verdicts(guide, evaluation), ensure_ascii=False, indent=1) + "\n"
    (stage / OPEN_DATA_FOLDER / OPEN_DATA_VERDICTS).write_text(text, encoding="utf-8")


def _text(text: Text | None) -> dict[str, str] | None:
    return None if text is None else {lang: text[lang] for lang in PROFILE_LANGUAGES}


def _ruling(ruling: Ruling) -> dict[str, Any]:
    entry = ruling.entry
    return {
        "rule": {"kind": ruling.rule_kind, "id": ruling.rule_id},
        "in_force_from": ruling.start.isoformat(),
        "applies_as": ruling.matched,
        "note": _text(ruling.note),
        "verified_on": ruling.verified_on.isoformat(),
        "review_by": entry.review_by.isoformat() if entry.review_by else None,
        "expected": entry.expected,
        "sources": [{"title": {lang: ref.title_in(lang) for lang in PROFILE_LANGUAGES},
                     "url": {lang: ref.url_in(lang) for lang in PROFILE_LANGUAGES},
                     "kind": ref.kind.value,
                     "verified_on": (getattr(ref, "verified_on", None) or entry.verified_on).isoformat()}
                    for ref in entry.references],
    }


def verdicts(guide: Guide, evaluation: Evaluation) -> dict[str, Any]:
    """Every (status, service) verdict on the evaluation's date; `unknown` when no rule covers the status."""
    community = guide.community
    return {
        "title": f"{community.name['fr']} / {community.name['en']}: who may use each service",
        "license": LICENSE,
        "community": community.id,
        "as_of": evaluation.as_of.isoformat(),
        "values": {"eligible": "may use it", "not_eligible": "may not use it",
                   "conditional": "may use it under the condition in the note",
                   "unknown": "no rule says: ask the organization"},
        "statuses": {s.id: {"name": _text(s.name), "parent": s.parent} for s in guide.sorted_statuses()},
        "services": {s.id: {"name": _text(s.name), "organization": s.organization, "programs": s.programs}
                     for s in sorted(guide.services.values(), key=lambda s: s.id)},
        "verdicts": [{"status": status.id, "service": service_id, "value": decision.value,
                      "verified_on": decision.verified_on.isoformat() if decision.verified_on else None,
                      "decided_by": [_ruling(r) for r in decision.rulings]}
                     for service_id in sorted(guide.services) for status in guide.sorted_statuses()
                     for decision in [evaluation.of(status.id, service_id)]],
    }
