"""The inputs manifest: every input that can change what a build writes, named in one list (issue 20).

Every cache key (`cache.py`, and the keys of pages, languages, booklets, finished languages and zips built
from it) starts with `tool_key()`, the hash of this manifest, then adds only the inputs of its own output
(a page's data, a language's files, the day of `--as-of`). So no key can forget a kind of input:
- **package**: every file of the package as it runs — its code (every subpackage), the interface catalogs
  (`pathways/locale/*/LC_MESSAGES/*.po`), the base MkDocs configuration, and the templates folder (page
  templates, theme overrides, print templates, fonts);
- **dependencies**: the name and version of every runtime dependency, followed through their own
  requirements (a new PyYAML or Babel may write other bytes);
- **pagefind**: the Pagefind executable actually run (its bytes' hash: the binary is not a Python
  distribution, and `PAGEFIND_BINARY_PATH` may name another one);
- **environment**: the environment variables that change output (`OUTPUT_ENVIRONMENT`).
The content itself is hashed by each key that reads it (`build.inputs_key`, page data).

The package files are hashed again only when one of them changed size or time since the last look (one
`stat` per file): `serve` keeps running while templates and catalogs are edited, and sees each edit.

Across processes (issue 25 item 4), the manifest is remembered in the build cache (`manifest/`, see
`cache.tool_key`), under the
`stat` (size, times, inode) of every package file, the interpreter, the module search path and the
environment it reads; the entry also lists every other file and folder the manifest was made from (each
dependency's metadata, each folder of the search path, the Pagefind binary, the folders of `PATH`) with
their `stat`, and is used only while each is the same. So a new process skips walking the dependency
metadata and hashing the Pagefind binary (0.15 s), and any input that changes output still changes the key:
an edited file has a new change time (`st_ctime_ns`, which no tool can set back), an installed or removed
distribution a new folder time. Entries made while one of those files was being written (changed in the
last `RECENT_NS`) are not kept: a later edit in the same clock tick could not be told apart.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from pathlib import Path

from pathways import __version__
from pathways.resources import BASE_CONFIG, PACKAGE, TEMPLATES

OUTPUT_ENVIRONMENT = ("PAGEFIND_BINARY_PATH",)  # variables a build reads that change the files it writes
# Variables finding the manifest's inputs reads: Pagefind looks for its binary on PATH when no package has it.
READ_ENVIRONMENT = (*OUTPUT_ENVIRONMENT, "PATH")
# Read only when pathways runs uninstalled (no metadata): its runtime dependencies, as pyproject.toml lists them.
DECLARED = ("pydantic", "PyYAML", "jinja2", "babel", "mkdocs", "mkdocs-material", "nh3", "pagefind", "weasyprint",
            "segno", "phonenumbers")


def digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each length-prefixed (so ("ab", "c") and ("a", "bc") differ)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big"))
        hashed.update(data)
    return hashed.hexdigest()


def tree_digest(root: Path) -> str:
    """Hash of every file below `root`: relative names and bytes (caches and bytecode left out)."""
    parts: list[str | bytes] = []
    for path in _tree_files(root):
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


def _tree_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in {".pyc", ".pyo"})


def package_files() -> list[tuple[str, Path]]:
    """(name in the key, file) for every file of the package that a build reads: code, catalogs, base
    configuration, templates (with the fonts). Named from the package root, so a wheel and a checkout agree."""
    found = [(f"pathways/{p.relative_to(PACKAGE).as_posix()}", p) for p in _tree_files(PACKAGE)
             if not _is_templates(p)]
    found += [(f"templates/{p.relative_to(TEMPLATES).as_posix()}", p) for p in _tree_files(TEMPLATES)]
    if not any(path == BASE_CONFIG for _, path in found):
        found.append(("pathways/mkdocs_base.yml", BASE_CONFIG))
    return sorted(found)


def _is_templates(path: Path) -> bool:
    try:
        path.relative_to(TEMPLATES)
    except ValueError:
        return False
    return True


_package_memo: dict[tuple, str] = {}


def package_digest() -> str:
    files = package_files()
    signature = tuple((name, stat.st_size, stat.st_mtime_ns) for name, stat in ((n, p.stat()) for n, p in files))
    if signature not in _package_memo:
        _package_memo.clear()
        _package_memo[signature] = digest(*[part for name, path in files for part in (name, path.read_bytes())])
    return _package_memo[signature]


def dependencies() -> tuple[str, ...]:
    """`name=version` of every distribution pathways needs at run time, its dependencies' dependencies too."""
    return _dependency_walk()[0]


@functools.cache
def _dependency_walk() -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """`dependencies()`, and the metadata folders read to find them (None: one is not a plain folder, e.g. in a
    zip, so the walk is not remembered across processes)."""
    from importlib import metadata  # noqa: PLC0415 — only when the manifest is not remembered

    read: list[str] | None = []

    def found(name: str) -> metadata.Distribution:
        nonlocal read
        distribution = metadata.distribution(name)
        folder = getattr(distribution, "_path", None)
        if read is not None and isinstance(folder, Path) and folder.is_dir():
            read.append(str(folder))
        else:
            read = None
        return distribution

    try:
        wanted = _requirement_names(found("pathways").requires or [])
    except metadata.PackageNotFoundError:
        wanted = list(DECLARED)
    seen: dict[str, str] = {}
    while wanted:
        name = _normal(wanted.pop())
        if name in seen:
            continue
        try:
            distribution = found(name)
            seen[name] = distribution.version
            wanted += _requirement_names(distribution.requires or [])
        except metadata.PackageNotFoundError:
            seen[name] = "-"
    return (tuple(f"{name}={version}" for name, version in sorted(seen.items())),
            None if read is None else tuple(sorted(set(read))))


def _requirement_names(requirements: list[str]) -> list[str]:
    """Names of the requirements that apply without extras (`foo>=1; extra == "test"` is left out)."""
    names = []
    for line in requirements:
        requirement, _, marker = line.partition(";")
        if "extra" in marker:
            continue
        names.append(re.split(r"[\s\[<>=!~(;]", requirement.strip(), maxsplit=1)[0])
    return names


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pagefind_binary() -> Path | None:
    """The Pagefind executable a build runs: `$PAGEFIND_BINARY_PATH`, else the one `pagefind[bin]` installed."""
    return _pagefind_binary(os.environ.get("PAGEFIND_BINARY_PATH"))


@functools.cache
def _pagefind_binary(_chosen: str | None) -> Path | None:
    try:
        from pagefind.service import get_executable  # reads $PAGEFIND_BINARY_PATH itself
    except ImportError:
        return None
    return get_executable()


_binary_memo: dict[tuple, str] = {}


def pagefind_digest() -> str:
    found = pagefind_binary()
    if found is None or not Path(found).is_file():
        return "-"
    stat = Path(found).stat()
    signature = (str(found), stat.st_size, stat.st_mtime_ns)
    if signature not in _binary_memo:
        _binary_memo[signature] = digest(Path(found).read_bytes())
    return _binary_memo[signature]


def environment() -> tuple[str, ...]:
    return tuple(f"{name}={os.environ.get(name, '')}" for name in OUTPUT_ENVIRONMENT)


def manifest() -> dict[str, object]:
    """Every input of the tool itself, by kind (what `tool_key` hashes; printed by the tests when a key moves)."""
    return {"version": __version__, "package": package_digest(), "dependencies": list(dependencies()),
            "pagefind": pagefind_digest(), "environment": list(environment())}


def tool_key() -> str:
    """The tool as it runs now, made afresh. Computed at each call (one stat per package file): `serve` keeps
    running while templates and catalogs are edited. (`cache.tool_key`, which every key uses, is this key
    remembered across processes.)"""
    return key_of(manifest())


def key_of(found: dict[str, object]) -> str:
    return digest(*[f"{kind}:{value}" for kind, value in found.items()])


def memo_key() -> str:
    """What a remembered manifest is looked up under: the version, the interpreter, the search path, the
    variables read, and the `stat` of every package file (one walk, one stat each)."""
    return digest("manifest", __version__, sys.executable, json.dumps(_search_path()),
                  json.dumps([os.environ.get(name) for name in READ_ENVIRONMENT]),
                  json.dumps([(name, stat_of(path)) for name, path in package_files()]))


def stat_of(path: Path) -> tuple[int, int, int, int] | None:
    """What changes when a file or folder is written, replaced, or gains or loses an entry: size, the later of
    its modification and change times, inode, modification time (None: it does not exist)."""
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_size, max(found.st_mtime_ns, found.st_ctime_ns), found.st_ino, found.st_mtime_ns)


def _search_path() -> list[str]:
    return [os.path.abspath(entry) if entry else os.getcwd() for entry in sys.path]


def read_besides_package() -> list[str] | None:
    """Every file and folder besides the package's that `manifest()` reads or looks through: the search path's
    folders (a distribution installed or removed there changes its folder's time), each dependency's metadata
    folder and files, the Pagefind binary and the folders of `PATH` (where Pagefind may find it). None when one
    cannot be named (a distribution not in a folder)."""
    folders = _dependency_walk()[1]
    if folders is None:
        return None
    read = [entry for entry in _search_path()]
    for folder in folders:
        read += [folder, *sorted(str(p) for p in Path(folder).iterdir() if p.is_file())]
    binary = pagefind_binary()
    if binary is not None:
        read.append(str(Path(binary).absolute()))
    read += [os.path.abspath(entry) for entry in os.environ.get("PATH", "").split(os.pathsep) if entry]
    return read
