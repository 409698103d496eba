"""Record which legacy `nd` calls with an axis out of range MXNet 1.9.1 refuses (numpy's
`axis % ndim`, which ndsh used to take, picks another axis silently: nd.take(x, i, axis=5) on a
2-d x took along axis 1), and what the in-range negative ones give.

Oracle: Apache MXNet 1.9.1 (CPU wheel) with numpy 1.23.5, in a side venv (never a dependency of
ndsh). Rerun from the repository root:

    /work/mxvenv/bin/python scripts/record_axis_range.py

It writes tests/engine/axis_range_1.9.1.json; tests/engine/test_axis_range.py replays
it. Each case runs with `nd` bound, x = nd.arange(6).reshape((2, 3)), row = x[0:1] (shape
(1, 3)) and i = nd.array([0, 1]); an error records MXNet's exception type and its check line,
a value its shape and values.
"""
from __future__ import annotations

import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "engine",
                   "axis_range_1.9.1.json")     # not golden/: test_golden reads every file there

# (case, code, the op name ndsh's error starts with)
CASES = [
    ("transpose_past_end", "nd.transpose(x, axes=(0, 5))", "transpose"),
    ("transpose_method", "x.transpose((1, 2))", "transpose"),
    ("take_past_end", "nd.take(x, i, axis=5)", "take"),
    ("take_before_start", "nd.take(x, i, axis=-3)", "take"),
    ("take_last", "nd.take(x, i, axis=-1)", "take"),
    ("pick_past_end", "nd.pick(x, i, axis=5)", "pick"),
    ("pick_before_start", "nd.pick(x, nd.array([0, 1, 2]), axis=-3)", "pick"),
    ("slice_axis_past_end", "nd.slice_axis(x, axis=5, begin=0, end=1)", "slice_axis"),
    ("slice_axis_before_start", "nd.slice_axis(x, axis=-3, begin=0, end=1)", "slice_axis"),
    ("broadcast_axis_past_end", "nd.broadcast_axis(row, axis=5, size=2)", "broadcast_axis"),
    ("stack_past_end", "nd.stack(x, x, axis=5)", "stack"),
    ("stack_before_start", "nd.stack(x, x, axis=-4)", "stack"),
    ("stack_last", "nd.stack(x, x, axis=-1)", "stack"),
    ("repeat_past_end", "nd.repeat(x, repeats=2, axis=5)", "repeat"),
    ("repeat_before_start", "nd.repeat(x, repeats=2, axis=-3)", "repeat"),
    ("expand_dims_past_end", "nd.expand_dims(x, axis=5)", "expand_dims"),
    ("expand_dims_last", "nd.expand_dims(x, axis=-3)", "expand_dims"),
    ("swapaxes_past_end", "nd.swapaxes(x, 0, 5)", "swapaxes"),
    ("flip_past_end", "nd.flip(x, axis=3)", "flip"),
    ("softmax_past_end", "nd.softmax(x, axis=2)", "softmax"),
    ("softmax_method_before_start", "x.softmax(axis=-3)", "softmax"),
    ("log_softmax_past_end", "nd.log_softmax(x, axis=2)", "log_softmax"),
    ("softmin_past_end", "nd.softmin(x, axis=2)", "softmin"),
    ("softmax_second_last", "nd.softmax(x, axis=-2)", "softmax"),
    ("cumsum_past_end", "nd.cumsum(x, axis=3)", "cumsum"),
    ("topk_past_end", "nd.topk(x, axis=5)", "topk"),
    ("argsort_past_end", "nd.argsort(x, axis=5)", "argsort"),
    ("argmin_past_end", "nd.argmin(x, axis=5)", "argmin"),
    ("diag_axis1_past_end", "nd.diag(x, axis1=3)", "diag"),
    ("broadcast_like_lhs_axes_past_end",
     "nd.broadcast_like(x.reshape((2, 1, 3)), nd.ones((2, 2, 3)), lhs_axes=(5,), rhs_axes=(1,))",
     "broadcast_like"),
    ("broadcast_like_rhs_axes_past_end",
     "nd.broadcast_like(x.reshape((2, 1, 3)), nd.ones((2, 2, 3)), lhs_axes=(1,), rhs_axes=(7,))",
     "broadcast_like"),
]


def main() -> None:
    import mxnet as mx
    from mxnet import nd
    mx.engine.set_bulk_size(0)
    x = nd.arange(6).reshape((2, 3))
    scope = {"nd": nd, "x": x, "row": x[0:1], "i": nd.array([0, 1])}
    out = {}
    for name, code, op_name in CASES:
        try:
            value = eval(code, scope)
            value.wait_to_read()        # MXNet checks some axes only when it computes
            out[name] = {"code": code, "shape": list(value.shape),
                         "values": value.asnumpy().tolist()}
        except mx.base.MXNetError as e:
            check = [line for line in str(e).splitlines() if "Check failed" in line]
            out[name] = {"code": code, "error": type(e).__name__, "op": op_name,
                         "message": (check or [str(e).splitlines()[0]])[-1].strip()}
    with open(OUT, "w", encoding="utf-8") as fout:
        json.dump(out, fout, indent=1)
        fout.write("\n")
    print(f"{len(out)} cases -> {OUT}")


if __name__ == "__main__":
    main()
