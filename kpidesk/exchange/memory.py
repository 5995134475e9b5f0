"""Giving memory back to the system after reading or importing a large workbook.

calamine holds a sheet as millions of small allocations, and an import makes and drops lists
and arrays of hundreds of thousands of entries: the C library keeps what was freed for later,
so the process would stay hundreds of megabytes larger than what it holds — and the next
import would start from there. Asked, glibc returns it; elsewhere there is nothing to do."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache


@cache
def _trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def give_back_freed_memory() -> None:
    """Return the C heap's freed memory to the system (glibc's ``malloc_trim``)."""
    trim = _trim()
    if trim is not None:
        trim(0)
