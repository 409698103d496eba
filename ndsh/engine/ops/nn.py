"""Neural-network ops: softmax family, activations, Dropout, FullyConnected, losses."""
from __future__ import annotations

import math

from ndsh.engine.define import op
from ndsh.engine.graph import STATE
from ndsh.engine.mxnet_errors import TypeError, ValueError


def _check_float(name, data):
    if data.dtype.kind != "f":
        raise TypeError(f"{name}: this operation supports floating-point types only, not "
                        f"{data.dtype.name}: convert with .astype('float32')")


def _softmax_forward(xp, data, axis, temperature):
    # float64 inside: within an ulp or two of MXNet's float32 kernels (whose exp rounds
    # differently from numpy's, so no order of float32 steps matches them to the bit)
    data = data.astype(xp.float64) if data.dtype.itemsize < 8 else data
    scaled = data / temperature if temperature not in (None, 1, 1.0) else data
    shifted = scaled - scaled.max(axis=axis, keepdims=True)
    e = xp.exp(shifted)
    return e, shifted, e.sum(axis=axis, keepdims=True)


def _softmax_vjp(xp, g, ans, data, axis=-1, temperature=None, **kw):
    inner = (g * ans).sum(axis=axis, keepdims=True)
    grad = ans * (g - inner)
    return grad / temperature if temperature not in (None, 1, 1.0) else grad


@op(vjp=_softmax_vjp, method=True, keeps=())
def softmax(xp, data, axis=-1, temperature=None, dtype=None, length=None, use_length=False):
    """exp(x) / sum(exp(x)) along `axis` (default the last), computed stably.

    Parameters:
        axis: the axis to normalise along (negative counts from the end).
        temperature: divide the input by this first (None means 1): higher is flatter.
        dtype: the dtype of the result; default the input's.
        length, use_length: MXNet's masking of the positions past `length`; ndsh does not implement
            it and ignores them.

    Example:
        >>> nd.softmax(nd.array([[1000, 1001]]))
        <BLANKLINE>
        [[0.26894143 0.7310586 ]]
        <NDArray 1x2 @cpu(0)>
    """
    _check_float("softmax", data)
    e, _, total = _softmax_forward(xp, data, axis, temperature)
    return (e / total).astype(_out_dtype(data, dtype))


def _out_dtype(data, dtype):
    """The dtype= argument of the softmax family: the output's dtype (default: data's)."""
    from ndsh.engine import dtypes
    return data.dtype if dtype is None else dtypes.normalize(dtype)


def _log_softmax_vjp(xp, g, ans, data, axis=-1, temperature=None, **kw):
    grad = g - xp.exp(ans) * g.sum(axis=axis, keepdims=True)
    return grad / temperature if temperature not in (None, 1, 1.0) else grad


@op(vjp=_log_softmax_vjp, method=True, keeps=())
def log_softmax(xp, data, axis=-1, temperature=None, dtype=None, use_length=False):
    """log(softmax(x)) along `axis`, computed stably.

    Parameters:
        axis: the axis to normalise along (negative counts from the end).
        temperature: divide the input by this first (None means 1): higher is flatter.
        dtype: the dtype of the result; default the input's.
        use_length: MXNet's masking of the positions past a given length; ndsh does not implement it
            and ignores it.

    Example:
        >>> nd.log_softmax(nd.array([[0, 0]]))
        <BLANKLINE>
        [[-0.6931472 -0.6931472]]
        <NDArray 1x2 @cpu(0)>
    """
    _check_float("log_softmax", data)
    _, shifted, total = _softmax_forward(xp, data, axis, temperature)
    return (shifted - xp.log(total)).astype(_out_dtype(data, dtype))


def softmin(data, axis=-1, temperature=None, dtype=None, use_length=False):
    """softmax of -x along `axis`.

    Parameters:
        axis: the axis to normalise along (negative counts from the end).
        temperature: divide the input by this first (None means 1): higher is flatter.
        dtype: the dtype of the result; default the input's.
        use_length: MXNet's masking of the positions past a given length; ndsh does not implement it
            and ignores it.

    Example:
        >>> nd.softmin(nd.array([[0, 0]]))
        <BLANKLINE>
        [[0.5 0.5]]
        <NDArray 1x2 @cpu(0)>
    """
    return softmax(-data, axis=axis, temperature=temperature, dtype=dtype)


op(kind="function", method=True)(softmin)


def SoftmaxActivation(data, mode="instance"):
    """softmax over the last axis ('instance') or over axis 1 ('channel').

    Parameters:
        mode: 'instance' (over the last axis) or 'channel' (over axis 1).

    Example:
        >>> nd.SoftmaxActivation(nd.array([[0, 0]]))
        <BLANKLINE>
        [[0.5 0.5]]
        <NDArray 1x2 @cpu(0)>
    """
    return softmax(data, axis=1 if mode == "channel" else -1)


op(kind="function")(SoftmaxActivation)


@op(vjp=lambda xp, g, ans, data: g / (1 + xp.exp(-data)), method=True)
def softrelu(xp, data):
    """log(1 + exp(x)) (softplus) for each element, computed stably.

    Example:
        >>> nd.softrelu(nd.array([0]))
        <BLANKLINE>
        [0.6931472]
        <NDArray 1 @cpu(0)>
    """
    return xp.maximum(data, 0) + xp.log1p(xp.exp(-xp.abs(data)))


def Activation(data, act_type):
    """Apply an activation: 'relu', 'sigmoid', 'tanh', 'softrelu' or 'softsign'.

    Parameters:
        act_type: 'relu', 'sigmoid', 'tanh', 'softrelu' or 'softsign'.

    Example:
        >>> nd.Activation(nd.array([-1, 2]), act_type='relu')
        <BLANKLINE>
        [0. 2.]
        <NDArray 2 @cpu(0)>
    """
    from ndsh.engine.ops import elementwise
    table = {"relu": elementwise.relu, "sigmoid": elementwise.sigmoid, "tanh": elementwise.tanh,
             "softrelu": softrelu, "softsign": elementwise.softsign}
    if act_type not in table:
        raise ValueError(f"Activation: act_type must be one of {', '.join(table)}, "
                         f"not {act_type!r}")
    return table[act_type](data)


op(kind="function")(Activation)

_SELU_ALPHA, _SELU_SCALE = 1.6732632423543772, 1.0507009873554805


def _leaky_forward(xp, data, act_type, slope):
    positive = data > 0
    if act_type == "leaky":
        return xp.where(positive, data, data * slope)
    if act_type == "elu":
        return xp.where(positive, data, slope * xp.expm1(xp.minimum(data, 0)))
    if act_type == "selu":
        return _SELU_SCALE * xp.where(positive, data,
                                      _SELU_ALPHA * xp.expm1(xp.minimum(data, 0)))
    if act_type == "gelu":
        return 0.5 * data * (1 + _erf_array(xp, data / math.sqrt(2)))
    raise ValueError(f"LeakyReLU: act_type must be 'leaky', 'elu', 'selu' or 'gelu', "
                     f"not {act_type!r}")


def _erf_array(xp, x):
    from ndsh.engine.ops.elementwise import erf_values
    return erf_values(xp, x).astype(x.dtype)


def _leaky_vjp(xp, g, ans, data, act_type="leaky", slope=0.25, **kw):
    positive = data > 0
    if act_type == "leaky":
        return g * xp.where(positive, 1.0, slope)
    if act_type == "elu":
        return g * xp.where(positive, 1.0, ans + slope)
    if act_type == "selu":
        return g * xp.where(positive, _SELU_SCALE, ans + _SELU_SCALE * _SELU_ALPHA)
    cdf = 0.5 * (1 + _erf_array(xp, data / math.sqrt(2)))
    pdf = xp.exp(-0.5 * data * data) / math.sqrt(2 * math.pi)
    return g * (cdf + data * pdf)


@op(vjp=_leaky_vjp)
def LeakyReLU(xp, data, act_type="leaky", slope=0.25, lower_bound=0.125, upper_bound=0.334):
    """Leaky activations: 'leaky' (x or slope*x), 'elu', 'selu' or 'gelu'.

    Parameters:
        act_type: 'leaky', 'elu', 'selu' or 'gelu'.
        slope: the slope for negative inputs ('leaky'), or the scale of elu.
        lower_bound, upper_bound: the slope range of MXNet's 'rrelu', which ndsh does not have:
            ignored.

    Example:
        >>> nd.LeakyReLU(nd.array([-2, 3]), slope=0.1)
        <BLANKLINE>
        [-0.2  3. ]
        <NDArray 2 @cpu(0)>
    """
    return _leaky_forward(xp, data, act_type, slope).astype(data.dtype, copy=False)


def Dropout(data, p=0.5, mode="training", axes=(), cudnn_off=False):
    """Zero each element with probability `p` and scale the rest by 1/(1-p) in training mode
    (inside `autograd.record()`); a copy of the input otherwise.

    Parameters:
        p: the probability of zeroing an element.
        mode: 'training' (drop only while recording in training mode) or 'always'.
        axes: axes along which one decision is shared (variational dropout).
        cudnn_off: accepted for MXNet's sake; ndsh does not use cuDNN.

    Example:
        >>> nd.Dropout(nd.ones((4,)), p=0.5)
        <BLANKLINE>
        [1. 1. 1. 1.]
        <NDArray 4 @cpu(0)>
    """
    if not (mode == "always" or STATE.training) or p == 0:
        # a copy, recorded: MXNet's Dropout outside training is an identity node in the graph
        from ndsh.engine.ops.elementwise import identity
        return identity(data)
    from ndsh.engine.ops.random import uniform
    shape = list(data.shape)
    for a in axes:
        shape[a] = 1
    keep = (uniform(0, 1, shape=tuple(shape), ctx=data.context, dtype=data.dtype) >= p)
    return data * keep / (1 - p)


op(kind="function")(Dropout)


def FullyConnected(data, weight, bias=None, num_hidden=None, no_bias=False, flatten=True):
    """data @ weight.T + bias, with weight of shape (num_hidden, in_features); flatten=True
    collapses the trailing axes of data first.

    Parameters:
        weight: the weights, of shape (num_hidden, in_features).
        bias: the bias, of shape (num_hidden,), or None.
        num_hidden: the number of outputs; MXNet requires it, ndsh reads it from `weight`.
        no_bias: leave the bias out.
        flatten: collapse the axes of data after the first before the product; with False, the
            product is over the last axis.

    Example:
        >>> nd.FullyConnected(nd.ones((2, 3)), nd.ones((4, 3)), nd.zeros((4,)), num_hidden=4)
        <BLANKLINE>
        [[3. 3. 3. 3.]
         [3. 3. 3. 3.]]
        <NDArray 2x4 @cpu(0)>
    """
    from ndsh.engine.ops.linalg import dot
    from ndsh.engine.ops.shape import flatten as flatten_op
    x = flatten_op(data) if flatten and data.ndim > 2 else data
    out = dot(x, weight, transpose_b=True)
    if not no_bias and bias is not None:
        out = out + bias
    return out


op(kind="function")(FullyConnected)


def softmax_cross_entropy(data, label):
    """The summed cross-entropy of softmax(data) against integer labels, shape (1,).

    Parameters:
        data: the scores, of shape (batch, classes).
        label: the class of each row, as numbers.

    Example:
        >>> nd.softmax_cross_entropy(nd.array([[0, 0]]), nd.array([1]))
        <BLANKLINE>
        [0.6931472]
        <NDArray 1 @cpu(0)>
    """
    from ndsh.engine.ops.index import pick
    return -pick(log_softmax(data), label).sum()


op(kind="function")(softmax_cross_entropy)


def _smooth_l1_vjp(xp, g, ans, data, scalar=1.0):
    s2 = scalar * scalar
    inside = xp.abs(data) < 1.0 / s2
    return g * xp.where(inside, s2 * data, xp.sign(data))


@op(vjp=_smooth_l1_vjp)
def smooth_l1(xp, data, scalar=1.0):
    """0.5*(s*x)**2 where |x| < 1/s**2, else |x| - 0.5/s**2 (the Huber-like loss).

    Parameters:
        scalar: s, which sets where the loss turns from quadratic to linear.

    Example:
        >>> nd.smooth_l1(nd.array([0.5, 3]))
        <BLANKLINE>
        [0.125 2.5  ]
        <NDArray 2 @cpu(0)>
    """
    s2 = scalar * scalar
    inside = xp.abs(data) < 1.0 / s2
    return xp.where(inside, 0.5 * s2 * data * data, xp.abs(data) - 0.5 / s2).astype(data.dtype)


