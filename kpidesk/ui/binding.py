"""A guard against a reference-counting fault of the Qt binding.

PySide6/shiboken6 6.12.0 (the stable-ABI wheel) hands ``None``, ``True`` and ``False`` back to
Python without taking a reference to them: every call of a method that returns nothing
(``setText``), every ``Signal.emit`` (which returns ``True``), every empty ``index.data()``
takes one reference away for good. On CPython 3.12 and later these objects are immortal
(PEP 683) and nothing happens. On CPython 3.11 their count falls while the app is used (about
a thousand per few seconds of moving through the organisation tree) until CPython frees
``None`` and aborts: "Fatal Python error: none_dealloc", most often on quitting, when the
objects that held ``None`` let go of it at once. ``pyproject.toml`` keeps Python 3.11 on
PySide6 6.11, which does not have the fault; this guard protects an environment that has
6.12 all the same, by doing what CPython 3.12 does: giving the three objects a reference count
no session can spend.
"""

from __future__ import annotations

import ctypes
import sys

# 2**40 references: at a million lost per minute, two years of one session.
_RESERVE = 1 << 40
_applied = False


def _faulty_binding() -> bool:
    import shiboken6

    version = tuple(int(part) for part in shiboken6.__version__.split(".")[:2])
    return version >= (6, 12)


def needs_guard() -> bool:
    return (
        sys.implementation.name == "cpython"
        and sys.version_info < (3, 12)
        and _faulty_binding()
    )


def guard_singletons() -> bool:
    """Make ``None``, ``True`` and ``False`` immortal where the binding would otherwise free
    them; once per process. Returns whether the guard is in place."""
    global _applied
    if not _applied and needs_guard():
        for singleton in (None, True, False):
            # CPython 3.11 keeps an object's reference count in its first word (PyObject_HEAD).
            count = ctypes.c_ssize_t.from_address(id(singleton))
            count.value += _RESERVE
        _applied = True
    return _applied
