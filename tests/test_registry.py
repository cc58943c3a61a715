"""The registry: stable ids, order independence, batch equivalence, match, remove, history."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import numpy as np
import polars as pl
import pytest

import sidalih
from sidalih.engine._judgement import VERDICTS, VETOES
from sidalih.errors import DuplicateIdError, InvalidParameterError
from sidalih.registry import Registry
from sidalih.registry._ids import assign, person_id
from sidalih.synth import profile, voters

ELECTION = "2029-02-14"


def pairwise_f1(a: list[object], b: list[object]) -> float:
    """F1 of the same-cluster pairs of two partitions of the same rows (naive counts)."""
    def pairs(labels: list[object]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(labels).values())

    both = pairs(list(zip(a, b, strict=True)))
    pa, pb = pairs(a), pairs(b)
    if pa == pb == 0:
        return 1.0
    return 2 * both / (pa + pb)


def partition(frame: pl.DataFrame, column: str) -> dict[str, object]:
    return dict(zip(frame["id"].cast(pl.String).to_list(), frame[column].to_list(), strict=True))


def test_pairwise_f1_reference() -> None:
    assert pairwise_f1([1, 1, 2], ["a", "a", "b"]) == 1.0
    assert pairwise_f1([1, 1, 1], [1, 2, 3]) == 0.0


@pytest.fixture(scope="module")
def listed() -> pl.DataFrame:
    return voters(1_500, seed=11).voters


def _build(tmp_path, frame: pl.DataFrame, first: int, batches: list[slice],
           name: str) -> Registry:
    reg = Registry.create(tmp_path / name, frame[:first], election_date=ELECTION,
                          u_pairs=50_000)
    for part in batches:
        reg.add(frame[part], cycle="2025-Q1")
    return reg


def _same_cluster_pairs(labels: dict[str, object]) -> set[tuple[str, str]]:
    members: dict[object, list[str]] = {}
    for record, label in labels.items():
        members.setdefault(label, []).append(record)
    return {(a, b) for group in members.values() for a in sorted(group) for b in sorted(group)
            if a < b}


@pytest.mark.parametrize("kind", ["voters", "moved"])
def test_batch_equivalence_with_deduplicate(tmp_path, kind: str) -> None:
    """Batches added to a registry give the partition of one run over the whole list.

    The registry's weights come from a fit on its first batch, the one run's from the
    whole list, and issue 19 lets a pair's weight move by up to a bit between two such
    fits: where the two disagree, the pair must lie within a bit of the threshold in the
    one run (measured, session 13: one pair of 27, Ysef/Yosef Markus Rumondor on one card
    and a placeholder date, 0.84 in the one run and 0.92 in the registry).
    """
    frame = voters(1_500, seed=11).voters if kind == "voters" else profile("moved", 1_500,
                                                                           seed=5).voters
    frame = frame.sample(fraction=1.0, shuffle=True, seed=3)  # duplicates in different batches
    reg = _build(tmp_path, frame, 900, [slice(900, 1100), slice(1100, 1400), slice(1400, None)],
                 kind)
    result = sidalih.deduplicate(frame, election_date=ELECTION, u_pairs=50_000)
    ours, theirs = partition(reg.persons(), "person_id"), partition(result.clusters, "cluster_id")
    ids = sorted(theirs)
    assert sorted(ours) == ids
    f1 = pairwise_f1([ours[i] for i in ids], [theirs[i] for i in ids])
    assert f1 >= 0.98, f1
    threshold = result.model.threshold
    near = (2 ** (np.log2(threshold / (1 - threshold)) + np.array([-1.0, 1.0])))
    near = near / (1 + near)  # a bit either side of the threshold, as probabilities
    for pair in _same_cluster_pairs(ours) ^ _same_cluster_pairs(theirs):
        p = result.explain(*pair).match_probability
        assert near[0] <= p <= near[1], (pair, p, near)
    assert len(set(ours.values())) < len(ids)  # duplicates were found at all


def test_ids_stable_except_logged_merges(tmp_path, listed: pl.DataFrame) -> None:
    reg = Registry.create(tmp_path / "r", listed[:1000], election_date=ELECTION, u_pairs=50_000)
    before = partition(reg.persons(), "person_id")
    reg.add(listed[1000:], cycle="2025-Q1")
    after = partition(reg.persons(), "person_id")
    merged = {}
    for event in reg._store.db.execute("SELECT person, other FROM events WHERE kind='merged'"):
        merged[event[1]] = event[0]
    for record, pid in before.items():
        assert after[record] == merged.get(pid, pid)
    assert set(after.values()).isdisjoint(merged)  # an alias is never a live id


def test_order_independence(tmp_path, listed: pl.DataFrame) -> None:
    """Other batches, other row order: the same partition (weights use the frequencies
    counted at create; tests/test_registry_order.py covers blocks that pass the bound).
    Before they were frozen, one placeholder-date pair near the threshold flipped here."""
    one = _build(tmp_path, listed, 800, [slice(800, 1100), slice(1100, None)], "a")
    shuffled = listed[800:].sample(fraction=1.0, shuffle=True, seed=9)
    two = Registry.create(tmp_path / "b", listed[:800], election_date=ELECTION, u_pairs=50_000)
    two.add(shuffled[:350])
    two.add(shuffled[350:])
    a, b = partition(one.persons(), "person_id"), partition(two.persons(), "person_id")
    ids = sorted(a)
    assert sorted(b) == ids
    assert pairwise_f1([a[i] for i in ids], [b[i] for i in ids]) == 1.0


def test_same_batches_in_other_row_order_give_same_ids(tmp_path, listed: pl.DataFrame) -> None:
    one = Registry.create(tmp_path / "a", listed[:600], election_date=ELECTION, u_pairs=50_000)
    two = Registry.create(tmp_path / "b", listed[:600].reverse(), election_date=ELECTION,
                          u_pairs=50_000)
    one.add(listed[600:900])
    two.add(listed[600:900].reverse())
    assert partition(one.persons(), "person_id") == partition(two.persons(), "person_id")


def test_add_joins_and_merges_with_history(tmp_path) -> None:
    base = voters(400, seed=4).voters
    twin = base[:1].with_columns(pl.lit("X1").alias("id"))
    reg = Registry.create(tmp_path / "r", base, election_date=ELECTION, u_pairs=50_000)
    pid = reg.persons().filter(pl.col("id") == base["id"][0])["person_id"][0]
    out = reg.add(twin, cycle="2025-Q1", who="operator")
    assert out.to_dicts() == [{"id": "X1", "person_id": pid, "status": "existing"}]
    kinds = reg.history(pid)["kind"].to_list()
    assert kinds[0] == "created" and "joined" in kinds
    with pytest.raises(DuplicateIdError):
        reg.add(twin)


def test_a_second_person_on_a_held_nik_is_put_up_for_review(tmp_path) -> None:
    """README: one NIK on two people is reported for review and kept apart. A clerk gives
    a new voter a registered voter's NIK (another name, date and sex): add() keeps the
    record a person of its own, gives it status review (it was new, black-box round 11)
    and logs why, in both persons' histories; deduplicate() lists that pair for review.
    Two new records on one unseen NIK, two people, are both put up for review; a copy of
    a held record in the same batch just joins its person."""
    base = voters(400, seed=4).voters
    held = base.row(0, named=True)
    other_sex = "P" if held["jenis_kelamin"] == "L" else "L"
    fresh = held["nik"][:12] + ("7777" if held["nik"][12:] != "7777" else "6666")
    rows = [dict(held, id="X1", nama="Yohana Kristina", tanggal_lahir=dt.date(2001, 3, 3),
                 jenis_kelamin=other_sex),
            dict(held, id="X2", nama="Bambang Suryadi", tanggal_lahir=dt.date(1960, 8, 17),
                 nik=fresh, jenis_kelamin="L"),
            dict(held, id="X3", nama="Sri Mulyani", tanggal_lahir=dt.date(1971, 2, 9),
                 nik=fresh, jenis_kelamin="P"),
            dict(base.row(1, named=True), id="X4")]
    batch = pl.DataFrame(rows, schema=base.schema)
    result = sidalih.deduplicate(pl.concat([base, batch]), election_date=ELECTION,
                                 u_pairs=50_000)
    listed = result.pairs.filter(pl.col("id_r").is_in(["X1", "X3"]))
    assert listed.filter(pl.col("verdict") == "nik_clash").select("id_l", "id_r").rows() \
        == [(held["id"], "X1"), ("X2", "X3")]
    reg = Registry.create(tmp_path / "r", base, election_date=ELECTION, u_pairs=50_000)
    before = partition(reg.persons(), "person_id")
    out = reg.add(batch, cycle="2025-Q1")
    assert out["status"].to_list() == ["review", "review", "review", "existing"]
    person = partition(reg.persons(), "person_id")
    assert len({person[held["id"]], person["X1"], person["X2"], person["X3"]}) == 4
    assert person["X4"] == before[str(base["id"][1])]
    review = reg.events(since=1).filter(pl.col("kind") == "review")
    assert review.select("record", "person_id", "other").rows() == [
        ("X1", person["X1"], person[held["id"]]), ("X2", person["X2"], person["X3"]),
        ("X3", person["X3"], person["X2"])]
    detail = json.loads(review["detail"][0])
    assert detail["pair"] == sorted([held["id"], "X1"]) and detail["verdict"] == "nik_clash"
    assert detail["reasons"].startswith("satu NIK dipakai dua orang: perlu diperiksa")
    assert 0.0 <= detail["match_probability"] <= 1.0
    assert held["nik"] not in review["detail"][0]
    # the held voter's history tells of the record given its NIK
    assert "review" in reg.history(person[held["id"]])["kind"].to_list()
    assert reg.history(person["X1"])["kind"].to_list() == ["created", "review"]


def _bridged(base: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Three records of one made-up person: A1 (NIK and name, no date or family card)
    and A2 (name, date, birthplace, family card, no NIK) share only a name, too little
    to link; A3 holds everything and links to both."""
    row = base[:1]
    me = row.with_columns(pl.lit("ZULKARNAEN WIRAHADIKUSUMA").alias("nama"),
                          pl.lit(row["nik"][0][:12] + "7391").alias("nik"),
                          pl.lit("3201019988776655").alias("nkk"))
    a1 = me.with_columns(pl.lit("A1").alias("id"), pl.lit(None, pl.Date).alias("tanggal_lahir"),
                         pl.lit(None, pl.String).alias("nkk"),
                         pl.lit(None, pl.String).alias("tempat_lahir"))
    a2 = me.with_columns(pl.lit("A2").alias("id"), pl.lit(None, pl.String).alias("nik"))
    return a1, a2, me.with_columns(pl.lit("A3").alias("id"))


@pytest.fixture
def bridged(tmp_path) -> tuple[Registry, dict[str, str]]:
    """A registry where A3 merged the persons of A1 and A2; the ids they had before."""
    base = voters(300, seed=6).voters
    a1, a2, a3 = _bridged(base)
    reg = Registry.create(tmp_path / "r", base, election_date=ELECTION, u_pairs=50_000)
    first, second = reg.add(a1), reg.add(a2)
    assert first["status"][0] == second["status"][0] == "new"
    before = {"A1": first["person_id"][0], "A2": second["person_id"][0]}
    assert before["A1"] != before["A2"]  # two persons, or the merge below proves nothing
    bridge = reg.add(a3, cycle="2025-Q2")
    assert bridge["status"][0] == "existing"
    return reg, before


def test_merge_keeps_older_id_and_logs_pair(bridged: tuple[Registry, dict[str, str]]) -> None:
    reg, before = bridged
    persons = partition(reg.persons(), "person_id")
    assert persons["A1"] == persons["A2"] == persons["A3"] == before["A1"]  # the older one
    merged = reg.history(before["A2"]).filter(pl.col("kind") == "merged")
    assert merged.height == 1
    assert merged["person_id"][0] == before["A1"] and merged["other"][0] == before["A2"]
    detail = json.loads(merged["detail"][0])
    assert detail["pair"] == ["A2", "A3"] and "tanggal lahir sama" in detail["reasons"]
    assert detail["with_survivor"]["pair"] == ["A1", "A3"]
    assert "NIK sama" in detail["with_survivor"]["reasons"]
    assert reg.history(before["A1"]).equals(reg.history(before["A2"]))  # one person's story


def test_remove_of_a_bridge_splits_the_person(bridged: tuple[Registry, dict[str, str]]
                                              ) -> None:
    reg, before = bridged
    out = reg.remove(["A3"], reason="TMS-4", who="PPS")
    assert out.to_dicts() == [{"id": "A3", "person_id": before["A1"]}]
    persons = partition(reg.persons(), "person_id")
    # {A1} and {A2} tie on size: the part holding the smallest record id keeps the id
    assert persons["A1"] == before["A1"]
    fresh = persons["A2"]
    assert fresh not in (before["A1"], before["A2"])  # ids are never reused
    split = reg.history(before["A1"]).filter(pl.col("kind") == "split")
    assert split.height == 1 and split["person_id"][0] == fresh
    assert split["other"][0] == before["A1"]
    assert json.loads(split["detail"][0]) == {"records": ["A2"], "after_removal": ["A3"]}
    assert reg.history(fresh)["kind"].to_list() == ["split"]
    # on disk as in memory, and the removed record links nobody in later adds
    again = Registry.open(reg._store.folder)
    assert partition(again.persons(), "person_id") == persons
    base = voters(300, seed=6).voters
    late = base[:1].with_columns(pl.lit("ZULKARNAEN WIRAHADIKUSUMA").alias("nama"),
                                 pl.lit("A4").alias("id"), pl.lit(None, pl.String).alias("nik"),
                                 pl.lit(None, pl.String).alias("nkk"))
    again.add(late)
    after = partition(again.persons(), "person_id")
    assert after["A1"] != after["A2"]


def test_remove_marks_and_logs(tmp_path, listed: pl.DataFrame) -> None:
    reg = Registry.create(tmp_path / "r", listed[:200], election_date=ELECTION, u_pairs=50_000)
    gone = str(listed["id"][5])
    out = reg.remove([gone], reason="TMS-1", who="PPS")
    assert out["id"].to_list() == [gone]
    assert gone not in reg.persons()["id"].to_list()
    assert gone in reg.persons(include_removed=True)["id"].to_list()
    history = reg.history(out["person_id"][0])
    removed = history.filter(pl.col("kind") == "removed")
    assert json.loads(removed["detail"][0]) == {"reason": "TMS-1", "who": "PPS"}
    assert gone not in reg.match(listed[5:6])["id"].to_list()
    assert len(Registry.open(tmp_path / "r")) == 199
    with pytest.raises(InvalidParameterError, match="not in the registry"):
        reg.remove(["nope"], reason="TMS-1")


def test_match_finds_the_person_and_by_nik_hash(tmp_path, listed: pl.DataFrame) -> None:
    reg = Registry.create(tmp_path / "r", listed[:300], election_date=ELECTION, u_pairs=50_000)
    query = listed[7:8].drop("id")
    found = reg.match(query, top=3)
    assert found["id"][0] == listed["id"][7]
    assert found["match_probability"][0] > 0.99 and found["reasons"][0]
    assert found.height <= 3
    record = {k: v for k, v in listed[7:8].to_dicts()[0].items() if k != "id"}
    assert reg.match(record)["id"][0] == listed["id"][7]
    nik = listed["nik"][7]
    cleaned = reg._state.records["nik"][7]
    if cleaned is not None:
        by_hash = reg.match(None, nik_hash=reg.hash_nik(nik))
        assert listed["id"][7] in by_hash["id"].to_list()
        assert nik not in repr(reg.hash_nik(nik))
        # the columns and dtypes match() documents (once: no match_weight, no reasons)
        assert by_hash.schema == found.schema
        assert by_hash["match_weight"].is_null().all()
        assert set(by_hash["reasons"]) == {"NIK sama: dicari dengan hash NIK, tanpa skor"}
        english = reg.match(None, nik_hash=reg.hash_nik(nik), lang="en")["reasons"]
        assert set(english) == {"same NIK: found by NIK hash, not scored"}
        with pytest.raises(InvalidParameterError, match="lang"):
            reg.match(None, nik_hash=reg.hash_nik(nik), lang="fr")


def test_match_agrees_with_batch_scores(tmp_path, listed: pl.DataFrame) -> None:
    """A look-up of a held record scores its duplicate as the add path stored it."""
    reg = Registry.create(tmp_path / "r", listed[:400], election_date=ELECTION, u_pairs=50_000)
    found = reg.match(listed[:400], top=2)
    persons = partition(reg.persons(), "person_id")
    for q, rows in found.group_by("query"):
        vetoes = [VERDICTS[v] for v in VETOES]  # a domain rule keeps such pairs apart
        hits = rows.filter((pl.col("match_probability") >= 0.9)
                           & ~pl.col("verdict").is_in(vetoes))
        own = persons[str(listed["id"][int(q[0])])]  # type: ignore[index]
        assert all(persons[i] == own for i in hits["id"].to_list())


def test_assign_rules() -> None:
    taken = {person_id("a", lambda p: False)}
    fresh = person_id("a", lambda p: p in taken)
    assert fresh not in taken and fresh.startswith("P")
    # a split: P1's larger part keeps it, the other part gets a new id
    out = assign(np.array([0, 0, 2]), ["a", "b", "c"], ["P1", "P1", "P1"], {"P1": 1},
                 lambda p: False)
    assert out.person[:2] == ["P1", "P1"] and out.person[2] != "P1"
    assert out.split == [(out.person[2], "P1")]
    # a merge: the older person survives; ties go to the smaller id
    out = assign(np.array([0, 0]), ["a", "b"], ["P9", "P2"], {"P9": 1, "P2": 1}, lambda p: False)
    assert out.person == ["P2", "P2"] and out.merged == [("P9", "P2")]


def test_create_refuses_a_used_folder(tmp_path, listed: pl.DataFrame) -> None:
    Registry.create(tmp_path / "r", listed[:50], election_date=ELECTION, u_pairs=10_000)
    with pytest.raises(InvalidParameterError, match="not empty"):
        Registry.create(tmp_path / "r", listed[:50], election_date=ELECTION)
    with pytest.raises(sidalih.errors.DataFileError):
        Registry.open(tmp_path / "missing")


def test_row_numbers_as_ids_are_refused(tmp_path, listed: pl.DataFrame) -> None:
    # a DPT numbers NO per TPS: deduplicate reads or numbers rows for one run, but a
    # registry would keep those numbers as ids for life and the next batch's numbers
    # would name other voters; it asks for an id column, naming NO
    dpt = listed[:300].drop("id").with_columns(
        pl.when(pl.int_range(pl.len()) < 150).then(pl.lit("001")).otherwise(pl.lit("002"))
        .alias("tps"))
    dpt = dpt.with_columns((pl.int_range(pl.len()).over("tps") + 1).cast(pl.String).alias("NO"))
    ColumnNotFoundError = sidalih.errors.ColumnNotFoundError
    with pytest.raises(ColumnNotFoundError, match="row number 'NO' .*give an 'id' column"):
        Registry.create(tmp_path / "r", dpt[:200], election_date=ELECTION, u_pairs=10_000)
    assert not (tmp_path / "r").exists()
    with pytest.raises(ColumnNotFoundError, match="no id column .*give an 'id' column"):
        Registry.create(tmp_path / "r", dpt.drop("NO"), election_date=ELECTION)
    reg = Registry.create(tmp_path / "r", listed[:200], election_date=ELECTION, u_pairs=10_000)
    # one TPS: NO 1..150 does not repeat, and is still no id a later batch keeps
    for batch in (dpt[150:], dpt, dpt.drop("NO")):
        with pytest.raises(ColumnNotFoundError, match="give an 'id' column"):
            reg.add(batch, cycle="2025-Q1")
    assert len(reg) == 200  # nothing was added
    assert Registry.open(tmp_path / "r").persons()["id"].to_list() == \
        listed[:200]["id"].cast(pl.String).to_list()  # the ids given, not row numbers


def test_no_full_nik_in_outputs(tmp_path, listed: pl.DataFrame) -> None:
    reg = Registry.create(tmp_path / "r", listed[:100], election_date=ELECTION, u_pairs=10_000)
    with pytest.raises(InvalidParameterError) as info:
        reg.remove([listed["nik"][0]], reason="TMS-1")
    assert listed["nik"][0] not in str(info.value)


def test_match_reads_kpu_headers_as_add_does(tmp_path, listed: pl.DataFrame) -> None:
    from sidalih.synth import kpu_style

    reg = Registry.create(tmp_path / "kpu", listed[:300], election_date=ELECTION, u_pairs=50_000)
    query = kpu_style(listed[:3])  # NO (the list's own ids), NIK, NAMA, ...
    assert "NO" in query.columns
    found = reg.match(query, top=1)
    assert found["query"].to_list() == [0, 1, 2]
    assert found["id"].to_list() == listed[:3]["id"].cast(pl.String).to_list()


def test_create_on_a_list_with_no_candidate_pair_keeps_the_default_model(tmp_path) -> None:
    few = pl.DataFrame({
        "id": ["1", "2", "3"],
        "nama": ["Siti Aminah", "Budi Santoso", "Agus Salim"],
        "nik": ["3271014101900001", "3271010202850003", "3273010303800002"],
        "tanggal_lahir": ["01-01-1990", "02-02-1985", "03-03-1980"],
    })
    reg = Registry.create(tmp_path / "few", few, election_date=ELECTION, max_block_size=50)
    assert reg.persons()["person_id"].n_unique() == 3
    assert reg._state.settings.max_block_size == 50  # the registry's own settings
    again = Registry.open(tmp_path / "few")
    added = again.add(pl.DataFrame({"id": ["9"], "nama": ["SITI AMINAH"],
                                    "nik": ["3271014101900001"], "tanggal_lahir": ["01-01-1990"],
                                    "jenis_kelamin": ["P"]}))
    first = again.persons().filter(pl.col("id") == "1")["person_id"].item()
    assert added["person_id"].to_list() == [first]


def _serial_typo(frame: pl.DataFrame) -> pl.DataFrame:
    """The same voters registered again: every field as before, the NIK's serial + 8."""
    serial = (pl.col("nik").str.slice(12).cast(pl.Int32) + 8) % 10_000
    return frame.with_columns(id=pl.col("id") + "t",
                              nik=pl.col("nik").str.slice(0, 12)
                              + serial.cast(pl.String).str.zfill(4))


def test_a_registry_of_a_clean_list_finds_reregistrations(tmp_path) -> None:
    """A list with no duplicates left (a DPT already checked) fixed the registry's prior
    at its own, near 0 (6e-8 for these 2,900 voters): every voter registered again with
    a slip in the NIK's serial became a new person, while sidalih.deduplicate of the same
    records merged each one. The prior is now floored at the default model's duplicates
    per record; twins, fathers and sons, namesakes and a NIK held by two people, added
    after their look-alike was registered, still get persons of their own.

    Only copies with a real birth date are asserted: with a placeholder date the default
    weighs such a pair near 0.5, and deduplicate merges them only because it learns the
    serial slip from these very copies (with 10 of them it leaves them apart too).
    """
    listed = voters(3_000, seed=11)
    original = pl.Series(listed.truth["record_kind"] == "original")
    clean = listed.voters.filter(original).filter(pl.col("nik").str.contains(r"^\d{16}$"))
    lookalikes = listed.lookalike_pairs().filter(pl.col("id_l").is_in(clean["id"].implode())
                                                 & pl.col("id_r").is_in(clean["id"].implode()))
    assert set(lookalikes["kind"]) >= {"twin", "father_son", "namesake_placeholder"}
    later = clean.filter(pl.col("id").is_in(lookalikes["id_r"].implode()))
    first = clean.filter(~pl.col("id").is_in(lookalikes["id_r"].implode()))
    again = _serial_typo(first.filter(~pl.col("id").is_in(lookalikes["id_l"].implode()))
                         .sample(40, seed=1))
    reg = Registry.create(tmp_path / "clean", first, election_date="2024-02-14")
    floor = sidalih.engine._model.default_lambda(first.height, {"lambda_prior": "default"})
    assert reg._state.model.fs.lambda_ >= floor > 1e-6
    added = reg.add(pl.concat([again, later]), cycle="2025-Q1")
    person = partition(pl.concat([reg.persons(), added.select("id", "person_id")]),
                       "person_id")
    real = again.filter(~pl.Series(sidalih.dates.is_placeholder(again["tanggal_lahir"])))
    assert real.height >= 30
    missed = [i for i in real["id"] if person[i] != person[i[:-1]]]
    assert missed == []
    members: dict[object, set[str]] = {}
    for record, pid in person.items():
        members.setdefault(pid, set()).add(record)
    # a copy with a placeholder date may stay apart, but joins no one else
    assert [i for i in again["id"] if not members[person[i]] <= {i, i[:-1]}] == []
    kept = [(row["kind"], row["id_l"], row["id_r"]) for row in lookalikes.iter_rows(named=True)
            if person[row["id_l"]] == person[row["id_r"]]]
    assert kept == []


def test_wrong_argument_types_are_typed_errors(tmp_path, listed: pl.DataFrame) -> None:
    from sidalih.errors import InputTypeError

    reg = Registry.create(tmp_path / "types", listed[:200], election_date=ELECTION,
                          u_pairs=50_000)
    held = reg.persons()["id"][0]
    with pytest.raises(InputTypeError, match="person_id"):
        reg.history([reg.persons()["person_id"][0]])  # type: ignore[arg-type]
    for since in ("x", -1, True, 1.5):
        with pytest.raises(InvalidParameterError, match="since"):
            reg.events(since=since)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="list of record ids"):
        reg.remove(None, reason="TMS-1")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="put it in a list"):
        reg.remove(held, reason="TMS-1")
    assert len(reg) == 200  # nothing was removed
    # one NIK, one hash: a list was read as its text (hash_nik) or found no one (match)
    nik = listed[:200].filter(pl.col("nik").str.contains(r"^\d{16}$"))["nik"][0]
    with pytest.raises(InputTypeError, match="nik must be one NIK"):
        reg.hash_nik([nik])  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="nik_hash must be one hash"):
        reg.match(None, nik_hash=[reg.hash_nik(nik)])  # type: ignore[arg-type]
    assert reg.match(None, nik_hash=reg.hash_nik(nik)).height >= 1
    assert reg.remove(np.array([held]), reason="TMS-1").height == 1
