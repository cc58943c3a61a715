"""Tests for sidalih.election: one Election value, parsed in one place, defined once."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sidalih
from sidalih import dates, election
from sidalih.election import PEMILU_2024, PILKADA_2024, VOTING_AGE, Election
from sidalih.errors import InvalidParameterError
from sidalih.quality import check

D = dt.date


def test_defaults_and_constants() -> None:
    assert Election(D(2024, 2, 14)) == Election(D(2024, 2, 14), voting_age=17, name="")
    assert VOTING_AGE == 17
    assert Election(D(2024, 2, 14), 17, "Pemilu 2024") == PEMILU_2024
    assert Election(D(2024, 11, 27), 17, "Pilkada 2024") == PILKADA_2024


def test_dates_reexports_the_election_constants_as_dates() -> None:
    # Older callers read sidalih.dates.PEMILU_2024 as a datetime.date: it stays one.
    assert type(dates.PEMILU_2024) is dt.date and dates.PEMILU_2024 is PEMILU_2024.date
    assert type(dates.PILKADA_2024) is dt.date and dates.PILKADA_2024 is PILKADA_2024.date
    assert dates.VOTING_AGE is VOTING_AGE


def test_is_frozen_and_hashable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        PEMILU_2024.voting_age = 18  # type: ignore[misc]
    assert len({PEMILU_2024, Election(D(2024, 2, 14), name="Pemilu 2024")}) == 1


def test_a_datetime_becomes_its_date() -> None:
    made = Election(dt.datetime(2024, 2, 14, 7, 0))  # type: ignore[arg-type]
    assert type(made.date) is dt.date and made == Election(D(2024, 2, 14))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-14", D(2024, 2, 14)),
        ("  2024-11-27\n", D(2024, 11, 27)),
        (D(2019, 4, 17), D(2019, 4, 17)),
        (dt.datetime(2019, 4, 17, 23, 59), D(2019, 4, 17)),
        (pd.Timestamp("2024-02-14 08:00"), D(2024, 2, 14)),
    ],
)
def test_parse_reads_dates_and_iso_text(value: Any, expected: dt.date) -> None:
    parsed = Election.parse(value)
    assert parsed == Election(expected)
    assert type(parsed.date) is dt.date


def test_parse_returns_an_election_as_it_is() -> None:
    mine = Election(D(2024, 11, 27), voting_age=18, name="Pilkada")
    assert Election.parse(mine) is mine


@pytest.mark.parametrize(
    "value",
    [None, "", "today", "14-02-2024", "2024-02-30", "2024/02/14", 20240214, 45336.0, pd.NaT,
     [2024, 2, 14], b"2024-02-14"],
)  # fmt: skip
def test_parse_rejects_anything_else_naming_the_value(value: Any) -> None:
    with pytest.raises(InvalidParameterError) as raised:
        Election.parse(value, parameter="election_date")
    message = str(raised.value)
    assert message.startswith("election_date must be polling day")
    assert repr(value) in message and "never assumes today" in message


def test_parse_names_election_by_default() -> None:
    with pytest.raises(InvalidParameterError, match=r"^election must be polling day.*'kemarin'"):
        Election.parse("kemarin")  # type: ignore[arg-type]


@given(st.dates())
def test_parse_of_iso_text_and_of_the_date_agree(day: dt.date) -> None:
    assert Election.parse(day.isoformat()) == Election.parse(day) == Election(day)
    moment = dt.datetime.combine(day, dt.time(13, 30))
    assert Election.parse(moment) == Election(day)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"date": "2024-02-14"}, "date must be polling day as a datetime.date"),
        ({"date": None}, "date must be polling day"),
        ({"date": pd.NaT}, "date must be polling day"),
        ({"date": D(2024, 2, 14), "voting_age": 0}, "voting_age must be a whole number"),
        ({"date": D(2024, 2, 14), "voting_age": 101}, "voting_age must be a whole number"),
        ({"date": D(2024, 2, 14), "voting_age": True}, "voting_age must be a whole number"),
        ({"date": D(2024, 2, 14), "voting_age": 17.0}, "voting_age must be a whole number"),
        ({"date": D(2024, 2, 14), "voting_age": "17"}, "voting_age must be a whole number"),
        ({"date": D(2024, 2, 14), "name": 2024}, "name must be text"),
    ],
)
def test_invalid_fields_raise_invalid_parameter(kwargs: dict[str, Any], problem: str) -> None:
    with pytest.raises(InvalidParameterError, match=problem):
        Election(**kwargs)


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(InvalidParameterError) as raised:
        Election("soon", voting_age=-1, name=None)  # type: ignore[arg-type]
    assert str(raised.value).count("\n  - ") == 3


@pytest.mark.parametrize("made", [PEMILU_2024, Election(D(1955, 9, 29), voting_age=18)])
def test_dict_round_trip_through_json(made: Election) -> None:
    data = json.loads(json.dumps(made.to_dict()))
    assert Election.from_dict(data) == made


def test_from_dict_fills_defaults() -> None:
    assert Election.from_dict({"date": "2024-02-14"}) == Election(D(2024, 2, 14))


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ({}, "mapping with 'date'"),
        ("2024-02-14", "mapping with 'date'"),
        ({"date": "2024-02-14", "age": 17}, r"got also \['age'\]"),
        ({"date": "14/02/2024"}, "election date must be polling day"),
        ({"date": "2024-02-14", "voting_age": "17"}, "voting_age must be a whole number"),
    ],
)
def test_from_dict_rejects_bad_data(data: Any, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        Election.from_dict(data)


# --------------------------------------------------------------------------- quality


def _seventeen_year_old() -> pl.DataFrame:
    """Unmarried, 17 on 14 February 2024 (born 14 February 2007)."""
    return pl.DataFrame(
        {"id": [1], "nama": ["Rina Lestari"], "tanggal_lahir": ["14-02-2007"],
         "status_kawin": ["B"]}
    )  # fmt: skip


def _under_age(report: Any) -> list[int]:
    found = report.findings.filter(pl.col("check") == "under_age")
    return found["id"].to_list()  # type: ignore[no-any-return]


def test_check_takes_an_election_and_its_voting_age() -> None:
    voters = _seventeen_year_old()
    assert _under_age(check(voters, election_date="2024-02-14", checks=["under_age"])) == []
    older = Election(D(2024, 2, 14), voting_age=18)
    report = check(voters, election_date=older, checks=["under_age"])
    assert _under_age(report) == [1]
    assert report.parameters["election_date"] == D(2024, 2, 14)
    assert report.parameters["voting_age"] == 18
    same = check(voters, election_date=PEMILU_2024, checks=["under_age"])
    assert _under_age(same) == [] and same.parameters["voting_age"] == VOTING_AGE


def test_check_names_its_own_parameter_in_errors() -> None:
    with pytest.raises(InvalidParameterError, match=r"^election_date must be polling day"):
        check(_seventeen_year_old(), election_date="14-02-2024")


# --------------------------------------------------------------------------- defined once

# Modules that still define polling day or the voting age themselves (issue 18, the
# engine refactor); remove a module from here once it uses sidalih.election.
PENDING: set[str] = set()


def _redefinitions(path: Path) -> list[str]:
    """Lines that write Pemilu 2024's date or define a voting age, outside docstrings."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and [
            a.value for a in node.args if isinstance(a, ast.Constant)
        ] == [2024, 2, 14]:
            found.append(f"{node.lineno}: date(2024, 2, 14)")
        elif isinstance(node, ast.Constant) and node.value == "2024-02-14":
            found.append(f"{node.lineno}: '2024-02-14'")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "VOTING_AGE" for t in targets):
                found.append(f"{node.lineno}: VOTING_AGE = {node.value.value!r}")
    return found


def test_the_election_constants_are_defined_once() -> None:
    root = Path(sidalih.__file__).parent
    own = Path(election.__file__)
    assert _redefinitions(own)  # guards the scan itself: it sees the one definition
    found = {
        path.relative_to(root).as_posix(): lines
        for path in sorted(root.rglob("*.py"))
        if path != own and (lines := _redefinitions(path))
    }
    unexpected = {path: lines for path, lines in found.items() if path not in PENDING}
    assert not unexpected, f"use sidalih.election instead: {unexpected}"
