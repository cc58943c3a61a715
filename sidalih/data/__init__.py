"""Small data files the package ships (a prepared synthetic sample for warming the kernels)."""
