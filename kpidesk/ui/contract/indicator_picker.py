"""Choosing a KPI from the dictionary by typing, not by scrolling a list of every KPI: a filter box
over a list showing name, code, category and unit. Every word typed must appear in the name (Chinese
or English, or the Chinese name's pinyin: its initials like khmyd for 客户满意度, or whole syllables),
the code, the category or the unit. Keyboard only works: type, ↑/↓ to move, Enter picks, Esc
cancels. A name the dictionary does not hold is created in it ("Create '…' in the dictionary…",
also Enter when nothing matches), never beside it; "Dictionary…" opens the whole dictionary."""

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

from collections.abc import Callable

from kpidesk.core.dictionary import pinyin_keys
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
        *,
        create: Callable[[str, QWidget], str | None] | None = None,
        browse: Callable[[QWidget], str | None] | None = None,
    ):
        super().__init__(parent)
        # The dictionary's ways in: a new entry with the typed name, or the whole dictionary;
        # each returns the code of the KPI to use (None: the user went back to picking).
        self.create, self.browse = create, browse
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
        self.create_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.create_button.setObjectName("createIndicator")
        self.create_button.clicked.connect(self._create)
        self.create_button.setVisible(create is not None)
        self.browse_button = self.buttons.addButton(
            _("&Dictionary…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.browse_button.setObjectName("browseDictionary")
        self.browse_button.clicked.connect(self._browse)
        self.browse_button.setVisible(browse is not None)
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
        typed = text.strip()
        self.create_button.setText(
            _("&Create '{name}' in the dictionary…").format(name=typed)
            if typed
            else _("&New KPI in the dictionary…")
        )
        # Nothing matches what was typed: Enter offers to create it.
        self.create_button.setDefault(not shown and self.create is not None)
        self.ok_button.setDefault(bool(shown) or self.create is None)
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

    def _create(self) -> None:
        if self.create is None:
            return
        code = self.create(self.filter.text().strip(), self)
        if code is not None:
            self.chosen = code
            super().accept()

    def _browse(self) -> None:
        if self.browse is None:
            return
        code = self.browse(self)
        if code is not None:
            self.chosen = code
            super().accept()

    def accept(self) -> None:
        code = self.current_code()
        if code is None:  # nothing matches what was typed: create it, or the user types again
            if self.create is not None and self.filter.text().strip():
                self._create()
            return
        self.chosen = code
        super().accept()

    @classmethod
    def choose(
        cls,
        indicators: list[Indicator],
        category_names: dict[str, str],
        parent: QWidget | None = None,
        *,
        create: Callable[[str, QWidget], str | None] | None = None,
        browse: Callable[[QWidget], str | None] | None = None,
    ) -> str | None:
        """The code of the KPI the user picks (or creates), or None when they cancel."""
        picker = cls(indicators, category_names, parent, create=create, browse=browse)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        accepted = picker.exec() == QDialog.DialogCode.Accepted
        chosen = picker.chosen if accepted else None
        picker.deleteLater()
        return chosen
