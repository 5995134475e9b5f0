"""`kpidesk --version` prints one line, the version, and exits 0."""

from __future__ import annotations

import pytest

from kpidesk.cli.main import main


def test_version_is_one_line(capsys):
    with pytest.raises(SystemExit) as ended:
        main(["--version"])
    assert ended.value.code == 0
    assert capsys.readouterr().out == "kpidesk 0.1.0\n"
