"""Benchmark: `pathways check` on a generated tree of N communities (default 100).

Prints figures; asserts nothing. Usage: python benchmarks/check_communities.py [N] [--content DIR]
Two runs: the first with an empty cache (every file parsed), the second with the parsed files the first one
left in the cache (`parsed/`, what a partner gets from the second `check` on).
The generated tree takes the national and provincial layers of DIR (default: the test fixture) and
copies its first community N times under new ids; each copied YAML and PO file gets a comment naming its
copy, so no two communities share a file's text (a real national tree has no identical files either, and
the cache of parsed files is keyed by text: identical copies would be parsed once).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "content"


def generate(source: Path, target: Path, count: int) -> int:
    shutil.copytree(source, target)
    community = sorted(p.parent for p in (target / "regions").rglob("community.yaml"))[0]
    layer = community.relative_to(target / "regions").as_posix()
    name = community.name
    for index in range(count - 1):
        new_id = f"{name}-{index:03d}"
        copy = community.parent / new_id
        shutil.copytree(community, copy)
        text = (copy / "community.yaml").read_text(encoding="utf-8")
        (copy / "community.yaml").write_text(text.replace(f"id: {name}", f"id: {new_id}"), encoding="utf-8")
        for file in sorted([*copy.rglob("*.yaml"), *copy.rglob("*.po")]):
            with file.open("a", encoding="utf-8") as stream:
                stream.write(f"\n# {new_id}\n")
        for lang in ("fr", "en"):
            prose = target / lang / layer
            if prose.is_dir():
                shutil.copytree(prose, prose.parent / new_id)
    return sum(1 for _ in target.rglob("*.yaml")) + sum(1 for _ in target.rglob("*.md"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("--content", type=Path, default=FIXTURE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "content"
        files = generate(args.content, root, args.count)
        command = [sys.executable, "-m", "pathways", "check", "--content", str(root), "--as-of", "2026-11-21",
                   "--lang", "en"]
        environment = {**os.environ, "PATHWAYS_CACHE": str(Path(folder) / "cache")}
        timings = []
        for _ in ("cold", "warm"):
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=environment)
            timings.append(time.perf_counter() - started)
    print(f"communities: {args.count}  files: {files}  exit: {done.returncode}")
    for name, seconds in zip(("empty cache", "parsed files cached"), timings):
        print(f"check, {name}: {seconds:.2f} s total, {1000 * seconds / args.count:.1f} ms per community")
    print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "")


if __name__ == "__main__":
    main()
