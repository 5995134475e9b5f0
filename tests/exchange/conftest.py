"""The demo firm exported to a workbook, fresh for each test that changes it."""

from __future__ import annotations

import shutil

import pytest

from kpidesk.services import open_document
from kpidesk.services.exchange import ExchangeService


@pytest.fixture
def exported(demo_master, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    out, firm = folder / "firm.xlsx", folder / "firm.kpidesk"
    # A copy: opening a document takes its lock and may write its journal, and every test
    # copies the master, so the master itself is never opened.
    shutil.copy2(demo_master, firm)
    with open_document(firm) as document:
        ExchangeService(document).export(out, "zh_CN")
    return out
