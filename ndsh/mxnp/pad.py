"""`mx.np.pad`, composed of the table's ops axis by axis (so it has gradients): the modes that
copy elements (edge, reflect, symmetric) are one `take` with NumPy's own index pattern, constant
is a concatenation with filled blocks, maximum / minimum with the axis' extreme broadcast."""
from __future__ import annotations

import builtins
import numbers

import numpy as onp

from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import unwrap, wrap

_MODES = ("constant", "edge", "reflect", "symmetric", "maximum", "minimum")
_KEYWORDS = {"constant": {"constant_values"}, "reflect": {"reflect_type"},
             "symmetric": {"reflect_type"}, "maximum": {"stat_length"},
             "minimum": {"stat_length"}, "edge": set()}


def _widths(pad_width, ndim: int) -> list:
    """NumPy's forms of pad_width (n, (n,), (before, after), one pair per axis) as pairs."""
    host = onp.asarray(pad_width)
    if host.dtype.kind not in "iu":
        raise TypeError(f"np.pad: pad_width must hold ints, got {pad_width!r}")
    if (host < 0).any():
        raise ValueError(f"np.pad: pad_width cannot be negative, got {pad_width!r}")
    try:
        pairs = onp.broadcast_to(host, (ndim, 2))
    except builtins.ValueError:
        raise ValueError(f"np.pad: pad_width {pad_width!r} does not fit an array of "
                         f"{ndim} dimensions: give one (before, after) pair per axis") from None
    return [(int(b), int(a)) for b, a in pairs]


def _check(mode: str, kwargs: dict):
    if callable(mode) or mode not in _MODES:
        raise ValueError(f"np.pad: mode {mode!r} is not supported (MXNet 1.9.1's np.pad has "
                         f"{', '.join(_MODES)})")
    extra = set(kwargs) - _KEYWORDS[mode]
    if extra:
        raise ValueError(f"np.pad: mode {mode!r} takes no {', '.join(sorted(extra))}")
    if kwargs.get("reflect_type", "even") not in ("even", None):
        raise ValueError(f"np.pad: reflect_type {kwargs['reflect_type']!r} is not supported "
                         f"(only 'even', as in MXNet 1.9.1)")
    if kwargs.get("stat_length") is not None:
        raise ValueError("np.pad: stat_length is not supported (as in MXNet 1.9.1): the "
                         "maximum or minimum is over the whole axis")
    value = kwargs.get("constant_values", 0)
    if not isinstance(value, (numbers.Number, onp.generic)):
        raise TypeError(f"np.pad: constant_values must be a scalar (as in MXNet 1.9.1), got "
                        f"{type(value).__name__}")
    return value


def _pad_axis(data, axis: int, before: int, after: int, mode: str, value):
    n = data.shape[axis]
    if mode in ("edge", "reflect", "symmetric"):
        if n == 0:
            raise ValueError(f"np.pad: cannot pad an empty axis {axis} in mode {mode!r}")
        index = onp.pad(onp.arange(n), (before, after), mode=mode)
        index = OPS["nd.array"].call(index.astype(onp.float32), ctx=data._ctx, dtype="float32")
        return OPS["nd.take"].call(data, index, axis=axis)
    parts = []
    for width in (before, after):
        shape = data.shape[:axis] + (width,) + data.shape[axis + 1:]
        if mode == "constant":
            parts.append(OPS["nd.full"].call(shape, value, ctx=data._ctx,
                                             dtype=data._data.dtype))
        else:
            extreme = OPS[f"nd.{mode[:3]}"].call(data, axis=axis, keepdims=True)
            parts.append(OPS["nd.broadcast_to"].call(extreme, shape=shape))
    return OPS["nd.concat"].call(parts[0], data, parts[1], dim=axis)


def pad(x, pad_width, mode="constant", **kwargs):
    """`x` padded along each axis by `pad_width` elements before and after: MXNet's np.pad,
    composed of the table's ops (with gradients).

    Modes: 'constant' (`constant_values`, default 0), 'edge' (the edge values repeated),
    'reflect' (mirrored without the edge), 'symmetric' (mirrored with it), 'maximum' and
    'minimum' (the axis' extreme). pad_width takes NumPy's forms: one int, one (before, after)
    pair for every axis, or a pair per axis.

    Departures from MXNet 1.9.1 (where it fails or is wrong, this gives NumPy's answer):
    MXNet's 'constant' mode ignores constant_values (always 0), and refuses an int or a
    single pair as pad_width.

    Parameters:
        x: an np array.
        pad_width: int, (before, after), or ((before_1, after_1), ... one per axis).
        mode: one of the modes above ('wrap', 'mean', 'median', 'linear_ramp' are not in
            MXNet 1.9.1's np.pad).
        **kwargs: constant_values (a scalar) for 'constant'; reflect_type ('even' only).

    Example:
        >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
        >>> np.pad(x, ((0, 1), (1, 0)))
        array([[0., 1., 2.],
               [0., 3., 4.],
               [0., 0., 0.]])
        >>> np.pad(np.array([1.0, 2.0, 3.0]), ((2, 1),), mode='reflect')
        array([3., 2., 1., 2., 3., 2.])
    """
    data = unwrap(x, "np.pad")
    if not hasattr(data, "_data"):
        raise TypeError(f"np.pad: x must be an np array, not {type(x).__name__}")
    value = _check(mode, kwargs)
    for axis, (before, after) in enumerate(_widths(pad_width, data.ndim)):
        if before or after:
            data = _pad_axis(data, axis, before, after, mode, value)
    if data is x._nd:
        data = OPS["nd.identity"].call(data)           # a new array, as MXNet gives
    return wrap(data)


FUNCTIONS = {"pad": pad}
