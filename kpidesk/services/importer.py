"""Importing a workbook inside one transaction: structure first (units, people, positions,
KPIs, contracts, lines), then actuals and deduction events resolved to their contract lines.
Every problem is collected; any problem rolls the whole transaction back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from kpidesk.core.contracts import content_hash
from kpidesk.core.entry import parse_actual
from kpidesk.core.locks import official_refusal
from kpidesk.core.lifecycle import LIFECYCLE
from kpidesk.core.rules import is_deduction, validate_rule
from kpidesk.exchange import actuals as bulk_actuals
from kpidesk.exchange import lines as located_lines
from kpidesk.exchange.cells import RULE_LIMIT, CellError, blank, day, flag, json_value, number, text
from kpidesk.exchange.columns import column_title
from kpidesk.core.problems import KpideskError, Problem
from kpidesk.exchange.reader import Sheet, sheet_problem
from kpidesk.i18n import N_, gettext, ngettext
from kpidesk.storage.bulk_actuals import ActualColumns, Origin
from kpidesk.storage.official_lock import locked_periods
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.dictionary_repo import DictionaryRepository
from kpidesk.storage.exchange_repo import ExchangeRepository
from kpidesk.storage.firm_repo import FirmRepository

from .import_design import DesignSheets
from .import_dictionary import FIELD_COLUMNS, sealed_refusal


REQUIRED_FOR_ACTUALS = ("position_code", "period", "actual")
# A KPI's direction as the export writes it (the code) or as a Chinese sheet says it.
DIRECTIONS = {
    "higher": "higher",
    "lower": "lower",
    gettext("higher is better", "zh_CN"): "higher",
    gettext("lower is better", "zh_CN"): "lower",
}


class _DryRun(Exception):
    """Raised at the end of a preview so its transaction rolls back."""


class ImportRejected(KpideskError):
    """The workbook has problems (each located by sheet, row and column); nothing was written.
    ``str()`` is the summary line; ``problems`` are the details."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)

    def summary(self, lang: str | None = None) -> str:
        count = len(self.problems)
        return ngettext(
            "{count} problem; nothing was imported",
            "{count} problems; nothing was imported",
            count,
            lang,
        ).format(count=count)

    def __str__(self) -> str:
        return self.summary()


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    actuals_inserted: int = 0
    actuals_updated: int = 0
    actuals_unchanged: int = 0
    roster: dict[str, int] | None = None  # what a roster sheet changes (core.roster counts)
    seconds: dict[str, float] = field(default_factory=dict)  # read, checked, written


class Importer(DesignSheets):
    """Checks and applies one workbook inside one transaction."""

    def __init__(self, session, origin: Origin, report: ImportReport):
        self.session, self.origin, self.report = session, origin, report
        self.firm_repo = FirmRepository(session)
        self.contract_repo = ContractRepository(session)
        self.repo = ExchangeRepository(session)
        self.dictionary_repo = DictionaryRepository(session)
        self.problems: list[Problem] = []
        self.pending_actuals: list[bulk_actuals.Resolved] = []
        self.pending_events: list[dict] = []
        self.lookups: located_lines.Lookups | None = None  # once the structure sheets are in
        self.new_contracts: dict[tuple[str, int], int] = {}
        self.signed_hashes: dict[int, tuple[str, Sheet, int]] = {}
        self.created_years: set[int] = set()
        self.to_close: list[str] = []

    def problem(
        self,
        sheet: Sheet,
        row: int | None,
        key: str | None,
        message: str | Problem | Exception,
        /,
        **params: object,
    ) -> None:
        """``message``: a template marked ``N_`` with its ``params``, or the Problem of an
        error; rendered when the import dialog or the CLI shows it."""
        column = sheet.where(key) if key and key in sheet.columns else None
        if isinstance(message, Exception) and not isinstance(message, KpideskError):
            message = str(message)  # a JSON cell json cannot read: its own words
        self.problems.append(sheet_problem(sheet.title, row, column, message, **params))

    def need(self, sheet: Sheet, *keys: str) -> bool:
        missing = [k for k in keys if k not in sheet.columns]
        for key in missing:
            names = column_title(key, "zh_CN") + " / " + column_title(key, "en")
            self.problems.append(
                sheet_problem(
                    sheet.title, None, None, N_("the column '{column}' is missing"), column=names
                )
            )
        return not missing

    def _count(self, what: str) -> None:
        self.report.created[what] = self.report.created.get(what, 0) + 1

    # structure --------------------------------------------------------------------------------
    def units(self, sheet: Sheet) -> None:
        if not self.need(sheet, "unit_code", "unit"):
            return
        known = self.repo.codes("units")
        for row, cells in sheet.rows:
            code, name = text(sheet.get(cells, "unit_code")), text(sheet.get(cells, "unit"))
            parent = text(sheet.get(cells, "parent_code")) or None
            if not code or not name:
                self.problem(
                    sheet,
                    row,
                    "unit_code" if not code else "unit",
                    N_("a unit needs a code and a name"),
                )
                continue
            if parent and parent not in known:
                self.problem(sheet, row, "parent_code", N_("unknown unit '{code}'"), code=parent)
                continue
            if code not in known:
                known[code] = self.firm_repo.add_unit(
                    code, name, text(sheet.get(cells, "kind")) or "department", parent
                )
                self._count("units")

    def employees(self, sheet: Sheet) -> None:
        if not self.need(sheet, "employee_code", "employee"):
            return
        known = self.repo.codes("employees")
        for row, cells in sheet.rows:
            code, name = text(sheet.get(cells, "employee_code")), text(sheet.get(cells, "employee"))
            if not code or not name:
                self.problem(sheet, row, "employee_code", N_("an employee needs a code and a name"))
            elif code not in known:
                known[code] = self.firm_repo.add_employee(code, name)
                self._count("employees")

    def positions(self, sheet: Sheet) -> None:
        if not self.need(sheet, "position_code", "position", "unit_code"):
            return
        known, units = self.repo.codes("positions"), self.repo.codes("units")
        people = self.repo.codes("employees")
        later = []
        for row, cells in sheet.rows:
            code, name, unit = (
                text(sheet.get(cells, k)) for k in ("position_code", "position", "unit_code")
            )
            if not code or not name:
                self.problem(sheet, row, "position_code", N_("a position needs a code and a name"))
                continue
            if unit not in units:
                self.problem(sheet, row, "unit_code", N_("unknown unit '{code}'"), code=unit)
                continue
            holder = text(sheet.get(cells, "holder_code"))
            if holder and holder not in people:
                self.problem(
                    sheet, row, "holder_code", N_("unknown employee '{code}'"), code=holder
                )
                continue
            if code in known:
                continue
            try:
                since = day(sheet.get(cells, "valid_from"))
            except CellError as exc:
                self.problem(sheet, row, "valid_from", exc)
                continue
            known[code] = self.firm_repo.add_position(
                code,
                unit,
                name,
                employee_class=text(sheet.get(cells, "employee_class")) or "management",
            )
            self._count("positions")
            later.append((row, code, text(sheet.get(cells, "reports_to")), holder, since))
        for row, code, boss, holder, since in later:
            if boss:
                if boss not in known:
                    self.problem(
                        sheet, row, "reports_to", N_("unknown position '{code}'"), code=boss
                    )
                    continue
                self.repo.set_reports_to(known[code], known[boss])
            if holder:
                self.firm_repo.assign(holder, code, since or date(1900, 1, 1))

    def dictionary(self, sheet: Sheet) -> None:
        if not self.need(sheet, "kpi_code", "kpi", "category"):
            return
        known = self.repo.codes("indicators")
        for row, cells in sheet.rows:
            code, name = text(sheet.get(cells, "kpi_code")), text(sheet.get(cells, "kpi"))
            if not code or not name:
                self.problem(sheet, row, "kpi_code", N_("a KPI needs a code and a name"))
                continue
            direction = DIRECTIONS.get(text(sheet.get(cells, "direction")) or "higher")
            if direction is None:
                self.problem(sheet, row, "direction", N_("direction must be 'higher' or 'lower'"))
                continue
            try:
                fields = dict(
                    name=name,
                    name_en=text(sheet.get(cells, "kpi_en")),
                    definition=text(sheet.get(cells, "definition")),
                    formula=text(sheet.get(cells, "formula")),
                    unit=text(sheet.get(cells, "unit_of_measure")),
                    direction=direction,
                    category=text(sheet.get(cells, "category")),
                    quantitative=flag(sheet.get(cells, "quantitative"))
                    if "quantitative" in sheet.columns
                    else True,
                    data_source=text(sheet.get(cells, "data_source")),
                    cycle=text(sheet.get(cells, "cycle")) or "month",
                    monitoring=flag(sheet.get(cells, "monitoring"))
                    if "monitoring" in sheet.columns
                    else False,
                )
            except CellError as exc:
                self.problem(sheet, row, None, exc)
                continue
            if code in known:
                # An optional column the sheet lacks leaves the entry's field as it is (a sheet
                # without a direction column must not turn a lower-is-better KPI around).
                fields = {
                    name: value
                    for name, value in fields.items()
                    if name in ("name", "category") or FIELD_COLUMNS[name] in sheet.columns
                }
                refusal = sealed_refusal(self.dictionary_repo, known[code], code, fields)
                if refusal is not None:
                    self.problem(sheet, row, "kpi", refusal)
                    continue
                self.repo.update_indicator(known[code], fields)
            else:
                known[code] = self.firm_repo.add_indicator(
                    code, fields.pop("name"), fields.pop("category"), **fields
                )
                self._count("indicators")

    def contracts(self, sheet: Sheet) -> None:
        if not self.need(sheet, "position_code", "year"):
            return
        positions = self.repo.codes("positions")
        people = self.repo.codes("employees")
        years = self.repo.years()
        for row, cells in sheet.rows:
            code = text(sheet.get(cells, "position_code"))
            try:
                year = int(number(sheet.get(cells, "year")))
                start, end, signed = (
                    day(sheet.get(cells, k)) for k in ("valid_from", "valid_to", "signed_on")
                )
            except CellError as exc:
                self.problem(sheet, row, "year", exc)
                continue
            if code not in positions:
                self.problem(
                    sheet, row, "position_code", N_("unknown position '{code}'"), code=code
                )
                continue
            bad = [
                k
                for k in ("contractee_code", "issuer1_code", "issuer2_code")
                if text(sheet.get(cells, k)) and text(sheet.get(cells, k)) not in people
            ]
            if bad:
                self.problem(
                    sheet,
                    row,
                    bad[0],
                    N_("unknown employee '{code}'"),
                    code=text(sheet.get(cells, bad[0])),
                )
                continue
            if year not in years:
                self.firm_repo.add_year(year)
                years.add(year)
                self.created_years.add(year)
            if self.contract_repo.contract_for(positions[code], year) is not None:
                continue  # already here: lines are compared, not replaced
            contract_id = self.contract_repo.add_contract(
                code,
                year,
                contractee=text(sheet.get(cells, "contractee_code")) or None,
                issuer1=text(sheet.get(cells, "issuer1_code")) or None,
                issuer2=text(sheet.get(cells, "issuer2_code")) or None,
                valid_from=start,
                valid_to=end,
            )
            self.new_contracts[(code, year)] = contract_id
            status = text(sheet.get(cells, "status")) or "draft"
            self.signed_hashes[contract_id] = (
                status,
                signed,
                text(sheet.get(cells, "content_hash")),
                sheet,
                row,
            )
            self._count("contracts")

    def lines(self, sheet: Sheet) -> None:
        if not self.need(sheet, "position_code", "year", "kpi_code", "weight", "rule"):
            return
        kpis = self.repo.codes("indicators")
        existing = self.lookups  # the lines as they were before this import
        for row, cells in sheet.rows:
            code, kpi = text(sheet.get(cells, "position_code")), text(sheet.get(cells, "kpi_code"))
            try:
                year = int(number(sheet.get(cells, "year")))
                weight = number(sheet.get(cells, "weight"))
                targets = {
                    k: None if blank(sheet.get(cells, k)) else number(sheet.get(cells, k))
                    for k in ("minimum", "base", "challenge")
                }
            except KpideskError as exc:
                self.problem(sheet, row, None, exc)
                continue
            try:
                rule = json_value(sheet.get(cells, "rule"), RULE_LIMIT)
                validate_rule(rule, weight)
            except KpideskError as exc:
                self.problem(sheet, row, "rule", exc)
                continue
            if kpi not in kpis:
                self.problem(sheet, row, "kpi_code", N_("unknown KPI '{code}'"), code=kpi)
                continue
            contract_id = self.new_contracts.get((code, year))
            if contract_id is None:
                line_no = int(number(sheet.get(cells, "line_no") or 0))
                if not existing.has_line(code, year, line_no):
                    self.problem(
                        sheet,
                        row,
                        "position_code",
                        N_("no contract of {code} for {year} to add lines to"),
                        code=code,
                        year=year,
                    )
                continue  # lines of contracts already in the document stay as they are
            self.contract_repo.add_line(
                contract_id,
                kpi,
                category=text(sheet.get(cells, "category")),
                weight=weight,
                rule=rule,
                unit=text(sheet.get(cells, "unit_of_measure")),
                target_note=text(sheet.get(cells, "target_note")),
                data_source=text(sheet.get(cells, "data_source")),
                cycle=text(sheet.get(cells, "cycle")) or "month",
                **targets,
            )

    def finish_contracts(self) -> None:
        """Imported contracts take their status; a signed one must hash to what was signed."""
        for contract_id, (status, signed, expected, sheet, row) in self.signed_hashes.items():
            path = LIFECYCLE.path_to(status) if LIFECYCLE.is_status(status) else None
            if path is None:
                self.problem(sheet, row, "status", N_("unknown status '{status}'"), status=status)
                continue
            for step in path:
                self.contract_repo.set_status(contract_id, step, on=signed, as_recorded=True)
            if LIFECYCLE.is_sealed(status) and expected:
                actual = content_hash(self.contract_repo.contract(contract_id).signed_content())
                if actual != expected:
                    self.problem(
                        sheet,
                        row,
                        "content_hash",
                        N_(
                            "the contract's lines differ from what was signed (content hash does not match)"
                        ),
                    )
        self.signed_hashes = {}

    # actuals ------------------------------------------------------------------------------------
    def load_lines(self) -> None:
        """The contract lines and periods rows of actuals and events are matched against."""
        self.lookups = located_lines.lookups(self.repo.line_table(), self.repo.period_index())

    def events(self, sheet: Sheet) -> None:
        report = located_lines.Reporter(sheet)
        found = located_lines.locate(sheet, self.lookups, report, ("occurred_on", "count", "note"))
        self.problems += report.problems
        known = self.repo.event_keys()
        new = []
        for row, line, period_id, occurred, count, note in zip(
            found.rows.tolist(),
            found.lines.tolist(),
            found.period_ids.tolist(),
            found.cells("occurred_on"),
            found.cells("count"),
            found.cells("note"),
        ):
            try:
                occurred, count = day(occurred), int(number(count or 1))
            except CellError as exc:
                self.problem(sheet, row, "occurred_on", exc)
                continue
            key = (int(self.lookups.line_ids[line]), period_id, occurred, count, text(note))
            if not is_deduction(self.lookups.rules[line]):
                self.problem(
                    sheet, row, "kpi_code", N_("events are recorded for deduction items only")
                )
            elif occurred is None:
                self.problem(sheet, row, "occurred_on", N_("an event needs its date"))
            elif period_id in locked_periods(self.session):
                self._refuse_official(sheet, "count", [(row, period_id)])
            elif key not in known:
                known.add(key)
                new.append(dict(zip(("line_id", "period_id", "occurred_on", "count", "note"), key)))
        self.pending_events += new

    def actuals(self, sheet: Sheet) -> None:
        resolved, problems = bulk_actuals.resolve(sheet, self.lookups, parse_actual)
        self.problems += problems
        if len(resolved.rows) and locked_periods(self.session):
            rows = zip(resolved.rows.tolist(), resolved.period_ids.tolist())
            self._refuse_official(sheet, "actual", rows)
        self.pending_actuals.append(resolved)

    def _refuse_official(self, sheet: Sheet, key: str, rows) -> None:
        """Rows of a period whose results are official are refused, each named (bulk writes
        bypass the flush hook that guards single edits): a correction goes through Review ›
        Correct an official result… with its reason."""
        official = locked_periods(self.session)
        if not official:
            return
        for row, period_id in rows:
            if period_id in official:
                code, reviewer, at = official[period_id]
                self.problem(sheet, row, key, official_refusal(code, reviewer, at))

    def finish(self) -> None:
        """The checks that need every sheet: actuals given on two sheets."""
        self.problems += bulk_actuals.across_sheets(self.pending_actuals)

    def write(self) -> None:
        batches = self.pending_actuals
        columns = ActualColumns(
            *(
                _joined([getattr(batch, name) for batch in batches])
                for name in ("line_ids", "period_ids", "values", "texts", "sources")
            )
        )
        inserted, updated = self.repo.upsert_actuals(columns, self.origin)
        self.repo.add_events(self.pending_events)
        for code in self.to_close:
            self.repo.close_period(code)
        self.report.actuals_inserted, self.report.actuals_updated = inserted, updated
        self.report.actuals_unchanged = len(columns) - inserted - updated


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    """One column of every sheet's actuals (the one sheet's own array, not a copy)."""
    if len(arrays) == 1:
        return arrays[0]
    return np.concatenate(arrays) if arrays else np.empty(0, dtype=object)
