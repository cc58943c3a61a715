"""Status enums for NIK and NKK values, and their codes in the kernels."""

from __future__ import annotations

from enum import Enum

from sidalih.kernels import nik as k

__all__ = ["NikStatus", "NkkStatus", "NIK_NAMES", "NKK_NAMES", "STATUS_CODE"]


class NikStatus(str, Enum):
    """What :func:`sidalih.nik.parse` found in one NIK value.

    Listed in precedence order: a value gets the first status that applies.
    """

    EMPTY = "empty"
    """null, NaN, blank, or only a placeholder such as ``-``."""
    SCIENTIFIC = "scientific"
    """spreadsheet exponent notation (``3.27101E+15``), or what it leaves read as a
    number: six digits and ten zeros (``3271010000000000``, a value no NIK can have:
    day 00, serial 0000). Digits lost, never restored."""
    LOST_PRECISION = "lost_precision"
    """a float at or above 2**53 (2**24 for float32): its last digits are not reliable."""
    NON_DIGIT = "non_digit"
    """letters, symbols, a real fraction, or separators outside the digit groups."""
    LETTERS_READ = "letters_read"
    """16 characters of digits and a few look-alike letters (``3271O1S501900001``: O for
    0, S for 5) that, read as the digits they stand for, make a NIK passing every check
    of ``valid``: usable for matching like ``valid``, reported so the record is corrected
    (rules in :mod:`sidalih.nik._letters`). A reading that fails a check stays
    ``non_digit``."""
    MASKED = "masked"
    """digits with ``*`` / ``X`` in some positions (``327101150895****``): a partial key."""
    WRONG_LENGTH = "wrong_length"
    """not 16 digits (15, 18, old short numbers, ...)."""
    TRAILING_ZERO = "trailing_zero"
    """17 digits ending in 0 (manual migration); parts are read from the first 16."""
    REPEATED_DIGITS = "repeated_digits"
    """all 16 digits the same (``1111111111111111``)."""
    OLD_FORMAT = "old_format"
    """16 digits starting ``09``: a pre-e-KTP Jakarta number, not a Kemendagri code."""
    ZERO_SERIAL = "zero_serial"
    """serial ``0000``; Dukcapil serials start at ``0001``."""
    BAD_DATE = "bad_date"
    """digits 7-12 are not a date (day 00/32-40/72+, month 13, 31 February)."""
    UNKNOWN_REGION = "unknown_region"
    """the district code is in no version of the region table."""
    VALID = "valid"
    """none of the above."""


class NkkStatus(str, Enum):
    """What :func:`sidalih.nik.parse_nkk` found in one NKK (family card number) value.

    The same rules as :class:`NikStatus` without ``old_format``; digits 7-12 are the
    card's recording date (no +40 rule).
    """

    EMPTY = "empty"
    SCIENTIFIC = "scientific"
    LOST_PRECISION = "lost_precision"
    NON_DIGIT = "non_digit"
    LETTERS_READ = "letters_read"
    MASKED = "masked"
    WRONG_LENGTH = "wrong_length"
    TRAILING_ZERO = "trailing_zero"
    REPEATED_DIGITS = "repeated_digits"
    ZERO_SERIAL = "zero_serial"
    BAD_DATE = "bad_date"
    UNKNOWN_REGION = "unknown_region"
    VALID = "valid"


_CODES = {
    "valid": k.VALID,
    "empty": k.EMPTY,
    "scientific": k.SCIENTIFIC,
    "lost_precision": k.LOST_PRECISION,
    "non_digit": k.NON_DIGIT,
    "letters_read": k.LETTERS_READ,
    "masked": k.MASKED,
    "wrong_length": k.WRONG_LENGTH,
    "trailing_zero": k.TRAILING_ZERO,
    "repeated_digits": k.REPEATED_DIGITS,
    "old_format": k.OLD_FORMAT,
    "zero_serial": k.ZERO_SERIAL,
    "bad_date": k.BAD_DATE,
    "unknown_region": k.UNKNOWN_REGION,
}

STATUS_CODE: dict[str, int] = _CODES
"""Kernel code by status name (NIK and NKK share the codes)."""
NIK_NAMES: list[str] = [""] * (max(_CODES.values()) + 1)
"""Status name by kernel code."""
for _name, _code in _CODES.items():
    NIK_NAMES[_code] = _name
NKK_NAMES = NIK_NAMES
"""The NKK kernel never emits ``old_format``; the table is shared."""

assert {s.value for s in NikStatus} == set(_CODES)
assert {s.value for s in NkkStatus} == set(_CODES) - {"old_format"}
