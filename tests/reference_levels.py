"""Naive references for :mod:`sidalih.kernels.levels`: strings and ``datetime``, one pair at a time."""

from __future__ import annotations

import datetime as dt

_EPOCH = dt.date(1970, 1, 1)


def reference_nik_level(a: int, b: int, masked_a: bool, masked_b: bool) -> int:
    """NIK level of one pair, from the 16-character digit strings."""
    if a < 0 or b < 0:
        return -1
    sa, sb = f"{a:016d}", f"{b:016d}"
    if masked_a or masked_b:
        return 1 if sa[:12] == sb[:12] else 0
    if sa == sb:
        return 6
    if sa[:12] == sb[:12]:
        # only the serial's first digit: no district's run is a thousand long, a slip
        return 5 if sa[13:] == sb[13:] else 3
    diff = [k for k in range(16) if sa[k] != sb[k]]
    if len(diff) == 1:
        return 5
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        k = diff[0]
        if sa[k] == sb[k + 1] and sa[k + 1] == sb[k]:
            return 4
    if sa[6:12] == sb[6:12]:
        return 2
    return 0


def reference_date_level(a: int | None, b: int | None, placeholder: bool) -> int:
    """Date level of one pair; ``a``/``b`` are days since 1970-01-01 or None."""
    if a is None or b is None:
        return -1
    if a == b:
        return 2 if placeholder else 5
    da, db = _EPOCH + dt.timedelta(days=a), _EPOCH + dt.timedelta(days=b)
    if abs(a - b) == 1:
        return 3
    if da.year == db.year and da.day == db.month and da.month == db.day:
        return 4
    if da.day == db.day and da.year == db.year and abs(da.month - db.month) == 1:
        return 3
    if (da.day, da.month) == (db.day, db.month):
        ya, yb = str(da.year), str(db.year)
        width = max(len(ya), len(yb))
        one_digit = sum(x != y for x, y in zip(ya.zfill(width), yb.zfill(width), strict=True)) == 1
        # a two-digit year mistyped in one digit: 95/05 for 1995/2005
        two = f"{da.year % 100:02d}", f"{db.year % 100:02d}"
        one_of_two = (abs(da.year - db.year) < 100
                      and sum(x != y for x, y in zip(*two, strict=True)) == 1)
        swapped = (da.year // 100 == db.year // 100 and two[0] != two[0][::-1]
                   and two[0][::-1] == two[1])
        if abs(da.year - db.year) == 1 or one_digit or one_of_two or swapped:
            return 3
    if placeholder and da.year == db.year:
        return 1
    return 0
