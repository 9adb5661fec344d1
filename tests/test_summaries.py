"""Summaries agree with the verdicts (issue 26): on every status page of both shipped towns, in every language
they publish, on dates around each change of the rules, no "At a glance" row contradicts a card of the same
need (and the reverse), every "yes" names what it rests on, every "under conditions" says the condition, the
"where to go instead" is of the same need (or the service's own `instead`, or 211), "Do this first" puts
dated deadlines first, and the booklet shows the same rows as the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pathways.commands.check import check
from pathways.content.models import GlanceRow
from pathways.output.booklet import booklet_html, make_booklet
from pathways.present.views import Presenter
from pathways.rules.pathway import urgency

CONTENT = Path(__file__).parent.parent / "content"
# The day before and of each change the shipped rules make, and the day these were checked.
DATES = ["2025-03-31", "2025-04-01", "2026-03-31", "2026-04-01", "2026-12-07", "2027-03-31", "2027-04-01"]
USABLE = ("eligible", "conditional")


@pytest.fixture(scope="module", params=DATES)
def checked(request):
    result = check(CONTENT, None, dt.date.fromisoformat(request.param))
    assert not result.report.errors, [p.render() for p in result.report.errors]
    return result.communities


def _views(communities):
    for community, c in communities.items():
        for lang in c.guide.community.languages:
            presenter = Presenter(c.guide, c.evaluation, lang)
            for status in c.guide.leaf_statuses():
                yield f"{community} {status.id} {lang}", c, presenter.status(status.id)


def _page_cards(view):
    return [*view.emergencies, *view.cards, *view.ask, *(n.card for n in view.not_for_you)]


def test_no_summary_row_contradicts_a_card_of_the_same_need(checked):
    problems = []
    for where, c, view in _views(checked):
        rows = {row.need: row for row in view.glance}
        cards = _page_cards(view)
        for card in cards:
            for need in card.needs:
                row = rows.get(need)
                if card.badge.value in USABLE and row is None:
                    problems.append(f"{where}: {card.id} answers {need} but the page has no such row")
                elif row is not None and card.badge.value == "eligible" and row.badge.value != "eligible":
                    problems.append(f"{where}: {need} says {row.badge.value}, card {card.id} says eligible")
                elif row is not None and card.badge.value == "conditional" and row.badge.value not in USABLE:
                    problems.append(f"{where}: {need} says {row.badge.value}, card {card.id} says conditional")
        for need, row in rows.items():
            same = [card for card in cards if need in card.needs]
            if row.badge.value == "not_eligible" and any(card.badge.value != "not_eligible" for card in same):
                problems.append(f"{where}: {need} says not eligible, a card of that need does not")
            if row.badge.value in USABLE and not row.reasons:
                problems.append(f"{where}: {need} says {row.badge.value} and names nothing it rests on")
            if row.badge.value == "conditional" and not all(reason.note for reason in row.reasons):
                problems.append(f"{where}: {need} is conditional without its condition")
    assert problems == []


def test_every_yes_names_what_it_rests_on_and_every_condition_is_said(checked):
    problems = []
    for where, c, view in _views(checked):
        for card in _page_cards(view):
            if card.badge.value in USABLE and not card.sources:
                problems.append(f"{where}: {card.id} says {card.badge.value} with no source")
            if card.badge.value == "conditional" and not card.note:
                problems.append(f"{where}: {card.id} is conditional without its condition")
        for item in (i for stage in view.stages for i in stage.steps):
            for link in item.links:
                if link.badge.value == "conditional" and not link.note:
                    problems.append(f"{where}: step {item.id} names {link.name} conditional without its condition")
    assert problems == []


def test_badges_of_a_step_are_the_badges_of_the_cards(checked):
    problems = []
    for where, c, view in _views(checked):
        by_url = {card.url: card.badge for card in _page_cards(view)}
        for item in (i for stage in view.stages for i in stage.steps):
            for link in item.links:
                if link.url in by_url and by_url[link.url] != link.badge:
                    problems.append(f"{where}: step {item.id}: {link.url} {link.badge} != {by_url[link.url]}")
    assert problems == []


def test_where_to_go_instead_is_of_the_same_need_or_named_or_211(checked):
    problems = []
    for where, c, view in _views(checked):
        usable = {card.id for card in (*view.emergencies, *view.cards)}
        for entry in view.not_for_you:
            instead = entry.instead
            if instead is None:
                continue
            named = instead.id in c.guide.services[entry.card.id].instead
            same_need = bool(set(instead.needs) & set(entry.card.needs))
            referral = view.referral is not None and instead.id == view.referral.id
            if instead.id not in usable or instead.badge.value not in USABLE:
                problems.append(f"{where}: {entry.card.id} sends to {instead.id}, not open to this status")
            if not (named or same_need or referral):
                problems.append(f"{where}: {entry.card.id} sends to {instead.id}, a service of another need")
            if referral and not named and any(set(card.needs) & set(entry.card.needs) for card in view.cards):
                problems.append(f"{where}: {entry.card.id} sends to 211 while a service of the same need is open")
    assert problems == []


def test_do_this_first_puts_dated_deadlines_first(checked):
    problems = []
    for where, c, view in _views(checked):
        keys = [urgency(c.guide.steps[item.id], 0)[:2] for item in view.first]
        if keys != sorted(keys):
            problems.append(f"{where}: {[item.id for item in view.first]}")
        if len({item.id for item in view.first}) != len(view.first):
            problems.append(f"{where}: a step twice")
    assert problems == []


def test_a_program_not_offered_in_the_province_is_named_nowhere(checked):
    quebec = checked["ca/qc/trois-rivieres"]
    assert "rap" not in quebec.guide.programs and "rap" in checked["ca/ab/brooks"].guide.programs
    for lang in ("fr", "en"):
        view = Presenter(quebec.guide, quebec.evaluation, lang).status("gar")
        income = next(row for row in view.glance if row.need == GlanceRow.income_support.value)
        assert income.badge.value == "eligible"
        assert not [r for r in income.reasons if "RAP" in r.name or "PAR" in r.name]
        links = [link.name for stage in view.stages for item in stage.steps for link in item.links]
        assert not [name for name in links if "(RAP)" in name or "(PAR)" in name]


def test_the_booklet_shows_the_rows_and_order_of_the_page():
    communities = check(CONTENT, None, dt.date(2026, 12, 7)).communities
    for community, c in communities.items():
        for status in ("claimant", "gar"):
            for lang in ("fr", "en"):
                booklet = make_booklet(c, status, lang)
                page = booklet_html(booklet)
                view = Presenter(c.guide, c.evaluation, lang).status(status)
                assert booklet.view == view
                for row in view.glance:
                    assert str(row.badge.text) in page
                # "Do this first" is numbered 1, 2, 3… on paper, in the page's order.
                # (the start of each title: the booklet says an abbreviation in words on its first use, issue 26)
                shown = [f"{n}. {str(item.title)[:8]}" for n, item in enumerate(view.first, 1)]
                positions = [page.index(text) for text in shown]
                assert positions == sorted(positions), (community, status, lang)
