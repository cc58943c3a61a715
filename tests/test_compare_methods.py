"""Comparison methods as objects (sidalih/compare/_methods.py, _method_types.py).

One schema per method: a constructor and ``Comparison.from_dict`` (so a model file)
accept the same option values and refuse the same bad ones with the same text; every
method round-trips through JSON; what depends on the method is declared by it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sidalih import compare
from sidalih.compare import Comparison
from sidalih.compare import _spec as spec
from sidalih.compare._method_types import ROLES, MethodType
from sidalih.compare._methods import METHODS
from sidalih.errors import InvalidParameterError, mask_long_digits

NAMES = ("exact", "code_prefix", "string", "name", "nik", "date")

DEFAULTS: dict[str, Callable[..., Comparison]] = {
    "exact": lambda **kw: compare.exact("jk", **kw),
    "code_prefix": lambda **kw: compare.code_prefix("kode_desa", **{"lengths": (4, 6), **kw}),
    "string": lambda **kw: compare.string("tempat_lahir", **kw),
    "name": lambda **kw: compare.name(**kw),
    "nik": lambda **kw: compare.nik(**kw),
    "date": lambda **kw: compare.date(**kw),
}


def _json(comparison: Comparison) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(comparison.to_dict()))
    return data


def _error(build: Callable[[], Any]) -> str | None:
    """The InvalidParameterError text ``build`` raises, None when it succeeds."""
    try:
        build()
    except InvalidParameterError as error:
        return str(error)
    return None


# ------------------------------------------------------------------------- the registry


def test_registry_covers_every_method_name() -> None:
    assert sorted(METHODS) == sorted(NAMES)
    assert spec.METHODS is METHODS  # the old name keeps working
    for key, method in METHODS.items():
        assert isinstance(method, MethodType) and method.name == key
        assert DEFAULTS[key]().method_type is method


def test_unknown_or_unhashable_method_is_refused() -> None:
    for method in ("fuzzy", ["exact"], None):
        data = {"name": "x", "column": "x", "method": method, "labels": ["a", "b"]}
        with pytest.raises(InvalidParameterError, match="unknown comparison method"):
            Comparison.from_dict(data)


@pytest.mark.parametrize("method", NAMES)
def test_method_declares_its_constructors_labels(method: str) -> None:
    comparison = DEFAULTS[method]()
    assert METHODS[method].labels(comparison.options) == comparison.labels
    assert METHODS[method].n_levels(comparison.options) == comparison.n_levels
    assert METHODS[method].problems(comparison.options) == []


# What the comparisons said before their methods were objects (the old if-chains), but
# for one deliberate change since: a date's day and month swapped is one date for the
# NIK's conditional u (session 13, compare._methods.Date).
BEFORE = {
    "exact": ((0, 1), (1,), None, None),
    "code_prefix": ((0, 1, 2), (2,), None, None),
    "string": ((0, 1, 2, 3), (3,), None, None),
    "name": ((0, 2, 1, 3, 4), (4,), None, "name"),
    "nik": ((0, 2, 3, 1, 4, 5, 6), (1, 3, 6), 6, "nik"),
    "date": ((0, 1, 2, 3, 4, 5), (2, 4, 5), None, "birth_date"),
}


@pytest.mark.parametrize("method", NAMES)
def test_delegated_properties_are_unchanged(method: str) -> None:
    c = DEFAULTS[method]()
    assert (c.evidence_order, c.equal_levels, c.group_prefix, c.role) == BEFORE[method]
    assert all(type(x) is int for x in c.evidence_order + c.equal_levels)


def test_roles_declared_implied_and_by_voter_column() -> None:
    assert compare.exact("nkk").role == "family_card"
    assert compare.exact("jenis_kelamin").role == "sex"
    assert compare.exact("kk", role="family_card").role == "family_card"
    assert compare.string("nkk").role is None  # the column implies a role to exact only
    assert compare.date("dob").role == "birth_date"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 0.99), min_size=1, max_size=5, unique=True))
def test_orders_are_permutations_of_the_levels(values: list[float]) -> None:
    thresholds = tuple(sorted(values))
    lengths = tuple(range(1, len(values) + 1))
    for c in (compare.string("s", thresholds=thresholds), compare.name("n", thresholds=thresholds),
              compare.code_prefix("k", lengths=lengths), compare.nik(), compare.date()):
        assert sorted(c.evidence_order) == list(range(c.n_levels))
        assert c.evidence_order[0] == 0 and c.evidence_order[-1] == c.n_levels - 1
        assert set(c.equal_levels) <= set(range(c.n_levels))
        assert c.n_levels - 1 in c.equal_levels


# ------------------------------------------------- one schema: constructors and loading

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 12),
                         st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=3),
                         st.sampled_from(["nik", "sex", "tanggal_lahir", "a"]))
json_values = st.one_of(json_scalars, st.lists(json_scalars, max_size=4),
                        st.lists(st.floats(-0.5, 1.5), max_size=4),
                        st.lists(st.integers(-1, 12), max_size=4))

#: (method, option): the options a constructor passes on as they are given.
PASSED_ON = [("string", "thresholds"), ("name", "thresholds"), ("name", "token_set"),
             ("code_prefix", "lengths"), ("exact", "anchor"), ("string", "anchor"),
             ("code_prefix", "anchor"), ("nik", "depends_on"), ("exact", "role")]


def _as_loaded(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@pytest.mark.parametrize(("method", "option"), PASSED_ON)
@settings(max_examples=80, deadline=None)
@given(value=json_values)
def test_constructor_and_loading_give_the_same_verdict_and_text(method: str, option: str,
                                                               value: Any) -> None:
    assume(not (option == "role" and value is None))  # role=None: none declared
    build = DEFAULTS[method]
    from_constructor = _error(lambda: build(**{option: value}))
    base = _json(build())
    base["options"][option] = value
    from_loading = _error(lambda: Comparison.from_dict(base))
    schema = METHODS[method].problems({**build().options, option: _as_loaded(value)})
    if from_constructor is None:
        assert schema == []
        built = build(**{option: value})
        assert Comparison.from_dict(_json(built)) == built
    else:
        assert from_constructor == from_loading
        assert from_constructor.startswith(f"invalid comparison {build().name!r}: {option} must")
        assert schema and mask_long_digits("; ".join(schema)) in from_constructor


@pytest.mark.parametrize(
    ("method", "option", "value"),
    [
        ("string", "thresholds", [0.94, 0.88]),
        ("name", "thresholds", []),
        ("name", "token_set", 2.0),
        ("code_prefix", "lengths", "46"),
        ("exact", "anchor", "yes"),
        ("nik", "depends_on", "tanggal_lahir"),
        ("exact", "role", "ayah"),
        ("exact", "u_within", ""),
        ("date", "u_within", 3),
        ("nik", "u_within_region", ""),
    ],
)
def test_bad_option_same_text_from_constructor_and_model_file(method: str, option: str,
                                                              value: Any) -> None:
    build = DEFAULTS[method]
    base = _json(build())
    base["options"][option] = value
    with pytest.raises(InvalidParameterError) as loaded:
        Comparison.from_dict(base)
    with pytest.raises(InvalidParameterError) as built:
        build(**{option: value})
    assert str(built.value) == str(loaded.value)
    assert f"{option} must" in str(built.value)


@pytest.mark.parametrize("method", NAMES)
@settings(max_examples=40, deadline=None)
@given(value=json_values)
def test_bad_u_within_is_a_typed_error_worded_as_on_load(method: str, value: Any) -> None:
    # A number given as u_within once crashed with a TypeError while being iterated.
    build = DEFAULTS[method]
    as_given = _error(lambda: build(u_within=value))
    if as_given is None:
        return
    held = value[0] if isinstance(value, list) and len(value) == 1 else _as_loaded(value)
    base = _json(build())
    base["options"]["u_within"] = held
    assert as_given == _error(lambda: Comparison.from_dict(base))
    assert as_given.startswith(f"invalid comparison {build().name!r}: u_within must")


def test_several_problems_are_listed_once_in_schema_order() -> None:
    with pytest.raises(InvalidParameterError) as error:
        compare.name(thresholds=(0.9, 0.5), token_set=3)
    assert str(error.value) == (
        "invalid comparison 'nama': thresholds must be a list of increasing numbers strictly "
        "between 0 and 1, such as (0.88, 0.94), got (0.9, 0.5); token_set must be a number in "
        "[0, 1] (the score_cutoff of the token-set level), got 3")


@pytest.mark.parametrize(("method", "option"),
                         [("string", "thresholds"), ("name", "token_set"), ("name", "thresholds"),
                          ("code_prefix", "lengths")])
def test_required_options_are_declared_required(method: str, option: str) -> None:
    data = _json(DEFAULTS[method]())
    del data["options"][option]
    with pytest.raises(InvalidParameterError,
                       match=rf"options\['{option}'\] is required by method '{method}'"):
        Comparison.from_dict(data)
    assert {o.name for o in METHODS[method].options if o.required} >= {option}


def test_undeclared_options_are_kept_as_before() -> None:
    data = _json(compare.exact("jk"))
    data["options"]["note"] = "kept"  # an older or newer writer's option: loads
    assert Comparison.from_dict(data).options["note"] == "kept"


def test_constructor_options_are_json_ready_python_values() -> None:
    c = compare.name(thresholds=np.array([0.5, 0.9]), token_set=np.float32(0.5),
                     u_within=np.array(["nkk", "kode_desa"]))
    assert c.options == {"thresholds": (0.5, 0.9), "token_set": 0.5,
                         "u_within": ("nkk", "kode_desa")}
    assert type(c.options["token_set"]) is float
    assert all(type(x) is str for x in c.options["u_within"])
    assert compare.nik(depends_on=["tanggal_lahir"]).options["depends_on"] == ("tanggal_lahir",)
    assert compare.exact("jk", u_within=["nkk"]).options["u_within"] == "nkk"
    assert "u_within" not in compare.exact("jk", u_within=()).options


# -------------------------------------------------------------------- JSON round trip


@settings(max_examples=60, deadline=None)
@given(
    method=st.sampled_from(NAMES),
    thresholds=st.lists(st.floats(0.01, 0.99), min_size=1, max_size=4, unique=True),
    token_set=st.floats(0, 1),
    within=st.sampled_from([None, "nkk", ("nkk", "kode_desa")]),
    role=st.sampled_from((None, *ROLES)),
    anchor=st.booleans(),
)
def test_every_method_round_trips_through_json(method: str, thresholds: list[float],
                                               token_set: float, within: Any, role: Any,
                                               anchor: bool) -> None:
    ordered = tuple(sorted(thresholds))
    extra: dict[str, Any] = {
        "exact": {"anchor": anchor, "role": role, "tf": anchor},
        "code_prefix": {"lengths": tuple(range(2, 2 + len(thresholds))), "anchor": anchor},
        "string": {"thresholds": ordered, "anchor": anchor},
        "name": {"thresholds": ordered, "token_set": token_set},
        "nik": {"u_within_region": "kode_desa"},
        "date": {"tf": anchor},
    }[method]
    c = DEFAULTS[method](u_within=within, **extra)
    loaded = Comparison.from_dict(_json(c))
    assert loaded == c and loaded.to_dict() == c.to_dict()
    assert (loaded.evidence_order, loaded.equal_levels, loaded.role, loaded.group_prefix) == (
        c.evidence_order, c.equal_levels, c.role, c.group_prefix)


def test_shipped_model_comparisons_load_exactly() -> None:
    from sidalih.engine import _model

    saved = _model._default_dict()
    if saved is None:
        pytest.skip("no default model shipped in this checkout")
    for entry in saved["comparisons"]:
        loaded = Comparison.from_dict(entry)
        assert json.loads(json.dumps(loaded.to_dict())) == {"tf_column": None, "options": {},
                                                             **entry}


# ---------------------------------------------------------------- encoding and kernel


def test_each_method_encodes_once_and_levels_match_compare_pairs() -> None:
    import polars as pl

    from sidalih.compare import ColumnCache, compare_pairs

    records = pl.DataFrame({
        "jk": ["L", "L", "P", None],
        "kode_desa": ["3271010001", "3271010002", "3271020001", None],
        "tempat_lahir": ["BOGOR", "BOGOR", "BOGR", None],
        "nama_norm": ["siti aminah", "aminah siti", "siti", None],
        "nik": ["3271014501900001", "3271014501900002", None, "3271014501900001"],
        "tanggal_lahir": ["05-01-1990", "05-01-1990", "01-07-1970", None],
    })
    left, right = np.array([0, 0, 0, 1]), np.array([1, 2, 3, 2])
    for method in NAMES:
        c = DEFAULTS[method]()
        cache = ColumnCache(records)
        first = c.method_type.encode(c, cache)
        assert all(a is b for a, b in zip(first, c.method_type.encode(c, cache), strict=True))
        direct = c.method_type.levels(c, cache, left, right)
        assert direct.dtype == np.int8
        # compare_pairs adds only the birth-part discount, which needs a NIK and a date
        assert np.array_equal(direct, compare_pairs(records, left, right, [c])[:, 0])
    cache = ColumnCache(records)
    compare_pairs(cache, left, right, [compare.nik(), compare.date()])
    # the keys the birth-part discount and the domain judgement read
    assert cache.peek(("nik", "nik")) is not None
    assert cache.peek(("date_ymd", "tanggal_lahir")) is not None
