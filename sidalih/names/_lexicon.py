"""Word lists for Indonesian names: titles, canonical tokens, token roles.

Every entry is a *compact* form: lower case, dots removed, old spelling folded
(``Tjokorda`` is listed as ``cokorda``). Token flags are bit sets read by the
position kernel (:mod:`sidalih.names._kernel`); a flag says what a token *can* be,
the kernel decides what it *is* from where it stands.

Sources: the title forms allowed on the family card and e-KTP (DOMAIN.md "Names"),
the degree abbreviations of Permendikbud 154/2014 and common older ones, and
Balinese naming conventions (gender ``I``/``Ni``, birth order ``Wayan``…``Ketut``).
"""

from __future__ import annotations

# --- token flags (bits of an int32) -------------------------------------------------
F_PREFIX = 1  # a title wherever it stands at the start (H., Dr., Prof., Raden; S.Pd.)
F_PREFIX_AMBIG = 2  # a title at the start, also a given name (Andi, Gusti, Daeng)
F_SUFFIX = 4  # a degree at the end, written unmistakably (S.Pd., SPd, S.H.)
F_SUFFIX_WEAK = 8  # a degree only after a comma or when dotted (SE, ST, MM, MA)
F_BIN = 16  # bin / binti: the patronymic follows
F_COMMA = 32  # a comma: titles usually follow it
F_INITIAL = 64  # a single letter
F_PAIR_HEAD = 128  # first word of a two-word title (Anak Agung, Ida Bagus)
F_PAIR_TAIL = 256  # second word of a two-word title
F_GENDER = 512  # Balinese gender marker (I, Ni)
F_MD = 1024  # "Md.", "Ny.": Made, Nyoman after a Balinese word (F_BALI); else Muhammad, ny
F_NOKEY = 2048  # left out of the whole-name phonetic key (initials, muhammad, I/Ni)
F_LOW_INFO = 4096  # carries almost no identity (Balinese gender/birth order, muhammad)
F_SITI = 8192  # "St.": Siti as the first name word, else what it is (a degree S.T.)
F_ALIAS = 16384  # alias, als, "(": another name of the person follows
F_BALI = 32768  # a Balinese word a birth order may follow (I/Ni, Gusti, Ayu, Ngurah, ...)
F_NY = 65536  # "Ny.": Nyoman after a Balinese word (with F_MD)

# Prefix titles that are never given names.  value = kind shown in ``titles``.
PREFIX_TITLES: dict[str, str] = {
    # religious
    "h": "religious",
    "hj": "religious",
    "haji": "religious",
    "hajjah": "religious",
    "hajah": "religious",
    "kh": "religious",
    "kyai": "religious",
    "kiai": "religious",
    "ust": "religious",
    "ustad": "religious",
    "ustadz": "religious",
    "ustaz": "religious",
    "ustadzah": "religious",
    "ustazah": "religious",
    "ustadah": "religious",
    # academic and professional
    "prof": "academic",
    "dr": "academic",
    "drs": "academic",
    "dra": "academic",
    "drg": "academic",
    "ir": "academic",
    # nobility / adat
    "r": "adat",
    "raden": "adat",
    "ra": "adat",
    "rr": "adat",
    "rm": "adat",
    "rd": "adat",
    "teuku": "adat",
    "teungku": "adat",
    "tgk": "adat",
    "cut": "adat",
    "dt": "adat",
    "datuk": "adat",
    "dg": "adat",
    "cokorda": "adat",
    "cok": "adat",
}

# Titles that are also given names: stripped only in title position, never when
# they are the last name word left (``Andi`` alone stays ``andi``).
PREFIX_AMBIGUOUS: dict[str, str] = {
    "andi": "adat",
    "gusti": "adat",
    "daeng": "adat",
    "sutan": "adat",
    # Sasak nobility (Lombok): Lalu before a man's name, Baiq before a woman's (read
    # "baik" once q is folded to k); Palembang's: Kiagus, Kemas, Masagus, Nyimas, Nyayu
    "lalu": "adat",
    "baiq": "adat",
    "baik": "adat",
    "kiagus": "adat",
    "kgs": "adat",
    "kemas": "adat",
    "kms": "adat",
    "masagus": "adat",
    "mgs": "adat",
    "nyimas": "adat",
    "nyayu": "adat",
    "habib": "religious",
    "syekh": "religious",
    "syeikh": "religious",
    # Balinese two-word titles written as their initials, dotted or not: A.A. / AA (Anak
    # Agung), I.B. / IB (Ida Bagus), I.A. / IA (Ida Ayu). The title in full is stripped
    # (PAIR_TITLES), so its initials are too, or one copy of a person keeps a word the
    # other has not (A.A. Ngurah Oka / Anak Agung Ngurah Oka). "Aa" is also a Sundanese
    # name and an elder brother's title (Aa Gym): never stripped when it is the last word
    "aa": "adat",
    "ib": "adat",
    "ia": "adat",
}

#: The initials of a two-word title, a dotted token kept whole (``A.A.``, ``I.B.``), not
#: split into two single letters.
PAIR_INITIALS: frozenset[str] = frozenset({"aa", "ib", "ia"})

# Two-word adat titles: head word -> tail words that complete it. Javanese nobility's
# Raden is a title alone too (PREFIX_TITLES), and the head of Raden Ajeng (R.A.), Raden
# Ayu, Raden Mas (R.M.) and Raden Roro (Rr.), whose second word is no name of the person.
PAIR_TITLES: dict[str, tuple[str, ...]] = {
    "anak": ("agung",),
    "ida": ("bagus", "ayu"),
    "raden": ("ajeng", "ayu", "mas", "roro"),
}
# Raden's titles written as two initials apart, R. A. as R.A. (Raden Ajeng), R. M. as
# R.M. (Raden Mas): the two-letter titles above that begin with Raden's R. A pair of
# initials pairs only with each other (the position kernel), so the initial A. after Ida
# or Anak, given names too, stays a word (Ida A. Sari).
PAIR_TITLES["r"] = tuple(sorted(t[1] for t in PREFIX_TITLES if len(t) == 2 and t[0] == "r"))

# Degrees after the name (compact). Strong ones cannot be a name word.
SUFFIX_STRONG: frozenset[str] = frozenset(
    [
        "sh",
        "shi",
        "spd",
        "spdi",
        "spdsd",
        "skom",
        "ssos",
        "sag",
        "sip",
        "sikom",
        "skm",
        "sked",
        "skep",
        "sfarm",
        "spsi",
        "sgz",
        "sth",
        "sthi",
        "spt",
        "shut",
        "stp",
        "sds",
        "ssn",
        "ssi",
        "sei",
        "shum",
        "sst",
        "ssit",
        "sstp",
        "sptk",
        "skg",
        "skh",
        "sak",
        "amd",
        "amdkeb",
        "amdkep",
        "amdkes",
        "amdfarm",
        "amk",
        "amkeb",
        "amkep",
        "mpd",
        "mpdi",
        "msi",
        "mhum",
        "mkes",
        "mkom",
        "mag",
        "msc",
        "mba",
        "mkn",
        "mkm",
        "mfarm",
        "mikom",
        "msos",
        "mtrg",
        "mak",
        "mhi",
        "phd",
        "bsc",
        "llm",
    ]
)
# Two-letter degrees that could be a name word: only after a comma or when dotted.
SUFFIX_WEAK: frozenset[str] = frozenset(
    ["se", "st", "ss", "sp", "si", "sa", "mm", "ma", "mh", "mt", "me", "ba", "lc", "ip"]
)

BIN_WORDS: frozenset[str] = frozenset({"bin", "binti", "bt", "bte", "binte"})
# What puts another name of the person after the name: "Tan Bun Hok alias Budi
# Santoso", "Budi Santoso (Tan Bun Hok)". Never a name word: dropped as a comma is.
ALIAS_WORDS: frozenset[str] = frozenset({"alias", "als", "("})

# Spelling variants and abbreviations mapped to one canonical token.
# Muhammad spellings are matched by a pattern (see _tokens.MUHAMMAD_PATTERN);
# abbreviations are listed here. "m" stays an initial.
CANONICAL: dict[str, str] = {
    "moh": "muhammad",
    "mokh": "muhammad",
    "muh": "muhammad",
    "mukh": "muhammad",
    "mhd": "muhammad",
    "md": "muhammad",
    "mohd": "muhammad",
    "muhd": "muhammad",
    "mhmd": "muhammad",
    "mkh": "muhammad",
    "abd": "abdul",
    "abdl": "abdul",
    # Siti written with a y (as Dewi/Dewy); "St." is Siti too, but only as the first name
    # word (a degree S.T. at the end): F_SITI. Sitti (Makassar, Bugis) is kept as written:
    # its key is Siti's, and folded in nama_norm it made "Sitti Rahmah" and "Siti Aminah",
    # NIKs a digit apart, one person for the engine (a fifth generator's Makassar list)
    "sity": "siti",
    # Balinese birth-order abbreviations common in Bali's lists: a clerk writes the
    # consonants (Wyn., Kmg., Ktt.) or the first two (Km., Kt.); Gde is Gede's older
    # spelling (I Gde ...), Ktut Ketut's. Each is one word of the same name: a birth
    # order written short on one copy is no second person (I Km. Sumadi / I Komang
    # Sumadi), and two different orders stay two (Made / Ketut: brothers)
    "wyn": "wayan",
    "wy": "wayan",
    "pt": "putu",
    "kt": "ketut",
    "ktt": "ketut",
    "ktut": "ketut",
    "kd": "kadek",
    "kdk": "kadek",
    "nym": "nyoman",
    "ngh": "nengah",
    "gd": "gede",
    "gde": "gede",
    "km": "komang",
    "kmg": "komang",
    # Balinese caste words written short: Gusti (Gst.), Ngurah (Ngr., I Gst. Ngr. Rai),
    # Desak (Dsk., a Ksatria woman: Dsk. Nyoman Kompyang), Cokorda (Cokr.), the Bagus of
    # Ida Bagus (Ida Bgs.). None of these short forms is a word of another name
    "gst": "gusti",
    "ngr": "ngurah",
    "dsk": "desak",
    "cokr": "cokorda",
    "bgs": "bagus",
    # Makassar and Bugis: Dg. is Daeng (Nurdin Mappa Dg. Talli / Daeng Talli), one word
    # written two ways; first in a name both are a title (PREFIX_AMBIGUOUS)
    "dg": "daeng",
    # a Batak woman's "boru" (daughter of) before her marga, most often written short
    # (the short form: a long shared token would pull two women's names together)
    "boru": "br",
}

# Arabic names in their Indonesian spellings: whole words, each one name written with
# Javanese o for the Arabic a (Sholeh, Ibrohim, Rohman), o for u (Omar, Osman), e for
# i or a (Ismael, Leila, Zaenal), the Arabic letters' digraphs (Utsman, Fathimah) or
# Sundanese p and j for f and z (Patimah, Jaenal). A fold of the letters themselves
# would merge different names (twins are named a vowel apart: Hasan/Husein, Rizki/
# Rizka), so only these words, one name each, are folded in nama_norm; the phonetic key
# merges more (o->a, f->p, z->j) for blocking.
ARABIC_VARIANTS: dict[str, str] = {
    "omar": "umar",
    "osman": "usman", "otsman": "usman", "utsman": "usman", "othman": "usman",
    "sholeh": "saleh", "soleh": "saleh", "shaleh": "saleh", "sholih": "saleh",
    "solih": "saleh", "salih": "saleh", "shalih": "saleh",
    "yusup": "yusuf", "jusuf": "yusuf", "jusup": "yusuf",
    "mustofa": "mustafa", "musthofa": "mustafa", "musthafa": "mustafa",
    "mustopa": "mustafa", "mustapa": "mustafa",
    "ibrohim": "ibrahim",
    "ismael": "ismail",
    "zaenal": "zainal", "jaenal": "zainal", "jainal": "zainal",
    "leila": "laila", "laela": "laila",
    "fathimah": "fatimah", "patimah": "fatimah",
    "rohman": "rahman", "rohim": "rahim", "rohmat": "rahmat",
    # old spelling wrote this h as ch (Rachman, Rochim): folded to kh, it is still h
    "rakhman": "rahman", "rokhman": "rahman", "rakhim": "rahim", "rokhim": "rahim",
    "rakhmat": "rahmat", "rokhmat": "rahmat",
    "khoirul": "khairul", "kholid": "khalid",
    "akhmad": "ahmad",
    "abdulloh": "abdullah",
}  # fmt: skip
CANONICAL.update(ARABIC_VARIANTS)

GENDER_WORDS: frozenset[str] = frozenset({"i", "ni"})
# Words after which a Balinese birth order comes, so that Md. there is Made and Ny.
# Nyoman (I Md. Suta, I Gusti Md. Raka, A.A. Ngurah Md. Oka, I.A. Ny. Artini, Ni Luh Md.
# Sari); elsewhere Md. is Muhammad (DOMAIN.md) and Ny. Nyonya or a name word. The gender
# markers, the caste titles and the second words that follow them (Gusti Ngurah, Gusti
# Ayu, Anak Agung, Ida Bagus), and Luh.
BALI_BEFORE_ORDER: frozenset[str] = frozenset(
    ["i", "ni", "gusti", "aa", "ib", "ia", "agung", "bagus", "ayu", "cokorda", "cok",
     "desak", "dewa", "ngurah", "luh"]
)
BIRTH_ORDER_WORDS: frozenset[str] = frozenset(
    ["wayan", "putu", "gede", "luh", "made", "kadek", "nengah", "nyoman", "komang", "ketut"]
)
CANONICAL_PREFIXES: frozenset[str] = frozenset({"muhammad", "abdul"})


def token_flags() -> dict[str, int]:
    """Flags of every listed word (the initial and dotted flags are added per token)."""
    flags: dict[str, int] = {}

    def add(word: str, flag: int) -> None:
        flags[word] = flags.get(word, 0) | flag

    for word in PREFIX_TITLES:
        add(word, F_PREFIX)
    for word in PREFIX_AMBIGUOUS:
        add(word, F_PREFIX_AMBIG)
    for head, tails in PAIR_TITLES.items():
        add(head, F_PAIR_HEAD)
        for tail in tails:
            add(tail, F_PAIR_TAIL)
    for word in SUFFIX_STRONG:
        add(word, F_SUFFIX)
    for word in SUFFIX_WEAK:
        add(word, F_SUFFIX_WEAK)
    for word in BIN_WORDS:
        add(word, F_BIN)
    for word in GENDER_WORDS:
        add(word, F_GENDER | F_LOW_INFO | F_NOKEY)
    for word in BIRTH_ORDER_WORDS:
        add(word, F_LOW_INFO)
    add("muhammad", F_LOW_INFO | F_NOKEY)
    add("abdul", F_LOW_INFO)
    add("st", F_SITI)
    add(",", F_COMMA)
    for word in ALIAS_WORDS:
        add(word, F_ALIAS | F_COMMA)
    for word in BALI_BEFORE_ORDER:
        add(word, F_BALI)
    return flags


def title_words() -> frozenset[str]:
    """Every compact form that is a title somewhere (used to keep dotted titles whole)."""
    return (frozenset(PREFIX_TITLES) | frozenset(SUFFIX_STRONG) | frozenset(SUFFIX_WEAK)
            | PAIR_INITIALS)
