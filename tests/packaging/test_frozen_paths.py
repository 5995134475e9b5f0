"""In the bundled app (PyInstaller sets ``sys._MEIPASS`` to the folder of its files),
``resources/`` is found inside the bundle, not beside a source tree that is not there."""

from __future__ import annotations

import sys
from pathlib import Path

from kpidesk.resources import asset


def test_resources_come_from_the_bundle_when_frozen(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "测试 文件夹" / "_internal"), raising=False)
    assert asset("locale", "zh_CN") == tmp_path / "测试 文件夹" / "_internal" / "resources" / "locale" / "zh_CN"


def test_resources_come_from_the_checkout_otherwise(monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    checkout = Path(__file__).resolve().parents[2]
    assert asset("demo") == checkout / "resources" / "demo"
