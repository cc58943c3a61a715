"""Errors raised by sidalih.

Every error derives from :class:`SidalihError`; each leaf also derives from the
built-in exception a caller would naturally catch, so ``except KeyError`` keeps
working for a missing column.

::

    SidalihError
     ├── SchemaError (ValueError)            the frame cannot be read as a voter list
     │    ├── ColumnNotFoundError (KeyError)  a required column is absent
     │    ├── DuplicateColumnError            two input columns map to one canonical name
     │    └── DuplicateIdError                ids are not unique
     ├── InputTypeError (TypeError)           the argument is not a frame/series/list we accept
     ├── InvalidParameterError (ValueError)   an option has a wrong value
     ├── ModelError (RuntimeError)            a model is used before fit, or cannot be loaded
     │    └── NotFittedError
     ├── DataFileError (OSError)              a file cannot be read or written
     │    └── RegistryLockedError             another process is updating the registry
 ├── RegistryClosedError (ValueError)     a registry was used after close()
     └── CapacityError (MemoryError)          a run would plan more pairs than memory holds

    CapacityWarning (UserWarning)             a run lowered its block bound to fit memory
    AbsentColumnWarning (UserWarning)         a given model compares a column the list lacks
    RowNumberWarning (UserWarning)            a row-number column (NO) repeats: rows numbered
    MixedEncodingWarning (UserWarning)        a UTF-8 text file has rows in another encoding

Messages say what was expected, what was found and how to fix it. They name
columns and row ids and never contain a full NIK: use :func:`mask_nik`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sidalih._unicode import PUNCT_TO_ASCII as _PUNCT_TO_ASCII

__all__ = [
    "SidalihError",
    "SchemaError",
    "ColumnNotFoundError",
    "DuplicateColumnError",
    "DuplicateIdError",
    "InputTypeError",
    "InvalidParameterError",
    "ModelError",
    "NotFittedError",
    "DataFileError",
    "RegistryLockedError",
    "RegistryClosedError",
    "CapacityError",
    "CapacityWarning",
    "AbsentColumnWarning",
    "RowNumberWarning",
    "MixedEncodingWarning",
    "mask_nik",
    "mask_nik_pair",
    "mask_long_digits",
    "masked_repr",
    "format_rows",
]

# A NIK or family-card number (16 digits), or any other long number a message could
# quote from the data (an id column that holds NIKs, a shifted column). Forms write
# NIKs in groups ("3271 0141 0190 0001", "32.71.01.410190.0001") and sidalih reads
# those as NIKs, so digit runs joined by one separator count as one number.
#: A number and the groups it is written in: digits of any script (full-width, Arabic-
#: Indic: the NIK parser reads them) joined by one or two blanks (spaces, NBSP, tabs), a
#: dot, a hyphen with or without a blank or two, or a comma not followed by a space
#: (327101,540398,0001; a list "1, 2, 3" stays apart). Wider gaps are a table's columns
#: (an explanation's two dates side by side), never one number. The dots, hyphens and
#: commas include every look-alike the NIK parser reads as one (an en dash, a non-breaking
#: hyphen, a minus sign, full-width dots: :func:`sidalih._unicode.normalise_unicode`), and
#: the invisible characters it drops (a zero-width space) join groups too.
_HYPHENS, _DOTS, _COMMAS, _INVISIBLE = (
    re.escape(mark + "".join(sorted(ch for ch, to in _PUNCT_TO_ASCII.items() if to == mark)))
    for mark in ("-", ".", ",", ""))
_BLANK = r"[^\S\r\n]"
_ZW = f"[{_INVISIBLE}]"
_JOIN = (f"(?:{_ZW}*(?:{_BLANK}{{0,2}}[{_HYPHENS}]{_BLANK}{{0,2}}|[{_DOTS}]|{_BLANK}{{1,2}}"
         f"|[{_COMMAS}](?!\\s)){_ZW}*|{_ZW}+)")
_DIGIT_RUN = re.compile(f"\\d+(?:{_JOIN}\\d+)*")
_SHOWN_DIGITS = 4
#: A registry person id ("P" + 12 hex digits of BLAKE2b, :mod:`sidalih.registry`) standing
#: alone: a hash, not a number from the data. Its 12 hex digits can all be decimal
#: (P542877271751), and masked it could not be typed back into ``registry history``.
#: Matched before the digit runs, so a run never starts inside one, nor joins one to the
#: next CSV cell. A 16-digit NIK never fits: not with its digits together (a word
#: character follows the 12th), nor in groups (blanks, a dot or a hyphen, then a digit).
_PERSON_ID = (r"(?<!\w)P[0-9a-f]{12}(?!\w)"
              f"(?!{_ZW}*{_BLANK}{{0,2}}{_ZW}*[{_HYPHENS}{_DOTS}]?{_ZW}*{_BLANK}{{0,2}}{_ZW}*\\d)")
_MASKED = re.compile(f"(?P<person>{_PERSON_ID})|{_DIGIT_RUN.pattern}")


class SidalihError(Exception):
    """Root of every error raised by sidalih.

    Text arguments are masked with :func:`mask_long_digits`, so no message can show a
    full NIK whatever value it quotes.

    >>> str(SidalihError("id 3271010101900001 repeats"))
    'id 3271********0001 repeats'
    """

    def __init__(self, *args: object) -> None:
        super().__init__(*(mask_long_digits(a) if isinstance(a, str) else a for a in args))


class SchemaError(SidalihError, ValueError):
    """The frame cannot be read as a voter list. ``problems`` lists every problem found."""

    def __init__(self, message: str, *, problems: Sequence[str] = ()) -> None:
        self.problems = [mask_long_digits(p) for p in problems]
        if self.problems:
            message = message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0]) if self.args else ""


class ColumnNotFoundError(SchemaError, KeyError):
    """A required column is absent."""


class DuplicateColumnError(SchemaError):
    """Two input columns map to the same canonical name."""


class DuplicateIdError(SchemaError):
    """The ``id`` column holds repeated values."""


class InputTypeError(SidalihError, TypeError):
    """The argument is of a type sidalih does not accept."""


class InvalidParameterError(SidalihError, ValueError):
    """An option was given a value outside its domain."""


class ModelError(SidalihError, RuntimeError):
    """A model cannot be used or loaded."""


class NotFittedError(ModelError):
    """A model was used before ``fit``."""


class DataFileError(SidalihError, OSError):
    """A file cannot be read or written."""


class RegistryLockedError(DataFileError):
    """Another process holds the registry's writer lock (one writer at a time)."""


class RegistryClosedError(SidalihError, ValueError):
    """A registry was read from or written to after ``close()`` (as a closed file raises
    ``ValueError``); open it again with ``Registry.open(folder)``."""


class CapacityError(SidalihError, MemoryError):
    """A run would need more memory than it may use (too many candidate pairs to hold)."""


class CapacityWarning(UserWarning):
    """A run lowered its block bound so that its candidate pairs fit memory (``max_pairs``)."""


class AbsentColumnWarning(UserWarning):
    """A given model compares a voter column the list does not have: every row is scored
    as missing that field (no evidence either way), as if the column were empty."""


class RowNumberWarning(UserWarning):
    """A list's row-number column (``NO``, ``No. Urut``) repeats or is empty, as a DPT
    that numbers its rows per TPS does: the rows are numbered as ids instead, and the
    column is kept as ``nomor``."""


class MixedEncodingWarning(UserWarning):
    """A text file is UTF-8 but some rows hold bytes that are not (a list pasted together
    from two exports, a cell typed on an old Windows machine): those bytes were read as
    cp1252 and every valid UTF-8 character kept. The warning counts and names the rows."""


def mask_nik(value: object) -> str:
    """Mask a NIK (or any long digit string) for display: keep 4 leading and 4 trailing characters.

    Examples
    --------
    >>> mask_nik("3271010101900001")
    '3271********0001'
    >>> mask_nik("12345")
    '*****'
    >>> mask_nik(None)
    '<missing>'
    """
    if value is None:
        return "<missing>"
    text = str(value)
    if len(text) < 12:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


#: The most hidden digits :func:`mask_nik_pair` shows: a clerk's slip changes one digit,
#: or swaps two.
_SHOWN_DIFFERENCES = 2


def mask_nik_pair(a: object, b: object) -> tuple[str, str]:
    """Two NIKs (or family-card numbers) masked for display side by side: as
    :func:`mask_nik`, but where they differ in one or two hidden digits those digits show
    on both sides, so a reader sees the slip a level such as "NIK differs in one digit"
    names. Six of the eight middle digits stay hidden at least; more differences show none.

    Examples
    --------
    >>> mask_nik_pair("3204374107500905", "3204374107507905")
    ('3204********0905', '3204********7905')
    >>> mask_nik_pair("3204374107500001", "3204384107500001")
    ('3204*7******0001', '3204*8******0001')
    >>> mask_nik_pair("3204374107500001", "9999999999999999")
    ('3204********0001', '9999********9999')
    """
    shown = mask_nik(a), mask_nik(b)
    if a is None or b is None:
        return shown
    x, y = str(a), str(b)
    if len(x) != len(y) or len(x) < 12:
        return shown
    differ = [k for k in range(4, len(x) - 4) if x[k] != y[k]]
    if not differ or len(differ) > _SHOWN_DIFFERENCES:
        return shown
    return tuple("".join(text[k] if k in differ else masked[k] for k in range(len(text)))
                 for text, masked in ((x, shown[0]), (y, shown[1])))  # type: ignore[return-value]


def _mask_run(match: re.Match[str]) -> str:
    run = match.group(0)
    if match.group("person") is not None:
        return run
    n = sum(c.isdigit() for c in run)
    if n < 12:
        return run
    out: list[str] = []
    seen = 0
    for c in run:
        if c.isdigit():
            seen += 1
            keep = seen <= _SHOWN_DIGITS or seen > n - _SHOWN_DIGITS
            out.append(c if keep else "*")
        else:  # the separators stay, so a grouped number still reads as one
            out.append(c)
    return "".join(out)


def mask_long_digits(text: str) -> str:
    """Mask every number of 12 or more digits in a text as :func:`mask_nik` does.

    A number written in groups joined by spaces, dots, hyphens or commas counts as one
    (``3271 0141 0190 0001``), also with the look-alike dashes and dots and the invisible
    characters the NIK parser reads (an en dash, a minus sign, a full-width dot, a
    zero-width space), in any script's digits: only its first 4 and last 4 digits
    stay visible. A registry person id (``P`` + 12 hex digits, standing alone) is a hash,
    not a number, and is never masked, also when its hex digits are all decimal.

    Examples
    --------
    >>> mask_long_digits("NIK 3271010101900001 and row 12")
    'NIK 3271********0001 and row 12'
    >>> mask_long_digits("NIK 3271 0141 0190 0001, born 1990-01-01")
    'NIK 3271 **** **** 0001, born 1990-01-01'
    >>> mask_long_digits("NIK 32.71.01.410190.0001")
    'NIK 32.71.**.******.0001'
    >>> mask_long_digits("327101,540398,0001 / 3271 - 0154 - 0398 - 0001 / rows 1, 2, 3")
    '3271**,******,0001 / 3271 - **** - **** - 0001 / rows 1, 2, 3'
    >>> mask_long_digits("tanggal_lahir  1965-12-31      1965-12-31")
    'tanggal_lahir  1965-12-31      1965-12-31'
    >>> mask_long_digits("x1,P542877271751,0.97 / P3271014101900001")
    'x1,P542877271751,0.97 / P3271********0001'
    >>> mask_long_digits("NIK 3271\u20130141\u20130190\u20130001 (en dashes, Word's autocorrect)")
    "NIK 3271–****–****–0001 (en dashes, Word's autocorrect)"
    """
    return _MASKED.sub(_mask_run, text)


_T = TypeVar("_T")


def masked_repr(cls: type[_T]) -> type[_T]:
    """Mask runs of 12+ digits in ``repr`` and ``str``: ids are often NIKs, and a notebook
    shows an object's ``repr``. A dataclass's ``repr`` shows floats to 8 significant
    digits, so that no float is long enough to be masked.

    Examples
    --------
    >>> @masked_repr
    ... @dataclasses.dataclass
    ... class Key:
    ...     value: str
    >>> Key("nik=3271010101900001")
    Key(value='nik=3271********0001')
    """
    if dataclasses.is_dataclass(cls):
        def fields_repr(self: Any) -> str:
            shown = ", ".join(f"{f.name}={_shown(getattr(self, f.name))}"
                              for f in dataclasses.fields(self) if f.repr)
            return f"{type(self).__name__}({shown})"

        cls.__repr__ = fields_repr  # type: ignore[method-assign]
    for name in ("__repr__", "__str__"):
        plain: Callable[[Any], str] = getattr(cls, name)

        def masked(self: Any, _plain: Callable[[Any], str] = plain) -> str:
            return mask_long_digits(_plain(self))

        setattr(cls, name, masked)
    return cls


def _shown(value: Any) -> str:
    if isinstance(value, str):
        # masked before repr() escapes the blanks and invisible characters (a no-break
        # or zero-width space) that join a NIK's groups, which would hide it from masking
        return repr(mask_long_digits(value))
    if isinstance(value, float):
        return format(value, ".8g")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_shown(v)}" for k, v in value.items()) + "}"
    return repr(value)


def format_rows(ids: Iterable[object], *, limit: int = 10) -> str:
    """Render row ids for an error message, showing at most ``limit`` of them.

    Examples
    --------
    >>> format_rows([3, 7, 9])
    '3, 7, 9'
    >>> format_rows(range(20), limit=3)
    '0, 1, 2 and 17 more'
    """
    ids = list(ids)
    shown = ", ".join(str(i) for i in ids[:limit])
    rest = len(ids) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown
