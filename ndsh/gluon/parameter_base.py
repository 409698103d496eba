"""What Gluon's Parameter is made of besides reading and initializing (parameter_core.py):
its error type and helpers, and `ParameterState`, the methods that change a parameter's data
(loading, set_data, reset_ctx, zero_grad, cast) and reduce it for saving.
`ndsh.gluon.parameter` is the face that MXNet's `mxnet.gluon.parameter` is."""
from __future__ import annotations

import numpy as np

from ndsh.engine import NDArray, autograd, mxnet_errors, nd
from ndsh.gluon.np_mode import to_nd

__all__ = ["DeferredInitializationError", "ParameterState", "shape_is_known", "brief_list",
           "indent"]


class DeferredInitializationError(mxnet_errors.MXNetError):
    """A parameter's initialization waits for the first forward pass, which will tell its
    shape (MXNet's `mxnet.gluon.parameter.DeferredInitializationError`).

    Example:
        >>> net = gluon.nn.Dense(3); net.initialize()
        >>> try:
        ...     net.weight.data()
        ... except gluon.DeferredInitializationError as error:
        ...     print(str(error)[:58])
        Parameter 'dense0_weight' has not been initialized yet bec
    """


def shape_is_known(shape) -> bool:
    """Whether every dimension of a shape is known: none is 0 (MXNet's unknown) or -1 (its
    unknown in np shape mode); None is not known.

    Example:
        >>> from ndsh.gluon.parameter import shape_is_known
        >>> shape_is_known((2, 3)), shape_is_known((2, 0)), shape_is_known((2, -1))
        (True, False, False)
    """
    if shape is None:
        return False
    return all(size > 0 for size in shape)


def brief_list(names, limit: int = 7) -> str:
    """At most `limit` quoted names, the middle ones left out, as MXNet lists them.

    Example:
        >>> from ndsh.gluon.parameter import brief_list
        >>> brief_list(['a', 'b'])
        "'a', 'b'"
    """
    names = list(names)
    if len(names) > limit:
        return (brief_list(names[:limit // 2], limit) + ", ..., "
                + brief_list(names[-limit // 2:], limit))
    return ", ".join(f"'{name}'" for name in names)


def indent(text: str, spaces: int) -> str:
    """Indent every line of `text` but the first.

    Example:
        >>> from ndsh.gluon.parameter import indent
        >>> print(indent(chr(10).join(['a', 'b']), 2))
        a
          b
    """
    first, *rest = text.split("\n")
    return "\n".join([first] + [" " * spaces + line for line in rest])


def _as_contexts(ctx) -> list:
    if ctx is None:
        return [nd.current_context()]
    if isinstance(ctx, nd.Context):
        return [ctx]
    return list(ctx)



class ParameterState:
    """The methods of Parameter (parameter_core.py) that change its data or reduce it.

    Example:
        >>> w = gluon.Parameter('w', shape=(2,)); w.initialize(init='zeros')
        >>> w.set_data(np.array([1., 2.])); w.data().asnumpy()
        array([1., 2.], dtype=float32)
    """

    def _load_init(self, data: NDArray, ctx, cast_dtype: bool = False,
                   dtype_source: str = "current") -> None:
        """(Re)initialize from loaded data, checking its shape and dtype against ours."""
        data = to_nd(data)
        if cast_dtype and dtype_source not in ("current", "saved"):
            raise AssertionError("dtype_source must be 'current' or 'saved'")
        if self._shape:
            if len(self._shape) != len(data.shape) or any(
                    mine not in (0, saved) for mine, saved in zip(self._shape, data.shape)):
                raise AssertionError(f"Failed loading Parameter '{self.name}' from saved "
                                     f"params: shape incompatible expected {self.shape} vs "
                                     f"saved {data.shape}")
            self.shape = data.shape
        if self.dtype is not None and np.dtype(self.dtype).type != data.dtype:
            if not cast_dtype:
                raise AssertionError(f"Failed loading Parameter '{self.name}' from saved "
                                     f"params: dtype incompatible expected {self.dtype} vs "
                                     f"saved {data.dtype}. Set cast_dtype=True to cast the "
                                     f"dtype of saved params.")
            if dtype_source == "current":
                data = data.astype(self.dtype, copy=False)
            else:
                self._dtype = data.dtype
        ctx = [ctx] if isinstance(ctx, nd.Context) else ctx
        if self._data is None:
            if self._deferred_init:
                if ctx is not None and set(ctx) != set(self._deferred_init[1]):
                    raise AssertionError(f"Failed to load Parameter '{self.name}' on {ctx} "
                                         f"because it was previous initialized on "
                                         f"{self.list_ctx()}.")
                ctx = self._deferred_init[1]
            elif ctx is None:
                ctx = [nd.cpu()]
            with autograd.pause():
                self._init_impl(data, ctx)
        else:
            if ctx is not None and set(ctx) != set(self.list_ctx()):
                raise AssertionError(f"Failed to load Parameter '{self.name}' on {ctx} "
                                     f"because it was previous initialized on "
                                     f"{self.list_ctx()}.")
            self.set_data(data)
        self._deferred_init = ()

    # ----- changing -----------------------------------------------------------------------
    def set_data(self, data) -> None:
        """Write `data` (an NDArray, numpy array or anything array-like of the same shape)
        into the parameter on every context, keeping the parameter's dtype; before a deferred
        initialization, it replaces the initializer.

        Parameters:
            data: the new value.

        Example:
            >>> w = gluon.Parameter('w', shape=(2,)); w.initialize()
            >>> w.set_data(nd.array([5, 6])); w.data()
            <BLANKLINE>
            [5. 6.]
            <NDArray 2 @cpu(0)>
        """
        data = to_nd(data)                  # an np array: its NDArray (no copy)
        if not isinstance(data, NDArray):
            data = np.asarray(data)
        self.shape = data.shape
        if self._data is None:
            if not self._deferred_init:
                raise AssertionError(f"Parameter '{self.name}' has not been initialized")
            self._deferred_init = self._deferred_init[:3] + (data,)
            return
        for array in self._data:
            array[:] = data

    def reset_ctx(self, ctx) -> None:
        """Move the parameter to other contexts (one copy each, the average of the current
        copies).

        Parameters:
            ctx: a context or a list of them; the current context if None.

        Example:
            >>> w = gluon.Parameter('w', shape=(1,)); w.initialize()
            >>> w.reset_ctx(mx.cpu(2)); w.list_ctx()
            [cpu(2)]
        """
        ctx = _as_contexts(ctx)
        if self._data:
            data = self._reduce()
            with autograd.pause():
                self._init_impl(data, ctx)
        elif self._deferred_init:
            init, _, default_init, data = self._deferred_init
            self._deferred_init = (init, ctx, default_init, data)
        else:
            raise ValueError(f"Cannot reset context for Parameter '{self.name}' because it "
                             f"has not been initialized.")

    def zero_grad(self) -> None:
        """Set the gradient buffers to 0 (nothing to do without one).

        Example:
            >>> w = gluon.Parameter('w', shape=(2,), grad_req='add'); w.initialize()
            >>> w.grad()[:] = 5; w.zero_grad(); w.grad()
            <BLANKLINE>
            [0. 0.]
            <NDArray 2 @cpu(0)>
        """
        if self._grad is None:
            return
        for grad in self._grad:
            grad[:] = 0

    def cast(self, dtype) -> None:
        """Change the data type of the data and the gradient.

        Parameters:
            dtype: the new type ('float16', numpy.float64...).

        Example:
            >>> w = gluon.Parameter('w', shape=(2,)); w.initialize(); w.cast('float64')
            >>> w.data().dtype, w.grad().dtype
            (<class 'numpy.float64'>, <class 'numpy.float64'>)
        """
        self._dtype = dtype
        if self._data is None:
            return
        with autograd.pause():
            self._data = [array.astype(dtype) for array in self._data]
            if self._grad is None:
                return
            self._grad = [grad.astype(dtype) for grad in self._grad]
            autograd.mark_variables(self._data, self._grad, self.grad_req)

    # ----- for Trainer and saving ---------------------------------------------------------
    def _set_trainer(self, trainer) -> None:
        self._trainer = trainer

    def _reduce(self) -> NDArray:
        """The value on cpu(0): the average of the copies when there are several."""
        arrays = self._nd_data()
        if len(arrays) == 1:
            return arrays[0].copyto(nd.cpu())
        total = arrays[0].copyto(nd.cpu())
        for array in arrays[1:]:
            total = total + array.copyto(nd.cpu())
        return total / len(arrays)
