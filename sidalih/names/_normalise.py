"""The name pipeline: ASCII → tokenise (numba) → per-distinct-token work → positions.

1. Text that is not ASCII is folded (polars, only on the rows that need it):
   typographic punctuation as its ASCII look-alike (:data:`sidalih._unicode.PUNCT_TO_ASCII`:
   a dash or a non-breaking hyphen splits words as ``-`` does, a curly quote is an
   apostrophe), then NFKD with accents dropped.
2. :func:`._tokenise.tokenise` cuts every name into raw tokens in one pass over the
   Arrow buffers and gives each distinct token an id (tens of thousands of distinct
   tokens for millions of names).
3. :func:`._tokens.token_table` does the per-token work once per distinct token:
   dotted tokens to pieces, old-spelling folds, canonical Muhammad/Abdul, flags, keys.
4. :func:`._kernel.name_roles` decides titles, patronymic and key tokens from where
   each piece stands.
5. Output strings and lists are assembled from flat arrays (no per-row Python).

A few names (up to :data:`SMALL_ROWS`, a registry look-up) take the same steps with
less fixed cost: the token table comes from a memo of every token seen
(:func:`._tokens.token_rows`; a row of the table depends on its token alone) and the
outputs are assembled in Python from the same flat arrays; a polars call costs more
than the work on a handful of names. :func:`parse_few` gives those outputs as Python
lists (prepare reads them without building list columns), and a few new tokens get
their table rows in Python too (:func:`._tokens._pieces_py`).
``tests/test_prepare_small.py`` and ``tests/test_lookup_paths.py`` hold both paths to
the same frame.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from sidalih._unicode import PUNCT_TO_ASCII
from sidalih.errors import InvalidParameterError
from sidalih.names import _lexicon as lx
from sidalih.names._kernel import (
    ROLE_ALIAS,
    ROLE_MADE,
    ROLE_NAME,
    ROLE_PATRONYMIC,
    ROLE_TITLE,
    name_roles,
)
from sidalih.names._tokenise import expand_pieces, join_strings, tokenise
from sidalih.names._tokens import SMALL_TOKENS, cached_token_table, token_rows

__all__ = ["PARSE_SCHEMA", "parse_polars", "parse_few", "token_keys"]

_FLAG_ORDER = np.array(
    [
        lx.F_SUFFIX,
        lx.F_SUFFIX_WEAK,
        lx.F_BIN,
        lx.F_COMMA,
        lx.F_PREFIX,
        lx.F_PREFIX_AMBIG,
        lx.F_PAIR_HEAD,
        lx.F_PAIR_TAIL,
        lx.F_GENDER,
        lx.F_MD,
        lx.F_ALIAS,
        lx.F_BALI,
        lx.F_INITIAL,
    ],
    dtype=np.int32,
)

#: Pieces a token is read as by its place, not its text, appended to every piece table:
#: ``Md`` after ``I``/``Ni`` (or another Balinese word) is Made and ``Ny`` Nyoman
#: (:mod:`._kernel`), ``St.`` first is Siti (``_Flat``).
_READ_AS = ["made", "siti", "nyoman"]

_SPELLED_RE = re.compile(r"\b[a-z](?: [a-z]){2,}\b")
_CHUNK = 250_000  # rows per thread; smaller batches are not worth a thread
SMALL_ROWS = 128  # up to here a batch is assembled in Python: a polars call costs more

PARSE_SCHEMA: dict[str, pl.DataType] = {
    "nama_norm": pl.String(),
    "titles": pl.List(pl.String()),
    "patronymic": pl.String(),
    "alias": pl.String(),
    "tokens": pl.List(pl.String()),
    "low_info": pl.List(pl.Boolean()),
    "token_roles": pl.List(pl.String()),
    "phonetic_key": pl.String(),
    "key_token": pl.String(),
    "first_token": pl.String(),
    "last_token": pl.String(),
}


def _as_strings(values: pl.Series) -> pl.Series:
    """A String series; anything that is not text becomes null (never raises)."""
    if values.dtype == pl.String:
        return values
    if values.dtype in (pl.Null, pl.Categorical, pl.Enum):
        return values.cast(pl.String)
    if values.dtype == pl.Object:
        return pl.Series(
            values.name, [v if isinstance(v, str) else None for v in values], dtype=pl.String
        )
    return pl.Series(values.name, [None] * len(values), dtype=pl.String)


#: Digits read as the letters a scan or a keyboard puts them for (R0BERT, SARA6IH).
_DIGITS_AS_LETTERS = str.maketrans("0123456789", "oizeasgtbg")
_MIXED_WORD = re.compile(r"[A-Za-z0-9]*[0-9][A-Za-z0-9]*")
_MIXED = r"[A-Za-z][0-9]|[0-9][A-Za-z]"
_MIXED_ANY = re.compile(_MIXED)
#: A digit between two letters, or a 0 at a word's edge beside a letter (Sutarn0).
_MISREAD_DIGIT = re.compile(r"(?<=[A-Za-z])[0-9](?=[A-Za-z])|(?<=[A-Za-z])0\b|\b0(?=[A-Za-z])")


def _letters_for_digits(word: re.Match[str]) -> str:
    text = word.group()
    letters = sum(c.isalpha() for c in text)
    # a word of letters with a digit or two in it is a name misread; a code with a
    # letter (RT02, 3A) is no name's word and stays apart
    if letters < 2 or letters < 2 * (len(text) - letters):
        return text
    return _MISREAD_DIGIT.sub(lambda d: d.group().translate(_DIGITS_AS_LETTERS), text)


def read_digits(name: str | None) -> str | None:
    """A name with the digits misread inside its words read as the letters they stand for.

    A scan or a keyboard puts 0 for O, 1 for I, 5 for S, 6 for G inside a name; no
    Indonesian name holds a digit, and read as a separator it would cut ``KH0TIMAH``
    into ``kh`` and ``timah``. A digit between two letters is read so, and a 0 at a
    word's edge (``Sutarn0``); another digit at a word's edge (``Budi2``, a second
    entry numbered) and words of digits stay separators. The letters come in lower case:
    the parser folds the case next.

    Examples
    --------
    >>> read_digits("kh0timah"), read_digits("Sutarn0"), read_digits("SARA6IH")
    ('khotimah', 'Sutarno', 'SARAgIH')
    >>> read_digits("Budi2 Santoso"), read_digits("RT02"), read_digits(None)
    ('Budi2 Santoso', 'RT02', None)
    """
    if name is None or not _MIXED_ANY.search(name):
        return name
    return _MIXED_WORD.sub(_letters_for_digits, name)


def _read_digits(raw: pl.Series) -> pl.Series:
    """:func:`read_digits` on the rows that hold a digit beside a letter (rare: only they
    are read in Python)."""
    mixed = raw.str.contains(_MIXED).fill_null(False)
    if not mixed.any():
        return raw
    rows = mixed.arg_true()
    read = pl.Series([read_digits(v) for v in raw.gather(rows).to_list()], dtype=pl.String)
    return raw.scatter(rows, read)


_LOOKALIKES = list(PUNCT_TO_ASCII)
_LOOKALIKES_AS = list(PUNCT_TO_ASCII.values())


def _to_ascii(raw: pl.Series) -> pl.Series:
    if len(raw) <= SMALL_TOKENS and all(v is None or v.isascii() for v in raw.to_list()):
        return raw  # a few names: str.isascii reads what the two lengths below compare
    non_ascii = raw.str.len_bytes() != raw.str.len_chars()
    if not non_ascii.any():
        return raw
    frame = pl.DataFrame({"raw": raw, "non_ascii": non_ascii})
    # Look-alike punctuation first: NFKD leaves a dash (U+2010, U+2013) or a curly
    # quote as it is and the next step would drop it, gluing "Butar‐Butar" into one word
    folded = (
        pl.col("raw")
        .str.replace_many(_LOOKALIKES, _LOOKALIKES_AS)
        .str.normalize("NFKD")
        .str.replace_all(r"[^\x00-\x7F]", "")
    )
    return frame.select(pl.when("non_ascii").then(folded).otherwise("raw"))["raw"]


def _buffers(raw: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    arr = raw.rechunk().to_arrow(compat_level=pl.CompatLevel.oldest())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.large_string():  # a cast imports pyarrow.compute, even a no-op one
        arr = arr.cast(pa.large_string())
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[
        arr.offset : arr.offset + len(arr) + 1
    ]
    data_buf = arr.buffers()[2]
    data = (
        np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    )
    return offsets, data, _validity(arr)


def _validity(arr: pa.Array) -> np.ndarray:
    """Which values of ``arr`` are not null, read from its bitmap (``np.asarray`` of
    pyarrow booleans would import pandas: most of a second, once)."""
    bitmap = arr.buffers()[0]
    if bitmap is None or arr.null_count == 0:
        return np.ones(len(arr), dtype=np.bool_)
    bits = np.unpackbits(np.frombuffer(bitmap, dtype=np.uint8), bitorder="little")
    return bits[arr.offset : arr.offset + len(arr)].astype(np.bool_)


def _list_buffers(names: list[str | None]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_buffers` of a few names given as Python text (UTF-8, as Arrow holds it;
    a null holds no bytes, as polars writes it)."""
    encoded = [b"" if v is None else v.encode() for v in names]
    offsets = np.zeros(len(names) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    valid = np.array([v is not None for v in names], dtype=np.bool_)
    return offsets, data, valid


def _strings(offsets: np.ndarray, data: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    n = len(offsets) - 1
    bitmap = None
    if valid is not None and not valid.all():
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data), bitmap)
    out = pl.from_arrow(arr)
    assert isinstance(out, pl.Series)
    return out


class _Flat:
    """Flat per-piece arrays of one batch of names, with the piece table."""

    def __init__(self, raw: pl.Series | list[str | None]) -> None:
        offsets, data, valid = _buffers(raw) if isinstance(raw, pl.Series) else _list_buffers(raw)
        name_off, tok_id, u_off, u_bytes = tokenise(offsets, data, valid)
        self.table: pl.DataFrame | None = None
        self.columns: dict[str, list[str]] = {}
        n_uniq = len(u_off) + 2  # the distinct tokens, "made", "siti" and "nyoman"
        if len(raw) <= SMALL_ROWS and n_uniq <= SMALL_TOKENS:
            # A few names: the table as Python lists, straight from the memo.
            bounds = u_off.tolist()
            raw_bytes = u_bytes.tobytes()
            tokens = [raw_bytes[a:b].decode() for a, b in zip(bounds, bounds[1:], strict=False)]
            table_rows = token_rows([*tokens, *_READ_AS])
            tid = np.array([r[0] for r in table_rows], dtype=np.int64)
            flags = np.array([r[3] for r in table_rows], dtype=np.int32)
            lengths = np.array([r[5] for r in table_rows], dtype=np.int32)
            self.columns = {"piece": [r[2] for r in table_rows], "key": [r[4] for r in table_rows],
                            "role_label": [r[6] for r in table_rows]}  # fmt: skip
        else:
            table = cached_token_table(
                pl.concat([_strings(u_off, u_bytes), pl.Series(_READ_AS, dtype=pl.String)])
            )
            tid = table["tid"].to_numpy()
            flags = table["flags"].to_numpy().astype(np.int32)
            lengths = table["length"].to_numpy().astype(np.int32)
            self.table = table
        count = np.bincount(tid, minlength=n_uniq).astype(np.int64)
        start = np.zeros(n_uniq, dtype=np.int64)
        np.cumsum(count[:-1], out=start[1:])
        self.off, rows = expand_pieces(name_off, tok_id, start, count)
        self.n = len(raw)
        self._name_of: np.ndarray | None = None
        self.roles, self.include, self.best = name_roles(
            self.off, flags[rows], lengths[rows], _FLAG_ORDER, lx.F_NOKEY, lx.F_LOW_INFO
        )
        siti = self._siti(flags[rows])
        if siti.any():
            # the key choice reads the pieces' lengths: "siti" is not "st" there
            rows = np.where(siti, start[-2], rows)
            self.roles, self.include, self.best = name_roles(
                self.off, flags[rows], lengths[rows], _FLAG_ORDER, lx.F_NOKEY, lx.F_LOW_INFO
            )
        made = self.roles == ROLE_MADE
        nyoman = made & ((flags[rows] & lx.F_NY) != 0)
        self.rows = np.where(nyoman, start[-1], np.where(made, start[-3], rows))
        self.is_name = (self.roles == ROLE_NAME) | made
        self.low = ((flags[self.rows] & lx.F_LOW_INFO) != 0) | made
        self.has_name = self.best >= 0

    def _siti(self, flags: np.ndarray) -> np.ndarray:
        """Which pieces are ``St.`` read as Siti: the first name word, with another name
        word after it (``Hj. St. Aminah``). Elsewhere ``St`` stays what it is (a degree
        after the name, ``Budi Santoso S.T.``, or a name word of its own)."""
        st = ((flags & lx.F_SITI) != 0) & (self.roles == ROLE_NAME)
        if not st.any():
            return st
        named = np.flatnonzero((self.roles == ROLE_NAME) | (self.roles == ROLE_MADE))
        first = np.full(self.n, -1, dtype=np.int64)
        first[self.name_of[named][::-1]] = named[::-1]
        count = np.bincount(self.name_of[named], minlength=self.n)
        idx = np.flatnonzero(st)
        name = self.name_of[idx]
        keep = idx[(first[name] == idx) & (count[name] >= 2)]
        out = np.zeros(len(st), dtype=np.bool_)
        out[keep] = True
        return out

    @property
    def name_of(self) -> np.ndarray:
        """Name (row) index of every flat piece."""
        if self._name_of is None:
            self._name_of = np.repeat(np.arange(self.n), np.diff(self.off))
        return self._name_of

    def text(self, column: str, mask: np.ndarray) -> pl.Series:
        assert self.table is not None
        s_off, s_bytes, _ = _buffers(self.table[column])
        out_off, out, valid = join_strings(self.off, self.rows, mask, s_off, s_bytes)
        return _strings(out_off, out, valid)

    def one(self, column: str, index: np.ndarray) -> pl.Series:
        mask = np.zeros(len(self.rows), dtype=np.bool_)
        mask[index[index >= 0]] = True
        return self.text(column, mask)

    def lists(
        self, values: pl.Series | np.ndarray, mask: np.ndarray, *, per_piece: bool = False
    ) -> pl.Series:
        """Per-name lists of masked values: table values gathered by piece row, or
        flat per-piece values (``per_piece``, or a numpy array)."""
        counts = np.bincount(self.name_of[mask], minlength=self.n)
        offsets = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        if isinstance(values, np.ndarray):
            inner: Any = pl.Series(values[mask]).to_arrow()
        elif per_piece:
            inner = values.filter(pl.Series(mask)).to_arrow()
        else:
            inner = values.gather(self.rows[mask]).to_arrow()
        # through polars, not pa.array: pyarrow imports pandas to read a numpy array
        arr = pa.LargeListArray.from_arrays(pl.Series(offsets).to_arrow(), inner,
                                            mask=pl.Series(~self.has_name).to_arrow())
        out = pl.from_arrow(arr)
        assert isinstance(out, pl.Series)
        return out

    def first_last(self, last: bool) -> np.ndarray:
        idx = np.flatnonzero(self.is_name)
        name_of = self.name_of[idx]
        out = np.full(self.n, -1, dtype=np.int64)
        if last:
            out[name_of] = idx  # later writes win: the last name piece
        else:
            out[name_of[::-1]] = idx[::-1]
        return out


def parse_polars(values: pl.Series, *, columns: Iterable[str] | None = None) -> pl.DataFrame:
    """Parse a polars Series of names into (a subset of) the :data:`PARSE_SCHEMA` frame."""
    if isinstance(columns, str):  # one name, not its letters
        columns = [columns]
    wanted = list(PARSE_SCHEMA) if columns is None else list(columns)
    if not wanted:
        # A frame without columns has no rows either: the names would vanish.
        raise InvalidParameterError(f"columns is empty; choose from {list(PARSE_SCHEMA)}")
    unknown = [c for c in wanted if c not in PARSE_SCHEMA]
    if unknown:
        raise InvalidParameterError(
            f"unknown parse column(s) {unknown}; choose from {list(PARSE_SCHEMA)}"
        )
    raw = _as_strings(values)
    if len(raw) <= SMALL_ROWS:
        few = parse_few(raw.to_list(), wanted)
        if few is not None:
            return pl.DataFrame([_series(name, few[name]) for name in wanted])
    raw = _read_digits(_to_ascii(raw))
    work = wanted if "nama_norm" in wanted else [*wanted, "nama_norm"]
    out = _parse_parallel(raw, work)
    return out if out.columns == wanted else out.select(wanted)


def parse_few(names: list[str | None], wanted: list[str]) -> dict[str, list[Any]] | None:
    """:func:`parse_polars`'s columns ``wanted`` of a few names as Python lists, or None
    where the polars path must run: more than :data:`SMALL_ROWS` names or
    :data:`SMALL_TOKENS` distinct tokens, text that is not ASCII (folded by polars'
    NFKD), or letters typed one by one (parsed again, :func:`_join_spelled_letters`).

    Examples
    --------
    >>> parse_few(["Moh. Sholeh", None], ["nama_norm", "tokens"])
    {'nama_norm': ['muhammad saleh', None], 'tokens': [['muhammad', 'saleh'], None]}
    >>> parse_few(["D O D I"], ["nama_norm"]) is None
    True
    """
    if len(names) > SMALL_ROWS or not all(v is None or v.isascii() for v in names):
        return None
    flat = _Flat([read_digits(v) for v in names])
    if flat.table is not None:
        return None
    work = wanted if "nama_norm" in wanted else [*wanted, "nama_norm"]
    out = _small_lists(flat, work)
    # Normalised names hold only a-z and spaces, where Python's regex and polars' read
    # _SPELLED alike.
    if any(v is not None and _SPELLED_RE_ANY.search(v) for v in out["nama_norm"]):
        return None
    return out if len(out) == len(wanted) else {name: out[name] for name in wanted}


_KEY_MEMO: dict[str, str | None] = {}
_KEY_MEMO_LIMIT = 200_000


def token_keys(tokens: list[str]) -> list[str | None]:
    """The whole-name phonetic key of each token read as a name, remembered.

    A name's parse depends on that name alone, so a key computed once is the key
    every time; the engine asks for the keys of first name tokens, a few at a time.
    """
    known = {t: _KEY_MEMO[t] for t in tokens if t in _KEY_MEMO}
    missing = [t for t in dict.fromkeys(tokens) if t not in known]
    if missing:
        few = parse_few(list(missing), ["phonetic_key"])
        if few is None:
            keys = parse_polars(pl.Series(missing, dtype=pl.String), columns=["phonetic_key"])
            few = {"phonetic_key": keys.get_column("phonetic_key").to_list()}
        fresh = dict(zip(missing, few["phonetic_key"], strict=True))
        if len(_KEY_MEMO) + len(fresh) > _KEY_MEMO_LIMIT:
            _KEY_MEMO.clear()
        _KEY_MEMO.update(fresh)
        known.update(fresh)
    return [known[t] for t in tokens]


def _parse_parallel(raw: pl.Series, wanted: list[str]) -> pl.DataFrame:
    def parse(chunk: pl.Series) -> pl.DataFrame:
        return _join_spelled_letters(_parse_chunk(chunk, wanted), wanted)

    if len(raw) < 2 * _CHUNK:
        return parse(raw)
    workers = min(os.cpu_count() or 1, len(raw) // _CHUNK)
    if workers <= 1:
        return parse(raw)
    # The kernels and polars release the GIL, so chunks run in parallel threads; each
    # row is parsed on its own, so chunks need no merging.
    bounds = np.linspace(0, len(raw), workers + 1).astype(int)
    chunks = [raw.slice(a, b - a) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(parse, chunks))
    return pl.concat(parts, rechunk=False)


_SPELLED = r"(?:^| )[a-z] [a-z] [a-z](?: |$)"
_SPELLED_RE_ANY = re.compile(_SPELLED)


def _join_spelled_letters(out: pl.DataFrame, wanted: list[str]) -> pl.DataFrame:
    """Letters typed one by one (``D O D I``, ``A. B. C.``) become one word.

    Three or more single-letter name words in a row are joined and the row parsed again
    from that text; done on the name words (after titles and the patronymic are
    removed) so that no output can hold such a run and ``normalise`` stays idempotent.
    Titles, patronymic and alias of both passes are kept.
    """
    if out.height <= SMALL_TOKENS and not any(
        v is not None and _SPELLED_RE_ANY.search(v) for v in out["nama_norm"].to_list()
    ):
        # Normalised names hold only a-z and spaces, where Python's regex and polars'
        # read _SPELLED alike.
        return out
    spelled = out["nama_norm"].str.contains(_SPELLED).fill_null(False)
    if not spelled.any():
        return out
    idx = spelled.arg_true()
    text = [
        _SPELLED_RE.sub(lambda m: m.group().replace(" ", ""), v)
        for v in out["nama_norm"].gather(idx)
    ]
    again = _parse_chunk(pl.Series(text, dtype=pl.String), wanted)
    first = out[idx]
    if "titles" in wanted:
        again = again.with_columns(titles=first["titles"].list.concat(again["titles"]))
    if "patronymic" in wanted:
        again = again.with_columns(patronymic=first["patronymic"].fill_null(again["patronymic"]))
    if "alias" in wanted:
        again = again.with_columns(alias=first["alias"].fill_null(again["alias"]))
    order = pl.Series("_i", idx, dtype=pl.Int64)
    kept = out.with_row_index("_i").with_columns(pl.col("_i").cast(pl.Int64)).filter(~spelled)
    merged = pl.concat([kept, again.with_columns(order)], how="diagonal_relaxed")
    return merged.sort("_i").drop("_i")


def _parse_chunk(raw: pl.Series, wanted: list[str]) -> pl.DataFrame:
    flat = _Flat(raw)
    table = flat.table
    if table is None:
        return _small_columns(flat, wanted)
    titles_mask = flat.roles == ROLE_TITLE
    builders = {
        "nama_norm": lambda: flat.text("piece", flat.is_name),
        "titles": lambda: flat.lists(table["piece"], titles_mask),
        "patronymic": lambda: flat.text("piece", flat.roles == ROLE_PATRONYMIC),
        "alias": lambda: flat.text("piece", flat.roles == ROLE_ALIAS),
        "tokens": lambda: flat.lists(table["piece"], flat.is_name),
        "low_info": lambda: flat.lists(flat.low, flat.is_name),
        "token_roles": lambda: flat.lists(_roles_of(flat), flat.is_name, per_piece=True),
        "phonetic_key": lambda: flat.text("key", flat.include),
        "key_token": lambda: flat.one("key", flat.best),
        "first_token": lambda: flat.one("piece", flat.first_last(last=False)),
        "last_token": lambda: flat.one("piece", flat.first_last(last=True)),
    }
    out = pl.DataFrame({name: builders[name]() for name in wanted})
    return out.cast({name: PARSE_SCHEMA[name] for name in wanted})  # type: ignore[arg-type]


def _small_columns(flat: _Flat, wanted: list[str]) -> pl.DataFrame:
    """:func:`_parse_chunk`'s columns for a few names, built in Python from the same
    flat arrays (what the join and list builders do, name by name)."""
    out = _small_lists(flat, wanted)
    return pl.DataFrame([_series(name, out[name]) for name in wanted])


def _small_lists(flat: _Flat, wanted: list[str]) -> dict[str, list[Any]]:
    """The values of :func:`_small_columns`, column by column."""
    rows = flat.rows.tolist()
    bounds = flat.off.tolist()
    spans = [range(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    has_name = flat.has_name.tolist()
    piece, key = flat.columns["piece"], flat.columns["key"]

    def text(values: list[str], mask: np.ndarray) -> list[str | None]:
        keep = mask.tolist()
        joined = [[values[rows[i]] for i in span if keep[i]] for span in spans]
        return [" ".join(parts) if parts else None for parts in joined]

    def one(values: list[str], index: np.ndarray) -> list[str | None]:
        return [None if i < 0 else values[rows[i]] for i in index.tolist()]

    def lists(values: list[Any], mask: np.ndarray, *, per_piece: bool = False) -> list[Any]:
        keep = mask.tolist()
        return [
            [values[i] if per_piece else values[rows[i]] for i in span if keep[i]] if named
            else None
            for span, named in zip(spans, has_name, strict=True)
        ]  # fmt: skip

    labels = flat.columns["role_label"]
    builders = {
        "nama_norm": lambda: text(piece, flat.is_name),
        "titles": lambda: lists(piece, flat.roles == ROLE_TITLE),
        "patronymic": lambda: text(piece, flat.roles == ROLE_PATRONYMIC),
        "alias": lambda: text(piece, flat.roles == ROLE_ALIAS),
        "tokens": lambda: lists(piece, flat.is_name),
        "low_info": lambda: lists(flat.low.tolist(), flat.is_name, per_piece=True),
        "token_roles": lambda: lists([labels[r] for r in rows], flat.is_name, per_piece=True),
        "phonetic_key": lambda: text(key, flat.include),
        "key_token": lambda: one(key, flat.best),
        "first_token": lambda: one(piece, flat.first_last(last=False)),
        "last_token": lambda: one(piece, flat.first_last(last=True)),
    }
    return {name: builders[name]() for name in wanted}


def _series(name: str, values: list[Any]) -> pl.Series:
    """A column of :data:`PARSE_SCHEMA` from Python values (lists through Arrow, which
    converts nested lists many times faster than the polars constructor)."""
    dtype = PARSE_SCHEMA[name]
    if not isinstance(dtype, pl.List):
        return pl.Series(name, values, dtype=dtype)
    inner = pa.bool_() if dtype.inner == pl.Boolean else pa.large_string()
    out = pl.from_arrow(pa.array(values, type=pa.large_list(inner)))
    assert isinstance(out, pl.Series)
    return out.alias(name)


def _roles_of(flat: _Flat) -> pl.Series:
    assert flat.table is not None
    labels = flat.table["role_label"].gather(flat.rows)
    # rows of "Md" read as Made already point at the "made" piece, labelled birth_order
    return labels
