"""Benchmark input: a content tree with N communities, copies of the shipped ones under new ids.

Usage: python benchmarks/make_communities.py N --out DIR [--content DIR] [--languages fr,en]
The national and provincial layers are copied as they are; each shipped community (Trois-Rivières,
Brooks, …) is copied in turn, round-robin, into `<id>-<number>` (folder and `id:` renamed together:
`check` refuses a community whose id is not its folder's name), with its prose in `content/fr|en/…`.
The shipped community folders themselves are left out, so the tree holds exactly N communities.
`--languages fr,en` keeps only those of each community's languages (issue 12 measures 2 languages).
Prints what it wrote; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prose_languages(content: Path) -> list[str]:
    """Every prose folder of the content (fr, en and any added language: es, ar…)."""
    return sorted(p.name for p in content.iterdir() if p.is_dir() and p.name != "regions")


def shipped_communities(content: Path) -> list[Path]:
    """Community layer folders of `content`, in a stable order."""
    return sorted(p.parent for p in (content / "regions").rglob("community.yaml"))


def make(source: Path, target: Path, count: int, languages: list[str] | None = None) -> list[str]:
    """Write a content tree of `count` communities into `target`; returns their ids. `languages`: keep only
    these of each community's languages (and their translation notes); None keeps them all."""
    if target.exists():
        raise SystemExit(f"{target} exists: choose a new folder")
    originals = shipped_communities(source)
    layers = [c.relative_to(source / "regions") for c in originals]
    skipped = {source / "regions" / layer for layer in layers} | {source / lang / layer for layer in layers for lang in prose_languages(source)}
    shutil.copytree(source, target, ignore=lambda folder, names: [n for n in names if Path(folder) / n in skipped])
    made = []
    for number in range(count):
        layer = layers[number % len(layers)]
        new_id = f"{layer.name}-{number:03d}"
        _copy_community(source, target, layer, new_id, languages)
        made.append(new_id)
    return made


def _copy_community(source: Path, target: Path, layer: Path, new_id: str, languages: list[str] | None) -> None:
    new_layer = layer.parent / new_id
    shutil.copytree(source / "regions" / layer, target / "regions" / new_layer)
    community = target / "regions" / new_layer / "community.yaml"
    text = community.read_text(encoding="utf-8")
    text, replaced = re.subn(rf"^id: {re.escape(layer.name)}$", f"id: {new_id}", text, count=1, flags=re.M)
    if replaced != 1:
        raise SystemExit(f"{community}: no 'id: {layer.name}' line to rename")
    if languages is not None:
        text = _only_languages(text, languages)
    community.write_text(text, encoding="utf-8")
    for lang in prose_languages(source):
        prose = source / lang / layer
        if prose.is_dir():
            shutil.copytree(prose, target / lang / new_layer)


def _only_languages(text: str, keep: list[str]) -> str:
    """`languages: [fr, en, es, ar]` → `languages: [fr, en]`; translation notes of dropped languages go."""
    listed = re.search(r"^languages: \[(.*)\]$", text, flags=re.M)
    if listed is None:
        raise SystemExit("community.yaml: no 'languages: [...]' line to narrow")
    kept = [code.strip() for code in listed[1].split(",") if code.strip() in keep]
    text = text.replace(listed[0], f"languages: [{', '.join(kept)}]")
    if any(code not in ("fr", "en") for code in kept):
        raise SystemExit("--languages: only fr and en can be kept without their translation notes")
    return re.sub(r"^translations: .*\n", "", text, flags=re.M)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--languages", help="keep only these languages, e.g. fr,en")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    made = make(args.content, args.out, args.count, args.languages.split(",") if args.languages else None)
    print(f"{len(made)} communities written to {args.out} ({made[0]} … {made[-1]})", file=sys.stderr)


if __name__ == "__main__":
    main()
