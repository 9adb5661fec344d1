"""Render stage: relative links, escaping of content, sanitizing, and the per-language MkDocs config."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from helpers import FIXTURE
from pathways.commands.check import check
from pathways.content.models import Text
from pathways.output.plan import plan
from pathways.output.render import environment, mkdocs_config, relative, render_page
from pathways.content.sanitize import content_html

AS_OF = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def checked():
    return check(FIXTURE, ["ca/ab/testville"], AS_OF).communities["ca/ab/testville"]


@pytest.mark.parametrize("target, current, expected", [
    ("services/x/", "statuses/pr/", "../../services/x/"),
    ("", "statuses/pr/", "../../"),
    ("statuses/pr/", "", "statuses/pr/"),
    ("statuses/pr/#steps", "statuses/pr/", "./#steps"),
    ("https://example.org/a", "matrix/", "https://example.org/a"),
])
def test_relative_links(target, current, expected):
    assert relative(target, current) == expected


def render(checked, path: str, lang: str = "en", guide=None) -> str:
    guide = guide or checked.guide
    site = plan(guide, checked.evaluation, lang)
    return render_page(environment(lang), site, site.page(path), guide)


def test_status_page_markdown(checked):
    text = render(checked, "statuses/pr-economic.md")
    assert text.startswith('---\ntitle: "Permanent resident (economic)"\n---\n')
    assert 'href="../../services/testville-settlement/"' in text
    assert "Under conditions" in text and "For 6 years after becoming a PR." in text
    assert "Information valid on November 21, 2026." in text


def test_french_page(checked):
    text = render(checked, "statuses/pr-economic.md", "fr")
    assert "Sous conditions" in text and "Information valable au 21 novembre 2026." in text


def test_content_is_escaped(checked):
    guide = checked.guide
    evil = guide.services["testville-settlement"].model_copy(
        update={"name": Text({"fr": "<script>alert(1)</script>", "en": "<script>alert(1)</script> & co"})})
    guide = dataclasses.replace(guide, services={**guide.services, "testville-settlement": evil})
    text = render(checked, "services/testville-settlement.md", guide=guide)
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in text


def test_content_markdown_is_sanitised_where_it_enters():
    dirty = ('<p onclick="x()">hi<script>bad()</script><img src="https://tracker.example/p.gif">'
             '<style>p{}</style></p>\n\n<pre class="mermaid">graph</pre>\n\n<div id="__config">{}</div>')
    clean = str(content_html(dirty))
    for gone in ("onclick", "<script", "<img", "<style", "mermaid", "__config", "class=", "id="):
        assert gone not in clean, gone
    assert 'rel="noopener noreferrer"' in content_html("[x](https://example.org)")
    assert "javascript" not in content_html('<a href="javascript:alert(1)">x</a>')
    assert str(content_html("**Bring** your [card](tel:811)")) == (
        '<p><strong>Bring</strong> your <a href="tel:811" rel="noopener noreferrer">card</a></p>')


def test_mkdocs_config_per_language(checked, tmp_path):
    site = plan(checked.guide, checked.evaluation, "fr")
    base = {"site_name": "x", "theme": {"name": "material", "features": ["navigation.prune"]},
            "plugins": ["search"], "repo_url": "https://github.com/x/y", "extra": {"pathways": {"default_community": "a"}}}
    config = mkdocs_config(site, checked.guide, tmp_path / "docs", tmp_path / "site", base)
    assert config["theme"]["language"] == "fr" and config["theme"]["font"] is False
    assert config["theme"]["features"] == ["navigation.prune"]  # a partner's tuning is kept
    assert config["plugins"] == [] and "repo_url" not in config  # nothing that reaches the network
    assert config["site_url"] == "https://guide.example.org/testville/fr/"
    assert [a["lang"] for a in config["extra"]["alternate"]] == ["fr", "en"]
    assert config["extra"]["t"]["not_found_title"] == "Page introuvable"
    assert config["extra"]["pathways"]["default_community"] == "a"
    assert config["site_name"] == "Guide d'enracinement — Testville"


def test_site_url_cannot_close_an_attribute_or_open_a_tag():
    # Validation refuses such base_url values; the theme prints site_url raw, so it is encoded here too.
    from pathways.output.render import site_url

    assert site_url('https://x.example.org/a"><script>alert(1)</script>', "fr") == (
        "https://x.example.org/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E/fr/")
    assert site_url("https://guide.example.org/testville/", "en") == "https://guide.example.org/testville/en/"


def test_section_headings_make_the_table_of_contents(checked):
    """Pages reach MkDocs as finished HTML: each section heading is an <h2 id> in the body and an entry of
    the page's "on this page" list, in the same order."""
    from pathways.output.render import render as render_finished

    site = plan(checked.guide, checked.evaluation, "en")
    rendered = render_finished(environment("en"), site, site.page("statuses/pr-economic.md"), checked.guide)
    ids = re.findall(r'<h2 id="([^"]+)"', rendered.source)
    assert ids[:2] == ["glance", "help"] and "steps" in ids
    assert [token["id"] for token in rendered.toc] == ids
    assert "{#" not in rendered.source and "\n## " not in rendered.source  # nothing left for Markdown to do


def test_heading_text_is_escaped_in_the_page_and_the_table_of_contents():
    """The theme prints table-of-contents names without escaping: they must arrive escaped."""
    from pathways.output.render import Headings

    headings = Headings()
    assert headings.heading("<b>Tom & Jerry's</b>", "x") == '<h2 id="x">&lt;b&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;</h2>'
    assert headings.tokens == [{"level": 2, "id": "x", "name": "&lt;b&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;", "children": []}]


def test_one_environment_per_language_per_process():
    assert environment("fr") is environment("fr") and environment("fr") is not environment("en")
