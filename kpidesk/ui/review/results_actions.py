"""The results section of the Review menu, composed as ``window.results_actions``: make a
period's results official (also called by the meeting at its end: ``make_official``), correct
an official result, print the minutes, print the result notices, export the official results. Edits run through
``window.operations`` (undoable where the method allows, announced); files are written in the
background."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog

from kpidesk import i18n
from kpidesk.core.changes import OpResult
from kpidesk.core.locks import period_words
from kpidesk.core.periods import period_label
from kpidesk.core.problems import Problem
from kpidesk.i18n import N_, _
from kpidesk.services.results import OfficialCheck, ResultsFiles, ResultsService
from kpidesk.ui.review.correction_dialog import CorrectionDialog
from kpidesk.ui.review.official_dialog import OfficialDialog
from kpidesk.ui.scoring.scoring_model import LINE_ROLE

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow


class ResultsActions:
    def __init__(self, window: MainWindow):
        self.window = window
        self.make_official_action = self._action(lambda: self.make_official(None, None))
        self.correct_action = self._action(self.correct)
        self.print_minutes_action = self._action(self.print_minutes)
        self.print_notices_action = self._action(self.print_notices)
        self.export_action = self._action(self.export)
        for action in (
            self.make_official_action,
            self.correct_action,
            self.print_minutes_action,
            self.print_notices_action,
            self.export_action,
        ):
            window.review_menu.add("results", action)
        # Notices tell people official results only: offered once a period is official (asked
        # when the menu opens — one small query — so a period made official anywhere counts).
        window.review_menu.menu.aboutToShow.connect(self._enable)
        self._enable()
        window.retranslators.append(self.retranslate)

    def _action(self, slot) -> QAction:
        action = QAction(self.window)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _enable(self) -> None:
        self.print_notices_action.setEnabled(bool(self.service.official_periods()))

    def retranslate(self) -> None:
        self.make_official_action.setText(_("Make results &official…"))
        self.correct_action.setText(_("&Correct an official result…"))
        self.print_minutes_action.setText(_("Print the &minutes…"))
        self.print_notices_action.setText(_("Result &notices…"))
        self.export_action.setText(_("E&xport official results…"))

    @property
    def service(self) -> ResultsService:
        firm = self.window.firm
        return ResultsService(firm.document, firm.policy)

    @property
    def files(self) -> ResultsFiles:
        firm = self.window.firm
        return ResultsFiles(firm.document, firm.policy)

    def _period(self) -> str:
        """The period in view (the scoring panel's), else the firm year's first month."""
        shown = self.window.scoring.period.currentData()
        return str(shown) if shown else f"{self.window.firm.current_year}-01"

    def _say(self, message: str) -> None:
        self.window.last_message = message
        self.window.statusBar().showMessage(message, 5000)

    # making official ------------------------------------------------------------------------
    def make_official(self, period_code: str | None, meeting_id: int | None) -> None:
        """Check ``period_code`` in the background (seconds in a large firm), then ask — the
        dialog: the check, the reviewer — and make it official as one operation. A meeting
        passes its period and id; the menu passes None and the user chooses the period.
        Cancelled or refused (the refusal is shown): nothing is written."""
        service = self.service

        def ask(checked: OfficialCheck) -> None:
            dialog = OfficialDialog(
                checked, self._check_later, self.window, fixed_period=period_code is not None
            )
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.checked is None:
                return
            period, reviewer, seen = dialog.code(), dialog.reviewer.text(), dialog.checked
            result = self.window.operations.run(
                Problem(
                    N_("Make the results of {period} official"),
                    None,
                    {"period": period_words(period)},
                ),
                lambda: service.make_official(period, reviewer, meeting_id, checked=seen),
            )
            if result is not None:
                self._say(_("The results of {period} are official.").format(period=period_label(period)))

        self._check_later(period_code or self._period(), ask)

    def _check_later(self, period: str, done: Callable[[OfficialCheck], None]) -> None:
        service = self.service
        self.window.background.run(
            _("Checking the results of {period}…").format(period=period_label(period)),
            lambda: service.check(period),
            done,
        )

    # corrections ----------------------------------------------------------------------------
    def correct(self) -> OpResult | None:
        service = self.service
        officials = [service.official(code) for code in sorted(service.official_periods())]
        found = [o for o in officials if o is not None]
        if not found:
            self.window.show_error(
                _("No period's results are official yet: there is nothing to correct.")
            )
            return None
        index = self.window.scoring.table.currentIndex()
        line_id = index.data(LINE_ROLE) if index.isValid() else None
        dialog = CorrectionDialog(
            found,
            self.window,
            line_id=line_id,
            period=self.window.scoring.period.currentData(),
            rule_of=service.rule_of,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        answer = dialog.answer()
        return self.window.operations.run(
            Problem(
                N_("Correct an official result of {period}"), None, {"period": period_words(answer["period"])}
            ),
            lambda: service.correct(
                answer["line_id"],
                answer["period"],
                answer["new"],
                answer["reason"],
                kind=answer["kind"],
                appeal_id=answer["appeal_id"],
            ),
        )

    # files ----------------------------------------------------------------------------------
    def _official_period(self) -> str | None:
        period = self._period()
        codes = self.service.official_periods()
        if period in codes:
            return period
        if codes:
            return sorted(codes)[-1]  # the latest official period
        self.window.show_error(_("No period's results are official yet."))
        return None

    def print_minutes(self) -> None:
        self._print_pdf(
            _("minutes"),
            _("Printing the minutes…"),
            lambda period, path, lang, font: self.files.print_minutes(period, path, lang, font),
        )

    def print_notices(self) -> None:
        """The result notices of the official period in view (else the latest), one PDF with
        a page per person, saved where the user says and written in the background."""
        self._print_pdf(
            _("result-notices"),
            _("Printing the result notices…"),
            lambda period, path, lang, font: self.files.print_notices(period, path, lang, font),
        )

    def _print_pdf(self, stem: str, label: str, write) -> None:
        """A PDF of the official period in view (else the latest), saved where the user says
        and written in the background."""
        period = self._official_period()
        if period is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Save PDF"), f"{stem}-{period}.pdf", _("PDF documents (*.pdf)")
        )
        if path:
            lang, font = i18n.language(), self.window.files.pdf_font()
            self.window.background.run(
                label,
                lambda: write(period, path, lang, font),
                lambda _r: self._say(_("wrote {path}").format(path=path)),
            )

    def export(self) -> None:
        period = self._official_period()
        if period is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("Export official results"),
            f"{_('official-results')}-{period}.xlsx",
            _("Excel workbooks (*.xlsx)"),
        )
        if path:
            service, lang = self.files, i18n.language()
            self.window.background.run(
                _("Exporting the official results…"),
                lambda: service.export(period, path, lang),
                lambda _r: self._say(_("wrote {path}").format(path=path)),
            )
