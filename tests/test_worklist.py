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
