"""One shape for every user error: what is wrong, where, with which values — in no language yet.

A ``Problem`` keeps the English message template (a catalogue msgid, so ``code`` is also what
the extractor finds), where the problem is (a field name, a workbook cell, a line) and the
values the template names. It is put into words only where it is shown — ``str(problem)`` or
``problem.text(lang)`` at display time — so a message raised while the app spoke English reads
in Chinese once the user switched to Chinese.

Every error kpidesk raises for a user to read is a ``KpideskError`` carrying its problems;
code catches ``KpideskError`` (never a bare ``ValueError``, which may be a bug: bugs go to the
crash path, not to a message box as if the user had made a mistake).

Raise with the template marked by ``N_`` (or ``Problem(...)`` directly)::

    raise RuleError(N_("grade quotas sum to {total:g}, not 1"), "quotas", total=total)

The old style — a message translated and formatted when raised, ``RuleError(_("…"), field)`` —
still works: its text is kept as it was given (it is not in the catalogue as a msgid, so
rendering leaves it unchanged).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kpidesk.i18n import gettext, normalise, pgettext


@dataclass(frozen=True)
class Cell:
    """Where in a workbook: a sheet, and the row (as Excel numbers it) and column if known."""

    sheet: str
    row: int | None = None
    column: str | None = None  # letter and title, e.g. "F (Actual)"

    def text(self, lang: str | None = None) -> str:
        where = self.sheet
        if self.row is not None:
            where += " " + gettext("row {row}", lang).format(row=self.row)
        if self.column:
            letter, _space, title = self.column.partition(" ")
            if title:  # "F (Actual)": 第 7 行 F 列 (实际完成值), the letter before 列
                where += " " + gettext("column {letter} {title}", lang).format(
                    letter=letter, title=title
                )
            else:
                where += " " + gettext("column {column}", lang).format(column=self.column)
        return where


@dataclass(frozen=True)
class Problem:
    """``code``: the English template (a msgid); ``where``: a field name (str), a workbook
    ``Cell``, or None; ``params``: the values the template names. A param that is itself a
    ``Problem`` (``term("signed", "status")``) is rendered in the same language."""

    code: str
    where: str | Cell | None = None
    params: Mapping[str, object] = field(default_factory=dict, hash=False)
    context: str | None = None  # the msgctxt, when one English word has two readings

    def message(self, lang: str | None = None) -> str:
        """The message alone, in ``lang`` (default: the language in force now)."""
        lang = normalise(lang) if lang else None
        template = (
            pgettext(self.context, self.code, lang) if self.context else gettext(self.code, lang)
        )
        if not self.params:
            return template
        values = {
            key: value.text(lang) if isinstance(value, Problem) else value
            for key, value in self.params.items()
        }
        return template.format(**values)

    def text(self, lang: str | None = None) -> str:
        """What the user reads: a workbook problem says its sheet, row and column first."""
        if isinstance(self.where, Cell):
            # TRANSLATORS: a workbook problem: where (sheet, row, column), then what
            return gettext("{where}: {message}", lang).format(
                where=self.where.text(lang), message=self.message(lang)
            )
        return self.message(lang)

    def __str__(self) -> str:
        return self.text()

    # the workbook problem's former fields, read by the import dialog and the CLI
    @property
    def sheet(self) -> str | None:
        return self.where.sheet if isinstance(self.where, Cell) else None


def term(code: str, context: str | None = None) -> Problem:
    """A word shown inside another message (a status, a period kind, a rule kind): translated
    with the message, never interpolated as its raw code."""
    return Problem(code, context=context)


def said(code: str, /, **params: object) -> Problem:
    """A message with its values, not yet in words (one row's problem in a vectorised check)."""
    return Problem(code, None, params)


def joined(parts: Iterable[Problem | str], separator: str = ", ") -> Problem:
    """Several phrases in a row, each put into words when shown (the template is the separator
    only, no catalogue message): the blockers of a signature, the levels a rule ignores."""
    params: dict[str, object] = {f"p{i}": part for i, part in enumerate(parts)} or {"p0": ""}
    if separator == ", ":  # a list: separated as the language shown separates one (、 in Chinese)
        template = "{sep}".join(f"{{{key}}}" for key in params)
        return Problem(template, None, {**params, "sep": term(", ")})
    template = separator.replace("{", "{{").replace("}", "}}").join(f"{{{key}}}" for key in params)
    return Problem(template, None, params)


def as_problem(
    message: str | Problem, where: str | Cell | None = None, /, **params: object
) -> Problem:
    if isinstance(message, Problem):
        return message
    return Problem(str(message), where, params)


class KpideskError(Exception):
    """An error for a user to read. ``problems`` says what is wrong; ``str(error)`` renders it
    in the language in force when it is shown."""

    def __init__(
        self,
        message: str | Problem | Iterable[Problem],
        where: str | Cell | None = None,
        /,
        **params: object,
    ):
        if isinstance(message, (str, Problem)):
            problems: tuple[Problem, ...] = (as_problem(message, where, **params),)
        else:
            problems = tuple(message)
        super().__init__(*(p.code for p in problems))
        self.problems = problems

    def __reduce__(self) -> tuple[object, ...]:  # across a process pool: the problems, not their words
        return _rebuild, (type(self), self.problems)

    @property
    def problem(self) -> Problem:
        return self.problems[0]

    @property
    def field(self) -> str | None:
        """The field the (first) problem names, for an editor that points at it."""
        where = self.problems[0].where if self.problems else None
        return where if isinstance(where, str) else None

    def text(self, lang: str | None = None) -> str:
        return "\n".join(p.text(lang) for p in self.problems)

    def __str__(self) -> str:
        return self.text()


def _rebuild(kind: type[KpideskError], problems: tuple[Problem, ...]) -> KpideskError:
    error = Exception.__new__(kind)
    KpideskError.__init__(error, problems)
    return error


class InputError(KpideskError, ValueError):
    """A value the user gave that kpidesk refuses (still a ``ValueError`` for callers written
    before ``KpideskError``; catch ``KpideskError``)."""


class NotFoundError(KpideskError, LookupError):
    """Something the user named does not exist."""
