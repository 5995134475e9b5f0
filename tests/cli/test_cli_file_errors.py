"""A file the command line cannot write ends in one sentence naming it, exit 2, no traceback."""

from __future__ import annotations

from kpidesk.cli.main import main


def test_export_into_a_folder_that_is_not_there_names_it(demo_path, tmp_path, capsys):
    target = tmp_path / "no-such-folder" / "out.xlsx"
    assert main(["export", str(demo_path), str(target)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "out.xlsx" in err and "No such file or directory" in err
    assert not target.exists()
