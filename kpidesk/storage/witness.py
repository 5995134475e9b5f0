"""The actuals table and the imports' witness (``bulk_actuals``) as numpy columns, for
``storage.tamper``: a year of 600,000 imported actuals is judged against the witness of the
imports that wrote them without a Python object per row. Held as dicts of rows and of
witnessed places, the two took 350 MB of a 600,000-actual firm's opening check; as columns a
tenth of that.

Plain data out (positions in the columns); ``tamper`` turns them into findings."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from .audit import AuditRecord
from .bulk_actuals import WITNESS
from .records import ActualRecord, ImportRecord

AUDIT = AuditRecord.__table__
ACTUALS = ActualRecord.__table__
NONE = -1  # an actual that names no import
_BATCH = 100_000  # rows read at a time: 600,000 result rows at once would be the peak


@dataclass(frozen=True)
class ActualColumns:
    """Every stored actual, in id order; ``texts``: position → value_text as stored (JSON
    text), for the few that hold one (a grade's level, a task's shortfalls)."""

    ids: np.ndarray
    lines: np.ndarray
    periods: np.ndarray
    imports: np.ndarray  # NONE where the actual names no import
    values: np.ndarray  # NaN where the value is empty
    texts: dict[int, str]

    def position(self, row_id: int) -> int | None:
        at = int(np.searchsorted(self.ids, row_id))
        return at if at < len(self.ids) and self.ids[at] == row_id else None


def read_actuals(session: Session) -> ActualColumns:
    statement = select(
        ACTUALS.c.id,
        ACTUALS.c.line_id,
        ACTUALS.c.period_id,
        ACTUALS.c.import_id,
        ACTUALS.c.value,
        cast(ACTUALS.c.value_text, Text),  # the JSON as stored, undecoded on every engine
    ).order_by(ACTUALS.c.id)
    result = session.connection().execute(statement.execution_options(yield_per=_BATCH))
    parts: list[list[np.ndarray]] = [[], [], [], [], []]
    texts: dict[int, str] = {}
    seen = 0
    for batch in result.partitions():
        row_ids, line_ids, period_ids, import_ids, values, raw = zip(*batch)
        parts[0].append(np.asarray(row_ids, dtype=np.int64))
        parts[1].append(np.asarray(line_ids, dtype=np.int64))
        parts[2].append(np.asarray(period_ids, dtype=np.int64))
        parts[3].append(np.asarray([NONE if i is None else i for i in import_ids], np.int64))
        parts[4].append(np.asarray(values, dtype=float))  # None reads as NaN
        texts.update(
            (seen + i, text) for i, text in enumerate(raw) if text is not None and text != "null"
        )
        seen += len(row_ids)
    ids, lines, periods, imports = (_joined(part, np.int64) for part in parts[:4])
    return ActualColumns(ids, lines, periods, imports, _joined(parts[4], float), texts)


@dataclass(frozen=True)
class WitnessColumns:
    """Every value an import's witness row holds, in the order the imports wrote them:
    ``numbers`` the numeric ones (NaN elsewhere), ``others`` position → any other value (a
    level, task shortfalls)."""

    imports: np.ndarray
    lines: np.ndarray
    periods: np.ndarray
    numeric: np.ndarray
    numbers: np.ndarray
    others: dict[int, object]

    @property
    def import_ids(self) -> np.ndarray:
        return np.unique(self.imports)

    def value(self, at: int) -> object:
        return float(self.numbers[at]) if self.numeric[at] else self.others.get(at)

    def lookup(self, imports: np.ndarray, lines: np.ndarray, periods: np.ndarray) -> np.ndarray:
        """For each (import, line, period) asked, the position of what that import's witness
        holds for the place (the last it wrote there), or -1."""
        if not len(self.imports) or not len(imports):
            return np.full(len(imports), -1, dtype=np.int64)
        mine, asked = _keys(
            [(self.imports, imports), (self.lines, lines), (self.periods, periods)]
        )
        order = np.argsort(mine, kind="stable")
        at = np.searchsorted(mine[order], asked, side="right") - 1  # the last of equal keys
        found = (at >= 0) & (mine[order][np.maximum(at, 0)] == asked)
        return np.where(found, order[np.maximum(at, 0)], -1)

    def missing(
        self,
        actuals: ActualColumns,
        deleted: Iterable[tuple[int, int]],
        alive_lines: Sequence[int],
    ) -> np.ndarray:
        """Positions of witnessed places with no actual at all, unless kpidesk deleted one
        there (``deleted``) or the line is gone; each place once, where first witnessed."""
        if not len(self.lines):
            return np.empty(0, dtype=np.int64)
        gone = np.asarray(list(deleted), dtype=np.int64).reshape(-1, 2)
        mine, stored, removed = _keys(
            [
                (self.lines, actuals.lines, gone[:, 0]),
                (self.periods, actuals.periods, gone[:, 1]),
            ]
        )
        absent = ~np.isin(mine, stored) & ~np.isin(mine, removed)
        absent &= np.isin(self.lines, np.asarray(alive_lines, dtype=np.int64))
        candidates = np.flatnonzero(absent)
        _, first = np.unique(mine[candidates], return_index=True)
        return candidates[np.sort(first)]


def read_witness(session: Session) -> WitnessColumns:
    rows = session.execute(
        select(AUDIT.c.entity_id, cast(AUDIT.c.new, Text)).where(
            AUDIT.c.entity == ImportRecord.__tablename__, AUDIT.c.action == WITNESS
        )
    )
    imports, lines, periods, numeric, numbers = [], [], [], [], []
    others: dict[int, object] = {}
    seen = 0
    for import_id, raw in rows:
        new = json.loads(raw)
        count = len(new["line"])
        imports.append(np.full(count, import_id, dtype=np.int64))
        lines.append(np.asarray(new["line"], dtype=np.int64))
        periods.append(np.asarray(new["period"], dtype=np.int64))
        values = new["value"]
        plain = np.fromiter((type(v) in (int, float) for v in values), bool, count)
        held = np.full(count, np.nan)
        held[plain] = np.asarray([v for v in values if type(v) in (int, float)], dtype=float)
        others.update((seen + i, values[i]) for i in np.flatnonzero(~plain).tolist())
        numeric.append(plain)
        numbers.append(held)
        seen += count
    return WitnessColumns(
        _joined(imports, np.int64),
        _joined(lines, np.int64),
        _joined(periods, np.int64),
        _joined(numeric, bool),
        _joined(numbers, float),
        others,
    )


def _joined(parts: list[np.ndarray], kind: type) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty(0, dtype=kind)


def _keys(components: list[tuple[np.ndarray, ...]]) -> list[np.ndarray]:
    """One int64 key per row of each group of arrays, equal exactly where every component is:
    ``components`` lists, per component (import, line, period …), its array in each group.
    Mixed-radix arithmetic over the values' ranges; if they are too wide for 63 bits (ids
    edited to absurd numbers), the rows are numbered by ``np.unique`` instead."""
    groups = len(components[0])
    sizes = [len(array) for array in components[0]]
    spans = []
    for arrays in components:
        present = [a for a in arrays if len(a)]
        low = min((int(a.min()) for a in present), default=0)
        high = max((int(a.max()) for a in present), default=0)
        spans.append((low, high - low + 1))
    total = 1
    for _, span in spans:
        total *= span
    if total < 2**62:
        keys = []
        for group in range(groups):
            key = np.zeros(sizes[group], dtype=np.int64)
            for arrays, (low, span) in zip(components, spans):
                key = key * span + (arrays[group] - low)
            keys.append(key)
        return keys
    rows = np.concatenate(
        [np.stack([arrays[g] for arrays in components], axis=1) for g in range(groups)]
    )
    _, codes = np.unique(rows, axis=0, return_inverse=True)
    codes = codes.reshape(-1)
    return list(np.split(codes.astype(np.int64), np.cumsum(sizes)[:-1]))
