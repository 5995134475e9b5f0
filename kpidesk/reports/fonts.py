"""A CJK font for PDFs: an embeddable (TrueType-outline) system face, or the user's pick.

reportlab embeds and subsets TrueType outlines only; Noto CJK (CFF outlines) cannot be used.
The built-in STSong-Light CID font needs no file but is not embedded and squashes Latin text:
it is the last resort, so printing never fails.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from kpidesk.i18n import _

CANDIDATES = (
    # Windows
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    # macOS
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Songti.ttc",
    # Linux (Debian fonts-wqy-microhei / fonts-wqy-zenhei)
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FALLBACK = "STSong-Light"


@dataclass(frozen=True)
class PdfFont:
    name: str
    path: str | None  # None: the non-embedded CID fallback

    @property
    def embedded(self) -> bool:
        return self.path is not None


_registered: dict[str, PdfFont] = {}


def _register(path: str) -> PdfFont | None:
    name = "KPIDesk-" + Path(path).stem
    if name in _registered:
        return _registered[name]
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    except (TTFError, OSError, ValueError):
        return None  # CFF outlines, a damaged file, or not a font at all
    _registered[name] = PdfFont(name, path)
    return _registered[name]


def cjk_font(preferred: str | None = None) -> PdfFont:
    """The user's font if it works, else the first system face that embeds, else STSong-Light."""
    for path in (preferred, os.environ.get("KPIDESK_PDF_FONT"), *CANDIDATES):
        if path and Path(path).is_file():
            font = _register(path)
            if font is not None:
                return font
    if FALLBACK not in _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
        _registered[FALLBACK] = PdfFont(FALLBACK, None)
    return _registered[FALLBACK]


def font_problem(path: str) -> str | None:
    """Why this file cannot be the contracts' font, in words for the user; None if it can."""
    if not Path(path).is_file():
        return _("{path} is not a font file").format(path=path)
    try:
        face = TTFont("KPIDesk-check", path, subfontIndex=0).face
    except (TTFError, OSError, ValueError) as exc:
        return _(
            "{name} cannot be embedded in a PDF: only TrueType outlines can (OpenType/CFF fonts "
            "such as Noto CJK cannot). {error}"
        ).format(name=Path(path).name, error=exc)
    if any(ord(char) not in face.charToGlyph for char in "绩效合同"):
        return _("{name} has no Chinese characters").format(name=Path(path).name)
    return None
