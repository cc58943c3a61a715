"""The voter schema's header aliases, and the canonical name of a header.

Apart from :mod:`sidalih.schema` so that the frame layer (:mod:`sidalih._frames`, which
reads a pandas index named as an id) and the schema (which builds on the frame layer)
both read it without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Collection

__all__ = ["ALIASES", "canonical_name", "column_named", "is_weak_id", "NUMBER_COLUMN"]

#: Canonical column -> accepted aliases (compared after :func:`_header_key`).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "unique_id", "row_id", "record_id", "id_pemilih", "no", "no_urut"),
    # N.I.K and N I K read as n_i_k; "NIK KTP" and "NIK/NO KTP" name the one number twice
    "nik": ("nik", "no_ktp", "nomor_ktp", "no_nik", "nomor_nik", "national_id",
            "nomor_induk_kependudukan", "ktp", "n_i_k", "nik_ktp", "nik_no_ktp"),
    "nkk": ("nkk", "no_kk", "nomor_kk", "no_nkk", "nomor_kartu_keluarga", "family_card_number",
            "kk", "n_k_k"),
    "nama": ("nama", "name", "full_name", "nama_lengkap", "nama_pemilih"),
    "tempat_lahir": ("tempat_lahir", "tmp_lahir", "tpt_lahir", "birth_place", "place_of_birth",
                     "birthplace"),
    "tanggal_lahir": ("tanggal_lahir", "tgl_lahir", "tgllahir", "birth_date", "date_of_birth",
                      "dob", "birthdate"),
    "jenis_kelamin": ("jenis_kelamin", "jk", "l_p", "kelamin", "sex", "gender"),
    "status_kawin": ("status_kawin", "status_perkawinan", "sts_kawin", "kawin", "marital_status"),
    "disabilitas": ("disabilitas", "difabel", "disability"),
    "ektp": ("ektp", "e_ktp", "ktp_el", "status_ektp", "ket_ektp"),
    "alamat": ("alamat", "address", "alamat_lengkap"),
    "rt": ("rt",),
    "rw": ("rw",),
    "kode_desa": ("kode_desa", "kode_wilayah", "kode_kelurahan", "kode_desa_kelurahan",
                  "village_code"),
    "tps": ("tps", "no_tps", "nomor_tps", "polling_station"),
    "keterangan": ("keterangan", "ket", "remark", "remarks"),
}

#: Id aliases that are a printed list's row numbers: a DPT numbers its rows per TPS, so
#: a village's or a district's export repeats them. Such a column gives the ids only
#: when its values are unique and present; otherwise it is kept as :data:`NUMBER_COLUMN`
#: and the rows are numbered.
_WEAK_IDS = ("no", "no_urut")
NUMBER_COLUMN = "nomor"


def is_weak_id(header: str) -> bool:
    """Whether ``header`` names an id only as a printed list's row number (``NO``).

    Examples
    --------
    >>> is_weak_id("NO"), is_weak_id("No. Urut"), is_weak_id("ID")
    (True, True, False)
    """
    return _header_key(header) in _WEAK_IDS


# Characters a header carries unseen: a byte-order mark (a CSV saved by Excel, read
# without utf-8-sig), zero-width spaces and joiners pasted from a web page, and a
# no-break space; "\ufeffNIK" is NIK, not an unknown column passed through unread.
_INVISIBLE = str.maketrans({"\ufeff": None, "\u200b": None, "\u200c": None,
                            "\u200d": None, "\u2060": None, "\u00a0": " "})


def _header_key(header: str) -> str:
    key = str(header).translate(_INVISIBLE).strip().lower()
    return re.sub(r"[\s_\-./]+", "_", key).strip("_")


_ALIAS_LOOKUP: dict[str, str] = {
    _header_key(alias): canonical for canonical, aliases in ALIASES.items() for alias in aliases
}


def canonical_name(header: str) -> str | None:
    """The canonical column a header stands for, or None when it is not a known alias.

    Examples
    --------
    >>> canonical_name("TANGGAL LAHIR"), canonical_name("tgl_lahir"), canonical_name("DOB")
    ('tanggal_lahir', 'tanggal_lahir', 'tanggal_lahir')
    >>> canonical_name("L/P"), canonical_name("warna") is None
    ('jenis_kelamin', True)
    >>> canonical_name("\\ufeffNIK"), canonical_name("Tgl\\u00a0Lahir\\u200b")
    ('nik', 'tanggal_lahir')
    """
    return _ALIAS_LOOKUP.get(_header_key(header))


def column_named(name: str, columns: Collection[str]) -> str | None:
    """The column of a standardised voter frame that ``name`` names, as the user gave it:
    ``name`` itself, else the canonical column of the header it is an alias of (a list
    read with the KPU header ``KODE DESA`` has it as ``kode_desa``); None if neither is
    among ``columns``.

    Examples
    --------
    >>> columns = ["id", "nama", "kode_desa"]
    >>> column_named("KODE DESA", columns), column_named("kode_desa", columns)
    ('kode_desa', 'kode_desa')
    >>> column_named("NIK", columns) is None, column_named("warna", columns) is None
    (True, True)
    """
    if name in columns:
        return name
    canonical = canonical_name(name)
    return canonical if canonical is not None and canonical in columns else None
