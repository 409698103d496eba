"""HybridBlock (MXNet 1.9.1's): a Block whose computation is hybrid_forward(F, x, ...,
**params), F being `nd`; the first call infers the shapes its deferred parameters wait for.

`hybridize()` is accepted (its options recorded) and the results are the same, but the Python
body keeps running on every call on NDArrays. A hybridized block checks its inputs as MXNet's
cached graph does (the first call's structure, one context). Called on Symbols
(`mx.sym.var('data')`), a block builds a graph (symbol_trace.py), which `export` writes as
MXNet's files.
"""
from __future__ import annotations

import warnings

from ndsh.engine import NDArray, nd
from ndsh.gluon.block_base import HYBRID_CALL, Block
from ndsh.gluon.np_mode import NP_F, call_in_world, hybrid_forward_is_ndsh, is_np, np_world
from ndsh.gluon.parameter import DeferredInitializationError, Parameter, shape_is_known
from ndsh.gluon.parameter_dict import ParameterDict

__all__ = ["HybridBlock"]


def _parameter_var(param):
    """Parameter.var(): symbol_trace.parameter_var (which imports Parameter's module, so
    Parameter's module leaves this import to us)."""
    from ndsh.gluon.symbol_trace import parameter_var
    return parameter_var(param)


Parameter._make_var = staticmethod(_parameter_var)


def _in_format(args):
    """MXNet's `_flatten` format of a call's inputs: 0 for an array, -1 for None, a list for
    a list or tuple (nested), None for anything else (MXNet refuses those; ndsh lets them
    through, but a change still counts)."""
    if isinstance(args, NDArray) or is_np(args):
        return 0
    if args is None:
        return -1
    if isinstance(args, (list, tuple)):
        return [_in_format(arg) for arg in args]
    return type(args).__name__


def _formats_agree(stored: list, given: list) -> bool:
    """MXNet's rule: equal, or equal but for trailing None inputs left to their defaults."""
    if stored == given:
        return True
    short, long = (given, stored) if len(stored) > len(given) else (stored, given)
    return long[:len(short)] == short and all(f == -1 for f in long[len(short):])


def _arrays_in(args) -> list:
    """The NDArrays and np arrays in (nested lists or tuples of) arguments, in order."""
    found = []
    for arg in args:
        if isinstance(arg, NDArray) or is_np(arg):
            found.append(arg)
        elif isinstance(arg, (list, tuple)):
            found.extend(_arrays_in(arg))
    return found


def own_data(reg_params: dict, ctx) -> dict:
    """`{key: param.data(ctx)}` for a block's own parameters, what HybridBlock.forward passes
    to hybrid_forward, the same arrays for fewer checks: np_world() is asked once, not once a
    parameter, and a parameter held on exactly one context, ctx, gives its array directly
    (data(ctx) would return `_data[_ctx_list.index(ctx)]`, the same object: contexts are
    interned, so `is` is their ==). Nothing is cached: every call reads the parameter's
    current `_data` and `_ctx_list`, so initialize, reset_ctx, cast, set_data, load and shared
    parameters need no invalidation. Every other case (np world, several contexts, another
    context, not initialized or deferred: data()'s errors) goes through data(ctx).

    Example:
        >>> from ndsh.gluon.hybrid_block import own_data
        >>> layer = gluon.nn.Dense(2, in_units=3); layer.initialize()
        >>> arrays = own_data(layer._reg_params, mx.cpu())
        >>> arrays['weight'] is layer.weight.data(), sorted(arrays)
        (True, ['bias', 'weight'])
    """
    if np_world():
        return {key: param.data(ctx) for key, param in reg_params.items()}
    found = {}
    for key, param in reg_params.items():
        arrays = param._data
        if arrays is not None and len(arrays) == 1 and param._ctx_list[0] is ctx:
            found[key] = arrays[0]
        else:
            found[key] = param.data(ctx)
    return found


def _same_one_array(block, args: tuple) -> bool:
    """Whether a hybridized block's call is one NDArray, as its first call was: the checks of
    _check_inputs would pass without a word (format [0] against the stored [0], one context),
    so they are skipped. It reads the stored format each time, so hybridize() and
    register_child (which forget it) send the next call through the full checks again."""
    return (len(args) == 1 and type(args[0]) is NDArray
            and block.__dict__.get("_in_format") == [0])


def _inputs_text(fmt: list) -> str:
    count = len(fmt)
    return f"{count} input{'s' if count != 1 else ''} {fmt}"


class HybridBlock(Block):
    """A Block whose computation is `hybrid_forward(self, F, x, *args, **params)`: F is `nd`,
    and the block's own parameters (its Parameter attributes) arrive as keyword arguments by
    attribute name, as NDArrays on the input's context. Its children must be HybridBlocks.

    Parameters:
        prefix: the prefix of this block's name and its parameters' names.
        params: a ParameterDict whose parameters this block shares.

    Example:
        >>> class Scale(gluon.HybridBlock):
        ...     def __init__(self, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.w = self.params.get('w', shape=(2,), init=mx.init.Constant(3))
        ...     def hybrid_forward(self, F, x, w):
        ...         return F.broadcast_mul(x, w)
        >>> block = Scale(); block.initialize(); block.hybridize()
        >>> block(nd.array([1, 2]))
        <BLANKLINE>
        [3. 6.]
        <NDArray 2 @cpu(0)>

    Departs from MXNet:
        ndsh has no symbolic graph. hybridize() changes no result, but the Python code keeps
        running on every call (MXNet runs it once, on symbols): prints inside hybrid_forward
        and the children's hooks keep firing, code that works only imperatively (x.shape,
        asnumpy(), value-dependent ifs) keeps working, and `+` broadcasts. A new layer written
        as a HybridBlock with deferred parameters needs an infer_shape method, which MXNet
        derives from the graph. Called on a Symbol, it runs hybrid_forward with F = mx.sym
        and returns a Symbol, as MXNet does; export() writes MXNet's files. As MXNet's
        cached graph, a hybridized block refuses (ValueError) inputs of another structure
        than its first call's (`net(x, y)` after `net(x)`) or on two contexts.
    """

    def __init__(self, prefix: str | None = None, params: ParameterDict | None = None):
        super().__init__(prefix=prefix, params=params)
        self._active = False
        self._flags: list = []
        self._backend = None
        self._backend_opts: dict = {}

    def register_child(self, block: Block, name: str | None = None) -> None:
        """Make `block` a child; it must be a HybridBlock.

        Parameters:
            block: the child.
            name: its key.

        Example:
            >>> net = gluon.nn.HybridSequential(); net.register_child(gluon.nn.Dense(1))
            >>> len(net)
            1
        """
        if not isinstance(block, HybridBlock):
            raise ValueError(f"Children of HybridBlock must also be HybridBlock, but {block} "
                             f"has type {type(block)}. If you are using Sequential, please "
                             f"try HybridSequential instead.")
        super().register_child(block, name)
        self.__dict__.pop("_in_format", None)          # MXNet's _clear_cached_op

    def hybridize(self, active: bool = True, backend=None, clear: bool = True,
                  static_alloc: bool = False, static_shape: bool = False,
                  inline_limit: int = 2, forward_bulk_size=None, backward_bulk_size=None,
                  **kwargs) -> None:
        """Turn hybrid mode on or off for this block and its descendants. In ndsh it changes
        nothing the results show: the options are recorded and the block keeps running its
        Python code (prints inside hybrid_forward keep printing, children's hooks keep
        firing), so the outputs and gradients are the same. As with MXNet's cached graph,
        later calls must give the inputs in the structure of the first call after it.

        Parameters:
            active: turn hybrid mode on or off.
            backend: MXNet's subgraph backend (recorded).
            clear: forget the first call's input structure (MXNet's cached graph).
            static_alloc: MXNet's static memory option (recorded).
            static_shape: MXNet's static shape option (recorded).
            inline_limit: MXNet's inlining option (recorded).
            forward_bulk_size: MXNet's bulk execution option (recorded).
            backward_bulk_size: MXNet's bulk execution option (recorded).
            **kwargs: backend options (recorded).

        Example:
            >>> net = gluon.nn.Dense(1, in_units=1); net.initialize(mx.init.One())
            >>> net.hybridize(static_alloc=True, static_shape=True); net(nd.ones((1, 1)))
            <BLANKLINE>
            [[1.]]
            <NDArray 1x1 @cpu(0)>
        """
        if clear:
            self.__dict__.pop("_in_format", None)      # MXNet's _clear_cached_op
        if kwargs:
            self._backend_opts = kwargs
        self._backend = backend
        self._active = active
        self._checks_inputs = active
        self._flags = [("static_alloc", static_alloc), ("static_shape", static_shape),
                       ("inline_limit", inline_limit)]
        if forward_bulk_size is not None:
            self._flags.append(("forward_bulk_size", forward_bulk_size))
        if backward_bulk_size is not None:
            self._flags.append(("backward_bulk_size", backward_bulk_size))
        # MXNet's own condition, precedence included
        if active and self._forward_hooks or self._forward_pre_hooks:
            warnings.warn(f'"{self}" is being hybridized while still having forward '
                          f'hook/pre-hook. If "{self}" is a child of HybridBlock, the hooks '
                          f'will not take effect.', stacklevel=2)
        super().hybridize(active, static_alloc=static_alloc, static_shape=static_shape,
                          inline_limit=inline_limit, forward_bulk_size=forward_bulk_size,
                          backward_bulk_size=backward_bulk_size)

    def infer_shape(self, *args) -> None:
        """Fill in the unknown dimensions of this block's own parameters from the inputs (the
        first forward calls it). ndsh's layers know their own rule; a HybridBlock of yours
        with deferred parameters overrides this (`self.w.shape = (x.shape[1], 4)`).

        Parameters:
            *args: the inputs of the forward pass.

        Example:
            >>> layer = gluon.nn.Dense(3); layer.infer_shape(nd.ones((2, 5)))
            >>> layer.weight.shape
            (3, 5)
        """
        unknown = [param for param in self.params.values() if not shape_is_known(param.shape)]
        if not unknown:
            return
        names = ", ".join(f"'{param.name}' (shape {param.shape})" for param in unknown)
        cls = type(self).__name__
        raise ValueError(
            f"{cls} '{self.name}' has Parameters whose shape is not known yet: {names}. ndsh "
            f"has no symbolic graph to infer them from the inputs; only its own layers know "
            f"their shapes. Give the full shape to params.get(), or define "
            f"{cls}.infer_shape(self, *args) to set param.shape from the inputs.")

    def _deferred_infer_shape(self, *args) -> None:
        try:
            self.infer_shape(*args)
        except Exception as error:
            raise ValueError(f"Deferred initialization failed because shape cannot be "
                             f"inferred. {error}") from error

    def forward(self, x, *args):
        """Run hybrid_forward(nd, x, *args, **own parameters), first finishing the deferred
        initialization of parameters whose shape the inputs tell.

        Parameters:
            x: the first input (an NDArray, or a list of them).
            *args: more inputs.
        """
        # one NDArray in (most calls): _arrays_in's answer without its walk over the inputs
        arrays = [x] if type(x) is NDArray and not args else _arrays_in((x,) + args)
        if not arrays:
            from ndsh.gluon.symbol_trace import forward_symbols, symbols_in
            if symbols_in((x,) + args):
                return forward_symbols(self, x, *args)      # F = mx.sym: a graph is built
            raise ValueError("In HybridBlock, there must be one NDArray or one Symbol in the "
                             "input. Please check the type of the args.\n")
        if self._active:             # the input shapes export and Symbol calls build with
            self.__dict__["_symbol_inputs"] = [(a.shape, a.dtype) for a in arrays]
        if is_np(arrays[0]) and hybrid_forward_is_ndsh(self):
            # np arrays reaching ndsh's own hybrid_forward: a user's forward called
            # super().forward(...) (d2l's MaskedSoftmaxCELoss); run it on the NDArrays
            return call_in_world(self, (x,) + args,
                                 lambda inputs: HybridBlock.forward(self, *inputs),
                                 on_nd=True)
        ctx = arrays[0].context
        # np arrays here: a user's hybrid_forward in np mode (np_mode.py), whose F has F.np
        # and F.npx and whose parameters come as np arrays (param.data() gives them there)
        F = NP_F if is_np(arrays[0]) else nd
        with ctx:
            try:
                params = own_data(self._reg_params, ctx)
            except DeferredInitializationError:
                self._deferred_infer_shape(x, *args)
                for param in self.params.values():
                    param._finish_deferred_init()
                params = own_data(self._reg_params, ctx)
            return self.hybrid_forward(F, x, *args, **params)

    def _call_hybridized(self, args: tuple):
        """The outermost call of a hybridized block (Block.__call__ sends it here): MXNet's
        checks of its cached graph's inputs (the structure of the first call's, one context),
        then the call, during which the blocks inside (part of the graph in MXNet) check
        nothing. ndsh runs the Python code again: there is no cached graph."""
        HYBRID_CALL[0] = True
        try:
            if not _same_one_array(self, args):
                arrays = _arrays_in(args)
                if arrays:              # a call on Symbols builds a graph: nothing to check
                    self._check_inputs(arrays, args)
            return Block.__call__(self, *args)     # not self(...): a layer's own __call__
        finally:                                     # (rnn's) has run already
            HYBRID_CALL[0] = False

    def _check_inputs(self, arrays: list, args: tuple) -> None:
        given = _in_format(args)
        stored = self.__dict__.setdefault("_in_format", given)
        if not _formats_agree(stored, given):
            raise ValueError(
                f"The argument structure of HybridBlock does not match the cached version. "
                f"Stored format = {stored}, input format = {given} (0 is an array, -1 None, "
                f"a list a list of inputs): {type(self).__name__} '{self.name}' was hybridized "
                f"and first called with {_inputs_text(stored)}, now with {_inputs_text(given)}. "
                f"Call it with the same inputs, or call hybridize() again to start over.")
        contexts = {a.context for a in arrays}
        if len(contexts) > 1:
            raise ValueError(
                f"Find multiple contexts in the input, After hybridized, the HybridBlock only "
                f"supports one input context. You can print the ele.ctx in the input "
                f"arguments to inspect their contexts. Find all contexts = {contexts}")

    def hybrid_forward(self, F, x, *args, **kwargs):
        """The computation: override it. F is `nd`; the block's own parameters come as
        keyword arguments named like their attributes.

        Parameters:
            F: the namespace of ops, `nd` (MXNet also passes `mx.sym` when hybridized); in np
                mode, for a hybrid_forward of yours, `nd` whose F.np is mx.np and F.npx mx.npx.
            x: the first input.
            *args: more inputs.
            **kwargs: the block's own parameters, as NDArrays on the input's context.
        """
        raise NotImplementedError

    def export(self, path: str, epoch: int = 0, remove_amp_cast: bool = True) -> None:
        """Write the network for deployment without its Python code: the graph of its last
        call (hybridized) as `path-symbol.json` and the parameters as `path-%04d.params`
        (named `arg:NAME` / `aux:NAME`), the files MXNet 1.9.1 writes and reads
        (`gluon.SymbolBlock.imports`).

        Parameters:
            path: the stem of the two files.
            epoch: the number in the parameter file's name.
            remove_amp_cast: MXNet's option for mixed-precision graphs.

        Example:
            >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'net')
            >>> net = gluon.nn.Dense(2, in_units=3); net.initialize(); net.hybridize()
            >>> _ = net(nd.ones((1, 3))); net.export(path, epoch=1)
            >>> sorted(os.listdir(os.path.dirname(path)))
            ['net-0001.params', 'net-symbol.json']
        """
        from ndsh.gluon.symbol_trace import export
        export(self, path, epoch, remove_amp_cast)
