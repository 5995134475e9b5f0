"""File › Firm settings…: the firm's name and year, the §6 weight rules, the §8 flex band, the
§10 coefficient curve, the §9 forced-distribution guide and the §7 period shares, on one tabbed
dialog. It only asks: OK is refused, saying what is wrong and where (the tab, the field) while the
dialog stays open, until ``core.policy.policy_problems`` finds nothing; the caller writes the
changed settings in one operation (``FirmActions.edit_settings``)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.entry import number_text, parse_number
from kpidesk.core.policy import (
    EMPLOYEE_CLASS_NAMES,
    PERIOD_KINDS,
    YEARS,
    FirmPolicy,
    policy_problems,
)
from kpidesk.core.problems import KpideskError, Problem
from kpidesk.i18n import N_, NP_, _, gettext, pgettext

# Shown as the firm's HR manager names them (§7, §9); a code the firm added shows as it is.
GRADE_NAMES = {  # §9's calibration grades (a rating level "excellent" reads otherwise in zh)
    "outstanding": NP_("calibration grade", "Outstanding"),
    "excellent": NP_("calibration grade", "Excellent"),
    "competent": NP_("calibration grade", "Competent"),
    "basically_competent": NP_("calibration grade", "Basically competent"),
    "unsatisfactory": NP_("calibration grade", "Unsatisfactory"),
}
KIND_NAMES = {
    "month": N_("Monthly"),
    "quarter": N_("Quarterly"),
    "half": N_("Half-yearly"),
    "year": N_("Annual"),
}

FIRM, WEIGHTS, CURVE, GUIDE, SHARES, REVIEW = range(6)  # the tabs
AGENDA_ORDER_NAMES = {
    "attention": N_("What needs talking about first"),
    "organisation": N_("As the organisation tree"),
}


def _percent(value: float) -> str:
    return number_text(round(value * 100, 6))


def _spin(low: float, high: float, suffix: str = " %", decimals: int = 1) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSuffix(suffix)
    return box


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the next field (keyboard users)
    return table


def _cell(text: str, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class FirmSettingsDialog(QDialog):
    """``settings``: the firm's stored settings (key → value); ``policy``: the policy they make
    (defaults filled in). ``changes()`` after OK: the settings whose value the user changed."""

    def __init__(
        self, settings: Mapping[str, object], policy: FirmPolicy, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("firmSettingsDialog")
        self.setWindowTitle(_("Firm settings"))
        self._before = {
            **policy.as_settings(),
            "firm_name": str(settings.get("firm_name") or policy.firm_name or ""),
            "firm_name_en": str(settings.get("firm_name_en") or ""),
            "current_year": policy.year(),
        }
        self.tabs = QTabWidget()
        self.tabs.addTab(self._firm_page(), _("Firm"))
        self.tabs.addTab(self._weights_page(policy), _("Weights and targets"))
        self.tabs.addTab(self._curve_page(policy), _("Coefficient curve"))
        self.tabs.addTab(self._guide_page(policy), _("Forced distribution"))
        self.tabs.addTab(self._shares_page(policy), _("Period shares"))
        self.tabs.addTab(self._review_page(policy), _("Review"))
        self.problem = QLabel()
        self.problem.setObjectName("settingsProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._changes: dict[str, object] = {}
        self.resize(720, 460)  # six tabs in sight in English too

    # pages --------------------------------------------------------------------------------------
    def _firm_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.name_zh = QLineEdit(str(self._before["firm_name"]))
        self.name_en = QLineEdit(str(self._before["firm_name_en"]))
        self.year = QSpinBox()
        self.year.setRange(*YEARS)
        self.year.setValue(int(str(self._before["current_year"])))
        form.addRow(_("Firm name (Chinese)"), self.name_zh)
        form.addRow(_("Firm name (English)"), self.name_en)
        form.addRow(_("Current year"), self.year)
        note = QLabel(_("A new year gets its months, quarters, halves and year as periods."))
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _weights_page(self, policy: FirmPolicy) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        rules = policy.weight_rules
        self.min_count, self.max_count = QSpinBox(), QSpinBox()
        for box, value in ((self.min_count, rules.min_count), (self.max_count, rules.max_count)):
            box.setRange(1, 50)
            box.setValue(value)
        self.low, self.high, self.step = _spin(0, 100), _spin(0, 100), _spin(0.5, 100)
        self.low.setValue(rules.low)
        self.high.setValue(rules.high)
        self.step.setValue(rules.step)
        self.flex = _spin(0, 50)
        self.flex.setValue(round(policy.target_flex * 100, 6))
        form.addRow(_("Fewest scored KPIs in a contract"), self.min_count)
        form.addRow(_("Most scored KPIs in a contract"), self.max_count)
        form.addRow(_("Lowest weight of a KPI"), self.low)
        form.addRow(_("Highest weight of a KPI"), self.high)
        form.addRow(_("Weights in steps of"), self.step)
        form.addRow(_("Flex band of a signed target"), self.flex)
        return page

    def _rows_page(self, table: QTableWidget, note: str, rows_editable: bool) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        label = QLabel(note)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(table)
        if rows_editable:
            row = QHBoxLayout()
            add, remove = QPushButton(_("Add a point")), QPushButton(_("Remove the point"))
            add.clicked.connect(lambda: self._add_point(table))
            remove.clicked.connect(lambda: table.removeRow(table.currentRow()))
            row.addWidget(add)
            row.addWidget(remove)
            row.addStretch()
            layout.addLayout(row)
        return page

    def _curve_page(self, policy: FirmPolicy) -> QWidget:
        self.curve = _table(2)
        self.curve.setObjectName("coefficientCurve")
        self.curve.setHorizontalHeaderLabels([_("Score"), _("Appraisal coefficient") + " %"])
        for score, coefficient in policy.pay_breakpoints:
            self._add_point(self.curve, (number_text(score), _percent(coefficient)))
        return self._rows_page(
            self.curve,
            _(
                "Below the first score the coefficient is 0; between two points it runs in a "
                "straight line; beyond the last it stays."
            ),
            rows_editable=True,
        )

    def _add_point(self, table: QTableWidget, values: tuple[str, str] = ("", "")) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate(values):
            table.setItem(row, column, _cell(text))
        if values == ("", ""):  # a point the user adds: type it at once
            table.setCurrentCell(row, 0)
            table.setFocus()

    def _guide_page(self, policy: FirmPolicy) -> QWidget:
        self.guide = _table(2)
        self.guide.setObjectName("distributionGuide")
        self.guide.setHorizontalHeaderLabels([_("Calibration grade"), _("Share") + " %"])
        self._grades = [grade for grade, _share in policy.quotas]
        for row, (grade, share) in enumerate(policy.quotas):
            self.guide.insertRow(row)
            name = pgettext(*GRADE_NAMES[grade]) if grade in GRADE_NAMES else grade
            self.guide.setItem(row, 0, _cell(name, editable=False))
            self.guide.setItem(row, 1, _cell(_percent(share)))
        return self._rows_page(
            self.guide,
            _(
                "Drives the proposed grades: the calibration first proposes each grade for this "
                "share of the people (together 100 %). Each share must lie within its grade's "
                "range on the Review tab."
            ),
            rows_editable=False,
        )

    def _shares_page(self, policy: FirmPolicy) -> QWidget:
        self.shares = _table(1 + len(PERIOD_KINDS))
        self.shares.setObjectName("periodShares")
        self.shares.setHorizontalHeaderLabels(
            [_("Employee class")] + [gettext(KIND_NAMES[kind]) + " %" for kind in PERIOD_KINDS]
        )
        self._classes = list(policy.period_shares)
        for row, employee_class in enumerate(self._classes):
            self.shares.insertRow(row)
            known = employee_class in EMPLOYEE_CLASS_NAMES
            name = pgettext(*EMPLOYEE_CLASS_NAMES[employee_class]) if known else employee_class
            self.shares.setItem(row, 0, _cell(name, editable=False))
            given = policy.period_shares[employee_class]
            for column, kind in enumerate(PERIOD_KINDS, start=1):
                text = _percent(given[kind]) if kind in given else ""
                self.shares.setItem(row, column, _cell(text))
        return self._rows_page(
            self.shares,
            _(
                "How much each kind of period counts in the year's result, per employee class; "
                "each row together 100 %. An empty cell: that period is not scored."
            ),
            rows_editable=False,
        )

    def _review_page(self, policy: FirmPolicy) -> QWidget:
        """§1, §9: the review meetings, who makes results official, when an actual looks
        suspicious, and the forced-distribution guide's ranges checked at calibration."""
        review = policy.review
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.meeting_day = QSpinBox()
        self.meeting_day.setRange(1, 31)  # 29–31 are refused by name: not every month has them
        self.meeting_day.setValue(review.meeting_day)
        self.reviewer = QLineEdit(review.reviewer)
        self.agenda_order = QComboBox()
        for code, name in AGENDA_ORDER_NAMES.items():
            self.agenda_order.addItem(gettext(name), code)
        found = self.agenda_order.findData(review.agenda_order)
        self.agenda_order.setCurrentIndex(max(0, found))
        self.item_minutes = QSpinBox()
        self.item_minutes.setRange(0, 999)
        self.item_minutes.setSuffix(" " + _("min"))
        self.item_minutes.setValue(review.item_minutes)
        self.suspicious = _spin(0, 1000, " %", 0)
        self.suspicious.setValue(round(review.suspicious_factor * 100, 6))
        self.jump = _spin(0, 1000, " %", 0)
        self.jump.setValue(round(review.jump_factor * 100, 6))
        self.margin = _spin(0, 1000, "", 1)
        self.margin.setValue(review.boundary_margin)
        self.enforce = QCheckBox(_("Refuse to make results official outside the guide"))
        self.enforce.setChecked(review.enforce_guide)
        form.addRow(_("Monthly meeting on day"), self.meeting_day)
        form.addRow(_("Reviewer who makes results official"), self.reviewer)
        form.addRow(_("Agenda order"), self.agenda_order)
        form.addRow(_("Time box of an agenda item"), self.item_minutes)
        form.addRow(_("Suspicious beyond the target span by"), self.suspicious)
        form.addRow(_("Suspicious jump against last period"), self.jump)
        form.addRow(_("Near a grade boundary within (points)"), self.margin)
        layout.addLayout(form)
        self.review_guide = _table(3)
        self.review_guide.setObjectName("reviewGuide")
        self.review_guide.setHorizontalHeaderLabels(
            [_("Calibration grade"), _("Lowest share") + " %", _("Highest share") + " %"]
        )
        self._guide_grades = [grade for grade, _low, _high in review.guide]
        for row, (grade, low, high) in enumerate(review.guide):
            self.review_guide.insertRow(row)
            name = pgettext(*GRADE_NAMES[grade]) if grade in GRADE_NAMES else grade
            self.review_guide.setItem(row, 0, _cell(name, editable=False))
            self.review_guide.setItem(row, 1, _cell(_percent(low)))
            self.review_guide.setItem(row, 2, _cell(_percent(high)))
        # all five grades in sight: the dialog grows rather than the guide scrolling
        rows = self.review_guide.verticalHeader().defaultSectionSize() * len(review.guide)
        self.review_guide.setMinimumHeight(
            rows + self.review_guide.horizontalHeader().sizeHint().height() + 4
        )
        note = QLabel(
            _(
                "The guide's ranges: each grade's share of the people, from – to. They drive "
                "the strip over the calibration and the check when results are made official "
                "(without the check below, a result outside them is made official with a "
                "warning). The proposals follow the shares on the Forced distribution tab, "
                "which must lie within these ranges."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.review_guide, 1)
        layout.addWidget(self.enforce)
        return page

    def _review_values(self) -> dict[str, object]:
        guide = []
        for row, grade in enumerate(self._guide_grades):
            low = self._number(self.review_guide, row, 1, REVIEW)
            high = self._number(self.review_guide, row, 2, REVIEW)
            if low is None or high is None:
                raise _Refused(
                    REVIEW,
                    self.review_guide,
                    Problem(
                        N_("Row {row} needs a lowest and a highest share."), None, {"row": row + 1}
                    ),
                )
            guide.append([grade, round(low / 100, 6), round(high / 100, 6)])
        return {
            "meeting_day": self.meeting_day.value(),
            "reviewer": self.reviewer.text().strip(),
            "agenda_order": str(self.agenda_order.currentData()),
            "item_minutes": self.item_minutes.value(),
            "suspicious_factor": round(self.suspicious.value() / 100, 6),
            "jump_factor": round(self.jump.value() / 100, 6),
            "boundary_margin": self.margin.value(),
            "guide": guide,
            "enforce_guide": self.enforce.isChecked(),
        }

    # reading ------------------------------------------------------------------------------------
    def _number(self, table: QTableWidget, row: int, column: int, tab: int) -> float | None:
        item = table.item(row, column)
        text = item.text().strip() if item is not None else ""
        if not text:
            return None
        try:
            return parse_number(text)
        except KpideskError:
            header = table.horizontalHeaderItem(column)
            raise _Refused(
                tab,
                table,
                Problem(
                    N_("Row {row}, {column}: {text} is not a number."),
                    None,
                    {"row": row + 1, "column": header.text() if header else "", "text": text},
                ),
            ) from None

    def values(self) -> dict[str, object]:
        """Every setting as the dialog shows it now (refused with ``_Refused``: a cell that is
        not a number)."""
        points = []
        for row in range(self.curve.rowCount()):
            score = self._number(self.curve, row, 0, CURVE)
            coefficient = self._number(self.curve, row, 1, CURVE)
            if score is None and coefficient is None:
                continue  # an empty point the user added and left
            if score is None or coefficient is None:
                raise _Refused(
                    CURVE,
                    self.curve,
                    Problem(
                        N_("Row {row} needs a score and a coefficient."), None, {"row": row + 1}
                    ),
                )
            points.append([score, round(coefficient / 100, 6)])
        quotas = [
            [grade, round((self._number(self.guide, row, 1, GUIDE) or 0) / 100, 6)]
            for row, grade in enumerate(self._grades)
        ]
        shares: dict[str, dict[str, float]] = {}
        for row, employee_class in enumerate(self._classes):
            shares[employee_class] = {}
            for column, kind in enumerate(PERIOD_KINDS, start=1):
                share = self._number(self.shares, row, column, SHARES)
                if share is not None:
                    shares[employee_class][kind] = round(share / 100, 6)
        return {
            "firm_name": self.name_zh.text().strip(),
            "firm_name_en": self.name_en.text().strip(),
            "current_year": self.year.value(),
            "weight_rules": {
                "min_count": self.min_count.value(),
                "max_count": self.max_count.value(),
                "low": self.low.value(),
                "high": self.high.value(),
                "step": self.step.value(),
            },
            "target_flex": round(self.flex.value() / 100, 6),
            "pay_breakpoints": points,
            "quotas": quotas,
            "period_shares": shares,
            "review": self._review_values(),
        }

    def changes(self) -> dict[str, object]:
        """The settings the user changed (key → new value); empty when nothing changed."""
        return self._changes

    def accept(self) -> None:
        try:
            values = self.values()
        except _Refused as refused:
            self._refuse(refused.tab, refused.widget, refused.problem)
            return
        problems = policy_problems(values)
        if problems:
            tab, widget = self._place(problems[0].where)
            self._refuse(tab, widget, problems[0])
            return
        outside = self._quota_outside_guide(values)
        if outside is not None:
            self._refuse(GUIDE, self.guide, outside)
            return
        # Only what the user changed is written (and undone): a setting shown at its default
        # and left alone stays as the document has it.
        self._changes = {
            key: value for key, value in values.items() if value != self._before.get(key)
        }
        super().accept()

    def _quota_outside_guide(self, values: Mapping[str, object]) -> Problem | None:
        """The two §9 guides must agree: a grade's point share (what the calibration proposes)
        outside that grade's range (what the strip and the lock check) would have the proposals
        themselves flagged. The first such grade, its row made current."""
        review = values["review"]
        assert isinstance(review, dict)
        ranges = {str(g): (float(low), float(high)) for g, low, high in review["guide"]}
        quotas = values["quotas"]
        assert isinstance(quotas, list)
        for row, (grade, share) in enumerate(quotas):
            if grade not in ranges:
                continue
            low, high = ranges[grade]
            if low - 1e-9 <= share <= high + 1e-9:
                continue
            self.guide.setCurrentCell(row, 1)
            name = pgettext(*GRADE_NAMES[grade]) if grade in GRADE_NAMES else grade
            return Problem(
                N_(
                    "{grade}: the share {share} lies outside the range {low}–{high} on the "
                    "Review tab; change one or the other."
                ),
                "quotas",
                {
                    "grade": name,
                    "share": _percent(share) + "%",
                    "low": _percent(low),
                    "high": _percent(high) + "%",
                },
            )
        return None

    def _place(self, where: object) -> tuple[int, QWidget]:
        """The tab and the field a problem's setting is edited in."""
        key = str(where or "")
        places: dict[str, tuple[int, QWidget]] = {
            "firm_name": (FIRM, self.name_zh),
            "current_year": (FIRM, self.year),
            "weight_rules.min_count": (WEIGHTS, self.min_count),
            "weight_rules.max_count": (WEIGHTS, self.max_count),
            "weight_rules.low": (WEIGHTS, self.low),
            "weight_rules.high": (WEIGHTS, self.high),
            "weight_rules.step": (WEIGHTS, self.step),
            "target_flex": (WEIGHTS, self.flex),
            "pay_breakpoints": (CURVE, self.curve),
            "quotas": (GUIDE, self.guide),
        }
        places.update(
            {
                "review.meeting_day": (REVIEW, self.meeting_day),
                "review.item_minutes": (REVIEW, self.item_minutes),
                "review.agenda_order": (REVIEW, self.agenda_order),
                "review.suspicious_factor": (REVIEW, self.suspicious),
                "review.jump_factor": (REVIEW, self.jump),
                "review.boundary_margin": (REVIEW, self.margin),
                "review.guide": (REVIEW, self.review_guide),
                "review": (REVIEW, self.meeting_day),
            }
        )
        if key in places:
            return places[key]
        if key.startswith("period_shares"):
            employee_class = key.partition(".")[2]
            if employee_class in self._classes:
                self.shares.setCurrentCell(self._classes.index(employee_class), 1)
            return SHARES, self.shares
        return FIRM, self.name_zh

    def _refuse(self, tab: int, widget: QWidget, problem: Problem) -> None:
        """Say what is wrong and where (the tab's name first), show that tab, put the cursor
        in the field; the dialog stays open."""
        self.tabs.setCurrentIndex(tab)
        self.problem.setText(
            _("{where}: {message}").format(where=self.tabs.tabText(tab), message=problem.text())
        )
        self.problem.show()
        widget.setFocus()


class _Refused(Exception):
    """A cell the dialog cannot read: where (tab, widget) and what."""

    def __init__(self, tab: int, widget: QWidget, problem: Problem):
        super().__init__(problem.code)
        self.tab, self.widget, self.problem = tab, widget, problem
