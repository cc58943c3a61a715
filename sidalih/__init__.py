"""sidalih: Indonesian voter-list cleaning, NIK validation and duplicate detection.

The main entry points are :func:`deduplicate`, :func:`link` and :func:`check`; the
building blocks are submodules, imported on first use (``sidalih.nik``,
``sidalih.names``, ``sidalih.dates``, ``sidalih.regions``, ``sidalih.schema``,
``sidalih.synth``, ``sidalih.blocking``, ``sidalih.compare``, ``sidalih.quality``, ...).

Examples
--------
>>> import sidalih
>>> sidalih.nik.parse_one("3271014101900001").sex
'P'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sidalih import errors

if TYPE_CHECKING:
    from sidalih.api import (
        Explanation,
        Model,
        Result,
        Settings,
        Summary,
        deduplicate,
        link,
        voter_comparisons,
    )
    from sidalih.election import Election
    from sidalih.registry import Registry

__version__ = "0.1.0"

_SUBMODULES = frozenset({
    "api", "blocking", "cluster", "compare", "dates", "engine", "io", "model",
    "names", "nik", "plot", "prepare", "quality", "regions", "registry", "report", "scale",
    "schema", "strings", "synth",
})

__all__ = ["errors", "deduplicate", "link", "check", "Model", "Result", "Explanation",
           "Summary", "Settings", "voter_comparisons", "Election", "Registry", "__version__",
           *sorted(_SUBMODULES)]


def check(voters: Any, **options: Any) -> Any:
    """Quality checks on a voter list: see :func:`sidalih.quality.check`."""
    from sidalih.quality import check as run_check

    return run_check(voters, **options)


_ELSEWHERE = {"Election": "sidalih.election", "Registry": "sidalih.registry"}
_API = frozenset({"deduplicate", "link", "Model", "Result", "Explanation", "Summary", "Settings",
                  "voter_comparisons"})


def __getattr__(name: str) -> Any:
    # Imported on first use so that `import sidalih` stays fast for services that need
    # one function (numba and the engine load only when asked for).
    if name in _API:
        return getattr(importlib.import_module("sidalih.api"), name)
    if name in _ELSEWHERE:
        return getattr(importlib.import_module(_ELSEWHERE[name]), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"sidalih.{name}")
    raise AttributeError(f"module 'sidalih' has no attribute {name!r}")
