"""Record ids: the one pattern every id follows (it ends up in URLs), and how a name becomes one."""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)


def is_id(text: str) -> bool:
    return bool(_ID.match(text))


def slug(text: str, fallback: str, max_chars: int | None = None) -> str:
    """'Saint-Jérôme' → 'saint-jerome': accents dropped, anything else between words a hyphen; `fallback`
    when nothing is left (a name in another script)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if max_chars is not None:
        made = made[:max_chars].strip("-")
    return made or fallback
