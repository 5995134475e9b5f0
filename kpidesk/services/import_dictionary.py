"""What an import may not do to a KPI dictionary entry a signed contract uses: rename it or
turn its direction (or its unit, its English name) around without anyone saying so. A signed
contract shows its KPIs as they were signed; the dictionary edit (``DictionaryService.edit``)
refuses the same change, and the import refuses it by row, naming what would change."""

from __future__ import annotations

from kpidesk.core.dictionary import SHOWN_WHEN_SIGNED, sealed_uses, where_words
from kpidesk.core.lifecycle import LIFECYCLE, STATUSES
from kpidesk.core.problems import Problem, joined, term
from kpidesk.i18n import N_
from kpidesk.storage.dictionary_repo import DictionaryRepository

_SEALED = {status: LIFECYCLE.is_sealed(status) for status in STATUSES}
# The column of the dictionary sheet each entry field is read from.
FIELD_COLUMNS = {
    "name": "kpi",
    "name_en": "kpi_en",
    "definition": "definition",
    "formula": "formula",
    "unit": "unit_of_measure",
    "direction": "direction",
    "category": "category",
    "quantitative": "quantitative",
    "data_source": "data_source",
    "cycle": "cycle",
    "monitoring": "monitoring",
}
_DIRECTION_WORDS = {"higher": N_("higher is better"), "lower": N_("lower is better")}


def _change(name: str, old: object, new: object) -> Problem:
    if name == "name":
        return Problem(N_("rename it to '{new}'"), None, {"new": new})
    if name == "direction":
        return Problem(
            N_("turn its direction from '{old}' to '{new}'"),
            None,
            {"old": term(_DIRECTION_WORDS[str(old)]), "new": term(_DIRECTION_WORDS[str(new)])},
        )
    if name == "unit":
        return Problem(
            N_("change its unit of measure from '{old}' to '{new}'"), None, {"old": old, "new": new}
        )
    return Problem(N_("change its English name to '{new}'"), None, {"new": new})


def sealed_refusal(
    repo: DictionaryRepository, entry_id: int, code: str, fields: dict[str, object]
) -> Problem | None:
    """Why the import may not give entry ``entry_id`` these ``fields`` (None: it may): a field
    a signed contract shows would change while a signed or closed contract uses the entry."""
    entry = repo.entry(entry_id)
    shown = [
        name
        for name in SHOWN_WHEN_SIGNED
        if name in fields and fields[name] != getattr(entry, name)
    ]
    if not shown:
        return None
    sealed = sealed_uses(repo.usage(entry_id), _SEALED)
    if not sealed:
        return None
    return Problem(
        N_(
            "KPI {code} '{name}' is used by signed contracts: {where}. An import may not "
            "{changes}; revise it in the KPI dictionary first, where the change is recorded, "
            "or give the new meaning a new KPI."
        ),
        None,
        {
            "code": code,
            "name": entry.name,
            "where": where_words(sealed),
            "changes": joined(
                [_change(name, getattr(entry, name), fields[name]) for name in shown]
            ),
        },
    )
