"""Sorting and searching: argmax, argmin, topk, sort, argsort. Index results are float32 for
float input, as in MXNet."""
from __future__ import annotations

import numpy as np

from ndsh.engine import dtypes
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.ops.axes import at_least_1d, reduce_axes


def _arg_extreme(xp, data, axis, keepdims, pick, name):
    if axis is None:
        index = pick(data.reshape(-1))
        result = xp.asarray(index).reshape((1,) * data.ndim if keepdims else (1,))
    else:
        axis = reduce_axes(name, data.shape, axis)[0]
        result = pick(data, axis=axis)
        if keepdims:
            result = xp.expand_dims(result, axis)
    return at_least_1d(result.astype(data.dtype if data.dtype.kind != "b" else np.float32))


@op(grad=False, method=True)
def argmax(xp, data, axis=None, keepdims=False):
    """The index of the maximum along `axis` (None: of the flattened array), as float32 for
    float input (MXNet); the first of tied maxima wins.

    Parameters:
        axis: the axis to search along; None searches the flattened array.

    Example:
        >>> nd.array([[1, 5, 2], [7, 0, 7]]).argmax(axis=1)
        <BLANKLINE>
        [1. 0.]
        <NDArray 2 @cpu(0)>
    """
    return _arg_extreme(xp, data, axis, keepdims, xp.argmax, "argmax")


@op(grad=False, method=True)
def argmin(xp, data, axis=None, keepdims=False):
    """The index of the minimum along `axis` (None: of the flattened array), as float32 for
    float input (MXNet).

    Parameters:
        axis: the axis to search along; None searches the flattened array.

    Example:
        >>> nd.array([[1, 5, 2], [7, 0, 7]]).argmin(axis=1)
        <BLANKLINE>
        [0. 1.]
        <NDArray 2 @cpu(0)>
    """
    return _arg_extreme(xp, data, axis, keepdims, xp.argmin, "argmin")


@op(grad=False, method=True)
def argmax_channel(xp, data):
    """The index of the maximum along the last axis, as float32.

    Example:
        >>> nd.argmax_channel(nd.array([[1, 5, 2], [7, 0, 3]]))
        <BLANKLINE>
        [1. 0.]
        <NDArray 2 @cpu(0)>
    """
    return _arg_extreme(xp, data, -1, False, xp.argmax, "argmax_channel")


def _sorted_indices(xp, data, axis, is_ascend):
    if is_ascend:
        return xp.argsort(data, axis=axis, kind="stable")
    keys = data.astype(np.int64) if data.dtype.kind in "ub" else data
    return xp.argsort(-keys, axis=axis, kind="stable")


def _flat_axis(data, axis, name):
    if axis is None:
        return data.reshape(-1), 0
    return data, reduce_axes(name, data.shape, axis)[0]


def _topk_vjp(xp, g, ans, data, axis=-1, k=1, ret_typ="indices", is_ascend=False,
              dtype="float32"):
    if ret_typ != "value":
        return g * 0 if ret_typ == "mask" else None
    flat, ax = _flat_axis(data, axis, "topk")
    index = xp.take(_sorted_indices(xp, flat, ax, is_ascend), xp.arange(k), axis=ax)
    grad = xp.zeros(flat.shape, dtype=g.dtype)
    xp.put_along_axis(grad, index, g.reshape(index.shape), axis=ax)
    return grad.reshape(data.shape)


@op(vjp=_topk_vjp, namespace="_internal", name="_topk")
def _topk(xp, data, axis=-1, k=1, ret_typ="indices", is_ascend=False, dtype="float32"):
    """topk for one kind of result: 'indices', 'value' or 'mask'."""
    flat, ax = _flat_axis(data, axis, "topk")
    if not 1 <= k <= flat.shape[ax]:
        raise ValueError(f"topk: k={k} must be between 1 and the axis length {flat.shape[ax]}")
    index = xp.take(_sorted_indices(xp, flat, ax, is_ascend), xp.arange(k), axis=ax)
    if ret_typ == "value":
        return xp.take_along_axis(flat, index, axis=ax)
    if ret_typ == "mask":
        mask = xp.zeros(flat.shape, dtype=data.dtype)
        xp.put_along_axis(mask, index, 1, axis=ax)
        return mask.reshape(data.shape)
    return index.astype(dtypes.normalize(dtype))


def topk(data, axis=-1, k=1, ret_typ="indices", is_ascend=False, dtype="float32"):
    """The top `k` elements along `axis`: their indices (default, float32), values ('value'),
    both ('both': [values, indices]) or a 0/1 mask ('mask'). k <= 0 means the whole axis.

    Only the values are differentiable.

    Parameters:
        axis: the axis to search along (negative counts from the end); None: the flattened array.
        k: how many elements to take; 0 or less takes the whole axis.
        ret_typ: what to return: 'indices', 'value', 'both' or 'mask'.
        is_ascend: take the k smallest instead of the k largest.
        dtype: the dtype of the indices (and of the mask).

    Example:
        >>> nd.topk(nd.array([[3, 1, 2], [0, 5, 4]]), k=2, ret_typ='value')
        <BLANKLINE>
        [[3. 2.]
         [5. 4.]]
        <NDArray 2x2 @cpu(0)>
    """
    if ret_typ not in ("indices", "value", "both", "mask"):
        raise ValueError(f"topk: ret_typ must be 'indices', 'value', 'both' or 'mask', "
                         f"not {ret_typ!r}")
    if k <= 0 and hasattr(data, "shape"):       # MXNet: the whole axis, sorted
        k = data.size if axis is None else data.shape[reduce_axes("topk", data.shape, axis)[0]]
    if ret_typ == "both":
        return [_topk(data, axis, k, "value", is_ascend, dtype),
                _topk(data, axis, k, "indices", is_ascend, dtype)]
    return _topk(data, axis, k, ret_typ, is_ascend, dtype)


op(kind="function", method=True)(topk)


def _sort_vjp(xp, g, ans, data, axis=-1, is_ascend=True):
    flat, ax = _flat_axis(data, axis, "sort")
    index = _sorted_indices(xp, flat, ax, is_ascend)
    grad = xp.zeros(flat.shape, dtype=g.dtype)
    xp.put_along_axis(grad, index, g.reshape(index.shape), axis=ax)
    return grad.reshape(data.shape)


@op(vjp=_sort_vjp, method=True,
    departs="Works under autograd.record(); in MXNet 1.9.1 a recorded sort breaks backward.")
def sort(xp, data, axis=-1, is_ascend=True):
    """The elements sorted along `axis` (None: flattened), ascending unless is_ascend=False.

    Parameters:
        axis: the axis to sort along (negative counts from the end); None sorts the flattened array.
        is_ascend: ascending (True) or descending (False) order.

    Example:
        >>> nd.sort(nd.array([[3, 1, 2], [0, 5, 4]]), is_ascend=False)
        <BLANKLINE>
        [[3. 2. 1.]
         [5. 4. 0.]]
        <NDArray 2x3 @cpu(0)>
    """
    flat, ax = _flat_axis(data, axis, "sort")
    return xp.take_along_axis(flat, _sorted_indices(xp, flat, ax, is_ascend), axis=ax)


@op(grad=False, method=True)
def argsort(xp, data, axis=-1, is_ascend=True, dtype="float32"):
    """The indices that sort `data` along `axis`, as float32 by default.

    Parameters:
        axis: the axis to sort along (negative counts from the end); None: the flattened array.
        is_ascend: ascending (True) or descending (False) order.
        dtype: the dtype of the indices.

    Example:
        >>> nd.argsort(nd.array([3, 1, 2]))
        <BLANKLINE>
        [1. 2. 0.]
        <NDArray 3 @cpu(0)>
    """
    flat, ax = _flat_axis(data, axis, "argsort")
    return _sorted_indices(xp, flat, ax, is_ascend).astype(dtypes.normalize(dtype))
