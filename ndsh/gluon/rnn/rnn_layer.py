"""The recurrent layers of MXNet 1.9.1's `gluon.rnn`: RNN (relu or tanh), LSTM and GRU. Each
runs a whole sequence through all its layers and directions in one call of the fused nd.RNN;
`layer(x)` gives the output, `layer(x, states)` the output and the last states.
"""
from __future__ import annotations

from ndsh.gluon.rnn.layer_base import _RNNLayer

__all__ = ["RNN", "LSTM", "GRU"]

_DEPARTS = """
    Departs from MXNet:
        An input whose feature size differs from the layer's input size raises a ValueError
        (an MXNetError) naming the layer and both shapes; MXNet says `Shape inconsistent,
        Provided = [5920], inferred shape=(5680,)` about the flat parameter vector. dropout is
        applied between layers while training for float32 too (MXNet's CPU build applies it
        for float64 only; its oneDNN float32 kernel ignores it). use_sequence_length and the
        LSTM's state_clip_min / state_clip_max are refused by nd.RNN (cuDNN only in MXNet)."""


class RNN(_RNNLayer):
    """A multi-layer Elman RNN over a sequence: h_t = activation(W_i2h x_t + b_i2h + W_h2h
    h_{t-1} + b_h2h) in each layer, the next layer reading this one's outputs.

    Parameters:
        hidden_size: H, the size of the hidden state.
        num_layers: the number of stacked layers, 1.
        activation: 'relu' (default) or 'tanh'.
        layout: 'TNC' (default: time, batch, features) or 'NTC', of the input and output.
        dropout: dropout on the outputs of each layer but the last, while training.
        bidirectional: also run each layer backwards in time (outputs 2H wide).
        i2h_weight_initializer: the initializer of the i2h weights; None takes
            initialize()'s.
        h2h_weight_initializer: the initializer of the h2h weights.
        i2h_bias_initializer: the initializer of the i2h biases, 'zeros'.
        h2h_bias_initializer: the initializer of the h2h biases, 'zeros'.
        input_size: C, the input's feature size; 0 leaves it to the first input.
        dtype: the parameters' and default states' dtype, 'float32'.
        **kwargs: prefix, params (as every Block).

    Example:
        >>> layer = gluon.rnn.RNN(100, 3); layer
        RNN(None -> 100, TNC, num_layers=3)
        >>> layer.initialize()
        >>> x = nd.random.uniform(shape=(5, 3, 10))
        >>> layer(x).shape                     # zeros as the begin state
        (5, 3, 100)
        >>> out, states = layer(x, nd.random.uniform(shape=(3, 3, 100)))
        >>> out.shape, [s.shape for s in states]
        ((5, 3, 100), [(3, 3, 100)])
        >>> layer
        RNN(10 -> 100, TNC, num_layers=3)
    """

    def __init__(self, hidden_size: int, num_layers: int = 1, activation: str = "relu",
                 layout: str = "TNC", dropout: float = 0, bidirectional: bool = False,
                 i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 input_size: int = 0, dtype="float32", **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, "rnn_" + activation, None, None, None, None,
                         False, dtype, **kwargs)

    def state_info(self, batch_size: int = 0) -> list:
        """The one state h: shape (num_layers*D, batch_size, H), layout 'LNC', the dtype.

        Parameters:
            batch_size: the batch size N.

        Example:
            >>> gluon.rnn.RNN(4, num_layers=2, bidirectional=True).state_info(3)
            [{'shape': (4, 3, 4), '__layout__': 'LNC', 'dtype': 'float32'}]
        """
        return [{"shape": (self._num_layers * self._dir, batch_size, self._hidden_size),
                 "__layout__": "LNC", "dtype": self._dtype}]


class LSTM(_RNNLayer):
    """A multi-layer long short-term memory network over a sequence: in each layer, gates
    i, f, g, o (MXNet's order) from W_i2h x_t + b_i2h + W_h2h h_{t-1} + b_h2h,
    c_t = f*c_{t-1} + i*g, h_t = o*tanh(c_t). Its states are [h, c].

    Parameters:
        hidden_size: H, the size of the hidden and cell states.
        num_layers: the number of stacked layers, 1.
        layout: 'TNC' (default: time, batch, features) or 'NTC', of the input and output.
        dropout: dropout on the outputs of each layer but the last, while training.
        bidirectional: also run each layer backwards in time (outputs 2H wide).
        input_size: C, the input's feature size; 0 leaves it to the first input.
        i2h_weight_initializer: the initializer of the i2h weights; None takes
            initialize()'s.
        h2h_weight_initializer: the initializer of the h2h weights.
        i2h_bias_initializer: the initializer of the i2h biases, 'zeros'.
        h2h_bias_initializer: the initializer of the h2h biases, 'zeros'.
        projection_size: P: project h to this size with h2r_weight (P, H) (an LSTMP); the
            outputs and h are then P wide. Inference only, as in MXNet's CPU build.
        h2r_weight_initializer: the initializer of the h2r weights.
        state_clip_min: MXNet's cuDNN state clipping; refused by nd.RNN.
        state_clip_max: MXNet's cuDNN state clipping; refused by nd.RNN.
        state_clip_nan: MXNet's cuDNN option; it only matters with clipping.
        dtype: the parameters' and default states' dtype, 'float32'.
        **kwargs: prefix, params (as every Block).

    Example:
        >>> layer = gluon.rnn.LSTM(20, num_layers=2, input_size=10); layer
        LSTM(10 -> 20, TNC, num_layers=2)
        >>> list(layer.collect_params().keys())[:4]
        ['lstm0_l0_i2h_weight', 'lstm0_l0_h2h_weight', 'lstm0_l0_i2h_bias', 'lstm0_l0_h2h_bias']
        >>> layer.initialize()
        >>> x = nd.random.uniform(shape=(5, 3, 10))
        >>> h0, c0 = layer.begin_state(batch_size=3)
        >>> out, (h, c) = layer(x, [h0, c0])
        >>> out.shape, h.shape, c.shape
        ((5, 3, 20), (2, 3, 20), (2, 3, 20))
    """

    def __init__(self, hidden_size: int, num_layers: int = 1, layout: str = "TNC",
                 dropout: float = 0, bidirectional: bool = False, input_size: int = 0,
                 i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 projection_size=None, h2r_weight_initializer=None, state_clip_min=None,
                 state_clip_max=None, state_clip_nan: bool = False, dtype="float32", **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, "lstm", projection_size, h2r_weight_initializer,
                         state_clip_min, state_clip_max, state_clip_nan, dtype, **kwargs)

    def state_info(self, batch_size: int = 0) -> list:
        """The states h and c: (num_layers*D, batch_size, H) each (h is projection_size
        wide with a projection), layout 'LNC', the dtype.

        Parameters:
            batch_size: the batch size N.

        Example:
            >>> [i['shape'] for i in gluon.rnn.LSTM(8, projection_size=3).state_info(2)]
            [(1, 2, 3), (1, 2, 8)]
        """
        layers = self._num_layers * self._dir
        h_size = self._projection_size or self._hidden_size
        return [{"shape": (layers, batch_size, h_size), "__layout__": "LNC",
                 "dtype": self._dtype},
                {"shape": (layers, batch_size, self._hidden_size), "__layout__": "LNC",
                 "dtype": self._dtype}]


class GRU(_RNNLayer):
    """A multi-layer gated recurrent unit network over a sequence (cuDNN's form, as MXNet's):
    in each layer r, z from W_i2h x_t + b_i2h + W_h2h h_{t-1} + b_h2h, n = tanh(i2h_n +
    r*h2h_n), h_t = (1 - z)*n + z*h_{t-1}.

    Parameters:
        hidden_size: H, the size of the hidden state.
        num_layers: the number of stacked layers, 1.
        layout: 'TNC' (default: time, batch, features) or 'NTC', of the input and output.
        dropout: dropout on the outputs of each layer but the last, while training.
        bidirectional: also run each layer backwards in time (outputs 2H wide).
        input_size: C, the input's feature size; 0 leaves it to the first input.
        i2h_weight_initializer: the initializer of the i2h weights; None takes
            initialize()'s.
        h2h_weight_initializer: the initializer of the h2h weights.
        i2h_bias_initializer: the initializer of the i2h biases, 'zeros'.
        h2h_bias_initializer: the initializer of the h2h biases, 'zeros'.
        dtype: the parameters' and default states' dtype, 'float32'.
        **kwargs: prefix, params (as every Block).

    Example:
        >>> layer = gluon.rnn.GRU(5, bidirectional=True, layout='NTC', dropout=0.5); layer
        GRU(None -> 5, NTC, dropout=0.5, bidirectional)
        >>> layer.initialize()
        >>> out = layer(nd.ones((2, 7, 3)))    # (batch, time, features)
        >>> out.shape, layer
        ((2, 7, 10), GRU(3 -> 5, NTC, dropout=0.5, bidirectional))
    """

    def __init__(self, hidden_size: int, num_layers: int = 1, layout: str = "TNC",
                 dropout: float = 0, bidirectional: bool = False, input_size: int = 0,
                 i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 dtype="float32", **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, "gru", None, None, None, None, False, dtype,
                         **kwargs)

    def state_info(self, batch_size: int = 0) -> list:
        """The one state h: shape (num_layers*D, batch_size, H), layout 'LNC', the dtype.

        Parameters:
            batch_size: the batch size N.

        Example:
            >>> gluon.rnn.GRU(2, num_layers=3).state_info(1)
            [{'shape': (3, 1, 2), '__layout__': 'LNC', 'dtype': 'float32'}]
        """
        return [{"shape": (self._num_layers * self._dir, batch_size, self._hidden_size),
                 "__layout__": "LNC", "dtype": self._dtype}]


for _layer in (RNN, LSTM, GRU):
    _layer.__doc__ += _DEPARTS
