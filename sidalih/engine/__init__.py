"""The engine behind every front door: prepare, block, compare, fit, score, cluster.

The in-memory functions (:func:`sidalih.deduplicate`, :func:`sidalih.link`), the
out-of-core run (:mod:`sidalih.scale`), the Spark run (:mod:`sidalih.spark`) and
``Result.explain`` all call the same pieces here, so a pair scores the same floats
whichever path reaches it:

============================  ========================================================
:class:`Settings`             every option of a run, checked once, saved with a model
:func:`prepare_records`       standardise and prepare a list (or number its rows)
:func:`fit`                   a *new* fitted :class:`Model` (the template is unchanged)
:func:`score_pairs`           compare → term frequencies → weights → domain verdicts
:func:`run`                   the whole in-memory run, clusters included
:func:`cluster_labels`        merge pairs at or above the threshold, never across vetoes
============================  ========================================================

Modules: ``_settings`` (options), ``_model`` (the model as data, the national
default), ``_comparisons`` (the default voter comparisons), ``_fit`` (u and the prior
from random pairs, m from anchored sessions), ``_tf`` (term frequencies), ``_score``,
``_judgement`` (twins, father and son, one NIK for two people...), ``_reasons`` (the
words of an explanation), ``_run``. Nothing here imports :mod:`sidalih.api`,
:mod:`sidalih.scale` or :mod:`sidalih.spark`: they import the engine.
"""

from sidalih._hugepages import avoid_compaction_stalls
from sidalih.engine._comparisons import voter_comparisons
from sidalih.engine._model import Model
from sidalih.engine._prepare import prepare_records
from sidalih.engine._run import Scored, fit, resolve, run
from sidalih.engine._score import PairScores, cluster_labels, score_pairs
from sidalih.engine._settings import Settings

__all__ = ["Settings", "Model", "prepare_records", "fit", "run", "resolve", "score_pairs",
           "PairScores", "cluster_labels", "Scored", "voter_comparisons"]

# Every path that scores pairs imports the engine: from here on, fresh numpy arrays do
# not stall for huge-page compaction where the kernel would (sidalih._hugepages).
avoid_compaction_stalls()
