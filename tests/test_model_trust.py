"""A model that means what it says (issue 19): lists of every shape, weights in order.

Profiles come from :func:`sidalih.synth.profile`: transformed generator output (one village,
movers with new family cards, namesakes, missing and masked NIKs) and a hand-built list that
shares nothing with the generator (everyone born 01-07-1960, names from a small pool).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

import sidalih
from sidalih import compare, synth
from sidalih.api._accuracy import estimate_accuracy
from sidalih.cli.demo import lookalikes_merged, pairwise_accuracy
from sidalih.compare._nik_date import discount_birth_part, nik_date_consistent
from sidalih.engine._judgement import twin_names
from sidalih.kernels.levels import NikLevel
from sidalih.model._population import fit_population, monotone_ratio, random_pair_u


def _run(kind: str, n: int, seed: int = 3) -> tuple[object, object]:
    lists = synth.profile(kind, n, seed=seed)
    return lists, sidalih.deduplicate(lists.voters)


def _lookalike_share(result: object, lists: object) -> float:
    pairs = lists.lookalike_pairs()  # type: ignore[attr-defined]
    if pairs.height == 0:
        return 0.0
    table = lookalikes_merged(result.clusters, pairs)  # type: ignore[attr-defined]
    return float(table["merged"].sum() / table["total"].sum())


# ------------------------------------------------------------------ accuracy matrix

MATRIX = [(kind, n) for kind in ("default", "village", "moved", "namesake", "missing_nik")
          for n in (1_000, 5_000)] + [("skewed", 5_000)]


@pytest.mark.parametrize(("kind", "n"), MATRIX)
def test_every_profile_and_size_keeps_the_floors(kind: str, n: int) -> None:
    lists, result = _run(kind, n)
    truth = pairwise_accuracy(result.clusters, lists.truth)  # type: ignore[attr-defined]
    assert truth["f1"] >= 0.97, (kind, n, truth)
    assert _lookalike_share(result, lists) <= 0.02 + 1e-9, kind


@pytest.mark.parametrize(("n", "seed"), [(1_000, 11), (5_000, 11)])
def test_a_list_with_missing_niks_keeps_the_floors_on_the_benchmarks_seed(n: int,
                                                                         seed: int) -> None:
    """Twins on one card named alike (Fitri/Fitria) with a NIK missing stay apart."""
    lists, result = _run("missing_nik", n, seed=seed)
    truth = pairwise_accuracy(result.clusters, lists.truth)  # type: ignore[attr-defined]
    assert truth["f1"] >= 0.97, truth
    assert _lookalike_share(result, lists) <= 0.02


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["default", "village", "moved", "namesake", "missing_nik"])
def test_every_profile_at_20k_keeps_the_floors(kind: str) -> None:
    lists, result = _run(kind, 20_000)
    truth = pairwise_accuracy(result.clusters, lists.truth)  # type: ignore[attr-defined]
    assert truth["f1"] >= 0.97, (kind, truth)
    assert _lookalike_share(result, lists) <= 0.02


@pytest.mark.slow
def test_the_skewed_list_finds_its_planted_duplicates() -> None:
    lists, result = _run("skewed", 20_000)
    truth = lists.truth.join(result.clusters, on="id")  # type: ignore[attr-defined]
    found = truth.with_columns(
        together=pl.col("cluster_id").n_unique().over("person_id") == 1
    ).filter(pl.col("record_kind") == "duplicate")
    assert found["together"].mean() >= 0.9


def test_a_list_everyone_shares_one_placeholder_date_still_matches() -> None:
    """Agreement on a date all share says nothing, neither for nor against."""
    lists, result = _run("skewed", 2_000)
    model = result.model  # type: ignore[attr-defined]
    same_nik = lists.voters.filter(  # type: ignore[attr-defined]
        pl.col("nik").is_duplicated()).sort("nik").head(2)["id"].to_list()
    explanation = result.explain(*same_nik)  # type: ignore[attr-defined]
    date_row = explanation.table.filter(pl.col("comparison") == "tanggal_lahir")
    assert abs(float(date_row["weight"][0])) < 1.0
    assert explanation.matched
    assert model.fs.lambda_ < 1e-3


# ------------------------------------------------------------------ level order


def _weights(model: object) -> dict[str, np.ndarray]:
    table = model.parameter_table()  # type: ignore[attr-defined]
    return {name: part.sort("level")["match_weight"].to_numpy()
            for (name,), part in table.group_by("comparison")}


@pytest.mark.parametrize("kind", ["default", "village", "moved", "missing_nik", "skewed"])
def test_fitted_weights_keep_the_declared_order(kind: str) -> None:
    _, result = _run(kind, 2_000, seed=5)
    model = result.model  # type: ignore[attr-defined]
    weights = _weights(model)
    for comparison in model.comparisons:
        w = weights[comparison.name][list(comparison.evidence_order)]
        assert (np.diff(w) >= -1e-9).all(), (kind, comparison.name, w)
        assert w[0] <= 1e-9 <= w[-1] + 2e-9, (kind, comparison.name, w)
    village = weights["kode_desa"]
    assert village[3] >= village[2] >= village[1] >= village[0]
    assert weights["nkk"][1] >= weights["nkk"][0]


def test_the_constraint_wins_and_is_reported() -> None:
    m, pooled = monotone_ratio(np.array([0.2, 0.1, 0.7]), np.array([0.5, 0.01, 0.49]),
                               (0, 1, 2))
    ratio = m / np.array([0.5, 0.01, 0.49])
    assert (np.diff(ratio) >= -1e-12).all() and pooled == [1, 2]
    assert m.sum() == pytest.approx(1.0)


def test_expected_matches_are_taken_out_of_u() -> None:
    u = random_pair_u([np.array([900.0, 100.0])], [np.array([0.0, 1.0])], 0.09, 0.0)
    assert u[0][1] == pytest.approx(10 / 910)


# ------------------------------------------------------------------ blocking-free weights


def test_a_pairs_weight_does_not_depend_on_how_many_pairs_blocking_made() -> None:
    """Stricter blocking (fewer candidate pairs) leaves every weight where it was."""
    lists = synth.voters(3_000, seed=9)
    loose = sidalih.deduplicate(lists.voters)
    strict = sidalih.deduplicate(lists.voters, max_block_size=50)
    assert strict.summary().n_candidate_pairs < loose.summary().n_candidate_pairs
    joined = loose.pairs.join(strict.pairs, on=["id_l", "id_r"], suffix="_strict")
    assert joined.height > 50
    gap = (joined["match_weight"] - joined["match_weight_strict"]).abs()
    assert float(gap.max()) <= 1.0


def _gaps(whole: object, part: object) -> pl.Series:
    """|weight in the sub-list - weight in the whole list| of the pairs either calls likely."""
    joined = part.pairs.join(whole.pairs, on=["id_l", "id_r"],  # type: ignore[attr-defined]
                             suffix="_whole").filter(
        (pl.col("match_probability") >= 0.5) | (pl.col("match_probability_whole") >= 0.5))
    same = ((joined["match_probability"] >= 0.9)
            == (joined["match_probability_whole"] >= 0.9))
    assert same.mean() >= 0.95
    return (joined["match_weight"] - joined["match_weight_whole"]).abs()


def test_a_village_list_is_scored_as_the_list_that_holds_it() -> None:
    """One village taken from a larger list: its duplicates' weights stay close.

    Measured: 71 pairs, median 0.43 bit, 96 % within 1 bit, every verdict the same (0.44
    and 87 % before conditional u's were measured only as far as their samples can).
    Before the term-frequency adjustment replaced the regency's u (not the country's):
    median 1.00 bit, 51 % within 1 bit (a village's exact names were charged twice for
    being local).
    """
    lists = synth.voters(20_000, seed=5)
    whole = sidalih.deduplicate(lists.voters)
    village = lists.voters["kode_desa"].mode()[0]
    gap = _gaps(whole, sidalih.deduplicate(lists.voters.filter(pl.col("kode_desa") == village)))
    assert gap.len() > 20
    assert float(gap.median()) <= 0.75
    assert float((gap <= 1.0).mean()) >= 0.75


def _villages_of_many_sizes(seed: int, *, new_cards: bool = False) -> pl.DataFrame:
    """A synth list whose villages keep 25 %, 50 % or all of their families: whole
    persons of whole family cards (a person goes with the card of their first record),
    so a village's duplicates per record and its families stay as they were."""
    lists = synth.voters(24_000, seed=seed)
    people = lists.truth.select("id", "person_id").join(
        lists.voters.select("id", "kode_desa", "nkk"), on="id").sort("id")
    villages = sorted(people["kode_desa"].unique().to_list())
    share = {v: (0.25, 0.5, 1.0)[k % 3] for k, v in enumerate(villages)}
    persons = (people.group_by("person_id").agg(pl.col("kode_desa", "nkk").first())
               .sort("person_id"))
    cards = (persons.select("nkk", "kode_desa").unique("nkk", keep="first", maintain_order=True)
             .sort("nkk"))
    rng = np.random.default_rng(seed)
    kept_cards = cards.filter(pl.Series(rng.random(cards.height))
                              < cards["kode_desa"].replace_strict(share,
                                                                  return_dtype=pl.Float64))
    keep = persons.join(kept_cards.select("nkk"), on="nkk")
    kept = people.join(keep.select("person_id"), on="person_id")["id"]
    out = lists.voters.filter(pl.col("id").is_in(kept.implode()))
    if not new_cards:
        return out
    # every duplicate record gets a family card of its own, as after a divorce or a
    # marriage: its pairs with the original no longer share a card
    duplicate = lists.truth.filter(pl.col("record_kind") == "duplicate")["id"].implode()
    fresh = pl.lit("9") + pl.col("id").cast(pl.String).str.zfill(15)
    return out.with_columns(pl.when(pl.col("id").is_in(duplicate)).then(fresh)
                            .otherwise(pl.col("nkk")).alias("nkk"))


def _place_weight(result: object, id_l: object, id_r: object) -> float:
    """Prior + village + family card of one pair: the part of its weight a place decides."""
    table = result.explain(id_l, id_r).table  # type: ignore[attr-defined]
    weight = dict(zip(table["comparison"], table["weight"], strict=True))
    return float(result.model.fs.prior_weight  # type: ignore[attr-defined]
                 + weight["kode_desa"] + weight["nkk"])


def test_villages_of_very_different_sizes_are_scored_as_alone() -> None:
    """Hand-made: villages keep a quarter, half or all of their families, and every
    duplicate has a card of its own. The largest village's list against the whole list.

    Measured (seeds 5, 8, 11, 13), pairs either list calls likely: prior + village +
    card at most 0.68, 0.26, 0.06, 0.45 bit apart (before a village's size entered its
    pairs' prior: 0.45, 1.00, 0.84, 0.53). Seed 5's 0.68 is one pair of twins on one card
    (its 39 other pairs: 0.22): a shared card weighs the card's m measured per place, which
    moved by 0.46 bit when the bounded blocking rules changed the candidate pairs (0.22
    with the national ones). Whole weights median |gap| 0.73, 0.62, 0.65, 0.56 bit
    (before: 0.52, 0.73, 1.50, 0.59; pooled 0.97, 51 % within 1 bit). What is left is the names' and dates' term
    frequencies: counted over the whole regency in the list that holds it and over the
    village in its own list, a value seen only in the pair weighs log2(n_regency /
    n_village) more in the larger list. A village's own duplicate rate is not estimated
    (the pooled one scaled by its size is): the smaller villages, with a dozen duplicates
    each, differ from it by up to 0.7 bit.
    """
    gaps, place = [], []
    for seed in (5, 8, 11, 13):
        voters = _villages_of_many_sizes(seed, new_cards=True)
        whole = sidalih.deduplicate(voters)
        village = voters["kode_desa"].mode()[0]
        part = sidalih.deduplicate(voters.filter(pl.col("kode_desa") == village))
        gaps.append(_gaps(whole, part))
        joined = part.pairs.join(whole.pairs, on=["id_l", "id_r"], suffix="_whole").filter(
            (pl.col("match_probability") >= 0.5) | (pl.col("match_probability_whole") >= 0.5))
        place.extend(abs(_place_weight(part, a, b) - _place_weight(whole, a, b))
                     for a, b in zip(joined["id_l"], joined["id_r"], strict=True))
    assert max(place) <= 0.75
    gap = pl.concat(gaps)
    assert float(gap.median()) <= 0.8
    assert float((gap <= 1.0).mean()) >= 0.75


@pytest.mark.slow
def test_two_villages_of_a_large_list_weigh_a_pair_nearly_as_the_list_does() -> None:
    """The first two villages of a 200k list deduplicated alone, against the whole list.

    Measured: 178 pairs, median |gap| 0.45 bit, 85 % within 1 bit, every verdict the
    same. Before the term frequencies replaced the regency's u (not the country's) and
    a village's size entered the prior of its pairs: 1.13 bits, 42 %.
    """
    lists = synth.voters(200_000, seed=5)
    whole = sidalih.deduplicate(lists.voters)
    villages = lists.voters["kode_desa"].unique(maintain_order=True).head(2).to_list()
    gap = _gaps(whole, sidalih.deduplicate(
        lists.voters.filter(pl.col("kode_desa").is_in(villages))))
    assert gap.len() > 100
    assert float(gap.median()) <= 0.75
    assert float((gap <= 1.0).mean()) >= 0.75


# ------------------------------------------------------------------ default model


def test_the_default_model_ships_and_scores_a_small_list() -> None:
    model = sidalih.Model.default()
    assert model.fitted and model.options["source"] == "default"
    lists = synth.voters(400, seed=2)
    result = sidalih.deduplicate(lists.voters, model=model)
    truth = pairwise_accuracy(result.clusters, lists.truth)
    assert truth["recall"] >= 0.9 and truth["precision"] >= 0.95


def test_summary_says_which_model_was_used() -> None:
    lists = synth.voters(2_000, seed=4)
    result = sidalih.deduplicate(lists.voters)
    summary = result.summary()
    assert summary.model["source"] in ("list", "default")
    assert "national default" in str(summary)
    given = sidalih.deduplicate(lists.voters, model=result.model).summary()
    assert given.model["source"] == "given"


def test_summary_names_the_shipped_default_when_it_is_the_model_given() -> None:
    """Given Model.default(), the summary said only "given (not trained on this list)"."""
    voters = synth.voters(800, seed=2).voters
    shipped = sidalih.deduplicate(voters, model=sidalih.Model.default(), threshold=0.9)
    assert shipped.summary().model["shipped_default"]
    assert "model: given: the national default shipped with sidalih" in str(shipped.summary())
    trained = sidalih.deduplicate(voters)
    given = sidalih.deduplicate(voters, model=trained.model).summary()
    assert not given.model["shipped_default"] and not trained.summary().model["shipped_default"]
    assert "model: given (not trained on this list)" in str(given)


def test_the_shift_from_the_default_counts_only_levels_the_list_shows() -> None:
    """A one-village list has no pair of two villages: that level's m is not the list's.

    The summary said "largest shift from it 17.94 bits" for every one-village list: the
    fit's floor for "same district, another village" against the default's 25 %.
    """
    result = sidalih.deduplicate(synth.profile("village", 5_000, seed=11).voters)
    seen = result.model.fs.levels_seen_["kode_desa"]
    assert seen[:-1].sum() == 0 and seen[-1] > 0
    assert result.summary().model["default_shift_bits"] < 5


def test_a_list_without_duplicates_uses_the_default_m() -> None:
    lists = synth.voters(1_500, seed=6, duplicate_rate=0.0)
    result = sidalih.deduplicate(lists.voters)
    assert result.summary().model["source"] == "default"
    assert result.summary().n_matched_pairs <= 2


# ------------------------------------------------------------------ label-free accuracy


@pytest.mark.parametrize("kind", ["default", "village", "namesake", "skewed"])
def test_the_label_free_estimate_is_close_to_the_truth(kind: str) -> None:
    lists, result = _run(kind, 5_000, seed=7)
    truth = pairwise_accuracy(result.clusters, lists.truth)  # type: ignore[attr-defined]
    estimate = result.accuracy()  # type: ignore[attr-defined]
    assert abs(estimate["precision"] - truth["precision"]) <= 0.03
    assert abs(estimate["recall"] - truth["recall"]) <= 0.03
    assert estimate["expected_false_merges"] >= 0


def test_accuracy_per_group() -> None:
    lists, result = _run("default", 2_000)
    per_village = result.accuracy(by="kode_desa")  # type: ignore[attr-defined]
    per_regency = result.accuracy(by=("kode_desa", 4))  # type: ignore[attr-defined]
    assert per_village.height >= per_regency.height >= 1
    assert per_village["merged_pairs"].sum() == result.accuracy()["merged_pairs"]  # type: ignore[attr-defined]


def test_accuracy_refuses_a_bad_group() -> None:
    _, result = _run("default", 500)
    with pytest.raises(sidalih.errors.ColumnNotFoundError):
        result.accuracy(by="no_such_column")  # type: ignore[attr-defined]
    with pytest.raises(sidalih.errors.InvalidParameterError):
        result.accuracy(by=("kode_desa", 0))  # type: ignore[attr-defined]


def test_estimate_on_hand_made_probabilities() -> None:
    labels = np.array([0, 0, 2, 3])
    figures = estimate_accuracy(np.array([0.9, 0.5]), np.array([0, 2]), np.array([1, 3]),
                                labels, pl.DataFrame({"id": [1, 2, 3, 4]}))
    assert figures["precision"] == pytest.approx(0.9)
    assert figures["recall"] == pytest.approx(0.9 / 1.4)
    assert figures["expected_missed_pairs"] == pytest.approx(0.5)


# ------------------------------------------------------------------ NIK and date


def test_a_niks_birth_part_counts_once() -> None:
    values = np.array([3271010501900001, 3271010501910001, 3271010501900001])
    ymd = np.array([[1990, 1, 5], [1991, 1, 5], [1990, 1, 5]], dtype=np.int32)
    assert nik_date_consistent(values, np.zeros(3, bool), ymd).all()


def test_neighbouring_birth_dates_are_not_a_nik_typo() -> None:
    frame = pl.DataFrame({
        "nik": ["3271010501900001", "3271010501910001", "3271010501900001"],
        "tanggal_lahir": [dt.date(1990, 1, 5), dt.date(1991, 1, 5), dt.date(1991, 1, 5)],
    })
    comparisons = [compare.nik(), compare.date()]
    levels = compare.compare_pairs(frame, [0, 0], [1, 2], comparisons)
    # Row 1's NIK is its own date: two people born a year apart.
    assert levels[0, 0] == NikLevel.ELSE
    # Row 2's date disagrees with its NIK: a mistyped date, the NIK is evidence.
    assert levels[1, 0] == NikLevel.EXACT
    assert discount_birth_part is not None


# ------------------------------------------------------------------ calibration


@pytest.mark.parametrize("kind", ["default", "village", "moved", "namesake", "skewed"])
def test_pairs_the_model_calls_likely_are_one_person_as_often_as_it_says(kind: str) -> None:
    """The top bin of match_probability (0.9-1.0) holds at least 95 % true matches.

    Only the top bin: on lists of a few thousand the middle bins hold a handful of pairs
    (benchmarks/README.md has the whole table; the middle is overconfident at 200k).
    """
    lists, result = _run(kind, 5_000, seed=7)
    person = lists.truth.select("id", "person_id")  # type: ignore[attr-defined]
    top = (result.pairs  # type: ignore[attr-defined]
           .filter((pl.col("match_probability") >= 0.9)
                   & pl.col("verdict").is_in(["model", "identical"]))
           .join(person.rename({"id": "id_l", "person_id": "p_l"}), on="id_l")
           .join(person.rename({"id": "id_r", "person_id": "p_r"}), on="id_r"))
    assert top.height >= 10
    share = float((top["p_l"] == top["p_r"]).mean())
    assert share >= 0.95, (kind, share, top.height)
    assert share >= float(top["match_probability"].mean()) - 0.05


@pytest.mark.slow
def test_the_middle_probabilities_are_calibrated() -> None:
    """Each bin 0.5-0.6 ... 0.8-0.9 is as often right as it says, over nine lists.

    Lists of 200,000 with 30 % of NIKs missing or masked: the other profiles hold a
    few pairs per middle bin (benchmarks/README.md). One list holds 10-50 pairs per
    bin, whose share wanders by +-0.1 from list to list, and three lists (40-160 pairs
    a bin, one standard error 0.04-0.08) still put a bin 0.07 to either side of its
    long-run share: seeds 11-13 read 0.71 one person in the 0.5-0.6 bin (38 pairs)
    where seeds 14-19 read 0.61 (95). Nine lists are pooled (130-380 pairs a bin). The
    share must lie in the bin widened by 0.05 on each side (issue 19), and within 0.05
    plus two standard errors of the bin's mean probability.

    Measured (session 13: a name's sex, a swapped date as the NIK's date, placeholder
    dates weighed as the year they tell, the default trained on family cards that
    change in the village, a NIK one slip off on another name a clash): 0.64 (133) /
    0.71 (260) / 0.80 (191) / 0.86 (380) one person at mean p 0.55 / 0.65 / 0.75 /
    0.86. Session 12, three lists: 0.46 (70) /
    0.55 (74) / 0.69 (70) / 0.76 (103) at mean p 0.54 / 0.67 / 0.74 / 0.85.
    """
    frames = []
    for seed in range(11, 20):
        lists, result = _run("missing_nik", 200_000, seed=seed)
        person = lists.truth.select("id", "person_id")  # type: ignore[attr-defined]
        frames.append(
            result.pairs  # type: ignore[attr-defined]
            .filter(pl.col("match_probability").is_between(0.5, 0.9, closed="left")
                    & pl.col("verdict").is_in(["model", "identical"]))
            .join(person.rename({"id": "id_l", "person_id": "p_l"}), on="id_l")
            .join(person.rename({"id": "id_r", "person_id": "p_r"}), on="id_r")
            .select("match_probability", one=pl.col("p_l") == pl.col("p_r")))
    bins = (pl.concat(frames)
            .group_by(bin=(pl.col("match_probability") * 10).floor().cast(pl.Int64))
            .agg(pl.len().alias("pairs"), pl.col("one").mean().alias("share"),
                 pl.col("match_probability").mean().alias("mean_p")))
    assert bins.height == 4 and bins["pairs"].min() >= 40, bins
    for row in bins.iter_rows(named=True):
        low, share, p = row["bin"] / 10, row["share"], row["mean_p"]
        assert low - 0.05 <= share <= low + 0.15, row
        assert abs(share - p) <= 0.05 + 2 * (p * (1 - p) / row["pairs"]) ** 0.5, row


# ------------------------------------------------------------------ twins without NIKs


@pytest.mark.parametrize(("a", "b", "twins"), [
    ("dodi lubis", "dedi lubis", True), ("satria nugraha", "satrio nugraha", True),
    ("fitri lestari", "fitria lestari", True), ("novi", "nova", True),
    # a vowel added after a consonant reads as a final vowel dropped (Sumarni/Sumarn):
    # such twins (Dian/Diana, mostly of two sexes) are left to the model
    ("dian lestari", "diana lestari", False), ("sumarni", "sumarn", False),
    ("sri wahyuni", "sr wahyuni", False),
    ("sryani harahap", "suryani harahap", False),  # a consonant dropped
    ("bambnag lubis", "bambang lubis", False),  # two letters swapped
    ("kartikka utami", "kartika utami", False), ("maria", "mariaa", False),  # doubled
    ("hreman", "herman", False), ("steqanus", "stefanus", False),  # replaced by a consonant
    ("rina lubis", "rina lubus", False),  # a vowel inside the last name: a slip
    ("muhammad adi", "muhammad ade", True),  # the last name's final vowel: twins' names
    ("muhammad rama", "muhammad rami", True), ("budi santoso", "budi santosi", True),
    ("rina lubis", "rina lubiis", False), ("muhammad adi", "muhammad adit", False),
    ("rina lubis", "rini", False), ("rina", "rina", False), ("", "rina", False),
    ("dwi putra setiawan", "dwi putri setiawan", True),  # the second of two given names
    ("nur aini lestari", "nur aina lestari", True),
    ("dwi putra setiawan", "dwi putra setiawun", False),  # the family's name: a slip
    ("dwi putra setiawan", "dwo putri setiawan", False),  # two tokens changed
    # after only low-information words the last token is the given name; twin brothers
    # Hasan and Husain share its consonants, their vowels differ from the first on
    ("muhammad hasan", "muhammad husain", True), ("hasan", "husein", True),
    ("abdul hasan", "abdul husain", True),
    # a given name spelt two ways after Muhammad or Abdul: a vowel inside changed
    ("abdul sulaiman", "abdul sulaeman", False), ("muhammad rina", "muhammad runa", False),
    # twins take two birth-order names: under one, a vowel inside the last word is a slip
    ("i ketut sudarta", "i ketut sidarta", False), ("ni made rina", "ni made runa", False),
    ("husain", "husen", False),  # one name spelt two ways keeps its first syllable
    ("muhammad hasan", "muhammad hasn", False),  # a vowel dropped: a slip
    ("muhammad yusuf", "muhammad yasuf", False),
    ("hasan lubis", "husain lubis", True), ("rina hasan", "rina husain", False),
])
def test_twins_given_names_are_told_from_a_slip(a: str, b: str, twins: bool) -> None:
    assert twin_names(a, b) is twins
    assert twin_names(b, a) is twins


def _families_with_twins(born: dt.date) -> tuple[pl.DataFrame, list[tuple[str, str]],
                                                  list[tuple[str, str]]]:
    """Hand-built, no generator: 240 villagers in 60 families, then pairs on one card.

    Each pair shares a card and a birth date; one record's NIK is missing or masked.
    Twins carry their own given names (changed as parents name twins); duplicates carry
    one name with a clerk's slip.
    """
    givens = ["Agus", "Bambang", "Cahya", "Darmawan", "Eko", "Gilang", "Hendra", "Irfan",
              "Joko", "Kurnia"]
    families = ["Wijaya", "Nugroho", "Saputra", "Hidayat", "Susanto", "Pratama"]

    def record(nik: str | None, nkk: str, name: str, day: dt.date, sex: str) -> dict[str, object]:
        return {"nik": nik, "nkk": nkk, "nama": name, "tempat_lahir": "Bogor",
                "tanggal_lahir": day, "jenis_kelamin": sex, "kode_desa": "3201012001"}

    def nik(day: dt.date, sex: str, serial: int) -> str:
        return (f"320101{day.day + (40 if sex == 'P' else 0):02d}{day.month:02d}"
                f"{day.year % 100:02d}{serial:04d}")

    rows = []
    for f in range(60):
        for k in range(4):
            day = dt.date(1950 + (f * 7 + k * 13) % 50, 1 + (f + k) % 12, 1 + (f * 3 + k) % 27)
            sex = "L" if k % 2 == 0 else "P"
            rows.append(record(nik(day, sex, 4 * f + k + 1),
                               f"320101{f % 28 + 1:02d}{f % 12 + 1:02d}10{f:04d}",
                               f"{givens[(f + 3 * k) % 10]} {families[f % 6]}", day, sex))
    twins = [("Dodi Lubis", "Dedi Lubis", "L"), ("Satria Nugraha Pratama", "Satrio Nugraha Pratama", "L"),
             ("Novi Anggraini Lestari", "Nova Anggraini Lestari", "P"),
             ("Dwi Putra Setiawan", "Dwi Putri Setiawan", "L"),
             ("Muhammad Hasan", "Muhammad Husain", "L")]
    # a short name with a letter dropped falls in the lowest similarity band, where
    # twins' names are: one slip apart, it is one person typed twice
    slips = [("Suryani Harahap", "Sryani Harahap", "P"), ("Bambang Lubis", "Bambnag Lubis", "L"),
             ("Kartika Utami", "Kartikka Utami", "P"), ("Herman Tobing", "Hreman Tobing", "L"),
             ("Budi Santoso", "Bdi Santoso", "L")]
    pairs = []
    for k, (a, b, sex) in enumerate(twins + slips):
        card = f"320101150312{9000 + k:04d}"
        full = nik(born, sex, 1)
        rows.append(record(full, card, a, born, sex))
        rows.append(record(None if k % 2 else full[:12] + "****", card, b, born, sex))
        pairs.append((str(len(rows) - 2), str(len(rows) - 1)))
    frame = pl.DataFrame(rows).with_row_index("id").with_columns(pl.col("id").cast(pl.String))
    return frame, pairs[:len(twins)], pairs[len(twins):]


@pytest.mark.parametrize("born", [dt.date(1991, 3, 17), dt.date(1990, 7, 1)])
def test_twins_on_one_card_without_niks_stay_apart(born: dt.date) -> None:
    """A real or a placeholder birth date: twins apart, a slipped name merged."""
    frame, twins, slips = _families_with_twins(born)
    for model in (None, sidalih.Model.default()):
        result = sidalih.deduplicate(frame, model=model)
        cluster = dict(zip(result.clusters["id"], result.clusters["cluster_id"], strict=True))
        assert [cluster[a] == cluster[b] for a, b in twins] == [False] * len(twins)
        assert [cluster[a] == cluster[b] for a, b in slips] == [True] * len(slips)


# ------------------------------------------------------------------ dependence by place


def _place_pairs(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, dict[int, tuple]]:
    """Levels (person 0/1, card 0/1, place 0-3) of candidate and random pairs.

    Matches: 300 in one village (one card), 300 in two villages of one district (new
    cards). Non-matches of one village mostly share nothing; random pairs of one
    district are mostly in two villages.
    """
    match_village = np.tile([1, 1, 3], (300, 1))
    match_moved = np.tile([1, 0, 2], (300, 1))
    others = np.column_stack([np.zeros(20_000, int), (rng.random(20_000) < 0.01).astype(int),
                              rng.choice([2, 3], 20_000)])
    candidates = np.vstack([match_village, match_moved, others]).astype(np.int8)
    random = np.column_stack([np.zeros(50_000, int), (rng.random(50_000) < 1e-4).astype(int),
                              rng.choice([0, 1, 2, 3], 50_000, p=[0.7, 0.2, 0.08, 0.02])])
    village = np.column_stack([np.zeros(5_000, int), (rng.random(5_000) < 0.02).astype(int),
                               np.full(5_000, 3)])
    district = np.column_stack([np.zeros(5_000, int), np.zeros(5_000, int), np.full(5_000, 2)])
    within = {2: (village.astype(np.int8), (3,), (1,), 2, (1,)),
              3: (district.astype(np.int8), (2,), (1,), 2, (1,))}
    return candidates, random.astype(np.int8), within


def test_a_cards_m_is_measured_where_the_pair_lives() -> None:
    """A new card is what movers have: no evidence against two villages' pairs."""
    candidates, random, within = _place_pairs(np.random.default_rng(0))
    m = [np.array([0.01, 0.99]), np.array([0.5, 0.5]), np.array([0.1, 0.2, 0.3, 0.4])]
    fit = fit_population(candidates, random, [2, 2, 4], m=m, orders=[(0, 1), (0, 1),
                                                                     (0, 1, 2, 3)],
                         total_pairs=1e7, u_within=within, precedence={1: [2, 3]})
    (_, same_village, _, m_village), (_, two_villages, _, m_moved) = fit.conditional[1]
    assert same_village == (3,) and two_villages == (2,)
    assert m_village[1] > 0.9  # one village: one card
    assert m_moved[0] > 0.9  # two villages: a new card


def test_two_serials_on_one_date_without_a_shared_card_are_two_people() -> None:
    """Namesakes on one placeholder date: a card missing on a side does not join them."""
    born = dt.date(1960, 7, 1)
    frame = pl.DataFrame({
        "id": ["a", "b", "c", "d"],
        "nik": ["3201010107600001", "3201010107600412", "3201010107600002",
                "3201010107600002"],
        "nkk": ["3201011503100001", None, None, "3201011503100002"],
        "nama": ["Budi Santoso", "Budi Santoso", "Siti Aminah", "Siti Aminah"],
        "tempat_lahir": ["Bogor"] * 4, "tanggal_lahir": [born] * 4,
        "jenis_kelamin": ["L", "L", "P", "P"], "kode_desa": ["3201012001"] * 4,
    })
    # pairs_floor=0 lists every scored pair: a veto is listed by default only where it
    # overrules the model, and here the model alone already keeps a and b apart
    result = sidalih.deduplicate(frame, model=sidalih.Model.default(), pairs_floor=0.0)
    verdict = dict(zip(zip(result.pairs["id_l"], result.pairs["id_r"], strict=True),
                       result.pairs["verdict"], strict=True))
    assert verdict.get(("a", "b")) == "namesake", verdict
    assert verdict[("c", "d")] == "identical"  # one NIK: not a namesake rule's pair
