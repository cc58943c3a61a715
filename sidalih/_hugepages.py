"""Large numpy arrays without the kernel's huge-page compaction stalls.

NumPy asks Linux for transparent huge pages for every large array it allocates
(``madvise(MADV_HUGEPAGE)``). Where the kernel answers that request by compacting memory
there and then (``/sys/kernel/mm/transparent_hugepage/defrag`` set to ``always``,
``madvise`` or ``defer+madvise``), each fresh array is paid for with a stall. On the
2-core development machine (a virtual machine), a fresh 90 MB array took 0.39-0.64 s with
the request and 0.04 s without it. A 1M-record in-memory run allocates such arrays for
every candidate pair (weights, levels, probabilities): 7.7-8.7 s with the request and
5.9-6.1 s without it (score and cluster 2.3-2.5 s against 1.0-1.2 s;
``benchmarks/README.md``, voters, session 15).

:func:`avoid_compaction_stalls` turns NumPy's request off for the process, where the
kernel's policy would stall on it. The engine calls it when it is imported. The data
are the same and only page sizes change; the cost is more TLB misses. NumPy's own
switch, the environment variable ``NUMPY_MADVISE_HUGEPAGE``, wins whenever it is set.

Measured in memory, alternating runs with and without the request: 3M records 30.2 and
31.8 s with it, 19.6 and 19.9 s without; 10M records (17 GB of arrays read at random)
77.1 and 96.3 s with it, 93.5 and 102.4 s without. At that size fewer TLB misses may
outweigh the stalls (the runs spread by 20 s), so a run of ten million records or more in
memory may do better with ``NUMPY_MADVISE_HUGEPAGE=1``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["DEFRAG", "ENABLED", "avoid_compaction_stalls", "request_stalls"]

#: Where Linux states how it gets a huge page for a region that asked for one.
DEFRAG = Path("/sys/kernel/mm/transparent_hugepage/defrag")
#: Where Linux states which memory gets huge pages at all.
ENABLED = Path("/sys/kernel/mm/transparent_hugepage/enabled")


def request_stalls(enabled: str | None, defrag: str | None) -> bool:
    """Whether asking for huge pages makes the kernel compact memory on the fault when it
    would not otherwise: the request's own stall, the one turning it off avoids.

    ``enabled`` ``never``: no huge pages at all. ``defrag`` ``madvise`` or
    ``defer+madvise``: only regions that asked compact on their fault. ``defrag``
    ``always``: every huge-page region does, so the request stalls only where it is what
    gives a region huge pages (``enabled`` ``madvise``).

    Examples
    --------
    >>> request_stalls("madvise", "madvise"), request_stalls("always", "always")
    (True, False)
    >>> request_stalls("never", "madvise"), request_stalls("madvise", "defer")
    (False, False)
    """
    if enabled not in ("always", "madvise"):
        return False
    return defrag in ("madvise", "defer+madvise") or (defrag == "always"
                                                      and enabled == "madvise")


def _policy(path: Path) -> str | None:
    """The bracketed (selected) entry of a sysfs choice file, e.g. ``madvise``."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    start, end = text.find("["), text.find("]")
    return text[start + 1:end] if 0 <= start < end else None


def avoid_compaction_stalls(defrag: Path = DEFRAG, enabled: Path = ENABLED) -> bool:
    """Stop NumPy asking for huge pages where the kernel would stall to compact for them.

    Returns whether NumPy's request was turned off. It stays as it is where
    ``NUMPY_MADVISE_HUGEPAGE`` is set (the user's choice), off Linux, where the policies
    cannot be read or the request does not stall (:func:`request_stalls`), and where this
    NumPy has no such switch.

    Examples
    --------
    >>> avoid_compaction_stalls(Path("/no/such/file"))
    False
    """
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ or not sys.platform.startswith("linux"):
        return False
    if not request_stalls(_policy(enabled), _policy(defrag)):
        return False
    switch = _numpy_switch()
    if switch is None:
        return False
    switch(False)
    return True


def _numpy_switch():  # type: ignore[no-untyped-def]
    """NumPy's setter behind ``NUMPY_MADVISE_HUGEPAGE`` (it returns the previous value)."""
    import numpy as np

    for module in ("_core", "core"):  # NumPy 2, NumPy 1
        multiarray = getattr(getattr(np, module, None), "multiarray", None)
        switch = getattr(multiarray, "_set_madvise_hugepage", None)
        if switch is not None:
            return switch
    return None
