"""``kpidesk notices`` and the chain head in ``kpidesk info``, run as a user runs them: a
separate process, real files."""

from __future__ import annotations

import json

import pypdfium2

from kpidesk.services import open_document
from kpidesk.storage import audit_chain
from tests.cli.test_cli import kpidesk
from tests.review_results_data import official_june


def _official(path) -> tuple[int, str]:
    with open_document(path, actor="hr.head") as document:
        official_june(document)
        with document.reading() as session:
            head = audit_chain.head(session)
    assert head is not None
    return head


def _page_count(path) -> int:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def test_notices_of_an_official_period_a_page_per_person(demo_path, tmp_path):
    _official(demo_path)
    out, each = tmp_path / "通知书.pdf", tmp_path / "each"
    done = kpidesk(
        "notices", demo_path, "--period", "2003-06", "--out", out, "--each", each, "--lang", "en"
    )
    assert done.returncode == 0, done.stderr
    assert _page_count(out) == 5
    files = sorted(each.iterdir())
    assert len(files) == 5 and all(_page_count(f) == 1 for f in files)
    assert str(out) in done.stdout and all(str(f) in done.stdout for f in files)


def test_notices_of_a_period_not_official_exit_2_and_write_nothing(demo_path, tmp_path):
    _official(demo_path)
    out = tmp_path / "notices.pdf"
    refused = kpidesk("notices", demo_path, "--period", "2003-05", "--out", out, "--lang", "en")
    assert refused.returncode == 2
    assert "May 2003" in refused.stderr and "not official" in refused.stderr
    assert "Traceback" not in refused.stderr and not out.exists()


def test_notices_want_a_pdf_and_a_period_code(demo_path, tmp_path):
    wrong = kpidesk("notices", demo_path, "--period", "2003-06", "--out", tmp_path / "n.xlsx")
    assert wrong.returncode == 2 and "n.xlsx" in wrong.stderr
    bad = kpidesk("notices", demo_path, "--period", "June", "--out", tmp_path / "n.pdf")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert not (tmp_path / "n.pdf").exists()


def test_info_prints_the_chain_head_the_paper_carries(demo_path):
    row_id, digest = _official(demo_path)
    shown = kpidesk("info", demo_path)
    grouped = " ".join(digest.upper()[i : i + 4] for i in range(0, 64, 4))
    assert f"Audit record #{row_id} · {grouped}" in shown.stdout or (
        f"审计记录第 {row_id} 条 · {grouped}" in shown.stdout
    )
    data = json.loads(kpidesk("info", demo_path, "--json").stdout)
    assert data["audit_head"] == {"id": row_id, "digest": digest}


def test_official_results_changed_outside_kpidesk_are_never_printed_or_exported(
    demo_path, tmp_path
):
    """A notice is a paper the employee signs and its footer anchors the file: from an
    official snapshot rewritten behind kpidesk's back, nothing is printed or exported."""
    import sqlite3
    from contextlib import closing

    _official(demo_path)
    with closing(sqlite3.connect(demo_path)) as db:
        (snapshot,) = db.execute("SELECT snapshot FROM official_results").fetchone()
        rows = json.loads(snapshot)
        rows[0]["total"] = 95.0
        db.execute("UPDATE official_results SET snapshot = ?", (json.dumps(rows),))
        db.commit()
    for command, out in (("notices", "通知书.pdf"), ("results", "结果.xlsx"), ("results", "纪要.pdf")):
        done = kpidesk(command, demo_path, "--period", "2003-06", "--out", tmp_path / out)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "were changed outside kpidesk" in done.stderr or "之外被修改过" in done.stderr
        assert "Traceback" not in done.stderr
        assert not (tmp_path / out).exists()
