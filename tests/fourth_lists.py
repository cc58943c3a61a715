"""A fourth generator of Indonesian voter lists (DPS/DPT style) with ground truth.

Written in session 18 by a helper that had not read ``sidalih.synth``,
``tests/handmade_lists.py`` or ``tests/independent_lists.py``: its error model is built
from DOMAIN.md only, so that accuracy is measured on a fourth error model (clerks
retyping paper forms, handwriting and OCR confusions, a decade digit of the year
mistyped, spreadsheet damage, married women's names, movers). Two of its choices are its
own and less certain than DOMAIN.md: a clerk rewriting a mover's NIK district digits
(12 % of moves), and twins named one consonant apart (Anton/Antok), which the
judgement leaves to the model. Its name pools are small (12-35 names per group), so
same-name coincidences are more frequent than in a real list. Used by
``benchmarks/bench_independent.py --generator fourth`` and ``tests/test_fourth_lists.py``.

    from fourth_lists import gen
    frame, truth = gen(2000, "village", seed=1)

frame: pandas DataFrame with KPU headers (NO, NKK, NIK, NAMA, TEMPAT LAHIR, TANGGAL LAHIR,
STATUS PERKAWINAN, JENIS KELAMIN, ALAMAT, RT, RW, DISABILITAS, KTP-EL, KODE DESA, TPS),
index named "id" (the NO value, text).
truth: dict with
  person    : pd.Series (same index) -> person id (int)
  ops       : pd.Series (same index) -> ';'-joined error operations applied to that record
              ('' for an original record; 'scenario:<s>' marks a duplicate's scenario)
  lookalike : pd.DataFrame(pid_a, pid_b, kind) pairs of DIFFERENT people that look alike
  shape, seed, n_rows
Shapes: village, district, moves, hardneg, nikmissing.

Error model (own choices):
  duplicates arise from scenarios: reentry (re-typed from a paper form by another clerk),
  move (old village record not removed; new RT/RW/address/TPS, usually a new KK, sometimes
  the clerk rewrote the NIK's district digits), marriage (a woman moves to her husband's
  KK, his given name appended to hers), masked (row merged from a party copy with the NIK's
  last four starred), sheet (NIK damaged by a spreadsheet), exact (a repeated row).
  Field errors: handwriting digit confusion / OCR letters / transposition / dropped or
  doubled digit / blank / NKK-in-NIK; names in caps with punctuation, titles added or
  dropped, bin/binti added or dropped, tokens swapped, abbreviated, joined or dropped,
  old/new spelling, OCR letter confusions, keyboard typos; dates with day/month swapped,
  one year digit wrong, year +-1, replaced by a placeholder, missing, day typo.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pandas as pd

ELECTION = dt.date(2024, 2, 14)

# ----------------------------------------------------------------------------- regions
REGIONS = {
    # regency code, its district codes (real, 2022 table), birth-place spellings
    "banyumas": ("3302", ["330201", "330202", "330203", "330204", "330205", "330206",
                          "330207", "330208", "330209", "330210", "330224", "330225"],
                 ["BANYUMAS", "Banyumas", "PURWOKERTO", "Purwokerto", "KAB. BANYUMAS"]),
    "deliserdang": ("1207", ["120701", "120702", "120703", "120704", "120705", "120706",
                             "120707", "120708"],
                    ["DELI SERDANG", "Deli Serdang", "LUBUK PAKAM", "MEDAN", "Medan"]),
    "badung": ("5103", ["510301", "510302", "510303", "510304", "510305", "510306"],
               ["BADUNG", "Badung", "DENPASAR", "Denpasar", "MANGUPURA"]),
    "bogor": ("3201", ["320101", "320102", "320103", "320104", "320105", "320106",
                       "320107", "320108", "320109", "320110"],
              ["BOGOR", "Bogor", "KAB. BOGOR", "CIBINONG", "Cibinong"]),
}
# districts of registration for people who came from elsewhere (NIK prefix elsewhere)
ELSEWHERE = ["317101", "317402", "327101", "327301", "330101", "331001", "337101", "347101",
             "357801", "357101", "127101", "127501", "120101", "517101", "510401", "320401",
             "320501", "321601", "367101", "180101", "640101", "737101", "090101"]
ELSEWHERE_PLACES = ["JAKARTA", "Jakarta", "BANDUNG", "SEMARANG", "Cilacap", "SURABAYA",
                    "YOGYAKARTA", "MEDAN", "Pematang Siantar", "DENPASAR", "Tabanan",
                    "SUKABUMI", "Garut", "Tangerang", "LAMPUNG", "Makassar", "Balikpapan"]

_VILLAGES: dict[str, list[str]] | None = None


def _villages(district: str) -> list[str]:
    global _VILLAGES
    if _VILLAGES is None:
        from pathlib import Path

        import sidalih.regions as _r  # only to read the shipped village table
        path = Path(_r.__file__).parent / "data" / "villages.parquet"
        v = pd.read_parquet(path)
        _VILLAGES = defaultdict(list)
        for code in v["code"]:
            _VILLAGES[code[:6]].append(code)
    got = sorted(set(_VILLAGES.get(district, [])))
    return got or [district + "2001", district + "2002", district + "2003"]


# ----------------------------------------------------------------------------- names
JAWA_M_OLD = ["Sutrisno", "Suparman", "Slamet", "Sugeng", "Bambang", "Darmanto", "Haryanto",
              "Supriyadi", "Sarno", "Warsito", "Kusnadi", "Mulyono", "Suryadi", "Sugiyono",
              "Parjo", "Tukiman", "Kasmin", "Paimin", "Wagiman", "Sumarno", "Suparno",
              "Karsono", "Rasiman", "Darsono", "Sukirno", "Wiryo", "Marsudi", "Sukardi",
              "Tarmuji", "Sadikin", "Ngadiman", "Rusdi", "Kasno", "Wasito", "Paijo"]
# husband -> wife rhyming pairs (Javanese couples)
RHYME_WIFE = {"Tukiman": "Tukinem", "Wagiman": "Wagiyem", "Kasmin": "Kasmini",
              "Sumarno": "Sumarni", "Suparno": "Suparni", "Paijo": "Paijem",
              "Sarno": "Sarni", "Kasno": "Kasni", "Darsono": "Darsini", "Paimin": "Paiyem",
              "Rasiman": "Rasimah", "Karsono": "Karsini"}
JAWA_F_OLD = ["Sumarni", "Suwarni", "Sulastri", "Suryani", "Sukini", "Parsini", "Wartini",
              "Kasiyem", "Tukinem", "Sumiyati", "Rahayu", "Sri Wahyuni", "Sri Rahayu",
              "Endang Sulistyowati", "Siti Aminah", "Siti Khotijah", "Siti Fatimah",
              "Sri Mulyani", "Tri Wahyuni", "Sutinah", "Painem", "Warsinah", "Karsih",
              "Tumini", "Sumirah", "Rukmini", "Kustiyah", "Ngatini"]
OLD_SPELL = {"Sutrisno": "Soetrisno", "Suparman": "Soeparman", "Sukirno": "Soekirno",
             "Sukardi": "Soekardi", "Sumarno": "Soemarno", "Suwarni": "Soewarni",
             "Sumarni": "Soemarni", "Suryadi": "Soerjadi", "Darmanto": "Darmanto",
             "Sri Rahayu": "Sri Rahajoe", "Supriyadi": "Soeprijadi", "Joko": "Djoko",
             "Sutinah": "Soetinah", "Sukini": "Soekini", "Cahyono": "Tjahjono",
             "Juwariyah": "Djoewarijah", "Sumiyati": "Soemijati", "Suryani": "Soerjani"}
MODERN_M_FIRST = ["Muhammad", "Ahmad", "Dimas", "Rizky", "Bayu", "Fajar", "Andi", "Agus",
                  "Dwi", "Eko", "Budi", "Aditya", "Reza", "Yoga", "Galih", "Arif", "Joko",
                  "Heru", "Wahyu", "Teguh", "Abdul", "Nur", "Rudi", "Hendra", "Ilham"]
MODERN_M_REST = ["Rizki Pratama", "Fauzan", "Aditya", "Ramadhan", "Saputra", "Nugroho",
                 "Setiawan", "Prasetyo", "Hidayat", "Kurniawan", "Santoso", "Firmansyah",
                 "Wibowo", "Purnomo", "Cahyono", "Susanto", "Maulana", "Hakim", "Syaifullah",
                 "Rohman", "Wijaya", "Putra", "Dwi Saputra", "Alfian", "Fadli", "Ridwan"]
MODERN_F_FIRST = ["Putri", "Nur", "Dwi", "Anisa", "Dinda", "Nabila", "Intan", "Fitri", "Nurul",
                  "Siti", "Aulia", "Dewi", "Ratna", "Eka", "Yuli", "Retno", "Rina", "Rini",
                  "Wulan", "Indah", "Ayu", "Lina", "Novi", "Tri", "Desi"]
MODERN_F_REST = ["Ayu Lestari", "Aini", "Lestari", "Rahmawati", "Ayu", "Putri", "Permatasari",
                 "Handayani", "Hidayah", "Nurjanah", "Rahma", "Sartika", "Wulandari",
                 "Kusumawati", "Anggraini", "Safitri", "Puspitasari", "Maharani", "Oktaviani",
                 "Susanti", "Marlina", "Yuliana", "Fatimah", "Khasanah", "Sari"]
SUNDA_M = ["Asep", "Ujang", "Dede", "Cecep", "Dadang", "Enang", "Yayan", "Tatang", "Ade",
           "Aceng", "Endang", "Jajang", "Ujang", "Deden", "Iwan", "Usep", "Engkos", "Oman"]
SUNDA_F = ["Iis", "Euis", "Neneng", "Cucu", "Entin", "Imas", "Lilis", "Nining", "Eneng",
           "Enok", "Tati", "Yati", "Cicih", "Ai", "Teti", "Popon", "Elis", "Nani"]
SUNDA_SUR = ["Suryana", "Hidayat", "Sopandi", "Rusmana", "Kurniawan", "Supriatna", "Permana",
             "Mulyana", "Nurhayati", "Kartika", "Rohaeti", "Komariah", "Sumarna", "Saepudin",
             "Rukmana", "Setiadi", "Jaenudin", "Rahmat", "Kusnadi", "Nurjaman", "Sukmawati"]
BATAK_M = ["Marihot", "Poltak", "Togar", "Parlindungan", "Hotman", "Sahat", "Binsar", "Rinto",
           "Jhonson", "Manahan", "Lamhot", "Tumpal", "Mangasi", "Robert", "Daniel", "Hisar"]
BATAK_F = ["Rosmawati", "Tiominar", "Masniari", "Lasma", "Romauli", "Rumondang", "Dameria",
           "Nurhaida", "Tiurma", "Maria", "Erna", "Lestari", "Sondang", "Ramlah", "Hotmaida"]
MARGA = ["Siregar", "Simanjuntak", "Sitorus", "Nasution", "Harahap", "Lubis", "Pardede",
         "Hutapea", "Panjaitan", "Sinaga", "Silalahi", "Simatupang", "Manurung", "Tambunan",
         "Situmorang", "Hutagalung", "Sihombing", "Napitupulu", "Ginting", "Tarigan"]
MELAYU_M = ["Syahrul", "Zulkifli", "Rahmad", "Khairul Anwar", "Syamsul Bahri", "Azhar",
            "Fauzi", "Iskandar", "Zainal Abidin", "Amran", "Darwis", "Muhammad Yusuf"]
MELAYU_F = ["Nurhayati", "Rosmini", "Syamsiah", "Zainab", "Halimah", "Khadijah", "Rosnah",
            "Maimunah", "Nurlela", "Fatimah Zahra", "Salmah", "Jamilah"]
CHINA_M = ["Hendra Gunawan", "Susanto Wijaya", "Budi Santoso", "Erwin Tandiono",
           "Rudy Hartono", "Andi Wijaya", "Halim Kusuma", "Sugianto", "Johan Tanoto",
           "Wiliam Salim", "Kevin Tanjaya", "Ferry Setiawan"]
CHINA_F = ["Lili Halim", "Yanti Tanjaya", "Linda Kusuma", "Mei Lan", "Susi Susanti",
           "Lanny Wijaya", "Fenny Gunawan", "Melinda Salim", "Vivi Hartono", "Lie Hwa"]
BALI_ORDER = [["Wayan", "Putu", "Gede"], ["Made", "Kadek", "Nengah"], ["Nyoman", "Komang"],
              ["Ketut"]]
BALI_GIVEN_M = ["Sudarta", "Suarna", "Artawan", "Mertayasa", "Sukerta", "Astawa", "Budiasa",
                "Sukadana", "Wirawan", "Suparta", "Adi Putra", "Agus Suarnata", "Darmawan",
                "Eka Saputra", "Widiana", "Arya Wiguna", "Sedana", "Suardana"]
BALI_GIVEN_F = ["Ariani", "Sriani", "Suartini", "Widiastuti", "Ayu Suartini", "Sukerti",
                "Mariani", "Sudiani", "Ayu Lestari", "Wahyuni", "Juliantari", "Sumerti",
                "Dewi Anggreni", "Puspawati", "Sri Utami", "Karmini"]
TITLES_PRE = ["H.", "Hj.", "Drs.", "Dra.", "Ir.", "dr.", "KH.", "Ust."]
TITLES_POST = ["S.Pd.", "S.H.", "S.E.", "S.Kom.", "S.T.", "A.Md.", "M.Pd.", "S.Sos.", "S.Ag."]

# look-alike name pairs for twins and siblings (a, b), with sex of each
TWIN_NAMES = [(("Hasan", "L"), ("Husein", "L")), (("Rina Wati", "P"), ("Rini Wati", "P")),
              (("Dimas Arya Putra", "L"), ("Dimas Arya Putri", "P")),
              (("Fajar Nugroho", "L"), ("Fajar Nugraha", "L")), (("Nur Aini", "P"), ("Nur Aina", "P")),
              (("Kartika Sari", "P"), ("Sartika Sari", "P")), (("Rizki Ramadhan", "L"), ("Rizka Ramadhani", "P")),
              (("Dwi Cahyono", "L"), ("Dwi Cahyani", "P")), (("Anton Wibowo", "L"), ("Antok Wibowo", "L")),
              (("Fitri Handayani", "P"), ("Fitra Handayani", "P")), (("Adi Saputra", "L"), ("Ade Saputra", "L")),
              (("Muhammad Hasan", "L"), ("Muhammad Husain", "L")), (("Yuliana", "P"), ("Yuliani", "P"))]
SIB_NAMES = [(("Agus Setiawan", "L"), ("Agus Setiadi", "L")), (("Sri Rahayu", "P"), ("Sri Rahayuningsih", "P")),
             (("Dwi Santoso", "L"), ("Tri Santoso", "L")), (("Rina Marlina", "P"), ("Rini Marlina", "P")),
             (("Muhammad Rizki", "L"), ("Muhammad Rizal", "L")), (("Eko Prasetyo", "L"), ("Eko Prasetya", "L")),
             (("Siti Nurjanah", "P"), ("Siti Nurhasanah", "P")), (("Ahmad Fauzi", "L"), ("Ahmad Fauzan", "L")),
             (("Nur Hidayah", "P"), ("Nur Hidayati", "P")), (("Budi Santoso", "L"), ("Budi Susanto", "L")),
             (("Dewi Lestari", "P"), ("Dewi Lestiani", "P")), (("Andi Saputra", "L"), ("Hendi Saputra", "L"))]
NAMESAKE_COMMON = [("Siti Aminah", "P"), ("Sri Wahyuni", "P"), ("Slamet", "L"), ("Sutrisno", "L"),
                   ("Muhammad Yusuf", "L"), ("Siti Fatimah", "P"), ("Sumarni", "P"), ("Sugeng", "L"),
                   ("Asep Saepudin", "L"), ("Euis Komariah", "P"), ("Ahmad", "L"), ("Suparman", "L")]

DIGIT_CONFUSE = {"1": "7", "7": "1", "3": "8", "8": "3", "5": "6", "6": "5", "0": "6",
                 "4": "9", "9": "4", "2": "7"}
OCR_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
NAME_OCR = [("rn", "m"), ("m", "rn"), ("cl", "d"), ("l", "I"), ("i", "l"), ("w", "vv"),
            ("h", "b"), ("e", "c"), ("u", "ii")]
KEY_NEIGH = {"a": "sq", "i": "uo", "u": "yi", "e": "wr", "o": "ip", "n": "bm", "m": "n",
             "r": "et", "s": "ad", "t": "ry", "d": "sf", "h": "gj", "k": "jl", "y": "tu",
             "g": "fh", "p": "o", "w": "qe", "j": "hk", "l": "k"}


class _Pop:
    def __init__(self, rng: np.random.Generator, region: str, districts: list[str],
                 villages_per_district: int):
        self.rng = rng
        self.region = region
        self.kab, all_kec, self.places = REGIONS[region]
        self.districts = districts
        self.villages = {d: _villages(d)[:villages_per_district] for d in districts}
        self.people: list[dict] = []
        self.serials: dict[tuple[str, str], int] = {}
        self.nkks: set[str] = set()
        self.lookalike: list[tuple[int, int, str]] = []

    # --- identifiers
    def nik(self, kec: str, birth: dt.date, sex: str, consecutive_to: str | None = None) -> str:
        day = birth.day + (40 if sex == "P" else 0)
        six = f"{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        key = (kec, six)
        if consecutive_to is not None and consecutive_to[:12] == kec + six:
            s = int(consecutive_to[12:]) + 1
            self.serials[key] = max(self.serials.get(key, 0), s)
            return kec + six + f"{s:04d}"
        if key not in self.serials:
            placeholder = (birth.day, birth.month) in ((31, 12), (1, 7), (1, 1)) or birth.day == 15
            self.serials[key] = int(self.rng.integers(0, 300 if placeholder else 3))
        self.serials[key] += int(self.rng.integers(1, 4))
        return kec + six + f"{self.serials[key]:04d}"

    def nkk(self, kec: str) -> str:
        while True:
            d = dt.date(2004, 1, 1) + dt.timedelta(days=int(self.rng.integers(0, 7000)))
            v = kec + d.strftime("%d%m%y") + f"{int(self.rng.integers(1, 9999)):04d}"
            if v not in self.nkks:
                self.nkks.add(v)
                return v

    # --- dates
    def birth(self, year: int, force_placeholder: str | None = None) -> tuple[dt.date, bool]:
        r = self.rng.random()
        p_ph = 0.35 if year < 1965 else 0.15 if year < 1980 else 0.06
        if force_placeholder or r < p_ph:
            kind = force_placeholder or ("3112" if year < 2004 and self.rng.random() < 0.6 else
                                         self.rng.choice(["0107", "0101", "15"]))
            if kind == "3112":
                return dt.date(year, 12, 31), True
            if kind == "0107":
                return dt.date(year, 7, 1), True
            if kind == "0101":
                return dt.date(year, 1, 1), True
            return dt.date(year, int(self.rng.integers(1, 13)), 15), True
        return dt.date(year, 1, 1) + dt.timedelta(days=int(self.rng.integers(0, 365))), False

    # --- names
    def name(self, sex: str, year: int, ethnic: str, birth_order: int = 0) -> str:
        rng = self.rng
        c = lambda xs: xs[int(rng.integers(len(xs)))]  # noqa: E731
        if ethnic == "bali":
            order = c(BALI_ORDER[min(birth_order, 3)])
            if sex == "L":
                return f"I {order} {c(BALI_GIVEN_M)}"
            return f"Ni {c(['Luh', order]) if order in ('Wayan', 'Putu', 'Gede') else order} {c(BALI_GIVEN_F)}"
        if ethnic == "batak":
            return f"{c(BATAK_M)} {self._marga}" if sex == "L" else f"{c(BATAK_F)} br {c(MARGA)}"
        if ethnic == "melayu":
            return c(MELAYU_M if sex == "L" else MELAYU_F)
        if ethnic == "china":
            return c(CHINA_M if sex == "L" else CHINA_F)
        if ethnic == "sunda":
            if sex == "L":
                return c(SUNDA_M) + ("" if rng.random() < 0.25 else " " + c(SUNDA_SUR))
            return c(SUNDA_F) + ("" if rng.random() < 0.3 else " " + c(SUNDA_SUR))
        # jawa
        if year < 1975:
            n = c(JAWA_M_OLD if sex == "L" else JAWA_F_OLD)
            if year < 1960 and n in OLD_SPELL and rng.random() < 0.6:
                n = OLD_SPELL[n]
            return n
        if sex == "L":
            return c(MODERN_M_FIRST) + " " + c(MODERN_M_REST) if rng.random() < 0.85 else c(JAWA_M_OLD)
        return c(MODERN_F_FIRST) + " " + c(MODERN_F_REST) if rng.random() < 0.85 else c(JAWA_F_OLD)

    def ethnic(self) -> str:
        r = self.rng.random()
        if self.region == "badung":
            return "bali" if r < 0.8 else "jawa"
        if self.region == "deliserdang":
            return "batak" if r < 0.35 else "jawa" if r < 0.7 else "melayu" if r < 0.9 else "china"
        if self.region == "bogor":
            return "sunda" if r < 0.75 else "jawa"
        return "jawa" if r < 0.95 else "sunda"

    def add(self, **kw) -> dict:
        kw["pid"] = len(self.people)
        self.people.append(kw)
        return kw

    # --- households
    def household(self, kec: str, desa: str, rates: dict) -> list[dict]:
        rng = self.rng
        eth = self.ethnic()
        self._marga = MARGA[int(rng.integers(len(MARGA)))]
        kk = self.nkk(kec)
        rt, rw = int(rng.integers(1, 12)), int(rng.integers(1, 8))
        street = ["Jl. Raya", "Dusun", "Jl. Masjid", "Gang Mawar", "Jl. Pahlawan", "Kp.",
                  "Jl. Merdeka", "Dsn. Krajan", "Lingk."][int(rng.integers(9))]
        addr = f"{street} {['I', 'II', 'III', 'Barat', 'Timur', 'Utara', 'Selatan', 'Tengah'][int(rng.integers(8))]}"
        migrant = rng.random() < 0.12
        reg_kec = ELSEWHERE[int(rng.integers(len(ELSEWHERE)))] if migrant else kec
        base = dict(kk=kk, kec=kec, desa=desa, rt=rt, rw=rw, alamat=addr, eth=eth)
        out = []
        hyear = int(rng.integers(1940, 2000))
        hb, hph = self.birth(hyear)
        hname = self.name("L", hyear, eth)
        title = ""
        if rng.random() < 0.06:
            title = ("H.", "H.")[int(rng.integers(0, 2))] if hyear < 1975 else ""  # men: H. only
        post = TITLES_POST[int(rng.integers(len(TITLES_POST)))] if rng.random() < 0.05 and hyear > 1960 else ""
        place = self.places[int(rng.integers(len(self.places)))] if not migrant else \
            ELSEWHERE_PLACES[int(rng.integers(len(ELSEWHERE_PLACES)))]
        head = self.add(name=hname, title=title, post=post, sex="L", birth=hb, ph=hph,
                        nik=self.nik(reg_kec, hb, "L"), kawin="S", place=place, role="head",
                        father=None, **base)
        out.append(head)
        if rng.random() < 0.88:
            wyear = min(hyear + int(rng.integers(-2, 9)), 2004)
            if hph and rng.random() < rates.get("couple_same_ph", 0.15):
                wb, wph = dt.date(wyear, hb.month, hb.day), True
            else:
                wb, wph = self.birth(wyear)
            wname = RHYME_WIFE.get(hname) if hname in RHYME_WIFE and rng.random() < 0.7 else None
            wname = wname or self.name("P", wyear, eth)
            wt = "Hj." if title == "H." and rng.random() < 0.8 else ""
            wplace = place if rng.random() < 0.5 else self.places[int(rng.integers(len(self.places)))]
            wife = self.add(name=wname, title=wt, post="", sex="P", birth=wb, ph=wph,
                            nik=self.nik(reg_kec if rng.random() < 0.7 else kec, wb, "P"),
                            kawin="S", place=wplace, role="wife", father=None, **base)
            out.append(wife)
            if wname == RHYME_WIFE.get(hname) or (wph and hph and wb == hb):
                self.lookalike.append((head["pid"], wife["pid"], "spouses"))
        # children of voting age
        nkids = int(rng.integers(0, 4))
        order = 0
        for _ in range(nkids):
            cyear = hyear + int(rng.integers(20, 38))
            if cyear > 2006:
                order += 1
                continue
            r = rng.random()
            if r < rates["twin"]:
                n1, s1, n2, s2 = _look_alike_names(rng, TWIN_NAMES, eth, ("Wayan", "Made"))
                cb, cph = self.birth(cyear)
                nik1 = self.nik(kec, cb, s1)
                k1 = self.add(name=n1, title="", post="", sex=s1, birth=cb, ph=cph, nik=nik1,
                              kawin="B", place=place, role="child", father=head["pid"], **base)
                nik2 = self.nik(kec, cb, s2, consecutive_to=nik1 if s1 == s2 else None)
                k2 = self.add(name=n2, title="", post="", sex=s2, birth=cb, ph=cph, nik=nik2,
                              kawin="B", place=place, role="child", father=head["pid"], **base)
                out += [k1, k2]
                self.lookalike.append((k1["pid"], k2["pid"], "twin"))
                order += 2
                continue
            if r < rates["twin"] + rates["sibling"]:
                n1, s1, n2, s2 = _look_alike_names(rng, SIB_NAMES, eth, ("Putu", "Kadek"))
                cb, cph = self.birth(cyear)
                cb2, cph2 = self.birth(min(cyear + int(rng.integers(1, 6)), 2006))
                k1 = self.add(name=n1, title="", post="", sex=s1, birth=cb, ph=cph,
                              nik=self.nik(kec, cb, s1), kawin="B", place=place, role="child",
                              father=head["pid"], **base)
                k2 = self.add(name=n2, title="", post="", sex=s2, birth=cb2, ph=cph2,
                              nik=self.nik(kec, cb2, s2), kawin="B", place=place, role="child",
                              father=head["pid"], **base)
                out += [k1, k2]
                self.lookalike.append((k1["pid"], k2["pid"], "sibling"))
                order += 2
                continue
            if r < rates["twin"] + rates["sibling"] + rates["father_son"]:
                cb, cph = self.birth(cyear)
                k = self.add(name=hname, title="", post="", sex="L", birth=cb, ph=cph,
                             nik=self.nik(kec, cb, "L"), kawin="B" if rng.random() < 0.6 else "S",
                             place=place, role="child", father=head["pid"], **base)
                if k["kawin"] == "S":  # married son with his own card, maybe another RT
                    k.update(kk=self.nkk(kec), rt=int(rng.integers(1, 12)))
                out.append(k)
                self.lookalike.append((head["pid"], k["pid"], "father_son"))
                order += 1
                continue
            sex = "L" if rng.random() < 0.5 else "P"
            cb, cph = self.birth(cyear)
            k = self.add(name=self.name(sex, cyear, eth, order), title="", post="", sex=sex,
                         birth=cb, ph=cph, nik=self.nik(kec, cb, sex), kawin="B",
                         place=place, role="child", father=head["pid"], **base)
            out.append(k)
            order += 1
        # NIK birth part differs legally from the recorded date (record corrected)
        for p in out:
            if rng.random() < 0.02 and not p["ph"]:
                p["birth"] = p["birth"] + dt.timedelta(days=int(rng.integers(1, 40)))
        return out

    def namesakes(self, kec: str, desa: str) -> None:
        """Two unrelated people, one common name, one placeholder date, one district."""
        rng = self.rng
        n, s = NAMESAKE_COMMON[int(rng.integers(len(NAMESAKE_COMMON)))]
        year = int(rng.integers(1945, 1975))
        ph = ["3112", "0107", "0101"][int(rng.integers(3))]
        b, _ = self.birth(year, ph)
        pids = []
        for _ in range(2):
            base = dict(kk=self.nkk(kec), kec=kec, desa=desa, rt=int(rng.integers(1, 12)),
                        rw=int(rng.integers(1, 8)), alamat=f"Dusun {['Krajan', 'Kidul', 'Lor', 'Wetan'][int(rng.integers(4))]}",
                        eth="jawa")
            p = self.add(name=n, title="", post="", sex=s, birth=b, ph=True, nik=self.nik(kec, b, s),
                         kawin="S", place=self.places[int(rng.integers(len(self.places)))],
                         role="head", father=None, **base)
            pids.append(p["pid"])
        self.lookalike.append((pids[0], pids[1], "namesake_placeholder"))


# ----------------------------------------------------------------------------- errors
def _look_alike_names(rng, pairs, eth: str, orders: tuple[str, str]
                      ) -> tuple[str, str, str, str]:
    """Two look-alike names with their sexes from ``pairs``; Balinese ones share a given
    name after the birth-order names ``orders``."""
    (n1, s1), (n2, s2) = pairs[int(rng.integers(len(pairs)))]
    if eth == "bali":
        s1 = s2 = "L" if rng.random() < 0.5 else "P"
        g = BALI_GIVEN_M if s1 == "L" else BALI_GIVEN_F
        given = g[int(rng.integers(len(g)))]
        pre = "I" if s1 == "L" else "Ni"
        n1, n2 = f"{pre} {orders[0]} {given}", f"{pre} {orders[1]} {given}"
    return n1, s1, n2, s2


def _c(rng, xs):
    return xs[int(rng.integers(len(xs)))]


def err_nik(rng, nik: str, p: dict) -> tuple[str, str]:
    if not nik:
        return nik, "nik:none"
    ops = ["confuse", "confuse", "ocr", "transpose", "transpose", "drop", "double", "blank",
           "nkk"]
    op = _c(rng, ops)
    i = int(rng.integers(0, len(nik)))
    if op == "confuse":
        j = [k for k in range(len(nik)) if nik[k] in DIGIT_CONFUSE]
        i = _c(rng, j)
        return nik[:i] + DIGIT_CONFUSE[nik[i]] + nik[i + 1:], f"nik:confuse@{i + 1}"
    if op == "ocr":
        j = [k for k in range(len(nik)) if nik[k] in OCR_LETTER]
        if not j:
            return nik, "nik:none"
        i = _c(rng, j)
        return nik[:i] + OCR_LETTER[nik[i]] + nik[i + 1:], f"nik:ocr@{i + 1}"
    if op == "transpose":
        j = [k for k in range(len(nik) - 1) if nik[k] != nik[k + 1]]
        i = _c(rng, j)
        return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2:], f"nik:transpose@{i + 1}"
    if op == "drop":
        return nik[:i] + nik[i + 1:], f"nik:drop@{i + 1}"
    if op == "double":
        return nik[:i] + nik[i] + nik[i:], f"nik:double@{i + 1}"
    if op == "blank":
        return "", "nik:blank"
    return p["kk"], "nik:nkk_copied"


def _title_strip(name: str) -> str:
    return name


def err_name(rng, name: str, p: dict, people: list[dict]) -> tuple[str, str, str, str]:
    """returns name, title, post, op (title/post are stored apart then rendered)."""
    title, post = p["title"], p["post"]
    toks = name.split()
    ops = ["caps_punct", "title", "bin", "swap", "abbrev", "spelling", "spelling", "ocr",
           "drop_token", "join", "typo", "typo"]
    if p["sex"] == "P" and p["kawin"] == "S":
        ops.append("married")
    op = _c(rng, ops)
    if op == "caps_punct":
        return name.upper().replace(" ", _c(rng, [" ", ", ", ". ", "  "]), 1) + _c(rng, ["", ".", ","]), \
            title, post, "name:caps_punct"
    if op == "title":
        if title or post:
            return name, "", "", "name:title_drop"
        if rng.random() < 0.5:
            return name, ("Hj." if p["sex"] == "P" else "H."), "", "name:title_add_haji"
        return name, "", _c(rng, TITLES_POST), "name:title_add_degree"
    if op == "bin":
        if " bin " in name or " binti " in name:
            return name.split(" bin")[0], title, post, "name:bin_drop"
        father = people[p["father"]]["name"].split()[0] if p["father"] is not None else \
            _c(rng, ["Ahmad", "Abdullah", "Slamet", "Sukardi", "Muhammad"])
        return f"{name} {'bin' if p['sex'] == 'L' else 'binti'} {father}", title, post, "name:bin_add"
    if op == "swap" and len(toks) >= 2 and toks[0] not in ("I", "Ni"):
        return " ".join([toks[-1]] + toks[1:-1] + [toks[0]]), title, post, "name:swap"
    if op == "abbrev" and len(toks) >= 2:
        if toks[0] in ("Muhammad", "Mohammad"):
            return " ".join([_c(rng, ["M.", "Moh.", "Muh.", "Mhd.", "Moch."])] + toks[1:]), title, post, "name:abbrev_muhammad"
        if toks[0] == "Abdul":
            return " ".join(["Abd."] + toks[1:]), title, post, "name:abbrev_abdul"
        k = int(rng.integers(1, len(toks))) if len(toks) > 2 else 1
        if toks[k] in ("br",):
            k = len(toks) - 1
        toks = toks[:k] + [toks[k][0] + "."] + toks[k + 1:]
        return " ".join(toks), title, post, f"name:abbrev_tok{k}"
    if op == "spelling":
        low = name
        subs = [("oe", "u"), ("u", "oe"), ("dj", "j"), ("j", "dj"), ("tj", "c"), ("c", "tj"),
                ("y", "i"), ("i", "y"), ("ss", "s"), ("s", "ss"), ("nn", "n"), ("h ", " "),
                ("ah", "a"), ("kh", "h"), ("f", "p"), ("dh", "d"), ("z", "j"), ("v", "f")]
        rng.shuffle(subs)
        for a, b in subs:
            pos = low.lower().find(a)
            if pos > 0 or (pos == 0 and a in ("oe", "dj", "tj")):
                seg = low[pos:pos + len(a)]
                rep = b.upper() if seg.isupper() else b
                return low[:pos] + rep + low[pos + len(a):], title, post, f"name:spell_{a.strip()}>{b.strip()}"
        if low.endswith("a"):
            return low + "h", title, post, "name:spell_final_h"
    if op == "ocr":
        for a, b in sorted(NAME_OCR, key=lambda _: rng.random()):
            pos = name.find(a, 1)
            if pos > 0:
                return name[:pos] + b + name[pos + len(a):], title, post, f"name:ocr_{a}>{b}"
    if op == "drop_token" and len(toks) >= 3:
        return " ".join(toks[:-1]), title, post, "name:drop_last"
    if op == "join" and len(toks) >= 2:
        k = int(rng.integers(0, len(toks) - 1))
        return " ".join(toks[:k] + [toks[k] + toks[k + 1].lower()] + toks[k + 2:]), title, post, "name:join"
    if op == "married":
        hus = _c(rng, ["Hartono", "Santoso", "Wijaya", "Siregar", "Nasution", "Gunawan", "Prasetyo"])
        return f"{name} {hus}", title, post, "name:married_surname"
    # typo
    low = list(name)
    idx = [k for k in range(1, len(low)) if low[k].lower() in KEY_NEIGH]
    if not idx:
        return name, title, post, "name:none"
    k = _c(rng, idx)
    kind = rng.integers(3)
    if kind == 0:
        ch = _c(rng, KEY_NEIGH[low[k].lower()])
        low[k] = ch.upper() if low[k].isupper() else ch
        return "".join(low), title, post, "name:typo_sub"
    if kind == 1:
        del low[k]
        return "".join(low), title, post, "name:typo_del"
    low.insert(k, low[k])
    return "".join(low), title, post, "name:typo_dup"


def err_date(rng, d: dt.date | None) -> tuple[dt.date | None, str]:
    if d is None:
        return d, "date:none"
    op = _c(rng, ["swap", "swap", "yeardigit", "yeardigit", "pm1", "placeholder", "missing",
                  "daytypo"])
    if op == "swap" and d.day <= 12 and d.day != d.month:
        return dt.date(d.year, d.day, d.month), "date:dm_swap"
    if op == "yeardigit" or op == "swap":
        y = str(d.year)
        i = _c(rng, [2, 3, 3])
        nd = str((int(y[i]) + _c(rng, [1, -1, 5, 3])) % 10)
        ny = int(y[:i] + nd + y[i + 1:])
        if 1920 <= ny <= 2006:
            try:
                return d.replace(year=ny), f"date:year_digit{i + 1}"
            except ValueError:
                pass
        return d.replace(year=d.year - 1) if not (d.month == 2 and d.day == 29) else d, "date:year_pm1"
    if op == "pm1":
        if d.month == 2 and d.day == 29:
            return d, "date:none"
        return d.replace(year=d.year + _c(rng, [1, -1])), "date:year_pm1"
    if op == "placeholder":
        kind = _c(rng, ["3112", "0107", "0101"])
        nd = dt.date(d.year, 12, 31) if kind == "3112" else dt.date(d.year, 7, 1) if kind == "0107" \
            else dt.date(d.year, 1, 1)
        return nd, f"date:to_placeholder_{kind}"
    if op == "missing":
        return None, "date:missing"
    day = d.day + _c(rng, [1, -1, 10, -10])
    try:
        return d.replace(day=day), "date:day_typo"
    except ValueError:
        return d.replace(year=d.year + 1) if not (d.month == 2 and d.day == 29) else d, "date:year_pm1"


def sheet_damage(rng, nik: str) -> tuple[str, str]:
    op = _c(rng, ["sci", "dot0", "apos", "spaces", "trail0"])
    if op == "sci":
        return f"{float(nik):.5E}".replace("E+", "E+"), "sheet:sci"
    if op == "dot0":
        return nik + ".0", "sheet:dot0"
    if op == "apos":
        return "'" + nik, "sheet:apos"
    if op == "spaces":
        return f"{nik[:6]} {nik[6:12]} {nik[12:]}", "sheet:spaces"
    return nik + "0", "sheet:trail0"


# ----------------------------------------------------------------------------- shapes
SHAPES = {
    # region, n districts, villages per district, dup rate (persons), scenario weights, rates
    "village": dict(region="banyumas", nd=1, nv=1, dup=0.06,
                    scen=dict(reentry=0.55, move=0.1, marriage=0.05, masked=0.1, sheet=0.1, exact=0.1),
                    rates=dict(twin=0.02, sibling=0.03, father_son=0.03), namesake=0.01, nik_missing=0.01),
    "district": dict(region="deliserdang", nd=8, nv=6, dup=0.05,
                     scen=dict(reentry=0.45, move=0.25, marriage=0.05, masked=0.1, sheet=0.1, exact=0.05),
                     rates=dict(twin=0.02, sibling=0.03, father_son=0.03), namesake=0.005, nik_missing=0.02),
    "moves": dict(region="banyumas", nd=12, nv=4, dup=0.08,
                  scen=dict(reentry=0.15, move=0.65, marriage=0.15, masked=0.0, sheet=0.05, exact=0.0),
                  rates=dict(twin=0.02, sibling=0.03, father_son=0.03), namesake=0.005, nik_missing=0.02),
    "hardneg": dict(region="badung", nd=3, nv=4, dup=0.04,
                    scen=dict(reentry=0.6, move=0.2, marriage=0.0, masked=0.1, sheet=0.1, exact=0.0),
                    rates=dict(twin=0.12, sibling=0.15, father_son=0.12, couple_same_ph=0.6),
                    namesake=0.05, nik_missing=0.01),
    "nikmissing": dict(region="bogor", nd=6, nv=5, dup=0.06,
                       scen=dict(reentry=0.6, move=0.25, marriage=0.05, masked=0.05, sheet=0.05, exact=0.0),
                       rates=dict(twin=0.02, sibling=0.03, father_son=0.03), namesake=0.01, nik_missing=0.30),
}


def _render_name(name: str, title: str, post: str, caps: bool) -> str:
    out = name
    if title:
        out = f"{title} {out}"
    if post:
        out = f"{out}, {post}"
    return out.upper() if caps else out


def gen(n_rows: int, shape: str, seed: int):
    cfg = SHAPES[shape]
    rng = np.random.default_rng(seed)
    kab, kecs, _ = REGIONS[cfg["region"]]
    kecs = kecs[:cfg["nd"]]
    pop = _Pop(rng, cfg["region"], kecs, cfg["nv"])
    target_people = int(n_rows / (1 + cfg["dup"] * 1.15))
    while len(pop.people) < target_people:
        kec = _c(rng, kecs)
        desa = _c(rng, pop.villages[kec])
        if rng.random() < cfg["namesake"]:
            pop.namesakes(kec, desa)
        pop.household(kec, desa, cfg["rates"])
    people = pop.people
    caps_list = rng.random() < 0.5  # this list is typed in capitals

    rows: list[dict] = []

    def record(p: dict, ops: list[str], **over) -> dict:
        r = dict(pid=p["pid"], name=p["name"], title=p["title"], post=p["post"], nik=p["nik"],
                 nkk=p["kk"], birth=p["birth"], sex=p["sex"], place=p["place"], kawin=p["kawin"],
                 alamat=p["alamat"], rt=p["rt"], rw=p["rw"], desa=p["desa"], kec=p["kec"],
                 datefmt="%d-%m-%Y", ops=ops, father=p["father"], role=p["role"])
        r.update(over)
        return r

    # missing NIK at the person level (both copies) and then per record
    for p in people:
        if rng.random() < cfg["nik_missing"] * 0.6:
            p["nik"] = ""
        rows.append(record(p, []))
    # clerk copied the head's NIK into a wife's record (one NIK, two people)
    heads = {p["kk"]: p for p in people if p["role"] == "head"}
    for r in rows:
        p = people[r["pid"]]
        if p["role"] == "wife" and rng.random() < 0.01 and heads.get(p["kk"]) and heads[p["kk"]]["nik"]:
            r["nik"] = heads[p["kk"]]["nik"]
            r["ops"].append("orig:head_nik_copied")
            pop.lookalike.append((heads[p["kk"]]["pid"], p["pid"], "clerk_shared_nik"))

    scen_names = list(cfg["scen"])
    scen_p = np.array([cfg["scen"][s] for s in scen_names])
    scen_p = scen_p / scen_p.sum()
    n_dup_people = int(len(people) * cfg["dup"])
    dup_people = rng.choice(len(people), size=n_dup_people, replace=False)
    all_desa = [(k, d) for k in kecs for d in pop.villages[k]]
    for pid in dup_people:
        p = people[pid]
        ncopies = 1 if rng.random() < 0.88 else 2
        for _ in range(ncopies):
            scen = scen_names[int(rng.choice(len(scen_names), p=scen_p))]
            if scen == "marriage" and not (p["sex"] == "P" and p["role"] == "child"):
                scen = "move"
            ops = [f"scenario:{scen}"]
            r = record(p, ops)
            if p["nik"] == "" and rows[pid]["nik"] == "":
                pass
            n_err = {"reentry": int(rng.choice([1, 2, 3], p=[0.45, 0.4, 0.15])),
                     "move": int(rng.choice([0, 1, 2], p=[0.45, 0.4, 0.15])),
                     "marriage": int(rng.choice([0, 1], p=[0.6, 0.4])),
                     "masked": int(rng.choice([0, 1], p=[0.6, 0.4])),
                     "sheet": int(rng.choice([0, 1], p=[0.6, 0.4])),
                     "exact": 0}[scen]
            if scen in ("move", "marriage"):
                if len(all_desa) > 1 and rng.random() < 0.85:
                    k, d = _c(rng, [x for x in all_desa if x[1] != p["desa"]])
                else:
                    k, d = p["kec"], p["desa"]
                r.update(kec=k, desa=d, rt=int(rng.integers(1, 12)), rw=int(rng.integers(1, 8)),
                         alamat=_c(rng, ["Perum Griya Asri", "Jl. Veteran", "Dusun Baru", "Jl. Sudirman", "Gg. Melati"]) + f" No. {int(rng.integers(1, 120))}")
                if rng.random() < (0.7 if scen == "move" else 1.0):
                    r["nkk"] = pop.nkk(k)
                    ops.append("move:new_kk")
                if k != p["kec"]:
                    ops.append("move:other_district")
                if scen == "move" and r["nik"] and rng.random() < 0.12 and k != r["nik"][:6]:
                    r["nik"] = k + r["nik"][6:]
                    ops.append("nik:district_rewritten")
                if scen == "marriage":
                    hus = _c(rng, ["Hartono", "Santoso", "Wijaya", "Siregar", "Nasution", "Gunawan", "Prasetyo", "Saputra"])
                    r["name"] = f"{p['name']} {hus}"
                    r["kawin"] = "S"
                    ops.append("name:married_surname")
                elif r["kawin"] == "B" and rng.random() < 0.5:
                    r["kawin"] = "S"
            if scen == "masked" and r["nik"]:
                r["nik"] = r["nik"][:12] + "****"
                ops.append("nik:masked")
            if scen == "sheet" and r["nik"]:
                r["nik"], op = sheet_damage(rng, r["nik"])
                ops.append(op)
            # field errors
            fields = rng.choice(["nik", "name", "name", "date", "date", "kk", "place"],
                                size=n_err, replace=True)
            for f in fields:
                if f == "nik" and scen not in ("masked", "sheet"):
                    r["nik"], op = err_nik(rng, r["nik"], p)
                elif f == "name" or f == "nik":
                    r["name"], r["title"], r["post"], op = err_name(rng, r["name"], r, people)
                elif f == "date":
                    r["birth"], op = err_date(rng, r["birth"])
                elif f == "kk":
                    if rng.random() < 0.5:
                        r["nkk"], op = "", "kk:blank"
                    else:
                        r["nkk"], op = pop.nkk(r["kec"]), "kk:new"
                else:
                    if rng.random() < 0.5:
                        r["place"], op = "", "place:blank"
                    else:
                        r["place"], op = _c(rng, pop.places), "place:variant"
                ops.append(op)
            if rng.random() < 0.01:
                r["sex"] = "P" if r["sex"] == "L" else "L"
                ops.append("sex:flip")
            if rng.random() < 0.2:
                r["datefmt"] = "%d/%m/%Y"
            r["name_caps_override"] = rng.random() < 0.3  # another clerk, other case
            rows.append(r)
    # per-record missing NIK
    extra = cfg["nik_missing"] * 0.4
    for r in rows:
        if r["nik"] and rng.random() < extra:
            r["nik"] = ""
            r["ops"].append("nik:blank_rec")

    # order like a list: by village, RT, then random
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["desa"], rows[i]["rt"], rng.random()))
    rows = [rows[i] for i in order]
    # TPS: 300 voters per TPS within a village (families roughly together by RT order)
    tps_counter: dict[str, int] = defaultdict(int)
    recs = []
    for i, r in enumerate(rows):
        caps = caps_list ^ bool(r.get("name_caps_override", False))
        tps_counter[r["desa"]] += 1
        recs.append({
            "NO": f"{i + 1:09d}",
            "NKK": r["nkk"],
            "NIK": r["nik"],
            "NAMA": _render_name(r["name"], r["title"], r["post"], caps),
            "TEMPAT LAHIR": r["place"].upper() if caps else r["place"],
            "TANGGAL LAHIR": r["birth"].strftime(r["datefmt"]) if r["birth"] else "",
            "STATUS PERKAWINAN": r["kawin"],
            "JENIS KELAMIN": r["sex"],
            "ALAMAT": r["alamat"].upper() if caps else r["alamat"],
            "RT": f"{r['rt']:03d}",
            "RW": f"{r['rw']:03d}",
            "DISABILITAS": "0",
            "KTP-EL": "S" if r["nik"] else "B",
            "KODE DESA": r["desa"],
            "TPS": f"{(tps_counter[r['desa']] - 1) // 300 + 1:03d}",
        })
    frame = pd.DataFrame(recs)
    frame.index = pd.Index(frame["NO"], name="id")
    frame = frame.drop(columns=["NO"])
    person = pd.Series([r["pid"] for r in rows], index=frame.index, name="person")
    ops = pd.Series([";".join(r["ops"]) for r in rows], index=frame.index, name="ops")
    look = pd.DataFrame(pop.lookalike, columns=["pid_a", "pid_b", "kind"])
    return frame, dict(person=person, ops=ops, lookalike=look, shape=shape, seed=seed,
                       n_rows=len(frame))


if __name__ == "__main__":
    import sys
    f, t = gen(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
    print(f.head(20).to_string())
    print(len(f), t["person"].nunique(), t["lookalike"]["kind"].value_counts().to_dict())
    print(t["ops"][t["ops"] != ""].head(30).to_string())


def listed(n_rows: int, shape: str, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`gen` as the independent generator gives its lists: the frame with ``id``
    and ``_pid`` columns (truth columns start with ``_``) and the look-alikes
    (``pid_a``, ``pid_b``, ``kind``)."""
    frame, truth = gen(n_rows, shape, seed)
    people = truth["person"].reindex(frame.index).to_numpy()
    return frame.reset_index().assign(_pid=people), truth["lookalike"]
