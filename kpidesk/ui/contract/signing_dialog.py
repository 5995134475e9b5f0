"""Choosing a contract's parties and signing it (METHOD.md §8): the contractee (受约人), issuer 1
and an optional issuer 2 (发约人), picked from the firm's people; the signing date; what still
blocks signing; and what signing means. Closing and reopening ask here too."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.lifecycle import (
    default_signing_date,
    signing_blockers,
    signing_date_warning,
    signing_warnings,
    transition_consequence,
)
from kpidesk.core.model import Contract, Person
from kpidesk.i18n import _

WARNING_STYLE = "color: #b34700"
ERROR_STYLE = "color: #b00020"


def person_label(person: Person) -> str:
    """Name — position · unit: enough to tell two people apart when choosing."""
    if not person.position:
        return _("{name} — no position").format(name=person.name)
    return f"{person.name} — {person.position} · {person.unit}"


class PersonCombo(QComboBox):
    """A searchable choice of a person: type part of a name, position or unit."""

    def __init__(self, people: list[Person], optional_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem(optional_text, None)
        for person in people:
            self.addItem(person_label(person), person.id)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText(_("Type a name, position or unit"))
        self.setMinimumContentsLength(28)

    def person_id(self) -> int | None:
        """The person whose entry the text names exactly; None while the text names nobody."""
        index = self.findText(self.currentText(), Qt.MatchFlag.MatchExactly)
        return self.itemData(index) if index > 0 else None

    def choose(self, person_id: int | None) -> None:
        index = self.findData(person_id) if person_id is not None else 0
        self.setCurrentIndex(max(index, 0))


class PartiesDialog(QDialog):
    """The contractee and issuers of a draft or agreed contract."""

    def __init__(
        self,
        contract: Contract,
        people: list[Person],
        chosen: tuple[int | None, int | None, int | None],
        defaults_note: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Parties of the contract"))
        self.setMinimumWidth(580)
        self.contract = contract
        self.people = {p.id: p for p in people}
        self.contractee = PersonCombo(people, _("— choose —"), self)
        self.contractee.setObjectName("contractee")
        self.issuer1 = PersonCombo(people, _("— choose —"), self)
        self.issuer1.setObjectName("issuer1")
        self.issuer2 = PersonCombo(people, _("— none —"), self)
        self.issuer2.setObjectName("issuer2")
        for combo, person_id in zip((self.contractee, self.issuer1, self.issuer2), chosen):
            combo.choose(person_id)
        self.heading = QLabel(
            _("{unit} {position} — performance contract {year}").format(
                unit=contract.unit, position=contract.position, year=contract.year
            )
        )
        self.heading.setObjectName("contractTitle")
        self.form = QFormLayout()
        self.form.addRow(_("Contractee"), self.contractee)
        self.form.addRow(_("Issuer 1"), self.issuer1)
        self.form.addRow(_("Issuer 2 (optional)"), self.issuer2)
        self.defaults_note = QLabel(defaults_note)
        self.defaults_note.setWordWrap(True)
        self.defaults_note.setObjectName("defaultsNote")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.defaults_note)
        for combo in (self.contractee, self.issuer1, self.issuer2):
            combo.currentTextChanged.connect(lambda _text: self._check())

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def parties(self) -> tuple[int | None, int | None, int | None]:
        return (self.contractee.person_id(), self.issuer1.person_id(), self.issuer2.person_id())

    def proposed(self) -> Contract:
        """The contract as it would be signed with the chosen parties."""
        chosen = [self.people.get(i) if i is not None else None for i in self.parties()]
        names = [p.name if p else None for p in chosen]
        return replace(
            self.contract,
            contractee=names[0],
            issuer1=names[1],
            issuer2=names[2],
            parties=tuple(chosen),
        )

    def _check(self) -> None:
        pass

    def finish(self) -> None:
        self.layout_.addWidget(self.buttons)
        self._check()


class SigningDialog(PartiesDialog):
    """Parties, signing date, what blocks signing and what signing means; OK (Sign) only once
    nothing blocks."""

    def __init__(
        self,
        contract: Contract,
        people: list[Person],
        chosen: tuple[int | None, int | None, int | None],
        defaults_note: str = "",
        today: date | None = None,
        parent: QWidget | None = None,
        people_on: Callable[[date], list[Person]] | None = None,
        superior_on: Callable[[date], int | None] | None = None,
    ):
        super().__init__(contract, people, chosen, defaults_note, parent)
        self.setWindowTitle(_("Sign the contract"))
        self.today = today or date.today()
        # Who holds what on the signing date the user enters (the parties' positions are
        # printed as held that day); without the firm, the people as given.
        self._people_on = people_on or (lambda _day: people)
        self._superior_on = superior_on or (lambda _day: None)
        self._held: dict[date, tuple[dict[int, Person], int | None]] = {}
        day = default_signing_date(self.today, contract.valid_from, contract.valid_to)
        self.date = QDateEdit(QDate(day.year, day.month, day.day))
        self.date.setObjectName("signingDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.form.addRow(_("Signing date"), self.date)
        self.form.addRow(
            _("Valid"),
            QLabel(f"{contract.valid_from.isoformat()} – {contract.valid_to.isoformat()}"),
        )
        if day != self.today:
            self.defaults_note.setText(
                (self.defaults_note.text() + "\n" if self.defaults_note.text() else "")
                + _(
                    "The contract's year is over, so the signing date starts at the first day "
                    "of its validity: enter the day it was actually signed."
                )
            )
        self.party_warnings = QLabel()
        self.party_warnings.setObjectName("partyWarnings")
        self.party_warnings.setWordWrap(True)
        self.party_warnings.setStyleSheet(WARNING_STYLE)
        # The warnings (parties, then date) read as one list: no paragraph gap between them.
        warnings = QVBoxLayout()
        warnings.setSpacing(2)
        warnings.addWidget(self.party_warnings)
        self.layout_.addLayout(warnings)
        self.date_warning = QLabel()
        self.date_warning.setObjectName("dateWarning")
        self.date_warning.setWordWrap(True)
        self.date_warning.setStyleSheet(WARNING_STYLE)
        self.blockers = QLabel()
        self.blockers.setObjectName("blockers")
        self.blockers.setWordWrap(True)
        self.blockers.setStyleSheet(ERROR_STYLE)
        self.meaning = QLabel(transition_consequence("agreed", "signed"))
        self.meaning.setObjectName("meaning")
        self.meaning.setWordWrap(True)
        warnings.addWidget(self.date_warning)
        self.layout_.addWidget(self.blockers)
        self.layout_.addWidget(self.meaning)
        self.ok_button.setText(_("Sign"))
        self.date.dateChanged.connect(lambda _day: self._check())
        self.finish()

    def signing_date(self) -> date:
        return self.date.date().toPython()

    def held_on(self, day: date) -> tuple[dict[int, Person], int | None]:
        """Everyone with the position held on ``day``, and who holds the superior position."""
        if day not in self._held:
            self._held[day] = (
                {p.id: p for p in self._people_on(day)},
                self._superior_on(day),
            )
        return self._held[day]

    def warnings(self) -> list[str]:
        """What the user should look at twice before signing (nothing that blocks it)."""
        people, superior = self.held_on(self.signing_date())
        parties = tuple(people.get(i) if i is not None else None for i in self.parties())
        return signing_warnings(
            replace(self.proposed(), parties=parties),
            people.get(superior) if superior is not None else None,
        )

    def _check(self) -> None:
        warnings = self.warnings()
        self.party_warnings.setText("\n".join("⚠ " + w for w in warnings))
        self.party_warnings.setVisible(bool(warnings))
        warning = signing_date_warning(
            self.signing_date(), self.contract.valid_from, self.contract.valid_to, self.today
        )
        self.date_warning.setText("⚠ " + warning if warning else "")
        self.date_warning.setVisible(bool(warning))
        blockers = signing_blockers(self.proposed())
        self.blockers.setText(
            _("Signing is not possible yet:") + "\n" + "\n".join("✖ " + b for b in blockers)
            if blockers
            else ""
        )
        self.blockers.setVisible(bool(blockers))
        self.ok_button.setEnabled(not blockers)


class EditPartiesDialog(PartiesDialog):
    """Choosing the parties before signing; anyone may be left empty for now."""

    def __init__(self, contract, people, chosen, defaults_note="", parent=None):
        super().__init__(contract, people, chosen, defaults_note, parent)
        self.problem = QLabel()
        self.problem.setObjectName("blockers")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.layout_.addWidget(self.problem)
        self.finish()

    def _check(self) -> None:
        chosen = [i for i in self.parties() if i is not None]
        same = len(set(chosen)) < len(chosen)
        self.problem.setText(_("Contractee and issuers must be different people.") if same else "")
        self.problem.setVisible(same)
        self.ok_button.setEnabled(not same)


class ReopenDialog(QDialog):
    """Reopening a closed contract: what it means, and a reason that is recorded."""

    def __init__(self, contract: Contract, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Reopen the contract"))
        self.setMinimumWidth(480)
        meaning = QLabel(transition_consequence("closed", "signed"))
        meaning.setWordWrap(True)
        meaning.setObjectName("meaning")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(
            _("Why the closed contract is reopened (e.g. a late correction of the Q4 figures)")
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Reopen"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _("{unit} {position} — performance contract {year}").format(
                    unit=contract.unit, position=contract.position, year=contract.year
                )
            )
        )
        layout.addWidget(meaning)
        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._check)
        self._check()

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def _check(self) -> None:
        self.ok_button.setEnabled(bool(self.text()))
