"""``kpidesk screenshot --size WxH --scale F``: the PNG is the screen's W×H pixels, the window laid
out at W/F × H/F logical pixels — what a laptop at that scaling shows."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR"
    return struct.unpack(">II", header[16:24])


def _screenshot(demo_path, out, *args):
    return subprocess.run(
        [sys.executable, "-m", "kpidesk", "screenshot", str(demo_path), "--out", str(out), *args],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )


@pytest.mark.parametrize(
    "args, size",
    [
        (("--size", "1366x768"), (1366, 768)),
        (("--size", "1366x768", "--scale", "1.5"), (1366, 768)),
        (("--size", "1366x768", "--scale", "1.5", "--present", "--lang", "zh"), (1366, 768)),
        (("--size", "1024x600", "--view", "value-tree", "--lang", "en"), (1024, 600)),
        ((), (1600, 900)),
    ],
)
def test_the_png_has_the_screen_size_asked_for(demo_path, tmp_path, args, size):
    out = tmp_path / "shot.png"
    result = _screenshot(demo_path, out, *args)
    assert result.returncode == 0, result.stderr
    assert _png_size(out) == size


def test_the_scale_lays_the_window_out_larger(demo_path, tmp_path):
    """At 150 % the same screen holds less: text is drawn 1.5 times as large."""
    from PySide6.QtGui import QImage

    def ink_rows(path: Path) -> int:  # rows of the menu bar's first word that hold dark pixels
        image = QImage(str(path))
        return sum(
            any(QImage.pixelColor(image, x, y).value() < 100 for x in range(60))
            for y in range(40)
        )

    plain, scaled = tmp_path / "plain.png", tmp_path / "scaled.png"
    assert _screenshot(demo_path, plain, "--size", "1366x768", "--lang", "en").returncode == 0
    assert (
        _screenshot(demo_path, scaled, "--size", "1366x768", "--scale", "1.5", "--lang", "en")
    ).returncode == 0
    assert ink_rows(scaled) >= 1.3 * ink_rows(plain)


@pytest.mark.parametrize(
    "args, says",
    [
        (("--size", "1366"), "--size wants WIDTHxHEIGHT"),
        (("--size", "10x10"), "is not a screen size"),
        (("--scale", "0.5"), "--scale is the display scaling"),
    ],
)
def test_a_bad_size_or_scale_is_refused_in_one_sentence(demo_path, tmp_path, args, says):
    out = tmp_path / "shot.png"
    result = _screenshot(demo_path, out, *args)
    assert result.returncode == 2 and says in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
