"""Printing on paper: File › Print… and the preview's Print button send the contract's pages to
the printer the print dialog returns. No printer in CI: the printer writes a PDF file, whose pages
are then counted and measured."""

from __future__ import annotations

import pypdfium2
import pytest
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QComboBox, QLineEdit

from kpidesk.ui.files.print_preview import PrintPreview

pytestmark = pytest.mark.gui

A4_POINTS = (595, 842)  # 210 × 297 mm


def pdf_printer(path):
    def choose(_parent):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        return printer

    return choose


def pages(path) -> list[tuple[int, int]]:
    """Each printed page's size in points, rounded."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [tuple(round(side) for side in page.get_size()) for page in document]
    finally:
        document.close()


def ink(path, page: int = 0) -> float:
    """The share of dark pixels on a printed page: a blank sheet has none."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        grey = document[page].render(scale=0.5, grayscale=True).to_numpy()
    finally:
        document.close()
    return float((grey < 128).mean())


def test_file_print_prints_every_page_of_the_contract_on_a4(window, tmp_path):
    out = tmp_path / "printed.pdf"
    window.files.choose_printer = pdf_printer(out)
    window.select_position("营销部门总经理")
    window.print_action.trigger()
    assert pages(out) == [A4_POINTS, A4_POINTS]  # the contract's two pages
    assert ink(out, 0) > 0.005 and ink(out, 1) > 0.001  # the contract, not blank sheets
    assert window.last_message.startswith("Printed 2 pages of ")


def test_the_print_dialog_is_what_file_print_asks(window, tmp_path, answer_dialog):
    """The real QPrintDialog: the user picks "print to file" and presses Print."""
    out = tmp_path / "dialog.pdf"
    asked = []

    def choose_file_and_print(dialog):
        asked.append(type(dialog))
        printers = dialog.findChild(QComboBox, "printers")
        printers.setCurrentIndex(printers.findText("Print to File (PDF)"))
        dialog.findChild(QLineEdit, "filename").setText(str(out))
        dialog.accept()

    answer_dialog(choose_file_and_print)
    window.select_position("营销部门总经理")
    window.print_action.trigger()
    assert asked == [QPrintDialog]
    assert pages(out) == [A4_POINTS, A4_POINTS]


def test_cancelling_the_print_dialog_prints_nothing(window, tmp_path):
    window.files.choose_printer = lambda _parent: None
    window.select_position("营销部门总经理")
    window.print_action.trigger()
    assert window.last_message == "" and list(tmp_path.glob("*.pdf")) == []


def test_print_without_a_contract_says_what_to_select(window, tmp_path):
    window.files.choose_printer = pdf_printer(tmp_path / "never.pdf")
    window.select_position("总经理")
    window.print_action.trigger()
    assert "Select a position with a contract" in window.last_message
    assert not (tmp_path / "never.pdf").exists()


def test_the_previews_print_button_prints_what_it_shows(window, tmp_path, answer_dialog):
    out = tmp_path / "from-preview.pdf"
    window.files.choose_printer = pdf_printer(out)
    window.select_position("营销部门总经理")
    shown = []

    def press_print(dialog):
        assert isinstance(dialog, PrintPreview), dialog
        shown.append(len(dialog.pages))
        dialog.print_button.click()

    answer_dialog(press_print)
    window.preview_action.trigger()
    assert shown == [2] and pages(out) == [A4_POINTS, A4_POINTS]


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_printer_that_cannot_start_is_reported_in_words(window, tmp_path, answer_dialog):
    from PySide6.QtWidgets import QMessageBox

    window.files.choose_printer = pdf_printer(tmp_path / "no such folder" / "out.pdf")
    window.select_position("营销部门总经理")
    said = []

    def read_and_close(dialog):
        assert isinstance(dialog, QMessageBox), dialog
        said.append(dialog.text())
        dialog.accept()

    answer_dialog(read_and_close)
    window.print_action.trigger()
    assert said == ["Nothing was printed: the printer could not be started."]
    assert window.last_message == ""  # no "Printed …" message
