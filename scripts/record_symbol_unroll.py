"""Record MXNet 1.9.1's recurrent cells unrolled over Symbols (`cell.unroll(T, sym.var(...))`)
for tests/symbol/test_unroll.py: the graph's arguments and outputs, and its values for fixed
inputs and weights.

    /work/mxvenv/bin/python scripts/record_symbol_unroll.py  # tests/symbol/golden_unroll.json

The oracle is MXNet 1.9.1 (pip wheel) on numpy 1.23.5. `cases(mx)` runs in the test too, with
ndsh's `mx`; ndsh's Symbols need the input's shape, so the variables are given one.
"""
from __future__ import annotations

import json
import os

import numpy as onp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "symbol", "golden_unroll.json")


def _weights(cell) -> dict:
    values = {}
    for i, (name, param) in enumerate(sorted(cell.collect_params().items())):
        shape = param.shape
        values[name] = onp.random.RandomState(i).uniform(-0.5, 0.5, size=shape).astype("f4")
    return values


def cases(mx) -> dict:
    """Every case, run with the `mx` given (MXNet's or ndsh's)."""
    nd, rnn = mx.nd, mx.gluon.rnn
    out = {}
    data = onp.random.RandomState(9).uniform(-1, 1, size=(2, 3, 4)).astype("f4")
    for kind, layout, merge in [("LSTMCell", "NTC", True), ("GRUCell", "TNC", False),
                                ("RNNCell", "NTC", False)]:
        with mx.name.NameManager():
            cell = getattr(rnn, kind)(5, input_size=4)
        shape = (2, 3, 4) if layout == "NTC" else (3, 2, 4)
        x = mx.sym.var("data", shape=shape)
        outputs, states = cell.unroll(3, x, layout=layout, merge_outputs=merge)
        group = outputs if merge else mx.sym.Group(outputs)
        weights = _weights(cell)
        feed = {"data": nd.array(data if layout == "NTC" else data.transpose(1, 0, 2))}
        feed.update({k: nd.array(v) for k, v in weights.items()})
        args = [a for a in group.list_arguments() if a != "data"]
        values = group.eval(ctx=mx.cpu(), **{k: feed[k] for k in ["data"] + args})
        out[f"{kind}_{layout}"] = {
            "arguments": group.list_arguments(),
            "outputs": len(group.list_outputs()),
            "states": len(states),
            "values": [onp.round(v.asnumpy().astype("f8"), 5).ravel().tolist()
                       for v in values]}
    return out


def main() -> None:
    import mxnet as mx
    result = cases(mx)
    with open(GOLDEN, "w") as f:
        json.dump({"oracle": f"MXNet {mx.__version__}, numpy {onp.__version__}",
                   "cases": result}, f)
    print(f"wrote {len(result)} cases to {GOLDEN}")


if __name__ == "__main__":
    main()
