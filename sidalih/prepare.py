"""From a standardised voter frame to the prepared frame the engine blocks and compares.

Derived columns (each present only when its source column is):

| column | from | meaning |
| --- | --- | --- |
| ``nik`` | ``nik`` | clean 16 digits, or null when unusable (empty, damaged) or a placeholder |
| ``nik_status`` | ``nik`` | the NIK parser's status |
| ``nik_masked12`` | ``nik`` | the first 12 digits of a valid or masked NIK (partial key); null for a placeholder |
| ``nik_placeholder`` | ``nik`` | the 16 digits of a NIK that carries no identity, else null (below) |
| ``nkk`` | ``nkk`` | clean 16 digits or null |
| ``nama_norm`` | ``nama`` | normalised name |
| ``nama_key``, ``nama_token_key``, ``nama_first_key`` | ``nama`` | phonetic keys: whole name, most informative token, first informative token |
| ``tanggal_lahir`` | ``tanggal_lahir`` | parsed birth date (Date) |
| ``tgl_placeholder`` | ``tanggal_lahir`` | a known placeholder date (01-07, 31-12, 01-01) |
| ``birth_year`` | ``tanggal_lahir`` | year as Int16 |
| ``kode_desa``, ``kode_kec``, ``kode_kab`` | ``kode_desa`` | village code and its district/regency prefixes |
| ``tempat_lahir_norm`` | ``tempat_lahir`` | place of birth, lower case, no KAB./KOTA prefix |
| ``jenis_kelamin`` | ``jenis_kelamin`` | ``L``/``P`` or null |

Where a column is replaced by its clean form, the raw value stays in ``<column>_raw``
so findings and explanations can show it; ``nama`` itself stays raw.

**Placeholder NIKs** (DOMAIN.md, One NIK on several people) carry no identity: all one
digit, equal to the row's own NKK (a family card typed in every member's NIK field), or
held by more than ``max_records_per_nik`` records naming more than one person (a
clerk's dummy; see :mod:`sidalih.nik._holders` for the bound). Their digits move to
``nik_placeholder`` and ``nik``/``nik_masked12`` are null, so blocking, training and
scoring treat them as a missing NIK, on every path that reads the prepared table.

The count is over the frame given. A caller that prepares a list piece by piece
(out of core, Spark) counts over the whole list afterwards: :func:`placeholder_niks`
over every prepared piece (``nik_placeholder`` keeps the digits a piece already voided,
so they still count), then :func:`void_niks` on each piece, before any blocking key is
computed.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from sidalih.nik._holders import MAX_RECORDS_PER_NIK, check_max_records, crowded_keys

__all__ = ["prepare", "sex_code", "place_name", "placeholder_niks", "void_niks"]

# NIK statuses whose digits still identify a record (a typo'd region or date is
# still the same 16 digits on both copies of a duplicate).
_USABLE_NIK = ("valid", "unknown_region", "bad_date", "zero_serial")

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


def place_name(expr: pl.Expr) -> pl.Expr:
    """A place of birth in comparable form: lower case, letters only, no KAB./KOTA prefix.

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"t": ["KAB. BOGOR", "Kota  Bogor", "-", None]}).select(
    ...     place_name(pl.col("t")))["t"].to_list()
    ['bogor', 'bogor', None, None]
    """
    text = (
        expr.cast(pl.String).str.to_lowercase()
        .str.replace_all(r"[^a-z]+", " ")
        .str.replace_all(r"^\s*(kabupaten|kab|kota|kodya)\s+", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    return pl.when(text.str.len_bytes() > 0).then(text)


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

    Examples
    --------
    >>> import polars as pl
    >>> out = prepare(pl.DataFrame({"id": [1, 2], "nik": ["3271014101900001"] * 2,
    ...                             "nkk": ["3271014101900001", "3271010101100001"]}))
    >>> out.select("nik", "nik_placeholder").rows()
    [(None, '3271014101900001'), ('3271014101900001', None)]
    """
    if max_records_per_nik is not None:
        check_max_records(max_records_per_nik)
    out = voters
    if "nik" in out.columns:
        out = _prepare_nik(out, reference_date=reference_date)
    if "nkk" in out.columns:
        out = _prepare_nkk(out)
    if "nama" in out.columns:
        out = _prepare_names(out)
    if "tanggal_lahir" in out.columns:
        out = _prepare_dates(out, reference_date=reference_date)
    if "kode_desa" in out.columns:
        code = pl.col("kode_desa").str.replace_all(r"[^0-9]", "")
        out = out.with_columns(
            pl.col("kode_desa").alias("kode_desa_raw"),
            pl.when(code.str.len_bytes() > 0).then(code).otherwise(None).alias("kode_desa"),
        ).with_columns(
            pl.col("kode_desa").str.slice(0, 6).alias("kode_kec"),
            pl.col("kode_desa").str.slice(0, 4).alias("kode_kab"),
        )
    if "tempat_lahir" in out.columns:
        out = out.with_columns(place_name(pl.col("tempat_lahir")).alias("tempat_lahir_norm"))
    if "jenis_kelamin" in out.columns:
        out = out.with_columns(pl.col("jenis_kelamin").alias("jenis_kelamin_raw"),
                               sex_code(pl.col("jenis_kelamin")).alias("jenis_kelamin"))
    if "status_kawin" in out.columns:
        from sidalih.dates import marital_expr

        out = out.with_columns(pl.col("status_kawin").alias("status_kawin_raw"),
                               marital_expr(pl.col("status_kawin")).alias("status_kawin"))
    if "nik" in out.columns and max_records_per_nik is not None:
        out = void_niks(out, placeholder_niks(out, max_records_per_nik=max_records_per_nik))
    return out


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
    return frame.with_columns(
        pl.when(where).then(pl.coalesce("nik", "nik_placeholder"))
        .otherwise(pl.col("nik_placeholder")).alias("nik_placeholder"),
        pl.when(where).then(None).otherwise(pl.col("nik")).alias("nik"),
        pl.when(where).then(None).otherwise(pl.col("nik_masked12")).alias("nik_masked12"),
    )


def _prepare_nik(frame: pl.DataFrame, *, reference_date: dt.date | str | None) -> pl.DataFrame:
    from sidalih import nik

    parsed = nik.parse(frame["nik"], reference_date=reference_date)
    assert isinstance(parsed, pl.DataFrame)
    status = parsed["status"]
    digits = parsed["nik"].cast(pl.String)
    usable = status.is_in(list(_USABLE_NIK))
    empty = pl.Series([None], dtype=pl.String)
    return frame.with_columns(
        frame["nik"].alias("nik_raw"),
        pl.Series("nik_status", status),
        pl.Series("nik", digits).zip_with(usable, empty),
        pl.Series("nik_masked12", digits.str.slice(0, 12)).zip_with(
            usable | (status == "masked"), empty
        ),
        # one digit sixteen times is never anyone's NIK (it passes public validators)
        pl.Series("nik_placeholder", digits).zip_with(status == "repeated_digits", empty),
    )


def _prepare_nkk(frame: pl.DataFrame) -> pl.DataFrame:
    from sidalih import nik

    parsed = nik.parse_nkk(frame["nkk"])
    assert isinstance(parsed, pl.DataFrame)
    clean = parsed["nkk"] if "nkk" in parsed.columns else parsed[parsed.columns[0]]
    usable = parsed["status"] == "valid"
    out = frame.with_columns(
        frame["nkk"].alias("nkk_raw"),
        pl.Series("nkk_status", parsed["status"]),
        clean.zip_with(usable, pl.Series([None], dtype=pl.String)).alias("nkk"),
    )
    if "nik_placeholder" not in out.columns:
        return out
    # The family card typed as the NIK (whatever the card's own status): one value for a
    # whole household, the identity of nobody.
    return _void(out, pl.col("nik") == pl.lit(clean.cast(pl.String)))


def _prepare_names(frame: pl.DataFrame) -> pl.DataFrame:
    from sidalih import _stages, names

    _stages.reached("names")
    parsed = names.parse(frame["nama"])
    assert isinstance(parsed, pl.DataFrame)
    return frame.with_columns(
        parsed["nama_norm"].alias("nama_norm"),
        parsed["phonetic_key"].alias("nama_key"),
        parsed["key_token"].alias("nama_token_key"),
        _first_informative_key(parsed).alias("nama_first_key"),
    )


def _first_informative_key(parsed: pl.DataFrame) -> pl.Series:
    """Phonetic key of the first token that is neither low-information nor an initial."""
    from sidalih import names

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
    key = names.phonetic_key(keyed["tokens"])
    assert isinstance(key, pl.Series)
    return key


def _prepare_dates(frame: pl.DataFrame, *, reference_date: dt.date | str | None
                   ) -> pl.DataFrame:
    from sidalih import dates

    parsed = dates.parse_birth_date(frame["tanggal_lahir"], reference_date=reference_date)
    assert isinstance(parsed, pl.DataFrame)
    born = parsed["tanggal_lahir"]
    return frame.with_columns(
        frame["tanggal_lahir"].alias("tanggal_lahir_raw"),
        born.alias("tanggal_lahir"),
        pl.Series("tanggal_lahir_status", parsed["status"]),
        dates.is_placeholder(born).fill_null(False).alias("tgl_placeholder"),
        born.dt.year().cast(pl.Int16).alias("birth_year"),
    )
