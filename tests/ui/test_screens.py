"""Laptop screens and projectors: the first window fits a 1366×768 laptop at 100 % and 150 %,
presentation mode shows the contract and its scores and Esc puts the layout back exactly, and
the value-tree diagram's labels never run into each other at any type size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, QSettings, Qt
from PySide6.QtGui import QFontMetricsF

from kpidesk.ui.contract.contract_lines_model import FIELDS

WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap

pytestmark = pytest.mark.gui

LAPTOP = {"width": 1366, "height": 768}


def _screen_config(tmp_path: Path, width: int, height: int) -> str:
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
    screen.update({"logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1})
    config = {"synchronousWindowSystemEvents": False, "windowFrameMargins": False}
    config["screens"] = [screen]
    path = tmp_path / f"screen-{width}x{height}.json"
    path.write_text(json.dumps(config))
    return str(path)


# Runs the real start-up (kpidesk.app.run_gui) on a given screen, then reports what the first
# window shows, as the user would see it, and closes it.
INSPECT = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    from kpidesk.app import run_gui

    app = QApplication(sys.argv[:1])

    def visible_right(view, column):
        header = view.header() if hasattr(view, "header") else view.horizontalHeader()
        if header.isSectionHidden(column):
            return None
        return header.sectionViewportPosition(column) + header.sectionSize(column)

    def inspect():
        windows = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow)]
        if not windows or not windows[0].isVisible():  # still opening the file
            QTimer.singleShot(20, inspect)
            return
        try:
            report = measure(windows[0])
        except Exception:
            import traceback
            traceback.print_exc()
            app.exit(3)
            return
        print("REPORT " + json.dumps(report), flush=True)
        windows[0].close()

    def measure(window):
        screen = window.screen().availableGeometry()
        frame = window.frameGeometry()
        table = window.scoring.table
        rows = [
            table.visualRect(table.model().index(r, 0)).bottom() < table.viewport().height()
            for r in range(table.model().rowCount())
        ]
        editor = window.editor.view
        report = {
            "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
            "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
            "rows_in_view": sum(rows),
            "rows": len(rows),
            "editor_width": editor.viewport().width(),
            "editor_right": {
                name: visible_right(editor, i)
                for i, name in enumerate(%(fields)r)
            },
            "scoring_width": table.viewport().width(),
            "scoring_right": [visible_right(table, c) for c in range(table.model().columnCount())],
            "icon_sizes": sorted(s.width() for s in window.windowIcon().availableSizes()),
        }
        return report

    QTimer.singleShot(0, inspect)
    sys.exit(run_gui(sys.argv[1]))
    """
)


def _first_window(tmp_path, demo_path, scale: float, settings_home: Path | None = None) -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen:configfile=" + _screen_config(tmp_path, **LAPTOP)
    env["QT_SCALE_FACTOR"] = f"{scale:g}"
    env["XDG_CONFIG_HOME"] = str(settings_home or tmp_path / "config")  # no saved layout
    result = subprocess.run(  # -c from the checkout: this kpidesk, not an installed one
        [sys.executable, "-c", INSPECT % {"fields": FIELDS}, str(demo_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stdout.splitlines() if l.startswith("REPORT "))
    return json.loads(line[len("REPORT ") :])


def _inside(frame, screen) -> bool:
    x, y, w, h = frame
    sx, sy, sw, sh = screen
    return sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh


@pytest.mark.parametrize("scale", [1, 1.5])
def test_the_first_window_fits_a_1366x768_laptop(tmp_path, demo_path, scale):
    report = _first_window(tmp_path, demo_path, scale)
    # 150 % leaves 911×512 logical pixels; the window lies wholly on the screen either way.
    assert report["screen"][2:] == [round(1366 / scale), round(768 / scale)]
    assert _inside(report["frame"], report["screen"]), report
    # The scoring table is where actuals are typed: several rows in view, not one.
    assert report["rows_in_view"] >= 5, report
    # The contract's KPI, weight and three targets are in view without scrolling.
    for name in ("indicator", "weight", "minimum", "base", "challenge"):
        right = report["editor_right"][name]
        assert right is not None and right <= report["editor_width"], (name, report)
    # So are the scores' KPI, actual, points and completion.
    for column in (0, 3, 4, 5):
        right = report["scoring_right"][column]
        assert right is not None and right <= report["scoring_width"], (column, report)
    # The window (and the taskbar) carry kpidesk's icon, drawn for the smallest and largest use.
    assert {16, 32, 256} <= set(report["icon_sizes"]), report


def test_a_layout_saved_on_a_large_screen_is_clamped_to_a_small_one(
    qtbot, document, tmp_path, demo_path
):
    from kpidesk.services import FirmService
    from kpidesk.services.editing import EditService
    from kpidesk.ui.main_window import MainWindow

    home = tmp_path / "home"
    settings = QSettings(str(home / "kpidesk" / "kpidesk.conf"), QSettings.Format.IniFormat)
    window = MainWindow(FirmService(document), EditService(document), settings)
    qtbot.addWidget(window)
    window.show()
    window.setGeometry(100, 80, 1700, 980)  # on the 1920×1080 desk screen
    window.close()
    settings.sync()
    elsewhere = tmp_path / "laptop.kpidesk"  # this process holds the lock on demo_path
    elsewhere.write_bytes(demo_path.read_bytes())
    report = _first_window(tmp_path, elsewhere, 1, settings_home=home)
    assert _inside(report["frame"], report["screen"]), report


def _chrome(window) -> dict:
    widgets = {
        "menu": window.menuBar(),
        "toolbar": window.toolbar,
        "status": window.statusBar(),
        "tree filter": window.tree_filter,
        "indicator filter": window.value_filter,
        "events": window.scoring.events,
        **{f"button {k}": b for k, b in window.editor.buttons.items()},
    }
    return {name: w.isVisibleTo(window) for name, w in widgets.items()}


def test_presentation_shows_the_contract_and_esc_puts_everything_back(window, qtbot):
    window.select_position("营销部门总经理")  # a signed contract
    window.toolbar.hide()  # the user's own layout: no toolbar, a wide tree
    window.splitter.setSizes([420, 700, 460])
    sizes, state, size = window.splitter.sizes(), window.windowState(), window.size()
    chrome = _chrome(window)
    header = window.editor.view.header()
    hidden = [header.isSectionHidden(i) for i in range(header.count())]

    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presenting and window.isFullScreen()
    shown = _chrome(window)
    assert not any(shown.values()), shown  # no menus, filters or buttons of the signed contract
    assert window.splitter.sizes()[0] == 0  # the tree steps aside for the contract and scores
    assert min(window.splitter.sizes()[1:]) > 0
    view, rule = window.editor.view, FIELDS.index("rule")
    # Once full screen has arrived, the rule column is on the screen, wide enough for a
    # readable start (elided after it).
    qtbot.waitUntil(
        lambda: not header.isSectionHidden(rule)
        and header.sectionSize(rule) >= 6 * view.fontMetrics().height()
    )
    left = header.sectionViewportPosition(rule)
    assert left > 0 and left + header.sectionSize(rule) <= view.viewport().width()

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.presenting and not window.isFullScreen()
    assert window.windowState() == state and window.size() == size
    assert window.splitter.sizes() == sizes
    assert _chrome(window) == chrome  # the toolbar stays hidden, the rest comes back
    assert [header.isSectionHidden(i) for i in range(header.count())] == hidden


def test_a_second_f11_leaves_and_esc_outside_presentation_changes_nothing(window, qtbot):
    window.splitter.setSizes([300, 800, 480])
    sizes = window.splitter.sizes()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presenting
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.presenting and window.splitter.sizes() == sizes
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.splitter.sizes() == sizes and window.menuBar().isVisible()


def _assert_labels_fit_and_do_not_overlap(diagram) -> None:
    title, detail = QFontMetricsF(diagram.title_font()), QFontMetricsF(diagram.text_font())
    rects = []
    for node_id, node in diagram.nodes.items():
        box = diagram.boxes[node_id]
        title_rect, detail_rect = diagram.title_rects[node_id], diagram.detail_rects[node_id]
        needed = title.boundingRect(QRectF(0, 0, title_rect.width(), 1e4), WRAP, node.label)
        assert needed.height() <= title_rect.height() + 0.5, node.label
        assert needed.width() <= title_rect.width() + 0.5, node.label
        assert detail.horizontalAdvance(diagram.details(node)) <= detail_rect.width() + 0.5
        assert detail.height() <= detail_rect.height() + 0.5
        for rect in (title_rect, detail_rect):
            assert box.contains(rect), node.label
        rects += [(node.label, title_rect), (node.label + " details", detail_rect)]
    for (a, ra), (b, rb) in combinations(rects, 2):
        assert not ra.intersects(rb), (a, b)
    for a, b in combinations(diagram.boxes.values(), 2):
        assert not a.intersects(b)


def test_value_tree_labels_fit_at_desk_and_presentation_sizes(window, qtbot):
    diagram = window.diagram
    window.left.setCurrentIndex(1)  # the value tree: the centre shows its diagram
    assert window.centre.currentIndex() == 1 and len(diagram.nodes) == 12
    _assert_labels_fit_and_do_not_overlap(diagram)
    desk = diagram.title_font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    presenting = diagram.title_font().pointSizeF()
    assert presenting >= 1.8 * desk  # presentation type, measured again
    _assert_labels_fit_and_do_not_overlap(diagram)
    area = window.centre.widget(1).viewport()
    qtbot.waitUntil(lambda: area.height() > 900)  # full screen on the 1920×1080 screen
    assert diagram.width() <= area.width() and diagram.height() <= area.height()
    _assert_labels_fit_and_do_not_overlap(diagram)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert diagram.title_font().pointSizeF() == desk
    _assert_labels_fit_and_do_not_overlap(diagram)


def test_closing_while_presenting_remembers_the_working_layout(qtbot, document, settings):
    from kpidesk.services import FirmService
    from kpidesk.services.editing import EditService
    from kpidesk.ui.main_window import MainWindow

    first = MainWindow(FirmService(document), EditService(document), settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(1300, 820)
    first.splitter.setSizes([250, 600, 420])
    size, sizes = first.size(), first.splitter.sizes()
    first.activateWindow()
    qtbot.waitUntil(first.isActiveWindow)  # F11 is a window shortcut
    qtbot.keyClick(first, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: first.isFullScreen() and first.presenting)
    first.close()  # straight from the projector, e.g. Ctrl+Q
    second = MainWindow(FirmService(document), EditService(document), settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert not second.isFullScreen() and not second.presenting
    assert second.size() == size and second.menuBar().isVisible()
    assert all(abs(a - b) <= 3 for a, b in zip(second.splitter.sizes(), sizes))
