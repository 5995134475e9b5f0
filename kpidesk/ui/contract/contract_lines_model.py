"""A contract's lines grouped by category, with §6 findings shown on the lines they concern.

Editing a cell asks ``on_edit(line_id, field, value)``; the window turns that into an undo
command (or, on a signed contract, an amendment). The model itself never writes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kpidesk.core.locks import line_field_lock
from kpidesk.core.model import LINE_FIELDS, Contract, ContractLine
from kpidesk.core.weights import DEFAULT_WEIGHT_RULES, Finding, WeightLine, check_weights
from kpidesk.core.entry import number_text
from kpidesk.i18n import _, language

from kpidesk.core.rule_text import describe_rule, rule_kind_name
from kpidesk.core.rules import TARGET_LEVELS, levels_unused

FIELDS = LINE_FIELDS
NUMERIC = ("weight", "minimum", "base", "challenge")
LINE_ROLE = Qt.ItemDataRole.UserRole + 10
FIELD_ROLE = Qt.ItemDataRole.UserRole + 11
UNIT_ROLE = Qt.ItemDataRole.UserRole + 12


def headers() -> tuple[str, ...]:
    return (
        _("KPI"),
        _("Category"),
        _("Weight %"),
        _("Unit"),
        _("Minimum"),
        _("Base"),
        _("Challenge"),
        _("Target note"),
        _("Scoring rule"),
        _("Data source"),
        _("Cycle"),
    )


def cycle_name(cycle: str) -> str:
    return {
        "month": _("month"),
        "quarter": _("quarter"),
        "half": _("half-year"),
        "year": _("year"),
    }.get(cycle, cycle)


def _num(value) -> str:
    return "" if value is None else number_text(value)


@dataclass(eq=False)
class _Group:
    code: str
    name: str
    lines: list[_Line] = field(default_factory=list)


@dataclass(eq=False)
class _Line:
    group: _Group
    line: ContractLine
    number: int  # index in the contract, as check_weights counts


class ContractLinesModel(QAbstractItemModel):
    def __init__(
        self,
        parent: QObject | None = None,
        on_edit: Callable[[int, str, object], bool] | None = None,
    ):
        super().__init__(parent)
        self.on_edit = on_edit
        self.contract: Contract | None = None
        self.categories: dict[str, tuple[str, str]] = {}  # code → (zh, en)
        self.findings: list[Finding] = []
        self.weight_rules = DEFAULT_WEIGHT_RULES  # the firm's (FirmPolicy.weight_rules)
        self._groups: list[_Group] = []

    # loading -------------------------------------------------------------------------------
    def set_contract(
        self, contract: Contract | None, categories: dict[str, tuple[str, str]] | None = None
    ) -> None:
        if categories is not None:
            self.categories = categories
        if self._refresh_in_place(contract):
            return
        self.beginResetModel()
        self.contract = contract
        self._groups = []
        self.findings = []
        if contract is not None:
            order = list(self.categories) + sorted(
                {l.category for l in contract.lines} - set(self.categories)
            )
            groups = {code: _Group(code, self.category_name(code)) for code in order}
            for number, line in enumerate(contract.lines):
                groups[line.category].lines.append(_Line(groups[line.category], line, number))
            self._groups = [g for g in groups.values() if g.lines]
            self.findings = self._check(contract.lines)
        self.endResetModel()

    def _check(self, lines) -> list[Finding]:
        """§6 rules of thumb with the firm's own weight rules (the editor hands them over)."""
        return check_weights(
            [WeightLine(l.indicator, l.category, l.weight, l.deduction) for l in lines],
            self.weight_rules,
        )

    def _grouping(self, contract: Contract) -> list[tuple[str, list[int]]]:
        order = list(self.categories) + sorted(
            {l.category for l in contract.lines} - set(self.categories)
        )
        groups: dict[str, list[int]] = {code: [] for code in order}
        for line in contract.lines:
            groups[line.category].append(line.id)
        return [(code, ids) for code, ids in groups.items() if ids]

    def _refresh_in_place(self, contract: Contract | None) -> bool:
        """The same contract with the same lines in the same groups (an edited value): update
        the rows and say which changed, so the view keeps its current cell and open editors."""
        if contract is None or self.contract is None or contract.id != self.contract.id:
            return False
        shown = [(g.code, [l.line.id for l in g.lines]) for g in self._groups]
        if self._grouping(contract) != shown:
            return False
        self.contract = contract
        lines = {line.id: (number, line) for number, line in enumerate(contract.lines)}
        for group in self._groups:
            group.name = self.category_name(group.code)
            for item in group.lines:
                item.number, item.line = lines[item.line.id]
        self.findings = self._check(contract.lines)
        last = self.columnCount() - 1
        if self._groups:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._groups) - 1, last))
        for row, group in enumerate(self._groups):
            parent = self.index(row, 0)
            self.dataChanged.emit(
                self.index(0, 0, parent), self.index(len(group.lines) - 1, last, parent)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
        return True

    def update_lines(self, lines: dict[int, ContractLine]) -> bool:
        """Some lines' values changed (an edit): take them and say which rows changed — the
        edited lines, any line whose §6 findings changed with them, and their category rows
        (the weight total) — so nothing else repaints and the view keeps its current cell.
        False when a line is not shown here or moves to another category (reload instead)."""
        items = {item.line.id: item for group in self._groups for item in group.lines}
        if self.contract is None or not lines or not set(lines) <= items.keys():
            return False
        if any(line.category != items[line_id].line.category for line_id, line in lines.items()):
            return False
        before = {item.number: self.line_findings(item.number) for item in items.values()}
        self.contract = replace(
            self.contract, lines=tuple(lines.get(l.id, l) for l in self.contract.lines)
        )
        for line_id, line in lines.items():
            items[line_id].line = line
        self.findings = self._check(self.contract.lines)
        changed = [
            item
            for item in items.values()
            if item.line.id in lines or self.line_findings(item.number) != before[item.number]
        ]
        last = self.columnCount() - 1
        for group in dict.fromkeys(item.group for item in changed):
            row = self._groups.index(group)
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            parent = self.index(row, 0)
            for item in changed:
                if item.group is group:
                    line_row = group.lines.index(item)
                    self.dataChanged.emit(
                        self.index(line_row, 0, parent), self.index(line_row, last, parent)
                    )
        return True

    def category_name(self, code: str) -> str:
        names = self.categories.get(code)
        if not names:
            return code
        return names[0] if language() == "zh_CN" else names[1]

    def weight_totals(self) -> dict[str, float]:
        return {
            g.code: sum(l.line.weight for l in g.lines if not l.line.deduction)
            for g in self._groups
        }

    def line_findings(self, number: int) -> list[Finding]:
        return [f for f in self.findings if f.line == number]

    def retranslate(self) -> None:
        self.set_contract(self.contract)

    # structure -----------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, self._groups[row])
        return self.createIndex(row, column, parent.internalPointer().lines[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        item = index.internalPointer()
        if isinstance(item, _Group):
            return QModelIndex()
        return self.createIndex(self._groups.index(item.group), 0, item.group)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        item = parent.internalPointer()
        return len(item.lines) if isinstance(item, _Group) and parent.column() == 0 else 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(FIELDS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return headers()[section]
        return None

    # content ---------------------------------------------------------------------------------
    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = index.internalPointer()
        if isinstance(item, _Group):
            return self._group_data(item, index.column(), role)
        return self._line_data(item, index.column(), role)

    def _group_data(self, group: _Group, column: int, role: int):
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#e8eef6"))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return group.name
        if column == 2:
            total = sum(l.line.weight for l in group.lines if not l.line.deduction)
            return "—" if all(l.line.deduction for l in group.lines) else _num(total)
        return None

    def _line_data(self, item: _Line, column: int, role: int):
        line, name = item.line, FIELDS[column]
        if role == LINE_ROLE:
            return line.id
        if role == FIELD_ROLE:
            return name
        if role == UNIT_ROLE:
            return "%" if name == "weight" else line.unit
        findings = self.line_findings(item.number)
        if column == 0 and findings:
            if role == Qt.ItemDataRole.DecorationRole:
                from PySide6.QtWidgets import QApplication, QStyle

                error = any(f.severity == "error" for f in findings)
                icon = (
                    QStyle.StandardPixmap.SP_MessageBoxCritical
                    if error
                    else QStyle.StandardPixmap.SP_MessageBoxWarning
                )
                return QApplication.style().standardIcon(icon)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f.message(language()) for f in findings)
        if (
            name == "weight"
            and findings
            and role == Qt.ItemDataRole.ForegroundRole
            and any(f.code in ("weight_range", "weight_step", "deduction_weighted") for f in findings)
        ):
            return QBrush(QColor("#b34700"))
        if role == Qt.ItemDataRole.TextAlignmentRole and name in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.EditRole:
            return {"indicator": line.indicator_code, "rule": line.rule}.get(
                name, getattr(line, name)
            )
        if name in TARGET_LEVELS and name in levels_unused(
            line.rule.get("kind"), line.minimum, line.base, line.challenge
        ):  # shown, but this rule kind never scores with it: greyed, and the tooltip says why
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#9e9e9e"))
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Not used by the {kind} rule").format(
                    kind=rule_kind_name(line.rule.get("kind"))
                )
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if name == "indicator":
            return line.indicator
        if name == "category":
            return self.category_name(line.category)
        if name == "weight":
            return "—" if line.deduction else _num(line.weight)
        if name in ("minimum", "base", "challenge"):
            return _num(getattr(line, name))
        if name == "rule":
            return describe_rule(line.rule, line.weight)
        if name == "cycle":
            return cycle_name(line.cycle)
        return getattr(line, name)

    # editing --------------------------------------------------------------------------------
    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if (
            not index.isValid()
            or isinstance(index.internalPointer(), _Group)
            or self.contract is None
        ):
            return flags
        line = index.internalPointer().line
        if line_field_lock(self.contract.status, FIELDS[index.column()], line.deduction) is None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def lock_reason(self, index: QModelIndex, typed: bool = True) -> str | None:
        """Why a cell takes no typed value (None: it does, or a double-click has its own use:
        a category row folds, a rule opens the rule editor)."""
        if not index.isValid() or self.contract is None:
            return None
        item = index.internalPointer()
        if isinstance(item, _Group):
            if not typed:  # a double-click folds the category
                return None
            return _("A category row adds up its lines: type on a line below it.")
        name = FIELDS[index.column()]
        if name == "rule" and not typed:
            return None
        return line_field_lock(self.contract.status, name, item.line.deduction)

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        item = index.internalPointer()
        name = FIELDS[index.column()]
        if name in NUMERIC and value is not None:
            value = float(value)
        current = self.data(index, Qt.ItemDataRole.EditRole)
        if value == current or self.on_edit is None:
            return False
        return bool(self.on_edit(item.line.id, name, value))

    def line_at(self, index: QModelIndex) -> ContractLine | None:
        if not index.isValid():
            return None
        item = index.internalPointer()
        return item.line if isinstance(item, _Line) else None
