"""A contract's history: every amendment of a target or rule, old → new, why, who approved
it, when, and the months each value governed ("Jan–Jun 2003", "from Jul 2003")."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.amendments import Amendment, months_governed
from kpidesk.core.model import Contract
from kpidesk.core.periods import month_name
from kpidesk.core.rule_text import describe_rule
from kpidesk.core.rules import rule_without_targets
from kpidesk.i18n import _


def months_text(months: list[int], year: int, current: bool) -> str:
    """"Jan–Jun 2003", "from Jul 2003" (a value still in force), "Mar 2003", or "—"."""
    if not months:
        return _("no period")
    first, last = months[0], months[-1]
    if current and last == 12 and first > 1:
        return _("from {month} {year}").format(month=month_name(first), year=year)
    if first == last:
        return _("{month} {year}").format(month=month_name(first), year=year)
    return _("{first}–{last} {year}").format(
        first=month_name(first), last=month_name(last), year=year
    )


def field_name(field: str) -> str:
    return {
        "minimum": _("Minimum target"),
        "base": _("Base target"),
        "challenge": _("Challenge target"),
        "target_note": _("Target note"),
        "rule": _("Scoring rule"),
    }.get(field, field)


def history_rows(contract: Contract, amendments: dict[int, list[Amendment]]) -> list[list[str]]:
    """One row per amendment: KPI, field, old → new, months governed, reason, approver, when."""
    rows = []
    for line in contract.lines:
        # A rule amended only because a level moved is told by that level's row.
        made = [
            a
            for a in amendments.get(line.id, [])
            if not (
                a.field == "rule"
                and isinstance(a.old, dict)
                and isinstance(a.new, dict)
                and rule_without_targets(a.old) == rule_without_targets(a.new)
            )
        ]
        fields = list(dict.fromkeys(a.field for a in made))
        for field in fields:
            of_field = [a for a in made if a.field == field]
            governed = months_governed(of_field, contract.year)
            for i, amendment in enumerate(of_field):
                shown = lambda v, weight=line.weight: (
                    describe_rule(v, weight)
                    if isinstance(v, dict)
                    else "—"
                    if v is None
                    else f"{v:g}"
                    if isinstance(v, float)
                    else str(v)
                )
                current = i == len(of_field) - 1
                periods = _("{old}: {old_months}; {new}: {new_months}").format(
                    old=shown(amendment.old),
                    old_months=months_text(governed[i], contract.year, False),
                    new=shown(amendment.new),
                    new_months=months_text(governed[i + 1], contract.year, current),
                )
                rows.append(
                    [
                        line.indicator,
                        field_name(field),
                        f"{shown(amendment.old)} → {shown(amendment.new)}",
                        periods,
                        amendment.reason,
                        amendment.approved_by,
                        amendment.at.isoformat(sep=" ") if amendment.at else "",
                    ]
                )
    return rows


class ContractHistoryDialog(QDialog):
    def __init__(
        self,
        contract: Contract,
        amendments: dict[int, list[Amendment]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(
            _("History of the contract of {position}, {year}").format(
                position=contract.position, year=contract.year
            )
        )
        rows = history_rows(contract, amendments)
        headers = [
            _("KPI"),
            _("Field"),
            _("Change"),
            _("Periods governed"),
            _("Reason"),
            _("Approved by"),
            _("When"),
        ]
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        layout = QVBoxLayout(self)
        if not rows:
            layout.addWidget(QLabel(_("No target of this contract has been amended.")))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1200, 360)
