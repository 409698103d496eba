"""Symbol (MXNet 1.9.1's `mx.sym.Symbol`): the outputs of a small graph of nodes, built by
calling `mx.sym` ops on variables, printed, listed, written as MXNet's JSON and run.

Its operators (`+`, `*`...) and op methods (`x.reshape(...)`) are bound by ndsh.symbol.ops;
reading the graph happens here; running it in ndsh.symbol.evaluate.
"""
from __future__ import annotations

from ndsh.symbol.node import Node, aux_nodes, topological

_RUN_INSTEAD = ("ndsh has no executors: y.eval(x=nd.array(...)) gives the outputs, and "
                "gluon.SymbolBlock(y, mx.sym.var('x')) runs the graph as a Block (initialize(), "
                "then call it under autograd.record() for gradients).")
# MXNet 1.9.1's Symbol methods that ndsh does not have, and why
_NOT_IN_NDSH = {
    "bind": _RUN_INSTEAD, "simple_bind": _RUN_INSTEAD, "_bind": _RUN_INSTEAD,
    "_simple_bind": _RUN_INSTEAD,
    "gradient": "MXNet 1.9.1 does not implement it either (NotImplementedError); use "
                "autograd on NDArrays, or gluon.SymbolBlock.",
    "infer_type": "ndsh's Symbols carry no dtype inference; a graph's outputs have the dtype "
                  "eval() gives them.",
    "infer_type_partial": "ndsh's Symbols carry no dtype inference.",
    "infer_shape_partial": "use infer_shape(), which takes the shapes known.",
    "optimize_for": "ndsh has no backends or subgraph partitioning.",
    "get_backend_symbol": "ndsh has no backends or subgraph partitioning.",
    "debug_str": "print the graph with tojson(), or list_arguments() / list_outputs().",
}


class Symbol:
    """A symbolic value: one or more outputs of a graph whose variables (`mx.sym.var`) are
    filled in later. Ops on Symbols build nodes instead of computing (`F = mx.sym` inside a
    hybridized Gluon block); `tojson()` writes the graph as MXNet does; `eval()` runs it.

    Example:
        >>> x = mx.sym.var('x')
        >>> y = mx.sym.relu(x * 2, name='out'); y
        <Symbol out>
        >>> y.list_arguments(), y.list_outputs()
        (['x'], ['out_output'])
        >>> y.eval(x=nd.array([-1, 3]))[0]
        <BLANKLINE>
        [0. 6.]
        <NDArray 2 @cpu(0)>

    Departs from MXNet:
        `shape`, `ndim`, `size` and `dtype` are ndsh's: they tell what the graph gives for
        the shapes known (a variable's `shape=`, or the inputs of a hybridized block's last
        call), so that ndsh's layers can check their inputs while building a graph.
        Executors (bind, simple_bind) and the Module API are not in ndsh: SymbolBlock and
        eval() run graphs.
    """

    __slots__ = ("_outputs",)
    __array_priority__ = 1000.0

    def __init__(self, outputs: list):
        self._outputs = list(outputs)        # (node, output index) pairs

    def __getattr__(self, name: str):
        """MXNet's Symbol methods that ndsh leaves out say so and what to use instead."""
        why = _NOT_IN_NDSH.get(name)
        if why is None:
            raise AttributeError(f"'Symbol' object has no attribute {name!r}", name=name,
                                 obj=self)
        raise AttributeError(f"Symbol.{name} is MXNet's, but not in ndsh: {why}", name=name,
                             obj=self)

    # -- what it is ---------------------------------------------------------------------------
    @property
    def name(self) -> str | None:
        """The name of the node of a single-output Symbol; None for a group.

        Example:
            >>> mx.sym.var('data').name
            'data'
        """
        if len(self._outputs) != 1:
            return None
        return self._outputs[0][0].name

    def __repr__(self) -> str:
        name = self.name
        if name is None:
            return f"<Symbol group [{', '.join(s.name for s in self)}]>"
        return f"<Symbol {name}>"

    def __len__(self) -> int:
        return len(self._outputs)

    def __iter__(self):
        return (Symbol([output]) for output in self._outputs)

    def __getitem__(self, index):
        """One output, by position or by its name in list_outputs().

        Example:
            >>> out = mx.sym.relu(mx.sym.var('x'), name='r').get_internals()
            >>> out['r_output'], out[0]
            (<Symbol r>, <Symbol x>)
        """
        if isinstance(index, str):
            names = self.list_outputs()
            matches = [i for i, name in enumerate(names) if name == index]
            if not matches:
                raise ValueError(f"There is no output named {index!r}; the outputs are "
                                 f"{names}.")
            if len(matches) > 1:
                raise ValueError(f"There are multiple outputs with name {index!r}")
            index = matches[0]
        if isinstance(index, slice):
            return Symbol(self._outputs[index])
        if not -len(self._outputs) <= index < len(self._outputs):
            raise IndexError(f"Symbol index {index} is out of range: it has "
                             f"{len(self._outputs)} outputs.")
        return Symbol([self._outputs[index]])

    def __bool__(self):
        raise NotImplementedError("The truth value of a Symbol is not known until it runs: "
                                  "Python's `if` and `and`/`or` cannot test one.")

    def __copy__(self) -> Symbol:
        return Symbol(self._outputs)

    def __deepcopy__(self, memo) -> Symbol:
        return Symbol(self._outputs)

    def __hash__(self) -> int:
        return id(self)

    # -- reading the graph ---------------------------------------------------------------------
    def _order(self) -> list[Node]:
        return topological(node for node, _ in self._outputs)

    def list_outputs(self) -> list[str]:
        """The names of the outputs (`dense0_fwd_output`; a variable's own name).

        Example:
            >>> mx.sym.FullyConnected(mx.sym.var('x'), num_hidden=2, name='fc').list_outputs()
            ['fc_output']
        """
        return [node.output_name(index) for node, index in self._outputs]

    def list_inputs(self) -> list[str]:
        """The names of every variable of the graph, the auxiliary states included.

        Example:
            >>> mx.sym.BatchNorm(mx.sym.var('x'), name='bn').list_inputs()
            ['x', 'bn_gamma', 'bn_beta', 'bn_moving_mean', 'bn_moving_var']
        """
        return [node.name for node in self._order() if node.is_variable]

    def list_arguments(self) -> list[str]:
        """The names of the variables that are arguments (inputs and learned parameters), in
        graph order; the auxiliary states (BatchNorm's moving statistics) are left out.

        Example:
            >>> fc = mx.sym.FullyConnected(mx.sym.var('x'), num_hidden=2, name='fc')
            >>> fc.list_arguments()
            ['x', 'fc_weight', 'fc_bias']
        """
        order = self._order()
        aux = aux_nodes(order)
        return [node.name for node in order if node.is_variable and id(node) not in aux]

    def list_auxiliary_states(self) -> list[str]:
        """The names of the variables that ops update as state (BatchNorm's moving mean and
        variance), in graph order.

        Example:
            >>> mx.sym.BatchNorm(mx.sym.var('x'), name='bn').list_auxiliary_states()
            ['bn_moving_mean', 'bn_moving_var']
        """
        order = self._order()
        aux = aux_nodes(order)
        return [node.name for node in order if node.is_variable and id(node) in aux]

    def get_internals(self) -> Symbol:
        """A group of every output of every node, in graph order (to cut a graph at a layer).

        Example:
            >>> mx.sym.relu(mx.sym.var('x'), name='r').get_internals().list_outputs()
            ['x', 'r_output']
        """
        return Symbol([(node, i) for node in self._order()
                       for i in range(node.visible_outputs())])

    def get_children(self) -> Symbol | None:
        """The inputs of this Symbol's node, as a group; None for a variable.

        Example:
            >>> (mx.sym.var('a') + mx.sym.var('b')).get_children()
            <Symbol group [a, b]>
        """
        inputs = [(node, index) for out, _ in self._outputs for node, index, _ in out.inputs]
        return Symbol(inputs) if inputs else None

    def attr(self, key: str) -> str | None:
        """The attribute `key` of this Symbol's node (a string), or None.

        Parameters:
            key: the attribute's name (`num_hidden`, `__shape__`...).

        Example:
            >>> mx.sym.var('w', shape=(2, 3)).attr('__shape__')
            '(2, 3)'
        """
        if len(self._outputs) != 1:
            return None
        return self._outputs[0][0].attrs.get(key)

    def list_attr(self, recursive: bool = False) -> dict:
        """The attributes of this Symbol's node (MXNet: `recursive` is no longer supported).

        Parameters:
            recursive: must be False.

        Example:
            >>> mx.sym.Activation(mx.sym.var('x'), act_type='relu').list_attr()
            {'act_type': 'relu'}
        """
        if recursive:
            raise DeprecationWarning("Symbol.list_attr with recursive=True has been "
                                     "deprecated. Please use attr_dict instead.")
        return dict(self._outputs[0][0].attrs) if len(self._outputs) == 1 else {}

    def attr_dict(self) -> dict:
        """Every node's attributes, by node name (nodes without attributes left out).

        Example:
            >>> mx.sym.Activation(mx.sym.var('x'), act_type='relu', name='a').attr_dict()
            {'a': {'act_type': 'relu'}}
        """
        return {node.name: dict(node.attrs) for node in self._order() if node.attrs}

    # -- files ------------------------------------------------------------------------------
    def tojson(self, remove_amp_cast: bool = True) -> str:
        """The graph as MXNet 1.9.1's JSON text (what `-symbol.json` files hold).

        Parameters:
            remove_amp_cast: MXNet's option for mixed-precision graphs (nothing to remove).

        Example:
            >>> text = mx.sym.var('data').tojson(); text.splitlines()[:4]
            ['{', '  "nodes": [', '    {', '      "op": "null", ']
            >>> mx.sym.load_json(text)
            <Symbol data>
        """
        from ndsh.symbol.jsonio import to_json
        return to_json(self._outputs)

    def save(self, fname: str, remove_amp_cast: bool = True) -> None:
        """Write tojson() to `fname` (whole or not at all: a failed write leaves no half file).

        Parameters:
            fname: the file to write.
            remove_amp_cast: MXNet's option for mixed-precision graphs.

        Example:
            >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'net-symbol.json')
            >>> mx.sym.relu(mx.sym.var('x'), name='r').save(path); mx.sym.load(path)
            <Symbol r>
        """
        from ndsh.symbol.jsonio import write_text
        write_text(fname, self.tojson())

    # -- np and nd symbols ---------------------------------------------------------------------
    def as_np_ndarray(self) -> Symbol:
        """The same graph as a symbol of MXNet's numpy interface (`mx.sym.var('data')
        .as_np_ndarray()`, to call a hybridized block in np mode on symbols).

        Example:
            >>> mx.sym.var('data').as_np_ndarray()
            <Symbol data>

        Departs from MXNet:
            ndsh has one Symbol class: this is a new Symbol over the same outputs (MXNet's is
            a `_Symbol` of `mxnet.symbol.numpy`, printed `<_Symbol data>`), and ops on it are
            mx.sym's, not mx.sym.np's.
        """
        return Symbol(self._outputs)

    def as_nd_ndarray(self) -> Symbol:
        """The same graph as a legacy symbol (a new Symbol over the same outputs).

        Example:
            >>> mx.sym.var('data').as_np_ndarray().as_nd_ndarray()
            <Symbol data>
        """
        return Symbol(self._outputs)

    # -- running it -------------------------------------------------------------------------
    def eval(self, ctx=None, **kwargs) -> list:
        """Run the graph on NDArrays given by variable name; a list of the outputs.

        Parameters:
            ctx: the context to run on (that of the arrays given).
            **kwargs: an NDArray for each variable.

        Example:
            >>> (mx.sym.var('a') + 1).eval(a=nd.array([1, 2]))
            [
            [2. 3.]
            <NDArray 2 @cpu(0)>]
        """
        from ndsh.symbol.evaluate import run
        return run(self._outputs, kwargs)

    def infer_shape(self, *args, **kwargs):
        """The shapes of the arguments, outputs and auxiliary states for the input shapes
        given (by variable name, or by position in list_arguments()): (arg_shapes,
        out_shapes, aux_shapes), as MXNet returns them. The learned parameters' shapes of
        FullyConnected, Convolution, BatchNorm and Embedding are worked out from their inputs.

        Parameters:
            *args: shapes in the order of list_arguments() (None for unknown).
            **kwargs: shapes by variable name.

        Example:
            >>> fc = mx.sym.FullyConnected(mx.sym.var('x'), num_hidden=3, name='fc')
            >>> fc.infer_shape(x=(2, 5))
            ([(2, 5), (3, 5), (3,)], [(2, 3)], [])
        """
        from ndsh.symbol.evaluate import infer_shapes
        return infer_shapes(self, args, kwargs)

    @property
    def shape(self) -> tuple:
        """ndsh's: the shape of this single output for the shapes known (see Departs).

        Example:
            >>> (mx.sym.var('x', shape=(2, 3)) * 2).shape
            (2, 3)
        """
        from ndsh.symbol.evaluate import known_value
        return known_value(self).shape

    @property
    def ndim(self) -> int:
        """ndsh's: the number of axes of shape.

        Example:
            >>> mx.sym.var('x', shape=(2, 3)).ndim
            2
        """
        return len(self.shape)

    @property
    def size(self) -> int:
        """ndsh's: the number of elements of shape.

        Example:
            >>> mx.sym.var('x', shape=(2, 3)).size
            6
        """
        size = 1
        for dim in self.shape:
            size *= dim
        return size

    @property
    def dtype(self):
        """ndsh's: the dtype this output has for the inputs known.

        Example:
            >>> mx.sym.var('x', shape=(2,), dtype='float64').dtype
            <class 'numpy.float64'>
        """
        from ndsh.symbol.evaluate import known_value
        return known_value(self).dtype
