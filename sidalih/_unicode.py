"""Unicode digits, spaces and look-alike punctuation as the ASCII the scanning kernels read.

A NIK or a birth date copied from a word processor or typed on a phone may arrive in
full-width digits (``３２７１``, ``２６-０３-１９８２``), other scripts' decimal digits,
with a no-break space or an invisible zero-width character. The NIK parser
(:mod:`sidalih.nik._input`) and the date parser (:mod:`sidalih.dates._parse`) fold such
text with :func:`normalise_unicode` before their ASCII kernels read it. Only decimal
digits become digits: a circled ``①`` or a superscript ``²`` stays what it is.
"""

from __future__ import annotations

import unicodedata

__all__ = ["PUNCT_TO_ASCII", "normalise_unicode"]

#: Full-width and typographic look-alikes of the ASCII characters the kernel knows, and
#: the invisible characters it drops (mapped to ""). :mod:`sidalih.errors` reads the
#: same table, so a NIK written with any of them is masked in messages.
PUNCT_TO_ASCII: dict[str, str] = {
    "\uff0e": ".", "\u3002": ".", "\uff0c": ",", "\uff0d": "-", "\u2010": "-",
    "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\uff0a": "*", "\u2217": "*", "\uff38": "X", "\uff58": "x", "\uff07": "'",
    "\u2018": "'", "\u2019": "'", "\u2032": "'", "\uff0b": "+", "\uff25": "E",
    "\uff45": "e", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
}  # fmt: skip
_PUNCT = str.maketrans(PUNCT_TO_ASCII)


def normalise_unicode(text: str) -> str:
    """Map Unicode decimal digits, spaces and look-alike punctuation to ASCII.

    Only decimal digits count (``unicodedata.decimal``): a circled ``①`` stays and
    makes the value ``non_digit``.

    Examples
    --------
    >>> normalise_unicode("３２７１\u00a0０１０１\uff0e٠١٩٠")
    '3271 0101.0190'
    """
    out = []
    for ch in text.translate(_PUNCT):
        if ch < "\x80":
            out.append(ch)
            continue
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(chr(48 + digit))
        elif ch.isspace():
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)
