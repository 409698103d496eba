"""NumPy's variants of stacking, splitting and flipping in `mx.np`, written over the core shape
functions (so over the table's ops, with gradients): atleast_1d/2d/3d, column_stack, dstack,
hsplit, vsplit, fliplr, flipud, meshgrid."""
from __future__ import annotations

from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.mxnp import shape
from ndsh.mxnp.array import ndarray
from ndsh.mxnp.naming import naming_errors


def _atleast(arrays, ndim: int, where):
    out = []
    for a in arrays:
        if not isinstance(a, ndarray):
            raise TypeError(f"np.atleast_{ndim}d: give np arrays")
        if a.ndim < ndim:
            a = shape.reshape(a, where(a.shape))
        out.append(a)
    return out[0] if len(out) == 1 else out


def atleast_1d(*arys):
    """Each array with at least one dimension (a 0-d array becomes shape (1,)).

    Parameters:
        *arys: np arrays.

    Example:
        >>> np.atleast_1d(np.array(1.0))
        array([1.])
    """
    return _atleast(arys, 1, lambda s: s or (1,))


def atleast_2d(*arys):
    """Each array with at least two dimensions ((n,) becomes (1, n)).

    Parameters:
        *arys: np arrays.

    Example:
        >>> np.atleast_2d(np.ones(2))
        array([[1., 1.]])
    """
    return _atleast(arys, 2, lambda s: (1,) * (2 - len(s)) + s)


def atleast_3d(*arys):
    """Each array with at least three dimensions ((n,) becomes (1, n, 1), (m, n) (m, n, 1)).

    Parameters:
        *arys: np arrays.

    Example:
        >>> np.atleast_3d(np.ones(2)).shape
        (1, 2, 1)
    """
    return _atleast(arys, 3, lambda s: {0: (1, 1, 1), 1: (1,) + s + (1,), 2: s + (1,)}[len(s)])


def column_stack(tup):
    """1-D arrays as the columns of a 2-D array (2-D arrays joined along axis 1).

    Parameters:
        tup: a list or tuple of np arrays.

    Example:
        >>> np.column_stack([np.ones(2), np.zeros(2)])
        array([[1., 0.],
               [1., 0.]])
    """
    columns = [shape.reshape(a, (-1, 1)) if isinstance(a, ndarray) and a.ndim < 2 else a
               for a in tup]
    return shape.concatenate(columns, axis=1)


def dstack(tup):
    """Arrays joined along a third axis (after atleast_3d).

    Parameters:
        tup: a list or tuple of np arrays.

    Example:
        >>> np.dstack([np.ones(2), np.zeros(2)]).shape
        (1, 2, 2)
    """
    parts = [atleast_3d(a) for a in tup]
    return shape.concatenate(parts, axis=2)


def hsplit(ary, indices_or_sections):
    """np.split along axis 1 (axis 0 for a 1-D array).

    Parameters:
        ary: an np array.
        indices_or_sections: how many equal parts, or the indices to cut at.

    Example:
        >>> [a.shape for a in np.hsplit(np.ones((2, 4)), 2)]
        [(2, 2), (2, 2)]
    """
    return shape.split(ary, indices_or_sections, axis=1 if ary.ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    """np.split along axis 0 (the array needs two dimensions or more).

    Parameters:
        ary: an np array of at least 2 dimensions.
        indices_or_sections: how many equal parts, or the indices to cut at.

    Example:
        >>> np.vsplit(np.arange(4).reshape(2, 2), 2)
        [array([[0., 1.]]), array([[2., 3.]])]
    """
    if ary.ndim < 2:
        raise ValueError("np.vsplit only works on arrays of 2 or more dimensions")
    return shape.split(ary, indices_or_sections, axis=0)


def fliplr(m):
    """The columns in reverse order (np.flip along axis 1).

    Parameters:
        m: an np array of at least 2 dimensions.

    Example:
        >>> np.fliplr(np.arange(4).reshape(2, 2))
        array([[1., 0.],
               [3., 2.]])
    """
    return shape.flip(m, axis=1)


def flipud(m):
    """The rows in reverse order (np.flip along axis 0).

    Parameters:
        m: an np array.

    Example:
        >>> np.flipud(np.arange(4).reshape(2, 2))
        array([[2., 3.],
               [0., 1.]])
    """
    return shape.flip(m, axis=0)


def meshgrid(*xi, indexing="xy", sparse=False, copy=True):
    """Coordinate grids from 1-D coordinate arrays: with indexing='xy' (the default) the first
    array varies along the columns, with 'ij' along the rows.

    Parameters:
        *xi: 1-D np arrays.
        indexing: 'xy' (Cartesian) or 'ij' (matrix).
        sparse: not supported (MXNet's np has no sparse grids either); must be False.
        copy: accepted for NumPy's sake.

    Example:
        >>> X, Y = np.meshgrid(np.arange(3), np.arange(2)); X
        array([[0., 1., 2.],
               [0., 1., 2.]])
    """
    if indexing not in ("xy", "ij"):
        raise ValueError(f"np.meshgrid: indexing must be 'xy' or 'ij', not {indexing!r}")
    if sparse:
        raise NotImplementedError("np.meshgrid(sparse=True) is not in ndsh")
    sizes = [shape.ravel(x).size for x in xi]
    if indexing == "xy" and len(xi) > 1:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for i, x in enumerate(xi):
        axis = (1 if i == 0 else 0 if i == 1 else i) if indexing == "xy" and len(xi) > 1 else i
        view = [1] * len(xi)
        view[axis] = -1
        grids.append(shape.broadcast_to(shape.reshape(x, tuple(view)), tuple(sizes)))
    return grids


FUNCTIONS = naming_errors({f.__name__: f for f in (
    atleast_1d, atleast_2d, atleast_3d, column_stack, dstack, hsplit, vsplit, fliplr, flipud,
    meshgrid)})
