"""From a standardised voter frame to the prepared frame the engine blocks and compares.

Derived columns (each present only when its source column is):

| column | from | meaning |
| --- | --- | --- |
| ``nik`` | ``nik`` | clean 16 digits, or null when unusable (empty, damaged) or a placeholder |
| ``nik_status`` | ``nik`` | the NIK parser's status |
| ``nik_masked12`` | ``nik`` | the first 12 digits of a valid or masked NIK (partial key); null for a placeholder |
| ``nik_value``, ``nik_masked12_value`` | ``nik`` | ``nik`` and ``nik_masked12`` as Int64 (null where they are, or hold a mask) |
| ``nik_placeholder`` | ``nik`` | the 16 digits of a NIK that carries no identity, else null (below) |
| ``nkk`` | ``nkk`` | clean 16 digits or null |
| ``nama_norm`` | ``nama`` | normalised name, its first 64 characters (whole tokens) where longer |
| ``nama_key``, ``nama_token_key``, ``nama_first_key`` | ``nama`` | phonetic keys: whole name (its tokens run together: :func:`whole_name_key`), most informative token, first informative token |
| ``tanggal_lahir`` | ``tanggal_lahir`` | parsed birth date (Date) |
| ``tgl_placeholder`` | ``tanggal_lahir`` | a known placeholder date (01-07, 31-12, 01-01) |
| ``birth_year`` | ``tanggal_lahir`` | year as Int16 |
| ``kode_desa``, ``kode_kec``, ``kode_kab`` | ``kode_desa`` | village code, as its current code where the region table renumbered it (below), and its district/regency prefixes |
| ``tempat_lahir_norm`` | ``tempat_lahir`` | place of birth, lower case, no KAB./KOTA prefix |
| ``jenis_kelamin`` | ``jenis_kelamin`` | ``L``/``P`` or null |

Where a column is replaced by its clean form, the raw value stays in ``<column>_raw``
so findings and explanations can show it; ``nama`` itself stays raw.

**Renumbered villages** are read as their current code (:func:`sidalih.regions.successors`;
no old code there is a current code, and none moved twice): after Papua's split in 2022
Jayawijaya's villages went from 9102... to 9501..., and one person listed under the old
code and again under the new one lived in one village, not in two provinces. The list's
own code stays in ``kode_desa_raw``; ``sidalih.check`` reports it (``village_moved``).

**Placeholder NIKs** (DOMAIN.md, One NIK on several people) carry no identity: all one
digit, equal to the row's own NKK (a family card typed in every member's NIK field), or
held by more than ``max_records_per_nik`` records naming more than one person (a
clerk's dummy; see :mod:`sidalih.nik._holders` for the bound). Their digits move to
``nik_placeholder`` and ``nik``/``nik_masked12`` are null, so blocking, training and
scoring treat them as a missing NIK, on every path that reads the prepared table.

**Parse once.** The prepared table is the contract between stages: the NIK comparison
reads ``nik_value``/``nik_masked12_value`` and the date comparison ``tanggal_lahir``
and ``tgl_placeholder`` (:mod:`sidalih.compare._prepare_support`); no later stage parses
a NIK or a date from text again. A quality check (:func:`sidalih.quality.check`) runs
the same stages (:func:`nik_stage`, :func:`nkk_stage`, :func:`date_stage`): these
columns, plus the parser's fields that matching does not need. (The module passes 500
lines so that every column's stage stays beside the table it fills.)

The count is over the frame given. A caller that prepares a list piece by piece
(out of core, Spark) counts over the whole list afterwards: :func:`placeholder_niks`
over every prepared piece (``nik_placeholder`` keeps the digits a piece already voided,
so they still count), then :func:`void_niks` on each piece, before any blocking key is
computed.

**A long list** repeats its values: a million voters hold about 150,000 distinct names,
27,000 birth dates and 400 village codes. The name, birth-date, code, place, sex and
marital columns are computed once per distinct value and gathered back to the rows
(:func:`_by_distinct`; every output row depends on its own value alone), and people
are counted per NIK only on the rows whose NIK is on more than ``max_records_per_nik``
rows (:func:`sidalih.nik._holders.held_by_many`). ``tests/test_prepare_speed_paths.py``
holds them to the frame prepared whole.

**A few rows** (up to 128: one registrant at a time, a registry look-up) give the same
frame by cheaper means, because a polars call's fixed cost outweighs the work on them:
Python loops instead of Series expressions, the code, place, sex and marital columns
computed once per distinct value ever seen, names and dates through their own few-rows
paths (:mod:`sidalih.names._normalise`, :mod:`sidalih.dates._rows`), and no grouped
count when no NIK is on more rows than the bound. ``tests/test_prepare_small.py`` holds
them to the polars paths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache, partial

import numpy as np
import polars as pl

from sidalih._aliases import ALIASES
from sidalih._distinct import by_distinct
from sidalih.errors import InputTypeError
from sidalih.nik._core import Parsed, parse_arrays
from sidalih.nik._frame import key_status, to_frame
from sidalih.nik._holders import (
    MAX_RECORDS_PER_NIK,
    check_max_records,
    crowded_keys,
    held_by_many,
)
from sidalih.nik._status import STATUS_CODE as _STATUS_CODE
from sidalih.regions._birthplaces import place_name

__all__ = ["prepare", "derived_columns", "sex_code", "place_name", "placeholder_niks", "void_niks", "nik_stage",
           "nkk_stage", "date_stage"]

# NIK statuses whose digits still identify a record (a typo'd region or date is
# still the same 16 digits on both copies of a duplicate).
# A 17-digit NIK ending in 0 stays out: a migration's trailing 0 (DOMAIN.md) and a digit
# doubled in a NIK whose serial ends in 0 look alike, and the second, read as its first
# 16 digits, is another serial (tried in session 18: fewer duplicates joined, more
# clusters holding two people).
# A NIK typed with look-alike letters (letters_read) is used as the digits it stands for:
# the reading must pass every check of valid (sidalih.nik._letters).
# A key of six digits and ten zeros is not zero_serial but scientific (sidalih.nik): what
# 3.27101E+15 leaves once read as a number, the same on records of different people.
_USABLE_NIK = ("valid", "letters_read", "unknown_region", "bad_date", "zero_serial")
# Family card statuses whose digits are a household key.
_USABLE_NKK = ("valid", "letters_read")

_SEX = {
    "L": "L", "LK": "L", "LAKI": "L", "LAKI-LAKI": "L", "LAKI LAKI": "L", "PRIA": "L", "M": "L",
    "MALE": "L", "1": "L",
    "P": "P", "PR": "P", "PEREMPUAN": "P", "WANITA": "P", "F": "P", "W": "P", "FEMALE": "P",
    "2": "P",
}


def sex_code(expr: pl.Expr) -> pl.Expr:
    """``L``/``P`` from the many ways sex is written (LAKI-LAKI, PEREMPUAN, M, F, ...).

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"jk": ["Laki-laki", "P", "female", "?", None]}).select(
    ...     sex_code(pl.col("jk")))["jk"].to_list()
    ['L', 'P', 'P', None, None]
    """
    return expr.cast(pl.String).str.strip_chars().str.to_uppercase().replace_strict(
        _SEX, default=None, return_dtype=pl.String
    )


def prepare(voters: pl.DataFrame, *, reference_date: dt.date | str | None = None,
            max_records_per_nik: int | None = MAX_RECORDS_PER_NIK) -> pl.DataFrame:
    """Add the derived columns of the module table to a standardised polars frame.

    Row order and every row are kept; unknown columns pass through.

    Parameters
    ----------
    voters
        A standardised polars frame (:func:`sidalih.schema.standardise_polars`).
    reference_date
        Election day for NIK centuries and birth dates; None means Pemilu 2024.
    max_records_per_nik
        A NIK on more records than this, naming more than one person, is a placeholder
        (counted over ``voters``). None leaves that count to the caller
        (:func:`placeholder_niks` over a whole list); the row-level placeholders (one
        digit repeated, the row's NKK) are voided either way.

    Raises
    ------
    InputTypeError
        ``voters`` is not a polars frame (a pandas or pyarrow frame, None): the prepared
        table is polars, and a list is standardised before it is prepared.

    Examples
    --------
    >>> import polars as pl
    >>> out = prepare(pl.DataFrame({"id": [1, 2], "nik": ["3271014101900001"] * 2,
    ...                             "nkk": ["3271014101900001", "3271010101100001"]}))
    >>> out.select("nik", "nik_placeholder").rows()
    [(None, '3271014101900001'), ('3271014101900001', None)]
    """
    _check_frame(voters)
    if max_records_per_nik is not None:
        check_max_records(max_records_per_nik)
    # Each stage replaces or appends columns in this dict as with_columns would (a
    # replaced column keeps its place); the frame is built once at the end, which
    # saves a frame copy per stage: preparing one record for a look-up is mostly
    # overhead otherwise.
    columns = dict(zip(voters.columns, voters.get_columns(), strict=True))
    if "nik" in columns:
        columns.update(_nik_columns(columns["nik"], reference_date=reference_date))
    if "nkk" in columns:
        _nkk_columns(columns)
    if "nama" in columns:
        columns.update(_name_columns(columns["nama"]))
    if "tanggal_lahir" in columns:
        columns.update(_date_columns(columns["tanggal_lahir"], reference_date=reference_date))
    columns.update(_code_columns(voters))
    out = pl.DataFrame([column.alias(name) for name, column in columns.items()])
    if "nik" in out.columns and max_records_per_nik is not None:
        held = held_by_many(out, max_records_per_nik=max_records_per_nik, few=_SMALL_ROWS)
        if held is not None:
            out = void_niks(out, placeholder_niks(held, max_records_per_nik=max_records_per_nik))
    return out


@lru_cache(maxsize=1)
def derived_columns() -> frozenset[str]:
    """The columns :func:`prepare` adds to a voter list (the table above, and each
    ``<column>_raw``): the engine's, not the list's own.

    Examples
    --------
    >>> {"nik_masked12", "tgl_placeholder", "birth_year"} <= derived_columns()
    True
    >>> "kode_desa" in derived_columns()
    False
    """
    empty = pl.DataFrame({name: pl.Series([], dtype=pl.String) for name in ALIASES})
    return frozenset(prepare(empty).columns) - set(ALIASES)


def _check_frame(voters: object) -> None:
    """Refuse anything but a polars frame with the fix, not an AttributeError from deep
    inside (the front doors take pandas and pyarrow; this stage reads their output)."""
    if isinstance(voters, pl.DataFrame):
        return
    raise InputTypeError(
        f"prepare() reads a standardised polars frame, got {type(voters).__name__}: "
        "convert it (polars.from_pandas(frame), polars.from_arrow(table)) and pass it "
        "through sidalih.schema.standardise_polars first, or give the list to "
        "sidalih.deduplicate, which takes pandas, polars and pyarrow frames")


def placeholder_niks(prepared: pl.DataFrame | pl.LazyFrame, *,
                     max_records_per_nik: int = MAX_RECORDS_PER_NIK) -> pl.DataFrame:
    """The NIKs held by more than ``max_records_per_nik`` prepared records naming several people.

    People are told apart by ``nama_norm`` and ``tanggal_lahir`` (where present). A lazy
    frame (every prepared piece of a list, e.g. ``pl.scan_parquet``) is counted in
    streaming mode; rows already voided count through their ``nik_placeholder``.

    Returns
    -------
    pl.DataFrame
        One column ``nik`` (16 digits), one row per placeholder NIK; give it to
        :func:`void_niks`.

    Examples
    --------
    >>> import polars as pl
    >>> rows = pl.DataFrame({"nik": ["3271014101900001"] * 5,
    ...                      "nama": ["Ani", "Budi", "Cici", "Dedi", "Euis"]})
    >>> placeholder_niks(prepare(rows, max_records_per_nik=None))["nik"].to_list()
    ['3271014101900001']
    """
    lazy = prepared.lazy()
    names = lazy.collect_schema().names()
    key = pl.col("nik")
    if "nik_placeholder" in names:
        key = pl.coalesce("nik", "nik_placeholder")
    person = [c for c in ("nama_norm", "tanggal_lahir") if c in names]
    return crowded_keys(lazy.select(key.alias("nik"), *person), "nik", person,
                        max_records_per_nik=max_records_per_nik)


def void_niks(prepared: pl.DataFrame, placeholders: pl.DataFrame) -> pl.DataFrame:
    """Mark the rows holding one of ``placeholders["nik"]`` as carrying no identity.

    Their digits move to ``nik_placeholder``; ``nik`` and ``nik_masked12`` become null.

    Examples
    --------
    >>> import polars as pl
    >>> rows = prepare(pl.DataFrame({"nik": ["3271014101900001", "3271014101900002"]}))
    >>> out = void_niks(rows, pl.DataFrame({"nik": ["3271014101900002"]}))
    >>> out.select("nik", "nik_masked12", "nik_placeholder").rows()[1]
    (None, None, '3271014101900002')
    """
    if placeholders.height == 0:
        return prepared
    key = pl.coalesce("nik", "nik_placeholder")
    return _void(prepared, key.is_in(placeholders["nik"].cast(pl.String).implode()))


def _void(frame: pl.DataFrame, where: pl.Expr) -> pl.DataFrame:
    """The NIK of the rows ``where`` is true carries no identity."""
    where = where.fill_null(False)
    # A piece prepared before the integer columns existed may lack them.
    voided = [c for c in _VOIDED if c in frame.columns or c in ("nik", "nik_masked12")]
    return frame.with_columns(
        pl.when(where).then(pl.coalesce("nik", "nik_placeholder"))
        .otherwise(pl.col("nik_placeholder")).alias("nik_placeholder"),
        *(pl.when(where).then(None).otherwise(pl.col(c)).alias(c) for c in voided),
    )


# The columns a voided NIK empties (its digits stay in nik_placeholder).
_VOIDED = ("nik", "nik_masked12", "nik_value", "nik_masked12_value")


# kernel status codes of the NIK statuses above
_USABLE_CODES = np.array([_STATUS_CODE[name] for name in _USABLE_NIK], dtype=np.int8)
_USABLE_NKK_CODES = np.array([_STATUS_CODE[name] for name in _USABLE_NKK], dtype=np.int8)
_SMALL_ROWS = 128  # up to here Python loops beat a polars query's fixed cost


def _keep(values: pl.Series, keep: np.ndarray, *, chars: int | None = None) -> pl.Series:
    """``values`` (their first ``chars`` characters) where ``keep``, else null."""
    if len(values) > _SMALL_ROWS:
        cut = values if chars is None else values.str.slice(0, chars)
        return cut.zip_with(pl.Series(keep), pl.Series([None], dtype=values.dtype))
    # A few rows: Python's slice counts characters as str.slice does.
    kept = [None if v is None or not k else v[:chars]
            for v, k in zip(values.to_list(), keep.tolist(), strict=True)]  # fmt: skip
    return pl.Series(values.name, kept, dtype=values.dtype)


def _nik_columns(raw: pl.Series, *, reference_date: dt.date | str | None
                 ) -> dict[str, pl.Series]:
    return _nik_from(parse_arrays(raw, is_nkk=False, reference_date=reference_date), raw)


def _nik_from(parsed: Parsed, raw: pl.Series) -> dict[str, pl.Series]:
    digits, status = key_status(parsed, is_nkk=False)
    codes = parsed.status
    usable = np.isin(codes, _USABLE_CODES)
    masked12 = _keep(digits, usable | (codes == _STATUS_CODE["masked"]), chars=12)
    return {
        "nik_raw": raw,
        "nik_status": status,
        "nik": _keep(digits, usable),
        "nik_masked12": masked12,
        # one digit sixteen times is never anyone's NIK (it passes public validators)
        "nik_placeholder": _keep(digits, codes == _STATUS_CODE["repeated_digits"]),
        # the kernel's value of the 16 digits of a usable NIK (-1 never where usable)
        "nik_value": _keep_ints(parsed.ints, usable),
        # a mask character in the 12 leaves no number: null, as the comparison reads it
        "nik_masked12_value": masked12.cast(pl.Int64, strict=False),
    }


def nik_stage(raw: pl.Series, *, reference_date: dt.date | str | None = None
              ) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """The prepared NIK columns of ``raw`` and, from the same parse, the parser's fields.

    Prepare keeps only what matching needs; a quality check reads the rest (region,
    birth date and sex digits, ``nik_int``) from the frame :func:`sidalih.nik.parse`
    gives, here built from the one parse instead of a second.

    Examples
    --------
    >>> import polars as pl
    >>> columns, fields = nik_stage(pl.Series(["3271014101900001", "12"]),
    ...                             reference_date="2024-02-14")
    >>> columns["nik_status"].to_list(), fields["district"].to_list()
    (['valid', 'wrong_length'], ['327101', None])
    """
    parsed = parse_arrays(raw, is_nkk=False, reference_date=reference_date)
    return _nik_from(parsed, raw), to_frame(parsed, is_nkk=False)


def nkk_stage(raw: pl.Series) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """The prepared family-card columns (``nkk``, ``nkk_status``) and the parser's fields.

    Examples
    --------
    >>> import polars as pl
    >>> columns, fields = nkk_stage(pl.Series(["3271010101100001", "x"]))
    >>> columns["nkk"].to_list(), fields["nkk_int"].to_list()
    (['3271010101100001', None], [3271010101100001, None])
    """
    parsed = parse_arrays(raw, is_nkk=True)
    return _nkk_from(parsed, raw)[0], to_frame(parsed, is_nkk=True)


def _nkk_from(parsed: Parsed, raw: pl.Series) -> tuple[dict[str, pl.Series], pl.Series]:
    """The prepared family-card columns, and every card's clean digits (any status)."""
    clean, status = key_status(parsed, is_nkk=True)
    columns = {"nkk_raw": raw, "nkk_status": status,
               "nkk": _keep(clean, np.isin(parsed.status, _USABLE_NKK_CODES))}
    return columns, clean


def _keep_ints(values: np.ndarray, keep: np.ndarray) -> pl.Series:
    """``values`` as Int64 where ``keep``, else null."""
    return pl.Series(values, dtype=pl.Int64).zip_with(
        pl.Series(keep), pl.Series([None], dtype=pl.Int64))


def _nkk_columns(columns: dict[str, pl.Series]) -> None:
    own, clean = _nkk_from(parse_arrays(columns["nkk"], is_nkk=True), columns["nkk"])
    columns.update(own)
    if "nik_placeholder" not in columns:
        return
    # The family card typed as the NIK (whatever the card's own status): one value for a
    # whole household, the identity of nobody.
    names = ("nik", "nik_placeholder", "nik_masked12", "nik_value", "nik_masked12_value")
    if all(name in columns for name in names):
        if _any_equal(columns["nik"], clean):
            _void_rows(columns, (columns["nik"] == clean).fill_null(False).arg_true())
        return
    piece = pl.DataFrame([column.alias(name) for name, column in columns.items()])
    voided = _void(piece, pl.col("nik") == pl.lit(clean))  # raises as before on a column missing
    columns.update({name: voided.get_column(name) for name in names})


def _void_rows(columns: dict[str, pl.Series], rows: pl.Series) -> None:
    """:func:`_void` of the rows at ``rows``, in ``columns``: a card typed as the NIK is
    on a few rows, and rewriting only them costs a tenth of an expression over all."""
    digits = columns["nik"].gather(rows)
    columns["nik_placeholder"] = columns["nik_placeholder"].clone().scatter(rows, digits)
    for name in _VOIDED:
        columns[name] = columns[name].clone().scatter(rows, None)


def _any_equal(a: pl.Series, b: pl.Series) -> bool:
    """Whether some row holds the same non-null value in ``a`` and ``b``."""
    if len(a) > _SMALL_ROWS:
        return bool((a == b).fill_null(False).any())
    return any(x is not None and x == y for x, y in zip(a.to_list(), b.to_list(), strict=True))


def _name_columns(raw: pl.Series) -> dict[str, pl.Series]:
    from sidalih import _stages
    from sidalih.names._normalise import parse_few

    _stages.reached("names")
    wanted = ["nama_norm", "phonetic_key", "key_token", "tokens", "low_info"]
    few = parse_few(raw.to_list(), wanted) if (
        len(raw) <= _SMALL_ROWS and raw.dtype == pl.String) else None
    if few is not None:
        # a few names as Python lists: no list column built only to be read back
        return {
            "nama_norm": compared_name(pl.Series("nama_norm", few["nama_norm"],
                                                 dtype=pl.String)),
            "nama_key": pl.Series("phonetic_key", [None if k is None else k.replace(" ", "")
                                                   for k in few["phonetic_key"]],
                                  dtype=pl.String),  # whole_name_key, on a few Python strings
            "nama_token_key": pl.Series("key_token", few["key_token"], dtype=pl.String),
            "nama_first_key": _first_keys(few["tokens"], few["low_info"]),
        }
    keys = _by_distinct(raw, lambda names: _name_keys(names, wanted))
    columns = {name: keys.get_column(name) for name in keys.columns}
    columns["nama_norm"] = compared_name(columns["nama_norm"])
    return columns


#: Names are compared on their first this many characters: a normalised name (titles
#: gone) is rarely half as long, and the name comparison's cost grows with the square
#: of the length beyond 64 bytes (a pasted address in NAMA made training take minutes).
NAME_CHARS = 64


def compared_name(names: pl.Series) -> pl.Series:
    """``names`` cut to :data:`NAME_CHARS` characters where longer, at the last whole
    token that fits (or inside the first, if that alone is longer).

    Examples
    --------
    >>> long = "budi " + "santoso " * 10
    >>> compared_name(pl.Series([long.strip(), "siti", None, "a" * 70])).str.len_chars().to_list()
    [60, 4, None, 64]
    """
    long = names.str.len_chars() > NAME_CHARS
    if not long.any():
        return names
    cut = names.str.slice(0, NAME_CHARS)
    whole = cut.str.replace(r" [^ ]*$", "")  # the token cut short, dropped
    at_space = names.str.slice(NAME_CHARS, 1) == " "
    return (pl.select(pl.when(~long).then(names).when(at_space).then(cut)
                      .otherwise(whole).alias(names.name)).to_series())


def whole_name_key(phonetic: pl.Series) -> pl.Series:
    """The whole name's blocking key: its phonetic key with the tokens run together.

    A clerk types a name's tokens together or apart (Felix Hartono / FELIXHARTONO, Tri
    Lestari / Trilestari, Novi Mulyani / Novimulyani), and a mover whose NIK and card
    changed is found only by his name, birth date and birthplace: with the spaces in
    the key, 55 duplicate pairs of one generator's list of 10,000 movers were never
    paired (session 23). Run together, two names' keys meet only where their letters
    do, so the blocks barely grow. A registry's records stored before are read the same
    way when it opens (:func:`sidalih.registry._state.load_state`).

    >>> whole_name_key(pl.Series(["peliks hartana", "pelikshartana", None])).to_list()
    ['pelikshartana', 'pelikshartana', None]
    """
    return phonetic.str.replace_all(" ", "", literal=True)


def _name_keys(names: pl.Series, wanted: list[str]) -> pl.DataFrame:
    """The name columns of ``names`` (the polars path)."""
    from sidalih.names._normalise import parse_polars

    parsed = parse_polars(names, columns=wanted)
    return pl.DataFrame({
        "nama_norm": parsed.get_column("nama_norm"),
        "nama_key": whole_name_key(parsed.get_column("phonetic_key")),
        "nama_token_key": parsed.get_column("key_token"),
        "nama_first_key": _first_informative_key(parsed),
    })  # fmt: skip


def _by_distinct(values: pl.Series, work: Callable[[pl.Series], pl.DataFrame]) -> pl.DataFrame:
    """:func:`sidalih._distinct.by_distinct` above the few-rows bound."""
    return by_distinct(values, work, few=_SMALL_ROWS)


def _prepare_names(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the name columns (the warm-up runs this stage on its own)."""
    return frame.with_columns(**_name_columns(frame.get_column("nama")))


def _first_informative_key(parsed: pl.DataFrame) -> pl.Series:
    """Phonetic key of the first token that is neither low-information nor an initial."""
    from sidalih.names._normalise import parse_polars

    if parsed.height <= _SMALL_ROWS:
        return _first_keys(parsed.get_column("tokens").to_list(),
                           parsed.get_column("low_info").to_list())
    first = (
        parsed.select("tokens", "low_info")
        .with_row_index("_row")
        .explode(["tokens", "low_info"])
        .filter(~pl.col("low_info") & (pl.col("tokens").str.len_bytes() > 1))
        .group_by("_row", maintain_order=True)
        .agg(pl.col("tokens").first())
    )
    keyed = pl.DataFrame({"_row": pl.arange(0, parsed.height, eager=True, dtype=pl.UInt32)}).join(
        first, on="_row", how="left"
    )
    # the polars path of names.phonetic_key: a polars column needs no trip through the
    # public "same kind out" wrapper
    keys = _by_distinct(keyed.get_column("tokens"),
                        lambda tokens: parse_polars(tokens, columns=["phonetic_key"]))
    return keys.get_column("phonetic_key").rename("tokens")


def _first_keys(tokens_of: list[list[str] | None], lows_of: list[list[bool] | None]
                ) -> pl.Series:
    """:func:`_first_informative_key` of a few names from their token lists."""
    from sidalih.names._normalise import token_keys

    firsts = [
        next((t for t, low in zip(tokens, lows, strict=True)
              if low is False and t is not None and len(t.encode()) > 1), None)
        if tokens is not None and lows is not None else None
        for tokens, lows in zip(tokens_of, lows_of, strict=True)
    ]  # fmt: skip
    found = [t for t in firsts if t is not None]
    keys = dict(zip(found, token_keys(found), strict=True))
    return pl.Series("tokens", [None if t is None else keys[t] for t in firsts], dtype=pl.String)


def _date_columns(raw: pl.Series, *, reference_date: dt.date | str | None
                  ) -> dict[str, pl.Series]:
    def work(values: pl.Series) -> pl.DataFrame:
        columns = date_stage(values, reference_date=reference_date)
        del columns["tanggal_lahir_raw"], columns["tanggal_lahir_placeholder"]
        return pl.DataFrame(columns)

    parsed = _by_distinct(raw, work)
    return {"tanggal_lahir_raw": raw, **{name: parsed.get_column(name) for name in parsed.columns}}


def date_stage(raw: pl.Series, *, reference_date: dt.date | str | None = None
               ) -> dict[str, pl.Series]:
    """The prepared birth-date columns of ``raw``, and the kind of each placeholder.

    ``tanggal_lahir_placeholder`` (``01-07``, ``31-12``, ``01-01``, ``15th`` or null)
    names the placeholder ``tgl_placeholder`` flags; prepare leaves it out, a quality
    check reports it.

    Examples
    --------
    >>> import polars as pl
    >>> out = date_stage(pl.Series(["01-07-1980", "x"]), reference_date="2024-02-14")
    >>> [out[c].to_list() for c in ("tanggal_lahir_status", "tgl_placeholder",
    ...                             "tanggal_lahir_placeholder")]
    [['valid', 'unparsed'], [True, False], ['01-07', None]]
    """
    from sidalih.dates._parse import parse_series
    from sidalih.dates._values import check_reference

    # dates.parse_birth_date without its "same kind out" wrapper: the column is polars
    parsed = parse_series(raw, check_reference(reference_date, required=False))
    born = parsed.get_column("tanggal_lahir")
    placeholder = parsed.get_column("placeholder")
    if len(born) <= _SMALL_ROWS:
        year = pl.Series([None if d is None else d.year for d in born.to_list()], dtype=pl.Int16)
        typical = pl.Series([p is not None for p in placeholder.to_list()], dtype=pl.Boolean)
    else:
        year = born.dt.year().cast(pl.Int16)
        typical = placeholder.is_not_null()
    return {
        "tanggal_lahir_raw": raw,
        "tanggal_lahir": born,
        "tanggal_lahir_status": parsed.get_column("status"),
        # a placeholder is read from a valid date only, as dates.is_placeholder does
        "tgl_placeholder": typical,
        "birth_year": year,
        "tanggal_lahir_placeholder": placeholder,
    }


def _code_columns(voters: pl.DataFrame) -> dict[str, pl.Series]:
    """Village codes, place of birth, sex and marital status: each column's expressions
    on its distinct values (a few rows of text: each value once ever, remembered)."""
    present = tuple(c for c in ("kode_desa", "tempat_lahir", "jenis_kelamin", "status_kawin")
                    if c in voters.columns)  # fmt: skip
    if not present:
        return {}
    small = voters.height <= _SMALL_ROWS and all(
        voters.schema[column] == pl.String for column in present
    )
    derived = None if small else pl.concat(
        [_by_distinct(voters.get_column(column), partial(_code_frame, column=column))
         for column in present], how="horizontal")
    out: dict[str, pl.Series] = {}
    for column in present:
        if column != "tempat_lahir":
            out[f"{column}_raw"] = voters.get_column(column)
        if derived is None:
            out.update(_remembered_codes(column, voters.get_column(column).to_list()))
            continue
        for name in _CODE_OUTPUTS[column]:
            out[name] = derived.get_column(name)
    return out


def _code_frame(values: pl.Series, *, column: str) -> pl.DataFrame:
    return values.to_frame(column).select(_code_exprs((column,)))


_CODE_MEMO: dict[str, dict[str | None, tuple[str | None, ...]]] = {}
_CODE_MEMO_LIMIT = 100_000


def _remembered_codes(column: str, values: list[str | None]) -> dict[str, pl.Series]:
    """The derived columns of ``column`` for a few text values: the expressions run
    once per value ever seen (an output depends on its own value alone)."""
    memo = _CODE_MEMO.setdefault(column, {})
    known = {v: memo[v] for v in values if v in memo}
    missing = [v for v in dict.fromkeys(values) if v not in known]
    if missing:
        # a few values: sequential, no wait on polars' thread pool on a busy machine
        given = pl.DataFrame({column: pl.Series(missing, dtype=pl.String)})
        fresh = dict(zip(missing, given.select_seq(_code_exprs((column,))).iter_rows(), strict=True))
        if len(memo) + len(fresh) > _CODE_MEMO_LIMIT:
            memo.clear()
        memo.update(fresh)
        known.update(fresh)
    rows = [known[v] for v in values]
    return {
        name: pl.Series(name, [row[k] for row in rows], dtype=pl.String)
        for k, name in enumerate(_CODE_OUTPUTS[column])
    }


_CODE_OUTPUTS = {
    "kode_desa": ("kode_desa", "kode_kec", "kode_kab"),
    "tempat_lahir": ("tempat_lahir_norm",),
    "jenis_kelamin": ("jenis_kelamin",),
    "status_kawin": ("status_kawin",),
}


@lru_cache(maxsize=1)
def _renumbered_villages() -> dict[str, str]:
    """Old village codes to their current ones (10 digits; see the module docstring)."""
    from sidalih.regions import successors

    return {code: new for code, new in successors().items() if len(code) == 10}


@lru_cache(maxsize=16)
def _code_exprs(present: tuple[str, ...]) -> list[pl.Expr]:
    from sidalih.dates import marital_expr

    digits = pl.col("kode_desa").str.replace_all(r"[^0-9]", "")
    code = pl.when(digits.str.len_bytes() > 0).then(digits).otherwise(None) \
        .replace(_renumbered_villages())
    exprs = {
        "kode_desa": [code.alias("kode_desa"), code.str.slice(0, 6).alias("kode_kec"),
                      code.str.slice(0, 4).alias("kode_kab")],
        "tempat_lahir": [place_name(pl.col("tempat_lahir")).alias("tempat_lahir_norm")],
        "jenis_kelamin": [sex_code(pl.col("jenis_kelamin")).alias("jenis_kelamin")],
        "status_kawin": [marital_expr(pl.col("status_kawin")).alias("status_kawin")],
    }  # fmt: skip
    return [expr for column in present for expr in exprs[column]]
