"""The canonical voter schema, and reading any voter list into it.

Canonical names are KPU's own in snake case (DESIGN.md). Input headers are matched
case-, space-, dot-, dash- and underscore-insensitively against a table of aliases,
so ``TANGGAL LAHIR``, ``tgl_lahir`` and ``birth_date`` all become ``tanggal_lahir``.

:func:`standardise` renames and types columns; it does not judge values. A NIK
stays text exactly as written (damage included) so that :mod:`sidalih.nik` can
report what is wrong with it; dates stay as given so :mod:`sidalih.dates` can flag
them. Every row is kept, in order; unknown columns pass through untouched.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl

from sidalih._aliases import ALIASES, NUMBER_COLUMN, canonical_name, is_weak_id
from sidalih._frames import caller_rows, frame_from_polars, frame_to_polars, series_to_polars
from sidalih.errors import (
    ColumnNotFoundError,
    DuplicateColumnError,
    DuplicateIdError,
    InputTypeError,
    InvalidParameterError,
    RowNumberWarning,
    format_rows,
)

__all__ = [
    "CANONICAL_COLUMNS",
    "ALIASES",
    "TEXT_COLUMNS",
    "VOTER_REQUIRED",
    "VOTER_REQUIRED_ANY",
    "canonical_name",
    "column_mapping",
    "standardise",
    "standardise_polars",
    "numbered_scan",
    "row_number_header",
    "require_columns",
    "check_ids",
    "checked_ids",
    "id_keys",
]

CANONICAL_COLUMNS: tuple[str, ...] = tuple(ALIASES)

#: Columns that are identifiers or codes: always text, never numbers (a NIK as a
#: number loses its leading zeros and, above 2**53, its digits).
TEXT_COLUMNS: tuple[str, ...] = (
    "nik", "nkk", "nama", "tempat_lahir", "jenis_kelamin", "status_kawin", "alamat",
    "rt", "rw", "kode_desa", "tps", "ektp", "keterangan",
)

VOTER_REQUIRED: tuple[str, ...] = ("nama",)
VOTER_REQUIRED_ANY: tuple[tuple[str, ...], ...] = (("nik", "tanggal_lahir"),)

# float64 holds every integer exactly only up to 2**53 (about 9.007e15); a 16-digit
# NIK read from a spreadsheet as a float above it may already have lost a digit.
_FLOAT_EXACT_LIMIT = 2.0**53


def column_mapping(columns: Iterable[str]) -> dict[str, str]:
    """Map each input header that is a known alias to its canonical name.

    Raises :class:`~sidalih.errors.DuplicateColumnError` when two headers map to one name.

    Examples
    --------
    >>> column_mapping(["NAMA", "NIK", "warna"])
    {'NAMA': 'nama', 'NIK': 'nik'}
    """
    headers = tuple(columns)
    if not all(type(h) is str for h in headers):  # 1 == 1.0 == True as keys: not kept
        return _column_mapping(headers)
    known = _MAPPINGS.get(headers)
    if known is None:
        known = _MAPPINGS[headers] = _column_mapping(headers)  # raises before it is kept
        if len(_MAPPINGS) > 256:
            _MAPPINGS.pop(next(iter(_MAPPINGS)))
    return dict(known)


# Mappings by headers: a look-up standardises one record with the same headers each
# time, and matching a dozen headers against the aliases took tens of microseconds.
_MAPPINGS: dict[tuple[str, ...], dict[str, str]] = {}


def _column_mapping(columns: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    claimed: dict[str, list[str]] = {}
    for column in columns:
        target = canonical_name(column)
        if target is not None:
            mapping[column] = target
            claimed.setdefault(target, []).append(column)
    _number_columns_yield(mapping, claimed)
    clashes = [
        f"columns {', '.join(repr(c) for c in cols)} all mean {target!r}; keep one or rename "
        "the others"
        for target, cols in claimed.items()
        if len(cols) > 1
    ]
    if clashes:
        raise DuplicateColumnError("two input columns map to one canonical name", problems=clashes)
    return mapping


def _number_columns_yield(mapping: dict[str, str], claimed: dict[str, list[str]]) -> None:
    """Beside one id column, a row-number column (``NO``) is kept as ``nomor`` rather than
    read as a second id (a DPT's ``NO`` beside a unique id, or an index named ``id``)."""
    ids = claimed.get("id", [])
    strong = [c for c in ids if not is_weak_id(c)]
    if len(ids) < 2 or len(strong) != 1:
        return
    for column in ids:
        if column != strong[0]:
            mapping[column] = NUMBER_COLUMN
            claimed.setdefault(NUMBER_COLUMN, []).append(column)
    claimed["id"] = strong


def standardise(
    frame: Any,
    *,
    required: Sequence[str] | None = None,
    required_any: Sequence[Sequence[str]] | None = None,
    rename: Mapping[str, str] | None = None,
) -> Any:
    """Read a voter list into the canonical schema; return the kind of frame given.

    Parameters
    ----------
    frame
        A pandas, polars or pyarrow frame.
    required
        Canonical columns that must be present (one column may be given as its name
        alone: ``required="nama"``). Default: ``("nama",)``.
    required_any
        Groups of which at least one column must be present, each a sequence of names:
        ``[("nik", "tanggal_lahir")]``, the default. A name where a group belongs (a
        string alone, or a list of strings) is refused (:class:`InvalidParameterError`):
        whether each name or all of them together is meant cannot be told. Pass
        ``required=(), required_any=()`` for non-voter data.
    rename
        Extra ``{input header: canonical name}`` pairs applied before alias matching.

    Returns
    -------
    DataFrame
        ``id`` first, then the other columns in input order; every row, in order. A
        pandas frame comes back on its own index; an index named as an id (``id``,
        ``unique_id``, ``NO``...) gives the ids when no column does, and they stay in it.

    Raises
    ------
    SchemaError
        Listing every problem at once: missing columns (a ``ColumnNotFoundError``),
        two columns meaning the same (``DuplicateColumnError``), repeated or missing
        ids (``DuplicateIdError``).

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"NAMA": ["SITI", "BUDI"], "NIK": [3271014101900001, None],
    ...                     "TGL LAHIR": ["01-01-1990", "31-12-1960"], "warna": ["x", "y"]})
    >>> out = standardise(raw)
    >>> list(out.columns)
    ['id', 'nama', 'nik', 'tanggal_lahir', 'warna']
    >>> out["nik"].tolist()
    ['3271014101900001', None]
    >>> list(standardise(raw, required="nama", required_any=[("nik",)]).columns)[:2]
    ['id', 'nama']
    """
    polars_frame, kind = frame_to_polars(frame)
    return frame_from_polars(
        standardise_polars(polars_frame, required=required, required_any=required_any,
                           rename=rename),
        kind,
        rows=caller_rows(frame),
    )


def standardise_polars(
    frame: pl.DataFrame,
    *,
    required: Sequence[str] | None = None,
    required_any: Sequence[Sequence[str]] | None = None,
    rename: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """:func:`standardise` for a polars frame (the form the engine uses internally)."""
    renamed = _renamed(frame, rename) if rename else frame
    # a rename is a frame operation even when no name changes (a look-up's record); a
    # clone (no copy of the data) keeps the caller's frame out of the in-place id below
    mapping = {k: v for k, v in column_mapping(renamed.columns).items() if k != v}
    out = renamed.rename(mapping) if mapping else renamed.clone()
    _check_required(
        out.columns,
        VOTER_REQUIRED if required is None else _required_names(required),
        VOTER_REQUIRED_ANY if required_any is None else _required_groups(required_any),
    )
    # Only columns that are not text yet are rewritten: a one-record look-up arrives
    # as text, and each frame operation costs a fixed fraction of a millisecond.
    schema = out.schema  # built anew (tens of microseconds) at every read of the attribute
    texts = [_as_text(out[name]) for name in TEXT_COLUMNS
             if schema.get(name, pl.String) != pl.String]
    if texts:
        out = out.with_columns(texts)
    if "id" in out.columns and _repeated_numbers(out["id"], mapping):
        out = out.rename({"id": NUMBER_COLUMN})
    if "id" not in out.columns:
        return out.insert_column(0, pl.Series("id", range(out.height), dtype=pl.Int64))
    out = checked_ids(out)
    if out.columns[0] == "id":
        return out
    return out.select(["id", *[c for c in out.columns if c != "id"]])


def _repeated_numbers(ids: pl.Series, mapping: Mapping[str, str]) -> bool:
    """Whether ``ids`` came from a row-number column (``NO``) that repeats or is empty, as
    a DPT numbered per TPS does; then the rows are numbered instead (with a
    :class:`~sidalih.errors.RowNumberWarning`). An ``id`` column stays strict."""
    header = _number_header(mapping)
    if header is None:
        return False
    return _numbers_repeat(header, ids.len(), ids.n_unique(), ids.null_count())


def _number_header(mapping: Mapping[str, str]) -> str | None:
    """The row-number header (``NO``) read as the id, if that is where the ids come from."""
    header = next((h for h, target in mapping.items() if target == "id"), None)
    if header is None or not is_weak_id(header) or NUMBER_COLUMN in mapping.values():
        return None
    return header


def _numbers_repeat(header: str, n: int, n_unique: int, n_null: int) -> bool:
    """Whether a row-number column of ``n`` values repeats or is empty; warn if so."""
    if n_null == 0 and n_unique == n:
        return False
    warnings.warn(
        f"column {header!r} repeats or is empty ({n - n_unique:,} repeated values, "
        f"{n_null:,} empty), as a list numbered per TPS is: the rows are numbered "
        f"0..{n - 1:,} as ids and {header!r} is kept as column {NUMBER_COLUMN!r}. Give an "
        "'id' column to name the rows yourself.", RowNumberWarning, stacklevel=5)
    return True


def row_number_header(columns: Iterable[str]) -> str | None:
    """The row-number header (``NO``, ``No. Urut``) the ids would be read from, or None
    when an ``id`` column (or none) gives them.

    Such a column numbers the rows of one printed list: :func:`standardise_polars`
    numbers the rows itself when it repeats. A caller that keeps ids for good (the
    registry) refuses it either way.

    Examples
    --------
    >>> row_number_header(["NO", "NAMA"]), row_number_header(["ID", "NO", "NAMA"])
    ('NO', None)
    """
    return _number_header(column_mapping(columns))


def numbered_scan(scan: pl.LazyFrame) -> pl.LazyFrame:
    """A Parquet scan whose row-number column (``NO``) repeats or is empty, with that
    column renamed ``nomor`` (the rows are then numbered as ids, as
    :func:`standardise_polars` does in memory); any other scan as it is. One column is
    read to tell.

    Examples
    --------
    >>> scan = pl.LazyFrame({"NO": [1, 2, 1], "NAMA": ["a", "b", "c"]})
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     numbered_scan(scan).collect_schema().names()
    ['nomor', 'NAMA']
    """
    header = _number_header(column_mapping(scan.collect_schema().names()))
    if header is None:
        return scan
    column = pl.col(header)
    n, n_unique, n_null = scan.select(pl.len(), column.n_unique().alias("unique"),
                                      column.null_count().alias("empty")
                                      ).collect(engine="streaming").row(0)
    if not _numbers_repeat(header, n, n_unique, n_null):
        return scan
    return scan.rename({header: NUMBER_COLUMN})


def _renamed(frame: pl.DataFrame, rename: Mapping[str, str]) -> pl.DataFrame:
    """``frame`` with the caller's ``rename`` applied; absent or clashing names are refused
    with every problem listed (polars' own errors name neither the option nor the fix)."""
    absent = [f"column {name!r} not found" for name in rename if name not in frame.columns]
    if absent:
        raise ColumnNotFoundError(
            f"rename names columns the frame lacks (found: {', '.join(frame.columns)})",
            problems=absent)
    names = [rename.get(column, column) for column in frame.columns]
    clashes = [
        f"columns {', '.join(repr(c) for c, n in zip(frame.columns, names, strict=True) if n == name)} "
        f"would all be named {name!r}; rename only one of them to it"
        for name in dict.fromkeys(names) if names.count(name) > 1
    ]
    if clashes:
        raise DuplicateColumnError("rename gives two columns one name", problems=clashes)
    return frame.rename(dict(rename))


def checked_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ids polars can compare (mixed Python values become their text),
    after :func:`check_ids`.

    >>> checked_ids(pl.DataFrame({"id": pl.Series([1, "2"], dtype=pl.Object)}))["id"].to_list()
    ['1', '2']
    """
    ids = _comparable_ids(frame["id"])
    if ids is not frame["id"]:
        frame = frame.with_columns(ids.alias("id"))
    check_ids(frame["id"])
    return frame


def _comparable_ids(ids: pl.Series) -> pl.Series:
    """``ids`` as values polars can hash and sort: mixed Python values become their text."""
    if ids.dtype == pl.Object or ids.dtype.is_nested():
        # A spreadsheet column of numbers and text arrives as Python objects, which
        # polars can neither hash nor sort.
        ids = _as_text(ids) if ids.dtype == pl.Object else ids
        if ids.dtype.is_nested():
            raise InputTypeError(f"column 'id' holds {ids.dtype} values; expected text or numbers")
    return ids


def _required_names(required: Sequence[str] | str) -> tuple[str, ...]:
    """``required`` as a tuple of names: a single string is one column's name, never
    its letters."""
    if isinstance(required, str):
        return (required,)
    return tuple(required)


def _required_groups(required_any: Sequence[Sequence[str]] | str) -> tuple[tuple[str, ...], ...]:
    """``required_any`` as groups of names; a string where a group belongs is refused
    (iterated, it would be its letters)."""
    if isinstance(required_any, str) or any(isinstance(g, str) for g in required_any):
        raise InvalidParameterError(
            f"required_any takes groups of column names, got {required_any!r}; write "
            "[('nik', 'tanggal_lahir')] for one of the two, [('nik',), ('nama',)] for both "
            "(or pass required=...)")
    return tuple(tuple(group) for group in required_any)


def _check_required(
    columns: Sequence[str], required: Sequence[str], required_any: Sequence[Sequence[str]]
) -> None:
    present = set(columns)
    problems = [
        f"column {name!r} is required (accepted headers: {', '.join(ALIASES.get(name, (name,)))})"
        for name in required
        if name not in present
    ]
    problems += [
        f"one of the columns {', '.join(repr(c) for c in group)} is required"
        for group in required_any
        if group and not present.intersection(group)
    ]
    if problems:
        raise ColumnNotFoundError(
            f"the frame lacks required columns (found: {', '.join(columns) or 'none'})",
            problems=problems,
        )


def check_ids(ids: Any) -> None:
    """Raise :class:`DuplicateIdError` listing empty and repeated ids.

    ``ids`` is a polars, pandas or pyarrow Series, a numpy array or a list (anything
    else: :class:`InputTypeError`). An id of blanks only ("" or " ", as a frame built in
    code may hold) is empty: it names no row, yet was taken as one and even became a
    cluster id. Two ids that differ only by blanks around them (``"7 "`` beside ``"7"``,
    a spreadsheet's trailing space) repeat one id: they print alike in every table and
    message, and a registry would hold one record twice. The ids are kept as given.

    >>> check_ids(pl.Series(["a", " ", "b", "b"]))
    Traceback (most recent call last):
    ...
    sidalih.errors.DuplicateIdError: row ids must be unique and present
      - 'id' is empty on rows 1
      - 'id' values repeat: b
    >>> check_ids(pl.Series([1.0, float("nan"), 2.0]))
    Traceback (most recent call last):
    ...
    sidalih.errors.DuplicateIdError: row ids must be unique and present
      - 'id' is empty on rows 1
    >>> check_ids(["a", "b", "a"])
    Traceback (most recent call last):
    ...
    sidalih.errors.DuplicateIdError: row ids must be unique and present
      - 'id' values repeat: a
    >>> check_ids(["7", "8", "7 "])
    Traceback (most recent call last):
    ...
    sidalih.errors.DuplicateIdError: row ids must be unique and present
      - 'id' values repeat: 7 (written '7' and '7 ': blanks around an id do not make another)
    """
    if not isinstance(ids, pl.Series):
        ids = series_to_polars(ids, name="id")[0]
    ids = _comparable_ids(ids)
    empty = _empty_ids(ids)
    keys = id_keys(ids)
    if not empty.any() and keys.n_unique() == keys.len():
        return  # the common case, checked cheaply; the listing below costs more
    problems = []
    empty_rows = empty.arg_true().to_list()
    if empty_rows:
        problems.append(f"'id' is empty on rows {format_rows(empty_rows)}")
    present = pl.DataFrame({"key": keys, "id": ids}).filter(~empty)
    repeated = (present.filter(pl.col("key").is_duplicated())
                .group_by("key", maintain_order=True).agg(pl.col("id").unique(maintain_order=True)))
    if repeated.height:
        problems.append("'id' values repeat: " + format_rows(
            _repeat_shown(key, written) for key, written in repeated.iter_rows()))
    if problems:
        raise DuplicateIdError("row ids must be unique and present", problems=problems)


def id_keys(ids: pl.Series) -> pl.Series:
    """What tells ids apart: text without the blanks around it, other ids as they are.

    >>> id_keys(pl.Series(["7 ", "\u00a08"])).to_list()
    ['7', '8']
    """
    return ids.str.strip_chars() if ids.dtype == pl.String else ids


def _repeat_shown(key: object, written: list[object]) -> str:
    if len(written) == 1:
        return str(key)
    forms = " and ".join(repr(w) for w in written[:3])
    return f"{key} (written {forms}: blanks around an id do not make another)"


def _empty_ids(ids: pl.Series) -> pl.Series:
    """Whether each id is empty: missing, NaN (missing in a float column, as pandas'
    NaN arrives as null), or text of blanks only."""
    if ids.dtype.is_float():
        return (ids.is_null() | ids.is_nan()).fill_null(True)
    if ids.dtype != pl.String:
        return ids.is_null()
    return (ids.is_null() | ids.str.contains(r"^\s*$")).fill_null(True)


def _as_text(series: pl.Series) -> pl.Series:
    dtype = series.dtype
    if dtype == pl.String:
        return series
    if dtype.is_integer():
        return series.cast(pl.String)
    if dtype.is_float():
        return series.map_elements(_float_to_text, return_dtype=pl.String, skip_nulls=True)
    if dtype == pl.Null:
        return series.cast(pl.String)
    if dtype == pl.Object or dtype == pl.Binary:
        return pl.Series(series.name, [_object_to_text(v) for v in series.to_list()],
                         dtype=pl.String)
    if dtype.is_nested() or dtype == pl.Duration:
        # A list or struct per cell, or a duration (a date minus a date), is not a
        # field value a voter list can hold (no cast to text exists); say which column
        # rather than fail inside polars.
        raise InputTypeError(
            f"column {series.name!r} holds {dtype} values; expected text, numbers or dates"
        )
    return series.cast(pl.String, strict=False)


def _float_to_text(value: float) -> str | None:
    if value != value:  # NaN is missing
        return None
    if value.is_integer() and abs(value) < _FLOAT_EXACT_LIMIT:
        return str(int(value))
    # Digits may be lost: show it the way a spreadsheet does, so the NIK parser
    # reports "scientific" instead of accepting a number that was rounded.
    return f"{value:.15E}" if value.is_integer() else repr(value)


def _object_to_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return _float_to_text(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def require_columns(frame: pl.DataFrame, columns: Iterable[str], *, purpose: str) -> None:
    """Raise :class:`ColumnNotFoundError` naming every column of ``columns`` that is absent."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ColumnNotFoundError(
            f"{purpose} needs columns that are absent",
            problems=[f"column {name!r} not found" for name in missing],
        )
