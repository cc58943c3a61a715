"""Blocking rules: which columns (or derived keys) two records must share to be compared."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from sidalih.errors import InputTypeError, InvalidParameterError

__all__ = ["BlockingRule", "block_on", "KeyLike", "rule_to_dict", "rule_from_dict"]

KeyLike = str | pl.Expr

# Key columns whose values identify a person or a family: never shown unmasked.
_SENSITIVE_ROOTS = ("nik", "nkk")


@dataclass(frozen=True, eq=False)
class BlockingRule:
    """Records agreeing on every key (none missing) fall in one block and are paired.

    Build rules with :func:`block_on`. ``refine_with`` are further keys that split a block
    that is too large, one after the other; ``sort_by`` orders the rows of a block that is
    still too large for the sorted-neighbourhood walk. ``required=False`` marks a default
    rule that is skipped (and reported) when its columns are absent.
    """

    keys: tuple[pl.Expr, ...]
    name: str
    key_names: tuple[str, ...]
    refine_with: tuple[pl.Expr, ...] = ()
    refine_names: tuple[str, ...] = ()
    sort_by: pl.Expr | None = None
    required: bool = True

    def columns(self) -> list[str]:
        """Input columns the keys read (refinement and sort columns not included)."""
        return _roots(self.keys)

    def optional_columns(self) -> list[str]:
        """Input columns read by ``refine_with`` and ``sort_by``."""
        extra = self.refine_with + ((self.sort_by,) if self.sort_by is not None else ())
        return _roots(extra)

    def sensitive(self) -> tuple[bool, ...]:
        """Per key: does it read a NIK or NKK column (so its values must be masked)?"""
        return tuple(
            any(s in root.lower() for root in key.meta.root_names() for s in _SENSITIVE_ROOTS)
            for key in self.keys
        )

    def __repr__(self) -> str:
        extra = f", refine_with={list(self.refine_names)}" if self.refine_names else ""
        return f"block_on({', '.join(self.key_names)}, name={self.name!r}{extra})"


def _roots(exprs: Sequence[pl.Expr]) -> list[str]:
    seen: dict[str, None] = {}
    for expr in exprs:
        for root in expr.meta.root_names():
            seen[root] = None
    return list(seen)


def _as_expr(key: object, *, what: str) -> tuple[pl.Expr, str]:
    if isinstance(key, str):
        if not key:
            raise InvalidParameterError(f"{what}: a column name must not be empty")
        return pl.col(key), key
    if isinstance(key, pl.Expr):
        if not key.meta.root_names():
            raise InvalidParameterError(
                f"{what}: the expression {key} reads no column; a constant key would put "
                "every row in one block"
            )
        try:
            label = key.meta.output_name()
        except Exception:
            label = str(key)
        return key, label
    raise InputTypeError(
        f"{what}: expected a column name or a polars expression, got {type(key).__name__}"
    )


def block_on(
    *keys: KeyLike,
    name: str | None = None,
    refine_with: Sequence[KeyLike] | None = None,
    sort_by: KeyLike | None = None,
    required: bool = True,
) -> BlockingRule:
    """A blocking rule: pair records that agree on every key.

    A row with a missing value (null, NaN, or a string that is empty after stripping) in
    any key is not blocked by this rule; other rules may still pair it.

    Parameters
    ----------
    *keys
        Column names or polars expressions (derived keys such as a NIK prefix).
    name
        Shown in the report and used for attribution; defaults to the keys joined by ``+``.
    refine_with
        Further keys that split a block above the size bound, tried in order. A missing
        refinement value is its own group, so no row leaves the block.
    sort_by
        Order of the sorted-neighbourhood walk for a block that is still too large
        (default: input order).
    required
        When false the rule is skipped (and reported) if a key column is absent;
        when true an absent column raises :class:`~sidalih.errors.ColumnNotFoundError`.

    Examples
    --------
    >>> import polars as pl
    >>> rule = block_on("nama_key", "tanggal_lahir")
    >>> rule.name
    'nama_key+tanggal_lahir'
    >>> block_on(pl.col("nik").str.slice(0, 12), name="nik12").columns()
    ['nik']
    """
    if not keys:
        raise InvalidParameterError("block_on() needs at least one key column or expression")
    if isinstance(refine_with, (str, pl.Expr)):
        raise InputTypeError("refine_with: pass a list of keys, e.g. refine_with=['kode_desa']")
    pairs = [_as_expr(k, what="block_on") for k in keys]
    refine = [_as_expr(k, what="refine_with") for k in (refine_with or ())]
    sort_expr = _as_expr(sort_by, what="sort_by")[0] if sort_by is not None else None
    key_names = tuple(label for _, label in pairs)
    if name is not None and (not isinstance(name, str) or not name):
        raise InvalidParameterError(f"name: expected a non-empty string, got {name!r}")
    return BlockingRule(
        keys=tuple(e for e, _ in pairs),
        name=name or "+".join(key_names),
        key_names=key_names,
        refine_with=tuple(e for e, _ in refine),
        refine_names=tuple(label for _, label in refine),
        sort_by=sort_expr,
        required=required,
    )


def missing_key_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    """True where an evaluated key is missing: null, NaN, or blank text (also in a
    Categorical or Enum column)."""
    expr = pl.col(column)
    if isinstance(dtype, (pl.Categorical, pl.Enum)):
        expr = expr.cast(pl.String)
        dtype = pl.String()
    if dtype == pl.String:
        return expr.is_null() | (expr.str.strip_chars().str.len_bytes() == 0)
    if dtype.is_float():
        return expr.is_null() | expr.is_nan()
    return expr.is_null()


def rule_to_dict(rule: BlockingRule) -> dict[str, Any]:
    """A rule as JSON data (saved in a model file, so a loaded model blocks as its run did).

    A key that is a plain column is its name; a derived key is the polars expression's
    own JSON serialisation (``Expr.meta.serialize``), with the polars version that wrote
    it: polars does not promise to read another version's expressions, and
    :func:`rule_from_dict` says so when it cannot.

    Examples
    --------
    >>> data = rule_to_dict(block_on("nama_key", pl.col("nik").str.slice(0, 6), name="r"))
    >>> data["keys"][0], rule_from_dict(data)
    ('nama_key', block_on(nama_key, nik, name='r'))
    """
    return {
        "name": rule.name,
        "keys": [_key_to_data(k) for k in rule.keys],
        "refine_with": [_key_to_data(k) for k in rule.refine_with],
        "sort_by": None if rule.sort_by is None else _key_to_data(rule.sort_by),
        "required": rule.required,
    }


def rule_from_dict(data: Mapping[str, Any]) -> BlockingRule:
    """The rule :func:`rule_to_dict` wrote; InvalidParameterError when it cannot be read."""
    try:
        sort_by = data.get("sort_by")
        return block_on(*(_key_from_data(k) for k in data["keys"]), name=data["name"],
                        refine_with=[_key_from_data(k) for k in data.get("refine_with", ())],
                        sort_by=None if sort_by is None else _key_from_data(sort_by),
                        required=bool(data.get("required", True)))
    except (KeyError, TypeError, AttributeError) as exc:
        raise InvalidParameterError(f"malformed blocking rule {data!r}: {exc}") from exc


def _key_to_data(key: pl.Expr) -> str | dict[str, str]:
    if key.meta.is_column():
        return key.meta.output_name()
    return {"polars_expr": key.meta.serialize(format="json"), "polars": pl.__version__}


def _key_from_data(data: Any) -> pl.Expr | str:
    if isinstance(data, str):
        return data
    try:
        return pl.Expr.deserialize(io.StringIO(data["polars_expr"]), format="json")
    except Exception as exc:  # polars raises several kinds for an expression it cannot read
        raise InvalidParameterError(
            f"cannot read a blocking key written by polars {data.get('polars', '?')} with "
            f"polars {pl.__version__}: {exc}") from exc
