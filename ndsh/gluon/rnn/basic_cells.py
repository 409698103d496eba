"""The recurrent cells that own weights (MXNet 1.9.1's): RNNCell, LSTMCell and GRUCell. Each
has i2h_weight (G*H, C), h2h_weight (G*H, H), i2h_bias and h2h_bias (G*H,), G = 1, 4, 3, the
gates in MXNet's order (lstm i, f, g, o; gru r, z, n), and computes one step per call.
"""
from __future__ import annotations

from ndsh.engine import mxnet_errors
from ndsh.gluon.rnn.cell_base import HybridRecurrentCell

__all__ = ["RNNCell", "LSTMCell", "GRUCell"]


class _GatedCell(HybridRecurrentCell):
    """What the three cells share: their four parameters, deferred input size, the check of
    the input's size, and repr's `C -> G*H` mapping."""

    _gates = 1

    def __init__(self, hidden_size, i2h_weight_initializer, h2h_weight_initializer,
                 i2h_bias_initializer, h2h_bias_initializer, input_size, prefix, params):
        super().__init__(prefix=prefix, params=params)
        self._hidden_size = hidden_size
        self._input_size = input_size
        rows = self._gates * hidden_size
        self.i2h_weight = self.params.get("i2h_weight", shape=(rows, input_size),
                                          init=i2h_weight_initializer, allow_deferred_init=True)
        self.h2h_weight = self.params.get("h2h_weight", shape=(rows, hidden_size),
                                          init=h2h_weight_initializer, allow_deferred_init=True)
        self.i2h_bias = self.params.get("i2h_bias", shape=(rows,), init=i2h_bias_initializer,
                                        allow_deferred_init=True)
        self.h2h_bias = self.params.get("h2h_bias", shape=(rows,), init=h2h_bias_initializer,
                                        allow_deferred_init=True)

    def state_info(self, batch_size: int = 0) -> list:
        """The shape of the hidden state, (batch_size, hidden_size), with layout 'NC'.

        Parameters:
            batch_size: the batch size N.

        Example:
            >>> gluon.rnn.RNNCell(4).state_info(3)
            [{'shape': (3, 4), '__layout__': 'NC'}]
        """
        return [{"shape": (batch_size, self._hidden_size), "__layout__": "NC"}]

    def infer_shape(self, inputs, *args) -> None:
        """Set the input size of i2h_weight from the first input (its size past axis 0).

        Parameters:
            inputs: the step's input.
            *args: the states (ignored).

        Example:
            >>> cell = gluon.rnn.GRUCell(2); cell.infer_shape(nd.ones((1, 5)))
            >>> cell.i2h_weight.shape
            (6, 5)
        """
        self.i2h_weight.shape = (self._gates * self._hidden_size, _features(inputs))

    def _check_input(self, inputs, i2h_weight) -> None:
        features = _features(inputs)
        if features != i2h_weight.shape[1]:
            raise mxnet_errors.ValueError(
                f"{type(self).__name__} '{self.name}': Shape inconsistent: the input of shape "
                f"{inputs.shape} has {features} features, but the cell's input size is "
                f"{i2h_weight.shape[1]} ({self.i2h_weight.name} has shape {i2h_weight.shape}, "
                f"set by input_size or by the first input it ran on).")

    def _mapping(self) -> str:
        shape = self.i2h_weight.shape
        return f"{shape[1] if shape[1] else None} -> {shape[0]}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._mapping()})"


def _features(x) -> int:
    size = 1
    for dim in x.shape[1:]:
        size *= dim
    return size


class RNNCell(_GatedCell):
    """An Elman RNN cell: h_t = activation(W_i2h x_t + b_i2h + W_h2h h_{t-1} + b_h2h); its
    output is h_t and its one state h_t.

    Parameters:
        hidden_size: H, the size of the hidden state.
        activation: 'tanh' (default), 'relu', another Activation act_type, a LeakyReLU
            block, or a callable.
        i2h_weight_initializer: the initializer of i2h_weight (H, C); None takes
            initialize()'s.
        h2h_weight_initializer: the initializer of h2h_weight (H, H).
        i2h_bias_initializer: the initializer of i2h_bias, 'zeros'.
        h2h_bias_initializer: the initializer of h2h_bias, 'zeros'.
        input_size: C, the input's size; 0 leaves it to the first input.
        prefix: the prefix of the names (`rnn0_`).
        params: a ParameterDict to share.

    Example:
        >>> cell = gluon.rnn.RNNCell(3, activation='relu'); cell
        RNNCell(None -> 3, relu)
        >>> cell.initialize(mx.init.One())
        >>> out, states = cell(nd.ones((2, 4)), cell.begin_state(batch_size=2))
        >>> out
        <BLANKLINE>
        [[4. 4. 4.]
         [4. 4. 4.]]
        <NDArray 2x3 @cpu(0)>
        >>> list(cell.collect_params().keys())
        ['rnn0_i2h_weight', 'rnn0_h2h_weight', 'rnn0_i2h_bias', 'rnn0_h2h_bias']
    """

    def __init__(self, hidden_size: int, activation="tanh", i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", input_size: int = 0, prefix: str | None = None,
                 params=None):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer,
                         i2h_bias_initializer, h2h_bias_initializer, input_size, prefix, params)
        self._activation = activation

    def _alias(self) -> str:
        return "rnn"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._mapping()}, {self._activation})"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        self._check_input(inputs, i2h_weight)
        i2h = F.FullyConnected(inputs, i2h_weight, i2h_bias, num_hidden=self._hidden_size)
        h2h = F.FullyConnected(states[0], h2h_weight, h2h_bias, num_hidden=self._hidden_size)
        output = self._get_activation(F, F.elemwise_add(i2h, h2h), self._activation)
        return output, [output]


class LSTMCell(_GatedCell):
    """A long short-term memory cell: gates i, f, g, o from W_i2h x_t + b_i2h + W_h2h h_{t-1}
    + b_h2h (in that order), c_t = f*c_{t-1} + i*g, h_t = o*tanh(c_t); its output is h_t and
    its states [h_t, c_t]. repr shows 4*H as the output size, as MXNet's does.

    Parameters:
        hidden_size: H, the size of the hidden and cell states.
        i2h_weight_initializer: the initializer of i2h_weight (4H, C); None takes
            initialize()'s.
        h2h_weight_initializer: the initializer of h2h_weight (4H, H).
        i2h_bias_initializer: the initializer of i2h_bias, 'zeros'.
        h2h_bias_initializer: the initializer of h2h_bias, 'zeros'.
        input_size: C, the input's size; 0 leaves it to the first input.
        prefix: the prefix of the names (`lstm0_`).
        params: a ParameterDict to share.
        activation: the activation of g and of c_t, 'tanh'.
        recurrent_activation: the activation of the gates i, f, o, 'sigmoid'.

    Example:
        >>> cell = gluon.rnn.LSTMCell(2, input_size=3); cell
        LSTMCell(3 -> 8)
        >>> cell.initialize(mx.init.Zero())
        >>> out, (h, c) = cell(nd.ones((1, 3)), cell.begin_state(batch_size=1))
        >>> out.shape, h.shape, c.shape
        ((1, 2), (1, 2), (1, 2))
    """

    _gates = 4

    def __init__(self, hidden_size: int, i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", input_size: int = 0, prefix: str | None = None,
                 params=None, activation="tanh", recurrent_activation="sigmoid"):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer,
                         i2h_bias_initializer, h2h_bias_initializer, input_size, prefix, params)
        self._activation = activation
        self._recurrent_activation = recurrent_activation

    def state_info(self, batch_size: int = 0) -> list:
        """The shapes of h and c, each (batch_size, hidden_size), layout 'NC'.

        Parameters:
            batch_size: the batch size N.

        Example:
            >>> len(gluon.rnn.LSTMCell(4).state_info(3))
            2
        """
        return [{"shape": (batch_size, self._hidden_size), "__layout__": "NC"},
                {"shape": (batch_size, self._hidden_size), "__layout__": "NC"}]

    def _alias(self) -> str:
        return "lstm"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        self._check_input(inputs, i2h_weight)
        rows = self._hidden_size * 4
        i2h = F.FullyConnected(inputs, i2h_weight, i2h_bias, num_hidden=rows)
        h2h = F.FullyConnected(states[0], h2h_weight, h2h_bias, num_hidden=rows)
        gates = F.SliceChannel(F.elemwise_add(i2h, h2h), num_outputs=4)
        recurrent = self._recurrent_activation
        in_gate = self._get_activation(F, gates[0], recurrent)
        forget_gate = self._get_activation(F, gates[1], recurrent)
        in_transform = self._get_activation(F, gates[2], self._activation)
        out_gate = self._get_activation(F, gates[3], recurrent)
        next_c = F.elemwise_add(F.elemwise_mul(forget_gate, states[1]),
                                F.elemwise_mul(in_gate, in_transform))
        next_h = F.elemwise_mul(out_gate, F.Activation(next_c, act_type=self._activation))
        return next_h, [next_h, next_c]


class GRUCell(_GatedCell):
    """A gated recurrent unit cell (cuDNN's form: the reset gate multiplies W_hn h + b_hn):
    r, z from the first two thirds of i2h + h2h, n = tanh(i2h_n + r*h2h_n),
    h_t = (1 - z)*n + z*h_{t-1}; its output is h_t and its one state h_t.

    Parameters:
        hidden_size: H, the size of the hidden state.
        i2h_weight_initializer: the initializer of i2h_weight (3H, C); None takes
            initialize()'s.
        h2h_weight_initializer: the initializer of h2h_weight (3H, H).
        i2h_bias_initializer: the initializer of i2h_bias, 'zeros'.
        h2h_bias_initializer: the initializer of h2h_bias, 'zeros'.
        input_size: C, the input's size; 0 leaves it to the first input.
        prefix: the prefix of the names (`gru0_`).
        params: a ParameterDict to share.

    Example:
        >>> cell = gluon.rnn.GRUCell(2); cell
        GRUCell(None -> 6)
        >>> cell.initialize(mx.init.Zero())
        >>> outputs, states = cell.unroll(2, nd.ones((1, 2, 3)), merge_outputs=True)
        >>> outputs, cell
        (
        [[[0. 0.]
          [0. 0.]]]
        <NDArray 1x2x2 @cpu(0)>, GRUCell(3 -> 6))
    """

    _gates = 3

    def __init__(self, hidden_size: int, i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", input_size: int = 0, prefix: str | None = None,
                 params=None):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer,
                         i2h_bias_initializer, h2h_bias_initializer, input_size, prefix, params)

    def _alias(self) -> str:
        return "gru"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        self._check_input(inputs, i2h_weight)
        prev_h = states[0]
        rows = self._hidden_size * 3
        i2h = F.FullyConnected(inputs, i2h_weight, i2h_bias, num_hidden=rows)
        h2h = F.FullyConnected(prev_h, h2h_weight, h2h_bias, num_hidden=rows)
        i2h_r, i2h_z, i2h = F.SliceChannel(i2h, num_outputs=3)
        h2h_r, h2h_z, h2h = F.SliceChannel(h2h, num_outputs=3)
        reset_gate = F.Activation(F.elemwise_add(i2h_r, h2h_r), act_type="sigmoid")
        update_gate = F.Activation(F.elemwise_add(i2h_z, h2h_z), act_type="sigmoid")
        candidate = F.Activation(F.elemwise_add(i2h, F.elemwise_mul(reset_gate, h2h)),
                                 act_type="tanh")
        ones = F.ones_like(update_gate)
        next_h = F.elemwise_add(F.elemwise_mul(F.elemwise_sub(ones, update_gate), candidate),
                                F.elemwise_mul(update_gate, prev_h))
        return next_h, [next_h]
