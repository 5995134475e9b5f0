"""The §9 ability–performance nine-box: performance (from the agreed grade) runs up, potential
(set in the session) runs right; each box names its §9 action and head count. People whose
potential is not set wait in the holding area. A person moves by drag and drop or by Left /
Right on the selected row (potential one step down / up; Left from "low" goes back to the
holding area); Up and Down only move the selection, since performance follows the grade."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kpidesk.core.calibration import ACTION_WORDS, LEVEL_WORDS, LEVELS, nine_box
from kpidesk.i18n import _, gettext
from kpidesk.services.calibration import Person
from kpidesk.ui.review.grade_columns import PeopleModel, PeopleView

HOLDING = "holding"


class Box(QFrame):
    def __init__(self, key: object, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.key = key
        self.title = QLabel()
        self.title.setObjectName("nineBoxTitle")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.model = PeopleModel(key, self)
        self.view = PeopleView(self.model, self, show_change=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)


class NineBoxView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nineBox")
        grid = QGridLayout(self)
        grid.setSpacing(4)
        self.boxes: dict[object, Box] = {}
        self.holding = Box(HOLDING, self)
        self.holding.setObjectName("holdingArea")
        self.boxes[HOLDING] = self.holding
        grid.addWidget(self.holding, 0, 0, 4, 1)
        self.performance_axis = QLabel()
        self.performance_axis.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.performance_axis.setWordWrap(True)
        grid.addWidget(self.performance_axis, 0, 1, 3, 1)
        self.row_labels: list[QLabel] = []
        self.column_labels: list[QLabel] = []
        for row, performance in enumerate(reversed(LEVELS)):  # high on top
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setProperty("level", performance)
            self.row_labels.append(label)
            grid.addWidget(label, row, 2)
            for column, potential in enumerate(LEVELS):
                box = Box((performance, potential), self)
                box.setObjectName(f"nineBox_{performance}_{potential}")
                self.boxes[(performance, potential)] = box
                grid.addWidget(box, row, 3 + column)
        for column, potential in enumerate(LEVELS):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setProperty("level", potential)
            self.column_labels.append(label)
            grid.addWidget(label, 3, 3 + column)
        self.potential_axis = QLabel()
        self.potential_axis.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.potential_axis, 4, 3, 1, 3)
        grid.setColumnStretch(0, 2)
        for column in range(3):
            grid.setColumnStretch(3 + column, 3)
        for row in range(3):
            grid.setRowStretch(row, 1)
        self._people: list[Person] = []
        self.retranslate()

    def views(self) -> list[PeopleView]:
        return [box.view for box in self.boxes.values()]

    def models(self) -> list[PeopleModel]:
        return [box.model for box in self.boxes.values()]

    def set_people(self, people: Sequence[Person], movable: bool) -> None:
        """Placed people in their boxes, the rest (potential unset) in the holding area;
        people without a grade yet (calibration not started) are not shown."""
        self._people = [p for p in people if p.grade is not None]
        placed: dict[object, list[Person]] = {key: [] for key in self.boxes}
        for person in self._people:
            where: object = (person.performance, person.potential) if person.potential else HOLDING
            placed[where].append(person)
        for place, box in self.boxes.items():
            box.model.movable = movable
            box.model.set_people(placed[place])
        self.retranslate()

    def retranslate(self) -> None:
        self.performance_axis.setText(_("Performance ↑"))
        self.performance_axis.setToolTip(_("Performance follows the agreed grade"))
        self.potential_axis.setText(_("Potential →"))
        for label in self.row_labels + self.column_labels:
            label.setText(gettext(LEVEL_WORDS[str(label.property("level"))]))
        for key, box in self.boxes.items():
            count = box.model.rowCount()
            if key == HOLDING:
                box.title.setText(_("Not yet placed: {count}").format(count=count))
                continue
            assert isinstance(key, tuple)
            cell = nine_box(str(key[0]), str(key[1]))
            box.title.setText(
                _("{action} · {count}").format(
                    action=gettext(ACTION_WORDS[cell.action]), count=count
                )
            )


def stepped(potential: str | None, step: int) -> str | None:
    """The potential one step along the axis: holding → low → mid → high (and back)."""
    order: list[str | None] = [None, *LEVELS]
    index = max(0, min(len(order) - 1, order.index(potential) + step))
    return order[index]
