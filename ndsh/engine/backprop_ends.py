"""The two ends of a backward pass: the heads (checked, and their gradients: ones by
default) and the leaves (their gradients written into the .grad buffers by grad_req). Split out
of backprop.py, which walks the graph between them.
"""
from __future__ import annotations

import sys

import numpy as np

from ndsh.engine import backend
from ndsh.engine.graph import STATE, AutogradError, note_write
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array

_ndarray_type = np.ndarray

_NOT_RECORDED = (
    "{what} is not part of a recorded graph, so there is nothing to differentiate. Compute it "
    "inside `with autograd.record():` from arrays on which you called `attach_grad()` first "
    "(a result computed outside record, under autograd.pause(), or from inputs without "
    "attach_grad has no graph).")
_FREED = (
    "{what}: its graph was already used by an earlier backward and freed. Pass "
    "retain_graph=True to the first backward to differentiate the same graph twice, or "
    "recompute it under autograd.record().")
_ONLY_FREED = (
    "backward reached no array that wants a gradient: the graph below this result was freed "
    "by an earlier backward, and arrays computed in a freed graph count as constants (as in "
    "MXNet). Pass retain_graph=True to that earlier backward to differentiate through it "
    "again, or compute from arrays on which you called attach_grad().")


def _check_heads(heads) -> None:
    for h in heads:
        if not isinstance(h, NDArray):
            raise TypeError(f"backward needs NDArray heads, not {type(h).__name__}")
        if h._node is None:
            raise AutogradError(_NOT_RECORDED.format(what=f"The array (shape {h.shape}) you "
                                                     f"called backward on"))
        if h._node.freed:
            raise AutogradError(_FREED.format(what="backward on this array"))


_ONES: dict = {}     # read-only ones by (shape, dtype): the default head gradients
_LAST_ONES: list = [None, None, None, None]     # the last one asked for: shape, dtype, ctx, ones


def _ones(ctx, shape, dtype):
    last = _LAST_ONES
    if shape == last[0] and dtype is last[1] and ctx is last[2]:
        return last[3]                     # a training loop asks for the same one each step
    key = (shape, dtype, ctx)              # one per device: gpu(1) cannot read gpu(0)'s
    ones = _ONES.get(key)
    if ones is None:
        with ctx.device():
            ones = ctx.xp.ones(shape, dtype=dtype)
        backend.make_read_only(ones)    # vjps never write their g; nothing else may either
        if ones.size <= 4096 and len(_ONES) < 256:
            _ONES[key] = ones
    if ones.size <= 4096:
        last[0], last[1], last[2], last[3] = shape, dtype, ctx, ones
    return ones


def _head_grad(head: NDArray, given, create_graph: bool):
    xp = head._ctx.xp
    if given is None:
        if create_graph:
            return new_array(xp.ones(head._data.shape, dtype=head._data.dtype), head._ctx)
        return _ones(head._ctx, head._data.shape, head._data.dtype)
    if not isinstance(given, NDArray):
        raise TypeError(f"a head gradient must be an NDArray, not {type(given).__name__}")
    if given.shape != head.shape:
        raise ValueError(f"the head gradient has shape {given.shape} but its head has shape "
                         f"{head.shape}; they must match (MXNet reads past the end here, ndsh "
                         f"refuses)")
    if create_graph:
        return given
    data = given._data
    return data if data.dtype == head._data.dtype else data.astype(head._data.dtype)


IN_BUFFER = object()     # a leaf gradient already written into the leaf's .grad buffer


INTO_MIN_SIZE = 1 << 16     # below this, a buffer costs less to allocate than to check


def write_leaf_grads(leaf_grads) -> None:
    """Write the gradients run_backward found into the leaves' .grad buffers (by grad_req)."""
    state = STATE
    for entry in leaf_grads.values():
        leaf, g = entry
        buf = leaf._grad
        if buf is None:
            continue
        req = leaf._grad_req
        if req == "write" and g.__class__ is _ndarray_type and g.size < INTO_MIN_SIZE:
            # the common case (a small fresh gradient): the copy below and note_write, inline
            entry[1] = None
            buf._data[...] = g
            g = None
            leaf._fresh_grad = True
            state.clock = clock = state.clock + 1
            if buf._base is None:
                buf._version = clock
            else:
                buf._base._version = clock
            continue
        if req == "null":
            continue
        if g is None:
            if req == "write":
                buf._data[...] = 0
            leaf._fresh_grad = True
            continue
        if g is IN_BUFFER:
            entry[1] = buf._data
            leaf._fresh_grad = True
            note_write(buf)
            continue
        if isinstance(g, NDArray):
            g = g._data
        entry[1] = None
        if req == "add":
            buf._data += g
        elif g.size >= INTO_MIN_SIZE and _owned(g, buf._data):
            buf._data = g      # a fresh gradient nobody else holds: keep it, skip the copy
        else:
            buf._data[...] = g
        g = None
        leaf._fresh_grad = True
        note_write(buf)


def _owned(g, old) -> bool:
    """Whether `g` can replace the gradient buffer `old`: g is a fresh array referenced only
    here, and nothing (no view, no user reference) still looks at old's memory."""
    return (type(g) is type(old) and g.flags.owndata and g.flags.c_contiguous
            and getattr(g.flags, "writeable", True)
            and g.dtype == old.dtype and g.shape == old.shape
            and old.flags.owndata and sys.getrefcount(g) <= 3 and sys.getrefcount(old) <= 3)
