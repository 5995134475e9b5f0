"""What an import leaves in the audit trail: one entry naming the file, every value it adds
traced to it, every value it changes with the old value — on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib

import openpyxl
from sqlalchemy import func, select

from kpidesk.services.exchange import ExchangeService
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.records import ActualRecord, ImportRecord


def _count(session, *where):
    return session.scalar(select(func.count()).select_from(AuditRecord).where(*where))


def test_an_import_is_one_audited_entry_and_each_change_keeps_its_old_value(
    new_document, exported, tmp_path
):
    report = ExchangeService(new_document).import_workbook(exported)
    assert report.actuals_inserted == 270
    with new_document.reading() as session:
        (record,) = session.scalars(select(ImportRecord)).all()
        assert (record.file, record.inserted, record.updated) == ("firm.xlsx", 270, 0)
        assert record.sha256 == hashlib.sha256(exported.read_bytes()).hexdigest()
        assert record.who == new_document.actor
        imported = session.scalars(select(ActualRecord.import_id)).all()
        assert len(imported) == 270 and set(imported) == {record.id}
        # file, digest, the two counts, and the witness: every inserted value in one row
        assert _count(session, AuditRecord.entity == "imports") == 5
        (witness,) = session.scalars(
            select(AuditRecord.new).where(AuditRecord.action == "witness")
        ).all()
        assert len(witness["line"]) == len(witness["period"]) == len(witness["value"]) == 270
        assert _count(session, AuditRecord.entity == "actuals") == 0

    book = openpyxl.load_workbook(exported)
    sheet = book["实际完成值"]
    column = [c.value for c in sheet[1]].index("实际完成值") + 1
    old = sheet.cell(2, column).value
    sheet.cell(2, column).value = old + 1
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    again = ExchangeService(new_document).import_workbook(changed)
    assert (again.actuals_inserted, again.actuals_updated) == (0, 1)
    with new_document.reading() as session:
        latest = session.scalars(select(ImportRecord).order_by(ImportRecord.id.desc())).first()
        assert (latest.file, latest.inserted, latest.updated) == ("changed.xlsx", 0, 1)
        (entry,) = session.scalars(select(AuditRecord).where(AuditRecord.entity == "actuals")).all()
        assert (entry.action, entry.old, entry.new) == ("update", old, old + 1)
        actual = session.get(ActualRecord, entry.entity_id)
        assert actual.value == old + 1 and actual.import_id == latest.id
