"""kpidesk's icon (``resources/icons/kpidesk.svg``) for its windows, taskbar and About box, and
as the images the installers' icon files are made of (``packaging/icons.py``)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kpidesk.resources import asset

# What Windows (16–256), macOS (16–1024 of the .icns) and Linux desktops ask an icon for.
SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_image(size: int) -> QImage:
    """The icon drawn at ``size`` × ``size`` pixels on transparency."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(str(asset("icons", "kpidesk.svg")))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def app_icon() -> QIcon:
    """The icon at every size drawn from the drawing itself (no icon-engine plugin needed, and
    a 16-pixel taskbar entry is not a blurred shrink of a large picture)."""
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(QPixmap.fromImage(icon_image(size)))
    return icon
