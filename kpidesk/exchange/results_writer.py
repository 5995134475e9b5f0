"""A period's official results to Excel: the snapshot as it was made (one row per contract,
then one per line) and the corrections written since, each beside the official figure. The
header says who made the results official and when; figures are numbers, not text."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from kpidesk.core.official import Official, basis_text, grade_text
from kpidesk.core.periods import period_label
from kpidesk.core.policy import EMPLOYEE_CLASS_NAMES
from kpidesk.core.safe_names import sheet_name
from kpidesk.i18n import gettext, pgettext


def _cell(value: object) -> object:
    if isinstance(value, dict):  # task shortfalls: "dimension amount, …"
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return value


def class_name(employee_class: str, lang: str) -> str:
    if employee_class not in EMPLOYEE_CLASS_NAMES:
        return employee_class
    context, english = EMPLOYEE_CLASS_NAMES[employee_class]
    return pgettext(context, english, lang)


def write_official_results(official: Official, firm: str, path: Path | str, lang: str) -> None:
    _ = lambda message: gettext(message, lang)  # noqa: E731
    book = xlsxwriter.Workbook(str(path))
    taken: set[str] = set()  # sheet names so far (a translation may be long or collide)
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True})
    figure = book.add_format({"num_format": "0.00"})
    share = book.add_format({"num_format": "0.0%"})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})

    def table(sheet, top: int, titles: list[str], rows: list[list[object]], formats: dict) -> None:
        for column, title in enumerate(titles):
            sheet.write(top, column, title, header)
        for number, row in enumerate(rows, start=top + 1):
            for column, value in enumerate(row):
                value = _cell(value)
                if value is None:
                    continue
                if hasattr(value, "strftime"):
                    sheet.write_datetime(number, column, value, when)
                elif isinstance(value, bool):
                    sheet.write_string(number, column, _("yes") if value else _("no"))
                elif isinstance(value, (int, float)):
                    sheet.write_number(number, column, value, formats.get(column))
                else:
                    sheet.write_string(number, column, str(value))
        sheet.freeze_panes(top + 1, 0)

    results = book.add_worksheet(sheet_name(_("Official results"), taken))
    results.write(
        0, 0, f"{firm} · {_('Official results')} {period_label(official.period, lang)}", bold
    )
    results.write(
        1,
        0,
        _("Made official by {reviewer} ({by}), {date}").format(
            reviewer=official.reviewer,
            by=official.made_by,
            date=official.made_at.strftime("%Y-%m-%d %H:%M"),
        ),
    )
    for number, warning in enumerate(official.warnings):
        results.write(2 + number, 0, warning)
    top = 3 + len(official.warnings)
    results.set_column(0, 3, 18)
    table(
        results,
        top,
        [
            _("Department"),
            _("Position code"),
            _("Position"),
            _("Contractee"),
            _("Employee class"),
            _("Total"),
            _("Coefficient"),
            _("Corrected total"),
            _("Corrected coefficient"),
            _("Complete"),
            _("Calibration grade"),
            _("Corrections"),
            _("Total from"),
        ],
        [
            [
                r.unit,
                r.position_code,
                r.position,
                r.person,
                class_name(r.employee_class, lang),
                r.total,
                r.coefficient,
                *(official.corrected_total(r.contract_id) or (None, None)),
                r.complete,
                grade_text(r.grade, lang),
                len(official.corrected(r.contract_id)) or None,
                basis_text(r, lang),
            ]
            for r in official.rows
        ],
        {5: figure, 6: share, 7: figure, 8: share},
    )
    lines = book.add_worksheet(sheet_name(_("Lines"), taken))
    lines.set_column(0, 4, 18)
    table(
        lines,
        0,
        [
            _("Department"),
            _("Position"),
            _("Contractee"),
            _("KPI"),
            _("Weight"),
            _("Actual"),
            _("Events"),
            _("Points"),
        ],
        [
            [
                r.unit,
                r.position,
                r.person,
                l.indicator,
                l.weight,
                l.actual,
                l.events or None,
                l.points,
            ]
            for r in official.rows
            for l in r.lines
        ],
        {7: figure},
    )
    corrections = book.add_worksheet(sheet_name(_("Corrections"), taken))
    corrections.set_column(0, 8, 16)
    people = {r.contract_id: r for r in official.rows}
    table(
        corrections,
        0,
        [
            _("Department"),
            _("Position"),
            _("Contractee"),
            _("KPI"),
            _("Kind"),
            _("Official figure"),
            _("New value"),
            _("Reason"),
            _("By"),
            _("When"),
        ],
        [
            [
                people[c.contract_id].unit if c.contract_id in people else "",
                people[c.contract_id].position if c.contract_id in people else "",
                people[c.contract_id].person if c.contract_id in people else "",
                c.indicator,
                _("Appeal ruling") if c.kind == "appeal" else _("Correction"),
                c.old,
                c.new,
                c.reason,
                c.by,
                c.at,
            ]
            for c in official.corrections
        ],
        {},
    )
    try:
        book.close()
    except xlsxwriter.exceptions.FileCreateError as exc:
        raise (
            exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
        ) from exc
