"""Printing: gathers what a document shows and hands it to ``kpidesk.reports``."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from collections.abc import Callable

from kpidesk.core import safe_names
from kpidesk.core.lifecycle import LIFECYCLE
from kpidesk.core.periods import Period
from kpidesk.core.problems import NotFoundError
from kpidesk.i18n import N_
from kpidesk.reports.anchor import ChainHead
from kpidesk.reports.contract_pdf import ContractPrint, render_contract
from kpidesk.reports.fonts import font_problem
from kpidesk.reports.score_pdf import ScoreSheet, render_meeting_pack, render_score_sheet
from kpidesk.storage import audit_chain
from kpidesk.storage.document import Document

from .firm import FirmService

__all__ = ["PrintCancelled", "PrintService", "chain_head", "file_name", "font_problem"]


def _render(data: ContractPrint, path: Path) -> None:  # runs in a worker process
    render_contract(data, path)


class PrintCancelled(Exception):
    pass


def file_name(*parts) -> str:
    """A PDF's file name from its parts, safe on Windows, macOS and Linux (``core.safe_names``,
    the one rule for names)."""
    return safe_names.file_name(parts, ".pdf")


def chain_head(document: Document) -> ChainHead | None:
    """The audit chain's head now — what paper printed now anchors (None: nothing audited)."""
    with document.reading() as session:
        found = audit_chain.head(session)
    return None if found is None else ChainHead(*found)


class PrintService:
    def __init__(self, document: Document, font: str | None = None):
        """``font``: a font file the user picked (see ``reports.fonts.font_problem``); without
        it, the first embeddable system face."""
        self.firm = FirmService(document)
        self.font = font
        self._furniture: tuple[str, dict] | None = None
        self._head: tuple[ChainHead | None] | None = None  # read once, then (head,)

    def _firm_and_categories(self) -> tuple[str, dict[str, tuple[str, str]]]:
        # Read once per print run: a batch of a thousand contracts shares them.
        if self._furniture is None:
            self._furniture = (
                self.firm.name,
                {c.code: (c.name_zh, c.name_en) for c in self.firm.categories()},
            )
        return self._furniture

    @property
    def chain_head(self) -> ChainHead | None:
        """The audit chain's head, read once per print run: a batch of a thousand contracts,
        or contracts with their score sheets and the meeting pack, prints one anchor."""
        if self._head is None:
            self._head = (chain_head(self.firm.document),)
        return self._head[0]

    def contract_print(
        self, contract_id: int, lang: str = "zh_CN", period: str | None = None
    ) -> ContractPrint:
        """Everything a printed contract shows, gathered from the document."""
        contract = self.firm.contract(contract_id)
        actuals, score, complete = {}, None, True
        if period:
            scored = self.firm.score(contract_id, period)
            # The targets that governed the period, with the scores they gave.
            contract, actuals, score = scored.contract, scored.actuals, scored.score
            complete = scored.complete
        firm, categories = self._firm_and_categories()
        return ContractPrint(
            contract,
            firm,
            categories,
            period,
            actuals,
            score,
            lang,
            self.font,
            complete,
            self.chain_head,
        )

    def contract(
        self, contract_id: int, out, lang: str = "zh_CN", period: str | None = None
    ) -> None:
        render_contract(self.contract_print(contract_id, lang, period), out)

    def contracts_of_unit(self, unit: str | None) -> list[int]:
        """Contracts of the unit's positions and of its sub-units' (all contracts if None)."""
        units = self.firm.units()
        if unit is None:
            chosen = {u.id for u in units}
        else:
            roots = [u.id for u in units if u.name == unit or u.code == unit]
            if not roots:
                raise NotFoundError(N_("There is no unit called {unit}."), unit=unit)
            chosen, frontier = set(roots), list(roots)
            while frontier:
                parent = frontier.pop()
                children = [u.id for u in units if u.parent_id == parent]
                chosen.update(children)
                frontier += children
        positions = self.firm.all_positions()
        return [
            p.contract_id
            for u in units
            if u.id in chosen
            for p in positions.get(u.id, [])
            if p.contract_id is not None
        ]

    def print_contracts(
        self,
        out_dir: Path,
        unit: str | None = None,
        lang: str = "zh_CN",
        period: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        workers: int | None = None,
    ) -> list[Path]:
        """One PDF per contract, laid out on every core: the document is read here, the pages
        are rendered in worker processes. Stops between files when ``cancelled()`` says so."""
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        jobs = []
        for contract_id in self.contracts_of_unit(unit):
            data = self.contract_print(contract_id, lang, period)
            c = data.contract
            jobs.append((data, out_dir / file_name(c.unit, c.position, c.year)))
        order = [path for _data, path in jobs]
        written: list[Path] = []
        workers = workers or os.cpu_count() or 1
        if workers == 1 or len(jobs) < 4:  # a pool is not worth starting for a handful
            for data, path in jobs:
                if cancelled():
                    raise PrintCancelled(written)
                render_contract(data, path)
                written.append(path)
                if progress:
                    progress(len(written), len(jobs))
            return written
        if cancelled():
            raise PrintCancelled(written)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            pending = {pool.submit(_render, data, path): path for data, path in jobs}
            for future in as_completed(pending):
                future.result()
                written.append(pending[future])
                if progress:
                    progress(len(written), len(jobs))
                if cancelled():
                    for other in pending:
                        other.cancel()
                    raise PrintCancelled(sorted(written, key=order.index))
        return sorted(written, key=order.index)

    def score_sheet(self, contract_id: int, period: str) -> ScoreSheet:
        scored = self.firm.score(contract_id, period)
        names = {l.id: l.indicator for l in scored.contract.lines}
        events = [
            (day, names.get(line_id, ""), count, note)
            for _id, line_id, day, count, note in self.firm.deduction_events(contract_id, period)
        ]
        return ScoreSheet(
            scored.contract,
            period,
            scored.actuals,
            scored.score,
            scored.coefficient,
            events,
            tuple(line.indicator for line in scored.missing),
            *self._year(contract_id, period),
            from_months=None if scored.complete else self.firm.months_result(contract_id, period),
        )

    def _year(self, contract_id: int, period: str) -> tuple:
        """For a year period, its §7 aggregation and coefficient (else nothing)."""
        if Period.parse(period).kind != "year":
            return ()
        year = self.firm.year_score(contract_id, Period.parse(period).year)
        return year.result, year.coefficient

    def print_score_sheet(self, contract_id: int, period: str, out, lang: str = "zh_CN") -> None:
        render_score_sheet(
            self.score_sheet(contract_id, period),
            self.firm.name,
            lang,
            out,
            self.font,
            self.chain_head,
        )

    def print_meeting_pack(self, period: str, out, lang: str = "zh_CN") -> None:
        sheets = [
            self.score_sheet(c.id, period)
            for c in self.firm.contracts()
            if LIFECYCLE.is_sealed(c.status)
        ]
        render_meeting_pack(sheets, self.firm.name, period, lang, out, self.font, self.chain_head)
