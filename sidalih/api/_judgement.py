"""Domain judgement: look-alikes a plain Fellegi–Sunter model would merge.

Household fields (family card, village, address, birth date) agree for twins and for a
father and son as much as for one person registered twice, so their evidence piles up
under the model's independence assumption. These rules read the comparison levels of a
pair and veto a merge where DOMAIN.md says the records are most likely different people:

| verdict | rule | why |
| --- | --- | --- |
| ``twin`` | NIKs equal except the serial, serials at most 3 apart, same birth date, names not identical | twins registered together get consecutive serials |
| ``namesake`` | NIKs equal except the serial, the same *placeholder* birth date, different family cards | people registered in one district on one placeholder date get serials of one run; common names repeat among them |
| ``nik_clash`` | same NIK, names disagree and birth dates disagree | one NIK on two people: reported for review, never merged |
| ``family`` | same family card, birth years 12+ apart, NIKs not agreeing | a father and son (or mother and daughter) who share a name |

A vetoed pair is never merged and is a cannot-link pair for clustering.

One rule goes the other way: an *identical* duplicate (same NIK, same name, same birth
date) is merged whatever the model says. Bawaslu's exact check finds these; the
model can only learn from variation, and a list where every copy is identical has none.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sidalih.compare import Comparison
from sidalih.kernels.levels import DateLevel, NikLevel

__all__ = ["VERDICTS", "VETOES", "IDENTICAL", "judge"]

VERDICTS = ("model", "twin", "nik_clash", "family", "namesake", "identical")
MODEL, TWIN, NIK_CLASH, FAMILY, NAMESAKE, IDENTICAL = range(6)
#: Verdicts that keep a pair apart (the others leave it to the model or force a merge).
VETOES = (TWIN, NIK_CLASH, FAMILY, NAMESAKE)

_MAX_TWIN_SERIAL_GAP = 3
_FAMILY_YEAR_GAP = 12


def _column(comparisons: Sequence[Comparison], method: str) -> int | None:
    for k, comparison in enumerate(comparisons):
        if comparison.method == method:
            return k
    return None


def judge(gamma: np.ndarray, comparisons: Sequence[Comparison], *, nik_values: np.ndarray | None,
          birth_years: np.ndarray | None, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Verdict code per pair (index into :data:`VERDICTS`); 0 leaves it to the model."""
    verdict = np.zeros(gamma.shape[0], dtype=np.int8)
    k_nik = _column(comparisons, "nik")
    k_name = _column(comparisons, "name")
    k_date = _column(comparisons, "date")
    k_nkk = next((k for k, c in enumerate(comparisons) if c.name == "nkk"), None)
    if k_nik is not None and k_name is not None and k_date is not None:
        top_name = comparisons[k_name].n_levels - 1
        identical_name = gamma[:, k_name] == top_name
        date_level = gamma[:, k_date]
        same_date = np.isin(date_level, (DateLevel.EXACT, DateLevel.EXACT_PLACEHOLDER))
        serial_pair = gamma[:, k_nik] == NikLevel.SAME_EXCEPT_SERIAL
        close_serials = serial_pair
        if nik_values is not None:
            gap = np.abs(nik_values[left] % 10_000 - nik_values[right] % 10_000)
            close_serials = serial_pair & (gap <= _MAX_TWIN_SERIAL_GAP)
        verdict[close_serials & same_date & ~identical_name] = TWIN
        other_family = gamma[:, k_nkk] == 0 if k_nkk is not None else True
        namesake = serial_pair & (date_level == DateLevel.EXACT_PLACEHOLDER) & other_family
        verdict[namesake & (verdict == MODEL)] = NAMESAKE
        identical = (gamma[:, k_nik] == NikLevel.EXACT) & identical_name & same_date
        verdict[identical] = IDENTICAL
        clash = (gamma[:, k_nik] == NikLevel.EXACT) & (gamma[:, k_name] == 0) & (
            gamma[:, k_date] == DateLevel.ELSE)
        verdict[clash] = NIK_CLASH
    if k_nkk is not None and birth_years is not None:
        years_l = birth_years[left]
        years_r = birth_years[right]
        known = (years_l > 0) & (years_r > 0)
        far = known & (np.abs(years_l - years_r) >= _FAMILY_YEAR_GAP)
        nik_agrees = (gamma[:, k_nik] >= NikLevel.SAME_EXCEPT_SERIAL) if k_nik is not None else False
        family = (gamma[:, k_nkk] == 1) & far & ~nik_agrees & (verdict == MODEL)
        verdict[family] = FAMILY
    return verdict
