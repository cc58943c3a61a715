"""Name pools per ethnic/regional group, written for sidalih.

Each pool is ordered from common to rare: :mod:`sidalih.synth._names` draws from it with
Zipf-like weights, so the first names of a pool collide often, as in real lists. The
pools are modern spellings; older cohorts get the pre-1972 spelling applied by rule
(``u→oe``, ``j→dj``, ``c→tj``, ``y→j``, ``ny→nj``, ``sy→sj``, ``kh→ch``; DOMAIN.md, Names).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Group",
    "GROUPS",
    "TITLES_BACK",
    "TWIN_PAIRS",
    "MUHAMMAD_FORMS",
    "MUHAMMAD_ABBR",
    "ABDUL_NAMES",
    "BALI_ORDER",
    "BIG_CITIES",
]


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class Group:
    """How one group names people.

    ``male``/``female`` are given names; ``second_male``/``second_female`` second given
    names (empty: reuse the first pool); ``family`` family names inherited from the father
    (empty: none); ``muslim`` enables Muhammad/Abdul, H./Hj. and bin/binti;
    ``p_single_old`` the share of people born before 1960 with a single name.
    """

    name: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    second_male: tuple[str, ...] = ()
    second_female: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    muslim: bool = True
    p_two_given: float = 0.6
    p_single_old: float = 0.1
    p_family: float = 0.0


_MUSLIM_M = _split(
    """Ahmad Rizki Fauzi Ilham Arif Hendra Rahmat Agus Hasan Yusuf Ibrahim Ismail Iskandar
    Hidayat Syaiful Zainal Firman Taufik Hamzah Nur Irfan Ridwan Rudi Andi Fajar Dimas Bayu
    Faisal Umar Ali Husein Salim Anwar Rusdi Amir Hanif Hakim Khairul Syahrul Jamaludin Lukman
    Mahmud Nasrullah Rafli Wahyu Yahya Zulfikar Abdullah Habib Hafiz Kurniawan Malik Mansur
    Said Sulaiman Syamsul Usman Zakaria Idris Aziz Bakri Darwis Rasyid Rizal Saleh Yasin"""
)
_MUSLIM_F = _split(
    """Siti Nur Aisyah Fatimah Nurhayati Rina Dewi Sri Aminah Khadijah Zahra Nabila Putri
    Annisa Fitri Rahmawati Maryam Yuliana Wulan Indah Lestari Ayu Rahma Nurul Salma Halimah
    Zainab Hasanah Rohani Aminah Mariani Safitri Ratna Laila Kartini Rukiah Suryani Zubaidah
    Faridah Hafsah Jamilah Latifah Masitah Nadia Rosmawati Sakinah Syarifah Umi Wahyuni
    Yulia Zulaikha Asmah Farah Hani Intan Juwita Kamila Mutiara Naila Raihan Shafa"""
)

_JAWA_M = _split(
    """Budi Agus Joko Slamet Bambang Sugeng Eko Dwi Heru Wahyu Sutrisno Suparman Sukardi
    Suyanto Sumarno Purwanto Teguh Setyo Cahyo Hadi Wibowo Prasetyo Nugroho Santoso Widodo
    Haryanto Sunarto Supriyadi Sugiarto Suharto Sukarno Rudi Yanto Sutarno Kusno Paijo
    Tukiman Sarno Ponimin Wagiman Darmo Tarno Sutejo Giyanto Margono Parjo Suwarno Triyono
    Anang Bagus Dimas Galih Aji Yoga Adi Danang Ragil Guntur Bima Satrio Raden Ngadiman"""
)
_JAWA_F = _split(
    """Sri Siti Tri Dwi Endang Sumarni Suryani Wahyuni Lestari Rahayu Ningsih Sulastri
    Suparti Sukini Sarinah Tumini Painem Sutinah Kasiyem Wartini Giyem Parmi Sumiyati
    Ratna Dewi Indah Yuliani Puji Astuti Handayani Purwanti Setyaningsih Kusumawati
    Widyastuti Rini Retno Ayu Wulan Sekar Galuh Kinanti Anjani Larasati Pratiwi Utami
    Nanik Yati Murni Tuminah Sukinah Jumiati Kasmini Rumini Sutarmi Poniyem Ngatinah"""
)
_JAWA_2M = _split(
    """Santoso Susilo Wibowo Prasetyo Nugroho Setiawan Hidayat Purnomo Saputro Kurniawan
    Riyanto Widodo Hartono Suseno Pamungkas Wicaksono Utomo Sasongko Hermawan Prabowo"""
)
_JAWA_2F = _split(
    """Lestari Wahyuni Rahayu Handayani Astuti Suryani Ningsih Purwaningsih Utami Wulandari
    Anggraini Kusumawati Setyowati Rahmawati Pratiwi Susanti Widayati Sulistyowati"""
)

_SUNDA_M = _split(
    """Asep Ujang Dede Cecep Ade Agus Dadang Deden Encep Endang Iwan Jajang Ujang Yayan Wawan
    Ade Aep Dodi Entis Oman Rohman Saepul Tatang Ucup Usep Yana Yusuf Dani Hendi Rizki
    Ikhsan Galih Fajar Rudi Maman Nana Dudung Kusnadi Sutisna Suherman Hidayat Rahmat"""
)
_SUNDA_F = _split(
    """Euis Neng Cucu Dede Enung Iis Imas Lilis Nining Nunung Popon Tati Yati Eneng Euis
    Ai Ani Dewi Siti Rina Rini Nurlela Kokom Entin Titin Ela Erna Yuyun Wiwin Ratna
    Nenden Rika Sinta Mila Ayu Putri Sari Hana Rosita Komalasari Mulyani Rahayu"""
)
_SUNDA_2M = _split(
    """Saepudin Supriatna Hidayat Suherman Kurniawan Permana Sopian Rohmat Mulyana
    Setiawan Saputra Suryana Ruhiyat Somantri Kusnadi Nugraha Sudrajat Hermawan"""
)
_SUNDA_2F = _split(
    """Nurhayati Komalasari Rahayu Mulyani Susanti Sumarni Rosmiati Kurniasih Sulastri
    Marlina Nurjanah Rohayati Maryati Herlina Fitriani Wulandari Maesaroh"""
)

_BALI_M = _split(
    """Suarta Sudarma Wirawan Adnyana Artawan Budiarta Darmawan
    Dharma Gunawan Mertha Parwata Sujana Sukadana Suparta Widana Yasa Arsana Astawa
    Darma Eka Kariasa Mahendra Oka Putra Sudiarta Sukerta Suwena Wiguna"""
)
_BALI_F = _split(
    """Ayu Sri Dewi Sriani Suastini Sukarini Wartini Ariani Artini Asih Darmini Juliantari
    Kartini Lestari Mariani Purnami Puspita Rusmini Sudiani Suartini Sukasih Sumerti
    Suryani Widiastuti Yuliani Astiti Candra Diah Indrawati Mertayani Sukerti"""
)

_BATAK_M = _split(
    """Roy Rudolf Parlindungan Tua Martua Hotman Binsar Poltak Sahat Togar Bonar Mangasi
    Jhonson Jonathan Daniel Samuel Ricardo Frans Hendrik Bernard Benny Budiman Edward
    Ferdinand Marihot Robert Rudy Sabar Saut Tigor Tumpal Hasudungan Maruli Gomgom Anton"""
)
_BATAK_F = _split(
    """Maria Rosmawati Tiurma Rotua Hotmaida Lasma Nurmala Romauli Sarma Ernita Dameria
    Juniarti Lamria Masniari Nelly Rina Rosdiana Rugun Sondang Tiur Veronika Yanti Debora
    Elisabeth Hana Lidia Marta Melati Novita Ruth Sinta Tumiar"""
)
_BATAK_MARGA = _split(
    """Siregar Nasution Harahap Simanjuntak Sitompul Hutagalung Situmorang Simatupang
    Pardede Sinaga Panjaitan Hutapea Lubis Tampubolon Manurung Silalahi Sihombing
    Simbolon Napitupulu Sitorus Hutabarat Pasaribu Gultom Sianturi Sirait Tambunan
    Purba Saragih Ginting Sembiring Tarigan Damanik Marpaung Aritonang Batubara
    Hasibuan Rambe Daulay Pohan Ritonga Sibarani Sigalingging Matondang Hutauruk"""
)

_MINANG_M = _split(
    """Zulkifli Syafrizal Afrizal Yusrizal Hendri Rizal Erwin Zainal Jasman Asril Darmawan
    Efendi Firdaus Gusmal Irwan Jufri Khairul Masrul Nofrizal Rahmat Rusli Syahrial
    Syamsul Yulizar Zulfahmi Anwar Bustami Chairul Desrizal Elfiandi Fadli Hamdani"""
)
_MINANG_F = _split(
    """Yusnidar Nurhayati Rosmaini Elvi Desi Fitri Yulia Nelmi Rita Asmaniar Darnis Erni
    Gusniati Hasnah Irma Jusmaniar Lismawati Maisarah Nurmaini Ratna Rosnita Syafriani
    Warnita Yenni Zuraida Afrida Delvi Elfira Hayati Linda Mardiah Novia"""
)
_MINANG_2 = _split(
    """Effendi Syahputra Putra Chaniago Piliang Hidayat Saputra Putri Yanti Sari Wati
    Rahman Jamal Syarif Hakim Ilyas Malin Sutan Rajo"""
)

_BUGIS_M = _split(
    """Baso Arif Syamsuddin Jumadi Basri Hamka Nasrul Syahrir Alimuddin
    Rahman Sudirman Abdul Amiruddin Baharuddin Fahruddin Haruna Ilham Jamaluddin Kamaruddin
    Lukman Mappa Nurdin Rusdi Saharuddin Syarifuddin Tajuddin Usman Wahyu Yusran"""
)
_BUGIS_F = _split(
    """Nurhayati Hasnah Sitti Rosmini Hasniati Jumiati Marwah Nurlina Rahmawati Sumarni
    Hadijah Haslinda Irmawati Kasmawati Mardiana Nurfadillah Rahmatia Sahariah
    Sitti Suriani Syamsiah Wahida Yuliana Asriani Darmawati Fatmawati Hamsinah"""
)
_BUGIS_2 = _split(
    """Daeng Mappa Pallawa Tenri Sulle Rahim Latif Mattalitti Arsyad Bakri Hamid Syam
    Tahir Kadir Nur Amir Said Rasyid"""
)

_CHINESE_M = _split(
    """Hendra Budi Kevin Andi Ronald Ferry Hendrik Jimmy Johan Kelvin Sugianto Tommy
    Vincent William Yohanes Michael Steven Edwin Felix Gunawan Handoko Harry Iwan
    Leonardo Rudy Sandy Stanley Teddy Willy Yanto"""
)
_CHINESE_F = _split(
    """Linda Lina Susi Lily Fransiska Jessica Meilani Natalia Olivia Sherly Stephanie
    Vivian Yenny Angela Cindy Dewi Evelyn Fenny Grace Irene Juliana Lanny Lenny Melinda
    Mery Nancy Sonia Veronika Wenny Yuliana"""
)
_CHINESE_FAM = _split(
    """Wijaya Gunawan Halim Salim Tanoto Kurniawan Santoso Setiawan Hartono Susanto
    Tanjaya Lim Tan Liem Oei Gozali Sutanto Widjaja Tjandra Hidayat Kusuma Lukito
    Rusli Sugiharto Tanuwijaya Budiman Darmadi Handoyo Jonathan Suryadi"""
)

_EAST_M = _split(
    """Yohanes Fransiskus Yosef Petrus Paulus Markus Yakobus Stefanus Agustinus Antonius
    Dominikus Alexander Benyamin Daniel Elias Hendrik Ishak Jefri Kornelis Lukas Matius
    Nikolaus Oktovianus Simon Thomas Viktor Yermias Yulius Aris Ferdinand Melkianus"""
)
_EAST_F = _split(
    """Maria Agustina Yohana Yuliana Fransiska Elisabeth Magdalena Margaretha Theresia
    Veronika Anastasia Katarina Kristina Martha Natalia Ester Debora Rut Sarlota
    Yosefina Albertina Bernadeta Dorkas Febiola Helena Imelda Lusia Mariana Paulina"""
)
_EAST_FAM = _split(
    """Rumondor Lumenta Sondakh Pangemanan Tumbelaka Wowor Mandagi Kaunang Rumengan
    Pattinasarany Matulessy Tuhumury Siahaya Latumahina Pattiradjawane Sahetapy Manuputty
    Fanggidae Ndolu Tefa Manafe Benu Nenobais Lake Kolo Bria Seran Mau Ratu Goa
    Wenda Tabuni Kogoya Wonda Yikwa Murib Mayor Rumbiak Karubaba Wanggai Kambu Kareth"""
)

GROUPS: dict[str, Group] = {
    "jawa": Group("jawa", _JAWA_M, _JAWA_F, _JAWA_2M, _JAWA_2F, p_two_given=0.55, p_single_old=0.6),
    "sunda": Group(
        "sunda", _SUNDA_M, _SUNDA_F, _SUNDA_2M, _SUNDA_2F, p_two_given=0.65, p_single_old=0.3
    ),
    "melayu": Group("melayu", _MUSLIM_M, _MUSLIM_F, p_two_given=0.75, p_single_old=0.15),
    "bali": Group("bali", _BALI_M, _BALI_F, muslim=False, p_two_given=0.6),
    "batak": Group(
        "batak",
        _BATAK_M,
        _BATAK_F,
        family=_BATAK_MARGA,
        muslim=False,
        p_family=0.95,
        p_two_given=0.25,
    ),
    "minang": Group(
        "minang", _MINANG_M, _MINANG_F, _MINANG_2, _MINANG_2, p_two_given=0.45, p_single_old=0.3
    ),
    "bugis": Group("bugis", _BUGIS_M, _BUGIS_F, _BUGIS_2, _BUGIS_2, p_two_given=0.6),
    "tionghoa": Group(
        "tionghoa",
        _CHINESE_M,
        _CHINESE_F,
        family=_CHINESE_FAM,
        muslim=False,
        p_family=0.85,
        p_two_given=0.15,
    ),
    "timur": Group(
        "timur",
        _EAST_M,
        _EAST_F,
        family=_EAST_FAM,
        muslim=False,
        p_family=0.9,
        p_two_given=0.35,
    ),
}

#: Spellings of Muhammad, common first (DOMAIN.md, Names), and its abbreviations.
MUHAMMAD_FORMS = ("Muhammad", "Muhamad", "Mohammad", "Mohamad", "Mochammad", "Muchammad")
MUHAMMAD_ABBR = ("M.", "Moh.", "Moch.", "Muh.", "Mhd.", "Md.")

#: Second halves of Abdul- names.
ABDUL_NAMES = _split("Rahman Aziz Hamid Karim Malik Latif Majid Rasyid Gani Wahab Kadir Halim")

#: Balinese birth-order names: first-born, second, third, fourth (then the cycle restarts).
BALI_ORDER = (
    ("Wayan", "Putu", "Gede", "Luh"),
    ("Made", "Kadek", "Nengah"),
    ("Nyoman", "Komang"),
    ("Ketut",),
)

#: Birth places of people born away from their regency.
BIG_CITIES = _split(
    "Jakarta Surabaya Bandung Medan Semarang Makassar Palembang Yogyakarta Malang Surakarta "
    "Padang Denpasar Manado Ambon Kupang Jayapura Pontianak Banjarmasin Pekanbaru Bogor"
)

TITLES_BACK = ("S.Pd.", "S.H.", "S.E.", "S.Kom.", "S.T.", "S.Sos.", "S.Ag.", "A.Md.", "M.Pd.")

#: Given names of twins that sound alike (male, female or mixed pairs).
TWIN_PAIRS = (
    ("Hasan", "Husein", "L", "L"),
    ("Rina", "Rini", "P", "P"),
    ("Putra", "Putri", "L", "P"),
    ("Fitri", "Fitria", "P", "P"),
    ("Adi", "Ade", "L", "L"),
    ("Dewa", "Dewi", "L", "P"),
    ("Nanda", "Nindi", "P", "P"),
    ("Rama", "Rami", "L", "L"),
)
