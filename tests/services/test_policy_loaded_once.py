"""The firm's policy is read from the document's settings once and handed down (issue 10 §1):
scoring a contract's months, its year, the flex band and the current year do not each query the
settings table again; an import that changes a setting is seen at once by every service of the
document, the window's included."""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import event

from kpidesk.services import FirmService, open_document
from kpidesk.services.exchange import ExchangeService

MARKETING_GM = "营销部门总经理"


@pytest.fixture
def document(demo_path):
    with open_document(demo_path) as document:
        yield document


@pytest.fixture
def settings_reads(document):
    """How many statements have read the settings table so far (a one-item list)."""
    count = [0]

    def seen(_conn, _cursor, statement, _parameters, _context, _executemany):
        if "FROM settings" in statement:
            count[0] += 1

    event.listen(document.engine, "before_cursor_execute", seen)
    yield count
    event.remove(document.engine, "before_cursor_execute", seen)


def _settings_workbook(path, **values):
    """A workbook with only the Settings sheet, as the export writes it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Settings"
    sheet.append(["Setting", "Value (JSON)"])
    for key, value in values.items():
        sheet.append([key, value])
    book.save(path)
    return path


def _marketing_gm(firm: FirmService):
    return next(c for c in firm.contracts() if c.position == MARKETING_GM)


def test_the_settings_are_read_once_for_everything_the_window_shows(document, settings_reads):
    firm = FirmService(document)
    contract = _marketing_gm(firm)
    reads_before = settings_reads[0]
    assert firm.current_year == 2003
    assert firm.name == "示例分公司(样例数据)"
    assert firm.flex() == 0.15
    firm.trend(contract.id)
    firm.score(contract.id, "2003-03")
    firm.year_score(contract.id)
    firm.contract_year(contract.id)
    firm.categories()
    # A second service of the same document (an export's, a print run's) shares it.
    FirmService(document).score(contract.id, "2003-02")
    assert settings_reads[0] - reads_before <= 1


def test_a_setting_changed_by_an_import_is_seen_by_the_window_at_once(
    document, settings_reads, tmp_path
):
    window_firm = FirmService(document)  # the window's service, made when the file opened
    contract = _marketing_gm(window_firm)
    assert window_firm.flex() == 0.15
    # March of the demo: 79.80 points, between the 60 and 90 breakpoints (0.60 → 1.00):
    # 0.60 + 19.80 / 30 × 0.40 = 0.864.
    march = window_firm.score(contract.id, "2003-03")
    assert march.score.total == pytest.approx(79.80, abs=0.005)
    assert march.coefficient == pytest.approx(0.864, abs=0.001)
    assert window_firm.policy.coefficient_levels() == (60, 90)

    workbook = _settings_workbook(
        tmp_path / "policy.xlsx",
        target_flex="0.1",
        pay_breakpoints="[[70, 0.5], [95, 1.0], [100, 1.2]]",
        current_year="2004",
    )
    ExchangeService(document).import_workbook(workbook)
    reads = settings_reads[0]  # the import compares each setting with the stored one

    assert window_firm.flex() == 0.1
    assert window_firm.current_year == 2004
    assert window_firm.policy.coefficient_levels() == (70, 95)
    # 79.80 is now between 70 (0.50) and 95 (1.00): 0.50 + 9.80 / 25 × 0.50 = 0.696.
    march = window_firm.score(contract.id, "2003-03")
    assert march.coefficient == pytest.approx(0.696, abs=0.001)
    assert settings_reads[0] - reads <= 1  # read again once, not by every question


def test_a_dry_run_changes_nothing_the_window_sees(document, settings_reads, tmp_path):
    window_firm = FirmService(document)
    assert window_firm.flex() == 0.15
    workbook = _settings_workbook(tmp_path / "policy.xlsx", target_flex="0.1")
    ExchangeService(document).import_workbook(workbook, dry_run=True)
    reads = settings_reads[0]
    assert window_firm.flex() == 0.15
    assert settings_reads[0] == reads  # a preview rolled back: the loaded policy still holds


def test_a_setting_written_in_any_transaction_is_seen(document):
    """Not only imports: whatever commits a setting (a future settings dialog, a script)
    makes the loaded policy stale."""
    from kpidesk.storage.firm_repo import FirmRepository

    firm = FirmService(document)
    assert firm.flex() == 0.15
    with document.transaction() as session:
        FirmRepository(session).set_setting("target_flex", 0.12)
    assert firm.flex() == 0.12


def test_a_firm_without_settings_gets_the_method_defaults_and_the_calendar_year():
    from datetime import date

    from kpidesk.core.policy import FirmPolicy

    policy = FirmPolicy.from_settings({})
    # Not a year fixed in the code (it was 2003 in one place): the calendar year.
    assert policy.year(date(2026, 5, 1)) == 2026
    assert FirmPolicy.from_settings({"current_year": 2004}).year(date(2026, 5, 1)) == 2004
    assert policy.target_flex == 0.15
    assert policy.pay_breakpoints == ((60, 0.6), (90, 1.0), (100, 1.5))
    assert policy.coefficient_levels() == (60, 90)
    assert policy.shares_for("sales_service") == {"month": 0.4, "year": 0.6}
    assert policy.shares_for("no such class") == {"year": 1.0}
