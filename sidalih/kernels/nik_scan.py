"""NIK / NKK cleaning kernels: read one value's bytes and find its key and status.

Strings arrive as Arrow *string views* (polars' own layout, exported without a copy):
``views`` is ``int32[n, 4]`` (length, then either up to 12 inline bytes or a 4-byte
prefix, a buffer index and an offset), ``inline`` is the same memory as flat
``uint8[n * 16]``, ``data`` holds the chunk's variadic buffers end to end and ``bases``
their start in ``data``. Nothing here can index outside the arrays it is given.

Status codes are frozen here and mirrored, with their names, in ``sidalih.nik._status``.
The kernels are compiled without numba's reference counting (``_nrt=False``): they
never allocate, and the atomic increments it adds for every array handed to an inlined
helper cost more than the parsing itself (measured: about half of the per-row time).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

NO_REFCOUNT: dict[str, Any] = {"_nrt": False}
"""numba options for kernels that never allocate: no reference counting (see above)."""

# Compile time matters too (a fresh install compiles every kernel once). Helpers are
# compiled once and inlined by LLVM (``forceinline``): numba's own ``inline="always"``
# re-types and re-inlines the helper's IR at every call site, which cost seconds in a
# kernel the size of ``parse_views``. Helpers only ever called from compiled code need
# no Python entry point (``no_cpython_wrapper``), which would roughly double their
# small compile time. Helpers take no literal constants: numba compiles a separate
# specialisation for each literal argument value.
_PRIVATE: dict[str, Any] = {"no_cpython_wrapper": True, "no_cfunc_wrapper": True, **NO_REFCOUNT}
_inline = njit(cache=True, forceinline=True, **_PRIVATE)
_called = njit(cache=True, **_PRIVATE)

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
LETTERS_READ = 13  # given by the wrapper (sidalih.nik._letters), never by a kernel
NEEDS_UNICODE = 127  # internal: the row has non-ASCII bytes; Python normalises it

NO_DATE = -2147483648  # int32 minimum: no birth / recording date
KEY_CAP = 24  # key characters kept per row; longer values only need their count
STAR = 42


@_inline
def _is_space(c):  # type: ignore[no-untyped-def]
    return c == 32 or (9 <= c <= 13)


@_inline
def _is_sep(c):  # type: ignore[no-untyped-def]
    # space, tab..CR, comma, dash, dot: group separators seen in spreadsheets
    return c == 32 or (9 <= c <= 13) or c == 44 or c == 45 or c == 46


@_inline
def _is_mask(c):  # type: ignore[no-untyped-def]
    return c == STAR or c == 88 or c == 120  # '*', 'X', 'x'


@_called
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


@_called
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


@njit(cache=True, **NO_REFCOUNT)
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


@_inline
def _fast16(arr, s, key):  # type: ignore[no-untyped-def]
    """Copy 16 bytes to ``key``; True when they are all ASCII digits (the common case)."""
    bad = 0
    for j in range(16):
        c = arr[s + j]
        key[j] = c
        d = np.int32(c) - 48
        bad |= (d | (9 - d)) >> 31  # branch-free "not a digit" so the loop vectorises
    return bad == 0


@_inline
def read_value(views, inline, data, bases, i, key, unicode_done):  # type: ignore[no-untyped-def]
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
