"""The registry of checks: stable names, groups, severities and TMS suggestions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

from sidalih.quality._severity import Severity

__all__ = ["Check", "CHECKS", "CHECK_RANK", "NIK_STATUS_SEVERITY"]

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: note (info)


@dataclass(frozen=True)
class Check:
    """One named rule.

    Attributes
    ----------
    name : str
        Stable snake_case name used in the findings' ``check`` column.
    group : str
        ``nik``, ``nkk``, ``eligibility``, ``names``, ``tps``, ``regions``, ``required``
        or ``duplicates``.
    severity : Severity
    tms : str or None
        Name of the TMS category suggested (a member name of the regime enum, e.g.
        ``"UNDER_AGE"``), or None. Some checks suggest it on only part of their rows
        (a duplicate keeps one record).
    needs : tuple of str
        Canonical columns the check reads; it is skipped when one is absent (and not
        required). Default: the group's own column.
    """

    name: str
    group: str
    severity: Severity
    tms: str | None = None
    needs: tuple[str, ...] = ()


# Severity of each NIK parser status (sidalih.nik.NikStatus) that is not ``valid``.
# Masked and trailing-zero NIKs still carry their digits, an unknown region may be a
# table gap, a NIK typed with look-alike letters is read and matched on (the record
# should still be corrected): warnings. The rest cannot identify anyone: errors.
NIK_STATUS_SEVERITY: dict[str, Severity] = {
    "empty": E,
    "scientific": E,
    "lost_precision": E,
    "non_digit": E,
    "letters_read": W,
    "masked": W,
    "wrong_length": E,
    "trailing_zero": W,
    "repeated_digits": E,
    "old_format": E,
    "zero_serial": E,
    "bad_date": E,
    "unknown_region": W,
}

_ALL: list[Check] = [
    *(Check(f"nik_{status}", "nik", sev) for status, sev in NIK_STATUS_SEVERITY.items()),
    Check("nik_birth_date_mismatch", "nik", N, needs=("nik", "tanggal_lahir")),
    Check("nik_sex_mismatch", "nik", W, needs=("nik", "jenis_kelamin")),
    Check("nik_region_moved", "nik", N),
    Check("nik_duplicate_same_person", "nik", E, "DOUBLE"),
    Check("nik_shared", "nik", E),
    Check("nik_is_nkk", "nik", E, needs=("nik", "nkk")),
    Check("nik_placeholder", "nik", E),
    Check("nkk_empty", "nkk", W),
    Check("nkk_letters_read", "nkk", W),
    Check("nkk_invalid", "nkk", W),
    Check("family_split_tps", "nkk", W, "WRONG_TPS", needs=("nkk", "tps")),
    Check("birth_date_missing", "eligibility", E),
    Check("birth_date_impossible", "eligibility", E),
    Check("birth_date_future", "eligibility", E),
    Check("birth_date_ambiguous", "eligibility", W),
    Check("birth_date_placeholder", "eligibility", N),
    Check("under_age", "eligibility", E, "UNDER_AGE"),
    Check("too_old", "eligibility", W),
    Check("name_empty", "names", E),
    Check("name_placeholder", "names", E),
    Check("name_title_only", "names", E),
    Check("name_one_letter", "names", W),
    Check("name_bad_chars", "names", W),
    Check("name_non_latin", "names", W),
    Check("tps_missing", "tps", E),
    Check("tps_overfull", "tps", W),
    Check("tps_spans_villages", "tps", E, needs=("tps", "kode_desa")),
    Check("village_missing", "regions", W),
    Check("village_unknown", "regions", E),
    Check("village_moved", "regions", N),
    Check("required_missing", "required", W, needs=()),
    Check("sex_invalid", "required", W, needs=("jenis_kelamin",)),
    Check("marital_invalid", "required", W, needs=("status_kawin",)),
    Check("duplicate", "duplicates", W, "DOUBLE", needs=()),
]

_GROUP_COLUMN = {
    "nik": "nik", "nkk": "nkk", "eligibility": "tanggal_lahir", "names": "nama", "tps": "tps",
    "regions": "kode_desa",
}  # fmt: skip


def _with_needs(check: Check) -> Check:
    if check.needs or check.group not in _GROUP_COLUMN:
        return check
    return replace(check, needs=(_GROUP_COLUMN[check.group],))


CHECKS: MappingProxyType[str, Check] = MappingProxyType({c.name: _with_needs(c) for c in _ALL})
"""Every check by name, in the order findings of one row are listed."""
CHECK_RANK: MappingProxyType[str, int] = MappingProxyType(
    {name: i for i, name in enumerate(CHECKS)}
)
"""Each check's position in :data:`CHECKS`: the order of a row's findings and of summaries."""
