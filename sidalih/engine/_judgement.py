"""Domain judgement: look-alikes a plain Fellegi–Sunter model would merge.

Household fields (family card, village, address, birth date) agree for twins and for a
father and son as much as for one person registered twice, so their evidence piles up
under the model's independence assumption. These rules read the comparison levels of a
pair and veto a merge where DOMAIN.md says the records are most likely different people:

| verdict | rule | why |
| --- | --- | --- |
| ``twin`` | NIKs equal except the serial, serials at most 3 apart, same birth date, names not identical; or no NIK, one family card, the same real birth date, names only alike (the lowest similarity band); or no NIK, one family card, one birth date, and names that differ only in a given name changed as twins' names are (vowels changed or one added at the end: Rina/Rini, Fitri/Fitria) | twins registered together get consecutive serials, and are often named alike (Rina/Rini) |
| ``namesake`` | NIKs equal except the serial, the same birth date, different family cards (or one missing, and the names not different) | people registered in one district on one birth date (a placeholder above all) get serials of one run; common names repeat among them |
| ``nik_clash`` | same NIK, and names disagree, or sexes disagree (names not identical), or birth years 12+ apart, or birth dates disagree and names are not identical | one NIK on two people (twins, a parent and child, a household under the head's NIK): reported for review, never merged |
| ``family`` | same family card, NIKs not agreeing, birth years 12+ apart; or, a NIK missing, names disagree, or sexes disagree (names not identical), or birth dates disagree | a father and son (or mother and daughter) who share a name; two members of one household, e.g. twins or siblings whose NIKs are missing or were placeholders |

A vetoed pair is never merged and is a cannot-link pair for clustering.

A NIK agreement is only evidence when the NIK is someone's: placeholders (one digit
repeated, the row's family card, a NIK on more records than one person has) are null
in the prepared table (:mod:`sidalih.prepare`), so they never reach these rules. What
is left is one real NIK on two records, where a duplicate keeps the name, the sex and
the birth year, and a twin or relative under the same NIK does not: the name level
``different`` (the name comparison's own judgement), a recorded sex that differs while
the names are not identical (a sex typo on an otherwise identical record is still one
person), or birth years as far apart as a parent and child. The price: a duplicate
whose name is mangled past the name comparison (a title kept in one copy only, a
dropped and mistyped token) is a pair for review instead of a merge.

Twins on one card whose NIKs are missing or masked have nothing left to tell them from
one person listed twice but their given names, and twins are often named alike
(Rina/Rini, Putra/Putri, Adi/Ade, Fitri/Fitria). A name changed that way, in the vowels
or by a vowel added at the end, is another name; a clerk's slip drops, adds or replaces
a consonant, swaps two letters or doubles one (Sryani/Suryani, Maria/Mariaa), and keeps
the model's verdict. Under the independence assumption the card, the date and the
alike name each count in full, so the model alone gives such twins a probability near
1 (measured: 24 of 131 such pairs in a 200k list with 30 % of NIKs missing or masked
were twins, every one merged). The price: a duplicate whose given name lost or changed a
vowel, on one card without a usable NIK, is a review pair instead of a merge.

One rule goes the other way: an *identical* duplicate (same NIK, same name, same birth
date) is merged whatever the model says. Bawaslu's exact check finds these; the
model can only learn from variation, and a list where every copy is identical has none.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from sidalih.compare import Comparison
from sidalih.kernels.levels import DateLevel, NikLevel

__all__ = ["VERDICTS", "VETOES", "ALWAYS_LISTED", "IDENTICAL", "judge"]

VERDICTS = ("model", "twin", "nik_clash", "family", "namesake", "identical")
MODEL, TWIN, NIK_CLASH, FAMILY, NAMESAKE, IDENTICAL = range(6)
#: Verdicts that keep a pair apart (the others leave it to the model or force a merge).
VETOES = (TWIN, NIK_CLASH, FAMILY, NAMESAKE)
#: Verdicts whose pairs a result lists whatever the model's probability: one NIK on two
#: people (for review) and a forced merge. A twin, family or namesake veto is listed where
#: the model's probability reached the floor, i.e. where the veto overruled the model:
#: elsewhere it repeats what the model said (at 1M records such pairs were 816,000 of the
#: 822,000 listed, most of them members of one household).
ALWAYS_LISTED = (NIK_CLASH, IDENTICAL)

_MAX_TWIN_SERIAL_GAP = 3
_SLICE = 1 << 22
_FAMILY_YEAR_GAP = 12


def _column(comparisons: Sequence[Comparison], role: str) -> int | None:
    """The first comparison standing for ``role`` (:attr:`Comparison.role`), if any."""
    for k, comparison in enumerate(comparisons):
        if comparison.role == role:
            return k
    return None


def judge(gamma: np.ndarray, comparisons: Sequence[Comparison], *, nik_values: np.ndarray | None,
          birth_years: np.ndarray | None, left: np.ndarray, right: np.ndarray,
          records: pl.DataFrame | None = None) -> np.ndarray:
    """Verdict code per pair (index into :data:`VERDICTS`); 0 leaves it to the model.

    ``records`` (the prepared rows the pairs index, optional) sharpens "names
    disagree": where one ``nama_norm`` holds every token of the other (``Budi
    Santoso``/``Budi``, ``Rina``/``Rina Simanjuntak``) and the birth dates do not
    disagree too, a token was dropped or added, which the name level ``different``
    cannot tell from another name. (The first tokens alone are no guide: a typo there,
    ``Ajdul``/``Abdul``, ``Ccep``/``Cecep``, is as common as twins' names.)

    Pairs are judged in slices of a few million: each rule holds a few boolean arrays
    per pair, which over tens of millions of pairs would cost gigabytes at once.
    """
    verdict = np.zeros(gamma.shape[0], dtype=np.int8)
    for start in range(0, gamma.shape[0], _SLICE):
        stop = start + _SLICE
        verdict[start:stop] = _judge(gamma[start:stop], comparisons, nik_values=nik_values,
                                     birth_years=birth_years, left=left[start:stop],
                                     right=right[start:stop], records=records)
    return verdict


def _judge(gamma: np.ndarray, comparisons: Sequence[Comparison], *,
           nik_values: np.ndarray | None, birth_years: np.ndarray | None, left: np.ndarray,
           right: np.ndarray, records: pl.DataFrame | None) -> np.ndarray:
    verdict = np.zeros(gamma.shape[0], dtype=np.int8)
    k_nik = _column(comparisons, "nik")
    k_name = _column(comparisons, "name")
    k_date = _column(comparisons, "birth_date")
    k_nkk = _column(comparisons, "family_card")
    k_sex = _column(comparisons, "sex")
    given = None
    if records is not None:
        # the pairs the NIK and family rules below read (the same NIK, or one card)
        # whose dates do not also disagree: a dropped token *and* another birth date
        # are two differences, siblings (Euis/Euis Nurjanah), not one person
        same = gamma[:, k_nik] == NikLevel.EXACT if k_nik is not None else False
        card = gamma[:, k_nkk] == 1 if k_nkk is not None else False
        dated = gamma[:, k_date] != DateLevel.ELSE if k_date is not None else True
        given = (records, left, right, np.flatnonzero((same | card) & dated))
    far = _far_years(birth_years, left, right)
    two_people = _two_people(gamma, comparisons, k_name, k_sex, far, given)
    if k_nik is not None and k_name is not None and k_date is not None:
        top_name = comparisons[k_name].n_levels - 1
        identical_name = gamma[:, k_name] == top_name
        date_level = gamma[:, k_date]
        same_date = np.isin(date_level, (DateLevel.EXACT, DateLevel.EXACT_PLACEHOLDER))
        serial_pair = gamma[:, k_nik] == NikLevel.SAME_EXCEPT_SERIAL
        close_serials = serial_pair
        if nik_values is not None:
            # read for the serial pairs only: int64 arrays over tens of millions of
            # pairs cost gigabytes
            rows = np.flatnonzero(serial_pair)
            gap = np.abs(nik_values[left[rows]] % 10_000 - nik_values[right[rows]] % 10_000)
            close_serials = np.zeros_like(serial_pair)
            close_serials[rows[gap <= _MAX_TWIN_SERIAL_GAP]] = True
        verdict[close_serials & same_date & ~identical_name] = TWIN
        other_family = gamma[:, k_nkk] == 0 if k_nkk is not None else True
        if k_nkk is not None:
            # A card missing on a side says no more than a list without cards: nothing
            # makes them one household. Only where the names do not already tell them
            # apart: every vetoed pair is reported, and in a list where a district
            # shares one date (the skewed list) the pairs with different names are tens
            # of millions.
            other_family = other_family | ((gamma[:, k_nkk] < 0) & (gamma[:, k_name] > 0))
        # The serial is what tells apart the people registered in one district on one
        # birth date: two serials and two family cards are two people, however common
        # the name (a duplicate whose serial was mistyped *and* that changed cards is
        # rarer than a namesake born the same day, measured on 1M synthetic rows).
        namesake = serial_pair & same_date & other_family
        verdict[namesake & (verdict == MODEL)] = NAMESAKE
        identical = (gamma[:, k_nik] == NikLevel.EXACT) & identical_name & same_date
        verdict[identical] = IDENTICAL
    if k_nik is not None:
        clash = two_people
        if k_name is not None and k_date is not None:
            # another name *and* another birth date: a corrected date explains one
            # difference on one NIK, not two (the older rule: names and dates differ)
            clash = clash | ((gamma[:, k_date] == DateLevel.ELSE)
                             & (gamma[:, k_name] < comparisons[k_name].n_levels - 1))
        verdict[(gamma[:, k_nik] == NikLevel.EXACT) & clash] = NIK_CLASH
    if k_nkk is not None:
        nik_agrees = (gamma[:, k_nik] >= NikLevel.SAME_EXCEPT_SERIAL) if k_nik is not None else False
        # Where a NIK is missing (or was a placeholder) nothing else keeps one card's
        # members apart: another name, sex or birth date there is another member (a
        # twin, a sibling); two NIKs that disagree already say so to the model.
        no_nik = gamma[:, k_nik] < 0 if k_nik is not None else True
        other_date = gamma[:, k_date] == DateLevel.ELSE if k_date is not None else False
        relatives = far | ((two_people | other_date) & no_nik)
        family = (gamma[:, k_nkk] == 1) & relatives & ~nik_agrees & (verdict == MODEL)
        verdict[family] = FAMILY
        if k_name is not None and k_date is not None:
            verdict[_twins_without_nik(gamma, comparisons, k_nik, k_name, k_date, k_nkk)
                    & (verdict == MODEL)] = TWIN
            if records is not None:
                twins = _twin_given_names(gamma, comparisons, k_nik, k_name, k_date, k_nkk,
                                          records, left, right)
                verdict[twins & (verdict == MODEL)] = TWIN
    return verdict


def _twins_without_nik(gamma: np.ndarray, comparisons: Sequence[Comparison], k_nik: int | None,
                       k_name: int, k_date: int, k_nkk: int) -> np.ndarray:
    """One card, one real birth date, no NIK to tell them apart, names only alike.

    Twins are often named alike (Rina/Rini, Hasan/Husein): the lowest Jaro-Winkler
    level of the name comparison. A duplicate with a typo that deep in the name *and*
    no NIK on either copy is rarer than twins with alike names on one card.
    """
    levels = comparisons[k_name].n_levels
    if levels < 5:  # no separate lowest similarity level to read
        return np.zeros(gamma.shape[0], dtype=np.bool_)
    alike = gamma[:, k_name] == 2  # the lowest Jaro-Winkler band (0: else, 1: same tokens)
    no_nik = (np.isin(gamma[:, k_nik], (NikLevel.NULL, NikLevel.MASKED_PREFIX))
              if k_nik is not None else True)
    return (gamma[:, k_nkk] == 1) & (gamma[:, k_date] == DateLevel.EXACT) & alike & no_nik


def _twin_given_names(gamma: np.ndarray, comparisons: Sequence[Comparison], k_nik: int | None,
                      k_name: int, k_date: int, k_nkk: int, records: pl.DataFrame,
                      left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """One card, one birth date, no NIK, and two given names that are a twin's pair.

    Only the given name (first token) differs, and it differs the way parents name twins
    (Rina/Rini, Putra/Putri, Adi/Ade, Fitri/Fitria: vowels changed, or a vowel added at
    the end), not the way a clerk slips (a letter dropped, added or replaced by a
    consonant, two letters swapped, a letter doubled), which :func:`twin_names` tells.
    """
    levels = comparisons[k_name].n_levels
    out = np.zeros(gamma.shape[0], dtype=np.bool_)
    if levels < 5 or "nama_norm" not in records.columns:
        return out
    name = gamma[:, k_name]
    alike = (name >= 2) & (name < levels - 1)  # the Jaro-Winkler bands, not exact
    no_nik = (np.isin(gamma[:, k_nik], (NikLevel.NULL, NikLevel.MASKED_PREFIX))
              if k_nik is not None else True)
    same_date = np.isin(gamma[:, k_date], (DateLevel.EXACT, DateLevel.EXACT_PLACEHOLDER))
    rows = np.flatnonzero((gamma[:, k_nkk] == 1) & same_date & alike & no_nik)
    if rows.size == 0:
        return out
    names = records["nama_norm"]
    pairs = zip(names.gather(left[rows]).to_list(), names.gather(right[rows]).to_list(),
                strict=True)
    out[rows[[twin_names(a, b) for a, b in pairs]]] = True
    return out


_VOWELS = frozenset("aeiou")


def twin_names(a: str | None, b: str | None) -> bool:
    """Two normalised names alike as twins' are: one given name for each, the rest shared.

    The first tokens differ in vowels only, or one adds a vowel at the end; every
    other token is the same. A slip of the pen changes a name otherwise.

    Examples
    --------
    >>> [twin_names(a, b) for a, b in [("rina", "rini"), ("fitri lubis", "fitria lubis"),
    ...                                ("sryani", "suryani"), ("maria", "mariaa"),
    ...                                ("rina lubis", "rina lubus"), ("putra", "putri")]]
    [True, True, False, False, False, True]
    """
    if not a or not b:
        return False
    tokens_a, tokens_b = a.split(), b.split()
    if len(tokens_a) != len(tokens_b) or tokens_a[1:] != tokens_b[1:]:
        return False
    x, y = tokens_a[0], tokens_b[0]
    if _undoubled(x) == _undoubled(y):
        return False  # one name with a doubled letter (Hasan/Hassan, Maria/Mariaa)
    if len(x) == len(y):
        return all(p == q or (p in _VOWELS and q in _VOWELS) for p, q in zip(x, y, strict=True))
    short, long = (x, y) if len(x) < len(y) else (y, x)
    return len(long) == len(short) + 1 and long.startswith(short) and long[-1] in _VOWELS


def _undoubled(word: str) -> str:
    return "".join(c for k, c in enumerate(word) if k == 0 or c != word[k - 1])


def _two_people(gamma: np.ndarray, comparisons: Sequence[Comparison], k_name: int | None,
                k_sex: int | None, far: np.ndarray | bool,
                given: tuple[pl.DataFrame, np.ndarray, np.ndarray, np.ndarray] | None
                ) -> np.ndarray:
    """Pairs that cannot be one person listed twice, whatever their NIKs say."""
    out = np.zeros(gamma.shape[0], dtype=np.bool_) | far
    if k_name is None:
        if k_sex is not None:
            out |= gamma[:, k_sex] == 0
        return out
    level = gamma[:, k_name]
    top = comparisons[k_name].n_levels - 1
    differ = level == 0
    if given is not None:
        differ = _given_names_differ(differ, *given)
    out |= differ
    if k_sex is not None:
        # an identical name, birth date and NIK with another sex is a typo, not a twin
        out |= (gamma[:, k_sex] == 0) & (level != top)
    return out


def _given_names_differ(differ: np.ndarray, records: pl.DataFrame, left: np.ndarray,
                        right: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``differ`` without the pairs of ``rows`` whose names hold one another."""
    rows = rows[differ[rows]]
    if rows.size == 0 or "nama_norm" not in records.columns:
        return differ
    out = differ.copy()
    # Only the pairs' names are split, not the whole column: this runs once per slice of
    # pairs, and splitting every name each time grew as records × slices (at 10M records,
    # 30 slices, tens of seconds).
    names = records["nama_norm"]
    pair = pl.DataFrame({"a": names.gather(left[rows]).str.split(" "),
                         "b": names.gather(right[rows]).str.split(" ")})
    # one name holds every token of the other: a dropped or added token, or reordered
    held = pair.select(
        (pl.col("a").list.set_difference("b").list.len() == 0)
        | (pl.col("b").list.set_difference("a").list.len() == 0)
    ).to_series().fill_null(False).to_numpy()
    out[rows[held]] = False
    return out


def _far_years(birth_years: np.ndarray | None, left: np.ndarray,
               right: np.ndarray) -> np.ndarray | bool:
    """Birth years (0 unknown) as far apart as a parent and child.

    Computed in slices: over tens of millions of pairs, whole int arrays of years and
    differences would cost gigabytes for one boolean per pair.
    """
    if birth_years is None:
        return False
    out = np.empty(left.shape[0], dtype=np.bool_)
    step = 1 << 22
    for start in range(0, left.shape[0], step):
        years_l = birth_years[left[start:start + step]]
        years_r = birth_years[right[start:start + step]]
        out[start:start + step] = ((years_l > 0) & (years_r > 0)
                                   & (np.abs(years_l - years_r) >= _FAMILY_YEAR_GAP))
    return out
