"""A position's score sheet for a period, and the review meeting's pack (one page per
department plus a summary table)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import LongTable, PageBreak, Spacer

from kpidesk.core.period_text import incomplete_text, months_result_lines, year_result_lines
from kpidesk.core.periods import period_label
from kpidesk.core.rule_text import describe_rule
from kpidesk.core.rules import line_completion
from kpidesk.i18n import gettext, pgettext

from .anchor import ChainHead
from .contract_pdf import contract_title
from .fonts import cjk_font
from .layout import CONTENT_WIDTH, Page, Styles, build, number, table_style


@dataclass
class ScoreSheet:
    """What one position scored in one period (filled by the printing service)."""

    contract: object  # core Contract
    period: str
    actuals: dict
    score: object  # core ContractScore
    coefficient: float
    events: list  # (day, kpi, count, note)
    missing: tuple = ()  # names of the lines due in the period still without an actual
    year: object = None  # core YearResult: for a year period, its §7 aggregation
    year_coefficient: float | None = None  # only when the aggregated year is complete
    from_months: object = None  # services MonthsResult: a quarter or half built from its months

    @property
    def complete(self) -> bool:
        """Every due line has its actual: only then are a total and coefficient printed."""
        return not self.missing


def _completion(line, actual) -> str:
    target = line.base if line.base is not None else line.rule.get("target")
    rate = line_completion(line.rule, actual, target)
    return "" if rate is None else f"{rate * 100:.1f}%"


def _sheet_story(sheet: ScoreSheet, styles: Styles, lang: str) -> list:
    _ = lambda message: gettext(message, lang)  # noqa: E731
    contract = sheet.contract
    story = [
        styles.para(
            _("{title} — score sheet {period}").format(
                title=contract_title(contract, lang), period=period_label(sheet.period, lang)
            ),
            styles.heading,
        )
    ]
    story.append(
        styles.para(
            _("Contractee: {contractee}   Issuer 1: {issuer1}").format(
                contractee=contract.contractee or "—", issuer1=contract.issuer1 or "—"
            )
        )
    )
    story.append(Spacer(1, 2 * mm))
    widths = [w * CONTENT_WIDTH for w in (0.26, 0.08, 0.1, 0.12, 0.1, 0.24, 0.1)]
    header = (
        _("KPI"),
        _("Weight"),
        pgettext("printed table", "Target", lang),
        _("Actual"),
        _("Completion"),
        _("Scoring rule"),
        pgettext("printed table", "Points", lang),
    )
    rows = [[styles.cell_text(h, w) for h, w in zip(header, widths)]]
    points = {p.key: p.points for p in sheet.score.lines}
    for line in contract.lines:
        if line.deduction:
            continue
        actual = sheet.actuals.get(line.id)
        shown = (
            "; ".join(f"{k}={number(v)}" for k, v in actual.items() if v)
            if isinstance(actual, dict)
            else number(actual)
        )
        target = line.base if line.base is not None else line.rule.get("target")
        cells = (
            line.indicator,
            f"{line.weight:g}",
            number(target),
            shown,
            _completion(line, actual),
            describe_rule(line.rule, line.weight, lang),
            "" if points.get(line.id) is None else f"{points[line.id]:.2f}",
        )
        rows.append([styles.cell_text(v, w) for v, w in zip(cells, widths)])
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(styles.font))
    story.append(table)
    if sheet.events:
        story.append(Spacer(1, 2 * mm))
        story.append(styles.para(_("Deduction events"), styles.heading))
        for day, kpi, count, note in sheet.events:
            story.append(styles.para(f"{day.isoformat()}  {kpi} ×{count}  {note}"))
    story.append(Spacer(1, 2 * mm))
    score = sheet.score
    if sheet.year is not None:  # the year: what the annual actuals say is only one part
        for line in year_result_lines(sheet.year, sheet.year_coefficient, lang):
            story.append(styles.para(line))
        return story
    if sheet.from_months is not None:  # as the panel and the year's aggregation count it
        built = sheet.from_months
        for line in months_result_lines(
            built.total, built.months, built.coefficient, built.own_missing, lang
        ):
            story.append(styles.para(line))
        return story
    if not sheet.complete:
        story.append(styles.para(incomplete_text(len(sheet.missing), lang)))
        story.append(
            styles.para(
                _("Without actuals: {lines}").format(lines=_(", ").join(sheet.missing))
            )
        )
        return story
    story.append(
        styles.para(
            _(
                "Total {total} of 100 (deductions {deductions}){veto} · appraisal coefficient {coefficient}%"
            ).format(
                total=f"{score.total:.2f}",
                deductions=f"{score.deduction_points:g}",
                veto=_(" — vetoed") if score.vetoed else "",
                coefficient=f"{sheet.coefficient * 100:.1f}",
            )
        )
    )
    return story


def _summary_state(sheet: ScoreSheet) -> tuple[bool, float | None]:
    """Whether the sheet's result is final, and its coefficient when it is."""
    if sheet.year is not None:
        return sheet.year.complete, sheet.year_coefficient
    if sheet.from_months is not None:
        return True, sheet.from_months.coefficient
    return sheet.complete, sheet.coefficient if sheet.complete else None


def _summary_total(sheet: ScoreSheet, lang: str) -> str:
    if sheet.year is not None:
        total = sheet.year.total
        if total is None:
            return gettext("incomplete", lang)
        provisional = "" if sheet.year.complete else " " + gettext("(provisional)", lang)
        return f"{total:.2f}{provisional}"
    if sheet.from_months is not None:
        return f"{sheet.from_months.total:.2f}"
    return f"{sheet.score.total:.2f}" if sheet.complete else gettext("incomplete", lang)


def render_score_sheet(
    sheet: ScoreSheet,
    firm: str,
    lang: str,
    out,
    font_file: str | None = None,
    chain_head: ChainHead | None = None,
) -> None:
    font = cjk_font(font_file)
    styles = Styles(font)
    title = gettext("Score sheet {period}", lang).format(period=period_label(sheet.period, lang))
    build(
        out,
        Page(
            firm,
            title,
            f"{sheet.contract.unit} {sheet.contract.position}",
            lang,
            font,
            chain_head,
        ),
        _sheet_story(sheet, styles, lang),
    )


def render_meeting_pack(
    sheets: list[ScoreSheet],
    firm: str,
    period: str,
    lang: str,
    out,
    font_file: str | None = None,
    chain_head: ChainHead | None = None,
) -> None:
    """Summary table first, then one page per department with its positions' score sheets."""
    _ = lambda message: gettext(message, lang)  # noqa: E731
    font = cjk_font(font_file)
    styles = Styles(font)
    title = _("Review meeting pack {period}").format(period=period_label(period, lang))
    story = [styles.para(title, styles.title)]
    widths = [w * CONTENT_WIDTH for w in (0.22, 0.26, 0.16, 0.12, 0.12, 0.12)]
    header = (
        _("Department"),
        _("Position"),
        _("Contractee"),
        _("Total"),
        _("Coefficient"),
        _("Complete"),
    )
    rows = [[styles.cell_text(h, w) for h, w in zip(header, widths)]]
    for sheet in sheets:
        c = sheet.contract
        complete, coefficient = _summary_state(sheet)
        cells = (
            c.unit,
            c.position,
            c.contractee or "—",
            _summary_total(sheet, lang),
            "—" if coefficient is None else f"{coefficient * 100:.1f}%",
            _("yes") if complete else _("no"),
        )
        rows.append([styles.cell_text(v, w) for v, w in zip(cells, widths)])
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(font))
    story.append(table)
    units: dict[str, list[ScoreSheet]] = {}
    for sheet in sheets:
        units.setdefault(sheet.contract.unit, []).append(sheet)
    for unit, unit_sheets in units.items():
        story.append(PageBreak())
        story.append(styles.para(unit, styles.title))
        for sheet in unit_sheets:
            story += _sheet_story(sheet, styles, lang)
            story.append(Spacer(1, 6 * mm))
    period_words = _("Period {period}").format(period=period_label(period, lang))
    build(out, Page(firm, title, period_words, lang, font, chain_head), story)
