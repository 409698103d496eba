"""Reusing the buffers of temporaries: `(x * 2 + 1).exp()` on a large array writes `+ 1` and
`.exp()` into the buffer of `x * 2`, which nobody can see again, as numpy does for its own
temporaries (and a temporary divided by 2**k is multiplied by 2**-k there: exact_reciprocal). A
temporary is recognised by its reference count, measured at import for the exact call shapes of
ndsh.engine.invoke and .operators (a named array always has one more)."""
from __future__ import annotations

import math
import sys

import numpy as np

from ndsh.engine.graph import STATE, parent_indices
from ndsh.engine.registry import kept_inputs

ELIDE_MIN_SIZE = 1 << 16          # below this, allocation is cheaper than the checks


def _refcount_baselines():
    """(binary, unary, right): the reference count a temporary operand shows in our operator
    methods (as self; as the right operand `other`) and in an op's public function; 0 where the
    interpreter is not consistent (never reuse)."""
    class Probe:
        def __add__(self, other):
            return sys.getrefcount(self)

        def __radd__(self, other):
            return sys.getrefcount(self)

        def __sub__(self, other):           # the right operand's count
            return sys.getrefcount(other)

    def call(*args, out=None, **kwargs):
        first = args[0]
        return sys.getrefcount(first)

    Probe.call = call
    named = Probe()
    binary = {Probe() + 1, 1 + Probe()}
    unary = {call(Probe()), Probe().call()}
    right = {named - Probe(), Probe() - Probe()}
    if len(binary) != 1 or len(unary) != 1 or named + 1 in binary or call(named) in unary \
            or len(right) != 1 or named - named in right or Probe() - named in right:
        return 0, 0, 0
    return binary.pop(), unary.pop(), right.pop()


TEMP_REFS_BINARY, TEMP_REFS_UNARY, TEMP_REFS_RIGHT = _refcount_baselines()


def _data_refs():
    data = np.zeros(1)
    return sys.getrefcount(data) + 1   # as seen in reusable(): + the NDArray's slot


OWNED_DATA_REFS = _data_refs()


class _Holder:
    __slots__ = ("data",)


def _count(data):
    return sys.getrefcount(data)


def _held_data_refs():
    holder = _Holder()
    holder.data = np.zeros(1)
    data = holder.data
    return _count(data)


# as seen in right_takes_result(): the NDArray's slot, + the caller's one local variable
HELD_DATA_REFS = _held_data_refs()


def broadcasts_into(shape, a_shape, b_shape) -> bool:
    try:
        return np.broadcast_shapes(a_shape, b_shape) == shape
    except ValueError:
        return False


def reusable(data) -> bool:
    """Whether an op may write its result into `data`, the buffer of a temporary operand,
    passed straight from the array (`reusable(x._data)`, no local variable holding it)."""
    return (data.size >= ELIDE_MIN_SIZE and data.dtype.kind == "f" and data.flags.owndata
            and getattr(data.flags, "writeable", True) and sys.getrefcount(data) == OWNED_DATA_REFS)


def unread_by_gradient(op, inputs, index: int) -> bool:
    """While recording, a temporary may be overwritten only if no gradient reads it."""
    if not STATE.recording:
        return True
    kept = kept_inputs(op, parent_indices(inputs))
    return kept is not None and index not in kept


def right_takes_result(op, left, right, dl, dr) -> bool:
    """Whether `left <op> right` may be written into the buffer `dr` of `right`, a temporary
    (its reference count checked by the caller, which holds `dr` in one local variable): the
    result has dr's shape and dtype, nobody else holds dr, and no gradient reads it."""
    return ((dl.shape == dr.shape or broadcasts_into(dr.shape, dl.shape, dr.shape))
            and sys.getrefcount(dr) == HELD_DATA_REFS and _reusable_kind(dr)
            and unread_by_gradient(op, (left, right), 1))


def _reusable_kind(data) -> bool:
    return (data.dtype.kind == "f" and data.flags.owndata
            and getattr(data.flags, "writeable", True))


_RECIPROCALS: dict = {}    # (number, dtype, numpy?) -> exact_reciprocal's answer
_POWER_RANGE = 2.0 ** 60


def divide_as_multiply(value, data):
    """exact_reciprocal(value, data) where `data / value` may be computed as a multiplication
    with numpy's warnings unchanged, else None: a division by 2**k (k >= 0) cannot overflow,
    and may underflow only, which numpy ignores unless told (np.seterr(under=...): then the
    warning would name multiply, so it divides). For a temporary's buffer only (large: the
    operators' ELIDE_MIN_SIZE), where the pass is worth the check (np.geterr, about 1 us).

    Example:
        >>> divide_as_multiply(4, np.ones(3)), divide_as_multiply(0.5, np.ones(3))
        (0.25, None)
    """
    recip = exact_reciprocal(value, data)
    if recip is None or np.geterr()["under"] != "ignore":
        return None
    return recip


def exact_reciprocal(value, data):
    """1 / value as an operand for `data * _`, where dividing `data` by the number `value` may
    be a multiplication: value a power of two (±2**k, k >= 0: no overflow) that data's float
    dtype holds exactly, as it does 2**-k; else None. x / 2**k and x * 2**-k are the same real
    number, so their correctly rounded results are the same bits for every x (subnormal
    results, -0.0, inf and NaN included) with the same floating-point flags, and numpy's
    multiply is twice as fast as its divide (d2l's sgd, `lr * param.grad / batch_size` on a
    784x256 float32 weight: 21 -> 12 us in place). A numpy float32 array gets a 0-d float32
    array (as operators.float32_array), other data a Python float (cast exactly, as the
    divisor would be). Answers are kept per (value, dtype); test_speed_reciprocal compares the
    bits.

    Example:
        >>> exact_reciprocal(256, np.ones(3)), exact_reciprocal(3, np.ones(3))
        (0.00390625, None)
        >>> exact_reciprocal(0.5, np.ones(3)) is None       # 2 * x may overflow
        True
    """
    if value.__class__ is not float and value.__class__ is not int:
        return None           # numpy scalars (np.float64(2) makes float32 data float64), bool
    dtype = data.dtype
    key = (value, dtype, data.__class__ is np.ndarray)
    recip = _RECIPROCALS.get(key, key)
    if recip is not key:
        return recip
    recip = None
    if 1 <= abs(value) <= _POWER_RANGE:
        mantissa, exponent = math.frexp(value)
        inverse = math.ldexp(1.0 if mantissa > 0 else -1.0, 1 - exponent)
        with np.errstate(all="ignore"):
            exact = abs(mantissa) == 0.5 and float(dtype.type(value)) == value \
                and float(dtype.type(inverse)) == inverse
        if exact:
            if key[2] and dtype == np.float32:     # as operators.float32_array: a ufunc takes
                recip = np.array(inverse, np.float32)    # a 0-d array fastest
                recip.flags.writeable = False            # (shared by every call)
            else:
                recip = inverse
    if len(_RECIPROCALS) < 4096:
        _RECIPROCALS[key] = recip
    return recip
