"""`kpidesk import` on a firm the app has open: still refused (two writers at once would take
turns unnoticed), and the refusal says where importing works: the open app's File menu."""

from __future__ import annotations

import subprocess
import sys

from kpidesk.services import open_document
from kpidesk.services.exchange import ExchangeService


def test_import_into_a_firm_open_in_the_app_is_refused_with_the_way_to_do_it(demo_path, tmp_path):
    workbook = tmp_path / "firm.xlsx"
    with open_document(demo_path) as document:  # this process plays the open app
        ExchangeService(document).export(workbook, "en")
        before = demo_path.read_bytes()
        result = subprocess.run(
            [sys.executable, "-m", "kpidesk", "import", str(demo_path), str(workbook)],
            capture_output=True,
            text=True,
        )
        assert demo_path.read_bytes() == before
    assert result.returncode == 2
    assert "firm.kpidesk is already open in kpidesk by" in result.stderr
    assert "File › Import from Excel… in the kpidesk that has it open" in result.stderr
    assert "Traceback" not in result.stderr
