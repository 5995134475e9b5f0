"""The §9 guide strip, always at the top of calibration: per grade the head count, the guide's
range as head counts and what it needs ("needs +1", "needs −2"). A grade out of range says so in
words and is coloured; in range it says "in range" (never colour alone)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kpidesk.core.calibration import StripCell
from kpidesk.i18n import _
from kpidesk.ui.review.grade_columns import grade_name

OUT = "background: #ffe0b2; border: 2px solid #b00020; color: #000000;"
IN = "background: #e8f5e9; border: 1px solid #2e7d32; color: #000000;"


def needs_text(cell: StripCell) -> str:
    if cell.needs > 0:
        return _("needs +{count}").format(count=cell.needs)
    if cell.needs < 0:
        return _("needs −{count}").format(count=-cell.needs)
    return _("in range")


class CalibrationStrip(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("calibrationStrip")
        self.cells: list[QLabel] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)

    def set_cells(self, cells: Sequence[StripCell]) -> None:
        while len(self.cells) < len(cells):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setObjectName("stripCell")
            self._layout.addWidget(label, 1)
            self.cells.append(label)
        for label, cell in zip(self.cells, cells, strict=False):
            label.setText(
                _("{grade}: {count}\nguide {low}–{high} · {needs}").format(
                    grade=grade_name(cell.grade),
                    count=cell.count,
                    low=cell.low,
                    high=cell.high,
                    needs=needs_text(cell),
                )
            )
            label.setStyleSheet(f"QLabel {{ {OUT if cell.out_of_range else IN} padding: 2px; }}")
            label.setProperty("outOfRange", cell.out_of_range)
        for extra in self.cells[len(cells) :]:
            extra.hide()
