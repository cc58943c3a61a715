"""One frozen value for every option of a run, checked once and saved with the model.

Every front door (:func:`sidalih.deduplicate`, :func:`sidalih.link`, the out-of-core
and Spark runs, the command line) builds a :class:`Settings` and hands it to the
engine; the checks live in ``__post_init__`` and nowhere else. A fitted model carries
the settings of the run that trained it (blocking rules included) in its JSON, so a
model loaded in another process blocks, compares and clusters as its run did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sidalih import election
from sidalih._checks import is_real
from sidalih.blocking._rules import BlockingRule, rule_from_dict, rule_to_dict
from sidalih.compare import Comparison
from sidalih.engine._reasons import LANGS
from sidalih.errors import InvalidParameterError

__all__ = ["Settings", "PEMILU_2024", "DEFAULT_THRESHOLD", "MAX_BLOCK_SIZE", "SAVED"]

PEMILU_2024 = election.PEMILU_2024.date
#: A pair joins a cluster at this match probability or above: four in five pairs there
#: are one person, since the probabilities are calibrated (benchmarks/README.md). At 0.9
#: the pairs of 0.8-0.9 were left out, mostly duplicates: F1 rose on every list measured
#: at 0.8 (village lists of 1,000-3,000 voters, synthetic lists of 1,000-200,000) and no
#: look-alike merged (fastLink's default is 0.85).
DEFAULT_THRESHOLD = 0.8
MAX_BLOCK_SIZE = 2_000
_SCHEMAS = ("voter", None)
# What a saved model keeps of its run: the options that decide which pairs exist and
# how records are read. Threshold and comparisons are the model's own fields; the
# language, pair floor and seed shape only what is shown or how u was sampled.
SAVED = ("blocking_rules", "max_block_size", "schema", "election_date")
_NONE_IS_A_VALUE = ("comparisons", "blocking_rules", "threshold", "schema")


@dataclass(frozen=True)
class Settings:
    """The options of a run.

    ``comparisons`` and ``blocking_rules`` None mean the defaults for the list's columns
    (:func:`~sidalih.engine.voter_comparisons`, :func:`sidalih.blocking.default_rules`);
    ``threshold`` None means the given model's own, else :data:`DEFAULT_THRESHOLD` (0.8);
    1 merges only the pairs of probability 1 (and identical records, as any threshold does).

    Examples
    --------
    >>> Settings(threshold=0.95, seed=3).threshold
    0.95
    >>> Settings(u_pairs=-1)
    Traceback (most recent call last):
    ...
    sidalih.errors.InvalidParameterError: u_pairs must be an integer >= 1, got -1
    """

    # Given as any sequence or ISO text, held as tuples and a date (__post_init__).
    comparisons: Sequence[Comparison] | None = None
    blocking_rules: Sequence[BlockingRule] | None = None
    threshold: float | None = None
    schema: str | None = "voter"
    election_date: dt.date | str = PEMILU_2024
    lang: str = "id"
    seed: int = 0
    u_pairs: int = 1_000_000
    max_block_size: int = MAX_BLOCK_SIZE
    pairs_floor: float = 0.5
    #: Candidate pairs an in-memory run may plan (None: what this machine's memory holds,
    #: :func:`sidalih._memory.pair_budget`); a plan above it lowers the block bound.
    max_pairs: int | None = None

    def __post_init__(self) -> None:
        problems = []
        if self.threshold is not None and (not is_real(self.threshold)
                                           or not 0.0 < self.threshold <= 1.0):
            problems.append(f"threshold must be a probability in (0, 1], got {self.threshold!r}")
        if self.lang not in LANGS:
            problems.append(f"lang must be one of {LANGS}, got {self.lang!r}")
        if not is_real(self.pairs_floor) or not 0.0 <= self.pairs_floor <= 1.0:
            problems.append(f"pairs_floor must be in [0, 1], got {self.pairs_floor!r}")
        if not _is_count(self.seed):
            problems.append(f"seed must be an integer >= 0, got {self.seed!r}")
        # no random pair means no u to estimate: refused here, not later as "too few records"
        if not _is_count(self.u_pairs) or self.u_pairs < 1:
            problems.append(f"u_pairs must be an integer >= 1, got {self.u_pairs!r}")
        if not _is_count(self.max_block_size) or self.max_block_size < 2:
            problems.append(f"max_block_size must be an integer >= 2, got "
                            f"{self.max_block_size!r}")
        if self.max_pairs is not None and (not _is_count(self.max_pairs) or self.max_pairs < 1):
            problems.append(f"max_pairs must be an integer >= 1 or None, got {self.max_pairs!r}")
        if self.schema not in _SCHEMAS:
            problems.append(f"schema must be 'voter' or None, got {self.schema!r}")
        if problems:
            raise InvalidParameterError("; ".join(problems))
        object.__setattr__(self, "election_date", election_day(self.election_date))
        for name, kind in (("comparisons", Comparison), ("blocking_rules", BlockingRule)):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _tuple_of(value, kind, name))

    @classmethod
    def given(cls, **options: Any) -> Settings:
        """Settings from the keyword options of a public function.

        An option given as None is left at its default (``max_block_size=None``: "the
        model's, else 2,000"), except where None is itself a value: no comparisons or
        rules given, no threshold given, ``schema=None`` (compare the columns as they are).

        Examples
        --------
        >>> Settings.given(max_block_size=None, schema=None).max_block_size
        2000
        >>> Settings.given(max_block_size=None, schema=None).schema is None
        True
        """
        return cls(**{name: value for name, value in options.items()
                      if value is not None or name in _NONE_IS_A_VALUE})

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (checked again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """What a saved model keeps: the options that decide the pairs and the reading."""
        return {
            "blocking_rules": None if self.blocking_rules is None
            else [rule_to_dict(r) for r in self.blocking_rules],
            "max_block_size": self.max_block_size,
            "schema": self.schema,
            "election_date": election_day(self.election_date).isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """The settings :meth:`to_dict` wrote (unknown keys are ignored)."""
        rules = data.get("blocking_rules")
        known = {k: data[k] for k in SAVED if k in data and k != "blocking_rules"}
        return cls(blocking_rules=None if rules is None
                   else tuple(rule_from_dict(r) for r in rules), **known)


def election_day(value: Any) -> dt.date:
    """Polling day as a date, from a date, ISO text or :class:`~sidalih.election.Election`.

    Examples
    --------
    >>> election_day("2029-02-14")
    datetime.date(2029, 2, 14)
    """
    return election.Election.parse(value, parameter="election_date").date


def _is_count(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and bool(value >= 0)


def _tuple_of(value: Any, kind: type, name: str) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InvalidParameterError(f"{name} must be a list of {kind.__name__}, got "
                                    f"{type(value).__name__}")
    items = tuple(value)
    wrong = [type(v).__name__ for v in items if not isinstance(v, kind)]
    if wrong:
        raise InvalidParameterError(f"{name} must hold {kind.__name__} objects, got {wrong[0]}")
    return items
