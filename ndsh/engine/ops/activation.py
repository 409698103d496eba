"""The activation layers as MXNet 1.9.1 computes them: Activation (relu, sigmoid, tanh,
softrelu, softsign) and LeakyReLU (leaky, prelu, rrelu, elu, selu, gelu).

Each is one recorded op with its own gradient, computed in the data's dtype. Where MXNet
1.9.1's gradient is wrong (SELU for x <= 0, rrelu in prediction mode) ndsh gives the true one;
GELU's normal CDF is a vectorised erfc (a Chebyshev fit), never a Python loop over elements.
"""
from __future__ import annotations

import math

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.graph import STATE
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops.erfc import erfc_positive
from ndsh.engine.ops.relu_grad import (
    relu_grad,
    relu_values,
    relu_with_zeros,
    takes_fast_grad,
    takes_zeros,
)

_ACT_TYPES = ("relu", "sigmoid", "softrelu", "softsign", "tanh")
_LEAKY_TYPES = ("elu", "gelu", "leaky", "prelu", "rrelu", "selu")
_FLOAT32, _FLOAT64 = np.dtype(np.float32), np.dtype(np.float64)
_ZERO_0D = {dtype: np.zeros((), dtype) for dtype in map(np.dtype, ("f2", "f4", "f8"))}
for _zero in _ZERO_0D.values():
    _zero.flags.writeable = False
_SELU_ALPHA, _SELU_SCALE = 1.6732632423543772, 1.0507009873554805
# inf and NaN in, inf and NaN out (softsign(inf) is NaN in MXNet too): not news
_QUIET = {"divide": "ignore", "invalid": "ignore", "over": "ignore"}


def _require_float(op_name: str, data) -> None:
    if data.dtype.kind != "f":
        raise TypeError(f"{op_name}: works on float16, float32 or float64 data, and this array "
                        f"of shape {data.shape} is {data.dtype.name} (MXNet refuses it too): "
                        f"convert it with .astype('float32')")


def _in_place(xp) -> bool:
    """Whether xp's arrays take out= and copyto(where=): numpy's and CuPy's do; the recording
    namespace of create_graph=True (and dask's) compute out of place."""
    return getattr(xp, "__name__", "") in ("numpy", "cupy")


def _sigmoid(xp, x):
    """1 / (1 + exp(-x)). On float32 computed so, in float32, in place (four passes, one
    temporary): below x = -88.7 exp(-x) overflows and the result is 0, as MXNet's (oneDNN's
    kernel gives 0 from about -87); elsewhere it is within 6 ulp of MXNet's, as the stable
    form below is. Other dtypes, where float16's exp would overflow from x = -11, use the
    stable form: with e = exp(-|x|), 1 / (1 + e) where x >= 0 and e / (1 + e) below."""
    if not _in_place(xp):
        e = xp.exp(-xp.abs(x))
        return xp.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
    if x.dtype == np.float32:
        e = xp.negative(x)
        xp.exp(e, out=e)
        e += 1
        # 1 / e as divide, not reciprocal: the same correctly rounded quotient, but numpy
        # vectorises divide's scalar-by-array loop and not reciprocal's (on (256, 256):
        # 7.9 against 14.1 us)
        return xp.divide(1, e, out=e)
    e = xp.abs(x)
    xp.negative(e, out=e)
    xp.exp(e, out=e)
    denominator = e + 1
    # the numerator, 1 where x >= 0 and e below, as max(e, x >= 0): e is in [0, 1] (NaN for a
    # NaN, which max keeps); a select (np.where, copyto(where=)) on a random mask is 15x slower
    xp.maximum(e, x >= 0, out=e)
    return xp.divide(e, denominator, out=e)


# ----- Activation -----------------------------------------------------------------------------
def _activation_vjp(xp, g, ans, data, act_type=None):
    with np.errstate(**_QUIET):
        return _activation_grad(xp, g, ans, data, act_type)


def _activation_grad(xp, g, ans, data, act_type):
    if act_type == "relu":
        if data.__class__ is np.ndarray and data.dtype is _FLOAT32 and g.dtype is _FLOAT32:
            # the general float32 branch, against a 0-d zero: comparing with the Python 0
            # converts it each call (0.3 us of a small backward); the same comparison
            return np.multiply(g, np.greater(data, _ZERO_0D[_FLOAT32]))
        if data.dtype is _FLOAT64 and takes_fast_grad(g, ans):
            # relu_grad's vectorised g * clip(ceil(ans), 0, 1): float64 ans is maximum(data,
            # 0), NaN where data is NaN, so the slope is the general one (its select is a
            # 400 us scalar loop on (256, 256)); f+b 148 -> 100 us
            return relu_grad(xp, g, ans, data)
        return _relu_grad_general(xp, g, data)
    if act_type == "sigmoid":
        if g.dtype == ans.dtype and _in_place(xp):
            slope = 1 - ans                   # g * (ans * (1 - ans)), one temporary
            xp.multiply(slope, ans, out=slope)
            return xp.multiply(slope, g, out=slope)
        return g * (ans * (1 - ans))          # MXNet's order, exact given its forward
    if act_type == "tanh":
        if g.dtype == ans.dtype and _in_place(xp):
            return _tanh_grad_in_place(xp, g, ans)
        return g * (1 - ans * ans)
    if act_type == "softrelu":
        return g * _sigmoid(xp, data)
    denominator = 1 + xp.abs(data)
    return g / (denominator * denominator)


def _tanh_grad_in_place(xp, g, ans):
    """g * (1 - ans * ans) in one buffer: ans * ans, 1 - it, g * it, each written over it.

    Fast path (tanh's gradient on numpy/CuPy when g has ans's dtype): skips the two new
    buffers of the expression (numpy elides them only from 256 KiB): 22.4 -> 15.0 us on
    (256, 256) float32. Safe: the same three roundings in the same order, so the same bits;
    where g and ans are both NaN, which NaN the product returns is numpy's multiply's choice,
    which its in-place and new-buffer loops make differently anyway."""
    slope = xp.multiply(ans, ans)
    xp.subtract(1, slope, out=slope)
    return xp.multiply(g, slope, out=slope)


@op(vjp=_activation_vjp)
def Activation(xp, data, act_type=None):
    """Apply an activation elementwise: 'relu', 'sigmoid', 'tanh', 'softrelu' (log(1 +
    exp(x))) or 'softsign' (x / (1 + |x|)).

    The gradient of relu at 0 is 0. On float32 data relu maps NaN to 0 (MXNet's oneDNN kernel
    does); on float64 NaN stays NaN, as nd.relu keeps it.

    Parameters:
        data: the input, a float array.
        act_type: 'relu', 'sigmoid', 'tanh', 'softrelu' or 'softsign' (required).

    Example:
        >>> nd.Activation(nd.array([-2, 0, 2]), act_type='softsign')
        <BLANKLINE>
        [-0.6666667  0.         0.6666667]
        <NDArray 3 @cpu(0)>
    """
    if act_type is None:
        raise ValueError(f"Activation: act_type is required: one of "
                         f"{', '.join(map(repr, _ACT_TYPES))}")
    if act_type not in _ACT_TYPES:
        hint = (" (gelu, elu, selu and prelu are act_types of nd.LeakyReLU)"
                if act_type in _LEAKY_TYPES else "")
        raise ValueError(f"Activation: act_type must be one of "
                         f"{', '.join(map(repr, _ACT_TYPES))}, not {act_type!r}{hint}; "
                         f"MXNet 1.9.1 has no other")
    _require_float("Activation", data)
    if act_type == "relu":                  # no errstate: relu's passes raise no flags
        return _relu(xp, data)
    with np.errstate(**_QUIET):
        return _activate(xp, data, act_type)


def _relu(xp, data):
    if data.__class__ is np.ndarray:
        if data.size >= 1024:                         # 1024: relu_grad.FAST_MIN_SIZE
            if takes_zeros(data):
                return relu_with_zeros(data)
            if data.dtype is _FLOAT64:
                # nd.relu's forward: maximum(data, 0)'s bits (-0.0 and signalling NaNs
                # included, no flags), vectorised (33 -> 21 us on (256, 256))
                return relu_values(data)
        zero = _ZERO_0D.get(data.dtype)
        if zero is not None:
            return _relu_numpy_small(data, zero)
    return _relu_general(xp, data)


def _relu_numpy_small(data, zero):
    """_relu_general on numpy data, against a 0-d zero of data's dtype.

    Fast path (Activation relu on numpy data that takes neither relu_with_zeros nor
    relu_values: small arrays, float16, strided float32): skips converting the Python 0 in
    each numpy call (0.68 -> 0.38 us for fmax on 4 values, the same for add). Safe: the Python
    0 becomes this same zero of data's dtype, and the loops compare the same values;
    tests/engine/test_speed_activation.py compares the bits (-0.0 and NaN too)."""
    if data.dtype is _FLOAT32:
        result = np.fmax(data, zero)
        return np.add(result, zero, out=result)
    return np.maximum(data, zero)


def _activate(xp, data, act_type):
    if act_type == "sigmoid":
        return _sigmoid(xp, data)
    if act_type == "tanh":
        return xp.tanh(data)
    if act_type == "softrelu":
        return (_max_with_zero(xp, data) + xp.log1p(xp.exp(-xp.abs(data)))).astype(
            data.dtype, copy=False)
    return data / (1 + xp.abs(data))


def _max_with_zero(xp, data):
    """maximum(data, 0), softrelu's first term.

    Fast path (numpy float32/float64 of 1024 values or more): nd.relu's relu_values, numpy's
    maximum against a whole array of zeros, which it vectorises where its loop against the
    scalar 0 is scalar (25 against 9 us on (256, 256) float32). Safe: maximum(data, 0)'s bits
    (tests/engine/test_speed_activation.py compares them and softrelu's)."""
    if data.__class__ is np.ndarray and data.size >= 1024 and data.dtype.char in "fd":
        return relu_values(data)
    return xp.maximum(data, 0)


def _relu_general(xp, data):
    """Activation's relu: on float32 where(data > 0, data, 0) (NaN to 0, as oneDNN's
    kernel), elsewhere maximum(data, 0) (NaN stays NaN, as nd.relu keeps it)."""
    if data.dtype == np.float32:
        if _in_place(xp):
            # without a select: fmax drops NaN, and + 0 makes a -0. that fmax may return +0.
            result = xp.fmax(data, 0)
            return xp.add(result, 0, out=result)
        return xp.where(data > 0, data, 0).astype(data.dtype, copy=False)
    return xp.maximum(data, 0)


def _relu_grad_general(xp, g, data):
    """Activation relu's gradient: g * (data > 0); float16/64 data's NaN gives NaN."""
    if data.dtype == np.float32 and g.dtype == np.float32 and _in_place(xp):
        return xp.multiply(g, data > 0)   # the same values as g * slope, a pass fewer
    slope = (data > 0).astype(g.dtype)
    if data.dtype != np.float32:          # NaN's gradient is NaN outside oneDNN's kernel
        slope = xp.where(data != data, data, slope)
    return g * slope                      # a negative head gives -0. at x <= 0, as MXNet's


# ----- the normal CDF, for GELU ---------------------------------------------------------------
def normal_cdf(xp, x):
    """Phi(x) = 0.5 * erfc(-x / sqrt(2)), accurate in both tails; float16 in float32."""
    work = x.astype(np.float32) if x.dtype == np.float16 else x
    half_tail = 0.5 * erfc_positive(xp, xp.abs(work) * (1 / math.sqrt(2)))
    return xp.where(work > 0, 1 - half_tail, half_tail)


# ----- LeakyReLU ------------------------------------------------------------------------------
def _leaky_vjp(xp, g, ans, data, act_type="leaky", slope=0.25):
    with np.errstate(**_QUIET):
        return _leaky_grad(xp, g, data, act_type, slope)


def _leaky_grad(xp, g, data, act_type, slope):
    if act_type == "leaky":                 # x = 0 and NaN take these branches in MXNet too
        return g * xp.where(data <= 0, slope, 1).astype(g.dtype, copy=False)
    if act_type == "elu":
        return g * xp.where(data <= 0, slope * xp.exp(xp.minimum(data, 0)), 1).astype(
            g.dtype, copy=False)
    if act_type == "selu":                  # the true slope: MXNet's is lambda * (y + alpha)
        return g * xp.where(data > 0, _SELU_SCALE,
                            _SELU_SCALE * _SELU_ALPHA * xp.exp(xp.minimum(data, 0))).astype(
            g.dtype, copy=False)
    pdf = xp.exp(-0.5 * data * data) * (1 / math.sqrt(2 * math.pi))
    return g * (normal_cdf(xp, data) + data * pdf).astype(g.dtype, copy=False)


@op(vjp=_leaky_vjp, namespace="_internal", name="_leaky_relu")
def _leaky_relu(xp, data, act_type="leaky", slope=0.25):
    """LeakyReLU's recorded op for 'leaky', 'elu', 'selu' and 'gelu' (see nd.LeakyReLU).

    Example:
        >>> nd.LeakyReLU(nd.array([-2, 0, 1]), act_type='elu', slope=1)
        <BLANKLINE>
        [-0.86466473  0.          1.        ]
        <NDArray 3 @cpu(0)>
    """
    with np.errstate(**_QUIET):
        return _leaky(xp, data, act_type, slope).astype(data.dtype, copy=False)


def _leaky(xp, data, act_type, slope):
    if act_type == "leaky":
        out = xp.where(data > 0, data, data * slope)
    elif act_type == "elu":
        out = xp.where(data > 0, data, slope * xp.expm1(xp.minimum(data, 0)))
    elif act_type == "selu":
        out = _SELU_SCALE * xp.where(data > 0, data,
                                     _SELU_ALPHA * xp.expm1(xp.minimum(data, 0)))
    else:
        out = data * normal_cdf(xp, data)
    return out


def _prelu_data_vjp(xp, g, ans, data, gamma):
    with np.errstate(**_QUIET):
        return g * xp.where(data > 0, 1, gamma)


def _prelu_gamma_vjp(xp, g, ans, data, gamma):
    with np.errstate(**_QUIET):                 # the sum of g * x where x <= 0 (NaN too)
        return g * xp.where(data > 0, 0, data)


@op(nin=2, namespace="_internal", name="_prelu", vjp=(_prelu_data_vjp, _prelu_gamma_vjp))
def _prelu(xp, data, gamma):
    """x where x > 0, gamma * x elsewhere, gamma broadcast against x: LeakyReLU's 'prelu'
    and its 'rrelu' in training mode (see nd.LeakyReLU).

    Example:
        >>> nd.LeakyReLU(nd.array([[-2, 1], [-1, 3]]), nd.array([0.1, 0.5]), act_type='prelu')
        <BLANKLINE>
        [[-0.2  1. ]
         [-0.1  3. ]]
        <NDArray 2x2 @cpu(0)>
    """
    with np.errstate(**_QUIET):
        return xp.where(data > 0, data, data * gamma)


def _prelu_shape(data: NDArray, gamma: NDArray) -> tuple:
    """The shape gamma takes to broadcast against data, as MXNet matches it: gamma's axes from
    the last, against data's axes 1 and 0 only (a per-channel gamma by default), each equal
    to data's or 1."""
    shape = [1] * data.ndim
    left = gamma.ndim - 1
    for i in range(min(data.ndim, 2) - 1, -1, -1):
        if left >= 0 and gamma.shape[left] in (data.shape[i], 1):
            shape[i] = gamma.shape[left]
            left -= 1
    if left >= 0 or gamma.ndim == 0:
        raise ValueError(f"LeakyReLU: gamma of shape {gamma.shape} cannot be broadcast to data "
                         f"{data.shape}: prelu takes one gamma per channel (shape "
                         f"({data.shape[1] if data.ndim > 1 else data.shape[0]},)), one for "
                         f"all (shape (1,)), or gamma matching data's first axes")
    return tuple(shape)


def _rrelu(data, lower_bound, upper_bound):
    from ndsh.engine.ops.creation import zeros_like
    from ndsh.engine.ops.random import uniform
    if STATE.training:
        slopes = uniform(lower_bound, upper_bound, shape=data.shape, dtype=data.dtype,
                         ctx=data.context)
        return [_prelu(data, slopes), slopes]
    slope = (float(np.float32(lower_bound)) + float(np.float32(upper_bound))) / 2
    return [_leaky_relu(data, act_type="leaky", slope=slope), zeros_like(data)]


def LeakyReLU(data=None, gamma=None, act_type="leaky", slope=0.25, lower_bound=0.125,
              upper_bound=0.334):
    """Leaky activations: 'leaky' (x, or slope * x where x <= 0), 'prelu' (a learned slope
    gamma), 'rrelu' (a random slope), 'elu', 'selu' or 'gelu'.

    elu: slope * (exp(x) - 1) where x <= 0 (slope is elu's alpha). selu: lambda * x, or lambda *
    alpha * (exp(x) - 1) where x <= 0, lambda = 1.0507009873554805, alpha =
    1.6732632423543772. gelu: x * Phi(x), Phi the normal CDF (the erf form, not tanh's). prelu:
    gamma's gradient is the sum of g * x over the elements where x <= 0. rrelu returns [out,
    slopes]: in prediction mode the slope (lower_bound + upper_bound) / 2 and zeros for the
    slopes; in training mode a slope drawn uniformly in [lower_bound, upper_bound) for each
    element (MXNet 1.9.1 crashes there).

    Parameters:
        data: the input, a float array.
        gamma: prelu's slopes: one per channel (axis 1), one for all (shape (1,)), or matching
            data's first axes; only with act_type='prelu'.
        act_type: 'leaky', 'prelu', 'rrelu', 'elu', 'selu' or 'gelu'.
        slope: the slope of 'leaky', the alpha of 'elu'.
        lower_bound, upper_bound: the range of rrelu's slopes.

    Example:
        >>> nd.LeakyReLU(nd.array([-2, 3]), slope=0.1)
        <BLANKLINE>
        [-0.2  3. ]
        <NDArray 2 @cpu(0)>
    """
    if not isinstance(data, NDArray):
        raise TypeError(f"LeakyReLU: data must be an NDArray, not {type(data).__name__}")
    if act_type not in _LEAKY_TYPES:
        raise ValueError(f"LeakyReLU: act_type must be one of "
                         f"{', '.join(map(repr, _LEAKY_TYPES))}, not {act_type!r}"
                         f"{' (relu is nd.Activation or nd.relu)' if act_type == 'relu' else ''}")
    _require_float("LeakyReLU", data._data)
    if act_type == "prelu":
        if not isinstance(gamma, NDArray):
            raise ValueError("LeakyReLU: act_type='prelu' needs gamma, the learned slopes "
                             "(one per channel): nd.LeakyReLU(x, gamma, act_type='prelu')")
        from ndsh.engine.ops.shape import reshape
        shape = _prelu_shape(data, gamma)
        return _prelu(data, gamma if gamma.shape == shape else reshape(gamma, shape=shape))
    if gamma is not None:
        raise ValueError(f"LeakyReLU: gamma is for act_type='prelu' only; act_type="
                         f"{act_type!r} takes data alone (MXNet: 'expects 1 inputs, but got 2')")
    if act_type == "rrelu":
        return _rrelu(data, lower_bound, upper_bound)
    return _leaky_relu(data, act_type=act_type, slope=slope)


op(kind="function", nin=2, departs=(
    "float64 data is computed in float64 (MXNet 1.9.1 rounds it through float32: "
    "leaky(-1.1) = -0.2750000059604645). selu's gradient for x <= 0 is the true one, lambda * "
    "alpha * exp(x) (MXNet's is lambda * (y + alpha)); rrelu's in prediction mode is its slope "
    "(MXNet's is the output). rrelu in training mode draws a slope per element from "
    "[lower_bound, upper_bound) and returns them as the second output (MXNet 1.9.1's CPU "
    "build crashes)."))(LeakyReLU)
