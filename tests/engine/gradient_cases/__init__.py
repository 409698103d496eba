"""Finite-difference gradient cases, one module per op family (conv.py, norm.py...), each with
`CASES = {"nd.Convolution": [(inputs, params), ...]}` and optionally `COMPOSED` (as in
tests/engine/test_gradients.py, which merges them): families added side by side never edit the
same file. Inputs: numpy float64 arrays (differentiated) or scalars (held constant)."""
from __future__ import annotations

import numpy as np

RNG = np.random.default_rng(1)


def U(shape, low=-2.0, high=2.0):  # noqa: N802  (the short names test_gradients.py uses)
    return RNG.uniform(low, high, size=shape)


def P(shape):  # noqa: N802
    return U(shape, 0.5, 2.0)
