"""QR codes as inline SVG (vector: sharp at any print size, no image file, nothing fetched)."""

from __future__ import annotations

import segno
from markupsafe import Markup, escape


def qr_svg(url: str, label: str) -> Markup:
    """An accessible inline `<svg>` that encodes `url`; its size is set by CSS (viewBox, no width/height).

    Error correction M survives a crease or a coffee stain without making the code too dense to scan
    from a cheap phone camera.
    """
    code = segno.make(url, error="m", micro=False)
    # The <title> becomes the figure's alternate text in the tagged PDF (PDF/UA needs one).
    svg = code.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff", title=label)
    # segno writes `<svg viewBox=… class="segno">`: add the role and label browsers read.
    attributes = f'role="img" aria-label="{escape(label)}" class="qr-code"'
    return Markup(svg.replace('class="segno"', attributes, 1))


def short_url(url: str) -> str:
    """The address as people type it: no scheme, so it fits on one printed line."""
    return url.split("://", 1)[-1]
