"""Share actions (issue 14): the links of a status or service page, in its language, and the message
shown while the guide has only an example address."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from urllib.parse import unquote

import pytest

from helpers import FIXTURE
from pathways.commands.check import check
from pathways.output.plan import plan
from pathways.output.render import environment, render_page
from pathways.present.share import share_view

AS_OF = dt.date(2026, 11, 21)
REAL = "https://guide.testville.ca"


@pytest.fixture(scope="module")
def checked():
    return check(FIXTURE, ["ca/ab/testville"], AS_OF).communities["ca/ab/testville"]


def published(guide):
    """The guide at a real (non-example) address."""
    community = guide.community.model_copy(update={"base_url": REAL})
    return dataclasses.replace(guide, community=community)


def render(checked, path: str, lang: str, guide) -> str:
    site = plan(guide, checked.evaluation, lang)
    return render_page(environment(lang), site, site.page(path), guide)


def hrefs(text: str, prefix: str) -> list[str]:
    return [html.unescape(part.split('"', 1)[0]) for part in text.split(f'href="{prefix}')[1:]]


@pytest.mark.parametrize("path, lang, title, url", [
    ("statuses/pr-economic.md", "en", "Permanent resident (economic)", f"{REAL}/en/statuses/pr-economic/"),
    ("statuses/pr-economic.md", "fr", "Résident permanent (économique)", f"{REAL}/fr/statuses/pr-economic/"),
    ("services/testville-settlement.md", "en", None, f"{REAL}/en/services/testville-settlement/"),
])
def test_share_links_carry_the_title_and_public_address(checked, path, lang, title, url):
    guide = published(checked.guide)
    page = plan(guide, checked.evaluation, lang).page(path)
    title = title or page.title
    text = render(checked, path, lang, guide)
    expected = f"{title} — {url}"
    [sms] = hrefs(text, "sms:")
    [whatsapp] = hrefs(text, "https://wa.me/")
    [email] = hrefs(text, "mailto:?")
    assert unquote(sms) == f"?&body={expected}"
    assert unquote(whatsapp) == f"?text={expected}"
    assert unquote(email) == f"subject={title}&body={expected}"
    assert f'data-url="{url}"' in text and "data-pw-share-system hidden" in text and "data-pw-share-copy hidden" in text


def test_share_strings_are_in_the_page_language(checked):
    guide = published(checked.guide)
    text = render(checked, "statuses/pr-economic.md", "fr", guide)
    assert "Partager cette page" in text and "Copier le lien" in text and "Adresse de cette page" in text
    assert "Share this page" not in text


@pytest.mark.parametrize("lang, message", [
    ("en", "This page cannot be shared yet"), ("fr", "Cette page ne peut pas encore être partagée"),
])
def test_example_address_shares_nothing(checked, lang, message):
    assert "example" in checked.guide.community.base_url
    text = render(checked, "statuses/pr-economic.md", lang, checked.guide)
    assert message in text
    assert "sms:" not in text and "wa.me" not in text and "data-pw-share " not in text


def test_share_text_is_percent_encoded(checked):
    view = share_view(published(checked.guide), "en", "services/x/", "Food & rent? #1")
    assert view is not None
    assert " " not in view.sms and "&rent" not in view.whatsapp and "#" not in view.email
    assert unquote(view.whatsapp.split("text=", 1)[1]) == f"Food & rent? #1 — {REAL}/en/services/x/"
