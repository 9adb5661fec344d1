"""Links and addresses (issue 23): a translation links where its source does, in every form a link can take;
a link to another host written without a scheme is never published."""

from __future__ import annotations

import pytest

from pathways.content.pofile import Entry
from pathways.content.sanitize import content_html, link_targets
from pathways.content.translations import LINKS_DIFFER, entry_problems

SOURCE = "Call [us](tel:+18195550100), write to <help@x.org>, or read [the guide](../guide/)."


@pytest.mark.parametrize("translated", [
    'Llame <a href="tel:+19005550100">aquí</a>, escriba a <help@x.org> o lea [la guía](../guide/).',  # HTML
    "Llame [aquí](tel:+18195550100), escriba a <help@x.org> o lea [la guía](//evil.example/guide/).",  # //host
    "Llame [aquí](tel:+18195550100), escriba a <spy@x.org> o lea [la guía](../guide/).",  # mailto autolink
    "Llame [aquí](tel:+18195550100), escriba a <help@x.org> o lea [la guía][g].\n\n[g]: ../other/",  # reference
    "Llame [aquí](tel:+18195550100), escriba a <help@x.org> o lea [la guía](../guide/) <https://evil.example>.",
    'Llame [aquí](tel:+18195550100), escriba a <help@x.org> o lea [la guía](../guide/) <a href=\\\\evil.example>.',
])
def test_a_translation_links_only_where_its_source_does(translated):
    found = entry_problems(Entry("c", SOURCE, translated, line=1, text_line=3), SOURCE, "es.po")
    assert [p.message for p in found] == [LINKS_DIFFER]


def test_the_same_links_in_another_form_order_or_words_pass():
    translated = "Lea [la guía](../guide/); escriba a <help@x.org>; llame <a href='tel:+18195550100'>aquí</a>."
    assert entry_problems(Entry("c", SOURCE, translated, line=1, text_line=3), SOURCE, "es.po") == []


def test_link_targets_reads_every_form():
    text = ('[a](https://a.example) <https://b.example> <c@x.org> <a href=//d.example>d</a> [e][1] [f](tel:+1800)\n\n'
            "[1]: ../e/")
    assert link_targets(text) == ("../e/", "//d.example", "https://a.example", "https://b.example",
                                  "mailto:c@x.org", "tel:+1800")


@pytest.mark.parametrize("href", ["//evil.example/phish", "\\\\evil.example", "/\\evil.example", " //evil.example"])
def test_a_link_to_another_host_without_a_scheme_is_never_published(href):
    html = content_html(f'Go <a href="{href}">here</a> or [there](//evil.example/x).')
    assert "evil" not in html and "href" not in html


# ---------------------------------------------------------------- addresses (issue 23, item 4)

from pydantic import TypeAdapter, ValidationError  # noqa: E402

from pathways.content import models, phones  # noqa: E402


def _email_error(value: str) -> str | None:
    try:
        TypeAdapter(models.Email).validate_python(value)
    except ValidationError as error:
        return error.errors()[0]["type"]
    return None


@pytest.mark.parametrize("value", ["help@x.org?bcc=spy@tracker.example", "help?bcc=spy@x.org", "a@b", "a@localhost",
                                   "help@x.org&cc=spy@y.org", "help%3Fbcc@x.org", "a b@x.org", "help@xn--80ak6aa92e.com"])
def test_an_email_that_is_not_only_an_address_is_refused(value):
    assert _email_error(value) == "email_invalid"


@pytest.mark.parametrize("value", ["info@newcomers.example.org", "a.b+c_d-e@x.example.org"])
def test_plain_addresses_pass(value):
    assert _email_error(value) is None


def test_report_email_is_checked_like_every_address():
    assert models.Community.model_fields["report_email"].annotation == models.Email | None


def test_a_number_abroad_is_shown_as_dialled():
    assert phones.national("+44 20 7946 0958") == "+44 20 7946 0958"
    assert phones.tel_uri("+44 20 7946 0958") == "tel:+44-20-7946-0958"
    assert phones.national("819 374-2002") == "819-374-2002"


@pytest.mark.parametrize("number", ["1-900-555-0100", "1 976 555 0100", "+1 (900) 555-0199"])
def test_premium_rate_numbers_are_refused(number):
    with pytest.raises(Exception) as raised:
        phones.parse(number)
    assert raised.value.type == "phone_premium"
