"""Checking a sheet of actuals in bulk: every row resolved to its contract line and period,
every value parsed, every problem named, without a Python loop over the rows that are fine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpidesk.core.entry import FULL_WIDTH as _FULL_WIDTH
from kpidesk.core.entry import NUMBER as _NUMBER
from kpidesk.i18n import _

from .cells import CellError, text
from .reader import Problem, Sheet

KEYS = ("position_code", "kpi_code", "line_no", "period", "actual", "source")
_PERIOD = r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$"


@dataclass
class Lookups:
    lines: pd.DataFrame  # position_code, year, line_no, line_id, kpi_code, kind, status, rule
    periods: pd.DataFrame  # period, period_id, year, closed


def _kinds(cells: np.ndarray) -> np.ndarray:
    return np.fromiter((type(v) is str for v in cells), bool, len(cells))


def _text(series: pd.Series) -> pd.Series:
    """Cells as trimmed text with numpy string operations, not a Python call per cell; empty
    cells read "", and a code typed as the number 1001 reads "1001"."""
    cells = series.to_numpy(dtype=object)
    is_str = _kinds(cells)
    out = np.empty(len(cells), dtype=object)
    out[is_str] = np.char.strip(cells[is_str].astype(str)) if is_str.any() else []
    others = np.flatnonzero(~is_str)
    if len(others):
        numbers = pd.to_numeric(pd.Series(cells[others]), errors="coerce").to_numpy(dtype=float)
        whole = np.isfinite(numbers) & (numbers == np.floor(numbers))
        out[others[whole]] = numbers[whole].astype(np.int64).astype(str)
        for i in others[~whole]:  # fractions, empties, dates: few in a column of codes
            out[i] = text(cells[i])
    return pd.Series(out, index=series.index, dtype=object)


def _blank(series: pd.Series) -> pd.Series:
    cells = series.to_numpy(dtype=object)
    is_str = _kinds(cells)
    out = pd.isna(cells)
    if is_str.any():
        out[is_str] = np.char.strip(cells[is_str].astype(str)) == ""
    return pd.Series(out, index=series.index)


def resolve(
    sheet: Sheet, lookups: Lookups, value_of
) -> tuple[list[dict], list[Problem], pd.DataFrame]:
    """Rows ready to upsert, the problems, and the resolved frame (for duplicate checks across
    sheets). ``value_of(rule, raw)`` parses the actual of a grade or task line."""
    frame = sheet.frame(KEYS)
    problems: list[Problem] = []

    def report(mask: pd.Series, key: str, message) -> None:
        for row, values in frame[mask].iterrows():
            text_ = message(values) if callable(message) else message
            column = sheet.where(key) if key in sheet.columns else None
            problems.append(Problem(sheet.title, int(row), column, text_))

    present = [key for key in KEYS if key in sheet.columns]
    blank_row = (frame[present].to_numpy(dtype=object) == "").all(axis=1)  # "" is an empty cell
    frame = frame[~blank_row]
    codes = _text(frame["period"]).str.upper()
    bad_period = ~codes.str.match(_PERIOD)
    report(
        bad_period,
        "period",
        lambda r: _("'{code}' is not a period code (use 2003-01, 2003-Q1, 2003-H1 or 2003)").format(
            code=text(r["period"])
        ),
    )
    frame = frame[~bad_period].assign(period=codes[~bad_period])
    frame = (
        frame.reset_index(names="row")
        .merge(lookups.periods, on="period", how="left")
        .set_index("row")
    )
    unknown_period = frame["period_id"].isna()
    report(
        unknown_period,
        "period",
        lambda r: _("period {period} is not in any assessment year of this firm").format(
            period=r["period"]
        ),
    )
    frame = frame[~unknown_period]

    frame["position_code"] = _text(frame["position_code"])
    frame["kpi_code"] = _text(frame["kpi_code"])
    frame["year"] = frame["year"].astype("int64")
    line_no = pd.to_numeric(frame["line_no"].where(~_blank(frame["line_no"])), errors="coerce")
    missing = line_no.isna()
    if missing.any():  # no line number: the KPI names the line, if it is there once
        unique = lookups.lines.drop_duplicates(
            ["position_code", "year", "kpi_code_line"], keep=False
        )
        guess = (
            frame.loc[missing, ["position_code", "year", "kpi_code"]]
            .reset_index()
            .merge(
                unique.rename(columns={"kpi_code_line": "kpi_code"})[
                    ["position_code", "year", "kpi_code", "line_no"]
                ],
                on=["position_code", "year", "kpi_code"],
                how="left",
            )
            .set_index("row")["line_no"]
        )
        line_no[missing] = guess.reindex(line_no[missing].index)
    frame["line_no"] = line_no.fillna(-1).astype("int64")
    frame = (
        frame.reset_index()
        .merge(lookups.lines, on=["position_code", "year", "line_no"], how="left")
        .set_index("row")
    )
    no_line = frame["line_id"].isna() | (
        (frame["kpi_code"] != "") & (frame["kpi_code"] != frame["kpi_code_line"])
    )
    report(
        no_line,
        "kpi_code" if "kpi_code" in sheet.columns else "position_code",
        lambda r: _("no line '{kpi}' in a {year} contract of position '{code}'").format(
            kpi=r["kpi_code"], year=r["year"], code=r["position_code"]
        ),
    )
    frame = frame[~no_line]
    frame = frame[~_blank(frame["actual"])]  # not reported (yet): nothing to write
    closed = frame["closed"].astype(bool) | (frame["status"] == "closed")
    report(
        closed,
        "period",
        lambda r: _("{period} is closed: its actuals cannot change").format(period=r["period"]),
    )
    frame = frame[~closed]
    frame["line_id"] = frame["line_id"].astype("int64")
    frame["period_id"] = frame["period_id"].astype("int64")
    duplicate = frame.duplicated(["line_id", "period_id"], keep="first")
    if duplicate.any():
        first = frame[~duplicate].reset_index().set_index(["line_id", "period_id"])["row"]
        report(
            duplicate,
            "actual",
            lambda r: _("the same line and period as row {row}").format(
                row=first[(r["line_id"], r["period_id"])]
            ),
        )
        frame = frame[~duplicate]

    numeric = frame["kind"].isin(["polyline", "linear", "proportional"])
    values = pd.Series(np.nan, index=frame.index)
    raw = frame.loc[numeric, "actual"]
    is_number = raw.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    values[is_number[is_number].index] = raw[is_number].astype(float)
    typed = raw[~is_number].map(lambda v: str(v).translate(_FULL_WIDTH).strip())
    good = typed.str.match(_NUMBER)
    values[good[good].index] = (
        typed[good].str.replace(",", "", regex=False).str.rstrip("%").astype(float)
    )
    bad_number = pd.Series(False, index=frame.index)
    bad_number[good[~good].index] = True
    bad_number |= numeric & values.isin([np.inf, -np.inf])
    report(
        bad_number,
        "actual",
        lambda r: _("'{text}' is {error}").format(text=text(r["actual"]), error=_("not a number")),
    )
    frame["value"] = values
    texts: dict[int, object] = {}
    for row, values_ in frame[~numeric].iterrows():  # grade labels and task shortfalls: few
        try:
            texts[row] = value_of(values_["rule"], values_["actual"])
        except CellError as exc:
            column = sheet.where("actual") if "actual" in sheet.columns else None
            problems.append(Problem(sheet.title, int(row), column, str(exc)))
    if problems:
        return [], sorted(problems, key=lambda p: (p.row or 0, p.column or "")), frame
    sources = _text(frame["source"])
    rows = [
        dict(
            line_id=line_id,
            period_id=period_id,
            value=None if not is_numeric else float(value),
            value_text=texts.get(row) if not is_numeric else None,
            source=source,
        )
        for row, line_id, period_id, value, is_numeric, source in zip(
            frame.index, frame["line_id"], frame["period_id"], frame["value"], numeric, sources
        )
    ]
    return rows, [], frame


def lookups(line_index: dict, period_index: dict) -> Lookups:
    lines = pd.DataFrame(
        [
            (
                pos,
                year,
                no,
                info["line_id"],
                info["kpi_code"],
                info["rule"].get("kind"),
                info["status"],
                info["rule"],
            )
            for (pos, year, no), info in line_index.items()
        ],
        columns=[
            "position_code",
            "year",
            "line_no",
            "line_id",
            "kpi_code_line",
            "kind",
            "status",
            "rule",
        ],
    )
    periods = pd.DataFrame(
        [(code, info["id"], info["year"], info["closed"]) for code, info in period_index.items()],
        columns=["period", "period_id", "year", "closed"],
    )
    return Lookups(lines, periods)
