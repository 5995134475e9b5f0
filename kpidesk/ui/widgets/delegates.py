"""Editors for contract cells: numbers with their unit, choices from the dictionary.

A number cell is a line edit read by ``core.entry`` (full-width digits, separators, %), not a
spin box: a spin box cannot say "empty", so opening and leaving an untouched editor on an empty
target once wrote 0 and pushed an undo entry."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QWidget

from kpidesk.core.entry import EntryError, number_text, parse_number
from kpidesk.i18n import _

from kpidesk.ui.contract.contract_lines_model import FIELD_ROLE, NUMERIC, UNIT_ROLE

Choices = Callable[[], list[tuple[object, str]]]


class ContractDelegate(QStyledItemDelegate):
    """Numeric spin boxes with units; combo boxes for indicator, category and cycle."""

    def __init__(
        self,
        choices: dict[str, Choices],
        parent=None,
        on_invalid: Callable[[str], None] | None = None,
    ):
        super().__init__(parent)
        self.choices = choices
        self.on_invalid = on_invalid  # says what is wrong with a number that was typed

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        field = index.data(FIELD_ROLE)
        if field in NUMERIC:
            editor = NumberEditor(parent)
            unit = "%" if field == "weight" else index.data(UNIT_ROLE)
            editor.setPlaceholderText(unit or "")  # the unit shows while the cell is empty
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
        if isinstance(editor, NumberEditor):
            editor.setText("" if value is None else number_text(float(value)))
        elif isinstance(editor, QComboBox):
            position = editor.findData(value)
            editor.setCurrentIndex(max(position, 0))
        else:
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, NumberEditor):
            text = editor.text().strip()
            if not text:  # an empty cell stays empty (None), it is not 0
                model.setData(index, None)
                return
            try:
                value = parse_number(text)
            except EntryError as exc:
                if self.on_invalid is not None:
                    self.on_invalid(
                        _("'{text}' is {error}: the cell keeps its value.").format(
                            text=text, error=exc
                        )
                    )
                return
            model.setData(index, value)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            model.setData(index, editor.text())


class NumberEditor(QLineEdit):
    """A number cell's editor: empty means no value; what was typed is read by ``core.entry``."""
