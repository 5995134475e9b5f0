from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditService
from kpidesk.ui.main_window import MainWindow
from kpidesk.ui.qt_i18n import apply_language


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def document(demo_path):
    with open_document(demo_path) as document:
        yield document


@pytest.fixture
def window(qtbot, document, settings):
    apply_language("en")
    window = MainWindow(FirmService(document), EditService(document), settings)
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    yield window
    apply_language("en")


@pytest.fixture
def draft(window):
    """A draft for the business-hall manager, copied from the clerk's signed contract, shown
    with every category open."""
    clerk = next(c for c in window.firm.contracts() if c.position == "营业厅营业员")
    assert window.select_position("营业厅经理")
    window.contract_edits.create_contract(window.current_position()[0], clerk.id)
    assert window.editor.contract.status == "draft"
    window.editor.view.expandAll()
    return window


@pytest.fixture
def answer_dialog(qtbot):
    """Answer the next modal dialog with ``fill(dialog)`` (which accepts or rejects it)."""

    def arm(fill):
        def attempt():
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(10, attempt)
                return
            fill(dialog)

        QTimer.singleShot(10, attempt)

    return arm


@pytest.fixture
def answer_safely(answer_dialog):
    """Run ``fill(dialog)`` on the next modal dialog, recording its type in ``seen["dialog"]``
    and anything it raises in ``seen["error"]``; whatever happens, the dialog does not stay
    open (a failing test must not hang on it)."""

    def arm(fill, seen):
        def run(dialog):
            try:
                seen["dialog"] = type(dialog)
                fill(dialog)
            except Exception as exc:  # shown by the test, not by a hanging dialog
                seen["error"] = exc
            finally:
                if dialog.isVisible():
                    dialog.reject()

        answer_dialog(run)

    return arm


@pytest.fixture
def press_ctrl_z(window, qtbot):
    """Ctrl+Z as the user presses it, in the main window once any dialog has gone."""

    def press() -> None:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.editor.view.setFocus()
        qtbot.keyClick(window.editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    return press
