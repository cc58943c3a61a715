"""Good-Turing estimates of a value's frequency from how many values share each count.

A value seen ``r`` times in a place of ``n`` rows is given the frequency ``a_r / n``,
where ``a_r`` is one adjusted count per place and ``r`` (:func:`turing_table`); a row's
frequency is then one look-up (:func:`turing_lookup`). Why these adjusted counts: see
:func:`sidalih.engine._tf.good_turing_frequency`.

The table of a place depends only on the multiset of its values' counts and its number
of rows, and is computed in one fixed order (ascending ``r``): every path that counts the
same list (in memory, out of core, Spark, the registry) gets the same floats.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sidalih.kernels.codes import count_by_code

# Gale & Sampson's switch from Turing's estimate to the smoothed one: the first count
# at which the two differ by less than 1.96 standard errors of Turing's
_SWITCH_Z = 1.96


@njit(cache=True, nogil=True)
def turing_table(place, count, place_rows):  # type: ignore[no-untyped-def]
    """Adjusted counts ``a_r`` per place: ``(offsets, adjusted)``, ``a_r`` of place ``p``
    at ``adjusted[offsets[p] + r]`` for ``0 <= r < offsets[p + 1] - offsets[p]``.

    ``place[i]``, ``count[i]``: the place and the count (``>= 1``) of each distinct value
    of each place; ``place_rows[p]``: the place's rows (its frequencies' denominator).

    ``r*`` is Gale & Sampson's "simple Good-Turing": Turing's ``(r + 1) N_{r+1} / N_r``
    while it differs significantly from the log-linear smoothing of ``N_r``, then the
    smoothed ``r (1 + 1/r)^(b + 1)``, renormalised so that the seen values hold
    ``1 - N_1 / N`` of the mass; a place without values seen once keeps its counts.
    Then ``a_r = max(min(r*, r), min(r, A))`` with ``A = sum c (c - 1) / (n - 1)``
    (``A / n``: the chance that two random records of the place agree), made
    non-decreasing in ``r``; ``a_0 = 0``.
    """
    n_places = place_rows.shape[0]
    top = np.zeros(n_places, np.int64)
    for i in range(place.shape[0]):
        top[place[i]] = max(top[place[i]], count[i])
    offsets = np.zeros(n_places + 1, np.int64)
    for p in range(n_places):
        offsets[p + 1] = offsets[p] + top[p] + 2  # r = 0 .. top + 1 (N_{r+1} is read)
    n_r = np.zeros(offsets[n_places], np.int64)
    for i in range(place.shape[0]):
        n_r[offsets[place[i]] + count[i]] += 1
    adjusted = np.zeros(offsets[n_places], np.float64)
    for p in range(n_places):
        _place_table(n_r[offsets[p]:offsets[p + 1]], place_rows[p],
                     adjusted[offsets[p]:offsets[p + 1]])
    return offsets, adjusted


@njit(cache=True, nogil=True)
def _place_table(n_r, rows, out):  # type: ignore[no-untyped-def]
    """One place's ``a_r`` into ``out`` from its ``N_r`` (see :func:`turing_table`)."""
    top = n_r.shape[0] - 2
    seen = 0
    pairs = 0
    kinds = 0
    for r in range(1, top + 1):
        seen += r * n_r[r]
        pairs += r * (r - 1) * n_r[r]
        if n_r[r] > 0:
            kinds += 1
    agree = pairs / np.float64(rows - 1) if rows > 1 else 0.0
    star = np.empty(top + 1, np.float64)
    for r in range(top + 1):
        star[r] = np.float64(r)
    if kinds >= 2 and n_r[1] > 0:
        # Z_r = N_r / (half the gap between the neighbouring seen counts), fitted
        # log Z = a + b log r by least squares over the seen counts, in ascending r
        mean_x = 0.0
        mean_y = 0.0
        q = 0
        r = 1
        while r <= top:
            if n_r[r] > 0:
                t = _next_seen(n_r, r, q)
                mean_x += math.log(r)
                mean_y += math.log(n_r[r] / (0.5 * (t - q)))
                q = r
            r += 1
        mean_x /= kinds
        mean_y /= kinds
        sxx = 0.0
        sxy = 0.0
        q = 0
        for r in range(1, top + 1):
            if n_r[r] > 0:
                t = _next_seen(n_r, r, q)
                dx = math.log(r) - mean_x
                sxx += dx * dx
                sxy += dx * (math.log(n_r[r] / (0.5 * (t - q))) - mean_y)
                q = r
        slope = sxy / sxx if sxx > 0.0 else -2.0
        smoothed = False
        mass = 0.0
        for r in range(1, top + 1):
            y = r * (1.0 + 1.0 / r) ** (slope + 1.0)
            if n_r[r] == 0:
                star[r] = y
                continue
            if not smoothed and n_r[r + 1] > 0:
                # Gale & Sampson's expressions, in their order (integers exact below 2**53)
                x = ((r + 1) * n_r[r + 1]) / n_r[r]
                sd = math.sqrt(((r + 1) * (r + 1) * n_r[r + 1]) / (n_r[r] * n_r[r])
                               * (1.0 + n_r[r + 1] / n_r[r]))
                if abs(x - y) > _SWITCH_Z * sd:
                    star[r] = x
                    mass += n_r[r] * x
                    continue
            smoothed = True
            star[r] = y
            mass += n_r[r] * y
        scale = (seen - n_r[1]) / mass if mass > 0.0 else 1.0
        for r in range(1, top + 1):
            star[r] *= scale
    out[0] = 0.0
    for r in range(1, top + 1):
        floor = min(np.float64(r), agree)
        value = max(min(star[r], np.float64(r)), floor)
        out[r] = max(value, out[r - 1])
    out[top + 1] = np.float64(top + 1)  # never read: no value is seen more than top times


@njit(cache=True, nogil=True)
def _next_seen(n_r, r, q):  # type: ignore[no-untyped-def]
    """The next seen count above ``r`` (``2 r - q`` past the last)."""
    for t in range(r + 1, n_r.shape[0]):
        if n_r[t] > 0:
            return t
    return 2 * r - q


@njit(cache=True, nogil=True)
def turing_lookup(place, count, place_rows, offsets, adjusted):  # type: ignore[no-untyped-def]
    """Per row, ``a_r / n`` of its place (1.0 where ``count`` is 0: no value).

    A count above its place's table (a value counted nowhere, taken as seen once, in a
    place with no values) keeps its raw ``r / n``; a place of no rows counts as one.
    """
    n = place.shape[0]
    out = np.empty(n, np.float64)
    for i in range(n):
        r = count[i]
        p = place[i]
        rows = np.float64(max(place_rows[p], 1))  # an empty registry's new value: 1 in 1
        if r <= 0:
            out[i] = 1.0
        elif offsets[p] + r < offsets[p + 1] - 1:
            out[i] = adjusted[offsets[p] + r] / rows
        else:
            out[i] = np.float64(r) / rows
    return out


@njit(cache=True, nogil=True)
def turing_frequencies(values, regions, joint, min_rows):  # type: ignore[no-untyped-def]
    """Each row's :func:`turing_lookup` frequency, counted from codes in one pass.

    ``values`` and ``regions`` are dense codes (-1 missing), ``joint`` the codes of their
    pairs (:func:`sidalih.kernels.codes.pair_codes`). The place of a row is its region
    when that holds at least ``min_rows`` rows (place ``1 + region``), else the list
    (place 0): the tables and floats of :func:`turing_table` and :func:`turing_lookup`.
    """
    n = values.shape[0]
    count_v, count_k, count_j, joint_region = count_by_code(values, regions, joint)
    width_v, width_k, width_j = count_v.shape[0], count_k.shape[0], count_j.shape[0]
    distinct = 0
    for v in range(width_v):
        if count_v[v] > 0:
            distinct += 1
    for j in range(width_j):
        if count_j[j] > 0 and count_k[joint_region[j]] >= min_rows:
            distinct += 1
    place = np.empty(distinct, np.int64)
    count = np.empty(distinct, np.int64)
    k = 0
    for v in range(width_v):
        if count_v[v] > 0:
            place[k] = 0
            count[k] = count_v[v]
            k += 1
    for j in range(width_j):
        if count_j[j] > 0 and count_k[joint_region[j]] >= min_rows:
            place[k] = 1 + joint_region[j]
            count[k] = count_j[j]
            k += 1
    place_rows = np.empty(width_k + 1, np.int64)
    place_rows[0] = n
    for r in range(width_k):
        place_rows[1 + r] = count_k[r]
    offsets, adjusted = turing_table(place, count, place_rows)
    row_place = np.zeros(n, np.int64)
    row_count = np.zeros(n, np.int64)
    for i in range(n):
        if values[i] < 0:
            continue
        if regions[i] >= 0 and count_k[regions[i]] >= min_rows:
            row_place[i] = 1 + regions[i]
            row_count[i] = count_j[joint[i]]
        else:
            row_count[i] = count_v[values[i]]
    return turing_lookup(row_place, row_count, place_rows, offsets, adjusted)
