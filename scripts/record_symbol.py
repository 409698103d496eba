"""Record what MXNet 1.9.1 does with `mx.sym` into tests/symbol/data/, for tests/symbol.

For each network of tests/symbol/nets.py (built under a fresh mx.name.NameManager, Xavier
initialized with a fixed seed, hybridized, one training-mode forward so BatchNorm's moving
statistics move): the files `export` writes (NAME-symbol.json, NAME-0000.params), an input and
MXNet's output for it (NAME-io.params), and facts.json: what net(mx.sym.var('data')) prints and
lists, and infer_shape. Also ops.json: the exact JSON text of small graphs built from Symbol's
operators and a few mx.sym functions.

Run with the oracle: /work/mxvenv/bin/python scripts/record_symbol.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import mxnet as mx
from mxnet import autograd, gluon, nd, sym

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.symbol.nets import INPUTS, build  # noqa: E402

DATA = ROOT / "tests" / "symbol" / "data"
# expressions over variables x and z, each built under a fresh NameManager
EXPRESSIONS = [
    "x + z", "x + 1", "1 - x", "x - 1", "x * 2", "2 * x", "x / 2", "2 / x", "x ** 2", "2 ** x",
    "-x", "x * z", "x / z", "x ** z", "x == z", "x > 1", "sym.relu(x)", "sym.Flatten(x)",
    "sym.flatten(x)", "sym.concat(x, z, dim=0)", "sym.maximum(x, z)", "sym.maximum(x, 2)",
    "x.reshape((2, 3))", "sym.zeros((2, 3))", "sym.broadcast_add(x, z)", "x.sum(axis=1)",
    "sym.Group([x + 1, z])", "sym.FullyConnected(x, num_hidden=3, name='fc')",
    "sym.BatchNorm(x, name='bn')", "sym.Convolution(x, kernel=(3, 3), num_filter=2)",
    "sym.Pooling(x, kernel=(2, 2), pool_type='avg')", "sym.SliceChannel(x, num_outputs=2)",
    "sym.softmax(x, axis=-1)", "sym.Dropout(x, p=0.2)",
    "sym.var('w', shape=(2, 3), dtype='float64', lr_mult=2.0)", "sym.arange(3)",
    "sym.arange(1, 7, 2, repeat=2)", "sym.eye(2, 3, 1)", "sym.hypot(x, 2)", "sym.hypot(x, z)",
    "sym.ones((2,))", "sym.full((2,), 7)", "sym.minimum(2, x)", "sym.power(x, z)",
]


def record_net(name: str, seed: int, facts: dict) -> None:
    with mx.name.NameManager():
        net = build(name, gluon)
    mx.random.seed(seed)
    net.initialize(mx.init.Xavier())
    net.hybridize()
    x = nd.random.normal(shape=INPUTS[name])
    with autograd.record():
        net(x)
    y = net(x)
    net.export(str(DATA / name))
    nd.save(str(DATA / f"{name}-io.params"), {"x": x, "y": y})
    out = net(sym.var("data"))
    arg_shapes, out_shapes, aux_shapes = out.infer_shape(data=INPUTS[name])
    facts[name] = {"repr": repr(out), "str": str(out), "arguments": out.list_arguments(),
                   "outputs": out.list_outputs(), "aux": out.list_auxiliary_states(),
                   "inputs": out.list_inputs(),
                   "infer_shape": [arg_shapes, out_shapes, aux_shapes]}


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    facts = {"oracle": f"MXNet {mx.__version__}"}
    for seed, name in enumerate(INPUTS):
        record_net(name, seed, facts)
    (DATA / "facts.json").write_text(json.dumps(facts, indent=1) + "\n")
    ops = {"oracle": f"MXNet {mx.__version__}"}
    for text in EXPRESSIONS:
        with mx.name.NameManager():
            x, z = sym.var("x"), sym.var("z")
            ops[text] = eval(text, {"sym": sym, "x": x, "z": z}).tojson()  # noqa: S307
    (DATA / "ops.json").write_text(json.dumps(ops, indent=1) + "\n")
    print(f"recorded {len(INPUTS)} networks and {len(EXPRESSIONS)} graphs into {DATA}")


if __name__ == "__main__":
    main()
