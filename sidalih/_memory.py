"""How much memory this machine gives a run, and the candidate pairs that fit in it.

An in-memory run holds every candidate pair through comparison, scoring and
clustering: row numbers, levels, weights, probabilities and verdicts, about 60 bytes a
pair at peak, the records' own columns included (measured: a one-village list of 200,000
records, 57M pairs, 3.46 GB peak; of 1M records, 168M pairs, 10.0 GB; benchmarks/README.md,
model, session 14). Blocking plans the pairs before any exists, so a list whose
keys stop telling records apart can be bounded there instead of killed by the
operating system halfway through.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["BYTES_PER_PAIR", "machine_memory", "pair_budget", "pairs_within"]

#: Peak bytes per candidate pair of an in-memory run, rounded up.
BYTES_PER_PAIR = 64
#: The share of the machine's memory the candidate pairs may take: the records, their
#: prepared columns and the process itself need the rest.
PAIR_SHARE = 0.5
_CGROUP_LIMITS = (Path("/sys/fs/cgroup/memory.max"),
                  Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"))


def machine_memory() -> int | None:
    """Bytes of memory this process may use: the machine's, or its container's if less.

    The total, not what is free now: a budget that moved with other processes would make
    one list give other pairs from one run to the next. None where neither is known.

    Examples
    --------
    >>> memory = machine_memory()
    >>> memory is None or memory > 0
    True
    """
    sizes = []
    with contextlib.suppress(AttributeError, OSError, ValueError):  # not on every system
        sizes.append(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    for path in _CGROUP_LIMITS:
        try:
            text = path.read_text().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < 2**60:  # "max" or a huge number: no limit
            sizes.append(int(text))
    return min(sizes) if sizes else None


def pair_budget() -> int | None:
    """Candidate pairs an in-memory run may plan on this machine (None: unknown, no bound).

    Examples
    --------
    >>> budget = pair_budget()
    >>> budget is None or budget > 10_000_000
    True
    """
    memory = machine_memory()
    return None if memory is None else _pairs_in(memory)


def pairs_within(memory: int) -> int:
    """Candidate pairs a run given ``memory`` bytes may plan (and no more than the machine's).

    Examples
    --------
    >>> pairs_within(4 * 2**30) <= 4 * 2**30 // 2 // BYTES_PER_PAIR
    True
    """
    machine = machine_memory()
    return _pairs_in(memory if machine is None else min(memory, machine))


def _pairs_in(memory: int) -> int:
    return int(memory * PAIR_SHARE) // BYTES_PER_PAIR
