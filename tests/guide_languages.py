"""The languages of the fixture guide, read from its community file (the model's default when it names
none), so tests loop over every language the guide has instead of a fixed pair."""

from __future__ import annotations

import yaml

from conftest import SITE_COMMUNITY, SITE_FIXTURE
from pathways.content.models import Community


def fixture_languages() -> list[str]:
    path = SITE_FIXTURE / "regions" / "ca" / "ab" / SITE_COMMUNITY / "community.yaml"
    named = yaml.safe_load(path.read_text(encoding="utf-8")).get("languages")
    return list(named or Community.model_fields["languages"].default_factory())


LANGUAGES = fixture_languages()
