"""The KPI dictionary's records: entries as ``core.dictionary.DictionaryEntry``, where each is
used (contract lines, value-tree nodes), and the writes of a dictionary edit. Every write goes
through ORM objects, so ``storage.audit`` records it and the seal on signed contracts holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kpidesk.core.dictionary import ENTRY_FIELDS, DictionaryEntry, LineUse, NodeUse, Usage
from kpidesk.core.problems import NotFoundError
from kpidesk.i18n import N_

from .audit import AuditRecord, default_actor
from .records import (
    ContractLineRecord,
    ContractRecord,
    IndicatorRecord,
    PositionRecord,
    TreeNodeRecord,
    ValueTreeRecord,
    YearRecord,
)


def _entry(record: IndicatorRecord) -> DictionaryEntry:
    return DictionaryEntry(
        id=record.id, **{name: getattr(record, name) for name in ENTRY_FIELDS}
    )


class DictionaryRepository:
    def __init__(self, session: Session):
        self.session = session

    def _record(self, entry_id: int) -> IndicatorRecord:
        record = self.session.get(IndicatorRecord, entry_id)
        if record is None:
            raise NotFoundError(N_("No KPI with id {id} in the dictionary."), id=entry_id)
        return record

    # reading ----------------------------------------------------------------------------------
    def entries(self) -> list[DictionaryEntry]:
        records = self.session.scalars(select(IndicatorRecord).order_by(IndicatorRecord.id))
        return [_entry(r) for r in records]

    def entry(self, entry_id: int) -> DictionaryEntry:
        return _entry(self._record(entry_id))

    def codes(self, except_id: int = 0) -> list[str]:
        return list(
            self.session.scalars(
                select(IndicatorRecord.code).where(IndicatorRecord.id != except_id)
            )
        )

    def names(self, except_id: int = 0) -> list[str]:
        return list(
            self.session.scalars(
                select(IndicatorRecord.name).where(IndicatorRecord.id != except_id)
            )
        )

    def usage(self, entry_id: int) -> Usage:
        """Every contract line (with its contract's position, year and status) and every tree
        node that points at the entry, in two queries."""
        lines = self.session.execute(
            select(
                ContractLineRecord.id,
                ContractRecord.id,
                PositionRecord.id,
                PositionRecord.name,
                YearRecord.year,
                ContractRecord.status,
            )
            .join(ContractRecord, ContractRecord.id == ContractLineRecord.contract_id)
            .join(PositionRecord, PositionRecord.id == ContractRecord.position_id)
            .join(YearRecord, YearRecord.id == ContractRecord.year_id)
            .where(ContractLineRecord.indicator_id == entry_id)
            .order_by(YearRecord.year, PositionRecord.name, ContractLineRecord.id)
        )
        nodes = self.session.execute(
            select(TreeNodeRecord.id, TreeNodeRecord.tree, ValueTreeRecord.name, TreeNodeRecord.label)
            .outerjoin(ValueTreeRecord, ValueTreeRecord.code == TreeNodeRecord.tree)
            .where(TreeNodeRecord.indicator_id == entry_id)
            .order_by(TreeNodeRecord.tree, TreeNodeRecord.sort, TreeNodeRecord.id)
        )
        return Usage(
            tuple(LineUse(*row) for row in lines),
            # The firm's one tree before trees had names ("main") is just "the value tree".
            tuple(
                NodeUse(node_id, name or ("" if tree == "main" else tree), label)
                for node_id, tree, name, label in nodes
            ),
        )

    def use_counts(self) -> dict[int, int]:
        """How many lines and nodes use each entry (entries nobody uses are absent)."""
        counts: dict[int, int] = {}
        for column in (ContractLineRecord.indicator_id, TreeNodeRecord.indicator_id):
            for indicator_id in self.session.scalars(select(column).where(column.is_not(None))):
                if indicator_id is not None:
                    counts[indicator_id] = counts.get(indicator_id, 0) + 1
        return counts

    # writing ----------------------------------------------------------------------------------
    def insert(self, entry: DictionaryEntry) -> int:
        """A new entry (with ``entry.id`` when it is given: an undone delete comes back as it
        was, so lines and nodes put back can point at it)."""
        record = IndicatorRecord(**entry.fields())
        if entry.id:
            record.id = entry.id
        self.session.add(record)
        self.session.flush()
        return record.id

    def update(self, entry_id: int, changes: dict[str, object]) -> dict[str, object]:
        """Set the given fields; the value is what they were."""
        record = self._record(entry_id)
        old = {name: getattr(record, name) for name in changes}
        for name, value in changes.items():
            setattr(record, name, value)
        self.session.flush()
        return old

    def delete(self, entry_id: int) -> DictionaryEntry:
        record = self._record(entry_id)
        entry = _entry(record)
        self.session.delete(record)
        self.session.flush()
        return entry

    def point_lines(self, indicators: dict[int, int]) -> None:
        """Each line (by id) to the entry given for it. A line's KPI is not among the fields
        the audit follows on every line edit (no other edit changes it), so the move writes
        its own audit rows: old and new entry of each line, in the same transaction."""
        moves = []
        for line_id, indicator_id in indicators.items():
            line = self.session.get(ContractLineRecord, line_id)
            if line is None:
                raise NotFoundError(N_("No contract line with id {id}."), id=line_id)
            if line.indicator_id != indicator_id:
                moves.append((line_id, line.indicator_id, indicator_id))
                line.indicator_id = indicator_id
        self.session.flush()
        if moves:
            who = self.session.info.get("actor") or default_actor()
            now = datetime.now().replace(microsecond=0)
            self.session.execute(
                insert(AuditRecord),
                [
                    {
                        "at": now,
                        "who": who,
                        "action": "update",
                        "entity": ContractLineRecord.__tablename__,
                        "entity_id": line_id,
                        "field": "indicator_id",
                        "old": old,
                        "new": new,
                    }
                    for line_id, old, new in moves
                ],
            )

    def point_nodes(self, indicators: dict[int, int | None]) -> None:
        for node_id, indicator_id in indicators.items():
            node = self.session.get(TreeNodeRecord, node_id)
            if node is None:
                raise NotFoundError(N_("No value-tree node with id {id}."), id=node_id)
            node.indicator_id = indicator_id
        self.session.flush()

    def label_nodes(self, labels: dict[int, str]) -> None:
        """Each node (by id) gets the label given for it (audited at flush, like every node
        edit)."""
        for node_id, label in labels.items():
            node = self.session.get(TreeNodeRecord, node_id)
            if node is None:
                raise NotFoundError(N_("No value-tree node with id {id}."), id=node_id)
            node.label = label
        self.session.flush()
