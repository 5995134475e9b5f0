"""Printing from the window: preview, save, batch print with progress and cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpidesk.ui.files.print_preview import PrintPreview
from tests import fonts as fonts_installed

pytestmark = pytest.mark.gui


def test_preview_renders_every_page_and_saves_the_same_bytes(window, qtbot, tmp_path):
    window.select_position("营销部门总经理")
    pdf, name = window.files.preview_pdf()
    assert pdf.startswith(b"%PDF") and name.endswith(".pdf")
    preview = PrintPreview(pdf, name, window)
    qtbot.addWidget(preview)
    assert len(preview.pages) == 2
    assert preview.pages[0].width() > 800 and preview.pages[0].height() > preview.pages[0].width()
    saved = preview.save(str(tmp_path / "gm.pdf"))
    assert saved.read_bytes() == pdf


def test_preview_needs_a_contract(window):
    window.select_position("总经理")
    assert window.files.preview_pdf() is None
    assert "Select a position with a contract" in window.last_message


def test_batch_print_writes_the_units_contracts(window, qtbot, tmp_path):
    window.tree.setCurrentIndex(window.tree_proxy.index(0, 0))  # the branch: every contract
    window.files.print_unit(str(tmp_path))
    qtbot.waitUntil(window.background.idle, timeout=30000)
    written = window.files.printed
    assert len(written) == 5 and all(path.exists() for path in written)
    assert "Printed 5 contracts" in window.statusBar().currentMessage()


def test_batch_print_can_be_cancelled(window, qtbot, tmp_path):
    window.tree.setCurrentIndex(window.tree_proxy.index(0, 0))
    from PySide6.QtWidgets import QPushButton

    # The user presses Cancel before the first file is done.
    window.background.started.connect(
        lambda operation: operation.dialog.findChild(QPushButton).click()
    )
    window.files.print_unit(str(tmp_path / "out"))
    qtbot.waitUntil(window.background.idle, timeout=30000)
    written = window.files.printed
    assert written == [] and list((tmp_path / "out").iterdir()) == []
    assert "cancelled" in window.statusBar().currentMessage()


def test_the_pdf_font_is_picked_once_and_used_for_every_print(window, settings, tmp_path):
    import subprocess

    zen_hei = fonts_installed.zen_hei()
    window.files.choose_pdf_font(zen_hei)
    assert settings.value("pdf/font") == zen_hei
    assert Path(zen_hei).name in window.last_message
    window.select_position("营销部门总经理")
    out = tmp_path / "gm.pdf"
    out.write_bytes(window.files.preview_pdf()[0])
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "ZenHei" in fonts

    junk = tmp_path / "junk.ttf"
    junk.write_text("not a font")
    window.files.set_pdf_font(str(junk))
    assert "cannot be embedded" in window.last_message
    assert settings.value("pdf/font") == zen_hei  # the refused file changed nothing

    window.system_font_action.trigger()
    assert not settings.value("pdf/font") and window.files.pdf_font() is None
