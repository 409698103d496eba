"""InstanceNorm and GroupNorm as MXNet 1.9.1 computes them, on one core: the data seen as
(batch, groups, rest), normalised over `rest` for each (sample, group), then scaled and shifted
per group (a channel is a group for InstanceNorm; MXNet 1.9.1's GroupNorm has one gamma and one
beta per group).
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops.norm_common import (
    _QUIET,
    _compute_dtype,
    _first_order_only,
    _quiet,
    _require_float,
    _with_statistics,
)


def _grouped(xp, data, groups):
    """data as (batch, groups, rest) in the dtype it is normalised in."""
    return data.reshape(data.shape[0], groups, -1).astype(_compute_dtype(data.dtype),
                                                          copy=False)


def _grouped_stats(xp, x3, eps):
    """(centred data, mean, inv_std) per (sample, group), the centred data a new array."""
    mean = x3.mean(axis=2, keepdims=True)
    centred = x3 - mean
    var = xp.einsum("ngm,ngm->ng", centred, centred)[:, :, None] / x3.shape[2]
    return centred, mean, 1 / xp.sqrt(var + eps)


@_quiet
def _grouped_forward(xp, data, gamma, beta, groups, eps):
    x3 = _grouped(xp, data, groups)
    out, _, inv_std = _grouped_stats(xp, x3, eps)
    out *= gamma.reshape(1, groups, 1) * inv_std
    out += beta.reshape(1, groups, 1)
    return out.reshape(data.shape).astype(data.dtype, copy=False)


@_quiet
def _grouped_vjp(xp, g, data, gamma, beta, groups, eps):
    """(dx, dgamma, dbeta) of the grouped normalisation, recomputing its statistics."""
    x3 = _grouped(xp, data, groups)
    g3 = g.reshape(x3.shape).astype(x3.dtype, copy=False)
    dx, _, inv_std = _grouped_stats(xp, x3, eps)
    dx *= inv_std                                   # xhat, then the gradient in place
    dgamma = xp.einsum("ngm,ngm->g", g3, dx)
    dbeta = g3.sum(axis=(0, 2))
    size = x3.shape[2]
    dx *= -xp.einsum("ngm,ngm->ng", g3, dx)[:, :, None] / size
    dx += g3
    dx -= g3.mean(axis=2, keepdims=True)
    dx *= gamma.reshape(1, groups, 1) * inv_std
    return (dx.reshape(data.shape).astype(data.dtype, copy=False),
            dgamma.reshape(gamma.shape).astype(gamma.dtype),
            dbeta.reshape(beta.shape).astype(beta.dtype))


def _check_grouped(op_name, data, gamma, beta, groups, per):
    _require_float(op_name, data)
    if data.ndim < 3:
        raise ValueError(f"{op_name}: data must have at least 3 dimensions (batch, channel, "
                         f"spatial...), got shape {data.shape} (MXNet refuses it too)")
    for name, p in (("gamma", gamma), ("beta", beta)):
        if p.size != groups:
            raise ValueError(f"{op_name}: {name} has shape {p.shape}, but data {data.shape} "
                             f"needs one value per {per}: shape ({groups},)")


def _instance_norm_vjp(xp, g, ans, data, gamma, beta, eps=1e-3):
    _first_order_only(xp, "InstanceNorm")
    return _grouped_vjp(xp, g, data, gamma, beta, data.shape[1], eps)


@op(nin=3, vjp=_instance_norm_vjp, keeps=(0, 1), departs=(
    "float16 and float64 data work (MXNet 1.9.1 computes float32 only, and refuses the "
    "others)."))
def InstanceNorm(xp, data, gamma, beta, eps=1e-3):
    """Instance normalisation: each (sample, channel) normalised over its spatial axes, then
    scaled by gamma and shifted by beta per channel: (x - mean) / sqrt(var + eps) * gamma +
    beta, with the biased variance.

    Parameters:
        data: the input, (batch, channel, spatial...), at least 3-D.
        gamma: the scale, one per channel.
        beta: the shift, one per channel.
        eps: added to the variance before the square root.

    Example:
        >>> nd.InstanceNorm(nd.array([[[1, 2, 3], [2, 2, 8]]]), nd.ones(2), nd.zeros(2))
        <BLANKLINE>
        [[[-1.2238274   0.          1.2238274 ]
          [-0.70706254 -0.70706254  1.4141251 ]]]
        <NDArray 1x2x3 @cpu(0)>
    """
    _check_grouped("InstanceNorm", data, gamma, beta, data.shape[1] if data.ndim else 0,
                   "channel")
    return _grouped_forward(xp, data, gamma, beta, data.shape[1], eps)


def _group_norm_vjp(xp, g, ans, data, gamma, beta, num_groups=1, eps=1e-5):
    _first_order_only(xp, "GroupNorm")
    return _grouped_vjp(xp, g, data, gamma, beta, num_groups, eps)


def _check_groups(data, num_groups):
    groups = int(num_groups)
    if groups < 1:
        raise ValueError(f"GroupNorm: num_groups must be at least 1, got {num_groups}")
    if data.ndim >= 2 and data.shape[1] % groups:
        raise ValueError(f"GroupNorm: the {data.shape[1]} channels of data {data.shape} "
                         f"cannot be split into num_groups={groups} groups of equal size "
                         f"(MXNet: '# of channels must be divisible by # of groups')")
    return groups


@op(nin=3, vjp=_group_norm_vjp, keeps=(0, 1), namespace="_internal", name="_group_norm")
def _group_norm(xp, data, gamma, beta, num_groups=1, eps=1e-5):
    """GroupNorm's recorded op (see nd.GroupNorm).

    Example:
        >>> nd.GroupNorm(nd.array([[[1], [3]]]), nd.ones(1), nd.zeros(1), eps=0)
        <BLANKLINE>
        [[[-1.]
          [ 1.]]]
        <NDArray 1x2x1 @cpu(0)>
    """
    groups = _check_groups(data, num_groups)
    _check_grouped("GroupNorm", data, gamma, beta, groups, "group")
    return _grouped_forward(xp, data, gamma, beta, groups, eps)


def GroupNorm(data=None, gamma=None, beta=None, num_groups=1, eps=1e-5, output_mean_var=False):
    """Group normalisation: the channels split into num_groups groups, each (sample, group)
    normalised over its channels and spatial axes, then scaled and shifted per group.

    As in MXNet 1.9.1, gamma and beta hold one value per group (not per channel).

    Parameters:
        data: the input, (batch, channel, spatial...), at least 3-D.
        gamma: the scale, one per group.
        beta: the shift, one per group.
        num_groups: the number of groups; it must divide the number of channels.
        eps: added to the variance before the square root.
        output_mean_var: return [out, mean, std], mean and std = sqrt(var + eps) of shape
            (batch, num_groups); no gradient flows through the last two.

    Example:
        >>> x = nd.array([[[1, 3], [3, 1], [0, 4], [4, 0]]])
        >>> nd.GroupNorm(x, nd.array([1, 2]), nd.array([0, 1]), num_groups=2, eps=0)
        <BLANKLINE>
        [[[-1.  1.]
          [ 1. -1.]
          [-1.  3.]
          [ 3. -1.]]]
        <NDArray 1x4x2 @cpu(0)>
    """
    for name, a in (("data", data), ("gamma", gamma), ("beta", beta)):
        if not isinstance(a, NDArray):
            raise TypeError(f"GroupNorm: {name} must be an NDArray, not {type(a).__name__} "
                            f"(it takes data, gamma and beta)")
    out = _group_norm(data, gamma, beta, num_groups=num_groups, eps=eps)
    if not output_mean_var:
        return out
    xp = data.context.xp
    x3 = _grouped(xp, data._data, int(num_groups))
    mean = x3.mean(axis=2)
    centred = x3 - mean[:, :, None]
    with np.errstate(**_QUIET):
        std = xp.sqrt(xp.einsum("ngm,ngm->ng", centred, centred) / x3.shape[2] + eps)
    return _with_statistics(out, (mean, std), data._data.dtype)


op(kind="function", nin=3)(GroupNorm)
