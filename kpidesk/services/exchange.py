"""Spreadsheets: export a firm, make actuals templates, import (all or nothing)."""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Collection
from pathlib import Path

from kpidesk.core.periods import Period
from kpidesk.core.safe_names import file_name
from kpidesk.core.problems import joined
from kpidesk.exchange.columns import column_term
from kpidesk.exchange.roster import REQUIRED as ROSTER_REQUIRED
from kpidesk.exchange.reader import ENGINES, Sheet, read_workbook, sheet_problem
from kpidesk.exchange.memory import give_back_freed_memory
from kpidesk.exchange.problem_workbook import write_problem_workbook
from kpidesk.exchange.writer import write_export, write_template
from kpidesk.i18n import N_
from kpidesk.storage.document import Document
from kpidesk.storage.bulk_actuals import Origin
from kpidesk.storage.exchange_repo import ExchangeRepository

from .collector import collector_paused
from .firm import FirmService
from .period_overview import NothingDue, template_rows
from .importer import REQUIRED_FOR_ACTUALS, ImportRejected, ImportReport, Importer, _DryRun
from .roster_import import import_roster, is_roster

__all__ = ["ExchangeService", "ImportRejected", "ImportReport", "NothingDue"]


class ExchangeService:
    def __init__(self, document: Document):
        self.document = document
        self.firm = FirmService(document)
        # A preview's reading, kept for the import that usually follows it: (SHA-256 of the
        # file, engine, what was read). Used once, and only for the same bytes.
        self._previewed: tuple | None = None

    # out ------------------------------------------------------------------------------------
    def export(self, path: Path, lang: str) -> None:
        with self.document.reading() as session:
            repo = ExchangeRepository(session)
            tables = {
                "units": repo.units(),
                "employees": repo.employees(),
                "positions": repo.positions(),
                "dictionary": repo.dictionary(),
                "contracts": repo.contracts(),
                "lines": repo.lines(),
                "actuals": repo.actuals(),
                "deduction_events": repo.deduction_events(),
                "value_tree": repo.value_tree(),
                "categories": repo.categories(),
                "periods": repo.periods(),
                "settings": repo.settings(),
            }
        contracts = self.firm.contracts()
        kpis = {row["kpi_code"]: row["kpi"] for row in tables["dictionary"]}
        positions = {row["position_code"]: row["position"] for row in tables["positions"]}
        for row in tables["actuals"]:
            row["position"], row["kpi"] = (
                positions.get(row["position_code"]),
                kpis.get(row["kpi_code"]),
            )
        tables["scores"] = self._scores(contracts)
        write_export(tables, Path(path), lang)

    def _scores(self, contracts) -> list[dict]:
        codes = {p.id: p.code for ps in self.firm.all_positions().values() for p in ps}
        rows = []
        for contract in contracts:
            for period in self.firm.periods(contract.year):
                scored = self.firm.score(contract.id, period)
                if scored.actuals:
                    rows.append(
                        dict(
                            position=contract.position,
                            contractee=contract.contractee,
                            position_code=codes.get(contract.position_id),
                            period=period,
                            total=round(scored.score.total, 4),
                            deductions=scored.score.deduction_points,
                            # no coefficient while a due actual is missing (§7, issue 9)
                            coefficient=round(scored.coefficient, 6) if scored.complete else None,
                            complete=scored.complete,
                        )
                    )
        return rows

    def template(
        self,
        period: str,
        path: Path,
        lang: str,
        providers: Collection[str] | None = None,
    ) -> int:
        """The actuals template for ``period``: the lines due in it by their cycle (a monthly
        template carries no quarterly line), of the data ``providers`` named (a line's
        ``data_source``, "" for lines that name none; None: every provider). Committee-rated
        lines are left out (the review meeting gives their actuals). Returns how many lines it
        asks for; raises ``NothingDue`` rather than write an empty workbook."""
        rows = template_rows(self.document, period, providers)
        if not rows:
            raise NothingDue(
                N_("nothing is due in {period}: no template was written"),
                period=Period.parse(period).code,
            )
        write_template(rows, Period.parse(period).code, Path(path), lang)
        return sum(len(r) for r in rows.values())

    def provider_templates(
        self, period: str, folder: Path, lang: str, providers: Collection[str]
    ) -> list[tuple[Path, int]]:
        """One actuals template per provider in ``providers`` (its file named after it, made
        safe), each listing the provider's lines due in ``period``: (file, lines) written."""
        rows = template_rows(self.document, period, providers)
        code = Period.parse(period).code
        written = []
        taken: set[str] = set()
        for provider, lines in sorted(rows.items()):
            path = Path(folder) / _unique_file(provider, code, taken)
            write_template({provider: lines}, code, path, lang)
            written.append((path, len(lines)))
        return written

    @staticmethod
    def problem_workbook(source: Path, problems: list, out: Path, lang: str) -> int:
        """A refused import's problems as a workbook for the provider (see
        ``exchange.problem_workbook``); returns how many of their rows it marks."""
        return write_problem_workbook(Path(source), list(problems), Path(out), lang)

    # in -------------------------------------------------------------------------------------
    def import_workbook(
        self, path: Path, engine: str = "calamine", dry_run: bool = False
    ) -> ImportReport:
        """Import everything the workbook holds, or nothing: every problem is collected (sheet,
        row, column) before anything is written, and any problem rolls the whole import back.
        ``dry_run`` does all of it and rolls back anyway: the preview of what an import would do."""
        if engine not in ENGINES:
            raise ValueError(engine)
        try:
            with collector_paused():
                return self._read_and_import(Path(path), engine, dry_run)
        finally:
            give_back_freed_memory()  # what the import made and dropped: the next starts lean

    def _read_and_import(self, path: Path, engine: str, dry_run: bool) -> ImportReport:
        report = ImportReport()
        clock = _Clock(report.seconds)
        previewed, self._previewed = self._previewed, None
        # the very bytes just previewed, or None
        just_read = previewed[2] if previewed and previewed[:2] == (_sha256(path), engine) else None
        del previewed
        with ThreadPoolExecutor(max_workers=1) as pool:
            if just_read is not None:
                kept = just_read
                reading = pool.submit(lambda: kept)
            else:
                reading = pool.submit(read_workbook, path, engine)
            digest = _sha256(path)  # while the workbook is parsed (hashing releases the GIL)
            try:
                with self.document.transaction() as session:
                    origin = Origin(self.document.actor, path.name, digest)
                    importer = Importer(session, origin, report)
                    sheets, problems = reading.result()
                    del reading  # ``sheets`` alone holds what was read
                    just_read = kept = None
                    # The lines once the workbook is read, not while: calamine's peak memory
                    # (a sheet held twice over for a moment) is the import's, and the reading
                    # of 50,000 lines would add to it what it leaves scattered.
                    importer.load_lines()
                    if dry_run and digest:
                        self._previewed = (digest, engine, (sheets, problems))
                    clock("read")
                    if not problems and not sheets:
                        problems = [
                            sheet_problem(
                                path.name,
                                None,
                                None,
                                N_(
                                    "no sheet has kpidesk columns: a sheet of actuals needs the "
                                    "columns {actuals}; a roster needs {roster} (see the export "
                                    "or the templates)"
                                ),
                                **_layouts(),
                            )
                        ]
                    if problems:
                        raise ImportRejected(problems)
                    self._import(importer, sheets, session)
                    clock("checked")
                    importer.write()
                    if dry_run:
                        raise _DryRun()
                    # Written: what was read goes before the commit seals the audit log (which
                    # reads the import's witness of every value back whole).
                    sheets = []
                    importer.pending_actuals.clear()
            except _DryRun:
                pass
        clock("written")
        return report

    @staticmethod
    def _import(importer: Importer, sheets: list[Sheet], session) -> None:
        structure = (
            "units",
            "employees",
            "positions",
            "dictionary",
            "categories",
            "settings",
            "value_tree",
            "contracts",
            "lines",
            "periods",
        )
        rosters = [sheet for sheet in sheets if is_roster(sheet)]
        for sheet in rosters:  # first: the people and positions other sheets may name
            import_roster(importer, sheet)
        for kind in structure:
            for sheet in sheets:
                if sheet.kind == kind:
                    getattr(importer, kind)(sheet)
        if any(sheet.kind in structure for sheet in sheets):
            importer.finish_contracts()  # imported contracts take their status
            session.flush()
            importer.load_lines()  # with the contracts and lines just added
        read_any = any(sheet.kind in structure for sheet in sheets) or bool(rosters)
        for sheet in sheets:
            missing = [k for k in REQUIRED_FOR_ACTUALS if k not in sheet.columns]
            if any(sheet is roster for roster in rosters):
                continue
            if sheet.kind in (None, "actuals") and not missing:
                importer.actuals(sheet)
                read_any = True
            elif sheet.kind == "actuals":  # named as actuals, but no row of it can be placed
                importer.problem(
                    sheet,
                    None,
                    None,
                    N_("the sheet lacks the column {columns}: none of its rows can be read"),
                    columns=joined([column_term(k) for k in missing]),
                )
                read_any = True
            elif sheet.kind == "deduction_events":
                importer.events(sheet)
                read_any = True
        if not read_any and sheets:  # never "no problems" for a workbook nothing was read from
            importer.problem(
                sheets[0],
                None,
                None,
                N_(
                    "no sheet of this workbook is one kpidesk imports: a sheet of actuals needs "
                    "the columns {actuals}; a roster needs {roster}"
                ),
                **_layouts(),
            )
        importer.finish()
        if importer.problems:
            raise ImportRejected(importer.problems)  # rolls the transaction back


def _layouts() -> dict[str, object]:
    """The columns of the two layouts kpidesk reads from a workbook it did not write: actuals
    (a data provider's template) and HR's roster."""
    return {
        "actuals": joined([column_term(k) for k in REQUIRED_FOR_ACTUALS]),
        "roster": joined([column_term(k) for k in ROSTER_REQUIRED]),
    }


class _Clock:
    """Seconds spent in each step of an import, for the report (and the benchmark)."""

    def __init__(self, seconds: dict[str, float]):
        self.seconds, self.last = seconds, time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step], self.last = now - self.last, now


def _sha256(path: Path) -> str:
    """The file's digest, recorded with the import; an unreadable file is reported by the
    reader, which names what is wrong."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def _unique_file(provider: str, code: str, taken: set[str]) -> str:
    """The provider's template file name, safe on every system (``core.safe_names``); two
    providers whose names clean to the same file name get a number."""
    found, number = file_name([provider, code], ".xlsx"), 1
    while found.casefold() in taken:
        number += 1
        found = file_name([f"{provider} ({number})", code], ".xlsx")
    taken.add(found.casefold())
    return found
