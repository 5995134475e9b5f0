"""Review › Calibration…: a window for the projector. At the top the population and period
choosers and the §9 guide strip (always visible); below, tabs: the grade columns, the nine-box
and two people's contracts side by side. Every change is an operation (undoable, audited) run
through ``window.operations``; reading a period's totals runs in the background."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.calibration import GRADES, strip
from kpidesk.core.changes import Changes
from kpidesk.core.periods import Period, period_label
from kpidesk.core.policy import EMPLOYEE_CLASS_NAMES
from kpidesk.i18n import _, pgettext
from kpidesk.services.calibration import (
    Calibration,
    CalibrationService,
    Person,
    Population,
)
from kpidesk.ui.review.calibration_strip import CalibrationStrip
from kpidesk.ui.review.grade_change_dialog import GradeChangeDialog, GradeLogDialog
from kpidesk.ui.review.grade_columns import GradeColumn, connect_columns
from kpidesk.ui.review.nine_box import HOLDING, NineBoxView, stepped
from kpidesk.ui.review.period_choice import PeriodChoice
from kpidesk.ui.review.side_by_side import SideBySide
from kpidesk.ui.widgets.presentation import presentation_point_size, presentation_style

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow

GRADES_TAB, NINE_BOX_TAB, SIDE_TAB = range(3)


class CalibrationWindow(QWidget):
    def __init__(self, window: MainWindow, period: str | None = None):
        super().__init__(window, Qt.WindowType.Window)
        self.setObjectName("calibrationWindow")
        self.window_ = window
        self.service = CalibrationService(window.firm.document, window.firm.policy)
        self.calibration: Calibration | None = None
        self.authorised_by = window.firm.policy.review.reviewer
        year = window.firm.current_year
        self.population = QComboBox()
        self.population.setObjectName("calibrationPopulation")
        self.period = PeriodChoice(year, period or f"{year}-Q2", self)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startCalibration")
        self.start_button.clicked.connect(self.start)
        self.log_button = QPushButton()
        self.log_button.setObjectName("gradeLog")
        self.log_button.clicked.connect(self.show_log)
        self.population_label, self.period_label = QLabel(), QLabel()
        self.population_label.setBuddy(self.population)
        self.period_label.setBuddy(self.period)
        top = QHBoxLayout()
        for widget in (self.population_label, self.population, self.period_label, self.period):
            top.addWidget(widget)
        top.addStretch()
        top.addWidget(self.start_button)
        top.addWidget(self.log_button)
        self.strip = CalibrationStrip(self)
        self.status = QLabel()
        self.status.setObjectName("calibrationStatus")
        self.status.setWordWrap(True)
        self.columns = [GradeColumn(grade, self) for grade in GRADES]
        grades_page = QWidget()
        row = QHBoxLayout(grades_page)
        row.setContentsMargins(0, 0, 0, 0)
        for column in self.columns:
            row.addWidget(column, 1)
        self.nine_box = NineBoxView(self)
        self.side = SideBySide(window.firm, self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("calibrationTabs")
        self.tabs.addTab(grades_page, "")
        self.tabs.addTab(self.nine_box, "")
        self.tabs.addTab(self.side, "")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.strip)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        connect_columns(
            [c.view for c in self.columns] + self.nine_box.views(),
            [c.model for c in self.columns] + self.nine_box.models(),
            self._dropped,
            self.ask_grade,
            self.step_potential,
        )
        # Ctrl+1…3 switch the tabs (1–5 are grades on a selected person)
        for index in range(3):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.show_tab(i))
        self._fill_populations()
        self.population.currentIndexChanged.connect(lambda _i: self.load())
        self.period.period_chosen.connect(lambda _code: self.load())
        window.operations.changed.connect(self._changed)
        window.retranslators.append(self.retranslate)
        window.window_actions.present_action.toggled.connect(self.follow_presentation)
        self.retranslate()
        self.follow_presentation()
        self.resize(1280, 760)

    # choosing ---------------------------------------------------------------------------------
    def _fill_populations(self) -> None:
        kept = self.population.currentData()
        self.population.blockSignals(True)
        self.population.clear()
        self.population.addItem(_("The whole firm"), ("firm", None))
        for unit in self.window_.firm.units():
            self.population.addItem(_("Unit: {name}").format(name=unit.name), ("unit", unit.id))
        for code, name in EMPLOYEE_CLASS_NAMES.items():
            self.population.addItem(
                _("Class: {name}").format(name=pgettext(*name)), ("class", code)
            )
        index = self.population.findData(kept)
        self.population.setCurrentIndex(max(0, index))
        self.population.blockSignals(False)

    def chosen_population(self) -> Population:
        kind, value = self.population.currentData() or ("firm", None)
        return Population(kind, value)

    def choose(self, period: str, population: Population | None = None) -> None:
        """Show ``period`` (and ``population``) and read them (in the background)."""
        self.period.blockSignals(True)
        self.period.set_code(period)
        self.period.blockSignals(False)
        if population is not None:
            self.population.blockSignals(True)
            index = self.population.findData((population.kind, population.value))
            self.population.setCurrentIndex(max(0, index))
            self.population.blockSignals(False)
        self.load()

    # reading ----------------------------------------------------------------------------------
    def load(self) -> None:
        period, population = self.period.code(), self.chosen_population()
        self.status.setText(
            _("Reading the totals of {period}…").format(period=period_label(Period.parse(period)))
        )
        self.window_.background.run(
            _("Reading the totals"),
            lambda: self.service.calibration(period, population),
            self.show_calibration,
        )

    def show_calibration(self, calibration: Calibration) -> None:
        if calibration.period.code != self.period.code():
            return  # an older reading, overtaken by another choice
        self.calibration = calibration
        self._fill()

    def _changed(self, changes: Changes, _source: object) -> None:
        if changes.review and self.calibration is not None:
            self.calibration = self.service.refreshed(self.calibration)
            self._fill()

    def _fill(self) -> None:
        calibration = self.calibration
        if calibration is None:
            return
        shown = [p for p in calibration.people if p.score is not None]
        grades = [self.shown_grade(p) or "" for p in shown]
        self.strip.set_cells(strip(grades, self.window_.firm.policy.review.guide))
        movable = calibration.locked is None and calibration.started
        for column in self.columns:
            column.model.movable = movable
            column.set_people([p for p in shown if self.shown_grade(p) == column.grade])
        self.nine_box.set_people(shown, movable)
        self.side.set_people(calibration.period, shown)
        unscored = len(calibration.people) - len(shown)
        parts = []
        if calibration.locked is not None:
            parts.append(calibration.locked.text())
        elif not calibration.started:
            parts.append(
                _("Proposed grades (forced distribution): start the calibration to change them.")
            )
        else:
            parts.append(
                _(
                    "Keys 1–5 give the selected person a grade; drag a person to "
                    "another column. Each change asks for a reason."
                )
            )
        if unscored:
            parts.append(_("{count} without a total are left out.").format(count=unscored))
        if any(p.estimate for p in shown):
            parts.append(_("* an estimate: some month of the period is still incomplete"))
        self.status.setText(" ".join(parts))
        self.start_button.setEnabled(
            calibration.locked is None
            and any(p.grade is None and p.score is not None for p in calibration.people)
        )

    @staticmethod
    def shown_grade(person: Person) -> str | None:
        return person.grade or person.proposed

    def person(self, employee_id: int) -> Person | None:
        return self.calibration.person(employee_id) if self.calibration else None

    # edits ------------------------------------------------------------------------------------
    def start(self) -> None:
        if self.calibration is None:
            return
        calibration = self.calibration
        self.window_.operations.run(
            lambda: _("Start the calibration of {period}").format(
                period=period_label(calibration.period)
            ),
            lambda: self.service.start(calibration),
            self,
        )

    def _dropped(self, employee_ids: list, key: object) -> None:
        for employee_id in employee_ids:
            if isinstance(key, str) and key in GRADES:
                self.ask_grade(employee_id, key)
            elif key == HOLDING:
                self.set_potential(employee_id, None)
            elif isinstance(key, tuple):
                self.set_potential(employee_id, key[1])

    def _refusal(self) -> str | None:
        calibration = self.calibration
        if calibration is None:
            return _("The totals are still being read.")
        if calibration.locked is not None:
            return calibration.locked.text()
        if not calibration.started:
            return _("Start the calibration of {period} before changing grades.").format(
                period=period_label(calibration.period)
            )
        return None

    def ask_grade(self, employee_id: int, grade: str) -> None:
        """A grade change: asks for the reason and who authorised it, then runs it."""
        person = self.person(employee_id)
        refusal = self._refusal()
        if refusal is not None:
            self.window_.show_notice(refusal)
            self.status.setText(refusal)
            return
        if person is None or person.grade is None or person.grade == grade:
            return
        dialog = GradeChangeDialog(person.name, person.grade, grade, self.authorised_by, self)
        if self.window_.presenting:
            dialog.setStyleSheet(self.styleSheet())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason, authorised = dialog.answer()
        self.authorised_by = authorised  # the same chair authorises the session's changes
        assert self.calibration is not None
        period = self.calibration.period
        self.window_.operations.run(
            lambda: _("Grade of {person}").format(person=person.name),
            lambda: self.service.change_grade(period, employee_id, grade, reason, authorised),
            self,
        )
        self._select(employee_id)

    def step_potential(self, employee_id: int, step: int) -> None:
        if self.tabs.currentIndex() != NINE_BOX_TAB:
            return
        person = self.person(employee_id)
        if person is not None:
            self.set_potential(employee_id, stepped(person.potential, step))

    def set_potential(self, employee_id: int, level: str | None) -> None:
        person = self.person(employee_id)
        refusal = self._refusal()
        if refusal is not None:
            self.window_.show_notice(refusal)
            return
        if person is None or person.potential == level:
            return
        assert self.calibration is not None
        period = self.calibration.period
        self.window_.operations.run(
            lambda: _("Potential of {person}").format(person=person.name),
            lambda: self.service.set_potential(period, employee_id, level),
            self,
        )
        self._select(employee_id)

    def _select(self, employee_id: int) -> None:
        """Keep the person selected where they went, so the next key moves them on."""
        views = (
            self.nine_box.views()
            if self.tabs.currentIndex() == NINE_BOX_TAB
            else [c.view for c in self.columns]
        )
        for view in views:
            if view.select_person(employee_id):
                # once more after the events the change set off (other panels refreshing), so
                # the keyboard stays with the person and the next arrow moves them on
                QTimer.singleShot(0, lambda v=view: v.select_person(employee_id))
                return

    def show_tab(self, index: int) -> None:
        """Ctrl+1…3: the tab, with the keyboard in its people (a person selected), so the next
        arrow or grade key acts on someone rather than on the period chooser above."""
        self.tabs.setCurrentIndex(index)
        if index == NINE_BOX_TAB:
            views = self.nine_box.views()
        elif index == GRADES_TAB:
            views = [c.view for c in self.columns]
        else:
            return
        view = next((v for v in views if v.hasFocus()), None) or next(
            (v for v in views if v.people_model().rowCount() > 0), None
        )
        if view is not None:
            view.focus_someone()

    def show_log(self) -> None:
        if self.calibration is None:
            return
        names = {p.employee_id: p.name for p in self.calibration.people}
        dialog = GradeLogDialog(
            self.service.changes(self.calibration.period), lambda i: names.get(i, str(i)), self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.log_dialog = dialog
        dialog.open()

    # looks ------------------------------------------------------------------------------------
    def follow_presentation(self, on: bool | None = None) -> None:
        """Big type on the projector, as the main window's presentation mode (``on``: the
        mode being switched to, which the window only records after its action toggles)."""
        if self.window_.presenting if on is None else on:
            points = presentation_point_size(self.screen())
            # The main window's tabs are kept small (its left tabs must fit a narrow panel);
            # here Ctrl+1/2/3's tabs are the meeting's way round the session: full size.
            self.setStyleSheet(
                presentation_style(points)
                + f"QTabWidget#calibrationTabs QTabBar {{ font-size: {points}pt; }}\n"
                + f"QTabWidget#calibrationTabs QTabBar::tab {{ font-size: {points}pt; "
                "padding: 6px 16px; }\n"
            )
        else:
            self.setStyleSheet("")

    def retranslate(self) -> None:
        self.setWindowTitle(_("Calibration"))
        self.population_label.setText(_("&Who"))
        self.period_label.setText(_("&Period"))
        self.start_button.setText(_("&Start the calibration"))
        self.log_button.setText(_("Change &log"))
        self.tabs.setTabText(GRADES_TAB, _("Grades (Ctrl+1)"))
        self.tabs.setTabText(NINE_BOX_TAB, _("Nine-box (Ctrl+2)"))
        self.tabs.setTabText(SIDE_TAB, _("Side by side (Ctrl+3)"))
        self.period.retranslate()
        self._fill_populations()
        self._fill()
        self.nine_box.retranslate()

    def columns_people(self) -> Sequence[Sequence[Person]]:
        return [c.model.people for c in self.columns]
