"""A persistent voter registry: stable person ids across update cycles, fast look-ups, an audit trail.

Use (:class:`Registry` has the runnable examples)::

    reg = Registry.create("dpt", voters, election_date="2029-02-14")
    reg.match({"nama": "SITI AMINAH", "tanggal_lahir": "1990-01-01"}, top=5)
    reg.add(frame, cycle="2025-Q1")
    reg.remove(["17"], reason="TMS-1")
    reg.persons(); reg.history("P95bc5b0ad6a3")
    reg.recount()   # term frequencies counted again over the records held

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
(:mod:`._index`) is extended in place of a rebuild and gives exactly what a rebuild
gives (tests compare them), the term-frequency counts (:mod:`._freq`) are frozen, links
are found through row masks, and only the batch's rows are written (with the stored
pairs it drops, when it makes a block pass the bound). ``remove`` likewise takes its
rows out of the index. :meth:`Registry.recount` costs a batch run without its fit. A reader keeps the snapshot it opened, so a look-up never
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
  does not depend on the order of the rows or of the adds (below), and it agrees with
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
For a given ``create`` list (or last recount), the persons are a function of the records
added since,
whatever the order of the rows, the order of the batches and their sizes (the tests
compare random batchings, and two orders of 700 records on a 1,500-record list: the
same partition and the same stored pairs and weights). Two things make it so:

* a pair's weight does not depend on when it is scored: the term frequencies are those
  counted over the ``create`` list (saved: its commit), not the registry's at the time
  of the add, a value first seen later counts as seen once (``1 / n``, or one over its
  regency's records in a large regency), and the pair is scored with the smaller record
  id on the left (whose frequency a term-frequency adjustment reads);
* the pairs held are those of the final block sizes: when an ``add`` makes a block pass
  the bound, the stored pairs of its old rows that the refined block no longer gives are
  dropped (saved with the commit), and the persons they touched are clustered again
  (a ``split`` event lists the pairs no longer compared); a batch run on the final list
  would not have compared them either.

Clustering is then the batch run's (strongest pair first, never across a veto, ties by
record id) on each component the add reaches, which is what it gives on the whole set
of pairs. What stays: a person's *id* depends on which records were there when it was
created (see above); and ``remove`` keeps the key index's refined levels, so a pair
that a block shrunk by removals would give again is not compared until the next
recount (ids and persons after removals may depend on when the removals came); a
removed record stays in the counts until then.

Frozen frequencies drift from the batch run's as the list changes (a name common in
new registrants weighs as if rare); the batch-equivalence floor (pairwise F1 >= 0.99
against :func:`sidalih.deduplicate` on the whole list, 900 records at ``create`` then
600 in three adds) holds in the tests. :meth:`Registry.recount` counts the frequencies
again over the records held, rebuilds the index, re-scores every pair with the saved
model and re-clusters everyone (changes logged as merges and splits); later adds use
the new counts. Cost (a 100k registry, add 10,000; 2 shared cores, three runs each,
warm): 1.0-1.2 s before, 1.1-1.5 s with this (frozen counts cost nothing; finding the
pairs to drop costs the rows of blocks that pass the bound only); a recount of the
110k: 9.6 s.

Term frequencies and the model
------------------------------
The model is fitted once by :meth:`Registry.create` (the batch run's fit) and saved in
the database. Each term-frequency column's values are counted over the records given
to ``create`` (per regency too, as the engine does), or over the records held at the
last :meth:`Registry.recount`; a row's frequency is computed from the counts when the
row is scored, so a look-up scores with the same frequencies as an ``add``.

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
