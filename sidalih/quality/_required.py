"""Required data elements, and the coded elements sex and marital status.

KPU's nine data elements (DOMAIN.md, The voter list) are :data:`KPU_ELEMENTS`; which of
them must be filled is the ``required_elements`` option. An empty element is reported
once per row by ``required_missing`` (listing every empty one), except where a group
owns the element's emptiness with a check of its own (:data:`DEDICATED`): an empty NIK
is ``nik_empty``, not also ``required_missing``.
"""

from __future__ import annotations

import polars as pl

from sidalih import dates
from sidalih.prepare import sex_code
from sidalih.quality._base import Context, emit, map_unique, missing, present
from sidalih.quality._messages import shown

__all__ = ["KPU_ELEMENTS", "DEFAULT_REQUIRED", "DEDICATED", "run"]

KPU_ELEMENTS: tuple[str, ...] = (
    "nama", "nik", "nkk", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "status_kawin",
    "disabilitas", "alamat",
)  # fmt: skip
"""The nine data elements of the KPU voter list."""

DEFAULT_REQUIRED: tuple[str, ...] = tuple(e for e in KPU_ELEMENTS if e != "disabilitas")
"""Required by default: all nine but ``disabilitas``, which is empty for most voters."""

DEDICATED: dict[str, str] = {
    "nama": "name_empty",
    "nik": "nik_empty",
    "nkk": "nkk_empty",
    "tanggal_lahir": "birth_date_missing",
    "tps": "tps_missing",
    "kode_desa": "village_missing",
}
"""Elements whose emptiness is reported by a check of their own group."""


_SEX = pl.Enum(["L", "P"])
_KAWIN = pl.Enum(["B", "S", "P"])


def _codes(work: pl.DataFrame) -> pl.DataFrame:
    """``_sex`` (L/P) and ``_kawin`` (B/S/P), derived once per distinct raw value."""
    extra: list[pl.Series] = []
    if "jenis_kelamin" in work.columns:
        sex = map_unique(
            work["jenis_kelamin"],
            lambda u: u.to_frame("v").select(sex_code(pl.col("v")).cast(_SEX).alias("_sex")),
        )
        extra.append(sex["_sex"])
    if "status_kawin" in work.columns:
        kawin = map_unique(
            work["status_kawin"],
            lambda u: pl.DataFrame({"_kawin": dates.marital_status_code(u).cast(_KAWIN)}),
        )
        extra.append(kawin["_kawin"])
    return work.with_columns(extra) if extra else work


def run(work: pl.DataFrame, ctx: Context) -> tuple[pl.DataFrame, list[pl.LazyFrame]]:
    """Add ``_sex``/``_kawin``; emit ``required_missing``, ``sex_invalid``, ``marital_invalid``."""
    work = _codes(work)
    out: list[pl.LazyFrame] = []
    lazy = work.lazy()
    if ctx.wants("sex_invalid") and "_sex" in work.columns:
        flag = present("jenis_kelamin") & pl.col("_sex").is_null()
        out.append(emit(ctx, "sex_invalid", lazy.filter(flag),
                        {"value": shown(pl.col("jenis_kelamin"))}))  # fmt: skip
    if ctx.wants("marital_invalid") and "_kawin" in work.columns:
        flag = present("status_kawin") & pl.col("_kawin").is_null()
        out.append(emit(ctx, "marital_invalid", lazy.filter(flag),
                        {"value": shown(pl.col("status_kawin"))}))  # fmt: skip
    elements = sorted(ctx.required - set(DEDICATED), key=_element_order)
    if ctx.wants("required_missing") and elements:
        empty = [pl.when(missing(e)).then(pl.lit(e)) for e in elements]
        listed = pl.concat_str(empty, separator=", ", ignore_nulls=True)
        flag = pl.any_horizontal(missing(e) for e in elements)
        out.append(emit(ctx, "required_missing", lazy.filter(flag), {"elements": listed}))
    return work, out


def _element_order(element: str) -> tuple[int, str]:
    order = {e: i for i, e in enumerate(KPU_ELEMENTS)}
    return order.get(element, len(order)), element
