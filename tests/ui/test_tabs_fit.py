"""On a 1366×768 laptop the left panel is about 210 pixels wide: its tabs (organisation, value
tree, KPI dictionary) and the centre's (contract, diagram, year grid, people, KPI entry) must
show their names whole, in both languages — four left tabs once read "Org… Va… P… KPI di…"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kpidesk.ui.qt_i18n import apply_language

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_tab_name_shows_whole_on_a_laptop(window, lang):
    apply_language(lang)
    window.retranslate()
    window.resize(1366, 740)
    window.select_position("营销部门总经理")
    window.fit_splitter()
    QApplication.processEvents()
    for tabs in (window.left, window.centre):
        bar = tabs.tabBar()
        needed = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
        names = [tabs.tabText(i) for i in range(tabs.count())]
        assert needed <= tabs.width(), (names, needed, tabs.width())
    assert window.left.width() < 260  # the laptop's narrow left panel, not a wide window
    apply_language("en")
