"""A scoring rule in words, for the contract table, the rule editor and printed contracts.
Each kind's wording lives with the kind (``core.rule_kinds``); these give it the language."""

from __future__ import annotations

from typing import Any
from collections.abc import Callable

from kpidesk.i18n import gettext

from .rule_kinds import REGISTRY, known_kind


def _translator(lang: str | None) -> Callable[[str], str]:
    return lambda message: gettext(message, lang)


def describe_rule(rule: dict[str, Any], weight: float, lang: str | None = None) -> str:
    """The rule in words, in ``lang`` (default: the current language)."""
    kind = known_kind(rule)
    if kind is None:
        return str(rule.get("kind") if isinstance(rule, dict) else rule)
    return kind.describe(rule, weight, _translator(lang))


def rule_kind_name(kind: str, lang: str | None = None) -> str:
    known = REGISTRY.get(kind) if isinstance(kind, str) else None
    return kind if known is None else known.name(_translator(lang))


def explain_rule(rule: dict[str, Any], weight: float, lang: str | None = None) -> str:
    """The rule spelt out with its numbers, as a printed contract states it."""
    kind = known_kind(rule)
    if kind is None or kind.explain is None:
        return describe_rule(rule, weight, lang)
    return kind.explain(rule, weight, _translator(lang))
