"""A new firm, as `kpidesk new` writes it, is not a blank window (issue 11 review): the empty
organisation and value trees say how to begin, the deduction-event buttons are off while there
is nothing to count against, and every screenshot view renders."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from kpidesk.cli.main import main
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditService
from kpidesk.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def empty_path(tmp_path, capsys):
    path = tmp_path / "空企业.kpidesk"
    assert main(["new", str(path), "--name", "空企业"]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def empty_window(empty_path, settings, qtbot):
    document = open_document(empty_path)
    window = MainWindow(FirmService(document), EditService(document), settings)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    document.close()


def ink(view) -> int:
    """How many pixels of the view's viewport differ from its top-left corner's colour."""
    image = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    corner = image.pixel(0, 0)
    return sum(
        image.pixel(x, y) != corner
        for x in range(0, image.width(), 2)
        for y in range(0, min(image.height(), 120), 2)
    )


def test_the_empty_trees_say_how_to_begin_until_something_is_added(empty_window, qtbot):
    window = empty_window
    assert window.org_hint.showing() and ink(window.tree) > 50  # the sentence is painted
    window.left.setCurrentIndex(1)
    qtbot.waitUntil(window.value_tree.isVisible)
    assert window.value_hint.showing() and ink(window.value_tree) > 50
    window.left.setCurrentIndex(0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus)
    qtbot.keyClick(window.tree, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tree_model.rowCount() == 1)
    assert not window.org_hint.showing()


def test_no_deduction_event_button_works_on_nothing(empty_window):
    scoring = empty_window.scoring
    assert not scoring.add_event.isEnabled() and not scoring.remove_event.isEnabled()


@pytest.mark.parametrize("view", ["main", "dictionary", "tree-edit", "people", "firm-settings"])
def test_every_screenshot_view_renders_an_empty_firm(empty_path, tmp_path, view, capsys):
    out = tmp_path / f"{view}.png"
    assert main(["screenshot", str(empty_path), "--view", view, "--out", str(out)]) == 0
    assert QImage(str(out)).width() == 1600


def test_an_empty_tree_is_not_exported_or_printed_but_said(empty_window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: asked.append(a) or ("", ""))
    window = empty_window
    for action in (window.tree_actions.export_picture_action, window.tree_actions.print_pdf_action):
        window.last_message = ""
        action.trigger()
        assert window.last_message == "This value tree is empty: add its top value first (Insert)."
    assert asked == []  # no file dialog for nothing


def test_a_filter_that_matches_nothing_is_not_taken_for_an_empty_firm(window, qtbot):
    """The demo's organisation filtered by a word no unit has: no "No units yet" hint."""
    qtbot.keyClicks(window.tree_filter, "zzzz")
    assert window.tree_proxy.rowCount() == 0
    assert not window.org_hint.showing()
