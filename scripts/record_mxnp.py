"""Record golden outputs of the real MXNet 1.9.1 numpy interface (`mx.np`, `mx.npx`) for
tests/mxnp.

Oracle: Apache MXNet 1.9.1 (CPU wheel) with numpy 1.23.5 on Python 3.11, in a side venv; MXNet is
never a dependency of ndsh. Rerun from the repository root:

    /work/mxvenv/bin/python scripts/record_mxnp.py

It writes tests/mxnp/golden/mxnp_1.9.1.json (tests/mxnp/test_golden.py replays each case in ndsh)
and tests/mxnp/golden/npx_saved.params, a file of MXNet's npx.save that ndsh's npx.load reads.
Every case is a snippet run after `npx.set_np()` with `np`, `npx`, `mx`, `autograd` and `onp`
(the real numpy) bound; its last statement is an expression whose value is recorded: an np array
as its repr, str, shape, dtype and values; a list or tuple item by item; any other value as its
type name and repr; an exception as its type name. Cases under RANDOM record shapes and dtypes only
(ndsh's generator is not MXNet's).
"""
from __future__ import annotations

import ast
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_cases.mxnp_cases import CASES, MXNP_NAMES_OF_NUMPY  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "mxnp",
                   "golden", "mxnp_1.9.1.json")


def plain(value):
    """A JSON-safe nested list (NaN and infinities as strings)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def encode(value, np_module, onp, random: bool):
    if isinstance(value, np_module.ndarray):
        record = {"kind": "np", "shape": list(value.shape), "dtype": onp.dtype(value.dtype).name,
                  "ctx": str(value.ctx)}
        if not random:
            record.update(repr=repr(value), str=str(value),
                          values=plain(value.asnumpy().tolist()))
        return record
    if hasattr(value, "asnumpy"):                    # a legacy NDArray
        record = {"kind": "nd", "shape": list(value.shape),
                  "dtype": onp.dtype(value.dtype).name}
        if not random:
            record.update(repr=repr(value), values=plain(value.asnumpy().tolist()))
        return record
    if isinstance(value, (list, tuple)):
        return {"kind": type(value).__name__,
                "items": [encode(v, np_module, onp, random) for v in value]}
    if isinstance(value, onp.ndarray):
        return {"kind": "numpy", "dtype": value.dtype.name, "shape": list(value.shape),
                "values": None if random else plain(value.tolist())}
    return {"kind": type(value).__name__, "repr": None if random else repr(value)}


def run(code: str, namespace: dict):
    tree = ast.parse(code)
    *body, last = tree.body
    exec(compile(ast.Module(body, []), "<case>", "exec"), namespace)
    return eval(compile(ast.Expression(last.value), "<case>", "eval"), namespace)


def main() -> None:
    import warnings
    warnings.filterwarnings("ignore")
    import mxnet as mx
    import numpy as onp
    from mxnet import autograd, np, npx
    npx.set_np()
    out = {"oracle": f"mxnet {mx.__version__}, numpy {onp.__version__}", "cases": {},
           "np_names": sorted(n for n in dir(np) if not n.startswith("_")),
           "npx_names": sorted(n for n in dir(npx) if not n.startswith("_"))}
    out["numpy_names_missing"] = sorted(n for n in MXNP_NAMES_OF_NUMPY if not hasattr(np, n))
    for name, code, random in CASES:
        namespace = {"np": np, "npx": npx, "mx": mx, "autograd": autograd, "onp": onp}
        mx.random.seed(0)
        try:
            record = encode(run(code, namespace), np, onp, random)
        except Exception as error:                    # noqa: BLE001  (recorded as data)
            record = {"error": type(error).__name__}
        record["code"] = code
        if random:
            record["random"] = True
        out["cases"][name] = record
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    # a file written by MXNet's npx.save, which tests/mxnp loads with ndsh's npx.load
    npx.save(os.path.join(os.path.dirname(OUT), "npx_saved.params"),
             {"w": np.arange(6).reshape(2, 3), "b": np.array([1, 2], dtype="int32"),
              "s": np.array(2.5)})
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(out['cases'])} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
