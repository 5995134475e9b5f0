"""Editors for contract cells: numbers with their unit, choices from the dictionary."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit, QStyledItemDelegate, QWidget

from .contract_lines_model import FIELD_ROLE, NUMERIC, UNIT_ROLE

Choices = Callable[[], list[tuple[object, str]]]


class ContractDelegate(QStyledItemDelegate):
    """Numeric spin boxes with units; combo boxes for indicator, category and cycle."""

    def __init__(self, choices: dict[str, Choices], parent=None):
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        field = index.data(FIELD_ROLE)
        if field in NUMERIC:
            editor = QDoubleSpinBox(parent)
            editor.setRange(0 if field == "weight" else -1e12, 100 if field == "weight" else 1e12)
            editor.setDecimals(4)
            editor.setSingleStep(5 if field == "weight" else 1)
            unit = index.data(UNIT_ROLE)
            if unit:
                editor.setSuffix(f" {unit}")
            return editor
        if field in self.choices:
            editor = QComboBox(parent)
            editor.setEditable(field == "indicator")  # type to find among many KPIs
            for value, label in self.choices[field]():
                editor.addItem(label, value)
            if field == "indicator":
                editor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            return editor
        return QLineEdit(parent)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value or 0))
        elif isinstance(editor, QComboBox):
            position = editor.findData(value)
            editor.setCurrentIndex(max(position, 0))
        else:
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QDoubleSpinBox):
            model.setData(index, editor.value())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            model.setData(index, editor.text())
