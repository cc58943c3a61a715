"""Domain verdicts over comparison levels, one pass per slice of pairs.

:mod:`sidalih.engine._judgement` states the rules (twins, namesakes, one NIK on two
people, a family, identical duplicates) and checks the names where text is needed; these
kernels apply the rules to every pair in one pass over its levels, instead of a boolean
array per rule and per step (twenty-odd passes, each a fresh array, over tens of millions
of pairs).

``cols`` holds the columns of the roles in ``gamma`` (``-1`` where the model has no such
comparison): NIK, name, birth date, family card, sex. ``codes`` holds the level and
verdict codes the rules read (see :data:`CODES` in the wrapper), passed in because a
cached kernel would freeze module constants.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = ["rows_to_check", "verdicts", "HELD", "CLOSE", "TWIN_NAMES", "SLIP", "ONE_RUN",
           "REAL_NEAR", "GIVEN_DIFFER", "SEX_TYPO"]

#: Bits of the per-pair flags :func:`verdicts` reads: the names hold one another (one is
#: the other retyped: tokens dropped, added, reordered, run together or cut to
#: initials; :func:`sidalih.engine._judgement.names_held`), the NIK serials are close (twins registered together:
#: at most 3 apart, or 4 to 12 apart where the names are twins', not one name typed again:
#: :func:`sidalih.engine._judgement._twins_of_one_run`), the
#: given names are a twin pair, the names are one clerk's slip apart (a letter dropped,
#: added, replaced or swapped), the NIK serials lie in one short run (under ten apart),
#: one year mistyped (real dates at the near level, one name typed twice, not each date
#: carried by its own record's NIK: :func:`sidalih.engine._judgement._real_near`), the
#: given names disagree once the names' low-information tokens are set aside (I/Ni,
#: Wayan, Putu, Muhammad: :func:`sidalih.engine._judgement._given_differ`), one NIK on
#: two sexes and one name with a slip (:data:`SEX_TYPO`:
#: :func:`sidalih.engine._judgement._sex_typo`).
HELD, CLOSE, TWIN_NAMES, SLIP, ONE_RUN, REAL_NEAR, GIVEN_DIFFER, SEX_TYPO = (
    1, 2, 4, 8, 16, 32, 64, 128)

# positions in ``codes``
_NIK_NULL, _NIK_MASKED, _NIK_SERIAL, _NIK_EXACT = 0, 1, 2, 3
_DATE_ELSE, _DATE_PLACEHOLDER, _DATE_EXACT = 4, 5, 6
_MODEL, _TWIN, _CLASH, _FAMILY, _NAMESAKE, _IDENTICAL = 7, 8, 9, 10, 11, 12
_NIK_DIGIT, _NIK_SWAP, _DATE_NEAR, _DATE_SWAPPED = 13, 14, 15, 16


@njit(cache=True, nogil=True)
def rows_to_check(gamma, cols, codes, name_levels, held, serial, twins):  # type: ignore[no-untyped-def]
    """Pairs whose names or NIK digits must be read: (held, serial, twin) row arrays.

    ``held``: names that disagree, of one NIK or one card, birth dates not disagreeing;
    ``serial``: NIKs equal but for the serial; ``twins``: one card, one birth date,
    names in a similarity band, no usable NIK (one birth date: equal, one placeholder,
    or one with a clerk's slip, near or day and month swapped). Each only when its flag
    is set.
    """
    n = gamma.shape[0]
    k_nik, k_name, k_date, k_nkk = cols[0], cols[1], cols[2], cols[3]
    kind = np.zeros(n, np.int8)
    counts = np.zeros(3, np.int64)
    for i in range(n):
        nik = gamma[i, k_nik] if k_nik >= 0 else 0
        name = gamma[i, k_name] if k_name >= 0 else 0
        date = gamma[i, k_date] if k_date >= 0 else 0
        card = k_nkk >= 0 and gamma[i, k_nkk] == 1
        one_nik = k_nik >= 0 and (nik == codes[_NIK_EXACT] or nik == codes[_NIK_DIGIT]
                                  or nik == codes[_NIK_SWAP])
        if held and name == 0 and (one_nik or card) \
                and (k_date < 0 or date != codes[_DATE_ELSE]):
            kind[i] |= 1
            counts[0] += 1
        if serial and nik == codes[_NIK_SERIAL]:
            kind[i] |= 2
            counts[1] += 1
        if twins and card and 2 <= name < name_levels - 1 \
                and (date == codes[_DATE_EXACT] or date == codes[_DATE_PLACEHOLDER]
                     or _slipped_date(date, codes)) \
                and (k_nik < 0 or nik == codes[_NIK_NULL] or nik == codes[_NIK_MASKED]):
            kind[i] |= 4
            counts[2] += 1
    out_held = np.empty(counts[0], np.int64)
    out_serial = np.empty(counts[1], np.int64)
    out_twins = np.empty(counts[2], np.int64)
    a = b = c = 0
    for i in range(n):
        if kind[i] & 1:
            out_held[a] = i
            a += 1
        if kind[i] & 2:
            out_serial[b] = i
            b += 1
        if kind[i] & 4:
            out_twins[c] = i
            c += 1
    return out_held, out_serial, out_twins


@njit(cache=True, nogil=True)
def _slipped_date(date, codes):  # type: ignore[no-untyped-def]
    """Whether two dates are one date with a clerk's slip (near, or day and month
    swapped): twins' records slip so as often as one person's two records, so the slip
    tells neither story from the other (round 10, defect 4)."""
    return date == codes[_DATE_NEAR] or date == codes[_DATE_SWAPPED]


@njit(cache=True, nogil=True)
def _far(years, left, right, i, gap):  # type: ignore[no-untyped-def]
    a = years[left[i]]
    b = years[right[i]]
    return a > 0 and b > 0 and abs(a - b) >= gap


def verdicts(gamma, cols, codes, name_levels, flags, check_gap, years, left, right,  # type: ignore[no-untyped-def]
             year_gap, out):
    """Write each pair's verdict code into ``out`` (the rules of the judgement module).

    ``flags`` carries :data:`HELD`, :data:`CLOSE`, :data:`TWIN_NAMES`, :data:`SLIP`,
    :data:`ONE_RUN` and :data:`REAL_NEAR` per pair;
    ``check_gap`` False: every serial pair counts as close (no NIK values to read).
    ``years`` (int32 per row, 0 unknown; an empty array when there are none) with
    ``left``/``right`` give the parent-and-child year gap. Pairs are independent: from
    :data:`PARALLEL_PAIRS` pairs they are judged on every core.
    """
    kernel = _verdicts_parallel if gamma.shape[0] >= PARALLEL_PAIRS else _verdicts_serial
    kernel(gamma, cols, codes, name_levels, flags, check_gap, years, left, right, year_gap, out)


#: Pairs from which :func:`verdicts` runs on every core (a look-up judges a few dozen).
PARALLEL_PAIRS = 1 << 16


@njit(cache=True, nogil=True)
def _verdicts_serial(gamma, cols, codes, name_levels, flags, check_gap, years, left, right,  # type: ignore[no-untyped-def]
                     year_gap, out):
    for i in range(gamma.shape[0]):
        out[i] = _verdict(gamma, cols, codes, name_levels, flags, check_gap, years, left, right,
                          year_gap, i)


@njit(cache=True, parallel=True)
def _verdicts_parallel(gamma, cols, codes, name_levels, flags, check_gap, years, left, right,  # type: ignore[no-untyped-def]
                       year_gap, out):
    for i in prange(gamma.shape[0]):
        out[i] = _verdict(gamma, cols, codes, name_levels, flags, check_gap, years, left, right,
                          year_gap, i)


@njit(cache=True, nogil=True, inline="always")
def _verdict(gamma, cols, codes, name_levels, flags, check_gap, years, left, right,  # type: ignore[no-untyped-def]
             year_gap, i):
    """The verdict code of pair ``i``."""
    k_nik, k_name, k_date, k_nkk, k_sex = cols[0], cols[1], cols[2], cols[3], cols[4]
    top = name_levels - 1
    has_years = years.shape[0] > 0
    nik = gamma[i, k_nik] if k_nik >= 0 else 0
    name = gamma[i, k_name] if k_name >= 0 else 0
    date = gamma[i, k_date] if k_date >= 0 else -1  # no dates: null, as a date missing
    nkk = gamma[i, k_nkk] if k_nkk >= 0 else 0
    # "two people" and the year gap decide only pairs of one NIK or of one card: the
    # other pairs (most of them) skip reading two rows' birth years
    needed = (k_nik >= 0 and nik == codes[_NIK_EXACT]) or (k_nkk >= 0 and nkk == 1)
    # a year mistyped in one digit (1984/1934) is not a parent and child (REAL_NEAR: real
    # dates, one name typed twice, the NIKs not vouching for both dates)
    far = needed and has_years and (flags[i] & 32) == 0 \
        and _far(years, left, right, i, year_gap)
    two = False
    if needed:
        other_sex = k_sex >= 0 and gamma[i, k_sex] == 0
        if k_name < 0:
            two = far or other_sex
        else:
            # GIVEN_DIFFER: one NIK on names alike only by words siblings share
            # (Muhammad Ali / Muhammad Iqbal, Ni Wayan Astiti / Ni Wayan Kusumawati)
            differ = (name == 0 and not (flags[i] & 1)) \
                or ((flags[i] & 64) != 0 and k_nik >= 0 and nik == codes[_NIK_EXACT])
            # one NIK, one name with a slip (SEX_TYPO): the sex field was mistyped on
            # one record; twins and a parent and child of two sexes have two names
            two = far or differ or (other_sex and name != top and (flags[i] & 128) == 0)
    v = codes[_MODEL]
    if k_nik >= 0 and k_name >= 0:
        identical_name = name == top
        serial_pair = nik == codes[_NIK_SERIAL]
        # a list without birth dates: two NIKs equal but the serial carry one date
        same_date = date == codes[_DATE_EXACT] or date == codes[_DATE_PLACEHOLDER] \
            or (k_date < 0 and serial_pair)
        close = serial_pair and (not check_gap or (flags[i] & 2) != 0)
        # names one slip apart (SLIP) are one name typed twice, not twins' (a serial's
        # last digit mistyped too); a name that holds the other's tokens may be a twin's
        # own given name put before the shared one (Paulus / Fransiskus Paulus)
        # twins' NIKs say one birth date, whatever the records say: a recorded date that
        # disagrees is one of theirs mistyped, unless one name is the other retyped
        # token by token (HELD: a serial, a date and a name's order mistyped at once is
        # one record typed again, twins' names are not each other's tokens reordered)
        twin_date = same_date or date == codes[_DATE_NEAR]
        if close and not identical_name and (flags[i] & 8) == 0 \
                and (twin_date or (flags[i] & 1) == 0):
            v = codes[_TWIN]
        other_family = (nkk == 0 or (nkk < 0 and name > 0)) if k_nkk >= 0 else True
        # a real date's serials run short (a few people per district and day): two far
        # apart on one real date are one NIK mistyped, not two people of one run
        # (ONE_RUN also marks a placeholder date's pairs, unless a serial is 0000)
        one_run = not check_gap or (flags[i] & 16) != 0  # ONE_RUN
        if serial_pair and same_date and other_family and one_run and v == codes[_MODEL]:
            v = codes[_NAMESAKE]
        if nik == codes[_NIK_EXACT] and identical_name and same_date:
            v = codes[_IDENTICAL]
        # one card, one name, one recorded date, NIKs apart only in the serial: one
        # person typed twice with the serial mistyped (twins are named apart, and a
        # second card's namesake is the rule above's)
        one_card = k_nkk >= 0 and nkk == 1 and serial_pair and identical_name \
            and (date == codes[_DATE_EXACT] or date == codes[_DATE_PLACEHOLDER])
        if one_card and v == codes[_MODEL]:
            v = codes[_IDENTICAL]
    if k_nik >= 0:
        clash = two
        if k_name >= 0 and k_date >= 0:
            clash = clash or (date == codes[_DATE_ELSE] and name < top)
        if nik == codes[_NIK_EXACT] and clash:
            v = codes[_CLASH]
        # a NIK one keystroke off (a digit, two digits swapped) on a name of its own: a
        # clerk's slip in the NIK keeps the name, and one NIK on two names is a clash
        slip_nik = nik == codes[_NIK_DIGIT] or nik == codes[_NIK_SWAP]
        # (GIVEN_DIFFER: names alike only by I/Ni and a birth-order name, Ni Wayan Astiti /
        # Ni Wayan Kusumawati, two people whose NIKs differ in the district code)
        named_apart = (name == 0 and not (flags[i] & 1)) or (flags[i] & 64) != 0
        if slip_nik and k_name >= 0 and named_apart \
                and v == codes[_MODEL]:
            v = codes[_CLASH]
    if k_nkk >= 0:
        nik_agrees = k_nik >= 0 and nik >= codes[_NIK_SERIAL]
        # two NIKs that disagree (0) tell one card's members apart no better than a
        # missing one: where NIKs are masked the model weighs that level weakly
        no_nik = nik <= 0 if k_nik >= 0 else True
        other_date = k_date >= 0 and date == codes[_DATE_ELSE]
        relatives = far or ((two or other_date) and no_nik)
        if nkk == 1 and relatives and not nik_agrees and v == codes[_MODEL]:
            v = codes[_FAMILY]
        if k_name >= 0 and k_date >= 0:
            unusable = k_nik < 0 or nik == codes[_NIK_NULL] or nik == codes[_NIK_MASKED]
            # names only alike (the lowest band), or alike only by words siblings share
            alike_only = name == 2 or (flags[i] & 64) != 0  # GIVEN_DIFFER
            one_date = date == codes[_DATE_EXACT] or _slipped_date(date, codes)
            if name_levels >= 5 and nkk == 1 and one_date and alike_only \
                    and unusable and (flags[i] & 9) == 0 and v == codes[_MODEL]:  # HELD|SLIP
                v = codes[_TWIN]
            if (flags[i] & 4) and v == codes[_MODEL]:
                v = codes[_TWIN]
    return v
