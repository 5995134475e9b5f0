"""The demo firm: the branch company of METHOD.md §8 with its five worked contracts, signed in
early January 2003, and deterministic plausible actuals for January–June. Names are invented."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from kpidesk.core.rule_kinds import is_deduction, kind_of
from kpidesk.resources import asset
from kpidesk.services.firm_setup import write_default_policy
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.document import (
    Document,
    create_document,
    create_url_document,
    is_url,
    remove_for_replacement,
)
from kpidesk.storage.errors import DocumentError
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.tree_repo import TreeRepository
from kpidesk.i18n import N_

DEMO_MONTHS = [f"2003-{m:02d}" for m in range(1, 7)]
# Deduction events of the demo half-year: (position, indicator, period, day).
DEMO_EVENTS = [
    ("MKT-GM", "MCOMP", "2003-03", date(2003, 3, 17)),
    ("HALL-CLK", "MCOMP", "2003-05", date(2003, 5, 9)),
]


def demo_data() -> dict:
    return json.loads(asset("demo", "branch_2003.json").read_text(encoding="utf-8"))


def write_demo(path: Path | str, *, force: bool = False) -> Document:
    """Write the demo firm to ``path``; refuse an existing file unless ``force``. A database
    URL gets the demo when it is empty (never replaced, ``force`` or not)."""
    if is_url(path):
        document = create_url_document(str(path), actor="kpidesk demo")
        try:
            populate_demo(document)
        except BaseException:
            document.close()
            raise
        return document
    path = Path(path)
    lock = None
    if path.exists():
        if not force:
            raise DocumentError(
                N_("{path} already exists; use --force to replace it with the demo firm."),
                path=path,
            )
        # Refused, untouched, while the document is open in a kpidesk.
        lock = remove_for_replacement(path)
    document = create_document(path, actor="kpidesk demo", lock=lock)
    try:
        populate_demo(document)
    except BaseException:
        document.close()
        path.unlink(missing_ok=True)
        raise
    return document


def populate_demo(document: Document) -> None:
    """Write the demo firm into an empty document (a file or a server database)."""
    with document.transaction() as session:
        _populate(FirmRepository(session), ContractRepository(session), demo_data())


def _populate(firm: FirmRepository, contracts: ContractRepository, data: dict) -> None:
    info = data["firm"]
    year = info["year"]
    firm.set_setting("firm_name", info["name"])
    firm.set_setting("firm_name_en", info["name_en"])
    firm.set_setting("sample_data", True)
    firm.set_setting("current_year", year)
    write_default_policy(firm)  # as a new firm starts: the method's defaults, written out
    for sort, unit in enumerate(data["units"]):
        firm.add_unit(unit["code"], unit["name"], unit["kind"], unit["parent"], sort=sort)
    for employee in data["employees"]:
        firm.add_employee(employee["code"], employee["name"], sample=True)
    holders = {}
    for sort, position in enumerate(data["positions"]):
        firm.add_position(
            position["code"],
            position["unit"],
            position["name"],
            sort=sort,
            employee_class=position["employee_class"],
            reports_to=position["reports_to"],
        )
        firm.assign(position["holder"], position["code"], date(year, 1, 1))
        holders[position["code"]] = position["holder"]
    indicators = {}
    for entry in data["indicators"]:
        indicators[entry["code"]] = entry
        fields = {k: v for k, v in entry.items() if k not in ("code", "name", "category")}
        firm.add_indicator(entry["code"], entry["name"], entry["category"], **fields)
    firm.add_year(year)
    _value_tree(firm, data["value_tree"], indicators)
    signed_on = date.fromisoformat(info["signed_on"])
    for spec in data["contracts"]:
        contract_id = contracts.add_contract(
            spec["position"],
            year,
            contractee=holders[spec["position"]],
            issuer1=holders[spec["issuer1"]],
        )
        line_ids = {}
        for line in spec["lines"]:
            code = line["indicator"]
            line_ids[code] = contracts.add_line(
                contract_id,
                code,
                category=line["category"],
                weight=line["weight"],
                rule=line["rule"],
                unit=line["unit"],
                minimum=line["minimum"],
                base=line["base"],
                challenge=line["challenge"],
                target_note=line["target_note"],
                data_source=indicators[code]["data_source"],
                cycle=line["cycle"],
            )
        contracts.set_status(contract_id, "agreed")
        contracts.set_status(contract_id, "signed", on=signed_on)
        for line in spec["lines"]:
            for period in DEMO_MONTHS:
                if not is_deduction(line["rule"]):
                    contracts.record_actual(
                        line_ids[line["indicator"]],
                        period,
                        demo_actual(spec["position"], line, period),
                        source=indicators[line["indicator"]]["data_source"],
                        entered_by="kpidesk demo",
                    )
        for position, code, period, day in DEMO_EVENTS:
            if position == spec["position"]:
                contracts.add_deduction_event(line_ids[code], period, day, 1, "样例事件(sample)")


def _value_tree(firm: FirmRepository, nodes: list[dict], indicators: dict) -> None:
    # The tree's own row (schema 0005 adds it for older files): the tree chooser lists it.
    TreeRepository(firm.session).add_tree("价值树", code="main")
    ids: dict[str, int] = {}
    for sort, node in enumerate(nodes):
        code = node["key"] if node["key"] in indicators else None
        ids[node["key"]] = firm.add_tree_node(
            node["key"],
            node.get("label") or indicators[node["key"]]["name"],
            parent=ids[node["parent"]] if node["parent"] else None,
            operator=node["op"],
            indicator=code,
            owner_unit=node.get("owner"),
            baseline=node.get("baseline"),
            sort=sort,
        )


def demo_actual(position: str, line: dict, period: str):
    """A plausible actual, the same on every run: targets missed or beaten by a few percent,
    improving over the half-year. Amounts are annualised run rates, comparable with the
    annual targets."""
    rng = random.Random(f"{position}/{line['indicator']}/{period}")
    month = int(period[-2:])
    rule = line["rule"]
    actual = kind_of(rule).actual
    if actual == "level":  # mostly the second level, seldom the worst
        labels = [level["label"] for level in rule["levels"]]
        weights = [20, 50, 25, 5, 2, 1, 1, 1][: len(labels)]
        return rng.choices(labels, weights=weights)[0]
    if actual == "shortfalls":
        return {item["name"]: rng.choice((0, 0, 1, 2)) * item["per"] for item in rule["items"]}
    base = line["base"]
    better = 1.0 if (line["challenge"] is None or line["challenge"] >= base) else -1.0
    drift = rng.uniform(-0.06, 0.05) + 0.006 * month
    value = base * (1 + better * drift)
    return round(value, 2) if abs(base) < 1000 else round(value)
