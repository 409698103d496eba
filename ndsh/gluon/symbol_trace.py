"""A HybridBlock called on Symbols: hybrid_forward run with `F = mx.sym` (nodes named as MXNet
names them: `dense0_fwd`), and `export`, which writes the graph with the weights as MXNet's
`path-symbol.json` and `path-0000.params` (SymbolBlock, in symbol_block.py, reads them back).

hybrid_block.py calls in here only when a block meets a Symbol, so plain NDArray calls pay
nothing for it.
"""
from __future__ import annotations

import contextlib
import threading
import warnings
import weakref

from ndsh import symbol as sym
from ndsh.engine import NDArray, nd
from ndsh.gluon import name as _name
from ndsh.gluon.np_mode import np_array_on, to_np
from ndsh.gluon.parameter import shape_is_known
from ndsh.symbol.evaluate import shape_hints
from ndsh.symbol.symbol import Symbol

__all__ = ["export", "forward_symbols", "parameter_var", "symbols_in", "write_files"]

# the op hints whose node MXNet's own layers name 'fwd' (F.FullyConnected(..., name='fwd'))
_FWD_HINTS = frozenset({"fullyconnected", "dropout", "batchnorm", "embedding", "instancenorm",
                        "convolution", "deconvolution", "pooling", "activation", "leakyrelu"})
_NO_FWD = frozenset({"ELU", "PReLU", "LayerNorm", "GroupNorm", "Flatten"})
_STATE = threading.local()
# each Parameter's variable, made once as MXNet's Parameter.var() is (a cell unrolled over
# Symbols uses its weights at every step: one variable, listed once by list_arguments)
_VARIABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _BlockNames(_name.Prefix):
    """The names a block's nodes get: its prefix, and 'fwd' for the main op of ndsh's own
    layers, as MXNet's layers pass name='fwd'."""

    def __init__(self, block):
        super().__init__(block.prefix)
        cls = type(block)
        self._fwd = cls.__module__.startswith("ndsh.gluon.") and cls.__name__ not in _NO_FWD

    def get(self, name, hint):
        if not name and self._fwd and hint in _FWD_HINTS:
            self._fwd = False
            name = "fwd"
        return super().get(name, hint)


def symbols_in(args) -> list[Symbol]:
    """The Symbols in (nested lists or tuples of) arguments, in order.

    Example:
        >>> from ndsh.gluon.symbol_trace import symbols_in
        >>> symbols_in([mx.sym.var('a'), [nd.ones(1), mx.sym.var('b')]])
        [<Symbol a>, <Symbol b>]
    """
    found = []
    for arg in args:
        if isinstance(arg, Symbol):
            found.append(arg)
        elif isinstance(arg, (list, tuple)):
            found.extend(symbols_in(arg))
    return found


def parameter_var(param) -> Symbol:
    """MXNet's Parameter.var(): a variable with the parameter's name, shape, dtype, rates and
    initializer (while a graph is built, the same one each time the parameter is used).

    Example:
        >>> from ndsh.gluon.symbol_trace import parameter_var
        >>> w = gluon.nn.Dense(2, in_units=3, prefix='fc_').weight
        >>> parameter_var(w), parameter_var(w).attr('__shape__')
        (<Symbol fc_weight>, '(2, 3)')
    """
    made = getattr(_STATE, "vars", None)
    if made is not None and id(param) in made:
        return made[id(param)][1]
    key = (param.name, param.shape, param.dtype)
    cached = _VARIABLES.get(param)
    if cached is not None and cached[0] == key:
        variable = cached[1]          # MXNet keeps one var() per Parameter: graphs share it
    else:
        init = param.init
        if init is not None and not isinstance(init, str) and not hasattr(init, "dumps"):
            init = None
        variable = sym.var(param.name, shape=param.shape, dtype=param.dtype,
                           lr_mult=param.lr_mult, wd_mult=param.wd_mult, init=init,
                           stype=getattr(param, "_stype", "default"))
        with contextlib.suppress(TypeError):       # a Parameter that cannot be weakly keyed
            _VARIABLES[param] = (key, variable)
    if made is not None:
        made[id(param)] = (param, variable)
    return variable


@contextlib.contextmanager
def _graph_build(block, inputs: list[Symbol]):
    """One graph build: the variables' shape hints (the inputs of the block's last call on
    NDArrays) and one variable per parameter."""
    if getattr(_STATE, "vars", None) is not None:
        yield
        return
    recorded = getattr(block, "_symbol_inputs", None) or []
    hints = {}
    for value, known in zip(inputs, recorded):
        node = value._outputs[0][0]
        if node.is_variable and "__shape__" not in node.attrs:
            hints[id(node)] = known
    _STATE.vars = {}
    try:
        with shape_hints(hints):
            yield
    finally:
        _STATE.vars = None


def forward_symbols(block, x, *args):
    """HybridBlock.forward on Symbols: hybrid_forward(mx.sym, x, *args, **parameter
    variables) under the block's name prefix; a Symbol (or what hybrid_forward returns).

    Example:
        >>> from ndsh.gluon.symbol_trace import forward_symbols
        >>> forward_symbols(gluon.nn.Dense(2, in_units=3, prefix='fc_'),
        ...                 mx.sym.var('data', shape=(1, 3)))
        <Symbol fc_fwd>
    """
    everything = [x, *args]
    if any(isinstance(a, NDArray) for a in flat(everything)):
        raise ValueError("In HybridBlock, we do not support mixed NDArrays and Symbols types "
                         "for the input. Please check the type of the args.\n")
    with _graph_build(block, symbols_in(everything)):
        _complete_shapes(block, x, *args)
        params = {key: parameter_var(param) for key, param in block._reg_params.items()}
        with block.name_scope():
            if block._empty_prefix:
                return block.hybrid_forward(sym, x, *args, **params)
            with _BlockNames(block):
                return block.hybrid_forward(sym, x, *args, **params)


def flat(args):
    for arg in args:
        if isinstance(arg, (list, tuple)):
            yield from flat(arg)
        else:
            yield arg


def _complete_shapes(block, *args) -> None:
    """Deferred parameters get their shapes from the inputs' shapes where those are known
    (no values: the parameters stay uninitialized)."""
    if all(shape_is_known(p.shape) for p in block._reg_params.values()):
        return
    with contextlib.suppress(Exception):
        block.infer_shape(*args)


def export(block, path: str, epoch: int = 0, remove_amp_cast: bool = True) -> None:
    """HybridBlock.export: the graph of the block's last call to `path-symbol.json` and its
    parameters to `path-%04d.params` (`arg:` / `aux:` names), each file whole or not at all.

    Example:
        >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'fc')
        >>> from ndsh.gluon.symbol_trace import export
        >>> net = gluon.nn.Dense(2, in_units=3); net.initialize(); net.hybridize()
        >>> _ = net(nd.ones((1, 3))); export(net, path)
        >>> sorted(nd.load(path + '-0000.params'))
        ['arg:dense0_bias', 'arg:dense0_weight']
    """
    recorded = getattr(block, "_symbol_inputs", None)
    if not recorded:
        raise RuntimeError("Please first call block.hybridize() and then run forward with "
                           "this block at least once before calling export.")
    names = ["data"] if len(recorded) == 1 else [f"data{i}" for i in range(len(recorded))]
    out = block(*[sym.var(n) for n in names])
    write_files(block, sym.Group(list(flat([out]))), path, epoch, remove_amp_cast)


def write_files(block, outputs: Symbol, path: str, epoch: int, remove_amp_cast: bool) -> None:
    """The graph to `path-symbol.json`, the block's parameters to `path-%04d.params` (in np
    mode as `npx.save` writes them, the np-shape records MXNet 1.9.1 writes there).

    Example:
        >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'fc')
        >>> from ndsh.gluon.symbol_trace import write_files
        >>> net = gluon.nn.Dense(2, in_units=3, prefix='fc_'); net.initialize()
        >>> write_files(net, net(mx.sym.var('data', shape=(1, 3))), path, 0, True)
        >>> mx.sym.load(path + '-symbol.json').list_arguments()
        ['data', 'fc_weight', 'fc_bias']
    """
    outputs.save(f"{path}-symbol.json", remove_amp_cast=remove_amp_cast)
    arg_names = set(outputs.list_arguments())
    aux_names = set(outputs.list_auxiliary_states())
    arrays = {}
    for param in block.collect_params().values():
        if param.name in arg_names:
            arrays[f"arg:{param.name}"] = param._reduce()
        elif param.name in aux_names:
            arrays[f"aux:{param.name}"] = param._reduce()
        else:
            warnings.warn(f'Parameter "{param.name}" is not found in the graph. ',
                          stacklevel=3)
    target = f"{path}-{epoch:04d}.params"
    if np_array_on():         # MXNet writes npx.save's np-shape records in np mode
        from ndsh.mxnp.npx_io import save
        save(target, {name: to_np(array) for name, array in arrays.items()})
        return
    nd.save(target, arrays)
