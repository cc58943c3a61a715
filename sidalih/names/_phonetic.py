"""An Indonesian phonetic key for name tokens, for blocking.

No published Indonesian phonetic code is packaged anywhere, so this one is designed
here. It works on a *normalised* token (lower-case a–z, old spelling already folded:
``oe→u``, ``dj→j``, ``tj→c``, ``sj→sy``, ``ch→kh``) and applies these rules in order.
Each rule exists because the two spellings it merges are written for the same name in
real lists; each merge also has a cost, named in the last column.

====  =====================  ==================================  =================================
rule  rewrite                merges                              cost / why not more
====  =====================  ==================================  =================================
 1    ``kh → h``             Khadijah/Hadijah, Akhmad/Ahmad      runs before rule 2 so Iskhak and
                                                                 Ishak both reach ``isak``
 2    ``sh, sy, ts → s``     Sholeh/Soleh, Syamsul/Samsul,       Ishak/Isak also merge (harmless)
                             Tsabit/Sabit
 3    ``dz, z → j``          Zainal/Jainal, Dzikri/Zikri         ``s`` is kept apart: with ``s``
                                                                 every J-name would meet an
                                                                 S-name (Joko/Soko, Jono/Sono)
 4    ``dh → d, th → t,``    Ramadhan/Ramadan, Thoha/Toha,
      ``gh → g``             Ghani/Gani
 5    ``ph, f, v → p``       Fatimah/Patimah, Yusuf/Yusup,
                             Vivi/Fifi
 6    ``q → k, x → ks``      Qomar/Komar, Rifqi/Rifki
 7    ``ae → ai``            Zaenal/Zainal, Saepul/Saiful        (Sundanese spelling of *ai*)
 8    ``o → a``              Sholeh/Saleh, Rohmat/Rahmat,        Javanese writes Arabic and
                             Joko/Jaka, Sastro/Sastra            Sanskrit *a* as *o*; Rina/Rino
                                                                 share a key (sex tells them
                                                                 apart, not the name)
 9    ``y → i``              Rizky/Rizki, Mulyadi/Muliadi,       ``j`` is never merged with ``y``
                             Surya/Suria                         here: Joko/Yoko stay apart
 10   doubled letters → one  Hassan/Hasan, Abdullah/Abdulah,
                             Sa'ad/Saat (with rule 12)
 11   final ``h`` after a    Fatimah/Fatima, Sholeh/Sole
      vowel dropped
 12   final ``d → t``,       Ahmad/Ahmat, Yakub/Yakup            the final consonant is devoiced
      final ``b → p``                                            in speech
====  =====================  ==================================  =================================

Vowels other than ``o`` keep their own class (``a``, ``e``, ``i``, ``u``), so Putra/
Putri, Hasan/Husein, Hasan/Husain and Yuni/Yani keep different keys. Known misses,
kept on purpose because the fix would merge far more different names: Husein/Husin
(``e``/``i``), Slamet/Selamet and Putra/Putera (an inserted ``e``), Chandra/Candra
(``ch`` is folded to ``kh`` as old spelling), Omar/Umar (initial ``o`` is ``a`` here),
Jusuf/Yusuf (an old ``j`` with no other old-spelling mark in the word). The first and
the last are met before the key for the Arabic names listed word by word
(:data:`sidalih.names._lexicon.ARABIC_VARIANTS`: Omar and Osman are Umar and Usman,
Jusuf is Yusuf in ``nama_norm`` and so in the key).

The whole-name key is the space-joined keys of the name tokens, leaving out initials,
``muhammad`` and the Balinese gender words ``i``/``ni`` (unless nothing else is left);
the token key is the key of the most informative token (see :func:`sidalih.names.parse`).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

import polars as pl

__all__ = ["RULES", "FINAL_RULES", "key_series", "key_token_py", "key_of"]

# (pattern, replacement) in order; "$" anchors and groups follow Rust regex syntax.
RULES: tuple[tuple[str, str], ...] = (
    ("kh", "h"),
    ("sh|sy|ts", "s"),
    ("dz|z", "j"),
    ("dh", "d"),
    ("th", "t"),
    ("gh", "g"),
    ("ph|f|v", "p"),
    ("q", "k"),
    ("x", "ks"),
    ("ae", "ai"),
    ("o", "a"),
    ("y", "i"),
)
FINAL_RULES: tuple[tuple[str, str], ...] = (
    ("([aeiu])h$", "${1}"),
    ("d$", "t"),
    ("b$", "p"),
)


_DOUBLE = "|".join(letter + letter for letter in string.ascii_lowercase)


def _collapse(expr: pl.Expr) -> pl.Expr:
    # Rust regex has no back-references, so runs are collapsed letter by letter.
    for letter in string.ascii_lowercase:
        expr = expr.str.replace_all(letter + letter + "+", letter)
    return expr


def key_series(tokens: pl.Series) -> pl.Series:
    """The phonetic key of each normalised token (rules 1-12 of the module table)."""
    rules, collapse, final = _exprs()
    keys = tokens.to_frame("t").select(rules)["t"]
    doubled = keys.str.contains(_DOUBLE).fill_null(False)
    idx = doubled.arg_true()
    if len(idx):
        keys = keys.scatter(idx, keys.gather(idx).to_frame("t").select(collapse)["t"])
    return keys.to_frame("t").select(final)["t"].rename(tokens.name)


@lru_cache(maxsize=1)
def _exprs() -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Rules 1-9, rule 10 and rules 11-12 over a column ``t`` (built once)."""
    rules = pl.col("t")
    for pattern, replacement in RULES:
        rules = rules.str.replace_all(pattern, replacement)
    final = pl.col("t")
    for pattern, replacement in FINAL_RULES:
        final = final.str.replace(pattern, replacement)
    return rules, _collapse(pl.col("t")), final


# The same rules for Python's re, for a few tokens (a look-up's new words) where a
# polars query's fixed cost is most of the time. Rust's "$" is the end of the text;
# Python's also matches before a final newline, so \Z stands for it (key_of takes
# only the tokeniser's a-z words, where the two read every rule alike).
_PY_RULES = tuple((re.compile(pattern), replacement) for pattern, replacement in RULES)
_PY_COLLAPSE = tuple((re.compile(letter + letter + "+"), letter) for letter in string.ascii_lowercase)
_PY_FINAL = tuple((re.compile(pattern.replace("$", r"\Z")), replacement.replace("${1}", r"\1"))
                  for pattern, replacement in FINAL_RULES)  # fmt: skip
_PY_DOUBLE = re.compile(_DOUBLE)


def key_of(token: str) -> str:
    """:func:`key_series` of one token in plain Python: the same rules through ``re``.

    For the tokeniser's words (lower-case a-z, a comma); ``tests/test_lookup_paths.py``
    holds it to :func:`key_series`.

    Examples
    --------
    >>> key_of("sholeh"), key_of("ahmad"), key_of("hassan")
    ('sale', 'ahmat', 'hasan')
    """
    for pattern, replacement in _PY_RULES:
        token = pattern.sub(replacement, token)
    if _PY_DOUBLE.search(token):
        for pattern, replacement in _PY_COLLAPSE:
            token = pattern.sub(replacement, token)
    for pattern, replacement in _PY_FINAL:
        token = pattern.sub(replacement, token, count=1)
    return token


def key_token_py(token: str) -> str:
    """The phonetic key of one normalised token (same rules, plain Python).

    Examples
    --------
    >>> key_token_py("sholeh"), key_token_py("saleh"), key_token_py("putri")
    ('sale', 'sale', 'putri')
    """
    return str(key_series(pl.Series([token], dtype=pl.String))[0])
