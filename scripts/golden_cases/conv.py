"""Golden cases of the convolution layers (ndsh/engine/ops/conv.py: Convolution, Deconvolution),
recorded from MXNet 1.9.1 by `record_golden.py conv` into tests/engine/golden/conv.json:
forward values and gradients for given head gradients in float32 and float64, 1-D, 2-D and 3-D,
stride / dilate / pad / groups / no_bias, Deconvolution's adj and target_shape, and the inputs
MXNet refuses.

Left out on purpose (ndsh departs, see the ops' doc pages; tests/engine/test_conv.py covers
them): float16 (MXNet's CPU build refuses it), a Deconvolution target_shape or adj that MXNet's
oneDNN kernel cannot describe in float32 (those are recorded in float64, which runs MXNet's own
kernel), float64 3-D Deconvolution (MXNet has no native 3-D kernel), num_group=0 (MXNet
crashes), channels-last layouts (MXNet's CPU kernels fail asynchronously).
"""
from __future__ import annotations


def arange(name, shape, dtype, scale=1, shift=0, mod=None):
    """`name = (arange(size) % mod) * scale + shift`, reshaped and copied (MXNet's oneDNN
    Deconvolution refuses a reshaped view: "Check failed: !is_view"), in dtype."""
    size = 1
    for s in shape:
        size *= s
    value = f"nd.arange({size}, dtype='{dtype}')"
    if mod:
        value = f"({value} % {mod})"
    if scale != 1:
        value = f"{value} * {scale}"
    if shift:
        value = f"({value} + {shift})"
    return f"{name} = ({value}).reshape({shape}).copy()"


def grads(setup, call, names):
    """A snippet: `call` recorded after `setup`, backward with a fixed head gradient (the
    result's shape, values cycling through -3..3), then the gradients of `names`."""
    return "\n".join([
        setup,
        "; ".join(f"{n}.attach_grad()" for n in names),
        "with autograd.record():",
        f"    y = {call}",
        "y.backward(nd.arange(y.size, dtype=y.dtype).reshape(y.shape) % 7 - 3)",
        "(" + ", ".join(f"{n}.grad" for n in names) + ",)",
    ])


def inputs(dtype, x_shape, w_shape, b_len=None, x_mod=7):
    lines = [arange("x", x_shape, dtype, 0.5, -1, mod=x_mod),
             arange("w", w_shape, dtype, 0.25, -1, mod=9)]
    if b_len:
        lines.append(arange("b", (b_len,), dtype, 1, -1))
    return "; ".join(lines)


CASES: list[str] = []

# ----- Convolution ----------------------------------------------------------------------------
CONV = [
    # (x shape, w shape, bias?, arguments)
    ((2, 3, 5, 6), (4, 3, 2, 3), True, "kernel=(2, 3), num_filter=4"),
    ((2, 3, 5, 6), (4, 3, 2, 3), True,
     "kernel=(2, 3), stride=(2, 1), dilate=(1, 2), pad=(1, 1), num_filter=4"),
    ((1, 4, 5, 5), (6, 2, 3, 3), True, "kernel=(3, 3), pad=(1, 1), num_filter=6, num_group=2"),
    ((2, 3, 4, 4), (3, 1, 3, 3), False,
     "kernel=(3, 3), stride=(2, 2), pad=(1, 1), num_filter=3, num_group=3, no_bias=True"),
    ((2, 2, 4, 4), (3, 2, 1, 1), True, "kernel=(1, 1), num_filter=3"),
    ((1, 2, 3, 3), (2, 2, 2, 2), True, "kernel=(2, 2), pad=(3, 2), stride=(3, 2), num_filter=2"),
    ((2, 3, 10), (4, 3, 3), True, "kernel=(3,), stride=(2,), pad=(1,), num_filter=4"),
    ((1, 2, 9), (4, 1, 2), False, "kernel=(2,), dilate=(3,), num_filter=4, num_group=2, "
                                  "no_bias=True"),
    ((1, 2, 4, 5, 6), (3, 2, 2, 2, 2), True, "kernel=(2, 2, 2), num_filter=3"),
    ((1, 2, 4, 5, 3), (2, 1, 2, 3, 2), True,
     "kernel=(2, 3, 2), stride=(2, 1, 1), pad=(1, 1, 0), num_filter=2, num_group=2"),
]
for dt in ("float32", "float64"):
    for xs, ws, has_bias, args in CONV:
        setup = inputs(dt, xs, ws, ws[0] if has_bias else None)
        arrays = "x, w, b" if has_bias else "x, w"
        call = f"nd.Convolution({arrays}, {args})"
        CASES.append(f"{setup}\n{call}")
        CASES.append(grads(setup, call, arrays.split(", ")))

X = inputs("float32", (1, 2, 4, 4), (3, 2, 2, 2), 3) + "\n"
CASES += [
    X + "nd.Convolution(data=x, weight=w, bias=b, kernel=(2, 2), num_filter=3)",
    X + "nd.Convolution(x, w, b, kernel=[2, 2], num_filter=3, layout='NCHW', workspace=16, "
        "cudnn_off=True, cudnn_tune='off')",
    X + "nd.Convolution(x, w, None, kernel=(2, 2), num_filter=3, no_bias=True)",
    X + "o = nd.zeros((1, 3, 3, 3)); r = nd.Convolution(x, w, b, kernel=(2, 2), num_filter=3, "
        "out=o)\n(r is o, o)",
    "nd.Convolution(nd.ones((1, 1, 3)), nd.ones((1, 1, 2)), nd.zeros(1), kernel=2, "
    "num_filter=1)",
    # what MXNet refuses
    X + "nd.Convolution(x, w, kernel=(2, 2), num_filter=3)",                    # bias missing
    X + "nd.Convolution(x, w, None, kernel=(2, 2), num_filter=3)",
    X + "nd.Convolution(x, w, b, kernel=(2, 2), num_filter=3, no_bias=True)",   # bias extra
    X + "nd.Convolution(x, w, b, num_filter=3)",                                # no kernel
    X + "nd.Convolution(x, w, b, kernel=(2, 2))",                               # no num_filter
    X + "nd.Convolution(x, w, b, kernel=(2, 2), num_filter=4)",
    X + "nd.Convolution(x, w, b, kernel=(3, 3), num_filter=3)",                 # weight shape
    X + "nd.Convolution(x, w, nd.ones(4), kernel=(2, 2), num_filter=3)",
    X + "nd.Convolution(x, w, b, kernel=(2, 2), num_filter=3, stride=(0, 1))",
    X + "nd.Convolution(x, w, b, kernel=(2, 2), num_filter=3, stride=(1,))",
    X + "nd.Convolution(x, w, b, kernel=(2, 2), num_filter=3, pad=(1,))",
    X + "nd.Convolution(x, w, b, kernel=(2, 2), num_filter=3, dilate=(1, 1, 1))",
    X + "nd.Convolution(x, w, b, kernel=(2, 2), num_filter=3, layout='NCW')",
    X + "nd.Convolution(x, w, b, kernel=(2, 2), num_filter=3.0)",
    X + "nd.Convolution(x, w, b, kernel=(2,), num_filter=3)",                   # rank
    X + "nd.Convolution(x, w, b, kernel=(2, 2, 2, 2), num_filter=3)",
    X + "nd.Convolution(x, w, b, kernel=(5, 2), num_filter=3)",                 # too big
    X + "nd.Convolution(x, w, b, kernel=(3, 2), dilate=(2, 1), num_filter=3)",
    X + "nd.Convolution(x, nd.ones((3, 1, 2, 2)), b, kernel=(2, 2), num_filter=3, "
        "num_group=2)",
    X + "nd.Convolution(x, nd.ones((4, 1, 2, 2)), nd.ones(4), kernel=(2, 2), num_filter=4, "
        "num_group=3)",
    X + "nd.Convolution(nd.ones((1, 3, 4, 4)), w, b, kernel=(2, 2), num_filter=3)",
    X + "nd.Convolution(x.astype('int32'), w.astype('int32'), b.astype('int32'), "
        "kernel=(2, 2), num_filter=3)",
    X + "nd.Convolution(x.astype('float64'), w, b, kernel=(2, 2), num_filter=3)",
    X + "nd.Convolution(x, w, b.astype('float64'), kernel=(2, 2), num_filter=3)",
    X + "nd.Convolution(x.reshape((2, 16)), w, b, kernel=(2, 2), num_filter=3)",
]

# ----- Deconvolution --------------------------------------------------------------------------
DECONV = [
    # (x shape, w shape, bias?, arguments, dtypes)
    ((1, 2, 3, 3), (2, 3, 2, 2), False, "kernel=(2, 2), num_filter=3", ("float32", "float64")),
    ((2, 2, 3, 4), (2, 3, 3, 2), True,
     "kernel=(3, 2), stride=(2, 3), pad=(1, 0), num_filter=3, no_bias=False",
     ("float32", "float64")),
    ((1, 2, 3, 3), (2, 2, 2, 2), False, "kernel=(2, 2), stride=(2, 2), adj=(1, 1), "
                                        "num_filter=2", ("float32", "float64")),
    ((1, 2, 2, 3), (2, 1, 3, 3), False, "kernel=(3, 3), dilate=(2, 1), num_filter=1",
     ("float32", "float64")),
    ((1, 4, 3, 3), (4, 1, 2, 2), False, "kernel=(2, 2), num_group=2, num_filter=2",
     ("float32", "float64")),
    ((1, 3, 3, 3), (3, 1, 3, 3), False, "kernel=(3, 3), stride=(2, 2), pad=(1, 1), "
                                        "num_group=3, num_filter=3", ("float32", "float64")),
    ((2, 2, 5), (2, 3, 3), True, "kernel=(3,), stride=(2,), pad=(1,), num_filter=3, "
                                 "no_bias=False", ("float32", "float64")),
    ((1, 2, 2, 3, 2), (2, 2, 2, 2, 2), False, "kernel=(2, 2, 2), stride=(1, 2, 1), "
                                              "num_filter=2", ("float32",)),
    # target_shape (MXNet's oneDNN kernel fails on it in float32: float64 only)
    ((1, 1, 2, 2), (1, 1, 2, 2), False, "kernel=(2, 2), stride=(2, 2), target_shape=(3, 4), "
                                        "num_filter=1", ("float64",)),
    ((1, 2, 3, 3), (2, 2, 3, 3), False, "kernel=(3, 3), stride=(2, 2), target_shape=(6, 6), "
                                        "num_filter=2", ("float64",)),
    ((1, 2, 3, 3), (2, 2, 3, 3), False, "kernel=(3, 3), stride=(2, 2), target_shape=(5, 5), "
                                        "num_filter=2", ("float64",)),
    ((1, 1, 3, 3), (1, 1, 3, 3), False, "kernel=(3, 3), stride=(2, 2), pad=(2, 2), adj=(1, 1), "
                                        "target_shape=(5, 6), num_filter=1", ("float64",)),
]
for xs, ws, has_bias, args, dtypes in DECONV:
    for dt in dtypes:
        setup = inputs(dt, xs, ws, ws[1] * (2 if "num_group=2" in args else 1)
                       if has_bias else None)
        arrays = "x, w, b" if has_bias else "x, w"
        call = f"nd.Deconvolution({arrays}, {args})"
        CASES.append(f"{setup}\n{call}")
        CASES.append(grads(setup, call, arrays.split(", ")))

D = "x = nd.array([[[[1, 2], [3, 4]]]]); w = nd.ones((1, 1, 2, 2))\n"
CASES += [
    D + "nd.Deconvolution(x, w, nd.array([10]), kernel=(2, 2), num_filter=1, no_bias=False)",
    D + "nd.Deconvolution(x, w, kernel=(2, 2), num_filter=1, pad=(1, 1))",
    D + "nd.Deconvolution(data=x, weight=w, kernel=(2, 2), num_filter=1).shape",
    # what MXNet refuses
    D + "nd.Deconvolution(x, w, nd.array([10]), kernel=(2, 2), num_filter=1)",   # bias extra
    D + "nd.Deconvolution(x, w, kernel=(2, 2), num_filter=1, no_bias=False)",   # bias missing
    D + "nd.Deconvolution(x, w, kernel=(2, 2))",
    D + "nd.Deconvolution(x, w, num_filter=1)",
    D + "nd.Deconvolution(x, w, kernel=(2, 2), num_filter=1, stride=(2, 2), adj=(2, 2))",
    D + "nd.Deconvolution(x, w, kernel=(2, 2), num_filter=1, adj=(1, 1))",
    D + "nd.Deconvolution(x, w, kernel=(2, 2), num_filter=1, stride=(2, 2), "
        "target_shape=(5, 5))",
    D + "nd.Deconvolution(x, nd.ones((1, 2, 2, 2)), kernel=(2, 2), num_filter=1)",
    D + "nd.Deconvolution(x, nd.ones((2, 1, 2, 2)), kernel=(2, 2), num_filter=1)",
    D + "nd.Deconvolution(x.astype('int32'), w.astype('int32'), kernel=(2, 2), num_filter=1)",
    D + "nd.Deconvolution(x, w.astype('float64'), kernel=(2, 2), num_filter=1)",
    D + "nd.Deconvolution(x.reshape((1, 4)), w, kernel=(2, 2), num_filter=1)",
    D + "nd.Deconvolution(x, w, kernel=(2, 2), num_filter=1, stride=(0, 1))",
    D + "nd.Deconvolution(nd.ones((1, 2, 2, 2)), nd.ones((2, 1, 2, 2)), kernel=(2, 2), "
        "num_filter=3, num_group=2)",
]
