"""A firm starts: ``create_firm`` writes an empty firm with its year, periods, categories and
every default setting; ``SettingsEdits.set_settings`` changes settings in one audited,
undoable operation, refused (naming the setting) when the method does not allow the value."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kpidesk.core.policy import FirmPolicy
from kpidesk.core.weights import WeightLine, check_weights
from kpidesk.services import FirmService, open_document
from kpidesk.services.checks import check_document
from kpidesk.services.editing import EditRefused
from kpidesk.services.firm_setup import SettingsEdits, create_firm
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.document import DocumentError
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.records import PeriodRecord, ValueTreeRecord, YearRecord


@pytest.fixture
def firm_2026(tmp_path):
    document = create_firm(tmp_path / "south", "华南分公司", 2026)
    yield document
    document.close()


def _settings(document) -> dict:
    with document.reading() as session:
        return FirmRepository(session).settings()


def _setting_audit(document, key: str) -> list[tuple[str, object, object]]:
    with document.reading() as session:
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.entity == "settings", AuditRecord.field == key)
            .order_by(AuditRecord.id)
        )
        return [(row.action, row.old, row.new) for row in rows]


def _periods(document, year: int) -> list[tuple[str, str]]:
    with document.reading() as session:
        rows = session.execute(
            select(PeriodRecord.kind, PeriodRecord.code)
            .join(YearRecord)
            .where(YearRecord.year == year)
            .order_by(PeriodRecord.id)
        )
        return [(kind, code) for kind, code in rows]


def test_a_new_firm_holds_its_name_year_periods_categories_policy_and_an_empty_tree(firm_2026):
    document = firm_2026
    assert document.path.name == "south.kpidesk"  # the suffix was added
    settings = _settings(document)
    assert settings["firm_name"] == "华南分公司"
    assert "firm_name_en" not in settings  # a Chinese firm's names are Chinese
    assert settings["current_year"] == 2026
    # Every default of METHOD.md, written out (§6, §7, §8, §9, §10).
    assert settings["target_flex"] == 0.15
    assert settings["quotas"] == [
        ["outstanding", 0.05],
        ["excellent", 0.20],
        ["competent", 0.55],
        ["basically_competent", 0.18],
        ["unsatisfactory", 0.02],
    ]
    assert settings["pay_breakpoints"] == [[60, 0.6], [90, 1.0], [100, 1.5]]
    assert settings["period_shares"] == {
        "sales_service": {"month": 0.4, "year": 0.6},
        "research": {"quarter": 0.3, "half": 0.2, "year": 0.5},
        "management": {"quarter": 0.3, "year": 0.7},
    }
    assert settings["weight_rules"] == {
        "min_count": 5,
        "max_count": 10,
        "low": 5,
        "high": 30,
        "step": 5,
    }
    periods = _periods(document, 2026)
    kinds = [kind for kind, _code in periods]
    # 2026: 12 months, 4 quarters, 2 halves and the year.
    assert (kinds.count("month"), kinds.count("quarter"), kinds.count("half")) == (12, 4, 2)
    assert kinds.count("year") == 1 and len(periods) == 19
    assert ("month", "2026-01") in periods and ("month", "2026-12") in periods
    firm = FirmService(document)
    assert [(c.code, c.name_zh, c.name_en, c.deduction) for c in firm.categories()] == [
        ("financial", "财务/效益类", "Financial / benefit", False),
        ("service", "服务/经营类", "Service / operation", False),
        ("learning", "学习成长类", "Learning & growth", False),
        ("deduction", "扣分指标", "Deduction", True),
    ]
    assert firm.name == "华南分公司" and firm.current_year == 2026
    assert firm.units() == [] and firm.value_tree() == []
    with document.reading() as session:
        trees = [(t.code, t.name) for t in session.scalars(select(ValueTreeRecord))]
    assert trees == [("main", "价值树")]
    assert check_document(document).findings == []


def test_an_english_firm_has_english_names_too(tmp_path):
    with create_firm(tmp_path / "north.kpidesk", "North Branch", 2027, lang="en") as document:
        settings = _settings(document)
        assert (settings["firm_name"], settings["firm_name_en"]) == ("North Branch", "North Branch")
        with document.reading() as session:
            assert [t.name for t in session.scalars(select(ValueTreeRecord))] == ["Value tree"]
        assert len(_periods(document, 2027)) == 19


def test_an_existing_file_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "mine.kpidesk"
    path.write_bytes(b"someone's file")
    with pytest.raises(DocumentError) as refused:
        create_firm(path, "华南分公司", 2026)
    assert str(path) in str(refused.value)
    assert path.read_bytes() == b"someone's file"
    # Also when the suffix is left out: the file it would write is the one that exists.
    with pytest.raises(DocumentError):
        create_firm(tmp_path / "mine", "华南分公司", 2026)
    assert path.read_bytes() == b"someone's file"


@pytest.mark.parametrize(
    ("name", "year", "said"),
    [("  ", 2026, "The firm needs a name."), ("X", 1999, "1999 is not between 2000 and 2100")],
)
def test_a_firm_without_name_or_with_an_odd_year_is_refused_before_any_file(
    tmp_path, name, year, said
):
    with pytest.raises(Exception) as refused:
        create_firm(tmp_path / "x.kpidesk", name, year)
    assert said in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_a_settings_change_is_audited_and_its_undo_writes_the_old_value_back(firm_2026):
    edits = SettingsEdits(firm_2026)
    result = edits.set_settings({"target_flex": 0.10})
    assert result.changes.settings and not result.changes.organisation
    assert _settings(firm_2026)["target_flex"] == 0.10
    assert FirmService(firm_2026).policy.target_flex == 0.10  # the policy reads it again
    assert ("update", 0.15, 0.10) in _setting_audit(firm_2026, "target_flex")
    redo = result.undo()
    assert _settings(firm_2026)["target_flex"] == 0.15
    assert ("update", 0.10, 0.15) in _setting_audit(firm_2026, "target_flex")
    redo.undo()
    assert _settings(firm_2026)["target_flex"] == 0.10


def test_a_setting_the_firm_did_not_have_is_taken_out_again_by_undo(firm_2026):
    edits = SettingsEdits(firm_2026)
    result = edits.set_settings({"firm_name_en": "South China Branch"})
    assert _settings(firm_2026)["firm_name_en"] == "South China Branch"
    result.undo()
    assert "firm_name_en" not in _settings(firm_2026)
    assert [action for action, _old, _new in _setting_audit(firm_2026, "firm_name_en")] == [
        "insert",
        "delete",
    ]


@pytest.mark.parametrize(
    ("changes", "where", "said"),
    [
        (
            {"quotas": [["outstanding", 0.05], ["excellent", 0.20], ["competent", 0.50]]},
            "quotas",
            "The grade shares sum to 75%, not 100%.",
        ),
        ({"target_flex": 0.6}, "target_flex", "The flex band of 60% is not between 0% and 50%."),
        (
            {"pay_breakpoints": [[90, 1.0], [60, 0.6]]},
            "pay_breakpoints",
            "The coefficient curve must rise in score: 60 follows 90.",
        ),
        (
            {"pay_breakpoints": [[60, 0.6], [90, 1.0], [100, 0.8]]},
            "pay_breakpoints",
            "The coefficient must not fall as the score rises: 0.8 at 100 after 1 at 90.",
        ),
        (
            {"pay_breakpoints": [[60, 0.6], [1000, 1.5]]},
            "pay_breakpoints",
            "A score of 1000 is not between 0 and 200.",
        ),
        (
            {"weight_rules": {"step": 7}},
            "weight_rules.step",
            "Weights in steps of 7% cannot sum to 100%: choose a step that divides 100.",
        ),
        (
            {"period_shares": {"research": {"quarter": 0.3, "year": 0.5}}},
            "period_shares.research",
            "The period shares of employee class research sum to 80%, not 100%.",
        ),
        (
            {"weight_rules": {"min_count": 5, "max_count": 10, "low": 35, "high": 30, "step": 5}},
            "weight_rules.low",
            "The lowest weight (35%) exceeds the highest (30%).",
        ),
        (
            {"weight_rules": {"min_count": 8, "max_count": 6, "low": 5, "high": 30, "step": 5}},
            "weight_rules.min_count",
            "The fewest KPIs (8) exceed the most (6).",
        ),
        ({"firm_name": ""}, "firm_name", "The firm needs a name."),
        ({"current_year": 2101}, "current_year", "The year 2101 is not between 2000 and 2100."),
    ],
)
def test_a_setting_the_method_does_not_allow_is_refused_naming_it_and_nothing_is_written(
    firm_2026, changes, where, said
):
    before = _settings(firm_2026)
    with pytest.raises(EditRefused) as refused:
        SettingsEdits(firm_2026).set_settings(changes)
    assert refused.value.field == where
    assert said in str(refused.value)
    assert _settings(firm_2026) == before


def test_a_new_current_year_brings_its_periods_and_undo_takes_them_away(firm_2026):
    edits = SettingsEdits(firm_2026)
    result = edits.set_settings({"current_year": 2027})
    assert result.changes.organisation  # the organisation shows the year's contracts
    assert len(_periods(firm_2026, 2027)) == 19
    assert FirmService(firm_2026).current_year == 2027
    result.undo()
    assert _periods(firm_2026, 2027) == []
    assert len(_periods(firm_2026, 2026)) == 19  # the year it had stays
    assert _settings(firm_2026)["current_year"] == 2026


def test_undo_of_a_new_year_is_refused_once_a_contract_of_that_year_exists(demo_path):
    with open_document(demo_path) as document:
        edits = SettingsEdits(document)
        result = edits.set_settings({"current_year": 2004})
        firm = FirmService(document)
        position = firm.all_positions(2004)
        position_id = next(p.id for ps in position.values() for p in ps)
        from kpidesk.services.editing import EditService

        EditService(document).new_contract(position_id, 2004)
        with pytest.raises(EditRefused) as refused:
            result.undo()
        assert "The periods of 2004 are in use" in str(refused.value)
        # Nothing of the undo was written: the year and its setting stay.
        assert _settings(document)["current_year"] == 2004
        assert len(_periods(document, 2004)) == 19


def test_the_firm_weight_rules_govern_the_rules_of_thumb(demo_path):
    """§6 by default: each KPI 5–30 %. A firm that allows at most 20 % hears of the 25 % one."""
    lines = [WeightLine(f"K{i}", "financial", w) for i, w in enumerate((25, 20, 20, 20, 15))]
    assert not [f for f in check_weights(lines) if f.code == "weight_range"]
    with open_document(demo_path) as document:
        before = [f.message for f in check_document(document).findings]
        assert not any("keep each KPI between 5% and 20%" in m for m in before)
        SettingsEdits(document).set_settings(
            {"weight_rules": {"min_count": 5, "max_count": 10, "low": 5, "high": 20, "step": 5}}
        )
        policy = FirmService(document).policy
        assert (policy.weight_rules.low, policy.weight_rules.high) == (5, 20)
        found = [f for f in check_weights(lines, policy.weight_rules) if f.code == "weight_range"]
        assert [f.message("en") for f in found] == [
            "'K0' weighs 25%; keep each KPI between 5% and 20%."
        ]
        after = [f.message for f in check_document(document).findings]
        # The marketing GM's 通信业务收入 weighs 25 % (seed 001 slide 29).
        assert any("通信业务收入' weighs 25%; keep each KPI between 5% and 20%." in m for m in after)


def test_a_policy_without_weight_rules_keeps_the_method_defaults():
    policy = FirmPolicy.from_settings({"weight_rules": {"high": 25}})
    assert (policy.weight_rules.min_count, policy.weight_rules.max_count) == (5, 10)
    assert (policy.weight_rules.low, policy.weight_rules.high, policy.weight_rules.step) == (5, 25, 5)
