"""The blocking stage's fast paths give exactly what the paths they replaced gave.

* ``sort_pairs`` (a counting sort by row, spans shared among threads, optionally over its
  inputs) against the packed int64 key sorted by polars that it replaced;
* :func:`emit_new` + :func:`close_gaps` (check and write in one pass) against the serial
  :func:`emit_pairs`, on whole rules and on chunks cut anywhere;
* :func:`plan_rules` (every rule's keys in one polars pass, hashed in threads) against
  :func:`plan_rule` called rule by rule, and the errors of bad keys unchanged;
* :func:`hash_blocks` (radix on the top 24 hash bits) against a stable argsort;
* the result whatever the number of threads;
* :func:`birthplace_key` (each distinct place read once) against the place read row by
  row (:func:`birthplace_key_of`), and through a saved model's JSON.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sidalih.blocking import block_on, candidate_pairs, iter_candidate_pairs
from sidalih.blocking._pairs import _layout
from sidalih.blocking._plan import plan_rule, plan_rules
from sidalih.blocking._resolve import resolve_rules
from sidalih.engine._run import sort_pairs
from sidalih.errors import InputTypeError, InvalidParameterError
from sidalih.kernels.blocking_sort import hash_blocks, sort_pair_rows
from sidalih.kernels.pairs import anchor_counts, build_order, close_gaps, emit_new, emit_pairs

# ---------------------------------------------------------------- sort_pairs


def packed_sort(
    left: np.ndarray, right: np.ndarray, rule: np.ndarray, n_rows: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``sort_pairs`` as it was: one int64 key (left, right, rule) per pair, polars sort."""
    key = (left * n_rows + right) * 128 + rule.astype(np.int64)
    key = pl.Series(key).sort().to_numpy()
    pair = key // 128
    return pair // n_rows, pair % n_rows, (key % 128).astype(np.int8)


@st.composite
def pair_lists(draw: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    n_rows = draw(st.integers(1, 5_000))
    n = draw(st.integers(1, 3_000))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    # few distinct left rows make long rows (merge sort), repeats make equal pairs
    lefts = rng.integers(0, n_rows, draw(st.integers(1, 60)))
    left = rng.choice(lefts, n)
    right = rng.integers(0, draw(st.integers(1, n_rows)), n)
    rule = rng.integers(0, draw(st.integers(1, 127)), n).astype(np.int8)
    return left.astype(np.int64), right.astype(np.int64), rule, n_rows


@settings(max_examples=150, deadline=None)
@given(pair_lists(), st.sampled_from([1, 3, 64, 1_024]), st.integers(1, 5))
def test_counting_sort_gives_the_packed_sort(pairs: Any, span: int, threads: int) -> None:
    left, right, rule, n_rows = pairs
    expected = packed_sort(left, right, rule, n_rows)
    got = sort_pair_rows(left, right, rule, n_rows, span=span, threads=threads)
    assert got is not None
    for g, e in zip(got, expected, strict=True):
        assert g.dtype == e.dtype
        assert g.tolist() == e.tolist()
    public = sort_pairs(left, right, rule, n_rows)
    assert all(g.tolist() == e.tolist() for g, e in zip(public, expected, strict=True))


@settings(max_examples=50, deadline=None)
@given(pair_lists())
def test_sort_pairs_can_write_over_its_inputs(pairs: Any) -> None:
    left, right, rule, n_rows = pairs
    expected = packed_sort(left, right, rule, n_rows)
    got = sort_pairs(left, right, rule, n_rows, overwrite=True)
    assert all(g is i for g, i in zip(got, (left, right, rule), strict=True))
    assert all(g.tolist() == e.tolist() for g, e in zip(got, expected, strict=True))


def test_sort_pairs_overwrites_nothing_shared_or_read_only() -> None:
    both = np.array([3, 1, 2, 0], np.int64)  # one array as left and right
    rule = np.zeros(4, np.int8)
    got = sort_pairs(both, both, rule, 4, overwrite=True)
    assert both.tolist() == [3, 1, 2, 0] and got[0].tolist() == [0, 1, 2, 3]
    frozen = np.array([1, 0], np.int64)
    frozen.flags.writeable = False
    got = sort_pairs(frozen, np.array([2, 3]), np.array([0, 1], np.int8), 4, overwrite=True)
    assert frozen.tolist() == [1, 0] and got[0].tolist() == [0, 1]


def test_a_row_with_thousands_of_unsorted_partners_is_sorted() -> None:
    rng = np.random.default_rng(1)
    right = rng.permutation(6_000).astype(np.int64)
    left = np.zeros(right.size, np.int64)
    rule = rng.integers(0, 12, right.size).astype(np.int8)
    got = sort_pairs(left, right, rule, 6_001)
    expected = packed_sort(left, right, rule, 6_001)
    assert all(g.tolist() == e.tolist() for g, e in zip(got, expected, strict=True))


@pytest.mark.parametrize(("left", "right", "rule"), [(5, 1, 0), (-1, 1, 0), (1, 5, 0), (1, -1, 0),
                                                    (1, 2, -1)])  # fmt: skip
def test_sort_pairs_refuses_rows_outside_the_list(left: int, right: int, rule: int) -> None:
    pairs = np.array([0, left]), np.array([1, right]), np.array([0, rule], np.int8)
    with pytest.raises(InvalidParameterError, match=r"rows must lie in \[0, 5\)"):
        sort_pairs(*pairs, 5)


# ---------------------------------------------------------------- emit_new vs emit_pairs


@st.composite
def rule_tables(draw: Any) -> tuple[np.ndarray, np.ndarray, list[int], int | None]:
    n = draw(st.integers(0, 40))
    n_rules = draw(st.integers(1, 4))
    blk = np.full((n_rules, n), -1, dtype=np.int32)
    pos = np.full((n_rules, n), -1, dtype=np.int32)
    n_blocks = []
    for r in range(n_rules):
        raw = draw(st.lists(st.integers(-1, 5), min_size=n, max_size=n))
        ids = {v: i for i, v in enumerate(dict.fromkeys(v for v in raw if v >= 0))}
        blk[r] = [ids.get(v, -1) for v in raw]
        n_blocks.append(len(ids))
        for b in range(len(ids)):
            rows = np.flatnonzero(blk[r] == b)
            if draw(st.booleans()):
                pos[r, rows] = draw(st.permutations(range(rows.size)))
    n_left = draw(st.integers(0, n)) if draw(st.booleans()) else None
    return blk, pos, n_blocks, n_left


@settings(max_examples=150, deadline=None)
@given(rule_tables(), st.integers(2, 5), st.data())
def test_emit_new_gives_emit_pairs_on_any_task_cuts(tables: Any, window: int, data: Any) -> None:
    blk, pos, n_blocks, n_left = tables
    linkage = n_left is not None
    windowed_rules = [r for r in range(blk.shape[0]) if (pos[r] >= 0).any()]
    widx = np.full(blk.shape[0], -1, np.int64)
    widx[windowed_rules] = np.arange(len(windowed_rules))
    tbl_blk = np.ascontiguousarray(blk.T)
    tbl_pos = np.ascontiguousarray(pos[windowed_rules].T, dtype=np.int32)
    for u in range(blk.shape[0]):
        order, bstart = build_order(blk[u], pos[u], n_blocks[u])
        windowed = pos[u][order[bstart[:-1]]] >= 0
        side = (order >= (n_left or 0)).astype(np.int8) if linkage else np.zeros(order.size, np.int8)
        counts = anchor_counts(bstart, windowed, side, window, linkage)
        aoff = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        p = data.draw(st.integers(0, order.size))
        q = data.draw(st.integers(p, order.size))
        cuts = sorted(data.draw(st.lists(st.integers(p, q), max_size=5)))
        tasks = np.array([p, *cuts, q], dtype=np.int64)
        bound = int(aoff[q] - aoff[p])
        left = np.full(bound + 3, -7, np.int64)  # room past the bound stays untouched
        right = np.full(bound + 3, -7, np.int64)
        kept = emit_new(order, bstart, windowed, side, window, linkage, n_left or 0, aoff, tasks,
                        tbl_blk, tbl_pos, widx, u, left, right)  # fmt: skip
        n = close_gaps(left, right, aoff, tasks, kept)
        a, b = emit_pairs(order, bstart, windowed, side, window, linkage, n_left or 0, p, q,
                          bound, blk, pos, u)  # fmt: skip
        assert n == a.size == int(kept.sum())
        assert left[:n].tolist() == a.tolist()
        assert right[:n].tolist() == b.tolist()
        assert (left[bound:] == -7).all() and (right[bound:] == -7).all()


# ---------------------------------------------------------------- plan_rules vs plan_rule

VALUES = st.sampled_from(["x", "y", "xy", "", " ", None])
NUMBERS = st.sampled_from([1.0, 2.0, float("nan"), None])

KEYS: list[Any] = [
    "a",
    "b",
    ("a", "b"),
    (pl.col("a").str.slice(0, 1).alias("a1"), "c"),
    (pl.concat_str([pl.col("a"), pl.col("b")]).alias("ab"),),
    (pl.col("c").round(0).alias("c0"), "b"),
]


def _rule(keys: Any, i: int) -> Any:
    keys = keys if isinstance(keys, tuple) else (keys,)
    return block_on(*keys, name=f"r{i}", refine_with=["c", "a"], sort_by="b")


@st.composite
def key_frames(draw: Any) -> pl.DataFrame:
    n = draw(st.integers(0, 30))
    return pl.DataFrame(
        {
            "a": draw(st.lists(VALUES, min_size=n, max_size=n)),
            "b": draw(st.lists(VALUES, min_size=n, max_size=n)),
            "c": draw(st.lists(NUMBERS, min_size=n, max_size=n)),
        },
        schema={"a": pl.String, "b": pl.String, "c": pl.Float64},
    )


@settings(max_examples=100, deadline=None)
@given(
    key_frames(),
    st.lists(st.sampled_from(range(len(KEYS))), min_size=1, max_size=4, unique=True),
    st.integers(2, 5),
    st.booleans(),
)
def test_plan_rules_plans_as_plan_rule_does_rule_by_rule(
    df: pl.DataFrame, keys: list[int], size: int, linkage: bool
) -> None:
    rules = [_rule(KEYS[k], i) for i, k in enumerate(keys)]
    other = df[::-1] if linkage else None
    layout = _layout(df.height, other.height if other is not None else 0, linkage, size, 2)
    resolved = resolve_rules(rules, df, other)
    together = list(plan_rules(resolved.data, resolved.used, layout))
    for use, got in zip(resolved.used, together, strict=True):
        alone = plan_rule(resolved.data, use.rule, refine=use.refine, sort_by=use.sort_by,
                          layout=layout, notes=use.notes)  # fmt: skip
        assert got.report == alone.report
        assert got.blk.tolist() == alone.blk.tolist()
        assert got.pos.tolist() == alone.pos.tolist()
        assert (got.n_blocks, got.windowed) == (alone.n_blocks, alone.windowed)


def test_a_bad_key_after_good_rules_names_its_rule() -> None:
    frame = pl.DataFrame({"k": ["a", "a", "b", None], "v": [5, 5, 5, 5]})
    good = block_on("k", name="good")
    with pytest.raises(InvalidParameterError, match="'short'.*one value per row"):
        candidate_pairs(frame, [good, block_on(pl.col("k").drop_nulls(), name="short")])
    objects = frame.with_columns(pl.Series("o", [object()] * 4, dtype=pl.Object))
    with pytest.raises(InputTypeError, match="'obj'.*Python objects"):
        candidate_pairs(objects, [good, block_on("o", name="obj"), block_on("v", name="v")])


# ---------------------------------------------------------------- hash_blocks


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 400), st.booleans())
def test_hash_blocks_orders_hashes_sharing_their_top_bits(seed: int, n: int, linkage: bool) -> None:
    # Hashes from a few top-24-bit values, a few values of the next 8 bits and a few low
    # bits: runs of the radix pass hold several blocks, to be ordered by the full hash.
    rng = np.random.default_rng(seed)
    top = rng.choice(rng.integers(0, 2**24, 3, dtype=np.uint64), n)
    mid = rng.integers(0, 4, n).astype(np.uint64)
    low = rng.integers(0, 3, n).astype(np.uint64)
    h = (top << np.uint64(40)) | (mid << np.uint64(32)) | low
    missing = rng.random(n) < 0.1
    n_left = n // 2
    blk, pairs, sizes, first, m = hash_blocks(h, missing, n_left, linkage)
    rows = np.flatnonzero(~missing)
    order = rows[np.argsort(h[rows], kind="stable")]
    expected = np.full(n, -1)
    b = 0
    for value in dict.fromkeys(h[order].tolist()):
        members = order[h[order] == value]
        n_l = int((members < n_left).sum())
        p = n_l * (members.size - n_l) if linkage else members.size * (members.size - 1) // 2
        if p:
            expected[members] = b
            assert (pairs[b], sizes[b], first[b]) == (p, members.size, members[0])
            b += 1
    assert m == rows.size and pairs.size == b
    assert blk.tolist() == expected.tolist()


# ---------------------------------------------------------------- threads


def test_result_does_not_depend_on_the_number_of_threads() -> None:
    from sidalih import synth
    from sidalih.engine import prepare_records

    records = prepare_records(synth.voters(4_000, seed=9).voters, schema="voter",
                              reference_date="2024-02-14")  # fmt: skip
    # a common first name and a placeholder date make blocks above a small bound
    records = records.with_columns(
        pl.when(pl.int_range(pl.len()) % 5 == 0).then(pl.lit("MHMD")).otherwise("nama_first_key")
        .alias("nama_first_key"))  # fmt: skip

    def blocked() -> list[list[Any]]:
        pairs = candidate_pairs(records, max_block_size=40, window=6)
        ordered = sort_pairs(pairs.left, pairs.right, pairs.rule, records.height)
        chunks = list(iter_candidate_pairs(records, max_block_size=40, window=6,
                                           chunk_pairs=20_000))  # fmt: skip
        streamed = [np.concatenate([getattr(c, f) for c in chunks]).tolist()
                    for f in ("left", "right", "rule")]  # fmt: skip
        return [pairs.left.tolist(), pairs.right.tolist(), pairs.rule.tolist(),
                *(a.tolist() for a in ordered), *streamed, [repr(pairs.report)]]  # fmt: skip

    before = numba.get_num_threads()
    try:
        many = blocked()
        numba.set_num_threads(1)
        one = blocked()
    finally:
        numba.set_num_threads(before)
    assert len(many[0]) > 10_000
    assert one == many
    assert many[6:9] == many[0:3]


# ---------------------------------------------------------------- the birthplace key

_PLACES = ["maumere", "sikka", "kab sikka", "sukajadi", "djakarta", "jakarta selatan",
           "ujung pandang", "kota", "", "bogor", "-"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(_PLACES)), max_size=40))
def test_the_birthplace_key_read_once_per_place_is_read_per_row(
        places: list[str | None]) -> None:
    """Each distinct place read once gives every row the key read row by row gave it,
    in an eager frame, a streaming plan and after a saved model's JSON round trip."""
    import io

    from sidalih.blocking._defaults import birthplace_key, birthplace_key_of

    frame = pl.DataFrame({"tempat_lahir_norm": pl.Series(places, dtype=pl.String)})
    expected = frame.select(birthplace_key_of(pl.col("tempat_lahir_norm")))["tempat_lahir_norm"]
    key = birthplace_key()
    assert frame.select(key)["tempat_lahir_kab"].to_list() == expected.to_list()
    streamed = pl.LazyFrame(frame).select(key).collect(engine="streaming")
    assert streamed["tempat_lahir_kab"].to_list() == expected.to_list()
    read = pl.Expr.deserialize(io.StringIO(key.meta.serialize(format="json")), format="json")
    assert frame.select(read)["tempat_lahir_kab"].to_list() == expected.to_list()
