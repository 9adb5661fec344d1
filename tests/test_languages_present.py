"""Issue 13: the one place a content text is put in the reader's language (present.in_language & co)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from pathways.content.guide import ProsePage
from pathways.i18n import gettext_for
from pathways.content.models import Text
from pathways.present.views import (in_language, markdown_in_language, official_in_language, plain_in_language,
                              prose_html, prose_in_language)

NOTICE = {lang: gettext_for(lang)("not translated") for lang in ("es", "ar")}  # "no traducido", "غير مترجم"
CLAIMANT = Text({"fr": "Demandeur d'asile", "en": "Refugee claimant", "es": "Solicitante de asilo"})
UNTRANSLATED = Text({"fr": "Carte d'assurance maladie <RAMQ>", "en": "Health insurance card <RAMQ>"})


def test_a_translated_text_is_shown_as_it_is_escaped():
    assert in_language(CLAIMANT, "es", "fr") == Markup("Solicitante de asilo")
    assert in_language(UNTRANSLATED, "en", "fr") == Markup("Health insurance card &lt;RAMQ&gt;")


def test_a_text_without_translation_is_the_default_language_marked_with_a_notice():
    shown = in_language(UNTRANSLATED, "es", "fr")
    assert shown == Markup('<span lang="fr">Carte d&#39;assurance maladie &lt;RAMQ&gt;</span> '
                           '<small class="pw-untranslated">({})</small>').format(NOTICE["es"])
    assert plain_in_language(UNTRANSLATED, "ar", "en") == "Health insurance card <RAMQ>"


def test_a_markdown_text_without_translation_is_a_marked_block_and_a_notice():
    shown = markdown_in_language(Text({"fr": "Appelez **811**.", "en": "Call **811**."}), "ar", "fr")
    assert shown.startswith('<div lang="fr" dir="ltr"><p>Appelez <strong>811</strong>.</p></div>')
    assert shown.endswith(f'<p class="pw-untranslated"><small>({NOTICE["ar"]})</small></p>')


def test_an_official_name_keeps_the_official_term_beside_its_translation():
    assert official_in_language(CLAIMANT, "es", "fr") == Markup(
        'Solicitante de asilo<span class="pw-official" lang="fr"> (Demandeur d&#39;asile)</span>')
    assert plain_in_language(CLAIMANT, "es", "fr", official=True) == "Solicitante de asilo (Demandeur d'asile)"
    assert official_in_language(CLAIMANT, "en", "fr") == Markup("Refugee claimant")  # references: as they are


def test_a_prose_page_without_twin_is_the_default_language_page_marked():
    page = ProsePage("home.md", "fr", "Bienvenue", None, 0, "Bonjour.", "content/fr/home.md")
    chosen = prose_in_language({"fr": page, "en": page}, "es", "fr")
    assert chosen is page
    assert prose_html(page, "es") == Markup('<div lang="fr"><p>Bonjour.</p></div>'
                                            '<p class="pw-untranslated"><small>({})</small></p>').format(NOTICE["es"])
    assert prose_html(page, "fr") == Markup("<p>Bonjour.</p>")


def test_a_left_to_right_text_inside_a_right_to_left_page_keeps_its_direction():
    assert in_language(UNTRANSLATED, "ar", "en").startswith('<span lang="en" dir="ltr">Health insurance card')
    assert official_in_language(CLAIMANT, "es", "fr").count("dir=") == 0


@settings(max_examples=500, deadline=None)
@given(form=st.text(alphabet="ab_1é ->", min_size=1, max_size=4), page=st.text(alphabet="ab_1é ->", max_size=30))
def test_a_translated_text_stands_whole_as_the_regex_says(form, page):
    """`used` finds a translated text without a regex per text (issue 25: it was a fifth of a build)."""
    from pathways.present.views import _stands_whole

    assert _stands_whole(form, page) == bool(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", page))
