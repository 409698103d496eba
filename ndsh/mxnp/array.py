"""`mx.np.ndarray`: MXNet 1.9.1's numpy-style array, a sibling of NDArray over the same engine.

An np array holds one engine NDArray (`_nd`) and nothing else: storage, context, autograd state
and gradient buffer are that NDArray's, so `x.as_nd_ndarray()` is the very same engine array (no
copy, and gradients flow through either), and every np function runs the op table's ops on it.
What differs is the face: NumPy-style shapes (full reductions give shape ()), MXNet's np dtype
rules (creation in float32, promotion between arrays, see `result_type`), printing as
`array([...])`, and a refusal to mix with legacy `nd` arrays.

It is a sibling rather than a subclass of NDArray (MXNet's is a subclass) because the engine's
recording and fast paths check `type(a) is NDArray`: a subclass instance would silently lose its
gradients. So `isinstance(np_array, mx.nd.NDArray)` is False in ndsh (True in MXNet).
"""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine import NDArray
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.registry import OPS

_new = object.__new__

# MXNet 1.9.1 prints through numpy 1.x: numpy >= 2.2 adds `shape=(N,)` to the repr of an array
# it summarizes with `...`, which numpy's legacy "1.25" printing leaves out (as ndsh/display does)
_PRINT_AS_NUMPY_1 = {"legacy": "1.25"} if int(onp.__version__.split(".")[0]) >= 2 else {}


class ndarray:  # noqa: N801  (MXNet's name: mx.np.ndarray)
    """An n-dimensional array of MXNet's numpy interface (`mx.np.ndarray`): NumPy's shapes and
    printing, MXNet's dtypes, on a context, with autograd (`attach_grad`, `backward`).

    Example:
        >>> x = np.arange(6).reshape(2, 3); x
        array([[0., 1., 2.],
               [3., 4., 5.]])
        >>> x.sum()
        array(15.)
    """

    __slots__ = ("_nd", "__weakref__")
    # numpy's operators defer to ours (`onp_array + x` reaches __radd__, which refuses it)
    __array_priority__ = 1000.0

    def __init__(self, shape=(), dtype="float32", ctx=None):
        self._nd = OPS["nd.zeros"].call(_shape(shape), ctx=ctx, dtype=dtype)

    # ----- attributes -------------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        """The array's dimensions, a tuple of ints.

        Example:
            >>> np.zeros((2, 3)).shape
            (2, 3)
        """
        return self._nd._data.shape

    @property
    def size(self) -> int:
        """The number of elements.

        Example:
            >>> np.zeros((2, 3)).size
            6
        """
        return self._nd._data.size

    @property
    def ndim(self) -> int:
        """The number of dimensions.

        Example:
            >>> np.zeros((2, 3)).ndim
            2
        """
        return self._nd._data.ndim

    @property
    def dtype(self) -> onp.dtype:
        """The element type, a numpy dtype (`dtype('float32')`), as MXNet's np arrays give it.

        Example:
            >>> np.zeros(2).dtype
            dtype('float32')
        """
        return self._nd._data.dtype

    @property
    def ctx(self):
        """The device the array lives on, e.g. `cpu(0)`.

        Example:
            >>> np.zeros(2).ctx
            cpu(0)
        """
        return self._nd._ctx

    context = ctx

    @property
    def grad(self):
        """The gradient buffer as an np array: None until `attach_grad()`, then written by
        `backward()` (it shares the engine array's buffer).

        Example:
            >>> x = np.ones(2); x.attach_grad(); x.grad
            array([0., 0.])
        """
        grad = self._nd._grad
        return None if grad is None else wrap(grad)

    @property
    def T(self):  # noqa: N802  (numpy's name)
        """The array with its axes reversed (a copy, as in MXNet).

        Example:
            >>> np.zeros((2, 3)).T.shape
            (3, 2)
        """
        return wrap(OPS["nd.transpose"].call(self._nd))

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of unsized object (a 0-d np array)")
        return self.shape[0]

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d array: use x.item() for its value (MXNet "
                            "1.9.1 iterates one as empty, a silent [], which ndsh refuses)")
        return (self[i] for i in range(self.shape[0]))

    # ----- conversion -------------------------------------------------------------------
    def asnumpy(self) -> onp.ndarray:
        """A numpy copy of the array (from the device for GPU arrays).

        Example:
            >>> np.ones(2).asnumpy()
            array([1., 1.], dtype=float32)
        """
        return onp.array(self._nd.asnumpy(), copy=True).view(onp.ndarray)

    def item(self):
        """The value of a one-element array as a Python scalar (float, int or bool).

        Example:
            >>> np.array([2.5]).item(), np.arange(3).sum().item()
            (2.5, 3.0)
        """
        if self.size != 1:
            raise ValueError(f"can only convert an array of size 1 to a Python scalar; this one "
                             f"has shape {self.shape}")
        return self.asnumpy().reshape(-1)[0].item()

    def tolist(self):
        """The array as nested Python lists of Python scalars.

        Example:
            >>> np.array([[1, 2]]).tolist()
            [[1.0, 2.0]]
        """
        return self.asnumpy().tolist()

    def as_nd_ndarray(self) -> NDArray:
        """This array as a legacy `mx.nd.NDArray`, sharing memory and autograd (no copy).

        Example:
            >>> x = np.ones(2); y = x.as_nd_ndarray(); y[:] = 5; x
            array([5., 5.])
        """
        return self._nd

    def as_np_ndarray(self):
        """This array itself (it already is an np array).

        Example:
            >>> x = np.ones(2); x.as_np_ndarray() is x
            True
        """
        return self

    def __array__(self, dtype=None, copy=None):
        host = self._nd.asnumpy()
        return host.astype(dtype) if dtype is not None else host

    def __float__(self) -> float:
        return float(self._scalar("float"))

    def __int__(self) -> int:
        return int(self._scalar("int"))

    def __index__(self) -> int:
        if self.dtype.kind not in "iu":
            raise TypeError(f"only integer arrays can be used as an index, not {self.dtype}")
        return int(self._scalar("index"))

    def __bool__(self) -> bool:
        if self.size == 0:
            return False
        if self.size == 1:
            return bool(self._scalar("bool"))
        raise ValueError(f"The truth value of an array with more than one element is ambiguous "
                         f"(shape {self.shape}): use a.any() or a.all()")

    def _scalar(self, what: str):
        if self.size != 1:
            raise TypeError(f"{what}() needs an array of exactly one element, and this one has "
                            f"shape {self.shape}")
        return self.asnumpy().reshape(-1)[0]

    def __hash__(self) -> int:
        return id(self)

    def __reduce__(self):
        return (_from_numpy, (self.asnumpy(), self.ctx))

    # ----- printing ---------------------------------------------------------------------
    def __repr__(self) -> str:
        with onp.printoptions(**_PRINT_AS_NUMPY_1):
            text = repr(self.asnumpy())
        dtype = self.dtype
        if "dtype=" in text:
            if dtype == onp.float32:
                text = text[:text.rindex(",")] + ")"
        elif dtype not in (onp.float32, onp.bool_):
            text = f"{text[:-1]}, dtype={dtype})"
        if self.ctx.device_type == "cpu":
            return text
        return f"{text[:-1]}, ctx={self.ctx})"

    def __str__(self) -> str:
        text = str(self.asnumpy())
        if self.ctx.device_type == "cpu" or self.ndim == 0:
            return text
        return f"{text} @{self.ctx}"

    def __format__(self, spec: str) -> str:
        if self.ndim == 0:
            return format(self.item(), spec)
        if not spec:
            return format(str(self), spec)
        raise TypeError("Cannot format mxnet.numpy.ndarray with format_spec")


ndarray.__module__ = "mxnet.numpy"


def wrap(array: NDArray) -> ndarray:
    """An np array over an engine NDArray (the same object underneath: no copy)."""
    out = _new(ndarray)
    out._nd = array
    return out


def wrap_all(value):
    """wrap() applied to an NDArray or to each NDArray of a list or tuple."""
    if isinstance(value, NDArray):
        return wrap(value)
    if isinstance(value, (list, tuple)):
        return type(value)(wrap_all(v) for v in value)
    return value


def _from_numpy(host, ctx):
    return wrap(OPS["nd.array"].call(host, ctx=ctx, dtype=host.dtype))


def _shape(shape) -> tuple:
    return (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)


def mixing_error(fname: str, value) -> TypeError:
    """The error for a legacy nd array, a numpy array or a list where an np array is needed."""
    if isinstance(value, NDArray):
        return TypeError(
            f"{fname}: got a legacy mx.nd.NDArray (shape {value.shape}) among mx.np arrays; "
            f"MXNet's np and nd arrays do not mix in one op. Convert the nd array with "
            f"`.as_np_ndarray()` (no copy) to use np functions, or the np arrays with "
            f"`.as_nd_ndarray()` (no copy) to use nd ops.")
    if isinstance(value, (onp.ndarray, list, tuple)):
        what = "numpy array" if isinstance(value, onp.ndarray) else type(value).__name__
        return TypeError(f"{fname}: got a {what} where an mx.np.ndarray is needed; wrap it "
                         f"with np.array(...) first (MXNet's np functions do not take them).")
    return TypeError(f"{fname}: type {type(value).__name__} is not supported: give an "
                     f"mx.np.ndarray or a Python scalar")


def unwrap(value, fname: str):
    """The engine array under an np array; Python and numpy scalars pass; the rest is refused."""
    if type(value) is ndarray:
        return value._nd
    if isinstance(value, (numbers.Number, onp.number, onp.bool_)):
        return value
    raise mixing_error(fname, value)


def result_type(left: onp.dtype, right: onp.dtype, fname: str = "np") -> onp.dtype:
    """The dtype of an op on two arrays, as MXNet's np promotes: a bool gives way to the other
    side, an int to a float of any width (int32 + float16 is float16), and otherwise the wider
    type wins (NumPy's promote_types: int32 + uint8 is int32). uint8 with int8 (NumPy: int16, a
    dtype neither has) raises a TypeError, an MXNetError, as MXNet 1.9.1 fails there ("does not
    support combination of unsigned char with char yet"); `fname` names the function.

    Example:
        >>> from ndsh.mxnp.array import result_type
        >>> import numpy
        >>> result_type(numpy.dtype('int32'), numpy.dtype('float16'))
        dtype('float16')
    """
    if left == right:
        return left
    if left.kind == "b" or right.kind == "b":
        return right if left.kind == "b" else left
    if (left.kind == "f") != (right.kind == "f"):
        return left if left.kind == "f" else right
    if {left.kind, right.kind} == {"u", "i"} and left.itemsize == right.itemsize == 1:
        raise TypeError(f"{fname}: {left.name} and {right.name} arrays cannot be "
                        f"combined: NumPy promotes them to int16, a dtype MXNet's np (and ndsh) "
                        f"lacks; MXNet 1.9.1 fails too ('does not support combination of unsigned "
                        f"char with char yet'). Cast one first, e.g. x.astype('int32').")
    return onp.promote_types(left, right)


def cast(array: NDArray, dtype) -> NDArray:
    """array in dtype through the table's cast op (recorded, so gradients flow), or itself."""
    if array._data.dtype == dtype:
        return array
    name = _NAMES.get(dtype)
    if name is None:
        name = _NAMES[dtype] = onp.dtype(dtype).name
    return OPS["nd.cast"].call(array, dtype=name)


_NAMES: dict = {}


def as_shape(array: NDArray, shape: tuple) -> NDArray:
    """array reshaped to `shape` (through the table's reshape op) when it differs."""
    shape = tuple(shape)
    if array._data.shape == shape:
        return array
    return OPS["nd.reshape"].call(array, shape=shape)


def fresh_shape(result: NDArray, shape: tuple) -> NDArray:
    """An op's new result in `shape`: the legacy ops give (1,) for a full reduction where NumPy
    gives (). A result nobody else holds yet (unrecorded, not a view) has its data reshaped, with
    no op; otherwise as_shape."""
    shape = tuple(shape)
    if result._data.shape == shape:
        return result
    if result._node is None and result._grad_req is None and result._base is None:
        result._data = result._data.reshape(shape)
        return result
    return OPS["nd.reshape"].call(result, shape=shape)


def own(result: NDArray, *sources: NDArray) -> NDArray:
    """result, copied (through the table's identity op) if it shares a source's memory: MXNet's
    np reshape, transpose, expand_dims and squeeze give copies where NumPy gives views."""
    shares = result._ctx.xp.may_share_memory
    if any(shares(result._data, source._data) for source in sources):
        return OPS["nd.identity"].call(result)
    return result
