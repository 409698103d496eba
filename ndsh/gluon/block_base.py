"""Block, the base class of every Gluon layer and model (MXNet 1.9.1's), with its naming
scope. A Block owns Parameters (`self.params`, a ParameterDict under the block's prefix) and
child Blocks (any Block assigned as an attribute, or `register_child`); `collect_params()`
gathers both; calling the block runs `forward` between its hooks (their handles, and the path
of layers the tools read, are in block_hooks.py). Its files and summary are in block_io.py,
HybridBlock in hybrid_block.py; `ndsh.gluon.block` is the face.
"""
from __future__ import annotations

import re
import threading
import warnings
from collections import OrderedDict

from ndsh.gluon import init as initializer
from ndsh.gluon import name as _name
from ndsh.gluon.block_hooks import LAYERS, HookHandle, call_in_layer
from ndsh.gluon.block_io import BlockFiles
from ndsh.gluon.np_mode import _np_class as _np_loaded
from ndsh.gluon.np_mode import call_in_world, has_np, np_array_on, to_np
from ndsh.gluon.parameter import Parameter, indent
from ndsh.gluon.parameter_dict import ParameterDict

__all__ = ["Block", "HookHandle", "LAYERS"]

# True while a hybridized block's call runs (hybrid_block.py): the blocks inside it are part of
# its graph in MXNet and check nothing of their own
HYBRID_CALL = [False]


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


class Block(BlockFiles):
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

    _checks_inputs = False        # True for a hybridized HybridBlock (hybrid_block.py)

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
        only). In np mode (`npx.set_np()`) or on np arrays, the body runs in the world its
        code is written for and the result comes back as np arrays (np_mode.py)."""
        if self._checks_inputs and not HYBRID_CALL[0]:   # a hybridized block's own call
            return self._call_hybridized(args)
        if _np_loaded() and (np_array_on() or has_np(args)):
            return call_in_world(self, args, self._call_hooked)
        return self._call_hooked(args)

    def _call_hooked(self, args: tuple):
        if LAYERS.listeners:                 # a tool names the ops of each layer
            return call_in_layer(self, args)
        if not (self._forward_pre_hooks or self._forward_hooks):
            return self.forward(*args)
        seen = to_np(args) if np_array_on() else args      # a user's hooks see np arrays
        for hook in self._forward_pre_hooks.values():
            hook(self, seen)
        out = self.forward(*args)
        for hook in self._forward_hooks.values():
            hook(self, seen, to_np(out) if np_array_on() else out)
        return out

    def forward(self, *args):
        """The computation: override it (positional NDArrays in, NDArrays out).

        Parameters:
            *args: the inputs the block is called with.
        """
        raise NotImplementedError

