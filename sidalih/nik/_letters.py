"""NIKs and NKKs typed or scanned with letters for digits: read them as their digits.

A clerk's ``O`` for ``0`` or an OCR's ``S`` for ``5`` made a whole NIK ``non_digit``,
and matching lost its strongest key for that record. The kernel is not changed: it
marks such a value ``non_digit`` as before, and this second pass, run only on the
``non_digit`` rows (as the Unicode pass is run only on rows with non-ASCII bytes),
reads the few that look like a NIK with letters and parses their digits again.

A value is read when, after what the parser strips anyway (surrounding spaces, one
leading apostrophe, spaces, dots, dashes and commas between groups), it is exactly 16
characters of ASCII digits and letters of :data:`LETTER_DIGITS`, with

- 1 to :data:`MAX_LETTERS` letters (a misread or two; a word never has 13 digits), or
- one letter standing for every occurrence of its digit, none of which is typed as a
  digit: the typist's habit of ``O`` for every ``0`` (or ``l`` for every ``1``) on an
  old keyboard. A habit is consistent; a handful of unrelated letters is not.

Masks (``*``, ``X``, ``x``) are never letters: a masked NIK stays ``masked`` or
``non_digit``. The digits read must then pass every check a ``valid`` NIK passes
(repeated digits, old format, serial, date, region code); then the status is
``letters_read``, the key, parts and ``nik_int`` are those of the digits read, and
matching uses it as it uses ``valid``. A reading that fails any check is not trusted:
the row stays ``non_digit`` with no key, as before.

Letters left out on purpose: ``g``/``q`` (9 or 6?), ``A`` (4), ``T`` (7), ``i``: each
reads as more than one digit or is rarely a misreading; ``X``/``x`` are masks.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sidalih.nik._input import normalise_unicode

__all__ = ["LETTER_DIGITS", "MAX_LETTERS", "read_letters", "candidate_rows"]

LETTER_DIGITS: dict[str, str] = {
    "O": "0", "o": "0", "D": "0",
    "I": "1", "l": "1", "|": "1",
    "Z": "2", "z": "2",
    "S": "5", "s": "5",
    "G": "6", "b": "6",
    "B": "8",
}  # fmt: skip
"""Letters (and ``|``) read as the digit they are mistaken for, by typists and OCR."""

MAX_LETTERS = 3
"""Most letters read in a NIK, unless one letter stands for every one of its digit."""

_SPACE = " \t\n\r\x0b\x0c"
_SEPARATORS = _SPACE + ".,-"
_TABLE = str.maketrans(LETTER_DIGITS)
_DIGITS = frozenset("0123456789")
_ALLOWED = frozenset(LETTER_DIGITS) | _DIGITS
_SHORTEST, _LONGEST = 16, 64  # characters of a candidate before separators are dropped
# Every character :func:`read_letters` can accept once Unicode is normalised (digits of
# any script, spaces, separators and their look-alikes, zero-width marks, apostrophes,
# the letters): a superset, so that names and words typed into the NIK column never
# reach Python.
_CANDIDATE = (
    r"^[\d\s\p{Zs}'`.,\-" + "".join(sorted(LETTER_DIGITS)).replace("|", r"\|")
    + "\u200b\u200c\u200d\u2060\ufeff\uff0e\u3002\uff0c\uff0d\u2010-\u2014\u2212"
    + "\uff07\u2018\u2019\u2032]+$"
)  # fmt: skip


def read_letters(text: str) -> str | None:
    """The 16 digits a NIK written with look-alike letters stands for, or None.

    Only the form is judged here; the caller checks the digits as a NIK.

    Examples
    --------
    >>> read_letters("3271O1S501900001"), read_letters("'3271 0101 9OO0 1l01")
    ('3271015501900001', '3271010190001101')
    >>> read_letters("3O71O1O1O19OOOO1")  # O for every 0: a habit
    '3071010101900001'
    >>> read_letters("3O71O1O1O19000O1") is None  # five O and some 0: not one habit
    True
    >>> read_letters("327101150895****") is None, read_letters("SOSIS BOLO") is None
    (True, True)
    """
    text = text.strip(_SPACE)
    if text[:1] in ("'", "`"):
        text = text[1:].strip(_SPACE)
    if not text or text[0] in _SEPARATORS or text[-1] in _SEPARATORS:
        return None
    key = "".join(c for c in text if c not in _SEPARATORS)
    if len(key) != 16 or not set(key) <= _ALLOWED:
        return None
    letters = [c for c in key if c not in _DIGITS]
    if not letters:
        return None
    if len(letters) > MAX_LETTERS:
        kinds = set(letters)
        if len(kinds) != 1 or LETTER_DIGITS[letters[0]] in key:
            return None
    return key.translate(_TABLE)


def candidate_rows(text: pl.Series, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Of ``rows`` (``non_digit`` rows of ``text``), those read by :func:`read_letters`,
    and their digits. A cheap filter on length and characters runs first: a list of
    names typed into the NIK column costs one polars expression, not a Python call per
    row."""
    values = text.gather(rows)
    n = values.str.len_chars()
    near = ((n >= _SHORTEST) & (n <= _LONGEST) & values.str.contains(_CANDIDATE)
            ).fill_null(False).to_numpy()
    found: list[int] = []
    digits: list[str] = []
    for i, value in zip(np.flatnonzero(near).tolist(), values.filter(pl.Series(near)).to_list(),
                        strict=True):  # fmt: skip
        read = read_letters(normalise_unicode(value)) if value is not None else None
        if read is not None:
            found.append(i)
            digits.append(read)
    return rows[np.array(found, dtype=np.int64)], digits

