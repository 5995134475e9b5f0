"""``kpidesk screenshot``: render a view of a document offscreen to a PNG.

``size`` is the screen in physical pixels, as a laptop's specification states it (1366×768), and
``scale`` the display scaling the user has chosen (1.5 for 150 %). The window fills that screen,
so it is laid out at ``size / scale`` logical pixels, and the PNG has exactly ``size`` pixels:
what the user's screen would show, pixel for pixel.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

from kpidesk.core.problems import InputError
from kpidesk.i18n import N_, gettext

VIEWS = (
    "main",
    "value-tree",
    "print-preview",
    "dictionary",
    "tree-edit",
    "welcome",
    "firm-settings",
    "people",
    # The review cycle (issue 12): each view is made by its feature's screens module.
    "period",
    "meeting",
    "meeting-presenter",
    "calibration",
    "nine-box",
)
# view → "module:function"; the function takes the main window (shown, sized) and the logical
# size, sets up what the view shows and returns the widget to grab (the window or its own).
REVIEW_SCREENS = {
    "period": "kpidesk.ui.review.period_screens:show_period",
    "meeting": "kpidesk.ui.review.meeting_screens:show_projector",
    "meeting-presenter": "kpidesk.ui.review.meeting_screens:show_presenter",
    "calibration": "kpidesk.ui.review.calibration_screens:show_calibration",
    "nine-box": "kpidesk.ui.review.calibration_screens:show_nine_box",
}
SIZE = (1600, 900)


def parse_size(text: str) -> tuple[int, int]:
    """``1366x768`` (or ``1366×768``) → (1366, 768); anything else is refused with a message."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise InputError(
            N_("--size wants WIDTHxHEIGHT in pixels, such as 1366x768, not {text}"), text=text
        ) from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise InputError(
            N_("--size {text} is not a screen size (320x240 to 7680x4320)"), text=text
        )
    return width, height


def check_scale(scale: float) -> float:
    if not 1 <= scale <= 4:
        raise InputError(
            N_("--scale is the display scaling, from 1 to 4 (1.5 for 150 %), not {scale}"),
            scale=f"{scale:g}",
        )
    return scale


def _prepare_screen(size: tuple[int, int], scale: float) -> None:
    """Before the QApplication exists: an offscreen screen of ``size`` pixels, ``scale``d."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        screen = QApplication.primaryScreen()
        if abs(screen.devicePixelRatio() - scale) > 1e-6:
            raise RuntimeError(f"scale {scale:g} needs a fresh process (Qt is already running)")
        return
    if os.environ.get("QT_QPA_PLATFORM", "offscreen").startswith("offscreen"):
        screen = {
            "name": "kpidesk",
            "x": 0,
            "y": 0,
            "width": size[0],
            "height": size[1],
            "logicalDpiX": 96,
            "logicalDpiY": 96,
            "dpr": 1,
        }
        config = {"synchronousWindowSystemEvents": False, "windowFrameMargins": False}
        config["screens"] = [screen]
        handle, name = tempfile.mkstemp(prefix="kpidesk-screen-", suffix=".json")
        with os.fdopen(handle, "w") as file:
            json.dump(config, file)
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={name}"
    if scale != 1:
        # Qt reads the factor once, when the application starts; the offscreen plugin honours it.
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"


def _quiet_offscreen_notes() -> None:
    """The offscreen platform says it cannot resize a window to its size hints each time one
    shows: a note about the picture's platform, not the user's document, kept off the output."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message: str) -> None:
        if "does not support propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            import sys

            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def render(
    document_path: str,
    view: str,
    out: Path,
    lang: str | None = None,
    present: bool = False,
    size: tuple[int, int] = SIZE,
    scale: float = 1.0,
) -> Path:
    _prepare_screen(size, check_scale(scale))
    from PySide6.QtWidgets import QApplication

    from kpidesk import i18n
    from kpidesk.services import FirmService, open_document
    from kpidesk.services.editing import EditService

    from kpidesk.ui.app_icon import app_icon
    from kpidesk.ui.main_window import MainWindow
    from kpidesk.ui.qt_i18n import apply_language

    app = QApplication.instance() or QApplication(["kpidesk"])
    app.setWindowIcon(app_icon())  # as the app starts (a bundle missing QtSvg shows here)
    _quiet_offscreen_notes()
    apply_language(lang or i18n.system_language())
    # The window fills the screen: its logical size is the pixels divided by the scaling.
    logical = (math.ceil(size[0] / scale), math.ceil(size[1] / scale))
    if view == "welcome":  # the first-run screen has no document: the path is ignored
        from kpidesk.ui.firm.screens import render_welcome

        return render_welcome(out, logical, size, present, document_path)
    with open_document(document_path) as document:
        window = MainWindow(FirmService(document), EditService(document))
        window.resize(*logical)
        window.show()
        window.select_position("营销部门总经理")
        window.fit_splitter()  # as a first start does, for the contract shown
        if view in ("value-tree", "tree-edit"):
            window.left.setCurrentIndex(1)
        if view == "dictionary":  # the tab, an entry used by contracts and the value tree shown
            window.dictionary.show_tab()
            browser = window.dictionary.browser
            entries = browser.model.entries()  # the demo's 通信业务收入, else the first
            shown_entry = next((e for e in entries if e.code == "REV"), entries[0] if entries else None)
            if shown_entry is not None:
                browser.select(shown_entry.id)
        if view == "people":  # who holds what, vacant positions last
            window.centre.setCurrentWidget(window.org_actions.people_page)
        if present:
            window.set_presentation(True, full_screen=False)
            window.resize(*logical)
        app.processEvents()
        if view == "tree-edit":  # a node being renamed on the diagram itself
            window.tree_actions.edit_on_diagram_for_screenshot()
            app.processEvents()
        shown = window
        if view in REVIEW_SCREENS:
            import importlib

            module, function = REVIEW_SCREENS[view].split(":")
            shown = getattr(importlib.import_module(module), function)(window, logical)
            app.processEvents()
        if view == "print-preview":
            from kpidesk.ui.files.print_preview import PrintPreview

            shown = PrintPreview(*window.files.preview_pdf(), parent=window)
            shown.resize(*logical)
            shown.show()
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        # Logical sizes round up, so the grab may be a pixel larger than the screen: crop to it.
        image = shown.grab().toImage().copy(0, 0, *size)
        if view == "tree-edit":
            window.diagram.cancel_edit()  # a picture of an edit must not change the document
        if view == "firm-settings":  # the dialog over the window, as the user sees it
            from kpidesk.ui.firm.screens import paint_settings_dialog

            paint_settings_dialog(window, image)
        if not image.save(str(out)):
            raise OSError(0, gettext("the picture could not be written"), str(out))
        window.close()
    return out
