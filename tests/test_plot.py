"""Charts of sidalih.plot: each builds on a small real result and draws what it was given."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import numpy as np
import polars as pl
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import sidalih  # noqa: E402
from sidalih import plot, quality, synth  # noqa: E402
from sidalih.blocking import block_on, candidate_pairs  # noqa: E402
from sidalih.errors import InputTypeError, InvalidParameterError, SidalihError  # noqa: E402

ELECTION = "2024-02-14"


@pytest.fixture(scope="module")
def data() -> synth.SyntheticList:
    return synth.voters(3_000, seed=3)


@pytest.fixture(scope="module")
def result(data: synth.SyntheticList) -> sidalih.Result:
    return sidalih.deduplicate(data.voters, seed=0, u_pairs=100_000)


@pytest.fixture(scope="module")
def report(data: synth.SyntheticList) -> quality.CheckReport:
    return quality.check(data.voters, election_date=ELECTION)


def _widths(ax: Any) -> np.ndarray:
    return np.array([p.get_width() for p in ax.patches])


def _heights(ax: Any) -> np.ndarray:
    return np.array([p.get_height() for p in ax.patches])


def _line_x(ax: Any) -> float:
    return float(ax.lines[0].get_xdata()[0])


def test_findings_by_village_bars_add_up_to_the_findings(report: quality.CheckReport) -> None:
    fig = plot.findings_by_village(report, top=50)
    ax = fig.axes[0]
    per_village = (
        report.summary(by="kode_desa").group_by("kode_desa").agg(pl.col("n_findings").sum())
    )
    assert _widths(ax).sum() == per_village["n_findings"].sum() == report.n_findings
    shown = {t.get_text() for t in ax.get_yticklabels()}
    assert shown == set(per_village["kode_desa"].fill_null("(tanpa kode desa)").to_list())


def test_findings_by_village_top_keeps_the_villages_with_most(report: quality.CheckReport) -> None:
    per_village = (
        report.summary(by="kode_desa")
        .group_by("kode_desa")
        .agg(pl.col("n_findings").sum())
        .sort("n_findings", descending=True)
    )
    fig = plot.findings_by_village(report, top=2)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[::-1] == per_village["kode_desa"].head(2).to_list()


def test_findings_by_village_with_no_findings_still_draws() -> None:
    clean = quality.check(
        pl.DataFrame({"nama": ["SITI"]}),
        election_date=ELECTION,
        checks=["name_empty"],
        required_elements=(),
    )
    assert clean.n_findings == 0
    fig = plot.findings_by_village(clean)
    assert len(fig.axes) == 1 and len(fig.axes[0].patches) == 0


def test_match_weight_histogram_counts_every_pair(result: sidalih.Result) -> None:
    fig = plot.match_weight_histogram(result, bins=30)
    ax = fig.axes[0]
    pairs = result.pairs_polars()
    # stacked histogram: the top layer's bar tops are the totals per bin
    heights = _heights(ax)
    n = len(ax.patches) // 2
    assert heights[:n].sum() + heights[n:].sum() == pairs.height
    assert _line_x(ax) == pytest.approx(np.log2(0.8 / 0.2))  # the default threshold


def test_match_weight_histogram_takes_a_pandas_pairs_frame(result: sidalih.Result) -> None:
    fig = plot.match_weight_histogram(result.pairs_polars().to_pandas(), threshold=0.5, lang="en")
    assert fig.axes[0].get_xlabel() == "match weight (bits)"
    assert _line_x(fig.axes[0]) == pytest.approx(0.0)


def test_level_weights_one_bar_per_level(result: sidalih.Result) -> None:
    table = result.model.parameter_table()
    fig = plot.level_weights(result.model)
    ax_w, ax_p = fig.axes
    bars = _widths(ax_w)[: table.height]  # the shading bands behind groups come after
    np.testing.assert_allclose(bars, table["match_weight"].clip(-30, 30).to_numpy())
    assert len(ax_p.containers) == 2  # m and u
    assert all(len(c) == table.height for c in ax_p.containers)
    assert (
        plot.level_weights(result)
        .axes[0]
        .get_yticklabels()[0]
        .get_text()
        .startswith(table["comparison"][0])
    )


def test_waterfall_ends_at_the_match_weight(
    data: synth.SyntheticList, result: sidalih.Result
) -> None:
    pair = data.true_pairs().row(0, named=True)
    explanation = result.explain(pair["id_l"], pair["id_r"])
    fig = plot.waterfall(explanation)
    bars: Any = fig.axes[0].patches
    steps = bars[:-1]
    assert len(steps) == 1 + explanation.table.height
    end = steps[-1].get_x() + steps[-1].get_width()
    assert end == pytest.approx(explanation.match_weight)
    assert bars[-1].get_width() == pytest.approx(explanation.match_weight)
    assert steps[0].get_width() == pytest.approx(explanation.prior_weight)


def test_clusters_by_size_matches_the_summary(result: sidalih.Result) -> None:
    summary = result.summary()
    fig = plot.clusters_by_size(summary, min_size=1)
    heights = _heights(fig.axes[0]).astype(int).tolist()
    assert heights == summary.clusters_by_size["clusters"].to_list()
    assert (
        len(plot.clusters_by_size(result).axes[0].patches)
        == summary.clusters_by_size.filter(pl.col("size") >= 2).height
    )


def test_blocking_report_bars_are_the_pairs_per_rule(result: sidalih.Result) -> None:
    frame = result.summary().blocking.to_frame()
    fig = plot.blocking_report(result)
    widths = _widths(fig.axes[0])
    np.testing.assert_array_equal(widths[: frame.height], frame["pairs_generated"].to_numpy())
    np.testing.assert_array_equal(widths[frame.height :], frame["pairs_new"].to_numpy())


def test_blocking_report_marks_skipped_and_split_rules() -> None:
    df = pl.DataFrame({"k": ["a"] * 6 + ["b"], "r": ["x", "x", "y", "y", "z", "z", "z"]})
    rules = [block_on("k", refine_with=["r"]), block_on("missing", required=False)]
    report = candidate_pairs(df, rules, max_block_size=3, window=2).report
    ax = plot.blocking_report(report, lang="en").axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert any("split" in t for t in texts)
    left_out = report.to_frame()["pairs_not_generated"].to_numpy()
    assert left_out[0] > 0
    np.testing.assert_array_equal(_widths(ax)[4:], left_out)  # after 2 + 2 bars
    assert "skipped" in texts


@pytest.mark.parametrize(
    ("function", "bad"),
    [
        (plot.findings_by_village, pl.DataFrame({"a": [1]})),
        (plot.match_weight_histogram, 3),
        (plot.level_weights, "model.json"),
        (plot.waterfall, None),
        (plot.clusters_by_size, [1, 2]),
        (plot.blocking_report, {"rules": []}),
    ],
)
def test_wrong_objects_get_a_typed_error(function: object, bad: object) -> None:
    with pytest.raises(InputTypeError):
        function(bad)  # type: ignore[operator]


def test_bad_options(report: quality.CheckReport, result: sidalih.Result) -> None:
    with pytest.raises(InvalidParameterError, match="top"):
        plot.findings_by_village(report, top=0)
    with pytest.raises(InvalidParameterError, match="lang"):
        plot.clusters_by_size(result, lang="jv")
    with pytest.raises(InvalidParameterError, match="bins"):
        plot.match_weight_histogram(result, bins=0)


def test_missing_matplotlib_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, result: sidalih.Result
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(plot.MissingDependencyError, match=r"sidalih\[plot\]") as info:
        plot.clusters_by_size(result)
    assert isinstance(info.value, SidalihError) and isinstance(info.value, ImportError)


def test_importing_sidalih_and_its_plot_module_does_not_import_matplotlib() -> None:
    code = (
        "import sys, sidalih, sidalih.plot; "
        "sys.exit(1 if any(m.startswith('matplotlib') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
