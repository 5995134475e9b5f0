"""Presentation mode: what a facilitator projects — large type, high contrast, no chrome."""

from __future__ import annotations

# Type is sized to the screen, so a line takes the same share of the picture on a 1366×768
# projector as on a 1920×1080 one (18 pt there): the back row reads both alike.
LINES_PER_SCREEN = 60
SMALLEST, LARGEST = 10.0, 28.0


def presentation_point_size(screen) -> float:
    """The base point size for a screen (a QScreen; ``None`` → the 1080-line default)."""
    height = screen.geometry().height() if screen is not None else 1080
    return round(min(LARGEST, max(SMALLEST, height / LINES_PER_SCREEN)), 1)


def presentation_style(points: float = 18.0) -> str:
    title, tabs = round(points * 1.3, 1), round(points * 0.75, 1)
    return f"""
QWidget {{ font-size: {points}pt; color: #000000; background: #ffffff; }}
QTreeView, QTableView {{ alternate-background-color: #f2f2f2; gridline-color: #000000; }}
QTreeView::item:selected, QTableView::item:selected {{ background: #ffd600; color: #000000; }}
QHeaderView::section {{ background: #000000; color: #ffffff; font-weight: bold; padding: 4px; }}
QTabBar::tab {{ font-size: {tabs}pt; padding: 4px 12px; }}
QTabBar::tab:selected {{ background: #000000; color: #ffffff; }}
QLabel#contractTitle {{ font-size: {title}pt; font-weight: bold; }}
QLabel#scoreSummary, QLabel#weightTotals {{ font-weight: bold; }}
QPushButton {{ border: 2px solid #000000; padding: 4px 12px; }}
QPushButton:disabled {{ color: #9e9e9e; border-color: #c8c8c8; }}
"""
