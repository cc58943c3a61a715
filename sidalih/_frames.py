"""The one place where pandas, pyarrow and plain Python meet polars.

Public functions accept a pandas, polars or pyarrow frame (or a Series, a list, a
numpy array for column functions), convert once with :func:`frame_to_polars` /
:func:`series_to_polars`, work in polars, and hand back the kind they were given with
:func:`frame_from_polars` / :func:`series_from_polars`.

Missing has one meaning across sidalih: ``None``, NaN, ``pd.NA``, polars null and a
string that is empty after stripping. :func:`is_missing_expr` decides it for strings.
pandas' markers (``pd.NA``, ``pd.NaT``, numpy's NaT) become null on the way in, also in
an object column polars cannot type (text beside a number) and in a list, where polars
would keep them as objects whose text is ``"<NA>"``.

pandas assigns a result into a frame by index label, not by position: a result on a
fresh RangeIndex puts its values on other rows of a shuffled or filtered frame. So a
result with one row per input row (or rows that each belong to one input row) comes
back on the caller's own index: :func:`caller_rows` takes it from the input and the
``rows=`` option of :func:`frame_from_polars` / :func:`series_from_polars` puts it on
the output. Results whose rows are not input rows (pairs, counts) keep a RangeIndex.
A duplicated index is carried as it is: assignment then works only in the input's own
order, and label look-ups return several rows (pandas cannot tell the rows apart).

A pandas index named as an id (``id``, ``unique_id``, ``NO``..., any alias of
:mod:`sidalih.schema`) holds the ids when no column does: :func:`frame_to_polars` reads
it as the ``id`` column, and on the way back the ids stay in the index rather than in
an ``id`` column too (pandas calls a name that is both ambiguous in ``merge``,
``groupby`` and ``sort_values``). Any other index stays an index and is carried.

Back in pandas, an integer column with nulls uses pandas' nullable dtype (``Int64``,
``Int8``, ``UInt8``, ...): plain ``to_pandas`` would make it float64 and round integers
above 2**53 (every Papua NIK). Everything else comes back as ``to_pandas`` gives it;
a boolean column with nulls stays object (``True``/``False``/``None``), which loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import numpy as np
import polars as pl

from sidalih._aliases import canonical_name, is_weak_id
from sidalih.errors import DuplicateColumnError, InputTypeError

Kind = Literal["polars", "pandas", "pyarrow", "list", "numpy"]

__all__ = [
    "Kind",
    "CallerRows",
    "caller_rows",
    "frame_to_polars",
    "frame_from_polars",
    "series_to_polars",
    "series_from_polars",
    "is_missing_expr",
]


def _module_of(obj: object) -> str:
    return type(obj).__module__.split(".")[0]


def _is_pandas(obj: object, *names: str) -> bool:
    return _module_of(obj) == "pandas" and type(obj).__name__ in names


@dataclass(frozen=True)
class CallerRows:
    """The row labels (pandas index) of a caller's frame or Series, to hand results back on.

    ``holds_ids`` is True when the index was read as the ``id`` column (see the module
    notes); a result then keeps its ids in the index only.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = caller_rows(pd.Series(["a", "b", "c"], index=[30, 10, 20]))
    >>> list(rows.take([2, 0]).index)
    [20, 30]
    """

    index: Any
    holds_ids: bool = False

    def take(self, positions: Any) -> CallerRows:
        """The labels of the input rows at ``positions`` (0-based, repeats allowed)."""
        return CallerRows(self.index.take(np.asarray(positions, dtype=np.int64)),
                          self.holds_ids)


def caller_rows(values: Any) -> CallerRows | None:
    """The row labels of a pandas frame or Series; None for every other kind.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"nama": ["SITI", "BUDI"]}, index=pd.Index([7, 3], name="NO"))
    >>> rows = caller_rows(frame)
    >>> list(rows.index), rows.holds_ids
    ([7, 3], True)
    >>> caller_rows(["SITI"]) is None
    True
    """
    if _is_pandas(values, "DataFrame"):
        return CallerRows(values.index, holds_ids=_id_index(values) is not None)
    if _is_pandas(values, "Series"):
        return CallerRows(values.index)
    return None


def _id_index(frame: Any) -> Any | None:
    """The index of a pandas frame when it holds the ids: a single level named as an id,
    and no column that is one, unless that column is a row-number column (``NO``) that
    repeats or is empty, as a DPT numbered per TPS is (:func:`sidalih._aliases.is_weak_id`)."""

    index = frame.index
    if index.nlevels != 1 or index.name is None or canonical_name(str(index.name)) != "id":
        return None
    columns = [c for c in frame.columns if canonical_name(str(c)) == "id"]
    if any(not is_weak_id(str(c)) for c in columns):
        return None
    if columns and (is_weak_id(str(index.name))
                    or all(frame[c].is_unique and not frame[c].isna().any() for c in columns)):
        return None
    return index


def frame_to_polars(frame: Any) -> tuple[pl.DataFrame, Kind]:
    """Convert a pandas/polars/pyarrow frame to polars and remember which kind it was.

    A pandas index named as an id becomes the ``id`` column when no column is one; any
    other index is left out (take it with :func:`caller_rows` to hand results back on it).

    Examples
    --------
    >>> import pandas as pd
    >>> df, kind = frame_to_polars(pd.DataFrame({"a": [1, 2]}))
    >>> kind, df.shape
    ('pandas', (2, 1))
    >>> ids = pd.Index(["000000001", "000000002"], name="unique_id")
    >>> frame_to_polars(pd.DataFrame({"a": [1, 2]}, index=ids))[0].columns
    ['id', 'a']
    """
    if isinstance(frame, pl.DataFrame):
        return frame, "polars"
    if isinstance(frame, pl.LazyFrame):
        return frame.collect(), "polars"
    module = _module_of(frame)
    if module == "pandas" and type(frame).__name__ == "DataFrame":
        return _pandas_frame_to_polars(frame), "pandas"
    if module == "pyarrow" and type(frame).__name__ in ("Table", "RecordBatch"):
        _refuse_repeated_names([str(name) for name in frame.column_names])
        converted = pl.from_arrow(frame)
        assert isinstance(converted, pl.DataFrame)
        return converted, "pyarrow"
    raise InputTypeError(
        f"expected a pandas, polars or pyarrow data frame, got {type(frame).__name__}; "
        "wrap a dict of columns with polars.DataFrame(...) first"
    )


def _refuse_repeated_names(names: list[str]) -> None:
    """Raise :class:`DuplicateColumnError` naming each header given twice: pandas allows
    it (after ``pd.concat(axis=1)``; 1 and "1" are one name here) and pyarrow's CSV
    reader keeps both columns; one would be lost, or polars would fail naming neither."""
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise DuplicateColumnError(
            "column names must be unique", problems=[
                f"column {n!r} appears {names.count(n)} times; keep one or rename the others"
                for n in repeated])


def _pandas_frame_to_polars(frame: Any) -> pl.DataFrame:
    _refuse_repeated_names([str(name) for name in frame.columns])
    columns = {}
    ids = _id_index(frame)
    if ids is not None:
        columns["id"] = _pandas_series_to_polars(ids.to_series(), name="id")
    for name in frame.columns:
        columns[str(name)] = _pandas_series_to_polars(frame[name], name=str(name))
    return pl.DataFrame(columns) if columns else pl.DataFrame(schema={})


def _pandas_series_to_polars(series: Any, *, name: str) -> pl.Series:
    import pandas as pd

    # pandas' own extension types polars cannot read: a Period is its first day (a
    # birth date kept as a daily Period), an Interval its text
    if isinstance(series.dtype, pd.PeriodDtype):
        series = series.dt.to_timestamp()
    elif isinstance(series.dtype, pd.IntervalDtype):
        series = series.astype(object).map(lambda v: None if pd.isna(v) else str(v))
    try:
        out = pl.from_pandas(series)
        assert isinstance(out, pl.Series)
        return out.rename(name)
    except Exception:
        # Mixed-type object columns (ints beside strings beside bytes) do not convert;
        # keep every value as Python objects so nothing is lost, except pandas' missing
        # markers: kept, pd.NA would later be read as the text "<NA>".
        values = _nulled(list(series), series.isna().to_numpy())
        return pl.Series(name, values, dtype=pl.Object)


def _nulled(values: list[Any], missing: np.ndarray) -> list[Any]:
    """``values`` with None where ``missing`` is True (one bool per value)."""
    if not missing.any():
        return values
    return [None if gone else value for value, gone in zip(values, missing, strict=True)]


def _missing_markers(values: list[Any]) -> np.ndarray:
    """True where a Python value is one of pandas' missing markers (``None``, NaN,
    ``pd.NA``, ``pd.NaT``, numpy's NaT, a Decimal NaN): ``pd.isna`` knows them all."""
    import pandas as pd

    # a Series of dtype object keeps a list or a tuple as one value, where numpy would
    # read a list of equal-length lists as a 2-D array
    return np.asarray(pd.Series(values, dtype=object).isna(), dtype=bool)


def frame_from_polars(frame: pl.DataFrame, kind: Kind, *, rows: CallerRows | None = None) -> Any:
    """Return ``frame`` as the kind the caller gave.

    For pandas, integer columns with nulls get nullable dtypes (``Int64``, ...), so no
    value is rounded. The index is ``rows.index`` when ``rows`` is given (one label per
    row of ``frame``; the ``id`` column is then dropped if the index holds the ids),
    else a fresh ``RangeIndex``.

    Examples
    --------
    >>> import polars as pl
    >>> type(frame_from_polars(pl.DataFrame({"a": [1]}), "pandas")).__name__
    'DataFrame'
    >>> out = frame_from_polars(pl.DataFrame({"nik_int": [9171014101900001, None]}), "pandas")
    >>> out["nik_int"].dtype, out["nik_int"].tolist()
    (Int64Dtype(), [9171014101900001, <NA>])
    """
    if kind == "polars":
        return frame
    if kind == "pandas":
        if rows is None:
            return _frame_to_pandas(frame)
        if rows.holds_ids and "id" in frame.columns:
            frame = frame.drop("id")
        out = _frame_to_pandas(frame)
        out.index = rows.index
        return out
    if kind == "pyarrow":
        return frame.to_arrow()
    raise InputTypeError(f"cannot return a frame as {kind!r}")


def series_to_polars(values: Any, *, name: str = "value") -> tuple[pl.Series, Kind]:
    """Convert a pandas/polars/pyarrow Series, a numpy array or a list to a polars Series.

    Mixed Python objects that polars cannot type are kept as an ``Object`` series,
    so no value is lost or altered.

    Examples
    --------
    >>> s, kind = series_to_polars(["3271010101900001", None])
    >>> kind, s.dtype
    ('list', String)
    >>> series_to_polars([1, "a", None])[0].dtype
    Object
    """
    if isinstance(values, pl.Series):
        return values, "polars"
    module = _module_of(values)
    if module == "pandas" and type(values).__name__ == "Series":
        return _pandas_series_to_polars(values, name=str(values.name or name)), "pandas"
    if module == "pyarrow" and type(values).__name__ in ("Array", "ChunkedArray") or (
        module == "pyarrow" and "Array" in type(values).__name__
    ):
        converted = pl.from_arrow(values)
        assert isinstance(converted, pl.Series)
        return converted.rename(name), "pyarrow"
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            # A 0-d array's tolist() is its one value (a string would become one row per
            # character); a 2-D array's is a list of rows.
            raise InputTypeError(
                f"expected a 1-D array of values, got a {values.ndim}-D array of shape "
                f"{values.shape}; use the scalar helper for a single value"
            )
        return _numpy_to_polars(values, name=name), "numpy"
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise InputTypeError(
            f"expected a Series, an array or a list of values, got {type(values).__name__}; "
            "use the scalar helper for a single value"
        )
    return _list_to_polars(list(values), name=name), "list"


def _numpy_to_polars(values: np.ndarray, *, name: str) -> pl.Series:
    """A 1-D numpy array as a polars Series, keeping what ``tolist()`` would lose.

    ``tolist()`` makes float32 values Python floats (the float32 mark that tells a NIK
    it lost its last digits is gone) and datetime64/timedelta64 values finer than a
    microsecond plain integers (a pandas date column's ``to_numpy()`` is
    datetime64[ns]); those keep their dtype. Every other array goes through its
    Python values as before.
    """
    dtype = values.dtype
    if dtype == np.float32:
        return pl.Series(name, values, dtype=pl.Float32)
    if dtype.kind in "Mm" and np.datetime_data(dtype)[0] in ("ns", "ps", "fs", "as"):
        # polars reads ns directly; the finer units (never seen in practice) are
        # truncated to ns first
        kind = "datetime64" if dtype.kind == "M" else "timedelta64"
        return pl.Series(name, values.astype(f"{kind}[ns]"))
    return _list_to_polars(values.tolist(), name=name)


#: What polars raises building a Series from values it cannot type: its own errors, and
#: a Rust panic (a BaseException) for some mixes, a Decimal beside text among them.
_UNTYPED = (Exception, pl.exceptions.PanicException)


def _list_to_polars(values: list[Any], *, name: str) -> pl.Series:
    if _decimal_beside_other(values):
        # polars panics on this mix (printing a Rust backtrace before it raises): the
        # values are kept as they are, missing markers as null
        return pl.Series(name, _nulled(values, _missing_markers(values)), dtype=pl.Object)
    try:
        out = pl.Series(name, values, strict=True)
        if out.dtype != pl.Object:
            return out
    except _UNTYPED:
        pass
    # polars does not know pandas' missing markers (a list taken from a pandas column
    # holds pd.NA or pd.NaT) and keeps them as objects; as None they are null, and
    # text beside them stays text
    values = _nulled(values, _missing_markers(values))
    try:
        return pl.Series(name, values, strict=True)
    except _UNTYPED:
        return pl.Series(name, values, dtype=pl.Object)


def _decimal_beside_other(values: list[Any]) -> bool:
    """Whether a list holds a Decimal beside a value of another kind (None aside)."""
    kinds = {type(v) for v in values if v is not None}
    return Decimal in kinds and len(kinds) > 1


def series_from_polars(series: pl.Series, kind: Kind, *, rows: CallerRows | None = None) -> Any:
    """Return ``series`` as the kind the caller gave (lists and arrays come back as lists).

    A pandas Series gets ``rows.index`` when ``rows`` is given, else a ``RangeIndex``.
    """
    if kind == "polars":
        return series
    if kind == "pandas":
        if _needs_nullable(series):
            import pandas as pd

            out = pd.Series(_nullable_array(series), name=series.name, copy=False)
        else:
            out = series.to_pandas()
        if rows is not None:
            out.index = rows.index
        return out
    if kind == "pyarrow":
        return series.to_arrow()
    return series.to_list()


# The integer dtypes pandas has a nullable twin for (not Int128).
_NULLABLE_INTEGERS = (pl.Int8, pl.Int16, pl.Int32, pl.Int64,
                      pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64)  # fmt: skip


def _needs_nullable(series: pl.Series) -> bool:
    """True for an integer column with nulls (``to_pandas`` would make it float64)."""
    return series.dtype in _NULLABLE_INTEGERS and series.null_count() > 0


def _nullable_array(series: pl.Series) -> Any:
    """A pandas masked array (``Int64``, ``UInt8``, ...) of an integer ``series``."""
    import pandas as pd

    # fill_null keeps the dtype, so Int8 stays int8 and UInt64 keeps all 64 bits; the
    # copy makes the values writable like any other pandas column.
    values = series.fill_null(0).to_numpy(writable=True)
    return pd.arrays.IntegerArray(values, series.is_null().to_numpy())


def _frame_to_pandas(frame: pl.DataFrame) -> Any:
    nullable = [i for i, column in enumerate(frame.iter_columns()) if _needs_nullable(column)]
    if not nullable:
        return frame.to_pandas()
    # Convert the other columns as always, then put each nullable one back at its place
    # (in increasing order, so every earlier column is already there).
    out = frame.drop([frame.columns[i] for i in nullable]).to_pandas()
    for i in nullable:
        column = frame.to_series(i)
        out.insert(i, column.name, _nullable_array(column))
    return out


def is_missing_expr(column: str | pl.Expr) -> pl.Expr:
    """True where a string column is missing: null or empty after stripping whitespace.

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"a": ["x", " ", None]}).select(is_missing_expr("a"))["a"].to_list()
    [False, True, True]
    """
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.is_null() | (expr.cast(pl.String).str.strip_chars().str.len_bytes() == 0)
