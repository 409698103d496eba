"""`gluon.contrib.rnn` (MXNet 1.9.1's), the part in ndsh: LSTMPCell. Its Conv1D/2D/3D RNN,
LSTM and GRU cells and VariationalDropoutCell are not here."""
from __future__ import annotations

from ndsh.gluon.contrib.rnn.rnn_cell import LSTMPCell

__all__ = ["LSTMPCell"]
