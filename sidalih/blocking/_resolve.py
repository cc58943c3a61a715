"""Check rules against the frames: which rules run, which are skipped, what is an error."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from sidalih.blocking._report import RuleReport
from sidalih.blocking._rules import BlockingRule
from sidalih.errors import (
    ColumnNotFoundError,
    InputTypeError,
    InvalidParameterError,
    SchemaError,
    format_rows,
)

__all__ = ["UsedRule", "Resolved", "resolve_rules", "refuse_unread"]

_MAX_RULES = 127  # attribution is stored as int8


@dataclass(frozen=True)
class UsedRule:
    """A rule that runs: its index in the caller's list and the optional keys it can use."""

    index: int
    rule: BlockingRule
    refine: list[tuple[pl.Expr, str]]
    sort_by: tuple[pl.Expr, str] | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Resolved:
    """The data the rules read (left rows then right rows) and the rules' fate."""

    data: pl.DataFrame
    used: list[UsedRule]
    skipped_reports: list[RuleReport]
    names: tuple[str, ...]


def _check_rules(rules: object) -> list[BlockingRule]:
    if isinstance(rules, BlockingRule):
        return [rules]
    if isinstance(rules, (str, pl.Expr)) or not isinstance(rules, Sequence):
        raise InputTypeError(
            f"rules: expected a list of blocking rules, got {type(rules).__name__}; "
            "build rules with block_on('column', ...)"
        )
    out = list(rules)
    bad = [i for i, r in enumerate(out) if not isinstance(r, BlockingRule)]
    if bad:
        raise InputTypeError(
            f"rules: items {bad} are not blocking rules; build each with block_on(...)"
        )
    if not out:
        raise InvalidParameterError("rules: the list is empty; give at least one rule")
    if len(out) > _MAX_RULES:
        raise InvalidParameterError(f"rules: at most {_MAX_RULES} rules, got {len(out)}")
    names = [r.name for r in out]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InvalidParameterError(
            f"rules: names must be unique, repeated: {repeated}; pass name=... to block_on"
        )
    return out


def _absent(columns: Sequence[str], left: pl.DataFrame, right: pl.DataFrame | None) -> list[str]:
    where = []
    for c in columns:
        in_left = c in left.columns
        in_right = right is None or c in right.columns
        if right is None and not in_left:
            where.append(repr(c))
        elif not in_left and not in_right:
            where.append(f"{c!r} (absent from both frames)")
        elif not in_left:
            where.append(f"{c!r} (absent from records)")
        elif not in_right:
            where.append(f"{c!r} (absent from other)")
    return where


def _optional_keys(
    rule: BlockingRule, left: pl.DataFrame, right: pl.DataFrame | None, problems: list[str]
) -> tuple[list[tuple[pl.Expr, str]], tuple[pl.Expr, str] | None, tuple[str, ...]]:
    refine, notes = [], []
    for expr, label in zip(rule.refine_with, rule.refine_names, strict=True):
        absent = _absent(expr.meta.root_names(), left, right)
        if not absent:
            refine.append((expr, label))
        elif rule.required:
            problems.append(f"rule {rule.name!r}: refine_with reads {', '.join(absent)}")
        else:
            notes.append(f"refine key {label} not used: column {', '.join(absent)}")
    sort_by = None
    if rule.sort_by is not None:
        absent = _absent(rule.sort_by.meta.root_names(), left, right)
        label = rule.sort_by.meta.output_name(raise_if_undetermined=False) or str(rule.sort_by)
        if not absent:
            sort_by = (rule.sort_by, label)
        elif rule.required:
            problems.append(f"rule {rule.name!r}: sort_by reads {', '.join(absent)}")
        else:
            notes.append(f"sort key {label} not used (input order instead): column absent")
    return refine, sort_by, tuple(notes)


def _combine(left: pl.DataFrame, right: pl.DataFrame | None, needed: list[str]) -> pl.DataFrame:
    data = left.select(needed)
    if right is None:
        return data
    other = right.select(needed)
    problems = []
    for c in needed:
        dl, dr = data.schema[c], other.schema[c]
        if dl == dr:
            continue
        if dl == pl.Null:
            data = data.with_columns(pl.col(c).cast(dr))
        elif dr == pl.Null:
            other = other.with_columns(pl.col(c).cast(dl))
        else:
            problems.append(f"column {c!r} is {dl} in records but {dr} in other")
    if problems:
        raise SchemaError(
            "records and other must give blocking columns the same type; cast one side",
            problems=problems,
        )
    return pl.concat([data, other], how="vertical")


def _dry_run(data: pl.DataFrame, used: list[UsedRule]) -> None:
    problems = []
    for use in used:
        exprs = [*use.rule.keys, *(e for e, _ in use.refine)]
        exprs += [use.sort_by[0]] if use.sort_by else []
        try:
            data.head(0).select(e.alias(f"__{i}") for i, e in enumerate(exprs))
        except pl.exceptions.PolarsError as err:
            problems.append(f"rule {use.rule.name!r}: {type(err).__name__}: {err}")
    if problems:
        raise SchemaError("blocking rules cannot be evaluated on these columns", problems=problems)


def resolve_rules(rules: object, left: pl.DataFrame, right: pl.DataFrame | None) -> Resolved:
    """Sort rules into used and skipped; raise once, listing every problem, on bad input."""
    checked = _check_rules(rules)
    problems: list[str] = []
    used: list[UsedRule] = []
    reports: list[RuleReport] = []
    for index, rule in enumerate(checked):
        absent = _absent(rule.columns(), left, right)
        reports.append(RuleReport(name=rule.name, keys=rule.key_names))
        if absent and rule.required:
            problems.append(f"rule {rule.name!r}: reads {', '.join(absent)}")
            continue
        if absent:
            reason = f"missing columns: {', '.join(absent)}"
            reports[index] = RuleReport(rule.name, rule.key_names, status="skipped", reason=reason)
            continue
        refine, sort_by, notes = _optional_keys(rule, left, right, problems)
        used.append(UsedRule(index, rule, refine, sort_by, notes))
    if problems:
        raise ColumnNotFoundError("blocking rules read columns that are absent", problems=problems)
    if not used:
        raise ColumnNotFoundError(
            "none of the blocking rules can be used on these columns",
            problems=[f"rule {r.name!r}: {r.reason}" for r in reports],
        )
    needed: dict[str, None] = {}
    for use in used:
        for c in [*use.rule.columns(), *use.rule.optional_columns()]:
            if c in left.columns and (right is None or c in right.columns):
                needed[c] = None
    data = _combine(left, right, list(needed))
    _dry_run(data, used)
    return Resolved(data, used, reports, tuple(r.name for r in checked))


def refuse_unread(parts: Sequence[pl.DataFrame], rules: Sequence[BlockingRule],
                  filled: Sequence[str]) -> None:
    """Raise :class:`ColumnNotFoundError` naming the columns ``rules`` read that hold no
    value on any row (of a part): a list of names and birth dates whose dates could not
    be read is otherwise told only that the place and NIK rules lack their columns."""
    unread = [c for c in dict.fromkeys(c for r in rules for c in r.columns()) if c not in filled]
    if not unread:
        return
    labels = ["records", "other"] if len(parts) == 2 else [""] * len(parts)
    problems = [_unread(part, c, label) for c in unread
                for part, label in zip(parts, labels, strict=True)
                if c in part.columns and part.get_column(c).null_count() == part.height]
    raise ColumnNotFoundError(
        "none of the blocking rules can be used on these columns: the list names no NIK, "
        "family card or place, so its records are paired by name and birth date, and "
        f"{', '.join(repr(c) for c in unread)} holds no usable value on any row",
        problems=problems)


_FIX = "; or add a NIK, family card (nkk) or village (kode_desa) column to block on"


def _unread(part: pl.DataFrame, column: str, label: str) -> str:
    """Why ``column`` of ``part`` holds nothing: for a parsed column (``<column>_status``
    beside it, as :func:`sidalih.prepare.prepare` leaves), which rows were not read."""
    where = f"column {column!r}" + (f" of {label}" if label else "")
    status = f"{column}_status"
    if status not in part.columns:
        return f"{where} is empty on all {part.height} rows{_FIX}"
    ids = part.get_column("id") if "id" in part.columns else pl.int_range(part.height, eager=True)
    read = part.get_column(status)
    unread = ids.filter(read != "empty").to_list()
    if not unread:
        return f"{where} is empty on all {part.height} rows{_FIX}"
    kinds = ", ".join(f"{k} {n}" for k, n in read.filter(read != "empty").value_counts(
        sort=True).iter_rows())
    raw = part.schema.get(f"{column}_raw")
    held = f" (the column holds {raw} values)" if raw not in (None, pl.String, pl.Null) else ""
    return (f"{where} could not be read on any of its {part.height} rows{held}: "
            f"{len(unread)} hold a value that is not a usable date ({kinds}: rows with id "
            f"{format_rows(unread)}), {part.height - len(unread)} are empty; write dates as "
            f"DD-MM-YYYY (26-03-1982) or YYYY-MM-DD text, or give a date column{_FIX}")
