"""Migration (issue 24): the content format's keys renamed to their Open Referral HSDS 3.0 names.

    python3 scripts/migrate_hsds_names.py content            # rewrite in place
    python3 scripts/migrate_hsds_names.py content --dry-run  # print what it would change

In `services.yaml`: `cost` → `fees_description`, `documents` → `required_documents`, `how_to_access` →
`application_process`; in `locations.yaml`: an address's `region` → `state_province`; in the translation files
(`translations/*.po`), the `msgctxt` of those texts (`services/<id>/cost` → `services/<id>/fees_description`), so
no translation is lost. Only the keys change: values, comments and layout stay as they were. `check` refuses
the old keys with "did you mean" the new one, so a folder this script missed says where.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SERVICE_KEYS = {"cost": "fees_description", "documents": "required_documents", "how_to_access": "application_process"}
ADDRESS_KEYS = {"region": "state_province"}


def _keys(names: dict[str, str]) -> re.Pattern[str]:
    # A key starts a line (block style, after "- " for a record's first key) or follows "{" or "," (flow style).
    return re.compile(r"(?P<before>^[ \t]*(?:- )?|[{,][ \t]*)(?P<key>%s)(?P<after>[ \t]*:(?:[ \t]|$))"
                      % "|".join(map(re.escape, names)), re.M)


RULES = {
    "services.yaml": (_keys(SERVICE_KEYS), SERVICE_KEYS),
    "locations.yaml": (_keys(ADDRESS_KEYS), ADDRESS_KEYS),
}
MSGCTXT = re.compile(r'^(?P<before>(?:#~ )?msgctxt "services/[^/"]+/)(?P<key>%s)(?P<after>[\["])'
                     % "|".join(map(re.escape, SERVICE_KEYS)), re.M)


def migrated(path: Path, text: str) -> str:
    if path.name in RULES:
        pattern, names = RULES[path.name]
        return pattern.sub(lambda m: m["before"] + names[m["key"]] + m["after"], text)
    if path.suffix == ".po" and path.parent.name == "translations":
        return MSGCTXT.sub(lambda m: m["before"] + SERVICE_KEYS[m["key"]] + m["after"], text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    changed = 0
    for path in sorted((args.content / "regions").rglob("*")):
        if not path.is_file() or (path.name not in RULES and path.suffix != ".po"):
            continue
        text = path.read_text(encoding="utf-8")
        new = migrated(path, text)
        if new != text:
            changed += 1
            count = sum(a != b for a, b in zip(text.splitlines(), new.splitlines()))
            print(f"{path}: {count} line(s)")
            if not args.dry_run:
                path.write_text(new, encoding="utf-8")
    print(f"{changed} file(s) {'would change' if args.dry_run else 'changed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
