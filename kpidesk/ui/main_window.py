"""The main window: organisation tree on the left, the selected position's contract on the right."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHeaderView, QLabel, QMainWindow, QSplitter, QTableView, QTreeView, QVBoxLayout, QWidget,
)

from kpidesk.services import FirmService

from .contract_lines_model import ContractLinesModel
from .org_tree_model import ID_ROLE, KIND_ROLE, OrgTreeModel


class MainWindow(QMainWindow):
    def __init__(self, firm: FirmService):
        super().__init__()
        self.firm = firm
        self.setWindowTitle(f"{firm.name} — kpidesk")
        units = firm.units()
        year = firm.current_year
        self.tree_model = OrgTreeModel(units, {u.id: firm.positions(u.id, year) for u in units}, self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._show)

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.lines_model = ContractLinesModel(self)
        self.lines = QTableView()
        self.lines.setModel(self.lines_model)
        self.lines.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.lines.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.heading)
        layout.addWidget(self.lines)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 840])
        self.setCentralWidget(splitter)
        self.heading.setText("Select a position to see its contract.")

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        index = current.siblingAtColumn(0)
        if index.data(KIND_ROLE) != "position":
            self.lines_model.set_contract(None)
            self.heading.setText(f"{index.data()}: select a position to see its contract.")
            return
        position_name = index.data()
        contract_id = self.tree_model._node(index).item.contract_id
        if contract_id is None:
            self.lines_model.set_contract(None)
            self.heading.setText(f"{position_name}: no contract for {self.firm.current_year}.")
            return
        contract = self.firm.contract(contract_id)
        self.lines_model.set_contract(contract)
        signed = f", signed {contract.signed_on:%Y-%m-%d}" if contract.signed_on else ""
        self.heading.setText(
            f"{contract.unit} {contract.position} — performance contract {contract.year}\n"
            f"Contractee: {contract.contractee or '—'}   Issuer 1: {contract.issuer1 or '—'}   "
            f"Issuer 2: {contract.issuer2 or '—'}\n"
            f"Valid {contract.valid_from:%Y-%m-%d} – {contract.valid_to:%Y-%m-%d}   "
            f"Status: {contract.status}{signed}   Weights: {contract.weight_total:g}%")

    def select_position(self, name: str) -> bool:
        """Select the first position called ``name``; for tests and screenshots."""
        matches = self.tree_model.match(self.tree_model.index(0, 0), Qt.ItemDataRole.DisplayRole,
                                        name, 1, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        if not matches:
            return False
        self.tree.setCurrentIndex(matches[0])
        return True
