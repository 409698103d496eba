"""The per-call path of every primitive op: unwrap NDArrays, check dtypes and contexts, run the
forward on the context's array module, wrap the result, record a Node when autograd needs one.

This path is measured (scripts/bench.py): no signature binding per call, one flag test for
recording, one for hooks, and operators (`x + y`) get a specialised two-operand version.
"""
from __future__ import annotations

import builtins
import dis
import operator
import sys
import weakref

import numpy as np

from ndsh.engine import backend, hooks
from ndsh.engine.graph import GHOST_MIN_SIZE, STATE, Node, record_node, root_of, write_into
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
    TEMP_REFS_BINARY,
    TEMP_REFS_UNARY,
    broadcasts_into,
    reusable,
    unread_by_gradient,
)

_ndarray_type = np.ndarray
_object_new = object.__new__
_NO_KWARGS: dict = {}


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
    if result._ctx.xp.may_share_memory(result._data, source._data):
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
        node.out = weakref.ref(out)
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
    # an elementwise op's forward on float data (ops/elementwise.py's _unary): see float_call
    float_forward = getattr(fn, "float_forward", None)
    two_inputs, same_dtype = nin == 2, op.same_dtype
    getrefcount = sys.getrefcount

    def call(*args, out=None, **kwargs):
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
        if mask:
            result._mask = True
        elif view:
            mark_view(result, inputs[0])
        if STATE.recording and differentiable:
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


_BINARY_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul,
                     "/": operator.truediv, "**": operator.pow, "%": operator.mod,
                     # Python < 3.11 spells each operator as its own instruction
                     "BINARY_ADD": operator.add, "BINARY_SUBTRACT": operator.sub,
                     "BINARY_MULTIPLY": operator.mul, "BINARY_TRUE_DIVIDE": operator.truediv,
                     "BINARY_POWER": operator.pow, "BINARY_MODULO": operator.mod}
_NO_EFFECT = frozenset(("RESUME", "NOP", "CACHE", "EXTENDED_ARG"))


def direct_operator(fn):
    """The operator (operator.add...) when fn's whole body is `return a + b` over its two array
    parameters (after xp), else None. The operator path then calls it without fn's frame: the
    same call, read from the bytecode, so it cannot differ from fn (test_fast_paths checks)."""
    code = fn.__code__
    if code.co_argcount != 3 or code.co_kwonlyargcount or code.co_flags & 0x0C:
        return None
    body = [ins for ins in dis.get_instructions(code) if ins.opname not in _NO_EFFECT]
    loaded = []          # LOAD_FAST, or 3.13's LOAD_FAST_LOAD_FAST (a pair), or 3.14's BORROW
    while body and body[0].opname.startswith("LOAD_FAST"):
        argval = body.pop(0).argval
        loaded.extend(argval if isinstance(argval, tuple) else (argval,))
    if loaded != list(code.co_varnames[1:3]) or len(body) != 2 \
            or body[1].opname != "RETURN_VALUE":
        return None
    binary = body[0]
    return _BINARY_OPERATORS.get(binary.argrepr if binary.opname == "BINARY_OP"
                                 else binary.opname)


def make_operator(op, reflected: bool = False):
    """A fast two-operand path for `x + y`, `2 * x`, `x == y` and their reflected forms."""
    fn, name, mask, differentiable = op.fn, op.name, op.mask_result, op.differentiable
    # `return lhs + rhs` as the whole forward: call the operator itself, one Python frame less
    direct = direct_operator(fn)
    # a forward that is one operator on float operands only (divide: integers truncate)
    float_direct = getattr(fn, "float_operator", None)
    inplace, self_index = op.inplace, 1 if reflected else 0
    getrefcount = sys.getrefcount

    def method(self, other):
        if inplace is None or getrefcount(self) != TEMP_REFS_BINARY \
                or self._data.size < ELIDE_MIN_SIZE:
            # self is not a temporary whose buffer could take the result (or the op has no
            # in-place form, or self is too small for reusable()): the two common operand
            # kinds are handled here, with the general path's checks in the same order and no
            # buffer reuse to consider
            kind = type(other)
            data = self._data
            if kind is NDArray and not reflected:
                dr = other._data
                if data.dtype is not dr.dtype and data.dtype != dr.dtype:
                    raise dtype_mismatch(name, data.dtype, dr.dtype)
                ctx = self._ctx
                if other._ctx is not ctx:
                    check_contexts(name, ctx, other._ctx)
                try:
                    if direct is not None:
                        out = direct(data, dr)
                    elif float_direct is not None and data.dtype.kind == "f":
                        out = float_direct(data, dr)
                    else:
                        out = fn(ctx.xp, data, dr)
                except builtins.ValueError as error:
                    raise shape_mismatch(name, data.shape, dr.shape, error=error) from None
            elif kind is float or kind is int:
                ctx = self._ctx
                if data.dtype.kind != "f":
                    other = cast_scalar(other, data.dtype)
                if reflected:
                    if direct is not None:
                        out = direct(other, data)
                    elif float_direct is not None and data.dtype.kind == "f":
                        out = float_direct(other, data)
                    else:
                        out = fn(ctx.xp, other, data)
                else:
                    if direct is not None:
                        out = direct(data, other)
                    elif float_direct is not None and data.dtype.kind == "f":
                        out = float_direct(data, other)
                    else:
                        out = fn(ctx.xp, data, other)
            else:
                data = None
                return general(self, other, False)
            if out.__class__ is not _ndarray_type:
                out = as_backend_array(out, ctx.xp)
            result = _object_new(NDArray)
            result._data = out
            result._ctx = ctx
            if mask:
                result._mask = True
            if STATE.recording and differentiable:
                _record_operands(op, self, other, data, reflected, result)
            elif hooks.ACTIVE:
                hooks.on_unrecorded(op, (other, self) if reflected else (self, other), result)
            return result
        return general(self, other, True)

    def general(self, other, temporary):
        """Any operands; `temporary`: self is a temporary whose buffer may take the result."""
        kind = type(other)
        if kind is NDArray:
            left, right = (other, self) if reflected else (self, other)
            dl, dr = left._data, right._data
            if dl.dtype != dr.dtype:
                raise dtype_mismatch(name, dl.dtype, dr.dtype)
            ctx = left._ctx
            if right._ctx is not ctx:
                check_contexts(name, ctx, right._ctx)
            if temporary:
                # the result must fit the temporary's buffer: same shape, or the other
                # operand broadcasts into it (z + b with a bias b)
                same_shape = dl.shape == dr.shape or broadcasts_into(self._data.shape, dl.shape,
                                                           dr.shape)
                dl = dr = None              # so that only the arrays hold their buffers
                temporary = same_shape and reusable(self._data)
                dl, dr = left._data, right._data
            if temporary and unread_by_gradient(op, (left, right), self_index):
                data = getattr(ctx.xp, inplace)(dl, dr, out=self._data)
            else:
                try:
                    data = fn(ctx.xp, dl, dr)
                except builtins.ValueError as error:
                    raise shape_mismatch(name, dl.shape, dr.shape, error=error) from None
            inputs = (left, right)
            datas = (dl, dr)
        elif kind is float or kind is int or is_scalar(other):
            ctx = self._ctx
            temporary = temporary and reusable(self._data)
            data = self._data
            dtype = data.dtype
            if dtype.kind != "f" or (kind is not float and kind is not int):
                other = cast_scalar(other, dtype)
            if reflected:
                datas = (other, data)
                inputs = (other, self)
            else:
                datas = (data, other)
                inputs = (self, other)
            if temporary and unread_by_gradient(op, inputs, self_index):
                data = getattr(ctx.xp, inplace)(*datas, out=data)
            elif direct is not None:
                data = direct(*datas)
            else:
                data = fn(ctx.xp, *datas)
        else:
            raise bad_operand(name, self, other)
        if data.__class__ is not _ndarray_type:
            data = as_backend_array(data, ctx.xp)
        result = _object_new(NDArray)
        result._data = data
        result._ctx = ctx
        if mask:
            result._mask = True
        if STATE.recording and differentiable:
            record_node(op, inputs, datas, (), _NO_KWARGS, result)
        elif hooks.ACTIVE:
            hooks.on_unrecorded(op, inputs, result)
        return result

    method.__name__ = name
    return method


def _record_operands(op, self, other, data, reflected, result) -> None:
    """graph.record_node for the operator path's two operands (`x * y`, `b * 2`, `2 * x`):
    `self` an NDArray with host-sized `data`, `other` an NDArray or a Python number. It builds
    the same Node (test_fast_paths compares the two), without record_node's loop over the
    inputs: the operands' two tests are written out. Large operands (whose unread inputs
    record_node replaces with shape-only stand-ins) and listeners go to record_node."""
    if other.__class__ is NDArray:
        inputs, args = (self, other), (data, other._data)
        if other._node is not None or other._grad_req is not None and other._grad_req != "null":
            parents = (0, 1) if self._node is not None or self._grad_req is not None \
                and self._grad_req != "null" else (1,)
        elif self._node is not None or self._grad_req is not None and self._grad_req != "null":
            parents = (0,)
        else:
            return
        large = data.size >= GHOST_MIN_SIZE or args[1].size >= GHOST_MIN_SIZE
    else:
        if self._node is None and (self._grad_req is None or self._grad_req == "null"):
            return
        if reflected:
            inputs, args, parents = (other, self), (other, data), (1,)
        else:
            inputs, args, parents = (self, other), (data, other), (0,)
        large = data.size >= GHOST_MIN_SIZE
    if large or hooks.ACTIVE:
        record_node(op, inputs, args, (), _NO_KWARGS, result)
        return
    node = _object_new(Node)
    node.op = op
    node.inputs = inputs
    node.args = args
    node.params = ()
    node.kwargs = _NO_KWARGS
    node.out = _weakref(result)
    node.ans = result._data if op.needs_ans else None
    node.parents = parents
    state = STATE
    node.stamp = state.clock
    state.seq = seq = state.seq + 1
    node.seq = seq
    node.freed = False
    node.where = None
    result._node = node


_weakref = weakref.ref


def make_inplace(op):
    """`x += y`: compute, then write into x's memory (x keeps its id, as in MXNet)."""
    forward = make_operator(op)

    def method(self, other):
        result = forward(self, other)
        if result.shape != self.shape:
            raise ValueError(f"{op.name} in place: the result has shape {result.shape}, which "
                             f"cannot be written into the left operand's shape {self.shape}")
        write_into(self, result._data, f"in-place {op.name}", value=result)
        return self

    return method
