"""Numba kernels over numpy arrays and Arrow-style string buffers (offsets + bytes).

Private to sidalih: the modules here are the engine's inner loops, called by
:mod:`sidalih.nik`, :mod:`sidalih.names`, :mod:`sidalih.dates`, :mod:`sidalih.blocking`,
:mod:`sidalih.compare`, :mod:`sidalih.cluster` and the engine (the domain judgement in
``verdicts.py``, training's grouped random pairs in ``codes.py``), whose functions are
the public, checked entry points (a kernel trusts its inputs). Nothing here is a stable API, and
``import sidalih`` does not offer it as an attribute. The level codes the comparison
kernels write are declared, with their labels and phrases, in ``compare/_levels.py``.
"""
