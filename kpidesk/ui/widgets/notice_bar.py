"""A bar across the top of the window saying something the user should know but need not
answer now (the file was changed outside kpidesk): a sentence, one button that shows more, and
a close button. Non-modal: the window stays usable under it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kpidesk.i18n import _

# A warm yellow with dark text: readable in light and dark styles, the colour people know
# from a browser's "this page was changed" bar.
_STYLE = (
    "QFrame#noticeBar { background: #fff4ce; border-bottom: 1px solid #e0c060; }"
    "QFrame#noticeBar QLabel { color: #3b2f00; }"
)


class NoticeBar(QFrame):
    """Hidden until ``show_notice``; ``text`` and ``button`` are asked again on retranslate."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setStyleSheet(_STYLE)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.close_button = QToolButton()
        self.close_button.setText("×")  # a sign, not a word
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        layout.addWidget(self.close_button)
        self._text: Callable[[], str] = lambda: ""
        self._button_text: Callable[[], str] = lambda: ""
        self._on_click: Callable[[], object] | None = None
        self.button.clicked.connect(lambda _checked=False: self._clicked())
        self.hide()

    def show_notice(
        self, text: Callable[[], str], button: Callable[[], str], on_click: Callable[[], object]
    ) -> None:
        """Show the sentence ``text()`` with the button ``button()`` that calls ``on_click``
        (both asked again when the language changes)."""
        self._text, self._button_text, self._on_click = text, button, on_click
        self.retranslate()
        self.show()

    def retranslate(self) -> None:
        self.label.setText(self._text())
        self.button.setText(self._button_text())
        self.close_button.setToolTip(_("Close this notice"))

    def _clicked(self) -> None:
        if self._on_click is not None:
            self._on_click()

    @classmethod
    def above(cls, window: QMainWindow) -> NoticeBar:
        """A bar put above the window's central widget (which is kept, not rebuilt)."""
        central = window.takeCentralWidget()
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        bar = cls(holder)
        layout.addWidget(bar)
        if central is not None:
            layout.addWidget(central, 1)
        window.setCentralWidget(holder)
        # Qt shows a re-parented widget only at the next turn of the event loop: shown now,
        # the window never paints a frame without its panels.
        if central is not None:
            central.show()
        holder.show()
        return bar
