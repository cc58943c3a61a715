from __future__ import annotations

import datetime as dt

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from sidalih import errors
from sidalih.schema import canonical_name, column_mapping, standardise


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("NIK", "nik"),
        ("no_ktp", "nik"),
        ("No. KTP", "nik"),
        ("N.I.K", "nik"),
        ("N I K", "nik"),
        ("NIK KTP", "nik"),
        ("NIK/NO KTP", "nik"),
        ("N.K.K", "nkk"),
        ("NKK", "nkk"),
        ("No KK", "nkk"),
        ("NAMA", "nama"),
        ("Full Name", "nama"),
        ("TEMPAT LAHIR", "tempat_lahir"),
        ("TANGGAL LAHIR", "tanggal_lahir"),
        ("tgl_lahir", "tanggal_lahir"),
        ("birth_date", "tanggal_lahir"),
        ("Tanggal_Lahir", "tanggal_lahir"),
        ("  dob ", "tanggal_lahir"),
        ("JENIS KELAMIN", "jenis_kelamin"),
        ("L/P", "jenis_kelamin"),
        ("STATUS PERKAWINAN", "status_kawin"),
        ("ALAMAT", "alamat"),
        ("RT", "rt"),
        ("rw", "rw"),
        ("KODE WILAYAH", "kode_desa"),
        ("TPS", "tps"),
        ("unique_id", "id"),
        ("hobby", None),
        ("", None),
    ],
)
def test_canonical_name(header: str, expected: str | None) -> None:
    assert canonical_name(header) == expected


def _raw() -> dict[str, list[object]]:
    return {
        "NAMA": ["SITI AMINAH", "BUDI", "DEWI"],
        "NIK": ["3271014101900001", "'3271010101900002", None],
        "TANGGAL LAHIR": ["01-01-1990", "31-12-1960", "15/07/2001"],
        "catatan": ["a", "b", "c"],
    }


def test_polars_keeps_rows_order_and_unknown_columns() -> None:
    out = standardise(pl.DataFrame(_raw()))
    assert isinstance(out, pl.DataFrame)
    assert out.columns == ["id", "nama", "nik", "tanggal_lahir", "catatan"]
    assert out["id"].to_list() == [0, 1, 2]
    assert out["nama"].to_list() == ["SITI AMINAH", "BUDI", "DEWI"]
    # The NIK is kept as written: judging it is the NIK parser's job.
    assert out["nik"].to_list() == ["3271014101900001", "'3271010101900002", None]
    assert out["catatan"].to_list() == ["a", "b", "c"]


def test_pandas_and_pyarrow_come_back_as_given() -> None:
    from_pandas = standardise(pd.DataFrame(_raw()))
    assert isinstance(from_pandas, pd.DataFrame)
    from_arrow = standardise(pa.table(_raw()))
    assert isinstance(from_arrow, pa.Table)
    from_polars = standardise(pl.DataFrame(_raw()))
    assert pl.from_pandas(from_pandas).equals(from_polars)
    assert pl.from_arrow(from_arrow).equals(from_polars)  # type: ignore[union-attr]


def test_numeric_nik_becomes_text_without_rounding() -> None:
    frame = pl.DataFrame({"nama": ["A", "B", "C"],
                          "nik": [3271014101900001.0, 9471010101900001.0, float("nan")]})
    out = standardise(frame)
    assert out["nik"][0] == "3271014101900001"
    # Above 2**53 a float may have lost a digit: shown in scientific form so the
    # NIK parser reports it, never as a confident 16-digit number.
    assert "E+15" in out["nik"][1]
    assert out["nik"][2] is None


def test_integer_codes_become_text() -> None:
    out = standardise(pl.DataFrame({"nama": ["A"], "nik": [3271014101900001],
                                    "kode_desa": [3271011001], "rt": [3]}))
    assert out["nik"].to_list() == ["3271014101900001"]
    assert out["kode_desa"].to_list() == ["3271011001"]
    assert out["rt"].to_list() == ["3"]


def test_mixed_object_column_is_kept() -> None:
    frame = pd.DataFrame({"nama": ["A", "B", "C", "D"],
                          "nik": [3271014101900001, "3271014101900002", None, b"32710141"]})
    out = standardise(frame)
    assert out["nik"].tolist()[:2] == ["3271014101900001", "3271014101900002"]
    assert out["nik"].tolist()[3] == "32710141"
    assert len(out) == 4


def test_dates_are_kept_as_given() -> None:
    out = standardise(pl.DataFrame({"nama": ["A"], "dob": [dt.date(1990, 1, 1)]}))
    assert out["tanggal_lahir"].to_list() == [dt.date(1990, 1, 1)]


def test_existing_id_kept() -> None:
    out = standardise(pl.DataFrame({"ID": ["a", "b"], "nama": ["x", "y"], "nik": ["1", "2"]}))
    assert out["id"].to_list() == ["a", "b"]


def test_missing_required_columns_listed_at_once() -> None:
    with pytest.raises(errors.ColumnNotFoundError) as info:
        standardise(pl.DataFrame({"alamat": ["x"]}))
    message = str(info.value)
    assert "'nama'" in message
    assert "'nik'" in message and "'tanggal_lahir'" in message
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, errors.SidalihError)


def test_no_requirements_for_other_data() -> None:
    out = standardise(pl.DataFrame({"given_name": ["x"]}), required=(), required_any=())
    assert out.columns == ["id", "given_name"]


def test_two_columns_one_name() -> None:
    with pytest.raises(errors.DuplicateColumnError) as info:
        column_mapping(["NIK", "no_ktp", "nama"])
    assert "'NIK'" in str(info.value) and "'no_ktp'" in str(info.value)


def test_duplicate_and_missing_ids() -> None:
    frame = pl.DataFrame({"id": ["a", "a", None, "b"], "nama": ["x"] * 4, "nik": ["1"] * 4})
    with pytest.raises(errors.DuplicateIdError) as info:
        standardise(frame)
    message = str(info.value)
    assert "rows 2" in message
    assert "repeat: a" in message


def test_an_id_of_blanks_only_is_an_empty_id() -> None:
    """"" and " " were taken as ids (one even became a cluster id); check_ids is
    documented to refuse empty ids, naming their rows."""
    frame = pl.DataFrame({"id": ["", "a", " \t", "b", "b"], "nama": ["x"] * 5,
                          "nik": ["1"] * 5})
    with pytest.raises(errors.DuplicateIdError) as info:
        standardise(frame)
    assert "'id' is empty on rows 0, 2" in str(info.value)
    assert info.value.problems == ["'id' is empty on rows 0, 2", "'id' values repeat: b"]
    kept = standardise(frame.slice(1, 2).with_columns(id=pl.Series(["a", " b"])))
    assert kept["id"].to_list() == ["a", " b"]  # text besides the blanks: an id, as given
    with pytest.raises(errors.DuplicateIdError, match="'a' and ' a'"):  # but not another
        standardise(frame.slice(1, 2).with_columns(id=pl.Series(["a", " a"])))


def test_rename_option() -> None:
    out = standardise(pl.DataFrame({"NM": ["x"], "nik": ["1"]}), rename={"NM": "nama"})
    assert "nama" in out.columns


@pytest.mark.parametrize(
    ("frame", "rename", "error", "quoted"),
    [
        (pl.DataFrame({"id": [1], "nik": ["1"], "nama": ["x"]}), {"nik": "id"},
         errors.DuplicateColumnError, "'id', 'nik'"),
        (pl.DataFrame({"NM": ["x"], "nama": ["y"], "nik": ["1"]}), {"NM": "nama"},
         errors.DuplicateColumnError, "'NM', 'nama'"),
        (pl.DataFrame({"nik": ["1"], "nama": ["x"]}), {"NAMA LENGKAP": "nama"},
         errors.ColumnNotFoundError, "'NAMA LENGKAP'"),
        # An index named as an id is the id column: renaming another column to it clashes.
        (pd.DataFrame({"nik": ["1"], "nama": ["x"]}, index=pd.Index([5], name="id")),
         {"nik": "id"}, errors.DuplicateColumnError, "'id', 'nik'"),
    ],
)
def test_rename_onto_a_taken_or_absent_name_is_a_schema_error(
    frame: object, rename: dict[str, str], error: type[Exception], quoted: str
) -> None:
    # Raised polars' own DuplicateError / ColumnNotFoundError (not SidalihErrors).
    with pytest.raises(error) as info:
        standardise(frame, rename=rename)
    assert quoted in " ".join(info.value.problems)  # type: ignore[attr-defined]


def test_rename_may_swap_names() -> None:
    # Headers put over the wrong columns: each target is freed by the other rename.
    frame = pl.DataFrame({"nama": ["3271014101900001"], "nik": ["SITI"]})
    out = standardise(frame, rename={"nama": "nik", "nik": "nama"})
    assert out.select("nama", "nik").row(0) == ("SITI", "3271014101900001")


def test_empty_frame() -> None:
    out = standardise(pl.DataFrame({"nama": [], "nik": []}, schema={"nama": pl.String,
                                                                   "nik": pl.String}))
    assert out.height == 0 and out.columns == ["id", "nama", "nik"]


@pytest.mark.parametrize("bad", [None, [1, 2], "voters.csv", {"nama": ["x"]}])
def test_not_a_frame(bad: object) -> None:
    with pytest.raises(errors.InputTypeError):
        standardise(bad)


def test_error_messages_never_show_a_full_nik() -> None:
    # Ids are often NIKs: an error quoting them must mask them, whichever code raises it.
    nik = "3271014101900001"
    frame = pl.DataFrame({"id": [nik, nik], "nama": ["Siti", "Budi"], "nik": [nik, nik]})
    with pytest.raises(errors.DuplicateIdError) as info:
        standardise(frame)
    text = str(info.value) + " ".join(info.value.problems)
    assert nik not in text and "3271********0001" in text
    assert str(errors.InvalidParameterError(f"id {nik!r} is not in the input")) == (
        "id '3271********0001' is not in the input"
    )
    # Short numbers (row ids, counts) are left as they are.
    assert str(errors.InvalidParameterError("rows 12, 345678901")) == "rows 12, 345678901"


def test_an_id_column_of_mixed_python_values_is_read_as_text() -> None:
    # pandas reads a spreadsheet column of numbers and text as objects.
    frame = pd.DataFrame({"id": [1, "2", 3], "nama": ["SITI", "BUDI", "ANI"], "nik": ["1"] * 3})
    assert standardise(frame)["id"].tolist() == ["1", "2", "3"]
    with pytest.raises(errors.DuplicateIdError, match="'id' values repeat: 1"):
        standardise(pd.DataFrame({"id": [1, "1"], "nama": ["SITI", "BUDI"], "nik": ["1", "2"]}))


@pytest.mark.parametrize("column", ["nama", "nik", "jenis_kelamin", "kode_desa"])
def test_a_duration_in_a_text_column_names_the_column(column: str) -> None:
    frame = pl.DataFrame({"nama": ["Siti"], "nik": ["3271014101900001"],
                          "jenis_kelamin": ["P"], "kode_desa": ["3271011001"]})
    frame = frame.with_columns(pl.lit(dt.timedelta(days=3)).alias(column))
    with pytest.raises(errors.InputTypeError, match=f"column '{column}' holds Duration"):
        standardise(frame)
