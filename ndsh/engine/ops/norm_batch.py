"""BatchNorm as MXNet 1.9.1 computes it, its forward and gradient fused.

The forward keeps the batch mean and variance for the gradient (a small `_Saved` carried in the
recorded node's parameters), and one vjp computes dx, dgamma and dbeta together in two passes
over the data (the arithmetic, and its numpy fast versions, are in norm_batch_kernels.py;
norm_batch_centred.py holds the numpy versions for data far from zero and picks among them;
norm_batch_rows.py the whole path for (rows, channels) data in training).
The moving statistics are updated in that vjp, that is in backward, as MXNet updates them: not
by a forward alone, nor in prediction mode.
"""
from __future__ import annotations

import math

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.graph import STATE, note_write
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops import norm_batch_centred as pick
from ndsh.engine.ops import norm_batch_kernels as kernels
from ndsh.engine.ops import norm_batch_rows as by_rows
from ndsh.engine.ops.norm_common import (
    _QUIET,
    _compute_dtype,
    _first_order_only,
    _require_float,
    _with_statistics,
)
from ndsh.engine.ops.norm_half import work_copy

_BN_INPUTS = ("data", "gamma", "beta", "moving_mean", "moving_var")


def _layout(shape: tuple, axis: int) -> tuple:
    """(before, channels, after): the data seen as 3-D around its channel axis (a view)."""
    return math.prod(shape[:axis]), shape[axis], math.prod(shape[axis + 1:])


def _batch_stats(xp, x, moving_mean, moving_var):
    """The batch's (mean, biased variance) per channel of the 3-D data, and whether the numpy
    fast versions apply (kernels.near_zero): numpy's in one tiled pass
    (kernels.batch_stats_tiled, which falls back to two passes far from zero), or in two
    when the moving statistics say the data is far from zero (pick.far_expected)."""
    if xp is np and isinstance(x, np.ndarray):
        if pick.far_expected(moving_mean, moving_var):
            return pick.batch_stats_centred_tiled(x)
        return kernels.batch_stats_tiled(x)
    return (*kernels.batch_stats(xp, x), False)


class _Saved:
    """The batch statistics BatchNorm's forward leaves for its gradient (one per call), and
    float16 data's float32 copy (work_data, else None: the backward converts it once less)."""

    __slots__ = ("mean", "var", "inv_std", "fast", "work_data")

    def __init__(self):
        self.work_data = None

    def __repr__(self) -> str:
        return "<batch statistics>"


def _batch_norm_vjp(xp, g, ans, data, gamma, beta, moving_mean, moving_var, eps=1e-3,
                    momentum=0.9, fix_gamma=True, training=False, axis=1, saved=None):
    with np.errstate(**_QUIET):
        _first_order_only(xp, "BatchNorm")
        pre, c, post = _layout(data.shape, axis)
        work = _compute_dtype(data.dtype)
        if training and post == 1 and type(data) is np.ndarray:     # (rows, channels) numpy
            if STATE.training:
                _update_moving(xp, moving_mean, moving_var, saved, momentum)
            grad, dgamma, dbeta = by_rows.train_backward(g, data, gamma.reshape(c), fix_gamma,
                                                         work, saved)
            return grad, dgamma.reshape(gamma.shape), dbeta.reshape(beta.shape), None, None
        x = (saved.work_data if saved is not None and saved.work_data is not None
             else work_copy(data, work)).reshape(pre, c, post)
        g3 = work_copy(g, work).reshape(pre, c, post)
        if training:
            mean, inv_std, fast = saved.mean, saved.inv_std, saved.fast
            if STATE.training:       # backward(train_mode=False) leaves them, as in MXNet
                _update_moving(xp, moving_mean, moving_var, saved, momentum)
        else:
            mean, var = moving_mean.reshape(c), moving_var.reshape(c)
            inv_std = 1 / xp.sqrt(var + eps)
            fast = kernels.near_zero(xp, x, mean, var)
        sum_g, sum_g_centred = pick.grad_sums(xp, x, g3, mean, fast)
        scale = inv_std if fix_gamma else gamma.reshape(c) * inv_std
        # the gradient is built in place in an array of its own (no copy when it becomes .grad)
        grad = xp.empty(data.shape, work)
        dx = grad.reshape(pre, c, post)
        if training:
            # dx = gamma/std * (g - mean(g) - xhat * mean(g * xhat)), xhat = (x - mean)/std
            m = pre * post
            coefs = (scale, -scale * inv_std * inv_std * sum_g_centred / m, -scale * sum_g / m)
            pick.grad_data(xp, x, g3, mean, *coefs, dx, fast)
        else:
            xp.multiply(g3, scale[:, None], out=dx)
        dgamma = (xp.zeros(gamma.shape, gamma.dtype) if fix_gamma
                  else (sum_g_centred * inv_std).reshape(gamma.shape).astype(gamma.dtype))
        dbeta = sum_g.reshape(beta.shape).astype(beta.dtype)
        return grad.astype(data.dtype, copy=False), dgamma, dbeta, None, None


def _update_moving(xp, moving_mean, moving_var, saved, momentum) -> None:
    """moving = momentum * moving + (1 - momentum) * batch, in place, with MXNet's float32
    momentum (so 1 - 0.9 is 0.100000024 there, as here)."""
    m = np.float32(momentum)
    keep, add = (m, np.float32(1) - m) if moving_mean.dtype == np.float32 else \
        (float(m), 1 - float(m))
    for moving, batch in ((moving_mean, saved.mean), (moving_var, saved.var)):
        moving *= keep                             # in place: the same two roundings
        moving += (batch.astype(moving.dtype, copy=False) * add).reshape(moving.shape)


@op(nin=5, vjp=_batch_norm_vjp, same_dtype=False, keeps=(0, 1, 3, 4), namespace="_internal",
    name="_batch_norm")
def _batch_norm(xp, data, gamma, beta, moving_mean, moving_var, eps=1e-3, momentum=0.9,
                fix_gamma=True, training=False, axis=1, saved=None):
    """BatchNorm's recorded op (see nd.BatchNorm): `training` is the mode the forward ran in.

    Example:
        >>> nd.BatchNorm(nd.array([[1, 2], [3, 6]]), nd.ones(2), nd.zeros(2), nd.zeros(2),
        ...              nd.ones(2), eps=0)
        <BLANKLINE>
        [[1. 2.]
         [3. 6.]]
        <NDArray 2x2 @cpu(0)>
    """
    with np.errstate(**_QUIET):
        pre, c, post = _layout(data.shape, axis)
        work = _compute_dtype(data.dtype)
        if training and post == 1 and type(data) is np.ndarray and saved is not None:
            return by_rows.train_forward(data, gamma.reshape(c), beta.reshape(c), eps,
                                         fix_gamma, work, saved)
        x = work_copy(data, work)
        if saved is not None and x is not data:
            saved.work_data = x
        x = x.reshape(pre, c, post)
        result = xp.empty(data.shape, work)             # owned: later ops may reuse it in place
        out = result.reshape(pre, c, post)
        if training:
            mean, var, fast = _batch_stats(xp, x, moving_mean, moving_var)
            inv_std = 1 / xp.sqrt(var + eps)
            if saved is not None:
                saved.mean, saved.var, saved.inv_std, saved.fast = mean, var, inv_std, fast
        else:
            mean, var = moving_mean.reshape(c), moving_var.reshape(c)
            inv_std = 1 / xp.sqrt(var + eps)
            fast = kernels.near_zero(xp, x, mean, var)
        scale = inv_std if fix_gamma else gamma.reshape(c) * inv_std
        pick.normalize(xp, x, mean, scale, beta.reshape(c), out, fast)
        return result.astype(data.dtype, copy=False)


def _check_batch_norm(arrays, axis):
    """Check BatchNorm's five inputs as one paragraph each; return the channel axis."""
    given = [a for a in arrays if a is not None]
    if len(given) != 5:
        raise ValueError(f"BatchNorm: needs 5 arrays ({', '.join(_BN_INPUTS)}), got "
                         f"{len(given)}: pass moving_mean and moving_var too (MXNet: "
                         f"'expects 5 inputs')")
    for name, a in zip(_BN_INPUTS, arrays):
        if not isinstance(a, NDArray):
            raise TypeError(f"BatchNorm: {name} must be an NDArray, not {type(a).__name__}")
    data = arrays[0]
    _require_float("BatchNorm", data._data)
    ndim = data.ndim
    if not -ndim <= int(axis) < ndim:
        raise ValueError(f"BatchNorm: axis {axis} is out of range for data of shape "
                         f"{data.shape}: the channel axis must be within -{ndim}..{ndim - 1} "
                         f"(MXNet: 'Channel axis out of range')")
    axis = int(axis) % ndim
    if data.size == 0:
        raise ValueError(f"BatchNorm: data of shape {data.shape} is empty; a batch needs at "
                         f"least one element per channel")
    channels = data.shape[axis]
    want = _compute_dtype(data._data.dtype)
    for name, a in zip(_BN_INPUTS[1:], arrays[1:]):
        if a.size != channels:
            raise ValueError(f"BatchNorm: {name} has shape {a.shape}, but data {data.shape} "
                             f"has {channels} channels along axis {axis}: it needs one value "
                             f"per channel, shape ({channels},)")
        if a._data.dtype != want:
            raise TypeError(f"BatchNorm: {name} is {a._data.dtype.name} and data "
                            f"{data._data.dtype.name}; the parameters and moving statistics "
                            f"must be {want.name} (MXNet: 'This layer requires uniform type')")
    return axis


def _set_ones(gamma: NDArray) -> None:
    """fix_gamma: MXNet writes 1 into gamma itself (skipped when it is all ones already, so
    that a graph which read gamma before is not invalidated for nothing)."""
    data = gamma._data
    if not bool((data == 1).all()):
        data[...] = 1
        note_write(gamma)


def BatchNorm(data=None, gamma=None, beta=None, moving_mean=None, moving_var=None, eps=1e-3,
              momentum=0.9, fix_gamma=True, use_global_stats=False, output_mean_var=False,
              axis=1, cudnn_off=False, min_calib_range=None, max_calib_range=None):
    """Batch normalisation: each channel normalised by the batch's statistics in training
    mode, by the moving statistics in prediction mode, then scaled by gamma and shifted by beta.

    Training mode (inside `autograd.record()` or `train_mode()`, without use_global_stats):
    (x - mean) / sqrt(var + eps) * gamma + beta with the mean and the biased variance over
    every axis but `axis`. Prediction mode: the same with moving_mean and moving_var. The
    moving statistics are updated in backward, not in the forward, and only for a forward in
    training mode and a backward in training mode (the default):
    moving = momentum * moving + (1 - momentum) * batch statistic.

    Parameters:
        data: the input, channels along `axis`.
        gamma: the scale, one per channel; with fix_gamma, set to 1 in place.
        beta: the shift, one per channel.
        moving_mean: the running mean, one per channel, updated in place by backward.
        moving_var: the running (biased) variance, one per channel, updated by backward.
        eps: added to the variance before the square root.
        momentum: the weight of the old moving statistics in the update.
        fix_gamma: write 1 into gamma and use it; its gradient is then 0.
        use_global_stats: normalise by the moving statistics in training mode too (and never
            update them).
        output_mean_var: return [out, mean, 1/sqrt(var + eps)] (the batch's in training, the
            moving mean and 1/sqrt(moving_var + eps) otherwise); no gradient flows through
            the last two.
        axis: the channel axis (-1: the last).
        cudnn_off, min_calib_range, max_calib_range: MXNet's cuDNN and quantization switches,
            accepted and ignored.

    Example:
        >>> x = nd.array([[1, 2], [3, 6], [5, 10], [7, 2]])
        >>> g, b = nd.array([2, 3]), nd.array([0.5, -1])
        >>> mm, mv = nd.zeros(2), nd.ones(2)
        >>> x.attach_grad()
        >>> with autograd.record():
        ...     y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, momentum=0.5)
        >>> y.backward(); mm
        <BLANKLINE>
        [2.  2.5]
        <NDArray 2 @cpu(0)>
    """
    arrays = (data, gamma, beta, moving_mean, moving_var)
    axis = _check_batch_norm(arrays, axis)
    if fix_gamma:
        _set_ones(gamma)
    training = STATE.training and not use_global_stats
    saved = _Saved()
    out = _batch_norm(data, gamma, beta, moving_mean, moving_var, eps=float(eps),
                      momentum=float(momentum), fix_gamma=bool(fix_gamma), training=training,
                      axis=axis, saved=saved)
    if not output_mean_var:
        return out
    if training:
        stats = (saved.mean, saved.inv_std)
    else:
        with np.errstate(**_QUIET):
            stats = (moving_mean._data.reshape(-1).copy(),
                     1 / data.context.xp.sqrt(moving_var._data.reshape(-1) + float(eps)))
    return _with_statistics(out, stats, gamma._data.dtype)


op(kind="function", nin=5, departs=(
    "A gradient in prediction mode (record(train_mode=False), no use_global_stats) is the "
    "true one: gamma / sqrt(moving_var + eps) for data (MXNet 1.9.1 applies its "
    "training-mode formula with the moving statistics in place of the batch's), and the "
    "moving statistics stay as they are. The gradient always follows the mode of the forward "
    "(MXNet's follows backward's train_mode). gamma, beta, moving_mean and moving_var must "
    "hold one value per channel (MXNet reads past a shorter array or ignores the rest of a "
    "longer one)."))(BatchNorm)
