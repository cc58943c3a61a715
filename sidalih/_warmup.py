"""Compile the engine's numba kernels in a second process while the first one works.

On a fresh install every numba kernel is compiled on first use (``cache=True`` keeps the
result on disk for later runs), which makes a first ``sidalih demo`` spend most of its
time compiling, on one core. :func:`start` launches a process that runs the engine's
later stages (blocking, comparison, model, clustering) on a small prepared
sample shipped with the package, so their kernels compile there while the first
process compiles the preparation kernels; the first process then loads them from the
cache.
Nothing changes in the results: the cache holds the same machine code either way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from typing import Any

__all__ = ["start", "cache_is_warm", "SAMPLE"]

SAMPLE = "warmup_prepared.parquet"


def cache_is_warm() -> bool:
    """Whether the last-compiled kernel of a run already has a cache entry on disk."""
    try:
        from sidalih.kernels import unionfind

        dispatcher: Any = unionfind.components
        return bool(os.path.exists(dispatcher._cache._cache_file._index_path))
    except Exception:  # numba's cache layout is not public: assume cold
        return False


def start() -> subprocess.Popen[bytes] | None:
    """Start compiling in a background process when the cache is cold; None when warm.

    ``SIDALIH_NO_WARMUP=1`` turns it off (one core only, or measuring a cold start).
    """
    if os.environ.get("SIDALIH_NO_WARMUP") or cache_is_warm():
        return None
    return subprocess.Popen(
        [sys.executable, "-m", "sidalih._warmup"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _run() -> None:
    import polars as pl

    from sidalih.api._pipeline import random_pairs, score
    from sidalih.api._settings import voter_comparisons
    from sidalih.blocking import candidate_pairs
    from sidalih.compare import ColumnCache, compare_pairs

    path = resources.files("sidalih.data").joinpath(SAMPLE)
    with resources.as_file(path) as local:
        records = pl.read_parquet(local)
    # In the order the first process will need them once it has prepared its list:
    # blocking, then comparison, then the rest of the pipeline.
    candidate_pairs(records, window=100)
    left, right = random_pairs(records.height, None, size=5_000, seed=0)
    compare_pairs(ColumnCache(records), left, right, voter_comparisons(records))
    score(records, other_rows=None, model=None, comparisons=None, rules=None, threshold=0.9,
          seed=0, u_pairs=20_000, max_block_size=2_000, timings={}, clock=lambda: 0.0)


if __name__ == "__main__":
    _run()
