"""Fonts the tests pick as a user would: found by family through fontconfig, wherever the
system keeps them (no path written into a test)."""

from __future__ import annotations

import functools
import subprocess

import pytest

# A CJK face other than the first one kpidesk finds by itself (WenQuanYi Micro Hei), so a PDF
# that embeds it shows the user's choice was honoured. fonts-wqy-zenhei (packaging/dev.sh)
# installs it.
ZEN_HEI_FAMILY = "WenQuanYi Zen Hei"


@functools.cache
def font_file(family: str) -> str:
    """The file of the installed font ``family`` (fontconfig's own answer)."""
    listed = subprocess.run(
        ["fc-list", "--format", "%{file}\n", f":family={family}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if not listed:
        pytest.fail(f"the font {family!r} is not installed; packaging/dev.sh test installs it")
    return sorted(listed)[0]


def zen_hei() -> str:
    return font_file(ZEN_HEI_FAMILY)
