"""Finishing a language, once MkDocs and Pagefind wrote it and its booklets exist (issue 14): its download
zip (`archive.py`), then its offline pack (`offline.py`), which holds the pages showing the zip's size,
then the precompressed copies of its text files (`precompress.py`). One `Deflater` serves the three: each
file is deflated once, its stream reused by the zip, the pack and the `.gz` copy.

A language touches only its own files here, so the languages of a build finish at the same time (`--jobs`).
What finishing writes is kept in the build cache (`finished/`) under a hash of everything it reads: the
language's files, its booklets, the community's id, address and as-of date, the tool; an unchanged language
is finished from there, by copying back only what finishing changed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pathways.engine import cache
from pathways.output.archive import FOLDER as ARCHIVES, archive_name, write_language_archive
from pathways.engine.cache import digest, file_digests, tool_key
from pathways.output.offline import booklet_files, write_language_offline
from pathways.output.precompress import Deflater, text_files, write_precompressed


def finish_language(stage: Path, community_id: str, lang: str, base_url: str, as_of: dt.date,
                    tool: str = "") -> dict[str, dict[str, object]]:
    """The language's download zip, then its offline pack (which holds the pages showing the zip's size);
    returns its parts for `sw.js`. Touches only this language's files: runs in a worker. Taken from the
    cache when the language's files and booklets are those of an earlier build (`finished/`)."""
    before = file_digests(stage / lang)
    key = digest(tool or tool_key(), "finished", community_id, lang, base_url, as_of.isoformat(),
                 json.dumps(before, sort_keys=True), *[p.name for p in sorted(stage.iterdir()) if p.is_dir()],
                 *[part for pdf in booklet_files(stage, lang) for part in (pdf.name, pdf.read_bytes())])
    found = cache.tree("finished", key)
    if found:
        return restore_finished(found, stage, lang)
    deflater = Deflater()
    write_language_archive(stage, community_id, lang, base_url, as_of, deflater, tool)
    parts = write_language_offline(stage, community_id, lang, deflater)
    write_precompressed(text_files(stage / lang), deflater)  # last: the language's files are final
    store_finished(key, stage, community_id, lang, parts, before)
    return parts


def store_finished(key: str, stage: Path, community_id: str, lang: str, parts: dict[str, dict[str, object]],
                   before: dict[str, str]) -> None:
    """What finishing changed (the pages showing sizes, the offline page, the precompressed copies), the zip
    and the pack, and the parts for `sw.js`, as one cache entry (copied straight into it: `cache.put_files`)."""
    after = file_digests(stage / lang)
    changed = [f"{lang}/{name}" for name, hashed in after.items() if before.get(name) != hashed]
    made = [*changed, f"{ARCHIVES}/{archive_name(community_id, lang)}.zip", str(parts[lang]["pack"])]
    cache.put_files("finished", key, {name: stage / name for name in made},
                    {"parts.json": json.dumps(parts).encode("utf-8")})  # in order: sw.js lists them so


def restore_finished(found: Path, stage: Path, lang: str) -> dict[str, dict[str, object]]:
    for made in sorted(p for p in found.rglob("*") if p.is_file() and p.name != "parts.json"):
        target = stage / made.relative_to(found)
        target.parent.mkdir(parents=True, exist_ok=True)
        cache.replace_file(target, made.read_bytes())  # the language's file may be a link of its cache entry
    parts: dict[str, dict[str, object]] = json.loads((found / "parts.json").read_text(encoding="utf-8"))
    return parts
