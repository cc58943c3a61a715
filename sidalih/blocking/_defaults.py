"""Default blocking rules for prepared voter records, and the default size bounds.

Each kind of non-identical duplicate (DOMAIN.md) has at least two routes into a block:

=============================  =====================================================
difference between records     rules that still pair them
=============================  =====================================================
NIK digit typo                 12-digit prefix (serial typo); NIK halves (1-8; 9-16
                               with the regency or the place of birth) or straddle
                               (1-7 + 10-16) with the first-name key; name + date
                               rules; family card
changed name spelling          exact NIK; NIK rules with the first-name key; token
                               key + date + regency; first-name key + year +
                               district; family card
day and month swapped          exact NIK; token key + swap-proof date + regency;
                               first-name key + year + district; village + name
                               key; token key + district + swap-proof day/month
year typo                      exact NIK; first-name key + NIK; village + name key;
                               token key + district + day/month; family card
every name key changed         exact NIK; family card; district + birth date (not a
                               placeholder)
moved to another village       exact NIK; NIK halves; name + date rules
moved to another regency       exact NIK (a NIK is for life); NIK 1-8, 12-digit
                               prefix, straddle, or NIK 9-16 + first-name key + birth
                               place for one NIK typo; name key, token key,
                               first-name key or last word + birth date + birth place
                               (national)
masked NIK (last 4 hidden)     12-digit prefix; name + date rules
=============================  =====================================================

No rule uses the birth date or a name alone: placeholder dates (01-07, 31-12, 01-01)
and common names make national blocks of hundreds of thousands.

**No block grows with the list.** Every rule holds an identity key (NIK, its 12-digit
prefix, family card) or a place: the address (village, district, regency), the district
of registration (NIK digits 1-6) or the place of birth. A key of name and date alone
would be national: its blocks, and each record's candidate pairs, would grow in
proportion to the list (``benchmarks/README.md``, blocking: 10.9 candidate pairs per
record at 100k, 14.8 at 1M and 49.1 at 10M before the rules below were bounded; 10.5,
11.2 and 12.5 after). The three rules that were national are bounded by the place that
the duplicate they exist for keeps:

- NIK digits 9-16 (birth date and serial) + first name is for a typo in digits 1-8;
  serial ``0001`` on one date exists in every district, so the rule adds the regency
  of the address. For someone who also moved regency a second rule adds the place of
  birth instead (a placeholder date or a changed name leaves the name + date + birth
  place rules nothing to pair: on the independent generator's lists this rule took
  mean F1 0.9740 to 0.9752 with no false pair added; benchmarks/README.md, session 17).
- Token key + swap-proof date adds the regency: within a regency it still pairs a
  respelled name with a swapped date; between regencies a mover keeps the NIK.
- Name key + birth date keeps no address at all, for the one case no other rule
  catches: moved to another regency *and* a missing or changed NIK. It adds the place
  of birth instead, which a move does not change, keyed as the regency it names
  (:func:`birthplace_key`: a town on one record and its regency or district on the
  other, Maumere / Sikka, are one place); its blocks are the people of one
  name born on one day in one place, a handful nationally except on placeholder dates,
  which the size bound splits (by sex, then regency). Without ``tempat_lahir_norm``
  the rule is skipped and reported. Two more rules take that route for a mover whose
  name changed as well (token key or first-name key + a real birth date, each with the
  place of birth); see benchmarks/README.md (model, session 16) for what they find on
  lists from a generator written apart from this project.

A look-up of one record by name and birth date alone names no place: it needs the
national name + date rule, which ``default_rules(lookup=True)`` adds last.

Why the bounds: a block of ``b`` rows costs ``b(b-1)/2`` comparisons, while a real
duplicate group has two or three records; a block of thousands means the key stopped
identifying people (a placeholder date, a very common name; junk NIKs, one digit
repeated, the row's family card or a clerk's dummy on many rows, never make a block: the
prepared table holds them as missing, see :mod:`sidalih.prepare`). At 2,000 rows a block
gives about 2 million pairs (a fraction of a second of comparison) and any row meets at
most 1,999 others per rule, so a national run cannot be dominated by a few keys. A window of 100 in the sorted-neighbourhood fallback keeps
each row's 99 nearest records on each side of the sort order.

The bound caps each block, not the list: where one place holds most records (a
million rows under one ``kode_desa``), every block of a place rule reaches it, and the
plan grew to over a billion pairs. An in-memory run therefore also plans within a pair
budget (``max_pairs``: what half the machine's memory holds, :mod:`sidalih._memory`),
halving the bound until the plan fits and saying so in the report.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from sidalih.blocking._rules import BlockingRule, block_on

__all__ = ["default_rules", "placeless_rules", "birthplace_key", "birthplace_key_of", "MAX_BLOCK_SIZE", "WINDOW",
           "CHUNK_PAIRS"]

MAX_BLOCK_SIZE = 2_000
WINDOW = 100
CHUNK_PAIRS = 10_000_000


def _nik(start: int, length: int) -> pl.Expr:
    return pl.col("nik").str.slice(start, length)


def _rule(*keys: str | pl.Expr, name: str | None = None, refine_with: list[str]) -> BlockingRule:
    # Default rules are optional (skipped when columns are absent); the neighbourhood
    # fallback sorts by the normalised name so near spellings stay together.
    return block_on(*keys, name=name, refine_with=refine_with, sort_by="nama_norm", required=False)


def _swap_proof() -> pl.Expr:
    date = pl.col("tanggal_lahir")
    day, month = date.dt.day().cast(pl.Int32), date.dt.month().cast(pl.Int32)
    # year, smaller and larger of day/month: equal for 03-07-1980 and 07-03-1980
    return (
        date.dt.year().cast(pl.Int32) * 10_000
        + pl.min_horizontal(day, month) * 100
        + pl.max_horizontal(day, month)
    ).alias("tgl_swapfree")


def last_word() -> pl.Expr:
    """The normalised name's last word, as written (a blocking key beside the phonetic
    keys of the first and the longest word).

    >>> pl.DataFrame({"nama_norm": ["hendrk wijaya", "vivin lim", "sri", None]}).select(
    ...     last_word())["nama_kata_akhir"].to_list()
    ['wijaya', 'lim', 'sri', None]
    """
    return pl.col("nama_norm").str.extract(r"(\S+)$").alias("nama_kata_akhir")


def birthplace_key() -> pl.Expr:
    """The place of birth as a blocking key: the regency it names where it names one
    without doubt (Maumere and Kab. Sikka are one key, ``sikka``), else the place as
    written (normalised).

    A mover keeps the place of birth but not the way a clerk writes it: a town on one
    record and its regency on the other paired no rule of the national route, where
    the NIK was missing too. The key's blocks are a regency's people of one name and
    birth date: a handful, except on placeholder dates, which the size bound splits.

    Each distinct place is read once (:func:`birthplace_key_of`): a list writes a few
    thousand places for a million records, and reading each row took 0.56 s at 1M
    records, against 0.04 s. The key stays one polars expression, so a saved model's
    rules keep it (``Expr.meta.serialize``).

    >>> pl.DataFrame({"tempat_lahir_norm": ["maumere", "sikka", "sukajadi", None]}).select(
    ...     birthplace_key())["tempat_lahir_kab"].to_list()
    ['sikka', 'sikka', 'sukajadi', None]
    """
    place = pl.col("tempat_lahir_norm").cast(pl.String)
    # in the order first seen, so that the two readings of it below align
    distinct = place.drop_nulls().unique(maintain_order=True)
    return place.replace_strict(distinct, birthplace_key_of(distinct), default=None,
                                return_dtype=pl.String).alias("tempat_lahir_kab")


def birthplace_key_of(place: pl.Expr) -> pl.Expr:
    """:func:`birthplace_key` read row by row from ``place`` (an expression of
    ``tempat_lahir_norm``'s values), for a plan that groups rows by it lazily.

    >>> pl.DataFrame({"p": ["maumere", "sukajadi", None]}).select(
    ...     birthplace_key_of(pl.col("p")))["p"].to_list()
    ['sikka', 'sukajadi', None]
    """
    from sidalih.regions._birthplaces import regency_named

    return pl.coalesce(regency_named(place), place)


def _all_rules() -> list[BlockingRule]:
    date = pl.col("tanggal_lahir")
    day, month = date.dt.day().cast(pl.Int32), date.dt.month().cast(pl.Int32)
    # year, smaller and larger of day/month: equal for 03-07-1980 and 07-03-1980
    swap_proof = (
        date.dt.year().cast(pl.Int32) * 10_000
        + pl.min_horizontal(day, month) * 100
        + pl.max_horizontal(day, month)
    ).alias("tgl_swapfree")
    informative_date = (
        pl.when(pl.col("tgl_placeholder").not_())
        .then(date)
        .alias("tanggal_lahir_bukan_placeholder")
    )
    day_month = (pl.min_horizontal(day, month) * 100 + pl.max_horizontal(day, month)).alias(
        "hari_bulan_swapfree"
    )
    birthplace = birthplace_key()
    straddle = pl.concat_str([_nik(0, 7), _nik(9, 7)]).alias("nik_1_7+10_16")
    return [
        _rule("nik", refine_with=["nama_first_key", "tanggal_lahir"]),
        # 12 digits = registration district + birth date: a serial typo, or a masked copy;
        # a handful of people per key except on placeholder dates, hence the refinement
        _rule("nik_masked12", refine_with=["kode_kec", "nama_first_key"]),
        _rule(
            _nik(0, 8).alias("nik_1_8"),
            "nama_first_key",
            refine_with=["birth_year"],
        ),
        # serial 0001 of one birth date exists in every district: the address's regency
        # keeps the block to a few districts however many the list holds
        _rule(
            _nik(8, 8).alias("nik_9_16"),
            "nama_first_key",
            "kode_kab",
            refine_with=["kode_kec"],
        ),
        _rule(straddle, "nama_first_key", refine_with=["kode_kec"]),
        # the same typo in a mover to another regency: the place of birth, which a move
        # does not change, bounds the block as the regency does above (a date of birth
        # and serial, one first name, one birth place: a handful nationally)
        _rule(
            _nik(8, 8).alias("nik_9_16"),
            "nama_first_key",
            birthplace,
            refine_with=["jenis_kelamin", "kode_kab"],
        ),
        # the national route (a mover whose NIK is missing or changed): the place of
        # birth survives a move and bounds the block as an address would; the date with
        # its day and month in either order, as a clerk swaps them (07-02 / 02-07: seven
        # such movers of one generator's 10,000 were paired by no rule)
        _rule(
            "nama_key",
            swap_proof,
            birthplace,
            refine_with=["jenis_kelamin", "kode_kab"],
        ),
        # the same route for a mover whose name changed too: a token dropped, reordered
        # or respelled keeps the most informative token's key or the first name's (on a
        # real date: a placeholder shared with a whole district's people of one first
        # name made blocks of thousands). Name key + birth year + birth place (a date
        # changed as well) was tried: its blocks grow with the list (0.21 new pairs per
        # record at 1M, 0.36 at 3M), so it is left out
        _rule("nama_token_key", informative_date, birthplace,
              refine_with=["jenis_kelamin", "kode_kab"]),
        _rule("nama_first_key", informative_date, birthplace,
              refine_with=["jenis_kelamin", "kode_kab"]),
        # ... and for a slip in the name's longest or first word, which are the two
        # keys above (Hendrk Wijaya, Augstinus Parera, Vivin Lim), its last word as
        # written: a surname or a second given name, kept by a mover with the birth
        # date and place (16 such movers without a NIK among 44 lists of five other
        # generators were paired by no rule, 15 of them one person at p 0.8 or more)
        _rule(last_word(), informative_date, birthplace,
              refine_with=["jenis_kelamin", "kode_kab"]),
        _rule(
            "nama_token_key",
            swap_proof,
            "kode_kab",
            refine_with=["kode_kec", "kode_desa"],
        ),
        _rule(
            "nama_first_key",
            "birth_year",
            "kode_kec",
            refine_with=["jenis_kelamin", "kode_desa"],
        ),
        # a family card holds a handful of voters: blocking on it alone is cheap and
        # survives a respelled name; junk cards shared by thousands get refined
        _rule("nkk", refine_with=["nama_first_key", "tanggal_lahir"]),
        _rule("kode_desa", "nama_key", refine_with=["birth_year"]),
        _rule(
            "nama_token_key",
            "kode_kec",
            day_month,
            refine_with=["kode_desa", "birth_year"],
        ),
        # No name at all: a district and a real birth date are rare enough together to
        # pair records whose every name key changed; placeholder dates are left out.
        _rule("kode_kec", informative_date, refine_with=["jenis_kelamin", "kode_desa"]),
    ]


def _lookup_rule() -> BlockingRule:
    # Name and birth date alone, nationally: what a look-up of one record by name and
    # birth date needs. Its blocks grow with the list (0.03 pairs per record at 100k,
    # 1.18 at 10M on the generator), so lists are never deduplicated with it.
    return _rule("nama_key", "tanggal_lahir", name="nama_key+tanggal_lahir",
                 refine_with=["tempat_lahir_norm", "kode_kab", "kode_kec", "kode_desa"])


def placeless_rules(columns: Sequence[str]) -> list[BlockingRule]:
    """Rules for a list of names and birth dates that names no place, NIK or family card.

    Every default rule holds an identity key or a place, so that no block grows with
    the list; a list without any of them (an analyst's spreadsheet of names and birth
    dates) would get no candidate pair. Its keys are then the name with the birth date,
    nationally: the name key with the date (as a registry's look-up), the token key
    with the swap-proof date (a respelled name, day and month swapped) and the first
    name's key with the date (a dropped or added token). Blocks grow with such a list;
    the size bound splits a placeholder date's. Empty where a default rule applies or
    the list lacks a name key or a birth date.

    Examples
    --------
    >>> [r.name for r in placeless_rules(["nama_key", "nama_token_key", "tanggal_lahir"])]
    ['nama_key+tanggal_lahir', 'nama_token_key+tgl_swapfree']
    >>> placeless_rules(["nik", "nama_key", "tanggal_lahir"])
    []
    """
    if default_rules(columns):
        return []
    rules = [
        _lookup_rule(),
        _rule("nama_token_key", _swap_proof(), refine_with=["jenis_kelamin"]),
        _rule("nama_first_key", "tanggal_lahir", refine_with=["jenis_kelamin"]),
    ]
    present = set(columns)
    return [r for r in rules if set(r.columns()) <= present]


def default_rules(columns: Sequence[str] | None = None, *,
                  lookup: bool = False) -> list[BlockingRule]:
    """The default rules for prepared voter records, strongest first.

    Parameters
    ----------
    columns
        When given, only the rules whose key columns are all among ``columns``.
        Without it, every default rule; :func:`candidate_pairs` then skips (and reports)
        the rules whose columns a frame lacks.
    lookup
        Add, last, the national name + birth date rule that finding a record by name
        and birth date alone needs (a registry's look-up of one record: the query
        names no place). Its blocks grow with the list it searches, so a look-up costs
        more in a larger registry; deduplicating a list never needs it (the rules above
        pair every kind of duplicate within a bounded block).

    Examples
    --------
    >>> [r.name for r in default_rules(["nik", "nama_first_key", "nama_key", "kode_desa"])]
    ['nik', 'nik_1_8+nama_first_key', 'nik_1_7+10_16+nama_first_key', 'kode_desa+nama_key']
    >>> len(default_rules()), default_rules(lookup=True)[-1].name
    (16, 'nama_key+tanggal_lahir')
    """
    rules = _all_rules() + ([_lookup_rule()] if lookup else [])
    if columns is None:
        return rules
    present = set(columns)
    return [r for r in rules if set(r.columns()) <= present]
