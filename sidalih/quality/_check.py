"""The one public entry point: :func:`check`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from enum import Enum
from typing import Any

import polars as pl

from sidalih._frames import caller_rows, frame_to_polars
from sidalih.dates import MAX_YEAR, MIN_YEAR
from sidalih.election import Election
from sidalih.errors import InvalidParameterError
from sidalih.nik._holders import MAX_RECORDS_PER_NIK
from sidalih.quality import (
    _duplicates,
    _eligibility,
    _names,
    _nik_checks,
    _regions,
    _required,
    _tps,
)
from sidalih.quality._base import Context, map_unique
from sidalih.quality._messages import check_lang
from sidalih.quality._registry import CHECK_RANK, CHECKS
from sidalih.quality._report import FINDINGS_SCHEMA, TMS2024, CheckReport
from sidalih.schema import CANONICAL_COLUMNS, column_mapping, standardise_polars

__all__ = ["check"]

_GROUPS = (_required, _eligibility, _nik_checks, _names, _tps, _regions)


def check(
    voters: Any,
    *,
    election_date: dt.date | str | Election,
    max_voters_per_tps: int = 300,
    required_elements: Collection[str] = _required.DEFAULT_REQUIRED,
    region_version: str | None = None,
    tps_scope: str = "village",
    max_age: int = 110,
    lang: str = "id",
    tms: type[Enum] = TMS2024,
    checks: Collection[str] | None = None,
    result: Any = None,
    max_records_per_nik: int = MAX_RECORDS_PER_NIK,
) -> CheckReport:
    """Check a voter list: one pass, every row examined, bad data reported, never raised.

    Parameters
    ----------
    voters
        A pandas, polars or pyarrow frame with KPU's columns under any accepted header
        (:mod:`sidalih.schema`). Absent columns skip their checks (see
        ``CheckReport.skipped``) unless they are required.
    election_date
        Polling day (``datetime.date`` or ISO text), or an
        :class:`~sidalih.election.Election` whose voting age then decides ``under_age``
        (17 otherwise): ages and "future" birth dates are judged on it. Required:
        sidalih never assumes today (Pemilu 2024 was ``"2024-02-14"``, Pilkada 2024
        ``"2024-11-27"``; :data:`sidalih.election.PEMILU_2024`).
    max_voters_per_tps
        Most voters a TPS may hold: 300 in Pemilu 2024, 500 in 2019, 600 in Pilkada 2024.
    required_elements
        Canonical columns that must be filled (default: the nine KPU elements but
        ``disabilitas``). An absent required column makes every row lack it.
    region_version
        Region table for village codes: None (any table that lists villages), ``"2019"``
        or ``"2025"``.
    tps_scope
        ``"village"`` (TPS numbered within each village) or ``"list"`` (the ``tps``
        column identifies a station across the list). See :mod:`sidalih.quality._tps`.
    max_age
        Older than this on polling day is ``too_old``.
    lang
        ``"id"`` (Bahasa Indonesia) or ``"en"`` for the ``detail`` texts.
    tms
        The TMS regime whose categories are suggested (default :class:`TMS2024`).
    checks
        Names of the checks to run (default: all of :data:`CHECKS`).
    result
        The engine's result (anything with a ``clusters`` frame of ``id``,
        ``cluster_id``): adds ``duplicate`` findings.
    max_records_per_nik
        A NIK on more rows than this that name more than one person is
        ``nik_placeholder`` (default 4: a person listed three or four times is
        plausible, a fifth record is not; see :mod:`sidalih.nik._holders`). The engine
        applies the same bound when it prepares a list.

    Returns
    -------
    CheckReport
        ``findings`` (``id``, ``check``, ``severity``, ``detail``, ``tms``) of the
        caller's kind, ``summary()``, ``n_rows``, ``n_rows_clean``, ``skipped``.

    Raises
    ------
    InvalidParameterError
        For an option outside its domain.
    SchemaError
        When ids repeat (findings could not name their rows) or two headers mean one
        column. Bad *values* never raise.

    Examples
    --------
    >>> import polars as pl
    >>> voters = pl.DataFrame({
    ...     "id": [1, 2, 3],
    ...     "nama": ["Siti Aminah", "NN", "Budi"],
    ...     "nik": ["3271014101900001", "3271010101900002", "3.27101E+15"],
    ...     "tanggal_lahir": ["01-01-1990", "01-01-1990", "10-05-2010"],
    ...     "status_kawin": ["S", "B", "B"],
    ... })
    >>> report = check(voters, election_date="2024-02-14", required_elements=(), lang="en")
    >>> report.findings.select("id", "check", "tms").rows()
    [(1, 'birth_date_placeholder', None), (2, 'birth_date_placeholder', None), \
(2, 'name_placeholder', None), (3, 'nik_scientific', None), (3, 'under_age', 'bawah_umur')]
    >>> report.n_rows, report.n_rows_clean
    (3, 0)
    """
    frame, kind = frame_to_polars(voters)
    ctx = _context(
        election_date=election_date, max_voters_per_tps=max_voters_per_tps,
        required_elements=required_elements, region_version=region_version,
        tps_scope=tps_scope, max_age=max_age, lang=lang, tms=tms, checks=checks,
        columns=frame.columns, max_records_per_nik=max_records_per_nik,
    )  # fmt: skip
    work = _work_frame(frame, ctx)
    ctx = _with_columns(ctx, work, _nik_input(frame))
    found: list[pl.LazyFrame] = []
    for group in _GROUPS:
        work, emitted = group.run(work, ctx)
        found += emitted
    duplicates, notes = _duplicates.run(work, ctx, result)
    found += duplicates
    findings = _collect(found, ctx, work)
    n_flagged = findings["_row"].n_unique() if findings.height else 0
    return CheckReport(
        frame=findings,
        kind=kind,
        n_rows=work.height,
        n_rows_clean=work.height - n_flagged,
        skipped=_skipped(ctx, result),
        parameters=_parameters(ctx),
        notes=tuple(notes),
        rows=caller_rows(voters),
    )


def _context(
    *, election_date: Any, max_voters_per_tps: Any, required_elements: Collection[str],
    region_version: str | None, tps_scope: str, max_age: Any, lang: str, tms: Any,
    checks: Collection[str] | None, columns: list[str], max_records_per_nik: Any,
) -> Context:  # fmt: skip
    problems = []
    election = _election(election_date)
    for name, value in (("max_voters_per_tps", max_voters_per_tps), ("max_age", max_age),
                        ("max_records_per_nik", max_records_per_nik)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.append(f"{name} must be a positive int, got {value!r}")
    if isinstance(required_elements, str):
        required_elements = (required_elements,)
    unknown = sorted(set(required_elements) - set(CANONICAL_COLUMNS))
    if unknown:
        problems.append(f"required_elements holds unknown columns {unknown}; "
                        f"use canonical names ({', '.join(CANONICAL_COLUMNS)})")  # fmt: skip
    if tps_scope not in _tps.TPS_SCOPES:
        problems.append(f"tps_scope must be one of {_tps.TPS_SCOPES}, got {tps_scope!r}")
    if not (isinstance(tms, type) and issubclass(tms, Enum)):
        problems.append(f"tms must be a TMS enum class such as TMS2024, got {tms!r}")
    selected = (
        set(CHECKS) if checks is None else set([checks] if isinstance(checks, str) else checks)
    )
    if selected - set(CHECKS):
        problems.append(f"unknown checks {sorted(selected - set(CHECKS))}; see CHECKS")
    if problems:
        raise InvalidParameterError("invalid options for check():\n  - " + "\n  - ".join(problems))
    check_lang(lang)
    return Context(
        election=election, lang=lang, max_voters_per_tps=max_voters_per_tps, max_age=max_age,
        required=frozenset(required_elements),
        region_version=_regions.check_region_version(region_version), tps_scope=tps_scope,
        columns=frozenset(), selected=frozenset(selected), tms=tms,
        max_records_per_nik=max_records_per_nik,
    )  # fmt: skip


def _election(value: Any) -> Election:
    election = Election.parse(value, parameter="election_date")
    # The date checks share the birth-date parser's range; say so under this name.
    if not MIN_YEAR <= election.date.year <= MAX_YEAR:
        raise InvalidParameterError(
            f"election_date must fall in {MIN_YEAR}-{MAX_YEAR}, got {election.date.isoformat()}"
        )
    return election


def _work_frame(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    std = standardise_polars(frame, required=(), required_any=())
    # A list or struct per cell, or a duration (a date minus a date), has no cast to
    # text: read it as its printed form, so the checks report it as a bad value rather
    # than fail inside polars.
    std = std.with_columns(
        _object_text(std[c]) for c in std.columns
        if (std[c].dtype == pl.Object and c not in ("id", "tanggal_lahir"))
        or std[c].dtype.is_nested() or std[c].dtype == pl.Duration
    )  # fmt: skip
    absent = [c for c in sorted(ctx.required) if c not in std.columns]
    std = std.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in absent)
    std = std.with_row_index("_row")
    if "kode_desa" not in std.columns:
        return std.with_columns(pl.lit(None, dtype=pl.String).alias("_kode_desa"))
    return std.with_columns(
        map_unique(std["kode_desa"].cast(pl.String), _village_digits)["_kode_desa"]
    )


def _village_digits(codes: pl.Series) -> pl.DataFrame:
    digits = codes.str.replace_all(r"[^0-9]", "")
    empty = pl.Series([None], dtype=pl.String)
    return pl.DataFrame({"_kode_desa": digits.zip_with(digits.str.len_bytes() > 0, empty)})


def _object_text(series: pl.Series) -> pl.Series:
    """Mixed Python values as text, so that emptiness can be judged and shown."""
    return pl.Series(
        series.name, [None if v is None else str(v) for v in series.to_list()], dtype=pl.String
    )


def _with_columns(ctx: Context, work: pl.DataFrame, nik_input: pl.Series | None) -> Context:
    from dataclasses import replace

    return replace(ctx, columns=frozenset(c for c in work.columns if not c.startswith("_")),
                   nik_input=nik_input)


def _nik_input(frame: pl.DataFrame) -> pl.Series | None:
    """The column that becomes ``nik``, when it does not hold text.

    The schema step writes a float past 2**53 as exponent text, which the parser reads
    as ``scientific``; :func:`sidalih.nik.parse` of the same value says
    ``lost_precision``. Parsing the column as given keeps the two in agreement.
    """
    names = [c for c, canonical in column_mapping(frame.columns).items() if canonical == "nik"]
    if len(names) != 1 or frame[names[0]].dtype == pl.String:
        return None
    return frame[names[0]]


def _collect(found: list[pl.LazyFrame], ctx: Context, work: pl.DataFrame) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {
        "_row": work["_row"].dtype,
        "id": work["id"].dtype,
        "_kode_desa": pl.String(),
        "check": pl.String(),
        "detail": pl.String(),
        "suggest": pl.Boolean(),
    }
    lazies = [lf.select(pl.col(c).cast(t) for c, t in schema.items()) for lf in found]
    if not lazies:
        return pl.DataFrame(schema=schema).select(_final_columns(ctx))
    frame = pl.concat(lazies, how="vertical").collect()
    return frame.select(_final_columns(ctx)).sort(["_row", "_rank"]).drop("_rank")


def _final_columns(ctx: Context) -> list[pl.Expr]:
    severity = {c.name: c.severity.value for c in CHECKS.values()}
    tms_value = {
        c.name: getattr(ctx.tms, c.tms).value
        for c in CHECKS.values()
        if c.tms is not None and c.tms in ctx.tms.__members__
    }
    check = pl.col("check")
    tms = check.replace_strict(tms_value, default=None, return_dtype=FINDINGS_SCHEMA["tms"])
    return [
        pl.col("_row"),
        pl.col("id"),
        check.cast(pl.String).alias("check"),
        check.replace_strict(severity, return_dtype=pl.String).alias("severity"),
        pl.col("detail"),
        pl.when(pl.col("suggest")).then(tms).alias("tms"),
        pl.col("_kode_desa"),
        check.replace_strict(dict(CHECK_RANK), return_dtype=pl.Int32).alias("_rank"),
    ]


def _skipped(ctx: Context, result: Any) -> dict[str, str]:
    skipped = {}
    for check in CHECKS.values():
        if not ctx.wants(check.name):
            continue
        absent = [c for c in check.needs if not ctx.has(c)]
        if absent:
            skipped[check.name] = f"column(s) {', '.join(absent)} absent"
    if ctx.wants("tps_spans_villages") and ctx.tps_scope == "village":
        skipped.setdefault(
            "tps_spans_villages",
            "tps_scope='village': TPS numbers are local to a village, a TPS cannot span villages",
        )
    if ctx.wants("duplicate") and result is None:
        skipped["duplicate"] = "no engine result given (result=...)"
    return skipped


def _parameters(ctx: Context) -> dict[str, Any]:
    return {
        "election_date": ctx.election_date,
        "voting_age": ctx.election.voting_age,
        "max_voters_per_tps": ctx.max_voters_per_tps,
        "required_elements": tuple(sorted(ctx.required)),
        "region_version": ctx.region_version,
        "tps_scope": ctx.tps_scope,
        "max_age": ctx.max_age,
        "lang": ctx.lang,
        "tms": ctx.tms.__name__,
        "max_records_per_nik": ctx.max_records_per_nik,
    }
