"""The laptop side of the running meeting: the agenda (a model, with reasons and time boxes),
the clock of the current item (elapsed against its time box, red when it runs over), the
committee's ratings of qualitative lines (keys 1–9), the notes being typed, the decision, the
item's action items, attendance (the whole meeting and this item), the discussed mark, and the
open action items of earlier meetings.

Keys. Space / Page Down move on and Page Up back — but only where no text is typed (the agenda,
the ratings, the projector): Space in the notes types a space. While typing, Ctrl+Enter or
Alt+N move on and Alt+P back. Moving on first reads back the item's decision and action items
on the projector; the second press moves on. Text is saved as one operation when the field is
left or the item changes (like Anki's note editor), never one undo entry per keystroke.

Esc never closes the meeting (a QMainWindow, not a dialog: one stray Esc must not end it): it
takes back a read-back or the end-of-agenda question, and does nothing else. The meeting is
ended by "End the meeting" (or the second "next" on the last item) or by closing the window.
On the projector Esc leaves full screen."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.agenda import reasons_text
from kpidesk.core.changes import Changes
from kpidesk.core.problems import Problem
from kpidesk.core.readiness import LineState
from kpidesk.core.rule_kinds import rated_in_meeting
from kpidesk.i18n import N_, _, pgettext
from kpidesk.services.meetings import ItemView, MeetingService, PreparedItem
from kpidesk.ui.review.agenda_model import (
    DISCUSSED,
    ITEM,
    MINUTES,
    NUMBER,
    REASONS,
    AgendaModel,
    MinutesDelegate,
    item_title,
)
from kpidesk.ui.review.meeting_calendar import kind_text
from kpidesk.ui.review.presenter_view import PresenterView

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow

NEXT_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_PageDown)
BACK_KEYS = (Qt.Key.Key_PageUp,)


def clock_text(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


class SelfReportDialog(QDialog):
    """The person's annual self-report (述职): its date and text."""

    def __init__(self, person: str, filed_on: date, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Self-report of {person}").format(person=person))
        self.filed_on = QDateEdit(QDate(filed_on.year, filed_on.month, filed_on.day))
        self.filed_on.setCalendarPopup(True)
        self.text = QPlainTextEdit(text)
        form = QFormLayout(self)
        form.addRow(_("Filed on"), self.filed_on)
        form.addRow(_("Text"), self.text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[date, str]:
        return self.filed_on.date().toPython(), self.text.toPlainText()  # type: ignore[return-value]


class MeetingWindow(QMainWindow):
    def __init__(
        self,
        window: MainWindow,
        service: MeetingService,
        meeting_id: int,
        presenter: PresenterView | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(window, Qt.WindowType.Window)
        self.setObjectName("meetingWindow")
        self.main, self.service, self.meeting_id, self.clock = window, service, meeting_id, clock
        self.meeting = service.meeting(meeting_id)
        self.presenter = presenter or PresenterView()
        self.presenter.keys = self.handle_key
        self.row = -1
        self.view: ItemView | None = None
        self._entered = clock()  # when the current item came up
        self._unsaved_seconds: dict[int, int] = {}
        self._names: dict[int, PreparedItem] = {}
        self._quiet = False  # moving between items: no re-read of the item being left
        self._loaded_item: int | None = None  # the item whose texts the fields were filled with
        self._loaded: dict[QPlainTextEdit, str] = {}
        self._build()
        self.load_agenda()
        self.main.operations.changed.connect(self._changed)
        self._listening = True
        self._tick = QTimer(self)
        self._tick.timeout.connect(self.show_clock)
        self._tick.start(1000)
        if self.agenda.items:
            self.go_to(0)

    # building ----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.setWindowTitle(_("Review meeting {period} ({kind}) — {day}").format(
            period=self.meeting.period, kind=kind_text(self.meeting.kind),
            day=self.meeting.held_on.isoformat()))  # fmt: skip
        self.agenda = AgendaModel(self._set_minutes, self)
        self.agenda_view = QTableView()
        self.agenda_view.setObjectName("agendaView")
        self.agenda_view.setModel(self.agenda)
        self.agenda_view.setItemDelegateForColumn(MINUTES, MinutesDelegate(self.agenda_view))
        self.agenda_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda_view.verticalHeader().hide()
        # Fixed widths, never "resize to contents": that reads every row (5,000) on each change.
        header = self.agenda_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        # At least as wide as the header's own words ("Discussed", "Minutes" in English were
        # cut at 1366×768): measured once from the header, not from the rows.
        metrics = header.fontMetrics()
        for column, width in ((NUMBER, 44), (REASONS, 150), (MINUTES, 64), (DISCUSSED, 64)):
            words = str(self.agenda.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(width, metrics.horizontalAdvance(words) + 16))
        self.agenda_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.agenda_view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                         | QAbstractItemView.EditTrigger.DoubleClicked)  # fmt: skip
        self.agenda_view.activated.connect(lambda index: self.go_to(index.row()))
        self.earlier = QListWidget()
        self.earlier.setObjectName("earlierActions")
        self.earlier.itemChanged.connect(self._earlier_done)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(_("Agenda ({next}: next, {back}: back, {move}: move)").format(
            next="Space / Page Down", back="Page Up", move="Alt+↑ / Alt+↓")))  # fmt: skip
        left_layout.addWidget(self.agenda_view, 3)
        left_layout.addWidget(QLabel(_("Open action items of earlier meetings")))
        left_layout.addWidget(self.earlier, 1)

        self.title = QLabel()
        self.title.setObjectName("itemTitle")
        self.title.setWordWrap(True)
        self.reasons = QLabel()
        self.reasons.setObjectName("itemReasons")
        self.reasons.setStyleSheet("color: #b71c1c")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("itemClock")
        self.ratings = QListWidget()
        self.ratings.setObjectName("committeeRatings")
        self.ratings.setMaximumHeight(90)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("itemNotes")
        self.notes.setPlaceholderText(_("Notes of the discussion"))
        self.decision = QPlainTextEdit()
        self.decision.setObjectName("itemDecision")
        self.decision.setPlaceholderText(_("Decision"))
        self.decision.setMaximumHeight(70)
        for field in (self.notes, self.decision):
            field.installEventFilter(self)
        self.discussed = QCheckBox(_("&Discussed"))
        self.discussed.setObjectName("itemDiscussed")
        self.discussed.clicked.connect(self._discussed_clicked)
        self.actions_list = QListWidget()
        self.actions_list.setObjectName("itemActions")
        self.actions_list.setMaximumHeight(90)
        self.action_what = QLineEdit()
        self.action_what.setObjectName("actionWhat")
        self.action_what.setPlaceholderText(_("Action: what is to be done"))
        self.action_owner = QLineEdit()
        self.action_owner.setObjectName("actionOwner")
        # "Owner" elsewhere is a unit or position (负责部门/岗位); an action's owner is a person.
        self.action_owner.setPlaceholderText(pgettext("action item", "Owner"))
        self.action_due = QDateEdit()
        self.action_due.setObjectName("actionDue")
        self.action_due.setCalendarPopup(True)
        self.add_action_button = QPushButton(_("Add &action"))
        self.add_action_button.clicked.connect(self.add_action)
        self.action_what.returnPressed.connect(self.add_action)
        action_row = QHBoxLayout()
        action_row.addWidget(self.action_what)
        action_row.addWidget(self.action_owner)
        action_row.addWidget(self.action_due)
        action_row.addWidget(self.add_action_button)
        self.attendance = QListWidget()
        self.attendance.setObjectName("attendance")
        self.attendance.setMaximumHeight(90)
        self.attendance.itemChanged.connect(self._presence_changed)
        self.attendee = QLineEdit()
        self.attendee.setObjectName("attendeeName")
        self.attendee.setPlaceholderText(_("Attendee's name"))
        self.attendee.returnPressed.connect(lambda: self.add_attendee(False))
        self.item_only = QCheckBox(_("For this item only"))
        attendee_row = QHBoxLayout()
        attendee_row.addWidget(self.attendee)
        attendee_row.addWidget(self.item_only)
        self.self_report_button = QPushButton(_("Self-&report…"))
        self.self_report_button.clicked.connect(self.edit_self_report)
        self.back_button = QPushButton(_("◀ Back ({keys})").format(keys="Alt+P"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(_("Next ▶ ({keys})").format(keys="Ctrl+Enter / Alt+N"))
        self.next_button.clicked.connect(lambda: self.advance())
        self.end_button = QPushButton(_("&End the meeting"))
        self.end_button.clicked.connect(self.end_meeting)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.self_report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.end_button)

        right = QWidget()
        form = QVBoxLayout(right)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.clock_label)
        form.addLayout(head)
        form.addWidget(self.reasons)
        self.ratings_label = QLabel(_("Committee ratings (keys 1–9 on the chosen line)"))
        form.addWidget(self.ratings_label)
        form.addWidget(self.ratings)
        form.addWidget(QLabel(_("Notes of the discussion")))
        form.addWidget(self.notes, 2)
        form.addWidget(QLabel(_("Decision")))
        form.addWidget(self.decision)
        form.addWidget(self.discussed)
        form.addWidget(QLabel(_("Action items of this item")))
        form.addWidget(self.actions_list)
        form.addLayout(action_row)
        form.addWidget(QLabel(_("Attendance (tick: present)")))
        form.addWidget(self.attendance)
        form.addLayout(attendee_row)
        form.addLayout(buttons)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)
        self.agenda_view.installEventFilter(self)
        self.ratings.installEventFilter(self)
        for keys, slot in (
            (("Ctrl+Return", "Ctrl+Enter", "Alt+N"), self.advance),
            (("Alt+P",), self.back),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                named = "Ctrl+Enter" if key == "Ctrl+Return" else key
                if slot == self.advance:
                    shortcut.activated.connect(lambda named=named: self.advance(named))
                else:
                    shortcut.activated.connect(slot)

    # the agenda --------------------------------------------------------------------------------
    def load_agenda(self) -> None:
        prepared = self.service.agenda(self.meeting_id)
        self._names = {p.item.id: p for p in prepared}
        self.agenda.set_items(prepared)
        self._fill_earlier()

    def _refresh_items(self) -> None:
        """After an edit: the items' own rows again, the names kept (no organisation read)."""
        rows = self.service.items(self.meeting_id)
        if {r.id for r in rows} != set(self._names):
            self.load_agenda()
        else:
            items = [
                PreparedItem(r, *(lambda p: (p.unit, p.position, p.person, p.employee_id))(
                    self._names[r.id]))
                for r in rows
            ]  # fmt: skip
            self._names = {p.item.id: p for p in items}
            self.agenda.update_items(items)
        self.agenda.set_current(self.row)
        if 0 <= self.row < len(self.agenda.items):
            self.agenda_view.selectRow(self.row)

    def current(self) -> PreparedItem | None:
        return self.agenda.items[self.row] if 0 <= self.row < len(self.agenda.items) else None

    def _set_minutes(self, item_id: int, minutes: int) -> None:
        self.main.operations.run(
            Problem(N_("Time box")), lambda: self.service.set_item(item_id, minutes=minutes)
        )

    def move_current(self, step: int) -> None:
        entry = self.current()
        if entry is None:
            return
        item_id = entry.item.id
        result = self.main.operations.run(
            Problem(N_("Move agenda item")), lambda: self.service.move_item(item_id, step)
        )
        if result is not None:
            self.row = next(i for i, p in enumerate(self.agenda.items) if p.item.id == item_id)
            self.agenda.set_current(self.row)
            self.agenda_view.selectRow(self.row)

    # moving through the items ------------------------------------------------------------------
    def go_to(self, row: int) -> None:
        if not 0 <= row < len(self.agenda.items):
            return
        if row != self.row:
            self._quiet = True  # the item shown next is read once, below
            try:
                self._leave(discussed=None)
            finally:
                self._quiet = False
        self.row = row
        self._entered = self.clock()
        self.agenda.set_current(row)
        self.agenda_view.selectRow(row)
        self._show_item()

    def _show_item(self) -> None:
        entry = self.current()
        if entry is None:
            return
        self.view = self.service.item_view(entry.item.id)
        title = item_title(entry)
        self.presenter.show_item(self.view, title, self.row + 1, len(self.agenda.items))
        self.title.setText(f"{self.row + 1}/{len(self.agenda.items)}  {title}")
        self.reasons.setText(reasons_text(entry.item.reasons))
        # What is typed and not yet saved stays (another edit of the item — an action added,
        # a rating — refreshes it); a stored text that changed (undo, a new item) replaces it.
        stored = {self.notes: entry.item.notes, self.decision: entry.item.decision}
        for field, text in stored.items():
            changed = entry.item.id != self._loaded_item or text != self._loaded.get(field)
            if changed and field.toPlainText() != text:
                field.setPlainText(text)
        self._loaded_item, self._loaded = entry.item.id, stored
        self.discussed.setChecked(entry.item.discussed)
        self._fill_ratings()
        self._fill_actions()
        self._fill_attendance()
        self.self_report_button.setEnabled(
            entry.employee_id is not None and self.meeting.kind in ("R", "annual")
        )
        self.show_clock()

    def elapsed(self) -> int:
        entry = self.current()
        if entry is None:
            return 0
        here = int(self.clock() - self._entered)
        return entry.item.seconds_spent + self._unsaved_seconds.get(entry.item.id, 0) + here

    def show_clock(self) -> None:
        entry = self.current()
        if entry is None:
            self.clock_label.clear()
            return
        spent, box = self.elapsed(), entry.item.minutes * 60
        over = spent > box
        self.clock_label.setText(f"{clock_text(spent)} / {clock_text(box)}")
        self.clock_label.setProperty("over", over)
        self.clock_label.setStyleSheet(
            "font-size: 16pt; font-weight: bold; color: %s" % ("#c62828" if over else "#1b5e20")
        )

    @property
    def over_time(self) -> bool:
        entry = self.current()
        return entry is not None and self.elapsed() > entry.item.minutes * 60

    def advance(self, key: str | None = None) -> None:
        """Next: first the read-back of what was decided (when anything was), then on; on the
        last item the end of the agenda is said first and only the next press ends the
        meeting. ``key`` names the key that was used (None: the button), for the prompts."""
        entry = self.current()
        if entry is None:
            return
        if self.presenter.asking_to_end:
            self.statusBar().clearMessage()
            self._quiet = True
            try:
                self._leave(discussed=True)
            finally:
                self._quiet = False
            self.end_meeting()
            return
        self._save_text()
        entry = self.current()
        assert entry is not None
        actions = self.service.actions(entry.item.id)
        said = bool(entry.item.decision.strip() or actions)
        if said and not self.presenter.reading_back:
            self.presenter.show_readback(
                item_title(entry), entry.item.decision, actions, self._key_names(key)
            )
            return
        if self.row == len(self.agenda.items) - 1:
            prompt = _("End of the agenda — press {key} again (or Review › End the meeting) to "
                       "end the meeting and make the results official.").format(
                key=self._key_names(key))  # fmt: skip
            self.presenter.show_end_prompt(prompt)
            self.statusBar().showMessage(prompt)
            return
        self._quiet = True
        try:
            self._leave(discussed=True)
        finally:
            self._quiet = False
        self.go_to(self.row + 1)

    @staticmethod
    def _key_names(key: str | None) -> str:
        """The key to press again: the one just used, or both ways when it was the button."""
        return key or _("{keys} or {typing}").format(keys="Space", typing="Ctrl+Enter")

    def back(self) -> None:
        if self.presenter.reading_back or self.presenter.asking_to_end:
            self.presenter.pages.setCurrentIndex(0)
            self.statusBar().clearMessage()
            return
        if self.row > 0:
            self.go_to(self.row - 1)

    def _leave(self, discussed: bool | None) -> None:
        """Save what the item leaves behind: its text, the time spent (with the discussed
        mark when moving on; going back keeps the time to save later)."""
        entry = self.current()
        if entry is None:
            return
        item_id = entry.item.id
        seconds = self._unsaved_seconds.pop(item_id, 0) + int(self.clock() - self._entered)
        self._entered = self.clock()
        values = self._text_changes(entry)
        if discussed is not None:
            values["discussed"] = discussed
            values["seconds_spent"] = entry.item.seconds_spent + seconds
        elif values:
            values["seconds_spent"] = entry.item.seconds_spent + seconds
        else:
            self._unsaved_seconds[item_id] = seconds
            return
        if self.main.operations.run(
            Problem(N_("Meeting item")), lambda: self.service.set_item(item_id, **values)
        ):
            self._row_saved(item_id)

    def _row_saved(self, item_id: int) -> None:
        """While moving between items only the item left is read again (not 5,000 rows)."""
        if self._quiet:
            self.agenda.replace_item(self.service.item(item_id))

    def _text_changes(self, entry: PreparedItem) -> dict:
        values = {}
        if self.notes.toPlainText() != entry.item.notes:
            values["notes"] = self.notes.toPlainText()
        if self.decision.toPlainText() != entry.item.decision:
            values["decision"] = self.decision.toPlainText()
        return values

    def _save_text(self) -> None:
        """The notes and decision as typed, one operation (leaving the field, moving on)."""
        entry = self.current()
        if entry is None:
            return
        values = self._text_changes(entry)
        if values:
            item_id = entry.item.id
            self.main.operations.run(
                Problem(N_("Meeting notes")), lambda: self.service.set_item(item_id, **values)
            )

    def _discussed_clicked(self, checked: bool) -> None:
        entry = self.current()
        if entry is not None:
            item_id = entry.item.id
            self.main.operations.run(
                Problem(N_("Discussed")), lambda: self.service.set_item(item_id, discussed=checked)
            )

    # keys -------------------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        """The meeting's keys where no text is typed; True when one was used."""
        key, mods = event.key(), event.modifiers()
        alt = mods & Qt.KeyboardModifier.AltModifier
        if alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if key == Qt.Key.Key_Up else 1)
            return True
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if key == Qt.Key.Key_Escape:  # takes back a question on the projector, closes nothing
            if self.presenter.reading_back or self.presenter.asking_to_end:
                self.back()
            return True
        if key in NEXT_KEYS:
            self.advance("Space" if key == Qt.Key.Key_Space else "Page Down")
            return True
        if key in BACK_KEYS:
            self.back()
            return True
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            return self.rate(key - Qt.Key.Key_1)
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and watched in (self.agenda_view, self.ratings)
            and self.agenda_view.state() != QAbstractItemView.State.EditingState
            and self.handle_key(event)  # type: ignore[arg-type]
        ):
            return True
        if event.type() == QEvent.Type.FocusOut and watched in (self.notes, self.decision):
            self._save_text()
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    # committee ratings ------------------------------------------------------------------------
    def rated_lines(self) -> list:
        if self.view is None or self.view.score is None:
            return []
        due = self.view.readiness  # a quarterly line is rated at the quarter's meeting
        return [
            l
            for l in self.view.score.contract.lines
            if rated_in_meeting(l.rule) and l.id in due and due[l.id].state != LineState.NOT_DUE
        ]

    def _fill_ratings(self) -> None:
        keep = max(0, self.ratings.currentRow())
        self.ratings.clear()
        assert self.view is not None
        actuals = self.view.score.actuals if self.view.score is not None else {}
        for line in self.rated_lines():
            levels = "  ".join(
                f"{n}={level['label']}" for n, level in enumerate(line.rule["levels"], 1)
            )
            now = actuals.get(line.id)
            self.ratings.addItem(f"{line.indicator}: {now or '—'}    [{levels}]")
        self.ratings.setVisible(self.ratings.count() > 0)
        self.ratings_label.setVisible(self.ratings.count() > 0)
        if self.ratings.count():
            self.ratings.setCurrentRow(min(keep, self.ratings.count() - 1))

    def rate(self, index: int) -> bool:
        """Key ``index + 1``: the chosen committee line rated at that level (its actual)."""
        lines = self.rated_lines()
        if not lines or self.meeting.period is None:
            return False
        line = lines[max(0, self.ratings.currentRow())]
        levels = line.rule["levels"]
        if index >= len(levels):
            return False
        label, period = str(levels[index]["label"]), self.meeting.period
        self.main.operations.run(
            Problem(N_("Committee rating")), lambda: self.service.rate_line(line.id, period, label)
        )
        return True

    # actions and attendance -------------------------------------------------------------------
    def _fill_actions(self) -> None:
        self.actions_list.clear()
        entry = self.current()
        if entry is None:
            return
        for action in self.service.actions(entry.item.id):
            due = action.due.isoformat() if action.due else "—"
            self.actions_list.addItem(f"{action.what} — {action.owner or '—'} · {due}")
        held = self.meeting.held_on  # by default due at the next monthly meeting
        self.action_due.setDate(QDate(held.year, held.month, held.day).addMonths(1))

    def add_action(self) -> None:
        entry = self.current()
        what = self.action_what.text().strip()
        if entry is None or not what:
            return
        owner, due = self.action_owner.text(), self.action_due.date().toPython()
        item_id = entry.item.id
        result = self.main.operations.run(
            Problem(N_("Action item")),
            lambda: self.service.add_action(item_id, what, owner, due),  # type: ignore[arg-type]
        )
        if result is not None:
            self.action_what.clear()
            self.action_owner.clear()
            self.presenter.pages.setCurrentIndex(0)  # a new action: read back again

    def _fill_earlier(self) -> None:
        self.earlier.blockSignals(True)
        self.earlier.clear()
        for action in self.service.open_actions(self.meeting_id):
            due = action.due.isoformat() if action.due else "—"
            item = QListWidgetItem(f"{action.what} — {action.owner or '—'} · {due}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, action.id)
            self.earlier.addItem(item)
        self.earlier.blockSignals(False)

    def _earlier_done(self, item: QListWidgetItem) -> None:
        action_id = item.data(Qt.ItemDataRole.UserRole)
        done = item.checkState() == Qt.CheckState.Checked
        day, meeting = (self.meeting.held_on, self.meeting_id) if done else (None, None)
        self.main.operations.run(
            Problem(N_("Action item done")),
            lambda: self.service.set_action_done(action_id, day, meeting),
        )

    def _fill_attendance(self) -> None:
        entry = self.current()
        self.attendance.blockSignals(True)
        self.attendance.clear()
        for row in self.service.attendance(self.meeting_id):
            if row.item_id is not None and (entry is None or row.item_id != entry.item.id):
                continue
            where = "" if row.item_id is None else _(" (this item)")
            item = QListWidgetItem(f"{row.name}{' · ' + row.role if row.role else ''}{where}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.present else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.attendance.addItem(item)
        self.attendance.blockSignals(False)

    def add_attendee(self, item_only: bool | None = None) -> None:
        name = self.attendee.text().strip()
        if not name:
            return
        entry = self.current()
        only = self.item_only.isChecked() if not item_only else True
        item_id = entry.item.id if only and entry is not None else None
        result = self.main.operations.run(
            Problem(N_("Attendee")),
            lambda: self.service.add_attendee(self.meeting_id, item_id, name),
        )
        if result is not None:
            self.attendee.clear()

    def _presence_changed(self, item: QListWidgetItem) -> None:
        row_id = item.data(Qt.ItemDataRole.UserRole)
        present = item.checkState() == Qt.CheckState.Checked
        self.main.operations.run(
            Problem(N_("Attendance")), lambda: self.service.set_present(row_id, present)
        )

    # the self-report and the end --------------------------------------------------------------
    def edit_self_report(self) -> None:
        entry = self.current()
        if entry is None or entry.employee_id is None or self.meeting.period is None:
            return
        year = self.meeting.period[:4]
        found = self.service.self_report(entry.employee_id, year)
        filed, text = found if found is not None else (self.meeting.held_on, "")
        dialog = SelfReportDialog(entry.person or "", filed, text, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            day, said = dialog.values()
            employee = entry.employee_id
            self.main.operations.run(
                Problem(N_("Self-report")),
                lambda: self.service.record_self_report(employee, year, day, said),
            )

    def end_meeting(self) -> None:
        """The meeting held (its end recorded), then the period's results made official when
        the results feature is there."""
        self._save_text()
        self._leave(discussed=None)
        for item_id, seconds in list(self._unsaved_seconds.items()):
            if seconds and item_id in self._names:
                spent = self._names[item_id].item.seconds_spent + seconds
                self._save_seconds(item_id, spent)
        self._unsaved_seconds.clear()
        self.main.meeting_actions.end(self.meeting_id)
        self.close()

    def _save_seconds(self, item_id: int, spent: int) -> None:
        self.main.operations.run(
            Problem(N_("Meeting item")), lambda: self.service.set_item(item_id, seconds_spent=spent)
        )

    def closeEvent(self, event) -> None:
        if self._listening:  # a window is closed once; Qt may ask again (its parent closing)
            self._listening = False
            self._save_text()
            self._tick.stop()
            self.main.operations.changed.disconnect(self._changed)
        self.presenter.close()
        if self.main.meeting_actions.running is self:
            self.main.meeting_actions.running = None
        super().closeEvent(event)

    # edits, undo and redo ---------------------------------------------------------------------
    def _changed(self, changes: Changes, _source: object) -> None:
        if not (changes.review or changes.actuals):
            return
        if self._quiet:  # moving on: the window updates the row it saved itself
            return
        if changes.review:
            self._refresh_items()
            self._fill_earlier()
        if self.current() is not None and not self._quiet:
            self._show_item()
