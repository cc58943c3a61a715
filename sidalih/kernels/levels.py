"""Comparison levels for NIKs and birth dates over aligned candidate pairs.

Every kernel takes ``left`` and ``right`` (row indices of the pairs) and the per-row
arrays, and returns one ``int8`` level per pair: ``-1`` when either side is missing,
``0`` when the values disagree, and positive codes for kinds of agreement. Codes
order *roughly* by evidence; the matching model learns each level's own weight, so the
point of a level is that it groups pairs that behave alike.

NIK levels (:class:`NikLevel`), checked in this order, first match wins:

==== ===================== ===========================================================
code name                  when
==== ===================== ===========================================================
6    EXACT                 all 16 digits agree
3    SAME_EXCEPT_SERIAL    digits 1-12 agree, the serial (13-16) differs, not in its
                           first digit alone
5    ONE_SUBSTITUTION      one digit differs (within digits 1-12, or the serial's first)
4    TRANSPOSITION         two adjacent digits swapped (touching digits 1-12)
2    SAME_BIRTH_PART       digits 7-12 (birth day+sex, month, year) agree, nothing above
1    MASKED_PREFIX         a side is masked (last four digits hidden); digits 1-12 agree
0    ELSE
-1   NULL                  either NIK missing
==== ===================== ===========================================================

``SAME_EXCEPT_SERIAL`` is tested before the typo levels on purpose: twins registered
together share digits 1-12 and have consecutive serials (0001/0002 differ in one
digit), so a serial-only difference must never be scored as a typo, except in the
serial's first digit alone (0905 / 7905): serials count the people of one district,
birth date and sex, a few per real date and some 130 on a placeholder in the largest
districts, so two serials a thousand apart lie in no run and one was mistyped. Scored
as a serial difference, within a crowded placeholder date (where most pairs of one
district differ only in the serial), such a copy lost its merge once its missing date
was filled in (round 11, defect 1); the NIK comparison reads it as a serial difference
again where the list holds a run that long (``sidalih.compare._methods.LONG_RUN``
records of one prefix: every voter on one placeholder date). It is numbered
below the typo levels because, with everything else equal, it is weaker evidence of one
person than a typo in the region or birth part. ``SAME_BIRTH_PART`` covers a person
registered again elsewhere (a new prefix) and is weak: many people share a birth date.
A masked NIK reaches only ``MASKED_PREFIX`` or ``ELSE``.

Date levels (:class:`DateLevel`), first match wins:

==== ===================== ===========================================================
5    EXACT                 same date, not a placeholder date
4    DAY_MONTH_SWAPPED     same year, day and month exchanged (day != month)
3    NEAR                  one day apart; or same day and year, month one apart; or same
                           day and month, year one apart or one digit different (of four,
                           or of the last two: 1995/2005 written 95/05), or the year's last
                           two digits swapped (1983/1938)
2    EXACT_PLACEHOLDER     same date, flagged as a placeholder (01-07, 31-12, 01-01, 15th)
1    PLACEHOLDER_YEAR      dates differ, one is a placeholder, the years agree
0    ELSE
-1   NULL                  either date missing
==== ===================== ===========================================================

Agreement on a placeholder date says little more than "same birth year" (millions share
01-07), so it ranks below the near misses, which are rare between strangers. When one
copy carries a placeholder and the other the real date (a record corrected later, or
written from memory), the disagreement says almost nothing: ``PLACEHOLDER_YEAR`` keeps it
apart from a true disagreement.

Inputs: NIKs as ``int64`` (the 16-digit value, ``-1`` missing; a masked NIK holds its 12
known digits times 10 000 with ``masked`` set). Dates as ``int32`` days since
1970-01-01 (polars' ``Date`` physical) with :data:`NULL_DAYS` for missing, and a
per-row ``placeholder`` flag. The wrappers :func:`nik_levels` and :func:`date_levels`
validate and convert; the ``*_kernel`` functions are for callers that already did.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import numpy as np
from numba import njit

from sidalih.errors import InvalidParameterError

__all__ = [
    "NikLevel",
    "DateLevel",
    "NULL_DAYS",
    "nik_levels",
    "date_levels",
    "nik_levels_kernel",
    "date_levels_kernel",
]

NULL_DAYS = int(np.iinfo(np.int32).min)
"""Sentinel for a missing date in the ``days`` array."""
_NIK_LIMIT = 10**16


class NikLevel(IntEnum):
    """Comparison levels for two NIKs (see the module docstring for the rules)."""

    NULL = -1
    ELSE = 0
    MASKED_PREFIX = 1
    SAME_BIRTH_PART = 2
    SAME_EXCEPT_SERIAL = 3
    TRANSPOSITION = 4
    ONE_SUBSTITUTION = 5
    EXACT = 6


class DateLevel(IntEnum):
    """Comparison levels for two birth dates (see the module docstring for the rules)."""

    NULL = -1
    ELSE = 0
    PLACEHOLDER_YEAR = 1
    EXACT_PLACEHOLDER = 2
    NEAR = 3
    DAY_MONTH_SWAPPED = 4
    EXACT = 5


# --------------------------------------------------------------------------- NIK


@njit(cache=True, nogil=True)
def _nik_pair(a, b):  # type: ignore[no-untyped-def]
    if a == b:
        return 6
    if a // 10_000 == b // 10_000:
        gap = a % 10_000 - b % 10_000
        if gap % 1_000 == 0:
            return 5
        return 3
    # Compare digits from the right, stopping at a third difference: random pairs exit early.
    count = 0
    first = -1
    da0 = db0 = da1 = db1 = 0
    x, y = a, b
    for k in range(16):
        dx, dy = x % 10, y % 10
        if dx != dy:
            count += 1
            if count == 1:
                first, da0, db0 = k, dx, dy
            elif count == 2:
                da1, db1 = dx, dy
                if k != first + 1:
                    count = 3
            if count > 2:
                break
        x //= 10
        y //= 10
    if count == 1:
        return 5
    if count == 2 and da0 == db1 and da1 == db0:
        return 4
    if (a // 10_000) % 1_000_000 == (b // 10_000) % 1_000_000:
        return 2
    return 0


@njit(cache=True, nogil=True)
def nik_levels_kernel(left, right, nik, masked):  # type: ignore[no-untyped-def]
    """NIK level per pair; inputs already validated (see :func:`nik_levels`)."""
    n = left.shape[0]
    out = np.empty(n, dtype=np.int8)
    for p in range(n):
        i = left[p]
        j = right[p]
        a = nik[i]
        b = nik[j]
        if a < 0 or b < 0:
            out[p] = -1
        elif masked[i] or masked[j]:
            out[p] = 1 if a // 10_000 == b // 10_000 else 0
        else:
            out[p] = _nik_pair(a, b)
    return out


@njit(cache=True, nogil=True)
def nik_digits(nik):  # type: ignore[no-untyped-def]
    """Each NIK as packed decimal: digit k from the right in bits 4k..4k+3 (0 if missing)."""
    n = nik.shape[0]
    out = np.zeros(n, dtype=np.uint64)
    for i in range(n):
        x = nik[i]
        packed = np.uint64(0)
        if x > 0:
            for k in range(16):
                packed |= np.uint64(x % 10) << np.uint64(4 * k)
                x //= 10
        out[i] = packed
    return out


@njit(cache=True, nogil=True)
def nik_levels_packed_kernel(left, right, nik, masked, packed):  # type: ignore[no-untyped-def]
    """:func:`nik_levels_kernel` on packed digits (:func:`nik_digits`): no division per pair.

    The differing digits are the non-zero nibbles of the XOR of the two packed values.
    """
    n = left.shape[0]
    out = np.empty(n, dtype=np.int8)
    nibble_low = np.uint64(0x1111111111111111)
    zero = np.uint64(0)
    one = np.uint64(1)
    four = np.uint64(4)
    f = np.uint64(15)
    limit = 10**16
    for p in range(n):
        i = left[p]
        j = right[p]
        if nik[i] < 0 or nik[j] < 0:
            out[p] = -1
            continue
        if nik[i] >= limit or nik[j] >= limit:
            # Longer than 16 digits (only a malformed masked value): the digit form is cut.
            if masked[i] or masked[j]:
                out[p] = 1 if nik[i] // 10_000 == nik[j] // 10_000 else 0
            else:
                out[p] = _nik_pair(nik[i], nik[j])
            continue
        x = packed[i] ^ packed[j]
        same12 = (x >> np.uint64(16)) == zero
        if masked[i] or masked[j]:
            out[p] = 1 if same12 else 0
            continue
        if x == zero:
            out[p] = 6
            continue
        if same12:
            out[p] = 5 if (x & np.uint64(0xFFF)) == zero else 3
            continue
        y = (x | (x >> one) | (x >> np.uint64(2)) | (x >> np.uint64(3))) & nibble_low
        y2 = y & (y - one)
        if y2 == zero:
            out[p] = 5
            continue
        low = y & (~y + one)
        if y2 == (low << four):
            # Two adjacent digits differ: a transposition when they are swapped.
            shift = zero
            while (low >> shift) != one:
                shift += one
            a0 = (packed[i] >> shift) & f
            a1 = (packed[i] >> (shift + four)) & f
            b0 = (packed[j] >> shift) & f
            b1 = (packed[j] >> (shift + four)) & f
            if a0 == b1 and a1 == b0:
                out[p] = 4
                continue
        # Digits 7-12 from the left are nibbles 4-9 from the right.
        out[p] = 2 if (x >> np.uint64(16)) & np.uint64(0xFFFFFF) == zero else 0
    return out


# --------------------------------------------------------------------------- dates


@njit(cache=True, nogil=True)
def _civil(days):  # type: ignore[no-untyped-def]
    """(year, month, day) of a day count since 1970-01-01, proleptic Gregorian."""
    z = days + 719_468
    era = z // 146_097  # floor division, as in Python
    doe = z - era * 146_097
    yoe = (doe - doe // 1_460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    return year, month, day


@njit(cache=True, nogil=True)
def _one_digit_apart(a, b):  # type: ignore[no-untyped-def]
    """True when two non-negative integers differ in exactly one decimal digit."""
    count = 0
    while a > 0 or b > 0:
        if a % 10 != b % 10:
            count += 1
        a //= 10
        b //= 10
    return count == 1


@njit(cache=True, nogil=True)
def _last_two_swapped(ya, yb):  # type: ignore[no-untyped-def]
    """One century, the tens and units exchanged (1983/1938): a typing slip. Two people of
    one name and one day and month born that far apart are rarer than the slip."""
    tens_a, units_a = (ya % 100) // 10, ya % 10
    return ya // 100 == yb // 100 and tens_a != units_a and \
        (yb % 100) // 10 == units_a and yb % 10 == tens_a


@njit(cache=True, nogil=True)
def _years_near(ya, yb):  # type: ignore[no-untyped-def]
    """One year apart, or one digit of the year mistyped: of four (1984/1934), or of the
    two a form asks for (1995/2005 written 95/05), or its last two digits swapped."""
    ya, yb = abs(np.int64(ya)), abs(np.int64(yb))
    if abs(ya - yb) == 1 or _one_digit_apart(ya, yb) or _last_two_swapped(ya, yb):
        return True
    return abs(ya - yb) < 100 and _one_digit_apart(ya % 100 + 100, yb % 100 + 100)


@njit(cache=True, nogil=True)
def years_near_kernel(a, b):  # type: ignore[no-untyped-def]
    """Per pair of birth years (int arrays), the near level's rule (:func:`_years_near`)."""
    out = np.empty(a.shape[0], dtype=np.bool_)
    for i in range(a.shape[0]):
        out[i] = _years_near(a[i], b[i])
    return out


@njit(cache=True, nogil=True)
def _date_pair(a, b, placeholder):  # type: ignore[no-untyped-def]
    if a == b:
        return 2 if placeholder else 5
    if abs(a - b) == 1:
        return 3
    ya, ma, da = _civil(a)
    yb, mb, db = _civil(b)
    if ya == yb and da == mb and ma == db:
        return 4
    if da == db and ya == yb and abs(ma - mb) == 1:
        return 3
    if da == db and ma == mb and _years_near(ya, yb):
        return 3
    if placeholder and ya == yb:
        return 1
    return 0


@njit(cache=True, nogil=True)
def date_levels_kernel(left, right, days, placeholder, null_days):  # type: ignore[no-untyped-def]
    """Date level per pair; inputs already validated (see :func:`date_levels`)."""
    n = left.shape[0]
    out = np.empty(n, dtype=np.int8)
    for p in range(n):
        i = left[p]
        j = right[p]
        a = days[i]
        b = days[j]
        if a == null_days or b == null_days:
            out[p] = -1
        else:
            out[p] = _date_pair(np.int64(a), np.int64(b), placeholder[i] or placeholder[j])
    return out


@njit(cache=True, nogil=True)
def civil_dates(days, null_days):  # type: ignore[no-untyped-def]
    """Per row (year, month, day) of ``days``; zeros where the date is missing."""
    n = days.shape[0]
    ymd = np.zeros((n, 3), dtype=np.int32)
    for i in range(n):
        if days[i] != null_days:
            y, m, d = _civil(np.int64(days[i]))
            ymd[i, 0] = y
            ymd[i, 1] = m
            ymd[i, 2] = d
    return ymd


@njit(cache=True, nogil=True)
def date_levels_ymd_kernel(left, right, days, placeholder, null_days, ymd):  # type: ignore[no-untyped-def]
    """:func:`date_levels_kernel` with each row's calendar fields precomputed (:func:`civil_dates`).

    A pair then costs a few reads instead of two calendar conversions.
    """
    n = left.shape[0]
    out = np.empty(n, dtype=np.int8)
    for p in range(n):
        i = left[p]
        j = right[p]
        a = days[i]
        b = days[j]
        if a == null_days or b == null_days:
            out[p] = -1
            continue
        flag = placeholder[i] or placeholder[j]
        if a == b:
            out[p] = 2 if flag else 5
            continue
        if abs(np.int64(a) - np.int64(b)) == 1:
            out[p] = 3
            continue
        ya, ma, da = ymd[i, 0], ymd[i, 1], ymd[i, 2]
        yb, mb, db = ymd[j, 0], ymd[j, 1], ymd[j, 2]
        if ya == yb and da == mb and ma == db:
            out[p] = 4
        elif da == db and (
            (ya == yb and abs(ma - mb) == 1)
            or (ma == mb and _years_near(ya, yb))
        ):
            out[p] = 3
        elif flag and ya == yb:
            out[p] = 1
        else:
            out[p] = 0
    return out


# --------------------------------------------------------------------------- wrappers


def _as_array(name: str, values: Any, kinds: str) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise InvalidParameterError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size and array.dtype.kind not in kinds:
        raise InvalidParameterError(
            f"{name} must hold integers{' or booleans' if 'b' in kinds else ''}, "
            f"got dtype {array.dtype}"
        )
    return array


def _pairs(left: Any, right: Any, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    left_arr = _as_array("left", left, "iu").astype(np.int64, copy=False)
    right_arr = _as_array("right", right, "iu").astype(np.int64, copy=False)
    if left_arr.shape != right_arr.shape:
        raise InvalidParameterError(
            f"left and right must have the same length, got {left_arr.size} and {right_arr.size}"
        )
    for name, arr in (("left", left_arr), ("right", right_arr)):
        bad = np.flatnonzero((arr < 0) | (arr >= n_rows))
        if bad.size:
            raise InvalidParameterError(
                f"{name} holds row indices outside 0..{n_rows - 1} at pair positions "
                f"{bad[:10].tolist()}{' ...' if bad.size > 10 else ''}"
            )
    return left_arr, right_arr


def _flags(name: str, values: Any, n_rows: int) -> np.ndarray:
    flags = _as_array(name, values, "biu")
    if flags.size != n_rows:
        raise InvalidParameterError(
            f"{name} must have one value per row ({n_rows}), got {flags.size}"
        )
    if flags.dtype.kind != "b" and flags.size and (flags.min() < 0 or flags.max() > 1):
        raise InvalidParameterError(f"{name} must hold 0/1 or booleans")
    return flags.astype(np.bool_, copy=False)


def nik_levels(left: Any, right: Any, nik: Any, masked: Any) -> np.ndarray:
    """NIK comparison level for each pair ``(left[p], right[p])`` of row indices.

    Parameters
    ----------
    left, right
        Row indices of the pairs (equal length).
    nik
        ``int64`` per row: the 16-digit NIK, ``-1`` when missing. For a masked NIK
        (``327101150895****``) the 12 known digits times 10 000.
    masked
        Per row, true where the NIK is masked.

    Returns
    -------
    numpy.ndarray
        ``int8`` :class:`NikLevel` codes, one per pair.

    Examples
    --------
    >>> import numpy as np
    >>> nik = np.array([3271010101900001, 3271010101900002, 3271010101900010,
    ...                 3271011001900001, 3271010101900000, -1])
    >>> masked = np.array([0, 0, 0, 0, 1, 0], dtype=bool)
    >>> [NikLevel(x).name for x in nik_levels([0, 0, 0, 0, 0, 0], [0, 1, 2, 3, 4, 5], nik, masked)]
    ['EXACT', 'SAME_EXCEPT_SERIAL', 'SAME_EXCEPT_SERIAL', 'TRANSPOSITION', 'MASKED_PREFIX', 'NULL']
    """
    nik_arr = _as_array("nik", nik, "iu").astype(np.int64, copy=False)
    bad = np.flatnonzero((nik_arr < -1) | (nik_arr >= _NIK_LIMIT))
    if bad.size:
        raise InvalidParameterError(
            "nik must hold 16-digit values or -1 for missing; rows "
            f"{bad[:10].tolist()} hold other values"
        )
    flags = _flags("masked", masked, nik_arr.size)
    left_arr, right_arr = _pairs(left, right, nik_arr.size)
    return nik_levels_kernel(left_arr, right_arr, nik_arr, flags)  # type: ignore[no-any-return]


def date_levels(left: Any, right: Any, days: Any, placeholder: Any) -> np.ndarray:
    """Birth-date comparison level for each pair ``(left[p], right[p])`` of row indices.

    Parameters
    ----------
    left, right
        Row indices of the pairs (equal length).
    days
        Per row, days since 1970-01-01 (``polars.Series.cast(pl.Int32)`` of a Date
        column after ``fill_null(NULL_DAYS)``), :data:`NULL_DAYS` when missing.
    placeholder
        Per row, true where the date is a placeholder (``sidalih.dates.is_placeholder``).

    Returns
    -------
    numpy.ndarray
        ``int8`` :class:`DateLevel` codes, one per pair.

    Examples
    --------
    >>> import datetime as dt
    >>> import numpy as np
    >>> base = dt.date(1970, 1, 1)
    >>> when = [dt.date(1980, 3, 5), dt.date(1980, 5, 3), dt.date(1981, 3, 5), dt.date(1960, 7, 1)]
    >>> days = np.array([(d - base).days for d in when] + [NULL_DAYS], dtype=np.int32)
    >>> flags = np.array([0, 0, 0, 1, 0], dtype=bool)
    >>> [DateLevel(x).name for x in date_levels([0, 0, 0, 3, 0], [0, 1, 2, 3, 4], days, flags)]
    ['EXACT', 'DAY_MONTH_SWAPPED', 'NEAR', 'EXACT_PLACEHOLDER', 'NULL']
    """
    days_arr = _as_array("days", days, "iu")
    if days_arr.size and (days_arr.min() < NULL_DAYS or days_arr.max() > np.iinfo(np.int32).max):
        raise InvalidParameterError("days must fit in int32 (days since 1970-01-01)")
    days_arr = days_arr.astype(np.int32, copy=False)
    flags = _flags("placeholder", placeholder, days_arr.size)
    left_arr, right_arr = _pairs(left, right, days_arr.size)
    return date_levels_kernel(left_arr, right_arr, days_arr, flags, np.int32(NULL_DAYS))  # type: ignore[no-any-return]
