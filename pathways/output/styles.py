"""Stylesheets limited to the rules a language's pages can use (issue 25 item 6: light for any host).

Material's stylesheet is 138 KB and render-blocking; our pages use a fraction of it. Once MkDocs wrote a
language, each stylesheet of `<lang>/assets/stylesheets/` is written again from its source (the theme's
file, never an earlier output) without the rules whose selectors can match no element of any page of the
language. The CSS is parsed with tinycss2 (a WeasyPrint dependency, maintained by the same people).

A rule is dropped only when it is proven unused; the proof is deliberately coarse (what PurgeCSS does):
the pages' tag names, classes, ids and attributes (with their values) are collected, and a selector can
match only if every class, id, element name and attribute it asks for is in that set. What cannot be
proven is kept: states and pseudo-classes (`:hover`, `:checked`, `:target`, `:not(…)`, `:has(…)`,
`:dir(…)`) ask for nothing; `:is(…)`/`:where(…)` ask for what one of their arguments asks for; every word
of the scripts the language ships (ours and Pagefind's) counts as a possible class, id, element name or
attribute (a script may add it), and an attribute a script names may take any value. `@media`,
`@supports`, `@layer` and `@container` blocks are pruned inside and dropped when empty; in a kept rule's
selector list, the plain selectors proven unused are dropped (see `_trimmed`); every other
at-rule (`@font-face`, `@page`, `@charset`) is kept as it is, and `@keyframes` when a kept `animation`
names it (or a script might). The result is a function of
the source and the pages alone: a rebuild and a clean build write the same bytes.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from pathways.engine import cache
from pathways.engine.cache import digest
from pathways.resources import OVERRIDES, TEMPLATES

FOLDER = "assets/stylesheets"  # in a language folder
PRINT_SOURCES = TEMPLATES / "print"  # web-print.css (render.py copies it into the pages' assets)
PRUNED_BLOCKS = ("media", "supports", "layer", "container")  # at-rules holding rules: pruned inside
ANY_OF = ("is", "where", "matches", "-webkit-any", "-moz-any")  # match when one of their arguments can

TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
OPERATOR_PARTS = ("~", "|", "^", "$", "*", "=", "~=", "|=", "^=", "$=", "*=")  # as tinycss2 gives them
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
VARIABLE = re.compile(r"--[A-Za-z0-9_-]+")  # a custom property's name, wherever a page or a script writes it
VARIABLE_READ = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")


@dataclass
class Used:
    """What the pages of a language hold (and what their scripts may add)."""

    tags: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    attributes: dict[str, set[str]] = field(default_factory=dict)
    scripted: set[str] = field(default_factory=set)  # every word of the scripts
    scripts: set[str] = field(default_factory=set)  # the names of the scripts the pages load
    variables: set[str] = field(default_factory=set)  # custom property names the pages and scripts write

    def add_page(self, text: str) -> None:
        self.variables.update(VARIABLE.findall(text))
        for tag in TAG.finditer(text):
            self.tags.add(tag[1].lower())
            for attribute in ATTRIBUTE.finditer(tag[2]):
                name = attribute[1].lower()
                value = attribute[2] if attribute[2] is not None else attribute[3] if attribute[3] is not None \
                    else attribute[4] or ""
                self.attributes.setdefault(name, set()).add(value)
                if name == "class":
                    self.classes.update(value.split())
                elif name == "id":
                    self.ids.add(value)
                elif name == "src" and tag[1].lower() == "script":
                    self.scripts.add(value.rsplit("/", 1)[-1])

    def add_script(self, text: str) -> None:
        self.scripted.update(WORD.findall(text))
        self.variables.update(VARIABLE.findall(text))

    def key(self) -> str:
        return digest(*sorted(self.tags), "\0", *sorted(self.classes), "\0", *sorted(self.ids), "\0",
                      *[f"{name}={value}" for name in sorted(self.attributes) for value in sorted(self.attributes[name])],
                      "\0", *sorted(self.scripted), "\0", *sorted(self.variables))


def limit_stylesheets(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Write each stylesheet of the language again, without the rules its pages cannot use; returns each
    one's size (source, written), by name."""
    folder = site_dir / FOLDER
    sources = {sheet.name: source_of(sheet.name) for sheet in sorted(folder.glob("*.css"))} if folder.is_dir() else {}
    texts = {name: source.read_text(encoding="utf-8") for name, source in sources.items() if source is not None}
    if not texts:  # not files of ours or of the theme: left as they are
        return {}
    used = used_in(site_dir)
    key = digest(cache.tool_key_once(), "styles", used.key(), *[part for name in texts for part in (name, texts[name])])
    found = cache.get_bytes("styles", key)
    try:
        limited: dict[str, str] = json.loads(found) if found is not None else None
    except ValueError:  # a damaged entry: made again
        limited = None
    if limited is None or sorted(limited) != sorted(texts):
        limited = limit(texts, used)
        cache.put_bytes("styles", key, json.dumps(limited).encode("utf-8"))
    for name, text in limited.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: (len(texts[name].encode("utf-8")), len(text.encode("utf-8"))) for name, text in limited.items()}


def used_in(site_dir: Path) -> Used:
    used = Used()
    for page in sorted(site_dir.rglob("*.html")):
        used.add_page(page.read_text(encoding="utf-8"))
    for script in sorted(site_dir.rglob("*.js")):  # the scripts the pages load (not Pagefind's other UIs)
        if script.name in used.scripts:
            used.add_script(script.read_text(encoding="utf-8"))
    return used


def source_of(name: str) -> Path | None:
    """The file a stylesheet of the output was copied from: our overrides, the theme, the print styles."""
    for folder in (OVERRIDES / FOLDER, _theme_folder(), PRINT_SOURCES):
        if (folder / name).is_file():
            return folder / name
    return None


@functools.cache
def _theme_folder() -> Path:
    import material  # the theme's package: its stylesheets are where MkDocs copies them from

    return Path(material.__file__).parent / "templates" / FOLDER


def limit(texts: dict[str, str], used: Used) -> dict[str, str]:
    """The stylesheets (by name) without the rules `used` proves unused, then without the custom properties
    (`--name: …`) nothing reads any more: no kept declaration (`var(--name…)`), page or script."""
    kept = {name: _kept(_parsed(text), used) for name, text in texts.items()}
    read = set(used.variables)
    custom: list[tuple[str, frozenset[str]]] = []  # each kept custom property, with what its value reads
    for items in kept.values():
        for rule in _rules(items):
            for name, _text, reads in rule.declarations:
                if name.startswith("--"):
                    custom.append((name, reads))
                else:
                    read |= reads
    animated = set(used.scripted)  # the animations a kept rule (or a script) may start
    for items in kept.values():
        for rule in _rules(items):
            for name, text, _reads in rule.declarations:
                if name in ANIMATION:
                    animated.update(WORD.findall(text.split(":", 1)[-1]))
    grown = True
    while grown:  # a property read only by a property nobody reads is not read either
        before = len(read)
        for name, reads in custom:
            if name in read:
                read |= reads
        grown = len(read) > before
    return {name: "".join(_written(items, read, animated)) for name, items in kept.items()}


@dataclass(frozen=True)
class Rule:
    selectors: list  # type: ignore[type-arg]  # the prelude's tokens
    prelude: str
    declarations: list[tuple[str, str, frozenset[str]]]  # (name, as written, the custom properties it reads)


@dataclass(frozen=True)
class Keyframes:
    name: str
    text: str  # as written


ANIMATION = ("animation", "animation-name", "-webkit-animation", "-webkit-animation-name")


@dataclass(frozen=True)
class Block:
    head: str  # `@media screen and (…)`
    items: list  # type: ignore[type-arg]


@functools.lru_cache(maxsize=16)
def _parsed(text: str) -> list[Rule | Block | Keyframes | str]:
    """A stylesheet as rules, blocks of rules and other text (kept as written); parsed once per process."""
    import tinycss2

    return _items(tinycss2.parse_stylesheet(text))


def _items(rules: list) -> list[Rule | Block | Keyframes | str]:  # type: ignore[type-arg]
    import tinycss2

    items: list[Rule | Block | Keyframes | str] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            declarations = [(item.lower_name if not item.name.startswith("--") else item.name, item.serialize(),
                             frozenset(VARIABLE_READ.findall(tinycss2.serialize(item.value))))
                            for item in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
                            if item.type == "declaration"]
            items.append(Rule(rule.prelude, tinycss2.serialize(rule.prelude), declarations))
        elif rule.type == "at-rule" and rule.lower_at_keyword in PRUNED_BLOCKS and rule.content is not None:
            items.append(Block(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}",
                               _items(tinycss2.parse_blocks_contents(rule.content))))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("keyframes", "-webkit-keyframes"):
            items.append(Keyframes(tinycss2.serialize(rule.prelude).strip().strip("\"'"), rule.serialize()))
        elif rule.type in ("comment", "whitespace"):  # for whoever edits the source, not for the reader's link
            continue
        elif hasattr(rule, "serialize"):  # other at-rules; a parse error is kept as written
            items.append(rule.serialize())
    return items


def _kept(items: list[Rule | Block | Keyframes | str], used: Used) -> list[Rule | Block | Keyframes | str]:
    kept: list[Rule | Block | Keyframes | str] = []
    for item in items:
        if isinstance(item, Rule):
            if _possible_list(item.selectors, used):
                kept.append(_trimmed(item, used))
        elif isinstance(item, Block):
            inner = _kept(item.items, used)
            if inner:
                kept.append(Block(item.head, inner))
        else:
            kept.append(item)
    return kept


def _trimmed(rule: Rule, used: Used) -> Rule:
    """The rule without the selectors of its list that are proven unused and plain (element names, classes,
    ids, attributes and combinators only). The others match what they matched, each with its own
    specificity; and since a plain selector is valid in every browser, dropping one never makes a list
    valid that a browser refused whole (as a list holding `::-moz-…` is in Chrome)."""
    import tinycss2

    parts = _split(rule.selectors)
    kept = [part for part in parts if _possible(part, used) or not _plain(part)]
    if len(kept) == len(parts):
        return rule
    return Rule(rule.selectors, ",".join(tinycss2.serialize(part).strip() for part in kept), rule.declarations)


def _plain(tokens: list) -> bool:  # type: ignore[type-arg]
    return all(token.type in ("ident", "hash", "whitespace", "[] block") or token.type == "literal"
               and token.value in (".", ">", "+", "~", "*") for token in tokens)


def _rules(items: list[Rule | Block | Keyframes | str]) -> Iterator[Rule]:
    for item in items:
        if isinstance(item, Rule):
            yield item
        elif isinstance(item, Block):
            yield from _rules(item.items)


def _written(items: list[Rule | Block | Keyframes | str], read: set[str], animated: set[str]) -> list[str]:
    """The kept items as CSS, each rule without the custom properties nobody reads (left empty: gone), and
    the animations nothing may start left out."""
    written = []
    for item in items:
        if isinstance(item, Rule):
            declarations = [text for name, text, _reads in item.declarations if not name.startswith("--") or name in read]
            if declarations or not item.declarations:
                written.append(f"{item.prelude}{{{';'.join(declarations)}}}")
        elif isinstance(item, Block):
            inner = _written(item.items, read, animated)
            if inner:
                written.append(f"{item.head}{{{''.join(inner)}}}")
        elif isinstance(item, Keyframes):
            if item.name in animated:
                written.append(item.text)
        else:
            written.append(item)
    return written


def _split(tokens: list) -> list[list]:  # type: ignore[type-arg]
    """A selector list, split at its top-level commas."""
    parts: list[list] = [[]]  # type: ignore[type-arg]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _possible_list(tokens: list, used: Used) -> bool:  # type: ignore[type-arg]
    return any(_possible(part, used) for part in _split(tokens))


def _possible(tokens: list, used: Used) -> bool:  # type: ignore[type-arg]
    """Whether one complex selector may match an element of the pages (False only when proven not)."""
    scripted = used.scripted
    position = 0
    while position < len(tokens):
        token = tokens[position]
        position += 1
        kind = token.type
        if kind == "ident":  # an element name
            name = token.lower_value
            if name not in used.tags and name not in scripted:
                return False
        elif kind == "hash":
            if token.value not in used.ids and token.value not in scripted:
                return False
        elif kind == "literal" and token.value == "." and position < len(tokens) and tokens[position].type == "ident":
            name = tokens[position].value
            position += 1
            if name not in used.classes and name not in scripted:
                return False
        elif kind == "literal" and token.value == ":":
            if position < len(tokens) and tokens[position].type == "literal" and tokens[position].value == ":":
                position += 1  # a pseudo-element: asks for nothing more
            if position < len(tokens):
                pseudo = tokens[position]
                position += 1
                if pseudo.type == "function" and pseudo.lower_name in ANY_OF and not _possible_list(pseudo.arguments, used):
                    return False
        elif kind == "[] block" and not _attribute_possible(token.content, used):
            return False
    return True


def _attribute_possible(content: list, used: Used) -> bool:  # type: ignore[type-arg]
    """`[name]`, `[name=value]`, `[name^=value i]`…: the attribute is on a page (or a script names it),
    with a value that fits (any value, when a script names the attribute)."""
    tokens = [token for token in content if token.type != "whitespace"]
    if not tokens or tokens[0].type != "ident":
        return True  # a namespace or something unexpected: nothing proven
    name = tokens[0].lower_value
    if name in used.scripted:
        return True
    values = used.attributes.get(name)
    if values is None:
        return False
    rest = tokens[1:]
    operator = ""
    while rest and rest[0].type == "literal" and rest[0].value in OPERATOR_PARTS:
        operator += rest[0].value
        rest = rest[1:]
    if not operator or not rest or rest[0].type not in ("ident", "string"):
        return True
    wanted = rest[0].value
    folded = len(rest) > 1 and rest[1].type == "ident" and rest[1].lower_value == "i"
    if folded:
        wanted = wanted.lower()
    for value in values:
        value = value.lower() if folded else value
        if (operator == "=" and value == wanted
                or operator == "~=" and wanted in value.split()
                or operator == "|=" and (value == wanted or value.startswith(wanted + "-"))
                or operator == "^=" and wanted and value.startswith(wanted)
                or operator == "$=" and wanted and value.endswith(wanted)
                or operator == "*=" and wanted and wanted in value):
            return True
    return False
