"""Readable reasons per pair, in Bahasa Indonesia (default) or English.

Each non-null comparison contributes a phrase and its weight, e.g.
``NIK beda 1 digit (+7,9); nama mirip (≥0,94) (+6,1); tanggal lahir sama (+4,0); desa beda (-1,2)``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import polars as pl

from sidalih.compare import Comparison
from sidalih.compare._levels import NULL, phrases
from sidalih.errors import InvalidParameterError

__all__ = ["LANGS", "NULL", "phrase", "reasons", "verdict_phrase"]

LANGS = ("id", "en")

#: Pairs up to which reasons are worded pair by pair, without the patterns' frames.
SMALL_PAIRS = 64

_DISPLAY = {"jenis_kelamin": ("jenis kelamin", "sex"), "nkk": ("NKK", "family card"),
            "tempat_lahir": ("tempat lahir", "birth place"), "nama": ("nama", "name"),
            "kode_desa": ("kode desa", "village code")}

_VERDICTS = {
    "twin": ("kemungkinan kembar, bukan orang yang sama", "likely twins, not one person"),
    "nik_clash": ("satu NIK dipakai dua orang: perlu diperiksa",
                  "one NIK on two people: needs review"),
    "family": ("kemungkinan anggota keluarga bernama sama", "likely relatives sharing a name"),
    "identical": ("data identik: nama dan tanggal lahir sama, NIK sama (atau satu KK, NIK "
                  "beda nomor urut saja)",
                  "identical record: same name and birth date, and the same NIK (or one family "
                  "card, NIKs apart only in the serial)"),
    # the rule holds on a real date (serials under ten apart) as on a placeholder: the
    # phrase names neither, and the date's own level says which it is ("tanggal lahir
    # pengganti sama" / "tanggal lahir sama")
    "namesake": ("kemungkinan dua orang senama: tanggal lahir sama, nomor urut NIK berdekatan",
                 "likely namesakes: same birth date, NIK serials close together"),
    # a registry look-up by NIK hash (Registry.match(nik_hash=...)): found, not scored
    "same_nik": ("NIK sama: dicari dengan hash NIK, tanpa skor",
                 "same NIK: found by NIK hash, not scored"),
}


def _check_lang(lang: str) -> int:
    if lang not in LANGS:
        raise InvalidParameterError(f"lang must be 'id' or 'en', got {lang!r}")
    return LANGS.index(lang)


def phrase(comparison: Comparison, label: str, *, lang: str = "id") -> str:
    """The readable phrase for one level of one comparison.

    Examples
    --------
    >>> from sidalih import compare
    >>> phrase(compare.nik(), "one digit differs")
    'NIK beda 1 digit'
    >>> phrase(compare.name(), "jaro-winkler >= 0.94", lang="en")
    'similar name (≥0.94)'

    The null level (a value missing on either side) is worded too:

    >>> phrase(compare.exact("nkk"), "null"), phrase(compare.exact("nkk"), "null", lang="en")
    ('NKK kosong', 'family card missing')
    """
    i = _check_lang(lang)
    fixed = phrases(comparison.method, label)  # declared with the level (compare/_levels.py)
    if fixed:
        return fixed[i]
    display = _DISPLAY.get(comparison.name, (comparison.name, comparison.name))[i]
    if label.startswith("jaro-winkler >= "):
        value = label.removeprefix("jaro-winkler >= ")
        value = value.replace(".", ",") if lang == "id" else value
        return f"{display} mirip (≥{value})" if lang == "id" else f"similar {display} (≥{value})"
    if label in ("exact", "same"):
        return f"{display} sama" if lang == "id" else f"same {display}"
    if label == "different":
        return f"{display} beda" if lang == "id" else f"different {display}"
    if label == NULL:
        return f"{display} kosong" if lang == "id" else f"{display} missing"
    return f"{display}: {label}"


def verdict_phrase(verdict: str, *, lang: str = "id") -> str | None:
    """The phrase for a domain verdict (None for 'model')."""
    texts = _VERDICTS.get(verdict)
    return texts[_check_lang(lang)] if texts else None


def reasons(gamma: np.ndarray, contributions: np.ndarray, comparisons: Sequence[Comparison],
            verdicts: Sequence[str] | np.ndarray, *, lang: str = "id") -> pl.Series:
    """One reason string per pair: the verdict (when a domain rule applied) and every
    non-null comparison's phrase with its weight.

    Pairs with the same levels, shown weights (to a tenth of a bit) and verdict have
    the same words: each such pattern is worded once (a national run lists millions of
    pairs, and far fewer patterns), then given to its pairs. A few pairs (a look-up's
    best candidates) are worded one by one instead: the patterns' frame operations cost
    milliseconds whatever the count; the words are the same.

    Examples
    --------
    >>> from sidalih import compare
    >>> reasons(np.array([[1], [1], [-1]]), np.array([[2.04], [1.96], [0.0]]),
    ...         [compare.exact("nkk")], ["model", "model", "twin"], lang="en").to_list()
    ['same family card (+2.0)', 'same family card (+2.0)', 'likely twins, not one person']
    """
    _check_lang(lang)
    if gamma.shape[0] <= SMALL_PAIRS:
        return _few_reasons(gamma, contributions, comparisons, verdicts, lang)
    n = gamma.shape[1]
    shown = pl.DataFrame({f"w{k}": contributions[:, k] for k in range(n)},
                         schema={f"w{k}": pl.Float64 for k in range(n)}
                         ).select(_shown(pl.all()))
    verdict = np.asarray(verdicts, dtype=object).astype(str)
    # the rounded floats' bits: an exact key (the shown weights, whose zeros are all +0.0)
    keyed = pl.DataFrame(
        {f"g{k}": gamma[:, k] for k in range(n)}
        | {f"b{k}": shown[f"w{k}"].to_numpy().view(np.int64) for k in range(n)}
        | {"verdict": verdict}
    )
    keys = keyed.columns
    patterns = keyed.unique(maintain_order=True).with_row_index("_pattern")
    words = _words(patterns, comparisons, n, lang)
    which = keyed.join(patterns, on=keys, how="left", maintain_order="left")["_pattern"]
    return words.gather(which).alias("reasons")


def _shown(weight: pl.Expr) -> pl.Expr:
    """The weight as a reason shows it: to a tenth of a bit, and a weight that rounds to
    zero from below as +0.0, the sign every other zero shows (-0.0 read "(+-0,0)")."""
    rounded = weight.round(1)
    return pl.when(rounded == 0).then(pl.lit(0.0)).otherwise(rounded).name.keep()


def _words(patterns: pl.DataFrame, comparisons: Sequence[Comparison], n: int,
           lang: str) -> pl.Series:
    """The reason text of each distinct pattern (levels, rounded weights' bits, verdict)."""
    frame = patterns.with_columns(
        pl.Series(f"w{k}", patterns[f"b{k}"].to_numpy().view(np.float64)) for k in range(n))
    parts = []
    for k, comparison in enumerate(comparisons):
        mapping = {code: phrase(comparison, label, lang=lang)
                   for code, label in enumerate(comparison.labels)}
        text = pl.col(f"g{k}").replace_strict(mapping, default=None, return_dtype=pl.String)
        weight = pl.col(f"w{k}")
        signed = pl.when(weight >= 0).then(pl.lit("+") + weight.cast(pl.String)).otherwise(
            weight.cast(pl.String))
        if lang == "id":
            signed = signed.str.replace(".", ",", literal=True)
        parts.append(pl.when(pl.col(f"g{k}") >= 0).then(pl.format("{} ({})", text, signed)))
    verdict_map = {v: verdict_phrase(v, lang=lang) for v in _VERDICTS}
    verdict_text = pl.col("verdict").replace_strict(verdict_map, default=None,
                                                    return_dtype=pl.String)
    out = frame.select(
        pl.concat_list([verdict_text, *parts]).list.drop_nulls().list.join("; ").alias("reasons")
    )
    return out["reasons"]


def _few_reasons(gamma: np.ndarray, contributions: np.ndarray,
                 comparisons: Sequence[Comparison], verdicts: Sequence[str] | np.ndarray,
                 lang: str) -> pl.Series:
    """:func:`reasons` of a few pairs, worded one by one with :func:`_words`' rules."""
    n_pairs, n = gamma.shape
    # polars rounds the weights and writes them as text, as in _words: the same digits
    weights = pl.DataFrame({"w": np.asarray(contributions, dtype=np.float64).reshape(-1)},
                           schema={"w": pl.Float64}).select(_shown(pl.col("w")))["w"]
    rounded = weights.to_numpy()
    positive = ((rounded >= 0) | np.isnan(rounded)).tolist()  # polars: NaN >= 0 holds
    text = weights.cast(pl.String).to_list()
    words = [_level_words(c, lang) for c in comparisons]
    verdict = np.asarray(verdicts, dtype=object).astype(str)
    out = []
    for i in range(n_pairs):
        said = verdict_phrase(str(verdict[i]), lang=lang)
        parts = [] if said is None else [said]
        for k in range(n):
            level = int(gamma[i, k])
            if 0 <= level < len(words[k]):
                j = i * n + k
                signed = ("+" + text[j]) if positive[j] else text[j]
                if lang == "id":
                    signed = signed.replace(".", ",", 1)
                parts.append(f"{words[k][level]} ({signed})")
        out.append("; ".join(parts))
    return pl.Series("reasons", out, dtype=pl.String)


@functools.lru_cache(maxsize=256)
def _level_words(comparison: Comparison, lang: str) -> tuple[str, ...]:
    """The phrase of each level of ``comparison``, in code order."""
    return tuple(phrase(comparison, label, lang=lang) for label in comparison.labels)
