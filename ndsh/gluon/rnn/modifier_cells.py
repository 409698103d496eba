"""The cells that wrap another cell (MXNet 1.9.1's): ModifierCell, their base, ZoneoutCell
(keeps some of the previous output and states while training) and ResidualCell (adds the
input to the output). Once wrapped, the base cell is used through the wrapper only.
"""
from __future__ import annotations

from ndsh.engine import NDArray, nd
from ndsh.gluon.rnn.cell_base import (
    ZEROS,
    HybridRecurrentCell,
    format_sequence,
    mask_sequence_variable_length,
)
from ndsh.gluon.rnn.cell_containers import BidirectionalCell, SequentialRNNCell

__all__ = ["ModifierCell", "ZoneoutCell", "ResidualCell"]

_MODIFIED_HERE = ("After applying modifier cells (e.g. DropoutCell) the base cell cannot be "
                  "called directly. Call the modifier cell instead.")    # MXNet's words


class ModifierCell(HybridRecurrentCell):
    """The base of cells that modify another cell: it takes the base cell (a child, whose
    parameters are its own `params`), has the same states, and is named after it
    (`lstm0_zoneout`). A cell can be modified once; after that only the modifier is used.

    Parameters:
        base_cell: the cell to modify.

    Example:
        >>> class Doubled(gluon.rnn.ModifierCell):
        ...     def hybrid_forward(self, F, inputs, states):
        ...         output, states = self.base_cell(inputs, states)
        ...         return output * 2, states
        >>> cell = Doubled(gluon.rnn.RNNCell(2, activation='relu', input_size=1))
        >>> cell, cell.name
        (Doubled(RNNCell(1 -> 2, relu)), 'rnn0_doubled')
        >>> cell.initialize(mx.init.One())
        >>> cell(nd.ones((1, 1)), cell.begin_state(batch_size=1))[0]
        <BLANKLINE>
        [[2. 2.]]
        <NDArray 1x2 @cpu(0)>

    Departs from MXNet:
        MXNet's ModifierCell.begin_state makes symbols by default (func=mx.sym.zeros), so
        calling it without func gives no arrays there; ndsh has no symbols and uses nd.zeros.
    """

    def __init__(self, base_cell):
        if base_cell._modified:
            raise AssertionError(f"Cell {base_cell.name} is already modified. One cell cannot "
                                 f"be modified twice")
        base_cell._modified = True
        super().__init__(prefix=base_cell.prefix + self._alias(), params=None)
        self.base_cell = base_cell

    @property
    def params(self):
        """The base cell's parameters."""
        return self.base_cell.params

    def state_info(self, batch_size: int = 0) -> list:
        """The base cell's states.

        Parameters:
            batch_size: the batch size N.

        Example:
            >>> gluon.rnn.ResidualCell(gluon.rnn.GRUCell(3)).state_info(2)
            [{'shape': (2, 3), '__layout__': 'NC'}]
        """
        return self.base_cell.state_info(batch_size)

    def begin_state(self, func=ZEROS, **kwargs) -> list:
        """The base cell's initial states.

        Parameters:
            func: what makes each state (nd.zeros by default).
            **kwargs: more arguments (batch_size, ctx, dtype...).

        Example:
            >>> cell = gluon.rnn.ZoneoutCell(gluon.rnn.GRUCell(3), 0.1, 0.1)
            >>> [s.shape for s in cell.begin_state(batch_size=2)]
            [(2, 3)]
        """
        if self._modified:
            raise AssertionError(_MODIFIED_HERE)
        self.base_cell._modified = False
        try:
            return self.base_cell.begin_state(func=func, **kwargs)
        finally:
            self.base_cell._modified = True

    def hybrid_forward(self, F, inputs, states):
        """The modified step: override it (call self.base_cell inside).

        Parameters:
            F: the namespace of ops, `nd`.
            inputs: the step's input.
            states: the states.
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.base_cell!r})"


class ZoneoutCell(ModifierCell):
    """Zoneout: while training, each element of the output keeps its previous value with
    probability zoneout_outputs, and each element of the states with probability
    zoneout_states (outside training the base cell's results are used as they are).

    Parameters:
        base_cell: the cell to modify (not a BidirectionalCell).
        zoneout_outputs: the probability of keeping an output element's previous value.
        zoneout_states: the probability of keeping a state element's previous value.

    Example:
        >>> cell = gluon.rnn.ZoneoutCell(gluon.rnn.GRUCell(3), 0.1, 0.2); cell
        ZoneoutCell(p_out=0.1, p_state=0.2, GRUCell(None -> 9))
        >>> cell.name
        'gru0_zoneout'
        >>> cell.initialize()
        >>> outputs, states = cell.unroll(3, nd.ones((2, 3, 4)), merge_outputs=True)
        >>> outputs.shape, states[0].shape
        ((2, 3, 3), (2, 3))

    Departs from MXNet:
        Wrapping a SequentialRNNCell is refused because a HybridBlock's child must be a
        HybridBlock (wrap a HybridSequentialRNNCell); MXNet 1.9.1 fails there with
        `AttributeError: 'SequentialRNNCell' object has no attribute '_bidirectional'`.
    """

    def __init__(self, base_cell, zoneout_outputs: float = 0., zoneout_states: float = 0.):
        if isinstance(base_cell, BidirectionalCell):
            raise AssertionError("BidirectionalCell doesn't support zoneout since it doesn't "
                                 "support step. Please add ZoneoutCell to the cells underneath "
                                 "instead.")
        if isinstance(base_cell, SequentialRNNCell) and getattr(base_cell, "_bidirectional",
                                                                False):
            raise AssertionError("Bidirectional SequentialRNNCell doesn't support zoneout. "
                                 "Please add ZoneoutCell to the cells underneath instead.")
        super().__init__(base_cell)
        self.zoneout_outputs = zoneout_outputs
        self.zoneout_states = zoneout_states
        self._prev_output = None

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(p_out={self.zoneout_outputs}, "
                f"p_state={self.zoneout_states}, {self.base_cell!r})")

    def _alias(self) -> str:
        return "zoneout"

    def reset(self) -> None:
        """Reset the step counters and forget the previous output (unroll calls it).

        Example:
            >>> cell = gluon.rnn.ZoneoutCell(gluon.rnn.RNNCell(2))
            >>> cell.reset(); cell._prev_output is None
            True
        """
        super().reset()
        self._prev_output = None

    def hybrid_forward(self, F, inputs, states):
        """One step of the base cell, with zoneout on its output and states.

        Parameters:
            F: the namespace of ops, `nd`.
            inputs: the step's input.
            states: the states.
        """
        next_output, next_states = self.base_cell(inputs, states)

        def mask(p, like):
            return F.Dropout(F.ones_like(like), p=p)

        prev_output = self._prev_output
        if prev_output is None:
            prev_output = F.zeros_like(next_output)
        p_outputs, p_states = self.zoneout_outputs, self.zoneout_states
        output = (F.where(mask(p_outputs, next_output), next_output, prev_output)
                  if p_outputs != 0. else next_output)
        states = ([F.where(mask(p_states, new), new, old)
                   for new, old in zip(next_states, states)]
                  if p_states != 0. else next_states)
        self._prev_output = output
        return output, states


class ResidualCell(ModifierCell):
    """A residual connection (Wu et al., 2016): the base cell's output plus its input (the
    base cell's output size must equal the input's).

    Parameters:
        base_cell: the cell to modify.

    Example:
        >>> cell = gluon.rnn.ResidualCell(gluon.rnn.RNNCell(2, input_size=2)); cell.name
        'rnn0_residualcell'
        >>> cell.initialize(mx.init.Zero())
        >>> outputs, _ = cell.unroll(2, nd.ones((1, 2, 2)), merge_outputs=True)
        >>> outputs
        <BLANKLINE>
        [[[1. 1.]
          [1. 1.]]]
        <NDArray 1x2x2 @cpu(0)>
    """

    def hybrid_forward(self, F, inputs, states):
        """One step of the base cell, its input added to its output.

        Parameters:
            F: the namespace of ops, `nd`.
            inputs: the step's input.
            states: the states.
        """
        output, states = self.base_cell(inputs, states)
        return F.elemwise_add(output, inputs), states

    def unroll(self, length: int, inputs, begin_state=None, layout: str = "NTC",
               merge_outputs=None, valid_length=None):
        """Unroll the base cell, then add the inputs to its outputs (masked past
        valid_length).

        Parameters:
            length: the number of steps.
            inputs: one array in the layout, or a list of T arrays (N, C).
            begin_state: the initial states; zeros if None.
            layout: 'NTC' (default) or 'TNC'.
            merge_outputs: True for one array, False for a list of steps, None for either.
            valid_length: None, or each sequence's length (N,).

        Example:
            >>> cell = gluon.rnn.ResidualCell(gluon.rnn.GRUCell(2, input_size=2))
            >>> cell.initialize(mx.init.Zero())
            >>> outputs, _ = cell.unroll(2, nd.ones((1, 2, 2)), merge_outputs=False)
            >>> len(outputs), outputs[0]
            (2,
            [[1. 1.]]
            <NDArray 1x2 @cpu(0)>)
        """
        self.reset()
        self.base_cell._modified = False
        try:
            outputs, states = self.base_cell.unroll(length, inputs=inputs,
                                                    begin_state=begin_state, layout=layout,
                                                    merge_outputs=merge_outputs,
                                                    valid_length=valid_length)
        finally:
            self.base_cell._modified = True
        if merge_outputs is None:
            merge_outputs = isinstance(outputs, NDArray)
        inputs, axis, _ = format_sequence(length, inputs, layout, merge_outputs)
        if valid_length is not None:
            inputs = mask_sequence_variable_length(inputs, length, valid_length, axis,
                                                   merge_outputs)
        if merge_outputs:
            return nd.elemwise_add(outputs, inputs), states
        return [nd.elemwise_add(i, j) for i, j in zip(outputs, inputs)], states
