"""What each meeting command of the Review menu visibly does, for tests/ui/test_menus.py's walk over
every menu command: each is triggered as its QAction, with its dialog answered, and its effect
read back from the document or the window. Keys are "meeting_actions.<attribute name>"."""

from __future__ import annotations

from collections.abc import Callable

EFFECTS: dict[str, Callable] = {}


def effect(name: str):
    def register(check):
        EFFECTS[f"meeting_actions.{name}"] = check
        return check

    return register


def _service(env):
    return env.window.meeting_actions.service


def _year(env) -> int:
    return env.window.firm.current_year


@effect("calendar_action")
def _calendar(env) -> None:
    """The dialog's Make from the settings plans the year's 17 meetings; Close closes it."""

    def make_and_close(dialog):
        assert dialog.objectName() == "meetingCalendar", dialog
        dialog.make_button.click()
        dialog.reject()

    env.answer_dialog(make_and_close)
    env.window.meeting_actions.calendar_action.trigger()
    meetings = _service(env).meetings(_year(env))
    assert len(meetings) == 17
    assert sum(m.kind == "M" for m in meetings) == 12


@effect("run_action")
def _run(env) -> None:
    """Run the meeting… asks which meeting (the one reviewing the latest month with actuals
    first: June 2003 in the demo), prepares its agenda and opens the laptop and projector."""
    _service(env).make_calendar(_year(env))
    chosen = []

    def accept(dialog):
        chosen.append(dialog.textValue())
        dialog.accept()

    env.answer_dialog(accept)
    env.window.meeting_actions.run_action.trigger()
    env.wait_until(lambda: env.window.meeting_actions.running is not None)
    running = env.window.meeting_actions.running
    assert running.meeting.period == "2003-06" and "2003-07-15" in chosen[0]
    assert running.agenda.rowCount() == 5
    assert running.presenter.isVisible()
    running.close()


@effect("end_action")
def _end(env) -> None:
    """End the meeting marks the running meeting held; with none running it says so."""
    env.window.meeting_actions.end_action.trigger()
    assert env.window.last_message == "No meeting is running."
    service = _service(env)
    service.make_calendar(_year(env))
    june = next(m for m in service.meetings(_year(env)) if m.period == "2003-06")
    env.window.meeting_actions.run_meeting(june)
    env.wait_until(lambda: env.window.meeting_actions.running is not None)
    # Ending hands the period to making its results official (tested with that feature).
    handed = []
    env.monkeypatch.setattr(
        env.window.results_actions, "make_official", lambda *args: handed.append(args)
    )
    env.window.meeting_actions.end_action.trigger()
    assert env.window.meeting_actions.running is None
    assert service.meeting(june.id).status == "held"
    assert handed == [("2003-06", june.id)]
