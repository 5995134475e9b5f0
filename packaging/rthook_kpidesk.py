"""PyInstaller runtime hook: runs in the bundled app before kpidesk is imported.

The bundle carries a Chinese font (``fonts/`` beside the app's files) so that a machine
without one still shows and prints Chinese:
- PDFs: ``reports.fonts.cjk_font`` takes ``KPIDESK_PDF_FONT`` before the system's faces (a
  font the user picked in File › Font for PDFs still comes first; a variable the user set is
  kept);
- the window on Linux: Qt finds fonts through fontconfig, pointed at a configuration that
  reads the system's own and adds the bundle's folder (Windows and macOS have Chinese faces
  of their own)."""

import os
import sys
from pathlib import Path

_bundle = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent))
_font = _bundle / "fonts" / "wqy-microhei.ttc"
if _font.is_file():
    os.environ.setdefault("KPIDESK_PDF_FONT", str(_font))
_fonts_conf = _bundle / "fonts" / "fonts.conf"
if sys.platform.startswith("linux") and _fonts_conf.is_file():
    os.environ.setdefault("FONTCONFIG_FILE", str(_fonts_conf))
