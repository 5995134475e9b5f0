"""kpidesk's icon (resources/icons/kpidesk.svg, kpidesk/ui/app_icon.py): the difficulty
polyline on a blue ground with its base target marked in orange, drawn at every size."""

from __future__ import annotations

from kpidesk.ui.app_icon import SIZES, app_icon, icon_image


def test_the_icon_is_drawn_at_every_size_it_shows(qapp):
    icon = app_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(SIZES)
    for size in SIZES:
        assert not icon.pixmap(size, size).isNull()


def test_the_drawing_reads_as_designed_at_256_pixels(qapp):
    image = icon_image(256)
    # The rounded corner is transparent; the ground is blue; the base target's dot (the SVG's
    # circle at 152, 92) is orange; the polyline's flat start (y = 192) is white.
    assert image.pixelColor(2, 2).alpha() == 0
    ground = image.pixelColor(30, 128)
    assert ground.alpha() == 255 and ground.blue() > 100 > ground.red()
    dot = image.pixelColor(152, 92)
    assert dot.red() > 220 and 130 < dot.green() < 200 and dot.blue() < 80
    line = image.pixelColor(80, 192)
    assert min(line.red(), line.green(), line.blue()) > 240


def test_at_16_pixels_it_is_still_the_blue_square(qapp):
    image = icon_image(16)
    centre = image.pixelColor(4, 8)
    assert centre.alpha() == 255 and centre.blue() > centre.red()
