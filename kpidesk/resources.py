"""Resources through one helper that also works in a frozen (PyInstaller) bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def asset(*parts: str) -> Path:
    """Path of a file under the project's ``resources/`` folder."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)
