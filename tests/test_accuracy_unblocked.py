"""The label-free estimate counts the duplicate pairs that no blocking rule paired.

``Result.accuracy()`` sums the model's probabilities over the candidate pairs, which
cannot see a duplicate that blocking never produced: on lists from a generator written
apart from this project (``tests/independent_lists.py``) it put recall 0.07-0.08 above
the truth for movers. Chao's estimate from how many rules pair each merged pair
(:func:`sidalih.api._accuracy.unblocked_pairs`) takes in part of that (session 17).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from independent_lists import gen  # noqa: E402

import sidalih  # noqa: E402
from sidalih import synth  # noqa: E402
from sidalih.api._accuracy import unblocked_pairs  # noqa: E402
from sidalih.blocking import block_on  # noqa: E402
from sidalih.cli.demo import pairwise_accuracy  # noqa: E402


def _independent(shape: str, n: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    frame, _ = gen(n, shape, seed)
    listed = pl.from_pandas(frame)
    voters = listed.drop([c for c in listed.columns if c.startswith("_")])
    return voters, listed.select("id", pl.col("_pid").alias("person_id"))


def _true_recall(result: sidalih.Result, truth: pl.DataFrame) -> float:
    return float(pairwise_accuracy(result.clusters, truth)["recall"])


@pytest.mark.parametrize(("shape", "seed"), [("movers", 4), ("nik_missing30", 5),
                                             ("many_villages", 4), ("one_village", 4)])
def test_the_estimate_comes_nearer_the_truth_where_blocking_misses_pairs(shape: str,
                                                                         seed: int) -> None:
    """Measured (session 17, 3,000 rows): truth / with / without the unblocked pairs
    0.944 / 0.979 / 0.993 (movers), 0.953 / 0.936 / 0.981 (nik_missing30: past the
    truth, still nearer), 0.961 / 0.981 / 0.995, 0.982 / 0.975 / 0.992.

    The one-village list misses one true pair in blocking (9, 10 and 8 in the others,
    session 23). Its estimate of the unblocked pairs rests on 8 merged pairs that one
    rule pairs against 3 to 5 that two do, and moved from 4.7 to 7.0 pairs when the
    whole-name key ran its words together (two pairs gained a rule): 0.974 / 0.961 /
    0.987, the estimate 0.0128 from the truth, the seen pairs alone 0.0125. There the
    estimate is held to the issue's bound (within 0.03 of the truth), not to "nearer".
    """
    voters, truth = _independent(shape, 3_000, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sidalih.deduplicate(voters)
    figures = result.accuracy()
    truth_recall = _true_recall(result, truth)
    seen_only = ((figures["expected_duplicate_pairs"] - figures["expected_missed_pairs"])
                 / (figures["expected_duplicate_pairs"] - figures["expected_unblocked_pairs"]))
    assert figures["expected_unblocked_pairs"] > 1
    if shape == "one_village":
        assert abs(figures["recall"] - truth_recall) < 0.03
    else:
        assert abs(figures["recall"] - truth_recall) < abs(seen_only - truth_recall)
    assert figures["recall"] == pytest.approx(
        (figures["expected_duplicate_pairs"] - figures["expected_missed_pairs"])
        / figures["expected_duplicate_pairs"])


@pytest.mark.parametrize("kind", ["default", "moved", "missing_nik"])
def test_where_blocking_misses_nothing_the_estimate_adds_about_nothing(kind: str) -> None:
    lists = synth.profile(kind, 5_000, seed=11)
    result = sidalih.deduplicate(lists.voters)
    figures = result.accuracy()
    assert figures["expected_unblocked_pairs"] <= 1.0
    truth = pairwise_accuracy(result.clusters, lists.truth)
    assert abs(figures["recall"] - truth["recall"]) <= 0.03


@pytest.mark.parametrize("by", ["kode_desa", ("kode_desa", 4), "jenis_kelamin"])
def test_per_group_figures_add_up_to_the_list(by: object) -> None:
    """The unblocked pairs are shared among groups (as the pairs one rule alone pairs
    are), so the groups' missed pairs add up to the list's (review: 1.48 against 3.88)."""
    voters, _ = _independent("movers", 1_500, 6)
    voters = voters.with_columns(  # a group that is missing on some rows
        pl.when(pl.int_range(pl.len()) % 7 == 0).then(None).otherwise(pl.col("JENIS KELAMIN"))
        .alias("JENIS KELAMIN"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sidalih.deduplicate(voters)
    overall = result.accuracy()
    per_group = result.accuracy(by=by)  # type: ignore[arg-type]
    assert overall["expected_unblocked_pairs"] > 0
    assert per_group["merged_pairs"].sum() == overall["merged_pairs"]
    for name in ("expected_unblocked_pairs", "expected_missed_pairs",
                 "expected_duplicate_pairs"):
        assert per_group[name].sum() == pytest.approx(overall[name]), name


def _chao_by_hand(keys: list[list[tuple[str, str]]]) -> float:
    """Per pair, per rule, the two records' key: Chao's bias-corrected estimate."""
    agreeing = [sum(a == b and a is not None and a.strip() != "" for a, b in pair)
                for pair in keys]
    once, twice = agreeing.count(1), agreeing.count(2)
    return min(once * (once - 1) / (2 * (twice + 1)), len(keys))


def test_unblocked_pairs_counts_rules_as_a_hand_count_does() -> None:
    rng = np.random.default_rng(3)
    n = 400
    records = pl.DataFrame({"a": rng.choice(["x", "y", None, " "], n).tolist(),
                            "b": rng.choice(["1", "2", "3"], n).tolist(),
                            "c": rng.choice(["p", "q"], n).tolist()})
    rules = [block_on("a"), block_on("b"), block_on("b", "c"), block_on("c")]
    left, right = rng.integers(0, n, 300), rng.integers(0, n, 300)
    rows = records.to_dicts()

    def key(row: dict[str, str | None], rule_columns: tuple[str, ...]) -> str | None:
        values = [row[c] for c in rule_columns]
        return None if any(v is None for v in values) else "|".join(values)  # type: ignore[arg-type]

    columns = [("a",), ("b",), ("b", "c"), ("c",)]
    by_hand = [[(key(rows[i], cols), key(rows[j], cols)) for cols in columns]
               for i, j in zip(left, right, strict=True)]
    assert unblocked_pairs(records, rules, left, right) == pytest.approx(_chao_by_hand(by_hand))
    assert unblocked_pairs(records, rules, left[:0], right[:0]) == 0.0
    # a rule on a column the records lack is not counted
    assert unblocked_pairs(records, [*rules, block_on("zz")], left, right) == pytest.approx(
        _chao_by_hand(by_hand))


def test_one_or_two_rules_are_too_few_captures() -> None:
    """With one rule every merged pair is paired by it alone: m(m-1)/2 'unblocked'
    pairs for m merged (recall 0.06 where the truth was 0.91, found in review)."""
    lists = synth.profile("default", 2_000, seed=3)
    for rules in ([block_on("nik")], [block_on("nik"), block_on("nkk")]):
        result = sidalih.deduplicate(lists.voters, blocking_rules=rules)
        figures = result.accuracy()
        assert figures["expected_unblocked_pairs"] == 0.0
        truth = pairwise_accuracy(result.clusters, lists.truth)
        # blind to what one or two rules miss (0.91 true), never collapsed to 0.06
        assert figures["recall"] >= truth["recall"] - 0.03


def test_the_estimate_never_exceeds_the_pairs_it_is_drawn_from() -> None:
    records = pl.DataFrame({"a": [str(k) for k in range(40)], "b": ["x"] * 40,
                            "c": [str(k) for k in range(40)]})
    rules = [block_on("a"), block_on("b"), block_on("c")]
    left, right = np.arange(0, 40, 2), np.arange(1, 40, 2)  # each pair shares b alone
    assert unblocked_pairs(records, rules, left, right) == 20.0


def test_the_summary_says_which_missed_pairs_blocking_never_paired() -> None:
    voters, _ = _independent("movers", 3_000, 4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = str(sidalih.deduplicate(voters).summary())
    assert "never paired by blocking)" in text, text
    quiet = str(sidalih.deduplicate(synth.profile("default", 2_000, seed=11).voters).summary())
    assert "never paired by blocking" not in quiet  # none estimated: nothing to say


def test_candidate_pairs_carry_the_rules_that_paired_them() -> None:
    """The estimate reads the keys of the rules blocking used, handed on, not rebuilt."""
    records = pl.DataFrame({"a": ["x", "x", "y"], "b": ["1", "2", "2"]})
    found = sidalih.blocking.candidate_pairs(
        records, [block_on("a"), block_on("zz", required=False), block_on("b")])
    assert [r.name for r in found.rules_used] == ["a", "b"]
    assert [r.name for r in found.report.rules if r.status == "used"] == ["a", "b"]


def test_a_pair_put_up_for_review_counts_as_missed_as_often_as_the_model_believes_it(
) -> None:
    """One NIK on two records that disagree is put up for review, not merged: the
    estimate counts it as a missed duplicate as often as the rest of the evidence says
    it is one person (a year or a sex mistyped under one NIK is one person): the model's
    probability, without the NIK's own weight where the names disagree (session 22).
    Twins, families and
    namesakes are declared two people: they count as none, whatever the model believed."""
    import fourth_lists  # its clerks mistype years and sexes under one NIK

    from sidalih.api._result import clash_probabilities
    from sidalih.engine._judgement import FAMILY, MODEL, NAMESAKE, NIK_CLASH, TWIN

    frame, _ = fourth_lists.listed(3_000, "district", 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sidalih.deduplicate(frame.drop(columns=["_pid"]))
    s = result._scored
    merged = s.labels[s.left] == s.labels[s.right]
    kinds = np.asarray(s.verdict)
    clash = clash_probabilities(s)
    assert clash is not None
    rows, without_nik = clash
    k_name = next(i for i, c in enumerate(s.model.comparisons) if c.role == "name")
    names_differ = (kinds == NIK_CLASH) & (s.gamma[:, k_name] == 0)
    assert np.array_equal(rows, np.flatnonzero(names_differ))
    # without the NIK's agreement (+19.8 bits) never more likely one person than with it
    assert (without_nik <= s.probability[rows]).all()
    review = float(without_nik[~merged[rows]].sum()) + float(
        s.probability[(kinds == NIK_CLASH) & ~names_differ & ~merged].sum())
    declared = float(s.probability[np.isin(kinds, (TWIN, FAMILY, NAMESAKE))].sum())
    missed_by_model = float(s.probability[(kinds == MODEL) & ~merged].sum())
    # (fourth district 3k: 0.34 in all; with the NIK's weight it was above 0.5)
    assert review > 0.1 and declared > 0.5, (review, declared)
    figures = result.accuracy()
    assert figures["expected_missed_pairs"] == pytest.approx(
        missed_by_model + review + figures["expected_unblocked_pairs"], rel=1e-9)


def test_a_wife_under_her_husbands_nik_is_no_missed_duplicate() -> None:
    """A wife listed under her husband's NIK (one NIK, two names, two dates, two sexes)
    is one NIK on two people, up for review; the recall estimate must not count her as
    a duplicate the run missed because the NIK agrees (before session 22 the model's
    probability counted, 0.9-0.99 a pair on a Javanese village list of 30k, whose recall
    was estimated 0.74 against 0.98). Here 40 wives and 20 husbands typed again with a
    year mistyped: the estimate stays within 0.03 of the truth."""
    from sidalih.api._result import clash_probabilities

    data = synth.voters(3_000, seed=5)
    person = dict(zip(data.truth["id"].to_list(), data.truth["person_id"].to_list(),
                      strict=True))
    heads = data.voters.head(40)
    names = [f"{a} {b}" for a in ("Siti", "Sri", "Dewi", "Nur", "Rina", "Euis", "Yanti", "Tuti")
             for b in ("Rahayu", "Aminah", "Lestari", "Hasanah", "Marlina")]
    wives = heads.with_columns(
        id=pl.col("id") + "w", nama=pl.Series(names), jenis_kelamin=pl.lit("P"),
        tanggal_lahir=pl.date(1980, 1, 5) + pl.duration(days=pl.int_range(40) * 97))
    typo = heads.head(20).with_columns(  # one digit of the year mistyped
        id=pl.col("id") + "t", tanggal_lahir=pl.col("tanggal_lahir").dt.offset_by("10y"))
    listed = pl.concat([data.voters, wives, typo], how="vertical_relaxed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sidalih.deduplicate(listed)
    s = result._scored
    clash = clash_probabilities(s)
    assert clash is not None
    rows, without_nik = clash
    ids = s.records["id"].cast(pl.String).to_numpy().astype(str)
    wife = np.char.endswith(ids[s.left[rows]], "w") | np.char.endswith(ids[s.right[rows]], "w")
    assert wife.sum() >= 30, int(wife.sum())
    assert float(without_nik[wife].max()) < 0.05
    owner = [str(person[i[:-1]]) if i.endswith("t") else str(person.get(i, i)) for i in ids]
    clusters = pl.DataFrame({"person": owner, "cluster": s.labels})

    def pairs(keys: list[str]) -> int:
        n = clusters.group_by(keys).len()["len"].cast(pl.Int64)
        return int((n * (n - 1) // 2).sum())
    recall = pairs(["person", "cluster"]) / pairs(["person"])
    assert abs(result.accuracy()["recall"] - recall) < 0.03, (result.accuracy(), recall)
