"""The installers' icon files, made from kpidesk's drawing (resources/icons/kpidesk.svg):
``kpidesk.ico`` for Windows (the .exe, the installer, the document type) and ``kpidesk.icns``
for macOS, each holding the icon drawn at every size it shows (not one picture shrunk).

    python packaging/icons.py OUT_FOLDER      (kpidesk.spec calls ``write_icons``)
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def _images(sizes: tuple[int, ...]):
    """Pillow images of the icon drawn by Qt at each size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QGuiApplication

    from kpidesk.ui.app_icon import icon_image

    _app = QGuiApplication.instance() or QGuiApplication(["kpidesk-icons"])  # noqa: F841
    images = []
    for size in sizes:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        icon_image(size).save(buffer, "PNG")
        images.append(Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA"))
    return images


def write_icons(folder: Path) -> tuple[Path, Path]:
    """``folder/kpidesk.ico`` and ``folder/kpidesk.icns``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    ico, icns = folder / "kpidesk.ico", folder / "kpidesk.icns"
    small = _images(ICO_SIZES)
    small[-1].save(ico, format="ICO", sizes=[im.size for im in small], append_images=small[:-1])
    large = _images(ICNS_SIZES)
    large[-1].save(icns, format="ICNS", append_images=large[:-1])
    return ico, icns


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for written in write_icons(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")):
        print(written)
