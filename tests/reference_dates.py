"""Naive reference for :mod:`sidalih.dates`: one value at a time, plain Python and ``re``.

Written from the rules in the module docstring, independently of the kernel and the
polars expressions, so the hypothesis tests can make the two agree.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from reference_nik import to_ascii

MIN_YEAR, MAX_YEAR, VOTING_AGE = 1850, 2199, 17
_WS = " \t\n\r\x0b\x0c"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "jan januari january djan djanuari",
            "feb peb februari pebruari february",
            "mar mrt maret march",
            "apr april",
            "mei may",
            "jun juni june djun djuni",
            "jul juli july djul djuli",
            "agu agt ags agst agus agustus aug august",
            "sep sept september",
            "okt oktober oct october",
            "nov nop nopember november",
            "des desember dec december",
        ],
        start=1,
    )
    for name in names.split()
}
_SEP = r"[-/. ,]"
_MAX_SERIAL = (dt.date(MAX_YEAR, 12, 31) - dt.date(1899, 12, 30)).days


def _fields_from_text(text: str) -> tuple[str, Any]:
    """('empty'|'fields'|'serial'|'unparsed', payload)."""
    text = to_ascii(text).strip(_WS)  # full-width digits are digits, as in a NIK
    if text.startswith("'"):
        text = text[1:].strip(_WS)
    if not text:
        return "empty", None
    text = text.translate(_ASCII_LOWER)
    if ":" in text:
        timed = re.fullmatch(r"([^:]*)[ t]([0-9]+:[0-9:.]*)", text)
        if timed is None:
            return "unparsed", None
        text = timed.group(1).rstrip(_WS)
        if not text:
            return "unparsed", None
    if m := re.fullmatch(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})", text):
        return "fields", (int(m[1]), int(m[2]), int(m[3]), False, False)
    if m := re.fullmatch(
        rf"([0-9]{{1,2}}){_SEP}+([0-9]{{1,2}}){_SEP}+([0-9]{{4}}|[0-9]{{2}})", text
    ):
        return "fields", (int(m[3]), int(m[2]), int(m[1]), len(m[3]) == 2, True)
    if m := re.fullmatch(rf"([0-9]{{1,2}}){_SEP}*([a-z]+){_SEP}*([0-9]{{4}}|[0-9]{{2}})", text):
        if m[2] not in _MONTHS:
            return "unparsed", None
        return "fields", (int(m[3]), _MONTHS[m[2]], int(m[1]), len(m[3]) == 2, False)
    if m := re.fullmatch(r"([0-9]{5})(?:\.([0-9]+))?", text):
        return "serial", float(int(m[1]))  # a fraction is a time of day
    if re.fullmatch(r"[0-9]{6,8}", text):
        return "fields", _compact(text)
    return "unparsed", None


def _compact(text: str) -> tuple[int, int, int, bool, bool]:
    if len(text) == 8 and MIN_YEAR <= int(text[:4]) <= MAX_YEAR and 1 <= int(text[4:6]) <= 12:
        return int(text[:4]), int(text[4:6]), int(text[6:]), False, False
    if len(text) == 6:
        return int(text[4:]), int(text[2:4]), int(text[:2]), True, True
    text = text.zfill(8)
    return int(text[4:]), int(text[2:4]), int(text[:2]), False, True


def _classify(value: Any) -> tuple[str, Any]:
    if value is None:
        return "empty", None
    if isinstance(value, bool):
        return "unparsed", None
    if isinstance(value, str):
        return _fields_from_text(value)
    if isinstance(value, dt.datetime):
        return ("empty", None) if value != value else ("date", value.date())  # pandas NaT
    if isinstance(value, dt.date):
        return "date", value
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            return "unparsed", None
        if math.isnan(number):
            return "empty", None
        if not math.isinf(number) and number == math.floor(number) and 1e6 <= number < 1e8:
            return "fields", _compact(str(int(number)))
        return "serial", number
    return "unparsed", None


def _age(born: dt.date, ref: dt.date) -> int:
    return ref.year - born.year - ((born.month, born.day) > (ref.month, ref.day))


def _from_fields(
    y: int, m: int, d: int, two: bool, day_first: bool, ref: dt.date | None
) -> tuple[dt.date | None, str, bool]:
    unsure = False
    if two:
        if ref is None:
            y, unsure = 2000 + y, True
        else:
            y = (ref.year // 100) * 100 + y
            if (y, m, d) > (ref.year, ref.month, ref.day):
                y -= 100
            unsure = ref.year - y - ((m, d) > (ref.month, ref.day)) < VOTING_AGE
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None, "impossible", False
    try:
        value = dt.date(y, m, d)
    except ValueError:
        return None, "impossible", False
    if unsure:
        return None, "ambiguous", False
    swappable = day_first and d != m and 1 <= d <= 12 and 1 <= m <= 12
    return value, "valid", swappable


def _from_serial(number: float) -> tuple[dt.date | None, str]:
    if math.isinf(number) or number < 0:
        return None, "unparsed"
    if number == math.floor(number) and MIN_YEAR <= number <= MAX_YEAR:
        return None, "ambiguous"
    whole = math.floor(number)
    if whole < 1 or whole == 60 or whole > _MAX_SERIAL:
        return None, "impossible"
    value = dt.date(1899, 12, 31 if whole < 60 else 30) + dt.timedelta(days=whole)
    return value, "valid"


def _placeholder(value: dt.date | None) -> str | None:
    if value is None:
        return None
    return {(1, 7): "01-07", (31, 12): "31-12", (1, 1): "01-01"}.get(
        (value.day, value.month), "15th" if value.day == 15 else None
    )


def reference_parse(
    value: Any, ref: dt.date | None = None
) -> tuple[dt.date | None, str, str | None, bool]:
    """(tanggal_lahir, status, placeholder, day_month_ambiguous) for one value."""
    kind, payload = _classify(value)
    swappable = False
    if kind in ("empty", "unparsed"):
        return None, kind, None, False
    if kind == "fields":
        y, m, d, two, day_first = payload
        result, status, swappable = _from_fields(y, m, d, two, day_first, ref)
    elif kind == "serial":
        result, status = _from_serial(payload)
    else:
        result = payload
        status = "valid" if MIN_YEAR <= payload.year <= MAX_YEAR else "impossible"
        result = result if status == "valid" else None
    if status == "valid" and ref is not None and result is not None and result > ref:
        return None, "future", None, False
    if status != "valid":
        return None, status, None, False
    return result, status, _placeholder(result), swappable


def reference_age(born: dt.date | None, ref: dt.date) -> int | None:
    """Completed years; None when missing or born after ``ref``."""
    if born is None or born > ref:
        return None
    return _age(born, ref)
