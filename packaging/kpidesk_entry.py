"""The bundled app's entry point (PyInstaller runs this script): the same ``kpidesk`` command as
``pip install`` gives — no argument or a file opens the window, a subcommand runs it.

A windowed app has no terminal: whatever escapes before the window's own crash path is
installed (an import that fails in a damaged install, say) is still written to the log and
said in a dialog, never a silent exit."""

from __future__ import annotations

import sys


def _last_resort(error: BaseException) -> None:
    try:
        from PySide6.QtWidgets import QApplication

        from kpidesk.ui import crash

        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setApplicationName("kpidesk")
        app.setOrganizationName("kpidesk")
        crash.show(crash.write_log(error))
    except Exception:  # nothing more can be done; a terminal, if any, gets the original
        if sys.__stderr__ is not None:
            import traceback

            traceback.print_exception(error, file=sys.__stderr__)


def run() -> int:
    try:
        from kpidesk.cli.main import main

        return main()
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as error:  # a bug: kpidesk's own paths report what they expect
        _last_resort(error)
        return 70  # EX_SOFTWARE


if __name__ == "__main__":
    # Printing many contracts uses a process pool ("spawn"): in a frozen app each worker is
    # this program started again, and must become a worker here, not parse its arguments.
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(run())
