"""What each period command of the Review menu visibly does, for tests/ui/test_menus.py's walk over
every menu command: each is triggered as its QAction, with its dialog answered, and its effect
read back from the document or the window. Keys are "period_actions.<attribute name>"."""

from __future__ import annotations

from collections.abc import Callable

EFFECTS: dict[str, Callable] = {}


def effect(name: str):
    def register(check):
        EFFECTS[f"period_actions.{name}"] = check
        return check

    return register


@effect("show_action")
def _period_overview(env) -> None:
    """Review › Period overview: the Review tab, the demo's first month without actuals (July),
    every due line missing, its lines listed in the centre."""
    window = env.window
    actions = window.period_actions
    window.period_actions.show_action.trigger()
    env.wait_idle()  # a period is read in the background
    assert window.left.currentWidget() is actions.page
    assert window.centre.currentWidget() is actions.lines
    assert actions.page.choice.code() == "2003-07"
    assert actions.page.summary.text() == (
        "25 lines due: 25 missing, 0 suspicious, 0 delivered. 5 providers still owe actuals."
    )
    assert actions.lines.model.rowCount() == 25


@effect("templates_action")
def _templates_of_the_providers_missing(env) -> None:
    """Review › Write templates of the providers missing…: a folder asked, one workbook per
    provider owing July's actuals, the notice counting files and lines."""
    folder = env.tmp_path / "templates"
    folder.mkdir()
    env.folder_dialog_returns(folder)
    env.window.period_actions.templates_action.trigger()
    env.wait_idle()
    assert sorted(p.name for p in folder.iterdir()) == [
        "人力资源部-2003-07.xlsx",
        "监察审计室-2003-07.xlsx",
        "营业厅经理-2003-07.xlsx",
        "营销中心-2003-07.xlsx",
        "计划财务部-2003-07.xlsx",
    ]
    assert env.window.last_message == f"Wrote 5 templates to {folder}: 25 lines to fill."
