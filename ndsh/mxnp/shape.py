"""Shape functions of `mx.np` over the table's shape ops. As in MXNet 1.9.1 (measured), reshape,
transpose, expand_dims, squeeze and ravel give copies where NumPy gives views; arrays of
different dtypes joined together promote as the arithmetic does."""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import as_shape, cast, ndarray, own, result_type, unwrap, wrap
from ndsh.mxnp.naming import check_axes, naming_errors


def _arrays(fname: str, arrays) -> list:
    if isinstance(arrays, ndarray) or not isinstance(arrays, (list, tuple)):
        raise TypeError(f"np.{fname}: give a list or tuple of np arrays")
    datas = [unwrap(a, f"np.{fname}") for a in arrays]
    if not datas or not all(hasattr(d, "_data") for d in datas):
        raise TypeError(f"np.{fname}: give a non-empty list of np arrays")
    dtype = datas[0]._data.dtype
    for d in datas[1:]:
        dtype = result_type(dtype, d._data.dtype, f"np.{fname}")
    return [cast(d, dtype) for d in datas]


def reshape(a, newshape, order="C"):
    """The same elements in a new shape (-1 infers one size): a copy, as MXNet's np gives.

    Parameters:
        a: an np array.
        newshape: an int or a tuple of ints, one of them may be -1.
        order: only 'C' (row-major), as in MXNet.

    Example:
        >>> np.reshape(np.arange(6), (2, -1))
        array([[0., 1., 2.],
               [3., 4., 5.]])
    """
    if order != "C":
        raise NotImplementedError("np.reshape: only order='C' is supported, as in MXNet")
    x = unwrap(a, "np.reshape")
    shape = (newshape,) if isinstance(newshape, numbers.Integral) else tuple(newshape)
    if any(d < -1 for d in shape):
        raise ValueError(f"np.reshape: bad size in the new shape {shape} (only -1 may be "
                         f"negative)")
    if -1 in shape:
        known = int(onp.prod([d for d in shape if d != -1]))
        if known == 0 or x.size % known:
            raise ValueError(f"np.reshape: cannot reshape an array of size {x.size} into shape "
                             f"{shape}")
        shape = tuple(x.size // known if d == -1 else d for d in shape)
    if int(onp.prod(shape)) != x.size:
        raise ValueError(f"np.reshape: cannot reshape an array of shape {x.shape} (size "
                         f"{x.size}) into shape {shape}")
    return wrap(own(OPS["nd.reshape"].call(x, shape=shape), x))


def transpose(a, axes=None):
    """The array with its axes permuted (reversed by default): a copy.

    Parameters:
        a: an np array.
        axes: a permutation of the axes; None reverses them.

    Example:
        >>> np.transpose(np.zeros((2, 3, 4)), (1, 0, 2)).shape
        (3, 2, 4)
    """
    x = unwrap(a, "np.transpose")
    axes = tuple(axes) if axes else ()
    ndim = x.ndim
    if axes and (len(axes) != ndim or not all(-ndim <= ax < ndim for ax in axes)
                 or len({ax % ndim for ax in axes}) != ndim):
        raise ValueError(f"np.transpose: axes {axes} are not a permutation of the {ndim} axes "
                         f"of an array of shape {x.shape}: each of 0..{ndim - 1} (or "
                         f"{-ndim}..-1) must appear once")
    return wrap(own(OPS["nd.transpose"].call(x, axes=axes), x))


def swapaxes(a, axis1, axis2):
    """The array with two axes interchanged (a copy).

    Parameters:
        a: an np array.
        axis1: the first axis.
        axis2: the second axis.

    Example:
        >>> np.swapaxes(np.zeros((2, 3, 4)), 0, 2).shape
        (4, 3, 2)
    """
    x = unwrap(a, "np.swapaxes")
    check_axes("np.swapaxes", (axis1, axis2), x.shape)
    return wrap(own(OPS["nd.swapaxes"].call(x, dim1=axis1, dim2=axis2), x))


def moveaxis(a, source, destination):
    """The array with axis `source` moved to `destination` (a copy).

    Parameters:
        a: an np array.
        source: the axis to move (an int or a tuple).
        destination: where it goes (an int or a tuple).

    Example:
        >>> np.moveaxis(np.zeros((2, 3, 4)), 0, -1).shape
        (3, 4, 2)
    """
    x = unwrap(a, "np.moveaxis")
    return wrap(own(OPS["nd.moveaxis"].call(x, source, destination), x))


def expand_dims(a, axis):
    """The array with a new axis of size 1 at `axis` (a copy).

    Parameters:
        a: an np array.
        axis: where the new axis goes.

    Example:
        >>> np.expand_dims(np.zeros((2, 3)), 1).shape
        (2, 1, 3)
    """
    x = unwrap(a, "np.expand_dims")
    if isinstance(axis, numbers.Integral) and not -x.ndim - 1 <= axis <= x.ndim:
        raise ValueError(f"np.expand_dims: axis {axis} is out of range for an array of shape "
                         f"{x.shape}: the new axis goes at {-x.ndim - 1}..{x.ndim}")
    return wrap(own(OPS["nd.expand_dims"].call(x, axis=axis), x))


def squeeze(a, axis=None):
    """The array without its axes of size 1 (all, or those of `axis`): NumPy's shape, so (1, 1)
    gives shape (), unlike the legacy nd.squeeze.

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints, axes of size 1; None removes all of them.

    Example:
        >>> np.squeeze(np.zeros((1, 3, 1))).shape, np.squeeze(np.ones((1, 1))).shape
        ((3,), ())
    """
    x = unwrap(a, "np.squeeze")
    axes = range(x.ndim) if axis is None else (axis if isinstance(axis, (tuple, list))
                                               else (axis,))
    drop = {ax % x.ndim for ax in axes if axis is not None or x.shape[ax] == 1}
    for ax in drop:
        if x.shape[ax] != 1:
            raise ValueError(f"np.squeeze: cannot select an axis to squeeze out which has size "
                             f"not equal to one (axis {ax} of shape {x.shape})")
    shape = tuple(d for i, d in enumerate(x.shape) if i not in drop)
    return wrap(own(as_shape(x, shape), x))


def ravel(a, order="C"):
    """The elements as a 1-D array (a copy).

    Parameters:
        a: an np array.
        order: only 'C'.

    Example:
        >>> np.ravel(np.arange(4).reshape(2, 2))
        array([0., 1., 2., 3.])
    """
    return reshape(a, (-1,), order)


def concatenate(seq, axis=0, out=None):
    """Arrays joined along an existing axis (flattened first with axis=None); mixed dtypes
    promote.

    Parameters:
        seq: a list or tuple of np arrays of the same shape except along `axis`.
        axis: the axis to join along; None flattens them first.
        out: not supported (MXNet's np accepts it); must be None.

    Example:
        >>> np.concatenate([np.ones((1, 2)), np.zeros((1, 2))], axis=0)
        array([[1., 1.],
               [0., 0.]])
    """
    datas = _arrays("concatenate", seq)
    if axis is None:
        datas, axis = [OPS["nd.reshape"].call(d, shape=(-1,)) for d in datas], 0
    check_axes("np.concatenate", axis, datas[0].shape)     # before nd.concat's own wording
    return wrap(OPS["nd.concat"].call(*datas, dim=axis))


def stack(arrays, axis=0, out=None):
    """Arrays of one shape joined along a new axis.

    Parameters:
        arrays: a list or tuple of np arrays of the same shape.
        axis: where the new axis goes.
        out: not supported; must be None.

    Example:
        >>> np.stack([np.ones(2), np.zeros(2)], axis=1)
        array([[1., 0.],
               [1., 0.]])
    """
    return wrap(OPS["nd.stack"].call(*_arrays("stack", arrays), axis=axis))


def vstack(arrays, out=None):
    """Arrays stacked row-wise (1-D arrays become rows).

    Parameters:
        arrays: a list or tuple of np arrays.
        out: not supported; must be None.

    Example:
        >>> np.vstack([np.ones(2), np.zeros(2)]).shape
        (2, 2)
    """
    datas = _arrays("vstack", arrays)
    datas = [as_shape(d, (1, d.shape[0])) if d.ndim == 1 else d for d in datas]
    return wrap(OPS["nd.concat"].call(*datas, dim=0))


def hstack(arrays):
    """Arrays stacked column-wise (1-D arrays are joined end to end).

    Parameters:
        arrays: a list or tuple of np arrays.

    Example:
        >>> np.hstack([np.ones(2), np.zeros(1)])
        array([1., 1., 0.])
    """
    datas = _arrays("hstack", arrays)
    return wrap(OPS["nd.concat"].call(*datas, dim=0 if datas[0].ndim == 1 else 1))


def split(ary, indices_or_sections, axis=0):
    """The array cut into equal sections (an int) or at the given indices, along `axis`: a list.

    Parameters:
        ary: an np array.
        indices_or_sections: how many equal parts, or the sorted indices to cut at.
        axis: the axis to cut along.

    Example:
        >>> np.split(np.arange(4), 2)
        [array([0., 1.]), array([2., 3.])]
    """
    x = unwrap(ary, "np.split")
    if isinstance(indices_or_sections, numbers.Integral) and \
            x.shape[axis] % indices_or_sections:
        raise ValueError(f"np.split: array split does not result in an equal division ({axis} "
                         f"of size {x.shape[axis]} into {indices_or_sections})")
    sections = (indices_or_sections if isinstance(indices_or_sections, numbers.Integral)
                else tuple(indices_or_sections))
    parts = OPS["nd.split_v2"].call(x, sections, axis=axis)
    return [wrap(p) for p in (parts if isinstance(parts, (list, tuple)) else [parts])]


def array_split(ary, indices_or_sections, axis=0):
    """As np.split, but an int number of sections need not divide the axis evenly.

    Parameters:
        ary: an np array.
        indices_or_sections: how many parts, or the indices to cut at.
        axis: the axis to cut along.

    Example:
        >>> np.array_split(np.arange(5), 2)
        [array([0., 1., 2.]), array([3., 4.])]
    """
    if not isinstance(indices_or_sections, numbers.Integral):
        return split(ary, indices_or_sections, axis)
    n, k = ary.shape[axis], indices_or_sections
    sizes = [n // k + 1] * (n % k) + [n // k] * (k - n % k)
    return split(ary, [int(i) for i in onp.cumsum(sizes)[:-1]], axis)


def tile(A, reps):  # noqa: N803  (numpy's name)
    """The array repeated `reps` times along each axis.

    Parameters:
        A: an np array.
        reps: an int or a tuple of ints, the repetitions per axis.

    Example:
        >>> np.tile(np.array([1.0, 2.0]), 2)
        array([1., 2., 1., 2.])
    """
    reps = (reps,) if isinstance(reps, numbers.Integral) else tuple(reps)
    return wrap(OPS["nd.tile"].call(unwrap(A, "np.tile"), reps=reps))


def repeat(a, repeats, axis=None):
    """Each element repeated `repeats` times (of the flattened array without `axis`).

    Parameters:
        a: an np array.
        repeats: an int, the repetitions of each element.
        axis: the axis to repeat along; None flattens first.

    Example:
        >>> np.repeat(np.array([1.0, 2.0]), 2)
        array([1., 1., 2., 2.])
    """
    x = unwrap(a, "np.repeat")
    check_axes("np.repeat", axis, x.shape)
    return wrap(OPS["nd.repeat"].call(x, repeats=repeats, axis=axis))


def flip(m, axis=None):
    """The elements in reverse order along `axis` (every axis by default): a copy.

    Parameters:
        m: an np array.
        axis: an int or a tuple of ints; None flips every axis.

    Example:
        >>> np.flip(np.arange(3))
        array([2., 1., 0.])
    """
    x = unwrap(m, "np.flip")
    axis = tuple(range(x.ndim)) if axis is None else axis
    check_axes("np.flip", axis, x.shape)
    return wrap(OPS["nd.flip"].call(x, axis=axis))


def broadcast_to(array, shape):
    """The array broadcast to `shape` (a copy).

    Parameters:
        array: an np array.
        shape: the target shape.

    Example:
        >>> np.broadcast_to(np.array([1.0, 2.0]), (2, 2))
        array([[1., 2.],
               [1., 2.]])
    """
    shape = (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)
    x = unwrap(array, "np.broadcast_to")
    if x.ndim < len(shape):
        x = as_shape(x, (1,) * (len(shape) - x.ndim) + x.shape)
    return wrap(OPS["nd.broadcast_to"].call(x, shape=shape))


FUNCTIONS = naming_errors({f.__name__: f for f in (
    reshape, transpose, swapaxes, moveaxis, expand_dims, squeeze, ravel, concatenate, stack,
    vstack, hstack, split, array_split, tile, repeat, flip, broadcast_to)})
