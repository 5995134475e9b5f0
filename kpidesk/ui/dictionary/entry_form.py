"""One KPI dictionary entry as a form (METHOD.md §4 and §5 step 2): names, definition (内涵)
with its doubt points (疑点) and agreed reading (共识), formula, unit, direction, category,
quantitative or qualitative, data source, cycle, owner level, monitoring only. Saving is one
operation (one undo entry). ``EntryDialog`` shows the same form in a dialog (a new entry, from
the menu or from the indicator picker)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.dictionary import (
    CYCLE_WORDS,
    CYCLES,
    DIRECTION_WORDS,
    DIRECTIONS,
    FIELD_WORDS,
    DictionaryEntry,
    Usage,
)
from kpidesk.core.problems import Problem, term
from kpidesk.i18n import N_, _

# Where a "Where used" row leads: a position's contract (its id), or a tree node.
USE_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_FIELDS = ("definition", "doubt_points", "agreed_reading", "formula")
LINE_FIELDS = ("name", "name_en", "code", "unit", "data_source", "owner_level")
# The form's rows in order: what §4 lists, the definition texts where §5 step 2 puts them.
ORDER = (
    "name",
    "name_en",
    "code",
    "category",
    "definition",
    "doubt_points",
    "agreed_reading",
    "formula",
    "unit",
    "direction",
    "quantitative",
    "data_source",
    "cycle",
    "owner_level",
    "monitoring",
)
HINTS = {
    "code": N_("Empty: the next free code (K001, K002 …)"),
    "doubt_points": N_("What a reader may doubt: scope, timing, what counts"),
    "agreed_reading": N_("The reading everyone concerned agreed on"),
}


class EntryForm(QWidget):
    """The fields of one entry, a Save and a Revert button, and where the entry is used."""

    save_requested = Signal()
    use_activated = Signal(object)  # the ``LineUse`` or ``NodeUse`` chosen in "Where used"

    def __init__(self, parent: QWidget | None = None, *, with_usage: bool = True):
        super().__init__(parent)
        self.entry: DictionaryEntry | None = None
        self._loading = False
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in ORDER:
            editor = self._editor(name)
            editor.setObjectName(f"entry_{name}")
            self.editors[name] = editor
            if isinstance(editor, QCheckBox):
                form.addRow("", editor)
            else:
                label = QLabel()
                label.setBuddy(editor)
                self.labels[name] = label
                form.addRow(label, editor)
        self.title = QLabel()
        self.title.setObjectName("entryTitle")
        self.title.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("entrySave")
        self.save_button.clicked.connect(self.save_requested.emit)
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        fields = QWidget()
        fields.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 4)
        layout.addLayout(buttons)
        self.usage_box: QGroupBox | None = None
        self.usage = QListWidget()
        self.usage.setObjectName("entryUsage")
        self.usage.itemActivated.connect(self._activated)  # Enter, or a double click
        if with_usage:
            self.usage_box = QGroupBox()
            box_layout = QVBoxLayout(self.usage_box)
            box_layout.addWidget(self.usage)
            layout.addWidget(self.usage_box, 1)  # the form is what is worked on: it gets more
        self.retranslate()
        self.show_entry(None)

    def _editor(self, name: str) -> QWidget:
        if name in TEXT_FIELDS:
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)  # Tab goes to the next field, as in every form
            editor.setMaximumHeight(editor.fontMetrics().lineSpacing() * 3 + 12)
            editor.textChanged.connect(self._edited)
            return editor
        if name in ("quantitative", "monitoring"):
            box = QCheckBox()
            box.toggled.connect(self._edited)
            return box
        if name in ("category", "direction", "cycle"):
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._edited)
            return combo
        line = QLineEdit()
        line.textChanged.connect(self._edited)
        return line

    # words ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        for name, label in self.labels.items():
            label.setText(_(FIELD_WORDS[name]))
        for name in ("quantitative", "monitoring"):
            box = self.editors[name]
            assert isinstance(box, QCheckBox)
            box.setText(_(FIELD_WORDS[name]))
        for name, hint in HINTS.items():
            editor = self.editors[name]
            editor.setPlaceholderText(_(hint))  # type: ignore[attr-defined]
        self._fill_choices(
            self.editors["direction"], {d: _(DIRECTION_WORDS[d]) for d in DIRECTIONS}
        )
        self._fill_choices(self.editors["cycle"], {c: _(CYCLE_WORDS[c]) for c in CYCLES})
        self.save_button.setText(_("&Save"))
        self.revert_button.setText(_("&Revert"))
        if self.usage_box is not None:
            self.usage_box.setTitle(_("Where used"))
        self.show_entry(self.entry, keep_edits=True)

    def set_categories(self, categories: dict[str, str]) -> None:
        self._fill_choices(self.editors["category"], categories)

    def _fill_choices(self, combo, choices: dict[str, str]) -> None:
        current = combo.currentData()
        loading, self._loading = self._loading, True
        combo.clear()
        for code, text in choices.items():
            combo.addItem(text, code)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        self._loading = loading

    # showing and reading ---------------------------------------------------------------------
    def show_entry(
        self, entry: DictionaryEntry | None, usage: Usage | None = None, keep_edits: bool = False
    ) -> None:
        """Show ``entry`` (None: nothing to edit) and where it is used."""
        if keep_edits and self.is_dirty():
            return
        self.entry = entry
        self._loading = True
        for name, editor in self.editors.items():
            value = getattr(entry, name) if entry is not None else None
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value or "")
            elif isinstance(editor, QLineEdit):
                editor.setText(value or "")
            elif isinstance(editor, QCheckBox):
                default = name == "quantitative"
                editor.setChecked(bool(value) if entry is not None else default)
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(editor.findData(value), 0))
            editor.setEnabled(entry is not None)
        self._loading = False
        self.title.setText(
            f"{entry.name}  ·  {entry.code}" if entry is not None and entry.id else ""
        )
        if usage is not None or entry is None:
            self._show_usage(usage or Usage())
        self._edited()

    def start_new(self, name: str = "", category: str = "") -> None:
        """An empty entry to fill (``name`` typed elsewhere, e.g. in the indicator picker)."""
        self.show_entry(DictionaryEntry(code="", name=name, category=category))
        self.editors["name"].setFocus()

    def values(self) -> dict[str, object]:
        """What the form holds, by field."""
        values: dict[str, object] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QPlainTextEdit):
                values[name] = editor.toPlainText()
            elif isinstance(editor, QLineEdit):
                values[name] = editor.text()
            elif isinstance(editor, QCheckBox):
                values[name] = editor.isChecked()
            elif isinstance(editor, QComboBox):
                values[name] = editor.currentData() or ""
        return values

    def changes(self) -> dict[str, object]:
        """The fields the user changed from the entry shown."""
        if self.entry is None:
            return {}
        return {
            name: value
            for name, value in self.values().items()
            if value != getattr(self.entry, name)
        }

    def is_dirty(self) -> bool:
        return bool(self.changes())

    def revert(self) -> None:
        self.show_entry(self.entry)

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        dirty = self.is_dirty()
        new = self.entry is not None and not self.entry.id
        self.save_button.setEnabled(dirty or (new and bool(self.values()["name"])))
        self.revert_button.setEnabled(dirty and not new)

    # where used -------------------------------------------------------------------------------
    def _show_usage(self, usage: Usage) -> None:
        self.usage.clear()
        for use in usage.lines:
            text = Problem(
                N_("Contract of {position} ({year}, {status})"),
                None,
                {"position": use.position, "year": use.year, "status": term(use.status)},
            ).text()
            item = QListWidgetItem(text)
            item.setData(USE_ROLE, use)
            self.usage.addItem(item)
        for node in usage.nodes:
            text = (
                # The tree's name once ("价值树：实际收入", not "价值树 价值树：…").
                _("{tree}: {label}").format(tree=node.tree, label=node.label)
                if node.tree
                else _("Value tree: {label}").format(label=node.label)
            )
            item = QListWidgetItem(text)
            item.setData(USE_ROLE, node)
            self.usage.addItem(item)
        if not usage:
            item = QListWidgetItem(_("Not used by any contract or value tree."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.usage.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        use = item.data(USE_ROLE)
        if use is not None:
            self.use_activated.emit(use)


class EntryDialog(QDialog):
    """A new dictionary entry in a dialog: the form and OK / Cancel. ``save`` stores it (one
    operation) and returns its id, or None when the service refused it (the dialog stays)."""

    def __init__(
        self,
        categories: dict[str, str],
        save: Callable[[dict[str, object]], int | None],
        parent: QWidget | None = None,
        *,
        name: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle(_("New KPI in the dictionary"))
        self.save = save
        self.entry_id: int | None = None
        self.form = EntryForm(self, with_usage=False)
        self.form.set_categories(categories)
        self.form.save_button.hide()
        self.form.revert_button.hide()
        self.form.start_new(name, next(iter(categories), ""))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.resize(560, 640)

    def accept(self) -> None:
        entry_id = self.save(self.form.values())
        if entry_id is None:  # refused: the reason was shown, the user corrects the form
            return
        self.entry_id = entry_id
        super().accept()
