"""Property: whatever garbage a content file holds, checking only ever returns problems; it never raises."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import yaml

from helpers import FIXTURE
from pathways.commands.check import check

TARGETS = ["regions/ca/ab/testville/services.yaml", "regions/ca/programs.yaml", "regions/ca/ab/testville/community.yaml",
           "regions/ca/ab/index.yaml", "fr/ca/ab/testville/pages/about.md", "regions/ca/statuses.yaml"]
KEYS = ["id", "name", "fr", "en", "values", "eligibility", "statuses", "others", "references", "verified_on",
        "2026-04-01", "parent", "applies_to", "hidden", "programs", "title", "url", "value", "nmae"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12),
                    st.sampled_from(["eligible", "2026-02-30", "pr", "settlement", "https://x.org", "ftp://x"]))
trees = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
                     max_leaves=25)


def _dump(tree) -> str:
    return yaml.safe_dump(tree, allow_unicode=True)


contents = st.one_of(trees.map(_dump), st.text(max_size=300), st.binary(max_size=200))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(TARGETS), data=contents)
def test_garbled_content_gives_problems_never_exceptions(target, data):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "content"
        shutil.copytree(FIXTURE, root)
        path = root / target
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        result = check(root, None, dt.date(2026, 11, 21))
        for item in result.report.problems:  # every problem renders in both languages
            assert item.render("fr") and item.render("en")
            assert item.where.line >= 1 and item.where.col >= 1
