"""Train the national default model shipped as ``sidalih/data/default_model.json``.

``sidalih.Model.default()`` loads it. It is what a list too small to train on is scored
with, and what a larger list's own ``m`` is pulled toward (``sidalih.model._population``),
so a village list and the national list give one pair nearly the same weight.

Trained on a synthetic national sample (no personal data): ``sidalih.synth.voters`` with
villages drawn across the country, trained with no prior (the model must not be pulled
toward the file it replaces). In the sample 3 % of the duplicates that did not move have
a new family card in their own village (``own_nkk``; DOMAIN.md: a card changes on
marriage, divorce and death too): trained on a sample where none did, the default
weighed "NKK beda" between two records of one village -8.7 bits, and a village list
lost every such duplicate (hand-written villages, tests/handmade_lists.py: recall
0.72-0.93). Deterministic for the arguments::

    python scripts/train_default_model.py                # 400,000 rows, seed 2026
    python scripts/train_default_model.py --rows 1000000
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sidalih import synth
from sidalih.api import deduplicate
from sidalih.engine import Model, prepare_records, voter_comparisons

OUT = Path(__file__).resolve().parents[1] / "sidalih" / "data" / "default_model.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--own-card-rate", type=float, default=0.03,
                        help="share of unmoved duplicates with a new card in their village")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    lists = synth.voters(args.rows, seed=args.seed,
                         error_rates={"own_nkk": args.own_card_rate})
    prepared = prepare_records(lists.voters, schema="voter", reference_date="2024-02-14")
    untrained = Model.untrained(voter_comparisons(prepared),
                                options={"m_prior": "none", "source": "default"})
    result = deduplicate(lists.voters, model=untrained, seed=args.seed)
    model = result.model
    model.options.update({"source": "default", "trained_on": f"sidalih.synth.voters("
                          f"{args.rows}, seed={args.seed}, error_rates={{'own_nkk': "
                          f"{args.own_card_rate}}})"})
    model.options.pop("m_prior", None)
    # the sample's own villages: a list scored with the default has others
    model.options.pop("village_sizes", None)
    model.save(args.out)
    print(model.parameter_table())
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
