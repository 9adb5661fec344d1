"""fr/en parity of the interface: every msgid in code and templates has a French translation."""

from pathways.catalog import extracted, missing


def test_extraction_finds_code_and_template_strings():
    ids = extracted()
    assert "Do this first" in ids  # a template string
    assert "Settlement guide — {community}" in ids  # a Python string (N_)


def test_every_msgid_has_a_french_translation():
    assert list(missing("fr")) == []
