"""One translation mechanism for the GUI, the CLI, PDFs and Excel templates.

Messages are written in English in the code, wrapped in ``_()``; translations live in gettext
``.po`` catalogues under ``resources/locale/<lang>/LC_MESSAGES/kpidesk.po``, read with polib
(so no compiled ``.mo`` is committed). Qt-free: the GUI adds Qt's own ``qtbase`` catalogue on top.
"""

from __future__ import annotations

import locale
import os
from functools import cache

import polib

from kpidesk.resources import asset

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
DOMAIN = "kpidesk"


def catalogue_path(lang: str):
    return asset("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")


@cache
def _catalogue(lang: str) -> dict[tuple[str | None, str], polib.POEntry]:
    """(msgctxt, msgid) → the translated entry; the source language (English) has none."""
    path = catalogue_path(lang)
    if lang == "en" or not path.exists():
        return {}
    return {
        (entry.msgctxt, entry.msgid): entry
        for entry in polib.pofile(str(path))
        if (entry.msgstr or any(entry.msgstr_plural.values()))
        and not entry.obsolete
        and "fuzzy" not in entry.flags
    }


def normalise(lang: str | None) -> str:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` → ``zh_CN``; anything else → ``en``."""
    return "zh_CN" if (lang or "").lower().replace("-", "_").startswith("zh") else "en"


def environment_language() -> str | None:
    """The language the environment asks for, as gettext reads it, or None if it says nothing:
    ``KPIDESK_LANG`` first; then ``LANGUAGE`` (a list such as ``zh_CN:en``, which gettext
    honours unless the locale is C); then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``."""
    if os.environ.get("KPIDESK_LANG"):
        return normalise(os.environ["KPIDESK_LANG"])
    locale_name = next(
        (os.environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(v)), None
    )
    wanted = [l for l in os.environ.get("LANGUAGE", "").split(":") if l]
    if wanted and locale_name and locale_name.split(".")[0] not in ("C", "POSIX"):
        return normalise(wanted[0])
    return normalise(locale_name) if locale_name else None


def system_language() -> str:
    return environment_language() or normalise(locale.getlocale()[0])


_current = system_language()


def set_language(lang: str) -> None:
    global _current
    _current = normalise(lang)


def language() -> str:
    return _current


def _entry(context: str | None, message: str, lang: str | None) -> polib.POEntry | None:
    return _catalogue(lang or _current).get((context, message))


def gettext(message: str, lang: str | None = None) -> str:
    entry = _entry(None, message, lang)
    return entry.msgstr if entry is not None and entry.msgstr else message


_ = gettext


def pgettext(context: str, message: str, lang: str | None = None) -> str:
    """``message`` as read in ``context`` (a ``msgctxt``): one English word, two Chinese
    readings — "Target" is 目标 in the editor and 目标完成值 in the printed contract's table
    (context "printed table", METHOD §8)."""
    entry = _entry(context, message, lang)
    return entry.msgstr if entry is not None and entry.msgstr else message


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The form for ``n`` of a message with a plural (Chinese has one form: ``msgstr[0]``)."""
    entry = _entry(None, singular, lang)
    if entry is not None and entry.msgstr_plural:
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        text = forms[min(_plural_index(lang or _current, n), len(forms) - 1)]
        if text:
            return text
    return singular if n == 1 else plural


def _plural_index(lang: str, n: int) -> int:
    return 0 if lang == "zh_CN" else (0 if n == 1 else 1)


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it now (it is translated when shown)."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark a message with its context (``msgctxt``) without translating it now; translate the
    pair with ``pgettext(*pair, lang)``."""
    return context, message
