"""A persistent voter registry: stable person ids across update cycles, fast look-ups, an audit trail.

>>> from sidalih.registry import Registry           # doctest: +SKIP
>>> reg = Registry.create("dpt", voters, election_date="2029-02-14")  # doctest: +SKIP
>>> reg.match({"nama": "SITI AMINAH", "tanggal_lahir": "1990-01-01"})  # doctest: +SKIP
>>> reg.add(frame, cycle="2025-Q1"); reg.remove(["17"], reason="TMS-1")  # doctest: +SKIP
>>> reg.persons(); reg.history("P95bc5b0ad6a3")     # doctest: +SKIP

The store
---------
One SQLite database (Python's standard library, no server) in WAL mode, in a folder
(:mod:`._store` lists the tables). Why SQLite: a transaction commits every table of one
``add`` or ``remove`` together or not at all, and a process killed at any moment
(SIGKILL, power loss with ``synchronous=FULL``) leaves the database at the last commit,
so :meth:`Registry.open` always succeeds and shows the registry before or after a call;
WAL lets any number of readers open the registry while one writer updates it, each
reader seeing one commit. The prepared records are kept as Parquet bytes inside the
database, one blob per commit, so opening 1M records reads a few compressed columns
instead of 1M SQL rows, and no file outside the database can disagree with it. One
writer at a time: ``add``/``remove`` take an ``fcntl.flock`` on ``writer.lock``
without waiting; a second writer gets :class:`~sidalih.errors.RegistryLockedError`.
``create`` builds the folder beside its target and renames it into place.

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

Term frequencies and the model
------------------------------
The model is fitted once by :meth:`Registry.create` (the batch run's fit) and saved in
the database. Each term-frequency column's frequency is counted over the records held
and attached to every row, so a look-up scores with the whole registry's frequencies.

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
