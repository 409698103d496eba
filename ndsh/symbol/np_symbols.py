"""`mx.sym.np` and `mx.sym.npx` (the `F.np` / `F.npx` a hybrid_forward gets on Symbols in np
mode), for the functions a block's body commonly calls: each builds the node MXNet 1.9.1 builds
(its op name, such as `_np_dot`, `_npi_add_scalar`, `_npx_relu`, `SequenceMask`, and its
attributes), so that ndsh exports np-mode blocks of yours as MXNet does; the nodes run through
np_ops.py (the mx.np functions) or the table's layer ops.

A function MXNet has and this table lacks raises AttributeError naming it.
"""
from __future__ import annotations

import types
from numbers import Number

from ndsh.symbol import ops as _ops
from ndsh.symbol.symbol import Symbol

__all__ = ["np", "npx"]

# binary functions: (op of two Symbols, op of a Symbol and a scalar, op of a scalar and a
# Symbol); MXNet 1.9.1's names
_BINARY = {
    "add": ("_npi_add", "_npi_add_scalar", "_npi_add_scalar"),
    "subtract": ("_npi_subtract", "_npi_subtract_scalar", "_npi_rsubtract_scalar"),
    "multiply": ("_npi_multiply", "_npi_multiply_scalar", "_npi_multiply_scalar"),
    "true_divide": ("_npi_true_divide", "_npi_true_divide_scalar", "_npi_rtrue_divide_scalar"),
    "divide": ("_npi_true_divide", "_npi_true_divide_scalar", "_npi_rtrue_divide_scalar"),
    "power": ("_npi_power", "_npi_power_scalar", "_npi_rpower_scalar"),
    "mod": ("_npi_mod", "_npi_mod_scalar", "_npi_rmod_scalar"),
    "maximum": ("broadcast_maximum", "_maximum_scalar", "_maximum_scalar"),
    "minimum": ("broadcast_minimum", "_minimum_scalar", "_minimum_scalar"),
    "equal": ("_npi_equal", "_npi_equal_scalar", "_npi_equal_scalar"),
    "not_equal": ("_npi_not_equal", "_npi_not_equal_scalar", "_npi_not_equal_scalar"),
    "greater": ("_npi_greater", "_npi_greater_scalar", "_npi_less_scalar"),
    "less": ("_npi_less", "_npi_less_scalar", "_npi_greater_scalar"),
    "greater_equal": ("_npi_greater_equal", "_npi_greater_equal_scalar",
                      "_npi_less_equal_scalar"),
    "less_equal": ("_npi_less_equal", "_npi_less_equal_scalar", "_npi_greater_equal_scalar"),
}
_UNARY = ("exp", "log", "log1p", "log2", "log10", "expm1", "sqrt", "square", "absolute",
          "negative", "sign", "sin", "cos", "tan", "tanh", "sinh", "cosh", "arcsin", "arccos",
          "arctan", "floor", "ceil", "reciprocal", "cbrt")
# functions of one array: (op, its attributes in the order of the function's arguments after
# the array, attributes always written with their default as MXNet writes them)
_ONE_ARRAY = {
    "sum": ("_np_sum", ("axis", "dtype", "keepdims"), {}),
    "max": ("_np_max", ("axis", "keepdims"), {}),
    "min": ("_np_min", ("axis", "keepdims"), {}),
    "prod": ("_np_prod", ("axis", "dtype", "keepdims"), {}),
    "mean": ("_npi_mean", ("axis", "dtype", "keepdims"), {"axis": None, "keepdims": False}),
    "argmax": ("_npi_argmax", ("axis", "keepdims"), {"axis": None, "keepdims": False}),
    "argmin": ("_npi_argmin", ("axis", "keepdims"), {"axis": None, "keepdims": False}),
    "reshape": ("_np_reshape", ("newshape", "order"), {}),
    "transpose": ("_np_transpose", ("axes",), {}),
    "expand_dims": ("expand_dims", ("axis",), {}),
    "squeeze": ("_np_squeeze", ("axis",), {}),
    "flip": ("_npi_flip", ("axis",), {}),
    "cumsum": ("_np_cumsum", ("axis", "dtype"), {}),
    "clip": ("clip", ("a_min", "a_max"), {}),
    "swapaxes": ("SwapAxis", ("dim1", "dim2"), {}),
    "tile": ("tile", ("reps",), {}),
    "repeat": ("repeat", ("repeats", "axis"), {}),
}
_ARGUMENT_NAMES = {"swapaxes": {"axis1": "dim1", "axis2": "dim2"}}
# npx's layer functions are the legacy ops under MXNet's names
_NPX_OPS = {"softmax": "softmax", "log_softmax": "log_softmax", "batch_dot": "batch_dot",
            "sequence_mask": "SequenceMask", "activation": "Activation",
            "leaky_relu": "LeakyReLU", "dropout": "Dropout", "batch_flatten": "Flatten",
            "one_hot": "one_hot", "pick": "pick", "gamma": "gamma", "erf": "erf",
            "topk": "topk", "layer_norm": "LayerNorm", "embedding": "Embedding",
            "fully_connected": "FullyConnected", "reshape_like": "reshape_like",
            "batch_norm": "BatchNorm", "convolution": "Convolution", "pooling": "Pooling"}


def _hint(op: str) -> str:
    for prefix in ("_npi_", "_np_", "_npx_"):
        if op.startswith(prefix):
            return op[len(prefix):]
    return op.lower()


def _node(op: str, inputs: list, attrs: dict, hint: str | None = None) -> Symbol:
    return _ops.create(op, inputs, {k: _ops.attr_text(v) for k, v in attrs.items()}, None,
                       hint or _hint(op))


def _check(func: str, value) -> None:
    if not isinstance(value, Symbol):
        raise TypeError(f"sym.np.{func}: expected a Symbol, got {type(value).__name__}")


def _binary(func: str):
    both, right_scalar, left_scalar = _BINARY[func]

    def function(x1, x2, out=None):
        if isinstance(x1, Symbol) and isinstance(x2, Symbol):
            return _node(both, [x1, x2], {})
        symbol, scalar, op = ((x1, x2, right_scalar) if isinstance(x1, Symbol)
                              else (x2, x1, left_scalar))
        _check(func, symbol)
        if not isinstance(scalar, Number):
            raise TypeError(f"sym.np.{func}: give Symbols or a Symbol and a number, not "
                            f"{type(scalar).__name__}")
        attrs = {"scalar": float(scalar)}
        if op.startswith("_npi_"):    # MXNet 1.9.1 marks an int only on the right
            is_int = isinstance(scalar, int) and not isinstance(scalar, bool) \
                and isinstance(x1, Symbol)
            attrs = {"is_int": is_int, "scalar": float(scalar)}
        return _node(op, [symbol], attrs)
    return function


def _unary(func: str, op: str | None = None):
    def function(x, out=None, **kwargs):
        _check(func, x)
        return _node(op or f"_npi_{func}", [x], {}, func)    # named by the function
    return function


def _one_array(func: str):
    op, names, defaults = _ONE_ARRAY[func]
    renamed = _ARGUMENT_NAMES.get(func, {})

    def function(a, *args, **kwargs):
        _check(func, a)
        kwargs = {renamed.get(k, k): v for k, v in kwargs.items() if k != "out"}
        attrs = dict(defaults)
        attrs.update(zip(names, args))
        attrs.update(kwargs)
        return _node(op, [a], {k: v for k, v in attrs.items()      # MXNet writes None
                               if v is not None or k in defaults})  # only for its defaults
    return function


def _listed(func: str, op: str):
    def function(arrays, axis=0, out=None):
        arrays = list(arrays)
        for value in arrays:
            _check(func, value)
        return _node(op, arrays, {"axis": axis, "num_args": len(arrays)})
    return function


def _full_like(func: str, fill=None):
    def function(a, *args, dtype=None, **kwargs):
        _check(func, a)
        value = fill if fill is not None else (args[0] if args else kwargs["fill_value"])
        attrs = {"fill_value": value}
        if dtype is not None:
            attrs["dtype"] = dtype
        return _node("_npi_full_like", [a], attrs)
    return function


def _plain(func: str, op: str, count: int):
    def function(*arrays):
        if len(arrays) != count:
            raise TypeError(f"sym.np.{func} takes {count} Symbols, got {len(arrays)}")
        for value in arrays:
            _check(func, value)
        return _node(op, list(arrays), {})
    return function


def _npx_op(func: str, op: str):
    made = _ops.op_function(func, op)

    def function(*args, **kwargs):
        return made(*args, **kwargs)
    function.__doc__ = made.__doc__
    return function


def _npx_unary(func: str):
    def function(data, **kwargs):
        _check(func, data)
        return _node(f"_npx_{func}", [data], {})
    return function


def _missing(space: str):
    def __getattr__(name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(
            f"sym.{space}.{name}: ndsh's {space} on Symbols has the functions a block's body "
            f"commonly calls, not {name}, so a hybrid_forward calling F.{space}.{name} cannot "
            f"be called on Symbols (exported) in ndsh; it runs on np arrays, hybridized or not.")
    return __getattr__


def _namespace(space: str, functions: dict) -> types.ModuleType:
    module = types.ModuleType(f"ndsh.symbol.{space}", f"mx.sym.{space} (ndsh/symbol/"
                                                     f"np_symbols.py)")
    for name, function in functions.items():
        function.__name__ = function.__qualname__ = name
        function.__module__ = module.__name__
        if not function.__doc__:
            function.__doc__ = f"mx.np.{name} on Symbols: a graph node, as MXNet builds it."
        setattr(module, name, function)
    module.__getattr__ = _missing(space)
    module.__all__ = sorted(functions)
    return module


def _np_functions() -> dict:
    found = {name: _binary(name) for name in _BINARY}
    found.update({name: _unary(name) for name in _UNARY})
    found["abs"] = _unary("abs", "_npi_absolute")
    found.update({name: _one_array(name) for name in _ONE_ARRAY})
    found["concatenate"] = _listed("concatenate", "_npi_concatenate")
    found["stack"] = _listed("stack", "_npi_stack")
    found["zeros_like"] = _full_like("zeros_like", 0)
    found["ones_like"] = _full_like("ones_like", 1)
    found["full_like"] = _full_like("full_like")
    found["dot"] = _plain("dot", "_np_dot", 2)
    found["matmul"] = _plain("matmul", "_npi_matmul", 2)
    found["where"] = _plain("where", "_npi_where", 3)
    return found


def _npx_functions() -> dict:
    found = {name: _npx_op(name, op) for name, op in _NPX_OPS.items()}
    found.update({name: _npx_unary(name) for name in ("relu", "sigmoid")})
    return found


def _reduce_method(func: str, op: str):
    def method(self, axis=None, dtype=None, keepdims=False, **kwargs):
        attrs = {"axis": axis, "keepdims": keepdims}
        if dtype is not None:
            attrs["dtype"] = dtype
        return _node(op, [self], attrs)
    return method


def _reshape_method(self, *shape, order="C", **kwargs):
    newshape = kwargs.get("newshape", shape[0] if len(shape) == 1 else shape)
    return _node("_np_reshape", [self], {"newshape": tuple(newshape) if isinstance(
        newshape, list) else newshape, "order": order})


def _transpose_method(self, *axes):
    axes = axes[0] if len(axes) == 1 else (axes or None)
    return _node("_np_transpose", [self], {"axes": axes})


# np symbols' methods, with the attributes MXNet 1.9.1's methods write (defaults included)
METHODS = {
    "sum": _reduce_method("sum", "_np_sum"), "max": _reduce_method("max", "_np_max"),
    "min": _reduce_method("min", "_np_min"), "prod": _reduce_method("prod", "_np_prod"),
    "mean": _reduce_method("mean", "_npi_mean"),
    "reshape": _reshape_method, "transpose": _transpose_method,
    "squeeze": lambda self, axis=None: _node("_np_squeeze", [self], {"axis": axis}),
    "flatten": lambda self, order="C": _node("_np_reshape", [self],
                                             {"newshape": (-1,), "order": order}),
    "T": lambda self: _node("_np_transpose", [self], {"axes": None}),
}


np = _namespace("np", _np_functions())
npx = _namespace("npx", _npx_functions())
_ops.NP_FUNCTIONS.update((name, getattr(np, name)) for name in np.__all__)
_ops.NP_METHODS.update(METHODS)
