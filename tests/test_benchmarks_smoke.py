"""The benchmark suite runs end to end at a tiny size and writes its figures as JSON: every figure
the issue names, each with its value, unit, goal, reference and ratio. Shape only — speed goals
are printed by the suite, never asserted here. (It shows the measured windows offscreen: a gui
test.)"""

from __future__ import annotations

import json
import math

from PySide6.QtWidgets import QApplication

from benchmarks.suite import main

REQUIRED = (
    "create_firm",
    "open_window",
    "score_period",
    "import_actuals",
    "print_contracts",
    "tree_select",
    "peak_rss",
)


def test_the_suite_writes_every_named_figure_as_json(tmp_path, capsys):
    out = tmp_path / "figures.json"
    argv = ["--size", "10", "--one-process", "--folder", str(tmp_path / "setup")]
    assert main([*argv, "--json", str(out), "--only", ",".join(REQUIRED)]) == 0

    figures = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(figures) == sorted(REQUIRED)
    for name, figure in figures.items():
        assert sorted(figure) == ["goal", "ratio", "reference", "unit", "value"], name
        assert figure["value"] > 0 and math.isfinite(figure["value"]), name
        assert figure["reference"] > 0, name
        # the ratio is the value over the reference (to the four digits written)
        assert math.isclose(figure["ratio"], figure["value"] / figure["reference"], rel_tol=1e-3)
    assert figures["peak_rss"]["unit"] == "MB" and figures["peak_rss"]["goal"] == 500
    assert figures["score_period"]["unit"] == "s" and figures["score_period"]["goal"] == 0.5
    # the import's goal is 1.5 times its reference, the bare calamine read
    import_actuals = figures["import_actuals"]
    assert math.isclose(import_actuals["goal"], 1.5 * import_actuals["reference"], rel_tol=1e-3)

    # in one process, no window of a measurement is left behind for the next one to reach
    assert QApplication.topLevelWidgets() == []

    table = capsys.readouterr().out
    header = next(line for line in table.splitlines() if line.startswith("name"))
    assert header.split() == ["name", "value", "unit", "goal", "reference", "ratio", "ok/over"]
    for name in REQUIRED:
        assert any(line.startswith(name + " ") for line in table.splitlines()), name


def test_an_unknown_figure_is_refused_naming_the_known_ones(capsys):
    try:
        main(["--only", "create_firm,no_such_figure"])
    except SystemExit as exit:
        assert exit.code == 2
    else:
        raise AssertionError("an unknown figure was accepted")
    error = capsys.readouterr().err
    assert "no figure named no_such_figure" in error and "score_period" in error


def test_the_trust_figures_run_and_find_every_raw_edit(tmp_path, capsys):
    """Issue 13's figures: the replay finds nothing in the firm as kpidesk wrote it and every
    raw edit it makes afterwards (typed and imported values alike)."""
    out = tmp_path / "figures.json"
    argv = ["--size", "10", "--one-process", "--folder", str(tmp_path / "setup")]
    names = "tamper_replay,opening_check,stored_values,stored_values_notice"
    assert main([*argv, "--json", str(out), "--only", names]) == 0
    assert sorted(json.loads(out.read_text(encoding="utf-8"))) == sorted(names.split(","))
    table = capsys.readouterr().out
    assert "0 findings as written, 20/20 raw edits found" in table
    assert "0 values of the wrong type" in table


def test_the_backup_and_hostile_sheet_figures_run_in_the_suite(tmp_path, capsys):
    """Issue 13's two scripts are entries of the suite: the backup on opening beside a bare
    sqlite3 backup, and hostile workbooks read by the reader (each in a child process) where
    calamine alone fails on a stray cell at XFD1048576."""
    out = tmp_path / "figures.json"
    argv = ["--size", "10", "--one-process", "--folder", str(tmp_path / "setup")]
    names = "backup_on_opening,backup_skipped,hostile_sheets,sheet_scan"
    assert main([*argv, "--json", str(out), "--only", names]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(figures) == sorted(names.split(","))
    assert figures["hostile_sheets"]["unit"] == "MB" and figures["hostile_sheets"]["value"] > 0
    assert all(figures[name]["reference"] > 0 for name in figures)
    table = capsys.readouterr().out
    assert "XFD1048576" in table and "(calamine alone: failed" in table
