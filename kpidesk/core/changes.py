"""What an operation changed, so each panel refreshes only what it shows (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    organisation: bool = False
    value_tree: bool = False
    contract: int | None = None  # a contract's parties, status or lines
    actuals: int | None = None  # the contract whose actuals or deductions changed

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            self.organisation or other.organisation,
            self.value_tree or other.value_tree,
            self.contract or other.contract,
            self.actuals or other.actuals,
        )
