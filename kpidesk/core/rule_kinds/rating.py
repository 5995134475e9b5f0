"""§7 qualitative rating (seed 001 slide 26: 定性指标需要用分级评估表的形式予以明确 — a
qualitative indicator is made definite by a graded assessment table).

A rater — the direct superior, or the review meeting (绩效考评会) — picks one level of an
ordered scale, best first. Each level has a label, a description (what it looks like) and a
``share`` of the line's weight, so the same scale serves a line of any weight and the points
follow when the weight is changed: points = share × weight. ``base`` and ``challenge`` mark the
level that meets the target and the best level, by index, as a grade rule does.

    {"kind": "rating", "rater": "superior", "base": 2, "challenge": 0,
     "levels": [{"label": "优秀", "share": 1.0, "description": "…"}, …]}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpidesk.core.errors import RuleError
from kpidesk.i18n import N_

from .base import RuleKind, Translate, g, listed
from .grade import check_level_marks

RATERS = ("superior", "committee")


def rater_name(rater: str, _: Translate) -> str:
    return _("the review meeting") if rater == "committee" else _("the direct superior")


def default_scale(_: Translate) -> list[dict[str, Any]]:
    """The five-level scale a new rating rule starts with; its base level (合格, meets the
    target) earns 80 % of the weight, as §7's base score S does by default."""
    return [
        {"label": _("Excellent"), "share": 1.0, "description": _("Far exceeds the target")},
        {"label": _("Good"), "share": 0.9, "description": _("Exceeds the target")},
        {"label": _("Satisfactory"), "share": 0.8, "description": _("Meets the target")},
        {"label": _("Needs improvement"), "share": 0.6, "description": _("Partly meets it")},
        {"label": _("Unsatisfactory"), "share": 0.0, "description": _("Does not meet it")},
    ]


def validate(rule: Mapping[str, Any], weight: float) -> None:
    levels = rule.get("levels")
    if not isinstance(levels, list) or not levels:
        raise RuleError(N_("rating rule: 'levels' must be a non-empty list"), "levels")
    seen: set[str] = set()
    above: tuple[str, float] | None = None
    for i, level in enumerate(levels):
        if not isinstance(level, Mapping) or not str(level.get("label", "")).strip():
            raise RuleError(
                N_("rating level {value1} has no label"),
                f"levels[{i}].label",
                value1=i + 1,
            )
        label = str(level["label"]).strip()
        if label in seen:
            raise RuleError(
                N_("rating level '{label}' appears twice"),
                f"levels[{i}].label",
                label=label,
            )
        seen.add(label)
        share = level.get("share")
        if (
            isinstance(share, bool)
            or not isinstance(share, (int, float))
            or not 0 <= share <= 1  # also refuses NaN
        ):
            raise RuleError(
                N_(
                    "rating level '{label}': its share of the weight must lie between 0 and 1, "
                    "not {share}"
                ),
                f"levels[{i}].share",
                label=label,
                share="—" if share is None else share,
            )
        if above is not None and share >= above[1]:
            raise RuleError(
                N_(
                    "rating levels run from best to worst: '{label}' must be worth less than "
                    "'{above}' above it"
                ),
                f"levels[{i}].share",
                label=label,
                above=above[0],
            )
        above = (label, share)
    if rule.get("rater", "superior") not in RATERS:
        raise RuleError(
            N_("rater must be 'superior' or 'committee', not {rater!r}"),
            "rater",
            rater=rule.get("rater"),
        )
    check_level_marks(rule, levels)


def level_of(rule: Mapping[str, Any], label: Any) -> Mapping[str, Any] | None:
    return next(
        (level for level in rule["levels"] if str(level["label"]).strip() == str(label).strip()),
        None,
    )


def score(rule: Mapping[str, Any], actual: Any, weight: float) -> float:
    level = level_of(rule, actual)
    if level is None:
        labels = listed(str(level["label"]) for level in rule["levels"])
        raise RuleError(
            N_("'{actual}' is not a level of this rating scale ({labels})"),
            "actual",
            actual=actual,
            labels=labels,
        )
    return float(level["share"]) * weight


def read_level(rule: Mapping[str, Any], value: Any) -> str:
    """The level's label from what was typed: the label itself (Latin letters in any case), or
    its place on the scale, 1 for the best — quicker than a Chinese label by keyboard."""
    from kpidesk.core.entry import EntryError, FULL_WIDTH

    text = str(value).translate(FULL_WIDTH).strip()
    labels = [str(level["label"]).strip() for level in rule["levels"]]
    for label in labels:
        if label.casefold() == text.casefold():
            return label
    if text.isdigit() and not any(label.isdigit() for label in labels):
        place = int(text)
        if 1 <= place <= len(labels):
            return labels[place - 1]
    raise EntryError(
        N_("'{text}' is not a level; use one of: {labels} (or 1–{count})"),
        text=text,
        labels=listed(labels),
        count=len(labels),
    )


def _points(rule: Mapping[str, Any], weight: float) -> str:
    return " / ".join(
        f"{level['label']} {g(round(float(level['share']) * weight, 2))}" for level in rule["levels"]
    )


def describe(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    return _("Rated by {rater}: {levels}").format(
        rater=rater_name(rule.get("rater", "superior"), _), levels=_points(rule, weight)
    )


def explain(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    # The list separator is translated too: a Chinese contract separates with "；".
    levels = _("; ").join(
        _("{label} ({description}) {points} points").format(
            label=level["label"],
            description=level.get("description") or "—",
            points=g(round(float(level["share"]) * weight, 2)),
        )
        for level in rule["levels"]
    )
    return _("{rater} rates one level of the scale: {levels}.").format(
        rater=rater_name(rule.get("rater", "superior"), _).capitalize(), levels=levels
    )


KIND = RuleKind(
    code="rating",
    name=lambda _: _("Qualitative rating"),
    actual="level",
    validate=validate,
    score=score,
    new_rule=lambda weight, _: {
        "kind": "rating",
        "rater": "superior",
        "base": 2,
        "challenge": 0,
        "levels": default_scale(_),
    },
    describe=describe,
    explain=explain,
    read_actual=read_level,
    table=("levels", ("label", "share", "description")),
    table_numbers=("share",),
    level_marks=True,
    options=(("rater", RATERS),),
    option_name=lambda field, value, _: rater_name(value, _),
    rater=lambda rule: str(rule.get("rater", "superior")),
)
