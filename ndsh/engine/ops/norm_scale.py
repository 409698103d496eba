"""Normalisation by a norm, as MXNet 1.9.1 computes it: L2Normalization (by the L2 norm over an
instance, its channels or its positions) and LRN (by a window of neighbouring channels).
BatchNorm is in norm_batch.py, the group normalisations in norm_group.py; the helpers these
share are in norm_common.py."""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.ops.norm_common import _QUIET, _quiet, _require_float

# ----- L2Normalization ------------------------------------------------------------------------
_L2_MODES = ("channel", "instance", "spatial")


def _l2_axes(data, mode):
    if mode not in _L2_MODES:
        raise ValueError(f"L2Normalization: mode must be 'instance', 'channel' or 'spatial', "
                         f"not {mode!r}")
    if mode == "instance":
        return tuple(range(1, data.ndim))
    if data.ndim < 3:
        raise ValueError(f"L2Normalization: mode={mode!r} needs data of at least 3 dimensions "
                         f"(batch, channel, spatial...), got shape {data.shape} (MXNet "
                         f"refuses it too)")
    return (1,) if mode == "channel" else tuple(range(2, data.ndim))


@_quiet
def _l2_norm(xp, data, eps, mode):
    axes = _l2_axes(data, mode)
    squares = (data * data).sum(axis=axes, keepdims=True) if axes else data * data
    return xp.sqrt(squares + eps)


def _l2_vjp(xp, g, ans, data, eps=1e-10, mode="instance"):
    norm = _l2_norm(xp, data, eps, mode)
    axes = _l2_axes(data, mode)
    with np.errstate(**_QUIET):
        inner = (g * ans).sum(axis=axes, keepdims=True) if axes else g * ans
    with np.errstate(**_QUIET):
        return (g - ans * inner) / norm


@op(vjp=_l2_vjp)
def L2Normalization(xp, data, eps=1e-10, mode="instance"):
    """Divide by the L2 norm: x / sqrt(sum(x ** 2) + eps), the sum over every axis but the
    first ('instance'), over axis 1 ('channel') or over axes 2... ('spatial').

    Parameters:
        data: the input; 'channel' and 'spatial' need at least 3 dimensions.
        eps: added under the square root (so a zero row stays zero).
        mode: 'instance', 'channel' or 'spatial': which axes one norm covers.

    Example:
        >>> nd.L2Normalization(nd.array([[3, 4, 0], [0, 0, 0]]))
        <BLANKLINE>
        [[0.6 0.8 0. ]
         [0.  0.  0. ]]
        <NDArray 2x3 @cpu(0)>
    """
    _require_float("L2Normalization", data)
    norm = _l2_norm(xp, data, eps, mode)
    with np.errstate(**_QUIET):
        return (data / norm).astype(data.dtype, copy=False)


# ----- LRN ------------------------------------------------------------------------------------
def _window_sum(xp, a, half):
    """For each channel (axis 1), the sum of `a` over the channels within `half` of it (the
    window clipped at the ends): a loop over the window's offsets only."""
    out = a.copy()
    for offset in range(1, min(half, a.shape[1] - 1) + 1):
        out[:, offset:] += a[:, :-offset]
        out[:, :-offset] += a[:, offset:]
    return out


@_quiet
def _lrn_denominator(xp, data, alpha, knorm, nsize):
    """knorm + alpha / nsize * (the window sum of x ** 2): oneDNN's window, as MXNet's CPU
    build uses it, spans (nsize - 1) // 2 channels on each side (so an even nsize covers
    nsize - 1 channels yet divides by nsize)."""
    return knorm + (alpha / nsize) * _window_sum(xp, data * data, (nsize - 1) // 2)


def _lrn_vjp(xp, g, ans, data, alpha=1e-4, beta=0.75, knorm=2.0, nsize=None):
    # d(x_c d_c^-beta)/dx_j: d_c^-beta at j = c, and -2 beta alpha / nsize * x_c * x_j *
    # d_c^(-beta-1) for every c whose window holds j (the window is symmetric)
    nsize = int(nsize)
    d = _lrn_denominator(xp, data, alpha, knorm, nsize)
    with np.errstate(**_QUIET):
        inner = _window_sum(xp, g * ans / d, (nsize - 1) // 2)
        return g * d ** -beta - (2 * alpha * beta / nsize) * data * inner


@op(vjp=_lrn_vjp)
def LRN(xp, data, alpha=1e-4, beta=0.75, knorm=2.0, nsize=None):
    """Local response normalisation across channels: x / (knorm + alpha / nsize *
    sum(x ** 2 over the nearby channels)) ** beta.

    The window covers the (nsize - 1) // 2 channels on each side of a channel (axis 1),
    clipped at the first and last channel, as MXNet's CPU build (oneDNN) computes it.

    Parameters:
        data: the input, (batch, channel, ...), at least 2-D.
        alpha: the scale of the sum of squares.
        beta: the exponent.
        knorm: the constant added to the scaled sum.
        nsize: the window size in channels (required, at least 1).

    Example:
        >>> nd.LRN(nd.array([[1, 2, 2]]), nsize=3, alpha=3, beta=1, knorm=1)
        <BLANKLINE>
        [[0.16666667 0.2        0.22222222]]
        <NDArray 1x3 @cpu(0)>
    """
    _require_float("LRN", data)
    if nsize is None:
        raise ValueError("LRN: nsize (the window size in channels) is required, e.g. nsize=5")
    if int(nsize) < 1:
        raise ValueError(f"LRN: nsize must be at least 1, got {nsize}")
    if data.ndim < 2:
        raise ValueError(f"LRN: data must have a channel axis (at least 2 dimensions: batch, "
                         f"channel, ...), got shape {data.shape}")
    d = _lrn_denominator(xp, data, alpha, knorm, int(nsize))
    with np.errstate(**_QUIET):
        return (data / d ** beta).astype(data.dtype, copy=False)
