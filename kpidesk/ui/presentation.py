"""Presentation mode: what a facilitator projects — large type, high contrast, no chrome."""

from __future__ import annotations

PRESENTATION_STYLE = """
QWidget { font-size: 20pt; color: #000000; background: #ffffff; }
QTreeView, QTableView { alternate-background-color: #f2f2f2; gridline-color: #000000; }
QTreeView::item:selected, QTableView::item:selected { background: #ffd600; color: #000000; }
QHeaderView::section { background: #000000; color: #ffffff; font-weight: bold; padding: 6px; }
QTabBar::tab:selected { background: #000000; color: #ffffff; }
QLabel#contractTitle { font-size: 26pt; font-weight: bold; }
QLabel#scoreSummary, QLabel#weightTotals { font-weight: bold; }
QPushButton { border: 2px solid #000000; padding: 6px 12px; }
"""
