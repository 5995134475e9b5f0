"""Screenshots on demand, checked against what the window shows."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui


# ``kpidesk screenshot`` run as the command line runs it, in a process that also notes, just before
# the window closes, what the shown widgets hold and draws the one that matters on its own: the
# PNG must contain exactly that drawing where that widget sits.
SHOT = textwrap.dedent(
    """
    import json, runpy, sys
    from PySide6.QtCore import QModelIndex, QPoint, Qt
    from PySide6.QtWidgets import QApplication
    from kpidesk.ui.main_window import MainWindow
    from kpidesk.ui.files.print_preview import PrintPreview

    crop_file, seen = sys.argv[1], {}
    close = MainWindow.close

    def texts(model, parent=QModelIndex()):
        found = []
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            found += [index.data(), *texts(model, index)]
        return found

    def noted_close(window):
        previews = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, PrintPreview) and w.isVisible()]
        if previews:
            shown, part = previews[0], previews[0]
            seen["pages"] = len(shown.pages)
        else:
            shown = window
            on_tree = window.left.currentIndex() == 1  # the value tree tab
            part = (window.value_tree if on_tree else window.editor.view).viewport()
            model = window.editor.model
            seen["kpis"] = texts(model)
            seen["headers"] = [model.headerData(c, Qt.Orientation.Horizontal)
                               for c in range(model.columnCount())]
            seen["diagram"] = on_tree
            seen["value tree"] = texts(window.value_tree.model())
        origin = part.mapTo(shown, QPoint(0, 0))
        seen["at"] = [origin.x(), origin.y()]
        part.grab().toImage().save(crop_file)
        return close(window)

    MainWindow.close = noted_close
    sys.argv = ["kpidesk", *sys.argv[2:]]
    try:
        runpy.run_module("kpidesk", run_name="__main__")
    except SystemExit as done:
        if done.code:
            raise
    print("SEEN " + json.dumps(seen, ensure_ascii=False))
    """
)


def _same_pixels(image: QImage, crop: QImage, x: int, y: int) -> bool:
    inside = image.copy(x, y, crop.width(), crop.height()).convertToFormat(crop.format())
    return inside == crop


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
    out, crop_file = tmp_path / "shot.png", tmp_path / "part.png"
    result = subprocess.run(
        [sys.executable, "-c", SHOT, str(crop_file), "screenshot", str(demo_path),
         "--out", str(out), *args],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.split("SEEN ", 1)[1])
    image = QImage(str(out))
    assert image.width() >= 1280 and image.height() >= 800
    # The PNG holds the widget that matters, drawn as the window drew it, where it sits.
    crop = QImage(str(crop_file))
    assert crop.width() > 200 and crop.height() > 100
    assert _same_pixels(image, crop, *seen["at"])
    view, lang = args[1], args[3]
    if view == "print-preview":
        assert seen["pages"] == 2  # the general manager's contract: two A4 pages
        return
    # What the shown view holds: the general manager's contract in the language asked for.
    assert "关键人才流失率" in seen["kpis"] and "营业收入" not in seen["kpis"]
    assert ("Weight %" in seen["headers"]) == (lang == "en")
    assert seen["diagram"] == (view == "value-tree")
    if view == "value-tree":
        assert "实际收入" in seen["value tree"]
