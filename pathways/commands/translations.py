"""`pathways translations add|export|import`: the PO files of a language, started, written and merged back.

`add LANG` starts a language any CLDR data knows (pa, fa, tl, ti…): it writes the PO file of every layer
from the reference texts (as `export` does) and says what CLDR gives the language (its name, direction,
plural forms) and which font the booklets will use; the language is published once a community lists it.

`export` writes `content/regions/<layer>/translations/<lang>.po` for every layer that has texts: one entry
per text, the reference text as msgid (English unless `--from fr`), the other reference language as an
extracted comment, the YAML file and line as location. Translations already there are kept; one whose
reference text changed is kept but marked fuzzy, with the text it was made from as previous msgid (`#|`);
texts that no longer exist become obsolete (`#~`). Nothing in the output depends on the time or the machine.

`import` merges the msgstr of PO files sent back by a translator or a platform (Weblate, Pontoon, Poedit)
into those files, after the checks any translated text passes; `--machine-json` does the same from the
machine translations of a whole language (`<layer with __ for />.json`: `{msgctxt: text}`), marking each
entry as a machine translation. Problems are printed all at once, `path:line:col: message`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.plurals import get_plural

from pathways.commands.arguments import add_translations
from pathways.commands.common import load_for, print_report
from pathways.errors import Failed, UsageError
from pathways.i18n import N_, direction, gettext_for, language_name, long_date, native_name
from pathways.content.load import Content, Layer, display_path, parse_json, parse_po_file, read_text
from pathways.content.pofile import Entry, PoFile, message, render
from pathways.errors import Problem, Report, Where, closest, problem
from pathways.content.translations import (FOLDER, MACHINE, State, entry_problems, layer_texts,
                                          other_language, same_text, state_of)

HEADER = ("# {lang} translations of the layer {layer} of a pathways guide.\n"
          "# Each msgid is the {source} reference text: translate it in msgstr.\n"
          "# An entry marked fuzzy is outdated: its reference text changed since\n"
          "# it was translated (the text it was made from follows '#| msgid').")


@dataclass(frozen=True)
class Target:
    """One text of a layer that an imported entry may translate."""

    layer: Layer
    reference: dict  # the text mapping in the YAML


add_parser = add_translations  # its command line lives in arguments.py (parsing imports no content reader)


def run_translations(args: argparse.Namespace) -> None:
    lang = args.target
    if args.action == "import" and not args.files and args.machine_json is None:
        raise UsageError(gettext_for(args.lang)(N_("name the PO files to import, or --machine-json FOLDER")))
    content = load_for(args)
    report = Report()
    report.extend(content.problems)
    old = stored_files(content, lang, report)
    if report.errors:  # never rewrite PO files from content or PO files that did not load: texts would be lost
        print_report(report, args.lang)
        raise Failed
    if args.action in ("add", "export"):
        written = export(content, lang, args.source, old)
    else:
        overrides = imported(content, lang, args.files, old, report)
        if args.machine_json is not None:
            overrides.update(machine(content, args.machine_json, old, report))
        written = export(content, lang, None, old, overrides) if overrides else []
    _ = gettext_for(args.lang)
    for path, found in written:
        print(_(N_("{path}: {translated} translated, {outdated} outdated, {missing} missing")).format(
            path=path, translated=found[State.translated], outdated=found[State.outdated],
            missing=found[State.missing]))
    if args.action == "add":
        print_language(lang, _)
    if report.problems:
        print_report(report, args.lang)
    if report.errors:
        raise Failed


def print_language(lang: str, _) -> None:
    """What CLDR says of the language, and the font its booklets will use (or the package that gives one)."""
    from pathways.output.fonts import font_for, missing_font_message  # noqa: PLC0415 - output stage, only here

    print(_(N_("{name} ({code}): written {direction}, {plurals} plural forms; dates such as {date}")).format(
        name=native_name(lang), code=lang, direction=direction(lang), plurals=get_plural(lang).num_plurals,
        date=long_date(dt.date(2026, 12, 7), lang)))
    font = font_for(lang)
    if font is None:
        print(missing_font_message(lang, _))
    else:
        print(_(N_("booklets in {name} will use the font {font}")).format(name=native_name(lang), font=font.family))
    print(_(N_("to publish it, add {code} to 'languages' in the community.yaml of each community that has it"))
          .format(code=lang))


# ---------------------------------------------------------------- export


def po_path(layer: Layer, lang: str) -> Path:
    return layer.path / FOLDER / f"{lang}.po"


def stored_files(content: Content, lang: str, report: Report) -> dict[str, PoFile | None]:
    """Layer → its PO file in `lang` as it is now (None: there is none yet); problems go to `report` (load does
    not read the files of a language no community lists yet)."""
    found: dict[str, PoFile | None] = {}
    for layer_id, layer in content.layers.items():
        path, problems = po_path(layer, lang), []
        text = read_text(path, problems, empty_ok=True) if path.exists() else None
        found[layer_id] = _parsed(text, display_path(path), problems) if text else None
        report.extend(p for p in problems if p not in report.problems)
    return found


def export(content: Content, lang: str, source: str | None, stored: dict[str, PoFile | None],
           overrides: dict[tuple[str, str], Entry] | None = None) -> list[tuple[str, dict[State, int]]]:
    """Write the PO file of every layer with texts; `overrides` (layer, context) → entry come from an import."""
    written = []
    for layer_id, layer in sorted(content.layers.items()):
        old = stored.get(layer_id)
        chosen = source or (old.source_language if old and old.source_language else "en")
        mine = {ctx: entry for (lid, ctx), entry in (overrides or {}).items() if lid == layer_id}
        entries, obsolete, found = layer_messages(content.root, layer, chosen, old, mine)
        if not entries and old is None:
            continue
        path = po_path(layer, lang)
        text = render(lang, chosen, layer_id, HEADER.format(lang=language_name(lang, "en").capitalize(), layer=layer_id,
                                                           source=language_name(chosen, "en").capitalize()),
                      entries, obsolete)
        path.parent.mkdir(exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:  # unchanged files keep their date
            path.write_text(text, encoding="utf-8")
        written.append((display_path(path), found))
    return written


def layer_messages(root: Path, layer: Layer, source: str, old: PoFile | None,
                   overrides: dict[str, Entry]) -> tuple[list[Message], list[Message], dict[State, int]]:
    """The entries of one layer's PO file, its obsolete entries and how many texts are in each state."""
    kept = {entry.context: entry for entry in (*old.obsolete, *old.entries)} if old else {}
    other = other_language(source)
    entries, found = [], dict.fromkeys(State, 0)
    for ctx, raw, loc, mapping in layer_texts(layer):
        previous = overrides.get(ctx) or kept.get(ctx)
        kept.pop(ctx, None)
        where = raw.where(loc)
        location = (os.path.relpath(Path(where.path).absolute(), root.absolute()).replace(os.sep, "/"), where.line)
        entry = updated(previous, mapping[source], mapping[other])
        found[state_of(entry, mapping[source], mapping[other])] += 1
        entries.append(message(ctx, mapping[source], entry.text, fuzzy=entry.fuzzy, previous=entry.previous,
                               comments=entry.comments, auto_comments=(entry.other or mapping[other],),
                               locations=(location,)))
    obsolete = [message(e.context, e.source, e.text, comments=e.comments) for e in kept.values() if e.text]
    return entries, obsolete, found


def updated(previous: Entry | None, reference: str, other: str) -> Entry:
    """The entry for a text whose reference texts are now `reference` (the msgid) and `other` (the extracted
    comment), keeping what was translated before: a translation made from another text in either reference
    language is kept, marked fuzzy (with the msgid it was made from, when that one changed). The extracted
    comment always shows the other reference text as it is now: once a translator clears the fuzzy mark,
    the translation is current with both."""
    if previous is None or not previous.text:
        return Entry("", reference, "", comments=previous.comments if previous else (), other=other)
    other_changed = previous.other is not None and not same_text(previous.other, other)
    if previous.source == reference:
        kept = previous.previous if previous.fuzzy else None
        return replace(previous, previous=kept, other=other, fuzzy=previous.fuzzy or other_changed)
    made_from = previous.previous if previous.fuzzy and previous.previous else previous.source
    return replace(previous, source=reference, fuzzy=True, previous=made_from, other=other)


# ---------------------------------------------------------------- import


def targets(content: Content) -> dict[str, dict[str, Target]]:
    """Layer → context → the text it names."""
    return {layer_id: {ctx: Target(layer, mapping) for ctx, _, _, mapping in layer_texts(layer)}
            for layer_id, layer in content.layers.items()}


def imported(content: Content, lang: str, files: list[Path], stored: dict[str, PoFile | None],
             report: Report) -> dict[tuple[str, str], Entry]:
    """The entries of `files` that may be merged, keyed by (layer, context); problems go to `report`."""
    known, before = targets(content), _by_context(stored)
    merged: dict[tuple[str, str], Entry] = {}
    for path in files:
        found: list[Problem] = []
        text = read_text(path, found)
        po = _parsed(text, display_path(path), found) if text is not None else None
        if po is not None and po.language not in (None, lang):
            found.append(problem(Where(po.path), N_("this file's translations are in '{found}' (its 'Language' "
                                                    "header), not in '{lang}': nothing was imported from it"),
                                 found=po.language, lang=lang))
            po = None
        report.extend(found)
        for entry in po.entries if po else ():
            target = _target(po, entry, known, report)
            if target is not None and entry.text.strip():
                checked = _checked(po, entry, target, report)
                now = before.get(target.layer.id, {}).get(entry.context)
                if checked is not None and not _same(now, checked):
                    merged[(target.layer.id, entry.context)] = checked
    return merged


def _parsed(text: str, shown: str, found: list[Problem]) -> PoFile | None:
    return parse_po_file(text, shown, found)


def _target(po: PoFile, entry: Entry, known: dict[str, dict[str, Target]], report: Report) -> Target | None:
    """The text an entry translates: in the layer the file names, else the one layer that has its context."""
    layers = [po.layer] if po.layer in known else [lid for lid in sorted(known) if entry.context in known[lid]]
    if len(layers) == 1 and entry.context in known[layers[0]]:
        return known[layers[0]][entry.context]
    where = Where(po.path, entry.line, 1)
    if len(layers) > 1:
        report.add(problem(where, N_("msgctxt '{context}' is in several layers ({layers}) and this file does not "
                                     "say which (header 'Project-Id-Version: pathways <layer>'): import the "
                                     "file exported for one layer"), context=entry.context, layers=", ".join(layers)))
        return None
    contexts = {ctx for lid in (layers or known) for ctx in known[lid]}
    hint = closest(entry.context, contexts)
    report.add(problem(where, N_("unknown msgctxt '{context}'; did you mean '{hint}'?") if hint else
                       N_("unknown msgctxt '{context}': no text of the content has it (was it removed?)"),
                       context=entry.context, hint=hint or ""))
    return None


def _checked(po: PoFile, entry: Entry, target: Target, report: Report) -> Entry | None:
    """The entry as it will be stored (fuzzy when its msgid is not today's reference text), or None."""
    source = po.source_language or "en"
    reference, other = target.reference.get(source, ""), target.reference.get(other_language(source), "")
    outdated = entry.source != reference or (entry.other is not None and not same_text(entry.other, other))
    found = entry_problems(entry, entry.source if outdated else reference, po.path)
    report.extend(found)
    if found:
        return None
    if outdated:
        report.add(problem(Where(po.path, entry.line, 1), N_("this msgid is no longer the reference text (it was "
                                                             "changed since): imported as fuzzy, i.e. outdated; "
                                                             "it is not shown until a translator updates it"),
                           warning=True))
        return replace(entry, fuzzy=True, previous=entry.source)
    return replace(entry, comments=tuple(c for c in entry.comments if c != MACHINE),  # a person's from now on
                   previous=entry.previous if entry.fuzzy else None)


def _same(now: Entry | None, imported: Entry) -> bool:
    """An entry sent back as it was exported changes nothing (it keeps its machine-translation mark)."""
    return now is not None and (now.source, now.text, now.fuzzy) == (imported.source, imported.text, imported.fuzzy)


def machine(content: Content, folder: Path, stored: dict[str, PoFile | None],
            report: Report) -> dict[tuple[str, str], Entry]:
    """Machine translations `<folder>/<layer with __>.json` as entries, each marked as a machine translation.
    A translation by a person (an entry without that mark) is never replaced by a machine's."""
    known, before = targets(content), _by_context(stored)
    merged: dict[tuple[str, str], Entry] = {}
    for layer_id in sorted(known):
        path = folder / f"{layer_id.replace('/', '__')}.json"
        texts = _machine_texts(path, report) if path.is_file() else {}
        po = PoFile(display_path(path), "en", (), layer=layer_id)
        for ctx, text in texts.items():
            target = known[layer_id].get(ctx)
            entry = Entry(ctx, target.reference["en"] if target else "", text, comments=(MACHINE,))
            if _target(po, entry, known, report) is None or not text.strip() or _by_a_person(before, layer_id, ctx):
                continue
            found = entry_problems(entry, entry.source, po.path)
            report.extend(found)
            if not found:
                merged[(layer_id, ctx)] = entry
    return merged


def _machine_texts(path: Path, report: Report) -> dict[str, str]:
    shown = display_path(path)
    unreadable: list[Problem] = []
    text = read_text(path, unreadable)
    data, where = parse_json(text, shown, unreadable) if text is not None else ({}, None)
    report.extend(unreadable)
    where = where or Where(shown)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        report.add(problem(where, N_("this file is not JSON of the form {{\"msgctxt\": \"translated text\", …}}: "
                                     "nothing was imported from it")))
        return {}
    return data


def _by_a_person(before: dict[str, dict[str, Entry]], layer_id: str, ctx: str) -> bool:
    entry = before.get(layer_id, {}).get(ctx)
    return entry is not None and bool(entry.text.strip()) and MACHINE not in entry.comments


def _by_context(stored: dict[str, PoFile | None]) -> dict[str, dict[str, Entry]]:
    """Layer → context → the entry of the content's PO file as it is now."""
    return {layer_id: {entry.context: entry for entry in po.entries} if po else {} for layer_id, po in stored.items()}
