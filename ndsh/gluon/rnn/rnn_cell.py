"""MXNet 1.9.1's `gluon.rnn.rnn_cell`: every recurrent cell, gathered from the modules that
define them (cell_base, basic_cells, cell_containers, modifier_cells).

Example:
    >>> from ndsh.gluon.rnn import rnn_cell
    >>> rnn_cell.LSTMCell is gluon.rnn.LSTMCell
    True
"""
from __future__ import annotations

from ndsh.gluon.rnn.basic_cells import GRUCell, LSTMCell, RNNCell
from ndsh.gluon.rnn.cell_base import HybridRecurrentCell, RecurrentCell
from ndsh.gluon.rnn.cell_containers import (
    BidirectionalCell,
    DropoutCell,
    HybridSequentialRNNCell,
    SequentialRNNCell,
)
from ndsh.gluon.rnn.modifier_cells import ModifierCell, ResidualCell, ZoneoutCell

__all__ = ["RecurrentCell", "HybridRecurrentCell", "RNNCell", "LSTMCell", "GRUCell",
           "SequentialRNNCell", "HybridSequentialRNNCell", "DropoutCell", "ModifierCell",
           "ZoneoutCell", "ResidualCell", "BidirectionalCell"]
