"""A NIK's birth part is the record's birth date: its agreement counts once, in the date.

Digits 7–12 of a NIK encode the birth date (DOMAIN.md, NIK). When both records' NIKs
agree with their own records' birth dates, the NIK comparison says nothing about the
birth date that the date comparison has not said already, and two of its levels then
describe two people rather than one:

- ``one digit differs`` / ``adjacent digits transposed`` while the dates differ: the
  differing digits are the birth part, each NIK correct for its own date. One person
  would need the NIK *and* the date mistyped in the same way; two people born on
  neighbouring dates in one district (serials restart per date, so ``0001`` is
  everywhere) look exactly like this.
- ``same birth part`` while the dates agree: the agreement is the date's, and the NIKs
  differ in region and serial.
- ``masked prefix agrees`` while the dates agree: of the 12 digits that agree, six are
  the date; what is left is the district of registration, which thousands share.

The first three become ``different``, the last null (a masked NIK hides the serial:
the NIK neither agrees nor disagrees beyond what the date and the place say). Counting them as NIK evidence adds the date's weight a second
time, and under a model whose non-match frequencies come from random pairs, where such
coincidences are rare, it made namesakes born a year apart look like typo duplicates.
A NIK that disagrees with its own record's date (a corrected date, a mistyped NIK) keeps
its level: then the NIK is independent evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sidalih.compare._columns import ColumnCache
from sidalih.compare._spec import Comparison
from sidalih.kernels.levels import DateLevel, NikLevel

__all__ = ["nik_date_consistent", "discount_birth_part"]

_SAME_DATE = (DateLevel.EXACT, DateLevel.EXACT_PLACEHOLDER)
_DIGIT_TYPOS = (NikLevel.ONE_SUBSTITUTION, NikLevel.TRANSPOSITION)


def nik_date_consistent(values: np.ndarray, masked: np.ndarray, ymd: np.ndarray) -> np.ndarray:
    """Per row: the NIK's birth part (day, +40 for women; month; year) is the record's date.

    A masked NIK (``masked``: its 12 known digits times 10 000) has its birth part too.

    Examples
    --------
    >>> nik_date_consistent(np.array([3271014501900001, 3271010101900001, -1]),
    ...                     np.zeros(3, bool), np.array([[1990, 1, 5], [1991, 1, 1], [0, 0, 0]]))
    array([ True, False, False])
    """
    birth = (values // 10_000) % 1_000_000
    day, month, year = birth // 10_000, (birth // 100) % 100, birth % 100
    return ((values >= 0) & (ymd[:, 0] > 0) & (day % 40 == ymd[:, 2])
            & (month == ymd[:, 1]) & (year == ymd[:, 0] % 100))


def discount_birth_part(cache: ColumnCache, comparisons: Sequence[Comparison], left: np.ndarray,
                        right: np.ndarray, levels: np.ndarray) -> None:
    """Rewrite, in place, the NIK levels (``levels``: pairs x comparisons) the date explains."""
    # the methods that encode NIKs and birth dates (their declared roles), not names
    k_nik = next((k for k, c in enumerate(comparisons)
                  if c.method_type.implied_role == "nik"), None)
    k_date = next((k for k, c in enumerate(comparisons)
                   if c.method_type.implied_role == "birth_date"), None)
    if k_nik is None or k_date is None or levels.shape[0] == 0:
        return
    nik_column, date_column = comparisons[k_nik].column, comparisons[k_date].column
    niks = cache.peek(("nik", nik_column))
    ymd = cache.peek(("date_ymd", date_column))
    if niks is None or ymd is None:
        return
    consistent = cache.cached(("nik_date_consistent", nik_column, date_column),
                              lambda: nik_date_consistent(niks[0], niks[1], ymd))
    both = consistent[left] & consistent[right]
    nik, date = levels[:, k_nik], levels[:, k_date]
    same_date = _one_of(date, _SAME_DATE)
    explained = both & (((date >= 0) & ~same_date & _one_of(nik, _DIGIT_TYPOS))
                        | (same_date & (nik == NikLevel.SAME_BIRTH_PART)))
    nik[explained] = NikLevel.ELSE
    nik[both & same_date & (nik == NikLevel.MASKED_PREFIX)] = NikLevel.NULL


def _one_of(values: np.ndarray, levels: tuple[int, int]) -> np.ndarray:
    """``np.isin(values, levels)`` for two levels: two comparisons, without isin's
    fixed cost (a tenth of a millisecond, most of a one-record look-up's levels)."""
    return (values == levels[0]) | (values == levels[1])
