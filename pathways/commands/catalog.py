"""Interface strings: extract every msgid (code + templates, rules in `babel.cfg`) and check the catalog of
every language under `pathways/locale/`.

    python -m pathways.commands.catalog           # check every language (exit 1 if anything is missing or wrong)
    python -m pathways.commands.catalog --lang es # check one language
    python -m pathways.commands.catalog --append  # append the msgids French lacks, with an empty msgstr, to fill in
    python -m pathways.commands.catalog --append --lang ar  # the same in ar's catalog (every plural form)

For each language it reports, one line per entry (`path:line: lang: what: "msgid"`): a msgid with no
translation, an empty one or one marked fuzzy (gettext does not use it), a plural message with a form
missing (the language's `Plural-Forms` says how many), and placeholders (`{name}`, `%(name)s`) that differ
from the msgid's — a translated string with a different placeholder fails when the page is built.

`--append` only adds entries at the end of the shared `.po` file; it never rewrites what is there.
"""

from __future__ import annotations

import argparse
import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from pathways.i18n import LOCALE_DIR

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout: babel.cfg, pathways/, templates/
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
PERCENT_NAMED = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]")


def extracted(root: Path = PROJECT_ROOT) -> dict[str, tuple[str, ...]]:
    """msgid → its plural form if any (one-element tuple otherwise), from code and templates."""
    with (root / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(root), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        ids = message if isinstance(message, tuple) else (message,)
        if ids[0]:
            found.setdefault(ids[0], ids)
    return found


def po_path(lang: str, locale_dir: Path | None = None) -> Path:
    return (locale_dir or LOCALE_DIR) / lang / "LC_MESSAGES" / "messages.po"


def catalog_languages(locale_dir: Path | None = None) -> list[str]:
    """Every language that has a catalog, French first (the reference translation), then by code."""
    langs = sorted(p.parent.parent.name for p in (locale_dir or LOCALE_DIR).glob("*/LC_MESSAGES/messages.po"))
    return sorted(langs, key=lambda lang: lang != "fr")


def read_catalog(lang: str, locale_dir: Path | None = None) -> Catalog:
    with po_path(lang, locale_dir).open("rb") as handle:
        return read_po(handle, locale=lang)


def placeholders(text: str) -> frozenset[str]:
    """The fields a translation must keep: `{name}` (str.format) and `%(name)s` (Jinja's gettext)."""
    fields = set(PERCENT_NAMED.findall(text))
    try:
        fields |= {f"{{{name}}}" for _literal, name, _spec, _conversion in string.Formatter().parse(text)
                   if name is not None}
    except ValueError:  # a lone brace: not a format string, so no field to keep
        pass
    return frozenset(fields)


@dataclass(frozen=True)
class Problem:
    """One catalog entry to fix. `line` is the entry's line in `po_file`, None when there is no entry."""
    po_file: Path
    lang: str
    msgid: str
    what: str
    line: int | None = None

    def report(self) -> str:
        where = self.po_file.relative_to(PROJECT_ROOT) if self.po_file.is_relative_to(PROJECT_ROOT) else self.po_file
        position = f"{where}:{self.line}" if self.line else f"{where}"
        return f'{position}: {self.lang}: {self.what}: "{self.msgid}"'


def _differences(expected: frozenset[str], found: frozenset[str]) -> str:
    parts = []
    if expected - found:
        parts.append("missing " + ", ".join(sorted(expected - found)))
    if found - expected:
        parts.append("not in the msgid " + ", ".join(sorted(found - expected)))
    return "; ".join(parts)


def _singular_problems(message: Message, msgid: str) -> list[str]:
    text = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
    if not text:
        return ["empty translation"]
    wrong = _differences(placeholders(msgid), placeholders(text))
    return [f"placeholders differ ({wrong})"] if wrong else []


def _plural_problems(message: Message, ids: tuple[str, ...], forms: int) -> list[str]:
    """Every form filled. A form may leave out a placeholder (Arabic writes "two services" with no number),
    never add one the msgids do not have; together the forms use every placeholder of msgid_plural."""
    if isinstance(message.string, str):
        return ["the code uses a plural message; this entry has no msgid_plural"]
    strings = (list(message.string) + [""] * forms)[:forms]
    empty = [str(index) for index, text in enumerate(strings) if not text]
    problems = [f"plural form {', '.join(empty)} missing ({forms} forms in this language)"] if empty else []
    allowed = placeholders(ids[0]) | placeholders(ids[1])
    used = frozenset().union(*(placeholders(text) for text in strings))
    for index, text in enumerate(strings):
        if added := placeholders(text) - allowed:
            problems.append(f"placeholders differ in plural form {index} (not in the msgid {', '.join(sorted(added))})")
    if not empty and placeholders(ids[1]) - used:  # judged once every form is written
        problems.append(f"placeholders differ (no plural form has {', '.join(sorted(placeholders(ids[1]) - used))})")
    return problems


def entry_problems(message: Message | None, ids: tuple[str, ...], forms: int) -> list[str]:
    """What is wrong with the entry for `ids` (msgid, and msgid_plural for a plural message)."""
    if message is None:
        return ["no translation"]
    if message.fuzzy:
        return ["translation marked fuzzy (gettext does not use it until it is reviewed)"]
    if len(ids) == 2:
        return _plural_problems(message, ids, forms)
    return _singular_problems(message, ids[0])


def problems(lang: str, ids: dict[str, tuple[str, ...]] | None = None,
             locale_dir: Path | None = None) -> list[Problem]:
    """Every problem in `lang`'s catalog for the msgids `ids` (by default, those extracted from the project)."""
    catalog = read_catalog(lang, locale_dir)
    po_file = po_path(lang, locale_dir)
    found = []
    for msgid, msg_ids in (extracted() if ids is None else ids).items():
        message = catalog.get(msgid)
        line = message.lineno if message is not None else None
        found += [Problem(po_file, lang, msgid, what, line)
                  for what in entry_problems(message, msg_ids, catalog.num_plurals)]
    return found


def missing(lang: str = "fr", root: Path = PROJECT_ROOT) -> dict[str, tuple[str, ...]]:
    """Extracted msgids with a problem (no, an empty, a fuzzy translation, a plural form or a placeholder) in `lang`."""
    ids = extracted(root)
    return {problem.msgid: ids[problem.msgid] for problem in problems(lang, ids)}


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def append_missing(lang: str = "fr") -> int:
    po_file = po_path(lang)
    catalog = read_catalog(lang)
    present = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog}
    entries = []
    for msgid, ids in missing(lang).items():
        if msgid in present:
            continue  # present but empty or wrong: fix it by hand
        flag = "#, python-brace-format\n" if "{" in msgid else ("#, python-format\n" if "%(" in msgid else "")
        if len(ids) == 2:
            forms = "".join(f'msgstr[{index}] ""\n' for index in range(catalog.num_plurals))
            entries.append(f'{flag}msgid {_po_string(ids[0])}\nmsgid_plural {_po_string(ids[1])}\n{forms}')
        else:
            entries.append(f'{flag}msgid {_po_string(msgid)}\nmsgstr ""\n')
    if entries:
        with po_file.open("a", encoding="utf-8") as handle:
            handle.write("\n" + "\n".join(entries))
    return len(entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pathways.commands.catalog", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", action="append", choices=catalog_languages(),
                        help="check only this language (repeatable); default: every language with a catalog")
    parser.add_argument("--append", action="store_true",
                        help="append msgids missing from the catalog with an empty translation (French unless --lang)")
    args = parser.parse_args(argv)
    langs = args.lang or catalog_languages()
    if args.append:
        for lang in args.lang or ["fr"]:
            print(f"{lang}: {append_missing(lang)} entries appended")
    ids = extracted()
    counts = {}
    for lang in langs:
        found = problems(lang, ids)
        for problem in found:
            print(problem.report())
        counts[lang] = len(found)
    todo = {lang: count for lang, count in counts.items() if count}
    if todo:
        print("to fix: " + ", ".join(f"{lang} {count}" for lang, count in todo.items()), file=sys.stderr)
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main())
