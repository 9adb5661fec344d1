"""Load stage: read the content tree into raw records that remember file, line and column.

Nothing here knows the meaning of a field; it only reads files safely (size, encoding, YAML syntax)
and keeps every node's position so later stages can point at the exact spot of a problem. A layer's
`translations/<lang>.po` files are read here too, once, and their current entries put into the texts
they translate (see `translations.py`), for the languages the layer's communities list.

Content is untrusted: only regular files and folders inside the content folder are read. Symbolic
links are refused by name and never followed, even when they point inside `content/`: a link can be
re-pointed between check and read, is lost or turned into a text file when a partner zips, emails or
checks out the folder on Windows, and layers already share what a link would share. Devices, FIFOs
and sockets are refused by name without being opened for reading.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from pathways.engine import cache, contain
from pathways.engine.pool import can_fork, default_jobs, pool
from pathways.content.addresses import text_link_problems
from pathways.content.bounds import line_col, markdown_trap
from pathways.content.sanitize import content_html
from pathways.i18n import LANGUAGES, N_
from pathways.content.kinds import KIND_NAMES, MAX_FILE_BYTES, SINGLE_FILE_NAMES  # not the models: reading imports no Pydantic
from pathways.content.pofile import PoFile, PoInvalid, parse as parse_po
from pathways.errors import Problem, Where, closest, problem
from pathways.content.translations import FOLDER as TRANSLATIONS, Origin, is_added, State, apply as apply_translation, translated_where
from pathways.content.yamlnodes import YamlList, YamlMap, YamlProblem, YamlProblems, build, compose

NOT_READ = N_("this file is not read: a region folder holds .yaml files (and translations/*.po); keep documents "
               "elsewhere and cite their web address in sources.yaml")
REVIEW = "review"  # a community's verification round (`pathways review`): worksheets, found changes
UNSAFE_TAGS = {"script", "iframe", "object", "embed", "form", "base", "meta", "link"}


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass(frozen=True)
class Raw:
    """One YAML record (or document) with the file it came from."""

    kind: str
    layer: str
    path: str
    node: YamlMap
    line_offset: int = 0  # front matter starts after the `---` line

    @property
    def id(self) -> str:
        return str(self.node.get("id", ""))

    def where(self, loc: tuple[Any, ...] = (), key: bool = False) -> Where:
        translated = translated_where(self.node, loc)
        if translated is not None:  # a text applied from a PO file: its problems are reported there
            return translated
        line, col = position(self.node, loc, key)
        return Where(self.path, line + self.line_offset, col)


@dataclass
class Layer:
    id: str  # "ca", "ca/qc", "ca/qc/trois-rivieres"
    path: Path
    records: dict[str, list[Raw]] = field(default_factory=dict)
    singles: dict[str, Raw] = field(default_factory=dict)  # community, index
    translations: dict[str, dict[str, State]] = field(default_factory=dict)  # lang → text's context → its state
    origins: dict[str, dict[str, Origin]] = field(default_factory=dict)  # lang → translated text → how it was made


@dataclass(frozen=True)
class Prose:
    """A Markdown file in content/<lang>/<layer>/…, keyed by its path below the layer."""

    lang: str
    layer: str
    key: str  # "pages/first-72-hours.md"
    path: str
    front: Raw | None
    body: str
    text: str = ""  # the whole file as read (placeholders are searched in it, never re-read from disk)


@dataclass
class Content:
    root: Path
    layers: dict[str, Layer] = field(default_factory=dict)
    prose: list[Prose] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def communities(self) -> list[str]:
        return sorted(lid for lid, layer in self.layers.items() if "community" in layer.singles)


def position(node: Any, loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
    """1-based line/column of the deepest node of `loc` that exists (its key if `key`)."""
    line, col = getattr(node, "start", (0, 0))
    for step in loc:
        if isinstance(node, YamlMap) and step in node:
            line, col = node.key_at[step] if key and step == loc[-1] else node.value_at[step]
            node = node[step]
        elif isinstance(node, YamlList) and isinstance(step, int) and 0 <= step < len(node):
            line, col = node.item_at[step]
            node = node[step]
        else:
            break
    return line + 1, col + 1


SYMLINK = N_("this is a symbolic link: content files must be regular files inside the content folder "
             "(copy the file, or share it through a higher layer)")
NOT_REGULAR = N_("this is not a regular file (a device, pipe or socket): content files must be ordinary files")


def refused_entry(path: Path, problems: list[Problem]) -> bool:
    """True (with a problem naming it) when `path` is a symlink or not a regular file or folder; never
    follows the link nor opens the file."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:  # removed while listing (an editor's temporary file): nothing to read
        return True
    if stat.S_ISLNK(mode):
        problems.append(problem(Where(display_path(path)), SYMLINK))
        return True
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        problems.append(problem(Where(display_path(path)), NOT_REGULAR))
        return True
    return False


def read_text(path: Path, problems: list[Problem], empty_ok: bool = False) -> str | None:
    """The file's text, or None with a problem: not a regular file, too large, not UTF-8, or empty."""
    shown = display_path(path)
    data = _read_regular(path, shown, problems)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        problems.append(problem(Where(shown, line, col),
                                N_("file is not UTF-8 text; save it as UTF-8 (byte {byte} cannot be read)"),
                                byte=f"0x{data[error.start]:02x}"))
        return None
    if not text.strip() and not empty_ok:
        problems.append(problem(Where(shown), N_("file is empty")))
        return None
    return text.removeprefix("\ufeff")


def _read_regular(path: Path, shown: str, problems: list[Problem]) -> bytes | None:
    """Open without following a link and without blocking on a pipe, check what was opened, read at most
    the limit: a file swapped for a link or a device after the folder was listed is still refused."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        message = (SYMLINK if path.is_symlink() else
                   N_("this file cannot be opened (check that you may read it)") if error.errno == errno.EACCES else
                   NOT_REGULAR)
        problems.append(problem(Where(shown), message))
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            problems.append(problem(Where(shown), NOT_REGULAR))
            return None
        if info.st_size > MAX_FILE_BYTES:
            problems.append(problem(Where(shown), N_("file is too large ({size} bytes; the limit is {limit})"),
                                    size=info.st_size, limit=MAX_FILE_BYTES))
            return None
        return handle.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]


RUNAWAY = {
    "crash": N_("reading this file crashed the reader ({detail}) and was stopped; nothing of the file was used: "
                "look for brackets or quotes that are never closed, or very deep nesting"),
    "time": N_("reading this file took more than {seconds} seconds and was stopped; nothing of the file was used: "
               "look for very long lines or a character repeated many times"),
    "memory": N_("reading this file needed more than {megabytes} MB of memory and was stopped; nothing of the file "
                 "was used: look for very long lines or a character repeated many times"),
    "depth": N_("this file nests too deeply to be read; nothing of the file was used: look for brackets or quotes "
                "that are never closed"),
}


def bounded(reader: str, fn: Any, text: str, shown: str, problems: list[Problem], *args: Any) -> Any:
    """`fn(text, shown, *args)` → (value, problems), run in the bounded child (`engine/contain.py`): its value,
    its problems added to `problems`; a crash, overrun or runaway of the child becomes one problem naming the
    file. From the parse cache when this text was read before without a problem (nothing runs then)."""
    before = len(problems)

    def parse() -> Any:
        try:
            refused = _RUNAWAYS.get((reader, text))
            if refused is not None:  # the warm-up's bounded child already stopped on this text: the same end
                raise contain.Runaway(*refused)
            value, found = contain.run(fn, text, shown, *args)
        except contain.Runaway as runaway:
            problems.append(problem(Where(shown), RUNAWAY[runaway.kind], detail=runaway.detail,
                                    seconds=f"{contain.SECONDS:g}", megabytes=contain.MEMORY_BYTES >> 20))
            return None
        problems.extend(found)
        return value

    return cache.parsed(reader, text, parse, lambda: len(problems) == before)


WARM_AT_LEAST = 32  # texts not in the parse cache: fewer are parsed one by one sooner than workers start
_READERS = {"yaml": ("_yaml_values", (0,)), "po": ("_po_entries", ())}  # how `load_content` parses each kind
_RUNAWAYS: dict[tuple[str, str], tuple[str, str]] = {}  # (reader, text) → how the warm-up's child stopped


def warm_parse_cache(found: list[tuple[Path, list[Path]]], jobs: int) -> None:
    """Parse on every core, before `load_content` reads them one by one, the layers' YAML files and PO files
    whose text is not yet in the parse cache (issue 25 item 4: a national tree's hundreds of community files).
    Each worker parses in its own bounded child (`contain.py`), as `bounded` does, and stores what `bounded`
    would store: a clean result under the same key. `load_content` then reads them from the cache, so what it
    makes and says is the same; a text with a problem is parsed again there and said; a text that stopped a
    child (crash, time, memory) is remembered here, for this load only, and said without stopping another."""
    _RUNAWAYS.clear()  # what an earlier load's children did is not this load's: a file may have been fixed
    if jobs < 2 or not cache.in_use() or not can_fork():
        return
    texts = []
    for folder, files in found:
        for path in files:
            reader = ("po" if path.suffix == ".po" and folder.name == TRANSLATIONS else
                      "yaml" if path.suffix in (".yaml", ".yml") and path.stem in (*KIND_NAMES, *SINGLE_FILE_NAMES)
                      else None)
            text = read_text(path, [], empty_ok=True) if reader else None
            if reader and text is not None and not cache.has_parsed(reader, text):
                texts.append((reader, text))
    if len(texts) < WARM_AT_LEAST:
        return
    with pool(jobs) as workers:
        for stopped in workers.map(_warm, [texts[start::jobs] for start in range(jobs)]):
            _RUNAWAYS.update(stopped)


def _warm(texts: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """In a worker: parse each text in this worker's bounded child; store the clean results; say which stopped."""
    stopped = {}
    try:
        for reader, text in texts:
            name, args = _READERS[reader]
            try:
                value, found = contain.run(globals()[name], text, "", *args)
            except contain.Runaway as runaway:
                stopped[(reader, text)] = (runaway.kind, runaway.detail)
                continue
            if not found:
                cache.put_parsed(reader, text, value)
    finally:
        contain.stop()
    return stopped


def parse_yaml(text: str, shown: str, problems: list[Problem], line_offset: int = 0) -> Any:
    """The document's values with positions, or None with a problem (from the cache when this text was
    parsed before without a problem: positions are the text's own, the file's name is added by the caller)."""
    return bounded("yaml", _yaml_values, text, shown, problems, line_offset)


def parse_po_file(text: str, shown: str, problems: list[Problem]) -> PoFile | None:
    """A PO file's entries, or None with a problem (bounded and cached like YAML)."""
    po = bounded("po", _po_entries, text, shown, problems)
    return None if po is None else replace(po, path=shown)


def parse_json(text: str, shown: str, problems: list[Problem]) -> tuple[Any, Where | None]:
    """A JSON document, and where it stops being JSON (None when it is); bounded like every partner file
    (200,000 '[' are a RecursionError in `json`, said as a problem here)."""
    found = bounded("json", _json_value, text, shown, problems)
    return found if found is not None else (None, Where(shown))


def _yaml_values(text: str, shown: str, line_offset: int) -> tuple[Any, list[Problem]]:
    found: list[Problem] = []
    return _parse_yaml(text, shown, found, line_offset), found


def _po_entries(text: str, shown: str) -> tuple[Any, list[Problem]]:
    try:
        return parse_po(text, shown), []
    except PoInvalid as invalid:
        return None, [problem(Where(shown, invalid.line, 1), invalid.message, **invalid.args_)]


def _json_value(text: str, shown: str) -> tuple[Any, list[Problem]]:
    import json  # noqa: PLC0415 — only the translations command reads JSON

    try:
        return (json.loads(text), None), []
    except json.JSONDecodeError as error:
        return (None, Where(shown, error.lineno, error.colno)), []


def _parse_yaml(text: str, shown: str, problems: list[Problem], line_offset: int = 0) -> Any:
    try:
        node = compose(text)
        return None if node is None else build(node, text)  # only comments: nothing to load, not a mistake
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(error, text, shown, line_offset))
        return None
    except yaml.YAMLError as error:
        where, detail = Where(shown), str(error)
    except (YamlProblem, YamlProblems) as error:
        for found in error.problems if isinstance(error, YamlProblems) else [error]:
            line, col = found.position
            problems.append(problem(Where(shown, line + 1 + line_offset, col + 1), found.message, **found.args_))
        return None
    except RecursionError:  # not reachable past the nesting scan; kept so no input ever shows a traceback
        where, detail = Where(shown), "nested too deeply"
    problems.append(problem(where, N_("YAML syntax error: {detail} (check indentation, quotes and brackets)"),
                            detail=detail))
    return None


# The parser's words for the usual slips, said plainly: (its context, its problem) → (our message,
# point at where the bracket or quote was opened rather than where the parser gave up).
SYNTAX_HINTS = [
    ("flow mapping", "',' or '}'", N_("YAML syntax error: a '{{' opened here is not closed with '}}' (or a comma "
                                       "is missing)"), True),
    ("flow sequence", "',' or ']'", N_("YAML syntax error: a '[' opened here is not closed with ']' (or a comma "
                                        "is missing)"), True),
    ("quoted scalar", "end of stream", N_("YAML syntax error: a quote opened here is never closed"), True),
    ("", "mapping values are not allowed", N_("YAML syntax error: unexpected ':' here; put text that contains "
                                              "': ' in quotes, or check the indentation"), False),
    ("block mapping", "expected key", N_("YAML syntax error: the indentation is not consistent; keys at the same "
                                         "level must start in the same column"), False),
    ("block collection", "'-' indicator", N_("YAML syntax error: a list item must start with '- ' at the same "
                                             "indentation as the others"), False),
    ("", "undefined alias", N_("YAML syntax error: '*' refers to an anchor that does not exist; put text that "
                               "starts with '*' in quotes"), False),
]
TAB = N_("YAML syntax error: a tab character; indent with spaces only")
CANNOT_START = N_("YAML syntax error: a value cannot start with this character; put the text in quotes")


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, shown: str, line_offset: int) -> Problem:
    context, detail = str(error.context or ""), str(error.problem or "")
    mark = error.problem_mark or error.context_mark
    tab = _indentation_tab(text, mark.line if mark else 0, "tab" in detail)
    if tab is not None:  # said in our words only: PyYAML's English would leak into the French message
        return problem(Where(shown, tab[0] + 1 + line_offset, tab[1] + 1), TAB)
    message = N_("YAML syntax error: {detail} (check indentation, quotes and brackets)")
    for in_context, in_problem, hint, at_opening in SYNTAX_HINTS:
        if in_context in context and in_problem in detail:
            message, mark = hint, (error.context_mark if at_opening and error.context_mark else mark)
            break
    else:
        if "cannot start any token" in detail and mark is not None:
            message = TAB if text[mark.index:mark.index + 1] == "\t" else CANNOT_START
    where = Where(shown, mark.line + 1 + line_offset, mark.column + 1) if mark else Where(shown)
    return problem(where, message, detail=" ".join(part for part in (context, detail) if part))


def _indentation_tab(text: str, error_line: int, parser_saw_tab: bool) -> tuple[int, int] | None:
    """(line, column), 0-based, of a tab in the indentation of the error's line — or, when the parser
    complained about a tab, of the nearest line above it."""
    lines = text.splitlines()[: error_line + 1]
    candidates = reversed(lines) if parser_saw_tab else lines[error_line:]
    for offset, line in enumerate(candidates):
        indentation = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indentation:
            number = error_line - offset if parser_saw_tab else error_line
            return number, indentation.index("\t")
    return None


def load_content(root: Path) -> Content:
    """Read every layer under `root/regions` and every prose file under `root/<lang>`."""
    content = Content(root=root)
    regions = root / "regions"
    if not regions.is_dir():
        content.problems.append(problem(Where(display_path(root)),
                                        N_("no content here: expected a folder named 'regions'")))
        return content
    po_files: list[tuple[str, Path]] = []
    found = content_files(regions, content.problems)
    warm_parse_cache(found, default_jobs())
    for folder, files in found:
        if folder == regions:
            continue
        if REVIEW in folder.relative_to(regions).parts[1:]:  # a verification round's worksheets, not a layer
            continue
        if TRANSLATIONS in folder.relative_to(regions).parts[1:]:  # a layer's PO files, not a layer
            if folder.name == TRANSLATIONS:
                po_files.extend((folder.parent.relative_to(regions).as_posix(), path) for path in files)
            continue
        layer = Layer(id=folder.relative_to(regions).as_posix(), path=folder)
        for path in files:
            if path.suffix in (".yaml", ".yml"):
                _load_yaml_file(path, layer, content.problems)
            elif not path.name.startswith("."):  # a document dropped here is never read: say so, never silently
                content.problems.append(problem(Where(display_path(path)), NOT_READ, warning=True))
        content.layers[layer.id] = layer
    for layer_id, path in po_files:
        _load_translation(path, content.layers.get(layer_id), content)
    listed = listed_languages(content)
    for lang in (*LANGUAGES, *sorted(code for code in listed if is_added(code))):  # fr, en, the added twins
        lang_root = root / lang
        if lang_root.is_symlink() or lang_root.is_dir():
            for _, files in content_files(lang_root, content.problems):
                for path in files:
                    if path.suffix == ".md":
                        _load_prose(path, lang, lang_root, content)
    return content


def content_files(top: Path, problems: list[Problem]) -> list[tuple[Path, list[Path]]]:
    """Every folder under `top` (itself first, then in sorted order) with its regular files, sorted.
    Links, devices and pipes are reported by name and skipped; links to folders are not entered."""
    if refused_entry(top, problems):
        return []
    found: list[tuple[Path, list[Path]]] = []
    pending = [top]
    while pending:
        folder = pending.pop()
        files, folders = [], []
        for entry in sorted(folder.iterdir()):
            if refused_entry(entry, problems):
                continue
            (folders if entry.is_dir() else files).append(entry)
        found.append((folder, files))
        pending.extend(reversed(folders))
    return sorted(found, key=lambda item: item[0])


def _load_yaml_file(path: Path, layer: Layer, problems: list[Problem]) -> None:
    shown = display_path(path)
    name = path.stem
    known = [*KIND_NAMES, *SINGLE_FILE_NAMES]
    if name not in known:
        hint = closest(name, known)
        message = (N_("unknown file name '{name}'; did you mean '{hint}.yaml'?") if hint
                   else N_("unknown file name '{name}'; expected one of: {known}"))
        problems.append(problem(Where(shown), message, name=path.name, hint=hint or "",
                                known=", ".join(f"{k}.yaml" for k in known)))
        return
    single = name in SINGLE_FILE_NAMES
    text = read_text(path, problems, empty_ok=single)
    data = parse_yaml(text, shown, problems) if text is not None else None
    if single and data is None and text is not None and not problems_in(problems, shown):
        data = YamlMap((0, 0))  # an empty community.yaml: validation lists each missing field at 1:1
    if data is None:
        return
    if single:
        if not isinstance(data, YamlMap):
            problems.append(problem(Where(shown), N_("expected 'key: value' lines at the top of this file")))
            return
        layer.singles[name] = Raw(name, layer.id, shown, data)
        return
    if not isinstance(data, YamlList):
        problems.append(problem(Where(shown), N_("expected a list of records, each starting with '- id: …'")))
        return
    records = layer.records.setdefault(name, [])
    for index, item in enumerate(data):
        line, col = data.item_at[index]
        if not isinstance(item, YamlMap):
            problems.append(problem(Where(shown, line + 1, col + 1),
                                    N_("expected a record ('id: …' and its fields) in this list")))
        elif not isinstance(item.get("id"), str) or not item.get("id"):
            problems.append(problem(Where(shown, line + 1, col + 1), N_("this record has no 'id'")))
        else:
            records.append(Raw(name, layer.id, shown, item))


KNOWN_PO_NAMES = "<language>.po (es.po, ar.po, pa.po, fa.po, …)"  # any language CLDR knows but fr and en


def listed_languages(content: Content, layer_id: str = "") -> set[str]:
    """Languages listed by the communities that inherit this layer (every community when no layer is named),
    read from their community.yaml as is: validation says what is wrong with it."""
    found: set[str] = set()
    for community in content.communities():
        if not layer_id or community == layer_id or community.startswith(layer_id + "/"):
            languages = content.layers[community].singles["community"].node.get("languages")
            if isinstance(languages, list):
                found.update(lang for lang in languages if isinstance(lang, str))
    return found


def _load_translation(path: Path, layer: Layer | None, content: Content) -> None:
    """Apply `translations/<lang>.po` to its layer's texts, when a community of the layer lists the language:
    the file is read and parsed once, whatever the number of communities."""
    if path.suffix != ".po" or layer is None:
        return
    shown, lang = display_path(path), path.stem
    if not is_added(lang):
        content.problems.append(problem(Where(shown), N_("'{name}' is not a translation file name: a layer's "
                                                          "translations are named {known}"),
                                        name=path.name, known=KNOWN_PO_NAMES))
        return
    if lang not in listed_languages(content, layer.id):
        return  # no guide of this layer is published in that language
    text = read_text(path, content.problems)
    if text is None:
        return
    po = parse_po_file(text, shown, content.problems)
    if po is None:
        return
    if po.language not in (None, lang):  # e.g. an Arabic file saved as es.po: its texts would be shown as Spanish
        content.problems.append(problem(Where(shown), N_("this file's 'Language' header says '{found}' but its name "
                                                          "says '{lang}': rename the file or correct the header"),
                                        found=po.language, lang=lang))
        return
    apply_translation(layer, lang, po, content.problems)


def problems_in(problems: list[Problem], shown: str) -> bool:
    return any(p.where.path == shown for p in problems)


class _UnsafeHtml(HTMLParser):
    """Finds HTML that would run code in a reader's browser: scripts, event handlers, javascript: links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        if tag in UNSAFE_TAGS:
            self.found.append((line, col + 1, f"<{tag}>"))
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append((line, col + 1, f"{name}="))


# A prose file's path becomes a folder and a web address of the site: plain names only (no `"<>`, spaces, `%`).
_PROSE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
PROSE_NAME = N_("prose file name '{name}': a name may only use letters, digits, '-', '_' and '.' (it becomes a "
                "web address); rename the file or folder")


def _load_prose(path: Path, lang: str, lang_root: Path, content: Content) -> None:
    shown = display_path(path)
    rel = path.relative_to(lang_root).as_posix()
    layer = max((lid for lid in content.layers if rel.startswith(lid + "/")), key=len, default=None)
    if layer is None:
        content.problems.append(problem(Where(shown),
                                        N_("prose file is outside every region folder (e.g. {lang}/ca/…)"),
                                        lang=lang))
        return
    key = rel[len(layer) + 1:]
    if not all(_PROSE_NAME.match(part) for part in key.split("/")):
        content.problems.append(problem(Where(shown), PROSE_NAME, name=key))
        return
    text = read_text(path, content.problems)
    if text is None:
        return
    front, body, body_line = _split_front_matter(text, shown, content.problems, layer)
    if bounded("prose", _body_problems, body, shown, content.problems, body_line) is None:
        body = ""  # never rendered: the build stops on this error
    content.prose.append(Prose(lang, layer, key, shown, front, body, text))


def _body_problems(body: str, shown: str, body_line: int) -> tuple[bool | None, list[Problem]]:
    """A prose body's problems, found in the bounded child: Markdown past the bounds, HTML that runs code; and
    the body rendered once, as the build will render it, so that a text no bound foresaw stops here, in the
    child, with a message, rather than in the build. (True, []) when all is well; None when not to render."""
    found: list[Problem] = []
    trap = markdown_trap(body, page=True)
    if trap is not None:
        line, col = line_col(body, trap.offset)
        return None, [problem(Where(shown, line + body_line - 1, col), trap.message, **trap.args)]
    checker = _UnsafeHtml()
    checker.feed(body)
    checker.close()
    for line, col, what in checker.found:
        found.append(problem(Where(shown, line + body_line - 1, col),
                             N_("HTML that runs code is not allowed in prose ({what}); use plain Markdown"), what=what))
    for number, line_text in enumerate(body.splitlines(), start=body_line):
        at = line_text.lower().find("](javascript:")
        if at >= 0:
            found.append(problem(Where(shown, number, at + 2),
                                 N_("HTML that runs code is not allowed in prose ({what}); use plain Markdown"),
                                 what="javascript:"))
    for offset, message, args in text_link_problems(body):  # `tel:`, `mailto:`, http(s) checked like fields
        line, col = line_col(body, offset)
        found.append(problem(Where(shown, line + body_line - 1, col), message, **args))
    content_html(body)
    return True, found


def _split_front_matter(text: str, shown: str, problems: list[Problem], layer: str) -> tuple[Raw | None, str, int]:
    """Front matter between `---` lines, parsed with positions; returns it, the body and the body's first line."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.append(problem(Where(shown), N_("prose file must start with front matter ('---', 'title: …', '---')")))
        return None, text, 1
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            known = len(problems)
            data = parse_yaml("".join(lines[1:end]), shown, problems, line_offset=1)
            body = "".join(lines[end + 1:])
            if data is None and len(problems) > known:
                return None, body, end + 2
            data = YamlMap((0, 0)) if data is None else data  # empty front matter: its title is missing
            if not isinstance(data, YamlMap):
                problems.append(problem(Where(shown, 2, 1), N_("expected 'key: value' lines in the front matter")))
                return None, body, end + 2
            return Raw("prose", layer, shown, data, line_offset=1), body, end + 2
    problems.append(problem(Where(shown), N_("front matter is not closed: add a line '---' after it")))
    return None, text, 1
