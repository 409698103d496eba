"""SymbolBlock (MXNet 1.9.1's `gluon.SymbolBlock`): a block that runs a graph of `mx.sym`,
the one a HybridBlock's `export` wrote (`SymbolBlock.imports`, for ndsh's files and MXNet's)
or one cut from a network built on Symbols.
"""
from __future__ import annotations

from ndsh import symbol as sym
from ndsh.gluon.hybrid_block import HybridBlock
from ndsh.gluon.parameter import DeferredInitializationError, shape_is_known
from ndsh.gluon.parameter_dict import ParameterDict
from ndsh.gluon.symbol_trace import flat, write_files
from ndsh.symbol.evaluate import evaluate, infer_shapes
from ndsh.symbol.node import Node, topological
from ndsh.symbol.symbol import Symbol

__all__ = ["SymbolBlock"]


def _common_prefix(names: list[str]) -> str:
    if not names:
        return ""
    prefix = names[0]
    for name in names:
        i = 0
        while i < len(prefix) and i < len(name) and prefix[i] == name[i]:
            i += 1
        prefix = prefix[:i]
    return prefix


def _substitute(outputs: list, replace: dict) -> list:
    """The graph with the variables named in `replace` swapped for (node, index) pairs."""
    made: dict = {}
    for node in topological(n for n, _ in outputs):
        if node.is_variable:
            made[id(node)] = replace.get(node.name, (node, 0))
            continue
        inputs = []
        for child, index, version in node.inputs:
            target = made[id(child)]
            inputs.append((target[0], target[1] if child.is_variable else index, version))
        made[id(node)] = (Node(node.op, node.name, dict(node.attrs), inputs), 0)
    return [(made[id(n)][0], i) for n, i in outputs]


class SymbolBlock(HybridBlock):
    """A block that runs a graph: `outputs` Symbols computed from the `inputs` variables,
    every other variable being a Parameter (learned, or an auxiliary state such as
    BatchNorm's moving statistics). Use it to run an exported network without its Python
    code, or to cut a network at an inner layer.

    Parameters:
        outputs: a Symbol, or a list of them.
        inputs: the input variable(s) among the graph's variables.
        params: a ParameterDict to take the parameters from (shared with another block).

    Example:
        >>> x = mx.sym.var('data')
        >>> y = mx.sym.FullyConnected(x, num_hidden=2, name='fc')
        >>> block = gluon.SymbolBlock(y, x); block.initialize(mx.init.One())
        >>> block(nd.ones((1, 3)))
        <BLANKLINE>
        [[4. 4.]]
        <NDArray 1x2 @cpu(0)>
    """

    def __init__(self, outputs, inputs, params: ParameterDict | None = None):
        super().__init__(prefix="", params=None)
        self._params = ParameterDict("", params)
        inputs = [inputs] if isinstance(inputs, Symbol) else list(flat([inputs]))
        outputs = [outputs] if isinstance(outputs, Symbol) else list(flat([outputs]))
        for value in inputs:
            node = value._outputs[0][0] if len(value) == 1 else None
            if node is None or not node.is_variable:
                raise AssertionError(f"Input symbols must be variable, but {value} is an "
                                     f"output of operators")
        self._inputs = [value._outputs[0][0].name for value in inputs]
        self._single = len(outputs) == 1 and len(outputs[0]) == 1
        self._outputs = sym.Group(outputs)
        for name in self._outputs.list_arguments():
            if name not in self._inputs:
                self.params.get(name, allow_deferred_init=True)
        for name in self._outputs.list_auxiliary_states():
            if name not in self._inputs:
                self.params.get(name, grad_req="null", allow_deferred_init=True)
        cut = len(_common_prefix(list(self._params.keys())))
        self._reg_params = {key[cut:]: value for key, value in self._params.items()}

    @staticmethod
    def imports(symbol_file: str, input_names, param_file: str | None = None, ctx=None,
                allow_missing: bool = False, ignore_extra: bool = False) -> SymbolBlock:
        """A SymbolBlock from the files `export` (ndsh's or MXNet's) wrote.

        Parameters:
            symbol_file: the `-symbol.json` file.
            input_names: the input variable name(s), e.g. ['data'].
            param_file: the `.params` file (None: parameters left to initialize()).
            ctx: the context(s) to load the parameters on.
            allow_missing: let parameters the file lacks stay uninitialized.
            ignore_extra: skip names of the file that the graph does not have.

        Example:
            >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'net')
            >>> net = gluon.nn.Dense(2, in_units=3); net.initialize(mx.init.One())
            >>> net.hybridize(); _ = net(nd.ones((1, 3))); net.export(path)
            >>> back = gluon.SymbolBlock.imports(path + '-symbol.json', ['data'],
            ...                                  path + '-0000.params')
            >>> back(nd.ones((1, 3)))
            <BLANKLINE>
            [[3. 3.]]
            <NDArray 1x2 @cpu(0)>
        """
        graph = sym.load(symbol_file)
        if isinstance(input_names, str):
            input_names = [input_names]
        block = SymbolBlock(graph, [sym.var(name) for name in input_names])
        if param_file is not None:
            block.collect_params().load(param_file, ctx, allow_missing, ignore_extra,
                                        cast_dtype=True, dtype_source="saved")
        return block

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(\n{self._outputs} : {len(self._inputs)} -> "
                f"{len(self._outputs.list_outputs())}\n)")

    def infer_shape(self, *args) -> None:
        """Set the shapes of parameters not yet known from the inputs' shapes (the layer
        ops' rules: FullyConnected, Convolution, BatchNorm, Embedding...).

        Parameters:
            *args: the inputs (NDArrays).
        """
        shapes = {name: value.shape for name, value in zip(self._inputs, args)}
        arg_shapes, _, aux_shapes = infer_shapes(self._outputs, (), shapes)
        if arg_shapes is None:
            raise ValueError(f"SymbolBlock cannot work out its parameters' shapes from "
                             f"inputs of shape {list(shapes.values())}.")
        found = dict(zip(self._outputs.list_arguments(), arg_shapes))
        found.update(zip(self._outputs.list_auxiliary_states(), aux_shapes))
        for param in self.params.values():
            if not shape_is_known(param.shape) and param.name in found:
                param.shape = found[param.name]

    def forward(self, x, *args):
        """Run the graph on NDArrays (a Symbol input composes a new graph instead)."""
        values = [x, *args]
        if isinstance(x, Symbol):
            replace = {name: value._outputs[0] for name, value in zip(self._inputs, values)}
            result = Symbol(_substitute(self._outputs._outputs, replace))
            return result if self._single else list(result)
        ctx = x.context
        try:
            params = {p.name: p.data(ctx) for p in self.params.values()}
        except DeferredInitializationError:
            self._deferred_infer_shape(x, *args)
            for param in self.params.values():
                param._finish_deferred_init()
            params = {p.name: p.data(ctx) for p in self.params.values()}
        given = dict(zip(self._inputs, values))

        def supply(node: Node):
            if node.name in given:
                return given[node.name]
            if node.name in params:
                return params[node.name]
            raise ValueError(f"SymbolBlock: the graph's variable '{node.name}' is neither an "
                             f"input ({', '.join(self._inputs)}) nor a parameter.")
        with ctx:
            outputs = evaluate(self._outputs._outputs, supply)
        return outputs[0] if self._single else outputs

    def export(self, path: str, epoch: int = 0, remove_amp_cast: bool = True) -> None:
        """Write the graph to `path-symbol.json` and the parameters to `path-%04d.params`.

        Parameters:
            path: the stem of the two files.
            epoch: the number in the parameter file's name.
            remove_amp_cast: MXNet's option for mixed-precision graphs.
        """
        write_files(self, self._outputs, path, epoch, remove_amp_cast)

    def hybrid_forward(self, F, x, *args, **kwargs):
        raise NotImplementedError
