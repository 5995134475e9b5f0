"""Why a document could not be opened: one clear paragraph each, never a traceback."""

from __future__ import annotations

from kpidesk.core.problems import KpideskError


class DocumentError(KpideskError):
    """A document cannot be opened or written; its problem is for the user."""


class NotKpideskFile(DocumentError):
    pass


class CorruptDocument(DocumentError):
    pass


class NewerDocument(DocumentError):
    pass


class ReadOnlyLocation(DocumentError):
    pass


class DocumentInUse(DocumentError):
    pass


class DocumentBusy(DocumentError):
    """Another program held the document's write lock for longer than SQLite waits."""
