"""Activation layers: Activation, LeakyReLU, PReLU, ELU, SELU, GELU, Swish (MXNet 1.9.1's)."""
from __future__ import annotations

from ndsh.gluon import init as initializer
from ndsh.gluon.block import HybridBlock

__all__ = ["Activation", "LeakyReLU", "PReLU", "ELU", "SELU", "Swish", "GELU"]


class Activation(HybridBlock):
    """Apply an activation function: nd.Activation's 'relu', 'sigmoid', 'tanh', 'softrelu'
    or 'softsign'. The block is named after it (`relu0`).

    Parameters:
        activation: the act_type.
        prefix: the block's prefix.
        params: a ParameterDict to share.

    Example:
        >>> act = gluon.nn.Activation('relu'); act
        Activation(relu)
        >>> act(nd.array([-1, 2]))
        <BLANKLINE>
        [0. 2.]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, activation: str, **kwargs):
        self._act_type = activation
        super().__init__(**kwargs)

    def _alias(self) -> str:
        return self._act_type

    def hybrid_forward(self, F, x):
        return F.Activation(x, act_type=self._act_type)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._act_type})"


class LeakyReLU(HybridBlock):
    """Leaky ReLU: x for x > 0, alpha·x otherwise.

    Parameters:
        alpha: the slope for negative inputs (required; at least 0).
        prefix: the block's prefix.
        params: a ParameterDict to share.

    Example:
        >>> gluon.nn.LeakyReLU(0.1)(nd.array([-2, 3]))
        <BLANKLINE>
        [-0.2  3. ]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, alpha: float, **kwargs):
        if not alpha >= 0:
            raise AssertionError("Slope coefficient for LeakyReLU must be no less than 0.")
        super().__init__(**kwargs)
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="leaky", slope=self._alpha)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._alpha})"


class PReLU(HybridBlock):
    """Parametric ReLU: x for x > 0, alpha·x otherwise, with alpha learned (one value, or one
    per channel of axis 1 with in_channels > 1).

    Parameters:
        alpha_initializer: the initializer of alpha; Constant(0.25).
        in_channels: the number of alphas (1 shares one over all channels).
        prefix: the block's prefix.
        params: a ParameterDict to share.

    Example:
        >>> prelu = gluon.nn.PReLU(); prelu.initialize()
        >>> prelu(nd.array([-2, 3]))
        <BLANKLINE>
        [-0.5  3. ]
        <NDArray 2 @cpu(0)>

    Departs from MXNet:
        Computed as relu(x) + alpha·min(x, 0) over nd ops (MXNet calls LeakyReLU's 'prelu'):
        the same values and gradients, except at exactly x = 0, where the gradient may
        differ.
    """

    def __init__(self, alpha_initializer=initializer.Constant(0.25), in_channels: int = 1,
                 **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.alpha = self.params.get("alpha", shape=(in_channels,), init=alpha_initializer)

    def hybrid_forward(self, F, x, alpha):
        if alpha.size > 1 and x.ndim >= 2:            # one slope per channel of axis 1
            alpha = alpha.reshape((1, -1) + (1,) * (x.ndim - 2))
        return F.relu(x) + F.broadcast_mul(alpha, F.minimum(x, 0))


class ELU(HybridBlock):
    """Exponential linear unit: x for x > 0, alpha·(exp(x) - 1) otherwise.

    Parameters:
        alpha: the scale of the negative part; 1.0.
        prefix: the block's prefix.
        params: a ParameterDict to share.

    Example:
        >>> gluon.nn.ELU()(nd.array([-2, 0.5]))
        <BLANKLINE>
        [-0.86466473  0.5       ]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, alpha: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="elu", slope=self._alpha)


class SELU(HybridBlock):
    """Scaled exponential linear unit (Klambauer et al., 2017), nd.LeakyReLU's 'selu'.

    Parameters:
        prefix: the block's prefix.
        params: a ParameterDict to share.

    Example:
        >>> gluon.nn.SELU()(nd.array([-1, 1]))
        <BLANKLINE>
        [-1.1113307  1.050701 ]
        <NDArray 2 @cpu(0)>
    """

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="selu")


class GELU(HybridBlock):
    """Gaussian error linear unit, x·Φ(x) with the exact (erf) Φ: nd.LeakyReLU's 'gelu'.

    Parameters:
        prefix: the block's prefix.
        params: a ParameterDict to share.

    Example:
        >>> gluon.nn.GELU()(nd.array([-1, 1]))
        <BLANKLINE>
        [-0.15865526  0.8413447 ]
        <NDArray 2 @cpu(0)>
    """

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="gelu")


class Swish(HybridBlock):
    """Swish: x·sigmoid(beta·x).

    Parameters:
        beta: the slope inside the sigmoid; 1.0.
        prefix: the block's prefix.
        params: a ParameterDict to share.

    Example:
        >>> gluon.nn.Swish()(nd.array([-2, 2]))
        <BLANKLINE>
        [-0.23840584  1.761594  ]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, beta: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self._beta = beta

    def hybrid_forward(self, F, x):
        return x * F.sigmoid(self._beta * x)
