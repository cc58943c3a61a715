"""Indonesian names: normalisation, titles, old-spelling folds, tokens, phonetic keys.

Every function takes a pandas or polars Series (returning the same kind) or a single
``str`` (returning a ``str``); a list works too and comes back as a list. Missing
values (``None``, NaN, empty or nothing left after cleaning, anything that is not
text) come back as null; no row is ever dropped and nothing raises on bad text.

What :func:`normalise` does, step by step (each step is explained in its module):

1. **Clean** (:mod:`._normalise`): Unicode to ASCII, a digit misread inside a word
   read as its letter (``Kh0timah``, ``Sara6ih``, ``Sutarn0``), lower case, apostrophes
   out, ``D O D I`` → ``dodi``, punctuation and other digits separate words.
2. **Pieces and folds** (:mod:`._tokens`): a dotted token is one title (``S.Pd.``) or
   several words (``M.Yusuf``); old spelling is folded (``oe→u``, ``dj→j``, ``tj→c``,
   ``sj→sy``, ``ch→kh``, ``nj→ny``; ``j→y`` only in a word with another mark);
   Muhammad and Abdul spellings and abbreviations become ``muhammad``/``abdul``
   (``Moh.``, ``Mochammad``, ``Abd.``); a lone ``M.`` stays the initial ``m``; ``q→k``;
   Arabic names' Indonesian spellings, listed word by word, become one (Sholeh/Soleh
   → ``saleh``, Omar → ``umar``; never a vowel fold, which would merge twins' names).
3. **Positions** (:mod:`._kernel`): titles are removed only where titles stand (prefix
   run, suffix run, after a comma) and returned in ``titles``; a degree written with its
   dots and a part of two letters (``S.Pd.``, ``A.Md.Kep.``) is a title in the prefix
   run too (``S.H.`` first may be initials), and ``R. A.`` is ``R.A.`` written apart
   (two initials pair only with each other: ``Ida A. Sari`` keeps ``a``);
   ``bin``/``binti`` and the father's name go to ``patronymic``; ``alias``/``als``/``(``
   and the person's other name after it go to ``alias``; ``St.`` as the first name
   word, another after it, is Siti (``St. Aminah``; a degree ``S.T.`` at the end).
4. **Keys** (:mod:`._phonetic`): an Indonesian phonetic key, rule by rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, overload

import numpy as np
import polars as pl

from sidalih._frames import caller_rows, frame_from_polars, series_from_polars, series_to_polars
from sidalih.errors import InputTypeError
from sidalih.names._freq import token_frequencies
from sidalih.names._normalise import PARSE_SCHEMA, parse_polars

__all__ = [
    "PARSE_SCHEMA",
    "normalise",
    "parse",
    "phonetic_key",
    "token_frequencies",
    "tokens_compatible",
]


def _missing_one(value: Any) -> bool:
    """One missing value as pandas hands it over (``Series.map``, ``frame.loc[i, "nama"]``):
    None, NaN, ``pd.NA`` or ``pd.NaT``; it is a missing name, not a wrong type."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _column(values: Any, column: str) -> Any:
    if _missing_one(values):
        return None
    if isinstance(values, str):
        parsed = parse_polars(pl.Series("nama", [values], dtype=pl.String), columns=[column])
        return parsed[column][0]
    if isinstance(values, (bytes, int, float)) or not hasattr(values, "__len__"):
        # one value that is not text: the functions take one name as a str themselves
        raise InputTypeError(
            f"a name is text: pass a str (or None), or a Series, array or list of names; "
            f"got {type(values).__name__}")
    series, kind = series_to_polars(values, name="nama")
    out = parse_polars(series, columns=[column])[column].rename(series.name)
    return series_from_polars(out, kind, rows=caller_rows(values))


@overload
def normalise(values: str) -> str | None: ...
@overload
def normalise(values: Any) -> Any: ...
def normalise(values: Any) -> Any:
    """Normalised full name: lower-case ASCII words, titles and patronymic removed.

    Parameters
    ----------
    values
        A name, or a pandas/polars Series (or list) of names.

    Returns
    -------
    str, None or Series of the kind given
        Idempotent: ``normalise(normalise(x)) == normalise(x)``.

    Examples
    --------
    >>> normalise("Dr. H. Moch. Soekarno, S.H.")
    'muhammad sukarno'
    >>> import polars as pl
    >>> normalise(pl.Series(["DJOKO  Soejono", "Ahmad bin Umar", "D O D I", None])).to_list()
    ['joko suyono', 'ahmad', 'dodi', None]
    >>> normalise(float("nan")) is None  # a missing name, as pandas' Series.map gives it
    True
    """
    return _column(values, "nama_norm")


def phonetic_key(values: Any) -> Any:
    """Whole-name Indonesian phonetic key (see :mod:`sidalih.names._phonetic`).

    Examples
    --------
    >>> phonetic_key("Moh. Sholeh"), phonetic_key("Muhammad Saleh")
    ('sale', 'sale')
    >>> phonetic_key("Putra") == phonetic_key("Putri")
    False
    """
    return _column(values, "phonetic_key")


def parse(values: Any, *, columns: Sequence[str] | None = None) -> Any:
    """Every part of each name, one row per input (the same frame kind as the input).

    Columns (see :data:`PARSE_SCHEMA`): ``nama_norm`` (as :func:`normalise`), ``titles``
    (canonical compact titles, e.g. ``["dr", "h", "sh"]``), ``patronymic`` (after
    ``bin``/``binti``), ``alias`` (the other name after ``alias``, ``als`` or an opening
    parenthesis: ``Budi Santoso (Tan Bun Hok)``, ``Tan Bun Hok alias Budi Santoso``;
    the name before it is the one compared), ``tokens``, ``low_info`` (per token: Balinese gender and birth
    order, ``muhammad``, ``abdul``), ``token_roles`` (per token: ``gender``,
    ``birth_order``, ``muhammad``, ``abdul``, ``initial`` or ``name``),
    ``phonetic_key`` (whole name, leaving out initials, ``muhammad`` and ``i``/``ni``
    unless nothing else is left), ``key_token`` (key of the most informative token:
    the longest token that is not low-information and not an initial, the later one
    on a tie; else the last token), ``first_token``, ``last_token``.

    Parameters
    ----------
    values
        A name, or a pandas/polars Series (or list) of names.
    columns
        Compute only these columns (all by default); the rest of the work is shared.

    Examples
    --------
    >>> row = parse(["I Md. Suta bin Wayan, S.Pd."]).row(0, named=True)
    >>> row["nama_norm"], row["titles"], row["patronymic"], row["low_info"]
    ('i made suta', ['spd'], 'wayan', [True, True, False])
    >>> row["phonetic_key"], row["key_token"]
    ('made suta', 'suta')
    """
    if _missing_one(values) or isinstance(values, str):
        one = None if _missing_one(values) else values
        return parse_polars(pl.Series("nama", [one], dtype=pl.String), columns=columns)
    series, kind = series_to_polars(values, name="nama")
    parsed = parse_polars(series, columns=columns)
    if kind == "pandas":
        return frame_from_polars(parsed, "pandas", rows=caller_rows(values))
    return parsed if kind in ("polars", "list", "numpy") else frame_from_polars(parsed, kind)


def tokens_compatible(a: str, b: str) -> bool:
    """True when two normalised tokens may name the same word: equal, or one is an
    initial (a single letter) that starts the other.

    Examples
    --------
    >>> tokens_compatible("m", "muhammad"), tokens_compatible("m", "yusuf")
    (True, False)
    """
    if not isinstance(a, str) or not isinstance(b, str):
        raise InputTypeError(
            f"tokens_compatible compares two tokens (str), got {type(a).__name__} "
            f"and {type(b).__name__}"
        )
    if a == b:
        return True
    if len(a) == 1 and b:
        return b[0] == a
    if len(b) == 1 and a:
        return a[0] == b
    return False
