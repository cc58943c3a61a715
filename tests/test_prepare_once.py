"""Prepare once (issue 18): the prepared table is the contract, frames convert at the edges.

- :func:`sidalih.prepare.prepare` keeps the NIK's digits as integers (``nik_value``,
  ``nik_masked12_value``), equal to its text columns on odd and random input, and
  voiding a placeholder NIK empties them too;
- the comparison arrays (:mod:`sidalih.compare._prepare_support`) read those columns
  and the prepared placeholder flag instead of parsing text, and give what the parse
  gave; a raw frame (``schema=None``) is still parsed, as before;
- one :func:`sidalih.deduplicate` converts the caller's frame to polars once on the
  way in and once per result frame on the way out, never in between.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import sys
from collections import Counter
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sidalih
import sidalih._frames as frames
import sidalih.compare._prepare_support as support
from sidalih import dates
from sidalih.prepare import prepare, void_niks

REF = dt.date(2024, 2, 14)
DUMMY = "3271014101900001"
NIKS = ["3271014101900001", "3271014101900002", "3.27101E+15", "3271010101900001.0",
        "'3271014101900001", "3271 0141 0190 0001", "327101410190001", "32710141019000010",
        "1111111111111111", "327101150895****", "3271********0001", "****014101900001",
        "3271014101900001x", "", "   ", "-", "0912345678901234", "3271014101900000",
        "3271013202900001", "9999010101900001", "３２７１０１４１０１９０００１", "abc",
        "3271O14101900001", "3271O13102900001"]  # fmt: skip
DATES = ["", "31-02-1980", "0001-01-01", "29221", "1071980", "05/03/75", "15 Agustus 1945",
         "01-07-1980 10:00", "'01-01-1990", "1980-07-05", "31-12-1960", "01-01-1970", "abc",
         "01/01/10", "29-02-1900", "15-03-1990"]  # fmt: skip

_values = st.lists(st.one_of(st.sampled_from(NIKS), st.none(), st.text("0123456789* .", max_size=18)),
                   min_size=1, max_size=40)  # fmt: skip


def _frame(niks: list[str | None], nkks: list[str | None] | None = None) -> pl.DataFrame:
    columns: dict[str, Any] = {"id": list(range(len(niks))), "nik": pl.Series(niks, dtype=pl.String)}
    if nkks is not None:
        columns["nkk"] = pl.Series(nkks, dtype=pl.String)
    columns["nama"] = [("Ani", "Budi", "Cici")[i % 3] for i in range(len(niks))]
    return pl.DataFrame(columns)


def _same(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.dtype == y.dtype
        np.testing.assert_array_equal(x, y)


# ------------------------------------------------------------- the prepared integers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(niks=_values, nkk_same=st.booleans(), bound=st.sampled_from([None, 1, 4]))
def test_prepared_nik_integers_are_its_text_columns(niks: list[str | None], nkk_same: bool,
                                                    bound: int | None) -> None:
    # nkk equal to the NIK and a low bound void some NIKs: the integers follow the text
    out = prepare(_frame(niks, niks if nkk_same else None), reference_date=REF,
                  max_records_per_nik=bound)
    assert out.schema["nik_value"] == pl.Int64 and out.schema["nik_masked12_value"] == pl.Int64
    assert out["nik_value"].eq_missing(out["nik"].cast(pl.Int64)).all()
    masked12 = out["nik_masked12"].cast(pl.Int64, strict=False)
    assert out["nik_masked12_value"].eq_missing(masked12).all()


def test_a_voided_nik_has_no_integers() -> None:
    rows = prepare(_frame([DUMMY, "3271014101900002"]), reference_date=REF)
    assert rows["nik_value"].to_list() == [3271014101900001, 3271014101900002]
    out = void_niks(rows, pl.DataFrame({"nik": ["3271014101900002"]}))
    assert out["nik_value"].to_list() == [3271014101900001, None]
    assert out["nik_masked12_value"].to_list() == [327101410190, None]
    crowded = prepare(_frame([DUMMY] * 6), reference_date=REF)  # six rows, three names
    assert crowded["nik_placeholder"].to_list() == [DUMMY] * 6
    assert crowded["nik_value"].null_count() == crowded["nik_masked12_value"].null_count() == 6


def test_a_nik_with_a_trailing_zero_is_not_matched_on() -> None:
    """A 17-digit NIK ending in 0 may be a migration's trailing 0 (DOMAIN.md) or a digit
    doubled in a NIK whose serial ends in 0, whose first 16 digits are then another
    serial: it stays out of matching (session 18 tried it: more clusters of two
    people), and the quality checks still report it."""
    rows = prepare(_frame([DUMMY + "0", DUMMY]), reference_date=REF)
    assert rows["nik_status"].to_list() == ["trailing_zero", "valid"]
    assert rows["nik"].to_list() == [None, DUMMY]
    assert rows["nik_value"].to_list() == [None, int(DUMMY)]


def test_a_nik_typed_with_letters_is_matched_on_as_its_digits() -> None:
    """``3271O14101900001`` (O for 0) is read as the digits it stands for when they pass
    every check of valid; a reading that does not (31 February) stays out, as before."""
    rows = prepare(_frame(["3271O14101900001", "3271O13102900001", DUMMY],
                          ["3271O12312150003", "3271O1231215000O", None]), reference_date=REF)
    assert rows["nik_status"].to_list() == ["letters_read", "non_digit", "valid"]
    assert rows["nik"].to_list() == [DUMMY, None, DUMMY]
    assert rows["nik_value"].to_list() == [int(DUMMY), None, int(DUMMY)]
    assert rows["nik_masked12"].to_list() == [DUMMY[:12], None, DUMMY[:12]]
    assert rows["nkk_status"].to_list() == ["letters_read", "non_digit", "empty"]
    assert rows["nkk"].to_list() == ["3271012312150003", None, None]


# --------------------------------------------------- the arrays the comparisons read


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(niks=_values, nkk_same=st.booleans())
def test_nik_arrays_of_a_prepared_list_are_the_parse_of_its_text(niks: list[str | None],
                                                                 nkk_same: bool) -> None:
    out = prepare(_frame(niks, niks if nkk_same else None), reference_date=REF)
    _same(support.nik_arrays_of(out, "nik"), support.nik_arrays(out["nik"], out["nik_masked12"]))


def test_nik_arrays_of_a_prepared_list_parse_no_text(monkeypatch: pytest.MonkeyPatch) -> None:
    out = prepare(_frame(NIKS), reference_date=REF)
    expected = support.nik_arrays(out["nik"], out["nik_masked12"])

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("a prepared NIK column was parsed again")

    monkeypatch.setattr(support, "nik_arrays", refuse)
    _same(support.nik_arrays_of(out, "nik"), expected)
    values, masked = support.nik_arrays_of(out, "nik")
    assert values[0] == 3271014101900001 and masked[NIKS.index("327101150895****")]


@settings(max_examples=40, deadline=None)
@given(niks=_values)
def test_nik_arrays_of_a_raw_column_parse_it(niks: list[str | None]) -> None:
    raw = _frame(niks)  # schema=None compares raw columns
    _same(support.nik_arrays_of(raw, "nik"), support.nik_arrays(raw["nik"]))
    with_masked = raw.with_columns(nik_masked12=pl.col("nik").str.slice(0, 12))
    _same(support.nik_arrays_of(with_masked, "nik"),
          support.nik_arrays(raw["nik"], with_masked["nik_masked12"]))


def _old_date_arrays(values: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The date arrays as they were read before: public parser, public placeholder test."""
    if values.dtype != pl.Date:
        values = dates.parse_birth_date(values, reference_date=None)["tanggal_lahir"]
    flags = dates.is_placeholder(values)
    return (values.cast(pl.Int32).fill_null(support.NULL_DAYS).to_numpy().astype(np.int32),
            flags.fill_null(False).to_numpy().astype(np.bool_))


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.one_of(st.sampled_from(DATES), st.none(), st.text(max_size=12)),
                       min_size=1, max_size=150))  # crosses the few-rows bound (128)
def test_date_arrays_of_raw_dates_are_the_public_parse(values: list[str | None]) -> None:
    raw = pl.DataFrame({"tanggal_lahir": pl.Series(values, dtype=pl.String)})
    _same(support.date_arrays_of(raw, "tanggal_lahir"), _old_date_arrays(raw["tanggal_lahir"]))
    prepared = prepare(raw, reference_date=None)
    _same(support.date_arrays_of(prepared, "tanggal_lahir"), _old_date_arrays(raw["tanggal_lahir"]))


def test_date_arrays_of_a_date_column_reread_sentinels() -> None:
    born = pl.Series("lahir", [dt.date(1, 1, 1), dt.date(1980, 7, 1), None, dt.date(1990, 3, 15),
                               dt.date(1990, 3, 16), dt.date(9999, 12, 31)])  # fmt: skip
    raw = born.to_frame()
    _same(support.date_arrays_of(raw, "lahir"), _old_date_arrays(born))
    assert support.date_arrays_of(raw, "lahir")[1].tolist() == [False, True, False, True, False,
                                                                False]  # fmt: skip


def test_the_arrays_name_a_missing_column() -> None:
    with pytest.raises(sidalih.errors.ColumnNotFoundError, match="nik"):
        support.nik_arrays_of(pl.DataFrame({"nama": ["a"]}), "nik")
    with pytest.raises(sidalih.errors.ColumnNotFoundError, match="tanggal_lahir"):
        support.date_arrays_of(pl.DataFrame({"nama": ["a"]}), "tanggal_lahir")


# ------------------------------------------------------- conversions at the edges only

_CONVERTERS = ("frame_to_polars", "frame_from_polars", "series_to_polars",
               "series_from_polars", "caller_rows")
# Modules that still hand a polars column to a public "same kind out" function inside
# the engine: an identity call (checked below), left to their owners (issue 18).
_PENDING = {"sidalih.blocking._pairs"}


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    """Counts each converter call by (converter, calling module); checks inner ones."""
    seen: Counter[tuple[str, str]] = Counter()

    def counting(name: str) -> Any:
        original = getattr(frames, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            caller = sys._getframe(1).f_globals.get("__name__", "?")
            seen[(name, caller)] += 1
            if not caller.startswith("sidalih.api") and name.endswith("to_polars"):
                assert isinstance(args[0], (pl.DataFrame, pl.Series)), (
                    f"{caller} converts a {type(args[0]).__name__} inside the engine")
            return original(*args, **kwargs)

        return call

    # A module imported while the converters are patched would keep the counting copy
    # after the test: import every module first.
    for info in pkgutil.walk_packages(sidalih.__path__, "sidalih."):
        try:
            importlib.import_module(info.name)
        except ImportError:  # optional extras (Spark)
            continue
    wrappers = {name: counting(name) for name in _CONVERTERS}
    originals = {name: getattr(frames, name) for name in _CONVERTERS}
    for module in [m for name, m in sys.modules.items() if name.startswith("sidalih")]:
        for name in _CONVERTERS:
            if getattr(module, name, None) is originals[name]:
                monkeypatch.setattr(module, name, wrappers[name])
    return seen


@pytest.mark.parametrize("kind", ["polars", "pandas"])
def test_deduplicate_converts_only_at_its_edges(kind: str, trips: Counter[tuple[str, str]]) -> None:
    voters = sidalih.synth.voters(400, seed=2).voters
    given = voters if kind == "polars" else voters.to_pandas()
    result = sidalih.deduplicate(given, u_pairs=5_000)
    assert type(result.clusters).__module__.split(".")[0] == kind
    assert type(result.pairs).__module__.split(".")[0] == kind
    edges = {key: n for key, n in trips.items() if key[1] == "sidalih.api"}
    assert edges == {("frame_to_polars", "sidalih.api"): 1, ("caller_rows", "sidalih.api"): 1}
    out = {key: n for key, n in trips.items() if key[1] == "sidalih.api._result"}
    assert out == {("frame_from_polars", "sidalih.api._result"): 2}  # clusters, pairs
    inner = {caller for (_, caller) in trips} - {"sidalih.api", "sidalih.api._result"}
    assert inner <= _PENDING, f"conversions inside the engine: {sorted(inner - _PENDING)}"


# ------------------------------------------------------------ check() reads the stages


def test_check_reads_the_prepare_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("check() parsed NIKs or dates beside prepare's stages")

    for module, name in ((sidalih.nik, "parse"), (sidalih.nik, "parse_nkk"),
                         (dates, "parse_birth_date"), (dates, "is_placeholder")):
        monkeypatch.setattr(module, name, refuse)
    voters = pl.DataFrame({
        "id": [1, 2, 3, 4],
        "nama": ["Siti Aminah", "Budi", "Budi", "Ani"],
        "nik": ["3271014101900001", "3.27101E+15", "3271010101900002", "3271010101900002"],
        "nkk": ["3271010101100001", "x", "3271010101900002", None],
        "tanggal_lahir": ["01-01-1990", "10-05-2010", "15-03-1990", "31-02-1990"],
    })  # fmt: skip
    report = sidalih.quality.check(voters, election_date="2024-02-14", required_elements=())
    found = set(report.findings.select("id", "check").rows())
    assert {(1, "birth_date_placeholder"), (2, "nik_scientific"), (2, "nkk_invalid"),
            (3, "nik_is_nkk"), (4, "birth_date_impossible"), (4, "nkk_empty")} <= found


def test_link_converts_only_at_its_edges(trips: Counter[tuple[str, str]]) -> None:
    voters = sidalih.synth.voters(300, seed=3).voters
    result = sidalih.link(voters.to_pandas(), voters.head(100).to_pandas(), u_pairs=5_000)
    assert len(result.clusters) == 400 and type(result.pairs).__module__.startswith("pandas")
    assert {key: n for key, n in trips.items() if key[1].startswith("sidalih.api")} == {
        ("frame_to_polars", "sidalih.api"): 2, ("frame_from_polars", "sidalih.api._result"): 2}
    inner = {caller for (_, caller) in trips} - {"sidalih.api", "sidalih.api._result"}
    assert inner <= _PENDING, f"conversions inside the engine: {sorted(inner - _PENDING)}"
