"""Result folders of one list: a run joins a check's findings to a dedupe's rows by id.

Ids are only unique within a list (two villages' lists both count from 000000001), so a
dedupe folder of one list and a check folder of another join without a word and give
one list's findings to the other's voters. Each input of a run (a dedupe folder, a
check folder, the list given with ``--list``) says what it can about its list; two
inputs are of one list unless what is recorded says otherwise:

1. **rows**: the dedupe's clusters hold every row once, the check's ``summary.json``
   records ``n_rows``, a given list has its height; the counts agree;
2. **ids**: every id the check found something about is an id of the list;
3. **the file**: the inputs ``summary.json`` records are the same file where both are
   still found; otherwise, where both lists' rows can be read (the dedupe folder's
   ``records.parquet``, the checked file still on disk, the given list), every id has
   the same identity (NIK, name, date of birth, sex, village) in both; where the checked
   file is no longer found, the two folders record files of one name.

A folder written by :meth:`sidalih.Result.to_parquet` records no input: rules 1 and 2
decide. A link folder holds two lists and a demo folder its own check, so neither is
compared. The first rule broken is an :class:`~sidalih.errors.InvalidParameterError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sidalih.errors import InvalidParameterError, SidalihError, format_rows, mask_long_digits

__all__ = ["ListSeen", "locate", "check_one_list"]

IDENTITY = ("nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_desa")
"""Columns that must agree, id by id, for two readings to be of one list."""


@dataclass
class ListSeen:
    """What one input of a run says about the list it came from."""

    what: str
    """How a message names it: ``"the check result hasil-cek"``."""
    ids: pl.Series
    """Every row's id (a dedupe folder, a given list) or the ids a check found about."""
    every_row: bool
    """Whether ``ids`` are every row's (else a check's findings')."""
    n_rows: int | None = None
    name: str | None = None
    """The list file the folder's ``summary.json`` records (or the file given)."""
    path: Path | None = None
    """That file, where it is still found."""
    rows: pl.DataFrame | None = None
    """The list's standardised rows, ``id`` as text, where the input holds them."""
    given: bool = False
    """Given by the caller (``--list``), not recorded by a command."""


def locate(name: object, near: Sequence[Path]) -> Path | None:
    """The file a ``summary.json`` records, where it can still be found, or None.

    A relative name is looked for beside each result folder first (where the commands
    put their results by default), then in the current folder.

    Examples
    --------
    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> _ = (base / "dpt.csv").write_text("NAMA\\n")
    >>> locate("dpt.csv", [base / "hasil"]) == base / "dpt.csv"
    True
    >>> locate("gone.csv", [base / "hasil"]) is None
    True
    """
    if not isinstance(name, str) or not name:
        return None
    path = Path(name)
    candidates = [path] if path.is_absolute() else [*(f.parent / path for f in near), path]
    found = next((p for p in candidates if p.is_file()), None)
    return found if found is not None or "*" not in path.name else _unmasked(candidates)


def _unmasked(candidates: Sequence[Path]) -> Path | None:
    """The one file whose name, masked, is a candidate's (masked) name, or None.

    A summary records a list saved under a voter's NIK masked (``3271********0001.csv``):
    the file is found again by masking the names beside it. Two files that mask alike
    are not told apart, and none is chosen.

    Examples
    --------
    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> _ = (base / "3271014101900001.csv").write_text("NAMA\\n")
    >>> _unmasked([base / "3271********0001.csv"]) == base / "3271014101900001.csv"
    True
    """
    for candidate in candidates:
        if not candidate.parent.is_dir():
            continue
        same = [p for p in candidate.parent.iterdir()
                if p.is_file() and mask_long_digits(p.name) == candidate.name]
        if same:
            return same[0] if len(same) == 1 else None
    return None


def _first_difference(a: pl.DataFrame, b: pl.DataFrame) -> str | None:
    """An id whose identity differs between two readings of a list, or None."""
    columns = ["id", *(c for c in IDENTITY if c in a.columns and c in b.columns)]
    left = a.select(pl.col(columns).cast(pl.String))
    right = b.select(pl.col(columns).cast(pl.String))
    for one, other in ((left, right), (right, left)):
        odd = one.join(other, on=columns, how="anti", nulls_equal=True)
        if odd.height:
            return str(odd["id"].sort()[0])
    return None


class _Rows:
    """Each list file read once, and only when a rule needs its rows."""

    def __init__(self, read: Callable[[Path], pl.DataFrame]) -> None:
        self._read = read
        self._done: dict[Path, pl.DataFrame | None] = {}

    def of(self, seen: ListSeen) -> pl.DataFrame | None:
        if seen.rows is not None or seen.path is None:
            return seen.rows
        key = seen.path.resolve()
        if key not in self._done:
            try:
                self._done[key] = self._read(seen.path)
            except SidalihError:  # changed since the run: it cannot say
                self._done[key] = None
        return self._done[key]


def _same_file(a: ListSeen, b: ListSeen) -> bool:
    try:
        return a.path is not None and b.path is not None and a.path.samefile(b.path)
    except OSError:
        return False


def _problem(a: ListSeen, b: ListSeen, rows: _Rows) -> str | None:
    """Why ``b`` is not of the list of ``a`` (whose ``ids`` are every row's), or None."""
    if a.n_rows is not None and b.n_rows is not None and a.n_rows != b.n_rows:
        return f"the one has {a.n_rows:,} rows, the other {b.n_rows:,}"
    foreign = b.ids.drop_nulls().unique().to_frame("id").join(
        a.ids.to_frame("id"), on="id", how="anti")["id"]
    if foreign.len():
        return (f"{b.what} names ids that {a.what} lacks "
                f"({format_rows(foreign.sort().to_list(), limit=3)})")
    if _same_file(a, b):
        return None
    left, right = rows.of(a), rows.of(b)
    if left is not None and right is not None:
        odd = _first_difference(left, right)
        if odd is None:
            return None
        files = (f"the one read {a.name}, the other {b.name}, and "
                 if a.name and b.name and a.name != b.name else "")
        return f"{files}id {odd} is not the same voter in both"
    if a.name and b.name and not (a.given or b.given) and Path(a.name).name != Path(b.name).name:
        return f"the one read {a.name}, the other {b.name}"
    return None


def check_one_list(seen: Sequence[ListSeen], *,
                   read: Callable[[Path], pl.DataFrame]) -> None:
    """Refuse inputs of a run that are not of one list (the rules in the module docstring).

    ``read`` reads a list file as the commands do (standardised, ``id`` as text).

    Examples
    --------
    >>> a = ListSeen("the dedupe result ganda-a", pl.Series(["1", "2"]), True, n_rows=2,
    ...              name="desa_a.csv")
    >>> b = ListSeen("the check result cek-b", pl.Series(["2"]), False, n_rows=2,
    ...              name="desa_b.csv")
    >>> check_one_list([a, b], read=pl.read_csv)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sidalih.errors.InvalidParameterError: the dedupe result ganda-a and the check result \
cek-b are not of one list: the one read desa_a.csv, the other desa_b.csv; ...
    """
    rows = _Rows(read)
    complete = [s for s in seen if s.every_row]
    if not complete:
        return
    # every input against the first that holds every row's id; a given list against
    # the checked file too, as it stands in for the dedupe folder's rows
    pairs = [(complete[0], s) for s in seen if s is not complete[0]]
    pairs += [(c, s) for c in complete[1:] for s in seen if not s.every_row]
    for a, b in pairs:
        reason = _problem(a, b, rows)
        if reason is not None:
            raise InvalidParameterError(
                f"{a.what} and {b.what} are not of one list: {reason}; together they "
                "would give one list's findings to another list's voters. Give results "
                "of one list (run `sidalih check` and `sidalih dedupe` on the same file)")
