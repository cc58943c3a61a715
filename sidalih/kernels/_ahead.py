"""Asking for memory ahead of use: random rows wait on memory, not on arithmetic.

:func:`prefetch` asks the CPU to load the cache line of an address without reading it
(LLVM's ``llvm.prefetch``; a hint, never a fault). A kernel that walks pairs of rows
far apart (the random pairs that estimate u, the rows of a scattered block) asks for
the rows of a pair some pairs ahead, so that their loads overlap instead of following
one another.
"""

from __future__ import annotations

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.core.errors import TypingError
from numba.core.extending import intrinsic

from sidalih.kernels._jaro import _inline

__all__ = ["prefetch", "ask_rows", "ask_tokens", "AHEAD"]


@intrinsic
def prefetch(typingctx, pointer, offset):  # type: ignore[no-untyped-def]
    """Ask for the cache line of ``pointer[offset]`` to be loaded (a hint: nothing is read)."""
    if not isinstance(pointer, types.CPointer) or not isinstance(offset, types.Integer):
        raise TypingError(f"prefetch needs (pointer, integer), got ({pointer}, {offset})")

    def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
        byte_pointer = ir.IntType(8).as_pointer()
        address = builder.bitcast(builder.gep(args[0], [args[1]]), byte_pointer)
        i32 = ir.IntType(32)
        fnty = ir.FunctionType(ir.VoidType(), [byte_pointer, i32, i32, i32])
        function = cgutils.get_or_insert_function(builder.module, fnty, "llvm.prefetch.p0")
        # read, keep in every cache level, data cache
        builder.call(function, [address, ir.Constant(i32, 0), ir.Constant(i32, 3),
                                ir.Constant(i32, 1)])
        return context.get_dummy_value()

    return types.void(pointer, offset), codegen


AHEAD = 8
"""Pairs ahead whose rows the string kernels ask for; at half the distance they ask for
the rows' text, whose offsets have arrived by then."""


@_inline
def ask_rows(a, b, codes, ids, offs, valid, tok_ptr):  # type: ignore[no-untyped-def]
    """Ask for the per-row entries of rows ``a`` and ``b`` (arrays as ``_ptr``)."""
    for r in (a, b):
        prefetch(codes, r)
        prefetch(ids, r)
        prefetch(offs, r)
        prefetch(valid, r)
        prefetch(tok_ptr, r)


@_inline
def ask_tokens(a, b, data, offs, tok_ptr, start, length, ids):  # type: ignore[no-untyped-def]
    """Ask for the text and first token entries of rows ``a`` and ``b``."""
    for r in (a, b):
        prefetch(data, offs[r])
        t = tok_ptr[r]
        prefetch(start, t)
        prefetch(length, t)
        prefetch(ids, t)
