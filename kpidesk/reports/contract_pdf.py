"""A performance contract as METHOD.md §8 prints it: title, parties, validity and signing date,
the KPI table grouped by category, deduction items, signature lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, LongTable, Spacer, Table

from kpidesk.core.contracts import ContractScore
from kpidesk.core.model import Contract
from kpidesk.core.periods import period_label
from kpidesk.core.rule_text import explain_rule
from kpidesk.core.rules import TARGET_LEVELS, levels_unused
from kpidesk.i18n import gettext, pgettext

from .anchor import ChainHead
from .fonts import cjk_font
from .layout import CONTENT_WIDTH, Page, Styles, build, number, table_style

# 指标类型 | KPI | 权重 | 单位 | 目标完成值 | 评分规则 | 实际完成值 | 绩效分值  (mm, sums to 180)
COLUMNS_MM = (20, 34, 12, 14, 30, 40, 15, 15)


@dataclass
class ContractPrint:
    contract: Contract
    firm: str
    categories: dict[str, tuple[str, str]]  # code → (zh, en)
    period: str | None = None
    actuals: dict[int, object] = field(default_factory=dict)
    score: ContractScore | None = None
    lang: str = "zh_CN"
    font: str | None = None  # the user's font file, if they picked one
    complete: bool = True  # every line due in ``period`` has its actual: the total is final
    chain_head: ChainHead | None = None  # the audit chain's head, printed in the footer


def contract_title(contract: Contract, lang: str) -> str:
    """§8's title, "<unit> <position> 绩效合同(协议)" in Chinese."""
    return gettext("{unit} {position} performance contract (agreement)", lang).format(
        unit=contract.unit, position=contract.position
    )


def long_date(day, lang: str) -> str:
    if day is None:
        return "__________"
    # TRANSLATORS: a date written out; Chinese drops the leading zeros (2003年1月5日)
    return gettext("{year}-{month:02}-{day:02}", lang).format(
        year=day.year, month=day.month, day=day.day
    )


def _targets(line, _) -> str:
    levels = [
        (_("Minimum"), line.minimum),
        (_("Base"), line.base),
        (_("Challenge"), line.challenge),
    ]
    # A level the rule kind never scores with is not a target of this contract: not printed.
    unused = levels_unused(line.rule.get("kind"), line.minimum, line.base, line.challenge)
    levels = [level for level, key in zip(levels, TARGET_LEVELS) if key not in unused]
    text = "\n".join(f"{name} {number(value)}" for name, value in levels if value is not None)
    if line.target_note:
        text = (text + "\n" if text else "") + line.target_note
    return text


def render_contract(data: ContractPrint, out) -> None:
    contract, lang = data.contract, data.lang
    _ = lambda message: gettext(message, lang)  # noqa: E731
    font = cjk_font(data.font)
    styles = Styles(font)
    title = contract_title(contract, lang)
    version = _("Contract {id} · version {version} · {status}{hash}").format(
        id=contract.id,
        version=contract.version,
        status=_(contract.status),
        hash=f" · {contract.content_hash[:12]}" if contract.content_hash else "",
    )
    page = Page(data.firm, title, version, lang, font, data.chain_head)
    story = [styles.para(title, styles.title)]

    story += [_party_table(contract, styles, _, lang), Spacer(1, 3 * mm)]
    if data.period:
        story.append(
            styles.para(
                _("Actuals and points for period {period}").format(
                    period=period_label(data.period, lang)
                )
            )
        )
    story.append(Spacer(1, 3 * mm))
    story.append(_kpi_table(data, styles, _))
    story.append(Spacer(1, 10 * mm))
    story.append(KeepTogether(_signatures(styles, _)))
    build(out, page, story)


def _party_table(contract: Contract, styles: Styles, _, lang: str) -> Table:
    """Who signs, each with position and department, then the signing date and validity —
    the head of a 绩效合同 (§8)."""
    contractee, issuer1, issuer2 = contract.parties
    parties = [
        # Each person's own position and unit on the signing date: a contractee who holds
        # another post is printed as such, not as the contract's position.
        (
            _("Contractee"),
            contract.contractee,
            contractee.position if contractee else contract.position,
            contractee.unit if contractee else contract.unit,
        ),
        (
            _("Issuer 1"),
            contract.issuer1,
            issuer1.position if issuer1 else "",
            issuer1.unit if issuer1 else "",
        ),
        (
            _("Issuer 2"),
            contract.issuer2,
            issuer2.position if issuer2 else "",
            issuer2.unit if issuer2 else "",
        ),
    ]
    widths = [w * CONTENT_WIDTH for w in (0.16, 0.24, 0.32, 0.28)]
    cell = lambda text, width: styles.cell_text(text or "", width)  # noqa: E731
    rows = [[cell(h, w) for h, w in zip((_("Party"), _("Name"), _("Post"), _("Dept.")), widths)]]
    for role, name, position, unit in parties:
        rows.append([cell(v, w) for v, w in zip((role, name, position, unit), widths)])
    rows.append(
        [
            cell(_("Date of signing"), widths[0]),
            cell(long_date(contract.signed_on, lang), widths[1]),
            cell(_("Term of validity"), widths[2]),
            cell(
                _("{start} to {end}").format(
                    start=long_date(contract.valid_from, lang),
                    end=long_date(contract.valid_to, lang),
                ),
                widths[3],
            ),
        ]
    )
    table = Table(rows, colWidths=widths)
    table.setStyle(table_style(styles.font))
    return table


def _kpi_table(data: ContractPrint, styles: Styles, _) -> LongTable:
    widths = [w * mm for w in COLUMNS_MM]
    # The printed table's heads as METHOD §8 names them: 关键绩效指标(KPI), 目标完成值, 绩效分值.
    header = [
        _("Category"),
        pgettext("printed table", "KPI", data.lang),
        _("Weight"),
        _("Unit"),
        pgettext("printed table", "Target", data.lang),
        _("Scoring rule"),
        _("Actual"),
        pgettext("printed table", "Points", data.lang),
    ]
    rows = [[styles.cell_text(h, w) for h, w in zip(header, widths)]]
    style = table_style(styles.font)
    points = {p.key: p.points for p in data.score.lines} if data.score else {}
    order = list(data.categories) + sorted(
        {l.category for l in data.contract.lines} - set(data.categories)
    )
    for code in order:
        lines = [l for l in data.contract.lines if l.category == code]
        if not lines:
            continue
        names = data.categories.get(code, (code, code))
        category = names[0] if data.lang == "zh_CN" else names[1]
        for i, line in enumerate(lines):
            actual = data.actuals.get(line.id)
            if isinstance(actual, dict):
                actual = "; ".join(f"{k}={number(v)}" for k, v in actual.items() if v)
            cells = (
                category if i == 0 else "",
                line.indicator,
                "—" if line.deduction else f"{line.weight:g}%",
                line.unit,
                "" if line.deduction else _targets(line, _),
                explain_rule(line.rule, line.weight, data.lang),
                number(actual),
                "" if points.get(line.id) is None else f"{points[line.id]:.2f}",
            )
            rows.append([styles.cell_text(v, w) for v, w in zip(cells, widths)])
    total_weight = f"{data.contract.weight_total:g}%"
    total_points = (
        "" if not data.score else f"{data.score.total:.2f}" if data.complete else _("incomplete")
    )
    rows.append(
        [
            styles.cell_text(_("Total"), widths[0]),
            "",
            styles.cell_text(total_weight, widths[2]),
            "",
            "",
            "",
            "",
            styles.cell_text(total_points, widths[7]),
        ]
    )
    style.add("SPAN", (0, len(rows) - 1), (1, len(rows) - 1))
    style.add("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), colors.HexColor("#f1f1f1"))
    table = LongTable(rows, colWidths=widths, repeatRows=1, splitInRow=0)
    table.setStyle(style)
    return table


def _signatures(styles: Styles, _) -> list:
    cells = [
        [
            styles.para(_("Contractee (signature):")),
            styles.para(_("Issuer 1 (signature):")),
            styles.para(_("Issuer 2 (signature):")),
        ],
        ["", "", ""],
        [styles.para(_("Date:")), styles.para(_("Date:")), styles.para(_("Date:"))],
    ]
    table = Table(cells, colWidths=[CONTENT_WIDTH / 3] * 3, rowHeights=[None, 14 * mm, None])
    table.setStyle(
        [
            ("LINEBELOW", (0, 1), (-1, 1), 0.6, colors.black),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ]
    )
    return [table]
