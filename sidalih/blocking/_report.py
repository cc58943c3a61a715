"""The blocking report: what each rule did, which blocks were too large, what was split."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from sidalih._frames import Kind, frame_from_polars
from sidalih.errors import mask_long_digits, masked_repr

__all__ = ["BlockSize", "SplitStep", "RuleReport", "BlockingReport"]

@masked_repr
@dataclass(frozen=True)
class BlockSize:
    """One of a rule's largest blocks: its rows, its pairs and its key (NIK/NKK masked)."""

    rows: int
    pairs: int
    key: str


@masked_repr
@dataclass(frozen=True)
class SplitStep:
    """One step of the skew guard applied to the blocks above the bound.

    ``how`` is ``"refine by <key>"`` or ``"sorted neighbourhood ..."``; the counts are
    for the blocks that were split, before and after the step.
    """

    how: str
    blocks: int
    rows: int
    pairs_before: int
    blocks_after: int
    pairs_after: int

    def __str__(self) -> str:
        return (
            f"{self.how}: {self.blocks:,} block(s), {self.rows:,} rows, "
            f"{self.pairs_before:,} -> {self.pairs_after:,} pairs"
        )


@masked_repr
@dataclass(frozen=True)
class RuleReport:
    """What one rule did.

    ``pairs_in_blocks`` is what the rule would give without a size bound (never
    generated when large); ``pairs_generated`` what it gave after the skew guard;
    ``pairs_not_generated`` their difference (pairs agreeing on the keys that this rule
    did not produce, reported, never silent); ``pairs_new`` the pairs no earlier rule had
    found (in a streamed chunk: within that chunk).
    """

    name: str
    keys: tuple[str, ...]
    status: str = "used"
    reason: str = ""
    rows_blocked: int = 0
    rows_missing_key: int = 0
    blocks: int = 0
    pairs_in_blocks: int = 0
    pairs_generated: int = 0
    pairs_new: int = 0
    largest_blocks: tuple[BlockSize, ...] = ()
    splits: tuple[SplitStep, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def pairs_not_generated(self) -> int:
        """Pairs sharing the rule's keys that the skew guard did not generate."""
        return self.pairs_in_blocks - self.pairs_generated


@masked_repr
@dataclass(frozen=True)
class BlockingReport:
    """Per-rule counts, largest blocks and splits of one blocking run.

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih.blocking import block_on, candidate_pairs
    >>> df = pl.DataFrame({"k": ["a", "a", "a", "b", None]})
    >>> report = candidate_pairs(df, [block_on("k")]).report
    >>> report.to_frame().select("rule", "rows_blocked", "rows_missing_key", "pairs_new")
    shape: (1, 4)
    ┌──────┬──────────────┬──────────────────┬───────────┐
    │ rule ┆ rows_blocked ┆ rows_missing_key ┆ pairs_new │
    │ ---  ┆ ---          ┆ ---              ┆ ---       │
    │ str  ┆ i64          ┆ i64              ┆ i64       │
    ╞══════╪══════════════╪══════════════════╪═══════════╡
    │ k    ┆ 4            ┆ 1                ┆ 3         │
    └──────┴──────────────┴──────────────────┴───────────┘
    """

    rules: tuple[RuleReport, ...]
    linkage: bool
    n_left: int
    n_right: int
    max_block_size: int
    window: int
    chunk: bool = field(default=False)
    #: The block bound asked for, where the pair budget lowered it (``max_pairs``).
    lowered_from: int | None = None
    #: The candidate-pair budget the plan had to fit, where one was given.
    max_pairs: int | None = None
    #: Pairs agreeing on a rule's keys that the lowered bound left out beyond those the
    #: bound asked for leaves out (summed over rules: a pair may count twice).
    left_out_by_budget: int = 0
    #: The kind of frame :meth:`to_frame` gives: the caller's, where a run was given one.
    kind: Kind = field(default="polars", repr=False, compare=False)

    @property
    def pairs(self) -> int:
        """Candidate pairs after the union (in a streamed chunk: in that chunk)."""
        return sum(r.pairs_new for r in self.rules)

    @property
    def records(self) -> int:
        """Rows blocked over: the frame's, or both frames' in linkage."""
        return self.n_left + self.n_right

    def per_record(self, pairs: int) -> float:
        """``pairs`` per record (0.0 for an empty input).

        A list's candidate pairs per record stay flat as it grows only when no rule's
        blocks grow with it (see :mod:`sidalih.blocking._defaults`); this is the figure
        to watch from a village list to a national one.

        Examples
        --------
        >>> import polars as pl
        >>> from sidalih.blocking import block_on, candidate_pairs
        >>> report = candidate_pairs(pl.DataFrame({"k": ["a", "a", "a", "b"]}),
        ...                          [block_on("k")]).report
        >>> report.per_record(report.pairs)
        0.75
        """
        return pairs / self.records if self.records else 0.0

    @property
    def pairs_not_generated(self) -> int:
        """Pairs the skew guard did not generate, summed over rules (a pair may count twice)."""
        return sum(r.pairs_not_generated for r in self.rules)

    @property
    def lowered(self) -> str:
        """Why the block bound is below the one asked for ("" where it is not).

        Examples
        --------
        >>> import polars as pl
        >>> from sidalih.blocking import block_on, candidate_pairs
        >>> frame = pl.DataFrame({"k": ["a"] * 40})
        >>> candidate_pairs(frame, [block_on("k")], max_block_size=40, window=10,
        ...                 max_pairs=300).report.lowered
        "max block lowered from 40 to 5 rows to plan at most 300 candidate pairs (max_pairs): 630 more pairs agreeing on a rule's keys not generated"
        """
        if self.lowered_from is None:
            return ""
        return (f"max block lowered from {self.lowered_from:,} to {self.max_block_size:,} rows "
                f"to plan at most {self.max_pairs:,} candidate pairs (max_pairs): "
                f"{self.left_out_by_budget:,} more pairs agreeing on a rule's keys not "
                "generated")

    @property
    def skipped(self) -> list[str]:
        """Names of the rules that were skipped."""
        return [r.name for r in self.rules if r.status != "used"]

    def with_pairs_new(self, counts: list[int], *, chunk: bool) -> BlockingReport:
        """The same report with ``pairs_new`` set per rule."""
        rules = tuple(replace(r, pairs_new=int(c)) for r, c in zip(self.rules, counts, strict=True))
        return replace(self, rules=rules, chunk=chunk)

    def to_frame(self) -> Any:
        """:meth:`to_polars` as the kind of frame the run was given (pandas in, pandas out)."""
        return frame_from_polars(self.to_polars(), self.kind)

    def to_polars(self) -> pl.DataFrame:
        """One row per rule: counts, pairs per record, the largest block, the splits as text.

        ``generated_per_record`` is the rule's own pairs (``pairs_generated``) per record,
        ``new_per_record`` the pairs it adds to the earlier rules' (``pairs_new``).
        """
        rows = [
            {
                "rule": r.name,
                "keys": ", ".join(r.keys),
                "status": r.status,
                "reason": r.reason,
                "rows_blocked": r.rows_blocked,
                "rows_missing_key": r.rows_missing_key,
                "blocks": r.blocks,
                "largest_block": r.largest_blocks[0].rows if r.largest_blocks else 0,
                "pairs_in_blocks": r.pairs_in_blocks,
                "pairs_generated": r.pairs_generated,
                "pairs_not_generated": r.pairs_not_generated,
                "pairs_new": r.pairs_new,
                "generated_per_record": self.per_record(r.pairs_generated),
                "new_per_record": self.per_record(r.pairs_new),
                "blocks_split": sum(s.blocks for s in r.splits[:1]),
                "splits": "; ".join(str(s) for s in r.splits),
                "notes": "; ".join(r.notes),
            }
            for r in self.rules
        ]
        counts = ("rows_blocked", "rows_missing_key", "blocks", "largest_block",
                  "pairs_in_blocks", "pairs_generated", "pairs_not_generated", "pairs_new")
        schema = {
            **{c: pl.String for c in ("rule", "keys", "status", "reason")},
            **{c: pl.Int64 for c in counts},
            "generated_per_record": pl.Float64,
            "new_per_record": pl.Float64,
            "blocks_split": pl.Int64,
            "splits": pl.String,
            "notes": pl.String,
        }
        return pl.DataFrame(rows, schema=schema)

    def __str__(self) -> str:
        scope = (
            f"linkage {self.n_left:,} x {self.n_right:,} rows"
            if self.linkage
            else f"deduplication of {self.n_left:,} rows"
        )
        head = f"Blocking report: {scope}, max block {self.max_block_size:,}, window {self.window}"
        lines = [head]
        if self.lowered:
            lines.append(f"  {self.lowered}")
        lines += [
            f"  candidate pairs: {self.pairs:,}"
            + (" (this chunk)" if self.chunk else f" ({self.per_record(self.pairs):.2f} per record)"),
        ]
        for r in self.rules:
            if r.status != "used":
                lines.append(f"  - {r.name}: skipped ({r.reason})")
                continue
            each = ("", "") if self.chunk else tuple(  # a chunk's new pairs are not the list's
                f" ({self.per_record(p):.2f} per record)" for p in (r.pairs_generated, r.pairs_new))
            lines.append(
                f"  - {r.name}: {r.rows_blocked:,} rows, {r.blocks:,} blocks, "
                f"{r.pairs_generated:,} pairs generated{each[0]}, {r.pairs_new:,} new{each[1]}"
            )
            if r.largest_blocks:
                big = ", ".join(f"{b.rows:,} [{b.key}]" for b in r.largest_blocks[:3])
                lines.append(f"      largest blocks: {big}")
            lines.extend(f"      split: {s}" for s in r.splits)
            if r.pairs_not_generated:
                lines.append(f"      pairs not generated: {r.pairs_not_generated:,}")
            lines.extend(f"      note: {n}" for n in r.notes)
        # a key column the report does not know as a NIK's may still hold NIKs
        return mask_long_digits("\n".join(lines))
