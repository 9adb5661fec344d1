"""Isolating left-to-right runs in right-to-left pages (present/bidi.py) changes no character of the text:
the text is HTML, and a character reference (`&#39;`, `&amp;`) is one character of its run, never split."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.present.bidi import isolate

class _Reader(HTMLParser):
    """Text as a browser reads it: each text node's character references resolved on their own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(body: str) -> str:
    """The characters a reader gets, without spaces (a space is put between an Arabic prefix and the Latin
    name it is written onto, on purpose)."""
    reader = _Reader()
    reader.feed(body)
    reader.close()
    return "".join("".join(reader.parts).split())


def test_a_reference_inside_a_latin_run_stays_whole():
    body = "<p>طالب لجوء (Demandeur d&#39;asile) و Brooks &amp; County</p>"
    assert isolate(body, "ar") == ('<p>طالب لجوء (<bdi dir="ltr">Demandeur d&#39;asile</bdi>) و '
                                   '<bdi dir="ltr">Brooks &amp; County</bdi></p>')


def test_a_reference_between_right_to_left_words_is_left_alone():
    assert isolate("<p>و &amp; ب &#x627; ج</p>", "ar") == "<p>و &amp; ب &#x627; ج</p>"


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["Demandeur", "d'asile", "Brooks", "&", "County", "طالب", "لجوء", " ", "  ",
                                 "(", ")", '"', "<", ">", "311", "819-374-2002", "info@v3r.net", "Québec",
                                 "https://www.canada.ca/", "Info-Social", "#", ";", "amp", "x627"]),
                max_size=20))
def test_isolating_changes_no_character_of_the_text(words):
    """Before the fix: `d&#39;asile` became `d&</bdi>#39;…`, read as "d&#39;asile" on Arabic pages."""
    body = "<p>" + html.escape("".join(words)) + "</p>"
    for lang in ("ar", "fr"):
        assert _text(isolate(body, lang)) == _text(body)
