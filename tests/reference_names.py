"""Naive per-name reference for sidalih.names (plain Python, written from the docs).

Deliberately slow and obvious: one name at a time, Python strings and lists, Python's
``re`` (with back-references) instead of polars/numba. Shares only the word lists of
``sidalih.names._lexicon`` (data, not logic). Used by hypothesis tests and as the
pure-Python baseline of ``benchmarks/bench_names.py``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sidalih.names import _lexicon as lx

MARKS = ("oe", "dj", "tj", "sj", "ch")
MUHAMMAD = re.compile(r"^m[ou](h|kh)?a?mm?[ae](dd?|t)$")


# --- cleaning and tokens --------------------------------------------------------------
_AS_LETTER = dict(zip("0123456789", "oizeasgtbg", strict=True))


def ref_read_digits(text: str) -> str:
    """Misread digits in a word of letters as letters: between two letters, or a 0 at
    the word's edge beside a letter; a word needs two letters per digit and two at least."""
    out = []
    for word in re.split(r"([A-Za-z0-9]+)", text):
        digits = sum(c.isdigit() for c in word)
        letters = sum(c.isascii() and c.isalpha() for c in word)
        if digits == 0 or letters < 2 or letters < 2 * digits:
            out.append(word)
            continue
        chars = list(word)
        for i, c in enumerate(word):
            before = i > 0 and word[i - 1].isalpha()
            after = i + 1 < len(word) and word[i + 1].isalpha()
            edge = i == 0 or i == len(word) - 1
            if c.isdigit() and ((before and after) or (c == "0" and edge and (before or after))):
                chars[i] = _AS_LETTER[c]
        out.append("".join(chars))
    return "".join(out)


def ref_raw_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = ref_read_digits(text)
    text = text.lower().replace("'", "").replace("`", "")
    return re.findall(r"[a-z]+(?:\.[a-z]*)*|[,(]", text)


def ref_tokens(text: str) -> list[str]:
    toks = ref_raw_tokens(text)
    out: list[str] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if (
            len(tok) == 2
            and tok[1] == "."
            and i + 1 < len(toks)
            and toks[i + 1] not in (",", "(")
            and len(toks[i + 1].split(".")[0]) <= 4
            and (i + 2 >= len(toks) or toks[i + 2] == "," or "." in toks[i + 2])
        ):
            out.append(tok + toks[i + 1])
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


# --- folds ----------------------------------------------------------------------------
def _fold_once(word: str) -> str:
    marked = any(m in word for m in MARKS) or word.startswith("nj")
    out = []
    i = 0
    while i < len(word):
        two = word[i : i + 2]
        if two == "oe":
            out.append("u")
            i += 2
        elif two == "dj":
            out.append("j")  # a modern j: never becomes y
            i += 2
        elif two == "tj":
            out.append("c")
            i += 2
        elif two == "sj":
            out.append("sy")
            i += 2
        elif two == "ch":
            out.append("kh")
            i += 2
        elif two == "nj" and (i == 0 or marked):
            out.append("ny")
            i += 2
        elif word[i] == "j" and marked:
            out.append("y")
            i += 1
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


def ref_fold(word: str) -> str:
    for _ in range(8):
        if not (any(m in word for m in MARKS) or word.startswith("nj")):
            return word
        word = _fold_once(word)
    return word


def ref_spell(word: str) -> str:
    """The spelling folds after old spelling: the Arabic qaf is a k."""
    return word.replace("q", "k")


def ref_abdul(word: str) -> list[str]:
    """Abd + the article + a name in one word is two words, ``abdul`` and the name (the
    article's l said as a sun letter doubles it: Abdurrahman); Abdullah stays whole."""
    found = re.fullmatch(r"abdul([a-z]{3,})", word)
    if found:
        allah = ("lah", "loh", "llah", "lloh", "laah", "lahi", "lohi")
        return [word] if found.group(1) in allah else ["abdul", found.group(1)]
    found = re.fullmatch(r"abdu([rsntdz])\1?([a-z]+)", word)
    if found and len(found.group(1) + found.group(2)) >= 3:
        return ["abdul", found.group(1) + found.group(2)]
    return [word]


def ref_canonical(word: str) -> str:
    if MUHAMMAD.match(word):
        return "muhammad"
    return lx.CANONICAL.get(word, word)


# --- phonetic key ---------------------------------------------------------------------
def ref_key(token: str) -> str:
    k = token.replace("kh", "h")
    k = re.sub("sh|sy|ts", "s", k)
    k = re.sub("dz|z", "j", k)
    k = k.replace("dh", "d").replace("th", "t").replace("gh", "g")
    k = re.sub("ph|f|v", "p", k)
    k = k.replace("q", "k").replace("x", "ks").replace("ae", "ai")
    k = k.replace("o", "a").replace("y", "i")
    k = re.sub(r"(.)\1+", r"\1", k)
    k = re.sub(r"([aeiu])h$", r"\1", k)
    k = re.sub("d$", "t", k)
    return re.sub("b$", "p", k)


# --- pieces and positions ---------------------------------------------------------------
def ref_pieces(tok: str) -> list[tuple[str, bool, str, bool]]:
    """(canonical piece, dotted, folded-before-canonical, a degree that is a title at the
    start too) of one token. That degree is written with dots and a part of two letters
    or more (S.Pd., A.Md.Kep.): initials have none, and S.H. first may be initials."""
    if tok in (",", "("):
        return [(tok, False, tok, False)]
    dotted = "." in tok
    compact = tok.replace(".", "")
    titles = lx.title_words()
    if dotted and ref_fold(compact) not in titles:
        words = [w for w in tok.split(".") if w]
        # a title at the end of the token, of two or three words, stays one piece
        # (not a two-word title's initials: M.I.B. is three initials)
        tail_titles = titles - lx.PAIR_INITIALS
        tails = [k for k in (3, 2)
                 if len(words) > k and ref_fold("".join(words[-k:])) in tail_titles]
        if tails:
            words = [*words[: -tails[0]], "".join(words[-tails[0]:])]
    else:
        words = [compact]
    spelt_out = dotted and any(len(part) >= 2 for part in tok.split("."))
    out = []
    for w in words:
        for folded in ref_abdul(ref_spell(ref_fold(w))):
            piece = ref_canonical(folded)
            out.append((piece, dotted, folded, spelt_out and piece in lx.SUFFIX_STRONG))
    return out


def _is_prefix(it: dict[str, Any]) -> bool:
    p = it["p"]
    return p in lx.PREFIX_TITLES or p in lx.PREFIX_AMBIGUOUS or it["front_degree"]


def _is_suffix(p: str, dotted: bool) -> bool:
    return p in lx.SUFFIX_STRONG or (dotted and p in lx.SUFFIX_WEAK)


def _strip_suffix(items: list[dict[str, Any]], end: int) -> int:
    """Mark suffix titles walking back from ``end - 1``; the first word never is one."""
    first_comma = next((k for k in range(end) if _comma(items[k]["p"])), end)
    words = [k for k in range(end) if not _comma(items[k]["p"])]
    while len(words) > 1:
        k = words[-1]
        it = items[k]
        weak = it["p"] in lx.SUFFIX_WEAK and (k > first_comma or len(words) - 1 >= 2)
        if _is_suffix(it["p"], it["dotted"]) or weak:
            it["role"] = "title"
            words.pop()
            end = k
        else:
            break
    return end


_TAILS = {t for tails in lx.PAIR_TITLES.values() for t in tails}


def _strip_prefix(items: list[dict[str, Any]], lo: int, hi: int, role: str) -> int:
    words = [k for k in range(lo, hi) if not _comma(items[k]["p"])]
    last = words[-1] if words else lo
    k = lo
    while k < last:
        p = items[k]["p"]
        after = items[k + 1] if k + 1 < len(items) else {"p": "", "front_degree": False}
        nxt = after["p"]
        if _comma(p):
            k += 1
        elif (p in lx.PAIR_TITLES and nxt in _TAILS and k + 1 < last
              and (len(p) == 1) == (len(nxt) == 1)):
            # two words (Raden Ajeng) or two initials (R. A.), never one of each
            items[k]["role"] = items[k + 1]["role"] = role
            k += 2
        elif p in lx.GENDER_WORDS and _is_prefix(after) and k + 1 < last:
            # I / Ni before a title is the title's: I Gusti Ngurah Rai is Gusti Ngurah Rai
            items[k]["role"] = items[k + 1]["role"] = role
            k += 2
        elif _is_prefix(items[k]):
            items[k]["role"] = role
            k += 1
        else:
            break
    return k


def _comma(p: str) -> bool:
    """A comma, or a word that puts another name after the name (dropped as a comma is)."""
    return p == "," or p in lx.ALIAS_WORDS


def _other_part(items: list[dict[str, Any]], lo: int, hi: int, role: str) -> None:
    """The patronymic's or the alias' words, their prefix titles dropped."""
    p = _strip_prefix(items, lo, hi, "drop")
    for q in range(p, hi):
        if items[q]["role"] == "name":
            items[q]["role"] = role


def ref_roles(items: list[dict[str, Any]]) -> None:
    for it in items:
        it["role"] = "drop" if _comma(it["p"]) else "name"
    if all(_comma(it["p"]) for it in items):
        return
    first = next(k for k, it in enumerate(items) if not _comma(it["p"]))
    hi = _strip_suffix(items, len(items))
    name_hi = hi
    # the first bin and the first alias word after it, each with a word after it
    bin_at = alias_at = None
    for k in range(first + 1, hi):
        p = items[k]["p"]
        if p not in lx.BIN_WORDS and p not in lx.ALIAS_WORDS:
            continue
        if not any(not _comma(items[q]["p"]) for q in range(k + 1, hi)):
            continue
        if p in lx.ALIAS_WORDS:
            alias_at = k
            break
        if bin_at is None:
            bin_at = k
    if alias_at is not None:
        name_hi = _strip_suffix(items, alias_at)
        _other_part(items, alias_at + 1, hi, "alias")
    if bin_at is not None:
        items[bin_at]["role"] = "bin"
        name_hi = _strip_suffix(items, bin_at)
        _other_part(items, bin_at + 1, hi if alias_at is None else alias_at, "patronymic")
    _strip_prefix(items, first, name_hi, "title")
    # Md. / Ny. right after a Balinese word (whatever its role) is Made / Nyoman
    prev_bali = False
    for it in items:
        if _comma(it["p"]):
            continue
        if it["role"] == "name" and prev_bali and it["folded"] in ("md", "ny"):
            it["role"], it["p"] = "made", "made" if it["folded"] == "md" else "nyoman"
        prev_bali = it["p"] in lx.BALI_BEFORE_ORDER
    # "St." as the first name word, another after it, is Siti
    named = [it for it in items if it["role"] in ("name", "made")]
    if len(named) >= 2 and named[0]["role"] == "name" and named[0]["p"] == "st":
        named[0]["p"] = "siti"


def _nokey(p: str) -> bool:
    return len(p) == 1 or p == "muhammad" or p in lx.GENDER_WORDS


def _low(p: str) -> bool:
    return p in lx.GENDER_WORDS or p in lx.BIRTH_ORDER_WORDS or p in ("muhammad", "abdul")


def ref_parse(name: object) -> dict[str, Any]:
    """Every column of ``sidalih.names.parse`` for one name.

    Three or more single-letter name words in a row are joined and the name parsed
    again from that text, keeping the titles and patronymic of both passes.
    """
    first = _ref_parse_once(name)
    norm = first["nama_norm"]
    if norm is None:
        return first
    words = norm.split(" ")
    joined: list[str] = []
    run: list[str] = []
    for w in [*words, "  "]:
        if len(w) == 1:
            run.append(w)
            continue
        joined.extend(["".join(run)] if len(run) >= 3 else run)
        run = []
        joined.append(w)
    text = " ".join(joined[:-1])
    if text == norm:
        return first
    again = _ref_parse_once(text)
    again["titles"] = first["titles"] + again["titles"]
    again["patronymic"] = first["patronymic"] or again["patronymic"]
    again["alias"] = first["alias"] or again["alias"]
    return again


def _ref_parse_once(name: object) -> dict[str, Any]:
    empty: dict[str, Any] = {
        "nama_norm": None,
        "titles": None,
        "patronymic": None,
        "alias": None,
        "tokens": None,
        "low_info": None,
        "phonetic_key": None,
        "key_token": None,
        "first_token": None,
        "last_token": None,
    }
    if not isinstance(name, str):
        return empty
    items: list[dict[str, Any]] = [
        {"p": p, "dotted": d, "folded": f, "front_degree": g}
        for tok in ref_tokens(name)
        for p, d, f, g in ref_pieces(tok)
    ]
    ref_roles(items)
    names = [it for it in items if it["role"] in ("name", "made")]
    if not names:
        return empty
    tokens = [it["p"] for it in names]
    keyed = [it for it in names if it["role"] == "made" or not _nokey(it["p"])] or names
    candidates = [
        it for it in names if it["role"] == "name" and not _nokey(it["p"]) and not _low(it["p"])
    ]
    best = names[-1]
    if candidates:
        longest = max(len(it["p"]) for it in candidates)
        best = [it for it in candidates if len(it["p"]) == longest][-1]
    patronymic = [it["p"] for it in items if it["role"] == "patronymic"]
    alias = [it["p"] for it in items if it["role"] == "alias"]
    return {
        "nama_norm": " ".join(tokens),
        "titles": [it["p"] for it in items if it["role"] == "title"],
        "patronymic": " ".join(patronymic) if patronymic else None,
        "alias": " ".join(alias) if alias else None,
        "tokens": tokens,
        "low_info": [it["role"] == "made" or _low(it["p"]) for it in names],
        "phonetic_key": " ".join(ref_key(it["p"]) for it in keyed),
        "key_token": ref_key(best["p"]),
        "first_token": tokens[0],
        "last_token": tokens[-1],
    }
