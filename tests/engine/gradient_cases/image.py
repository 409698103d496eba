"""Finite-difference gradient cases of the nd.image ops (ndsh/engine/ops/image.py), in
float64: the flips' gradients flip back (MXNet 1.9.1 passes them through unflipped, so they
are checked here rather than against the oracle). to_tensor always answers float32, too coarse
for finite differences: its backward is tested in tests/engine/test_image_ops.py."""
from __future__ import annotations

from tests.engine.gradient_cases import P, U

CASES = {
    "nd.image.flip_left_right": [([U((2, 3, 3))], {}), ([U((3, 4, 1))], {})],
    "nd.image.flip_top_bottom": [([U((3, 2, 3))], {}), ([U((4, 3, 1))], {})],
    "nd.image.normalize": [([U((3, 2, 2))], {"mean": (0.5, 0, -1), "std": (0.5, 1, 2)}),
                           ([U((2, 1, 2, 3))], {"mean": 0.25, "std": (3,)}),
                           ([U((3, 2, 2))], {"std": list(P((3,)))})],
}

DEFINED_BACKWARD = {"nd.image.to_tensor"}
