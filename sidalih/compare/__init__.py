"""Comparisons: per pair of records, the level of agreement each field reaches.

Comparisons are small data objects built by constructors named after what they
compare (in the manner of Splink's comparison library); :func:`compare_pairs`
computes every comparison for every candidate pair into an int8 matrix with one
column per comparison (``-1`` null, ``0`` else, higher = closer agreement).

Examples
--------
>>> import numpy as np, polars as pl
>>> records = pl.DataFrame({"jk": ["L", "L", "P", None]})
>>> compare_pairs(records, np.array([0, 0, 0]), np.array([1, 2, 3]), [exact("jk")])[:, 0].tolist()
[1, 0, -1]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from sidalih.compare._columns import ColumnCache, dense_codes
from sidalih.compare._methods import METHOD_FUNCTIONS
from sidalih.compare._spec import Comparison
from sidalih.errors import InvalidParameterError

__all__ = [
    "Comparison",
    "ColumnCache",
    "exact",
    "code_prefix",
    "string",
    "name",
    "nik",
    "date",
    "compare_pairs",
    "dense_codes",
    "NIK_LABELS",
    "DATE_LABELS",
]

NIK_LABELS = (
    "different",
    "masked prefix agrees",
    "same birth part",
    "same except serial",
    "adjacent digits transposed",
    "one digit differs",
    "exact",
)
"""Labels of :class:`sidalih.kernels.levels.NikLevel` codes 0..6, in code order."""

DATE_LABELS = (
    "different",
    "placeholder in one, same year",
    "same placeholder date",
    "one field off by one",
    "day and month swapped",
    "exact",
)
"""Labels of :class:`sidalih.kernels.levels.DateLevel` codes 0..5, in code order."""


def exact(column: str, *, name: str | None = None, tf: bool = False,
          anchor: bool = True) -> Comparison:
    """Two levels: the values differ, or they are equal.

    Examples
    --------
    >>> exact("jenis_kelamin").labels
    ('different', 'same')
    """
    return Comparison(name or column, column, "exact", ("different", "same"),
                      {"anchor": anchor}, tf_column=column if tf else None)


def code_prefix(column: str, *, lengths: Sequence[int], labels: Sequence[str] | None = None,
                name: str | None = None, anchor: bool = False) -> Comparison:
    """Hierarchical codes (region codes): agreement on ever longer prefixes.

    Examples
    --------
    >>> code_prefix("kode_desa", lengths=(4, 6, 10)).labels
    ('different', 'same prefix 4', 'same prefix 6', 'same prefix 10')
    """
    lengths = tuple(int(n) for n in lengths)
    if not lengths or list(lengths) != sorted(set(lengths)) or lengths[0] < 1:
        raise InvalidParameterError(f"lengths must be increasing positive integers, got {lengths}")
    labels = tuple(labels) if labels else ("different", *(f"same prefix {n}" for n in lengths))
    if len(labels) != len(lengths) + 1:
        raise InvalidParameterError("code_prefix needs one label per length plus 'different'")
    return Comparison(name or column, column, "code_prefix", labels,
                      {"lengths": lengths, "anchor": anchor})


def string(column: str, *, thresholds: Sequence[float] = (0.88, 0.94), name: str | None = None,
           tf: bool = False, anchor: bool = True) -> Comparison:
    """Jaro–Winkler similarity levels plus an exact level.

    Examples
    --------
    >>> string("tempat_lahir").labels
    ('different', 'jaro-winkler >= 0.88', 'jaro-winkler >= 0.94', 'exact')
    """
    thresholds = _check_thresholds(thresholds)
    labels = ("different", *(f"jaro-winkler >= {t:g}" for t in thresholds), "exact")
    return Comparison(name or column, column, "string", labels,
                      {"thresholds": thresholds, "anchor": anchor},
                      tf_column=column if tf else None)


def name(column: str = "nama_norm", *, thresholds: Sequence[float] = (0.88, 0.94),
         token_set: float = 0.8, label: str | None = None, tf: bool = True) -> Comparison:
    """Names: token-set agreement (dropped, reordered tokens, initials), JW levels, exact.

    Examples
    --------
    >>> name().labels
    ('different', 'same tokens', 'jaro-winkler >= 0.88', 'jaro-winkler >= 0.94', 'exact')
    """
    thresholds = _check_thresholds(thresholds)
    labels = ("different", "same tokens", *(f"jaro-winkler >= {t:g}" for t in thresholds),
              "exact")
    return Comparison(label or "nama", column, "name", labels,
                      {"thresholds": thresholds, "token_set": float(token_set)},
                      tf_column=column if tf else None)


def nik(column: str = "nik", *, name: str | None = None,
        depends_on: Sequence[str] = ("tanggal_lahir", "jenis_kelamin")) -> Comparison:
    """NIK levels; ``same except serial`` is its own level because twins live there.

    ``depends_on`` names the comparisons whose information the NIK also carries (its
    digits 7-12 are the birth date and sex), so training does not learn the NIK's
    weights from pairs chosen because those agree.
    """
    return Comparison(name or "nik", column, "nik", NIK_LABELS,
                      {"depends_on": tuple(depends_on)})


def date(column: str = "tanggal_lahir", *, name: str | None = None) -> Comparison:
    """Birth-date levels; agreement on a placeholder date is weaker than true agreement."""
    return Comparison(name or column, column, "date", DATE_LABELS)


def _check_thresholds(thresholds: Sequence[float]) -> tuple[float, ...]:
    values = tuple(float(t) for t in thresholds)
    if not values or list(values) != sorted(set(values)) or not all(0 < t < 1 for t in values):
        raise InvalidParameterError(
            f"thresholds must be increasing and strictly between 0 and 1, got {list(values)}"
        )
    return values


def compare_pairs(records: pl.DataFrame | ColumnCache, left: np.ndarray, right: np.ndarray,
                  comparisons: Sequence[Comparison], *, threads: int | None = None) -> np.ndarray:
    """Level codes of every comparison for every pair: int8 array ``(n_pairs, n_comparisons)``.

    Large inputs are cut into chunks compared on ``threads`` threads (default: every
    core); the kernels release the GIL, so the chunks run in parallel. The result does
    not depend on the number of threads.
    """
    cache = records if isinstance(records, ColumnCache) else ColumnCache(records)
    left = np.ascontiguousarray(left, dtype=np.int64)
    right = np.ascontiguousarray(right, dtype=np.int64)
    n_rows = cache.records.height
    if left.shape != right.shape or left.ndim != 1:
        raise InvalidParameterError("left and right must be 1-d arrays of equal length")
    if len(left) and (min(left.min(), right.min()) < 0 or max(left.max(), right.max()) >= n_rows):
        raise InvalidParameterError(f"pair indices must lie in [0, {n_rows})")
    out = np.empty((len(left), len(comparisons)), dtype=np.int8)
    # The first chunk runs alone so that every per-column array is built once, before
    # threads share the cache.
    warm = min(len(left), _WARM_PAIRS)
    _compare_chunk(cache, left, right, comparisons, out, 0, warm)
    n_threads = max(1, threads if threads is not None else (os.cpu_count() or 1))
    bounds = np.linspace(warm, len(left), n_threads * 4 + 1).astype(np.int64)
    chunks = [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]
    if n_threads == 1 or len(left) - warm < _PARALLEL_PAIRS:
        for start, stop in chunks:
            _compare_chunk(cache, left, right, comparisons, out, start, stop)
        return out
    with ThreadPoolExecutor(max_workers=n_threads) as pool:
        list(pool.map(lambda span: _compare_chunk(cache, left, right, comparisons, out, *span),
                      chunks))
    return out


_WARM_PAIRS = 1_000
_PARALLEL_PAIRS = 200_000


def _compare_chunk(cache: ColumnCache, left: np.ndarray, right: np.ndarray,
                   comparisons: Sequence[Comparison], out: np.ndarray, start: int,
                   stop: int) -> None:
    for k, comparison in enumerate(comparisons):
        out[start:stop, k] = METHOD_FUNCTIONS[comparison.method](
            comparison, cache, left[start:stop], right[start:stop])
