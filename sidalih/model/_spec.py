"""The description of one comparison, and the warning a non-converged fit raises."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sidalih.errors import InvalidParameterError

__all__ = ["ComparisonSpec", "ConvergenceWarning"]


class ConvergenceWarning(UserWarning):
    """EM stopped at ``max_iter`` before its parameters settled."""


@dataclass(frozen=True)
class ComparisonSpec:
    """One comparison: a name and its ordered agreement levels, lowest first.

    Level ``0`` is "else" (the values disagree); higher levels agree more. The null
    level is not listed: a gamma value of ``-1`` means the comparison says nothing
    about the pair (a value is missing) and adds weight 0.

    Parameters
    ----------
    name : str
        Unique name of the comparison, e.g. ``"nik"``.
    levels : sequence of str
        Level labels from "else" (index 0) up to the strongest agreement. At least two.

    Examples
    --------
    >>> spec = ComparisonSpec("sex", ["else", "exact"])
    >>> spec.n_levels, spec.levels
    (2, ('else', 'exact'))
    """

    name: str
    levels: tuple[str, ...]

    def __init__(self, name: str, levels: Sequence[str]) -> None:
        problems = []
        if not isinstance(name, str) or not name:
            problems.append(f"name must be a non-empty string, got {name!r}")
        if isinstance(levels, str) or not isinstance(levels, Sequence):
            problems.append(f"levels must be a list of strings, got {type(levels).__name__}")
            levels = ()
        labels = tuple(levels)
        if not all(isinstance(label, str) for label in labels):
            problems.append("every level label must be a string")
        if len(labels) < 2:
            problems.append(f"a comparison needs at least 2 levels, got {len(labels)}")
        elif len(labels) > 126:
            problems.append(f"at most 126 levels fit an int8 gamma, got {len(labels)}")
        if len(set(labels)) != len(labels):
            problems.append(f"level labels must be distinct, got {list(labels)}")
        if problems:
            raise InvalidParameterError(f"invalid comparison {name!r}: " + "; ".join(problems))
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "levels", labels)

    @property
    def n_levels(self) -> int:
        """Number of levels, not counting the null level."""
        return len(self.levels)
