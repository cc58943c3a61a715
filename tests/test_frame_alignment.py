"""pandas results line up with the caller's frame; no repr or str shows a NIK (issue 22).

pandas assigns a Series into a frame by index label. ``clusters`` and the findings of
``check`` came back on a fresh RangeIndex, so ``df["cluster"] = result.clusters[...]``
on a shuffled or filtered frame put cluster ids on other rows; ids kept in a named index
(``df.set_index("id")``) were lost (clusters showed row numbers); ``repr`` of an
explanation showed full NIKs; ``to_parquet`` wrote into the target folder file by file.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sidalih
from sidalih import errors, synth
from sidalih._folders import check_folder
from sidalih.cluster import cluster_ids
from sidalih.schema import standardise

N = 240
ELECTION = "2024-02-14"
SIXTEEN_DIGITS = re.compile(r"[0-9]{16}")
INDEX_KINDS = ("range", "ints", "strings", "duplicated", "multi")


@pytest.fixture(scope="module")
def voters() -> pd.DataFrame:
    """A small list with many duplicates, so cluster ids differ from ids on many rows."""
    return synth.voters(N, seed=5, duplicate_rate=0.25).voters.to_pandas()


@pytest.fixture(scope="module")
def model(voters: pd.DataFrame) -> sidalih.Model:
    return sidalih.deduplicate(voters).model


@pytest.fixture(scope="module")
def cluster_of(voters: pd.DataFrame, model: sidalih.Model) -> dict[str, str]:
    clusters = sidalih.deduplicate(voters, model=model).clusters
    return dict(zip(clusters["id"], clusters["cluster_id"], strict=True))


def _index(kind: str, n: int, rng: np.random.Generator) -> pd.Index:
    if kind == "range":  # the positions of the original frame, as sample() leaves them
        return pd.Index(rng.permutation(N)[:n])
    if kind == "ints":
        return pd.Index(rng.choice(10**12, size=n, replace=False), name="row")
    if kind == "strings":
        return pd.Index([f"r{v}" for v in rng.choice(10**6, size=n, replace=False)])
    if kind == "duplicated":
        return pd.Index(rng.integers(0, max(n // 3, 1), size=n))
    return pd.MultiIndex.from_arrays([rng.integers(0, 5, size=n), np.arange(n)],
                                     names=["tps", "n"])


@st.composite
def reshaped(draw: Any) -> tuple[np.ndarray, str, int]:
    """Rows to keep (a random subset, in a random order), an index kind and its seed."""
    order = np.array(draw(st.permutations(range(N))))
    keep = draw(st.integers(min_value=0, max_value=N))
    return order[:keep], draw(st.sampled_from(INDEX_KINDS)), draw(st.integers(0, 2**32 - 1))


def _reshape(voters: pd.DataFrame, rows: np.ndarray, kind: str, seed: int) -> pd.DataFrame:
    frame = voters.iloc[rows].copy()
    frame.index = _index(kind, len(rows), np.random.default_rng(seed))
    return frame


def _label_of_id(frame: pd.DataFrame) -> dict[str, Any]:
    return dict(zip(frame["id"], frame.index, strict=True))


# -- deduplicate: clusters are on the caller's index ----------------------------------------


# Each example deduplicates up to 240 rows (about half a second): few examples, each a
# different index kind, order and subset.
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reshaped())
def test_clusters_assign_back_to_their_own_rows(
    voters: pd.DataFrame, model: sidalih.Model, cluster_of: dict[str, str],
    case: tuple[np.ndarray, str, int],
) -> None:
    frame = _reshape(voters, *case)
    clusters = sidalih.deduplicate(frame, model=model).clusters
    assert clusters.index.equals(frame.index)
    # Assigned back by index, every row gets its own record's id, and so its own cluster.
    assigned = frame.assign(_id=clusters["id"], _cluster=clusters["cluster_id"])
    assert assigned["_id"].tolist() == frame["id"].tolist()
    members = assigned.groupby("_cluster")["id"].agg(list)
    for cluster, ids in members.items():
        assert cluster == min(ids)
    if len(case[0]) == N:  # every row, only reordered: the same clusters as in list order
        assert assigned["_cluster"].tolist() == [cluster_of[i] for i in frame["id"]]


def test_the_reported_case_sample_and_filter(voters: pd.DataFrame, model: sidalih.Model,
                                            cluster_of: dict[str, str]) -> None:
    shuffled = voters.sample(frac=1, random_state=0)
    shuffled["cluster"] = sidalih.deduplicate(shuffled, model=model).clusters["cluster_id"]
    assert shuffled["cluster"].tolist() == [cluster_of[i] for i in shuffled["id"]]
    some = voters[voters.index % 3 > 0].copy()
    some["cluster_id_of"] = sidalih.deduplicate(some, model=model).clusters["id"]
    assert some["cluster_id_of"].tolist() == some["id"].tolist()


def test_pairs_are_not_rows_and_keep_a_fresh_index(voters: pd.DataFrame,
                                                   model: sidalih.Model) -> None:
    shuffled = voters.sample(frac=1, random_state=1)
    pairs = sidalih.deduplicate(shuffled, model=model).pairs
    assert len(pairs) > 0 and pairs.index.equals(pd.RangeIndex(len(pairs)))


def test_polars_and_pyarrow_results_are_unchanged(voters: pd.DataFrame,
                                                  model: sidalih.Model) -> None:
    frame = pl.from_pandas(voters.sample(frac=1, random_state=2))
    clusters = sidalih.deduplicate(frame, model=model).clusters
    assert clusters["id"].to_list() == frame["id"].to_list()
    table = sidalih.deduplicate(frame.to_arrow(), model=model).clusters
    assert table.column("id").to_pylist() == frame["id"].to_list()


def test_cluster_ids_of_a_pandas_series_keep_its_index() -> None:
    ids = pd.Series(["v-9", "v-3", "v-5"], index=[30, 10, 20])
    out = cluster_ids([0, 0, 2], ids)
    assert out.index.equals(ids.index) and out.tolist() == ["v-3", "v-3", "v-5"]


# -- ids kept in a named index ------------------------------------------------------------


@pytest.mark.parametrize("name", ["id", "unique_id", "NO", "ID Pemilih"])
def test_ids_in_a_named_index_are_the_ids(voters: pd.DataFrame, model: sidalih.Model,
                                          cluster_of: dict[str, str], name: str) -> None:
    frame = voters.sample(frac=1, random_state=3).set_index("id").rename_axis(name)
    result = sidalih.deduplicate(frame, model=model)
    clusters = result.clusters
    # The ids stay where the caller put them: in the index, not also in a column
    # (pandas calls a name that is both ambiguous in merge, groupby and sort_values).
    assert clusters.index.equals(frame.index) and list(clusters.columns) == ["cluster_id"]
    assert clusters["cluster_id"].tolist() == [cluster_of[i] for i in frame.index]
    assert set(result.pairs["id_l"]) <= set(frame.index)
    merged = clusters.merge(frame, on=name)  # by the index level: not ambiguous
    assert len(merged) == len(frame)


def test_an_index_that_is_not_an_id_stays_an_index(voters: pd.DataFrame,
                                                   model: sidalih.Model) -> None:
    frame = voters.drop(columns="id").set_index("nik", drop=False).rename_axis("kunci")
    clusters = sidalih.deduplicate(frame, model=model).clusters
    assert clusters["id"].tolist() == list(range(len(frame)))  # row numbers, as always
    assert clusters.index.equals(frame.index)


def test_a_column_of_ids_wins_over_an_index_named_as_one(voters: pd.DataFrame,
                                                          model: sidalih.Model) -> None:
    frame = voters.rename(columns={"id": "NO"}).set_axis(
        pd.Index([f"x{i}" for i in range(N)], name="unique_id"))
    clusters = sidalih.deduplicate(frame, model=model).clusters
    assert clusters["id"].tolist() == frame["NO"].tolist()
    assert clusters.index.equals(frame.index)


def test_repeated_ids_in_an_id_index_are_refused(voters: pd.DataFrame) -> None:
    frame = voters.set_index("id")
    frame.index = [*frame.index[:-1], frame.index[0]]
    frame.index.name = "id"
    with pytest.raises(errors.DuplicateIdError, match="repeat"):
        sidalih.deduplicate(frame)


def test_link_keeps_ids_from_indexes_and_a_fresh_index(voters: pd.DataFrame,
                                                       model: sidalih.Model) -> None:
    left = voters.iloc[: N // 2].set_index("id").sample(frac=1, random_state=4)
    right = voters.iloc[N // 3:].set_index("id")
    result = sidalih.link(left, right, model=model)
    clusters = result.clusters
    assert clusters.index.equals(pd.RangeIndex(len(left) + len(right)))
    assert clusters["id"].tolist() == [*left.index, *right.index]
    assert clusters["source"].tolist() == ["l"] * len(left) + ["r"] * len(right)
    assert set(result.pairs["id_l"]) <= set(left.index)


def test_standardise_keeps_the_index(voters: pd.DataFrame) -> None:
    frame = voters.sample(frac=1, random_state=5)
    assert standardise(frame).index.equals(frame.index)
    by_id = standardise(frame.set_index("id").rename_axis("NO"))
    assert by_id.index.equals(frame.set_index("id").index) and "id" not in by_id.columns


# -- check: each finding is labelled with its row -------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reshaped())
def test_findings_carry_the_label_of_their_row(voters: pd.DataFrame,
                                               case: tuple[np.ndarray, str, int]) -> None:
    frame = _reshape(voters, *case)
    findings = sidalih.check(frame, election_date=ELECTION).findings
    label_of = _label_of_id(frame)
    assert list(findings.index) == [label_of[i] for i in findings["id"]]


def test_findings_of_an_id_index_keep_the_ids_there(voters: pd.DataFrame) -> None:
    frame = voters.set_index("id").sample(frac=1, random_state=6)
    result = sidalih.deduplicate(frame)
    report = sidalih.check(frame, election_date=ELECTION, result=result)
    findings = report.findings
    assert len(findings) > 0 and "id" not in findings.columns
    assert set(findings.index) <= set(frame.index)
    assert "duplicate" in set(findings["check"])  # result.clusters read through its index
    assert report.notes == ()


# -- repr and str never show a NIK ------------------------------------------------------------


def test_repr_and_str_of_every_result_mask_nik_ids(voters: pd.DataFrame) -> None:
    frame = voters.assign(id=[f"3271014101{i:06d}" for i in range(N)])  # ids are NIKs
    result = sidalih.deduplicate(frame)
    pair = result.pairs.iloc[0]
    objects = {
        "Result": result,
        "Summary": result.summary(),
        "Explanation": result.explain(pair["id_l"], pair["id_r"]),
        "CheckReport": sidalih.check(frame, election_date=ELECTION, result=result),
        "Model": result.model,
    }
    for name, obj in objects.items():
        for shown in (repr(obj), str(obj)):
            assert not SIXTEEN_DIGITS.search(shown), (name, SIXTEEN_DIGITS.findall(shown)[:3])
    shown = repr(objects["Explanation"])
    assert "3271" in shown  # masked, not removed
    # Weights stay readable: floats are shown too short to be taken for a NIK.
    assert re.search(r"match_weight=-?[0-9.e+-]+, match_probability=[0-9.e+-]+,", shown)


# -- to_parquet is atomic ---------------------------------------------------------------------


def test_to_parquet_replaces_an_earlier_result_whole(voters: pd.DataFrame, model: sidalih.Model,
                                                     tmp_path: Path) -> None:
    target = tmp_path / "out"
    assert sidalih.deduplicate(voters).to_parquet(target) == target
    assert (target / "model.json").exists()
    # One row trains no model: its result has no model.json, so written file by file
    # into the folder it would sit beside the first run's model.
    sidalih.deduplicate(voters.iloc[:1]).to_parquet(target)
    assert pl.read_parquet(target / "clusters.parquet").height == 1
    assert not (target / "model.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside
    assert "clusters.parquet" in check_folder(target).files  # a reader can tell it is whole


def test_an_interrupted_to_parquet_leaves_the_earlier_result(
    voters: pd.DataFrame, model: sidalih.Model, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "out"
    sidalih.deduplicate(voters.iloc[:100], model=model).to_parquet(target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    result = sidalih.deduplicate(voters, model=model)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", fail)
    with pytest.raises(OSError, match="disk full"):
        result.to_parquet(target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    with pytest.raises(OSError, match="disk full"):
        result.to_parquet(tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_to_parquet_never_deletes_other_files(voters: pd.DataFrame, model: sidalih.Model,
                                              tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(errors.InvalidParameterError, match=r"notes\.txt"):
        sidalih.deduplicate(voters.iloc[:50], model=model).to_parquet(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def _numbered_per_tps(frame: pd.DataFrame, per_tps: int = 60) -> pd.DataFrame:
    """``frame`` as a DPT prints it: ``NO`` restarts at 1 in every TPS."""
    return frame.drop(columns="id").assign(NO=[1 + k % per_tps for k in range(len(frame))])


def test_a_dpt_numbered_per_tps_is_numbered_by_row(voters: pd.DataFrame,
                                                  model: sidalih.Model,
                                                  cluster_of: dict[str, str]) -> None:
    """``NO`` repeats in a village's DPT (one run of numbers per TPS): the rows are
    numbered as ids, with a warning, instead of a DuplicateIdError; the clusters are the
    ones the list gets with its own ids, row for row."""
    frame = _numbered_per_tps(voters)
    with pytest.warns(errors.RowNumberWarning, match="'NO' repeats"):
        clusters = sidalih.deduplicate(frame, model=model).clusters
    assert clusters["id"].tolist() == list(range(len(frame)))
    by_row = [cluster_of[i] for i in voters["id"]]
    assert _same_partition(clusters["cluster_id"].tolist(), by_row)


def test_an_index_named_id_beside_a_repeating_no_gives_the_ids(
        voters: pd.DataFrame, model: sidalih.Model) -> None:
    """An index named ``id`` holds the ids where the ``NO`` column repeats; a unique ``NO``
    still wins (the test above); an ``id`` column beside a repeating ``NO`` keeps ``NO``
    as the column ``nomor``, without a warning."""
    frame = _numbered_per_tps(voters).set_axis(pd.Index(voters["id"], name="id"))
    clusters = sidalih.deduplicate(frame, model=model).clusters
    assert clusters.index.equals(frame.index)
    both = pl.from_pandas(_numbered_per_tps(voters).assign(id=voters["id"]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = standardise(both)
    assert out["id"].to_list() == voters["id"].tolist()
    assert out["nomor"].to_list() == both["NO"].to_list()


def _same_partition(a: list[Any], b: list[Any]) -> bool:
    """Whether two labellings of the same rows group them alike."""
    pairs = set(zip(a, b, strict=True))
    return len(pairs) == len(set(a)) == len(set(b))


def test_extension_types_and_repeated_arrow_headers_are_read_or_refused(
        voters: pd.DataFrame, model: sidalih.Model) -> None:
    """A birth date kept as a pandas daily Period is the date (its comparison kept); an
    Interval column is its text; a pyarrow table repeating a header is refused by name,
    as a pandas frame is (polars' own error named no column)."""
    import pyarrow as pa

    as_dates = sidalih.deduplicate(voters, model=model).pairs
    period = voters.assign(tanggal_lahir=pd.to_datetime(voters["tanggal_lahir"],
                                                        format="%Y-%m-%d").dt.to_period("D"))
    with_period = sidalih.deduplicate(period, model=model)
    assert with_period.pairs["match_weight"].tolist() == as_dates["match_weight"].tolist()
    interval = voters.assign(alamat=pd.arrays.IntervalArray.from_breaks(range(len(voters) + 1)))
    sidalih.check(interval, election_date=ELECTION)
    table = pa.table({"NIK": ["3271014101900001"], "NAMA": ["SITI"]})
    repeated = pa.Table.from_arrays([table["NIK"], table["NAMA"], table["NAMA"]],
                                    names=["NIK", "NAMA", "NAMA"])
    with pytest.raises(errors.DuplicateColumnError, match="'NAMA' appears 2 times"):
        sidalih.deduplicate(repeated)


@pytest.mark.parametrize("call", ["to_parquet", "save", "load"])
def test_a_path_that_is_none_is_a_typed_error(voters: pd.DataFrame, model: sidalih.Model,
                                              call: str) -> None:
    result = sidalih.deduplicate(voters.head(40), model=model)
    run = {"to_parquet": lambda: result.to_parquet(None),  # type: ignore[arg-type]
           "save": lambda: model.save(None),  # type: ignore[arg-type]
           "load": lambda: sidalih.Model.load(None)}[call]  # type: ignore[arg-type]
    with pytest.raises(errors.InputTypeError, match="must be a path"):
        run()
