"""The error model of duplicate records (DOMAIN.md, Double voters, NIK, Birth dates, Names).

A duplicate starts as an exact copy of its person's original record; each error kind is
then applied independently with its rate (conditional kinds only where they can apply).
Duplicates are a few percent of the rows, so a plain loop over them is cheap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import numpy as np

from sidalih.errors import InvalidParameterError
from sidalih.synth import _pools as P
from sidalih.synth._names import old_spelling

__all__ = ["DEFAULT_ERROR_RATES", "check_rates", "corrupt"]

#: Probability of each error kind in a duplicate record (see the table in ``voters``).
DEFAULT_ERROR_RATES: dict[str, float] = {
    "name_typo": 0.12,
    "name_spelling": 0.05,
    "name_muhammad": 0.5,
    "name_title": 0.06,
    "name_token": 0.05,
    "name_case": 0.15,
    "name_space": 0.05,
    "nik_digit": 0.06,
    "nik_transpose": 0.03,
    "nik_missing": 0.03,
    "nik_spreadsheet": 0.02,
    "date_swap": 0.06,
    "date_year": 0.03,
    "date_placeholder": 0.03,
    "place_variant": 0.08,
    "moved": 0.25,
    "moved_nkk": 0.5,
    "own_nkk": 0.0,
}

#: Kinds applied where a duplicate lives (:mod:`._generate`), not to its own fields here.
PLACE_KINDS = ("moved", "moved_nkk", "own_nkk")

_MUH = re.compile(
    r"\b(" + "|".join(re.escape(f) for f in P.MUHAMMAD_FORMS + P.MUHAMMAD_ABBR) + r")(?=\s|$)"
)
_FRONT = re.compile(r"^(H\.|Hj\.|Drs\.|Dra\.|Andi) ")
_BACK = re.compile(r", [A-Za-z.]+$")
_OLD_MARKS = (("oe", "u"), ("Oe", "U"), ("dj", "j"), ("Dj", "J"), ("tj", "c"), ("Tj", "C"),
              ("sj", "sy"), ("nj", "ny"), ("ch", "kh"), ("Ch", "Kh"))  # fmt: skip
_PLACE_ALIASES = {"Makassar": "Ujung Pandang", "Surakarta": "Solo", "Yogyakarta": "Jogjakarta",
                  "Jakarta": "Jakarta Pusat", "Bogor": "Buitenzorg"}  # fmt: skip
_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def check_rates(rates: Mapping[str, float] | None) -> dict[str, float]:
    """Defaults updated with ``rates``; every rate must be a known kind in [0, 1]."""
    out = dict(DEFAULT_ERROR_RATES)
    if rates is not None and not isinstance(rates, Mapping):
        raise InvalidParameterError(
            f"error_rates must be a mapping of error kind to rate, such as "
            f"{{'name_typo': 0.2}}, got {type(rates).__name__}"
        )
    for key, value in (rates or {}).items():
        if key not in out:
            raise InvalidParameterError(
                f"error_rates: unknown kind {key!r}; known kinds: {', '.join(out)}"
            )
        # Text such as "0.2" is refused, not parsed: float() would take it silently.
        if (
            not isinstance(value, (int, float, np.integer, np.floating))
            or isinstance(value, (bool, np.bool_))
            or not 0.0 <= value <= 1.0
        ):
            raise InvalidParameterError(
                f"error_rates[{key!r}] must be a number in [0, 1], got {value!r}"
            )
        out[key] = float(value)
    return out


def _typo(s: str, rng: np.random.Generator) -> str:
    letters = [i for i, c in enumerate(s) if c.isalpha()]
    if not letters:
        return s
    i = letters[int(rng.integers(len(letters)))]
    op = int(rng.integers(4))
    if op == 0:  # substitution
        c = _KEYS[int(rng.integers(len(_KEYS)))]
        c = c.upper() if s[i].isupper() else c
        return s[:i] + (c if c != s[i] else ("a" if s[i] != "a" else "e")) + s[i + 1 :]
    if op == 1 and len(letters) > 2:  # deletion
        return s[:i] + s[i + 1 :]
    if op == 2:  # doubled letter
        return s[: i + 1] + s[i] + s[i + 1 :]
    j = i + 1 if i + 1 < len(s) and s[i + 1].isalpha() and s[i + 1] != s[i] else None
    if j is None:
        return s[: i + 1] + s[i] + s[i + 1 :]
    return s[:i] + s[j] + s[i] + s[j + 1 :]


def _spelling(s: str, rng: np.random.Generator) -> str:
    if any(old in s for old, _ in _OLD_MARKS):
        for old, new in _OLD_MARKS:
            s = s.replace(old, new)
        return s
    tokens = s.split(" ")
    i = int(rng.integers(len(tokens)))
    tokens[i] = old_spelling(tokens[i])
    return " ".join(tokens)


def _muhammad(s: str, rng: np.random.Generator) -> str | None:
    forms = P.MUHAMMAD_FORMS + P.MUHAMMAD_ABBR
    m = _MUH.search(s)
    if m:
        other = [f for f in forms if f != m.group(1)]
        return s[: m.start()] + other[int(rng.integers(len(other)))] + s[m.end() :]
    if "Abdul " in s:
        return s.replace("Abdul ", "Abd. ", 1)
    return None


def _title(s: str, female: bool, rng: np.random.Generator) -> str:
    if _FRONT.search(s):
        return _FRONT.sub("", s, count=1)
    if _BACK.search(s):
        return _BACK.sub("", s, count=1)
    if rng.random() < 0.5:
        return ("Hj. " if female else "H. ") + s
    return s + ", " + P.TITLES_BACK[int(rng.integers(len(P.TITLES_BACK)))]


def _token(s: str, rng: np.random.Generator) -> str:
    body, sep, back = s.partition(", ")
    tokens = body.split(" ")
    if len(tokens) < 2:
        return s
    if rng.random() < 0.5:
        del tokens[int(rng.integers(1, len(tokens)))]
    else:
        tokens = tokens[1:] + tokens[:1]
    return " ".join(tokens) + sep + back


def _space(s: str, rng: np.random.Generator) -> str:
    choice = int(rng.integers(3))
    if choice == 0 and " " in s:
        return s.replace(" ", "  ", 1)
    return s + " " if choice == 1 else " " + s


def _nik_digit(nik: str, rng: np.random.Generator) -> str:
    i = int(rng.integers(16))
    d = str((int(nik[i]) + int(rng.integers(1, 10))) % 10)
    return nik[:i] + d + nik[i + 1 :]


def _nik_transpose(nik: str, rng: np.random.Generator) -> str:
    spots = [i for i in range(15) if nik[i] != nik[i + 1]]
    i = spots[int(rng.integers(len(spots)))]
    return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]


def _nik_spreadsheet(nik: str, rng: np.random.Generator) -> str:
    kind = int(rng.integers(5))
    if kind == 0:
        return f"{int(nik):.5E}"  # 3.27101E+15: the lost digits cannot be restored
    if kind == 1:
        return nik + ".0"
    if kind == 2:
        return "'" + nik
    sep = " " if kind == 3 else "."
    return sep.join([nik[:6], nik[6:12], nik[12:]])


def _place(s: str, rng: np.random.Generator) -> str:
    if s in _PLACE_ALIASES:
        return _PLACE_ALIASES[s]
    kind = int(rng.integers(3))
    if kind == 0:
        return "Kab. " + s
    if kind == 1:
        return s.upper()
    return _typo(s, rng)


def _date(days: int, kind: str, rng: np.random.Generator) -> int | None:
    d = dt.date(1970, 1, 1) + dt.timedelta(days=int(days))
    if kind == "date_swap":
        if d.day > 12 or d.day == d.month:
            return None
        new = dt.date(d.year, d.day, d.month)
    elif kind == "date_year":
        step = 1 if rng.random() < 0.5 else -1
        new = d.replace(year=d.year + step, day=min(d.day, 28) if d.month == 2 else d.day)
    else:
        options = [dt.date(d.year, 7, 1), dt.date(d.year, 12, 31), dt.date(d.year, 1, 1)]
        options = [o for o in options if o != d]
        new = options[int(rng.integers(len(options)))]
    return (new - dt.date(1970, 1, 1)).days


def corrupt(
    records: dict[str, list], rates: Mapping[str, float], rng: np.random.Generator
) -> list[str]:
    """Apply the error model in place to duplicate ``records`` (lists ``nama``, ``nik``,
    ``bdate``, ``tempat_lahir``, ``female``); return the ";"-joined kinds per record.
    """
    n = len(records["nama"])
    draws = {k: rng.random(n) < v for k, v in rates.items() if k not in PLACE_KINDS}
    out: list[str] = []
    for i in range(n):
        done: list[str] = []
        name = records["nama"][i]
        for kind, fn in (
            ("name_spelling", _spelling),
            ("name_token", _token),
            ("name_typo", _typo),
        ):
            if draws[kind][i]:
                new = fn(name, rng)
                if new != name:
                    name = new
                    done.append(kind)
        if draws["name_muhammad"][i]:
            new_m = _muhammad(name, rng)
            if new_m is not None:
                name = new_m
                done.append("name_muhammad")
        if draws["name_title"][i]:
            name = _title(name, bool(records["female"][i]), rng)
            done.append("name_title")
        if draws["name_case"][i] and name != name.upper():
            name = name.upper()
            done.append("name_case")
        if draws["name_space"][i]:
            name = _space(name, rng)
            done.append("name_space")
        records["nama"][i] = name
        _corrupt_nik(records, i, draws, done, rng)
        for kind in ("date_swap", "date_year", "date_placeholder"):
            if draws[kind][i]:
                new_d = _date(records["bdate"][i], kind, rng)
                if new_d is not None and new_d != records["bdate"][i]:
                    records["bdate"][i] = new_d
                    done.append(kind)
                    break
        if draws["place_variant"][i]:
            records["tempat_lahir"][i] = _place(records["tempat_lahir"][i], rng)
            done.append("place_variant")
        out.append(";".join(done))
    return out


def _corrupt_nik(
    records: dict[str, list], i: int, draws: dict[str, np.ndarray], done: list[str],
    rng: np.random.Generator,
) -> None:  # fmt: skip
    nik = records["nik"][i]
    if draws["nik_missing"][i]:
        records["nik"][i] = None
        done.append("nik_missing")
        return
    if draws["nik_digit"][i]:
        nik = _nik_digit(nik, rng)
        done.append("nik_digit")
    elif draws["nik_transpose"][i]:
        nik = _nik_transpose(nik, rng)
        done.append("nik_transpose")
    if draws["nik_spreadsheet"][i]:
        nik = _nik_spreadsheet(nik, rng)
        done.append("nik_spreadsheet")
    records["nik"][i] = nik
