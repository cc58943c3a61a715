"""String similarity for name matching: encode a column once, score many pairs fast.

A column is encoded once into Arrow-style buffers (:class:`EncodedStrings`); the
scorers then take two encoded columns (or the same one twice, for deduplication)
and two index arrays naming the pairs, and run one numba loop over all pairs.

Bytes are symbols: names are expected to be normalised ASCII already, and other
UTF-8 text is compared byte by byte (so an ``é`` counts as two symbols, unlike
rapidfuzz, which compares code points).

Missing values: ``None``/null, and by default a string that is empty after
stripping spaces, are missing. A pair with a missing side scores NaN for the
similarities and :data:`MISSING_DISTANCE` (-1) for the distances. With
``encode(..., empty_is_missing=False)`` empty strings are compared as rapidfuzz
does: two empty strings have Jaro–Winkler 1.0 and distance 0; an empty string
against a non-empty one has Jaro–Winkler 0.0.

(A little over 500 lines: the public scorers and their one input check sit together,
so each scorer's doctest shows the same missing-value rule.)

Examples
--------
>>> names = encode(["siti aminah", "siti nur aminah", None])
>>> jaro_winkler(names, names, [0, 0], [1, 2]).round(4).tolist()
[0.9103, nan]
>>> levenshtein(names, names, [0], [1], max_dist=2).tolist()
[3]
>>> levenshtein(names, names, [0], [1]).tolist()
[4]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih._frames import is_missing_expr, series_to_polars
from sidalih.errors import InputTypeError, InvalidParameterError, format_rows
from sidalih.kernels._bounds import any_outside
from sidalih.kernels.strings import (
    jaro_winkler_pairs,
    levenshtein_pairs,
    osa_pairs,
    token_set_pairs,
)

__all__ = [
    "MISSING_DISTANCE",
    "EncodedStrings",
    "encode",
    "jaro_winkler",
    "levenshtein",
    "osa",
    "token_set",
    "jaro_winkler_one",
    "levenshtein_one",
    "osa_one",
    "token_set_one",
]

MISSING_DISTANCE = -1
"""Distance reported for a pair with a missing side."""

_DENOMINATORS = {"mean": 0, "min": 1, "max": 2}


def _immutable(arr: np.ndarray) -> bool:
    """Whether no one can write to the array's memory: read-only all the way down to a
    read-only buffer (e.g. an Arrow buffer or ``bytes``)."""
    base: Any = arr
    while isinstance(base, np.ndarray):
        if base.flags.writeable:
            return False
        if base.base is None:
            # Owns its memory: its owner may set it writable again.
            return False
        base = base.base
    try:
        return memoryview(base).readonly
    except TypeError:
        return False


@dataclass(frozen=True)
class EncodedStrings:
    """A string column as Arrow-style buffers: row ``i`` is ``data[offsets[i]:offsets[i + 1]]``.

    Parameters
    ----------
    offsets
        ``int64[N + 1]``, non-decreasing, within ``data``.
    data
        ``uint8`` bytes of all rows.
    valid
        ``bool[N]``; False marks a missing row.

    The arrays are checked and made read-only on construction, so kernels can
    trust them. Build one with :func:`encode`.

    Examples
    --------
    >>> enc = encode(["budi", None, "sri"])
    >>> len(enc), enc.offsets.tolist(), enc.valid.tolist()
    (3, [0, 4, 4, 7], [True, False, True])
    """

    offsets: np.ndarray
    data: np.ndarray
    valid: np.ndarray

    def __post_init__(self) -> None:
        # The kernels read data[offsets[i]:offsets[i + 1]] unchecked, so the offsets
        # checked here must be ones nobody can change later: a caller's writable array
        # is copied (a read-only view would not stop writes through the caller's own).
        offsets = np.ascontiguousarray(self.offsets)
        if not _immutable(offsets):
            offsets = offsets.copy()
        data = np.ascontiguousarray(self.data)
        valid = np.ascontiguousarray(self.valid)
        problems = []
        if offsets.ndim != 1 or offsets.dtype != np.int64 or offsets.size == 0:
            problems.append(f"offsets must be a non-empty 1-D int64 array, got {offsets.dtype}")
        if data.ndim != 1 or data.dtype != np.uint8:
            problems.append(f"data must be a 1-D uint8 array, got {data.dtype}")
        if valid.ndim != 1 or valid.dtype != np.bool_:
            problems.append(f"valid must be a 1-D bool array, got {valid.dtype}")
        if not problems:
            if valid.shape[0] != offsets.shape[0] - 1:
                problems.append(f"valid has {valid.shape[0]} rows, offsets {offsets.shape[0] - 1}")
            if offsets[0] < 0 or offsets[-1] > data.shape[0] or np.any(np.diff(offsets) < 0):
                problems.append("offsets must be non-decreasing and lie within data")
        if problems:
            raise InvalidParameterError("invalid EncodedStrings: " + "; ".join(problems))
        for name, arr in (("offsets", offsets), ("data", data), ("valid", valid)):
            view = arr.view()
            view.flags.writeable = False
            object.__setattr__(self, name, view)

    def __len__(self) -> int:
        return int(self.valid.shape[0])


def encode(strings: Any, *, empty_is_missing: bool = True) -> EncodedStrings:
    """Encode a string column once, zero-copy from its Arrow buffers where possible.

    Parameters
    ----------
    strings
        A polars/pandas Series, a pyarrow array, a numpy array or a list of
        ``str`` / ``None``.
    empty_is_missing
        Treat strings that are empty after stripping spaces as missing (the
        sidalih default); False compares them as rapidfuzz does.

    Examples
    --------
    >>> enc = encode(["ani", "", None], empty_is_missing=False)
    >>> enc.valid.tolist(), bytes(enc.data)
    ([True, True, False], b'ani')
    """
    series, _ = series_to_polars(strings, name="strings")
    return encode_polars(series, empty_is_missing=empty_is_missing)


def encode_polars(series: pl.Series, *, empty_is_missing: bool = True) -> EncodedStrings:
    """:func:`encode` of a polars Series, for the engine (no frame-kind conversion).

    Examples
    --------
    >>> encode_polars(pl.Series(["ani", " "])).valid.tolist()
    [True, False]
    """
    if series.dtype == pl.Null or isinstance(series.dtype, (pl.Categorical, pl.Enum)):
        series = series.cast(pl.String)
    if series.dtype != pl.String:
        raise InputTypeError(
            f"expected a column of strings, got dtype {series.dtype}; cast it to text first"
        )
    frame = series.rename("s").to_frame()
    missing = is_missing_expr("s") if empty_is_missing else pl.col("s").is_null()
    valid = ~frame.select(missing)["s"].to_numpy()
    arrow = series.rechunk().to_arrow().cast(pa.large_string())
    n = len(arrow)
    buffers = arrow.buffers()
    if n == 0 or buffers[1] is None:
        offsets = np.zeros(n + 1, dtype=np.int64)
    else:
        offsets = np.frombuffer(buffers[1], dtype=np.int64)[arrow.offset : arrow.offset + n + 1]
    if buffers[2] is None:
        data = np.zeros(0, dtype=np.uint8)
    else:
        data = np.frombuffer(buffers[2], dtype=np.uint8)
    return EncodedStrings(offsets, data, np.ascontiguousarray(valid, dtype=np.bool_))


def _as_encoded(values: Any, name: str) -> EncodedStrings:
    if isinstance(values, EncodedStrings):
        return values
    try:
        return encode(values)
    except InputTypeError as exc:
        raise InputTypeError(f"{name}: {exc}") from exc


def _index(values: Any, size: int, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim == 1 and arr.size == 0:
        return np.zeros(0, dtype=np.int64)  # [] arrives as float64
    if arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise InvalidParameterError(
            f"{name} must be a 1-D array of integers, got shape {arr.shape} and dtype {arr.dtype}"
        )
    # Unsigned positions past int64 wrap to negatives here and are reported below.
    index = np.ascontiguousarray(arr, dtype=np.int64)
    # One pass to check; the full-length masks only run to name bad rows.
    if any_outside(index, size):
        bad = np.flatnonzero((index < 0) | (index >= size))
        raise InvalidParameterError(
            f"{name} holds positions outside 0..{size - 1} at pair rows "
            f"{format_rows(bad.tolist())}; indices must point into the encoded column"
        )
    return index


def _prepare(
    a: Any, b: Any, left_idx: Any, right_idx: Any
) -> tuple[EncodedStrings, EncodedStrings, np.ndarray, np.ndarray]:
    enc_a = _as_encoded(a, "a")
    enc_b = enc_a if b is a else _as_encoded(b, "b")
    left = _index(left_idx, len(enc_a), "left_idx")
    right = _index(right_idx, len(enc_b), "right_idx")
    if left.shape[0] != right.shape[0]:
        raise InvalidParameterError(
            f"left_idx and right_idx must have the same length, got {left.shape[0]} "
            f"and {right.shape[0]}"
        )
    return enc_a, enc_b, left, right


def _unit(value: float, name: str, *, low: float = 0.0, high: float = 1.0) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise InvalidParameterError(f"{name} must be a number, got {type(value).__name__}")
    if not (math.isfinite(value) and low <= value <= high):
        raise InvalidParameterError(f"{name} must lie in [{low}, {high}], got {value}")
    return float(value)


def _max_dist(value: int | None) -> int:
    if value is None:
        return -1
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise InvalidParameterError(f"max_dist must be None or an integer >= 0, got {value!r}")
    return min(int(value), 2**31 - 2)


def jaro_winkler(
    a: Any,
    b: Any,
    left_idx: Any,
    right_idx: Any,
    *,
    prefix_weight: float = 0.1,
    score_cutoff: float = 0.0,
) -> np.ndarray:
    """Jaro–Winkler similarity of ``a[left_idx[k]]`` and ``b[right_idx[k]]`` for every k.

    Parameters
    ----------
    a, b
        :class:`EncodedStrings` (or anything :func:`encode` accepts); pass the
        same column twice to compare rows of one list.
    left_idx, right_idx
        Equally long integer arrays of row positions.
    prefix_weight
        Winkler's prefix scale, in [0, 0.25] so scores stay within [0, 1].
    score_cutoff
        Scores below it are returned as 0.0 (and cost less to compute).

    Returns
    -------
    numpy.ndarray
        ``float64`` scores; NaN where a side is missing.

    Examples
    --------
    >>> names = encode(["muhammad sholeh", "muhamad soleh", "budi"])
    >>> jaro_winkler(names, names, [0, 0], [1, 2], score_cutoff=0.8).round(4).tolist()
    [0.9426, 0.0]
    """
    enc_a, enc_b, left, right = _prepare(a, b, left_idx, right_idx)
    pw = _unit(prefix_weight, "prefix_weight", high=0.25)
    cutoff = _unit(score_cutoff, "score_cutoff")
    return jaro_winkler_pairs(  # type: ignore[call-arg, no-any-return]
        *_cols(enc_a, enc_b), left, right, pw, cutoff
    )


def _cols(enc_a: EncodedStrings, enc_b: EncodedStrings) -> tuple[np.ndarray, ...]:
    return enc_a.offsets, enc_a.data, enc_a.valid, enc_b.offsets, enc_b.data, enc_b.valid


def levenshtein(
    a: Any, b: Any, left_idx: Any, right_idx: Any, *, max_dist: int | None = None
) -> np.ndarray:
    """Levenshtein distance per pair; ``max_dist + 1`` when it exceeds ``max_dist``.

    Parameters
    ----------
    a, b, left_idx, right_idx
        As for :func:`jaro_winkler`.
    max_dist
        Cutoff: pairs further apart than this stop early and report
        ``max_dist + 1``. None computes every distance in full.

    Returns
    -------
    numpy.ndarray
        ``int32`` distances; :data:`MISSING_DISTANCE` (-1) where a side is missing.

    Examples
    --------
    >>> names = encode(["suharto", "soeharto", "budi"])
    >>> levenshtein(names, names, [0, 0], [1, 2], max_dist=1).tolist()
    [2, 2]
    >>> levenshtein(names, names, [0, 0], [1, 2]).tolist()
    [2, 6]
    """
    enc_a, enc_b, left, right = _prepare(a, b, left_idx, right_idx)
    return levenshtein_pairs(  # type: ignore[call-arg, no-any-return]
        *_cols(enc_a, enc_b), left, right, _max_dist(max_dist)
    )


def osa(
    a: Any, b: Any, left_idx: Any, right_idx: Any, *, max_dist: int | None = None
) -> np.ndarray:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions).

    Same parameters and conventions as :func:`levenshtein`.

    Examples
    --------
    >>> names = encode(["wahyuni", "wayhuni"])
    >>> osa(names, names, [0], [1]).tolist(), levenshtein(names, names, [0], [1]).tolist()
    ([1], [2])
    """
    enc_a, enc_b, left, right = _prepare(a, b, left_idx, right_idx)
    return osa_pairs(  # type: ignore[call-arg, no-any-return]
        *_cols(enc_a, enc_b), left, right, _max_dist(max_dist)
    )


def token_set(
    a: Any,
    b: Any,
    left_idx: Any,
    right_idx: Any,
    *,
    token_cutoff: float = 0.85,
    initial_score: float = 0.9,
    denominator: Literal["mean", "min", "max"] = "mean",
    prefix_weight: float = 0.1,
    max_tokens: int = 32,
    score_cutoff: float = 0.0,
) -> np.ndarray:
    """Name similarity robust to dropped, added and reordered tokens and to initials.

    Tokens (space-separated) are paired greedily by score: equal tokens score
    1.0, an initial and a token starting with it score ``initial_score``, other
    tokens their Jaro–Winkler similarity when it reaches ``token_cutoff``. The
    sum of paired scores is divided by the mean, smaller or larger token count
    (``denominator``). The exact definition is in :mod:`sidalih.kernels._tokens`.

    Parameters
    ----------
    a, b, left_idx, right_idx
        As for :func:`jaro_winkler`.
    token_cutoff
        Lowest Jaro–Winkler at which two tokens count as the same token.
    initial_score
        Score of a one-letter token against a token starting with that letter, in (0, 1].
    denominator
        ``"mean"`` (a dropped token costs a little), ``"min"`` (a name contained
        in the other scores 1.0) or ``"max"``.
    prefix_weight
        Winkler's prefix scale for token comparisons, in [0, 0.25].
    max_tokens
        Tokens after this many in a name are ignored.
    score_cutoff
        Scores below it are returned as 0.0.

    Returns
    -------
    numpy.ndarray
        ``float64`` scores in [0, 1]; NaN where a side is missing.

    Examples
    --------
    >>> names = encode(["siti aminah", "siti nur aminah", "aminah siti", "m sholeh", "muhammad sholeh"])
    >>> token_set(names, names, [0, 0, 3], [1, 2, 4]).round(4).tolist()
    [0.8, 1.0, 0.95]
    >>> token_set(names, names, [0], [1], denominator="min").tolist()
    [1.0]
    """
    enc_a, enc_b, left, right = _prepare(a, b, left_idx, right_idx)
    if not isinstance(denominator, str) or denominator not in _DENOMINATORS:
        raise InvalidParameterError(
            f"denominator must be one of {sorted(_DENOMINATORS)}, got {denominator!r}"
        )
    if (
        isinstance(max_tokens, bool)
        or not isinstance(max_tokens, (int, np.integer))
        or not 1 <= max_tokens <= 1024
    ):
        raise InvalidParameterError(f"max_tokens must be an integer in 1..1024, got {max_tokens!r}")
    max_tokens = int(max_tokens)
    initial = _unit(initial_score, "initial_score")
    if initial == 0.0:
        raise InvalidParameterError("initial_score must be above 0 so initials can pair")
    return token_set_pairs(  # type: ignore[call-arg, no-any-return]
        *_cols(enc_a, enc_b),
        left,
        right,
        _unit(prefix_weight, "prefix_weight", high=0.25),
        _unit(token_cutoff, "token_cutoff"),
        initial,
        _DENOMINATORS[denominator],
        max_tokens,
        _unit(score_cutoff, "score_cutoff"),
    )


def _pair(a: str | None, b: str | None) -> EncodedStrings:
    values: Sequence[str | None] = [a, b]
    for v in values:
        if v is not None and not isinstance(v, str):
            raise InputTypeError(f"expected str or None, got {type(v).__name__}")
    try:
        raw = [(v or "").encode("utf-8") for v in values]
    except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from a broken decode
        raise InputTypeError(f"text is not valid Unicode ({exc.reason}); repair it first") from exc
    offsets = np.array([0, len(raw[0]), len(raw[0]) + len(raw[1])], dtype=np.int64)
    data = np.frombuffer(raw[0] + raw[1], dtype=np.uint8)
    return EncodedStrings(offsets, data, np.array([a is not None, b is not None]))


_ZERO = np.zeros(1, dtype=np.int64)
_ONE = np.ones(1, dtype=np.int64)


def jaro_winkler_one(
    a: str | None, b: str | None, *, prefix_weight: float = 0.1, score_cutoff: float = 0.0
) -> float:
    """Jaro–Winkler of two strings (rapidfuzz semantics for empty strings; None gives NaN).

    Examples
    --------
    >>> round(jaro_winkler_one("martha", "marhta"), 4), jaro_winkler_one("", "")
    (0.9611, 1.0)
    """
    enc = _pair(a, b)
    return float(
        jaro_winkler(enc, enc, _ZERO, _ONE, prefix_weight=prefix_weight, score_cutoff=score_cutoff)[
            0
        ]
    )


def levenshtein_one(a: str | None, b: str | None, *, max_dist: int | None = None) -> int:
    """Levenshtein distance of two strings; -1 when either is None.

    Examples
    --------
    >>> levenshtein_one("hasan", "hassan"), levenshtein_one("a", None)
    (1, -1)
    """
    enc = _pair(a, b)
    return int(levenshtein(enc, enc, _ZERO, _ONE, max_dist=max_dist)[0])


def osa_one(a: str | None, b: str | None, *, max_dist: int | None = None) -> int:
    """OSA distance of two strings; -1 when either is None.

    Examples
    --------
    >>> osa_one("sholeh", "sohleh")
    1
    """
    enc = _pair(a, b)
    return int(osa(enc, enc, _ZERO, _ONE, max_dist=max_dist)[0])


def token_set_one(a: str | None, b: str | None, **options: Any) -> float:
    """Token-set similarity of two names; ``options`` as for :func:`token_set`.

    Examples
    --------
    >>> token_set_one("m sholeh", "muhammad sholeh")
    0.95
    """
    enc = _pair(a, b)
    return float(token_set(enc, enc, _ZERO, _ONE, **options)[0])
