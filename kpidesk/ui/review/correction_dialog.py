"""Review › Correct an official result…: an official period, a contract and one of its lines,
the new actual (read like any actual) or event count, correction or appeal ruling (with the
appeal's number, optional) and the reason, required. The official figure and the corrections
made since are shown; the dialog only asks — ResultsService.correct writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.entry import EntryError, check_actual, number_text, parse_actual
from kpidesk.core.official import Official, OfficialLine
from kpidesk.core.periods import period_label
from kpidesk.core.rule_kinds import is_deduction
from kpidesk.i18n import _


def value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dict):
        return ", ".join(
            f"{k} {number_text(v) if isinstance(v, float) else v}" for k, v in value.items()
        )
    return str(value)


class CorrectionDialog(QDialog):
    def __init__(
        self,
        officials: list[Official],
        parent: QWidget | None = None,
        *,
        line_id: int | None = None,
        period: str | None = None,
        rule_of: Callable[[int], dict[str, Any]] | None = None,
    ):
        super().__init__(parent)
        # the line's scoring rule, to read the new value as the scoring panel does
        self._rule_of = rule_of
        self.setObjectName("correctionDialog")
        self.setWindowTitle(_("Correct an official result"))
        self._officials = {o.period: o for o in officials}
        self.period = QComboBox()
        self.period.setObjectName("period")
        for official in officials:
            self.period.addItem(period_label(official.period), official.period)
        self.contract = QComboBox()
        self.contract.setObjectName("contract")
        self.line = QComboBox()
        self.line.setObjectName("line")
        self.current = QLabel()
        self.current.setObjectName("current")
        self.current.setWordWrap(True)
        self.value = QLineEdit()
        self.value.setObjectName("value")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.addItem(_("Correction"), "correction")
        self.kind.addItem(_("Appeal ruling"), "appeal")
        self.appeal = QLineEdit()
        self.appeal.setObjectName("appeal")
        self.appeal.setPlaceholderText(_("appeal number, if any"))
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #a40000")
        form = QFormLayout()
        form.addRow(_("Period"), self.period)
        form.addRow(_("Contract"), self.contract)
        form.addRow(_("KPI"), self.line)
        form.addRow(_("Official figure"), self.current)
        form.addRow(_("New value"), self.value)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Appeal"), self.appeal)
        form.addRow(_("Reason"), self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.period.currentIndexChanged.connect(lambda _i: self._fill_contracts())
        self.contract.currentIndexChanged.connect(lambda _i: self._fill_lines())
        self.line.currentIndexChanged.connect(lambda _i: self._show_current())
        self.resize(560, 360)
        if period is not None and self.period.findData(period) >= 0:
            self.period.setCurrentIndex(self.period.findData(period))
        self._fill_contracts()
        if line_id is not None:
            self.select_line(line_id)

    def official(self) -> Official | None:
        return self._officials.get(self.period.currentData())

    def _fill_contracts(self) -> None:
        official = self.official()
        self.contract.blockSignals(True)
        self.contract.clear()
        for row in official.rows if official else ():
            self.contract.addItem(f"{row.unit} · {row.position} · {row.person}", row.contract_id)
        self.contract.blockSignals(False)
        self._fill_lines()

    def _lines(self) -> list[OfficialLine]:
        official = self.official()
        if official is None:
            return []
        rows = [r for r in official.rows if r.contract_id == self.contract.currentData()]
        return list(rows[0].lines) if rows else []

    def _fill_lines(self) -> None:
        self.line.blockSignals(True)
        self.line.clear()
        for line in self._lines():
            self.line.addItem(line.indicator, line.line_id)
        self.line.blockSignals(False)
        self._show_current()

    def select_line(self, line_id: int) -> bool:
        """Start from a line (the scoring panel's current one): its contract and the line."""
        official = self.official()
        for row in official.rows if official else ():
            if any(l.line_id == line_id for l in row.lines):
                self.contract.setCurrentIndex(self.contract.findData(row.contract_id))
                self.line.setCurrentIndex(self.line.findData(line_id))
                return True
        return False

    def _show_current(self) -> None:
        line = next((l for l in self._lines() if l.line_id == self.line.currentData()), None)
        official = self.official()
        if line is None or official is None:
            self.current.setText("—")
            return
        made = value_text(line.actual)
        if line.actual is None and line.events:
            made = _("{n} events").format(n=line.events)
        corrected = [c for c in official.corrections if c.line_id == line.line_id]
        text = made
        if corrected:
            text += "  →  " + "  →  ".join(value_text(c.new) for c in corrected)
        self.current.setText(text)

    def answer(self) -> dict[str, Any]:
        """What to pass to ResultsService.correct."""
        appeal = self.appeal.text().strip()
        return {
            "line_id": self.line.currentData(),
            "period": self.period.currentData(),
            "new": self.value.text().strip(),
            "reason": self.reason.text().strip(),
            "kind": self.kind.currentData(),
            "appeal_id": int(appeal) if appeal.isdigit() else None,
        }

    def _accept(self) -> None:
        if self.line.currentData() is None:
            self.problem.setText(_("Choose the line to correct."))
        elif not self.reason.text().strip():
            self.problem.setText(_("A correction needs its reason."))
        elif self.appeal.text().strip() and not self.appeal.text().strip().isdigit():
            self.problem.setText(_("The appeal number is a whole number."))
        elif (problem := self._value_problem()) is not None:
            self.problem.setText(problem)
            self.value.setFocus()
        else:
            self.accept()

    def _value_problem(self) -> str | None:
        """Why the new value cannot be read for this line (None: it can): the dialog stays
        open with the words, not a box after it closed."""
        text = self.value.text().strip()
        if self._rule_of is None or not text:
            return None  # empty clears the actual; the service reads it again in any case
        rule = self._rule_of(self.line.currentData())
        if is_deduction(rule):
            if not text.isdigit():
                return _("An event count is a whole number, 0 or more.")
            return None
        try:
            check_actual(rule, parse_actual(rule, text))
        except EntryError as error:
            return _("The new value {value} cannot be read: {problem}").format(
                value=text, problem=error
            )
        return None
