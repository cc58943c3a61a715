"""The 1M run's faster train and score steps give exactly what the code they replaced gave.

Each replaced piece is kept here as it was, and hypothesis makes old and new agree bit
for bit:

* the name and string level kernels ask for the rows of a pair some pairs ahead
  (``sidalih.kernels._jaro._prefetch``): levels of random pairs over many rows, in any
  order and of any count (fewer pairs than the distance too), against one pair at a
  time;
* a term frequency computed once per row and read per pair
  (:func:`sidalih.kernels.codes.gather_at_level`) against the per-pair computation;
* the village-size adjustment read in one pass against the masks it replaced.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sidalih.compare import ColumnCache
from sidalih.compare._methods import METHODS
from sidalih.engine import _tf
from sidalih.engine._model import Model
from sidalih.kernels.codes import gather_at_level

_NAMES = ["SITI AMINAH", "SITI", "AMINAH SITI", "SITI NUR AMINAH", "BUDI", "BUDI SANTOSO",
          "BUDY SANTOSO", "M RIDWAN", "MUHAMMAD RIDWAN", "", " ", "WAYAN", "WAYAN SUDARTA"]


def _bits(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a).view(np.uint8)


@st.composite
def _name_pairs(draw: st.DrawFn) -> tuple[list[str | None], np.ndarray, np.ndarray]:
    values = draw(st.lists(st.one_of(st.none(), st.sampled_from(_NAMES),
                                     st.text(alphabet="ABDIMNSTU ", max_size=14)),
                           min_size=2, max_size=60))
    n_pairs = draw(st.integers(0, 40))
    rows = st.integers(0, len(values) - 1)
    left = np.array(draw(st.lists(rows, min_size=n_pairs, max_size=n_pairs)), dtype=np.int64)
    right = np.array(draw(st.lists(rows, min_size=n_pairs, max_size=n_pairs)), dtype=np.int64)
    return values, left, right


@settings(max_examples=60, deadline=None)
@given(_name_pairs(), st.sampled_from(["name", "string"]))
def test_levels_with_rows_asked_ahead_are_the_levels_of_each_pair_alone(
        case: tuple[list[str | None], np.ndarray, np.ndarray], method: str) -> None:
    # one pair per call never reads ahead (nothing follows it), so it is the reference
    from sidalih import compare

    values, left, right = case
    comparison = (compare.name("nama") if method == "name"
                  else compare.string("nama", thresholds=(0.88,)))
    cache = ColumnCache(pl.DataFrame({"nama": values}, schema={"nama": pl.String}))
    levels = METHODS[method].levels(comparison, cache, left, right)
    alone = [METHODS[method].levels(comparison, cache, left[p:p + 1], right[p:p + 1])
             for p in range(len(left))]
    expected = np.concatenate(alone) if alone else np.empty(0, np.int8)
    assert levels.tolist() == expected.tolist()


def test_levels_of_random_pairs_over_many_rows_match_sorted_pairs() -> None:
    # random rows far apart (the u sample); the same pairs sorted by row read no row
    # ahead that matters, and a level does not depend on a pair's neighbours
    from sidalih import compare

    rng = np.random.default_rng(7)
    names = np.array(_NAMES + [None], dtype=object)[rng.integers(0, len(_NAMES) + 1, 20_000)]
    cache = ColumnCache(pl.DataFrame({"nama": names.tolist()}, schema={"nama": pl.String}))
    left = rng.integers(0, 20_000, 50_000)
    right = rng.integers(0, 20_000, 50_000)
    order = np.lexsort((right, left))
    for method, comparison in (("name", compare.name("nama")),
                               ("string", compare.string("nama", thresholds=(0.88,)))):
        levels = METHODS[method].levels(comparison, cache, left, right)
        in_order = METHODS[method].levels(comparison, cache, np.ascontiguousarray(left[order]),
                                          np.ascontiguousarray(right[order]))
        assert np.array_equal(levels[order], in_order)


def _gamma(draw: st.DrawFn, n_pairs: int, n_levels: int, width: int) -> np.ndarray:
    cells = draw(st.lists(st.integers(-1, n_levels - 1), min_size=n_pairs * width,
                          max_size=n_pairs * width))
    return np.array(cells, dtype=np.int8).reshape(n_pairs, width)


@st.composite
def _tf_case(draw: st.DrawFn) -> dict[str, object]:
    n_rows = draw(st.integers(1, 12))
    n_pairs = draw(st.integers(n_rows, 40))  # as many pairs as rows: the per-row way
    freq = draw(st.lists(st.one_of(st.floats(0.0, 1.0), st.just(float("nan")),
                                   st.just(1e-9)), min_size=n_rows, max_size=n_rows))
    rows = st.integers(0, n_rows - 1)
    return {
        "gamma": _gamma(draw, n_pairs, 4, 3),
        "left": np.array(draw(st.lists(rows, min_size=n_pairs, max_size=n_pairs)), np.int64),
        "freq": np.array(freq, dtype=np.float64),
        "which": np.array(draw(st.lists(st.integers(0, 1), min_size=n_rows,
                                        max_size=n_rows)), np.int64),
        "u": np.array(draw(st.lists(st.floats(1e-6, 1.0), min_size=8, max_size=8)),
                      np.float64).reshape(2, 4),
        "shift": draw(st.sampled_from([0.0, 0.75, -1.5])),
        "j": draw(st.integers(0, 2)),
        "level": draw(st.integers(0, 3)),
    }


def _tf_as_it_was(gamma: np.ndarray, j: int, row_freq: np.ndarray, left: np.ndarray,
                  level: int, reference: tuple[np.ndarray, np.ndarray], *,
                  shift: float = 0.0) -> np.ndarray:
    """``engine._tf._tf_at`` before the per-row way (its slices are one whole slice here)."""
    out = np.zeros(gamma.shape[0], dtype=np.float64)
    u_rows, which = reference
    u_level = u_rows[:, level]
    rows = np.flatnonzero(gamma[:, j] == level)
    by_row = left[rows]
    out[rows] = _tf.tf_weight_adjustment(1.0, row_freq[by_row]) + np.log2(
        u_level[which[by_row]])
    if shift:
        out[rows] += shift
    return out


@settings(max_examples=150, deadline=None)
@given(_tf_case())
def test_term_frequency_per_row_is_the_per_pair_float(case: dict[str, object]) -> None:
    gamma, left, freq = case["gamma"], case["left"], case["freq"]
    assert isinstance(gamma, np.ndarray) and isinstance(left, np.ndarray)
    assert isinstance(freq, np.ndarray)
    reference = (case["u"], case["which"])
    args = (gamma, case["j"], freq, left, case["level"], reference)
    expected = _tf_as_it_was(*args, shift=case["shift"])  # type: ignore[arg-type]
    got = _tf._tf_at(*args, shift=case["shift"])  # type: ignore[arg-type]
    assert np.array_equal(_bits(got), _bits(expected))


def test_term_frequency_of_a_few_pairs_in_a_long_list_goes_per_pair() -> None:
    # an explanation scores a handful of pairs of a million rows: no per-row pass
    rng = np.random.default_rng(3)
    freq = rng.random(1_000)
    gamma = np.array([[2], [1], [2]], dtype=np.int8)
    left = np.array([5, 7, 999], dtype=np.int64)
    reference = (np.array([[0.2, 0.1, 0.01]] * 2), np.zeros(1_000, np.int64))
    got = _tf._tf_at(gamma, 0, freq, left, 2, reference)
    expected = _tf_as_it_was(gamma, 0, freq, left, 2, reference)
    assert np.array_equal(_bits(got), _bits(expected))
    assert got[1] == 0.0 and got[0] != 0.0


def test_a_frequency_outside_zero_one_is_refused_only_where_a_pair_reads_it() -> None:
    freq = np.array([0.5, 7.0, 0.25])  # row 1 is read by no pair at the level
    gamma = np.array([[1], [1], [0], [1]], dtype=np.int8)
    left = np.array([0, 2, 1, 0], dtype=np.int64)
    reference = (np.array([[0.5, 0.1]] * 2), np.zeros(3, np.int64))
    got = _tf._tf_at(gamma, 0, freq, left, 1, reference)
    assert np.array_equal(_bits(got), _bits(_tf_as_it_was(gamma, 0, freq, left, 1, reference)))


def _village_as_it_was(gamma: np.ndarray, left: np.ndarray, row: np.ndarray, j: int, top: int,
                       card: int | None, card_top: int) -> np.ndarray:
    out = np.zeros(gamma.shape[0], dtype=np.float64)
    same = gamma[:, j] == top
    if card is not None:
        same &= gamma[:, card] != card_top
    rows = np.flatnonzero(same)
    out[rows] = row[left[rows]]
    return out


@st.composite
def _village_case(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, int | None]:
    n_rows = draw(st.integers(1, 10))
    n_pairs = draw(st.integers(0, 30))
    row = np.array(draw(st.lists(st.one_of(st.floats(-5, 5), st.just(float("nan")),
                                           st.just(-0.0)), min_size=n_rows, max_size=n_rows)))
    left = np.array(draw(st.lists(st.integers(0, n_rows - 1), min_size=n_pairs,
                                  max_size=n_pairs)), np.int64)
    return _gamma(draw, n_pairs, 4, 2), left, row, draw(st.sampled_from([None, 1]))


@settings(max_examples=100, deadline=None)
@given(_village_case())
def test_village_adjustment_in_one_pass_is_what_the_masks_gave(
        case: tuple[np.ndarray, np.ndarray, np.ndarray, int | None]) -> None:
    gamma, left, row, card = case
    expected = _village_as_it_was(gamma, left, row, 0, 3, card, 1)
    got = gather_at_level(gamma, 0, 3, -1 if card is None else card, 1, left, row)
    assert np.array_equal(_bits(got), _bits(expected))


def test_village_adjustments_of_a_model_match_the_masks() -> None:
    from sidalih import compare

    records = pl.DataFrame({"kode_desa": ["3201010001", "3201010001", "3201010002", None,
                                          "3201010002", "3201010002"],
                            "nkk": ["1", "1", "2", "3", "4", "2"]})
    model = Model.untrained([compare.code_prefix("kode_desa", lengths=(4, 6, 10)),
                             compare.exact("nkk", role="family_card")])
    model.options["village_sizes"] = {"comparison": "kode_desa",
                                      "sizes": {"3201010001": 2, "3201010002": 3}}
    gamma = np.array([[3, 1], [3, 0], [2, 0], [-1, 0], [3, 0]], dtype=np.int8)
    left = np.array([0, 1, 2, 3, 4], dtype=np.int64)
    got: Iterator[tuple[str, np.ndarray]] = _tf.village_adjustments(
        model, ColumnCache(records), gamma, left)
    ((name, adjustment),) = list(got)
    pooled = (2 * 1 + 3 * 2) / (2 + 3)
    row = np.array([np.log2(pooled / 1), np.log2(pooled / 1), np.log2(pooled / 2), np.nan,
                    np.log2(pooled / 2), np.log2(pooled / 2)])
    assert name == "kode_desa"
    assert np.array_equal(_bits(adjustment), _bits(_village_as_it_was(gamma, left, row, 0, 3, 1, 1)))


@st.composite
def _scoring_case(draw: st.DrawFn) -> dict[str, np.ndarray]:
    n_pairs = draw(st.integers(0, 30))
    width, n_levels, n_terms, n_cond = 3, 4, draw(st.integers(0, 3)), 2
    floats = st.floats(-20, 20, allow_nan=False)

    def array(shape: tuple[int, ...], elements: st.SearchStrategy[object],
              dtype: type) -> np.ndarray:
        size = int(np.prod(shape))
        return np.array(draw(st.lists(elements, min_size=size, max_size=size)),
                        dtype=dtype).reshape(shape)

    return {
        "gamma": _gamma(draw, n_pairs, n_levels, width),
        "table": array((width, n_levels + 1), floats, np.float64),
        "js": array((n_terms,), st.integers(0, width - 1), np.int64),
        "given": array((n_terms, n_cond), st.integers(0, width - 1), np.int64),
        "n_given": array((n_terms,), st.integers(0, n_cond), np.int64),
        "applies": array((n_terms, n_cond, n_levels + 1), st.booleans(), np.bool_),
        "delta": array((n_terms, n_cond, n_levels), floats, np.float64),
    }


def _conditionals_as_they_were(out: np.ndarray, case: dict[str, np.ndarray]) -> None:
    gamma = case["gamma"]
    for i in range(gamma.shape[0]):
        for t in range(case["js"].shape[0]):
            level = int(gamma[i, case["js"][t]])
            if level < 0:
                continue
            for k in range(int(case["n_given"][t])):
                if case["applies"][t, k, int(gamma[i, case["given"][t, k]]) + 1]:
                    out[i] += case["delta"][t, k, level]
                    break


@settings(max_examples=100, deadline=None)
@given(_scoring_case())
def test_weights_on_every_core_are_the_serial_floats(case: dict[str, np.ndarray]) -> None:
    from sidalih.model import _kernels

    gamma = case["gamma"]
    expected = np.empty(gamma.shape[0], dtype=np.float64)
    for i, row in enumerate(gamma):
        total = 0.5
        for j in range(3):
            total += float(case["table"][j, int(row[j]) + 1])
        expected[i] = total
    for score in (_kernels._score_serial, _kernels._score_parallel):
        got = score(gamma, case["table"], 0.5)
        # the serial sum in order is the reference: the same floats, not just close ones
        assert np.array_equal(_bits(got), _bits(expected))
    terms = (case["js"], case["given"], case["n_given"], case["applies"], case["delta"])
    reference = expected.copy()
    _conditionals_as_they_were(reference, case)
    for add in (_kernels._conditionals_serial, _kernels._conditionals_parallel):
        out = expected.copy()
        add(out, gamma, *terms)
        assert np.array_equal(_bits(out), _bits(reference))


def test_weights_of_many_pairs_take_the_parallel_path_and_its_floats() -> None:
    from sidalih.model import _kernels

    rng = np.random.default_rng(11)
    n = _kernels.PARALLEL_ROWS + 17
    gamma = rng.integers(-1, 4, size=(n, 3)).astype(np.int8)
    table = rng.normal(size=(3, 5)) * 7
    serial = _kernels._score_serial(gamma, table, -3.25)
    assert np.array_equal(_bits(_kernels.score_gamma(gamma, table, -3.25)), _bits(serial))
    terms = (np.array([0, 2]), np.array([[1, 2], [0, 0]]), np.array([2, 1]),
             rng.random((2, 2, 5)) < 0.5, rng.normal(size=(2, 2, 4)))
    fused = serial.copy()
    _kernels.add_conditionals(fused, gamma, *terms)
    reference = serial.copy()
    _kernels._conditionals_serial(reference, gamma, *terms)
    assert np.array_equal(_bits(fused), _bits(reference))


def _patterns_as_they_were(gamma: np.ndarray, n_levels: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """``model._patterns.count_patterns``'s dense way before the codes were counted in place."""
    from sidalih.model._kernels import encode_patterns
    from sidalih.model._patterns import _strides

    strides = _strides(n_levels)
    assert strides is not None
    codes = encode_patterns(gamma, strides)
    dense = np.bincount(codes, minlength=int(strides[0]) * (n_levels[0] + 1))
    unique = np.flatnonzero(dense).astype(np.int64)
    radix = np.asarray(n_levels, dtype=np.int64) + 1
    patterns = (unique[:, None] // strides[None, :]) % radix[None, :] - 1
    return patterns.astype(np.int8), dense[unique].astype(np.int64)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=5), st.data())
def test_pattern_counts_without_the_codes_are_the_counts_of_the_codes(
        n_levels: list[int], data: st.DataObject) -> None:
    from sidalih.model._patterns import count_patterns

    n_pairs = data.draw(st.integers(1, 50))
    cells = [data.draw(st.integers(-1, n_levels[j % len(n_levels)] - 1))
             for j in range(n_pairs * len(n_levels))]
    gamma = np.array(cells, dtype=np.int8).reshape(n_pairs, len(n_levels))
    patterns, counts = count_patterns(gamma, n_levels)
    old_patterns, old_counts = _patterns_as_they_were(gamma, n_levels)
    assert np.array_equal(patterns, old_patterns) and np.array_equal(counts, old_counts)
    assert counts.dtype == np.int64 and patterns.dtype == np.int8


def _ranked(series: pl.Series) -> np.ndarray:
    """``compare._columns.dense_codes`` of a non-text column as it was: polars' dense rank."""
    ranks = series.rank("dense")
    return (ranks.cast(pl.Int64).fill_null(0) - 1).to_numpy().astype(np.int64, copy=False)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-70_000, 70_000)), max_size=40),
       st.sampled_from([pl.Int64, pl.Int32, pl.Int16, pl.UInt32, pl.UInt8, pl.Date,
                        pl.Datetime("us"), pl.Duration("ms")]))
def test_codes_counted_are_the_codes_ranked(values: list[int | None], dtype: pl.DataType) -> None:
    from sidalih.compare._columns import dense_codes

    if dtype in (pl.UInt32, pl.UInt8):
        values = [None if v is None else abs(v) % (256 if dtype == pl.UInt8 else 2**32)
                  for v in values]
    elif dtype == pl.Int16:
        values = [None if v is None else v % 30_000 for v in values]
    series = pl.Series("x", values, dtype=pl.Int64).cast(dtype)
    got = dense_codes(series)
    assert got.dtype == np.int64
    assert got.tolist() == _ranked(series).tolist()


def test_codes_of_a_wide_range_are_still_ranked() -> None:
    from sidalih.compare._columns import dense_codes

    series = pl.Series("x", [10**15, None, -(10**15), 3, 3])
    assert dense_codes(series).tolist() == _ranked(series).tolist() == [2, -1, 0, 1, 1]


_TEXT = st.one_of(st.none(), st.sampled_from(["", " ", "SITI", " SITI", "SITI ", "\u00a0SITI",
                                               "SITI\u3000", "\tBUDI", "BUDI", "b\u00e9", "\u00e9",
                                               "\x1fX", "X\x1f", "WAYAN SUDARTA"]),
                  st.text(alphabet="AB \t\u00a0\u2003\u00e9", max_size=5))


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=30), st.integers(0, 10_000))
def test_text_codes_from_the_encoded_strings_are_the_stripped_codes(
        values: list[str | None], seed: int) -> None:
    from sidalih.compare._columns import SMALL_ROWS, equality_codes

    # past the short-column path: the encoded strings' ids where nothing strips
    rows = np.random.default_rng(seed).integers(0, len(values), SMALL_ROWS + 50)
    series = pl.Series("x", [values[i] for i in rows], dtype=pl.String)
    cache = ColumnCache(series.to_frame())
    assert cache.codes("x").tolist() == equality_codes(series).tolist()


def test_text_codes_share_the_string_ids_when_nothing_strips() -> None:
    from sidalih.compare._columns import SMALL_ROWS, equality_codes

    series = pl.Series("x", ["SITI", None, "BUDI", "", "SITI"] * SMALL_ROWS)
    cache = ColumnCache(series.to_frame())
    codes = cache.codes("x")
    assert codes is cache.string_ids("x")
    assert codes.tolist() == equality_codes(series).tolist()
    spaced = ColumnCache(pl.Series("x", ["SITI ", "SITI"] * SMALL_ROWS).to_frame())
    assert spaced.codes("x").tolist() == [0, 0] * SMALL_ROWS


def _prefix_codes_as_they_were(text: pl.Series, lengths: tuple[int, ...]) -> np.ndarray:
    """``ColumnCache.prefix_codes`` of a long text column as it was (polars, row by row)."""
    from sidalih.compare._columns import _blank_as_null, dense_codes

    columns = [dense_codes(text.str.slice(0, n)) for n in lengths]
    out = np.stack(columns, axis=1)
    out[_blank_as_null(text).is_null().to_numpy(), :] = -1
    return out


_CODES = st.one_of(st.none(), st.sampled_from(["3201010001", "3201010002", "3201020001",
                                                "3202010001", "", "  ", " 3201", "32 01", "32",
                                                "3201\u00a0", "\u00e9301", "3201010001 "]),
                   st.text(alphabet="0123 \u00a0\u00e9", max_size=6))


@settings(max_examples=60, deadline=None)
@given(st.lists(_CODES, min_size=1, max_size=25), st.integers(0, 10_000),
       st.sampled_from([(4, 6, 10), (2,), (1, 3), (6,)]))
def test_prefix_codes_by_distinct_value_are_the_codes_row_by_row(
        values: list[str | None], seed: int, lengths: tuple[int, ...]) -> None:
    from sidalih.compare._columns import SMALL_ROWS

    rows = np.random.default_rng(seed).integers(0, len(values), SMALL_ROWS + 200)
    text = pl.Series("x", [values[i] for i in rows], dtype=pl.String)
    got = ColumnCache(text.to_frame()).prefix_codes("x", lengths)
    assert got.tolist() == _prefix_codes_as_they_were(text, lengths).tolist()


def test_prefix_codes_of_a_column_of_many_values_stay_row_by_row() -> None:
    from sidalih.compare._columns import SMALL_ROWS

    text = pl.Series("x", [f"{i:010d}" for i in range(SMALL_ROWS + 10)] + [None])
    cache = ColumnCache(text.to_frame())
    assert cache.prefix_codes("x", (8,)).tolist() == _prefix_codes_as_they_were(text, (8,)).tolist()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["SITI", "BUDI", "WAYAN", "AMINAH"])),
                min_size=1, max_size=8),
       st.lists(st.one_of(st.none(), st.sampled_from(["3201", "3202", "3273"])), min_size=1,
                max_size=4),
       st.floats(0.0, 1.0), st.integers(0, 10_000), st.sampled_from(["text", "date", "int"]),
       st.booleans())
def test_frequencies_counted_from_codes_are_the_polars_windows(
        names: list[str | None], regencies: list[str | None], crowd: float, seed: int,
        kind: str, with_regency: bool) -> None:
    from sidalih.compare._columns import SMALL_ROWS

    rng = np.random.default_rng(seed)
    n = SMALL_ROWS + 300
    # a share of the rows in one regency: at or past the 1,000 rows a regency needs
    regency = np.where(rng.random(n) < crowd, 0, rng.integers(0, len(regencies), n))
    values = [names[i] for i in rng.integers(0, len(names), n)]
    frame = pl.DataFrame({"v": values, "kode_kab": [regencies[i] for i in regency]},
                         schema={"v": pl.String, "kode_kab": pl.String})
    if kind != "text":
        number = pl.col("v").rank("dense").cast(pl.Int32)
        frame = frame.with_columns(number.cast(pl.Date) if kind == "date" else number)
    if not with_regency:
        frame = frame.drop("kode_kab")
    cache = ColumnCache(frame)
    cache.strings("v") if kind == "text" else cache.codes("v")
    counted = _tf._counted_frequency(cache, "v")
    assert counted is not None
    expected = _tf._value_frequency(frame, "v")  # the polars windows
    assert np.array_equal(_bits(counted), _bits(expected))
    assert np.array_equal(_bits(_tf._value_frequency(frame, "v", cache=cache)), _bits(expected))


def test_frequencies_of_a_list_with_a_blank_value_stay_with_polars() -> None:
    from sidalih.compare._columns import SMALL_ROWS

    frame = pl.DataFrame({"v": ["SITI", " ", None] * SMALL_ROWS})
    assert _tf._counted_frequency(ColumnCache(frame), "v") is None
    got = _tf._value_frequency(frame, "v", cache=ColumnCache(frame))
    assert got[:3].tolist() == [1 / 3, 1 / 3, 1.0]


def test_frequencies_of_regencies_just_at_and_below_the_rows_needed() -> None:
    # 1,000 rows: counted within the regency; 999: in the whole list
    names = ["SITI", "BUDI", None, "SITI"]
    frame = pl.DataFrame({
        "v": [names[i % 4] for i in range(1_999)] + ["WAYAN"],
        "kode_kab": ["3201"] * 1_000 + ["3202"] * 999 + [None],
    })
    cache = ColumnCache(frame)
    counted = _tf._counted_frequency(cache, "v")
    assert counted is not None
    assert np.array_equal(_bits(counted), _bits(_tf._value_frequency(frame, "v")))
    assert counted[0] == 500 / 1_000 and counted[1_000] == 999 / 2_000


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 60), st.integers(1, 8), st.integers(1, 7), st.integers(0, 2**32 - 1),
       st.sampled_from([(-1, 6), (-128, 128), (-3, 1)]))
def test_column_ranges_from_tables_per_core_are_numpys(n: int, k: int, parts: int, seed: int,
                                                       bounds: tuple[int, int]) -> None:
    from sidalih.model import _kernels

    gamma = np.random.default_rng(seed).integers(*bounds, size=(n, k)).astype(np.int8)
    low, high = _kernels._ranges_of(_kernels._seen_parallel(gamma, parts))
    assert np.array_equal(low, gamma.min(axis=0)) and np.array_equal(high, gamma.max(axis=0))


def test_column_ranges_of_many_pairs_take_the_tables_per_core() -> None:
    from sidalih.model import _kernels

    rng = np.random.default_rng(5)
    gamma = rng.integers(-1, 4, size=(_kernels.PARALLEL_ROWS + 3, 4)).astype(np.int8)
    gamma[-1, 2] = 9  # only in the last part's rows
    low, high = _kernels.column_ranges(gamma)
    assert low.tolist() == gamma.min(axis=0).tolist() and high.tolist() == [3, 3, 9, 3]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 400), st.integers(0, 2**32 - 1), st.booleans(), st.booleans(),
       st.lists(st.sampled_from([-1, 0, 1, 2, 3, 4]), min_size=5, max_size=5, unique=True))
def test_verdicts_on_every_core_are_the_serial_verdicts(
        n: int, seed: int, check_gap: bool, with_years: bool, cols: list[int]) -> None:
    from sidalih.engine._judgement import _CODES, _FAMILY_YEAR_GAP
    from sidalih.kernels import verdicts as kernels

    rng = np.random.default_rng(seed)
    gamma = rng.integers(-1, 7, size=(n, 5)).astype(np.int8)
    flags = rng.integers(0, 64, n).astype(np.int8)  # every flag bit, REAL_NEAR (32) too
    years = (rng.integers(0, 2010, 50).astype(np.int32) if with_years
             else np.empty(0, np.int32))
    left, right = rng.integers(0, 50, n), rng.integers(0, 50, n)
    args = (gamma, np.array(cols, dtype=np.int64), _CODES, 6, flags, check_gap, years, left,
            right, _FAMILY_YEAR_GAP)
    serial = np.full(n, -9, np.int8)
    kernels._verdicts_serial(*args, serial)
    parallel = np.full(n, -9, np.int8)
    kernels._verdicts_parallel(*args, parallel)
    assert np.array_equal(serial, parallel)
    assert not (serial == -9).any()


_DIGITS = st.one_of(st.none(), st.sampled_from(["", " ", "3201", "320101", "3201011505900001",
                                                 "32", "3", "32011", "1200", "123", "12"]),
                    st.text(alphabet="0123456789", min_size=1, max_size=8))


@settings(max_examples=60, deadline=None)
@given(st.lists(_DIGITS, min_size=1, max_size=40), st.integers(0, 10_000),
       st.sampled_from([(6,), (2, 4), (1, 3, 6), (4,)]), st.sampled_from([None, " 32", "3A", "x"]))
def test_digit_prefix_codes_by_counting_are_the_codes_row_by_row(
        values: list[str | None], seed: int, lengths: tuple[int, ...], odd: str | None) -> None:
    from sidalih.compare._columns import SMALL_ROWS

    # many distinct values (NIKs): past the distinct-value way, to the counting one
    rows = np.random.default_rng(seed).integers(0, len(values), SMALL_ROWS + 200)
    column = [values[i] for i in rows] + [f"{i:016d}" for i in range(SMALL_ROWS)]
    if odd is not None:
        column[seed % len(column)] = odd  # not digits at the start: the polars way
    text = pl.Series("x", column, dtype=pl.String)
    got = ColumnCache(text.to_frame()).prefix_codes("x", lengths)
    assert got.tolist() == _prefix_codes_as_they_were(text, lengths).tolist()
