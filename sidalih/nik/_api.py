"""Public NIK/NKK functions: frame-level parsing and scalar helpers for services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from sidalih._frames import caller_rows, frame_from_polars, series_to_polars
from sidalih.errors import InvalidParameterError, mask_nik, masked_repr
from sidalih.kernels import nik as k
from sidalih.nik._core import parse_arrays
from sidalih.nik._frame import to_frame
from sidalih.nik._status import NikStatus

__all__ = [
    "NikParts",
    "parse",
    "parse_nkk",
    "parse_one",
    "is_valid",
    "mask",
    "compose",
    "nik_to_int",
]


def _parse_frame(values: Any, *, is_nkk: bool, reference_date: Any) -> Any:
    series, kind = series_to_polars(values, name="nkk" if is_nkk else "nik")
    frame = to_frame(
        parse_arrays(series, is_nkk=is_nkk, reference_date=reference_date), is_nkk=is_nkk
    )
    if kind in ("list", "numpy"):
        return frame
    return frame_from_polars(frame, kind, rows=caller_rows(values))


def parse(values: Any, *, reference_date: Any = None) -> Any:
    """Clean, classify and split NIKs; one output row per input value, in order.

    Parameters
    ----------
    values
        A pandas/polars/pyarrow Series, numpy array or list: strings, integers, floats,
        bytes or a mix. Nothing raises on a bad value: it gets a status.
    reference_date
        Election day the century is resolved against (``datetime.date`` or ISO text);
        None means 2024-02-14 (Pemilu 2024).

    Returns
    -------
    DataFrame
        Of the kind given (polars for lists); columns and rules in :mod:`sidalih.nik`.

    Examples
    --------
    >>> import polars as pl
    >>> out = parse(pl.Series(["3271014101900001", "3.27101E+15", None]))
    >>> out.select("nik", "status", "birth_date", "sex").rows()
    [('3271014101900001', 'valid', datetime.date(1990, 1, 1), 'P'), (None, 'scientific', None, None), (None, 'empty', None, None)]

    ``3.27101E+15`` read as a number by pandas' default ``read_csv`` is the same
    spreadsheet damage, and reads so:

    >>> parse([3.27101e15, 3271010000000000, 3271010101900000])["status"].to_list()
    ['scientific', 'scientific', 'zero_serial']
    """
    return _parse_frame(values, is_nkk=False, reference_date=reference_date)


def parse_nkk(values: Any, *, reference_date: Any = None) -> Any:
    """Clean, classify and split NKKs (family card numbers) like :func:`parse`.

    Digits 7-12 are the card's recording date (no +40 rule; the latest reading not
    after ``reference_date`` is taken), so the columns are ``nkk``, ``status``
    (:class:`NkkStatus`), ``province``, ``regency``, ``district``, ``record_day``,
    ``record_month``, ``record_year2``, ``record_date``, ``serial``, ``region_known``,
    ``region_versions``, ``nkk_int``.

    Examples
    --------
    >>> parse_nkk(["3271012312150003"]).select("status", "record_date").rows()
    [('valid', datetime.date(2015, 12, 23))]
    """
    return _parse_frame(values, is_nkk=True, reference_date=reference_date)


@masked_repr
@dataclass(frozen=True)
class NikParts:
    """One parsed NIK (the row of :func:`parse` as Python values). Its ``repr`` masks the
    NIK (a notebook or a log line shows it); the fields hold every digit."""

    nik: str | None
    status: NikStatus
    province: str | None
    regency: str | None
    district: str | None
    birth_day: int | None
    birth_month: int | None
    birth_year2: int | None
    birth_date: dt.date | None
    century_ambiguous: bool | None
    sex: str | None
    serial: int | None
    region_known: bool | None
    region_versions: int | None
    nik_int: int | None

    @property
    def is_valid(self) -> bool:
        """Status ``valid``: written as a NIK should be (``letters_read`` is not)."""
        return self.status is NikStatus.VALID


def parse_one(value: Any, *, reference_date: Any = None) -> NikParts:
    """Parse a single NIK (for services handling one registrant at a time).

    Examples
    --------
    >>> parts = parse_one("3271 0141 0190 0001")
    >>> parts.status, parts.district, parts.sex, parts.birth_date
    (<NikStatus.VALID: 'valid'>, '327101', 'P', datetime.date(1990, 1, 1))
    """
    series = pl.Series("nik", [value], dtype=pl.Object)
    row = to_frame(parse_arrays(series, is_nkk=False, reference_date=reference_date), is_nkk=False)
    fields = row.row(0, named=True)
    fields["status"] = NikStatus(fields["status"])
    return NikParts(**fields)


def is_valid(value: Any) -> bool:
    """True when ``value`` is a well-formed NIK with a known region (status ``valid``).

    Examples
    --------
    >>> is_valid("3271010101900001"), is_valid("1111111111111111"), is_valid(None)
    (True, False, False)
    """
    return parse_one(value).is_valid


def mask(value: Any) -> str:
    """A NIK for display: the first and last four characters of the cleaned number.

    Values that cannot be read are masked as text (see :func:`sidalih.errors.mask_nik`),
    so no more than eight characters of any input are ever shown.

    Examples
    --------
    >>> mask("3271 0101 0190 0001"), mask(3271010101900001), mask(None)
    ('3271********0001', '3271********0001', '<missing>')
    """
    if value is None:
        return mask_nik(None)
    key = parse_one(value).nik
    return mask_nik(key if key is not None else str(value))


def compose(district: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """Build a NIK as Dukcapil does: district, birth DDMMYY (women's day + 40), serial.

    Examples
    --------
    >>> import datetime as dt
    >>> compose("327101", dt.date(1990, 1, 1), "P", 1)
    '3271014101900001'
    """
    if not (
        isinstance(district, str)
        and len(district) == 6
        and district.isascii()
        and district.isdigit()
    ):
        raise InvalidParameterError(f"district must be 6 digits such as '327101', got {district!r}")
    if not isinstance(birth_date, dt.date):
        raise InvalidParameterError(
            f"birth_date must be a datetime.date, got {type(birth_date).__name__}"
        )
    if sex not in ("L", "P"):
        raise InvalidParameterError(f"sex must be 'L' or 'P', got {sex!r}")
    if isinstance(serial, bool) or not isinstance(serial, int) or not 1 <= serial <= 9999:
        raise InvalidParameterError(f"serial must be an integer from 1 to 9999, got {serial!r}")
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{district}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def nik_to_int(values: Any) -> np.ndarray:
    """The 16 digits of each NIK as int64, -1 where no unmasked 16-digit key was read.

    Examples
    --------
    >>> nik_to_int(["3271010101900001", "abc"]).tolist()
    [3271010101900001, -1]
    """
    series, _ = series_to_polars(values, name="nik")
    parsed = parse_arrays(series, is_nkk=False)
    return np.where(parsed.status == k.MASKED, -1, parsed.ints)  # a masked key is partial
