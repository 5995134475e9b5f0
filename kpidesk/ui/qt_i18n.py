"""Qt's side of the one translation mechanism: Qt's own catalogue for standard dialogs and
buttons, switched together with ours."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from kpidesk import i18n

_installed: list[QTranslator] = []


def system_language() -> str:
    """The desktop's language: what the environment says (Linux, a terminal) or else what the
    operating system's own settings say, through Qt (Windows and macOS set no LANG)."""
    found = i18n.environment_language()
    if found:
        return found
    system = QLocale.system()
    return i18n.normalise((system.uiLanguages() or [system.name()])[0])


def start_language(settings) -> str:
    """At start: the language chosen in View › Language last time, else the desktop's."""
    chosen = settings.value("language", "") if settings is not None else ""
    apply_language(str(chosen) if chosen else system_language())
    return i18n.language()


def apply_language(lang: str) -> None:
    i18n.set_language(lang)
    app = QApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if i18n.language() == "zh_CN":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
            _installed.append(translator)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
