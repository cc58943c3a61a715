"""Village voter lists written by hand, independent of :mod:`sidalih.synth`.

The accuracy tests must not rest on one generator's error model. This module builds a
list from its own name pools, family structure and error model, with the look-alikes an
officer meets in a real village (DOMAIN.md): twins on one family card, a son carrying his
father's name, namesakes on placeholder birth dates with their own cards and NIKs, and
duplicates that moved house, lost their NIK, or were typed differently. Only the
village codes come from the package's reference data (a real village, so its NIK and
region checks pass).

    >>> village = handmade_village(300, seed=1)
    >>> village.voters.height == village.truth.height
    True
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import polars as pl

GIVEN = ["Siti", "Muhammad", "Ahmad", "Nur", "Dewi", "Sri", "Agus", "Budi", "Eko", "Rina",
         "Wahyu", "Dian", "Yuni", "Ari", "Joko", "Slamet", "Ani", "Endang", "Tri", "Dwi",
         "Rizky", "Putri", "Fajar", "Indah", "Nurul", "Abdul", "Hendra", "Yusuf", "Lilis",
         "Asep", "Ujang", "Euis", "Cecep", "Iwan", "Ratna", "Wati", "Dedi", "Yanti"]
FAMILY = ["Rahmawati", "Hidayat", "Santoso", "Wibowo", "Lestari", "Saputra", "Susanti",
          "Kurniawan", "Setiawan", "Handayani", "Purnomo", "Wahyuni", "Prasetyo", "Nugroho",
          "Pratama", "Sari", "Utami", "Hakim", "Fauzi", "Ramadhan", "Sulastri", "Supriadi"]
# one-word names, common among older Javanese and Sundanese voters
SINGLE = ["Suparman", "Sutrisno", "Tukiyem", "Sumarni", "Paijo", "Sarinah", "Karsim",
          "Wagiyo", "Juminten", "Sukirman", "Darsih", "Rasimah", "Tarmini", "Kasmadi"]
PLACES = ["Bogor", "Sukabumi", "Cianjur", "Bandung", "Jakarta", "Garut", "Tasikmalaya"]
TWIN_NAMES = [("Hasan", "Husein"), ("Nur Aini", "Nur Aina"), ("Rizki", "Rizka"),
              ("Dwi Putra", "Dwi Putri"), ("Fajar", "Fitri")]


@dataclass
class HandmadeList:
    """Voters, each record's true person, and the look-alike pairs of different people."""

    voters: pl.DataFrame
    truth: pl.DataFrame
    lookalikes: pl.DataFrame = field(repr=False)


def _village(seed: int) -> dict[str, str]:
    from sidalih.synth._places import village_table

    table = village_table().filter(pl.col("kode_provinsi") == "32")
    row = table.row(random.Random(seed).randrange(table.height), named=True)
    return {"kode_desa": row["kode_desa"], "kec": row["kode_kecamatan"]}


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.place = _village(seed)
        self.rows: list[dict[str, Any]] = []
        self.looks: list[tuple[int, int, str]] = []
        self.serial = 0
        self.card_serial = 0
        self.person = 0

    def card(self) -> str:
        self.card_serial += 1
        issued = dt.date(2005, 1, 1) + dt.timedelta(days=self.rng.randrange(6000))
        return f"{self.place['kec']}{issued:%d%m%y}{self.card_serial:04d}"

    def nik(self, born: dt.date, female: bool) -> str:
        self.serial += 1
        day = born.day + (40 if female else 0)
        return f"{self.place['kec']}{day:02d}{born.month:02d}{born.year % 100:02d}{self.serial:04d}"

    def birth(self, low: int, high: int, *, placeholder: float = 0.15) -> dt.date:
        year = self.rng.randint(low, high)
        if self.rng.random() < placeholder:
            return dt.date(year, 7, 1) if self.rng.random() < 0.7 else dt.date(year, 12, 31)
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def name(self, female: bool | None = None) -> str:
        if self.rng.random() < 0.15:
            return self.rng.choice(SINGLE)
        parts = [self.rng.choice(GIVEN)]
        if self.rng.random() < 0.4:
            parts.append(self.rng.choice(GIVEN))
        parts.append(self.rng.choice(FAMILY))
        return " ".join(parts)

    def add(self, person: int, nama: str, born: dt.date, female: bool, nik: str | None,
            nkk: str, rt: int, rw: int) -> int:
        row_id = len(self.rows) + 1
        self.rows.append({
            "id": row_id, "person_id": person, "nik": nik, "nkk": nkk, "nama": nama,
            "tempat_lahir": self.rng.choice(PLACES[:3]), "tanggal_lahir": born.strftime("%d-%m-%Y"),
            "jenis_kelamin": "P" if female else "L", "rt": f"{rt:03d}", "rw": f"{rw:03d}",
            "alamat": f"Kp. {self.rng.choice(['Babakan', 'Cibodas', 'Sukamaju'])} RT {rt:02d}",
            "kode_desa": self.place["kode_desa"]})
        return row_id

    def new_person(self) -> int:
        self.person += 1
        return self.person


def _family(b: _Builder) -> list[int]:
    """One family card: parents, children (sometimes twins, sometimes a junior namesake)."""
    rng = b.rng
    nkk, rt, rw = b.card(), rng.randint(1, 12), rng.randint(1, 5)
    father_born = b.birth(1945, 1985)
    father_name = b.name()
    ids = []
    father = b.new_person()
    ids.append(b.add(father, father_name, father_born, False, b.nik(father_born, False), nkk,
                     rt, rw))
    if rng.random() < 0.85:
        born = b.birth(father_born.year - 2, min(father_born.year + 8, 1990))
        mother = b.new_person()
        ids.append(b.add(mother, b.name(), born, True, b.nik(born, True), nkk, rt, rw))
    first_child = father_born.year + 20
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        if first_child > 2006:
            break
        born = b.birth(first_child, min(first_child + 6, 2007))
        female = rng.random() < 0.5
        roll = rng.random()
        if roll < 0.06:  # twins: same date, same card, names that differ a little
            a, c = rng.choice(TWIN_NAMES)
            surname = father_name.split()[-1]
            one = b.add(b.new_person(), f"{a} {surname}", born, female, b.nik(born, female),
                        nkk, rt, rw)
            two = b.add(b.new_person(), f"{c} {surname}", born, female, b.nik(born, female),
                        nkk, rt, rw)
            b.looks.append((one, two, "twin"))
            ids += [one, two]
        elif roll < 0.12 and not female:  # the son carries his father's name
            son = b.add(b.new_person(), father_name, born, False, b.nik(born, False), nkk, rt,
                        rw)
            b.looks.append((ids[0], son, "junior"))
            ids.append(son)
        else:
            ids.append(b.add(b.new_person(), b.name(), born, female, b.nik(born, female), nkk,
                             rt, rw))
        first_child = born.year + 2
    return ids


def _namesake(b: _Builder, row: dict[str, Any]) -> None:
    """Another person of the same name and birth year on a placeholder date, own card."""
    year = int(row["tanggal_lahir"][-4:])
    born = dt.date(year, 7, 1)
    female = row["jenis_kelamin"] == "P"
    other = b.add(b.new_person(), row["nama"], born, female, b.nik(born, female), b.card(),
                  b.rng.randint(1, 12), b.rng.randint(1, 5))
    b.looks.append((row["id"], other, "namesake"))


def _name_variant(rng: random.Random, name: str) -> str:
    tokens = name.split()
    roll = rng.random()
    if roll < 0.2 and "Muhammad" in tokens:
        return name.replace("Muhammad", rng.choice(["Muhamad", "Mohammad", "M."]))
    if roll < 0.35 and len(tokens) > 1:
        return rng.choice(["H. ", "Hj. ", ""]) + name + rng.choice([", S.Pd", ", SE", ""])
    if roll < 0.5 and len(tokens) > 2:
        return " ".join([tokens[0] + tokens[1]] + tokens[2:])  # "Nur Aini" -> "Nuraini"
    if roll < 0.7:
        i = rng.randrange(len(name))
        return name[:i] + name[i + 1:] if name[i] != " " else name
    if roll < 0.8:
        return name.upper()
    return name


def _duplicate(b: _Builder, row: dict[str, Any]) -> None:
    """The same person registered again, as a clerk would get it wrong."""
    rng = b.rng
    dup = dict(row)
    dup["nama"] = _name_variant(rng, row["nama"])
    roll = rng.random()
    if roll < 0.3:  # moved within the village: new RT, new family card
        dup["rt"], dup["nkk"] = f"{rng.randint(1, 12):03d}", b.card()
    if rng.random() < 0.25:
        dup["nik"] = None
    elif rng.random() < 0.15 and dup["nik"]:
        i = rng.randrange(12, 16)
        dup["nik"] = dup["nik"][:i] + str((int(dup["nik"][i]) + 1) % 10) + dup["nik"][i + 1:]
    if rng.random() < 0.15:
        d, m, y = dup["tanggal_lahir"].split("-")
        if int(d) <= 12 and d != m:
            dup["tanggal_lahir"] = f"{m}-{d}-{y}"
    dup["id"] = len(b.rows) + 1
    b.rows.append(dup)


def handmade_village(n: int, *, seed: int = 0, duplicate_rate: float = 0.05,
                     namesake_rate: float = 0.03, missing_nik: float = 0.1) -> HandmadeList:
    """A village of about ``n`` voters with duplicates and look-alikes (see module)."""
    b = _Builder(seed)
    while len(b.rows) < n:
        _family(b)
    originals = list(b.rows)
    for row in b.rng.sample(originals, int(namesake_rate * len(originals))):
        _namesake(b, row)
    for row in list(b.rows):
        if b.rng.random() < missing_nik:
            row["nik"] = None
    for row in b.rng.sample(originals, int(duplicate_rate * len(originals))):
        _duplicate(b, row)
    frame = pl.DataFrame(b.rows)
    truth = frame.select("id", "person_id")
    voters = frame.drop("person_id")
    looks = pl.DataFrame(b.looks, schema=["id_l", "id_r", "kind"], orient="row")
    return HandmadeList(voters, truth, looks)
