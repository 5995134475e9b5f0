"""Names kpidesk makes from what people typed (a provider, a unit, a position) that must be
accepted by Excel as a sheet name or by every operating system as a file name.

Pure functions: the exchange writers and printing ask them, so a name never makes an export
or a print run fail."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, MutableSet

SHEET_LIMIT = 31  # Excel's limit, counted in UTF-16 units (an emoji counts two)
FILE_CHARACTERS = 120  # short enough for a Windows path of a few folders
FILE_BYTES = 240  # ext4, APFS, NTFS allow 255 bytes / units: room for " (2)" and a lock file

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILE_FORBIDDEN = re.compile(r'[<>:"/\\|?*\s]+')
# Windows refuses these as a file's stem whatever the extension (CON.pdf, com1.tar.gz), in
# any case; newer versions also the superscript digits.
_RESERVED_STEMS = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789¹²³"]
)


def _printable(text: str) -> str:
    """Without control characters, lone surrogates and the two non-characters XML cannot carry."""
    return "".join(
        c for c in text if unicodedata.category(c) not in ("Cc", "Cs") and c not in "\ufffe\uffff"
    )


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, fits: Callable[[str], bool]) -> str:
    """The longest start of ``text`` that ``fits``."""
    while text and not fits(text):
        text = text[:-1]
    return text


def _within(text: str, units: int) -> str:
    """The longest start of ``text`` of at most ``units`` UTF-16 units."""
    return _fit(text, lambda start: _utf16_units(start) <= units)


def sheet_name(name: str, taken: MutableSet[str], fallback: str = "Sheet") -> str:
    """``name`` as Excel accepts it for a sheet of a workbook whose sheets so far are ``taken``
    (case-folded names; the result is added): none of []:*?/\\, at most 31 UTF-16 units, no
    apostrophe at either end, not the reserved "History", not empty, and not the name of
    another sheet in any case (a " (2)" suffix kept within the limit)."""
    cleaned = _SHEET_FORBIDDEN.sub("_", _printable(str(name))).strip()
    cleaned = _within(cleaned, SHEET_LIMIT).strip().strip("'").strip()
    if not cleaned or cleaned.casefold() == "history":
        cleaned = f"{cleaned}_" if cleaned else fallback
    found, number = cleaned, 1
    while found.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        found = _within(cleaned, SHEET_LIMIT - _utf16_units(suffix)).rstrip("'") + suffix
    taken.add(found.casefold())
    return found


def file_name(parts: Iterable[object], ext: str) -> str:
    """The non-empty ``parts`` joined by "-" as a file name every system accepts: no
    <>:"/\\|?*, whitespace or control characters (each run becomes "_"), not a Windows device
    name (CON, NUL, COM1…) whatever follows, no leading dot or trailing dot or space, at most
    120 characters and 240 UTF-8 bytes with ``ext`` (e.g. ".pdf") kept."""
    if ext and not ext.startswith("."):
        ext = "." + ext
    ext = _FILE_FORBIDDEN.sub("_", _printable(ext))
    texts = [str(part).strip() for part in parts if part is not None]
    stem = "-".join(text for text in texts if text)
    stem = _FILE_FORBIDDEN.sub("_", _printable(stem)).lstrip(".").rstrip(". ")

    def fits(text: str) -> bool:
        whole = text + ext
        return len(whole) <= FILE_CHARACTERS and len(whole.encode("utf-8")) <= FILE_BYTES

    stem = _fit(stem, fits).rstrip(". ") or "_"
    if stem.split(".")[0].upper().rstrip(" ") in _RESERVED_STEMS:
        stem = _fit("_" + stem, fits)  # "_CON.pdf": no longer the device
    return stem + ext
