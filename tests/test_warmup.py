"""The background compile helper: its sample is current and it runs the later stages."""

from __future__ import annotations

from importlib import resources

import polars as pl

from sidalih import _warmup
from sidalih.api._pipeline import prepare_records
from sidalih.synth import voters


def test_the_shipped_sample_has_the_prepared_schema_of_today() -> None:
    with resources.as_file(resources.files("sidalih.data").joinpath(_warmup.SAMPLE)) as path:
        sample = pl.read_parquet(path)
    fresh = prepare_records(voters(200, seed=0).voters, schema="voter",
                            reference_date="2024-02-14")
    # stale after a change to prepare: rebuild with scripts/build_warmup.py
    assert sample.schema == fresh.schema
    assert sample.height == 1_500


def test_the_helper_runs_the_engine_on_the_sample() -> None:
    _warmup._run()  # raises if the sample no longer fits the engine
    assert isinstance(_warmup.cache_is_warm(), bool)
