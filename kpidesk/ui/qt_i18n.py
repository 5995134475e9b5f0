"""Qt's side of the one translation mechanism: Qt's own catalogue for standard dialogs and
buttons, switched together with ours."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from kpidesk import i18n

_installed: list[QTranslator] = []


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
