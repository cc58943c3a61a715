"""Freed memory given back to the operating system between stages.

glibc's ``malloc`` serves a large block with ``mmap`` (given back whole on ``free``) and a
smaller one from its heap (kept for reuse, and given back only from the heap's top). The
bound between the two starts at 128 KiB and rises to the size of every mmapped block
freed, up to 32 MiB. A run frees many arrays of a few MiB (a rule's keys, a column's
codes, the random pairs of training); once the bound has risen past them they live on the
heap, and after they are freed the heap keeps their pages, fragmented behind live
arrays, while the next stage allocates its own.

:func:`give_back_freed` asks glibc (``malloc_trim``) to return the free pages of every
heap, which it does in milliseconds. The in-memory engine calls it between its stages.
Measured on the 1M-record list of ``synth.voters(1_000_000, seed=3)`` read from Parquet
(2-core box, ``benchmarks/README.md``, scale, session 32): peak 2,100-2,130 MiB without,
about 2,000 MiB with it, 23 ms in all. Holding the bound at 1 MiB
(``MALLOC_MMAP_THRESHOLD_``) gave a lower peak, 1,830 MiB, but every array of a MiB or
more then costs fresh pages, and the run took 0.7-3 s longer.

Off glibc (macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import platform
import sys
from collections.abc import Callable

__all__ = ["give_back_freed"]


def give_back_freed() -> bool:
    """Return the pages of freed heap memory to the system; whether glibc was asked.

    Examples
    --------
    >>> isinstance(give_back_freed(), bool)
    True
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = (ctypes.c_size_t,)
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]
