"""Record golden outputs of MXNet 1.9.1's numpy interface for the np functions d2l-en's MXNet
code needs beyond the first slice (tests/mxnp/test_functions_golden.py replays them in ndsh):
np functions on Python scalars (NumPy's answer), np.einsum, np.pad, np.arctan2, np.copysign,
np.genfromtxt, np.set_printoptions, with gradients where there are some.

Oracle: Apache MXNet 1.9.1 (CPU wheel) with numpy 1.23.5 on Python 3.11, in a side venv; MXNet
is never a dependency of ndsh. Rerun from the repository root:

    /work/mxvenv/bin/python scripts/record_mxnp_functions.py

It writes tests/mxnp/golden/mxnp_functions_1.9.1.json, with the encoding of
scripts/record_mxnp.py (an np array as its repr, str, shape, dtype and values; a NumPy scalar as
its type name and repr; an exception as its type name). Every snippet runs after `npx.set_np()`
with `np`, `npx`, `mx`, `autograd`, `onp` (the real numpy) and `io` bound.
"""
from __future__ import annotations

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_mxnp import encode, run  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "mxnp",
                   "golden", "mxnp_functions_1.9.1.json")

A = "A = np.arange(6).reshape(2, 3)\n"
V = "v = np.array([1.0, 2.0, 3.0])\n"
B = "B = np.arange(24).reshape(2, 3, 4)\n"
X = "x = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])\n"
GRAD = ("x.attach_grad()\nwith autograd.record():\n"
        "    y = (RESULT * np.arange(SIZE).reshape(SHAPE)).sum()\ny.backward()\nx.grad")


def grad_case(result: str, shape: str, size: int) -> str:
    return X + GRAD.replace("RESULT", result).replace("SHAPE", shape).replace("SIZE", str(size))


CASES = [
    # np functions on Python and NumPy scalars: MXNet hands them to NumPy (a NumPy scalar back)
    *[(f"scalar_{name}", code) for name, code in [
        ("sin", "np.sin(0.5)"), ("log_int", "np.log(2)"), ("sqrt", "np.sqrt(2.0)"),
        ("exp_int", "np.exp(1)"), ("tanh", "np.tanh(0.0)"), ("floor", "np.floor(2.5)"),
        ("abs_int", "np.abs(-3)"), ("sign", "np.sign(-2.5)"), ("negative", "np.negative(3)"),
        ("cos_float32", "np.cos(onp.float32(0.5))"), ("exp_float64", "np.exp(onp.float64(1))"),
        ("logical_not", "np.logical_not(0)"), ("log_e", "np.log(np.e)"),
        ("add_ints", "np.add(1, 2)"), ("maximum", "np.maximum(1, 2.5)"),
        ("power_ints", "np.power(2, 3)"), ("multiply", "np.multiply(2.0, 3)"),
        ("divide_ints", "np.divide(1, 2)"), ("true_divide", "np.true_divide(3, 2)"),
        ("mod", "np.mod(7, 3)"), ("hypot", "np.hypot(3, 4)"), ("less", "np.less(1, 2)"),
        ("equal", "np.equal(2.0, 2)"), ("arctan2", "np.arctan2(1.0, 2.0)"),
        ("copysign", "np.copysign(1.0, -0.0)"),
        ("sqrt_0d_array", "np.sqrt(np.array(2.0))"), ("sin_list", "np.sin([0.5, 1.0])"),
        ("add_lists", "np.add([1], [2])"), ("isnan", "np.isnan(1.0)"),
        ("isinf", "np.isinf(onp.inf)"), ("isfinite", "np.isfinite(onp.float32(2))")]],
    # np.round / np.around: halves to even (np.rint rounds them down), decimals
    ("round_halves", "np.round(np.array([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, -2.6, -0.4]))"),
    ("around_halves", "np.around(np.array([0.5, 1.5, 2.5, -0.5]))"),
    ("rint_halves", "np.rint(np.array([0.5, 1.5, 2.5, -0.5]))"),
    ("round_decimals", "np.round(np.array([1.234, 2.567, -1.005, 1.25, 1.35]), 2)"),
    ("round_decimals_one", "np.round(np.array([1.25, 1.35, -1.25, -0.04, -0.05]), 1)"),
    ("round_negative_decimals", "np.round(np.array([1234.5, 2567.0, 50.0, 150.0]), -2)"),
    ("round_int32", "np.round(np.array([125, 135, -125, -136, 19], dtype='int32'), -1)"),
    ("round_int32_zero", "np.round(np.array([1, 2], dtype='int32'))"),
    ("round_float64", "np.round(np.array([1.5, 2.5, 0.125], dtype='float64'), 2)"),
    ("round_method", "np.array([1.234, 2.567]).round(1)"),
    ("round_scalar", "np.round(2.567, 2)"),
    # np.genfromtxt: NumPy's reader, NumPy's dtype (float64 unless dtype=), on a context
    ("genfromtxt", "np.genfromtxt(io.StringIO('1,2\\n3,4'), delimiter=',')"),
    ("genfromtxt_float32", "np.genfromtxt(io.StringIO('1\\t2.5\\n3\\t4'), dtype=np.float32, "
                           "delimiter='\\t')"),
    ("genfromtxt_ctx", "np.genfromtxt(io.StringIO('1 2'), ctx=mx.cpu()).ctx"),
    # np.set_printoptions: NumPy's own options, precision and threshold only
    ("set_printoptions_precision",
     "np.set_printoptions(precision=2)\nr = repr(np.array([1.23456, 2.0]))\n"
     "np.set_printoptions(precision=8)\nr"),
    ("set_printoptions_threshold",
     "np.set_printoptions(threshold=5)\nr = str(np.arange(10))\n"
     "np.set_printoptions(threshold=1000)\nr"),
    ("set_printoptions_returns", "np.set_printoptions(precision=8)"),
    ("set_printoptions_other", "np.set_printoptions(linewidth=100)"),
    # np.einsum (the three of d2l-en's geometry-linear-algebraic-ops first)
    ("einsum_matvec", A + V + "np.einsum('ij, j -> i', A, v)"),
    ("einsum_three", A + V + B + "np.einsum('ijk, il, j -> kl', B, A, v)"),
    ("einsum_trace", "np.einsum('ii', np.arange(9).reshape(3, 3))"),
    ("einsum_diagonal", "np.einsum('ii->i', np.arange(9).reshape(3, 3))"),
    ("einsum_identity", A + "np.einsum('ij', A)"),
    ("einsum_implicit_transpose", A + "np.einsum('ji', A)"),
    ("einsum_explicit_transpose", A + "np.einsum('ij->ji', A)"),
    ("einsum_full_inner", A + "np.einsum('ij,ij', A, A)"),
    ("einsum_ellipsis", A + V + "np.einsum('...j,j', A, v)"),
    ("einsum_ellipsis_out", B + "np.einsum('i...->...', B)"),
    ("einsum_outer", V + "np.einsum('i,j', v, v)"),
    ("einsum_sum", A + "np.einsum('ij->', A)"),
    ("einsum_batch", B + "np.einsum('bij,bjk->bik', B[:, :, :3], B[:, :3, :])"),
    ("einsum_implicit_matmul", A + "np.einsum('ij,jk', A, np.ones((3, 2)))"),
    ("einsum_rows", A + "np.einsum('ij,kj->ik', A, A)"),
    ("einsum_int32", "np.einsum('ij,j', np.arange(6, dtype='int32').reshape(2, 3), "
                     "np.array([1, 2, 3], dtype='int32'))"),
    ("einsum_optimize", V + "np.einsum('i', v, optimize=True)"),
    ("einsum_broadcast", "np.einsum('ij,ij->i', np.ones((2, 1)), np.arange(6).reshape(2, 3))"),
    ("einsum_too_few", A + "np.einsum('ij,jk->ik', A)"),
    ("einsum_grad", "x = np.array([[1.0, 2.0], [3.0, 4.0]])\nx.attach_grad()\n"
                    "with autograd.record():\n"
                    "    y = np.einsum('ij,j->i', x, np.array([1.0, -1.0])).sum()\n"
                    "y.backward()\nx.grad"),
    ("einsum_grad_two", "x = np.array([[1.0, 2.0], [3.0, 4.0]])\nx.attach_grad()\n"
                        "with autograd.record():\n"
                        "    y = (np.einsum('ij,jk->ik', x, x) * np.array([[1.0, 2.0], "
                        "[3.0, 4.0]])).sum()\ny.backward()\nx.grad"),
    # MXNet 1.9.1 fails where ndsh gives NumPy's answer (tests: DEPARTS)
    ("einsum_sublists", A + V + B + "np.einsum(B, [0, 1, 2], A, [0, 3], v, [1], [2, 3])"),
    ("einsum_mixed_dtypes", V + "np.einsum('i,i', v, np.array([1, 2, 3], dtype='int32'))"),
    # np.pad
    ("pad_constant", X + "np.pad(x, ((1, 1), (2, 0)))"),
    ("pad_edge", X + "np.pad(x, ((1, 2), (2, 1)), mode='edge')"),
    ("pad_reflect", X + "np.pad(x, ((1, 1), (2, 2)), mode='reflect')"),
    ("pad_reflect_wide", X + "np.pad(x, ((0, 0), (3, 3)), mode='reflect')"),
    ("pad_symmetric", X + "np.pad(x, ((1, 1), (2, 2)), mode='symmetric')"),
    ("pad_maximum", X + "np.pad(x, ((1, 1), (2, 1)), mode='maximum')"),
    ("pad_minimum", X + "np.pad(x, ((1, 1), (2, 1)), mode='minimum')"),
    ("pad_int32", "np.pad(np.arange(4, dtype='int32').reshape(2, 2), ((1, 0), (0, 1)))"),
    ("pad_3d", "np.pad(np.ones((1, 2, 2)), ((0, 0), (1, 1), (1, 1)))"),
    ("pad_wrap", X + "np.pad(x, ((1, 1), (1, 1)), mode='wrap')"),
    ("pad_mean", X + "np.pad(x, ((1, 1), (1, 1)), mode='mean')"),
    ("pad_constant_tuple", X + "np.pad(x, ((1, 1), (1, 1)), constant_values=(1, 2))"),
    ("pad_float_width", X + "np.pad(x, ((1.5, 1), (1, 1)))"),
    ("pad_bad_keyword", X + "np.pad(x, ((1, 1), (1, 1)), mode='edge', constant_values=1)"),
    ("pad_grad_reflect", grad_case("np.pad(x, ((1, 1), (2, 2)), mode='reflect')", "4, 7", 28)),
    ("pad_grad_edge", grad_case("np.pad(x, ((1, 2), (2, 1)), mode='edge')", "5, 6", 30)),
    ("pad_grad_constant", grad_case("np.pad(x, ((1, 1), (2, 0)))", "4, 5", 20)),
    ("pad_grad_symmetric", grad_case("np.pad(x, ((1, 1), (2, 2)), mode='symmetric')",
                                     "4, 7", 28)),
    # MXNet 1.9.1 ignores constant_values and refuses NumPy's short pad_width forms
    ("pad_constant_values", X + "np.pad(x, ((1, 1), (1, 1)), constant_values=5)"),
    ("pad_int_width", X + "np.pad(x, 1)"),
    ("pad_one_pair", X + "np.pad(x, (1, 2))"),
    # np.arctan2 and np.copysign
    ("arctan2", "np.arctan2(np.array([1.0, -1.0, 0.0]), np.array([-1.0, 1.0, -1.0]))"),
    ("arctan2_zeros", "np.arctan2(np.array([0.0, 0.0, -0.0, 1.0, -1.0]), "
                      "np.array([0.0, -1.0, -1.0, 0.0, 0.0]))"),
    ("arctan2_scalar_second", "np.arctan2(np.array([-1.0, 0.0, 2.0]), 2)"),
    ("arctan2_scalar_first", "np.arctan2(1, np.array([-1.0, 0.0, 2.0]))"),
    ("arctan2_broadcast", "np.arctan2(np.ones((2, 1)), np.array([1.0, -2.0, 3.0]))"),
    ("arctan2_grad", "x = np.array([1.0, -2.0])\nz = np.array([3.0, 0.5])\nx.attach_grad()\n"
                     "z.attach_grad()\nwith autograd.record():\n"
                     "    y = (np.arctan2(x, z) * np.array([1.0, 2.0])).sum()\n"
                     "y.backward()\n(x.grad, z.grad)"),
    ("copysign", "np.copysign(np.array([1.0, -2.0, 3.0]), np.array([-1.0, 1.0, 0.0]))"),
    ("copysign_scalar", "np.copysign(np.array([-1.0, 0.0, 2.0]), -1)"),
    ("copysign_scalar_first", "np.copysign(2, np.array([-1.0, 0.0, 2.0]))"),
    ("copysign_negative_zero", "np.copysign(np.array([1.0, 2.0, 3.0]), "
                               "np.array([0.0, -0.0, 1.0]))"),
    ("copysign_int32", "np.copysign(np.array([1, -2, 3], dtype='int32'), -1)"),
    ("copysign_grad", "x = np.array([1.0, -2.0])\nx.attach_grad()\n"
                      "with autograd.record():\n"
                      "    y = (np.copysign(x, np.array([-1.0, 1.0])) * np.array([1.0, 2.0]))"
                      ".sum()\ny.backward()\nx.grad"),
    # MXNet 1.9.1 refuses ints and mixed dtypes here; ndsh promotes (ints give float32)
    ("arctan2_int32", "np.arctan2(np.array([1, -2, 3], dtype='int32'), "
                      "np.array([-1.0, 0.0, 2.0]))"),
    ("copysign_mixed", "np.copysign(np.array([1, -2, 3], dtype='int32'), "
                       "np.array([-1.0, 0.0, 2.0]))"),
]


def main() -> None:
    import io
    import warnings
    warnings.filterwarnings("ignore")
    import mxnet as mx
    import numpy as onp
    from mxnet import autograd, np, npx
    npx.set_np()
    out = {"oracle": f"mxnet {mx.__version__}, numpy {onp.__version__}", "cases": {}}
    for name, code in CASES:
        namespace = {"np": np, "npx": npx, "mx": mx, "autograd": autograd, "onp": onp, "io": io}
        try:
            record = encode(run(code, namespace), np, onp, False)
        except Exception as error:                    # noqa: BLE001  (recorded as data)
            record = {"error": type(error).__name__}
        record["code"] = code
        out["cases"][name] = record
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(out['cases'])} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
