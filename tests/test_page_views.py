"""Templates receive only views (issue 10): every page of the fixture community is rendered through a
context checker that refuses a model, the guide or an evaluation anywhere in what a template receives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
from pathlib import Path

import pytest
from markupsafe import Markup
from pydantic import BaseModel

from helpers import FIXTURE
from pathways.output import render
from pathways.commands.check import check
from pathways.rules.evaluate import Change, Decision, Evaluation, Ruling
from pathways.content.guide import Guide, LifecycleEvent, ProsePage
from pathways.output.plan import Page, SitePlan, plan
from pathways.present.pages import PagePresenter
from pathways.resources import TEMPLATES

AS_OF = dt.date(2026, 11, 21)
# What a template must never hold: records and the stages' own results, which would let it decide.
REFUSED = (BaseModel, Guide, Evaluation, Decision, Ruling, Change, LifecycleEvent, ProsePage, Page, SitePlan)
LEAVES = (str, Markup, int, float, bool, type(None), dt.date)  # a date only inside a view (StatusView.verified_on)
HELPERS = (types.FunctionType, types.MethodType, types.BuiltinFunctionType)  # url() and heading()


def refused(value, where: str = "context") -> list[str]:
    """Where, in a template context, something other than a view, a string or a helper sits."""
    if isinstance(value, REFUSED):
        return [f"{where}: {type(value).__name__}"]
    if isinstance(value, LEAVES) or isinstance(value, HELPERS):
        return []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in refused(k, f"{where} key") + refused(v, f"{where}[{k!r}]")]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [p for i, v in enumerate(value) for p in refused(v, f"{where}[{i}]")]
    if dataclasses.is_dataclass(value):
        return [p for f in dataclasses.fields(value) for p in refused(getattr(value, f.name), f"{where}.{f.name}")]
    return [f"{where}: unexpected {type(value).__name__}"]


@pytest.fixture(scope="module")
def checked():
    return check(FIXTURE, ["ca/ab/testville"], AS_OF).communities["ca/ab/testville"]


def test_the_checker_finds_a_model_deep_inside_a_view(checked):
    service = checked.guide.services["testville-settlement"]
    nested = {"groups": ({"cards": [types.SimpleNamespace()]},), "ok": Markup("<b>x</b>")}
    assert refused(nested) == ["context['groups'][0]['cards'][0]: unexpected SimpleNamespace"]
    view = PagePresenter(checked.guide, checked.evaluation, "en").service(service)
    assert refused({"service": view}) == []
    assert refused({"service": dataclasses.replace(view, topics=(service,))}) == ["context['service'].topics[0]: Service"]
    assert refused({"guide": checked.guide}) == ["context['guide']: Guide"]


def test_every_template_receives_only_views(checked, tmp_path, monkeypatch):
    seen: dict[str, int] = {}
    problems: list[str] = []
    original = render.page_context

    def checking(site, page, guide, headings):
        context = original(site, page, guide, headings)
        problems.extend(f"{site.lang}/{page.path}: {p}" for p in refused(context))
        seen[page.template] = seen.get(page.template, 0) + 1
        return context

    monkeypatch.setattr(render, "page_context", checking)
    pages = 0
    for lang in ("fr", "en"):
        site = plan(checked.guide, checked.evaluation, lang)
        render.render_docs(site, checked.guide, tmp_path / lang)
        pages += len(site.pages)
    assert problems == []
    page_templates = {p.name for p in Path(TEMPLATES / "pages").glob("*.md.j2")}
    assert len(page_templates) == 13 and set(seen) == page_templates  # the checker saw every page template
    assert sum(seen.values()) == pages > 2 * 13


def test_a_service_page_shows_the_cards_of_the_status_pages(checked):
    site = plan(checked.guide, checked.evaluation, "en")
    service = site.page("services/testville-settlement.md").context["service"]
    for use in service.uses:
        status = site.page(f"statuses/{use.status.url.split('/')[1]}.md").context["v"]
        cards = {c.id: c for c in (*status.cards, *status.ask, *(e.card for e in status.not_for_you))}
        assert use.card == cards["testville-settlement"]
    contact = service.contact
    card = service.uses[0].card
    assert (contact.phones, contact.fallback) == (card.phones, card.fallback)
    assert tuple(p.line for p in contact.places if p.address) == card.addresses
