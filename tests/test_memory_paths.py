"""What the in-memory run no longer holds gives what holding it gave.

* The term-frequency adjustments are not kept for every candidate pair
  (``score_pairs(keep_tf=False)``): :meth:`Scored.tf_at` computes them again for the pairs
  a result lists, and must give the floats scoring added, pair for pair, on lists with
  placeholder dates, villages of every size and NIKs missing.
* The NIK and family-card columns of a prepared list are copies, not views into the
  parser's working arrays (six string views per row), which they kept alive.
* Between stages a large list's freed heap goes back to the system (:mod:`sidalih._malloc`).
"""

from __future__ import annotations

import gc
import weakref

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sidalih
import sidalih._malloc as malloc
import sidalih.engine._run as engine_run
import sidalih.nik._core as nik_core
from sidalih import synth
from sidalih._malloc import give_back_freed
from sidalih.engine import prepare_records, score_pairs


def _with_placeholders_and_gaps(n: int, seed: int) -> pl.DataFrame:
    """A synthetic list moved away from synth's defaults: a third of the birth dates on a
    placeholder, a fifth of the NIKs gone, every tenth village merged into one."""
    voters = synth.voters(n, seed=seed).voters
    rng = np.random.default_rng(seed)
    dates = voters["tanggal_lahir"].to_numpy().copy()
    on_placeholder = rng.random(n) < 0.33
    years = voters["tanggal_lahir"].dt.year().to_numpy()
    placeholder = pl.Series([f"{y}-07-01" for y in years]).str.to_date().to_numpy()
    dates[on_placeholder] = placeholder[on_placeholder]
    nik = voters["nik"].to_numpy().copy()
    nik[rng.random(n) < 0.2] = None
    village = voters["kode_desa"].to_numpy().copy()
    village[rng.random(n) < 0.1] = village[0]
    return voters.with_columns(pl.Series("tanggal_lahir", dates), pl.Series("nik", nik),
                               pl.Series("kode_desa", village))


@pytest.fixture(scope="module")
def scored_lists() -> list[object]:
    lists = [synth.voters(3_000, seed=21).voters, _with_placeholders_and_gaps(4_000, 22)]
    return [sidalih.deduplicate(voters)._scored for voters in lists]


def _every_tf(scored: object) -> dict[str, np.ndarray]:
    s = scored
    return score_pairs(s.model, s.cache, s.left, s.right).tf  # type: ignore[attr-defined]


def test_every_pairs_adjustments_computed_again_are_those_scoring_kept(
        scored_lists: list[object]) -> None:
    for s in scored_lists:
        kept = _every_tf(s)
        again = s.tf_at(np.arange(len(s.left)))  # type: ignore[attr-defined]
        assert set(again) == set(kept) and kept
        for name in kept:
            np.testing.assert_array_equal(again[name], kept[name])
            assert again[name].dtype == np.float32


@settings(max_examples=25, deadline=None)
@given(which=st.integers(0, 1), seed=st.integers(0, 2**32 - 1), share=st.floats(0.0, 1.0))
def test_some_pairs_adjustments_computed_again_are_those_scoring_kept(
        scored_lists: list[object], which: int, seed: int, share: float) -> None:
    s = scored_lists[which]
    kept = _every_tf(s)
    rng = np.random.default_rng(seed)
    idx = np.flatnonzero(rng.random(len(s.left)) < share)  # type: ignore[attr-defined]
    again = s.tf_at(idx)  # type: ignore[attr-defined]
    for name in kept:
        # no pair asked: no adjustment at all
        np.testing.assert_array_equal(again.get(name, np.zeros(0, np.float32)), kept[name][idx])


def test_a_runs_weights_hold_the_adjustments_it_did_not_keep(scored_lists: list[object]) -> None:
    for s in scored_lists:
        again = score_pairs(s.model, s.cache, s.left, s.right)  # type: ignore[attr-defined]
        np.testing.assert_array_equal(again.weight, s.weight)  # type: ignore[attr-defined]
        assert score_pairs(s.model, s.cache, s.left, s.right,  # type: ignore[attr-defined]
                           keep_tf=False).tf == {}


def test_the_listed_pairs_contributions_add_up_to_their_weights() -> None:
    result = sidalih.deduplicate(_with_placeholders_and_gaps(2_000, 23))
    s = result._scored
    idx = np.flatnonzero(s.probability >= result._pairs_floor)
    assert idx.size > 0
    contributions = s.model.fs.contributions(s.gamma[idx], tf_adjustments=s.tf_at(idx))
    # float32 adjustments: within a millionth of a bit
    np.testing.assert_allclose(contributions.sum(axis=1) + s.model.fs.prior_weight,
                               s.weight[idx], rtol=0, atol=1e-5)


def test_prepared_nik_columns_do_not_keep_the_parsers_views(
        monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[weakref.ref[np.ndarray]] = []
    allocate = nik_core.Parsed.allocate.__func__  # type: ignore[attr-defined]

    def recording(cls: type, n: int) -> nik_core.Parsed:
        parsed = allocate(cls, n)
        made.append(weakref.ref(parsed.views))
        return parsed

    monkeypatch.setattr(nik_core.Parsed, "allocate", classmethod(recording))
    records = prepare_records(synth.voters(500, seed=3).voters, schema="voter",
                              reference_date="2024-02-14")
    gc.collect()
    assert len(made) >= 2  # the NIK and the family card
    assert all(ref() is None for ref in made)
    assert records["nik_status"].null_count() == 0
    assert records["nik"].drop_nulls().str.len_chars().eq(16).all()


def test_freed_memory_is_given_back_where_glibc_can(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(malloc, "_malloc_trim", lambda: asked.append)
    assert give_back_freed() is True and asked == [0]  # trim every heap to the bone
    monkeypatch.setattr(malloc, "_malloc_trim", lambda: None)  # macOS, musl, Windows
    assert give_back_freed() is False and asked == [0]


def test_a_large_list_gives_back_freed_memory_between_stages(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(engine_run, "give_back_freed", lambda: calls.append(1))
    sidalih.deduplicate(synth.voters(500, seed=4).voters)
    assert calls == []  # a small list: its heap is small
    monkeypatch.setattr(engine_run, "GIVE_BACK_FROM_RECORDS", 100)
    sidalih.deduplicate(synth.voters(500, seed=4).voters)
    assert len(calls) == 4  # after blocking, comparing, training and scoring
