"""One-off migration (issue 11, mechanism 3): inline references → `sources.yaml` records cited by id.

    python3 scripts/migrate_sources.py content            # rewrite in place
    python3 scripts/migrate_sources.py content --dry-run  # print what it would do

Each distinct page (its URL, or its `{fr, en}` URLs, with its title and kind) becomes one source, defined in the deepest layer that
every layer citing it can see (the common ancestor of the citing layers). Each reference becomes
`{source: id, verified_on: D}` where D is the `verified_on` of the record or rule entry that held it (the
date the content claimed until now). Only the reference items' lines are rewritten: no text field of the
content changes. A page cited with or without its date gets the date it was given somewhere.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

KIND_FILES = ("organizations", "locations", "services", "steps", "programs")
PUBLISHERS = {  # host → publisher, for the hosts the shipped content cites most; others: the host name
    "www.canada.ca": "Government of Canada", "canada.ca": "Government of Canada",
    "ircc.canada.ca": "IRCC", "www.cic.gc.ca": "IRCC", "cic.gc.ca": "IRCC",
    "www.ramq.gouv.qc.ca": "RAMQ", "ramq.gouv.qc.ca": "RAMQ",
    "www.quebec.ca": "Gouvernement du Québec", "quebec.ca": "Gouvernement du Québec",
    "www.alberta.ca": "Government of Alberta", "alberta.ca": "Government of Alberta",
    "www.legisquebec.gouv.qc.ca": "LégisQuébec", "legisquebec.gouv.qc.ca": "LégisQuébec",
    "saaq.gouv.qc.ca": "SAAQ", "www.saaq.gouv.qc.ca": "SAAQ",
    "www.newswire.ca": "Cision Canada (newswire)", "www.rstp.ca": "RSTP",
}


@dataclass
class Use:
    path: Path
    layer: str
    start: int  # first line (0-based) of the reference item
    end: int  # last line (0-based, inclusive)
    indent: int  # column of its "- "
    flow: bool  # written `[{…}]` on one line
    data: dict
    verified_on: str


@dataclass
class Page:
    key: str
    uses: list[Use] = field(default_factory=list)
    id: str = ""
    layer: str = ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    regions = args.content / "regions"
    pages: dict[str, Page] = {}
    for path in sorted(regions.rglob("*.yaml")):
        if path.stem in KIND_FILES:
            for use in uses_in(path, regions):
                # one source per page; a page cited under two titles (two sections of an act) or two kinds
                # stays two sources, so no page shows a different title or verdict after the migration
                key = json.dumps([use.data["url"], use.data["title"], use.data["kind"]], sort_keys=True)
                pages.setdefault(key, Page(key)).uses.append(use)
    assign_layers_and_ids(pages)
    report(pages)
    if not args.dry_run:
        write_sources(pages, regions)
        rewrite_references(pages)
    return 0


# ---------------------------------------------------------------- finding references


def uses_in(path: Path, regions: Path) -> list[Use]:
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text)
    layer = path.parent.relative_to(regions).as_posix()
    found = []
    for record in root.value if isinstance(root, yaml.SequenceNode) else []:
        record_date = _scalar(record, "verified_on")
        found += _items(path, layer, _child(record, "references"), record_date)
        values = _child(_child(record, "eligibility"), "values")
        for _, entry in values.value if isinstance(values, yaml.MappingNode) else []:
            if isinstance(entry, yaml.MappingNode):
                found += _items(path, layer, _child(entry, "references"), _scalar(entry, "verified_on") or record_date)
    return found


def _child(node, key):
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if k.value == key), None)


def _scalar(node, key) -> str | None:
    child = _child(node, key)
    return child.value if isinstance(child, yaml.ScalarNode) else None


def _items(path: Path, layer: str, seq, verified_on: str | None) -> list[Use]:
    if not isinstance(seq, yaml.SequenceNode):
        return []
    uses = []
    for item in seq.value:
        if _child(item, "source") is not None:
            continue  # already cited by id
        data = yaml.safe_load(yaml.serialize(item))
        last = item.value[-1][1]
        end_line = last.end_mark.line - (1 if last.end_mark.column == 0 else 0)
        # an override that gives no verified_on inherits it from the layer above: the shipped content
        # has two such records (Trois-Rivières steps), fixed by hand to that date after the run
        uses.append(Use(path, layer, item.start_mark.line, end_line, item.start_mark.column - 2,
                        seq.flow_style, data, str(data.get("verified_on") or verified_on)))
    return uses


# ---------------------------------------------------------------- sources


def assign_layers_and_ids(pages: dict[str, Page]) -> None:
    taken: set[str] = set()
    for page in sorted(pages.values(), key=lambda p: p.key):
        layers = [u.layer.split("/") for u in page.uses]
        common = []
        for parts in zip(*layers):
            if len(set(parts)) != 1:
                break
            common.append(parts[0])
        page.layer = "/".join(common)
        base = _slug(page.uses[0].data["url"])
        if yaml.safe_load(base) != base:  # "211" would be read as a number
            base = f"source-{base}"
        page.id = _unique(base, taken)


def _slug(url) -> str:
    first = url if isinstance(url, str) else url.get("en") or next(iter(url.values()))
    parts = urlsplit(first)
    host = parts.hostname or "source"
    host = re.sub(r"^(www\d?|m)\.", "", host)
    host = host.split(".")[-2] if host.count(".") >= 1 else host
    host = {"canada": "canada", "gouv": "quebec"}.get(host, host)
    if first.count(".gouv.qc.ca"):
        host = parts.hostname.split(".")[-4] if parts.hostname.count(".") >= 3 else host
    words = [w for w in re.split(r"[^a-z0-9]+", (parts.path + " " + parts.query).lower()) if w]
    noise = {"en", "fr", "english", "francais", "html", "htm", "asp", "aspx", "php", "index", "services", "www",
             "immigration", "refugees", "citizenship", "fr-ca", "en-ca", "ca", "top", "qnum", "page", "content"}
    words = [w for w in words if w not in noise and not (len(w) > 12 and w.isdigit())]
    tail = "-".join(words[-4:])[:40].strip("-")
    return re.sub(r"-+", "-", f"{host}-{tail}" if tail else host).strip("-")


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _most_frequent(values: list):
    counted = collections.Counter(json.dumps(v, sort_keys=True, default=str) for v in values)
    return json.loads(counted.most_common(1)[0][0])


def source_record(page: Page) -> dict:
    uses = [u.data for u in page.uses]
    record = {"id": page.id, "title": _most_frequent([u["title"] for u in uses]), "url": uses[0]["url"],
              "kind": _most_frequent([u["kind"] for u in uses])}
    first = page.uses[0].data["url"]
    host = urlsplit(first if isinstance(first, str) else first.get("en") or next(iter(first.values()))).hostname
    record["publisher"] = PUBLISHERS.get(host or "", host or "")
    dates = [str(u["date"]) for u in uses if u.get("date")]
    if dates:
        record["date"] = _most_frequent(dates)
    return record


def report(pages: dict[str, Page]) -> None:
    total = sum(len(p.uses) for p in pages.values())
    print(f"{total} references to {len(pages)} distinct pages", file=sys.stderr)
    for page in sorted(pages.values(), key=lambda p: p.id):
        for name in ("title", "kind", "date"):
            seen = {json.dumps(u.data.get(name), sort_keys=True, default=str) for u in page.uses}
            if len(seen) > 1:
                print(f"  {page.id}: {name} differs between uses: {sorted(seen)}", file=sys.stderr)
    by_layer = collections.Counter(p.layer for p in pages.values())
    for layer, count in sorted(by_layer.items()):
        print(f"  {layer}: {count} sources", file=sys.stderr)


# ---------------------------------------------------------------- writing


def _yaml_value(value, indent: int) -> str:
    if isinstance(value, dict):
        pad = " " * indent
        return "\n" + "\n".join(f"{pad}{k}: {_yaml_value(v, indent + 2)}" for k, v in value.items())
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) and _needs_quotes(value) else str(value)


def _needs_quotes(text: str) -> bool:
    try:
        return not text or yaml.safe_load(text) != text or ": " in text or " #" in text
    except yaml.YAMLError:
        return True


def write_sources(pages: dict[str, Page], regions: Path) -> None:
    by_layer: dict[str, list[Page]] = collections.defaultdict(list)
    for page in pages.values():
        by_layer[page.layer].append(page)
    for layer, listed in sorted(by_layer.items()):
        lines = ["# Sources of this layer: cite one with `references: [{source: <id>, verified_on: YYYY-MM-DD}]`",
                 "# in this layer or a layer below (partner guide, section 5: sources.yaml).", ""]
        for page in sorted(listed, key=lambda p: p.id):
            record = source_record(page)
            lines.append(f"- id: {record.pop('id')}")
            lines += [f"  {k}: {_yaml_value(v, 4)}" for k, v in record.items()]
            lines.append("")
        target = regions / layer / "sources.yaml"
        assert not target.exists(), target
        target.write_text("\n".join(lines), encoding="utf-8")


def rewrite_references(pages: dict[str, Page]) -> None:
    by_file: dict[Path, list[tuple[Use, str]]] = collections.defaultdict(list)
    for page in pages.values():
        for use in page.uses:
            by_file[use.path].append((use, page.id))
    for path, uses in by_file.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        for use, source_id in sorted(uses, key=lambda u: (u[0].start, u[0].indent), reverse=True):
            if use.flow:
                lines[use.start] = _rewrite_flow(lines[use.start], use, source_id)
                continue
            pad = " " * use.indent
            lines[use.start:use.end + 1] = [f"{pad}- source: {source_id}", f"{pad}  verified_on: {use.verified_on}"]
        path.write_text("\n".join(lines), encoding="utf-8")


def _rewrite_flow(line: str, use: Use, source_id: str) -> str:
    start = use.indent + 2  # the `{` of the item
    depth, end = 0, start
    for end in range(start, len(line)):
        depth += {"{": 1, "}": -1}.get(line[end], 0)
        if depth == 0:
            break
    return f"{line[:start]}{{source: {source_id}, verified_on: {use.verified_on}}}{line[end + 1:]}"


if __name__ == "__main__":
    raise SystemExit(main())
