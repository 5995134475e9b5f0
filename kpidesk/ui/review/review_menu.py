"""The Review menu (考评), between Value tree and View: the review cycle's commands in the order
of the month — prepare (is the data in?), the meeting, official results, calibration. Each
feature composed into the window adds its actions to its section; the menu only keeps order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from kpidesk.i18n import _

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow

SECTIONS = ("prepare", "meeting", "results", "calibration")


class ReviewMenu:
    def __init__(self, window: MainWindow):
        self.window = window
        actions = window.window_actions
        self.menu = window.menuBar().addMenu("")
        self.menu.setObjectName("reviewMenu")
        window.menuBar().insertMenu(actions.view_menu.menuAction(), self.menu)
        # One separator closes each section; a section's actions go before its separator.
        self._ends: dict[str, QAction] = {}
        for section in SECTIONS:
            self._ends[section] = self.menu.addSeparator()
        window.retranslators.append(self.retranslate)

    def add(self, section: str, action: QAction) -> None:
        """Put ``action`` at the end of ``section`` (one of ``SECTIONS``)."""
        self.menu.insertAction(self._ends[section], action)

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Review"))
