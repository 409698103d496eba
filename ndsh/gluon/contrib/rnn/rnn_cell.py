"""LSTMPCell (MXNet 1.9.1's gluon.contrib.rnn): an LSTM cell whose hidden state is projected
to a smaller recurrent state, r_t = W_hr h_t (Sak et al., 2014), the step of
`gluon.rnn.LSTM(..., projection_size=P)`."""
from __future__ import annotations

from ndsh.engine import NDArray, mxnet_errors
from ndsh.gluon.rnn.cell_base import HybridRecurrentCell

__all__ = ["LSTMPCell"]


def _features(x) -> int:
    size = 1
    for dim in x.shape[1:]:
        size *= dim
    return size


class LSTMPCell(HybridRecurrentCell):
    """A long short-term memory cell with a projection: gates i, f, g, o from
    W_i2h x_t + b_i2h + W_h2h r_{t-1} + b_h2h, c_t = f*c_{t-1} + i*g, h_t = o*tanh(c_t), and
    the output and recurrent state r_t = W_h2r h_t; its states are [r_t, c_t].

    Parameters:
        hidden_size: H, the size of the cell state.
        projection_size: P, the size of the projected output r_t.
        i2h_weight_initializer: the initializer of i2h_weight (4H, C).
        h2h_weight_initializer: the initializer of h2h_weight (4H, P).
        h2r_weight_initializer: the initializer of h2r_weight (P, H).
        i2h_bias_initializer: the initializer of i2h_bias (4H,), 'zeros'.
        h2h_bias_initializer: the initializer of h2h_bias (4H,), 'zeros'.
        input_size: C, the input's size; 0 leaves it to the first input.
        prefix: the prefix of the names (`lstmp0_`).
        params: a ParameterDict to share.

    Example:
        >>> from mxnet.gluon.contrib.rnn import LSTMPCell
        >>> cell = LSTMPCell(4, 2); cell
        LSTMPCell(None -> 16 -> 2)
        >>> cell.initialize()
        >>> out, states = cell(nd.ones((3, 5)), cell.begin_state(batch_size=3))
        >>> out.shape, [s.shape for s in states], cell
        ((3, 2), [(3, 2), (3, 4)], LSTMPCell(5 -> 16 -> 2))
    """

    def __init__(self, hidden_size: int, projection_size: int, i2h_weight_initializer=None,
                 h2h_weight_initializer=None, h2r_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 input_size: int = 0, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._hidden_size = hidden_size
        self._input_size = input_size
        self._projection_size = projection_size
        rows = 4 * hidden_size
        self.i2h_weight = self.params.get("i2h_weight", shape=(rows, input_size),
                                          init=i2h_weight_initializer, allow_deferred_init=True)
        self.h2h_weight = self.params.get("h2h_weight", shape=(rows, projection_size),
                                          init=h2h_weight_initializer, allow_deferred_init=True)
        self.h2r_weight = self.params.get("h2r_weight", shape=(projection_size, hidden_size),
                                          init=h2r_weight_initializer, allow_deferred_init=True)
        self.i2h_bias = self.params.get("i2h_bias", shape=(rows,), init=i2h_bias_initializer,
                                        allow_deferred_init=True)
        self.h2h_bias = self.params.get("h2h_bias", shape=(rows,), init=h2h_bias_initializer,
                                        allow_deferred_init=True)

    def state_info(self, batch_size: int = 0) -> list:
        """The shapes of r (batch_size, projection_size) and c (batch_size, hidden_size).

        Parameters:
            batch_size: the batch size N.

        Example:
            >>> from mxnet.gluon.contrib.rnn import LSTMPCell
            >>> [info['shape'] for info in LSTMPCell(4, 2).state_info(3)]
            [(3, 2), (3, 4)]
        """
        return [{"shape": (batch_size, self._projection_size), "__layout__": "NC"},
                {"shape": (batch_size, self._hidden_size), "__layout__": "NC"}]

    def infer_shape(self, inputs, *args) -> None:
        """Set the input size of i2h_weight from the first input.

        Parameters:
            inputs: the step's input.
            *args: the states (ignored).
        """
        self.i2h_weight.shape = (4 * self._hidden_size, _features(inputs))

    def _alias(self) -> str:
        return "lstmp"

    def __repr__(self) -> str:
        shape, projection = self.i2h_weight.shape, self.h2r_weight.shape
        return (f"{type(self).__name__}({shape[1] if shape[1] else None} -> {shape[0]} -> "
                f"{projection[0]})")

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, h2r_weight,  # noqa: N803
                       i2h_bias, h2h_bias):
        """One step: (r_t, [r_t, c_t])."""
        if isinstance(inputs, NDArray) and _features(inputs) != i2h_weight.shape[1]:
            raise mxnet_errors.ValueError(
                f"LSTMPCell '{self.name}': Shape inconsistent: the input of shape "
                f"{inputs.shape} has {_features(inputs)} features, but the cell's input "
                f"size is {i2h_weight.shape[1]}")
        rows = self._hidden_size * 4
        i2h = F.FullyConnected(inputs, i2h_weight, i2h_bias, num_hidden=rows)
        h2h = F.FullyConnected(states[0], h2h_weight, h2h_bias, num_hidden=rows)
        gates = F.SliceChannel(F.elemwise_add(i2h, h2h), num_outputs=4)
        in_gate = F.Activation(gates[0], act_type="sigmoid")
        forget_gate = F.Activation(gates[1], act_type="sigmoid")
        in_transform = F.Activation(gates[2], act_type="tanh")
        out_gate = F.Activation(gates[3], act_type="sigmoid")
        next_c = F.elemwise_add(F.elemwise_mul(forget_gate, states[1]),
                                F.elemwise_mul(in_gate, in_transform))
        hidden = F.elemwise_mul(out_gate, F.Activation(next_c, act_type="tanh"))
        next_r = F.FullyConnected(hidden, h2r_weight, no_bias=True,
                                  num_hidden=self._projection_size)
        return next_r, [next_r, next_c]
