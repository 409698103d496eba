"""Rearranging arrays: moveaxis, depth_to_space / space_to_depth, split_v2, concatenate, pad,
khatri_rao, shape_array / size_array. Most are written over recorded ops (reshape, transpose,
slice_axis, concat), so their gradients come from those; pad has its own."""
from __future__ import annotations

import math

import numpy as np

from ndsh.engine import backend
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array


def _require_array(name, value, what="data"):
    if not isinstance(value, NDArray):
        raise TypeError(f"{name}: {what} must be an NDArray, not {type(value).__name__}")


def _axes(name, ndim, axes, what):
    axes = (axes,) if isinstance(axes, (int, np.integer)) else tuple(axes)
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError(f"{name}: {what} axis {a} is out of range for {ndim} dimensions")
    return tuple(int(a) % ndim for a in axes)


def moveaxis(tensor, source, destination):
    """The same values with axes moved: `source` axes (an int or a tuple) go to positions
    `destination`, the others keep their order (numpy's moveaxis).

    Parameters:
        tensor: the input array.
        source: the axes to move, an int or a tuple.
        destination: their positions in the result, in the same order.

    Example:
        >>> nd.moveaxis(nd.zeros((2, 3, 4)), 0, -1).shape
        (3, 4, 2)
    """
    from ndsh.engine.ops.shape import transpose
    _require_array("moveaxis", tensor, "tensor")
    src = _axes("moveaxis", tensor.ndim, source, "source")
    dst = _axes("moveaxis", tensor.ndim, destination, "destination")
    if len(src) != len(dst):
        raise ValueError(f"moveaxis: {len(src)} source axes but {len(dst)} destination axes; "
                         f"give as many of each")
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise ValueError("moveaxis: an axis is named twice")
    order = [a for a in range(tensor.ndim) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(tensor, axes=tuple(order))


op(kind="function")(moveaxis)


def _check_blocks(name, data, block_size):
    _require_array(name, data)
    if data.ndim != 4:
        raise ValueError(f"{name}: data must be 4-D (N, C, H, W), got shape {data.shape}")
    if not isinstance(block_size, (int, np.integer)) or block_size < 1:
        raise ValueError(f"{name}: block_size must be a positive int, got {block_size!r}")
    return int(block_size)


def depth_to_space(data, block_size):
    """Move blocks of channels into space: (N, C, H, W) -> (N, C/b², H*b, W*b) with b the
    block size (MXNet's DCR order). The inverse of space_to_depth.

    Parameters:
        block_size: b: each group of b*b channels becomes a b x b block.

    Example:
        >>> nd.depth_to_space(nd.arange(8).reshape((1, 4, 1, 2)), 2)
        <BLANKLINE>
        [[[[0. 2. 1. 3.]
           [4. 6. 5. 7.]]]]
        <NDArray 1x1x2x4 @cpu(0)>
    """
    from ndsh.engine.ops.shape import reshape, transpose
    b = _check_blocks("depth_to_space", data, block_size)
    n, c, h, w = data.shape
    if c % (b * b):
        raise ValueError(f"depth_to_space: {c} channels are not divisible by block_size² = "
                         f"{b * b} (shape {data.shape})")
    blocks = reshape(data, shape=(n, b, b, c // (b * b), h, w))
    return reshape(transpose(blocks, axes=(0, 3, 4, 1, 5, 2)),
                   shape=(n, c // (b * b), h * b, w * b))


op(kind="function", method=True)(depth_to_space)


def space_to_depth(data, block_size):
    """Move b x b blocks of space into channels: (N, C, H, W) -> (N, C*b², H/b, W/b). The
    inverse of depth_to_space.

    Parameters:
        block_size: b: each b x b block becomes b*b channels.

    Example:
        >>> nd.space_to_depth(nd.arange(8).reshape((1, 1, 2, 4)), 2)[0, :, 0, 1]
        <BLANKLINE>
        [2. 3. 6. 7.]
        <NDArray 4 @cpu(0)>
    """
    from ndsh.engine.ops.shape import reshape, transpose
    b = _check_blocks("space_to_depth", data, block_size)
    n, c, h, w = data.shape
    if h % b or w % b:
        raise ValueError(f"space_to_depth: height {h} and width {w} must be divisible by "
                         f"block_size {b} (shape {data.shape})")
    blocks = reshape(data, shape=(n, c, h // b, b, w // b, b))
    return reshape(transpose(blocks, axes=(0, 3, 5, 1, 2, 4)),
                   shape=(n, c * b * b, h // b, w // b))


op(kind="function", method=True)(space_to_depth)


def split_v2(ary, indices_or_sections, axis=0, squeeze_axis=False):
    """numpy's split: an int cuts `ary` into that many equal parts along `axis`; a tuple of
    indices cuts before each index (parts may be empty). Returns a list of copies, or the
    array itself for one part. MXNet takes only a tuple of indices, not a list.

    Parameters:
        ary: the array to split.
        indices_or_sections: an int (that many equal parts) or a tuple of the indices to cut before.
        axis: the axis to split along.
        squeeze_axis: drop the split axis from each part (each part must have size 1 along it).

    Example:
        >>> [p.shape for p in nd.split_v2(nd.arange(6), (1, 4))]
        [(1,), (3,), (2,)]
    """
    from ndsh.engine.ops.axes import reduce_axes
    from ndsh.engine.ops.shape import reshape
    from ndsh.engine.ops.slicing import slice_axis
    _require_array("split_v2", ary, "ary")
    ax = reduce_axes("split_v2", ary.shape, axis)[0]
    size = ary.shape[ax]
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections < 1 or size % sections:
            raise ValueError(f"split_v2: axis {axis} of shape {ary.shape} has size {size}, "
                             f"which {sections} sections do not divide evenly")
        cuts = [i * (size // sections) for i in range(1, sections)]
    elif isinstance(indices_or_sections, tuple):
        cuts = list(indices_or_sections)
        if not all(isinstance(i, (int, np.integer)) for i in cuts) \
                or any(not 0 <= i <= size for i in cuts) or cuts != sorted(cuts):
            raise ValueError(f"split_v2: the indices {indices_or_sections} must be ints in "
                             f"increasing order between 0 and {size}, the size of axis {axis}")
    else:
        raise ValueError(f"split_v2: indices_or_sections must be an int or a tuple of ints, "
                         f"not {type(indices_or_sections).__name__}")
    bounds = list(zip([0, *cuts], [*cuts, size]))
    parts = [slice_axis(ary, ax, begin, end) for begin, end in bounds]
    if squeeze_axis:
        if any(p.shape[ax] != 1 for p in parts):
            raise ValueError("split_v2: squeeze_axis=True needs parts of size 1 along the axis")
        parts = [reshape(p, shape=ary.shape[:ax] + ary.shape[ax + 1:]) for p in parts]
    return parts[0] if len(parts) == 1 else parts


op(kind="function", method=True)(split_v2)


def concatenate(arrays, axis=0, always_copy=True):
    """Join a list of arrays along `axis` (default 0), like `nd.concat(*arrays, dim=axis)`.

    Parameters:
        arrays: a list of arrays; their shapes differ only along `axis`.
        axis: the axis to join along.
        always_copy: with False, a list of one array gives that array itself (no copy).

    Example:
        >>> nd.concatenate([nd.ones((1, 2)), nd.zeros((1, 2))])
        <BLANKLINE>
        [[1. 1.]
         [0. 0.]]
        <NDArray 2x2 @cpu(0)>
    """
    from ndsh.engine.ops.slicing import concat
    if isinstance(arrays, NDArray) or not isinstance(arrays, (list, tuple)):
        raise TypeError("concatenate: pass a list of NDArrays, nd.concatenate([a, b])")
    if not arrays:
        raise ValueError("concatenate: the list of arrays is empty")
    if len(arrays) == 1 and not always_copy:
        return arrays[0]
    return concat(*arrays, dim=axis)


op(kind="function", departs="It can be recorded (MXNet's concatenate fails under "
                            "autograd.record).")(concatenate)


def _pad_pairs(data, mode, pad_width):
    if data.ndim not in (4, 5):
        raise ValueError(f"pad: data must be 4-D or 5-D, got shape {data.shape} (MXNet pads "
                         f"only those)")
    if data.dtype.kind != "f":
        raise TypeError(f"pad: data must be a float array (as in MXNet), not {data.dtype}")
    if not all(isinstance(w, (int, np.integer)) for w in pad_width):
        raise ValueError(f"pad: pad_width must hold ints, got {tuple(pad_width)}")
    widths = tuple(int(w) for w in pad_width)
    if len(widths) != 2 * data.ndim:
        raise ValueError(f"pad: pad_width needs {2 * data.ndim} numbers (before and after for "
                         f"each of the {data.ndim} axes), got {len(widths)}")
    pairs = tuple(zip(widths[::2], widths[1::2]))
    if any(pairs[0]) or any(pairs[1]) or min(widths) < 0:
        raise ValueError(f"pad: pad_width {widths} must be zero for the first two axes (N, C) "
                         f"and not negative")
    if mode not in ("constant", "edge", "reflect"):
        raise ValueError(f"pad: mode must be 'constant', 'edge' or 'reflect', not {mode!r}")
    if mode == "reflect" and any(max(p) >= s for p, s in zip(pairs, data.shape) if any(p)):
        raise ValueError(f"pad: reflect padding must be smaller than the axis it pads "
                         f"(shape {data.shape}, pad_width {widths})")
    return pairs


def _pad_vjp(xp, g, ans, data, mode, pad_width, constant_value=0):
    pairs = _pad_pairs(data, mode, pad_width)
    if mode == "constant":
        return g[tuple(slice(b, b + s) for (b, _), s in zip(pairs, data.shape))]
    # edge / reflect: each output element came from one input element; add them up there
    where = np.pad(np.arange(data.size).reshape(data.shape), pairs, mode=mode)
    grad = xp.zeros(data.size, dtype=g.dtype)
    backend.scatter_add(xp, grad, xp.asarray(where.reshape(-1)), g.reshape(-1))
    return grad.reshape(data.shape)


@op(vjp=_pad_vjp, keeps=(), aliases=("Pad",), method=True)
def pad(xp, data, mode, pad_width, constant_value=0):
    """Pad the spatial axes of a 4-D or 5-D array. `pad_width` gives (before, after) for every
    axis, flattened, and must be zero for the first two; `mode` is 'constant' (with
    `constant_value`), 'edge' or 'reflect'.

    Parameters:
        mode: 'constant', 'edge' (repeat the border) or 'reflect' (mirror it).
        pad_width: (before, after) counts for every axis, flattened into one tuple; zero for the
            first two axes.
        constant_value: the value of the padding in 'constant' mode.

    Example:
        >>> nd.pad(nd.ones((1, 1, 1, 2)), mode="constant", pad_width=(0, 0, 0, 0, 1, 0, 0, 1))
        <BLANKLINE>
        [[[[0. 0. 0.]
           [1. 1. 0.]]]]
        <NDArray 1x1x2x3 @cpu(0)>
    """
    pairs = _pad_pairs(data, mode, pad_width)
    if mode == "constant":
        return xp.pad(data, pairs, mode="constant", constant_values=constant_value)
    return xp.pad(data, pairs, mode=mode)


def khatri_rao(*args):
    """The column-wise Kronecker product of matrices with the same number of columns R:
    (I, R), (J, R) -> (I*J, R).

    Parameters:
        *args: the matrices, as separate arguments, each of shape (n, R) with the same R.

    Example:
        >>> nd.khatri_rao(nd.array([[1, 2], [3, 4]]), nd.array([[1, 0], [0, 1]]))
        <BLANKLINE>
        [[1. 0.]
         [0. 2.]
         [3. 0.]
         [0. 4.]]
        <NDArray 4x2 @cpu(0)>
    """
    from ndsh.engine.ops.shape import expand_dims, reshape
    if not args:
        raise ValueError("khatri_rao: give at least one matrix")
    for a in args:
        _require_array("khatri_rao", a, "every argument")
        if a.ndim != 2 or a.shape[1] != args[0].shape[1]:
            raise ValueError(f"khatri_rao: the matrices must all be 2-D with the same number "
                             f"of columns, got shapes {[m.shape for m in args]}")
    out = args[0]
    for b in args[1:]:
        out = reshape(expand_dims(out, axis=1) * expand_dims(b, axis=0),
                      shape=(-1, out.shape[1]))
    return out


op(kind="function", nin=-1,
   departs="Differentiable (MXNet's khatri_rao has no gradient).")(khatri_rao)


def _int_array(values, ctx):
    xp = ctx.xp
    return new_array(xp.asarray(np.asarray(values, dtype=np.int64)), ctx)


def shape_array(data):
    """The shape of `data` as a 1-D int64 array.

    Example:
        >>> nd.shape_array(nd.zeros((2, 3)))
        <BLANKLINE>
        [2 3]
        <NDArray 2 @cpu(0)>
    """
    _require_array("shape_array", data)
    return _int_array(data.shape, data.context)


op(kind="function", grad=False)(shape_array)


def size_array(data):
    """The number of elements of `data` as a one-element int64 array.

    Example:
        >>> nd.size_array(nd.zeros((2, 3)))
        <BLANKLINE>
        [6]
        <NDArray 1 @cpu(0)>
    """
    _require_array("size_array", data)
    return _int_array([math.prod(data.shape)], data.context)


op(kind="function", grad=False)(size_array)
