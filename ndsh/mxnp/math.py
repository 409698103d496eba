"""Elementwise functions of `mx.np`: each a thin signature over one op of the table (np.exp is
nd.exp, np.less is nd.lesser), with MXNet's np dtype rules added around it.

The rules, measured on MXNet 1.9.1 (tests/mxnp/golden): an op keeps an int array's dtype (np.exp
of int32 is int32, truncated); a Python scalar takes the array's dtype (int32 + 1.5 is int32 + 1;
a bool array meets a scalar as int64); two arrays promote (`array.result_type`); true division
of ints gives float32; comparisons give bool arrays.
"""
from __future__ import annotations

import builtins
import numbers
import operator

import numpy as onp

from ndsh.engine import NDArray
from ndsh.engine.mxnet_errors import MXNetError, TypeError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import cast, ndarray, result_type, unwrap, wrap
from ndsh.mxnp.naming import rename

_new = object.__new__
# what MXNet's np functions hand to NumPy itself (its `numeric_types`): np.sin(0.5) and
# np.add(1, 2) give NumPy's scalar (numpy.float64 0.479..., numpy.int64 3), as in MXNet 1.9.1
_NUMERIC = (int, float, onp.generic)

# np name -> the table's op
UNARY = {"exp": "exp", "log": "log", "log2": "log2", "log10": "log10", "log1p": "log1p",
         "expm1": "expm1", "sqrt": "sqrt", "cbrt": "cbrt", "square": "square", "abs": "abs",
         "absolute": "abs", "negative": "negative", "reciprocal": "reciprocal", "sign": "sign",
         "floor": "floor", "ceil": "ceil", "trunc": "trunc", "fix": "fix", "rint": "rint",
         "sin": "sin", "cos": "cos", "tan": "tan",
         "arcsin": "arcsin", "arccos": "arccos", "arctan": "arctan", "sinh": "sinh",
         "cosh": "cosh", "tanh": "tanh", "arcsinh": "arcsinh", "arccosh": "arccosh",
         "arctanh": "arctanh", "degrees": "degrees", "radians": "radians",
         "logical_not": "logical_not"}
BINARY = {"add": "add", "subtract": "subtract", "multiply": "multiply", "divide": "divide",
          "true_divide": "divide", "power": "power", "mod": "modulo", "remainder": "modulo",
          "maximum": "maximum", "minimum": "minimum", "hypot": "hypot"}
COMPARE = {"equal": "equal", "not_equal": "not_equal", "greater": "greater",
           "greater_equal": "greater_equal", "less": "lesser", "less_equal": "lesser_equal"}

# MXNet 1.9.1's output for np.NAME(np.array([0.25, 0.5, 1.0])): the examples of the pages; for
# exp, log1p, expm1, sin, arccos, cosh, tanh and arcsinh ndsh's float32 math (numpy's) differs
# from MXNet's in the last printed digit, and the example shows ndsh's
_EXAMPLES = {
    "exp": "array([1.2840255, 1.6487212, 2.718282 ])",
    "log": "array([-1.3862944, -0.6931472,  0.       ])",
    "log2": "array([-2., -1.,  0.])", "log10": "array([-0.60206, -0.30103,  0.     ])",
    "log1p": "array([0.22314356, 0.40546513, 0.6931472 ])",
    "expm1": "array([0.28402543, 0.6487213 , 1.7182819 ])",
    "sqrt": "array([0.5       , 0.70710677, 1.        ])",
    "cbrt": "array([0.62996054, 0.7937005 , 1.        ])",
    "square": "array([0.0625, 0.25  , 1.    ])", "abs": "array([0.25, 0.5 , 1.  ])",
    "absolute": "array([0.25, 0.5 , 1.  ])", "negative": "array([-0.25, -0.5 , -1.  ])",
    "reciprocal": "array([4., 2., 1.])", "sign": "array([1., 1., 1.])",
    "floor": "array([0., 0., 1.])", "ceil": "array([1., 1., 1.])",
    "trunc": "array([0., 0., 1.])", "fix": "array([0., 0., 1.])",
    "rint": "array([0., 0., 1.])", "round": "array([0., 0., 1.])",
    "around": "array([0., 0., 1.])",
    "sin": "array([0.24740396, 0.47942555, 0.841471  ])",
    "cos": "array([0.9689124 , 0.87758255, 0.5403023 ])",
    "tan": "array([0.25534192, 0.5463025 , 1.5574077 ])",
    "arcsin": "array([0.25268024, 0.5235988 , 1.5707964 ])",
    "arccos": "array([1.3181162, 1.0471976, 0.       ])",
    "arctan": "array([0.24497867, 0.4636476 , 0.7853982 ])",
    "sinh": "array([0.25261232, 0.5210953 , 1.1752012 ])",
    "cosh": "array([1.0314132, 1.1276261, 1.5430807])",
    "tanh": "array([0.24491866, 0.4621172 , 0.7615942 ])",
    "arcsinh": "array([0.24746646, 0.4812118 , 0.8813736 ])",
    "degrees": "array([14.323944, 28.647888, 57.295776])",
    "radians": "array([0.00436332, 0.00872665, 0.01745329])",
    "logical_not": "array([False, False, False])",
}
# other inputs for arccosh (defined from 1) and arctanh (to below 1); MXNet's arctanh prints
# 0.9729551 where ndsh's float32 gives 0.97295505
_OTHER = {"arccosh": ("np.arccosh(np.array([1.0, 2.0, 4.0]))",
                      "array([0.      , 1.316958, 2.063437])"),
          "arctanh": ("np.arctanh(np.array([0.25, 0.5, 0.75]))",
                      "array([0.25541282, 0.54930615, 0.97295505])")}


def _unary(name: str, op_name: str):
    op = OPS[f"nd.{op_name}"]
    call = op.call
    boolean = name == "logical_not"
    on_scalar = getattr(onp, name)

    def function(x):
        if type(x) is not ndarray and isinstance(x, _NUMERIC):
            return on_scalar(x)
        result = call(unwrap(x, f"np.{name}"))
        return wrap(cast(result, onp.bool_) if boolean else result)

    code, shown = _OTHER.get(name) or (f"np.{name}(np.array([0.25, 0.5, 1.0]))",
                                       _EXAMPLES[name])
    function.__name__ = function.__qualname__ = name
    function.__module__ = __name__
    function.__doc__ = (
        f"{op.summary.rstrip('.')}: MXNet's np.{name}, the table's nd.{op.name} on np arrays.\n\n"
        f"An int array stays int, as in MXNet (np.exp of int32 is int32, truncated)"
        f"{'; the result is a bool array' if boolean else ''}. A Python or NumPy scalar gives "
        f"NumPy's scalar (numpy.{name}'s answer), as in MXNet.\n\n"
        f"Parameters:\n    x: an np array.\n\nExample:\n    >>> {code}\n    {shown}\n")
    return function


# the engine's operators for the ops that have one: its two-operand fast path
_OPERATOR_OF = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
                "divide": operator.truediv, "power": operator.pow, "modulo": operator.mod,
                "equal": operator.eq, "not_equal": operator.ne, "greater": operator.gt,
                "greater_equal": operator.ge, "lesser": operator.lt, "lesser_equal": operator.le}
_FLOAT32, _INT64, _BOOL = onp.dtype(onp.float32), onp.dtype(onp.int64), onp.dtype(onp.bool_)
_FLOAT64 = onp.dtype(onp.float64)


def binary(name: str, op_name: str, left, right, compare: bool = False):
    """np.NAME(left, right): promote the dtypes as MXNet's np does, run the table's op."""
    left_type, right_type = type(left), type(right)
    if left_type is ndarray and right_type is ndarray:
        a, b = left._nd, right._nd
        da, db = a._data.dtype, b._data.dtype
        if da is not db and da != db:
            if op_name == "divide" and da.kind in "biu" and db.kind in "biu":
                dtype = _FLOAT32
            else:
                dtype = result_type(da, db, f"np.{name}")
            a, b = cast(a, dtype), cast(b, dtype)
        elif op_name == "divide" and da.kind in "biu":
            a, b = cast(a, _FLOAT32), cast(b, _FLOAT32)
    elif left_type is ndarray or right_type is ndarray:
        fname = f"np.{name}"
        a, b = unwrap(left, fname), unwrap(right, fname)
        array = a if left_type is ndarray else b
        kind = array._data.dtype.kind
        if kind in "biu" and (op_name == "divide" or kind == "b") and not compare:
            # ints divide to float32; a bool array meets a scalar as int64 (MXNet: bool + 1
            # and bool * 2.5 are int64, the scalar cast to it)
            array = cast(array, _FLOAT32 if op_name == "divide" else _INT64)
            a, b = (array, b) if left_type is ndarray else (a, array)
    elif isinstance(left, _NUMERIC) and isinstance(right, _NUMERIC):
        return getattr(onp, name)(left, right)      # MXNet hands two scalars to NumPy
    else:
        raise TypeError(f"np.{name}: needs at least one mx.np.ndarray argument, got "
                        f"{left_type.__name__} and {right_type.__name__}")
    fast = _OPERATOR_OF.get(op_name)
    result = fast(a, b) if fast is not None and (type(a) is NDArray or type(b) is NDArray) \
        else OPS[f"nd.{op_name}"].call(a, b)
    if compare:
        result = cast(result, _BOOL)
    out = _new(ndarray)
    out._nd = result
    return out


def _binary(name: str, op_name: str, compare: bool):
    op = OPS[f"nd.{op_name}"]

    def function(x1, x2):
        try:
            return binary(name, op_name, x1, x2, compare)
        except MXNetError as error:      # the table op's `add: ...` is `np.add: ...` here
            rename(error, f"np.{name}")
            raise

    function.__name__ = function.__qualname__ = name
    function.__module__ = __name__
    rule = ("the result is a bool array" if compare else
            "ints divide to float32" if op_name == "divide" else
            "two arrays promote (int32 with float32 is float32), a scalar takes the array's dtype")
    function.__doc__ = (
        f"{op.summary.rstrip('.')}: MXNet's np.{name}, the table's nd.{op.name} on np arrays, "
        f"broadcasting their shapes.\n\n{rule[0].upper()}{rule[1:]}; two Python or NumPy "
        f"scalars give NumPy's scalar, as in MXNet.\n\n"
        f"Parameters:\n    x1: an np array or a scalar.\n    x2: an np array or a scalar.\n\n"
        f"Example:\n    >>> np.{name}(np.array([1.0, 2.0]), np.array([2.0, 2.0]))\n"
        f"    {_BINARY_EXAMPLES[name]}\n")
    return function


# MXNet 1.9.1's output for np.NAME(np.array([1.0, 2.0]), np.array([2.0, 2.0]))
_BINARY_EXAMPLES = {
    "add": "array([3., 4.])", "subtract": "array([-1.,  0.])",
    "multiply": "array([2., 4.])", "divide": "array([0.5, 1. ])",
    "true_divide": "array([0.5, 1. ])", "power": "array([1., 4.])",
    "mod": "array([1., 0.])", "remainder": "array([1., 0.])", "maximum": "array([2., 2.])",
    "minimum": "array([1., 2.])", "hypot": "array([2.236068, 2.828427])",
    "equal": "array([False,  True])", "not_equal": "array([ True, False])",
    "greater": "array([False, False])", "greater_equal": "array([False,  True])",
    "less": "array([ True, False])", "less_equal": "array([ True,  True])",
}

def _half_even(data):
    """Rounded to the nearest integer, halves to the even one (NumPy's and MXNet's np.round;
    the table's nd.round takes halves away from zero, nd.rint down)."""
    call = {n: OPS[f"nd.{n}"].call for n in ("round", "trunc", "abs", "subtract", "equal",
                                              "multiply", "divide", "where")}
    nearest = call["round"](data)
    half = call["equal"](call["abs"](call["subtract"](data, call["trunc"](data))), 0.5)
    # + 0.0: a half rounded to 0 is +0 in MXNet (-0.5 gives 0.), where -0.4 keeps -0.
    even = OPS["nd.add"].call(call["multiply"](call["round"](call["divide"](data, 2.0)), 2.0),
                              0.0)
    return call["where"](half, even, nearest)


def _rounding(name: str):
    multiply, divide = OPS["nd.multiply"].call, OPS["nd.divide"].call
    rint = _half_even

    def function(x, decimals=0, out=None):
        if type(x) is not ndarray and isinstance(x, _NUMERIC):
            return onp.around(x, decimals)
        data = unwrap(x, f"np.{name}")
        if out is not None:
            raise TypeError(f"np.{name}: out= is not supported; use the returned array")
        if not isinstance(decimals, numbers.Integral):
            raise TypeError(f"np.{name}: decimals must be an int, got {decimals!r}")
        dtype = data._data.dtype
        if dtype.kind != "f":
            # an int array stays as it is, or goes to tens or hundreds truncated toward 0, as
            # in MXNet (np.round(19, -1) is 10)
            if decimals >= 0:
                return wrap(OPS["nd.identity"].call(data))
            scale = 10.0 ** -decimals
            result = multiply(OPS["nd.trunc"].call(divide(cast(data, _FLOAT64), scale)), scale)
        elif decimals == 0:
            return wrap(rint(data))
        elif decimals > 0:      # as MXNet computes it: scaled, rounded, scaled back
            scale = 10.0 ** decimals
            result = divide(rint(multiply(data, scale)), scale)
        else:
            scale = 10.0 ** -decimals
            result = multiply(rint(divide(data, scale)), scale)
        return wrap(cast(result, dtype))

    function.__name__ = function.__qualname__ = name
    function.__module__ = __name__
    function.__doc__ = (
        f"Each element rounded to `decimals` places, halves to even: MXNet's np.{name}, composed "
        f"of the table's nd.round, nd.trunc and nd.where (on the values scaled by "
        f"10**decimals when decimals is not 0).\n\n"
        f"An int array stays int (to tens or hundreds, truncated toward 0 as in MXNet: 19 gives "
        f"10); a Python "
        f"or NumPy scalar gives NumPy's answer, as in MXNet.\n\n"
        f"Parameters:\n    x: an np array.\n    decimals: the number of decimal places; "
        f"negative rounds to tens, hundreds...\n    out: not supported; must be None.\n\n"
        f"Example:\n    >>> np.{name}(np.array([0.5, 1.5, 2.5]))\n    array([0., 2., 2.])\n"
        f"    >>> np.{name}(np.array([1.234, 2.25]), 1)\n    array([1.2, 2.2])\n")
    return function


FUNCTIONS = {name: _unary(name, op) for name, op in UNARY.items()}
FUNCTIONS.update(round=_rounding("round"), around=_rounding("around"))
FUNCTIONS.update({name: _binary(name, op, False) for name, op in BINARY.items()})
FUNCTIONS.update({name: _binary(name, op, True) for name, op in COMPARE.items()})


def where(condition, x=None, y=None):
    """Elements of `x` where `condition` is true (nonzero), else of `y`, broadcasting all
    three: MXNet's np.where over the table's nd.where.

    Parameters:
        condition: an np array; nonzero (or True) picks from x.
        x: an np array or a scalar.
        y: an np array or a scalar.

    Example:
        >>> a = np.array([1.0, -2.0, 3.0])
        >>> np.where(a > 0, a, np.zeros_like(a))
        array([1., 0., 3.])
    """
    if x is None or y is None:
        raise TypeError("np.where(condition) with one argument is not in MXNet 1.9.1's np; "
                        "give x and y too")
    c = unwrap(condition, "np.where")
    left, right = unwrap(x, "np.where"), unwrap(y, "np.where")
    arrays = [v for v in (left, right) if not isinstance(v, (int, float, onp.number))]
    dtype = onp.dtype(onp.float32)
    for v in arrays:
        dtype = v._data.dtype if v is arrays[0] else result_type(dtype, v._data.dtype)
    shapes = [c.shape] + [v.shape for v in arrays]
    try:
        shape = onp.broadcast_shapes(*shapes)
    except builtins.ValueError:
        raise ValueError(f"np.where: the condition and the arrays of shapes "
                         f"{', '.join(map(str, shapes))} cannot be broadcast together: each "
                         f"axis, counted from the right, must have equal sizes or size 1") from None
    full = OPS["nd.full"].call
    left, right = ((full(shape, v, ctx=c._ctx, dtype=dtype) if not hasattr(v, "_data") else
                    OPS["nd.broadcast_to"].call(cast(v, dtype), shape=shape))
                   for v in (left, right))
    c = OPS["nd.broadcast_to"].call(cast(c, dtype), shape=shape)
    return wrap(OPS["nd.where"].call(c, left, right))


def clip(a, a_min=None, a_max=None):
    """The values of `a` limited to [a_min, a_max]: MXNet's np.clip over the table's nd.clip.

    Parameters:
        a: an np array.
        a_min: the lower bound, or None for none.
        a_max: the upper bound, or None for none.

    Example:
        >>> np.clip(np.array([-2.0, 0.5, 3.0]), -1, 1)
        array([-1. ,  0.5,  1. ])
    """
    if a_min is None and a_max is None:
        raise ValueError("np.clip: give a_min or a_max (or both)")
    low = -onp.inf if a_min is None else a_min
    high = onp.inf if a_max is None else a_max
    return wrap(OPS["nd.clip"].call(unwrap(a, "np.clip"), a_min=low, a_max=high))
