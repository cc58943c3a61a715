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
0.72-0.93).

A fact of real lists that ``sidalih.synth`` leaves out is put into the sample's
duplicates (:func:`worldlier`), for the same reason: a level the sample never shows among
duplicates gets the floor m (0.001), about -9 bits, and a village list scored with the
default could then never defend a merge that has it. **A birthplace is written as the
town or the regency** (Maumere / Sikka), or as another place: 5 % of duplicates name
another place of their regency (``sidalih.regions._birthplaces``), 1 % another
birthplace altogether. Two generators written without reading synth put 3-13 % of their
duplicates' birthplaces apart as text, synth 0.5 %, and the default weighed a differing
birthplace -8.5 bits, more than a differing NIK (now -6.4).

Tried and left out (session 20), each measured on the pooled calibration test
(``tests/test_model_trust.py``, nine synthetic 200k lists, bin 0.5-0.6 must hold at most
0.65 one person; 0.644 with the birthplaces alone):

- Movers that go farther than the next village (DOMAIN.md, Movers): synth moves a
  duplicate within its district. Moving 25 % of the moved to another district of the
  regency and 15 % to another regency took the default's "another regency" from -9.9 to
  -4.6 bits, and the bin to 0.667 (144 pairs); 15 % and 10 %: -5.3 bits, 0.653. The
  synthetic lists the test pools have no such movers, and their fits are pulled toward
  the default's; the default keeps -9.9 bits for another regency, which a list of a
  few thousand records fits away from where its movers cross regencies.
- The sex field mistyped on 0.5 % of duplicates, and a new card for every mover to
  another district: each moved the default's u of one birth date within one family
  card (twins) from 0.0016 to 0.0010-0.0012, about half a bit, and a village list's
  weights away from the list holding it: that u rests on a few hundred pairs of the
  sample. A sex that disagrees under one NIK is read from the NIK instead (its day is
  +40 for women).

Deterministic for the arguments::

    python scripts/train_default_model.py                # 400,000 rows, seed 2026
    python scripts/train_default_model.py --rows 1000000
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import polars as pl

from sidalih import regions, synth
from sidalih.api import deduplicate
from sidalih.engine import Model, prepare_records, voter_comparisons
from sidalih.regions._birthplaces import regency_named

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
    voters = worldlier(lists.voters, lists.truth, seed=args.seed)
    prepared = prepare_records(voters, schema="voter", reference_date="2024-02-14")
    untrained = Model.untrained(voter_comparisons(prepared),
                                options={"m_prior": "none", "source": "default"})
    result = deduplicate(voters, model=untrained, seed=args.seed)
    model = result.model
    model.options.update({"source": "default", "trained_on": f"sidalih.synth.voters("
                          f"{args.rows}, seed={args.seed}, error_rates={{'own_nkk': "
                          f"{args.own_card_rate}}}), worldlier(seed={args.seed})",
                          # the list's size: its lambda is a rate per pair of that list,
                          # and default_lambda() turns it into another list's
                          "records": voters.height})
    model.options.pop("m_prior", None)
    # the sample's own villages: a list scored with the default has others
    model.options.pop("village_sizes", None)
    model.save(args.out)
    print(model.parameter_table())
    print(f"written: {args.out}")
    return 0


#: Of the duplicates: birthplace another name of its regency, another place.
ONE_REGENCY_PLACE, OTHER_PLACE = 0.05, 0.01


def worldlier(voters: pl.DataFrame, truth: pl.DataFrame, *, seed: int) -> pl.DataFrame:
    """``voters`` with its duplicates' birthplaces written as real lists write them."""
    rng = np.random.default_rng([seed, 0xF1E1D])
    kinds = voters.select("id").join(truth.select("id", "record_kind"), on="id",
                                     how="left", maintain_order="left")
    duplicate = (kinds["record_kind"] == "duplicate").to_numpy()
    places = voters["tempat_lahir"].to_list()
    named = voters.select(regency_named(pl.col("tempat_lahir")))["tempat_lahir"].to_list()
    others = _places_by_regency()
    draw = rng.random(voters.height)
    for row in np.flatnonzero(duplicate & (draw < ONE_REGENCY_PLACE + OTHER_PLACE)):
        if draw[row] < ONE_REGENCY_PLACE:
            choices = others.get(named[row], [])
            if choices:
                places[row] = choices[rng.integers(len(choices))]
        else:
            places[row] = places[rng.integers(len(places))]
    return voters.with_columns(tempat_lahir=pl.Series(places, dtype=pl.String))


def _places_by_regency() -> dict[str, list[str]]:
    """District names that name one regency without doubt, by that regency."""
    districts = regions.table(level="district").select("name").unique().sort("name")
    named = districts.with_columns(regency=regency_named(pl.col("name"))).drop_nulls()
    out: dict[str, list[str]] = {}
    for name, regency in named.iter_rows():
        out.setdefault(regency, []).append(name)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
