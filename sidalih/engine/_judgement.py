"""Domain judgement: look-alikes a plain Fellegi–Sunter model would merge.

Household fields (family card, village, address, birth date) agree for twins and for a
father and son as much as for one person registered twice, so their evidence piles up
under the model's independence assumption. These rules read the comparison levels of a
pair and veto a merge where DOMAIN.md says the records are most likely different people:

| verdict | rule | why |
| --- | --- | --- |
| ``twin`` | NIKs equal except the serial, serials at most 3 apart (neither 0000, which is never issued: a NIK mistyped), whatever the recorded birth dates (the NIKs say one date, so a record's date that disagrees is mistyped; there, unless one name is the other retyped token by token: Fenny Sugiarto/Sugiarto Fenny), names not identical nor of the same given names (words siblings share and initials aside: I Wayan Sudarsana / Wayan Sudarsana, M. Hasan / Muhammad Hasan; twins are each given a name of their own) and, where names and NIK values can be read, not one clerk's slip apart that is one name spelt two ways (Rukmini/Rukminy, Wayan/Wayyan) or a common name of the list mistyped (Sutrsno, once, beside many Sutrisnos: one record typed again, the serial's last digit with it; on one card the model weighs it, on two the namesake rule below reads it); a slip that leaves two names of the list (Nia/Nita, Kevin/Kelvin), twins' names or a rhyme, one consonant replaced by another (Kartika/Sartika, Anton/Antok), is twins'; or NIKs equal except the serial, serials 4 to 12 apart (one run of a real date), one family card and one recorded birth date (or one missing), names not identical, neither the other retyped token by token (as normalised or as written: I Md. Suardana/Md. Suardana, Md. read as Made and as Muhammad), not two slips apart of which one is two letters swapped (Ngatiyem/Ngtaijem), and not one clerk's slip apart (in the whole name, or in one token of a name otherwise retyped: J. Jufri/Jumadi Yufri) that is one name spelt two ways or a common name of the list mistyped (twins' names, a rhyme no keystroke makes and two names of the list stay twins', on serials one keystroke apart too: Rina/Rini on 0004/0009); or no NIK, one family card, the same real birth date (or one slipped: a day, a month or a year digit apart, or day and month swapped; a clerk's slip is as likely on a twin's record as on a copy's), names only alike (the lowest similarity band), not one slip apart (a letter dropped, added, replaced or two swapped) and neither the other retyped (a token dropped, tokens run together, a token cut to its initial: Nur A. Pattiasina/Nur Aina Pattiasina; twins' names often share a first letter, Siti Hasanah/Siti Halimah, so one of them written as an initial is taken for the other's copy); or no NIK, one family card, one birth date (or one slipped, as above), and names that differ only in one given name changed as twins' names are (vowels changed, or a vowel added after a final vowel, or one consonant skeleton with vowels changed from the first and one added, Hasan/Husain; in the last token, only its final vowel changed: Muhammad Adi/Muhammad Ade, or, where every token before it is Muhammad or Abdul (it is then the given name), one consonant skeleton with another first vowel and one vowel more: Muhammad Hasan/Muhammad Husain; Rina/Rini, Fitri/Fitria, Dwi Putra/Dwi Putri Setiawan); or NIKs equal but for the sex in the birth day (02/42), the records' sexes differing | twins registered together get consecutive serials, and are often named alike (Rina/Rini); registered on one day with other births in between, or on two visits, a few apart, within the run of their date (about twelve people per district, date and sex in the largest districts); one record typed again keeps its name, or slips once, and its serial is a keystroke off, so a name of its own there is a twin's, and so is a name a letter from the other's that the list holds as a name (about one person in 70 is a twin, often named a letter apart, while a copy that slips in its serial and its name at once is two slips: a few copies in a hundred mistype the NIK, a sixteenth of those its last digit); further apart than one run the names alone decide, as for two people of one district and date; a boy and a girl born together may both be serial 0001, and two sexes are two people |
| ``namesake`` | NIKs equal except the serial, the same birth date (a placeholder with serials fewer than a thousand apart, or a real date with serials fewer than ten apart), different family cards (or one missing, and the names not different) | people registered in one district on one birth date (a placeholder above all) get serials of one run; common names repeat among them. A real date's run is short (a few people per district and day), so serials ten or more apart on one real date are one NIK mistyped, and the model weighs the pair; within the run two NIKs stay two people (a district's people of one date share a name far more often than a copy mistypes its serial and changes card: about ten per district and date, so hundreds of thousands of same-name pairs nationally) |
| ``nik_clash`` | same NIK, and names disagree (not one name retyped: tokens dropped, reordered or cut to initials, a Batak woman's br and marga written as her husband's marga, Md. read Muhammad against Made, a Daeng name on one record only, or on one birth date a clerk's slip that is not twins' names or a rhyme, Tatang / Tstang), or sexes disagree (names not identical, and neither one name with a slip that keeps its sex nor, on one birth date, one name retyped token by token: Jamilah Gunawan / Jamilah), or birth years 12+ apart (not where one name was typed twice, Jaro-Winkler 0.94, one slip, its words reordered or written short (initials, I/Ni and birth-order words left out) and not twins' names, on two real dates of one day and month whose years are one digit apart, 1984/1934 or 95/05: one year mistyped; a parent and child of one name are born so about once in 3,600 pairs, one day and month in 365 and the years' last digits equal in 10, and under one NIK they merge; on a placeholder date only where the one NIK carries one record's whole date, 31-12-78 against 31-12-1978 / 31-12-1928), or birth dates disagree and names are not identical; or NIKs one keystroke apart (one digit, two digits swapped) and names that disagree, or that are alike only by their low-information words (I/Ni, a Balinese birth-order name, Muhammad, Abdul: no other word of one within Jaro-Winkler 0.80 of a word of the other, neither the other retyped; Ni Wayan Astiti / Ni Wayan Kusumawati born on one day in two districts, NIKs 517101... / 517103...) | one NIK on two people (twins, a parent and child, a household under the head's NIK): reported for review, never merged; a clerk's slip in a NIK keeps the name, so a NIK one slip off on another name is two people too (born on one day, first registered that day in two neighbouring districts: serials 0001, district codes a digit apart) |
| ``family`` | same family card, NIKs not agreeing, birth years 12+ apart (not one year mistyped, as above, unless each record's own NIK carries its own date: a father and son born on one day and month); or, a NIK missing or the two disagreeing, names disagree, or sexes disagree (names not identical), or birth dates disagree | a father and son (or mother and daughter) who share a name; two members of one household, e.g. twins or siblings whose NIKs are missing or were placeholders |

A vetoed pair is never merged and is a cannot-link pair for clustering; a ``nik_clash``
alone yields to a third record merged with both of its records (two copies of one person,
each with its own slip, read alone as two names: :data:`sidalih.engine._score.YIELDING`).

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
or by a vowel added after its final vowel, is another name; a clerk's slip drops, adds
or replaces a consonant, swaps two letters, doubles one (Sryani/Suryani, Maria/Mariaa) or
drops a final vowel, which leaves a name cut after a consonant (Sumarni/Sumarn, Sri/Sr,
Paijo/Paij), and keeps the model's verdict. Under the independence assumption the card, the date and the
alike name each count in full, so the model alone gives such twins a probability near
1 (measured: 24 of 131 such pairs in a 200k list with 30 % of NIKs missing or masked
were twins, every one merged). The price: a duplicate whose given name changed a vowel,
on one card without a usable NIK, is a review pair instead of a merge (and twins named
like Dian/Diana, a vowel added after a consonant, are left to the model, which their
sexes mostly decide).

One rule goes the other way: an *identical* duplicate (same NIK, same name, same birth
date) is merged whatever the model says. Bawaslu's exact check finds these; the
model can only learn from variation, and a list where every copy is identical has none.
So is one record typed twice on one family card with its serial mistyped: one card, an
identical name, one recorded birth date and NIKs equal but for the serial (twins are
named apart; on 44 lists of six other generators all 306 such pairs were one person,
while a village list's own model weighed "same except the serial" at -6.6 bits and
kept such copies apart, black-box round 14).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from sidalih.compare import Comparison
from sidalih.compare._nik_date import nik_date_consistent
from sidalih.engine._twin_names import (  # noqa: F401 - SPELLINGS, FINAL_SPELLINGS: read here by tests
    FINAL_SPELLINGS,
    LOW_INFO_WORDS,
    SHARED_WORDS,
    SPELLINGS,
    VOWELS,
    WordCounts,
    _one_token_changed,
    _rhymes,
    _undoubled,
    common_names_mistyped,
    one_slip,
    rhyme_no_slip,
    rhyming_names,
    spelt_alike,
    twin_names,
)
from sidalih.kernels.levels import DateLevel, NikLevel
from sidalih.kernels.verdicts import (
    CLOSE,
    GIVEN_DIFFER,
    HELD,
    ONE_RUN,
    REAL_NEAR,
    SEX_TYPO,
    SLIP,
    TWIN_NAMES,
    rows_to_check,
    verdicts,
)
from sidalih.names._phonetic import key_of

__all__ = ["VERDICTS", "VETOES", "TWO_PEOPLE", "ALWAYS_LISTED", "IDENTICAL", "judge",
           "verdict_in", "rhyming_names", "names_held", "daeng_on_one_dropped"]

VERDICTS = ("model", "twin", "nik_clash", "family", "namesake", "identical")
MODEL, TWIN, NIK_CLASH, FAMILY, NAMESAKE, IDENTICAL = range(6)
#: Verdicts that keep a pair apart (the others leave it to the model or force a merge).
VETOES = (TWIN, NIK_CLASH, FAMILY, NAMESAKE)
#: The vetoes that say two people; ``nik_clash`` puts a pair up for review instead (the
#: label-free estimate counts its pairs with the model's probability).
TWO_PEOPLE = (TWIN, FAMILY, NAMESAKE)
#: Verdicts whose pairs a result lists whatever the model's probability: one NIK on two
#: people (for review) and a forced merge. A twin, family or namesake veto is listed where
#: the model's probability reached the floor, i.e. where the veto overruled the model:
#: elsewhere it repeats what the model said (at 1M records such pairs were 816,000 of the
#: 822,000 listed, most of them members of one household).
ALWAYS_LISTED = (NIK_CLASH, IDENTICAL)

_MAX_TWIN_SERIAL_GAP = 3
#: Twins registered on one day with other births of the district and date in between, or
#: on two visits, lie within one run of a real birth date: the most people a district
#: registers on one birth date and sex (a kecamatan of 600,000, among the largest, has
#: about twelve: 600,000 / 70 birth years / 365 days / 2 sexes).
_TWIN_RUN_GAP = 12
#: Serials of one real birth date in one district lie within a short run: a few people
#: per district and day (a kecamatan of 300,000 people has about ten per date, five per
#: date and sex).
_ONE_RUN_GAP = 10
#: A placeholder date's run is long but not endless: 10.3 million people were recorded
#: on 01-07 in 2019 (DOMAIN.md), about nine per district, birth year and sex on
#: average and some 130 in a kecamatan of 600,000; serials a thousand or more apart on
#: one placeholder lie in no district's run (0024 / 4024: one digit mistyped).
_PLACEHOLDER_RUN_GAP = 1000
_SLICE = 1 << 22
_FAMILY_YEAR_GAP = 12
#: The level and verdict codes the rules read, in the order the kernels expect them.
_CODES = np.array([NikLevel.NULL, NikLevel.MASKED_PREFIX, NikLevel.SAME_EXCEPT_SERIAL,
                   NikLevel.EXACT, DateLevel.ELSE, DateLevel.EXACT_PLACEHOLDER, DateLevel.EXACT,
                   MODEL, TWIN, NIK_CLASH, FAMILY, NAMESAKE, IDENTICAL,
                   NikLevel.ONE_SUBSTITUTION, NikLevel.TRANSPOSITION, DateLevel.NEAR,
                   DateLevel.DAY_MONTH_SWAPPED],
                  dtype=np.int64)


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
    disagree": where one ``nama_norm`` is the other retyped (:func:`names_held`:
    ``Budi Santoso``/``Budi``, ``Rina``/``Rina Simanjuntak``, ``Triningsih``/``Tri
    Ningsih``, ``Nur A. Pattiasina``/``Nur Aina Pattiasina``) and the birth dates do not
    disagree too, tokens were dropped, added, run together or cut to initials, which
    the name level ``different`` cannot tell from another name. (The first tokens alone are no guide: a typo there,
    ``Ajdul``/``Abdul``, ``Ccep``/``Cecep``, is as common as twins' names.)

    The rules run in one pass per slice of a few million pairs
    (:func:`~sidalih.kernels.verdicts.verdicts`); only the pairs whose names or NIK
    serials decide a rule are read here, into one byte of flags per pair.

    Examples
    --------
    >>> from sidalih import compare
    >>> comparisons = [compare.nik(), compare.name(), compare.date()]
    >>> gamma = np.array([[6, 4, 5], [6, 0, 0], [3, 2, 5]], dtype=np.int8)
    >>> [VERDICTS[v] for v in judge(gamma, comparisons, nik_values=None, birth_years=None,
    ...                             left=np.array([0, 0, 0]), right=np.array([1, 2, 3]))]
    ['identical', 'nik_clash', 'twin']
    """
    gamma = np.ascontiguousarray(gamma)
    left = np.ascontiguousarray(left, dtype=np.int64)
    right = np.ascontiguousarray(right, dtype=np.int64)
    roles = _Roles(comparisons, records, nik_values)
    years = (np.empty(0, np.int32) if birth_years is None
             else np.ascontiguousarray(birth_years, dtype=np.int32))
    verdict = np.zeros(gamma.shape[0], dtype=np.int8)
    for start in range(0, gamma.shape[0], _SLICE):
        stop = start + _SLICE
        part = gamma[start:stop]
        flags = _flags(part, roles, nik_values, records, left[start:stop], right[start:stop])
        verdicts(part, roles.cols, _CODES, roles.name_levels, flags, nik_values is not None,
                 years, left[start:stop], right[start:stop], _FAMILY_YEAR_GAP,
                 verdict[start:stop])
        if nik_values is not None:
            _two_sexes(part, roles, nik_values, left[start:stop], right[start:stop],
                       verdict[start:stop], records)
    return verdict


#: A woman's NIK carries her birth day plus 40: the seventh digit of sixteen, 10**9.
_SEX_IN_NIK = 4 * 10**9


def _two_sexes(gamma: np.ndarray, roles: _Roles, nik_values: np.ndarray, left: np.ndarray,
               right: np.ndarray, verdict: np.ndarray, records: pl.DataFrame | None) -> None:
    """Twins of two sexes: NIKs equal but for the sex in the birth day, each record's sex
    the one its NIK says, names not identical. Written into ``verdict`` in place, where
    the model was left to decide or the two NIKs were read as one mistyped (one NIK on
    two people: the sexes and names differ), which the one digit by exactly four is not.

    Serials count the people of one district and birth day, so a boy and a girl born
    together may both be 0001: their NIKs then differ in one digit, the day's (02 and
    42), and the model read one keystroke off on the NIK, one date, one card and one
    place (a sex that differs weighs less than those together). A clerk does not mistype
    exactly that digit by exactly four and the sex with it. One person given a second
    NIK under a corrected sex keeps the name, and twins do not share one.
    """
    k_nik, k_name, k_sex = int(roles.cols[0]), int(roles.cols[1]), int(roles.cols[4])
    if k_nik < 0 or k_sex < 0 or records is None or "jenis_kelamin" not in records.columns:
        return
    chosen = ((gamma[:, k_nik] == NikLevel.ONE_SUBSTITUTION) & (gamma[:, k_sex] == 0)
              & verdict_in(verdict, (MODEL, NIK_CLASH)))
    if k_name >= 0:
        chosen &= gamma[:, k_name] != roles.name_levels - 1
    rows = np.flatnonzero(chosen)
    if not rows.size:
        return
    gap = nik_values[left[rows]] - nik_values[right[rows]]
    sexed = np.abs(gap) == _SEX_IN_NIK
    rows, gap = rows[sexed], gap[sexed]
    # the NIK that carries the +40 is a woman's: the left record must be recorded so
    # (the sexes differ, so the right one is then the man its NIK says)
    sex_left = records["jenis_kelamin"].gather(left[rows]).to_numpy()
    own = np.where(gap > 0, sex_left == "P", sex_left == "L")
    verdict[rows[own]] = TWIN


def verdict_in(verdict: np.ndarray, codes: Sequence[int]) -> np.ndarray:
    """``np.isin(verdict, codes)``, by one comparison per code.

    np.isin masks and gathers through an int64 copy of the codes (8 bytes per pair):
    over 30M pairs 0.6-1 s, against 0.02 s for four comparisons.

    Examples
    --------
    >>> verdict_in(np.array([0, 1, 4, 5], dtype=np.int8), VETOES).tolist()
    [False, True, True, False]
    """
    out = np.zeros(verdict.shape, dtype=np.bool_)
    for code in codes:
        out |= verdict == code
    return out


class _Roles:
    """Where each role's comparison is in ``gamma`` (-1: none), and what can be read."""

    def __init__(self, comparisons: Sequence[Comparison], records: pl.DataFrame | None,
                 nik_values: np.ndarray | None) -> None:
        ks = [_column(comparisons, role)
              for role in ("nik", "name", "birth_date", "family_card", "sex")]
        self.cols = np.array([-1 if k is None else k for k in ks], dtype=np.int64)
        k_nik, k_name, k_date, k_nkk, _ = ks
        self.name_levels = comparisons[k_name].n_levels if k_name is not None else 0
        names = records is not None and "nama_norm" in records.columns
        # how often the list writes each word, counted once for every slice and rule
        self.word_counts = WordCounts(records["nama_norm"]) if names else None  # type: ignore[index]
        # names to read: "names disagree" is softened where one name holds the other's
        # tokens, and the twins' rules tell twins' names from a slip
        self.names = names and k_name is not None
        # the twin rule reads the serials where the NIK values are known, and the names
        # of serial pairs on two dates where the names are known
        # (without dates too: the two NIKs carry one date)
        self.serial = ((nik_values is not None or self.names) and k_nik is not None
                       and k_name is not None)
        # twins' given names: one card, one date, alike names, no NIK
        self.twins = (names and k_nkk is not None and k_name is not None
                      and k_date is not None and self.name_levels >= 5)
        # each row's placeholder flag as the date comparison reads it (a 15th is a real
        # date where the list does not write it for an unknown day), once per judgement
        self.placeholder: np.ndarray | None = None
        if records is not None and "tgl_placeholder" in records.columns:
            flag = records["tgl_placeholder"].fill_null(False)
            if (k_date is not None and not comparisons[k_date].options.get("fifteenth", True)
                    and "tanggal_lahir" in records.columns):
                flag = flag & (records["tanggal_lahir"].dt.day() != 15).fill_null(True)
            self.placeholder = flag.to_numpy()


def _flags(gamma: np.ndarray, roles: _Roles, nik_values: np.ndarray | None,
           records: pl.DataFrame | None, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """One byte per pair: names held (:data:`HELD`: for pairs of names that disagree, and
    for the twins' rows), close serials (:data:`CLOSE`: at most 3 apart, or up to
    :data:`_TWIN_RUN_GAP` apart on names of twins, :func:`_twins_of_one_run`), serials of
    one run (:data:`ONE_RUN`), twins' given names (the twins' rows), names one slip apart
    (:data:`SLIP`: the twins' rows, and close serials, names not identical; HELD too
    for those of two dates, and for one NIK on one date: :func:`_one_nik_one_date`),
    one year mistyped (:data:`REAL_NEAR`: :func:`_real_near`)."""
    flags = np.zeros(gamma.shape[0], dtype=np.uint8)
    _real_near(gamma, roles, records, nik_values, left, right, flags)
    _given_differ(gamma, roles, records, left, right, flags)
    _sex_typo(gamma, roles, records, left, right, flags)
    if not (roles.names or roles.serial or roles.twins):
        return flags
    held, serial, twins = rows_to_check(gamma, roles.cols, _CODES, roles.name_levels,
                                        roles.names, roles.serial, roles.twins)
    if held.size and records is not None:
        flags[held[_names_held(records, left[held], right[held])]] |= HELD
        # one NIK, one date, one name typed twice with a slip (Tatang / Tstang: a short
        # name's Jaro-Winkler falls below the name comparison's bands): twins under one
        # NIK have twins' names (Rina / Rini) or a rhyme (Anton / Antok), which stay apart
        one_date = held[_one_nik_one_date(gamma, roles, held)]
        flags[_slipped(one_date, records, left, right, as_written=True)] |= HELD
        # ... and a token on one record only besides (a Papuan clan name, a second given
        # name: Enos / Enoss Meaga), the slip not twins' names or a rhyme either
        flags[_slipped_and_dropped(one_date, records, left, right)] |= HELD
        # ... or one name in two spellings (Johanes / Yohanis, Yakob / Jacob)
        flags[_spelt_alike(one_date, records, left, right)] |= HELD
    close = serial
    if serial.size and nik_values is not None:
        first, second = nik_values[left[serial]] % 10_000, nik_values[right[serial]] % 10_000
        gap = np.abs(first - second)
        # serial 0000 is never issued (DOMAIN.md): a NIK holding it was mistyped, so it
        # says nothing of two people registered together
        issued = (first != 0) & (second != 0)
        close = serial[(gap <= _MAX_TWIN_SERIAL_GAP) & issued]
        flags[close] |= CLOSE
        # a placeholder date's run is long (everyone of unknown day), a real date's short;
        # a NIK with serial 0000 was mistyped and lies in no run: the model weighs it
        k_date = int(roles.cols[2])
        placeholder = (gamma[serial, k_date] == DateLevel.EXACT_PLACEHOLDER if k_date >= 0
                       else np.zeros(serial.size, dtype=np.bool_))
        run = (gap < _ONE_RUN_GAP) | (placeholder & (gap < _PLACEHOLDER_RUN_GAP))
        flags[serial[run & issued]] |= ONE_RUN
        if roles.names and records is not None:
            # further apart in one run, the names decide (they are read here, so the
            # kernel's twin rule needs no bit of its own: see _twins_of_one_run)
            run = (gap > _MAX_TWIN_SERIAL_GAP) & (gap <= _TWIN_RUN_GAP) & issued
            rows = serial[run]
            flags[rows[_twins_of_one_run(gamma, roles, records, rows, left, right)]] |= CLOSE
    if roles.names and close.size and records is not None:
        read = close[_twin_candidates(gamma, roles, close)]
        if nik_values is not None:
            # twins registered together, or one name slipped along with the serial? Only
            # SLIP: the twins' names bit decides the no-NIK rows' rule on any date
            flags[_serial_and_name_slipped(read, records, left, right,
                                           roles.word_counts)] |= SLIP
        # twins never share a given name: names alike but for words that tell no one
        # apart are one person's (I Wayan Sudarsana / Wayan Sudarsana, M. Hasan /
        # Muhammad Hasan)
        flags[_one_given_name(read, records, left, right)] |= SLIP
        # on dates that disagree, a name retyped token by token is one record's
        other = read[~_one_date(gamma, roles, read)]
        flags[other[_names_held(records, left[other], right[other])]] |= HELD
    if twins.size and records is not None:
        first, second = _pair_names(records, twins, left, right)
        a, b = first.to_list(), second.to_list()
        twin = np.array([twin_names(x, y) for x, y in zip(a, b, strict=True)], dtype=np.bool_)
        twin |= _rhymes(a, b, ~twin, roles.word_counts or records["nama_norm"])
        flags[twins[twin]] |= TWIN_NAMES
        flags[twins[one_slips(first, second) & ~twin]] |= SLIP
        # a token dropped is no twin's name either (Agustina Kristina [Matulessy])
        flags[twins[_names_held(records, left[twins], right[twins])]] |= HELD
    return flags


def _real_near(gamma: np.ndarray, roles: _Roles, records: pl.DataFrame | None,
               nik_values: np.ndarray | None, left: np.ndarray, right: np.ndarray,
               flags: np.ndarray) -> None:
    """Set :data:`REAL_NEAR` where the dates are near (one day, one month or one digit of
    the year apart), neither is a placeholder, the names are one name typed twice
    (Jaro-Winkler 0.94 or more, or one clerk's slip apart, not twins' names) and the
    NIKs do not each carry their own record's date: a clerk's slip, not a generation
    apart. Only for the pairs the year gap is read on (one NIK, or one card).

    Two placeholders share their day and month by being placeholders. A mother's and a
    daughter's name (Sumarni Lestari / Sumarni) are a generation's. Two records whose
    NIKs each carry their own record's birth date (1951 on one, 1981 on the other) are
    a father and son born on one day and month; a year mistyped leaves the NIK as it was,
    so one record, or one NIK shared by both, disagrees with it.
    """
    k_date, k_nik, k_card = int(roles.cols[2]), int(roles.cols[0]), int(roles.cols[3])
    if k_date < 0 or records is None or roles.placeholder is None:
        return
    read = gamma[:, k_date] == DateLevel.NEAR
    one = np.zeros(read.shape, dtype=np.bool_)
    if k_nik >= 0:
        one |= gamma[:, k_nik] == NikLevel.EXACT
    if k_card >= 0:
        one |= gamma[:, k_card] == 1
    near = np.flatnonzero(read & one)
    if not near.size:
        return
    placeholder = roles.placeholder[left[near]] | roles.placeholder[right[near]]
    # a placeholder's year mistyped is read only under one NIK that can say which year
    # was written first (below); two placeholders' day and month agree by being placeholders
    one_nik = (gamma[near, k_nik] == NikLevel.EXACT if k_nik >= 0
               else np.zeros(near.size, dtype=np.bool_))
    near = near[~placeholder | one_nik]
    if near.size:
        near = near[_one_name(gamma, roles, records, near, left, right)]
    if not near.size:
        return
    placeholder = roles.placeholder[left[near]] | roles.placeholder[right[near]]
    if nik_values is not None and "tanggal_lahir" in records.columns:
        dates = records["tanggal_lahir"]
        said_left = _nik_says(nik_values[left[near]], dates.gather(left[near]))
        said_right = _nik_says(nik_values[right[near]], dates.gather(right[near]))
        # one NIK carrying one record's whole date (31-12-78 against 31-12-1978 and
        # 31-12-1928): the other record's year was mistyped from it
        near = near[np.where(placeholder, said_left ^ said_right, ~(said_left & said_right))]
    else:
        near = near[~placeholder]
    flags[near] |= REAL_NEAR


#: Given names less alike than this (Jaro-Winkler) are two people's.
_GIVEN_APART = 0.80


#: One birth date for the twin rules without a NIK: equal, or one with a clerk's slip
#: (the kernel's ``_slipped_date``: near, or day and month swapped).
_ONE_DATE = (DateLevel.EXACT, DateLevel.NEAR, DateLevel.DAY_MONTH_SWAPPED)


def _given_differ(gamma: np.ndarray, roles: _Roles, records: pl.DataFrame | None,
                  left: np.ndarray, right: np.ndarray, flags: np.ndarray) -> None:
    """Set :data:`GIVEN_DIFFER` on pairs of NIKs one keystroke apart whose names are alike
    only by their low-information words: once I/Ni, Wayan, Putu, Muhammad... are set
    aside, no word of one is alike (Jaro-Winkler :data:`_GIVEN_APART`) to a word of the
    other, and neither name is the other retyped.

    Serials count the people of one district and birth date, so two people born on one
    day in two districts of one regency often hold NIKs that differ in one district
    digit (517101... / 517103..., serial 0004 both): a clerk's slip keeps the name, and
    Ni Wayan Astiti / Ni Wayan Kusumawati are two women, though the whole names fall in
    a similarity band.

    >>> [_informative(n) for n in ["ni wayan astiti", "i putu", "muhammad yusuf", None]]
    [['astiti'], [], ['yusuf'], []]
    >>> _share_no_word(["astiti"], ["kusumawati"]), _share_no_word(["liih", "widi"], ["widi"])
    (True, False)
    """
    k_nik, k_name, k_date, k_card = (int(roles.cols[0]), int(roles.cols[1]),
                                     int(roles.cols[2]), int(roles.cols[3]))
    if k_name < 0 or records is None or "nama_norm" not in records.columns:
        return
    name = gamma[:, k_name]
    if k_nik >= 0:
        nik = gamma[:, k_nik]
        keyed = ((nik == NikLevel.ONE_SUBSTITUTION) | (nik == NikLevel.TRANSPOSITION)
                 | (nik == NikLevel.EXACT))
        unusable = (nik == NikLevel.NULL) | (nik == NikLevel.MASKED_PREFIX)
    else:
        keyed = np.zeros(gamma.shape[0], dtype=np.bool_)
        unusable = np.ones(gamma.shape[0], dtype=np.bool_)
    # one card, one real date (or one a slip of the other: the slip is as likely for
    # twins as for a copy), no NIK to tell them apart: twins, whose names the kernel
    # reads as it reads the lowest similarity band
    # verdict_in: one comparison per level (np.isin copies every pair's level to int64)
    twins = ((gamma[:, k_card] == 1) & unusable & verdict_in(gamma[:, k_date], _ONE_DATE)
             if k_card >= 0 and k_date >= 0 else np.zeros(gamma.shape[0], dtype=np.bool_))
    rows = np.flatnonzero((keyed | twins) & (name > 0) & (name < roles.name_levels - 1))
    if not rows.size:
        return
    first, second = _pair_names(records, rows, left, right)
    apart = rows[[_given_names_apart(a, b)
                  for a, b in zip(first.to_list(), second.to_list(), strict=True)]]
    if apart.size:
        flags[apart[~_names_held(records, left[apart], right[apart])]] |= GIVEN_DIFFER


def _given_names_apart(a: str | None, b: str | None) -> bool:
    """Whether two names are alike only by words siblings share: once those are set
    aside (:func:`_informative`), no word of one is alike to a word of the other, by
    its letters (Jaro-Winkler :data:`_GIVEN_APART`) or by its sound (the phonetic key:
    Fauzy / Pauzi, Zulaikha / Julaeha are one name spelt two ways), the whole names are
    not one clerk's slip apart (Ngurah Ketut Rai / Ngurah Ketut Ri) nor, their spaces
    left out, two (one name run together), and no word is a slip of a shared word.

    >>> [_given_names_apart(a, b) for a, b in [("muhammad ali", "muhammad iqbal"),
    ...     ("nur fauzy", "nur pauzi"), ("ngurah ketut rai", "ngurah ketut ri"),
    ...     ("siti aminah", "siti halimah"), ("ni made sri astuti", "ni made sri wahyuni"),
    ...     ("nurul sari", "nutulsari"), ("i kadek wirawan", "i kaek")]]
    [True, False, False, True, True, False, False]
    """
    x, y = _informative(a), _informative(b)
    if not _share_no_word(x, y) or one_slip(a, b):
        return False
    # one name run together (Nurul Sari / Nutulsari, Nur Ainy / Nuraini), or a shared
    # word mangled past the lexicon (I Kadek Wirawan / I Kaek): one name's letters
    if OSA.distance((a or "").replace(" ", ""), (b or "").replace(" ", ""), score_cutoff=2) <= 2 \
            or any(_slip_of_shared(w) for w in x + y):
        return False
    keys_x, keys_y = [key_of(w) for w in x], [key_of(w) for w in y]
    return _share_no_word(keys_x, keys_y)


def _slip_of_shared(word: str) -> bool:
    """Whether a word is one clerk's slip from a word siblings share (Kaek for Kadek)."""
    return any(OSA.distance(word, shared, score_cutoff=1) <= 1 for shared in SHARED_WORDS)


def _sex_typo(gamma: np.ndarray, roles: _Roles, records: pl.DataFrame | None,
              left: np.ndarray, right: np.ndarray, flags: np.ndarray) -> None:
    """Set :data:`SEX_TYPO` on pairs of one NIK whose recorded sexes differ and whose
    names are one clerk's slip apart (:func:`_sex_slip`): a letter dropped, added,
    replaced or two swapped, but not at a word's end where the sex is said (Putra /
    Putri, Dewa / Dewi, Rina / Rian, Kasmin / Kasmini), nor in I / Ni.

    One NIK says one sex (its day is +40 for a woman), so where the records disagree one
    of them was mistyped, or the NIK is someone else's: a twin's copied to the other, a
    parent's to a child. Those are two names (Dimas Arya Putra / Putri, Rina / Rian,
    Yuliana / Yakobus), never one name with a slip (Zubaidah Salama, L / Zubaidah
    Salamah, P, one NIK, date and card: one woman, whose sex was typed wrong once). Left
    unread, such a pair was "one NIK on two people". Two NIKs on one card say two sexes
    themselves, so only one NIK counts. On one birth date, one name retyped token by
    token (:func:`names_held`: Jamilah Gunawan / Jamilah, Iis Halimah / Iis H.) is one
    person too, unless the words apart say the sex (I / Ni) or are twins' names.
    """
    k_nik, k_name, k_sex = int(roles.cols[0]), int(roles.cols[1]), int(roles.cols[4])
    if k_nik < 0 or k_name < 0 or k_sex < 0 or records is None \
            or "nama_norm" not in records.columns:
        return
    name = gamma[:, k_name]
    rows = np.flatnonzero((gamma[:, k_nik] == NikLevel.EXACT) & (gamma[:, k_sex] == 0)
                          & (name < roles.name_levels - 1))
    if not rows.size:
        return
    first, second = _pair_names(records, rows, left, right)
    slipped = np.array([_sex_slip(a or "", b or "")
                        for a, b in zip(first.to_list(), second.to_list(), strict=True)],
                       dtype=np.bool_) & (name[rows] > 0)
    # one name retyped token by token on one birth date (Jamilah Gunawan / Jamilah, Dwi
    # Suryani / Dwi S.): a twin's or a parent's NIK copied onto another record carries
    # another given name or another date
    dated = rows[~slipped & _one_nik_one_date(gamma, roles, rows)]
    if dated.size:
        held = _names_held(records, left[dated], right[dated])
        dated = dated[held]
        a, b = _pair_names(records, dated, left, right)
        retyped = [bool(x) and bool(y) and not (twin_names(x, y) or _sex_word_apart(x, y))
                   for x, y in zip(a.to_list(), b.to_list(), strict=True)]
        flags[dated[np.asarray(retyped, dtype=np.bool_)]] |= SEX_TYPO
    flags[rows[slipped]] |= SEX_TYPO


def _sex_word_apart(a: str | None, b: str | None) -> bool:
    """Whether one name holds a word that says a sex (Balinese I / Ni) the other lacks:
    I Made Sari and Made Sari may be a brother and a sister."""
    words_a, words_b = set((a or "").split()), set((b or "").split())
    return bool((words_a ^ words_b) & {"i", "ni"})


def _sex_slip(a: str, b: str) -> bool:
    """Whether two names are one name with a clerk's slip that does not change the sex:
    OSA distance 1, not at a word's end (a last vowel replaced, added or dropped, the
    last two letters swapped), not in a low-information word (I / Ni).

    >>> [_sex_slip(*p) for p in [("zubaidah salama", "zubaidah salamah"),
    ...                          ("iin mariam", "iin maraim"), ("ipahh halimah", "ipah halimah"),
    ...                          ("nunung rukminy", "nunung rukmini"),
    ...                          ("dimas arya putra", "dimas arya putri"), ("dewa", "dewi"),
    ...                          ("rina hidayati", "rian hidayati"), ("i made sari", "ni made sari"),
    ...                          ("dwi cahyono", "dwi cahyani"), ("kasmin", "kasmini")]]
    [True, True, True, True, False, False, False, False, False, False]
    """
    if not a or not b or OSA.distance(a, b, score_cutoff=1) != 1:
        return False
    words_a, words_b = a.split(), b.split()
    if len(words_a) == len(words_b):
        differ = [k for k in range(len(words_a)) if words_a[k] != words_b[k]]
        if any(words_a[k] in LOW_INFO_WORDS or words_b[k] in LOW_INFO_WORDS for k in differ):
            return False
    if len(a) == len(b):
        at = [k for k in range(len(a)) if a[k] != b[k]]
        last = at[-1]
        # a word's ending says the sex: a last vowel replaced (Putra / Putri) or the last
        # two letters swapped (Rina / Rian) makes another name
        return not (_word_end(a, last)
                    and (len(at) == 2 or (a[last] in VOWELS and b[last] in VOWELS)))
    short, long = (a, b) if len(a) < len(b) else (b, a)
    extra = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    while extra > 0 and long[extra - 1] == long[extra]:
        extra -= 1  # a letter doubled: the first of the run (Salamaa is Salama typed)
    # ... and so does a vowel added at its end (Kasmin / Kasmini)
    return not (_word_end(long, extra) and long[extra] in VOWELS)


def _word_end(text: str, k: int) -> bool:
    """Whether ``text[k]`` is the last letter of a word."""
    return k + 1 == len(text) or text[k + 1] == " "




def _informative(name: str | None) -> list[str]:
    """A name's words but its low-information ones and those siblings share
    (:data:`SHARED_WORDS`: two names alike only by them are two people's)."""
    return [t for t in (name or "").split() if t not in SHARED_WORDS]


def _share_no_word(a: list[str], b: list[str]) -> bool:
    """Whether no word of ``a`` is alike (Jaro-Winkler :data:`_GIVEN_APART`) to a word of
    ``b``, both holding some. Word by word, so a low-information word misspelt on one
    side (Ni Liih Widiastuti / Ni Luh Widiastuti) does not part one name."""
    return bool(a) and bool(b) and all(
        JaroWinkler.normalized_similarity(x, y) < _GIVEN_APART for x in a for y in b)


#: Names this alike (Jaro-Winkler, whatever the name comparison's own bands) are one name
#: typed twice for the year-typo rule.
_ONE_NAME = 0.94


def _one_name(gamma: np.ndarray, roles: _Roles, records: pl.DataFrame, rows: np.ndarray,
              left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Of ``rows``, whose names are one name typed twice: Jaro-Winkler :data:`_ONE_NAME`
    or more, one clerk's slip apart, its words in another order, or written short
    (:func:`_shortened`), and not twins' names (Rina/Rini). Without names
    to read, only an identical name level counts."""
    if "nama_norm" not in records.columns:
        k_name = int(roles.cols[1])
        if k_name < 0:
            return np.ones(rows.shape, dtype=np.bool_)
        return gamma[rows, k_name] == roles.name_levels - 1  # type: ignore[no-any-return]
    first, second = _pair_names(records, rows, left, right)
    a, b = first.fill_null("").to_list(), second.fill_null("").to_list()
    alike = (process.cpdist(a, b, scorer=JaroWinkler.normalized_similarity,
                            score_cutoff=_ONE_NAME, dtype=np.float32) >= _ONE_NAME)
    alike |= one_slips(first, second)
    alike |= _reordered(first, second)
    alike |= np.array([_shortened(x, y) for x, y in zip(a, b, strict=True)], dtype=np.bool_)
    kept = np.flatnonzero(alike)
    alike[kept] = [bool(a[k]) and bool(b[k]) and not twin_names(a[k], b[k])
                   for k in kept.tolist()]
    return alike  # type: ignore[no-any-return]


def _shortened(a: str, b: str) -> bool:
    """Whether one name is the other with tokens cut to their initials (Iin K. / Iin
    Komariah) or with low-information words left out (I Kadek Sukadana / Kadek
    Sukadana): the same name written short, where a word dropped that says who someone
    is (Sumarni Lestari / Sumarni) may be a mother's name against her daughter's."""
    words_a, words_b = a.split(), b.split()
    if not words_a or not words_b or words_a == words_b:
        return False
    if len(words_a) == len(words_b):
        pairs = list(zip(words_a, words_b, strict=True))
        return any(x == y for x, y in pairs) and all(
            x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
            for x, y in pairs)
    fewer, more = sorted((words_a, words_b), key=len)
    rest = list(more)
    for word in fewer:
        if word not in rest:
            return False
        rest.remove(word)
    return all(word in LOW_INFO_WORDS for word in rest)


def _reordered(first: pl.Series, second: pl.Series) -> np.ndarray:
    """Per pair, whether the two names are one set of words in another order (Veronica
    Bapa / Bapa Veronica: a surname written first on one form)."""
    def words(names: pl.Series) -> pl.Series:
        return names.fill_null("").str.split(" ").list.sort().list.join(" ")
    return ((words(first) == words(second)) & (first != second)).fill_null(False).to_numpy()


def _nik_says(values: np.ndarray, dates: pl.Series) -> np.ndarray:
    """Per record, whether its NIK (``-1``: none) carries its recorded birth date
    (:func:`~sidalih.compare._nik_date.nik_date_consistent`)."""
    if isinstance(dates.dtype, pl.Datetime):
        dates = dates.dt.date()
    if dates.dtype != pl.Date:  # text or numbers: no date to read
        return np.zeros(values.shape, dtype=np.bool_)
    ymd = np.stack([part.fill_null(0).cast(pl.Int64).to_numpy()
                    for part in (dates.dt.year(), dates.dt.month(), dates.dt.day())], axis=1)
    return nik_date_consistent(values, np.zeros(values.shape, dtype=np.bool_), ymd)


def _pair_names(records: pl.DataFrame, rows: np.ndarray, left: np.ndarray,
                right: np.ndarray) -> tuple[pl.Series, pl.Series]:
    """The two ``nama_norm`` of each pair of ``rows``, a Daeng name on one of them only
    left out (:func:`daeng_on_one_dropped`)."""
    names = records["nama_norm"]
    return daeng_on_one_dropped(names.gather(left[rows]), names.gather(right[rows]))


#: A Makassar or Bugis Daeng name (paddaengang) after the given name, to the name's end:
#: ``nurdin mappa daeng talli`` (``Dg.`` is read ``daeng``). First in a name, Daeng is a
#: title and already gone.
_DAENG_NAME = r" daeng [a-z].*$"


def daeng_on_one_dropped(first: pl.Series, second: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Two aligned columns of names, where one name of a pair carries a Daeng name and
    the other none, with that Daeng name left out.

    The Daeng name is given as a title and carried on some records of a person only
    (Nurdin Mappa / Nurdin Mappa Dg. Talli): on one record alone it says nothing of a
    second person, as a title kept on one copy says nothing, and the rest of the two
    names is what one reads as one name retyped or two people's (Nurin Mappa Dg. Talli /
    Nurdin Mappa: a slip). Two Daeng names that differ are two people's, and stay.

    Examples
    --------
    >>> a, b = daeng_on_one_dropped(
    ...     pl.Series(["nurin mappa daeng talli", "hasniati daeng tompo", "sugiati daeng"]),
    ...     pl.Series(["nurdin mappa", "hasniati daeng baji", "sugiati"]))
    >>> a.to_list(), b.to_list()
    (['nurin mappa', 'hasniati daeng tompo', 'sugiati daeng'], ['nurdin mappa', 'hasniati daeng baji', 'sugiati'])
    """
    def has(names: pl.Series) -> pl.Series:
        return names.str.contains(_DAENG_NAME).fill_null(False)

    if first.len() == 0 or not (first.str.contains(" daeng ", literal=True).any()
                                or second.str.contains(" daeng ", literal=True).any()):
        return first, second
    in_first, in_second = has(first), has(second)
    return (first.zip_with(~(in_first & ~in_second), first.str.replace(_DAENG_NAME, "")),
            second.zip_with(~(in_second & ~in_first), second.str.replace(_DAENG_NAME, "")))


def _one_given_name(rows: np.ndarray, records: pl.DataFrame, left: np.ndarray,
                    right: np.ndarray) -> np.ndarray:
    """Of ``rows``, the pairs whose names have the same given names
    (:func:`one_given_name`): one name written two ways, never twins', whose parents
    give each a name of their own (Rina / Rini, Hasan / Husein). A word siblings share or
    a birth-order name (I, Wayan, Muhammad, Siti) dropped or cut to an initial leaves
    the name it was.

    >>> records = pl.DataFrame({"nama_norm": ["i wayan sudarsana", "wayan sudarsana",
    ...                                       "siti hasanah", "siti h", "rina", "rini"]})
    >>> _one_given_name(np.array([0, 1, 2]), records, np.array([0, 2, 4]),
    ...                 np.array([1, 3, 5])).tolist()
    [0]
    """
    if not rows.size:
        return rows
    first, second = _pair_names(records, rows, left, right)
    # a list's pairs hold a few distinct names each many times: their given words are
    # read once per name, and the whole rule only where those agree
    given = _given_words_ids(pl.concat([first, second]))
    n = first.len()
    maybe = np.flatnonzero((given[:n] == given[n:]) & (given[:n] >= 0))
    a, b = first.gather(maybe).to_list(), second.gather(maybe).to_list()
    same = [one_given_name(x, y) for x, y in zip(a, b, strict=True)]
    return rows[maybe[np.array(same, dtype=np.bool_)]]


def _given_words_ids(names: pl.Series) -> np.ndarray:
    """Per name, one id for its given words as :func:`one_given_name` counts them (equal
    ids: the same words, in any order), -1 for a name without any; each distinct name
    read once.

    >>> _given_words_ids(pl.Series(["hasan basri", "basri hasan", "i wayan sudarsana",
    ...                             "wayan sudarsana", None, "siti h"])).tolist()
    [0, 0, 1, 1, -1, -1]
    """
    distinct = names.drop_nulls().unique(maintain_order=True)
    ids: dict[tuple[str, ...], int] = {(): -1}
    of_name = [ids.setdefault(_given_words(name), len(ids) - 1) for name in distinct.to_list()]
    found = names.replace_strict(distinct, pl.Series(of_name, dtype=pl.Int64), default=-1,
                                 return_dtype=pl.Int64)
    return found.fill_null(-1).to_numpy()  # type: ignore[no-any-return]


def _given_words(name: str | None) -> tuple[str, ...]:
    """A name's given words, sorted: its words but those that tell no one apart
    (:data:`SHARED_WORDS`) and initials (two names of equal tuples have the same given
    names in some order)."""
    return tuple(sorted(w for w in (name or "").split() if w not in SHARED_WORDS and len(w) > 1))


def one_given_name(a: str | None, b: str | None) -> bool:
    """Whether two names are one name written two ways by their given names: the same
    given names (the words neither telling no one apart, :data:`SHARED_WORDS`, nor an
    initial; in any order, some on each), the words that tell
    no one apart of one all among the other's (one dropped, I Wayan / Wayan, not one
    changed: Ni Wayan Ayu Suartini / Ni Made Ayu Suartini are a first-born and a
    second-born, Balinese twins), and each initial the first letter of a word of the
    other (M. for Muhammad).

    >>> [one_given_name(a, b) for a, b in [("i wayan sudarsana", "wayan sudarsana"),
    ...     ("ni wayan ayu suartini", "ni made ayu suartini"), ("m hasan", "muhammad hasan"),
    ...     ("m hasan", "abdul hasan"), ("hasan basri", "basri hasan"), ("siti h", "siti hasanah")]]
    [True, False, True, False, True, False]
    """
    given = _given_words(a)
    if not given or given != _given_words(b):
        return False
    words = (a or "").split(), (b or "").split()
    shared = [Counter(w for w in name if w in SHARED_WORDS) for name in words]
    if not (shared[0] <= shared[1] or shared[1] <= shared[0]):
        return False
    return all(any(w[0] == t for w in other if len(w) > 1)
               for name, other in (words, words[::-1]) for t in name
               if len(t) == 1 and t not in SHARED_WORDS)


def _twin_candidates(gamma: np.ndarray, roles: _Roles, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` (close serials) the NIK twin rule reads: names not identical.
    (Whatever the recorded dates say: the two NIKs carry one date.)"""
    k_name = int(roles.cols[1])
    return gamma[rows, k_name] != roles.name_levels - 1  # type: ignore[no-any-return]


def _twins_of_one_run(gamma: np.ndarray, roles: _Roles, records: pl.DataFrame,
                      rows: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Which of ``rows`` (NIKs equal but serials 4 to :data:`_TWIN_RUN_GAP` apart) are
    twins by their names: the same family card and recorded birth date (or one
    missing), names neither identical nor one retyped token by token
    (:func:`names_held`, also as written: :func:`_as_written`), nor two slips apart with
    a swap (:func:`_swap_and_slip`), nor one clerk's slip apart (:func:`one_slip`, or one
    retyped with a slip in one token: :func:`_slipped_token`) that is one name spelt two
    ways or a common name mistyped (:func:`common_names_mistyped`: Sutrsno for Sutrisno,
    Rukminy for Rukmini, Artimi for Artini). Twins' names (Rina / Rini, on serials one
    keystroke apart too), a rhyme no keystroke makes (Kartika / Sartika) and a slip
    that leaves two names of the list (Nia / Nita) are twins'.

    Twins registered on one day with other births in between, or on two visits, get
    serials a few apart, and both NIKs are valid and carry one date. One person typed
    twice with a slip in the serial (0004/0009, 0012/0021) keeps the name, or slips in
    it once: a second slip in a name whose serial already slipped is rarer than twins
    so far apart (about one person in 70 is a twin, and twins are often named a letter
    or a vowel apart; a few copies in a hundred mistype the NIK, a sixteenth of those
    its last digit, and a fifth of those the name too). Serials this far apart are
    weaker evidence than consecutive ones, so the records must also agree on what twins
    share: a card (two cards are two households, which the namesake rule and the model
    read) and a recorded birth date (a date mistyped on one record besides a slipped
    serial is a copy typed carelessly as often as a twin).

    >>> import polars as pl
    >>> records = pl.DataFrame({"nama_norm": ["rina", "rini", "hasan", "husein", "budi",
    ...                                       "bdi", "siti aminah", "siti aminah binti ali",
    ...                                       "j jufri", "jumadi yufri", "nia", "nita",
    ...                                       "wayan", "wayyan"] + ["budi"] * 5})
    >>> rows, left = np.arange(6), np.array([0, 2, 4, 6, 10, 12])
    >>> right = left + 1
    >>> gamma = np.ones((6, 0), dtype=np.int8)
    >>> roles = _Roles([], records, None)
    >>> _twins_of_one_run(gamma, roles, records, rows, left, right).tolist()
    [True, True, False, False, True, False]
    >>> _twins_of_one_run(gamma, roles, records, np.arange(1), np.array([8]),
    ...                   np.array([9])).tolist()
    [False]
    """
    chosen = np.ones(rows.shape, dtype=np.bool_)
    k_name, k_date, k_nkk = int(roles.cols[1]), int(roles.cols[2]), int(roles.cols[3])
    if k_name >= 0:
        chosen &= gamma[rows, k_name] != roles.name_levels - 1
    if k_nkk >= 0:
        chosen &= gamma[rows, k_nkk] != 0
    if k_date >= 0:
        date = gamma[rows, k_date]
        chosen &= ((date == DateLevel.EXACT) | (date == DateLevel.EXACT_PLACEHOLDER)
                   | (date == DateLevel.NULL))
    keep = np.flatnonzero(chosen)
    if not keep.size:
        return chosen
    names_a, names_b = _pair_names(records, rows[keep], left, right)
    a, b = names_a.fill_null("").to_list(), names_b.fill_null("").to_list()
    held = _names_held(records, left[rows[keep]], right[rows[keep]]).tolist()
    slips = one_slips(names_a, names_b).tolist()
    twins = []
    slipped_words: dict[int, tuple[str, str]] = {}
    for k, (x, y) in enumerate(zip(a, b, strict=True)):
        if not x or not y or x == y or held[k] or _swap_and_slip(x, y):
            twins.append(False)
            continue
        slipped = (x, y) if slips[k] else _slipped_token(x, y)
        # a name of its own, twins' names (Rina / Rini) or a rhyme no keystroke makes
        # (Kartika / Sartika) is a twin's; of another slip, the list decides (below)
        twins.append(slipped is None or twin_names(*slipped) or rhyme_no_slip(*slipped))
        if not twins[-1]:
            slipped_words[k] = slipped  # type: ignore[assignment]
    if slipped_words:
        ks = list(slipped_words)
        mistyped = common_names_mistyped([slipped_words[k][0] for k in ks],
                                         [slipped_words[k][1] for k in ks],
                                         roles.word_counts or records["nama_norm"])
        for k, typo in zip(ks, mistyped.tolist(), strict=True):
            twins[k] = not typo
    chosen[keep] = np.asarray(twins, dtype=np.bool_)
    if "nama" in records.columns and chosen[keep].any():
        # an abbreviation read two ways is one name (I Md. Suardana / Md. Suardana: Made
        # after I, Muhammad elsewhere): as written, one holds the other
        # (only the pairs' names are folded: a slice's records may be millions)
        named = keep[chosen[keep]]
        raw = records["nama"]
        written = pl.concat([_as_written(raw.gather(left[rows[named]])),
                             _as_written(raw.gather(right[rows[named]]))])
        count = named.size
        chosen[named] = ~_names_held(pl.DataFrame({"nama_norm": written}), np.arange(count),
                                     np.arange(count, 2 * count))
    return chosen


def _swap_and_slip(a: str, b: str) -> bool:
    """Whether two names are two clerk's slips apart, one of them two neighbouring
    letters swapped (optimal string alignment distance 2, Levenshtein 3: the swap
    counts once in one, twice in the other). Parents name twins by changing vowels or a
    consonant (Hasan/Husen, Fajar/Fajri), never by swapping letters: a swap is a slip,
    and a slip besides it (Ngatiyem / Ngtaijem) is one name typed carelessly.

    >>> [_swap_and_slip(a, b) for a, b in [("ngatiyem", "ngtaijem"), ("hasan", "husen"),
    ...                                    ("fajar", "fajri"), ("rina", "rian")]]
    [True, False, False, False]
    """
    return (OSA.distance(a, b, score_cutoff=2) == 2
            and Levenshtein.distance(a, b, score_cutoff=3) == 3)


def _as_written(names: pl.Series) -> pl.Series:
    """Names as written, only folded to lower case and words: abbreviations and old
    spellings are kept (``I Md. Suardana`` -> ``i md suardana``).

    >>> _as_written(pl.Series(["I MD. SUARDANA", " Md.Suardana ", None])).to_list()
    ['i md suardana', 'md suardana', None]
    """
    return (names.cast(pl.Utf8).str.to_lowercase().str.replace_all(r"[^a-z0-9]+", " ")
            .str.strip_chars())


def _slipped_token(a: str, b: str) -> tuple[str, str] | None:
    """The two tokens (one of each name) one clerk's slip apart whose slip, undone, leaves
    one name the other retyped token by token (:func:`names_held`: a token dropped or
    cut to its initial besides); None when there are none. Two changes to one name, each
    a clerk's: ``j jufri`` / ``jumadi yufri`` (an initial, and ``j`` read as ``y``).

    >>> _slipped_token("j jufri", "jumadi yufri"), _slipped_token("rina lubis", "rini")
    (('jufri', 'yufri'), ('rina', 'rini'))
    >>> _slipped_token("siti hasanah", "siti halimah") is None
    True
    """
    tokens_a, tokens_b = a.split(), b.split()
    for k, p in enumerate(tokens_a):
        if p in tokens_b or len(p) < 2:
            continue
        for q in tokens_b:
            if q in tokens_a or len(q) < 2 or OSA.distance(p, q, score_cutoff=1) != 1:
                continue
            undone = " ".join([*tokens_a[:k], q, *tokens_a[k + 1:]])
            if names_held(undone, b):
                return p, q
    return None


def _one_nik_one_date(gamma: np.ndarray, roles: _Roles, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` have one NIK (exact) and one birth date (exact or one
    placeholder; every row where the list has no dates)."""
    k_nik, k_date = int(roles.cols[0]), int(roles.cols[2])
    if k_nik < 0:
        return np.zeros(rows.shape, dtype=np.bool_)
    one_nik = gamma[rows, k_nik] == NikLevel.EXACT
    if k_date < 0:
        return one_nik  # type: ignore[no-any-return]
    date = gamma[rows, k_date]
    return one_nik & ((date == DateLevel.EXACT) | (date == DateLevel.EXACT_PLACEHOLDER))  # type: ignore[no-any-return]


def _one_date(gamma: np.ndarray, roles: _Roles, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` have one birth date: exact, one placeholder, or near (one of
    them mistyped); every row where the list has no dates (the NIKs carry one)."""
    if int(roles.cols[2]) < 0:
        return np.ones(rows.shape, dtype=np.bool_)
    date = gamma[rows, int(roles.cols[2])]
    return ((date == DateLevel.EXACT) | (date == DateLevel.EXACT_PLACEHOLDER)  # type: ignore[no-any-return]
            | (date == DateLevel.NEAR))


def _slipped(rows: np.ndarray, records: pl.DataFrame, left: np.ndarray,
             right: np.ndarray, *, as_written: bool = False) -> np.ndarray:
    """The pairs of ``rows`` whose names are one clerk's slip apart and not twins'.

    ``as_written``: a slip in the names as written counts too. Folding old spellings
    can turn one slip into two or three (``Tukinem`` / ``Tjkinem``, whose ``tj`` reads
    ``c``; ``Fajar`` / ``Fsjar``, ``sj`` reading ``sy``), where the clerk typed one
    wrong key.

    The distances are taken in one call (rapidfuzz's ``cpdist``): a million-record list
    has some 200,000 such rows (people of one district and birth date, serials a few
    apart), 0.15 s pair by pair in Python against 0.08 s. Only the slips, a few, are
    read again for twins' names.
    """
    first, second = _pair_names(records, rows, left, right)
    slipped = one_slips(first, second)
    pairs = [(first, second)]
    if as_written and "nama" in records.columns and rows.size:
        raw = records["nama"]
        written = _as_written(raw.gather(left[rows])), _as_written(raw.gather(right[rows]))
        slipped |= one_slips(*written)
        # twins' names as written (Rina / Rini typed so) are twins' names however folded
        pairs.append(written)
    slips = np.flatnonzero(slipped)
    keep = np.ones(slips.size, dtype=np.bool_)
    for a, b in pairs:
        keep &= np.array([not (x is not None and y is not None
                               and (twin_names(x, y) or rhyming_names(x, y)))
                          for x, y in zip(a.gather(slips).to_list(), b.gather(slips).to_list(),
                                          strict=True)], dtype=np.bool_)
    return rows[slips[keep]]


def _serial_and_name_slipped(rows: np.ndarray, records: pl.DataFrame, left: np.ndarray,
                             right: np.ndarray, counts: WordCounts | None = None) -> np.ndarray:
    """Of ``rows`` (close serials), those whose names are one clerk's slip apart, not
    twins' names or a rhyme (:func:`_slipped`), where the slip is one name spelt two
    ways or a common name mistyped (:func:`common_names_mistyped`: Sutrsno for
    Sutrisno, Rukminy for Rukmini): one record typed again with the serial's last digit
    mistyped too.

    Twins registered together get consecutive serials and are often named a letter
    apart (Nia / Nita, Lia / Lisa, Kevin / Kelvin, besides Rina / Rini and Anton /
    Antok): about one person in 70 is a twin, while a copy that slips in both its
    serial's last digit and a letter of the name is two slips at once (a few in a
    hundred copies mistype the NIK, a sixteenth of those its last digit, a fifth of
    those the name too). So a slip that leaves two names of the list is twins'. (Twins'
    names and rhymes stay twins' even where the list holds one of them once: Rini beside
    fifty Rinas is a twin's name as often as a slip.)
    """
    slipped = _slipped(rows, records, left, right)
    if not slipped.size:
        return slipped
    first, second = _pair_names(records, slipped, left, right)
    return slipped[common_names_mistyped(first.to_list(), second.to_list(),
                                         counts or records["nama_norm"])]


def _spelt_alike(rows: np.ndarray, records: pl.DataFrame, left: np.ndarray,
                 right: np.ndarray) -> np.ndarray:
    """The pairs of ``rows`` whose names are one name in two spellings
    (:func:`~sidalih.engine._twin_names.spelt_alike`); read only for one NIK on one date."""
    if not rows.size:
        return rows
    first, second = _pair_names(records, rows, left, right)
    alike = [spelt_alike(a, b) for a, b in zip(first.to_list(), second.to_list(), strict=True)]
    return rows[np.array(alike, dtype=np.bool_)]


def _slipped_and_dropped(rows: np.ndarray, records: pl.DataFrame, left: np.ndarray,
                         right: np.ndarray) -> np.ndarray:
    """The pairs of ``rows`` whose names are one name with tokens on one record only and
    one slip besides (:func:`slip_and_dropped`); read only for one NIK on one date."""
    if not rows.size:
        return rows
    first, second = _pair_names(records, rows, left, right)
    counts = (first.str.count_matches(" ") != second.str.count_matches(" ")).fill_null(False)
    maybe = np.flatnonzero(counts.to_numpy())
    a, b = first.gather(maybe).to_list(), second.gather(maybe).to_list()
    return rows[maybe[[slip_and_dropped(x, y) for x, y in zip(a, b, strict=True)]]]


def slip_and_dropped(a: str | None, b: str | None) -> bool:
    """Whether the name of fewer tokens is the other's with tokens dropped and one token
    slipped: every token but one is the other's, and that one is one clerk's slip (a
    letter dropped, added, replaced or two swapped) from one of the other's, not twins'
    names nor a rhyme (Rina / Rini, Anton / Antok).

    A Papuan clan name or a second given name is carried on some records only, and the
    copy that has it may have a slip too (Enos / Enoss Meaga): under one NIK and one
    date, one person. A sibling's or a twin's own given name is another name, not a slip
    of one (Hasan / Husein Lubis; Rina / Rini Lubis stays apart as twins' names).

    Examples
    --------
    >>> [slip_and_dropped(a, b) for a, b in [("enos", "enoss meaga"), ("ones jance",
    ...     "onea yance alua"), ("rina", "rini lubis"), ("anton", "antok wibowo"),
    ...     ("hasan", "husein lubis"), ("budi", "budi santoso"), (None, "budi")]]
    [True, False, False, False, False, False, False]
    """
    if a is None or b is None:
        return False
    fewer, more = sorted((a.split(), b.split()), key=len)
    if len(fewer) == len(more):
        return False
    rest = list(more)
    unmatched = []
    for token in fewer:
        if token in rest:
            rest.remove(token)
        else:
            unmatched.append(token)
    if len(unmatched) != 1:
        return False
    token = unmatched[0]
    return any(OSA.distance(token, other, score_cutoff=1) == 1
               and not (twin_names(token, other) or rhyming_names(token, other))
               for other in rest)


def one_slips(first: pl.Series, second: pl.Series) -> np.ndarray:
    """:func:`one_slip` for each pair of two aligned columns of names, in one call.

    Examples
    --------
    >>> one_slips(pl.Series(["budi", "rina", None, "hasan"]),
    ...           pl.Series(["bdi", "rina", "x", "husein"])).tolist()
    [True, False, False, False]
    """
    if first.len() != second.len():
        raise ValueError(f"one_slips needs aligned columns, got {first.len()} and "
                         f"{second.len()} names")
    if first.len() == 0:
        return np.zeros(0, dtype=np.bool_)
    # int8 holds the distances: score_cutoff=1 caps them at 2 (uncapped they would wrap)
    distance = process.cpdist(first.fill_null("").to_list(), second.fill_null("").to_list(),
                              scorer=OSA.distance, score_cutoff=1, dtype=np.int8)
    empty = (first.fill_null("").str.len_bytes() == 0) | (second.fill_null("").str.len_bytes() == 0)
    return (distance == 1) & ~empty.to_numpy()  # type: ignore[no-any-return]


def _names_held(records: pl.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair, whether one ``nama_norm`` is the other retyped token by token.

    One name holds every token of the other (a token dropped, added or reordered), or
    the tokens one holds beyond the other are the other's cut to initials, token for
    token (``nur a pattiasina``/``nur aina pattiasina``), or the two are one name's tokens run
    together in some order (``triningsih``/``tri ningsih``, ``bayuprasetyo``/
    ``prasetyo bayu``), or one woman's ``br`` and marga stand against one other marga
    (:func:`_husbands_marga`): see :func:`names_held`. ``muhammad`` and ``made`` are one
    token here (:data:`_MD_READINGS`), and a Daeng name on one name only is left out
    (:func:`daeng_on_one_dropped`).

    Only the pairs' names are split, not the whole column: splitting every name once
    per slice of pairs grew as records x slices (tens of seconds at 10M records).
    """
    names = records["nama_norm"]
    first, second = daeng_on_one_dropped(names.gather(left), names.gather(right))
    pair = pl.DataFrame({"a": first, "b": second})
    tokens_a, tokens_b = _md_as_one("a").str.split(" "), _md_as_one("b").str.split(" ")
    only_a = tokens_a.list.set_difference(tokens_b)
    only_b = tokens_b.list.set_difference(tokens_a)
    shared = tokens_a.list.set_intersection(tokens_b).list.len() > 0
    flags = pair.select(
        held=(only_a.list.len() == 0) | (only_b.list.len() == 0)
        | _initials_of(only_a, only_b) | _initials_of(only_b, only_a)
        | (shared & (_husbands_marga(only_a, only_b, "a") | _husbands_marga(only_b, only_a, "b"))),
        # the same letters: a candidate for tokens run together (checked below)
        letters=_letters("a") == _letters("b"),
    )
    held = flags["held"].fill_null(False).to_numpy().copy()
    maybe = np.flatnonzero(flags["letters"].fill_null(False).to_numpy() & ~held)
    if maybe.size:
        a, b = pair["a"].gather(maybe).to_list(), pair["b"].gather(maybe).to_list()
        held[maybe] = [_run_together(x, y) for x, y in zip(a, b, strict=True)]
    return held  # type: ignore[no-any-return]


#: ``Md.`` is Muhammad's abbreviation (DOMAIN.md) and Made's, the Balinese second child's
#: name; the normaliser reads it Made only after a Balinese word (I/Ni, a caste title),
#: so ``Md. Sudarma`` reads ``muhammad sudarma`` against ``Made Sudarma``. One NIK on a
#: Muhammad and a Made of one name is one of them written Md. (a Muslim and a Hindu
#: Balinese name are not twins' or a parent's and child's): the two words are one token
#: when one name is read as the other retyped.
_MD_READINGS = r"\bmuhammad\b"


def _md_as_one(column: str) -> pl.Expr:
    """The names of ``column`` with ``muhammad`` read as ``made`` (:data:`_MD_READINGS`)."""
    return pl.col(column).str.replace_all(_MD_READINGS, "made")


def _husbands_marga(maiden: pl.Expr, married: pl.Expr, column: str) -> pl.Expr:
    """The tokens one name (``column``) holds beyond the other are ``br`` and the marga
    written after it, and the other's are one token: a Batak woman, ``Tiurma br
    Simanjuntak`` (daughter of a Simanjuntak), listed on her husband's card under his
    marga, ``Tiurma Sitorus``. Without ``br`` a replaced last word is another name as
    often (Siti Aminah / Siti Halimah); a given name replaced beside a shared marga is
    another person's (Maria br Siregar / Manahan Siregar: a wife and her husband)."""
    marga = maiden.list.set_difference(pl.lit(["br"])).list.first()
    after_br = (pl.lit(" ") + pl.col(column) + pl.lit(" ")).str.contains(
        pl.lit(" br ") + marga + pl.lit(" "), literal=True)
    return ((maiden.list.len() == 2) & maiden.list.contains("br")
            & (married.list.len() == 1) & ~married.list.contains("br") & after_br)


def _initials_of(short: pl.Expr, full: pl.Expr) -> pl.Expr:
    """``short`` is ``full`` cut to initials, token for token: as many tokens, each one
    letter, the first letters of ``full``'s. (An initial and a token dropped as well
    are two changes, left to the name comparison.)"""
    firsts = full.list.eval(pl.element().str.slice(0, 1))
    return (short.list.eval(pl.element().str.len_chars() == 1).list.all()
            & (short.list.len() == full.list.len())
            & (short.list.set_difference(firsts).list.len() == 0)
            & (firsts.list.set_difference(short).list.len() == 0))


def _letters(column: str) -> pl.Expr:
    """The letters of a name, sorted, spaces dropped."""
    return (pl.col(column).str.replace_all(" ", "", literal=True).str.split("")
            .list.sort().list.join(""))


def _run_together(a: str, b: str) -> bool:
    """Each token of the name of fewer tokens is tokens of the other run together, every
    token of the other used once (``bayuprasetyo``: ``bayu`` + ``prasetyo``)."""
    # empty tokens (two spaces) hold no letters: a normalised name has none
    fewer, more = sorted(([t for t in a.split(" ") if t], [t for t in b.split(" ") if t]),
                         key=len)
    if sorted("".join(fewer)) != sorted("".join(more)) or len(more) > 8:
        return False
    return _cover(fewer, tuple(sorted(more)))


def _cover(words: list[str], tokens: tuple[str, ...]) -> bool:
    """Whether ``words`` split, in order, into ``tokens``, each used once."""
    if not words:
        return not tokens
    word, rest = words[0], words[1:]
    if not word:
        return _cover(rest, tokens)
    for k, token in enumerate(tokens):
        if token and word.startswith(token) and (k == 0 or tokens[k - 1] != token):
            left = tokens[:k] + tokens[k + 1:]
            if _cover([word[len(token):], *rest], left):
                return True
    return False


def names_held(a: str | None, b: str | None) -> bool:
    """Whether one normalised name is the other retyped token by token.

    A clerk drops, adds or reorders tokens, cuts tokens to their initials, or runs
    tokens together; each keeps the name's letters and tokens. A married Batak woman's
    ``br`` and marga (her father's) may be written as her husband's marga instead. The
    judgement's rules read
    such a pair as one name (its "names disagree" is not a second person), where the
    name comparison scores it low.

    Examples
    --------
    >>> names_held("budi", "budi santoso"), names_held("santoso budi", "budi santoso")
    (True, True)
    >>> names_held("nur a pattiasina", "nur aina pattiasina")
    True
    >>> names_held("m hendra", "muhammad fauzi hendra")  # an initial and a token dropped
    False
    >>> names_held("triningsih", "tri ningsih"), names_held("bayuprasetyo", "prasetyo bayu")
    (True, True)
    >>> names_held("rina", "rini"), names_held("ani", "ina"), names_held(None, "budi")
    (False, False, False)
    >>> names_held("tiurma br simanjuntak", "tiurma sitorus")  # her husband's marga
    True
    >>> names_held("maria br siregar", "manahan siregar")  # a wife and her husband
    False
    >>> names_held("muhammad sudarma", "made sudarma")  # Md. Sudarma, read Muhammad
    True
    >>> names_held("sugiati", "sgiati daeng caya")  # a Daeng name on one, and a slip
    False
    >>> names_held("tiurma br simanjuntak", "tiurma br sitorus"), names_held("siti aminah",
    ...                                                                    "siti halimah")
    (False, False)
    """
    if a is None or b is None:
        return False
    return bool(_names_held(pl.DataFrame({"nama_norm": [a, b]}), np.array([0]),
                            np.array([1]))[0])
