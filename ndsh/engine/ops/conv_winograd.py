"""Winograd's minimal filtering F(2x2, 3x3) for 2-D 3x3 convolutions at stride 1 (Lavin &
Gray, "Fast Algorithms for Convolutional Neural Networks", 2015): each 2x2 block of the
output is A^T [(G w G^T) * (B^T d B)] A for the 4x4 tile d of the padded image that it reads,
so the products are 16 (F x C) @ (C x tiles) ones, one per point of the 4x4 tile: 16
multiplies per 2x2 block and channel pair instead of the direct product's 36, 2.25 x fewer.
The transforms' coefficients are 0, 1, -1 and 1/2, so the error stays close to the direct
product's (tests/engine/test_conv_winograd.py checks each function against float64).

The tiles are never copied out. The padded image is split into its four (row, column) parity
planes, each (th + 1) x (tw + 1) for th x tw tiles: tile (ty, tx)'s point (a, b) is plane
(a % 2, b % 2)'s pixel (ty + a // 2, tx + b // 2). With the planes flat (a chunk's samples and
channels one after the other), point (a, b) over every tile is then the plane shifted by
a // 2 rows and b // 2 columns, one contiguous slice of it: each transform step is one add of
two whole contiguous arrays (numpy's fastest loop; per-channel rows ran at half its speed), and
the shifts that run past a channel's plane land only on its last row and column, which are
junk (the product runs on the grid's th x (tw + 1) positions and the junk column is cropped).

Non-finite data (or g) returns None and the caller takes the direct paths: B^T d B makes
inf - inf = NaN where the direct product keeps inf. The forward checks its input planes; the
weight gradient its sums, which any inf or NaN in its inputs reaches. ops/conv_kernels.py picks
these (use()).

Tried and left out (one thread, ResNet 64 ch 56x56 b32): F(4x4, 3x3) (6x6 tiles, 4 x fewer
multiplies) ran the forward in 52.7 ms against 54.8 for this, its transforms costing most of
what its products save, with 16 x the error against float64 (4e-6 against 2.6e-7 of the
largest value); bands of the weight gradient's products (no gain: 73.0 -> 73.3 ms); two
samples a chunk or more (slower: the transforms leave the cache, WORKSPACE).
"""
from __future__ import annotations

import numpy as np

# bytes of transformed tiles (16 planes of channels x tiles) made at once: at least one
# sample's. Measured, one thread, 1 / 2 / 4 / 8 MB, forward and weight gradient (ms): 32 ch
# 32x32 b16 3.57 / 3.20 / 3.60 / 4.71 and 5.08 / 4.29 / 5.31 / 5.79; 64 ch 56x56 b32 (one
# sample is 3.4 MB) 61.1 / 60.1 / 62.9 / 67.2 and 63.4 / 63.2 / 63.5 / 66.9
WORKSPACE = 2 << 20

# G (4 x 3): the filter's transform, U = G w G^T
_G = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0.0, 0.0, 1.0]])


def use(channels, filters, kernel, stride, dilate, groups, out) -> bool:
    """2-D 3x3 kernels at stride 1 without dilation, one group, 32 channels and filters or
    more, outputs 28x28 or larger: the forward, the data gradient (a forward of g, channels
    and filters swapped) and the weight gradient. Measured, one thread, forward / data
    gradient / weight gradient against the paths they replace (ms): ResNet 64 ch 56x56 b32
    84.1 / 84.3 / 90.6 -> 54.6 / 54.5 / 60.6 (torch 68.1 / 70.9 / 78.4),
    128 ch 28x28 b32 78.7 / 78.5 / 81.7 -> 52.8 / 51.2 / 53.4, 256 ch 28x28 b4 38.0 / 38.3 /
    39.3 -> 23.0 / 24.9 / 24.5, 512 ch 28x28 b2 76.2 / 76.1 / 83.1 -> 49.5 / 50.8 / 49.7,
    32 ch 28x28 b8 1.68 / 1.67 / 1.92 -> 1.37 / 1.36 / 1.63; about even with 16 channels
    (16 ch 28x28 b16 0.96 / 0.91 / 0.89 -> 0.90 / 0.89 / 1.13) and slower on 20x20 outputs
    (the products' grid is short: 16 ch b64 1.97 -> 2.16 forward)."""
    return (len(kernel) == 2 and tuple(kernel) == (3, 3) and tuple(stride) == (1, 1)
            and tuple(dilate) == (1, 1) and groups == 1 and channels >= 32 and filters >= 32
            and out[0] >= 28 and out[1] >= 28)


def filter_transform(xp, weight):
    """U (16, F, C) = G w G^T for weight (F, C, 3, 3), in the weight's dtype: one product
    with G (x) G (numpy's einsum took 0.8 ms on 64 x 64 filters, this 0.1)."""
    filters, channels = weight.shape[:2]
    u = xp.matmul(weight.reshape(filters * channels, 9), _kron(xp, weight.dtype).T)
    return xp.ascontiguousarray(u.T).reshape(16, filters, channels)


def _kron(xp, dtype):
    """G (x) G (16 x 9): [(a, b), (r, s)] = G[a, r] G[b, s]."""
    return xp.asarray(np.kron(_G, _G), dtype=dtype)


def _finite(xp, array) -> bool:
    with np.errstate(over="ignore", invalid="ignore"):     # a float32 sum may overflow: fine
        return bool(xp.isfinite(xp.sum(array)))


class _Tiles:
    """The geometry and the buffers of one call: a chunk of `step` samples' parity planes,
    (2, 2, step, channels, rows, width) with rows = th + 1, width = tw + 1, and their
    transform V = B^T d B, (16, step, channels, rows * width) (a grid per point); with
    last=True channels last instead: (2, 2, step, rows, width, channels) and V (16, step,
    rows * width, channels), each shift then a whole pixel's channels long."""

    def __init__(self, xp, step, channels, spatial, pad, out, dtype, last=False):
        self.xp, self.channels, self.step, self.last = xp, channels, step, last
        self.th, self.tw = (out[0] + 1) // 2, (out[1] + 1) // 2
        self.rows, self.width = self.th + 1, self.tw + 1
        self.plane = self.rows * self.width
        self.length = self.th * self.width          # the grid the products run on
        shape = (self.rows, self.width, channels) if last else (channels, self.rows, self.width)
        self.buffer = xp.zeros((2, 2, step) + shape, dtype=dtype)
        # the shifted adds never write a plane's last row + 1 and last element: zeros there,
        # so the junk that the product multiplies by g's zeros (weight_gradient) is finite
        self.half = xp.zeros((4, 2, step * channels * self.plane), dtype=dtype)
        self.v = xp.zeros((16, step, channels * self.plane), dtype=dtype)
        self.pixel = channels if last else 1        # the flat distance of one column
        self.copies = []
        for rp in range(2):
            rs = _parity_slices(rp, pad[0], spatial[0], self.rows)
            for cp in range(2):
                cs = _parity_slices(cp, pad[1], spatial[1], self.width)
                if rs is not None and cs is not None:
                    self.copies.append((rp, cp, rs, cs))

    def transform(self, data, check=True):
        """V for the chunk data (n, C, H, W): (16, n, C * plane), or None if not finite
        (checked unless check=False)."""
        xp, n = self.xp, data.shape[0]
        for rp, cp, (ri, rd), (ci, cd) in self.copies:
            if self.last:
                self.buffer[rp, cp, :n, ri, ci] = data[:, :, rd, cd].transpose(0, 2, 3, 1)
            else:
                self.buffer[rp, cp, :n, :, ri, ci] = data[:, :, rd, cd]
        flat = self.buffer[:, :, :n].reshape(2, 2, -1)
        if check and not _finite(xp, flat):
            return None
        size = flat.shape[-1]
        w, c = self.width * self.pixel, self.pixel
        # B^T's rows: d0 - d2, d1 + d2, d2 - d1, d1 - d3; over the tile's rows (both column
        # parities in one call), then its columns (all four rows' results in one call)
        half = self.half[:, :, :size]
        span = size - w
        d0, d1, d2, d3 = flat[0, :, :span], flat[1, :, :span], flat[0, :, w:], flat[1, :, w:]
        xp.subtract(d0, d2, out=half[0, :, :span])
        xp.add(d1, d2, out=half[1, :, :span])
        xp.subtract(d2, d1, out=half[2, :, :span])
        xp.subtract(d1, d3, out=half[3, :, :span])
        v = self.v[:, :n].reshape(4, 4, size)
        span -= c
        e0, e1 = half[:, 0, :span], half[:, 1, :span]
        e2, e3 = half[:, 0, c:span + c], half[:, 1, c:span + c]
        xp.subtract(e0, e2, out=v[:, 0, :span])
        xp.add(e1, e2, out=v[:, 1, :span])
        xp.subtract(e2, e1, out=v[:, 2, :span])
        xp.subtract(e1, e3, out=v[:, 3, :span])
        return self.v[:, :n]

    def grid(self, v):
        """The forward product's operand: (16, n, C, length) views of V (channels first),
        rows of the planes' width."""
        return v.reshape(v.shape[:2] + (self.channels, self.plane))[..., :self.length]


def _parity_slices(parity, pad, size, count):
    """The plane rows (or columns) i whose padded index 2 i + parity falls inside the data,
    and the data's matching rows: (plane slice, data slice), or None when there are none."""
    first = (pad - parity + 1) // 2                   # the first i with 2 i + parity >= pad
    start = 2 * first + parity - pad
    last = min(count, (size - 1 - parity + pad) // 2 + 1)
    if start >= size or last <= first:
        return None
    return slice(first, last), slice(start, start + 2 * (last - first - 1) + 1, 2)


def _tiles(xp, batch, channels, filters, spatial, pad, out, dtype, last=False):
    """The _Tiles of a call, for as many samples at once as WORKSPACE holds (one or more)."""
    plane = ((out[0] + 1) // 2 + 1) * ((out[1] + 1) // 2 + 1)
    per_sample = 16 * max(channels, filters) * plane * np.dtype(dtype).itemsize
    step = max(1, min(batch, WORKSPACE // per_sample))
    return _Tiles(xp, step, channels, spatial, pad, out, dtype, last)


def forward(xp, data, weight, pad, out):
    """The cross-correlation of data (N, C, H, W) with weight (F, C, 3, 3) at stride 1 and
    pad, for output size out: (N, F, *out); None where the data is not finite."""
    batch, channels = data.shape[:2]
    filters = weight.shape[0]
    tiles = _tiles(xp, batch, channels, filters, data.shape[2:], pad, out, data.dtype)
    step = tiles.step
    u = filter_transform(xp, weight)[:, None]             # (16, 1, F, C)
    length, th, width = tiles.length, tiles.th, tiles.width
    m = xp.empty((16, step, filters, length), dtype=data.dtype)
    z = xp.empty((2, 4, step, filters, length), dtype=data.dtype)
    ends = xp.empty((2, 2, step, filters, length), dtype=data.dtype)
    y = xp.empty((2, 2, step, filters, length), dtype=data.dtype)
    result = xp.empty((batch, filters) + tuple(out), dtype=data.dtype)
    for start in range(0, batch, step):
        size = min(step, batch - start)
        v = tiles.transform(data[start:start + size])
        if v is None:
            return None
        mc = m[:, :size]
        _banded_product(xp, u, tiles.grid(v), mc)
        # A^T's rows: m0 + m1 + m2, m1 - m2 - m3; over the tile's rows (all four columns of
        # points in one add), then its columns, the last add written into the output
        mc = mc.reshape(4, 4, -1)
        zc = z[:, :, :size].reshape(2, 4, -1)
        xp.add(mc[0], mc[1], out=zc[0])
        zc[0] += mc[2]
        xp.subtract(mc[1], mc[2], out=zc[1])
        zc[1] -= mc[3]
        # the last add of each into a contiguous buffer, then copied into the output's
        # every other row and column (adding straight into those strided views: 60% slower)
        yc = y[:, :, :size].reshape(2, 2, -1)
        heads, tails = ends[0, :, :size].reshape(2, -1), ends[1, :, :size].reshape(2, -1)
        xp.add(zc[:, 0], zc[:, 1], out=heads)           # both rows of the block at once
        xp.subtract(zc[:, 1], zc[:, 2], out=tails)
        xp.add(heads, zc[:, 2], out=yc[:, 0])
        xp.subtract(tails, zc[:, 3], out=yc[:, 1])
        block = result[start:start + size]
        for i in range(2):
            for j in range(2):
                target = block[:, :, i::2, j::2]
                rows, cols = target.shape[2:]
                target[...] = yc[i, j].reshape(size, filters, th, width)[:, :, :rows, :cols]
    return result


# positions a forward product takes at once: ~200 keep both its operand (C x positions) and
# its result (F x positions) in L2; measured, one thread, 16 (64 x 64) @ (64 x 812) products
# a ResNet 64 ch 56x56 sample: 1.16 ms whole, 1.02 in 4 bands of 203, 1.00 in 7 of 116
BAND = 200


def _banded_product(xp, u, v, out):
    """out[...] = u @ v for u (16, 1, F, C) and v (16, n, C, L), the positions L split in
    bands of about BAND (views: the bands of v and of out are strided, which BLAS takes as
    they are), the few left over after the equal bands in one more product."""
    length = v.shape[-1]
    count = max(1, round(length / BAND))
    if count == 1 or xp is not np:            # the bands are for a CPU's caches
        xp.matmul(u, v, out=out)
        return
    band = length // count
    main = band * count

    def banded(a):
        # (.transpose, not xp.moveaxis: that one's Python takes 4 us a call)
        return a[..., :main].reshape(a.shape[:3] + (count, band)).transpose(0, 1, 3, 2, 4)
    xp.matmul(u[:, :, None], banded(v), out=banded(out))
    if main < length:
        xp.matmul(u, v[..., main:], out=out[..., main:])


def weight_gradient(xp, g, data, pad):
    """The weights' gradient (F, C, 3, 3) from g (N, F, oh, ow) and data (N, C, H, W) at
    stride 1 and pad: G^T [sum over tiles (A g A^T) * (B^T d B)] G, the forward's adjoint;
    None where g or the data is not finite (or the sums overflow). Each point's product is
    (F x tiles) @ (tiles x C) over the chunk's every tile at once, g's transform channels
    first and V channels last: OpenBLAS runs that 25% faster than with both channels first,
    (F x tiles) @ (C x tiles)^T (64 x 841 x 64: 38.4 against 48.6 ms for 512), for one
    transposing copy."""
    # no warning from here: inf or NaN in the inputs is found in the sums and then the direct
    # paths run, with their own warnings
    with np.errstate(all="ignore"):
        return _weight_gradient(xp, g, data, pad)


def _weight_gradient(xp, g, data, pad):
    batch, channels = data.shape[:2]
    filters = g.shape[1]
    tiles = _tiles(xp, batch, channels, filters, data.shape[2:], pad, g.shape[2:], data.dtype,
                   last=True)
    step, th, plane = tiles.step, tiles.th, tiles.plane
    # g's 2x2 blocks on the planes' grid: heads[i, j, f, n, ty, tx] = g[n, f, 2 ty + i,
    # 2 tx + j], zero past the output (the junk row and column, and for odd sizes the last
    # row or column), so the product over whole planes adds nothing from there
    # A g A^T over the tile's rows then its columns. A's rows: g0, g0 + g1, g0 - g1, -g1,
    # the last one's sign kept aside (applied to the sums at the end). by_row[a] is the tile
    # row a's two columns: g's rows 0 and 1 are by_row[0] and by_row[3] themselves
    by_row = xp.zeros((4, 2, filters, step, th + 1, tiles.width), dtype=g.dtype)
    heads = by_row[0::3]
    flat = by_row.reshape(4, 2, -1)
    cross = xp.empty((2, 4, flat.shape[-1]), dtype=g.dtype)    # column sums, differences
    total = xp.zeros((4, 4, filters, channels), dtype=g.dtype)
    for start in range(0, batch, step):
        size = min(step, batch - start)
        block = xp.swapaxes(g[start:start + size], 0, 1)
        for i in range(2):
            for j in range(2):
                part = block[:, :, i::2, j::2]
                heads[i, j, :, :size, :part.shape[2], :part.shape[3]] = part
        v = tiles.transform(data[start:start + size], check=False)
        xp.add(flat[0], flat[3], out=flat[1])
        xp.subtract(flat[0], flat[3], out=flat[2])
        xp.add(flat[:, 0], flat[:, 1], out=cross[0])
        xp.subtract(flat[:, 0], flat[:, 1], out=cross[1])
        vk = v.reshape(4, 4, size * plane, channels)
        for a in range(4):
            picks = (flat[a, 0], cross[0, a], cross[1, a], flat[a, 1])
            for b in range(4):
                left = picks[b].reshape(filters, step * plane)[:, :size * plane]
                total[a, b] += xp.matmul(left, vk[a, b])
    sign = np.array([1.0, 1.0, 1.0, -1.0])
    signed = _kron(xp, g.dtype) * xp.asarray(np.outer(sign, sign).reshape(16, 1), dtype=g.dtype)
    # G^T (sum) G as one product with G (x) G, the kept-aside signs folded into it
    # inf or NaN in the data or in g reaches the sums (every pixel is in some tile's
    # transform, and the products take every tile: 0 * inf is NaN too), so they are checked
    # here instead of the inputs (two sums over the whole of them: 2.7 ms on a ResNet layer)
    if not _finite(xp, total):
        return None
    result = xp.matmul(signed.T, total.reshape(16, filters * channels))
    return xp.ascontiguousarray(result.T).reshape(filters, channels, 3, 3)
