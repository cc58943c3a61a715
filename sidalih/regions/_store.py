"""Lazy, cached access to the shipped Parquet files of :mod:`sidalih.regions`.

Every loader is an ``lru_cache``: the first call reads the file, later calls share the
result. Frames handed out are clones and masks are read-only, so no caller can change what
the next caller sees.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from sidalih.errors import DataFileError
from sidalih.regions._codes import VERSIONS

if TYPE_CHECKING:
    import numpy as np
    import polars as pl

VERSION_COLUMNS = tuple(f"in_{v}" for v in VERSIONS)


def _read(name: str) -> pl.DataFrame:
    from importlib import resources  # here, not at the top: keeps the import of sidalih fast

    import polars as pl

    resource = resources.files("sidalih.regions").joinpath("data").joinpath(name)
    try:
        with resources.as_file(resource) as path:
            return pl.read_parquet(path)
    except OSError as exc:  # a broken install, not bad input
        raise DataFileError(
            f"cannot read the region table {name!r} shipped with sidalih ({exc}); "
            "reinstall sidalih or rebuild it with scripts/build_regions.py"
        ) from exc


def _with_parent(frame: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    code, length = pl.col("code"), pl.col("code").str.len_chars()
    parent = (
        pl.when(length == 2)
        .then(pl.lit(None, dtype=pl.String))
        .when(length == 10)
        .then(code.str.head(6))
        .otherwise(code.str.head(-2))
    )
    return frame.select("code", "name", parent.alias("parent"), *VERSION_COLUMNS)


@lru_cache(maxsize=1)
def upper_levels() -> pl.DataFrame:
    """Provinces, regencies and districts: one row per (code, region), sorted by code."""
    return _with_parent(_read("regions.parquet"))


@lru_cache(maxsize=1)
def village_rows() -> pl.DataFrame:
    """Villages; ``in_2022`` is null (no 2022 source lists villages)."""
    return _with_parent(_read("villages.parquet"))


@lru_cache(maxsize=1)
def successor_map() -> dict[str, str]:
    frame = _read("successors.parquet")
    return dict(zip(frame["old"].to_list(), frame["new"].to_list(), strict=True))


Row = tuple[str, str, "str | None", tuple[str, ...]]  # code, name, parent, versions


class _Index:
    """Rows by code over a code-sorted frame; rows are built only when asked for."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.codes: list[str] = frame["code"].to_list()
        self.names: list[str] = frame["name"].to_list()
        self.parents: list[str | None] = frame["parent"].to_list()
        self.flags = [frame[c].to_list() for c in VERSION_COLUMNS]
        # reversed, so that a code repeated on consecutive rows keeps its first position
        self.first = {
            c: i
            for i, c in zip(range(len(self.codes) - 1, -1, -1), reversed(self.codes), strict=True)
        }

    def rows(self, code: str) -> list[Row]:
        i = self.first.get(code)
        out: list[Row] = []
        while i is not None and i < len(self.codes) and self.codes[i] == code:
            versions = tuple(v for v, f in zip(VERSIONS, self.flags, strict=True) if f[i])
            out.append((code, self.names[i], self.parents[i], versions))
            i += 1
        return out


def rows_for(code: str) -> list[Row]:
    """Every row with this digits-only code, oldest region first."""
    index = _village_index() if len(code) == 10 else _upper_index()
    return index.rows(code)


@lru_cache(maxsize=1)
def _upper_index() -> _Index:
    return _Index(upper_levels())


@lru_cache(maxsize=1)
def _village_index() -> _Index:
    return _Index(village_rows())


@lru_cache(maxsize=1)
def masks() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validity bit masks indexed by integer province / regency / district code."""
    import numpy as np
    import polars as pl

    frame = upper_levels()
    bits = pl.sum_horizontal(
        pl.col(c).cast(pl.UInt8) * (1 << k) for k, c in enumerate(VERSION_COLUMNS)
    )
    out = []
    for length, size in ((2, 100), (4, 10_000), (6, 1_000_000)):
        part = frame.filter(pl.col("code").str.len_chars() == length)
        mask = np.zeros(size, dtype=np.uint8)
        # bitwise_or.at, not assignment: a reused code has one row per region it named
        np.bitwise_or.at(
            mask,
            part["code"].cast(pl.Int64).to_numpy(),
            part.select(bits.cast(pl.UInt8).alias("bits"))["bits"].to_numpy(),
        )
        mask.setflags(write=False)
        out.append(mask)
    return out[0], out[1], out[2]
