"""Voter-list quality checks: what is wrong in a list, row by row, before and beside deduplication.

:func:`check` examines every row once and returns a :class:`CheckReport` whose
``findings`` name the row (``id``), the ``check`` (a stable name from :data:`CHECKS`),
its :class:`Severity`, a readable ``detail`` (Bahasa Indonesia or English; never a full
NIK) and, where one applies, the suggested "not eligible" category (:class:`TMS`).
Bad values are findings; nothing is raised on bad data.

=============  =====================================================================
group          checks
=============  =====================================================================
nik            ``nik_<status>`` for every non-valid status of :func:`sidalih.nik.parse`,
               ``nik_birth_date_mismatch``, ``nik_sex_mismatch``, ``nik_region_moved``,
               ``nik_duplicate_same_person``, ``nik_shared``, ``nik_is_nkk``,
               ``nik_placeholder``
nkk            ``nkk_empty``, ``nkk_letters_read``, ``nkk_invalid``, ``family_split_tps``
eligibility    ``birth_date_missing``, ``_impossible``, ``_future``, ``_ambiguous``,
               ``_placeholder``, ``under_age``, ``too_old``
names          ``name_empty``, ``name_placeholder``, ``name_title_only``,
               ``name_one_letter``, ``name_bad_chars``, ``name_non_latin``
tps            ``tps_missing``, ``tps_overfull``, ``tps_spans_villages``
regions        ``village_missing``, ``village_unknown``, ``village_moved``
required       ``required_missing``, ``sex_invalid``, ``marital_invalid``
duplicates     ``duplicate`` (from the engine's result, when given)
=============  =====================================================================

Each group's rules are documented in its module (``sidalih.quality._nik_checks``,
``_eligibility``, ``_names``, ``_tps``, ``_regions``, ``_required``, ``_duplicates``).
"""

from __future__ import annotations

from sidalih.quality._check import check
from sidalih.quality._registry import CHECKS, Check
from sidalih.quality._report import TMS, TMS2024, CheckReport
from sidalih.quality._required import DEFAULT_REQUIRED, KPU_ELEMENTS
from sidalih.quality._severity import Severity

__all__ = [
    "check",
    "CheckReport",
    "Severity",
    "TMS",
    "TMS2024",
    "CHECKS",
    "Check",
    "KPU_ELEMENTS",
    "DEFAULT_REQUIRED",
]
