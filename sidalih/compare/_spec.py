"""Comparisons as data: a name, the column compared, a method, ordered levels.

Level codes are the int8 values a comparison writes for a pair: ``-1`` means null
(a side is missing: the comparison says nothing), ``0`` is the lowest level
("else": the values disagree) and each higher code is a closer agreement. ``labels``
holds the readable name of every code from 0 upwards.

What depends on the method (its options, level count, evidence order, equal levels,
role, encoding and kernel) is declared once by its method object
(:attr:`Comparison.method_type`, from the registry :data:`METHODS`); a comparison
delegates to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sidalih.compare._method_types import ROLES, MethodType, invalid
from sidalih.compare._methods import METHODS
from sidalih.errors import InvalidParameterError

__all__ = ["Comparison", "METHODS", "ROLES"]


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
        if not isinstance(self.method, str) or self.method not in METHODS:
            raise InvalidParameterError(
                f"unknown comparison method {self.method!r}; expected one of {', '.join(METHODS)}"
            )
        if not isinstance(self.options, Mapping):
            raise InvalidParameterError(
                f"comparison {self.name!r}: options must be a mapping, "
                f"got {type(self.options).__name__}"
            )
        if isinstance(self.labels, str) or not isinstance(self.labels, Sequence):
            raise InvalidParameterError(
                f"comparison {self.name!r}: labels must be a list of texts, "
                f"got {type(self.labels).__name__}"
            )
        object.__setattr__(self, "labels", tuple(self.labels))
        object.__setattr__(self, "options", dict(self.options))
        # Everything a method reads is checked here, once, by the method's own schema (the
        # one its constructor checks with): a comparison from an edited or foreign model
        # file must fail on load, not as a KeyError while comparing.
        method = self.method_type
        problems = _field_problems(self) + method.problems(self.options)
        if not problems:
            expected = method.n_levels(self.options)
            if len(self.labels) != expected:
                problems.append(
                    f"method {self.method!r} with these options has {expected} levels, so "
                    f"labels needs {expected} entries, got {len(self.labels)}"
                )
        if problems:
            raise invalid(self.name, problems)

    @property
    def method_type(self) -> MethodType:
        """The method object: its options, levels, encoding and kernel (one per method).

        Examples
        --------
        >>> from sidalih import compare
        >>> compare.nik().method_type
        <comparison method 'nik'>
        """
        return METHODS[self.method]

    @property
    def n_levels(self) -> int:
        """Number of non-null levels (``else`` included)."""
        return len(self.labels)

    @property
    def evidence_order(self) -> tuple[int, ...]:
        """Level codes from the weakest evidence of one person to the strongest.

        The model keeps its weights in this order (see :mod:`sidalih.model._population`).
        Codes number most levels in that order already; the exceptions are declared by
        their methods (``sidalih.compare._methods``):

        - ``nik``: a masked NIK whose 12 known digits agree says at least what a NIK
          differing only in its serial says (the serial is unknown, not different), and
          both say more than a shared birth part;
        - ``name``: agreement of the same tokens in another order, or with one dropped,
          says more than the lowest Jaro–Winkler level, less than the higher ones.

        Examples
        --------
        >>> from sidalih import compare
        >>> compare.nik().evidence_order
        (0, 2, 3, 1, 4, 5, 6)
        >>> compare.name().evidence_order
        (0, 2, 1, 3, 4)
        >>> compare.exact("nkk").evidence_order
        (0, 1)
        """
        return self.method_type.evidence_order(self)

    @property
    def equal_levels(self) -> tuple[int, ...]:
        """The level codes that mean the two values are equal (for conditional u).

        For a NIK: its first 12 digits agree (the place of registration and the birth
        date); pairs are then grouped by the place (:meth:`group_prefix`).

        Examples
        --------
        >>> from sidalih import compare
        >>> compare.date().equal_levels, compare.code_prefix("kode_desa", lengths=(4, 10)).equal_levels
        ((2, 4, 5), (2,))
        """
        return self.method_type.equal_levels(self)

    @property
    def within_columns(self) -> tuple[str, ...]:
        """The columns whose shared values condition this comparison's u, in precedence.

        Examples
        --------
        >>> from sidalih import compare
        >>> compare.exact("nkk", u_within=("kode_desa",)).within_columns
        ('kode_desa',)
        """
        value = self.options.get("u_within")
        return () if value is None else (value,) if isinstance(value, str) else tuple(value)

    @property
    def role(self) -> str | None:
        """What this comparison stands for in the domain judgement (:data:`ROLES`), if anything.

        Declared with ``role=`` (``compare.exact("kk", role="family_card")``); otherwise
        implied by the method (a ``nik``, ``name`` or ``date`` comparison) or, for an
        exact comparison, by the canonical voter column (``nkk``, ``jenis_kelamin``).

        Examples
        --------
        >>> from sidalih import compare
        >>> compare.exact("kk", role="family_card").role, compare.date("dob").role
        ('family_card', 'birth_date')
        """
        return self.method_type.role(self)

    @property
    def group_prefix(self) -> int | None:
        """How many leading characters group records for a conditional u (None: all).

        A NIK groups by its place of registration (6 digits): residence follows it,
        whatever the birth date.
        """
        return self.method_type.group_prefix

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
        """Inverse of :meth:`to_dict`; raises InvalidParameterError on a malformed dict.

        Malformed includes a method without the options it needs (``string`` without
        ``thresholds``) and a label count that does not match the method's levels.

        Examples
        --------
        >>> Comparison.from_dict({"name": "nama", "column": "nama", "method": "string",
        ...                       "labels": ["different", "close", "exact"]})
        Traceback (most recent call last):
        ...
        sidalih.errors.InvalidParameterError: invalid comparison 'nama': options['thresholds'] is required by method 'string'
        """
        if not isinstance(data, Mapping):
            raise InvalidParameterError(
                f"comparison settings must be a mapping, got {type(data).__name__}"
            )
        missing = [key for key in ("name", "column", "method", "labels") if key not in data]
        if missing:
            raise InvalidParameterError(f"malformed comparison settings: missing {missing}")
        options = data.get("options", {})
        return cls(
            name=data["name"],
            column=data["column"],
            method=data["method"],
            labels=data["labels"],
            options=_from_jsonable(options) if isinstance(options, Mapping) else options,
            tf_column=data.get("tf_column"),
        )

    def __hash__(self) -> int:
        return hash((self.name, self.column, self.method, self.labels))


def _jsonable(options: Mapping[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()}


def _from_jsonable(options: Mapping[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}


def _field_problems(comparison: Comparison) -> list[str]:
    problems = [
        f"{key} must be text, got {type(value).__name__}"
        for key, value in (("name", comparison.name), ("column", comparison.column),
                           ("method", comparison.method))
        if not isinstance(value, str)
    ]
    if not all(isinstance(label, str) for label in comparison.labels):
        problems.append(f"labels must all be text, got {list(comparison.labels)}")
    if comparison.tf_column is not None and not isinstance(comparison.tf_column, str):
        problems.append(f"tf_column must be None or text, got {comparison.tf_column!r}")
    return problems
