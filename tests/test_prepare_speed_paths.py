"""Preparing a list does its text work once per distinct value, and counts NIKs cheaply.

Issue 23 (prepare at 1M rows in a fraction of the time, outputs identical): the name, birth
date, village-code, place, sex and marital columns are computed on each distinct value
once and gathered back to the rows (:func:`sidalih.kernels.distinct.distinct_rows`
numbers text, a table of days numbers dates), the grouped count of people per NIK runs
only on the rows whose NIK is on more than ``max_records_per_nik`` rows, found by
sorting the NIKs' integers, and a family card typed as the NIK is voided on its own rows.

- the numbering kernel equals a naive dictionary numbering (first appearance, null
  -1), on random text, empty strings, nulls and a table that has to grow;
- ``_by_distinct`` equals its work done on every row, whatever the work and the values
  (text, and dates numbered by day);
- a list prepared through these paths equals the list prepared whole (every column,
  dtype, value and row order) on random synthetic and damaged rows that repeat, with
  placeholder NIKs on many rows, and on the 100,000-row synthetic list.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import sidalih
import sidalih.kernels.distinct as distinct
import sidalih.nik._holders as holders
import sidalih.prepare as prepare_module
from sidalih.engine import prepare_records
from sidalih.names._normalise import _buffers

REF = dt.date(2024, 2, 14)
DUMMY = "3271014101900001"
NIKS = [DUMMY, "3271014101900002", "1111111111111111", "327101150895****", "", "abc",
        "3.27101E+15", "3271 0141 0190 0001", "0912345678901234", "３２７１０１４１０１９０００１"]  # fmt: skip
NAMES = ["", " ", "D O D I", "Dr. H. Moch. Soekarno, S.H.", "I Md. Suta bin Wayan, S.Pd.",
         "A. B. C.", ",,,", "12345", "Jösé Ñúñez", "M. Yusuf", "Md Ali", "Ni Luh Putu Ayu",
         "Tjipto Djojo", "ALI, S.E., M.M.", "Ahmad bin", "bin Umar", "I", "Muhammad",
         "Siti Aminah", "siti  aminah", "SITI AMINAH", "x" * 300]  # fmt: skip
PLACES = ["", "KAB. BOGOR", "Kota  Bogor", "bogor", "-", "Kodya Surabaya", "Jakarta Selatan"]
CODES = ["", "3271010001", "32.71.01.1001", "32 71 01 1001", "abc", "3271"]
SEXES = ["", "L", "p", "Laki-laki", "PEREMPUAN", "female", "?", "1", " w "]
MARITAL = ["", "B", "kawin", "CERAI MATI", "belum_kawin", "widowed", "?"]
DATES = ["", "31-02-1980", "0001-01-01", "29221", "05/03/75", "15 Agustus 1945", "01-07-1980",
         "'01-01-1990", "1980-07-05", "01-13-1990", "9999-12-31", "abc", " 12-12-1912 "]  # fmt: skip
SYNTH = sidalih.synth.voters(300, seed=23).voters


def _naive_numbers(values: list[bytes | None]) -> tuple[list[int], list[int]]:
    seen: dict[bytes, int] = {}
    codes, first = [], []
    for row, value in enumerate(values):
        if value is None:
            codes.append(-1)
            continue
        if value not in seen:
            seen[value] = len(first)
            first.append(row)
        codes.append(seen[value])
    return codes, first


def _arrays(values: list[bytes | None]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum([0 if v is None else len(v) for v in values], out=offsets[1:])
    data = np.frombuffer(b"".join(v for v in values if v is not None) or b"\0", dtype=np.uint8)
    return offsets, data, np.array([v is not None for v in values], dtype=np.bool_)


@contextmanager
def _small_table(values: int) -> Iterator[None]:
    """The hash table starts with room for ``values``: growing it is exercised."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(distinct, "_START", values)
        yield


_BYTES = st.one_of(st.none(), st.binary(max_size=6), st.sampled_from([b"", b"a", b"ab", b"ba"]))


@settings(max_examples=200, deadline=None)
@given(values=st.lists(_BYTES, max_size=80), start=st.sampled_from([1, 2, 5, 1 << 14]))
def test_numbers_equal_a_dictionary_numbering(values: list[bytes | None], start: int) -> None:
    with _small_table(start):
        codes, first = distinct.distinct_rows(*_arrays(values))
    assert (codes.tolist(), first.tolist()) == _naive_numbers(values)


def test_numbers_of_colliding_slots_and_long_runs() -> None:
    """Thousands of distinct values (the table grows many times, slots collide) in runs
    of a repeated value (the previous-row shortcut) and nulls between them."""
    rng = random.Random(5)
    words = [f"{rng.randrange(10**6)}".encode() for _ in range(5000)]
    values: list[bytes | None] = []
    for _ in range(20_000):
        values += [rng.choice(words)] * rng.randint(1, 3) + [None] * rng.randint(0, 1)
    with _small_table(1):
        codes, first = distinct.distinct_rows(*_arrays(values))
    assert (codes.tolist(), first.tolist()) == _naive_numbers(values)


def test_numbers_of_a_polars_column_read_in_place() -> None:
    """From the Arrow buffers prepare reads (a sliced, chunked column with nulls)."""
    column = pl.concat([pl.Series(["b", None, "a", "b"] * 50), pl.Series(["é", "a", ""] * 50)])
    column = column.slice(3, 300)
    codes, first = distinct.distinct_rows(*_buffers(column))
    values = [None if v is None else v.encode() for v in column.to_list()]
    assert (codes.tolist(), first.tolist()) == _naive_numbers(values)


# ------------------------------------------------------------------ _by_distinct


def _works() -> st.SearchStrategy[Any]:
    def lengths(s: pl.Series) -> pl.DataFrame:
        return s.to_frame("v").select(pl.col("v").str.len_bytes(), (pl.col("v") + "!").alias("w"))

    def null_is_text(s: pl.Series) -> pl.DataFrame:
        # the work decides what a null gives (here, a value)
        return s.to_frame("v").select(pl.col("v").fill_null("kosong"), pl.col("v").is_null().alias("null"))

    return st.sampled_from([lengths, null_is_text])


@settings(max_examples=100, deadline=None)
@given(pool=st.lists(st.one_of(st.none(), st.text(max_size=8)), min_size=1, max_size=30),
       n=st.integers(0, 400), seed=st.integers(0, 2**32), work=_works())
def test_by_distinct_equals_the_work_on_every_row(pool: list[str | None], n: int, seed: int,
                                                  work: Any) -> None:
    values = pl.Series("v", random.Random(seed).choices(pool, k=n), dtype=pl.String)
    assert_frame_equal(prepare_module._by_distinct(values, work), work(values))


def _date_work(s: pl.Series) -> pl.DataFrame:
    return s.to_frame("v").select(pl.col("v").dt.offset_by("1d"), pl.col("v").is_null().alias("n"))


@settings(max_examples=100, deadline=None)
@given(pool=st.lists(st.one_of(st.none(), st.dates(), st.dates(dt.date(1950, 1, 1), dt.date(1953, 1, 1))),
                     min_size=1, max_size=30),
       n=st.integers(129, 400), seed=st.integers(0, 2**32))
def test_by_distinct_equals_the_work_on_every_row_of_dates(pool: list[dt.date | None], n: int,
                                                           seed: int) -> None:
    """Dates close together (a table of days) or far apart (sorted)."""
    values = pl.Series("v", random.Random(seed).choices(pool, k=n), dtype=pl.Date)
    assert_frame_equal(prepare_module._by_distinct(values, _date_work), _date_work(values))


def test_by_distinct_does_the_work_once_per_value() -> None:
    seen: list[int] = []

    def work(s: pl.Series) -> pl.DataFrame:
        seen.append(len(s))
        return s.to_frame("v").select(pl.col("v").str.to_uppercase())

    values = pl.Series("v", ["a", "b", None, "a"] * 100, dtype=pl.String)
    out = prepare_module._by_distinct(values, work)
    assert seen == [3]  # "a", "b" and the null
    assert out["v"].to_list() == ["A", "B", None, "A"] * 100


# ------------------------------------------------------------------ prepared whole


def _void_by_expression(columns: dict[str, pl.Series], rows: pl.Series) -> None:
    """The family card typed as the NIK voided as before: an expression over every row."""
    names = ("nik", "nik_placeholder", "nik_masked12", "nik_value", "nik_masked12_value")
    piece = pl.DataFrame([columns[name].alias(name) for name in names])
    voided = prepare_module._void(piece, pl.int_range(pl.len()).is_in(rows.implode()))
    columns.update({name: voided.get_column(name) for name in names})


@contextmanager
def _whole() -> Iterator[None]:
    """Prepare as before issue 23: the work on every row, people counted on every NIK,
    the card typed as the NIK voided by an expression over every row."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prepare_module, "_by_distinct", lambda values, work: work(values))
        patch.setattr(holders, "_held_by_many", lambda prepared, most: prepared)
        patch.setattr(prepare_module, "_void_rows", _void_by_expression)
        yield


def _maybe(pool: list[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.sampled_from(pool), st.none(), st.text(max_size=12))


@st.composite
def lists(draw: st.DrawFn) -> pl.DataFrame:
    """129-400 rows (past the few-rows paths) drawn with repetition from a small pool of
    synthetic rows with damaged values: names, places, codes and birth dates repeat, as
    in a list. Birth dates are dates (some null) or text (some damaged)."""
    text_dates = draw(st.booleans())
    pool = []
    for _ in range(draw(st.integers(1, 12))):
        row = SYNTH.row(draw(st.integers(0, SYNTH.height - 1)), named=True)
        if text_dates:
            row["tanggal_lahir"] = row["tanggal_lahir"].strftime("%d-%m-%Y")
            if draw(st.integers(0, 2)) == 0:
                row["tanggal_lahir"] = draw(_maybe(DATES))
        elif draw(st.integers(0, 4)) == 0:
            row["tanggal_lahir"] = draw(st.one_of(st.none(), st.dates()))
        for column, values in (("nik", NIKS), ("nkk", NIKS), ("nama", NAMES),
                               ("tempat_lahir", PLACES), ("kode_desa", CODES),
                               ("jenis_kelamin", SEXES), ("status_kawin", MARITAL)):  # fmt: skip
            if draw(st.integers(0, 2)) == 0:
                row[column] = draw(_maybe(values))
        if draw(st.integers(0, 5)) == 0:
            row["nkk"] = row["nik"]  # the family card typed as the NIK
        pool.append(row)
    rng = random.Random(draw(st.integers(0, 2**32)))
    rows = [dict(rng.choice(pool)) for _ in range(draw(st.integers(129, 400)))]
    for k, row in enumerate(rows):
        row["id"] = f"r{k}"
        if rng.random() < 0.3:
            row["nik"] = rng.choice(NIKS)  # dummies and junk on many rows
    dates = pl.String if text_dates else pl.Date
    return pl.DataFrame(rows, schema={**SYNTH.schema, "id": pl.String, "tanggal_lahir": dates})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=lists(), ref=st.sampled_from([REF, None]))
def test_a_list_prepared_by_distinct_values_equals_it_prepared_whole(
    frame: pl.DataFrame, ref: dt.date | None
) -> None:
    fast = prepare_records(frame, schema="voter", reference_date=ref)
    with _whole():
        whole = prepare_records(frame, schema="voter", reference_date=ref)
    assert_frame_equal(fast, whole)


def test_a_synthetic_list_prepared_by_distinct_values_equals_it_prepared_whole() -> None:
    frame = sidalih.synth.voters(100_000, seed=2024).voters
    fast = prepare_records(frame, schema="voter", reference_date=None)
    with _whole():
        whole = prepare_records(frame, schema="voter", reference_date=None)
    assert_frame_equal(fast, whole)


@pytest.mark.parametrize("copies", [4, 5, 9])
def test_a_nik_on_many_rows_is_counted_as_before(copies: int) -> None:
    """A dummy NIK on ``copies`` rows naming several people, and a repeated row: only
    the dummy past the bound is voided, on both paths."""
    frame = SYNTH.with_columns(
        nik=pl.when(pl.int_range(pl.len()) < copies).then(pl.lit(DUMMY))
        .when(pl.int_range(pl.len()).is_between(10, 19)).then(pl.lit("3271014101900002"))
        .otherwise(pl.col("nik")),
        nama=pl.when(pl.int_range(pl.len()).is_between(10, 19)).then(pl.lit("Ani"))
        .otherwise(pl.col("nama")),
        tanggal_lahir=pl.when(pl.int_range(pl.len()).is_between(10, 19))
        .then(pl.lit(dt.date(1990, 1, 1))).otherwise(pl.col("tanggal_lahir")),
    )
    fast = prepare_records(frame, schema="voter", reference_date=REF)
    with _whole():
        whole = prepare_records(frame, schema="voter", reference_date=REF)
    assert_frame_equal(fast, whole)
    assert (fast["nik_placeholder"] == DUMMY).sum() == (copies if copies > 4 else 0)
    assert fast["nik"].to_list()[10:20] == ["3271014101900002"] * 10  # one person, repeated
