"""Content translations as PO files: the texts and their contexts, reading and writing PO files, applying
them at load, export and import, and the round trip a translator goes through."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from helpers import AS_OF, content_copy
from pathways.commands.check import check
from pathways.cli import main
from pathways.content.load import load_content
from pathways.content.pofile import PoInvalid, message, parse, render
from pathways.errors import Where
from pathways.content.translations import (Translated, entry_problems, is_text, kept_as_is, layer_texts, state_of, texts,
                                   translated_where, State)
from pathways.content.pofile import Entry

SHIPPED = Path(__file__).parent.parent / "content"
COMMUNITY = """id: testville
name: {fr: Testville, en: Testville}
province: AB
tier: small
default_language: en
base_url: https://guide.example.org/testville
publisher: {fr: Centre des nouveaux arrivants de Testville, en: Testville Newcomer Centre}
report_email: guide@newcomers.example.org
languages: [fr, en, es]
translations: {es: {method: machine}}
"""
COMMUNITY_FILE = "regions/ca/ab/testville/community.yaml"
SERVICES = "regions/ca/ab/testville/services.yaml"
NAME = "services/testville-settlement/name"
HEADER = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n"X-Pathways-Source-Language: en\\n"\n\n'


def po(*entries: tuple[str, str, str], fuzzy: bool = False) -> str:
    flag = "#, fuzzy\n" if fuzzy else ""
    return HEADER + "\n".join(f'{flag}msgctxt "{c}"\nmsgid "{i}"\nmsgstr "{s}"\n' for c, i, s in entries)


def es_content(tmp_path: Path, po_text: str | None = None, **files: str) -> Path:
    overlay = {COMMUNITY_FILE: COMMUNITY, **files}
    if po_text is not None:
        overlay["regions/ca/ab/testville/translations/es.po"] = po_text
    return content_copy(tmp_path, overlay)


def guide_of(root: Path):
    result = check(root, None, dt.date.fromisoformat(AS_OF))
    assert not result.report.errors, [p.render() for p in result.report.errors]
    return result.communities["ca/ab/testville"].guide


# ---------------------------------------------------------------- texts and contexts


def test_texts_name_every_localised_mapping_by_its_path_and_skip_sources():
    record = {"name": {"fr": "A", "en": "B"}, "documents": [{"fr": "C", "en": "D"}],
              "references": [{"title": {"fr": "T", "en": "T"}, "url": "https://x.example.org"}],
              "eligibility": {"values": {"2022-01-01": {"statuses": {"claimant": {"note": {"fr": "n", "en": "m"}}},
                                                        "sources": [{"fr": "s", "en": "s"}]}}},
              "url": {"fr": "https://a.example.org", "en": "https://b.example.org"}}
    found = [(path, loc) for path, loc, _ in texts(record)]
    assert found == [("name", ("name",)), ("documents[0]", ("documents", 0)),
                     ("eligibility.values.2022-01-01.statuses.claimant.note",
                      ("eligibility", "values", "2022-01-01", "statuses", "claimant", "note"))]


def test_a_text_is_a_mapping_with_french_and_english_text():
    assert is_text({"fr": "a", "en": "b", "es": "c"})
    assert not is_text({"fr": "a"})
    assert not is_text({"fr": "a", "en": ["b"]})


def test_contexts_are_file_stem_record_id_and_path_and_single_files_use_a_dash():
    layer = load_content(Path(__file__).parent / "fixtures" / "content").layers["ca/ab/testville"]
    contexts = [ctx for ctx, *_ in layer_texts(layer)]
    assert contexts[:2] == ["community/-/name", "community/-/publisher"]
    assert NAME in contexts and "services/testville-settlement/required_documents[0]" in contexts
    assert not any("references" in ctx for ctx in contexts)


def test_source_titles_are_not_translated():
    """sources.yaml titles stay in their publisher's language(s): no PO entry, not counted as missing."""
    contexts = [ctx for layer in load_content(SHIPPED).layers.values() for ctx, *_ in layer_texts(layer)]
    assert len(contexts) > 600 and not any(ctx.startswith("sources/") for ctx in contexts)


def test_contexts_of_the_shipped_content_are_those_of_a_plain_yaml_walk():
    """The translators' data is keyed by a plain walk of the YAML (yaml.safe_load); ours must give the same
    keys, in the same order, with the same English text."""
    content = load_content(SHIPPED)
    compared = 0
    for layer_id, layer in content.layers.items():
        expected = []
        for path in sorted(layer.path.glob("*.yaml")):
            if path.stem == "sources":  # source titles stay as their publishers write them
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for record in data if isinstance(data, list) else [data]:
                rid = record["id"] if isinstance(data, list) else "-"
                body = {k: v for k, v in record.items() if k != "id"}
                expected += [(f"{path.stem}/{rid}/{p}", t["en"]) for p, _, t in _plain_texts(body)]
        assert [(ctx, mapping["en"]) for ctx, _, _, mapping in layer_texts(layer)] == expected, layer_id
        compared += len(expected)
    assert compared > 500


def _plain_texts(node, path=""):
    if isinstance(node, dict) and "fr" in node and "en" in node:
        yield path, None, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("references", "url", "sources"):
                yield from _plain_texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _plain_texts(value, f"{path}[{index}]")


# ---------------------------------------------------------------- states and checks


def test_state_of_an_entry():
    entry = Entry(NAME, "Settlement help", "Ayuda")
    assert state_of(entry, "Settlement help") is State.translated
    assert state_of(entry, "Settlement support") is State.outdated
    assert state_of(Entry(NAME, "Settlement help", "Ayuda", fuzzy=True), "Settlement help") is State.outdated
    assert state_of(Entry(NAME, "Settlement help", " "), "Settlement help") is State.missing
    assert state_of(None, "Settlement help") is State.missing


def test_links_and_placeholders_must_be_kept():
    source = "See [the form](https://a.example.org/f) or <https://b.example.org>, {name}."
    assert kept_as_is(source) == ["https://a.example.org/f", "https://b.example.org", "{name}"]
    same = Entry(NAME, source, "Vea [el formulario](https://a.example.org/f) o <https://b.example.org>, {name}.")
    assert entry_problems(same, source, "es.po") == []
    moved = Entry(NAME, source, "Vea [el formulario](https://evil.example.com) o <https://b.example.org>.", text_line=9)
    (found,) = entry_problems(moved, source, "es.po")
    assert found.where == Where("es.po", 9, 1) and "https://evil.example.com" in found.text()


def test_a_translated_text_says_where_it_is_in_the_po_file():
    node = {"name": {"fr": "A", "en": "B", "es": Translated("C", Where("es.po", 12, 1))}, "other": {"fr": "x"}}
    assert translated_where(node, ("name", "es")) == Where("es.po", 12, 1)
    assert translated_where(node, ("name", "en")) is None
    assert translated_where(node, ("missing", "es")) is None


# ---------------------------------------------------------------- PO files


def test_parse_keeps_the_lines_of_each_entry_and_the_header():
    text = po((NAME, "Settlement help", "Ayuda"), ("a/b/c", "Other", ""))
    parsed = parse(text, "es.po")
    assert parsed.source_language == "en"
    first, second = parsed.entries
    assert (first.context, first.source, first.text, first.line, first.text_line) == (NAME, "Settlement help",
                                                                                      "Ayuda", 6, 8)
    assert (second.context, second.text, second.line) == ("a/b/c", "", 10)


@pytest.mark.parametrize("text, line", [
    (HEADER + 'msgctxt "a"\nmsgid "x"\nmsgstr Ayuda\n', 8),
    (HEADER + 'msgctxt "a"\nmsgid "x\nmsgstr ""\n', 7),
    (HEADER + 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\nmsgctxt "a"\nmsgid "z"\nmsgstr "w"\n', 10),
    ('msgctxt "a"\nmsgid "x"\n', 2),
])
def test_parse_refuses_what_is_not_po_at_its_line(text, line):
    with pytest.raises(PoInvalid) as refused:
        parse(text, "es.po")
    assert refused.value.line == line


def test_render_is_deterministic_and_keeps_a_long_previous_msgid_readable():
    previous = "An old reference text long enough to be wrapped over several lines, with \"quotes\"\nand a line break."
    entries = [message(NAME, "Settlement help", "Ayuda", fuzzy=True, previous=previous, comments=("note",),
                       auto_comments=("Aide à l'établissement",), locations=(("regions/x/services.yaml", 3),))]
    text = render("es", "en", "ca/ab", "# Spanish texts.", entries, [message("x/y/z", "Gone", "Ido")])
    assert text == render("es", "en", "ca/ab", "# Spanish texts.", entries, [message("x/y/z", "Gone", "Ido")])
    assert "Creation-Date" not in text and "Revision-Date" not in text and "Generated-By" not in text
    assert '#| msgid ""\n#| "An old reference' in text and '#~ msgid "Gone"' in text
    (entry,) = parse(text, "es.po").entries
    assert (entry.previous, entry.fuzzy, entry.comments) == (previous, True, ("note",))
    assert parse(text, "es.po").layer == "ca/ab"


# ---------------------------------------------------------------- applied at load


def test_a_current_translation_is_applied_at_load(tmp_path):
    root = es_content(tmp_path, po((NAME, "Settlement help", "Ayuda para instalarse")))
    guide = guide_of(root)
    assert guide.services["testville-settlement"].name.get("es") == "Ayuda para instalarse"
    assert guide.services["testville-settlement"].description.get("es") is None


@pytest.mark.parametrize("text", [
    po((NAME, "Settlement support", "Ayuda para instalarse")),  # made from another reference text
    po((NAME, "Settlement help", "Ayuda para instalarse"), fuzzy=True),
    po((NAME, "Settlement help", "")),
])
def test_outdated_or_empty_translations_are_not_applied(tmp_path, text):
    guide = guide_of(es_content(tmp_path, text))
    assert guide.services["testville-settlement"].name.get("es") is None
    assert guide.services["testville-settlement"].name["en"] == "Settlement help"


def test_translations_of_a_language_no_community_lists_are_not_read(tmp_path):
    root = content_copy(tmp_path, {"regions/ca/ab/testville/translations/es.po": "not a PO file"})
    content = load_content(root)
    assert content.problems == []
    assert content.layers["ca/ab/testville"].translations == {}
    assert "ca/ab/testville/translations" not in content.layers


def test_a_po_file_named_after_no_added_language_is_reported(tmp_path):
    root = es_content(tmp_path, **{"regions/ca/ab/testville/translations/fr.po": po()})
    (found,) = load_content(root).problems
    assert found.where.path.endswith("translations/fr.po") and "es.po, ar.po, pa.po" in found.text()


def test_a_markdown_trap_in_a_translation_is_reported_at_the_po_entry(tmp_path):
    root = es_content(tmp_path, po((NAME, "Settlement help", "[" * 40)))
    (found,) = load_content(root).problems
    assert found.where.path.endswith("translations/es.po") and found.where.line == 8
    assert "'[' repeated 40 times" in found.text()


def test_prose_twins_in_an_added_language_are_loaded_for_the_communities_that_list_it(tmp_path):
    twin = "---\ntitle: Acerca de\n---\nUna guía.\n"
    root = es_content(tmp_path, **{"../content/es/ca/ab/testville/pages/about.md": twin})
    guide = guide_of(root)
    assert guide.prose["pages/about.md"]["es"].title == "Acerca de"
    (tmp_path / "content" / COMMUNITY_FILE).write_text(COMMUNITY.replace(", es]", "]").replace(
        "translations: {es: {method: machine}}\n", ""), encoding="utf-8")
    assert "es" not in guide_of(root).prose["pages/about.md"]


# ---------------------------------------------------------------- the commands


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["translations", *args, "--messages", "en"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_writes_one_po_file_per_layer_and_is_deterministic(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "export", "--lang", "es", "--content", "content")
    assert code == 0
    written = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.po"))
    assert written == ["regions/ca/ab/testville/translations/es.po", "regions/ca/ab/translations/es.po",
                       "regions/ca/translations/es.po"]
    text = (root / "regions/ca/ab/testville/translations/es.po").read_text(encoding="utf-8")
    assert f'#. Aide à l\'établissement\n#: {SERVICES}:3\nmsgctxt "{NAME}"\nmsgid "Settlement help"\nmsgstr ""' in text
    assert '"X-Pathways-Source-Language: en\\n"' in text and '"Project-Id-Version: pathways ca/ab/testville\\n"' in text
    assert "0 translated, 0 outdated," in out
    run(capsys, "export", "--lang", "es", "--content", "content")
    assert (root / "regions/ca/ab/testville/translations/es.po").read_text(encoding="utf-8") == text


def test_export_from_french_puts_french_in_msgid(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    run(capsys, "export", "--lang", "es", "--content", "content", "--from", "fr")
    text = (root / "regions/ca/ab/testville/translations/es.po").read_text(encoding="utf-8")
    assert f'#. Settlement help\n#: {SERVICES}:3\nmsgctxt "{NAME}"\nmsgid "Aide à l\'établissement"' in text
    assert '"X-Pathways-Source-Language: fr\\n"' in text


def test_export_refuses_content_that_does_not_load(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path, **{SERVICES: "- id: [\n"})
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "export", "--lang", "es", "--content", "content")
    assert code == 1 and "services.yaml:2:1: YAML syntax error" in err
    assert not list(root.rglob("*.po"))


def test_round_trip_export_fill_import_then_the_reference_changes(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "export", "--lang", "es", "--content", "content")[0] == 0
    layer_po = root / "regions/ca/ab/testville/translations/es.po"
    # A translator fills one entry (the file they send back is the exported one, edited).
    sent = layer_po.read_text(encoding="utf-8").replace(
        f'msgctxt "{NAME}"\nmsgid "Settlement help"\nmsgstr ""', f'msgctxt "{NAME}"\nmsgid "Settlement help"\n'
        'msgstr "Ayuda para instalarse"')
    (tmp_path / "sent-back.po").write_text(sent, encoding="utf-8")
    code, out, err = run(capsys, "import", "--lang", "es", "--content", "content", "sent-back.po")
    assert code == 0, err
    assert "translations/es.po: 1 translated," in out
    assert guide_of(root).services["testville-settlement"].name.get("es") == "Ayuda para instalarse"
    # The English reference changes: the translation is outdated, no longer shown.
    services = root / SERVICES
    services.write_text(services.read_text(encoding="utf-8").replace("en: Settlement help}", "en: Settlement support}"),
                        encoding="utf-8")
    assert guide_of(root).services["testville-settlement"].name.get("es") is None
    run(capsys, "export", "--lang", "es", "--content", "content")
    (entry,) = [e for e in parse(layer_po.read_text(encoding="utf-8"), "es.po").entries if e.context == NAME]
    assert (entry.source, entry.text, entry.fuzzy, entry.previous) == (
        "Settlement support", "Ayuda para instalarse", True, "Settlement help")
    assert '#, fuzzy\n#| msgid "Settlement help"\nmsgctxt' in layer_po.read_text(encoding="utf-8")


def test_export_makes_texts_that_no_longer_exist_obsolete(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path, po(("services/gone/name", "Gone", "Ido"), (NAME, "Settlement help", "Ayuda")))
    monkeypatch.chdir(tmp_path)
    run(capsys, "export", "--lang", "es", "--content", "content")
    text = (root / "regions/ca/ab/testville/translations/es.po").read_text(encoding="utf-8")
    assert '#~ msgctxt "services/gone/name"\n#~ msgid "Gone"\n#~ msgstr "Ido"' in text
    assert f'msgctxt "{NAME}"\nmsgid "Settlement help"\nmsgstr "Ayuda"' in text


def test_import_of_an_outdated_msgid_is_kept_as_fuzzy_and_said(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sent-back.po").write_text(po((NAME, "Settlement support", "Apoyo")), encoding="utf-8")
    code, _, err = run(capsys, "import", "--lang", "es", "--content", "content", "sent-back.po")
    assert code == 0
    assert "sent-back.po:6:1: warning: this msgid is no longer the reference text" in err
    (entry,) = [e for e in parse((root / "regions/ca/ab/testville/translations/es.po").read_text(encoding="utf-8"),
                                 "es.po").entries if e.context == NAME]
    assert (entry.source, entry.text, entry.fuzzy, entry.previous) == ("Settlement help", "Apoyo", True,
                                                                       "Settlement support")


def test_import_reports_every_problem_at_once_and_merges_nothing_wrong(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.po").write_text(po(("zzz/qqq/www", "X", "Y"),
                                      ("services/testville-settlement/description", "Orientation and referrals.",
                                       "[Orientación](https://evil.example.com)")), encoding="utf-8")
    (tmp_path / "b.po").write_text("msgid oops\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "--lang", "es", "--content", "content", "a.po", "b.po")
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "a.po:6:1: unknown msgctxt 'zzz/qqq/www': no text of the content has it (was it removed?)"
    assert lines[1] == "a.po:12:1: this translation's links, phone numbers or {placeholders} differ from the source text: it has " \
                       "https://evil.example.com, the source has -; keep them exactly as in the source"
    assert lines[2].startswith("b.po:1:1: invalid PO file")
    assert lines[3] == "3 error(s), 0 warning(s)"
    assert not list(root.rglob("*.po"))


def test_machine_translations_from_json_are_marked(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "machine"
    folder.mkdir()
    (folder / "ca__ab__testville.json").write_text('{"%s": "Ayuda para instalarse"}' % NAME, encoding="utf-8")
    code, _, err = run(capsys, "import", "--lang", "es", "--content", "content", "--machine-json", "machine")
    assert code == 0, err
    text = (root / "regions/ca/ab/testville/translations/es.po").read_text(encoding="utf-8")
    assert f'# machine translation, not reviewed by a person\n#. Aide à l\'établissement\n#: {SERVICES}:3\n' \
           f'msgctxt "{NAME}"' in text
    assert guide_of(root).services["testville-settlement"].name.get("es") == "Ayuda para instalarse"


def test_check_prints_one_summary_line_per_added_language(tmp_path, capsys, monkeypatch):
    es_content(tmp_path, po((NAME, "Settlement help", "Ayuda"), ("services/testville-clinic/name", "Old", "Viejo")))
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", "content", "--as-of", AS_OF, "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    (line,) = out
    assert line.startswith("testville, Español (es): 1 texts translated, 1 outdated, ")
    missing = int(line.split(", ")[-1].split()[0])
    assert missing > 20


def test_phone_numbers_and_written_addresses_must_be_kept():
    source = "Call 1-800-555-0100 or see https://a.example.org/x."
    assert kept_as_is(source) == ["1-800-555-0100", "https://a.example.org/x."]
    changed = Entry(NAME, source, "Llame al 1-800-555-0199 o vea https://a.example.org/x.")
    (found,) = entry_problems(changed, source, "es.po")
    assert "1-800-555-0199" in found.text() and "1-800-555-0100" in found.text()


def test_parse_reads_obsolete_entries_with_a_previous_msgid_as_msgmerge_writes_them():
    text = HEADER + '#~| msgid "Older"\n#~ msgctxt "x/y/z"\n#~ msgid "Gone"\n#~ msgstr "Ido"\n'
    (gone,) = parse(text, "es.po").obsolete
    assert (gone.context, gone.text) == ("x/y/z", "Ido")


def test_import_refuses_a_file_in_another_language(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ar.po").write_text(po((NAME, "Settlement help", "مساعدة")).replace("Language: es", "Language: ar"),
                                    encoding="utf-8")
    code, _, err = run(capsys, "import", "--lang", "es", "--content", "content", "ar.po")
    assert code == 1
    assert err.splitlines()[0] == ("ar.po:1:1: this file's translations are in 'ar' (its 'Language' header), not in "
                                   "'es': nothing was imported from it")
    assert not list(root.rglob("*.po"))


def test_a_layers_po_file_is_parsed_once_for_every_community_that_uses_it(tmp_path, monkeypatch):
    import pathways.content.load

    second = COMMUNITY.replace("testville", "otherville").replace("Testville", "Otherville")
    root = es_content(tmp_path, **{"regions/ca/ab/otherville/community.yaml": second,
                                   "regions/ca/translations/es.po": po(("topics/health/name", "Health", "Salud"))})
    calls = []
    real = pathways.content.load.contain.run  # files are parsed in the bounded child: count what is sent there
    monkeypatch.setattr(pathways.content.load.contain, "run", lambda fn, *args: (
        fn is pathways.content.load._po_entries and calls.append(args[1])) or real(fn, *args))
    result = check(root, None, dt.date.fromisoformat(AS_OF))
    assert len(calls) == 1 and calls[0].endswith("regions/ca/translations/es.po")
    assert sorted(result.communities) == ["ca/ab/otherville", "ca/ab/testville"]
    for checked in result.communities.values():
        assert checked.guide.topics["health"].name.get("es") == "Salud"


def test_a_prose_page_only_in_an_added_language_needs_its_french_and_english_twins(tmp_path):
    page = "---\ntitle: Solo\n---\nTexto.\n"
    root = es_content(tmp_path, **{"../content/es/ca/ab/testville/pages/solo.md": page})
    result = check(root, None, dt.date.fromisoformat(AS_OF))
    assert sorted(p.text() for p in result.report.errors) == [
        "this prose file has no English twin: create content/en/ca/ab/testville/pages/solo.md",
        "this prose file has no French twin: create content/fr/ca/ab/testville/pages/solo.md"]


def test_machine_translations_never_replace_a_persons(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path, po((NAME, "Settlement help", "Ayuda de una persona")))
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "machine"
    folder.mkdir()
    (folder / "ca__ab__testville.json").write_text(
        '{"%s": "Ayuda de máquina", "services/testville-clinic/name": "Clínica"}' % NAME, encoding="utf-8")
    assert run(capsys, "import", "--lang", "es", "--content", "content", "--machine-json", "machine")[0] == 0
    guide = guide_of(root)
    assert guide.services["testville-settlement"].name.get("es") == "Ayuda de una persona"
    assert guide.services["testville-clinic"].name.get("es") == "Clínica"


def test_an_entry_sent_back_unchanged_keeps_its_machine_mark_and_a_changed_one_loses_it(tmp_path, capsys, monkeypatch):
    root = es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "ca__ab__testville.json").write_text(
        '{"%s": "Ayuda", "services/testville-clinic/name": "Clínica"}' % NAME, encoding="utf-8")
    run(capsys, "import", "--lang", "es", "--content", "content", "--machine-json", "m")
    layer_po = root / "regions/ca/ab/testville/translations/es.po"
    sent = layer_po.read_text(encoding="utf-8").replace('msgstr "Clínica"', 'msgstr "Clínica para refugiados"')
    (tmp_path / "back.po").write_text(sent, encoding="utf-8")
    assert run(capsys, "import", "--lang", "es", "--content", "content", "back.po")[0] == 0
    entries = {e.context: e for e in parse(layer_po.read_text(encoding="utf-8"), "es.po").entries}
    assert entries[NAME].comments == ("machine translation, not reviewed by a person",)
    assert entries["services/testville-clinic/name"].comments == ()
    assert entries["services/testville-clinic/name"].text == "Clínica para refugiados"


def test_a_broken_machine_translation_file_is_reported_not_a_traceback(tmp_path, capsys, monkeypatch):
    es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "ca__ab__testville.json").write_text('{"a": "b",\n "c": }', encoding="utf-8")
    code, _, err = run(capsys, "import", "--lang", "es", "--content", "content", "--machine-json", "m")
    assert code == 1
    assert err.splitlines()[0].startswith("m/ca__ab__testville.json:2:7: this file is not JSON of the form")


def test_import_without_files_is_a_usage_error(tmp_path, capsys, monkeypatch):
    es_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "import", "--lang", "es", "--content", "content")
    assert code == 2 and "name the PO files to import" in err


def test_a_po_file_whose_language_header_is_not_its_name_is_reported(tmp_path, monkeypatch):
    es_content(tmp_path, po((NAME, "Settlement help", "مساعدة")).replace("Language: es", "Language: ar"))
    monkeypatch.chdir(tmp_path)
    (found,) = load_content(Path("content")).problems
    assert found.render() == ("content/regions/ca/ab/testville/translations/es.po:1:1: this file's 'Language' header "
                              "says 'ar' but its name says 'es': rename the file or correct the header")


def test_export_never_overwrites_a_broken_po_file_even_of_a_language_no_guide_lists_yet(tmp_path, capsys, monkeypatch):
    broken = 'msgctxt "x"\nmsgid "y"\nmsgstr oops\n'
    root = content_copy(tmp_path, {"regions/ca/ab/testville/translations/es.po": broken})
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "export", "--lang", "es", "--content", "content")
    assert code == 1 and "content/regions/ca/ab/testville/translations/es.po:3:1: invalid PO file" in err
    assert (root / "regions/ca/ab/testville/translations/es.po").read_text(encoding="utf-8") == broken
    assert not (root / "regions/ca/translations/es.po").exists()
