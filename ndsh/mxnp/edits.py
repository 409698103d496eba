"""`mx.np` functions that cut, extend and rearrange arrays: append, rot90, diagflat, dsplit,
row_stack, broadcast_arrays, ediff1d (composed of the table's ops, so they have gradients, as
in MXNet); insert, delete and resize (computed on the host: MXNet 1.9.1 has no gradient for
them either, so they refuse a recorded array); and the index helpers indices, unravel_index,
diag_indices_from."""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine import autograd
from ndsh.engine.mxnet_errors import MXNetError, TypeError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp import shape as _shape
from ndsh.mxnp.array import cast, fresh_shape, ndarray, unwrap, wrap
from ndsh.mxnp.naming import check_axes


def _host(a, fname: str):
    data = unwrap(a, fname)
    if not isinstance(a, ndarray):
        raise TypeError(f"{fname}: expected an np array, got a {type(a).__name__}")
    return data


def _no_gradient(fname: str, *arrays) -> None:
    """MXNet 1.9.1 has no backward for insert, delete, resize: refuse a recorded input."""
    if autograd.is_recording() and any(
            type(a) is ndarray and (a._nd._node is not None or a._nd._grad_req not in
                                    (None, "null")) for a in arrays):
        raise MXNetError(f"{fname} has no gradient (MXNet 1.9.1's has none either): call it "
                         f"outside autograd.record(), or on x.detach()")


def _from_host(host, data):
    """A NumPy result as an np array on data's context, in its dtype and shape."""
    host = onp.asarray(host, order="C")
    return wrap(fresh_shape(OPS["nd.array"].call(host, ctx=data._ctx, dtype=host.dtype),
                            host.shape))


def append(arr, values, axis=None):
    """`values` joined to the end of `arr`: both flattened first with axis=None, else joined
    along `axis` (shapes must agree off it). Both must have one dtype, as in MXNet.

    Parameters:
        arr: an np array.
        values: an np array.
        axis: the axis to join along; None flattens both.

    Example:
        >>> np.append(np.array([1.0, 2.0]), np.array([[3.0]]))
        array([1., 2., 3.])
    """
    return _shape.concatenate([arr, values], axis=axis)


def insert(arr, obj, values, axis=None):
    """`values` inserted before index `obj` (an int, a slice or an np array of ints) along
    `axis` (of the flattened array by default). On the host, without a gradient (as MXNet's);
    the result keeps arr's dtype.

    Parameters:
        arr: an np array.
        obj: where to insert: an int, a slice, or an int64 np array of indices.
        values: a number or an np array.
        axis: the axis; None flattens arr first.

    Example:
        >>> np.insert(np.array([1.0, 2.0, 3.0]), 1, 9.0)
        array([1., 9., 2., 3.])
    """
    data = _host(arr, "np.insert")
    _no_gradient("np.insert", arr, values)
    obj = _index_obj(obj, "np.insert")
    host_values = values.asnumpy() if isinstance(values, ndarray) else values
    out = onp.insert(data.asnumpy(), obj, host_values, axis=axis)
    return _from_host(out.astype(data._data.dtype, copy=False), data)


def delete(arr, obj, axis=None):
    """`arr` without the entries at `obj` (an int, a slice or an np array of ints) along `axis`
    (of the flattened array by default). On the host, without a gradient (as MXNet's).

    Parameters:
        arr: an np array.
        obj: what to remove: an int, a slice, or an int64 np array of indices.
        axis: the axis; None flattens arr first.

    Example:
        >>> np.delete(np.array([1.0, 2.0, 3.0, 4.0]), slice(1, 3))
        array([1., 4.])
    """
    data = _host(arr, "np.delete")
    _no_gradient("np.delete", arr)
    out = onp.delete(data.asnumpy(), _index_obj(obj, "np.delete"), axis=axis)
    return _from_host(out, data)


def _index_obj(obj, fname: str):
    if isinstance(obj, ndarray):
        return obj.asnumpy().astype(onp.int64)
    if isinstance(obj, (numbers.Integral, slice)):
        return obj
    raise TypeError(f"{fname}: 'obj' can not support type {type(obj)} (MXNet 1.9.1 takes an "
                    f"int, a slice or an np array of indices)")


def resize(a, new_shape):
    """The elements of `a` repeated (cyclically, in order) to fill `new_shape`. On the host,
    without a gradient (as MXNet's).

    Parameters:
        a: an np array.
        new_shape: an int or a tuple of ints.

    Example:
        >>> np.resize(np.array([1.0, 2.0, 3.0]), (2, 2))
        array([[1., 2.],
               [3., 1.]])
    """
    data = _host(a, "np.resize")
    _no_gradient("np.resize", a)
    return _from_host(onp.resize(data.asnumpy(), new_shape), data)


def rot90(m, k=1, axes=(0, 1)):
    """The array rotated by 90 degrees `k` times in the plane of `axes`, from the first axis
    towards the second (composed of flip and transpose: it has a gradient).

    Parameters:
        m: an np array of at least 2 dimensions.
        k: the number of quarter turns (negative: the other way).
        axes: the two axes of the plane.

    Example:
        >>> np.rot90(np.array([[1.0, 2.0], [3.0, 4.0]]))
        array([[2., 4.],
               [1., 3.]])
    """
    data = unwrap(m, "np.rot90")
    if len(axes) != 2:
        raise ValueError(f"np.rot90: axes must be two different axes, got {tuple(axes)}")
    check_axes("np.rot90", tuple(axes), data.shape)
    first, second = (a % data.ndim for a in axes)
    if first == second:
        raise ValueError(f"np.rot90: axes must be two different axes, got {tuple(axes)}")
    k %= 4
    if k == 0:
        return _shape.reshape(m, data.shape)
    if k == 2:
        return _shape.flip(m, (first, second))
    order = list(range(data.ndim))
    order[first], order[second] = order[second], order[first]
    if k == 1:
        return _shape.transpose(_shape.flip(m, second), order)
    return _shape.flip(_shape.transpose(m, order), second)


def diagflat(v, k=0):
    """A square 2-D array with the flattened input on its k-th diagonal (it has a gradient).

    Parameters:
        v: an np array (flattened).
        k: the diagonal: 0 the main one, positive above, negative below.

    Example:
        >>> np.diagflat(np.array([1.0, 2.0]), 1)
        array([[0., 1., 0.],
               [0., 0., 2.],
               [0., 0., 0.]])
    """
    flat = unwrap(_shape.ravel(v), "np.diagflat")
    return wrap(OPS["nd.diag"].call(flat, k=k))


def dsplit(ary, indices_or_sections):
    """The array cut along its third axis (np.split with axis=2): a list.

    Parameters:
        ary: an np array of at least 3 dimensions.
        indices_or_sections: an int (equal sections) or the indices to cut at.

    Example:
        >>> [p.shape for p in np.dsplit(np.ones((1, 2, 4)), 2)]
        [(1, 2, 2), (1, 2, 2)]
    """
    if unwrap(ary, "np.dsplit").ndim < 3:
        raise ValueError("np.dsplit only works on arrays of 3 or more dimensions")
    return _shape.split(ary, indices_or_sections, axis=2)


def row_stack(arrays):
    """Arrays stacked row-wise (np.vstack's other name).

    Parameters:
        arrays: a list or tuple of np arrays.

    Example:
        >>> np.row_stack([np.ones(2), np.zeros(2)])
        array([[1., 1.],
               [0., 0.]])
    """
    return _shape.vstack(arrays)


def broadcast_arrays(*args):
    """The arrays broadcast against each other to one shape: a list (copies, with gradients).

    Parameters:
        args: np arrays.

    Example:
        >>> [a.shape for a in np.broadcast_arrays(np.ones(3), np.ones((2, 1)))]
        [(2, 3), (2, 3)]
    """
    shape = onp.broadcast_shapes(*(unwrap(a, "np.broadcast_arrays").shape for a in args))
    return [_shape.broadcast_to(a, shape) for a in args]


def ediff1d(ary, to_end=None, to_begin=None):
    """The differences of consecutive elements of the flattened array, with `to_begin` and
    `to_end` put before and after (it has a gradient).

    Parameters:
        ary: an np array (flattened).
        to_end: a number or an np array to append.
        to_begin: a number or an np array to prepend.

    Example:
        >>> np.ediff1d(np.array([1.0, 4.0, 9.0]), to_begin=0.0)
        array([0., 3., 5.])
    """
    flat = unwrap(_shape.ravel(ary), "np.ediff1d")
    n = flat.shape[0]
    difference = wrap(OPS["nd.slice_axis"].call(flat, axis=0, begin=1, end=n)
                      - OPS["nd.slice_axis"].call(flat, axis=0, begin=0, end=max(n - 1, 0)))
    parts = [_piece(to_begin, flat), difference, _piece(to_end, flat)]
    parts = [p for p in parts if p is not None]
    return difference if len(parts) == 1 else _shape.concatenate(parts)


def _piece(extra, flat):
    """to_begin / to_end of ediff1d as a 1-D np array in the data's dtype (None stays)."""
    if extra is None:
        return None
    if not isinstance(extra, ndarray):
        host = onp.ravel(onp.asarray(extra))
        extra = wrap(OPS["nd.array"].call(host, ctx=flat._ctx, dtype=flat._data.dtype))
    return wrap(cast(unwrap(_shape.ravel(extra), "np.ediff1d"), flat._data.dtype))


def indices(dimensions, dtype="int32", ctx=None):
    """A grid of indices: out[i] holds each position's index along axis i (int32, as MXNet's).

    Parameters:
        dimensions: the shape of the grid.
        dtype: the element type.
        ctx: the device.

    Example:
        >>> np.indices((2, 3))[1]
        array([[0, 1, 2],
               [0, 1, 2]], dtype=int32)
    """
    grid = onp.indices(tuple(dimensions), dtype=onp.dtype(dtype))
    return wrap(OPS["nd.array"].call(grid, ctx=ctx, dtype=grid.dtype))


def unravel_index(indices, shape, order="C"):
    """Flat indices as a tuple of coordinate arrays (int64) for an array of `shape`; for a
    Python int, a tuple of ints.

    Parameters:
        indices: an int (a tuple of NumPy ints back), or an np array of flat indices.
        shape: the array's shape.
        order: 'C' (row-major) only, as in MXNet.

    Example:
        >>> np.unravel_index(np.array([5, 1], dtype='int64'), (2, 3))
        (array([1, 0], dtype=int64), array([2, 1], dtype=int64))
    """
    if order != "C":
        raise NotImplementedError("np.unravel_index: only order='C', as in MXNet 1.9.1")
    if isinstance(indices, numbers.Integral):
        return onp.unravel_index(indices, shape)        # NumPy's ints, as in MXNet
    data = unwrap(indices, "np.unravel_index")
    coords = onp.unravel_index(data.asnumpy().astype(onp.int64), shape)
    return tuple(_from_host(c.astype(onp.int64), data) for c in coords)


def diag_indices_from(arr):
    """The indices of the main diagonal of a square array: a tuple of int64 arrays, one per
    axis.

    Parameters:
        arr: an np array whose axes all have one length.

    Example:
        >>> np.diag_indices_from(np.ones((2, 2)))
        (array([0, 1], dtype=int64), array([0, 1], dtype=int64))
    """
    data = unwrap(arr, "np.diag_indices_from")
    if data.ndim < 2 or len(set(data.shape)) != 1:
        raise ValueError(f"np.diag_indices_from: expected a square array (all axes of one "
                         f"length, at least 2-d), got shape {data.shape}")
    index = onp.arange(data.shape[0], dtype=onp.int64)
    return tuple(_from_host(index, data) for _ in range(data.ndim))


FUNCTIONS = {f.__name__: f for f in (
    append, insert, delete, resize, rot90, diagflat, dsplit, row_stack, broadcast_arrays,
    ediff1d, indices, unravel_index, diag_indices_from)}
