"""The initialization schemes of mx.init: Zero, One, Constant, Uniform, Normal, Orthogonal,
Xavier, MSRAPrelu, Bilinear, LSTMBias, each registered under its lower-case name."""
from __future__ import annotations

import json

import numpy as np

from ndsh.engine import NDArray, nd
from ndsh.gluon.init_base import Initializer, _bilinear, _float_target, alias, register

__all__ = ["Zero", "One", "Constant", "Uniform", "Normal", "Orthogonal", "Xavier", "MSRAPrelu",
           "Bilinear", "LSTMBias"]


@register
@alias("zeros")
class Zero(Initializer):
    """Initialize to zero (also `'zeros'`, `'zero'`).

    Example:
        >>> p = gluon.Parameter('w', shape=(2,)); p.initialize(init=mx.init.Zero())
        >>> p.data()
        <BLANKLINE>
        [0. 0.]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr) -> None:
        arr[:] = 0


@register
@alias("ones")
class One(Initializer):
    """Initialize to one (also `'ones'`, `'one'`).

    Example:
        >>> p = gluon.Parameter('w', shape=(2,)); p.initialize(init='ones')
        >>> p.data()
        <BLANKLINE>
        [1. 1.]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr) -> None:
        arr[:] = 1


@register
class Constant(Initializer):
    """Initialize to a value: a number fills the array, an array (or list) is copied into it,
    broadcasting as `arr[:] = value` does.

    Parameters:
        value: a number, a list or an NDArray.

    Example:
        >>> p = gluon.Parameter('w', shape=(2, 2))
        >>> p.initialize(init=mx.init.Constant([[1, 2], [3, 4]]))
        >>> p.data()
        <BLANKLINE>
        [[1. 2.]
         [3. 4.]]
        <NDArray 2x2 @cpu(0)>
    """

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr) -> None:
        value = self.value
        if isinstance(value, (list, tuple)):
            value = np.asarray(value)
        arr[:] = value

    def dumps(self) -> str:
        """The initializer as JSON, an array value as a nested list. As in MXNet, the list
        replaces the array in `_kwargs` too (`value` keeps the array).

        Example:
            >>> init = mx.init.Constant(nd.array([1, 2]))
            >>> init.dumps(), init._kwargs
            ('["constant", {"value": [1.0, 2.0]}]', {'value': [1.0, 2.0]})
        """
        value = self._kwargs["value"]
        if not np.isscalar(value):
            value = value.asnumpy() if isinstance(value, NDArray) else np.asarray(value)
            self._kwargs["value"] = value.tolist()
        return json.dumps([type(self).__name__.lower(), self._kwargs])


@register
class Uniform(Initializer):
    """Initialize with values drawn uniformly from [-scale, scale]: Gluon's default, for every
    parameter without an initializer of its own.

    Parameters:
        scale: the bound of the range; 0.07 by default.

    Example:
        >>> w = nd.zeros((100,)); mx.init.Uniform(0.5)._init_weight('w', w)
        >>> bool((w.abs() <= 0.5).min()), bool(w.abs().max() > 0.3)
        (True, True)
    """

    def __init__(self, scale: float = 0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, name, arr) -> None:
        _float_target(self, name, arr)
        nd.random.uniform(-self.scale, self.scale, shape=arr.shape, dtype=arr.dtype,
                          ctx=arr.context, out=arr)


@register
class Normal(Initializer):
    """Initialize with values drawn from a normal distribution N(0, sigma²).

    Parameters:
        sigma: the standard deviation; 0.01 by default.

    Example:
        >>> w = nd.zeros((10000,)); mx.init.Normal(2.0)._init_weight('w', w)
        >>> 1.9 < float(((w ** 2).mean() ** 0.5).asscalar()) < 2.1
        True
    """

    def __init__(self, sigma: float = 0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, name, arr) -> None:
        _float_target(self, name, arr)
        nd.random.normal(0, self.sigma, shape=arr.shape, dtype=arr.dtype, ctx=arr.context,
                         out=arr)


@register
class Orthogonal(Initializer):
    """Initialize as a scaled orthogonal matrix (Saxe et al., 2013): the SVD of a random
    (out, in) draw gives orthonormal rows or columns, whichever fit, times `scale`.

    Parameters:
        scale: the factor applied to the orthonormal matrix; 1.414 by default.
        rand_type: the draw the SVD starts from: 'uniform' (in [-1, 1]) or 'normal'.

    Example:
        >>> w = nd.zeros((3, 5)); mx.init.Orthogonal(scale=1.0)._init_weight('w', w)
        >>> np.allclose(nd.dot(w, w.T).asnumpy(), np.eye(3), atol=1e-5)
        True
    """

    def __init__(self, scale: float = 1.414, rand_type: str = "uniform"):
        super().__init__(scale=scale, rand_type=rand_type)
        self.scale = scale
        self.rand_type = rand_type

    def _init_weight(self, name, arr) -> None:
        nout, nin = arr.shape[0], int(np.prod(arr.shape[1:]))
        if self.rand_type == "uniform":
            draw = nd.random.uniform(-1.0, 1.0, shape=(nout, nin)).asnumpy()
        elif self.rand_type == "normal":
            draw = nd.random.normal(0.0, 1.0, shape=(nout, nin)).asnumpy()
        else:
            raise ValueError(f"Orthogonal: unknown rand_type {self.rand_type!r}: use 'uniform' "
                             f"or 'normal'")
        u, _, v = np.linalg.svd(draw, full_matrices=False)
        result = u if u.shape == draw.shape else v
        arr[:] = (self.scale * result).reshape(arr.shape)


@register
class Xavier(Initializer):
    """Xavier (Glorot) initialization: uniform in [-c, c] or normal with deviation c, where
    c = sqrt(magnitude / factor) and factor is the average of fan-in and fan-out ('avg'), the
    fan-in ('in') or the fan-out ('out'); a convolution's spatial size multiplies both fans.

    Parameters:
        rnd_type: 'uniform' or 'gaussian'.
        factor_type: 'avg', 'in' or 'out'.
        magnitude: the scale of the draw; 3 by default.

    Example:
        >>> w = nd.zeros((256, 512)); mx.init.Xavier()._init_weight('w', w)
        >>> bound = (3 / ((256 + 512) / 2)) ** 0.5
        >>> bool(w.abs().max() <= bound), round(bound, 5)
        (True, 0.08839)
    """

    def __init__(self, rnd_type: str = "uniform", factor_type: str = "avg", magnitude=3):
        super().__init__(rnd_type=rnd_type, factor_type=factor_type, magnitude=magnitude)
        self.rnd_type = rnd_type
        self.factor_type = factor_type
        self.magnitude = float(magnitude)

    def _init_weight(self, name, arr) -> None:
        shape = arr.shape
        if len(shape) < 2:
            raise ValueError(f"Xavier initializer cannot be applied to vector {name}. It "
                             f"requires at least 2D.")
        spatial = float(np.prod(shape[2:])) if len(shape) > 2 else 1.0
        fan_in, fan_out = shape[1] * spatial, shape[0] * spatial
        factors = {"avg": (fan_in + fan_out) / 2.0, "in": fan_in, "out": fan_out}
        if self.factor_type not in factors:
            raise ValueError("Incorrect factor type")
        scale = float(np.sqrt(self.magnitude / factors[self.factor_type]))
        if self.rnd_type == "uniform":
            _float_target(self, name, arr)
            nd.random.uniform(-scale, scale, shape=shape, dtype=arr.dtype, ctx=arr.context,
                              out=arr)
        elif self.rnd_type == "gaussian":
            _float_target(self, name, arr)
            nd.random.normal(0, scale, shape=shape, dtype=arr.dtype, ctx=arr.context, out=arr)
        else:
            raise ValueError("Unknown random type")


@register
class MSRAPrelu(Xavier):
    """He (MSRA) initialization for layers followed by PReLU or ReLU: Xavier 'gaussian' with
    magnitude 2 / (1 + slope²).

    Parameters:
        factor_type: 'avg', 'in' or 'out'.
        slope: the negative slope of the PReLU that follows; 0.25 by default.

    Example:
        >>> init = mx.init.MSRAPrelu(); init.rnd_type, round(init.magnitude, 4)
        ('gaussian', 1.8824)
    """

    def __init__(self, factor_type: str = "avg", slope: float = 0.25):
        super().__init__("gaussian", factor_type, 2.0 / (1 + slope ** 2))
        self._kwargs = {"factor_type": factor_type, "slope": slope}


@register
class Bilinear(Initializer):
    """Initialize an upsampling (transposed convolution) kernel to bilinear interpolation.

    Example:
        >>> w = nd.zeros((1, 1, 4, 4)); mx.init.Bilinear()._init_weight('w', w)
        >>> w[0, 0, 0]
        <BLANKLINE>
        [0.0625 0.1875 0.1875 0.0625]
        <NDArray 4 @cpu(0)>
    """

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr) -> None:
        arr[:] = _bilinear(arr.shape)


@register
class LSTMBias(Initializer):
    """Initialize an LSTM cell's bias: zeros, except the forget gate's quarter (the second of
    the four gates i, f, g, o), set to `forget_bias`.

    Parameters:
        forget_bias: the forget gate's bias; 1.0 by default.

    Example:
        >>> b = nd.zeros((8,)); mx.init.LSTMBias()._init_weight('b', b); b
        <BLANKLINE>
        [0. 0. 1. 1. 0. 0. 0. 0.]
        <NDArray 8 @cpu(0)>
    """

    def __init__(self, forget_bias: float = 1.0):
        super().__init__(forget_bias=forget_bias)
        self.forget_bias = forget_bias

    def _init_weight(self, name, arr) -> None:
        arr[:] = 0.0
        quarter = arr.shape[0] // 4
        arr[quarter:2 * quarter] = self.forget_bias
