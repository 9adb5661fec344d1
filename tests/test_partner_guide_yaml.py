"""The partner guide's YAML examples are read by our own loader, not only by PyYAML: a comma inside
`{…}`, an anchor or a tab would be accepted by `yaml.safe_load` yet refused by `pathways check`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pathways.content.load import parse_yaml

DOCS = Path(__file__).parent.parent / "docs"


def yaml_examples(lang: str) -> list[str]:
    text = (DOCS / f"partner-guide.{lang}.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_yaml_example_loads_without_a_problem(lang):
    examples = yaml_examples(lang)
    assert len(examples) >= 5
    for number, body in enumerate(examples, start=1):
        found = []
        parse_yaml(body, f"example {number}", found)
        assert [p.render(lang) for p in found] == []


def test_the_comma_slip_the_guide_once_made_is_caught():
    found = []
    parse_yaml("description: {fr: Accueil, information et orientation., en: Welcome}\n", "f.yaml", found)
    assert [p.render("en") for p in found] == [
        "f.yaml:1:28: 'information et orientation.' has no ':' — a comma inside '{…}' separates entries; put text "
        "that contains a comma in quotes: {fr: \"Accueil, information\", en: \"Welcome, information\"}"]
