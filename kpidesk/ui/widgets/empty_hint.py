"""What an empty view says: a new firm's organisation tree or value tree is not a blank panel
but a sentence saying how to begin (Ctrl+Insert adds the first unit…), drawn on the view's
viewport while its model has no rows, in the language in force when it paints."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, QSortFilterProxyModel, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView

MARGIN = 12


class EmptyHint(QObject):
    def __init__(self, view: QAbstractItemView, text: Callable[[], str]):
        super().__init__(view)
        self.view, self.text = view, text
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.showing():
            # The view paints nothing on an empty model; the hint is painted after it.
            viewport = self.view.viewport()
            painter = QPainter(viewport)
            painter.setPen(viewport.palette().color(QPalette.ColorRole.PlaceholderText))
            area = QRect(viewport.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
            painter.drawText(
                area,
                int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                self.text(),
            )
            painter.end()
            return True
        return super().eventFilter(watched, event)

    def showing(self) -> bool:
        """The model itself is empty (behind a filter proxy: its source, so a filter that
        matches nothing is not taken for an empty firm)."""
        model = self.view.model()
        if isinstance(model, QSortFilterProxyModel):
            model = model.sourceModel()
        return model is not None and model.rowCount() == 0
