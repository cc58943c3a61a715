"""Lists of other shapes than :func:`sidalih.synth.voters`' defaults, with ground truth.

A matcher tuned on one generator's defaults learns that generator. These profiles change
the shape of a list the way real lists differ from each other (DOMAIN.md, "What real lists
contain that breaks matchers"), partly by transforming :func:`voters` output and partly by
a hand-written constructor that shares nothing with the generator:

=============== ==========================================================================
profile         what it is
=============== ==========================================================================
``default``     :func:`voters` as it is
``village``     one village: every record in one ``kode_desa`` (the unit of work)
``moved``       80 % of duplicates moved village, 90 % of those with a new family card
``namesake``    3 % of people given a neighbour's name, birthplace and RT/RW: same village,
                sex and birth year, another family card, one birth date a placeholder, two
                valid NIKs each consistent with its own record's birth date; placeholder
                dates twice as common
``missing_nik`` 15 % of NIKs empty and 15 % masked (last four digits ``****``)
``skewed``      hand-built: everyone born 01-07-1960 in Bogor, names from 24 x 23 x 23
                words, 25 districts, NIKs from district, date, sex and a running serial;
                planted duplicates (half the same NIK and one letter dropped from the
                name, half one regency digit of the NIK mistyped)
=============== ==========================================================================

Look-alikes made here are tagged ``namesake_independent`` in ``truth["lookalike"]``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from sidalih.errors import InvalidParameterError
from sidalih.synth._plan import check_count, check_seed
from sidalih.synth._voters import SyntheticList, voters

__all__ = ["PROFILES", "profile"]

PROFILES = ("default", "village", "moved", "namesake", "missing_nik", "skewed")

_FIRST = ("Budi", "Agus", "Ahmad", "Joko", "Slamet", "Bambang", "Hendra", "Rudi", "Eko", "Dedi",
          "Andi", "Yusuf", "Sri", "Siti", "Dewi", "Ratna", "Nur", "Wati", "Lestari", "Rina",
          "Yuni", "Fitri", "Ani", "Tuti")
_SURNAME = ("Santoso", "Wijaya", "Saputra", "Hidayat", "Setiawan", "Kurniawan", "Gunawan",
            "Pratama", "Nugroho", "Susanto", "Purnomo", "Hartono", "Wibowo", "Siregar",
            "Nasution", "Lubis", "Harahap", "Simanjuntak", "Rahayu", "Handayani", "Lestari",
            "Utami", "Permata")


def profile(kind: str, n: int, *, seed: int = 0, duplicates: int | None = None) -> SyntheticList:
    """A list of ``n`` base records in the shape ``kind`` (see the module docstring).

    ``duplicates`` is the number of planted duplicates of the ``skewed`` profile (default
    500 at 200,000 rows, proportionally fewer below, at least 10 where ``n`` allows); each
    copies a different base record, so at most ``n`` (more is an
    :class:`~sidalih.errors.InvalidParameterError`). The other profiles follow
    :func:`voters`' ``duplicate_rate``.

    Returns
    -------
    SyntheticList
        ``voters`` and ``truth`` as :func:`voters` gives them.

    Examples
    --------
    >>> from sidalih.synth import profile
    >>> lists = profile("village", 300, seed=1)
    >>> lists.voters["kode_desa"].n_unique()
    1
    """
    if kind not in PROFILES:
        raise InvalidParameterError(f"kind must be one of {PROFILES}, got {kind!r}")
    if kind == "skewed":
        return _skewed(n, seed=seed, duplicates=duplicates)
    if kind == "village":
        return voters(n, seed=seed, villages=1)
    if kind == "moved":
        return voters(n, seed=seed, error_rates={"moved": 0.8, "moved_nkk": 0.9})
    if kind == "namesake":
        return _with_namesakes(voters(n, seed=seed, placeholder_scale=2.0), 0.03, seed)
    if kind == "missing_nik":
        return _missing_niks(voters(n, seed=seed), seed)
    return voters(n, seed=seed)


def _synthetic(voters: pl.DataFrame, truth: pl.DataFrame) -> SyntheticList:
    return SyntheticList(voters, truth)


def _missing_niks(lists: SyntheticList, seed: int) -> SyntheticList:
    rng = np.random.default_rng(seed + 101)
    frame = lists.voters
    draw = rng.random(frame.height)
    nik = pl.col("nik")
    out = frame.with_columns(
        pl.when(pl.lit(draw < 0.15)).then(None)
        .when(pl.lit(draw < 0.30)).then(nik.str.slice(0, 12) + pl.lit("****"))
        .otherwise(nik).alias("nik")
    )
    return _synthetic(out, lists.truth)


def _nik_for(nik: str, day: dt.date, female: bool, serial: int) -> str:
    """A NIK of ``nik``'s district for this birth date and sex (DOMAIN.md, NIK)."""
    dd = day.day + (40 if female else 0)
    return f"{nik[:6]}{dd:02d}{day.month:02d}{day.year % 100:02d}{serial:04d}"


def _with_namesakes(lists: SyntheticList, rate: float, seed: int) -> SyntheticList:
    """Give ``rate`` of people a neighbour's name: the namesakes a village list is full of."""
    rng = np.random.default_rng(seed + 202)
    voters, truth = lists.voters, lists.truth
    single = truth.select(pl.len().over("person_id") == 1).to_series()
    ok = (single & truth["lookalike"].is_null() & voters["nik"].str.len_chars().eq(16)
          & voters["tanggal_lahir"].is_not_null())
    rows = voters.with_row_index("row").filter(ok).with_columns(
        year=pl.col("tanggal_lahir").dt.year(), tie=pl.lit(rng.random(int(ok.sum())))
    ).sort("kode_desa", "jenis_kelamin", "year", "tie")
    a, b = rows["row"].to_numpy()[:-1], rows["row"].to_numpy()[1:]
    same = ((rows["kode_desa"].to_numpy()[:-1] == rows["kode_desa"].to_numpy()[1:])
            & (rows["jenis_kelamin"].to_numpy()[:-1] == rows["jenis_kelamin"].to_numpy()[1:])
            & (rows["year"].to_numpy()[:-1] == rows["year"].to_numpy()[1:])
            & (rows["nkk"].to_numpy()[:-1] != rows["nkk"].to_numpy()[1:]))
    wanted = int(rate * voters.height / 2)
    used: set[int] = set()
    chosen: list[tuple[int, int]] = []
    for i in rng.permutation(np.flatnonzero(same)):
        x, y = int(a[i]), int(b[i])
        if x in used or y in used:
            continue
        used.update((x, y))
        chosen.append((x, y))
        if len(chosen) == wanted:
            break
    columns = {c: voters[c].to_list() for c in ("nik", "nama", "tempat_lahir", "tanggal_lahir",
                                                "rt", "rw", "jenis_kelamin")}
    kind = truth["lookalike"].to_list()
    group = truth["lookalike_group"].to_list()
    for x, y in chosen:
        for c in ("nama", "tempat_lahir", "rt", "rw"):
            columns[c][y] = columns[c][x]
        year = columns["tanggal_lahir"][x].year
        columns["tanggal_lahir"][y] = dt.date(year, 7, 1) if rng.random() < 0.6 \
            else dt.date(year, 12, 31)
        female = columns["jenis_kelamin"][y] == "P"
        columns["nik"][y] = _nik_for(columns["nik"][y], columns["tanggal_lahir"][y], female,
                                     int(rng.integers(7000, 10000)))
        kind[x] = kind[y] = "namesake_independent"
        group[x] = group[y] = -1 - x
    voters = voters.with_columns(pl.Series(c, v, dtype=voters[c].dtype)
                                 for c, v in columns.items())
    truth = truth.with_columns(pl.Series("lookalike", kind, dtype=pl.String),
                               pl.Series("lookalike_group", group, dtype=pl.Int64))
    return _synthetic(voters, truth)


def _skewed_sizes(n: object, seed: object, duplicates: object) -> tuple[int, int, int]:
    """``n``, ``seed`` and ``duplicates`` checked as :func:`voters` checks its own.

    Examples
    --------
    >>> _skewed_sizes(400, 0, None)
    (400, 0, 10)
    >>> _skewed_sizes(50, 0, 500)
    Traceback (most recent call last):
    ...
    sidalih.errors.InvalidParameterError: duplicates must be at most n = 50 (each copies a different base record), got 500
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InvalidParameterError(f"n must be a positive integer, got {n!r}")
    if duplicates is None:  # the default shrinks with a short list
        return int(n), check_seed(seed), min(max(10, round(500 * int(n) / 200_000)), int(n))
    planted = check_count(duplicates, "duplicates", low=0)
    if planted > n:
        raise InvalidParameterError(
            f"duplicates must be at most n = {n} (each copies a different base record), "
            f"got {planted}")
    return int(n), check_seed(seed), planted


def _skewed(n: int, *, seed: int, duplicates: int | None) -> SyntheticList:
    """Everyone on one placeholder date, names from a small pool (the issue-19 list)."""
    n, seed, duplicates = _skewed_sizes(n, seed, duplicates)
    rng = np.random.default_rng(seed)
    districts = [f"3201{k:02d}" for k in range(1, 26)]
    district = rng.integers(0, 25, n)
    female = rng.random(n) < 0.5
    first = rng.integers(0, len(_FIRST), n)
    s1 = rng.integers(0, len(_SURNAME), n)
    s2 = rng.integers(0, len(_SURNAME), n)
    names = [f"{_FIRST[f]} {_SURNAME[x]} {_SURNAME[y]}" for f, x, y in zip(first, s1, s2,
                                                                              strict=True)]
    serial = np.zeros(n, dtype=np.int64)
    counters: dict[tuple[int, bool], int] = {}
    for i in range(n):
        key = (int(district[i]), bool(female[i]))
        counters[key] = counters.get(key, 0) + 1
        serial[i] = counters[key]
    born = dt.date(1960, 7, 1)
    niks = [_nik_for(districts[d] + "", born, bool(f), int(s) % 10_000)
            for d, f, s in zip(district, female, serial, strict=True)]
    village = [f"{districts[d]}{2001 + k:04d}" for d, k in
               zip(district, rng.integers(0, 8, n), strict=True)]
    nkk = [f"{districts[d]}{int(v):010d}" for d, v in
           zip(district, rng.integers(0, 10**10, n), strict=True)]
    base = pl.DataFrame({
        "nik": niks, "nkk": nkk, "nama": names, "tempat_lahir": ["Bogor"] * n,
        "tanggal_lahir": [born] * n, "jenis_kelamin": np.where(female, "P", "L").tolist(),
        "kode_desa": village, "person_id": np.arange(n, dtype=np.int64),
    })
    copies = base[rng.choice(n, size=duplicates, replace=False).tolist()]
    half = duplicates // 2
    copies = copies.with_columns(
        pl.Series("nama", [_drop_letter(s, rng) if k < half else s
                           for k, s in enumerate(copies["nama"])]),
        pl.Series("nik", [s if k < half else _regency_typo(s, rng)
                          for k, s in enumerate(copies["nik"])]),
    )
    frame = pl.concat([base, copies])
    frame = frame.with_columns(id=pl.int_range(1, frame.height + 1).cast(pl.String).str.zfill(9))
    kinds = ["original"] * n + ["duplicate"] * duplicates
    errors = [""] * n + ["name_drop_letter"] * half + ["nik_regency"] * (duplicates - half)
    truth = frame.select("id", "person_id").with_columns(
        record_kind=pl.Series(kinds), errors=pl.Series(errors),
        lookalike=pl.lit(None, pl.String), lookalike_group=pl.lit(None, pl.Int64))
    return _synthetic(frame.drop("person_id").select("id", pl.exclude("id")), truth)


def _drop_letter(name: str, rng: np.random.Generator) -> str:
    spots = [i for i, c in enumerate(name) if c.isalpha() and i > 0 and name[i - 1] != " "]
    i = spots[int(rng.integers(len(spots)))]
    return name[:i] + name[i + 1:]


def _regency_typo(nik: str, rng: np.random.Generator) -> str:
    i = int(rng.integers(2, 4))
    digit = str((int(nik[i]) + int(rng.integers(1, 10))) % 10)
    return nik[:i] + digit + nik[i + 1:]
