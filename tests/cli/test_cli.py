"""The command line, run as a user runs it: a separate process, real files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests import fonts as fonts_installed


def kpidesk(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "kpidesk", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


def test_demo_info_and_check(tmp_path):
    path = tmp_path / "演示.kpidesk"
    made = kpidesk("demo", path)
    assert made.returncode == 0 and "wrote the demo firm" in made.stdout
    info = kpidesk("info", path)
    assert info.returncode == 0
    assert "contracts: 5" in info.stdout and "periods: 19" in info.stdout
    check = kpidesk("check", path)
    assert (check.returncode, check.stdout.strip()) == (0, "no findings")


def test_info_json_has_counts_and_contracts(demo_path):
    result = kpidesk("info", demo_path, "--json")
    data = json.loads(result.stdout)
    assert {
        k: data[k]
        for k in ("units", "positions", "employees", "contracts", "contract_lines", "periods")
    } == {
        "units": 5,
        "positions": 7,
        "employees": 7,
        "contracts": 5,
        "contract_lines": 50,
        "periods": 19,
    }
    assert data["actuals"] > 0 and data["indicators"] >= 37
    gm = next(c for c in data["contract_list"] if c["position"] == "营销部门总经理")
    assert (gm["contractee"], gm["status"], gm["weight_total"]) == ("周明杰", "signed", 100)


def test_demo_refuses_to_overwrite_without_force(demo_path):
    before = demo_path.read_bytes()
    refused = kpidesk("demo", demo_path)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert demo_path.read_bytes() == before
    assert kpidesk("demo", demo_path, "--force").returncode == 0


def test_check_lists_findings_with_exit_1(demo_path):
    import sqlite3

    connection = sqlite3.connect(demo_path)
    connection.execute("UPDATE contract_lines SET weight = 20 WHERE id = 1")
    connection.commit()
    connection.close()
    result = kpidesk("check", demo_path)
    assert result.returncode == 1
    assert (
        "error: contract 1 (营销部门 营销部门总经理): Scored weights sum to 95%, not 100%."
        in result.stdout
    )


@pytest.mark.parametrize(
    "content, words",
    [
        (b"not a database", "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 20, "cut short"),
    ],
)
def test_unreadable_files_exit_2_without_traceback(tmp_path, content, words):
    path = tmp_path / "bad.kpidesk"
    path.write_bytes(content)
    for command in ("info", "check"):
        result = kpidesk(command, path)
        assert result.returncode == 2 and words in result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == content


def test_a_missing_file_is_named(tmp_path):
    result = kpidesk("info", tmp_path / "nope.kpidesk")
    assert result.returncode == 2 and "There is no file" in result.stderr


def test_the_command_line_speaks_chinese(tmp_path, demo_path, monkeypatch):
    monkeypatch.setenv("KPIDESK_LANG", "zh_CN")
    info = kpidesk("info", demo_path)
    assert "合同: 5" in info.stdout and "已签订" in info.stdout
    bad = tmp_path / "bad.kpidesk"
    bad.write_text("x")
    refused = kpidesk("check", bad)
    assert refused.returncode == 2 and "不是 kpidesk 文件" in refused.stderr


def test_print_refuses_a_font_it_cannot_embed_and_uses_one_it_can(demo_path, tmp_path):
    junk = tmp_path / "junk.ttf"
    junk.write_text("not a font")
    refused = kpidesk("print", demo_path, "--out", tmp_path / "a", "--font", junk)
    assert refused.returncode == 2 and "cannot be embedded" in refused.stderr
    assert not (tmp_path / "a").exists()
    zen_hei = fonts_installed.zen_hei()
    done = kpidesk("print", demo_path, "--out", tmp_path / "b", "--unit", "营销部门", "--font", zen_hei)
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    fonts = subprocess.run(["pdffonts", first], capture_output=True, text=True).stdout
    assert "ZenHei" in fonts


def test_results_of_an_official_period_print_write_and_refuse(demo_path, tmp_path):
    from kpidesk.services import open_document
    from tests.review_results_data import official_june

    with open_document(demo_path) as document:
        official_june(document)
    shown = kpidesk("results", demo_path, "--period", "2003-06", "--lang", "en")
    assert shown.returncode == 0
    assert "王总经理" in shown.stdout
    assert "营业厅\t营业厅营业员\t吴佳怡\t84.69\t92.9%" in shown.stdout
    workbook = tmp_path / "june.xlsx"
    assert kpidesk("results", demo_path, "--period", "2003-06", "--out", workbook).returncode == 0
    assert workbook.stat().st_size > 0
    minutes = tmp_path / "june.pdf"
    assert kpidesk("results", demo_path, "--period", "2003-06", "--out", minutes).returncode == 0
    assert minutes.read_bytes().startswith(b"%PDF")
    refused = kpidesk("results", demo_path, "--period", "2003-05")
    assert refused.returncode == 2 and "2003-05" in refused.stderr and not refused.stdout
    # a correction: the total as made official and the rescored one, both (by hand: 23.97 → 22
    # on polyline S=20 gives 8.13; 84.21 − 25 + 8.13 = 67.34; coefficient 0.60 + 7.34/30 × 0.40)
    from kpidesk.services import FirmService
    from kpidesk.services.results import ResultsService

    with open_document(demo_path, actor="hr.head") as document:
        results = ResultsService(document, FirmService(document).policy)
        zhou = next(r for r in results.official("2003-06").rows if r.person == "周明杰")
        income = next(l for l in zhou.lines if l.indicator == "通信业务收入")
        results.correct(income.line_id, "2003-06", "22", "对账后更正")
    shown = kpidesk("results", demo_path, "--period", "2003-06", "--lang", "en")
    assert "周明杰\t84.21 → 67.34 *\t" in shown.stdout and "→ 69.8%" in shown.stdout
