"""NIK / NKK kernels: one pass that cleans, classifies and splits 16-digit numbers.

Values are read and cleaned by :mod:`sidalih.kernels.nik_scan` (whose status codes
this module re-exports); here the 16-character keys are checked and split into
region codes, birth or recording date, sex and serial. The wrapper in
:mod:`sidalih.nik` validates and converts; nothing here can index outside the arrays
it is given. Like the scanning kernels, these are compiled without reference
counting (``_nrt=False``) and never allocate (:func:`century_tables` allocates in
Python, then fills in numba).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sidalih.kernels.nik_scan import (
    _PRIVATE,
    BAD_DATE,
    EMPTY,
    KEY_CAP,
    LETTERS_READ,
    LOST_PRECISION,
    MASKED,
    NEEDS_UNICODE,
    NO_DATE,
    NO_REFCOUNT,
    NON_DIGIT,
    OLD_FORMAT,
    REPEATED_DIGITS,
    SCIENTIFIC,
    STAR,
    TRAILING_ZERO,
    UNKNOWN_REGION,
    VALID,
    WRONG_LENGTH,
    ZERO_SERIAL,
    read_value,
    scan,
)

# Helpers compiled once and inlined by LLVM (see the note on ``_inline`` in nik_scan).
_inline = njit(cache=True, forceinline=True, **_PRIVATE)

HAS_KEY = 4
"""In ``small8[6]``: the row has a key (the low two bits count its region codes)."""

__all__ = [
    "BAD_DATE", "EMPTY", "HAS_KEY", "KEY_CAP", "LETTERS_READ", "LOST_PRECISION", "MASKED", "NEEDS_UNICODE", "NO_DATE",
    "NON_DIGIT", "OLD_FORMAT", "REPEATED_DIGITS", "SCIENTIFIC", "STAR", "TRAILING_ZERO",
    "UNKNOWN_REGION", "VALID", "WRONG_LENGTH", "ZERO_SERIAL", "century_tables",
    "days_from_civil", "parse_views", "resolve_year", "scan",
]  # fmt: skip


@njit(cache=True, **NO_REFCOUNT)
def days_from_civil(y, m, d):  # type: ignore[no-untyped-def]
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


@njit(cache=True, **NO_REFCOUNT)
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
        if month == 2 and day == 29 and not ((y % 4 == 0 and y % 100 != 0) or y % 400 == 0):
            continue  # not a leap year
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


def century_tables(
    ref: np.ndarray, limits: np.ndarray, is_nkk: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Precomputed :func:`resolve_year` for every two-digit year.

    Returns ``first`` int32[2, 100, 13], the day number of the 1st of each month in
    the chosen year (``NO_DATE`` when none), and ``ambiguous`` int8[2, 100]; axis 0 is
    whether the month/day fall after the reference month/day. 29 February, whose
    readings depend on leap years, is resolved row by row instead.

    Examples
    --------
    >>> ref = np.array([2024, 2, 14], dtype=np.int64)
    >>> first, ambiguous = century_tables(ref, np.array([120, 17], dtype=np.int64), False)
    >>> int(first[0, 90, 1]), int(ambiguous[0, 90])  # 1 January 1990
    (7305, 0)
    """
    # Allocated here, not in numba: array allocation is slow to compile.
    first = np.full((2, 100, 13), NO_DATE, dtype=np.int32)
    ambiguous = np.zeros((2, 100), dtype=np.int8)
    _fill_century_tables(ref, limits, bool(is_nkk), first, ambiguous)
    return first, ambiguous


@njit(cache=True, **NO_REFCOUNT)
def _fill_century_tables(ref, limits, is_nkk, first, ambiguous):  # type: ignore[no-untyped-def]
    for after in range(2):
        # a day that falls before (after = 0) or after (after = 1) the reference day
        # 1 January is never after the reference day; 31 December is, unless the
        # reference is 31 December itself, and then no row needs after = 1
        month, day = 1 + 11 * after, 1 + 30 * after
        for yy in range(100):
            year, amb = resolve_year(day, month, yy, ref, limits, is_nkk)
            ambiguous[after, yy] = 1 if amb else 0
            if year != 0:
                for m in range(1, 13):
                    # day as a variable: a literal 1 would compile a second specialisation
                    first[after, yy, m] = days_from_civil(year, m, day - 30 * after)


@_inline
def _pairs(key):  # type: ignore[no-untyped-def]
    """The eight two-digit numbers of a 16-digit key."""
    k = key
    return (
        np.int64(k[0]) * 10 + np.int64(k[1]) - 528,  # 528 = 48 * 11
        np.int64(k[2]) * 10 + np.int64(k[3]) - 528,
        np.int64(k[4]) * 10 + np.int64(k[5]) - 528,
        np.int64(k[6]) * 10 + np.int64(k[7]) - 528,
        np.int64(k[8]) * 10 + np.int64(k[9]) - 528,
        np.int64(k[10]) * 10 + np.int64(k[11]) - 528,
        np.int64(k[12]) * 10 + np.int64(k[13]) - 528,
        np.int64(k[14]) * 10 + np.int64(k[15]) - 528,
    )


@_inline
def _fields(key, masked):  # type: ignore[no-untyped-def]
    """(district, day code, month, two-digit year, serial, readable region codes) of a
    16-character key; a field with a masked position is -1, and a masked key may hide
    the later region codes (province, regency, district: 2, 4, 6 characters)."""
    p0, p1, p2, p3, p4, p5, p6, p7 = _pairs(key)
    district = (p0 * 100 + p1) * 100 + p2
    serial = p6 * 100 + p7
    if not masked:
        return district, p3, p4, p5, serial, 3
    stars = 0  # bit j: position j is masked
    for j in range(16):
        if key[j] == STAR:
            stars |= 1 << j
    codes = 3
    if stars & 0x3F:
        district = -1
        codes = 2
        if stars & 0xF:
            codes = 0 if stars & 0x3 else 1
    return (
        district,
        -1 if stars & 0xC0 else p3,
        -1 if stars & 0x300 else p4,
        -1 if stars & 0xC00 else p5,
        -1 if stars & 0xF000 else serial,
        codes,
    )


@_inline
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


@_inline
def _digits_lost(kw, is_nkk):  # type: ignore[no-untyped-def]
    """Whether a clean 16-digit key is six digits and ten zeros (``3271010000000000``).

    That is what exponent notation keeps of a number: a spreadsheet's General format
    shows a 16-digit number with six significant digits (``3.27101E+15``), and read
    back as a number (pandas' default ``read_csv``) it is the six digits and ten zeros.
    No NIK or NKK ends so: digits 7-8 would be day 00, which neither sex has (women's
    days run 41-71), and the serial 0000, which is never issued. So the key is read as
    ``scientific`` (digits lost, never restored), whatever type carried it. All zeros
    stay ``repeated_digits`` and a NIK starting ``09`` stays ``old_format``, as the
    precedence orders them.
    """
    zeros = 0x30303030  # "0000"
    if kw[2] != zeros or kw[3] != zeros or (kw[1] >> 16) != 0x3030:
        return False
    if kw[0] == zeros and (kw[1] & 0xFFFF) == 0x3030:
        return False  # all sixteen digits 0: repeated_digits
    return is_nkk or (kw[0] & 0xFFFF) != 0x3930  # "09": old_format


@_inline
def _put_codes(o, kw, codes, out_views):  # type: ignore[no-untyped-def]
    """Province, regency and district (the first ``codes`` of them) as inline string
    views of 2, 4 and 6 bytes."""
    if codes >= 1:
        out_views[2, o, 0] = 2
        out_views[2, o, 1] = kw[0] & 0xFFFF
    if codes >= 2:
        out_views[3, o, 0] = 4
        out_views[3, o, 1] = kw[0]
    if codes >= 3:
        out_views[4, o, 0] = 6
        out_views[4, o, 1] = kw[0]
        out_views[4, o, 2] = kw[1] & 0xFFFF


@_inline
def _date(o, day, month, yy, is_nkk, ref, limits, first, ambiguous, small8, days):  # type: ignore[no-untyped-def]
    """Write the birth or recording date of row ``o``; return whether the date exists."""
    dim = 31
    if month == 2:
        dim = 29 if yy % 4 == 0 else 28  # yy 00 is 2000 (leap) in the only plausible century
    elif month == 4 or month == 6 or month == 9 or month == 11:
        dim = 30
    date_ok = day > 0 and month > 0 and yy >= 0 and day <= dim
    small8[4, o] = -1
    days[o] = NO_DATE
    if date_ok and month == 2 and day == 29:
        year, amb = resolve_year(day, month, yy, ref, limits, is_nkk)
        small8[4, o] = 1 if amb else 0
        if year != 0:
            days[o] = days_from_civil(year, month, day)
    elif date_ok:
        after = 1 if (ref[1] < month or (ref[1] == month and ref[2] < day)) else 0
        small8[4, o] = ambiguous[after, yy]
        start = first[after, yy, month]
        if start != NO_DATE:
            days[o] = start + day - 1
    return date_ok


@_inline
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
    district, code, month, yy, serial, codes = _fields(key, masked)
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
    small8[1, o] = day
    small8[2, o] = month
    small8[3, o] = yy
    serials[o] = serial
    date_ok = _date(o, day, month, yy, is_nkk, ref, limits, first, ambiguous, small8, days)
    _put_codes(o, kw, codes, out_views)
    # row 6 says which views are set, so the wrapper need not read them back
    small8[6, o] = HAS_KEY + codes
    versions = -1 if district < 0 else np.int64(dmask[district])
    small8[5, o] = versions
    return serial, date_ok, versions


@_inline
def _put_nulls(o, small8, serials, days, ints):  # type: ignore[no-untyped-def]
    for c in range(1, 6):
        small8[c, o] = -1
    small8[6, o] = 0
    serials[o] = -1
    days[o] = NO_DATE
    ints[o] = -1


@_inline
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


@_inline
def _key_value(key):  # type: ignore[no-untyped-def]
    """The 16 digits as an integer, from independent 2-digit groups."""
    p0, p1, p2, p3, p4, p5, p6, p7 = _pairs(key)
    a = p0 * 100 + p1
    b = p2 * 100 + p3
    c = p4 * 100 + p5
    return ((a * 10_000 + b) * 10_000 + c) * 10_000 + p6 * 100 + p7


@njit(cache=True, **NO_REFCOUNT)
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
    key,
):
    """Parse one batch of string views; input row i goes to output row ``rows[i]``
    (or ``flags[3] + i`` when ``rows`` is empty).

    ``data`` holds the batch's variadic buffers end to end, buffer b starting at
    ``bases[b]``. ``first`` and ``ambiguous`` come from :func:`century_tables`. ``flags`` = (is_nkk, unicode_done, copy_keys, first output row).
    ``override`` (int8, -1 for none) replaces the status of values the wrapper already
    judged. Output view columns (``out_views`` int32[6, N, 4]): 0 key, 1 status,
    2 province, 3 regency, 4 district, 5 sex; they must start zeroed (zero = null).
    ``small8`` rows: 0 status, 1 day, 2 month, 3 two-digit year, 4 ambiguous,
    5 region versions (-1 unknown), 6 views set (``HAS_KEY`` for the key, plus the
    number of region codes: 1 province, 2 and regency, 3 and district). ``clean_at`` = (next free byte of ``clean``, the
    index ``clean`` has among the output's data buffers). ``key`` is scratch space,
    ``uint8[KEY_CAP]`` (the kernel does not allocate).
    """
    is_nkk, unicode_done, copy_keys = flags[0] != 0, flags[1] != 0, flags[2] != 0
    remap = rows.shape[0] > 0
    kw = key.view(np.uint32)
    for i in range(views.shape[0]):
        o = rows[i] if remap else flags[3] + i
        st, nkey, kpos = EMPTY, 0, -1
        if override[i] >= 0:
            st = override[i]
        elif valid[i]:
            st, nkey, kpos = read_value(views, inline, data, bases, i, key, unicode_done)
        if nkey < 16 or (st == MASKED and nkey != 16) or st == WRONG_LENGTH:
            _put_nulls(o, small8, serials, days, ints)
        elif st == VALID and _digits_lost(kw, is_nkk):
            st = SCIENTIFIC  # no parts, as for exponent text: none of them can be trusted
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
                ints[o] = _key_value(key)
                if st == VALID:
                    st = _refine(kw, is_nkk, serial, date_ok, versions)
        small8[0, o] = st
        for j in range(4):
            out_views[1, o, j] = status_views[st, j]
