"""Record a graph of MXNet's numpy interface, as MXNet 1.9.1 exports it, into tests/symbol/data/,
for tests/symbol/test_np_graphs.py.

A user's HybridBlock in np mode (`npx.set_np()`: tests/symbol/np_net.py) whose hybrid_forward
calls F.np / F.npx and uses operators on np symbols (so the graph holds `_np_dot`, `_npi_add`,
`_npi_subtract_scalar`, `_npx_relu`... beside FullyConnected), Constant-initialized,
hybridized, called once and exported: np_ops-symbol.json and np_ops-0000.params (npx.save's
format), and np_ops-io.params (nd.save's format): the input `x`, MXNet's output `y` and the
gradient `dx` of y.sum() with respect to x.

Run with the oracle (MXNet 1.9.1, numpy 1.23.5):

    /work/mxvenv/bin/python scripts/record_symbol_np.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import mxnet as mx
from mxnet import autograd, gluon, init, np, npx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.symbol.np_net import np_ops_block  # noqa: E402

DATA = ROOT / "tests" / "symbol" / "data"


def main() -> None:
    npx.set_np()
    mx.random.seed(0)
    with mx.name.NameManager():
        net = np_ops_block(gluon, init)
    net.initialize(init.Constant(0.1))
    net.hybridize()
    x = np.arange(6).reshape(2, 3) / 6 - 0.2
    x.attach_grad()
    with autograd.record():
        y = net(x)
    y.backward()
    net.export(str(DATA / "np_ops"))
    mx.nd.save(str(DATA / "np_ops-io.params"), {"x": x.as_nd_ndarray(), "y": y.as_nd_ndarray(),
                                                "dx": x.grad.as_nd_ndarray()})
    print("np_ops written to", DATA, "output", y)


if __name__ == "__main__":
    main()
