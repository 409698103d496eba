"""Golden cases of Pooling (ndsh/engine/ops/pool.py), recorded from MXNet 1.9.1 by
`record_golden.py pool` into tests/engine/golden/pool.json: max / avg / sum / lp pooling, 1-D,
2-D and 3-D, the 'valid' and 'full' conventions, padding with and without count_include_pad,
global pooling, channels-last layouts, NaN and -inf in max pooling, float16, float32 and
float64, the gradients for given head gradients, and what MXNet refuses.

Left out on purpose (ndsh departs, see Pooling's doc page; tests/engine/test_pool.py covers
them): pooling_convention='same' (MXNet 1.9.1 fails on every call), float32 windows wholly in
the padding (MXNet's oneDNN kernel refuses pad >= kernel; float64 is recorded), the float32
gradient of 1-D 'full' avg pooling (MXNet's backward picks its oneDNN kernel from the output's
shape and divides by the padding its forward did not count).
"""
from __future__ import annotations

from conv import arange, grads

CASES: list[str] = []

POOL = [
    # (x shape, arguments)
    ((2, 2, 5, 5), "kernel=(2, 2), stride=(2, 2)"),
    ((1, 2, 5, 6), "kernel=(3, 2)"),
    ((1, 2, 5, 5), "kernel=(3, 3), stride=(2, 2), pad=(1, 1)"),
    ((1, 2, 5, 5), "kernel=(2, 2), stride=(2, 2), pooling_convention='full'"),
    ((1, 1, 6, 7), "kernel=(3, 3), stride=(2, 2), pad=(1, 1), pooling_convention='full'"),
    ((1, 2, 6, 5), "kernel=(2, 3), stride=(3, 1)"),
    ((2, 2, 9), "kernel=(3,), stride=(2,), pad=(1,)"),
    ((1, 2, 7), "kernel=(2,), stride=(2,), pooling_convention='full'"),
    ((1, 1, 4, 4, 5), "kernel=(2, 2, 2), stride=(2, 2, 2)"),
    ((1, 2, 3, 4, 4), "kernel=(2, 3, 2), stride=(1, 1, 2), pad=(1, 1, 0)"),
]
TYPES = ["pool_type='max'", "pool_type='avg'", "pool_type='avg', count_include_pad=False",
         "pool_type='sum'", "pool_type='lp', p_value=2"]
for dt in ("float32", "float64"):
    for xs, args in POOL:
        for kind in TYPES:
            if "count_include_pad" in kind and "pad=" not in args and "full" not in args:
                continue
            setup = arange("x", xs, dt, 0.5, -3, mod=13)
            call = f"nd.Pooling(x, {args}, {kind})"
            CASES.append(f"{setup}\n{call}")
            if dt == "float32" and len(xs) == 3 and "full" in args and "avg" in kind:
                continue        # MXNet's float32 backward is not its forward's gradient here
            CASES.append(grads(setup, call, ["x"]))

# lp with p = 1 (a plain sum, no absolute value) and 3; ties and first maxima; global pooling
for dt in ("float32", "float64"):
    setup = arange("x", (1, 2, 4, 4), dt, 0.5, -3, mod=5)
    for kind in ("pool_type='lp', p_value=1", "pool_type='lp', p_value=3",
                 "pool_type='max', p_value=3"):
        call = f"nd.Pooling(x, kernel=(2, 2), stride=(2, 2), {kind})"
        CASES += [f"{setup}\n{call}", grads(setup, call, ["x"])]
    for kind in ("max", "avg", "sum"):
        for shape in ((2, 3, 4, 5), (1, 2, 6), (1, 2, 2, 3, 2)):
            g = arange("x", shape, dt, 0.5, -3, mod=5)
            call = f"nd.Pooling(x, global_pool=True, pool_type='{kind}')"
            CASES += [f"{g}\n{call}", grads(g, call, ["x"])]
    g = arange("x", (1, 2, 3, 3), dt, 0.5, -1, mod=5)
    call = "nd.Pooling(x, global_pool=True, pool_type='lp', p_value=2)"
    CASES += [f"{g}\n{call}", grads(g, call, ["x"])]
    ones = f"x = nd.ones((1, 1, 4, 4), dtype='{dt}')"
    CASES.append(grads(ones, "nd.Pooling(x, kernel=(2, 2), stride=(2, 2))", ["x"]))
    CASES.append(grads(ones, "nd.Pooling(x, kernel=(3, 3), pad=(1, 1))", ["x"]))
    CASES.append(grads(ones, "nd.Pooling(x, kernel=(2, 2), stride=(2, 2), "
                       "pooling_convention='full', pad=(1, 1), pool_type='avg')", ["x"]))

# channels-last layouts, float16, NaN and -inf, windows past the padding
X = "x = nd.arange(50).reshape((1, 5, 5, 2))\n"
CASES += [
    X + "nd.Pooling(x, kernel=(2, 2), layout='NHWC')",
    X + "nd.Pooling(x.astype('float64'), kernel=(3, 2), stride=(2, 1), layout='NHWC', "
        "pool_type='avg')",
    X + "nd.Pooling(x, global_pool=True, layout='NHWC', pool_type='sum')",
    "x = nd.arange(12).reshape((1, 4, 3))\nnd.Pooling(x, kernel=(2,), layout='NWC')",
    "x = nd.arange(12).reshape((1, 4, 3))\nnd.Pooling(x, global_pool=True, layout='NWC', "
    "pool_type='avg')",
    grads("x = nd.arange(50).reshape((1, 5, 5, 2))",
          "nd.Pooling(x, kernel=(2, 2), stride=(2, 2), layout='NHWC', pool_type='max')", ["x"]),
    grads("x = nd.arange(50).reshape((1, 5, 5, 2))",
          "nd.Pooling(x, kernel=(3, 3), pad=(1, 1), layout='NHWC', pool_type='avg')", ["x"]),
    "nd.Pooling(nd.arange(25).reshape((1, 1, 5, 5)).astype('float16'), kernel=(2, 2))",
    "nd.Pooling(nd.arange(25).reshape((1, 1, 5, 5)).astype('float16'), kernel=(2, 2), "
    "pool_type='avg')",
    "nd.Pooling(nd.arange(25).reshape((1, 1, 5, 5)).astype('float16'), kernel=(3, 3), "
    "stride=(2, 2), pool_type='sum', pooling_convention='full')",
    "nd.Pooling(nd.arange(8).reshape((1, 2, 2, 2)).astype('float16'), global_pool=True, "
    "pool_type='avg')",
]
for dt in ("float32", "float64"):
    # (float32 windows wholly in the padding: MXNet's oneDNN kernel refuses pad >= kernel,
    # except on a view, which it pools with its own kernel; recorded in float64)
    nan = f"x = nd.array([[[[1, float('nan'), 0], [3, 2, -1]]]], dtype='{dt}')\n"
    inf = f"x = nd.array([[[[-float('inf'), -float('inf'), 4], [2, 1, float('inf')]]]], " \
          f"dtype='{dt}')\n"
    big = f"x = nd.arange(25, dtype='{dt}').reshape((1, 1, 5, 5)).copy()\n"
    CASES += [
        nan + "nd.Pooling(x, kernel=(2, 2))",
        nan + "nd.Pooling(x, kernel=(2, 3), global_pool=True)",
        nan + "nd.Pooling(x, kernel=(1, 2), pool_type='avg')",
        grads(nan.strip(), "nd.Pooling(x, kernel=(2, 2))", ["x"]),
        inf + "nd.Pooling(x, kernel=(1, 2))",
        inf + "nd.Pooling(x, kernel=(1, 2), pool_type='avg')",
    ]
    if dt == "float64":
        CASES += [
            big + "nd.Pooling(x, kernel=(2, 2), pad=(2, 2), stride=(2, 2))",
            big + "nd.Pooling(x, kernel=(2, 2), pad=(2, 2), stride=(2, 2), pool_type='avg')",
            big + "nd.Pooling(x, kernel=(2, 2), pad=(2, 2), stride=(2, 2), pool_type='avg', "
                  "count_include_pad=False)",
        ]
    CASES += [
        big + "nd.Pooling(x, kernel=(2, 2), stride=(2, 2), pad=(1, 1), pool_type='avg', "
              "pooling_convention='full', count_include_pad=False)",
        big + "nd.Pooling(x, kernel=(1, 1), stride=(3, 3))",
        big + "nd.Pooling(x, kernel=(2, 2), stride=(3, 3), pooling_convention='full')",
        big + "nd.Pooling(x, kernel=(2, 2), stride=(2, 2), pad=(1, 1), global_pool=True, "
              "pool_type='avg')",
    ]

# what MXNet refuses
X = "x = nd.arange(25).reshape((1, 1, 5, 5))\n"
CASES += [
    X + "nd.Pooling(x)",
    X + "nd.Pooling(x, kernel=(0, 2))",
    X + "nd.Pooling(x, kernel=(2, 2), stride=(0, 1))",
    X + "nd.Pooling(x, kernel=2)",
    X + "nd.Pooling(x, kernel=(2, 2), stride=(1,))",
    X + "nd.Pooling(x, kernel=(6, 2))",
    X + "nd.Pooling(x, kernel=(2, 2), pool_type='median')",
    X + "nd.Pooling(x, kernel=(2, 2), pooling_convention='ceil')",
    X + "nd.Pooling(x, kernel=(2, 2), pooling_convention='same')",
    X + "nd.Pooling(x, kernel=(2, 2), pool_type='lp')",
    X + "nd.Pooling(x, kernel=(2, 2), pool_type='lp', p_value=4)",
    X + "nd.Pooling(x, kernel=(2, 2, 2), global_pool=True)",
    X + "nd.Pooling(x, kernel=(2,), layout='NCHW')",
    X + "nd.Pooling(x.astype('int32'), kernel=(2, 2))",
    "nd.Pooling(nd.ones((3, 4)), kernel=(2,))",
    "nd.Pooling(nd.ones((1, 1, 2, 2, 2, 2)), global_pool=True)",
    "nd.Pooling(nd.ones((1, 1, 2, 2, 2, 2)), kernel=(2, 2, 2, 2))",
    "x = nd.arange(7).reshape((1, 1, 7))\nnd.Pooling(x, kernel=(3,), stride=(2,), "
    "pad=(1,), pooling_convention='same')",
]
