"""Choosing a KPI from the dictionary by typing, not by scrolling a list of every KPI: a filter box
over a list showing name, code, category and unit. Every word typed must appear in the name (Chinese
or English, or the Chinese name's pinyin: its initials like khmyd for 客户满意度, or whole syllables),
the code, the category or the unit. Keyboard only works: type, ↑/↓ to move, Enter picks, Esc
cancels."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.model import Indicator
from kpidesk.i18n import _

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2

# Keys the filter box hands to the list, so the hands never leave the keyboard's home row.
_MOVES = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


def pinyin_keys(name: str) -> str:
    """The pinyin initials and the toneless pinyin of a Chinese name ("khmyd kehumanyidu" for
    客户满意度): what a Chinese keyboard user types without switching the input method on."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries load in ~0.4 s: only when asked

    initials = "".join(syllable[0] for syllable in lazy_pinyin(name, style=Style.FIRST_LETTER))
    return f"{initials} {''.join(lazy_pinyin(name))}"


class _EveryWord(QSortFilterProxyModel):
    """Keeps the rows whose search text holds every word typed, in any order, any case."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 on; invalidateRowsFilter before
            self.beginFilterChange()
            self.words = text.casefold().split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.words = text.casefold().split()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        text = self.sourceModel().index(row, 0, parent).data(SEARCH_ROLE) or ""
        return all(word in text for word in self.words)


class IndicatorPicker(QDialog):
    def __init__(
        self,
        indicators: list[Indicator],
        category_names: dict[str, str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Add line"))
        self.chosen: str | None = None
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([_("KPI"), _("Code"), _("Category"), _("Unit")])
        for indicator in indicators:
            category = category_names.get(indicator.category, indicator.category)
            cells = [indicator.name, indicator.code, category, indicator.unit]
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setEditable(False)
            items[0].setData(indicator.code, CODE_ROLE)
            search = cells + [indicator.name_en, indicator.category, pinyin_keys(indicator.name)]
            items[0].setData(" ".join(search).casefold(), SEARCH_ROLE)
            if indicator.name_en:
                items[0].setToolTip(indicator.name_en)
            self.model.appendRow(items)
        self.proxy = _EveryWord(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setObjectName("indicatorFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(_("Type part of a name, code or category…"))
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.view = QTreeView()
        self.view.setObjectName("indicatorList")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        self.count = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)  # Enter anywhere in the dialog picks the current KPI
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        self.resize(640, 480)
        self._filter("")
        self.filter.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        shown = self.proxy.rowCount()
        if shown:  # the first match is current: typing then Enter picks it
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.ok_button.setEnabled(bool(shown))
        self.count.setText(
            _("{shown} of {total} KPIs").format(shown=shown, total=self.model.rowCount())
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _MOVES
        ):
            self.view.setFocus()
            QTreeView.keyPressEvent(self.view, event)
            self.filter.setFocus()
            return True
        return super().eventFilter(watched, event)

    def current_code(self) -> str | None:
        index = self.view.currentIndex()
        return index.siblingAtColumn(0).data(CODE_ROLE) if index.isValid() else None

    def accept(self) -> None:
        code = self.current_code()
        if code is None:  # nothing matches what was typed: stay, the user types again
            return
        self.chosen = code
        super().accept()

    @classmethod
    def choose(
        cls,
        indicators: list[Indicator],
        category_names: dict[str, str],
        parent: QWidget | None = None,
    ) -> str | None:
        """The code of the KPI the user picks, or None when they cancel."""
        picker = cls(indicators, category_names, parent)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        accepted = picker.exec() == QDialog.DialogCode.Accepted
        chosen = picker.chosen if accepted else None
        picker.deleteLater()
        return chosen
