"""Golden cases of the nd.image ops (ndsh/engine/ops/image.py), recorded from MXNet 1.9.1 by
`record_golden.py image` into tests/engine/golden/image.json: flips of images with an even
width / height, to_tensor, normalize (values and gradients), and the inputs MXNet refuses.

Left out on purpose (ndsh departs, see the ops' doc pages; tests/engine/test_image_ops.py
covers them): flips of an odd width or height (MXNet 1.9.1 zeroes the middle column / row),
the flips' gradients (MXNet passes the head gradient through unflipped), to_tensor's gradient
(MXNet's backward fails), normalize's default mean and std (MXNet refuses them).
"""
from __future__ import annotations

from conv import arange, grads

CASES: list[str] = []

for dt in ("float32", "float64", "uint8", "int32"):
    for shape in [(2, 4, 3), (4, 2, 1), (2, 2, 3)]:
        setup = arange("x", shape, dt, 1, 0, mod=251)
        CASES.append(f"{setup}\nnd.image.flip_left_right(x)")
        CASES.append(f"{setup}\nnd.image.flip_top_bottom(x)")
for f in ("flip_left_right", "flip_top_bottom", "random_flip_left_right",
          "random_flip_top_bottom"):
    CASES.append(f"nd.image.{f}(nd.ones((2, 4, 3)))")     # any coin: all ones
    for bad in [(2, 3, 5), (2, 3, 2), (1, 2, 2, 3), (2, 3), (2, 0, 3)]:
        CASES.append(f"nd.image.{f}(nd.ones({bad}))")

# to_tensor: HWC / NHWC, any dtype, any channel count, to float32 CHW / NCHW in [0, 1]
for dt in ("uint8", "float32", "float64", "int32"):
    for shape in [(2, 4, 3), (3, 2, 1), (2, 2, 2, 3), (2, 2, 2)]:
        CASES.append(f"{arange('x', shape, dt, 1, 0, mod=251)}\nnd.image.to_tensor(x)")
CASES += ["nd.image.to_tensor(nd.ones((2, 2)))", "nd.image.to_tensor(nd.ones((1, 2, 2, 2, 3)))"]

# normalize: CHW / NCHW, 1 or 3 channels, mean and std scalar or per channel
for dt in ("float32", "float64"):
    for shape, kw in [((3, 2, 2), "mean=(0.5, 0, 0), std=(0.5, 1, 2)"),
                      ((3, 2, 2), "mean=0.5, std=2"),
                      ((1, 2, 3), "mean=0.25, std=(3,)"),
                      ((2, 3, 2, 2), "mean=(0.1, 0.2, 0.3), std=(0.7, 0.5, 0.3)"),
                      ((2, 1, 2, 2), "mean=(1,), std=4")]:
        setup = arange("x", shape, dt, 0.5, -1, mod=7)
        CASES.append(f"{setup}\nnd.image.normalize(x, {kw})")
        CASES.append(grads(setup, f"nd.image.normalize(x, {kw})", ["x"]))
CASES += [
    "nd.image.normalize(nd.ones((3, 2, 2)), mean=(1, 2), std=1)",
    "nd.image.normalize(nd.ones((3, 2, 2)), mean=0, std=(1, 2))",
    "nd.image.normalize(nd.ones((2, 2, 2)), mean=0, std=1)",
    "nd.image.normalize(nd.ones((2, 2)), mean=0, std=1)",
    "nd.image.normalize(nd.ones((1, 1, 3, 2, 2)), mean=0, std=1)",
]
