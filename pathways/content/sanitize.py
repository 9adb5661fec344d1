r"""The trust boundary for partner text: Markdown from content becomes HTML here, and only here.

Content (step bodies, prose pages, any Markdown field) is written by partners, who are trusted to
describe services but not to put markup in readers' pages. Everything Markdown produces is passed
through an allow-list (nh3): a few text tags, links to http(s)/mailto/tel, and no `id`, `class`,
`style`, images, forms, frames or scripts — the theme's JavaScript acts on ids and classes (a
`<pre class="mermaid">` would fetch a script from a CDN), so content may not set them. Our own
templates are trusted and autoescaped; they are never passed through this.

A link that names no scheme but starts with `//` (or `\\`, or `/\`, which browsers read the same way,
also with tabs or line breaks inside) goes to another site: the allow-list keeps relative links, so such
an `href` is removed here (the text stays). `link_targets` lists where a text's links lead, in every form
(Markdown, HTML, autolink, reference), read from the HTML Markdown makes before cleaning: what a
translation must keep exactly as its source has it.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import Markup

TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "code", "blockquote",
        "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "abbr", "small"}
ATTRIBUTES = {"a": {"href", "hreflang", "lang"}, "abbr": {"title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "cite", "data", "poster", "background", "srcset",
                  "xlink:href"}
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")  # browsers drop these inside a URL (`/\t/evil.example`)
_LEADING = re.compile(r"^[\x00-\x20]+")  # and these before it


@functools.lru_cache(maxsize=8192)
def content_html(source: str) -> Markup:
    """Markdown written by a partner → safe HTML (converted once per distinct text)."""
    return Markup(nh3.clean(_markdown(source), tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer", strip_comments=True, attribute_filter=_no_other_host))


def _markdown(source: str) -> str:
    return markdown.markdown(source, extensions=["tables"], output_format="html")


def _no_other_host(element: str, attribute: str, value: str) -> str | None:
    """Keep an attribute unless it is a link to another host written without a scheme (`//evil.example`)."""
    if attribute in URL_ATTRIBUTES and other_host(value):
        return None
    return value


def other_host(url: str) -> bool:
    r"""True for a scheme-relative address (`//host`, `\\host`, `/\host`, `/<tab>/host`), as a browser reads it."""
    return _LEADING.sub("", _IGNORED_IN_URL.sub("", url)).replace("\\", "/").startswith("//")


@functools.lru_cache(maxsize=8192)
def link_targets(source: str) -> tuple[str, ...]:
    """Where the links of a Markdown text lead, sorted, in whatever form they are written (Markdown, HTML,
    autolinks, references): every URL attribute of the HTML Markdown makes of it, before any cleaning."""
    if "<" not in source and "[" not in source:  # no link can be written without one of them
        return ()
    finder = _Targets()
    finder.feed(_markdown(source))
    finder.close()
    return tuple(sorted(finder.found))


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(value.strip() for name, value in attrs if name in URL_ATTRIBUTES and value is not None)

    handle_startendtag = handle_starttag
