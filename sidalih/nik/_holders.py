"""NIKs held by more records than one person plausibly has: placeholders, not identities.

Clerks type one NIK for people who have none (a dummy on hundreds of rows), or the
head's NIK or the family card number for every member of a household (DOMAIN.md, One
NIK on several people). Such a NIK carries no identity: agreeing on it says nothing
about two records.

The bound, :data:`MAX_RECORDS_PER_NIK` = 4: a person listed two or three times is the
common duplicate (Bawaslu's 2018 check, KPU's DPS-to-DPT removals), a fourth record is
rare but seen (a move not removed, then a re-registration), a fifth is not a pattern
any source reports. A NIK on more than four records that name more than one person
(distinct normalised name and birth date) is therefore a placeholder. Rows that agree
on name and birth date are one record repeated (DOMAIN.md: repeated rows in the
thousands), and for them the NIK is still the identity, however many there are.
Fewer records on one NIK naming different people (twins, a parent and child, a small
household under the head's NIK) are pairs for review, judged pair by pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import polars as pl

from sidalih.errors import InvalidParameterError

__all__ = ["MAX_RECORDS_PER_NIK", "check_max_records", "crowded_keys", "held_by_many"]

MAX_RECORDS_PER_NIK = 4
"""Most records one NIK may hold before, naming several people, it is a placeholder."""


def check_max_records(value: object) -> int:
    """``max_records_per_nik`` as an int >= 1, or an :class:`InvalidParameterError`.

    Examples
    --------
    >>> check_max_records(4)
    4
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidParameterError(
            f"max_records_per_nik must be an int >= 1 (the most records one person may "
            f"plausibly have; default {MAX_RECORDS_PER_NIK}), got {value!r}"
        )
    return value


def crowded_keys(frame: pl.LazyFrame | pl.DataFrame, key: str, person: Sequence[str], *,
                 max_records_per_nik: int = MAX_RECORDS_PER_NIK) -> pl.DataFrame:
    """The distinct values of ``key`` held by too many records naming several people.

    Parameters
    ----------
    frame
        The whole list (a lazy frame is collected in streaming mode, so the counts
        can cover a list larger than memory).
    key
        The NIK column (digits or integers); null rows are ignored.
    person
        Columns that tell people apart (normalised name, birth date); a null is a value.
        None given: every record counts as another person.
    max_records_per_nik
        A value on more records than this, naming more than one person, is returned.

    Returns
    -------
    pl.DataFrame
        One column, ``key``, one row per crowded value, sorted.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"nik": ["A"] * 5 + ["B"] * 5 + ["C"] * 2,
    ...                    "name": list("abcde") + ["x"] * 5 + ["p", "q"]})
    >>> crowded_keys(df, "nik", ["name"])["nik"].to_list()
    ['A']
    """
    limit = check_max_records(max_records_per_nik)
    lazy = frame.lazy()
    people = (pl.struct(list(person)).hash(seed=0).n_unique() if person
              else pl.len().cast(pl.UInt32))  # fmt: skip
    counted = (
        lazy.filter(pl.col(key).is_not_null())
        .group_by(key)
        .agg(pl.len().alias("_n"), people.alias("_people"))
        .filter((pl.col("_n") > limit) & (pl.col("_people") > 1))
        .select(key)
        .sort(key)
    )
    return counted.collect(engine="streaming")


def held_by_many(prepared: pl.DataFrame, *, max_records_per_nik: int, few: int
                 ) -> pl.DataFrame | None:
    """The prepared rows whose NIK is on more than ``max_records_per_nik`` rows, or None.

    Only these rows can hold a crowded NIK (:func:`crowded_keys` counts people on them
    alone, with the same result), and most NIKs are on one row: counting rows costs
    less than counting people. Up to ``few`` rows are counted in Python, more by sorting
    the NIKs' integers. The key is ``nik``, else ``nik_placeholder``, as
    :func:`sidalih.prepare.placeholder_niks` reads it.

    Examples
    --------
    >>> import polars as pl
    >>> rows = pl.DataFrame({"nik": ["3271014101900001"] * 5 + ["3271014101900002"]})
    >>> held_by_many(rows, max_records_per_nik=4, few=128).height
    6
    >>> held_by_many(rows.tail(2), max_records_per_nik=4, few=128) is None
    True
    """
    has_placeholder = "nik_placeholder" in prepared.columns
    if prepared.height > few and has_placeholder and "nik_value" in prepared.columns:
        return _held_by_many(prepared, max_records_per_nik)
    if prepared.height > few:
        return prepared
    keys = prepared.get_column("nik").to_list()
    if has_placeholder:
        held = prepared.get_column("nik_placeholder").to_list()
        keys = [k if k is not None else p for k, p in zip(keys, held, strict=True)]
    counts = Counter(keys)
    counts.pop(None, None)
    return prepared if max(counts.values(), default=0) > max_records_per_nik else None


def _held_by_many(prepared: pl.DataFrame, most: int) -> pl.DataFrame | None:
    """:func:`held_by_many` of many rows, by the NIKs' integers."""
    # A key is 16 digits (a usable NIK's value, or a placeholder's digits): its integer
    # stands for it, one to one.
    numbers = prepared.select(
        pl.coalesce("nik_value", pl.col("nik_placeholder").cast(pl.Int64, strict=False)),
        pl.coalesce("nik", "nik_placeholder").null_count().alias("_missing"))
    values = numbers.to_series(0)
    if values.null_count() != numbers.item(0, "_missing"):
        return prepared  # a key that is not 16 digits: count them all
    held = np.sort(values.drop_nulls().to_numpy())
    many = held[most:][held[most:] == held[:-most]]
    if many.size == 0:
        return None
    return prepared.filter(values.is_in(pl.Series(np.unique(many)).implode()))
