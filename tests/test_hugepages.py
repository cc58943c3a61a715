"""NumPy's huge-page request turned off only where the kernel would stall on it."""

from __future__ import annotations

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


def _defrag(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "defrag"
    path.write_text(text, encoding="ascii")
    return path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux kernel policy")
@pytest.mark.parametrize(("text", "stalls"), [
    ("always defer defer+madvise [madvise] never\n", True),
    ("[always] defer defer+madvise madvise never\n", True),
    ("always defer [defer+madvise] madvise never\n", True),
    ("always [defer] defer+madvise madvise never\n", False),
    ("always defer defer+madvise madvise [never]\n", False),
    ("no brackets\n", False), ("", False)])
def test_only_a_stalling_policy_turns_the_request_off(tmp_path: Path, text: str, stalls: bool,
                                                      numpy_setting: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    _hugepages._numpy_switch()(True)
    assert avoid_compaction_stalls(_defrag(tmp_path, text)) is stalls
    assert _requested() is not stalls


def test_the_users_numpy_setting_wins(tmp_path: Path, numpy_setting: None,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    _hugepages._numpy_switch()(True)
    assert avoid_compaction_stalls(_defrag(tmp_path, "[madvise] never\n")) is False
    assert _requested() is True


def test_an_unreadable_policy_leaves_it(tmp_path: Path, numpy_setting: None,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    _hugepages._numpy_switch()(True)
    assert avoid_compaction_stalls(tmp_path / "missing") is False
    (tmp_path / "binary").write_bytes(b"\xff\xfe[madvise]")
    assert avoid_compaction_stalls(tmp_path / "binary") is False
    assert _requested() is True
