"""The audit chain's head as printed on paper (issue 13): the newest sealed audit row's id and
digest, so a paper copy anchors what the file held when it was printed.

Every page's footer carries the row id and the digest's first 16 hex digits in groups of four
(64 bits: matching them with a rewritten log would take about 2⁶⁴ hash trials, out of any
office's reach, and four groups are read aloud or compared by eye in seconds); the last page
carries all 64 digits, so a verifier can compare the whole digest with ``kpidesk info``, which
prints it grouped the same way. Plain data: the services read the head once per print run
(``services.printing.chain_head``) and pass it down; reports never speak SQL."""

from __future__ import annotations

from dataclasses import dataclass

from kpidesk.i18n import gettext

SHORT_DIGITS = 16


@dataclass(frozen=True)
class ChainHead:
    row_id: int
    digest: str  # 64 lowercase hex digits (SHA-256), as stored

    def grouped(self, digits: int | None = None) -> str:
        """The digest (or its first ``digits``) in upper-case groups of four: 3F9A 21C0 …"""
        shown = self.digest[:digits].upper()
        return " ".join(shown[i : i + 4] for i in range(0, len(shown), 4))

    def short(self, lang: str | None = None) -> str:
        """Every page's anchor: the record's number and the digest's first 16 digits."""
        return gettext("Audit record #{id} · {digest} …", lang).format(
            id=self.row_id, digest=self.grouped(SHORT_DIGITS)
        )

    def full(self, lang: str | None = None) -> str:
        """The last page's anchor: the whole digest."""
        return gettext("Audit record #{id} · {digest}", lang).format(
            id=self.row_id, digest=self.grouped()
        )
