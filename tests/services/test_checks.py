"""``check`` finds what is wrong with a contract and says where."""

import sqlite3

from kpidesk.services import FirmService, open_document


def _check(path):
    with open_document(path) as document:
        return FirmService(document).check().findings


def test_an_edit_behind_the_apps_back_breaks_the_seal(demo_path):
    connection = sqlite3.connect(demo_path)
    connection.execute("UPDATE contract_lines SET weight = 30 WHERE id = 1")
    connection.commit()
    connection.close()
    findings = _check(demo_path)
    where = {f.where for f in findings}
    assert any("content differs from what was signed" in f.message for f in findings)
    assert "contract 1 (营销部门 营销部门总经理)" in where
    assert any("sum to 105%" in f.message for f in findings)


def test_bad_targets_and_rules_are_named_by_line(demo_path):
    connection = sqlite3.connect(demo_path)
    connection.execute("UPDATE contract_lines SET minimum = 30 WHERE id = 2")
    connection.execute("""UPDATE contract_lines SET rule = '{"kind": "linear", "base": 1, "step": 0, "points": 1}'
                          WHERE id = 3""")
    connection.commit()
    connection.close()
    findings = {(f.where, f.message) for f in _check(demo_path)}
    assert (
        "contract 1 (营销部门 营销部门总经理) line 2 净营运资产贡献率",
        "targets minimum 30 / base 8.8 / challenge 9.5 are not in order "
        "(each level must be harder than the one before)",
    ) in findings
    assert (
        "contract 1 (营销部门 营销部门总经理) line 3 预算网络成本贡献率",
        "scoring rule: step must be above zero, not 0",
    ) in findings


def test_a_dangling_reference_is_an_integrity_error(demo_path):
    connection = sqlite3.connect(demo_path)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("UPDATE contract_lines SET indicator_id = 999 WHERE id = 5")
    connection.commit()
    connection.close()
    findings = _check(demo_path)
    assert any(f.where == "database" and "missing indicators row" in f.message for f in findings)


def test_a_seal_cleared_behind_the_apps_back_is_reported(demo_path):
    connection = sqlite3.connect(demo_path)
    connection.execute("UPDATE contracts SET content_hash = NULL WHERE id = 2")
    connection.commit()
    connection.close()
    findings = [(f.where, f.message) for f in _check(demo_path) if f.severity == "error"]
    assert findings == [
        (
            "contract 2 (公众客户部 公众客户部经理)",
            "signed, but its seal (the content hash taken at signing) is missing: it was "
            "removed outside kpidesk",
        )
    ]
