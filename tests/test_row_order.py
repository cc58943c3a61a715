"""A list sorted another way gives the same model, the same pairs and the same clusters.

An officer who sorts the spreadsheet by name before sending it must get the duplicates
they got before: u is measured on random pairs drawn in an order of the rows' ids, not of
the file (:func:`sidalih.engine._fit.sampling_order`).
"""

from __future__ import annotations

import polars as pl
import pytest

import sidalih


@pytest.mark.parametrize("profile", ["missing_nik", "village"])
def test_a_shuffled_list_gives_one_model_and_one_result(profile: str) -> None:
    voters = sidalih.synth.profile(profile, 3000, seed=3).voters
    first = sidalih.deduplicate(voters)
    again = sidalih.deduplicate(voters.sample(fraction=1.0, shuffle=True, seed=9))
    weights = [c for c in first.model.parameter_table().columns if "weight" in c]
    assert first.model.parameter_table()[weights].equals(again.model.parameter_table()[weights])
    assert first.clusters_polars().sort("id").equals(again.clusters_polars().sort("id"))

    def keyed(pairs: pl.DataFrame) -> pl.DataFrame:
        low, high = pl.min_horizontal("id_l", "id_r"), pl.max_horizontal("id_l", "id_r")
        return pairs.select(low.alias("a"), high.alias("b"), "match_probability").sort("a", "b")

    assert keyed(first.pairs_polars()).equals(keyed(again.pairs_polars()))


def test_sorted_by_name_gives_the_same_clusters() -> None:
    voters = sidalih.synth.profile("namesake", 3000, seed=5).voters
    first = sidalih.deduplicate(voters).clusters_polars().sort("id")
    by_name = sidalih.deduplicate(voters.sort("nama")).clusters_polars().sort("id")
    assert first.equals(by_name)
