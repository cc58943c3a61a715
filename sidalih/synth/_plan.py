"""Settings and the generation plan: villages, their row quotas, and units of whole districts.

A *unit* is a run of whole districts (all their chosen villages) of about
:data:`UNIT_ROWS` rows with its own random stream, derived from the seed and the unit's
position. Units are generated one after another, so the output does not depend on how
:func:`sidalih.synth.write` groups them into chunks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from sidalih.errors import InvalidParameterError
from sidalih.synth._errors import check_rates
from sidalih.synth._places import select_villages

__all__ = ["Config", "Plan", "make_plan", "UNIT_ROWS"]

UNIT_ROWS = 150_000


@dataclass(frozen=True)
class Config:
    """Every rate of the generator (documented in :func:`sidalih.synth.voters`)."""

    seed: int = 0
    duplicate_rate: float = 0.02
    twin_rate: float = 0.01
    father_son_rate: float = 0.003
    namesake_rate: float = 0.002
    shared_nik_rate: float = 0.001
    foreign_nik_rate: float = 0.12
    presplit_rate: float = 0.85
    placeholder_scale: float = 1.0
    max_tps: int = 300
    election: dt.date = dt.date(2024, 2, 14)
    error_rates: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("duplicate_rate", "twin_rate", "father_son_rate", "namesake_rate",
                     "shared_nik_rate", "foreign_nik_rate", "presplit_rate"):  # fmt: skip
            value = getattr(self, name)
            top = 1.0 if name == "presplit_rate" else 0.5
            if not 0.0 <= value <= top:
                raise InvalidParameterError(f"{name} must be in [0, {top}], got {value}")
        if not 0.0 <= self.placeholder_scale <= 2.0:
            raise InvalidParameterError(
                f"placeholder_scale must be in [0, 2], got {self.placeholder_scale}"
            )
        if self.max_tps < 30:
            raise InvalidParameterError(
                f"max_tps must be at least 30 (KPU uses 300, 500 or 600), got {self.max_tps}"
            )
        object.__setattr__(self, "error_rates", check_rates(self.error_rates))


@dataclass(frozen=True)
class Plan:
    """Villages with their row quotas and the unit boundaries (village index ranges)."""

    villages: pl.DataFrame
    quotas: np.ndarray
    unit_starts: np.ndarray  # first village of each unit, plus the end

    @property
    def n_units(self) -> int:
        return int(self.unit_starts.size - 1)

    def unit(self, u: int) -> tuple[pl.DataFrame, np.ndarray, int]:
        """Villages, quotas and first global row of unit ``u``."""
        a, b = int(self.unit_starts[u]), int(self.unit_starts[u + 1])
        return self.villages.slice(a, b - a), self.quotas[a:b], int(self.quotas[:a].sum())


def make_plan(
    n: int,
    *,
    seed: int,
    villages: int | Sequence[str] | pl.DataFrame | None,
    voters_per_village: int,
    villages_per_district: int,
) -> Plan:
    """Choose villages, split ``n`` rows among them, and cut units at district boundaries."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InvalidParameterError(f"n must be a positive integer, got {n!r}")
    chosen = select_villages(
        int(n), villages, seed=seed, voters_per_village=voters_per_village,
        villages_per_district=villages_per_district,
    )  # fmt: skip
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x0A7A]))
    weight = rng.gamma(6.0, 1.0, chosen.height)
    share = weight / weight.sum() * n
    quotas = np.floor(share).astype(np.int64)
    rest = int(n - quotas.sum())
    quotas[np.argsort(-(share - quotas), kind="stable")[:rest]] += 1
    district = chosen["kode_kecamatan"].to_numpy()
    new_district = np.concatenate([[True], district[1:] != district[:-1]])
    starts = [0]
    rows = 0
    for i in range(chosen.height):
        if new_district[i] and rows >= UNIT_ROWS:
            starts.append(i)
            rows = 0
        rows += int(quotas[i])
    starts.append(chosen.height)
    return Plan(chosen, quotas, np.array(starts, dtype=np.int64))
