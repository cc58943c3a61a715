"""sidalih: Indonesian voter-list cleaning, NIK validation and duplicate detection."""

from __future__ import annotations

from sidalih import errors

__version__ = "0.1.0"

__all__ = ["errors", "__version__"]
