"""RecurrentCell and HybridRecurrentCell, the bases of MXNet 1.9.1's recurrent cells, and the
sequence helpers their `unroll` shares (splitting a sequence into steps, masking by
valid_length, reversing). A cell computes one time step; `unroll` loops over the steps in
Python, as MXNet's cells do (the layers in rnn_layer.py run the fused nd.RNN instead).
"""
from __future__ import annotations

from ndsh.engine import NDArray, nd
from ndsh.gluon.block import Block, HybridBlock
from ndsh.gluon.nn import LeakyReLU

__all__ = ["RecurrentCell", "HybridRecurrentCell"]

_MODIFIED = ("After applying modifier cells (e.g. ZoneoutCell) the base cell cannot be called "
             "directly. Call the modifier cell instead.")


class _Zeros:
    """nd.zeros as begin_state's default `func`, shown as `nd.zeros` in signatures (a plain
    function's default shows as `<function zeros at 0x...>`)."""

    def __call__(self, *args, **kwargs):
        return nd.zeros(*args, **kwargs)

    def __repr__(self) -> str:
        return "nd.zeros"


ZEROS = _Zeros()


def as_list(obj) -> list:
    """`obj` if it is a list, else [obj] (nd.split gives one array for one output)."""
    return obj if isinstance(obj, list) else [obj]


def cells_state_info(cells, batch_size: int) -> list:
    """The state_info of several cells, one after another."""
    return sum([cell.state_info(batch_size) for cell in cells], [])


def cells_begin_state(cells, **kwargs) -> list:
    """The begin states of several cells, one after another."""
    return sum([cell.begin_state(**kwargs) for cell in cells], [])


def namespace_of(inputs):
    """nd, or mx.sym when the inputs are Symbols (a cell unrolled over a graph's variables,
    as MXNet's `F`)."""
    first = inputs[0] if isinstance(inputs, (list, tuple)) and inputs else inputs
    if isinstance(first, NDArray):
        return nd
    from ndsh.symbol.symbol import Symbol
    if isinstance(first, Symbol):
        from ndsh import symbol
        return symbol
    return nd


def get_begin_state(cell, begin_state, inputs, batch_size: int) -> list:
    """`begin_state`, or zeros from the cell on the inputs' context when it is None (zero
    Symbols for Symbol inputs)."""
    if begin_state is not None:
        return begin_state
    F = namespace_of(inputs)  # noqa: N806  (MXNet's F)
    if F is not nd:
        return cell.begin_state(func=F.zeros, batch_size=batch_size)
    ctx = inputs.context if isinstance(inputs, NDArray) else inputs[0].context
    with ctx:
        return cell.begin_state(func=nd.zeros, batch_size=batch_size)


def format_sequence(length, inputs, layout: str, merge):
    """MXNet's _format_sequence: the inputs as a list of steps (merge False), one array with
    time on the layout's axis (merge True), or as they are (None); with the time axis and the
    batch size (0 when unknown)."""
    if inputs is None:
        raise AssertionError("unroll(inputs=None) has been deprecated. Please create input "
                             "variables outside unroll.")
    axis, batch_axis = layout.find("T"), layout.find("N")
    batch_size, in_axis = 0, axis
    F = namespace_of(inputs)  # noqa: N806  (MXNet's F)
    if not isinstance(inputs, (list, tuple)):
        if merge is False and F is not nd and len(inputs.list_outputs()) != 1:
            raise AssertionError("unroll doesn't allow grouped symbol as input. Please "
                                 "convert to list with list(inputs) first or let unroll "
                                 "handle splitting.")
        batch_size = inputs.shape[batch_axis]
        if merge is False:
            steps = inputs.shape[in_axis]
            if length is not None and length != steps:
                raise AssertionError(
                    f"unroll: length={length} but the input of shape {inputs.shape} has "
                    f"{steps} steps on its time axis {in_axis} (layout {layout!r})")
            steps_split = F.split(inputs, axis=in_axis, num_outputs=steps, squeeze_axis=1)
            inputs = as_list(steps_split) if F is nd else list(steps_split)
    else:
        if length is not None and len(inputs) != length:
            raise AssertionError(f"unroll: length={length} but {len(inputs)} inputs were "
                                 f"given")
        batch_size = inputs[0].shape[0]
        if merge is True:
            inputs = F.stack(*inputs, axis=axis)
            in_axis = axis
    if not isinstance(inputs, (list, tuple)) and axis != in_axis:
        inputs = F.swapaxes(inputs, dim1=axis, dim2=in_axis)
    return inputs, axis, batch_size


def mask_sequence_variable_length(data, length, valid_length, time_axis: int, merge):
    """Zero the steps past each sequence's valid length (one array, or steps if not merge)."""
    if not isinstance(data, NDArray):
        data = nd.stack(*data, axis=time_axis)
    outputs = nd.SequenceMask(data, sequence_length=valid_length, use_sequence_length=True,
                              axis=time_axis)
    if not merge:
        outputs = as_list(nd.split(outputs, num_outputs=length, axis=time_axis,
                                   squeeze_axis=True))
    return outputs


def reverse_sequences(sequences, unroll_step: int, valid_length=None) -> list:
    """The steps in reverse order (each sequence reversed within its valid length)."""
    if valid_length is None:
        return list(reversed(sequences))
    reversed_all = nd.SequenceReverse(nd.stack(*sequences, axis=0),
                                      sequence_length=valid_length, use_sequence_length=True)
    if unroll_step > 1:
        return as_list(nd.split(reversed_all, axis=0, num_outputs=unroll_step,
                                squeeze_axis=True))
    return [reversed_all[0]]


def last_valid_states(all_states: list, valid_length) -> list:
    """Each state at each sequence's last valid step."""
    return [nd.SequenceLast(nd.stack(*steps, axis=0), sequence_length=valid_length,
                            use_sequence_length=True, axis=0) for steps in zip(*all_states)]


class RecurrentCell(Block):
    """The base of recurrent cells: a Block that computes one time step,
    `output, new_states = cell(x_t, states)`, and unrolls over a sequence with `unroll`.
    A subclass defines state_info (the shapes of its states) and forward or hybrid_forward.

    Parameters:
        prefix: the prefix of the cell's name and its parameters' names.
        params: a ParameterDict whose parameters the cell shares instead of its own.

    Example:
        >>> class Counter(gluon.rnn.RecurrentCell):
        ...     def state_info(self, batch_size=0):
        ...         return [{'shape': (batch_size, 1), '__layout__': 'NC'}]
        ...     def forward(self, x, states):
        ...         total = states[0] + x.sum(axis=1, keepdims=True)
        ...         return total, [total]
        >>> cell = Counter()
        >>> outputs, states = cell.unroll(3, nd.ones((2, 3, 4)), merge_outputs=True)
        >>> outputs[:, :, 0]
        <BLANKLINE>
        [[ 4.  8. 12.]
         [ 4.  8. 12.]]
        <NDArray 2x3 @cpu(0)>
    """

    def __init__(self, prefix: str | None = None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._modified = False
        self.reset()

    def reset(self) -> None:
        """Reset the step counters (of this cell and the cells inside) before another unroll;
        unroll calls it.

        Example:
            >>> cell = gluon.rnn.RNNCell(2, input_size=2); cell.initialize()
            >>> _ = cell(nd.ones((1, 2)), cell.begin_state(batch_size=1)); cell._counter
            0
            >>> cell.reset(); cell._counter
            -1
        """
        self._init_counter = -1
        self._counter = -1
        for cell in self._children.values():
            cell.reset()

    def state_info(self, batch_size: int = 0) -> list:
        """The shape and layout of each state, as dicts ({'shape': ..., '__layout__': ...}).

        Parameters:
            batch_size: the batch size N in the shapes.

        Example:
            >>> gluon.rnn.LSTMCell(3).state_info(2)
            [{'shape': (2, 3), '__layout__': 'NC'}, {'shape': (2, 3), '__layout__': 'NC'}]
        """
        raise NotImplementedError()

    def begin_state(self, batch_size: int = 0, func=ZEROS, **kwargs) -> list:
        """The initial states: func(name=..., shape=..., **kwargs) for each state_info entry.

        Parameters:
            batch_size: the batch size N.
            func: what makes each state: nd.zeros (default), nd.ones, nd.random.uniform...
            **kwargs: more arguments for func (ctx, dtype, low, high...).

        Example:
            >>> cell = gluon.rnn.GRUCell(3)
            >>> cell.begin_state(batch_size=1, func=nd.ones)
            [
            [[1. 1. 1.]]
            <NDArray 1x3 @cpu(0)>]
        """
        if self._modified:
            raise AssertionError(_MODIFIED)
        states = []
        for info in self.state_info(batch_size):
            self._init_counter += 1
            info = kwargs if info is None else dict(info, **kwargs)
            states.append(func(name=f"{self._prefix}begin_state_{self._init_counter}", **info))
        return states

    def unroll(self, length: int, inputs, begin_state=None, layout: str = "NTC",
               merge_outputs=None, valid_length=None):
        """Run the cell over `length` time steps: (outputs, states).

        Parameters:
            length: the number of steps.
            inputs: one array, (N, T, C) for layout 'NTC' or (T, N, C) for 'TNC', or a list
                of T arrays of shape (N, C).
            begin_state: the initial states; zeros (begin_state()) if None.
            layout: 'NTC' (default) or 'TNC', where the time axis is.
            merge_outputs: True gives one array in the layout, False a list of T arrays,
                None whichever is at hand.
            valid_length: None, or an array (N,) of each sequence's length: the steps after
                it give zero outputs, and the states returned are those of its last step.

        Example:
            >>> cell = gluon.rnn.RNNCell(2, activation='relu', input_size=1)
            >>> cell.initialize(mx.init.One())
            >>> outputs, states = cell.unroll(3, nd.ones((1, 3, 1)), merge_outputs=True)
            >>> outputs
            <BLANKLINE>
            [[[1. 1.]
              [3. 3.]
              [7. 7.]]]
            <NDArray 1x3x2 @cpu(0)>
            >>> outputs, states = cell.unroll(3, nd.ones((1, 3, 1)),
            ...                               valid_length=nd.array([2]))
            >>> outputs, states
            (
            [[[1. 1.]
              [3. 3.]
              [0. 0.]]]
            <NDArray 1x3x2 @cpu(0)>, [
            [[3. 3.]]
            <NDArray 1x2 @cpu(0)>])
        """
        self.reset()
        inputs, axis, batch_size = format_sequence(length, inputs, layout, False)
        states = get_begin_state(self, begin_state, inputs, batch_size)
        outputs, all_states = [], []
        for i in range(length):
            output, states = self(inputs[i], states)
            outputs.append(output)
            if valid_length is not None:
                all_states.append(states)
        if valid_length is not None:
            states = last_valid_states(all_states, valid_length)
            outputs = mask_sequence_variable_length(outputs, length, valid_length, axis, True)
        outputs, _, _ = format_sequence(length, outputs, layout, merge_outputs)
        return outputs, states

    def _get_activation(self, F, inputs, activation, **kwargs):
        """The activation applied: a name ('tanh', 'relu', 'sigmoid', 'softsign', or any
        Activation act_type), a LeakyReLU block, or a callable."""
        func = {"tanh": F.tanh, "relu": F.relu, "sigmoid": F.sigmoid,
                "softsign": F.softsign}.get(activation)
        if func:
            return func(inputs, **kwargs)
        if isinstance(activation, str):
            return F.Activation(inputs, act_type=activation, **kwargs)
        if isinstance(activation, LeakyReLU):
            return F.LeakyReLU(inputs, act_type="leaky", slope=activation._alpha, **kwargs)
        return activation(inputs, **kwargs)

    def forward(self, inputs, states):
        """One time step: (output, new states). Counts the step, then runs the cell's
        computation (hybrid_forward for the hybrid cells).

        Parameters:
            inputs: the step's input, (N, C).
            states: the list of states (from begin_state() or the step before).
        """
        self._counter += 1
        return super().forward(inputs, states)


class HybridRecurrentCell(RecurrentCell, HybridBlock):
    """The base of hybridizable recurrent cells: a RecurrentCell whose step is
    `hybrid_forward(F, x, states, **params)`.

    Parameters:
        prefix: the prefix of the cell's name and its parameters' names.
        params: a ParameterDict whose parameters the cell shares.

    Example:
        >>> class Decay(gluon.rnn.HybridRecurrentCell):
        ...     def state_info(self, batch_size=0):
        ...         return [{'shape': (batch_size, 2), '__layout__': 'NC'}]
        ...     def hybrid_forward(self, F, x, states):
        ...         h = 0.5 * states[0] + x
        ...         return h, [h]
        >>> outputs, _ = Decay().unroll(2, nd.ones((1, 2, 2)), merge_outputs=True)
        >>> outputs
        <BLANKLINE>
        [[[1.  1. ]
          [1.5 1.5]]]
        <NDArray 1x2x2 @cpu(0)>
    """

    def hybrid_forward(self, F, x, *args, **kwargs):
        """One time step: override it. F is `nd`; the states come after the input and the
        cell's parameters as keyword arguments.

        Parameters:
            F: the namespace of ops, `nd`.
            x: the step's input.
            *args: the states.
            **kwargs: the cell's own parameters.
        """
        raise NotImplementedError
