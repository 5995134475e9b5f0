"""``kpidesk backup list|create|restore PATH``: the backups beside a document, one taken by
hand, and a restore that asks first (and, off a terminal, needs ``--yes``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from kpidesk.i18n import _
from kpidesk.services import backups


def _when(backup: backups.Backup) -> str:
    return backup.taken.strftime("%Y-%m-%d %H:%M:%S")


def _list(args, fail: Callable[..., int]) -> int:
    found = backups.list_backups(args.path)
    if not found and not Path(args.path).exists():  # a mistyped name, not a firm without backups
        return fail(
            _("{name} does not exist, and no backups of it are kept in {folder}.").format(
                name=args.path, folder=backups.backup_folder(args.path)
            )
        )
    if not found:
        print(
            _("{name} has no backups yet (they are kept in {folder}).").format(
                name=args.path, folder=backups.backup_folder(args.path)
            )
        )
        return 0
    for backup in found:
        state = _("good") if backup.good else _("damaged")
        print(
            "\t".join(
                (
                    _when(backup),
                    backups.reason_text(backup.reason),
                    backups.size_text(backup.size),
                    state,
                    backup.path.name,
                )
            )
        )
    return 0


def _create(args) -> int:
    made = backups.create(args.path, backups.BY_HAND)
    print(_("wrote {path}").format(path=made.path))
    return 0


def _consent(question: str) -> bool | None:
    """The user's answer on the terminal; None when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        return None
    try:
        answer = input(question + " [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "是", "好")


def _restore(args, fail: Callable[..., int]) -> int:
    if args.newest == bool(args.backup):
        return fail(_("name the backup to restore, or --newest (one of the two)"))
    if args.newest:
        chosen = backups.newest_good(args.path)
        if chosen is None:
            return fail(
                _("{name} has no good backup to restore (see: {command}).").format(
                    name=args.path, command=f"kpidesk backup list {args.path}"
                )
            )
    else:
        chosen = backups.find_backup(args.path, args.backup)
    question = _(
        "Replace {document} with the backup of {time} ({backup})? The document as it is now "
        "is kept first in {folder}."
    ).format(
        document=args.path,
        time=_when(chosen),
        backup=chosen.path.name,
        folder=backups.backup_folder(args.path),
    )
    if not args.yes:
        agreed = _consent(question)
        if agreed is None:
            return fail(
                question
                + " "
                + _("Nothing was replaced: add --yes to restore without a terminal to ask on.")
            )
        if not agreed:
            print(_("Nothing was replaced."))
            return 1
    restored = backups.restore(args.path, chosen.path)
    print(_("restored {document} from {backup}").format(document=args.path, backup=chosen.path))
    if restored.kept is not None:
        print(_("the document as it was is kept in {path}").format(path=restored.kept))
    return 0


def run_backup(args, fail: Callable[..., int]) -> int:
    if args.action != "restore" and (args.backup or args.newest or args.yes):
        return fail(
            _("only {command} takes a backup, --newest or --yes").format(
                command="kpidesk backup restore"
            )
        )
    if args.action == "list":
        return _list(args, fail)
    if args.action == "create":
        return _create(args)
    return _restore(args, fail)
