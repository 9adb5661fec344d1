"""The models are the documentation of the content format: every field says what it is."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from pathways.content import models
from pathways.content.models import KINDS, SINGLE_FILES, Eligibility, Text

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


# ---------------------------------------------------------------- URLs and text bounds (issue 9)

def url_error(value: str) -> str | None:
    try:
        TypeAdapter(models.Url).validate_python(value)
    except ValidationError as error:
        return error.errors()[0]["type"]
    return None


@pytest.mark.parametrize("url", ["https://www.canada.ca/fr/immigration.html?x=1#y", "http://a.example.org",
                                 "https://a.example.org:8443/", "https://xn--bcher-kva.example/", "https://bücher.example/",
                                 "https://8.8.8.8/", "https://a_b.example.org/%20x", "https://пример.укр/"])
def test_urls_readers_can_open_are_accepted(url):
    assert url_error(url) is None


@pytest.mark.parametrize("url, kind", [
    ('https://guide.example.org/"><script>alert(1)</script>', "url_character"),
    ("https://a.example.org/<x>", "url_character"),
    ("https://a.example.org/'x'", "url_character"),
    ("https://a.example.org\\@evil.example", "url_character"),
    ("https://a.example.org/a b", "url_space"),
    ("https://a.example.org/\nx", "url_space"),
    ("javascript:alert(1)", "url_scheme"),
    ("ftp://a.example.org/", "url_scheme"),
    ("//evil.example/x.js", "url_scheme"),
    ("https:a.example.org", "url_scheme"),
    ("https://user:secret@a.example.org/", "url_credentials"),
    ("https://@a.example.org/", "url_credentials"),
    ("https:///path", "url_host"),
    ("https://-a.example.org/", "url_host"),
    ("https://a..example.org/", "url_host"),
    ("https://a.example.org:99999/", "url_port"),
    ("https://a.example.org:0/", "url_port"),
    ("https://127.0.0.1/", "url_private"),  # loopback, private, link-local, internal names (issue 23)
    ("http://[::1]:8000/", "url_private"),
    ("http://192.168.1.10/drafts", "url_private"),
    ("http://169.254.169.254/latest/", "url_private"),
    ("http://localhost:8000/", "url_private"),
    ("https://intranet/", "url_private"),
    ("https://printer.local/", "url_private"),
    ("https://pаypal.example/", "url_lookalike"),  # a Cyrillic а among Latin letters
    ("https://xn--80ak6aa92e.com/", "url_lookalike"),  # аррӏе: Cyrillic letters that all look Latin
    ("https://a.example.org:http/", "url_port"),
    ("https://a.example.org/" + "x" * models.URL_MAX_CHARS, "url_too_long"),
])
def test_urls_that_could_harm_or_mislead_are_refused(url, kind):
    assert url_error(url) == kind


@pytest.mark.parametrize("model, limit", [(models.Name, 200), (Text, 1000), (models.Body, 5000)])
def test_each_text_kind_has_its_own_length_limit(model, limit):
    assert model.model_validate({"fr": "é" * limit, "en": "a"})["fr"] == "é" * limit
    with pytest.raises(ValidationError) as error:
        model.model_validate({"fr": "a", "en": "a" * (limit + 1)})
    assert error.value.errors()[0]["type"] == "text_too_long"
    assert error.value.errors()[0]["ctx"] == {"lang": "en", "length": limit + 1, "limit": limit}
