"""`pathways import hsds DIR --community PROVINCE/ID`: an HSDS 3.0 data package (a directory extract, or a
package `pathways export hsds` wrote) into a community's `organizations.yaml`, `locations.yaml` and
`services.yaml` (`content/hsds_import.py` reads and maps it).

- A new community (`--name-fr`, `--name-en`) is scaffolded first, as `new-community` does.
- Records the national or provincial layers already define are left to them (a package of a whole guide
  holds 211 and 911 too).
- Re-importing updates what the package says (names, descriptions, phones, addresses, hours…) and never what
  only the partner writes: eligibility, references, verified_on, review_by, key_contact, opening and closing
  dates; topics and programs too unless the package carries ours. A value the package lacks is kept, and so
  is a translation the partner wrote where the package has only the other language. A record the import does
  not change keeps its text exactly, comments included; a changed record is written again (comments between
  records are kept, comments inside it are not).
- New records cite the source `hsds-import` (added to the community's `sources.yaml` with placeholders to
  fill in) and have no eligibility: `check` lists their verdicts as unknown, `check --strict` every placeholder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import yaml

from pathways.commands.common import print_problems
from pathways.commands.scaffold import parse_target, run_new_community
from pathways.content import phones
from pathways.content.hsds_import import MISSING, PLACEHOLDER_URL, SOURCE_ID, map_package, read_package
from pathways.content.load import display_path, load_content
from pathways.content.models import KINDS
from pathways.content.resolve import layer_path
from pathways.errors import Failed, Report, UsageError
from pathways.i18n import N_, gettext_for

IMPORTED = {
    "organizations": ("name", "description", "url", "email", "phones"),
    "locations": ("organization", "name", "address", "accessibility", "transit"),
    "services": ("organization", "name", "description", "url", "email", "phones", "hours", "languages",
                 "fees_description", "required_documents", "application_process", "locations", "topics", "programs"),
}
DEFAULT_TOPIC = "community-life"


def run_import(args: argparse.Namespace) -> None:
    _ = gettext_for(args.lang)
    province, community = parse_target(args.community, _)
    layer = f"ca/{province}/{community}"
    folder = args.content / "regions" / layer
    if not folder.is_dir():
        if not (args.name_fr and args.name_en):
            raise UsageError(_(N_("no community at {path}: give its names to create it (--name-fr \"…\" "
                                  "--name-en \"…\"), or create it first with pathways new-community")).format(
                path=display_path(folder)))
        default = args.text_language or ("fr" if province == "qc" else "en")
        run_new_community(argparse.Namespace(path=f"{province}/{community}", name_fr=args.name_fr,
                                             name_en=args.name_en, default_lang=default, content=args.content,
                                             lang=args.lang))
    content = load_content(args.content)
    report = Report()
    report.extend(p for p in content.problems if Path(p.where.path).resolve().is_relative_to(folder.resolve()))
    package, problems = read_package(args.folder)
    report.extend(problems)
    if report.errors and not package.rows:  # no package at all; else every problem is said at once, below
        _refused(report, args.lang)
    layers = layer_path(layer, content)
    singles = content.layers[layer].singles
    default = (singles["community"].node.get("default_language") if "community" in singles else None) or "fr"
    known = {kind: {raw.id for lid in layers for raw in content.layers[lid].records.get(kind, [])}
             for kind in ("topics", "programs")}
    imported = map_package(package, args.text_language or str(default), known["topics"], known["programs"],
                           args.as_of)
    report.extend(imported.problems)
    if report.errors:
        _refused(report, args.lang)
    print_problems(report.warnings, args.lang)
    inherited = {kind: {raw.id for lid in layers[:-1] for raw in content.layers[lid].records.get(kind, [])}
                 for kind in IMPORTED}
    counts = {"new": 0, "updated": 0, "same": 0, "inherited": 0}
    cited = False
    for kind, records in imported.kinds().items():
        own = {raw.id for raw in content.layers[layer].records.get(kind, [])}
        chosen = {}
        for record_id, record in records.items():
            if record_id in inherited[kind] and record_id not in own:
                counts["inherited"] += 1
            else:
                chosen[record_id] = complete(kind, record, args.as_of, known["topics"])
        path = folder / f"{kind}.yaml"
        text, changes = merge_file(path.read_text(encoding="utf-8") if path.is_file() else "", kind, chosen)
        cited = cited or changes["new"] > 0
        for key, value in changes.items():
            counts[key] += value
        if chosen:
            path.write_text(text, encoding="utf-8")
    if cited:
        add_source(folder / "sources.yaml", args.folder.name)
    print(_(N_("Imported into {path}: {new} new records, {updated} updated, {same} unchanged; {inherited} left to "
               "the national or provincial layers that define them.")).format(path=display_path(folder), **counts))
    print(_(N_("Next: pathways check --community {id} --strict lists every text still to translate or fill in; "
               "eligibility stays unknown until you write it.")).format(id=community))


def _refused(report: Report, lang: str) -> None:
    print_problems([*report.errors, *report.warnings], lang)
    print(gettext_for(lang)(N_("The package has problems: nothing was written.")), file=sys.stderr)
    raise Failed


def complete(kind: str, record: dict[str, Any], day: dt.date, topics: set[str]) -> dict[str, Any]:
    """A new record as the content format needs it: cites the import, dated, a topic for a service."""
    record = dict(record)
    assured = record.pop("_assured", day)
    if kind == "services" and not record.get("topics"):
        record["topics"] = [DEFAULT_TOPIC if DEFAULT_TOPIC in topics else sorted(topics)[0]]
    record["references"] = [{"source": SOURCE_ID, "verified_on": day}]
    record["verified_on"] = assured
    order = list(KINDS[kind].model_fields)
    return {key: record[key] for key in sorted(record, key=order.index)}


# ------------------------------------------------------------------ files


def chunks(text: str) -> tuple[str, list[str]]:
    """The file's head (comments before the first record) and one text per record (from its `- ` line to the
    next record's: comments between two records stay with the first)."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("- ") or line.rstrip("\r\n") == "-"]
    if not starts:
        return text, []
    ends = [*starts[1:], len(lines)]
    return "".join(lines[: starts[0]]), ["".join(lines[s:e]) for s, e in zip(starts, ends)]


def merge_file(text: str, kind: str, records: dict[str, dict[str, Any]]) -> tuple[str, dict[str, int]]:
    head, parts = chunks(text)
    if not parts and records:  # an empty list written `[]` makes room for the records
        head = "".join(line for line in head.splitlines(keepends=True) if line.strip() != "[]")
    counts = {"new": 0, "updated": 0, "same": 0}
    pending = dict(records)
    out = [head]
    for part in parts:
        loaded = yaml.safe_load(part)
        existing = loaded[0] if isinstance(loaded, list) and loaded and isinstance(loaded[0], dict) else None
        record = pending.pop(str(existing.get("id")), None) if existing else None
        if record is None:
            out.append(part)
            continue
        merged = merge_record(kind, existing, record)
        if merged == existing:
            counts["same"] += 1
            out.append(part)
        else:
            counts["updated"] += 1
            out.append(dump(merged) + _trailing_comments(part))
    if pending and out[-1] and not out[-1].endswith("\n"):
        out.append("\n")
    for record in pending.values():
        counts["new"] += 1
        out.append(("\n" if "".join(out).strip() else "") + dump(record))
    return "".join(out), counts


def _trailing_comments(part: str) -> str:
    lines = part.splitlines(keepends=True)
    index = len(lines)
    while index > 1 and (not lines[index - 1].strip() or lines[index - 1].lstrip().startswith("#")):
        index -= 1
    return "".join(lines[index:])


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the shipped files write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:  # the content refuses anchors: every value written out
        return True


def dump(record: dict[str, Any]) -> str:
    return yaml.dump([record], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110,
                     default_flow_style=False)


def merge_record(kind: str, existing: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """The existing record with what the package says; every other field, and the translation a package in
    one language lacks, kept."""
    merged = dict(existing)
    for name in IMPORTED[kind]:
        new = record.get(name)
        if not new:
            continue
        old = existing.get(name)
        if name == "phones":
            new = [_same_phone(phone, old or []) for phone in new]
        elif name == "required_documents" and isinstance(old, list):
            new = [_text(text, old[i] if i < len(old) else None) for i, text in enumerate(new)]
        elif isinstance(new, dict):
            new = _text(new, old)
        merged[name] = new
    return merged


def _text(new: Any, old: Any) -> Any:
    if not (isinstance(new, dict) and isinstance(old, dict)):
        return new
    kept = dict(old)
    for lang, text in new.items():
        if not (lang in MISSING and str(text).startswith(MISSING[lang]) and old.get(lang)):
            kept[lang] = text
    return kept


def _same_phone(phone: dict[str, Any], old: list[Any]) -> dict[str, Any]:
    """The partner's own entry for the same number (as they wrote it, with its description)."""
    for entry in old:
        if isinstance(entry, dict) and _dialled(str(entry.get("number"))) == _dialled(phone["number"]):
            return entry if "description" not in phone else entry | {"description": _text(phone["description"],
                                                                                              entry.get("description"))}
    return phone


def _dialled(number: str) -> tuple[str, str | None] | None:
    try:
        parsed = phones.parse(number)
    except Exception:  # noqa: BLE001 - a number the partner wrote badly is simply not the same number
        return None
    return phones.tel_uri(number), parsed.extension


def add_source(path: Path, name: str) -> None:
    """The source the new records cite, once: what the partner must fill in is marked TODO."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    loaded = yaml.safe_load(text) if text.strip() else []
    if any(isinstance(item, dict) and item.get("id") == SOURCE_ID for item in loaded or []):
        return
    source = {"id": SOURCE_ID,
              "title": f"TODO: name of the directory the extract '{name}' comes from (HSDS import)",
              "url": PLACEHOLDER_URL, "kind": "secondary",
              "publisher": "TODO: who publishes that directory (a 211, a municipality…)"}
    separator = "\n" if text.strip() and not text.endswith("\n\n") else ""
    path.write_text(text + ("\n" if text and not text.endswith("\n") else "") + separator + dump(source),
                    encoding="utf-8")
