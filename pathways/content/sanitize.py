"""The trust boundary for partner text: Markdown from content becomes HTML here, and only here.

Content (step bodies, prose pages, any Markdown field) is written by partners, who are trusted to
describe services but not to put markup in readers' pages. Everything Markdown produces is passed
through an allow-list (nh3): a few text tags, links to http(s)/mailto/tel, and no `id`, `class`,
`style`, images, forms, frames or scripts — the theme's JavaScript acts on ids and classes (a
`<pre class="mermaid">` would fetch a script from a CDN), so content may not set them. Our own
templates are trusted and autoescaped; they are never passed through this.
"""

from __future__ import annotations

import functools

import markdown
import nh3
from markupsafe import Markup

TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "code", "blockquote",
        "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "abbr", "small"}
ATTRIBUTES = {"a": {"href", "hreflang", "lang"}, "abbr": {"title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@functools.lru_cache(maxsize=8192)
def content_html(source: str) -> Markup:
    """Markdown written by a partner → safe HTML (converted once per distinct text)."""
    html = markdown.markdown(source, extensions=["tables"], output_format="html")
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer", strip_comments=True))
