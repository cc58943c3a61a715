"""A sixth, independent generator of Indonesian voter lists (DPT) with ground truth.

Written in session 20 by a helper from DOMAIN.md and general knowledge, without reading
``sidalih`` or the other generators. Used by ``benchmarks/bench_independent.py
--generator sixth`` and ``tests/test_independent_lists.py`` (through :func:`listed`).

Written from general knowledge of Indonesia and the facts in ``DOMAIN.md`` only, apart
from the library it is used to test (no import of it here) and from the other
generators. It stresses what the others may leave out:

* Java: Javanese single names (Sutrisno, Sumarni), old spelling on older cards
  (Soetrisno, Djoko, Tjahjono, Wahjoedi), Javanese o/a endings (Sastro/Sastra,
  Sunarya/Sunaryo); Sundanese names (Dede, Cecep, Ujang, Euis, Neneng) and their
  spellings (Saepudin/Saefudin/Syaifudin, Jubaedah/Zubaedah).
* Arabic-derived names spelt many ways (Muhammad/Mohammad/Muhamad/Moch./M.,
  Abdurrahman/Abdul Rahman/Abd. Rahman, Nurhayati/Nur Hayati), bin/binti suffixes.
* Chinese-Indonesian names: an Indonesian name and, on some records, a Chinese one
  (Budi Santoso / Tan Bun Hok), with old and Hakka spellings (Tjhin/Chin, Oei/Oey).
* Titles on some records only: hajj (H., Hj.), academic (Drs., Dra., Ir., S.Pd.,
  S.E., S.H., A.Md.), adat (Datuk, Andi) in the mixed profile.
* Clerk errors: OCR-like NIK digit confusions (0/8, 1/7, 5/6, 3/8), transpositions,
  masked (last four ``****``) or missing NIKs, the family card number typed as NIK,
  day/month swapped, a year digit wrong, a missing date, a placeholder date
  (31-12 / 01-07 / 01-01) on one copy, sex mistyped, a woman left on her parents'
  card after marrying into her husband's village, movers between villages and
  districts, RT/RW changes, address and birth-place text variants.
* Hard negatives: twins (same card, date and address, consecutive NIK serials,
  names like Hasan/Husen), a father and son of one name, namesakes with a common
  name on one placeholder date in one village, siblings with near names on one card.

Usage::

    voters, truth = gen(5000, "java_village", seed=1)

``voters`` has the canonical snake-case voter columns (``id, nkk, nik, nama,
tempat_lahir, tanggal_lahir, status_kawin, jenis_kelamin, alamat, rt, rw, kode_desa,
tps, ektp``), every value text, dates ``DD-MM-YYYY`` (some ``DD/MM/YYYY``), in a
shuffled order. ``truth`` has ``id, person_id, kind`` (``original``, ``twin``,
``namesake``, ``parent_child``, ``sibling_near`` for a person's first record;
``duplicate_<error>`` for every further record, ``<error>`` the main error),
``errors`` (all the errors of that record, ``+``-joined), ``neg_kind`` and
``neg_group`` (the hard-negative group of the person; records of two persons with
one ``neg_group`` form a hard-negative pair of kind ``neg_kind``).

Profiles (``PROFILES``): ``java_village`` (one Javanese village, Banyumas),
``java_district`` (several Sundanese villages of one district, Kab. Bandung),
``chinese_city`` (urban Semarang and Surabaya, about 40 % Chinese-Indonesian),
``arabic_spelling`` (Kab. Bogor / Pamekasan-like, heavy Arabic spelling variation),
``mixed`` (a national-like mix across provinces). Any ``n_records`` works; the
profiles are meant for 1,000-30,000.

Every random draw comes from one ``random.Random(seed)``: same arguments, same lists.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import generated_truth
import polars as pl

__all__ = ["gen", "PROFILES", "hard_negative_pairs", "listed"]

hard_negative_pairs = generated_truth.hard_negative_pairs

ELECTION = dt.date(2024, 2, 14)

# ---------------------------------------------------------------------------
# Regions (real Kemendagri codes; villages numbered 2001.. as desa, 1001.. kelurahan)
# ---------------------------------------------------------------------------

REGENCIES = {
    "3302": ("Banyumas", ["330206", "330207", "330211", "330203"], "desa"),
    "3204": ("Bandung", ["320413", "320415", "320411", "320412"], "desa"),
    "3201": ("Bogor", ["320110", "320111", "320101", "320104"], "desa"),
    "3374": ("Semarang", ["337401", "337402", "337403", "337407"], "kel"),
    "3578": ("Surabaya", ["357805", "357806", "357807", "357808"], "kel"),
    "3173": ("Jakarta", ["317303", "317304", "317302"], "kel"),
    "1371": ("Padang", ["137101", "137104", "137109"], "kel"),
    "7371": ("Makassar", ["737103", "737107", "737110"], "kel"),
    "6171": ("Pontianak", ["617101", "617105"], "kel"),
    "3522": ("Bojonegoro", ["352206", "352210"], "desa"),
    "3404": ("Sleman", ["340401", "340407"], "desa"),
    "3471": ("Yogyakarta", ["347102", "347103"], "kel"),
    "1275": ("Medan", ["127501", "127502"], "kel"),
    "5171": ("Denpasar", ["517101", "517102"], "kel"),
}

DUSUN = ["Krajan", "Karanganyar", "Sidomulyo", "Kedungwuni", "Ngampel", "Banjarsari",
         "Sukamaju", "Tegalsari", "Margomulyo", "Wonorejo", "Gunungsari", "Kalibening"]
KAMPUNG = ["Sukamaju", "Cibeureum", "Babakan", "Cikoneng", "Pasirjati", "Sindangsari",
           "Cigondewah", "Leuwigajah", "Pameungpeuk", "Sukasari", "Cijambe", "Situsari"]
STREETS = ["Gajah Mada", "Pemuda", "Pandanaran", "Sriwijaya", "Diponegoro", "Kartini",
           "Gang Pinggir", "Kranggan", "Wahid Hasyim", "Petudungan", "Kembang Jepun",
           "Kapasan", "Jagalan", "Mataram", "Veteran", "Sudirman", "Ahmad Yani",
           "Imam Bonjol", "Cendrawasih", "Merpati", "Melati", "Mawar", "Anggrek"]

# ---------------------------------------------------------------------------
# Name lexicons. A slot is a tuple of spellings of one name; the first is standard.
# ---------------------------------------------------------------------------

JAV_M_SINGLE = ["Sutrisno", "Suparman", "Sugeng", "Slamet", "Sukardi", "Sumarno", "Paijo", "Tukiman", "Ngadiman", "Suwarno", "Sugiyanto", "Purwanto", "Haryanto", "Subagyo", "Sunarto", "Mulyono", "Giyono", "Karyadi", "Warsito", "Triyono", "Margono", "Priyanto", "Supriyadi", "Suyono", "Darmaji", "Kasiman", "Sarijo", "Poniman", "Wagiman", "Samijo", "Parjo", "Jumadi", "Sujono", "Cahyono", "Wahyudi", "Tarno", "Karto", "Sastro", "Darmo", "Parto", "Siswanto", "Suharto", "Sukarno", "Sudarmo", "Sumadi", "Ngatijo", "Kusnadi", "Rusdi", "Juwari", "Sukirman"]
JAV_F_SINGLE = ["Sumarni", "Suparmi", "Sulastri", "Sutini", "Suyati", "Painem", "Tukinem", "Ngatini", "Sumiyati", "Sukarti", "Kartini", "Sartini", "Murni", "Sundari", "Wartini", "Warsini", "Partini", "Sarinah", "Jumini", "Karsih", "Tumini", "Sainem", "Paini", "Suwarni", "Sriyati", "Mujiyem", "Wagiyem", "Poniyem", "Sukinah", "Rubiyah", "Sutarmi", "Juminten", "Kasiyem", "Ngatiyem", "Surip"]
JAV_M_GIVEN = ["Agus", "Budi", "Joko", "Bambang", "Eko", "Heru", "Hadi", "Dwi", "Tri", "Bayu", "Teguh", "Rudi", "Yudi", "Adi", "Wahyu", "Andi", "Dedi", "Arif", "Hendro", "Bagus", "Fajar", "Dimas", "Galih", "Aditya", "Yoga", "Anton", "Yusuf", "Edi", "Sigit", "Danang", "Hari", "Sapto", "Catur", "Wawan"]
JAV_F_GIVEN = ["Sri", "Endang", "Rini", "Wulan", "Puji", "Tri", "Dwi", "Yuli", "Dewi", "Eka", "Ratna", "Ani", "Tutik", "Nanik", "Wiwik", "Yayuk", "Lilik", "Ika", "Fitri", "Indah", "Ayu", "Retno", "Rina", "Dian", "Novi", "Yanti", "Sari", "Anik", "Umi", "Lina"]
JAV_M_SUR = ["Santoso", "Susilo", "Wibowo", "Prasetyo", "Setiawan", "Nugroho", "Purnomo", "Hidayat", "Kurniawan", "Saputra", "Wijaya", "Hartono", "Raharjo", "Utomo", "Suryadi", "Pramono", "Susanto", "Widodo", "Hermawan", "Gunawan", "Priyono", "Kuncoro", "Sasongko", "Hariyanto", "Sulistyo", "Riyanto"]
JAV_F_SUR = ["Lestari", "Rahayu", "Wulandari", "Handayani", "Astuti", "Rahmawati", "Purwanti", "Susanti", "Ningsih", "Widayati", "Pratiwi", "Suryani", "Mulyani", "Setyowati", "Kusumawati", "Wahyuni", "Sulistyowati", "Wijayanti", "Yuliani", "Puspitasari", "Anggraini", "Kurniasih", "Rahayuningsih"]
# Javanese names whose final -o is also written -a.
O_A = {"Sastro", "Darmo", "Parto", "Karto", "Sutrisno", "Sukarno", "Sumarno", "Sudarmo",
       "Suharto", "Sunarto", "Margono", "Suwarno", "Mulyono", "Giyono", "Triyono",
       "Sarijo", "Samijo", "Parjo", "Paijo", "Ngatijo", "Suyono", "Sujono", "Hartono",
       "Priyono", "Purnomo", "Pramono", "Widodo", "Utomo", "Susilo"}

SUN_M_GIVEN = ["Dede", "Cecep", "Ujang", "Asep", "Ade", "Dadang", "Deden", "Encep", "Iwan", "Jajang", "Dadan", "Yayan", "Nandang", "Aep", "Usep", "Engkus", "Ucup", "Wawan", "Didin", "Endang", "Agus", "Ayi", "Oman", "Aceng", "Enjang", "Yana", "Dodi", "Maman", "Uus", "Otong", "Ajat", "Ikin", "Ukar", "Dudi", "Jejen"]
SUN_F_GIVEN = ["Euis", "Neneng", "Enung", "Iis", "Cucu", "Imas", "Lilis", "Yeni", "Nining", "Teti", "Ai", "Elis", "Titin", "Ikah", "Enok", "Entin", "Nunung", "Dedeh", "Eneng", "Cicih", "Oneng", "Iin", "Eti", "Ela", "Ipah", "Yati", "Nenden", "Tita", "Popon", "Eem", "Nia", "Neni"]
SUN_M_SUR = [("Sunarya", "Sunaryo"), ("Suryana",), ("Permana",), ("Hermawan",),
             ("Sopandi", "Sofandi"), ("Saepudin", "Saefudin", "Syaifudin", "Saepuddin"),
             ("Mulyana",), ("Kusnadi",), ("Supriatna", "Supriyatna"), ("Hidayat",),
             ("Ruhiyat", "Ruhiat"), ("Rohendi",), ("Gunawan",), ("Nurjaman",),
             ("Sukmana",), ("Rukmana",), ("Komarudin", "Komaruddin", "Qomarudin"),
             ("Sudrajat", "Sudradjat"), ("Somantri",), ("Rustandi",),
             ("Wahyudin", "Wahyuddin"), ("Nurdin",), ("Sobari",), ("Mulyadi",),
             ("Saepuloh", "Saefulloh", "Saepulloh"), ("Suhendar",), ("Darmawan",),
             ("Sumpena",), ("Kurnia",), ("Setiadi",)]
SUN_F_SUR = [("Nurhayati", "Nur Hayati"), ("Rosita",), ("Sumiati", "Sumiyati"),
             ("Rohaeti", "Rohayati"), ("Kurniasih",), ("Nurlela", "Nurlaela"),
             ("Herawati",), ("Suryani",), ("Mulyati",), ("Komariah", "Komariyah", "Qomariah"),
             ("Hasanah",), ("Jubaedah", "Zubaedah", "Zubaidah"), ("Rukmini",),
             ("Aisah", "Aisyah"), ("Hodijah", "Khodijah"), ("Maryati",),
             ("Rosmiati", "Rosmiyati"), ("Yulianti",), ("Rohimah",), ("Halimah",),
             ("Mariam", "Maryam"), ("Sopiah", "Sofiah", "Sofiyah"), ("Aminah",)]

MUHAMMAD = ("Muhammad", "Muhamad", "Mohammad", "Mohamad", "Mochammad", "Muchammad",
            "Mohammed", "Mokhamad", "Mochamad")
MUHAMMAD_ABBR = ("M.", "Moh.", "Moch.", "Muh.", "Mhd.", "Md.", "Mch.")
ARAB_M_FIRST = [MUHAMMAD, ("Ahmad", "Achmad", "Akhmad", "Ahmat"),
                ("Abdul",), ("Nur",), ("Syaiful", "Saiful", "Syaeful", "Saeful"),
                ("Zainal", "Zaenal", "Jaenal"), ("Rahmat", "Rachmat", "Rohmat", "Rakhmat"),
                ("Hasan", "Hassan"), ("Husein", "Husen", "Husain", "Hussein"),
                ("Yusuf", "Yusup", "Jusuf"), ("Ibrahim", "Ibrohim"), ("Ismail", "Ismael"),
                ("Umar", "Oemar", "Omar"), ("Mustofa", "Mustafa", "Musthofa", "Mustopa"),
                ("Zulkifli", "Julkifli", "Dzulkifli"), ("Khoirul", "Choirul", "Khairul"),
                ("Taufik", "Taufiq", "Taupik"), ("Sholeh", "Soleh", "Saleh", "Shaleh"),
                ("Rizki", "Rizky", "Rizqi", "Riski"), ("Fikri", "Fikry", "Fiqri"),
                ("Lutfi", "Luthfi", "Lutpi"), ("Ridwan", "Ridhwan"), ("Mahmud", "Machmud"),
                ("Syamsul", "Samsul", "Sjamsul"), ("Ilham",), ("Hamzah", "Hamzah", "Hamza")]
ARAB_M_SECOND = [("Fauzi", "Fauzy", "Pauzi"), ("Arifin", "Ariffin"), ("Hidayat",),
                 ("Hidayatullah", "Hidayatulloh"), ("Nasrullah", "Nasrulloh"),
                 ("Abidin",), ("Anwar",), ("Rofiq", "Rofik", "Rafiq"), ("Huda", "Hudha"),
                 ("Hakim",), ("Ma'ruf", "Maruf", "Makruf"), ("Sulaiman", "Sulaeman"),
                 ("Abdullah", "Abdulloh", "Abdulah"), ("Ramadhan", "Ramadan", "Romadhon"),
                 ("Iskandar",), ("Fahrudin", "Fachrudin", "Fahruddin"), ("Firmansyah",),
                 ("Syahputra", "Saputra"), ("Maulana",), ("Kurniawan",), ("Zakaria", "Zakariya")]
ARAB_COMPOUND_M = [("Abdurrahman", "Abdul Rahman", "Abdurahman", "Abd. Rahman",
                    "Abdurrachman"),
                   ("Abdul Kadir", "Abdul Qodir", "Abdul Qadir", "Abdulkadir", "Abd. Kadir"),
                   ("Abdul Aziz", "Abd. Aziz", "Abdul Azis", "Abdulaziz"),
                   ("Fathurrahman", "Fathurrohman", "Faturahman", "Fatur Rahman"),
                   ("Nurul Huda", "Nurulhuda"), ("Nur Hidayat", "Nurhidayat"),
                   ("Saifullah", "Syaifullah", "Saifulloh"), ("Abdul Ghofur", "Abdul Gofur",
                                                              "Abdul Ghafur")]
ARAB_F_FIRST = [("Siti", "Sity"), ("Nur",), ("Fatimah", "Fatima", "Fathimah", "Patimah"),
                ("Aisyah", "Aisah", "Aisya", "Aishah"),
                ("Khadijah", "Hadijah", "Kadijah", "Chadijah", "Khodijah"),
                ("Zubaidah", "Zubaedah", "Jubaedah"), ("Rukayah", "Ruqayah", "Rukoyah"),
                ("Maryam", "Mariam"), ("Laila", "Laela", "Leila"), ("Ulfa", "Ulfah"),
                ("Zahra", "Zahrah"), ("Syarifah", "Sarifah", "Syaripah")]
ARAB_F_SECOND = [("Aminah", "Amina"), ("Rohmah", "Rahmah", "Rochmah"),
                 ("Halimah", "Halima", "Chalimah"), ("Khotimah", "Hotimah", "Chotimah"),
                 ("Mardiyah", "Mardiah"), ("Mutmainah", "Mutmainnah"),
                 ("Hafizah", "Hafidzah"), ("Salamah",), ("Rahmawati", "Rachmawati"),
                 ("Maesaroh", "Maisaroh", "Maysaroh"), ("Zulaikha", "Julaeha", "Zulaeha"),
                 ("Munawaroh", "Munawwaroh"), ("Romlah",), ("Sa'adah", "Saadah")]
ARAB_COMPOUND_F = [("Nurhayati", "Nur Hayati", "Nurhayaty", "Nurhajati"),
                   ("Nur Aini", "Nuraini", "Nur'aini", "Nur Ainy"),
                   ("Nurjanah", "Nurjannah", "Nur Jannah"),
                   ("Nur Hasanah", "Nurhasanah", "Nur Chasanah"),
                   ("Nurul Aini", "Nurul 'Aini"), ("Siti Nurhaliza", "Siti Nurhalizah")]

CHN_GIVEN_M = ["Budi", "Hendra", "Yohanes", "Stefanus", "Fransiskus", "Agustinus", "Michael", "Kevin", "Steven", "Felix", "Vincent", "Herman", "Hendrik", "Rudy", "Tony", "Andreas", "Benny", "Edy", "Hartono", "Sugianto", "Jimmy", "Handoko", "Wilson", "Alvin", "Sutanto", "Gunawan"]
CHN_GIVEN_F = ["Lina", "Maria", "Theresia", "Veronika", "Yuliana", "Elisabeth", "Kristina", "Lidia", "Jessica", "Angela", "Cindy", "Jennifer", "Lily", "Susi", "Meliana", "Suryani", "Linda", "Yenny", "Fenny", "Melisa", "Vivian", "Grace", "Monica", "Sherly", "Lanny", "Lenny"]
CHN_SUR = [("Wijaya", "Widjaja", "Wijaja"), ("Tanuwijaya", "Tanudjaja", "Tanuwidjaja"),
           ("Halim",), ("Salim",), ("Gunawan",), ("Setiadi",), ("Kusuma", "Kusumah"),
           ("Sugiarto",), ("Tanoto",), ("Limantara",), ("Hartono",),
           ("Tjandra", "Candra", "Chandra"), ("Sutanto",), ("Gozali", "Ghozali"),
           ("Santoso", "Santosa"), ("Darmawan",), ("Hadinata",), ("Lukito",),
           ("Wibisono",), ("Budiman",), ("Kosasih",), ("Tedja", "Teja"), ("Susanto",),
           ("Setiawan",), ("Irawan",), ("Tanzil",), ("Liman",), ("Wongso", "Wongsa")]
CHN_CLAN = [("Tan",), ("Lim", "Liem"), ("Oei", "Oey", "Wee"), ("Go", "Goh"), ("Ong",),
            ("Lie", "Li"), ("Kwee", "Kwe"), ("Tjoa", "Chua"), ("Tjhin", "Chin", "Cin"),
            ("The", "Tee"), ("Gouw", "Gow"), ("Sie",), ("Yap", "Jap"), ("Wong",),
            ("Tio", "Thio"), ("Ang",), ("Njoo", "Nyoo"), ("Khoe", "Khu"), ("Ho",)]
CHN_SYL = ["Bun", "Hok", "Siok", "Lan", "Kim", "Hwa", "Tjing", "Liong", "Swie", "Hong", "Gie", "Mei", "Ling", "Giok", "Nio", "Ay", "Tek", "Siong", "Kiat", "Hian", "Djien", "Tjoen", "Eng", "Soen", "Hoat", "Kok", "Seng", "Thay", "Yong", "Fung", "Ming", "Lian", "Hui", "Tjie", "Tjeng", "Bie", "Lay"]

MINANG_M = [("Afrizal", "Aprizal"), ("Syafrizal", "Safrizal"), ("Yulizar", "Julizar"),
            ("Darmawel",), ("Zulhendri", "Julhendri"), ("Efendi", "Effendi", "Efendy"),
            ("Nofrizal", "Novrizal"), ("Hendri", "Hendry"), ("Nofriadi", "Novriadi"),
            ("Jasman",), ("Yusrizal",), ("Asril",)]
MINANG_F = [("Asnimar",), ("Yusnidar",), ("Elfira", "Elvira"), ("Yusmaniar",),
            ("Rosmaniar",), ("Erniwati", "Erniwaty"), ("Desmawati", "Desmawaty"),
            ("Nurmalis",), ("Yenti", "Yanti"), ("Zuraida", "Juraida")]
BUGIS_M = [("Baso",), ("Syamsuddin", "Syamsudin", "Samsuddin"), ("Jamaluddin", "Jamaludin"),
           ("Hasanuddin", "Hasanudin"), ("Nurdin",), ("Arifuddin", "Arifudin"),
           ("Muhammad Arif", "Muh. Arif", "M. Arif"), ("Rahman",), ("Sudirman",), ("Hamka",)]
BUGIS_F = [("Sitti", "Siti"), ("Besse",), ("Tenri",), ("Hasnah", "Hasna"),
           ("Nurhaedah", "Nurhaidah"), ("Rosmini",), ("Hadijah", "Hadija"), ("Nurmiati",)]
BATAK_GIVEN_M = ["Maruli", "Togar", "Poltak", "Junjungan", "Parlindungan", "Hotman", "Lamhot", "Robert", "Jhon", "Daniel", "Samuel", "Benget", "Marihot"]
BATAK_GIVEN_F = ["Rosmawati", "Tiurma", "Rugun", "Dameria", "Ruth", "Lusiana", "Hotmaida", "Rosdiana", "Tiarma"]
BATAK_MARGA = ["Siregar", "Nasution", "Harahap", "Simanjuntak", "Sitorus", "Hutapea", "Lubis", "Sinaga", "Simatupang", "Panjaitan", "Pardede", "Hutagalung", "Situmorang", "Manurung", "Tambunan"]
BALI_ORDER = [("Wayan", "Putu", "Gede"), ("Made", "Kadek"), ("Nyoman", "Komang"), ("Ketut",)]
BALI_GIVEN_M = ["Sudarma", "Suartana", "Budiarta", "Suastika", "Sukerta", "Artawan", "Sudiarsa", "Mertayasa"]
BALI_GIVEN_F = ["Ariani", "Sukarini", "Suastini", "Sriasih", "Wartini", "Sudiani", "Astiti"]

# Twins: names of two children born together (sex of each).
TWIN_NAMES = [(("Hasan", "L"), ("Husen", "L")), (("Hasan", "L"), ("Husein", "L")),
              (("Rina", "P"), ("Rini", "P")), (("Fajar", "L"), ("Fajri", "L")),
              (("Kartika", "P"), ("Sartika", "P")), (("Rizki", "L"), ("Rizka", "P")),
              (("Putra", "L"), ("Putri", "P")), (("Bagus", "L"), ("Bagas", "L")),
              (("Yudi", "L"), ("Yuda", "L")), (("Hasna", "P"), ("Husna", "P")),
              (("Dewi", "P"), ("Dewa", "L")), (("Nanda", "P"), ("Nandi", "L")),
              (("Rama", "L"), ("Rami", "P")), (("Ikhwan", "L"), ("Ikhsan", "L")),
              (("Dwi Ayu", "P"), ("Dwi Ayi", "P")), (("Agus", "L"), ("Agung", "L")),
              (("Nurul", "P"), ("Nurul Aini", "P")), (("Cecep", "L"), ("Cucu", "P"))]
# Siblings on one card with near names (different birth dates).
SIB_NEAR = [("Agus Setiawan", "Agung Setiawan", "L", "L"),
            ("Dede Rohman", "Dede Rohmat", "L", "L"),
            ("Sri Wahyuni", "Sri Wahyuningsih", "P", "P"),
            ("Eka Susanti", "Eka Susanto", "P", "L"),
            ("Nur Aini", "Nur Asih", "P", "P"),
            ("Dewi Lestari", "Dewi Lestiani", "P", "P"),
            ("Budi Santoso", "Budi Susanto", "L", "L"),
            ("Siti Aminah", "Siti Aminah Lestari", "P", "P"),
            ("Muhammad Rizki", "Muhammad Rizal", "L", "L"),
            ("Ujang Suryana", "Ujang Suryadi", "L", "L"),
            ("Tri Wahyudi", "Tri Wahyono", "L", "L"),
            ("Neneng Rosita", "Neneng Rosmiati", "P", "P")]
# Common names for namesakes (same village, same placeholder date).
COMMON = {"L": ["Sutrisno", "Slamet", "Suparman", "Muhammad Rizki", "Ahmad", "Asep Saepudin",
                "Ujang", "Agus Setiawan", "Budi Santoso", "Sugeng", "Abdul Rahman"],
          "P": ["Siti Aminah", "Sumarni", "Nur Hayati", "Sri Wahyuni", "Siti Fatimah",
                "Euis", "Painem", "Sulastri", "Siti Khodijah", "Nurhayati"]}

HAJJ = {"L": ("H.", "Haji", "H"), "P": ("Hj.", "Hajjah", "Hj")}
ACAD_OLD = {"L": ("Drs.", "Ir.", "Drs"), "P": ("Dra.", "Ir.", "Dra")}
ACAD_NEW = ("S.Pd.", "S.E.", "S.H.", "S.Kom.", "S.Ag.", "S.Sos.", "A.Md.", "S.T.", "S.Pd.I",
            "M.Pd.", "S.Kep.", "S.IP.")

# ---------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------

PROFILES: dict[str, dict] = {
    "java_village": dict(
        regencies=["3302"], n_villages=1,
        eth={"jav": 0.78, "arab": 0.17, "sun": 0.03, "chn": 0.02},
        dup_rate=0.05, migrant=0.08, old_spelling=0.45,
        errors={"nik_ocr": 3, "nik_transpose": 1, "nik_missing": 2, "nik_masked": 1,
                "nik_is_kk": 1, "date_swap": 2, "date_year": 2, "date_missing": 1,
                "date_placeholder": 2, "gender": 1, "name_spelling": 3, "name_oldspell": 3,
                "name_abbrev": 2, "name_title": 2, "name_typo": 2, "married_move": 2,
                "moved": 2, "rt_rw": 2, "address": 1, "birthplace": 1}),
    "java_district": dict(
        regencies=["3204"], n_villages=6,
        eth={"sun": 0.62, "arab": 0.25, "jav": 0.1, "chn": 0.03},
        dup_rate=0.07, migrant=0.12, old_spelling=0.25,
        errors={"nik_ocr": 3, "nik_transpose": 1, "nik_missing": 2, "nik_masked": 1,
                "nik_is_kk": 1, "date_swap": 2, "date_year": 2, "date_missing": 1,
                "date_placeholder": 2, "gender": 1, "name_spelling": 3, "name_oldspell": 1,
                "name_abbrev": 2, "name_title": 2, "name_typo": 2, "married_move": 3,
                "moved": 4, "rt_rw": 2, "address": 1, "birthplace": 1}),
    "chinese_city": dict(
        regencies=["3374", "3578"], n_villages=6, n_districts=2,
        eth={"chn": 0.42, "jav": 0.33, "arab": 0.18, "sun": 0.03, "batak": 0.04},
        dup_rate=0.08, migrant=0.3, old_spelling=0.3,
        errors={"nik_ocr": 3, "nik_transpose": 1, "nik_missing": 1, "nik_masked": 1,
                "nik_is_kk": 1, "date_swap": 2, "date_year": 2, "date_missing": 1,
                "date_placeholder": 1, "gender": 1, "name_spelling": 2, "name_oldspell": 2,
                "name_abbrev": 2, "name_title": 3, "name_typo": 2, "name_chinese": 6,
                "married_move": 2, "moved": 4, "rt_rw": 1, "address": 2, "birthplace": 1}),
    "arabic_spelling": dict(
        regencies=["3201"], n_villages=4, n_districts=2,
        eth={"arab": 0.72, "sun": 0.18, "jav": 0.1},
        dup_rate=0.08, migrant=0.1, old_spelling=0.3, arabic_any_variant=True,
        errors={"nik_ocr": 2, "nik_transpose": 1, "nik_missing": 2, "nik_masked": 1,
                "nik_is_kk": 1, "date_swap": 1, "date_year": 1, "date_missing": 1,
                "date_placeholder": 2, "gender": 1, "name_spelling": 8, "name_oldspell": 1,
                "name_abbrev": 5, "name_spacing": 4, "name_title": 3, "name_binti": 2,
                "name_typo": 2, "married_move": 2, "moved": 2, "rt_rw": 1, "address": 1,
                "birthplace": 1}),
    "mixed": dict(
        regencies=["3173", "3302", "3204", "1371", "7371", "1275", "5171", "3578", "6171"],
        n_villages=12, n_districts=2,
        eth={"jav": 0.32, "sun": 0.14, "arab": 0.18, "chn": 0.06, "minang": 0.08,
             "bugis": 0.08, "batak": 0.08, "bali": 0.06},
        dup_rate=0.06, migrant=0.2, old_spelling=0.3,
        errors={"nik_ocr": 3, "nik_transpose": 1, "nik_missing": 2, "nik_masked": 1,
                "nik_is_kk": 1, "date_swap": 2, "date_year": 2, "date_missing": 1,
                "date_placeholder": 2, "gender": 1, "name_spelling": 3, "name_oldspell": 1,
                "name_abbrev": 2, "name_spacing": 1, "name_title": 2, "name_typo": 2,
                "name_chinese": 1, "married_move": 2, "moved": 4, "rt_rw": 1, "address": 1,
                "birthplace": 1}),
}

# Share of persons in each hard-negative kind (a twin pair counts two persons).
NEG_RATES = {"twin": 0.012, "parent_child": 0.008, "namesake": 0.010, "sibling_near": 0.008}

OCR = {"0": "8", "8": "0", "1": "7", "7": "1", "5": "6", "6": "5", "3": "8", "2": "7",
       "4": "9", "9": "4"}
KEYS = "qwertyuiop asdfghjkl zxcvbnm"


# ---------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------


@dataclass
class Village:
    code: str
    name: str
    district: str
    regency: str
    kind: str  # desa / kel
    places: list[str]


@dataclass
class Person:
    pid: int
    sex: str
    eth: str
    slots: list[tuple[str, ...]]
    chosen: list[int]
    born: dt.date                # the date on the record (placeholder included)
    placeholder: bool
    village: Village
    family: int
    nkk: str = ""
    nik: str = ""
    rt: str = "001"
    rw: str = "001"
    alamat: str = ""
    status: str = "B"
    birthplace: str = ""
    pre: str = ""                # title before the name (H., Drs.)
    post: str = ""               # title after the name (S.Pd.)
    show_title: bool = True
    chinese: str = ""            # Chinese name of a Chinese-Indonesian
    chinese_primary: bool = False
    father: str = ""             # father's first name, for bin/binti
    suffix: str = ""             # "Jr." on a son named after his father
    neg_kind: str = ""
    neg_group: int = -1
    old_spelling: bool = False
    oldcard: dict = field(default_factory=dict)  # a married woman's parents' household


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------


class _Gen:
    def __init__(self, n_records: int, profile: str, seed: int):
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; one of {sorted(PROFILES)}")
        self.p = PROFILES[profile]
        self.r = random.Random(f"{profile}:{seed}:{n_records}")
        self.n = n_records
        self.people: list[Person] = []
        self.serial: dict[str, int] = {}
        self.kk_serial: dict[str, int] = {}
        self.families = 0
        self.neg_groups = 0
        self.villages = self._villages()

    # -- places ----------------------------------------------------------
    def _villages(self) -> list[Village]:
        """``n_villages`` villages spread over ``n_districts`` districts of each regency."""
        r, out = self.r, []
        regs = self.p["regencies"]
        n_dist = self.p.get("n_districts", 1)
        for i in range(self.p["n_villages"]):
            reg = regs[i % len(regs)]
            rname, districts, kind = REGENCIES[reg]
            dist = districts[(i // len(regs)) % min(n_dist, len(districts))]
            num = (1000 if kind == "kel" else 2000) + 1 + i
            places = r.sample(STREETS if kind == "kel" else
                              (KAMPUNG if reg in ("3204", "3201") else DUSUN), 5)
            out.append(Village(dist + f"{num:04d}", rname, dist, reg, kind, places))
        return out

    def _other_district(self) -> str:
        reg = self.r.choice(list(REGENCIES))
        return self.r.choice(REGENCIES[reg][1])

    # -- identifiers -----------------------------------------------------
    def _nik(self, district: str, born: dt.date, sex: str, serial: int | None = None) -> str:
        day = born.day + (40 if sex == "P" else 0)
        key = f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}"
        if serial is None:
            last = self.serial.get(key)
            if last is None:  # people of that district and date who are not on this list
                ph = (born.day, born.month) in ((31, 12), (1, 7), (1, 1))
                last = self.r.randrange(0, 400) if ph else self.r.choice([0, 0, 0, 1, 2, 3, 5, 8])
            serial = last + self.r.choice([1, 1, 1, 1, 2, 3])
        self.serial[key] = max(serial, self.serial.get(key, 0))
        return f"{key}{serial:04d}"

    def _nkk(self, district: str) -> str:
        r = self.r
        d = dt.date(2005, 1, 1) + dt.timedelta(days=r.randrange(0, 6900))
        key = f"{district}{d.day:02d}{d.month:02d}{d.year % 100:02d}"
        s = self.kk_serial.get(key, r.randrange(0, 40)) + r.randint(1, 6)
        self.kk_serial[key] = s
        return f"{key}{s:04d}"

    def _address(self, v: Village) -> tuple[str, str, str]:
        r = self.r
        rw = r.randint(1, 8 if v.kind == "desa" else 12)
        rt = r.randint(1, 6)
        place = r.choice(v.places)
        if v.kind == "kel":
            al = f"Jl. {place} No. {r.randint(1, 150)}"
        elif v.regency in ("3204", "3201"):
            al = f"Kp. {place}"
        else:
            al = f"Dusun {place}"
        return al, f"{rt:03d}", f"{rw:03d}"

    def _birthplace(self, v: Village, migrant_district: str | None) -> str:
        if migrant_district:
            reg = migrant_district[:4]
            return REGENCIES.get(reg, ("Jakarta",))[0]
        return v.name

    # -- dates -----------------------------------------------------------
    def _birth(self, year: int) -> tuple[dt.date, bool]:
        r = self.r
        pl_p = 0.45 if year < 1955 else 0.25 if year < 1965 else 0.08 if year < 1980 else 0.02
        if r.random() < pl_p:
            md = r.choices([(31, 12), (1, 7), (1, 1)], [5, 3, 2])[0]
            return dt.date(year, md[1], md[0]), True
        return dt.date(year, 1, 1) + dt.timedelta(days=r.randrange(365)), False

    # -- names -----------------------------------------------------------
    def _name(self, eth: str, sex: str, born_year: int) -> tuple[list, str]:
        """Slots of a new name, and a Chinese name for a Chinese-Indonesian."""
        r = self.r
        one = lambda xs: (xs,) if isinstance(xs, str) else xs  # noqa: E731
        chinese = ""
        if eth == "jav":
            if born_year < 1965 and r.random() < 0.75 or r.random() < 0.2:
                slots = [one(r.choice(JAV_M_SINGLE if sex == "L" else JAV_F_SINGLE))]
            else:
                slots = [one(r.choice(JAV_M_GIVEN if sex == "L" else JAV_F_GIVEN)),
                         one(r.choice(JAV_M_SUR if sex == "L" else JAV_F_SUR))]
                if r.random() < 0.15:
                    slots.insert(1, one(r.choice(JAV_M_GIVEN if sex == "L" else JAV_F_GIVEN)))
        elif eth == "sun":
            given = r.choice(SUN_M_GIVEN if sex == "L" else SUN_F_GIVEN)
            if born_year < 1960 and r.random() < 0.4:
                slots = [one(given)]
            else:
                slots = [one(given), r.choice(SUN_M_SUR if sex == "L" else SUN_F_SUR)]
        elif eth == "arab":
            x = r.random()
            if sex == "L":
                if x < 0.2:
                    slots = [r.choice(ARAB_COMPOUND_M)]
                elif x < 0.75:
                    slots = [r.choice(ARAB_M_FIRST), r.choice(ARAB_M_SECOND)]
                else:
                    slots = [r.choice(ARAB_M_FIRST),
                             one(r.choice(JAV_M_SUR + JAV_M_SINGLE + [s[0] for s in SUN_M_SUR]))]
                if r.random() < 0.12 and slots[0] is not MUHAMMAD:
                    slots.insert(0, MUHAMMAD)
            else:
                if x < 0.25:
                    slots = [r.choice(ARAB_COMPOUND_F)]
                elif x < 0.7:
                    slots = [r.choice(ARAB_F_FIRST), r.choice(ARAB_F_SECOND)]
                else:
                    slots = [("Siti", "Sity", "St."),
                             one(r.choice(JAV_F_SINGLE + JAV_F_SUR + [s[0] for s in SUN_F_SUR]))]
        elif eth == "chn":
            slots = [one(r.choice(CHN_GIVEN_M if sex == "L" else CHN_GIVEN_F)), r.choice(CHN_SUR)]
            syl = r.sample(CHN_SYL, 2)
            chinese = f"{r.choice(CHN_CLAN)[0]} {syl[0]} {syl[1]}"
        elif eth == "minang":
            slots = [r.choice(MINANG_M if sex == "L" else MINANG_F)]
            if r.random() < 0.4:
                slots.append(one(r.choice(JAV_M_SUR if sex == "L" else JAV_F_SUR)))
        elif eth == "bugis":
            slots = [r.choice(BUGIS_M if sex == "L" else BUGIS_F)]
            slots.append(r.choice(ARAB_M_SECOND if sex == "L" else ARAB_F_SECOND))
            if r.random() < 0.25:
                slots.insert(0, ("Andi", "A."))
        elif eth == "batak":
            slots = [one(r.choice(BATAK_GIVEN_M if sex == "L" else BATAK_GIVEN_F)),
                     one(r.choice(BATAK_MARGA))]
        else:  # bali
            slots = [("I",) if sex == "L" else ("Ni",), r.choice(BALI_ORDER),
                     one(r.choice(BALI_GIVEN_M if sex == "L" else BALI_GIVEN_F))]
        return slots, chinese

    def _person(self, sex: str, year: int, eth: str, village: Village, family: int,
                nkk: str, addr: tuple[str, str, str], *, born: tuple | None = None,
                slots: list | None = None, serial: int | None = None) -> Person:
        r = self.r
        if born is None:
            born_d, ph = self._birth(year)
        else:
            born_d, ph = born
        chinese = ""
        if slots is None:
            slots, chinese = self._name(eth, sex, born_d.year)
        chosen = [0] * len(slots)
        if self.p.get("arabic_any_variant") or eth == "arab":
            chosen = [r.randrange(len(s)) if r.random() < 0.5 else 0 for s in slots]
            chosen = [c if not slots[i][c].endswith(".") else 0 for i, c in enumerate(chosen)]
        migrant = r.random() < self.p["migrant"] * (1.5 if born_d.year < 1990 else 0.6)
        mdist = self._other_district() if migrant else None
        nik = self._nik(mdist or village.district, born_d, sex, serial)
        p = Person(len(self.people), sex, eth, slots, chosen, born_d, ph, village, family,
                   nkk=nkk, nik=nik, alamat=addr[0], rt=addr[1], rw=addr[2],
                   birthplace=self._birthplace(village, mdist), chinese=chinese)
        p.old_spelling = eth in ("jav", "sun") and born_d.year < 1972 and \
            r.random() < self.p["old_spelling"]
        p.chinese_primary = bool(chinese) and born_d.year < 1960 and r.random() < 0.35
        age = ELECTION.year - born_d.year
        if eth in ("arab", "jav", "sun", "minang", "bugis") and age > 45 and r.random() < 0.12:
            p.pre = r.choice(HAJJ[sex][:1] * 4 + HAJJ[sex][1:])
        if age > 25 and r.random() < (0.10 if village.kind == "kel" else 0.05):
            if born_d.year < 1968 and r.random() < 0.6:
                p.pre = (p.pre + " " if p.pre else "") + r.choice(ACAD_OLD[sex])
            else:
                p.post = r.choice(ACAD_NEW)
        p.show_title = r.random() < 0.7
        if eth == "minang" and sex == "L" and age > 40 and r.random() < 0.15:
            p.pre = r.choice(("Datuk", "Dt.", "Sutan"))
        p.status = "S" if age > 24 and r.random() < 0.85 else "B"
        self.people.append(p)
        return p

    # -- families --------------------------------------------------------
    def _eth(self) -> str:
        e = self.p["eth"]
        return self.r.choices(list(e), list(e.values()))[0]

    def _new_group(self, kind: str, *people: Person) -> None:
        for p in people:
            p.neg_kind, p.neg_group = kind, self.neg_groups
        self.neg_groups += 1

    def _family(self, n_target: int) -> None:
        r = self.r
        v = r.choice(self.villages)
        eth = self._eth()
        fam = self.families
        self.families += 1
        nkk = self._nkk(v.district)
        addr = self._address(v)
        kind = r.random()
        if kind < 0.1:  # an old person alone (widow, widower)
            y = r.randint(1930, 1960)
            p = self._person(r.choice("LPP"), y, eth, v, fam, nkk, addr)
            p.status = "P"
            return
        fy = r.randint(1935, 2000)
        father = self._person("L", fy, eth, v, fam, nkk, addr)
        father.status = "S"
        weth = eth if r.random() < 0.85 else self._eth()
        mother = self._person("P", min(fy + r.randint(-2, 8), 2005), weth, v, fam, nkk, addr)
        mother.status = "S"
        if r.random() < 0.08:
            mother.status = "P"
        kid_year = mother.born.year + r.randint(19, 30)
        fname = father.slots[0][father.chosen[0]]
        k = 0
        while kid_year <= ELECTION.year - 17 and k < r.choice([1, 2, 3, 3, 4, 5]):
            if len(self.people) >= n_target:
                break
            k += 1
            sex = r.choice("LP")
            x = r.random()
            if x < NEG_RATES["twin"] * 1.1 and len(self.people) + 2 <= n_target + 1:
                names = r.choice(TWIN_NAMES)
                born = self._birth(kid_year)
                base = self._name(eth, names[0][1], kid_year)[0]
                kids = []
                first = None
                for nm, sx in names:
                    sl = [(t,) for t in nm.split()]
                    if len(sl) == 1 and len(base) > 1:
                        sl = sl + base[1:]
                    kid = self._person(sx, kid_year, eth, v, fam, nkk, addr, born=born, slots=sl,
                                       serial=None if first is None else first + 1)
                    if first is None:
                        first = int(kid.nik[-4:])
                    else:  # a twin is registered in the same district as the other
                        kid.nik = kids[0].nik[:12] + f"{first + 1:04d}"
                        self.serial[kid.nik[:12]] = max(first + 1, self.serial.get(kid.nik[:12], 0))
                        kid.birthplace = kids[0].birthplace
                    kids.append(kid)
                self._new_group("twin", *kids)
            elif x < (NEG_RATES["twin"] + NEG_RATES["parent_child"]) * 1.1:
                kid = self._person("L", kid_year, father.eth, v, fam, nkk, addr,
                                   slots=list(father.slots))
                kid.chosen = list(father.chosen)
                kid.pre, kid.post = "", kid.post if r.random() < 0.3 else ""
                if r.random() < 0.25:
                    kid.suffix = "Jr."
                if kid.born.year - father.born.year < 16:
                    kid.born = kid.born.replace(year=father.born.year + 18)
                    kid.nik = self._nik(kid.nik[:6], kid.born, "L")
                self._new_group("parent_child", father, kid)
            elif x < (NEG_RATES["twin"] + NEG_RATES["parent_child"] +
                      NEG_RATES["sibling_near"]) * 1.1 and kid_year + 3 <= ELECTION.year - 17:
                a, b, sa, sb = r.choice(SIB_NEAR)
                k1 = self._person(sa, kid_year, eth, v, fam, nkk, addr,
                                  slots=[(t,) for t in a.split()])
                kid_year += r.randint(2, 5)
                k2 = self._person(sb, kid_year, eth, v, fam, nkk, addr,
                                  slots=[(t,) for t in b.split()])
                self._new_group("sibling_near", k1, k2)
            else:
                kid = self._person(sex, kid_year, eth, v, fam, nkk, addr)
            kid_year += r.randint(1, 5)
        for p in self.people[father.pid:]:
            if p.pid != father.pid and p.pid != mother.pid:
                p.father = fname

    def _namesakes(self, n: int) -> None:
        r = self.r
        for _ in range(n):
            sex = r.choice("LP")
            nm = r.choice(COMMON[sex])
            year = r.randint(1938, 1962)
            md = r.choice([(31, 12), (1, 7), (1, 1)])
            born = (dt.date(year, md[1], md[0]), True)
            v = r.choice(self.villages)
            group = []
            for _k in range(2 if r.random() < 0.85 else 3):
                fam = self.families
                self.families += 1
                eth = "jav" if nm in JAV_M_SINGLE + JAV_F_SINGLE else self._eth()
                p = self._person(sex, year, eth, v, fam, self._nkk(v.district), self._address(v),
                                 born=born, slots=[(t,) for t in nm.split()])
                p.status = r.choice("SSP")
                p.chosen = [0] * len(p.slots)
                group.append(p)
            self._new_group("namesake", *group)

    # -- rendering -------------------------------------------------------
    def _render_name(self, p: Person, chosen: list[int] | None = None, *,
                     titles: bool | None = None, oldspell: bool | None = None,
                     chinese: bool | None = None) -> str:
        chosen = p.chosen if chosen is None else chosen
        toks = [p.slots[i][c] for i, c in enumerate(chosen)]
        if oldspell if oldspell is not None else p.old_spelling:
            toks = [_old_spelling(t) for t in toks]
        name = " ".join(toks)
        use_chn = p.chinese_primary if chinese is None else chinese
        if p.chinese and use_chn:
            name = p.chinese
        if p.suffix:
            name += " " + p.suffix
        if titles if titles is not None else p.show_title:
            if p.pre:
                name = f"{p.pre} {name}"
            if p.post:
                name = f"{name}, {p.post}"
        return name

    def _base_record(self, p: Person) -> dict:
        return dict(nkk=p.nkk, nik=p.nik, nama=self._render_name(p), tempat_lahir=p.birthplace,
                    tanggal_lahir=p.born, status_kawin=p.status, jenis_kelamin=p.sex,
                    alamat=p.alamat, rt=p.rt, rw=p.rw, kode_desa=p.village.code, ektp="S",
                    _village=p.village, _family=p.family)

    # errors a person can take
    def _possible(self, p: Person, err: str) -> bool:
        if err == "date_swap":
            return not p.placeholder and p.born.day <= 12 and p.born.day != p.born.month
        if err == "date_placeholder":
            return not p.placeholder and p.born.year < 1985
        if err == "name_oldspell":
            return p.eth in ("jav", "sun") and any(
                _old_spelling(s[c]) != s[c] for s, c in zip(p.slots, p.chosen, strict=False))
        if err == "name_spelling":
            return any(len(s) > 1 for s in p.slots) or any(
                _variant(s[c]) != s[c] for s, c in zip(p.slots, p.chosen, strict=False))
        if err == "name_abbrev":
            return len(p.slots) > 1 or p.slots[0] in ARAB_COMPOUND_M
        if err == "name_spacing":
            return _respace(self._render_name(p).split(" "), random.Random(0)) != \
                self._render_name(p).split(" ")
        if err == "name_title":
            return bool(p.pre or p.post) or (p.eth == "arab" and p.born.year < 1975)
        if err == "name_chinese":  # Chinese names on cards: mostly those born before ~1975
            return bool(p.chinese) and p.born.year < 1975
        if err == "name_binti":
            return bool(p.father) and p.eth in ("arab", "sun", "bugis", "minang")
        if err == "married_move":
            return p.sex == "P" and p.status in ("S", "P") and p.born.year > 1950
        return True

    def _duplicate(self, p: Person, errs: list[str]) -> dict:
        r = self.r
        rec = self._base_record(p)
        chosen = list(p.chosen)
        name_kw: dict = {}
        for e in errs:
            if e == "nik_ocr":
                pos = [i for i in range(len(rec["nik"])) if rec["nik"][i] in OCR]
                i = r.choice(pos) if pos else 15
                rec["nik"] = rec["nik"][:i] + OCR.get(rec["nik"][i], "0") + rec["nik"][i + 1:]
            elif e == "nik_transpose":
                s = rec["nik"]
                cand = [i for i in range(6, 15) if s[i] != s[i + 1]] or [14]
                i = r.choice(cand)
                rec["nik"] = s[:i] + s[i + 1] + s[i] + s[i + 2:]
            elif e == "nik_missing":
                rec["nik"] = ""
            elif e == "nik_masked":
                rec["nik"] = rec["nik"][:12] + "****"
            elif e == "nik_is_kk":
                rec["nik"] = rec["nkk"]
            elif e == "date_swap":
                b = rec["tanggal_lahir"]
                rec["tanggal_lahir"] = dt.date(b.year, b.day, b.month)
            elif e == "date_year":
                b = rec["tanggal_lahir"]
                y = str(b.year)
                i = r.choice([2, 3, 3])
                for _ in range(10):
                    d = str(r.choice([int(y[i]) + 1, int(y[i]) - 1, int(OCR.get(y[i], "0"))]) % 10)
                    ny = int(y[:i] + d + y[i + 1:])
                    if 1920 <= ny <= 2006 and ny != b.year:
                        break
                else:
                    ny = b.year + 1
                try:
                    rec["tanggal_lahir"] = b.replace(year=ny)
                except ValueError:
                    rec["tanggal_lahir"] = b.replace(year=ny, day=28)
            elif e == "date_missing":
                rec["tanggal_lahir"] = None
            elif e == "date_placeholder":
                b = rec["tanggal_lahir"] or p.born
                md = r.choice([(31, 12), (1, 7), (1, 1)])
                rec["tanggal_lahir"] = dt.date(b.year, md[1], md[0])
            elif e == "gender":
                rec["jenis_kelamin"] = "P" if p.sex == "L" else "L"
            elif e == "name_spelling":
                idx = [i for i, s in enumerate(p.slots) if len(s) > 1]
                if idx:
                    i = r.choice(idx)
                    alts = [k for k in range(len(p.slots[i])) if k != chosen[i]
                            and not p.slots[i][k].endswith(".")]
                    if alts:
                        chosen[i] = r.choice(alts)
                        continue
                name_kw["variant"] = True
            elif e == "name_oldspell":
                name_kw["oldspell"] = not p.old_spelling
            elif e == "name_abbrev":
                name_kw["abbrev"] = True
            elif e == "name_spacing":
                name_kw["spacing"] = True
            elif e == "name_title":
                if p.pre or p.post:
                    name_kw["titles"] = not p.show_title
                else:
                    name_kw["add_hajj"] = True
            elif e == "name_typo":
                name_kw["typo"] = True
            elif e == "name_chinese":
                name_kw["chinese"] = True
            elif e == "name_binti":
                name_kw["binti"] = True
            elif e == "married_move":
                # the stale record: still on her parents' card, in her home village, unmarried
                v = r.choice(self.villages) if len(self.villages) > 1 and r.random() < 0.7 \
                    else p.village
                rec["_village"] = v
                rec["kode_desa"] = v.code
                rec["nkk"] = self._nkk(v.district)
                rec["alamat"], rec["rt"], rec["rw"] = self._address(v)
                rec["status_kawin"] = "B"
                rec["_family"] = -1
            elif e == "moved":
                v = r.choice(self.villages)
                if r.random() < 0.25:  # from outside the list's area
                    dist = self._other_district()
                    v = Village(dist + "2001", REGENCIES[dist[:4]][0], dist, dist[:4], "desa",
                                DUSUN[:3])
                rec["_village"] = v
                rec["kode_desa"] = v.code
                if r.random() < 0.7:
                    rec["nkk"] = self._nkk(v.district)
                rec["alamat"], rec["rt"], rec["rw"] = self._address(v)
                rec["_family"] = -1
            elif e == "rt_rw":
                rec["rt"] = f"{r.randint(1, 6):03d}"
                if r.random() < 0.5:
                    rec["rw"] = f"{r.randint(1, 8):03d}"
            elif e == "address":
                rec["alamat"] = _address_variant(rec["alamat"], r)
            elif e == "birthplace":
                rec["tempat_lahir"] = _place_variant(rec["tempat_lahir"], r)
        rec["nama"] = self._dup_name(p, chosen, name_kw)
        return rec

    def _dup_name(self, p: Person, chosen: list[int], kw: dict) -> str:
        r = self.r
        name = self._render_name(p, chosen, titles=kw.get("titles"), oldspell=kw.get("oldspell"),
                                 chinese=(not p.chinese_primary) if kw.get("chinese") else None)
        if kw.get("chinese") and p.chinese:
            x = r.random()
            indo = self._render_name(p, chosen, titles=False, chinese=False)
            if x < 0.35:
                name = f"{indo} ({p.chinese})" if not p.chinese_primary else p.chinese
            elif x < 0.5:
                name = f"{indo} Alias {p.chinese}"
            elif x < 0.65:  # Chinese name spelt apart or joined
                a, b, c = p.chinese.split()
                name = r.choice([f"{a} {b}{c.lower()}", f"{b} {c} {a}", f"{a} {b}-{c}"])
        toks = name.split(" ")
        if kw.get("variant"):
            i = max(range(len(toks)), key=lambda j: len(toks[j]))
            toks[i] = _variant(toks[i])
        if kw.get("abbrev"):
            words = [i for i, t in enumerate(toks) if t[:1].isalpha() and not t.endswith(".")
                     and t not in ("H", "Hj")]
            mu = [i for i in words if toks[i] in MUHAMMAD]
            if mu:
                toks[mu[0]] = r.choice(MUHAMMAD_ABBR)
            elif toks and toks[0] in ("Abdul", "Abdurrahman") and len(toks) >= 1:
                toks[0] = "Abd." if toks[0] == "Abdul" else "Abd. Rahman"
            elif len(words) >= 3:
                i = words[1]
                toks[i] = toks[i][0] + "."
            elif len(words) == 2:
                if toks[words[0]] in ("Siti", "Sity", "Nur"):
                    toks[words[0]] = r.choice(["St.", ""]) if toks[words[0]] != "Nur" else "N."
                else:
                    i = words[-1]
                    toks[i] = toks[i][0] + "."
        if kw.get("spacing"):
            toks = _respace(toks, r)
        if kw.get("add_hajj"):
            toks.insert(0, r.choice(HAJJ[p.sex]))
        if kw.get("binti"):
            if " bin " in name.lower() or " binti " in name.lower():
                pass
            else:
                toks += ["Bin" if p.sex == "L" else "Binti", p.father]
        if kw.get("typo"):
            words = [i for i, t in enumerate(toks) if len(t) >= 4 and t.isalpha()]
            if words:
                i = r.choice(words)
                toks[i] = _typo(toks[i], r)
        return " ".join(t for t in toks if t)

    # -- the list ----------------------------------------------------------
    def build(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        r, p = self.r, self.p
        n_persons = max(10, round(self.n / (1 + p["dup_rate"] * 1.1)))
        n_names = max(1, round(n_persons * NEG_RATES["namesake"] / 2.1))
        self._namesakes(n_names)
        while len(self.people) < n_persons:
            self._family(n_persons)
        people = self.people[:n_persons]
        extra = self.n - len(people)
        errors = p["errors"]
        kinds, weights = list(errors), list(errors.values())
        rows: list[dict] = []
        truth: list[dict] = []
        for q in people:
            rec = self._base_record(q)
            rows.append(rec)
            truth.append(dict(person_id=q.pid, kind=q.neg_kind or "original", errors="",
                              neg_kind=q.neg_kind, neg_group=q.neg_group))
        # a little background noise on originals (not errors between copies)
        for rec in rows:
            if r.random() < 0.01:
                rec["nik"] = ""
        dup_people = r.sample(people, min(len(people), extra))
        i = 0
        while extra > 0:
            q = dup_people[i % len(dup_people)]
            i += 1
            errs: list[str] = []
            for _ in range(30):
                e = r.choices(kinds, weights)[0]
                if self._possible(q, e):
                    errs.append(e)
                    break
            if not errs:
                errs = ["rt_rw"]
            while len(errs) < 3 and r.random() < (0.55 if len(errs) == 1 else 0.25):
                e = r.choices(kinds, weights)[0]
                if e not in errs and self._possible(q, e) and not _clash(errs, e):
                    errs.append(e)
            rec = self._duplicate(q, errs)
            rows.append(rec)
            truth.append(dict(person_id=q.pid, kind="duplicate_" + errs[0], errors="+".join(errs),
                              neg_kind=q.neg_kind, neg_group=q.neg_group))
            extra -= 1
        return self._frames(rows, truth)

    def _frames(self, rows: list[dict], truth: list[dict]) -> tuple[pl.DataFrame, pl.DataFrame]:
        r = self.r
        order = list(range(len(rows)))
        r.shuffle(order)
        # polling stations: per village, families kept together, at most 300 voters
        by_v: dict[str, list[int]] = {}
        for k in order:
            by_v.setdefault(rows[k]["kode_desa"], []).append(k)
        tps: dict[int, str] = {}
        for _v, ks in by_v.items():
            ks.sort(key=lambda k: (rows[k]["_family"], k))
            for j, k in enumerate(ks):
                tps[k] = f"{j // 280 + 1:03d}"
        upper = r.random() < 0.8
        out, tout = [], []
        for new_id, k in enumerate(order, start=1):
            rec = rows[k]
            b = rec["tanggal_lahir"]
            sep = "/" if r.random() < 0.08 else "-"
            date = "" if b is None else f"{b.day:02d}{sep}{b.month:02d}{sep}{b.year:04d}"
            nama = rec["nama"].upper() if upper or r.random() < 0.5 else rec["nama"]
            rt, rw = rec["rt"], rec["rw"]
            if r.random() < 0.1:
                rt, rw = str(int(rt)), str(int(rw))
            rid = f"{new_id:06d}"
            out.append(dict(id=rid, nkk=rec["nkk"], nik=rec["nik"], nama=nama,
                            tempat_lahir=rec["tempat_lahir"].upper(), tanggal_lahir=date,
                            status_kawin=rec["status_kawin"], jenis_kelamin=rec["jenis_kelamin"],
                            alamat=rec["alamat"].upper(), rt=rt, rw=rw, kode_desa=rec["kode_desa"],
                            tps=tps[k], ektp=rec["ektp"]))
            tout.append(dict(id=rid, **truth[k]))
        return pl.DataFrame(out), pl.DataFrame(tout)


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------


def _clash(errs: list[str], e: str) -> bool:
    groups = [{"nik_ocr", "nik_transpose", "nik_missing", "nik_masked", "nik_is_kk"},
              {"date_swap", "date_year", "date_missing", "date_placeholder"},
              {"married_move", "moved", "rt_rw"}]
    return any(e in g and any(x in g for x in errs) for g in groups)


_PREFIXES = ("Nur", "Abdul", "Abdur", "Fathur", "Saiful", "Syaiful", "Nurul", "Siti")


def _respace(toks: list[str], r: random.Random) -> list[str]:
    """Join or split an Arabic compound: Nur Hayati <-> Nurhayati, Abdul Aziz <->
    Abdulaziz, Abdurrahman -> Abdur Rahman; other names are left as they are."""
    out = list(toks)
    for i, t in enumerate(out[:-1]):
        if t.capitalize() in _PREFIXES[:-1] and out[i + 1][:1].isalpha():
            out[i:i + 2] = [t + (out[i + 1] if t.isupper() else out[i + 1].lower())]
            return out
    for i, t in enumerate(out):
        for pre in sorted(_PREFIXES[:-1], key=len, reverse=True):
            if t.capitalize().startswith(pre) and len(t) > len(pre) + 2:
                rest = t[len(pre):]
                if pre == "Abdur":  # Abdurrahman -> Abdul Rahman / Abdur Rahman
                    pre = r.choice(["Abdul", "Abdur"])
                    pre = pre.upper() if t.isupper() else pre
                else:
                    pre = t[:len(pre)]
                out[i:i + 1] = [pre, rest[:1].upper() + rest[1:] if not t.isupper() else rest]
                return out
    return out


def _old_spelling(tok: str) -> str:
    """Van Ophuijsen / Soewandi spelling of a modern name: u→oe, j→dj, c→tj, y→j, ny→nj,
    sy→sj, kh→ch."""
    t = tok
    low = t.lower()
    if not low.isalpha():
        return t
    out = low.replace("j", "dj").replace("c", "tj").replace("kh", "ch")
    out = out.replace("y", "j").replace("u", "oe")
    return out[:1].upper() + out[1:] if t[:1].isupper() else out


def _variant(tok: str) -> str:
    """One spelling variant of a name token (y/i, doubled consonant, final h, o/a)."""
    t = tok
    if t in O_A:
        return t[:-1] + "a"
    for a, b in (("iy", "i"), ("ia", "iya"), ("ae", "ai"), ("ph", "f"), ("dh", "d"),
                 ("kh", "h"), ("th", "t"), ("ss", "s"), ("ff", "f"), ("dd", "d"),
                 ("mm", "m"), ("ll", "l")):
        if a in t:
            return t.replace(a, b, 1)
    if t.endswith("ah"):
        return t[:-1]
    if t.endswith("i") and len(t) > 4:
        return t[:-1] + "y"
    if t.endswith("o") and len(t) > 4:
        return t[:-1] + "a"
    if len(t) > 4 and t.endswith("a"):
        return t + "h"
    for a, b in (("f", "p"), ("v", "f"), ("z", "j"), ("y", "i")):
        if a in t[1:]:
            return t[0] + t[1:].replace(a, b, 1)
    return t


def _typo(t: str, r: random.Random) -> str:
    i = r.randrange(1, len(t))
    op = r.random()
    c = t[i].lower()
    if op < 0.35:  # neighbouring key
        rows = KEYS.split()
        for row in rows:
            if c in row:
                j = row.index(c)
                nb = row[j - 1] if j > 0 and (j == len(row) - 1 or r.random() < 0.5) else \
                    row[min(j + 1, len(row) - 1)]
                return t[:i] + (nb.upper() if t[i].isupper() else nb) + t[i + 1:]
        return t
    if op < 0.6:  # dropped letter
        return t[:i] + t[i + 1:]
    if op < 0.8:  # doubled letter
        return t[:i] + t[i] + t[i:]
    if i < len(t) - 1:  # transposed letters
        return t[:i] + t[i + 1] + t[i] + t[i + 2:]
    return t[:-1]


def _address_variant(a: str, r: random.Random) -> str:
    for x, ys in (("Jl. ", ["Jalan ", "JL ", "Jln. "]), ("Dusun ", ["Dsn. ", "Dsn ", "Dk. "]),
                  ("Kp. ", ["Kampung ", "Kmp. ", "Kp "]), (" No. ", [" No ", " ", " Nomor "])):
        if x in a:
            return a.replace(x, r.choice(ys), 1)
    return a + r.choice([" RT 01", ", Desa", ""])


def _place_variant(p: str, r: random.Random) -> str:
    alts = {"Jakarta": ["DKI Jakarta", "Jkt", "Jakarta Barat"], "Bandung": ["Kab. Bandung",
            "Bdg", "Kab Bandung"], "Makassar": ["Ujung Pandang", "Ujungpandang"],
            "Yogyakarta": ["Jogjakarta", "Yogya", "Jogja"], "Surabaya": ["Sby", "Surabaja"],
            "Semarang": ["Smg", "Kota Semarang"], "Banyumas": ["Purwokerto", "Kab. Banyumas"],
            "Bogor": ["Kab. Bogor", "Bogor Kab"], "Padang": ["Kota Padang", "Padang Kota"],
            "Pontianak": ["Ptk", "Kota Pontianak"], "Bojonegoro": ["Bjn", "Bojonegara"],
            "Sleman": ["Yogyakarta", "Kab. Sleman"], "Medan": ["Kota Medan", "Medan Kota"],
            "Denpasar": ["Badung", "Dps"]}
    return r.choice(alts.get(p, [p + " Kab"]))


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def gen(n_records: int, profile: str = "mixed", seed: int = 0
        ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A voter list of ``n_records`` rows of ``profile`` and its truth (see module doc)."""
    if n_records < 10:
        raise ValueError("n_records must be at least 10")
    return _Gen(n_records, profile, seed).build()


def listed(n_records: int, profile: str, seed: int) -> tuple[object, object]:
    """:func:`gen` as the other generators give their lists (:func:`generated_truth.listed`)."""
    return generated_truth.listed(gen, n_records, profile, seed)


if __name__ == "__main__":  # a quick look
    import sys

    v, t = gen(int(sys.argv[1]) if len(sys.argv) > 1 else 2000,
               sys.argv[2] if len(sys.argv) > 2 else "mixed", 1)
    with pl.Config(tbl_rows=20, tbl_cols=20, fmt_str_lengths=40, tbl_width_chars=250):
        print(v.head(20))
        print(t["kind"].value_counts().sort("count", descending=True))
        print(t["neg_kind"].value_counts())
