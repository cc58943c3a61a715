"""What a parsed birth date is: statuses, placeholder kinds, the year range, the elections."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import NamedTuple

from sidalih import election

__all__ = [
    "DateStatus",
    "Placeholder",
    "ParsedDate",
    "VOTING_AGE",
    "MIN_YEAR",
    "MAX_YEAR",
    "PEMILU_2024",
    "PILKADA_2024",
]

VOTING_AGE = election.VOTING_AGE
"""Age on polling day from which an unmarried citizen may vote (:data:`sidalih.election.VOTING_AGE`)."""
MIN_YEAR = 1850
"""Earliest birth year accepted; anything older is a typo or a sentinel."""
MAX_YEAR = 2199
"""Latest birth year accepted without a reference date."""
PEMILU_2024: dt.date = election.PEMILU_2024.date
"""Polling day of the 2024 general election (an example reference date)."""
PILKADA_2024: dt.date = election.PILKADA_2024.date
"""Polling day of the 2024 regional elections."""


class DateStatus(str, Enum):
    """What :func:`~sidalih.dates.parse_birth_date` made of one value."""

    VALID = "valid"
    """A calendar date within range and not after the reference date."""
    EMPTY = "empty"
    """Missing: null, NaN, NaT or blank text."""
    IMPOSSIBLE = "impossible"
    """Read as a date but no such date exists (31-02, month 13, year 0001, serial 60)."""
    FUTURE = "future"
    """A real date after the reference date."""
    AMBIGUOUS = "ambiguous"
    """Two readings and no safe choice (a two-digit year's century, a bare year or serial)."""
    UNPARSED = "unparsed"
    """Not recognisable as a date."""


class Placeholder(str, Enum):
    """Dates written when the true birth date was unknown (DOMAIN.md, Birth dates)."""

    JULY_1 = "01-07"
    DECEMBER_31 = "31-12"
    JANUARY_1 = "01-01"
    DAY_15 = "15th"


class ParsedDate(NamedTuple):
    """One parsed value, as returned by :func:`~sidalih.dates.parse_one`."""

    tanggal_lahir: dt.date | None
    status: DateStatus
    placeholder: Placeholder | None
    day_month_ambiguous: bool
