"""Ops of the sequence and attention chapters: Embedding, SequenceMask (d2l's masked softmax),
SequenceLast, SequenceReverse, LayerNorm, batch_take and contrib.arange_like."""
from __future__ import annotations

import numpy as np

from ndsh.engine import backend
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array


def _rows(xp, data, input_dim):
    """Embedding's row numbers: float indices truncated, out-of-range ones clipped (MXNet)."""
    return xp.clip(data.astype(np.int64), 0, input_dim - 1)


def _embedding_weight_vjp(xp, g, ans, data, weight, input_dim=None, output_dim=None, **kw):
    grad = xp.zeros(weight.shape, dtype=g.dtype)
    backend.scatter_add(xp, grad, _rows(xp, data, weight.shape[0]).reshape(-1),
                        g.reshape(-1, weight.shape[1]))
    return grad


@op(nin=2, same_dtype=False, keeps=(0,),
    vjp=(lambda *a, **k: None, _embedding_weight_vjp),
    departs="`data` gets a zero gradient (MXNet refuses when data needs one).")
def Embedding(xp, data, weight, input_dim=None, output_dim=None, dtype="float32",
              sparse_grad=False):
    """Look up rows of `weight` (input_dim, output_dim) at the indices in `data`: the result
    has shape data.shape + (output_dim,). Indices are truncated and clipped to the table.

    Parameters:
        data: the indices, an NDArray of any shape (float indices are truncated).
        weight: the table, of shape (input_dim, output_dim).
        input_dim, output_dim: the table's shape, checked against `weight` when given.
        dtype: accepted for MXNet's sake; the result has the table's dtype.
        sparse_grad: accepted for MXNet's sake; ndsh's gradient is dense.

    Example:
        >>> nd.Embedding(nd.array([2, 0]), nd.arange(6).reshape((3, 2)), input_dim=3,
        ...              output_dim=2)
        <BLANKLINE>
        [[4. 5.]
         [0. 1.]]
        <NDArray 2x2 @cpu(0)>
    """
    if weight.ndim != 2:
        raise ValueError(f"Embedding: weight must be a 2-D table (input_dim, output_dim), got "
                         f"shape {weight.shape}")
    want = (weight.shape[0] if input_dim is None else int(input_dim),
            weight.shape[1] if output_dim is None else int(output_dim))
    if weight.shape != want:
        raise ValueError(f"Embedding: weight has shape {weight.shape} but input_dim={input_dim} "
                         f"and output_dim={output_dim} need {want}")
    return xp.take(weight, _rows(xp, data, weight.shape[0]), axis=0)


def _sequence_keep(xp, shape, sequence_length, axis):
    """True where the time step is below its sequence's length (lengths truncated)."""
    lengths = sequence_length.astype(np.int64)
    steps = xp.arange(shape[axis])
    extra = (1,) * (len(shape) - 2)
    if axis == 0:
        return steps.reshape((-1, 1) + extra) < lengths.reshape((1, -1) + extra)
    return steps.reshape((1, -1) + extra) < lengths.reshape((-1, 1) + extra)


@op(nin=2, same_dtype=False, keeps=(1,), namespace="_internal",
    vjp=(lambda xp, g, ans, data, sequence_length, value=0.0, axis=0:
         xp.where(_sequence_keep(xp, data.shape, sequence_length, axis), g, 0).astype(g.dtype),
         lambda *a, **k: None))
def _sequence_mask(xp, data, sequence_length, value=0.0, axis=0):
    """SequenceMask's recorded op (see nd.SequenceMask).

    Example:
        >>> nd.SequenceMask(nd.ones((2, 2)), nd.array([1, 2]), use_sequence_length=True)
        <BLANKLINE>
        [[1. 1.]
         [0. 1.]]
        <NDArray 2x2 @cpu(0)>
    """
    keep = _sequence_keep(xp, data.shape, sequence_length, axis)
    return xp.where(keep, data, xp.asarray(value, dtype=data.dtype)).astype(data.dtype)


def SequenceMask(data, sequence_length=None, use_sequence_length=False, value=0.0, axis=0):
    """Set the steps past each sequence's length to `value`. `axis` is the time axis (0:
    data is (T, B, ...), 1: (B, T, ...)); `sequence_length` holds B lengths (truncated to
    ints). Without use_sequence_length, data comes back unchanged.

    Parameters:
        data: the sequences: (T, B, ...) with axis=0, (B, T, ...) with axis=1.
        sequence_length: an NDArray of the B lengths.
        use_sequence_length: mask by `sequence_length`; with False, data comes back unchanged.
        value: what the masked steps become.
        axis: the time axis, 0 or 1.

    Example:
        >>> nd.SequenceMask(nd.ones((2, 3)), nd.array([1, 2]), use_sequence_length=True,
        ...                 axis=1, value=-1)
        <BLANKLINE>
        [[ 1. -1. -1.]
         [ 1.  1. -1.]]
        <NDArray 2x3 @cpu(0)>
    """
    if not isinstance(data, NDArray):
        raise TypeError(f"SequenceMask: data must be an NDArray, not {type(data).__name__}")
    if data.ndim < 2:
        raise ValueError(f"SequenceMask: data must have at least 2 dimensions (time and "
                         f"batch), got shape {data.shape}")
    if not use_sequence_length:
        if sequence_length is not None:
            raise ValueError("SequenceMask: sequence_length is given but "
                             "use_sequence_length=False, so it would be ignored; pass "
                             "use_sequence_length=True (MXNet refuses this call too)")
        return data * 1            # a new array, and recorded: gradients pass through
    if axis not in (0, 1):
        raise ValueError(f"SequenceMask: axis must be 0 or 1 on data of at least 2 dimensions, "
                         f"got axis={axis} and shape {data.shape}")
    if not isinstance(sequence_length, NDArray) or sequence_length.shape != (
            data.shape[1 - axis],):
        raise ValueError(f"SequenceMask: sequence_length must be an NDArray of shape "
                         f"({data.shape[1 - axis]},), one length per sequence of data "
                         f"{data.shape} (time axis {axis})")
    return _sequence_mask(data, sequence_length, value=value, axis=axis)


op(kind="function")(SequenceMask)


def _sequence_lengths(op_name, data, sequence_length, use_sequence_length, axis):
    """SequenceLast's and SequenceReverse's checks: the arrays, the axis, the lengths' shape."""
    if not isinstance(data, NDArray):
        raise TypeError(f"{op_name}: data must be an NDArray, not {type(data).__name__}")
    if data.ndim < 2:
        raise ValueError(f"{op_name}: data must have at least 2 dimensions (time and batch), "
                         f"got shape {data.shape}")
    if use_sequence_length and sequence_length is None:
        raise ValueError(f"{op_name}: use_sequence_length=True needs sequence_length, one "
                         f"length per sequence (MXNet: 'expects 2 inputs, but got 1')")
    if not use_sequence_length and sequence_length is not None:
        raise ValueError(f"{op_name}: sequence_length is given but use_sequence_length=False, "
                         f"so it would be ignored; pass use_sequence_length=True (MXNet "
                         f"refuses this call too)")
    batch = data.shape[1 - axis]
    if use_sequence_length and (not isinstance(sequence_length, NDArray)
                                or sequence_length.shape != (batch,)):
        raise ValueError(f"{op_name}: sequence_length must be an NDArray of shape ({batch},), "
                         f"one length per sequence of data {data.shape} (time axis {axis}), "
                         f"got {getattr(sequence_length, 'shape', type(sequence_length).__name__)}")


def _steps(xp, op_name, sequence_length, steps, lowest):
    """The lengths as MXNet reads them (truncated to integers), checked to lie in
    lowest..steps: MXNet reads outside the array for others."""
    with np.errstate(invalid="ignore"):
        lengths = sequence_length.astype(np.int64)
    if lengths.size and bool(((lengths < lowest) | (lengths > steps)).any()):
        raise ValueError(f"{op_name}: sequence_length must lie in {lowest}..{steps}, the "
                         f"number of time steps, got {sequence_length.tolist()}")
    return lengths


def _last_index(xp, data, sequence_length, axis):
    lengths = _steps(xp, "SequenceLast", sequence_length, data.shape[axis], 1)
    batch = xp.arange(data.shape[1 - axis])
    return (lengths - 1, batch) if axis == 0 else (batch, lengths - 1)


def _sequence_last_vjp(xp, g, ans, data, sequence_length, axis=0):
    grad = xp.zeros(data.shape, dtype=g.dtype)
    grad[_last_index(xp, data, sequence_length, axis)] = g
    return grad


@op(nin=2, same_dtype=False, keeps=(1,), namespace="_internal",
    vjp=(_sequence_last_vjp, lambda *a, **k: None))
def _sequence_last(xp, data, sequence_length, axis=0):
    """SequenceLast's recorded op (see nd.SequenceLast).

    Example:
        >>> nd.SequenceLast(nd.array([[1, 2], [3, 4]]), nd.array([1, 2]),
        ...                 use_sequence_length=True)
        <BLANKLINE>
        [1. 4.]
        <NDArray 2 @cpu(0)>
    """
    return data[_last_index(xp, data, sequence_length, axis)]


def SequenceLast(data, sequence_length=None, use_sequence_length=False, axis=0):
    """The last step of each sequence: data[length - 1] of each batch entry (the last time
    step without lengths). `axis` is the time axis (0: data is (T, B, ...), 1: (B, T,
    ...)); the result is (B, ...).

    Parameters:
        data: the sequences: (T, B, ...) with axis=0, (B, T, ...) with axis=1.
        sequence_length: an NDArray of the B lengths (truncated to ints), each 1..T.
        use_sequence_length: read `sequence_length`; with False, every sequence is T long.
        axis: the time axis, 0 or 1.

    Example:
        >>> nd.SequenceLast(nd.arange(6).reshape((3, 2)), nd.array([3, 1]),
        ...                 use_sequence_length=True)
        <BLANKLINE>
        [4. 1.]
        <NDArray 2 @cpu(0)>
    """
    if axis not in (0, 1):
        raise ValueError(f"SequenceLast: axis must be 0 or 1, got {axis}")
    _sequence_lengths("SequenceLast", data, sequence_length, use_sequence_length, axis)
    if sequence_length is None:
        steps, batch = data.shape[axis], data.shape[1 - axis]
        sequence_length = new_array(data.context.xp.full((batch,), steps, dtype=np.int32),
                                    data.context)
    return _sequence_last(data, sequence_length, axis=axis)


op(kind="function", nin=2, departs="A length outside 1..T is a ValueError (MXNet reads outside "
   "the array). The gradient without sequence_length is the true one (MXNet 1.9.1's backward "
   "reads uninitialised step numbers there: garbage or a crash).")(SequenceLast)


def _reverse_index(xp, data, sequence_length):
    lengths = _steps(xp, "SequenceReverse", sequence_length, data.shape[0], 0)[None, :]
    steps = xp.arange(data.shape[0])[:, None]
    return xp.where(steps < lengths, lengths - 1 - steps, steps), xp.arange(data.shape[1])


@op(nin=2, same_dtype=False, keeps=(1,), namespace="_internal",
    vjp=(lambda xp, g, ans, data, sequence_length: g[_reverse_index(xp, g, sequence_length)],
         lambda *a, **k: None))
def _sequence_reverse(xp, data, sequence_length):
    """SequenceReverse's recorded op (see nd.SequenceReverse).

    Example:
        >>> nd.SequenceReverse(nd.array([[1, 2], [3, 4]]), nd.array([2, 1]),
        ...                    use_sequence_length=True)
        <BLANKLINE>
        [[3. 2.]
         [1. 4.]]
        <NDArray 2x2 @cpu(0)>
    """
    return data[_reverse_index(xp, data, sequence_length)]


def SequenceReverse(data, sequence_length=None, use_sequence_length=False, axis=0):
    """Reverse each sequence along the time axis 0: the first length[b] steps of batch
    entry b are reversed, the padding after them stays where it is.

    Parameters:
        data: the sequences, (T, B, ...).
        sequence_length: an NDArray of the B lengths (truncated to ints), each 0..T.
        use_sequence_length: read `sequence_length`; with False, whole sequences reverse.
        axis: the time axis; only 0, as in MXNet.

    Example:
        >>> nd.SequenceReverse(nd.arange(6).reshape((3, 2)), nd.array([3, 2]),
        ...                    use_sequence_length=True)
        <BLANKLINE>
        [[4. 3.]
         [2. 1.]
         [0. 5.]]
        <NDArray 3x2 @cpu(0)>
    """
    if axis != 0:
        raise ValueError(f"SequenceReverse: axis must be 0 (MXNet's only time axis), got {axis}")
    _sequence_lengths("SequenceReverse", data, sequence_length, use_sequence_length, axis)
    if sequence_length is None:
        from ndsh.engine.ops.shape import flip
        return flip(data, axis=0)
    return _sequence_reverse(data, sequence_length)


op(kind="function", nin=2, departs="A length outside 0..T is a ValueError (MXNet reads outside "
   "the array).")(SequenceReverse)


def LayerNorm(data, gamma, beta, axis=-1, eps=1e-5, output_mean_var=False):
    """Normalise `data` along `axis` to zero mean and unit variance, then scale by `gamma`
    and shift by `beta` (both of length data.shape[axis]). With output_mean_var, also the
    mean and the standard deviation sqrt(var + eps), keeping the axis.

    Parameters:
        gamma: the scale, of length data.shape[axis].
        beta: the shift, of length data.shape[axis].
        axis: the axis to normalise along.
        eps: added to the variance before the square root.
        output_mean_var: also return the mean and the standard deviation.

    Example:
        >>> nd.LayerNorm(nd.array([[1, 2, 3]]), nd.ones((3,)), nd.zeros((3,)))
        <BLANKLINE>
        [[-1.2247357  0.         1.2247357]]
        <NDArray 1x3 @cpu(0)>
    """
    from ndsh.engine.ops.elementwise import sqrt
    from ndsh.engine.ops.shape import reshape
    if not isinstance(data, NDArray):
        raise TypeError(f"LayerNorm: data must be an NDArray, not {type(data).__name__}")
    if data._data.dtype.kind != "f":
        raise TypeError(f"LayerNorm: data must be a float array (as in MXNet), not "
                        f"{data._data.dtype}")
    from ndsh.engine.ops.axes import reduce_axes
    ax = reduce_axes("LayerNorm", data.shape, axis)[0]
    size = data.shape[ax]
    for name, p in (("gamma", gamma), ("beta", beta)):
        if not isinstance(p, NDArray) or p.shape != (size,):
            raise ValueError(f"LayerNorm: {name} must have shape ({size},) for axis {axis} of "
                             f"data {data.shape}, got {getattr(p, 'shape', type(p).__name__)}")
    along = tuple(size if i == ax else 1 for i in range(data.ndim))
    mean = data.mean(axis=ax, keepdims=True)
    centered = data - mean
    std = sqrt((centered * centered).mean(axis=ax, keepdims=True) + eps)
    out = centered / std * reshape(gamma, shape=along) + reshape(beta, shape=along)
    if not output_mean_var:
        return out
    # MXNet passes no gradient back through the mean and std outputs (a zero one, recorded)
    from ndsh.engine.ops.elementwise import stop_gradient
    return [out, stop_gradient(mean), stop_gradient(std)]


op(kind="function", nin=3)(LayerNorm)       # nin: data, gamma and beta get gradients


@op(nin=2, same_dtype=False, grad=False)
def batch_take(xp, a, indices):
    """One element per row of the 2-D `a`: `a[i, indices[i]]`, indices clipped to the row;
    the result has the shape of `indices` (MXNet's deprecated op; `nd.pick` has a gradient).

    Parameters:
        a: a 2-D array.
        indices: one column index per row of `a`.

    Example:
        >>> nd.batch_take(nd.array([[1, 2], [3, 4]]), nd.array([1, 0], dtype="int32"))
        <BLANKLINE>
        [2. 3.]
        <NDArray 2 @cpu(0)>
    """
    if a.ndim != 2 or indices.size != a.shape[0]:
        raise ValueError(f"batch_take: a must be 2-D and indices hold one index per row; got "
                         f"shapes {a.shape} and {indices.shape}")
    columns = xp.clip(indices.reshape(-1).astype(np.int64), 0, a.shape[1] - 1)
    return a[xp.arange(a.shape[0]), columns].reshape(indices.shape)


def arange_like(data, start=0.0, step=1.0, repeat=1, ctx=None, axis=None):
    """Numbers start, start + step, ... shaped like `data` (or, with `axis`, as long as that
    axis), each repeated `repeat` times; dtype and context of data.

    Parameters:
        data: the array whose shape (or axis), dtype and context the result takes.
        start: the first number.
        step: the difference between consecutive numbers.
        repeat: how many times each number appears in a row.
        ctx: accepted for MXNet's sake; the result is on data's context.
        axis: make a 1-D result as long as this axis of data; None: data's whole shape.

    Example:
        >>> nd.contrib.arange_like(nd.zeros((2, 3)), start=1)
        <BLANKLINE>
        [[1. 2. 3.]
         [4. 5. 6.]]
        <NDArray 2x3 @cpu(0)>
    """
    if not isinstance(data, NDArray):
        raise TypeError(f"arange_like: data must be an NDArray, not {type(data).__name__}")
    if int(repeat) < 1:
        raise ValueError(f"arange_like: repeat must be at least 1, got {repeat}")
    shape = data.shape if axis is None else (data.shape[axis],)
    count = int(np.prod(shape))
    if data._data.dtype.kind in "iu":        # MXNet casts start and step to the dtype first
        start, step = int(start), int(step)
    values = start + step * (np.arange(count) // int(repeat))
    xp = data.context.xp
    return new_array(xp.asarray(values.astype(data.dtype).reshape(shape)), data.context)


op(kind="function", grad=False, namespace="nd.contrib")(arange_like)
