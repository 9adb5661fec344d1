"""Validate stage: merged raw records → strict Pydantic models → one `Guide`, or problems.

Every Pydantic error is mapped back to the file, line and column of the value it is about, and
rewritten in plain words (French and English through the message catalog). Cross-references between
records (unknown ids, cycles) are checked here too, so a partner sees every problem in one run.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, Iterable

from pydantic import BaseModel, RootModel, Tag, ValidationError

from pathways.content import addresses
from pathways.content.guide import Guide, ProsePage
from pathways.i18n import LANGUAGES, N_
from pathways.content.load import Content
from pathways.content.models import KINDS, Community, LayerIndex, ProseFrontMatter, Text
from pathways.errors import Problem, Where, closest, problem
from pathways.content.resolve import Merged, Resolved, community_id
from pathways.content.sources import citation_problems, without_tags

MESSAGES = {
    "missing": N_("required field '{field}' is missing"),
    "date_format": N_("'{value}' is not a date written YYYY-MM-DD (for example 2026-04-01)"),
    "date_impossible": N_("'{value}' is not a real date"),
    **addresses.MESSAGES,
    "url_scheme": N_("'{value}' is not a web address starting with http:// or https://"),
    "url_credentials": N_("'{value}' contains a user name or password (before '@'); publish the address "
                          "without them"),
    "url_port": N_("'{value}' has a port that is not a number from 1 to 65535 (after ':')"),
    "url_space": N_("'{value}' contains a space or a line break; a web address has none (write %20 for a space)"),
    "url_character": N_("'{value}' contains {char}, which a web address may not contain as is; copy the address "
                        "from the browser's address bar"),
    "url_too_long": N_("this web address is longer than {limit} characters"),
    "string_too_long": N_("this text is longer than {max_length} characters; shorten it"),
    "no_reference": N_("this eligibility entry has no reference: add at least one source under 'references'"),
    "review_before_verified": N_("review_by ({review_by}) is before verified_on ({verified_on})"),
    "dates_out_of_order": N_("eligibility dates are out of order: {date} comes after {previous}; "
                             "list start dates from oldest to newest"),
    "no_rule_entry": N_("this eligibility has no rule: add at least one dated entry"),
    "step_without_status": N_("this step applies to no status: list at least one status id in 'applies_to'"),
    "conditional_without_note": N_("a conditional rule needs a 'note' that says the condition, in fr and en"),
    "language_code": N_("'{value}' is not a language code (fr, en, es…)"),
    "enum": N_("'{value}' is not allowed here; use one of: {expected}"),
    "literal_error": N_("'{value}' is not allowed here; use one of: {expected}"),
    "string_type": N_("expected text here"),
    "string_pattern_mismatch": N_("'{value}' is not a valid id: use lowercase letters, digits and hyphens"),
    "int_type": N_("expected a whole number here"),
    "int_parsing": N_("expected a whole number here"),
    "bool_type": N_("expected true or false here"),
    "bool_parsing": N_("expected true or false here"),
    "list_type": N_("expected a list here (lines starting with '- ')"),
    "dict_type": N_("expected 'key: value' lines here"),
    "model_type": N_("expected 'key: value' lines here"),
    "model_attributes_type": N_("expected 'key: value' lines here"),
    "too_short": N_("this list must not be empty"),
    "union_tag_invalid": N_("a phone call ('kind: call') can only confirm the contacts of an organization, a "
                            "location or a service: cite a source here"),
    "greater_than_equal": N_("must be at least {ge}"),
    "reference_language_missing": N_("'languages' must include French and English (fr, en), the reference texts; "
                                     "missing: {languages}"),
    "language_twice": N_("a language is listed twice in 'languages'"),
    "language_unknown": N_("'languages' names {languages}, which is not a language code known to CLDR (the "
                           "language data of Babel): use a code such as es, ar, pa, fa, tl or ti"),
    "translation_unused": N_("'translations' describes {languages}, which is not in 'languages'"),
    "abbreviation": N_("'{value}' is not an abbreviation: write it in capital letters (and digits), without "
                       "spaces or dots, as the texts write it"),
    "translation_unreviewed": N_("a translation by a person needs 'reviewed_on': the date a person last "
                                 "reviewed it (YYYY-MM-DD)"),
}
POINT_AT = {
    "dates_out_of_order": lambda ctx: ("values", ctx["date"]),
    "review_before_verified": lambda ctx: ("review_by",),
    "reference_language_missing": lambda ctx: ("languages",),
    "language_twice": lambda ctx: ("languages",),
    "language_unknown": lambda ctx: ("languages",),
    "translation_unused": lambda ctx: ("translations",),
}
TEXT_EXPECTED = N_("expected text in French and English here: 'fr: …' and 'en: …' on their own lines")
FALLBACK = N_("invalid value: {detail}")

KIND_LABELS = {
    "statuses": N_("status"), "programs": N_("program"), "organizations": N_("organization"),
    "locations": N_("location"), "services": N_("service"), "steps": N_("step"), "topics": N_("topic"),
    "sources": N_("source"), "glossary": N_("glossary term"),
}
LANGUAGE_NAMES = {"fr": N_("French"), "en": N_("English"), "es": N_("Spanish"), "ar": N_("Arabic"),
                  "uk": N_("Ukrainian")}


def validate_guide(resolved: Resolved, cache: dict | None = None) -> tuple[Guide | None, list[Problem]]:
    """`cache` may be shared across communities: records inherited unchanged are validated once."""
    problems: list[Problem] = []
    models: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    cache = {} if cache is None else cache
    context: dict[str, Any] = {"sources": models["sources"]}  # citations attach their source (filled first)
    for kind in ("sources", *(k for k in resolved.records if k != "sources")):
        for record_id, record in resolved.records[kind].items():
            key = (kind, record_id, tuple((name, id(raw)) for name, raw in record.origin.items()))
            if key not in cache:
                found: list[Problem] = []
                cache[key] = (_validated(KINDS[kind], dict(record.fields), record.where, found, context), found)
            model, found = cache[key]
            problems.extend(found)
            if model is not None:
                models[kind][record_id] = model
    community_raw = resolved.singles["community"]
    community = _validated(Community, dict(community_raw.node), community_raw.where, problems)
    indexes = {lid: _validated(LayerIndex, dict(raw.node), raw.where, problems)
               for lid, raw in resolved.indexes.items()}
    prose = _validated_prose(resolved, problems)
    problems.extend(_cross_references(resolved, models))
    problems.extend(citation_problems(resolved))
    if community is None or any(not p.warning for p in problems):
        return None, problems
    layer_of = {(kind, rid): rec.layer for kind, recs in resolved.records.items() for rid, rec in recs.items()}
    guide = Guide(
        community=community, layers=tuple(resolved.layers),
        prose=prose, layer_of=layer_of, indexes={k: v for k, v in indexes.items() if v is not None},
        **models,
    )
    return guide, problems


def _validated(model: type[BaseModel], data: dict, where, problems: list[Problem], context: dict | None = None) -> Any:
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        for item in error.errors():
            problems.append(_problem(model, item, where))
        return None


def _problem(model: type[BaseModel], error: dict, where) -> Problem:
    tagged = tuple(error["loc"])  # with the names of union branches, to find the keys allowed there
    loc = without_tags(tagged)
    kind = error["type"]
    ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    value = error.get("input")
    if loc and loc[-1] == "[key]":  # a bad dict key (e.g. an impossible start date): point at the key
        return problem(where(loc[:-1], key=True), MESSAGES.get(kind, FALLBACK),
                       **{"value": loc[-2] if len(loc) > 1 else "", "detail": error["msg"], **ctx})
    if kind == "extra_forbidden":
        allowed = sorted(_fields(_type_at(model, tagged[:-1])))
        renamed = getattr(_unwrap(_type_at(model, tagged[:-1])), "renamed", {}).get(str(loc[-1]))  # issue 24: HSDS
        hint = renamed or closest(str(loc[-1]), allowed)
        message = (N_("unknown key '{field}'; did you mean '{hint}'? (its Open Referral HSDS name)") if renamed
                   else N_("unknown key '{field}'; did you mean '{hint}'?") if hint
                   else N_("unknown key '{field}'; allowed keys: {allowed}"))
        return problem(where(loc, key=True), message, field=loc[-1], hint=hint or "", allowed=", ".join(allowed))
    if kind in POINT_AT:  # a whole-rule error: point at the field it is really about
        field_loc = POINT_AT[kind](ctx)
        return problem(where(loc + field_loc, key=True), MESSAGES[kind], **ctx)
    if kind == "text_too_long":  # point at the language's own text
        return problem(where(loc + (ctx["lang"],)), N_("this {t_lang} text is {length} characters long; the limit "
                                                       "here is {limit}: shorten it, or move details to a page"),
                       t_lang=LANGUAGE_NAMES.get(ctx["lang"], ctx["lang"]), length=ctx["length"], limit=ctx["limit"])
    if kind == "text_missing_language":
        missing = ctx["languages"].split(", ")
        if len(missing) == 1:
            return problem(where(loc), N_("missing {t_lang} text: give both 'fr: …' and 'en: …'"),
                           t_lang=LANGUAGE_NAMES.get(missing[0], missing[0]))
        return problem(where(loc), N_("missing French and English text: give both 'fr: …' and 'en: …'"))
    if kind == "missing" and loc and loc[-1] == "references" and "values" in loc:
        return problem(where(loc[:-1]), MESSAGES["no_reference"])
    if kind in ("dict_type", "model_type") and _is_text(_type_at(model, tagged)):
        return problem(where(loc), TEXT_EXPECTED)
    args = {"field": loc[-1] if loc else "", "value": "" if isinstance(value, (dict, list)) else value,
            "detail": error["msg"], **ctx}
    return problem(where(loc), MESSAGES.get(kind, FALLBACK), **args)


def _is_text(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Text)


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(options) != 1:
                return tp
            tp = options[0]
        else:
            return tp


def _type_at(tp: Any, loc: tuple) -> Any:
    """The declared type at a Pydantic error location, to name the keys allowed there."""
    for step in loc:
        tp = _unwrap(tp)
        branch = _tagged_branch(tp, step)
        if branch is not None:  # a union branch Pydantic named in the location (`cited`, `inline`)
            tp = branch
            continue
        if isinstance(tp, type) and issubclass(tp, RootModel):
            tp = _unwrap(tp.model_fields["root"].annotation)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            fields = {f.alias or name: f for name, f in tp.model_fields.items()}
            if step not in fields:
                return None
            tp = fields[step].annotation
        elif origin is list:
            tp = typing.get_args(tp)[0]
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        else:
            return None
    return _unwrap(tp)


def _tagged_branch(tp: Any, step: Any) -> Any:
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    for option in typing.get_args(tp):
        tags = [m.tag for m in getattr(option, "__metadata__", ()) if isinstance(m, Tag)]
        if step in tags:
            return _unwrap(option)
    return None


def _fields(tp: Any) -> Iterable[str]:
    if isinstance(tp, type) and issubclass(tp, BaseModel) and not issubclass(tp, RootModel):
        return [f.alias or name for name, f in tp.model_fields.items()]
    return []


def _validated_prose(resolved: Resolved, problems: list[Problem]) -> dict[str, dict[str, ProsePage]]:
    pages: dict[str, dict[str, ProsePage]] = {}
    for key, by_lang in resolved.prose.items():
        for lang, item in by_lang.items():
            if item.front is None:
                continue
            front = _validated(ProseFrontMatter, dict(item.front.node), item.front.where, problems)
            if front is not None:
                pages.setdefault(key, {})[lang] = ProsePage(key, lang, front.title, front.summary, front.order,
                                                            item.body, item.path)
    return pages


def prose_twins(content: Content) -> list[Problem]:
    """Every prose file must exist in both languages, at the same path below content/<lang>/."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for item in content.prose:
        found.setdefault((item.layer, item.key), {})[item.lang] = item.path
    problems = []
    for (layer, key), paths in sorted(found.items()):
        for lang in LANGUAGES:
            if lang not in paths:
                some = next(iter(paths.values()))
                twin = f"content/{lang}/{layer}/{key}"
                problems.append(problem(Where(some), N_("this prose file has no {t_lang} twin: create {twin}"),
                                        t_lang=LANGUAGE_NAMES[lang], twin=twin))
    return problems


# ---------------------------------------------------------------- cross-references

REFERENCES: dict[str, list[tuple[str, str]]] = {
    # kind → (field, kind it refers to)
    "statuses": [("parent", "statuses")],
    "locations": [("organization", "organizations")],
    "services": [("organization", "organizations"), ("topics", "topics"), ("programs", "programs"),
                 ("locations", "locations"), ("instead", "services")],
    "steps": [("topic", "topics"), ("applies_to", "statuses"), ("except", "statuses"),
              ("services", "services"), ("programs", "programs")],
}


def _cross_references(resolved: Resolved, models: dict[str, dict[str, Any]]) -> list[Problem]:
    problems = []
    ids = {kind: set(records) for kind, records in resolved.records.items()}
    for kind, fields in REFERENCES.items():
        for record in resolved.records[kind].values():
            for name, target in fields:
                value = record.fields.get(name)
                items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
                for index, ref in items:
                    if isinstance(ref, str) and ref not in ids[target]:
                        loc = (name,) if index is None else (name, index)
                        problems.append(_unknown(record.where(loc), target, ref, ids[target]))
    for kind in ("programs", "services"):
        for record in resolved.records[kind].values():
            problems.extend(_rule_statuses(record, ids["statuses"]))
    for record in resolved.records["programs"].values():  # a program not offered here: what takes its place
        not_offered = record.fields.get("not_offered")
        replaced = not_offered.get("replaced_by") if isinstance(not_offered, dict) else None
        for index, ref in enumerate(replaced if isinstance(replaced, list) else []):
            if isinstance(ref, str) and ref not in ids["programs"]:
                problems.append(_unknown(record.where(("not_offered", "replaced_by", index)), "programs", ref,
                                         ids["programs"]))
    problems.extend(_parent_cycles(resolved.records["statuses"]))
    return problems


def _unknown(where, target: str, ref: str, known: set[str]) -> Problem:
    hint = closest(ref, known)
    message = (N_("unknown {t_kind} id '{id}'; did you mean '{hint}'?") if hint
               else N_("unknown {t_kind} id '{id}'"))
    return problem(where, message, t_kind=KIND_LABELS[target], id=ref, hint=hint or "")


def _rule_statuses(record: Merged, statuses: set[str]) -> list[Problem]:
    eligibility = record.fields.get("eligibility")
    values = eligibility.get("values") if isinstance(eligibility, dict) else None
    if not isinstance(values, dict):
        return []
    found = []
    for start, entry in values.items():
        listed = entry.get("statuses") if isinstance(entry, dict) else None
        for status in listed if isinstance(listed, dict) else {}:
            if status not in statuses:
                loc = ("eligibility", "values", start, "statuses", status)
                found.append(_unknown(record.where(loc, key=True), "statuses", str(status), statuses))
    return found


def _parent_cycles(statuses: dict[str, Merged]) -> list[Problem]:
    found = []
    for start in statuses.values():
        chain = [start.id]
        current = start.fields.get("parent")
        while isinstance(current, str) and current in statuses:
            if current == start.id and start.id == min(chain):  # one report per cycle
                found.append(problem(start.where(("parent",)), N_("status parents form a cycle: {cycle}"),
                                     cycle=" → ".join([*chain, current])))
                break
            if current in chain:
                break  # a cycle further up: reported from one of its own members
            chain.append(current)
            current = statuses[current].fields.get("parent")
    return found


# ---------------------------------------------------------------- across communities, and in time


def community_ids(content: Content) -> list[Problem]:
    """A community's id is its folder's name and is unique: it names the output folder `site/<id>/`, so
    two communities with one id would overwrite each other's site."""
    found = []
    first: dict[str, Any] = {}
    for layer in content.communities():
        raw = content.layers[layer].singles["community"]
        given = raw.node.get("id")
        if not isinstance(given, str) or not given:
            continue  # a missing id is reported by validation
        folder = community_id(layer)
        if given != folder:
            found.append(problem(raw.where(("id",)), N_("community id '{id}' must be the name of its folder, "
                                                        "'{folder}' (the guide is published in site/{folder}/)"),
                                 id=given, folder=folder))
        if given in first:
            found.append(problem(raw.where(("id",)), N_("community id '{id}' is already used by {first}: each "
                                                        "community needs its own id (its site folder)"),
                                 id=given, first=first[given].where(("id",))))
        else:
            first[given] = raw
    return found


def future_verifications(resolved: Resolved, guide: Guide, as_of: dt.date) -> list[Problem]:
    """A verification cannot be in the future: such a date would keep a record from ever coming due for
    review. "Future" is after the later of `as_of` and today, so `--as-of` can still preview a past date
    with content verified since."""
    now = max(as_of, dt.date.today())
    found = []
    for kind in ("organizations", "locations", "services", "steps"):
        for record_id, record in getattr(guide, kind).items():
            if record.verified_on > now:
                found.append(_future(resolved.records[kind][record_id].where(("verified_on",)), record.verified_on))
    rules = [*(("programs", p.id, p.eligibility) for p in guide.programs.values()),
             *(("services", s.id, s.eligibility) for s in guide.services.values() if s.eligibility is not None)]
    for kind, rule_id, eligibility in rules:
        for start, entry in eligibility.values.items():
            if entry is not None and entry.verified_on > now:
                loc = ("eligibility", "values", start.isoformat(), "verified_on")
                found.append(_future(resolved.records[kind][rule_id].where(loc), entry.verified_on))
    return found


def _future(where: Where, day: dt.date) -> Problem:
    return problem(where, N_("verified_on {date} is in the future: a verification cannot be in the future; "
                             "write the date the sources were actually checked"), date=day.isoformat())
