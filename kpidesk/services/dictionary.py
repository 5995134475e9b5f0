"""The KPI dictionary (METHOD.md §4): reading, searching, and the edits of its entries, one
transaction each, each returning an ``OpResult`` whose undo is another call here (see
``services/editing.py``). Storage audits every write; a signed contract's line keeps the KPI
it was signed with (``core.dictionary.merge_problems``) and the name it shows
(``core.dictionary.SHOWN_WHEN_SIGNED``)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager

from kpidesk.core.changes import Changes, OpResult
from kpidesk.core.dictionary import (
    DictionaryEntry,
    EntryFilter,
    MergePlan,
    Usage,
    changed_fields,
    cleaned,
    entry_problems,
    field_terms,
    following_labels,
    matches,
    merge_problems,
    next_code,
    sealed_changes,
    sealed_uses,
    search_text,
    where_words,
)
from kpidesk.core.lifecycle import LIFECYCLE, STATUSES
from kpidesk.i18n import N_, language
from kpidesk.services.editing import EditRefused, edit_transaction
from kpidesk.storage.dictionary_repo import DictionaryRepository
from kpidesk.storage.document import Document
from kpidesk.storage.firm_repo import FirmRepository

_SEALED = {status: LIFECYCLE.is_sealed(status) for status in STATUSES}
DICTIONARY = Changes(dictionary=True)


class DictionaryService:
    def __init__(self, document: Document):
        self.document = document

    @contextmanager
    def _edit(self):
        with edit_transaction(self.document) as session:
            yield DictionaryRepository(session), FirmRepository(session)

    # reading ------------------------------------------------------------------------------------
    def entries(self) -> list[DictionaryEntry]:
        with self.document.reading() as session:
            return DictionaryRepository(session).entries()

    def entry(self, entry_id: int) -> DictionaryEntry:
        with self.document.reading() as session:
            return DictionaryRepository(session).entry(entry_id)

    def categories(self) -> dict[str, str]:
        """The firm's category codes and their names in the language in force, in order."""
        zh = language().startswith("zh")
        with self.document.reading() as session:
            firm = FirmRepository(session)
            return {
                c.code: (c.name_zh if zh else c.name_en) or c.code
                for c in firm.categories(firm.policy().category_set)
            }

    def search(
        self, text: str = "", filters: EntryFilter | None = None
    ) -> list[DictionaryEntry]:
        """The entries matching every word of ``text`` (name, English name, pinyin, code,
        category, unit, data source, owner level) and the exact ``filters``."""
        names = self.categories()
        filters = filters or EntryFilter()
        return [
            entry
            for entry in self.entries()
            if filters.accepts(entry)
            and matches(search_text(entry, names.get(entry.category, "")), text)
        ]

    def where_used(self, entry_id: int) -> Usage:
        with self.document.reading() as session:
            return DictionaryRepository(session).usage(entry_id)

    def use_counts(self) -> dict[int, int]:
        with self.document.reading() as session:
            return DictionaryRepository(session).use_counts()

    def next_code(self) -> str:
        with self.document.reading() as session:
            return next_code(DictionaryRepository(session).codes())

    def merge_plan(self, survivor_id: int, merged_id: int) -> MergePlan:
        with self.document.reading() as session:
            return self._plan(DictionaryRepository(session), survivor_id, merged_id)

    @staticmethod
    def _plan(repo: DictionaryRepository, survivor_id: int, merged_id: int) -> MergePlan:
        return MergePlan(repo.entry(survivor_id), repo.entry(merged_id), repo.usage(merged_id))

    @staticmethod
    def _check(
        repo: DictionaryRepository,
        firm: FirmRepository,
        entry: DictionaryEntry,
        check_name: bool = True,
    ) -> None:
        """Refuse ``entry`` if it is not valid. ``check_name`` False: its name is the one it
        had (an edit of other fields), not compared with the others' again — a firm whose
        dictionary came with two entries of one name can still make each clearer."""
        categories = [c.code for c in firm.categories(firm.policy().category_set)]
        names = repo.names(except_id=entry.id) if check_name else ()
        problems = entry_problems(entry, categories, repo.codes(except_id=entry.id), names)
        if problems:
            raise EditRefused(problems)

    # edits --------------------------------------------------------------------------------------
    def create(self, fields: Mapping[str, object]) -> OpResult:
        """A new entry (its code the next of K001… when none is given); the value is its id,
        the undo deletes it."""
        with self._edit() as (repo, firm):
            draft = dict(fields)
            if not str(draft.get("code", "")).strip():
                draft["code"] = next_code(repo.codes())
            if not draft.get("category"):
                categories = firm.categories(firm.policy().category_set)
                draft["category"] = categories[0].code if categories else ""
            entry = cleaned(DictionaryEntry(**draft))  # type: ignore[arg-type]
            self._check(repo, firm, entry)
            entry_id = repo.insert(entry)
        return OpResult(entry_id, DICTIONARY, lambda: self.delete(entry_id))

    def restore(self, entry: DictionaryEntry) -> OpResult:
        """Undo of ``delete`` (and redo of ``create``): the entry back with its id."""
        with self._edit() as (repo, firm):
            self._check(repo, firm, entry)
            entry_id = repo.insert(entry)
        return OpResult(entry_id, DICTIONARY, lambda: self.delete(entry_id))

    def edit(self, entry_id: int, fields: Mapping[str, object]) -> OpResult:
        """Change some fields of an entry in one step; the value is what they were. An entry a
        signed contract uses keeps what that contract shows (its name, English name, direction
        and unit): changing one is refused naming the contracts — its definition, doubt points,
        agreed reading, formula, data source and the rest may still be made clearer."""
        with self._edit() as (repo, firm):
            old = repo.entry(entry_id)
            new = cleaned(old.with_fields(fields))
            changes = changed_fields(old, new)
            if not changes:
                raise EditRefused(N_("Nothing changed."))
            self._check(repo, firm, new, check_name=new.name != old.name)
            shown = sealed_changes(old, new)
            if shown:
                sealed = sealed_uses(repo.usage(entry_id), _SEALED)
                if sealed:
                    raise EditRefused(
                        N_(
                            "'{name}' is used by signed contracts, which show it as signed "
                            "({fields}): {where}. Change its definition texts, or make a new "
                            "KPI for the new meaning."
                        ),
                        "name",
                        name=old.name,
                        fields=field_terms(shown),
                        where=where_words(sealed),
                    )
            before = repo.update(entry_id, changes)
            # Nodes showing the KPI's name follow it (undo renames them back the same way).
            labels = following_labels(repo.usage(entry_id).nodes, old.name, new.name)
            repo.label_nodes(labels)
        changed = Changes(dictionary=True, value_tree=bool(labels))
        return OpResult(before, changed, lambda: self.edit(entry_id, before))

    def delete(self, entry_id: int) -> OpResult:
        """Remove an entry nobody uses; the value is the entry, the undo puts it back with its
        id. An entry a contract line or a tree node uses is refused, naming where."""
        with self._edit() as (repo, _firm):
            entry = repo.entry(entry_id)
            usage = repo.usage(entry_id)
            sealed = sealed_uses(usage, _SEALED)
            if sealed:
                # A merge would be refused too (a signed contract keeps its KPI): no dead end.
                raise EditRefused(
                    N_(
                        "'{name}' cannot be deleted: it is used by {where}. Signed contracts "
                        "keep the KPI they were signed with, so it stays in the dictionary as "
                        "long as they use it."
                    ),
                    None,
                    name=entry.name,
                    where=where_words(usage),
                )
            if usage:
                raise EditRefused(
                    N_("'{name}' cannot be deleted: it is used by {where}. Merge it into another KPI instead."),
                    None,
                    name=entry.name,
                    where=where_words(usage),
                )
            repo.delete(entry_id)
        return OpResult(entry, DICTIONARY, lambda: self.restore(entry))

    def merge(self, survivor_id: int, merged_id: int) -> OpResult:
        """Every contract line and tree node of ``merged_id`` moves to ``survivor_id`` and the
        merged entry goes, in one transaction; the value is the ``MergePlan`` (what moved), the
        undo (``unmerge``) puts every line and node back and the entry with its id."""
        with self._edit() as (repo, _firm):
            plan = self._plan(repo, survivor_id, merged_id)
            problems = merge_problems(plan, _SEALED)
            if problems:
                raise EditRefused(problems)
            repo.point_lines({line_id: survivor_id for line_id in plan.line_ids})
            repo.point_nodes({node_id: survivor_id for node_id in plan.node_ids})
            # Nodes showing the merged KPI's name now show the survivor's; unmerge puts back
            # every label from the plan.
            repo.label_nodes(
                following_labels(plan.usage.nodes, plan.merged.name, plan.survivor.name)
            )
            repo.delete(merged_id)
        return OpResult(plan, self._moved(plan), lambda: self.unmerge(plan))

    def unmerge(self, plan: MergePlan) -> OpResult:
        """Undo of ``merge``: the merged entry back with its id, its lines and nodes with it."""
        with self._edit() as (repo, _firm):
            repo.insert(plan.merged)
            repo.point_lines({line_id: plan.merged.id for line_id in plan.line_ids})
            repo.point_nodes({node_id: plan.merged.id for node_id in plan.node_ids})
            repo.label_nodes({node.node_id: node.label for node in plan.usage.nodes})
        return OpResult(
            plan, self._moved(plan), lambda: self.merge(plan.survivor.id, plan.merged.id)
        )

    @staticmethod
    def _moved(plan: MergePlan) -> Changes:
        contracts = plan.contract_ids
        return Changes(
            value_tree=bool(plan.node_ids),
            contract=next(iter(contracts)) if len(contracts) == 1 else None,
            lines=frozenset(plan.line_ids),
            dictionary=True,
        )

