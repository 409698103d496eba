"""Golden cases of the resizing layers (ndsh/engine/ops/resize.py: UpSampling,
contrib.BilinearResize2D, contrib.AdaptiveAvgPooling2D), recorded from MXNet 1.9.1 by
`record_golden.py resize` into tests/engine/golden/resize.json: values and gradients for given
head gradients in float32 and float64 (and float16 forwards), every mode, and what MXNet
refuses.

Left out on purpose: UpSampling 'bilinear' with num_filter=0 or num_group=0 (MXNet crashes),
output sizes above 32767 (MXNet wraps its 16-bit sizes; ndsh refuses them).
"""
from __future__ import annotations

from conv import arange, grads

CASES: list[str] = []

for dt in ("float32", "float64"):
    x = arange("x", (2, 2, 2, 3), dt, 0.5, -2, mod=7)
    q = arange("q", (2, 2, 2, 2), dt, 0.5, -2, mod=7)
    a = arange("a", (2, 3, 1, 1), dt, 1, -1)
    s = arange("s", (2, 2, 4, 4), dt, 0.25, 0, mod=5)
    for call, names in [
        ("nd.UpSampling(x, scale=2, sample_type='nearest')", ["x"]),
        ("nd.UpSampling(x, scale=3, sample_type='nearest')", ["x"]),
        ("nd.UpSampling(x, scale=1, sample_type='nearest')", ["x"]),
        ("nd.UpSampling(q, a, scale=2, sample_type='nearest')", ["q", "a"]),
        ("nd.UpSampling(a, q, scale=4, sample_type='nearest', num_args=2)", ["a", "q"]),
        ("nd.UpSampling(q, s, scale=2, sample_type='nearest', multi_input_mode='sum')",
         ["q", "s"]),
        ("nd.UpSampling(q, s, q, scale=2, sample_type='nearest')", ["q", "s"]),
        ("nd.UpSampling(s, q, a, scale=1, sample_type='nearest', multi_input_mode='sum')",
         ["s", "q", "a"]),
    ]:
        setup = "; ".join([x, q, a, s])
        CASES += [f"{setup}\n{call}", grads(setup, call, names)]
    for scale in (2, 3, 4):
        k = 2 * scale - scale % 2
        setup = "; ".join([arange("x", (1, 2, 3, 2), dt, 0.5, -1, mod=5),
                           arange("w", (2, 1, k, k), dt, 0.25, -1, mod=9)])
        call = f"nd.UpSampling(x, w, scale={scale}, sample_type='bilinear', num_filter=2)"
        CASES += [f"{setup}\n{call}", grads(setup, call, ["x", "w"])]

    # BilinearResize2D
    x = arange("x", (1, 2, 3, 4), dt, 0.5, -2, mod=11)
    for args in ["height=5, width=7", "height=2, width=3", "height=6, width=2",
                 "height=5, width=7, align_corners=False", "height=2, width=3, align_corners=False",
                 "height=3, width=4", "height=3, width=4, align_corners=False",
                 "height=1, width=1", "height=1, width=5, align_corners=False",
                 "scale_height=2, scale_width=1.5", "scale_height=0.7, scale_width=2.6",
                 "scale_width=2, height=4, width=3",
                 "mode='odd_scale', scale_height=2, scale_width=0.5",
                 "mode='to_even_down'", "mode='to_even_up'", "mode='to_odd_down'",
                 "mode='to_odd_up'", "mode='to_odd_up', align_corners=False"]:
        call = f"nd.contrib.BilinearResize2D(x, {args})"
        CASES += [f"{x}\n{call}", grads(x, call, ["x"])]
    like = f"{x}; l = nd.ones((2, 1, 5, 2), dtype='{dt}')"
    call = "nd.contrib.BilinearResize2D(x, l, mode='like')"
    CASES += [f"{like}\n{call}", grads(like, call, ["x", "l"])]
    big = arange("x", (1, 1, 9, 9), dt, 0.5, -2, mod=13)
    for args in ["height=4, width=3", "height=4, width=3, align_corners=False",
                 "height=20, width=13", "height=20, width=13, align_corners=False"]:
        call = f"nd.contrib.BilinearResize2D(x, {args})"
        CASES += [f"{big}\n{call}", grads(big, call, ["x"])]

    # AdaptiveAvgPooling2D
    x = arange("x", (2, 2, 5, 7), dt, 0.5, -2, mod=11)
    for args in ["output_size=2", "output_size=(3, 2)", "", "output_size=(5, 7)",
                 "output_size=(4, 3)", "output_size=(7, 9)", "output_size=(1, 2, 3)",
                 "output_size=[3]", "output_size=(2, 5)"]:
        call = f"nd.contrib.AdaptiveAvgPooling2D(x{', ' + args if args else ''})"
        CASES += [f"{x}\n{call}", grads(x, call, ["x"])]

H = "x = nd.arange(16).reshape((1, 1, 4, 4))\n"
CASES += [
    H + "nd.UpSampling(x.astype('float16'), scale=2, sample_type='nearest')",
    H + "nd.contrib.BilinearResize2D(x.astype('float16'), height=3, width=5)",
    H + "nd.contrib.AdaptiveAvgPooling2D(x.astype('float16'), output_size=3)",
    H + "nd.contrib.AdaptiveAvgPooling2D(x, output_size=0)",
    H + "nd.contrib.AdaptiveAvgPooling2D(x, output_size=(0, 2))",
    H + "nd.contrib.BilinearResize2D(x, scale_height=0.1, scale_width=1)",
    H + "nd.contrib.BilinearResize2D(x, nd.ones((1, 1, 3, 3), dtype='int32'), mode='like')",
    H + "nd.contrib.BilinearResize2D(x, nd.ones((1, 1, 2, 5, 9)), mode='like')",
    H + "nd.contrib.AdaptiveAvgPooling2D(nd.array([[[[float('inf'), 1], [1, 1]]]]), "
        "output_size=(2, 3))",
    H + "nd.contrib.BilinearResize2D(nd.array([[[[float('inf'), 1], [1, 1]]]]), height=3, "
        "width=3)",
    # what MXNet refuses
    H + "nd.UpSampling(x, scale=2)",
    H + "nd.UpSampling(x, sample_type='nearest')",
    H + "nd.UpSampling(x, scale=0, sample_type='nearest')",
    H + "nd.UpSampling(x, scale=2, sample_type='cubic')",
    H + "nd.UpSampling(x, scale=2, sample_type='nearest', multi_input_mode='max')",
    H + "nd.UpSampling(x, scale=2, sample_type='nearest', num_args=2)",
    H + "nd.UpSampling(x, nd.ones((1, 2, 1, 1)), scale=2, sample_type='nearest', "
        "multi_input_mode='sum')",
    H + "nd.UpSampling(x, nd.ones((1, 1, 3, 3)), scale=2, sample_type='nearest')",
    H + "nd.UpSampling(x, nd.ones((1, 1, 2, 4)), scale=2, sample_type='nearest')",
    H + "nd.UpSampling(x, nd.ones((2, 1, 2, 2)), scale=2, sample_type='nearest')",
    H + "nd.UpSampling(x, nd.ones((1, 1, 1, 1), dtype='float64'), scale=2, "
        "sample_type='nearest')",
    H + "nd.UpSampling(x.astype('int32'), scale=2, sample_type='nearest')",
    H + "nd.UpSampling(x.reshape((1, 4, 4)), scale=2, sample_type='nearest')",
    H + "nd.UpSampling(x, scale=2, sample_type='bilinear', num_filter=1)",
    H + "nd.UpSampling(x, nd.ones((1, 1, 3, 3)), scale=2, sample_type='bilinear', "
        "num_filter=1)",
    H + "nd.UpSampling(x, nd.ones((1, 1, 4, 4), dtype='float64'), scale=2, "
        "sample_type='bilinear', num_filter=1)",
    H + "nd.contrib.BilinearResize2D(x, height=0, width=3)",
    H + "nd.contrib.BilinearResize2D(x, scale_height=2)",
    H + "nd.contrib.BilinearResize2D(x, mode='odd_scale', scale_height=2)",
    H + "nd.contrib.BilinearResize2D(x, scale_height=-1, scale_width=1)",
    H + "nd.contrib.BilinearResize2D(x, mode='like')",
    H + "nd.contrib.BilinearResize2D(x, nd.ones((1, 1, 3, 3)), height=3, width=3)",
    H + "nd.contrib.BilinearResize2D(x, nd.ones((3, 3)), mode='like')",
    H + "nd.contrib.BilinearResize2D(x, mode='scale')",
    H + "nd.contrib.BilinearResize2D(x, height=40000, width=2)",
    H + "nd.contrib.BilinearResize2D(x.astype('int32'), height=3, width=3)",
    H + "nd.contrib.BilinearResize2D(x.reshape((1, 4, 4)), height=3, width=3)",
    H + "nd.contrib.AdaptiveAvgPooling2D(x, output_size=-1)",
    H + "nd.contrib.AdaptiveAvgPooling2D(x.astype('int32'), output_size=2)",
    H + "nd.contrib.AdaptiveAvgPooling2D(x.reshape((1, 4, 4)), output_size=2)",
    H + "nd.contrib.AdaptiveAvgPooling2D(x.reshape((1, 1, 1, 4, 4)), output_size=2)",
]
