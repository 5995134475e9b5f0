"""The façade the UI and CLI call: one transaction per operation, audited by storage."""

from kpidesk.storage.document import (
    SUFFIX,
    Document,
    create_document,
    open_document,
    remembered,
)
from kpidesk.storage.errors import DocumentError

from .firm import FirmService

__all__ = ["SUFFIX", "Document", "DocumentError", "FirmService", "create_document", "open_document",
    "remembered",
]
