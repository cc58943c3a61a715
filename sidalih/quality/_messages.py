"""Texts of the findings, in Bahasa Indonesia (default) and English, rendered in polars.

Each template names its values in braces; :func:`render` turns a template and a
mapping of polars expressions into one string expression, so a detail is built only
for the rows a check flags. A NIK or NKK is never shown whole: :func:`masked` applies
the rule of :func:`sidalih.errors.mask_nik` to a column.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

import polars as pl

from sidalih.errors import InvalidParameterError, mask_long_digits

__all__ = ["LANGS", "TEMPLATES", "MISSING", "render", "masked", "masked_digits", "shown",
           "check_lang"]

LANGS = ("id", "en")

#: Word shown for a missing value.
MISSING = {"id": "<kosong>", "en": "<missing>"}

_MAX_SHOWN = 40
_MAX_STARS = 32

TEMPLATES: dict[str, tuple[str, str]] = {
    # name: (Bahasa Indonesia, English)
    "nik_empty": ("NIK kosong", "NIK is empty"),
    "nik_scientific": (
        # "or ...": 3.27101E+15 read as a number is 3271010000000000 (sidalih.nik)
        "NIK {nik} tertulis dalam notasi ilmiah atau hanya tersisa enam digit diikuti "
        "sepuluh nol; digitnya hilang, minta NIK dari dokumen",
        "NIK {nik} is in scientific notation or only six digits followed by ten zeros are "
        "left; its digits are lost, take it from the document",
    ),
    "nik_lost_precision": (
        "NIK {nik} disimpan sebagai angka pecahan; digit terakhir tidak dapat dipercaya",
        "NIK {nik} was stored as a float; its last digits cannot be trusted",
    ),
    "nik_non_digit": (
        "NIK {nik} berisi huruf atau simbol",
        "NIK {nik} contains letters or symbols",
    ),
    "nik_letters_read": (
        "NIK {nik} berisi huruf pengganti angka (O untuk 0, I untuk 1, ...); dibaca sebagai "
        "{read} dan dipakai untuk pencocokan; perbaiki dari dokumen",
        "NIK {nik} has letters for digits (O for 0, I for 1, ...); read as {read} and used "
        "for matching; correct it from the document",
    ),
    "nik_masked": (
        "NIK {nik} disamarkan; hanya dapat dipakai sebagian",
        "NIK {nik} is masked; usable as a partial key only",
    ),
    "nik_wrong_length": (
        "NIK {nik} terdiri dari {length} digit, bukan 16",
        "NIK {nik} has {length} digits, not 16",
    ),
    "nik_trailing_zero": (
        "NIK {nik} memiliki 17 digit dengan 0 di akhir (sisa migrasi manual)",
        "NIK {nik} has 17 digits ending in 0 (left from manual migration)",
    ),
    "nik_repeated_digits": (
        "NIK {nik} terdiri dari satu digit berulang",
        "NIK {nik} is one digit repeated",
    ),
    "nik_old_format": (
        "NIK {nik} berformat lama (sebelum e-KTP)",
        "NIK {nik} is an old, pre-e-KTP number",
    ),
    "nik_zero_serial": (
        "NIK {nik} bernomor urut 0000 (nomor urut mulai 0001)",
        "NIK {nik} has serial 0000 (serials start at 0001)",
    ),
    "nik_bad_date": (
        "digit 7-12 NIK {nik} bukan tanggal",
        "digits 7-12 of NIK {nik} are not a date",
    ),
    "nik_unknown_region": (
        "kode kecamatan NIK {code} tidak ada di tabel wilayah mana pun",
        "the district code {code} of the NIK is in no region table",
    ),
    "nik_birth_date_mismatch": (
        "tanggal lahir di NIK ({nik_date}) berbeda dengan tanggal lahir tercatat ({date}); "
        "sah bila tanggal lahir pernah dikoreksi",
        "birth date in the NIK ({nik_date}) differs from the recorded one ({date}); "
        "legitimate when the record was corrected",
    ),
    "nik_sex_mismatch": (
        "jenis kelamin menurut NIK {nik_sex}, tercatat {sex}",
        "sex according to the NIK is {nik_sex}, recorded {sex}",
    ),
    "nik_region_moved": (
        "kode wilayah NIK {code} kini bernomor {successor} (NIK tidak berubah)",
        "the NIK's region code {code} is now {successor} (the NIK does not change)",
    ),
    "nik_duplicate_same_person": (
        "NIK {nik} tercatat {n} kali dengan nama dan tanggal lahir yang sama; "
        "dipertahankan id {kept}",
        "NIK {nik} is listed {n} times with the same name and birth date; kept id {kept}",
    ),
    "nik_shared": (
        "NIK {nik} dipakai {n} baris oleh {people} orang berbeda (nama/tanggal lahir)",
        "NIK {nik} is used on {n} rows by {people} different people (name/birth date)",
    ),
    "nik_is_nkk": (
        "NIK {nik} sama dengan NKK baris ini: nomor KK diketik sebagai NIK, bukan identitas "
        "orang; minta NIK dari dokumen",
        "NIK {nik} equals this row's NKK: the family card number typed as the NIK, nobody's "
        "identity; take the NIK from the document",
    ),
    "nik_placeholder": (
        "NIK {nik} dipakai {n} baris oleh {people} orang berbeda (nama/tanggal lahir), lebih "
        "dari {max} catatan yang wajar untuk satu orang: NIK pengisi, bukan identitas",
        "NIK {nik} is on {n} rows of {people} different people (name/birth date), more than "
        "the {max} records one person plausibly has: a placeholder, not an identity",
    ),
    "nkk_empty": ("NKK kosong", "NKK is empty"),
    "nkk_letters_read": (
        "NKK {nkk} berisi huruf pengganti angka; dibaca sebagai {read}; perbaiki dari dokumen",
        "NKK {nkk} has letters for digits; read as {read}; correct it from the document",
    ),
    "nkk_invalid": ("NKK {nkk} tidak sah: {status}", "NKK {nkk} is not valid: {status}"),
    "family_split_tps": (
        "keluarga NKK {nkk} tersebar di {n_tps} TPS desa ini ({tps_list}); TPS utama {main}",
        "family NKK {nkk} is spread over {n_tps} polling stations of this village "
        "({tps_list}); main station {main}",
    ),
    "birth_date_missing": ("tanggal lahir kosong", "birth date is empty"),
    "birth_date_impossible": (
        "tanggal lahir {value} bukan tanggal yang mungkin",
        "birth date {value} is not a possible date",
    ),
    "birth_date_future": (
        "tanggal lahir {value} sesudah hari pemungutan suara",
        "birth date {value} is after polling day",
    ),
    "birth_date_ambiguous": (
        "tahun lahir {value} bermakna ganda (abad tidak jelas)",
        "birth year of {value} is ambiguous (the century is unclear)",
    ),
    "birth_date_placeholder": (
        "tanggal lahir {date} adalah tanggal pengganti ({kind}) untuk tanggal tak diketahui",
        "birth date {date} is a placeholder ({kind}) for an unknown date",
    ),
    "under_age": (
        "berumur {age} tahun pada hari pemungutan suara dan belum kawin ({status})",
        "aged {age} on polling day and never married ({status})",
    ),
    "too_old": (
        "berumur {age} tahun pada hari pemungutan suara; periksa apakah sudah meninggal",
        "aged {age} on polling day; check whether the voter has died",
    ),
    "name_empty": ("nama kosong", "name is empty"),
    "name_placeholder": (
        "nama '{name}' adalah pengisi, bukan nama",
        "name '{name}' is a placeholder, not a name",
    ),
    "name_title_only": (
        "nama '{name}' hanya berisi gelar",
        "name '{name}' holds titles only",
    ),
    "name_one_letter": ("nama '{name}' hanya satu huruf", "name '{name}' is a single letter"),
    "name_bad_chars": (
        "nama '{name}' berisi angka atau simbol",
        "name '{name}' contains digits or symbols",
    ),
    "name_non_latin": (
        "nama '{name}' berisi huruf selain a-z (aksara lain) yang tidak terbaca saat "
        "pencocokan; tulis dengan huruf Latin",
        "name '{name}' has letters other than a-z (another script) that matching cannot "
        "read; write it in Latin letters",
    ),
    "tps_missing": ("TPS kosong", "polling station (TPS) is empty"),
    "tps_overfull": (
        "TPS {tps} desa {village} berisi {n} pemilih, melebihi batas {max}",
        "TPS {tps} of village {village} has {n} voters, more than the limit of {max}",
    ),
    "tps_spans_villages": (
        "TPS {tps} mencakup {n} desa ({villages})",
        "TPS {tps} spans {n} villages ({villages})",
    ),
    "village_missing": ("kode desa kosong", "village code is empty"),
    "village_unknown": (
        "kode desa {code} tidak ada di tabel wilayah {version}",
        "village code {code} is not in the region table {version}",
    ),
    "village_moved": (
        "kode desa {code} kini bernomor {successor}",
        "village code {code} is now {successor}",
    ),
    "required_missing": (
        "elemen data wajib kosong: {elements}",
        "required data elements are empty: {elements}",
    ),
    "sex_invalid": (
        "jenis kelamin '{value}' bukan L atau P",
        "sex '{value}' is neither L nor P",
    ),
    "marital_invalid": (
        "status perkawinan '{value}' bukan B, S atau P",
        "marital status '{value}' is not B, S or P",
    ),
    "duplicate": (
        "kemungkinan pemilih ganda: kelompok {cluster} berisi {n} catatan; dipertahankan id {kept}",
        "possible double voter: group {cluster} has {n} records; kept id {kept}",
    ),
}


def check_lang(lang: str) -> int:
    """Index of ``lang`` in :data:`LANGS`, or an :class:`InvalidParameterError`."""
    if lang not in LANGS:
        raise InvalidParameterError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}")
    return LANGS.index(lang)


def render(template: str, values: Mapping[str, pl.Expr], *, lang: str) -> pl.Expr:
    """One String expression: ``template`` with each ``{name}`` replaced by ``values[name]``.

    Missing values are shown as :data:`MISSING` so a detail is never null.

    Examples
    --------
    >>> df = pl.DataFrame({"n": [345, None]})
    >>> df.select(render("{n} voters", {"n": pl.col("n")}, lang="en")).to_series().to_list()
    ['345 voters', '<missing> voters']
    """
    parts: list[pl.Expr] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if name is not None:
            if name not in values:
                raise KeyError(f"template value {name!r} not supplied")
            parts.append(values[name].cast(pl.String).fill_null(MISSING[lang]))
    return pl.concat_str(parts) if parts else pl.lit("")


def masked(expr: pl.Expr) -> pl.Expr:
    """Column form of :func:`sidalih.errors.mask_nik`: 4 leading and 4 trailing characters.

    Shorter than 12 characters: all stars; null stays null. Values longer than 40
    characters (no NIK is) show at most 32 stars.

    Examples
    --------
    >>> pl.DataFrame({"v": ["3271010101900001", "12345", None]}).select(
    ...     masked(pl.col("v"))).to_series().to_list()
    ['3271********0001', '*****', None]
    """
    text = expr.cast(pl.String)
    n = text.str.len_chars()
    stars = pl.lit("*" * _MAX_STARS)
    return (
        pl.when(n < 12)
        .then(stars.str.slice(0, n))
        .otherwise(
            pl.concat_str(text.str.slice(0, 4), stars.str.slice(0, n - 8), text.str.slice(-4))
        )
    )


def _mask_grouped(values: pl.Series) -> pl.Series:
    """Mask NIKs written in digit groups ("3271 0141 0190 0001", "327101,540398,0001") or
    in other scripts' digits, which the regex of :func:`shown` cannot count; only the few
    values that hold 12 digits or more and something besides ASCII digit runs go to
    Python."""
    grouped = ((values.str.count_matches(r"\d") >= 12)
               & (values.str.contains(r"\d[\s.,\-]+\d") | values.str.contains(r"[^\x00-\x7f]")))
    rows = grouped.fill_null(False).arg_true()
    if not len(rows):
        return values
    fixed = pl.Series([mask_long_digits(v) for v in values.gather(rows)], dtype=pl.String)
    return values.clone().scatter(rows, fixed)


def masked_digits(expr: pl.Expr) -> pl.Expr:
    """``expr`` as text with every run of 12 or more digits masked, as
    :func:`sidalih.errors.mask_long_digits` masks them (digit groups and other scripts'
    digits too), and nothing else changed: for a record id quoted in a message (``kept
    id ...``), which is often a NIK and must still name its row.

    Examples
    --------
    >>> pl.DataFrame({"v": ["3271014101900001", "000000017", None]}).select(
    ...     masked_digits(pl.col("v"))).to_series().to_list()
    ['3271********0001', '000000017', None]
    """
    return (
        expr.cast(pl.String)
        .map_batches(_mask_grouped, return_dtype=pl.String, is_elementwise=True)
        .str.replace_all(r"([0-9]{4})[0-9]{4,}([0-9]{4})", "${1}********${2}")
    )


def shown(expr: pl.Expr) -> pl.Expr:
    """A raw value safe and short enough for a message: at most 40 characters, any run
    of 12 or more digits masked (a NIK in the wrong column, e.g. a shifted spreadsheet),
    also when written in groups as :func:`sidalih.errors.mask_long_digits` reads them.

    Examples
    --------
    >>> pl.DataFrame({"v": ["a" * 50]}).select(shown(pl.col("v"))).item()[-4:]
    'aaa…'
    >>> pl.DataFrame({"v": ["nik 3271014101900001"]}).select(shown(pl.col("v"))).item()
    'nik 3271********0001'
    >>> pl.DataFrame({"v": ["nik 3271 0141 0190 0001"]}).select(shown(pl.col("v"))).item()
    'nik 3271 **** **** 0001'
    """
    text = masked_digits(expr.cast(pl.String).str.replace_all(r"\s+", " ").str.strip_chars())
    return (
        pl.when(text.str.len_chars() > _MAX_SHOWN)
        .then(pl.concat_str(text.str.slice(0, _MAX_SHOWN - 1), pl.lit("…")))
        .otherwise(text)
    )
