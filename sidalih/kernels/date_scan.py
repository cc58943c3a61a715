"""Birth-date text kernel: read one date's bytes into year, month, day or a serial.

Strings arrive Arrow-style as ``offsets`` (int64, one more than the rows) and ``data``
(the bytes end to end); month names as the same pair plus each name's month number.
ASCII only; month names are matched case-insensitively; an ``hh:mm[:ss]`` suffix and a
leading spreadsheet apostrophe are skipped. The kernel only reads fields: the calendar
rules (valid days, centuries, Excel serials, statuses) are polars expressions in
:mod:`sidalih.dates`, and ``tests/reference_dates.py`` restates both in plain Python.
Nothing here can index outside the arrays it is given.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = [
    "NO_TEXT",
    "FIELDS",
    "SERIAL",
    "UNREADABLE",
    "TWO_DIGIT_YEAR",
    "DAY_FIRST",
    "scan_dates",
]

# Kinds of text returned per row.
NO_TEXT = 0
"""Null or blank: no text to read."""
FIELDS = 1
"""Year, month and day read (``out[i] = year, month, day, flags``)."""
SERIAL = 2
"""A five-digit number, optionally with a fraction: a spreadsheet serial (``serial[i]``)."""
UNREADABLE = 3
"""Text that is not a date this kernel knows."""
# Flag bits of FIELDS rows.
TWO_DIGIT_YEAR = 1
DAY_FIRST = 2


@njit(cache=True)
def _is_space(c):  # type: ignore[no-untyped-def]
    return c == 32 or 9 <= c <= 13


@njit(cache=True)
def _is_digit(c):  # type: ignore[no-untyped-def]
    return 48 <= c <= 57


@njit(cache=True)
def _is_sep(c):  # type: ignore[no-untyped-def]
    return c == 45 or c == 47 or c == 46 or c == 32 or c == 44  # - / . space ,


@njit(cache=True)
def _number(data, s, e):  # type: ignore[no-untyped-def]
    value = 0
    for k in range(s, e):
        value = value * 10 + (np.int64(data[k]) - 48)  # int64: uint8 would wrap without JIT
    return value


@njit(cache=True)
def _date_end(data, s, e):  # type: ignore[no-untyped-def]
    """End of the date part: before a time suffix ``[ T]hh:mm[:ss[.f]]``; -1 if malformed."""
    colon = -1
    for k in range(s, e):
        if data[k] == 58:
            colon = k
            break
    if colon < 0:
        return e
    h = colon
    while h > s and _is_digit(data[h - 1]):
        h -= 1
    if h == colon or h - 1 <= s:
        return -1
    c = data[h - 1]
    if not (c == 32 or c == 116 or c == 84):
        return -1
    for k in range(colon, e):
        c = data[k]
        if not (_is_digit(c) or c == 58 or c == 46):
            return -1
    end = h - 1
    while end > s and _is_space(data[end - 1]):
        end -= 1
    return end


@njit(cache=True)
def _tokens(data, s, e, starts, ends, digits):  # type: ignore[no-untyped-def]
    """Split into digit and letter runs separated by separators; -1 if malformed."""
    n = 0
    k = s
    while k < e:
        c = data[k] | 32 if 65 <= data[k] <= 90 else data[k]
        if _is_sep(c):
            if k == s:
                return -1
            k += 1
            continue
        is_d = _is_digit(c)
        if not (is_d or 97 <= c <= 122) or n == 4:
            return -1
        starts[n] = k
        while k < e:
            c = data[k] | 32 if 65 <= data[k] <= 90 else data[k]
            if is_d != _is_digit(c) or not (_is_digit(c) or 97 <= c <= 122):
                break
            k += 1
        ends[n] = k
        digits[n] = is_d
        n += 1
    if _is_sep(data[e - 1]):
        return -1
    return n


@njit(cache=True)
def _month(data, s, e, names, name_offsets, name_months):  # type: ignore[no-untyped-def]
    for i in range(name_months.shape[0]):
        a, b = name_offsets[i], name_offsets[i + 1]
        if b - a != e - s:
            continue
        same = True
        for k in range(e - s):
            if (data[s + k] | 32) != names[a + k]:
                same = False
                break
        if same:
            return name_months[i]
    return -1


@njit(cache=True)
def _gap_is_one(data, e0, s1):  # type: ignore[no-untyped-def]
    return s1 - e0 == 1 and (data[e0] == 45 or data[e0] == 47 or data[e0] == 46)


@njit(cache=True)
def _compact(data, s, length, out, i):  # type: ignore[no-untyped-def]
    """Digit-only dates: DDMMYYYY or YYYYMMDD (8), DMMYYYY (7), DDMMYY (6)."""
    if length == 8:
        year = _number(data, s, s + 4)
        month = _number(data, s + 4, s + 6)
        # sidalih.dates.MIN_YEAR-MAX_YEAR, as literals: kernels import nothing above them.
        if 1850 <= year <= 2199 and 1 <= month <= 12:
            out[i, 0], out[i, 1], out[i, 2], out[i, 3] = year, month, _number(data, s + 6, s + 8), 0
            return True
        out[i, 0], out[i, 1] = _number(data, s + 4, s + 8), _number(data, s + 2, s + 4)
        out[i, 2], out[i, 3] = _number(data, s, s + 2), DAY_FIRST
        return True
    if length == 7:
        out[i, 0], out[i, 1] = _number(data, s + 3, s + 7), _number(data, s + 1, s + 3)
        out[i, 2], out[i, 3] = _number(data, s, s + 1), DAY_FIRST
        return True
    if length == 6:
        out[i, 0], out[i, 1] = _number(data, s + 4, s + 6), _number(data, s + 2, s + 4)
        out[i, 2], out[i, 3] = _number(data, s, s + 2), DAY_FIRST | TWO_DIGIT_YEAR
        return True
    return False


@njit(cache=True)
def _scan_one(data, s, e, names, name_offsets, name_months, out, serial, i, starts, ends, digits):  # type: ignore[no-untyped-def]
    n = _tokens(data, s, e, starts, ends, digits)
    if n <= 0:
        return UNREADABLE
    if n == 1 and digits[0]:
        if ends[0] - starts[0] == 5:
            serial[i] = _number(data, starts[0], ends[0])
            return SERIAL
        ok = _compact(data, starts[0], ends[0] - starts[0], out, i)
        return FIELDS if ok else UNREADABLE
    if n == 2 and digits[0] and digits[1] and ends[0] - starts[0] == 5:
        if ends[0] + 1 != starts[1] or data[ends[0]] != 46:
            return UNREADABLE
        serial[i] = _number(data, starts[0], ends[0])  # the fraction is a time of day
        return SERIAL
    if n != 3 or not (digits[0] and digits[2]):
        return UNREADABLE
    len0, len1, len2 = ends[0] - starts[0], ends[1] - starts[1], ends[2] - starts[2]
    if len0 == 4:  # ISO: exactly one -, / or . between fields
        if not (digits[1] and len1 <= 2 and len2 <= 2):
            return UNREADABLE
        if not (_gap_is_one(data, ends[0], starts[1]) and _gap_is_one(data, ends[1], starts[2])):
            return UNREADABLE
        out[i, 0] = _number(data, starts[0], ends[0])
        out[i, 1] = _number(data, starts[1], ends[1])
        out[i, 2], out[i, 3] = _number(data, starts[2], ends[2]), 0
        return FIELDS
    if len0 > 2 or (len2 != 2 and len2 != 4):
        return UNREADABLE
    flags = TWO_DIGIT_YEAR if len2 == 2 else 0
    if digits[1]:
        if len1 > 2:
            return UNREADABLE
        out[i, 1] = _number(data, starts[1], ends[1])
        flags |= DAY_FIRST
    else:
        out[i, 1] = _month(data, starts[1], ends[1], names, name_offsets, name_months)
        if out[i, 1] < 0:
            return UNREADABLE
    out[i, 0] = _number(data, starts[2], ends[2])
    out[i, 2], out[i, 3] = _number(data, starts[0], ends[0]), flags
    return FIELDS


@njit(cache=True)
def _fixed_width(data, s, out, i):  # type: ignore[no-untyped-def]
    """``DD-MM-YYYY`` and ``YYYY-MM-DD`` (10 bytes), the bulk of real lists, without tokenising."""
    c2, c4, c5, c7 = data[s + 2], data[s + 4], data[s + 5], data[s + 7]
    if _is_sep(c2) and _is_sep(c5):
        for k in (0, 1, 3, 4, 6, 7, 8, 9):
            if not _is_digit(data[s + k]):
                return False
        out[i, 0], out[i, 1] = _number(data, s + 6, s + 10), _number(data, s + 3, s + 5)
        out[i, 2], out[i, 3] = _number(data, s, s + 2), DAY_FIRST
        return True
    if (c4 == 45 or c4 == 47 or c4 == 46) and (c7 == 45 or c7 == 47 or c7 == 46):
        for k in (0, 1, 2, 3, 5, 6, 8, 9):
            if not _is_digit(data[s + k]):
                return False
        out[i, 0], out[i, 1] = _number(data, s, s + 4), _number(data, s + 5, s + 7)
        out[i, 2], out[i, 3] = _number(data, s + 8, s + 10), 0
        return True
    return False


@njit(cache=True)
def scan_dates(offsets, data, is_null, names, name_offsets, name_months):  # type: ignore[no-untyped-def]
    """Read date text into (kind, [year, month, day, flags], serial) per row."""
    n = is_null.shape[0]
    kind = np.zeros(n, dtype=np.int8)
    out = np.zeros((n, 4), dtype=np.int32)
    serial = np.zeros(n, dtype=np.float64)
    starts = np.zeros(4, dtype=np.int64)
    ends = np.zeros(4, dtype=np.int64)
    digits = np.zeros(4, dtype=np.bool_)
    for i in range(n):
        if is_null[i]:
            continue
        s, e = offsets[i], offsets[i + 1]
        while s < e and _is_space(data[s]):
            s += 1
        while e > s and _is_space(data[e - 1]):
            e -= 1
        if s < e and data[s] == 39:  # a leading apostrophe forces text in spreadsheets
            s += 1
            while s < e and _is_space(data[s]):
                s += 1
        if s == e:
            continue
        if e - s == 10 and _fixed_width(data, s, out, i):
            kind[i] = FIELDS
            continue
        e = _date_end(data, s, e)
        if e <= s:
            kind[i] = UNREADABLE
            continue
        kind[i] = _scan_one(
            data, s, e, names, name_offsets, name_months, out, serial, i, starts, ends, digits
        )
    return kind, out, serial
