"""Neural-network ops: the softmax family, softrelu, Dropout, FullyConnected, losses (the
activation layers are in activation.py, the normalisations in norm.py)."""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.graph import STATE
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array
from ndsh.engine.ops.axes import one_axis


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
    e, _, total = _softmax_forward(xp, data, one_axis("softmax", axis, data.shape), temperature)
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
    _, shifted, total = _softmax_forward(xp, data, one_axis("log_softmax", axis, data.shape),
                                         temperature)
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
    if hasattr(data, "shape"):      # softmax's own check would name softmax
        one_axis("softmin", axis, data.shape)
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
    if mode not in ("instance", "channel"):
        raise ValueError(f"SoftmaxActivation: mode must be 'instance' or 'channel', not {mode!r}")
    if data.dtype != np.float32:
        raise TypeError(f"SoftmaxActivation: takes float32 data only (as MXNet), not "
                        f"{np.dtype(data.dtype).name}: convert with .astype('float32')")
    if mode == "channel" and data.ndim < 3:
        raise ValueError(f"SoftmaxActivation: mode='channel' needs data of at least 3 "
                         f"dimensions (batch, channel, ...), got shape {data.shape}")
    return softmax(data, axis=1 if mode == "channel" else -1)


op(kind="function", departs="Its gradient is the true one for data of 3 or more dimensions in "
   "'instance' mode, where MXNet 1.9.1's backward runs over axis 1 instead of the last "
   "axis.")(SoftmaxActivation)


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


def _check_dropout(data, p, mode, axes):
    if not isinstance(data, NDArray):
        raise TypeError(f"Dropout: data must be an NDArray, not {type(data).__name__}")
    _check_float("Dropout", data._data)
    if not 0 <= p <= 1:
        raise ValueError(f"Dropout: p={p} is outside [0, 1]; it is the fraction of the "
                         f"elements dropped (MXNet: 'exceed bound [0,1]')")
    if mode not in ("training", "always"):
        raise ValueError(f"Dropout: mode must be 'training' or 'always', not {mode!r}")
    axes = (axes,) if isinstance(axes, int) else tuple(axes)
    for a in axes:
        if not 0 <= int(a) < data.ndim:
            raise ValueError(f"Dropout: axes {axes} must name axes of data {data.shape} "
                             f"counted from 0 (MXNet refuses negative ones too)")
    return axes


def Dropout(data, p=0.5, mode="training", axes=(), cudnn_off=False):
    """Zero each element with probability `p` and scale the rest by 1 / (1 - p) in training
    mode (inside `autograd.record()` or `train_mode()`); a copy of the input otherwise.

    The gradient is the head gradient times the same mask. p = 1 gives NaN everywhere (0 * inf),
    as in MXNet. nd.random.seed makes the masks repeatable.

    Parameters:
        data: the input, a float array.
        p: the probability of zeroing an element, in [0, 1].
        mode: 'training' (drop only in training mode) or 'always'.
        axes: axes along which one decision is shared (variational dropout): axes=(1,)
            keeps or drops each row of a 2-D array whole.
        cudnn_off: accepted for MXNet's sake; ndsh does not use cuDNN.

    Example:
        >>> nd.Dropout(nd.ones((4,)), p=0.5)
        <BLANKLINE>
        [1. 1. 1. 1.]
        <NDArray 4 @cpu(0)>
        >>> with autograd.train_mode():
        ...     y = nd.Dropout(nd.ones((2, 1000)), p=0.25)
        >>> sorted(set(y.asnumpy().ravel().tolist()))
        [0.0, 1.3333333730697632]
    """
    axes = _check_dropout(data, p, mode, axes)
    if not (mode == "always" or STATE.training) or p == 0:
        # a copy, recorded: MXNet's Dropout outside training is an identity node in the graph
        from ndsh.engine.ops.elementwise import identity
        return identity(data)
    from ndsh.engine.ops.random import uniform
    shape = tuple(1 if i in axes else n for i, n in enumerate(data.shape))
    draws = uniform(0, 1, shape=shape, ctx=data.context)._data
    dtype = data._data.dtype
    keep = np.float32(1) - np.float32(p)       # MXNet's float32 arithmetic, whatever the dtype
    scale = np.float32(1) / keep if keep else np.float32(np.inf)
    with np.errstate(invalid="ignore"):      # p = 1: 0 * inf is NaN, as in MXNet
        mask = (draws >= p).astype(dtype) * dtype.type(scale)
    return data * new_array(mask, data.context)


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

    As MXNet computes it: -log(max(p, 1e-8)) for each row's probability p of its label,
    summed over the batch; data must be 2-D. One recorded op (its kernel is in losses.py);
    `label` gets a zero gradient.

    Parameters:
        data: the scores, of shape (batch, classes).
        label: the class of each row, as numbers.

    Example:
        >>> nd.softmax_cross_entropy(nd.array([[0, 0]]), nd.array([1]))
        <BLANKLINE>
        [0.6931472]
        <NDArray 1 @cpu(0)>
    """
    from ndsh.engine.ops.losses import _softmax_cross_entropy
    return _softmax_cross_entropy(data, label)


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


