"""`mx.sym` (`mx.symbol`): MXNet 1.9.1's symbolic API as far as Gluon needs it.

`mx.sym.var('data')` makes a variable; every op of ndsh's table that MXNet registers is here
under the same names (`mx.sym.FullyConnected`, `mx.sym.relu`, `mx.sym.flatten`...), building a
graph node instead of computing. A hybridized Gluon block called on a Symbol runs its
hybrid_forward with `F = mx.sym` and returns a Symbol; `export` writes it with the weights as
MXNet's `-symbol.json` and `.params`, which `gluon.SymbolBlock.imports` (ndsh's or MXNet's)
reads back.

Example:
    >>> x = mx.sym.var('data')
    >>> y = mx.sym.FullyConnected(x, num_hidden=2, name='fc'); y
    <Symbol fc>
    >>> y.list_arguments()
    ['data', 'fc_weight', 'fc_bias']
"""
from __future__ import annotations

import difflib
import sys
import types

from ndsh.engine.registry import NAMESPACES
from ndsh.symbol import np_symbols as _np_symbols  # fills ops' np-mode builders
from ndsh.symbol import ops as _ops
from ndsh.symbol.mxnet_ops import OPS as _OPS
from ndsh.symbol.ops import Group, load, load_json, var  # noqa: F401
from ndsh.symbol.symbol import Symbol

Variable = var          # MXNet's other name (left out of __all__: `sym.var` has the page)


def _fill(module: types.ModuleType, namespace: str) -> list[str]:
    names = []
    for name in sorted(NAMESPACES.get(namespace, {})):
        op = _ops.registered(name, namespace)
        if op is not None and not hasattr(module, name):
            setattr(module, name, _ops.op_function(name, op))
            names.append(name)
    return names


def _submodule(name: str, doc: str) -> types.ModuleType:
    module = types.ModuleType(f"{__name__}.{name}", doc)
    module.__all__ = _fill(module, f"nd.{name}")
    sys.modules[module.__name__] = module
    return module


def _scalar_pair(func: str, op: str, scalar_op: str, hint: str, scalar_hint: str):
    def function(left, right):
        if isinstance(left, Symbol) and isinstance(right, Symbol):
            return _ops.create(op, [left, right], {}, None, hint)
        if isinstance(left, Symbol):
            return _ops.create(scalar_op, [left], {"scalar": str(right)}, None, scalar_hint)
        if isinstance(right, Symbol):
            return _ops.create(scalar_op, [right], {"scalar": str(left)}, None, scalar_hint)
        raise TypeError(f"sym.{func}: one of the arguments must be a Symbol, got "
                        f"{type(left).__name__} and {type(right).__name__}")
    function.__name__ = func
    function.__doc__ = (f"Elementwise {func} of two Symbols (`{op}`) or of a Symbol and a "
                        f"number (`{scalar_op}`), as MXNet's sym.{func}.\n\n"
                        f"    Example:\n        >>> sym.{func}(mx.sym.var('a'), 2).eval("
                        f"a=nd.array([1, 3]))[0].shape\n        (2,)\n")
    return function


maximum = _scalar_pair("maximum", "_maximum", "_maximum_scalar", "_maximum", "_maximumscalar")
minimum = _scalar_pair("minimum", "_minimum", "_minimum_scalar", "_minimum", "_minimumscalar")


def power(base, exp):
    """`base ** exp` for Symbols or a Symbol and a number, as MXNet's sym.power.

    Parameters:
        base: a Symbol or a number.
        exp: a Symbol or a number.

    Example:
        >>> mx.sym.power(mx.sym.var('a'), 2).eval(a=nd.array([3]))[0]
        <BLANKLINE>
        [9.]
        <NDArray 1 @cpu(0)>
    """
    if isinstance(base, Symbol):
        return base ** exp
    if isinstance(exp, Symbol):
        return exp.__rpow__(base)
    raise TypeError("sym.power: one of the arguments must be a Symbol")


pow = power  # noqa: A001  (MXNet's name)


def _creator(op: str, doc: str):
    def function(shape=None, dtype=None, **kwargs):
        attrs = {key: _ops.attr_text(value) for key, value in kwargs.items()
                 if key not in ("name", "attr")}
        if shape is not None:
            attrs["shape"] = str(tuple(shape) if not isinstance(shape, int) else (shape,))
        attrs["dtype"] = _ops.attr_text(dtype or "float32")
        return _ops.create(op, [], attrs, kwargs.get("name"), op)
    function.__name__ = op[1:]
    function.__doc__ = doc
    return function


zeros = _creator("_zeros", """A Symbol of zeros of `shape` (MXNet's `_zeros`).

    Example:
        >>> mx.sym.zeros((2,)).eval()[0]
        <BLANKLINE>
        [0. 0.]
        <NDArray 2 @cpu(0)>
    """)
ones = _creator("_ones", """A Symbol of ones of `shape` (MXNet's `_ones`).

    Example:
        >>> mx.sym.ones((2,)).eval()[0]
        <BLANKLINE>
        [1. 1.]
        <NDArray 2 @cpu(0)>
    """)


def full(shape, val, dtype=None, **kwargs):
    """A Symbol of `shape` filled with `val` (MXNet's `_full`).

    Parameters:
        shape: the shape.
        val: the value.
        dtype: the dtype (float32).
        **kwargs: name=, attr=.

    Example:
        >>> mx.sym.full((2,), 7).eval()[0]
        <BLANKLINE>
        [7. 7.]
        <NDArray 2 @cpu(0)>
    """
    attrs = {"shape": str(tuple(shape) if not isinstance(shape, int) else (shape,)),
             "dtype": _ops.attr_text(dtype or "float32"), "value": str(float(val))}
    return _ops.create("_full", [], attrs, kwargs.get("name"), "_full")


def arange(start, stop=None, step=1.0, repeat=1, infer_range=False, name=None, dtype=None):
    """Evenly spaced values in [start, stop) as a Symbol (MXNet's `_arange`).

    Parameters:
        start: the first value.
        stop: the end (not included); None counts from 0 to start.
        step: the spacing.
        repeat: how many times each value repeats.
        infer_range: MXNet's option to infer stop from the output's size.
        name: the node's name.
        dtype: the dtype (float32).

    Example:
        >>> mx.sym.arange(3).eval()[0]
        <BLANKLINE>
        [0. 1. 2.]
        <NDArray 3 @cpu(0)>
    """
    attrs = {"start": str(start), "stop": str(stop), "step": str(step), "repeat": str(repeat),
             "infer_range": str(infer_range), "dtype": _ops.attr_text(dtype or "float32")}
    return _ops.create("_arange", [], attrs, name, "_arange")


def eye(N, M=0, k=0, dtype=None, **kwargs):  # noqa: N803  (MXNet's names)
    """A 2-D Symbol with ones on diagonal `k` (MXNet's `_eye`).

    Parameters:
        N: the number of rows.
        M: the number of columns (0: N).
        k: the diagonal (0 the main one, positive above it).
        dtype: the dtype (float32).
        **kwargs: name=, attr=.

    Example:
        >>> mx.sym.eye(2).eval()[0]
        <BLANKLINE>
        [[1. 0.]
         [0. 1.]]
        <NDArray 2x2 @cpu(0)>
    """
    attrs = {"N": str(N), "M": str(M), "k": str(k), "dtype": _ops.attr_text(dtype or "float32")}
    return _ops.create("_eye", [], attrs, kwargs.get("name"), "_eye")


hypot = _scalar_pair("hypot", "_hypot", "_hypot_scalar", "_hypot", "_hypotscalar")
random = _submodule("random", "Random sampling ops as symbols (`_random_normal`...).")
contrib = _submodule("contrib", "MXNet's contrib ops as symbols (`_contrib_...`).")
linalg = _submodule("linalg", "Linear algebra ops as symbols (`_linalg_gemm2`...).")
_generated = _fill(sys.modules[__name__], "nd")
_ops.bind_methods({op.method for op in NAMESPACES["nd"].values() if op.method}
                  | {"reshape", "flatten", "sum", "mean", "transpose", "expand_dims"})

__all__ = sorted(set(_generated) | {
    "Symbol", "var", "Group", "load", "load_json", "maximum", "minimum", "power",
    "pow", "zeros", "ones", "full", "arange", "eye", "hypot", "random", "contrib", "linalg"})


def __getattr__(name: str):
    """`sym.NAME` for a name that is not here: say whether ndsh has it as an nd op."""
    if name.startswith("__"):
        raise AttributeError(name)
    if name in NAMESPACES.get("nd", {}):
        raise AttributeError(f"sym.{name}: nd.{name} has no symbolic form: MXNet 1.9.1 "
                             f"registers no op of that name (it is a Python function of nd), "
                             f"so graphs cannot hold it; use the op it calls.")
    if name in _OPS:
        raise AttributeError(f"sym.{name}: MXNet's op '{name}' is not in ndsh, so ndsh's "
                             f"graphs cannot hold it.")
    if name in ("np", "npx", "numpy", "numpy_extension"):     # F.np / F.npx on Symbols
        return _np_symbols.np if name in ("np", "numpy") else _np_symbols.npx
    close = difflib.get_close_matches(name, __all__, n=3, cutoff=0.6)
    hint = f" Did you mean: {', '.join('sym.' + c for c in close)}?" if close else ""
    raise AttributeError(f"module 'mxnet.symbol' has no attribute {name!r}.{hint}")
