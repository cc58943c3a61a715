"""The report's charts: matplotlib figures (most from :mod:`sidalih.plot`) as inline SVG.

Text stays text in the SVG (``svg.fonttype: none``: small, searchable, sharp) and every
chart gets its own id salt, so the ids of two inlined charts never collide.
"""

from __future__ import annotations

import io
import re
from types import SimpleNamespace
from typing import Any

import numpy as np
import polars as pl

from sidalih import plot
from sidalih.report._load import Run
from sidalih.report._text import text

__all__ = ["svg", "village_chart", "charts"]

_SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#e67e22", "info": "#95a5a6",
                     "duplicates": "#34495e"}
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)


def svg(figure: Any, *, salt: str) -> str:
    """The figure as an ``<svg>`` element (no XML prologue), ids salted with ``salt``."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _PROLOGUE.sub("", buffer.getvalue(), count=1)


def village_chart(data: dict[str, Any], *, lang: str) -> Any:
    """Horizontal stacked bars per village, labelled with the village's name and code."""
    t = text(lang)
    labels = data["labels"][::-1]
    figure = plot._new_figure(9, 1.3 + 0.3 * max(len(labels), 1))
    ax = figure.add_subplot()
    left = np.zeros(len(labels))
    for name, values in data["series"].items():
        shown = np.asarray(values[::-1], dtype=float)
        ax.barh(labels, shown, left=left, label=t.get(name, name),
                color=_SEVERITY_COLOURS.get(name, "#34495e"))
        left += shown
    ax.tick_params(axis="y", labelsize=8)
    title = t["village_title"] if data["kind"] == "findings" else t["village_dup_title"]
    ax.set_title(title.format(top=len(labels), n=data["n_villages"]))
    ax.set_xlabel(t["findings"].lower() if data["kind"] == "findings" else t["n_records_axis"])
    if data["series"]:
        ax.legend(loc="lower right")
    return figure


def _sizes(run: Run) -> Any:
    if run.clusters is None:
        return None
    sizes = run.clusters.group_by("cluster_id").len()
    table = (sizes.group_by("len").agg(pl.len().alias("clusters"))
             .rename({"len": "size"}).sort("size"))
    if not table.filter(pl.col("size") > 1).height:
        return None
    return SimpleNamespace(clusters_by_size=table)


def _blocking(run: Run) -> Any:
    frame = run.blocking
    need = {"rule", "status", "pairs_generated", "pairs_new", "pairs_not_generated",
            "blocks_split"}
    if frame is None or not need <= set(frame.columns):
        return None
    return SimpleNamespace(to_frame=lambda: frame, pairs=int(frame["pairs_new"].sum()))


def charts(run: Run, villages: dict[str, Any] | None, *, lang: str) -> dict[str, str]:
    """Every chart the run's files allow, by name, as SVG text."""
    out: dict[str, str] = {}
    if villages is not None and villages["labels"]:
        out["villages"] = svg(village_chart(villages, lang=lang), salt="villages")
    sizes = _sizes(run)
    if sizes is not None:
        out["sizes"] = svg(plot.clusters_by_size(sizes, lang=lang), salt="sizes")
    pairs = run.pairs
    if pairs is not None and pairs.height and "match_weight" in pairs.columns:
        threshold = run.model.threshold if run.model is not None else None
        figure = plot.match_weight_histogram(pairs, threshold=threshold, lang=lang)
        out["weights"] = svg(figure, salt="weights")
    if run.model is not None:
        out["levels"] = svg(plot.level_weights(run.model, lang=lang), salt="levels")
    blocking = _blocking(run)
    if blocking is not None:
        out["blocking"] = svg(plot.blocking_report(blocking, lang=lang), salt="blocking")
    return out
