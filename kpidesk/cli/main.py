"""``kpidesk`` command line. Errors a user can fix print one paragraph on stderr and exit
non-zero; tracebacks are for bugs only."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kpidesk import __version__
from kpidesk.core.problems import KpideskError, NotFoundError
from kpidesk.i18n import _, language
from kpidesk.services import FirmService, open_document
from kpidesk.storage.document import is_url
from kpidesk.ui.screenshot import VIEWS

COMMANDS = (
    "new",
    "demo",
    "info",
    "check",
    "print",
    "export",
    "template",
    "import",
    "results",
    "screenshot",
    "notices",
    "backup",
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kpidesk",
        description=(
            "Design KPIs and performance contracts and score them. "
            "'kpidesk [PATH]' opens the app; the commands below work without a screen."
        ),
    )
    parser.add_argument("--version", action="version", version=f"kpidesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    new = sub.add_parser("new", help="write a new, empty firm to PATH (.kpidesk added if missing)")
    new.add_argument("path", type=_path_or_url)
    new.add_argument("--name", required=True, help="the firm's name")
    new.add_argument("--year", type=int, help="the current year (default: this year)")
    new.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of its names")
    demo = sub.add_parser("demo", help="write the demo firm (METHOD.md §8) to PATH")
    demo.add_argument("path", type=_path_or_url)
    demo.add_argument("--force", action="store_true", help="replace an existing file")
    info = sub.add_parser("info", help="schema version and counts")
    info.add_argument("path")
    info.add_argument("--json", action="store_true", help="one JSON object")
    check = sub.add_parser(
        "check", help="integrity and domain checks; exit 0 clean, 1 findings, 2 unreadable"
    )
    check.add_argument("path")
    printing = sub.add_parser("print", help="write one PDF contract per position")
    printing.add_argument("path")
    printing.add_argument("--out", type=Path, required=True, help="folder for the PDFs")
    printing.add_argument("--unit", help="only this unit and its sub-units")
    printing.add_argument("--lang", choices=("zh", "en"), default="zh")
    printing.add_argument(
        "--font", help="a TrueType font file (.ttf/.ttc) with Chinese characters to embed"
    )
    printing.add_argument(
        "--period", help="fill in actuals and points of this period (e.g. 2003-06)"
    )
    printing.add_argument(
        "--score-sheets", action="store_true", help="with --period: also a score sheet per position"
    )
    printing.add_argument(
        "--meeting-pack", action="store_true", help="with --period: also the review meeting pack"
    )
    export = sub.add_parser("export", help="the whole firm to an Excel workbook")
    export.add_argument("path")
    export.add_argument("out", type=Path)
    export.add_argument("--lang", choices=("zh", "en"), default="zh")
    template = sub.add_parser(
        "template",
        help="a spreadsheet template: 'actuals PATH OUT --period P' for data providers, "
        "'roster OUT' for HR's roster (no document needed)",
    )
    template.add_argument("what", choices=("actuals", "roster"))
    template.add_argument("path", help="the document (actuals); for roster: the file to write")
    template.add_argument("out", type=Path, nargs="?", help="the file to write (actuals)")
    template.add_argument("--period", help="e.g. 2003-07 (actuals only, needed)")
    template.add_argument(
        "--lang", choices=("zh", "en"), help="default: zh for actuals, kpidesk's language for roster"
    )
    importing = sub.add_parser("import", help="import a workbook: all of it, or nothing")
    importing.add_argument("path")
    importing.add_argument("workbook", type=Path)
    importing.add_argument("--engine", choices=("calamine", "openpyxl"), default="calamine")
    importing.add_argument(
        "--problems",
        type=Path,
        metavar="OUT.xlsx",
        help="when refused, write the workbook's rows with what is wrong in each, for the provider",
    )
    results = sub.add_parser(
        "results",
        help="a period's official results: printed, or --out X.xlsx (the workbook) or X.pdf "
        "(the minutes of the meeting that made them official)",
    )
    results.add_argument("path")
    results.add_argument("--period", required=True, help="e.g. 2003-06")
    results.add_argument("--out", type=Path, help="an .xlsx or .pdf file to write")
    results.add_argument("--lang", choices=("zh", "en"), default="zh")
    notices = sub.add_parser(
        "notices",
        help="the result notices (绩效考核结果通知书) of an official period: one PDF, a page per person",
    )
    notices.add_argument("path")
    notices.add_argument("--period", required=True, help="e.g. 2003-06, 2003-Q1")
    notices.add_argument("--out", type=Path, required=True, help="the .pdf file to write")
    notices.add_argument("--each", type=Path, metavar="FOLDER", help="also one PDF per person here")
    notices.add_argument("--lang", choices=("zh", "en"), default="zh")
    notices.add_argument(
        "--font", help="a TrueType font file (.ttf/.ttc) with Chinese characters to embed"
    )
    shot = sub.add_parser("screenshot", help="render a view offscreen to a PNG")
    shot.add_argument("path", help="the document (ignored by --view welcome, which has none)")
    shot.add_argument("--view", choices=VIEWS, default="main")
    shot.add_argument("--out", type=Path, required=True)
    shot.add_argument("--lang", choices=("zh", "en"))
    shot.add_argument("--present", action="store_true", help="in presentation mode")
    shot.add_argument(
        "--size",
        default="1600x900",
        metavar="WxH",
        help="the screen in pixels, e.g. 1366x768 (default 1600x900); the PNG has this size",
    )
    shot.add_argument(
        "--scale",
        type=float,
        default=1.0,
        metavar="F",
        help="display scaling, e.g. 1.5 for 150 %%: the window is laid out at WxH / F",
    )
    backup = sub.add_parser(
        "backup",
        help="the document's backups: 'list PATH', 'create PATH', "
        "'restore PATH [BACKUP | --newest] [--yes]'",
    )
    backup.add_argument("action", choices=("list", "create", "restore"))
    backup.add_argument("path", help="the .kpidesk document")
    backup.add_argument(
        "backup", nargs="?", help="restore: the backup's file name (from 'backup list') or path"
    )
    backup.add_argument("--newest", action="store_true", help="restore: the newest good backup")
    backup.add_argument(
        "--yes", action="store_true", help="restore without asking (needed when not on a terminal)"
    )
    return parser


def _backup(args) -> int:
    from kpidesk.cli.backup_command import run_backup

    return run_backup(args, _fail)


def _print(args) -> int:
    from kpidesk.core.periods import Period
    from kpidesk.services.printing import PrintService, file_name, font_problem

    lang = {"zh": "zh_CN", "en": "en"}[args.lang]
    if args.period:
        Period.parse(args.period)  # a bad code is refused before anything is written
    if args.font and (problem := font_problem(args.font)):
        return _fail(problem, 2)
    with open_document(args.path) as document:
        printer = PrintService(document, args.font)
        try:
            written = printer.print_contracts(args.out, args.unit, lang, args.period)
        except NotFoundError as exc:
            return _fail(str(exc), 1)
        if args.period and args.score_sheets:
            for contract_id in printer.contracts_of_unit(args.unit):
                contract = printer.firm.contract(contract_id)
                path = args.out / file_name(contract.unit, contract.position, args.period)
                printer.print_score_sheet(contract_id, args.period, path, lang)
                written.append(path)
        if args.period and args.meeting_pack:
            path = args.out / file_name(_("meeting-pack"), args.period)
            printer.print_meeting_pack(args.period, path, lang)
            written.append(path)
    for path in written:
        print(path)
    return 0


def _export(args) -> int:
    from kpidesk.services.exchange import ExchangeService

    with open_document(args.path) as document:
        ExchangeService(document).export(args.out, {"zh": "zh_CN", "en": "en"}[args.lang])
    print(_("wrote {path}").format(path=args.out))
    return 0


def _template(args) -> int:
    from kpidesk.services.exchange import ExchangeService

    if args.what == "roster":
        return _roster_template(args)
    if args.out is None or not args.period:
        return _fail(_("the actuals template needs a document, the file to write and --period"))
    with open_document(args.path) as document:
        count = ExchangeService(document).template(
            args.period, args.out, {"zh": "zh_CN", "en": "en"}[args.lang or "zh"]
        )
    print(_("wrote {path} ({count} lines to fill)").format(path=args.out, count=count))
    return 0


def _roster_template(args) -> int:
    from kpidesk.services.roster_import import roster_template

    if args.out is not None or args.period:
        return _fail(
            _("the roster template needs only the file to write (no document, no --period)")
        )
    # HR reads the template in the language asked for, else the one kpidesk speaks (KPIDESK_LANG)
    lang = {"zh": "zh_CN", "en": "en"}[args.lang] if args.lang else language()
    roster_template(Path(args.path), lang)
    print(_("wrote {path}").format(path=args.path))
    return 0


def _import(args) -> int:
    from kpidesk.services.exchange import ExchangeService, ImportRejected
    from kpidesk.storage.errors import DocumentInUse

    try:
        document = open_document(args.path)
    except DocumentInUse as exc:
        # Two writers at once stay refused; the open kpidesk imports the same way, with a preview.
        return _fail(
            f"{exc} "
            + _("Or import there: File › Import from Excel… in the kpidesk that has it open.")
        )
    with document:
        try:
            report = ExchangeService(document).import_workbook(args.workbook, args.engine)
        except ImportRejected as rejected:
            for problem in rejected.problems:
                print(problem, file=sys.stderr)
            if args.problems is not None:
                ExchangeService.problem_workbook(
                    args.workbook, list(rejected.problems), args.problems, language()
                )
                print(_("wrote {path}").format(path=args.problems), file=sys.stderr)
            return _fail(str(rejected), 1)
    for what, count in report.created.items():
        print(_("created {count} {what}").format(count=count, what=_(what)))
    if report.roster is not None:
        from kpidesk.services.roster_import import describe_roster

        print("\n".join(describe_roster(report.roster)))
    if report.roster is not None and not (
        report.actuals_inserted or report.actuals_updated or report.actuals_unchanged
    ):
        return 0  # a roster alone: nothing to say about actuals
    print(
        _("actuals: {inserted} new, {updated} changed, {unchanged} unchanged").format(
            inserted=report.actuals_inserted,
            updated=report.actuals_updated,
            unchanged=report.actuals_unchanged,
        )
    )
    return 0


def _screenshot(args) -> int:
    from kpidesk.ui.screenshot import check_scale, parse_size, render

    lang = {"zh": "zh_CN", "en": "en"}.get(args.lang)
    size, scale = parse_size(args.size), check_scale(args.scale)
    written = render(args.path, args.view, args.out, lang, args.present, size, scale)
    print(_("wrote {path}").format(path=written))
    return 0


def _results(args) -> int:
    """The official results of a period: a table on stdout, or the workbook / minutes PDF.
    A period not made official is exit 2 with the reason (nothing official to show)."""
    from kpidesk.core.periods import Period, period_label
    from kpidesk.i18n import gettext
    from kpidesk.services.results import ResultsFiles, ResultsService

    lang = {"zh": "zh_CN", "en": "en"}[args.lang]
    Period.parse(args.period)
    suffix = args.out.suffix.lower() if args.out else ""
    if args.out and suffix not in (".xlsx", ".pdf"):
        return _fail(_("--out names an .xlsx or a .pdf file, not {file}").format(file=args.out))
    with open_document(args.path) as document:
        policy = FirmService(document).policy
        official = ResultsService(document, policy).official(args.period)
        if official is None:
            return _fail(
                _(
                    "The results of {period} are not official: nothing was made official for "
                    "it yet. Make them official in kpidesk (Review › Make results official…) "
                    "after the review meeting, then ask again."
                ).format(period=args.period),
                2,
            )
        if suffix == ".xlsx":
            ResultsFiles(document, policy).export(args.period, args.out, lang)
        elif suffix == ".pdf":
            ResultsFiles(document, policy).print_minutes(args.period, args.out, lang)
    if args.out:
        print(_("wrote {path}").format(path=args.out))
        return 0
    t = lambda message: gettext(message, lang)  # noqa: E731
    print(
        f"{t('Official results')} {period_label(official.period, lang)} · "
        + t("Made official by {reviewer} ({by}), {date}").format(
            reviewer=official.reviewer,
            by=official.made_by,
            date=official.made_at.strftime("%Y-%m-%d %H:%M"),
        )
    )
    for warning in official.warnings:
        print(warning)
    header = (t("Department"), t("Position"), t("Contractee"), t("Total"), t("Coefficient"))
    print("\t".join(header))
    for row in official.rows:
        total = "—" if row.total is None else f"{row.total:.2f}"
        coefficient = "—" if row.coefficient is None else f"{row.coefficient * 100:.1f}%"
        after = official.corrected_total(row.contract_id)
        if after is not None:  # as made official → since the corrections, both shown
            total += " → " + ("—" if after[0] is None else f"{after[0]:.2f}") + " *"
            coefficient += " → " + ("—" if after[1] is None else f"{after[1] * 100:.1f}%")
        print("\t".join((row.unit, row.position, row.person, total, coefficient)))
    for c in official.corrections:
        print(f"* {c.indicator}: {c.old} → {c.new} · {c.reason} · {c.by} {c.at:%Y-%m-%d}")
    return 0


def _notices(args) -> int:
    """The result notices of an official period; a period not official is exit 2, refused by
    the service with the reason."""
    from kpidesk.core.periods import Period
    from kpidesk.services.printing import font_problem
    from kpidesk.services.results import ResultsFiles

    lang = {"zh": "zh_CN", "en": "en"}[args.lang]
    Period.parse(args.period)
    if args.out.suffix.lower() != ".pdf":
        return _fail(_("--out names a .pdf file, not {file}").format(file=args.out))
    if args.font and (problem := font_problem(args.font)):
        return _fail(problem, 2)
    with open_document(args.path) as document:
        files = ResultsFiles(document, FirmService(document).policy)
        each = files.print_notices(args.period, args.out, lang, args.font, args.each)
    print(_("wrote {path}").format(path=args.out))
    for path in each:
        print(path)
    return 0


def _path_or_url(text: str) -> Path | str:
    """A file's path, or a database URL kept as typed (a Path would fold its "//")."""
    return text if is_url(text) else Path(text)


def _fail(message: str, code: int = 2) -> int:
    print(f"kpidesk: {message}", file=sys.stderr)
    return code


def _new(args) -> int:
    from kpidesk.services.firm_setup import create_firm

    document = create_firm(args.path, args.name, args.year, args.lang)
    document.close()
    print(document.path or document.name)  # a server database: its URL, the password hidden
    return 0


def _demo(args) -> int:
    from kpidesk.services.demo import write_demo

    document = write_demo(args.path, force=args.force)
    document.close()
    # A server database is named by its URL with the password hidden.
    print(_("wrote the demo firm to {path}").format(path=document.path or document.name))
    return 0


def _info(args) -> int:
    from kpidesk.services.printing import chain_head

    with open_document(args.path) as document:
        info = FirmService(document).info()
        head = chain_head(document)  # what paper printed now carries in its footer
    info["audit_head"] = None if head is None else {"id": head.row_id, "digest": head.digest}
    from kpidesk.services.backups import location_problem

    risk = location_problem(args.path)  # a network share or a cloud-sync folder (issue 13)
    if risk is not None:
        info["location_warning"] = str(risk)
        print(_("warning: {message}").format(message=risk), file=sys.stderr)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    labels = {
        "units": _("units"),
        "positions": _("positions"),
        "employees": _("employees"),
        "indicators": _("indicators"),
        "contracts": _("contracts"),
        "contract_lines": _("contract lines"),
        "periods": _("periods"),
        "actuals": _("actuals"),
    }
    print(_("schema version: {version}").format(version=info["schema_version"]))
    print(
        _("audit chain head: {anchor}").format(anchor=head.full())
        if head is not None
        else _("audit chain head: none (nothing audited yet)")
    )
    for key, label in labels.items():
        print(f"{label}: {info[key]}")
    for contract in info["contract_list"]:
        print(
            "  "
            + _(
                "contract {id}: {unit} {position} — {contractee}, {status}, weights {total}%"
            ).format(
                id=contract["id"],
                unit=contract["unit"],
                position=contract["position"],
                contractee=contract["contractee"] or _("vacant"),
                status=_(contract["status"]),
                total=f"{contract['weight_total']:g}",
            )
        )
    return 0


def _check(args) -> int:
    with open_document(args.path) as document:
        report = FirmService(document).check(language())
    for finding in report.findings:
        severity = _("error") if finding.severity == "error" else _("warning")
        print(
            _("{severity}: {where}: {message}").format(
                severity=severity, where=finding.where, message=finding.message
            )
        )
    if report.findings:
        print(
            _("{errors} errors, {warnings} warnings").format(
                errors=len(report.errors), warnings=len(report.findings) - len(report.errors)
            )
        )
        return 1
    print(_("no findings"))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        from kpidesk.app import run_gui

        return run_gui(argv[0] if argv else None)
    args = _parser().parse_args(argv)
    handler = {
        "new": _new,
        "demo": _demo,
        "info": _info,
        "check": _check,
        "print": _print,
        "export": _export,
        "template": _template,
        "import": _import,
        "results": _results,
        "screenshot": _screenshot,
        "notices": _notices,
        "backup": _backup,
    }[args.command]
    try:
        return handler(args)
    except KpideskError as exc:  # a user's mistake or a refused file; a bug still tracebacks
        return _fail(str(exc))
    except BrokenPipeError:  # the reader went away (``| head``): nothing left to say to it
        sys.stderr.close()
        return 0
    except OSError as exc:  # a folder or file that cannot be written or read: say which, no traceback
        reason = exc.strerror or exc.__class__.__name__
        if not exc.filename:
            return _fail(reason)
        return _fail(_("{file}: {reason}.").format(file=exc.filename, reason=reason))


if __name__ == "__main__":
    sys.exit(main())
