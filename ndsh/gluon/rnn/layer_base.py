"""The base of the recurrent layers RNN, LSTM and GRU (MXNet 1.9.1's `gluon.rnn`, in
rnn_layer.py): a whole sequence, several layers, one or two directions, in one call of the
fused nd.RNN (no Python loop over time).

Each layer holds MXNet's parameters, named `{l|r}{layer}_{i2h|h2h}_{weight|bias}` (and
`_h2r_weight` for an LSTM with projection_size), concatenated on each forward into nd.RNN's
flat vector in MXNet's order. In parameter files they are saved under MXNet's keys
(`_unfused.0.i2h_weight`, or `_unfused.0.l_cell.i2h_weight` when bidirectional).
"""
from __future__ import annotations

import re

from ndsh.engine import NDArray, mxnet_errors
from ndsh.gluon.block import HybridBlock
from ndsh.gluon.np_mode import is_np, np_world, to_np
from ndsh.gluon.parameter import shape_is_known
from ndsh.gluon.rnn import basic_cells, cell_containers
from ndsh.gluon.rnn.cell_base import ZEROS

__all__: list[str] = []    # _RNNLayer is the base of rnn_layer.py's public layers

_GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}
_KEY = re.compile(r"(l|r)(\d+)_(i2h|h2h|h2r)_(weight|bias)\Z")


class _RNNLayer(HybridBlock):
    """What RNN, LSTM and GRU share: their parameters, begin_state, forward through nd.RNN,
    repr, and the parameter files' keys."""

    def __init__(self, hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                 i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                 h2h_bias_initializer, mode, projection_size, h2r_weight_initializer,
                 lstm_state_clip_min, lstm_state_clip_max, lstm_state_clip_nan, dtype,
                 use_sequence_length=False, **kwargs):
        super().__init__(**kwargs)
        if layout not in ("TNC", "NTC"):
            raise AssertionError(f"Invalid layout {layout}; must be one of ['TNC' or 'NTC']")
        self._hidden_size = hidden_size
        self._projection_size = projection_size if projection_size else None
        self._num_layers = num_layers
        self._mode = mode
        self._layout = layout
        self._dropout = dropout
        self._dir = 2 if bidirectional else 1
        self._input_size = input_size
        self._i2h_weight_initializer = i2h_weight_initializer
        self._h2h_weight_initializer = h2h_weight_initializer
        self._i2h_bias_initializer = i2h_bias_initializer
        self._h2h_bias_initializer = h2h_bias_initializer
        self._h2r_weight_initializer = h2r_weight_initializer
        self._lstm_state_clip_min = lstm_state_clip_min
        self._lstm_state_clip_max = lstm_state_clip_max
        self._lstm_state_clip_nan = lstm_state_clip_nan
        self._dtype = dtype
        self._use_sequence_length = use_sequence_length
        self.skip_states = None
        self._gates = _GATES[mode]
        self._register_all(i2h_weight_initializer, h2h_weight_initializer,
                           i2h_bias_initializer, h2h_bias_initializer, h2r_weight_initializer)

    def _register_all(self, i2h_weight_init, h2h_weight_init, i2h_bias_init, h2h_bias_init,
                      h2r_weight_init) -> None:
        ng, ni, nh = self._gates, self._input_size, self._hidden_size
        recurrent = self._projection_size or nh
        for i in range(self._num_layers):
            for j in ["l", "r"][:self._dir]:
                self._register_param(f"{j}{i}_i2h_weight", (ng * nh, ni), i2h_weight_init)
                self._register_param(f"{j}{i}_h2h_weight", (ng * nh, recurrent), h2h_weight_init)
                self._register_param(f"{j}{i}_i2h_bias", (ng * nh,), i2h_bias_init)
                self._register_param(f"{j}{i}_h2h_bias", (ng * nh,), h2h_bias_init)
                if self._projection_size:
                    self._register_param(f"{j}{i}_h2r_weight", (recurrent, nh),
                                         h2r_weight_init)
            ni = recurrent * self._dir

    def _register_param(self, name, shape, init):
        param = self.params.get(name, shape=shape, init=init, allow_deferred_init=True,
                                dtype=self._dtype)
        setattr(self, name, param)
        return param

    def __repr__(self) -> str:
        text = f"{type(self).__name__}({{mapping}}, {self._layout}"
        if self._num_layers != 1:
            text += f", num_layers={self._num_layers}"
        if self._dropout != 0:
            text += f", dropout={self._dropout}"
        if self._dir == 2:
            text += ", bidirectional"
        shape = self.l0_i2h_weight.shape
        mapping = f"{shape[1] if shape[1] else None} -> {shape[0] // self._gates}"
        return text.format(mapping=mapping) + ")"

    def _collect_params_with_prefix(self, prefix: str = "") -> dict:
        """The parameters under MXNet's keys in parameter files: `_unfused.0.i2h_weight`, or
        `_unfused.0.l_cell.i2h_weight` when bidirectional (the cells' names, kept for files
        written before the layers were fused)."""
        if prefix:
            prefix += "."
        matches = {key: _KEY.match(key) for key in self._reg_params}
        bidirectional = any(m.group(1) == "r" for m in matches.values())

        def convert(m) -> str:
            direction, layer, kind, what = m.groups()
            if bidirectional:
                return f"_unfused.{layer}.{direction}_cell.{kind}_{what}"
            return f"_unfused.{layer}.{kind}_{what}"

        found = {prefix + convert(matches[key]): value for key, value in self._reg_params.items()}
        for name, child in self._children.items():
            found.update(child._collect_params_with_prefix(prefix + name))
        return found

    def state_info(self, batch_size: int = 0) -> list:
        """The shape, layout and dtype of each state.

        Parameters:
            batch_size: the batch size N.
        """
        raise NotImplementedError

    def _unfuse(self):
        """The same network as a HybridSequentialRNNCell of cells sharing this layer's
        parameters (one cell, or a BidirectionalCell, per layer; DropoutCells between)."""
        if self._projection_size:
            raise AssertionError("_unfuse does not support projection layer yet!")
        if self._lstm_state_clip_min or self._lstm_state_clip_max:
            raise AssertionError("_unfuse does not support state clipping yet!")
        make = {"rnn_relu": lambda **kw: basic_cells.RNNCell(self._hidden_size, "relu", **kw),
                "rnn_tanh": lambda **kw: basic_cells.RNNCell(self._hidden_size, "tanh", **kw),
                "lstm": lambda **kw: basic_cells.LSTMCell(self._hidden_size, **kw),
                "gru": lambda **kw: basic_cells.GRUCell(self._hidden_size, **kw)}[self._mode]
        stack = cell_containers.HybridSequentialRNNCell(prefix=self.prefix, params=self.params)
        with stack.name_scope():
            ni = self._input_size
            for i in range(self._num_layers):
                kwargs = {"input_size": ni,
                          "i2h_weight_initializer": self._i2h_weight_initializer,
                          "h2h_weight_initializer": self._h2h_weight_initializer,
                          "i2h_bias_initializer": self._i2h_bias_initializer,
                          "h2h_bias_initializer": self._h2h_bias_initializer}
                if self._dir == 2:
                    stack.add(cell_containers.BidirectionalCell(
                        make(prefix=f"l{i}_", **kwargs), make(prefix=f"r{i}_", **kwargs)))
                else:
                    stack.add(make(prefix=f"l{i}_", **kwargs))
                if self._dropout > 0 and i != self._num_layers - 1:
                    stack.add(cell_containers.DropoutCell(self._dropout))
                ni = self._hidden_size * self._dir
        return stack

    def cast(self, dtype) -> None:
        """Change the dtype of the parameters and of the default begin states.

        Parameters:
            dtype: the new type ('float64'...).

        Example:
            >>> layer = gluon.rnn.GRU(2, input_size=1); layer.initialize()
            >>> layer.cast('float64'); layer(nd.ones((1, 1, 1), dtype='float64')).dtype
            <class 'numpy.float64'>
        """
        super().cast(dtype)
        self._dtype = dtype

    def begin_state(self, batch_size: int = 0, func=ZEROS, **kwargs) -> list:
        """The initial states: func(name=..., shape=..., dtype=..., **kwargs) for each state,
        (num_layers*D, batch_size, H) each (D = 2 when bidirectional).

        Parameters:
            batch_size: the batch size N.
            func: what makes each state: nd.zeros (default), nd.ones, nd.random.uniform...
            **kwargs: more arguments for func (ctx, dtype, low, high...).

        Example:
            >>> layer = gluon.rnn.LSTM(4, num_layers=2)
            >>> [s.shape for s in layer.begin_state(batch_size=3)]
            [(2, 3, 4), (2, 3, 4)]
            >>> gluon.rnn.GRU(2).begin_state(1, func=nd.ones)
            [
            [[[1. 1.]]]
            <NDArray 1x1x2 @cpu(0)>]
        """
        states = []
        for i, info in enumerate(self.state_info(batch_size)):
            info = kwargs if info is None else dict(info, **kwargs)
            states.append(func(name=f"{self.prefix}h0_{i}", **info))
        return to_np(states) if np_world() else states      # np mode: np arrays, as MXNet

    def __call__(self, inputs, states=None, sequence_length=None, **kwargs):
        """Run the layer: `layer(x)` gives the output, `layer(x, states)` (output, states)."""
        self.skip_states = states is None
        if isinstance(inputs, NDArray) and inputs.ndim != 3:
            raise mxnet_errors.ValueError(
                f"{type(self).__name__} '{self.name}': the input must be 3-D, "
                f"{self._layout} (sequence length T, batch size N, features C in the layout's "
                f"order), not of shape {inputs.shape}")
        if states is None:
            batch_size = inputs.shape[self._layout.find("N")]
            states = self.begin_state(batch_size, ctx=inputs.context, dtype=inputs.dtype)
        if isinstance(states, NDArray) or is_np(states):
            states = [states]
        if self._use_sequence_length:
            return super().__call__(inputs, states, sequence_length, **kwargs)
        return super().__call__(inputs, states, **kwargs)

    def infer_shape(self, inputs, *args) -> None:
        """Set the input size of the first layer's i2h weights from the input (its last axis).

        Parameters:
            inputs: the input sequence.
            *args: the states (ignored).

        Example:
            >>> layer = gluon.rnn.LSTM(3, bidirectional=True)
            >>> layer.infer_shape(nd.ones((5, 2, 7)))
            >>> layer.l0_i2h_weight.shape, layer.r0_i2h_weight.shape
            ((12, 7), (12, 7))
        """
        for j in ["l", "r"][:self._dir]:
            param = getattr(self, f"{j}0_i2h_weight")
            if not shape_is_known(param.shape):
                param.shape = (self._gates * self._hidden_size, inputs.shape[2])

    def hybrid_forward(self, F, inputs, states, sequence_length=None, **kwargs):
        """Check the input and the states, then run nd.RNN once over the whole sequence.

        Parameters:
            F: the namespace of ops, `nd`.
            inputs: the sequence, in the layer's layout.
            states: the list of initial states.
            sequence_length: MXNet's per-sequence lengths (cuDNN only; refused by nd.RNN).
            **kwargs: the layer's parameters by name.
        """
        batch_size = inputs.shape[self._layout.find("N")]
        self._check_input(inputs, kwargs["l0_i2h_weight"])
        for i, (state, info) in enumerate(zip(states, self.state_info(batch_size))):
            if state.shape != info["shape"]:
                raise mxnet_errors.ValueError(
                    f"Invalid recurrent state shape. Expecting {info['shape']}, got "
                    f"{state.shape}. ({type(self).__name__} '{self.name}', state {i} of "
                    f"{len(self.state_info())}: (num_layers*directions, batch size, size))")
        out = self._forward_kernel(F, inputs, states, sequence_length, **kwargs)
        return out[0] if self.skip_states else out

    def _check_input(self, inputs, weight) -> None:
        features = inputs.shape[2]
        if features != weight.shape[1]:
            raise mxnet_errors.ValueError(
                f"{type(self).__name__} '{self.name}': Shape inconsistent: the input of shape "
                f"{inputs.shape} (layout {self._layout}) has {features} features, but the "
                f"layer's input size is {weight.shape[1]}: {self.l0_i2h_weight.name} has shape "
                f"{weight.shape}, set by input_size or by the first input it ran on.")

    def _forward_kernel(self, F, inputs, states, sequence_length, **kwargs):
        if self._layout == "NTC":
            inputs = F.swapaxes(inputs, 0, 1)
        kinds = ["i2h", "h2h", "h2r"] if self._projection_size else ["i2h", "h2h"]
        params = [kwargs[f"{d}{layer}_{kind}_{what}"].reshape(-1)
                  for what in ["weight", "bias"]
                  for layer in range(self._num_layers)
                  for d in ["l", "r"][:self._dir]
                  for kind in kinds if kind != "h2r" or what != "bias"]
        params = F.concat(*params, dim=0)
        rnn = F.RNN(inputs, params, *states, sequence_length=sequence_length,
                    use_sequence_length=self._use_sequence_length,
                    state_size=self._hidden_size, projection_size=self._projection_size,
                    num_layers=self._num_layers, bidirectional=self._dir == 2,
                    p=self._dropout, state_outputs=True, mode=self._mode,
                    lstm_state_clip_min=self._lstm_state_clip_min,
                    lstm_state_clip_max=self._lstm_state_clip_max,
                    lstm_state_clip_nan=self._lstm_state_clip_nan)
        if self._mode == "lstm":
            outputs, states = rnn[0], [rnn[1], rnn[2]]
        else:
            outputs, states = rnn[0], [rnn[1]]
        if self._layout == "NTC":
            outputs = F.swapaxes(outputs, 0, 1)
        return outputs, states
