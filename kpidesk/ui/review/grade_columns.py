"""Calibration's grade columns: one list per grade, people as rows (name, score, and when the
committee moved them, the proposed grade struck through beside the agreed one). A person moves
by drag and drop between columns or by keys 1–5 on the selected row; the columns only ask
(``grade_requested``), the window confirms with a reason and runs the operation."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.calibration import GRADES
from kpidesk.core.entry import number_text
from kpidesk.i18n import _, ngettext, pgettext
from kpidesk.services.calibration import Person
from kpidesk.ui.firm.firm_settings_dialog import GRADE_NAMES

MIME = "application/x-kpidesk-employees"
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def grade_name(grade: str | None) -> str:
    if grade is None:
        return ""
    return pgettext(*GRADE_NAMES[grade]) if grade in GRADE_NAMES else grade


def score_text(person: Person) -> str:
    if person.score is None:
        return "—"
    text = number_text(round(person.score, 1))
    return text + "*" if person.estimate else text  # * an estimate: some month still open


class PeopleModel(QAbstractListModel):
    """People of one column (a grade, a nine-box box or the holding area). ``key`` is what the
    column stands for; a drop here asks for it through ``dropped(employee ids, key)``."""

    dropped = Signal(list, object)

    def __init__(self, key: object, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.people: list[Person] = []
        self.movable = True

    def set_people(self, people: Sequence[Person]) -> None:
        self.beginResetModel()
        self.people = list(people)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.people)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.people):
            return None
        person = self.people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{person.name}  {score_text(person)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{person.name} · {person.unit} · {person.position}"]
            if person.changed:
                lines.append(
                    _("Proposed {old}, agreed {new}").format(
                        old=grade_name(person.proposed), new=grade_name(person.grade)
                    )
                )
            if person.estimate:
                lines.append(_("* an estimate: some month of the period is still incomplete"))
            return "\n".join(lines)
        if role == PERSON_ROLE:
            return person
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.movable else Qt.ItemFlag.NoItemFlags
        return base | Qt.ItemFlag.ItemIsDragEnabled if self.movable else base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = sorted({self.people[i.row()].employee_id for i in indexes if i.isValid()})
        mime.setData(MIME, QByteArray(json.dumps(ids).encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: ANN001
        return self.movable and data.hasFormat(MIME)

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: ANN001
        """Asks for the move and refuses the drop itself: the people move when the operation
        has run (after the reason is given), never by the view removing the source row."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = [int(i) for i in json.loads(bytes(data.data(MIME).data()).decode() or "[]")]
        mine = {p.employee_id for p in self.people}
        ids = [i for i in ids if i not in mine]
        if ids:
            self.dropped.emit(ids, self.key)
        return False

    def row_of(self, employee_id: int) -> int:
        return next((r for r, p in enumerate(self.people) if p.employee_id == employee_id), -1)


class PersonDelegate(QStyledItemDelegate):
    """Name and score; a person the committee moved shows the proposed grade struck through
    before the agreed one ("~~Competent~~ → Excellent"): the change reads without colour.
    The nine-box leaves the grades out (``show_change`` False): its rows are the grades."""

    show_change = True

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        person = index.data(PERSON_ROLE)
        if not isinstance(person, Person):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        rect = opt.rect.adjusted(6, 0, -6, 0)
        metrics = opt.fontMetrics
        score = score_text(person)
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), score
        )
        name_rect = QRect(rect)
        name_rect.setRight(rect.right() - metrics.horizontalAdvance(score) - 8)
        if person.changed and self.show_change:
            name, was, now = change_texts(metrics, person, name_rect.width())
            struck = QFont(opt.font)
            struck.setStrikeOut(True)
            painter.drawText(name_rect, int(Qt.AlignmentFlag.AlignVCenter), name)
            x = name_rect.left() + metrics.horizontalAdvance(name) + metrics.horizontalAdvance("  ")
            painter.setFont(struck)
            was_rect = QRect(x, name_rect.top(), max(0, name_rect.right() - x), name_rect.height())
            painter.drawText(was_rect, int(Qt.AlignmentFlag.AlignVCenter), was)
            painter.setFont(opt.font)
            x += metrics.horizontalAdvance(was)
            now_rect = QRect(x, name_rect.top(), max(0, name_rect.right() - x), name_rect.height())
            painter.drawText(now_rect, int(Qt.AlignmentFlag.AlignVCenter), now)
        else:
            name = metrics.elidedText(person.name, Qt.TextElideMode.ElideRight, name_rect.width())
            painter.drawText(name_rect, int(Qt.AlignmentFlag.AlignVCenter), name)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), option.fontMetrics.height() + 8))


def change_texts(metrics: QFontMetrics, person: Person, width: int) -> tuple[str, str, str]:
    """A moved person's card in ``width`` pixels: the name, the struck proposed grade and
    " → " the agreed grade, laid out as ``paint`` draws them (the name, two spaces, the rest).
    The agreed grade is what the meeting reads, so it stays whole; the struck one gives way
    first (elided, then dropped), then the name (a narrow column at 1366×768 cut "→ Com…")."""
    was, now = grade_name(person.proposed), " → " + grade_name(person.grade)
    gap, now_width = metrics.horizontalAdvance("  "), metrics.horizontalAdvance(now)
    name = metrics.elidedText(
        person.name, Qt.TextElideMode.ElideRight, max(0, width - now_width - gap)
    )
    used = metrics.horizontalAdvance(name) + gap
    was = metrics.elidedText(was, Qt.TextElideMode.ElideRight, max(0, width - used - now_width))
    if was and metrics.horizontalAdvance(was) < metrics.horizontalAdvance("MM…"):
        was = ""  # a lone "…" struck through says nothing
    used += metrics.horizontalAdvance(was)
    if used + now_width > width:  # only when even the name had to go: elide the grade last
        now = metrics.elidedText(now, Qt.TextElideMode.ElideRight, max(0, width - used))
    return name, was, now


class PeopleView(QListView):
    """A column's list. Keys: 1–5 ask for that grade (of ``GRADES``), Left/Right ask for a
    step along the nine-box's potential axis; the window decides what they do."""

    grade_key = Signal(int, str)  # employee id, grade
    step_key = Signal(int, int)  # employee id, -1 / +1

    def __init__(self, model: PeopleModel, parent: QWidget | None = None, show_change: bool = True):
        super().__init__(parent)
        self.setModel(model)
        delegate = PersonDelegate(self)
        delegate.show_change = show_change
        self.setItemDelegate(delegate)
        self.setUniformItemSizes(True)  # thousands of rows: one height, no per-row measuring
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def people_model(self) -> PeopleModel:
        model = self.model()
        assert isinstance(model, PeopleModel)
        return model

    def selected_person(self) -> Person | None:
        index = self.currentIndex()
        person = index.data(PERSON_ROLE) if index.isValid() else None
        return person if isinstance(person, Person) else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        person = self.selected_person()
        key = event.key()
        if person is not None and Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.grade_key.emit(person.employee_id, GRADES[key - Qt.Key.Key_1])
            return
        if person is not None and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step_key.emit(person.employee_id, -1 if key == Qt.Key.Key_Left else 1)
            return
        super().keyPressEvent(event)

    def select_person(self, employee_id: int) -> bool:
        row = self.people_model().row_of(employee_id)
        if row < 0:
            return False
        index = self.model().index(row, 0)
        self.setCurrentIndex(index)
        self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_someone(self) -> None:
        """Take the keyboard with a person selected (the current one, else the first), so
        Up / Down move from there at once."""
        current = self.selected_person()
        people = self.people_model().people
        if current is None and people:
            current = people[0]
        if current is not None:
            self.select_person(current.employee_id)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)


class GradeColumn(QWidget):
    """A grade's title (its key, name and head count) over its people."""

    def __init__(self, grade: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.grade = grade
        self.model = PeopleModel(grade, self)
        self.view = PeopleView(self.model, self)
        self.view.setObjectName(f"gradeColumn_{grade}")
        self.title = QLabel()
        self.title.setObjectName("gradeColumnTitle")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)

    def set_people(self, people: Sequence[Person]) -> None:
        self.model.set_people(people)
        key = GRADES.index(self.grade) + 1 if self.grade in GRADES else 0
        count = ngettext("{count} person", "{count} people", len(people)).format(count=len(people))
        self.title.setText(f"{key}  {grade_name(self.grade)}\n{count}")


def connect_columns(
    views: Sequence[PeopleView],
    models: Sequence[PeopleModel],
    on_drop: Callable[[list, object], None],
    on_grade_key: Callable[[int, str], None],
    on_step_key: Callable[[int, int], None],
) -> None:
    for view in views:
        view.grade_key.connect(on_grade_key)
        view.step_key.connect(on_step_key)
    for model in models:
        model.dropped.connect(on_drop)
