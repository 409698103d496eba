"""BatchNorm's arithmetic on backend arrays seen as (before, channels, after) around the channel
axis: the batch statistics, the normalisation, and the sums and data gradient of its backward.

Each has a general version, whole-array formulas over x - mean that any backend runs (CuPy's
included), and a fast version for numpy (`*_tiled`), which norm_batch.py takes on numpy arrays
whose channels all have mean**2 <= NEAR_ZERO * var (`near_zero`). The fast versions:
- work a tile of about TILE bytes at a time, so that the second operation on a tile finds it
  in cache;
- broadcast the per-channel coefficients as (channels, after) planes built once per call:
  numpy's loops run a contiguous operand about 2x faster than one broadcast along the pixels
  (stride 0: 1.15 against 0.65 ms for s *= c on (32, 64, 3136) float32 in cache);
- sum and take channel-wise dot products through matmul (BLAS), 2-3x faster than einsum;
- fold the mean into the per-channel constants (x * scale + (beta - mean * scale), and the
  gradient's sums in one pass as sum(g * x) - mean * sum(g)), which skips the pass that forms
  x - mean. The rounding of those differences grows with |mean| / std, hence `near_zero`.
On (32, 64, 56, 56) float32, one thread, forward 8.5 -> 4.6 ms and backward 11.2 -> 7.8 ms
(commit f86be33 has the alternating runs). tests/engine/test_norm_kernels.py checks each fast
version against the general one.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.ops import norm_batch_rows as by_rows
from ndsh.engine.ops.norm_batch_rows import NEAR_ZERO, ONE_PASS_STATS

TILE = 1 << 20         # bytes of data a tiled pass works at a time (1 MiB: the L2 cache)


def near_zero(xp, x, mean, var) -> bool:
    """Whether the numpy fast versions apply: a numpy array (CuPy runs the general versions)
    whose channels all have mean**2 <= NEAR_ZERO * var (False on NaN). There their rounding
    is within 3x of the general versions' (float32 against float64, 100k values a channel)."""
    if xp is not np or not isinstance(x, np.ndarray):
        return False
    return float((mean * mean - NEAR_ZERO * var).max()) <= 0       # NaN: False


def channel_sum(xp, x):
    """sum over `before` and `after` for each channel of a (before, channels, after) array."""
    return xp.einsum("ncx->c", x)


# ----- the general versions (any backend) -----------------------------------------------------
def batch_stats(xp, x):
    """(mean, biased variance) per channel of a 3-D x: two passes, the second over x - mean,
    which keeps float32 accurate on data far from zero."""
    m = x.shape[0] * x.shape[2]
    mean = channel_sum(xp, x) / m
    centred = x - mean[:, None]
    return mean, xp.einsum("ncx,ncx->c", centred, centred) / m


def normalize(xp, x, mean, scale, beta, out):
    """out = (x - mean) * scale + beta per channel (x and out 3-D, the rest 1-D)."""
    xp.subtract(x, mean[:, None], out=out)
    out *= scale[:, None]
    out += beta[:, None]


def grad_sums(xp, x, g, mean):
    """(sum of g, sum of g * (x - mean)) per channel: the sums BatchNorm's backward needs."""
    return channel_sum(xp, g), xp.einsum("ncx,ncx->c", g, x - mean[:, None])


def grad_data(xp, x, g, mean, a, b, c, out):
    """out = a * g + b * (x - mean) + c per channel: BatchNorm's data gradient."""
    xp.subtract(x, mean[:, None], out=out)
    out *= b[:, None]
    out += a[:, None] * g
    out += c[:, None]


# ----- the numpy fast versions ----------------------------------------------------------------
def _tiles(shape, itemsize) -> list:
    """(channels, rows) slice pairs that cover a (before, channels, after) array, channels
    outermost (so the coefficient planes' rows stay in cache), each tile at most about TILE
    bytes: several rows of all channels when a row is small, else some channels of one row."""
    pre, c, post = shape
    row = c * post * itemsize
    if row <= TILE:
        step = max(1, TILE // row)
        return [(slice(None), slice(r, r + step)) for r in range(0, pre, step)]
    k = max(1, TILE // (post * itemsize))
    return [(slice(c0, c0 + k), slice(r, r + 1)) for c0 in range(0, c, k) for r in range(pre)]


def _plane(coef, post):
    """A per-channel coefficient as a contiguous (channels, after) array (a view when after
    is 1)."""
    if post == 1:
        return coef[:, None]
    plane = np.empty((coef.shape[0], post), coef.dtype)
    plane[...] = coef[:, None]
    return plane


def _scratch(x):
    """A flat buffer of x's dtype for the largest tile of x (`_view` shapes it)."""
    pre, c, post = x.shape
    row = c * post
    rows = max(1, TILE // (row * x.itemsize)) if row * x.itemsize <= TILE else 1
    return np.empty(min(pre, rows) * row, x.dtype)


def _view(scratch, like):
    return scratch[:like.size].reshape(like.shape)


def _tile_sum(a, ones):
    """sum(a) per channel of a (rows, channels, after) tile: BLAS's matrix-vector product
    with `ones` (length after), 2x faster than einsum; einsum for short lines and strided
    tiles (a broadcast head gradient: matmul copies those first)."""
    if a.shape[2] < 16 or not a.flags.c_contiguous:
        return np.einsum("ncx->c", a)
    return np.matmul(a, ones).sum(axis=0)


def _tile_dot(a, b):
    """sum(a * b) per channel of two (rows, channels, after) tiles: matmul runs BLAS's dot on
    each (row, channel) line, 2-3x faster than einsum; einsum for short lines and strided
    tiles."""
    if a.shape[2] < 16 or not (a.flags.c_contiguous and b.flags.c_contiguous):
        return np.einsum("ncx,ncx->c", a, b)
    return np.matmul(a[..., None, :], b[..., :, None])[..., 0, 0].sum(axis=0)


def _one_pass(x, y):
    """(sum y, sum x * y) per channel, each tile of x and y read once."""
    ones = np.ones(x.shape[2], x.dtype) if x.shape[2] >= 16 else None
    if x.nbytes <= TILE:                                 # one tile: no accumulators
        return _tile_sum(y, ones), _tile_dot(x, y)
    total, dot = np.zeros(x.shape[1], x.dtype), np.zeros(x.shape[1], x.dtype)
    for chans, rows in _tiles(x.shape, x.itemsize):
        y_tile = y[rows, chans]
        total[chans] += _tile_sum(y_tile, ones)
        dot[chans] += _tile_dot(x[rows, chans], y_tile)
    return total, dot


def _centred_squares_tiled(x, mean):
    """sum((x - mean)**2) per channel, x - mean a tile at a time in a scratch tile."""
    centre = _plane(mean, x.shape[2])
    scratch = _scratch(x)
    total = np.zeros(x.shape[1], x.dtype)
    for chans, rows in _tiles(x.shape, x.itemsize):
        tile = x[rows, chans]
        centred = _view(scratch, tile)
        np.subtract(tile, centre[chans], out=centred)
        total[chans] += _tile_dot(centred, centred)
    return total


def batch_stats_tiled(x):
    """batch_stats on numpy in one pass, and whether the data is near_zero: the sums of x and
    x**2 (BLAS, each tile read once), var = mean(x**2) - mean**2. Its rounding error grows
    with mean**2 / var (float32, 100k values a channel, against float64: 3e-7 relative at 0,
    4e-7 at 1, 7e-6 at 16, 3e-4 at 900; the two-pass variance stays at 2-3e-7), so beyond
    ONE_PASS_STATS on any channel, and on NaN, it is computed again over x - mean
    (`_centred_squares_tiled`, 1.8 ms against 1.4 on (32, 64, 56, 56) float32). A constant
    channel has var 0 < mean**2 unless it is all zeros, so it takes the two-pass variance,
    exactly 0 as in batch_stats. One value a channel and row (after 1): norm_batch_rows."""
    if x.shape[2] == 1:
        return by_rows.batch_stats_rows(x[:, :, 0])
    m = x.shape[0] * x.shape[2]
    total, squares = _one_pass(x, x)
    mean = total / m
    var = squares / m - mean * mean
    if float((mean * mean - ONE_PASS_STATS * var).max()) <= 0:      # NaN: not
        return mean, var, ONE_PASS_STATS <= NEAR_ZERO
    var = _centred_squares_tiled(x, mean) / m
    return mean, var, near_zero(np, x, mean, var)


def normalize_tiled(x, mean, scale, beta, out):
    """normalize on numpy as x * scale + (beta - mean * scale): two operations a tile, the
    second while the tile is in cache (after 1: norm_batch_rows)."""
    post = x.shape[2]
    if post == 1:
        return by_rows.normalize_rows(x[:, :, 0], mean, scale, beta, out[:, :, 0])
    shift = _plane(beta - mean * scale, post)
    scale = _plane(scale, post)
    for chans, rows in _tiles(x.shape, x.itemsize):
        block = out[rows, chans]
        np.multiply(x[rows, chans], scale[chans], out=block)
        block += shift[chans]


def grad_sums_tiled(x, g, mean):
    """grad_sums on numpy in one pass: sum(g) and sum(g * x) (BLAS, each tile of x and g read
    once), sum(g * (x - mean)) = sum(g * x) - mean * sum(g). The difference's rounding,
    relative to the gradient's scale, is 2e-9 at mean 0 and 9e-9 at |mean| = 4 std (float32
    against float64), where forming x - mean gives 2-3e-9. After 1: norm_batch_rows."""
    if x.shape[2] == 1:
        return by_rows.grad_sums_rows(x[:, :, 0], g[:, :, 0], mean)
    sum_g, sum_gx = _one_pass(x, g)
    return sum_g, sum_gx - mean * sum_g


def grad_data_tiled(x, g, mean, a, b, c, out):
    """grad_data on numpy as a * g + b * x + (c - b * mean): b * x in a scratch tile, the
    terms added while it is in cache (four operations a tile; after 1: norm_batch_rows)."""
    post = x.shape[2]
    if post == 1:
        return by_rows.grad_data_rows(x[:, :, 0], g[:, :, 0], mean, a, b, c, out[:, :, 0])
    c = _plane(c - b * mean, post)
    a, b = _plane(a, post), _plane(b, post)
    scratch = _scratch(x)
    for chans, rows in _tiles(x.shape, x.itemsize):
        block, tile = out[rows, chans], x[rows, chans]
        term = _view(scratch, tile)
        np.multiply(g[rows, chans], a[chans], out=block)
        np.multiply(tile, b[chans], out=term)
        block += term
        block += c[chans]
