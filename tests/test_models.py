"""The models are the documentation of the content format: every field says what it is."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel, ValidationError

from pathways import models
from pathways.models import KINDS, SINGLE_FILES, Eligibility, Text

DOCUMENTED = [models.Reference, models.StatusRule, models.RuleEntry, models.Eligibility, models.Address,
              models.Phone, *KINDS.values(), *SINGLE_FILES.values(), models.ProseFrontMatter]
SELF_EXPLAINING = {"id", "name", "description"}  # described once, on the `Id` / `Text` types


@pytest.mark.parametrize("model", DOCUMENTED, ids=lambda m: m.__name__)
def test_every_field_is_described(model: type[BaseModel]):
    assert model.__doc__
    undocumented = [name for name, field in model.model_fields.items()
                    if not field.description and name not in SELF_EXPLAINING]
    assert undocumented == []


def test_text_requires_french_and_english():
    assert Text.model_validate({"fr": "Bonjour", "en": "Hello", "es": "Hola"})["es"] == "Hola"
    with pytest.raises(ValidationError) as error:
        Text.model_validate({"fr": "Bonjour", "en": " "})
    assert error.value.errors()[0]["type"] == "text_missing_language"


def test_models_are_immutable():
    text = Text.model_validate({"fr": "a", "en": "b"})
    rule = models.StatusRule.model_validate({"value": "eligible"})
    with pytest.raises(ValidationError):
        rule.value = "not_eligible"
    assert text["en"] == "b"


def test_eligibility_shorthand_and_date_keys():
    eligibility = Eligibility.model_validate({"values": {
        "2026-04-01": {"statuses": {"pr": "eligible"}, "verified_on": "2026-06-01",
                       "references": [{"title": "T", "url": "https://canada.ca", "kind": "policy"}]},
        "2027-01-01": None,
    }})
    assert list(eligibility.values) == [dt.date(2026, 4, 1), dt.date(2027, 1, 1)]
    assert eligibility.values[dt.date(2026, 4, 1)].statuses["pr"].value.value == "eligible"
