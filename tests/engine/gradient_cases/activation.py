"""Finite-difference gradient cases of the activation layers (ndsh/engine/ops/activation.py)
and Dropout, in float64: selu's is the true gradient (MXNet's is not), Dropout's with the mask
fixed by a seed."""
from __future__ import annotations

from ndsh import nd
from tests.engine.gradient_cases import U


def _dropout(x, **kwargs):
    nd.random.seed(7)
    return nd.Dropout(x, mode="always", **kwargs)


CASES = {
    "nd.Activation": [([U((3, 4))], {"act_type": act})
                      for act in ("relu", "sigmoid", "tanh", "softrelu", "softsign")],
    "_internal._leaky_relu": [([U((3, 4))], {}), ([U((3, 4))], {"slope": -0.5}),
                              ([U((3, 4))], {"act_type": "elu", "slope": 1.5}),
                              ([U((3, 4))], {"act_type": "selu"}),
                              ([U((3, 4), -6, 6)], {"act_type": "gelu"})],
    "_internal._prelu": [([U((2, 3, 4)), U((1, 3, 1))], {}), ([U((3, 2)), U((1,))], {})],
    "nd.Dropout": [([U((4, 5))], {"p": 0.3}), ([U((3, 4, 2))], {"p": 0.5, "axes": (1,)})],
}
COMPOSED = {"nd.Dropout": _dropout}
