"""`kpidesk new PATH --name NAME [--year Y] [--lang zh|en]`: an empty firm with its year and
periods, the §4 categories and the default policy; prints the path; refuses an existing file."""

from __future__ import annotations

import json
import sqlite3

import pytest

from kpidesk.cli.main import main


def _query(path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_new_writes_an_empty_firm_and_prints_its_path(tmp_path, capsys):
    path = tmp_path / "south.kpidesk"
    assert main(["new", str(path), "--name", "华南分公司", "--year", "2026"]) == 0
    assert capsys.readouterr().out.strip() == str(path)
    settings = {key: json.loads(value) for key, value in _query(path, "SELECT key, CAST(value AS TEXT) FROM settings")}
    assert settings["firm_name"] == "华南分公司"
    assert settings["current_year"] == 2026
    assert settings["target_flex"] == 0.15
    assert settings["pay_breakpoints"] == [[60, 0.6], [90, 1.0], [100, 1.5]]
    assert settings["weight_rules"]["high"] == 30
    # 2026: 12 months, 4 quarters, 2 halves, 1 year.
    kinds = dict(_query(path, "SELECT kind, count(*) FROM periods GROUP BY kind"))
    assert kinds == {"month": 12, "quarter": 4, "half": 2, "year": 1}
    assert _query(path, "SELECT code, name_zh FROM categories ORDER BY sort") == [
        ("financial", "财务/效益类"),
        ("service", "服务/经营类"),
        ("learning", "学习成长类"),
        ("deduction", "扣分指标"),
    ]
    assert _query(path, "SELECT code, name FROM value_trees") == [("main", "价值树")]
    assert _query(path, "SELECT count(*) FROM units") == [(0,)]
    assert main(["check", str(path)]) == 0  # a new firm has nothing to find


def test_new_adds_the_suffix_and_names_an_english_firm_in_english(tmp_path, capsys):
    assert main(["new", str(tmp_path / "north"), "--name", "North Branch", "--lang", "en"]) == 0
    path = tmp_path / "north.kpidesk"
    assert capsys.readouterr().out.strip() == str(path)
    names = dict(_query(path, "SELECT key, CAST(value AS TEXT) FROM settings WHERE key LIKE 'firm_name%'"))
    assert {k: json.loads(v) for k, v in names.items()} == {
        "firm_name": "North Branch",
        "firm_name_en": "North Branch",
    }
    assert _query(path, "SELECT name FROM value_trees") == [("Value tree",)]


def test_new_refuses_an_existing_file_in_one_paragraph(tmp_path, capsys):
    path = tmp_path / "mine.kpidesk"
    path.write_bytes(b"keep me")
    assert main(["new", str(path), "--name", "华南分公司"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("kpidesk: ") and str(path) in error
    assert error.strip().count("\n") == 0 and "Traceback" not in error
    assert path.read_bytes() == b"keep me"


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--name", " "], "The firm needs a name."),
        (["--name", "X", "--year", "1990"], "The year 1990 is not between 2000 and 2100."),
    ],
)
def test_new_refuses_what_a_firm_cannot_be(tmp_path, capsys, arguments, said):
    assert main(["new", str(tmp_path / "x"), *arguments]) == 2
    assert capsys.readouterr().err.strip() == f"kpidesk: {said}"
    assert list(tmp_path.iterdir()) == []


def test_new_into_a_missing_folder_says_which(tmp_path, capsys):
    assert main(["new", str(tmp_path / "no" / "x"), "--name", "X"]) == 2
    assert str(tmp_path / "no") in capsys.readouterr().err
