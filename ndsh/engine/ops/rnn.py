"""nd.RNN, MXNet's fused recurrent op: rnn_relu, rnn_tanh, lstm and gru over a whole sequence,
several layers, one or two directions, with MXNet's flat parameter vector.

The arithmetic is in rnn_kernels.py, the backward through time in rnn_backward.py. Here: the
arguments checked as MXNet checks them, the dropout masks drawn, and the op table's entries:
`RNN` (what users call), the primitive `_internal._rnn` / `_internal._rnn_lstm` (one recorded
node whose gradient computes every input's gradient in one pass from what the forward saved)
and `_internal._rnn_part`, which hands out out, h_T and c_T as views of the primitive's one
result.
"""
from __future__ import annotations

from numbers import Integral, Real

from ndsh.engine.define import op
from ndsh.engine.graph import STATE, parent_indices
from ndsh.engine.messages import NotAnArray
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops import rnn_backward, rnn_kernels
from ndsh.engine.ops.rnn_kernels import GATES, Spec

_CPU_ONLY_CUDNN = "only MXNet's cuDNN (GPU) build has it; its CPU build {what}"
_DEPARTS = (
    "use_sequence_length and lstm_state_clip_min/max are refused: MXNet 1.9.1 has them on GPU "
    "(cuDNN) only, and its CPU build refuses them for float64 and silently ignores them for "
    "float32. The dropout `p` is applied between layers while recording or in training mode "
    "for every float dtype, as MXNet's CPU build does for float64 (for float32 its oneDNN "
    "kernel ignores p). projection_size is refused for rnn_relu, rnn_tanh and gru (MXNet "
    "computes garbage there). float16 is refused, as in MXNet's CPU build (on a GPU too, where "
    "MXNet has it through cuDNN).")


class _Run:
    """What one call of the fused op carries from its forward to its gradient: the spec, the
    dropout masks, the indices of the inputs that want a gradient (the graph's parents of the
    node) and, while recording, what the forward saved. It is the primitive's one positional
    parameter, so the graph drops it with the node once backward is done."""

    __slots__ = ("spec", "masks", "wanted", "keep", "saved")

    def __init__(self, spec: Spec, masks, wanted: tuple, keep: bool):
        self.spec, self.masks, self.wanted = spec, masks, wanted
        self.keep, self.saved = keep, None

    def __repr__(self) -> str:
        return f"<RNN {self.spec.mode}, {self.spec.layers} layer(s)>"


def _forward(xp, data, parameters, state, state_cell, run):
    result, saved = rnn_kernels.forward(xp, run.spec, data, parameters, state, state_cell,
                                        run.masks, run.keep)
    if run.keep:
        run.saved = saved
    return result


def _vjp(xp, g, ans, data, parameters, state, *rest):
    *cell, run = rest
    if isinstance(g, NDArray):
        raise TypeError("RNN: its gradient cannot be differentiated again (create_graph=True "
                        "through nd.RNN); MXNet 1.9.1 has no second-order gradient for it "
                        "either")
    if run.saved is None:
        raise ValueError("RNN: the forward kept nothing for the gradient (it ran while no "
                         "input needed one)")
    spec = run.spec
    g_out, g_h, g_c = _split(spec, data.shape, g)
    d_data, d_params, d_h, d_c = rnn_backward.backward(
        xp, spec, run.saved, parameters, state, cell[0] if cell else None, g_out, g_h, g_c,
        *rnn_backward.wanted_ends(run.wanted))
    return (d_data, d_params, d_h, d_c) if cell else (d_data, d_params, d_h)


def _split(spec: Spec, data_shape, g):
    """The head gradients of out, h_T and c_T (None where there is none) in g."""
    if not spec.state_outputs:
        return g, None, None
    parts = [g[begin:begin + _size(shape)].reshape(shape)
             for begin, shape in _parts(spec, data_shape)]
    return parts[0], parts[1], parts[2] if len(parts) == 3 else None


def _size(shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


def _parts(spec: Spec, data_shape) -> list:
    """(begin, shape) of out, h_T (and c_T) in the flat result of state_outputs=True."""
    T, N = data_shape[:2]
    LD, R = spec.layers * spec.directions, spec.recurrent
    shapes = [(T, N, spec.directions * R), (LD, N, R)]
    if spec.mode == "lstm":
        shapes.append((LD, N, spec.hidden))
    begin, parts = 0, []
    for shape in shapes:
        parts.append((begin, shape))
        begin += _size(shape)
    return parts


@op(nin=3, vjp=_vjp, namespace="_internal", name="_rnn")
def _rnn(xp, data, parameters, state, run):
    """The fused RNN's recorded step for rnn_relu, rnn_tanh and gru (see nd.RNN)."""
    return _forward(xp, data, parameters, state, None, run)


@op(nin=4, vjp=_vjp, namespace="_internal", name="_rnn_lstm")
def _rnn_lstm(xp, data, parameters, state, state_cell, run):
    """The fused RNN's recorded step for lstm (see nd.RNN)."""
    return _forward(xp, data, parameters, state, state_cell, run)


def _part_vjp(xp, g, ans, whole, begin, shape):
    grad = xp.zeros(whole.shape, dtype=g.dtype)
    grad[begin:begin + g.size] = g.reshape(-1)
    return grad


@op(vjp=_part_vjp, keeps=(), returns_view=True, namespace="_internal", name="_rnn_part")
def _rnn_part(xp, whole, begin, shape):
    """One of the fused RNN's outputs: a view of its flat result (see nd.RNN)."""
    return whole[begin:begin + _size(shape)].reshape(shape)


def RNN(data, parameters, state, state_cell=None, sequence_length=None, state_size=None,
        num_layers=None, bidirectional=False, mode=None, p=0.0, state_outputs=False,
        projection_size=None, lstm_state_clip_min=None, lstm_state_clip_max=None,
        lstm_state_clip_nan=False, use_sequence_length=False):
    """Run a recurrent network (rnn_relu, rnn_tanh, lstm or gru) over a whole sequence: data
    (T, N, I) gives out (T, N, D*H), D = 2 if bidirectional; with state_outputs also the
    last states: [out, h_T] or, for lstm, [out, h_T, c_T], each (num_layers*D, N, H).

    `parameters` is MXNet's flat vector: first every weight, layer by layer and in each layer
    direction by direction, W_i2h (G*H, I_l) then W_h2h (G*H, H); then every bias in the same
    order, b_i2h then b_h2h (G*H each). G is 1, 4 or 3; I_l is I for the first layer and D*H
    after it. Gates: lstm i, f, g, o; gru r, z, n with n = tanh(x_n + r*(W_hn h + b_hn)).

    Parameters:
        data: the input sequence, (T, N, I): time first.
        parameters: the flat weights and biases, a 1-D array of the size the layout gives.
        state: the initial hidden state h_0, (num_layers*D, N, H).
        state_cell: the initial cell state c_0 of an lstm (required there, absent otherwise).
        sequence_length: per-sequence lengths; refused, as in MXNet's CPU build.
        state_size: H, the hidden size (required).
        num_layers: the number of stacked layers (required).
        bidirectional: also run each layer backwards in time and concatenate the two.
        mode: 'rnn_relu', 'rnn_tanh', 'lstm' or 'gru' (required).
        p: dropout on the outputs of each layer but the last, while recording or in
            training mode; 0 <= p < 1 (ndsh's random stream: nd.random.seed repeats it).
        state_outputs: also return the last states.
        projection_size: an lstm whose h is projected to this size by W_h2r (P, H),
            stored after W_h2h; inference only, as in MXNet's CPU build.
        lstm_state_clip_min, lstm_state_clip_max: refused (MXNet: cuDNN only).
        lstm_state_clip_nan: accepted; it only matters with clipping.
        use_sequence_length: refused (MXNet: cuDNN only).

    Example:
        >>> x = nd.array([[[1.0]], [[2.0]]])
        >>> w = nd.array([0.5, 0.5, 0.25, 0.25])
        >>> nd.RNN(x, w, nd.zeros((1, 1, 1)), state_size=1,
        ...        num_layers=1, mode='rnn_relu')
        <BLANKLINE>
        [[[1.]]
        <BLANKLINE>
         [[2.]]]
        <NDArray 2x1x1 @cpu(0)>
    """
    spec = _check(data, parameters, state, state_cell, sequence_length, state_size, num_layers,
                  bidirectional, mode, p, state_outputs, projection_size, lstm_state_clip_min,
                  lstm_state_clip_max, use_sequence_length)
    arrays = (data, parameters, state) if state_cell is None else \
        (data, parameters, state, state_cell)
    train = STATE.recording or STATE.training     # MXNet's training path: dropout applies
    if spec.projection and train:
        raise ValueError("RNN: an lstm with projection_size runs for inference only (outside "
                         "autograd.record() and training mode), as in MXNet's CPU build: "
                         "'No training support for LSTM with projection on CPU currently'")
    masks = _dropout_masks(data, spec, p) if train and p > 0 and spec.layers > 1 else None
    wanted = parent_indices(arrays) if STATE.recording else ()
    run = _Run(spec, masks, wanted, keep=bool(wanted))
    result = (_rnn if state_cell is None else _rnn_lstm)(*arrays, run)
    if not spec.state_outputs:
        return result
    return [_rnn_part(result, begin, shape) for begin, shape in _parts(spec, data.shape)]


op(kind="function", nin=4, departs=_DEPARTS)(RNN)


def _dropout_masks(data, spec: Spec, p: float):
    """One mask per layer but the last: 0 with probability p, else 1/(1-p) (the scale)."""
    from ndsh.engine.ops.random import uniform
    T, N = data.shape[:2]
    shape = (spec.layers - 1, T, N, spec.directions * spec.recurrent)
    draws = uniform(0, 1, shape=shape, ctx=data.context, dtype=data.dtype)._data
    return (draws >= p).astype(draws.dtype) * (1 / (1 - p))


def _check(data, parameters, state, state_cell, sequence_length, state_size, num_layers,
           bidirectional, mode, p, state_outputs, projection_size, clip_min, clip_max,
           use_sequence_length) -> Spec:
    """The spec of a call, after refusing what MXNet refuses (one paragraph each)."""
    if mode not in GATES:
        raise ValueError(f"RNN: mode must be one of 'rnn_relu', 'rnn_tanh', 'lstm', 'gru', "
                         f"not {mode!r}")
    for name, value in (("state_size", state_size), ("num_layers", num_layers)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
            raise ValueError(f"RNN: {name} must be a positive int (it is required), not "
                             f"{value!r}")
    if isinstance(p, bool) or not isinstance(p, Real) or not 0 <= p < 1:
        raise ValueError(f"RNN: the dropout p must be a number with 0 <= p < 1, not {p!r}")
    if use_sequence_length or sequence_length is not None:
        raise ValueError("RNN: use_sequence_length / sequence_length are not supported: "
                         + _CPU_ONLY_CUDNN.format(what="refuses them for float64 and ignores "
                                                       "them for float32"))
    if clip_min is not None or clip_max is not None:
        raise ValueError("RNN: lstm_state_clip_min / lstm_state_clip_max are not supported: "
                         + _CPU_ONLY_CUDNN.format(what="refuses them for float64 and ignores "
                                                       "them for float32"))
    _check_inputs(mode, data, parameters, state, state_cell)
    projection = 0
    if projection_size is not None:
        if mode != "lstm":
            raise ValueError(f"RNN: projection_size is for mode 'lstm' only, not {mode!r}")
        if isinstance(projection_size, bool) or not isinstance(projection_size, Integral) \
                or not 0 < projection_size:
            raise ValueError(f"RNN: projection_size must be a positive int, not "
                             f"{projection_size!r}")
        projection = int(projection_size)
    spec = Spec(mode, int(num_layers), 2 if bidirectional else 1, int(state_size), projection,
                data.shape[2], bool(state_outputs))
    _check_shapes(spec, data, parameters, state, state_cell)
    return spec


def _check_inputs(mode, data, parameters, state, state_cell) -> None:
    named = [("data", data), ("parameters", parameters), ("state", state)]
    if mode == "lstm":
        if state_cell is None:
            raise ValueError("RNN: mode 'lstm' needs state_cell, the initial cell state c_0 "
                             "(MXNet: 'expects 4 inputs, but got 3')")
        named.append(("state_cell", state_cell))
    elif state_cell is not None:
        raise ValueError(f"RNN: mode {mode!r} has no cell state; leave state_cell out (MXNet: "
                         f"'expects 3 inputs, but got 4')")
    for name, value in named:
        if not isinstance(value, NDArray):
            raise NotAnArray(f"RNN: {name} must be an NDArray, not {type(value).__name__}")
    if data.ndim != 3 or data.shape[0] == 0 or data.shape[1] == 0:
        raise ValueError(f"RNN: data must be (sequence length, batch size, input size) with "
                         f"at least one step and one sequence, not shape {data.shape}")
    dtype = data.dtype
    if data._data.dtype.kind != "f":
        raise TypeError(f"RNN: data has dtype {data._data.dtype.name}; RNN works on float "
                        f"arrays only (as in MXNet): convert with .astype('float32')")
    if data._data.dtype.itemsize == 2:
        raise TypeError("RNN: float16 is not supported (MXNet's CPU build: 'FP16 gemm on cpu "
                        "not implemented'); use float32")
    for name, value in named[1:]:
        if value.dtype != dtype:
            raise TypeError(f"RNN: {name} has dtype {value._data.dtype.name} but data has "
                            f"{data._data.dtype.name}; all inputs must have the same dtype")
        if value.context.device_type != data.context.device_type or (
                value.context.device_type == "gpu"
                and value.context.device_id != data.context.device_id):
            raise ValueError(f"RNN: {name} is on {value.context} but data is on "
                             f"{data.context}; all inputs must be on the same context")


def _check_shapes(spec: Spec, data, parameters, state, state_cell) -> None:
    T, N, _ = data.shape
    LD = spec.layers * spec.directions
    expected = spec.size()
    if parameters.shape != (expected,):
        raise ValueError(
            f"RNN: parameters has shape {parameters.shape}, but mode {spec.mode!r} with "
            f"{spec.layers} layer(s), {spec.directions} direction(s), input size "
            f"{spec.input_size}, state_size {spec.hidden}"
            + (f", projection_size {spec.projection}" if spec.projection else "")
            + f" needs a 1-D vector of {expected} values, shape ({expected},)")
    wanted = (LD, N, spec.recurrent)
    if state.shape != wanted:
        raise ValueError(f"RNN: state has shape {state.shape}, but data {data.shape} with "
                         f"{spec.layers} layer(s) x {spec.directions} direction(s) needs "
                         f"(num_layers*D, N, {'projection_size' if spec.projection else 'H'})"
                         f" = {wanted}")
    if state_cell is not None and state_cell.shape != (LD, N, spec.hidden):
        raise ValueError(f"RNN: state_cell has shape {state_cell.shape}, but data "
                         f"{data.shape} with {spec.layers} layer(s) x {spec.directions} "
                         f"direction(s) needs (num_layers*D, N, H) = {(LD, N, spec.hidden)}")
