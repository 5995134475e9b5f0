"""The demo firm exported to a workbook, fresh for each test that changes it."""

from __future__ import annotations

import pytest

from kpidesk.services import open_document
from kpidesk.services.exchange import ExchangeService


@pytest.fixture
def exported(demo_master, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "firm.xlsx"
    with open_document(demo_master) as document:
        ExchangeService(document).export(out, "zh_CN")
    return out
