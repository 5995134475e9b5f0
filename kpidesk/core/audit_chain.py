"""The audit log as a hash chain (issue 13): each row's digest covers its content and the digest
of the row before, so a row rewritten, inserted or deleted behind kpidesk's back breaks the chain
from there on, and the newest digest (the head, printed on paper) vouches for everything before.

The rule is fixed for good: a digest written once is checked by every later kpidesk."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = ""  # the "previous digest" of the first row


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value


def row_digest(
    previous: str,
    at: datetime | str,
    who: str,
    action: str,
    entity: str,
    entity_id: int | None,
    field: str,
    old: Any,
    new: Any,
) -> str:
    """SHA-256 of the previous digest and the row's content, canonically written as JSON."""
    content = json.dumps(
        [_plain(at), who, action, entity, entity_id, field, old, new],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(f"{previous}\n{content}".encode()).hexdigest()


def short(digest: str) -> str:
    """The head as people copy it from paper: the first 16 hex digits, in groups of four."""
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))
