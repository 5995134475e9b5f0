"""Asked for every calibration grade change: the reason and who authorised it, both required
(Enter confirms once both are given); and the change log of the period, old and new grade."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kpidesk.i18n import _
from kpidesk.storage.calibration_repo import GradeChange
from kpidesk.ui.review.grade_columns import grade_name


class GradeChangeDialog(QDialog):
    def __init__(
        self, who: str, old: str | None, new: str, authorised_by: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("gradeChangeDialog")
        self.setWindowTitle(_("Change the grade"))
        what = QLabel(
            _("{person}: {old} → {new}").format(
                person=who, old=grade_name(old), new=grade_name(new)
            )
        )
        what.setObjectName("gradeChangeWhat")
        self.reason = QLineEdit()
        self.reason.setObjectName("gradeChangeReason")
        self.authorised = QLineEdit(authorised_by)
        self.authorised.setObjectName("gradeChangeAuthorised")
        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Authorised by"), self.authorised)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for field in (self.reason, self.authorised):
            field.textChanged.connect(self._check)
        self._check()
        self.reason.setFocus()

    def _check(self) -> None:
        ok = bool(self.reason.text().strip() and self.authorised.text().strip())
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setEnabled(ok)
        button.setDefault(ok)

    def accept(self) -> None:
        if self.reason.text().strip() and self.authorised.text().strip():
            super().accept()

    def answer(self) -> tuple[str, str]:
        return self.reason.text().strip(), self.authorised.text().strip()


UNDO_PREFIX = "Undo of: "  # how the service words an undo's reason in the stored log


def reason_text(reason: str) -> str:
    """A logged reason in the language in force (an undo's reason is stored in English)."""
    if reason.startswith(UNDO_PREFIX):
        return _("Undo of: {reason}").format(reason=reason_text(reason[len(UNDO_PREFIX) :]))
    return reason


class GradeLogDialog(QDialog):
    """Every grade change of the period, oldest first: nothing in it is ever rewritten."""

    def __init__(
        self,
        changes: Sequence[GradeChange],
        name_of: Callable[[int], str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("gradeLogDialog")
        self.setWindowTitle(_("Grade changes"))
        headers = [
            _("When"),
            _("Person"),
            _("Old grade"),
            _("New grade"),
            _("Reason"),
            _("Authorised by"),
            _("Changed by"),
        ]
        self.table = QTableWidget(len(changes), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, change in enumerate(changes):
            values = [
                change.at.strftime("%Y-%m-%d %H:%M"),
                name_of(change.employee_id),
                grade_name(change.old_grade),
                grade_name(change.new_grade),
                reason_text(change.reason),
                change.authorised_by,
                change.by,
            ]
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if not changes:
            self.table.setRowCount(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(900, 360)
