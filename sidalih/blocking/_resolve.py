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
)

__all__ = ["UsedRule", "Resolved", "resolve_rules"]

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
