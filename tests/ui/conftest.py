from __future__ import annotations

import time

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
def desk(qtbot, settings):
    """The app's desk, as ``kpidesk`` runs it, inside the test's event loop (in English)."""
    from kpidesk.app import Desk

    apply_language("en")
    desk = Desk(QApplication.instance(), settings)
    yield desk
    desk.close()
    apply_language("en")


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


DIALOG_TIMEOUT_S = 10.0


@pytest.fixture
def answer_dialog(qtbot):
    """Answer the next modal dialog with ``fill(dialog)`` (which accepts or rejects it).

    The watch gives up after ``DIALOG_TIMEOUT_S`` seconds, and a dialog that never came fails
    the test when it ends; the watch never outlives its test (it would answer the next test's
    dialog)."""
    watches: list[tuple[QTimer, dict]] = []

    def arm(fill):
        timer = QTimer()
        state = {"answered": False, "deadline": time.monotonic() + DIALOG_TIMEOUT_S}

        def attempt():
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                if time.monotonic() > state["deadline"]:
                    timer.stop()
                return
            timer.stop()
            state["answered"] = True
            fill(dialog)

        timer.setInterval(10)
        timer.timeout.connect(attempt)
        timer.start()
        watches.append((timer, state))

    yield arm
    for timer, _state in watches:
        timer.stop()
    missed = sum(not state["answered"] for _timer, state in watches)
    if missed:
        pytest.fail(
            f"{missed} of the {len(watches)} modal dialogs this test waited for never appeared "
            f"(waited {DIALOG_TIMEOUT_S:g} s each)"
        )


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
