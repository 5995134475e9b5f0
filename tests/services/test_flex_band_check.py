"""§8: after signing, a target moves within the firm's flex band (15 % in the demo). An
amendment beyond it is allowed with approval, and ``kpidesk check`` names it for a second look;
one within it is not mentioned. The band is the firm's policy, not a number in the code."""

from __future__ import annotations

import pytest

from kpidesk.services import FirmService, open_document
from kpidesk.services.checks import check_document
from kpidesk.services.editing import EditService

# The marketing GM's first line (demo): 通信业务收入, minimum 21.5, base 22.73, challenge 23.2.
LINE = 1


@pytest.fixture
def document(demo_path):
    with open_document(demo_path) as document:
        yield document


def _flex_findings(document):
    return [f for f in check_document(document).findings if "flex band" in f.message]


def test_an_amendment_beyond_the_flex_band_is_named_by_check(document):
    assert _flex_findings(document) == []
    EditService(document).amend(LINE, "minimum", 18.0, reason="new market", approved_by="HR")
    (finding,) = _flex_findings(document)
    assert finding.severity == "warning"
    assert "line 1 通信业务收入" in finding.where
    # 21.5 → 18: 3.5 / 21.5 = 16.3 %.
    assert finding.message == (
        "Minimum target amended from 21.5 to 18: "
        "This moves the target by 16%, beyond the 15% flex band."
    )


def test_an_amendment_within_the_band_is_not_mentioned(document):
    # 21.5 → 20: 1.5 / 21.5 = 7 %.
    EditService(document).amend(LINE, "minimum", 20.0, reason="new market", approved_by="HR")
    assert _flex_findings(document) == []
    assert FirmService(document).flex() == 0.15
