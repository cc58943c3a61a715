"""NIK and NKK parsing: clean, classify and split 16-digit population numbers.

:func:`parse` takes a pandas or polars Series (or a list) and returns a frame of the
same kind (polars for lists), one row per input value, in order:

==================== ========= ===========================================================
column               type      meaning
==================== ========= ===========================================================
``nik``              String    the 16 characters read (digits; ``*`` where masked), or null
``status``           String    a :class:`NikStatus` value
``province``         String    digits 1-2, as read (filled whenever they can be read)
``regency``          String    digits 1-4
``district``         String    digits 1-6
``birth_day``        Int8      the real day (women's +40 removed); null if not 1-31
``birth_month``      Int8      null if not 1-12
``birth_year2``      Int8      digits 11-12
``birth_date``       Date      with the century resolved (see below); null if impossible
``century_ambiguous`` Boolean  both centuries plausible, or neither (then no date)
``sex``              String    ``L`` (day 01-31) or ``P`` (day 41-71)
``serial``           Int16     digits 13-16
``region_known``     Boolean   the district code is in at least one region table version
``region_versions``  UInt8     bit k set: valid in ``sidalih.regions.VERSIONS[k]``
``nik_int``          Int64     the 16 digits as an integer (null when masked or unread)
==================== ========= ===========================================================

Parts are filled whenever a 16-character key can be read, whatever the status
(an ``unknown_region`` NIK still has a birth date, a ``masked`` one keeps its known
parts, a ``trailing_zero`` one is read from its first 16 digits): filter on
``status`` in ``("valid", "letters_read")`` for identity. Parts are null for ``empty``,
``scientific``, ``lost_precision``, ``non_digit`` and ``wrong_length``.

Status precedence (the first that applies wins): empty > scientific > lost_precision >
non_digit > masked > wrong_length / trailing_zero > repeated_digits > old_format >
zero_serial > bad_date > unknown_region > valid; a key of six digits and ten zeros is
``scientific`` (see Cleaning) but stays ``repeated_digits`` or ``old_format`` first.

Letters for digits: a ``non_digit`` value of 16 digits and look-alike letters (``O``/``D``
for 0, ``I``/``l`` for 1, ``S`` for 5, ...: at most three, or one letter for every
occurrence of its digit) is read as those digits; when they pass every check of
``valid`` the status is ``letters_read`` and the key, parts and ``nik_int`` are the
digits read (``3271O14101900001`` -> ``3271014101900001``), else it stays ``non_digit``
(:mod:`sidalih.nik._letters`). The same holds for NKKs.

Cleaning: surrounding whitespace and one leading apostrophe are dropped; spaces, dots,
dashes and commas are dropped *between* digit groups (``-3271...`` is a number, not
a NIK); a ``.0`` fraction after 15+ digits is dropped (``3271010101900001.0``); a real
fraction is ``non_digit``; exponent notation (``3.27101E+15``) is ``scientific`` and
never restored. So is what exponent notation leaves once read as a number, six digits
and ten zeros (``3271010000000000``, as text or as a number: pandas' default
``read_csv`` reads ``3.27101E+15`` so): a spreadsheet shows a 16-digit number with at
most six significant digits, and no NIK or NKK ends in ten zeros (day 00, serial 0000),
so the value holds a region code and nothing of a person (a clerk's dummy of a region
code and zeros is no identity either). Full-width and other Unicode decimal digits
count as digits. Masks are ``*``, ``X`` or ``x`` mixed with digits (a value of letters
x alone is a word).
Integers convert exactly; floats convert when integral and below 2**53 (2**24 for
float32), else they are ``lost_precision`` (``scientific`` when six digits and ten
zeros): a float cannot hold every 16-digit NIK.

Century: the reference date (``reference_date``; None means 2024-02-14, polling day
of Pemilu 2024, never "today") decides. A reading is plausible if the birth date is
not after the reference date and the age is at most 110. The reading that gives a
voting age (17+) is taken when there is one, else the only plausible one;
``century_ambiguous`` is True when more than one reading is plausible (``...0101200001``
on 2024-02-14: 1920, aged 104, or 2020, aged 4: 1920 is taken and flagged).

The NIK's first six digits are where it was first registered, not where the person
lives: codes missing from today's region table can be legitimate, so a code counts as
known if it is in *any* table version. Little-endian machines only (x86, ARM).

One NIK on more than :data:`MAX_RECORDS_PER_NIK` records naming more than one person is
a clerk's placeholder, not an identity (:mod:`sidalih.nik._holders`); the engine and
:func:`sidalih.check` treat it, like a NIK equal to the row's NKK, as missing.
"""

from __future__ import annotations

from sidalih.nik._api import (
    NikParts,
    compose,
    is_valid,
    mask,
    nik_to_int,
    parse,
    parse_nkk,
    parse_one,
)
from sidalih.nik._core import DEFAULT_REFERENCE_DATE, OLDEST_AGE, VOTING_AGE
from sidalih.nik._holders import MAX_RECORDS_PER_NIK
from sidalih.nik._status import NikStatus, NkkStatus

__all__ = [
    "DEFAULT_REFERENCE_DATE",
    "MAX_RECORDS_PER_NIK",
    "OLDEST_AGE",
    "VOTING_AGE",
    "NikParts",
    "NikStatus",
    "NkkStatus",
    "compose",
    "is_valid",
    "mask",
    "nik_to_int",
    "parse",
    "parse_nkk",
    "parse_one",
]
