"""Block and HybridBlock, the base classes of every Gluon layer and model (MXNet 1.9.1's).

A Block owns Parameters (`self.params`, a ParameterDict under the block's prefix) and child
Blocks (any Block assigned as an attribute, or `register_child`); `collect_params()` gathers
both; calling the block runs `forward` between its hooks. A HybridBlock writes
`hybrid_forward(F, x, ..., **params)` instead, where F is `nd` and the block's own parameters
arrive as keyword arguments; the first call infers the shapes its deferred parameters wait for.

ndsh has no symbolic graph: `hybridize()` is accepted (its options recorded) and the results
are the same, but the Python body keeps running on every call; `export` is refused.
"""
from __future__ import annotations

import re
import threading
import warnings
import weakref
from collections import OrderedDict

from ndsh.engine import NDArray, nd
from ndsh.gluon import init as initializer
from ndsh.gluon import name as _name
from ndsh.gluon.block_io import load_parameters, print_summary, save_parameters
from ndsh.gluon.parameter import DeferredInitializationError, Parameter, indent, shape_is_known
from ndsh.gluon.parameter_dict import ParameterDict

__all__ = ["Block", "HybridBlock", "HookHandle"]


class _BlockScope:
    """The scope `with block.name_scope():` opens: blocks created inside it are named by the
    block's own counters (`sequential0_dense0`) and their parameters live under its prefix."""

    _current = threading.local()

    def __init__(self, block: Block):
        self._block = block
        self._counter: dict[str, int] = {}
        self._old_scope = None

    @staticmethod
    def create(prefix, params, hint: str):
        """(prefix, ParameterDict) for a new block with this hint, in the current scope."""
        current = getattr(_BlockScope._current, "value", None)
        if current is None:
            if prefix is None:
                prefix = _name.current().get(None, hint) + "_"
            params = ParameterDict(prefix) if params is None else ParameterDict(
                params.prefix, params)
            return prefix, params
        if prefix is None:
            count = current._counter.get(hint, 0)
            prefix = f"{hint}{count}_"
            current._counter[hint] = count + 1
        if params is None:
            parent = current._block.params
            params = ParameterDict(parent.prefix + prefix, parent._shared)
        else:
            params = ParameterDict(params.prefix, params)
        return current._block.prefix + prefix, params

    def __enter__(self):
        if self._block._empty_prefix:
            return self
        self._old_scope = getattr(_BlockScope._current, "value", None)
        _BlockScope._current.value = self
        return self

    def __exit__(self, *exc) -> None:
        if self._block._empty_prefix:
            return
        _BlockScope._current.value = self._old_scope


class HookHandle:
    """What `register_forward_hook` returns: `detach()` removes the hook (also on leaving a
    `with handle:` block).

    Example:
        >>> net = gluon.nn.Dense(1, in_units=1); net.initialize()
        >>> handle = net.register_forward_hook(lambda block, inputs, output: print('ran'))
        >>> _ = net(nd.ones((1, 1)))
        ran
        >>> handle.detach(); _ = net(nd.ones((1, 1)))
    """

    def __init__(self):
        self._hooks_dict_ref = None
        self._id = None

    def attach(self, hooks_dict: OrderedDict, hook) -> None:
        """Add `hook` to a block's hooks (a handle is attached once).

        Parameters:
            hooks_dict: the block's ordered dict of hooks.
            hook: the function.
        """
        if self._hooks_dict_ref is not None:
            raise AssertionError("The same handle cannot be attached twice.")
        self._id = id(hook)
        hooks_dict[self._id] = hook
        self._hooks_dict_ref = weakref.ref(hooks_dict)

    def detach(self) -> None:
        """Remove the hook from its block."""
        hooks_dict = self._hooks_dict_ref() if self._hooks_dict_ref else None
        if hooks_dict is not None and self._id in hooks_dict:
            del hooks_dict[self._id]

    def __enter__(self) -> HookHandle:
        return self

    def __exit__(self, *exc) -> None:
        self.detach()


class Block:
    """The base class of layers and models: subclass it, create children and parameters in
    `__init__` (inside `with self.name_scope():` so their names nest under this block's), and
    write `forward(self, *args)`. Calling the block runs forward between its hooks.

    Parameters:
        prefix: the prefix of this block's name and its parameters' names; by default the
            lower-case class name and a counter (`mlp0_`), local to the enclosing name_scope.
        params: a ParameterDict whose parameters this block shares instead of its own.

    Example:
        >>> class MLP(gluon.Block):
        ...     def __init__(self, **kwargs):
        ...         super().__init__(**kwargs)
        ...         with self.name_scope():
        ...             self.hidden = gluon.nn.Dense(4, activation='relu')
        ...             self.out = gluon.nn.Dense(2)
        ...     def forward(self, x):
        ...         return self.out(self.hidden(x))
        >>> with mx.name.NameManager():
        ...     net = MLP()
        >>> net
        MLP(
          (hidden): Dense(None -> 4, Activation(relu))
          (out): Dense(None -> 2, linear)
        )
        >>> net.initialize(); net(nd.ones((3, 5))).shape
        (3, 2)
        >>> list(net.collect_params().keys())
        ['mlp0_dense0_weight', 'mlp0_dense0_bias', 'mlp0_dense1_weight', 'mlp0_dense1_bias']
    """

    def __init__(self, prefix: str | None = None, params: ParameterDict | None = None):
        self._empty_prefix = prefix == ""
        self._prefix, self._params = _BlockScope.create(prefix, params, self._alias())
        self._name = self._prefix[:-1] if self._prefix.endswith("_") else self._prefix
        self._scope = _BlockScope(self)
        self._children: OrderedDict[str, Block] = OrderedDict()
        self._reg_params: dict[str, Parameter] = {}
        self._forward_hooks: OrderedDict = OrderedDict()
        self._forward_pre_hooks: OrderedDict = OrderedDict()

    def __repr__(self) -> str:
        lines = [f"  ({key}): {indent(repr(block), 2)}" for key, block in self.__dict__.items()
                 if isinstance(block, Block)]
        return "{}(\n{}\n)".format(type(self).__name__, "\n".join(lines))

    def __setattr__(self, name: str, value) -> None:
        if hasattr(self, name):
            existing = getattr(self, name)
            if isinstance(existing, (Parameter, Block)) and not isinstance(value, type(existing)):
                raise TypeError(f"Changing attribute type for {name} from {type(existing)} to "
                                f"{type(value)}is not allowed.")
        if isinstance(value, Block):
            self.register_child(value, name)
        elif isinstance(value, Parameter):
            if name in self._reg_params:
                raise AssertionError(f"Overriding Parameter attribute {name} is not allowed. "
                                     f"If you want to share parameters between blocks, please "
                                     f"set 'params' at Block construction instead.")
            self._reg_params[name] = value
        super().__setattr__(name, value)

    def _check_container_with_block(self) -> None:
        children = set(map(id, self._children.values()))

        def holds_unregistered(data) -> bool:
            if isinstance(data, (list, tuple)):
                return any(holds_unregistered(item) for item in data)
            if isinstance(data, dict):
                return any(holds_unregistered(item) for item in data.values())
            return isinstance(data, Block) and id(data) not in children

        for key, value in self.__dict__.items():
            if isinstance(value, (list, tuple, dict)) and not (
                    key.startswith("__") or key == "_children") and holds_unregistered(value):
                warnings.warn(
                    f'"{type(self).__name__}.{key}" is an unregistered container with Blocks. '
                    f"Note that Blocks inside the list, tuple or dict will not be registered "
                    f"automatically. Make sure to register them using register_child() or "
                    f"switching to nn.Sequential/nn.HybridSequential instead. ", stacklevel=3)

    def _alias(self) -> str:
        return type(self).__name__.lower()

    @property
    def prefix(self) -> str:
        """The prefix of this block's parameters' names (`dense0_`)."""
        return self._prefix

    @property
    def name(self) -> str:
        """The block's name: its prefix without the trailing '_' (`dense0`)."""
        return self._name

    def name_scope(self) -> _BlockScope:
        """A `with` block inside which new blocks are named under this one (`mlp0_dense0`),
        each parent counting its own children.

        Example:
            >>> net = gluon.nn.Sequential(prefix='net_')
            >>> with net.name_scope():
            ...     net.add(gluon.nn.Dense(2), gluon.nn.Dense(2))
            >>> [child.name for child in net]
            ['net_dense0', 'net_dense1']
        """
        return self._scope

    @property
    def params(self) -> ParameterDict:
        """This block's own parameters (not its children's: see collect_params)."""
        return self._params

    def collect_params(self, select: str | None = None) -> ParameterDict:
        """The parameters of this block and all its descendants, in registration order;
        `select` keeps those whose full name a regular expression matches (re.match: from
        the start of the name, so '.*weight', not 'weight').

        Parameters:
            select: a regular expression, or None for all.

        Example:
            >>> net = gluon.nn.Sequential(prefix='net_')
            >>> with net.name_scope():
            ...     net.add(gluon.nn.Dense(2), gluon.nn.Dense(2))
            >>> list(net.collect_params('.*weight').keys())
            ['net_dense0_weight', 'net_dense1_weight']
        """
        self._check_container_with_block()
        collected = ParameterDict(self._params.prefix)
        if not select:
            collected.update(self.params)
        else:
            pattern = re.compile(select)
            collected.update({name: value for name, value in self.params.items()
                              if pattern.match(name)})
        for child in self._children.values():
            collected.update(child.collect_params(select=select))
        return collected

    def _collect_params_with_prefix(self, prefix: str = "") -> dict[str, Parameter]:
        """Parameters by structural name: attribute names joined with '.' (`0.weight`)."""
        if prefix:
            prefix += "."
        found = {prefix + key: value for key, value in self._reg_params.items()}
        for name, child in self._children.items():
            found.update(child._collect_params_with_prefix(prefix + name))
        return found

    def save_parameters(self, filename: str, deduplicate: bool = False) -> None:
        """Save the parameters in MXNet's format (nd.save of a dict keyed by structural names,
        `0.weight`, `body.1.bias`: MXNet 1.9.1 loads the file), replacing the file atomically.

        Parameters:
            filename: the file to write.
            deduplicate: save a parameter shared by several blocks once, under its last name.

        Example:
            >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'net.params')
            >>> net = gluon.nn.Sequential()
            >>> net.add(gluon.nn.Dense(3, in_units=4), gluon.nn.Dense(1, in_units=3))
            >>> net.initialize(); net.save_parameters(path); sorted(nd.load(path))
            ['0.bias', '0.weight', '1.bias', '1.weight']
        """
        save_parameters(self, filename, deduplicate)

    def load_parameters(self, filename: str, ctx=None, allow_missing: bool = False,
                        ignore_extra: bool = False, cast_dtype: bool = False,
                        dtype_source: str = "current") -> None:
        """Load parameters from a file save_parameters wrote (here or in MXNet), matching by
        structural name; it initializes parameters not yet initialized, even deferred ones.
        A file of prefixed names (save_params, collect_params().save) loads too.

        Parameters:
            filename: the file to read.
            ctx: the contexts for parameters not yet initialized; cpu(0) by default.
            allow_missing: let parameters the file lacks keep their values.
            ignore_extra: skip names of the file this block does not have.
            cast_dtype: convert saved arrays of another dtype instead of refusing them.
            dtype_source: with cast_dtype, keep the 'current' dtype or take the 'saved' one.

        Example:
            >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'net.params')
            >>> nd.save(path, {'weight': nd.ones((1, 2)), 'bias': nd.zeros(1)})
            >>> net = gluon.nn.Dense(1); net.load_parameters(path)
            >>> net
            Dense(2 -> 1, linear)
            >>> net(nd.array([[1, 2]]))
            <BLANKLINE>
            [[3.]]
            <NDArray 1x1 @cpu(0)>

        Departs from MXNet:
            When the file holds names the block lacks, the error lists the names the block
            has and every name it lacks (MXNet 1.9.1 lists a container's own, often empty,
            parameters); when the block has names the file lacks, the error ends with all of
            them.
        """
        load_parameters(self, filename, ctx, allow_missing, ignore_extra, cast_dtype,
                        dtype_source)

    def save_params(self, filename: str) -> None:
        """[Deprecated] Save the parameters keyed by full name less this block's prefix
        (`dense0_weight`); use save_parameters.

        Parameters:
            filename: the file to write.

        Example:
            >>> import os, tempfile, warnings; path = os.path.join(tempfile.mkdtemp(), 'p')
            >>> net = gluon.nn.Dense(1, in_units=1, prefix='fc_'); net.initialize()
            >>> with warnings.catch_warnings():
            ...     warnings.simplefilter('ignore'); net.save_params(path)
            >>> sorted(nd.load(path))
            ['bias', 'weight']
        """
        warnings.warn("save_params is deprecated. Please use save_parameters. Note that if you "
                      "want load from SymbolBlock later, please use export instead. For "
                      "details, see https://mxnet.apache.org/tutorials/gluon/save_load_params"
                      ".html", stacklevel=2)
        try:
            self.collect_params().save(filename, strip_prefix=self.prefix)
        except ValueError as error:
            raise ValueError(f"{error}\nsave_params is deprecated. Using save_parameters may "
                             f"resolve this error.") from error

    def load_params(self, filename: str, ctx=None, allow_missing: bool = False,
                    ignore_extra: bool = False) -> None:
        """[Deprecated] load_parameters under its old name.

        Parameters:
            filename: the file to read.
            ctx: the contexts for parameters not yet initialized.
            allow_missing: let parameters the file lacks keep their values.
            ignore_extra: skip names of the file this block does not have.

        Example:
            >>> import os, tempfile, warnings; path = os.path.join(tempfile.mkdtemp(), 'p')
            >>> nd.save(path, {'weight': nd.ones((1, 1)), 'bias': nd.ones(1)})
            >>> net = gluon.nn.Dense(1)
            >>> with warnings.catch_warnings():
            ...     warnings.simplefilter('ignore'); net.load_params(path)
            >>> net.bias.data()
            <BLANKLINE>
            [1.]
            <NDArray 1 @cpu(0)>
        """
        warnings.warn("load_params is deprecated. Please use load_parameters.", stacklevel=2)
        self.load_parameters(filename, ctx, allow_missing, ignore_extra)

    def register_child(self, block: Block, name: str | None = None) -> None:
        """Make `block` a child (assigning a Block attribute does this); without a name it is
        keyed by the number of children so far.

        Parameters:
            block: the child.
            name: its key (the attribute name, or '0', '1'...).

        Example:
            >>> parent = gluon.Block(prefix='p_'); parent.register_child(gluon.nn.Dense(1))
            >>> list(parent._children)
            ['0']
        """
        if name is None:
            name = str(len(self._children))
        self._children[name] = block

    def register_forward_pre_hook(self, hook) -> HookHandle:
        """Call `hook(block, inputs)` before each forward (inputs: the tuple of arguments).

        Parameters:
            hook: the function.

        Example:
            >>> net = gluon.nn.Dense(1, in_units=2); net.initialize()
            >>> h = net.register_forward_pre_hook(lambda b, inputs: print(inputs[0].shape))
            >>> _ = net(nd.ones((3, 2)))
            (3, 2)
        """
        handle = HookHandle()
        handle.attach(self._forward_pre_hooks, hook)
        return handle

    def register_forward_hook(self, hook) -> HookHandle:
        """Call `hook(block, inputs, output)` after each forward; what it returns is ignored.

        Parameters:
            hook: the function.

        Example:
            >>> net = gluon.nn.Dense(1, in_units=2); net.initialize()
            >>> h = net.register_forward_hook(lambda b, inputs, out: print(b.name, out.shape))
            >>> _ = net(nd.ones((3, 2)))
            dense0 (3, 1)
        """
        handle = HookHandle()
        handle.attach(self._forward_hooks, hook)
        return handle

    def apply(self, fn) -> Block:
        """Call `fn(block)` on every descendant, then on this block; returns this block.

        Parameters:
            fn: the function.

        Example:
            >>> net = gluon.nn.Sequential(); net.add(gluon.nn.Dense(1), gluon.nn.Dropout(0.5))
            >>> _ = net.apply(lambda block: print(type(block).__name__))
            Dense
            Dropout
            Sequential
        """
        for child in self._children.values():
            child.apply(fn)
        fn(self)
        return self

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose: bool = False,
                   force_reinit: bool = False) -> None:
        """Initialize the parameters of this block and its descendants (those whose shape is
        not known yet wait for the first forward): `collect_params().initialize(...)`.

        Parameters:
            init: the initializer of parameters without their own (Uniform(0.07) by default;
                a layer's bias_initializer='zeros' still wins).
            ctx: a context or a list of them (a copy on each); the current context if None.
            verbose: log each initialized array.
            force_reinit: initialize again parameters already initialized.

        Example:
            >>> net = gluon.nn.Dense(2, in_units=2); net.initialize(mx.init.One())
            >>> net.weight.data().asnumpy().tolist(), net.bias.data().asnumpy().tolist()
            ([[1.0, 1.0], [1.0, 1.0]], [0.0, 0.0])
        """
        self.collect_params().initialize(init, ctx, verbose, force_reinit)

    def zero_grad(self) -> None:
        """Set the gradients of all the parameters to 0: `collect_params().zero_grad()`.

        Example:
            >>> net = gluon.nn.Dense(1, in_units=1); net.initialize()
            >>> net.weight.grad()[:] = 3; net.zero_grad(); net.weight.grad()
            <BLANKLINE>
            [[0.]]
            <NDArray 1x1 @cpu(0)>

        Departs from MXNet:
            MXNet 1.9.1's Block has no zero_grad (MXNet 2.0 added it); ndsh offers it.
        """
        self.collect_params().zero_grad()

    def hybridize(self, active: bool = True, **kwargs) -> None:
        """Hybridize the HybridBlocks among the descendants (see HybridBlock.hybridize).

        Parameters:
            active: turn hybrid mode on or off.
            **kwargs: HybridBlock.hybridize's options.

        Example:
            >>> net = gluon.nn.Sequential(); net.add(gluon.nn.Dense(1), gluon.nn.Lambda('tanh'))
            >>> net.hybridize(); net[0]._active
            True
        """
        for child in self._children.values():
            child.hybridize(active, **kwargs)

    def cast(self, dtype) -> None:
        """Change the dtype of every parameter (inputs must then have that dtype).

        Parameters:
            dtype: the new type ('float64', numpy.float16...).

        Example:
            >>> net = gluon.nn.Dense(1, in_units=2); net.initialize(); net.cast('float64')
            >>> net(nd.ones((1, 2), dtype='float64')).dtype
            <class 'numpy.float64'>
        """
        for child in self._children.values():
            child.cast(dtype)
        for param in self.params.values():
            param.cast(dtype)

    def register_op_hook(self, callback, monitor_all: bool = False) -> None:
        """MXNet's per-operator monitor of hybridized blocks: not in ndsh (ndsh.trace shows
        every op a computation runs).

        Parameters:
            callback: MXNet's callback, called with each op's name and output.
            monitor_all: monitor the inputs too.
        """
        raise NotImplementedError("register_op_hook monitors the operators of MXNet's "
                                  "compiled graph, which ndsh does not build: use ndsh.trace "
                                  "to see each op a forward pass runs")

    def __call__(self, *args):
        """Run forward(*args) between the pre-hooks and the hooks (positional arguments
        only)."""
        for hook in self._forward_pre_hooks.values():
            hook(self, args)
        out = self.forward(*args)
        for hook in self._forward_hooks.values():
            hook(self, args, out)
        return out

    def forward(self, *args):
        """The computation: override it (positional NDArrays in, NDArrays out).

        Parameters:
            *args: the inputs the block is called with.
        """
        raise NotImplementedError

    def summary(self, *inputs) -> None:
        """Print a table of every layer's output shape and parameter count for `inputs`, and
        the totals, as MXNet prints it (the block must be initialized).

        Parameters:
            *inputs: the inputs of one forward pass.

        Example:
            >>> net = gluon.nn.Sequential()
            >>> net.add(gluon.nn.Dense(4, in_units=3), gluon.nn.Dense(2, in_units=4))
            >>> net.initialize(); net.summary(nd.ones((2, 3)))  # doctest: +NORMALIZE_WHITESPACE
            --------------------------------------------------------------------------------
                    Layer (type)                                Output Shape         Param #
            ================================================================================
                           Input                                      (2, 3)               0
                         Dense-1                                      (2, 4)              16
                         Dense-2                                      (2, 2)              10
            ================================================================================
            Parameters in forward computation graph, duplicate included
               Total params: 26
               Trainable params: 26
               Non-trainable params: 0
            Shared params in forward computation graph: 0
            Unique parameters in model: 26
            --------------------------------------------------------------------------------

        Departs from MXNet:
            MXNet traces a network with deferred shapes symbolically, and its hooks then
            print extra rows such as `Activation-1  <Symbol dense0_relu_fwd>`; ndsh has no
            symbols, so a layer's row appears once, with its real output shape.
        """
        print_summary(self, inputs)


def _arrays_in(args) -> list[NDArray]:
    """The NDArrays in (nested lists or tuples of) arguments, in order."""
    found = []
    for arg in args:
        if isinstance(arg, NDArray):
            found.append(arg)
        elif isinstance(arg, (list, tuple)):
            found.extend(_arrays_in(arg))
    return found


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
        derives from the graph. export() and SymbolBlock are not available.
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

    def hybridize(self, active: bool = True, backend=None, clear: bool = True,
                  static_alloc: bool = False, static_shape: bool = False,
                  inline_limit: int = 2, forward_bulk_size=None, backward_bulk_size=None,
                  **kwargs) -> None:
        """Turn hybrid mode on or off for this block and its descendants. In ndsh it changes
        nothing the results show: the options are recorded and the block keeps running its
        Python code (prints inside hybrid_forward keep printing, children's hooks keep
        firing), so the outputs and gradients are the same.

        Parameters:
            active: turn hybrid mode on or off.
            backend: MXNet's subgraph backend (recorded).
            clear: forget a cached graph (there is none).
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
        if kwargs:
            self._backend_opts = kwargs
        self._backend = backend
        self._active = active
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
        arrays = _arrays_in((x,) + args)
        if not arrays:
            raise ValueError("In HybridBlock, there must be one NDArray or one Symbol in the "
                             "input. Please check the type of the args.\n")
        ctx = arrays[0].context
        with ctx:
            try:
                params = {key: value.data(ctx) for key, value in self._reg_params.items()}
            except DeferredInitializationError:
                self._deferred_infer_shape(x, *args)
                for param in self.params.values():
                    param._finish_deferred_init()
                params = {key: value.data(ctx) for key, value in self._reg_params.items()}
            return self.hybrid_forward(nd, x, *args, **params)

    def hybrid_forward(self, F, x, *args, **kwargs):
        """The computation: override it. F is `nd`; the block's own parameters come as
        keyword arguments named like their attributes.

        Parameters:
            F: the namespace of ops, `nd` (MXNet also passes `mx.sym` when hybridized).
            x: the first input.
            *args: more inputs.
            **kwargs: the block's own parameters, as NDArrays on the input's context.
        """
        raise NotImplementedError

    def export(self, path: str, epoch: int = 0, remove_amp_cast: bool = True) -> None:
        """MXNet writes `path-symbol.json` and `path-%04d.params` for deployment without the
        Python code: not in ndsh, which has no symbolic graph to write.

        Parameters:
            path: the stem of the two files.
            epoch: the number in the parameter file's name.
            remove_amp_cast: MXNet's option for mixed-precision graphs.
        """
        raise NotImplementedError(
            f"HybridBlock.export writes MXNet's symbolic graph ({path}-symbol.json) beside the "
            f"weights, and ndsh has no symbolic API to build it. save_parameters('{path}"
            f".params') saves the weights, which load_parameters (in ndsh or MXNet 1.9.1) "
            f"reads back into the same network code.")
