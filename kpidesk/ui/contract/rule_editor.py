"""The scoring-rule editor: one form per rule kind, validated as you type, with the rule's
score curve drawn beside it so the facilitator's room sees what the numbers mean."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.errors import RuleError
from kpidesk.core.problems import term
from kpidesk.core.rule_kinds import RULE_KINDS, kind_of, rule_kind
from kpidesk.core.rules import (
    line_direction,
    line_rule,
    rule_direction,
    rule_targets,
    score_line,
    targets_direction,
    validate_rule,
)
from kpidesk.i18n import N_, _

from kpidesk.ui.scoring.charts import CurveChart
from kpidesk.core.rule_text import rule_kind_name

_NON_NEGATIVE = (
    "base_ratio", "cap", "veto_at", "step", "points", "add_points", "deduct_points", "share"
)


def direction_label(direction: str) -> str:
    return _("Lower is better") if direction == "lower" else _("Higher is better")


def field_label(name: str) -> str:
    return {
        "challenge": _("Challenge target"),
        "base": _("Base target"),
        "minimum": _("Minimum target"),
        "base_ratio": _("Base score (share of weight)"),
        "step": _("Step"),
        "points": _("Points"),
        "add_points": _("Points added per step above base"),
        "deduct_points": _("Points deducted per step below base"),
        "target": _("Target"),
        "cap": _("Cap"),
        "veto_at": _("Veto at (events, 0 = none)"),
        "label": _("Level"),
        "description": _("Description"),
        "name": _("Dimension"),
        "per": _("Per"),
        "share": _("Share of weight"),
        "rater": _("Rater"),
    }.get(name, name)


def curve(rule: dict, weight: float, samples: int = 120) -> list[tuple[float, float]]:
    """(actual, points) across the interesting range of a numeric rule."""
    kind = kind_of(rule)
    if kind.curve_ends is None:  # levels and task shortfalls: no curve over a number
        return []
    ends = kind.curve_ends(rule, weight)
    lo, hi = min(ends), max(ends)
    margin = (hi - lo) * 0.2 or 1.0
    lo, hi = lo - margin, hi + margin
    xs = [lo + (hi - lo) * i / (samples - 1) for i in range(samples)]
    return [(x, score_line(rule, x, weight)) for x in xs]


class RuleEditor(QDialog):
    def __init__(
        self,
        rule: dict,
        weight: float,
        parent: QWidget | None = None,
        title: str = "",
        targets: tuple = (None, None, None),
        direction: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title or _("Scoring rule"))
        self.weight = weight
        # The line's minimum, base and challenge: every kind starts from them, not from
        # defaults of its own (the line's targets are what the contract shows and scores).
        self.targets = targets
        # The better direction a new rule starts with: the line's targets', else its KPI's.
        self.preset_direction = line_direction(*targets, direction)
        self._rule = line_rule(copy.deepcopy(rule), *targets)
        if kind_of(self._rule).states_direction:
            self._rule.setdefault("direction", self.preset_direction)
        self.kind = QComboBox()
        for code in RULE_KINDS:
            self.kind.addItem(rule_kind_name(code), code)
        self.kind.setCurrentIndex(RULE_KINDS.index(rule["kind"]))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.chart = CurveChart()
        self.chart.setMinimumSize(360, 220)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addWidget(QLabel(_("Weight: {weight} points").format(weight=f"{weight:g}")))
        left.addWidget(self.kind)
        left.addWidget(self.form_host)
        left.addWidget(self.error)
        left.addStretch()
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.chart, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)
        self._build()

    # the form ----------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        kind = rule_kind(self.kind.currentData())
        if kind is not kind_of(self._rule):
            chosen = self._rule.get("direction", self.preset_direction)
            self._rule = line_rule(kind.new_rule(self.weight, _), *self.targets)
            if kind.states_direction:
                self._rule.setdefault("direction", chosen)
        self._build()

    def _build(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        kind = kind_of(self._rule)
        self.spins: dict[str, QDoubleSpinBox] = {}
        for name in kind.fields:
            spin = QDoubleSpinBox()
            spin.setRange(0 if name in _NON_NEGATIVE else -1e12, 1e12)
            spin.setDecimals(0 if name == "veto_at" else 4)
            if name == "base_ratio":
                spin.setRange(0, 1)
                spin.setSingleStep(0.05)
            value = self._rule.get(name)
            if name == "base_ratio" and value is None:
                value = 0.8
            if name == "cap" and value is None:  # no cap stated: the method's cap of 1
                value = 1.0
            spin.setValue(float(value or 0))
            spin.valueChanged.connect(self._changed)
            self.spins[name] = spin
            self.form.addRow(field_label(name), spin)
        self.choices: dict[str, QComboBox] = {}
        for name, values in kind.options:
            choice = QComboBox()
            for value in values:
                choice.addItem(kind.option_name(name, value, _), value)
            choice.setCurrentIndex(max(0, choice.findData(self._rule.get(name, values[0]))))
            choice.currentIndexChanged.connect(self._changed)
            self.choices[name] = choice
            self.form.addRow(field_label(name), choice)
        self.direction = None
        if kind.states_direction:
            self.direction = QComboBox()
            for value in ("higher", "lower"):
                self.direction.addItem(direction_label(value), value)
            self.direction.setCurrentIndex(1 if self._rule.get("direction") == "lower" else 0)
            self.direction.currentIndexChanged.connect(self._changed)
            self.form.addRow(_("Direction"), self.direction)
        elif kind.direction_source == "levels":  # its levels' order, shown as it follows
            self.direction_note = QLabel()
            self.form.addRow(_("Direction"), self.direction_note)
        self.table = None
        if kind.table is not None:
            key, columns = kind.table
            self.table = QTableWidget(0, len(columns))
            self.table.setHorizontalHeaderLabels([field_label(c) for c in columns])
            for entry in self._rule.get(key, []):
                self._append_row([entry.get(c, "") for c in columns])
            self.table.itemChanged.connect(self._changed)
            add, remove = QPushButton(_("Add row")), QPushButton(_("Remove row"))
            # A bound method, not a lambda holding ``self``: a closure on the dialog kept its
            # wrapper alive from its own button, and freeing it at exit deleted the dialog
            # while Qt was already deleting it ("shared QObject was deleted directly").
            add.clicked.connect(self._add_row)
            remove.clicked.connect(self._remove_row)
            buttons = QHBoxLayout()
            buttons.addWidget(add)
            buttons.addWidget(remove)
            self.form.addRow(self.table)
            self.form.addRow(buttons)
        self._changed()

    def _append_row(self, values) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for column, value in enumerate(values):
            text = f"{value:g}" if isinstance(value, (int, float)) else str(value)
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.blockSignals(False)

    def _add_row(self) -> None:
        self._append_row(["", 0, ""])
        self._changed()

    def _remove_row(self) -> None:
        if self.table.rowCount():
            self.table.removeRow(
                self.table.currentRow()
                if self.table.currentRow() >= 0
                else self.table.rowCount() - 1
            )
            self._changed()

    # reading the form ------------------------------------------------------------------------
    def rule(self) -> dict:
        kind = kind_of(self._rule)
        rule = {"kind": kind.code}
        for name, choice in self.choices.items():
            rule[name] = choice.currentData()
        for name, spin in self.spins.items():
            if name == "veto_at":
                if spin.value() >= 1:
                    rule[name] = int(spin.value())
            else:
                rule[name] = spin.value()
        if self.direction is not None:
            rule["direction"] = self.direction.currentData()
        elif "direction" in self._rule:
            rule["direction"] = self._rule["direction"]
        if self.table is not None:
            key, columns = kind.table
            entries = []
            for row in range(self.table.rowCount()):
                entry = {}
                for column, name in enumerate(columns):
                    item = self.table.item(row, column)
                    text = item.text().strip() if item else ""
                    if name in kind.table_numbers:
                        try:
                            entry[name] = float(text)
                        except ValueError:
                            entry[name] = text
                    else:
                        entry[name] = text
                entries.append(entry)
            rule[key] = entries
            if kind.level_marks and entries:  # the best level is the challenge
                rule["challenge"] = 0
                rule["base"] = min(self._rule.get("base", 1), len(entries) - 1)
        return rule

    def _changed(self, *_args) -> None:
        rule = self.rule()
        try:
            validate_rule(rule, self.weight)
            table = kind_of(rule).table
            if table is not None and not rule[table[0]]:
                raise RuleError(N_("add at least one row"))
            self._check_direction(rule)
        except RuleError as exc:
            self.error.setText(str(exc))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self.chart.set_curve([], self.weight, title=_("Score curve"))
            return
        self.error.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        if kind_of(rule).direction_source == "levels":
            self.direction_note.setText(direction_label(rule_direction(rule)))
        marks = [
            (rule[k], field_label(k))
            for k in ("minimum", "base", "challenge", "target")
            if k in rule
        ]
        self.chart.set_curve(curve(rule, self.weight), self.weight, marks, _("Score curve"))

    def _check_direction(self, rule: dict) -> None:
        """A stated direction must read as the line's targets do: they are what the contract
        shows, and the line scores by them."""
        if not kind_of(rule).states_direction:
            return
        levels = dict(zip(("minimum", "base", "challenge"), self.targets)) | rule_targets(rule)
        shown = targets_direction(**levels)
        if shown is not None and shown != rule.get("direction", "higher"):
            raise RuleError(
                N_(
                    "The line's targets (minimum {minimum}, challenge {challenge}) say "
                    "{direction}: change the targets to turn the direction round."
                ),
                "direction",
                minimum=_shown(levels["minimum"]),
                challenge=_shown(levels["challenge"]),
                direction=term(
                    N_("lower is better") if shown == "lower" else N_("higher is better")
                ),
            )


def _shown(value) -> str:
    return "—" if value is None else f"{value:g}"
