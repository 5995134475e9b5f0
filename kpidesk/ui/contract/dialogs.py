"""Small dialogs: amending a signed contract's target, starting a contract, a deduction event."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
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

from kpidesk.core.lifecycle import LIFECYCLE
from kpidesk.core.periods import period_label
from kpidesk.core.problems import KpideskError
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
        rescored: Callable[[str], list[tuple[str, float, float]]] | None = None,
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
        change_label = QLabel(f"{old} → {new}")
        change_label.setWordWrap(True)  # a rule's text is long
        form.addRow(field, change_label)
        beyond = LIFECYCLE.beyond_flex(old, new, flex)
        if beyond is not None:
            warning = QLabel(beyond)
            warning.setObjectName("beyondFlex")
            warning.setStyleSheet("color: #b34700")
            form.addRow(warning)
        # From which period the new target governs; earlier periods keep their scores.
        self._periods = list(periods)
        self._rescored = rescored
        self._needs_confirmation = False
        self._refusal: str | None = None
        self.effective = QComboBox()
        for code in periods:
            self.effective.addItem(period_label(code), code)
        if effective in periods:
            self.effective.setCurrentIndex(list(periods).index(effective))
        # Months that already have actuals and would score differently: said, and confirmed.
        self.rescore_warning = QLabel()
        self.rescore_warning.setWordWrap(True)
        self.rescore_warning.setStyleSheet("color: #b34700")
        self.rescore_confirm = QCheckBox(_("Rescore these months"))
        if periods:
            form.addRow(_("Takes effect from"), self.effective)
            form.addRow(self.rescore_warning)
            form.addRow(self.rescore_confirm)
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
        self.rescore_confirm.toggled.connect(self._check)
        self.effective.currentIndexChanged.connect(self._show_rescoring)
        self._show_rescoring()

    def effective_from(self) -> str | None:
        """The period code the amendment takes effect from (None: no periods were offered)."""
        return self.effective.currentData()

    def _show_rescoring(self) -> None:
        code = self.effective.currentData()
        self._refusal = None
        try:
            rows = self._rescored(code) if code is not None and self._rescored else []
        except KpideskError as exc:  # a target the rule cannot score with (RuleError): say why
            rows = []
            self._refusal = _("This amendment cannot be made: {reason}").format(reason=exc)
        self.rescore_confirm.setChecked(False)
        # A change no scored month's total feels (a target note) is said, not asked about.
        changed = any(f"{before:.2f}" != f"{after:.2f}" for _m, before, after in rows)
        self._needs_confirmation = changed
        self.rescore_warning.setVisible(bool(rows) or self._refusal is not None)
        self.rescore_confirm.setVisible(changed)
        if rows:
            self.rescore_warning.setText(rescoring_text(rows, self._periods))
        elif self._refusal is not None:
            self.rescore_warning.setText(self._refusal)
        self._check()

    def _check(self) -> None:
        ok = bool(self.reason.toPlainText().strip() and self.approver.text().strip())
        ok = ok and self._refusal is None
        if self._needs_confirmation:
            ok = ok and self.rescore_confirm.isChecked()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


def rescoring_text(rows: Sequence[tuple[str, float, float]], periods: Sequence[str]) -> str:
    """What an amendment does to months already scored: each month's contract total before and
    after (rows as ``FirmService.rescoring`` gives them)."""
    lines = []
    if periods and rows[-1][0] == periods[-1]:
        lines.append(_("Every month of the year already has actuals: no month is left unscored."))
    lines.append(
        _("{count} months already scored ({first} to {last}) will be rescored:").format(
            count=len(rows), first=period_label(rows[0][0]), last=period_label(rows[-1][0])
        )
        if len(rows) > 1
        else _("{month} is already scored and will be rescored:").format(
            month=period_label(rows[0][0])
        )
    )
    for code, before, after in rows:
        if f"{before:.2f}" == f"{after:.2f}":
            lines.append(
                _("{month}: total {total} (unchanged)").format(
                    month=period_label(code), total=f"{before:.2f}"
                )
            )
        else:
            lines.append(
                _("{month}: total {before} → {after}").format(
                    month=period_label(code), before=f"{before:.2f}", after=f"{after:.2f}"
                )
            )
    return "\n".join(lines)


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
