"""Importing from the window: preview first, then all or nothing."""

from __future__ import annotations

import pytest

from kpidesk.services.exchange import ExchangeService
from kpidesk.ui.files.import_dialog import ImportDialog

pytestmark = pytest.mark.gui


def test_preview_then_import(window, qtbot, tmp_path):
    workbook = tmp_path / "firm.xlsx"
    window.files.export_workbook(str(workbook))
    qtbot.waitUntil(window.background.idle, timeout=30000)
    service = ExchangeService(window.firm.document)
    dialog = ImportDialog(service, workbook, window, window.background)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(window.background.idle, timeout=30000)
    assert dialog.import_button.isEnabled()
    assert "270 unchanged" in dialog.summary.text()
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    assert dialog.report.actuals_unchanged == 270


def test_a_bad_workbook_shows_every_problem_and_cannot_be_imported(window, qtbot, tmp_path):
    import pandas as pd

    workbook = tmp_path / "firm.xlsx"
    window.files.export_workbook(str(workbook))
    qtbot.waitUntil(window.background.idle, timeout=30000)
    frame = pd.read_excel(workbook, sheet_name="Actuals", engine="calamine")
    frame.loc[0, "Actual"] = "n/a"
    frame.loc[1, "Period"] = "2009-01"
    bad = tmp_path / "bad.xlsx"
    frame.to_excel(bad, sheet_name="Actuals", index=False)
    dialog = ImportDialog(ExchangeService(window.firm.document), bad, window, window.background)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(window.background.idle, timeout=30000)
    assert not dialog.import_button.isEnabled()
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert len(problems) == 2, problems
    assert "2 problems" in dialog.summary.text()
