"""The report page: the run's data through the Jinja2 template, one self-contained file.

The template (``templates/report.html.j2``) inlines its stylesheet and script and the
charts' SVG; nothing is fetched from the network. Autoescaping is on: every value from
the data is escaped, and only the charts (SVG that matplotlib wrote) are marked safe.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from sidalih.errors import SidalihError, mask_long_digits
from sidalih.report import _charts, _data
from sidalih.report._load import Run
from sidalih.report._text import text

__all__ = ["render", "MAX_ROWS", "TOP_VILLAGES"]

MAX_ROWS = 500
"""Clusters and pairs embedded at most (each); the rest stay in the folder's tables."""
TOP_VILLAGES = 25


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("sidalih.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["num"] = _num
    environment.filters["masked"] = lambda v: mask_long_digits(str(v))
    return environment


def _num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and digits == 0
                                  and float(value).is_integer()):
        return f"{int(value):,}"
    return f"{float(value):,.{digits}f}"


def render(run: Run, *, lang: str = "id", max_rows: int = MAX_ROWS,
           blocking_note: str | None = None) -> str:
    """The report of ``run`` as one HTML document."""
    from sidalih import __version__

    t = text(lang)
    villages = _data.findings_by_village(run, top=TOP_VILLAGES, missing=t["no_village_code"])
    try:
        charts = _charts.charts(run, villages, lang=lang)
        chart_error = None
    except SidalihError as exc:  # matplotlib missing: the tables still help
        charts, chart_error = {}, str(exc)
    clusters, n_clusters = _data.cluster_rows(run, max_rows=max_rows)
    pairs, n_pairs = _data.pair_rows(run, max_rows=max_rows, lang=lang, texts=t)
    blocking_columns, blocking = _data.blocking_rows(run)
    return _environment().get_template("report.html.j2").render(
        t=t,
        lang=lang,
        version=__version__,
        generated=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        folders=[mask_long_digits(str(f)) for f in run.folders],
        has_dedupe=run.clusters is not None,
        has_check=run.findings is not None,
        head=_data.headline(run),
        severities=_data.SEVERITIES,
        by_check=_data.findings_by_check(run),
        villages=villages,
        charts=charts,
        chart_error=chart_error,
        clusters=clusters,
        n_clusters=n_clusters,
        pairs=pairs,
        n_pairs=n_pairs,
        blocking_columns=blocking_columns,
        blocking=blocking,
        blocking_note=blocking_note,
        model=_data.model_view(run),
        settings=_data.settings_view(run),
    )
