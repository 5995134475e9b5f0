"""Reading and scoring a firm: what the main window and ``kpidesk info`` show."""

from __future__ import annotations

from dataclasses import dataclass

from kpidesk.core.contracts import ContractScore, LineInput, score_contract
from kpidesk.core.model import Contract, Position, Unit
from kpidesk.core.pay import appraisal_coefficient
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.document import Document
from kpidesk.storage.firm_repo import FirmRepository

from .checks import CheckReport, check_document


@dataclass(frozen=True)
class PeriodScore:
    contract: Contract
    period: str
    actuals: dict[int, object]
    score: ContractScore
    coefficient: float


class FirmService:
    def __init__(self, document: Document):
        self.document = document

    @property
    def name(self) -> str:
        with self.document.reading() as session:
            return FirmRepository(session).setting("firm_name", self.document.name)

    @property
    def current_year(self) -> int:
        with self.document.reading() as session:
            return int(FirmRepository(session).setting("current_year", 2003))

    def units(self) -> list[Unit]:
        with self.document.reading() as session:
            return FirmRepository(session).units()

    def positions(self, unit_id: int, year: int | None = None) -> list[Position]:
        year = year or self.current_year
        with self.document.reading() as session:
            return FirmRepository(session).positions(unit_id, year)

    def contract(self, contract_id: int) -> Contract:
        with self.document.reading() as session:
            return ContractRepository(session).contract(contract_id)

    def contracts(self) -> list[Contract]:
        with self.document.reading() as session:
            repo = ContractRepository(session)
            return [repo.contract(i) for i in repo.contract_ids()]

    def periods(self, year: int | None = None) -> list[str]:
        with self.document.reading() as session:
            return FirmRepository(session).periods(year or self.current_year)

    def score(self, contract_id: int, period: str) -> PeriodScore:
        with self.document.reading() as session:
            repo = ContractRepository(session)
            contract = repo.contract(contract_id)
            actuals = repo.actuals(contract_id, period)
            events = repo.deduction_counts(contract_id, period)
            breakpoints = FirmRepository(session).setting("pay_breakpoints")
        lines = [LineInput(l.rule, l.weight, actuals.get(l.id), l.id)
                 for l in contract.lines if not l.deduction]
        deductions = [(l.rule, events.get(l.id, 0)) for l in contract.lines if l.deduction]
        result = score_contract(lines, deductions)
        return PeriodScore(contract, period, actuals, result,
                           appraisal_coefficient(result.total, breakpoints))

    def info(self) -> dict:
        with self.document.reading() as session:
            counts = FirmRepository(session).counts()
        return {
            "schema_version": self.document.revision(),
            **counts,
            "contract_list": [
                {"id": c.id, "unit": c.unit, "position": c.position, "contractee": c.contractee,
                 "status": c.status, "weight_total": c.weight_total}
                for c in self.contracts()
            ],
        }

    def check(self) -> CheckReport:
        return check_document(self.document)
