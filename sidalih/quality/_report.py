"""TMS categories and the report that :func:`sidalih.quality.check` returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import polars as pl

from sidalih._aliases import canonical_name
from sidalih._frames import CallerRows, Kind, frame_from_polars
from sidalih.errors import InvalidParameterError, mask_long_digits
from sidalih.quality._registry import CHECK_RANK
from sidalih.quality._severity import Severity

__all__ = ["TMS2024", "TMS", "CheckReport", "FINDINGS_SCHEMA", "REGION_LEVELS"]


class TMS2024(str, Enum):
    """ "Tidak Memenuhi Syarat" (not eligible) categories of the Pemilu 2024 regime.

    The member *names* are the categories the checks suggest (``DOUBLE``,
    ``UNDER_AGE``...); the *values* are the words of the KPU forms. The number on the
    form is :attr:`code`: earlier regimes numbered the categories differently, so a
    bare integer is never stored.

    Examples
    --------
    >>> TMS2024.DOUBLE.value, TMS2024.DOUBLE.code
    ('ganda', 2)
    """

    DIED = "meninggal"
    DOUBLE = "ganda"
    UNDER_AGE = "bawah_umur"
    MOVED = "pindah_domisili"
    UNKNOWN = "tidak_dikenal"
    TNI = "tni"
    POLRI = "polri"
    WRONG_TPS = "tps_tidak_sesuai"

    @property
    def code(self) -> int:
        """The category's number on the Pemilu 2024 forms (1 died ... 8 wrong TPS)."""
        return list(type(self)).index(self) + 1


TMS = TMS2024
"""The regime in force for Pemilu 2024 lists (the default of :func:`~sidalih.quality.check`)."""

#: Region prefix lengths of a 10-digit village code, by the names ``summary(by=...)`` accepts.
REGION_LEVELS: dict[str, int] = {
    "kode_desa": 10,
    "village": 10,
    "district": 6,
    "kecamatan": 6,
    "regency": 4,
    "kabupaten": 4,
    "province": 2,
}

FINDINGS_SCHEMA: dict[str, Any] = {
    "check": pl.String,
    "severity": pl.String,
    "detail": pl.String,
    "tms": pl.String,
}


@dataclass(frozen=True)
class CheckReport:
    """Findings of one :func:`~sidalih.quality.check` run and how to summarise them.

    Attributes
    ----------
    n_rows : int
        Rows examined (every input row, once).
    n_rows_clean : int
        Rows without any finding.
    skipped : dict of str to str
        Checks that could not run (a column is absent, a scope does not apply) and why.
    parameters : dict
        The options the run used (election date, TPS limit, required elements, ...).
    notes : tuple of str
        Anything else worth knowing (ids of the engine's result absent from the list).
    rows : CallerRows or None
        The row labels of a pandas list: each finding comes back labelled with its row's
        label, so ``voters.loc[report.findings.index]`` gives the rows found (with a
        duplicated index, every row sharing the label).

    ``repr`` and ``str`` mask runs of 12 or more digits (ids are often NIKs).
    """

    frame: pl.DataFrame = field(repr=False)
    """Findings with the private columns ``_row`` (input position) and ``_kode_desa``."""
    kind: Kind = field(repr=False)
    n_rows: int
    n_rows_clean: int
    skipped: dict[str, str]
    parameters: dict[str, Any] = field(repr=False)
    notes: tuple[str, ...] = ()
    rows: CallerRows | None = field(default=None, repr=False, compare=False)

    @property
    def findings(self) -> Any:
        """``id``, ``check``, ``severity``, ``detail``, ``tms``: the caller's kind of frame.

        Ordered by input row, then by the order of the check registry. For a pandas list
        each finding carries the label of its row as index (ids read from an index named
        as an id stay there, not also in ``id``).
        """
        return self.to_frame()

    def to_frame(self) -> Any:
        """The findings as the kind of frame the caller gave (pandas in, pandas out)."""
        public = self.frame.select("id", *FINDINGS_SCHEMA)
        rows = None if self.rows is None else self.rows.take(self.frame["_row"].to_numpy())
        return frame_from_polars(public, self.kind, rows=rows)

    @property
    def n_findings(self) -> int:
        """Number of findings."""
        return self.frame.height

    def summary(self, *, by: str | None = None) -> Any:
        """Counts of findings by check and severity, optionally per region.

        Parameters
        ----------
        by : {None, "kode_desa", "village", "district", "kecamatan", "regency", \
"kabupaten", "province"}
            Group by a prefix of the row's village code as well (null where the row has
            no usable ``kode_desa``); ``kode_desa`` may be named by the header the list
            was given with (``"KODE DESA"``).

        Returns
        -------
        DataFrame
            Columns ``[region,] check, severity, n_findings, n_tms`` (findings with a
            suggested TMS category), sorted by region and then in the order of
            :data:`~sidalih.quality.CHECKS`; of the caller's kind.
        """
        keys = ["check", "severity"]
        frame = self.frame
        if by is not None:
            if by not in REGION_LEVELS and canonical_name(str(by)) == "kode_desa":
                by = "kode_desa"  # the header the list was given with: KODE DESA
            if by not in REGION_LEVELS:
                raise InvalidParameterError(
                    f"summary(by=...) takes one of {', '.join(REGION_LEVELS)}; got {by!r}"
                )
            frame = frame.with_columns(
                pl.col("_kode_desa").str.slice(0, REGION_LEVELS[by]).alias(by)
            )
            keys = [by, *keys]
        out = (
            frame.group_by(keys)
            .agg(
                pl.len().cast(pl.Int64).alias("n_findings"),
                pl.col("tms").is_not_null().sum().cast(pl.Int64).alias("n_tms"),
            )
            .with_columns(
                pl.col("check").replace_strict(dict(CHECK_RANK), default=None).alias("_rank")
            )
            .sort([*keys[:-2], "_rank", "severity"], nulls_last=True)
            .drop("_rank")
        )
        return frame_from_polars(out, self.kind)

    def __str__(self) -> str:
        date = self.parameters.get("election_date")
        when = date.isoformat() if isinstance(date, dt.date) else str(date)
        counts = self.frame.group_by("severity").len()
        by = {row[0]: row[1] for row in counts.iter_rows()}
        parts = ", ".join(f"{by.get(s.value, 0)} {s.value}" for s in Severity)
        return mask_long_digits(
            f"CheckReport(election {when}: {self.n_rows} rows, {self.n_rows_clean} without "
            f"findings; {self.n_findings} findings: {parts})"
        )

    def __repr__(self) -> str:
        return mask_long_digits(
            f"CheckReport(n_rows={self.n_rows!r}, n_rows_clean={self.n_rows_clean!r}, "
            f"n_findings={self.n_findings!r}, skipped={self.skipped!r}, notes={self.notes!r})"
        )
