"""The in-place YAML edits of `review import` (pathways/commands/yamledit.py): only the lines concerned change,
comments and the partner's layout stay, and the result is the YAML meant."""

from __future__ import annotations

import yaml

from pathways.commands import yamledit

TEXT = """\
# a comment that stays
- id: office
  name: {fr: Bureau, en: Office}
  address:
    address_1: 1 Old Street   # moved since
    city: Testville
    region: AB
  references:
    - {source: centre, verified_on: 2026-06-01}
  verified_on: 2026-06-01
  review_by: 2026-09-01
- id: other
  references: []
  verified_on: 2026-06-01
"""


def edited(*make) -> str:
    root = yamledit.compose(TEXT)
    record = yamledit.record(root, "office")
    return yamledit.apply(TEXT, [m(root, record) for m in make])


def test_a_block_value_is_replaced_and_the_next_key_keeps_its_line():
    text = edited(lambda root, r: yamledit.set_key(TEXT, r, "address", "{address_1: 2 New Street, city: Testville, "
                                                                        "region: AB}"))
    data = yaml.safe_load(text)
    assert data[0]["address"] == {"address_1": "2 New Street", "city": "Testville", "region": "AB"}
    assert text.startswith("# a comment that stays\n") and "  references:\n" in text


def test_keys_are_added_after_verified_on_and_removed_with_their_line():
    text = edited(lambda root, r: yamledit.set_key(TEXT, r, "method", "website"),
                  lambda root, r: yamledit.set_key(TEXT, r, "by", "MT"),
                  lambda root, r: yamledit.remove_key(TEXT, r, "review_by"))
    assert "  verified_on: 2026-06-01\n  method: website\n  by: MT\n- id: other\n" in text
    assert "review_by" not in text


def test_flow_mappings_and_lists_are_edited_inside_their_brackets():
    root = yamledit.compose(TEXT)
    office, other = yamledit.record(root, "office"), yamledit.record(root, "other")
    citation = yamledit.at(office, "references", 0)
    text = yamledit.apply(TEXT, [
        yamledit.set_key(TEXT, citation, "verified_on", "2026-11-20"),
        yamledit.set_key(TEXT, citation, "by", "MT"),
        yamledit.prepend_item(TEXT, yamledit.child(office, "references"), "{kind: call, verified_on: 2026-11-20, by: MT}"),
        yamledit.prepend_item(TEXT, yamledit.child(other, "references"), "{kind: call, verified_on: 2026-11-20, by: MT}"),
    ])
    data = yaml.safe_load(text)
    assert data[0]["references"] == [{"kind": "call", "verified_on": yamledit_date("2026-11-20"), "by": "MT"},
                                     {"source": "centre", "verified_on": yamledit_date("2026-11-20"), "by": "MT"}]
    assert data[1]["references"] == [{"kind": "call", "verified_on": yamledit_date("2026-11-20"), "by": "MT"}]
    assert "    - {source: centre, verified_on: 2026-11-20, by: MT}\n" in text


def yamledit_date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)  # PyYAML's safe_load reads an unquoted date as a date


def test_text_that_could_be_misread_is_quoted():
    assert yamledit.scalar_text("MT") == "MT"
    assert yamledit.scalar_text("no") == '"no"'
    assert yamledit.scalar_text("819-555-0100") == '"819-555-0100"'
    assert yamledit.scalar_text("Now: by appointment") == '"Now: by appointment"'
