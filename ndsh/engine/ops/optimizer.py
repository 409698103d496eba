"""MXNet's optimizer update ops: what they share, as MXNet 1.9.1 defines them. The ops are in
optimizer_sgd.py (SGD, momentum, Nesterov, the sign updates), optimizer_adaptive.py (Adam,
RMSProp, FTRL, FTML), optimizer_lamb.py (LAMB's two phases) and optimizer_multi.py (the
`multi_` and `preloaded_multi_` forms that update several weights in one call).

The weight, gradient and states all have the weight's shape and (but for an `mp_` op's
float32 states) its dtype, a float one; the state arrays (mom, mean, var...) are updated in
place whether or not `out=` is given; the new weight goes into `out=` (usually the weight
itself) and is returned, or, without `out=`, into a new array. The numbers follow MXNet's
kernels step by step in the weight's dtype (float32 for the `mp_` forms, which keep a float32
master copy of a float16 weight), with the float parameters rounded to float32 first as MXNet
holds them, so float32 results match MXNet's to the last bit or two. The ops are not
differentiable, and like every in-place write they refuse an array that is part of a recorded
graph while recording.
"""
from __future__ import annotations

import builtins
import functools
import inspect
import textwrap

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.graph import check_writable, note_write
from ndsh.engine.messages import NotAnArray, check_contexts
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array

FLOAT32 = np.dtype(np.float32)

# The parameters most update ops share, described once: an op's docstring describes the ones
# it means differently (and its own states), `_documented` adds these rows for the others.
_SHARED = {
    "weight": "the weight to update (read; it changes only if it is also `out`).",
    "grad": "the gradient of the loss with respect to the weight.",
    "mom": "the momentum, updated in place (zeros of the weight's shape to start).",
    "weight32": "the float32 master copy of the weight, updated in place "
                "(`weight.astype('float32')` to start); the new weight is computed in it "
                "and rounded to the weight's dtype.",
    "lr": "the learning rate (required).",
    "momentum": "the momentum's decay rate; 0 (the default) is plain SGD.",
    "wd": "the weight decay (L2 regularisation) factor; 0 turns it off.",
    "rescale_grad": "multiplies the gradient before anything else (Gluon's Trainer passes "
                    "1 / batch_size).",
    "clip_gradient": "clips the rescaled gradient to [-clip_gradient, clip_gradient]; a "
                     "negative value (the default -1) turns clipping off, while 0 clips every "
                     "gradient to 0 (as MXNet's kernels do).",
    "lazy_update": "MXNet's lazy update of the rows of a row_sparse gradient: accepted and "
                   "ignored (ndsh's arrays are dense, where it changes nothing).",
    "out": "the array to write the new weight into, usually the weight itself "
           "(`out=weight`); it is returned. Without it a new array is returned and the weight "
           "is left as it was (the states are updated in place either way).",
}


# an mp_ op computes in float32 from weight32: the (float16) weight itself is not read
MP = {"weight": "the weight (float16, say): not read, since weight32 is; it gets the new value "
                "when it is also `out`.",
      "grad": "the gradient, of the weight's dtype."}


@functools.lru_cache(maxsize=None)
def _shared_row(name: str, text: str) -> list[str]:
    """A shared parameter's row, wrapped once (most update ops share most rows: wrapping each
    op's rows anew took a few milliseconds of every start-up)."""
    return textwrap.fill(f"{name}: {text}", 96, initial_indent="    ",
                         subsequent_indent="        ").split("\n")


def _documented(fn, shared=None):
    """Complete the docstring's Parameters section (which comes right before Example:): a row
    for each parameter of the signature, in its order, the docstring's own where it has one,
    else the shared one (`shared`, then _SHARED)."""
    shared = {**_SHARED, **(shared or {})}
    doc = inspect.cleandoc(fn.__doc__)
    head, example_header, example = doc.partition("\n\nExample:")
    head, _, section = head.partition("\n\nParameters:\n")
    own: dict[str, list[str]] = {}           # a name -> the lines of the row naming it
    for line in section.split("\n") if section else ():
        if not line.startswith("     "):
            row = [line]
            for name in line.partition(":")[0].split(","):
                own[name.strip().lstrip("*")] = row
        else:
            row.append(line)
    rows: list[list[str]] = []
    for name in inspect.signature(fn).parameters:
        if name in own:
            if own[name] not in rows:
                rows.append(own[name])
        elif name in shared:
            rows.append(_shared_row(name, shared[name]))
    lines = [line for row in rows for line in row]
    fn.__doc__ = "\n".join([head, "", "Parameters:", *lines]) + example_header + example
    return fn


def update_op(shared=None, **kwargs):
    """Register an optimizer update op: a function over NDArrays, with no gradient; `shared`
    adds to (or overrides) the parameter descriptions of _SHARED."""
    def register(fn):
        return op(kind="function", grad=False, **kwargs)(_documented(fn, shared))
    return register


# ----- checks -----------------------------------------------------------------------------
def _listed(names) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def check_arrays(op_name: str, arrays: dict, float32=(), free_shape=()):
    """Check an update's arrays before anything is written: NDArrays on one device, of the
    weight's shape (but those in `free_shape`) and dtype (but those in `float32`, which must
    be float32), a floating-point one. Returns (context, array module, the weight's dtype)."""
    for name, a in arrays.items():
        if not isinstance(a, NDArray):
            raise NotAnArray(f"{op_name}: {name} must be an NDArray, not a {type(a).__name__}")
    names = list(arrays)
    weight = arrays[names[0]]
    ctx, shape, dtype = weight._ctx, weight._data.shape, weight._data.dtype
    if dtype.kind != "f":
        raise TypeError(f"{op_name}: the weight is {dtype.name}, but this operation supports "
                        f"floating-point types only: convert with .astype('float32')")
    for name in names[1:]:
        a = arrays[name]
        data = a._data
        if a._ctx is not ctx:
            check_contexts(op_name, ctx, a._ctx)
        if data.shape != shape and name not in free_shape:
            shaped = [n for n in names if n not in free_shape]
            raise ValueError(
                f"{op_name}: {name} has shape {data.shape}, but {names[0]} has shape "
                f"{shape}: {_listed(shaped)} must {'all ' if len(shaped) > 2 else ''}have "
                f"the same shape (they are updated element by element; nothing is broadcast)")
        if data.dtype != (FLOAT32 if name in float32 else dtype):
            typed = [n for n in names if n not in float32]
            if name in float32:
                raise TypeError(
                    f"{op_name}: {name} is {data.dtype.name}, but it must be float32 "
                    f"whatever the weight's dtype ({dtype.name}): convert it with "
                    f".astype('float32')")
            raise TypeError(
                f"{op_name}: {name} is {data.dtype.name} but {names[0]} is {dtype.name}; "
                f"{_listed(typed)} must share one dtype (ndsh, like MXNet, does not promote "
                f"types). Convert {name} with `.astype('{dtype.name}')`.")
    return ctx, ctx.xp, dtype


def claim(op_name: str, out, shape, dtype, ctx, states: dict) -> None:
    """Refuse, before anything is written, an `out=` that cannot hold the result and any array
    the op would write that is part of a recorded graph while recording."""
    if out is not None:
        if not isinstance(out, NDArray):
            raise TypeError(f"{op_name}: out= must be an NDArray, not {type(out).__name__}")
        if out._data.shape != shape or out._data.dtype != dtype:
            raise ValueError(
                f"{op_name}: out= has shape {out._data.shape} and dtype {out._data.dtype.name}, "
                f"but the result has shape {shape} and dtype {np.dtype(dtype).name}")
        if out._ctx is not ctx:
            check_contexts(op_name, ctx, out._ctx)
        check_writable(out, f"{op_name}(out=...)")
    for name, state in states.items():
        check_writable(state, f"{op_name} (which updates {name} in place)")


def target_for(xp, out, like):
    """The buffer the result is computed into: out='s own, or a new one."""
    return out._data if out is not None else xp.empty_like(like)


def finish(out, data, ctx, states=()):
    """Note the in-place writes (so that autograd sees them) and return the result."""
    for state in states:
        note_write(state)
    if out is None:
        return new_array(data, ctx)
    if data is not out._data:
        out._data[...] = data
    note_write(out)
    return out


def number(op_name: str, name: str, value, dtype=FLOAT32, single: bool = True):
    """A float parameter as MXNet holds it (a C float, or a double where `single` is False),
    then in the dtype the kernel computes in."""
    try:
        value = float(value)
    except (builtins.TypeError, builtins.ValueError):
        raise TypeError(f"{op_name}: {name} must be a number, not {value!r}") from None
    if dtype is FLOAT32:        # the common case, one conversion (the same value)
        return np.float32(value)
    return dtype.type(np.float32(value) if single else value)


def required(op_name: str, name: str, value):
    if value is None:
        raise TypeError(f"{op_name}() missing the required argument {name!r}")
    return value


def scaled_grad(xp, grad, rescale, clip, lr=None, out=None):
    """lr * clip(rescale * grad), or (lr * rescale) * grad without clipping (the order of
    MXNet's kernels); without lr, clip(rescale * grad). It goes into `out` (a scratch buffer)
    or a new array; an mp_ op's gradient (float16, its parameters float32) turns float32."""
    if grad.dtype != rescale.dtype:
        if out is None:
            out = grad.astype(rescale.dtype)
        else:
            out[...] = grad
        grad = out
    if clip >= 0:
        g = xp.multiply(grad, rescale, out=out)
        xp.clip(g, -clip, clip, out=g)
        if lr is not None:
            g *= lr
        return g
    return xp.multiply(grad, rescale if lr is None else lr * rescale, out=out)


def momentum_step(xp, m, w, g, lr, momentum, wd, rescale, clip):
    """m = momentum*m - lr*wd*w - lr*clip(rescale*g), in place (w may be the float32 master
    copy, then g is turned float32), through one scratch array."""
    m *= momentum
    scratch = None
    if wd != 0:          # (skipped at 0: only an inf or NaN weight would notice)
        scratch = xp.multiply(w, lr * wd)
        m -= scratch
    m -= scaled_grad(xp, g, rescale, clip, lr, out=scratch)


def sign_of(xp, a):
    """(a > 0) - (a < 0) in a's dtype: MXNet's sign for the sign updates (NaN gives 0)."""
    s = xp.greater(a, 0).astype(a.dtype)
    s -= xp.less(a, 0)
    return s


def decayed_grad(xp, grad, weight, rescale, wd, clip, scratch):
    """clip(rescale*grad + wd*weight), a new array (Adam's, RMSProp's and FTML's gradient);
    `scratch`, an array of its shape and dtype, is overwritten."""
    g = xp.multiply(grad, rescale)
    if wd != 0:
        g += xp.multiply(weight, wd, out=scratch)
    if clip >= 0:
        xp.clip(g, -clip, clip, out=g)
    return g


def moments(xp, g, mean, var, beta1, beta2, scratch):
    """mean = beta1*mean + (1-beta1)*g and var = beta2*var + (1-beta2)*g*g, in place;
    `scratch` is overwritten."""
    mean *= beta1
    mean += xp.multiply(g, 1 - beta1, out=scratch)
    xp.multiply(g, 1 - beta2, out=scratch)
    scratch *= g
    var *= beta2
    var += scratch


def update_count(op_name: str, t) -> int:
    """The update count t, an int as MXNet parses it."""
    t = required(op_name, "t", t)
    try:
        value = float(t)
    except (builtins.TypeError, builtins.ValueError):
        value = float("nan")
    if not value.is_integer():
        raise TypeError(f"{op_name}: t (the update count) must be an integer, not {t!r}")
    return int(value)
