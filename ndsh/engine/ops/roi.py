"""Region-of-interest pooling (Fast / Mask R-CNN): ROIPooling (max over quantised bins) and
nd.contrib.ROIAlign (bilinear samples averaged per bin), with their gradients to the feature
map, as MXNet 1.9.1's CPU kernels compute them. The rois get a zero gradient, as in MXNet.

ROIPooling gathers every bin of every roi at once (a bin padded to the largest bin by
repeating its last row and column, which leaves the first maximum where it was); ROIAlign
loops over the sample points of a bin only, each step over every roi, channel and bin.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import backend
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import IndexError, TypeError, ValueError

_FLT_MAX = np.float32(np.finfo(np.float32).max)


def _zero(*args, **kwargs):
    """The rois' gradient: zero, as MXNet writes it."""
    return None


def _params(op_name, data, rois, pooled_size, spatial_scale):
    """Checked (pooled height, pooled width) and spatial scale, as MXNet checks them."""
    if pooled_size is None or spatial_scale is None:
        missing = "pooled_size" if pooled_size is None else "spatial_scale"
        raise ValueError(f"{op_name}: {missing} is required, e.g. pooled_size=(2, 2), "
                         f"spatial_scale=1.0")
    size = (pooled_size,) if np.ndim(pooled_size) == 0 else tuple(pooled_size)
    if len(size) != 2 or any(int(s) != s or s < 1 for s in size):
        raise ValueError(f"{op_name}: pooled_size must be (height, width), two positive ints, "
                         f"not {pooled_size!r}")
    if not 0 <= spatial_scale <= 1:
        raise ValueError(f"{op_name}: spatial_scale must be in [0, 1] (the feature map's size "
                         f"over the image's), not {spatial_scale}")
    if data.ndim != 4 or rois.ndim != 2 or rois.shape[1] != 5:
        raise ValueError(f"{op_name}: data must be a 4-D feature map (batch, channel, h, w) and "
                         f"rois (n, 5) rows [batch_index, x1, y1, x2, y2]; got data "
                         f"{data.shape} and rois {rois.shape}")
    if data.dtype.kind != "f":
        raise TypeError(f"{op_name}: data and rois must be float16, float32 or float64 (MXNet "
                        f"refuses the others too), and are {data.dtype.name}")
    return (int(size[0]), int(size[1])), np.float32(spatial_scale)


def _as_int(xp, values):
    """Floats to int64 as C's cast truncates them (NaN and huge values clipped first)."""
    values = values.astype(np.float64)
    values = xp.where(xp.isnan(values), -1, values)
    return xp.trunc(xp.clip(values, -2.0 ** 40, 2.0 ** 40)).astype(np.int64)


def _round_half_away(xp, values):
    """std::round: halves away from zero (numpy rounds them to even)."""
    whole = xp.trunc(values)
    return whole + xp.where(xp.abs(values - whole) >= 0.5, xp.sign(values), 0)


def _bins(xp, start, size, pooled, limit, dtype):
    """(first, end) of each bin (rois, pooled) of rois starting at `start` and `size` cells
    long, clipped to [0, limit], as ROIPooling computes them in the data's dtype."""
    step = size.astype(dtype) / dtype.type(pooled)
    first = xp.floor(xp.arange(pooled, dtype=dtype)[None, :] * step[:, None])
    end = xp.ceil(xp.arange(1, pooled + 1, dtype=dtype)[None, :] * step[:, None])
    first = xp.clip(_as_int(xp, first) + start[:, None], 0, limit)
    end = xp.clip(_as_int(xp, end) + start[:, None], 0, limit)
    return first, end


def _roi_pool(xp, data, rois, pooled_size, spatial_scale):
    """(output, flat index of each output's maximum in data or -1)."""
    (ph, pw), scale = _params("ROIPooling", data, rois, pooled_size, spatial_scale)
    batches, channels, height, width = data.shape
    count = rois.shape[0]
    # MXNet multiplies in float (half_t * float), or double for double data
    wide = np.float64 if data.dtype == np.float64 else np.float32
    corners = _as_int(xp, _round_half_away(xp, rois[:, 1:5].astype(wide) * wide(scale)))
    batch = _as_int(xp, rois[:, 0])
    invalid = (batch < 0) | (batch >= batches)
    roi_h = xp.maximum(corners[:, 3] - corners[:, 1] + 1, 1)
    roi_w = xp.maximum(corners[:, 2] - corners[:, 0] + 1, 1)
    hstart, hend = _bins(xp, corners[:, 1], roi_h, ph, height, data.dtype)
    wstart, wend = _bins(xp, corners[:, 0], roi_w, pw, width, data.dtype)
    dead = ((hend <= hstart)[:, :, None] | (wend <= wstart)[:, None, :]
            | invalid[:, None, None])[:, None]
    kh = max(1, int((hend - hstart).max())) if count else 1
    kw = max(1, int((wend - wstart).max())) if count else 1
    rows = xp.clip(xp.minimum(hstart[..., None] + xp.arange(kh), hend[..., None] - 1), 0,
                   max(height - 1, 0))
    cols = xp.clip(xp.minimum(wstart[..., None] + xp.arange(kw), wend[..., None] - 1), 0,
                   max(width - 1, 0))
    # every bin's cells at once, each a vector of the channels (channel-last gathers)
    image = xp.where(invalid, 0, batch)[:, None, None, None, None]
    values = channels_last(xp, data)[image, rows[:, :, None, :, None], cols[:, None, :, None, :]]
    values = values.reshape((count, ph, pw, kh * kw, channels))
    values = xp.where(xp.isnan(values), -np.inf, values)
    best = values.argmax(axis=3)[:, :, :, None]                  # the first maximum
    top = xp.take_along_axis(values, best, axis=3)[:, :, :, 0]
    with np.errstate(over="ignore"):
        start = np.array(-_FLT_MAX).astype(data.dtype)[()]  # the kernel's first "maximum"
    found = xp.moveaxis(top > start, 3, 1)
    top = xp.moveaxis(top, 3, 1)
    out = xp.where(dead, data.dtype.type(0), xp.where(found, top, start))
    cell = (rows[:, :, None, :, None] * width + cols[:, None, :, None, :]).reshape(
        (count, ph, pw, kh * kw, 1))
    cell = xp.moveaxis(xp.take_along_axis(cell, best, axis=3)[:, :, :, 0], 3, 1)
    first = (xp.where(invalid, 0, batch)[:, None] * channels + xp.arange(channels)) * (
        height * width)
    where = xp.where(dead | ~found, -1, first[:, :, None, None] + cell)
    return xp.ascontiguousarray(out).astype(data.dtype), where


def channels_last(xp, data):
    """(N, C, H, W) -> (N, H, W, C): a gather of cells then copies whole channel vectors."""
    return xp.ascontiguousarray(xp.moveaxis(data, 1, 3))


def _roi_pooling_vjp(xp, g, ans, data, rois, pooled_size=None, spatial_scale=None):
    _, where = _roi_pool(xp, data, rois, pooled_size, spatial_scale)
    grad = xp.zeros(data.size, dtype=g.dtype)
    found = where >= 0
    backend.scatter_add(xp, grad, where[found], g[found])
    return grad.reshape(data.shape)


@op(nin=2, vjp=(_roi_pooling_vjp, _zero))
def ROIPooling(xp, data, rois, pooled_size=None, spatial_scale=None):
    """Max pooling of each region of interest to a fixed (h, w) grid (Fast R-CNN).

    Each roi [batch_index, x1, y1, x2, y2] is scaled by spatial_scale and rounded (halves
    away from zero) to cells of the feature map, split into pooled_size bins (bin edges
    floored and ceiled), and each bin's maximum taken: the result is (n, channel, h, w).
    An empty bin, or a batch index outside the batch, gives 0. The gradient goes to each
    bin's first maximum (row by row); the rois get a zero gradient. MXNet's npx names it
    roi_pooling.

    Parameters:
        data: the feature map, (batch, channel, height, width), float.
        rois: the regions, (n, 5) rows [batch_index, x1, y1, x2, y2], data's dtype.
        pooled_size: (h, w), the bins per roi.
        spatial_scale: the feature map's size over the image's (1 / the total stride).

    Example:
        >>> x = nd.arange(16).reshape((1, 1, 4, 4))
        >>> rois = nd.array([[0, 0, 0, 20, 20], [0, 0, 10, 30, 30]])
        >>> nd.ROIPooling(x, rois, pooled_size=(2, 2), spatial_scale=0.1)
        <BLANKLINE>
        [[[[ 5.  6.]
           [ 9. 10.]]]
        <BLANKLINE>
        <BLANKLINE>
         [[[ 9. 11.]
           [13. 15.]]]]
        <NDArray 2x1x2x2 @cpu(0)>
    """
    return _roi_pool(xp, data, rois, pooled_size, spatial_scale)[0]


def _axis_samples(xp, start, bin_size, grid, pooled, limit, dtype):
    """Along one axis, every sample of every bin, (rois, pooled, samples): (low, high, low
    weight, high weight, outside), MXNet's bilinear_interpolate on that axis."""
    t = dtype.type
    steps = xp.arange(int(grid.max()) if grid.size else 0, dtype=dtype) + t(0.5)
    at = ((start[:, None] + xp.arange(pooled, dtype=dtype)[None, :] * bin_size[:, None])[..., None]
          + steps * bin_size[:, None, None] / grid.astype(dtype)[:, None, None])
    outside = (at < -1) | (at > limit)
    at = xp.where(at <= 0, t(0), at)
    low = _as_int(xp, at)
    edge = low >= limit - 1
    low = xp.where(edge, limit - 1, low)
    high = xp.where(edge, limit - 1, low + 1)
    at = xp.where(edge, low.astype(dtype), at)
    frac = at - low.astype(dtype)
    return low, high, t(1) - frac, frac, outside


class _AlignPlan:
    """ROIAlign's sample points, as MXNet's kernel computes them in the data's dtype: per
    axis the bilinear corners and weights of every sample of every bin (y: (rois, ph, sy),
    x: (rois, pw, sx)), which samples each roi takes, its sample count, its image, and the
    rois skipped (negative index)."""

    def __init__(self, xp, data, rois, pooled_size, spatial_scale, sample_ratio,
                 position_sensitive, aligned):
        (ph, pw), scale = _params("ROIAlign", data, rois, pooled_size, spatial_scale)
        batches, channels, height, width = data.shape
        if position_sensitive and channels % (ph * pw):
            raise ValueError(f"ROIAlign: position_sensitive needs data's channels ({channels}) "
                             f"to be a multiple of pooled_size {ph}x{pw}")
        out_channels = channels // (ph * pw) if position_sensitive else channels
        t = data.dtype.type
        batch = _as_int(xp, rois[:, 0])
        self.skip = batch < 0
        if bool((batch >= batches).any()):
            raise IndexError(f"ROIAlign: a roi's batch index {int(batch.max())} is outside "
                             f"data's batch of {batches} (data {data.shape}, rois {rois.shape})")
        corner = rois[:, 1:5] * t(scale) - (t(0.5) if aligned else t(0))
        size_w, size_h = corner[:, 2] - corner[:, 0], corner[:, 3] - corner[:, 1]
        if aligned and bool(((size_w <= 0) | (size_h <= 0))[~self.skip].any()):
            raise ValueError(f"ROIAlign: with aligned=True each roi needs x2 > x1 and y2 > y1 "
                             f"(MXNet aborts); rois {rois.shape}")
        if not aligned:
            size_w, size_h = xp.maximum(size_w, t(1)), xp.maximum(size_h, t(1))
        if sample_ratio > 0:
            grid_h = grid_w = xp.full(rois.shape[0], int(sample_ratio), dtype=np.int64)
        else:
            grid_h = _as_int(xp, xp.ceil(size_h / t(ph)))
            grid_w = _as_int(xp, xp.ceil(size_w / t(pw)))
        self.y = _axis_samples(xp, corner[:, 1], size_h / t(ph), grid_h, ph, height, data.dtype)
        self.x = _axis_samples(xp, corner[:, 0], size_w / t(pw), grid_w, pw, width, data.dtype)
        self.used_y = xp.arange(self.y[0].shape[2])[None, :] < grid_h[:, None]
        self.used_x = xp.arange(self.x[0].shape[2])[None, :] < grid_w[:, None]
        self.image = xp.where(self.skip, 0, batch)[:, None]
        self.bins = xp.arange(ph * pw)[None, :] if position_sensitive else None
        self.count = (grid_h * grid_w).astype(data.dtype)
        self.shape = (rois.shape[0], out_channels, ph, pw)
        self.width = width

    def corners(self, xp, y, x, dtype):
        """(place in the channel, weight) of the 4 corners, each broadcast over the bins;
        y and x index the samples' arrays (a step, or all of them), 0 where outside."""
        ys, xs = [a[y] for a in self.y], [a[x] for a in self.x]
        outside = _outer(ys[4], xs[4], xp.logical_or)
        points = []
        for at_y, weight_y in ((ys[0], ys[2]), (ys[1], ys[3])):
            for at_x, weight_x in ((xs[0], xs[2]), (xs[1], xs[3])):
                place = _outer(at_y * self.width, at_x, xp.add)
                weight = _outer(weight_y, weight_x, xp.multiply)
                points.append((xp.where(outside, 0, place),
                               xp.where(outside, dtype.type(0), weight)))
        return points, outside


def _outer(a, b, combine):
    """(rois, ph[, sy]) with (rois, pw[, sx]) -> (rois, ph, pw[, sy, sx])."""
    if a.ndim == 2:
        return combine(a[:, :, None], b[:, None, :])
    return combine(a[:, :, None, :, None], b[:, None, :, None, :])


def _roi_align(xp, data, rois, pooled_size, spatial_scale, sample_ratio, position_sensitive,
               aligned):
    plan = _AlignPlan(xp, data, rois, pooled_size, spatial_scale, sample_ratio,
                      position_sensitive, aligned)
    rois_n, out_channels, ph, pw = plan.shape
    table = _table(xp, data, plan)
    zero = data.dtype.type(0)
    total = xp.zeros((rois_n, ph * pw, out_channels), dtype=data.dtype)
    every = slice(None)
    for iy in range(plan.y[0].shape[2]):        # summed in the kernel's order
        for ix in range(plan.x[0].shape[2]):
            points, _ = plan.corners(xp, (every, every, iy), (every, every, ix), data.dtype)
            term = None
            for place, weight in points:
                place = place.reshape((rois_n, ph * pw))
                cells = (table[plan.image, place] if plan.bins is None
                         else table[plan.image, place, :, plan.bins])
                value = weight.reshape((rois_n, ph * pw, 1)) * cells
                term = value if term is None else term + value
            used = (plan.used_y[:, iy] & plan.used_x[:, ix] & ~plan.skip)[:, None, None]
            total = total + xp.where(used, term, zero)
    out = total / plan.count[:, None, None]
    out = xp.where(plan.skip[:, None, None], zero, out).astype(data.dtype)
    return xp.ascontiguousarray(xp.moveaxis(out.reshape((rois_n, ph, pw, out_channels)), 3, 1))


def _table(xp, data, plan):
    """data as rows of channel vectors, (N, H * W, C), or (N, H * W, C / bins, bins) when
    position-sensitive (bin k of output channel c reads input channel c * bins + k)."""
    n, channels, height, width = data.shape
    table = channels_last(xp, data).reshape((n, height * width, channels))
    if plan.bins is not None:
        table = table.reshape((n, height * width, channels // plan.bins.size, plan.bins.size))
    return table


_CHUNK = 1 << 22      # scatter entries per step of ROIAlign's backward


def _roi_align_vjp(xp, g, ans, data, rois, pooled_size=None, spatial_scale=None,
                   sample_ratio=-1, position_sensitive=False, aligned=False):
    """Each bin's gradient over its samples' 4 corners, added in the kernel's order (for each
    channel: roi, bin, sample, corner), a block of rois at a time."""
    plan = _AlignPlan(xp, data, rois, pooled_size, spatial_scale, sample_ratio,
                      position_sensitive, aligned)
    rois_n, out_channels, ph, pw = plan.shape
    n, channels, height, width = data.shape
    grad = xp.zeros((n, height * width, channels), dtype=g.dtype)
    if plan.bins is not None:
        grad = grad.reshape((n, height * width, channels // plan.bins.size, plan.bins.size))
    every = slice(None)
    points, outside = plan.corners(xp, (every,), (every,), data.dtype)
    place = xp.stack([p for p, _ in points], axis=-1)             # (rois, ph, pw, sy, sx, 4)
    weight = xp.stack([w for _, w in points], axis=-1)
    used = plan.used_y[:, :, None] & plan.used_x[:, None, :] & ~plan.skip[:, None, None]
    keep = xp.broadcast_to(used[:, None, None, :, :, None] & ~outside[..., None], place.shape)
    head = xp.moveaxis(g, 1, 3)[:, :, :, None, None, None, :]     # (rois, ph, pw, .., C)
    count = plan.count[:, None, None, None, None, None, None]
    image = xp.broadcast_to(plan.image[:, :, None, None, None, None], place.shape)
    bins = None if plan.bins is None else xp.broadcast_to(
        plan.bins.reshape((1, ph, pw, 1, 1, 1)), place.shape)
    step = max(1, _CHUNK // max(1, place[0].size * out_channels))
    for start in range(0, rois_n, step):
        block = slice(start, start + step)
        mask = keep[block]
        values = (head[block] * weight[block][..., None] / count[block])[mask]
        index = (image[block][mask], place[block][mask])
        if bins is not None:
            index = index + (slice(None), bins[block][mask])
        backend.scatter_add(xp, grad, index, values)
    grad = grad.reshape((data.shape[0], data.shape[2], data.shape[3], data.shape[1]))
    return xp.ascontiguousarray(xp.moveaxis(grad, 3, 1))


@op(nin=2, namespace="nd.contrib", vjp=(_roi_align_vjp, _zero),
    departs="A roi with a negative batch index gives zeros (MXNet zeroes one element and "
    "leaves the rest unwritten); a batch index past the batch is an IndexError (MXNet reads "
    "past data); aligned=True with an empty roi is a ValueError (MXNet aborts).")
def ROIAlign(xp, data, rois, pooled_size=None, spatial_scale=None, sample_ratio=-1,
             position_sensitive=False, aligned=False):
    """Each region of interest resampled to a fixed (h, w) grid by bilinear interpolation
    (Mask R-CNN): no rounding of the roi or its bins.

    Each roi [batch_index, x1, y1, x2, y2] is scaled by spatial_scale and split into
    pooled_size bins; each bin averages sample_ratio x sample_ratio bilinear samples
    (ceil(bin size) per axis by default). A sample more than one cell outside the map
    counts as 0. Without aligned, a roi is at least 1 x 1. The gradient spreads each bin's
    over its samples' four neighbours; the rois get a zero gradient.

    Parameters:
        data: the feature map, (batch, channel, height, width), float.
        rois: the regions, (n, 5) rows [batch_index, x1, y1, x2, y2], data's dtype.
        pooled_size: (h, w), the bins per roi.
        spatial_scale: the feature map's size over the image's (1 / the total stride).
        sample_ratio: samples per bin along each axis; -1 for ceil(bin size).
        position_sensitive: bin (i, j) of output channel c reads input channel
            (c * h + i) * w + j (R-FCN's position-sensitive pooling).
        aligned: shift the roi by half a cell (Detectron2's pixel model).

    Example:
        >>> x = nd.arange(16).reshape((1, 1, 4, 4))
        >>> nd.contrib.ROIAlign(x, nd.array([[0, 0, 0, 2, 2]]), pooled_size=(2, 2),
        ...                     spatial_scale=1.0)
        <BLANKLINE>
        [[[[2.5 3.5]
           [6.5 7.5]]]]
        <NDArray 1x1x2x2 @cpu(0)>
    """
    return _roi_align(xp, data, rois, pooled_size, spatial_scale, sample_ratio,
                      position_sensitive, aligned)
