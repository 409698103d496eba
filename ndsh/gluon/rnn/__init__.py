"""`gluon.rnn`: MXNet 1.9.1's recurrent layers and cells.

Layers (a whole sequence in one call of the fused nd.RNN): RNN, LSTM, GRU. Cells (one time
step per call; `unroll` loops over the steps): RNNCell, LSTMCell, GRUCell; the containers
SequentialRNNCell, HybridSequentialRNNCell, BidirectionalCell, DropoutCell; the modifiers
ModifierCell, ZoneoutCell, ResidualCell; the bases RecurrentCell and HybridRecurrentCell.

Example:
    >>> layer = gluon.rnn.LSTM(8, num_layers=2, layout='NTC'); layer.initialize()
    >>> out, states = layer(nd.ones((4, 6, 3)), layer.begin_state(batch_size=4))
    >>> out.shape, [s.shape for s in states]
    ((4, 6, 8), [(2, 4, 8), (2, 4, 8)])
    >>> cell = gluon.rnn.LSTMCell(8); cell.initialize()
    >>> outputs, states = cell.unroll(6, nd.ones((4, 6, 3)), merge_outputs=True)
    >>> outputs.shape
    (4, 6, 8)
"""
from __future__ import annotations

from ndsh.gluon.rnn.rnn_cell import (
    BidirectionalCell,
    DropoutCell,
    GRUCell,
    HybridRecurrentCell,
    HybridSequentialRNNCell,
    LSTMCell,
    ModifierCell,
    RecurrentCell,
    ResidualCell,
    RNNCell,
    SequentialRNNCell,
    ZoneoutCell,
)
from ndsh.gluon.rnn.rnn_layer import GRU, LSTM, RNN

__all__ = ["RecurrentCell", "HybridRecurrentCell", "RNNCell", "LSTMCell", "GRUCell",
           "SequentialRNNCell", "HybridSequentialRNNCell", "DropoutCell", "ModifierCell",
           "ZoneoutCell", "ResidualCell", "BidirectionalCell", "RNN", "LSTM", "GRU"]
