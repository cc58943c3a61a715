"""The comparison methods, one class each, and their registry :data:`METHODS`.

Each class declares once what its method is (see :mod:`sidalih.compare._method_types`):
its options, its levels, and how it turns pairs of row positions into level codes
(int8, -1 = null) from per-row arrays it encodes once in a ``ColumnCache``.

Examples
--------
>>> sorted(METHODS)
['code_prefix', 'date', 'exact', 'name', 'nik', 'string']
>>> METHODS["name"].labels({"thresholds": (0.9,), "token_set": 0.8})
('different', 'same tokens', 'jaro-winkler >= 0.9', 'exact')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from sidalih.compare._levels import (
    DIFFERENT,
    EXACT,
    SAME_REGENCY,
    SAME_TOKENS,
    labels_of,
    prefix_label,
)
from sidalih.compare._levels import similarity_label as _similar
from sidalih.compare._method_types import (
    DEPENDS_ON,
    FIFTEENTH,
    FIFTEENTH_SHARE,
    LENGTHS,
    REGIONS,
    THRESHOLDS,
    TOKEN_SET,
    MethodType,
)
from sidalih.errors import InvalidParameterError
from sidalih.kernels.codes import exact_levels, prefix_levels
from sidalih.kernels.levels import DateLevel, NikLevel

if TYPE_CHECKING:
    from sidalih.compare._columns import ColumnCache
    from sidalih.compare._spec import Comparison

__all__ = ["METHODS"]

# The token-set options of the name comparison: the defaults of sidalih.strings.token_set
# (tests/test_fused.py checks that they still are).
TOKEN_CUTOFF = 0.85
INITIAL_SCORE = 0.9
TOKEN_DENOMINATOR = 0  # mean token count
MAX_TOKENS = 32
PREFIX_WEIGHT = 0.1


def _codes(levels: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(level) for level in levels)


class Exact(MethodType):
    """Two levels: the values differ, or they are equal (dense codes of the column)."""

    name = "exact"
    #: The canonical voter columns imply a role (models saved before roles were declared).
    column_roles: ClassVar[Mapping[str, str]] = {"nkk": "family_card", "jenis_kelamin": "sex"}

    def labels(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        return labels_of("exact")

    def role(self, comparison: Comparison) -> str | None:
        given = super().role(comparison)
        return given if given is not None else self.column_roles.get(comparison.column)

    def encode(self, comparison: Comparison, cache: ColumnCache) -> tuple[np.ndarray]:
        return (cache.codes(comparison.column),)

    def levels(self, comparison: Comparison, cache: ColumnCache, left: np.ndarray,
               right: np.ndarray) -> np.ndarray:
        (codes,) = self.encode(comparison, cache)
        return exact_levels(left, right, codes)


class CodePrefix(MethodType):
    """Hierarchical codes: else, then agreement on each prefix length, shortest first."""

    name = "code_prefix"
    own_options = (LENGTHS,)

    def prefix_lengths(self, options: Mapping[str, Any]) -> tuple[int, ...]:
        """The ``lengths`` option.

        Examples
        --------
        >>> METHODS["code_prefix"].prefix_lengths({"lengths": (4, 6, 10)})
        (4, 6, 10)
        """
        return tuple(int(n) for n in options["lengths"])

    def labels(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        return (DIFFERENT, *(prefix_label(n) for n in options["lengths"]))

    def encode(self, comparison: Comparison, cache: ColumnCache) -> tuple[np.ndarray]:
        lengths = tuple(int(n) for n in comparison.options["lengths"])
        return (cache.prefix_codes(comparison.column, lengths),)

    def levels(self, comparison: Comparison, cache: ColumnCache, left: np.ndarray,
               right: np.ndarray) -> np.ndarray:
        (codes,) = self.encode(comparison, cache)
        return prefix_levels(left, right, codes)


def _thresholds(comparison: Comparison) -> np.ndarray:
    return np.asarray([float(t) for t in comparison.options["thresholds"]], dtype=np.float64)


def _unit(value: float, what: str) -> float:
    # The options were checked when the comparison was built; its options dict can still
    # be edited in place, and a kernel must never see a cutoff outside [0, 1].
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InvalidParameterError(f"{what} must lie in [0.0, 1.0], got {value}")
    return value


def _row_ids(cache: ColumnCache, column: str) -> np.ndarray:
    return cache.string_ids(column)


class String(MethodType):
    """Else, Jaro–Winkler at or above each threshold, exact (equal dense codes).

    With ``regions``, a level above "different" for two places of birth written
    differently that name one regency (Maumere / Sikka, Cibinong / Bogor:
    :func:`sidalih.regions._birthplaces.regency_named`).
    """

    name = "string"
    own_options = (THRESHOLDS, REGIONS)

    def labels(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        regions = (SAME_REGENCY,) if options.get("regions") else ()
        return (DIFFERENT, *regions, *(_similar(t) for t in options["thresholds"]), EXACT)

    def encode(self, comparison: Comparison, cache: ColumnCache) -> tuple[Any, ...]:
        """Dense codes (exact level), the Arrow-style strings and their row ids (memo)."""
        column = comparison.column
        return cache.codes(column), cache.strings(column), _row_ids(cache, column)

    def levels(self, comparison: Comparison, cache: ColumnCache, left: np.ndarray,
               right: np.ndarray) -> np.ndarray:
        from sidalih.kernels.fused import LEVEL_MEMO_SIZE, string_levels

        codes, encoded, ids = self.encode(comparison, cache)
        thresholds = _thresholds(comparison)
        _unit(float(thresholds.min()), "score_cutoff")
        levels: np.ndarray = string_levels(
            left, right, codes, encoded.offsets, encoded.data, encoded.valid, ids, thresholds,
            PREFIX_WEIGHT, LEVEL_MEMO_SIZE,
        )
        if comparison.options.get("regions"):
            from sidalih.kernels.codes import regency_levels

            regency = cache.cached(("regency_named", comparison.column),
                                   lambda: _regency_codes(cache, comparison.column))
            regency_levels(levels, left, right, regency)
        return levels


def _regency_codes(cache: ColumnCache, column: str) -> np.ndarray:
    """Per row, a code of the regency its place names (-1: none without doubt).

    Read once per distinct place (a million records name about a thousand), through the
    column's equality codes, which the exact level has built already.
    """
    import polars as pl

    from sidalih.regions._birthplaces import regency_named

    codes = cache.codes(column)
    kept = np.flatnonzero(codes >= 0)
    distinct, first = np.unique(codes[kept], return_index=True)
    places = cache.column(column).gather(pl.Series(kept[first], dtype=pl.UInt32))
    named = places.to_frame("t").select(regency_named(pl.col("t")))["t"]
    regency = named.rank("dense").fill_null(0).cast(pl.Int64).to_numpy() - 1
    by_code = np.full(int(codes.max()) + 1 if codes.size else 0, -1, dtype=np.int64)
    by_code[distinct] = regency
    out = np.full(codes.shape, -1, dtype=np.int64)
    out[kept] = by_code[codes[kept]]
    return out


class Name(MethodType):
    """Else, token-set agreement, Jaro–Winkler at or above each threshold, exact name.

    Agreement of the same tokens in another order, or with one dropped, says more than
    the lowest Jaro–Winkler level and less than the higher ones (its evidence order).
    """

    name = "name"
    own_options = (THRESHOLDS, TOKEN_SET)
    implied_role = "name"

    def labels(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        return (DIFFERENT, SAME_TOKENS, *(_similar(t) for t in options["thresholds"]), EXACT)

    def evidence_order(self, comparison: Comparison) -> tuple[int, ...]:
        return (0, 2, 1, *range(3, comparison.n_levels))

    def encode(self, comparison: Comparison, cache: ColumnCache) -> tuple[Any, ...]:
        """As :meth:`String.encode`, plus each name's tokens (at most ``MAX_TOKENS``)."""
        from sidalih.kernels.fused import split_tokens

        column = comparison.column
        encoded = cache.strings(column)
        tokens = cache.cached(
            ("tokens", column, MAX_TOKENS),
            lambda: split_tokens(encoded.offsets, encoded.data, encoded.valid, MAX_TOKENS),
        )
        return cache.codes(column), encoded, _row_ids(cache, column), tokens

    def levels(self, comparison: Comparison, cache: ColumnCache, left: np.ndarray,
               right: np.ndarray) -> np.ndarray:
        from sidalih.kernels.fused import LEVEL_MEMO_SIZE, TOKEN_MEMO_SIZE, name_levels

        codes, encoded, row_ids, (ptr, start, length, ids) = self.encode(comparison, cache)
        thresholds = _thresholds(comparison)
        _unit(float(thresholds.min()), "score_cutoff")
        token_threshold = _unit(float(comparison.options["token_set"]), "score_cutoff")
        # Only pairs below every JW threshold can still earn the token level (dropped or
        # reordered tokens); the kernel scores just those.
        levels: np.ndarray = name_levels(
            left, right, codes, encoded.offsets, encoded.data, encoded.valid, row_ids, ptr,
            start, length, ids, thresholds, PREFIX_WEIGHT, TOKEN_CUTOFF, INITIAL_SCORE,
            TOKEN_DENOMINATOR, token_threshold, MAX_TOKENS, LEVEL_MEMO_SIZE, TOKEN_MEMO_SIZE,
        )
        return levels


class Nik(MethodType):
    """The NIK levels of :class:`sidalih.kernels.levels.NikLevel`.

    Evidence order: a masked NIK whose 12 known digits agree says at least what a NIK
    differing only in its serial says (the serial is unknown, not different), and both
    say more than a shared birth part. Equal: the first 12 digits agree (region and
    birth date); records are grouped by the place of registration (6 digits), which
    residence follows whatever the birth date.
    """

    name = "nik"
    own_options = (DEPENDS_ON,)
    implied_role = "nik"
    group_prefix = 6

    def labels(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        return labels_of("nik")

    def evidence_order(self, comparison: Comparison) -> tuple[int, ...]:
        return _codes((NikLevel.ELSE, NikLevel.SAME_BIRTH_PART, NikLevel.SAME_EXCEPT_SERIAL,
                       NikLevel.MASKED_PREFIX, NikLevel.TRANSPOSITION,
                       NikLevel.ONE_SUBSTITUTION, NikLevel.EXACT))

    def equal_levels(self, comparison: Comparison) -> tuple[int, ...]:
        return _codes((NikLevel.MASKED_PREFIX, NikLevel.SAME_EXCEPT_SERIAL, NikLevel.EXACT))

    def companions(self, column: str) -> tuple[str, ...]:
        """The masked 12 digits and both as integers.

        >>> METHODS["nik"].companions("nik")
        ('nik_masked12', 'nik_value', 'nik_masked12_value')
        """
        return (f"{column}_masked12", f"{column}_value", f"{column}_masked12_value")

    def encode(self, comparison: Comparison, cache: ColumnCache) -> tuple[np.ndarray, ...]:
        """Per row: the NIK as int64 (-1 missing), the masked flag and its packed digits.

        The first two are cached under ``("nik", column)``, which the birth-part discount
        (``compare/_nik_date.py``) and the domain judgement read.
        """
        from sidalih.compare._prepare_support import nik_arrays_of
        from sidalih.kernels.levels import nik_digits

        column = comparison.column
        values, masked = cache.cached(("nik", column), lambda: nik_arrays_of(cache.records, column))
        packed = cache.cached(("nik_digits", column), lambda: nik_digits(values))
        return values, masked, packed

    def levels(self, comparison: Comparison, cache: ColumnCache, left: np.ndarray,
               right: np.ndarray) -> np.ndarray:
        from sidalih.kernels.levels import nik_levels_packed_kernel

        values, masked, packed = self.encode(comparison, cache)
        levels: np.ndarray = nik_levels_packed_kernel(left, right, values, masked, packed)
        return _long_runs_in_the_serial(levels, cache, comparison.column, values, left, right)


#: Records of one NIK prefix (district, birth date and sex) from which serials a thousand
#: apart lie in one run: real lists hold some 130 at most on a placeholder date in the
#: largest districts (DOMAIN.md), a list of 200,000 on one placeholder date thousands.
LONG_RUN = 1_000


def _long_runs_in_the_serial(levels: np.ndarray, cache: ColumnCache, column: str,
                             values: np.ndarray, left: np.ndarray,
                             right: np.ndarray) -> np.ndarray:
    """NIKs differing only in the serial's first digit are one digit mistyped
    (:class:`~sidalih.kernels.levels.NikLevel`) unless their prefix holds a run that
    long in this list (:data:`LONG_RUN` records or more): there they are two serials of
    one run, as the kernel reads any other serial difference.

    Where every voter of a list carries one placeholder date, the serials of a district
    run into the thousands, and two namesakes 0123 / 1123 merged as one NIK mistyped
    (the skewed list of 200,500: precision 1.0 -> 0.95).
    """
    digit = np.flatnonzero(levels == NikLevel.ONE_SUBSTITUTION)
    if not digit.size:
        return levels
    prefix = values // 10_000
    digit = digit[prefix[left[digit]] == prefix[right[digit]]]
    if not digit.size:
        return levels
    runs = cache.cached(("nik_runs", column), lambda: _prefix_counts(prefix))
    long = digit[runs[left[digit]] >= LONG_RUN]
    if long.size:
        levels = levels.copy()
        levels[long] = NikLevel.SAME_EXCEPT_SERIAL
    return levels


def _prefix_counts(prefix: np.ndarray) -> np.ndarray:
    """Per row, how many rows share its NIK's first twelve digits (missing: 0).

    >>> _prefix_counts(np.array([5, 5, 7, -1])).tolist()
    [2, 2, 1, 0]
    """
    known = prefix >= 0
    _, inverse, counts = np.unique(prefix[known], return_inverse=True, return_counts=True)
    out = np.zeros(prefix.shape[0], dtype=np.int64)
    out[known] = counts[inverse]
    return out


class Date(MethodType):
    """The birth-date levels of :class:`sidalih.kernels.levels.DateLevel`.

    Agreement on a placeholder date is its own level, weaker than true agreement; both
    mean the dates are equal, and so does a day and month swapped (one date written two
    ways): a NIK repeats its holder's birth date, and two records whose NIKs share it
    were credited once for the NIK and again for the swapped date (two people born on
    one day in one district, serials 0001 and 0002, different names, p 0.55-0.62, none
    of them one person in the 20,000-row lists of eight seeds).
    """

    name = "date"
    implied_role = "birth_date"
    tf_applies = "placeholder"
    own_options = (FIFTEENTH, FIFTEENTH_SHARE)

    def labels(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        return labels_of("date")

    def equal_levels(self, comparison: Comparison) -> tuple[int, ...]:
        return _codes((DateLevel.EXACT_PLACEHOLDER, DateLevel.DAY_MONTH_SWAPPED,
                       DateLevel.EXACT))

    def companions(self, column: str) -> tuple[str, ...]:
        """The placeholder flag prepare keeps for the birth date.

        >>> METHODS["date"].companions("tanggal_lahir"), METHODS["date"].companions("dob")
        (('tgl_placeholder',), ())
        """
        from sidalih.compare._prepare_support import PREPARED_PLACEHOLDER

        flag = PREPARED_PLACEHOLDER.get(column)
        return () if flag is None else (flag,)

    def encode(self, comparison: Comparison, cache: ColumnCache) -> tuple[np.ndarray, ...]:
        """Per row: days since 1970-01-01 (``NULL_DAYS`` missing), the placeholder flag,
        and year, month, day (cached under ``("date_ymd", column)``, which the birth-part
        discount reads). With the option ``fifteenth`` False a date on the 15th is no
        placeholder: the list writes the 15th no more often than any other day."""
        from sidalih.compare._prepare_support import date_arrays_of
        from sidalih.kernels.levels import NULL_DAYS, civil_dates

        column = comparison.column
        days, placeholder = cache.cached(("date", column),
                                         lambda: date_arrays_of(cache.records, column))
        ymd = cache.cached(("date_ymd", column), lambda: civil_dates(days, np.int32(NULL_DAYS)))
        if not comparison.options.get("fifteenth", True):
            placeholder = cache.cached(("date_real_15th", column),
                                       lambda: placeholder & (ymd[:, 2] != 15))
        return days, placeholder, ymd

    def levels(self, comparison: Comparison, cache: ColumnCache, left: np.ndarray,
               right: np.ndarray) -> np.ndarray:
        from sidalih.kernels.levels import NULL_DAYS, date_levels_ymd_kernel

        days, placeholder, ymd = self.encode(comparison, cache)
        levels: np.ndarray = date_levels_ymd_kernel(
            left, right, days, placeholder, np.int32(NULL_DAYS), ymd
        )
        if not comparison.options.get("fifteenth", True):
            _month_known(levels, ymd, left, right)
        return levels


def _month_known(levels: np.ndarray, ymd: np.ndarray, left: np.ndarray,
                 right: np.ndarray) -> None:
    """A 15th against another day of its month and year is "a placeholder in one, same
    year", in place: where a list writes the 15th no more often than other days
    (``fifteenth`` False), a few of its 15ths still stand for a day not known in a
    known month (NI WAYAN SUARTINI 05-07-1990 / 15-07-1990 under one NIK and card), and
    two people born in one month, one of them on the 15th, are rare."""
    rows = np.flatnonzero(levels == DateLevel.ELSE)
    if not rows.size:
        return
    a, b = ymd[left[rows]], ymd[right[rows]]
    month = (a[:, 0] == b[:, 0]) & (a[:, 1] == b[:, 1]) & (a[:, 0] > 0)
    levels[rows[month & ((a[:, 2] == 15) | (b[:, 2] == 15))]] = DateLevel.PLACEHOLDER_YEAR


METHODS: dict[str, MethodType] = {
    method.name: method for method in (Exact(), CodePrefix(), String(), Name(), Nik(), Date())
}
"""Every comparison method by name: what ``Comparison.method`` may say."""
