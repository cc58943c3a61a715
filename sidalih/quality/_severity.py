"""How much a finding matters: the one enum the registry and the report both build on."""

from __future__ import annotations

from enum import Enum

__all__ = ["Severity"]


class Severity(str, Enum):
    """How much a finding matters, most serious first.

    Examples
    --------
    >>> [s.value for s in Severity]
    ['error', 'warning', 'info']
    """

    ERROR = "error"
    """The record is wrong or the voter is not eligible; it must be corrected."""
    WARNING = "warning"
    """Probably wrong; an official should look at it."""
    INFO = "info"
    """Legitimate but worth knowing (a placeholder birth date, a renumbered region)."""
