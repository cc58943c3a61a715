"""Age on polling day and eligibility to vote: :func:`age_on`, :func:`eligible`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from sidalih._frames import series_to_polars
from sidalih.dates._marital import marital_codes
from sidalih.dates._parse import date_series
from sidalih.dates._types import VOTING_AGE
from sidalih.dates._values import check_reference, to_caller
from sidalih.errors import InvalidParameterError

__all__ = ["age_on", "eligible"]


def _age_expr(date: pl.Expr, ref: dt.date) -> pl.Expr:
    # Completed years: a 29 February birthday is reached on 1 March in common years.
    before_birthday = (date.dt.month() > ref.month) | (
        (date.dt.month() == ref.month) & (date.dt.day() > ref.day)
    )
    age = pl.lit(ref.year, dtype=pl.Int32) - date.dt.year() - before_birthday.cast(pl.Int32)
    return pl.when(date <= pl.lit(ref)).then(age).cast(pl.Int32)


def age_on(dates: Any, *, reference_date: dt.date | str) -> Any:
    """Age in completed years on ``reference_date``.

    Null where the date is missing, unreadable, impossible (a year outside
    :data:`MIN_YEAR`-:data:`MAX_YEAR`, whether given as text or as a date value) or after
    the reference date: exactly where :func:`parse_birth_date` is not ``valid``. Someone
    born on 29 February turns a year older on 1 March in common years.

    Examples
    --------
    >>> import datetime as dt
    >>> age_on(
    ...     [dt.date(2007, 2, 14), dt.date(2007, 2, 15), dt.date(2004, 2, 29), None],
    ...     reference_date=dt.date(2024, 2, 14),
    ... )
    [17, 16, 19, None]
    """
    ref = check_reference(reference_date, required=True)
    assert ref is not None
    series, kind = date_series(dates, ref)
    out = pl.select(_age_expr(pl.lit(series), ref)).to_series().rename("umur")
    return to_caller(out, kind, dates)


def eligible(dates: Any, marital_status: Any = None, *, reference_date: dt.date | str) -> Any:
    """Whether each person may vote on ``reference_date`` by age and marital status.

    Eligible when :data:`VOTING_AGE` or older on polling day, or married now or before
    (``S`` / ``P``). An unknown marital status leaves the decision to age. A missing
    birth date gives null unless the person is or was married (then True: age no longer
    matters). Citizenship and TNI/Polri membership are not checked here.

    Parameters
    ----------
    dates
        Birth dates (dates or anything :func:`parse_birth_date` reads).
    marital_status
        Same length as ``dates``, or None when unknown for everyone.
    reference_date
        Polling day, e.g. ``datetime.date(2024, 2, 14)``.

    Examples
    --------
    >>> import datetime as dt
    >>> eligible(
    ...     ["14-02-2007", "15-02-2007", "15-02-2007", None, None],
    ...     ["B", "B", "KAWIN", "B", "S"],
    ...     reference_date=dt.date(2024, 2, 14),
    ... )
    [True, False, True, None, True]
    """
    ref = check_reference(reference_date, required=True)
    assert ref is not None
    series, kind = date_series(dates, ref)
    married = pl.Series("m", [None] * len(series), dtype=pl.Boolean)
    if marital_status is not None:
        codes = marital_codes(series_to_polars(marital_status, name="m")[0])
        if len(codes) != len(series):
            raise InvalidParameterError(
                f"marital_status has {len(codes)} values but dates has {len(series)}; "
                "pass one marital status per birth date"
            )
        married = codes.is_in(["S", "P"]).rename("m")
    by_age = pl.select(_age_expr(pl.lit(series), ref) >= VOTING_AGE).to_series()
    decided = pl.select(
        pl.when(married.fill_null(False)).then(True).otherwise(pl.lit(by_age))
    ).to_series()
    return to_caller(decided.rename("eligible"), kind, dates)
