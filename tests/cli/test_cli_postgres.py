"""The command line on a PostgreSQL database (issue 13): a wrong password is one paragraph and
exit 2, never repeating the password; `kpidesk new|demo URL` makes a firm in an empty database
that `check` passes and `info` describes, and refuses a database that holds anything else."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from kpidesk.cli.main import main
from kpidesk.services import FirmService, open_document

pytestmark = pytest.mark.postgres


def _one_paragraph(text: str) -> bool:
    return text.strip() != "" and "\n\n" not in text.strip() and "Traceback" not in text


def test_a_wrong_password_is_one_paragraph_without_the_password(pg_password_server, capsys):
    url, _password = pg_password_server
    assert main(["info", url.replace("alice@", "alice:wrong@")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert _one_paragraph(captured.err)
    assert "wrong" not in captured.err
    assert "did not accept the user name or password" in captured.err
    assert "alice:***@" in captured.err


def test_an_unknown_user_is_said_the_same_way(pg_server, capsys):
    assert main(["check", pg_server.replace("kpidesk@", "nobody:pw@") + "/postgres"]) == 2
    captured = capsys.readouterr()
    assert "did not accept the user name or password" in captured.err
    assert _one_paragraph(captured.err)


def test_the_right_password_opens(pg_password_server, capsys):
    url, password = pg_password_server
    assert main(["info", url.replace("alice@", f"alice:{password}@")]) == 0
    assert password not in capsys.readouterr().out


def test_new_on_an_empty_database_makes_a_firm_check_passes(pg_url, capsys):
    assert main(["new", pg_url, "--name", "华南分公司", "--year", "2026"]) == 0
    assert capsys.readouterr().out.strip() == pg_url  # no password in this URL to hide
    assert main(["check", pg_url]) == 0
    assert "no findings" in capsys.readouterr().out
    assert main(["info", pg_url]) == 0
    out = capsys.readouterr().out
    assert "units: 0" in out and "periods: 19" in out


def test_demo_on_an_empty_database_writes_the_demo(pg_url, capsys):
    assert main(["demo", pg_url]) == 0
    assert capsys.readouterr().out.strip() == f"wrote the demo firm to {pg_url}"
    assert main(["check", pg_url]) == 0
    capsys.readouterr()
    assert main(["info", pg_url]) == 0
    assert "contracts: 5" in capsys.readouterr().out


def test_new_and_demo_refuse_a_database_that_already_holds_a_firm(pg_url, capsys):
    assert main(["new", pg_url, "--name", "华南分公司"]) == 0
    capsys.readouterr()
    for argv in (["new", pg_url, "--name", "另一家"], ["demo", pg_url], ["demo", "--force", pg_url]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "already holds a kpidesk firm" in err and _one_paragraph(err)
    with open_document(pg_url) as document:  # the firm as it was: nothing written over it
        firm = FirmService(document)
        assert firm.name == "华南分公司" and firm.contracts() == []


@pytest.mark.parametrize("command", [["new", "--name", "华南分公司"], ["demo"]])
def test_new_and_demo_refuse_a_database_of_another_program_untouched(pg_url, capsys, command):
    engine = sa.create_engine(pg_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE invoices (id integer primary key)")
    assert main([command[0], *command[1:], pg_url]) == 2
    err = capsys.readouterr().err
    assert "invoices" in err and _one_paragraph(err)
    assert sa.inspect(engine).get_table_names() == ["invoices"]
    engine.dispose()


def test_new_takes_a_database_that_was_only_opened_before(pg_url, capsys):
    """Opening an empty database gives it kpidesk's schema and no firm: still empty enough."""
    assert main(["info", pg_url]) == 0
    capsys.readouterr()
    assert main(["new", pg_url, "--name", "华南分公司", "--year", "2026"]) == 0
    capsys.readouterr()
    with open_document(pg_url) as document:
        assert FirmService(document).name == "华南分公司"


def test_a_providers_template_reads_the_same_from_a_server(pg_url, demo_path, tmp_path, capsys):
    """The period's lines and actuals are read as plain driver rows (storage/period_repo.py):
    psycopg takes values by name and decodes JSON itself; the workbook must not care."""
    import openpyxl

    assert main(["demo", pg_url]) == 0
    from_file, from_server = tmp_path / "file.xlsx", tmp_path / "server.xlsx"
    for source, out in ((str(demo_path), from_file), (pg_url, from_server)):
        assert main(["template", "actuals", source, str(out), "--period", "2003-06"]) == 0
    capsys.readouterr()

    def cells(path):
        book = openpyxl.load_workbook(path)
        return {
            sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
            for sheet in book.worksheets
        }

    file_cells = cells(from_file)
    assert file_cells == cells(from_server)
    actuals = {row[9] for rows in file_cells.values() for row in rows[1:] if len(row) > 9}
    assert {84.55, "优秀"} <= actuals  # numbers and levels (JSON) alike, as stored
