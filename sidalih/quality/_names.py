"""Name checks, on the name as written (no normalisation needed, so they stay cheap).

At most one of ``name_empty``, ``name_placeholder``, ``name_title_only`` and
``name_one_letter`` applies to a row, in that order; ``name_bad_chars`` and
``name_non_latin`` are independent (a real name may carry a stray digit) but not
reported on empty or placeholder names.

- placeholder: what is written when the name is unknown: ``NN``, ``N.N.``, ``TANPA
  NAMA``, ``TIDAK ADA``, ``NO NAME``, ``-``, ``?``, ``XXX``; any name whose letters are
  one letter repeated three times or more (``AAAA``); a name with no letter at all.
- title only: every word is a title of :mod:`sidalih.names` (``H.``, ``Dr.``, ``S.Pd.``,
  ``Ida Bagus``...). Two-letter degrees that are also name words (``SE``, ``MA``) count
  only when the name has a dot; titles that are also given names (``Andi``, ``Gusti``)
  never do: a voter may be called just that.
- one letter: a single letter (``A``, ``M.``): single *names* are common, single
  letters are not names.
- bad characters: digits or symbols other than spaces, ``.``, ``,``, ``'``, `````,
  ``-`` and their look-alikes the name pipeline reads as them
  (:data:`sidalih._unicode.PUNCT_TO_ASCII`: ``‐``, ``–``, ``‘``, ``’``, ``－``...).
  An accent written as a combining mark (a name in NFD) is part of its letter.
- non-Latin: a letter the name pipeline (:func:`sidalih.names.normalise`) cannot read
  and drops: a letter that is not a–z once accents are folded (NFKD), as in Arabic,
  Chinese or Cyrillic script (``محمد``, ``王小明``), or ``Đ``, ``ß``, ``Ø``. Matching
  compares such a name as missing, or without those words; the officer should write it
  in Latin letters. Modifier letters (``ʼ``, an apostrophe) are not counted.
"""

from __future__ import annotations

import re

import polars as pl

from sidalih._unicode import PUNCT_TO_ASCII
from sidalih.names._lexicon import PAIR_TITLES, PREFIX_TITLES, SUFFIX_STRONG, SUFFIX_WEAK
from sidalih.quality._base import Context, emit
from sidalih.quality._messages import shown

__all__ = ["run", "PLACEHOLDER_NAMES"]

PLACEHOLDER_NAMES: frozenset[str] = frozenset(
    {
        "NN", "N N", "TANPA NAMA", "TIDAK ADA", "TIDAK ADA NAMA", "TDK ADA", "TIDAK DIKETAHUI",
        "TIDAK TAHU", "BELUM ADA NAMA", "BLM ADA NAMA", "NO NAME", "NONAME", "UNKNOWN",
        "ANONIM", "NAMA", "NULL", "NONE", "NIHIL",
    }
)  # fmt: skip
"""Placeholder names after upper-casing, dropping punctuation and collapsing spaces."""


_GAP = r"[.'’`]*"  # characters dropped inside a word (S.Pd. is spd)
_SEP = r"[\s,;/]"  # characters that separate words


def _spelled(title: str) -> str:
    """A title as a regex that allows the dropped characters between its letters."""
    words = [_GAP.join(re.escape(c) for c in word) for word in title.split()]
    return f"{_GAP}{_SEP}[\\s,;/.'’`]*".join(words)


def _titles_only(titles: list[str]) -> str:
    """Every word a title, ignoring case.

    Words are what is left between runs of spaces, commas, semicolons and slashes once
    dots and apostrophes are dropped (``S.Pd.`` is ``spd``, ``Dr.H.`` is ``drh``).
    """
    ordered = sorted(titles, key=lambda t: (-len(t), t))
    alternation = "|".join(_spelled(t) for t in ordered)
    word_end = f"(?:{_GAP}{_SEP}[\\s,;/.'’`]*|{_GAP}$)"
    return f"(?i)^[\\s,;/.'’`]*(?:(?:{alternation}){word_end})+$"


_PAIRS = [f"{head} {tail}" for head, tails in PAIR_TITLES.items() for tail in tails]
_STRONG_ONLY = _titles_only([*_PAIRS, *PREFIX_TITLES, *SUFFIX_STRONG])
_ANY_ONLY = _titles_only([*_PAIRS, *PREFIX_TITLES, *SUFFIX_STRONG, *SUFFIX_WEAK])
# A placeholder name as :data:`PLACEHOLDER_NAMES` compares it (upper-cased, runs of
# non-letters as one space), matched on the raw text in one pass.
_PLACEHOLDER = "(?i)^[^\\p{{L}}]*(?:{})[^\\p{{L}}]*$".format(
    "|".join(
        "[^\\p{L}]+".join(re.escape(word) for word in name.split())
        for name in sorted(PLACEHOLDER_NAMES, key=lambda n: (-len(n), n))
    )
)


_NO_LETTER = r"^[^\p{L}]*$"
_ONE_LETTER = r"^[^\p{L}]*\p{L}[^\p{L}]*$"
# One ASCII letter three times or more and no other letter (fails at the second letter
# of an ordinary name); names with other letters take the exact, slower path.
_REPEATED_ASCII = "(?i)^[^\\p{{L}}]*(?:{})[^\\p{{L}}]*$".format(
    "|".join(f"{c}(?:[^\\p{{L}}]*{c}){{2,}}" for c in "abcdefghijklmnopqrstuvwxyz")
)


def _repeated(nama: pl.Series) -> pl.Series:
    """One letter (any case) repeated three times or more, and no other letter."""
    out = nama.str.contains(_REPEATED_ASCII).fill_null(False)
    rows = nama.str.contains(r"[^\x00-\x7F]").fill_null(False).arg_true()
    if len(rows):
        letters = nama.gather(rows).str.replace_all(r"[^\p{L}]", "").str.to_uppercase()
        same = (letters.str.len_chars() >= 3) & (
            letters.str.strip_chars(letters.str.slice(0, 1)).str.len_chars() == 0
        )
        out = out.scatter(rows, same.fill_null(False))
    return out


# A letter that is not a-z after NFKD folding: sidalih.names drops it (modifier letters
# such as U+02BC, typed for an apostrophe, are dropped as punctuation is)
_UNREAD_LETTER = r"[\p{L}--\p{Lm}--[A-Za-z]]"


def _non_latin(nama: pl.Series) -> pl.Series:
    """A letter the name pipeline drops; only rows with non-ASCII text are folded."""
    out = pl.Series("non_latin", [False] * len(nama), pl.Boolean)
    rows = nama.str.contains(r"[^\x00-\x7F]").fill_null(False).arg_true()
    if len(rows):
        folded = nama.gather(rows).str.normalize("NFKD")
        out = out.scatter(rows, folded.str.contains(_UNREAD_LETTER).fill_null(False))
    return out


_NAME_PUNCT = ".,'`-"
# The punctuation a name may carry, with every look-alike the name pipeline reads as it
# (a typographic hyphen or quote; the invisible characters it drops): both spellings
# of one name get the same findings.
_NAME_PUNCT_ALL = _NAME_PUNCT + "".join(
    ch for ch, ascii in PUNCT_TO_ASCII.items() if ascii == "" or ascii in _NAME_PUNCT
)
# A letter, a combining mark (an accent of a name written decomposed, NFD, as some
# keyboards and macOS file names do) or a space is never a bad character.
_BAD_CHAR = r"[^\p{L}\p{M}\s" + "".join(f"\\x{{{ord(c):X}}}" for c in _NAME_PUNCT_ALL) + "]"


def _flags(work: pl.DataFrame) -> pl.DataFrame:
    nama = work["nama"].cast(pl.String)
    parts = pl.DataFrame({"nama": nama, "repeated": _repeated(nama),
                          "non_latin": _non_latin(nama)})
    name = pl.col("nama")
    # cheap, fast-failing regexes over the raw text: no copy of ten million names
    parts = parts.select(
        (name.is_null() | ~name.str.contains(r"\S")).alias("empty"),
        (name.str.contains(_PLACEHOLDER) | name.str.contains(_NO_LETTER) | pl.col("repeated"))
        .alias("unnamed"),
        (name.str.contains(_STRONG_ONLY)
         | (name.str.contains(".", literal=True) & name.str.contains(_ANY_ONLY))).alias("titles"),
        name.str.contains(_ONE_LETTER).alias("one"),
        name.str.contains(_BAD_CHAR).alias("bad"),
        pl.col("non_latin"),
    )  # fmt: skip
    empty, unnamed = pl.col("empty"), pl.col("unnamed")
    named = ~empty & ~unnamed
    title_only = named & pl.col("titles")
    return parts.select(
        empty.alias("name_empty"),
        (~empty & unnamed).alias("name_placeholder"),
        title_only.alias("name_title_only"),
        (named & ~title_only & pl.col("one")).alias("name_one_letter"),
        (named & pl.col("bad")).alias("name_bad_chars"),
        (named & pl.col("non_latin")).alias("name_non_latin"),
    )


def run(work: pl.DataFrame, ctx: Context) -> tuple[pl.DataFrame, list[pl.LazyFrame]]:
    """Emit the six name checks (nothing is added to the work frame)."""
    if "nama" not in work.columns:
        return work, []
    flags = _flags(work)
    lazy = pl.concat([work.select("_row", "id", "_kode_desa", "nama"), flags],
                     how="horizontal").lazy()  # fmt: skip
    out = []
    for name in flags.columns:
        if ctx.wants(name):
            out.append(emit(ctx, name, lazy.filter(pl.col(name)), {"name": shown(pl.col("nama"))}))
    return work, out
