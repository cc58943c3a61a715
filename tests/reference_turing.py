"""Naive references for :mod:`sidalih.kernels.turing` and the engine's Good-Turing frequencies:
plain Python, one place and one row at a time, from dictionaries of counts."""

from __future__ import annotations

import math
from collections import Counter

MIN_REGION_ROWS = 1_000


def reference_adjusted(counts: list[int], rows: int) -> dict[int, float]:
    """``a_r`` for ``r = 1 .. max(counts)`` of one place (Gale & Sampson's simple
    Good-Turing, at most ``r``, at least ``min(r, A)``, non-decreasing)."""
    if not counts:
        return {}
    n_r = Counter(counts)
    top = max(counts)
    seen = sum(counts)
    agree = sum(c * (c - 1) for c in counts) / (rows - 1) if rows > 1 else 0.0
    star = {r: float(r) for r in range(1, top + 1)}
    observed = sorted(n_r)
    if len(observed) >= 2 and n_r[1] > 0:
        points = []
        for j, r in enumerate(observed):
            q = observed[j - 1] if j else 0
            t = observed[j + 1] if j + 1 < len(observed) else 2 * r - q
            points.append((math.log(r), math.log(n_r[r] / (0.5 * (t - q)))))
        mean_x = sum(x for x, _ in points) / len(points)
        mean_y = sum(y for _, y in points) / len(points)
        sxx = sum((x - mean_x) ** 2 for x, _ in points)
        sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
        slope = sxy / sxx if sxx > 0 else -2.0
        smoothed, mass = False, 0.0
        for r in range(1, top + 1):
            y = r * (1 + 1 / r) ** (slope + 1)
            if n_r[r] == 0:
                star[r] = y
                continue
            if not smoothed and n_r[r + 1] > 0:
                x = (r + 1) * n_r[r + 1] / n_r[r]
                sd = math.sqrt((r + 1) ** 2 * n_r[r + 1] / n_r[r] ** 2
                               * (1 + n_r[r + 1] / n_r[r]))
                if abs(x - y) > 1.96 * sd:
                    star[r] = x
                    mass += n_r[r] * x
                    continue
            smoothed = True
            star[r] = y
            mass += n_r[r] * y
        scale = (seen - n_r[1]) / mass
        star = {r: s * scale for r, s in star.items()}
    out, previous = {}, 0.0
    for r in range(1, top + 1):
        value = max(min(star[r], r), min(r, agree), previous)
        out[r] = previous = value
    return out


def reference_frequencies(values: list[object], regions: list[object] | None = None
                          ) -> list[float]:
    """Each row's Good-Turing frequency: its place the region when that holds at least
    1,000 rows, else the list; 1.0 where the value is missing (None)."""
    n = len(values)
    regions = regions if regions is not None else [None] * n
    region_rows = Counter(k for k in regions if k is not None)
    big = {k for k, size in region_rows.items() if size >= MIN_REGION_ROWS}
    national = Counter(v for v in values if v is not None)
    local = Counter((v, k) for v, k in zip(values, regions, strict=True)
                    if v is not None and k in big)
    tables = {None: reference_adjusted(list(national.values()), n)}
    for k in big:
        tables[k] = reference_adjusted([c for (_, kk), c in local.items() if kk == k],
                                       region_rows[k])
    out = []
    for v, k in zip(values, regions, strict=True):
        if v is None:
            out.append(1.0)
        elif k in big:
            out.append(tables[k][local[(v, k)]] / region_rows[k])
        else:
            out.append(tables[None][national[v]] / n)
    return out
