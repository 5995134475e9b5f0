"""The result notice (绩效考核结果通知书, seed 001 slide 65): one page per person of an official
period — firm, person, position, unit, the period as people read it, each KPI's weight, target,
actual and points, the total, the calibration grade and appraisal coefficient when the firm has
them, corrections since the results were made official, the appeal route as the firm's own
procedure states it, the lines where the person signs for receipt, and the audit chain's head.
Each notice is numbered on its own (page 1 of 1), its last page with the whole digest: each is
handed out alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table

from kpidesk.core.official import BASIS_WORDS, Correction, OfficialRow, grade_text
from kpidesk.core.period_text import kind_name
from kpidesk.core.periods import period_label
from kpidesk.i18n import gettext, pgettext

from .anchor import ChainHead
from .contract_pdf import long_date
from .fonts import cjk_font
from .layout import CONTENT_WIDTH, Page, SectionStart, Styles, build, number, table_style


@dataclass(frozen=True)
class NoticeLine:
    indicator: str
    unit: str  # of measure
    weight: float | None  # None: a deduction item
    target: Any  # the target that governed the period (None: the rule has none, e.g. a rating)
    actual: Any  # as stored: a number, a level label, a task's shortfalls
    points: float | None
    events: int = 0  # a deduction item's events in the period
    # Corrected since the results were made official: (actual or event count, points now);
    # the line shows both, the figure as made official first.
    corrected: tuple[Any, float | None] | None = None


@dataclass(frozen=True)
class Notice:
    """What one person's notice says (filled by ``services.results.ResultsFiles``)."""

    firm: str
    period: str
    row: OfficialRow  # the snapshot row as made official
    lines: tuple[NoticeLine, ...]
    reviewer: str
    made_at: datetime
    # (total, coefficient) since corrections, None when none touched the contract
    corrected: tuple[float | None, float | None] | None = None
    corrections: tuple[Correction, ...] = ()
    # A quarter or half built from its months (basis "months"): each month's total
    months: tuple[tuple[str, float | None], ...] = ()


def _actual_text(line: NoticeLine, actual: Any, _) -> str:
    if line.weight is None:
        return _("{count} deduction events").format(count=actual)
    if isinstance(actual, dict):  # a task's shortfalls
        return "; ".join(f"{k}={number(v)}" for k, v in actual.items() if v)
    return number(actual)


def _points_text(points: float | None) -> str:
    return "" if points is None else f"{points:.2f}"


def _actual(line: NoticeLine, _) -> str:
    made = _actual_text(line, line.events if line.weight is None else line.actual, _)
    if line.corrected is None:
        return made
    return f"{made} → {_actual_text(line, line.corrected[0], _)}"


def _points(line: NoticeLine) -> str:
    if line.corrected is None or line.weight is None:
        return _points_text(line.points)
    return f"{_points_text(line.points)} → {_points_text(line.corrected[1])}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _total(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _notice_story(notice: Notice, styles: Styles, lang: str) -> list:
    _ = lambda message: gettext(message, lang)  # noqa: E731
    row = notice.row
    period = period_label(notice.period, lang)
    story: list = [styles.para(_("Performance result notice"), styles.title)]
    widths = [w * CONTENT_WIDTH for w in (0.14, 0.36, 0.14, 0.36)]
    cell = styles.cell_text
    facts = [
        (_("Name"), row.person, _("Period"), period),
        (_("Department"), row.unit, _("Position"), row.position),
    ]
    table = Table([[cell(v, w) for v, w in zip(fact, widths)] for fact in facts], colWidths=widths)
    style = table_style(styles.font)
    style.add("BACKGROUND", (0, 0), (-1, -1), colors.white)  # no head row: the labels are
    for column in (0, 2):  # shaded like a table's heads
        style.add("BACKGROUND", (column, 0), (column, -1), colors.HexColor("#dde4ee"))
    table.setStyle(style)
    story += [table, Spacer(1, 4 * mm)]
    story.append(
        styles.para(
            _(
                "{person}: your performance results for {period} were reviewed by {reviewer} and made official on {date}. They are as follows."
            ).format(
                person=row.person,
                period=period,
                reviewer=notice.reviewer,
                date=long_date(notice.made_at.date(), lang),
            )
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(_lines_table(notice, styles, lang))
    story.append(Spacer(1, 3 * mm))
    story += _result(notice, styles, lang)
    story.append(Spacer(1, 4 * mm))
    story.append(
        styles.para(
            _(
                "If you disagree with the result, first talk it over with your direct superior; if you cannot settle it, take it to your indirect superior; if you still disagree, the human resources department investigates and reports back, and the performance management committee rules finally."
            )
        )
    )
    story.append(Spacer(1, 10 * mm))
    story.append(KeepTogether(_signatures(styles, _)))
    return story


def _lines_table(notice: Notice, styles: Styles, lang: str) -> Table:
    _ = lambda message: gettext(message, lang)  # noqa: E731
    # A total built from the months has no actuals of the period's own: no empty columns
    # that would read as data missing.
    scored = any(
        l.actual is not None or l.points is not None or l.events or l.corrected
        for l in notice.lines
    )
    shares = (0.34, 0.1, 0.1, 0.16, 0.16, 0.14) if scored else (0.5, 0.15, 0.15, 0.2)
    widths = [w * CONTENT_WIDTH for w in shares]
    header = (
        pgettext("printed table", "KPI", lang),
        _("Unit"),
        _("Weight"),
        pgettext("printed table", "Target", lang),
        _("Actual"),
        pgettext("printed table", "Points", lang),
    )[: len(shares)]
    rows = [[styles.cell_text(h, w) for h, w in zip(header, widths)]]
    for line in notice.lines:
        deduction = line.weight is None
        cells = (
            line.indicator,
            line.unit,
            "—" if deduction else f"{line.weight:g}%",
            "—" if deduction or line.target is None else number(line.target),
            _actual(line, _),
            _points(line),
        )[: len(shares)]
        rows.append([styles.cell_text(v, w) for v, w in zip(cells, widths)])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(styles.font))
    return table


def _result(notice: Notice, styles: Styles, lang: str) -> list:
    """The total, the grade and the coefficient — corrected ones first, with what was made
    official beside them — what a quarter's or a year's total stands on, and the corrections
    since."""
    _ = lambda message: gettext(message, lang)  # noqa: E731
    row = notice.row
    total, coefficient = _total(row.total), _percent(row.coefficient)
    if notice.corrected is not None:  # the figures now; those made official said below
        total, coefficient = _total(notice.corrected[0]), _percent(notice.corrected[1])
    story = [styles.para(_("Total: {total} of 100").format(total=total), styles.heading)]
    if row.grade:
        story.append(
            styles.para(_("Calibration grade: {grade}").format(grade=grade_text(row.grade, lang)))
        )
    if row.coefficient is not None or notice.corrected is not None:
        story.append(
            styles.para(_("Appraisal coefficient: {coefficient}").format(coefficient=coefficient))
        )
    if row.basis != "own":
        story.append(styles.para(_basis(notice, lang)))
    if notice.corrections:
        story.append(
            styles.para(
                _(
                    "As made official: total {total}, appraisal coefficient {coefficient}; corrected since as follows:"
                ).format(total=_total(row.total), coefficient=_percent(row.coefficient))
            )
        )
        for c in notice.corrections:
            story.append(
                styles.para(
                    _("{indicator}: {old} → {new} ({reason}, {date})").format(
                        indicator=c.indicator,
                        old=number(c.old),
                        new=number(c.new),
                        reason=c.reason,
                        date=long_date(c.at.date(), lang),
                    ),
                    styles.small,
                )
            )
    return story


def _basis(notice: Notice, lang: str) -> str:
    """What a quarter's, half's or year's total stands on, with its parts as people read
    them: each month's total, or each kind of period's part of the year."""
    _ = lambda message: gettext(message, lang)  # noqa: E731
    row = notice.row
    words = _(BASIS_WORDS.get(row.basis, row.basis))
    parts = [f"{period_label(code, lang)} {_total(total)}" for code, total in notice.months] + [
        f"{kind_name(kind, lang)} {_total(value)}" for kind, value in row.parts.items()
    ]
    if parts:
        words = _("{basis} ({parts})").format(basis=words, parts=_(", ").join(parts))
    return _("The total stands on {basis}.").format(basis=words)


def _signatures(styles: Styles, _) -> list:
    cells = [
        [
            styles.para(_("Received by (signature):")),
            styles.para(_("Human resources department (seal):")),
        ],
        ["", ""],
        [styles.para(_("Date:")), styles.para(_("Date:"))],
    ]
    table = Table(cells, colWidths=[CONTENT_WIDTH / 2] * 2, rowHeights=[None, 14 * mm, None])
    table.setStyle(
        [
            ("LINEBELOW", (0, 1), (-1, 1), 0.6, colors.black),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 18),
        ]
    )
    return [table]


def render_notices(
    notices: Sequence[Notice],
    out,
    lang: str,
    font_file: str | None = None,
    chain_head: ChainHead | None = None,
) -> None:
    """One page per notice (a long contract may take two), in the order given."""
    if not notices:
        raise ValueError("no notices to render")  # the service refuses before: a bug here
    font = cjk_font(font_file)
    styles = Styles(font)
    story: list = []
    for i, notice in enumerate(notices):
        if i:
            story += [PageBreak(), SectionStart()]  # each notice numbered on its own
        story += _notice_story(notice, styles, lang)
    first = notices[0]
    title = gettext("Performance result notice", lang)
    version = gettext("Official results of {period}", lang).format(
        period=period_label(first.period, lang)
    )
    build(
        out,
        Page(first.firm, title, version, lang, font, chain_head),
        story,
    )
