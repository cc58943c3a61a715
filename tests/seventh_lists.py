"""A seventh, independent generator of Indonesian voter lists (DPT) with ground truth.

Written by a helper from DOMAIN.md and general knowledge of Indonesia, without reading
``sidalih.synth``, the hand-written villages or the code of the other generators (only
their public shape: :func:`gen`, :func:`listed`, the column names). Village, district and
successor codes are real Kemendagri codes, copied by hand from the public region tables
(Permendagri 72/2019, Kepmendagri 2022 and 2025); hamlet, street and person names are
invented. Used by ``benchmarks/bench_independent.py --generator seventh``.

What it stresses, beyond the earlier generators:

* Regional naming. Balinese names (I/Ni, Luh, birth-order words Wayan/Putu/Gede,
  Made/Kadek/Nengah, Nyoman/Komang, Ketut, caste titles Ida Bagus, Ida Ayu, Anak Agung,
  Cokorda, I Gusti, I Dewa, Desak), where siblings are named by birth order and may
  share the rest of the name. Toba Batak (given name + marga, women ``br.`` + marga,
  a village dominated by two or three marga) and Angkola/Mandailing Batak (Muslim, marga).
  Minangkabau (single names, adat titles ``Dt. ...`` after the name). Bugis (``Andi``,
  hajj titles), Makassar (``Daeng`` names), Toraja (apostrophes: ``Kila'``). Acehnese
  (``Teuku``/``T.``, ``Cut``, ``Tgk.``, ``M.``/``Muhammad``). Riau Malay (``Tengku``,
  ``Raja``). Papuan highland and coastal clans, Ambonese ``fam`` names (Christian and
  Muslim), Flores Catholic names, Butonese ``La``/``Wa``/``La Ode``. Javanese
  transmigrants with single names (Sukarno style). Muslim patronymics ``bin``/``binti``
  + father's name on some records only. Titles gained later (``H.``/``Hj.`` after the
  hajj, ``Drs.``, ``S.Pd.``, ``S.Th.``, ``Pdt.``).
* Data entry. OCR and typing confusions inside the NIK (letters O/D for 0, I/l for 1,
  Z for 2, S for 5, G/b for 6, B for 8; or every 0 typed as the letter O), a record
  typed twice with day and month swapped, ALL CAPS against Title Case, double spaces,
  trailing dots, no space after a dot, a region split (pemekaran: Jayawijaya 9102 →
  9501 and Mimika 9109 → 9404 in 2022, Barumun 122107 → Barumun Baru 122113 and
  Mangarabombang 730502 → Laikang 730512 in 2025; the person is listed under the old
  and the new village code, the NIK keeps the old district), movers to a neighbouring
  village with a new family card (NKK), married Ambonese/Batak/Flores women listed
  with their husband's family name, the Makassar ``Daeng`` name or a Papuan clan name
  present on one record only.
* Look-alikes that are two people (``kind`` of the look-alike pairs):
  ``bali_sibling`` (one card, names that differ only in the birth-order word, different
  birth dates), ``twin`` (one card, one date, consecutive NIK serials; Balinese twins
  differ only in the birth-order word), ``father_son`` (a son named after his father,
  ``Jr.`` on some records), ``namesake_placeholder`` (unrelated, same name, same village,
  same placeholder date 31-12/01-07/01-01, NIK serials a few apart), ``batak_namesake``
  (unrelated, same given name and marga in one village, different dates).

Usage::

    voters, truth = gen(5000, "bali", seed=1)
    frame, look = listed(5000, "bali", 1)     # as bench_independent reads it

``voters`` has ``id, nkk, nik, nama, tempat_lahir, tanggal_lahir, status_kawin,
jenis_kelamin, alamat, rt, rw, kode_desa, tps, ektp``, every value text, dates
``DD-MM-YYYY`` (some ``DD/MM/YYYY``), rows shuffled. ``truth`` has ``id, person_id,
culture, kind`` (``original`` for a person's first record, ``duplicate_<error>`` for
each further one), ``errors`` (every error of that record, ``+``-joined), ``neg_kind``
and ``neg_group`` (the look-alike group of the person, -1 for none).

Profiles (``PROFILES``): ``bali`` (Gianyar and Tabanan), ``batak`` (Tapanuli Utara and
Padang Lawas with its 2025 district split), ``sulsel`` (Makassar, Takalar with its 2025
split), ``aceh_minang`` (Banda Aceh, Sabang with its 2025 split, Padang, Agam),
``papua_maluku`` (Jayawijaya and Mimika after the 2022 province split, Jayapura, Ambon),
``mixed`` (Batam: migrants from everywhere). About 10-15 % of people have a second
record (a tenth of them a third). Any ``n_records`` of 10 or more works.

Every random draw comes from one ``random.Random``: the same arguments give the same list.
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


def _pool(text: str) -> list[tuple[str, ...]]:
    """``"A/B C D/E/F"`` -> ``[("A", "B"), ("C",), ("D", "E", "F")]``: one name per
    space-separated item, its spellings split on ``/`` (the first is the usual one);
    ``_`` stands for a space inside a name."""
    return [tuple(s.replace("_", " ") for s in item.split("/")) for item in text.split()]


# ---------------------------------------------------------------------------
# Places: real codes. (code, name); a split village is (new code, name, old code).
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Village:
    code: str          # the code on the current list
    name: str
    old: str           # the code before a split ("" when the village was not moved)
    kind: str          # desa / kel
    town: str          # birth place of the locals
    hamlet: str        # how an address starts: Banjar, Huta, Lorong, Jl., Kampung
    places: tuple[str, ...]
    rtrw: bool         # RT/RW used (Balinese banjar and Papuan kampung often leave them 0)
    case: str          # how this village's clerk types names: upper / title

    @property
    def district(self) -> str:
        return self.code[:6]

    @property
    def nik_district(self) -> str:
        """The district in NIKs issued before the split."""
        return (self.old or self.code)[:6]


AREAS: dict[str, dict] = {
    "gianyar": dict(
        villages=[("5104012001", "Batubulan"), ("5104012002", "Ketewel"),
                  ("5104012004", "Sukawati"), ("5104012005", "Celuk"),
                  ("5104012006", "Singapadu"), ("5104012007", "Batuan"),
                  ("5104022003", "Keramas"), ("5104022005", "Blahbatuh"),
                  ("5104022007", "Bedulu")],
        kind="desa", town="Gianyar/Kab. Gianyar/Gianyar Bali/Gyr", hamlet="Banjar",
        places="Tengah Kaja Kelod Kangin Kauh Dangin_Puri Delod_Pasar Pekandelan Tegal "
               "Sema Gede Anyar Babakan", rtrw=0.2),
    "tabanan": dict(
        villages=[("5102062001", "Bengkel"), ("5102062004", "Beraban"),
                  ("5102062007", "Kaba-kaba"), ("5102062009", "Pandak Bandung"),
                  ("5102062012", "Pejaten")],
        kind="desa", town="Tabanan/Kab. Tabanan/Tbn", hamlet="Banjar",
        places="Tengah Kaja Kelod Anyar Dukuh Pondok Belong Sakenan Munduk", rtrw=0.2),
    "taput": dict(
        villages=[("1202012008", "Parbubu I"), ("1202012010", "Hutapea Banuarea"),
                  ("1202012012", "Hutauruk"), ("1202092004", "Sitampurung"),
                  ("1202092006", "Bahal Batu I"), ("1202092009", "Lobu Siregar I"),
                  ("1202092011", "Pohan Julu")],
        kind="desa", town="Tarutung/Taput/Tapanuli Utara/Siborongborong/Siborong-borong",
        hamlet="Huta", places="Lumban_Tonga Sosor_Dolok Banjar_Nahor Lumban_Julu "
        "Parsaoran Sipultak Lobu_Pining Huta_Tinggi", rtrw=0.4),
    "padanglawas": dict(
        villages=[("1221132002", "Hasahatan Jae", "1221072009"),
                  ("1221132008", "Siolip", "1221072010"),
                  ("1221132009", "Saba Rimba", "1221072011"),
                  ("1221132006", "Mompang", "1221072018"),
                  ("1221132001", "Hasahatan Julu", "1221072016")],
        kind="desa", town="Sibuhuan/Padang Lawas/Palas/Padangsidimpuan/P. Sidimpuan",
        hamlet="Dusun", places="I II III IV Julu Jae Tonga Pasar", rtrw=0.3),
    "makassar": dict(
        villages=[("7371071001", "Pannampu"), ("7371071004", "Rappojawa"),
                  ("7371071005", "Rappokalling"), ("7371071011", "Buloa"),
                  ("7371091001", "Karuwisi"), ("7371091004", "Pampang"),
                  ("7371091007", "Masale"), ("7371091010", "Sinrijala")],
        kind="kel", town="Makassar/Ujung Pandang/Ujungpandang/Kota Makassar/Mks",
        hamlet="Jl.", places="Kandea Tinumbu Sunu Abubakar_Lambogo Urip_Sumoharjo "
        "Pampang_Raya Racing_Centre Batua_Raya Tamalate Kerung-kerung Baji_Gau", rtrw=1.0),
    "takalar": dict(
        villages=[("7305122006", "Laikang", "7305022005"),
                  ("7305122001", "Panyangkalang", "7305022006"),
                  ("7305122002", "Bontoparang", "7305022009"),
                  ("7305122005", "Punaga", "7305022011"),
                  ("7305122004", "Cikoang", "7305022012")],
        kind="desa", town="Takalar/Kab. Takalar/Tkl/Galesong", hamlet="Dusun",
        places="Bontoa Bontolebang Kampung_Beru Puntondo Ujung Je'ne_Tallasa Bonto_Baddo",
        rtrw=1.0),
    "bandaaceh": dict(
        villages=[("1171032001", "Punge Jurong"), ("1171032002", "Ulee Lheue"),
                  ("1171032005", "Deah Baro"), ("1171032008", "Blang Oi"),
                  ("1171022002", "Peunayong"), ("1171022010", "Lampulo"),
                  ("1171022006", "Beurawe")],
        kind="desa", town="Banda Aceh/Kutaraja/B. Aceh/Bna/Aceh Besar",
        hamlet="Lorong", places="Teungoh Meunasah Tgk._Dianjong Kuta_Alam Lamteh "
        "Musafir Rahmat Mesjid Pante_Pirak", rtrw=0.5),
    "sabang": dict(
        villages=[("1172032001", "Iboih", "1172012001"),
                  ("1172032003", "Paya Seunara", "1172012003")],
        kind="desa", town="Sabang/Kota Sabang/Banda Aceh", hamlet="Jurong",
        places="Tgk._Chik Lhok_Weng Balohan Ujong_Batee", rtrw=0.5),
    "padang": dict(
        villages=[("1371111001", "Balai Gadang"), ("1371111003", "Aie Pacah"),
                  ("1371111008", "Padang Sarai"), ("1371111009", "Lubuk Buaya"),
                  ("1371111012", "Parupuk Tabing")],
        kind="kel", town="Padang/Kota Padang/Pdg/Pariaman/Bukittinggi/Bukit Tinggi",
        hamlet="Jl.", places="Adinegoro Bypass Raya_Tabing Kampung_Jambak Gurun_Laweh "
        "Durian_Tarung Perumnas_Lubuk_Buaya", rtrw=1.0),
    "agam": dict(
        villages=[("1306062001", "Padang Lua"), ("1306062003", "Pakan Sinayan"),
                  ("1306062004", "Kubang Putiah"), ("1306062006", "Cingkariang")],
        kind="desa", town="Agam/Bukittinggi/Bukit Tinggi/Bkt/Padang Lua", hamlet="Jorong",
        places="Koto_Tuo Pakan_Sabtu Lambah Tangah Ateh_Guguak Limo_Suku", rtrw=0.2),
    "wamena": dict(
        villages=[("9501011001", "Wamena Kota", "9102011001"),
                  ("9501011006", "Sinapuk", "9102011056"),
                  ("9501011007", "Sinakma", "9102011057"),
                  ("9501012002", "Honelama", "9102012015"),
                  ("9501012003", "Hulekama", "9102012025"),
                  ("9501012005", "Autakma", "9102012037"),
                  ("9501012009", "Honaima", "9102012059")],
        kind="desa", town="Wamena/Jayawijaya/Kab. Jayawijaya/Wmn", hamlet="Kampung",
        places="Wesaput Pikhe Homhom Sinakma Hom-hom Potikelek Ilekma Kama", rtrw=0.3),
    "timika": dict(
        villages=[("9404011001", "Koperapoka", "9109011001"),
                  ("9404011002", "Kwamki", "9109011002"),
                  ("9404011003", "Timika Jaya", "9109011007"),
                  ("9404011009", "Wanagon", "9109011028"),
                  ("9404011012", "Perintis", "9109011031")],
        kind="kel", town="Timika/Mimika/Kab. Mimika/Tembagapura", hamlet="Jl.",
        places="Yos_Sudarso Budi_Utomo Cendrawasih Hasanuddin Bhayangkara Sam_Ratulangi "
        "C._Heatubun Serui_Mekar", rtrw=1.0),
    "jayapura": dict(
        villages=[("9171031002", "Asano"), ("9171031010", "Yobe"),
                  ("9171031012", "Kota Baru"), ("9171032004", "Enggros")],
        kind="kel", town="Jayapura/Kota Jayapura/Hollandia/Abepura/Sentani/Biak/Serui",
        hamlet="Jl.", places="Raya_Abepura Kotaraja Padang_Bulan Waena Entrop Tanah_Hitam",
        rtrw=1.0),
    "ambon": dict(
        villages=[("8171021011", "Rijali"), ("8171021013", "Karang Panjang"),
                  ("8171021016", "Batu Gajah"), ("8171021017", "Uritetu"),
                  ("8171011009", "Kudamati"), ("8171011011", "Urimessing"),
                  ("8171012004", "Amahusu")],
        kind="kel", town="Ambon/Kota Ambon/Amb/Saparua/Masohi/Tulehu", hamlet="Jl.",
        places="Dr._Kayadoe A._Y._Patty Sultan_Babullah Pattimura Tulukabessy Batu_Merah "
        "Kapaha Mardika Lorong_Arab", rtrw=1.0),
    "batam": dict(
        villages=[("2171111001", "Tembesi"), ("2171111002", "Sungai Binti"),
                  ("2171111004", "Sagulung Kota"), ("2171111005", "Sungai Langkai"),
                  ("2171121001", "Tanjung Uncang"), ("2171121002", "Buliang"),
                  ("2171121003", "Kibing"), ("2171121004", "Bukit Tempayan")],
        kind="kel", town="Batam/Kota Batam/Btm/Tanjung Pinang/Tanjungpinang/Tj. Pinang",
        hamlet="Perum.", places="Griya_Permata Putra_Jaya Tiban_Indah Bukit_Raya "
        "Sagulung_Baru Villa_Mukakuning Taman_Cipta_Asri Kavling_Lama", rtrw=1.0),
}

# Where migrants' NIKs were first issued: district codes, with the birth town.
ORIGINS: dict[str, list[tuple[str, str]]] = {
    "jawa": [("330601", "Purworejo"), ("331001", "Klaten"), ("350401", "Tulungagung"),
             ("352201", "Bojonegoro"), ("340301", "Gunungkidul"), ("320501", "Garut"),
             ("357805", "Surabaya"), ("330901", "Boyolali")],
    "bali": [("510401", "Gianyar"), ("510801", "Singaraja"), ("517101", "Denpasar"),
             ("510201", "Tabanan")],
    "batak": [("120201", "Tarutung"), ("121201", "Balige"), ("127101", "Medan"),
              ("127301", "Pematangsiantar"), ("121401", "Pangururan")],
    "bugis": [("730801", "Watampone"), ("731301", "Sengkang"), ("737101", "Makassar"),
              ("731101", "Sinjai")],
    "toraja": [("731801", "Makale"), ("732601", "Rantepao")],
    "minang": [("137101", "Padang"), ("137501", "Bukittinggi"), ("130601", "Agam")],
    "aceh": [("117101", "Banda Aceh"), ("111101", "Bireuen"), ("110701", "Sigli")],
    "flores": [("531001", "Maumere"), ("530901", "Larantuka"), ("531101", "Ende")],
    "ambon": [("817101", "Ambon"), ("810101", "Masohi"), ("810301", "Tual")],
    "buton": [("740201", "Baubau"), ("740101", "Pasarwajo"), ("740501", "Raha")],
    "melayu": [("217101", "Batam"), ("217201", "Tanjung Pinang"), ("210101", "Karimun")],
    "papua": [("910301", "Jayapura"), ("910601", "Biak"), ("910501", "Serui")],
}

# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

BALI_M = _pool(
    "Sudarma Suartana Artana Sukadana Wirawan Sudiarta Mertayasa Suarjana Budiasa "
    "Adnyana Arsana Sukarma Darmawan/Dharmawan Wiranata Suparta Sudana Kariasa Antara "
    "Sutama Mudiarta Parwata Astawa Widiana Ardana Sumerta/Sumertha Suardana Suryawan "
    "Sucipta Swastika Dharmayasa/Darmayasa Arnawa Sukerta/Sukertha Sudirta Wisnawa "
    "Kertiyasa Sudarsana Mahendra Pramana Ariawan Budiarta/Budiartha Arimbawa Juliarta "
    "Oka Raka Rai Alit Sadia Sukra Tantra Rasta Suwena Kasna Narta Landra Widnyana "
    "Merta/Mertha Arta/Artha Putra/Putera Suweca Wirata Sumadi Sutarja Sukada")
BALI_F = _pool(
    "Ariani Sukerti Suartini Sumiati/Sumiyati Widiastuti Wartini Darmini/Dharmini "
    "Sudiarti Yuliantari Suciati Mariani Sukasih Rusmini Suarni Widiasih Adnyani Astiti "
    "Sudiani Suastini Sriasih Suwarni Kariani Sukarni Mertasih Ratnawati Puspawati "
    "Arsini Rasmini Suryani Sukreni Sutarini Budiasih Wiratni Warsiki Srinadi Sekar "
    "Sunari Kompyang Sriyani Candrawati/Chandrawati Eka_Lestari Ayu_Lestari Artini")
BALI_YOUNG_FIRST = {"L": _pool("Agus Eka Dwi Adi Yoga Surya Arya"),
                    "P": _pool("Ayu Eka Dwi Sri Dewi Wulan Intan")}
# birth-order words; a family uses one row (older families the first)
BALI_ORDER = {"L": [("Wayan", "Made", "Nyoman", "Ketut"), ("Putu", "Kadek", "Komang", "Ketut"),
                    ("Gede", "Kadek", "Komang", "Ketut"), ("Wayan", "Nengah", "Nyoman", "Ketut")],
              "P": [("Wayan", "Made", "Nyoman", "Ketut"), ("Putu", "Kadek", "Komang", "Ketut"),
                    ("Luh", "Kadek", "Komang", "Ketut"), ("Wayan", "Nengah", "Nyoman", "Ketut")]}
ORDER_ABBR = {"Wayan": ("Wy.", "Wyn.", "W.", "Wyn"), "Made": ("Md.", "Md", "M."),
              "Nyoman": ("Nym.", "Nym", "Ny."), "Ketut": ("Kt.", "Ktt.", "K."),
              "Putu": ("Pt.", "Pt", "Ptu"), "Kadek": ("Kd.", "Kdk.", "Kdk"),
              "Komang": ("Kmg.", "Km.", "Kmg"), "Gede": ("Gd.", "Gde", "Gd"),
              "Nengah": ("Ngh.", "Ngh"), "Luh": ("L.", "Lh.")}
ORDER_OLD = {"Wayan": "Wajan", "Nyoman": "Njoman", "Ketut": "Ktut", "Nengah": "Nengah",
             "Made": "Made", "Putu": "Poetoe", "Gede": "Gde", "Komang": "Komang",
             "Kadek": "Kadek", "Luh": "Loeh"}

BATAK_M = _pool(
    "Maruli Togar Poltak Parlindungan Hotman Binsar Sahat Tigor Bonar Jonggi Halomoan "
    "Mangasi Pardomuan Hisar Tumpal Manahan Gomgom Sardo Lamhot Dapot Tongam Marihot "
    "Jhon/John/Jon Jhonson/Johnson/Jonson Robert/Robet Daniel Samuel/Semuel "
    "Rikardo/Ricardo Frengki/Frenky/Franky Hendrik/Hendrick Edward/Edwar Charles/Carles "
    "Bernard/Bernad Posman Ronald/Ronal Rudolf/Rudolph Jansen Benny/Beni Hasudungan "
    "Torang Partogi Parulian Mangapul Bistok Oloan Horas Sabar Liber Juntak")
BATAK_F = _pool(
    "Rosmawati Rotua Tiurma Masniari Lasma Romauli Rugun Dameria Hotnida Hotmaida "
    "Rumondang Sondang Jojor Saur Tionar Rismauli Lisbet/Lisbeth Herlina Tiurlan Melva "
    "Nelly/Neli Debora Ester/Esther Ruth/Rut Maria Elisabeth/Elisabet Friska/Frisca Renta "
    "Nurmala Tetty/Teti Rosida Mianna Pesta Dormauli Lamria Rospita Marta/Martha Lina")
BATAK_MARGA = _pool(
    "Siregar Simanjuntak Sitorus Hutapea Pardede Panjaitan Simatupang Sihombing "
    "Hutagalung Situmorang Sinaga Simbolon Manurung Silalahi Tambunan Napitupulu "
    "Siahaan Sianipar Pasaribu Tampubolon Sirait Marpaung "
    "Butarbutar/Butar-butar/Butar_Butar Sitompul Aritonang "
    "Lumbantobing/Lumban_Tobing/L._Tobing/L.Tobing Hutabarat/Huta_Barat Simanullang "
    "Gultom Samosir Nainggolan Sidabutar Hutauruk Sibarani "
    "Lumbangaol/Lumban_Gaol Lumbanraja/Lumban_Raja Hutasoit")
ANGKOLA_M = _pool(
    "Ahmad/Achmad Muhammad Syahrul/Sahrul Irwansyah Rahmat/Rachmat Saiful/Syaiful "
    "Khairul/Chairul Ali Zulkarnain Parlaungan Amir Hamdan Fauzan Darwin Ridwan "
    "Mara_Tua Baginda_Soripada Sutan_Parlindungan Ilham Hasan Bahrum Sori Mulia")
ANGKOLA_F = _pool(
    "Siti Nurhalimah Aisyah/Aisah Rosmaida Masdelina Fatimah/Fatimah Nurhasanah "
    "Rahmadani/Ramadani Khairani/Hairani Nurainun Sarifah/Syarifah Nurmaida Rosliana "
    "Erni Hotmatua Nur_Saadah Mardiah/Mardiyah Rosmaini")
ANGKOLA_MARGA = _pool(
    "Hasibuan Nasution Harahap Lubis Siregar Daulay Pulungan Ritonga Rangkuti Batubara "
    "Dalimunthe/Dalimunte Pohan Hutasuhut Tanjung")

MINANG_M = _pool(
    "Afrizal/Aprizal Syafrizal/Safrizal Yulizar/Julizar Zulhendri Efendi/Effendi/Efendy "
    "Nofrizal/Novrizal Hendri/Hendry Nofriadi/Novriadi Jasman Yusrizal Asril Dasril "
    "Syamsir/Samsir Zulkarnaini Yasrizal Erman Darmansyah Alfian Ridho/Rido Fadli/Fadhli "
    "Andri/Andry Yendri Zulfikar Syafri/Safri Hamdi Taufik/Taufiq Irwan Masril Bustami "
    "Zainal/Zaenal Anas Rusli Yurnalis Nasrul Erizal")
MINANG_F = _pool(
    "Asnimar Yusnidar Elfira/Elvira Yusmaniar Rosmaniar Erniwati/Erniwaty "
    "Desmawati/Desmawaty Nurmalis Yenti/Yenty Zuraida Yusmaini Asmawati Nurhayati "
    "Elfi/Elvi Yulia Mardiana Syafrida/Safrida Rosnida Nelmawati Darmawati "
    "Efriyanti/Efrianti Yuliarni Netti/Nety Ermawati Nurbaiti Rahmi Yasnimar")
MINANG_DATUK = ("Dt. Rajo Mangkuto", "Dt. Bandaro", "Dt. Sinaro", "Dt. Majo Indo",
                "Dt. Panghulu Basa", "Dt. Rangkayo Basa", "St. Mangkuto", "Dt. Tumanggung")

MUHAMMAD = ("Muhammad", "Muhamad", "Mohammad", "Mohamad", "Muhammad", "Muhammad")
MUHAMMAD_ABBR = ("M.", "Muh.", "Moh.", "Mhd.", "Md.", "M")
ACEH_M = _pool(
    "Zulkifli/Julkifli Fauzi/Fauzy Husaini/Husaeni Mahdi Bukhari/Bukhary Razali Zubir "
    "Marzuki/Marjuki Hasballah/Hasbullah Jailani/Djailani Sulaiman/Sulaeman Hamdani "
    "Amiruddin/Amirudin Nasruddin/Nasrudin Bahtiar/Bachtiar Iskandar Ridwan Saiful "
    "Nurdin Mukhlis/Muklis Fadhil/Fadil Khairul/Chairul Rahmat Yusuf/Yusup Ibrahim "
    "Ismail Syahrul Munawar Azhari Usman Abdullah/Abdulah Ilyas Mansur/Mansyur Rusli "
    "Syarifuddin/Syarifudin Daud Nasir Jamil Saleh/Shaleh Husen/Husin Hasan Amin")
ACEH_F = _pool(
    "Nurhayati Safrida Zahara/Zahra Mardhiah/Mardiah/Mardiyah Ratna Fitriani/Fitriyani "
    "Khairunnisa/Khairunnisak/Khairun_Nisa Rahmah Yusnidar Rosmiati/Rosmiyati Nurul_Fajri "
    "Rahmawati Nurjannah/Nurjanah Salmiah/Salmiyah Asmaul_Husna Suryani Hasanah Maryam "
    "Aisyah Nuraini/Nur_Aini Zuraida Intan Dahlia Raudhah/Raudah Ainal_Mardhiah Cut_Nyak_Dien "
    "Sakdiah/Sakdiyah Halimah Jamilah")

BUGIS_M = _pool(
    "Baso Muhammad_Arif Syamsuddin/Syamsudin/Samsuddin Jamaluddin/Jamaludin "
    "Hasanuddin/Hasanudin Nurdin Arifuddin/Arifudin Rahman Sudirman Hamka Mappiasse "
    "Lanri Mappatunru Sappe Beddu Sattu Abdul_Rahman Ambo_Tang Ambo_Dalle Sulaiman "
    "Muh._Yusuf Kamaruddin/Kamarudin Amiruddin Syarifuddin Bakri Ridwan Takdir Haeruddin")
BUGIS_F = _pool(
    "Sitti/Siti Besse Tenri Becce Hasnah/Hasna Nurhaedah/Nurhaidah Rosmini Hadijah/Hadija "
    "Nurmiati Jumriah/Jumria Hasnawati Rahmatia/Rahmatiah Kasmawati Hasmiati "
    "Asriani/Asriyani Darmawati Hariani Nurbaya Indo_Upe Rukiah/Rukiyah Syamsiah "
    "Mardiana St._Aminah/Sitti_Aminah Nurhayati Salmah Hasniati Indo_Tang")
MAKASSAR_M = _pool(
    "Muhammad_Said Abdul_Kadir/Abd._Kadir Syarifuddin/Syarifudin Mustari Bahtiar/Bachtiar "
    "Rusli Sangkala Kamaruddin Ramli Jufri Basri Darwis Mappa Nurdin Abdul_Rahim "
    "Salam Jumadi Mansyur/Mansur Sirajuddin/Sirajudin Rahim Sainuddin Syamsul Tajuddin")
MAKASSAR_F = _pool(
    "Sitti/Siti Hasnah Nurhayati Rosmiati Hasmawati Mariati/Mariyati Sunarti Jumiati "
    "Bunga Kartini Hawang Nursiah Satriani Ramlah Syamsiah Mariam/Maryam Sugiati "
    "Nurjannah Hamsinah Rabiah")
DAENG = ["Ngalle", "Bella", "Tompo", "Sese", "Nai", "Rurung", "Talli", "Ngasseng", "Baji", "Lallo", "Nyonri", "Sikki", "Tutu", "Gassing", "Sarro", "Rani", "Mangka", "Ngemba", "Sila", "Jarung", "Raja", "Nompo", "Lawa", "Tayang", "Kebo", "Ngai", "Sunggu", "Caya", "Bau", "Sangnging", "Te'ne", "Rannu"]
TORAJA_M = _pool(
    "Yohanis/Yohanes/Johanis Markus/Marcus Daniel Yulius/Julius Petrus Agustinus "
    "Simon Musa Paulus Yakob/Yakobus Andarias/Andareas Lukas Pither/Piter Layuk "
    "Tandi Bongga Frans Obed Elias")
TORAJA_F = _pool(
    "Martha/Marta Yuliana/Juliana Maria Ester Dorkas Agustina Lince Herlina Debora Ruth "
    "Naomi Paulina Sarce Yosina/Josina Lai' Rampa' Linda")
TORAJA_FAM = _pool(
    "Pakiding Rante Tandirerung Sampe Palimbong Parinding Tangdilintin Sarungallo Allo "
    "Sambo Pasolang Patandung Rerung Tandiara Sarira Tappi Tonapa Kila'/Kila "
    "Ma'dika/Madika Buntu_Lai'/Buntu_Lai Pong_Masak Bua'/Bua")

PAPUA_M = _pool(
    "Yulianus/Julianus/Yulianis Yohanes/Yohanis/Johanes/Johannes Markus/Marcus "
    "Marthen/Marten Petrus Paulus Yakob/Yakobus/Jacob Obed Nikolas/Nicolas Simon Frans "
    "Agustinus Hendrik/Hendrikus Musa Elias Yunus Yulius/Julius Alfons/Alfon "
    "Melkianus/Melkias Yermias/Yeremias/Jeremias Semuel/Samuel Nius Yance/Jance Otto "
    "Benny/Beny Amos Yosias/Josias Natan Herman Enos Set Silas Lukas Titus Tinus "
    "Yesaya Arkilaus Lasarus Apolos Kornelius/Kornelis Ones")
PAPUA_F = _pool(
    "Maria Yohana/Johana Martha/Marta Ester Naomi Yuliana/Juliana Agustina Yosina/Josina "
    "Ruth Debora Magdalena/Madalena Elisabeth/Elisabet/Elizabeth Mince Selfina/Selvina "
    "Frederika/Fredrika Dorkas Sarlota/Charlota/Salota Yakomina/Jakomina "
    "Adolfina/Adolpina Nelce/Nelci Yemima Rosalina Marlina Lea Hana Meri/Mery Sara "
    "Kristina Wilhelmina/Welhelmina Antoneta")
PAPUA_HIGH_CLAN = _pool(
    "Wenda Tabuni Kogoya/Kogoja Wanimbo/Wanimbu Murib Yikwa/Jikwa Enumbi Wetipo "
    "Lokobal Hubi/Huby Asso/Aso Mabel Itlay/Itlai Matuan Logo Kossay/Kosay Wamu Dabi "
    "Elopere Alua Yoman Mirin Gombo Walilo Siep Himan Lagowan Kuan Haluk Pahabol Elosak "
    "Heselo Doga Meaga Wetapo Yelipele Walela Hisage")
PAPUA_COAST_CLAN = _pool(
    "Rumbiak Mandowen Kapisa Rumbewas Wospakrik Ayomi Awom Sawaki Rumaropen Mansawan "
    "Korwa Karubaba Wanggai Numberi Yoku Ohee/Ohe Sanggenafa Hamadi Hanasbey Mebri Sibi "
    "Itaar Merauje Youwe Ireeuw/Ireuw Rumbekwan Wambrauw/Wambraw Kaisiepo/Kaisepo "
    "Wamafma Rumainum Mofu")
AMBON_M = _pool(
    "Johanis/Yohanis Hendrik/Hendrick Jacob/Yakob Fredy/Freddy Ferry/Fery Richard "
    "Ronald Marthen/Marten Abraham Izaak/Isak Wellem/Willem Octovianus/Oktovianus "
    "Agustinus Alexander Julius/Yulius Frans Christian/Kristian Semuel/Samuel Piet "
    "Stevanus/Stefanus Melky/Melki Dominggus/Domingus")
AMBON_F = _pool(
    "Yohana/Johana Maria Wilhelmina/Welhelmina Elizabeth/Elisabeth Martha/Marta "
    "Jacomina/Yakomina Helena Yuliana/Juliana Sarah/Sara Clara/Klara Petronela "
    "Femmy/Femi Merry/Mery Olga Nova Selvi/Selvy Agustina Christina/Kristina Noni "
    "Yosephina/Josephina")
AMBON_FAM = _pool(
    "Pattinama/Patinama Latuheru Tuhumury/Tuhumuri Pattiasina/Patiasina "
    "Lewerissa/Leweriss Sahertian Huwae Matulessy/Matulesy/Matulessi "
    "Leiwakabessy/Leiwakabesy Pelupessy/Pelupesy Tahapary/Tahapari Sopacua Manuputty "
    "Wattimena/Watimena Nanlohy Tupamahu Siahaya Lekatompessy/Lekatompesi Ririhena "
    "Tomasoa Latupeirissa/Latuperissa Pattipeilohy Hehanussa Noya Lesnussa Tutuarima "
    "Sapulette/Sapulete Souhoka Pieters/Pieter Lawalata Matakupan Ralahalu")
AMBON_MUSLIM_FAM = _pool(
    "Tuasikal Tuanaya Ohorella/Ohorela Latuconsina/Latukonsina Wailissa/Wailisa "
    "Marasabessy/Marasabesy Pelu Lestaluhu Tuahuns Sangadji/Sangaji Loilatu Mahulette")
FLORES_M = _pool(
    "Yohanes/Yohanis Fransiskus/Fransiscus Kornelis/Kornelius Yosef/Yoseph/Josef "
    "Mikael/Michael Antonius Petrus Paulus Aloysius/Aloisius Bernadus/Bernardus "
    "Ignasius/Ignatius Lambertus Hironimus/Hieronimus Gabriel Rofinus Kristoforus Siprianus")
FLORES_F = _pool(
    "Maria Theresia/Teresia Katarina/Katharina Veronika/Veronica Fransiska/Fransiska "
    "Yasinta/Yacinta Maria_Goreti Yuliana Modesta Bernadeta/Bernadetha Elisabeth Agnes "
    "Imelda Florentina Margareta/Margaretha Skolastika")
FLORES_CLAN = _pool(
    "Da_Costa/da_Costa/Dacosta Parera/Pareira Fernandez/Fernandes Bataona Kewa "
    "Lamanepa Koten Laba Making Hurint/Hurin Nuwa Kelen Sogen Tukan Wona Goa "
    "De_Rosari/de_Rosari Diaz/Dias Kedang Maran")
BUTON_M = _pool("Ali Amir Hamid Rasid/Rasyid Sabri Ode_Muhammad_Ali Ani Bahari Rusdin Salim")
BUTON_F = _pool("Ani Nurmi Sitti/Siti Asia Hasni Ode_Nurhaya Raiba Marni Ida")
JAWA_MONO_M = _pool(
    "Sukarman Sumarjo Paimin Tukiyo Parmin Suparno Jumiran Kasmijan Warsono Kusnan "
    "Samidi Ngadimin Wagimin Suyono/Soeyono Sukarno/Soekarno Sumadi Kasiman Tarmuji "
    "Rebo Legiman Karjo Sarimin")
JAWA_MONO_F = _pool(
    "Sarmi Tumini Sainah Ngatemi Sulastri Suyatmi Katiyem Tugiyem Ponirah Rusmini "
    "Karsinah Sumirah Paiyem Wakinem Jumirah Tukinah")
JAWA_FIRST = {"L": _pool("Agus Eko Dwi Tri Budi Joko/Djoko Heri/Hery Wahyu Bambang Slamet"),
              "P": _pool("Sri Endah Rina Yuni Dwi Tri Wahyu Siti Umi Nur")}
JAWA_SECOND = {"L": _pool("Prasetyo/Prasetio Wahyudi Santoso/Santosa Susanto Purnomo "
                          "Setiawan Hidayat Nugroho Raharjo/Rahardjo Widodo Saputro"),
               "P": _pool("Lestari Wahyuni Rahayu Handayani Wulandari Susanti Astuti "
                          "Ningsih Purwanti Mulyani")}
MELAYU_M = _pool(
    "Zulkifli Azhar Syahrial/Sahrial Hamdan Rusdi Jamaluddin Sulaiman Hasan Ismail "
    "Kamaruddin Abdul_Rahman Ahmad/Achmad Muhammad_Yusuf Said Hamzah Idris Razali")
MELAYU_F = _pool(
    "Siti_Aminah Nurhayati Fatimah Zainab Rohana Halimah Salmah Zaleha Norma/Normah "
    "Rosnah Mariam/Maryam Asmah Rahimah Khadijah/Hadijah Zubaidah")

HAJJ = {"L": ("H.", "H.", "H.", "H", "Haji"), "P": ("Hj.", "Hj.", "Hj.", "Hj", "Hajjah")}
DEGREE_OLD = {"L": ("Drs.", "Ir.", "Drs"), "P": ("Dra.", "Ir.", "Dra")}
DEGREE_NEW = ("S.Pd.", "S.E.", "S.H.", "S.Sos.", "S.Kom.", "S.T.", "A.Md.", "S.Pd.I.",
              "M.Pd.", "S.Kep.", "S.IP.", "S.P.")
DEGREE_FAITH = {"muslim": "S.Ag.", "christian": "S.Th.", "hindu": "S.Ag."}
# NIK characters read or typed as letters
NIK_LETTER = {"0": "OOD", "1": "IIl", "2": "Z", "5": "SS", "6": "Gb", "8": "BB"}

MUSLIM = {"angkola", "minang", "aceh", "bugis", "makassar", "jawa", "melayu", "buton",
          "ambon_muslim"}
CHRISTIAN = {"batak", "toraja", "papua_high", "papua_coast", "ambon", "flores"}
FAMILY_NAMED = {"batak", "angkola", "toraja", "papua_high", "papua_coast", "ambon",
                "ambon_muslim", "flores"}
ORIGIN_OF = {"jawa": "jawa", "bali": "bali", "batak": "batak", "angkola": "batak",
             "bugis": "bugis", "makassar": "bugis", "toraja": "toraja", "minang": "minang",
             "aceh": "aceh", "flores": "flores", "ambon": "ambon", "ambon_muslim": "ambon",
             "buton": "buton", "melayu": "melayu", "papua_high": "papua",
             "papua_coast": "papua"}

# ---------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------

E_BASE = {"identical": 2, "case": 3, "spacing": 3, "nik_letter": 5, "nik_missing": 2,
          "nik_masked": 1, "nik_digit": 1, "date_swap": 5, "date_year": 1, "moved": 4,
          "abbrev": 3, "spelling": 2, "typo": 2, "title": 2, "birthplace": 1, "status": 1}

PROFILES: dict[str, dict] = {
    "bali": dict(
        areas=[("gianyar", 0.65, {"bali": 0.9, "jawa": 0.06, "bugis": 0.02, "flores": 0.02}),
               ("tabanan", 0.35, {"bali": 0.93, "jawa": 0.05, "flores": 0.02})],
        dup=0.12, errors={**E_BASE, "abbrev": 6, "drop_marker": 5},
        looks={"bali_sibling": 0.030, "twin": 0.006, "father_son": 0.002,
               "namesake_placeholder": 0.006}),
    "batak": dict(
        areas=[("taput", 0.6, {"batak": 0.9, "jawa": 0.05, "angkola": 0.05}),
               ("padanglawas", 0.4, {"angkola": 0.8, "batak": 0.12, "jawa": 0.08})],
        dup=0.13, errors={**E_BASE, "recode": 6, "drop_marker": 3, "spelling": 4,
                          "married_name": 1, "patronym": 1},
        looks={"batak_namesake": 0.02, "twin": 0.006, "father_son": 0.006,
               "namesake_placeholder": 0.006}),
    "sulsel": dict(
        areas=[("makassar", 0.6, {"makassar": 0.45, "bugis": 0.35, "toraja": 0.08,
                                  "jawa": 0.07, "buton": 0.05}),
               ("takalar", 0.4, {"makassar": 0.85, "bugis": 0.1, "jawa": 0.05})],
        dup=0.13, errors={**E_BASE, "recode": 5, "daeng": 4, "patronym": 4, "title": 4,
                          "abbrev": 4},
        looks={"twin": 0.006, "father_son": 0.004, "namesake_placeholder": 0.008}),
    "aceh_minang": dict(
        areas=[("bandaaceh", 0.4, {"aceh": 0.85, "minang": 0.05, "jawa": 0.05,
                                   "angkola": 0.05}),
               ("sabang", 0.1, {"aceh": 0.8, "jawa": 0.1, "batak": 0.1}),
               ("padang", 0.3, {"minang": 0.85, "jawa": 0.07, "batak": 0.08}),
               ("agam", 0.2, {"minang": 0.97, "jawa": 0.03})],
        dup=0.12, errors={**E_BASE, "patronym": 6, "title": 4, "abbrev": 4, "recode": 2,
                          "spelling": 3},
        looks={"twin": 0.006, "father_son": 0.004, "namesake_placeholder": 0.008}),
    "papua_maluku": dict(
        areas=[("wamena", 0.35, {"papua_high": 0.8, "jawa": 0.06, "bugis": 0.04,
                                 "toraja": 0.04, "papua_coast": 0.06}),
               ("timika", 0.25, {"papua_high": 0.35, "papua_coast": 0.15, "jawa": 0.12,
                                 "bugis": 0.08, "toraja": 0.08, "flores": 0.07,
                                 "ambon": 0.08, "buton": 0.07}),
               ("jayapura", 0.15, {"papua_coast": 0.55, "papua_high": 0.1, "jawa": 0.1,
                                   "bugis": 0.07, "ambon": 0.08, "buton": 0.05,
                                   "toraja": 0.05}),
               ("ambon", 0.25, {"ambon": 0.6, "ambon_muslim": 0.25, "buton": 0.1,
                                "jawa": 0.05})],
        dup=0.13, errors={**E_BASE, "recode": 7, "nik_missing": 4, "spelling": 4,
                          "mononym": 3, "married_name": 2, "abbrev": 1},
        looks={"twin": 0.006, "father_son": 0.008, "namesake_placeholder": 0.014}),
    "mixed": dict(
        areas=[("batam", 1.0, {"melayu": 0.18, "jawa": 0.22, "batak": 0.14, "minang": 0.12,
                               "bugis": 0.06, "flores": 0.07, "bali": 0.04, "aceh": 0.04,
                               "toraja": 0.03, "ambon": 0.04, "buton": 0.03,
                               "angkola": 0.03})],
        dup=0.12, errors={**E_BASE, "patronym": 3, "drop_marker": 2, "married_name": 1,
                          "daeng": 1, "mononym": 1},
        looks={"bali_sibling": 0.004, "batak_namesake": 0.006, "twin": 0.006,
               "father_son": 0.004, "namesake_placeholder": 0.006}),
}

# Share of people with a placeholder birth date, by culture, for those born before 1975
PLACEHOLDER = {"papua_high": 0.7, "papua_coast": 0.35, "flores": 0.3, "toraja": 0.25,
               "ambon": 0.15, "ambon_muslim": 0.15, "buton": 0.25, "makassar": 0.2,
               "bugis": 0.15, "aceh": 0.12, "batak": 0.12, "angkola": 0.15, "minang": 0.1,
               "jawa": 0.15, "bali": 0.08, "melayu": 0.1}

# ---------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------


@dataclass
class Name:
    """A person's full name as parts; :func:`_render` writes one record's form of it."""
    culture: str
    sex: str
    marker: str = ""                      # Balinese I / Ni, Butonese La / Wa
    luh: bool = False                     # Ni Luh ...
    head: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # caste/nobility
    order: str = ""                       # Balinese birth-order word
    given: list[tuple[str, ...]] = field(default_factory=list)
    family: tuple[str, ...] = ()          # marga / clan / fam
    boru: bool = False                    # Batak woman: br. + marga
    daeng: str = ""                       # Makassar Daeng name
    patronym: str = ""                    # father's name (bin / binti)
    hajj: bool = False
    pre: str = ""                         # Drs., Ir., Tgk., Pdt., dr.
    post: str = ""                        # S.Pd., Dt. Bandaro
    jr: bool = False                      # a son named after his father


@dataclass
class Person:
    pid: int
    sex: str
    culture: str
    name: Name
    style: dict
    born: dt.date
    placeholder: bool
    village: Village
    hh: int
    nkk: str = ""
    nik: str = ""
    alamat: str = ""
    rt: str = ""
    rw: str = ""
    status: str = "B"
    birthplace: str = ""
    ektp: str = "S"
    neg_kind: str = ""
    neg_group: int = -1
    spouse: int = -1
    nik_district: str = ""


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------


class _Gen:
    def __init__(self, n_records: int, profile: str, seed: int):
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; one of {sorted(PROFILES)}")
        self.p = PROFILES[profile]
        self.r = random.Random(f"seventh:{profile}:{seed}:{n_records}")
        self.n = n_records
        self.people: list[Person] = []
        self.serial: dict[str, int] = {}
        self.kk_serial: dict[str, int] = {}
        self.hh = 0
        self.groups = 0
        self.areas = self._areas()
        self.by_village: dict[str, list[Person]] = {}
        self._niks: set[str] = set()
        # a village's dominant marga / clans (Batak, Papuan: a few families fill a village)
        self.dominant: dict[tuple[str, str], list[tuple[str, ...]]] = {}

    # -- places ----------------------------------------------------------
    def _areas(self) -> list[tuple[list[Village], float, dict[str, float]]]:
        r, out = self.r, []
        for key, weight, mix in self.p["areas"]:
            a = AREAS[key]
            places = tuple(s.replace("_", " ") for s in a["places"].split())
            vs = []
            for spec in a["villages"]:
                code, name = spec[0], spec[1]
                old = spec[2] if len(spec) > 2 else ""
                case = "upper" if r.random() < 0.7 else "title"
                vs.append(Village(code, name, old, a["kind"], a["town"], a["hamlet"],
                                  tuple(r.sample(places, min(5, len(places)))),
                                  r.random() < a["rtrw"], case))
            out.append((vs, weight, mix))
        return out

    def _neighbour(self, v: Village) -> Village:
        """Another village, of the same district when there is one."""
        r = self.r
        allv = [x for vs, _, _ in self.areas for x in vs if x.code != v.code]
        same = [x for x in allv if x.district == v.district]
        return r.choice(same if same and r.random() < 0.75 else allv)

    # -- identifiers -----------------------------------------------------
    def _nik(self, district: str, born: dt.date, sex: str, after: int | None = None) -> str:
        """NIK: district + DD(+40 for women) MM YY + serial among that district and date.
        ``after``: a serial to follow closely (twins, namesakes registered together)."""
        r = self.r
        day = born.day + (40 if sex == "P" else 0)
        key = f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}"
        last = self.serial.get(key)
        if after is not None:
            # registered together: the next serial; now and then another person's record
            # of that district and date came in between, or one was registered later
            x = r.random()
            serial = after + (1 if x < 0.9 else r.randint(2, 3) if x < 0.97 else
                              r.randint(4, 12))
        else:
            if last is None:  # other people of that district and date hold the first ones
                ph = (born.day, born.month) in ((31, 12), (1, 7), (1, 1))
                last = r.randrange(0, 700) if ph else r.choice([0, 0, 0, 1, 2, 4, 7])
            serial = last + r.choice([1, 1, 2, 3, 5])
        while f"{key}{serial:04d}" in self._niks:
            serial += 1
        self.serial[key] = max(serial, self.serial.get(key, 0))
        nik = f"{key}{serial:04d}"
        self._niks.add(nik)
        return nik

    def _nkk(self, district: str, since: int = 2006) -> str:
        r = self.r
        start = dt.date(max(since, 2006), 1, 1)
        d = start + dt.timedelta(days=r.randrange(0, max(30, (dt.date(2023, 12, 31) - start).days)))
        key = f"{district}{d.day:02d}{d.month:02d}{d.year % 100:02d}"
        s = self.kk_serial.get(key, r.randrange(0, 60)) + r.randint(1, 9)
        self.kk_serial[key] = s
        return f"{key}{s:04d}"

    def _address(self, v: Village) -> tuple[str, str, str]:
        r = self.r
        place = r.choice(v.places)
        if v.hamlet in ("Jl.", "Perum."):
            al = f"{v.hamlet} {place} No. {r.randint(1, 120)}"
            if v.hamlet == "Perum.":
                al = f"Perum. {place} Blok {r.choice('ABCDEFGH')} No. {r.randint(1, 40)}"
        elif v.hamlet == "Lorong":
            al = f"Lr. {place}" if r.random() < 0.5 else f"Jl. {place} Lr. {r.randint(1, 9)}"
        else:
            al = f"{v.hamlet} {place}"
        if v.rtrw:
            return al, f"{r.randint(1, 12):03d}", f"{r.randint(1, 9 if v.kind == 'kel' else 5):03d}"
        return al, r.choice(["000", "0", "-", ""]), r.choice(["000", "0", "-", ""])

    # -- dates -----------------------------------------------------------
    def _birth(self, year: int, culture: str) -> tuple[dt.date, bool]:
        r = self.r
        rate = PLACEHOLDER.get(culture, 0.1)
        rate = rate if year < 1975 else rate * 0.25 if year < 1990 else rate * 0.05
        if r.random() < rate:
            day, month = r.choices([(31, 12), (1, 7), (1, 1), (15, r.randint(1, 12))],
                                   [5, 3, 2, 1])[0]
            return dt.date(year, month, day), True
        return dt.date(year, 1, 1) + dt.timedelta(days=r.randrange(365)), False

    # -- names -----------------------------------------------------------
    def _given(self, pool: list[tuple[str, ...]], k: int = 1) -> list[tuple[str, ...]]:
        """``k`` given-name slots; a name of two words in a pool gives two slots."""
        out: list[tuple[str, ...]] = []
        for item in self.r.sample(pool, k):
            if " " in item[0] and all(len(x.split()) == len(item[0].split()) for x in item):
                parts = [x.split() for x in item]
                for i in range(len(parts[0])):
                    out.append(tuple(dict.fromkeys(p[i] for p in parts)))
            else:
                out.append(item)
        return out

    def _family_token(self, culture: str, v: Village) -> tuple[str, ...]:
        r = self.r
        pools = {"batak": BATAK_MARGA, "angkola": ANGKOLA_MARGA, "toraja": TORAJA_FAM,
                 "papua_high": PAPUA_HIGH_CLAN, "papua_coast": PAPUA_COAST_CLAN,
                 "ambon": AMBON_FAM, "ambon_muslim": AMBON_MUSLIM_FAM, "flores": FLORES_CLAN}
        pool = pools[culture]
        dom = self.dominant.setdefault((v.code, culture), r.sample(pool, 3))
        if culture in ("batak", "angkola", "papua_high") and r.random() < 0.6:
            return r.choices(dom, [5, 3, 2])[0]
        return r.choice(pool)

    def _name(self, culture: str, sex: str, year: int, v: Village, *,
              family: tuple[str, ...] = (), order: str = "", father: str = "") -> Name:
        r = self.r
        m = sex == "L"
        nm = Name(culture, sex)
        young = year >= 1982
        if culture == "bali":
            nm.marker = "I" if m else "Ni"
            x = r.random()
            if x < 0.03:    # Brahmana
                nm.marker = ""
                nm.head = [("Ida Bagus", ("I.B.", "IB", "Ida Bgs."))] if m else \
                    [("Ida Ayu", ("I.A.", "IA", "Dayu"))]
            elif x < 0.06:  # Ksatria
                nm.marker = ""
                if r.random() < 0.2:
                    nm.head = [("Cokorda", ("Cok.", "Tjokorda", "Cokr."))]
                    if not m:
                        nm.head.append(("Istri", ("Istri",)))
                else:
                    nm.head = [("Anak Agung", ("A.A.", "AA", "A.A"))]
                    nm.head.append(("Ngurah", ("Ngr.",)) if m and r.random() < 0.4 else
                                   ("Ayu", ("Ayu",)) if not m else ("Gede", ("Gd.",)))
                    if nm.head[-1][0] == "Gede":
                        nm.head.pop()
            elif x < 0.11:  # Wesia
                if r.random() < 0.6:
                    nm.marker = "I"     # I Gusti Ngurah ..., I Gusti Ayu ...
                    nm.head = [("Gusti", ("Gst.", "G.", "Gst"))]
                    nm.head.append(("Ngurah", ("Ngr.",)) if m and r.random() < 0.5 else
                                   ("Ayu", ("Ayu",)) if not m else ("Gede", ("Gd.",)))
                    if nm.head[-1][0] == "Gede":
                        nm.head.pop()
                elif m:
                    nm.head = [("Dewa", ("Dw.", "Dw"))]
                else:
                    nm.marker = ""
                    nm.head = [("Desak", ("Dsk.", "Ds."))]
            else:
                nm.luh = not m and order != "Luh" and r.random() < 0.25
            if nm.head and nm.head[-1][0] in ("Ngurah", "Ayu", "Istri") and r.random() < 0.5:
                order = ""
            nm.order = order
            k = 2 if young and r.random() < 0.5 else 1
            nm.given = (self._given(BALI_YOUNG_FIRST[sex]) if k == 2 else []) + \
                self._given(BALI_M if m else BALI_F)
        elif culture in ("batak", "angkola"):
            pool = (BATAK_M if m else BATAK_F) if culture == "batak" else \
                (ANGKOLA_M if m else ANGKOLA_F)
            nm.given = self._given(pool, 2 if r.random() < 0.3 else 1)
            nm.family = family or self._family_token(culture, v)
            nm.boru = not m and r.random() < (0.7 if culture == "batak" else 0.35)
            if culture == "angkola" and not m and nm.given[0] == ("Siti",):
                nm.given.append(r.choice(ANGKOLA_F[1:]))
        elif culture == "minang":
            k = 1 if (not young and r.random() < 0.6) or r.random() < 0.3 else 2
            pool = MINANG_M if m else MINANG_F
            nm.given = self._given(pool, k)
            if m and year < 1984 and r.random() < 0.12:
                nm.post = r.choice(MINANG_DATUK)
        elif culture == "aceh":
            if m:
                nm.given = ([MUHAMMAD] if r.random() < 0.35 else []) + \
                    self._given(ACEH_M, 1 if r.random() < 0.6 else 2)
                if r.random() < 0.07:
                    nm.head = [("Teuku", ("T.", "T", "Tk."))]
                elif year < 1980 and r.random() < 0.06:
                    nm.pre = r.choice(("Tgk.", "Tgk", "Teungku"))
            else:
                nm.given = self._given(ACEH_F, 1 if r.random() < 0.6 else 2)
                if r.random() < 0.07:
                    nm.head = [("Cut", ("Cut", "Ct."))]
        elif culture == "bugis":
            nm.given = self._given(BUGIS_M if m else BUGIS_F,
                                   1 if r.random() < (0.55 if m else 0.75) else 2)
            if r.random() < 0.12:
                nm.head = [("Andi", ("A.", "A", "And."))]
        elif culture == "makassar":
            nm.given = self._given(MAKASSAR_M if m else MAKASSAR_F,
                                   1 if r.random() < (0.6 if m else 0.75) else 2)
            if not young and r.random() < 0.45 or r.random() < 0.1:
                nm.daeng = r.choice(DAENG)
        elif culture == "toraja":
            nm.given = self._given(TORAJA_M if m else TORAJA_F)
            nm.family = family or self._family_token(culture, v)
        elif culture in ("papua_high", "papua_coast"):
            nm.given = self._given(PAPUA_M if m else PAPUA_F, 1 if r.random() < 0.85 else 2)
            nm.family = family or self._family_token(culture, v)
        elif culture in ("ambon", "ambon_muslim"):
            if culture == "ambon":
                nm.given = self._given(AMBON_M if m else AMBON_F, 1 if r.random() < 0.6 else 2)
            else:
                nm.given = self._given(MELAYU_M if m else MELAYU_F, 1)
            nm.family = family or self._family_token(culture, v)
        elif culture == "flores":
            nm.given = self._given(FLORES_M if m else FLORES_F, 1 if r.random() < 0.5 else 2)
            nm.family = family or self._family_token(culture, v)
        elif culture == "buton":
            nm.marker = "La" if m else "Wa"
            nm.given = self._given(BUTON_M if m else BUTON_F)
            if nm.given[0][0] == "Ode":
                nm.marker = ""
                nm.head = [("La Ode" if m else "Wa Ode", ("La Ode", "LD.", "Laode") if m
                            else ("Wa Ode", "WD.", "Waode"))]
                nm.given = nm.given[1:]
        elif culture == "melayu":
            nm.given = self._given(MELAYU_M if m else MELAYU_F)
            if r.random() < 0.06:
                nm.head = [("Tengku", ("T.", "Tgk.", "Teng."))] if r.random() < 0.5 else \
                    [("Raja", ("R.", "Raja"))]
        else:  # jawa
            if not young and r.random() < 0.7 or r.random() < 0.15:
                nm.given = self._given(JAWA_MONO_M if m else JAWA_MONO_F)
            else:
                nm.given = self._given(JAWA_FIRST[sex]) + self._given(JAWA_SECOND[sex])
        # no word twice in a row (Ayu + Ayu Lestari)
        nm.given = [g for i, g in enumerate(nm.given) if i == 0 or g[0] != nm.given[i - 1][0]]
        if nm.head and len(nm.given) > 1 and nm.given[0][0] == nm.head[-1][0]:
            nm.given = nm.given[1:]      # Anak Agung Ayu + Ayu Lestari
        # patronymics, titles
        if culture in MUSLIM and father:
            rate = {"aceh": 0.45, "melayu": 0.4, "bugis": 0.25, "makassar": 0.2,
                    "minang": 0.2, "buton": 0.2}.get(culture, 0.05)
            if r.random() < rate:
                nm.patronym = father
        age = ELECTION.year - year
        if culture in MUSLIM and age > 35:
            rate = {"bugis": 0.3, "makassar": 0.2, "aceh": 0.12, "minang": 0.12,
                    "melayu": 0.1, "angkola": 0.1}.get(culture, 0.06)
            nm.hajj = r.random() < rate * (1.5 if age > 50 else 1)
        if age > 24 and not nm.pre and r.random() < 0.08:
            faith = "muslim" if culture in MUSLIM else "hindu" if culture == "bali" else \
                "christian"
            if year < 1968 and r.random() < 0.5:
                nm.pre = r.choice(DEGREE_OLD[sex])
            elif r.random() < 0.15:
                nm.post = DEGREE_FAITH[faith]
            elif not nm.post:
                nm.post = r.choice(DEGREE_NEW)
        if culture in CHRISTIAN and m and age > 35 and not nm.pre and r.random() < 0.01:
            nm.pre = "Pdt."
        return nm

    def _style(self, nm: Name) -> dict:
        """How the clerk of a person's first record wrote the name."""
        r = self.r
        return dict(
            marker=bool(nm.marker) and r.random() < 0.95,
            luh=nm.luh,
            head=[None] * len(nm.head) if r.random() < 0.85 else
            [r.choice(h[1]) for h in nm.head],
            order=nm.order if r.random() < 0.94 or not nm.order else
            r.choice(ORDER_ABBR[nm.order]),
            given=[g[0] if r.random() < 0.8 else r.choice(g) for g in nm.given],
            family=nm.family[0] if nm.family else "",
            boru=r.choice(["br.", "br.", "br", "boru", "Br."]) if nm.boru else "",
            daeng=("Daeng" if r.random() < 0.6 else "Dg.") if nm.daeng and r.random() < 0.7
            else "",
            patronym=("bin" if nm.sex == "L" else "binti") if nm.patronym and
            r.random() < 0.6 else "",
            hajj=r.choice(HAJJ[nm.sex]) if nm.hajj and r.random() < 0.75 else "",
            pre=bool(nm.pre) and r.random() < 0.8,
            post=r.choice([", ", ", ", " ", ","]) if nm.post and r.random() < 0.7 else "",
            jr=nm.jr and r.random() < 0.5,
        )

    # -- households ------------------------------------------------------
    def _culture(self, mix: dict[str, float]) -> str:
        return self.r.choices(list(mix), list(mix.values()))[0]

    def _area(self) -> tuple[list[Village], dict[str, float]]:
        vs, _, mix = self.r.choices(self.areas, [a[1] for a in self.areas])[0]
        return vs, mix

    def _person(self, culture: str, sex: str, born: tuple[dt.date, bool], v: Village,
                nkk: str, addr: tuple[str, str, str], nm: Name, *, local: bool | None = None,
                after: int | None = None, nik_district: str | None = None) -> Person:
        r = self.r
        if nik_district is None:
            if local is None:
                local = culture not in ("jawa",) or r.random() < 0.3
                native = {"bali": "510", "batak": "12", "angkola": "12", "bugis": "73",
                          "makassar": "73", "toraja": "73", "minang": "13", "aceh": "11",
                          "papua_high": "9", "papua_coast": "9", "ambon": "81",
                          "ambon_muslim": "81", "melayu": "21"}.get(culture, "")
                if native and not v.code.startswith(native):
                    local = r.random() < 0.35
            if local:
                nik_district = v.nik_district if v.old and r.random() < 0.92 else v.district
                town = r.choice(v.town.split("/")[:2])
            else:
                origin = r.choice(ORIGINS[ORIGIN_OF[culture]])
                nik_district, town = origin
        else:
            town = v.town.split("/")[0]
        if nik_district == v.district or nik_district == v.nik_district:
            town = r.choice(v.town.split("/")[:2])
        nik = self._nik(nik_district, born[0], sex, after)
        p = Person(len(self.people), sex, culture, nm, self._style(nm), born[0], born[1], v,
                   self.hh, nkk=nkk, nik=nik, alamat=addr[0], rt=addr[1], rw=addr[2],
                   birthplace=town, nik_district=nik_district)
        p.ektp = "B" if r.random() < (0.3 if culture == "papua_high" else 0.06) else "S"
        self.people.append(p)
        self.by_village.setdefault(v.code, []).append(p)
        return p

    def _card(self, v: Village) -> str:
        """A family card of village ``v``: issued before a split keeps the old district."""
        r = self.r
        if v.old and r.random() < 0.7:
            return self._nkk(v.old[:6])
        return self._nkk(v.district)

    def _household(self) -> list[Person]:
        r = self.r
        vs, mix = self._area()
        v = r.choice(vs)
        culture = self._culture(mix)
        self.hh += 1
        nkk = self._card(v)
        addr = self._address(v)
        out: list[Person] = []
        looks = self.p["looks"]
        # head
        age = int(min(88, max(19, r.gauss(46, 14))))
        hsex = "L" if r.random() < 0.86 else "P"
        hyear = ELECTION.year - age - (1 if r.random() < 0.15 else 0)
        fam = self._family_token(culture, v) if culture in FAMILY_NAMED else ()
        father_of_head = r.choice(self._father_pool(culture))
        hname = self._name(culture, hsex, hyear, v, family=fam if hsex == "L" else (),
                           order=self._order(culture, hsex, r.randint(0, 3), hyear),
                           father=father_of_head)
        head = self._person(culture, hsex, self._birth(hyear, culture), v, nkk, addr, hname)
        out.append(head)
        married = age > 22 and r.random() < 0.85
        head.status = "S" if married else ("P" if age > 45 and r.random() < 0.5 else
                                           "B" if age < 30 else "P")
        mother_year = hyear
        if married and hsex == "L":
            sculture = culture if r.random() < 0.85 else self._culture(mix)
            syear = hyear + r.randint(-2, 9)
            if ELECTION.year - syear >= 17:
                sname = self._name(sculture, "P", syear, v, order=self._order(
                    sculture, "P", r.randint(0, 3), syear),
                    father=r.choice(self._father_pool(sculture)))
                if sculture in ("ambon", "flores", "papua_coast") and fam and r.random() < 0.3:
                    sname.family = fam   # took her husband's fam
                wife = self._person(sculture, "P", self._birth(syear, sculture), v, nkk, addr,
                                    sname)
                wife.status = "S"
                head.spouse, wife.spouse = wife.pid, head.pid
                out.append(wife)
                mother_year = syear
        # children, all of them (birth order), those 17+ who still live here are listed
        if married or head.status == "P":
            n_kids = r.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 6])
            first = mother_year + r.randint(19, 27)
            years = sorted(first + sum(r.randint(1, 4) for _ in range(i)) for i in range(n_kids))
            twin_at = -1
            if r.random() < looks.get("twin", 0) * 8 and ELECTION.year - years[0] >= 17:
                twin_at = max(i for i, y in enumerate(years) if ELECTION.year - y >= 17)
                twin_at = r.randint(0, twin_at)
                years.insert(twin_at + 1, years[twin_at])
            orders = self._orders(culture, hyear)
            kids: list[Person] = []
            twin_a: Person | None = None
            for i, y in enumerate(years):
                kage = ELECTION.year - y
                if kage < 17:
                    continue
                stay = 0.9 if kage < 25 else 0.45 if kage < 32 else 0.12
                if i not in (twin_at, twin_at + 1) and r.random() > stay:
                    continue
                ksex = "L" if r.random() < 0.5 else "P"
                order = orders[i % 4] if culture == "bali" else ""
                if culture == "bali" and ksex == "P" and order == "Gede":
                    order = "Luh" if r.random() < 0.5 else "Putu"
                father = self._first_given(head.name) if hsex == "L" else father_of_head
                if i == twin_at + 1 and twin_a is not None:
                    ksex = twin_a.sex if r.random() < 0.6 else ksex
                    if culture == "bali" and ksex == "P" and order == "Gede":
                        order = "Putu"
                    kname = self._twin_name(twin_a.name, culture, ksex, y, v, order)
                    twin_a.style = self._style(twin_a.name)
                    kid = self._person(culture, ksex, (twin_a.born, twin_a.placeholder), v,
                                       nkk, addr, kname, nik_district=twin_a.nik_district,
                                       after=int(twin_a.nik[-4:]))
                    self._group("twin", twin_a, kid)
                else:
                    taken = {tuple(g[0] for g in q.name.given) for q in out}
                    for _ in range(10):
                        kname = self._name(culture, ksex, y, v,
                                           family=fam if culture in FAMILY_NAMED else (),
                                           order=order, father=father)
                        if tuple(g[0] for g in kname.given) not in taken:
                            break
                    kid = self._person(culture, ksex, self._birth(y, culture), v, nkk, addr,
                                       kname)
                    if i == twin_at:
                        twin_a = kid
                kid.status = "B" if kage < 26 or r.random() < 0.6 else "S"
                kids.append(kid)
                out.append(kid)
            self._family_lookalikes(culture, head, kids, v, nkk, addr, out)
        # an elderly parent of the head
        if age < 55 and r.random() < 0.08:
            pyear = hyear - r.randint(20, 32)
            if ELECTION.year - pyear < 95:
                psex = "P" if r.random() < 0.7 else "L"
                pname = self._name(culture, psex, pyear, v,
                                   family=fam if psex == "L" and culture in FAMILY_NAMED else (),
                                   order=self._order(culture, psex, r.randint(0, 3), pyear),
                                   father=r.choice(self._father_pool(culture)))
                par = self._person(culture, psex, self._birth(pyear, culture), v, nkk, addr,
                                   pname)
                par.status = "P"
                out.append(par)
        return out

    def _father_pool(self, culture: str) -> list[str]:
        pools = {"aceh": ACEH_M, "bugis": BUGIS_M, "makassar": MAKASSAR_M, "minang": MINANG_M,
                 "melayu": MELAYU_M, "buton": BUTON_M, "angkola": ANGKOLA_M,
                 "ambon_muslim": MELAYU_M, "jawa": JAWA_MONO_M}
        pool = pools.get(culture, JAWA_MONO_M)
        return [p[0] for p in pool if not p[0].startswith("Ode")]

    @staticmethod
    def _first_given(nm: Name) -> str:
        """A father's name as his children's ``bin``/``binti`` part: his given names."""
        return " ".join(x[0] for x in nm.given[:2])

    def _order(self, culture: str, sex: str, rank: int, year: int) -> str:
        if culture != "bali":
            return ""
        return self._orders(culture, year)[rank % 4] if sex == "L" else \
            BALI_ORDER["P"][0 if year < 1975 else self.r.randrange(4)][rank % 4]

    def _orders(self, culture: str, year: int) -> tuple[str, ...]:
        if culture != "bali":
            return ("", "", "", "")
        r = self.r
        if year < 1975:
            return BALI_ORDER["L"][0 if r.random() < 0.75 else 3]
        return BALI_ORDER["L"][r.choices([0, 1, 2, 3], [3, 5, 2, 1])[0]]

    def _twin_name(self, other: Name, culture: str, sex: str, year: int, v: Village,
                   order: str) -> Name:
        """A twin's name: Balinese twins differ in the birth-order word only (the next
        word); Muslim twins are often Hasan/Husen, Fajar/Fajri; elsewhere another given
        name and the same family name. Never the same name as the other twin."""
        r = self.r
        nm = self._name(culture, sex, year, v, family=other.family, order=order,
                        father=other.patronym)
        if culture == "bali" and other.order and sex == other.sex:
            nm.given = list(other.given)
            nm.head = list(other.head)
            nm.marker, nm.luh = other.marker, other.luh
        elif culture in MUSLIM and r.random() < 0.5:
            pairs = {("L", "L"): [(("Hasan",), ("Husen", "Husein", "Husain")),
                                  (("Fajar",), ("Fajri", "Fajry"))],
                     ("P", "P"): [(("Rina",), ("Rini",)), (("Nur Aini",), ("Nur Aisyah",))],
                     ("L", "P"): [(("Rizki", "Rizky"), ("Rizka", "Rizqa")),
                                  (("Putra",), ("Putri",))]}
            key = (other.sex, sex) if (other.sex, sex) in pairs else (sex, other.sex)
            pa, pb = r.choice(pairs[key])
            if key == ("L", "P") and other.sex == "P":
                pa, pb = pb, pa
            if " " in pa[0]:    # Nur Aini / Nur Aisyah: the whole given name
                other.given = [(t,) for t in pa[0].split()]
                nm.given = [(t,) for t in pb[0].split()]
            else:               # the last given name: Syamsuddin Hasan / Syamsuddin Husen
                other.given[-1:] = [pa]
                nm.given = list(other.given[:-1]) + [pb]
        for _ in range(10):   # parents do not give twins one name
            if [g[0] for g in nm.given] != [g[0] for g in other.given] or \
                    nm.order != other.order:
                break
            nm.given = self._name(culture, sex, year, v).given
        nm.patronym = other.patronym
        if other.head and (sex == other.sex or other.head[0][0] == "Andi"):
            nm.head = list(other.head)
            nm.marker = other.marker
        return nm

    def _family_lookalikes(self, culture: str, head: Person, kids: list[Person], v: Village,
                           nkk: str, addr: tuple[str, str, str], out: list[Person]) -> None:
        """Balinese siblings of one name but the birth-order word; a son named after his
        father."""
        r = self.r
        looks = self.p["looks"]
        if culture == "bali" and r.random() < looks.get("bali_sibling", 0) * 6:
            free = [k for k in kids if k.neg_group < 0 and k.name.order]
            for a in free:
                b = next((k for k in free if k is not a and k.sex == a.sex
                          and k.name.order != a.name.order and k.born.year != a.born.year), None)
                if b is not None:
                    b.name.given = list(a.name.given)
                    b.name.head, b.name.marker, b.name.luh = list(a.name.head), a.name.marker, \
                        a.name.luh
                    b.style = self._style(b.name)
                    self._group("bali_sibling", a, b)
                    break
        if head.sex == "L" and culture in CHRISTIAN | {"aceh", "bugis", "melayu", "minang"} and \
                r.random() < looks.get("father_son", 0) * 6:
            sons = [k for k in kids if k.sex == "L" and k.neg_group < 0]
            if sons and head.neg_group < 0:
                son = sons[0]
                son.name.given = list(head.name.given)
                son.name.head = list(head.name.head)
                son.name.jr = r.random() < 0.4
                son.name.patronym = ""
                son.name.hajj = False
                son.style = self._style(son.name)
                if r.random() < 0.45:   # the son has his own card now (married)
                    son.nkk = self._card(v)
                    son.status = "S"
                self._group("father_son", head, son)

    def _group(self, kind: str, *people: Person) -> None:
        for p in people:
            p.neg_kind, p.neg_group = kind, self.groups
        self.groups += 1

    # -- look-alikes between households ------------------------------------
    def _namesakes_placeholder(self) -> None:
        """Two unrelated elders of one village, one name, one placeholder date; their NIKs
        differ in the serial only (registered in the same sweep)."""
        r = self.r
        vs, mix = self._area()
        v = r.choice(vs)
        culture = self._culture(mix)
        sex = "L" if r.random() < 0.5 else "P"
        year = r.randint(1940, 1972)
        day, month = r.choice([(31, 12), (1, 7), (1, 1)])
        born = (dt.date(year, month, day), True)
        fam = self._family_token(culture, v) if culture in FAMILY_NAMED else ()
        nm = self._name(culture, sex, year, v, family=fam,
                        order=self._order(culture, sex, r.randint(0, 3), year))
        first: Person | None = None
        pair = []
        for _ in range(2):
            self.hh += 1
            twin = Name(**{**nm.__dict__, "given": list(nm.given), "head": list(nm.head)})
            if first is not None:
                twin.hajj = twin.hajj and r.random() < 0.3
            p = self._person(culture, sex, born, v, self._card(v), self._address(v), twin,
                             local=True,
                             after=None if first is None else int(first.nik[-4:]),
                             nik_district=None if first is None else first.nik_district)
            p.status = r.choice("SSP")
            first = first or p
            pair.append(p)
        self._group("namesake_placeholder", *pair)

    def _batak_namesakes(self) -> None:
        """Two unrelated Batak of one village with one given name and one marga."""
        r = self.r
        cands = [(vs, mix) for vs, _, mix in self.areas if "batak" in mix or "angkola" in mix]
        if not cands:
            return
        vs, mix = r.choice(cands)
        v = r.choice(vs)
        culture = "batak" if mix.get("batak", 0) >= mix.get("angkola", 0) else "angkola"
        sex = "L" if r.random() < 0.65 else "P"
        fam = self._family_token(culture, v)
        y1 = r.randint(1950, 2002)
        y2 = y1 + r.choice([0, 0, 1, -1, 3, -5, 8, 12, -15])
        nm = self._name(culture, sex, y1, v, family=fam)
        pair = []
        for y in (y1, y2):
            self.hh += 1
            other = Name(**{**nm.__dict__, "given": list(nm.given), "head": list(nm.head)})
            other.hajj = other.hajj and y == y1
            p = self._person(culture, sex, self._birth(y, culture), v, self._card(v),
                             self._address(v), other, local=True)
            p.status = "S" if ELECTION.year - y > 25 else "B"
            pair.append(p)
        self._group("batak_namesake", *pair)

    # -- one record ------------------------------------------------------
    def _record(self, p: Person, style: dict, *, v: Village | None = None, kode: str = "",
                nkk: str = "", nik: str | None = None, born: dt.date | None = None,
                addr: tuple[str, str, str] | None = None, case: str = "", status: str = "",
                birthplace: str = "", hh: int | None = None, noise: list[str] = ()) -> dict:
        v = v or p.village
        b = p.born if born is None else born
        return dict(
            _name=_render(p.name, style), _case=case or v.case, _noise=list(noise),
            nkk=nkk or p.nkk, nik=p.nik if nik is None else nik, tempat_lahir=birthplace or
            p.birthplace, _born=b, status_kawin=status or p.status, jenis_kelamin=p.sex,
            alamat=(addr or (p.alamat, p.rt, p.rw))[0], rt=(addr or (p.alamat, p.rt, p.rw))[1],
            rw=(addr or (p.alamat, p.rt, p.rw))[2], kode_desa=kode or v.code, ektp=p.ektp,
            _hh=p.hh if hh is None else hh)

    def _possible(self, p: Person, e: str) -> bool:
        nm, st = p.name, p.style
        if e == "date_swap":
            return p.born.day <= 12 and p.born.day != p.born.month
        if e == "recode":
            return bool(p.village.old)
        if e == "patronym":
            return bool(nm.patronym) or p.culture in MUSLIM
        if e == "title":
            return nm.hajj or bool(nm.pre) or bool(nm.post) or p.culture in MUSLIM and \
                ELECTION.year - p.born.year > 40 or ELECTION.year - p.born.year > 24
        if e == "abbrev":
            return bool(nm.order or nm.head or nm.boru or nm.daeng or
                        any(g[0] in MUHAMMAD for g in nm.given) or len(nm.given) > 1)
        if e == "drop_marker":
            return bool(st["marker"] or st["luh"] or st["boru"])
        if e == "daeng":
            return bool(nm.daeng) or p.culture == "makassar" and ELECTION.year - p.born.year > 30
        if e == "married_name":
            return p.sex == "P" and p.spouse >= 0 and bool(nm.family) and \
                self.people[p.spouse].name.family not in ((), nm.family)
        if e == "mononym":
            return bool(nm.family) and p.culture in ("papua_high", "papua_coast", "flores",
                                                     "toraja")
        if e == "date_year":
            return True
        return True

    def _duplicate(self, p: Person, errs: list[str]) -> dict:
        r = self.r
        st = {k: (list(x) if isinstance(x, list) else x) for k, x in p.style.items()}
        nm = p.name
        kw: dict = {}
        noise: list[str] = []
        for e in errs:
            if e == "identical":
                pass
            elif e == "case":
                kw["case"] = "title" if p.village.case == "upper" else "upper"
                if r.random() < 0.1:
                    kw["case"] = "lower"
            elif e == "spacing":
                noise += r.sample(["double", "dot", "trail", "nodotspace", "lead"],
                                  r.randint(1, 2))
            elif e == "nik_letter":
                kw["nik"] = _nik_letters(p.nik, r)
            elif e == "nik_missing":
                kw["nik"] = r.choice(["", "", "-", "0"])
            elif e == "nik_masked":
                kw["nik"] = p.nik[:12] + "****"
            elif e == "nik_digit":
                i = r.randrange(6, 16)
                kw["nik"] = p.nik[:i] + str((int(p.nik[i]) + r.randint(1, 9)) % 10) + p.nik[i + 1:]
            elif e == "date_swap":
                kw["born"] = dt.date(p.born.year, p.born.day, p.born.month)
            elif e == "date_year":
                y = p.born.year
                ny = r.choice([y + 1, y - 1, y + 10, y - 10, int(str(y)[:3] + str(y)[2])])
                ny = min(max(ny, 1920), 2006)
                if ny == y:
                    ny = y + 1
                try:
                    kw["born"] = p.born.replace(year=ny)
                except ValueError:
                    kw["born"] = p.born.replace(year=ny, day=28)
            elif e == "recode":
                kw["kode"] = p.village.old
                kw["nkk"] = self._nkk(p.village.old[:6]) if r.random() < 0.5 else p.nkk
                kw["hh"] = -p.hh - 1   # the old list's household, another TPS
            elif e == "moved":
                dest = self._neighbour(p.village)
                kw["v"] = dest
                kw["kode"] = dest.code
                kw["nkk"] = self._card(dest)
                kw["addr"] = self._address(dest)
                self.hh += 1
                kw["hh"] = self.hh
                if r.random() < 0.3 and p.status == "B" and ELECTION.year - p.born.year > 22:
                    kw["status"] = "S"
            elif e == "abbrev":
                opts = []
                if nm.order and st["order"] == nm.order:
                    opts.append("order")
                if nm.head and any(h is None for h in st["head"]):
                    opts.append("head")
                if nm.boru and st["boru"]:
                    opts.append("boru")
                if nm.daeng and st["daeng"] == "Daeng":
                    opts.append("daeng")
                if any(g[0] in MUHAMMAD and s in MUHAMMAD for g, s in zip(nm.given, st["given"], strict=False)):
                    opts.append("muhammad")
                if len(nm.given) > 1:
                    opts.append("middle")
                what = r.choice(opts) if opts else "middle"
                if what == "order":
                    st["order"] = r.choice(ORDER_ABBR[nm.order])
                elif what == "head":
                    st["head"] = [r.choice(h[1]) for h in nm.head]
                elif what == "boru":
                    st["boru"] = r.choice(["br", "Br.", "br.", "boru"])
                elif what == "daeng":
                    st["daeng"] = r.choice(["Dg.", "Dg"])
                elif what == "muhammad":
                    i = next(i for i, g in enumerate(nm.given) if g[0] in MUHAMMAD)
                    st["given"][i] = r.choice(MUHAMMAD_ABBR)
                elif len(st["given"]) > 1:
                    i = r.randrange(len(st["given"]) - 1) if len(st["given"]) > 2 else 0
                    if nm.culture == "bali" and len(st["given"]) == 2:
                        i = 0
                    st["given"][i] = st["given"][i][0] + "."
            elif e == "drop_marker":
                if st["marker"] and (not (st["luh"] or st["boru"]) or r.random() < 0.5):
                    st["marker"] = False
                elif st["luh"]:
                    st["luh"] = False
                else:
                    st["boru"] = ""
            elif e == "spelling":
                cands = [i for i, g in enumerate(nm.given) if len(g) > 1]
                if nm.family and len(nm.family) > 1 and (not cands or r.random() < 0.5):
                    st["family"] = r.choice([f for f in nm.family if f != st["family"]])
                elif cands:
                    i = r.choice(cands)
                    st["given"][i] = r.choice([g for g in nm.given[i] if g != st["given"][i]]
                                              or [nm.given[i][0]])
                elif nm.order and r.random() < 0.5 and ORDER_OLD[nm.order] != nm.order:
                    st["order"] = ORDER_OLD[nm.order]
                else:
                    i = r.randrange(len(st["given"]))
                    st["given"][i] = _respell(st["given"][i], r)
            elif e == "typo":
                i = r.randrange(len(st["given"]))
                st["given"][i] = _typo(st["given"][i], r)
            elif e == "title":
                if nm.jr:
                    st["jr"] = not st["jr"]
                elif nm.hajj and not st["hajj"]:
                    st["hajj"] = r.choice(HAJJ[nm.sex])
                elif nm.hajj:
                    st["hajj"] = ""
                elif nm.post and not st["post"]:
                    st["post"] = r.choice([", ", " ", ","])
                elif nm.pre:
                    st["pre"] = not st["pre"]
                elif nm.post:
                    st["post"] = ""
                elif p.culture in MUSLIM and ELECTION.year - p.born.year > 40 and \
                        r.random() < 0.7:
                    # went on the hajj after the first record
                    st["hajj"] = r.choice(HAJJ[nm.sex])
                else:   # a degree earned since
                    st["_post"] = r.choice(DEGREE_NEW)
                    st["post"] = ", "
            elif e == "patronym":
                if nm.patronym and st["patronym"]:
                    st["patronym"] = ""
                else:
                    st["_patronym"] = nm.patronym or r.choice(self._father_pool(p.culture))
                    st["patronym"] = r.choice(["bin", "Bin", "BIN", "b."] if nm.sex == "L"
                                              else ["binti", "Binti", "bt.", "BINTI"])
            elif e == "daeng":
                if nm.daeng and st["daeng"]:
                    st["daeng"] = ""
                else:
                    st["_daeng"] = nm.daeng or r.choice(DAENG)
                    st["daeng"] = "Daeng" if r.random() < 0.5 else "Dg."
            elif e == "married_name":
                husband = self.people[p.spouse].name.family
                mode = r.random()
                if mode < 0.5:
                    st["family"] = husband[0]
                    st["boru"] = ""
                elif mode < 0.8:
                    st["family"] = f"{husband[0]}-{st['family'] or nm.family[0]}"
                else:
                    st["family"] = f"{husband[0]} {st['family'] or nm.family[0]}"
            elif e == "mononym":
                st["family"] = ""
            elif e == "birthplace":
                towns = [t for t in p.village.town.split("/") if t != p.birthplace]
                kw["birthplace"] = r.choice(towns) if towns and p.nik_district[:4] in (
                    p.village.code[:4], (p.village.old or p.village.code)[:4]) else \
                    _place_variant(p.birthplace, r)
            elif e == "status":
                kw["status"] = {"B": "S", "S": r.choice("BP"), "P": "S"}[p.status]
        return self._record(p, st, noise=noise, **kw)

    # -- build -------------------------------------------------------------
    def build(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        r = self.r
        dup = self.p["dup"]
        n_people = max(8, round(self.n / (1 + dup * 1.1)))
        looks = self.p["looks"]
        while len(self.people) < n_people:
            x = r.random()
            if x < looks.get("namesake_placeholder", 0) * 1.4:
                self._namesakes_placeholder()
            elif x < (looks.get("namesake_placeholder", 0) +
                      looks.get("batak_namesake", 0)) * 1.4:
                self._batak_namesakes()
            else:
                self._household()
        people = self.people[:min(len(self.people), self.n)]
        # a look-alike group cut in two by the trim is no longer a group
        kept = {p.pid for p in people}
        for p in people:
            if p.neg_group >= 0 and any(q.neg_group == p.neg_group and q.pid not in kept
                                        for q in self.people):
                p.neg_kind, p.neg_group = "", -1
        rows: list[dict] = []
        truth: list[dict] = []
        for p in people:
            noise = ["double"] if r.random() < 0.01 else ["dot"] if r.random() < 0.01 else []
            rows.append(self._record(p, p.style, noise=noise))
            truth.append(dict(person_id=p.pid, culture=p.culture, kind="original", errors="",
                              neg_kind=p.neg_kind, neg_group=p.neg_group))
        kinds = list(self.p["errors"])
        weights = list(self.p["errors"].values())
        twice: set[int] = set()
        order = list(people)
        r.shuffle(order)
        k = 0
        while len(rows) < self.n:
            if twice and r.random() < 0.1:   # a third record for about a tenth of them
                q = self.people[r.choice(sorted(twice))]
            elif k < len(order):
                q = order[k]
                k += 1
            else:
                q = r.choice(people)
            twice.add(q.pid)
            errs: list[str] = []
            for _ in range(20):
                e = r.choices(kinds, weights)[0]
                if self._possible(q, e):
                    errs = [e]
                    break
            if not errs:
                errs = ["case"]
            if errs[0] != "identical":
                while len(errs) < 3 and r.random() < (0.5 if len(errs) == 1 else 0.25):
                    e = r.choices(kinds, weights)[0]
                    if e != "identical" and e not in errs and self._possible(q, e) and \
                            not _clash(errs, e):
                        errs.append(e)
            rows.append(self._duplicate(q, errs))
            truth.append(dict(person_id=q.pid, culture=q.culture,
                              kind="duplicate_" + errs[0], errors="+".join(errs),
                              neg_kind=q.neg_kind, neg_group=q.neg_group))
        return self._frames(rows, truth)

    def _frames(self, rows: list[dict], truth: list[dict]) -> tuple[pl.DataFrame, pl.DataFrame]:
        r = self.r
        order = list(range(len(rows)))
        r.shuffle(order)
        # polling stations: per village code, households together, at most 300 voters
        by_v: dict[str, list[int]] = {}
        for k in order:
            by_v.setdefault(rows[k]["kode_desa"], []).append(k)
        tps: dict[int, str] = {}
        for _, ks in by_v.items():
            hs: dict[int, list[int]] = {}
            for k in ks:
                hs.setdefault(rows[k]["_hh"], []).append(k)
            n, t = 0, 1
            for members in hs.values():
                if n + len(members) > 300:
                    t, n = t + 1, 0
                for k in members:
                    tps[k] = f"{t:03d}"
                n += len(members)
        out, tout = [], []
        for new_id, k in enumerate(order, start=1):
            rec = rows[k]
            b = rec["_born"]
            sep = "/" if r.random() < 0.07 else "-"
            date = f"{b.day:02d}{sep}{b.month:02d}{sep}{b.year:04d}"
            nama = _case(_noise(rec["_name"], rec["_noise"], r), rec["_case"])
            upper = rec["_case"] == "upper"
            rid = f"{new_id:06d}"
            out.append(dict(id=rid, nkk=rec["nkk"], nik=rec["nik"], nama=nama,
                            tempat_lahir=rec["tempat_lahir"].upper() if upper else
                            rec["tempat_lahir"], tanggal_lahir=date,
                            status_kawin=rec["status_kawin"], jenis_kelamin=rec["jenis_kelamin"],
                            alamat=rec["alamat"].upper() if upper else rec["alamat"],
                            rt=rec["rt"], rw=rec["rw"], kode_desa=rec["kode_desa"],
                            tps=tps[k], ektp=rec["ektp"]))
            tout.append(dict(id=rid, **truth[k]))
        return pl.DataFrame(out), pl.DataFrame(tout)


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------


def _clash(errs: list[str], e: str) -> bool:
    groups = [{"nik_letter", "nik_missing", "nik_masked", "nik_digit"},
              {"date_swap", "date_year"}, {"recode", "moved"},
              {"abbrev", "drop_marker", "typo", "spelling"}]
    return any(e in g and any(x in g for x in errs) for g in groups)


def _render(nm: Name, st: dict) -> str:
    """One record's form of a name."""
    toks: list[str] = []
    if st["hajj"]:
        toks.append(st["hajj"])
    if nm.pre and st["pre"]:
        toks.append(nm.pre)
    if nm.marker and st["marker"]:
        toks.append(nm.marker)
    for (full, _), form in zip(nm.head, st["head"], strict=False):
        toks.append(form or full)
    if st["luh"]:
        toks.append("Luh")
    if nm.order and st["order"]:
        toks.append(st["order"])
    for word in " ".join(g for g in st["given"] if g).split():
        if not toks or word.lower() != toks[-1].lower():   # no word twice in a row
            toks.append(word)
    daeng = st.get("_daeng") or nm.daeng
    if st["daeng"] and daeng:
        toks += [st["daeng"], daeng]
    if st["family"]:
        if st["boru"]:
            toks.append(st["boru"])
        toks.append(st["family"])
    pat = st.get("_patronym") or nm.patronym
    if st["patronym"] and pat:
        toks += [st["patronym"], pat]
    if st["jr"]:
        toks.append("Jr.")
    text = " ".join(toks)
    post = st.get("_post") or nm.post
    if st["post"] and post:
        text += st["post"] + post if post.startswith(("S.", "M.", "A.")) else " " + post
    return text


def _case(s: str, case: str) -> str:
    if case == "upper":
        return s.upper()
    if case == "lower":
        return s.lower()
    return s


def _noise(s: str, kinds: list[str], r: random.Random) -> str:
    for k in kinds:
        if k == "double" and " " in s:
            i = r.choice([i for i, c in enumerate(s) if c == " "])
            s = s[:i] + "  " + s[i + 1:]
        elif k == "dot" and not s.endswith("."):
            s += "."
        elif k == "trail":
            s += r.choice([" ", "  ", " ,"])
        elif k == "lead":
            s = " " + s
        elif k == "nodotspace" and ". " in s:
            s = s.replace(". ", ".", 1)
    return s


def _nik_letters(nik: str, r: random.Random) -> str:
    """Letters where digits should be: the typist's O for every 0, or OCR misreads."""
    if r.random() < 0.3 and "0" in nik:
        return nik.replace("0", "O")
    spots = [i for i, c in enumerate(nik) if c in NIK_LETTER]
    if not spots:
        return nik[:-1] + "l"
    out = list(nik)
    for i in r.sample(spots, min(len(spots), r.choice([1, 1, 2, 3]))):
        out[i] = r.choice(NIK_LETTER[out[i]])
    return "".join(out)


def _respell(tok: str, r: random.Random) -> str:
    """A spelling a clerk might write for a name heard or copied."""
    t = tok
    rules = [("dh", "d"), ("th", "t"), ("kh", "h"), ("ch", "kh"), ("ph", "f"), ("sy", "s"),
             ("ss", "s"), ("ll", "l"), ("nn", "n"), ("tt", "t"), ("mm", "m"), ("dd", "d"),
             ("iy", "i"), ("ai", "ae"), ("u", "oe"), ("j", "dj"), ("y", "j")]
    r.shuffle(rules)
    for a, b in rules:
        if a in t[1:].lower():
            i = t.lower().index(a, 1)
            return t[:i] + b + t[i + len(a):]
    if t.endswith("h") and len(t) > 4:
        return t[:-1]
    if t.endswith(("a", "i")) and len(t) > 3:
        return t + "h" if t.endswith("a") else t[:-1] + "y"
    return t + t[-1]


KEYS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _typo(t: str, r: random.Random) -> str:
    if len(t) < 3 or not t.isalpha():
        return t
    i = r.randrange(1, len(t))
    op = r.random()
    if op < 0.35:
        c = t[i].lower()
        for row in KEYS:
            if c in row:
                j = row.index(c)
                nb = row[j - 1] if j > 0 and (j == len(row) - 1 or r.random() < 0.5) else \
                    row[min(j + 1, len(row) - 1)]
                return t[:i] + nb + t[i + 1:]
        return t[:i] + t[i + 1:]
    if op < 0.6:
        return t[:i] + t[i + 1:]
    if op < 0.8:
        return t[:i] + t[i] + t[i:]
    if i < len(t) - 1:
        return t[:i] + t[i + 1] + t[i] + t[i + 2:]
    return t[:-1]


def _place_variant(p: str, r: random.Random) -> str:
    old = {"Makassar": "Ujung Pandang", "Banda Aceh": "Kutaraja", "Jayapura": "Hollandia",
           "Bukittinggi": "Bukit Tinggi", "Pematangsiantar": "P. Siantar",
           "Tanjung Pinang": "Tj. Pinang", "Surabaya": "Surabaja", "Baubau": "Bau-Bau",
           "Watampone": "Bone", "Rantepao": "Toraja Utara", "Makale": "Tana Toraja",
           "Maumere": "Sikka", "Gunungkidul": "Wonosari", "Medan": "Kota Medan"}
    if p in old:
        return old[p]
    return r.choice([f"Kab. {p}", f"Kota {p}", p[:3], p.replace(" ", "")])


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

