"""The KPI dictionary as a list: name, code, category, unit, data source, owner level and how
many contract lines and tree nodes use each entry; and the filter over it (every word typed,
in the name, its pinyin, the code, category, unit, data source or owner level, plus exact
choices of category, unit, data source and owner level)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex

from kpidesk.core.dictionary import DictionaryEntry, EntryFilter, matches, search_text
from kpidesk.i18n import _

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 4

COLUMNS = ("name", "code", "category", "unit", "data_source", "owner_level", "uses")


def column_titles() -> list[str]:
    return [
        _("KPI"),
        _("Code"),
        _("Category"),
        _("Unit"),
        _("Data source"),
        _("Owner level"),
        _("Used"),
    ]


class DictionaryModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._entries: list[DictionaryEntry] = []
        self._search: list[str] | None = []
        self._uses: dict[int, int] = {}
        self._categories: dict[str, str] = {}

    def reload(
        self, entries: list[DictionaryEntry], uses: dict[int, int], categories: dict[str, str]
    ) -> None:
        """Show ``entries`` (with how often each is used and the category names)."""
        self.beginResetModel()
        self._entries = list(entries)
        self._uses = dict(uses)
        self._categories = dict(categories)
        # Each entry's search text (with its name's pinyin) is made when a search first asks:
        # pypinyin's dictionaries take ~0.35 s to load, and the window opens without them.
        self._search = None
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def entry(self, row: int) -> DictionaryEntry:
        return self._entries[row]

    def entries(self) -> list[DictionaryEntry]:
        return list(self._entries)

    def row_of(self, entry_id: int) -> int | None:
        return next((row for row, e in enumerate(self._entries) if e.id == entry_id), None)

    def category_names(self) -> dict[str, str]:
        return dict(self._categories)

    # the model -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return column_titles()[section]
        return None

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == ID_ROLE:
            return entry.id
        if role == CODE_ROLE:
            return entry.code
        if role == SEARCH_ROLE:
            if self._search is None:
                categories = self._categories
                self._search = [search_text(e, categories.get(e.category, "")) for e in self._entries]
            return self._search[index.row()]
        if role == ENTRY_ROLE:
            return entry
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and column == "name":
            return entry.name_en or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "uses":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "category":
            return self._categories.get(entry.category, entry.category)
        if column == "uses":
            return str(self._uses.get(entry.id, 0))
        return getattr(entry, column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class DictionaryFilter(QSortFilterProxyModel):
    """Keeps the entries holding every word typed and matching the exact choices."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.text = ""
        self.choices = EntryFilter()

    def set_filter(self, text: str, choices: EntryFilter) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 on; invalidateRowsFilter before
            self.beginFilterChange()
            self.text, self.choices = text, choices
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.text, self.choices = text, choices
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        entry = index.data(ENTRY_ROLE)
        if entry is None:
            return False
        if not self.choices.accepts(entry):
            return False
        return not self.text or matches(index.data(SEARCH_ROLE) or "", self.text)
