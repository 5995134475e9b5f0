"""Importing HR's roster inside ``ExchangeService.import_workbook``'s transaction: the sheet read
(``exchange.roster``), the plan decided against the organisation as it is (``core.roster``), its
problems reported by row and column, and the plan written (``storage.roster_rows``) — all or
nothing with the rest of the workbook, and rolled back after a preview."""

from __future__ import annotations

from pathlib import Path

from kpidesk.core.roster import plan as plan_roster
from kpidesk.exchange.reader import Sheet
from kpidesk.exchange.roster import example_day, is_roster, missing_columns, read_roster
from kpidesk.exchange.roster_template import write_roster_template
from kpidesk.i18n import _, ngettext
from kpidesk.storage.roster_rows import organisation, write_plan

from .importer import Importer

__all__ = ["describe_roster", "import_roster", "is_roster", "roster_template"]


def import_roster(importer: Importer, sheet: Sheet) -> None:
    """Check the roster sheet and, when it is clean, carry it out in the importer's
    transaction; its counts go to ``importer.report.roster``."""
    if not importer.need(sheet, *missing_columns(sheet)):
        return
    # a date problem's example is a date of the firm's current year, not one of the code's
    rows, problems = read_roster(sheet, example_day(importer.firm_repo.policy().year()))
    plan = plan_roster(rows, organisation(importer.session))
    for found in sorted([*problems, *plan.problems], key=lambda p: p.row):
        importer.problem(sheet, found.row, found.column, found.problem)
    if problems or plan.problems:
        return
    counts = plan.counts()
    if importer.report.roster:  # two roster sheets in one workbook: their counts add up
        counts = {k: v + importer.report.roster.get(k, 0) for k, v in counts.items()}
    importer.report.roster = counts
    write_plan(importer.session, plan, importer.origin)


def describe_roster(counts: dict[str, int], lang: str | None = None) -> list[str]:
    """What a roster import does (or did), in sentences: "Creates 12 units, 40 positions, 38
    people." "Moves 3 people: …" — or that it changes nothing."""

    def count(key: str) -> int:
        return counts.get(key, 0)

    created = []
    if count("units"):
        created.append(ngettext("{count} unit", "{count} units", count("units"), lang))
    if count("positions"):
        created.append(ngettext("{count} position", "{count} positions", count("positions"), lang))
    if count("people"):
        created.append(ngettext("{count} person", "{count} people", count("people"), lang))
    lines = []
    if created:
        parts = [
            part.format(count=count(key))
            for part, key in zip(created, [k for k in ("units", "positions", "people") if count(k)])
        ]
        lines.append(_("Creates {what}.", lang).format(what=_(", ", lang).join(parts)))
    sentences = (
        (
            "assignments",
            ngettext(
                "Starts {count} assignment.",
                "Starts {count} assignments.",
                count("assignments"),
                lang,
            ),
        ),
        (
            "moves",
            ngettext(
                "Moves {count} person: the old assignment ends the day before the new one starts.",
                "Moves {count} people: each old assignment ends the day before the new one starts.",
                count("moves"),
                lang,
            ),
        ),
        (
            "people_renamed",
            ngettext(
                "Renames {count} person.", "Renames {count} people.", count("people_renamed"), lang
            ),
        ),
        (
            "people_returning",
            ngettext(
                "Brings back {count} person who had left.",
                "Brings back {count} people who had left.",
                count("people_returning"),
                lang,
            ),
        ),
        (
            "positions_updated",
            ngettext(
                "Changes the key flag or class of {count} position.",
                "Changes the key flag or class of {count} positions.",
                count("positions_updated"),
                lang,
            ),
        ),
    )
    lines += [sentence.format(count=count(key)) for key, sentence in sentences if count(key)]
    if not lines:
        lines.append(_("The roster changes nothing: the organisation already matches it.", lang))
    if count("not_in_roster"):
        lines.append(
            ngettext(
                "{count} person in the firm is not in the roster: left unchanged.",
                "{count} people in the firm are not in the roster: left unchanged.",
                count("not_in_roster"),
                lang,
            ).format(count=count("not_in_roster"))
        )
    return lines


def roster_template(path: Path, lang: str) -> None:
    """The empty roster with its instructions in ``lang`` (no document needed)."""
    write_roster_template(Path(path), lang)
