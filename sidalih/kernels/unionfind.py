"""Union–find kernels for clustering scored pairs.

Union by minimum: the root of every set is its smallest row index, so the labels come
out as the smallest row of each component without a relabelling pass, and the result
does not depend on the order of the pairs (plain components) or depends on it only
through the documented processing order (guarded clustering). Path halving keeps the
trees shallow; union by min instead of by rank gives O(log n) amortised per operation
in the worst case, near-constant on real pair lists.

Every argument is validated by :mod:`sidalih.cluster` before it gets here: rows lie in
``[0, n)``, arrays are int64, cannot-link pairs have two different rows.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["find_root", "components", "pairs_inside", "guarded_components"]


@njit(cache=True)
def find_root(parent: np.ndarray, i: int) -> int:
    """Root of ``i``, halving the path on the way."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


@njit(cache=True)
def components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Smallest row index of the connected component of every row."""
    parent = np.arange(n, dtype=np.int64)
    for e in range(left.shape[0]):
        a = find_root(parent, left[e])
        b = find_root(parent, right[e])
        if a < b:
            parent[b] = a
        elif b < a:
            parent[a] = b
    labels = np.empty(n, dtype=np.int64)
    for i in range(n):
        labels[i] = find_root(parent, i)
    return labels


@njit(cache=True)
def pairs_inside(  # type: ignore[no-untyped-def]
    left, right, weight, labels, below
):
    """Pairs of two different rows, weight below ``below``, inside one labelled component."""
    keep = np.zeros(left.shape[0], dtype=np.bool_)
    count = 0
    for e in range(left.shape[0]):
        a, b = left[e], right[e]
        if weight[e] < below and a != b and labels[a] == labels[b]:
            keep[e] = True
            count += 1
    out_left = np.empty(count, dtype=np.int64)
    out_right = np.empty(count, dtype=np.int64)
    k = 0
    for e in range(left.shape[0]):
        if keep[e]:
            out_left[k] = left[e]
            out_right[k] = right[e]
            k += 1
    return out_left, out_right


@njit(cache=True)
def _cannot_link_lists(n: int, cl_left: np.ndarray, cl_right: np.ndarray):  # type: ignore[no-untyped-def]
    """Per row, a linked list of its cannot-link partners: (head, tail, count, nxt, val)."""
    m = cl_left.shape[0]
    head = np.full(n, -1, dtype=np.int64)
    tail = np.full(n, -1, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    nxt = np.full(2 * m, -1, dtype=np.int64)
    val = np.empty(2 * m, dtype=np.int64)
    node = 0
    for e in range(m):
        for owner, partner in ((cl_left[e], cl_right[e]), (cl_right[e], cl_left[e])):
            val[node] = partner
            nxt[node] = head[owner]
            if head[owner] == -1:
                tail[owner] = node
            head[owner] = node
            count[owner] += 1
            node += 1
    return head, tail, count, nxt, val


@njit(cache=True)
def _conflict(parent, head, nxt, val, small, other):  # type: ignore[no-untyped-def]
    """True when a cannot-link partner of component ``small`` lies in component ``other``."""
    node = head[small]
    while node != -1:
        if find_root(parent, val[node]) == other:
            return True
        node = nxt[node]
    return False


@njit(cache=True)
def guarded_components(  # type: ignore[no-untyped-def]
    n, left, right, cl_left, cl_right, max_size
):
    """Union pairs in the given order, refusing a union that would join a cannot-link pair.

    ``max_size`` (0 for none) also refuses unions whose result would exceed it. Each
    component keeps the cannot-link partners of its rows in one linked list; a union
    scans the shorter list (the relation is symmetric, so one side is enough) and
    concatenates the two lists in O(1). Returns the labels (smallest row per component)
    and the number of refused unions.
    """
    parent = np.arange(n, dtype=np.int64)
    size = np.ones(n, dtype=np.int64)
    head, tail, count, nxt, val = _cannot_link_lists(n, cl_left, cl_right)
    refused = 0
    for e in range(left.shape[0]):
        a = find_root(parent, left[e])
        b = find_root(parent, right[e])
        if a == b:
            continue
        if max_size > 0 and size[a] + size[b] > max_size:
            refused += 1
            continue
        small, other = (a, b) if count[a] <= count[b] else (b, a)
        if count[small] > 0 and _conflict(parent, head, nxt, val, small, other):
            refused += 1
            continue
        root, child = (a, b) if a < b else (b, a)
        parent[child] = root
        size[root] += size[child]
        if head[child] != -1:
            if head[root] == -1:
                head[root] = head[child]
            else:
                nxt[tail[root]] = head[child]
            tail[root] = tail[child]
            count[root] += count[child]
    labels = np.empty(n, dtype=np.int64)
    for i in range(n):
        labels[i] = find_root(parent, i)
    return labels, refused
