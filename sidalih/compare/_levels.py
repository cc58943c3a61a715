"""Every comparison level declared once: its code, its label and its words.

A level's **code** is what the kernel writes (``sidalih.kernels.levels``), its
**label** the English name saved in a model file, and its **phrases** what an
explanation says in Bahasa Indonesia and in English. The comparison methods
(``sidalih.compare._methods``) take their labels, and so their level counts, from here,
and the reasons (``sidalih.engine._reasons``) read the phrases here, so a level cannot
be renamed in one place and missed in another.

Levels whose number depends on options (string and name thresholds, code prefixes)
are built by their method from the labels declared here (``different``, ``same tokens``,
``exact``, :func:`similarity_label`, :func:`prefix_label`); the fixed ones, and the
village codes' labels, have their phrases declared here too. Every comparison also has
the null level (code -1, label :data:`NULL`): a value missing on either side, worded
"kosong" / "missing" (``NIK kosong``, ``family card missing``).

Examples
--------
>>> [level.label for level in LEVELS["date"]][:2]
['different', 'placeholder in one, same year']
>>> phrases("nik", "one digit differs")
('NIK beda 1 digit', 'NIK differs in 1 digit')
>>> phrases("nik", NULL)
('NIK kosong', 'NIK missing')
"""

from __future__ import annotations

from dataclasses import dataclass

from sidalih.kernels.levels import DateLevel, NikLevel

__all__ = ["Level", "LEVELS", "labels_of", "phrases", "VILLAGE_LABELS", "DIFFERENT", "EXACT",
           "NULL", "SAME_TOKENS", "SAME_REGENCY", "similarity_label", "prefix_label"]


@dataclass(frozen=True)
class Level:
    """One level: kernel code, saved label, Indonesian and English phrase."""

    code: int
    label: str
    id: str
    en: str


LEVELS: dict[str, tuple[Level, ...]] = {
    "exact": (
        Level(0, "different", "", ""),  # worded with the column's name (see _reasons)
        Level(1, "same", "", ""),
    ),
    "nik": (
        Level(NikLevel.ELSE, "different", "NIK beda", "different NIK"),
        Level(NikLevel.MASKED_PREFIX, "masked prefix agrees", "awal NIK tersamar sama",
              "masked NIK prefix agrees"),
        Level(NikLevel.SAME_BIRTH_PART, "same birth part", "bagian tgl lahir NIK sama",
              "NIK birth-date part agrees"),
        Level(NikLevel.SAME_EXCEPT_SERIAL, "same except serial", "NIK sama kecuali nomor urut",
              "NIK same but for the serial"),
        Level(NikLevel.TRANSPOSITION, "adjacent digits transposed", "2 digit NIK tertukar",
              "2 NIK digits swapped"),
        Level(NikLevel.ONE_SUBSTITUTION, "one digit differs", "NIK beda 1 digit",
              "NIK differs in 1 digit"),
        Level(NikLevel.EXACT, "exact", "NIK sama", "same NIK"),
    ),
    "date": (
        Level(DateLevel.ELSE, "different", "tanggal lahir beda", "different birth date"),
        Level(DateLevel.PLACEHOLDER_YEAR, "placeholder in one, same year",
              "satu tanggal lahir pengganti, tahun sama",
              "one birth date a placeholder, same year"),
        Level(DateLevel.EXACT_PLACEHOLDER, "same placeholder date",
              "tanggal lahir pengganti sama", "same placeholder birth date"),
        # said as it is: 17-08-1950 / 17-08-1980 is one year digit apart, not "nearly equal"
        Level(DateLevel.NEAR, "one field off by one",
              "tanggal lahir beda satu hari, bulan atau angka tahun",
              "birth date one day, month or year digit apart"),
        Level(DateLevel.DAY_MONTH_SWAPPED, "day and month swapped",
              "tanggal dan bulan lahir tertukar", "birth day and month swapped"),
        Level(DateLevel.EXACT, "exact", "tanggal lahir sama", "same birth date"),
    ),
}
"""The methods whose levels do not depend on options, in code order."""

DIFFERENT, SAME_TOKENS, EXACT = "different", "same tokens", "exact"
"""The fixed labels of the levels whose number depends on options (string, name, codes)."""
NULL = "null"
"""The label of every comparison's null level (code -1: a value missing on either side,
or unusable once cleaned, as a ``scientific`` NIK). It has no weight and is in no
model file (which saves levels from 0), so only an explanation names it, worded
"kosong" / "missing" with the comparison's name (Splink calls the level so too)."""
SAME_REGENCY = "same regency"
"""Two places written differently that name one regency (a string comparison's
``regions`` level: Maumere / Sikka)."""


def similarity_label(threshold: float) -> str:
    """The label of a Jaro–Winkler level (string and name comparisons).

    >>> similarity_label(0.88)
    'jaro-winkler >= 0.88'
    """
    return f"jaro-winkler >= {threshold:g}"


def prefix_label(length: int) -> str:
    """The default label of a code-prefix level.

    >>> prefix_label(4)
    'same prefix 4'
    """
    return f"same prefix {length}"


VILLAGE_LABELS = ("different regency", "same regency", "same district", "same village")
"""Labels of the voter comparison of village codes (prefixes of 4, 6 and 10 digits)."""

_OTHER_PHRASES: dict[tuple[str, str], tuple[str, str]] = {
    ("name", EXACT): ("nama sama", "same name"),
    ("name", SAME_TOKENS): ("unsur nama sama", "same name parts"),
    ("name", DIFFERENT): ("nama beda", "different name"),
    ("code_prefix", VILLAGE_LABELS[3]): ("desa sama", "same village"),
    ("code_prefix", VILLAGE_LABELS[2]): ("kecamatan sama, desa beda",
                                         "same district, other village"),
    ("code_prefix", VILLAGE_LABELS[1]): ("kabupaten sama, kecamatan beda",
                                         "same regency, other district"),
    ("code_prefix", VILLAGE_LABELS[0]): ("kabupaten beda", "other regency"),
    ("string", SAME_REGENCY): ("tempat lahir sekabupaten", "birthplaces in one regency"),
    # the methods whose other phrases name their field (NIK, tanggal lahir) say so here too
    ("nik", NULL): ("NIK kosong", "NIK missing"),
    ("date", NULL): ("tanggal lahir kosong", "birth date missing"),
}


def labels_of(method: str) -> tuple[str, ...]:
    """The labels of a fixed-level method, in code order."""
    return tuple(level.label for level in LEVELS[method])


def phrases(method: str, label: str) -> tuple[str, str] | None:
    """The (Indonesian, English) phrase declared for a level, or None when it is worded
    from the comparison's name (``nkk sama``, ``similar tempat lahir (≥0.88)``)."""
    for level in LEVELS.get(method, ()):
        if level.label == label and level.id:
            return level.id, level.en
    return _OTHER_PHRASES.get((method, label))
