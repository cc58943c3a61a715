"""NIK and NKK checks.

- ``nik_<status>`` for every status of :func:`sidalih.nik.parse` but ``valid``
  (severities in :data:`~sidalih.quality._registry.NIK_STATUS_SEVERITY`).
  ``nik_letters_read`` (warning): letters typed for digits (``3271O1...``), read as the
  digits shown masked in the detail and used like a valid NIK; the record should be
  corrected.
- ``nik_birth_date_mismatch`` (information): day, month or two-digit year of the NIK
  differ from the recorded birth date. The NIK is for life and keeps its date when the
  record is corrected (DOMAIN.md, NIK), so this is legitimate as often as not.
- ``nik_sex_mismatch``: the NIK's sex (day + 40 for women) differs from the recorded one.
- ``nik_region_moved`` (information): the NIK's district code is gone from the newest
  region table and its region has a successor code. The prefix is where the NIK was
  first registered and never changes, so this is not an error.
- ``nik_is_nkk``: the NIK equals the row's own NKK (the family card number typed in
  every member's NIK field): nobody's identity.
- ``nik_placeholder``: a NIK on more than ``max_records_per_nik`` rows naming more than
  one person (:mod:`sidalih.nik._holders`): a clerk's dummy, not an identity. The engine
  treats these NIKs, ``nik_is_nkk`` ones and ``nik_repeated_digits`` ones as missing
  (:mod:`sidalih.prepare`).
- ``nik_duplicate_same_person`` / ``nik_shared``: one identity NIK (none of the above)
  on several rows. Rows whose normalised name and birth date agree are the same person
  listed twice: the first row in input order is kept, the others get TMS "double". When
  the rows name more than one (name, birth date), every row of the NIK also gets
  ``nik_shared`` (different people on one NIK; which one owns it needs a document, so
  no TMS).
- ``nkk_empty``, ``nkk_letters_read`` (read like ``nik_letters_read``, the card's digits
  are used) and ``nkk_invalid`` (any other status of :func:`sidalih.nik.parse_nkk`).
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from sidalih import names, nik
from sidalih.nik._holders import crowded_keys
from sidalih.prepare import nik_stage, nkk_stage
from sidalih.quality._base import Context, emit, repeated_values
from sidalih.quality._messages import masked, masked_digits, shown
from sidalih.quality._registry import NIK_STATUS_SEVERITY
from sidalih.regions import VERSIONS, successors

__all__ = ["run", "USABLE_NIK"]

USABLE_NIK: tuple[str, ...] = ("valid", "letters_read", "unknown_region", "bad_date",
                               "zero_serial", "trailing_zero")  # fmt: skip
"""Statuses whose 16 digits still identify a record (for finding one NIK on several rows)."""

_USABLE_NKK = ("valid", "letters_read")
"""Family card statuses whose digits are a household key (as :mod:`sidalih.prepare`)."""

_NIK_STATUS = pl.Enum([s.value for s in nik.NikStatus])
_NEWEST_BIT = 1 << (len(VERSIONS) - 1)


@lru_cache(maxsize=1)
def _moved_districts() -> dict[str, str]:
    return {code: new for code, new in successors().items() if len(code) == 6}


def _parse(work: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    # prepare's NIK stage: the statuses the engine reads, and the parser's fields of the
    # same parse (sidalih.nik.parse's columns); numbers as the caller gave them
    raw = work["nik"] if ctx.nik_input is None else ctx.nik_input
    prepared, parsed = nik_stage(raw, reference_date=ctx.election_date)
    return work.with_columns(
        prepared["nik_status"].cast(pl.String).cast(_NIK_STATUS).alias("_nik_status"),
        parsed["district"].alias("_nik_district"),
        parsed["birth_day"].alias("_nik_day"),
        parsed["birth_month"].alias("_nik_month"),
        parsed["birth_year2"].alias("_nik_yy"),
        parsed["sex"].cast(pl.String).cast(pl.Enum(["L", "P"])).alias("_nik_sex"),
        parsed["region_versions"].alias("_nik_versions"),
        parsed["nik_int"].alias("_nik_int"),
    )


def _status_checks(lazy: pl.LazyFrame, ctx: Context) -> list[pl.LazyFrame]:
    raw = pl.col("nik").cast(pl.String)
    values = {
        "nik": masked(shown(raw)),
        "length": raw.str.count_matches(r"\d"),
        "code": pl.col("_nik_district"),
        "read": masked(pl.col("_nik_int").cast(pl.String).str.zfill(16)),
    }
    # one pass over every row picks the few that are not valid; the checks split those
    invalid = lazy.filter(pl.col("_nik_status") != "valid").collect().lazy()
    out = []
    for status in NIK_STATUS_SEVERITY:
        name = f"nik_{status}"
        if ctx.wants(name):
            out.append(emit(ctx, name, invalid.filter(pl.col("_nik_status") == status), values))
    return out


def _date_sex_checks(work: pl.DataFrame, ctx: Context) -> list[pl.LazyFrame]:
    lazy = work.lazy()
    out = []
    if ctx.wants("nik_birth_date_mismatch") and "_born" in work.columns:
        born = pl.col("_born")
        nik_dmy = (pl.col("_nik_day").cast(pl.Int32) * 10_000
                   + pl.col("_nik_month").cast(pl.Int32) * 100 + pl.col("_nik_yy").cast(pl.Int32))  # fmt: skip
        differs = nik_dmy != pl.col("_born_dmy")
        nik_date = pl.concat_str(
            [pl.col(c).cast(pl.String).str.zfill(2) for c in ("_nik_day", "_nik_month", "_nik_yy")],
            separator="-",
        )
        out.append(emit(ctx, "nik_birth_date_mismatch", lazy.filter(differs),
                        {"nik_date": nik_date, "date": born.dt.strftime("%d-%m-%Y")}))  # fmt: skip
    if ctx.wants("nik_sex_mismatch") and "_sex" in work.columns:
        differs = pl.col("_nik_sex") != pl.col("_sex")
        out.append(emit(ctx, "nik_sex_mismatch", lazy.filter(differs),
                        {"nik_sex": pl.col("_nik_sex"), "sex": pl.col("_sex")}))  # fmt: skip
    if ctx.wants("nik_region_moved"):
        successor = pl.col("_nik_district").replace_strict(
            _moved_districts(), default=None, return_dtype=pl.String
        )
        gone = (pl.col("_nik_versions") & _NEWEST_BIT) == 0
        # the successor lookup runs only on the few NIKs whose code is gone
        rows = (
            lazy.filter(pl.col("_nik_status").is_in(USABLE_NIK) & gone)
            .with_columns(successor.alias("_successor"))
            .filter(pl.col("_successor").is_not_null())
        )
        out.append(emit(ctx, "nik_region_moved", rows,
                        {"code": pl.col("_nik_district"), "successor": pl.col("_successor")}))  # fmt: skip
    return out


def _is_nkk(work: pl.DataFrame) -> pl.Expr:
    """The row's NIK is its own family card number (whatever the card's status)."""
    if "_nkk_read_int" not in work.columns:
        return pl.lit(False)
    same = pl.col("_nik_status").is_in(USABLE_NIK) & (pl.col("_nik_int") == pl.col("_nkk_read_int"))
    return same.fill_null(False)


def _nkk_checks(work: pl.DataFrame, ctx: Context) -> list[pl.LazyFrame]:
    if not ctx.wants("nik_is_nkk") or "_nkk_read_int" not in work.columns:
        return []
    shown_nik = masked(pl.col("_nik_int").cast(pl.String).str.zfill(16))
    return [emit(ctx, "nik_is_nkk", work.lazy().filter(_is_nkk(work)), {"nik": shown_nik})]


def _shared_checks(work: pl.DataFrame, ctx: Context) -> list[pl.LazyFrame]:
    wanted = ("nik_duplicate_same_person", "nik_shared", "nik_placeholder")
    if not any(ctx.wants(name) for name in wanted):
        return []
    # a family card typed as the NIK is nobody's NIK: it groups nobody
    usable = (pl.col("_nik_status").is_in(USABLE_NIK) & pl.col("_nik_int").is_not_null()
              & ~_is_nkk(work))  # fmt: skip
    keys = work.select(pl.when(usable).then(pl.col("_nik_int")).alias("_nik_int"))["_nik_int"]
    repeated = repeated_values(keys).to_frame("_nik_int")
    rows = work.lazy().join(repeated.lazy(), on="_nik_int", how="semi").filter(usable).collect()
    if rows.height == 0:
        return []
    norm = names.normalise(rows["nama"]) if "nama" in rows.columns else None
    born = rows["_born"] if "_born" in rows.columns else None
    rows = rows.with_columns(
        pl.Series("_name_norm", norm, dtype=pl.String) if norm is not None
        else pl.lit(None, dtype=pl.String).alias("_name_norm"),
        pl.Series("_born_cmp", born) if born is not None
        else pl.lit(None, dtype=pl.Date).alias("_born_cmp"),
    )  # fmt: skip
    person = ["_nik_int", "_name_norm", "_born_cmp"]
    first = pl.col("id").sort_by("_row").first()
    crowded = crowded_keys(rows, "_nik_int", person[1:],
                           max_records_per_nik=ctx.max_records_per_nik)["_nik_int"]
    rows = rows.with_columns(
        pl.len().over("_nik_int").alias("_n"),
        pl.struct("_name_norm", "_born_cmp").n_unique().over("_nik_int").alias("_people"),
        pl.len().over(person).alias("_n_same"),
        first.over(person).alias("_kept"),
        pl.col("_nik_int").is_in(crowded.implode()).alias("_placeholder"),
    )
    lazy = rows.lazy()
    identity = lazy.filter(~pl.col("_placeholder"))
    shown_nik = masked(pl.col("_nik_int").cast(pl.String).str.zfill(16))
    out = []
    if ctx.wants("nik_duplicate_same_person"):
        flag = pl.col("_n_same") > 1
        out.append(emit(ctx, "nik_duplicate_same_person", identity.filter(flag),
                        {"nik": shown_nik, "n": pl.col("_n_same"),
                         "kept": masked_digits(pl.col("_kept"))},  # ids are often NIKs
                        suggest=pl.col("id") != pl.col("_kept")))  # fmt: skip
    counts = {"nik": shown_nik, "n": pl.col("_n"), "people": pl.col("_people")}
    if ctx.wants("nik_shared"):
        out.append(emit(ctx, "nik_shared", identity.filter(pl.col("_people") > 1), counts))
    if ctx.wants("nik_placeholder"):
        out.append(emit(ctx, "nik_placeholder", lazy.filter(pl.col("_placeholder")),
                        {**counts, "max": pl.lit(ctx.max_records_per_nik)}))  # fmt: skip
    return out


def _nkk(work: pl.DataFrame, ctx: Context) -> tuple[pl.DataFrame, list[pl.LazyFrame]]:
    prepared, parsed = nkk_stage(work["nkk"])
    status = prepared["nkk_status"].cast(pl.String)
    valid = status.is_in(_USABLE_NKK)
    work = work.with_columns(
        status.alias("_nkk_status"),
        prepared["nkk"].cast(pl.String).alias("_nkk"),  # the card's digits where valid
        parsed["nkk_int"].zip_with(valid, pl.Series([None], dtype=pl.Int64)).alias("_nkk_int"),
        parsed["nkk_int"].alias("_nkk_read_int"),
    )
    lazy = work.lazy()
    out = []
    if ctx.wants("nkk_empty"):
        out.append(emit(ctx, "nkk_empty", lazy.filter(pl.col("_nkk_status") == "empty")))
    if ctx.wants("nkk_letters_read"):
        read = masked(pl.col("_nkk_read_int").cast(pl.String).str.zfill(16))
        out.append(emit(ctx, "nkk_letters_read",
                        lazy.filter(pl.col("_nkk_status") == "letters_read"),
                        {"nkk": masked(shown(pl.col("nkk"))), "read": read}))  # fmt: skip
    if ctx.wants("nkk_invalid"):
        flag = ~pl.col("_nkk_status").is_in([*_USABLE_NKK, "empty"])
        out.append(emit(ctx, "nkk_invalid", lazy.filter(flag),
                        {"nkk": masked(shown(pl.col("nkk"))), "status": pl.col("_nkk_status")}))  # fmt: skip
    return work, out


def run(work: pl.DataFrame, ctx: Context) -> tuple[pl.DataFrame, list[pl.LazyFrame]]:
    """Add ``_nik_*`` and ``_nkk*`` columns; emit the NIK and NKK checks."""
    out: list[pl.LazyFrame] = []
    if "nkk" in work.columns:
        work, found = _nkk(work, ctx)
        out += found
    if "nik" in work.columns:
        work = _parse(work, ctx)
        out += _status_checks(work.lazy(), ctx)
        out += _date_sex_checks(work, ctx)
        out += _nkk_checks(work, ctx)
        out += _shared_checks(work, ctx)
    return work, out
