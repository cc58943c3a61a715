"""Independent synthetic Indonesian voter-list generator (written from DOMAIN.md only).

Written in session 16 by a helper that had not read ``sidalih.synth`` or
``tests/handmade_lists.py``, so that accuracy is also measured on a third error model:
its own names (Javanese, old spelling, Muslim, Batak, Chinese-Indonesian, Minahasa,
Balinese, titles, bin/binti), families, twins (boy/girl twins of one serial, rhyming
names), fathers and sons, namesakes on placeholder dates, and clerk errors (NIK typos,
blanks, masks, 14 digits, scientific notation, name spellings, dates, moves). Used by
``benchmarks/bench_independent.py`` and ``tests/test_independent_lists.py``.

gen(n_rows, shape, seed) -> (frame, persons, lookalikes)
  frame      : pandas DataFrame with KPU headers + 'id' + truth columns
               ('_pid', '_dup_of', '_errors'); truth columns start with '_' and are
               dropped before handing the list to sidalih.
  lookalikes : DataFrame(pid_a, pid_b, kind) of different people who look alike.

Shapes: one_village, many_villages, family_heavy, nik_missing30, movers.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd
import polars as pl

_DATA = Path(__file__).resolve().parents[1] / "sidalih" / "regions" / "data"

ELECTION = dt.date(2024, 2, 14)

_V = pl.read_parquet(_DATA / "villages.parquet").filter(
    pl.col("in_2022").fill_null(False) | pl.col("in_2025").fill_null(False))
_R = pl.read_parquet(_DATA / "regions.parquet")
REGION_NAME = dict(zip(_R["code"].to_list(), _R["name"].to_list(), strict=False))


def villages_of(regency: str) -> list[str]:
    return sorted(_V.filter(pl.col("code").str.starts_with(regency))["code"].to_list())


# ----------------------------------------------------------------------------- names
JAV_M1 = ["Sutrisno", "Sugiyanto", "Suparman", "Slamet", "Bambang", "Joko", "Suharto", "Sukirman", "Wagiman", "Paimin", "Sarno", "Tukiman", "Darmo", "Supriyadi", "Sugeng", "Mulyono", "Harjono", "Suwarno", "Ngadiman", "Kasimin", "Parjo", "Suyono", "Wiyono", "Sutarno", "Sumardi", "Jumadi", "Karyono", "Marjuki", "Purwanto", "Rusdi", "Sukardi", "Ponijan", "Tarmuji", "Wahyudi", "Sukiman", "Legiman", "Suroto", "Kasno", "Warsito", "Yatno"]
JAV_F1 = ["Sumarni", "Sulastri", "Suparmi", "Painem", "Tukinem", "Wartini", "Sumiyati", "Suwarni", "Sriyani", "Ngatinem", "Parsini", "Kartini", "Sukini", "Tumini", "Rukmini", "Sundari", "Warsini", "Suyati", "Jumiati", "Sarinah", "Kasiyem", "Surati", "Wagiyem", "Mujiati", "Partini", "Sutini", "Lasmi", "Tarmini", "Rubiyah", "Sukarti"]
JAV_MF = ["Agus", "Budi", "Eko", "Dwi", "Tri", "Heru", "Teguh", "Hadi", "Andi", "Dedi", "Rudi", "Arif", "Yudi", "Adi", "Bayu", "Fajar", "Rizky", "Dimas", "Bagus", "Wahyu", "Yoga", "Galih", "Aditya", "Satria", "Dian"]
JAV_ML = ["Santoso", "Setiawan", "Prasetyo", "Nugroho", "Wibowo", "Saputra", "Kurniawan", "Hidayat", "Susanto", "Pratama", "Firmansyah", "Gunawan", "Hermawan", "Purnomo", "Wijaya", "Kusuma", "Widodo", "Sulistyo", "Hartono", "Raharjo", "Priyanto", "Utomo", "Cahyono"]
JAV_FF = ["Sri", "Dewi", "Rina", "Yuli", "Endang", "Dwi", "Tri", "Eka", "Ratna", "Wulan", "Ani", "Indah", "Putri", "Nur", "Fitri", "Dian", "Ayu", "Lina", "Retno", "Tuti", "Novi", "Rini", "Yanti", "Wahyu"]
JAV_FL = ["Rahayu", "Wahyuni", "Lestari", "Handayani", "Wulandari", "Susanti", "Kurniasih", "Puspitasari", "Anggraini", "Rahmawati", "Safitri", "Utami", "Maharani", "Oktaviani", "Ningsih", "Fitriani", "Astuti", "Sulistyowati", "Purwaningsih", "Widyastuti", "Sari", "Mulyani"]
MUS_M = ["Rizki", "Fauzan", "Ilham", "Arif", "Yusuf", "Hasan", "Husein", "Iqbal", "Ridwan", "Faisal", "Hamzah", "Ali", "Ibrahim", "Ismail", "Zainal", "Syaiful", "Nurhadi", "Khoirul", "Miftahul", "Saiful", "Anwar", "Lukman", "Hakim", "Taufik"]
MUS_ML = ["Rahman", "Hidayat", "Hakim", "Fauzi", "Ramadhan", "Maulana", "Syahputra", "Habibi", "Firdaus", "Anshori", "Mubarok", "Zulkarnain"]
MUS_F = ["Aminah", "Khodijah", "Fatimah", "Aisyah", "Zainab", "Rohmah", "Maryam", "Hafsah", "Nurjanah", "Munawaroh", "Mardiyah", "Halimah", "Rukayah", "Salamah", "Khoiriyah", "Zubaidah"]
MUS_FP = ["Siti", "Nur", "Nurul", "Umi", "Dewi", "Sri"]
OLD_M = ["Soekarno", "Soeharto", "Djoko", "Soetrisno", "Tjipto", "Soedarmo", "Soepardi", "Moeljono", "Soewardi", "Djumadi", "Soekiman", "Soedjono", "Tjokro", "Darsoeki", "Soemarno", "Soeparman"]
OLD_F = ["Djumini", "Soewarni", "Soemiati", "Djamilah", "Tjitrowati", "Soekarti", "Soepini", "Roesmini", "Soeminah", "Djuariah", "Soelastri", "Koestini"]
BATAK_MARGA = ["Siregar", "Nasution", "Simanjuntak", "Sitorus", "Hutapea", "Pardede", "Sinaga", "Silalahi", "Situmorang", "Panjaitan", "Harahap", "Lubis", "Simatupang", "Manurung", "Napitupulu", "Tambunan", "Hutagalung", "Sihombing", "Sianipar", "Pasaribu", "Marpaung", "Butarbutar", "Siahaan", "Nainggolan"]
BATAK_M = ["Jonathan", "Daniel", "Lamhot", "Tigor", "Rudolf", "Hotman", "Togar", "Sahat", "Poltak", "Benny", "Parlindungan", "Maruli", "Bonar", "Halomoan", "Jansen", "Mangasi", "Robert", "Hendrik", "Sarmauli", "Darwin", "Edison"]
BATAK_F = ["Maria", "Rosmawati", "Roslina", "Ester", "Rosida", "Marlina", "Dame", "Sondang", "Tiurma", "Lasma", "Romauli", "Rotua", "Nurhayati", "Lenny", "Mega", "Duma", "Hotmaida", "Tetty", "Nurmala", "Desi"]
CHN_FAM = ["Halim", "Salim", "Tanoto", "Wijaya", "Gunawan", "Tjandra", "Santoso", "Kusnadi", "Hartono", "Sugiarto", "Lim", "Tan"]
CHN_M = ["Budi", "Hendra", "Yohanes", "Kevin", "Susanto", "Andreas", "Wilson", "Hendrik", "Johan", "Steven", "Felix", "Rudy"]
CHN_F = ["Lili", "Wenny", "Linda", "Fenny", "Meliana", "Susi", "Yenny", "Lanny", "Vivian", "Cindy", "Elsa", "Mei"]
CHN_OLD = [("Tan", "Siok", "Lan"), ("Lie", "Kim", "Hwa"), ("Oei", "Hong", "Djien"),
           ("Liem", "Swie", "King"), ("Go", "Tjoe", "Ling"), ("Kwee", "Tjie", "Hoei")]
XT_M = ["Yohanes", "Petrus", "Fransiskus", "Agustinus", "Yosef", "Stefanus", "Yakobus", "Paulus", "Markus", "Aloysius", "Gregorius", "Antonius"]
XT_F = ["Maria", "Magdalena", "Theresia", "Elisabeth", "Kristina", "Natalia", "Veronika", "Yuliana", "Agnes", "Katarina"]
XT_FAM = ["Wuisan", "Mandagi", "Lumenta", "Pangemanan", "Sumampouw", "Tumbelaka", "Rondonuwu", "Kaunang", "Wowor", "Lasut", "Sahetapy", "Pattiasina", "Tuhumury", "Leatemia", "Latuconsina"]
BALI_ORD = ["Wayan", "Putu", "Gede", "Made", "Kadek", "Nyoman", "Komang", "Ketut"]
BALI_G = ["Sudarsana", "Artini", "Suarta", "Widiastuti", "Sukerta", "Ariani", "Budiasa", "Suryani", "Mertayasa", "Sudiarta", "Wirawan", "Astiti", "Darmawan", "Sumerta"]
PRE_TITLE = ["H.", "Hj.", "Drs.", "Dra.", "Ir.", "dr."]
POST_TITLE = ["S.Pd.", "S.H.", "S.E.", "S.Kom.", "A.Md.", "S.Sos.", "M.Pd."]
PLACES = {
    "jav": ["Bojonegoro", "Semarang", "Surabaya", "Solo", "Klaten", "Blora", "Tuban", "Kudus",
            "Lamongan", "Ngawi", "Jakarta", "Yogyakarta"],
    "batak": ["Balige", "Tarutung", "Medan", "Pematangsiantar", "Sibolga", "Porsea", "Laguboti"],
    "chn": ["Medan", "Jakarta", "Semarang", "Surabaya", "Pontianak", "Bandung"],
    "xt": ["Manado", "Tomohon", "Ambon", "Kupang", "Bitung"],
    "bali": ["Denpasar", "Badung", "Gianyar", "Tabanan"],
}
PLACES["mus"] = PLACES["jav"]
STREETS = ["Jl. Merdeka", "Jl. Diponegoro", "Jl. Sudirman", "Jl. Kartini", "Dusun Krajan",
           "Dusun Ngasem", "Jl. Pahlawan", "Gg. Mawar", "Jl. Imam Bonjol", "Dusun Sumber",
           "Jl. Ahmad Yani", "Gg. Melati", "Lingkungan I", "Lingkungan II", "Jl. Gatot Subroto"]


class Namer:
    def __init__(self, rng: random.Random):
        self.r = rng

    def given(self, eth: str, sex: str, year: int) -> str:
        r = self.r
        if eth == "jav":
            if year < 1960 and r.random() < 0.45:
                return r.choice(OLD_M if sex == "L" else OLD_F)
            if year < 1975 and r.random() < 0.7:
                return r.choice(JAV_M1 if sex == "L" else JAV_F1)
            if sex == "L":
                toks = [r.choice(JAV_MF)]
                if r.random() < 0.25:
                    toks.append(r.choice(JAV_MF))
                toks.append(r.choice(JAV_ML))
            else:
                toks = [r.choice(JAV_FF)]
                if r.random() < 0.2:
                    toks.append(r.choice(JAV_FF))
                toks.append(r.choice(JAV_FL))
            return " ".join(dict.fromkeys(toks))
        if eth == "mus":
            if sex == "L":
                p = r.random()
                head = ("Muhammad" if p < 0.35 else "Ahmad" if p < 0.55 else
                        "Abdul" if p < 0.7 else "")
                toks = [t for t in (head, r.choice(MUS_M)) if t]
                if r.random() < 0.6:
                    toks.append(r.choice(MUS_ML))
            else:
                toks = [r.choice(MUS_FP), r.choice(MUS_F)] if r.random() < 0.7 else [r.choice(MUS_F)]
            return " ".join(dict.fromkeys(toks))
        if eth == "batak":
            return r.choice(BATAK_M if sex == "L" else BATAK_F)
        if eth == "chn":
            return r.choice(CHN_M if sex == "L" else CHN_F)
        if eth == "xt":
            return r.choice(XT_M if sex == "L" else XT_F)
        if eth == "bali":
            return f"{'I' if sex == 'L' else 'Ni'} {{ord}} {r.choice(BALI_G)}"
        raise ValueError(eth)

    def full(self, eth: str, sex: str, year: int, family: str | None, order: int = 0) -> str:
        r = self.r
        g = self.given(eth, sex, year)
        if eth == "bali":
            g = g.replace("{ord}", BALI_ORD[min(order, 3) * 2 + r.randint(0, 1)] if order < 4
                          else "Ketut")
        if eth in ("batak", "xt"):
            if r.random() < 0.3 and eth == "batak":
                g = g + " " + r.choice(BATAK_M + BATAK_F if False else (BATAK_M if sex == "L" else BATAK_F))
            return f"{g} {family}"
        if eth == "chn":
            if year < 1965 and r.random() < 0.5:
                return " ".join(r.choice(CHN_OLD))
            return f"{g} {family}"
        return g


# ----------------------------------------------------------------------------- NIK
class NikBook:
    """Serials per (district, birth part)."""

    def __init__(self, rng: random.Random):
        self.r = rng
        self.next: dict[tuple[str, str], int] = {}

    def birth_part(self, d: dt.date, sex: str) -> str:
        return f"{d.day + (40 if sex == 'P' else 0):02d}{d.month:02d}{d.year % 100:02d}"

    def issue(self, district: str, d: dt.date, sex: str, count: int = 1) -> list[str]:
        key = (district, self.birth_part(d, sex))
        if key not in self.next:
            self.next[key] = self.r.randint(1, 4)
        start = self.next[key]
        self.next[key] = start + count + (self.r.randint(0, 2) if self.r.random() < 0.3 else 0)
        return [f"{district}{key[1]}{s:04d}" for s in range(start, start + count)]


def placeholder(year: int, rng: random.Random) -> dt.date:
    p = rng.random()
    if p < 0.5:
        return dt.date(year, 12, 31)
    if p < 0.8:
        return dt.date(year, 7, 1)
    return dt.date(year, 1, 1)


def rand_date(y0: int, y1: int, rng: random.Random) -> dt.date:
    a = dt.date(y0, 1, 1).toordinal()
    b = dt.date(y1, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(a, b))


def age_on(d: dt.date) -> int:
    return ELECTION.year - d.year - ((ELECTION.month, ELECTION.day) < (d.month, d.day))


# ----------------------------------------------------------------------------- shapes
SHAPES = {
    # regencies, ethnic mix, household size scale, twin & junior rates, missing NIK,
    # duplicate rate (duplicate rows / all rows), share of duplicates that moved
    "one_village": dict(regencies=["3522"], one_village=True,
                        mix={"jav": 0.7, "mus": 0.27, "chn": 0.02, "xt": 0.01},
                        hh=1.0, twin=0.015, junior=0.03, missing=0.03, dup=0.08, moved=0.15),
    "many_villages": dict(regencies=["3374", "1212", "7171", "5103"], one_village=False,
                          mix=None, hh=1.0, twin=0.015, junior=0.03, missing=0.03, dup=0.08,
                          moved=0.25),
    "family_heavy": dict(regencies=["3522", "1212"], one_village=False, mix=None, hh=1.8,
                         twin=0.06, junior=0.12, missing=0.03, dup=0.08, moved=0.2),
    "nik_missing30": dict(regencies=["3374", "1275"], one_village=False, mix=None, hh=1.0,
                          twin=0.015, junior=0.03, missing=0.30, dup=0.08, moved=0.25),
    "movers": dict(regencies=["3522", "3374"], one_village=False, mix=None, hh=1.0,
                   twin=0.015, junior=0.03, missing=0.03, dup=0.08, moved=0.8),
}
REGENCY_MIX = {
    "3522": {"jav": 0.72, "mus": 0.25, "chn": 0.02, "xt": 0.01},
    "3374": {"jav": 0.55, "mus": 0.25, "chn": 0.12, "xt": 0.05, "batak": 0.03},
    "1212": {"batak": 0.9, "mus": 0.05, "chn": 0.03, "jav": 0.02},
    "1275": {"batak": 0.35, "mus": 0.3, "jav": 0.2, "chn": 0.15},
    "7171": {"xt": 0.75, "mus": 0.15, "chn": 0.05, "jav": 0.05},
    "5103": {"bali": 0.85, "jav": 0.08, "mus": 0.07},
}


def pick(rng: random.Random, mix: dict[str, float]) -> str:
    x = rng.random()
    acc = 0.0
    for k, v in mix.items():
        acc += v
        if x < acc:
            return k
    return k


class Gen:
    def __init__(self, n_rows: int, shape: str, seed: int):
        self.n = n_rows
        self.cfg = SHAPES[shape]
        self.shape = shape
        self.r = random.Random(seed)
        self.namer = Namer(self.r)
        self.niks = NikBook(self.r)
        self.persons: list[dict] = []
        self.look: list[tuple[int, int, str]] = []
        self.nkk_serial = 0
        # villages: one village, or enough villages for ~ 400-900 voters each
        vills = []
        for reg in self.cfg["regencies"]:
            vs = villages_of(reg)
            self.r.shuffle(vs)
            vills.append(vs)
        if self.cfg["one_village"]:
            self.villages = [vills[0][0]]
        else:
            want = max(3, n_rows // 600)
            self.villages = []
            i = 0
            while len(self.villages) < want:
                for vs in vills:
                    if i < len(vs) and len(self.villages) < want:
                        self.villages.append(vs[i])
                i += 1
                if i > 1000:
                    break
        self.vstyle = {v: dict(upper=self.r.random() < 0.75,
                               datefmt="%d-%m-%Y" if self.r.random() < 0.7 else "%d/%m/%Y")
                       for v in self.villages}
        self.all_districts = sorted({v[:6] for reg in self.cfg["regencies"]
                                     for v in villages_of(reg)})

    # -------------------------------------------------------------- households
    def new_nkk(self, district: str) -> str:
        self.nkk_serial += 1
        d = rand_date(2005, 2023, self.r)
        return f"{district}{d.day:02d}{d.month:02d}{d.year % 100:02d}{self.nkk_serial % 10000:04d}"

    def person(self, **kw) -> dict:
        kw["pid"] = len(self.persons)
        if "place" not in kw:
            kw["place"] = self.r.choice(PLACES[kw["eth"]])
        self.persons.append(kw)
        return kw

    def make_dob(self, y0: int, y1: int, eth: str):
        true = rand_date(y0, y1, self.r)
        rec = true
        ph = False
        # older people: unknown dates recorded as placeholders
        if true.year < 1975 and self.r.random() < (0.45 if true.year < 1960 else 0.25) or true.year >= 1975 and self.r.random() < 0.04:
            rec = placeholder(true.year, self.r)
            ph = True
        return rec, ph

    def household(self, village: str):
        r = self.r
        cfg = self.cfg
        mix = cfg["mix"] or REGENCY_MIX[village[:4]]
        eth = pick(r, mix)
        district = village[:6]
        # NIK region of first registration: usually home district, sometimes elsewhere
        def nik_district() -> str:
            return district if r.random() < 0.85 else r.choice(self.all_districts)
        nkk = self.new_nkk(district)
        rt = f"{r.randint(1, 12):03d}"
        rw = f"{r.randint(1, 6):03d}"
        alamat = f"{r.choice(STREETS)} No. {r.randint(1, 150)}" if r.random() < 0.6 else \
            f"{r.choice(STREETS)}"
        fam = {"batak": r.choice(BATAK_MARGA), "chn": r.choice(CHN_FAM),
               "xt": r.choice(XT_FAM)}.get(eth)
        common = dict(village=village, nkk=nkk, rt=rt, rw=rw, alamat=alamat, eth=eth)
        members = []
        head_dob, head_ph = self.make_dob(1940, 1998, eth)
        head_sex = "L" if r.random() < 0.88 else "P"
        head_name = self.namer.full(eth, head_sex, head_dob.year, fam)
        if r.random() < 0.12 and head_dob.year < 1985:
            head_name = (r.choice(["H.", "Drs.", "Ir."] if head_sex == "L" else ["Hj.", "Dra."])
                         + " " + head_name) if eth in ("jav", "mus") else head_name + ", " + r.choice(POST_TITLE)
        elif r.random() < 0.06:
            head_name = head_name + ", " + r.choice(POST_TITLE)
        head = self.person(name=head_name, sex=head_sex, dob=head_dob, ph=head_ph,
                           nd=nik_district(), kawin="S", **common)
        members.append(head)
        if r.random() < 0.85:
            sp_year = min(2004, max(1935, head_dob.year + r.randint(-2, 8)))
            sp_dob, sp_ph = self.make_dob(sp_year, sp_year, eth)
            sp_sex = "P" if head_sex == "L" else "L"
            sp_fam = fam if eth != "batak" else r.choice(BATAK_MARGA)
            sp_name = self.namer.full(eth, sp_sex, sp_dob.year, sp_fam)
            if eth in ("jav", "mus") and head_name.startswith("H.") and r.random() < 0.7:
                sp_name = "Hj. " + sp_name
            members.append(self.person(name=sp_name, sex=sp_sex, dob=sp_dob, ph=sp_ph,
                                       nd=nik_district(), kawin="S", **common))
        # adult children
        base = max(head_dob.year + 20, 1960)
        nkids = int(r.choice([0, 0, 1, 1, 2, 2, 3, 4]) * cfg["hh"] + r.random())
        order = 1
        for _ in range(nkids):
            if base > 2006:
                break
            kyear = r.randint(base, min(2006, base + 8))
            kdob = rand_date(kyear, kyear, r)
            kph = r.random() < 0.03
            if kph:
                kdob = placeholder(kyear, r)
            if age_on(kdob) < 17:
                continue
            ksex = "L" if r.random() < 0.5 else "P"
            if r.random() < cfg["twin"]:
                # twins: same date, same NKK, consecutive serials, similar names
                nd = nik_district()
                sexes = [ksex, ksex if r.random() < 0.6 else ("P" if ksex == "L" else "L")]
                tw = self.twin_names(eth, sexes, fam)
                if sexes[0] == sexes[1]:
                    serials = self.niks.issue(nd, kdob, ksex, 2)
                else:
                    serials = [self.niks.issue(nd, kdob, s)[0] for s in sexes]
                a = self.person(name=tw[0], sex=sexes[0], dob=kdob, ph=kph, nd=nd,
                                nik=serials[0], kawin="B", **common)
                b = self.person(name=tw[1], sex=sexes[1], dob=kdob, ph=kph, nd=nd,
                                nik=serials[1], kawin="B", place=a["place"], **common)
                members += [a, b]
                self.look.append((a["pid"], b["pid"], "twin"))
                continue
            if ksex == "L" and head_sex == "L" and r.random() < cfg["junior"] / 0.5:
                kname = head_name.split(",")[0].replace("H. ", "").replace("Drs. ", "").replace("Ir. ", "")
                k = self.person(name=kname, sex="L", dob=kdob, ph=kph, nd=nik_district(),
                                kawin="B", **common)
                members.append(k)
                self.look.append((head["pid"], k["pid"], "father_son"))
                continue
            kname = self.namer.full(eth, ksex, kdob.year, fam, order)
            order += 1
            if eth in ("jav", "mus") and ksex == "L" and r.random() < 0.25 and head_sex == "L":
                father_given = head_name.split(",")[0].split()[-1]
                kname = f"{kname} bin {father_given}"
            elif eth in ("jav", "mus") and ksex == "P" and r.random() < 0.2 and head_sex == "L":
                kname = f"{kname} binti {head_name.split(',')[0].split()[-1]}"
            members.append(self.person(name=kname, sex=ksex, dob=kdob, ph=kph,
                                       nd=nik_district(), kawin="B" if r.random() < 0.7 else "S",
                                       **common))
        # an elderly parent now and then
        if r.random() < 0.12 and head_dob.year > 1955:
            pdob, pph = self.make_dob(1930, min(1960, head_dob.year - 18), eth)
            psex = "P" if r.random() < 0.7 else "L"
            members.append(self.person(name=self.namer.full(eth, psex, pdob.year, fam), sex=psex,
                                       dob=pdob, ph=pph, nd=nik_district(), kawin="P", **common))
        for m in members:
            if "nik" not in m:
                m["nik"] = self.niks.issue(m["nd"], m["dob"], m["sex"])[0]
        return members

    def twin_names(self, eth, sexes, fam):
        r = self.r
        if sexes[0] != sexes[1]:
            pairs = [("Rizky Pratama", "Rizka Pratiwi"), ("Putra Ramadhan", "Putri Ramadhani"),
                     ("Adi Saputra", "Ade Saputri"), ("Rian Hidayat", "Rina Hidayati"),
                     ("Dimas Anggoro", "Dinda Anggraini"), ("Yohanes", "Yohana")]
        elif sexes[0] == "L":
            pairs = [("Hasan", "Husein"), ("Fajar Nugroho", "Fajar Nugraha"), ("Agus Setiawan", "Agung Setiawan"),
                     ("Bima Saputra", "Bayu Saputra"), ("Muhammad Hasan", "Muhammad Husein")]
        else:
            pairs = [("Dwi Rahayu", "Dwi Lestari"), ("Nur Aini", "Nur Aina"), ("Dewi Sartika", "Dewi Kartika"),
                     ("Yohana", "Yohani"), ("Siti Fatimah", "Siti Aisyah")]
        a, b = r.choice(pairs)
        if sexes[0] != sexes[1] and sexes[0] == "P":
            b, a = a, b
        if eth in ("batak", "xt", "chn") and fam:
            a, b = f"{a} {fam}", f"{b} {fam}"
        return a, b

    def namesakes(self, k: int):
        """Plant namesake pairs: different people, same name, same district, same placeholder
        date (older) -> NIKs with one prefix and birth part, serials close."""
        r = self.r
        commons = ["Sutrisno", "Sumarni", "Siti Aminah", "Slamet", "Painem", "Muhammad Yusuf",
                   "Sri Wahyuni", "Suparmi", "Ahmad Hidayat", "Tukinem"]
        for _ in range(k):
            v = r.choice(self.villages)
            v2 = v if r.random() < 0.6 else r.choice(self.villages)
            name = r.choice(commons)
            sex = "P" if name in ("Sumarni", "Siti Aminah", "Painem", "Sri Wahyuni", "Suparmi",
                                  "Tukinem") else "L"
            year = r.randint(1940, 1968)
            d = placeholder(year, r)
            nd = v[:6]
            serials = self.niks.issue(nd, d, sex, 2)
            ps = []
            for vv, nik in zip((v, v2), serials, strict=False):
                nkk = self.new_nkk(vv[:6])
                ps.append(self.person(name=name, sex=sex, dob=d, ph=True, nd=nd, nik=nik,
                                      kawin="S", village=vv, nkk=nkk,
                                      rt=f"{r.randint(1, 12):03d}", rw=f"{r.randint(1, 6):03d}",
                                      alamat=r.choice(STREETS), eth="jav"))
            self.look.append((ps[0]["pid"], ps[1]["pid"], "namesake_placeholder"))

    # -------------------------------------------------------------- records
    def record(self, p: dict, village=None) -> dict:
        v = village or p["village"]
        st = self.vstyle.get(v, dict(upper=True, datefmt="%d-%m-%Y"))
        name = p["name"].upper() if st["upper"] else p["name"]
        return {
            "NKK": p["nkk"], "NIK": p["nik"], "NAMA": name,
            "TEMPAT LAHIR": p["place"],
            "TANGGAL LAHIR": p["dob"].strftime(st["datefmt"]),
            "STATUS PERKAWINAN": p["kawin"], "JENIS KELAMIN": p["sex"],
            "ALAMAT": p["alamat"], "RT": p["rt"], "RW": p["rw"],
            "DISABILITAS": "0", "KTP-EL": "S", "KODE DESA": v,
            "_pid": p["pid"], "_dup": 0, "_errors": "", "_dupnik": "",
        }

    def build(self):
        r = self.r
        cfg = self.cfg
        n_dup = int(self.n * cfg["dup"])
        n_orig = self.n - n_dup
        n_names = max(2, self.n // 400)
        vi = 0
        while len(self.persons) < n_orig - 2 * n_names:
            v = self.villages[vi % len(self.villages)] if not cfg["one_village"] else self.villages[0]
            vi += 1 if r.random() < 0.5 else 0
            self.household(v if not cfg["one_village"] else self.villages[0])
            if not cfg["one_village"] and r.random() < 0.5:
                vi += 1
        self.namesakes(n_names)
        # same name occurs naturally too; also father/son records
        rows = [self.record(p) for p in self.persons[:n_orig]]
        alive = len(rows)
        # clerk copying NKK into the NIK field / dummy NIKs (different people, same "NIK")
        for row in rows:
            if r.random() < 0.004:
                row["NIK"] = row["NKK"]
                row["_errors"] = "orig_nik=nkk"
        # duplicates
        dups = []
        pool = list(range(alive))
        while len(dups) < n_dup:
            src = rows[r.choice(pool)]
            if src["_dup"]:
                continue
            p = self.persons[src["_pid"]]
            k = 1 if r.random() < 0.88 else 2
            for _ in range(k):
                dups.append(self.mutate(src, p))
        rows += dups[:n_dup]
        # missing / damaged NIKs across all rows (shape's rate)
        for row in rows:
            if r.random() < cfg["missing"] and row["NIK"].isdigit() and len(row["NIK"]) == 16:
                form = self.nik_missing_form(row["NIK"])
                row["NIK"] = form[0]
                row["_errors"] = (row["_errors"] + ";" if row["_errors"] else "") + "nikmiss_" + form[1]
        r.shuffle(rows)
        frame = pd.DataFrame(rows)
        frame.insert(0, "id", [f"r{i:06d}" for i in range(len(frame))])
        # TPS: by village and family, <= 300 per TPS
        frame["TPS"] = (frame.groupby("KODE DESA").cumcount() // 280 + 1).map(lambda x: f"{x:03d}")
        look = pd.DataFrame(self.look, columns=["pid_a", "pid_b", "kind"])
        present = set(frame["_pid"])
        look = look[look.pid_a.isin(present) & look.pid_b.isin(present)].reset_index(drop=True)
        return frame, look

    def nik_missing_form(self, nik: str):
        r = self.r
        x = r.random()
        if x < 0.35:
            return "", "blank"
        if x < 0.45:
            return "0", "zero"
        if x < 0.55:
            return "-", "dash"
        if x < 0.75:
            return nik[:12] + "****", "masked"
        if x < 0.87:
            return f"{float(nik):.5E}".replace("E+", "E+"), "scientific"
        return nik[:14], "14digits"

    # -------------------------------------------------------------- clerk errors
    def mutate(self, src: dict, p: dict) -> dict:
        r = self.r
        cfg = self.cfg
        row = dict(src)
        row["_dup"] = 1
        errs = []
        # --- move
        if r.random() < cfg["moved"] and not cfg["one_village"]:
            nv = r.choice([v for v in self.villages if v != src["KODE DESA"]] or self.villages)
            row["KODE DESA"] = nv
            row["NKK"] = self.new_nkk(nv[:6])
            row["ALAMAT"] = r.choice(STREETS) + (f" No. {r.randint(1, 150)}" if r.random() < 0.5 else "")
            row["RT"] = f"{r.randint(1, 12):03d}"
            row["RW"] = f"{r.randint(1, 6):03d}"
            st = self.vstyle[nv]
            row["NAMA"] = p["name"].upper() if st["upper"] else p["name"]
            row["TANGGAL LAHIR"] = p["dob"].strftime(st["datefmt"])
            errs.append("moved")
        elif r.random() < (0.25 if cfg["one_village"] else 0.15):
            if r.random() < 0.5:
                row["RT"] = f"{r.randint(1, 12):03d}"
            else:
                row["RW"] = f"{r.randint(1, 6):03d}"
            if r.random() < 0.5:
                row["NKK"] = self.new_nkk(src["KODE DESA"][:6])
                errs.append("rtrw+nkk_changed")
            else:
                errs.append("rtrw_changed")
        # --- NIK
        x = r.random()
        nik = src["NIK"]
        if nik and len(nik) == 16 and nik.isdigit():
            if x < 0.15:
                i = r.randrange(16)
                d = str((int(nik[i]) + r.randint(1, 9)) % 10)
                row["NIK"] = nik[:i] + d + nik[i + 1:]
                errs.append(f"nik_typo@{i}")
            elif x < 0.25:
                cand = [j for j in range(15) if nik[j] != nik[j + 1]]
                i = r.choice(cand)
                row["NIK"] = nik[:i] + nik[i + 1] + nik[i] + nik[i + 2:]
                errs.append(f"nik_transpose@{i}")
            elif x < 0.37:
                form = self.nik_missing_form(nik)
                row["NIK"] = form[0]
                errs.append("nik_" + form[1])
            elif x < 0.40:
                row["NIK"] = " ".join([nik[:4], nik[4:8], nik[8:12], nik[12:]]) if r.random() < 0.5 \
                    else nik + ".0"
                errs.append("nik_format")
        # --- name
        y = r.random()
        if y < 0.50:
            new, kind = self.name_variant(p["name"])
            if new != p["name"]:
                row["NAMA"] = new.upper() if src["NAMA"].isupper() else new
                errs.append("name_" + kind)
        # --- date
        z = r.random()
        d = p["dob"]
        fmt = "%d/%m/%Y" if "/" in src["TANGGAL LAHIR"] else "%d-%m-%Y"
        if z < 0.10 and d.day <= 12 and d.day != d.month:
            row["TANGGAL LAHIR"] = dt.date(d.year, d.day, d.month).strftime(fmt)
            errs.append("date_swap")
        elif z < 0.16 and not p["ph"]:
            row["TANGGAL LAHIR"] = placeholder(d.year, r).strftime(fmt)
            errs.append("date_placeholder")
        elif z < 0.20:
            try:
                row["TANGGAL LAHIR"] = d.replace(year=d.year + r.choice([-1, 1, -10, 10])).strftime(fmt)
                errs.append("date_year_typo")
            except ValueError:
                pass
        if not errs:
            errs.append("exact_copy")
        row["_errors"] = ";".join(errs)
        return row

    def name_variant(self, name: str):
        r = self.r
        low = name
        opts = []
        # old spelling both ways
        if any(s in low.lower() for s in ("oe", "dj", "tj")):
            opts.append(("old_to_new", low.replace("oe", "u").replace("Oe", "U").replace("dj", "j")
                         .replace("Dj", "J").replace("tj", "c").replace("Tj", "C")))
        if "u" in low and not any(s in low.lower() for s in ("oe", "dj", "tj")):
            i = low.index("u")
            opts.append(("new_to_old", low[:i] + "oe" + low[i + 1:]))
        if "J" in low[:1] or " J" in low:
            opts.append(("new_to_old", low.replace("J", "Dj", 1)))
        if "Muhammad" in low:
            opts.append(("muhammad_abbrev", low.replace("Muhammad", r.choice(
                ["M.", "Moh.", "Muh.", "Mochammad", "Muhamad", "Mohammad"]))))
        if "Abdul" in low:
            opts.append(("abdul_abbrev", low.replace("Abdul", "Abd.")))
        has_title = any(t in low for t in PRE_TITLE + POST_TITLE)
        if has_title:
            stripped = low
            for t in PRE_TITLE:
                stripped = stripped.replace(t + " ", "")
            stripped = stripped.split(",")[0].strip()
            opts.append(("title_removed", stripped))
        else:
            opts.append(("title_added", r.choice(["H. ", "Hj. ", "Drs. "]) + low if r.random() < 0.5
                         else low + ", " + r.choice(POST_TITLE)))
        toks = low.split(",")[0].split()
        if len(toks) >= 2 and "bin" not in toks and "binti" not in toks:
            opts.append(("token_reorder", " ".join(toks[1:] + toks[:1])))
        if len(toks) >= 3:
            k = r.randrange(1, len(toks) - 1)
            opts.append(("middle_dropped", " ".join(toks[:k] + toks[k + 1:])))
            opts.append(("middle_initial", " ".join(toks[:k] + [toks[k][0] + "."] + toks[k + 1:])))
        longs = [i for i, t in enumerate(toks) if len(t) >= 5]
        if longs:
            i = r.choice(longs)
            t = toks[i]
            j = r.randrange(1, len(t) - 1)
            opts.append(("letter_dropped", " ".join(toks[:i] + [t[:j] + t[j + 1:]] + toks[i + 1:])))
        # common Indonesian variation
        for a, b in (("i", "y"), ("ah", "a"), ("s", "ss"), ("f", "p"), ("kh", "h"), ("z", "j")):
            if low.endswith(a) or (a in low and a not in ("i", "s")):
                opts.append(("spelling_" + a + "/" + b, low[::-1].replace(a[::-1], b[::-1], 1)[::-1]))
                break
        if len(toks) == 2 and len(toks[0]) + len(toks[1]) <= 12 and toks[1][0].islower() is False:
            opts.append(("tokens_joined", toks[0] + toks[1].lower()))
        if " bin " not in low and " binti " not in low and r.random() < 0.5:
            opts.append(("bin_added", low + (" bin " if "Muhammad" in low or "Ahmad" in low else " binti ")
                         + r.choice(JAV_M1 + MUS_M)))
        if " bin " in low or " binti " in low:
            opts.append(("bin_removed", low.split(" bin")[0]))
        kind, new = r.choice(opts)
        return new, kind


def gen(n_rows: int, shape: str, seed: int = 1):
    g = Gen(n_rows, shape, seed)
    frame, look = g.build()
    return frame, look


if __name__ == "__main__":
    import sys
    f, lk = gen(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 30)
    print(f.head(30))
    print(f["_errors"].str.split(";").explode().value_counts().head(60))
    print(lk.kind.value_counts())
    print(f["KODE DESA"].nunique(), "villages", f["_pid"].nunique(), "persons")
