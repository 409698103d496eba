"""The cells made of cells (MXNet 1.9.1's): SequentialRNNCell and HybridSequentialRNNCell
(stacked cells, the states of each one after another), BidirectionalCell (a forward and a
backward cell over the same sequence) and DropoutCell (dropout on the input, no state).
"""
from __future__ import annotations

from numbers import Number

from ndsh.engine import NDArray, nd
from ndsh.gluon.parameter import indent
from ndsh.gluon.rnn.cell_base import (
    _MODIFIED,
    HybridRecurrentCell,
    RecurrentCell,
    cells_begin_state,
    cells_state_info,
    format_sequence,
    get_begin_state,
    mask_sequence_variable_length,
    reverse_sequences,
)

__all__ = ["SequentialRNNCell", "HybridSequentialRNNCell", "DropoutCell", "BidirectionalCell"]


class _Stacked:
    """What the two sequential cells share: add, repr, state_info, begin_state, one step of
    every cell, unroll cell by cell, indexing."""

    def __repr__(self) -> str:
        lines = [f"({key}): {indent(repr(cell), 2)}" for key, cell in self._children.items()]
        return "{}(\n{}\n)".format(type(self).__name__, "\n".join(lines))

    def add(self, cell) -> None:
        """Append a cell to the stack: its input is the output of the cell before.

        Parameters:
            cell: the cell to append.

        Example:
            >>> stack = gluon.rnn.SequentialRNNCell()
            >>> stack.add(gluon.rnn.LSTMCell(4)); stack.add(gluon.rnn.GRUCell(2))
            >>> len(stack), stack[1]
            (2, GRUCell(None -> 6))
        """
        self.register_child(cell)

    def state_info(self, batch_size: int = 0) -> list:
        """The states of every cell in the stack, one cell after another.

        Parameters:
            batch_size: the batch size N.

        Example:
            >>> stack = gluon.rnn.SequentialRNNCell()
            >>> stack.add(gluon.rnn.LSTMCell(4)); stack.add(gluon.rnn.GRUCell(2))
            >>> [info['shape'] for info in stack.state_info(3)]
            [(3, 4), (3, 4), (3, 2)]
        """
        return cells_state_info(self._children.values(), batch_size)

    def begin_state(self, **kwargs) -> list:
        """The initial states of every cell in the stack (keyword arguments only, as in
        MXNet: batch_size=, func=...).

        Parameters:
            **kwargs: the cells' begin_state arguments (batch_size, func, ctx, dtype...).

        Example:
            >>> stack = gluon.rnn.SequentialRNNCell()
            >>> stack.add(gluon.rnn.LSTMCell(4)); stack.add(gluon.rnn.GRUCell(2))
            >>> [s.shape for s in stack.begin_state(batch_size=3)]
            [(3, 4), (3, 4), (3, 2)]
        """
        if self._modified:
            raise AssertionError(_MODIFIED)
        return cells_begin_state(self._children.values(), **kwargs)

    def __call__(self, inputs, states):
        self._counter += 1
        if any(isinstance(cell, BidirectionalCell) for cell in self._children.values()):
            raise AssertionError(f"{type(self).__name__} '{self.name}' holds a "
                                 f"BidirectionalCell, which cannot be stepped: use unroll")
        next_states, p = [], 0
        for cell in self._children.values():
            n = len(cell.state_info())
            inputs, state = cell(inputs, states[p:p + n])
            p += n
            next_states.append(state)
        return inputs, sum(next_states, [])

    def unroll(self, length: int, inputs, begin_state=None, layout: str = "NTC",
               merge_outputs=None, valid_length=None):
        """Unroll each cell in turn over the whole sequence, the next one over its outputs:
        (outputs, the states of every cell).

        Parameters:
            length: the number of steps.
            inputs: one array in the layout, or a list of T arrays (N, C).
            begin_state: the initial states of every cell, one after another; zeros if None.
            layout: 'NTC' (default) or 'TNC'.
            merge_outputs: True for one array, False for a list of steps, None for either.
            valid_length: None, or each sequence's length (N,).

        Example:
            >>> stack = gluon.rnn.SequentialRNNCell()
            >>> stack.add(gluon.rnn.LSTMCell(4)); stack.add(gluon.rnn.GRUCell(2))
            >>> stack.initialize()
            >>> outputs, states = stack.unroll(5, nd.ones((3, 5, 6)), merge_outputs=True)
            >>> outputs.shape, [s.shape for s in states]
            ((3, 5, 2), [(3, 4), (3, 4), (3, 2)])
        """
        self.reset()
        inputs, _, batch_size = format_sequence(length, inputs, layout, None)
        begin_state = get_begin_state(self, begin_state, inputs, batch_size)
        num_cells = len(self._children)
        p, next_states = 0, []
        for i, cell in enumerate(self._children.values()):
            n = len(cell.state_info())
            states = begin_state[p:p + n]
            p += n
            inputs, states = cell.unroll(
                length, inputs=inputs, begin_state=states, layout=layout,
                merge_outputs=None if i < num_cells - 1 else merge_outputs,
                valid_length=valid_length)
            next_states.extend(states)
        return inputs, next_states

    def __getitem__(self, i):
        return self._children[str(i)]

    def __len__(self) -> int:
        return len(self._children)


class SequentialRNNCell(_Stacked, RecurrentCell):
    """Cells stacked: at each step, each cell's output is the next cell's input; the states
    are those of every cell, one cell after another.

    Parameters:
        prefix: the prefix of the names (`sequentialrnncell0_`).
        params: a ParameterDict to share.

    Example:
        >>> stack = gluon.rnn.SequentialRNNCell()
        >>> with stack.name_scope():
        ...     stack.add(gluon.rnn.LSTMCell(4)); stack.add(gluon.rnn.DropoutCell(0.5))
        ...     stack.add(gluon.rnn.GRUCell(2))
        >>> stack
        SequentialRNNCell(
        (0): LSTMCell(None -> 16)
        (1): DropoutCell(rate=0.5, axes=())
        (2): GRUCell(None -> 6)
        )
        >>> stack.initialize()
        >>> out, states = stack(nd.ones((3, 6)), stack.begin_state(batch_size=3))
        >>> out.shape, len(states)
        ((3, 2), 3)
        >>> list(stack.collect_params().keys())[:2]
        ['sequentialrnncell0_lstm0_i2h_weight', 'sequentialrnncell0_lstm0_h2h_weight']
    """

    def hybrid_forward(self, *args, **kwargs):
        raise NotImplementedError       # a SequentialRNNCell steps its cells in __call__


class HybridSequentialRNNCell(_Stacked, HybridRecurrentCell):
    """Hybridizable cells stacked, as SequentialRNNCell (the cells must be HybridBlocks).

    Parameters:
        prefix: the prefix of the names (`hybridsequentialrnncell0_`).
        params: a ParameterDict to share.

    Example:
        >>> stack = gluon.rnn.HybridSequentialRNNCell()
        >>> stack.add(gluon.rnn.RNNCell(2, activation='relu')); stack
        HybridSequentialRNNCell(
        (0): RNNCell(None -> 2, relu)
        )
        >>> stack.initialize(mx.init.One()); stack.hybridize()
        >>> out, states = stack(nd.ones((1, 3)), stack.begin_state(batch_size=1))
        >>> out
        <BLANKLINE>
        [[3. 3.]]
        <NDArray 1x2 @cpu(0)>
    """

    def hybrid_forward(self, F, inputs, states):
        """One step of every cell (what calling the stack does).

        Parameters:
            F: the namespace of ops, `nd`.
            inputs: the step's input.
            states: the states of every cell.
        """
        return self.__call__(inputs, states)


class DropoutCell(HybridRecurrentCell):
    """Dropout on the input of each step (while training); it has no state. In a stack it
    drops the outputs of the cell before.

    Parameters:
        rate: the fraction dropped, in [0, 1).
        axes: the axes on which one mask is shared; () for plain dropout.
        prefix: the prefix of the name (`dropout0_`).
        params: a ParameterDict to share.

    Example:
        >>> cell = gluon.rnn.DropoutCell(0.5); cell
        DropoutCell(rate=0.5, axes=())
        >>> out, states = cell(nd.ones((1, 4)), [])
        >>> out, states              # not training: the input as it is
        (
        [[1. 1. 1. 1.]]
        <NDArray 1x4 @cpu(0)>, [])
        >>> with autograd.train_mode():
        ...     out, _ = cell.unroll(2, nd.ones((1, 2, 1000)), merge_outputs=True)
        >>> sorted(set(out.asnumpy().ravel().tolist()))
        [0.0, 2.0]
    """

    def __init__(self, rate: float, axes=(), prefix: str | None = None, params=None):
        super().__init__(prefix, params)
        if not isinstance(rate, Number):
            raise AssertionError("rate must be a number")
        self._rate = rate
        self._axes = axes

    def __repr__(self) -> str:
        return f"{type(self).__name__}(rate={self._rate}, axes={self._axes})"

    def state_info(self, batch_size: int = 0) -> list:
        """No state: [].

        Parameters:
            batch_size: the batch size N (unused).

        Example:
            >>> gluon.rnn.DropoutCell(0.1).state_info(2)
            []
        """
        return []

    def _alias(self) -> str:
        return "dropout"

    def hybrid_forward(self, F, inputs, states):
        """Dropout on the input; the states pass through.

        Parameters:
            F: the namespace of ops, `nd`.
            inputs: the step's input (or the whole sequence, from unroll).
            states: passed through unchanged.
        """
        if self._rate > 0:
            inputs = F.Dropout(inputs, p=self._rate, axes=self._axes)
        return inputs, states

    def unroll(self, length: int, inputs, begin_state=None, layout: str = "NTC",
               merge_outputs=None, valid_length=None):
        """Dropout over the whole sequence at once when it comes as one array (step by step
        when it is a list): (outputs, begin_state or []).

        Parameters:
            length: the number of steps.
            inputs: one array in the layout, or a list of T arrays.
            begin_state: passed through.
            layout: 'NTC' (default) or 'TNC'.
            merge_outputs: True for one array, False for a list of steps, None for either.
            valid_length: ignored, as in MXNet.

        Example:
            >>> out, states = gluon.rnn.DropoutCell(0.3).unroll(2, nd.ones((1, 2, 3)))
            >>> out.shape, states
            ((1, 2, 3), [])
        """
        self.reset()
        inputs, _, _ = format_sequence(length, inputs, layout, merge_outputs)
        if isinstance(inputs, NDArray):
            return self.hybrid_forward(nd, inputs, begin_state if begin_state else [])
        return super().unroll(length, inputs, begin_state=begin_state, layout=layout,
                              merge_outputs=merge_outputs, valid_length=None)


class BidirectionalCell(HybridRecurrentCell):
    """Two cells over one sequence: l_cell forwards in time, r_cell backwards; each step's
    output is the two outputs concatenated (2H wide). It cannot be stepped: use unroll. Its
    own prefix is empty, so its parameters are the two cells' own.

    Parameters:
        l_cell: the cell run forwards.
        r_cell: the cell run backwards.
        output_prefix: MXNet's prefix of the output symbols, 'bi_' (kept, unused).

    Example:
        >>> cell = gluon.rnn.BidirectionalCell(gluon.rnn.GRUCell(3), gluon.rnn.GRUCell(3))
        >>> cell
        BidirectionalCell(forward=GRUCell(None -> 9), backward=GRUCell(None -> 9))
        >>> cell.initialize()
        >>> outputs, states = cell.unroll(4, nd.ones((2, 4, 5)), merge_outputs=True)
        >>> outputs.shape, [s.shape for s in states]
        ((2, 4, 6), [(2, 3), (2, 3)])
    """

    def __init__(self, l_cell, r_cell, output_prefix: str = "bi_"):
        super().__init__(prefix="", params=None)
        self.register_child(l_cell, "l_cell")
        self.register_child(r_cell, "r_cell")
        self._output_prefix = output_prefix

    def __call__(self, inputs, states):
        raise NotImplementedError("Bidirectional cannot be stepped. Please use unroll")

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(forward={self._children['l_cell']!r}, "
                f"backward={self._children['r_cell']!r})")

    def state_info(self, batch_size: int = 0) -> list:
        """The states of l_cell, then those of r_cell.

        Parameters:
            batch_size: the batch size N.

        Example:
            >>> cell = gluon.rnn.BidirectionalCell(gluon.rnn.LSTMCell(3), gluon.rnn.GRUCell(2))
            >>> [info['shape'] for info in cell.state_info(1)]
            [(1, 3), (1, 3), (1, 2)]
        """
        return cells_state_info(self._children.values(), batch_size)

    def begin_state(self, **kwargs) -> list:
        """The initial states of l_cell, then those of r_cell (keyword arguments only).

        Parameters:
            **kwargs: the cells' begin_state arguments (batch_size, func, ctx, dtype...).

        Example:
            >>> cell = gluon.rnn.BidirectionalCell(gluon.rnn.RNNCell(3), gluon.rnn.RNNCell(3))
            >>> [s.shape for s in cell.begin_state(batch_size=2)]
            [(2, 3), (2, 3)]
        """
        if self._modified:
            raise AssertionError(_MODIFIED)
        return cells_begin_state(self._children.values(), **kwargs)

    def unroll(self, length: int, inputs, begin_state=None, layout: str = "NTC",
               merge_outputs=None, valid_length=None):
        """Run l_cell over the sequence and r_cell over it reversed; concatenate each step's
        two outputs: (outputs, l_cell's states + r_cell's states).

        Parameters:
            length: the number of steps.
            inputs: one array in the layout, or a list of T arrays (N, C).
            begin_state: the states of l_cell then r_cell; zeros if None.
            layout: 'NTC' (default) or 'TNC'.
            merge_outputs: True for one array, False for a list of steps, None for either.
            valid_length: None, or each sequence's length (N,): r_cell reverses each
                sequence within it, and the padded steps' outputs are zero.

        Example:
            >>> cell = gluon.rnn.BidirectionalCell(gluon.rnn.RNNCell(1, input_size=1),
            ...                                    gluon.rnn.RNNCell(1, input_size=1))
            >>> cell.initialize(mx.init.One())
            >>> outputs, _ = cell.unroll(2, nd.array([[[0.5], [0.0]]]), merge_outputs=True)
            >>> print(outputs.asnumpy().round(4))     # MXNet: 0.46211717, 0.4318082
            [[[0.4621 0.4621]
              [0.4318 0.    ]]]
        """
        self.reset()
        inputs, axis, batch_size = format_sequence(length, inputs, layout, False)
        reversed_inputs = list(reverse_sequences(inputs, length, valid_length))
        begin_state = get_begin_state(self, begin_state, inputs, batch_size)
        l_cell, r_cell = self._children.values()
        n_left = len(l_cell.state_info(batch_size))
        l_outputs, l_states = l_cell.unroll(length, inputs=inputs,
                                            begin_state=begin_state[:n_left], layout=layout,
                                            merge_outputs=merge_outputs,
                                            valid_length=valid_length)
        r_outputs, r_states = r_cell.unroll(length, inputs=reversed_inputs,
                                            begin_state=begin_state[n_left:], layout=layout,
                                            merge_outputs=False, valid_length=valid_length)
        reversed_r_outputs = reverse_sequences(r_outputs, length, valid_length)
        if merge_outputs is None:
            merge_outputs = isinstance(l_outputs, NDArray)
            l_outputs, _, _ = format_sequence(None, l_outputs, layout, merge_outputs)
            reversed_r_outputs, _, _ = format_sequence(None, reversed_r_outputs, layout,
                                                       merge_outputs)
        if merge_outputs:
            reversed_r_outputs = nd.stack(*reversed_r_outputs, axis=axis)
            outputs = nd.concat(l_outputs, reversed_r_outputs, dim=2)
        else:
            outputs = [nd.concat(l_o, r_o, dim=1)
                       for l_o, r_o in zip(l_outputs, reversed_r_outputs)]
        if valid_length is not None:
            outputs = mask_sequence_variable_length(outputs, length, valid_length, axis,
                                                    merge_outputs)
        return outputs, l_states + r_states
