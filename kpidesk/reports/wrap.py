"""Line breaking for Chinese and mixed text in table cells, with the basic kinsoku rules
reportlab's own CJK wrapping lacks: closing punctuation never starts a line and opening
brackets never end one. Latin words and numbers stay whole."""

from __future__ import annotations

import re
from collections.abc import Callable

CLOSING = set("，。、；：！？）》」』】〕〉…,.;:!?)]}%％")
OPENING = set("（《「『【〔〈([{")
_TOKENS = re.compile(r"[A-Za-z0-9.\-_/+%']+|\s+|.", re.S)


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy lines no wider than ``width`` (a single token wider than that gets a line of its
    own). A line that would start with closing punctuation takes the previous character along,
    or, when the line holds one word only, the mark hangs past the edge."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        for token in _TOKENS.findall(paragraph):
            if token.isspace() and not current:
                continue
            if current and measure("".join(current) + token) > width:
                if token.isspace():  # a space at the edge is where the break will be; no more
                    continue
                carry: list[str] = []
                if token[0] in CLOSING:
                    # The mark goes down with the word before it (and any marks between).
                    k = len(current) - 1
                    while k > 0 and current[k][0] in CLOSING:
                        k -= 1
                    if k == 0:  # that would empty the line: let the mark hang instead
                        current.append(token)
                        continue
                    carry = current[k:]
                    del current[k:]
                while len(current) > 1 and current[-1] and current[-1][-1] in OPENING:
                    carry.insert(0, current.pop())
                lines.append("".join(current).rstrip())
                current = carry
            current.append(token)
        lines.append("".join(current).rstrip())
    return lines
