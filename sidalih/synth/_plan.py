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

from sidalih.election import PEMILU_2024
from sidalih.errors import InvalidParameterError
from sidalih.synth._errors import check_rates
from sidalih.synth._places import select_villages

__all__ = ["Config", "Plan", "make_plan", "UNIT_ROWS", "check_count", "check_seed"]

UNIT_ROWS = 150_000

# Elections the generator models: people are born up to ~100 years before it, NIKs carry
# a two-digit birth year, and the rest of sidalih reads dates in 1850-2199.
_FIRST_ELECTION = dt.date(1950, 1, 1)
_LAST_ELECTION = dt.date(2100, 12, 31)


def _is_whole(value: object) -> bool:
    # bool is an int to Python, but True as a count or seed is a mistake.
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_real(value: object) -> bool:
    return _is_whole(value) or isinstance(value, (float, np.floating))


def check_count(value: object, name: str, low: int = 1) -> int:
    """``value`` as a Python int when it is an integer >= ``low`` (numpy ones included)."""
    if not _is_whole(value) or value < low:  # type: ignore[operator]
        raise InvalidParameterError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)  # type: ignore[call-overload]


def check_seed(seed: object) -> int:
    """A seed numpy's SeedSequence takes: an integer in [0, 2**63)."""
    # numpy refuses negatives and text with its own errors, and would take 1.5 or None
    # (fresh entropy) in places; the bound keeps the seed an int64 like everywhere else.
    if not _is_whole(seed) or not 0 <= seed < 2**63:  # type: ignore[operator]
        raise InvalidParameterError(f"seed must be an integer in [0, 2**63), got {seed!r}")
    return int(seed)  # type: ignore[call-overload]


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
    election: dt.date = PEMILU_2024.date
    error_rates: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Values are stored as Python types (numpy scalars converted), so a Config built
        # from numpy values generates the same list as one built from Python values.
        object.__setattr__(self, "seed", check_seed(self.seed))
        for name in ("duplicate_rate", "twin_rate", "father_son_rate", "namesake_rate",
                     "shared_nik_rate", "foreign_nik_rate", "presplit_rate",
                     "placeholder_scale"):  # fmt: skip
            value = getattr(self, name)
            top = {"presplit_rate": 1.0, "placeholder_scale": 2.0}.get(name, 0.5)
            if not _is_real(value) or not 0.0 <= value <= top:
                raise InvalidParameterError(f"{name} must be a number in [0, {top}], got {value!r}")
            object.__setattr__(self, name, float(value))
        if not _is_whole(self.max_tps) or self.max_tps < 30:
            raise InvalidParameterError(
                f"max_tps must be an integer >= 30 (KPU uses 300, 500 or 600), got {self.max_tps!r}"
            )
        object.__setattr__(self, "max_tps", int(self.max_tps))
        _check_election(self.election)
        object.__setattr__(self, "error_rates", check_rates(self.error_rates))


def _check_election(election: object) -> None:
    # A datetime is a date to Python, but date arithmetic with one fails; text is not parsed.
    if (
        not isinstance(election, dt.date)
        or isinstance(election, dt.datetime)
        or not _FIRST_ELECTION <= election <= _LAST_ELECTION
    ):
        raise InvalidParameterError(
            f"election must be a date between {_FIRST_ELECTION} and {_LAST_ELECTION}, such as "
            f"datetime.date(2024, 2, 14), got {election!r}"
        )


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
    seed = check_seed(seed)
    chosen = select_villages(
        int(n), villages, seed=seed,
        voters_per_village=check_count(voters_per_village, "voters_per_village"),
        villages_per_district=check_count(villages_per_district, "villages_per_district"),
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
