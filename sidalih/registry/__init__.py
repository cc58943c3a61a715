"""A persistent voter registry: stable person ids across update cycles, fast look-ups, an audit trail.

Use (:class:`Registry` has the runnable examples)::

    reg = Registry.create("dpt", voters, election_date="2029-02-14")
    reg.match({"nama": "SITI AMINAH", "tanggal_lahir": "1990-01-01"}, top=5)
    reg.add(frame, cycle="2025-Q1")
    reg.remove(["17"], reason="TMS-1")
    reg.persons(); reg.history("P95bc5b0ad6a3")

The store
---------
One SQLite database (Python's standard library, no server) in WAL mode, in a folder
(:mod:`._store` lists the tables). Why SQLite: a transaction commits every table of one
``add`` or ``remove`` together or not at all, and a process killed at any moment
(SIGKILL, power loss with ``synchronous=FULL``) leaves the database at the last commit,
so :meth:`Registry.open` always succeeds and shows the registry before or after a call;
WAL lets any number of readers open the registry while one writer updates it, each
reader seeing one commit. The prepared records are kept as Parquet bytes inside the
database, one blob per commit, and so are the scored pairs that decide clusters (most
of them cannot-link pairs, kept as two row numbers), so opening 1M records reads a few
compressed columns instead of millions of SQL rows, and no file outside the database
can disagree with it. One writer at a time: ``add``/``remove`` take an ``fcntl.flock``
on ``writer.lock`` without waiting; a second writer gets
:class:`~sidalih.errors.RegistryLockedError`. ``create`` builds the folder beside its
target and renames it into place.

What a write costs
------------------
An ``add`` costs its batch and the persons it reaches, not the registry: the key index
(:mod:`._index`) and the term-frequency counts (:mod:`._freq`) are extended in place of a
rebuild and give exactly what a rebuild gives (tests compare them), links are found
through row masks, and only the batch's rows are written. ``remove`` likewise takes its
rows out of the index and the counts. A reader keeps the snapshot it opened, so a look-up never
waits for a writer; :meth:`Registry.refresh` reads later commits (a writer reloads by
itself when another writer committed since it read).

Person ids
----------
* A new person's id is ``"P"`` + 12 hex digits of BLAKE2b over the smallest record id
  among its records when it is created (with ``#1``, ``#2``... appended if that id was
  ever given), so ids depend on which records form a person, never on row order.
* Ids are never reused or renumbered. A new record joins the person it matches. When
  records link two persons they merge: the older one (created in an earlier commit;
  tie: the smaller id) keeps its id, the other becomes its alias, and a ``merged``
  event holds the pair that caused it and its reasons. When re-clustering parts a
  person, the part with most of its records (tie: the part holding its smallest record
  id) keeps the id and the other part gets a new one (a ``split`` event).
* What decides the clusters is the batch run's rule on the affected component (the new
  records, the persons they match and everyone those reach through links above the
  threshold): strongest pair first, never across a domain veto, from the pairs stored
  at earlier commits plus the new ones, rows ordered by record id. So the partition
  does not depend on the order of the rows, and it agrees with
  :func:`sidalih.deduplicate` on the whole list (pairwise F1 >= 0.99 in the tests).
  An id does depend on which records were there when its person was created: a
  person created from record 7 keeps ``P(7)`` when record 3 joins it later.
* A removed record links nobody any more. When it held a person together, ``remove``
  re-clusters what it touched, as a batch run without it would: the person splits (the
  part with most records, tie: the one holding the smallest record id, keeps the id; the
  other gets a new one and a ``split`` event names the removal), and a part freed from a
  veto may merge into another person.

Order independence, and where it stops
--------------------------------------
The same records added as the same batches in any row order give the same persons and
ids. Other batches or another order of batches give nearly the same partition, not
always the same one (pairwise F1 0.98 between two orders on a 1,500-record list in the
tests; the batch-equivalence floor, F1 >= 0.99 against :func:`sidalih.deduplicate`,
holds for each), for two reasons, both kept on purpose:

* a pair is scored once, when its later record arrives, with the term frequencies of
  the registry at that moment, and its weight is stored; a pair near the threshold can
  land on either side depending on what had arrived (in the tests, two records on one
  placeholder birth date weigh 3.35 bits with the frequencies of 1,150 records and 3.15
  with those of all 1,500, around a threshold of 3.17: one add order keeps them apart
  as the batch run does, the other joins them);
* a blocking key whose block has grown past the bound is refined from then on, so a pair
  sharing only the coarse key is scored if its later record came before the block grew,
  and not after; the batch run sees only the final sizes.

Making both exact means re-scoring every stored pair whose weight could change at every
commit, that is every pair of every record whose name or birth date became more or less
common, with every block that crossed the bound: a cost proportional to the registry,
not to the batch, which the look-up and ``add`` budgets cannot pay at 1M records.
Freezing the frequencies at ``create`` would make the weights order-free but drift from
the batch run as the list changes (a name first seen after ``create`` has no frequency).

Term frequencies and the model
------------------------------
The model is fitted once by :meth:`Registry.create` (the batch run's fit) and saved in
the database. Each term-frequency column's values are counted over the records held
(per regency too, as the engine does) and a row's frequency is computed from the counts
when the row is scored, so a look-up scores with the whole registry's frequencies.

Look-ups
--------
:meth:`Registry.match` prepares the record, hashes its blocking keys at every level of
the index in one frame operation (which keys are missing is read from the record's
Python values), gathers the held rows it shares a block with into one small frame with
their frequencies, and scores it with the engine's one ``score_pairs``, whose comparisons
build a few dozen rows' arrays from Python values rather than through polars
(:mod:`sidalih.compare._columns`); only the best ``top`` pairs are worded. Scores,
verdicts and reasons are those of the general paths (``tests/test_registry_lookup.py``).

Beyond one machine (the national ~205M records; on paper)
---------------------------------------------------------
A regency updates its own list, and almost every blocking key (NIK prefixes, village,
district) sits inside one province, so the registry partitions by province (the first
two NIK digits, or ``kode_desa``'s for records without a NIK): 38 registries of at most
~40M records (West Java), each a folder like this one on its own machine. At ~1 KB per
record in memory (prepared columns, key hashes), one 64 GB machine holds a province up
to ~40M, or several small ones. A look-up routes by the record's NIK prefix (or its
village code) to its province's registry; a record with neither, or a mover whose NIK
province differs from the village's, is sent to both and the answers merged by
probability. Person ids carry no province, so a record moving province keeps its id
when the two registries exchange the mover (a removal with reason ``TMS-moved`` in one,
an add in the other, the id given in the event). This package builds one registry.
"""

from sidalih.registry._registry import Registry

__all__ = ["Registry"]
