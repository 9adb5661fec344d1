"""`pathways schema`: JSON Schema for every content file kind, for editors that complete and check YAML."""

from __future__ import annotations

import argparse
import json

from pathways.content.schema import schemas
from pathways.i18n import N_, gettext_for


def run_schema(args: argparse.Namespace) -> None:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, document in schemas().items():
        (args.out / f"{name}.schema.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                                                      encoding="utf-8")
    print(gettext_for(args.lang)(N_("JSON Schema written to {path}")).format(path=args.out))
