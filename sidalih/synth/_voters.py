"""The synthetic list generator itself: :func:`voters` and the :class:`SyntheticList` it returns.

Apart from the package's ``__init__`` so that :mod:`sidalih.synth._profiles` (the
other shapes of list, built on :func:`voters`) imports it without a cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from sidalih.election import PEMILU_2024
from sidalih.errors import InvalidParameterError
from sidalih.synth._generate import generate_unit
from sidalih.synth._nik import SerialRegistry
from sidalih.synth._plan import Config, Plan, make_plan

__all__ = ["SyntheticList", "voters", "units"]


@dataclass(frozen=True)
class SyntheticList:
    """A synthetic voter list: ``voters`` (voter columns only) and ``truth`` (by ``id``).

    ``truth`` has ``id``, ``person_id``, ``record_kind`` (``"original"``/``"duplicate"``),
    ``errors`` (";"-joined error kinds of a duplicate, ``""`` when none), ``lookalike``
    (null or the look-alike kind) and ``lookalike_group``. The two frames share row order.
    """

    voters: pl.DataFrame
    truth: pl.DataFrame

    def to_pandas(self) -> tuple[Any, Any]:
        """``(voters, truth)`` as pandas frames."""
        return self.voters.to_pandas(), self.truth.to_pandas()

    def true_pairs(self) -> pl.DataFrame:
        """Every pair of records of one person: ``id_l``, ``id_r`` with ``id_l < id_r``."""
        return _pairs_within(self.truth.select("id", key="person_id"))

    def lookalike_pairs(self) -> pl.DataFrame:
        """Pairs of records of different people tagged as look-alikes: ``id_l``, ``id_r``, ``kind``."""
        tagged = self.truth.filter(pl.col("lookalike_group").is_not_null())
        pairs = _pairs_within(
            tagged.select("id", "person_id", "lookalike", key="lookalike_group"),
            extra=("person_id", "lookalike"),
        )
        return pairs.filter(pl.col("person_id_l") != pl.col("person_id_r")).select(
            "id_l", "id_r", kind=pl.col("lookalike_l")
        )


def _pairs_within(frame: pl.DataFrame, extra: tuple[str, ...] = ()) -> pl.DataFrame:
    multi = frame.filter(pl.len().over("key") > 1)
    left = multi.rename({"id": "id_l", **{c: f"{c}_l" for c in extra}})
    right = multi.rename({"id": "id_r", **{c: f"{c}_r" for c in extra}})
    joined = left.join(right, on="key").filter(pl.col("id_l") < pl.col("id_r"))
    cols = ["id_l", "id_r"] + [f"{c}_{s}" for c in extra for s in ("l", "r")]
    return joined.select(cols).sort("id_l", "id_r")


def units(plan: Plan, cfg: Config) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    registry = SerialRegistry()
    for u in range(plan.n_units):
        yield generate_unit(plan, u, cfg, registry)


def voters(
    n: int,
    *,
    seed: int = 0,
    villages: int | Sequence[str] | pl.DataFrame | None = None,
    voters_per_village: int = 2500,
    villages_per_district: int = 4,
    duplicate_rate: float = 0.02,
    twin_rate: float = 0.01,
    father_son_rate: float = 0.003,
    namesake_rate: float = 0.002,
    shared_nik_rate: float = 0.001,
    foreign_nik_rate: float = 0.12,
    presplit_rate: float = 0.85,
    placeholder_scale: float = 1.0,
    max_tps: int = 300,
    election: dt.date = PEMILU_2024.date,
    error_rates: Mapping[str, float] | None = None,
    as_: Literal["polars", "pandas"] = "polars",
) -> SyntheticList:
    """A synthetic voter list of exactly ``n`` rows with its ground truth.

    Parameters
    ----------
    n : int
        Number of rows (originals plus duplicates).
    seed : int
        An integer in ``[0, 2**63)``; same seed and arguments, identical frames.
    villages : int, sequence of str, DataFrame or None
        Villages of the list: a count, 10-digit ``kode_desa`` codes, a frame with
        ``kode_desa``, or None for ``ceil(n / voters_per_village)`` villages drawn from
        the region table (``villages_per_district`` from each drawn district). Rows are
        spread over the villages with random (gamma) weights.
    voters_per_village, villages_per_district : int
        Integers >= 1.
    duplicate_rate, twin_rate, father_son_rate, namesake_rate, shared_nik_rate, \
foreign_nik_rate, presplit_rate, placeholder_scale, max_tps, election, error_rates
        The model below.
    as_ : {"polars", "pandas"}
        Frame type of ``voters``/``truth`` in the result.

    Returns
    -------
    SyntheticList

    Raises
    ------
    InvalidParameterError
        An argument of the wrong type or out of its range (numpy scalars are accepted
        wherever the Python type is; text is never parsed as a number or date).

    Notes
    -----
    **People.** Households (one NKK, one address, RT/RW) of a head aged 19–90, a spouse
    (about 4 years apart), grown children still at home (mother 19–31 at the first birth,
    children 1.5–5 years apart, fewer at home as they age) and sometimes an elder parent;
    only voters are kept (17 or older on ``election`` or married; DOMAIN.md, The voter
    list). Status: spouses ``S``, heads without spouse ``B``/``P``, children mostly ``B``.
    Polling stations hold at most ``max_tps`` voters (300 in Pemilu 2024), never span
    villages, and keep every family (NKK) together; rows are ordered by village, TPS,
    RW, RT and family.

    **NIK / NKK** (DOMAIN.md, NIK and NKK): district of first registration + birth day
    (+40 for women) + month + two-digit year + serial per (district, birth date), twins
    getting consecutive serials. The registration district differs from the current one
    for ``foreign_nik_rate`` (0.12; half of it for children at home) of people, drawn from
    every district code of any table, including pre-2022 Papuan codes; in Papua, people
    born by 2004 keep their pre-split code with probability ``presplit_rate`` (0.85).
    Serials ``0001``–``4999`` are people registered in a district of the list, ``5001``+
    people registered elsewhere. NKK: current district + recording date + serial.

    **Birth dates** (DOMAIN.md, Birth dates): a placeholder replaces the true date with a
    probability that falls with the birth year (45% for 1935, 35% for 1960, 15% for 1975,
    5% for 1990, 2% for 2005, times ``placeholder_scale``): 1 July, 31 December (more
    often before 1960), 1 January or the 15th of the true month.

    **Names** (DOMAIN.md, Names): a naming group per household from a mixture per province
    (Javanese, Sundanese, Malay/Arabic-Muslim, Balinese, Batak, Minang, Bugis,
    Chinese-Indonesian, Christian eastern Indonesia); Zipf-like popularity; sex-consistent
    given names; family names passed from the head (Batak women ``Br.`` + marga);
    Balinese ``I``/``Ni`` + birth-order names; Muhammad (abbreviated for about a third of
    those born before 1995), Abdul; ``H.``/``Hj.`` for older Muslims, ``Drs.``/``Dra.``,
    academic suffixes (7% of adults), ``Andi`` in Bugis families, ``bin``/``binti`` +
    father (4% of Muslims); half of those born before 1965 in the old spelling; single
    names for many older Javanese.

    **Duplicates** (DOMAIN.md, Double voters: Bawaslu found 1.7% in 2018): a share
    ``duplicate_rate`` (0.02) of rows are extra records of a person already listed (one in
    twenty of them a third record), each error kind applied independently with the rates
    of ``error_rates`` (defaults :data:`DEFAULT_ERROR_RATES`); about a third stay identical.

    ================= ====== ===================================================
    kind              rate   what it reflects (DOMAIN.md)
    ================= ====== ===================================================
    name_typo         0.12   a different spelling (Double voters)
    name_spelling     0.05   old/new spelling: oe/u, dj/j, tj/c ... (Names)
    name_muhammad     0.50   Muhammad form or abbreviation, Abdul/Abd. (Names);
                             only where the name has one
    name_title        0.06   titles added or dropped: H., Hj., S.Pd. ... (Names)
    name_token        0.05   a token dropped, or the first moved last (Names)
    name_case         0.15   upper case
    name_space        0.05   a doubled, leading or trailing space
    nik_digit         0.06   a mistyped NIK (NIK; Double voters)
    nik_transpose     0.03   two adjacent digits swapped (when no nik_digit)
    nik_missing       0.03   an empty NIK (NIK: forms seen)
    nik_spreadsheet   0.02   3.27101E+15, a trailing .0, a leading apostrophe,
                             spaces or dots between groups (NIK: forms seen)
    date_swap         0.06   day and month swapped, where day <= 12 (Birth dates)
    date_year         0.03   year off by one (Birth dates)
    date_placeholder  0.03   a placeholder date in this copy (Birth dates)
    place_variant     0.08   birth place spelt otherwise: Kab. X, upper case, a
                             typo, an old name (Ujung Pandang)
    moved             0.25   moved to another village of the district: a family's
                             address, RT/RW and TPS there (Double voters)
    moved_nkk         0.50   of the moved: a new NKK (NKK changes on moving)
    own_nkk           0.00   of those not moved: a new NKK in their own village
                             (a married child's own card, a divorce, the death of
                             the head: NKK)
    ================= ====== ===================================================

    At most one date error per record; kinds that could not apply are not recorded.

    **Look-alikes** (different people, ``truth.lookalike``; DOMAIN.md, NIK):

    ======================= ======= =================================================
    kind                    rate    what
    ======================= ======= =================================================
    twin                    0.01    of originals: two grown siblings, one birth date,
                                    one registration district, consecutive serials,
                                    different given names (a third alike: Hasan/Husein)
    father_son              0.003   of originals: a son carrying his father's full
                                    name, one NKK and address, 20-40 years apart
    namesake_placeholder    0.002   of originals: two people of one village and sex in
                                    different families with one common name and one
                                    placeholder date (1 July or 31 December)
    shared_nik              0.001   of originals: the second of two people recorded
                                    under the first one's NIK (NIK: one NIK on two
                                    different people)
    ======================= ======= =================================================

    Examples
    --------
    >>> s = voters(1000, seed=1)
    >>> s.voters.height, s.voters.columns[:4]
    (1000, ['id', 'nik', 'nkk', 'nama'])
    >>> set(s.voters.columns) & {"person_id", "record_kind", "errors", "lookalike"}
    set()
    >>> s.voters.equals(voters(1000, seed=1).voters)
    True
    """
    if as_ not in ("polars", "pandas"):
        raise InvalidParameterError(f"as_ must be 'polars' or 'pandas', got {as_!r}")
    cfg = Config(
        seed=seed, duplicate_rate=duplicate_rate, twin_rate=twin_rate,
        father_son_rate=father_son_rate, namesake_rate=namesake_rate,
        shared_nik_rate=shared_nik_rate, foreign_nik_rate=foreign_nik_rate,
        presplit_rate=presplit_rate, placeholder_scale=placeholder_scale, max_tps=max_tps,
        election=election, error_rates=error_rates if error_rates is not None else {},
    )  # fmt: skip
    plan = make_plan(n, seed=seed, villages=villages, voters_per_village=voters_per_village,
                     villages_per_district=villages_per_district)  # fmt: skip
    parts = list(units(plan, cfg))
    result = SyntheticList(pl.concat([v for v, _ in parts]), pl.concat([t for _, t in parts]))
    if as_ == "pandas":
        return SyntheticList(*result.to_pandas())  # type: ignore[arg-type]
    return result
