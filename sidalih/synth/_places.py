"""Villages, registration districts and the ethnic mixture of each province.

All region codes come from :mod:`sidalih.regions` (the versioned Kemendagri tables of
DOMAIN.md, Region codes); this module only chooses among them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl

from sidalih.errors import InvalidParameterError

__all__ = [
    "GROUP_NAMES",
    "village_table",
    "select_villages",
    "district_codes",
    "predecessors",
    "group_weights",
]

GROUP_NAMES = ("jawa", "sunda", "melayu", "bali", "batak", "minang", "bugis", "tionghoa", "timur")

# Share of each naming group among residents, by province code (a documented mixture, not
# census figures): Javanese in Central/East Java and Yogyakarta, Sundanese in West Java and
# Banten, Balinese in Bali, Batak in North Sumatra, Minang in West Sumatra, Bugis in South
# Sulawesi, Christian eastern Indonesia in North Sulawesi, NTT, Maluku and Papua, and
# Malay/Arabic-Muslim names widely; Chinese-Indonesian names are added in cities.
_MIX: dict[str, dict[str, float]] = {
    "11": {"melayu": 0.9, "jawa": 0.1},
    "12": {"batak": 0.55, "melayu": 0.25, "jawa": 0.17, "tionghoa": 0.03},
    "13": {"minang": 0.9, "melayu": 0.05, "jawa": 0.05},
    "18": {"jawa": 0.6, "melayu": 0.3, "sunda": 0.1},
    "31": {
        "jawa": 0.38,
        "melayu": 0.2,
        "sunda": 0.15,
        "tionghoa": 0.07,
        "batak": 0.07,
        "minang": 0.07,
        "timur": 0.06,
    },
    "32": {"sunda": 0.85, "jawa": 0.1, "melayu": 0.05},
    "33": {"jawa": 0.96, "melayu": 0.04},
    "34": {"jawa": 0.96, "melayu": 0.04},
    "35": {"jawa": 0.94, "melayu": 0.06},
    "36": {"sunda": 0.7, "jawa": 0.15, "melayu": 0.15},
    "51": {"bali": 0.88, "jawa": 0.08, "melayu": 0.04},
    "52": {"melayu": 0.9, "bali": 0.05, "jawa": 0.05},
    "53": {"timur": 0.9, "melayu": 0.1},
    "71": {"timur": 0.75, "melayu": 0.22, "tionghoa": 0.03},
    "72": {"bugis": 0.4, "melayu": 0.4, "timur": 0.2},
    "73": {"bugis": 0.85, "melayu": 0.1, "timur": 0.05},
    "74": {"bugis": 0.5, "melayu": 0.5},
    "75": {"melayu": 0.9, "bugis": 0.1},
    "76": {"bugis": 0.7, "melayu": 0.3},
    "81": {"timur": 0.6, "melayu": 0.4},
    "82": {"melayu": 0.6, "timur": 0.4},
}
_SUMATRA_KALIMANTAN = {"melayu": 0.6, "jawa": 0.25, "minang": 0.08, "bugis": 0.05, "batak": 0.02}
_PAPUA = {"timur": 0.8, "jawa": 0.1, "bugis": 0.1}
_DEFAULT = {"melayu": 0.7, "jawa": 0.3}


def group_weights(province: str, *, city: bool) -> np.ndarray:
    """Shares of the naming groups (in :data:`GROUP_NAMES` order) for a province.

    Examples
    --------
    >>> w = group_weights("51", city=False)
    >>> round(float(w.sum()), 6), GROUP_NAMES[int(w.argmax())]
    (1.0, 'bali')
    """
    if province in _MIX:
        mix = dict(_MIX[province])
    elif province.startswith("9"):
        mix = dict(_PAPUA)
    elif province[0] in "16":
        mix = dict(_SUMATRA_KALIMANTAN)
    else:
        mix = dict(_DEFAULT)
    if city:
        mix["tionghoa"] = mix.get("tionghoa", 0.0) + 0.05
    w = np.array([mix.get(g, 0.0) for g in GROUP_NAMES], dtype=np.float64)
    return w / w.sum()


def _regions() -> Any:
    try:
        from sidalih import regions
    except ImportError as exc:  # pragma: no cover - only while the tree is incomplete
        raise InvalidParameterError(
            "sidalih.synth needs the region tables of sidalih.regions, which is not installed"
        ) from exc
    return regions


@lru_cache(maxsize=2)
def village_table() -> pl.DataFrame:
    """Every village of the current region table, sorted by code."""
    cols = ["kode_desa", "kode_kecamatan", "kode_kabkota", "kode_provinsi", "nama_kabkota"]
    return _regions().villages().select(cols).sort("kode_desa")


@lru_cache(maxsize=2)
def district_codes() -> np.ndarray:
    """Six-digit district codes valid in any table version (incl. pre-split Papua)."""
    table = _regions().table(level="district")
    return np.sort(table["code"].cast(pl.String).unique().to_numpy()).astype("U6")


@lru_cache(maxsize=2)
def predecessors() -> dict[str, str]:
    """Current six-digit district code -> the code it had before a renumbering."""
    out: dict[str, str] = {}
    for old, new in _regions().successors().items():
        if len(old) == 6 and len(new) == 6 and old != new:
            out.setdefault(new, old)
    return out


def select_villages(
    n: int,
    villages: int | Sequence[str] | pl.DataFrame | None,
    *,
    seed: int,
    voters_per_village: int,
    villages_per_district: int,
) -> pl.DataFrame:
    """Choose the villages of the list, grouped so each district's villages are adjacent.

    ``villages`` may be a count, a sequence of 10-digit codes, a frame with ``kode_desa``,
    or None (``ceil(n / voters_per_village)`` villages). Chosen at random for a count:
    ``villages_per_district`` villages from each of randomly drawn districts.
    """
    table = village_table()
    villages = _check_villages(villages)
    if isinstance(villages, list):
        codes = [str(v) for v in villages]
        chosen = table.filter(pl.col("kode_desa").is_in(codes))
        missing = sorted(set(codes) - set(chosen["kode_desa"].to_list()))
        if missing:
            raise InvalidParameterError(
                f"villages: {len(missing)} code(s) are not in the region table, "
                f"e.g. {missing[:3]}; pass 10-digit kode_desa values"
            )
        return chosen.sort("kode_desa")
    count = villages if villages is not None else -(-n // voters_per_village)
    count = min(count, table.height)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x5E1EC7]))
    districts = table["kode_kecamatan"].unique(maintain_order=True).to_numpy()
    per = max(1, villages_per_district)
    need = min(len(districts), 2 * -(-count // per) + 2)
    order = rng.permutation(len(districts))[:need]
    drank = pl.DataFrame({"kode_kecamatan": districts[order], "d": np.arange(need)})
    cand = table.join(drank, on="kode_kecamatan").sort("kode_desa")
    # A random rank inside each district; districts are filled in their drawn order.
    cand = cand.with_columns(pl.Series("r", rng.permutation(cand.height))).with_columns(
        pl.col("r").rank("ordinal").over("kode_kecamatan").alias("k")
    )
    cand = cand.filter(pl.col("k") <= per).sort("d", "k").head(count)
    return cand.drop("d", "r", "k").sort("kode_desa")


def _check_villages(villages: object) -> int | list[Any] | None:
    """None, a count >= 1 (a Python int), or the list of codes (never empty)."""
    if villages is None:
        return None
    if isinstance(villages, (int, np.integer)) and not isinstance(villages, (bool, np.bool_)):
        if villages < 1:
            raise InvalidParameterError(f"villages must be at least 1, got {villages}")
        return int(villages)
    if isinstance(villages, pl.DataFrame):
        if "kode_desa" not in villages.columns:
            raise InvalidParameterError(
                "villages: the frame has no kode_desa column "
                f"(found: {', '.join(villages.columns) or 'no columns'})"
            )
        codes = villages["kode_desa"].cast(pl.String).to_list()
    elif isinstance(villages, np.ndarray) and villages.ndim == 1:
        codes = villages.tolist()
    elif isinstance(villages, Sequence) and not isinstance(villages, (str, bytes)):
        codes = list(villages)
    else:
        # A lone code string would otherwise be read one character per village.
        raise InvalidParameterError(
            "villages must be None, a count, a list of 10-digit kode_desa codes or a frame "
            f"with kode_desa, got {villages!r}"
        )
    if not codes:
        # An empty list is not "no choice": it would give a list without villages.
        raise InvalidParameterError(
            "villages: the sequence of codes is empty; pass at least one kode_desa, or None "
            "to draw villages at random"
        )
    return codes


@lru_cache(maxsize=1)
def regency_names() -> tuple[np.ndarray, np.ndarray]:
    """(4-digit regency codes as ints, short names without "Kabupaten"/"Kota"), any version."""
    table = _regions().table(level="regency").unique("code", keep="last").sort("code")
    names = (
        table["name"]
        .str.replace(r"^(Kabupaten|Kota|Kab\.)\s+", "")
        .str.replace(r"^Administrasi\s+", "")
    )
    return table["code"].cast(pl.Int64).to_numpy(), names.to_numpy().astype(str)
