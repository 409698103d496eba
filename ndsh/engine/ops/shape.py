"""Shape manipulation: reshape (with MXNet's special codes), flatten, expand_dims, squeeze,
transpose, swapaxes, flip and diag. Broadcasting (broadcast_to, broadcast_axis,
broadcast_like) is in shape_broadcast.py, cutting and joining in slicing.py."""
from __future__ import annotations

import builtins
import math

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ops.axes import NEGATIVE_AXES_DEPART, one_axis, reduce_axes


def infer_reshape(op_name: str, ishape: tuple, spec, reverse: bool = False) -> tuple:
    """MXNet's reshape codes: 0 copies a dim, -1 infers one, -2 copies the rest, -3 merges two,
    -4 splits one into the next two; reverse=True reads both shapes from the right."""
    if isinstance(spec, (int, np.integer)):
        spec = (int(spec),)
    spec = tuple(int(d) for d in spec)
    total = math.prod(ishape)
    if not reverse and all(d > 0 for d in spec):
        if math.prod(spec) != total:      # the common case: a plain shape
            raise ValueError(f"{op_name}: cannot reshape an array of shape {tuple(ishape)} "
                             f"({total} elements) into {spec} ({math.prod(spec)} elements)")
        return spec
    if reverse:
        ishape, spec = ishape[::-1], _reverse_spec(spec)
    out, src, inferred, i = [], 0, -1, 0
    while i < len(spec):
        d = spec[i]
        if d == 0:
            out.append(ishape[src])
            src += 1
        elif d == -1:
            if inferred >= 0:
                raise ValueError(f"{op_name}: one and only one dimension can be -1 in {spec}")
            inferred = len(out)
            out.append(1)
            src += 1
        elif d == -2:
            out.extend(ishape[src:])
            src = len(ishape)
        elif d == -3:
            out.append(ishape[src] * ishape[src + 1])
            src += 2
        elif d == -4:
            d0, d1 = spec[i + 1], spec[i + 2]
            i += 2
            whole = ishape[src]
            src += 1
            if d0 == -1:
                d0 = whole // d1
            if d1 == -1:
                d1 = whole // d0
            if d0 * d1 != whole:
                raise ValueError(f"{op_name}: -4 splits dimension {whole} into {d0} x {d1}, "
                                 f"which does not multiply back")
            out.extend((d0, d1))
        elif d > 0:
            out.append(d)
            src += 1
        else:
            raise ValueError(f"{op_name}: invalid dimension {d} in shape {spec}")
        i += 1
    if inferred >= 0:
        known = math.prod(out)
        if known == 0 or total % known:
            raise ValueError(f"{op_name}: cannot reshape an array of shape {tuple(ishape)} "
                             f"({total} elements) into {spec}")
        out[inferred] = total // known
    if reverse:
        out = out[::-1]
    size = math.prod(out)
    if size != total:
        shown = tuple(ishape[::-1]) if reverse else tuple(ishape)
        raise ValueError(f"{op_name}: cannot reshape an array of shape {shown} ({total} "
                         f"elements) into {tuple(out)} ({size} elements)")
    return tuple(out)


def _reverse_spec(spec):
    """Reverse a spec for reverse=True, keeping each -4 followed by its two sizes."""
    groups, i = [], 0
    while i < len(spec):
        if spec[i] == -4:
            groups.append((-4, spec[i + 2], spec[i + 1]))
            i += 3
        else:
            groups.append((spec[i],))
            i += 1
    return tuple(d for g in reversed(groups) for d in g)


@op(vjp=lambda xp, g, ans, data, shape=None, reverse=False: xp.reshape(g, data.shape),
    method=True, aliases=("Reshape",), returns_view=True, keeps=())
def reshape(xp, data, shape=None, reverse=False):
    """The same data in a new shape, sharing memory (writes show through both).

    `shape` may use MXNet's codes: 0 copies the input dimension, -1 infers one dimension,
    -2 copies all remaining ones, -3 merges two, -4 splits one into the next two numbers.

    Parameters:
        shape: the new shape, a tuple of ints, with MXNet's codes 0, -1, -2, -3, -4.
        reverse: read the codes from the right (MXNet's reverse=True).

    Example:
        >>> x = nd.arange(24).reshape((2, 3, 4))
        >>> x.reshape((0, -1)).shape
        (2, 12)
    """
    if shape is None:
        raise TypeError("reshape: give the new shape, e.g. x.reshape((3, 4))")
    if not reverse and shape.__class__ is tuple:
        plain = _plain_reshape(data, shape)
        if plain is not None:
            return plain
    return data.reshape(infer_reshape("reshape", data.shape, shape, reverse))


def _plain_reshape(data, shape: tuple):
    """data.reshape(shape) when shape is a plain shape (every entry a positive integer, as in
    `y.reshape(y_hat.shape)`, d2l's squared loss at every batch), else None: infer_reshape would
    return the same tuple after reading every entry in Python. Floats, codes (0, -1...) and a
    size that does not fit go to infer_reshape, which converts or names the problem
    (test_fast_paths compares the two)."""
    try:
        if shape and min(shape) > 0:
            return data.reshape(shape)     # numpy refuses a float entry (TypeError)
    except (builtins.TypeError, builtins.ValueError):
        pass
    return None


@op(nin=2, same_dtype=False, vjp=(lambda xp, g, ans, lhs, rhs: xp.reshape(g, lhs.shape),
                                  lambda xp, g, ans, lhs, rhs: None), method=True,
    returns_view=True, keeps=())
def reshape_like(xp, lhs, rhs):
    """`lhs` reshaped to the shape of `rhs` (same number of elements).

    Parameters:
        lhs: the array to reshape.
        rhs: the array whose shape the result takes.

    Example:
        >>> nd.reshape_like(nd.arange(6), nd.zeros((2, 3))).shape
        (2, 3)
    """
    if lhs.size != rhs.size:
        raise ValueError(f"reshape_like: {lhs.shape} and {rhs.shape} hold different numbers of "
                         f"elements")
    return lhs.reshape(rhs.shape)


@op(vjp=lambda xp, g, ans, data: xp.reshape(g, data.shape), method=True, aliases=("Flatten",),
    keeps=())
def flatten(xp, data):
    """Collapse every axis but the first: (2, 3, 4) -> (2, 12), and (5,) -> (5, 1); a copy,
    as in MXNet (the method's inplace=True gives a view).

    Example:
        >>> nd.zeros((2, 3, 4)).flatten().shape
        (2, 12)
    """
    return data.reshape((1, 1) if data.ndim == 0 else (data.shape[0], -1)).copy()


@op(vjp=lambda xp, g, ans, data, axis: xp.reshape(g, data.shape), method=True, keeps=())
def expand_dims(xp, data, axis):
    """Insert an axis of size 1 at position `axis` (negative counts from the end).

    Parameters:
        axis: where the new axis goes, as an index of the result's axes.

    Example:
        >>> nd.zeros((2, 3)).expand_dims(1).shape
        (2, 1, 3)
    """
    return xp.expand_dims(data, one_axis("expand_dims", axis, data.shape, new=True)).copy()


@op(vjp=lambda xp, g, ans, data, axis=None: xp.reshape(g, data.shape), method=True, keeps=())
def squeeze(xp, data, axis=None):
    """Remove axes of size 1 (all of them, or `axis`); never gives a 0-d array: (1, 1) -> (1,).

    Parameters:
        axis: an int or a tuple: the axes of size 1 to remove; None removes all of them.

    Example:
        >>> nd.zeros((1, 3, 1)).squeeze().shape
        (3,)
    """
    if axis is not None:
        items = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
        axes = reduce_axes("squeeze", data.shape, items) if items else ()   # (): none, as MXNet
        if len(axes) != len(items):
            raise ValueError(f"squeeze: axis {items} names an axis twice (shape {data.shape})")
        for a in axes:
            if data.shape[a] != 1:
                raise ValueError(f"squeeze: axis {a} has size {data.shape[a]}, not 1, in shape "
                                 f"{data.shape}")
        result = xp.squeeze(data, axis=axes)
    else:
        result = xp.squeeze(data)
    if result.ndim == 0 and data.ndim > 0:
        result = result.reshape(1)
    return result.copy()


def _inverse_permutation(axes):
    return tuple(int(i) for i in np.argsort(axes))


def _transpose_axes(data, axes):
    if axes is None or axes == ():
        return tuple(range(data.ndim))[::-1]
    if isinstance(axes, (int, np.integer)):
        axes = (axes,)            # MXNet: arange(3).transpose(0)
    axes = tuple(one_axis("transpose", a, data.shape) for a in axes)
    if sorted(axes) != list(range(data.ndim)):
        raise ValueError(f"transpose: axes {axes} are not a permutation of the {data.ndim} "
                         f"axes of shape {data.shape}")
    return axes


@op(vjp=lambda xp, g, ans, data, axes=(): xp.transpose(
        g, _inverse_permutation(_transpose_axes(data, axes))), method=True, keeps=(),
    departs=NEGATIVE_AXES_DEPART)
def transpose(xp, data, axes=()):
    """Permute the axes (reverse them by default); a copy, as in MXNet.

    Parameters:
        axes: the new order of the axes, a permutation; () reverses them.

    Example:
        >>> nd.zeros((2, 3, 4)).transpose((1, 0, 2)).shape
        (3, 2, 4)
    """
    return xp.ascontiguousarray(xp.transpose(data, _transpose_axes(data, axes)))


@op(vjp=lambda xp, g, ans, data, dim1=0, dim2=0: xp.swapaxes(g, dim1, dim2), method=True,
    aliases=("SwapAxis",), keeps=())
def swapaxes(xp, data, dim1=0, dim2=0):
    """Swap two axes, named `dim1` and `dim2` (MXNet's keywords).

    Parameters:
        dim1, dim2: the two axes to swap.

    Example:
        >>> nd.zeros((2, 3, 4)).swapaxes(0, 2).shape
        (4, 3, 2)
    """
    return xp.ascontiguousarray(xp.swapaxes(data, one_axis("swapaxes", dim1, data.shape),
                                            one_axis("swapaxes", dim2, data.shape)))


@op(vjp=lambda xp, g, ans, data, axis: xp.flip(g, axis), method=True, aliases=("reverse",),
    keeps=())
def flip(xp, data, axis):
    """Reverse the order of elements along `axis`.

    Parameters:
        axis: the axis to reverse, an int or a tuple of ints.

    Example:
        >>> nd.flip(nd.array([1, 2, 3]), axis=0)
        <BLANKLINE>
        [3. 2. 1.]
        <NDArray 3 @cpu(0)>
    """
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    return xp.flip(data, tuple(one_axis("flip", a, data.shape) for a in axes)).copy()


@op(vjp=lambda xp, g, ans, data, k=0, axis1=0, axis2=1: _diag_vjp(xp, g, data, k, axis1, axis2),
    method=True, keeps=())
def diag(xp, data, k=0, axis1=0, axis2=1):
    """The k-th diagonal of a 2-D array (of axes axis1 and axis2 of a larger one, appended as
    the last axis), or a 2-D array with a 1-D array on its diagonal.

    Parameters:
        k: the diagonal: 0 the main one, positive above it, negative below.
        axis1, axis2: the axes whose diagonal a 3-D or larger input gives.

    Example:
        >>> nd.diag(nd.array([[1, 2], [3, 4]]))
        <BLANKLINE>
        [1. 4.]
        <NDArray 2 @cpu(0)>
    """
    if data.ndim == 1:
        return xp.diag(data, k).copy()
    if data.ndim == 0:
        raise ValueError("diag: needs an array of at least 1 dimension")
    axis1, axis2 = one_axis("diag", axis1, data.shape), one_axis("diag", axis2, data.shape)
    rows, cols = data.shape[axis1], data.shape[axis2]
    if k > cols or k < -rows:
        raise ValueError(f"diag: the diagonal k={k} does not exist in a {rows}x{cols} matrix "
                         f"(axes {axis1} and {axis2} of shape {data.shape}): k must lie in "
                         f"[-{rows}, {cols}]")
    return xp.diagonal(data, k, axis1, axis2).copy()


def _diag_vjp(xp, g, data, k, axis1=0, axis2=1):
    if data.ndim == 1:
        return xp.diag(g, k)
    # put the diagonal's axes last (the others keep their order, as diagonal() lays them out)
    moved = xp.zeros(xp.moveaxis(data, (axis1, axis2), (-2, -1)).shape, dtype=g.dtype)
    rows = xp.arange(g.shape[-1]) + max(-k, 0)
    moved[..., rows, rows + k] = g
    return xp.moveaxis(moved, (-2, -1), (axis1, axis2))
