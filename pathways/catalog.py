"""Interface strings: extract every msgid (code + templates, rules in `babel.cfg`) and compare with
the French catalog.

    python -m pathways.catalog          # list msgids without a French translation (exit 1 if any)
    python -m pathways.catalog --append # append them to messages.po with an empty msgstr, to fill in

`--append` only adds entries at the end of the shared `.po` file; it never rewrites what is there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from .i18n import LOCALE_DIR

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


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


def missing(lang: str = "fr", root: Path = PROJECT_ROOT) -> dict[str, tuple[str, ...]]:
    """Extracted msgids with no (or an empty) translation in `lang`."""
    po_file = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    result = {}
    for msgid, ids in extracted(root).items():
        message = catalog.get(msgid)
        strings = message.string if message is not None else None
        values = strings if isinstance(strings, tuple) else (strings,)
        if message is None or not all(values):
            result[msgid] = ids
    return result


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def append_missing(lang: str = "fr") -> int:
    po_file = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    entries = []
    with po_file.open("rb") as handle:
        present = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle, locale=lang)}
    for msgid, ids in missing(lang).items():
        if msgid in present:
            continue  # present but empty: fill it by hand
        flag = "#, python-brace-format\n" if "{" in msgid else ("#, python-format\n" if "%(" in msgid else "")
        if len(ids) == 2:
            entries.append(f'{flag}msgid {_po_string(ids[0])}\nmsgid_plural {_po_string(ids[1])}\n'
                           'msgstr[0] ""\nmsgstr[1] ""\n')
        else:
            entries.append(f'{flag}msgid {_po_string(msgid)}\nmsgstr ""\n')
    if entries:
        with po_file.open("a", encoding="utf-8") as handle:
            handle.write("\n" + "\n".join(entries))
    return len(entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pathways.catalog", description=__doc__.split("\n\n")[0])
    parser.add_argument("--append", action="store_true", help="append missing msgids with an empty translation")
    args = parser.parse_args(argv)
    if args.append:
        print(f"{append_missing()} entries appended")
    todo = missing()
    for msgid in todo:
        print(msgid)
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main())
