"""Fast look-ups (issue 20), second round: the registry's own steps around one record.

A look-up's key hashes evaluate each distinct key once and hash them one expression
after another (polars' thread pool costs more than a row's work, and on a busy machine
the wait for it was several times the work); one query row descends the index with
scalars; a record with the registry's columns has only its odd-typed columns cast; a
record already under canonical names is not renamed (and the caller's frame is left
as it was); a commit's records are stored as one Parquet row group, read back as one
chunk per column (a gather from a dozen chunks took longer). Each new path is held to the old one on random input; the structural tests
fail on the code before (they refuse the frame operation it ran).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sidalih.registry._index as index_module
from sidalih.blocking import block_on, default_rules
from sidalih.engine import prepare_records
from sidalih.errors import DuplicateColumnError
from sidalih.registry._conform import _conform, conform
from sidalih.registry._index import KeyIndex, rule_hashes
from sidalih.registry._store import Store, insert_chunk
from sidalih.schema import column_mapping, standardise_polars
from sidalih.synth import voters

ELECTION = "2029-02-14"
_BLANKS = ["", " ", "\u3000", "\x1c"]  # the last is no whitespace to polars


def _refused(*args: object, **kwargs: object) -> None:
    raise AssertionError("a look-up step ran a frame operation it no longer needs")


def _general(call: Any, *args: Any) -> Any:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(index_module, "_FEW", -1)
        return call(*args)


# --------------------------------------------------------------------------- key hashes

_rows = st.fixed_dictionaries({
    "t": st.one_of(st.none(), st.sampled_from(["a", "ab", "b", "10", *_BLANKS])),
    "u": st.one_of(st.none(), st.sampled_from(["x", "y", "xy", " "])),
    "d": st.one_of(st.none(), st.dates(dt.date(1940, 1, 1), dt.date(2010, 12, 31))),
    "y": st.one_of(st.none(), st.integers(1940, 1945)),
    "b": st.one_of(st.none(), st.booleans()),
    "f": st.one_of(st.none(), st.sampled_from([float("nan"), 0.0, -0.0, 1.5])),
})
_SCHEMA = {"t": pl.String, "u": pl.String, "d": pl.Date, "y": pl.Int16, "b": pl.Boolean,
           "f": pl.Float64}
# Keys shared between rules, derived keys, and refinement keys of every type.
_RULES = [
    block_on("t", refine_with=["d", "y"]),
    block_on("t", "u", refine_with=["b"]),
    block_on(pl.col("t").str.slice(0, 1).alias("t1"), "y", name="t1_y", refine_with=["f"]),
    block_on("d", refine_with=["t", pl.col("u").str.to_uppercase()]),
    block_on("y", "b"),
    block_on(pl.when(pl.col("b")).then(pl.col("d")).otherwise(None).alias("db"), name="db"),
    block_on(pl.col("d").dt.month().cast(pl.Int32).alias("m"), "u", name="m_u"),
    block_on("f", "t"),
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_rows, min_size=0, max_size=16),
       chosen=st.lists(st.sampled_from(range(len(_RULES))), min_size=1, max_size=len(_RULES)),
       levels=st.lists(st.integers(0, 2), min_size=len(_RULES), max_size=len(_RULES)))
def test_few_rows_hash_as_many_with_shared_and_typed_keys(rows: list[dict[str, object]],
                                                          chosen: list[int],
                                                          levels: list[int]) -> None:
    """Any choice of rules (one alone too: its hashes are one column), repeats included."""
    frame = pl.DataFrame(rows, schema=_SCHEMA)
    rules = [_RULES[u] for u in chosen]
    levels = [min(levels[u], len(_RULES[u].refine_with)) for u in chosen]
    got = rule_hashes(frame, rules, levels)
    want = _general(rule_hashes, frame, rules, levels)
    assert got.dtype == want.dtype == np.int64
    assert got.tolist() == want.tolist()


def test_few_rows_hash_without_the_thread_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sequential frame operations: each distinct key evaluated once, then hashed."""
    listed = voters(20, seed=3).voters
    one = prepare_records(listed[4:5], schema="voter", reference_date=ELECTION)
    rules = default_rules()
    want = _general(rule_hashes, one, rules)
    seen: list[int] = []
    select_seq = pl.DataFrame.select_seq

    def counted(self: pl.DataFrame, *exprs: Any, **named: Any) -> pl.DataFrame:
        seen.append(len(exprs[0]) if exprs and isinstance(exprs[0], list) else len(exprs))
        return select_seq(self, *exprs, **named)

    monkeypatch.setattr(pl.DataFrame, "select", _refused)
    monkeypatch.setattr(pl.DataFrame, "with_columns", _refused)
    monkeypatch.setattr(pl.DataFrame, "select_seq", counted)
    got = rule_hashes(one, rules)
    assert got.tolist() == want.tolist()
    keys = {str(k) for r in rules for k in r.keys}
    assert seen == [len(keys), len(rules)]  # a key several rules share is evaluated once


# --------------------------------------------------------------------------- one query row

_cells = st.fixed_dictionaries({
    "a": st.one_of(st.none(), st.sampled_from(["p", "q", " "])),
    "b": st.one_of(st.none(), st.sampled_from(["x", "y", "z"])),
    "c": st.integers(0, 2),
})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(held=st.lists(_cells, min_size=1, max_size=30), queries=st.lists(_cells, min_size=1,
                                                                        max_size=6),
       bound=st.integers(1, 4))
def test_one_query_row_descends_as_many(held: list[dict[str, object]],
                                        queries: list[dict[str, object]], bound: int) -> None:
    schema = {"a": pl.String, "b": pl.String, "c": pl.Int64}
    rows = pl.DataFrame(held, schema=schema)
    rules = [block_on("a", refine_with=["b", "c"]), block_on("b", refine_with=["c"]),
             block_on("a", "c")]
    index = KeyIndex(rows, np.arange(rows.height), rules, bound=bound)
    for i in range(len(queries)):
        one = pl.DataFrame(queries[i:i + 1], schema=schema)
        q, r = index.candidates(one)
        want_q, want_r = _general(index.candidates, one)
        assert q.dtype == r.dtype == np.int64
        assert q.tolist() == want_q.tolist() and r.tolist() == want_r.tolist()


# --------------------------------------------------------------------------- conform

_HELD = pl.DataFrame({"id": ["1"], "nik": ["3271014101900001"], "tanggal_lahir": [dt.date(1990, 1, 1)],
                      "birth_year": pl.Series([1990], dtype=pl.Int16), "flag": [True]})
_given_types = st.fixed_dictionaries({
    "nik": st.sampled_from([pl.String, pl.Null, pl.Int64]),
    "tanggal_lahir": st.sampled_from([pl.Date, pl.String, pl.Null]),
    "birth_year": st.sampled_from([pl.Int16, pl.Int64, pl.Null, pl.Float64]),
    "flag": st.sampled_from([pl.Boolean, pl.Null]),
})
_VALUES: dict[Any, list[Any]] = {pl.String: ["3271014101900001", "01-02-1990", "x", None],
                                 pl.Int64: [1990, None], pl.Int16: [1991, None],
                                 pl.Float64: [1992.0, None], pl.Date: [dt.date(1991, 2, 3)],
                                 pl.Boolean: [False, None], pl.Null: [None]}


@settings(max_examples=150, deadline=None)
@given(types=_given_types, data=st.data(), order=st.permutations(["nik", "tanggal_lahir",
                                                                   "birth_year", "flag"]),
       drop=st.sampled_from([None, "flag", "birth_year"]))
def test_conform_equals_a_select_of_every_column(types: dict[str, Any], data: st.DataObject,
                                                 order: list[str], drop: str | None) -> None:
    columns = {"id": pl.Series("id", ["q"])}
    for name in order:
        if name != drop:
            value = data.draw(st.sampled_from(_VALUES[types[name]]))
            columns[name] = pl.Series(name, [value], dtype=types[name])
    frame = pl.DataFrame(list(columns.values()))
    want = frame.select([_conform(frame.schema, c, t) for c, t in _HELD.schema.items()])
    got = conform(frame, _HELD)
    assert got.schema == want.schema and got.equals(want)


def test_a_record_with_the_registry_columns_is_cast_in_place(monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """A dict record's empty field arrives typed Null: that column alone is cast."""
    frame = pl.DataFrame({"id": ["q"], "nik": [None], "tanggal_lahir": [dt.date(1990, 1, 1)],
                          "birth_year": pl.Series([1990], dtype=pl.Int16), "flag": [True]})
    want = frame.select([_conform(frame.schema, c, t) for c, t in _HELD.schema.items()])
    monkeypatch.setattr(pl.DataFrame, "select", _refused)
    monkeypatch.setattr(pl.DataFrame, "select_seq", _refused)
    monkeypatch.setattr(pl.DataFrame, "schema", property(_refused))
    got = conform(frame, _HELD)
    monkeypatch.undo()
    assert got.equals(want) and got.dtypes == _HELD.dtypes
    assert conform(want, _HELD) is want  # nothing to do: the frame itself


# --------------------------------------------------------------------------- standardise


def test_canonical_headers_are_not_renamed(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pl.DataFrame({"id": ["1"], "nama": ["SITI"], "nik": ["3271014101900001"]})
    monkeypatch.setattr(pl.DataFrame, "rename", _refused)
    assert standardise_polars(frame).equals(frame)


@pytest.mark.parametrize("frame", [
    pl.DataFrame({"nama": ["SITI"], "nik": ["3271014101900001"]}),  # canonical, no id
    pl.DataFrame({"NAMA": ["SITI"], "nik": [3271014101900001]}),
    pl.DataFrame({"nik": ["3271014101900001"], "id": ["a"], "nama": ["SITI"]}),
])
def test_the_callers_frame_is_left_as_it_was(frame: pl.DataFrame) -> None:
    before = frame.clone()
    out = standardise_polars(frame)
    assert frame.equals(before) and frame.columns == before.columns
    assert out.columns[0] == "id"


def test_remembered_mappings_are_copies() -> None:
    first = column_mapping(["NAMA", "TGL LAHIR", "warna"])
    first["warna"] = "nama"
    assert column_mapping(["NAMA", "TGL LAHIR", "warna"]) == {"NAMA": "nama",
                                                            "TGL LAHIR": "tanggal_lahir"}
    with pytest.raises(DuplicateColumnError, match="all mean 'nama'"):
        column_mapping(["NAMA", "nama_lengkap"])
    with pytest.raises(DuplicateColumnError, match="all mean 'nama'"):  # a refused one is not kept
        column_mapping(["NAMA", "nama_lengkap"])


# --------------------------------------------------------------------------- store


def test_a_commit_is_read_back_as_one_chunk(tmp_path: Any) -> None:
    """More rows than polars' default row group (512**2): still one chunk per column."""
    rows = 2**18 + 5
    frame = pl.DataFrame({"id": pl.int_range(rows, eager=True).cast(pl.String),
                          "x": pl.int_range(rows, eager=True)})
    store = Store.initialise(tmp_path / "r", {})
    with store.write() as db:
        insert_chunk(db, 1, 0, frame)
        insert_chunk(db, 2, rows, frame[:3])
    chunks = store.read_chunks()
    store.close()
    assert [c.height for c in chunks] == [rows, 3]
    assert [set(c.n_chunks("all")) for c in chunks] == [{1}, {1}]
    assert chunks[0].equals(frame)
