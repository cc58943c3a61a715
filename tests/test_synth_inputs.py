"""Bad arguments to sidalih.synth: typed errors naming the argument, and CLI exit 2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sidalih import synth
from sidalih.errors import InvalidParameterError


@pytest.mark.parametrize("seed", [-1, 1.5, None, "a", True, 2**64])
def test_voters_bad_seed(seed: object) -> None:
    with pytest.raises(InvalidParameterError, match="seed must be an integer"):
        synth.voters(50, seed=seed)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("voters_per_village", 0, "voters_per_village must be an integer >= 1"),
        ("voters_per_village", 2.5, "voters_per_village must be an integer >= 1"),
        ("voters_per_village", "100", "voters_per_village must be an integer >= 1"),
        ("villages_per_district", 0, "villages_per_district must be an integer >= 1"),
        ("villages_per_district", -3, "villages_per_district must be an integer >= 1"),
        ("villages", [], "villages: the sequence of codes is empty"),
        ("villages", True, "villages must be"),
        ("villages", 2.0, "villages must be"),
        ("villages", "3201010001", "villages must be"),
        ("max_tps", "300", "max_tps must be an integer"),
        ("max_tps", 300.5, "max_tps must be an integer"),
        ("duplicate_rate", "0.1", "duplicate_rate must be a number"),
        ("placeholder_scale", None, "placeholder_scale must be a number"),
        ("error_rates", {"name_typo": "x"}, r"error_rates\['name_typo'\] must be a number"),
        ("error_rates", [1], "error_rates must be a mapping"),
    ],
)
def test_voters_bad_sizes_and_rates(option: str, value: object, message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        synth.voters(50, **{option: value})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "election",
    ["2024-02-14", dt.datetime(2024, 2, 14), None, dt.date(1, 1, 1), dt.date(9999, 1, 1)],
)
def test_voters_bad_election(election: object) -> None:
    with pytest.raises(InvalidParameterError, match="election must be a date"):
        synth.voters(50, election=election)  # type: ignore[arg-type]


def test_voters_leap_day_election() -> None:
    # 29 February has no twin 17 years earlier; the cutoff is then 28 February.
    s = synth.voters(50, seed=3, election=dt.date(2024, 2, 29))
    assert s.voters.height == 50
    assert s.voters["tanggal_lahir"].max() <= dt.date(2007, 2, 28)  # type: ignore[operator]


def test_voters_numpy_scalars_same_as_python() -> None:
    a = synth.voters(60, seed=np.int64(4), voters_per_village=np.int32(30),
                     duplicate_rate=np.float32(0.25), max_tps=np.int64(40))  # fmt: skip
    b = synth.voters(60, seed=4, voters_per_village=30, duplicate_rate=float(np.float32(0.25)),
                     max_tps=40)  # fmt: skip
    assert a.voters.equals(b.voters) and a.truth.equals(b.truth)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"seed": -1}, "seed must be an integer"),
        ({"voters_per_village": "2500"}, "voters_per_village must be an integer >= 1"),
        ({"chunk_rows": "10"}, "chunk_rows must be an integer >= 1"),
        ({"chunk_rows": 0}, "chunk_rows must be an integer >= 1"),
        ({"bogus": 1}, "bogus"),
    ],
)
def test_write_bad_options(tmp_path: Path, options: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        synth.write(tmp_path / "x.csv", 50, **options)  # type: ignore[arg-type]
    assert not (tmp_path / "x.csv").exists()


def test_cli_bad_seed_exits_2(tmp_path: Path) -> None:
    from sidalih.cli import app

    result = CliRunner().invoke(app, ["synth", "10", "--seed", "-1", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("sidalih: error: seed must be an integer")
