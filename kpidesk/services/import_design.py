"""The sheets of an export that carry the firm's design and policy rather than its people
and contracts: KPI categories, settings, value trees, periods. Mixed into ``Importer``, whose
``problem``, ``need``, ``_count`` and repositories they use."""

from __future__ import annotations

from kpidesk.core.errors import KpideskError, RuleError
from kpidesk.core.periods import Period
from kpidesk.core.valuetree import normalise_operator
from kpidesk.exchange.cells import SETTING_LIMIT, CellError, blank, flag, json_value, number, text
from kpidesk.exchange.reader import Sheet
from kpidesk.i18n import N_

_ABSENT = object()


class DesignSheets:
    def categories(self, sheet: Sheet) -> None:
        if not self.need(sheet, "category_code", "name_zh"):
            return
        known = {(c["category_set"], c["category_code"]) for c in self.repo.categories()}
        for sort, (row, cells) in enumerate(sheet.rows):
            code, name = text(sheet.get(cells, "category_code")), text(sheet.get(cells, "name_zh"))
            group = text(sheet.get(cells, "category_set")) or "default"
            if not code or not name:
                self.problem(sheet, row, "category_code", N_("a category needs a code and a name"))
                continue
            try:
                raw = sheet.get(cells, "default_weight")
                weight = 0.0 if blank(raw) else number(raw)
                deduction = flag(sheet.get(cells, "deduction"))
            except CellError as exc:
                self.problem(sheet, row, "default_weight", exc)
                continue
            if (group, code) not in known:
                known.add((group, code))
                self.firm_repo.add_category(
                    code,
                    name,
                    text(sheet.get(cells, "name_en")) or name,
                    weight,
                    deduction,
                    category_set=group,
                    sort=sort,
                )
                self._count(N_("categories"))

    def settings(self, sheet: Sheet) -> None:
        if not self.need(sheet, "setting", "value"):
            return
        for row, cells in sheet.rows:
            key = text(sheet.get(cells, "setting"))
            try:
                value = json_value(sheet.get(cells, "value"), SETTING_LIMIT)
            except CellError as exc:
                self.problem(sheet, row, "value", exc)
                continue
            if key and self.firm_repo.setting(key, _ABSENT) != value:
                self.firm_repo.set_setting(key, value)
                self._count(N_("settings"))

    def value_tree(self, sheet: Sheet) -> None:
        """A tree already in the document stays as it is; a new one is added whole."""
        if not self.need(sheet, "node", "label"):
            return
        existing = self.repo.tree_names()
        refs = {
            "kpi_code": self.repo.codes("indicators"),
            "owner_unit_code": self.repo.codes("units"),
            "owner_position_code": self.repo.codes("positions"),
        }
        nodes = []
        for row, cells in sheet.rows:
            tree = text(sheet.get(cells, "tree")) or "main"
            if tree in existing:
                continue
            try:
                node = int(number(sheet.get(cells, "node")))
                parent_cell = sheet.get(cells, "parent_node")
                parent = None if blank(parent_cell) else int(number(parent_cell))
                baseline_cell = sheet.get(cells, "baseline")
                baseline = None if blank(baseline_cell) else number(baseline_cell)
                operator = normalise_operator(text(sheet.get(cells, "operator")) or "+")
            except (CellError, RuleError) as exc:
                self.problem(sheet, row, None, exc)
                continue
            unknown = [
                key
                for key, known in refs.items()
                if text(sheet.get(cells, key)) and text(sheet.get(cells, key)) not in known
            ]
            if unknown:
                code = text(sheet.get(cells, unknown[0]))
                self.problem(sheet, row, unknown[0], N_("unknown code '{code}'"), code=code)
                continue
            if any(node == other[2] for other in nodes):
                self.problem(sheet, row, "node", N_("node {node} is in the sheet twice"), node=node)
                continue
            nodes.append((row, tree, node, parent, operator, baseline, cells))
        made: dict[int, int] = {}
        while nodes:  # parents first, whatever order the rows are in
            waiting = [n for n in nodes if n[3] is not None and n[3] not in made]
            ready = [n for n in nodes if n not in waiting]
            if not ready:
                for row, *_rest in waiting:
                    self.problem(
                        sheet, row, "parent_node", N_("the parent node is not in the sheet")
                    )
                break
            for _row, tree, node, parent, operator, baseline, cells in ready:
                made[node] = self.firm_repo.add_tree_node(
                    str(node),
                    text(sheet.get(cells, "label")),
                    parent=made.get(parent),
                    operator=operator,
                    indicator=text(sheet.get(cells, "kpi_code")) or None,
                    owner_unit=text(sheet.get(cells, "owner_unit_code")) or None,
                    baseline=baseline,
                    tree=tree,
                    sort=node,
                )
                owner = text(sheet.get(cells, "owner_position_code"))
                if owner:
                    self.firm_repo.set_tree_owner(made[node], refs["owner_position_code"][owner])
                self._count(N_("value tree nodes"))
            nodes = waiting

    def periods(self, sheet: Sheet) -> None:
        """Years the document lacks are added; their periods closed as the sheet says, once
        their actuals are in (a period already in the document keeps its own state)."""
        if not self.need(sheet, "period", "closed"):
            return
        years = self.repo.years()
        for row, cells in sheet.rows:
            try:
                period = Period.parse(text(sheet.get(cells, "period")))
                closed = flag(sheet.get(cells, "closed"))
            except KpideskError as exc:  # a period code or a closed flag that cannot be read
                self.problem(sheet, row, None, exc)
                continue
            if period.year not in years:
                self.firm_repo.add_year(period.year)
                years.add(period.year)
                self.created_years.add(period.year)
            if closed and period.year in self.created_years:
                self.to_close.append(period.code)  # after its actuals are in
