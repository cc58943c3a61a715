"""The public entry points: accuracy on synthetic lists with ground truth, properties,
bad input, model round trip, linkage."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest

import sidalih
from sidalih import errors, synth
from sidalih.engine._model import default_lambda


def _pairwise(clusters: pl.DataFrame, truth: pl.DataFrame) -> tuple[float, float, float]:
    """Pairwise precision/recall/F1 of predicted clusters against true person ids."""
    joined = clusters.join(truth.select("id", "person_id"), on="id")

    def n_pairs(keys: list[str]) -> int:
        sizes = joined.group_by(keys).len()["len"].cast(pl.Int64)
        return int((sizes * (sizes - 1) // 2).sum())

    tp, predicted, true = (n_pairs(["cluster_id", "person_id"]), n_pairs(["cluster_id"]),
                           n_pairs(["person_id"]))
    precision, recall = tp / max(predicted, 1), tp / max(true, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


@pytest.fixture(scope="module")
def voter_list() -> synth.SyntheticList:
    return synth.voters(30_000, seed=11)


@pytest.fixture(scope="module")
def result(voter_list: synth.SyntheticList) -> sidalih.Result:
    return sidalih.deduplicate(voter_list.voters)


def test_accuracy_floor_on_synthetic_list(voter_list: synth.SyntheticList,
                                          result: sidalih.Result) -> None:
    precision, recall, f1 = _pairwise(result.clusters, voter_list.truth)
    assert f1 >= 0.97, (precision, recall, f1)


def test_lookalikes_not_merged(voter_list: synth.SyntheticList, result: sidalih.Result) -> None:
    labels = result.clusters.select("id", "cluster_id")
    pairs = (voter_list.lookalike_pairs()
             .join(labels.rename({"id": "id_l", "cluster_id": "c_l"}), on="id_l")
             .join(labels.rename({"id": "id_r", "cluster_id": "c_r"}), on="id_r"))
    merged = pairs.group_by("kind").agg(pl.len().alias("n"),
                                        (pl.col("c_l") == pl.col("c_r")).mean().alias("rate"))
    assert set(merged["kind"]) >= {"twin", "father_son", "namesake_placeholder", "shared_nik"}
    for row in merged.iter_rows(named=True):
        assert row["rate"] <= 0.02, row


def test_every_id_exactly_once(voter_list: synth.SyntheticList, result: sidalih.Result) -> None:
    clusters = result.clusters
    assert clusters.height == voter_list.voters.height
    assert clusters["id"].n_unique() == clusters.height
    assert set(clusters["id"]) == set(voter_list.voters["id"])
    # A cluster id is the smallest id of its members.
    smallest = clusters.group_by("cluster_id").agg(pl.col("id").min())
    assert (smallest["cluster_id"] == smallest["id"]).all()


def test_nik_clash_reported_not_merged(result: sidalih.Result) -> None:
    pairs = result.pairs
    clashes = pairs.filter(pl.col("verdict") == "nik_clash")
    assert clashes.height > 0
    assert not clashes["matched"].any()
    assert clashes["reasons"].str.contains("satu NIK dipakai dua orang").all()


def test_reasons_are_readable_and_masked(result: sidalih.Result) -> None:
    matched = result.pairs.filter(pl.col("matched"))
    assert matched.height > 0
    assert matched["reasons"].str.contains(r"\(\+\d").any()
    first = matched.row(0, named=True)
    explanation = result.explain(first["id_l"], first["id_r"])
    assert explanation.same_cluster
    text = str(explanation)
    assert "NIK" in text or "nik" in text
    assert not any(len(tok) == 16 and tok.isdigit() for tok in text.replace(",", " ").split())
    total = explanation.prior_weight + explanation.table["weight"].sum()
    assert total == pytest.approx(explanation.match_weight)


def test_summary(result: sidalih.Result, voter_list: synth.SyntheticList) -> None:
    summary = result.summary()
    assert summary.n_records == voter_list.voters.height
    assert summary.n_duplicate_clusters > 0
    assert summary.by_village is not None and summary.by_village.height > 1
    assert "records" in str(summary)
    assert set(summary.timings) >= {"prepare", "block", "compare", "train"}


def test_deterministic_and_pandas_agrees() -> None:
    voters = synth.voters(4_000, seed=5).voters
    a = sidalih.deduplicate(voters, seed=3).clusters
    b = sidalih.deduplicate(voters, seed=3).clusters
    assert a.equals(b)
    from_pandas = sidalih.deduplicate(voters.to_pandas(), seed=3).clusters
    assert isinstance(from_pandas, pd.DataFrame)
    assert pl.from_pandas(from_pandas).equals(a)


def test_model_round_trip_scores_new_list(tmp_path: Path) -> None:
    trained = sidalih.deduplicate(synth.voters(6_000, seed=1).voters)
    path = tmp_path / "model.json"
    trained.model.save(path)
    loaded = sidalih.Model.load(path)
    fresh = synth.voters(3_000, seed=2)
    again = sidalih.deduplicate(fresh.voters, model=loaded)
    direct = sidalih.deduplicate(fresh.voters, model=trained.model)
    assert again.clusters.equals(direct.clusters)
    assert json.loads(path.read_text())["kind"] == "sidalih.Model"
    precision, recall, f1 = _pairwise(again.clusters, fresh.truth)
    assert f1 >= 0.95, (precision, recall)


@pytest.mark.parametrize("damage", ["not json", '{"kind": "other"}',
                                    '{"kind": "sidalih.Model", "schema_version": 99}'])
def test_bad_model_file(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(damage)
    with pytest.raises(errors.ModelError):
        sidalih.Model.load(path)


def test_link_finds_people_across_lists() -> None:
    data = synth.voters(8_000, seed=4)
    voters, truth = data.voters, data.truth
    left = voters.filter(pl.col("id").str.slice(-1).is_in(list("01234")))
    right = voters.filter(~pl.col("id").is_in(left["id"].implode()))
    result = sidalih.link(left, right)
    clusters = result.clusters
    assert clusters.height == voters.height
    assert set(clusters["source"].unique()) == {"l", "r"}
    pairs = result.pairs.filter(pl.col("matched"))
    assert set(pairs["id_l"]) <= set(left["id"]) and set(pairs["id_r"]) <= set(right["id"])
    person = dict(zip(truth["id"], truth["person_id"], strict=True))
    correct = sum(person[a] == person[b] for a, b in pairs.select("id_l", "id_r").rows())
    assert correct / max(pairs.height, 1) >= 0.95


def test_a_list_without_duplicates_stays_apart() -> None:
    # With no double registrations no pair subset agrees on two person identifiers, and
    # a free EM took the candidate pairs themselves as matches (lambda ~ 1, 549 of 589
    # voters in "duplicate" clusters). A cleaned list re-run must come back clean.
    data = synth.voters(600, seed=3)
    originals = data.truth.filter(pl.col("record_kind") == "original")["id"]
    clean = data.voters.filter(pl.col("id").is_in(originals.implode()))
    summary = sidalih.deduplicate(clean).summary()
    assert summary.n_records_in_duplicate_clusters <= 0.01 * clean.height, summary


def test_linking_lists_that_share_few_people_matches_only_those() -> None:
    data = synth.voters(2_000, seed=3)
    left, right = data.voters.head(1_000), data.voters.tail(1_000)
    person = dict(zip(data.truth["id"], data.truth["person_id"], strict=True))
    shared = len({person[i] for i in left["id"]} & {person[i] for i in right["id"]})
    pairs = sidalih.link(left, right).pairs.filter(pl.col("matched"))
    wrong = sum(person[a] != person[b] for a, b in pairs.select("id_l", "id_r").rows())
    assert wrong <= 1 and pairs.height <= shared + 1, (pairs.height, wrong, shared)


def test_explain_in_a_linkage_looks_each_id_up_in_its_own_list() -> None:
    # Both lists number their rows 0..149: id_r must be read in the right list.
    voters = synth.voters(300, seed=1).voters
    left = voters.head(150).with_columns(id=pl.int_range(150))
    right = voters.tail(150).with_columns(id=pl.int_range(150))
    copied = [c for c in right.columns if c != "id"]
    right = right.with_columns([
        pl.when(pl.col("id") == 7).then(pl.lit(left[c][3])).otherwise(pl.col(c)).alias(c)
        for c in copied
    ])
    result = sidalih.link(left, right, u_pairs=5_000)
    explanation = result.explain(3, 7)
    assert explanation.matched and explanation.verdict == "identical"
    names = explanation.table.filter(pl.col("comparison") == "nama").row(0, named=True)
    assert names["left"] == names["right"]
    with pytest.raises(errors.InvalidParameterError, match="right list"):
        result.explain(3, 999)


# ---------------------------------------------------------------- bad and edge input

def _tiny(**columns: list[object]) -> pl.DataFrame:
    return pl.DataFrame(columns)


def test_empty_frame() -> None:
    result = sidalih.deduplicate(pl.DataFrame(schema={"nama": pl.String, "nik": pl.String}))
    assert result.clusters.height == 0


def test_a_linkage_of_two_empty_lists_gives_empty_results(tmp_path: Path) -> None:
    empty = pl.DataFrame(schema={"id": pl.String, "nik": pl.String, "nama": pl.String,
                                 "tanggal_lahir": pl.Date})
    result = sidalih.link(empty, empty)
    assert result.clusters.schema == pl.Schema(
        {"id": pl.String, "source": pl.String, "cluster_id": pl.String})
    assert (result.to_parquet(tmp_path / "out") / "clusters.parquet").exists()
    assert sidalih.link(empty.to_pandas(), empty.to_pandas()).clusters.shape == (0, 3)


def test_one_row() -> None:
    result = sidalih.deduplicate(_tiny(nama=["SITI"], nik=["3271014101900001"]))
    assert result.clusters["cluster_id"].to_list() == [0]


@pytest.mark.parametrize("rows", [0, 1])
def test_a_list_too_small_to_pair_gives_empty_pairs(rows: int, tmp_path: Path) -> None:
    # No pair, so no model is trained: the pairs are empty (not a "call fit()" error)
    # and the output folder holds everything but a model.
    frame = _tiny(nama=["SITI"], nik=["3271014101900001"], tanggal_lahir=["01-01-1990"])
    result = sidalih.deduplicate(frame.head(rows))
    pairs = result.pairs
    assert pairs.height == 0 and {"id_l", "id_r", "match_probability"} <= set(pairs.columns)
    folder = result.to_parquet(tmp_path / "out")
    assert (folder / "clusters.parquet").exists() and not (folder / "model.json").exists()
    assert sidalih.link(frame, frame.head(0)).pairs.height == 0


def test_all_rows_identical_are_one_person() -> None:
    rows = _tiny(nama=["SITI AMINAH"] * 40, nik=["3271014101900001"] * 40,
                 tanggal_lahir=["01-01-1990"] * 40)
    clusters = sidalih.deduplicate(rows).clusters
    assert clusters["cluster_id"].n_unique() == 1
    assert clusters.height == 40


def test_a_list_of_one_record_pasted_down_is_scored_with_the_default(tmp_path: Path) -> None:
    """1,000 copies of one row: every pair, candidate or random, alike on every field, so
    the list's own fit gave every weight 0, explain() said 0.01 for two identical
    records and accuracy() estimated precision 0.01. The default model scores it now
    (its comparisons of the list's fields, in memory and out of core), and the summary
    says so."""
    one = synth.voters(50, seed=1).voters.head(1)
    copies = pl.concat([one] * 1_000).with_columns(
        id=pl.Series([f"r{i}" for i in range(1_000)]))
    result = sidalih.deduplicate(copies)
    assert result.clusters["cluster_id"].n_unique() == 1
    assert result.model.options["fallback"].startswith("every pair of these 1,000 records")
    # the default's duplicates per record spread over this list's pairs, not the
    # country's prior (which left two identical records of a list of two apart)
    assert result.model.fs.lambda_ == pytest.approx(
        default_lambda(1_000, {"lambda_prior": "default"}))
    assert result.explain("r0", "r1").match_probability > 0.99
    assert result.accuracy()["precision"] > 0.99
    assert "the national default, not trained" in str(result.summary())
    few = copies.select("id", "nik", "nama", "tanggal_lahir")
    few.write_parquet(tmp_path / "few.parquet")
    for run in (sidalih.deduplicate(few),
                sidalih.deduplicate(tmp_path / "few.parquet", memory_limit="1GiB",
                                    out=tmp_path / "out")):
        assert [c.name for c in run.model.comparisons] == ["nik", "nama", "tanggal_lahir"]
        assert "the national default, not trained" in str(run.summary())
        assert run.clusters["cluster_id"].n_unique() == 1
    # one pattern alone, but comparisons the default lacks: a typed error, not 0 weights
    with pytest.raises(errors.InvalidParameterError, match="nothing to learn"):
        sidalih.deduplicate(copies.select("id", "nama"), schema=None,
                            comparisons=[sidalih.compare.exact("nama")],
                            blocking_rules=[sidalih.blocking.block_on("nama")])


def test_no_nik_column_still_matches_on_names_and_dates() -> None:
    voters = synth.voters(5_000, seed=8)
    result = sidalih.deduplicate(voters.voters.drop("nik"))
    precision, recall, f1 = _pairwise(result.clusters, voters.truth)
    assert result.clusters.height == 5_000
    assert precision >= 0.9 and recall >= 0.7, (precision, recall)


def test_all_niks_null() -> None:
    voters = synth.voters(3_000, seed=9).voters.with_columns(nik=pl.lit(None, pl.String))
    result = sidalih.deduplicate(voters)
    assert result.clusters.height == 3_000
    assert "nik" not in [c.name for c in result.model.comparisons]


def test_wrong_dtypes_give_clear_error_not_crash() -> None:
    with pytest.raises(errors.SidalihError):
        sidalih.deduplicate(_tiny(nama=[1, 2, 3], nik=[1.5, 2.5, None],
                                  tanggal_lahir=[True, False, None]))


def test_missing_required_column() -> None:
    with pytest.raises(errors.ColumnNotFoundError, match="nama"):
        sidalih.deduplicate(_tiny(alamat=["x", "y"]))


@pytest.mark.parametrize("options", [
    {"threshold": 1.5}, {"lang": "fr"}, {"pairs_floor": -1}, {"pairs_floor": "a"},
    {"u_pairs": -1}, {"u_pairs": 0}, {"u_pairs": 10.5}, {"seed": -1}, {"seed": True},
    {"threshold": "0.9"},
    {"max_pairs": -5}, {"max_pairs": "many"}, {"max_pairs": 0}, {"max_pairs": True},
])
def test_bad_options(options: dict[str, object]) -> None:
    with pytest.raises(errors.InvalidParameterError):
        sidalih.deduplicate(_tiny(nama=["A"], nik=["1"]), **options)  # type: ignore[arg-type]


def test_unknown_id_in_explain(result: sidalih.Result) -> None:
    with pytest.raises(errors.InvalidParameterError):
        result.explain("no-such-id", "another")


def test_a_list_of_one_village_is_bounded_by_the_pair_budget() -> None:
    """Every row in one village: the plan fits ``max_pairs``, and the summary says how.

    A million voters in one village planned over a billion candidate pairs and the
    process was killed at 23 GB; with a budget the block bound is lowered, the run
    finishes and states the bound it used and the pairs it left out.
    """
    lists = synth.profile("village", 5_000, seed=3)
    full = sidalih.deduplicate(lists.voters)
    assert full.blocking_report.lowered_from is None
    assert "blocking:" not in str(full.summary())
    budget = full.summary().n_candidate_pairs // 4
    with pytest.warns(errors.CapacityWarning, match="max block lowered from 2,000"):
        bounded = sidalih.deduplicate(lists.voters, max_pairs=budget)
    report = bounded.blocking_report
    assert report.lowered_from == 2_000 and report.max_block_size < 2_000
    assert bounded.summary().n_candidate_pairs <= budget
    assert f"blocking: max block lowered from 2,000 to {report.max_block_size:,}" in str(
        bounded.summary())
    truth = lists.truth.select("id", "person_id")
    for result in (full, bounded):
        clusters = result.clusters.join(truth, on="id")
        pairs = clusters.join(clusters, on="cluster_id", suffix="_r").filter(
            pl.col("id") < pl.col("id_r"))
        assert (pairs["person_id"] == pairs["person_id_r"]).mean() >= 0.99  # precision
    with pytest.raises(errors.CapacityError, match="max_pairs=10"):
        sidalih.deduplicate(lists.voters, max_pairs=10)


def test_max_pairs_is_for_a_list_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "voters.parquet"
    synth.profile("default", 300, seed=1).voters.write_parquet(path)
    with pytest.raises(errors.InvalidParameterError, match="max_pairs"):
        sidalih.deduplicate(str(path), out=tmp_path / "out", max_pairs=1_000)
    with pytest.raises(errors.InvalidParameterError, match="max_pairs"):
        sidalih.link(str(path), str(path), out=tmp_path / "out", max_pairs=1_000)


def test_giant_placeholder_block_is_bounded() -> None:
    n = 6_000
    rng = np.random.default_rng(0)
    syllables = ["su", "ka", "di", "ma", "ri", "to", "wa", "ni", "yo", "har"]
    names = [" ".join(syllables[(i * 7 + k) % 10] + syllables[(i // 10 + k) % 10] + "no"
                      for k in range(2)) for i in range(n)]
    frame = pl.DataFrame({
        "nama": names,
        "tanggal_lahir": ["01-07-1960"] * n,
        "kode_desa": [f"32710110{rng.integers(10, 13)}" for _ in range(n)],
    })
    result = sidalih.deduplicate(frame)
    assert result.clusters.height == n
    report = result.summary().blocking
    assert report is not None
    # Bounded: far fewer pairs than the n*(n-1)/2 one block would give.
    assert result.summary().n_candidate_pairs < n * (n - 1) // 20


def test_threshold_overrides_a_given_model_without_changing_it() -> None:
    data = synth.voters(4_000, seed=21)
    trained = sidalih.deduplicate(data.voters)
    strict = sidalih.deduplicate(data.voters, model=trained.model, threshold=0.999999)
    assert trained.model.threshold == sidalih.api.DEFAULT_THRESHOLD == 0.8
    assert strict.model.threshold == 0.999999
    assert strict.summary().n_matched_pairs <= trained.summary().n_matched_pairs


def test_a_threshold_of_one_merges_only_pairs_of_probability_one(
    voter_list: synth.SyntheticList, result: sidalih.Result, tmp_path: Path
) -> None:
    """threshold=1.0 was refused ("a probability in (0, 1)") though documented as the
    probability "at or above which" a pair joins a cluster. Now the clusters are those
    of the pairs of probability 1 (as computed) and of identical records (merged at any
    threshold); 0 is still refused."""
    strict = sidalih.deduplicate(voter_list.voters, model=result.model, threshold=1.0)
    pairs = strict.pairs
    merging = pairs.filter((pl.col("match_probability") == 1.0)
                           | (pl.col("verdict") == "identical"))
    parent: dict[object, object] = {}

    def root(x: object) -> object:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for left, right in merging.select("id_l", "id_r").iter_rows():
        parent[root(left)] = root(right)
    same = strict.clusters.with_columns(
        pl.Series("root", [str(root(i)) for i in strict.clusters["id"].to_list()]))
    assert same.group_by("cluster_id").agg(pl.col("root").n_unique())["root"].max() == 1
    assert same.group_by("root").agg(pl.col("cluster_id").n_unique())["cluster_id"].max() == 1
    assert 0 < strict.summary().n_matched_pairs < result.summary().n_matched_pairs
    strict.model.save(tmp_path / "model.json")
    assert sidalih.Model.load(tmp_path / "model.json").threshold == 1.0
    with pytest.raises(errors.InvalidParameterError, match=r"in \(0, 1\], got 0"):
        sidalih.deduplicate(voter_list.voters, threshold=0)


def test_any_columns_keep_their_names() -> None:
    from sidalih import blocking, compare

    frame = pl.DataFrame({
        "id": ["a", "b", "c", "d"],
        "given_name": ["budi", "budi", "siti", "sity"],
        "dob": ["1990-01-02", "1990-01-02", "1985-03-04", "1985-03-04"],
    })
    result = sidalih.deduplicate(
        frame, schema=None, u_pairs=100,
        comparisons=[compare.string("given_name"), compare.date("dob")],
        blocking_rules=[blocking.block_on("dob")],
    )
    assert result.clusters.height == 4
    assert "dob" in result._scored.records.columns


@pytest.mark.parametrize("given", [{}, {"comparisons"}, {"blocking_rules"}])
def test_columns_as_given_need_their_own_comparisons_and_rules(given: set[str],
                                                              tmp_path: Path) -> None:
    """schema=None without comparisons once ran the voter defaults on raw columns: the
    name went uncompared (its prepared keys absent) and twins merged. Now refused, by
    every entry point, naming what to pass; a model brings its own."""
    from sidalih import blocking, compare

    frame = _tiny(nama=["Hasan Basri", "Husein Basri"], tanggal_lahir=["21-05-2000"] * 2,
                  nik=["3271032105000007", "3271032105000008"])
    frame.write_parquet(tmp_path / "list.parquet")
    options = {"comparisons": [compare.name("nama")],
               "blocking_rules": [blocking.block_on("tanggal_lahir")]}
    options = {k: v for k, v in options.items() if k in given}
    wanted = [f"{k}=" for k in ("comparisons", "blocking_rules") if k not in given]
    for call in (lambda: sidalih.deduplicate(frame, schema=None, **options),
                 lambda: sidalih.link(frame, frame, schema=None, **options),
                 lambda: sidalih.deduplicate(str(tmp_path / "list.parquet"), schema=None,
                                             out=tmp_path / "out", **options)):
        with pytest.raises(errors.InvalidParameterError, match="schema=None") as info:
            call()
        assert all(w in str(info.value) for w in wanted)


def test_nested_columns_give_a_typed_error_or_pass_through() -> None:
    voters = synth.voters(300, seed=1).voters
    with pytest.raises(errors.InputTypeError, match="'nama'"):
        sidalih.deduplicate(voters.with_columns(nama=pl.col("nama").str.split(" ")), u_pairs=5_000)
    # An unknown column passes through even when the lists disagree on its type.
    left = voters.head(150).with_columns(extra=pl.lit([1, 2]))
    right = voters.tail(150).with_columns(extra=pl.lit(1))
    clusters = sidalih.link(left, right, u_pairs=5_000).clusters
    assert clusters.height == 300


def test_a_schema_problem_in_a_linkage_names_its_list() -> None:
    frame = _tiny(id=[1, 1], nama=["A", "B"], nik=["1", "2"])
    with pytest.raises(errors.DuplicateIdError, match="the right list"):
        sidalih.link(frame.head(1), frame)
    with pytest.raises(errors.ColumnNotFoundError, match="the left list"):
        sidalih.link(frame.drop("nama").head(1), frame.head(1))


def test_an_explanation_masks_ids_that_are_niks() -> None:
    voters = synth.voters(300, seed=1).voters.filter(pl.col("nik").is_not_null())
    voters = voters.with_columns(pl.col("nik").alias("id")).unique("id", maintain_order=True)
    # pairs_floor=0: every scored pair is listed (any pair will do for the masking)
    result = sidalih.deduplicate(voters, u_pairs=5_000, pairs_floor=0.0)
    a, b = result.pairs.row(0)[:2]
    text = str(result.explain(a, b))
    assert a not in text and b not in text
    assert f"{a[:4]}********{a[-4:]}" in text.splitlines()[0]


@pytest.mark.parametrize("options", [
    {"seed": -1}, {"u_pairs": -5}, {"threshold": "0.5"}, {"pairs_floor": "x"},
    {"memory_limit": 0}, {"lang": "xx"},
])
def test_a_parquet_path_gets_the_same_option_checks(options: dict[str, object],
                                                    tmp_path: Path) -> None:
    path = tmp_path / "list.parquet"
    _tiny(nama=["SITI"], nik=["3271014101900001"]).write_parquet(path)
    settings = {"out": tmp_path / "out", "memory_limit": "64MiB", **options}
    with pytest.raises(errors.InvalidParameterError):
        sidalih.deduplicate(str(path), **settings)  # type: ignore[arg-type]
    with pytest.raises(errors.InvalidParameterError, match="folder"):
        sidalih.deduplicate(str(path), out=path, memory_limit="64MiB")


def test_a_one_row_parquet_list_is_processed_out_of_core(tmp_path: Path) -> None:
    path = tmp_path / "one.parquet"
    _tiny(nama=["SITI"], nik=["3271014101900001"], tanggal_lahir=["01-01-1990"]).write_parquet(path)
    result = sidalih.deduplicate(str(path), out=tmp_path / "out", memory_limit="64MiB")
    assert (tmp_path / "out" / "clusters.parquet").exists()
    assert not (tmp_path / "out" / "model.json").exists()
    assert result is not None


def test_a_list_of_parquet_files_is_processed_out_of_core(tmp_path: Path) -> None:
    voters = synth.voters(600, seed=1).voters
    voters[:300].write_parquet(tmp_path / "a.parquet")
    voters[300:].write_parquet(tmp_path / "b.parquet")
    files = [tmp_path / "a.parquet", str(tmp_path / "b.parquet")]
    result = sidalih.deduplicate(files, out=tmp_path / "out", memory_limit="1GiB")
    assert result.clusters.height == 600
    globbed = sidalih.deduplicate(str(tmp_path / "*.parquet"), out=tmp_path / "glob",
                                  memory_limit="1GiB")
    assert result.clusters.sort("id").equals(globbed.clusters.sort("id"))


def test_a_path_linked_with_a_frame_is_a_typed_error(tmp_path: Path) -> None:
    voters = synth.voters(200, seed=1).voters
    voters.write_parquet(tmp_path / "a.parquet")
    for left, right in ((str(tmp_path / "a.parquet"), voters), (voters, [tmp_path / "a.parquet"])):
        with pytest.raises(errors.InputTypeError, match="both as Parquet paths.*DataFrame|"
                                                        "DataFrame.*both as Parquet paths"):
            sidalih.link(left, right, out=tmp_path / "out", memory_limit="1GiB")


def test_a_model_given_as_a_path_or_data_is_a_typed_error(tmp_path: Path) -> None:
    voters = synth.voters(300, seed=1).voters
    path = tmp_path / "model.json"
    for bad, hint in ((str(path), r"Model\.load\(path\)"), (path, r"Model\.load\(path\)"),
                      ({"kind": "x"}, r"Model\.from_dict"), (0.8, "threshold=")):
        with pytest.raises(errors.InputTypeError, match=hint):
            sidalih.deduplicate(voters, model=bad)  # type: ignore[arg-type]
        with pytest.raises(errors.InputTypeError, match=hint):
            sidalih.link(voters, voters, model=bad)  # type: ignore[arg-type]


def test_result_methods_reject_bad_arguments(result: sidalih.Result, tmp_path: Path) -> None:
    afile = tmp_path / "a.parquet"
    afile.write_bytes(b"x")
    with pytest.raises(errors.InvalidParameterError, match="folder"):
        result.to_parquet(afile)
    with pytest.raises(errors.InvalidParameterError, match="None"):
        result.explain(None, 1)
    tiny = sidalih.deduplicate(_tiny(nama=["SITI"], nik=["3271014101900001"]))
    with pytest.raises(errors.NotFittedError, match="too small"):
        tiny.explain(0, 0)


@pytest.mark.parametrize("wrap", [list, tuple, np.array, pl.Series, pd.Series,
                                  lambda x: {"id": x}])
def test_explain_takes_one_id_per_side(result: sidalih.Result, wrap: object) -> None:
    """explain([a], b) explained a and echoed the list back as its id; a list, array,
    series or dict of ids is a typed error naming the argument, on either side."""
    a, b = result.clusters["id"][0], result.clusters["id"][1]
    many = wrap([a])  # type: ignore[operator]
    with pytest.raises(errors.InputTypeError, match="id_l must be one record id"):
        result.explain(many, b)
    with pytest.raises(TypeError, match="id_r must be one record id"):
        result.explain(a, many)
    assert result.explain(a, b).id_l == a  # one id each: explained as before


def test_pairs_list_a_veto_only_where_it_overrules_the_model() -> None:
    """Listed: pairs at or above the floor, pairs for review and forced merges; a twin,
    family or namesake veto only where the model alone would have reached the floor."""
    voters = synth.voters(3_000, seed=4).voters
    result = sidalih.deduplicate(voters, u_pairs=50_000)
    listed = result.pairs
    vetoes = pl.col("verdict").is_in(["twin", "family", "namesake"])
    assert (listed.filter(vetoes)["match_probability"] >= 0.5).all()
    every = sidalih.deduplicate(voters, model=result.model, pairs_floor=0.0).pairs
    assert every.filter(vetoes & (pl.col("match_probability") < 0.5)).height > 0
    keys = set(zip(listed["id_l"], listed["id_r"], strict=True))
    review = every.filter(pl.col("verdict").is_in(["nik_clash", "identical"]))
    assert review.height > 0
    assert set(zip(review["id_l"], review["id_r"], strict=True)) <= keys
    above = every.filter(pl.col("match_probability") >= 0.5)
    assert set(zip(above["id_l"], above["id_r"], strict=True)) <= keys


def test_the_label_free_estimate_is_made_once_per_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """summary() and accuracy() read one estimate: on millions of matched pairs it costs
    as much as the run (a 50k list of 100 copies: 7.9 s each, against 8.3 s for the run)."""
    from sidalih.api import _result

    calls = []
    real = _result.estimate_accuracy

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("by"))
        return real(*args, **kwargs)

    monkeypatch.setattr(_result, "estimate_accuracy", counted)
    result = sidalih.deduplicate(synth.voters(2_000, seed=3).voters)
    first = result.accuracy()
    first["precision"] = -1.0  # a caller's change stays the caller's
    summary = result.summary()
    assert result.accuracy()["precision"] == summary.estimated["precision"] >= 0
    assert calls == [None]
    result.accuracy(by="kode_desa")  # per group: made for the call
    assert calls == [None, "kode_desa"]
