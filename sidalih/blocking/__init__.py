"""Blocking: which pairs of records are worth comparing.

A blocking rule names keys (columns or polars expressions) that two records must share;
a list of rules is their union, each pair produced once and attributed to the first rule
that generated it. Pairs are counted per block before any is generated: a block above
the size bound is split by the rule's ``refine_with`` keys and, if still too large,
walked as a sorted neighbourhood; what this leaves out is counted in the
:class:`BlockingReport`, never dropped silently. Deduplication takes one frame; linkage
(``other=``) produces only pairs across the two frames.

A row with a missing key value (null, NaN or blank text) is not blocked by that rule.

Examples
--------
>>> import polars as pl
>>> from sidalih.blocking import block_on, candidate_pairs
>>> df = pl.DataFrame({"nama_key": ["AHMD", "AHMD", "SIT", "AHMD"],
...                    "kode_desa": ["01", "01", "01", None]})
>>> pairs = candidate_pairs(df, [block_on("nama_key", "kode_desa")])
>>> list(zip(pairs.left.tolist(), pairs.right.tolist()))
[(0, 1)]
"""

from __future__ import annotations

from sidalih.blocking._defaults import (
    CHUNK_PAIRS,
    MAX_BLOCK_SIZE,
    WINDOW,
    default_rules,
    placeless_rules,
)
from sidalih.blocking._pairs import CandidatePairs, candidate_pairs, iter_candidate_pairs
from sidalih.blocking._report import BlockingReport, BlockSize, RuleReport, SplitStep
from sidalih.blocking._rules import BlockingRule, block_on

__all__ = [
    "BlockingRule",
    "block_on",
    "default_rules",
    "placeless_rules",
    "candidate_pairs",
    "iter_candidate_pairs",
    "CandidatePairs",
    "BlockingReport",
    "RuleReport",
    "BlockSize",
    "SplitStep",
    "MAX_BLOCK_SIZE",
    "WINDOW",
    "CHUNK_PAIRS",
]
