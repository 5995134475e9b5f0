"""The review settings (METHOD.md §1, §9): their defaults, their reading, what they may hold."""

from __future__ import annotations

from kpidesk.core.policy import FirmPolicy, policy_problems
from kpidesk.core.review_policy import ReviewPolicy


def test_defaults_follow_the_method():
    review = FirmPolicy.from_settings({}).review
    assert review.meeting_day == 15  # §1: the review meeting on the 15th
    assert review.enforce_guide is False
    assert dict((g, (lo, hi)) for g, lo, hi in review.guide) == {
        "outstanding": (0.02, 0.05),
        "excellent": (0.10, 0.20),
        "competent": (0.40, 0.60),
        "basically_competent": (0.10, 0.20),
        "unsatisfactory": (0.01, 0.03),
    }


def test_a_stored_setting_is_read_and_written_back():
    stored = {"meeting_day": 20, "reviewer": "林志远", "enforce_guide": True}
    review = FirmPolicy.from_settings({"review": stored}).review
    assert (review.meeting_day, review.reviewer, review.enforce_guide) == (20, "林志远", True)
    assert review.item_minutes == 5  # left out: the default
    again = ReviewPolicy.from_setting(review.as_setting())
    assert again == review
    assert FirmPolicy().as_settings()["review"]["meeting_day"] == 15  # a new firm writes it


def where(problems) -> list[str]:
    return [p.where for p in problems]


def test_impossible_settings_are_named():
    assert where(policy_problems({"review": {"meeting_day": 31}})) == ["review.meeting_day"]
    assert where(policy_problems({"review": {"item_minutes": 0}})) == ["review.item_minutes"]
    assert where(policy_problems({"review": {"agenda_order": "random"}})) == ["review.agenda_order"]
    assert where(policy_problems({"review": {"jump_factor": "a lot"}})) == ["review.jump_factor"]
    assert policy_problems({"review": ReviewPolicy().as_setting()}) == []


def test_a_guide_that_cannot_hold_everyone_is_refused():
    upside_down = {"guide": [["excellent", 0.3, 0.2], ["competent", 0.7, 0.8]]}
    assert where(policy_problems({"review": upside_down})) == ["review.guide"]
    too_small = {"guide": [["excellent", 0.1, 0.2], ["competent", 0.4, 0.6]]}  # at most 80 %
    [problem] = policy_problems({"review": too_small})
    assert "upper to 80%" in problem.message("en")
