"""A contract's lines, read-only (the editor proper is its own issue)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from kpidesk.core.model import Contract, ContractLine


def _num(value) -> str:
    return "" if value is None else f"{value:g}"


def _rule_text(line: ContractLine) -> str:
    return "deduction" if line.deduction else line.rule.get("kind", "")


class ContractLinesModel(QAbstractTableModel):
    # Columns declared once: header and how each line shows in it.
    COLUMNS = (
        ("Category", lambda l: l.category),
        ("KPI", lambda l: l.indicator),
        ("Weight %", lambda l: "—" if l.deduction else _num(l.weight)),
        ("Unit", lambda l: l.unit),
        ("Minimum", lambda l: _num(l.minimum)),
        ("Base", lambda l: _num(l.base)),
        ("Challenge", lambda l: _num(l.challenge)),
        ("Target note", lambda l: l.target_note),
        ("Scoring rule", _rule_text),
        ("Data source", lambda l: l.data_source),
        ("Cycle", lambda l: l.cycle),
    )

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lines: tuple[ContractLine, ...] = ()

    def set_contract(self, contract: Contract | None) -> None:
        self.beginResetModel()
        self._lines = contract.lines if contract else ()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.COLUMNS[index.column()][1](self._lines[index.row()])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section][0]
        return str(section + 1)
