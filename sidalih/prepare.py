"""From a standardised voter frame to the prepared frame the engine blocks and compares.

Derived columns (each present only when its source column is):

| column | from | meaning |
| --- | --- | --- |
| ``nik`` | ``nik`` | clean 16 digits, or null when unusable (empty, damaged, all-same digits) |
| ``nik_status`` | ``nik`` | the NIK parser's status |
| ``nik_masked12`` | ``nik`` | the first 12 digits of a valid or masked NIK (partial key) |
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
"""

from __future__ import annotations

import datetime as dt

import polars as pl

__all__ = ["prepare", "sex_code", "place_name"]

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


def prepare(voters: pl.DataFrame, *, reference_date: dt.date | str | None = None) -> pl.DataFrame:
    """Add the derived columns of the module table to a standardised polars frame.

    Row order and every row are kept; unknown columns pass through.
    """
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
    return out


def _prepare_nik(frame: pl.DataFrame, *, reference_date: dt.date | str | None) -> pl.DataFrame:
    from sidalih import nik

    parsed = nik.parse(frame["nik"], reference_date=reference_date)
    assert isinstance(parsed, pl.DataFrame)
    status = parsed["status"]
    digits = parsed["nik"]
    usable = status.is_in(list(_USABLE_NIK))
    return frame.with_columns(
        frame["nik"].alias("nik_raw"),
        pl.Series("nik_status", status),
        pl.Series("nik", digits).zip_with(usable, pl.Series([None], dtype=pl.String)),
        pl.Series("nik_masked12", digits.str.slice(0, 12)).zip_with(
            usable | (status == "masked"), pl.Series([None], dtype=pl.String)
        ),
    )


def _prepare_nkk(frame: pl.DataFrame) -> pl.DataFrame:
    from sidalih import nik

    parsed = nik.parse_nkk(frame["nkk"])
    assert isinstance(parsed, pl.DataFrame)
    clean = parsed["nkk"] if "nkk" in parsed.columns else parsed[parsed.columns[0]]
    usable = parsed["status"] == "valid"
    return frame.with_columns(
        frame["nkk"].alias("nkk_raw"),
        pl.Series("nkk_status", parsed["status"]),
        clean.zip_with(usable, pl.Series([None], dtype=pl.String)).alias("nkk"),
    )


def _prepare_names(frame: pl.DataFrame) -> pl.DataFrame:
    from sidalih import _warmup, names

    _warmup.ready("names")
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
