"""Name checks, on the name as written (no normalisation needed, so they stay cheap).

At most one of ``name_empty``, ``name_placeholder``, ``name_title_only`` and
``name_one_letter`` applies to a row, in that order; ``name_bad_chars`` is independent
(a real name may carry a stray digit) but not reported on empty or placeholder names.

- placeholder: what is written when the name is unknown: ``NN``, ``N.N.``, ``TANPA
  NAMA``, ``TIDAK ADA``, ``NO NAME``, ``-``, ``?``, ``XXX``; any name whose letters are
  one letter repeated three times or more (``AAAA``); a name with no letter at all.
- title only: every word is a title of :mod:`sidalih.names` (``H.``, ``Dr.``, ``S.Pd.``,
  ``Ida Bagus``...). Two-letter degrees that are also name words (``SE``, ``MA``) count
  only when the name has a dot; titles that are also given names (``Andi``, ``Gusti``)
  never do: a voter may be called just that.
- one letter: a single letter (``A``, ``M.``): single *names* are common, single
  letters are not names.
- bad characters: digits or symbols other than spaces, ``.``, ``,``, ``'``, ``-``.
"""

from __future__ import annotations

import re

import polars as pl

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


def _alternation(words: object) -> str:
    return "|".join(re.escape(str(w)) for w in sorted(words, key=lambda w: (-len(w), w)))  # type: ignore[attr-defined]


_PAIRS = [f"{head} {tail}" for head, tails in PAIR_TITLES.items() for tail in tails]
_STRONG = _alternation([*_PAIRS, *PREFIX_TITLES, *SUFFIX_STRONG])
_ALL = _alternation([*_PAIRS, *PREFIX_TITLES, *SUFFIX_STRONG, *SUFFIX_WEAK])
_TITLES_ONLY = r"^(?:(?:{})(?: |$))+$"


def _compact(name: pl.Expr) -> pl.Expr:
    """Lower case, dots and apostrophes dropped, other separators as single spaces."""
    return (
        name.str.to_lowercase()
        .str.replace_all(r"[.'’`]", "")
        .str.replace_all(r"[\s,;/]+", " ")
        .str.strip_chars()
    )


def _flags(work: pl.DataFrame) -> pl.DataFrame:
    nama = pl.col("nama").cast(pl.String)
    # derived texts are materialised first: one deep expression re-evaluates them per use
    parts = work.select(
        nama.alias("nama"),
        nama.str.replace_all(r"[^\p{L}]", "").str.to_uppercase().alias("letters"),
        nama.str.to_uppercase().str.replace_all(r"[^\p{L}]+", " ").str.strip_chars().alias("words"),
        _compact(nama).alias("compact"),
    )
    nama, letters, words, compact = (pl.col(c) for c in parts.columns)
    n_letters = letters.str.len_chars()
    repeated = (n_letters >= 3) & (
        letters.str.strip_chars(letters.str.slice(0, 1)).str.len_chars() == 0
    )
    parts = parts.with_columns(
        (nama.is_null() | (nama.str.strip_chars().str.len_chars() == 0)).alias("empty"),
        (words.is_in(pl.Series(sorted(PLACEHOLDER_NAMES)).implode()) | (n_letters == 0) | repeated)
        .alias("unnamed"),
        compact.str.contains(_TITLES_ONLY.format(_STRONG)).alias("strong"),
        (nama.str.contains(".", literal=True) & compact.str.contains(_TITLES_ONLY.format(_ALL)))
        .alias("dotted"),
        (n_letters == 1).alias("one"),
        nama.str.contains(r"[^\p{L}\s.,'’`\-]").alias("bad"),
    )  # fmt: skip
    empty = pl.col("empty")
    placeholder = ~empty & pl.col("unnamed")
    title_only = ~empty & ~pl.col("unnamed") & (pl.col("strong") | pl.col("dotted"))
    return parts.select(
        empty.alias("name_empty"),
        placeholder.alias("name_placeholder"),
        title_only.alias("name_title_only"),
        (~empty & ~pl.col("unnamed") & ~title_only & pl.col("one")).alias("name_one_letter"),
        (~empty & ~pl.col("unnamed") & pl.col("bad")).alias("name_bad_chars"),
    )


def run(work: pl.DataFrame, ctx: Context) -> tuple[pl.DataFrame, list[pl.LazyFrame]]:
    """Emit the five name checks (nothing is added to the work frame)."""
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
