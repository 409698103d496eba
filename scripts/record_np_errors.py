"""Record what MXNet 1.9.1 does with mx.np calls that ndsh refuses with its own errors (each
naming the np function the user called, never the legacy op behind it: `x.dot(y)` says np.dot,
not nd.dot's `dot: ... (transpose_a=False, transpose_b=False)`), and the values of np.dot over
an N-D second operand (NumPy's rule: its second-to-last axis), which ndsh had wrong.

Oracle: Apache MXNet 1.9.1 (CPU wheel) with numpy 1.23.5, in a side venv (never a dependency of
ndsh). Rerun from the repository root:

    /work/mxvenv/bin/python scripts/record_np_errors.py

It writes tests/mxnp/golden/np_errors_1.9.1.json; tests/mxnp/test_np_error_names.py replays it.
Each case runs after `npx.set_np()` (NaiveEngine, so an error shows in its own case) with `np`,
`npx` and `autograd` bound and `x = np.ones((2, 3))`; an error case records MXNet's exception
type and message and the name ndsh's message must start with; a value case its shape and
values (and the gradient of its first operand where the case says so).
"""
from __future__ import annotations

import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "mxnp",
                   "golden", "np_errors_1.9.1.json")

# (case, code, the name ndsh's error starts with)
ERRORS = [
    ("method_dot", "x.dot(np.ones((2, 3)))", "np.dot"),
    ("function_dot", "np.dot(x, np.ones((2, 3)))", "np.dot"),
    ("dot_nd_second_to_last", "np.dot(x, np.ones((3, 4, 5)))", "np.dot"),
    ("dot_vectors", "np.dot(np.ones(3), np.ones(4))", "np.dot"),
    ("matmul_operator", "x @ np.ones((2, 3))", "np.matmul"),
    ("matmul_stacks", "np.matmul(np.ones((2, 2, 3)), np.ones((2, 4, 5)))", "np.matmul"),
    ("vdot_sizes", "np.vdot(x, np.ones(5))", "np.vdot"),
    ("inner_last_axes", "np.inner(x, np.ones((2, 2)))", "np.inner"),
    ("tensordot_axes_count", "np.tensordot(x, x, axes=([0], [0, 1]))", "np.tensordot"),
    ("tensordot_sizes", "np.tensordot(x, x, axes=([1], [0]))", "np.tensordot"),
    ("method_sum_axis", "x.sum(axis=5)", "np.sum"),
    ("function_sum_axis", "np.sum(x, axis=5)", "np.sum"),
    ("method_mean_axis", "x.mean(axis=5)", "np.mean"),
    ("method_max_axis", "x.max(axis=5)", "np.max"),
    ("method_min_negative_axis", "x.min(axis=-3)", "np.min"),
    ("method_prod_axis", "x.prod(axis=5)", "np.prod"),
    ("method_std_axis", "x.std(axis=5)", "np.std"),
    ("method_var_axis", "x.var(axis=(0, 5))", "np.var"),
    ("method_argmax_axis", "x.argmax(axis=5)", "np.argmax"),
    ("method_all_axis", "x.all(axis=5)", "np.all"),
    ("method_any_axis", "x.any(axis=5)", "np.any"),
    ("method_sort_axis", "x.sort(axis=5)", "np.sort"),
    ("method_argsort_axis", "x.argsort(axis=5)", "np.argsort"),
    ("method_cumsum_axis", "x.cumsum(axis=5)", "np.cumsum"),
    ("method_transpose_out_of_range", "x.transpose(0, 5)", "np.transpose"),
    ("method_transpose_too_many", "x.transpose(0, 1, 2)", "np.transpose"),
    ("function_transpose_out_of_range", "np.transpose(x, (1, 7))", "np.transpose"),
    ("method_take_axis", "x.take(np.array([1, 0]), axis=5)", "np.take"),
    ("method_swapaxes_axis", "x.swapaxes(0, 5)", "np.swapaxes"),
    ("method_repeat_axis", "x.repeat(2, axis=5)", "np.repeat"),
    ("expand_dims_axis", "np.expand_dims(x, 5)", "np.expand_dims"),
    ("roll_axis", "np.roll(x, 1, axis=5)", "np.roll"),
    ("method_round_decimals", "x.round(decimals='a')", "np.round"),
    ("where_shapes", "np.where(x > 0, x, np.ones((3, 2)))", "np.where"),
    ("norm_axis", "np.linalg.norm(x, axis=5)", "np.linalg.norm"),
    ("method_copyto_shape", "x.copyto(np.ones((3, 3)))", "ndarray.copyto"),
    ("method_reshape_size", "x.reshape(4, 2)", "np.reshape"),
    ("concatenate_axis", "np.concatenate([x, x], axis=3)", "np.concatenate"),
    ("rot90_axes", "np.rot90(x, axes=(0, 5))", "np.rot90"),
    ("softmax_axis", "npx.softmax(x, axis=2)", "softmax"),
]

# (case, code, True to record the gradient of `a` too): a and b are arange-filled operands
VALUES = [
    ("dot_2d_3d", "a = np.arange(6.0).reshape(2, 3)\nb = np.arange(60.0).reshape(4, 3, 5)\n",
     True),
    ("dot_1d_3d", "a = np.arange(3.0)\nb = np.arange(24.0).reshape(2, 3, 4)\n", True),
    ("dot_3d_4d", "a = np.arange(12.0).reshape(2, 2, 3)\nb = np.arange(48.0).reshape(2, 2, 3, 4)\n",
     False),
    ("method_dot_3d", "a = np.arange(6.0).reshape(2, 3)\nb = np.arange(30.0).reshape(2, 3, 5)\n",
     False),
]


def main() -> None:
    os.environ["MXNET_ENGINE_TYPE"] = "NaiveEngine"
    import mxnet as mx
    import numpy as onp
    from mxnet import autograd, np, npx
    npx.set_np()
    out = {"oracle": f"mxnet {mx.__version__}, numpy {onp.__version__}", "errors": {},
           "values": {}}
    for name, code, fname in ERRORS:
        namespace = {"np": np, "npx": npx, "x": np.ones((2, 3))}
        record = {"code": code, "ndsh_name": fname}
        try:
            eval(code, namespace)
            mx.nd.waitall()
            record["error"] = None
        except Exception as error:                   # noqa: BLE001 - the error is the answer
            lines = [line for line in str(error).splitlines() if line.strip()] or [""]
            record["error"] = type(error).__name__
            record["message"] = next((line for line in lines if "Check failed" in line
                                      or line.startswith("MXNetError")), lines[-1])[:300]
        out["errors"][name] = record
    for name, setup, grad in VALUES:
        namespace = {"np": np}
        exec(setup, namespace)
        a, b = namespace["a"], namespace["b"]
        method = name.startswith("method")
        record = {"setup": setup, "method": method}
        a.attach_grad()
        with autograd.record():
            y = a.dot(b) if method else np.dot(a, b)
        if grad:
            y.backward()
            record["grad_a"] = a.grad.asnumpy().tolist()
        record["shape"] = list(y.shape)
        record["values"] = y.asnumpy().tolist()
        out["values"][name] = record
    with open(OUT, "w", encoding="utf-8") as fout:
        json.dump(out, fout, indent=1)
        fout.write("\n")
    print(f"wrote {len(out['errors'])} error cases and {len(out['values'])} value cases to "
          f"{os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
