"""Readability of the status introductions (issue 26): the text a reader meets first on each status page
(who it is for, how to recognise it), one figure per status page and language, from the shipped content.

    python benchmarks/readability.py [--content content] [--as-of 2026-12-07]

Scales (textstat, syllables by Pyphen, no network): Kandel–Moles for French (Flesch with French
coefficients: 207 - 1.015 × words per sentence - 73.6 × syllables per word), Flesch reading ease for
English, Fernández-Huerta for Spanish. Higher is easier; 60 and above reads as plain language. The aim
(issue 26) is ≥ 60 on each scale; the script prints what is reached, it does not judge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
from pathlib import Path

import textstat

from pathways.commands.check import check

SCALES = {  # language → (name, function)
    "fr": ("Kandel-Moles", lambda text: textstat.flesch_reading_ease(text)),
    "en": ("Flesch", lambda text: textstat.flesch_reading_ease(text)),
    "es": ("Fernandez-Huerta", lambda text: textstat.fernandez_huerta(text)),
}
AIM = 60


def introduction(status, lang: str) -> str | None:
    """The status page's introduction in `lang`: its description and the document that shows it."""
    parts = [text.get(lang) for text in (status.description, status.document)]
    return " ".join(p for p in parts if p) or None


def score(text: str, lang: str) -> float:
    textstat.set_lang(lang)
    return round(SCALES[lang][1](text), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=Path(__file__).parent.parent / "content")
    parser.add_argument("--as-of", default="2026-12-07")
    args = parser.parse_args(argv)
    result = check(args.content, None, dt.date.fromisoformat(args.as_of))
    print(f"{'community':<16} {'status':<20} " + " ".join(f"{SCALES[l][0] + ' (' + l + ')':>22}" for l in SCALES))
    below = {lang: 0 for lang in SCALES}
    scores: dict[str, list[float]] = {lang: [] for lang in SCALES}
    for community, checked in sorted(result.communities.items()):
        for status in checked.guide.leaf_statuses():
            row = []
            for lang in SCALES:
                text = introduction(status, lang)
                if text is None:
                    row.append(f"{'—':>22}")
                    continue
                value = score(text, lang)
                scores[lang].append(value)
                below[lang] += value < AIM
                row.append(f"{value:>22}")
            print(f"{checked.guide.community.id:<16} {status.id:<20} " + " ".join(row))
    for lang, (name, _) in SCALES.items():
        values = scores[lang]
        if values:
            print(f"{name} ({lang}): median {statistics.median(values):.1f}, min {min(values):.1f}, "
                  f"{below[lang]} of {len(values)} introductions below {AIM}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
