"""Small dialogs: amending a signed contract's target, starting a contract, a deduction event."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.periods import period_label
from kpidesk.i18n import _


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class AmendmentDialog(QDialog):
    """§8: a signed contract's target moves only with a reason and an approver, recorded."""

    def __init__(
        self,
        kpi: str,
        field: str,
        old,
        new,
        flex: float,
        parent: QWidget | None = None,
        *,
        periods: list[str] = (),
        effective: str | None = None,
        note: tuple[str, str] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Amend a signed contract"))
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(
            _("Why the target changes (e.g. agreed at the quarterly review)")
        )
        self.approver = QLineEdit()
        self.approver.setPlaceholderText(_("Superior and HR who approved it"))
        form = QFormLayout()
        form.addRow(_("KPI"), QLabel(kpi))
        form.addRow(_("Target"), QLabel(f"{field}: {old} → {new}"))
        try:
            change = abs(float(new) - float(old)) / abs(float(old))
        except (TypeError, ValueError, ZeroDivisionError):
            change = None
        if change is not None and change > flex:
            warning = QLabel(
                _("This moves the target by {change}%, beyond the {flex}% flex band.").format(
                    change=f"{change * 100:.0f}", flex=f"{flex * 100:.0f}"
                )
            )
            warning.setStyleSheet("color: #b34700")
            form.addRow(warning)
        # From which period the new target governs; earlier periods keep their scores.
        self.effective = QComboBox()
        for code in periods:
            self.effective.addItem(period_label(code), code)
        if effective in periods:
            self.effective.setCurrentIndex(list(periods).index(effective))
        if periods:
            form.addRow(_("Takes effect from"), self.effective)
        if note is not None:  # the printed target note follows the amended level
            form.addRow(_("Target note"), QLabel(f"{note[0]} → {note[1]}"))
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Approved by"), self.approver)
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(_("This contract is signed. The change is recorded as an amendment."))
        )
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._check)
        self.approver.textChanged.connect(self._check)
        self._check()

    def effective_from(self) -> str | None:
        """The period code the amendment takes effect from (None: no periods were offered)."""
        return self.effective.currentData()

    def _check(self) -> None:
        ok = bool(self.reason.toPlainText().strip() and self.approver.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class NewContractDialog(QDialog):
    def __init__(
        self,
        position: str,
        year: int,
        has_previous: bool,
        others: list[tuple[int, str]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(
            _("New contract for {position}, {year}").format(position=position, year=year)
        )
        self.empty = QRadioButton(_("Start empty"))
        self.previous = QRadioButton(_("Start from this position's last contract"))
        self.previous.setEnabled(has_previous)
        self.other = QRadioButton(_("Copy another position's contract"))
        self.other.setEnabled(bool(others))
        self.others = QComboBox()
        for contract_id, label in others:
            self.others.addItem(label, contract_id)
        group = QButtonGroup(self)
        for button in (self.empty, self.previous, self.other):
            group.addButton(button)
        (self.previous if has_previous else self.empty).setChecked(True)
        layout = QVBoxLayout(self)
        for widget in (self.empty, self.previous, self.other, self.others):
            layout.addWidget(widget)
        layout.addWidget(_buttons(self))

    def source(self) -> str | int:
        if self.previous.isChecked():
            return "previous"
        if self.other.isChecked():
            return self.others.currentData()
        return "empty"


class DeductionDialog(QDialog):
    def __init__(
        self, lines: list[tuple[int, str]], period_start: date, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Deduction event"))
        self.line = QComboBox()
        for line_id, name in lines:
            self.line.addItem(name, line_id)
        self.day = QDateEdit(QDate(period_start.year, period_start.month, period_start.day))
        self.day.setCalendarPopup(True)
        self.count = QSpinBox()
        self.count.setRange(1, 99)
        self.note = QLineEdit()
        form = QFormLayout(self)
        form.addRow(_("Deduction item"), self.line)
        form.addRow(_("Date"), self.day)
        form.addRow(_("Events"), self.count)
        form.addRow(_("Note"), self.note)
        form.addRow(_buttons(self))

    def values(self) -> tuple[int, date, int, str]:
        return (
            self.line.currentData(),
            self.day.date().toPython(),
            self.count.value(),
            self.note.text().strip(),
        )
