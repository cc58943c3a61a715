"""Polling-station (TPS) checks and families split over stations.

A TPS number is compared in a normal form: upper case, the word ``TPS`` and
separators dropped, leading zeros of a number dropped (``TPS 001`` = ``1``).

``tps_scope`` says what a TPS value identifies:

- ``"village"`` (default; KPU numbers TPS within each village): a station is
  (``kode_desa``, TPS). It cannot span villages by construction, so
  ``tps_spans_villages`` is skipped.
- ``"list"``: the ``tps`` column identifies a station across the whole list (a
  station code); a station whose rows name several villages is ``tps_spans_villages``.

Checks (DOMAIN.md, The voter list):

- ``tps_missing``: no TPS.
- ``tps_overfull``: a station with more than ``max_voters_per_tps`` rows (300 in
  Pemilu 2024, 500 in 2019, 600 in Pilkada 2024); every row of it is reported.
- ``family_split_tps``: members of one family card (valid NKK) in one village are in
  several stations. The family's main station is the one with most members (the
  smallest TPS on a tie); members elsewhere get TMS "wrong TPS".
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from sidalih.quality._base import Context, emit, groups_varying, map_unique
from sidalih.quality._messages import masked, shown

__all__ = ["run", "TPS_SCOPES"]

TPS_SCOPES = ("village", "list")


def _tps_key(values: pl.Series) -> pl.DataFrame:
    """``_tps`` (normal form) and ``_tps_rank`` (its rank among the distinct forms)."""
    text = (
        values.cast(pl.String).str.to_uppercase().str.replace_all(r"\bTPS\b", "")
        .str.replace_all(r"[^0-9A-Z]", "")
    )  # fmt: skip
    frame = text.rename("t").to_frame()
    digits = pl.col("t").str.contains(r"^[0-9]+$")
    stripped = pl.col("t").str.strip_chars_start("0")
    key = (
        pl.when(pl.col("t").str.len_chars() == 0).then(None)
        .when(digits & (stripped.str.len_chars() == 0)).then(pl.lit("0"))
        .when(digits).then(stripped)
        .otherwise(pl.col("t"))
    )  # fmt: skip
    keyed = frame.select(key.alias("_tps"))
    # integer keys make the group-bys over millions of rows cheap; rank keeps string order
    return keyed.with_columns(pl.col("_tps").rank("dense").cast(pl.UInt32).alias("_tps_rank"))


def _station(ctx: Context) -> pl.Expr:
    """One integer per station (null without a TPS): village and TPS, or TPS alone."""
    rank = pl.col("_tps_rank").cast(pl.Int64)
    if ctx.tps_scope == "list":
        return rank
    village = pl.col("_vkey").cast(pl.Int64).fill_null((1 << 32) - 1)
    return village * (1 << 32) + rank


def _overfull(work: pl.DataFrame, ctx: Context) -> pl.LazyFrame:
    station = work.select(_station(ctx).alias("_station"))["_station"]
    counts = station.drop_nulls().value_counts(name="_n")
    big = counts.filter(pl.col("_n") > ctx.max_voters_per_tps)
    flagged = (
        work.lazy()
        .with_columns(station)
        .filter(pl.col("_station").is_in(big["_station"].implode()))
    )
    rows = flagged.join(big.lazy(), on="_station", how="inner")
    # a shifted export puts NIKs in the TPS (or village) column: quote them masked
    values = {
        "tps": shown(pl.col("_tps")),
        "village": shown(pl.col("_kode_desa")),
        "n": pl.col("_n"),
        "max": pl.lit(ctx.max_voters_per_tps),
    }
    return emit(ctx, "tps_overfull", rows, values)


def _spans(work: pl.DataFrame, ctx: Context) -> pl.LazyFrame:
    spanning = (
        work.lazy().filter(pl.col("_tps_rank").is_not_null()).group_by("_tps_rank")
        .agg(pl.col("_vkey").drop_nulls().n_unique().alias("_nv")).filter(pl.col("_nv") > 1)
    )  # fmt: skip
    villages = shown(pl.col("_kode_desa").drop_nulls().unique().sort())
    listed = (
        work.lazy().join(spanning, on="_tps_rank", how="semi").group_by("_tps_rank")
        .agg(villages.head(5).str.join(", ").alias("_vl"))
    )  # fmt: skip
    rows = work.lazy().join(spanning, on="_tps_rank").join(listed, on="_tps_rank")
    return emit(ctx, "tps_spans_villages", rows,
                {"tps": shown(pl.col("_tps")), "n": pl.col("_nv"),
                 "villages": pl.col("_vl")})  # fmt: skip


def _family_split(work: pl.DataFrame, ctx: Context) -> pl.LazyFrame:
    family = ["_vkey", "_nkk_int"]
    members = work.lazy().filter(
        pl.col("_nkk_int").is_not_null() & pl.col("_tps_rank").is_not_null()
    )
    # First pass over every family on one integer key (millions of groups): a card whose
    # rows all share one (village, TPS) is fine. The few others are looked at closely.
    place = _station(replace(ctx, tps_scope="village"))
    keyed = members.select("_nkk_int", place.alias("_place")).collect()
    several = groups_varying(keyed["_nkk_int"], keyed["_place"]).to_frame("_nkk_int")
    rows = members.join(several.lazy(), on="_nkk_int", how="semi").collect()
    per_tps = rows.group_by([*family, "_tps_rank"]).agg(pl.len().alias("_m"), pl.first("_tps"))
    per_tps = per_tps.filter(pl.len().over(family) > 1)
    summary = (
        per_tps.sort(["_m", "_tps_rank"], descending=[True, False])
        .group_by(family)
        .agg(
            pl.len().alias("_nt"),
            pl.col("_tps").first().alias("_main"),
            # masked one by one: masking the joined list would cut it at 40 characters
            shown(pl.col("_tps")).sort_by("_tps_rank").head(5).str.join(", ").alias("_tl"),
        )
    )
    joined = rows.lazy().join(summary.lazy(), on=family, how="inner", nulls_equal=True)
    values = {
        "nkk": masked(pl.col("_nkk")),
        "n_tps": pl.col("_nt"),
        "tps_list": pl.col("_tl"),
        "main": shown(pl.col("_main")),
    }
    return emit(ctx, "family_split_tps", joined, values, suggest=pl.col("_tps") != pl.col("_main"))


def run(work: pl.DataFrame, ctx: Context) -> tuple[pl.DataFrame, list[pl.LazyFrame]]:
    """Add ``_tps`` (normal form), ``_tps_rank`` and ``_vkey``; emit the TPS checks."""
    if "tps" not in work.columns:
        return work, []
    work = work.with_columns(
        *map_unique(work["tps"], _tps_key).get_columns(),
        pl.col("_kode_desa").cast(pl.Categorical).to_physical().alias("_vkey"),
    )
    out = []
    if ctx.wants("tps_missing"):
        out.append(emit(ctx, "tps_missing", work.lazy().filter(pl.col("_tps").is_null())))
    if ctx.wants("tps_overfull"):
        out.append(_overfull(work, ctx))
    if ctx.wants("tps_spans_villages") and ctx.tps_scope == "list" and "kode_desa" in work.columns:
        out.append(_spans(work, ctx))
    if ctx.wants("family_split_tps") and "_nkk_int" in work.columns:
        out.append(_family_split(work, ctx))
    return work, out
