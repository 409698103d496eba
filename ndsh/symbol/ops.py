"""Building Symbols: `mx.sym.<op>` for every op of ndsh's table that MXNet 1.9.1 registers (its
names and aliases, its inputs in MXNet's order, attributes as MXNet's strings), Symbol's
operators (`+` is elemwise_add, `x + 1` is _plus_scalar...) and op methods, and `var`.

Names come from the name manager in force (`mx.name`, a Gluon block's prefix while it builds),
so nodes are named as MXNet names them (`dense0_fwd`, `_plus0`, `relu1`).
"""
from __future__ import annotations

import inspect
from numbers import Number

import numpy as np

from ndsh.engine.mxnet_errors import MXNetError
from ndsh.symbol.jsonio import from_json, np_shape_on
from ndsh.symbol.mxnet_ops import ALIASES, OPS
from ndsh.symbol.node import AUX_INPUTS, Node
from ndsh.symbol.symbol import Symbol

# MXNet's dtype and storage-type numbers, as variables' __dtype__ / __storage_type__ hold them
DTYPE_IDS = {"float32": 0, "float64": 1, "float16": 2, "uint8": 3, "int32": 4, "int8": 5,
             "int64": 6, "bool": 7, "int16": 8, "uint16": 9, "uint32": 10, "uint64": 11}
STORAGE_IDS = {"default": 0, "row_sparse": 1, "csr": 2}
# where ndsh's namespaces sit in MXNet's op names
PREFIXES = {"nd": ("",), "nd.contrib": ("_contrib_", ""), "nd.random": ("_random_", "_sample_"),
            "nd.linalg": ("_linalg_",)}


def registered(name: str, namespace: str = "nd") -> str | None:
    """The op MXNet registers for `name` of an ndsh namespace (`flatten` -> `Flatten`), or
    None when MXNet has no such op."""
    for prefix in PREFIXES.get(namespace, ("",)):
        full = prefix + name
        real = ALIASES.get(full, full)
        if real in OPS:
            return real
    return None


def attr_text(value) -> str:
    """An attribute as MXNet's Python front end writes it: str() of the value."""
    if isinstance(value, type) or isinstance(value, np.dtype):
        return np.dtype(value).name
    return str(value)


def _name(name: str | None, hint: str) -> str:
    from ndsh.gluon import name as names  # mx.name: the manager Gluon's blocks share
    return names.current().get(name, hint)


def _optional_missing(op: str, input_name: str, attrs: dict) -> bool:
    """Whether an input MXNet's op leaves out of its arguments for these attributes."""
    if input_name == "bias":
        return attrs.get("no_bias", "False") in ("True", "1", "true")
    if op == "LeakyReLU" and input_name == "gamma":
        return attrs.get("act_type", "leaky") != "prelu"
    if input_name == "length":                       # softmax, log_softmax, masked ops
        return attrs.get("use_length", "False") not in ("True", "1", "true")
    if input_name == "sequence_length":
        return attrs.get("use_sequence_length", "False") not in ("True", "1", "true")
    if op == "RNN" and input_name == "state_cell":
        return attrs.get("mode") != "lstm"
    return False


def create(op: str, inputs: list, attrs: dict, name: str | None, hint: str,
           input_names: tuple = ()) -> Symbol:
    """A Symbol for `op` applied to `inputs` (Symbols, or None for an input to create as a
    variable named `<name>_<input>`), with `attrs` already MXNet's strings."""
    name = _name(name, hint)
    entries = []
    aux = AUX_INPUTS.get(op, ())
    for position, value in enumerate(inputs):
        if value is None:
            input_name = input_names[position] if position < len(input_names) else "arg"
            if _optional_missing(op, input_name, attrs):
                continue
            made = dict(attrs)
            if position in aux:         # MXNet's initial values of the moving statistics
                made["__init__"] = '["zero", {}]' if "mean" in input_name else '["one", {}]'
            value = Symbol([(Node("null", f"{name}_{input_name}", made, []), 0)])
        if len(value) != 1:
            raise MXNetError(f"{op} '{name}': input {position} is a group of {len(value)} "
                             f"outputs ({value!r}); each input must be one output.")
        node, index = value._outputs[0]
        entries.append((node, index, 1 if position in aux and node.is_variable else 0))
    node = Node(op, name, attrs, entries)
    return Symbol([(node, i) for i in range(node.visible_outputs())])


def call(op: str, func_name: str, args: tuple, kwargs: dict) -> Symbol:
    """Build `op` the way MXNet's generated `mx.sym.<func_name>` does: Symbols positionally or
    by input name, the other arguments by name (or position, in MXNet's order)."""
    inputs_spec, variadic, counter, attr_names = OPS[op]
    kwargs = dict(kwargs)
    name = kwargs.pop("name", None)
    extra = kwargs.pop("attr", None) or {}
    kwargs.pop("out", None)
    hint = func_name.lower()
    if variadic:
        inputs = []
        for arg in args:
            if isinstance(arg, (list, tuple)):
                inputs.extend(arg)
            else:
                inputs.append(arg)
        for arg in inputs:
            if not isinstance(arg, Symbol):
                raise TypeError(f"sym.{func_name}: positional arguments must be Symbol "
                                f"instances, but got {arg!r:.80}")
        attrs = {key: attr_text(value) for key, value in kwargs.items()}
        if counter and counter not in attrs:
            attrs[counter] = str(len(inputs))
        attrs.update({key: str(value) for key, value in extra.items()})
        return create(op, inputs, attrs, name, hint)
    slots = list(inputs_spec) + [a for a in attr_names if a not in inputs_spec]
    if len(args) > len(slots):
        raise TypeError(f"sym.{func_name} takes at most {len(slots)} positional arguments "
                        f"({', '.join(slots)}), but {len(args)} were given.")
    bound = dict(zip(slots, args))
    for key, value in kwargs.items():
        if key in bound:
            raise TypeError(f"sym.{func_name} got multiple values for argument '{key}'")
        bound[key] = value
    inputs = [bound.pop(key, None) for key in inputs_spec]
    for key, value in zip(inputs_spec, inputs):
        if value is not None and not isinstance(value, Symbol):
            raise TypeError(f"sym.{func_name}: argument {key} must be a Symbol, but got "
                            f"{type(value).__name__} ({value!r:.80}).")
    attrs = {}
    for key, value in bound.items():
        if isinstance(value, Symbol):
            raise TypeError(f"sym.{func_name} has no input named '{key}': its inputs are "
                            f"{', '.join(inputs_spec) or 'none'}.")
        if value is not None or key in attr_names:
            attrs[key] = attr_text(value)
    attrs.update({key: str(value) for key, value in extra.items()})
    while inputs and inputs[-1] is None and _all_optional(op, inputs_spec, len(inputs), attrs):
        inputs.pop()
    return create(op, inputs, attrs, name, hint, tuple(inputs_spec))


def _all_optional(op: str, spec: tuple, count: int, attrs: dict) -> bool:
    return _optional_missing(op, spec[count - 1], attrs)


def op_function(func_name: str, op: str):
    """`mx.sym.<func_name>`: a function building `op` nodes, with MXNet's signature."""
    def function(*args, **kwargs):
        return call(op, func_name, args, kwargs)
    function.__name__ = function.__qualname__ = func_name
    inputs, variadic, _, attr_names = OPS[op]
    kind, keyword = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY
    if variadic:
        params = [inspect.Parameter(variadic, inspect.Parameter.VAR_POSITIONAL)]
        kind = keyword
    else:
        params = [inspect.Parameter(name, kind, default=None) for name in inputs]
    params += [inspect.Parameter(a, kind, default=None) for a in attr_names if a not in inputs]
    params += [inspect.Parameter("name", keyword, default=None),
               inspect.Parameter("attr", keyword, default=None)]
    function.__signature__ = inspect.Signature(params)
    rows = [f"        {variadic}: the input Symbols." if variadic else ""]
    rows += [f"        {name}: an input Symbol (None: a variable `<name>_{name}` is made)."
             for name in ([] if variadic else inputs)]
    rows += [f"        {a}: an attribute of the node (kept as MXNet's string)."
             for a in attr_names if a not in inputs]
    rows += ["        name: the node's name (default: from the name manager).",
             "        attr: more attributes, as strings."]
    example = (f"mx.sym.{func_name}(mx.sym.var('x'), name='n').list_outputs()"
               if (inputs or variadic) and not attr_names else f"mx.sym.{func_name}.__name__")
    result = "['n_output']" if example.endswith("list_outputs()") else repr(func_name)
    function.__doc__ = (
        f"Build an MXNet `{op}` node over Symbols: the graph form of nd.{func_name} "
        f"(`ndsh doc nd.{func_name}` says what it computes).\n\n    Parameters:\n"
        + "\n".join(row for row in rows if row) +
        f"\n\n    Example:\n        >>> {example}\n        {result}\n")
    return function


# -- Symbol's operators, as MXNet's symbol.py defines them ---------------------------------------
# the operators on np symbols (np shape mode): mx.sym.np's functions (np_symbols.py)
_NP_OPERATORS = {"__add__": "add", "__sub__": "subtract", "__mul__": "multiply",
                 "__truediv__": "true_divide", "__mod__": "mod", "__pow__": "power",
                 "__eq__": "equal", "__ne__": "not_equal", "__gt__": "greater",
                 "__ge__": "greater_equal", "__lt__": "less", "__le__": "less_equal",
                 "__radd__": "add", "__rmul__": "multiply", "__rsub__": "subtract",
                 "__rtruediv__": "true_divide", "__rmod__": "mod", "__rpow__": "power"}


# mx.sym.np's functions and np symbols' methods, filled by np_symbols.py (which imports this
# module; ndsh.symbol loads it)
NP_FUNCTIONS: dict = {}
NP_METHODS: dict = {}


def _np_operator(dunder: str, self, other):
    function = NP_FUNCTIONS[_NP_OPERATORS[dunder]]
    return function(other, self) if dunder in _REFLECTED else function(self, other)


def _binary(op: str, hint: str, scalar_op: str, scalar_hint: str, dunder: str = ""):
    def method(self, other):
        if dunder and np_shape_on():
            return _np_operator(dunder, self, other)
        if isinstance(other, Symbol):
            return create(op, [self, other], {}, None, hint)
        if isinstance(other, Number):
            return create(scalar_op, [self], {"scalar": str(other)}, None, scalar_hint)
        raise TypeError(f"type {type(other)} not supported")
    return method


def _reflected(scalar_op: str, scalar_hint: str, dunder: str = ""):
    def method(self, other):
        if dunder and np_shape_on() and isinstance(other, Number):
            return _np_operator(dunder, self, other)
        if isinstance(other, Number):
            return create(scalar_op, [self], {"scalar": str(other)}, None, scalar_hint)
        raise TypeError(f"type {type(other)} not supported")
    return method


_OPERATORS = {
    "__add__": ("elemwise_add", "_plus", "_plus_scalar", "_plusscalar"),
    "__sub__": ("elemwise_sub", "_minus", "_minus_scalar", "_minusscalar"),
    "__mul__": ("elemwise_mul", "_mul", "_mul_scalar", "_mulscalar"),
    "__truediv__": ("elemwise_div", "_div", "_div_scalar", "_divscalar"),
    "__mod__": ("_mod", "_mod", "_mod_scalar", "_modscalar"),
    "__pow__": ("_power", "_power", "_power_scalar", "_powerscalar"),
    "__eq__": ("_equal", "_equal", "_equal_scalar", "_equal_scalar"),
    "__ne__": ("_not_equal", "_not_equal", "_not_equal_scalar", "_not_equal_scalar"),
    "__gt__": ("_greater", "_greater", "_greater_scalar", "_greater_scalar"),
    "__ge__": ("_greater_equal", "_greater_equal", "_greater_equal_scalar",
               "_greater_equal_scalar"),
    "__lt__": ("_lesser", "_lesser", "_lesser_scalar", "_lesser_scalar"),
    "__le__": ("_lesser_equal", "_lesser_equal", "_lesser_equal_scalar",
               "_lesser_equal_scalar"),
}
_REFLECTED = {"__radd__": ("_plus_scalar", "_plusscalar"), "__rmul__": ("_mul_scalar",
                                                                       "_mulscalar"),
              "__rsub__": ("_rminus_scalar", "_rminusscalar"),
              "__rtruediv__": ("_rdiv_scalar", "_rdivscalar"),
              "__rmod__": ("_rmod_scalar", "_rmodscalar"),
              "__rpow__": ("_rpower_scalar", "_rpower_scalar")}


def _in_place(name: str):
    def method(self, other):
        raise NotImplementedError(f"Symbols cannot be changed in place ({name}): write "
                                  f"`a = a {name[:-1]} b` instead of `a {name} b`.")
    return method


def _method(func_name: str, op: str):
    def method(self, *args, **kwargs):
        if np_shape_on() and func_name in NP_METHODS:   # an np symbol's method
            return NP_METHODS[func_name](self, *args, **kwargs)
        return call(op, func_name, (self,) + args, kwargs)
    method.__name__ = func_name
    method.__doc__ = f"`sym.{func_name}(self, ...)`: an MXNet `{op}` node over this Symbol."
    return method


def bind_methods(method_names) -> None:
    """Give Symbol its operators and the op methods MXNet's Symbol has (`x.reshape(...)`)."""
    for dunder, (op, hint, scalar_op, scalar_hint) in _OPERATORS.items():
        setattr(Symbol, dunder, _binary(op, hint, scalar_op, scalar_hint, dunder))
    for dunder, (scalar_op, scalar_hint) in _REFLECTED.items():
        setattr(Symbol, dunder, _reflected(scalar_op, scalar_hint, dunder))
    Symbol.__hash__ = object.__hash__
    Symbol.__neg__ = lambda self: self.__mul__(-1.0)
    Symbol.__abs__ = lambda self: self.abs()
    for name, spelling in (("__iadd__", "+="), ("__isub__", "-="), ("__imul__", "*="),
                           ("__itruediv__", "/=")):
        setattr(Symbol, name, _in_place(spelling))
    for name in method_names:
        op = registered(name)
        if op is not None and not hasattr(Symbol, name):
            setattr(Symbol, name, _method(name, op))
    Symbol.astype = lambda self, dtype: call("Cast", "cast", (self,), {"dtype": dtype})
    Symbol.T = property(lambda self: NP_METHODS["T"](self),
                        doc="The transpose, as an np symbol's `.T` (an `_np_transpose` node).")


def var(name: str, attr: dict | None = None, shape=None, lr_mult=None, wd_mult=None,
        dtype=None, init=None, stype=None, **kwargs) -> Symbol:
    """A variable: a named input of a graph (data, or a learned parameter).

    Parameters:
        name: its name.
        attr: more attributes, as strings.
        shape: its shape (stored as `__shape__`; 0 means not known).
        lr_mult: the learning-rate multiplier.
        wd_mult: the weight-decay multiplier.
        dtype: its dtype.
        init: its initializer (an Initializer or its name).
        stype: its storage type ('default').
        **kwargs: more attributes, stored as `__name__`.

    Example:
        >>> x = mx.sym.var('data', shape=(1, 512)); x
        <Symbol data>
        >>> x.attr('__shape__')
        '(1, 512)'
    """
    if not isinstance(name, str):
        raise TypeError("Expect a string for variable `name`")
    attrs = {key: str(value) for key, value in (attr or {}).items()}
    if shape is not None:
        attrs["__shape__"] = str(tuple(shape))
    if lr_mult is not None:
        attrs["__lr_mult__"] = str(lr_mult)
    if wd_mult is not None:
        attrs["__wd_mult__"] = str(wd_mult)
    if dtype is not None:
        attrs["__dtype__"] = str(DTYPE_IDS[np.dtype(dtype).name])
    if init is not None:
        attrs["__init__"] = init if isinstance(init, str) else init.dumps()
    if stype is not None:
        attrs["__storage_type__"] = str(STORAGE_IDS[stype])
    for key, value in kwargs.items():
        if key.startswith("__") and key.endswith("__"):
            attrs[key] = str(value)
        else:
            raise ValueError(f"Attribute name={key} is not supported. Additional attributes "
                             f"must start and end with double underscores, e.g, __yourattr__")
    return Symbol([(Node("null", name, attrs, []), 0)])


def Group(symbols, create_fn=Symbol) -> Symbol:  # noqa: N802  (MXNet's name)
    """One Symbol with the outputs of several (a network with more than one output).

    Parameters:
        symbols: a list of Symbols.
        create_fn: the class to make (Symbol).

    Example:
        >>> mx.sym.Group([mx.sym.var('a'), mx.sym.var('b')])
        <Symbol group [a, b]>
    """
    if not symbols or any(not isinstance(s, Symbol) for s in symbols):
        raise TypeError("Expected a list of symbols as input")
    return Symbol([output for s in symbols for output in s._outputs])


def load(fname: str):
    """Read the graph saved in `fname` (Symbol.save, HybridBlock.export or MXNet wrote it).

    Parameters:
        fname: the `-symbol.json` file.

    Example:
        >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'x-symbol.json')
        >>> mx.sym.relu(mx.sym.var('x'), name='r').save(path); mx.sym.load(path).list_outputs()
        ['r_output']
    """
    with open(fname, encoding="utf-8") as f:
        text = f.read()
    return Symbol(from_json(text, source=f"'{fname}'"))


def load_json(json_str: str):
    """The Symbol a JSON text (tojson()'s) describes.

    Parameters:
        json_str: MXNet's graph JSON.

    Example:
        >>> mx.sym.load_json(mx.sym.relu(mx.sym.var('x'), name='r').tojson())
        <Symbol r>
    """
    return Symbol(from_json(json_str))
