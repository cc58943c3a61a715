"""Per-token work, done once per *unique* raw token with polars string expressions.

A raw token is what the tokeniser cut out of a cleaned name: letters with inner or
trailing dots (``moh.``, ``s.pd.``, ``m.yusuf``) or a comma. This module turns the
unique raw tokens into pieces (a dotted token is one title or several words), folds
old spelling, maps variants to canonical tokens, and attaches flags and keys. A degree
written with its dots and a part of two letters (``S.Pd.``, ``A.Md.Kep.``) is flagged a
title at the start of a name as well as at its end: no initials are written so, while
``S.H.`` or ``M.A.`` first in a name may be a person's initials and stays a word there.

Old-spelling folds (EYD 1972 replaced the Van Ophuijsen/Soewandi letters):

==========  =====================================================================
fold        when
==========  =====================================================================
``oe → u``  always (Soekarno → sukarno)
``dj → j``  always (Djoko → joko)
``tj → c``  always (Tjipto → cipto)
``sj → sy`` always (Sjahrir → syahrir)
``ch → kh`` always (Chairul → khairul)
``nj → ny`` at the start of a word always (Njoman → nyoman); inside a word only
            when the word has another mark: modern spelling writes *nj* for the sound
            old spelling wrote *ndj* (Sanjaya = Sandjaja, Panji, Panjaitan)
``j → y``   only when the word has another mark (Soejono → suyono, Djojo → joyo);
            otherwise Joko would become Yoko
==========  =====================================================================

The marks are ``oe``, ``dj``, ``tj``, ``sj``, ``ch`` and a word-initial ``nj``.

After the old-spelling folds, one spelling fold that is not old spelling
(:func:`spell_expr`): ``q → k`` always. Indonesian writes the Arabic *qaf* either way
and says both as *k* (Qomariah/Komariah, Taufiq/Taufik, Ishaq/Ishak, Rifqi/Rifki);
no two names differ by it, so it goes into ``nama_norm``, where an initial ``K.`` then
stands for ``Qomariah`` too. (The phonetic key's ``q → k`` rule stays for the keys of
words given to it directly.)

Canonical words (:data:`._lexicon.CANONICAL`) come last: Muhammad's and Abdul's
spellings and abbreviations, Balinese birth-order abbreviations, Siti's spellings, and
Arabic names written the Indonesian ways, word by word (Sholeh/Soleh → ``saleh``, Omar
→ ``umar``, Ibrohim → ``ibrahim``: :data:`._lexicon.ARABIC_VARIANTS`).

A few new tokens (a look-up's unseen words, up to :data:`SMALL_PIECES`) take the same
rules in plain Python (:func:`_pieces_py`, :func:`._phonetic.key_of`): a dozen polars
queries cost about 3 ms whatever the number of tokens. ``tests/test_lookup_paths.py``
holds them to :func:`token_table`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import polars as pl

from sidalih.names import _lexicon as lx
from sidalih.names._phonetic import key_of, key_series

__all__ = [
    "MUHAMMAD_PATTERN", "SMALL_TOKENS", "fold_expr", "token_table", "cached_token_table",
    "token_rows",
]

MUHAMMAD_PATTERN = r"^m[ou](h|kh)?a?mm?[ae](dd?|t)$"
_MARK = r"oe|dj|tj|sj|ch|^nj"
_FLAGS = lx.token_flags()
_TITLE_WORDS = sorted(lx.title_words())
# A title that may end a dotted token after an initial (``K.M.Pd.``): degrees and prefix
# titles, not a two-word title's initials (``M.I.B.`` is three initials, not M. + I.B.)
_TAIL_TITLES = sorted(lx.title_words() - lx.PAIR_INITIALS)
_SUFFIX_WORDS = sorted(lx.SUFFIX_STRONG | lx.SUFFIX_WEAK)
_STRONG_WORDS = sorted(lx.SUFFIX_STRONG)
#: A part of a dotted token that is no initial: two letters or more (the ``Pd`` of ``S.Pd.``)
_WORD_PART = r"[a-z]{2}"


def fold_expr(word: pl.Expr) -> pl.Expr:
    """Fold old spelling in a column of lower-case words (see the module table)."""
    marked = word.str.contains(_MARK)
    # "J" (upper case, never in input) holds a j that came from dj until j→y is done.
    base = (
        word.str.replace_all("oe", "u", literal=True)
        .str.replace_all("dj", "J", literal=True)
        .str.replace_all("tj", "c", literal=True)
        .str.replace_all("sj", "sy", literal=True)
        .str.replace_all("ch", "kh", literal=True)
        .str.replace("^nj", "ny")
    )
    with_marks = base.str.replace_all("nj", "ny", literal=True).str.replace_all(
        "j", "y", literal=True
    )
    folded = pl.when(marked).then(with_marks).otherwise(base)
    return folded.str.replace_all("J", "j", literal=True)


def spell_expr(word: pl.Expr) -> pl.Expr:
    """The spelling folds after old spelling (see the module docstring): ``q → k``."""
    return word.str.replace_all("q", "k", literal=True)


def _spell_py(word: str) -> str:
    """:func:`spell_expr` on one word."""
    return word.replace("q", "k")


def _on_subset(values: pl.Series, mask: pl.Series, fn: Callable[[pl.Expr], pl.Expr]) -> pl.Series:
    """Apply ``fn`` only to the rows where ``mask`` holds (most tokens need nothing)."""
    idx = mask.fill_null(False).arg_true()
    if len(idx) == 0:
        return values
    changed = values.gather(idx).to_frame("v").select(fn(pl.col("v")))["v"]
    return values.scatter(idx, changed)


def fold_series(words: pl.Series) -> pl.Series:
    """Fold old spelling to its fixed point (a fold can expose a new mark: tjh → ch)."""
    for _ in range(8):
        marked = words.str.contains(_MARK)
        if not marked.any():
            break
        words = _on_subset(words, marked, fold_expr)
    return words


def _pieces(raw: pl.Series) -> pl.DataFrame:
    """Split dotted raw tokens that are not titles into their words (:func:`_words`)."""
    dotted = raw.str.contains(".", literal=True)
    compact = raw.str.replace_all(".", "", literal=True)
    is_title = pl.Series([False] * len(raw), dtype=pl.Boolean)
    if dotted.any():
        folded = fold_series(compact.filter(dotted))
        is_title = is_title.scatter(dotted.arg_true(), folded.is_in(_TITLE_WORDS))
    split = dotted & ~is_title
    df = pl.DataFrame({"tok": raw, "tid": np.arange(len(raw), dtype=np.int64), "dotted": dotted,
                       "piece": compact})  # fmt: skip
    if split.any():
        words = df.filter(split).with_columns(piece=_words(raw.filter(split))).explode("piece")
        df = pl.concat([df.filter(~split), words]).sort("tid", maintain_order=True)
    return df.filter(pl.col("piece").str.len_bytes() > 0)


#: Most words a dotted token's title may end with (``S.Pd.I``, ``A.Md.Keb``).
_TAIL_WORDS = 3


def _words(tokens: pl.Series) -> pl.Series:
    """The words of dotted tokens that are not one title, where the words after the
    first may make one (``K.M.Pd.`` → ``k``, ``mpd``; ``M.S.H.`` → ``m``, ``sh``): the
    tokeniser joins an initial to a degree after it (``Yana K. M.Pd.``), which is a
    degree all the same. A title of one word needs nothing here (its word is a title).
    """
    frame = tokens.to_frame("t").select(
        w=pl.col("t").str.split(".").list.eval(pl.element().filter(pl.element() != ""))
    )
    frame = frame.with_columns(n=pl.col("w").list.len(), cut=pl.lit(0, dtype=pl.UInt32))
    # the longest tail that is a title wins: shorter ones first, each overwritten
    for size in range(2, _TAIL_WORDS + 1):
        tail = frame.select(pl.col("w").list.slice(pl.col("n") - size).list.join(""))["w"]
        found = (frame["n"] > size) & fold_series(tail).is_in(_TAIL_TITLES)
        frame = frame.with_columns(cut=pl.when(pl.lit(found)).then(size).otherwise("cut"))
    cut = pl.col("n") - pl.col("cut")
    return frame.select(
        pl.when(pl.col("cut") > 0)
        .then(pl.concat_list(pl.col("w").list.slice(0, cut), pl.col("w").list.slice(cut).list.join("")))
        .otherwise(pl.col("w"))
    ).to_series()


# Abd + the Arabic article + a name, written as one word: the article's l is said as the
# name's first letter where that is a "sun letter" (Abdurrahman, Abdussalam, Abdunnasir),
# and kept before the others (Abdulkadir, Abdulaziz, also Abdulrahman). Abdullah (Abd +
# Allah) is a name of its own and stays whole.
_ABDUL_L = r"^abdul([a-z]{3,})$"
_ABDUL_SUN = r"^abdu([rsntdz][a-z]{2,})$"
_ALLAH = ("lah", "loh", "llah", "lloh", "laah", "lahi", "lohi")
_SUN_DOUBLES = "|".join(c + c for c in "rsntdz")


def _split_abdul(df: pl.DataFrame) -> pl.DataFrame:
    """Rows whose folded piece is Abd + article + name written as one word become two
    pieces, ``abdul`` and the name, as ``Abd. Rahman`` is read (Abdurrahman → abdul
    rahman, Abdussalam → abdul salam, Abdulkadir → abdul kadir; Abdullah stays)."""
    folded = df.get_column("folded")
    rest = _abdul_rest(folded)
    found = rest.is_not_null()
    if not found.any():
        return df
    df = df.with_row_index("_seq").with_columns(_rest=rest)
    two = (
        df.filter(found)
        .with_columns(folded=pl.concat_list(pl.lit("abdul"), pl.col("_rest")))
        .explode("folded")
        .with_columns(piece=pl.col("folded"))
    )
    out = pl.concat([df.filter(~found), two]).sort("_seq", maintain_order=True)
    return out.drop("_seq", "_rest")


def _abdul_rest(folded: pl.Series) -> pl.Series:
    """The name after Abd + article in one word (see :func:`_split_abdul`), else null."""
    frame = folded.to_frame("f").select(
        l=pl.col("f").str.extract(_ABDUL_L, 1),
        sun=pl.col("f").str.extract(_ABDUL_SUN, 1),
    )
    sun = pl.col("sun")
    # the article said as the sun letter doubles it: one of the two is the article's
    sun = pl.when(sun.str.contains(f"^(?:{_SUN_DOUBLES})")).then(sun.str.slice(1)).otherwise(sun)
    rest = pl.when(pl.col("l").is_in(_ALLAH)).then(None).otherwise(pl.coalesce("l", sun))
    return frame.select(pl.when(rest.str.len_bytes() >= 3).then(rest).alias("rest"))["rest"]


def _abdul_py(word: str) -> list[str]:
    """:func:`_split_abdul` on one folded word: its pieces."""
    found = _ABDUL_L_PY.match(word)
    if found:
        rest = found.group(1)
        return [word] if rest in _ALLAH else ["abdul", rest]
    found = _ABDUL_SUN_PY.match(word)
    if found:
        rest = found.group(1)
        if rest[:2] in _SUN_DOUBLES.split("|"):
            rest = rest[1:]
        if len(rest) >= 3:
            return ["abdul", rest]
    return [word]


_ABDUL_L_PY = re.compile(_ABDUL_L.replace("$", r"\Z"))
_ABDUL_SUN_PY = re.compile(_ABDUL_SUN.replace("$", r"\Z"))


def token_table(raw: pl.Series) -> pl.DataFrame:
    """One row per piece of each unique raw token.

    Columns: ``tid`` (position of the raw token in ``raw``; rows are in ``tid`` order),
    ``tok`` (the raw token), ``piece`` (canonical word), ``flags`` (int32 bit set, see
    :mod:`._lexicon`), ``key`` (phonetic key), ``length``, ``role_label``.
    """
    df = _pieces(raw)
    canonical, flags, role_label = _table_exprs()
    df = df.with_columns(folded=fold_series(df["piece"])).with_columns(
        folded=spell_expr(pl.col("folded"))
    )
    df = _split_abdul(df).with_columns(canonical)
    return df.select(
        "tid",
        "tok",
        "piece",
        flags.cast(pl.Int32).alias("flags"),
        pl.lit(key_series(df["piece"])).alias("key"),
        pl.col("piece").str.len_bytes().cast(pl.Int32).alias("length"),
        role_label.alias("role_label"),
    )


@lru_cache(maxsize=1)
def _table_exprs() -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """The canonical piece, its flags and its role label (built once: the lexicon
    literals cost more to build than a few tokens cost to run)."""
    canonical = (
        pl.when(pl.col("folded").str.contains(MUHAMMAD_PATTERN))
        .then(pl.lit("muhammad"))
        .otherwise(pl.col("folded").replace(lx.CANONICAL))
    )
    flags = (
        pl.col("piece").replace_strict(_FLAGS, default=0, return_dtype=pl.Int32)
        | pl.when(pl.col("piece").str.len_bytes() == 1).then(lx.F_INITIAL | lx.F_NOKEY).otherwise(0)
        | pl.when(pl.col("folded") == "md").then(lx.F_MD).otherwise(0)
        | pl.when(pl.col("folded") == "ny").then(lx.F_MD | lx.F_NY).otherwise(0)
        # A dotted degree (S.E., M.M.) is unmistakable even when short.
        | pl.when(pl.col("dotted") & pl.col("piece").is_in(_SUFFIX_WORDS))
        .then(lx.F_SUFFIX)
        .otherwise(0)
        # ... and a title at the start too where a part has two letters (S.Pd.,
        # A.Md.Kep.), as initials never do (S.H., M.A. there may be initials)
        | pl.when(pl.col("dotted") & pl.col("tok").str.contains(_WORD_PART)
                  & pl.col("piece").is_in(_STRONG_WORDS))
        .then(lx.F_PREFIX)
        .otherwise(0)
    )
    return canonical.alias("piece"), flags, _role_label(pl.col("piece"), flags)


TABLE_SCHEMA: dict[str, pl.DataType] = {
    "tid": pl.Int64(), "tok": pl.String(), "piece": pl.String(), "flags": pl.Int32(),
    "key": pl.String(), "length": pl.Int32(), "role_label": pl.String(),
}  # fmt: skip
SMALL_TOKENS = 1024
"""Up to this many distinct tokens, :func:`cached_token_table` answers from its memo."""
_MEMO_LIMIT = 200_000
# raw token -> its pieces' (piece, flags, key, length, role_label), in table order
_MEMO: dict[str, tuple[tuple[str, int, str, int, str], ...]] = {}


def cached_token_table(raw: pl.Series) -> pl.DataFrame:
    """:func:`token_table`, remembering each token's rows between calls.

    A table row depends on its token alone, so a token's rows computed in one call are
    its rows in every call: a look-up of a few names costs a dictionary read per token
    instead of a dozen polars passes (a new token still takes one :func:`token_table`
    call, with the other new tokens of the batch). Many distinct tokens (a whole list)
    take :func:`token_table` directly and leave the memo alone, which stays bounded.
    """
    if len(raw) > SMALL_TOKENS or raw.null_count():
        return token_table(raw)
    return pl.DataFrame(token_rows(raw.to_list()), schema=TABLE_SCHEMA, orient="row")


def token_rows(tokens: list[str]) -> list[tuple[int, str, str, int, str, int, str]]:
    """The rows of :func:`token_table` for a few distinct tokens, from the memo."""
    known: dict[str, tuple[tuple[str, int, str, int, str], ...]] = {}
    missing = []
    for token in dict.fromkeys(tokens):
        found = _MEMO.get(token)
        if found is None:
            missing.append(token)
        else:
            known[token] = found
    if missing:
        fresh = _pieces_of(missing)
        if len(_MEMO) + len(fresh) > _MEMO_LIMIT:
            _MEMO.clear()
        _MEMO.update(fresh)
        known.update(fresh)  # read from here: another thread may clear the memo
    rows: list[tuple[int, str, str, int, str, int, str]] = []
    for tid, token in enumerate(tokens):
        rows.extend((tid, token, *piece) for piece in known[token])
    return rows


SMALL_PIECES = 64
"""Up to this many new tokens, their rows are computed in Python (:func:`_pieces_py`)."""
# What the tokeniser cuts (and "made"): the Python rules below read these as polars does.
_TOKEN_TEXT = re.compile(r"[a-z.,(]+\Z")


def _pieces_of(tokens: list[str]) -> dict[str, tuple[tuple[str, int, str, int, str], ...]]:
    if len(tokens) <= SMALL_PIECES and all(_TOKEN_TEXT.match(t) for t in tokens):
        return {token: _pieces_py(token) for token in tokens}
    table = token_table(pl.Series(tokens, dtype=pl.String))
    pieces: list[list[tuple[str, int, str, int, str]]] = [[] for _ in tokens]
    for tid, _, piece, flags, key, length, label in table.iter_rows():
        pieces[tid].append((piece, flags, key, length, label))
    return {token: tuple(found) for token, found in zip(tokens, pieces, strict=True)}


def _fold_py(word: str) -> str:
    """:func:`fold_expr` on one word (``str.replace`` replaces as polars' literal
    ``replace_all`` does: left to right, never overlapping)."""
    marked = _MARK_PY.search(word) is not None
    base = (word.replace("oe", "u").replace("dj", "J").replace("tj", "c")
            .replace("sj", "sy").replace("ch", "kh"))  # fmt: skip
    if base.startswith("nj"):
        base = "ny" + base[2:]
    if marked:
        base = base.replace("nj", "ny").replace("j", "y")
    return base.replace("J", "j")


_MARK_PY = re.compile(_MARK)
_MUHAMMAD_PY = re.compile(MUHAMMAD_PATTERN)
_SUFFIX_SET = frozenset(_SUFFIX_WORDS)
_TITLE_SET = frozenset(_TITLE_WORDS)
_TAIL_SET = frozenset(_TAIL_TITLES)
_WORD_PART_PY = re.compile(_WORD_PART)


def _fold_py_series(word: str) -> str:
    """:func:`fold_series` on one word: folds to the fixed point (at most eight)."""
    for _ in range(8):
        if not _MARK_PY.search(word):
            break
        word = _fold_py(word)
    return word


def _pieces_py(token: str) -> tuple[tuple[str, int, str, int, str], ...]:
    """A raw token's rows of :func:`token_table` in plain Python (one token's rows
    depend on it alone): pieces, folds, canonical word, flags, key, length, label."""
    dotted = "." in token
    compact = token.replace(".", "")
    if dotted and _fold_py_series(compact) not in _TITLE_SET:
        pieces = _words_py(token)
    else:
        pieces = [compact]
    rows = []
    folds = [part for raw_piece in pieces if raw_piece
             for part in _abdul_py(_spell_py(_fold_py_series(raw_piece)))]  # fmt: skip
    for folded in folds:
        piece = "muhammad" if _MUHAMMAD_PY.search(folded) else lx.CANONICAL.get(folded, folded)
        flags = _FLAGS.get(piece, 0)
        if len(piece) == 1:
            flags |= lx.F_INITIAL | lx.F_NOKEY
        if folded == "md":
            flags |= lx.F_MD
        if folded == "ny":
            flags |= lx.F_MD | lx.F_NY
        if dotted and piece in _SUFFIX_SET:
            flags |= lx.F_SUFFIX
        if dotted and piece in lx.SUFFIX_STRONG and _WORD_PART_PY.search(token):
            flags |= lx.F_PREFIX
        rows.append((piece, flags, key_of(piece), len(piece.encode()), _role_label_py(piece, flags)))
    return tuple(rows)


def _words_py(token: str) -> list[str]:
    """:func:`_words` of one token."""
    words = [w for w in token.split(".") if w]
    for size in range(min(_TAIL_WORDS, len(words) - 1), 1, -1):
        tail = "".join(words[-size:])
        if _fold_py_series(tail) in _TAIL_SET:
            return [*words[:-size], tail]
    return words


def _role_label_py(piece: str, flags: int) -> str:
    if flags & lx.F_GENDER:
        return "gender"
    if piece in lx.BIRTH_ORDER_WORDS:
        return "birth_order"
    if piece in lx.CANONICAL_PREFIXES:
        return piece
    if len(piece.encode()) == 1:
        return "initial"
    return "name"


def _role_label(piece: pl.Expr, flags: pl.Expr) -> pl.Expr:
    return (
        pl.when((flags & lx.F_GENDER) != 0)
        .then(pl.lit("gender"))
        .when(piece.is_in(sorted(lx.BIRTH_ORDER_WORDS)))
        .then(pl.lit("birth_order"))
        .when(piece.is_in(sorted(lx.CANONICAL_PREFIXES)))
        .then(piece)
        .when(piece.str.len_bytes() == 1)
        .then(pl.lit("initial"))
        .otherwise(pl.lit("name"))
    )
