"""Checking the open document from the window (issue 13): File › Check document… runs
``kpidesk check`` in the background and lists what it found, errors first. Opening a document
runs the same check in the opening's background job (``app.Desk.open_path``); if the file was
changed outside kpidesk (or holds other errors), a bar over the window says so with a button
that opens the list."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kpidesk.i18n import _, ngettext
from kpidesk.services import FirmService
from kpidesk.services.checks import CheckReport, opening_check

from kpidesk.ui import crash
from kpidesk.ui.background import Background, quietly
from kpidesk.ui.widgets.notice_bar import NoticeBar

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow

SEVERITY, WHERE, WHAT = range(3)


def ordered(report: CheckReport) -> list:
    """Errors first, each kind in the order the check found them."""
    return sorted(report.findings, key=lambda f: f.severity != "error")


class CheckDialog(QDialog):
    """What ``kpidesk check`` found, one row per finding: how serious, where, what."""

    def __init__(self, report: CheckReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SEVERITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHERE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 460)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the language in force (the findings are put into words now)."""
        self.setWindowTitle(_("Check document"))
        errors, warnings = (
            len(self.report.errors),
            len(self.report.findings) - len(self.report.errors),
        )
        if not self.report.findings:
            self.summary.setText(_("No findings: the document is as kpidesk wrote it."))
        else:
            self.summary.setText(
                _("{errors} errors, {warnings} warnings").format(errors=errors, warnings=warnings)
            )
        self.table.setHorizontalHeaderLabels([_("Severity"), _("Where"), _("What")])
        findings = ordered(self.report)
        self.table.setRowCount(len(findings))
        for row, finding in enumerate(findings):
            where, what = finding.text()
            severity = _("error") if finding.severity == "error" else _("warning")
            for column, text in ((SEVERITY, severity), (WHERE, where), (WHAT, what)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                self.table.setItem(row, column, item)
        self.table.setColumnWidth(WHERE, 380)
        self.table.resizeRowsToContents()

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows, row by row (for tests and for reading aloud)."""
        shown = []
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, column) for column in range(3)]
            severity, where, what = (item.text() if item is not None else "" for item in items)
            shown.append((severity, where, what))
        return shown


class DocumentCheck:
    """The check of the window's document: on demand (the dialog) or after opening (the bar)."""

    def __init__(self, window: MainWindow, firm: FirmService, background: Background):
        self.window, self.firm, self.background = window, firm, background
        self.report: CheckReport | None = None
        self.dialog: CheckDialog | None = None
        self.bar: NoticeBar | None = None
        self.opening_done = True  # False while the check after opening runs
        window.retranslators.append(self.retranslate)

    def run(self) -> None:
        """File › Check document…: check in the background, then list the findings."""
        self.background.run(_("Checking the document…"), self.firm.check, self._show)

    def _show(self, report: CheckReport) -> None:
        self.report = report
        if not report.findings:
            message = _("No findings: the document is as kpidesk wrote it.")
            self.window.last_message = message
            self.window.statusBar().showMessage(message, 5000)
        self.show_dialog()

    def show_dialog(self) -> None:
        if self.report is None:
            return
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = CheckDialog(self.report, self.window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(lambda _obj=None: self._forget_dialog())
        self.dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None

    def check_after_opening(self) -> None:
        """The opening check on a thread of its own once the window shows: a large firm's
        replay of the audit log takes seconds, which the user must not wait for to start
        work. Its errors come up as the bar; a bug in it is logged, never in the way."""
        self.opening_done = False
        firm, window = self.firm, self.window

        def done(report, error) -> None:
            self.opening_done = True
            if not shiboken6.isValid(window):
                return  # the window was replaced or closed meanwhile
            if error is not None:
                crash.write_log(error)
                return
            self.notice(report)

        document = firm.document
        quietly(lambda: opening_check(document), done)

    def notice(self, report: CheckReport) -> None:
        """The check made as the document opened: errors are said in the bar over the window."""
        self.report = report
        if not report.errors:
            return
        if self.bar is None:
            self.bar = NoticeBar.above(self.window)
        self.bar.show_notice(self.notice_text, lambda: _("View…"), self.show_dialog)

    def notice_text(self) -> str:
        """The bar's sentence: changed outside kpidesk, in how many places; else other errors."""
        report = self.report
        if report is None:
            return ""
        outside = len(report.outside)
        if outside:
            return ngettext(
                "This file was changed outside kpidesk: {count} place does not match what "
                "kpidesk recorded.",
                "This file was changed outside kpidesk: {count} places do not match what "
                "kpidesk recorded.",
                outside,
            ).format(count=outside)
        count = len(report.errors)
        return ngettext(
            "Checking this file found {count} error.",
            "Checking this file found {count} errors.",
            count,
        ).format(count=count)

    def retranslate(self) -> None:
        if self.bar is not None and self.bar.isVisible():
            self.bar.retranslate()
        if self.dialog is not None:
            self.dialog.retranslate()
