"""``kpidesk backup list|create|restore``, as a user types it: what it prints, its exit codes,
and a restore that asks first (off a terminal, only with --yes)."""

from __future__ import annotations

import re

import subprocess
import sys

from kpidesk.cli.main import main
from kpidesk.storage import backups
from kpidesk.storage.document import open_document
from tests.backup_data import add_unit, units


def test_create_then_list(demo_path, capsys):
    assert main(["backup", "list", str(demo_path)]) == 0
    assert "has no backups yet" in capsys.readouterr().out
    assert main(["backup", "create", str(demo_path)]) == 0
    written = capsys.readouterr().out
    assert written.startswith("wrote ") and "manual.kpidesk" in written
    assert main(["backup", "list", str(demo_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    taken, why, size, state, name = lines[0].split("\t")
    assert (why, state) == ("by hand", "good")
    # the demo's size moves with what it holds: said in KB below 1 MB, else in MB to a tenth
    assert re.fullmatch(r"\d{3} KB|\d\.\d MB", size), size
    assert name.startswith("firm ") and name.endswith(" manual.kpidesk")
    assert taken[:2] == "20" and len(taken) == len("2026-12-02 09:30:00")


def test_restore_without_a_terminal_needs_yes(demo_path):
    made = backups.create(demo_path)
    add_unit(demo_path, "UY")
    result = subprocess.run(
        [sys.executable, "-m", "kpidesk", "backup", "restore", str(demo_path), made.path.name],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert "Nothing was replaced: add --yes" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "UY" in units(demo_path)  # untouched


def test_restore_with_yes_says_where_the_current_file_is_kept(demo_path, capsys):
    made = backups.create(demo_path)
    add_unit(demo_path, "UZ")
    assert main(["backup", "restore", str(demo_path), made.path.name, "--yes"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"restored {demo_path} from {made.path}"
    assert out[1].startswith("the document as it was is kept in ") and "kept.kpidesk" in out[1]
    assert "UZ" not in units(demo_path)
    kept = [b for b in backups.list_backups(demo_path) if b.reason == "kept"]
    assert len(kept) == 1 and "UZ" in units(kept[0].path)


def test_restore_asks_on_a_terminal(demo_path, capsys, monkeypatch):
    backups.create(demo_path)
    add_unit(demo_path, "UQ")
    asked = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda question: asked.append(question) or "n")
    assert main(["backup", "restore", str(demo_path), "--newest"]) == 1
    assert "Replace " in asked[0] and "is kept first in" in asked[0]
    assert capsys.readouterr().out.strip() == "Nothing was replaced."
    assert "UQ" in units(demo_path)
    monkeypatch.setattr("builtins.input", lambda question: "y")
    assert main(["backup", "restore", str(demo_path), "--newest"]) == 0
    assert "UQ" not in units(demo_path)


def test_refusals_are_one_paragraph_and_exit_2(demo_path, capsys):
    backups.create(demo_path)
    cases = [
        (["backup", "restore", str(demo_path)], "name the backup to restore, or --newest"),
        (["backup", "restore", str(demo_path), "nothing.kpidesk", "--yes"], "There is no backup"),
        (["backup", "list", "postgresql://hr:pw@db/firm"], "backups are the server's job"),
        (["backup", "create", str(demo_path.with_name("missing.kpidesk"))], "There is no file"),
        (["backup", "create", str(demo_path), "--yes"], "only kpidesk backup restore takes"),
    ]
    for argv, said in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert said in err and len(err.strip().splitlines()) == 1, err
    with open_document(demo_path):  # open in a kpidesk: the restore refuses, naming who
        assert main(["backup", "restore", str(demo_path), "--newest", "--yes"]) == 2
    assert "already open in kpidesk" in capsys.readouterr().err


def test_info_warns_of_a_document_in_a_sync_folder(demo_path, tmp_path, capsys):
    synced = tmp_path / "我的坚果云" / "firm.kpidesk"
    synced.parent.mkdir()
    synced.write_bytes(demo_path.read_bytes())
    assert main(["info", str(synced)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("warning: firm.kpidesk is in a")  # a warning, not a refusal
    assert "坚果云" in err and "half-written" in err
    assert main(["info", str(demo_path)]) == 0
    assert capsys.readouterr().err == ""


def test_a_copy_kept_elsewhere_can_be_restored_by_its_path(demo_path, tmp_path, capsys):
    stick = tmp_path / "U盘"
    stick.mkdir()
    copy = stick / "firm 备份.kpidesk"
    copy.write_bytes(demo_path.read_bytes())
    add_unit(demo_path, "UU")
    assert main(["backup", "restore", str(demo_path), str(copy), "--yes"]) == 0
    assert capsys.readouterr().out.startswith(f"restored {demo_path} from {copy}")
    assert "UU" not in units(demo_path) and copy.exists()


def test_listing_the_backups_of_a_name_that_does_not_exist_says_so(tmp_path, capsys):
    assert main(["backup", "list", str(tmp_path / "nosuch.kpidesk")]) == 2
    said = capsys.readouterr().err
    assert "nosuch.kpidesk does not exist" in said and "nosuch.kpidesk.backups" in said
