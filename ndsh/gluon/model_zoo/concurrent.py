"""HybridConcurrent and Identity: the two layers of MXNet 1.9.1's `gluon.contrib.nn` that the
model zoo's DenseNet, SqueezeNet and Inception are built from (same names, same printing, no
parameters of their own). They live here until ndsh has a `gluon.contrib.nn`, which would
re-export them.
"""
from __future__ import annotations

from ndsh.gluon.block import HybridBlock
from ndsh.gluon.nn import HybridSequential

__all__ = ["HybridConcurrent", "Identity"]


class HybridConcurrent(HybridSequential):
    """HybridBlocks run side by side on the same input, their outputs concatenated on `axis`.

    Parameters:
        axis: the axis the outputs are concatenated on.
        prefix: the prefix of the names (`hybridconcurrent0_`).
        params: a ParameterDict to share.

    Example:
        >>> from ndsh.gluon.model_zoo.concurrent import HybridConcurrent, Identity
        >>> net = HybridConcurrent(axis=1)
        >>> net.add(gluon.nn.Dense(2, in_units=3), Identity())
        >>> net.initialize(mx.init.One()); net(nd.ones((1, 3)))
        <BLANKLINE>
        [[3. 3. 1. 1. 1.]]
        <NDArray 1x5 @cpu(0)>
    """

    def __init__(self, axis: int = -1, prefix: str | None = None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def hybrid_forward(self, F, x):  # noqa: N803
        return F.concat(*[block(x) for block in self._children.values()], dim=self.axis)


class Identity(HybridBlock):
    """A block that returns its input (the shortcut branch of a HybridConcurrent).

    Parameters:
        prefix: the prefix of the name (`identity0_`).
        params: a ParameterDict to share.

    Example:
        >>> from ndsh.gluon.model_zoo.concurrent import Identity
        >>> Identity()(nd.array([1, 2]))
        <BLANKLINE>
        [1. 2.]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, prefix: str | None = None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):  # noqa: N803
        return x
