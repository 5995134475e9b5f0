"""The rules of the organisation (METHOD.md §2–§3): the kinds of unit and what may sit under
what, the employee classes a position takes its §7 period shares from, when a unit, a position
or a person may be deleted (and the sentence why not), who reports to whom without a cycle, and
the holder history: a person moves, the old assignment ends the day before.

Plain functions over plain values: the organisation service asks them, the UI shows what they
answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from kpidesk.i18n import N_

from .policy import DEFAULT_PERIOD_SHARES, EMPLOYEE_CLASS_NAMES
from .problems import KpideskError, Problem, joined, term

# Kinds of organisation unit, from the top down (§2: 公司/事业部/部门/二级部; the demo's
# business hall is a team, 班组). A unit's kind ranks below its parent's.
UNIT_KINDS: tuple[str, ...] = ("company", "division", "department", "sub_department", "team")
UNIT_KIND_WORDS: dict[str, str] = {
    "company": N_("company"),
    "division": N_("division"),
    "department": N_("department"),
    "sub_department": N_("sub-department"),
    "team": N_("team"),
}

# The employee classes a position belongs to: each has its own §7 period shares.
EMPLOYEE_CLASSES: tuple[str, ...] = tuple(DEFAULT_PERIOD_SHARES)
EMPLOYEE_CLASS_WORDS = EMPLOYEE_CLASS_NAMES  # one home: core.policy (销售服务类 / 研发类 / 管理类)

UNIT_CODE_PREFIX, POSITION_CODE_PREFIX, EMPLOYEE_CODE_PREFIX = "U", "P", "E"


def unit_kind_word(kind: str) -> Problem:
    """A unit's kind as a word shown inside a message or a menu (an unknown kind as it is)."""
    return term(UNIT_KIND_WORDS.get(kind, kind))


def employee_class_word(employee_class: str) -> Problem:
    if employee_class not in EMPLOYEE_CLASS_WORDS:
        return term(employee_class)
    context, english = EMPLOYEE_CLASS_WORDS[employee_class]
    return term(english, context)


def _rank(kind: str) -> int:
    return UNIT_KINDS.index(kind) if kind in UNIT_KINDS else len(UNIT_KINDS)


def kind_fits(kind: str, parent_kind: str | None, child_kinds: Iterable[str] = ()) -> bool:
    """Whether a unit of ``kind`` may sit under a parent of ``parent_kind`` (None: at the top)
    and above children of ``child_kinds``: each level ranks strictly below the one above it."""
    if kind not in UNIT_KINDS:
        return False
    if parent_kind is not None and _rank(kind) <= _rank(parent_kind):
        return False
    return all(_rank(child) > _rank(kind) for child in child_kinds)


def kinds_allowed(parent_kind: str | None, child_kinds: Iterable[str] = ()) -> list[str]:
    """The kinds a unit may take under ``parent_kind`` and above ``child_kinds``."""
    children = list(child_kinds)
    return [kind for kind in UNIT_KINDS if kind_fits(kind, parent_kind, children)]


# What a new unit is by default under a parent of each kind: a company's units are mostly
# departments (the demo's 分公司 → 营销部门), a division's too; then a level down.
DEFAULT_CHILD_KIND: dict[str | None, str] = {
    None: "company",
    "company": "department",
    "division": "department",
    "department": "sub_department",
    "sub_department": "team",
    "team": "team",
}


def child_kind(parent_kind: str | None) -> str:
    """The kind a new unit takes under ``parent_kind`` (a team under a team is refused)."""
    return DEFAULT_CHILD_KIND.get(parent_kind, "team")


def kind_refusal(
    name: str, kind: str, parent_kind: str | None, child_kinds: Iterable[str] = ()
) -> Problem | None:
    """Why ``name`` cannot be of ``kind`` where it stands, or None when it can."""
    children = list(child_kinds)
    if kind not in UNIT_KINDS:
        return Problem(
            N_("{kind} is not a kind of unit; choose one of {kinds}"),
            "kind",
            {"kind": kind, "kinds": joined(unit_kind_word(k) for k in UNIT_KINDS)},
        )
    if parent_kind is not None and _rank(kind) <= _rank(parent_kind):
        return Problem(
            N_(
                "{name} cannot be a {kind}: it belongs to a {parent}, and a unit ranks below its parent"
            ),
            "kind",
            {"name": name, "kind": unit_kind_word(kind), "parent": unit_kind_word(parent_kind)},
        )
    higher = [child for child in children if _rank(child) <= _rank(kind)]
    if higher:
        return Problem(
            N_("{name} cannot be a {kind}: it holds a {child}, which must rank below it"),
            "kind",
            {"name": name, "kind": unit_kind_word(kind), "child": unit_kind_word(higher[0])},
        )
    return None


def employee_class_refusal(employee_class: str) -> Problem | None:
    if employee_class in EMPLOYEE_CLASSES:
        return None
    return Problem(
        N_("{value} is not an employee class; choose one of {classes}"),
        "employee_class",
        {
            "value": employee_class,
            "classes": joined(employee_class_word(c) for c in EMPLOYEE_CLASSES),
        },
    )


def next_code(prefix: str, existing: Iterable[str]) -> str:
    """The next free code ``prefix`` + three digits (U001, U002 …) after the highest in use,
    so nobody has to type a code they do not care about."""
    taken = set(existing)
    numbers = [
        int(code[len(prefix) :])
        for code in taken
        if code.startswith(prefix) and code[len(prefix) :].isdigit()
    ]
    number = max(numbers, default=0) + 1
    while f"{prefix}{number:03d}" in taken:  # pragma: no cover - max()+1 is free
        number += 1
    return f"{prefix}{number:03d}"


# A unit's, position's or person's name is one line a tree row, a contract header and a PDF
# can show (the KPI dictionary caps its names alike); an employee number is one word HR types
# and a roster matches on.
MAX_NAME_LENGTH = 200
MAX_CODE_LENGTH = 64


def name_refusal(name: str, what: str) -> Problem | None:
    """Why ``name`` (trimmed) cannot name a ``what`` (the word for the thing named): empty,
    broken over lines, or longer than ``MAX_NAME_LENGTH``; None when it can."""
    text = name.strip()
    if not text:
        return Problem(N_("A {what} needs a name."), "name", {"what": term(what)})
    if any(not ch.isprintable() for ch in text):
        return Problem(
            N_("The name of a {what} is one line: remove the line break or tab from {name}"),
            "name",
            {"what": term(what), "name": " ".join(text.split())[:40]},
        )
    if len(text) > MAX_NAME_LENGTH:
        return Problem(
            N_("The name of a {what} has at most {limit} characters; {name}… has {count}"),
            "name",
            {"what": term(what), "limit": MAX_NAME_LENGTH, "name": text[:20], "count": len(text)},
        )
    return None


def employee_code_refusal(code: str) -> Problem | None:
    """Why ``code`` (trimmed) cannot be an employee number: spaces or line breaks inside it,
    characters that cannot be printed, or more than ``MAX_CODE_LENGTH``; None when it can (an
    empty code means: give one)."""
    text = code.strip()
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        return Problem(
            N_("An employee number has no spaces or line breaks: {code}"),
            "code",
            {"code": " ".join(text.split())[:40]},
        )
    if len(text) > MAX_CODE_LENGTH:
        return Problem(
            N_("An employee number has at most {limit} characters; {code}… has {count}"),
            "code",
            {"limit": MAX_CODE_LENGTH, "code": text[:20], "count": len(text)},
        )
    return None


def _same_name(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def sibling_unit_refusal(name: str, parent: str | None, siblings: Iterable[str]) -> Problem | None:
    """Two units of one parent (``parent`` None: at the top) with one name cannot be told apart
    in a roster's path (分公司/营销部门) or a list: refused, the name said."""
    if not any(_same_name(name, other) for other in siblings):
        return None
    if parent is None:
        return Problem(
            N_("There is already a top-level unit named {name}: choose another name"),
            "name",
            {"name": name.strip()},
        )
    return Problem(
        N_("{parent} already has a unit named {name}: choose another name"),
        "name",
        {"parent": parent, "name": name.strip()},
    )


def position_name_refusal(name: str, unit: str, others: Iterable[str]) -> Problem | None:
    """Two positions of one unit with one name cannot be told apart: refused, the name said."""
    if not any(_same_name(name, other) for other in others):
        return None
    return Problem(
        N_("{unit} already has a position named {name}: choose another name"),
        "name",
        {"unit": unit, "name": name.strip()},
    )


def free_name(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base 2``, ``base 3`` … : the first that none of ``taken`` has, so a new
    row gets a name its siblings do not already have."""
    names = {t.strip().casefold() for t in taken}
    if base.casefold() not in names:
        return base
    number = 2
    while f"{base} {number}".casefold() in names:
        number += 1
    return f"{base} {number}"


# deleting: what refers to a thing keeps it -------------------------------------------------
@dataclass(frozen=True)
class UnitUse:
    """What refers to a unit and so keeps it from being deleted."""

    sub_units: int = 0
    positions: int = 0  # archived ones too: their contracts and history name the unit
    tree_nodes: int = 0  # value-tree nodes the unit owns

    def parts(self) -> list[Problem]:
        found = []
        if self.sub_units:
            found.append(Problem(N_("sub-units ({count})"), None, {"count": self.sub_units}))
        if self.positions:
            found.append(Problem(N_("positions ({count})"), None, {"count": self.positions}))
        if self.tree_nodes:
            found.append(
                Problem(N_("value-tree nodes it owns ({count})"), None, {"count": self.tree_nodes})
            )
        return found


@dataclass(frozen=True)
class PositionUse:
    """What refers to a position and so keeps it from being deleted."""

    contracts: int = 0
    assignments: int = 0  # holders, past or present: the history stays
    tree_nodes: int = 0
    reports: int = 0  # positions that report to it

    def parts(self) -> list[Problem]:
        found = []
        if self.contracts:
            found.append(Problem(N_("contracts ({count})"), None, {"count": self.contracts}))
        if self.assignments:
            found.append(
                Problem(N_("holders in its history ({count})"), None, {"count": self.assignments})
            )
        if self.tree_nodes:
            found.append(
                Problem(N_("value-tree nodes it owns ({count})"), None, {"count": self.tree_nodes})
            )
        if self.reports:
            found.append(
                Problem(N_("positions reporting to it ({count})"), None, {"count": self.reports})
            )
        return found


def deletion_refusal(name: str, use: UnitUse | PositionUse) -> Problem | None:
    """Why a unit or position cannot be deleted (what refers to it, and what to do instead),
    or None."""
    parts = use.parts()
    if not parts:
        return None
    return Problem(
        N_(
            "{name} cannot be deleted: it has {uses}. Archive it instead: it leaves the tree and its history stays."
        ),
        None,
        {"name": name, "uses": joined(parts)},
    )


# archiving: what still runs keeps a unit or position in the working tree --------------------
def archive_refusal(
    name: str, holders: Iterable[str], open_contracts: Iterable[str]
) -> Problem | None:
    """Why ``name`` (a unit or position) cannot be archived: archiving hides it and what it
    holds, so people who still hold a position in it (``holders``) and contracts of the year
    not yet closed (``open_contracts``: each said as its position and contractee) would vanish
    from the working tree. None when nothing runs there."""
    people, contracts = list(dict.fromkeys(holders)), list(open_contracts)
    if people and contracts:
        return Problem(
            N_(
                "{name} cannot be archived: current holders {holders}; contracts of this year not closed: {contracts}. End the assignments and close the contracts first."
            ),
            None,
            {"name": name, "holders": joined(people), "contracts": joined(contracts)},
        )
    if people:
        return Problem(
            N_(
                "{name} cannot be archived: current holders {holders}. End their assignments first."
            ),
            None,
            {"name": name, "holders": joined(people)},
        )
    if contracts:
        return Problem(
            N_(
                "{name} cannot be archived: contracts of this year not closed: {contracts}. Close the contracts first."
            ),
            None,
            {"name": name, "contracts": joined(contracts)},
        )
    return None


def archived_refusal(name: str, what: str) -> Problem:
    """Nothing new goes into an archived unit or position: it is out of the working tree."""
    return Problem(
        N_("{name} is archived: bring the {what} back from the archive first"),
        None,
        {"name": name, "what": term(what)},
    )


# reporting lines ---------------------------------------------------------------------------
def reports_to_refusal(
    position_id: int, boss_id: int | None, reports_to: Mapping[int, int | None], name: str
) -> Problem | None:
    """A position may not report to itself or to anyone below it (a cycle would make nobody
    the top): ``reports_to`` maps each position to whom it reports now."""
    if boss_id is None:
        return None
    seen: set[int] = set()
    current: int | None = boss_id
    while current is not None and current not in seen:
        if current == position_id:
            return Problem(
                N_("{name} cannot report to itself or to a position that reports to it"),
                "reports_to",
                {"name": name},
            )
        seen.add(current)
        current = reports_to.get(current)
    return None


# holders ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Assignment:
    id: int
    employee_id: int
    position_id: int
    start: date
    end: date | None = None

    def holds_on(self, on: date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)

    def open_on_or_after(self, on: date) -> bool:
        """Still running on ``on`` or later: ``on`` would cut it short."""
        return self.end is None or self.end >= on


def day_before(start: date) -> date:
    """A person moves on ``start``: the assignment they leave ends the day before, so no day
    is held twice and none is lost."""
    return start - timedelta(days=1)


@dataclass(frozen=True)
class AssignmentPlan:
    """What assigning a person from a date does: which assignments end, and when."""

    ends: tuple[tuple[int, date], ...]  # (assignment id, its new end)


def assignment_plan(
    employee_id: int,
    position_id: int,
    start: date,
    assignments: Iterable[Assignment],
    *,
    employee: str,
    position: str,
    key_position: bool = True,
) -> AssignmentPlan:
    """Assign ``employee_id`` to ``position_id`` from ``start``: the person's own running
    assignments (another position, or this one already) end the day before, and so does the
    running holder of a key position — a key position has one holder, who signs its contract
    (§2). A position that is not key may have several holders (a roster's many 客户经理): the
    others stay. An assignment that starts on or after ``start`` cannot be cut short that way:
    refused with the reason (the history would be rewritten, not continued)."""
    ends: list[tuple[int, date]] = []
    for held in assignments:
        concerned = held.employee_id == employee_id or (
            key_position and held.position_id == position_id
        )
        if not concerned or not held.open_on_or_after(start):
            continue
        same = held.employee_id == employee_id and held.position_id == position_id
        if same and held.start <= start and held.end is None:
            raise KpideskError(
                Problem(
                    N_("{employee} already holds {position} since {since}"),
                    "start",
                    {"employee": employee, "position": position, "since": held.start.isoformat()},
                )
            )
        if held.start >= start:
            raise KpideskError(
                Problem(
                    N_(
                        "An assignment from {start} is already recorded for {who}; choose a date after {start}"
                    ),
                    "start",
                    {
                        "start": held.start.isoformat(),
                        "who": employee if held.employee_id == employee_id else position,
                    },
                )
            )
        ends.append((held.id, day_before(start)))
    return AssignmentPlan(tuple(ends))


def end_refusal(start: date, end: date) -> Problem | None:
    """An assignment cannot end before it starts."""
    if end >= start:
        return None
    return Problem(
        N_("An assignment that starts on {start} cannot end on {end}, before it starts"),
        "end",
        {"start": start.isoformat(), "end": end.isoformat()},
    )


# who holds what -----------------------------------------------------------------------------
@dataclass(frozen=True)
class HeldPosition:
    """One assignment as the people page shows it."""

    assignment_id: int
    position_id: int
    position: str
    unit: str
    start: date
    end: date | None = None


@dataclass(frozen=True)
class PersonRow:
    id: int
    code: str
    name: str
    archived: bool
    current: tuple[HeldPosition, ...]  # held on the day asked about
    history: tuple[HeldPosition, ...]  # every assignment, oldest first
    # Whether each current key position has a contract this year: None when they hold no key
    # position (nothing is missing), False when one lacks it.
    contract_this_year: bool | None = None


@dataclass(frozen=True)
class VacantPosition:
    position_id: int
    position: str
    unit: str


@dataclass(frozen=True)
class People:
    persons: tuple[PersonRow, ...]
    vacant: tuple[VacantPosition, ...]  # positions nobody holds on the day
    # Holders of key positions without a contract for the year (employee id, position id).
    without_contract: tuple[tuple[int, int], ...]
