"""Record golden outputs of MXNet 1.9.1's numpy interface for the np / npx functions added in
the third slice (tests/mxnp/test_more_golden.py replays them in ndsh): the functions MXNet hands
to NumPy (ndsh/mxnp/fallback.py; their docstring examples come from
ndsh/mxnp/fallback_docs.py and are recorded here too), np.linalg's decompositions and solvers,
np.random's other distributions (shapes and dtypes only), the native functions (bincount,
histogram, insert, delete, rot90, percentile...), npx.reshape and npx.nonzero, and the names of
np, np.random, np.linalg, npx, npx.image and npx.random.

Oracle: Apache MXNet 1.9.1 (CPU wheel) with numpy 1.23.5 on Python 3.11, in a side venv; MXNet
is never a dependency of ndsh. Rerun from the repository root:

    /work/mxvenv/bin/python scripts/record_mxnp_more.py

It writes tests/mxnp/golden/mxnp_more_1.9.1.json, with the encoding of scripts/record_mxnp.py.
Every snippet runs after `npx.set_np()` with `np`, `npx`, `mx`, `autograd` and `onp` bound;
cases under RANDOM record shapes and dtypes only (ndsh's generator is not MXNet's).
"""
from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from record_mxnp import encode, run  # noqa: E402

OUT = os.path.join(HERE, os.pardir, "tests", "mxnp", "golden", "mxnp_more_1.9.1.json")


def fallback_examples() -> dict:
    """ndsh/mxnp/fallback_docs.py's EXAMPLES, read without importing ndsh."""
    namespace: dict = {}
    path = os.path.join(HERE, os.pardir, "ndsh", "mxnp", "fallback_docs.py")
    with open(path) as f:
        exec(compile(f.read(), path, "exec"), namespace)
    return namespace["EXAMPLES"]


X = "x = np.array([1.0, np.nan, 3.0, -2.0])\n"
A = "A = np.array([[4.0, 2.0], [2.0, 3.0]])\n"
M = "M = np.array([[2.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 4.0]])\n"
GRAD_A = ("A.attach_grad()\nwith autograd.record():\n    y = (RESULT * "
          "np.arange(1.0, SIZE + 1).reshape(SHAPE)).sum()\ny.backward()\nA.grad")


def grad_case(result: str, shape: str, size: int, setup: str = A) -> str:
    return setup + GRAD_A.replace("RESULT", result).replace("SHAPE", shape) \
        .replace("SIZE", str(size))


CASES = [
    # the fallback's rules: contexts, keywords, no np array, autograd, errors
    ("fb_ctx", "np.interp(np.array([1.5]), np.array([1.0, 2.0]), np.array([3.0, 4.0])).ctx"),
    ("fb_keywords", "np.searchsorted(np.array([1.0, 2.0, 3.0]), v=np.array([2.5]), "
                    "side='right')"),
    ("fb_int32", "np.digitize(np.array([1, 5, 9], dtype='int32'), "
                 "np.array([2, 6], dtype='int32'))"),
    ("fb_nested_tuple", "np.lexsort((np.array([1.0, 0.0]), np.array([0.0, 0.0])))"),
    ("fb_no_np_array", "np.polyval([1.0, 2.0], [3.0])"),
    ("fb_scalar_result_type", "type(np.nanmax(np.array([1.0, np.nan]))).__name__"),
    ("fb_under_record", "x = np.array([1.0, 2.0])\nx.attach_grad()\n"
                        "with autograd.record():\n    y = np.nanmax(x)\ny"),
    ("fb_dtype_result", "np.result_type(np.ones(2), 'int32')"),
    ("fb_financial", "np.npv(0.1, [1.0, 2.0])"),
    ("fb_select_bools", "np.select([np.array([True, False])], [np.array([1.0, 2.0])])"),
    ("fb_nanmin_axis", X + "np.nanmin(x.reshape(2, 2), axis=1)"),
    ("fb_nanmean_absent", X + "np.nanmean(x)"),
    ("fb_nansum_absent", X + "np.nansum(x)"),
    ("fb_take_along_axis_grad", "x = np.array([[3.0, 1.0, 2.0]])\nx.attach_grad()\n"
                                "with autograd.record():\n"
                                "    y = np.take_along_axis(x, np.array([[1, 2, 0]], "
                                "dtype='int64'), 1)\ny"),
]
RANDOM: list = []


def main() -> None:
    import warnings
    warnings.filterwarnings("ignore")
    import mxnet as mx
    import numpy as onp
    from mxnet import autograd, np, npx
    npx.set_np()
    out = {"oracle": f"mxnet {mx.__version__}, numpy {onp.__version__}", "cases": {},
           "names": {key: sorted(n for n in dir(module) if not n.startswith("_"))
                     for key, module in [("np", np), ("np.random", np.random),
                                         ("np.linalg", np.linalg), ("npx", npx),
                                         ("npx.image", npx.image),
                                         ("npx.random", npx.random)]}}
    cases = [(f"example_{name}", code) for name, (code, _) in fallback_examples().items()]
    for name, code, random in ([(n, c, False) for n, c in cases + CASES]
                               + [(n, c, True) for n, c in RANDOM]):
        namespace = {"np": np, "npx": npx, "mx": mx, "autograd": autograd, "onp": onp}
        mx.random.seed(0)
        try:
            value = run(code, namespace)
            record = encode(value, np, onp, random)
            if name.startswith("example_"):
                record["printed"] = repr(value)      # what a docstring example shows
        except Exception as error:                    # noqa: BLE001  (recorded as data)
            record = {"error": type(error).__name__, "message": str(error)[:300]}
        record["code"] = code
        if random:
            record["random"] = True
        out["cases"][name] = record
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(out['cases'])} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
