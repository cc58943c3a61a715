"""Preparing a handful of records (a registry look-up) gives the rows the list gives.

``prepare_records`` on one row takes fast paths (issue 20: a look-up of one record in
milliseconds): per-token and per-value memos of the name, code and sex expressions,
the birth-date rules restated row by row (:mod:`sidalih.dates._rows`), Python loops
instead of polars calls. Their outputs must be the polars paths' outputs exactly:

- a record prepared alone equals the same record prepared in its list (what the
  registry relies on), on random small frames of synthetic and damaged rows;
- the fast paths equal the polars paths on the same frame (every column, dtype, value
  and row order), and the row-by-row date rules equal the polars calendar query on
  values of every kind;
- the prepared 5,000-row synthetic list is the frame the code gave before the fast
  paths (``tests/data/prepared_5k.parquet``).

The structural tests at the end (a known record runs no token table, a few dates run
no calendar query, a single NIK runs no grouped count) fail on the code before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import sidalih
import sidalih.dates._parse as date_parse
import sidalih.names._normalise as name_parse
import sidalih.names._tokens as name_tokens
import sidalih.prepare as prepare_module
from sidalih.dates import parse_birth_date
from sidalih.dates._rows import parse_rows
from sidalih.dates._values import parts_from_series
from sidalih.engine import prepare_records

REF = dt.date(2029, 2, 14)
DATA = Path(__file__).parent / "data" / "prepared_5k.parquet"
# Columns a record prepared alone may legitimately differ on from the same record in a
# list: a NIK on more than MAX_RECORDS_PER_NIK rows naming several people is voided
# over the list (its digits move from nik to nik_placeholder), never over one row.
LIST_COUNTED = ("nik", "nik_masked12", "nik_placeholder", "nik_value", "nik_masked12_value")

SYNTH = sidalih.synth.voters(400, seed=11).voters.with_columns(
    pl.col("tanggal_lahir").dt.strftime("%d-%m-%Y")
)
DUMMY = "3271014101900001"
NIKS = ["3.27101E+15", "3271010101900001.0", "'3271014101900001", "3271 0141 0190 0001",
        "327101410190001", "32710141019000010", "1111111111111111", "327101150895****",
        "", "   ", "-", "0912345678901234", "3271014101900000", "3271013202900001",
        "9999010101900001", "３２７１０１４１０１９０００１", "abc", DUMMY]  # fmt: skip
NAMES = ["", "D O D I", "Dr. H. Moch. Soekarno, S.H.", "I Md. Suta bin Wayan, S.Pd.",
         "A. B. C.", ",,,", "12345", "Jösé Ñúñez", "M. Yusuf", "Md Ali", "Ni Luh Putu Ayu",
         "Anak Agung Gede Ngurah", "Tjipto Djojo", "ALI, S.E., M.M.", "Ahmad bin", "bin Umar",
         "I", "Muhammad", "Nj. Njoman", " ".join(["Budi"] * 30), "x" * 300]  # fmt: skip
DATES = ["", "31-02-1980", "0001-01-01", "29221", "1071980", "05/03/75", "15 Agustus 1945",
         "01-07-1980 10:00", "'01-01-1990", "1980-07-05", "01-13-1990", "9999-12-31",
         "01/01/10", "1 Jan 2030", "abc", "60", "29-02-1900", "31-12-1960", " 12-12-1912 "]  # fmt: skip
CODES = ["", "LAKI-LAKI", "p", "Perempuan", "?", "KAB. BOGOR", "Kota  Bogor", "-", "CERAI MATI",
         "b", "kawin", "32.71.01.1001", "3271010001"]  # fmt: skip


def _maybe(pool: list[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.sampled_from(pool), st.none(), st.text(max_size=20))


@st.composite
def _rows(draw: st.DrawFn, n: int) -> list[dict[str, Any]]:
    rows = []
    for k in range(n):
        row = SYNTH.row(draw(st.integers(0, SYNTH.height - 1)), named=True)
        row["id"] = f"r{k}"
        for column, pool in (("nik", NIKS), ("nkk", NIKS), ("nama", NAMES),
                             ("tanggal_lahir", DATES), ("tempat_lahir", CODES),
                             ("jenis_kelamin", CODES), ("status_kawin", CODES),
                             ("kode_desa", CODES)):  # fmt: skip
            if draw(st.integers(0, 3)) == 0:  # a quarter of the values damaged
                row[column] = draw(_maybe(pool))
        if draw(st.integers(0, 5)) == 0:
            row["nkk"] = row["nik"]  # the family card typed as the NIK
        if draw(st.integers(0, 3)) == 0:
            row["nik"] = DUMMY  # a clerk's dummy: five or more of them void it in a list
        rows.append(row)
    return rows


@st.composite
def frames(draw: st.DrawFn) -> pl.DataFrame:
    """1-20 rows of synthetic and damaged values; birth dates as text, dates, numbers or
    mixed Python values."""
    rows = draw(_rows(draw(st.integers(1, 20))))
    frame = pl.DataFrame(rows, schema={**SYNTH.schema, "id": pl.String})
    kind = draw(st.sampled_from(["text", "date", "number", "object"]))
    if kind == "date":
        frame = frame.with_columns(pl.col("tanggal_lahir").str.to_date("%d-%m-%Y", strict=False))
    elif kind == "number":
        days = pl.col("tanggal_lahir").str.to_date("%d-%m-%Y", strict=False).cast(pl.Int32)
        frame = frame.with_columns(tanggal_lahir=(days + 25569).cast(pl.Float64))
    elif kind == "object":
        values = draw(st.lists(_any_value(), min_size=frame.height, max_size=frame.height))
        frame = frame.with_columns(pl.Series("tanggal_lahir", values, dtype=pl.Object))
    return frame


def _any_value() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(), st.booleans(), st.sampled_from(DATES), st.text(max_size=12),
        st.integers(-(10**20), 10**20), st.floats(allow_nan=True, allow_infinity=True),
        st.dates(), st.datetimes(),
    )  # fmt: skip


def _same(a: Any, b: Any) -> bool:
    return a is b or a == b or (a != a and b != b)  # NaN is itself here


def _assert_equal(left: pl.DataFrame, right: pl.DataFrame) -> None:
    """assert_frame_equal, with Python objects (a raw birth-date column of mixed values)
    compared one by one: polars compares them with ``==``, and NaN != NaN."""
    assert left.schema == right.schema
    objects = [c for c, dtype in left.schema.items() if dtype == pl.Object]
    for column in objects:
        pairs = zip(left[column].to_list(), right[column].to_list(), strict=True)
        assert all(_same(a, b) for a, b in pairs), column
    assert_frame_equal(left.drop(objects), right.drop(objects))


def _assert_same_record(alone: pl.DataFrame, in_list: pl.DataFrame) -> None:
    """Equal rows, but for a NIK the list voided (see LIST_COUNTED)."""
    assert alone.columns == in_list.columns
    rest = [c for c in alone.columns if c not in LIST_COUNTED]
    _assert_equal(alone.select(rest), in_list.select(rest))
    if "nik" not in alone.columns:
        return
    mine = alone.row(0, named=True)
    theirs = in_list.row(0, named=True)
    if theirs["nik_placeholder"] is not None and mine["nik_placeholder"] is None:
        # voided by the list's count: the digits moved, nothing else changed
        assert (theirs["nik"], theirs["nik_masked12"]) == (None, None)
        assert theirs["nik_placeholder"] == mine["nik"]
        return
    assert_frame_equal(alone.select(LIST_COUNTED), in_list.select(LIST_COUNTED))


@contextmanager
def _polars_paths() -> Iterator[None]:
    """Turn every few-rows path off: each stage then runs its polars query."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prepare_module, "_SMALL_ROWS", -1)
        patch.setattr(name_parse, "SMALL_ROWS", -1)
        patch.setattr(name_parse, "SMALL_TOKENS", -1)
        patch.setattr(name_tokens, "SMALL_TOKENS", -1)
        patch.setattr(name_tokens, "SMALL_PIECES", -1)
        patch.setattr(date_parse, "SMALL_ROWS", -1)
        yield


# ------------------------------------------------------------------ one row, many rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames())
def test_a_record_alone_equals_it_in_the_list(frame: pl.DataFrame) -> None:
    """Every column equal, except by design ``nik``, ``nik_masked12`` and
    ``nik_placeholder`` on a row whose NIK the list voided (more than
    ``MAX_RECORDS_PER_NIK`` rows naming several people, counted over the list): there
    the digits must have moved from ``nik`` to ``nik_placeholder`` and nothing else."""
    in_list = prepare_records(frame, schema="voter", reference_date=REF)
    assert in_list.height == frame.height
    for i in range(frame.height):
        alone = prepare_records(frame.slice(i, 1), schema="voter", reference_date=REF)
        _assert_same_record(alone, in_list.slice(i, 1))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames(), ref=st.sampled_from([REF, None, dt.date(1990, 6, 30)]))
def test_few_rows_paths_equal_the_polars_paths(frame: pl.DataFrame, ref: dt.date | None) -> None:
    fast = prepare_records(frame, schema="voter", reference_date=ref)
    with _polars_paths():
        slow = prepare_records(frame, schema="voter", reference_date=ref)
    _assert_equal(fast, slow)


def test_list_counted_columns_are_the_only_difference() -> None:
    """Five rows on one dummy NIK naming five people: voided in the list, kept alone."""
    rows = SYNTH.head(5).with_columns(nik=pl.lit(DUMMY), id=pl.Series([f"d{i}" for i in range(5)]))
    in_list = prepare_records(rows, schema="voter", reference_date=REF)
    alone = prepare_records(rows.head(1), schema="voter", reference_date=REF)
    assert in_list["nik"].null_count() == 5 and in_list["nik_placeholder"].to_list() == [DUMMY] * 5
    assert alone["nik"].to_list() == [DUMMY]
    differ = [c for c in alone.columns if alone[c].to_list() != in_list[c].head(1).to_list()]
    assert differ == list(LIST_COUNTED)
    _assert_same_record(alone, in_list.head(1))


# ------------------------------------------------------------------------------ names

WORDS = ["I", "Md", "Made", "Ni", "bin", "binti", "H.", "Hj.", "Dr.", "S.Pd.", "S.E.", "M.M.",
         ",", "Moh.", "Muhammad", "Abd.", "A.", "B", "C", "D", "Anak", "Agung", "Ida", "Bagus",
         "Gusti", "Andi", "Putu", "Tjipto", "Soekarno", "Ä", "x.y.z", "'", "S. Pd", "SE", "MM",
         "Nj.", "Sjahrir", "Chairul"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.one_of(
    st.none(), st.sampled_from(NAMES), st.sampled_from(SYNTH["nama"].to_list()),
    st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join), st.text(max_size=30),
), max_size=15))  # fmt: skip
def test_few_names_paths_equal_the_polars_paths(names: list[str | None]) -> None:
    """Every parse column (prepare reads only some), the Python assembly against Arrow's."""
    values = pl.Series("nama", names, dtype=pl.String)
    fast = name_parse.parse_polars(values)
    with _polars_paths():
        slow = name_parse.parse_polars(values)
    assert_frame_equal(fast, slow)


@settings(max_examples=100, deadline=None)
@given(tokens=st.lists(st.one_of(
    st.sampled_from([w.lower() for w in WORDS] + ["made", "md", "m.yusuf", "..x", "tjhoe"]),
    st.from_regex(r"[a-z][a-z.]{0,12}", fullmatch=True),
), max_size=30))  # fmt: skip
def test_remembered_token_rows_equal_the_token_table(tokens: list[str]) -> None:
    """Raw tokens as the tokeniser cuts them (letters and dots; repeats and "made" too)."""
    raw = pl.Series(tokens, dtype=pl.String)
    assert_frame_equal(name_tokens.cached_token_table(raw), name_tokens.token_table(raw))


# ----------------------------------------------------------------------- birth dates


def _date_series() -> st.SearchStrategy[pl.Series]:
    def typed(dtype: Any, values: st.SearchStrategy[Any]) -> st.SearchStrategy[pl.Series]:
        return st.lists(values, max_size=12).map(lambda v: pl.Series("t", v, dtype=dtype))

    day_month_year = st.builds(
        lambda d, m, y, sep: f"{d:02d}{sep}{m:02d}{sep}{y}", st.integers(0, 32),
        st.integers(0, 13), st.one_of(st.integers(0, 99), st.integers(1840, 2210)),
        st.sampled_from(["-", "/", ".", " "]),
    )
    last_serial = (dt.date(2199, 12, 31) - dt.date(1899, 12, 30)).days  # the rules' edges
    serials = st.one_of(st.integers(0, 130_000).map(float), st.floats(0, 130_000), st.sampled_from(
        [1.0, 0.999, 59.0, 60.0, 60.5, 61.0, last_serial, last_serial + 0.5, last_serial + 1.0]))
    edges = st.sampled_from([dt.date(1849, 12, 31), dt.date(1850, 1, 1), dt.date(2199, 12, 31),
                             dt.date(2200, 1, 1), dt.date(2000, 2, 29), dt.date(1900, 3, 1)])
    return st.one_of(
        typed(pl.String, st.one_of(st.none(), st.sampled_from(DATES), st.text(max_size=14),
                                   day_month_year)),
        typed(pl.Float64, st.one_of(st.none(), serials, st.floats(), st.sampled_from(
            [0.0, -0.0, 59.5, 60.0, 61.0, 1850.0, 2199.0, 1e6, 1071980.0, 19800701.0, 2.0**63,
             -(2.0**63), 9.3e18]))),
        typed(pl.Int64, st.one_of(st.integers(-(10**9), 10**9), st.integers(0, 99_999_999))),
        typed(pl.Date, st.one_of(st.dates(), st.dates(dt.date(1840, 1, 1), dt.date(2210, 1, 1)),
                                 edges)),
        typed(pl.Datetime, st.datetimes()),
        typed(pl.Boolean, st.booleans()),
        typed(pl.Object, st.one_of(_any_value(), day_month_year, serials)),
    )  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(values=_date_series(), ref=st.one_of(st.none(), st.dates(dt.date(1850, 1, 1),
                                                                  dt.date(2199, 12, 31))))
def test_date_rows_equal_the_calendar_query(values: pl.Series, ref: dt.date | None) -> None:
    rows = parse_rows(values, ref, date_parse._scan_arrays)
    assert_frame_equal(rows, date_parse.parse_parts(parts_from_series(values), ref))


# ------------------------------------------------------------------- the 5,000-row list

# The prepared frame of a 5,000-row synthetic KPU-style list, written by the code before
# the few-rows paths. Regenerate only when an output change is intended, from the root:
#   python -c "import datetime as dt, sidalih; from sidalih.engine import prepare_records; \
#   prepare_records(sidalih.synth.kpu_style(sidalih.synth.voters(5000, seed=20).voters), \
#   schema='voter', reference_date=dt.date(2024, 2, 14)).write_parquet(\
#   'tests/data/prepared_5k.parquet', compression='zstd', compression_level=22, statistics=False)"
INPUT_COLUMNS = ("id", "nkk", "nik", "nama", "tempat_lahir", "tanggal_lahir", "status_kawin",
                 "jenis_kelamin", "alamat", "rt", "rw", "disabilitas", "ektp", "kode_desa", "tps")
RAW = {c: f"{c}_raw" for c in ("nik", "nkk", "tanggal_lahir", "kode_desa", "jenis_kelamin",
                               "status_kawin")}  # fmt: skip


@pytest.fixture(scope="module")
def prepared_5k() -> pl.DataFrame:
    return pl.read_parquet(DATA)


def _given(prepared: pl.DataFrame) -> pl.DataFrame:
    """The list as it was given: the raw values keep the input's columns."""
    return prepared.select(pl.col(RAW.get(c, c)).alias(c) for c in INPUT_COLUMNS)


def test_prepared_5k_list_is_unchanged(prepared_5k: pl.DataFrame) -> None:
    out = prepare_records(_given(prepared_5k), schema="voter", reference_date="2024-02-14")
    assert_frame_equal(out, prepared_5k)


def test_records_of_the_5k_list_alone_equal_their_rows(prepared_5k: pl.DataFrame) -> None:
    given = _given(prepared_5k)
    for i in range(0, given.height, 97):
        alone = prepare_records(given.slice(i, 1), schema="voter", reference_date="2024-02-14")
        _assert_same_record(alone, prepared_5k.slice(i, 1))


# ------------------------------------------------- what the few-rows paths leave out


def _refuse(*_: Any, **__: Any) -> Any:
    raise AssertionError("a few-rows path ran the per-call polars work")


def test_a_known_record_builds_no_token_table(monkeypatch: pytest.MonkeyPatch) -> None:
    record = SYNTH.head(1).with_columns(nama=pl.lit("Dr. H. Moch. Soekarno, S.H."))
    first = prepare_records(record, schema="voter", reference_date=REF)
    monkeypatch.setattr(name_tokens, "token_table", _refuse)
    monkeypatch.setattr(name_parse, "token_table", _refuse, raising=False)
    assert_frame_equal(prepare_records(record, schema="voter", reference_date=REF), first)


def test_a_few_dates_run_no_calendar_query(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(date_parse, "parse_parts", _refuse)
    out = parse_birth_date(["01-07-1980", "31-02-1980", None, 29221.0, "05/03/75"],
                           reference_date=dt.date(2024, 2, 14))  # fmt: skip
    assert out.rows() == [
        (dt.date(1980, 7, 1), "valid", "01-07", True),
        (None, "impossible", None, False),
        (None, "empty", None, False),
        (dt.date(1980, 1, 1), "valid", "01-01", False),
        (dt.date(1975, 3, 5), "valid", None, True),
    ]


def test_one_nik_runs_no_grouped_count(monkeypatch: pytest.MonkeyPatch) -> None:
    record = SYNTH.head(1)
    first = prepare_records(record, schema="voter", reference_date=REF)
    monkeypatch.setattr(prepare_module, "crowded_keys", _refuse)
    assert_frame_equal(prepare_records(record, schema="voter", reference_date=REF), first)


def test_known_codes_run_no_polars_query(monkeypatch: pytest.MonkeyPatch) -> None:
    record = SYNTH.head(1)
    first = prepare_records(record, schema="voter", reference_date=REF)
    monkeypatch.setattr(prepare_module, "_code_exprs", _refuse)
    monkeypatch.setattr(prepare_module, "place_name", _refuse)
    monkeypatch.setattr(prepare_module, "sex_code", _refuse)
    assert_frame_equal(prepare_records(record, schema="voter", reference_date=REF), first)


def test_a_row_sliced_from_a_long_column_reads_only_its_own_bytes() -> None:
    """A slice keeps its column's data buffers; the NIK kernel is handed the row's bytes,
    not every buffer joined (about 8 MB here, for one NIK)."""
    from sidalih import nik
    from sidalih.nik._input import view_batches

    column = pl.Series("nik", [f"3271014101{i:06d} " + " " * 9 for i in range(300_000)])
    column[1004] = None
    row = column.slice(1003, 2)  # a slice starting inside a byte of the validity bitmap
    batches = list(view_batches(row))
    assert [b.data.size < 1_000 for b in batches] == [True]
    assert batches[0].valid.tolist() == [True, False]
    fresh = pl.Series("nik", row.to_list(), dtype=pl.String)
    assert_frame_equal(nik.parse(row), nik.parse(fresh))


def test_names_are_compared_on_their_first_64_characters() -> None:
    """A NAMA holding an address (hundreds of characters) is compared on its first 64
    characters, at a whole token: the name comparison's cost grows with the square of
    the length beyond 64 bytes (300 rows of 600-character names trained for minutes).
    The few-rows and the polars paths cut alike; names of 64 characters or fewer stay."""
    address = "Budi Santoso " + "Jl. Merdeka Gang Mawar Nomor Dua Belas RT 003 RW 004 " * 8
    names = [address, "Siti Aminah", "X" * 90, None]
    few = prepare_module.prepare(pl.DataFrame({"id": [0, 1, 2, 3], "nama": names}))
    many = prepare_module.prepare(pl.DataFrame({"id": list(range(4 * 300)),
                                                "nama": names * 300}))
    cut = few["nama_norm"].to_list()
    assert cut[1] == "siti aminah" and cut[3] is None
    assert cut[0] is not None and cut[0].startswith("budi santoso")
    assert len(cut[0]) <= prepare_module.NAME_CHARS and not cut[0].endswith(" ")
    assert cut[0].split(" ")[-1] in address.lower().replace(".", "").split()  # whole
    assert cut[2] == "x" * prepare_module.NAME_CHARS
    assert many["nama_norm"].head(4).to_list() == cut
