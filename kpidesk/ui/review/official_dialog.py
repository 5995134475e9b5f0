"""Review › Make results official…: the period (chosen here), how many contracts, the totals,
what is missing, the forced-distribution guide check and the reviewer (pre-filled from the
settings, required). OK stays disabled, and the reason is shown, while the period cannot be
made official; the check is read again when the period changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.periods import Period, period_label
from kpidesk.i18n import _
from kpidesk.services.results import OfficialCheck
from kpidesk.ui.review.period_choice import PeriodChoice


class OfficialDialog(QDialog):
    def __init__(
        self,
        checked: OfficialCheck,
        check_later: Callable[[str, Callable[[OfficialCheck], None]], None],
        parent: QWidget | None = None,
        *,
        fixed_period: bool = False,
    ):
        super().__init__(parent)
        self.setObjectName("officialDialog")
        self.setWindowTitle(_("Make results official"))
        self._check_later = check_later  # reads another period in the background
        self.checked: OfficialCheck | None = checked
        period = checked.period
        self.period = PeriodChoice(Period.parse(period).year, period)
        self.period.setEnabled(not fixed_period)  # a meeting makes its own period official
        self.contracts = QLabel()
        self.totals = QLabel()
        self.guide = QLabel()
        self.guide.setWordWrap(True)
        self.missing = QPlainTextEdit()
        self.missing.setObjectName("missing")
        self.missing.setReadOnly(True)
        self.missing.setMaximumHeight(110)
        self.reviewer = QLineEdit()
        self.reviewer.setObjectName("reviewer")
        self.reason = QLabel()  # why OK is disabled
        self.reason.setObjectName("refusal")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #a40000")
        form = QFormLayout()
        form.addRow(_("Period"), self.period)
        form.addRow(_("Contracts"), self.contracts)
        form.addRow(_("Totals"), self.totals)
        form.addRow(_("Missing data"), self.missing)
        form.addRow(_("Forced-distribution guide"), self.guide)
        form.addRow(_("Reviewer"), self.reviewer)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Make official"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.period.period_chosen.connect(self._read)
        self.reviewer.textChanged.connect(lambda _t: self._enable())
        self.resize(560, 420)
        self.show_check(checked)

    def _read(self, period: str) -> None:
        self.checked = None  # OK waits for the period's check
        self._enable()
        self._check_later(period, self.show_check)

    def show_check(self, checked: OfficialCheck) -> None:
        if checked.period != self.period.code():
            return  # an answer for a period chosen before: another is on its way
        self.checked = checked
        if not self.reviewer.text():
            self.reviewer.setText(checked.reviewer)
        count = len(checked.rows)
        self.contracts.setText(
            _("{n} signed contracts in {period}").format(
                n=count, period=period_label(checked.period)
            )
        )
        totals = checked.totals()
        self.totals.setText(
            _("lowest {low:.2f} · mean {mean:.2f} · highest {high:.2f}").format(
                low=totals[0], mean=totals[1], high=totals[2]
            )
            if totals
            else _("no complete total yet")
        )
        self.missing.setPlainText(
            "\n".join(
                _("{unit} {position} {person}: {lines}").format(
                    unit=m.unit, position=m.position, person=m.person, lines=_(", ").join(m.lines)
                )
                for m in checked.missing
            )
            or _("none: every due line has its actual")
        )
        if not any(c.count for c in checked.guide):
            self.guide.setText(_("no calibration grades for this period"))
        elif checked.guide_problem is None:
            self.guide.setText(_("the grades are within the guide"))
        else:
            words = checked.guide_problem.text()
            self.guide.setText(
                words
                if checked.enforce_guide
                else _("Warning, recorded: {problem}").format(problem=words)
            )
        self._enable()

    def _enable(self) -> None:
        checked = self.checked
        refusal = checked.refusal if checked is not None else None
        if checked is None:
            reason = _("Reading the period…")
        elif checked.already is None and checked.missing:
            # The list is in the box above: the reason says so rather than repeat it.
            reason = _(
                "{count} contracts still miss actuals (listed above): results are made official once every due line has its actual."
            ).format(count=len(checked.missing))
        elif refusal is not None:
            reason = refusal.text()
        elif not self.reviewer.text().strip():
            reason = _("Name the reviewer who makes the results official.")
        else:
            reason = ""
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not reason)

    def code(self) -> str:
        return self.period.code()
