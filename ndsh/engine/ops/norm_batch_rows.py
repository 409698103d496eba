"""BatchNorm's numpy fast versions for data with one value per channel and row: (rows, channels)
arrays, the (before, channels, 1) layout of 2-D data (BatchNorm after a Dense layer, d2l's
LeNet with BatchNorm: (256, 120) and (256, 84)) and of channels-last data.

norm_batch_kernels.py's tiled versions hand such data here (`*_tiled` with after == 1); the
formulas and the near_zero condition are theirs (one-pass statistics with the same fallback,
the mean folded into the per-channel constants), only the numpy calls differ:
- the per-channel sums are one BLAS matrix-vector product with a vector of ones (ones @ x,
  1.7-2 us on (256, 120) float32, one thread) where einsum("ncx->c") and x.sum(axis=0) take
  7 us: numpy's reduction over the outer axis runs a 120-long inner loop 256 times;
- products of two whole arrays are formed once and summed by that product (g * x then
  ones @ ...: 5.8 us against einsum's 7.3);
- no tiles: such arrays are small, and a tile per call costs more in Python than it saves.
The per-channel coefficients stay 1-D and broadcast along the rows (numpy's broadcast loop
runs at about 6.5 us a pass on (256, 120) against 3.7 for two whole arrays; a contiguous
plane would cost a pass to build, which no single use repays).
`train_forward` and `train_backward` are norm_batch.py's whole training-mode forward and
gradient for such data, without its 3-D views and dispatch. Per call on (256, 120) float32,
one thread, process time, against the tiled versions: forward 41 -> 31-33 us, backward (the
moving statistics' update included) 53 -> 41-42 us. tests/engine/test_norm_kernels.py checks
the kernels against the general versions through the `*_tiled` entry points,
tests/engine/test_norm_rows.py the whole path.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.ops.norm_half import work_copy

NEAR_ZERO = 16.0       # mean**2 / var up to which the fast versions fold the mean in
ONE_PASS_STATS = 1.0   # mean**2 / var up to which the forward's one-pass variance is kept


def _ones(x):
    """A vector of ones as long as x's rows, x's dtype (the sums' right-hand side)."""
    return np.ones(x.shape[0], x.dtype)


def _sum(x, ones):
    """sum over the rows for each channel: ones @ x (BLAS); a strided x (a broadcast head
    gradient) is copied by matmul first, which still beats the reduction."""
    return np.dot(ones, x)


def batch_stats_rows(x):
    """(mean, biased variance, near_zero) per channel of a 2-D x, as batch_stats_tiled
    computes them: one pass (sums of x and x**2) kept while mean**2 <= ONE_PASS_STATS * var
    on every channel, else the variance again over x - mean (two passes); near_zero as
    norm_batch_kernels.near_zero decides it."""
    m = x.shape[0]
    ones = _ones(x)
    squares = np.multiply(x, x)
    mean = _sum(x, ones) / m
    var = _sum(squares, ones) / m - mean * mean
    if float((mean * mean - ONE_PASS_STATS * var).max()) <= 0:       # NaN: not
        return mean, var, ONE_PASS_STATS <= NEAR_ZERO
    np.subtract(x, mean, out=squares)
    var = np.einsum("nc,nc->c", squares, squares) / m
    return mean, var, float((mean * mean - NEAR_ZERO * var).max()) <= 0


def normalize_rows(x, mean, scale, beta, out):
    """out = x * scale + (beta - mean * scale) for a 2-D x (two passes)."""
    np.multiply(x, scale, out=out)
    out += beta - mean * scale


def grad_sums_rows(x, g, mean):
    """(sum g, sum g * (x - mean)) per channel of 2-D x and g: sum(g * x) - mean * sum(g)."""
    ones = _ones(x)
    sum_g = _sum(g, ones)
    return sum_g, _sum(np.multiply(g, x), ones) - mean * sum_g


def grad_data_rows(x, g, mean, a, b, c, out):
    """out = a * g + b * x + (c - b * mean) for 2-D x, g and out (four passes)."""
    term = np.multiply(x, b)
    np.multiply(g, a, out=out)
    out += term
    out += c - b * mean


# ----- the whole training-mode forward and backward on (rows, channels) numpy data -------------
def train_forward(data, gamma, beta, eps, fix_gamma, work, saved):
    """norm_batch._batch_norm in training mode for numpy data seen as (rows, channels) (2-D,
    or the channel axis last; gamma and beta 1-D, one value a channel), its steps written out
    once: the batch statistics, 1/std, the normalisation, what the backward needs kept in
    `saved`. It skips the (before, channels, after) views, the dispatch through
    norm_batch_kernels and the temporaries of 1 / sqrt(var + eps) (the same operations in
    place: the same roundings). Far from zero (not near_zero) it normalises as
    norm_batch_kernels.normalize does, over x - mean. test_norm_rows compares it with the
    general versions."""
    x = work_copy(data, work)
    if x is not data:
        saved.work_data = x                       # float16: the backward's float32 copy
    x = x.reshape(-1, gamma.shape[0])
    mean, var, fast = batch_stats_rows(x)
    inv_std = var + eps
    np.sqrt(inv_std, out=inv_std)
    np.divide(1, inv_std, out=inv_std)
    scale = inv_std if fix_gamma else gamma * inv_std
    out = np.empty(x.shape, work)
    if fast:
        normalize_rows(x, mean, scale, beta, out)
    else:
        np.subtract(x, mean, out=out)
        out *= scale
        out += beta
    saved.mean, saved.var, saved.inv_std, saved.fast = mean, var, inv_std, fast
    return out.reshape(data.shape).astype(data.dtype, copy=False)


def train_backward(g, data, gamma, fix_gamma, work, saved):
    """norm_batch._batch_norm_vjp's training-mode gradients (dx, dgamma, dbeta) for numpy
    data seen as (rows, channels), the moving statistics left to its caller: the same
    formulas (dx = a * g + b * (x - mean) + c) and near_zero choice, without the 3-D views and
    the dispatch. test_norm_rows compares it with the general versions."""
    x = (work_copy(data, work) if saved.work_data is None else saved.work_data)
    x = x.reshape(-1, gamma.shape[0])
    rows = x.shape[0]
    g2 = work_copy(g, work).reshape(x.shape)
    mean, inv_std = saved.mean, saved.inv_std
    if saved.fast:
        sum_g, sum_g_centred = grad_sums_rows(x, g2, mean)
    else:
        sum_g, sum_g_centred = _sum(g2, _ones(x)), np.einsum("nc,nc->c", g2, x - mean)
    scale = inv_std if fix_gamma else gamma * inv_std
    k = -scale / rows                # dx = gamma/std * (g - mean(g) - xhat * mean(g * xhat))
    b = k * inv_std * inv_std * sum_g_centred
    c = k * sum_g
    grad = np.empty(x.shape, work)
    if saved.fast:
        grad_data_rows(x, g2, mean, scale, b, c, grad)
    else:
        np.subtract(x, mean, out=grad)
        grad *= b
        grad += scale * g2
        grad += c
    dgamma = (np.zeros(gamma.shape, gamma.dtype) if fix_gamma
              else (sum_g_centred * inv_std).astype(gamma.dtype, copy=False))
    return (grad.reshape(data.shape).astype(data.dtype, copy=False), dgamma,
            sum_g.astype(gamma.dtype, copy=False))
