"""Run the NIK/NKK kernel over a polars column and collect plain numpy arrays."""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih.dates import MAX_YEAR, MIN_YEAR
from sidalih.election import PEMILU_2024, VOTING_AGE
from sidalih.errors import InvalidParameterError
from sidalih.kernels import nik as k
from sidalih.nik._input import Batch, normalise_unicode, to_text, view_batches
from sidalih.nik._letters import candidate_rows
from sidalih.nik._status import NIK_NAMES

__all__ = [
    "DEFAULT_REFERENCE_DATE",
    "OLDEST_AGE",
    "VOTING_AGE",
    "NO_DATE",
    "Parsed",
    "parse_arrays",
    "district_mask",
    "reference_tuple",
    "status_blob",
]

DEFAULT_REFERENCE_DATE = PEMILU_2024.date
"""Polling day of Pemilu 2024, used when ``reference_date`` is None."""
OLDEST_AGE = 110
"""Oldest plausible age of a person on a population or voter list."""
"""Age of eligibility on polling day (married people vote younger; see DOMAIN.md)."""
NO_DATE = k.NO_DATE
_VIEW_OFFSET_MAX = 2**31 - 1

# Fallback province table (DOMAIN.md) for when sidalih.regions is not installed:
# bit 0 = 2019 (34 provinces), bits 1-2 = 2022/2025 (38, after the Papua split).
_PROVINCES = (
    list(range(11, 20)) + [21] + list(range(31, 37)) + [51, 52, 53] + list(range(61, 66))
    + list(range(71, 77)) + [81, 82, 91, 92]
)  # fmt: skip
_PAPUA_2022 = [93, 94, 95, 96]


@dataclass
class Parsed:
    """Kernel output for n rows (layouts in :func:`sidalih.kernels.nik.parse_views`)."""

    views: np.ndarray  # int32[6, n, 4]: key, status, province, regency, district, sex
    small8: np.ndarray  # int8[7, n]: status, day, month, yy, ambiguous, versions, views set
    serials: np.ndarray  # int16[n]
    days: np.ndarray  # int32[n], NO_DATE when unknown
    ints: np.ndarray  # int64[n], -1 unless 16 plain digits
    keys: list[pa.Array] = field(default_factory=list)  # the key column, batch by batch

    @classmethod
    def allocate(cls, n: int) -> Parsed:
        # np.zeros/np.empty leave pages untouched until written: the NKK's unused sex
        # column and null views cost nothing
        return cls(
            views=np.zeros((6, n, 4), dtype=np.int32),
            small8=np.empty((7, n), dtype=np.int8),
            serials=np.empty(n, dtype=np.int16),
            days=np.empty(n, dtype=np.int32),
            ints=np.empty(n, dtype=np.int64),
        )

    @property
    def status(self) -> np.ndarray:
        return self.small8[0]


@lru_cache(maxsize=1)
def district_mask() -> np.ndarray:
    """uint8[1_000_000]: bit k set when the district code is valid in region version k."""
    try:
        from sidalih.regions import code_masks  # type: ignore[attr-defined]
    except ImportError:
        warnings.warn(
            "sidalih.regions is not available: NIK region checks use province codes only",
            RuntimeWarning,
            stacklevel=3,
        )
        mask = np.zeros(1_000_000, dtype=np.uint8)
        for province in _PROVINCES:
            mask[province * 10_000 : (province + 1) * 10_000] = 0b111
        for province in _PAPUA_2022:
            mask[province * 10_000 : (province + 1) * 10_000] = 0b110
        return mask
    mask = np.ascontiguousarray(code_masks()[2], dtype=np.uint8)
    if mask.shape != (1_000_000,):
        raise InvalidParameterError(f"district mask must have 1,000,000 entries, got {mask.shape}")
    return mask


def reference_tuple(reference_date: object) -> np.ndarray:
    """(year, month, day) of the reference date; None means Pemilu 2024 (2024-02-14).

    Examples
    --------
    >>> reference_tuple("2024-11-27").tolist()
    [2024, 11, 27]
    """
    if reference_date is None:
        reference_date = DEFAULT_REFERENCE_DATE
    if isinstance(reference_date, str):
        try:
            reference_date = dt.date.fromisoformat(reference_date)
        except ValueError as exc:
            raise InvalidParameterError(
                f"reference_date must be an ISO date such as '2024-02-14', got {reference_date!r}"
            ) from exc
    given = reference_date
    if isinstance(reference_date, dt.datetime):
        # pandas' NaT is a datetime too, whose date() is NaT again: not a date.
        reference_date = reference_date.date() if reference_date == reference_date else None
    if not isinstance(reference_date, dt.date):
        raise InvalidParameterError(
            f"reference_date must be a datetime.date or ISO string, got {given!r}"
        )
    # The birth century is inferred from it: a year 1 reference gives births in year -101.
    if not MIN_YEAR <= reference_date.year <= MAX_YEAR:
        raise InvalidParameterError(
            f"reference_date must fall in {MIN_YEAR}-{MAX_YEAR}, got {reference_date.isoformat()}"
        )
    return np.array([reference_date.year, reference_date.month, reference_date.day], dtype=np.int64)


def parse_arrays(
    series: pl.Series,
    *,
    is_nkk: bool,
    reference_date: object = None,
    dmask: np.ndarray | None = None,
) -> Parsed:
    """Clean, classify and split every value of ``series`` (any dtype)."""
    ref = reference_tuple(reference_date)
    mask = np.ascontiguousarray(district_mask() if dmask is None else dmask, dtype=np.uint8).view()
    mask.flags.writeable = False  # one numba specialisation for every caller's mask
    text, override = to_text(series)
    out = Parsed.allocate(len(text))
    limits = np.array([OLDEST_AGE, VOTING_AGE], dtype=np.int64)
    first, ambiguous = k.century_tables(ref, limits, is_nkk)
    fixed_args = (ref, limits, first, ambiguous, mask, _status_views())
    start = 0
    for batch in view_batches(text):
        n = batch.views.shape[0]
        out.keys.append(_run_batch(batch, text, override, start, is_nkk, out, fixed_args))
        start += n
    if start != len(text):  # pragma: no cover - would be an Arrow export bug
        raise RuntimeError(f"read {start} of {len(text)} values")
    return out


def _run_batch(
    batch: Batch,
    text: pl.Series,
    override: np.ndarray,
    start: int,
    is_nkk: bool,
    out: Parsed,
    fixed_args: tuple[np.ndarray, ...],
) -> pa.Array:
    """Parse one batch into ``out`` and return its key column as a string-view array."""
    n = batch.views.shape[0]
    # only rows whose key is not found verbatim in the input use this; its untouched
    # pages cost nothing
    clean = np.empty(max(16 * n, 16), dtype=np.uint8)
    clean_at = np.array([0, 1], dtype=np.int64)
    no_rows = np.empty(0, dtype=np.int64)
    copy_keys = int(batch.data.size > _VIEW_OFFSET_MAX)
    flags = np.array([is_nkk, 0, copy_keys, start], dtype=np.int64)
    key = np.zeros(k.KEY_CAP, dtype=np.uint8)  # scratch: the kernels never allocate
    tail = (out.views, out.small8, out.serials, out.days, out.ints, clean, clean_at, key)
    k.parse_views(  # type: ignore[call-arg]
        batch.views, batch.inline, batch.data, batch.bases, batch.valid,
        override[start : start + n], no_rows, flags, *fixed_args, *tail,
    )  # fmt: skip
    todo = np.flatnonzero(out.status[start : start + n] == k.NEEDS_UNICODE)
    if todo.size:
        values = text.slice(start, n).gather(todo).to_list()
        fixed = pl.Series([normalise_unicode(v) for v in values], dtype=pl.String)
        rows = (todo + start).astype(np.int64)
        flags = np.array([is_nkk, 1, 1, 0], dtype=np.int64)
        none = np.full(todo.size, -1, dtype=np.int8)
        for sub in view_batches(fixed):  # one batch: todo.size < BATCH_ROWS
            k.parse_views(  # type: ignore[call-arg]
                sub.views, sub.inline, sub.data, sub.bases, sub.valid, none, rows, flags,
                *fixed_args, *tail,
            )  # fmt: skip
    _read_letters(text, override, start, n, is_nkk, out, fixed_args, tail)
    has_key = out.small8[6, start : start + n] >= k.HAS_KEY
    return _key_array(out.views[0, start : start + n], has_key, batch.data, clean[: clean_at[0]])


def _read_letters(
    text: pl.Series,
    override: np.ndarray,
    start: int,
    n: int,
    is_nkk: bool,
    out: Parsed,
    fixed_args: tuple[np.ndarray, ...],
    tail: tuple[np.ndarray, ...],
) -> None:
    """The second pass of :mod:`sidalih.nik._letters` over the batch's ``non_digit`` rows
    (not those judged before the kernel: a negative number, a boolean): parse the digits
    their letters stand for; ``letters_read`` where those pass every check of ``valid``,
    else the row is put back as ``non_digit`` with no key."""
    own = (out.status[start : start + n] == k.NON_DIGIT) & (override[start : start + n] < 0)
    todo = np.flatnonzero(own)
    if not todo.size:
        return
    todo, digits = candidate_rows(text.slice(start, n), todo)
    if not todo.size:
        return
    rows = (todo + start).astype(np.int64)
    flags = np.array([is_nkk, 1, 1, 0], dtype=np.int64)
    none = np.full(todo.size, -1, dtype=np.int8)
    for sub in view_batches(pl.Series(digits, dtype=pl.String)):  # one batch
        k.parse_views(  # type: ignore[call-arg]
            sub.views, sub.inline, sub.data, sub.bases, sub.valid, none, rows, flags,
            *fixed_args, *tail,
        )  # fmt: skip
    read = out.status[rows] == k.VALID
    status_views = fixed_args[-1]
    kept = rows[read]
    out.small8[0, kept] = k.LETTERS_READ
    out.views[1, kept] = status_views[k.LETTERS_READ]
    failed = rows[~read]
    if failed.size:  # as the kernel leaves a non_digit row
        out.views[:, failed] = 0
        out.views[1, failed] = status_views[k.NON_DIGIT]
        out.small8[0, failed] = k.NON_DIGIT
        out.small8[1:6, failed] = -1
        out.small8[6, failed] = 0
        out.serials[failed] = -1
        out.days[failed] = k.NO_DATE
        out.ints[failed] = -1


def _key_array(
    views: np.ndarray, has_key: np.ndarray, data: np.ndarray, clean: np.ndarray
) -> pa.Array:
    valid = np.packbits(has_key, bitorder="little")
    # copies: a slice would keep alive the whole array it was cut from (all six views of
    # every row, and the scratch for clean keys), as long as the key column lives
    views, clean = views.copy(), clean.copy()
    buffers = [pa.py_buffer(valid), pa.py_buffer(views), pa.py_buffer(data), pa.py_buffer(clean)]
    return pa.Array.from_buffers(pa.string_view(), len(views), buffers)


@lru_cache(maxsize=1)
def _status_views() -> np.ndarray:
    """int32[128, 4]: the string view of every status name, by code.

    Names longer than 12 bytes point into :func:`status_blob`, buffer 0 of the output.
    """
    table = np.zeros((128, 4), dtype=np.int32)
    raw = table.view(np.uint8).reshape(128, 16)
    offset = 0
    for code, name in enumerate(NIK_NAMES):
        data = name.encode()
        table[code, 0] = len(data)
        raw[code, 4 : 4 + min(len(data), 12)] = np.frombuffer(data[:12], dtype=np.uint8)
        if len(data) > 12:
            raw[code, 4:8] = np.frombuffer(data[:4], dtype=np.uint8)
            raw[code, 8:12] = 0
            table[code, 3] = offset
        offset += len(data)
    table.flags.writeable = False
    return table


def status_blob() -> bytes:
    """Every status name, end to end (the data buffer of the status column)."""
    return "".join(NIK_NAMES).encode()
