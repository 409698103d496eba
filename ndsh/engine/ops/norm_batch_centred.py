"""BatchNorm's numpy versions for data far from zero (channels with mean**2 > NEAR_ZERO * var,
where norm_batch_kernels' fast versions would lose digits folding the mean in), and the choice
between its three kinds of kernels (`normalize`, `grad_sums`, `grad_data` here).

The centred versions compute the general versions' formulas over x - mean, operation for
operation (the same roundings elementwise; the sums in BLAS's order), tiled as the fast
versions are: x - mean is formed a tile at a time in a scratch tile that stays in cache, and
the per-channel coefficients are contiguous (channels, after) planes. Such data is common: in
d2l's LeNet with BatchNorm the convolutions' outputs have channel means of several standard
deviations (0.5 * sum(w) after a sigmoid and pooling), so every 4-D BatchNorm there took the
general versions (einsum, coefficients broadcast along the pixels). Forward + backward at a
mean of 6 std, float32, one thread, process time, general -> centred: (32, 64, 56, 56)
25.4-26.1 -> 16.5-16.7 ms, (256, 16, 8, 8) 0.90 -> 0.79-0.81 ms, (256, 6, 24, 24) 2.52-2.77
-> 2.49-2.67 ms (within the noise; near zero it takes 1.7: the passes over x - mean).
When the moving statistics say the data is far from zero (`far_expected`), the batch
statistics skip the one-pass variance they would drop (`batch_stats_centred_tiled`): at 6 std
(256, 16, 8, 8) 0.81-0.89 -> 0.75-0.76 ms, (256, 6, 24, 24) 2.54-2.66 -> 2.40-2.43 ms,
(32, 64, 56, 56) within the noise (there the one pass reads each tile once for both sums).
tests/engine/test_norm_centred.py compares them with the general versions.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.ops import norm_batch_kernels as K


def tiles_apply(xp, x) -> bool:
    """Whether the tiled numpy versions can run: numpy data with more than one value a channel
    and row (after 1 goes to the general formulas, whose 1-D coefficients broadcast along
    contiguous rows there; in training norm_batch_rows takes that layout)."""
    return xp is np and isinstance(x, np.ndarray) and x.shape[2] > 1


# ----- the centred tiled versions -------------------------------------------------------------
def normalize_centred_tiled(x, mean, scale, beta, out):
    """normalize's (x - mean) * scale + beta, a tile at a time (three operations a tile)."""
    post = x.shape[2]
    centre, scale, beta = K._plane(mean, post), K._plane(scale, post), K._plane(beta, post)
    for chans, rows in K._tiles(x.shape, x.itemsize):
        block = out[rows, chans]
        np.subtract(x[rows, chans], centre[chans], out=block)
        block *= scale[chans]
        block += beta[chans]


def grad_sums_centred_tiled(x, g, mean):
    """grad_sums' (sum g, sum g * (x - mean)) per channel, x - mean a tile at a time."""
    centre = K._plane(mean, x.shape[2])
    scratch = K._scratch(x)
    ones = np.ones(x.shape[2], x.dtype)
    total, dot = np.zeros(x.shape[1], x.dtype), np.zeros(x.shape[1], x.dtype)
    for chans, rows in K._tiles(x.shape, x.itemsize):
        tile, g_tile = x[rows, chans], g[rows, chans]
        centred = K._view(scratch, tile)
        np.subtract(tile, centre[chans], out=centred)
        total[chans] += K._tile_sum(g_tile, ones)
        dot[chans] += K._tile_dot(g_tile, centred)
    return total, dot


def grad_data_centred_tiled(x, g, mean, a, b, c, out):
    """grad_data's (x - mean) * b + a * g + c, a tile at a time (five operations a tile)."""
    post = x.shape[2]
    centre, a, b, c = (K._plane(v, post) for v in (mean, a, b, c))
    scratch = K._scratch(x)
    for chans, rows in K._tiles(x.shape, x.itemsize):
        block, tile = out[rows, chans], x[rows, chans]
        term = K._view(scratch, tile)
        np.subtract(tile, centre[chans], out=term)
        term *= b[chans]
        np.multiply(g[rows, chans], a[chans], out=block)
        block += term
        block += c[chans]


def batch_stats_centred_tiled(x):
    """batch_stats_tiled's fallback without its first pass's sum of squares: the sums of x
    (for the mean), then the variance over x - mean (`_centred_squares_tiled`), and near_zero.
    For data expected far from zero (`far_expected`), where the one-pass variance would be
    computed and dropped; the mean and variance are the bits that fallback gives."""
    m = x.shape[0] * x.shape[2]
    ones = np.ones(x.shape[2], x.dtype) if x.shape[2] >= 16 else None
    if x.nbytes <= K.TILE:
        total = K._tile_sum(x, ones)
    else:
        total = np.zeros(x.shape[1], x.dtype)
        for chans, rows in K._tiles(x.shape, x.itemsize):
            total[chans] += K._tile_sum(x[rows, chans], ones)
    mean = total / m
    var = K._centred_squares_tiled(x, mean) / m
    return mean, var, K.near_zero(np, x, mean, var)


def far_expected(moving_mean, moving_var) -> bool:
    """Whether the moving statistics (the earlier batches') put some channel beyond the
    one-pass variance's limit, mean**2 > ONE_PASS_STATS * var: this batch will likely be too,
    so its statistics skip the one pass (a guess either way: each path gives valid values)."""
    return bool((moving_mean * moving_mean > K.ONE_PASS_STATS * moving_var).any())


# ----- the choice -----------------------------------------------------------------------------
def normalize(xp, x, mean, scale, beta, out, near):
    """out = (x - mean) * scale + beta: the fast versions near zero (`near`:
    norm_batch_kernels.near_zero), the centred ones on other numpy data, else the general."""
    if near:
        K.normalize_tiled(x, mean, scale, beta, out)
    elif tiles_apply(xp, x):
        normalize_centred_tiled(x, mean, scale, beta, out)
    else:
        K.normalize(xp, x, mean, scale, beta, out)


def grad_sums(xp, x, g, mean, near):
    """(sum g, sum g * (x - mean)) per channel, chosen as `normalize` chooses."""
    if near:
        return K.grad_sums_tiled(x, g, mean)
    if tiles_apply(xp, x):
        return grad_sums_centred_tiled(x, g, mean)
    return K.grad_sums(xp, x, g, mean)


def grad_data(xp, x, g, mean, a, b, c, out, near):
    """out = a * g + b * (x - mean) + c, chosen as `normalize` chooses."""
    if near:
        K.grad_data_tiled(x, g, mean, a, b, c, out)
    elif tiles_apply(xp, x):
        grad_data_centred_tiled(x, g, mean, a, b, c, out)
    else:
        K.grad_data(xp, x, g, mean, a, b, c, out)
