"""What each results command of the Review menu visibly does, for tests/ui/test_menus.py's walk over
every menu command: each is triggered as its QAction, with its dialog answered, and its effect
read back from the document or the window. Keys are "results_actions.<attribute name>"."""

from __future__ import annotations

from collections.abc import Callable

EFFECTS: dict[str, Callable] = {}


def effect(name: str):
    def register(check):
        EFFECTS[f"results_actions.{name}"] = check
        return check

    return register


# -- the results section: make official, correct, the minutes, the export ----------------------
from PySide6.QtWidgets import QDialogButtonBox  # noqa: E402
from sqlalchemy import select  # noqa: E402

from kpidesk.services.results import ResultsService  # noqa: E402
from kpidesk.storage.review_records import (  # noqa: E402
    OfficialResultRecord,
    ResultCorrectionRecord,
)


def _service(env) -> ResultsService:
    firm = env.window.firm
    return ResultsService(firm.document, firm.policy)


def _june_official(env) -> None:
    _service(env).make_official("2003-06", "王总经理")


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


@effect("make_official_action")
def _make_official(env) -> None:
    seen = {}

    def answer(dialog):
        dialog.period.set_code("2003-07")  # July has no actuals: refused, OK disabled
        seen["reading"] = _ok(dialog).isEnabled()  # read in the background first
        env.qtbot.waitUntil(lambda: dialog.checked is not None, timeout=30000)
        seen["july"] = (_ok(dialog).isEnabled(), dialog.reason.text())
        seen["july missing"] = dialog.missing.toPlainText()
        dialog.period.set_code("2003-06")
        env.qtbot.waitUntil(lambda: dialog.checked is not None, timeout=30000)
        dialog.reviewer.setText("")
        seen["no reviewer"] = _ok(dialog).isEnabled()
        dialog.reviewer.setText("王总经理")
        seen["contracts"] = dialog.contracts.text()
        _ok(dialog).click()

    env.answer_dialog(answer)
    env.window.results_actions.make_official_action.trigger()
    env.wait_until(lambda: _service(env).official("2003-06") is not None)
    assert seen["reading"] is False
    assert "吴佳怡" in seen["july missing"] and "营业收入" in seen["july missing"]
    assert seen["july"][0] is False and "still miss actuals" in seen["july"][1], seen
    assert seen["no reviewer"] is False
    assert seen["contracts"].startswith("5 ")
    with env.window.firm.document.reading() as session:
        (record,) = session.scalars(select(OfficialResultRecord)).all()
        assert record.reviewer == "王总经理" and len(record.snapshot) == 5
    env.window.undo_stack.undo()  # Ctrl+Z stops at the official results, saying why
    assert "not taken back" in env.window.last_message
    assert _service(env).official("2003-06") is not None


@effect("correct_action")
def _correct(env) -> None:
    _june_official(env)

    def answer(dialog):
        dialog.period.setCurrentIndex(dialog.period.findData("2003-06"))
        dialog.contract.setCurrentIndex(
            next(
                i for i in range(dialog.contract.count()) if "吴佳怡" in dialog.contract.itemText(i)
            )
        )
        dialog.line.setCurrentIndex(dialog.line.findText("营业收入"))
        assert dialog.current.text() == "269.98"
        dialog.value.setText("280")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # no reason yet
        assert dialog.isVisible() and dialog.problem.text()
        dialog.reason.setText("Late receipts")
        dialog.value.setText("abc")  # not a number: said in the dialog, which stays open
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert dialog.isVisible() and "abc" in dialog.problem.text()
        assert "not a number" in dialog.problem.text()
        dialog.value.setText("280")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    env.answer_dialog(answer)
    env.window.results_actions.correct_action.trigger()
    with env.window.firm.document.reading() as session:
        (record,) = session.scalars(select(ResultCorrectionRecord)).all()
        assert (record.old, record.new, record.reason) == (269.98, 280, "Late receipts")
    env.window.undo_stack.undo()  # a correction back, never a deletion
    with env.window.firm.document.reading() as session:
        records = session.scalars(select(ResultCorrectionRecord)).all()
    assert [r.new for r in records] == [280, 269.98]


@effect("print_minutes_action")
def _print_minutes(env) -> None:
    _june_official(env)
    path = env.tmp_path / "minutes.pdf"
    env.save_file_dialog_returns(path)
    env.window.results_actions.print_minutes_action.trigger()
    env.wait_idle()
    assert path.read_bytes().startswith(b"%PDF")
    assert str(path) in env.window.last_message


@effect("export_action")
def _export(env) -> None:
    import openpyxl

    _june_official(env)
    path = env.tmp_path / "official.xlsx"
    env.save_file_dialog_returns(path)
    env.window.results_actions.export_action.trigger()
    env.wait_idle()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Official results", "Lines", "Corrections"]


@effect("print_notices_action")
def _print_notices(env) -> None:
    """Offered once a period is official (the menu asks when it opens); the notices of the
    period in view, a page per person, written in the background."""
    import pypdfium2

    action = env.window.results_actions.print_notices_action
    env.window.review_menu.menu.aboutToShow.emit()
    assert not action.isEnabled()  # nothing official yet: nothing to notify
    _june_official(env)
    env.window.review_menu.menu.aboutToShow.emit()
    assert action.isEnabled()
    path = env.tmp_path / "notices.pdf"
    env.save_file_dialog_returns(path)
    action.trigger()
    env.wait_idle()
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        texts = [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()
    assert len(texts) == 5 and any("吴佳怡" in text for text in texts)
    assert str(path) in env.window.last_message
