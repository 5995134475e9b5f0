"""What each calibration command of the Review menu visibly does, for tests/ui/test_menus.py's walk over
every menu command: each is triggered as its QAction, with its dialog answered, and its effect
read back from the document or the window. Keys are "calibration_actions.<attribute name>"."""

from __future__ import annotations

from collections.abc import Callable

EFFECTS: dict[str, Callable] = {}


def effect(name: str):
    def register(check):
        EFFECTS[f"calibration_actions.{name}"] = check
        return check

    return register


@effect("open_action")
def calibration_window_opens_on_the_latest_quarter(env) -> None:
    """Review › Calibration… opens the calibration window on 2003-Q2 (the demo's actuals run
    to June) with the five people in their proposed grade columns."""
    env.window.calibration_actions.open_action.trigger()
    view = env.window.calibration_actions.view
    assert view is not None and view.isVisible()
    env.wait_until(lambda: view.calibration is not None)
    env.wait_idle()
    assert view.period.code() == "2003-Q2"
    assert sum(len(c.model.people) for c in view.columns) == 5
    view.close()
