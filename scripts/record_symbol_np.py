"""Record a graph of MXNet's numpy interface, as MXNet 1.9.1 exports it, into tests/symbol/data/,
for tests/symbol/test_np_graphs.py.

A user's HybridBlock in np mode (`npx.set_np()`) whose hybrid_forward calls F.np / F.npx and
uses operators on np symbols (so the graph holds `_np_dot`, `_npi_add`, `_npi_subtract_scalar`,
`_npx_relu`... beside FullyConnected), Constant-initialized, hybridized, called once and
exported: np_ops-symbol.json and np_ops-0000.params (npx.save's format), and np_ops-io.params
(nd.save's format): the input `x`, MXNet's output `y` and the gradient `dx` of y.sum() with
respect to x.

Run with the oracle (MXNet 1.9.1, numpy 1.23.5): /work/mxvenv/bin/python scripts/record_symbol_np.py
"""
from __future__ import annotations

from pathlib import Path

import mxnet as mx
from mxnet import autograd, init, np, npx
from mxnet.gluon import nn

DATA = Path(__file__).resolve().parent.parent / "tests" / "symbol" / "data"


class NpOps(nn.HybridBlock):
    """Every kind of np node the test reads: arithmetic with scalars on both sides, np and npx
    functions, reductions, shapes, a list input (concatenate) and a layer in between."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.w = self.params.get('w', shape=(3, 4), init=init.Constant(0.25))
        self.dense = nn.Dense(4, flatten=False)

    def hybrid_forward(self, F, x, w):
        h = F.npx.relu(F.np.dot(x, w) - 0.1)                   # _np_dot, _npi_subtract_scalar
        h = h + self.dense(x) * 2                              # _npi_add, _npi_multiply_scalar
        h = F.np.tanh(h / 4) + (1 - F.npx.sigmoid(h))          # true_divide, rsubtract_scalar
        h = F.np.exp(-h) + F.np.sqrt(F.np.abs(h)) + h ** 2     # exp, absolute, sqrt, power
        s = F.np.sum(h, axis=1, keepdims=True) / F.np.mean(h)  # _np_sum, _npi_mean, true_divide
        t = F.np.transpose(h).T                                # _np_transpose twice
        c = F.np.concatenate([h, t, s], axis=1)                # _npi_concatenate (a list)
        c = F.np.where(c > 1, c, 2 / c)                        # greater_scalar, where, rtrue_div
        return F.np.reshape(c, (-1, 3)).max(axis=1)            # _np_reshape, _np_max


def main() -> None:
    npx.set_np()
    mx.random.seed(0)
    with mx.name.NameManager():
        net = NpOps(prefix='npops_')
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
