"""One name per regency for a place of birth written several ways.

A place of birth on a voter record is free text that a clerk copies from a card or hears
at the door, and one person's two records often name their birthplace two ways: the town
and the regency it lies in (Maumere / Sikka, Purwokerto / Banyumas, Balige / Toba), a
district and its regency (Cibinong / Bogor, Lubuk Pakam / Deli Serdang), a city's
administrative part and the city (Jakarta Selatan / Jakarta), an old name and the new
(Ujung Pandang / Makassar, Kutaraja / Banda Aceh, Toba Samosir / Toba), a common
abbreviation (SBY, MKS, DPS) or the name run together (Pematang Siantar /
Pematangsiantar). Compared as text, every such pair "differs", which weighs several
bits against two records of one person. Two lists made by two generators this project
did not write both wrote birthplaces this way: 4-13 % of their duplicates' birthplaces
differed as text, against 0.5 % in ``sidalih.synth``.

So a birthplace is compared by the regency it names where the name says one without
doubt: a regency's own name (Kota and Kabupaten of one name, Bogor, are one place to a
voter), the name of a district found in one regency only, a district name's stem where
the district is cut by compass points (Purwokerto Utara ... Purwokerto Timur), and the
short table below of names that no region table holds. A name that could be two
regencies (a district name used in several) is left as written; two regencies next to
each other (Denpasar and Badung) stay two places.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

__all__ = ["place_name", "regency_named", "birthplace_names", "derive", "FILE"]

#: The shipped table (``scripts/build_birthplaces.py`` writes it from :func:`derive`):
#: deriving it reads every district, too slow for each process that prepares a list.
FILE = "birthplaces.parquet"

#: Places people write for their birth that are no region's current name: old and colonial
#: names, a regency's seat that is not a district of that name, renamed regencies, and
#: abbreviations in common use. Keys are written as :func:`sidalih.prepare.place_name`
#: leaves them, with the spaces removed.
ALIASES: dict[str, str] = {
    # old names of cities
    "ujungpandang": "makassar", "kutaraja": "banda aceh", "koetaradja": "banda aceh",
    "batavia": "jakarta", "buitenzorg": "bogor", "hollandia": "jayapura",
    "sukarnapura": "jayapura", "kotabaru": "jayapura", "fortdekock": "bukittinggi",
    "tanjungkarang": "bandar lampung", "telukbetung": "bandar lampung",
    "tanjungkarangtelukbetung": "bandar lampung", "solo": "surakarta",
    "jogja": "yogyakarta", "jogjakarta": "yogyakarta", "jogyakarta": "yogyakarta",
    "yogya": "yogyakarta", "djokjakarta": "yogyakarta", "jokjakarta": "yogyakarta",
    "surabaja": "surabaya", "bandjarmasin": "banjarmasin",
    # seats of regencies that are not a district's name
    "maumere": "sikka", "mangupura": "badung", "watampone": "bone", "sungguminasa": "gowa",
    "kepanjen": "malang", "soreang": "bandung", "singaraja": "buleleng",
    # regencies renamed, and their short forms
    "tobasamosir": "toba", "tobasa": "toba", "taput": "tapanuli utara",
    "tapteng": "tapanuli tengah", "tapsel": "tapanuli selatan",
    # abbreviations of large cities
    "jkt": "jakarta", "dkijakarta": "jakarta", "dki": "jakarta", "sby": "surabaya",
    "bdg": "bandung", "smg": "semarang", "mdn": "medan", "mks": "makassar", "dps": "denpasar",
    "plg": "palembang", "pdg": "padang", "pku": "pekanbaru", "bjm": "banjarmasin",
    "bpn": "balikpapan", "mlg": "malang", "bna": "banda aceh", "baceh": "banda aceh",
    "bdrlampung": "bandar lampung", "psiantar": "pematangsiantar",
}

#: District names that are ordinary words or a part of any town: never one regency.
_GENERIC = frozenset({"kota", "baru", "tengah", "utara", "selatan", "barat", "timur", "pusat",
                      "kota baru", "kota utara", "kota selatan", "kota barat", "kota timur"})
#: Words that cut one district's name into several (Purwokerto Utara ... Timur).
_POINTS = r" (utara|selatan|barat|timur|tengah|pusat|kota|baru|lama|hilir|hulu|ilir|ulu|i|ii|iii|iv)$"


def place_name(expr: pl.Expr) -> pl.Expr:
    """A place of birth in comparable form: lower case, letters only, no KAB./KOTA prefix.

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"t": ["KAB. BOGOR", "Kota  Bogor", "Kota Adm. Jakarta Timur", "-",
    ...                     None]}).select(place_name(pl.col("t")))["t"].to_list()
    ['bogor', 'bogor', 'jakarta timur', None, None]
    """
    import polars as pl

    text = (
        expr.cast(pl.String).str.to_lowercase()
        .str.replace_all(r"[^a-z]+", " ")
        .str.replace_all(r"^\s*(kabupaten|kab|kota|kodya)\s+(administrasi\s+|adm\s+)?", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    return pl.when(text.str.len_bytes() > 0).then(text)


def regency_named(expr: pl.Expr) -> pl.Expr:
    """The regency a place of birth names without doubt (its name as
    :func:`birthplace_names` gives it), else null.

    Old spelling is folded first (Djakarta, Soerabaja).

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"t": ["MAUMERE", "Kab. Sikka", "Jakarta Selatan", "Ujung Pandang",
    ...                     "Pematang Siantar", "Djakarta", "Sukajadi", None]}).select(
    ...     regency_named(pl.col("t")))["t"].to_list()
    ['sikka', 'sikka', 'jakarta', 'makassar', 'pematangsiantar', 'jakarta', None, None]
    """
    import polars as pl

    keys, names = birthplace_names()
    # three of the names' old-spelling folds, not sidalih.names' fold_expr: that one
    # works word by word and, after an old mark, turns every j into y (Djokjakarta
    # would read "jokyakarta"), which place names do not follow
    text = (place_name(expr).str.replace_all("oe", "u", literal=True)
            .str.replace_all("dj", "j", literal=True).str.replace_all("tj", "c", literal=True))
    return text.str.replace_all(" ", "", literal=True).replace_strict(
        keys, names, default=None, return_dtype=pl.String)


@lru_cache(maxsize=1)
def birthplace_names() -> tuple[list[str], list[str]]:
    """(keys, names): a birthplace key (spaces removed) and the regency name it stands for.

    Examples
    --------
    >>> keys, names = birthplace_names()
    >>> lookup = dict(zip(keys, names))
    >>> [lookup.get(k) for k in ("maumere", "cibinong", "purwokerto", "jakartaselatan",
    ...                          "pematangsiantar", "ujungpandang", "denpasar", "kota")]
    ['sikka', 'bogor', 'banyumas', 'jakarta', 'pematangsiantar', 'makassar', 'denpasar', None]
    """
    from sidalih.regions._store import _read

    shipped = _read(FILE)
    return shipped["key"].to_list(), shipped["name"].to_list()


def derive() -> dict[str, str]:
    """Birthplace key -> regency name, from the region tables and :data:`ALIASES`.

    Examples
    --------
    >>> derive()["balige"]
    'toba'
    """
    import polars as pl

    from sidalih.regions import table

    regencies = table(level="regency").select(
        "code", written=place_name(pl.col("name").str.replace(
            r"^(Kabupaten|Kota)\s+(Administrasi\s+)?", ""))).drop_nulls()
    # the five cities of Jakarta are one birthplace to the people born there
    regencies = regencies.with_columns(
        short=pl.when(pl.col("code").str.starts_with("31") & (pl.col("code") != "3101"))
        .then(pl.lit("jakarta")).otherwise("written"))
    mapping = {written.replace(" ", ""): short
               for written, short in regencies.select("written", "short").iter_rows()}
    mapping.update({short.replace(" ", ""): short for short in regencies["short"]})
    own = set(regencies["written"]) | set(regencies["short"])
    districts = (table(level="district")
                 .join(regencies.select(pl.col("code").alias("parent"), "short"), on="parent")
                 .select(name=place_name(pl.col("name")), short="short").drop_nulls())
    stems = (districts.with_columns(name=pl.col("name").str.replace(_POINTS, ""))
             .filter(pl.col("name") != "")
             .join(districts, on=["name", "short"], how="anti"))
    doubtful = set(_GENERIC)  # names of two regencies' districts, and ordinary words
    for frame in (districts, stems):
        regencies_of = frame.group_by("name").agg(pl.col("short").unique().sort()).sort("name")
        doubtful |= set(regencies_of.filter(pl.col("short").list.len() > 1)["name"].to_list())
        for name, shorts in regencies_of.iter_rows():
            key = name.replace(" ", "")
            if name not in own and name not in doubtful and key not in mapping:
                mapping[key] = shorts[0]
    for key, name in ALIASES.items():
        mapping.setdefault(key, name)
    # keyed as regency_named reads a place: the official Boven Digoel holds an "oe"
    folded: dict[str, str] = {}
    for key, name in mapping.items():
        folded.setdefault(key.replace("oe", "u").replace("dj", "j").replace("tj", "c"), name)
    return folded
