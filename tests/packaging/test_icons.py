"""The installers' icon files (packaging/icons.py): the Windows .ico holds the icon drawn at
every size Windows shows, the macOS .icns up to 1024 pixels."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
from icons import write_icons  # noqa: E402


def test_the_ico_and_icns_hold_every_size(qapp, tmp_path):
    ico, icns = write_icons(tmp_path / "icons")
    with Image.open(ico) as image:
        assert sorted(image.info["sizes"]) == [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
        image.size = (16, 16)  # the 16-pixel picture is drawn for 16 pixels, not shrunk
        small = image.convert("RGBA")
        assert small.size == (16, 16) and small.getpixel((4, 8))[3] == 255
    with Image.open(icns) as image:
        assert image.size == (1024, 1024)
        assert {(128, 128, 1), (256, 256, 1), (512, 512, 1)} <= set(image.info["sizes"])
