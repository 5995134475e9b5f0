"""``kpidesk check`` / ``info`` / ``export`` on a firm another program wrote values of the wrong
type into (issue 13): check lists every one (exit 1); info and export refuse in one paragraph
naming the value (exit 2); never a traceback."""

from __future__ import annotations

import pytest

from kpidesk.cli.main import main
from tests.wrong_types_data import CORRUPTIONS, UNKNOWN_KIND, corrupt


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_check_reports_every_wrong_value_and_exits_1(demo_path, capsys, monkeypatch):
    monkeypatch.setenv("KPIDESK_LANG", "en")
    corrupt(demo_path, *(statement for statement, _ in CORRUPTIONS.values()))
    code, out, _err = _run(capsys, "check", demo_path)
    assert code == 1
    for _statement, message in CORRUPTIONS.values():
        assert message in out


@pytest.mark.parametrize(
    "name", ["text weight", "malformed rule", "rule as a list", "garbage signing date"]
)
def test_info_refuses_in_one_paragraph_naming_the_value(demo_path, capsys, monkeypatch, name):
    monkeypatch.setenv("KPIDESK_LANG", "en")
    statement, message = CORRUPTIONS[name]
    corrupt(demo_path, statement)
    code, out, err = _run(capsys, "info", demo_path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1  # one paragraph
    assert message in err and "'kpidesk check' lists every one" in err


@pytest.mark.parametrize(
    "name",
    [
        "text weight",
        "infinite actual",
        "NaN actual",
        "malformed rule",
        "garbage event date",
        "impossible assignment start",
        "garbage signing date",
    ],
)
def test_export_refuses_in_one_paragraph_and_writes_nothing(
    demo_path, tmp_path, capsys, monkeypatch, name
):
    monkeypatch.setenv("KPIDESK_LANG", "en")
    statement, message = CORRUPTIONS[name]
    corrupt(demo_path, statement)
    out_file = tmp_path / "firm.xlsx"
    code, out, err = _run(capsys, "export", demo_path, out_file)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err
    assert not out_file.exists()


def test_info_and_export_still_work_beside_a_value_check_alone_flags(
    demo_path, tmp_path, capsys, monkeypatch
):
    """A count out of range breaks no reading: check flags it, the rest goes on."""
    monkeypatch.setenv("KPIDESK_LANG", "en")
    statement, message = CORRUPTIONS["huge event count"]
    corrupt(demo_path, statement)
    assert _run(capsys, "info", demo_path)[0] == 0
    assert _run(capsys, "export", demo_path, tmp_path / "firm.xlsx")[0] == 0
    code, out, _err = _run(capsys, "check", demo_path)
    assert code == 1 and message in out


def test_a_rule_of_no_known_kind_is_named_by_contract_and_line(
    demo_path, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("KPIDESK_LANG", "en")
    statement, message = UNKNOWN_KIND
    corrupt(demo_path, statement)
    code, out, err = _run(capsys, "export", demo_path, tmp_path / "firm.xlsx")
    assert code == 2 and err.count("\n") == 1 and message in err
    code, out, _err = _run(capsys, "check", demo_path)
    assert code == 1 and "scoring rule: unknown rule kind 'magic'" in out
