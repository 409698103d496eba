"""Running a graph: each node is the nd op of its name, called on its inputs' values with its
attributes read back from MXNet's strings ("(3, 3)" -> (3, 3), "True" -> True, "relu").

Also the shapes ndsh's layers ask for while a graph is built (a Symbol's `shape`): the graph
run on zeros for the shapes known, which are a variable's own `__shape__` or the hints a
hybridized block gives (the inputs of its last call), and `infer_shape`, which first works out
the learned parameters' shapes of the layer ops from their inputs.
"""
from __future__ import annotations

import ast
import contextlib
import inspect
import threading

import numpy as np

from ndsh.engine import NDArray, autograd, nd
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.engine.registry import NAMESPACES, public_callable
from ndsh.symbol.mxnet_ops import ALIASES
from ndsh.symbol.node import Node, topological
from ndsh.symbol.np_ops import is_np_op, run_np_op

DTYPES = {0: "float32", 1: "float64", 2: "float16", 3: "uint8", 4: "int32", 5: "int8",
          6: "int64", 7: "bool", 8: "int16", 9: "uint16", 10: "uint32", 11: "uint64"}
# MXNet attributes that change nothing in ndsh's ops (performance hints, bookkeeping)
_IGNORED = frozenset({"num_args", "workspace", "cudnn_tune", "cudnn_off", "is_int",
                      "ctx", "num_outputs_hint"})
_SCALAR = {
    "_plus_scalar": lambda x, s: x + s, "_minus_scalar": lambda x, s: x - s,
    "_rminus_scalar": lambda x, s: s - x, "_mul_scalar": lambda x, s: x * s,
    "_div_scalar": lambda x, s: x / s, "_rdiv_scalar": lambda x, s: s / x,
    "_mod_scalar": lambda x, s: x % s, "_rmod_scalar": lambda x, s: s % x,
    "_power_scalar": lambda x, s: x ** s, "_rpower_scalar": lambda x, s: s ** x,
    "_maximum_scalar": lambda x, s: nd.maximum(x, s),
    "_minimum_scalar": lambda x, s: nd.minimum(x, s),
    "_equal_scalar": lambda x, s: x == s, "_not_equal_scalar": lambda x, s: x != s,
    "_greater_scalar": lambda x, s: x > s, "_greater_equal_scalar": lambda x, s: x >= s,
    "_lesser_scalar": lambda x, s: x < s, "_lesser_equal_scalar": lambda x, s: x <= s,
    "_hypot_scalar": lambda x, s: nd.hypot(x, nd.full(x.shape, s, dtype=x.dtype)),
}
_CREATORS = {"_zeros": "zeros", "_ones": "ones", "_full": "full", "_arange": "arange",
             "_eye": "eye"}
_NAMESPACE_PREFIXES = (("_contrib_", "nd.contrib"), ("_random_", "nd.random"),
                       ("_sample_", "nd.random"), ("_linalg_", "nd.linalg"))


def parse_attr(text: str):
    """An attribute's value from MXNet's string: numbers, tuples, lists, True / False / None
    as Python reads them; anything else (`relu`, `NCHW`, `float32`) stays a string.

    Example:
        >>> from ndsh.symbol.evaluate import parse_attr
        >>> parse_attr('(3, 3)'), parse_attr('True'), parse_attr('1e-05'), parse_attr('relu')
        ((3, 3), True, 1e-05, 'relu')
    """
    if text in ("true", "false"):
        return text == "true"
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text


def _ndsh_function(op: str):
    """(the op record, the nd callable) that runs MXNet's `op`, or None. The callable is the
    one of that name: `elemwise_add` refuses to broadcast, as in MXNet."""
    names = [op] + [alias for alias, real in ALIASES.items() if real == op]
    for name in names:
        for namespace in ("nd", "_internal"):
            if name in NAMESPACES.get(namespace, {}):
                return NAMESPACES[namespace][name], public_callable(namespace, name)
        for prefix, namespace in _NAMESPACE_PREFIXES:
            short = name[len(prefix):]
            if name.startswith(prefix) and short in NAMESPACES.get(namespace, {}):
                return NAMESPACES[namespace][short], public_callable(namespace, short)
    return None


_ACCEPTS: dict = {}


def _accepted(record) -> tuple[frozenset, bool]:
    """(the keyword names the op's forward takes, whether it takes any **kwargs)."""
    found = _ACCEPTS.get(record.qualname)
    if found is None:
        params = inspect.signature(record.fn).parameters.values()
        found = (frozenset(p.name for p in params),
                 any(p.kind is p.VAR_KEYWORD for p in params))
        _ACCEPTS[record.qualname] = found
    return found


def apply(node: Node, values: list) -> list:
    """Run one node on its input values; its outputs as a list."""
    attrs = {key: parse_attr(value) for key, value in node.attrs.items()
             if not key.startswith("__")}
    if node.op in _SCALAR:
        result = _SCALAR[node.op](values[0], attrs["scalar"])
    elif is_np_op(node.op):            # MXNet's numpy interface: mx.np's functions
        result = run_np_op(node, values, attrs)
    elif node.op in _CREATORS:
        attrs.pop("ctx", None)
        result = getattr(nd, _CREATORS[node.op])(**attrs)
    else:
        found = _ndsh_function(node.op)
        if found is None:
            raise MXNetError(f"Cannot run node '{node.name}': ndsh has no op for MXNet's "
                             f"'{node.op}', so graphs that use it cannot run in ndsh.")
        record, function = found
        names, any_keyword = _accepted(record)
        for key in list(attrs):
            if key not in names and not any_keyword:
                if key in _IGNORED:
                    del attrs[key]
                else:
                    raise MXNetError(f"Cannot run node '{node.name}' ({node.op}): ndsh's "
                                     f"{record.name} has no argument '{key}' (the node's "
                                     f"attributes: {node.attrs}).")
        result = function(*values, **attrs)
    if isinstance(result, (list, tuple)):
        return list(result)
    return [result]


def evaluate(outputs: list, supply, cache: dict | None = None) -> list:
    """The values of `outputs` ((node, index) pairs); `supply(node)` gives each variable's.
    `cache` (node id -> (node, values)) keeps values between calls; holding the node keeps
    its id from being reused by a new node while the cache lives."""
    cache = {} if cache is None else cache
    for node in topological(n for n, _ in outputs):
        if id(node) in cache:
            continue
        if node.is_variable:
            cache[id(node)] = (node, [supply(node)])
            continue
        inputs = [cache[id(child)][1][index] for child, index, _ in node.inputs]
        cache[id(node)] = (node, apply(node, inputs))
    return [cache[id(node)][1][index] for node, index in outputs]


def run(outputs: list, arrays: dict) -> list:
    """Run a graph with NDArrays given by variable name (Symbol.eval)."""
    def supply(node: Node):
        if node.name not in arrays:
            raise MXNetError(f"Cannot run the graph: variable '{node.name}' has no value; "
                             f"give it as {node.name}=NDArray (given: "
                             f"{', '.join(sorted(arrays)) or 'nothing'}).")
        value = arrays[node.name]
        return value if isinstance(value, NDArray) else nd.array(value)
    return evaluate(outputs, supply)


# -- shapes while building ------------------------------------------------------------------------
_STATE = threading.local()


@contextlib.contextmanager
def shape_hints(hints: dict):
    """While inside, variables (by node id) have these (shape, dtype) hints, and the values
    computed for shapes are kept (one graph build: a hybridized block's call on Symbols)."""
    saved = getattr(_STATE, "context", None)
    _STATE.context = (dict(hints), {})
    try:
        yield
    finally:
        _STATE.context = saved


def declared(node: Node):
    """(shape, dtype) a variable declares through its attributes, or None if unknown."""
    text = node.attrs.get("__shape__")
    shape = parse_attr(text) if text is not None else None
    if not isinstance(shape, tuple) or any(d == 0 for d in shape):
        return None
    dtype = DTYPES.get(int(node.attrs.get("__dtype__", "0")), "float32")
    return shape, dtype


def known_value(symbol) -> NDArray:
    """A value of the right shape and dtype for this single output, computed on zeros."""
    if len(symbol) != 1:
        raise MXNetError(f"{symbol!r} has {len(symbol)} outputs: ask each for its shape.")
    hints, cache = getattr(_STATE, "context", None) or ({}, {})

    def supply(node: Node):
        found = hints.get(id(node)) or declared(node)
        if found is None:
            raise MXNetError(
                f"The shape of Symbol '{node.name}' is not known, and ndsh's layers read "
                f"their input's shape while a graph is built. Give it, as in "
                f"mx.sym.var('{node.name}', shape=(1, 512)), or call the hybridized network "
                f"on an NDArray once first (its input shapes are then used).")
        return nd.zeros(found[0], dtype=found[1])
    with autograd.pause(), np.errstate(all="ignore"):
        return evaluate(symbol._outputs, supply, cache)[0]


# -- infer_shape ----------------------------------------------------------------------------------
def _param_shapes(node: Node, data_shape: tuple) -> dict:
    """The shapes of a layer op's learned inputs, by position, from its data input's shape."""
    a = {key: parse_attr(value) for key, value in node.attrs.items()}
    if node.op == "FullyConnected":
        features = int(np.prod(data_shape[1:])) if a.get("flatten", True) else data_shape[-1]
        return {1: (a["num_hidden"], features), 2: (a["num_hidden"],)}
    if node.op in ("Convolution", "Deconvolution"):
        kernel, groups = tuple(a["kernel"]), a.get("num_group", 1)
        layout = a.get("layout") or "NCHW"[:len(kernel) + 2]
        channels = data_shape[layout.index("C")]
        if node.op == "Convolution":
            outer = (a["num_filter"], channels // groups)
        else:
            outer = (channels, a["num_filter"] // groups)
        weight = outer + kernel if layout.index("C") == 1 else (outer[0],) + kernel + outer[1:]
        return {1: weight, 2: (a["num_filter"],)}
    if node.op in ("BatchNorm", "InstanceNorm", "LayerNorm"):
        axis = a.get("axis", 1 if node.op != "LayerNorm" else -1)
        return {i: (data_shape[axis],) for i in range(1, 5)}
    if node.op == "Embedding":
        return {1: (a["input_dim"], a["output_dim"])}
    if node.op == "LeakyReLU" and a.get("act_type") == "prelu":
        return {1: (data_shape[1] if len(data_shape) > 1 else 1,)}
    return {}


def infer_shapes(symbol, args: tuple, kwargs: dict):
    """Symbol.infer_shape: (arg_shapes, out_shapes, aux_shapes), or three Nones when some
    shape cannot be worked out from those given."""
    arg_names = symbol.list_arguments()
    given = dict(zip(arg_names, args))
    given.update(kwargs)
    given = {key: tuple(value) for key, value in given.items() if value is not None}
    shapes, cache = {}, {}
    order = topological(n for n, _ in symbol._outputs)
    for node in order:
        if node.is_variable:
            found = given.get(node.name) or (declared(node) or (None,))[0]
            if found is not None:
                shapes[id(node)] = found
            continue
        if not node.inputs or id(node.inputs[0][0]) not in shapes:
            continue
        data_value = known_value_with(node.inputs[0][:2], shapes, cache)
        if data_value is None:
            continue
        for position, shape in _param_shapes(node, data_value.shape).items():
            if position < len(node.inputs):
                child = node.inputs[position][0]
                if child.is_variable and id(child) not in shapes:
                    shapes[id(child)] = tuple(int(d) for d in shape)
    variables = [n for n in order if n.is_variable]
    if any(id(n) not in shapes for n in variables):
        return None, None, None
    outputs = [known_value_with(output, shapes, cache).shape for output in symbol._outputs]
    by_name = {n.name: shapes[id(n)] for n in variables}
    aux = symbol.list_auxiliary_states()
    return ([by_name[name] for name in arg_names], outputs, [by_name[name] for name in aux])


def known_value_with(output, shapes: dict, cache: dict):
    """The value of one (node, index) output on zeros for the variable shapes given by node
    id (values kept in `cache`), or None when an input's shape is missing."""
    needed = [n for n in topological([output[0]]) if n.is_variable]
    if any(id(n) not in shapes for n in needed):
        return None

    def supply(node: Node):
        dtype = DTYPES.get(int(node.attrs.get("__dtype__", "0")), "float32")
        return nd.zeros(shapes[id(node)], dtype=dtype)
    with autograd.pause(), np.errstate(all="ignore"):
        return evaluate([output], supply, cache)[0]
