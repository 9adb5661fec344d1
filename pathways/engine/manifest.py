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
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from importlib import metadata
from pathlib import Path

from pathways import __version__
from pathways.resources import BASE_CONFIG, PACKAGE, TEMPLATES

OUTPUT_ENVIRONMENT = ("PAGEFIND_BINARY_PATH",)  # variables a build reads that change the files it writes
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


@functools.cache
def dependencies() -> tuple[str, ...]:
    """`name=version` of every distribution pathways needs at run time, its dependencies' dependencies too."""
    try:
        wanted = _requirement_names(metadata.requires("pathways") or [])
    except metadata.PackageNotFoundError:
        wanted = list(DECLARED)
    seen: dict[str, str] = {}
    while wanted:
        name = _normal(wanted.pop())
        if name in seen:
            continue
        try:
            seen[name] = metadata.version(name)
            wanted += _requirement_names(metadata.requires(name) or [])
        except metadata.PackageNotFoundError:
            seen[name] = "-"
    return tuple(f"{name}={version}" for name, version in sorted(seen.items()))


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
    """The tool as it runs now. Computed at each call (one stat per package file): `serve` keeps running while
    templates and catalogs are edited."""
    found = manifest()
    return digest(*[f"{kind}:{value}" for kind, value in found.items()])
