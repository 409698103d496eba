"""NDArray: an n-dimensional array on a context, with MXNet's semantics and print format.

The class holds the data (a numpy or CuPy array), its context, and the autograd fields; what
lives here needs nothing but the data: attributes, conversion, printing. It is a leaf of the
engine (it imports only the context and the backend): the methods that run ops (`x.exp()`,
`x.T`, `x[i]`, `x.copyto(y)`, `x.backward()`) are bound from the op table by
ndsh.engine.methods.
"""
from __future__ import annotations

import numbers

import numpy as np

from ndsh.engine import backend, dask_values
from ndsh.engine.context import Context, current_context

_object_new = object.__new__


def _np_not_loaded(array):
    raise RuntimeError("as_np_ndarray needs ndsh's mx.np, which was not set up (import ndsh)")


# NDArray -> mx.np.ndarray; ndsh/__init__.py sets it (the engine never imports mx.np)
NP_CONVERTER = _np_not_loaded


class NDArray:
    """An n-dimensional array, MXNet's `mx.nd.NDArray`: float32 by default, on a context, with
    an optional gradient buffer.

    Example:
        >>> x = nd.arange(6).reshape((2, 3)); x
        <BLANKLINE>
        [[0. 1. 2.]
         [3. 4. 5.]]
        <NDArray 2x3 @cpu(0)>
    """

    # Data, context and the recording node live in slots; the rarer autograd fields default at
    # class level and land in the instance __dict__ only when set. `_node` is a slot because
    # every recorded result sets it: as a class default it gave each recorded result an instance
    # __dict__ (a cost per op, and later ops slowed down once many dict-less arrays had come
    # and gone). A slot has no default, so every construction site writes `_node = None`
    # (NDArray.__init__, new_array, detach and the engine's inline constructors:
    # test_fast_paths_speed checks they all do).
    __slots__ = ("_data", "_ctx", "_node", "__dict__", "__weakref__")
    _grad = None         # the gradient buffer (an NDArray) once attach_grad was called
    _grad_req = None     # 'write' | 'add' | 'null' once attach_grad was called
    _base = None         # the array whose memory this view shares
    _version = 0         # bumped by every in-place write (on the base of a view)
    _mask = False        # produced by a comparison: refuse it as an index
    _fresh_grad = False  # set by backward when it wrote this array's gradient

    # numpy functions take an NDArray as they take any array (np.exp(x), np.all(x == 1): a
    # numpy result, through __array__, as in MXNet), while the priority makes numpy's operators
    # defer to ours, so `np_array + x` reaches NDArray.__radd__, which refuses it (as MXNet does)
    __array_priority__ = 1000.0

    def __init__(self, data, ctx: Context | None = None):
        self._data = data
        self._ctx = ctx if ctx is not None else current_context()
        self._node = None    # the autograd Node that produced this array while recording

    # ----- attributes -------------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        """The array's dimensions, a tuple of ints.

        Example:
            >>> nd.zeros((2, 3)).shape
            (2, 3)
        """
        return self._data.shape

    @property
    def size(self) -> int:
        """The number of elements.

        Example:
            >>> nd.zeros((2, 3)).size
            6
        """
        return self._data.size

    @property
    def ndim(self) -> int:
        """The number of dimensions.

        Example:
            >>> nd.zeros((2, 3)).ndim
            2
        """
        return self._data.ndim

    @property
    def dtype(self):
        """The element type as a numpy type class (`numpy.float32`), as MXNet gives it.

        Example:
            >>> nd.zeros((2,)).dtype
            <class 'numpy.float32'>
        """
        return self._data.dtype.type

    @property
    def context(self) -> Context:
        """The device the array lives on, e.g. `cpu(0)`.

        Example:
            >>> nd.zeros((2,)).context
            cpu(0)
        """
        return self._ctx

    ctx = context

    @property
    def stype(self) -> str:
        """The storage type; always 'default' (dense).

        Example:
            >>> nd.zeros((2,)).stype
            'default'
        """
        return "default"

    @property
    def grad(self):
        """The gradient buffer: None until `attach_grad()`, then written by `backward()`.

        Example:
            >>> nd.zeros((2,)).grad is None
            True
        """
        return self._grad

    @property
    def handle(self) -> int:
        """An integer that identifies the array, standing in for MXNet's C handle (ndsh has
        no C object behind an array: it is the array's `id()`).

        Example:
            >>> x = nd.zeros((2,)); x.handle == id(x)
            True
        """
        return id(self)

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d NDArray")
        return self._data.shape[0]

    # ----- conversion -------------------------------------------------------------------
    def asnumpy(self) -> np.ndarray:
        """A numpy copy of the array (from the device, for GPU arrays).

        Example:
            >>> nd.ones((2,)).asnumpy()
            array([1., 1.], dtype=float32)
        """
        host = backend.to_numpy(self._data)
        host = host.copy() if host is self._data else host
        return host.view(OneElementArray) if host.size == 1 and host.ndim else host

    def asscalar(self):
        """The value of a one-element array as a numpy scalar (`numpy.float32` for float32).

        Example:
            >>> nd.array([3.5]).asscalar()
            3.5
        """
        data = self._data
        if data.size != 1:
            raise ValueError(f"The current array is not a scalar: asscalar() needs exactly one "
                             f"element, and this array has shape {self.shape}")
        if data.__class__ is np.ndarray:
            # host memory (to_numpy would return it as it is): index the one element straight
            # away instead of reshaping first; the same numpy scalar (test_fast_paths)
            return data[0] if data.ndim == 1 else data[(0,) * data.ndim]
        return backend.to_numpy(data).reshape(-1)[0]

    def __array__(self, dtype=None, copy=None):
        host = backend.to_numpy(self._data)
        return host.astype(dtype) if dtype is not None else host

    def __float__(self) -> float:
        return float(self._scalar_for("float"))

    def __int__(self) -> int:
        return int(self._scalar_for("int"))

    def __bool__(self) -> bool:
        if self._data.size == 0:
            return False
        if self._data.size == 1:
            return bool(self._scalar_for("bool"))
        raise ValueError(f"The truth value of an NDArray with multiple elements is ambiguous "
                         f"(shape {self.shape}): use (x != 0).sum().asscalar(), or compare a "
                         f"single element")

    def _scalar_for(self, what: str):
        if self._data.size != 1:
            raise TypeError(f"{what}() of an NDArray needs exactly one element, and this array "
                            f"has shape {self.shape}: index one element first, or use .asnumpy()")
        return backend.to_numpy(self._data).reshape(-1)[0]

    def wait_to_read(self) -> None:
        """Wait until the array's value is computed (ndsh is synchronous; on a GPU it syncs).

        Example:
            >>> nd.ones((2,)).wait_to_read()
        """
        backend.synchronize()

    def as_nd_ndarray(self):
        """This array as an `mx.nd.NDArray`: the array itself (MXNet converts its `mx.np`
        arrays with it; ndsh has `nd` arrays only).

        Example:
            >>> x = nd.ones((2,)); x.as_nd_ndarray() is x
            True
        """
        return self

    def as_np_ndarray(self):
        """This array as an `mx.np.ndarray` over the same memory and autograd state (no copy);
        `mx.np` loads on first use.

        Example:
            >>> x = nd.ones((2,)); y = x.as_np_ndarray(); y[0] = 5; y
            array([5., 1.])
            >>> x.asnumpy()
            array([5., 1.], dtype=float32)
        """
        return NP_CONVERTER(self)

    def tostype(self, stype: str):
        """This array in storage type `stype`: 'default' (dense) gives the array itself;
        ndsh has no sparse storage ('csr' and 'row_sparse' raise NotImplementedError).

        Parameters:
            stype: the storage type; only 'default' (dense) exists in ndsh.

        Example:
            >>> x = nd.ones((2,)); x.tostype('default') is x
            True
        """
        if stype != "default":
            raise NotImplementedError("ndsh has dense arrays only (stype 'default')")
        return self

    # ----- autograd ---------------------------------------------------------------------
    def detach(self):
        """A new array with the same data, cut from the recorded graph (a constant to backward).

        Example:
            >>> nd.ones((2,)).detach()
            <BLANKLINE>
            [1. 1.]
            <NDArray 2 @cpu(0)>
        """
        out = _object_new(NDArray)
        out._data = self._data
        out._ctx = self._ctx
        out._node = None
        out._base = self._base if self._base is not None else self
        return out

    # ----- printing ---------------------------------------------------------------------
    def __repr__(self) -> str:
        shape_info = "x".join(str(d) for d in self._data.shape)
        return (f"\n{format_body(self._data)}\n<NDArray {shape_info} @{self._ctx}"
                f"{dask_values.placement(self._data)}>")

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        if not spec:
            return repr(self)
        return format(self._scalar_for("format"), spec)

    # ----- indexing (x[i] and x[i] = v are bound by ndsh.engine.methods) -----------------
    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d NDArray")
        return (self[i] for i in range(self._data.shape[0]))

    def __reduce__(self):
        return (array_on, (backend.to_numpy(self._data), self._ctx))

    def __dlpack__(self, *args, **kwargs):
        return self._data.__dlpack__(*args, **kwargs)


class OneElementArray(np.ndarray):
    """What asnumpy() returns for a one-element array: a numpy array that still converts with
    float() and '%f', as numpy < 2 allowed. d2l prints its losses with
    `'loss %f' % l.mean().asnumpy()`, which numpy 2 refuses for shape (1,)."""

    def __float__(self):
        if self.size != 1:
            return np.ndarray.__float__(self)
        return float(self.view(np.ndarray).reshape(-1)[0])

    def __int__(self):
        if self.size != 1:
            return np.ndarray.__int__(self)
        return int(self.view(np.ndarray).reshape(-1)[0])

    def __repr__(self):
        return repr(self.view(np.ndarray))

    def __str__(self):
        return str(self.view(np.ndarray))


# numpy 2 prints float16 arrays in scientific notation where numpy 1 (MXNet's) did not:
# [6.55e+04 3.00e+02] for [65504.   300.]; its 1.25 legacy mode prints them as MXNet does
_FLOAT16_AS_NUMPY1 = {"legacy": "1.25"} if int(np.__version__.split(".")[0]) >= 2 else None


def format_body(data) -> str:
    """numpy's text for the host copy: the body of MXNet's print format. Of a large dask array
    only the corners the text shows are computed (`dask_values.printable`)."""
    host, options = dask_values.printable(data)
    if host.dtype == np.float16 and _FLOAT16_AS_NUMPY1:
        options = {**options, **_FLOAT16_AS_NUMPY1}
    if options:
        with np.printoptions(**options):
            return str(host)
    return str(host)


def new_array(data, ctx: Context):
    """Wrap backend data as an NDArray without the checks of the public constructor."""
    out = _object_new(NDArray)
    out._data = data
    out._ctx = ctx
    out._node = None
    return out


def is_scalar(value) -> bool:
    """A Python or numpy number (bool included), the scalars MXNet accepts beside arrays."""
    return isinstance(value, (numbers.Number, np.number, np.bool_)) and not isinstance(value,
                                                                                        NDArray)


def move_to_context(x: NDArray, ctx: Context) -> NDArray:
    """A copy of x on ctx (always a new array, as MXNet's copyto(ctx))."""
    return new_array(backend.copy_to_device(ctx.xp, ctx.device_id, x._data), ctx)


def array_on(host, ctx: Context, dtype=None) -> NDArray:
    """A new array on ctx from a numpy array (copied)."""
    if dtype is not None:
        host = host.astype(dtype, copy=False)
    return new_array(backend.copy_to_device(ctx.xp, ctx.device_id, host), ctx)
