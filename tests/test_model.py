"""Tests for sidalih.model: EM accuracy, scoring, term frequencies, JSON persistence."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sidalih.model
from sidalih.errors import (
    DataFileError,
    InputTypeError,
    InvalidParameterError,
    ModelError,
    NotFittedError,
)
from sidalih.model import (
    ComparisonSpec,
    ConvergenceWarning,
    FellegiSunter,
    term_frequencies,
    tf_weight_adjustment,
)
from tests.reference_model import naive_em, naive_match_weight

# A known model: four comparisons with 2..5 levels, a few % of pairs null.
TRUE_M = [
    np.array([0.02, 0.03, 0.10, 0.85]),
    np.array([0.05, 0.15, 0.80]),
    np.array([0.03, 0.02, 0.05, 0.10, 0.80]),
    np.array([0.10, 0.90]),
]
TRUE_U = [
    np.array([0.90, 0.06, 0.03, 0.01]),
    np.array([0.70, 0.25, 0.05]),
    np.array([0.80, 0.10, 0.05, 0.03, 0.02]),
    np.array([0.50, 0.50]),
]
TRUE_LAMBDA = 0.08
NULL_RATE = [0.0, 0.05, 0.10, 0.02]
SPECS = [
    ComparisonSpec("nik", ["else", "prefix", "one digit", "exact"]),
    ComparisonSpec("nama", ["else", "similar", "exact"]),
    ComparisonSpec("tanggal_lahir", ["else", "year", "month", "day swap", "exact"]),
    ComparisonSpec("jenis_kelamin", ["else", "exact"]),
]


def _draw(probabilities: list[np.ndarray], n: int, rng: np.random.Generator) -> np.ndarray:
    columns = []
    for p, null_rate in zip(probabilities, NULL_RATE, strict=True):
        column = rng.choice(len(p), size=n, p=p).astype(np.int8)
        column[rng.random(n) < null_rate] = -1
        columns.append(column)
    return np.column_stack(columns)


def simulate(n_pairs: int, n_random: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs from the known mixture, and random pairs (all non-matches)."""
    rng = np.random.default_rng(seed)
    n_match = int(rng.binomial(n_pairs, TRUE_LAMBDA))
    pairs = np.vstack([_draw(TRUE_M, n_match, rng), _draw(TRUE_U, n_pairs - n_match, rng)])
    return pairs[rng.permutation(n_pairs)], _draw(TRUE_U, n_random, rng)


@pytest.fixture(scope="module")
def simulated() -> tuple[np.ndarray, np.ndarray]:
    return simulate(200_000, 300_000, seed=7)


@pytest.fixture(scope="module")
def fitted(simulated: tuple[np.ndarray, np.ndarray]) -> FellegiSunter:
    pairs, random_pairs = simulated
    return FellegiSunter(SPECS).fit(pairs, u_gamma=random_pairs)


# ------------------------------------------------------------------ accuracy


def test_em_recovers_known_m_and_lambda(fitted: FellegiSunter) -> None:
    assert fitted.converged_
    assert abs(fitted.lambda_ - TRUE_LAMBDA) < 0.004
    for m_hat, m_true in zip(fitted.m_, TRUE_M, strict=True):
        np.testing.assert_allclose(m_hat, m_true, atol=0.015)
    for u_hat, u_true in zip(fitted.u_, TRUE_U, strict=True):
        np.testing.assert_allclose(u_hat, u_true, atol=0.005)
    assert fitted.n_pairs_ == 200_000
    assert fitted.n_u_pairs_ == 300_000
    # 4 * 4 * 6 * 3 possible patterns, null included.
    assert 100 < fitted.n_patterns_ <= 4 * 4 * 6 * 3


def test_em_with_free_u_still_recovers(simulated: tuple[np.ndarray, np.ndarray]) -> None:
    pairs, random_pairs = simulated
    model = FellegiSunter(SPECS, fix_u=False, max_iter=200).fit(pairs, u_gamma=random_pairs)
    assert abs(model.lambda_ - TRUE_LAMBDA) < 0.005
    for m_hat, m_true in zip(model.m_, TRUE_M, strict=True):
        np.testing.assert_allclose(m_hat, m_true, atol=0.015)


def test_fixed_prior_is_kept(simulated: tuple[np.ndarray, np.ndarray]) -> None:
    pairs, random_pairs = simulated
    model = FellegiSunter(SPECS, prior=0.2).fit(pairs[:5000], u_gamma=random_pairs[:5000])
    assert model.lambda_ == 0.2


def test_u_is_add_one_smoothed_level_frequency() -> None:
    spec = [ComparisonSpec("a", ["else", "mid", "exact"])]
    random_pairs = np.array([[0]] * 6 + [[1]] * 2 + [[-1]] * 5, dtype=np.int8)
    model = FellegiSunter(spec, max_iter=500).fit([[2], [0]], u_gamma=random_pairs)
    # counts (6, 2, 0) over 8 non-null pairs, plus one per level.
    np.testing.assert_allclose(model.u_[0], [7 / 11, 3 / 11, 1 / 11])
    assert model.n_u_pairs_ == 13


gamma_strategy = st.integers(1, 3).flatmap(
    lambda k: st.tuples(
        st.lists(st.integers(2, 4), min_size=k, max_size=k),
        st.integers(1, 40),
        st.integers(0, 2**32 - 1),
    )
)


@settings(max_examples=40, deadline=None)
@given(gamma_strategy, st.booleans())
def test_pattern_em_equals_per_pair_em(case: tuple[list[int], int, int], fix_u: bool) -> None:
    n_levels, n, seed = case
    rng = np.random.default_rng(seed)
    gamma = np.column_stack([rng.integers(-1, L, size=n) for L in n_levels]).astype(np.int8)
    specs = [ComparisonSpec(f"c{j}", [f"l{i}" for i in range(L)]) for j, L in enumerate(n_levels)]
    u0 = [list(rng.dirichlet(np.ones(L)) * 0.98 + 0.02 / L) for L in n_levels]
    m0 = [list(rng.dirichlet(np.ones(L)) * 0.98 + 0.02 / L) for L in n_levels]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = FellegiSunter(specs, max_iter=4, tol=1e-300, fix_u=fix_u, m_init=m0).fit(
            gamma, u_probabilities=u0
        )
    m, u, lam = naive_em(
        gamma.tolist(), m0, u0, 0.5, n_iter=model.n_iter_, fix_u=fix_u, m_pseudo=1e-3, u_pseudo=1.0
    )
    assert model.lambda_ == pytest.approx(lam, rel=1e-9, abs=1e-12)
    for j in range(len(n_levels)):
        np.testing.assert_allclose(model.m_[j], m[j], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(model.u_[j], u[j], rtol=1e-9, atol=1e-12)


def test_fit_is_deterministic(simulated: tuple[np.ndarray, np.ndarray]) -> None:
    pairs, random_pairs = simulated
    a = FellegiSunter(SPECS).fit(pairs[:20_000], u_gamma=random_pairs[:20_000])
    b = FellegiSunter(SPECS).fit(pairs[:20_000], u_gamma=random_pairs[:20_000])
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())


def test_log_likelihood_does_not_fall_with_more_iterations(
    simulated: tuple[np.ndarray, np.ndarray],
) -> None:
    pairs, random_pairs = simulated
    values = []
    for max_iter in (1, 2, 5):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = FellegiSunter(SPECS, max_iter=max_iter).fit(
                pairs[:20_000], u_gamma=random_pairs[:20_000]
            )
        values.append(model.log_likelihood_)
    assert values[0] < values[1] < values[2] < 0


# ------------------------------------------------------------------ scoring


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 50), st.integers(0, 2**32 - 1))
def test_match_weight_equals_reference(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    model = _toy_model()
    gamma = np.column_stack(
        [rng.integers(-1, s.n_levels, size=n) for s in model.comparisons]
    ).astype(np.int8)
    expected = naive_match_weight(
        gamma.tolist(),
        [m.tolist() for m in model.m_],
        [u.tolist() for u in model.u_],
        model.lambda_,
    )
    np.testing.assert_allclose(model.match_weight(gamma), expected, rtol=1e-12, atol=1e-12)
    contributions = model.contributions(gamma)
    assert contributions.shape == (n, 2)
    np.testing.assert_allclose(
        contributions.sum(axis=1) + model.prior_weight, model.match_weight(gamma), atol=1e-12
    )
    assert (contributions[gamma == -1] == 0.0).all()


def _toy_model(prior: float = 0.1) -> FellegiSunter:
    specs = [
        ComparisonSpec("a", ["else", "close", "exact"]),
        ComparisonSpec("b", ["else", "exact"]),
    ]
    model = FellegiSunter(specs, prior=prior, max_iter=50)
    pairs = np.array([[2, 1]] * 20 + [[0, 0]] * 70 + [[1, 1]] * 10, dtype=np.int8)
    return model.fit(pairs, u_probabilities={"b": [0.9, 0.1], "a": [0.8, 0.15, 0.05]})


@pytest.mark.parametrize(
    ("gamma", "expected"),
    [
        ([-1, -1], 0.0),  # all null: only the prior
        ([2, -1], "a2"),
        ([-1, 0], "b0"),
        ([2, 1], "a2+b1"),
    ],
)
def test_null_levels_contribute_nothing(gamma: list[int], expected: object) -> None:
    model = _toy_model()
    table = {
        f"{name}{level}": float(np.log2(m[level] / u[level]))
        for name, m, u in zip("ab", model.m_, model.u_, strict=True)
        for level in range(len(m))
    }
    want = sum(table[key] for key in expected.split("+")) if isinstance(expected, str) else 0.0
    (weight,) = model.match_weight(np.array([gamma], dtype=np.int8))
    assert weight == pytest.approx(model.prior_weight + want, abs=1e-12)


def test_match_probability_is_logistic_of_weight() -> None:
    model = _toy_model()
    gamma = np.array([[2, 1], [0, 0], [-1, -1]], dtype=np.int8)
    w = model.match_weight(gamma)
    np.testing.assert_allclose(model.match_probability(gamma), 2.0**w / (1.0 + 2.0**w))
    np.testing.assert_allclose(model.match_probability(gamma[2:]), [0.1])


def test_extreme_weights_give_probabilities_without_warnings() -> None:
    model = _toy_model()
    huge = {"a": np.array([-5000.0, 5000.0])}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = model.match_probability(np.array([[0, 0], [2, 1]], dtype=np.int8), tf_adjustments=huge)
    assert p.tolist() == [0.0, 1.0]


def test_empty_gamma_scores_empty() -> None:
    model = _toy_model()
    empty = np.empty((0, 2), dtype=np.int8)
    assert model.match_weight(empty).shape == (0,)
    assert model.contributions(empty).shape == (0, 2)


def test_parameter_table_lists_every_level() -> None:
    table = _toy_model().parameter_table()
    assert table["comparison"].to_list() == ["a", "a", "a", "b", "b"]
    assert table["label"].to_list() == ["else", "close", "exact", "else", "exact"]
    np.testing.assert_allclose(table["match_weight"], np.log2(table["m"] / table["u"]))


# ------------------------------------------------------------------ term frequencies


@settings(max_examples=60, deadline=None)
@given(
    st.floats(1e-6, 1.0),
    st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=2, max_size=20),
)
def test_rarer_value_never_weighs_less(u_exact: float, frequencies: list[float]) -> None:
    freq = np.sort(np.array(frequencies))
    adjustment = tf_weight_adjustment(u_exact, freq)
    assert (np.diff(adjustment) <= 1e-12).all()
    assert adjustment.max() <= np.log2(u_exact / 1e-6) + 1e-9


@pytest.mark.parametrize(
    ("u_exact", "freq", "expected"),
    [
        (0.01, 0.01, 0.0),
        (0.01, 0.02, -1.0),
        (0.01, 0.0025, 2.0),
        (0.01, 0.0, np.log2(0.01 / 1e-6)),  # floored at min_frequency
        (0.5, float("nan"), 0.0),  # not applicable
    ],
)
def test_tf_weight_adjustment_table(u_exact: float, freq: float, expected: float) -> None:
    assert tf_weight_adjustment(u_exact, [freq])[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("u_exact", "freq", "kwargs"),
    [
        (0.0, [0.1], {}),
        (1.5, [0.1], {}),
        (0.1, [1.2], {}),
        (0.1, [-0.1], {}),
        (0.1, [0.1], {"min_frequency": 0.0}),
    ],
)
def test_tf_weight_adjustment_rejects_bad_input(
    u_exact: float, freq: list[float], kwargs: dict[str, float]
) -> None:
    with pytest.raises(InvalidParameterError):
        tf_weight_adjustment(u_exact, freq, **kwargs)


def test_model_tf_adjustment_applies_to_exact_level_only() -> None:
    model = _toy_model()
    gamma = np.array([[2, 1], [1, 1], [2, -1], [-1, 0]], dtype=np.int8)
    freq = np.array([0.001, 0.001, 0.2, 0.001])
    adjustment = model.tf_adjustment(gamma, "a", freq)
    u_exact = model.u_[0][2]
    np.testing.assert_allclose(
        adjustment, [np.log2(u_exact / 0.001), 0.0, np.log2(u_exact / 0.2), 0.0]
    )
    base = model.match_weight(gamma)
    adjusted = model.match_weight(gamma, tf_adjustments={"a": adjustment})
    np.testing.assert_allclose(adjusted - base, adjustment)
    contributions = model.contributions(gamma, tf_adjustments={"a": adjustment})
    np.testing.assert_allclose(contributions.sum(axis=1) + model.prior_weight, adjusted)
    # A rare name agreed on weighs more than a common one at the same level.
    assert adjusted[0] > adjusted[2] - model.contributions(gamma)[2, 1]


@pytest.mark.parametrize(
    "tf",
    [{"zzz": np.zeros(2)}, {"a": np.zeros(3)}, {"a": np.array([0.0, np.nan])}],
)
def test_bad_tf_adjustments_are_rejected(tf: dict[str, np.ndarray]) -> None:
    with pytest.raises(InvalidParameterError):
        _toy_model().match_weight(np.zeros((2, 2), dtype=np.int8), tf_adjustments=tf)


def test_term_frequencies_per_group_and_kind() -> None:
    names = ["WAYAN", "WAYAN", "SITI", "WAYAN", None, ""]
    region = ["51", "51", "51", "32", "32", "32"]
    expected = [2 / 3, 2 / 3, 1 / 3, 1.0, None, None]
    assert term_frequencies(names, groups=region) == pytest.approx(expected)
    as_polars = term_frequencies(pl.Series("nama", names), groups=region)
    assert isinstance(as_polars, pl.Series) and as_polars.name == "nama"
    as_pandas = term_frequencies(pd.Series(names), groups=pd.Series(region))
    assert isinstance(as_pandas, pd.Series)
    assert as_pandas.iloc[:4].tolist() == pytest.approx(expected[:4])
    assert as_pandas.iloc[4:].isna().all()
    with pytest.raises(InvalidParameterError, match="one entry per value"):
        term_frequencies(names, groups=region[:3])


def test_placeholder_birth_date_weighs_less_than_a_rare_date() -> None:
    dates = ["1960-07-01"] * 6 + ["1960-03-17", "1961-11-02"]
    freq = np.array(term_frequencies(dates), dtype=float)
    adjustment = tf_weight_adjustment(0.2, freq)
    assert adjustment[0] < 0 < adjustment[6]


# ------------------------------------------------------------------ convergence and errors


def test_non_convergence_warns(simulated: tuple[np.ndarray, np.ndarray]) -> None:
    pairs, random_pairs = simulated
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        model = FellegiSunter(SPECS, max_iter=1).fit(pairs[:1000], u_gamma=random_pairs[:1000])
    assert model.n_iter_ == 1 and not model.converged_


def test_convergence_does_not_warn(simulated: tuple[np.ndarray, np.ndarray]) -> None:
    pairs, random_pairs = simulated
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = FellegiSunter(SPECS, max_iter=100).fit(pairs[:50_000], u_gamma=random_pairs)
    assert model.converged_ and 1 < model.n_iter_ < 100


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.match_weight(np.zeros((1, 2), dtype=np.int8)),
        lambda m: m.match_probability(np.zeros((1, 2), dtype=np.int8)),
        lambda m: m.contributions(np.zeros((1, 2), dtype=np.int8)),
        lambda m: m.tf_adjustment(np.zeros((1, 2), dtype=np.int8), "a", [0.1]),
        lambda m: m.parameter_table(),
        lambda m: m.prior_weight,
    ],
)
def test_use_before_fit_raises(call: object) -> None:
    model = FellegiSunter([ComparisonSpec("a", ["x", "y"]), ComparisonSpec("b", ["x", "y"])])
    with pytest.raises(NotFittedError, match="not fitted"):
        call(model)  # type: ignore[operator]
    assert issubclass(NotFittedError, ModelError)


@pytest.mark.parametrize(
    ("gamma", "error", "match"),
    [
        (np.zeros((3, 3), dtype=np.int8), InvalidParameterError, "shape"),
        (np.zeros(3, dtype=np.int8), InvalidParameterError, "shape"),
        (np.array([[3, 0]], dtype=np.int8), InvalidParameterError, "column 0"),
        (np.array([[0, -2]], dtype=np.int8), InvalidParameterError, "column 1"),
        (np.array([[0.5, 0.0]]), InputTypeError, "integer"),
    ],
)
def test_bad_gamma_is_rejected(gamma: np.ndarray, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        _toy_model().match_weight(gamma)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"max_iter": 0}, "max_iter"),
        ({"tol": -1.0}, "tol"),
        ({"fix_u": "yes"}, "fix_u"),
        ({"prior": 1.0}, "prior"),
        ({"u_pseudo_count": 0.0}, "u_pseudo_count"),
        ({"m_init": [[0.5, 0.5]]}, "m_init"),
        ({"m_init": [[0.0, 1.0], [0.5, 0.5]]}, "outside"),
    ],
)
def test_bad_settings_are_rejected(kwargs: dict[str, object], match: str) -> None:
    specs = [ComparisonSpec("a", ["x", "y"]), ComparisonSpec("b", ["x", "y"])]
    with pytest.raises(InvalidParameterError, match=match):
        FellegiSunter(specs, **kwargs).fit([[1, 1]], u_probabilities=[[0.9, 0.1], [0.9, 0.1]])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fit_kwargs", "match"),
    [
        ({}, "no u was given"),
        ({"u_probabilities": [[0.9, 0.1]], "u_gamma": [[0, 0]]}, "not both"),
        ({"u_probabilities": [[1.0, 0.0], [0.5, 0.5]]}, "outside"),
        ({"u_probabilities": [[0.7, 0.1], [0.5, 0.5]]}, "sums to"),
        ({"u_probabilities": {"a": [0.5, 0.5]}}, "no entry"),
        ({"u_gamma": np.empty((0, 2), dtype=np.int8)}, "no rows"),
    ],
)
def test_bad_u_is_rejected(fit_kwargs: dict[str, object], match: str) -> None:
    specs = [ComparisonSpec("a", ["x", "y"]), ComparisonSpec("b", ["x", "y"])]
    with pytest.raises(InvalidParameterError, match=match):
        FellegiSunter(specs).fit([[1, 1]], **fit_kwargs)  # type: ignore[arg-type]


def test_fit_needs_pairs_and_distinct_names() -> None:
    specs = [ComparisonSpec("a", ["x", "y"])]
    with pytest.raises(InvalidParameterError, match="no rows"):
        FellegiSunter(specs).fit(np.empty((0, 1), dtype=np.int8), u_probabilities=[[0.5, 0.5]])
    with pytest.raises(InvalidParameterError, match="distinct"):
        FellegiSunter(specs * 2).fit([[1, 1]], u_probabilities=[[0.5, 0.5]] * 2)


def test_comparison_null_in_every_random_pair_warns() -> None:
    specs = [ComparisonSpec("a", ["x", "y"]), ComparisonSpec("b", ["x", "y"])]
    with pytest.warns(UserWarning, match="null in every random pair"):
        model = FellegiSunter(specs).fit([[1, 1], [0, 0]], u_gamma=[[0, -1], [1, -1]])
    np.testing.assert_allclose(model.u_[1], [0.5, 0.5])


@pytest.mark.parametrize(
    ("name", "levels", "match"),
    [
        ("", ["a", "b"], "name"),
        ("x", ["a"], "at least 2"),
        ("x", ["a", "a"], "distinct"),
        ("x", "ab", "list of strings"),
        ("x", ["a", 1], "string"),
    ],
)
def test_bad_comparison_spec(name: str, levels: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        ComparisonSpec(name, levels)  # type: ignore[arg-type]


# ------------------------------------------------------------------ persistence


def test_save_load_gives_identical_weights(
    fitted: FellegiSunter, tmp_path: Path, simulated: tuple[np.ndarray, np.ndarray]
) -> None:
    path = tmp_path / "model.json"
    fitted.save(path)
    loaded = FellegiSunter.load(path)
    pairs = simulated[0][:10_000]
    assert np.array_equal(loaded.match_weight(pairs), fitted.match_weight(pairs))
    assert loaded.to_dict() == fitted.to_dict()
    assert (loaded.n_iter_, loaded.converged_) == (fitted.n_iter_, fitted.converged_)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["schema_version"] == 1


def test_a_model_equals_its_saved_and_loaded_copies_by_value(
    fitted: FellegiSunter, tmp_path: Path
) -> None:
    """Equal by value, as saved (not by identity): the fitted model, its load, and two
    loads of one file are equal; another m or setting is not."""
    path = tmp_path / "model.json"
    fitted.save(path)
    assert FellegiSunter.load(path) == fitted
    assert FellegiSunter.load(path) == FellegiSunter.load(path)
    moved = FellegiSunter.load(path)
    moved.m_[0] = np.nextafter(moved.m_[0], 1.0)  # numbers compared exactly
    assert moved != fitted
    assert FellegiSunter(SPECS, max_iter=7) != FellegiSunter(SPECS)
    assert FellegiSunter(SPECS) == FellegiSunter(SPECS) and fitted != "a model"
    with pytest.raises(TypeError):  # equal by value and changed by fit(): no hash
        hash(fitted)


def test_unfitted_model_round_trips_settings() -> None:
    specs = [ComparisonSpec("a", ["x", "y"])]
    model = FellegiSunter(specs, max_iter=7, prior=0.3, m_init=[[0.4, 0.6]])
    clone = FellegiSunter.from_dict(model.to_dict())
    assert clone.max_iter == 7 and clone.prior == 0.3 and clone.comparisons == specs
    assert not hasattr(clone, "m_")
    np.testing.assert_allclose(clone.m_init[0], np.array([0.4, 0.6]))  # type: ignore[index]


def _mutations() -> list[tuple[str, object]]:
    def set_path(*keys: object, value: object) -> object:
        def apply(d: dict) -> None:  # type: ignore[type-arg]
            target = d
            for key in keys[:-1]:
                target = target[key]  # type: ignore[index]
            target[keys[-1]] = value  # type: ignore[index]

        return apply

    return [
        ("schema_version", set_path("schema_version", value=2)),
        ("FellegiSunter", set_path("model", value="Other")),
        ("outside", set_path("comparisons", 0, "m", 0, value=1.5)),
        ("outside", set_path("comparisons", 1, "u", 0, value=-0.1)),
        ("values for", set_path("comparisons", 0, "m", value=[0.5, 0.5])),
        ("finite numbers", set_path("comparisons", 0, "u", value="0.5")),
        ("sums to", set_path("comparisons", 0, "m", value=[0.1, 0.1, 0.1, 0.1])),
        ("lambda", set_path("lambda", value="0.1")),
        ("lambda", set_path("lambda", value=0.0)),
        ("fit", set_path("fit", value={"n_iter": 3})),
        ("n_iter", set_path("fit", "n_iter", value=True)),
        ("converged", set_path("fit", "converged", value=1)),
        ("max_iter", set_path("settings", "max_iter", value=-1)),
        ("unknown", set_path("settings", "pickle", value=True)),
        ("distinct", set_path("comparisons", 1, "name", value="nik")),
        ("at least 2", set_path("comparisons", 3, "levels", value=["only"])),
        ("non-empty list", set_path("comparisons", value=[])),
    ]


@pytest.mark.parametrize(("match", "mutate"), _mutations())
def test_tampered_model_is_rejected(
    fitted: FellegiSunter, tmp_path: Path, match: str, mutate: object
) -> None:
    data = json.loads(json.dumps(fitted.to_dict()))
    mutate(data)  # type: ignore[operator]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match=match):
        FellegiSunter.load(path)


@pytest.mark.parametrize(
    "content",
    [b"not json", b"[1, 2]", b'{"schema_version": 1, "lambda": NaN}', b"\xff\xfe\x00", b""],
)
def test_unreadable_model_file_is_a_model_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ModelError):
        FellegiSunter.load(path)


def test_nan_in_model_is_refused_on_load(fitted: FellegiSunter, tmp_path: Path) -> None:
    text = json.dumps(fitted.to_dict()).replace(
        '"lambda": ' + json.dumps(fitted.lambda_), '"lambda": NaN'
    )
    assert "NaN" in text
    path = tmp_path / "nan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError, match="NaN"):
        FellegiSunter.load(path)


def test_missing_model_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        FellegiSunter.load(tmp_path / "absent.json")


def test_exported_members() -> None:
    assert sorted(sidalih.model.__all__) == sorted(
        [
            "ComparisonSpec",
            "ConvergenceWarning",
            "FellegiSunter",
            "SCHEMA_VERSION",
            "term_frequencies",
            "tf_weight_adjustment",
        ]
    )
    for name in sidalih.model.__all__:
        assert hasattr(sidalih.model, name)
