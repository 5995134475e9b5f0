"""The contract editor: parties, validity and status above; lines grouped by category; a live
footer with weight totals and the §6 findings."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.lifecycle import LIFECYCLE, transition_consequence
from kpidesk.core.model import Contract
from kpidesk.i18n import _, language

from kpidesk.ui.contract.contract_lines_model import FIELDS, LINE_ROLE, ContractLinesModel, cycle_name
from kpidesk.ui.widgets.delegates import ContractDelegate
from kpidesk.ui.widgets.grid_keys import GridTreeView
from kpidesk.ui.widgets.flow_layout import FlowLayout
from kpidesk.ui.org.org_tree_model import status_badge


PRESENTATION_HIDDEN = ("category", "data_source", "cycle")
PRESENTING_READABLE_LINES = 6  # the least width, in text heights, worth giving a text column


class ContractEditor(QWidget):
    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.position_id: int | None = None
        self.position_name = ""
        self.title = QLabel()
        self.title.setObjectName("contractTitle")
        self.parties = QLabel()
        self.parties.setWordWrap(True)
        self.model = ContractLinesModel(self, on_edit=controller.edit_line)
        self.view = GridTreeView()
        self.view.setObjectName("contractLines")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setup_grid(LINE_ROLE, self.model.lock_reason, controller.show_notice)
        self.view.setItemDelegate(
            ContractDelegate(
                {
                    "indicator": lambda: [
                        (i.code, f"{i.name}  {i.code}") for i in controller.firm.indicators()
                    ],
                    "category": lambda: [
                        (c.code, c.name(language())) for c in controller.firm.categories()
                    ],
                    "cycle": lambda: [
                        (c, cycle_name(c)) for c in ("month", "quarter", "half", "year")
                    ],
                },
                self.view,
                on_invalid=controller.show_notice,
            )
        )
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(self._double_clicked)
        # Widths are known once rows show: measure once the expanding is done. (A timer object,
        # not QTimer.singleShot with a callable, which upsets PySide's reference counts.)
        self._fit_later = QTimer(self)
        self._fit_later.setSingleShot(True)
        self._fit_later.timeout.connect(self.fit_columns)
        self.view.expanded.connect(self._fit_later.start)
        self.totals = QLabel()
        self.totals.setObjectName("weightTotals")
        self.totals.setWordWrap(True)
        self.findings = QLabel()
        self.findings.setObjectName("findings")
        self.findings.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        bar = FlowLayout()  # a narrow window wraps the buttons onto a second row, labels whole
        for key in (
            "new",
            "add_line",
            "remove_line",
            "parties",
            "agreed",
            "draft",
            "signed",
            "closed",
            "reopen",
        ):
            button = QPushButton()
            button.clicked.connect(lambda _=False, k=key: self._button(k))
            self.buttons[key] = button
            bar.addWidget(button)
        self.round_weights_button = QPushButton()  # §6 rounding, one undoable edit
        self.round_weights_button.setObjectName("roundWeights")
        self.round_weights_button.clicked.connect(lambda: controller.round_weights())
        bar.addWidget(self.round_weights_button)
        self.history = QPushButton()  # the contract's amendments (ui/contract_history.py)
        self.history.clicked.connect(lambda: self.controller.show_history())
        bar.addWidget(self.history)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.parties)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.findings)
        self.retranslate()

    @property
    def contract(self) -> Contract | None:
        return self.model.contract

    def retranslate(self) -> None:
        labels = {
            "new": _("New contract…"),
            "add_line": _("Add line"),
            "remove_line": _("Remove line"),
            "agreed": _("Mark agreed"),
            "draft": _("Back to draft"),
            "signed": _("Sign"),
            "closed": _("Close contract"),
            "parties": _("Parties…"),
            "reopen": _("Reopen…"),
        }
        tips = {
            "parties": _("Choose the contractee and issuers from the firm's people."),
            "agreed": transition_consequence("draft", "agreed"),
            "signed": transition_consequence("agreed", "signed"),
            "closed": transition_consequence("signed", "closed"),
            "reopen": transition_consequence("closed", "signed"),
        }
        for key, button in self.buttons.items():
            button.setText(labels[key])
            button.setToolTip(tips.get(key, ""))
        self.retranslate_round_button()
        self.history.setText(_("History…"))
        self.model.retranslate()
        self.view.expandAll()
        self._refresh_texts()

    def show_position(
        self,
        position_id: int | None,
        name: str,
        contract: Contract | None,
        categories: dict[str, tuple[str, str]],
    ) -> None:
        self.position_id, self.position_name = position_id, name
        self.model.weight_rules = self.controller.firm.policy.weight_rules  # the firm's §6 rules
        self.retranslate_round_button()
        self.model.set_contract(contract, categories)
        self.view.expandAll()
        self._refresh_texts()

    def on_changed(self, changes, _source=None) -> None:
        """An operation changed some lines of the contract shown: show just those lines (the
        window reloads the selection when rows come or go, or the status changes)."""
        contract = self.contract
        if contract is None or changes.contract != contract.id or not changes.only_lines:
            return
        lines = self.controller.operations.changed_lines(self.controller.firm, changes)
        if not self.model.update_lines(lines):
            self.model.set_contract(self.controller.firm.contract(contract.id))
        self._refresh_texts()

    def _refresh_texts(self) -> None:
        contract = self.contract
        status = contract.status if contract else None
        lines_editable = status is not None and LIFECYCLE.lines_editable(status)
        for key, button in self.buttons.items():
            if key in LIFECYCLE.statuses:  # a plain move; reopening has its own button
                enabled = (
                    status is not None
                    and LIFECYCLE.can_transition(status, key)
                    and not LIFECYCLE.needs_reason(status, key)
                )
            else:
                enabled = {
                    "new": self.position_id is not None and contract is None,
                    "add_line": lines_editable,
                    # On a signed contract too: the refusal says why (only through an amendment).
                    "remove_line": contract is not None and bool(contract.lines),
                    "parties": status is not None and LIFECYCLE.parties_editable(status),
                    "reopen": any(  # a move back that needs a reason (closed → signed)
                        LIFECYCLE.needs_reason(status, to) for to in LIFECYCLE.transitions(status)
                    ),
                }[key]
            button.setEnabled(bool(enabled))
        self.round_weights_button.setEnabled(lines_editable)
        self.history.setEnabled(contract is not None)
        if contract is None:
            self.title.setText(self.position_name or _("Select a position to see its contract."))
            self.parties.setText(
                _("No contract for {year}.").format(year=self.controller.firm.current_year)
                if self.position_id
                else ""
            )
            self.totals.setText("")
            self.findings.setText("")
            return
        self.title.setText(
            _("{unit} {position} — performance contract {year}").format(
                unit=contract.unit, position=contract.position, year=contract.year
            )
        )
        signed = (
            _(", signed {date}").format(date=contract.signed_on.isoformat())
            if contract.signed_on
            else ""
        )
        self.parties.setText(
            _("Contractee: {contractee}   Issuer 1: {issuer1}   Issuer 2: {issuer2}").format(
                contractee=contract.contractee or "—",
                issuer1=contract.issuer1 or "—",
                issuer2=contract.issuer2 or "—",
            )
            + "\n"
            + _("Valid {start} – {end}   Status: {status}{signed}").format(
                start=contract.valid_from.isoformat(),
                end=contract.valid_to.isoformat(),
                status=status_badge(contract.status),
                signed=signed,
            )
        )
        totals = self.model.weight_totals()
        parts = [
            f"{self.model.category_name(code)} {total:g}"
            for code, total in totals.items()
            if any(not l.deduction for l in contract.lines if l.category == code)
        ]
        self.totals.setText(
            _("Weights: {parts} · Total {total}%").format(
                parts=" · ".join(parts), total=f"{contract.weight_total:g}"
            )
        )
        findings = self.model.findings
        if not findings:
            self.findings.setText("✓ " + _("Weights follow the rules of thumb."))
            self.findings.setStyleSheet("color: #2e7d32")
        else:
            self.findings.setText(
                "\n".join(
                    ("✖ " if f.severity == "error" else "⚠ ") + f.message(language())
                    for f in findings
                )
            )
            self.findings.setStyleSheet(
                "color: #b00020"
                if any(f.severity == "error" for f in findings)
                else "color: #b34700"
            )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """On a narrow window (a laptop at 150 %) the category column gives way first — the
        group rows already name the category — so the KPI, its weight and the three targets stay
        in view; it comes back as soon as there is room."""
        if getattr(self, "_header_before_presenting", None) is not None:
            self._fit_presenting_columns()
            return
        header, category = self.view.header(), FIELDS.index("category")
        widths = [
            max(header.sectionSizeHint(i), self.view.sizeHintForColumn(i))
            for i in range(FIELDS.index("challenge") + 1)
        ]
        header.setSectionHidden(category, sum(widths) > self.view.viewport().width())

    def key_columns_width(self) -> int:
        """The width the KPI, weight, unit and three targets of the contract shown need."""
        header, margins = self.view.header(), self.layout().contentsMargins()
        columns = [i for i in range(FIELDS.index("challenge") + 1) if FIELDS[i] != "category"]
        text = sum(max(header.sectionSizeHint(i), self.view.sizeHintForColumn(i)) for i in columns)
        chrome = margins.left() + margins.right() + 2 * self.view.frameWidth()
        return text + chrome + self.view.verticalScrollBar().sizeHint().width()

    def _fit_presenting_columns(self) -> None:
        """Target note and rule share what the figures leave; a stub of "…" helps no one, so
        when the room is short the note goes first, then the rule (its tooltip still tells)."""
        header = self.view.header()
        note, rule = FIELDS.index("target_note"), FIELDS.index("rule")
        fixed = sum(
            header.sectionSize(i)
            for i in range(header.count())
            if i not in (note, rule) and not header.isSectionHidden(i)
        )
        room = self.view.viewport().width() - fixed
        readable = PRESENTING_READABLE_LINES * self.view.fontMetrics().height()
        header.setSectionHidden(note, room < 2 * readable)
        header.setSectionHidden(rule, room < readable)

    def set_presenting(self, on: bool) -> None:
        """Presentation: no editing buttons (a signed contract shows nothing to press); the
        columns the room reads, the target note and scoring rule sharing the width left, elided
        rather than pushed off the screen."""
        header = self.view.header()
        for button in (*self.buttons.values(), self.round_weights_button, self.history):
            button.setVisible(not on)
        if not on:
            if getattr(self, "_header_before_presenting", None) is not None:
                header.restoreState(self._header_before_presenting)
                self._header_before_presenting = None
            return
        self._header_before_presenting = header.saveState()
        for name in PRESENTATION_HIDDEN:  # the group rows name the category; the rest is paperwork
            header.setSectionHidden(FIELDS.index(name), True)
        header.setStretchLastSection(False)
        for name in ("target_note", "rule"):  # share what the figures leave, elided (tooltips)
            header.setSectionResizeMode(FIELDS.index(name), QHeaderView.ResizeMode.Stretch)
        self._fit_presenting_columns()

    def selected_line(self):
        return self.model.line_at(self.view.currentIndex())

    def _double_clicked(self, index: QModelIndex) -> None:
        line = self.model.line_at(index)
        if line is not None and FIELDS[index.column()] == "rule":
            self.controller.edit_rule(line)

    def retranslate_round_button(self) -> None:
        """Named with the firm's step (Firm settings › weight rules), which it rounds to."""
        self.round_weights_button.setText(
            _("Round weights to multiples of {step:g}").format(
                step=self.controller.firm.policy.weight_rules.step
            )
        )

    def _button(self, key: str) -> None:
        if key == "new":
            self.controller.new_contract(self.position_id, self.position_name)
        elif key == "add_line":
            self.controller.add_line()
        elif key == "remove_line":
            line = self.selected_line()
            if line is None:
                self.controller.show_error(_("Select the line to remove first."))
            else:
                self.controller.remove_line(line)
        elif key == "parties":
            self.controller.edit_parties()
        else:
            self.controller.set_status(key)
