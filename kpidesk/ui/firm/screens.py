"""``kpidesk screenshot`` views of setting up a firm: ``welcome`` (the first-run screen, no
document needed) and ``firm-settings`` (the Firm settings dialog over the main window)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from kpidesk.i18n import gettext
from kpidesk.ui.firm.welcome import Welcome
from kpidesk.ui.widgets.presentation import presentation_point_size, presentation_style


def render_welcome(
    out: Path,
    logical: tuple[int, int],
    size: tuple[int, int],
    present: bool = False,
    recent: str | None = None,
) -> Path:
    """The first-run screen filling the screen; ``recent``, a document that exists, is listed
    as a recent file (as after a first use)."""
    with tempfile.TemporaryDirectory(prefix="kpidesk-welcome-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        if recent and Path(recent).exists():
            settings.setValue("recent", [str(Path(recent).resolve())])
        welcome = Welcome(settings, print, print, print)
        if present:
            welcome.setStyleSheet(presentation_style(presentation_point_size(welcome.screen())))
        welcome.resize(*logical)
        welcome.show()
        QApplication.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        image = welcome.grab().toImage().copy(0, 0, *size)
        welcome.close()
        welcome.deleteLater()
        if not image.save(str(out)):
            raise OSError(0, gettext("the picture could not be written"), str(out))
    return out


def paint_settings_dialog(window, image: QImage) -> None:
    """Paint the Firm settings dialog, as File › Firm settings… opens it, centred over the
    window's picture."""
    dialog = window.firm_actions.dialog()
    dialog.show()
    QApplication.processEvents()
    picture = dialog.grab().toImage()
    ratio = image.width() / max(1, window.width())  # the screen's scaling
    picture = picture.scaled(
        int(picture.width() * ratio / picture.devicePixelRatio()),
        int(picture.height() * ratio / picture.devicePixelRatio()),
    )
    spot = QPoint((image.width() - picture.width()) // 2, (image.height() - picture.height()) // 2)
    painter = QPainter(image)
    painter.drawImage(spot, picture)
    painter.end()
    dialog.close()
