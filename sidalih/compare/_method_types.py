"""What a comparison method is: the base every method declares itself on, and its options.

A :class:`~sidalih.compare.Comparison` is plain data (a name, a column, a method name,
labels, options); its method object (one per method, in
``sidalih.compare._methods.METHODS``) says once everything that depends on the method:

- its **options**: each an :class:`Option` (name, required or its default, the check and
  the message). The constructors of :mod:`sidalih.compare` and ``Comparison`` (so
  ``Comparison.from_dict``, so a model file) check options with the same schema, so a
  bad value is refused with the same text either way;
- its **levels**: their labels from the options (declared in ``compare/_levels.py``),
  so their count; the evidence order; the levels meaning "equal"; the prefix that
  groups records for a conditional u; the role it implies for the domain judgement;
- its **encoding** (the per-row arrays it reads, built once in a ``ColumnCache``) and
  its **kernel call** (:meth:`MethodType.levels`).

Options every method may carry (:data:`COMMON_OPTIONS`): ``anchor``, ``role``,
``u_within`` and ``u_within_region``. Options a method does not declare are kept and
ignored, as they always were: an older model file loads as before.

Examples
--------
>>> from sidalih.compare._methods import METHODS
>>> METHODS["string"].problems({"thresholds": (0.9, 0.5)})
['thresholds must be a list of increasing numbers strictly between 0 and 1, such as (0.88, 0.94), got (0.9, 0.5)']
>>> METHODS["code_prefix"].problems({})
["options['lengths'] is required by method 'code_prefix'"]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from sidalih._checks import is_real
from sidalih.errors import InvalidParameterError

if TYPE_CHECKING:
    from sidalih.compare._columns import ColumnCache
    from sidalih.compare._spec import Comparison

__all__ = ["COMMON_OPTIONS", "MethodType", "Option", "ROLES", "invalid"]

#: What a comparison stands for in the domain judgement (twins, one NIK for two people,
#: a father and son on one card...): the judgement finds its comparisons by role.
ROLES = ("nik", "name", "birth_date", "family_card", "sex")


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Option:
    """One option a method reads: its name, whether it is required, its check and message.

    ``valid`` judges a value as a comparison holds it (tuples or lists, Python or NumPy
    scalars); it never raises. ``expected`` completes the sentence ``"<name> must ..."``.
    ``default`` is what a comparison without the option means (documentation, and what
    the engine assumes). ``convert`` turns a valid value from a constructor into its
    JSON-ready form (Python floats, ints, bools; tuples).
    """

    name: str
    valid: Callable[[Any], bool]
    expected: str
    required: bool = False
    default: Any = None
    convert: Callable[[Any], Any] = _same

    def problem(self, value: Any) -> str | None:
        """The message for a bad ``value``; None when it is valid."""
        return None if self.valid(value) else f"{self.name} {self.expected}, got {value!r}"


def invalid(name: object, problems: Sequence[str]) -> InvalidParameterError:
    """The one error for a comparison's problems, as constructors and loading raise it."""
    return InvalidParameterError(f"invalid comparison {name!r}: " + "; ".join(problems))


# --------------------------------------------------------------------- option checks


def is_sequence(value: Any) -> bool:
    """A list or tuple of values (not a text, not an array: a model holds JSON)."""
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def _increasing(values: Sequence[Any]) -> bool:
    return list(values) == sorted(set(values))


def _is_whole(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_flag(value: Any) -> bool:
    # Only True/False: "no" or None as a flag is a mistake, not a truth value.
    return isinstance(value, (bool, np.bool_))


def valid_thresholds(values: Any) -> bool:
    """Increasing numbers strictly between 0 and 1 (Jaro–Winkler score cutoffs)."""
    return (is_sequence(values) and len(values) > 0 and all(is_real(t) for t in values)
            and all(0 < t < 1 for t in values) and _increasing(values))


def valid_lengths(values: Any) -> bool:
    """Increasing positive whole numbers (code prefix lengths)."""
    return (is_sequence(values) and len(values) > 0 and all(_is_whole(n) for n in values)
            and values[0] >= 1 and _increasing(values))


def valid_unit(value: Any) -> bool:
    """A real number in [0, 1]."""
    return is_real(value) and 0 <= value <= 1


def valid_names(values: Any) -> bool:
    """A list of texts (comparison names)."""
    return is_sequence(values) and all(isinstance(d, str) for d in values)


def _valid_columns(value: Any) -> bool:
    names = (value,) if isinstance(value, str) else value
    return isinstance(names, tuple) and len(names) > 0 and all(
        isinstance(c, str) and c for c in names)


def _valid_column(value: Any) -> bool:
    return isinstance(value, str) and _valid_columns(value)


def _floats(values: Sequence[Any]) -> tuple[float, ...]:
    return tuple(float(t) for t in values)


def _ints(values: Sequence[Any]) -> tuple[int, ...]:
    return tuple(int(n) for n in values)


THRESHOLDS = Option("thresholds", valid_thresholds,
                    "must be a list of increasing numbers strictly between 0 and 1, "
                    "such as (0.88, 0.94)", required=True, convert=_floats)
LENGTHS = Option("lengths", valid_lengths,
                 "must be increasing positive integers such as (4, 6, 10)",
                 required=True, convert=_ints)
TOKEN_SET = Option("token_set", valid_unit,
                   "must be a number in [0, 1] (the score_cutoff of the token-set level)",
                   required=True, convert=float)
REGIONS = Option("regions", _is_flag, "must be True or False", default=False, convert=bool)
DEPENDS_ON = Option("depends_on", valid_names, "must be a list of comparison names",
                    default=(), convert=tuple)
#: Whether a birth date on the 15th reads as a placeholder (the month known, the day
#: not: DOMAIN.md) or as a real date: a list's own habit (:mod:`sidalih.engine._fifteenth`).
FIFTEENTH = Option("fifteenth", _is_flag, "must be True or False", default=True, convert=bool)
#: Where the 15th is a real date, the share of the list's 15ths that still stand for an
#: unknown day (:func:`sidalih.engine._fifteenth.fifteenth_share`).
FIFTEENTH_SHARE = Option("fifteenth_share", valid_unit, "must be a number in [0, 1]",
                         default=0.0, convert=float)

#: Options any method may carry: the EM anchor flag, the judgement role, and the columns
#: that condition u (``sidalih.engine._fit``).
COMMON_OPTIONS = (
    Option("anchor", _is_flag, "must be True or False", default=True, convert=bool),
    Option("role", lambda value: isinstance(value, str) and value in ROLES, f"must be one of {', '.join(ROLES)}"),
    Option("u_within", _valid_columns, "must be a column name or several"),
    Option("u_within_region", _valid_column, "must be a column name"),
)


def shaped(value: Any) -> Any:
    """A constructor's argument in the shape a comparison holds: lists and 1-d arrays as
    tuples (of Python scalars for an array), NumPy scalars as Python ones."""
    if isinstance(value, np.ndarray):
        return tuple(value.tolist()) if value.ndim == 1 else value
    if is_sequence(value):
        return tuple(value)
    return value.item() if isinstance(value, np.generic) else value


# --------------------------------------------------------------------------- the base


class MethodType:
    """A comparison method, declared once (see the module docstring).

    Subclasses set :attr:`name`, :attr:`own_options` (besides :data:`COMMON_OPTIONS`),
    and implement :meth:`labels`, :meth:`encode` and :meth:`levels`; the rest has defaults that hold for
    most methods (levels numbered in evidence order, the top level the only equal one).
    """

    name: ClassVar[str]
    own_options: ClassVar[tuple[Option, ...]] = ()
    #: The role a comparison of this method stands for when it declares none.
    implied_role: ClassVar[str | None] = None
    #: How many leading characters group records for a conditional u (None: all).
    group_prefix: ClassVar[int | None] = None
    #: Where a term-frequency adjustment applies: ``"top"``, agreement on the value
    #: itself (a rare name weighs more); ``"placeholder"``, agreement on a placeholder
    #: value, weighed by how common that placeholder is in the list (birth dates).
    tf_applies: ClassVar[str] = "top"

    @property
    def options(self) -> tuple[Option, ...]:
        """Every option this method reads, its own first."""
        return self.own_options + COMMON_OPTIONS

    def problems(self, options: Mapping[str, Any]) -> list[str]:
        """Every problem with ``options`` (empty when all is well)."""
        out = [f"options[{option.name!r}] is required by method {self.name!r}"
               for option in self.options if option.required and option.name not in options]
        for option in self.options:
            if option.name in options:
                problem = option.problem(options[option.name])
                if problem is not None:
                    out.append(problem)
        return out

    def checked(self, name: str, given: Mapping[str, Any]) -> dict[str, Any]:
        """A constructor's ``given`` options checked and made JSON-ready.

        Raises the :class:`~sidalih.errors.InvalidParameterError` that
        ``Comparison(...)`` (so ``Comparison.from_dict``) raises for the same values.
        """
        options = {key: shaped(value) for key, value in given.items()}
        problems = self.problems(options)
        if problems:
            raise invalid(name, problems)
        converters = {option.name: option.convert for option in self.options}
        return {key: converters.get(key, _same)(value) for key, value in options.items()}

    def labels(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        """The labels of the levels this method writes with (valid) ``options``, from 0."""
        raise NotImplementedError

    def n_levels(self, options: Mapping[str, Any]) -> int:
        """Levels (``else`` included) this method writes with (valid) ``options``."""
        return len(self.labels(options))

    def evidence_order(self, comparison: Comparison) -> tuple[int, ...]:
        """Level codes from the weakest evidence of one person to the strongest."""
        return tuple(range(comparison.n_levels))

    def equal_levels(self, comparison: Comparison) -> tuple[int, ...]:
        """The level codes that mean the two values are equal (for conditional u)."""
        return (comparison.n_levels - 1,)

    def role(self, comparison: Comparison) -> str | None:
        """The declared role, else the one this method implies for ``comparison``."""
        given = comparison.options.get("role")
        return str(given) if given is not None else self.implied_role

    def prefix_lengths(self, options: Mapping[str, Any]) -> tuple[int, ...]:
        """The prefix lengths of a hierarchical code's levels, coarsest first (else empty).

        A place code compared by prefixes (regency, district, village) says at each
        level which coarser place two records share; the model conditions u on it.
        """
        return ()

    def companions(self, column: str) -> tuple[str, ...]:
        """The prepared columns (:mod:`sidalih.prepare`) this method reads beside ``column``.

        A caller that keeps only some prepared columns (the out-of-core batches) keeps
        these too, or the comparison parses the column again (same levels, more time).
        """
        return ()

    def encode(self, comparison: Comparison, cache: ColumnCache) -> tuple[Any, ...]:
        """The per-row arrays the kernel reads, built once per ``cache`` (cached there)."""
        raise NotImplementedError

    def levels(self, comparison: Comparison, cache: ColumnCache, left: np.ndarray,
               right: np.ndarray) -> np.ndarray:
        """Level codes (int8, -1 null) of the pairs ``left[i]``, ``right[i]`` (row positions)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<comparison method {self.name!r}>"
