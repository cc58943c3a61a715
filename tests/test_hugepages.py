"""NumPy's huge-page request turned off only where the kernel would stall on it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sidalih import _hugepages
from sidalih._hugepages import avoid_compaction_stalls


@pytest.fixture
def numpy_setting() -> Iterator[None]:
    """Restore NumPy's huge-page setting, whatever a test did to it."""
    switch = _hugepages._numpy_switch()
    assert switch is not None  # NumPy 1.20+ and 2.x have it
    before = switch(True)
    switch(before)
    yield
    switch(before)


def _requested() -> bool:
    switch = _hugepages._numpy_switch()
    before = switch(True)
    switch(before)
    return bool(before)


def _policies(tmp_path: Path, defrag: str, enabled: str = "always [madvise] never\n"
              ) -> tuple[Path, Path]:
    (tmp_path / "defrag").write_text(defrag, encoding="ascii")
    (tmp_path / "enabled").write_text(enabled, encoding="ascii")
    return tmp_path / "defrag", tmp_path / "enabled"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux kernel policy")
@pytest.mark.parametrize(("defrag", "enabled", "stalls"), [
    ("always defer defer+madvise [madvise] never\n", "always [madvise] never\n", True),
    ("always defer [defer+madvise] madvise never\n", "[always] madvise never\n", True),
    ("[always] defer defer+madvise madvise never\n", "always [madvise] never\n", True),
    # every huge-page region compacts: the request changes nothing
    ("[always] defer defer+madvise madvise never\n", "[always] madvise never\n", False),
    ("always defer defer+madvise [madvise] never\n", "always madvise [never]\n", False),
    ("always [defer] defer+madvise madvise never\n", "always [madvise] never\n", False),
    ("always defer defer+madvise madvise [never]\n", "always [madvise] never\n", False),
    ("no brackets\n", "always [madvise] never\n", False),
    ("[madvise]\n", "", False)])
def test_only_a_request_that_stalls_is_turned_off(tmp_path: Path, defrag: str, enabled: str,
                                                  stalls: bool, numpy_setting: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    _hugepages._numpy_switch()(True)
    assert avoid_compaction_stalls(*_policies(tmp_path, defrag, enabled)) is stalls
    assert _requested() is not stalls


def test_the_users_numpy_setting_wins(tmp_path: Path, numpy_setting: None,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    _hugepages._numpy_switch()(True)
    assert avoid_compaction_stalls(*_policies(tmp_path, "[madvise] never\n")) is False
    assert _requested() is True


def test_an_unreadable_policy_leaves_it(tmp_path: Path, numpy_setting: None,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    _hugepages._numpy_switch()(True)
    _, enabled = _policies(tmp_path, "")
    assert avoid_compaction_stalls(tmp_path / "missing", enabled) is False
    (tmp_path / "binary").write_bytes(b"\xff\xfe[madvise]")
    assert avoid_compaction_stalls(tmp_path / "binary", enabled) is False
    assert _requested() is True


def test_the_engine_turns_it_off_where_this_machine_stalls() -> None:
    """Importing the engine applies the rule to this machine's own policies."""
    import sidalih.engine  # noqa: F401

    expected = ("NUMPY_MADVISE_HUGEPAGE" not in os.environ
                and sys.platform.startswith("linux")
                and _hugepages.request_stalls(_hugepages._policy(_hugepages.ENABLED),
                                              _hugepages._policy(_hugepages.DEFRAG)))
    if expected:
        assert _requested() is False
