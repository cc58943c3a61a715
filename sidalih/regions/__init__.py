"""Versioned Kemendagri region codes (kode wilayah): provinces, regencies, districts, villages.

Three tables are shipped: Permendagri 72/2019 (``"2019"``), Kepmendagri 100.1.1-6117/2022
(``"2022"``, the table of the 2024 voter lists, hence :data:`DEFAULT_VERSION`) and
Kepmendagri 300.2.2-2138/2025 (``"2025"``). Every row is one region under one code with
the versions in which that code named that region. A code that named two different regions
(Kab. Sorong's districts were renumbered in 2025, so ``960104`` was Beraur in 2022 and is
Seget in 2025) has one row per region, and :func:`successor` says where a moved code's
region went (the 2022 Papua split moved 26 regencies from 91/92 to 93-96).

Villages come from the 2019 and 2025 sources only (none lists 2022 villages): their
``in_2022`` is null, and a village code is never known "in 2022".

Everything is read lazily from ``sidalih/regions/data/`` (built by
``scripts/build_regions.py``; see the README there for sources, licences and the method).
Importing this module reads nothing.

Codes are text: ``"32"``, ``"3271"``, ``"327101"``, ``"3271011001"``; dotted spellings
(``"32.71.01"``) are accepted on input. Anything that is not a code in any spelling (``None``,
``"abc"``, a wrong length) is simply unknown: lookups return ``None`` / ``False``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sidalih.errors import InvalidParameterError
from sidalih.regions import _store
from sidalih.regions._codes import (
    DEFAULT_VERSION,
    LEVEL_OF_LENGTH,
    VERSIONS,
    VILLAGE_VERSIONS,
    check_level,
    check_version,
    clean_code,
)

if TYPE_CHECKING:
    import numpy as np
    import polars as pl

__all__ = [
    "VERSIONS",
    "DEFAULT_VERSION",
    "VILLAGE_VERSIONS",
    "Region",
    "table",
    "lookup",
    "is_known",
    "code_masks",
    "successor",
    "successors",
    "villages",
]


@dataclass(frozen=True, slots=True)
class Region:
    """One region under one code.

    Attributes
    ----------
    code : str
        Digits only: 2 (province), 4 (regency/city), 6 (district), 10 (village).
    level : str
        ``"province"``, ``"regency"``, ``"district"`` or ``"village"``.
    name : str
        Name in the newest table that has this region under this code.
    parent : str or None
        Code of the enclosing region; None for a province.
    versions : tuple of str
        The versions in which ``code`` names this region, oldest first.
    """

    code: str
    level: str
    name: str
    parent: str | None
    versions: tuple[str, ...]


def table(level: str = "district") -> pl.DataFrame:
    """Every region of one level in any version, one row per (code, region).

    Parameters
    ----------
    level : {"province", "regency", "district", "village"}
        Which level; default ``"district"``.

    Returns
    -------
    polars.DataFrame
        Columns ``code``, ``name``, ``parent`` (null for provinces) and the booleans
        ``in_2019``, ``in_2022``, ``in_2025``; sorted by code, older region first where a
        code was reused. ``in_2022`` is null for villages (no 2022 source lists them).

    Raises
    ------
    InvalidParameterError
        For an unknown ``level``.

    Examples
    --------
    >>> t = table("province")
    >>> t.height, int(t["in_2019"].sum()), int(t["in_2022"].sum())
    (38, 34, 38)
    >>> table("regency").filter(code="3271").row(0)
    ('3271', 'Kota Bogor', '32', True, True, True)
    """
    import polars as pl

    length = check_level(level)
    frame = _store.village_rows() if length == 10 else _store.upper_levels()
    return frame.filter(pl.col("code").str.len_chars() == length).clone()


def lookup(code: str, *, version: str | None = None) -> Region | None:
    """The region a code names, in one version or (``version=None``) in the newest one.

    Parameters
    ----------
    code : str
        A region code of 2, 4, 6 or 10 digits, dots between the groups allowed.
    version : {"2019", "2022", "2025"} or None
        Table to look in; None looks in all and returns the newest region with this code.

    Returns
    -------
    Region or None
        None when the code is not in that table, or is not a code at all.

    Raises
    ------
    InvalidParameterError
        For a ``version`` outside :data:`VERSIONS`.

    Examples
    --------
    >>> lookup("32.71.01").name
    'Bogor Selatan'
    >>> lookup("9101")
    Region(code='9101', level='regency', name='Kabupaten Merauke', parent='91', versions=('2019',))
    >>> lookup("960104", version="2022").name, lookup("960104", version="2025").name
    ('Beraur', 'Seget')
    >>> lookup("9101", version="2025") is None, lookup("abc") is None
    (True, True)
    """
    check_version(version)
    clean = clean_code(code)
    if clean is None:
        return None
    rows = _store.rows_for(clean)
    if version is not None:
        rows = [r for r in rows if version in r[3]]
    if not rows:
        return None
    code_, name, parent, versions = max(rows, key=lambda r: r[3][-1])
    return Region(code_, LEVEL_OF_LENGTH[len(code_)], name, parent, versions)


def is_known(code: str, *, version: str | None = None) -> bool:
    """Whether a code is in a version's table (``version=None``: in any of them).

    Examples
    --------
    >>> is_known("65"), is_known("65", version="2019"), is_known("93", version="2019")
    (True, True, False)
    >>> is_known(None), is_known("3271 01")
    (False, False)
    """
    return lookup(code, version=version) is not None


@lru_cache(maxsize=1)
def code_masks() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validity masks for vectorised code checks, indexed by the integer code.

    Returns
    -------
    tuple of numpy.ndarray
        Three read-only ``uint8`` arrays of sizes 100 (province), 10,000 (regency, 4
        digits) and 1,000,000 (district, 6 digits). Bit ``k`` of ``mask[int(code)]`` is set
        when ``code`` is valid in ``VERSIONS[k]``. Computed once, then cached.

    Examples
    --------
    >>> prov, reg, dist = code_masks()
    >>> int(prov[65]), int(reg[9101]), int(reg[9301]), int(dist[327101])
    (7, 1, 6, 7)
    >>> bool(reg[9101] & (1 << VERSIONS.index("2022")))
    False
    """
    return _store.masks()


def successor(code: str) -> str | None:
    """The newest code of the region that ``code`` named before it moved, or None.

    The map is derived from the tables by name (see ``scripts/build_regions.py``): Papua's
    regencies, districts and villages moved in 2022, the regencies of Papua Barat Daya and
    the districts of Kab. Sorong were renumbered in 2025, and villages moved into new
    districts or changed type between 2019 and 2025. A code may still be valid for another
    region (``960104`` is Seget in 2025): use :func:`lookup` with a version to tell them apart.

    Examples
    --------
    >>> successor("9101"), successor("91.01.01"), successor("960104")
    ('9301', '930101', '960102')
    >>> successor("3271") is None
    True
    """
    clean = clean_code(code)
    return None if clean is None else _store.successor_map().get(clean)


def successors() -> dict[str, str]:
    """Every moved code mapped to its newest code (a fresh dict on each call).

    Examples
    --------
    >>> moved = successors()
    >>> moved["9201"], moved["920104"]
    ('9601', '960102')
    """
    return dict(_store.successor_map())


def villages(*, version: str = "2025") -> pl.DataFrame:
    """Villages of one version with the codes and names of their district, regency, province.

    Parameters
    ----------
    version : {"2019", "2025"}
        The sources list villages for these versions only.

    Returns
    -------
    polars.DataFrame
        ``kode_desa`` (10 digits), ``kode_kecamatan`` (6), ``kode_kabkota`` (4),
        ``kode_provinsi`` (2), ``nama_desa``, ``nama_kecamatan``, ``nama_kabkota``,
        ``nama_provinsi``; sorted by ``kode_desa``.

    Raises
    ------
    InvalidParameterError
        For a version without a village source (``"2022"``) or an unknown one.

    Examples
    --------
    >>> v = villages()
    >>> v.height
    83762
    >>> v.filter(kode_desa="3271011001").row(0)[4:]
    ('Batu Tulis', 'Bogor Selatan', 'Kota Bogor', 'Jawa Barat')
    """
    if version not in VILLAGE_VERSIONS:
        raise InvalidParameterError(
            f"villages are available for versions {', '.join(VILLAGE_VERSIONS)} only "
            f"(no source lists the villages of the other tables); got version={version!r}"
        )
    return _villages(version).clone()


@lru_cache(maxsize=len(VILLAGE_VERSIONS))
def _villages(version: str) -> pl.DataFrame:
    import polars as pl

    valid = pl.col(f"in_{version}")
    code = pl.col("code")
    frame = (
        _store.village_rows()
        .filter(valid)
        .select(
            kode_desa=code,
            kode_kecamatan=code.str.head(6),
            kode_kabkota=code.str.head(4),
            kode_provinsi=code.str.head(2),
            nama_desa=pl.col("name"),
        )
    )
    upper = _store.upper_levels().filter(valid)
    for key, name, length in (
        ("kode_kecamatan", "nama_kecamatan", 6),
        ("kode_kabkota", "nama_kabkota", 4),
        ("kode_provinsi", "nama_provinsi", 2),
    ):
        names = upper.filter(code.str.len_chars() == length).select(
            code.alias(key), pl.col("name").alias(name)
        )
        frame = frame.join(names, on=key, how="left")
    return frame.sort("kode_desa")
