"""The KPI dictionary page: a search box (every word typed, in the name, its pinyin initials or
syllables, the code, category, unit, data source or owner level), four filters (category, unit,
data source, owner level) and the list; the current entry's form beside it (``EntryForm``).

``DictionaryBrowser`` drives a page and a form over ``DictionaryService`` through the window's
``Operations``: the main window shows its page in the left tabs and its form in the centre, and
the indicator picker shows another browser in a dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.changes import Changes
from kpidesk.core.dictionary import DictionaryEntry, EntryFilter, filter_choices
from kpidesk.core.problems import Problem
from kpidesk.i18n import N_, _
from kpidesk.services.dictionary import DictionaryService

from kpidesk.ui.dictionary.dictionary_model import ID_ROLE, DictionaryFilter, DictionaryModel
from kpidesk.ui.dictionary.entry_form import EntryDialog, EntryForm

FILTERS = ("category", "unit", "data_source", "owner_level")
FILTER_WORDS = {
    "category": N_("All categories"),
    "unit": N_("All units"),
    "data_source": N_("All data sources"),
    "owner_level": N_("All owner levels"),
}

_MOVES = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


class DictionaryPage(QWidget):
    """The left page: search, filters, the list and the commands' buttons."""

    new_requested = Signal()
    delete_requested = Signal()
    merge_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("dictionarySearch")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.filters: dict[str, QComboBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for index, name in enumerate(FILTERS):
            combo = QComboBox()
            combo.setObjectName(f"dictionaryFilter_{name}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            self.filters[name] = combo
            grid.addWidget(combo, index // 2, index % 2)
        self.view = QTreeView()
        self.view.setObjectName("dictionaryList")
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.count = QLabel()
        self.new_button = QPushButton()
        self.delete_button = QPushButton()
        self.merge_button = QPushButton()
        self.new_button.clicked.connect(self.new_requested.emit)
        self.delete_button.clicked.connect(self.delete_requested.emit)
        self.merge_button.clicked.connect(self.merge_requested.emit)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.delete_button, self.merge_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(grid)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addLayout(buttons)

    def eventFilter(self, watched: QObject, event) -> bool:
        # ↑/↓ in the search box move in the list: type, arrow, and the form shows the entry.
        if watched is self.search and event.type() == event.Type.KeyPress and event.key() in _MOVES:
            QTreeView.keyPressEvent(self.view, event)
            return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search name, pinyin, code, unit, data source…"))
        self.new_button.setText(_("&New…"))
        self.delete_button.setText(_("&Delete"))
        self.merge_button.setText(_("&Merge into…"))


class DictionaryBrowser(QObject):
    """A dictionary page and an entry form over the service: the list follows the search and
    filters, the form shows the current entry, saving and the commands are operations."""

    def __init__(
        self,
        service: DictionaryService,
        operations,
        *,
        show_error: Callable[[str], None],
        go_to: Callable[[object], None] | None = None,
        parent: QObject | None = None,
        with_usage: bool = True,
    ):
        super().__init__(parent)
        self.service, self.operations, self.show_error = service, operations, show_error
        self.page = DictionaryPage()
        self.form = EntryForm(with_usage=with_usage)
        self.form.setObjectName("dictionaryEntry")
        self.model = DictionaryModel(self)
        self.proxy = DictionaryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.page.view.setModel(self.proxy)
        header = self.page.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.page.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.page.search.textChanged.connect(self._filter)
        for combo in self.page.filters.values():
            combo.currentIndexChanged.connect(self._filter)
        self.page.new_requested.connect(self.new_entry)
        self.page.delete_requested.connect(self.delete_current)
        self.page.merge_requested.connect(self.merge_current)
        self.form.save_requested.connect(self.save)
        if go_to is not None:
            self.form.use_activated.connect(go_to)
        self._shown_id: int | None = None
        self._filling = False
        self._reloading = False
        self._returning = False
        self.retranslate()

    # reading ---------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Read the dictionary again; the current entry stays current (or ``select_id``)."""
        keep = select_id if select_id is not None else self.current_id()
        self._reloading = True
        try:
            self._reload(keep)
        finally:
            self._reloading = False
        self._show_current(force=True)

    def _reload(self, keep: int | None) -> None:
        categories = self.service.categories()
        self.form.set_categories(categories)
        entries = self.service.entries()
        self.model.reload(entries, self.service.use_counts(), categories)
        self._fill_filters(entries, categories)
        self._filter()
        if keep is None or not self.select(keep):
            self._select_first()

    def on_changed(self, changes: Changes, _source=None) -> None:
        if changes.dictionary or changes.settings:
            self.reload()
        elif self._shown_id is not None and (changes.structural or changes.value_tree):
            self._show_current(force=True)  # where it is used may have changed

    def retranslate(self) -> None:
        self.page.retranslate()
        self.form.retranslate()
        self.model.retranslate()
        self._count()

    def _fill_filters(self, entries: list[DictionaryEntry], categories: dict[str, str]) -> None:
        self._filling = True
        for name, combo in self.page.filters.items():
            current = combo.currentData()
            combo.clear()
            combo.addItem(_(FILTER_WORDS[name]), "")
            if name == "category":
                for code, text in categories.items():
                    combo.addItem(text, code)
            else:
                for value in filter_choices(entries, name):
                    combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        self._filling = False

    def choices(self) -> EntryFilter:
        return EntryFilter(**{n: c.currentData() or "" for n, c in self.page.filters.items()})

    def _filter(self, *_args) -> None:
        if self._filling:
            return
        self.proxy.set_filter(self.page.search.text(), self.choices())
        if not self.page.view.currentIndex().isValid():
            self._select_first()
        self._count()

    def _count(self) -> None:
        self.page.count.setText(
            _("{shown} of {total} KPIs").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )

    # the current entry -----------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.page.view.currentIndex()
        return index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None

    def current_entry(self) -> DictionaryEntry | None:
        entry_id = self.current_id()
        row = self.model.row_of(entry_id) if entry_id is not None else None
        return self.model.entry(row) if row is not None else None

    def select(self, entry_id: int) -> bool:
        row = self.model.row_of(entry_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show it anyway, the filters step aside
            self.page.search.clear()
            for combo in self.page.filters.values():
                combo.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.page.view.setCurrentIndex(index)
        self.page.view.scrollTo(index)
        return True

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.page.view.setCurrentIndex(self.proxy.index(0, 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._reloading:  # the list was read again: reload shows the entry once it is done
            return
        if self._returning:  # back to the entry whose edit was refused: its form stays as typed
            return
        # Moving on saves what was typed for the entry left (one undo entry), as a grid does;
        # a refused save keeps the user on that entry with what they typed (the reason shown).
        if not self.commit_pending():
            self._return_to(self.form.entry.id if self.form.entry is not None else None)
            return
        self._show_current()

    def commit_pending(self) -> bool:
        """Save what was typed in the form for the entry shown (moving on, closing the window
        or replacing the firm); False when the service refused it — the form keeps it."""
        if self.form.entry is not None and self.form.entry.id and self.form.is_dirty():
            return self.save()
        return True

    def _return_to(self, entry_id: int | None) -> None:
        self._returning = True
        try:
            if entry_id is not None:
                self.select(entry_id)
        finally:
            self._returning = False

    def _show_current(self, force: bool = False) -> None:
        entry = self.current_entry()
        entry_id = entry.id if entry is not None else None
        if not force and entry_id == self._shown_id and self.form.entry is not None:
            return
        self._shown_id = entry_id
        usage = self.service.where_used(entry_id) if entry_id is not None else None
        self.form.show_entry(entry, usage)
        self.page.delete_button.setEnabled(entry is not None)
        self.page.merge_button.setEnabled(entry is not None and self.model.rowCount() > 1)

    # commands ----------------------------------------------------------------------------------
    def save(self) -> bool:
        """The form's changes to the entry shown, as one operation."""
        entry = self.form.entry
        changes = self.form.changes()
        if entry is None or not entry.id or not changes:
            return False
        name = entry.name
        result = self.operations.run(
            lambda: _("Edit KPI {name}").format(name=name),
            lambda: self.service.edit(entry.id, changes),
            self,
        )
        return result is not None

    def create(self, fields: dict[str, object]) -> int | None:
        """A new entry from ``fields`` as one operation; its id, or None when refused."""
        name = str(fields.get("name", ""))
        result = self.operations.run(
            lambda: _("New KPI {name}").format(name=name),
            lambda: self.service.create(fields),
            self,
        )
        if result is None:
            return None
        self.select(result.value)
        return result.value

    def new_entry(self, name: str = "") -> int | None:
        """Ask for a new entry in a dialog; its id once saved (None: cancelled)."""
        dialog = EntryDialog(self.service.categories(), self.create, self.page.window(), name=name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.exec()
        entry_id = dialog.entry_id
        dialog.deleteLater()
        return entry_id

    def delete_current(self) -> bool:
        entry = self.current_entry()
        if entry is None:
            return False
        name = entry.name
        return (
            self.operations.run(
                Problem(N_("Delete KPI {name}"), None, {"name": name}),
                lambda: self.service.delete(entry.id),
                self,
            )
            is not None
        )

    def merge_current(self) -> bool:
        """Merge the current entry into one the user chooses (``MergeDialog``)."""
        from kpidesk.ui.dictionary.dictionary_actions import MergeDialog

        merged = self.current_entry()
        if merged is None:
            return False
        survivor_id = MergeDialog.choose(
            self.service, merged, self.model.entries(), self.model.category_names(),
            self.page.window(),
        )
        if survivor_id is None:
            return False
        return self.merge(survivor_id, merged.id)

    def merge(self, survivor_id: int, merged_id: int) -> bool:
        names = {e.id: e.name for e in self.model.entries()}
        survivor, merged = names.get(survivor_id, ""), names.get(merged_id, "")
        result = self.operations.run(
            Problem(
                N_("Merge KPI {merged} into {survivor}"),
                None,
                {"merged": merged, "survivor": survivor},
            ),
            lambda: self.service.merge(survivor_id, merged_id),
            self,
        )
        if result is None:
            return False
        self.select(survivor_id)
        return True
