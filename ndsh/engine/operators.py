"""The operators of NDArray (`x + y`, `2 * x`, `x == y`, `x += y`): a specialised two-operand
version of invoke's per-call path, the hottest path of the engine (d2l's code is written with
operators). Split out of invoke.py, whose checks and helpers it shares.
"""
from __future__ import annotations

import builtins
import dis
import operator
import sys

import numpy as np

from ndsh.engine import hooks
from ndsh.engine.graph import (
    GHOST_MIN_SIZE,
    NO_KWARGS,
    STATE,
    Node,
    record_node,
    record_operands,
    write_into,
)
from ndsh.engine.invoke import as_backend_array, cast_scalar
from ndsh.engine.messages import bad_operand, check_contexts, dtype_mismatch, shape_mismatch
from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.ndarray import NDArray, is_scalar
from ndsh.engine.temporaries import (
    ELIDE_MIN_SIZE,
    TEMP_REFS_BINARY,
    TEMP_REFS_RIGHT,
    broadcasts_into,
    divide_as_multiply,
    reusable,
    right_takes_result,
    unread_by_gradient,
)

_ndarray_type = np.ndarray
_object_new = object.__new__


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
    # a Python number meets a float32 array as a float32 scalar (float32_scalar says why)
    typed = op.name in TYPED_SCALAR_OPS
    # a temporary's `t / 2**k` by a number: t * 2**-k in place, the same bits
    # (exact_reciprocal; only there: the check would cost the small path ~40 ns a division)
    divides = op.name == "divide" and not reflected

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
                    if dr.size >= ELIDE_MIN_SIZE and inplace is not None \
                            and getrefcount(other) == TEMP_REFS_RIGHT \
                            and right_takes_result(op, self, other, data, dr):
                        # the right operand is a temporary nobody can see again (d2l's sgd:
                        # `param - lr * param.grad / batch_size`): the result goes into its
                        # buffer, as numpy does for its own (test_fast_paths_temporaries).
                        # Skipped: a new buffer. Safe: right_takes_result checks the shape,
                        # the buffer's holders and that no gradient reads it
                        out = getattr(ctx.xp, inplace)(data, dr, out=dr)
                    elif direct is not None:
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
                    other = arg = cast_scalar(other, data.dtype)
                elif typed and data.dtype is _FLOAT32:
                    if data.__class__ is _ndarray_type:
                        arg = _F32_ARRAYS.get(other)
                        if arg is None:
                            arg = float32_array(other)
                    else:
                        arg = _F32_SCALARS.get(other)
                        if arg is None:
                            arg = float32_scalar(other)
                else:
                    arg = other
                if reflected:
                    if direct is not None:
                        out = direct(arg, data)
                    elif float_direct is not None and data.dtype.kind == "f":
                        out = float_direct(arg, data)
                    else:
                        out = fn(ctx.xp, arg, data)
                else:
                    if direct is not None:
                        out = direct(data, arg)
                    elif float_direct is not None and data.dtype.kind == "f":
                        out = float_direct(data, arg)
                    else:
                        out = fn(ctx.xp, data, arg)
            else:
                data = None
                return general(self, other, False)
            if out.__class__ is not _ndarray_type:
                out = as_backend_array(out, ctx.xp)
            result = _object_new(NDArray)
            result._data = out
            result._ctx = ctx
            result._node = None
            if mask:
                result._mask = True
            if STATE.recording and differentiable:
                if hooks.ACTIVE or data.size >= GHOST_MIN_SIZE \
                        or kind is NDArray and dr.size >= GHOST_MIN_SIZE:
                    record_operands(op, self, other, data, reflected, result,
                                    arg if kind is not NDArray else None)
                    return result
                # record_operands' small cases, inline (`x * y`, `b * 2` in a loop; a call
                # with its seven arguments is a third of its cost): the same Node
                # (test_fast_paths_speed compares them). Here an NDArray `other` is never
                # reflected (that goes to general), and neither operand is large.
                wants = self._node is not None or self._grad_req is not None \
                    and self._grad_req != "null"
                if kind is NDArray:
                    if other._node is not None or other._grad_req is not None \
                            and other._grad_req != "null":
                        parents = (0, 1) if wants else (1,)
                    elif wants:
                        parents = (0,)
                    else:
                        return result
                    node = _object_new(Node)
                    node.op = op
                    node.inputs, node.args, node.parents = (self, other), (data, dr), parents
                    node.same_shapes = data.shape == dr.shape     # (the dtypes: checked)
                elif wants:
                    node = _object_new(Node)
                    node.op = op
                    if reflected:
                        node.inputs, node.args, node.parents = (other, self), (arg, data), (1,)
                    else:
                        node.inputs, node.args, node.parents = (self, other), (data, arg), (0,)
                    node.same_shapes = True       # a number: the result is self's shape
                else:
                    return result
                node.params = ()
                node.kwargs = NO_KWARGS
                node.ans = out if op.needs_ans else None
                node.stamp = STATE.clock
                STATE.seq = node.seq = STATE.seq + 1
                node.freed = False
                node.where = None
                result._node = node
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
                if divides and (recip := divide_as_multiply(other, data)) is not None:
                    data = ctx.xp.multiply(data, recip, out=data)
                else:
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
        result._node = None
        if mask:
            result._mask = True
        if STATE.recording and differentiable:
            record_node(op, inputs, datas, (), NO_KWARGS, result)
        elif hooks.ACTIVE:
            hooks.on_unrecorded(op, inputs, result)
        return result

    method.__name__ = name
    return method


TYPED_SCALAR_OPS = frozenset(("add", "subtract", "multiply", "divide"))
_FLOAT32 = np.dtype(np.float32)
_F32_SCALARS: dict = {}       # Python number -> the same value as a float32 scalar
_F32_INT_EXACT = 1 << 24      # integers below this are exact in float32


def float32_scalar(value):
    """`value` (a Python float or int) as numpy's float32 scalar, for `x * 2`, `x / 3`, `lr * g`
    on a float32 array: numpy computes `x * 2` by casting the Python number to the array's
    dtype (NEP 50) and then multiplying, and with the number already a float32 scalar it skips
    the weak-scalar handling (about 0.15 us of 0.6 per op), giving the same bits; the recorded
    node keeps the scalar in its args, so the vjp (`g * 2`) skips it too. Only + - * /: power's
    and the comparisons' vjps look at the exponent's or the scalar's Python type. Values kept
    for the next call: finite non-zero ones (a dict would take -0.0 for 0.0), integers only
    where float32 holds them exactly; anything else outside float32's range comes back as it
    is, to numpy's own handling. test_fast_paths_speed compares the bits for + - * / with many
    scalars."""
    if value.__class__ is int and not -_F32_INT_EXACT < value < _F32_INT_EXACT \
            or not -1e30 < value < 1e30:
        return value
    typed = _FLOAT32.type(value)
    if value != 0 and len(_F32_SCALARS) < 4096:
        _F32_SCALARS[value] = typed
    return typed


_F32_ARRAYS: dict = {}        # Python number -> the same value as a read-only 0-d float32 array


def float32_array(value):
    """float32_scalar's value as a read-only 0-d numpy float32 array, for `x * 2`, `x / 3`,
    `lr * g` on a numpy float32 array: numpy's ufuncs take a 0-d array operand faster than a
    float32 scalar (0.28 against 0.44 us for a (4,) array: the scalar is first converted to
    an array), with the same float32 loop, so the same bits and warnings; the recorded node
    keeps it in its args, so the vjp (`g * 2`) is faster too. numpy arrays only: CuPy takes
    no numpy array as an operand (float32_scalar's scalar there). Read-only, as it is shared
    by every call with that number; kept as float32_scalar keeps them (the same dict rules).
    test_fast_paths_speed compares the bits for + - * / with many scalars.

    Example:
        >>> a = float32_array(2)
        >>> a.shape, a.dtype, a.flags.writeable
        ((), dtype('float32'), False)
    """
    array = _F32_ARRAYS.get(value)
    if array is not None:
        return array
    typed = float32_scalar(value)
    if typed.__class__ is not np.float32:
        return typed                    # out of float32's range: numpy's own handling
    array = np.array(typed)
    array.flags.writeable = False
    if value != 0 and len(_F32_ARRAYS) < 4096:
        _F32_ARRAYS[value] = array
    return array


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
