"""The per-call path of every primitive op: unwrap NDArrays, check dtypes and contexts, run the
forward on the context's array module, wrap the result, record a Node when autograd needs one.

This path is measured (scripts/bench.py): no signature binding per call, one flag test for
recording, one for hooks, and operators (`x + y`) get a specialised two-operand version
(ndsh/engine/operators.py).
"""
from __future__ import annotations

import builtins
import sys

import numpy as np

from ndsh.engine import backend, hooks
from ndsh.engine.graph import (
    GHOST_MIN_SIZE,
    STATE,
    Node,
    record_node,
    record_one,
    record_operands,
    root_of,
    write_into,
)
from ndsh.engine.messages import (  # noqa: F401  (re-exported for the ops)
    NotAnArray,
    bad_input,
    bad_operand,
    check_contexts,
    context_mismatch,
    dtype_mismatch,
    shape_mismatch,
)
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, is_scalar
from ndsh.engine.temporaries import (
    ELIDE_MIN_SIZE,
    TEMP_REFS_UNARY,
    reusable,
    unread_by_gradient,
)

_ndarray_type = np.ndarray
_object_new = object.__new__
# make_callable's elementwise branch records a node without record_one's large-input test
assert ELIDE_MIN_SIZE <= GHOST_MIN_SIZE


def cast_scalar(value, dtype):
    """A Python or numpy scalar in the array's dtype: MXNet casts scalars, it never promotes."""
    if dtype.kind == "f" and (type(value) is float or type(value) is int):
        return value
    try:
        return dtype.type(value)
    except (OverflowError, builtins.ValueError, builtins.TypeError):
        value = np.array(value)
        if dtype.kind in "iu" and value.dtype.kind == "f":
            value = value.astype(np.int64)      # truncate, then wrap: MXNet's -1.5 -> 255
        return value.astype(dtype)[()]


def as_backend_array(data, xp):
    """numpy returns scalars for 0-d results; the engine always holds arrays."""
    if data.__class__ is _ndarray_type or backend.is_backend_array(data):
        return data
    return xp.asarray(data)


# ----- writes -----------------------------------------------------------------------------
def mark_view(result: NDArray, source: NDArray) -> None:
    """Note that result shares source's memory, so writes through either bump one version."""
    data, host = result._data, source._data
    if data.__class__ is _ndarray_type and host.__class__ is _ndarray_type and data.size \
            and data.base is not None and (data.base is host or data.base is host.base):
        # numpy's view of source (x.reshape(s), x[1:]): a view op's result lies in source's
        # memory, whose owner is its base; may_share_memory would say so after a bounds check
        # (an empty view shares nothing: it goes there)
        result._base = source._base if source._base is not None else source
    elif result._ctx.xp.may_share_memory(data, host):
        result._base = source._base if source._base is not None else source


def write_out(op_name: str, out, result: NDArray) -> NDArray:
    """Put an op's result into the caller's `out=` array and return it (MXNet returns `out`)."""
    if not isinstance(out, NDArray):
        raise TypeError(f"{op_name}: out= must be an NDArray, not {type(out).__name__}")
    if out.shape != result.shape or out._data.dtype != result._data.dtype:
        raise ValueError(
            f"{op_name}: out= has shape {out.shape} and dtype {out._data.dtype.name}, but the "
            f"result has shape {result.shape} and dtype {result._data.dtype.name}")
    if out._ctx is not result._ctx:
        check_contexts(op_name, result._ctx, out._ctx)
    write_into(out, result._data, f"{op_name}(out=...)")
    node = result._node
    if node is not None:
        out._node = node
        # the write made the node's output: stamp it after it, or backward would take its own
        # result for an array changed in place (unless out is also an input, which it changed)
        target = root_of(out)
        if not any(type(a) is NDArray and root_of(a) is target for a in node.inputs):
            node.stamp = STATE.clock
    return out


# ----- the generic call -------------------------------------------------------------------
PYTHON_NUMBERS = (int, float, np.generic)     # MXNet's numeric_types (bool is an int)


def unwrap(op, inputs):
    """(context, data list) for an op's array inputs, checking types, dtypes and contexts."""
    ctx = dtype = None
    datas = []
    has_scalar = False
    for a in inputs:
        if isinstance(a, NDArray):
            d = a._data
            if ctx is None:
                ctx, dtype = a._ctx, d.dtype
            else:
                if a._ctx is not ctx:
                    check_contexts(op.name, ctx, a._ctx)
                if op.same_dtype and d.dtype != dtype:
                    raise dtype_mismatch(op.name, dtype, d.dtype)
            datas.append(d)
        elif op.scalar_inputs and is_scalar(a):
            datas.append(a)
            has_scalar = True
        else:
            raise bad_input(op.name, a)
    if ctx is None:
        raise TypeError(f"{op.name}: needs at least one NDArray argument, got "
                        f"{', '.join(type(a).__name__ for a in inputs) or 'none'}")
    if has_scalar:
        datas = [d if isinstance(inp, NDArray) else cast_scalar(d, dtype)
                 for d, inp in zip(datas, inputs)]
    return ctx, datas


def float_call(forward, xp, data):
    """An elementwise op on float data, as its fn computes it (ops/elementwise.py's _unary:
    integers go through float64 there, floats straight to forward): forward, then the result
    cast back to the input's dtype if forward changed it. It skips fn's frame and its integer
    test; test_fast_paths compares it with fn for every elementwise op and float dtype."""
    result = forward(xp, data)
    return result if result.dtype is data.dtype or result.dtype == data.dtype \
        else result.astype(data.dtype)


def _keyword_inputs(op, args, kwargs):
    """Move array inputs given by keyword (`nd.dot(lhs=a, rhs=b)`) into position."""
    args = list(args)
    for name in op.input_names[len(args):]:
        if name not in kwargs:
            break
        args.append(kwargs.pop(name))
    return tuple(args), kwargs


def make_callable(op, numbers=None):
    """The public function for a primitive op: `nd.exp(x)`, `nd.dot(a, b, out=c)`... With
    `numbers` (ops/python_numbers.py), a call on two Python numbers returns numbers(lhs, rhs),
    as MXNet's nd.add(1, 2) does; it is tried only where the call would otherwise fail."""
    fn, nin, name, inplace = op.fn, op.nin, op.name, op.inplace
    # read once here, not from the record at every call
    one_input, mask, view, differentiable = nin == 1, op.mask_result, op.returns_view, \
        op.differentiable
    # an elementwise op's forward on float data (ops/elementwise.py's _unary): see float_call;
    # a reduction's own forward (ops/reduce.py's _whole: x.sum(), b.norm())
    float_forward = getattr(fn, "float_forward", None)
    two_inputs, same_dtype = nin == 2, op.same_dtype
    getrefcount = sys.getrefcount
    # the first branch of call: one float array through float_forward, nothing else to do
    elementwise = one_input and float_forward is not None and not mask and not view
    # an elementwise op proper (not a whole reduction): its result has its input's shape,
    # and the branch below casts it to the input's dtype (graph.Node.same_shapes)
    keeps_shape = getattr(fn, "keeps_shape", False) is True

    def call(*args, out=None, **kwargs):
        if elementwise and len(args) == 1 and out is None and not kwargs:
            first = args[0]
            if type(first) is NDArray and first._data.__class__ is _ndarray_type \
                    and first._data.dtype.kind == "f" and first._data.size < ELIDE_MIN_SIZE:
                # an elementwise op or a whole reduction on one small float numpy array
                # (x.exp(), nd.relu(x), b.norm()): the branch below less what cannot apply
                # (parameters, keywords, out=, a temporary's buffer to reuse, which needs
                # ELIDE_MIN_SIZE elements, a backend other than numpy); test_fast_paths_speed
                # compares the two
                ctx = first._ctx
                data = first._data
                result = float_forward(ctx.xp, data)
                if result.dtype is not data.dtype and result.dtype != data.dtype:
                    result = result.astype(data.dtype)
                if result.__class__ is not _ndarray_type:
                    result = as_backend_array(result, ctx.xp)
                array = _object_new(NDArray)
                array._data = result
                array._ctx = ctx
                array._node = None
                if STATE.recording and differentiable:
                    if first._node is None and (first._grad_req is None
                                                or first._grad_req == "null"):
                        pass                    # no gradient wanted: nothing to record
                    elif hooks.ACTIVE:
                        record_node(op, args, (data,), (), kwargs, array)
                    else:
                        # graph.record_one's node, written here (a call with its six
                        # arguments is a third of its cost): the same fields
                        # (test_fast_paths_speed compares); its large-input test cannot
                        # apply (this branch takes fewer than ELIDE_MIN_SIZE <=
                        # GHOST_MIN_SIZE elements)
                        node = _object_new(Node)
                        node.op = op
                        node.inputs = args
                        node.args = (data,)
                        node.params = ()
                        node.kwargs = kwargs
                        node.ans = result if op.needs_ans else None
                        node.parents = (0,)
                        state = STATE
                        node.stamp = state.clock
                        state.seq = seq = state.seq + 1
                        node.seq = seq
                        node.freed = False
                        node.where = None
                        node.same_shapes = keeps_shape
                        array._node = node
                elif hooks.ACTIVE:
                    hooks.on_unrecorded(op, args, array)
                return array
        if kwargs and "name" in kwargs:       # MXNet's symbol name: nothing to name here
            kwargs = {k: v for k, v in kwargs.items() if k != "name"}
        if one_input and args and type(args[0]) is NDArray:
            # the common case (x.exp(), nd.sum(x, axis=1)): one array, then parameters
            first = args[0]
            temporary = (inplace is not None and getrefcount(first) == TEMP_REFS_UNARY
                         and len(args) == 1 and out is None and not kwargs
                         and reusable(first._data))
            ctx = first._ctx
            data = first._data
            datas = (data,)
            if len(args) == 1:
                inputs, params = args, ()
            else:
                inputs, params = args[:1], args[1:]
            if temporary and unread_by_gradient(op, inputs, 0):
                data = (getattr(ctx.xp, inplace)(data, out=data) if type(inplace) is str
                        else inplace(ctx.xp, data))
            elif params or kwargs:
                data = fn(ctx.xp, data, *params, **kwargs)
            elif float_forward is not None and data.dtype.kind == "f":
                # float_call's body, inline (a frame is what it saves)
                result = float_forward(ctx.xp, data)
                data = result if result.dtype is data.dtype or result.dtype == data.dtype \
                    else result.astype(data.dtype)
                result = None
            else:
                data = fn(ctx.xp, data)
        elif two_inputs and not kwargs and len(args) == 2 and type(args[0]) is NDArray \
                and type(args[1]) is NDArray:
            # two arrays and nothing else (nd.dot(X, w), x.take(idx)): unwrap's checks for
            # exactly that, in its order (context, then dtype), without its general loop
            inputs, params = args, ()
            first, second = args
            ctx = first._ctx
            datas = d0, d1 = first._data, second._data
            if second._ctx is not ctx:
                check_contexts(name, ctx, second._ctx)
            if same_dtype and d0.dtype is not d1.dtype and d0.dtype != d1.dtype:
                raise dtype_mismatch(name, d0.dtype, d1.dtype)
            try:
                data = fn(ctx.xp, d0, d1)
            except builtins.ValueError as error:
                if "broadcast" not in str(error):
                    raise
                raise shape_mismatch(name, d0.shape, d1.shape, error=error) from None
        else:
            if kwargs and op.input_names:
                args, kwargs = _keyword_inputs(op, args, kwargs)
            if nin >= 0:
                if len(args) < nin:
                    raise TypeError(f"{name}() needs {nin} array argument(s) "
                                    f"({', '.join(op.input_names)}), got {len(args)}")
                inputs, params = args[:nin], args[nin:]
            else:
                if len(args) == 1 and isinstance(args[0], (list, tuple)):
                    raise NotAnArray(f"{name}: pass the arrays as separate arguments, "
                                     f"`{name}(*arrays)`, not a list")
                inputs, params = args, ()
            try:
                ctx, datas = unwrap(op, inputs)
            except TypeError:
                if numbers is None or params or kwargs or out is not None or len(inputs) != 2 \
                        or not all(isinstance(a, PYTHON_NUMBERS) for a in inputs):
                    raise
                return numbers(*inputs)
            try:
                data = fn(ctx.xp, *datas, *params, **kwargs)
            except builtins.ValueError as error:
                if "broadcast" not in str(error):
                    raise
                raise shape_mismatch(name, *(getattr(d, "shape", ()) for d in datas),
                                     error=error) from None
        if data.__class__ is not _ndarray_type:
            data = as_backend_array(data, ctx.xp)
        result = _object_new(NDArray)
        result._data = data
        result._ctx = ctx
        result._node = None
        if mask:
            result._mask = True
        elif view:
            mark_view(result, inputs[0])
        if STATE.recording and differentiable:
            if len(inputs) == 1:
                record_one(op, inputs, datas, params, kwargs, result)
            elif len(inputs) == 2 and not params and not kwargs \
                    and type(inputs[0]) is NDArray and type(inputs[1]) is NDArray:
                record_operands(op, inputs[0], inputs[1], datas[0], False, result)
            else:
                record_node(op, inputs, datas, params, kwargs, result)
        elif hooks.ACTIVE:
            hooks.on_unrecorded(op, inputs, result)
        if out is not None:
            return write_out(name, out, result)
        return result

    call.__name__ = name
    call.__qualname__ = name
    call.__doc__ = op.fn.__doc__
    call.accepts_out = True
    call.op = op
    return call


def make_same_shape_callable(op, alias: str):
    """MXNet's elemwise_* names: the same op, but the shapes must be identical."""
    def call(*args, out=None, **kwargs):
        shapes = [a.shape for a in args if isinstance(a, NDArray)]
        if len(set(shapes)) > 1:
            raise ValueError(f"{alias}: the inputs have shapes "
                             f"{' and '.join(map(str, shapes))}; {alias} needs identical shapes "
                             f"(it does not broadcast: use broadcast_{alias.split('_')[-1]} or "
                             f"the operator)")
        return op.call(*args, out=out, **kwargs)

    call.__name__ = alias
    call.__doc__ = op.fn.__doc__
    call.op = op
    return call
