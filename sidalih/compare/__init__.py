"""Comparisons: per pair of records, the level of agreement each field reaches.

Comparisons are small data objects built by constructors named after what they
compare (in the manner of Splink's comparison library); :func:`compare_pairs`
computes every comparison for every candidate pair into an int8 matrix with one
column per comparison (``-1`` null, ``0`` else, higher = closer agreement). What a
method is (its options and their checks, its levels, the per-row arrays it encodes and
its kernel) is declared once, by its method object (``sidalih.compare._methods``): the
constructors and loading check options with the same schema.

Examples
--------
>>> import numpy as np, polars as pl
>>> records = pl.DataFrame({"jk": ["L", "L", "P", None]})
>>> compare_pairs(records, np.array([0, 0, 0]), np.array([1, 2, 3]), [exact("jk")])[:, 0].tolist()
[1, 0, -1]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from sidalih._checks import row_numbers
from sidalih._frames import frame_to_polars
from sidalih.compare._columns import ColumnCache, dense_codes
from sidalih.compare._levels import labels_of
from sidalih.compare._methods import METHODS
from sidalih.compare._nik_date import discount_birth_part
from sidalih.compare._spec import Comparison
from sidalih.errors import InputTypeError, InvalidParameterError

__all__ = [
    "Comparison",
    "ColumnCache",
    "exact",
    "code_prefix",
    "string",
    "name",
    "nik",
    "date",
    "compare_pairs",
    "dense_codes",
    "NIK_LABELS",
    "DATE_LABELS",
]

NIK_LABELS = labels_of("nik")
"""Labels of :class:`sidalih.kernels.levels.NikLevel` codes 0..6, in code order."""

DATE_LABELS = labels_of("date")
"""Labels of :class:`sidalih.kernels.levels.DateLevel` codes 0..5, in code order."""


def exact(column: str, *, name: str | None = None, tf: bool = False,
          anchor: bool = True, u_within: str | Sequence[str] | None = None,
          role: str | None = None) -> Comparison:
    """Two levels: the values differ, or they are equal.

    ``u_within`` names a column whose agreement the values' agreement mostly implies
    (a family card lies in one village): the model then estimates how often two
    *different* people agree on this column among random pairs that already agree on
    ``u_within``, so a pair agreeing on both is not credited twice for one fact. Several
    columns, most specific first (``("nkk", "kode_desa")``): a pair takes the first it
    shares. ``role`` tells the domain judgement what the column is (``"family_card"``,
    ``"sex"``: see :attr:`Comparison.role`) when its name is not the voter schema's.

    Examples
    --------
    >>> exact("jenis_kelamin").labels
    ('different', 'same')
    >>> exact("nkk", u_within="kode_desa").options["u_within"]
    'kode_desa'
    """
    column, name = _check_column(column), _check_name(name, "name")
    tf = _check_flag(tf, "tf")
    options = _options("exact", name or column, {
        "anchor": anchor, **_within(u_within), **({"role": role} if role is not None else {})})
    return Comparison(name or column, column, "exact", labels_of("exact"), options,
                      tf_column=column if tf else None)


def code_prefix(column: str, *, lengths: Sequence[int], labels: Sequence[str] | None = None,
                name: str | None = None, anchor: bool = False,
                u_within: str | Sequence[str] | None = None) -> Comparison:
    """Hierarchical codes (region codes): agreement on ever longer prefixes.

    Examples
    --------
    >>> code_prefix("kode_desa", lengths=(4, 6, 10)).labels
    ('different', 'same prefix 4', 'same prefix 6', 'same prefix 10')
    """
    column, name = _check_column(column), _check_name(name, "name")
    options = _options("code_prefix", name or column,
                       {"lengths": lengths, "anchor": anchor, **_within(u_within)})
    if labels is None:
        labels = METHODS["code_prefix"].labels(options)
    labels = _check_labels(labels)  # their count is checked by Comparison, as on load
    return Comparison(name or column, column, "code_prefix", labels, options)


def string(column: str, *, thresholds: Sequence[float] = (0.88, 0.94), name: str | None = None,
           tf: bool = False, anchor: bool = True, u_within: str | Sequence[str] | None = None,
           regions: bool = False) -> Comparison:
    """Jaro–Winkler similarity levels plus an exact level.

    ``u_within``: see :func:`exact`. ``regions``: places of birth, with a level for two
    names of one regency (a town and its regency, an old name and the new one).

    Examples
    --------
    >>> string("tempat_lahir").labels
    ('different', 'jaro-winkler >= 0.88', 'jaro-winkler >= 0.94', 'exact')
    >>> string("tempat_lahir", thresholds=(0.88,), regions=True).labels
    ('different', 'same regency', 'jaro-winkler >= 0.88', 'exact')
    """
    column, name = _check_column(column), _check_name(name, "name")
    tf = _check_flag(tf, "tf")
    given = {"thresholds": thresholds, "anchor": anchor, **_within(u_within)}
    if regions is not False:  # left out when off: a model saved before it reads the same
        given["regions"] = regions
    options = _options("string", name or column, given)
    return Comparison(name or column, column, "string", METHODS["string"].labels(options),
                      options, tf_column=column if tf else None)


def name(column: str = "nama_norm", *, thresholds: Sequence[float] = (0.88, 0.94),
         token_set: float = 0.8, label: str | None = None, tf: bool = True,
         u_within: str | Sequence[str] | None = None) -> Comparison:
    """Names: token-set agreement (dropped, reordered tokens, initials), JW levels, exact.

    ``u_within``: see :func:`exact` (a family shares a surname: ``u_within="nkk"``).

    Examples
    --------
    >>> name().labels
    ('different', 'same tokens', 'jaro-winkler >= 0.88', 'jaro-winkler >= 0.94', 'exact')
    """
    column, label = _check_column(column), _check_name(label, "label")
    tf = _check_flag(tf, "tf")
    # token_set is checked here, not first at compare time (the kernel's score_cutoff).
    options = _options("name", label or "nama", {"thresholds": thresholds,
                                                  "token_set": token_set, **_within(u_within)})
    return Comparison(label or "nama", column, "name", METHODS["name"].labels(options),
                      options, tf_column=column if tf else None)


def _options(method: str, name: str, given: dict[str, Any]) -> dict[str, Any]:
    """``given`` checked by the method's schema (the one loading checks with), JSON-ready."""
    return METHODS[method].checked(name, given)


def _within(u_within: str | Sequence[str] | None) -> dict[str, Any]:
    """The ``u_within`` option: one column, or several in precedence order (none: absent)."""
    if u_within is None:
        return {}
    columns = _values(u_within)
    if columns is None:
        return {"u_within": u_within}  # one column, or a value the schema refuses
    return {"u_within": columns[0] if len(columns) == 1 else tuple(columns)} if columns else {}


def nik(column: str = "nik", *, name: str | None = None,
        depends_on: Sequence[str] = ("tanggal_lahir", "jenis_kelamin"),
        u_within: str | Sequence[str] | None = None, u_within_region: str | None = None) -> Comparison:
    """NIK levels; ``same except serial`` is its own level because twins live there.

    ``depends_on`` names the comparisons whose information the NIK also carries (its
    digits 7-12 are the birth date and sex), so training does not learn the NIK's
    weights from pairs chosen because those agree. ``u_within``: see :func:`exact`
    (people born on one day share six NIK digits: ``u_within="tanggal_lahir"``);
    ``u_within_region`` a region-code column whose first four digits (the regency)
    narrow those random pairs further: neighbouring districts have codes one digit
    apart, and the first person registered on a date in each gets serial 0001.
    """
    column, name = _check_column(column), _check_name(name, "name")
    # A lone string is refused: it would become one comparison name per character.
    options = _options("nik", name or "nik", {
        "depends_on": depends_on, **_within(u_within),
        **({} if u_within_region is None else {"u_within_region": u_within_region})})
    return Comparison(name or "nik", column, "nik", NIK_LABELS, options)


def date(column: str = "tanggal_lahir", *, name: str | None = None,
         tf: bool = False, u_within: str | Sequence[str] | None = None) -> Comparison:
    """Birth-date levels; agreement on a placeholder date is weaker than true agreement.

    With ``tf``, agreement on a placeholder date weighs by how common that date is in
    the list (term frequency): in a list where everyone carries 01-07-1960, agreeing
    on it says nothing; where few do, it says almost as much as a real date.
    ``u_within``: see :func:`exact` (twins share a family card: ``u_within="nkk"``).

    Examples
    --------
    >>> date(tf=True).tf_column
    'tanggal_lahir'
    """
    column, name = _check_column(column), _check_name(name, "name")
    tf = _check_flag(tf, "tf")
    return Comparison(name or column, column, "date", DATE_LABELS,
                      _options("date", name or column, _within(u_within)),
                      tf_column=column if tf else None)


def _is_whole(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _values(value: object) -> list[Any] | None:
    """The items of a list, tuple or 1-d array; None for a scalar or a string."""
    if isinstance(value, np.ndarray):
        return value.tolist() if value.ndim == 1 else None
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        return None
    return list(value)


def _check_column(column: object) -> str:
    if not isinstance(column, str) or not column:
        raise InvalidParameterError(f"column must be a column name (text), got {column!r}")
    return column


def _check_name(value: object, what: str) -> str | None:
    if value is not None and (not isinstance(value, str) or not value):
        raise InvalidParameterError(f"{what} must be None or a non-empty text, got {value!r}")
    return value


def _check_flag(value: object, what: str) -> bool:
    # Only True/False: "no" or None as a flag is a mistake, not a truth value.
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidParameterError(f"{what} must be True or False, got {value!r}")
    return bool(value)  # a numpy bool must become a JSON-ready Python bool


def _check_labels(labels: object) -> tuple[str, ...]:
    values = _values(labels)
    if values is None or not all(isinstance(x, str) for x in values):
        raise InvalidParameterError(f"labels must be a list of texts, got {labels!r}")
    return tuple(values)


def _check_threads(threads: object) -> int:
    if threads is None:
        return os.cpu_count() or 1
    if not _is_whole(threads) or threads < 1:  # type: ignore[operator]
        raise InvalidParameterError(
            f"threads must be None or an integer >= 1, got {threads!r}"
        )
    return int(threads)  # type: ignore[call-overload]


def _check_comparisons(comparisons: object) -> list[Comparison]:
    values = _values(comparisons)
    bad = [] if values is None else [i for i, c in enumerate(values) if not isinstance(c, Comparison)]
    if values is None or bad:
        found = (
            type(comparisons).__name__
            if values is None
            else f"{type(values[bad[0]]).__name__} at position {bad[0]}"
        )
        raise InputTypeError(
            f"comparisons must be a list of Comparison (built with exact(), string(), "
            f"name(), ...), got {found}"
        )
    return values


def compare_pairs(records: Any, left: Any, right: Any, comparisons: Sequence[Comparison], *,
                  threads: int | None = None) -> np.ndarray:
    """Level codes of every comparison for every pair: int8 array ``(n_pairs, n_comparisons)``.

    Large inputs are cut into chunks compared on ``threads`` threads (default: every
    core); the kernels release the GIL, so the chunks run in parallel. The result does
    not depend on the number of threads.

    Parameters
    ----------
    records : pandas, polars or pyarrow frame, or ColumnCache
        The records; a :class:`ColumnCache` reuses columns already encoded.
    left, right : array-like of int
        Row positions of the two records of each pair (integers; floats and text are
        refused, not truncated).
    comparisons : list of Comparison
    threads : int, optional
        At least 1; default every core.

    Raises
    ------
    InputTypeError
        ``records`` is not a frame, indices are not integers, or an entry of
        ``comparisons`` is not a :class:`Comparison`.
    InvalidParameterError
        Indices out of range or of different lengths, or ``threads`` below 1.
    """
    if isinstance(records, ColumnCache):
        cache = records
    else:
        cache = ColumnCache(frame_to_polars(records)[0])
    comparisons = _check_comparisons(comparisons)
    n_threads = _check_threads(threads)
    n_rows = cache.records.height
    left = row_numbers(left, n_rows, what="left")
    right = row_numbers(right, n_rows, what="right")
    if left.shape != right.shape:
        raise InvalidParameterError(
            f"left and right must have the same length, got {left.size} and {right.size}"
        )
    out = np.empty((len(left), len(comparisons)), dtype=np.int8)
    # The first chunk runs alone so that every per-column array is built once, before
    # threads share the cache.
    warm = min(len(left), _WARM_PAIRS)
    _compare_chunk(cache, left, right, comparisons, out, 0, warm)
    bounds = np.linspace(warm, len(left), n_threads * 4 + 1).astype(np.int64)
    chunks = [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]
    if n_threads == 1 or len(left) - warm < _PARALLEL_PAIRS:
        for start, stop in chunks:
            _compare_chunk(cache, left, right, comparisons, out, start, stop)
        return out
    with ThreadPoolExecutor(max_workers=n_threads) as pool:
        list(pool.map(lambda span: _compare_chunk(cache, left, right, comparisons, out, *span),
                      chunks))
    return out


_WARM_PAIRS = 1_000
_PARALLEL_PAIRS = 200_000


def _compare_chunk(cache: ColumnCache, left: np.ndarray, right: np.ndarray,
                   comparisons: Sequence[Comparison], out: np.ndarray, start: int,
                   stop: int) -> None:
    for k, comparison in enumerate(comparisons):
        out[start:stop, k] = METHODS[comparison.method].levels(
            comparison, cache, left[start:stop], right[start:stop])
    discount_birth_part(cache, comparisons, left[start:stop], right[start:stop],
                        out[start:stop])
