"""Jaro and Jaro–Winkler kernels over Arrow-style string buffers.

A string is the byte span ``data[start:start + length]``; bytes are symbols (no
Unicode decoding). Semantics follow ``rapidfuzz.distance.JaroWinkler``: the match
window is ``max(len) // 2 - 1`` (at least 0), two empty strings score 1.0, one
empty string scores 0.0, the Winkler boost (common prefix of at most 4 bytes)
applies only when the Jaro score exceeds 0.7, and a score below ``score_cutoff``
is returned as 0.0.

When the shorter string has at most 64 bytes the matching step is bit-parallel:
a bitmask holds the positions of a text byte in the pattern (one of the two strings,
at most 64 bytes; Jaro is symmetric), a sliding mask selects the window, and the lowest free position is taken with one
``x & -x`` (the approach of Hyyrö's bit-vector algorithms, as used by RapidFuzz).
The bitmask comes from one vector compare of the byte against the pattern's bytes,
or, for a row compared with many partners in a row, from a table ``pm[c]`` built
once for the row. Pairs where both strings exceed 64 bytes use the textbook
flag-array scan.

With a cutoff, two bounds skip work: the lengths alone bound the best possible
Jaro score, and the matching loop stops once too few text bytes remain to
reach the number of matches the cutoff needs.

Compile time matters (a fresh install compiles every kernel once) and so does the
cost per pair, which is why the helpers take raw pointers and carry LLVM's
alwaysinline (see the comment on ``_inline``). One match loop
(:func:`_jaro_loaded`) serves every caller.
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core.errors import TypingError
from numba.core.extending import intrinsic

# The per-pair helpers take raw data pointers (``_ptr``) rather than arrays. Numba
# increfs and decrefs every array a helper receives (atomic updates it cannot prune
# inside a loop), which cost as much as the match loop itself; pointers carry no
# reference count and no negative-index wraparound. The caller keeps the arrays
# alive. Helpers are compiled once and carry LLVM's alwaysinline (``forceinline``):
# unlike ``inline="always"``, which re-types the helper in numba IR at every call
# site, this inlines already compiled code. ``error_model="numpy"`` drops the zero
# checks of divisions whose divisors are never zero here.
_inline = njit(cache=True, nogil=True, forceinline=True, error_model="numpy")
_called = njit(cache=True, nogil=True, error_model="numpy")


@intrinsic
def _ptr(typingctx, arr):  # type: ignore[no-untyped-def]
    """Pointer to the data of a C-contiguous array, valid while the array lives
    (a pointer is returned as is, so callers may pass either).

    Numba frees a local array after its last use, so take a local array's pointer
    where it is used (inside the loop), never once before a loop.
    """
    if isinstance(arr, types.CPointer):  # already a pointer: pass it on

        def same(context, builder, signature, args):  # type: ignore[no-untyped-def]
            return args[0]

        return arr(arr), same
    if not isinstance(arr, types.Array) or arr.layout != "C":
        raise TypingError(f"_ptr needs a C-contiguous array or a pointer, got {arr}")
    sig = types.CPointer(arr.dtype)(arr)

    def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
        return context.make_array(arr)(context, builder, args[0]).data

    return sig, codegen


def _splat_compare(builder, pointer, byte, width):  # type: ignore[no-untyped-def]
    """LLVM IR: bit k set where ``pointer[k] == byte`` for k < width (one vector compare)."""
    vector = ir.VectorType(ir.IntType(8), width)
    loaded = builder.load(builder.bitcast(pointer, vector.as_pointer()), align=1)
    one_lane = builder.insert_element(ir.Constant(vector, ir.Undefined), byte,
                                      ir.Constant(ir.IntType(32), 0))
    splat = builder.shuffle_vector(one_lane, ir.Constant(vector, ir.Undefined),
                                   ir.Constant(ir.VectorType(ir.IntType(32), width), [0] * width))
    bits = builder.bitcast(builder.icmp_unsigned("==", loaded, splat), ir.IntType(width))
    return bits if width == 64 else builder.zext(bits, ir.IntType(64))


def _byte_mask(width):  # type: ignore[no-untyped-def]
    @intrinsic
    def mask(typingctx, pointer, byte):  # type: ignore[no-untyped-def]
        if not isinstance(pointer, types.CPointer) or byte != types.uint8:
            raise TypingError(f"needs (uint8 pointer, uint8), got ({pointer}, {byte})")

        def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
            return _splat_compare(builder, args[0], args[1], width)

        return types.uint64(pointer, byte), codegen

    return mask


# Positions of a byte among the first 32 / 64 bytes at a pointer, as a bitmask: the
# byte-parallel compare of SIMD string search (two AVX2 instructions per 32 bytes).
# They read 32 / 64 bytes whatever the pattern's length; callers mask the bits.
_mask32 = _byte_mask(32)
_mask64 = _byte_mask(64)


@intrinsic
def _equal32(typingctx, p, q):  # type: ignore[no-untyped-def]
    """Bit k set where ``p[k] == q[k]`` for k < 32 (reads 32 bytes at each pointer)."""
    if not (isinstance(p, types.CPointer) and isinstance(q, types.CPointer)):
        raise TypingError(f"_equal32 needs two pointers, got ({p}, {q})")

    def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
        vector = ir.VectorType(ir.IntType(8), 32)
        x, y = (builder.load(builder.bitcast(arg, vector.as_pointer()), align=1) for arg in args)
        bits = builder.bitcast(builder.icmp_unsigned("==", x, y), ir.IntType(32))
        return builder.zext(bits, ir.IntType(64))

    return types.uint64(p, q), codegen


@intrinsic
def _ctz(typingctx, x):  # type: ignore[no-untyped-def]
    """Index of the lowest set bit of a non-zero uint64."""
    if x != types.uint64:
        raise TypingError(f"_ctz needs a uint64, got {x}")

    def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
        return builder.cttz(args[0], ir.Constant(ir.IntType(1), 1))

    return types.int64(x), codegen


@intrinsic
def _at(typingctx, pointer, offset):  # type: ignore[no-untyped-def]
    """``pointer + offset`` (a pointer to a span's first byte)."""
    if not isinstance(pointer, types.CPointer) or not isinstance(offset, types.Integer):
        raise TypingError(f"_at needs (pointer, integer), got ({pointer}, {offset})")

    def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
        return builder.gep(args[0], [args[1]])

    return pointer(pointer, offset), codegen


@intrinsic
def _page_offset(typingctx, pointer):  # type: ignore[no-untyped-def]
    """The pointer's offset within its 4 KiB page."""
    if not isinstance(pointer, types.CPointer):
        raise TypingError(f"_page_offset needs a pointer, got {pointer}")

    def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
        address = builder.ptrtoint(args[0], ir.IntType(64))
        return builder.and_(address, ir.Constant(ir.IntType(64), 4095))

    return types.int64(pointer), codegen


_ZERO = -1  # one string empty, or the lengths alone cannot reach the cutoff
_EQUAL = -2  # equal strings (or both empty): Jaro–Winkler 1.0


@_inline
def _load_pattern(p, ps, m, pm):  # type: ignore[no-untyped-def]
    """Set bit ``i`` of ``pm[c]`` for every position ``i`` of byte ``c`` in the pattern."""
    bit = np.uint64(1)
    for i in range(m):
        pm[p[ps + i]] |= bit
        bit <<= np.uint64(1)


@_inline
def _clear_pattern(p, ps, m, pm):  # type: ignore[no-untyped-def]
    for i in range(m):
        pm[p[ps + i]] = np.uint64(0)


# Where a text byte's positions in the pattern come from: the loaded table, or a
# compare against the pattern's bytes (32 or 64 of them).
_TABLE, _BYTES32, _BYTES64 = 0, 1, 2


@_inline
def _jaro_loaded(pm, pat, m, t, ts, n, tbuf, min_matches, source):  # type: ignore[no-untyped-def]
    """Jaro of a pattern of 1..64 bytes at ``pat`` against a text of n >= 1 bytes.

    ``source`` says where a text byte's positions in the pattern come from: the table
    ``pm`` loaded from the pattern (``_TABLE``), or comparing the byte with the first
    32 / 64 bytes at ``pat`` (``_BYTES32`` / ``_BYTES64``; they must be readable).
    0.0 when fewer than ``min_matches`` bytes match; the match loop stops as soon as
    too few text bytes remain. ``tbuf`` needs room for 65 bytes: the match loop is
    branch-free and always stores the current text byte, advancing only on a match.
    Jaro is symmetric, so either string may be the pattern, also the longer one.
    """
    one = np.uint64(1)
    zero = np.uint64(0)
    window = max(n, m) // 2 - 1
    if window < 0:
        window = 0
    bound = ~zero if window + 1 >= 64 else (one << np.uint64(window + 1)) - one
    pmask = ~zero if m >= 64 else (one << np.uint64(m)) - one
    pflag = zero
    matches = 0
    # Beyond position m + window no text byte can reach the pattern.
    jend = min(n, m + window)
    # After text byte j at most jend - 1 - j more can match: stop once
    # matches + jend - 1 - j < min_matches, i.e. matches - j < slack.
    slack = min_matches - jend + 1
    for j in range(jend):
        c = t[ts + j]
        if source == _TABLE:
            x = pm[c]
        elif source == _BYTES32:
            x = _mask32(pat, c) & pmask
        else:
            x = _mask64(pat, c) & pmask
        x &= bound & ~pflag
        pflag |= x & (~x + one)
        tbuf[matches] = c
        matches += x != zero
        # While the window's left edge is clipped at 0 the mask only grows.
        bound = (bound << one) | np.uint64(j < window)
        if matches - j < slack:
            matches = 0
            break
    sim = 0.0
    if matches > 0 and matches >= min_matches:
        # Matched text bytes in text order against matched pattern positions in
        # pattern order: each mismatch is half a transposition.
        # A while loop over the set bits, not a range: LLVM unrolls a counted loop,
        # which adds a second hard-to-predict exit (the remainder) per pair.
        half = 0
        f = pflag
        k = 0
        while f != zero:
            half += pat[_ctz(f)] != tbuf[k]
            f &= f - one
            k += 1
        sim = (matches / m + matches / n + (matches - half // 2) / matches) / 3.0
    return sim


@_called
def _jaro_flags(a, sa, la, b, sb, lb):  # type: ignore[no-untyped-def]
    """Textbook Jaro for long strings (both longer than 64 bytes; rare in names)."""
    window = max(la, lb) // 2 - 1
    if window < 0:
        window = 0
    # Flags of a's bytes, then of b's (uint8 zeros: the allocation jaro_work compiles).
    flags = np.zeros(la + lb, dtype=np.uint8)
    matches = 0
    for i in range(lb):
        lo = max(0, i - window)
        hi = min(la, i + window + 1)
        for k in range(lo, hi):
            if flags[k] == 0 and a[sa + k] == b[sb + i]:
                flags[k] = 1
                flags[la + i] = 1
                matches += 1
                break
    if matches == 0:
        return 0.0
    half = 0
    k = 0
    for i in range(lb):
        if flags[la + i]:
            while flags[k] == 0:
                k += 1
            if a[sa + k] != b[sb + i]:
                half += 1
            k += 1
    return (matches / la + matches / lb + (matches - half // 2) / matches) / 3.0


@_inline
def _common_prefix(a, sa, la, b, sb, lb, limit):  # type: ignore[no-untyped-def]
    """Length of the common prefix of two spans, at most ``limit`` (<= both lengths).

    Non-empty spans whose next 32 bytes lie in their pages are compared in one vector
    compare (a byte loop's exit is one more hard-to-predict branch per pair); the
    bytes past a span may differ, which ``limit`` masks. A non-empty span's page is
    mapped, so a read within it cannot fault (an empty span's pointer may be one
    past the buffer's end).
    """
    k = 0
    if la > 0 and lb > 0:
        pa = _at(a, sa)
        pb = _at(b, sb)
        if _page_offset(pa) <= 4096 - 32 and _page_offset(pb) <= 4096 - 32:
            k = _ctz(~_equal32(pa, pb))  # at most 32: the upper bits are ones
            if k < 32 or k >= limit:
                return min(k, limit)
    while k < limit and a[sa + k] == b[sb + k]:
        k += 1
    return k


@_inline
def _jw_setup(a, sa, la, b, sb, lb, prefix_weight, score_cutoff):  # type: ignore[no-untyped-def]
    """``(prefix, min_matches)``: the common prefix (at most 4) and the fewest matches
    that can still reach ``score_cutoff``; ``min_matches`` is ``_ZERO`` or ``_EQUAL``
    when the score is known without matching.
    """
    # One scan gives the Winkler prefix and, for equal lengths, equality.
    k = _common_prefix(a, sa, la, b, sb, lb, min(4, la, lb) if la != lb else la)
    prefix = min(k, 4)
    if la == lb and k == la:
        # Equal strings (or both empty) score exactly 1.0 (the boost adds 0), as the
        # full computation does.
        return prefix, _EQUAL
    if la == 0 or lb == 0:
        return prefix, _ZERO
    if score_cutoff <= 0.0:
        return prefix, 0
    boost = prefix * prefix_weight
    # Smallest Jaro score that can still reach the cutoff after the boost.
    jaro_needed = score_cutoff
    if score_cutoff > 0.7:
        jaro_needed = 0.7
        if boost < 1.0:
            jaro_needed = max(0.7, (score_cutoff - boost) / (1.0 - boost))
    # Even if every byte of the shorter string matched, Jaro <= (2 + short/long) / 3.
    if (2.0 + min(la, lb) / max(la, lb)) / 3.0 < jaro_needed - 1e-12:
        return prefix, _ZERO
    # With no transposition, Jaro = (M/la + M/lb + 1) / 3: fewer matches cannot reach the cutoff.
    if jaro_needed > 0.34:
        return prefix, int(np.ceil((3.0 * jaro_needed - 1.0) * la * lb / (la + lb) - 1e-9))
    return prefix, 0


@_inline
def _jw_finish(sim, prefix, prefix_weight, score_cutoff):  # type: ignore[no-untyped-def]
    """Apply the Winkler boost to a Jaro score and the cutoff."""
    # A select, not a branch: whether a pair scores above 0.7 is a coin toss in
    # random order. Adding 0.0 leaves sim as it was.
    boost = prefix * prefix_weight * (1.0 - sim)
    sim += boost if sim > 0.7 else 0.0
    if sim >= score_cutoff:
        return sim
    return 0.0


@_inline
def _jaro_unloaded(a, sa, la, b, sb, lb, pm, tbuf, min_matches):  # type: ignore[no-untyped-def]
    """Jaro of two non-empty spans with a zeroed ``pm`` (zeroed again on return).

    The pattern is the longer string when it fits in 64 bytes (the match loop then
    runs over the shorter one: fewer steps, and a compare costs the same for any
    pattern up to 32 / 64 bytes), else the shorter; both over 64 bytes: the flag scan.
    The pattern's bytes are compared in place, without a table to fill and clear, unless the
    64-byte read would cross a page boundary: a read within one page cannot fault
    (the bytes past the pattern are masked off), one across a page could.
    """
    if min(la, lb) > 64:
        return _jaro_flags(a, sa, la, b, sb, lb)
    p, ps, m, t, ts, n = a, sa, la, b, sb, lb
    if (la < lb <= 64) or la > 64:
        p, ps, m, t, ts, n = b, sb, lb, a, sa, la
    pat = _at(p, ps)
    if _page_offset(pat) <= 4096 - 64:
        return _jaro_loaded(pm, pat, m, t, ts, n, tbuf, min_matches,
                            _BYTES32 if m <= 32 else _BYTES64)
    _load_pattern(p, ps, m, pm)
    sim = _jaro_loaded(pm, pat, m, t, ts, n, tbuf, min_matches, _TABLE)
    _clear_pattern(p, ps, m, pm)
    return sim


@_called
def _jw_span(a, sa, la, b, sb, lb, pm, tbuf, prefix_weight, score_cutoff):  # type: ignore[no-untyped-def]
    """:func:`jaro_winkler_span` on data pointers."""
    prefix, need = _jw_setup(a, sa, la, b, sb, lb, prefix_weight, score_cutoff)
    if need < 0:
        sim = 1.0 if need == _EQUAL else 0.0
    else:
        sim = _jaro_unloaded(a, sa, la, b, sb, lb, pm, tbuf, need)
    return _jw_finish(sim, prefix, prefix_weight, score_cutoff)


@_inline
def jaro_winkler_span(a, sa, la, b, sb, lb, pm, tbuf, prefix_weight, score_cutoff):  # type: ignore[no-untyped-def]
    """Jaro–Winkler similarity of two byte spans, 0.0 when below ``score_cutoff``.

    ``pm`` is a zeroed ``uint64[256]`` work table (left zeroed on return) and
    ``tbuf`` a ``uint8[65]`` buffer; arrays or their ``_ptr``.
    """
    return _jw_span(
        _ptr(a), sa, la, _ptr(b), sb, lb, _ptr(pm), _ptr(tbuf), prefix_weight, score_cutoff
    )


@_inline
def jaro_winkler_cached(a, i, sa, la, b, sb, lb, pm, state, tbuf, reuse, prefix_weight, score_cutoff):  # type: ignore[no-untyped-def]
    """Jaro–Winkler of row ``i`` (span ``sa, la`` of ``a``) and a span of ``b``.

    Same result as :func:`jaro_winkler_span`. When row ``i`` is compared again next
    (``reuse``: candidate pairs come sorted by left row), its pattern table is built
    once and stays in ``pm`` for all its partners; a row compared once is matched
    without a table. Every array is passed as its ``_ptr``; ``state`` (``int64[3]``,
    see :func:`jaro_work`) names the row and span whose table ``pm`` holds.
    """
    prefix, need = _jw_setup(a, sa, la, b, sb, lb, prefix_weight, score_cutoff)
    if need < 0:
        sim = 1.0 if need == _EQUAL else 0.0
    elif la <= 64 and (state[0] == i or reuse):
        if state[0] != i:
            _clear_pattern(a, state[1], state[2], pm)
            _load_pattern(a, sa, la, pm)
            state[0] = i
            state[1] = sa
            state[2] = la
        sim = _jaro_loaded(pm, _at(a, sa), la, b, sb, lb, tbuf, need, _TABLE)
    else:
        if state[0] >= 0:
            # _jaro_unloaded needs a zeroed table (a pattern at a page end is loaded)
            _clear_pattern(a, state[1], state[2], pm)
            state[0] = -1
            state[2] = 0
        sim = _jaro_unloaded(a, sa, la, b, sb, lb, pm, tbuf, need)
    return _jw_finish(sim, prefix, prefix_weight, score_cutoff)


@_called
def jaro_work():  # type: ignore[no-untyped-def]
    """Work arrays ``(pm, tbuf, state)`` of :func:`jaro_winkler_cached`: a zeroed
    table, the match buffer and the state of an empty table."""
    state = np.zeros(3, dtype=np.int64)
    state[0] = -1
    return np.zeros(256, dtype=np.uint64), np.zeros(65, dtype=np.uint8), state


@_called
def jaro_winkler_pairs(  # type: ignore[no-untyped-def]
    offs_a,
    data_a,
    valid_a,
    offs_b,
    data_b,
    valid_b,
    left_idx,
    right_idx,
    prefix_weight,
    score_cutoff,
):
    """Jaro–Winkler for each pair ``(left_idx[k], right_idx[k])``; NaN where a side is invalid.

    The caller guarantees in-bounds indices, ``int64`` offsets, ``uint8`` data and
    ``bool`` validity masks, all C-contiguous (``sidalih.strings`` validates before
    calling). Any pair order works; pairs sorted by left row are fastest.
    """
    npairs = left_idx.shape[0]
    out = np.empty(npairs, dtype=np.float64)
    pm, tbuf, state = jaro_work()
    a = _ptr(data_a)
    b = _ptr(data_b)
    for k in range(npairs):
        i = left_idx[k]
        j = right_idx[k]
        sim = np.nan
        if valid_a[i] and valid_b[j]:
            sa = offs_a[i]
            sb = offs_b[j]
            sim = jaro_winkler_cached(
                a,
                i,
                sa,
                offs_a[i + 1] - sa,
                b,
                sb,
                offs_b[j + 1] - sb,
                _ptr(pm),
                _ptr(state),
                _ptr(tbuf),
                k + 1 < npairs and left_idx[k + 1] == i,
                prefix_weight,
                score_cutoff,
            )
        out[k] = sim
    return out
