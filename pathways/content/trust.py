"""Checks that keep shipped statements trustworthy (issue 11), run by `check` for every community:

- eligibility said in words: who may use a program or service is decided once, by the evaluation, and
  shown beside the linked program/service; a step or status text that restates it ("free for…",
  "vous avez droit…") can only drift away from the rule, so it is a warning;
- key contacts: the community's settlement organisation and emergency department (`key_contact`)
  must give a phone or an address, or a reader in trouble has nowhere to go;
- lifecycle: a service or organisation whose `closes_on` falls before its next review is announced
  so someone confirms the closure (or removes the date) in time;
- essentials: every guide, in every province and territory, covers the national `essentials` (health
  insurance, school, driver's licence, legal aid, family violence…) for each status family; a lack is
  reported at the scaffold's placeholder comment (`# essential: <id>`) if there is one, else at the
  community's `province`.

All four are warnings: `check` passes, `check --strict` (and `build --strict`) fails.
"""

from __future__ import annotations

import datetime as dt
import re

from pathways.content.guide import Guide
from pathways.i18n import N_
from pathways.content.load import Content, display_path
from pathways.errors import Problem, Where, problem
from pathways.content.resolve import Resolved

# Phrases that state eligibility (who may use something) rather than what to do. Lower-case; matched
# on word boundaries. "avoir le droit de…" (a legal right, e.g. to open a bank account) is not here.
ELIGIBILITY_PHRASES = {
    "fr": (r"gratuite?s? pour", r"vous avez droit", r"(?:n'(?:y )?)?(?:ont|avez|a)(?: pas)? droit (?:à|au|aux)",
           r"y (?:ont|avez|a) droit", r"n'y (?:ont|avez|a) pas droit", r"admissibles?", r"réservée?s? aux",
           r"résidents permanents et réfugiés\s*:"),
    "en": (r"free for", r"you are eligible", r"(?:not )?eligible", r"you qualify", r"are entitled",
           r"(?:is|are) for (?:permanent residents|refugees)", r"permanent residents and refugees\s*:"),
}
# Word boundaries on both sides, except after a phrase that ends with ":" (no word character there).
_PATTERNS = {lang: re.compile(r"\b(" + "|".join(words) + r")(?:\b|(?<=:))", re.IGNORECASE)
             for lang, words in ELIGIBILITY_PHRASES.items()}
IN_WORDS = N_("this text says who may use something ('{words}'): say what to do and link the program or "
              "service (programs:/services:); the guide shows each status its verdict")
STATUS_TEXTS = ("description", "changes")
STEP_TEXTS = ("title", "body")
NATIONAL_LAYER = "ca"
PLACEHOLDER_COMMENT = re.compile(r"#\s*essential:\s*([a-z0-9-]+)")
KEY_CONTACT_ROLES = {"settlement": N_("settlement organization"), "emergency-department": N_("emergency department")}


def eligibility_in_words(resolved: Resolved, guide: Guide) -> list[Problem]:
    """Step and status texts that say who is eligible instead of linking the program or service."""
    found = []
    for kind, fields, records in (("steps", STEP_TEXTS, guide.steps), ("statuses", STATUS_TEXTS, guide.statuses)):
        for record_id, record in records.items():
            for field in fields:
                text = getattr(record, field)
                for lang, pattern in _PATTERNS.items():
                    match = pattern.search(text.root.get(lang, "")) if text is not None else None
                    if match:
                        found.append(problem(resolved.records[kind][record_id].where((field, lang)), IN_WORDS,
                                             warning=True, words=match.group(1)))
    return found


def eligibility_in_prose(resolved: Resolved) -> list[Problem]:
    """The same in the prose pages this guide shows (a status page's local text is a status text too),
    at the line and column where the phrase stands in the file as it was read."""
    found = []
    for by_lang in resolved.prose.values():
        for lang, item in by_lang.items():
            pattern = _PATTERNS.get(lang)
            for number, line in enumerate(item.text.splitlines(), start=1) if pattern else ():
                match = pattern.search(line)
                if match:
                    found.append(problem(Where(item.path, number, match.start() + 1), IN_WORDS, warning=True,
                                         words=match.group(1)))
    return found


def unreachable_key_contacts(resolved: Resolved, guide: Guide) -> list[Problem]:
    """A settlement organisation or emergency department with no phone and no address anywhere."""
    found = []
    for kind, records in (("organizations", guide.organizations), ("services", guide.services)):
        for record_id, record in records.items():
            if record.key_contact is None or _reachable(guide, kind, record):
                continue
            found.append(problem(resolved.records[kind][record_id].where(("key_contact",)),
                                 N_("this {t_role} has no phone and no address: readers can only be sent to 211; "
                                    "add a phone or a location with an address, from the organization's own "
                                    "page or an official directory"),
                                 warning=True, t_role=KEY_CONTACT_ROLES[record.key_contact]))
    return found


def closing_before_review(resolved: Resolved, guide: Guide, as_of: dt.date) -> list[Problem]:
    """A closing date still ahead of `as_of` that comes before the record's next review."""
    found = []
    for kind in ("organizations", "services"):
        for record_id, record in getattr(guide, kind).items():
            closes, review = record.closes_on, _next_review(guide, kind, record)
            if closes is not None and as_of < closes and (review is None or closes <= review):
                found.append(problem(resolved.records[kind][record_id].where(("closes_on",)),
                                     N_("closes on {date}, before its next review: confirm the closing date with "
                                        "the organization (the guide stops listing it that day)"),
                                     warning=True, date=closes))
    return found


def _reachable(guide: Guide, kind: str, record) -> bool:
    if kind == "services":
        organization = guide.organizations.get(record.organization)
        return bool(record.phones or _has_address(guide, record.locations)
                    or (organization is not None and organization.phones))
    locations = [loc_id for loc_id, loc in guide.locations.items() if loc.organization == record.id]
    services = [s for s in guide.services.values() if s.organization == record.id]
    return bool(record.phones or _has_address(guide, locations) or any(s.phones for s in services))


def _has_address(guide: Guide, location_ids) -> bool:
    return any(guide.locations[i].address is not None for i in location_ids if i in guide.locations)


def _next_review(guide: Guide, kind: str, record) -> dt.date | None:
    if record.review_by is not None:
        return record.review_by
    period = guide.review_period(kind, record.id)
    return record.verified_on + dt.timedelta(days=period) if period else None


def missing_essentials(content: Content, resolved: Resolved, guide: Guide) -> list[Problem]:
    """Each national essential that no step of this guide covers for some status of its families."""
    national = guide.indexes.get(NATIONAL_LAYER)
    if national is None or not national.essentials:
        return []
    province = guide.community.province.upper()
    steps = [s for s in guide.steps.values() if not s.provinces or province in [p.upper() for p in s.provinces]]
    placeholders = _placeholder_lines(content, resolved.layers)
    found = []
    for essential in national.essentials:
        lacking = [status.id for status in guide.leaf_statuses() if status.family in essential.families
                   and not any(essential.id in step.covers and guide.covers(step.applies_to, status.id)
                               and not guide.covers(step.except_, status.id) for step in steps)]
        if lacking:
            where = placeholders.get(essential.id) or resolved.singles["community"].where(("province",))
            found.append(problem(where, N_("this guide has no step on the essential '{id}' for: {statuses}; every "
                                           "guide must cover it: add a step with 'covers: [{id}]'"),
                                 warning=True, id=essential.id, statuses=", ".join(lacking)))
    return found


def _placeholder_lines(content: Content, layers: list[str]) -> dict[str, Where]:
    """`# essential: <id>` comments left by the scaffold in the steps files of these layers."""
    found: dict[str, Where] = {}
    for layer_id in layers:
        layer = content.layers.get(layer_id)
        path = layer.path / "steps.yaml" if layer is not None else None
        if path is None or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = PLACEHOLDER_COMMENT.search(line)
            if match:
                found.setdefault(match.group(1), Where(display_path(path), number, match.start() + 1))
    return found
