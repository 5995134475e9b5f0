"""Domain objects as plain dataclasses: what storage hands up and the UI, CLI and reports read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from .rule_kinds import is_deduction


@dataclass(frozen=True)
class Unit:
    id: int
    parent_id: int | None
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class Position:
    id: int
    unit_id: int
    code: str
    name: str
    holder: str | None = None
    contract_id: int | None = None
    contract_status: str | None = None


@dataclass(frozen=True)
class Person:
    """Someone in the firm who can sign a contract, with the position they hold on a date."""

    id: int
    code: str
    name: str
    position: str = ""
    unit: str = ""
    position_id: int | None = None


@dataclass(frozen=True)
class Indicator:
    id: int
    code: str
    name: str
    name_en: str
    unit: str
    direction: str
    category: str
    definition: str = ""
    formula: str = ""
    quantitative: bool = True
    data_source: str = ""
    cycle: str = "month"
    monitoring: bool = False


# The fields of a contract line a user edits, in the order the contract editor shows them.
LINE_FIELDS = (
    "indicator",
    "category",
    "weight",
    "unit",
    "minimum",
    "base",
    "challenge",
    "target_note",
    "rule",
    "data_source",
    "cycle",
)


@dataclass(frozen=True)
class ContractLine:
    id: int
    indicator_code: str
    indicator: str
    category: str
    weight: float
    unit: str
    minimum: float | None
    base: float | None
    challenge: float | None
    target_note: str
    rule: dict[str, Any]
    data_source: str = ""
    cycle: str = "month"

    @cached_property
    def deduction(self) -> bool:
        # Asked for every line of every period read (50,000 lines in a large firm): once each.
        return is_deduction(self.rule)


@dataclass(frozen=True)
class Contract:
    id: int
    year: int
    unit: str
    position: str
    position_id: int
    contractee: str | None
    issuer1: str | None
    issuer2: str | None
    valid_from: date
    valid_to: date
    status: str
    signed_on: date | None
    content_hash: str | None
    lines: tuple[ContractLine, ...] = field(default=())
    version: int = 1
    # Contractee, issuer 1, issuer 2 with the position each holds on the signing date (or the
    # first day of validity before signing); None where the party is not chosen.
    parties: tuple[Person | None, Person | None, Person | None] = (None, None, None)

    @property
    def weight_total(self) -> float:
        return sum(line.weight for line in self.lines if not line.deduction)

    def signed_content(self) -> dict[str, Any]:
        """The agreed content the signing hash covers (parties, validity, every line)."""
        return {
            "position": self.position,
            "unit": self.unit,
            "year": self.year,
            "contractee": self.contractee,
            "issuer1": self.issuer1,
            "issuer2": self.issuer2,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat(),
            "lines": [
                {
                    "indicator": l.indicator_code,
                    "category": l.category,
                    "weight": l.weight,
                    "unit": l.unit,
                    "minimum": l.minimum,
                    "base": l.base,
                    "challenge": l.challenge,
                    "target_note": l.target_note,
                    "rule": l.rule,
                }
                for l in self.lines
            ],
        }
