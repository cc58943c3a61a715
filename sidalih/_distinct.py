"""Work done once per distinct value of a column, then gathered back to its rows.

A long list repeats its values: a million voters hold about 150,000 distinct names,
27,000 birth dates and 400 village codes. Where each output row of a step depends on its
own value alone (normalising a name, parsing a date, reading a village code), the step
runs on the distinct values and its rows are copied back, bit for bit what running it on
every row gives (``tests/test_prepare_speed_paths.py``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl

__all__ = ["by_distinct", "numbered", "numbered_days"]


def by_distinct(values: pl.Series, work: Callable[[pl.Series], pl.DataFrame], *,
                few: int = 128) -> pl.DataFrame:
    """``work(values)``, done once per distinct value and gathered back to the rows.

    Columns of ``few`` rows or fewer, and dtypes other than text and dates, go to
    ``work`` whole (numbering them costs more than it saves).

    Examples
    --------
    >>> names = pl.Series(["siti", "budi", "siti", None] * 50)
    >>> calls = []
    >>> def upper(s: pl.Series) -> pl.DataFrame:
    ...     calls.append(len(s))
    ...     return s.str.to_uppercase().to_frame("upper")
    >>> out = by_distinct(names, upper)
    >>> out["upper"].head(4).to_list(), calls
    (['SITI', 'BUDI', 'SITI', None], [3])
    """
    found = numbered(values) if len(values) > few else None
    if found is None:
        return work(values)
    distinct, codes = found
    return work(distinct).select(pl.all().gather(codes))


def numbered(values: pl.Series) -> tuple[pl.Series, np.ndarray] | None:
    """The distinct values of a text or date column and each row's index among them.

    A null is a value too (last, where there is one: ``work`` decides what it gives);
    None for other dtypes.

    Examples
    --------
    >>> distinct, codes = numbered(pl.Series(["b", "a", "b", None]))
    >>> distinct.to_list(), codes.tolist()
    (['b', 'a', None], [0, 1, 0, 2])
    """
    if values.dtype == pl.String:
        from sidalih.kernels.distinct import distinct_rows
        from sidalih.names._normalise import _buffers

        codes, first = distinct_rows(*_buffers(values))
        distinct = values.gather(first)
    elif values.dtype == pl.Date:
        distinct, codes = numbered_days(values)
    else:
        return None
    if values.null_count():
        codes[codes < 0] = len(distinct)
        distinct = distinct.extend_constant(None, 1)
    return distinct, codes


def numbered_days(dates: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """:func:`numbered` of a Date column, by day number (-1 for a null).

    Examples
    --------
    >>> import datetime as dt
    >>> days, codes = numbered_days(pl.Series([dt.date(1980, 7, 1), None, dt.date(1970, 1, 1)]))
    >>> days.to_list(), codes.tolist()
    ([datetime.date(1970, 1, 1), datetime.date(1980, 7, 1)], [1, -1, 0])
    """
    valid = dates.is_not_null().to_numpy()
    days = dates.to_physical().fill_null(0).to_numpy().astype(np.int64)[valid]
    if days.size and int(days.max()) - int(days.min()) < 4 * days.size:
        # birth dates span a century or so: a table of every day costs less than a sort
        low = int(days.min())
        seen = np.zeros(int(days.max()) - low + 1, dtype=np.bool_)
        seen[days - low] = True
        found = np.flatnonzero(seen) + low
        index = np.cumsum(seen)[days - low] - 1
    else:
        found, index = np.unique(days, return_inverse=True)
    codes = np.full(len(dates), -1, dtype=np.int64)
    codes[valid] = index
    distinct = pl.Series(dates.name, found.astype(np.int32), dtype=pl.Int32).cast(pl.Date)
    return distinct, codes
