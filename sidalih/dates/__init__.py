"""Birth dates: parsing, placeholder flags, age and voter eligibility.

Voter lists carry birth dates as ``DD-MM-YYYY`` / ``DD/MM/YYYY`` text, ISO text,
spreadsheet serial numbers and real date values, often mixed in one column.
:func:`parse_birth_date` reads them all, vectorised in polars, and gives every row a
:class:`DateStatus` instead of raising or dropping it.

Rules (see DOMAIN.md):

- Text is read day first (Indonesian convention). ``05-07-1980`` is 5 July but is
  flagged ``day_month_ambiguous`` because the swap is also a calendar date. ISO text
  (``1980-07-05``) and month names (``5 Juli 1980``) are not ambiguous. A text whose
  month field is above 12 is ``impossible``: it is not silently re-read month first.
- Two-digit years are resolved against ``reference_date`` (never a fixed pivot): the
  latest century in which the date is not after the reference date. If that reading
  makes the person younger than :data:`VOTING_AGE`, the other reading makes them 100 or
  older; neither is a safe guess, so the row is ``ambiguous``. Without a reference
  date every two-digit year is ``ambiguous``.
- Numbers are Excel 1900-system serials (``29221`` is 1980-01-01; serial 60 is Excel's
  fictitious 29 February 1900 and is ``impossible``). Whole numbers 1850–2199 could be a
  bare year as well as a serial and are ``ambiguous``. Whole numbers with 7 or 8 digits
  are compact dates whose leading zero a spreadsheet dropped (``1071980``).
- Years outside :data:`MIN_YEAR`–:data:`MAX_YEAR` are ``impossible`` (``0001-01-01`` and
  ``9999-12-31`` are database sentinels, ``1098`` a typo).
- ``tanggal_lahir`` is non-null exactly when ``status`` is ``valid``.

The reference date is always a parameter, never "today": the same list must give the
same answer whenever it is processed.

Text is read by one numba kernel over the Arrow buffers
(:mod:`sidalih.kernels.date_scan`: ASCII only, case-insensitive month names in
Indonesian (also ``Mrt``, ``Agst`` and the old spelling ``Djuli``) and English, an
optional ``hh:mm[:ss]`` suffix, a leading spreadsheet apostrophe); the calendar rules
that follow are polars expressions.
``tests/reference_dates.py`` restates every rule in plain Python.

=============  ====================================================================
module         holds
=============  ====================================================================
``_types``     :class:`DateStatus`, :class:`Placeholder`, :class:`ParsedDate`, the
               year range; the election constants of :mod:`sidalih.election`
``_values``    any column in (text, numbers, date values); the caller's kind out
``_calendar``  the calendar rules as polars expressions; the month names
``_parse``     :func:`parse_birth_date`, :func:`parse_one`, :func:`is_placeholder`
``_age``       :func:`age_on`, :func:`eligible`
``_marital``   :func:`marital_status_code`, :func:`marital_expr`
=============  ====================================================================
"""

from __future__ import annotations

from sidalih.dates._age import age_on, eligible
from sidalih.dates._marital import marital_expr, marital_status_code
from sidalih.dates._parse import is_placeholder, parse_birth_date, parse_one
from sidalih.dates._types import (
    MAX_YEAR,
    MIN_YEAR,
    PEMILU_2024,
    PILKADA_2024,
    VOTING_AGE,
    DateStatus,
    ParsedDate,
    Placeholder,
)

__all__ = [
    "DateStatus",
    "Placeholder",
    "ParsedDate",
    "VOTING_AGE",
    "MIN_YEAR",
    "MAX_YEAR",
    "PEMILU_2024",
    "PILKADA_2024",
    "parse_birth_date",
    "parse_one",
    "is_placeholder",
    "age_on",
    "eligible",
    "marital_status_code",
    "marital_expr",
]
