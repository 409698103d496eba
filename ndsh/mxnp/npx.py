"""`mx.npx` (`mxnet.numpy_extension`): MXNet's operators that NumPy lacks, on np arrays (relu,
softmax, one_hot, pick, topk, sequence_mask, batch_dot, the layer ops...), the np-mode switches,
contexts and save/load. Each is a thin signature over one op of the table."""
from __future__ import annotations

from ndsh.engine import context, nd
from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp import convert as _convert  # noqa: F401  (as_np_ndarray, autograd on np)
from ndsh.mxnp import npx_random as random
from ndsh.mxnp.array import cast, unwrap, wrap, wrap_all
from ndsh.mxnp.npx_io import load, save
from ndsh.mxnp.npx_layers import LAYERS, table_op

_STATE = {"array": False, "shape": False}

Context, cpu, gpu, cpu_pinned = context.Context, context.cpu, context.gpu, context.cpu_pinned
current_context, num_gpus = context.current_context, context.num_gpus


def set_np(shape=True, array=True, dtype=False):
    """Turn on MXNet's numpy mode (what `npx.set_np()` does at the top of d2l's chapters).

    In ndsh, mx.np and nd work the same with or without it (NumPy shapes are always on); what
    it switches is Gluon's: with it, blocks take and return np arrays, parameters read as np
    arrays and unknown parameter dimensions read -1, as in MXNet 1.9.1.

    Parameters:
        shape: NumPy shape semantics (`is_np_shape()`; ndsh's arrays have them always).
        array: NumPy array semantics for Gluon (`is_np_array()`).
        dtype: NumPy's float64 default (not supported: must be False).

    Example:
        >>> npx.set_np(); npx.is_np_array()
        True
    """
    if dtype:
        raise NotImplementedError("npx.set_np(dtype=True) (float64 by default) is not in ndsh")
    if array and not shape:
        raise ValueError("npx.set_np: array=True needs shape=True, as in MXNet")
    _STATE.update(array=bool(array), shape=bool(shape))


def reset_np():
    """Turn MXNet's numpy mode off again (`is_np_array()` and `is_np_shape()` give False).

    Example:
        >>> npx.reset_np(); npx.is_np_array()
        False
        >>> npx.set_np()
    """
    _STATE.update(array=False, shape=False)


def _set_shape_mode(active: bool) -> bool:
    """mx.util.set_np_shape's switch (npx itself has none in MXNet): what `is_np_shape()` reports
    from now on; returns the previous state."""
    previous = _STATE["shape"]
    _STATE["shape"] = bool(active)
    return previous


def is_np_array() -> bool:
    """Whether numpy mode is on (after `npx.set_np()`).

    Example:
        >>> npx.set_np(); npx.is_np_array()
        True
    """
    return _STATE["array"]


def is_np_shape() -> bool:
    """Whether numpy shape mode is on (after `npx.set_np()`, off again after `npx.reset_np()`),
    as MXNet 1.9.1 reports it; ndsh's arrays have NumPy's shapes (0-d, zero-size) either way.

    Example:
        >>> npx.set_np(); npx.is_np_shape()
        True
        >>> npx.reset_np(); npx.is_np_shape()
        False
        >>> npx.set_np()
    """
    return _STATE["shape"]


def waitall() -> None:
    """Wait until every computation has finished (ndsh computes eagerly; on a GPU it syncs).

    Example:
        >>> npx.waitall()
    """
    nd.waitall()


relu = table_op("relu", "relu", """The rectifier max(x, 0), elementwise.

    Parameters:
        data: an np array.

    Example:
        >>> npx.relu(np.array([-1.0, 2.0]))
        array([0., 2.])
    """)
sigmoid = table_op("sigmoid", "sigmoid", """The logistic function 1 / (1 + exp(-x)), elementwise.

    Parameters:
        data: an np array.

    Example:
        >>> npx.sigmoid(np.array([0.0]))
        array([0.5])
    """)
softmax = table_op("softmax", "softmax", """exp(x) / sum(exp(x)) along `axis` (the last by default).

    Parameters:
        data: an np array.
        axis: the axis the values sum to one along.
        temperature: divide the inputs by it first.
        dtype: the dtype of the result.
        length: an np array of lengths, with use_length=True.
        use_length: take only the first `length` entries along the axis.

    Example:
        >>> npx.softmax(np.array([[1.0, 1.0]]))
        array([[0.5, 0.5]])
    """)
log_softmax = table_op("log_softmax", "log_softmax", """The logarithm of softmax, computed stably.

    Parameters:
        data: an np array.
        axis: the axis of the softmax.
        temperature: divide the inputs by it first.
        dtype: the dtype of the result.
        use_length: take only the first `length` entries along the axis.

    Example:
        >>> npx.log_softmax(np.array([[0.0, 0.0]]))
        array([[-0.6931472, -0.6931472]])
    """)
activation = table_op("activation", "Activation", """An activation named by `act_type`: 'relu',
    'sigmoid', 'tanh', 'softrelu' or 'softsign'.

    Parameters:
        data: an np array.
        act_type: the activation's name.

    Example:
        >>> npx.activation(np.array([-1.0, 2.0]), act_type='relu')
        array([0., 2.])
    """)
batch_dot = table_op("batch_dot", "batch_dot", """Matrix products of two stacks of matrices, pair by
    pair: (b, n, k) and (b, k, m) give (b, n, m).

    Parameters:
        lhs: an np array of shape (b, n, k).
        rhs: an np array of shape (b, k, m).
        transpose_a: transpose each lhs matrix first.
        transpose_b: transpose each rhs matrix first.

    Example:
        >>> npx.batch_dot(np.ones((2, 3, 4)), np.ones((2, 4, 5))).shape
        (2, 3, 5)
    """)
gamma = table_op("gamma", "gamma", """The gamma function, elementwise.

    Parameters:
        data: an np array.

    Example:
        >>> npx.gamma(np.array([4.0]))
        array([6.])
    """)
erf = table_op("erf", "erf", """The error function, elementwise.

    Parameters:
        data: an np array.

    Example:
        >>> npx.erf(np.array([0.0]))
        array([0.])
    """)
fully_connected = table_op("fully_connected", "FullyConnected", """A dense layer's op:
    x @ weight.T + bias (x flattened to 2-D first unless flatten=False).

    Parameters:
        data: an np array.
        weight: an np array of shape (num_hidden, in_units).
        bias: an np array of shape (num_hidden,), or None with no_bias=True.
        num_hidden: the number of outputs.
        no_bias: leave the bias out.
        flatten: flatten data to 2-D first.

    Example:
        >>> npx.fully_connected(np.ones((2, 3)), np.ones((4, 3)), np.zeros(4), num_hidden=4)
        array([[3., 3., 3., 3.],
               [3., 3., 3., 3.]])
    """)
dropout = table_op("dropout", "Dropout", """Zero each element with probability p while training
    (scaling the rest by 1/(1-p)); the identity otherwise.

    Parameters:
        data: an np array.
        p: the probability of zeroing.
        mode: 'training' (only under autograd.train_mode) or 'always'.
        axes: axes along which one mask is shared.
        cudnn_off: accepted for MXNet's sake.

    Example:
        >>> npx.dropout(np.ones(3), p=0.5)
        array([1., 1., 1.])
    """)


def one_hot(data, depth, on_value=1.0, off_value=0.0, dtype="float32"):
    """Indices as one-hot rows of length `depth` (float32 by default).

    Parameters:
        data: an np array of indices.
        depth: the length of each one-hot row.
        on_value: the value at the index.
        off_value: the value elsewhere.
        dtype: the element type of the result.

    Example:
        >>> npx.one_hot(np.array([0, 2]), 3)
        array([[1., 0., 0.],
               [0., 0., 1.]])
    """
    return wrap(OPS["nd.one_hot"].call(unwrap(data, "npx.one_hot"), depth, on_value=on_value,
                                       off_value=off_value, dtype=dtype))


def pick(data, index, axis=-1, mode="clip", keepdims=False):
    """The element at `index` along `axis` of each position: x[i, index[i]] for a 2-D x.

    Parameters:
        data: an np array.
        index: an np array of indices (any dtype), one per position of data without `axis`.
        axis: the axis to pick along.
        mode: 'clip' or 'wrap' for indices out of range.
        keepdims: keep `axis` with size 1.

    Example:
        >>> npx.pick(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0, 1]))
        array([1., 4.])
    """
    x = unwrap(data, "npx.pick")
    i = cast(unwrap(index, "npx.pick"), x._data.dtype)
    return wrap(OPS["nd.pick"].call(x, i, axis=axis, keepdims=keepdims, mode=mode))


def topk(data, axis=-1, k=1, ret_typ="indices", is_ascend=False, dtype="float32"):
    """The k largest (or smallest) elements along `axis`: their indices (float32 by default, as
    in MXNet), values, both, or a 0/1 mask, by `ret_typ`.

    Parameters:
        data: an np array.
        axis: the axis to search along.
        k: how many elements.
        ret_typ: 'indices', 'value', 'both' ([values, indices]) or 'mask'.
        is_ascend: the smallest instead of the largest.
        dtype: the dtype of the indices.

    Example:
        >>> npx.topk(np.array([[1.0, 3.0, 2.0]]), k=2)
        array([[1., 2.]])
    """
    result = OPS["nd.topk"].call(unwrap(data, "npx.topk"), axis=axis, k=k, ret_typ=ret_typ,
                                 is_ascend=is_ascend, dtype=dtype)
    return wrap_all(list(result) if isinstance(result, tuple) else result)


def sequence_mask(data, sequence_length=None, use_sequence_length=False, value=0.0, axis=0):
    """Entries past each sequence's length set to `value`: with axis=0, data is (time, batch,
    ...) and sequence_length holds one length per batch entry.

    Parameters:
        data: an np array.
        sequence_length: an np array of lengths, one per sequence.
        use_sequence_length: apply the lengths (False returns the data unchanged).
        value: the value written past each length.
        axis: the time axis, 0 or 1.

    Example:
        >>> npx.sequence_mask(np.ones((2, 3)), np.array([1, 2]), use_sequence_length=True, axis=1)
        array([[1., 0., 0.],
               [1., 1., 0.]])
    """
    x = unwrap(data, "npx.sequence_mask")
    lengths = None if sequence_length is None else unwrap(sequence_length, "npx.sequence_mask")
    return wrap(OPS["nd.SequenceMask"].call(x, lengths, use_sequence_length=use_sequence_length,
                                            value=value, axis=axis))


__all__ = ["set_np", "reset_np", "is_np_array", "is_np_shape", "relu", "sigmoid", "softmax",
           "log_softmax", "activation", "one_hot", "pick", "topk", "sequence_mask",
           "batch_dot", "gamma", "erf", "fully_connected", "dropout", "waitall", "save",
           "load", "random", "cpu", "gpu", "cpu_pinned", "num_gpus", "current_context",
           "Context", *LAYERS]
globals().update(LAYERS)


def __dir__() -> list:
    return sorted(__all__)
