"""Naive, per-value reference for sidalih.nik (regular expressions and datetime).

Written from the rules in the sidalih.nik docstring, not from the kernel: slow and
obvious on purpose, so the kernel can be checked against it on random input.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

SPACE = " \t\n\r\x0b\x0c"
SEPARATORS = SPACE + ".,-"
MASKS = "*xX"
LOOKALIKE = {
    "．": ".", "。": ".", "，": ",", "－": "-", "‐": "-", "‑": "-", "‒": "-", "–": "-",
    "—": "-", "−": "-", "＊": "*", "∗": "*", "Ｘ": "X", "ｘ": "x", "＇": "'", "‘": "'",
    "’": "'", "′": "'", "＋": "+", "Ｅ": "E", "ｅ": "e",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
}  # fmt: skip
# Letters typed or scanned for digits, and the digit each stands for.
LETTERS = {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "Z": "2", "z": "2",
           "S": "5", "s": "5", "G": "6", "b": "6", "B": "8"}  # fmt: skip
LETTER_KEY = re.compile("[0-9" + re.escape("".join(LETTERS)) + "]{16}")
MAX_LETTERS = 3
LONGEST = 64  # characters, as given: no clerk types a NIK with more separators
SCIENTIFIC = re.compile(r"[+-]?[0-9]+([.,][0-9]*)?[eE][+-]?[0-9]+")
FRACTION = re.compile(r"([0-9]{15,})[.,]([0-9]+)")
OLDEST, VOTING = 110, 17

COLUMNS = (
    "nik", "status", "province", "regency", "district", "birth_day", "birth_month",
    "birth_year2", "birth_date", "century_ambiguous", "sex", "serial", "region_known",
    "region_versions", "nik_int",
)  # fmt: skip


def _text(value: Any) -> tuple[str | None, str | None]:
    """(text, status decided before cleaning)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return None, None
    if isinstance(value, str):
        return value, None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace"), None
    if isinstance(value, bool):
        return None, "non_digit"
    if isinstance(value, int):
        return (str(value), None) if value >= 0 else (None, "non_digit")
    if isinstance(value, float):
        if math.isnan(value):
            return None, None
        if not math.isfinite(value) or value != int(value) or value < 0:
            return None, "non_digit"
        if value < 2.0**53:
            return str(int(value)), None
        # six digits and ten zeros: what exponent notation keeps (see clean)
        lost = 10**15 <= value < 10**16 and int(value) % 10**10 == 0
        return None, "scientific" if lost else "lost_precision"
    if isinstance(value, decimal.Decimal):
        if value.is_nan():
            return None, None
        if value.is_finite() and value == int(value) >= 0:
            return str(int(value)), None
    return None, "non_digit"


def to_ascii(text: str) -> str:
    """Unicode digits, spaces and look-alike punctuation as ASCII (dates are read so too)."""
    out = ""
    for ch in text:
        ch = LOOKALIKE.get(ch, ch)
        if len(ch) == 1 and ord(ch) >= 128:
            if unicodedata.decimal(ch, None) is not None:
                ch = str(unicodedata.decimal(ch))
            elif ch.isspace():
                ch = " "
        out += ch
    return out


def clean(value: Any, *, nkk: bool = False) -> tuple[str, str | None]:
    """(status before the 16-digit checks, 16-character key or None)."""
    text, status = _text(value)
    if status is not None:
        return status, None
    if text is None:
        return "empty", None
    text = to_ascii(text).strip(SPACE)
    if text[:1] in ("'", "`"):
        text = text[1:].strip(SPACE)
    if all(c in SEPARATORS for c in text):
        return "empty", None
    if SCIENTIFIC.fullmatch(text):
        return "scientific", None
    digits = sum(c.isascii() and c.isdigit() for c in text)
    if any(c not in SEPARATORS + MASKS and not (c.isascii() and c.isdigit()) for c in text):
        return "non_digit", None
    if digits == 0 and any(c in "xX" for c in text):
        return "non_digit", None
    fraction = FRACTION.fullmatch(text)
    if fraction:
        if set(fraction.group(2)) != {"0"}:
            return "non_digit", None
        text = fraction.group(1)
    if text[0] in SEPARATORS or text[-1] in SEPARATORS:
        return "non_digit", None
    key = "".join("*" if c in MASKS else c for c in text if c not in SEPARATORS)
    if "*" in key:
        return "masked", key if len(key) == 16 else None
    if len(key) == 16:
        # six digits and ten zeros (3271010000000000): exponent notation read as a number;
        # all zeros stay repeated_digits and a 09 NIK old_format (later statuses)
        if key[6:] == "0" * 10 and set(key) != {"0"} and (nkk or not key.startswith("09")):
            return "scientific", None
        return "valid", key
    if len(key) == 17 and key.endswith("0"):
        return "trailing_zero", key[:16]
    return "wrong_length", None


def read_letters(value: Any) -> str | None:
    """The 16 digits a ``non_digit`` value written with look-alike letters stands for:
    16 digits and letters once separators are dropped, 1-3 letters or one letter for
    every occurrence of its digit (none of which is typed as a digit)."""
    text, status = _text(value)
    if status is not None or text is None or len(text) > LONGEST:
        return None
    text = to_ascii(text).strip(SPACE)
    if text[:1] in ("'", "`"):
        text = text[1:].strip(SPACE)
    if not text or text[0] in SEPARATORS or text[-1] in SEPARATORS:
        return None
    key = "".join(c for c in text if c not in SEPARATORS)
    if not LETTER_KEY.fullmatch(key):
        return None
    letters = [c for c in key if not c.isdigit()]
    if not letters:
        return None
    one_habit = len(set(letters)) == 1 and LETTERS[letters[0]] not in key
    if len(letters) > MAX_LETTERS and not one_habit:
        return None
    return "".join(LETTERS.get(c, c) for c in key)


def _readings(day: int, month: int, yy: int, ref: dt.date) -> list[tuple[dt.date, int]]:
    out = []
    for century in range(ref.year // 100 - 2, ref.year // 100 + 1):
        try:
            born = dt.date(century * 100 + yy, month, day)
        except ValueError:
            continue
        if born <= ref:
            age = ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))
            out.append((born, age))
    return out


def resolve(
    day: int, month: int, yy: int, ref: dt.date, *, nkk: bool
) -> tuple[dt.date | None, bool]:
    readings = _readings(day, month, yy, ref)
    if nkk:
        return (max(readings)[0] if readings else None), False
    plausible = [(born, age) for born, age in readings if age <= OLDEST]
    voters = sorted((age, born) for born, age in plausible if age >= VOTING)
    if voters:
        return voters[0][1], len(plausible) > 1
    if len(plausible) == 1:
        return plausible[0][0], False
    return None, True


def _number(text: str) -> int | None:
    return None if "*" in text else int(text)


def reference_parse(
    value: Any,
    *,
    district_versions: Callable[[int], int],
    reference_date: dt.date = dt.date(2024, 2, 14),
    nkk: bool = False,
) -> dict[str, Any]:
    """One value -> the row :func:`sidalih.nik.parse` (or ``parse_nkk``) should give."""
    status, key = clean(value, nkk=nkk)
    if status == "non_digit":
        digits = read_letters(value)
        if digits is not None:
            read = reference_parse(digits, district_versions=district_versions,
                                  reference_date=reference_date, nkk=nkk)  # fmt: skip
            if read["status"] == "valid":
                return {**read, "status": "letters_read"}
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row["status"] = status
    if key is None:
        return row
    row["nik"] = key
    for name, width in (("province", 2), ("regency", 4), ("district", 6)):
        row[name] = key[:width] if "*" not in key[:width] else None
    code, month, yy, serial = (_number(key[a:b]) for a, b in ((6, 8), (8, 10), (10, 12), (12, 16)))
    day = None
    if code is not None and 1 <= code <= 31:
        day, row["sex"] = code, (None if nkk else "L")
    elif code is not None and 41 <= code <= 71 and not nkk:
        day, row["sex"] = code - 40, "P"
    month = month if month is not None and 1 <= month <= 12 else None
    row.update(birth_day=day, birth_month=month, birth_year2=yy, serial=serial)
    date_ok = False
    if day is not None and month is not None and yy is not None:
        date_ok = (dt.date(2000 + yy, month, 1) + dt.timedelta(days=day - 1)).month == month
        if date_ok:
            row["birth_date"], row["century_ambiguous"] = resolve(
                day, month, yy, reference_date, nkk=nkk
            )
    district = _number(key[:6])
    if district is not None:
        row["region_versions"] = district_versions(district)
        row["region_known"] = row["region_versions"] > 0
    if status == "masked":
        return row
    row["nik_int"] = int(key)
    if status == "valid":
        row["status"] = _status_16(key, nkk, serial, date_ok, row["region_versions"])
    return row


def _status_16(key: str, nkk: bool, serial: int | None, date_ok: bool, versions: int) -> str:
    if len(set(key)) == 1:
        return "repeated_digits"
    if not nkk and key.startswith("09"):
        return "old_format"
    if serial == 0:
        return "zero_serial"
    if not date_ok:
        return "bad_date"
    if versions == 0:
        return "unknown_region"
    return "valid"
