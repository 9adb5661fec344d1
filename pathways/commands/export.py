"""`pathways export hsds --community ID --out DIR`: the checked guide of one community as an Open Referral
HSDS 3.0 data package (`output/hsds.py`), its verdicts as of `--as-of`.

The guide is checked first, as `build` does: a guide with content errors is not exported (exit 1).
"""

from __future__ import annotations

import argparse

from pathways.commands.check import check_content
from pathways.commands.common import communities_arg, load_for, print_report
from pathways.content.load import display_path
from pathways.errors import Failed, UsageError
from pathways.i18n import N_, gettext_for
from pathways.output.hsds import write_package


def run_export(args: argparse.Namespace) -> None:
    _ = gettext_for(args.lang)
    content = load_for(args)
    if not args.community:
        raise UsageError(_(N_("name the community to export: --community ID")))
    communities = communities_arg(args, content)
    result = check_content(content, communities, args.as_of)
    if result.report.failed():
        print_report(result.report, args.lang)
        raise Failed
    checked = result.communities[communities[0]]
    written = write_package(checked.guide, checked.evaluation, args.out)
    print(_(N_("HSDS 3.0 data package written to {path} ({count} files), verdicts as of {date}.")).format(
        path=display_path(args.out), count=len(written), date=args.as_of.isoformat()))
