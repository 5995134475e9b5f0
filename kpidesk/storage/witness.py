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
from .bulk_actuals import _BATCH, WITNESS, _joined
from .records import ActualRecord, ImportRecord

AUDIT = AuditRecord.__table__
ACTUALS = ActualRecord.__table__
NONE = -1  # an actual that names no import


@dataclass(frozen=True)
class ActualColumns:
    """Every stored actual, in id order; ``texts``: position → value_text as stored (JSON
    text), for the few that hold one (a grade's level, a task's shortfalls); ``odd``: position
    → {column: what it holds} where a raw edit stored what no id or number is (text, a
    fraction: SQLite keeps it), the columns holding 0 or NaN there."""

    ids: np.ndarray
    lines: np.ndarray
    periods: np.ndarray
    imports: np.ndarray  # NONE where the actual names no import
    values: np.ndarray  # NaN where the value is empty
    texts: dict[int, str]
    odd: dict[int, dict[str, object]]

    def position(self, row_id: int) -> int | None:
        at = int(np.searchsorted(self.ids, row_id))
        return at if at < len(self.ids) and self.ids[at] == row_id else None

    def plain(self, *columns: str) -> np.ndarray:
        """Which rows hold whole ids and numbers in ``columns`` (all of them by default)."""
        mask = np.ones(len(self.ids), dtype=bool)
        mask[[p for p, held in self.odd.items() if not columns or set(held) & set(columns)]] = False
        return mask


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
    odd: dict[int, dict[str, object]] = {}
    seen = 0
    for batch in result.partitions():
        row_ids, line_ids, period_ids, import_ids, values, raw = zip(*batch)
        parts[0].append(np.asarray(row_ids, dtype=np.int64))
        parts[1].append(_whole(line_ids, "line_id", seen, odd))
        parts[2].append(_whole(period_ids, "period_id", seen, odd))
        parts[3].append(_whole(import_ids, "import_id", seen, odd, empty=NONE))
        parts[4].append(_numbers(values, seen, odd))
        texts.update(
            (seen + i, text) for i, text in enumerate(raw) if text is not None and text != "null"
        )
        seen += len(row_ids)
    ids, lines, periods, imports = (_joined(part, np.int64) for part in parts[:4])
    return ActualColumns(ids, lines, periods, imports, _joined(parts[4], float), texts, odd)


def _whole(
    values: Sequence, name: str, seen: int, odd: dict, empty: int | None = None
) -> np.ndarray:
    """A batch's ids as int64 (``empty`` for NULL where allowed); anything else is noted in
    ``odd`` and held as 0 (numpy would cut 5.5 to 5 without a word)."""
    if all(type(v) is int for v in values):
        return np.asarray(values, dtype=np.int64)
    held = np.zeros(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        if type(value) is int:
            held[i] = value
        elif value is None and empty is not None:
            held[i] = empty
        else:
            odd.setdefault(seen + i, {})[name] = value
    return held


def _numbers(values: Sequence, seen: int, odd: dict) -> np.ndarray:
    """A batch's values as float64, NaN for NULL; text or a blob is noted in ``odd``."""
    if all(v is None or type(v) in (int, float) for v in values):
        return np.asarray(values, dtype=float)  # None reads as NaN
    held = np.full(len(values), np.nan)
    for i, value in enumerate(values):
        if type(value) in (int, float):
            held[i] = value
        elif value is not None:
            odd.setdefault(seen + i, {})["value"] = value
    return held


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
    import_ids: np.ndarray  # every import with a witness row (an empty one too)
    written_at: dict[int, int]  # import id → the audit id of its (last) witness row

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
        there (``deleted``) or the line is gone; each place once: what the first import to
        witness it wrote there last."""
        if not len(self.lines):
            return np.empty(0, dtype=np.int64)
        gone = np.asarray(list(deleted), dtype=np.int64).reshape(-1, 2)
        plain = actuals.plain("line_id", "period_id")  # 5.5 as a period: no witnessed place
        mine, stored, removed = _keys(
            [
                (self.lines, actuals.lines[plain], gone[:, 0]),
                (self.periods, actuals.periods[plain], gone[:, 1]),
            ]
        )
        absent = ~np.isin(mine, stored) & ~np.isin(mine, removed)
        absent &= np.isin(self.lines, np.asarray(alive_lines, dtype=np.int64))
        candidates = np.flatnonzero(absent)
        _, first = np.unique(mine[candidates], return_index=True)
        chosen = candidates[np.sort(first)]
        # Where the first import to witness a place wrote it, with the value it wrote last.
        return self.lookup(self.imports[chosen], self.lines[chosen], self.periods[chosen])


def read_witness(session: Session) -> WitnessColumns:
    rows = session.execute(
        select(AUDIT.c.id, AUDIT.c.entity_id, cast(AUDIT.c.new, Text))
        .where(AUDIT.c.entity == ImportRecord.__tablename__, AUDIT.c.action == WITNESS)
        .order_by(AUDIT.c.id)
    )
    imports, lines, periods, numeric, numbers = [], [], [], [], []
    others: dict[int, object] = {}
    written_at: dict[int, int] = {}
    seen = 0
    for audit_id, import_id, raw in rows:
        written_at[import_id] = audit_id
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
        np.asarray(sorted(written_at), dtype=np.int64),
        written_at,
    )


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
