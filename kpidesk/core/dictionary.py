"""The KPI dictionary (METHOD.md §4, §5 step 2): what an entry holds, what makes it valid, how
it is found by what people type, and what merging two entries moves.

An entry is the firm's one definition of an indicator: its name (Chinese and English), its
meaning (内涵) with the points a reader may doubt (疑点) and the reading everyone agreed on
(共识), its formula, unit, direction, category, whether it is quantitative, who provides the
data, its assessment cycle and the level that owns it. Contract lines and value-tree nodes
point at an entry; a signed contract shows its name, so the name of an entry a signed contract
uses does not change silently (``sealed_changes``)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, fields, replace

from kpidesk.i18n import N_

from .problems import Problem, joined, term

DIRECTIONS = ("higher", "lower")
CYCLES = ("month", "quarter", "half", "year")
# Words for the stored codes, put into words where shown.
DIRECTION_WORDS = {"higher": N_("Higher is better"), "lower": N_("Lower is better")}
CYCLE_WORDS = {"month": N_("month"), "quarter": N_("quarter"), "half": N_("half"), "year": N_("year")}
# A new entry's code when the user leaves it empty: K001, K002 …
CODE_PREFIX = "K"
MAX_CODE = 64  # the stored column's width
MAX_NAME = 200


@dataclass(frozen=True)
class DictionaryEntry:
    """One KPI of the firm's dictionary (§4). ``id`` is 0 for an entry not stored yet."""

    code: str
    name: str
    category: str
    name_en: str = ""
    definition: str = ""  # 内涵
    doubt_points: str = ""  # 疑点
    agreed_reading: str = ""  # 共识 / 约定解释
    formula: str = ""
    unit: str = ""
    direction: str = "higher"
    quantitative: bool = True
    data_source: str = ""
    cycle: str = "month"
    owner_level: str = ""
    monitoring: bool = False  # tracked, not scored (§4 second screening)
    id: int = 0

    def fields(self) -> dict[str, object]:
        """The stored fields (everything but the id), by name."""
        return {name: getattr(self, name) for name in ENTRY_FIELDS}

    def with_fields(self, changes: Mapping[str, object]) -> DictionaryEntry:
        unknown = set(changes) - set(ENTRY_FIELDS)
        if unknown:
            raise KeyError(f"not a dictionary field: {sorted(unknown)}")  # a bug, not the user's
        return replace(self, **changes)  # type: ignore[arg-type]


ENTRY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(DictionaryEntry) if f.name != "id")
# What a field is called in a message (the form's labels say the same).
FIELD_WORDS = {
    "code": N_("Code"),
    "name": N_("KPI name"),
    "name_en": N_("English name"),
    "definition": N_("Definition"),
    "doubt_points": N_("Doubt points"),
    "agreed_reading": N_("Agreed reading"),
    "formula": N_("Formula"),
    "unit": N_("Unit"),
    "direction": N_("Direction"),
    "category": N_("Category"),
    "quantitative": N_("Quantitative"),
    "data_source": N_("Data source"),
    "cycle": N_("Assessment cycle"),
    "owner_level": N_("Owner level"),
    "monitoring": N_("Monitoring only"),
}
# What a signed contract shows of its KPIs: changing one of these on an entry a signed contract
# uses would change what was signed without anyone saying so. Its definition texts may change.
SHOWN_WHEN_SIGNED = ("name", "name_en", "direction", "unit")


def cleaned(entry: DictionaryEntry) -> DictionaryEntry:
    """Surrounding spaces gone from every text (a pasted name often carries some)."""
    return replace(
        entry,
        **{
            name: value.strip()
            for name, value in entry.fields().items()
            if isinstance(value, str)
        },  # type: ignore[arg-type]
    )


def entry_problems(
    entry: DictionaryEntry,
    categories: Collection[str],
    codes_taken: Collection[str],
    names_taken: Collection[str] = (),
) -> list[Problem]:
    """What is wrong with ``entry`` (empty: nothing): a name no other entry has, a code no
    other entry has, a direction and cycle kpidesk knows, and one of the firm's
    ``categories``. ``codes_taken`` and ``names_taken`` are the codes and names of the other
    entries: two entries of one name would be one KPI defined twice (§4), and a picker or a
    contract showing the name could not tell them apart."""
    problems: list[Problem] = []
    name = entry.name.strip()
    if not name:
        problems.append(Problem(N_("A KPI needs a name."), "name"))
    elif len(entry.name) > MAX_NAME:
        problems.append(
            Problem(N_("The name is longer than {limit} characters."), "name", {"limit": MAX_NAME})
        )
    elif name.casefold() in {n.strip().casefold() for n in names_taken}:
        problems.append(
            Problem(
                N_("Another KPI is already called '{name}': open it, or merge the two."),
                "name",
                {"name": name},
            )
        )
    code = entry.code.strip()
    if not code:
        problems.append(Problem(N_("A KPI needs a code."), "code"))
    elif len(code) > MAX_CODE:
        problems.append(
            Problem(N_("The code is longer than {limit} characters."), "code", {"limit": MAX_CODE})
        )
    elif code.casefold() in {c.casefold() for c in codes_taken}:
        problems.append(
            Problem(N_("Another KPI already has the code '{code}'."), "code", {"code": code})
        )
    if entry.direction not in DIRECTIONS:
        problems.append(
            Problem(
                N_("Unknown direction '{direction}': higher or lower."),
                "direction",
                {"direction": entry.direction},
            )
        )
    if entry.cycle not in CYCLES:
        problems.append(
            Problem(
                N_("Unknown assessment cycle '{cycle}': month, quarter, half or year."),
                "cycle",
                {"cycle": entry.cycle},
            )
        )
    if entry.category not in categories:
        problems.append(
            Problem(
                N_("'{category}' is not one of the firm's categories ({categories})."),
                "category",
                {"category": entry.category, "categories": joined(list(categories))},
            )
        )
    return problems


def next_code(codes: Iterable[str]) -> str:
    """The next free code of the K001 series (K001 in an empty dictionary)."""
    pattern = re.compile(rf"{CODE_PREFIX}(\d+)", re.IGNORECASE)
    taken = {code.casefold() for code in codes}
    numbers = [int(m.group(1)) for code in taken if (m := pattern.fullmatch(code))]
    number = max(numbers, default=0) + 1
    while f"{CODE_PREFIX}{number:03d}".casefold() in taken:
        number += 1
    return f"{CODE_PREFIX}{number:03d}"


def sealed_changes(old: DictionaryEntry, new: DictionaryEntry) -> list[str]:
    """The fields a signed contract shows that this edit would change."""
    return [name for name in SHOWN_WHEN_SIGNED if getattr(old, name) != getattr(new, name)]


def changed_fields(old: DictionaryEntry, new: DictionaryEntry) -> dict[str, object]:
    """The fields ``new`` gives a different value, by name."""
    return {
        name: value for name, value in new.fields().items() if getattr(old, name) != value
    }


def field_terms(names: Iterable[str]) -> Problem:
    """Field names as a list in the user's words ("name, unit of measure")."""
    return joined([term(FIELD_WORDS.get(name, name)) for name in names])


# searching -------------------------------------------------------------------------------------
def pinyin_keys(name: str) -> str:
    """The pinyin initials and the toneless pinyin of a Chinese name ("khmyd kehumanyidu" for
    客户满意度): what a Chinese keyboard user types without switching the input method on."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries load in ~0.4 s: only when asked

    initials = "".join(syllable[0] for syllable in lazy_pinyin(name, style=Style.FIRST_LETTER))
    return f"{initials} {''.join(lazy_pinyin(name))}"


def search_text(entry: DictionaryEntry, category_name: str = "") -> str:
    """Everything an entry is found by, folded for comparison: names (and the Chinese name's
    pinyin), code, category (code and name), unit, data source and owner level."""
    parts = (
        entry.name,
        entry.name_en,
        pinyin_keys(entry.name),
        entry.code,
        entry.category,
        category_name,
        entry.unit,
        entry.data_source,
        entry.owner_level,
    )
    return " ".join(part for part in parts if part).casefold()


def matches(text: str, query: str) -> bool:
    """Every word of ``query`` appears in ``text`` (a ``search_text``), in any order and case."""
    return all(word in text for word in query.casefold().split())


@dataclass(frozen=True)
class EntryFilter:
    """Exact choices beside the typed search (empty: any)."""

    category: str = ""
    unit: str = ""
    data_source: str = ""
    owner_level: str = ""

    def accepts(self, entry: DictionaryEntry) -> bool:
        return all(
            not wanted or getattr(entry, name) == wanted
            for name, wanted in (
                ("category", self.category),
                ("unit", self.unit),
                ("data_source", self.data_source),
                ("owner_level", self.owner_level),
            )
        )


def filter_choices(entries: Iterable[DictionaryEntry], name: str) -> list[str]:
    """The distinct non-empty values of ``name`` over ``entries``, sorted: a filter's choices."""
    return sorted({str(getattr(entry, name)) for entry in entries if getattr(entry, name)})


# merging ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LineUse:
    """A contract line using an entry: where it is, for a message and for moving it."""

    line_id: int
    contract_id: int
    position_id: int
    position: str
    year: int
    status: str


@dataclass(frozen=True)
class NodeUse:
    node_id: int
    tree: str  # the tree's name (its code when it has none; empty: the firm's one tree)
    label: str


@dataclass(frozen=True)
class Usage:
    lines: tuple[LineUse, ...] = ()
    nodes: tuple[NodeUse, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.lines or self.nodes)


def where_words(usage: Usage, limit: int = 6) -> Problem:
    """Where an entry is used, as a list a message quotes: each contract (position and year)
    and each tree node, the first ``limit`` of them and how many more."""
    parts: list[Problem | str] = []
    seen: set[int] = set()
    for use in usage.lines:
        if use.contract_id in seen:
            continue
        seen.add(use.contract_id)
        parts.append(
            Problem(
                N_("the contract of {position} ({year}, {status})"),
                None,
                {"position": use.position, "year": use.year, "status": term(use.status)},
            )
        )
    for node in usage.nodes:
        parts.append(
            Problem(
                # "‹tree›: ‹label›" once: a tree is often called "value tree" itself.
                N_("the node '{tree}: {label}'")
                if node.tree
                else N_("the node '{label}' of the value tree"),
                None,
                {"label": node.label, "tree": node.tree} if node.tree else {"label": node.label},
            )
        )
    if len(parts) > limit:
        rest = len(parts) - limit
        parts = [*parts[:limit], Problem(N_("{count} more"), None, {"count": rest})]
    return joined(parts)


def following_labels(
    nodes: Iterable[NodeUse], old_name: str, new_name: str
) -> dict[int, str]:
    """The labels of the tree nodes that follow their KPI's name when it changes (a rename, or
    a merge into another entry): a node whose label is the KPI's name (``old_name``) shows the
    KPI and takes ``new_name``; a node the user gave a label of its own keeps it. By node id."""
    if old_name == new_name:
        return {}
    return {node.node_id: new_name for node in nodes if node.label == old_name}


def sealed_uses(usage: Usage, is_sealed: Mapping[str, bool]) -> Usage:
    """The lines of ``usage`` in contracts whose status is sealed (signed, closed)."""
    return Usage(tuple(use for use in usage.lines if is_sealed.get(use.status, False)), ())


@dataclass(frozen=True)
class MergePlan:
    """Merging ``merged`` into ``survivor``: the lines and nodes that move to the survivor."""

    survivor: DictionaryEntry
    merged: DictionaryEntry
    usage: Usage

    @property
    def line_ids(self) -> tuple[int, ...]:
        return tuple(use.line_id for use in self.usage.lines)

    @property
    def node_ids(self) -> tuple[int, ...]:
        return tuple(use.node_id for use in self.usage.nodes)

    @property
    def contract_ids(self) -> frozenset[int]:
        return frozenset(use.contract_id for use in self.usage.lines)


def merge_problems(plan: MergePlan, is_sealed: Mapping[str, bool]) -> list[Problem]:
    """Why the merge cannot be done (empty: it can). A signed contract's line keeps the KPI it
    was signed with (its ``indicator_id`` is sealed and an amendment moves targets, not the
    KPI): the merged entry must not be used by a signed or closed contract. The user merges
    the other way round (the entry the signed contracts use survives) or amends the contract."""
    if plan.survivor.id == plan.merged.id:
        return [Problem(N_("A KPI cannot be merged into itself."))]
    sealed = sealed_uses(plan.usage, is_sealed)
    if sealed:
        return [
            Problem(
                N_(
                    "'{merged}' is used by signed contracts, which keep the KPI they were signed "
                    "with: {where}. Merge the other way round ('{survivor}' into '{merged}') if "
                    "'{survivor}' is used only by contracts being drafted."
                ),
                None,
                {
                    "merged": plan.merged.name,
                    "survivor": plan.survivor.name,
                    "where": where_words(sealed),
                },
            )
        ]
    return []
