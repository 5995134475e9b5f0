"""The minutes of a review meeting (绩效考评会纪要) as a PDF: title (firm, period, date, place),
attendance (present and absent, per item where recorded), each item with its total, decision
and action items, the official results table (who made them official and when, with the
corrections since), and the signature lines of the chair, the recorder and the reviewer.
Without a meeting (results made official outside one) it is the results notice alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Spacer, Table

from kpidesk.core.official import Official, grade_text
from kpidesk.core.periods import period_label
from kpidesk.i18n import gettext

from .anchor import ChainHead
from .fonts import cjk_font
from .layout import CONTENT_WIDTH, Page, Styles, build, number, table_style


@dataclass(frozen=True)
class MinutesAction:
    what: str
    owner: str
    due: date | None


@dataclass(frozen=True)
class MinutesItem:
    unit: str
    position: str
    person: str
    total: float | None
    decision: str
    notes: str
    discussed: bool
    actions: tuple[MinutesAction, ...] = ()
    attendance: tuple[tuple[str, str, bool], ...] = ()  # (name, role, present) for this item


@dataclass(frozen=True)
class MinutesMeeting:
    kind: str
    held_on: date
    place: str
    minutes: str
    decisions: str
    attendance: tuple[tuple[str, str, bool], ...]  # the whole meeting
    items: tuple[MinutesItem, ...]
    actions: tuple[MinutesAction, ...] = ()  # not tied to an item


@dataclass(frozen=True)
class Minutes:
    firm: str
    official: Official
    meeting: MinutesMeeting | None = None
    extra: tuple[str, ...] = field(default_factory=tuple)
    chain_head: ChainHead | None = None  # the audit chain's head, printed in the footer


def render_minutes(minutes: Minutes, out, lang: str, font_file: str | None = None) -> None:
    _ = lambda message: gettext(message, lang)  # noqa: E731
    font = cjk_font(font_file)
    styles = Styles(font)
    official, meeting = minutes.official, minutes.meeting
    period = period_label(official.period, lang)
    title = _("Performance review meeting minutes") if meeting else _("Official results")
    story: list = [styles.para(f"{minutes.firm} · {title}", styles.title)]
    facts = [_("Period: {period}").format(period=period)]
    if meeting is not None:
        facts.append(_("Date: {date}").format(date=meeting.held_on.isoformat()))
        if meeting.place:
            facts.append(_("Place: {place}").format(place=meeting.place))
    story.append(styles.para("    ".join(facts)))
    story.append(Spacer(1, 3 * mm))

    def table(header: list[str], rows: list[list[object]], shares: tuple[float, ...]) -> LongTable:
        widths = [s * CONTENT_WIDTH for s in shares]
        cells = [[styles.cell_text(h, w) for h, w in zip(header, widths)]]
        cells += [[styles.cell_text(number(v), w) for v, w in zip(row, widths)] for row in rows]
        found = LongTable(cells, colWidths=widths, repeatRows=1)
        found.setStyle(table_style(font))
        return found

    def attendance_rows(rows) -> list[list[object]]:
        return [
            [name, role, _("present") if present else _("absent")] for name, role, present in rows
        ]

    if meeting is not None:
        story.append(styles.para(_("Attendance"), styles.heading))
        if meeting.attendance:
            story.append(
                table(
                    [_("Name"), _("Role"), _("Attendance")],
                    attendance_rows(meeting.attendance),
                    (0.4, 0.4, 0.2),
                )
            )
        else:
            story.append(styles.para(_("No attendance recorded.")))
        if meeting.minutes:
            story.append(styles.para(_("Minutes"), styles.heading))
            story.append(styles.para(meeting.minutes))
        story.append(styles.para(_("Agenda items"), styles.heading))
        for number_, item in enumerate(meeting.items, start=1):
            total = "—" if item.total is None else number(round(item.total, 2))
            head = (
                f"{number_}. {item.unit} · {item.position} · {item.person}    {_('Total')} {total}"
            )
            story.append(styles.para(head, styles.body))
            if item.attendance:
                story.append(
                    styles.para(
                        _("Attendance for this item: {names}").format(
                            names=", ".join(
                                f"{name} ({_('present') if present else _('absent')})"
                                for name, _role, present in item.attendance
                            )
                        ),
                        styles.small,
                    )
                )
            if item.notes:
                story.append(styles.para(_("Notes: {text}").format(text=item.notes), styles.small))
            story.append(styles.para(_("Decision: {text}").format(text=item.decision or "—")))
            if item.actions:
                story.append(_actions_table(table, item.actions, _))
            story.append(Spacer(1, 2 * mm))
        if meeting.actions:
            story.append(styles.para(_("Other action items"), styles.heading))
            story.append(_actions_table(table, meeting.actions, _))
        if meeting.decisions:
            story.append(styles.para(_("Decisions of the meeting"), styles.heading))
            story.append(styles.para(meeting.decisions))

    story.append(styles.para(_("Official results"), styles.heading))
    story.append(
        styles.para(
            _("Made official by {reviewer} ({by}), {date}").format(
                reviewer=official.reviewer,
                by=official.made_by,
                date=official.made_at.strftime("%Y-%m-%d %H:%M"),
            )
        )
    )
    for warning in official.warnings:
        story.append(styles.para(warning, styles.small))

    def total_cell(r) -> str:
        """As made official, then — when a correction touched it — the corrected figure."""
        made = "—" if r.total is None else f"{r.total:.2f}"
        after = official.corrected_total(r.contract_id)
        if after is None:
            return made
        return f"{made} → {'—' if after[0] is None else f'{after[0]:.2f}'} *"

    def coefficient_cell(r) -> str:
        made = "—" if r.coefficient is None else f"{r.coefficient * 100:.1f}%"
        after = official.corrected_total(r.contract_id)
        if after is None:
            return made
        return f"{made} → {'—' if after[1] is None else f'{after[1] * 100:.1f}%'}"

    story.append(
        table(
            [
                _("Department"),
                _("Position"),
                _("Contractee"),
                _("Total"),
                _("Coefficient"),
                _("Calibration grade"),
            ],
            [
                [
                    r.unit,
                    r.position,
                    r.person,
                    total_cell(r),
                    coefficient_cell(r),
                    grade_text(r.grade, lang),
                ]
                for r in official.rows
            ],
            (0.17, 0.2, 0.13, 0.18, 0.18, 0.14),
        )
    )
    if official.corrections:
        story.append(styles.para(_("* Corrected since:"), styles.small))
        for c in official.corrections:
            story.append(
                styles.para(
                    f"{c.indicator}: {number(c.old)} → {number(c.new)} · {c.reason} · {c.by} {c.at:%Y-%m-%d}",
                    styles.small,
                )
            )
    story.append(Spacer(1, 12 * mm))
    signatures = [
        [
            f"{_('Chaired by')}: ____________",
            f"{_('Recorded by')}: ____________",
            f"{_('Reviewed by')}: ____________",
        ]
    ]
    widths = [CONTENT_WIDTH / 3] * 3
    story.append(
        Table([[styles.cell_text(t, w) for t, w in zip(signatures[0], widths)]], colWidths=widths)
    )
    build(out, Page(minutes.firm, title, period, lang, font, minutes.chain_head), story)


def _actions_table(table, actions, _) -> LongTable:
    return table(
        [_("Action item"), _("Responsible"), _("Due")],
        [[a.what, a.owner, a.due.isoformat() if a.due else "—"] for a in actions],
        (0.6, 0.2, 0.2),
    )
