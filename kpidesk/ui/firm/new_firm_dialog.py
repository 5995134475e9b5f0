"""File › New firm… (and the first-run screen's New firm…): the firm's name, its current year,
the language of its names and the file to save it in. The dialog only asks; a request it cannot
carry out (no name, a folder that does not exist, a file already there) is said in the dialog,
which stays open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kpidesk import i18n
from kpidesk.core.policy import YEARS
from kpidesk.i18n import _
from kpidesk.services.firm_setup import firm_path, suggested_file_name

# The language of the firm's own names (the firm, its first value tree), each named in itself.
NAME_LANGUAGES = {"zh": "中文", "en": "English"}


class NewFirmDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, folder: Path | None = None, note: str = ""):
        super().__init__(parent)
        self.setObjectName("newFirmDialog")
        self.setWindowTitle(_("New firm"))
        self.folder = folder or Path.home()
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. South China branch"))
        self.year = QSpinBox()
        self.year.setRange(*YEARS)
        self.year.setValue(date.today().year)
        self.lang = QComboBox()
        for code, label in NAME_LANGUAGES.items():
            self.lang.addItem(label, code)
        self.lang.setCurrentIndex(0 if i18n.language().startswith("zh") else 1)
        self.path = QLineEdit()
        self.path.setPlaceholderText(_("where the firm's file is saved"))
        self.choose = QPushButton(_("Choose…"))
        self.choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.choose)
        form = QFormLayout()
        form.addRow(_("Firm name"), self.name)
        form.addRow(_("Current year"), self.year)
        form.addRow(_("Language of the firm's names"), self.lang)
        form.addRow(_("File"), where)
        self.problem = QLabel()
        self.problem.setObjectName("newFirmProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if note:  # e.g. that the open firm closes, its edits already saved
            said = QLabel(note)
            said.setWordWrap(True)
            layout.addWidget(said)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.name.textEdited.connect(self._suggest_path)
        self.setMinimumWidth(520)

    def _suggest_path(self, name: str) -> None:
        """A file named after the firm, in the folder last used, until the user picks one."""
        if not self.path.isModified():
            self.path.setText(str(self.folder / suggested_file_name(name)) if name.strip() else "")

    def _choose(self) -> None:
        start = self.path.text() or str(self.folder / suggested_file_name(self.name.text()))
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the new firm as"), start, _("kpidesk documents (*.kpidesk)")
        )
        if path:
            self.path.setText(str(firm_path(path)))
            self.path.setModified(True)

    def request(self) -> tuple[str, str, int, str]:
        """(path, firm name, year, language of its names) as asked for."""
        return (
            str(firm_path(self.path.text().strip())),
            self.name.text().strip(),
            self.year.value(),
            self.lang.currentData(),
        )

    def accept(self) -> None:
        problem, field = self._problem()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            field.setFocus()
            return
        super().accept()

    def _problem(self) -> tuple[str, QWidget]:
        if not self.name.text().strip():
            return _("The firm needs a name."), self.name
        if not self.path.text().strip():
            return _("Choose the file to save the firm in."), self.path
        path = firm_path(self.path.text().strip())
        if not path.parent.is_dir():
            return _("The folder {parent} does not exist.").format(parent=path.parent), self.path
        if path.exists():
            return (
                _("{path} already exists; kpidesk will not overwrite it.").format(path=path),
                self.path,
            )
        return "", self.name
