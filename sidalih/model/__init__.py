"""The Fellegi–Sunter model: from comparison levels to match weights.

Comparisons (made elsewhere) give each candidate pair an int8 level per comparison:
``-1`` null (says nothing, weight 0), ``0`` "else" (disagree), ``1 .. L-1`` increasing
agreement. :class:`FellegiSunter` learns, per level, ``m`` (its probability among
matching pairs) and ``u`` (among non-matching pairs) and scores a pair by

    match_weight = log2(lambda / (1 - lambda)) + sum over non-null comparisons of log2(m / u)

``u`` comes from randomly sampled pairs. :meth:`FellegiSunter.fit_population` (what
:func:`sidalih.deduplicate` uses; see :mod:`sidalih.model._population`) keeps ``u`` and
``lambda`` those of random pairs of the list, so weights do not depend on how many
pairs blocking produced, learns ``m`` in anchored sessions pulled toward a prior, and
keeps each comparison's weights in their declared order; :meth:`FellegiSunter.fit`
and :meth:`FellegiSunter.fit_sessions` are the plain EM fits. :func:`tf_weight_adjustment` and
:func:`term_frequencies` make agreement on a rare value (a name in its region) weigh
more than agreement on a common one (a placeholder birth date). Models save to and
load from versioned JSON.

Examples
--------
>>> import numpy as np
>>> from sidalih.model import ComparisonSpec, FellegiSunter
>>> model = FellegiSunter([ComparisonSpec("dob", ["else", "exact"])], prior=0.01)
>>> model = model.fit([[1], [0], [0]], u_probabilities=[[0.99, 0.01]])
>>> clone = FellegiSunter.from_dict(model.to_dict())
>>> bool((clone.match_weight([[1], [-1]]) == model.match_weight([[1], [-1]])).all())
True
"""

from __future__ import annotations

from sidalih.model._fs import FellegiSunter
from sidalih.model._serialise import SCHEMA_VERSION
from sidalih.model._spec import ComparisonSpec, ConvergenceWarning
from sidalih.model._tf import term_frequencies, tf_weight_adjustment

__all__ = [
    "ComparisonSpec",
    "ConvergenceWarning",
    "FellegiSunter",
    "SCHEMA_VERSION",
    "term_frequencies",
    "tf_weight_adjustment",
]
