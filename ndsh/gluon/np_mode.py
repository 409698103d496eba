"""Gluon in MXNet's numpy mode (after `npx.set_np()`): blocks take and return `mx.np` arrays,
parameters read as np arrays, losses and initializers work on them, as in MXNet 1.9.1.

How: an np array wraps one engine NDArray (ndsh/mxnp/array.py), so converting either way is
free (no copy; storage, gradient buffer and autograd graph are shared). ndsh's own layers are
written against `nd`; a user's blocks (and d2l's) in np mode against `mx.np`. So each Block call
runs its body in the world its code is written for:

- the body of a block whose `forward` (or `hybrid_forward`) is ndsh's own runs on NDArrays
  (its inputs unwrapped; `param.data()` gives NDArrays inside it);
- the body of any other block runs on np arrays when np mode is on (inputs wrapped;
  `param.data()` gives np arrays; a `hybrid_forward` gets `F` with `F.np` and `F.npx`);
- the result goes back in the caller's world: np arrays if np arrays came in.

A user block inside ndsh's `nn.Sequential` thus still sees np arrays, and ndsh's `nn.Dense`
inside a user block NDArrays. Parameters keep NDArray storage (the Trainer updates it); their
np views share it.

This module never imports `ndsh.mxnp` at import time: np mode can only be on once
`ndsh.mxnp.npx` is loaded, which is all `np_array_on` asks of `sys.modules`.
"""
from __future__ import annotations

import sys
import threading

from ndsh.engine import NDArray, nd

__all__ = ["np_array_on", "np_shape_on", "np_world", "is_np", "has_np", "to_nd", "to_np",
           "runs_on_nd", "call_in_world", "NP_F", "for_user",
           "hybrid_forward_is_ndsh", "one_np_into_nd"]


class _Thread(threading.local):
    """Per-thread flags; `inside` is a class default so reading it never raises (getattr
    with a default on a missing threading.local attribute costs ~0.4 us: np_world() runs on
    every param.data())."""
    inside = False


# .inside is True while the body of one of ndsh's own blocks runs in this thread
# (param.data() gives NDArrays there). Per thread: blocks also run in DataLoader threads and
# the kernel's, and a shared flag restored by two interleaved calls could stay set.
_THREAD = _Thread()
_WORLD: dict = {}


def np_array_on() -> bool:
    """Whether MXNet's numpy mode is on (`npx.set_np()`; False until mx.npx is loaded).

    Example:
        >>> from ndsh.gluon.np_mode import np_array_on
        >>> npx.set_np(); np_array_on()
        True
        >>> npx.reset_np(); np_array_on()
        False
    """
    npx = sys.modules.get("ndsh.mxnp.npx")
    return npx is not None and npx._STATE["array"]


def np_shape_on() -> bool:
    """Whether MXNet's numpy shape mode is on (Parameter shapes then read -1 where unknown).

    Example:
        >>> from ndsh.gluon.np_mode import np_shape_on
        >>> npx.set_np(); np_shape_on()
        True
    """
    npx = sys.modules.get("ndsh.mxnp.npx")
    return npx is not None and npx._STATE["shape"]


def np_world() -> bool:
    """Whether code running now sees np arrays: np mode is on and no body of ndsh's own
    blocks is running.

    Example:
        >>> from ndsh.gluon.np_mode import np_world
        >>> npx.set_np(); np_world()
        True
    """
    # np_array_on() first: it is False outside np mode (the common case) and cheaper
    return np_array_on() and not _THREAD.inside


def _np_class():
    array = sys.modules.get("ndsh.mxnp.array")
    return None if array is None else array.ndarray


def is_np(value) -> bool:
    """Whether value is an `mx.np.ndarray`.

    Example:
        >>> from ndsh.gluon.np_mode import is_np
        >>> is_np(np.ones(2)), is_np(nd.ones(2))
        (True, False)
    """
    cls = _np_class()
    return cls is not None and type(value) is cls


def has_np(values) -> bool:
    """Whether an np array is among values (a tuple or list, nested lists and tuples too).

    Example:
        >>> from ndsh.gluon.np_mode import has_np
        >>> has_np((nd.ones(1), [np.ones(1)])), has_np((nd.ones(1),))
        (True, False)
    """
    cls = _np_class()
    if cls is None:
        return False
    for value in values:
        if type(value) is cls or (isinstance(value, (list, tuple)) and has_np(value)):
            return True
    return False


def to_nd(value):
    """The engine NDArrays under np arrays (in nested lists and tuples too; no copy).

    Example:
        >>> from ndsh.gluon.np_mode import to_nd
        >>> x = np.ones(2); to_nd([x])[0] is x.as_nd_ndarray()
        True
    """
    cls = _np_class()
    if cls is None:
        return value
    if type(value) is cls:
        return value._nd
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(to_nd(v) for v in value)
    return value


def to_np(value):
    """np arrays over NDArrays (in nested lists and tuples too; no copy).

    Example:
        >>> from ndsh.gluon.np_mode import to_np
        >>> x = nd.ones(2); to_np((x,))[0].as_nd_ndarray() is x
        True
    """
    if isinstance(value, NDArray):
        from ndsh.mxnp.array import wrap
        return wrap(value)
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(to_np(v) for v in value)
    return value


def _is_ndsh_code(function) -> bool:
    return (getattr(function, "__module__", None) or "").startswith("ndsh.")


def runs_on_nd(block) -> bool:
    """Whether the block's body is ndsh's own code (written against nd), so runs on NDArrays:
    its `forward`, or its `hybrid_forward` when `forward` is HybridBlock's.

    Example:
        >>> from ndsh.gluon.np_mode import runs_on_nd
        >>> class Mine(gluon.Block):
        ...     def forward(self, x):
        ...         return x
        >>> runs_on_nd(gluon.nn.Dense(2)), runs_on_nd(Mine())
        (True, False)
    """
    cls = type(block)
    found = _WORLD.get(cls)
    if found is None:
        forward = cls.forward
        if getattr(forward, "__qualname__", "") == "HybridBlock.forward" \
                and _is_ndsh_code(forward):
            forward = cls.hybrid_forward
        found = _WORLD[cls] = _is_ndsh_code(forward)
    return found


def call_in_world(block, args: tuple, call, on_nd: bool | None = None):
    """Run `call(args)` (the block's hooks and forward) in the world the block's body is
    written for (on NDArrays if `on_nd`, by default if `runs_on_nd(block)`), and give its
    result in the caller's: np arrays if np arrays came in (or no array came in and np mode
    is on), NDArrays otherwise.

    Example:
        >>> from ndsh.gluon.np_mode import call_in_world
        >>> net = gluon.nn.Dense(1, in_units=2); net.initialize(mx.init.One())
        >>> call_in_world(net, (np.ones((1, 2)),), lambda args: net.forward(*args))
        array([[2.]])
    """
    if one_np_into_nd(block, args, on_nd):
        outer = _THREAD.inside
        _THREAD.inside = True
        try:
            out = call((args[0]._nd,))
        finally:
            _THREAD.inside = outer
        return to_np(out)
    to_np_out = has_np(args) or (np_array_on() and not _has_nd(args))
    if on_nd is None:
        on_nd = runs_on_nd(block)
    inner_nd = on_nd or not (np_array_on() or to_np_out)
    outer = _THREAD.inside
    _THREAD.inside = inner_nd
    try:
        out = call(to_nd(args) if inner_nd else to_np(args))
    finally:
        _THREAD.inside = outer
    return to_np(out) if to_np_out else to_nd(out)


def one_np_into_nd(block, args: tuple, on_nd: bool | None = None) -> bool:
    """Whether a call is the common one of np mode, one np array into a block whose body is
    ndsh's (d2l's `net(X)`): call_in_world then knows its answers without asking (the result
    goes back to np, the body runs on NDArrays, the input is the array's `_nd`) and skips
    has_np, _has_nd, to_nd's walk and their module look-ups. Nothing is cached but
    runs_on_nd's per-class answer, which call_in_world always used.

    Example:
        >>> from ndsh.gluon.np_mode import one_np_into_nd
        >>> layer = gluon.nn.Dense(2)
        >>> one_np_into_nd(layer, (np.ones((1, 2)),)), one_np_into_nd(layer, (nd.ones(2),))
        (True, False)
    """
    cls = _np_class()
    return (len(args) == 1 and cls is not None and type(args[0]) is cls
            and (runs_on_nd(block) if on_nd is None else on_nd))


def hybrid_forward_is_ndsh(block) -> bool:
    """Whether the block's hybrid_forward is ndsh's own (a user's forward may call
    `super().forward(...)` on np arrays: d2l's MaskedSoftmaxCELoss does).

    Example:
        >>> from ndsh.gluon.np_mode import hybrid_forward_is_ndsh
        >>> hybrid_forward_is_ndsh(gluon.loss.L2Loss())
        True
    """
    return _is_ndsh_code(type(block).hybrid_forward)


def _has_nd(values) -> bool:
    for value in values:
        if isinstance(value, NDArray) or (isinstance(value, (list, tuple)) and _has_nd(value)):
            return True
    return False


def for_user(method, array):
    """array as the initializer method should see it: an np array for a user's method in
    np mode (d2l's `MyInit._init_weight` writes np arrays into it), else the NDArray.

    Example:
        >>> from ndsh.gluon.np_mode import for_user
        >>> npx.set_np(); type(for_user(print, nd.ones(1))).__name__
        'NDArray'
    """
    if isinstance(array, NDArray) and np_array_on() and not _is_ndsh_code(method) \
            and not _is_builtin(method):
        return to_np(array)
    return array


def _is_builtin(function) -> bool:
    return type(function).__name__ == "builtin_function_or_method"


class _NpModeF:
    """The `F` a user's `hybrid_forward` gets in np mode, as MXNet's `mx.nd` module there:
    `F.np` is `mx.np`, `F.npx` is `mx.npx`; a legacy op (`F.FullyConnected`...) takes np
    arrays and gives np arrays (run on the arrays' NDArrays).

    Example:
        >>> from ndsh.gluon.np_mode import NP_F
        >>> NP_F.np.ones(2), NP_F.relu(np.array([-1., 2.]))
        (array([1., 1.]), array([0., 2.]))
    """

    def __getattr__(self, name: str):
        if name == "np":
            from ndsh.mxnp import np as module
        elif name == "npx":
            from ndsh.mxnp import npx as module
        else:
            op = getattr(nd, name)
            if not callable(op):
                return op

            def module(*args, **kwargs):
                return to_np(op(*to_nd(args), **{k: to_nd(v) for k, v in kwargs.items()}))

            module.__name__ = module.__qualname__ = name
            module.__doc__ = op.__doc__
        self.__dict__[name] = module
        return module

    def __repr__(self) -> str:
        return "<F of np mode: F.np, F.npx and nd's ops on np arrays>"


NP_F = _NpModeF()
