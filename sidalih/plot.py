"""Charts of check reports, deduplication results, models and explanations (matplotlib).

Every function takes an object sidalih returns and gives back a
:class:`matplotlib.figure.Figure`; nothing is shown or written. In a notebook the figure
displays itself when it is the cell's last value; elsewhere save it with
``fig.savefig("chart.png")``. Options after the data are keyword-only.

Why matplotlib: its figures are static PNG/SVG, so a notebook committed with its outputs
shows its charts on a code-hosting page, and a scheduled job can write a chart to a
file without a browser, a JavaScript renderer or a server. Figures are built without
``pyplot`` (no global figure registry, nothing to close, no duplicate display).

matplotlib is imported only when a chart is drawn, so ``import sidalih`` never loads
it (``sidalih report`` draws these charts into its page).

The module is longer than most here (about 550 lines) on purpose: six chart functions
that share the figure, text and label helpers above them, and a reader looking for a
chart finds every one in one place.

=========================  ==========================================================
function                   draws
=========================  ==========================================================
:func:`findings_by_village` findings per village, split by severity
:func:`match_weight_histogram` match weights of the scored pairs, matched or not
:func:`level_weights`      weight ``log2(m/u)`` of each comparison level, and m and u
:func:`waterfall`          prior weight plus each comparison's weight, one pair
:func:`clusters_by_size`   number of clusters of each size
:func:`blocking_report`    candidate pairs per blocking rule, new and already found
=========================  ==========================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from sidalih._frames import frame_to_polars
from sidalih.errors import InputTypeError, InvalidParameterError, SidalihError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "MissingDependencyError",
    "findings_by_village",
    "match_weight_histogram",
    "level_weights",
    "waterfall",
    "clusters_by_size",
    "blocking_report",
]

_GOOD, _BAD, _NEUTRAL, _LIGHT = "#2a7f62", "#c0392b", "#34495e", "#aab7c4"
_SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#e67e22", "info": "#95a5a6"}

_TEXT = {
    "id": {
        "findings": "temuan",
        "village": "kode desa",
        "no_village": "(tanpa kode desa)",
        "findings_title": "Temuan per desa (teratas {top})",
        "weight": "bobot kecocokan (match weight, bit)",
        "pairs": "pasangan",
        "matched": "digabung",
        "not_matched": "tidak digabung",
        "threshold": "ambang {p:g}",
        "hist_title": "Sebaran bobot {n:,} pasangan",
        "level_weight": "bobot log2(m/u)",
        "probability": "probabilitas (skala log)",
        "levels_title": "Bobot tiap level perbandingan",
        "prior": "bobot awal (prior)",
        "total": "total",
        "waterfall_title": "{l} vs {r}: bobot {w:+.1f}, probabilitas {p:.3f}, {v}: {m}",
        "size": "ukuran klaster (jumlah catatan)",
        "clusters": "klaster",
        "clusters_title": "Klaster menurut ukuran",
        "generated": "pasangan dari aturan",
        "new": "pasangan baru (belum ditemukan aturan sebelumnya)",
        "blocking_title": "Pasangan kandidat per aturan blocking ({n:,} total)",
        "not_generated": "tidak dibuat (pembatas ukuran blok)",
        "skipped": "dilewati",
        "split": "dipecah",
    },
    "en": {
        "findings": "findings",
        "village": "village code",
        "no_village": "(no village code)",
        "findings_title": "Findings by village (top {top})",
        "weight": "match weight (bits)",
        "pairs": "pairs",
        "matched": "matched",
        "not_matched": "not matched",
        "threshold": "threshold {p:g}",
        "hist_title": "Match weights of {n:,} pairs",
        "level_weight": "weight log2(m/u)",
        "probability": "probability (log scale)",
        "levels_title": "Weight of each comparison level",
        "prior": "prior weight",
        "total": "total",
        "waterfall_title": "{l} vs {r}: weight {w:+.1f}, probability {p:.3f}, {v}: {m}",
        "size": "cluster size (records)",
        "clusters": "clusters",
        "clusters_title": "Clusters by size",
        "generated": "pairs from the rule",
        "new": "new pairs (not found by an earlier rule)",
        "blocking_title": "Candidate pairs per blocking rule ({n:,} in all)",
        "not_generated": "not generated (block size bound)",
        "skipped": "skipped",
        "split": "split",
    },
}


class MissingDependencyError(SidalihError, ImportError):
    """An optional dependency (here matplotlib) is not installed."""


# ---------------------------------------------------------------------------- helpers


def _new_figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingDependencyError(
            "sidalih.plot needs matplotlib, which is not installed; install it with "
            "pip install 'sidalih[plot]' (or pip install matplotlib)"
        ) from exc
    return Figure(figsize=(width, height), dpi=90, layout="constrained")


def _text(lang: str) -> dict[str, str]:
    if lang not in _TEXT:
        raise InvalidParameterError(f"lang must be one of {tuple(_TEXT)}, got {lang!r}")
    return _TEXT[lang]


def _wrong_type(what: str, got: object) -> InputTypeError:
    return InputTypeError(f"{what}; got {type(got).__name__}")


def _weight_of(probability: float) -> float:
    """The threshold's weight as clustering reads it (a threshold of 1 included)."""
    from sidalih.engine._score import threshold_weight

    return threshold_weight(probability)


def _pairs_of(result: Any) -> pl.DataFrame:
    if hasattr(result, "pairs_polars"):
        return result.pairs_polars()
    if hasattr(result, "columns"):
        frame, _ = frame_to_polars(result)
        return frame
    raise _wrong_type("expected a Result of deduplicate()/link() or its pairs frame", result)


def _bar_labels(ax: Axes, bars: Any, values: np.ndarray) -> None:
    for bar, value in zip(bars, values, strict=True):
        ax.annotate(
            f"{int(value):,}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
        )


# ---------------------------------------------------------------------------- quality


def findings_by_village(report: Any, *, top: int = 20, lang: str = "id") -> Figure:
    """Horizontal bars: findings of the ``top`` villages with most, split by severity.

    Parameters
    ----------
    report
        A :class:`sidalih.quality.CheckReport` (what :func:`sidalih.quality.check` returns).
    top
        Number of villages shown, most findings first.
    lang
        ``"id"`` or ``"en"`` for the labels.

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih import plot, quality
    >>> voters = pl.DataFrame({"nik": ["3271014101900001", "123"], "nama": ["SITI", ""],
    ...                        "kode_desa": ["3271011001", "3271011001"]})
    >>> fig = plot.findings_by_village(quality.check(voters, election_date="2024-02-14"))
    >>> fig.axes[0].get_xlabel()
    'temuan'
    """
    text = _text(lang)
    if top < 1:
        raise InvalidParameterError(f"top must be at least 1, got {top}")
    if not (hasattr(report, "summary") and hasattr(report, "n_findings")):
        raise _wrong_type("expected a CheckReport from sidalih.quality.check()", report)
    counts, _ = frame_to_polars(report.summary(by="kode_desa"))
    table = (
        counts.with_columns(pl.col("kode_desa").fill_null(text["no_village"]))
        .pivot("severity", index="kode_desa", values="n_findings", aggregate_function="sum")
        .fill_null(0)
    )
    severities = [s for s in _SEVERITY_COLOURS if s in table.columns]
    table = (
        table.with_columns(
            pl.sum_horizontal(severities).alias("_total")
            if severities
            else pl.lit(0).alias("_total")
        )
        .sort(["_total", "kode_desa"], descending=[True, False])
        .head(top)
        .reverse()
    )
    fig = _new_figure(8, 1.2 + 0.3 * max(table.height, 1))
    ax = fig.add_subplot()
    left = np.zeros(table.height)
    for severity in severities:
        values = table[severity].to_numpy().astype(float)
        ax.barh(
            table["kode_desa"].to_list(),
            values,
            left=left,
            label=severity,
            color=_SEVERITY_COLOURS[severity],
        )
        left += values
    ax.set_xlabel(text["findings"])
    ax.set_ylabel(text["village"])
    ax.set_title(text["findings_title"].format(top=top))
    if severities:
        ax.legend(loc="lower right")
    return fig


# ---------------------------------------------------------------------------- results


def match_weight_histogram(
    result: Any, *, bins: int = 60, threshold: float | None = None, lang: str = "id"
) -> Figure:
    """Histogram of the match weights of the listed pairs, matched and not, log counts.

    ``Result.pairs`` lists the pairs at or above ``pairs_floor`` probability (0.5 by
    default, weight 0) plus the pairs for review (one NIK on two people) and forced
    merges, whatever their weight; a twin, family or namesake veto is among them where it
    overruled the model.

    Parameters
    ----------
    result
        A :class:`sidalih.Result`, or its ``pairs`` frame (pandas or polars).
    bins
        Number of histogram bins.
    threshold
        Match probability drawn as a vertical line; default the model's threshold.
    lang
        ``"id"`` or ``"en"`` for the labels.

    Examples
    --------
    >>> import polars as pl, sidalih
    >>> from sidalih import plot
    >>> voters = pl.DataFrame({"nik": ["3271014101900001", "3271014101900001", "3271010202850003"],
    ...                        "nama": ["SITI AMINAH", "Siti Aminah", "BUDI SANTOSO"],
    ...                        "tanggal_lahir": ["01-01-1990", "01-01-1990", "02-02-1985"]})
    >>> fig = plot.match_weight_histogram(sidalih.deduplicate(voters))
    >>> len(fig.axes[0].patches) > 0
    True
    """
    text = _text(lang)
    if bins < 1:
        raise InvalidParameterError(f"bins must be at least 1, got {bins}")
    pairs = _pairs_of(result)
    if threshold is None and hasattr(result, "model"):
        threshold = result.model.threshold
    weights = pairs["match_weight"].to_numpy().astype(float)
    matched = (
        pairs["matched"].to_numpy().astype(bool)
        if "matched" in pairs.columns
        else np.zeros(len(weights), dtype=bool)
    )
    finite = np.isfinite(weights)
    fig = _new_figure(8, 4)
    ax = fig.add_subplot()
    if finite.any():
        edges = np.histogram_bin_edges(weights[finite], bins=bins).tolist()
        ax.hist(
            [weights[finite & ~matched], weights[finite & matched]],
            bins=edges,
            stacked=True,
            color=[_LIGHT, _GOOD],
            label=[text["not_matched"], text["matched"]],
        )
        ax.set_yscale("log")
    if threshold is not None:
        ax.axvline(
            _weight_of(threshold),
            color=_BAD,
            linestyle="--",
            label=text["threshold"].format(p=threshold),
        )
    ax.set_xlabel(text["weight"])
    ax.set_ylabel(text["pairs"])
    ax.set_title(text["hist_title"].format(n=len(weights)))
    ax.legend()
    return fig


def clusters_by_size(result: Any, *, min_size: int = 2, lang: str = "id") -> Figure:
    """Bars: number of clusters of each size (singletons left out by default).

    Parameters
    ----------
    result
        A :class:`sidalih.Result` or its :class:`sidalih.Summary`.
    min_size
        Smallest cluster size shown (1 shows the records without any duplicate).
    lang
        ``"id"`` or ``"en"`` for the labels.

    Examples
    --------
    >>> import polars as pl, sidalih
    >>> from sidalih import plot
    >>> voters = pl.DataFrame({"nik": ["3271014101900001", "3271014101900001", "3271010202850003"],
    ...                        "nama": ["SITI AMINAH", "Siti Aminah", "BUDI SANTOSO"],
    ...                        "tanggal_lahir": ["01-01-1990", "01-01-1990", "02-02-1985"]})
    >>> fig = plot.clusters_by_size(sidalih.deduplicate(voters), min_size=1)
    >>> [int(p.get_height()) for p in fig.axes[0].patches]
    [1, 1]
    """
    text = _text(lang)
    summary = result.summary() if hasattr(result, "summary") else result
    if not hasattr(summary, "clusters_by_size"):
        raise _wrong_type("expected a Result or a Summary", result)
    table = frame_to_polars(summary.clusters_by_size)[0]  # pandas for a pandas run
    table = table.filter(pl.col("size") >= min_size).sort("size")
    fig = _new_figure(6, 3.5)
    ax = fig.add_subplot()
    sizes = table["size"].to_numpy()
    counts = table["clusters"].to_numpy()
    bars = ax.bar([str(s) for s in sizes], counts, color=_NEUTRAL)
    _bar_labels(ax, bars, counts)
    ax.set_xlabel(text["size"])
    ax.set_ylabel(text["clusters"])
    ax.set_title(text["clusters_title"])
    return fig


# ---------------------------------------------------------------------------- model


def level_weights(model: Any, *, lang: str = "id") -> Figure:
    """Two panels per comparison level: its weight ``log2(m/u)``, and m beside u.

    A level far right of zero is strong evidence of one person (m much larger than u);
    far left, strong evidence of two.

    Parameters
    ----------
    model
        A trained :class:`sidalih.Model`, or a :class:`sidalih.Result` (its model).
    lang
        ``"id"`` or ``"en"`` for the labels.

    Examples
    --------
    >>> import polars as pl, sidalih
    >>> from sidalih import plot
    >>> voters = pl.DataFrame({"nik": ["3271014101900001", "3271014101900001", "3271010202850003"],
    ...                        "nama": ["SITI AMINAH", "Siti Aminah", "BUDI SANTOSO"],
    ...                        "tanggal_lahir": ["01-01-1990", "01-01-1990", "02-02-1985"]})
    >>> fig = plot.level_weights(sidalih.deduplicate(voters))
    >>> len(fig.axes)
    2
    """
    text = _text(lang)
    model = getattr(model, "model", model)
    if not hasattr(model, "parameter_table"):
        raise _wrong_type("expected a trained sidalih.Model or a Result", model)
    table = model.parameter_table()
    labels = [f"{c}: {lab}" for c, lab in zip(table["comparison"], table["label"], strict=True)]
    weights = table["match_weight"].to_numpy().astype(float)
    shown = np.clip(np.nan_to_num(weights, nan=0.0, posinf=30.0, neginf=-30.0), -30, 30)
    y = np.arange(len(labels))[::-1]
    fig = _new_figure(11, 1.0 + 0.28 * max(len(labels), 1))
    ax_w, ax_p = fig.subplots(1, 2, sharey=True, width_ratios=[3, 2])
    ax_w.barh(y, shown, color=np.where(shown >= 0, _GOOD, _BAD))
    ax_w.axvline(0, color="black", linewidth=0.8)
    ax_w.set_yticks(y, labels, fontsize=8)
    ax_w.set_xlabel(text["level_weight"])
    ax_w.set_title(text["levels_title"])
    floor = 1e-9
    m = np.maximum(table["m"].to_numpy().astype(float), floor)
    u = np.maximum(table["u"].to_numpy().astype(float), floor)
    ax_p.barh(y + 0.2, m, height=0.4, color=_GOOD, label="m")
    ax_p.barh(y - 0.2, u, height=0.4, color=_LIGHT, label="u")
    ax_p.set_xscale("log")
    ax_p.set_xlabel(text["probability"])
    ax_p.legend(loc="lower right")
    _shade_comparisons(table["comparison"].to_list(), y, (ax_w, ax_p))
    return fig


def _shade_comparisons(names: list[str], y: np.ndarray, axes: tuple[Axes, ...]) -> None:
    """Alternate a light band behind each comparison's levels so groups read apart."""
    groups: list[tuple[int, int]] = []
    for i, name in enumerate(names):
        if groups and names[groups[-1][0]] == name:
            groups[-1] = (groups[-1][0], i)
        else:
            groups.append((i, i))
    for g, (first, last) in enumerate(groups):
        if g % 2:
            for ax in axes:
                ax.axhspan(y[last] - 0.5, y[first] + 0.5, color="#f2f4f6", zorder=0)


def waterfall(explanation: Any, *, lang: str = "id") -> Figure:
    """One pair's match weight built up: the prior, then each comparison, then the total.

    Each bar starts where the previous one ended; green adds evidence for one person,
    red against. The title gives the final weight, probability and verdict (a domain
    rule such as ``twin`` can keep a high-weight pair apart).

    Parameters
    ----------
    explanation
        What :meth:`sidalih.Result.explain` returns.
    lang
        ``"id"`` or ``"en"`` for the labels.

    Examples
    --------
    >>> import polars as pl, sidalih
    >>> from sidalih import plot
    >>> voters = pl.DataFrame({"nik": ["3271014101900001", "3271014101900001", "3271010202850003"],
    ...                        "nama": ["SITI AMINAH", "Siti Aminah", "BUDI SANTOSO"],
    ...                        "tanggal_lahir": ["01-01-1990", "01-01-1990", "02-02-1985"]})
    >>> fig = plot.waterfall(sidalih.deduplicate(voters).explain(0, 1))
    >>> len(fig.axes[0].patches)  # prior, 3 comparisons, total
    5
    """
    text = _text(lang)
    if not (hasattr(explanation, "table") and hasattr(explanation, "prior_weight")):
        raise _wrong_type("expected an Explanation from Result.explain()", explanation)
    table = explanation.table
    steps = [float(explanation.prior_weight), *table["weight"].to_numpy().astype(float)]
    # the level phrase already names its field ("NIK sama", "nama mirip")
    names = [text["prior"], *table["level"].cast(pl.String).to_list()]
    starts = np.concatenate([[0.0], np.cumsum(steps)[:-1]])
    total = float(explanation.match_weight)
    y = np.arange(len(steps) + 1)[::-1]
    fig = _new_figure(9, 1.4 + 0.4 * len(y))
    ax = fig.add_subplot()
    colours = [_NEUTRAL] + [_GOOD if s >= 0 else _BAD for s in steps[1:]]
    ax.barh(y[:-1], steps, left=starts, color=colours)
    ax.barh(y[-1], total, color=_GOOD if total >= 0 else _BAD, hatch="//", edgecolor="white")
    for yy, start, step in zip(y[:-1], starts, steps, strict=True):
        ax.annotate(
            f"{step:+.1f}",
            (start + step, yy),
            xytext=(4 if step >= 0 else -4, 0),
            textcoords="offset points",
            va="center",
            ha="left" if step >= 0 else "right",
            fontsize=8,
        )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [*names, text["total"]], fontsize=8)
    ax.set_xlabel(text["weight"])
    ax.set_title(
        text["waterfall_title"].format(
            l=explanation.id_l,
            r=explanation.id_r,
            w=total,
            p=explanation.match_probability,
            v=explanation.verdict,
            m=text["matched"] if explanation.matched else text["not_matched"],
        ),
        fontsize=10,
    )
    # bars stick to their edges, which would swallow the margin the labels need
    ax.use_sticky_edges = False
    ax.margins(x=0.12)
    return fig


# ---------------------------------------------------------------------------- blocking


def blocking_report(report: Any, *, lang: str = "id") -> Figure:
    """Horizontal bars per blocking rule: pairs it generated and, of those, the new ones.

    A long light bar with a short dark one is a rule that mostly re-finds pairs of the
    rules above it; ``split`` marks a rule whose large blocks the skew guard split, and a
    hatched extension the pairs its blocks held that the guard did not generate.

    Parameters
    ----------
    report
        A :class:`sidalih.blocking.BlockingReport`, or a Result / Summary that holds one.
    lang
        ``"id"`` or ``"en"`` for the labels.

    Examples
    --------
    >>> import polars as pl
    >>> from sidalih import plot
    >>> from sidalih.blocking import block_on, candidate_pairs
    >>> df = pl.DataFrame({"k": ["a", "a", "a", "b"], "j": ["x", "x", "y", "y"]})
    >>> report = candidate_pairs(df, [block_on("k"), block_on("j")]).report
    >>> fig = plot.blocking_report(report)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['k', 'j']
    """
    text = _text(lang)
    if hasattr(report, "summary") and not hasattr(report, "to_frame"):
        report = report.summary()
    report = getattr(report, "blocking", report)
    if not hasattr(report, "to_frame"):
        raise _wrong_type("expected a BlockingReport, a Result or a Summary", report)
    table = frame_to_polars(report.to_frame())[0]  # pandas for a pandas run
    y = np.arange(table.height)[::-1]
    fig = _new_figure(9, 1.8 + 0.35 * max(table.height, 1))
    ax = fig.add_subplot()
    generated = table["pairs_generated"].to_numpy().astype(float)
    new = table["pairs_new"].to_numpy().astype(float)
    left_out = table["pairs_not_generated"].to_numpy().astype(float)
    ax.barh(y, generated, color=_LIGHT, label=text["generated"])
    ax.barh(y, new, height=0.5, color=_NEUTRAL, label=text["new"])
    if left_out.any():
        ax.barh(
            y,
            left_out,
            left=generated,
            fill=False,
            hatch="//",
            edgecolor=_BAD,
            label=text["not_generated"],
        )
    for row, yy, value in zip(table.iter_rows(named=True), y, generated, strict=True):
        note = f"{int(value):,}"
        if row["status"] != "used":
            note = text["skipped"]
        elif row["blocks_split"]:
            note += f" ({text['split']}: {row['blocks_split']:,})"
        ax.annotate(
            note, (value, yy), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8
        )
    ax.set_yticks(y, table["rule"].to_list(), fontsize=8)
    ax.set_xlabel(text["pairs"])
    ax.set_title(text["blocking_title"].format(n=report.pairs))
    ax.xaxis.set_major_formatter("{x:,.0f}")
    fig.legend(loc="outside lower center", ncols=3, fontsize=8)
    ax.margins(x=0.25)
    return fig
