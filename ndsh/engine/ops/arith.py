"""Binary arithmetic, comparisons and logic: the ops behind `+ - * / ** %` and `== < >`.

Each broadcasts (numpy rules); a Python scalar may stand on either side and is cast to the
array's dtype, as MXNet casts it. Array operands must share a dtype: MXNet never promotes.
"""
from __future__ import annotations

import operator

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import ValueError


def _array_dtype(lhs, rhs):
    """The dtype of the operands (one of them may be a scalar)."""
    dtype = getattr(lhs, "dtype", None)
    return rhs.dtype if dtype is None else dtype


def _int_kind(lhs, rhs) -> bool:
    return _array_dtype(lhs, rhs).kind in "iub"


def _scalar(value) -> bool:
    """A scalar operand, as the engine passes it (Python number or numpy scalar)."""
    return isinstance(value, (int, float, np.generic))


def _ones_like_grad(xp, g, ans, lhs, rhs):
    return g


@op(nin=2, scalar_inputs=True, aliases=("broadcast_add", "broadcast_plus", "_plus", "_add"),
    same_shape_aliases=("elemwise_add",),
    vjp=(_ones_like_grad, _ones_like_grad), keeps=(), inplace="add")
def add(xp, lhs, rhs):
    """Add two arrays elementwise, broadcasting their shapes; either side may be a scalar.

    Parameters:
        lhs, rhs: NDArrays (or one Python scalar), broadcast against each other.

    Example:
        >>> nd.add(nd.array([1, 2]), nd.array([[10], [20]]))
        <BLANKLINE>
        [[11. 12.]
         [21. 22.]]
        <NDArray 2x2 @cpu(0)>
    """
    return lhs + rhs


@op(nin=2, scalar_inputs=True, aliases=("broadcast_sub", "broadcast_minus", "_minus", "_sub"),
    same_shape_aliases=("elemwise_sub",),
    vjp=(_ones_like_grad, lambda xp, g, ans, lhs, rhs: -g), keeps=(), inplace="subtract")
def subtract(xp, lhs, rhs):
    """Subtract `rhs` from `lhs` elementwise, broadcasting; either side may be a scalar.

    Parameters:
        lhs, rhs: NDArrays (or one Python scalar), broadcast against each other.

    Example:
        >>> nd.subtract(nd.array([5, 7]), 2)
        <BLANKLINE>
        [3. 5.]
        <NDArray 2 @cpu(0)>
    """
    return lhs - rhs


@op(nin=2, scalar_inputs=True, aliases=("broadcast_mul", "_mul"),
    same_shape_aliases=("elemwise_mul",),
    vjp=(lambda xp, g, ans, lhs, rhs: g * rhs, lambda xp, g, ans, lhs, rhs: g * lhs),
    inplace="multiply", into_g=(lambda xp, g, ans, lhs, rhs: xp.multiply(g, rhs, out=g),
                                lambda xp, g, ans, lhs, rhs: xp.multiply(g, lhs, out=g)))
def multiply(xp, lhs, rhs):
    """Multiply two arrays elementwise, broadcasting; either side may be a scalar.

    Parameters:
        lhs, rhs: NDArrays (or one Python scalar), broadcast against each other.

    Example:
        >>> nd.multiply(nd.array([1, 2, 3]), nd.array([2, 2, 2]))
        <BLANKLINE>
        [2. 4. 6.]
        <NDArray 3 @cpu(0)>
    """
    return lhs * rhs


def _truncating_divide(xp, lhs, rhs):
    """Integer division rounding toward zero, as C (and MXNet) do; x/0 gives 0."""
    lhs, rhs = xp.asarray(lhs), xp.asarray(rhs)
    safe = xp.where(rhs == 0, 1, rhs)
    quotient = xp.abs(lhs) // xp.abs(safe)
    negative = (lhs < 0) != (safe < 0)
    result = xp.where(negative, -quotient, quotient)
    return xp.where(rhs == 0, 0, result).astype(lhs.dtype if lhs.ndim else rhs.dtype)


def _float_operator(operator_fn):
    """Mark a forward that is exactly `operator_fn(lhs, rhs)` when the operands are floats: the
    operator path (operators.make_operator) then calls the operator without the forward's frame
    and its integer test (test_fast_paths checks both agree)."""
    def mark(fn):
        fn.float_operator = operator_fn
        return fn
    return mark


@op(nin=2, scalar_inputs=True, aliases=("broadcast_div", "_div", "true_divide"),
    same_shape_aliases=("elemwise_div",),
    vjp=(lambda xp, g, ans, lhs, rhs: g / rhs,
         lambda xp, g, ans, lhs, rhs: -g * ans / rhs), keeps=(1,), inplace="true_divide")
@_float_operator(operator.truediv)
def divide(xp, lhs, rhs):
    """Divide elementwise, broadcasting; integer arrays divide with truncation toward zero.

    Parameters:
        lhs, rhs: NDArrays (or one Python scalar), broadcast against each other.

    Example:
        >>> nd.divide(nd.array([-7, 7], dtype='int32'), 2)
        <BLANKLINE>
        [-3  3]
        <NDArray 2 @cpu(0)>
    """
    if _int_kind(lhs, rhs):
        return _truncating_divide(xp, lhs, rhs)
    return lhs / rhs


def _power_grad_base(xp, g, ans, base, exp):
    if type(exp) is int and exp == 2 or type(exp) is float and exp == 2.0:
        # x ** 2, the squared loss: skip a power; base + base is 2 * base to the bit (a doubling
        # is exact), without numpy's handling of the Python number (0.3 us on small arrays)
        if base.__class__ is np.ndarray and base.dtype.kind == "f":
            return g * (base + base)
        return g * (2 * base)
    return g * exp * base ** (exp - 1)


def _power_grad_exp(xp, g, ans, base, exp):
    return g * ans * xp.log(base)


@op(nin=2, scalar_inputs=True, aliases=("broadcast_power", "_power", "pow"),
    vjp=(_power_grad_base, _power_grad_exp),
    departs="Differentiable any number of times (autograd.grad(..., create_graph=True)); MXNet "
            "cannot take a second derivative of x ** 3.")
@_float_operator(operator.pow)
def power(xp, base, exp):
    """Raise `base` to `exp` elementwise, broadcasting; either side may be a scalar.

    Parameters:
        base: the NDArray (or Python scalar) raised.
        exp: the exponent, an NDArray (or Python scalar) broadcast against base.

    Example:
        >>> nd.power(nd.array([1, 2, 3]), 2)
        <BLANKLINE>
        [1. 4. 9.]
        <NDArray 3 @cpu(0)>
    """
    if _int_kind(base, exp):
        # MXNet raises integers in floating point and truncates: 2 ** -1 is 0, not an error
        return (xp.asarray(base).astype(np.float64) ** exp).astype(_array_dtype(base, exp))
    return base ** exp


@op(nin=2, scalar_inputs=True, aliases=("broadcast_mod", "_mod"),
    vjp=(_ones_like_grad, lambda xp, g, ans, lhs, rhs: -g * xp.floor(lhs / rhs)))
def modulo(xp, lhs, rhs):
    """The remainder of `lhs / rhs` elementwise, with the sign of `rhs` (Python's `%`).

    Parameters:
        lhs, rhs: NDArrays (or one Python scalar), broadcast against each other.

    Example:
        >>> nd.modulo(nd.array([5, -5, 7]), 2)
        <BLANKLINE>
        [1. 1. 1.]
        <NDArray 3 @cpu(0)>
    """
    with np.errstate(divide="ignore", invalid="ignore"):    # x % 0 is 0, as x / 0 is
        if _int_kind(lhs, rhs):
            return xp.mod(lhs, rhs)
        # MXNet: x % 0 is 0, and a zero remainder is +0.
        return xp.where(xp.asarray(rhs) == 0, 0, xp.mod(lhs, rhs)) + 0.0


@op(nin=2, scalar_inputs=True, aliases=("broadcast_maximum", "_maximum"),
    vjp=(lambda xp, g, ans, lhs, rhs: g * (lhs >= rhs),
         lambda xp, g, ans, lhs, rhs: g * ((rhs >= lhs) if _scalar(lhs) else (lhs < rhs))),
    inplace="maximum")
def maximum(xp, lhs, rhs):
    """The elementwise maximum, broadcasting; a tie sends the gradient to `lhs` (to the array,
    when the other side is a scalar).

    Parameters:
        lhs, rhs: NDArrays (or one Python scalar), broadcast against each other.

    Example:
        >>> nd.maximum(nd.array([-1, 2, -3]), 0)
        <BLANKLINE>
        [0. 2. 0.]
        <NDArray 3 @cpu(0)>
    """
    return xp.maximum(lhs, rhs)


@op(nin=2, scalar_inputs=True, aliases=("broadcast_minimum", "_minimum"),
    vjp=(lambda xp, g, ans, lhs, rhs: g * (lhs <= rhs),
         lambda xp, g, ans, lhs, rhs: g * ((rhs <= lhs) if _scalar(lhs) else (lhs > rhs))),
    inplace="minimum")
def minimum(xp, lhs, rhs):
    """The elementwise minimum, broadcasting; a tie sends the gradient to `lhs` (to the array,
    when the other side is a scalar).

    Parameters:
        lhs, rhs: NDArrays (or one Python scalar), broadcast against each other.

    Example:
        >>> nd.minimum(nd.array([-1, 2, -3]), 0)
        <BLANKLINE>
        [-1.  0. -3.]
        <NDArray 3 @cpu(0)>
    """
    return xp.minimum(lhs, rhs)


@op(nin=2, scalar_inputs=True, aliases=("broadcast_hypot", "_hypot"),
    vjp=(lambda xp, g, ans, lhs, rhs: g * lhs / ans, lambda xp, g, ans, lhs, rhs: g * rhs / ans))
def hypot(xp, lhs, rhs):
    """sqrt(lhs**2 + rhs**2) elementwise, broadcasting.

    Parameters:
        lhs, rhs: NDArrays (or one Python scalar), broadcast against each other.

    Example:
        >>> nd.hypot(nd.array([3]), nd.array([4]))
        <BLANKLINE>
        [5.]
        <NDArray 1 @cpu(0)>
    """
    if _int_kind(lhs, rhs):                  # MXNet keeps the integer dtype (truncating)
        return xp.hypot(lhs, rhs).astype(_array_dtype(lhs, rhs))
    return xp.hypot(lhs, rhs)


def _comparison(name, fn, aliases, doc_example):
    """Comparisons return 0/1 in the operands' dtype (MXNet); their gradient is zero (they
    are recorded, as in MXNet, so gradients of gradients stay connected)."""
    def forward(xp, lhs, rhs):
        result = fn(lhs, rhs)
        dtype = getattr(lhs, "dtype", None)
        if dtype is None:
            dtype = rhs.dtype
        return result.astype(dtype)
    forward.__name__ = name
    forward.__doc__ = doc_example
    return op(nin=2, scalar_inputs=True, mask_result=True, aliases=aliases,
              vjp=(no_gradient, no_gradient))(forward)


def no_gradient(xp, g, ans, lhs, rhs):
    """The comparisons' vjp: no gradient flows through a 0/1 mask."""
    return None


def _cmp_doc(summary, call, body):
    return f"""{summary}

    Returns 0/1 in the operands' dtype (not bool), as MXNet does; its gradient is zero.

    Parameters:
        lhs, rhs: NDArrays (or one Python scalar), broadcast against each other.

    Example:
        >>> {call}
        <BLANKLINE>
        {body}
        <NDArray 3 @cpu(0)>
    """


equal = _comparison("equal", lambda a, b: a == b, ("broadcast_equal", "_equal"),
                    _cmp_doc("1 where `lhs == rhs`, else 0, elementwise with broadcasting.",
                             "nd.equal(nd.array([1, 2, 3]), 2)", "[0. 1. 0.]"))
not_equal = _comparison(
    "not_equal", lambda a, b: a != b, ("broadcast_not_equal", "_not_equal"),
    _cmp_doc("1 where `lhs != rhs`, else 0, elementwise with broadcasting.",
             "nd.not_equal(nd.array([1, 2, 3]), 2)", "[1. 0. 1.]"))
greater = _comparison(
    "greater", lambda a, b: a > b, ("broadcast_greater", "_greater"),
    _cmp_doc("1 where `lhs > rhs`, else 0, elementwise with broadcasting.",
             "nd.greater(nd.array([1, 2, 3]), 2)", "[0. 0. 1.]"))
greater_equal = _comparison(
    "greater_equal", lambda a, b: a >= b, ("broadcast_greater_equal", "_greater_equal"),
    _cmp_doc("1 where `lhs >= rhs`, else 0, elementwise with broadcasting.",
             "nd.greater_equal(nd.array([1, 2, 3]), 2)", "[0. 1. 1.]"))
lesser = _comparison(
    "lesser", lambda a, b: a < b, ("broadcast_lesser", "_lesser", "less"),
    _cmp_doc("1 where `lhs < rhs`, else 0, elementwise with broadcasting.",
             "nd.lesser(nd.array([1, 2, 3]), 2)", "[1. 0. 0.]"))
lesser_equal = _comparison(
    "lesser_equal", lambda a, b: a <= b, ("broadcast_lesser_equal", "_lesser_equal",
                                          "less_equal"),
    _cmp_doc("1 where `lhs <= rhs`, else 0, elementwise with broadcasting.",
             "nd.lesser_equal(nd.array([1, 2, 3]), 2)", "[1. 1. 0.]"))
logical_and = _comparison(
    "logical_and", lambda a, b: (a != 0) & (b != 0), ("broadcast_logical_and", "_logical_and"),
    _cmp_doc("1 where both operands are non-zero, else 0, with broadcasting.",
             "nd.logical_and(nd.array([1, 0, 1]), nd.array([1, 1, 0]))", "[1. 0. 0.]"))
logical_or = _comparison(
    "logical_or", lambda a, b: (a != 0) | (b != 0), ("broadcast_logical_or", "_logical_or"),
    _cmp_doc("1 where either operand is non-zero, else 0, with broadcasting.",
             "nd.logical_or(nd.array([1, 0, 0]), nd.array([1, 1, 0]))", "[1. 1. 0.]"))
logical_xor = _comparison(
    "logical_xor", lambda a, b: (a != 0) ^ (b != 0), ("broadcast_logical_xor", "_logical_xor"),
    _cmp_doc("1 where exactly one operand is non-zero, else 0, with broadcasting.",
             "nd.logical_xor(nd.array([1, 0, 1]), nd.array([1, 1, 0]))", "[0. 1. 1.]"))


@op(nin=-1, vjp=lambda xp, g, ans, *args: tuple(g for _ in args),
    aliases=("ElementWiseSum", "elemwise_sum"), keeps=())
def add_n(xp, *args):
    """The elementwise sum of any number of arrays of the same shape.

    Parameters:
        *args: the arrays to add, as separate arguments, all of one shape.

    Example:
        >>> nd.add_n(nd.ones((2,)), nd.ones((2,)), nd.ones((2,)))
        <BLANKLINE>
        [3. 3.]
        <NDArray 2 @cpu(0)>
    """
    shapes = {a.shape for a in args}
    if len(shapes) > 1:
        raise ValueError(f"add_n: all inputs must have the same shape, got "
                         f"{', '.join(str(a.shape) for a in args)}")
    total = args[0].copy()
    for a in args[1:]:
        total += a
    return total
