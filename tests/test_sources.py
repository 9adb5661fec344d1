"""Sources are records (issue 11, mechanism 3): defined once per layer, cited by id, each citation with the
day it was verified; pages print that day; `check` says when a firm verdict rests on old documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import AS_OF, FIXTURE, content_copy
from pathways.commands.check import check
from pathways.content.load import load_content
from pathways.present.views import status_view
from pathways.content.sources import _cited, _reference_lists, current_support
from pathways.content.models import RuleEntry

CONTENT = Path(__file__).parent.parent / "content"
SIN_SOURCE = """\
- id: canada-sin
  title: {fr: Le NAS, en: The SIN}
  url: {fr: "https://www.canada.ca/fr/nas.html", en: "https://www.canada.ca/en/sin.html"}
  kind: policy
  publisher: Government of Canada
"""


def _step_citing(tmp_path, citation: str, extra: dict[str, str] | None = None):
    """The fixture with its first step citing the national source `canada-sin` as given."""
    steps = (FIXTURE / "regions/ca/steps.yaml").read_text(encoding="utf-8")
    first = steps.index("  references:")
    end = steps.index("\n", first)
    files = {"regions/ca/sources.yaml": SIN_SOURCE,
             "regions/ca/steps.yaml": steps[:first] + f"  references: [{citation}]" + steps[end:], **(extra or {})}
    root = content_copy(tmp_path, files)
    return check(root.relative_to(Path.cwd()) if root.is_relative_to(Path.cwd()) else root, ["ca/ab/testville"], dt.date.fromisoformat(AS_OF))


def _get_sin(result, lang: str):
    c = result.communities["ca/ab/testville"]
    return next(s for stage in status_view(c.guide, c.evaluation, "pr-family", lang).stages for s in stage.steps
                if s.id == "get-sin")


def test_a_cited_source_shows_its_title_and_url_in_the_page_language(tmp_path):
    result = _step_citing(tmp_path, "{source: canada-sin, verified_on: 2026-05-01}")
    assert [p.render() for p in result.report.problems] == []
    assert [(r.title, r.url) for r in _get_sin(result, "fr").sources] == [("Le NAS", "https://www.canada.ca/fr/nas.html")]
    assert [(r.title, r.url) for r in _get_sin(result, "en").sources] == [("The SIN", "https://www.canada.ca/en/sin.html")]


def test_the_date_shown_is_the_citations_not_the_records_review(tmp_path):
    """The record says it was reviewed on 2026-06-01; its only citation was verified on 2026-05-01: readers
    see May (the day the page was actually opened), never the later review stamp."""
    result = _step_citing(tmp_path, "{source: canada-sin, verified_on: 2026-05-01}")
    assert _get_sin(result, "en").verified_on == "May 1, 2026"
    result = _step_citing(tmp_path / "b", "{source: canada-sin, verified_on: 2026-05-01}, "
                                          "{source: canada-sin-2, verified_on: 2026-03-02}",
                          {"regions/ca/sources.yaml": SIN_SOURCE + SIN_SOURCE.replace("canada-sin", "canada-sin-2")
                           .replace("nas.html", "nas2.html").replace("sin.html", "sin2.html")})
    assert _get_sin(result, "en").verified_on == "March 2, 2026"  # the oldest citation behind what is shown


def test_a_community_source_serves_the_community_but_not_the_layers_above(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    community_source = SIN_SOURCE.replace("canada-sin", "testville-sin")
    result = _step_citing(tmp_path, "{source: testville-sin, verified_on: 2026-05-01}",
                          {"regions/ca/ab/testville/sources.yaml": community_source})
    assert [p.render() for p in result.report.errors] == [
        "content/regions/ca/steps.yaml:9:25: source 'testville-sin' is defined in "
        "content/regions/ca/ab/testville/sources.yaml, a layer below this one, which cannot cite it: "
        "move it to the sources.yaml of this layer or of a layer above"]


def test_a_lower_layer_cannot_redefine_an_inherited_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _step_citing(tmp_path, "{source: canada-sin, verified_on: 2026-05-01}",
                          {"regions/ca/ab/sources.yaml": SIN_SOURCE})
    assert [p.render() for p in result.report.errors] == [
        "content/regions/ca/ab/sources.yaml:1:7: source 'canada-sin' is already defined in "
        "content/regions/ca/sources.yaml:1:7: a layer cannot redefine an inherited source; give this one another id"]


def test_an_undated_official_page_is_current_and_an_old_or_secondary_one_is_not():
    def entry(*refs):
        return RuleEntry(references=list(refs), verified_on="2026-06-01", others="eligible")
    policy = {"title": "T", "url": "https://a.example.org", "kind": "policy"}
    as_of = dt.date(2026, 11, 22)
    assert len(current_support(entry(policy), as_of, 3)) == 1  # a living page, no date of its own
    assert current_support(entry({**policy, "date": "2023-11-21"}), as_of, 3) == []
    assert len(current_support(entry({**policy, "date": "2023-11-22"}), as_of, 3)) == 1  # exactly 3 years
    assert current_support(entry({**policy, "kind": "secondary"}), as_of, 3) == []
    assert len(current_support(entry({**policy, "kind": "law", "date": "2011-07-15"}), as_of, 3)) == 1  # in force


# ---------------------------------------------------------------- the shipped content


def test_the_shipped_content_cites_every_source_by_id():
    content = load_content(CONTENT)
    inline, cited = [], 0
    for layer in content.layers.values():
        for raws in layer.records.values():
            for raw in raws:
                for loc, refs in _reference_lists(raw.node):
                    inline += [f"{raw.where(loc)}" for ref in refs or [] if "source" not in ref]
                cited += len(list(_cited(raw.node)))
    assert inline == []
    assert cited >= 300  # 316 citations at the migration


def test_the_shipped_sources_are_defined_once_and_all_cited():
    content = load_content(CONTENT)
    sources = [raw for layer in content.layers.values() for raw in layer.records.get("sources", [])]
    ids = [raw.id for raw in sources]
    assert len(ids) == len(set(ids)) >= 150  # 164 at the migration
    urls = [repr(raw.node["url"]) + repr(raw.node["title"]) for raw in sources]
    assert len(urls) == len(set(urls))


def test_the_migration_script_turns_inline_references_into_cited_sources(tmp_path, monkeypatch):
    """scripts/migrate_sources.py, run once on the shipped content, on the fixture: same pages, cited by id."""
    import shutil
    import subprocess
    import sys
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    before = check(root, ["ca/ab/testville"], dt.date.fromisoformat(AS_OF)).communities["ca/ab/testville"]
    script = Path(__file__).parent.parent / "scripts" / "migrate_sources.py"
    subprocess.run([sys.executable, str(script), str(root)], check=True, capture_output=True)
    result = check(root, ["ca/ab/testville"], dt.date.fromisoformat(AS_OF))
    # The migration copies each record's date onto its citations: one day for every check, which `check` rightly
    # calls a stamp (issue 21) — the only thing it says.
    said = [p.render() for p in result.report.problems]
    assert [line for line in said if "say they were checked on 2026-06-01" not in line] == [] and len(said) == 1
    assert sorted(result.communities["ca/ab/testville"].guide.sources) != []
    shown = [[(s.title, s.url, s.secondary) for s in _get_sin(r, "en").sources]
             for r in (type("R", (), {"communities": {"ca/ab/testville": before}}), result)]
    assert shown[0] == shown[1] != []
    content = load_content(root)
    assert [raw.where() for layer in content.layers.values() for raws in layer.records.values() for raw in raws
            for _, refs in _reference_lists(raw.node) for ref in refs or [] if "source" not in ref] == []
