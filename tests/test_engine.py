"""The engine behind every front door: one result protocol, fit apart from score, settings
saved with the model (a loaded model reproduces its run, custom blocking rules included)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import sidalih
from sidalih import blocking, compare
from sidalih.engine import Model, Settings, fit, prepare_records, run, score_pairs
from sidalih.engine._summary import RunResult, pair_columns
from sidalih.errors import InvalidParameterError, ModelError
from sidalih.synth import voters as synth_voters

N = 3_000


@pytest.fixture(scope="module")
def voters() -> pl.DataFrame:
    return synth_voters(N, seed=11).voters


@pytest.fixture(scope="module")
def in_memory(voters: pl.DataFrame) -> sidalih.Result:
    return sidalih.deduplicate(voters, u_pairs=100_000)


@pytest.fixture(scope="module")
def partitioned(voters: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> object:
    folder = tmp_path_factory.mktemp("ooc")
    voters.write_parquet(folder / "v.parquet")
    return sidalih.deduplicate(str(folder / "v.parquet"), out=folder / "out",
                               memory_limit="8MiB", u_pairs=100_000, model=None)


def test_both_result_kinds_expose_the_protocol(in_memory: sidalih.Result,
                                               partitioned: object) -> None:
    for result in (in_memory, partitioned):
        assert isinstance(result, RunResult)
        assert isinstance(result.summary(), sidalih.Summary)
        assert list(result.clusters.columns) == ["id", "cluster_id"]
        assert list(result.pairs.columns) == pair_columns(result.model.comparisons)


def test_the_result_kinds_agree_on_the_pairs_they_both_list(in_memory: sidalih.Result,
                                                            partitioned: object) -> None:
    # Same model only when trained on the same rows: score the partitioned run's model here.
    mem = in_memory.pairs
    ooc = partitioned.pairs  # type: ignore[attr-defined]
    assert ooc.height > 0 and mem.height > 0
    assert ooc["verdict"].dtype == pl.String and ooc["matched"].dtype == pl.Boolean
    assert ooc["reasons"].null_count() == 0
    assert set(ooc["verdict"].unique()) <= set(mem["verdict"].unique()) | {"model"}


def test_the_partitioned_run_with_the_same_model_gives_the_same_pairs_and_reasons(
        voters: pl.DataFrame, in_memory: sidalih.Result, tmp_path: Path) -> None:
    voters.write_parquet(tmp_path / "v.parquet")
    ooc = sidalih.deduplicate(str(tmp_path / "v.parquet"), out=tmp_path / "out",
                              memory_limit="8MiB", model=in_memory.model)
    columns = [c for c in pair_columns(in_memory.model.comparisons) if c != "match_weight"
               and c != "match_probability"]
    expected = in_memory.pairs.select(columns).sort("id_l", "id_r")
    got = ooc.pairs.select(columns).sort("id_l", "id_r")
    # listed pairs: the in-memory list has every pair at the floor plus every veto, as the
    # partitioned one; merged pairs under the floor are listed out of core only
    joined = got.join(expected, on=["id_l", "id_r"], how="inner", suffix="_mem")
    assert joined.height >= 0.99 * expected.height
    for column in columns[2:]:
        assert (joined[column] == joined[f"{column}_mem"]).all(), column
    mem_summary, ooc_summary = in_memory.summary(), ooc.summary()
    for field in ("n_records", "n_clusters", "n_duplicate_clusters",
                  "n_records_in_duplicate_clusters", "n_review_pairs"):
        assert getattr(ooc_summary, field) == getattr(mem_summary, field), field


def test_fit_returns_a_new_model_and_leaves_the_template_untouched(voters: pl.DataFrame) -> None:
    records = prepare_records(voters, schema="voter", reference_date="2024-02-14")
    template = Model.untrained(sidalih.voter_comparisons(records))
    model = fit(records, Settings(u_pairs=50_000), template=template)
    assert model.fitted and not template.fitted and model is not template
    # passing an unfitted model to a run does not fit the caller's object either
    result = sidalih.deduplicate(voters, model=template, u_pairs=50_000)
    assert result.model.fitted and not template.fitted


def test_score_pairs_gives_the_runs_weights_and_verdicts(voters: pl.DataFrame) -> None:
    records = prepare_records(voters, schema="voter", reference_date="2024-02-14")
    scored = run(records, Settings(u_pairs=50_000))
    pick = np.arange(0, scored.left.size, 97)
    again = score_pairs(scored.model, scored.cache, scored.left[pick], scored.right[pick])
    assert np.array_equal(again.gamma, scored.gamma[pick])
    assert np.array_equal(again.weight, scored.weight[pick])
    assert np.array_equal(again.verdict, scored.verdict[pick])


def test_settings_are_checked_once_with_every_problem_named() -> None:
    with pytest.raises(InvalidParameterError, match="threshold.*seed"):
        Settings(threshold=1.5, seed=-1)
    with pytest.raises(InvalidParameterError, match="election_date"):
        Settings(election_date="14-02-2024")
    with pytest.raises(InvalidParameterError, match="blocking_rules"):
        Settings(blocking_rules=["nik"])  # type: ignore[list-item]
    assert Settings(blocking_rules=[blocking.block_on("nik")]).blocking_rules is not None


def test_the_saved_settings_survive_a_round_trip() -> None:
    rules = [blocking.block_on(pl.col("nik").str.slice(0, 10), "jenis_kelamin", name="nik10",
                               refine_with=["kode_desa"], sort_by="nama_norm")]
    settings = Settings(blocking_rules=rules, max_block_size=500, election_date="2029-02-14")
    back = Settings.from_dict(json.loads(json.dumps(settings.to_dict())))
    assert back.max_block_size == 500 and str(back.election_date) == "2029-02-14"
    assert back.blocking_rules is not None
    rule = back.blocking_rules[0]
    assert rule.name == "nik10" and rule.keys[0].meta.eq(rules[0].keys[0])
    assert rule.refine_names == ("kode_desa",) and rule.sort_by is not None


def test_a_model_loaded_twice_is_equal_to_itself_and_its_source(tmp_path: Path) -> None:
    """Model compares by value, its Fellegi-Sunter parameters included (not by identity)."""
    Model.default().save(tmp_path / "model.json")
    loaded = Model.load(tmp_path / "model.json")
    assert loaded == Model.load(tmp_path / "model.json") == Model.default()
    assert Model.from_dict(loaded.to_dict()) == loaded
    assert dataclasses.replace(loaded, threshold=0.9) != loaded


def test_a_model_file_with_unreadable_settings_is_a_model_error(tmp_path: Path,
                                                                in_memory: sidalih.Result) -> None:
    data = in_memory.model.to_dict()
    data["settings"] = {"blocking_rules": [{"keys": [{"polars_expr": "{not json"}],
                                            "name": "x"}]}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="settings"):
        Model.load(path)


def test_a_model_saved_with_custom_rules_reproduces_its_run_in_a_new_process(
        voters: pl.DataFrame, tmp_path: Path) -> None:
    rules = [blocking.block_on(pl.col("nik").str.slice(0, 12), name="nik12"),
             blocking.block_on("nama_norm", "kode_desa", name="name_village")]
    first = sidalih.deduplicate(voters, blocking_rules=rules, max_block_size=300,
                                u_pairs=50_000)
    first.model.save(tmp_path / "model.json")
    voters.write_parquet(tmp_path / "voters.parquet")
    first.clusters_polars().write_parquet(tmp_path / "expected.parquet")
    script = textwrap.dedent(f"""
        import polars as pl, sidalih
        model = sidalih.Model.load({str(tmp_path / 'model.json')!r})
        result = sidalih.deduplicate(pl.read_parquet({str(tmp_path / 'voters.parquet')!r}),
                                     model=model)
        result.clusters_polars().write_parquet({str(tmp_path / 'got.parquet')!r})
        print(",".join(result.summary().blocking.to_frame()["rule"].to_list()))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().split(",") == ["nik12", "name_village"]
    expected = pl.read_parquet(tmp_path / "expected.parquet")
    assert pl.read_parquet(tmp_path / "got.parquet").equals(expected)
    # and the default rules would have given other pairs: the reproduction is not luck
    default = sidalih.deduplicate(voters, model=Model.from_dict(
        {**first.model.to_dict(), "settings": None}))
    assert default.summary().n_candidate_pairs != first.summary().n_candidate_pairs


def test_the_prepared_placeholder_flag_is_the_one_comparison_would_compute() -> None:
    """Comparison reads the prepared ``tgl_placeholder`` instead of recomputing it."""
    from sidalih import dates

    voters = synth_voters(3_000, seed=4).voters
    odd = ["31-12-1960", "01-07-1955", "01-01-1970", "00-00-0000", "1/7/1950", "", None,
           "30-02-1980", "15-08-2031", "31/12/60", "01-07-60", "1960"]
    column = "TANGGAL LAHIR" if "TANGGAL LAHIR" in voters.columns else "tanggal_lahir"
    voters = voters.with_columns(
        pl.Series(column, [odd[k % len(odd)] if k % 3 == 0 else v
                           for k, v in enumerate(voters[column].cast(pl.String).to_list())],
                  dtype=pl.String))
    records = prepare_records(voters, schema="voter", reference_date="2024-02-14")
    expected = dates.is_placeholder(records["tanggal_lahir"]).fill_null(False)
    assert records["tgl_placeholder"].to_list() == expected.to_list()
    assert records["tgl_placeholder"].sum() > 100


def test_schema_none_reaches_the_out_of_core_run(tmp_path: Path) -> None:
    """``schema=None`` (compare the columns as they are) is a value, not "the default"."""
    from sidalih.scale._local import _settings

    run_settings, _ = _settings(settings=None, model=None, train_rows=500, memory_limit="1GiB",
                                progress=None, schema=None, max_block_size=None,
                                election_date=None, threshold=None, blocking_rules=None)
    assert run_settings.schema is None and run_settings.max_block_size == 2_000
    frame = pl.DataFrame({"id": list(range(60)), "kota": ["Bogor", "Depok"] * 30})
    frame.write_parquet(tmp_path / "list.parquet")
    # a voter schema would refuse the list for want of a name; as given, with its own
    # comparisons and rules (required: the defaults read a voter list), it runs
    result = sidalih.deduplicate(str(tmp_path / "list.parquet"), out=tmp_path / "out",
                                 schema=None, comparisons=[compare.exact("kota")],
                                 blocking_rules=[blocking.block_on("kota")],
                                 memory_limit="64MiB")
    assert result.clusters.height == 60


@pytest.mark.parametrize("n_pairs", [2, 100])  # worded pair by pair, and by pattern
def test_a_weight_that_rounds_to_zero_from_below_reads_plus_zero(n_pairs: int) -> None:
    """A weight of -0.04 rounds to -0.0: the reason shows "+0,0" as every zero does,
    never "(+-0,0)"."""
    from sidalih import compare
    from sidalih.engine._reasons import reasons

    gamma = np.ones((n_pairs, 1), dtype=np.int64)
    weights = np.resize([-0.04, 0.0, 0.04], (n_pairs, 1)).astype(np.float64)
    for lang, zero in (("id", "NKK sama (+0,0)"), ("en", "same family card (+0.0)")):
        said = reasons(gamma, weights, [compare.exact("nkk")], ["model"] * n_pairs, lang=lang)
        assert set(said.to_list()) == {zero}
