"""The np-mode HybridBlock of scripts/record_symbol_np.py and tests/symbol/test_np_graphs.py,
built from the `gluon` and `init` given (MXNet's, to record; ndsh's, to replay)."""
from __future__ import annotations


def np_ops_block(gluon, init, prefix: str = "npops_"):
    """A user's HybridBlock whose hybrid_forward calls F.np / F.npx and uses operators on np
    arrays (so its graph holds `_np_dot`, `_npi_add`, `_npi_subtract_scalar`, `_npx_relu`...
    beside FullyConnected): arithmetic with scalars on both sides, np and npx functions,
    reductions, shapes, a list input (concatenate) and a layer in between."""

    class NpOps(gluon.HybridBlock):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.w = self.params.get('w', shape=(3, 4), init=init.Constant(0.25))
            self.dense = gluon.nn.Dense(4, flatten=False)

        def hybrid_forward(self, F, x, w):
            h = F.npx.relu(F.np.dot(x, w) - 0.1)
            h = h + self.dense(x) * 2
            h = F.np.tanh(h / 4) + (1 - F.npx.sigmoid(h))
            h = F.np.exp(-h) + F.np.sqrt(F.np.abs(h)) + h ** 2
            s = F.np.sum(h, axis=1, keepdims=True) / F.np.mean(h)
            t = F.np.transpose(h).T
            c = F.np.concatenate([h, t, s], axis=1)
            c = F.np.where(c > 1, c, 2 / c)
            return F.np.reshape(c, (-1, 3)).max(axis=1)

    return NpOps(prefix=prefix)
