"""Whether a list writes the 15th for a birth day it did not know.

DOMAIN.md: unknown birth dates were recorded as 31 December, 1 July, 1 January, and
the 15th where the month was known. The first three are one day of the year each, so
a list shows them as peaks that no real birthday makes. The 15th is one day of every
month: a list whose clerks used it holds more 15ths than 14ths or 16ths, and a list
whose clerks did not holds as many.

Read as a placeholder, agreement on a 15th weighs what the year and month tell (about
9 bits on a list of adults), and a 15th against another date of that year is "a
placeholder in one, same year" (about +1 bit) instead of two dates that disagree
(about -8 bits). On a list without the habit that is wrong for one person in thirty:
two records of one name and one real birth date, 15-08-1981, without NIKs, in one
village, scored 0.79 and were not merged (`tests/handmade_lists.py`, 3,000 rows), and
two people of one year, one born on the 15th, lost most of the evidence apart.

So the run reads the list: the 15th is a placeholder unless its count is close to a
typical day's (:data:`PLACEHOLDER_RATIO`). A list too small to tell keeps the reading
of DOMAIN.md. The decision is a comparison option (``fifteenth``) saved with the model,
so a registry's look-ups and a partitioned run's buckets read dates as the training did.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sidalih.dates._calendar import placeholder_expr
from sidalih.dates._types import Placeholder

__all__ = ["fifteenth_reading", "fifteenth_is_placeholder", "fifteenth_share", "PLACEHOLDER_RATIO",
           "MIN_TYPICAL_DAY"]

#: The 15th reads as a placeholder where the list holds at least this many times a
#: typical day's count. Lists from generators that use the 15th held 1.7-4.7 times a
#: typical day; lists from generators that do not, 1.05-1.14 (30,000 rows each); on a
#: village list of 1,000 the count's own noise is about 0.2 of a typical day.
PLACEHOLDER_RATIO = 1.25
#: A typical day of the month holds at least this many records before the list is read
#: (about 600 records with real birth dates); below it the 15th stays a placeholder.
MIN_TYPICAL_DAY = 20
#: Days whose count says what a typical day holds: 2-28 (every month has them), not 15.
_TYPICAL_DAYS = [d for d in range(2, 29) if d != 15]


def fifteenth_is_placeholder(dates: pl.Series) -> bool | None:
    """Whether ``dates`` (birth dates, ``Date``) write the 15th for an unknown day.

    True where the 15th holds :data:`PLACEHOLDER_RATIO` times a typical day of the
    month or more, False where it holds fewer, None where too few dates are known to
    tell (:data:`MIN_TYPICAL_DAY`). 01-01, 01-07 and 31-12 are left out of the counts.

    Examples
    --------
    >>> import datetime as dt
    >>> days = [dt.date(1980, 1 + k % 12, 2 + k % 27) for k in range(2_000)]
    >>> fifteenth_is_placeholder(pl.Series(days))
    False
    >>> fifteenth_is_placeholder(pl.Series(days + [dt.date(1970, 3, 15)] * 60))
    True
    >>> fifteenth_is_placeholder(pl.Series(days[:100])) is None
    True
    """
    return fifteenth_reading(dates)[0]


def fifteenth_share(dates: pl.Series) -> float | None:
    """The share of ``dates``' 15ths that stand for an unknown day: the 15ths beyond a
    typical day's count and its noise (two standard deviations of a Poisson count), of
    all 15ths (0 where there are none beyond it; None where too few dates are known to
    tell). Beyond the noise only: agreeing on a 15th costs up to six bits at a share
    of one, and a village list of 3,000 whose clerks never wrote the 15th counts a
    tenth more or fewer 15ths than a typical day by chance.

    A list under :data:`PLACEHOLDER_RATIO` still writes the 15th for some: at 1.24 times
    a typical day about one 15th in five is a placeholder, and two namesakes of one
    city on one of them (SITTI HAWA, 15-03-1999, three records) read as one real date.
    Matching weighs agreement on a 15th by that share (:mod:`sidalih.engine._tf`).

    Examples
    --------
    >>> import datetime as dt
    >>> days = [dt.date(1980, 1 + k % 12, 2 + k % 27) for k in range(2_000)]
    >>> fifteenth_share(pl.Series(days))
    0.0
    >>> round(fifteenth_share(pl.Series(days + [dt.date(1970, 3, 15)] * 40)), 2)
    0.2
    """
    return fifteenth_reading(dates)[1]


def fifteenth_reading(dates: pl.Series) -> tuple[bool | None, float | None]:
    """:func:`fifteenth_is_placeholder` and :func:`fifteenth_share` of ``dates``, from one
    count of the days of the month.

    >>> import datetime as dt
    >>> fifteenth_reading(pl.Series([dt.date(1980, 1 + k % 12, 2 + k % 27)
    ...                              for k in range(2_000)]))
    (False, 0.0)
    """
    counted = _fifteenths(dates)
    if counted is None:
        return None, None
    fifteenth, typical = counted
    beyond = fifteenth - typical - 2.0 * float(np.sqrt(typical))
    return (bool(fifteenth >= PLACEHOLDER_RATIO * typical),
            beyond / fifteenth if beyond > 0 else 0.0)


def _fifteenths(dates: pl.Series) -> tuple[float, float] | None:
    """How many ``dates`` fall on a 15th, and on a typical day of the month (None: too few
    known dates, or not a Date column). The placeholders of one day of the year
    (:func:`sidalih.dates._calendar.placeholder_expr`: 01-07, 31-12, 01-01) are left out."""
    if dates.dtype != pl.Date or dates.len() == 0:
        return None
    known = dates.drop_nulls()
    days = pl.DataFrame({"day": known.dt.day(), "month": known.dt.month()})
    kind = days.select(placeholder_expr(pl.col("day"), pl.col("month"))).to_series()
    of_the_year = (kind != Placeholder.DAY_15.value).fill_null(False).to_numpy()
    day = days["day"].to_numpy()
    counts = np.bincount(day[~of_the_year].astype(np.int64), minlength=32)
    typical = float(np.median(counts[_TYPICAL_DAYS]))
    if typical < MIN_TYPICAL_DAY:
        return None
    return float(counts[15]), typical
