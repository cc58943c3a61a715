"""sidalih: Indonesian voter-list cleaning, NIK validation and duplicate detection."""

from __future__ import annotations

from sidalih import errors
from sidalih.api import Explanation, Model, Result, Summary, deduplicate, link

__version__ = "0.1.0"

__all__ = ["errors", "deduplicate", "link", "Model", "Result", "Explanation", "Summary",
           "__version__"]
