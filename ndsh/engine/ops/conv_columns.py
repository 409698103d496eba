"""im2col and col2im for convolution's matrix products, a chunk of the batch at a time, made
the cheapest way (ops/conv_kernels.py multiplies them):

- direct: a 1x1 kernel with stride 1 and no padding: the columns are the data itself.
- window: a sliding-window view of the padded image, subsampled by stride and dilation, copied
  in one go; col2im is one strided add per kernel point.
- strip (im2col with stride 1, few channels: LeNet's): on the same flattened image, kernel
  point j's row of a channel is one contiguous strip, copied whole; the product is taken on
  the grid (the output's rows at the padded image's width) and cropped.
- flat (col2im with stride 1, when it costs little extra): the padded image flattened per
  channel. Kernel point j's rows touch it shifted by a fixed offset, so with the rows ordered
  kernel point first, col2im adds each point's rows (all channels of a group at once) as one
  contiguous shifted slice. The product is taken on every position of the flattened image and
  the kernel's reach past it; the output gradient is zero at the positions that are no output.

Never a loop over the batch's samples, the channels or the pixels: the loops are over chunks
(bounded by WORKSPACE bytes of columns, like MXNet's `workspace`) and over kernel points.
"""
from __future__ import annotations

import itertools
import math

WORKSPACE = 4 << 20        # bytes of columns made at once
STRIP_WASTE = 1.5          # the longest grid, relative to the output, worth strip columns
CACHE = 4 << 20            # bytes of running sums kept at once by the implicit forward


def output_shape(spatial, kernel, stride, dilate, pad) -> tuple:
    """The output's spatial shape: (size + 2 * pad - dilate * (kernel - 1) - 1) // stride + 1."""
    return tuple((size + 2 * p - d * (k - 1) - 1) // s + 1
                 for size, k, s, d, p in zip(spatial, kernel, stride, dilate, pad))


def padded(xp, data, pad):
    if not any(pad):
        return data
    return xp.pad(data, ((0, 0), (0, 0)) + tuple((p, p) for p in pad))


def windows(xp, data, kernel, stride, dilate, pad):
    """A view (N, C, *kernel, *out) of the zero-padded data: element [n, c, *j, *o] is the
    pixel at kernel point j of output position o's window."""
    n = len(kernel)
    reach = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilate))
    view = xp.lib.stride_tricks.sliding_window_view(padded(xp, data, pad), reach,
                                                    axis=tuple(range(2, 2 + n)))
    view = view[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in stride)
                + tuple(slice(None, None, d) for d in dilate)]
    return xp.transpose(view, (0, 1) + tuple(range(2 + n, 2 + 2 * n)) + tuple(range(2, 2 + n)))


def offset_slices(offset, stride, dilate, out) -> tuple:
    """The strided slice of the padded image that kernel point `offset` reads for every
    output position."""
    return (slice(None), slice(None)) + tuple(
        slice(j * d, j * d + s * (o - 1) + 1, s) for j, d, s, o in zip(offset, dilate, stride, out))


def kernel_points(kernel):
    return itertools.product(*(range(k) for k in kernel))


class Columns:
    """The columns of one convolution's data (batch, channels, *spatial), by chunks of the
    batch: (size, groups, channels / groups * kernel points, length) each."""

    def __init__(self, xp, data_shape, kernel, stride, dilate, pad, groups, dtype, fold=False,
                 implicit=False, strips=False):
        self.xp, self.kernel, self.stride, self.dilate, self.pad = xp, kernel, stride, dilate, pad
        self.batch, self.channels = data_shape[:2]
        self.spatial, self.groups, self.dtype = data_shape[2:], groups, dtype
        self.out = output_shape(self.spatial, kernel, stride, dilate, pad)
        self.positions = math.prod(self.out)
        self.rows = self.channels // groups * math.prod(kernel)
        self.padded = tuple(s + 2 * p for s, p in zip(self.spatial, pad))
        self.length, self.mode = self.positions, "window"
        if all(s == 1 for s in stride):
            steps = self._steps()
            self.reach = sum(d * (k - 1) * s for k, d, s in zip(kernel, dilate, steps))
            # one channel's flat image: the padded image, then the kernel's reach past the
            # last output row
            span = math.prod(self.padded) + self.reach - dilate[0] * (kernel[0] - 1) * steps[0]
            grid = self.out[0] * math.prod(self.padded[1:])
            if all(k == 1 for k in kernel) and not any(pad):
                self.mode = "direct"
            elif fold and span <= 1.25 * self.positions:    # few extra positions to multiply
                self.mode, self.length = "flat", span
            elif implicit and self.channels // groups >= 16 and grid <= 1.25 * self.positions:
                self.mode, self.length = "implicit", grid
            elif strips and grid <= STRIP_WASTE * self.positions:
                self.mode, self.length = "strip", grid
        per_sample = self.channels * math.prod(kernel) * self.length * dtype.itemsize
        self.step = max(1, min(self.batch, WORKSPACE // max(1, per_sample)))
        self._buffer = self._grid = self._memory = None

    @property
    def gridded(self) -> bool:
        """Whether products are taken on a grid longer than the output (flat, implicit)."""
        return self.length != self.positions

    def chunks(self):
        for start in range(0, self.batch, self.step):
            yield start, min(self.step, self.batch - start)

    # ----- im2col ----------------------------------------------------------------------
    def read(self, data) -> None:
        """Make the view the columns are copied from (modes direct, window and strip)."""
        if self.mode == "strip":
            self._view = data
        elif self.mode == "direct":
            self._view = data.reshape(self.batch, self.groups, self.rows, self.positions)
        else:
            self._view = windows(self.xp, data, self.kernel, self.stride, self.dilate, self.pad)

    def columns(self, start, size):
        if self.mode == "direct":
            return self._view[start:start + size]
        if self.mode == "strip":
            return self._strips(start, size)
        if self._buffer is None:
            self._buffer = self.xp.empty((self.step,) + self._view.shape[1:], dtype=self.dtype)
        columns = self._buffer[:size]
        columns[...] = self._view[start:start + size]
        return columns.reshape(size, self.groups, self.rows, self.length)

    def _strips(self, start, size):
        """A chunk's columns on the grid: kernel point j's row of channel c is the strip
        flat[n, c, shift(j):shift(j) + length] of the flat image, so the copy runs over whole
        strips (a window view's rows are only as long as the output's last axis: LeNet's 10)."""
        xp = self.xp
        self._memory, flat = self.flat_image(self._view[start:start + size], self._memory)
        item = flat.itemsize
        steps = self._steps()
        view = xp.lib.stride_tricks.as_strided(
            flat, (size, self.channels) + self.kernel + (self.length,),
            flat.strides[:2] + tuple(d * s * item for d, s in zip(self.dilate, steps)) + (item,))
        if self._buffer is None:
            self._buffer = xp.empty((self.step,) + view.shape[1:], dtype=self.dtype)
        columns = self._buffer[:size]
        columns[...] = view
        return columns.reshape(size, self.groups, self.rows, self.length)

    # ----- the weights in the columns' row order ----------------------------------------
    def weight_rows(self, weight):
        """The weights (F, C / groups, *kernel) as (groups, F / groups, rows)."""
        filters = weight.shape[0]
        if self.mode != "flat":
            return weight.reshape(self.groups, filters // self.groups, self.rows)
        by_point = weight.reshape(self.groups, filters // self.groups, weight.shape[1], -1)
        return self.xp.swapaxes(by_point, 2, 3).reshape(self.groups, filters // self.groups,
                                                        self.rows)

    # ----- outputs and their gradients on the grid -------------------------------------
    def to_grid(self, g):
        """A chunk of an output-shaped array (size, F, *out) on the columns' positions."""
        size, filters = g.shape[:2]
        if not self.gridded:
            return g.reshape(size, filters, self.length)
        if self._grid is None or self._grid.shape[1] != filters:
            self._grid = self.xp.zeros((self.step, filters, self.length), dtype=self.dtype)
        grid = self._grid[:size]
        self._output_view(grid)[...] = g        # the positions past the output stay zero
        return grid

    def from_grid(self, grid, target) -> None:
        """Write products on the grid (size, F, length) into the output chunk `target`."""
        target[...] = self._output_view(grid) if self.gridded else grid.reshape(target.shape)

    def _output_view(self, grid):
        size, filters = grid.shape[:2]
        full = grid[:, :, :self.out[0] * math.prod(self.padded[1:])].reshape(
            (size, filters, self.out[0]) + self.padded[1:])
        return full[(slice(None), slice(None), slice(None))
                    + tuple(slice(0, o) for o in self.out[1:])]

    # ----- col2im ----------------------------------------------------------------------
    def start_fold(self) -> None:
        xp, shape = self.xp, (self.batch, self.channels)
        if self.mode == "direct":
            self._fold = xp.empty(shape + self.spatial, dtype=self.dtype)
        elif self.mode == "window":
            self._fold = xp.zeros(shape + self.padded, dtype=self.dtype)
        else:
            self._fold = xp.zeros(shape + (self.length,), dtype=self.dtype)

    def fold(self, start, columns) -> None:
        """Add a chunk's columns (size, groups, rows, length) back into the image."""
        size = columns.shape[0]
        target = self._fold[start:start + size]
        if self.mode == "direct":
            target[...] = columns.reshape(target.shape)
        elif self.mode == "window":
            blocks = columns.reshape((size, self.channels) + self.kernel + self.out)
            for point in kernel_points(self.kernel):
                target[offset_slices(point, self.stride, self.dilate, self.out)] += \
                    blocks[(slice(None), slice(None)) + point]
        else:
            # a kernel point's rows are every channel of a group, one after the other: adding
            # them shifted runs each channel's last (zero) values into the next one's start
            per_group = self.channels // self.groups * self.length
            rows = columns.reshape(size, self.groups, -1, per_group)
            image = target.reshape(size, self.groups, per_group)
            for t, shift in enumerate(self.shifts()):
                image[:, :, shift:] += rows[:, :, t, :per_group - shift]

    def finish_fold(self):
        """The folded image: (batch, channels, *spatial)."""
        image = self._fold if self.mode != "flat" else self._image_view(self._fold)
        if self.mode == "direct" or not any(self.pad):
            return image
        inner = tuple(slice(p, p + s) for p, s in zip(self.pad, self.spatial))
        return image[(slice(None), slice(None)) + inner]

    # ----- the flat image --------------------------------------------------------------
    def flat_image(self, data, memory=None):
        """The data padded and flattened per channel (batch, channels, span), in memory that
        runs on for the kernel's reach, so that kernel point j's view of every output row is
        flat[..., shift(j):shift(j) + length]. `memory` (from an earlier call for at least as
        many samples) is reused: only the data's cells are written, the padding stays zero."""
        span = math.prod(self.padded) + self.reach - self.dilate[0] * (self.kernel[0] - 1) \
            * self._steps()[0]
        batch = data.shape[0]
        if memory is None:
            memory = self.xp.zeros(batch * self.channels * span + self.reach, dtype=self.dtype)
        flat = memory[:batch * self.channels * span].reshape(batch, self.channels, span)
        inner = (slice(None), slice(None)) + tuple(slice(p, p + s) for p, s
                                                   in zip(self.pad, self.spatial))
        self._image_view(flat)[inner] = data
        return memory, flat

    def shifts(self) -> list:
        """Each kernel point's offset in the flat image, in row-major order of the points."""
        steps = self._steps()
        return [sum(j * d * s for j, d, s in zip(point, self.dilate, steps))
                for point in kernel_points(self.kernel)]

    def _steps(self) -> tuple:
        """The row-major strides (in elements) of the padded image."""
        return tuple(math.prod(self.padded[a + 1:]) for a in range(len(self.padded)))

    def _image_view(self, flat):
        return flat[:, :, :math.prod(self.padded)].reshape(flat.shape[:2] + self.padded)
