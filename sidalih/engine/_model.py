"""A trained matcher as data: the comparisons, the Fellegi–Sunter parameters, the threshold.

Saved as versioned JSON (never pickle: a model file may come from another office) and
loaded to score a new list without training again.
"""

from __future__ import annotations

import copy
import functools
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sidalih._checks import path_argument
from sidalih.compare import Comparison
from sidalih.engine._settings import DEFAULT_THRESHOLD, Settings
from sidalih.errors import InputTypeError, InvalidParameterError, ModelError
from sidalih.model import ComparisonSpec, FellegiSunter
from sidalih.model._serialise import read_json, write_json

__all__ = ["Model", "MODEL_SCHEMA_VERSION"]

MODEL_SCHEMA_VERSION = 1


def _comparisons(comparisons: object) -> tuple[Comparison, ...]:
    """``comparisons`` as a tuple, or a typed error saying what a model is built of."""
    given = type(comparisons).__name__
    if isinstance(comparisons, (str, bytes)) or not isinstance(comparisons, Sequence):
        raise InputTypeError("comparisons must be a list of Comparison (compare.exact(...), "
                             f"compare.name(...), ...), got {given}")
    wrong = [f"{type(c).__name__} at position {i}" for i, c in enumerate(comparisons)
             if not isinstance(c, Comparison)]
    if wrong:
        raise InputTypeError("comparisons must be a list of Comparison (compare.exact(...), "
                             f"compare.name(...), ...); got {', '.join(wrong)}")
    return tuple(comparisons)


@dataclass
class Model:
    """Comparisons plus their fitted Fellegi–Sunter parameters.

    ``threshold`` is the match probability at or above which a pair joins a cluster;
    ``forbid_below`` the match weight under which two records may never share one;
    ``settings`` those of the run that trained it (blocking rules included), saved in
    the JSON so that the loaded model blocks and reads a list as that run did.
    """

    comparisons: tuple[Comparison, ...]
    fs: FellegiSunter
    threshold: float = DEFAULT_THRESHOLD
    forbid_below: float = -10.0
    options: dict[str, Any] = field(default_factory=dict)
    settings: Settings | None = None

    @classmethod
    def untrained(cls, comparisons: Sequence[Comparison], *, threshold: float = DEFAULT_THRESHOLD,
                  forbid_below: float = -10.0, max_iter: int = 50, tol: float = 1e-4,
                  options: Mapping[str, Any] | None = None) -> Model:
        """A model of ``comparisons`` whose parameters are still to be fitted.

        Examples
        --------
        >>> from sidalih import compare
        >>> Model.untrained([compare.exact("nik"), compare.date("tanggal_lahir")])
        Model(comparisons=['nik', 'tanggal_lahir'], not fitted, threshold=0.8, source=None)
        >>> Model.untrained("nik")
        Traceback (most recent call last):
        ...
        sidalih.errors.InputTypeError: comparisons must be a list of Comparison (compare.exact(...), compare.name(...), ...), got str
        """
        comparisons = _comparisons(comparisons)
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) \
                or not 0.0 < threshold <= 1.0:
            raise InvalidParameterError(f"threshold must be a probability in (0, 1], got {threshold!r}")
        specs = [ComparisonSpec(c.name, list(c.labels)) for c in comparisons]
        return cls(tuple(comparisons), FellegiSunter(specs, max_iter=max_iter, tol=tol),
                   threshold=threshold, forbid_below=forbid_below, options=dict(options or {}))

    @property
    def fitted(self) -> bool:
        return hasattr(self.fs, "m_")

    def __repr__(self) -> str:
        # The parameters are in parameter_table(): a repr of every field would print the
        # options (a size per village, u per place) as pages of float digits, and runs of
        # sixteen of them read as NIKs in a log.
        names = [c.name for c in self.comparisons]
        state = "fitted" if self.fitted else "not fitted"
        source = self.options.get("source")
        return (f"Model(comparisons={names}, {state}, threshold={self.threshold}, "
                f"source={source!r})")

    def to_dict(self) -> dict[str, Any]:
        if not self.fitted:
            raise ModelError("only a fitted model can be saved; run deduplicate() or link() first")
        return {
            "schema_version": MODEL_SCHEMA_VERSION,
            "kind": "sidalih.Model",
            "threshold": self.threshold,
            "forbid_below": self.forbid_below,
            "options": self.options,
            "comparisons": [c.to_dict() for c in self.comparisons],
            "fellegi_sunter": self.fs.to_dict(),
            "settings": None if self.settings is None else self.settings.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Model:
        if not isinstance(data, Mapping) or data.get("kind") != "sidalih.Model":
            raise ModelError("not a sidalih model: the 'kind' field is missing or wrong")
        if data.get("schema_version") != MODEL_SCHEMA_VERSION:
            raise ModelError(
                f"model schema version {data.get('schema_version')!r} is not supported "
                f"(this sidalih reads version {MODEL_SCHEMA_VERSION})"
            )
        try:
            comparisons = tuple(Comparison.from_dict(c) for c in data["comparisons"])
            fs = FellegiSunter.from_dict(data["fellegi_sunter"])
            threshold = _finite(data, "threshold")
            forbid_below = _finite(data, "forbid_below")
        except (KeyError, TypeError, ValueError, InvalidParameterError) as exc:
            raise ModelError(f"malformed model file: {exc}") from exc
        if [c.name for c in comparisons] != [s.name for s in fs.comparisons]:
            raise ModelError("model comparisons and parameters do not correspond")
        if not 0.0 < threshold <= 1.0:
            raise ModelError(f"threshold {threshold} is not a probability in (0, 1]")
        options = data.get("options", {})
        if not isinstance(options, Mapping):
            raise ModelError(
                f"malformed model file: 'options' must be an object, got {type(options).__name__}"
            )
        saved = data.get("settings")
        if saved is not None and not isinstance(saved, Mapping):
            raise ModelError(
                f"malformed model file: 'settings' must be an object, got {type(saved).__name__}")
        try:
            settings = None if saved is None else Settings.from_dict(saved)
        except InvalidParameterError as exc:
            raise ModelError(f"malformed model file: settings: {exc}") from exc
        return cls(comparisons, fs, threshold=threshold, forbid_below=forbid_below,
                   options=dict(options), settings=settings)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model as JSON.

        The JSON is built first and then written to a temporary file renamed into
        place, so a save that fails (an unfitted model, a full disk) leaves any
        existing file at ``path`` as it was.
        """
        write_json(self.to_dict(), path_argument(path, what="path"))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Model:
        """Read a model written by :meth:`save`.

        A file that is not UTF-8 JSON (a Parquet file given by mistake, a Latin-1
        edit, absurd nesting) is a ModelError; one that cannot be read a DataFileError.
        """
        return cls.from_dict(read_json(path_argument(path, what="path")))

    @classmethod
    def default(cls) -> Model:
        """The national default model shipped with the package.

        Trained by ``scripts/train_default_model.py`` on a synthetic national sample. A
        list too small to train on is scored with it, and a larger list's own fit is
        pulled toward its ``m`` (see :mod:`sidalih.model._population`).

        Examples
        --------
        >>> Model.default().options["source"]
        'default'
        """
        return default_model()

    def parameter_table(self) -> Any:
        """m, u and weight of every comparison level (a polars frame)."""
        return self.fs.parameter_table()


def _finite(data: Mapping[str, Any], key: str) -> float:
    """``data[key]`` as a finite float; a bool, text, NaN or a number too big is refused."""
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidParameterError(f"{key!r} must be a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        raise InvalidParameterError(f"{key!r} is too large for a float") from None
    if not math.isfinite(number):
        raise InvalidParameterError(f"{key!r} must be a finite number, got {number}")
    return number


_DEFAULT_FILE = Path(__file__).resolve().parents[1] / "data" / "default_model.json"


@functools.lru_cache(maxsize=1)
def _default_dict() -> dict[str, Any] | None:
    """The shipped default model as JSON data, read once (None if the file is absent)."""
    if not _DEFAULT_FILE.exists():
        return None
    return dict(read_json(_DEFAULT_FILE))


def default_model() -> Model:
    """The national default model (``scripts/train_default_model.py`` trains it)."""
    data = _default_dict()
    if data is None:
        raise ModelError(f"the default model file is missing from the package: {_DEFAULT_FILE}")
    return Model.from_dict(copy.deepcopy(data))


def is_shipped_default(model: Model) -> bool:
    """Whether ``model`` is the national default shipped with the package: its comparisons
    and parameters (a threshold given to the run may differ), so that a summary can name
    the model a run was given.

    Examples
    --------
    >>> is_shipped_default(Model.default()), is_shipped_default(default_comparing(["nama"]))
    (True, False)
    """
    if _default_dict() is None:
        return False
    shipped = default_model()
    return model.comparisons == shipped.comparisons and model.fs == shipped.fs


def default_comparing(names: Sequence[str]) -> Model:
    """The default model comparing only those of its comparisons named in ``names``.

    The others are left out with every conditional u or m that a pair takes from them:
    what scoring with the default does to a list that lacks their columns (a missing
    value is no evidence, and a condition on it never holds), without the columns.

    Examples
    --------
    >>> [c.name for c in default_comparing(["nama", "tanggal_lahir", "alamat"]).comparisons]
    ['nama', 'tanggal_lahir']
    """
    data = _default_dict()
    if data is None:
        raise ModelError(f"the default model file is missing from the package: {_DEFAULT_FILE}")
    data = copy.deepcopy(data)
    kept = {c["name"] for c in data["comparisons"] if c["name"] in set(names)}
    data["comparisons"] = [c for c in data["comparisons"] if c["name"] in kept]
    fs = data["fellegi_sunter"]
    fs["comparisons"] = [{**c, "given": [g for g in c.get("given", ())
                                         if g["comparison"] in kept]}
                         for c in fs["comparisons"] if c["name"] in kept]
    for entry in fs["comparisons"]:
        if not entry["given"]:
            del entry["given"]
    for key in ("same_year_u", "u_regency"):
        if isinstance(data["options"].get(key), dict):
            data["options"][key] = {k: v for k, v in data["options"][key].items() if k in kept}
    return Model.from_dict(data)


def default_m(comparisons: Sequence[Comparison],
              options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The default model's m for each of ``comparisons`` it has in the same form.

    Empty when ``options`` say ``m_prior: "none"`` (training the default itself).
    """
    if options is not None and options.get("m_prior") == "none":
        return {}
    if _default_dict() is None:
        return {}
    shipped = default_model()
    by_name = {c.name: (c, m) for c, m in zip(shipped.comparisons, shipped.fs.m_, strict=True)}
    out: dict[str, Any] = {}
    for comparison in comparisons:
        entry = by_name.get(comparison.name)
        if entry is not None and (entry[0].method, entry[0].labels) == (comparison.method,
                                                                        comparison.labels):
            out[comparison.name] = entry[1]
    return out


def default_lambda(n_records: int, options: Mapping[str, Any] | None = None) -> float:
    """The default model's chance that two random records of a list of ``n_records`` are
    one person, when ``options`` say ``lambda_prior: "default"``; else 0 (no floor).

    A list's own lambda is a fixed point: the expected matches among its candidate pairs
    over all its pairs. On a list cleaned of its duplicates (an already-checked DPT)
    that point is near 0 (6e-8 for 3,000 voters), and rightly so for that list, but a
    registry created from it scores with that lambda every record added later, and how
    often an added record is someone already registered is nothing the clean list can
    measure: re-registrations whose NIK differs in the serial sank 8 bits and became new
    persons, though :func:`sidalih.deduplicate` of the same records merged every one.
    What the default model knows is how many duplicates a record has in a list as lists
    are made, ``rho = lambda (N - 1)`` for the ``N`` records it was trained on
    (``options["records"]``): like ``m``, a fact of how lists are made, not of their
    size (a record has as many duplicates in a village as in its regency; see
    :func:`sidalih.engine._tf.village_adjustments`). For a list of ``n`` records that
    is ``rho / (n - 1)`` per pair. 0 when the default lacks its size, or for fewer than
    two records.

    Examples
    --------
    >>> f"{default_lambda(1_000, {'lambda_prior': 'default'}):.2e}"
    '4.35e-05'
    >>> default_lambda(1_000)
    0.0
    """
    if options is None or options.get("lambda_prior") != "default" or n_records < 2:
        return 0.0
    data = _default_dict()
    trained = (data or {}).get("options", {}).get("records")
    if isinstance(trained, bool) or not isinstance(trained, int) or trained < 2:
        return 0.0
    shipped = default_model()
    duplicates_per_record = float(shipped.fs.lambda_) * (trained - 1)
    return duplicates_per_record / (n_records - 1)


Known = dict[tuple[str, str, tuple[int, ...]], tuple[np.ndarray | None, np.ndarray | None]]
"""(comparison, conditioning comparison, its levels that make the condition hold) ->
(conditional u, conditional m) of the default model, None where not taken from it."""


def default_conditionals(comparisons: Sequence[Comparison],
                         options: Mapping[str, Any] | None = None) -> Known:
    """What the default model knows of two facts of the code, for lists too small to measure.

    A NIK is a code of its holder's district and birth date, so how often two people
    born on one day, or living in one village, share NIK digits is a fact of the code,
    the same in every list: its conditional u starts from the default's, and a list
    measures its own where it can (:func:`sidalih.model._population.credible_u`). A
    family card changes when its holder moves (DOMAIN.md), so a person listed twice in
    one village keeps one card: the card's m by place is a fact of how cards are issued,
    and a list with too few duplicates to measure it (under 200 expected matches) takes
    the default's, not its overall m, which mixes in the movers (a list of 5,000 merged
    namesakes of one village with two cards, "NKK beda" -3.4 bits instead of -5 to -6).
    Within one card, how often names and birth dates agree (a family's surname, its
    twins) is a fact of families: those conditional u start from the default's too. How
    alike names and dates are within a place depends on the list's people: those start
    from the list's own u (a list whose names were drawn at random, as many as there
    are, lost its duplicates to the default's local names).
    Empty when the default has no such comparison, or ``options`` say ``m_prior: "none"``.
    """
    if options is not None and options.get("m_prior") == "none":
        return {}
    if _default_dict() is None:
        return {}
    shipped = default_model()
    wanted = {c.name: c for c in comparisons}
    roles = {c.name: c.role for c in shipped.comparisons}
    out: Known = {}
    for spec, comparison in zip(shipped.fs.comparisons, shipped.comparisons, strict=True):
        mine = wanted.get(comparison.name)
        if mine is None or (mine.method, mine.labels, mine.role) != (
                comparison.method, comparison.labels, comparison.role):
            continue
        for given, equal, m_given, u_given in shipped.fs.u_given_.get(spec.name, ()):
            key = (comparison.name, given, tuple(int(x) for x in equal))
            u = (np.asarray(u_given, dtype=np.float64)
                 if mine.method == "nik" or roles.get(given) == "family_card" else None)
            m = np.asarray(m_given, dtype=np.float64) if mine.role == "family_card" else None
            if u is not None or m is not None:
                out[key] = (u, m)
    return out


def model_provenance(model: Model, prior: Mapping[str, Any]) -> dict[str, Any]:
    """Where a freshly fitted model's m came from, and how far it moved from the default.

    ``source`` is ``"default"`` when no anchored session learned anything (the list is
    too small, or has no duplicates to learn from: m is the default's), ``"list"`` when
    the list's own sessions gave m (pulled toward the default where it has the
    comparison), and ``default_shift_bits`` the largest change, in bits, of any level's
    ``log2 m`` from the default's (levels the default gives at least 1 % and the list's
    candidate pairs show: in a one-village list no pair is of two villages, and the m
    of that level is the fit's floor, not something the list says).

    Examples
    --------
    >>> model_provenance(Model.default(), {})["source"]
    'list'
    """
    learned = getattr(model.fs, "matches_learned_", {})
    source = "list" if any(w > 0 for w in learned.values()) or not prior else "default"
    seen = getattr(model.fs, "levels_seen_", {})
    shifts = [float(np.abs(np.log2(m[shown]) - np.log2(p[shown])).max())
              for spec, m in zip(model.fs.comparisons, model.fs.m_, strict=True)
              if (p := np.asarray(prior.get(spec.name, []), dtype=np.float64)).shape == m.shape
              and (shown := (p >= 0.01) & (np.asarray(seen.get(spec.name, np.ones_like(m))) > 0)
                   ).any()]
    return {"source": source, "default_shift_bits": round(max(shifts), 3) if shifts else None}
