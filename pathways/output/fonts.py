"""Which font prints a language in the booklets, found through fontconfig (issue 22).

The booklets' body face is DejaVu Sans, vendored in `templates/print/fonts/` with Amiri. A language is
printed in a *script face* when it is not written in the Latin script: the first vendored face other than
the body face whose fontconfig coverage (`fc-query`, `%{lang}`) includes the language (Amiri for Arabic,
Persian, Urdu), else the body face when it covers the language (Ukrainian, Greek), else the first font
installed on the machine that covers it (`fc-list :lang=pa`, e.g. Lohit Gurmukhi). No font at all: `print`
names the Debian package that has one, and refuses to print boxes instead of letters.
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

from pathways.i18n import N_, native_name, script_of
from pathways.resources import PRINT_TEMPLATES

FONTS = PRINT_TEMPLATES / "fonts"
BODY_FAMILY = "DejaVu Sans"  # templates/print/booklet.css: "Booklet Sans"
LATIN = "Latn"


@dataclass(frozen=True)
class Font:
    """A font family that covers a language: its regular face, and its bold one when it has one."""

    family: str
    regular: Path
    bold: Path | None
    vendored: bool

    def url(self, path: Path) -> str:
        """The address the booklet's CSS gives it: relative to templates/print/ when vendored."""
        return f"fonts/{path.name}" if self.vendored else path.as_uri()

    @property
    def digest(self) -> str:
        """The font files' content: a booklet's cache key changes when an installed font does."""
        return _digest(self.regular, self.bold)


@dataclass(frozen=True)
class _Face:
    family: str
    style: str
    path: Path
    languages: frozenset[str]


def font_for(lang: str) -> Font | None:
    """The script face of `lang` (None when the body face prints it: a Latin-script language), or the body
    face when it covers a non-Latin language; None also when no font covers it (see `covered`)."""
    if script_of(lang) in (LATIN, None):
        return None
    vendored = _vendored()
    for family in _families(vendored):
        if family != BODY_FAMILY and _covers(vendored, family, lang):
            return _font(vendored, family, True)
    if _covers(vendored, BODY_FAMILY, lang):
        return None
    installed = _installed(lang)
    for family in _families(installed):
        return _font(installed, family, False)
    return None


def covered(lang: str) -> bool:
    """Whether some font prints `lang`: the body face, a vendored script face or an installed font."""
    return font_for(lang) is not None or script_of(lang) in (LATIN, None) or _covers(_vendored(), BODY_FAMILY, lang)


def family_name(lang: str) -> str:
    """The CSS family of a script face: `Booklet Arabic`, `Booklet Gurmukhi` (CLDR's English script name)."""
    script = script_of(lang) or lang
    return f"Booklet {Locale('en').scripts.get(script, script)}"


def debian_package(lang: str) -> str:
    """The Debian package with a font for the language's script: Noto's CJK fonts for Chinese, Japanese and
    Korean, Noto's core fonts (every other script Unicode encodes) otherwise."""
    return "fonts-noto-cjk" if script_of(lang) in ("Hans", "Hant", "Hani", "Jpan", "Kore") else "fonts-noto-core"


MISSING_FONT = N_("no font on this machine covers {name} ({code}, script {script}): its booklets would print boxes "
                  "instead of letters; install one, e.g. on Debian or Ubuntu 'sudo apt-get install {package}', "
                  "then print again")


def missing_font_message(lang: str, _) -> str:
    return _(MISSING_FONT).format(name=native_name(lang), code=lang, script=script_of(lang) or "?",
                                  package=debian_package(lang))


# ---------------------------------------------------------------- fontconfig


def _font(faces: list[_Face], family: str, vendored: bool) -> Font:
    mine = sorted((f for f in faces if f.family == family), key=lambda f: (f.style != "Regular", str(f.path)))
    bold = next((f.path for f in mine if f.style == "Bold"), None)
    return Font(family, mine[0].path, bold, vendored)


def _families(faces: list[_Face]) -> list[str]:
    return list(dict.fromkeys(face.family for face in faces))


def _covers(faces: list[_Face], family: str, lang: str) -> bool:
    return any(face.family == family and lang in face.languages for face in faces)


@functools.cache
def _vendored() -> list[_Face]:
    """The vendored faces, Amiri before DejaVu (sorted by file name), with the languages fontconfig says
    each covers."""
    found = []
    for path in sorted(FONTS.glob("*.ttf")):
        found += _faces(["fc-query", "-f", "%{family[0]}\t%{style[0]}\t%{file}\t%{lang}\n", str(path)])
    return found


@functools.cache
def _installed(lang: str) -> list[_Face]:
    """The fonts installed on this machine that cover `lang`, in a stable order (by family, then file)."""
    faces = _faces(["fc-list", f":lang={lang}", "--format", "%{family[0]}\t%{style[0]}\t%{file}\t%{lang}\n"])
    return sorted((f for f in faces if f.path.suffix.lower() in (".ttf", ".otf")), key=lambda f: (f.family, str(f.path)))


def _faces(command: list[str]) -> list[_Face]:
    try:
        output = subprocess.run(command, capture_output=True, check=False, timeout=30).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):  # no fontconfig tools: only the vendored fonts' known use
        return []
    faces = []
    for line in output.splitlines():
        parts = line.split("\t")
        if len(parts) == 4:
            family, style, file, languages = parts
            faces.append(_Face(family, style, Path(file), frozenset(languages.split("|"))))
    return faces


@functools.cache
def _digest(*paths: Path | None) -> str:
    sha = hashlib.sha256()
    for path in paths:
        if path is not None:
            sha.update(path.read_bytes())
    return sha.hexdigest()[:16]
