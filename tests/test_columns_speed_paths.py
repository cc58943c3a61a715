"""Code columns built the faster way equal the plain way (sidalih.compare._columns).

``dense_codes`` ranks a text column with few distinct values by ranking the distinct
values and looking rows up, and ``ColumnCache.prefix_codes`` masks missing codes without
ranking the whole column; both must give exactly the codes of ranking every row.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sidalih.compare._columns import SMALL_ROWS, ColumnCache, _blank_as_null, dense_codes


def _ranked_every_row(series: pl.Series) -> np.ndarray:
    """The plain way: blanks as null, then a dense rank of every row."""
    series = _blank_as_null(series)
    ranks = series.rank("dense")
    return (ranks.cast(pl.Int64).fill_null(0) - 1).to_numpy().astype(np.int64)


_VALUES = st.one_of(st.none(), st.sampled_from(["", " ", "3201", "3201 ", "32011", "a", "é",
                                                 "3271011001", "3271011002", "\t3201"]),
                    st.text(alphabet="0123 ab\t", max_size=6))


@settings(max_examples=60, deadline=None)
@given(st.lists(_VALUES, min_size=1, max_size=12), st.integers(1, 40))
def test_few_distinct_values_rank_as_every_row(values: list[str | None], repeat: int) -> None:
    # long enough to leave the short-column path, with few distinct values
    rows = (values * (SMALL_ROWS // len(values) + 2) * repeat)[: SMALL_ROWS * repeat + 7]
    series = pl.Series(rows, dtype=pl.String)
    assert np.array_equal(dense_codes(series), _ranked_every_row(series))


def test_many_distinct_values_rank_as_every_row() -> None:
    rng = np.random.default_rng(0)
    values = [None if k % 97 == 0 else f"{x:016d}" for k, x in
              enumerate(rng.integers(0, 10**15, SMALL_ROWS * 4))]
    series = pl.Series(values, dtype=pl.String)
    assert np.array_equal(dense_codes(series), _ranked_every_row(series))


@settings(max_examples=40, deadline=None)
@given(st.lists(_VALUES, min_size=1, max_size=12), st.integers(1, 3))
def test_prefix_codes_mask_a_missing_code_as_the_full_rank_did(values: list[str | None],
                                                               repeat: int) -> None:
    rows = (values * (SMALL_ROWS // len(values) + 2) * repeat)[: SMALL_ROWS * repeat + 3]
    frame = pl.DataFrame({"code": pl.Series(rows, dtype=pl.String)})
    got = ColumnCache(frame).prefix_codes("code", (2, 4))
    text = frame["code"]
    want = np.stack([dense_codes(text.str.slice(0, n)) for n in (2, 4)], axis=1)
    want[_ranked_every_row(text) < 0, :] = -1
    assert np.array_equal(got, want)
