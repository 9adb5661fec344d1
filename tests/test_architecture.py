"""Issue 20: the package reads as the data flow. Every import between pathways' modules goes downward in
the order of the stages (content → rules → present → output, with the engine below them and the commands
above), and no two modules import each other, directly or through others.

Imports inside functions count (they run, only later); imports under `if TYPE_CHECKING:` are annotations
that never run, so they may not go upward either but do not make a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pathways

PACKAGE = Path(pathways.__file__).parent

# Lowest first. A module may import modules of its own rank or lower, never higher.
RANKS = [
    ("pathways", "pathways.i18n", "pathways.errors", "pathways.resources"),
    ("pathways.engine",),
    ("pathways.content",),
    ("pathways.rules",),
    ("pathways.urls",),
    ("pathways.present",),
    ("pathways.output",),
    ("pathways.commands",),
    ("pathways.cli", "pathways.__main__"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def rank(module: str) -> int:
    best = None
    for index, names in enumerate(RANKS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (best is None or len(name) > len(best[1])):
                best = (index, name)
    assert best is not None, f"{module} has no place in RANKS: add its stage"
    return best[0]


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def imports(path: Path, known: set[str]) -> list[tuple[str, int, bool]]:
    """(imported module, line, runs) for each import of one of `known` in the file at `path`."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_lines(tree)
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((target, node.lineno, node.lineno not in typing_only))
    return found


def graph() -> dict[str, list[tuple[str, int, bool]]]:
    files = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    return {name: imports(path, set(files)) for name, path in files.items()}


def test_every_import_goes_downward():
    upward = [f"{module} (line {line}) imports {target}"
              for module, edges in graph().items() for target, line, _ in edges
              if rank(target) > rank(module) and target != "pathways"]
    assert upward == []


def test_no_import_circle():
    edges = {module: sorted({target for target, _, runs in found if runs}) for module, found in graph().items()}
    circles, state = [], {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in edges.get(module, []):
            if state.get(target) == "open":
                circles.append(" → ".join(trail[trail.index(target):] + [module, target]) if target in trail
                               else f"{module} → {target}")
            elif target not in state:
                visit(target, trail + [module])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [])
    assert circles == []


def test_the_check_can_fail(tmp_path):
    """The rank of a module is found by its stage, so an output module importing a command is upward."""
    assert rank("pathways.output.booklet") < rank("pathways.commands.check")
    assert rank("pathways.content.load") < rank("pathways.rules.evaluate") < rank("pathways.present.views")
