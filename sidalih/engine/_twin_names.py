"""Twins' names, rhymes and a clerk's slips: what two written names say, word by word.

The judgement (:mod:`sidalih.engine._judgement`) reads a pair's names where its levels
leave a doubt: are two given names a twin's pair (Rina/Rini, Fitri/Fitria, Hasan/Husain),
a rhyme parents give twins (Kartika/Sartika), or one name a clerk typed twice with a
slip (Budi/Bdi, Tumpak/Tumpal)? These readings are plain functions of the two normalised
names (and, for a rhyme, of how often the list writes each word).
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import polars as pl
from rapidfuzz.distance import OSA

from sidalih.names._lexicon import F_LOW_INFO, token_flags
from sidalih.names._phonetic import key_of

__all__ = ["twin_names", "rhyming_names", "rhyme_no_slip", "one_slip", "spelt_alike", "SPELLINGS",
           "FINAL_SPELLINGS", "VOWELS", "LOW_INFO_WORDS", "SIBLINGS_WORDS", "SHARED_WORDS"]


VOWELS = frozenset("aeiou")

#: Words that say little of who a person is (the lexicon's low-information words:
#: Balinese I/Ni and birth-order names, Muhammad, Abdul).
LOW_INFO_WORDS = frozenset(w for w, flag in token_flags().items() if flag & F_LOW_INFO)
#: Words brothers and sisters share before their own given names, beside the lexicon's
#: low-information words: Siti, Sri and Nur/Nurul before a girl's name, the Balinese
#: caste words Gusti and Ngurah (Siti Aminah / Siti Halimah, I Gusti Ngurah Oka / I Gusti
#: Ngurah Rai).
SIBLINGS_WORDS = frozenset({"siti", "sri", "nur", "nurul", "gusti", "ngurah"})
#: Both: words that tell no one apart.
SHARED_WORDS = LOW_INFO_WORDS | SIBLINGS_WORDS


def twin_names(a: str | None, b: str | None) -> bool:
    """Two normalised names alike as twins' are: one given name for each, the rest shared.

    One token differs, in vowels only or by a vowel added to its final vowel; every other
    token is the same. The differing token is a given name: any but the last of a name
    of several (Dwi Putra Setiawan/Dwi Putri Setiawan: the second of two given names).
    The last may be a family's name (Lubis) or a given name after another (Muhammad
    Adi/Muhammad Ade, Nurul Fitri/Nurul Fitria): there only its final vowel may change
    or take a vowel after it, as twins' names do (Adi/Ade, Rama/Rami, Fitri/Fitria),
    and not a vowel inside it (Lubis/Lubus), which is a slip. A
    slip of the pen changes a name otherwise.

    Examples
    --------
    >>> [twin_names(a, b) for a, b in [("rina", "rini"), ("fitri lubis", "fitria lubis"),
    ...                                ("sryani", "suryani"), ("maria", "mariaa"),
    ...                                ("rina lubis", "rina lubus"), ("putra", "putri"),
    ...                                ("dwi putra setiawan", "dwi putri setiawan"),
    ...                                ("sumarni", "sumarn"), ("sri wahyuni", "sr wahyuni"),
    ...                                ("muhammad adi", "muhammad ade"),
    ...                                ("subagyo", "subagya"), ("fajar nugroho sugiarto",
    ...                                "fajar nugraha sugiarto"), ("nurul fitri", "nurul fitria"),
    ...                                ("dewi kusuma", "dewi kusumaa"),
    ...                                ("laurensius", "laurensuis")]]
    [True, True, False, False, False, True, True, False, False, True, False, True, True, False, False]

    Twin brothers Hasan and Husain, also after Muhammad (there the last word is a given
    name); one name spelt two ways is not:

    >>> [twin_names(a, b) for a, b in [("muhammad hasan", "muhammad husain"),
    ...                                ("hasan", "husein"), ("husain", "husen"),
    ...                                ("abdul sulaiman", "abdul sulaeman")]]
    [True, True, False, False]

    A vowel changed in a word siblings share is a slip, not a twin's name:

    >>> [twin_names(a, b) for a, b in [("siti aminah", "sita aminah"), ("nur aini", "nor aini"),
    ...                                ("ni luh sriani", "ni lih sriani")]]
    [False, False, False]
    """
    changed = _one_token_changed(a, b)
    if changed is None:
        return False
    x, y, last = changed
    if _swapped(x, y):
        return False  # two neighbours swapped is a clerk's slip (Laurensius / Laurensuis)
    if x in SHARED_WORDS or y in SHARED_WORDS:
        # parents tell twins apart by their own given names, not by a word siblings
        # share: Sita Aminah beside Siti Aminah, No Luh Sriani beside Ni Luh, is a slip
        return False
    if (last or " " not in (a or "").strip()) and _javanese_spellings(x, y):
        return False  # a family's or a single name spelt two ways (Subagyo / Subagya)
    if last:
        # after Muhammad or Abdul the last word is a given name, yet one spelt two ways
        # changes a vowel inside it as often (Abdul Sulaiman / Sulaeman): only the
        # twins' pair of another first vowel and one vowel more reads (Muhammad Hasan /
        # Muhammad Husain)
        return ((len(x) == len(y) and x[:-1] == y[:-1] and x[-1] in VOWELS
                 and y[-1] in VOWELS)
                or (_vowel_added(x, y) and _undoubled(x) != _undoubled(y))
                or (_given_last(a or "") and _vowels_apart(x, y)))
    if _undoubled(x) == _undoubled(y):
        return False  # one name with a doubled letter (Hasan/Hassan, Maria/Mariaa)
    if _vowels_apart(x, y):
        return True
    if len(x) == len(y):
        return all(p == q or (p in VOWELS and q in VOWELS) for p, q in zip(x, y, strict=True))
    return _vowel_added(x, y)


def _swapped(x: str, y: str) -> bool:
    """Whether two words differ only by two neighbouring letters swapped."""
    if len(x) != len(y):
        return False
    at = _differences(x, y)
    return len(at) == 2 and at[1] == at[0] + 1 and x[at[0]] == y[at[1]] and x[at[1]] == y[at[0]]


def _differences(x: str, y: str) -> list[int]:
    """The positions at which two words of one length differ."""
    return [k for k, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]


def _one_sound(x: str, y: str, k: int) -> bool:
    """Whether the letters at ``k`` of two words write one sound (:data:`SPELLINGS`; at
    a word's end also :data:`FINAL_SPELLINGS`)."""
    pair = frozenset((x[k], y[k]))
    return pair in SPELLINGS or (k == len(x) - 1 and pair in FINAL_SPELLINGS)


def _vowel_added(x: str, y: str) -> bool:
    """Whether one word is the other with a vowel added after its final vowel (Fitri /
    Fitria); a word cut after a consonant is a final vowel dropped (Sumarni / Sumarn,
    Sri / Sr), not another name."""
    short, long = (x, y) if len(x) < len(y) else (y, x)
    return (len(long) == len(short) + 1 and long.startswith(short) and long[-1] in VOWELS
            and short[-1] in VOWELS)


#: Words before a given name that brothers share (Muhammad Hasan, Muhammad Husain). Not a
#: Balinese birth-order word (I Ketut Sudarta): twins are born in order and each takes
#: the next birth-order name, so two records under one such word and one date are one
#: person's, and a vowel changed inside the last word there is a slip (Sudarta / Sidarta).
_SHARED_BEFORE_GIVEN = frozenset({"muhammad", "abdul"})


def _given_last(name: str) -> bool:
    """Whether a name's last word is its given name: every word before it is one that
    brothers share (:data:`_SHARED_BEFORE_GIVEN`), so it is no family's name."""
    words = name.split()
    return len(words) > 1 and all(w in _SHARED_BEFORE_GIVEN for w in words[:-1])


def _vowels_apart(x: str, y: str) -> bool:
    """Whether two given names share their consonants, in order, and differ in their
    vowels from the first one on, a vowel more in one of them: Hasan / Husain, the
    names of twin brothers (a clerk's slip changes one letter; a name spelt two ways
    keeps its first syllable, Husain / Husen)."""
    if len(x) == len(y) or min(len(x), len(y)) < 4 or OSA.distance(x, y) < 2:
        return False
    consonants_x = [c for c in x if c not in VOWELS]
    consonants_y = [c for c in y if c not in VOWELS]
    vowels_x = [c for c in x if c in VOWELS]
    vowels_y = [c for c in y if c in VOWELS]
    return (consonants_x == consonants_y and bool(vowels_x) and bool(vowels_y)
            and vowels_x[0] != vowels_y[0])


def _javanese_spellings(x: str, y: str) -> bool:
    """Whether two words differ only by ``a`` written for ``o`` (Subagyo / Subagya,
    Nugroho / Nugraha): Javanese writes one sound both ways, so as a family's name or a
    single name the two are one (the phonetic keys already read ``o`` as ``a``). As one
    of several given names they stay twins' (Fajar Nugroho / Fajar Nugraha Sugiarto, in
    a generator this project did not write).

    >>> _javanese_spellings("subagyo", "subagya"), _javanese_spellings("rama", "rami")
    (True, False)
    """
    return len(x) == len(y) and x != y and all(
        p == q or {p, q} == {"a", "o"} for p, q in zip(x, y, strict=True))


def rhyming_names(a: str | None, b: str | None) -> bool:
    """Two normalised names that differ in one consonant of one token alone, replaced by
    another consonant, the token of four letters or more (Dewi Kartika / Dewi Sartika,
    Nanda/Wanda, Anton/Antok).

    Parents name twins so. Read only where the NIK serials already say "registered
    together" (consecutive, one date in the NIKs): there a copy of one record would need
    two slips, the serial's and a letter's; twins named alike need none. A letter
    dropped, added or two swapped (Sutrisno/Sutrsno) rarely makes another name, and
    stays a slip. Without a NIK it is one slip against a rhyme: there only a rhyme no
    keystroke makes reads as twins (:func:`rhyme_no_slip`; read on every such rhyme, a
    generator that mistypes letters lost Yakobus/Pakobus to it), and the model decides
    the rest.

    Examples
    --------
    One name's two spellings are no rhyme: the consonants Indonesian writes a sound with
    in more than one way (:data:`SPELLINGS`: Elisabeth/Elizabeth, Novriadi/Nofriadi,
    Yance/Jance, Taufik/Taufiq; at a token's end Ahmad/Ahmat, Yakub/Yakup) are a slip.

    >>> [rhyming_names(a, b) for a, b in [("dewi kartika", "dewi sartika"), ("rina", "rini"),
    ...                                   ("adi", "udi"), ("ani", "bni"), ("nanda", "wanda"),
    ...                                   ("anton wibowo", "antok wibowo"), ("budi", "budo"),
    ...                                   ("sutrisno", "sutrsno")]]
    [True, False, False, False, True, True, False, False]
    >>> [rhyming_names(a, b) for a, b in [("elisabeth", "elizabeth"), ("yance", "jance"),
    ...                                   ("ahmad", "ahmat"), ("dina", "tina")]]
    [False, False, False, True]
    """
    changed = _one_token_changed(a, b)
    if changed is None:
        return False
    x, y, _ = changed
    if len(x) != len(y) or len(x) < 4:
        return False
    differ = _differences(x, y)
    if len(differ) != 1 or x[differ[0]] in VOWELS or y[differ[0]] in VOWELS:
        return False
    return not _one_sound(x, y, differ[0])


def _rhymes(first: list[str | None], second: list[str | None], read: np.ndarray,
            names: pl.Series | WordCounts) -> np.ndarray:
    """Of the pairs ``read``, the rhymes no keystroke makes (:func:`rhyme_no_slip`) whose
    two words are both names of the list: a word seen on one record only beside one
    seen on five or more is a common name mistyped (Pakobus, once, for Yakobus, 114
    times in a Papuan list of 5,000), where twins' two names are each a name (Kartika
    268, Sartika 27; in a village each may be its twin's alone: 1 and 1)."""
    out = np.zeros(read.shape, dtype=np.bool_)
    rows = [k for k in np.flatnonzero(read).tolist() if rhyme_no_slip(first[k], second[k])]
    if not rows:
        return out
    words = {k: _one_token_changed(first[k], second[k])[:2] for k in rows}  # type: ignore[index]
    for k, typo in _mistyped_by_counts(words, names).items():
        out[k] = not typo
    return out


def _mistyped_by_counts(words: dict[int, tuple[str, str]],
                        names: pl.Series | WordCounts) -> dict[int, bool]:
    """Per key, whether its two words are a common word of ``names`` and a slip of it
    (:func:`_common_word_mistyped`), the words counted in one pass."""
    if not words:
        return {}
    counts = _word_counts(names, {w for pair in words.values() for w in pair})
    return {k: _common_word_mistyped(counts.get(x, 0), counts.get(y, 0))
            for k, (x, y) in words.items()}


#: A slip of a name is seen this many times less often than the name, or less: a clerk
#: mistypes a few names in a hundred, each slip one of dozens, while a name that is a
#: letter from another is a name of its own (Sartika, 27 times beside Kartika's 268 in a
#: Papuan list of 5,000; Lestar 4 times beside Lestari's 366 in a village of 8,000).
_SLIP_RARITY = 30


def _common_word_mistyped(count_a: int, count_b: int) -> bool:
    """Whether two words, seen on ``count_a`` and ``count_b`` names of the list, are a
    common name and a slip of it: the other seen on five or more names, this one on one
    only or :data:`_SLIP_RARITY` times fewer. Twins' names are each a name (in a village
    each may be its twin's alone: 1 and 1).

    >>> [_common_word_mistyped(*c) for c in [(1, 5), (4, 366), (27, 268), (1, 1), (1, 4)]]
    [True, True, False, False, False]
    """
    rare, common = sorted((count_a, count_b))
    return common >= 5 and (rare <= 1 or rare * _SLIP_RARITY <= common)


def common_names_mistyped(first: list[str | None], second: list[str | None],
                          names: pl.Series | WordCounts) -> np.ndarray:
    """Per pair of names one clerk's slip apart: whether the slip is one name spelt two
    ways (:func:`_spelt_two_ways`) or a common name mistyped (:func:`_common_word_mistyped`
    on the one word they differ in: Sutrsno, once, for Sutrisno, seen on many) rather
    than twins' two names (Nia / Nita, Lia / Lisa, Kevin / Kelvin). A slip that is not
    one word changed (a space put in or left out: Nur Hayati / Nurhayati) is a spelling,
    never a twin's name.

    >>> names = pl.Series(["sutrisno"] * 5 + ["sutrsno", "nia", "nita", "nur hayati"])
    >>> common_names_mistyped(["sutrisno", "nia", "nur hayati"],
    ...                       ["sutrsno", "nita", "nurhayati"], names).tolist()
    [True, False, True]
    """
    out = np.ones(len(first), dtype=np.bool_)
    words = {k: changed[:2] for k, (a, b) in enumerate(zip(first, second, strict=True))
             if (changed := _one_token_changed(a, b)) is not None}
    counted = {k: (x, y) for k, (x, y) in words.items() if not _spelt_two_ways(x, y)}
    for k, typo in _mistyped_by_counts(counted, names).items():
        out[k] = typo
    return out


def _spelt_two_ways(x: str, y: str) -> bool:
    """Whether two words are one name spelt two ways: one sound key (:func:`key_of`:
    Wayyan / Wayan, Rukminy / Rukmini) or one letter written as another that sounds
    alike (:data:`SPELLINGS`: Fransiscus / Fransiskus, Jana / Yana). Twins' names sound
    apart; parents do not tell two children apart by a spelling.

    >>> [_spelt_two_ways(x, y) for x, y in [("wayyan", "wayan"), ("fransiscus", "fransiskus"),
    ...                                     ("ahmad", "ahmat"), ("nia", "nita"), ("rina", "rini")]]
    [True, True, True, False, False]
    """
    if key_of(x) == key_of(y):
        return True
    if len(x) != len(y):
        return False
    differ = _differences(x, y)
    return len(differ) == 1 and _one_sound(x, y, differ[0])


def _word_counts(names: pl.Series | WordCounts, words: set[str]) -> dict[str, int]:
    """How many of ``names`` hold each of ``words`` as a whole word (one pass)."""
    if isinstance(names, WordCounts):
        return names.of(words)
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")\b"
    found = names.str.extract_all(pattern).list.unique().explode().drop_nulls()
    counts = found.value_counts()
    return dict(zip(counts[:, 0].to_list(), counts[:, 1].to_list(), strict=True))


#: A word the table of :class:`WordCounts` counts as the regular expression would: one
#: run of word characters (ASCII, where Python's and polars' ``\w`` agree).
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_]+")


class WordCounts:
    """How many names of one list hold each word, for every word asked of one judgement.

    The judgement asks several times (per slice of pairs, per rule); the list's words are
    counted once, on the first question. Words of other characters (an apostrophe, a
    hyphen: not in a normalised name) are looked for as :func:`_word_counts` looks.

    >>> counts = WordCounts(pl.Series(["sutrisno", "sutrisno adi", "ma'ruf", None]))
    >>> counts.of({"sutrisno", "adi", "budi"}), counts.of({"ma'ruf"})
    ({'adi': 1, 'sutrisno': 2}, {"ma'ruf": 1})
    """

    def __init__(self, names: pl.Series) -> None:
        self.names = names
        self._table: dict[str, int] | None = None

    def of(self, words: set[str]) -> dict[str, int]:
        if not all(_PLAIN_WORD.fullmatch(w) for w in words):
            # one search for all: in it a word can hide another ("1-" behind "1")
            return _word_counts(self.names, words)
        if self._table is None:
            self._table = _names_per_word(self.names)
        return {w: self._table[w] for w in sorted(words) if w in self._table}


def _names_per_word(names: pl.Series) -> dict[str, int]:
    """How many of ``names`` hold each word, read once per distinct name: a list of 1M
    names has some 31,000 (0.26 s read name by name, 0.05 s so).

    >>> _names_per_word(pl.Series(["adi", "adi", "budi adi", "budi budi", None, "-"]))
    {'adi': 3, 'budi': 2}
    """
    distinct = names.rename("name").drop_nulls().value_counts(name="names")
    words = distinct.select(pl.col("name").str.extract_all(r"\w+").list.unique().alias("word"),
                            pl.col("names")).explode("word").drop_nulls("word")
    counted = words.group_by("word").agg(pl.col("names").sum()).sort("word")
    return dict(zip(counted["word"].to_list(), counted["names"].to_list(), strict=True))


def rhyme_no_slip(a: str | None, b: str | None) -> bool:
    """A rhyme (:func:`rhyming_names`) no clerk's keystroke makes: the consonant replaced
    is the word's first or last letter, and the two keys are not neighbours (Kartika /
    Sartika, Anton / Antok; not Tumpak / Tumpal, Ronalf / Ronald: one key beside the
    other), nor one sound (the phonetic keys differ).

    A copy's slip falls inside a word or on a key beside the right one; parents name
    twins by their words' first or last sound. On one card, one birth date and no NIK
    to tell them apart, such a pair is twins, where both words are names of the list
    (:func:`_rhymes`: a word seen once beside a common name is that name mistyped).
    The price: a first or last letter typed on a key far from the right one, into a
    word the list holds elsewhere, is read as a twin's name, a pair for review instead
    of a merge.

    >>> [rhyme_no_slip(a, b) for a, b in [("kartika sari", "sartika sari"),
    ...     ("anton wibowo", "antok wibowo"), ("tumpak aritonang", "tumpal aritonang"),
    ...     ("dewi kartika", "dewi kartina"), ("ahmad yani", "ahmat yani")]]
    [True, True, False, False, False]
    """
    if not rhyming_names(a, b):
        return False
    changed = _one_token_changed(a, b)
    if changed is None:
        return False
    x, y, _ = changed
    k = next(i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q)
    return k in (0, len(x) - 1) and not _keys_beside(x[k], y[k]) and key_of(x) != key_of(y)


#: A QWERTY keyboard's rows: a slip of the finger hits a key beside the right one.
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {key: (row, col) for row, keys in enumerate(_KEY_ROWS) for col, key in enumerate(keys)}


def _keys_beside(a: str, b: str) -> bool:
    """Whether two letters' keys touch (same row next to each other, or the row above or
    below one column either way)."""
    if a not in _KEY_AT or b not in _KEY_AT:
        return False
    (row_a, col_a), (row_b, col_b) = _KEY_AT[a], _KEY_AT[b]
    return abs(row_a - row_b) <= 1 and abs(col_a - col_b) <= 1


#: Consonants one sound is written with (old and new spellings, Dutch and English
#: loans): s/z, f/v/p, c/k, k/q, j/y. Twins' names rhyme on other consonants.
SPELLINGS = frozenset(frozenset(p) for p in ("sz", "fv", "fp", "pv", "ck", "kq", "jy"))
#: At a token's end also d/t and b/p (Ahmad/Ahmat, Yakub/Yakup: a final stop is voiceless).
FINAL_SPELLINGS = frozenset(frozenset(p) for p in ("dt", "bp"))


def _one_token_changed(a: str | None, b: str | None) -> tuple[str, str, bool] | None:
    """The one token two names of as many tokens differ in (each name's), and whether it
    is the last of several; None when they differ in no token or in more than one."""
    if not a or not b:
        return None
    tokens_a, tokens_b = a.split(), b.split()
    if len(tokens_a) != len(tokens_b):
        return None
    differ = [k for k, (p, q) in enumerate(zip(tokens_a, tokens_b, strict=True)) if p != q]
    if len(differ) != 1:
        return None
    k = differ[0]
    return tokens_a[k], tokens_b[k], len(tokens_a) > 1 and k == len(tokens_a) - 1


def one_slip(a: str | None, b: str | None) -> bool:
    """Whether two names are one clerk's slip apart: one letter dropped, added, replaced,
    or two neighbours swapped (optimal string alignment distance 1, rapidfuzz's).

    Twins' names are rarely that close unless parents changed a vowel (Rina/Rini, which
    :func:`twin_names` tells); a record typed twice often is (Budi/Bdi, Kasmadi/Ksmadi).

    Examples
    --------
    >>> [one_slip(a, b) for a, b in [("budi susanti", "bdi susanti"), ("rina", "rian"),
    ...                              ("hasan", "husein"), ("rina", "rina"), ("ani", "anita")]]
    [True, True, False, False, False]
    """
    if not a or not b:
        return False
    return OSA.distance(a, b, score_cutoff=1) == 1


def spelt_alike(a: str | None, b: str | None) -> bool:
    """Whether two normalised names are one name in two spellings, word for word in
    any order: the consonants one sound is written with (s/z, f/v, c/k/q and j/y of
    :data:`SPELLINGS`, not p/f, which tell names apart at a word's start; ph for f, kh
    for k, x for ks), letters doubled or not (Benny / Beni), y for i where it is a
    vowel (Tetty / Teti, Rizky / Riski), a word's last ``e`` and ``i`` before its last
    consonants (Yohanes / Yohanis) and a final ``o`` and ``a`` (Javanese: Sukarno /
    Sukarna), each read as one; and not twins' names (:func:`twin_names`).

    Parents name children apart by sound, not by spelling; a clerk writes a name as he
    hears it. Read only under one NIK and one birth date, where two names that
    the comparison calls different sent the pair to review as one NIK on two people
    (Johanes / Yohanis Parera, Yakob / Jacob Noya, Natalia Tjandra / Chandra: 16 such
    pairs on the 44 lists of other generators, every one one person).

    Examples
    --------
    >>> [spelt_alike(a, b) for a, b in [("johanes parera", "yohanis parera"),
    ...  ("yakob noya", "jacob noya"), ("venny susi", "feni susi"), ("sukarno", "sukarna"),
    ...  ("natalia candra", "natalia khandra"), ("rina", "rini"), ("budi", "budi"),
    ...  ("muhammad adi", "muhammad ade"), ("dedi", "didi")]]
    [True, True, True, True, True, False, False, False, False]
    """
    if not a or not b or a == b:
        return False
    if Counter(_one_spelling(t) for t in a.split()) != Counter(_one_spelling(t) for t in b.split()):
        return False
    return not twin_names(a, b)


def _one_spelling(word: str) -> str:
    """A word with the spellings :func:`spelt_alike` reads as one made the same."""
    for written, sound in (("ph", "f"), ("kh", "k"), ("x", "ks"), ("c", "k"), ("q", "k"),
                           ("v", "f"), ("z", "s"), ("j", "y")):
        word = word.replace(written, sound)
    word = _undoubled(word)
    word = re.sub(r"y(?![aeiou])", "i", word)  # a vowel: at the end or before a consonant
    word = re.sub(r"o$", "a", word)
    return re.sub(r"e([^aeiou]*)$", r"i\1", word)


def _undoubled(word: str) -> str:
    return "".join(c for k, c in enumerate(word) if k == 0 or c != word[k - 1])
