"""Comparisons as data: a name, the column compared, a method, ordered levels.

Level codes are the int8 values a comparison writes for a pair: ``-1`` means null
(a side is missing: the comparison says nothing), ``0`` is the lowest level
("else": the values disagree) and each higher code is a closer agreement. ``labels``
holds the readable name of every code from 0 upwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sidalih.errors import InvalidParameterError

__all__ = ["Comparison", "METHODS"]

#: Method name -> the labels of its levels from 0 ("else") upwards; some depend on options.
METHODS = ("exact", "code_prefix", "string", "name", "nik", "date")


@dataclass(frozen=True)
class Comparison:
    """One comparison of a pair of records, as plain data (round-trips through JSON).

    Build one with the constructors in :mod:`sidalih.compare` (``exact``, ``name``,
    ``nik``, ...) rather than by hand.

    Examples
    --------
    >>> c = Comparison("jk", "jenis_kelamin", "exact", ("beda", "sama"))
    >>> Comparison.from_dict(c.to_dict()) == c
    True
    """

    name: str
    column: str
    method: str
    labels: tuple[str, ...]
    options: Mapping[str, Any] = field(default_factory=dict)
    tf_column: str | None = None

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InvalidParameterError(
                f"unknown comparison method {self.method!r}; expected one of {', '.join(METHODS)}"
            )
        if len(self.labels) < 2:
            raise InvalidParameterError(
                f"comparison {self.name!r} needs at least two levels, got {list(self.labels)}"
            )
        object.__setattr__(self, "labels", tuple(self.labels))
        object.__setattr__(self, "options", dict(self.options))

    @property
    def n_levels(self) -> int:
        """Number of non-null levels (``else`` included)."""
        return len(self.labels)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "name": self.name,
            "column": self.column,
            "method": self.method,
            "labels": list(self.labels),
            "options": _jsonable(self.options),
            "tf_column": self.tf_column,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Comparison:
        """Inverse of :meth:`to_dict`; raises InvalidParameterError on a malformed dict."""
        try:
            return cls(
                name=str(data["name"]),
                column=str(data["column"]),
                method=str(data["method"]),
                labels=tuple(str(x) for x in data["labels"]),
                options=_from_jsonable(data.get("options", {})),
                tf_column=data.get("tf_column"),
            )
        except (KeyError, TypeError) as exc:
            raise InvalidParameterError(f"malformed comparison settings: {exc}") from exc

    def __hash__(self) -> int:
        return hash((self.name, self.column, self.method, self.labels))


def _jsonable(options: Mapping[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()}


def _from_jsonable(options: Mapping[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}
