"""Screenshots on demand (long work off the GUI thread: tests/ui/test_background.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    "args",
    [
        ("--view", "main", "--lang", "zh"),
        ("--view", "main", "--lang", "en", "--present"),
        ("--view", "value-tree", "--lang", "en"),
        ("--view", "print-preview", "--lang", "zh"),
    ],
)
def test_screenshot_writes_a_realistic_png(demo_path, tmp_path, args):
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "kpidesk", "screenshot", str(demo_path), "--out", str(out), *args],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1280 and image.height() >= 800
    # Not a blank canvas: a real window has many distinct colours (text, selection, charts).
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)
    }
    assert len(colours) > 20
