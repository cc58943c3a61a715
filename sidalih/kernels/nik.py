"""NIK / NKK kernels: one pass that cleans, classifies and splits 16-digit numbers.

Strings arrive as Arrow *string views* (polars' own layout, exported without a copy):
``views`` is ``int32[n, 4]`` (length, then either up to 12 inline bytes or a 4-byte
prefix, a buffer index and an offset), ``inline`` is the same memory as flat
``uint8[n * 16]``, ``data`` holds the chunk's variadic buffers end to end and ``bases``
their start in ``data``. The wrapper in :mod:`sidalih.nik` validates and converts;
nothing here can index outside the arrays it is given.

Status codes are frozen here and mirrored, with their names, in ``sidalih.nik._status``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

VALID = 0
EMPTY = 1
SCIENTIFIC = 2
LOST_PRECISION = 3
NON_DIGIT = 4
MASKED = 5
WRONG_LENGTH = 6
TRAILING_ZERO = 7
REPEATED_DIGITS = 8
OLD_FORMAT = 9
ZERO_SERIAL = 10
BAD_DATE = 11
UNKNOWN_REGION = 12
NEEDS_UNICODE = 127  # internal: the row has non-ASCII bytes; Python normalises it

NO_DATE = -2147483648  # int32 minimum: no birth / recording date
KEY_CAP = 24  # key characters kept per row; longer values only need their count
STAR = 42


@njit(cache=True, inline="always")
def _is_space(c):  # type: ignore[no-untyped-def]
    return c == 32 or (9 <= c <= 13)


@njit(cache=True, inline="always")
def _is_sep(c):  # type: ignore[no-untyped-def]
    # space, tab..CR, comma, dash, dot: group separators seen in spreadsheets
    return c == 32 or (9 <= c <= 13) or c == 44 or c == 45 or c == 46


@njit(cache=True, inline="always")
def _is_mask(c):  # type: ignore[no-untyped-def]
    return c == STAR or c == 88 or c == 120  # '*', 'X', 'x'


@njit(cache=True)
def _is_scientific(arr, s, e):  # type: ignore[no-untyped-def]
    """``[+-]?d+([.,]d*)?[eE][+-]?d+`` exactly (spreadsheet exponent notation)."""
    k = s
    if k < e and (arr[k] == 43 or arr[k] == 45):
        k += 1
    n = 0
    while k < e and 48 <= arr[k] <= 57:
        k += 1
        n += 1
    if n == 0:
        return False
    if k < e and (arr[k] == 46 or arr[k] == 44):
        k += 1
        while k < e and 48 <= arr[k] <= 57:
            k += 1
    if k >= e or (arr[k] != 69 and arr[k] != 101):
        return False
    k += 1
    if k < e and (arr[k] == 43 or arr[k] == 45):
        k += 1
    n = 0
    while k < e and 48 <= arr[k] <= 57:
        k += 1
        n += 1
    return n > 0 and k == e


@njit(cache=True)
def _strip_fraction(arr, s, e):  # type: ignore[no-untyped-def]
    """For ``d{15,}[.,]d+``: (new end, 0) when the fraction is all zeros (``...001.0``),
    (e, 1) when it is a real fraction, (e, -1) when the value is not of that form."""
    p = -1
    for k in range(s, e):
        c = arr[k]
        if c == 46 or c == 44:
            if p >= 0:
                return e, -1
            p = k
        elif not (48 <= c <= 57):
            return e, -1
    if p < 0 or p - s < 15 or p + 1 >= e:
        return e, -1
    for k in range(p + 1, e):
        if arr[k] != 48:
            return e, 1
    return p, 0


@njit(cache=True)
def scan(arr, s, e, key, unicode_done):  # type: ignore[no-untyped-def]
    """Clean one value ``arr[s:e]``; return (status, key length, key start).

    The key (digits, and ``*`` for masked positions) is written to ``key``; key start
    is its position in ``arr`` when the key is found there verbatim, else -1. The
    status is final for everything but a 16-character key, which the caller checks
    further (repeated digits, serial, date, region).
    """
    while s < e and _is_space(arr[s]):
        s += 1
    while e > s and _is_space(arr[e - 1]):
        e -= 1
    if s < e and (arr[s] == 39 or arr[s] == 96):  # a leading ' or ` forces text in Excel
        s += 1
        while s < e and _is_space(arr[s]):
            s += 1
    ndig = 0
    nmask = 0
    nstar = 0
    nsep = 0
    nother = 0
    nonascii = False
    for k in range(s, e):
        c = arr[k]
        if c >= 128:
            nonascii = True
        elif 48 <= c <= 57:
            ndig += 1
        elif _is_mask(c):
            nmask += 1
            nstar += c == STAR
        elif _is_sep(c):
            nsep += 1
        else:
            nother += 1
    if nonascii and not unicode_done:
        return NEEDS_UNICODE, 0, -1
    if ndig + nmask + nother == 0 and not nonascii:
        return EMPTY, 0, -1  # nothing, or only a placeholder such as "-"
    if nother > 0 and not nonascii and _is_scientific(arr, s, e):
        return SCIENTIFIC, 0, -1
    if nother > 0 or nonascii or (ndig == 0 and nstar < nmask):
        return NON_DIGIT, 0, -1  # letters x/X alone are a word, not a mask
    if nmask == 0 and nsep == 1:
        new_e, kind = _strip_fraction(arr, s, e)
        if kind == 1:
            return NON_DIGIT, 0, -1
        if kind == 0:
            e = new_e
    if nsep > 0 and (_is_sep(arr[s]) or _is_sep(arr[e - 1])):
        return NON_DIGIT, 0, -1  # separators only between groups; "-3271..." is a number
    nkey = 0
    first = -1
    verbatim = nstar == nmask
    for k in range(s, e):
        c = arr[k]
        if 48 <= c <= 57 or _is_mask(c):
            if nkey < KEY_CAP:
                key[nkey] = c if c <= 57 else STAR
            if first < 0:
                first = k
            elif nkey < 16 and k != first + nkey:
                verbatim = False  # a separator inside the first 16 key characters
            nkey += 1
    start = first if verbatim else -1
    if nmask > 0:
        return MASKED, nkey, start
    if nkey == 16:
        return VALID, 16, start
    if nkey == 17 and key[16] == 48:
        return TRAILING_ZERO, 16, start
    return WRONG_LENGTH, nkey, -1


@njit(cache=True, inline="always")
def _days_in_month(month, yy):  # type: ignore[no-untyped-def]
    if month == 2:
        return 29 if yy % 4 == 0 else 28  # yy 00 is 2000 (leap) in the only plausible century
    if month == 4 or month == 6 or month == 9 or month == 11:
        return 30
    return 31


@njit(cache=True, inline="always")
def _is_leap(y):  # type: ignore[no-untyped-def]
    return (y % 4 == 0 and y % 100 != 0) or y % 400 == 0


@njit(cache=True)
def days_from_civil(y, m, d):  # type: ignore[no-untyped-def]
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


@njit(cache=True)
def resolve_year(day, month, yy, ref, limits, is_nkk):  # type: ignore[no-untyped-def]
    """Pick the century of a two-digit year; return (year or 0, ambiguous).

    ``ref`` is (year, month, day) of the reference date; ``limits`` is (oldest age,
    voting age). A reading is plausible when the date exists, is not after ``ref``
    and gives an age <= the oldest age. A NIK takes the plausible reading of voting age
    when there is one (the youngest such), else the only plausible one; ``ambiguous``
    is set when more than one reading is plausible, or none is (then no year is given:
    flag, never guess). An NKK recording date takes the latest reading not after ``ref``.
    """
    before = 1 if (ref[1] < month or (ref[1] == month and ref[2] < day)) else 0
    youngest = ref[0] - ref[0] % 100 + yy
    voter = 0
    person = 0
    n_plausible = 0
    for back in range(3):
        y = youngest - 100 * back
        if month == 2 and day == 29 and not _is_leap(y):
            continue
        age = ref[0] - y - before
        if age < 0:
            continue
        if is_nkk:
            return y, False
        if age > limits[0]:
            break  # older readings are older still
        n_plausible += 1
        if age >= limits[1]:
            if voter == 0:
                voter = y
        elif person == 0:
            person = y
    return (voter if voter != 0 else person), n_plausible != 1


@njit(cache=True)
def century_tables(ref, limits, is_nkk):  # type: ignore[no-untyped-def]
    """Precomputed :func:`resolve_year` for every two-digit year.

    Returns ``first`` int32[2, 100, 13], the day number of the 1st of each month in
    the chosen year (``NO_DATE`` when none), and ``ambiguous`` int8[2, 100]; axis 0 is
    whether the month/day fall after the reference month/day. 29 February, whose
    readings depend on leap years, is resolved row by row instead.
    """
    first = np.full((2, 100, 13), NO_DATE, dtype=np.int32)
    ambiguous = np.zeros((2, 100), dtype=np.int8)
    for after in range(2):
        # a day that falls before (after = 0) or after (after = 1) the reference day
        # 1 January is never after the reference day; 31 December is, unless the
        # reference is 31 December itself, and then no row needs after = 1
        month, day = (1, 1) if after == 0 else (12, 31)
        for yy in range(100):
            year, amb = resolve_year(day, month, yy, ref, limits, is_nkk)
            ambiguous[after, yy] = 1 if amb else 0
            if year != 0:
                for m in range(1, 13):
                    first[after, yy, m] = days_from_civil(year, m, 1)
    return first, ambiguous


@njit(cache=True, inline="always")
def _pair(key, a):  # type: ignore[no-untyped-def]
    return np.int64(key[a]) * 10 + np.int64(key[a + 1]) - 528  # 528 = 48 * 11


@njit(cache=True, inline="always")
def _num(key, a, b):  # type: ignore[no-untyped-def]
    """Integer value of key[a:b], or -1 if a position is masked."""
    v = 0
    for k in range(a, b):
        c = key[k]
        if c == STAR:
            return -1
        v = v * 10 + (c - 48)
    return v


@njit(cache=True, inline="always")
def _refine(kw, is_nkk, serial, date_ok, versions):  # type: ignore[no-untyped-def]
    """Status of a clean 16-digit key (``kw``: its four 4-byte words), by precedence."""
    if kw[0] == kw[1] == kw[2] == kw[3] and kw[0] == (kw[0] & 0xFF) * 0x01010101:
        return REPEATED_DIGITS
    if not is_nkk and (kw[0] & 0xFFFF) == 0x3930:  # "09"
        return OLD_FORMAT
    if serial == 0:
        return ZERO_SERIAL
    if not date_ok:
        return BAD_DATE
    if versions == 0:
        return UNKNOWN_REGION
    return VALID


@njit(cache=True, inline="always")
def _put_codes(o, key, kw, masked, out_views):  # type: ignore[no-untyped-def]
    """Province, regency and district as inline string views (2, 4, 6 bytes)."""
    if masked and _num(key, 0, 2) < 0:
        return
    out_views[2, o, 0] = 2
    out_views[2, o, 1] = kw[0] & 0xFFFF
    if masked and _num(key, 0, 4) < 0:
        return
    out_views[3, o, 0] = 4
    out_views[3, o, 1] = kw[0]
    if masked and _num(key, 0, 6) < 0:
        return
    out_views[4, o, 0] = 6
    out_views[4, o, 1] = kw[0]
    out_views[4, o, 2] = kw[1] & 0xFFFF


@njit(cache=True, inline="always")
def _decode(
    o,
    key,
    kw,
    masked,
    is_nkk,
    ref,
    limits,
    first,
    ambiguous,
    dmask,
    out_views,
    small8,
    serials,
    days,
):  # type: ignore[no-untyped-def]
    """Write the parts of a 16-character key to row ``o``; return (serial, date ok, versions)."""
    if masked:
        district, code, month = _num(key, 0, 6), _num(key, 6, 8), _num(key, 8, 10)
        yy, serial = _num(key, 10, 12), _num(key, 12, 16)
    else:  # pairs of digits: short dependency chains
        district = (_pair(key, 0) * 100 + _pair(key, 2)) * 100 + _pair(key, 4)
        code, month, yy = _pair(key, 6), _pair(key, 8), _pair(key, 10)
        serial = _pair(key, 12) * 100 + _pair(key, 14)
    day = -1
    if 1 <= code <= 31:
        day = code
        if not is_nkk:
            out_views[5, o, 0] = 1
            out_views[5, o, 1] = 76  # L
    elif 41 <= code <= 71 and not is_nkk:
        day = code - 40
        out_views[5, o, 0] = 1
        out_views[5, o, 1] = 80  # P
    if not 1 <= month <= 12:
        month = -1
    date_ok = day > 0 and month > 0 and yy >= 0 and day <= _days_in_month(month, yy)
    small8[1, o] = day
    small8[2, o] = month
    small8[3, o] = yy
    small8[4, o] = -1
    serials[o] = serial
    days[o] = NO_DATE
    if date_ok and month == 2 and day == 29:
        year, ambiguous = resolve_year(day, month, yy, ref, limits, is_nkk)
        small8[4, o] = 1 if ambiguous else 0
        if year != 0:
            days[o] = days_from_civil(year, month, day)
    elif date_ok:
        after = 1 if (ref[1] < month or (ref[1] == month and ref[2] < day)) else 0
        small8[4, o] = ambiguous[after, yy]
        start = first[after, yy, month]
        if start != NO_DATE:
            days[o] = start + day - 1
    _put_codes(o, key, kw, masked, out_views)
    versions = -1 if district < 0 else np.int64(dmask[district])
    small8[5, o] = versions
    return serial, date_ok, versions


@njit(cache=True, inline="always")
def _put_nulls(o, small8, serials, days, ints):  # type: ignore[no-untyped-def]
    for c in range(1, 6):
        small8[c, o] = -1
    serials[o] = -1
    days[o] = NO_DATE
    ints[o] = -1


@njit(cache=True, inline="always")
def _fast16(arr, s, key):  # type: ignore[no-untyped-def]
    """Copy 16 bytes to ``key``; True when they are all ASCII digits (the common case)."""
    bad = 0
    for j in range(16):
        c = arr[s + j]
        key[j] = c
        d = np.int32(c) - 48
        bad |= (d | (9 - d)) >> 31  # branch-free "not a digit" so the loop vectorises
    return bad == 0


@njit(cache=True, inline="always")
def _put_key(o, kw, kpos, key, out_views, clean, clean_at):  # type: ignore[no-untyped-def]
    """The 16-byte view of the key: into the input data (buffer 0) when the key is found
    there verbatim (at ``kpos`` >= 0), else into ``clean`` (buffer ``clean_at[1]``)."""
    out_views[0, o, 0] = 16
    out_views[0, o, 1] = kw[0]
    if kpos >= 0:
        out_views[0, o, 2] = 0
        out_views[0, o, 3] = kpos
        return
    pos = clean_at[0]
    for j in range(16):
        clean[pos + j] = key[j]
    out_views[0, o, 2] = clean_at[1]
    out_views[0, o, 3] = pos
    clean_at[0] = pos + 16


@njit(cache=True, inline="always")
def _key_value(key, serial):  # type: ignore[no-untyped-def]
    """The 16 digits as an integer, from three independent 4-digit groups and ``serial``."""
    a = _pair(key, 0) * 100 + _pair(key, 2)
    b = _pair(key, 4) * 100 + _pair(key, 6)
    c = _pair(key, 8) * 100 + _pair(key, 10)
    return ((a * 10_000 + b) * 10_000 + c) * 10_000 + serial


@njit(cache=True, inline="always")
def _read(views, inline, data, bases, i, key, unicode_done):  # type: ignore[no-untyped-def]
    """(status, key length, key position in ``data`` or -1) of row i."""
    length = views[i, 0]
    if length <= 12:
        s = i * 16 + 4
        st, nkey, _ = scan(inline, s, s + length, key, unicode_done)
        return st, nkey, -1  # too short for a key: nothing to point at
    s = bases[views[i, 2]] + views[i, 3]
    if length == 16 and _fast16(data, s, key):
        return VALID, 16, s
    return scan(data, s, s + length, key, unicode_done)


@njit(cache=True)
def parse_views(  # type: ignore[no-untyped-def]
    views,
    inline,
    data,
    bases,
    valid,
    override,
    rows,
    flags,
    ref,
    limits,
    first,
    ambiguous,
    dmask,
    status_views,
    out_views,
    small8,
    serials,
    days,
    ints,
    clean,
    clean_at,
):
    """Parse one batch of string views; input row i goes to output row ``rows[i]``
    (or ``flags[3] + i`` when ``rows`` is empty).

    ``data`` holds the batch's variadic buffers end to end, buffer b starting at
    ``bases[b]``. ``first`` and ``ambiguous`` come from :func:`century_tables`. ``flags`` = (is_nkk, unicode_done, copy_keys, first output row).
    ``override`` (int8, -1 for none) replaces the status of values the wrapper already
    judged. Output view columns (``out_views`` int32[6, N, 4]): 0 key, 1 status,
    2 province, 3 regency, 4 district, 5 sex; they must start zeroed (zero = null).
    ``small8`` rows: 0 status, 1 day, 2 month, 3 two-digit year, 4 ambiguous,
    5 region versions (-1 unknown). ``clean_at`` = (next free byte of ``clean``, the
    index ``clean`` has among the output's data buffers).
    """
    is_nkk, unicode_done, copy_keys = flags[0] != 0, flags[1] != 0, flags[2] != 0
    remap = rows.shape[0] > 0
    key = np.zeros(KEY_CAP, dtype=np.uint8)
    kw = key.view(np.uint32)
    for i in range(views.shape[0]):
        o = rows[i] if remap else flags[3] + i
        st, nkey, kpos = EMPTY, 0, -1
        if override[i] >= 0:
            st = override[i]
        elif valid[i]:
            st, nkey, kpos = _read(views, inline, data, bases, i, key, unicode_done)
        if nkey < 16 or (st == MASKED and nkey != 16) or st == WRONG_LENGTH:
            _put_nulls(o, small8, serials, days, ints)
        else:
            masked = st == MASKED
            serial, date_ok, versions = _decode(
                o,
                key,
                kw,
                masked,
                is_nkk,
                ref,
                limits,
                first,
                ambiguous,
                dmask,
                out_views,
                small8,
                serials,
                days,
            )
            _put_key(o, kw, -1 if copy_keys else kpos, key, out_views, clean, clean_at)
            ints[o] = -1
            if not masked:
                ints[o] = _key_value(key, serial)
                if st == VALID:
                    st = _refine(kw, is_nkk, serial, date_ok, versions)
        small8[0, o] = st
        for j in range(4):
            out_views[1, o, j] = status_views[st, j]
