"""The first-run screen: what kpidesk shows when it starts with no document. New firm…, Open…,
Open the demo, and the recent files (a file no longer there is greyed, says so, and is never
opened). Keyboard: Tab between the buttons and the list, Enter presses or opens; arrows move in
the list. Closing it ends kpidesk. The window that opens a firm replaces it (``app.Desk``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kpidesk.i18n import _
from kpidesk.ui.background import Background
from kpidesk.ui.firm.new_firm_dialog import NewFirmDialog

PATH_ROLE = Qt.ItemDataRole.UserRole
CONTENT_MAX = (1000, 640)  # logical pixels


def demo_location() -> Path:
    """Where the demo firm is kept for this user: the app's data folder / demo.kpidesk."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder) / "demo.kpidesk"


def recent_files(settings: QSettings | None) -> list[str]:
    recent = settings.value("recent", []) if settings is not None else []
    return [str(path) for path in (recent if isinstance(recent, list) else [recent]) if path]


class Welcome(QWidget):
    """``opener(path)``, ``creator(path, name, year, lang)`` and ``demo()`` start the work (in
    the background); the desk closes this screen once a firm's window shows."""

    def __init__(
        self,
        settings: QSettings | None,
        opener: Callable[[str], object],
        creator: Callable[[str, str, int, str], object],
        demo: Callable[[], object],
    ):
        super().__init__()
        self.setObjectName("welcome")
        self.settings = settings
        self.opener, self.creator, self.demo = opener, creator, demo
        self.last_message = ""
        self.background = Background(self, self.show_error)
        self.title = QLabel("kpidesk")
        self.title.setObjectName("welcomeTitle")
        # Its own style: a presentation style sheet on the screen keeps it a title.
        size = QFont(self.font()).pointSizeF() * 2.2
        self.title.setStyleSheet(f"font-size: {size:.1f}pt; font-weight: bold;")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.new_button = QPushButton()
        self.new_button.setObjectName("welcomeNew")
        self.open_button = QPushButton()
        self.open_button.setObjectName("welcomeOpen")
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("welcomeDemo")
        for button, handler in (
            (self.new_button, self.new_firm),
            (self.open_button, self.open_file),
            (self.demo_button, self.demo),
        ):
            button.setAutoDefault(True)  # Enter presses the button that has the focus
            button.setMinimumHeight(button.sizeHint().height() * 3 // 2)
            button.clicked.connect(lambda _checked=False, h=handler: h())
        # The usual keys work here too.
        QShortcut(QKeySequence.StandardKey.New, self, self.new_firm)
        QShortcut(QKeySequence.StandardKey.Open, self, self.open_file)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.close)
        self.recent_label = QLabel()
        self.recent = QListWidget()
        self.recent.setObjectName("welcomeRecent")
        self.recent.itemActivated.connect(self._open_recent)  # Enter, or a double click
        self.recent_label.setBuddy(self.recent)
        actions = QVBoxLayout()
        for button in (self.new_button, self.open_button, self.demo_button):
            actions.addWidget(button)
        actions.addStretch()
        recent = QVBoxLayout()
        recent.addWidget(self.recent_label)
        recent.addWidget(self.recent, 1)
        columns = QHBoxLayout()
        columns.addLayout(actions, 2)
        columns.addSpacing(24)
        columns.addLayout(recent, 5)
        # On a large screen the content keeps a readable size, centred.
        content = QWidget()
        content.setMaximumSize(*CONTENT_MAX)
        inner = QVBoxLayout(content)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addSpacing(16)
        inner.addLayout(columns, 1)
        content.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(content, 20)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 28, 36, 28)
        layout.addStretch(1)
        layout.addLayout(row, 20)
        layout.addStretch(1)
        self.retranslate()
        self.resize(860, 520)
        self.new_button.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Welcome — kpidesk"))
        self.subtitle.setText(
            _(
                "Design KPIs and performance contracts, sign them and score them. Start a new "
                "firm, open one, or look around in the demo firm."
            )
        )
        self.new_button.setText(_("&New firm…"))
        self.open_button.setText(_("&Open…"))
        self.demo_button.setText(_("Open the &demo"))
        self.recent_label.setText(_("&Recent files"))
        self.fill_recent()

    def fill_recent(self) -> None:
        self.recent.clear()
        for path in recent_files(self.settings):
            item = QListWidgetItem(f"{Path(path).name}\n{Path(path).parent}")
            item.setData(PATH_ROLE, path)
            if Path(path).exists():
                item.setToolTip(path)
            else:  # greyed, never opened: it is not there
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(_("{path} is no longer there.").format(path=path))
            self.recent.addItem(item)
        if not self.recent.count():
            item = QListWidgetItem(_("No recent files yet."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
        first = next(
            (
                row
                for row in range(self.recent.count())
                if self.recent.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
            ),
            None,
        )
        self.recent.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus if first is not None else Qt.FocusPolicy.NoFocus
        )
        if first is not None:
            self.recent.setCurrentRow(first)

    # commands -----------------------------------------------------------------------------------
    def new_firm(self) -> None:
        dialog = NewFirmDialog(self, Path.home())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.creator(*dialog.request())

    def open_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open a firm"), str(Path.home()), _("kpidesk documents (*.kpidesk)")
        )
        if path:
            self.opener(path)

    def _open_recent(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if not path:
            return
        if not Path(path).exists():  # gone since the list was shown
            self.show_error(_("{path} is no longer there.").format(path=path))
            self.fill_recent()
            return
        self.opener(path)

    def show_error(self, message: str) -> None:
        self.last_message = message
        box = QMessageBox(
            QMessageBox.Icon.Warning, "kpidesk", message, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
