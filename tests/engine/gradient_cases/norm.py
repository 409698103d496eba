"""Finite-difference gradient cases of the normalisation layers (ndsh/engine/ops/norm.py), in
float64. BatchNorm runs through nd.BatchNorm in the mode a case names (`_mode`), with fresh
moving statistics each call; its statistic outputs carry a zero gradient by design (MXNet's),
checked with the statistic held constant."""
from __future__ import annotations

import numpy as np

from ndsh import autograd, nd
from tests.engine.gradient_cases import P, U


def _batch_norm(x, gamma, beta, _mode="train", **kwargs):
    channels = x.shape[kwargs.get("axis", 1)]
    mean = nd.array(np.linspace(-0.5, 0.5, channels), dtype="float64", ctx=x.context)
    var = nd.array(np.linspace(0.5, 2.0, channels), dtype="float64", ctx=x.context)
    with autograd.train_mode() if _mode == "train" else autograd.predict_mode():
        return nd.BatchNorm(x, gamma, beta, mean, var, **kwargs)


CASES = {
    "_internal._batch_norm": [
        ([U((2, 3, 2, 2)), P((3,)), U((3,))], {"fix_gamma": False}),
        ([U((4, 3)), P((3,)), U((3,))], {"fix_gamma": True, "eps": 0.1}),
        ([U((2, 3, 4)), U((4,)), U((4,))], {"fix_gamma": False, "axis": -1}),
        ([U((3, 2, 2)), P((3,)), U((3,))], {"fix_gamma": False, "axis": 0}),
        ([U((2, 3, 2)), U((3,)), U((3,))], {"fix_gamma": False, "_mode": "predict"}),
        ([U((2, 3, 2)), U((3,)), U((3,))], {"fix_gamma": False, "use_global_stats": True}),
    ],
    # the statistic (an integer array: held constant) depends on the result with gradient 0
    "_internal._statistic": [([np.array([1, 2, 3]), U((2, 3))], {})],
    "nd.InstanceNorm": [([U((2, 3, 4)), U((3,)), U((3,))], {}),
                        ([U((2, 2, 2, 3)), U((2,)), U((2,))], {"eps": 0.1})],
    "_internal._group_norm": [([U((2, 4, 3)), U((2,)), U((2,))], {"num_groups": 2}),
                              ([U((2, 2, 2, 2)), U((1,)), U((1,))], {}),
                              ([U((1, 6, 2)), U((6,)), U((6,))], {"num_groups": 6,
                                                                   "eps": 0.1})],
    "nd.L2Normalization": [([U((2, 3, 4))], {}), ([U((2, 3, 4))], {"mode": "channel"}),
                           ([U((2, 2, 2, 3))], {"mode": "spatial", "eps": 0.1}),
                           ([U((4,))], {})],
    "nd.LRN": [([U((2, 5, 3))], {"nsize": 3}),
               ([U((1, 6, 2, 2))], {"nsize": 4, "alpha": 0.5, "beta": 0.6, "knorm": 1.5}),
               ([U((2, 4))], {"nsize": 1, "alpha": 1.0, "beta": 1.0, "knorm": 1.0})],
}
COMPOSED = {"_internal._batch_norm": _batch_norm}
