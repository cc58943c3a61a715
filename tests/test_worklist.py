"""``sidalih worklist``: one spreadsheet per village, read back with openpyxl."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

import sidalih
from sidalih import synth
from sidalih.cli import app
from sidalih.errors import ColumnNotFoundError, DataFileError, InvalidParameterError
from sidalih.report import write_worklists
from sidalih.report._text import text

runner = CliRunner()
T = text("id")


def run(*args: object) -> Any:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("worklist")
    voters = synth.voters(4_000, seed=11).voters
    path = base / "dpt.parquet"
    voters.write_parquet(path)
    run("dedupe", path, "--out", base / "ded", "--quiet")
    run("check", path, "--out", base / "chk", "--quiet")
    run("worklist", base / "ded", base / "chk", "--out", base / "kerja")
    return {"base": base, "voters": voters, "list": path,
            "clusters": pl.read_parquet(base / "ded" / "clusters.parquet"),
            "findings": pl.read_parquet(base / "chk" / "findings.parquet")}


def read_sheets(folder: Path) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for path in sorted(folder.glob("*.xlsx")):
        sheet = openpyxl.load_workbook(path).active
        rows = list(sheet.iter_rows())
        header = [c.value for c in rows[0]]
        out[path.name] = [{h: c for h, c in zip(header, row, strict=True)} for row in rows[1:]]
    return out


def expected_ids(made: dict[str, Any]) -> set[str]:
    clusters = made["clusters"]
    dup = clusters.filter(pl.len().over("cluster_id") > 1)["id"].to_list()
    act = made["findings"].filter(pl.col("severity").is_in(["error", "warning"]))["id"]
    return set(dup) | set(act.to_list())


def test_every_row_to_act_on_is_there_once_in_its_own_village(made: dict[str, Any]) -> None:
    sheets = read_sheets(made["base"] / "kerja")
    assert len(sheets) >= 2
    village_of = dict(made["voters"].select("id", "kode_desa").iter_rows())
    seen: Counter[str] = Counter()
    for name, rows in sheets.items():
        for row in rows:
            record = row["id"].value
            seen[record] += 1
            assert name.startswith(village_of[record] + "-"), (name, record)
            assert row["kode_desa"].value == village_of[record]
    assert set(seen) == expected_ids(made)
    assert max(seen.values()) == 1


def test_nik_and_nkk_are_masked_text(made: dict[str, Any]) -> None:
    sheets = read_sheets(made["base"] / "kerja")
    cells = [row[c] for rows in sheets.values() for row in rows for c in ("nik", "nkk", "tps")]
    filled = [c for c in cells if c.value is not None]
    assert filled and all(c.data_type == "s" for c in filled)
    assert any(re.fullmatch(r"\d{4}\*{8}\d{4}", c.value) for c in filled)
    for path in (made["base"] / "kerja").glob("*.xlsx"):
        book = openpyxl.load_workbook(path)
        values = " ".join(str(c.value) for r in book.active.iter_rows() for c in r)
        assert not re.search(r"\d{16}", values), path.name


def test_columns_to_find_the_voter_decide_and_the_tms(made: dict[str, Any]) -> None:
    sheets = read_sheets(made["base"] / "kerja")
    rows = [row for rows in sheets.values() for row in rows]
    for column in ("nama", "rt", "rw", "tps", "alamat", T["wl_action"], T["wl_decision"],
                   T["wl_tms"], T["wl_detail"]):
        assert column in rows[0], column
    assert all(row[T["wl_decision"]].value is None for row in rows)
    tms_ids = set(made["findings"].filter(pl.col("tms").is_not_null()
                                          & pl.col("severity").is_in(["error", "warning"]))["id"])
    with_tms = {row["id"].value for row in rows if row[T["wl_tms"]].value}
    assert tms_ids and with_tms == tms_ids
    actions = Counter(row[T["wl_action"]].value for row in rows)
    assert set(actions) <= {T["wl_dup"], T["wl_fix"], f"{T['wl_dup']} + {T['wl_fix']}"}
    assert actions[T["wl_dup"]] and actions[T["wl_fix"]]


def test_csv_and_a_check_folder_with_its_list(made: dict[str, Any]) -> None:
    out = made["base"] / "kerja-csv"
    written = write_worklists(made["base"] / "chk", out=out, format="csv", lang="en",
                              voters=made["list"])
    act = made["findings"].filter(pl.col("severity").is_in(["error", "warning"]))
    frames = [pl.read_csv(p, infer_schema=False) for p in written]
    ids = pl.concat(frames)["id"]
    assert ids.n_unique() == ids.len() == act["id"].n_unique()
    assert set(pl.concat(frames)["action"]) == {text("en")["wl_fix"]}


def test_wrong_inputs_are_typed_errors(made: dict[str, Any], tmp_path: Path) -> None:
    copy = tmp_path / "dpt.parquet"
    made["voters"].write_parquet(copy)
    run("check", copy, "--out", tmp_path / "chk", "--quiet")
    copy.unlink()
    with pytest.raises(DataFileError, match="--list"):
        write_worklists(tmp_path / "chk", out=tmp_path / "w")
    with pytest.raises(ColumnNotFoundError, match="desa_x"):
        write_worklists(made["base"] / "ded", out=tmp_path / "w", by="desa_x")
    with pytest.raises(InvalidParameterError, match="format"):
        write_worklists(made["base"] / "ded", out=tmp_path / "w", format="ods")
    result = runner.invoke(app, ["worklist", str(tmp_path / "chk"), "--out",
                                 str(tmp_path / "w")])
    assert result.exit_code == 2 and result.output.startswith("sidalih: error:")
    assert not (tmp_path / "w").exists()


def test_a_result_folder_without_the_rows_is_named_as_what_it_is(made: dict[str, Any],
                                                                 tmp_path: Path) -> None:
    """Result.to_parquet keeps clusters, pairs and the model, not the list's rows: its
    folder was called "a check folder" (it is a dedupe result); --list then serves."""
    voters = made["voters"].head(800)
    folder = sidalih.deduplicate(voters).to_parquet(tmp_path / "dd")
    with pytest.raises(DataFileError) as info:
        write_worklists(folder, out=tmp_path / "w")
    said = str(info.value)
    assert f"the dedupe result {folder} does not hold" in said and "check folder" not in said
    assert "--list" in said and "Result.to_parquet" in said
    voters.write_csv(tmp_path / "list.csv")
    assert write_worklists(folder, out=tmp_path / "w", voters=tmp_path / "list.csv")


def refused(*args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sidalih: error:"), result.output
    return lines[0]


def test_folders_of_two_lists_are_refused(made: dict[str, Any], tmp_path: Path) -> None:
    # another list of as many rows, numbered 000000001... as well: ids alone join them
    other = synth.voters(made["voters"].height, seed=12).voters
    assert set(other["id"]) == set(made["voters"]["id"])
    path_b = tmp_path / "dpt_b.parquet"
    other.write_parquet(path_b)
    run("check", path_b, "--out", tmp_path / "chk_b", "--quiet")
    ded = made["base"] / "ded"
    for command in ("worklist", "report"):
        line = refused(command, ded, tmp_path / "chk_b", "--out", tmp_path / f"{command}.out")
        assert "not of one list" in line and "dpt_b.parquet" in line, line
        assert not (tmp_path / f"{command}.out").exists()
    with pytest.raises(InvalidParameterError, match="not the same voter"):
        write_worklists([ded, tmp_path / "chk_b"], out=tmp_path / "w")
    with pytest.raises(InvalidParameterError, match="not of one list"):  # --list of B
        write_worklists(ded, out=tmp_path / "w", voters=path_b)
    path_b.unlink()  # the folders alone: they name two files
    with pytest.raises(InvalidParameterError, match="the other .*dpt_b.parquet"):
        write_worklists([tmp_path / "chk_b", ded], out=tmp_path / "w")
    fewer = made["voters"].head(3_000)  # a part of the list: its ids are the list's
    fewer.write_parquet(tmp_path / "dpt.parquet")
    run("check", tmp_path / "dpt.parquet", "--out", tmp_path / "chk_part", "--quiet")
    with pytest.raises(InvalidParameterError, match="4,000 rows, the other 3,000"):
        write_worklists([ded, tmp_path / "chk_part"], out=tmp_path / "w")
    # a copy of the list, checked where it is: the same rows, one list
    (tmp_path / "copy").mkdir()
    made["voters"].write_parquet(tmp_path / "copy" / "dpt.parquet")
    run("check", tmp_path / "copy" / "dpt.parquet", "--out", tmp_path / "copy" / "chk",
        "--quiet")
    assert write_worklists([ded, tmp_path / "copy" / "chk"], out=tmp_path / "w")
    assert not list(tmp_path.glob("*.out"))


def test_values_that_name_one_file_keep_every_row(tmp_path: Path) -> None:
    # list-wide TPS codes (village + TPS, 13 digits) mask to one name for two villages;
    # RT "01/02" and "01-02" sanitise to one, "a" and "A" are one on a USB stick
    rows = []
    for v, village in enumerate(("3271011001", "3271012001")):
        for k, (name, born, nik) in enumerate((
                ("SITI AMINAH", "01-01-1990", "3271014101900001"),
                ("BUDI SANTOSO", "02-02-1985", "3271010202850001"))):
            for copy in range(2):  # each voter twice: a duplicate to confirm
                rows.append({"id": f"{v}{k}{copy}", "nik": nik[:-1] + str(v + 1),
                             "nama": name, "tanggal_lahir": born, "kode_desa": village,
                             "tps": village + "001", "rt": ("01/02", "01-02")[v],
                             "rw": ("a", "A")[k]})
    voters = pl.DataFrame(rows)
    folder = sidalih.deduplicate(voters).to_parquet(tmp_path / "hasil")
    by_village = write_worklists(folder, out=tmp_path / "desa", format="csv", voters=voters)
    assert len(by_village) == 2  # no collision there: every row to act on
    assert sorted(pl.concat([pl.read_csv(p, infer_schema=False) for p in by_village])["id"]) \
        == sorted(voters["id"])
    for by, n_files in (("tps", 2), ("rt", 2), ("rw", 2)):
        written = write_worklists(folder, out=tmp_path / by, by=by, format="csv",
                                  voters=voters)
        names = sorted(p.name for p in (tmp_path / by).glob("*.csv"))
        assert len(written) == len(names) == n_files, (by, names)
        assert len({n.casefold() for n in names}) == n_files
        ids = pl.concat([pl.read_csv(p, infer_schema=False) for p in written])["id"]
        assert sorted(ids) == sorted(voters["id"]), by  # every row, once
        assert not any(re.search(r"\d{12}", n) for n in names), names  # still masked
    assert sorted(p.name for p in (tmp_path / "tps").glob("*.csv")) == [
        "3271xxxxx1001-1.csv", "3271xxxxx1001-2.csv"]


def test_cluster_column_of_a_list_keyed_by_nik_is_masked(tmp_path: Path) -> None:
    people = (("3271015403980001", "SITI AMINAH", "14-03-1998"),
              ("3271012202850001", "BUDI SANTOSO", "22-02-1985"))
    voters = pl.DataFrame([  # keyed by NIK; both clusters' smallest ids mask alike
        {"id": nik[:-1] + str(1 + copy), "nik": nik, "nama": name, "tanggal_lahir": born,
         "kode_desa": "3271011001"}
        for nik, name, born in people for copy in range(2)])
    folder = sidalih.deduplicate(voters).to_parquet(tmp_path / "hasil")
    written = write_worklists(folder, out=tmp_path / "kerja", format="csv", voters=voters)
    frame = pl.concat([pl.read_csv(p, infer_schema=False) for p in written])
    assert frame.height == 4
    cells = " ".join(str(v) for row in frame.rows() for v in row if v is not None)
    full = bool(re.search(r"(?<!\d)\d{16}(?!\d)", cells))
    assert not full, "a full 16-digit id in the worklist"  # (not echoed: it may be a NIK)
    labels = dict(frame.group_by("nama").agg(pl.col(T["wl_cluster"]).unique()).iter_rows())
    assert {tuple(v) for v in labels.values()} == {
        ("3271********0001 #1",), ("3271********0001 #2",)}  # one per cluster, told apart
    assert frame[T["wl_cluster"]].to_list() == sorted(frame[T["wl_cluster"]])  # together


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_nik_in_any_column_is_masked(tmp_path: Path, fmt: str) -> None:
    # a NIK typed as the name or the birth date, or shifted into the village column,
    # is masked in the cells as in the finding text and the file name
    nik = "3271014101900001"
    voters = pl.DataFrame({
        "nik": ["3271014101900002", "3271014101900002", "3271014101900004"],
        "nama": ["SITI AMINAH", "SITI AMINAH", nik],
        "tanggal_lahir": ["01-01-1990", "01-01-1990", nik],
        "alamat": ["JL. MAWAR 1", "JL. MAWAR 1", f"NIK {nik}"],
        "kode_desa": [nik, nik, "3271011001"],
        "tps": ["001", "001", nik],
    })
    path = tmp_path / "dpt.parquet"
    voters.write_parquet(path)
    run("dedupe", path, "--out", tmp_path / "ded", "--quiet")
    run("check", path, "--out", tmp_path / "chk", "--quiet")  # row 2: a finding to fix
    written = write_worklists([tmp_path / "ded", tmp_path / "chk"], out=tmp_path / "kerja",
                              format=fmt)
    if fmt == "csv":
        frame = pl.concat([pl.read_csv(p, infer_schema=False) for p in written])
    else:
        frame = pl.DataFrame([{k: c.value for k, c in row.items()}
                              for rows in read_sheets(tmp_path / "kerja").values()
                              for row in rows])
    assert sorted(frame["id"]) == ["0", "1", "2"]  # every row to act on is there
    cells = " ".join(str(v) for row in frame.rows() for v in row if v is not None)
    assert not re.search(r"\d{12}", cells), "a full NIK in a worklist cell"  # not echoed
    masked = "3271********0001"
    third = frame.filter(pl.col("id") == "2").row(0, named=True)
    assert third["nama"] == third["tanggal_lahir"] == third["tps"] == masked
    assert third["alamat"] == f"NIK {masked}"
    assert set(frame.filter(pl.col("id") != "2")["kode_desa"]) == {masked}
    # the rows still split on the unmasked village: two files, one masked name
    assert sorted(p.name for p in written) == [
        "3271011001-Batu-Tulis." + fmt, "3271xxxxxxxx0001." + fmt]
