"""Models as versioned JSON: written with :func:`model_to_dict`, read back with checks.

A model file may come from another office, so :func:`parse_model` trusts nothing: it
checks the schema version, every type and shape, and that every probability lies in
(0, 1), then raises one :class:`~sidalih.errors.ModelError` listing every problem.
Pickle is never used: loading a pickle runs arbitrary code.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import sidalih
from sidalih._checks import is_real
from sidalih.errors import DataFileError, InvalidParameterError, ModelError
from sidalih.model._spec import ComparisonSpec

__all__ = [
    "SCHEMA_VERSION",
    "model_to_dict",
    "parse_model",
    "write_json",
    "read_json",
    "plain_scalar",
    "hyperparameter_problems",
    "spec_problems",
    "probability_arrays",
]

SCHEMA_VERSION = 1
MODEL_KIND = "FellegiSunter"
_SUM_TOLERANCE = 1e-6
_FIT_FIELDS = {  # JSON key -> (attribute, type)
    "n_iter": ("n_iter_", int),
    "converged": ("converged_", bool),
    "log_likelihood": ("log_likelihood_", float),
    "n_pairs": ("n_pairs_", int),
    "n_patterns": ("n_patterns_", int),
    "n_u_pairs": ("n_u_pairs_", int),
}


@dataclass
class ParsedModel:
    comparisons: list[ComparisonSpec]
    hyperparameters: dict[str, Any]
    fitted: dict[str, Any] = field(default_factory=dict)


def _is_integer(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _shown(value: Any) -> str:
    """``repr(value)`` for a message, shortened: an edited file may hold a 400-digit number."""
    try:
        text = repr(value)
    except ValueError:  # an int past Python's 4300-digit conversion limit
        return f"an integer of more than {sys.get_int_max_str_digits()} digits"
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"


def plain_scalar(value: Any) -> Any:
    """``value`` as a Python scalar: JSON cannot write ``np.int64`` or ``np.bool_``."""
    return value.item() if isinstance(value, np.generic) else value


def hyperparameter_problems(params: Mapping[str, Any]) -> list[str]:
    """Every problem with the estimator's settings (empty when all is well).

    NumPy scalars are accepted wherever the Python type is (``np.int64(50)`` for
    ``max_iter``, ``np.bool_(True)`` for ``fix_u``), as in :mod:`sidalih.strings`.
    """
    problems = []
    max_iter: Any = params.get("max_iter")
    if not _is_integer(max_iter) or max_iter < 1:
        problems.append(f"max_iter must be an integer >= 1, got {_shown(max_iter)}")
    for key in ("tol", "u_pseudo_count", "m_pseudo_count"):
        if not is_real(params.get(key)) or params[key] <= 0:
            problems.append(f"{key} must be a positive number, got {_shown(params.get(key))}")
    if not isinstance(params.get("fix_u"), (bool, np.bool_)):
        problems.append(f"fix_u must be True or False, got {params.get('fix_u')!r}")
    prior = params.get("prior")
    if prior is not None and not (is_real(prior) and 0.0 < prior < 1.0):
        problems.append(f"prior must be None or a number in (0, 1), got {_shown(prior)}")
    return problems


def spec_problems(comparisons: Any) -> list[str]:
    """Problems with the list of comparisons: type, emptiness, repeated names."""
    if isinstance(comparisons, (str, bytes)) or not isinstance(comparisons, Sequence):
        return [f"comparisons must be a list of ComparisonSpec, got {type(comparisons).__name__}"]
    if not comparisons:
        return ["comparisons is empty: the model needs at least one comparison"]
    wrong = [i for i, spec in enumerate(comparisons) if not isinstance(spec, ComparisonSpec)]
    if wrong:
        return [f"comparisons at positions {wrong} are not ComparisonSpec"]
    names = [spec.name for spec in comparisons]
    repeated = sorted({name for name in names if names.count(name) > 1})
    return [f"comparison names must be distinct, repeated: {repeated}"] if repeated else []


def probability_arrays(
    values: Any, comparisons: Sequence[ComparisonSpec], *, what: str
) -> tuple[list[np.ndarray], list[str]]:
    """Check one probability vector per comparison: right length, each in (0, 1), sum 1."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        return [], [f"{what} must be a list with one entry per comparison"]
    if len(values) != len(comparisons):
        return [], [f"{what} has {len(values)} entries for {len(comparisons)} comparisons"]
    arrays, problems = [], []
    for spec, entry in zip(comparisons, values, strict=True):
        items = entry.tolist() if isinstance(entry, np.ndarray) else entry
        if (
            isinstance(items, (str, bytes))
            or not isinstance(items, Sequence)
            or not all(is_real(x) for x in items)
        ):
            problems.append(f"{what}[{spec.name!r}] must be a list of finite numbers")
            continue
        array = np.asarray(items, dtype=np.float64)
        if array.shape != (spec.n_levels,):
            problems.append(
                f"{what}[{spec.name!r}] has {array.size} values for {spec.n_levels} levels"
            )
        elif not ((array > 0.0) & (array < 1.0)).all():
            problems.append(f"{what}[{spec.name!r}] holds values outside (0, 1): {items}")
        elif abs(array.sum() - 1.0) > _SUM_TOLERANCE:
            problems.append(f"{what}[{spec.name!r}] sums to {array.sum():.9g}, not 1")
        else:
            arrays.append(array)
    return arrays, problems


def model_to_dict(model: Any) -> dict[str, Any]:
    """Plain data for a FellegiSunter model, fitted or not."""
    fitted = hasattr(model, "m_")
    comparisons = []
    for j, spec in enumerate(model.comparisons):
        comparisons.append(
            {
                "name": spec.name,
                "levels": list(spec.levels),
                "m": [float(x) for x in model.m_[j]] if fitted else None,
                "u": [float(x) for x in model.u_[j]] if fitted else None,
            }
        )
        if fitted and getattr(model, "u_random_", None) is not None:
            comparisons[-1]["u_random"] = [float(x) for x in model.u_random_[j]]
        given = getattr(model, "u_given_", {}).get(spec.name) if fitted else None
        if given:
            comparisons[-1]["given"] = [
                {"comparison": c, "equal_levels": [int(x) for x in equal],
                 "m": [float(x) for x in m], "u": [float(x) for x in u]}
                for c, equal, m, u in given]
    m_init = model.m_init
    return {
        "schema_version": SCHEMA_VERSION,
        "model": MODEL_KIND,
        "sidalih_version": sidalih.__version__,
        "settings": {
            **{key: plain_scalar(value) for key, value in model._hyperparameters().items()},
            "m_init": None if m_init is None else [np.asarray(x, float).tolist() for x in m_init],
        },
        "comparisons": comparisons,
        "lambda": float(model.lambda_) if fitted else None,
        "fit": {key: getattr(model, attr) for key, (attr, _) in _FIT_FIELDS.items()}
        if fitted
        else None,
    }


def _parse_comparisons(raw: Any, problems: list[str]) -> list[ComparisonSpec]:
    if not isinstance(raw, list) or not raw:
        problems.append("'comparisons' must be a non-empty list")
        return []
    specs = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            problems.append(f"comparisons[{i}] must be an object")
            continue
        try:
            specs.append(ComparisonSpec(entry.get("name"), entry.get("levels")))  # type: ignore[arg-type]
        except InvalidParameterError as error:
            problems.append(f"comparisons[{i}]: {error}")
    problems.extend(spec_problems(specs) if len(specs) == len(raw) else [])
    return specs


def _parse_settings(raw: Any, specs: list[ComparisonSpec], problems: list[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        problems.append("'settings' must be an object")
        return {}
    expected = {"max_iter", "tol", "fix_u", "prior", "u_pseudo_count", "m_pseudo_count", "m_init"}
    unknown = sorted(set(raw) - expected)
    missing = sorted(expected - set(raw))
    if unknown or missing:
        problems.append(f"'settings' keys: missing {missing}, unknown {unknown}")
        return {}
    settings = dict(raw)
    problems.extend(hyperparameter_problems(settings))
    if settings["m_init"] is not None and specs:
        arrays, found = probability_arrays(settings["m_init"], specs, what="m_init")
        problems.extend(found)
        settings["m_init"] = arrays
    return settings


def _parse_fitted(
    data: Mapping[str, Any], specs: list[ComparisonSpec], problems: list[str]
) -> dict[str, Any]:
    entries = data["comparisons"]
    ms = [entry.get("m") for entry in entries]
    us = [entry.get("u") for entry in entries]
    if all(x is None for x in [*ms, *us, data.get("lambda"), data.get("fit")]):
        return {}
    m, m_problems = probability_arrays(ms, specs, what="m")
    u, u_problems = probability_arrays(us, specs, what="u")
    problems.extend(m_problems + u_problems)
    lam: Any = data.get("lambda")
    if not (is_real(lam) and 0.0 < lam < 1.0):
        problems.append(f"'lambda' must be a number in (0, 1), got {_shown(lam)}")
    fitted: dict[str, Any] = {"m_": m, "u_": u, "lambda_": lam}
    u_random = [entry.get("u_random") for entry in entries]
    if any(x is not None for x in u_random):
        arrays, found = probability_arrays(u_random, specs, what="u_random")
        problems.extend(found)
        fitted["u_random_"] = arrays
    given = _parse_given(entries, specs, problems)
    if given:
        fitted["u_given_"] = given
    fit = data.get("fit")
    if not isinstance(fit, dict) or set(fit) != set(_FIT_FIELDS):
        problems.append(f"'fit' must be an object with keys {sorted(_FIT_FIELDS)}")
        return fitted
    for key, (attr, kind) in _FIT_FIELDS.items():
        value = fit[key]
        ok = isinstance(value, bool) if kind is bool else is_real(value)
        if kind is int:
            ok = ok and _is_integer(value) and value >= 0
        if not ok:
            problems.append(f"fit.{key} must be {kind.__name__}, got {_shown(value)}")
        fitted[attr] = float(value) if kind is float and ok else value
    return fitted


def _parse_given(entries: list[Any], specs: list[ComparisonSpec], problems: list[str]
                 ) -> dict[str, list[tuple[str, tuple[int, ...], np.ndarray, np.ndarray]]]:
    """Each comparison's conditional m and u, in precedence order (see ``_population``)."""
    by_name = {spec.name: spec for spec in specs}
    out = {}
    for spec, entry in zip(specs, entries, strict=True):
        raw = entry.get("given")
        if raw is None:
            continue
        items = raw if isinstance(raw, list) else [raw]
        conditions = []
        for k, item in enumerate(items):
            parsed = _parse_condition(item, spec, by_name, f"comparisons[{spec.name!r}].given[{k}]",
                                      problems)
            if parsed is not None:
                conditions.append(parsed)
        if conditions and len(conditions) == len(items):
            out[spec.name] = conditions
    return out


def _parse_condition(raw: Any, spec: ComparisonSpec, by_name: Mapping[str, ComparisonSpec],
                     where: str, problems: list[str]
                     ) -> tuple[str, tuple[int, ...], np.ndarray, np.ndarray] | None:
    if not isinstance(raw, dict) or set(raw) != {"comparison", "equal_levels", "m", "u"}:
        problems.append(f"{where} must be an object with comparison, equal_levels, m, u")
        return None
    other = by_name.get(raw["comparison"]) if isinstance(raw["comparison"], str) else None
    if other is None or other.name == spec.name:
        problems.append(f"{where}.comparison must name another comparison of the model")
        return None
    levels = raw["equal_levels"]
    if not (isinstance(levels, list) and levels and all(
            _is_integer(x) and 0 <= x < other.n_levels for x in levels)):
        problems.append(f"{where}.equal_levels must be levels of {other.name!r}")
        return None
    arrays, found = probability_arrays([raw["m"], raw["u"]], [spec, spec], what=where)
    problems.extend(found)
    return None if found else (other.name, tuple(int(x) for x in levels), arrays[0], arrays[1])


def parse_model(data: Any) -> ParsedModel:
    """Validate :func:`model_to_dict` output; raise ModelError listing every problem."""
    if not isinstance(data, Mapping):
        raise ModelError(f"a saved model must be a JSON object, got {type(data).__name__}")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ModelError(
            f"unsupported model schema_version {version!r}: this sidalih reads version "
            f"{SCHEMA_VERSION}; re-save the model with a matching sidalih"
        )
    if data.get("model") != MODEL_KIND:
        raise ModelError(f"expected a {MODEL_KIND} model, found {data.get('model')!r}")
    problems: list[str] = []
    specs = _parse_comparisons(data.get("comparisons"), problems)
    settings = _parse_settings(data.get("settings"), specs, problems)
    fitted = _parse_fitted(data, specs, problems) if not problems else {}
    if problems:
        raise ModelError(
            "the saved model is malformed:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return ParsedModel(specs, settings, fitted)


def write_json(data: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write ``data`` as indented UTF-8 JSON; NaN, infinity or a non-JSON value is refused.

    The text is built before the file is touched and written to a temporary file that
    then replaces ``path``: a failed save never empties or half-writes an existing model.
    """
    try:
        text = json.dumps(data, indent=2, allow_nan=False) + "\n"
    except (TypeError, ValueError) as error:
        raise ModelError(f"the model cannot be saved as JSON: {error}") from error
    target = os.fspath(path)
    # Beside the target (so the rename stays on one file system) and created like any
    # new file, so the saved model gets the usual permissions rather than 0600.
    temporary = os.path.join(
        os.path.dirname(os.path.abspath(target)),
        f".{os.path.basename(target)}.{uuid.uuid4().hex}.tmp",
    )
    try:
        with open(temporary, "x", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise DataFileError(f"cannot write the model to {target!r}: {error}") from error


def _reject_constant(name: str) -> Any:
    raise ModelError(f"the saved model holds {name}, which is not a valid probability or count")


def read_json(path: str | os.PathLike[str]) -> Any:
    """Read JSON from ``path``; an unreadable file is a DataFileError, bad JSON a ModelError."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise DataFileError(f"cannot read a model from {os.fspath(path)!r}: {error}") from error
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(
            f"{os.fspath(path)!r} is not UTF-8 JSON ({error}); is it a sidalih model file?"
        ) from error
    except ValueError as error:  # an integer of thousands of digits: Python refuses to parse it
        raise ModelError(f"{os.fspath(path)!r} holds a number sidalih cannot read: {error}") from error
    except RecursionError as error:  # a model file is a few levels deep, never thousands
        raise ModelError(
            f"{os.fspath(path)!r} holds JSON nested too deeply to be a sidalih model file"
        ) from error
