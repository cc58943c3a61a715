"""Naive references for sidalih.regions (region-code text and the validity masks)."""

from __future__ import annotations

# ---------------------------------------------------------------- region code text

_GROUPS = (2, 2, 2, 4)  # province, regency, district, village digits


def clean_code_reference(code: object) -> str | None:
    """Walk the text group by group: digits, then at most one dot before the next group."""
    if not isinstance(code, str):
        return None
    text = code.strip()
    digits: list[str] = []
    pos = 0
    for n_group, size in enumerate(_GROUPS):
        if pos == len(text):
            break
        if n_group > 0 and text[pos] == ".":
            pos += 1
        group = text[pos : pos + size]
        if len(group) != size or any(ch not in "0123456789" for ch in group):
            return None
        digits.append(group)
        pos += size
    if pos != len(text) or not digits:
        return None
    return "".join(digits)


def mask_reference(rows: list[tuple[str, bool, bool, bool]], size: int) -> list[int]:
    """Bit k of entry int(code) set when some row of that code is valid in version k."""
    out = [0] * size
    for code, *flags in rows:
        for k, flag in enumerate(flags):
            if flag:
                out[int(code)] |= 1 << k
    return out
