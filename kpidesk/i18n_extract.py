"""Find every message the code passes to ``_()`` or ``gettext()``: what the catalogues must
translate."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def messages(root: Path = PACKAGE) -> dict[str, list[str]]:
    """msgid → the places (file:line) that use it."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_", "gettext")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, []).append(
                    f"{path.relative_to(root.parent)}:{node.lineno}"
                )
    return found


if __name__ == "__main__":
    for message in messages():
        print(repr(message))
