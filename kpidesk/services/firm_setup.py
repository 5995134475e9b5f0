"""A firm starts here: a new document holding the firm's name, its year and periods, the §4
default categories and every default policy setting written out (``create_firm``); and the
firm's settings changed afterwards, audited and undoable (``SettingsEdits``)."""

from __future__ import annotations

import re

from dataclasses import asdict
from datetime import date
from pathlib import Path

from kpidesk.core.changes import Changes, OpResult
from kpidesk.core.policy import DEFAULT_CATEGORIES, FirmPolicy, policy_problems
from kpidesk.core.problems import InputError
from kpidesk.i18n import N_, gettext
from kpidesk.services.editing import EditRefused
from kpidesk.storage.document import Document, create_document, create_url_document, is_url
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.firm_setup_repo import (
    YearInUse,
    add_value_tree,
    has_year,
    remove_setting,
    remove_year,
)

SUFFIX = ".kpidesk"
MAIN_TREE = "main"  # the code of the firm's first value tree (nodes default to it)
LANGS = ("zh", "en")


def firm_path(target: str | Path) -> Path:
    """Where a new firm is written: ``target``, with ``.kpidesk`` added when it lacks it."""
    path = Path(target)
    return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)


def suggested_file_name(firm_name: str) -> str:
    """A file name for a firm called ``firm_name``: what no file system takes in a name
    (/ \\ : * ? " < > | and control characters) becomes "_", so "East/West: Co" suggests
    East_West_ Co.kpidesk, in the folder chosen, not in a folder "East"."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", firm_name.strip()).strip(" .")
    return (safe or "firm") + SUFFIX


def write_default_policy(firm: FirmRepository) -> None:
    """The §4 default categories, named in both languages, and every policy setting at the
    method's default, written out so the firm sees and edits each one (a new firm, the demo)."""
    for key, value in FirmPolicy().as_settings().items():
        firm.set_setting(key, value)
    for sort, category in enumerate(DEFAULT_CATEGORIES):
        firm.add_category(**asdict(category), sort=sort)


def create_firm(
    target: str | Path,
    name: str,
    year: int | None = None,
    lang: str = "zh",
    actor: str | None = None,
) -> Document:
    """A new firm's document at ``target`` (``.kpidesk`` added if missing; an existing file is
    refused, never overwritten): the firm's ``name`` (also its English name when ``lang`` is
    en), the current ``year`` (default: the calendar year) with its periods, the default
    categories and policy, and one empty value tree named in ``lang``. Open; the caller closes."""
    if lang not in LANGS:
        raise InputError(N_("kpidesk does not know the language {lang} for the firm's names."), lang=lang)
    name = name.strip()
    year = date.today().year if year is None else year
    problems = policy_problems({"firm_name": name, "current_year": year})
    if problems:
        raise InputError(problems)
    path = None if is_url(target) else firm_path(target)
    if path is None:  # an empty server database (issue 13)
        document = create_url_document(str(target), actor=actor)
    else:
        document = create_document(path, actor=actor)
    try:
        with document.transaction() as session:
            firm = FirmRepository(session)
            firm.set_setting("firm_name", name)
            if lang == "en":
                firm.set_setting("firm_name_en", name)
            firm.set_setting("current_year", year)
            write_default_policy(firm)
            firm.add_year(year)
            tree_name = gettext("Value tree", "zh_CN" if lang == "zh" else "en")
            add_value_tree(session, MAIN_TREE, tree_name)
    except BaseException:
        document.close()
        if path is not None:  # a server database's transaction was rolled back: nothing to remove
            path.unlink(missing_ok=True)
        raise
    return document


_MISSING = object()


class SettingsEdits:
    """The firm's settings, changed in one audited transaction each, undone by writing the old
    values back (a setting the firm did not have is taken out again)."""

    def __init__(self, document: Document):
        self.document = document

    def settings(self) -> dict[str, object]:
        """Every setting the firm stores (key → value)."""
        with self.document.reading() as session:
            return FirmRepository(session).settings()

    def set_settings(self, changes: dict[str, object]) -> OpResult:
        """Write ``changes`` (key → value). A new current year gets its periods in the same
        transaction. Refused, naming the setting, when ``core.policy.policy_problems`` finds
        anything wrong; nothing is written then."""
        problems = policy_problems(changes)
        if problems:
            raise EditRefused(problems)
        with self.document.transaction() as session:
            firm = FirmRepository(session)
            stored = firm.settings()
            old = {key: stored.get(key, _MISSING) for key in changes}
            for key, value in changes.items():
                firm.set_setting(key, value)
            year = changes.get("current_year")
            added_year = None
            if isinstance(year, int) and not has_year(session, year):
                firm.add_year(year)
                added_year = year
        return OpResult(
            old,
            self._changes(changes),
            lambda: self._restore(old, added_year, changes),
        )

    def _restore(
        self, old: dict[str, object], added_year: int | None, redo: dict[str, object]
    ) -> OpResult:
        """The undo of ``set_settings``: the old values back, and the year it added removed
        again — refused, with the reason, when anything now refers to that year's periods."""
        try:
            with self.document.transaction() as session:
                firm = FirmRepository(session)
                for key, value in old.items():
                    if value is _MISSING:
                        remove_setting(session, key)
                    else:
                        firm.set_setting(key, value)
                if added_year is not None:
                    remove_year(session, added_year)
        except YearInUse as exc:
            raise EditRefused(exc.problems) from exc
        return OpResult(redo, self._changes(redo), lambda: self.set_settings(redo))

    @staticmethod
    def _changes(settings: dict[str, object]) -> Changes:
        # The year decides which contracts the organisation shows.
        return Changes(settings=True, organisation="current_year" in settings)
