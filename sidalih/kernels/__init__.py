"""Numba kernels over numpy arrays and Arrow-style string buffers (offsets + bytes)."""
