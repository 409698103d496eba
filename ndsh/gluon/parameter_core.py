"""Gluon's Parameter (a weight with its gradient buffer, on one or more contexts) and Constant,
as in MXNet 1.9.1. What changes a parameter's data is in parameter_base.py, ParameterDict in
parameter_dict.py; `ndsh.gluon.parameter` is the face that re-exports all of them.

A dimension of 0 in a shape is not known yet (shown as -1 in np mode): a layer creates such
parameters with `allow_deferred_init=True`, `initialize()` records how to initialize them, and
the first forward pass fills in the shape and runs the initializer. Until then, reading the
data raises DeferredInitializationError; before `initialize()` at all, a RuntimeError.

In np mode (`npx.set_np()`) the storage stays NDArrays and data() / grad() give np arrays over
them (np_mode.py): no copy, and the Trainer needs no change.
"""
from __future__ import annotations

import warnings

import numpy as np

from ndsh.engine import NDArray, autograd, nd
from ndsh.gluon import init_base as initializer
from ndsh.gluon.init_schemes import Uniform
from ndsh.gluon.np_mode import np_shape_on, np_world, to_np
from ndsh.gluon.parameter_base import (
    DeferredInitializationError,
    ParameterState,
    _as_contexts,
    shape_is_known,
)

__all__ = ["Parameter", "Constant", "tensor_types", "DeferredInitializationError"]

tensor_types = (NDArray,)


class Parameter(ParameterState):
    """A weight of a Block: its data on each context it lives on and, unless grad_req is
    'null', a gradient buffer beside each copy that backward() writes (or adds to).

    Parameters:
        name: the full name (`dense0_weight`).
        grad_req: 'write' (backward writes the gradient), 'add' (it adds to it; call
            zero_grad() yourself) or 'null' (no gradient).
        shape: an int or a tuple; a 0 marks a dimension not known yet.
        dtype: the data type; numpy.float32 by default.
        lr_mult: the learning-rate multiplier an optimizer applies to this parameter.
        wd_mult: the weight-decay multiplier.
        init: the parameter's own initializer (wins over the one given to initialize()).
        allow_deferred_init: with an unknown dimension, let initialize() wait for the shape.
        differentiable: False forces grad_req to 'null'.
        stype: the storage type: only 'default' (dense) in ndsh.
        grad_stype: the gradient's storage type: 'default'; 'row_sparse' is taken as dense.

    Example:
        >>> w = gluon.Parameter('w', shape=(2, 3), init=mx.init.One())
        >>> w.initialize()
        >>> w
        Parameter w (shape=(2, 3), dtype=<class 'numpy.float32'>)
        >>> float(w.data().sum().asscalar()), float(w.grad().sum().asscalar())
        (6.0, 0.0)

    Departs from MXNet:
        stype='row_sparse' or 'csr' is refused (arrays are dense); grad_stype='row_sparse'
        is accepted and the gradient is dense.
        A shape of () is a known shape (a scalar parameter), where MXNet 1.9.1 takes it as
        unknown. In np mode data(), grad(), list_data() and list_grad() give np arrays over
        the parameter's NDArrays (the same object each time), as MXNet does; the Trainer
        updates the NDArrays underneath.
    """

    def __init__(self, name: str, grad_req: str = "write", shape=None, dtype=np.float32,
                 lr_mult: float = 1.0, wd_mult: float = 1.0, init=None,
                 allow_deferred_init: bool = False, differentiable: bool = True,
                 stype: str = "default", grad_stype: str = "default"):
        self._var = None
        self._data: list | None = None
        self._grad: list | None = None
        self._ctx_list: list | None = None
        self._trainer = None
        self._deferred_init: tuple = ()
        self._differentiable = differentiable
        self._allow_deferred_init = allow_deferred_init
        self._grad_req = None
        if isinstance(shape, int):
            shape = (shape,)
        self._shape = tuple(shape) if shape is not None else None
        self.name = name
        self._dtype = dtype
        self.lr_mult = lr_mult
        self.wd_mult = wd_mult
        self.grad_req = grad_req
        self.init = init
        for kind, value in (("stype", stype), ("grad_stype", grad_stype)):
            if value not in ("default", "row_sparse", "csr"):
                raise AssertionError(f"{kind} for Parameter '{name}' must be one of "
                                     f"'default', 'row_sparse', or 'csr', but got '{value}'")
        if stype != "default":
            raise NotImplementedError(f"Parameter '{name}': stype={stype!r} needs MXNet's "
                                      f"sparse storage, which ndsh leaves out (arrays are "
                                      f"dense)")
        self._stype = stype
        self._grad_stype = grad_stype

    def __repr__(self) -> str:
        return f"Parameter {self.name} (shape={self.shape}, dtype={self.dtype})"

    # ----- attributes ---------------------------------------------------------------------
    @property
    def grad_req(self) -> str:
        """How backward treats the gradient: 'write', 'add' or 'null'; settable at any time
        ('null' drops the buffer, 'write' or 'add' allocates fresh zeros)."""
        return self._grad_req

    @grad_req.setter
    def grad_req(self, req: str) -> None:
        if req not in ("write", "add", "null"):
            raise AssertionError(f"grad_req must be one of 'write', 'add', or 'null', but "
                                 f"got '{req}'")
        if not self._differentiable:
            req = "null"
        if self._grad_req == req:
            return
        self._grad_req = req
        if req == "null" and self._grad is not None:
            self._grad = None
            self._data = [array.detach() for array in self._data]
        elif self._data is not None:
            self._init_grad()

    @property
    def dtype(self):
        """The data type, as given (a numpy type or a string); setting it casts the data."""
        return self._dtype

    @dtype.setter
    def dtype(self, dtype) -> None:
        self.cast(dtype)

    @property
    def shape(self):
        """The shape; a 0 marks a dimension not known yet (-1 in np mode, as MXNet shows it:
        `(2, -1)`). Setting it may fill in such dimensions but never change a known one."""
        shape = self._shape
        if shape is not None and 0 in shape and np_shape_on():
            return tuple(-1 if size == 0 else size for size in shape)
        return shape

    @shape.setter
    def shape(self, new_shape) -> None:
        new_shape = (new_shape,) if isinstance(new_shape, int) else tuple(new_shape)
        new_shape = tuple(0 if size == -1 else size for size in new_shape)
        if self._shape is None:
            self._shape = new_shape
            return
        if len(self._shape) != len(new_shape) or any(
                old not in (0, new) for new, old in zip(new_shape, self._shape)):
            raise AssertionError(f"Expected shape {new_shape} is incompatible with given "
                                 f"shape {self.shape}.")
        self._shape = new_shape

    # ----- reading ------------------------------------------------------------------------
    def _check_and_get(self, arrays, ctx):
        if arrays is not None:
            if ctx is list:
                return arrays
            if ctx is None:
                if len(arrays) == 1:
                    return arrays[0]
                ctx = nd.current_context()
            if ctx in self._ctx_list:
                return arrays[self._ctx_list.index(ctx)]
            raise RuntimeError(f"Parameter '{self.name}' was not initialized on context "
                               f"{ctx}. It was only initialized on {self._ctx_list}.")
        if self._deferred_init:
            raise DeferredInitializationError(
                f"Parameter '{self.name}' has not been initialized yet because initialization "
                f"was deferred. Actual initialization happens during the first forward pass. "
                f"Please pass one batch of data through the network before accessing "
                f"Parameters. You can also avoid deferred initialization by specifying "
                f"in_units, num_features, etc., for network layers.")
        raise RuntimeError(
            f"Parameter '{self.name}' has not been initialized. Note that you should "
            f"initialize parameters and create Trainer with Block.collect_params() instead "
            f"of Block.params because the later does not include Parameters of nested child "
            f"Blocks")

    def data(self, ctx=None) -> NDArray:
        """The parameter's array on `ctx` (the same NDArray object each time: writing into it
        changes the parameter); with no ctx, the only copy, or the current context's.

        Parameters:
            ctx: the context of the copy wanted.

        Example:
            >>> b = gluon.Parameter('b', shape=(2,)); b.initialize(init='zeros')
            >>> b.data() is b.data()
            True
        """
        array = self._check_and_get(self._data, ctx)
        return self._np_view(array) if np_world() else array

    def _np_view(self, array: NDArray):
        """The np array over `array` (one of ours), the same object each time."""
        views = self.__dict__.setdefault("_views", {})
        view = views.get(id(array))
        if view is None or view._nd is not array:
            view = views[id(array)] = to_np(array)
        return view

    def list_data(self) -> list:
        """The parameter's arrays on all its contexts, in the order they were given.

        Example:
            >>> b = gluon.Parameter('b', shape=(2,)); b.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
            >>> [array.context for array in b.list_data()]
            [cpu(0), cpu(1)]
        """
        arrays = self._check_and_get(self._data, list)
        return [self._np_view(a) for a in arrays] if np_world() else arrays

    def _nd_data(self) -> list:
        """The NDArrays on all contexts, in np mode too: what the Trainer updates."""
        return self._check_and_get(self._data, list)

    def _nd_grads(self) -> list:
        """The gradient NDArrays on all contexts, in np mode too (grad_req != 'null')."""
        return self._check_and_get(self._grad, list)

    def grad(self, ctx=None) -> NDArray:
        """The gradient buffer on `ctx` (the same one `data(ctx).grad` is).

        Parameters:
            ctx: the context of the copy wanted.

        Example:
            >>> w = gluon.Parameter('w', shape=(2,)); w.initialize(init='ones')
            >>> with autograd.record():
            ...     y = (w.data() * nd.array([3, 4])).sum()
            >>> y.backward(); w.grad()
            <BLANKLINE>
            [3. 4.]
            <NDArray 2 @cpu(0)>
        """
        if self._data is not None and self._grad is None:
            raise RuntimeError(f"Cannot get gradient array for Parameter '{self.name}' "
                               f"because grad_req='null'")
        array = self._check_and_get(self._grad, ctx)
        return self._np_view(array) if np_world() else array

    def list_grad(self) -> list:
        """The gradient buffers on all contexts, in the order of list_data().

        Example:
            >>> w = gluon.Parameter('w', shape=(1,)); w.initialize(); len(w.list_grad())
            1
        """
        if self._data is not None and self._grad is None:
            raise RuntimeError(f"Cannot get gradient array for Parameter '{self.name}' "
                               f"because grad_req='null'")
        grads = self._check_and_get(self._grad, list)
        return [self._np_view(g) for g in grads] if np_world() else grads

    def list_ctx(self) -> list:
        """The contexts the parameter lives on (or will, once its deferred init runs).

        Example:
            >>> w = gluon.Parameter('w', shape=(1,)); w.initialize(ctx=mx.cpu(1))
            >>> w.list_ctx()
            [cpu(1)]
        """
        if self._data is None:
            if self._deferred_init:
                return self._deferred_init[1]
            raise RuntimeError(f"Parameter '{self.name}' has not been initialized")
        return self._ctx_list

    def var(self):
        """MXNet's symbol for this parameter (`mx.sym.var` with its name, shape, dtype, rates
        and initializer); the same one each time while a block builds its graph.

        Example:
            >>> w = gluon.Parameter('fc_weight', shape=(2, 3)); w.var()
            <Symbol fc_weight>
        """
        return self._make_var(self)

    # symbol_trace.parameter_var, set by hybrid_block.py: symbol_trace imports this module's
    # face (ndsh.gluon.parameter), so this module cannot import it back
    _make_var = None

    # ----- initializing -------------------------------------------------------------------
    def initialize(self, init=None, ctx=None, default_init=Uniform(),
                   force_reinit: bool = False) -> None:
        """Allocate and fill the data (and gradient) on `ctx`, or record how to once the shape
        is known (allow_deferred_init); warns and does nothing if already initialized.

        Parameters:
            init: the initializer to use; it overrides the parameter's own `init`.
            ctx: a context or a list of them (one copy each); the current context if None.
            default_init: the initializer used when neither `init` nor the parameter's own is
                given.
            force_reinit: initialize again even if already initialized.

        Example:
            >>> w = gluon.Parameter('w', shape=(2,), init='zeros')
            >>> w.initialize(init=mx.init.Constant(3)); w.data()
            <BLANKLINE>
            [3. 3.]
            <NDArray 2 @cpu(0)>
        """
        if self._data is not None and not force_reinit:
            warnings.warn(f"Parameter '{self.name}' is already initialized, ignoring. Set "
                          f"force_reinit=True to re-initialize.", stacklevel=2)
            return
        self._data = self._grad = None
        ctx = _as_contexts(ctx)
        if init is None:
            init = default_init if self.init is None else self.init
        if not shape_is_known(self.shape):
            if self._allow_deferred_init:
                self._deferred_init = (init, ctx, default_init, None)
                return
            raise ValueError(f"Cannot initialize Parameter '{self.name}' because it has "
                             f"invalid shape: {self.shape}.")
        self._deferred_init = (init, ctx, default_init, None)
        self._finish_deferred_init()

    def _finish_deferred_init(self) -> None:
        if not self._deferred_init:
            return
        init, ctx, default_init, data = self._deferred_init
        self._deferred_init = ()
        if not shape_is_known(self.shape):
            raise AssertionError(f"Cannot initialize Parameter '{self.name}' because it has "
                                 f"invalid shape: {self.shape}. Please specify in_units, "
                                 f"in_channels, etc for `Block`s.")
        with autograd.pause():
            if data is None:
                data = nd.zeros(self.shape, dtype=self.dtype, ctx=nd.cpu())
                desc = initializer.InitDesc(self.name, {"__init__": init})
                default = initializer.create(default_init)
                if isinstance(default, initializer.Initializer):
                    default(desc, data)
                else:
                    initializer._fill_chosen(desc, data)
            elif not isinstance(data, NDArray):          # set_data() with a numpy array
                data = nd.array(data, dtype=self.dtype)
            self._init_impl(data, ctx)

    def _init_impl(self, data: NDArray, ctx_list) -> None:
        self._ctx_list = list(ctx_list)
        self._data = [data.copyto(ctx) for ctx in self._ctx_list]
        self._init_grad()

    def _init_grad(self) -> None:
        if self.grad_req == "null":
            self._grad = None
            return
        self._grad = [nd.zeros(array.shape, dtype=array.dtype, ctx=array.context)
                      for array in self._data]
        autograd.mark_variables(self._data, self._grad, self.grad_req)


class Constant(Parameter):
    """A parameter that training leaves alone (grad_req is always 'null'), initialized to
    `value`; set_data() still changes it.

    Parameters:
        name: the full name.
        value: an NDArray, or anything nd.array takes.

    Example:
        >>> c = gluon.Constant('c', [1, 2]); c.initialize(); c.data()
        <BLANKLINE>
        [1. 2.]
        <NDArray 2 @cpu(0)>
        >>> c.grad_req
        'null'
    """

    def __init__(self, name: str, value):
        if not isinstance(value, NDArray):
            value = nd.array(value)
        self.value = value

        class Init(initializer.Initializer):
            def _init_weight(self, _, arr):
                value.copyto(arr)

        init_name = f"Constant_{name}_{id(self)}"
        initializer.alias(init_name)(Init)
        super().__init__(name, grad_req="null", shape=value.shape, dtype=value.dtype,
                         init=init_name)

    def __repr__(self) -> str:
        return f"Constant {self.name} (shape={self.shape}, dtype={self.dtype})"

    @property
    def grad_req(self) -> str:
        """Always 'null': a Constant has no gradient."""
        return "null"

    @grad_req.setter
    def grad_req(self, req: str) -> None:
        if req != "null":
            warnings.warn(f'Constant parameter "{self.name}" does not support grad_req other '
                          f'than "null", and new value "{req}" is ignored.', stacklevel=2)
