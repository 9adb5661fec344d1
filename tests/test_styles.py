"""Stylesheets limited to the rules the pages can use (issue 25 item 6): what is dropped is proven unused,
everything else (states, scripts' classes, right-to-left rules on a right-to-left page) is kept."""

from __future__ import annotations

from pathlib import Path

from pathways.output import styles
from pathways.output.styles import Used, limit


def used(*pages: str, script: str = "") -> Used:
    found = Used()
    for page in pages:
        found.add_page(page)
    found.add_script(script)
    return found


PAGE = ('<html lang="fr" dir="ltr"><body class="md-body"><nav id="menu" data-md-level="1">'
        '<a class="md-link md-link--active" href="x/">x</a><input type="checkbox"></nav></body></html>')


def limited(css: str, *pages: str, script: str = "") -> str:
    return limit({"a.css": css}, used(*pages, script=script))["a.css"]


def test_a_rule_for_a_class_no_page_has_is_dropped_and_the_others_kept():
    css = ".md-link{color:red}.md-search{color:blue}a{x:1}table{x:2}#menu{x:3}#other{x:4}"
    assert limited(css, PAGE) == ".md-link{color:red}a{x:1}#menu{x:3}"


def test_comments_and_the_space_between_rules_stay_in_the_source():
    """What explains a rule is for whoever edits the stylesheet; the reader's first visit waits for every byte
    of it (issue 25: the first paint on a slow link)."""
    css = "/* why */\n.md-link{color:red}\n\n@media screen{\n  /* and why */\n  a{x:1}\n}\n"
    assert limited(css, PAGE) == ".md-link{color:red}@media screen{a{x:1}}"


def test_states_and_pseudo_elements_ask_for_nothing():
    css = (".md-link:hover{a:1}.md-link:focus-visible::after{b:1}input:checked~a{c:1}:not(.nowhere){d:1}"
           ".nowhere:hover{e:1}")
    assert limited(css, PAGE) == ".md-link:hover{a:1}.md-link:focus-visible::after{b:1}input:checked~a{c:1}:not(.nowhere){d:1}"


def test_is_and_where_need_one_argument_that_can_match():
    css = ":is(.nowhere,.md-link) a{a:1}:where(.nowhere,.neither){b:1}"
    assert limited(css, PAGE) == ":is(.nowhere,.md-link) a{a:1}"


def test_a_selector_list_is_kept_when_one_of_its_selectors_can_match_without_its_plain_unused_selectors():
    assert limited(".nowhere,.md-body,div.nowhere>[data-x] .md-body{a:1}", PAGE) == ".md-body{a:1}"
    # A selector with a pseudo-class or pseudo-element may be one a browser refuses, and then it refuses
    # the whole rule: the list stays as written (dropping it would apply the rule where it never applied).
    vendor = ".nowhere::-moz-focus-inner,.md-body{a:1}.nowhere:hover,.md-body{b:1}"
    assert limited(vendor, PAGE) == vendor


def test_a_class_or_attribute_a_script_names_is_kept():
    css = ".md-toggled{a:1}[data-md-state=open]{b:1}.nowhere{c:1}"
    assert limited(css, PAGE, script="el.classList.add('md-toggled'); el.setAttribute('data-md-state', s)") == \
        ".md-toggled{a:1}[data-md-state=open]{b:1}"


def test_attribute_values_are_checked_right_to_left_kept_only_where_a_page_is():
    css = "[dir=rtl] .md-link{a:1}[dir=ltr] .md-link{b:1}[data-md-level]{c:1}[data-md-level^=\"2\"]{d:1}[lang|=fr]{e:1}"
    assert limited(css, PAGE) == "[dir=ltr] .md-link{b:1}[data-md-level]{c:1}[lang|=fr]{e:1}"
    arabic = PAGE.replace('lang="fr" dir="ltr"', 'lang="ar" dir="rtl"')
    assert limited(css, arabic).startswith("[dir=rtl] .md-link{a:1}")


def test_media_blocks_are_pruned_inside_and_dropped_when_empty_other_at_rules_kept():
    css = ("@media screen and (min-width:10em){.md-link{a:1}.nowhere{b:1}}@media print{.nowhere{c:1}}"
           "@keyframes spin{0%{x:1}}@font-face{font-family:x}")
    assert limited(css, PAGE) == "@media screen and (min-width:10em){.md-link{a:1}}@font-face{font-family:x}"


def test_keyframes_are_kept_when_a_kept_rule_or_a_script_may_start_them():
    css = ("@keyframes spin{0%{x:1}}@keyframes fade{0%{y:1}}@keyframes gone{0%{z:1}}@keyframes told{0%{w:1}}"
           ".md-link{animation:spin 1s}.md-body{animation-name:fade,other}.nowhere{animation:gone 1s}")
    assert limited(css, PAGE, script="el.style.animationName = 'told'") == (
        "@keyframes spin{0%{x:1}}@keyframes fade{0%{y:1}}@keyframes told{0%{w:1}}"
        ".md-link{animation:spin 1s}.md-body{animation-name:fade,other}")


def test_custom_properties_nobody_reads_are_dropped_even_through_other_properties():
    css = (":root{--used:1;--via:var(--used2);--used2:2;--unused:3;--only-by-unused:4;--chain:var(--only-by-unused)}"
           ".md-link{color:var(--used);margin:var(--via)}.nowhere{x:var(--unused)}")
    assert limited(css, PAGE) == ":root{--used:1;--via:var(--used2);--used2:2}.md-link{color:var(--used);margin:var(--via)}"


def test_a_custom_property_a_page_sets_in_a_style_attribute_is_kept():
    page = PAGE.replace("<nav", '<nav style="--md-width:3em"')
    assert limited(":root{--md-width:1em;--other:2}", page) == ":root{--md-width:1em}"


def test_the_built_language_keeps_every_rule_an_element_matches(site_root: Path):
    """Every class and id present on a built page of the fixture has its rules still in the stylesheet."""
    french = site_root / "fr"
    [sheet] = (french / styles.FOLDER).glob("main.*.min.css")
    source = styles.source_of(sheet.name)
    assert source is not None and sheet.stat().st_size < source.stat().st_size / 2
    written = sheet.read_text(encoding="utf-8")
    for needed in (".md-header", ".md-typeset", ".md-nav__link", ".md-select", ".md-skip"):
        assert needed in written
    assert ".md-search__form" not in written and ".md-tabs" not in written  # no page has them
    # the result is the stylesheet of the pages: writing it again changes nothing
    assert styles.limit_stylesheets(french)[sheet.name][1] == len(written.encode("utf-8"))
    assert sheet.read_text(encoding="utf-8") == written
