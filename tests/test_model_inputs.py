"""Bad input to models: model files, comparison settings and estimator arguments.

Every case must end in a typed error from :mod:`sidalih.errors` that names the problem
(never a raw UnicodeDecodeError, OverflowError, RecursionError, KeyError, ...), and a
failed save must leave an existing file as it was.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sidalih.api import Model
from sidalih.compare import DATE_LABELS, NIK_LABELS, Comparison, code_prefix, date, exact, name
from sidalih.compare import nik as nik_comparison
from sidalih.compare import string as string_comparison
from sidalih.errors import InvalidParameterError, ModelError
from sidalih.model import ComparisonSpec, FellegiSunter

COMPARISONS = (exact("jenis_kelamin"), string_comparison("tempat_lahir"))


def _fitted_model() -> Model:
    """A small fitted Model without running the pipeline (u given, a few pairs)."""
    model = Model.untrained(COMPARISONS)
    gamma = np.array([[1, 3]] * 5 + [[0, 0]] * 15 + [[1, 1]] * 3 + [[0, 2]] * 2, dtype=np.int8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fs.fit(gamma, u_probabilities=[[0.5, 0.5], [0.9, 0.05, 0.03, 0.02]])
    return model


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("model") / "model.json"
    _fitted_model().save(path)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# ------------------------------------------------------------- item 3: save keeps files


def test_failed_save_leaves_an_existing_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "keep.json"
    _fitted_model().save(path)
    before = path.read_bytes()
    with pytest.raises(ModelError, match="only a fitted model"):
        Model.untrained(COMPARISONS).save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.json"]  # no temporary left


def test_save_that_cannot_serialise_leaves_the_file_and_is_typed(tmp_path: Path) -> None:
    path = tmp_path / "keep.json"
    model = _fitted_model()
    model.save(path)
    before = path.read_bytes()
    model.options["bad"] = object()  # not JSON: the dump fails after the fitted check
    with pytest.raises(ModelError, match="cannot be saved as JSON"):
        model.save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.json"]


def test_save_writes_a_loadable_model_and_replaces_an_old_one(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text("old", encoding="utf-8")
    model = _fitted_model()
    model.save(path)
    assert Model.load(path).to_dict() == model.to_dict()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


def test_failed_fellegi_sunter_save_leaves_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "fs.json"
    model = _fitted_model().fs
    model.save(path)
    before = path.read_bytes()
    model.lambda_ = float("nan")  # NaN is refused in JSON
    with pytest.raises(ModelError):
        model.save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fs.json"]


# ------------------------------------------------- item 11: model files that are not models


def test_load_of_a_non_utf8_file_is_a_model_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"kind": "sidalih.Model", "x": "JOSÉ"}'.encode("latin-1"))
    with pytest.raises(ModelError, match="UTF-8"):
        Model.load(path)
    with pytest.raises(ModelError, match="UTF-8"):
        FellegiSunter.load(path)


def test_load_of_a_parquet_file_is_a_model_error(tmp_path: Path) -> None:
    path = tmp_path / "data.parquet"
    path.write_bytes(b"PAR1\x15\x04\x15\xff\xfe\x00\x80" * 10)
    with pytest.raises(ModelError):
        Model.load(path)


@pytest.mark.parametrize("key", ["threshold", "forbid_below"])
def test_load_of_a_number_too_large_for_a_float(tmp_path: Path, saved: dict[str, Any],
                                               key: str) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps({**saved, key: 10**400}), encoding="utf-8")
    with pytest.raises(ModelError, match=key):
        Model.load(path)


@pytest.mark.parametrize("value", ["0.9", True, None, float("nan")])
def test_load_refuses_a_threshold_that_is_not_a_number(tmp_path: Path, saved: dict[str, Any],
                                                        value: Any) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**saved, "threshold": value}), encoding="utf-8")
    with pytest.raises(ModelError, match="threshold|NaN"):
        Model.load(path)


def test_load_refuses_nan_forbid_below(tmp_path: Path, saved: dict[str, Any]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**saved, "forbid_below": float("nan")}), encoding="utf-8")
    with pytest.raises(ModelError, match="NaN|forbid_below"):
        Model.load(path)


@pytest.mark.parametrize("field", ["lambda", "m", "n_iter"])
def test_fellegi_sunter_numbers_too_large_for_a_float(saved: dict[str, Any], field: str) -> None:
    data = json.loads(json.dumps(saved["fellegi_sunter"]))
    if field == "lambda":
        data["lambda"] = 10**400
    elif field == "m":
        data["comparisons"][0]["m"] = [10**400, 0.5]
    else:
        data["fit"]["n_iter"] = 10**400
    with pytest.raises(ModelError, match=field):
        FellegiSunter.from_dict(data)
    with pytest.raises(ModelError, match=field):
        Model.from_dict({**saved, "fellegi_sunter": data})


def test_fellegi_sunter_settings_too_large_for_a_float(saved: dict[str, Any]) -> None:
    data = json.loads(json.dumps(saved["fellegi_sunter"]))
    data["settings"]["tol"] = 10**400
    with pytest.raises(ModelError, match="tol") as caught:
        FellegiSunter.from_dict(data)
    assert len(str(caught.value)) < 200  # the 401 digits are not all repeated back


def test_a_setting_too_long_to_print_is_still_a_typed_error() -> None:
    with pytest.raises(InvalidParameterError, match="tol must be a positive number"):
        FellegiSunter(SPECS, tol=10**5000).fit([[0, 1]], u_probabilities=[[0.5, 0.5],
                                                                          [0.3, 0.3, 0.4]])


def test_load_of_a_number_with_thousands_of_digits(tmp_path: Path, saved: dict[str, Any]) -> None:
    path = tmp_path / "huge.json"
    text = json.dumps(saved)
    threshold = f'"threshold": {saved["threshold"]}'
    assert threshold in text
    path.write_text(text.replace(threshold, '"threshold": ' + "9" * 5000), encoding="utf-8")
    with pytest.raises(ModelError, match="number"):
        Model.load(path)


def test_load_of_deeply_nested_json_is_a_model_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ModelError, match="nested"):
        Model.load(path)
    with pytest.raises(ModelError, match="nested"):
        FellegiSunter.load(path)


@pytest.mark.parametrize("options", [[1, 2], "x", 5])
def test_load_refuses_model_options_that_are_not_an_object(saved: dict[str, Any],
                                                           options: Any) -> None:
    with pytest.raises(ModelError, match="options"):
        Model.from_dict({**saved, "options": options})


# ------------------------------------------- item 12: comparisons that cannot be computed


def _as_dict(comparison: Comparison) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(comparison.to_dict()))
    return data


@pytest.mark.parametrize(
    ("comparison", "option"),
    [
        (string_comparison("tempat_lahir"), "thresholds"),
        (name(), "thresholds"),
        (name(), "token_set"),
        (code_prefix("kode_desa", lengths=(4, 6)), "lengths"),
    ],
)
def test_from_dict_refuses_a_missing_required_option(comparison: Comparison,
                                                    option: str) -> None:
    data = _as_dict(comparison)
    del data["options"][option]
    with pytest.raises(InvalidParameterError, match=option):
        Comparison.from_dict(data)


@pytest.mark.parametrize(
    ("comparison", "option", "value"),
    [
        (string_comparison("tempat_lahir"), "thresholds", []),
        (string_comparison("tempat_lahir"), "thresholds", [0.94, 0.88]),
        (string_comparison("tempat_lahir"), "thresholds", ["a", 0.9]),
        (string_comparison("tempat_lahir"), "thresholds", 0.9),
        (string_comparison("tempat_lahir"), "thresholds", [0.5, 1.5]),
        (name(), "token_set", "x"),
        (name(), "token_set", 2.0),
        (code_prefix("kode_desa", lengths=(4, 6)), "lengths", [6, 4]),
        (code_prefix("kode_desa", lengths=(4, 6)), "lengths", [4.5, 6]),
        (code_prefix("kode_desa", lengths=(4, 6)), "lengths", "46"),
        (exact("jenis_kelamin"), "anchor", "yes"),
        (nik_comparison(), "depends_on", [1, 2]),
    ],
)
def test_from_dict_refuses_a_malformed_option(comparison: Comparison, option: str,
                                             value: Any) -> None:
    data = _as_dict(comparison)
    data["options"][option] = value
    with pytest.raises(InvalidParameterError, match=option):
        Comparison.from_dict(data)


@pytest.mark.parametrize(
    "comparison",
    [exact("jenis_kelamin"), string_comparison("tempat_lahir"), name(), nik_comparison(), date(),
     code_prefix("kode_desa", lengths=(4, 6, 10))],
)
def test_from_dict_refuses_a_label_count_that_does_not_fit_the_method(
    comparison: Comparison,
) -> None:
    for labels in (list(comparison.labels) + ["extra"], list(comparison.labels)[:-1]):
        data = {**_as_dict(comparison), "labels": labels}
        with pytest.raises(InvalidParameterError, match="labels"):
            Comparison.from_dict(data)


@pytest.mark.parametrize(
    "comparison",
    [exact("jenis_kelamin"), string_comparison("tempat_lahir"), name(), nik_comparison(), date(),
     code_prefix("kode_desa", lengths=(4, 6, 10))],
)
def test_every_constructor_round_trips(comparison: Comparison) -> None:
    assert Comparison.from_dict(_as_dict(comparison)) == comparison


def test_fixed_level_counts_match_the_published_labels() -> None:
    assert nik_comparison().n_levels == len(NIK_LABELS)
    assert date().n_levels == len(DATE_LABELS)


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x", "column": "x", "method": "exact", "labels": "ab"},
        {"name": "x", "column": "x", "method": "exact", "labels": ["a", "b"], "options": [1]},
        {"name": "x", "column": "x", "method": "exact", "labels": ["a", "b"], "tf_column": 3},
        {"name": ["x"], "column": "x", "method": "exact", "labels": ["a", "b"]},
        {"column": "x", "method": "exact", "labels": ["a", "b"]},
        ["name", "column"],
    ],
)
def test_from_dict_refuses_malformed_fields(data: Any) -> None:
    with pytest.raises(InvalidParameterError):
        Comparison.from_dict(data)


def test_model_load_refuses_a_comparison_without_its_options(tmp_path: Path,
                                                            saved: dict[str, Any]) -> None:
    data = json.loads(json.dumps(saved))
    for entry in data["comparisons"]:
        if entry["method"] == "string":
            entry["options"] = {}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="thresholds"):
        Model.load(path)


# -------------------------------------- item 16: FellegiSunter arguments and numpy scalars

SPECS = [ComparisonSpec("a", ["e", "x"]), ComparisonSpec("b", ["e", "s", "x"])]


@pytest.fixture(scope="module")
def gammas() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    g = np.column_stack([rng.integers(-1, 2, 200), rng.integers(-1, 3, 200)]).astype(np.int8)
    ug = np.column_stack([rng.integers(0, 2, 500), rng.integers(0, 3, 500)]).astype(np.int8)
    return g, ug


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"anchors": [True]}, "anchors"),
        ({"anchors": [True, True, True]}, "anchors"),
        ({"anchors": ["yes", True]}, "anchors"),
        ({"anchors": True}, "anchors"),
        ({"n_records": "5"}, "n_records"),
        ({"n_records": -5}, "n_records"),
        ({"n_records": 5.0}, "n_records"),
        ({"n_records": True}, "n_records"),
        ({"depends_on": [[7], [9]]}, "depends_on"),
        ({"depends_on": [[1]]}, "depends_on"),
        ({"depends_on": [["a"], []]}, "depends_on"),
        ({"depends_on": [1, 0]}, "depends_on"),
    ],
)
def test_fit_sessions_refuses_bad_arguments(gammas: tuple[np.ndarray, np.ndarray],
                                            kwargs: dict[str, Any], match: str) -> None:
    g, ug = gammas
    with pytest.raises(InvalidParameterError, match=match):
        FellegiSunter(SPECS).fit_sessions(g, u_gamma=ug, **{"n_records": 100, **kwargs})


def test_fit_sessions_lists_every_bad_argument(gammas: tuple[np.ndarray, np.ndarray]) -> None:
    g, ug = gammas
    with pytest.raises(InvalidParameterError, match="n_records.*\n?.*anchors|anchors.*n_records"):
        FellegiSunter(SPECS).fit_sessions(g, u_gamma=ug, n_records=-1, anchors=[True])


def test_fit_sessions_accepts_numpy_arguments(gammas: tuple[np.ndarray, np.ndarray]) -> None:
    g, ug = gammas
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = FellegiSunter(SPECS).fit_sessions(g, u_gamma=ug, n_records=100,
                                                  anchors=[True, False], depends_on=[[1], []])
        numpy = FellegiSunter(SPECS).fit_sessions(
            g, u_gamma=ug, n_records=np.int64(100), anchors=np.array([True, False]),
            depends_on=[np.array([1]), []])
    assert plain.lambda_ == numpy.lambda_


@pytest.mark.parametrize(
    "kwargs",
    [{"max_iter": np.int64(5)}, {"max_iter": np.int32(5)}, {"tol": np.float32(1e-3)},
     {"fix_u": np.bool_(True)}, {"fix_u": np.bool_(False)}, {"u_pseudo_count": np.int64(1)},
     {"m_pseudo_count": np.float32(1e-3)}, {"prior": np.float32(0.25)}],
)
def test_numpy_scalar_settings_are_accepted_and_save(
    gammas: tuple[np.ndarray, np.ndarray], kwargs: dict[str, Any], tmp_path: Path
) -> None:
    g, ug = gammas
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = FellegiSunter(SPECS, **kwargs).fit(g, u_gamma=ug)
        plain = FellegiSunter(SPECS, **{k: v.item() for k, v in kwargs.items()}).fit(
            g, u_gamma=ug)
    assert model.lambda_ == pytest.approx(plain.lambda_)
    model.save(tmp_path / "m.json")
    clone = FellegiSunter.load(tmp_path / "m.json")
    assert clone.to_dict()["settings"] == plain.to_dict()["settings"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"max_iter": np.float64(5.0)}, "max_iter"), ({"max_iter": np.bool_(True)}, "max_iter"),
     ({"tol": np.bool_(True)}, "tol"), ({"fix_u": np.int64(1)}, "fix_u"),
     ({"tol": np.float64("nan")}, "tol")],
)
def test_numpy_scalar_settings_of_the_wrong_kind_are_refused(
    gammas: tuple[np.ndarray, np.ndarray], kwargs: dict[str, Any], match: str
) -> None:
    g, ug = gammas
    with pytest.raises(InvalidParameterError, match=match):
        FellegiSunter(SPECS, **kwargs).fit(g, u_gamma=ug)


@pytest.fixture(scope="module")
def fitted_fs(gammas: tuple[np.ndarray, np.ndarray]) -> FellegiSunter:
    g, ug = gammas
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return FellegiSunter(SPECS).fit(g, u_gamma=ug)


@pytest.mark.parametrize("tf", [[1, 2], "a", 3])
def test_tf_adjustments_that_are_not_a_mapping(fitted_fs: FellegiSunter, gammas: Any,
                                               tf: Any) -> None:
    g, _ = gammas
    with pytest.raises(InvalidParameterError, match="tf_adjustments"):
        fitted_fs.contributions(g[:2], tf_adjustments=tf)
    with pytest.raises(InvalidParameterError, match="tf_adjustments"):
        fitted_fs.match_weight(g[:2], tf_adjustments=tf)


@pytest.mark.parametrize("values", [["x", "y"], [[1, 2], [3]]])
def test_tf_adjustments_that_are_not_numbers(fitted_fs: FellegiSunter, gammas: Any,
                                             values: Any) -> None:
    g, _ = gammas
    with pytest.raises(InvalidParameterError, match="'a'"):
        fitted_fs.match_weight(g[:2], tf_adjustments={"a": values})


@pytest.mark.parametrize("level", ["1", 1.5, True, [1]])
def test_tf_adjustment_level_must_be_an_integer(fitted_fs: FellegiSunter, gammas: Any,
                                                level: Any) -> None:
    g, _ = gammas
    with pytest.raises(InvalidParameterError, match="level"):
        fitted_fs.tf_adjustment(g[:3], "a", [0.1, 0.2, 0.3], level=level)


def test_tf_adjustment_accepts_a_numpy_level(fitted_fs: FellegiSunter, gammas: Any) -> None:
    g, _ = gammas
    expected = fitted_fs.tf_adjustment(g[:3], "a", [0.1, 0.2, 0.3], level=1)
    got = fitted_fs.tf_adjustment(g[:3], "a", [0.1, 0.2, 0.3], level=np.int64(1))
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("method", ["fit", "fit_sessions"])
def test_ragged_gamma_is_a_typed_error(gammas: Any, method: str) -> None:
    _, ug = gammas
    model = FellegiSunter(SPECS)
    kwargs: dict[str, Any] = {"u_gamma": ug}
    if method == "fit_sessions":
        kwargs["n_records"] = 10
    with pytest.raises(InvalidParameterError, match="gamma_pairs"):
        getattr(model, method)([[0, 1], [1]], **kwargs)


def test_ragged_gamma_when_scoring(fitted_fs: FellegiSunter) -> None:
    with pytest.raises(InvalidParameterError, match="gamma"):
        fitted_fs.match_weight([[0, 1], [1]])
