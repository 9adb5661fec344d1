"""Build cache: an output is kept under a hash of exactly what it is made from, and reused when that hash
comes again.

Where: `$PATHWAYS_CACHE` if set, else `$XDG_CACHE_HOME/pathways`, else `~/.cache/pathways` — outside the
content, the project and `site/`, so it is never shipped and never committed. It is safe to delete at
any time (the next build is a full one). Every key starts with `tool_key()`: the tool's version and a
hash of the inputs manifest (`manifest.py`: package files, catalogs, templates, dependency versions, the
Pagefind binary, the environment that changes output), so any change of the tool invalidates everything. Entries are written to a temporary name then renamed, so builds running at the
same time (processes, `serve`) never read half an entry.

What is cached (see the README): the parsed form of each content file (`parsed/`: what the YAML and PO
readers make of its text, when they find nothing wrong in it; a pickle, read only from this cache, which is
the user's own, like Python's bytecode); a booklet's PDF (`booklets/`), a language's MkDocs + Pagefind output
(`languages/`) with the hash of each page it was made from (`language-pages/`) and, for each "shell" (all
but the pages' bodies, `site.PreparedLanguage`), the last output made with it (`language-last/`), so that
an edit renders only the pages it changed; a language's downloadable zip (`archives/`); the inputs
manifest of the tool, under the `stat` of every file it was made from (`manifest/`, `tool_key`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from pathways.engine import manifest
from pathways.engine.manifest import digest  # noqa: F401 — every key starts from the manifest

T = TypeVar("T")
KEEP_TREES = 12  # language outputs kept (each a few MB); the oldest are removed first
KEEP_FILES = 5000  # entries of each other kind (a booklet ~100 KB, a zip ~1 MB); the least recently used go


NO_CACHE = "PATHWAYS_NO_CACHE"  # "1": nothing is read from or stored in the cache (`--no-cache`)


def in_use() -> bool:
    """False under `--no-cache` (set in the environment, so worker processes see it too)."""
    return os.environ.get(NO_CACHE) != "1"


@contextlib.contextmanager
def unused(really: bool = True) -> Iterator[None]:
    """Within this block (when `really`), the cache is neither read nor written: `--no-cache`."""
    previous = os.environ.get(NO_CACHE)
    if really:
        os.environ[NO_CACHE] = "1"
    try:
        yield
    finally:
        if really:
            if previous is None:
                os.environ.pop(NO_CACHE, None)
            else:
                os.environ[NO_CACHE] = previous


def cache_root() -> Path:
    chosen = os.environ.get("PATHWAYS_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pathways"


RECENT_NS = 2_000_000_000  # a file changed less than 2 s ago may change again within the same time stamp


def tool_key() -> str:
    """The tool as it runs now (`manifest.tool_key`), remembered across processes: see `manifest.py`."""
    return manifest.key_of(remembered_manifest())


def remembered_manifest() -> dict[str, object]:
    """`manifest.manifest()`, from this cache while every file and folder it was made from has the same `stat`
    (issue 25 item 4: a new process skips walking the dependency metadata and hashing the Pagefind binary)."""
    if not in_use():
        return manifest.manifest()
    key = manifest.memo_key()
    stored = get_bytes("manifest", key)
    if stored is not None:
        try:
            record = json.loads(stored)
            if all(_same(manifest.stat_of(Path(path)), known) for path, known in record["read"]):
                return dict(record["manifest"])
        except (ValueError, KeyError, TypeError):  # a damaged entry: made again
            pass
    found = manifest.manifest()
    read = manifest.read_besides_package()
    if read is not None:
        stats = [(path, manifest.stat_of(Path(path))) for path in read]
        stats_of_package = [manifest.stat_of(path) for _, path in manifest.package_files()]
        newest = max((stat[1] for stat in [*(stat for _, stat in stats), *stats_of_package] if stat is not None),
                     default=0)
        if newest < time.time_ns() - RECENT_NS:
            put_bytes("manifest", key, json.dumps({"read": stats, "manifest": found}).encode("utf-8"))
    return found


def _same(stat: tuple[int, ...] | None, known: list[int] | None) -> bool:
    return stat is None if known is None else stat == tuple(known)


def file_digests(folder: Path) -> dict[str, str]:
    """A hash of each file below `folder`, by its relative name (what changed between two looks)."""
    return {p.relative_to(folder).as_posix(): digest(p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


@functools.cache
def tool_key_once() -> str:
    """The tool key when this process first asked for it (the code does not change under a running process)."""
    return tool_key()


def parsed(reader: str, text: str, parse: Callable[[], T], clean: Callable[[], bool]) -> T:
    """What `parse()` makes of `text`, from the cache when this tool parsed the same text before. Stored only
    when `clean()` says parsing found nothing wrong (problems name the file; the text alone is cached)."""
    if not in_use():
        return parse()
    key = parsed_key(reader, text)
    data = get_bytes("parsed", key)
    if data is not None:
        try:
            return pickle.loads(data)  # noqa: S301 — our own cache, written by this tool only
        except Exception:  # noqa: BLE001 — a damaged entry: parsed again
            pass
    value = parse()
    if clean():
        put_bytes("parsed", key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def parsed_key(reader: str, text: str) -> str:
    return digest(tool_key_once(), reader, text)


def has_parsed(reader: str, text: str) -> bool:
    """Whether `parsed` would find this text in the cache (one `stat`, nothing read)."""
    return in_use() and _entry("parsed", parsed_key(reader, text)).is_file()


def put_parsed(reader: str, text: str, value: object) -> None:
    """What `parsed` stores for a text parsed cleanly elsewhere (`load.warm_parse_cache`'s workers)."""
    put_bytes("parsed", parsed_key(reader, text), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _entry(kind: str, key: str) -> Path:
    return cache_root() / kind / key


def get_bytes(kind: str, key: str) -> bytes | None:
    if not in_use():
        return None
    entry = _entry(kind, key)
    try:
        data = entry.read_bytes()
        os.utime(entry)  # recently used: pruned last
    except OSError:
        return None
    return data


def put_bytes(kind: str, key: str, data: bytes) -> None:
    if not in_use():
        return
    target = _entry(kind, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".new-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
        _prune(target.parent, KEEP_FILES)
    except OSError:  # a cache that cannot be written only makes the next build slower
        return


def get_tree(kind: str, key: str, into: Path) -> bool:
    """Copy a cached folder to `into` (which must not exist); False when there is none."""
    source = _entry(kind, key)
    if not in_use() or not _intact(kind, key, source):
        return False
    shutil.copytree(source, into)
    os.utime(source)  # recently used: pruned last
    return True


def tree(kind: str, key: str) -> Path | None:
    """Where a cached folder is (to read from, never to write into); None when there is none."""
    source = _entry(kind, key)
    if not in_use() or not _intact(kind, key, source):
        return None
    os.utime(source)  # recently used: pruned last
    return source


def put_tree(kind: str, key: str, source: Path) -> None:
    """Keep a folder under `key`: its files are hard links to `source`'s where the file system allows (no
    bytes copied; issue 25), copies elsewhere. So a file of `source` must never be changed in place after
    this, only replaced (`replace_file`): pathways writes no stored file in place."""
    if not in_use():
        return
    with _staged(kind, key) as staging:
        shutil.copytree(source, staging, dirs_exist_ok=True, copy_function=_link_or_copy)


def put_files(kind: str, key: str, files: dict[str, Path], data: dict[str, bytes]) -> None:
    """Keep copies of some files (by their name in the entry) and some bytes as one folder under `key`, with
    no folder made first to copy from. Copies, not links: these files are published as they are, and a
    published file edited in place by hand must not change what the cache gives the next build."""
    if not in_use():
        return
    with _staged(kind, key) as staging:
        for folder in sorted({(staging / name).parent for name in [*files, *data]}):
            folder.mkdir(parents=True, exist_ok=True)
        for name, source in sorted(files.items()):
            shutil.copyfile(source, staging / name)
        for name, written in sorted(data.items()):
            (staging / name).write_bytes(written)


@contextlib.contextmanager
def _staged(kind: str, key: str) -> Iterator[Path]:
    """A new folder beside the entries, to fill; made the entry of `key` (with its files' sizes and times)
    when the block ends. A cache that cannot be written only makes the next build slower."""
    target = _entry(kind, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".new-"))
        yield staging
        stats = _file_stats(staging)
        try:
            os.rename(staging, target)
        except OSError:  # another build stored the same key first: theirs is identical
            shutil.rmtree(staging, ignore_errors=True)
        else:
            put_bytes("tree-stats", digest(kind, key), json.dumps(stats, sort_keys=True).encode())
        _prune(target.parent, KEEP_TREES)
    except OSError:
        return


def _intact(kind: str, key: str, entry: Path) -> bool:
    """True when a stored folder's files are as they were stored (sizes and modification times). Its files
    are hard links of a published site's: a page edited there in place by hand edits the entry too, which
    must then be built again, not published once more. A damaged entry is removed."""
    if not entry.is_dir():
        return False
    recorded = get_bytes("tree-stats", digest(kind, key))
    try:
        intact = recorded is not None and json.loads(recorded) == _file_stats(entry)
    except (OSError, ValueError):
        intact = False
    if not intact:
        shutil.rmtree(entry, ignore_errors=True)
    return intact


def _file_stats(folder: Path, inode: bool = False) -> dict[str, list[int]]:
    """Size and modification time of every file below `folder`, by relative name, and its inode if asked (a
    stored folder's is left out: a link's own count and change time move when another link is made)."""
    found = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            stat = os.stat(os.path.join(parent, name))
            found[Path(parent, name).relative_to(folder).as_posix()] = (
                [stat.st_size, stat.st_mtime_ns, stat.st_ino] if inode else [stat.st_size, stat.st_mtime_ns])
    return found


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def replace_file(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `path` as a new file (beside it, then renamed over it), never into the file that is there: that
    one may be a hard link of a cache entry (`put_tree`), and a reader never sees half a file. The new file
    has `mode`, else the mode of the file it replaces (`mkstemp` alone would make it 600)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        elif path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _prune(folder: Path, keep: int) -> None:
    """Remove the least recently used entries beyond `keep` (cheap when under: one listing, no stat)."""
    names = [name for name in os.listdir(folder) if not name.startswith(".")]
    if len(names) <= keep:
        return
    entries = sorted((folder / name for name in names), key=_used)
    for old in entries[:-keep]:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def _used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed by another build meanwhile
        return 0.0


# ---------------------------------------------------------------- the published site as a whole


def _published_entry(final: Path) -> str:
    return digest("published", str(final.resolve()))


def record_published(final: Path, key: str) -> None:
    """Remember that `final` holds exactly the build of `key` (and what its files looked like)."""
    files = _file_stats(final, inode=True)
    put_bytes("published", _published_entry(final), json.dumps({"key": key, "files": files}).encode())


def is_published(final: Path, key: str) -> bool:
    """True when `final` is the build of `key` and no file in it was touched since (sizes, dates, inodes)."""
    recorded = get_bytes("published", _published_entry(final))
    if recorded is None or not final.is_dir():
        return False
    try:
        entry = json.loads(recorded)
    except ValueError:
        return False
    return entry.get("key") == key and entry.get("files") == _file_stats(final, inode=True)
