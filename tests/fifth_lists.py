"""A fifth generator of Indonesian voter lists (DPT style), regions outside Java.

Written in session 19 by a helper from DOMAIN.md and general knowledge of Indonesian
naming, without reading ``sidalih.synth``, ``tests/handmade_lists.py``,
``tests/independent_lists.py`` or ``tests/fourth_lists.py``. Region, district and
village codes are real Kemendagri codes (``tests/data/fifth_regions.json``, a snapshot
of the package's own region tables). Its choices, less certain than DOMAIN.md: 35 % of
Balinese names abbreviated, namesakes injected on placeholder dates in the east, old
Chinese names on some rows. Used by ``benchmarks/bench_independent.py --generator
fifth`` and ``tests/test_independent_lists.py``.

    gen(n_rows, shape, seed) -> (frame, truth)

frame: KPU headers NO, NKK, NIK, NAMA, TEMPAT LAHIR, TANGGAL LAHIR (DD-MM-YYYY text),
STATUS PERKAWINAN (B/S/P), JENIS KELAMIN (L/P), ALAMAT, RT, RW, KODE DESA, TPS; index "id"
(text).  NO is the row number inside its TPS, as on the printed DPT form (so NO repeats).
truth: {"person": Series id -> person id,
        "lookalike": DataFrame(pid_a, pid_b, kind)}  -- different people that look alike.

Shapes
------
village     one kelurahan in Denpasar (Sesetan, 5171011003): Balinese majority (I/Ni,
            Wayan/Made/Nyoman/Ketut, caste titles), Javanese, Chinese-Indonesian, Flores,
            Sasak, Bugis, Batak migrants.
district    one kecamatan of Banda Aceh (Meuraxa, 117103, 16 gampong): Acehnese (Teuku/Cut,
            Tgk., Muhammad/M./Mhd.), Minangkabau, Javanese, Mandailing, Chinese.
batak       Kab. Toba (1212) and Tapanuli Utara (1202), six kecamatan: Toba Batak, each
            village dominated by two or three marga, so "given + marga" repeats in a village.
east        Kab. Sikka, NTT (5307) and Kab. Jayawijaya, Papua Pegunungan (9501; NIKs issued
            before the 2022 split keep 9102xx): Catholic/Protestant given names, single
            names, placeholder birth dates for most elderly people, many missing NIKs.
mixed_city  Kota Makassar (7371), six kecamatan: Bugis, Makassar (Daeng names), Chinese-
            Indonesian, Javanese, Toraja, NTT, Batak, Minang migrants; many movers.

Population model
----------------
Households (one family card, NKK = issuing district 6 + card date DDMMYY + serial 4) with
head, spouse, adult children, sometimes an elderly parent; only voters (17+ on 14 Feb 2024
or married) are listed.  NIK = district where first registered (mostly the current
district; migrants keep their origin district; Jayawijaya residents 9102xx) + DDMMYY of the
registered birth date (women +40) + serial among that district and date (serials start at
an offset because other people hold the first ones; placeholder dates start far higher).
Placeholder birth dates (31-12 for registration before 2004, 01-07 after, 01-01, the 15th
with the month known) for older people at region-dependent rates (east: most people born
before 1970); Papuan elderly also get round birth years.  Families stay in one TPS, TPS <=
300 voters and never span villages.  RT/RW are "000"/"0"/empty in most non-city villages
(addresses name a dusun, banjar, lorong or huta instead).

Error model (duplicates = one person, several rows)
---------------------------------------------------
Per shape, a share of people (6-12 %) get one extra row (5 % of those two) by scenario:
  identical   the row repeated verbatim (same TPS)                              12 %
  rereg       registered again in the same village: new TPS/household possible     23 %
  mover       another village / kecamatan / regency (by shape); new NKK (or joins a
              household there); NIK kept 88 %, else missing; address, RT/RW, TPS new   30 %
              (mixed_city 45 %)
  marriage    a married woman's stale maiden row in her parents' household (status B,
              parents' NKK, possibly another village); the current row is in the husband's
              card.  Batak women: the current row carries the husband's marga in 35 % of
              cases ("TIURMA SITORUS" for "TIURMA BR SIMANJUNTAK")                  15 %
  coklit      added again at the door-to-door check from what the voter said: NIK missing
              35 %, names spelled as heard, placeholder/real date substituted 25 %     20 %
Field damage on the extra row (rates scale with scenario): transliteration variants
(Yohanes/Johanes/Yohannes/Yohanis, Fransiskus/Fransiscus/Frans, Wijaya/Widjaja,
Tjandra/Candra/Chandra, Sitti/Siti, Lumbantobing/Lumban Tobing/L. Tobing, Huby/Hubi...),
titles dropped/abbreviated (Teuku/T., Cut, Andi/A., Daeng/Dg., H./Hj., I/Ni, Wayan/Wy.,
Made/Md., Nyoman/Nym., Ida Bagus/I.B., Anak Agung/A.A., br/boru), middle names abbreviated
or dropped, keyboard typos, Chinese elderly listed under an old Chinese name (rare),
NIK: missing, masked ****, one digit, transposition, 15/17 digits, spreadsheet damage
(3.27101E+15, .0, apostrophe, dots/spaces); dates: day/month swapped, year digit typo,
off by one day, placeholder substituted for a real date (or the corrected real date
appearing beside the placeholder; the NIK keeps its date), "/" separators; birth place
variants (Ujung Pandang/Makassar, Kutaraja/Banda Aceh, Hollandia/Jayapura, Taput,
abbreviations); sex typed wrong (1 %); marital status changed.
List-level damage on every row (small rates): NIK missing, masked, spreadsheet damage.

Look-alikes (different people; truth["lookalike"] kinds)
-------------------------------------------------------
twin               same card, birth date, NIK prefix, consecutive serials, similar given
                   names (Balinese twins: same names, Putu/Kadek; "Hasan"/"Husain")
father_son         son named exactly as his father (same or separate card)
mother_daughter    daughter named exactly as her mother (east, Flores "Maria ...")
sibling            adult siblings of one card sharing marga / clan / family token
namesake           unrelated people of one village with the same rendered name
                   (injected: Batak given+marga, Papuan single names, Aceh "Muhammad Yusuf")
namesake_placeholder  unrelated, same name, same district and same placeholder birth date
                   (NIKs differ in the serial only)
shared_nik         a clerk typed the head's NIK (or the NKK) into a member's NIK field
dummy_nik          one dummy NIK typed for several people without one (east)
"""
from __future__ import annotations

import datetime as dt
import json
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

ELECTION = dt.date(2024, 2, 14)
_REG = json.loads((Path(__file__).parent / "data" / "fifth_regions.json").read_text())
REGENCY, DISTRICT, VILLAGE = _REG["regency"], _REG["district"], _REG["village"]


def _split(s):
    return [t.strip() for t in s.split(",") if t.strip()]


# --------------------------------------------------------------------------- names
POOL = {
    "batak_m": _split("Tigor, Parulian, Hotman, Binsar, Maruli, Togar, Sahat, Poltak, Bonar,"
                      "Jonggi, Ronald, Hendra, Rudolf, Marihot, Tumpal, Robert, Daniel, Samuel,"
                      "Jonathan, Martin, Rikardo, Lamhot, Halomoan, Manahan, Mangasi,"
                      "Parlindungan, Pardomuan, Benget, Hisar, Horas, Jhon, Jhonson, Anton,"
                      "Rinaldi, Charles, Frengki, Sardo, Bangun, Jansen, Efendi, Posman,"
                      "Marulitua, Edward, Gomgom, Bernard, Juniarto, Dapot, Rapolo, Henry, Tongam"),
    "batak_f": _split("Rosmawati, Rotua, Tiurma, Masniari, Lasma, Romauli, Rugun, Dameria, Hotnida,"
                      "Hotmaida, Rumondang, Lenny, Rina, Erni, Nurhayati, Dewi, Sarah, Ruth,"
                      "Elisabeth, Maria, Debora, Ester, Friska, Yanti, Sondang, Rosdiana, Juliana,"
                      "Tiurlan, Rosita, Melva, Nelly, Lestari, Jojor, Saur, Minar, Mauli, Tionar,"
                      "Rismauli, Lisbet, Herlina, Resmi, Hotma"),
    "marga": _split("Siregar, Simanjuntak, Sitorus, Hutapea, Pardede, Panjaitan, Simatupang,"
                    "Sihombing, Hutagalung, Situmorang, Sinaga, Simbolon, Manurung, Silalahi,"
                    "Tambunan, Napitupulu, Siahaan, Sianipar, Pasaribu, Tampubolon, Sirait,"
                    "Marpaung, Butarbutar, Sitompul, Aritonang, Lumbantobing, Hutabarat,"
                    "Simanullang, Gultom, Samosir, Nainggolan, Sidabutar, Hutauruk, Sibarani,"
                    "Hutahaean, Pakpahan, Sitanggang"),
    "mand_marga": _split("Nasution, Lubis, Harahap, Hasibuan, Ritonga, Daulay, Batubara, Pulungan,"
                         "Rangkuti, Siregar"),
    "mand_m": _split("Ahmad, Muhammad, Syahrul, Irwansyah, Rahmat, Saiful, Khairul, Ali, Zulkarnain,"
                     "Parlaungan, Sutan, Amir, Hamdan, Rizki, Fauzan, Maraondak, Darwin, Ridwan"),
    "mand_f": _split("Siti, Nurhalimah, Aisyah, Rosmaida, Masdelina, Fatimah, Nurhasanah, Rahmadani,"
                     "Khairani, Nurainun, Maslan, Sarifah, Nurmaida, Rosliana"),
    "aceh_m": _split("Muhammad, Ahmad, Abdullah, Zulkifli, Fauzi, Husaini, Mahdi, Iskandar, Ridwan,"
                     "Saiful, Zainal, Nurdin, Mukhlis, Fadhil, Khairul, Zulfikar, Rahmat, Marzuki,"
                     "Bukhari, Rizal, Yusuf, Ibrahim, Ismail, Hasballah, Syahrul, Munawar, Azhari,"
                     "Jailani, Sulaiman, Hamdani, Amiruddin, Nasruddin, Bahtiar, Razali, Zubir"),
    "aceh_m2": _split("Rizal, Yusuf, Ali, Amin, Hasan, Daud, Nasir, Jamil, Saleh, Nur, Akbar, Syah,"
                      "Fadli, Ikhsan, Husen, Umar, Ilyas, Usman"),
    "aceh_f": _split("Nurul, Fatimah, Aisyah, Nurhayati, Zahara, Rosmiati, Yusnidar, Nurlaila,"
                     "Mardhiah, Khadijah, Rahmah, Salmiah, Maryam, Rahmawati, Nurbaiti, Ratna,"
                     "Safriana, Zuraida, Cut Nyak, Ainul, Raudhah, Hayatun, Husna, Asmaul"),
    "aceh_f2": _split("Aini, Hidayah, Husna, Fitri, Azizah, Safitri, Zahra, Rahmi, Mawaddah, Nufus,"
                      "Mardhiah, Wardah, Jannah"),
    "minang_m": _split("Afrizal, Syafrizal, Yusrizal, Zulhendri, Efendi, Irwan, Yulizar, Masrul,"
                       "Darmansyah, Hendra, Novrizal, Desrizal, Jasman, Zulkarnain, Syamsul, Asril,"
                       "Nasrul, Erwin, Rusdi, Amril, Yondri, Jonni, Fitriadi, Adrizal"),
    "minang_f": _split("Yuliarni, Desmawati, Nofriyanti, Oktaviani, Januarti, Febrianti, Yusnimar,"
                       "Nurhasanah, Asmaniar, Rosnida, Yeni, Elfira, Rahmadani, Syafriyanti,"
                       "Mardiana, Yusni, Erlinda, Nurbaiti, Zulhayati, Ratna, Desnita, Yusmaniar"),
    "bugis_m": _split("Muhammad, Abdul Rahman, Hasanuddin, Syamsuddin, Baharuddin, Nurdin, Haerul,"
                      "Asri, Amiruddin, Jamaluddin, Sudirman, Ansar, Akbar, Rusli, Hamzah, Arief,"
                      "Irwan, Ilham, Syahrir, Basri, Mustari, Hasbi, Kamaruddin, Rahmat, Fajar,"
                      "Muhammad Yusuf, Muhammad Nasir, Abdul Haris, Ahmad, Anwar, Jufri"),
    "bugis_m_old": _split("Beddu, Baco, Mattaliu, Lasse, Sennang, Tahang, Bakri, Pawe, Massa,"
                          "Lamming, Side, Sabang, Pallawa"),
    "bugis_f": _split("Sitti Hawa, Sitti Aminah, Sitti Nurhayati, Hasnah, Hasniati, Haslinda,"
                      "Rosdiana, Sumarni, Nurhaedah, Nurhayati, Hamsinah, Hadijah, Suriani,"
                      "Rahmawati, Nurlela, Jumriani, Marlina, Hasmawati, Syamsiah, Wahidah,"
                      "Irmawati, Nurjannah, Kartini, Fitriani, Rusni, Asmawati, Hartati,"
                      "Sitti Rahmah, Sitti Maryam"),
    "bugis_f_old": _split("Sanneng, Becce, Cenning, Sitti, Tenri, Besse, Mina, Sakka, Indo, Hawang"),
    "daeng": _split("Tompo, Ngalle, Sikki, Nai, Bella, Sanga, Rurung, Ngasseng, Tika, Kebo, Caya,"
                    "Lolo, Nginga, Ngemba, Bunga, Baji, Lewa, Raja, Mile, Tutu, Sau, Sese"),
    "toraja_m": _split("Yohanis, Markus, Daniel, Lukas, Yosua, Ruben, Paulus, Petrus, Simon,"
                       "Agustinus, Yunus, Samuel, Frans, Benyamin, Musa, Yulius, Marthen"),
    "toraja_f": _split("Sarlota, Agustina, Yohana, Ribka, Yuliana, Martha, Naomi, Debora, Elisabeth,"
                       "Dorkas, Magdalena, Rosalina, Yosefina, Lince, Ester, Marlina"),
    "toraja_fam": _split("Pasanda, Tandi, Palimbong, Rante, Sampe, Tangdilintin, Banne, Pakiding,"
                         "Tandirerung, Allo, Pasang, Rombe, Tangke, Patandianan, Palinggi, Bua,"
                         "Ramba, Lebang, Sarungallo, Pongsibanne, Kala'tiku, Ne'Bua, Pong Batu"),
    "flores_m": _split("Yohanes, Fransiskus, Agustinus, Bernadus, Petrus, Paulus, Aloysius,"
                       "Kristoforus, Yosef, Benediktus, Emanuel, Hendrikus, Ignatius, Antonius,"
                       "Klemens, Laurensius, Stefanus, Dominikus, Hironimus, Wilhelmus, Bonefasius,"
                       "Kornelis, Yakobus, Marianus, Silvester, Fransiskus Xaverius,"
                       "Yohanes Baptista, Arnoldus, Gregorius, Siprianus, Thomas"),
    "flores_f": _split("Maria Goreti, Maria Magdalena, Maria Yasinta, Maria Fatima, Maria Imakulata,"
                       "Maria Florida, Maria, Yosefina, Yuliana, Florentina, Veronika, Theresia,"
                       "Margaretha, Elisabeth, Katarina, Anastasia, Agnes, Skolastika, Rofina,"
                       "Modesta, Paulina, Bernadeta, Fransiska, Kristina, Emiliana, Marselina"),
    "flores_fam": _split("da Silva, Parera, da Cunha, Fernandez, Diaz, Ximenes, Wangge, Moa, Nong,"
                         "Ratu, Wodon, Lering, Mbete, Gego, Goa, Bura, Sareng, Dopo, Kelen, Koten,"
                         "Lewar, Gaa, Mitan, Bapa, Lewuk, Naga, Raga, Sina, Wogo, Rega, Jata, Pega,"
                         "Bhara, Tupen"),
    "timor_m": _split("Yohanis, Yusuf, Marthen, Herman, Yakob, Nikodemus, Soleman, Yosias, Imanuel,"
                      "Agustinus, Melkianus, Obed, Ferdinand, Yunus, Daniel, Matheos"),
    "timor_f": _split("Yuliana, Marselina, Orpa, Naema, Yohana, Yosina, Lodia, Agustina, Dorkas,"
                      "Sarlince, Nelci, Mariance, Ferderika, Adriana, Ester"),
    "timor_fam": _split("Nenobais, Tefa, Benu, Tanaem, Nomleni, Sabuna, Manafe, Ndun, Ndolu, Lay,"
                        "Pello, Messakh, Fanggidae, Adoe, Haning, Nubatonis, Selan, Bana, Tallo,"
                        "Nalle, Kase, Taneo, Neonane, Boimau"),
    "papua_m": _split("Yulianus, Markus, Yance, Obed, Yakob, Yunus, Otto, Titus, Amos, Yesaya,"
                      "Yeremias, Lukas, Nikolaus, Matius, Simon, Elias, Musa, Daud, Ones, Nius,"
                      "Yustinus, Pilipus, Petrus, Agus, Yeskiel, Teminus, Yosia, Nataniel,"
                      "Kristian, Benyamin, Yohanis, Marius, Herman"),
    "papua_f": _split("Maria, Yuliana, Ribka, Debora, Mince, Nelce, Naomi, Ester, Yosina, Marta,"
                      "Salomina, Dorkas, Lince, Lea, Sara, Yohana, Ruth, Agustina, Elsina, Meri,"
                      "Yuli, Regina, Ince"),
    "papua_trad": _split("Wemben, Akulen, Ikinius, Yaliman, Hiluka, Wiru, Heselo, Niko, Ilokasu,"
                         "Apius, Yamiruk, Abolok, Helukoe, Yaluk, Elius"),
    "papua_clan": _split("Wenda, Kogoya, Tabuni, Wanimbo, Wetipo, Lokbere, Hubi, Itlay, Asso,"
                         "Elopere, Yikwa, Murib, Gwijangge, Mabel, Matuan, Wandikbo, Kossay, Logo,"
                         "Lagowan, Siep, Walilo, Doga, Mulait, Kurisi, Wuka, Yelipele, Wantik"),
    "chinese_m": _split("Hendra, Hendrik, Susanto, Suryadi, Budi, Gunawan, Hartono, Sutanto,"
                        "Stefanus, Kevin, Felix, Vincent, Yohanes, Andreas, Rudy, Tommy, Willy,"
                        "Edy, Benny, Johan, Hengky, Jimmy, Robby, Dedy, Teddy, Sugianto, Setiawan,"
                        "Kurniawan, Irawan, Santoso"),
    "chinese_f": _split("Lina, Linda, Lily, Meiliana, Yenny, Susi, Wenny, Fenny, Vivi, Cindy,"
                        "Jessica, Christine, Ratna, Lenny, Sherly, Melinda, Natalia, Angeline,"
                        "Yuliana, Hartini, Meilani, Lanny, Elly, Yani, Sinta"),
    "chinese_fam": _split("Tjandra, Wijaya, Gunawan, Halim, Salim, Tanoto, Tanujaya, Kusuma, Setiadi,"
                          "Hartanto, Santoso, Onggo, Tedja, Cahyadi, Liman, Sugiarto, Tanuwijaya"),
    "chinese_old_sur": _split("Tan, Lim, Oei, Go, Kwee, Tjoa, The, Ong, Liauw, Sie, Liem, Tjio"),
    "chinese_old_syl": _split("Kim, Swie, Hong, Liong, Djien, Tjoen, Hwa, Bing, Sioe, Gwan, Tiong,"
                              "Lan, Nio, Hoa, Eng, Tjay, Ping, Hok"),
    "bali_m": _split("Sudarsana, Suardana, Arya, Budiarta, Sukadana, Mertayasa, Wirawan, Sutama,"
                     "Astawa, Suweta, Darmawan, Ariana, Sudiarta, Suarta, Gunawan, Suparta,"
                     "Suarjana, Wiranata, Adnyana, Sutrisna, Widiana, Mahendra, Artawan, Sukarta,"
                     "Sudana, Sumerta, Parwata, Wardana, Kariasa, Suyasa, Merta, Oka, Rai,"
                     "Agus Arya, Adi Saputra, Eka Putra, Dharma Putra"),
    "bali_f": _split("Suartini, Sriasih, Sukerti, Ariani, Wahyuni, Sumerti, Suarni, Puspitasari,"
                     "Dewi, Ayu Lestari, Sulastri, Suciati, Sukarmi, Sudiani, Wiryani, Suwarni,"
                     "Astiti, Kartini, Mirah, Sri Wahyuni, Widiastuti, Candra Dewi, Sari,"
                     "Yuliani, Kusumawati, Juliantari, Artini, Ratni, Sutarmi, Eka Yanti"),
    "java_m": _split("Slamet, Sutrisno, Suparman, Sugeng, Budi, Agus, Eko, Joko, Bambang, Heru,"
                     "Wahyudi, Suyono, Sukardi, Purnomo, Sarwono, Ahmad, Muhammad, Imam, Rudi"),
    "java_m2": _split("Santoso, Prasetyo, Susilo, Wibowo, Hidayat, Setiawan, Nugroho, Purwanto,"
                      "Riyadi, Saputra"),
    "java_f": _split("Sri, Siti, Dwi, Tri, Endang, Sumiati, Suwarni, Ngatini, Parmi, Sulastri,"
                     "Wahyuni, Lestari, Rahayu, Suyatmi, Tumini, Sutarmi"),
    "java_f2": _split("Wahyuni, Lestari, Rahayu, Aminah, Maryam, Handayani, Astuti, Purwanti,"
                      "Ningsih"),
    "sasak_m": _split("Zainuddin, Saeful, Hamdi, Mahsun, Sahnun, Muhammad Zaini, Ahmad, Sahabudin,"
                      "Jumadil, Marzuki"),
    "sasak_f": _split("Murni, Rohani, Saenah, Nurul Hidayah, Sumiati, Rukiah, Inayah, Hurniati"),
}

# spelling variants (population-level and re-spelled on extra rows); first = commonest
VAR = {
    "Yohanes": ["Yohanes", "Johanes", "Yohannes", "Yohanis", "Johannes"],
    "Yohanis": ["Yohanis", "Yohanes", "Johanis"],
    "Fransiskus": ["Fransiskus", "Fransiscus", "Franciscus", "Fransiskus"],
    "Fransiska": ["Fransiska", "Fransisca", "Franciska"],
    "Yosef": ["Yosef", "Yoseph", "Josef", "Yosep", "Joseph"],
    "Yosefina": ["Yosefina", "Yosephina", "Josefina", "Yosepina"],
    "Goreti": ["Goreti", "Goretti", "Gorety"],
    "Agustinus": ["Agustinus", "Augustinus"],
    "Agustina": ["Agustina", "Augustina"],
    "Bernadus": ["Bernadus", "Bernardus"],
    "Aloysius": ["Aloysius", "Aloisius", "Aloysius"],
    "Kristoforus": ["Kristoforus", "Christoforus", "Kristoferus"],
    "Theresia": ["Theresia", "Teresia", "Theresa"],
    "Yakobus": ["Yakobus", "Jakobus", "Yacobus"],
    "Yakob": ["Yakob", "Yakop", "Jakob"],
    "Yulianus": ["Yulianus", "Julianus", "Yulianus"],
    "Yuliana": ["Yuliana", "Juliana"],
    "Pilipus": ["Pilipus", "Filipus", "Philipus"],
    "Markus": ["Markus", "Marcus"],
    "Matius": ["Matius", "Mathius"],
    "Elisabeth": ["Elisabeth", "Elisabet", "Elizabeth"],
    "Margaretha": ["Margaretha", "Margareta", "Margarita"],
    "Stefanus": ["Stefanus", "Stevanus", "Stephanus"],
    "Wilhelmus": ["Wilhelmus", "Welhelmus"],
    "Benediktus": ["Benediktus", "Benedictus"],
    "Kornelis": ["Kornelis", "Cornelis", "Kornelius"],
    "Dominikus": ["Dominikus", "Dominicus"],
    "Ignatius": ["Ignatius", "Ignasius"],
    "Emanuel": ["Emanuel", "Emmanuel"],
    "Veronika": ["Veronika", "Veronica", "Feronika"],
    "Katarina": ["Katarina", "Katharina", "Catarina"],
    "Skolastika": ["Skolastika", "Scholastika"],
    "Hironimus": ["Hironimus", "Hieronimus"],
    "Bonefasius": ["Bonefasius", "Bonifasius"],
    "Xaverius": ["Xaverius", "Xaverius", "Saverius"],
    "Yance": ["Yance", "Jance"],
    "Debora": ["Debora", "Deborah"],
    "Marta": ["Marta", "Martha"],
    "Martha": ["Martha", "Marta"],
    "Ester": ["Ester", "Esther"],
    "Nelce": ["Nelce", "Nelci", "Nelcy"],
    "Mince": ["Mince", "Mince", "Minche"],
    "Marthen": ["Marthen", "Marten"],
    "Ferderika": ["Ferderika", "Frederika", "Federika"],
    "Matheos": ["Matheos", "Mateus", "Matheus"],
    "Christine": ["Christine", "Kristin", "Christin"],
    "Muhammad": ["Muhammad", "Muhamad", "Mohammad", "Mohamad"],
    "Sitti": ["Sitti", "Siti"],
    "Haerul": ["Haerul", "Khairul", "Hairul"],
    "Khairul": ["Khairul", "Hairul", "Chairul"],
    "Fadhil": ["Fadhil", "Fadil"],
    "Zulkifli": ["Zulkifli", "Zulkifly", "Dzulkifli"],
    "Rizal": ["Rizal", "Risal"],
    "Syafrizal": ["Syafrizal", "Safrizal", "Syaprizal"],
    "Efendi": ["Efendi", "Effendi", "Efendy", "Effendy"],
    "Nurhayati": ["Nurhayati", "Nurhayaty"],
    "Husaini": ["Husaini", "Husaeni"],
    "Hasanuddin": ["Hasanuddin", "Hasanudin"],
    "Syamsuddin": ["Syamsuddin", "Syamsudin", "Samsuddin"],
    "Baharuddin": ["Baharuddin", "Baharudin"],
    "Amiruddin": ["Amiruddin", "Amirudin"],
    "Jamaluddin": ["Jamaluddin", "Jamaludin"],
    "Kamaruddin": ["Kamaruddin", "Kamarudin"],
    "Nurhaedah": ["Nurhaedah", "Nurhaidah"],
    "Rahmah": ["Rahmah", "Rahma"],
    "Fatimah": ["Fatimah", "Fatima", "Patimah"],
    "Aisyah": ["Aisyah", "Aisah", "Aisya"],
    "Khadijah": ["Khadijah", "Hadijah", "Kadijah"],
    "Hadijah": ["Hadijah", "Hadija", "Khadijah"],
    "Zainal": ["Zainal", "Jainal"],
    "Yusuf": ["Yusuf", "Yusup"],
    "Arief": ["Arief", "Arif"],
    "Mardhiah": ["Mardhiah", "Mardiah", "Mardiyah"],
    "Raudhah": ["Raudhah", "Raudah"],
    "Jhon": ["Jhon", "John", "Jon"],
    "Jhonson": ["Jhonson", "Johnson", "Jonson"],
    "Rosmawati": ["Rosmawati", "Rosmawaty"],
    "Romauli": ["Romauli", "Romauly"],
    "Lamhot": ["Lamhot", "Lamhod"],
    "Friska": ["Friska", "Frisca"],
    "Rikardo": ["Rikardo", "Ricardo"],
    "Frengki": ["Frengki", "Frenky", "Frengky"],
    "Lumbantobing": ["Lumbantobing", "Lumban Tobing", "L. Tobing", "L.Tobing"],
    "Butarbutar": ["Butarbutar", "Butar-butar", "Butar Butar"],
    "Napitupulu": ["Napitupulu", "Napitu Pulu"],
    "Siahaan": ["Siahaan", "Siahan"],
    "Hutahaean": ["Hutahaean", "Hutahean"],
    "Wijaya": ["Wijaya", "Widjaja", "Wijaja", "Widjaya"],
    "Tjandra": ["Tjandra", "Candra", "Chandra"],
    "Tedja": ["Tedja", "Teja"],
    "Cahyadi": ["Cahyadi", "Tjahjadi", "Tjahyadi"],
    "Kusuma": ["Kusuma", "Kusumah"],
    "Santoso": ["Santoso", "Santosa", "Soentoso"],
    "Susanto": ["Susanto", "Soesanto"],
    "Tanuwijaya": ["Tanuwijaya", "Tanudjaja", "Tanuwidjaja"],
    "Lily": ["Lily", "Lili", "Lilly"],
    "Yenny": ["Yenny", "Yeni", "Jenny"],
    "Fenny": ["Fenny", "Feni", "Venny"],
    "Vivi": ["Vivi", "Fifi", "Vivie"],
    "Wenny": ["Wenny", "Weny"],
    "Rudy": ["Rudy", "Rudi"],
    "Edy": ["Edy", "Eddy", "Edi"],
    "Hengky": ["Hengky", "Hengki"],
    "Hubi": ["Hubi", "Huby"],
    "Kossay": ["Kossay", "Kosay"],
    "Itlay": ["Itlay", "Itlai"],
    "Yikwa": ["Yikwa", "Jikwa"],
    "Wandikbo": ["Wandikbo", "Wandikmbo"],
    "Gwijangge": ["Gwijangge", "Gwijange"],
    "Lokbere": ["Lokbere", "Lokobere"],
    "da Silva": ["da Silva", "Da Silva", "Dasilva"],
    "da Cunha": ["da Cunha", "Da Cunha", "Dacunha"],
    "Fernandez": ["Fernandez", "Fernandes"],
    "Ximenes": ["Ximenes", "Ximenez"],
    "Suparman": ["Suparman", "Soeparman"],
    "Sutrisno": ["Sutrisno", "Soetrisno"],
    "Sukardi": ["Sukardi", "Soekardi"],
    "Suyono": ["Suyono", "Soeyono"],
    "Joko": ["Joko", "Djoko"],
    "Sudarsana": ["Sudarsana", "Sudharsana"],
    "Adnyana": ["Adnyana", "Adnyane"],
    "Widiastuti": ["Widiastuti", "Widyastuti"],
    "Widiana": ["Widiana", "Widyana"],
    "Mertayasa": ["Mertayasa", "Mertayase"],
    "Kala'tiku": ["Kala'tiku", "Kalatiku", "Kala Tiku"],
    "Ne'Bua": ["Ne'Bua", "Nebua", "Ne Bua"],
    "Pong Batu": ["Pong Batu", "Pongbatu"],
}
# abbreviation of a token in title/first position (DOMAIN: titles, Muhammad, Abdul)
ABBR = {
    "Muhammad": ["M.", "Muh.", "Mhd.", "Moh."], "Abdul": ["Abd."], "Teuku": ["T."],
    "Andi": ["A."], "Wayan": ["Wy."], "Made": ["Md."], "Nyoman": ["Nym."], "Ketut": ["Kt."],
    "Putu": ["Pt."], "Gede": ["Gd."], "Komang": ["Kmg."], "Kadek": ["Kdk."], "Gusti": ["Gst."],
    "Ngurah": ["Ngr."], "Cokorda": ["Cok."], "Dewa": ["Dw."], "Maria": ["Ma."],
    "Yohanes": ["Yoh."], "Fransiskus": ["Frans", "Fr."], "Teungku": ["Tgk."],
    "Yohanis": ["Yoh."], "Agustinus": ["Agus"], "Sitti": ["St."],
}
# title tokens that a record may leave out (DOMAIN: titles; Balinese I/Ni)
DROPPABLE = {"I", "Ni", "H.", "Hj.", "Teuku", "Cut", "Teungku", "Andi", "Dt.", "Lalu", "Baiq",
             "Jero"}
GENERIC = {"Sitti", "Siti", "Muhammad", "Maria", "Abdul", "Ahmad", "Nurul", "Sri", "Dwi", "Tri"}
# multi-token caste titles and their written short forms
CASTE_ABBR = {("Ida", "Bagus"): ["I.B.", "IB", "Ida Bgs."], ("Ida", "Ayu"): ["I.A.", "Dayu"],
              ("Anak", "Agung"): ["A.A.", "AA", "A.A"], ("I", "Gusti"): ["I Gst.", "Gst.", "I Gst"]}
# birth places per regency, and their variants
BP = {
    "5171": ["Denpasar"], "5104": ["Gianyar", "Ubud"], "5107": ["Karangasem", "Amlapura"],
    "5108": ["Singaraja", "Buleleng"], "5102": ["Tabanan"], "5103": ["Badung", "Mengwi"],
    "1171": ["Banda Aceh"], "1106": ["Aceh Besar", "Jantho", "Lhoknga"], "1107": ["Pidie", "Sigli"],
    "1111": ["Bireuen"], "1306": ["Agam", "Lubuk Basung", "Maninjau"], "1371": ["Padang"],
    "1375": ["Bukittinggi"], "1271": ["Medan"], "1212": ["Balige", "Porsea", "Laguboti", "Toba"],
    "1202": ["Tarutung", "Siborongborong", "Tapanuli Utara"],
    "1213": ["Panyabungan", "Kotanopan", "Mandailing Natal"],
    "5307": ["Maumere", "Sikka", "Nita", "Kewapante", "Paga"], "5306": ["Larantuka", "Flores Timur"],
    "5308": ["Ende"], "5371": ["Kupang"], "5301": ["Kupang", "Oelamasi", "Camplong"],
    "9501": ["Wamena", "Jayawijaya", "Kurulu", "Asolokobal", "Hubikosi"], "9171": ["Jayapura"],
    "9103": ["Sentani", "Jayapura"], "7371": ["Makassar"], "7308": ["Bone", "Watampone"],
    "7306": ["Gowa", "Sungguminasa"], "7313": ["Wajo", "Sengkang"], "7309": ["Maros"],
    "7318": ["Makale", "Tana Toraja", "Rantepao"], "3374": ["Semarang"], "3578": ["Surabaya"],
    "3509": ["Jember"], "3510": ["Banyuwangi"], "3309": ["Boyolali"], "5201": ["Gerung", "Lombok Barat"],
    "5271": ["Mataram"], "3201": ["Bogor"],
}
BP_VAR = {
    "Makassar": ["Ujung Pandang", "Ujungpandang", "Mks", "Kota Makassar"],
    "Banda Aceh": ["Kutaraja", "B. Aceh", "Bna", "Kota Banda Aceh"],
    "Jayapura": ["Hollandia", "Sukarnopura", "Jpr"], "Wamena": ["Jayawijaya", "Wamena Jayawijaya"],
    "Jayawijaya": ["Wamena", "Jaya Wijaya"], "Tapanuli Utara": ["Taput", "Tarutung"],
    "Tarutung": ["Taput", "Tapanuli Utara"], "Balige": ["Toba", "Tobasa", "Toba Samosir"],
    "Toba": ["Toba Samosir", "Tobasa", "Balige"], "Porsea": ["Tobasa", "Toba"],
    "Maumere": ["Sikka", "Mmr"], "Sikka": ["Maumere"], "Denpasar": ["Dps", "Badung"],
    "Singaraja": ["Buleleng", "Sgr"], "Bone": ["Watampone"], "Watampone": ["Bone"],
    "Gowa": ["Sungguminasa"], "Makale": ["Tana Toraja", "Toraja"], "Medan": ["Mdn", "Kota Medan"],
    "Semarang": ["Smg"], "Surabaya": ["Sby"], "Kupang": ["Kota Kupang", "Kpg"],
    "Sigli": ["Pidie"], "Pidie": ["Sigli"], "Padang": ["Pdg"], "Larantuka": ["Flores Timur", "Flotim"],
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
STREET = {
    "7371": _split("Urip Sumoharjo, Perintis Kemerdekaan, A.P. Pettarani, Veteran Selatan,"
                   "Sultan Alauddin, Cendrawasih, Rappocini Raya, Abdullah Daeng Sirua,"
                   "Toddopuli Raya, Baji Gau, Kumala, Landak Baru, Sungai Saddang,"
                   "Gunung Bawakaraeng, Sam Ratulangi, Monginsidi, Tamalate, Batua Raya,"
                   "Antang Raya, Borong Raya, Daya, Tallo Raya, Andi Tonro, Hertasning"),
    "1171": _split("Sultan Iskandar Muda, Teuku Umar, Cut Nyak Dhien, Habib Abdurrahman,"
                   "Tgk. Abdurrahman, Ulee Lheue, Punge Blang Cut"),
    "5171": _split("Raya Sesetan, Pulau Saelus, Gurita, Sesetan Gg. Merak, Pulau Moyo,"
                   "Tukad Badung, Diponegoro, Pulau Bungin"),
    "1212": _split("Sisingamangaraja, Patuan Nagari, Tarutung, Pagar Batu"),
    "1202": _split("Sisingamangaraja, Balige, Diponegoro, Pahae"),
    "5307": _split("Gajah Mada, Ahmad Yani, El Tari, Soekarno Hatta, Kesehatan, Nong Meak"),
    "9501": _split("Trikora, Yos Sudarso, Irian, Hom-Hom, Pikhe, Bhayangkara, Safri Darwin"),
}
BANJAR = _split("Kaja, Kelod, Tengah, Dukuh, Pagan, Gaduh, Suwung, Lantang Bejuh, Pesanggaran,"
                "Dukuh Sari, Taman, Puri Gading")

# ------------------------------------------------------------------------ shapes
SHAPES = {
    "village": dict(
        districts=["517101"], villages=["5171011003"], urban=True,
        mix={"5171": {"bali": .60, "java": .14, "chinese": .08, "flores": .05, "sasak": .05,
                      "bugis": .04, "batak": .04}},
        dup_rate=.06, scen={"identical": .12, "rereg": .30, "mover": .20, "marriage": .16,
                            "coklit": .22},
        placeholder=.06, nik_missing=.01, mask=.01, sheet=.01, shared_nik=.008),
    "district": dict(
        districts=["117103"], urban=True,
        mix={"1171": {"aceh": .76, "minang": .08, "java": .07, "mand": .04, "chinese": .03,
                      "batak": .02}},
        dup_rate=.07, scen={"identical": .12, "rereg": .23, "mover": .30, "marriage": .15,
                            "coklit": .20},
        placeholder=.08, nik_missing=.01, mask=.015, sheet=.01, shared_nik=.01),
    "batak": dict(
        districts=["121201", "121202", "121207", "121203", "120201", "120209"], urban=False,
        mix={"1212": {"batak": .92, "mand": .03, "java": .03, "chinese": .02},
             "1202": {"batak": .93, "mand": .02, "java": .03, "chinese": .02}},
        dup_rate=.08, scen={"identical": .12, "rereg": .23, "mover": .30, "marriage": .17,
                            "coklit": .18},
        placeholder=.16, nik_missing=.015, mask=.01, sheet=.015, shared_nik=.01,
        namesakes=.03),
    "east": dict(
        districts=["530705", "530715", "530704", "530710", "950101", "950109", "950104",
                   "950102"], urban=False,
        mix={"5307": {"flores": .84, "timor": .04, "java": .03, "bugis": .06, "chinese": .03},
             "9501": {"papua": .76, "java": .07, "bugis": .05, "makassar": .03, "toraja": .05,
                      "flores": .04}},
        dup_rate=.08, scen={"identical": .12, "rereg": .25, "mover": .25, "marriage": .13,
                            "coklit": .25},
        placeholder=.45, nik_missing=.07, mask=.01, sheet=.015, shared_nik=.02, dummy_nik=.01,
        namesakes=.03),
    "mixed_city": dict(
        districts=["737109", "737113", "737110", "737111", "737112", "737107"], urban=True,
        mix={"7371": {"bugis": .30, "makassar": .20, "chinese": .13, "java": .12, "toraja": .10,
                      "flores": .03, "timor": .03, "batak": .03, "minang": .03, "bali": .02,
                      "aceh": .01}},
        dup_rate=.12, scen={"identical": .10, "rereg": .17, "mover": .45, "marriage": .12,
                            "coklit": .16},
        placeholder=.05, nik_missing=.01, mask=.02, sheet=.015, shared_nik=.008),
}
# where migrants of a culture were first registered (regency codes), per host province
ORIGIN = {
    "bali": ["5104", "5107", "5108", "5102"], "java": ["3509", "3510", "3578", "3374", "3309"],
    "flores": ["5307", "5306", "5308"], "sasak": ["5201", "5271"], "bugis": ["7308", "7313"],
    "makassar": ["7306", "7309"], "batak": ["1271", "1212", "1202"], "mand": ["1213"],
    "aceh": ["1106", "1107", "1111"], "minang": ["1306", "1371", "1375"],
    "toraja": ["7318"], "timor": ["5371", "5301"], "papua": ["9171", "9103"], "chinese": ["1271"],
}
NATIVE = {"5171": {"bali", "chinese"}, "1171": {"aceh", "chinese"}, "1212": {"batak"},
          "1202": {"batak"}, "5307": {"flores", "chinese"}, "9501": {"papua"},
          "7371": {"bugis", "makassar", "chinese"}}


# ------------------------------------------------------------------- small helpers
def _pick(rng, seq, zipf=None):
    if zipf:
        w = 1.0 / np.arange(1, len(seq) + 1) ** zipf
        return seq[rng.choice(len(seq), p=w / w.sum())]
    return seq[rng.integers(len(seq))]


def _wpick(rng, d):
    keys = list(d)
    w = np.array([d[k] for k in keys], float)
    return keys[rng.choice(len(keys), p=w / w.sum())]


def _spell(rng, tok, weighted=True):
    v = VAR.get(tok)
    if not v:
        return tok
    if weighted:
        w = 1.0 / np.arange(1, len(v) + 1) ** 1.3
        return v[rng.choice(len(v), p=w / w.sum())]
    return v[rng.integers(len(v))]


def _age_date(rng, age_lo, age_hi):
    """A birth date making the person age_lo..age_hi on election day."""
    days = rng.integers(int(age_lo * 365.25) + 1, int((age_hi + 1) * 365.25) - 1)
    return ELECTION - dt.timedelta(days=int(days))


def _age(d):
    return ELECTION.year - d.year - ((ELECTION.month, ELECTION.day) < (d.month, d.day))


KEYB = {c: n for c, n in zip("qwertyuiopasdfghjklzxcvbnm",
                             ["wa", "qes", "wrd", "etf", "ryg", "tuh", "yij", "uok", "ipl", "ol",
                              "qsz", "adwx", "sfe", "dgr", "fht", "gjy", "hku", "jli", "ko", "xa",
                              "zcs", "xvd", "cbf", "vng", "bmh", "nj"], strict=False)}


def _typo(rng, s):
    toks = s.split(" ")
    idx = [i for i, t in enumerate(toks) if len(t) >= 4 and t.isalpha()]
    if not idx:
        return s
    i = idx[rng.integers(len(idx))]
    t = toks[i]
    j = int(rng.integers(1, len(t)))
    k = rng.random()
    if k < .35:
        c = t[j].lower()
        r = _pick(rng, KEYB.get(c, "a"))
        t = t[:j] + (r.upper() if t[j].isupper() else r) + t[j + 1:]
    elif k < .6:
        t = t[:j] + t[j + 1:]
    elif k < .8:
        t = t[:j] + t[j] + t[j:]
    elif j < len(t) - 1:
        t = t[:j] + t[j + 1] + t[j] + t[j + 2:]
    toks[i] = t
    return " ".join(toks)


# --------------------------------------------------------------------- the names
class Name:
    """Structured name: pre (titles/prefix tokens), given tokens, family token, Batak boru
    particle, Daeng name, 'post' academic titles, Chinese old name, husband's marga."""

    __slots__ = ("pre", "given", "fam", "br", "daeng", "post", "old", "hfam", "culture",
                 "spell", "style")

    def __init__(self, culture, pre=(), given=(), fam=None, br=False, daeng=None, post=(),
                 old=None):
        self.culture, self.pre, self.given, self.fam = culture, list(pre), list(given), fam
        self.br, self.daeng, self.post, self.old, self.hfam = br, daeng, list(post), old, None
        self.spell = {}
        self.style = {}

    def copy(self):
        n = Name(self.culture, self.pre, self.given, self.fam, self.br, self.daeng, self.post,
                 self.old)
        n.hfam, n.spell, n.style = self.hfam, dict(self.spell), dict(self.style)
        return n

    def key(self):
        return (tuple(self.pre), tuple(self.given), self.fam, self.daeng)


def _tokens(part):
    return part.split(" ") if part else []


def new_style(rng, nm: Name, age):
    """The way this person's name is written in the population register."""
    st = {"pre_drop": set(), "pre_abbr": set(), "given_abbr": set(), "given_drop": set(),
          "br": "", "daeng": "Dg.", "post": False, "hfam": "no", "old": False, "muh": None,
          "order": "normal", "ny": False}
    for i, t in enumerate(nm.pre):
        if t in ABBR and rng.random() < (.35 if nm.culture == "bali" else .2):
            st["pre_abbr"].add(i)
    if tuple(nm.pre[:2]) in CASTE_ABBR and rng.random() < .3:
        st["caste"] = _pick(rng, CASTE_ABBR[tuple(nm.pre[:2])])
    if nm.given and nm.given[0] == "Muhammad" and len(" ".join(nm.given).split()) >= 2:
        st["muh"] = _wpick(rng, {"Muhammad": .55, "M.": .2, "Muh.": .1 if nm.culture in
                                 ("bugis", "makassar") else .02, "Mhd.": .08 if nm.culture in
                                 ("aceh", "mand", "minang") else .01, "Moh.": .03})
    if nm.br:
        st["br"] = _wpick(rng, {"Br": .5, "Br.": .1, "Boru": .08, "": .32})
    if nm.daeng:
        st["daeng"] = _wpick(rng, {"Dg.": .55, "Daeng": .3, "Dg": .1, "": .05})
    st["post"] = bool(nm.post) and rng.random() < .8
    for _k, g in enumerate(nm.given):
        for t in _tokens(g):
            nm.spell.setdefault(t, _spell(rng, t))
    if nm.fam:
        nm.spell.setdefault(nm.fam, _spell(rng, nm.fam))
    return st


def render(nm: Name, st) -> str:
    if st.get("old") and nm.old:
        return nm.old.upper()
    out = []
    if st.get("ny"):
        out.append("Ny.")
    pre = list(nm.pre)
    skip = set()
    ca = st.get("caste")
    if ca and tuple(pre[:2]) in CASTE_ABBR:
        out.append(ca)
        skip = {0, 1}
    for i, t in enumerate(pre):
        if i in st["pre_drop"] or i in skip:
            continue
        out.append(ABBR[t][0] if (i in st["pre_abbr"] and t in ABBR) else t)
    gtoks = []
    for k, g in enumerate(nm.given):
        if k in st["given_drop"]:
            continue
        toks = _tokens(g)
        if k in st["given_abbr"]:
            gtoks.append(toks[0][0] + ".")
            continue
        for t in toks:
            if t == "Muhammad" and st.get("muh"):
                gtoks.append(st["muh"])
            else:
                gtoks.append(nm.spell.get(t, t))
    if nm.daeng and st["daeng"]:
        gtoks += [st["daeng"], nm.daeng]
    fam = []
    if nm.fam:
        f = nm.spell.get(nm.fam, nm.fam)
        if st["hfam"] == "replace" and nm.hfam:
            fam = [nm.hfam]
        else:
            if nm.br and st["br"]:
                fam.append(st["br"])
            fam.append(f)
    out = out + fam + gtoks if st.get("order") == "famfirst" and fam else out + gtoks + fam
    s = " ".join(out) + ", " + ", ".join(nm.post) if st["post"] and nm.post else " ".join(out)
    return s.upper()


def make_name(rng, culture, sex, age, fam=None, inherit=None, order=1, ctx=None):
    """A name for a new person of this culture.  fam: family token to use (marga, clan,
    Chinese family token); inherit: dict of family-wide traits (Andi, Teuku, caste)."""
    inherit = inherit or {}
    m = sex == "L"
    c = culture
    if c == "batak":
        pool = POOL["batak_m" if m else "batak_f"]
        given = [_pick(rng, pool, 0.7)]
        if rng.random() < .4:
            given.append(_pick(rng, pool, 0.7) if m else _pick(rng, POOL["batak_f"], .7))
            if given[1] == given[0]:
                given.pop()
        nm = Name(c, given=given, fam=fam, br=not m)
    elif c == "mand":
        pool = POOL["mand_m" if m else "mand_f"]
        given = [_pick(rng, pool, .6)]
        if rng.random() < .5:
            given.append(_pick(rng, POOL["aceh_m2" if m else "aceh_f2"]))
        nm = Name(c, given=given, fam=fam)
    elif c == "aceh":
        pre = []
        if inherit.get("teuku"):
            pre = ["Teuku"] if m else ["Cut"]
        elif m and age >= 50 and rng.random() < .05:
            pre = ["Teungku"]
        if age >= 45 and rng.random() < .12:
            pre = (["H."] if m else ["Hj."]) + pre
        if m:
            given = [_pick(rng, POOL["aceh_m"], .8)]
            if given[0] in ("Muhammad", "Ahmad", "Abdullah") or rng.random() < .5:
                given.append(_pick(rng, POOL["aceh_m2"], .5))
        else:
            given = [_pick(rng, POOL["aceh_f"], .8)]
            if rng.random() < .55:
                given.append(_pick(rng, POOL["aceh_f2"], .5))
        nm = Name(c, pre=pre, given=given)
    elif c == "minang":
        pool = POOL["minang_m" if m else "minang_f"]
        given = [_pick(rng, pool, .5)]
        pre = ["Dt."] if (m and age > 55 and rng.random() < .06) else []
        nm = Name(c, pre=pre, given=given)
    elif c in ("bugis", "makassar"):
        pre = []
        if inherit.get("andi"):
            pre.append("Andi")
        if age >= 45 and rng.random() < .18:
            pre = (["H."] if m else ["Hj."]) + pre
        if age >= 60 and rng.random() < .35:
            given = [_pick(rng, POOL["bugis_m_old" if m else "bugis_f_old"])]
        else:
            given = _pick(rng, POOL["bugis_m" if m else "bugis_f"], .6).split(" ")
            given = [" ".join(given)] if len(given) == 1 else given
        daeng = None
        if c == "makassar" and age >= 35 and rng.random() < .45:
            daeng = _pick(rng, POOL["daeng"], .4)
        nm = Name(c, pre=pre, given=given, daeng=daeng)
    elif c == "toraja":
        given = [_pick(rng, POOL["toraja_m" if m else "toraja_f"], .5)]
        nm = Name(c, given=given, fam=fam)
    elif c == "flores":
        g = _pick(rng, POOL["flores_m" if m else "flores_f"], .5)
        nm = Name(c, given=g.split(" "), fam=fam)
    elif c == "timor":
        nm = Name(c, given=[_pick(rng, POOL["timor_m" if m else "timor_f"], .5)], fam=fam)
    elif c == "papua":
        if age >= 55 and rng.random() < .25:
            given = [_pick(rng, POOL["papua_trad"])]
        else:
            given = [_pick(rng, POOL["papua_m" if m else "papua_f"], .9)]
        nm = Name(c, given=given, fam=fam)
    elif c == "chinese":
        given = [_pick(rng, POOL["chinese_m" if m else "chinese_f"], .4)]
        if fam is None and rng.random() < .35:
            given.append(_pick(rng, POOL["chinese_m" if m else "chinese_f"], .4))
            if given[1] == given[0]:
                given.pop()
        old = None
        if age >= 58 and rng.random() < .5:
            old = " ".join([inherit.get("oldsur") or _pick(rng, POOL["chinese_old_sur"]),
                            _pick(rng, POOL["chinese_old_syl"]), _pick(rng, POOL["chinese_old_syl"])])
        nm = Name(c, given=given, fam=fam, old=old)
    elif c == "bali":
        caste = inherit.get("caste")
        ow = {1: ["Wayan", "Putu", "Gede"] if m else ["Wayan", "Putu", "Luh"],
              2: ["Made", "Kadek", "Nengah"], 3: ["Nyoman", "Komang"], 4: ["Ketut"]}
        o = _pick(rng, ow[((order - 1) % 4) + 1])
        if caste == "brahmana":
            pre = ["Ida", "Bagus"] if m else ["Ida", "Ayu"]
            if rng.random() < .5:
                pre.append(o)
        elif caste == "agung":
            pre = ["Anak", "Agung", _pick(rng, ["Gede", "Ngurah"])] if m else ["Anak", "Agung", "Ayu"]
        elif caste == "gusti":
            pre = ["I", "Gusti", _pick(rng, ["Ngurah", "Putu", "Made", "Ketut"])] if m else \
                ["I", "Gusti", "Ayu"]
        elif caste == "dewa":
            pre = ["Dewa", _pick(rng, ["Gede", "Made", "Ketut"])] if m else ["Dewa", "Ayu"]
        else:
            pre = ["I", o] if m else (["Ni", o] if o != "Luh" or rng.random() < .5 else ["Ni", "Luh"])
            if not m and o == "Luh" and rng.random() < .4:
                pre.append(_pick(rng, ["Putu", "Made", "Gede"]))
        g = _pick(rng, POOL["bali_m" if m else "bali_f"], .5)
        nm = Name(c, pre=pre, given=g.split(" "))
    elif c == "java":
        if m:
            given = [_pick(rng, POOL["java_m"], .5)]
            if rng.random() < (.4 if age > 55 else .75):
                given.append(_pick(rng, POOL["java_m2"]))
        else:
            given = [_pick(rng, POOL["java_f"], .5)]
            if given[0] in ("Sri", "Siti", "Dwi", "Tri") or rng.random() < .4:
                given.append(_pick(rng, POOL["java_f2"]))
        nm = Name(c, given=given)
    elif c == "sasak":
        pre = (["Lalu"] if m else ["Baiq"]) if inherit.get("lalu") else []
        g = _pick(rng, POOL["sasak_m" if m else "sasak_f"], .5)
        nm = Name(c, pre=pre, given=g.split(" "))
    else:
        raise ValueError(c)
    # academic titles for some adults in towns
    if ctx and ctx.get("urban") and 25 <= age <= 65 and rng.random() < .05:
        nm.post = [_pick(rng, ["S.Pd.", "S.H.", "S.E.", "S.Sos.", "S.T.", "A.Md.", "S.Kom.",
                               "M.Si.", "S.Ag."])]
    return nm


def family_token(rng, culture, ctx):
    if culture == "batak":
        return _wpick(rng, ctx["marga_w"])
    if culture == "mand":
        return _pick(rng, POOL["mand_marga"], .7)
    if culture == "toraja":
        return _pick(rng, POOL["toraja_fam"], .5)
    if culture == "flores":
        return _pick(rng, POOL["flores_fam"], .7) if rng.random() < .85 else None
    if culture == "timor":
        return _pick(rng, POOL["timor_fam"], .5)
    if culture == "papua":
        return _pick(rng, POOL["papua_clan"], .9)
    if culture == "chinese":
        return _pick(rng, POOL["chinese_fam"], .6) if rng.random() < .55 else None
    return None


# ---------------------------------------------------------------------- the people
class Person:
    __slots__ = ("pid", "culture", "sex", "birth", "rdate", "placeholder", "name", "style",
                 "bplace", "nik", "nik_date", "marital", "hh", "age", "nikdist", "order",
                 "spouse", "flags")

    def __init__(self, **kw):
        self.flags = {}
        for k, v in kw.items():
            setattr(self, k, v)


class Household:
    __slots__ = ("hid", "village", "district", "nkk", "alamat", "rt", "rw", "members",
                 "culture", "tps", "rows")

    def __init__(self, **kw):
        self.members, self.rows, self.tps = [], [], None
        for k, v in kw.items():
            setattr(self, k, v)


def _placeholder(rng, birth, cfg, culture, regency):
    """Registered birth date: the true one or a placeholder (DOMAIN: 31-12 before 2004,
    01-07 from 2004, the 15th with month known, 01-01)."""
    rate = cfg["placeholder"]
    if regency == "9501" and culture == "papua":
        rate = min(.9, rate * 1.6)
    elif regency == "9501" or regency == "5307":
        rate = rate * (1.0 if culture in ("flores", "papua", "timor") else .35)
    age = _age(birth)
    f = 2.2 if age >= 60 else 1.4 if age >= 45 else .8 if age >= 30 else .3
    if rng.random() >= min(.92, rate * f):
        return birth, False
    y = birth.year
    if culture == "papua" and age >= 45 and rng.random() < .5:
        y = int(round(y / 5.0) * 5)
    reg_year = y + 17
    if reg_year < 2004:
        k = _wpick(rng, {"3112": .55, "0101": .2, "15": .12, "0107": .13})
    else:
        k = _wpick(rng, {"0107": .6, "0101": .2, "15": .2})
    d = dt.date(y, birth.month, 15) if k == "15" else dt.date(y, int(k[2:]), int(k[:2]))
    if _age(d) < 17:
        return birth, False
    return d, True


class Gen:
    def __init__(self, shape, seed):
        self.shape = shape
        self.cfg = SHAPES[shape]
        self.rng = np.random.default_rng(seed)
        self.serial = {}
        self.nkk_serial = {}
        self.people = []
        self.households = []
        self.rows = []            # dicts
        self.look = []            # (pid_a, pid_b, kind)
        dists = self.cfg["districts"]
        vill = self.cfg.get("villages")
        self.villages = vill or [v for v in VILLAGE if v[:6] in dists]
        rng = self.rng
        self.vweight = {v: float(rng.uniform(.5, 1.5)) for v in self.villages}
        # each Batak village is dominated by a few marga (the huta founders)
        self.vmarga = {}
        for v in self.villages:
            w = {m: 1.0 / (i + 1) ** 1.1 for i, m in enumerate(rng.permutation(POOL["marga"]))}
            dom = rng.choice(POOL["marga"], 3, replace=False)
            for m, x in zip(dom, (9.0, 4.0, 2.5), strict=False):
                w[m] += x
            self.vmarga[v] = w

    # ---- numbers
    def nik_prefix(self, p_culture, district, regency):
        rng = self.rng
        if p_culture in NATIVE.get(regency, set()) or (regency in ("1212", "1202") and
                                                       p_culture == "batak"):
            r = rng.random()
            if r < .78:
                d = district
            elif r < .95:
                ds = [x for x in DISTRICT if x[:4] == regency]
                d = _pick(rng, ds)
            else:
                og = ORIGIN.get(p_culture, [regency])
                ogr = _pick(rng, og)
                d = _pick(rng, [x for x in DISTRICT if x[:4] == ogr])
        else:
            if rng.random() < .55:
                og = ORIGIN.get(p_culture, [regency])
                ogr = _pick(rng, og)
                d = _pick(rng, [x for x in DISTRICT if x[:4] == ogr])
            else:
                d = district
        # registered before the 2022 split: the old Jayawijaya code
        if d[:4] == "9501" and rng.random() < .93:
            nm = DISTRICT[d]
            old = [x for x in DISTRICT if x[:4] == "9102" and DISTRICT[x] == nm]
            if old:
                d = old[0]
        return d

    def take_serial(self, prefix, ndate, n=1, placeholder=False):
        key = (prefix, ndate)
        rng = self.rng
        if key not in self.serial:
            self.serial[key] = int(rng.integers(1, 350)) if placeholder else int(rng.integers(0, 4))
        s = self.serial[key] + 1 + int(rng.geometric(.6)) - 1
        self.serial[key] = s + n - 1
        return [s + i for i in range(n)]

    @staticmethod
    def nik_str(prefix, d, sex, serial):
        day = d.day + (40 if sex == "P" else 0)
        return f"{prefix}{day:02d}{d.month:02d}{d.year % 100:02d}{serial:04d}"

    def new_nkk(self, district, year_lo=2005):
        rng = self.rng
        if district[:4] == "9501" and rng.random() < .7:
            nm = DISTRICT[district]
            old = [x for x in DISTRICT if x[:4] == "9102" and DISTRICT[x] == nm]
            district = old[0] if old else district
            year_hi = 2022
        else:
            year_hi = 2023
        d = dt.date(int(rng.integers(year_lo, year_hi + 1)), int(rng.integers(1, 13)),
                    int(rng.integers(1, 29)))
        k = (district, d)
        s = self.nkk_serial.get(k, int(rng.integers(0, 30))) + 1 + int(rng.integers(0, 3))
        self.nkk_serial[k] = s
        return f"{district}{d.day:02d}{d.month:02d}{d.year % 100:02d}{s:04d}"

    # ---- places
    def address(self, village, culture):
        rng = self.rng
        reg = village[:4]
        vname = VILLAGE.get(village, "")
        if reg == "7371":
            k = rng.random()
            st = _pick(rng, STREET["7371"], .3)
            if k < .55:
                a = f"JL. {st} NO. {rng.integers(1, 200)}"
            elif k < .8:
                a = f"JL. {st} LR. {rng.integers(1, 12)} NO. {rng.integers(1, 60)}"
            else:
                a = f"BTN {_pick(rng, ['Minasa Upa', 'Antara', 'Hartaco', 'Tamalanrea', 'Pao-Pao'])}" \
                    f" BLOK {'ABCDEFGHJK'[rng.integers(10)]}{rng.integers(1, 20)} NO. {rng.integers(1, 40)}"
            return a.upper(), f"{rng.integers(1, 8):03d}", f"{rng.integers(1, 12):03d}"
        if reg == "5171":
            b = _pick(rng, BANJAR)
            if rng.random() < .5:
                a = f"JL. {_pick(rng, STREET['5171'])} NO. {rng.integers(1, 150)}, BR. {b}"
            else:
                a = f"BR. {b}"
            return a.upper(), _pick(rng, ["000", "000", "0", ""]), _pick(rng, ["000", "000", "0", ""])
        if reg == "1171":
            a = _pick(rng, [f"DUSUN {_pick(rng, ['Tgk. Dilaot', 'Cot Lamkuweuh', 'Tuan Dipakeh', 'Lamteumen', 'Meunasah'])}",
                            f"JL. {_pick(rng, STREET['1171'])} LR. {_pick(rng, ['Mesjid', 'Keuchik', 'Ujong', 'Bakti', 'Damai'])}",
                            f"JL. {_pick(rng, STREET['1171'])} NO. {rng.integers(1, 90)}"])
            return a.upper(), _pick(rng, ["000", "0", "", "001"]), _pick(rng, ["000", "0", "", "001"])
        if reg in ("1212", "1202"):
            a = _pick(rng, [f"DUSUN {_pick(rng, ROMAN[:5])}", f"HUTA {vname}",
                            f"LUMBAN {_pick(rng, ['Dolok', 'Toruan', 'Julu', 'Jae', 'Pea', 'Nabolon'])}",
                            f"JL. {_pick(rng, STREET[reg])} NO. {rng.integers(1, 200)}"])
            return a.upper(), _pick(rng, ["000", "000", "0", ""]), _pick(rng, ["000", "000", "0", ""])
        if reg == "5307":
            a = _pick(rng, [f"DUSUN {_pick(rng, ['Wairita', 'Watuliti', 'Kloangpopot', 'Nangahure', 'Wuring', 'Kota Baru'])}",
                            f"JL. {_pick(rng, STREET['5307'])}", f"KAMPUNG {vname}"])
            return a.upper(), f"{rng.integers(1, 20):03d}", f"{rng.integers(1, 8):03d}"
        if reg == "9501":
            a = _pick(rng, [f"KAMPUNG {vname}", f"JL. {_pick(rng, STREET['9501'])}", "-", vname])
            return a.upper(), _pick(rng, ["000", "0", "", "001"]), _pick(rng, ["000", "0", "", "001"])
        return f"DESA {vname}".upper(), "000", "000"

    def birthplace(self, culture, regency, nikdist, birth):
        rng = self.rng
        og = nikdist[:4] if nikdist[:4] in BP else regency
        if og == "9102":
            og = "9501"
        if rng.random() < .15 and culture not in NATIVE.get(regency, set()):
            og = _pick(rng, ORIGIN.get(culture, [regency]))
        bp = _pick(rng, BP.get(og, BP.get(regency, ["-"])))
        if bp == "Makassar" and 1971 <= birth.year <= 1999 and rng.random() < .5:
            bp = "Ujung Pandang"
        if bp == "Banda Aceh" and birth.year < 1963 and rng.random() < .4:
            bp = "Kutaraja"
        if bp == "Jayapura" and birth.year < 1968 and rng.random() < .5:
            bp = "Hollandia"
        return bp

    # ---- building the population
    def person(self, culture, sex, birth, hh, name, marital, order=1, twin_of=None):
        rng = self.rng
        regency = hh.village[:4]
        if twin_of is not None:
            nikdist, rdate, ph = twin_of.nikdist, twin_of.rdate, twin_of.placeholder
        else:
            nikdist = self.nik_prefix(culture, hh.district, regency)
            rdate, ph = _placeholder(rng, birth, self.cfg, culture, regency)
        p = Person(pid=len(self.people), culture=culture, sex=sex, birth=birth, rdate=rdate,
                   placeholder=ph, name=name, style=None, bplace=None, nik=None, nik_date=rdate,
                   marital=marital, hh=hh, age=_age(rdate), nikdist=nikdist, order=order,
                   spouse=None)
        p.style = new_style(rng, name, p.age)
        p.bplace = twin_of.bplace if twin_of is not None else \
            self.birthplace(culture, regency, nikdist, birth)
        if twin_of is None:
            p.nik = self.nik_str(nikdist, rdate, sex, self.take_serial(nikdist, rdate, 1, ph)[0])
        self.people.append(p)
        hh.members.append(p)
        return p

    def household(self, village):
        rng = self.rng
        cfg = self.cfg
        reg = village[:4]
        culture = _wpick(rng, cfg["mix"][reg])
        alamat, rt, rw = self.address(village, culture)
        hh = Household(hid=len(self.households), village=village, district=village[:6],
                       nkk=self.new_nkk(village[:6]), alamat=alamat, rt=rt, rw=rw,
                       culture=culture)
        self.households.append(hh)
        ctx = {"urban": cfg["urban"], "marga_w": self.vmarga[village]}
        inherit = {}
        if culture in ("bugis", "makassar") and rng.random() < .12:
            inherit["andi"] = True
        if culture == "aceh" and rng.random() < .08:
            inherit["teuku"] = True
        if culture == "bali":
            r = rng.random()
            inherit["caste"] = "brahmana" if r < .03 else "agung" if r < .05 else \
                "gusti" if r < .08 else "dewa" if r < .09 else None
        if culture == "sasak" and rng.random() < .15:
            inherit["lalu"] = True
        if culture == "chinese":
            inherit["oldsur"] = _pick(rng, POOL["chinese_old_sur"])
        fam = family_token(rng, culture, ctx)
        young = cfg["urban"] and rng.random() < .10
        head_age = int(rng.integers(19, 30)) if young else int(min(88, max(20, rng.normal(46, 13))))
        widowed_f = head_age >= 55 and rng.random() < .14
        head_sex = "P" if widowed_f else "L"
        hb = _age_date(rng, head_age, head_age)
        married = (not young) and (head_age >= 23) and rng.random() < .93
        hname = make_name(rng, culture, head_sex, head_age, fam=fam, inherit=inherit, ctx=ctx)
        if widowed_f and culture == "batak":
            # a widow heading the card: her own marga, not the family's
            hname.fam = _wpick(rng, ctx["marga_w"])
        head = self.person(culture, head_sex, hb, hh, hname,
                           "P" if widowed_f else ("S" if married else "B"))
        spouse = None
        if married and not widowed_f:
            sc = culture if rng.random() < .9 else _wpick(rng, cfg["mix"][reg])
            s_age = max(17, head_age - int(rng.integers(-2, 9)))
            sfam = family_token(rng, sc, ctx)
            if sc == "batak":
                while sfam == fam:
                    sfam = _wpick(rng, ctx["marga_w"])
            if sc == "chinese":
                sfam = None if rng.random() < .6 else sfam
            sname = make_name(rng, sc, "P", s_age, fam=sfam,
                              inherit={"caste": None} if sc == "bali" else {}, ctx=ctx)
            if sc == "bali" and culture == "bali" and inherit.get("caste") and rng.random() < .3:
                sname.pre = ["Jero"]
            if sc == "batak" and culture == "batak":
                sname.hfam = fam
            spouse = self.person(sc, "P", _age_date(rng, s_age, s_age), hh, sname, "S")
            head.spouse, spouse.spouse = spouse.pid, head.pid
        # adult children
        kids = 0
        if married or widowed_f:
            lam = 0 if head_age < 38 else .7 if head_age < 45 else 1.4 if head_age < 60 else 1.1
            kids = int(rng.poisson(lam))
        order = int(rng.integers(1, 3))
        children = []
        fs_rate = .06 if self.shape in ("east",) else .025
        for _ in range(kids):
            c_age = head_age - int(rng.integers(20, 40))
            if c_age < 17:
                continue
            sex = "L" if rng.random() < .5 else "P"
            cb = _age_date(rng, c_age, c_age)
            cname = make_name(rng, culture, sex, c_age, fam=fam, inherit=inherit, order=order,
                              ctx=ctx)
            kind = None
            if sex == "L" and head_sex == "L" and rng.random() < fs_rate and \
                    culture in ("papua", "flores", "timor", "chinese", "bugis", "makassar",
                                "batak", "toraja", "aceh", "java"):
                cname = hname.copy()
                cname.pre = [t for t in cname.pre if t not in ("H.", "Hj.", "Teungku", "Dt.")]
                cname.post = []
                cname.old = None
                kind = "father_son"
            elif sex == "P" and spouse is not None and rng.random() < fs_rate and \
                    spouse.culture in ("papua", "flores", "timor") and culture == spouse.culture:
                cname = spouse.name.copy()
                cname.fam = fam if culture != "papua" else cname.fam
                kind = "mother_daughter"
            marital = "B" if (c_age < 25 or rng.random() < .55) else "S"
            ch = self.person(culture, sex, cb, hh, cname, marital, order=order)
            if kind:
                if kind == "father_son":
                    ch.style = dict(head.style)
                    ch.style["pre_drop"] = set(ch.style["pre_drop"])
                    ch.style["pre_abbr"] = set()
                    ch.style["post"] = False
                    ch.name.spell = dict(head.name.spell)
                    self.look.append((head.pid, ch.pid, "father_son"))
                else:
                    ch.name.spell = dict(spouse.name.spell)
                    self.look.append((spouse.pid, ch.pid, "mother_daughter"))
            children.append(ch)
            # twins
            if rng.random() < .018:
                tsex = sex if rng.random() < .6 else ("P" if sex == "L" else "L")
                tname = self.twin_name(cname, culture, tsex, c_age, fam, inherit, order, ctx)
                ndate = ch.rdate
                prefix = ch.nikdist
                s1, s2 = self.take_serial(prefix, ndate, 2, ch.placeholder)
                ch.nik = self.nik_str(prefix, ndate, ch.sex, s1)
                tw = self.person(culture, tsex, ch.birth, hh, tname, ch.marital, order=order + 1,
                                 twin_of=ch)
                tw.nik = self.nik_str(prefix, ndate, tsex, s2)
                self.look.append((ch.pid, tw.pid, "twin"))
                children.append(tw)
                order += 1
            order += 1
        # sibling look-alikes (share family token or given token)
        for a, b in combinations(children, 2):
            if (a.pid, b.pid, "twin") in self.look:
                continue
            ta = set(render(a.name, a.style).split()) - {"I", "NI", "BR"}
            tb = set(render(b.name, b.style).split()) - {"I", "NI", "BR"}
            if ta & tb:
                self.look.append((a.pid, b.pid, "sibling"))
        # an elderly parent living with the family
        if head_age < 58 and rng.random() < .07:
            g_age = min(95, head_age + int(rng.integers(20, 35)))
            gsex = "P" if rng.random() < .7 else "L"
            gfam = fam if gsex == "L" else family_token(rng, culture, ctx)
            gname = make_name(rng, culture, gsex, g_age, fam=gfam, inherit=inherit, ctx=ctx)
            self.person(culture, gsex, _age_date(rng, g_age, g_age), hh, gname, "P")
        return hh

    def twin_name(self, cname, culture, sex, age, fam, inherit, order, ctx):
        """A twin's name: never the co-twin's name (parents give twins different names)."""
        for _ in range(20):
            t = self._twin_name(cname, culture, sex, age, fam, inherit, order, ctx)
            if t.key() != cname.key():
                return t
        t.given = t.given + ["Kedua"] if culture != "bali" else t.given + ["Kembar"]
        return t

    def _twin_name(self, cname, culture, sex, age, fam, inherit, order, ctx):
        rng = self.rng
        t = make_name(rng, culture, sex, age, fam=fam, inherit=inherit, order=order + 1, ctx=ctx)
        if culture == "bali" and rng.random() < .6:
            t.given = list(cname.given)   # I Putu Adi Saputra / I Kadek Adi Saputra
        elif culture in ("aceh", "bugis", "makassar", "mand") and sex == "L" and rng.random() < .5:
            t.given = [{"Hasan": "Husain", "Hasanuddin": "Husainuddin"}.get(g, g) for g in cname.given]
            if t.given == cname.given:
                t.given = ["Hasan"] if cname.given[0] != "Hasan" else ["Husain"]
                cname.given = ["Husain"] if t.given == ["Hasan"] else ["Hasan"]
        elif len(cname.given) >= 2 and rng.random() < .5:
            t.given = [cname.given[0]] + t.given[-1:]   # Maria Fransiska / Maria Goreti
        return t

    # ---- rows
    def base_row(self, p, hh=None):
        hh = hh or p.hh
        return {"pid": p.pid, "hh": hh.hid, "nkk": hh.nkk, "nik": p.nik, "nama": render(p.name, p.style),
                "tempat": p.bplace.upper(), "tgl": p.rdate, "status": p.marital, "jk": p.sex,
                "alamat": hh.alamat, "rt": hh.rt, "rw": hh.rw, "desa": hh.village, "sep": "-",
                "dup": None}

    def choose_dest_village(self, v):
        rng = self.rng
        vs = self.villages
        if len(vs) == 1:
            return v
        same_d = [x for x in vs if x[:6] == v[:6] and x != v]
        same_r = [x for x in vs if x[:4] == v[:4] and x[:6] != v[:6]]
        other_r = [x for x in vs if x[:4] != v[:4]]
        r = rng.random()
        if self.shape == "batak":
            order = [(.5, same_d), (.85, same_r), (1.0, other_r)]
        elif self.shape == "east":
            order = [(.4, same_d), (.9, same_r), (1.0, other_r)]
        elif self.shape == "mixed_city":
            order = [(.4, same_d), (1.0, same_r)]
        else:
            order = [(1.0, same_d)]
        for lim, pool in order:
            if r < lim and pool:
                return _pick(rng, pool)
        return _pick(rng, [x for x in vs if x != v])

    def perturb_name(self, p, st, nm, strength):
        """A re-written name: returns (Name, style)."""
        rng = self.rng
        nm = nm.copy()
        st = {k: (set(v) if isinstance(v, set) else v) for k, v in st.items()}
        if rng.random() < .45 * strength:
            for t in list(nm.spell):
                if t in VAR and rng.random() < .6:
                    nm.spell[t] = _spell(rng, t, weighted=False)
        for i, t in enumerate(nm.pre):
            r = rng.random()
            if r < .22 * strength and t in DROPPABLE and not (i == 0 and tuple(nm.pre[:2]) in CASTE_ABBR):
                st["pre_drop"].symmetric_difference_update({i})
            elif r < .40 * strength and t in ABBR:
                st["pre_abbr"].symmetric_difference_update({i})
        if tuple(nm.pre[:2]) in CASTE_ABBR and rng.random() < .35 * strength:
            st["caste"] = None if st.get("caste") else _pick(rng, CASTE_ABBR[tuple(nm.pre[:2])])
        if nm.given and nm.given[0] == "Muhammad" and len(" ".join(nm.given).split()) >= 2 \
                and rng.random() < .4 * strength:
            st["muh"] = _pick(rng, ["Muhammad", "M.", "Muh.", "Mhd.", "Moh.", "Muhamad"])
        if nm.br and rng.random() < .35 * strength:
            st["br"] = _pick(rng, ["Br", "Br.", "Boru", "", "Br"])
        if nm.daeng and rng.random() < .4 * strength:
            st["daeng"] = _pick(rng, ["Dg.", "Daeng", "Dg", ""])
        if nm.post and rng.random() < .5:
            st["post"] = not st["post"]
        ng = len(nm.given)
        if ng >= 2:
            k = int(rng.integers(1, ng))
            rest = [g for j, g in enumerate(nm.given) if j != k]
            keeps_meaning = bool(nm.fam) or any(g not in GENERIC for g in rest)
            if keeps_meaning and rng.random() < .10 * strength:
                st["given_abbr"].add(k)
            elif keeps_meaning and rng.random() < .05 * strength:
                st["given_drop"].add(k)
        if nm.fam and rng.random() < .02 * strength:
            st["order"] = "famfirst"
        if nm.old and rng.random() < .25:
            st["old"] = True
        return nm, st

    def damaged(self, r, strength, nik_policy=None):
        """Apply field damage to an extra row (in place)."""
        rng = self.rng
        p = self.people[r["pid"]]
        nm, st = self.perturb_name(p, p.style, p.name, strength)
        r["nama"] = render(nm, st)
        if rng.random() < .12 * strength:
            r["nama"] = _typo(rng, r["nama"])
        # NIK
        nik = r["nik"]
        if nik_policy == "keep" or not nik:
            pass
        else:
            k = rng.random()
            base_missing = .08 if nik_policy is None else nik_policy
            if k < base_missing:
                nik = ""
            elif k < base_missing + .05 * strength:
                nik = self.nik_typo(nik)
            elif k < base_missing + .07 * strength:
                i = int(rng.integers(6, 15))
                nik = nik[:i] + nik[i + 1] + nik[i] + nik[i + 2:]
            elif k < base_missing + .085 * strength:
                nik = nik[:-1] if rng.random() < .5 else nik + str(rng.integers(10))
        r["nik"] = nik
        # date
        d = r["tgl"]
        k = rng.random()
        if k < .05 * strength and d.day <= 12 and d.day != d.month:
            d = dt.date(d.year, d.day, d.month)
            r["dmg_date"] = "swap"
        elif k < .08 * strength:
            y = str(d.year)
            i = int(rng.integers(2, 4))
            ny = int(y[:i] + str((int(y[i]) + int(rng.choice([-1, 1, 2, -2, 5]))) % 10) + y[i + 1:])
            try:
                d = dt.date(ny, d.month, d.day)
                r["dmg_date"] = "year"
            except ValueError:
                pass
        elif k < .10 * strength:
            d = d + dt.timedelta(days=int(rng.choice([-1, 1])))
            r["dmg_date"] = "day"
        r["tgl"] = d
        if rng.random() < .18 * strength:
            bp = r["tempat"].title()
            if bp in BP_VAR:
                r["tempat"] = _pick(rng, BP_VAR[bp]).upper()
            elif rng.random() < .3:
                r["tempat"] = _typo(rng, r["tempat"])
        if rng.random() < .01:
            r["jk"] = "P" if r["jk"] == "L" else "L"
        return r

    def nik_typo(self, nik):
        rng = self.rng
        i = int(rng.integers(0, 16))
        if i < 6:
            i = int(rng.integers(6, 16))
        c = str((int(nik[i]) + int(rng.integers(1, 10))) % 10)
        return nik[:i] + c + nik[i + 1:]

    def placeholder_sub(self, r, p):
        """One row shows a placeholder where the other shows a (corrected) real date."""
        rng = self.rng
        if p.placeholder:
            if rng.random() < .5:
                r["tgl"] = p.birth if _age(p.birth) >= 17 else r["tgl"]
            else:
                y = p.rdate.year
                r["tgl"] = _pick(rng, [dt.date(y, 7, 1), dt.date(y, 1, 1), dt.date(y, 12, 31)])
        else:
            y = p.birth.year
            r["tgl"] = _pick(rng, [dt.date(y, 12, 31), dt.date(y, 7, 1), dt.date(y, 1, 1),
                                   dt.date(y, p.birth.month, 15)])
        r["dmg_date"] = "placeholder"

    def extra_row(self, p, scen):
        rng = self.rng
        r = self.base_row(p)
        r["dup"] = scen
        if scen == "identical":
            return r
        if scen == "rereg":
            if rng.random() < .5:
                # another household in the same village (a relative's card) or a new card
                cands = [h for h in self.by_village.get(p.hh.village, []) if h is not p.hh]
                if cands and rng.random() < .6:
                    h = _pick(rng, cands)
                    r.update(hh=h.hid, nkk=h.nkk, alamat=h.alamat, rt=h.rt, rw=h.rw)
                else:
                    h = self.new_hh(p.hh.village, p.culture)
                    r.update(hh=h.hid, nkk=h.nkk, alamat=h.alamat, rt=h.rt, rw=h.rw)
            return self.damaged(r, .8)
        if scen == "mover":
            dv = self.choose_dest_village(p.hh.village)
            if rng.random() < .35:
                cands = [h for h in self.by_village.get(dv, []) if h is not p.hh]
                h = _pick(rng, cands) if cands else self.new_hh(dv, p.culture)
            else:
                h = self.new_hh(dv, p.culture)
            r.update(hh=h.hid, nkk=h.nkk, alamat=h.alamat, rt=h.rt, rw=h.rw, desa=h.village)
            if rng.random() < .15 and p.marital == "B":
                r["status"] = "S"
            return self.damaged(r, .9, nik_policy=.10)
        if scen == "marriage":
            # the stale maiden row in her parents' card
            cands = [h for h in self.households if h.culture == p.culture and h is not p.hh and
                     h.members and (p.culture != "batak" or h.members[0].name.fam == p.name.fam)]
            near = [h for h in cands if h.village[:6] == p.hh.village[:6]]
            pool = near if (near and rng.random() < .7) else cands
            h = _pick(rng, pool) if pool else self.new_hh(self.choose_dest_village(p.hh.village),
                                                        p.culture)
            r.update(hh=h.hid, nkk=h.nkk, alamat=h.alamat, rt=h.rt, rw=h.rw, desa=h.village,
                     status="B")
            r = self.damaged(r, .6, nik_policy=.08)
            # the maiden row keeps the maiden form; the current row may carry the husband's marga
            if p.culture == "batak" and p.name.hfam and rng.random() < .35:
                st = dict(p.style)
                st["hfam"] = "replace"
                p.flags["hfam_current"] = render(p.name, st)
            return r
        if scen == "coklit":
            if rng.random() < .3:
                cands = [h for h in self.by_village.get(p.hh.village, []) if h is not p.hh]
                if cands:
                    h = _pick(rng, cands)
                    r.update(hh=h.hid, nkk=h.nkk, alamat=h.alamat, rt=h.rt, rw=h.rw)
            if rng.random() < .25:
                self.placeholder_sub(r, p)
            return self.damaged(r, 1.3, nik_policy=.35)
        raise ValueError(scen)

    def new_hh(self, village, culture):
        alamat, rt, rw = self.address(village, culture)
        h = Household(hid=len(self.households), village=village, district=village[:6],
                      nkk=self.new_nkk(village[:6], 2012), alamat=alamat, rt=rt, rw=rw,
                      culture=culture)
        self.households.append(h)
        self.by_village.setdefault(village, []).append(h)
        return h

    # ---- whole list
    def build(self, n_rows):
        rng = self.rng
        cfg = self.cfg
        vs = self.villages
        w = np.array([self.vweight[v] for v in vs])
        w = w / w.sum()
        target = int(n_rows / (1 + cfg["dup_rate"]) * 1.02) + 20
        while len(self.people) < target:
            self.household(vs[rng.choice(len(vs), p=w)])
        self.by_village = {}
        for h in self.households:
            self.by_village.setdefault(h.village, []).append(h)
        self.inject_namesakes()
        self.inject_shared_nik()
        rows = []
        for p in self.people:
            rows.append(self.base_row(p))
        # duplicates
        order = rng.permutation(len(self.people))
        ndup = int(round(len(self.people) * cfg["dup_rate"]))
        chosen = []
        for i in order:
            p = self.people[i]
            if p.flags.get("no_dup"):
                continue
            chosen.append(p)
            if len(chosen) >= ndup:
                break
        for p in chosen:
            k = 2 if rng.random() < .05 else 1
            for _ in range(k):
                scen = _wpick(rng, cfg["scen"])
                if scen == "marriage" and not (p.sex == "P" and p.marital == "S" and
                                               p.spouse is not None):
                    scen = "rereg"
                rows.append(self.extra_row(p, scen))
        # Batak married women listed under the husband's marga in their current row
        for r in rows:
            p = self.people[r["pid"]]
            if r["dup"] is None and "hfam_current" in p.flags:
                r["nama"] = p.flags["hfam_current"]
        self.rows = rows
        self.list_damage()
        return self.frame(n_rows)

    def inject_namesakes(self):
        """Unrelated people of one village given the same name; some also the same
        placeholder birth date and NIK district (namesake_placeholder)."""
        rng = self.rng
        rate = self.cfg.get("namesakes", .012)
        byv = {}
        for p in self.people:
            if p.hh.members and p.hh.members[0] is p and p.culture in (
                    "batak", "papua", "flores", "aceh", "bugis", "makassar", "bali", "timor", "java"):
                byv.setdefault((p.hh.village, p.culture, p.sex), []).append(p)
        n = int(len(self.people) * rate)
        keys = [k for k, v in byv.items() if len(v) >= 2]
        done = set()
        for _ in range(n):
            if not keys:
                break
            k = keys[rng.integers(len(keys))]
            a, b = rng.choice(len(byv[k]), 2, replace=False)
            pa, pb = byv[k][a], byv[k][b]
            if pa.pid in done or pb.pid in done or pa.spouse == pb.pid:
                continue
            done |= {pa.pid, pb.pid}
            pb.name = pa.name.copy()
            pb.style = dict(pa.style)
            pb.style["pre_drop"] = set(pa.style["pre_drop"])
            pb.style["pre_abbr"] = set(pa.style["pre_abbr"])
            kind = "namesake"
            if pa.placeholder and abs(pa.rdate.year - pb.birth.year) <= 6 and rng.random() < .6:
                # same placeholder date and same NIK district: NIKs differ in the serial only
                pb.rdate, pb.placeholder, pb.nikdist = pa.rdate, True, pa.nikdist
                pb.nik = self.nik_str(pb.nikdist, pb.rdate, pb.sex,
                                      self.take_serial(pb.nikdist, pb.rdate, 1, True)[0])
                pb.bplace = pa.bplace
                kind = "namesake_placeholder"
            self.look.append((pa.pid, pb.pid, kind))

    def inject_shared_nik(self):
        """A clerk copies the head's NIK, or the NKK, into a member's NIK field; dummy NIKs."""
        rng = self.rng
        rate = self.cfg["shared_nik"]
        for h in self.households:
            if len(h.members) < 2:
                continue
            r = rng.random()
            if r < rate:
                head, m = h.members[0], h.members[int(rng.integers(1, len(h.members)))]
                if m.nik == head.nik:
                    continue
                m.nik = head.nik
                m.flags["no_dup"] = True
                self.look.append((head.pid, m.pid, "shared_nik"))
            elif r < rate * 1.3:
                ms = h.members[:]
                for m in ms:
                    m.nik = h.nkk
                    m.flags["no_dup"] = True
                for a, b in combinations(ms, 2):
                    self.look.append((a.pid, b.pid, "shared_nik"))
        dr = self.cfg.get("dummy_nik", 0)
        if dr:
            groups = {}
            for p in self.people:
                if p.culture == "papua" and rng.random() < dr:
                    dummy = p.hh.village[:6] + "0000000000"
                    p.nik = dummy
                    p.flags["no_dup"] = True
                    groups.setdefault(dummy, []).append(p)
            for g in groups.values():
                for a, b in list(combinations(g, 2))[:200]:
                    self.look.append((a.pid, b.pid, "dummy_nik"))

    def list_damage(self):
        rng = self.rng
        cfg = self.cfg
        for r in self.rows:
            p = self.people[r["pid"]]
            nik = r["nik"] or ""
            miss = cfg["nik_missing"] * (2.5 if p.culture == "papua" else 1.0)
            if p.age >= 60 and self.shape == "east":
                miss *= 2
            k = rng.random()
            if nik and k < miss:
                nik = ""
            elif nik and k < miss + cfg["mask"]:
                nik = nik[:12] + "****"
            elif nik and len(nik) == 16 and k < miss + cfg["mask"] + cfg["sheet"]:
                nik = _pick(rng, [f"{nik[0]}.{nik[1:6]}E+15",
                                  nik + ".0", "'" + nik, f"{nik[:6]}.{nik[6:12]}.{nik[12:]}",
                                  f"{nik[:6]} {nik[6:12]} {nik[12:]}", nik + "0"])
            r["nik"] = nik
            if rng.random() < .015:
                r["sep"] = "/"

    def assign_tps(self):
        """Families in one TPS; TPS <= 300 voters; TPS numbered within the village."""
        rng = self.rng
        byv = {}
        for r in self.rows:
            byv.setdefault(r["desa"], {}).setdefault(r["hh"], []).append(r)
        for _v, hhs in byv.items():
            keys = sorted(hhs, key=lambda h: (self.households[h].rw, self.households[h].rt,
                                              self.households[h].alamat, h))
            tps, n = 1, 0
            cap = int(rng.integers(220, 300))
            for h in keys:
                k = len(hhs[h])
                if n + k > cap and n > 0:
                    tps, n, cap = tps + 1, 0, int(rng.integers(220, 300))
                for r in hhs[h]:
                    r["tps"] = tps
                n += k

    def frame(self, n_rows):
        rng = self.rng
        rows = self.rows
        if len(rows) > n_rows:
            # drop whole people chosen at random until the count fits
            perm = rng.permutation(len(self.people))
            cnt = {}
            for r in rows:
                cnt[r["pid"]] = cnt.get(r["pid"], 0) + 1
            excess = len(rows) - n_rows
            drop = set()
            for i in perm:
                if excess <= 0:
                    break
                c = cnt.get(int(i), 0)
                if c and c <= excess:
                    drop.add(int(i))
                    excess -= c
            rows = [r for r in rows if r["pid"] not in drop]
            if excess > 0:
                # still over: drop extra (duplicate) rows, never a person's only row
                keep, seen = [], {}
                for r in rows:
                    seen[r["pid"]] = seen.get(r["pid"], 0) + 1
                for r in rows:
                    if excess > 0 and r["dup"] is not None and seen[r["pid"]] > 1:
                        seen[r["pid"]] -= 1
                        excess -= 1
                        continue
                    keep.append(r)
                rows = keep
        self.rows = rows
        self.assign_tps()
        rows.sort(key=lambda r: (r["desa"], r["tps"], self.households[r["hh"]].rw,
                                 self.households[r["hh"]].rt, r["hh"], r["dup"] is not None))
        out = []
        no_in_tps = {}
        for i, r in enumerate(rows):
            key = (r["desa"], r["tps"])
            no_in_tps[key] = no_in_tps.get(key, 0) + 1
            d = r["tgl"]
            out.append({
                "id": f"{i + 1:07d}",
                "NO": no_in_tps[key],
                "NKK": r["nkk"], "NIK": r["nik"] or "", "NAMA": r["nama"],
                "TEMPAT LAHIR": r["tempat"],
                "TANGGAL LAHIR": f"{d.day:02d}{r['sep']}{d.month:02d}{r['sep']}{d.year:04d}",
                "STATUS PERKAWINAN": r["status"], "JENIS KELAMIN": r["jk"],
                "ALAMAT": r["alamat"], "RT": r["rt"], "RW": r["rw"], "KODE DESA": r["desa"],
                "TPS": f"{r['tps']:03d}", "_pid": r["pid"], "_dup": r["dup"] or "",
                "_dmg_date": r.get("dmg_date", ""),
            })
        df = pd.DataFrame(out).set_index("id")
        person = df.pop("_pid").rename("person")
        meta = df[["_dup", "_dmg_date"]].rename(columns=lambda c: c[1:])
        df = df.drop(columns=["_dup", "_dmg_date"])
        present = set(person.values)
        look = pd.DataFrame(
            [(a, b, k) for a, b, k in self.look if a in present and b in present and a != b],
            columns=["pid_a", "pid_b", "kind"]).drop_duplicates(["pid_a", "pid_b"])
        # organic namesakes: different people with the same rendered name in one district
        key = df["NAMA"] + "|" + df["KODE DESA"].str[:6]
        first = pd.DataFrame({"key": key, "pid": person}).drop_duplicates(["key", "pid"])
        org = []
        have = set(zip(look.pid_a, look.pid_b, strict=False)) | set(zip(look.pid_b, look.pid_a, strict=False))
        for _, g in first.groupby("key"):
            ps = sorted(set(g["pid"]))
            if len(ps) < 2:
                continue
            for a, b in list(combinations(ps[:40], 2)):
                if (a, b) not in have:
                    org.append((a, b, "namesake_organic"))
        look = pd.concat([look, pd.DataFrame(org, columns=["pid_a", "pid_b", "kind"])],
                         ignore_index=True)
        return df, {"person": person, "lookalike": look, "meta": meta}


def gen(n_rows: int, shape: str = "village", seed: int = 0):
    """A DPT-style list of exactly n_rows rows
    and its ground truth.  See the module docstring for the shapes and the error model."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {sorted(SHAPES)}")
    g = Gen(shape, seed)
    return g.build(n_rows)


def listed(n_rows: int, shape: str, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`gen` as the independent generator gives its lists: the frame with ``id``
    and ``_pid`` columns (truth columns start with ``_``) and the look-alikes
    (``pid_a``, ``pid_b``, ``kind``). ``NO`` stays: it repeats per TPS, as on the form."""
    frame, truth = gen(n_rows, shape, seed)
    people = truth["person"].reindex(frame.index).to_numpy()
    return frame.reset_index().assign(_pid=people), truth["lookalike"]


if __name__ == "__main__":
    import sys
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    for sh in SHAPES:
        df, t = gen(n, sh, 1)
        print(sh, df.shape, "persons", t["person"].nunique(),
              t["lookalike"].kind.value_counts().to_dict())
        print(df.sample(8, random_state=1).to_string())
