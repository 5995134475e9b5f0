"""HR's roster as the organisation: what importing it changes, decided before anything is written.

A roster has one row per person: the unit path (``分公司/营销部门/公众客户部``), the position, the
employee number, the name, the start date, and optionally whether the position is key and the
employee class. The rules, one place:

- a person is matched by the employee number, a position by (unit path, position name), a unit by
  its path from the top of the organisation; in a firm with exactly one top-level unit, a path
  that does not start with it is read under it (HR's 部门 column names ``营销部门``, not
  ``分公司/营销部门``);
- a path, or a (path, position), that names two units or positions of the firm (two siblings of
  one name) is a problem of its row naming what is ambiguous; one that names an archived unit or
  position is a problem saying it is archived (restore it, or name another);
- a person who holds another position today moves: the old assignment ends the day before the
  new start, and the history stays; a start on or before the start of an assignment the person
  already has is refused with its row (history is not rewritten by a roster);
- a person who already holds the position keeps the assignment as it is;
- the same employee number twice is a problem naming both rows (with both names if they differ);
- people of the firm who are not in the roster are left unchanged (nobody is removed);
- a blank key-position flag or class leaves an existing position as it is; a new position is NOT
  key (key positions are the few that get contracts, METHOD.md §2: a roster of 2,000 people must
  not mark every position key) and of the management class unless the row says otherwise;
- a new unit's kind is what a unit added by hand under the same parent gets (``core.org``'s
  ``child_kind``): 分公司 → 部门 → 科室 (sub-department) → 班组 (team).

``plan`` takes the rows and the organisation as plain data and returns the ``RosterPlan``: the
preview words it, the storage executes it, and importing the same roster again plans nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from kpidesk.i18n import N_, pgettext

from .org import child_kind
from .policy import EMPLOYEE_CLASS_NAMES
from .problems import InputError, Problem, joined, term

# A unit path's separators: the slash of either width, the backslash, and the arrow HR tools use.
PATH_SEPARATORS = "/／\\＼>＞"
PATH_SEPARATOR = "/"  # how a path is written back

# The employee classes of §7 (their period shares): the stored code, the English and Chinese words.
CLASS_CONTEXT = "employee class"
EMPLOYEE_CLASSES: dict[str, tuple[str, str]] = EMPLOYEE_CLASS_NAMES  # one home: core.policy
# What else HR writes for a class: the Chinese words and the short English ones.
CLASS_WORDS_ZH: dict[str, str] = {
    "管理类": "management",
    "销售服务类": "sales_service",
    "研发类": "research",
    "Sales & service": "sales_service",
    "R&D": "research",
}
DEFAULT_CLASS = "management"
# A blank flag makes a new position NOT key: key positions are the few that get contracts (§2).
DEFAULT_KEY = False


class PathError(InputError):
    """A unit path that names no unit: empty, or with an empty part."""


UnitPath = tuple[str, ...]


def parse_unit_path(text: str) -> UnitPath:
    """``分公司/营销部门/公众客户部`` (or with ／ \\ >) → its parts, each stripped; refused when
    empty or when a part is empty (``分公司//公众客户部``, a trailing separator)."""
    unified = text
    for separator in PATH_SEPARATORS:
        unified = unified.replace(separator, PATH_SEPARATOR)
    if not unified.strip():
        raise PathError(N_("the unit path is empty"))
    parts = tuple(part.strip() for part in unified.split(PATH_SEPARATOR))
    if any(not part for part in parts):
        raise PathError(
            N_(
                "the unit path '{path}' has an empty part (two separators in a row, or one at an end)"
            ),
            path=text.strip(),
        )
    return parts


def path_text(path: UnitPath) -> str:
    return PATH_SEPARATOR.join(path)


def class_code(word: str) -> str:
    """An employee class as a roster writes it (the code, the English or the Chinese word) → its
    code; refused naming the classes accepted."""
    text = word.strip()
    if text in EMPLOYEE_CLASSES:
        return text
    for word, code in CLASS_WORDS_ZH.items():
        if text.casefold() == word.casefold():
            return code
    for code, (context, english) in EMPLOYEE_CLASSES.items():
        if text.casefold() == english.casefold() or text == pgettext(context, english, "zh_CN"):
            return code
    raise InputError(
        N_("unknown employee class '{value}': use one of {allowed}"),
        value=text,
        allowed=joined([term(english, context) for context, english in EMPLOYEE_CLASSES.values()]),
    )


def class_word(code: str, lang: str | None = None) -> str:
    """An employee class in words (the code itself when it is none of §7's)."""
    if code not in EMPLOYEE_CLASSES:
        return code
    return pgettext(*EMPLOYEE_CLASSES[code], lang)


# the roster -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RosterRow:
    """One person of the roster, read and checked cell by cell."""

    row: int  # as Excel numbers it
    unit_path: UnitPath
    position: str
    employee_code: str
    name: str
    start: date
    key_position: bool | None = None  # None: not given
    employee_class: str | None = None  # a code; None: not given


# the organisation as it is ------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgUnit:
    id: int
    parent_id: int | None
    code: str
    name: str
    archived: bool = False
    kind: str = "department"  # as stored; a new unit under it takes ``org.child_kind(kind)``


@dataclass(frozen=True)
class OrgPosition:
    id: int
    unit_id: int
    code: str
    name: str
    key_position: bool
    employee_class: str
    archived: bool = False


@dataclass(frozen=True)
class OrgPerson:
    id: int
    code: str
    name: str
    archived: bool = False


@dataclass(frozen=True)
class OrgAssignment:
    id: int
    employee_id: int
    position_id: int
    start: date
    end: date | None


@dataclass(frozen=True)
class Organisation:
    units: Sequence[OrgUnit] = ()
    positions: Sequence[OrgPosition] = ()
    people: Sequence[OrgPerson] = ()
    assignments: Sequence[OrgAssignment] = ()


# the plan ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewUnit:
    path: UnitPath
    code: str
    kind: str
    parent_id: int | None  # an existing parent; None with a parent path: one created before it

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def parent_path(self) -> UnitPath:
        return self.path[:-1]


@dataclass(frozen=True)
class NewPosition:
    unit_path: UnitPath
    name: str
    code: str
    key_position: bool
    employee_class: str
    unit_id: int | None  # an existing unit; None: one the plan creates (``unit_path``)


@dataclass(frozen=True)
class PositionUpdate:
    position_id: int
    key_position: bool | None  # the new value, None: unchanged
    employee_class: str | None


@dataclass(frozen=True)
class NewPerson:
    code: str
    name: str


@dataclass(frozen=True)
class PersonUpdate:
    person_id: int
    code: str
    name: str  # the roster's name (a rename when it differs from the stored one)
    renamed: bool
    returns: bool  # archived (left the firm) and back in the roster


@dataclass(frozen=True)
class AssignmentEnd:
    assignment_id: int
    end: date


@dataclass(frozen=True)
class AssignmentStart:
    employee_code: str
    position_key: tuple[UnitPath, str]  # (unit path, position name)
    position_id: int | None  # an existing position; None: one the plan creates
    start: date
    moves: bool  # the person held another position, whose assignment ends


@dataclass(frozen=True)
class RowProblem:
    """A problem of one roster row; ``column`` a column key of the sheet (or None)."""

    row: int
    column: str | None
    problem: Problem


@dataclass(frozen=True)
class RosterPlan:
    units: tuple[NewUnit, ...] = ()
    positions: tuple[NewPosition, ...] = ()
    position_updates: tuple[PositionUpdate, ...] = ()
    people: tuple[NewPerson, ...] = ()
    person_updates: tuple[PersonUpdate, ...] = ()
    ends: tuple[AssignmentEnd, ...] = ()
    starts: tuple[AssignmentStart, ...] = ()
    not_in_roster: int = 0  # people of the firm the roster does not name: left unchanged
    problems: tuple[RowProblem, ...] = ()

    @property
    def moves(self) -> int:
        return sum(1 for start in self.starts if start.moves)

    @property
    def renamed(self) -> int:
        return sum(1 for update in self.person_updates if update.renamed)

    @property
    def returning(self) -> int:
        return sum(1 for update in self.person_updates if update.returns)

    @property
    def changes_nothing(self) -> bool:
        return not (
            self.units
            or self.positions
            or self.position_updates
            or self.people
            or self.person_updates
            or self.ends
            or self.starts
        )

    def counts(self) -> dict[str, int]:
        """What the plan does, counted (the preview's sentence and the import's report)."""
        return {
            "units": len(self.units),
            "positions": len(self.positions),
            "positions_updated": len(self.position_updates),
            "people": len(self.people),
            "people_renamed": self.renamed,
            "people_returning": self.returning,
            "assignments": len(self.starts),
            "moves": self.moves,
            "not_in_roster": self.not_in_roster,
        }


def plan(rows: Iterable[RosterRow], organisation: Organisation) -> RosterPlan:
    """What importing ``rows`` into ``organisation`` changes; every problem is collected (a plan
    with problems is refused as a whole)."""
    rows = list(rows)
    problems = _duplicates(rows)
    units = _UnitIndex(organisation.units)
    rows = [replace(row, unit_path=units.under_root(row.unit_path)) for row in rows]
    positions = _PositionIndex(organisation.positions, units)
    unclear = [found for row in rows if (found := _unclear(row, units, positions))]
    problems += unclear
    clear = [row for row in rows if row.row not in {p.row for p in unclear}]
    new_units = _new_units(clear, units)
    said, disagreements = _position_facts(clear)
    problems += disagreements
    new_positions, updates = _positions(clear, said, units, positions)
    skipped = {p.row for p in problems}  # a duplicate or a disagreeing row moves nobody
    people = _people([row for row in clear if row.row not in skipped], organisation, positions)
    named = {row.employee_code for row in rows}
    return RosterPlan(
        units=tuple(new_units),
        positions=tuple(new_positions),
        position_updates=tuple(updates),
        people=tuple(people.new),
        person_updates=tuple(people.updates),
        ends=tuple(people.ends),
        starts=tuple(people.starts),
        not_in_roster=sum(1 for p in organisation.people if p.code not in named and not p.archived),
        problems=tuple(sorted([*problems, *people.problems], key=lambda p: p.row)),
    )


def _unclear(row: RosterRow, units: _UnitIndex, positions: _PositionIndex) -> RowProblem | None:
    """The problem of a row whose unit path or position names two units or positions of the
    firm (which one the person joins is not for the import to guess), or an archived one."""
    path = row.unit_path
    found = units.by_path.get(path, [])
    if len(found) == 1:
        key = (path, row.position)
        matches = positions.by_key.get(key, [])
        if len(matches) > 1:
            return RowProblem(
                row.row,
                "position",
                Problem(
                    N_(
                        "{unit} has {count} positions named {position}: the roster cannot tell "
                        "which one is meant (rename one in the organisation, then import again)"
                    ),
                    None,
                    {"unit": path_text(path), "count": len(matches), "position": row.position},
                ),
            )
        if not matches and key in positions.archived:
            return RowProblem(
                row.row,
                "position",
                Problem(
                    N_(
                        "the position {position} of {unit} is archived: restore it in the "
                        "organisation (Show archived units and positions), or name another "
                        "position"
                    ),
                    None,
                    {"unit": path_text(path), "position": row.position},
                ),
            )
        return None
    for depth in range(len(path), 0, -1):  # the deepest unit of the path the firm has
        if len(units.by_path.get(path[:depth], [])) > 1:
            return RowProblem(
                row.row,
                "unit_path",
                Problem(
                    N_(
                        "{path} names {count} units of the firm (the same name under the same "
                        "parent): the roster cannot tell which one is meant (rename one in the "
                        "organisation, then import again)"
                    ),
                    None,
                    {"path": path_text(path[:depth]), "count": len(units.by_path[path[:depth]])},
                ),
            )
    for depth in range(1, len(path) + 1):  # the first unit of the path the working tree lacks
        if path[:depth] not in units.by_path:
            if path[:depth] in units.archived:
                return RowProblem(
                    row.row,
                    "unit_path",
                    Problem(
                        N_(
                            "the unit {path} is archived: restore it in the organisation (Show "
                            "archived units and positions), or name another unit"
                        ),
                        None,
                        {"path": path_text(path[:depth])},
                    ),
                )
            break
    return None


def _new_units(rows: Sequence[RosterRow], units: _UnitIndex) -> list[NewUnit]:
    """Every unit of every path the organisation lacks, parents before their children; each of
    the kind a unit added by hand under its parent takes (``org.child_kind``)."""
    new: dict[UnitPath, NewUnit] = {}
    for row in rows:
        for depth in range(1, len(row.unit_path) + 1):
            path = row.unit_path[:depth]
            if units.find(path) is None and path not in new:
                parent_id = units.find(path[:-1]) if depth > 1 else None
                if depth == 1:
                    parent_kind = None
                elif parent_id is not None:
                    parent_kind = units.kind_of[parent_id]
                else:
                    parent_kind = new[path[:-1]].kind
                new[path] = NewUnit(path, units.next_code(), child_kind(parent_kind), parent_id)
    return list(new.values())


PositionKey = tuple[UnitPath, str]


@dataclass
class _Said:
    """What the rows say of one position: its key flag and class, each with the row saying it."""

    key_position: tuple[bool, int] | None = None
    employee_class: tuple[str, int] | None = None


def _position_facts(rows: Sequence[RosterRow]) -> tuple[dict[PositionKey, _Said], list[RowProblem]]:
    """The key flag and class each position is given (by the first row giving each), and a
    problem for a later row giving another."""
    said: dict[PositionKey, _Said] = {}
    problems = []
    for row in rows:
        key = (row.unit_path, row.position)
        facts = said.setdefault(key, _Said())
        for column, value in (
            ("key_position", row.key_position),
            ("employee_class", row.employee_class),
        ):
            if value is None:
                continue
            earlier = getattr(facts, column)
            if earlier is None:
                setattr(facts, column, (value, row.row))
            elif earlier[0] != value:
                problems.append(
                    RowProblem(
                        row.row,
                        column,
                        Problem(
                            N_("row {row} says otherwise for the same position {position}"),
                            None,
                            {"row": earlier[1], "position": _position_text(key)},
                        ),
                    )
                )
    return said, problems


def _positions(
    rows: Sequence[RosterRow],
    said: Mapping[PositionKey, _Said],
    units: _UnitIndex,
    positions: _PositionIndex,
) -> tuple[list[NewPosition], list[PositionUpdate]]:
    """Positions to create (in the roster's order) and existing ones whose flag or class the
    roster changes; a blank says nothing."""
    new: dict[PositionKey, NewPosition] = {}
    updates: dict[int, PositionUpdate] = {}
    for row in rows:
        key = (row.unit_path, row.position)
        facts = said[key]
        key_flag = facts.key_position[0] if facts.key_position else None
        employee_class = facts.employee_class[0] if facts.employee_class else None
        existing = positions.find(key)
        if existing is None:
            if key not in new:
                new[key] = NewPosition(
                    key[0],
                    key[1],
                    positions.next_code(),
                    DEFAULT_KEY if key_flag is None else key_flag,
                    employee_class or DEFAULT_CLASS,
                    units.find(key[0]),
                )
            continue
        if key_flag == existing.key_position:
            key_flag = None
        if employee_class == existing.employee_class:
            employee_class = None
        if key_flag is not None or employee_class is not None:
            updates[existing.id] = PositionUpdate(existing.id, key_flag, employee_class)
    return list(new.values()), list(updates.values())


@dataclass
class _PeoplePlan:
    new: list[NewPerson] = field(default_factory=list)
    updates: list[PersonUpdate] = field(default_factory=list)
    ends: list[AssignmentEnd] = field(default_factory=list)
    starts: list[AssignmentStart] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _people(
    rows: Sequence[RosterRow], organisation: Organisation, positions: _PositionIndex
) -> _PeoplePlan:
    """People to add, rename or bring back, and the assignments that end and start."""
    result = _PeoplePlan()
    people = {person.code: person for person in organisation.people}
    held: dict[int, list[OrgAssignment]] = {}
    for assignment in organisation.assignments:
        held.setdefault(assignment.employee_id, []).append(assignment)
    for row in rows:
        key = (row.unit_path, row.position)
        existing_position = positions.find(key)
        position_id = existing_position.id if existing_position else None
        person = people.get(row.employee_code)
        if person is None:
            result.new.append(NewPerson(row.employee_code, row.name))
            # into the position the firm has, if it has it (None: the one this plan creates)
            result.starts.append(
                AssignmentStart(row.employee_code, key, position_id, row.start, False)
            )
            continue
        if person.name != row.name or person.archived:
            renamed = person.name != row.name
            result.updates.append(
                PersonUpdate(person.id, person.code, row.name, renamed, person.archived)
            )
        history = held.get(person.id, [])
        holding = next((a for a in history if a.position_id == position_id and a.end is None), None)
        if position_id is not None and holding is not None:
            if row.start < holding.start:
                result.problems.append(_earlier_start(row, holding))
            continue  # holds it already: unchanged
        later = [a for a in history if a.start >= row.start]
        if later:
            latest = max(later, key=lambda a: a.start)
            result.problems.append(_move_too_early(row, latest, positions))
            continue
        current = [a for a in history if a.end is None or a.end >= row.start]
        end = row.start - timedelta(days=1)
        result.ends.extend(AssignmentEnd(a.id, end) for a in current)
        result.starts.append(
            AssignmentStart(person.code, key, position_id, row.start, bool(current))
        )
    return result


def _duplicates(rows: Sequence[RosterRow]) -> list[RowProblem]:
    return duplicate_numbers([(row.row, row.employee_code, row.name) for row in rows])


def duplicate_numbers(people: Sequence[tuple[int, str, str]]) -> list[RowProblem]:
    """The same employee number twice among (row, employee number, name): one row per person
    (both names named when they differ)."""
    first: dict[str, _Named] = {}
    problems = []
    for entry in people:
        row = _Named(*entry)
        earlier = first.setdefault(row.employee_code, row)
        if earlier is row:
            continue
        if earlier.name != row.name:
            problem = Problem(
                N_(
                    "employee number {code} is also on row {row}, named {other}; here it is "
                    "named {name}"
                ),
                None,
                {
                    "code": row.employee_code,
                    "row": earlier.row,
                    "other": earlier.name,
                    "name": row.name,
                },
            )
        else:
            problem = Problem(
                N_("{name} ({code}) is also on row {row}: one row per person"),
                None,
                {"code": row.employee_code, "row": earlier.row, "name": row.name},
            )
        problems.append(RowProblem(row.row, "employee_code", problem))
    return problems


@dataclass(frozen=True)
class _Named:
    row: int
    employee_code: str
    name: str


def _earlier_start(row: RosterRow, holding: OrgAssignment) -> RowProblem:
    """The person holds this very position, from a later day than the roster says."""
    return RowProblem(
        row.row,
        "start",
        Problem(
            N_(
                "{name} already holds {position} from {since}, not from {start}: an import "
                "does not move the start of an assignment back (write {since}, or change the "
                "start in the organisation)"
            ),
            None,
            {
                "name": row.name,
                "position": _position_text((row.unit_path, row.position)),
                "since": holding.start.isoformat(),
                "start": row.start.isoformat(),
            },
        ),
    )


def _move_too_early(
    row: RosterRow, assignment: OrgAssignment, positions: _PositionIndex
) -> RowProblem:
    """A move to another position that would start on or before an assignment the person has."""
    return RowProblem(
        row.row,
        "start",
        Problem(
            N_(
                "{name} cannot move to {target} on {start}: they hold {position} from {since}, "
                "and a move must start after that day (write a later start date, or change the "
                "history in the organisation)"
            ),
            None,
            {
                "name": row.name,
                "target": _position_text((row.unit_path, row.position)),
                "position": positions.describe(assignment.position_id),
                "since": assignment.start.isoformat(),
                "start": row.start.isoformat(),
            },
        ),
    )


def _position_text(key: PositionKey) -> str:
    return f"{path_text(key[0])} · {key[1]}"


def _next_code(prefix: str, taken: Iterable[str]) -> _Codes:
    return _Codes(prefix, set(taken))


class _Codes:
    """New codes ``U0001``, ``U0002``… skipping those the firm uses already."""

    def __init__(self, prefix: str, taken: set[str]):
        self.prefix, self.taken, self.number = prefix, taken, 0

    def __call__(self) -> str:
        while True:
            self.number += 1
            code = f"{self.prefix}{self.number:04d}"
            if code not in self.taken:
                self.taken.add(code)
                return code


class _UnitIndex:
    """The working tree's units by path (archived units, and those under one, are not matched:
    their paths are kept to say so)."""

    def __init__(self, units: Sequence[OrgUnit]):
        live = {unit.id: unit for unit in units if not unit.archived}
        every = {unit.id: unit for unit in units}
        self.by_id = live
        self.kind_of = {unit.id: unit.kind for unit in units}
        self.by_path: dict[UnitPath, list[int]] = {}  # two siblings of one name: both
        self.path_of: dict[int, UnitPath] = {}
        for unit in live.values():
            path = self._path(unit, live)
            if path is not None:
                self.by_path.setdefault(path, []).append(unit.id)
                self.path_of[unit.id] = path
        self.archived: set[UnitPath] = set()
        for unit in every.values():
            path = self._path(unit, every)
            if path is not None and unit.id not in self.path_of:
                self.archived.add(path)
        self.roots = [unit for unit in live.values() if unit.parent_id is None]
        self.next_code = _next_code("U", (unit.code for unit in units))

    @staticmethod
    def _path(unit: OrgUnit, live: Mapping[int, OrgUnit]) -> UnitPath | None:
        parts = [unit.name.strip()]
        seen = {unit.id}
        parent = unit.parent_id
        while parent is not None:
            above = live.get(parent)
            if above is None or above.id in seen:
                return None  # under an archived unit: not in the working tree
            parts.append(above.name.strip())
            seen.add(above.id)
            parent = above.parent_id
        return tuple(reversed(parts))

    def under_root(self, path: UnitPath) -> UnitPath:
        """A firm with one top-level unit: a path that does not start with it starts under it
        (``营销部门/公众客户部`` is ``分公司/营销部门/公众客户部``), never a second top level."""
        if len(self.roots) != 1 or not path:
            return path
        root = self.roots[0].name.strip()
        return path if path[0] == root else (root, *path)

    def find(self, path: UnitPath) -> int | None:
        """The one unit at ``path`` (None when there is none, or more than one)."""
        found = self.by_path.get(path, [])
        return found[0] if len(found) == 1 else None


class _PositionIndex:
    def __init__(self, positions: Sequence[OrgPosition], units: _UnitIndex):
        self.units = units
        self.by_key: dict[tuple[UnitPath, str], list[OrgPosition]] = {}
        self.archived: set[tuple[UnitPath, str]] = set()
        self.by_id = {position.id: position for position in positions}
        for position in positions:
            path = units.path_of.get(position.unit_id)
            if path is None:
                continue
            key = (path, position.name.strip())
            if position.archived:
                self.archived.add(key)
            else:
                self.by_key.setdefault(key, []).append(position)
        self.next_code = _next_code("P", (position.code for position in positions))

    def find(self, key: tuple[UnitPath, str]) -> OrgPosition | None:
        """The one position of that name in that unit (None: none, or more than one)."""
        found = self.by_key.get(key, [])
        return found[0] if len(found) == 1 else None

    def describe(self, position_id: int) -> str:
        position = self.by_id.get(position_id)
        if position is None:
            return str(position_id)
        path = self.units.path_of.get(position.unit_id)
        return _position_text((path, position.name)) if path else position.name


__all__ = [
    "EMPLOYEE_CLASSES",
    "AssignmentEnd",
    "AssignmentStart",
    "NewPerson",
    "NewPosition",
    "NewUnit",
    "OrgAssignment",
    "OrgPerson",
    "OrgPosition",
    "OrgUnit",
    "Organisation",
    "PathError",
    "PersonUpdate",
    "PositionUpdate",
    "RosterPlan",
    "RosterRow",
    "RowProblem",
    "class_code",
    "duplicate_numbers",
    "class_word",
    "parse_unit_path",
    "path_text",
    "plan",
]
