"""Which comparisons a zero-configuration call uses, from the columns a list has."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from sidalih import compare
from sidalih.compare import Comparison
from sidalih.compare._levels import VILLAGE_LABELS

__all__ = ["voter_comparisons", "VILLAGE_LABELS"]



def voter_comparisons(columns: Sequence[str] | pl.DataFrame) -> list[Comparison]:
    """The default comparisons for a prepared voter frame with these columns.

    Every comparison adapts to the columns present: a list without NIKs is compared
    on names, dates and places alone. Household and place keys (family card, village,
    birth place, sex) never anchor a training session: relatives share them.

    Examples
    --------
    >>> [c.name for c in voter_comparisons(["nik", "nama_norm", "tanggal_lahir", "kode_desa"])]
    ['nik', 'nama', 'tanggal_lahir', 'kode_desa']
    """
    if isinstance(columns, pl.DataFrame):
        # A column with no value at all cannot be compared: leave it out.
        present = {c for c in columns.columns
                   if columns.height == 0 or columns[c].null_count() < columns.height}
    else:
        present = set(columns)
    out: list[Comparison] = []
    # Household and birth facts come together: a family card lies in one village, a
    # family shares a surname and has twins, people born on one day share six NIK
    # digits, people registered in one place were mostly born and live there, and names
    # and birth years are more alike inside a village than across the country. Each
    # such comparison's u is measured among random pairs that share the other value
    # (``u_within``, most specific first), so a pair is not credited twice for one
    # fact, and a village list weighs a pair as the list holding it does.
    def within(*columns: str) -> tuple[str, ...] | None:
        kept = tuple(c for c in columns if c in present)
        return kept or None

    if "nik" in present:
        region = "kode_desa" if "kode_desa" in present else None
        out.append(compare.nik("nik", u_within=within("tanggal_lahir", "kode_desa"),
                               u_within_region=region))
    if "nama_norm" in present:
        out.append(compare.name("nama_norm", u_within=within("nkk", "kode_desa")))
    if "tanggal_lahir" in present:
        out.append(compare.date("tanggal_lahir", tf=True, u_within=within("nkk", "kode_desa")))
    if "jenis_kelamin" in present:
        # a name says its holder's sex: two records of one name agree on it anyway
        out.append(compare.exact("jenis_kelamin", anchor=False, role="sex",
                                 u_within=within("nama_norm")))
    if "nkk" in present:
        out.append(compare.exact("nkk", anchor=False, u_within=within("kode_desa"),
                                 role="family_card"))
    if "tempat_lahir_norm" in present:
        # a town and its regency (Maumere / Sikka) are one birthplace written two ways
        out.append(compare.string("tempat_lahir_norm", thresholds=(0.88,), name="tempat_lahir",
                                  anchor=False, u_within=within("nik", "kode_desa"),
                                  regions=True))
    if "kode_desa" in present:
        # Most people live where their NIK was issued: residence is measured among
        # random pairs whose NIKs share the place of registration.
        out.append(compare.code_prefix("kode_desa", lengths=(4, 6, 10), labels=VILLAGE_LABELS))
    return out
