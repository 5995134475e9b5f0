"""Before the meeting: is the data in? (issue 12, METHOD.md §1.) The period overview composed
into the window as ``window.period_actions``: a left tab (数据, Data) with the period and groups,
the centre page of a group's lines, and the Review menu's commands — Period overview and Write
templates of the providers missing. It reads the period again after every change announced
(an edit of actuals, an import), while it is shown; hidden, when next shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from kpidesk import i18n
from kpidesk.core.periods import period_label
from kpidesk.i18n import _, ngettext, pgettext
from kpidesk.services.exchange import ExchangeService
from kpidesk.services.period_overview import PeriodOverview, default_period, overview

from kpidesk.ui.review.period_lines import PeriodLinesPage
from kpidesk.ui.review.period_page import PeriodPage


class PeriodActions:
    def __init__(self, window):
        self.window = window
        self.document = window.firm.document
        self.page = PeriodPage(window.firm.current_year, None, window)
        self.lines = PeriodLinesPage(self._list_lines, window)
        window.add_page(self.page, self.lines)
        self.overview: PeriodOverview | None = None
        self._stale = True  # read again when next shown
        self._chosen = False  # the period was chosen (else the default is found when shown)
        self._reading = 0  # readings asked for: only the newest one's result is shown
        action = window.window_actions.action
        self.show_action = action(self.show, "Ctrl+Shift+D")
        self.templates_action = action(self.write_missing_templates)
        window.review_menu.add("prepare", self.show_action)
        window.review_menu.add("prepare", self.templates_action)
        self.page.templates_button.clicked.connect(self.templates_action.trigger)
        self.page.choice.period_chosen.connect(self._period_chosen)
        self.page.group_chosen.connect(lambda _key: self._list_lines())
        window.left.currentChanged.connect(lambda _i: self._refresh_if_shown())
        window.operations.changed.connect(self._changed)
        window.retranslators.append(self.retranslate)

    # showing -----------------------------------------------------------------------------------
    def shown(self) -> bool:
        return self.window.left.currentWidget() is self.page

    def show(self) -> None:
        """Review › Period overview: the tab, its lines in the centre, read as they stand."""
        self._stale = True
        if self.shown():
            self._refresh_if_shown()
        else:
            self.window.left.setCurrentWidget(self.page)  # refreshes through currentChanged
        self.page.groups.setFocus()

    def set_period(self, code: str) -> None:
        self._chosen = True
        self.page.choice.blockSignals(True)  # read once, below
        self.page.choice.set_code(code)
        self.page.choice.blockSignals(False)
        self.reload()

    def _period_chosen(self, _code: str) -> None:
        self._chosen = True
        self.reload()

    def _refresh_if_shown(self) -> None:
        if self.shown() and self._stale:
            self.reload()

    def _changed(self, changes, _source=None) -> None:
        # What a period's readiness stands on: actuals, contracts, names, settings. A meeting's
        # notes, decisions and grades (review) or the value tree change none of it — and reading
        # the period again after each would block input while the meeting is being typed.
        if not (
            changes.actuals
            or changes.contract
            or changes.organisation
            or changes.settings
            or changes.dictionary
            or changes.structural
        ):
            return
        self._stale = True
        self._refresh_if_shown()

    def reload(self) -> None:
        """Read the chosen period (the default one on first showing) and show its groups. A
        large firm's period takes a few hundred milliseconds: read in the background, the
        newest reading asked for is the one shown."""
        code = self.page.choice.code() if self._chosen else None
        self._chosen = True
        self._stale = False
        self._reading += 1
        reading, document = self._reading, self.document

        def read() -> tuple[str, PeriodOverview]:
            period = code or default_period(document).code
            return period, overview(document, period)

        def shown(result: tuple[str, PeriodOverview]) -> None:
            if reading != self._reading:
                return  # a newer reading is on its way
            period, found = result
            self.page.choice.blockSignals(True)
            self.page.choice.set_code(period)
            self.page.choice.blockSignals(False)
            self.overview = found
            self.page.show_overview(found)  # lists the chosen group's lines

        self.window.background.run(_("Reading the period's actuals…"), read, shown)

    def _list_lines(self) -> None:
        key = self.page.current_group()
        if self.overview is None or key is None:
            self.lines.model.set_rows([])
            return
        states = self.lines.states()
        period = period_label(self.overview.period)
        if key[0] == "provider":
            rows = self.overview.lines(provider=key[1], states=states)
            name = self.page.groups.currentItem().text(0)
        elif key[0] == "unit":
            rows = self.overview.lines(unit_id=key[1], states=states)
            name = self.overview.units[key[1]].name
        else:
            rows = self.overview.lines(states=states)
            name = _("Every due line")
        self.lines.title.setText(
            # TRANSLATORS: the lines page's title: period · group · how many lines shown
            _("{period} · {group} · {count}").format(
                period=period,
                group=name,
                count=ngettext("{n} line", "{n} lines", len(rows)).format(n=len(rows)),
            )
        )
        self.lines.model.set_rows(rows)

    # templates ---------------------------------------------------------------------------------
    def write_missing_templates(self, folder: str | None = None) -> None:
        """One actuals template per provider still owing actuals for the period shown, into a
        folder asked for; the notice says how many files and lines were written."""
        if folder is None:
            folder = QFileDialog.getExistingDirectory(
                self.window, _("Write the templates into the folder…")
            )
        if not folder:
            return
        code = self.page.choice.code() if self._chosen else None
        service, lang, document = ExchangeService(self.document), i18n.language(), self.document

        def write() -> tuple[str, list[tuple[Path, int]]]:
            # Who still owes is read as the firm stands now, not as the overview last showed.
            period = code or default_period(document).code
            owing = overview(document, period).missing_providers()
            if not owing:
                return period, []
            return period, service.provider_templates(period, Path(folder), lang, owing)

        def written(result: tuple[str, list[tuple[Path, int]]]) -> None:
            period, files = result
            if not files:
                self.window.show_notice(
                    _(
                        "Every provider has delivered its actuals for {period}: no template "
                        "to write."
                    ).format(period=period_label(period))
                )
                return
            lines = sum(count for _path, count in files)
            self.window.show_notice(
                _("Wrote {files} to {folder}: {lines}.").format(
                    files=ngettext("{n} template", "{n} templates", len(files)).format(
                        n=len(files)
                    ),
                    folder=folder,
                    lines=ngettext("{n} line to fill", "{n} lines to fill", lines).format(
                        n=lines
                    ),
                )
            )

        def not_written(error: BaseException) -> bool:
            if not isinstance(error, OSError):
                return False
            self.window.show_error(
                _("The templates could not be written to {folder} ({reason}).").format(
                    folder=folder, reason=error.strerror or error
                )
            )
            return True

        self.window.background.run(
            _("Writing the actuals templates…"), write, written, not_written
        )

    def retranslate(self) -> None:
        window = self.window
        index = window.left.indexOf(self.page)
        # "Data" (is it in?): four left tabs must fit a laptop's narrow panel (test_tabs_fit).
        window.left.setTabText(index, pgettext("left tab", "Data"))
        window.left.setTabToolTip(index, _("Period overview: is the data in for the meeting?"))
        window.centre.setTabText(window.centre.indexOf(self.lines), _("Period lines"))
        self.show_action.setText(_("Period &overview"))
        self.templates_action.setText(_("Write &templates of the providers missing…"))
        self.page.retranslate()
        self.lines.retranslate()
        if self.overview is not None:
            self._list_lines()
