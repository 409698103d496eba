"""Record MXNet 1.9.1's answers for the audit of issue 22 (mx.np / npx in d2l-en's np mode):
the points of the issue that tests/mxnp/test_golden.py (scripts/golden_cases/mxnp_cases.py) and
tests/gluon/test_np_mode_golden.py do not already replay, and a seeded sample of dtype pairs
under + * / and of printed arrays of many dtypes and shapes. The cases live in
scripts/golden_cases/: np_audit_cases.py (by family), np_audit_grads.py (gradients) and
np_audit_samples.py (the seeded samples); this script runs and encodes them.

Oracle: Apache MXNet 1.9.1 (CPU wheel) with numpy 1.23.5, in a side venv (never a dependency of
ndsh). Rerun from the repository root:

    /work/mxvenv/bin/python scripts/record_np_audit.py

It writes tests/mxnp/golden/np_audit_1.9.1.json; tests/mxnp/test_np_audit.py replays each case
in ndsh. Each case is a snippet run after `npx.set_np()` with `np`, `npx`, `mx`, `autograd` and
`onp` (the real numpy) bound; its last statement is an expression whose value is recorded: an np
array as its repr, str, shape, dtype, ctx and values (over 100 values: their sum and first
ten); a legacy NDArray as its type, shape, dtype
and values; a list or tuple item by item; a numpy array as dtype, shape and values; anything else
as its type name and repr; an exception as its type name and message.
"""
from __future__ import annotations

import ast
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_cases.np_audit_cases import CASES as SEMANTIC_CASES  # noqa: E402
from golden_cases.np_audit_grads import GRAD_CASES  # noqa: E402
from golden_cases.np_audit_samples import printing_cases, promotion_cases  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "mxnp",
                   "golden", "np_audit_1.9.1.json")

CASES = SEMANTIC_CASES + GRAD_CASES + promotion_cases() + printing_cases()


def plain(value):
    """A JSON-safe nested list (NaN and infinities as strings)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def values_of(host) -> dict:
    """An array's values, or for one of over 100 elements their sum and first ten."""
    if host.size <= 100:
        return {"values": plain(host.tolist())}
    flat = host.ravel()
    return {"summary": {"sum": plain(float(flat.astype("float64").sum())),
                        "head": plain(flat[:10].tolist())}}


def encode(value, np_module, onp):
    """What the test compares: see the module's docstring."""
    if isinstance(value, np_module.ndarray):
        return {"kind": "np", "shape": list(value.shape), "dtype": onp.dtype(value.dtype).name,
                "ctx": str(value.ctx), "repr": repr(value), "str": str(value),
                **values_of(value.asnumpy())}
    if hasattr(value, "asnumpy"):                    # a legacy NDArray
        return {"kind": "nd", "shape": list(value.shape), "dtype": onp.dtype(value.dtype).name,
                "values": plain(value.asnumpy().tolist())}
    if isinstance(value, (list, tuple)):
        return {"kind": type(value).__name__, "items": [encode(v, np_module, onp) for v in value]}
    if isinstance(value, onp.ndarray):
        return {"kind": "numpy", "dtype": value.dtype.name, "shape": list(value.shape),
                "values": plain(value.tolist())}
    return {"kind": type(value).__name__, "repr": repr(value)}


def run(code: str, namespace: dict):
    tree = ast.parse(code)
    *body, last = tree.body
    exec(compile(ast.Module(body, []), "<case>", "exec"), namespace)
    return eval(compile(ast.Expression(last.value), "<case>", "eval"), namespace)


def main() -> None:
    os.environ["MXNET_ENGINE_TYPE"] = "NaiveEngine"     # an error shows in its own case
    import warnings
    warnings.filterwarnings("ignore")
    import mxnet as mx
    import numpy as onp
    from mxnet import autograd, np, npx
    npx.set_np()
    out = {"oracle": f"mxnet {mx.__version__}, numpy {onp.__version__}", "cases": {}}
    names = [name for name, _ in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    for name, code in CASES:
        npx.set_np()
        mx.random.seed(0)
        namespace = {"np": np, "npx": npx, "mx": mx, "autograd": autograd, "onp": onp}
        record = {"code": code}
        try:
            value = run(code, namespace)
            mx.nd.waitall()
            record.update(encode(value, np, onp))
        except Exception as error:                   # noqa: BLE001 - the error is the answer
            record["error"] = type(error).__name__
            lines = [line for line in str(error).splitlines() if line.strip()] or [""]
            line = next((line for line in lines if line.startswith("MXNetError")), lines[0])
            record["message"] = line[:300]
        out["cases"][name] = record
    mx.nd.waitall()
    with open(OUT, "w") as handle:       # one case a line
        handle.write(f'{{"oracle": {json.dumps(out["oracle"])}, "cases": {{\n')
        lines = [f"{json.dumps(name)}: {json.dumps(case, sort_keys=True)}"
                 for name, case in sorted(out["cases"].items())]
        handle.write(",\n".join(lines))
        handle.write("\n}}\n")
    errors = sum("error" in c for c in out["cases"].values())
    print(f"{len(out['cases'])} cases ({errors} errors) -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
