"""Village-code checks against the versioned Kemendagri region table.

Villages are listed only for the 2019 and 2025 tables (:data:`sidalih.regions.VILLAGE_VERSIONS`;
no source lists the villages of 2022). ``region_version=None`` (default) accepts a code
known in either; ``"2019"`` or ``"2025"`` accepts only that table's codes.

- ``village_missing``: no village code.
- ``village_moved`` (information): the code's village has a newer code (a split or a
  renumbering, :func:`sidalih.regions.successor`); the list is not wrong, only old.
- ``village_unknown``: not a 10-digit code of the chosen table(s), and no successor.

Codes are read digits only, so ``32.71.01.1001`` is ``3271011001``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import polars as pl

from sidalih.errors import InvalidParameterError
from sidalih.quality._base import Context, emit, map_unique, present
from sidalih.quality._messages import shown
from sidalih.regions import VILLAGE_VERSIONS, successors, table

__all__ = ["run", "check_region_version"]


def check_region_version(version: str | None) -> str | None:
    """``version`` if villages can be checked against it, else an error saying why."""
    if version is None or version in VILLAGE_VERSIONS:
        return version
    raise InvalidParameterError(
        f"region_version must be None (any table with villages) or one of "
        f"{', '.join(VILLAGE_VERSIONS)}; got {version!r}. No source lists the villages of "
        "other tables (the 2022 table has districts only)"
    )


@lru_cache(maxsize=len(VILLAGE_VERSIONS) + 1)
def _known(version: str | None) -> pl.Series:
    """Village codes of one table, or of any table that lists villages (None)."""
    versions = VILLAGE_VERSIONS if version is None else (version,)
    villages = table("village")
    return villages.filter(pl.any_horizontal(pl.col(f"in_{v}") for v in versions))["code"]


@lru_cache(maxsize=1)
def _moved() -> dict[str, str]:
    return {code: new for code, new in successors().items() if len(code) == 10}


def _status(ctx: Context) -> Callable[[pl.Series], pl.DataFrame]:
    known, moved = _known(ctx.region_version), _moved()

    def derive(codes: pl.Series) -> pl.DataFrame:
        frame = codes.rename("c").to_frame()
        successor = pl.col("c").replace_strict(moved, default=None, return_dtype=pl.String)
        return frame.select(
            pl.col("c").is_in(known.implode()).fill_null(False).alias("_village_known"),
            successor.alias("_village_successor"),
        )

    return derive


def run(work: pl.DataFrame, ctx: Context) -> tuple[pl.DataFrame, list[pl.LazyFrame]]:
    """Add ``_village_known``/``_village_successor``; emit the village checks."""
    if "kode_desa" not in work.columns:
        return work, []
    derive = _status(ctx)
    work = work.with_columns(map_unique(work["_kode_desa"], derive).get_columns())
    lazy = work.lazy()
    has_code = present("kode_desa")
    successor = pl.col("_village_successor")
    shown_code = shown(pl.col("_kode_desa").fill_null(pl.col("kode_desa").cast(pl.String)))
    out = []
    if ctx.wants("village_missing"):
        out.append(emit(ctx, "village_missing", lazy.filter(~has_code)))
    if ctx.wants("village_moved"):
        out.append(emit(ctx, "village_moved", lazy.filter(has_code & successor.is_not_null()),
                        {"code": shown_code, "successor": successor}))  # fmt: skip
    if ctx.wants("village_unknown"):
        flag = has_code & ~pl.col("_village_known") & successor.is_null()
        version = ctx.region_version or "/".join(VILLAGE_VERSIONS)
        out.append(emit(ctx, "village_unknown", lazy.filter(flag),
                        {"code": shown_code, "version": pl.lit(version)}))  # fmt: skip
    return work, out
